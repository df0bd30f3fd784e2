//! SDK failures, first reduced to what the CLI needs to know (the SDK's error
//! types differ per operation), then turned into the CLI's error kinds with
//! the AWS CLI's wording.

use super::recorder::Record;
use crate::error::CliError;
use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_codepipeline::error::ProvideErrorMetadata;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use std::error::Error;

pub const NO_CREDENTIALS: &str =
    "Unable to locate credentials. You can configure credentials by running \"aws configure\".";

#[derive(Debug)]
pub enum Failure {
    /// An AWS error response with its code.
    Service {
        code: String,
        message: String,
    },
    /// A response that could not be parsed.
    Unparsable {
        status: u16,
        request_id: Option<String>,
        detail: String,
    },
    /// The request could not be built from the input (nothing was sent).
    Invalid(String),
    NoCredentials,
    /// STS refused to let us assume the profile's role.
    RoleRefused {
        code: String,
        message: String,
    },
    /// A credential provider that was configured failed, for this reason.
    Credentials(String),
    Connect,
    /// TLS could not be set up for the endpoint (an unreadable CA bundle).
    Tls(String),
    /// The endpoint's scheme is neither http nor https: nothing was sent.
    UnsupportedScheme(String),
    Timeout(String),
    Other(String),
}

impl Failure {
    pub fn from_sdk<E>(err: SdkError<E, HttpResponse>) -> Failure
    where
        E: ProvideErrorMetadata + Error + 'static,
    {
        if let Some(refused) = sources(&err).find_map(|e| e.downcast_ref::<super::transport::UnsupportedScheme>()) {
            return Failure::UnsupportedScheme(refused.0.clone());
        }
        match &err {
            SdkError::ServiceError(service) => {
                let e = service.err();
                match e.code() {
                    Some(code) => Failure::Service {
                        code: code.to_string(),
                        message: e.message().unwrap_or("Unknown").to_string(),
                    },
                    None => generic(service.raw()),
                }
            }
            SdkError::ResponseError(_) if sources(&err).any(|e| e.is::<super::transport::BodyTimeout>()) => {
                Failure::Timeout(chain(&err))
            }
            SdkError::ResponseError(response) if !response.raw().status().is_success() => generic(response.raw()),
            SdkError::ResponseError(response) => Failure::Unparsable {
                status: response.raw().status().as_u16(),
                request_id: request_id(response.raw()),
                detail: chain(&err),
            },
            SdkError::TimeoutError(_) => Failure::Timeout(chain(&err)),
            SdkError::DispatchFailure(dispatch) if dispatch.is_timeout() => Failure::Timeout(chain(&err)),
            SdkError::DispatchFailure(dispatch) if dispatch.is_io() => Failure::Connect,
            _ => {
                if let Some(tls) = sources(&err).find(|e| e.is::<super::transport::TlsSetup>()) {
                    return Failure::Tls(tls.to_string());
                }
                if let Some(refused) = sources(&err).find_map(|e| e.downcast_ref::<super::role::AssumeRoleError>()) {
                    return Failure::RoleRefused { code: refused.code.clone(), message: refused.message.clone() };
                }
                match sources(&err).find_map(|e| e.downcast_ref::<CredentialsError>()) {
                    Some(CredentialsError::CredentialsNotLoaded(_)) => Failure::NoCredentials,
                    Some(failed) => Failure::Credentials(credentials_reason(failed)),
                    None => Failure::Other(chain(&err)),
                }
            }
        }
    }

