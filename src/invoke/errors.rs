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
    Service { code: String, message: String },
    /// An HTTP error whose body is not an AWS error (an HTML page, say).
    Unrecognized { status: u16, request_id: Option<String> },
    /// A response that could not be parsed.
    Unparsable { status: u16, request_id: Option<String>, detail: String },
    /// The request could not be built from the input (nothing was sent).
    Invalid(String),
    NoCredentials,
    Connect(String),
    Timeout(String),
    Other(String),
}

impl Failure {
    pub fn from_sdk<E>(err: SdkError<E, HttpResponse>) -> Failure
    where
        E: ProvideErrorMetadata + Error + 'static,
    {
        match &err {
            SdkError::ServiceError(service) => {
                let e = service.err();
                match e.code() {
                    Some(code) => Failure::Service {
                        code: code.to_string(),
                        message: e.message().unwrap_or("Unknown").to_string(),
                    },
                    None => Failure::Unrecognized {
                        status: service.raw().status().as_u16(),
                        request_id: request_id(service.raw()),
                    },
                }
            }
            SdkError::ResponseError(response) => Failure::Unparsable {
                status: response.raw().status().as_u16(),
                request_id: request_id(response.raw()),
                detail: chain(&err),
            },
            SdkError::TimeoutError(_) => Failure::Timeout(chain(&err)),
            SdkError::DispatchFailure(dispatch) if dispatch.is_timeout() => Failure::Timeout(chain(&err)),
            SdkError::DispatchFailure(dispatch) if dispatch.is_io() => Failure::Connect(chain(&err)),
            _ if sources(&err).any(|e| e.downcast_ref::<CredentialsError>().is_some()) => Failure::NoCredentials,
            _ => Failure::Other(chain(&err)),
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
                // The SDK only retries retryable errors; if it stopped at the limit, retries ran out.
                retries: (record.attempts > 1 && record.attempts >= max_attempts).then(|| record.attempts - 1),
            },
            Failure::Unrecognized { status, request_id } => CliError::Other(format!(
                "An error occurred ({status}) when calling the {operation} operation: the response \
                 (HTTP status {status}{}) is not an AWS error response",
                id(request_id)
            )),
            Failure::Unparsable { status, request_id, detail } => CliError::Other(format!(
                "Unable to parse the response to the {operation} operation (HTTP status {status}{}): {detail}",
                id(request_id)
            )),
            Failure::Invalid(detail) => CliError::ParamValidation(vec![detail]),
            Failure::NoCredentials => CliError::Config(NO_CREDENTIALS.to_string()),
            Failure::Connect(detail) => {
                CliError::Other(format!("Could not connect to the endpoint URL: \"{url}\" ({detail})"))
            }
            Failure::Timeout(detail) => {
                CliError::Other(format!("Read timeout on endpoint URL: \"{url}\" ({detail})"))
            }
            Failure::Other(detail) => CliError::Other(detail),
        }
    }
}

fn request_id(raw: &HttpResponse) -> Option<String> {
    raw.headers()
        .get("x-amzn-requestid")
        .or_else(|| raw.headers().get("x-amz-request-id"))
        .map(String::from)
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