    pub fn into_cli_error(self, operation: &str, record: &Record, max_attempts: u32) -> CliError {
        let url = record.url.clone().unwrap_or_else(|| "(unknown)".into());
        let id = |request_id: Option<String>| request_id.map(|id| format!(", request id {id}")).unwrap_or_default();
        match self {
            Failure::Service { code, message } => CliError::Service {
                operation: operation.to_string(),
                code,
                message,
                // botocore marks any response at the last allowed attempt, so
                // with one attempt allowed every error says "max retries: 0".
                retries: (record.attempts >= max_attempts).then(|| record.attempts.saturating_sub(1)),
            },
            Failure::Unparsable { status, request_id, detail } => CliError::Other(format!(
                "Unable to parse the response to the {operation} operation (HTTP status {status}{}): {detail}",
                id(request_id)
            )),
            Failure::Invalid(detail) => CliError::ParamValidation(vec![detail]),
            Failure::NoCredentials => CliError::Config(NO_CREDENTIALS.to_string()),
            Failure::Credentials(reason) => CliError::Other(reason),
            Failure::RoleRefused { code, message } => {
                CliError::Service { operation: "AssumeRole".into(), code, message, retries: None }
            }
            // The AWS CLI's words, without the HTTP stack's own (`--debug` has those).
            Failure::Connect => CliError::Other(format!("Could not connect to the endpoint URL: \"{url}\"")),
            Failure::Tls(reason) => CliError::Other(format!("SSL validation failed for {url} {reason}")),
            // botocore wraps urllib3's URLSchemeUnknown in HTTPClientError.
            Failure::UnsupportedScheme(scheme) => CliError::Other(format!(
                "An HTTP Client raised an unhandled exception: {}",
                super::transport::UnsupportedScheme(scheme)
            )),
            Failure::Timeout(detail) if detail.contains("HTTP connect timeout") => {
                CliError::Other(format!("Connect timeout on endpoint URL: \"{url}\""))
            }
            Failure::Timeout(_) => CliError::Other(format!("Read timeout on endpoint URL: \"{url}\"")),
            Failure::Other(detail) => CliError::Other(detail),
        }
    }
}

/// An HTTP error without an AWS error code (an empty 500, a proxy's HTML
/// page, a redirect), named as botocore names it: the status code, with the
/// status's reason for a server error whose body is empty or an HTML page,
/// else the body's `message` if it has one.
fn generic(raw: &HttpResponse) -> Failure {
    let status = raw.status().as_u16();
    let body = raw.body().bytes().unwrap_or_default().trim_ascii();
    let message = if status >= 500 && (body.is_empty() || body.starts_with(b"<html>")) {
        reason(status).to_string()
    } else {
        // A body that is not JSON is the message itself, as botocore reads it.
        match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(json) => {
                json.get("message").or_else(|| json.get("Message")).map(crate::python::py_str).unwrap_or_default()
            }
            Err(_) => String::from_utf8_lossy(body).into_owned(),
        }
    };
    Failure::Service { code: status.to_string(), message }
}

/// The reason phrase of an HTTP status, as Python's `http.client.responses` has it.
fn reason(status: u16) -> &'static str {
    match status {
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        _ => "",
    }
}

/// Why a configured credential provider failed, in the AWS CLI's words
/// where the provider has them: the provider's own message, innermost
/// reason last, without the SDK's wrapping ("an error occurred while
/// loading credentials").
fn credentials_reason(failed: &CredentialsError) -> String {
    let mut parts: Vec<String> = Vec::new();
    use aws_credential_types::provider::error::TokenError;
    // The SDK's wrappers say only that loading failed; the AWS CLI's words
    // where it has its own for the same reason.
    if sources(failed).any(|e| e.to_string().contains("SSO token has expired")) {
        return "Error when retrieving token from sso: Token has expired and refresh failed".into();
    }
    for e in sources(failed).filter(|e| !e.is::<CredentialsError>() && !e.is::<TokenError>()) {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    if parts.is_empty() {
        return failed.to_string();
    }
    parts.join(": ")
}

fn request_id(raw: &HttpResponse) -> Option<String> {
    raw.headers().get("x-amzn-requestid").or_else(|| raw.headers().get("x-amz-request-id")).map(String::from)
}

fn sources<'a>(err: &'a (dyn Error + 'static)) -> impl Iterator<Item = &'a (dyn Error + 'static)> {
    std::iter::successors(Some(err), |&e| e.source())
}

/// Every message in the error's source chain, outermost first, without repeats.
fn chain(err: &(dyn Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    for e in sources(err) {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_types::body::SdkBody;

    fn named(status: u16, body: &'static str) -> (String, String) {
        let raw = HttpResponse::new(status.try_into().expect("status"), SdkBody::from(body));
        match generic(&raw) {
            Failure::Service { code, message } => (code, message),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn http_errors_without_an_aws_error_are_named_as_botocore_names_them() {
        let pair = |code: &str, message: &str| (code.to_string(), message.to_string());
        assert_eq!(named(500, ""), pair("500", "Internal Server Error"));
        assert_eq!(named(502, "  <html><body>Bad gateway</body></html>"), pair("502", "Bad Gateway"));
        assert_eq!(named(503, "<!DOCTYPE html><html></html>"), pair("503", "<!DOCTYPE html><html></html>"));
        assert_eq!(named(400, "oops"), pair("400", "oops"));
        assert_eq!(named(302, ""), pair("302", ""));
        assert_eq!(named(400, r#"{"Message": "no"}"#), pair("400", "no"));
    }
}
