//! SDK failures classified into the CLI's error kinds.

use crate::error::CliError;
use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_codepipeline::error::ProvideErrorMetadata;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use std::error::Error;

pub const NO_CREDENTIALS: &str =
    "Unable to locate credentials. You can configure credentials by running \"aws configure\".";

pub fn from_sdk<E>(operation: &str, err: SdkError<E, HttpResponse>) -> CliError
where
    E: ProvideErrorMetadata + Error + 'static,
{
    if let SdkError::ServiceError(service) = &err {
        let e = service.err();
        if let Some(code) = e.code() {
            return CliError::Service {
                operation: operation.to_string(),
                code: code.to_string(),
                message: e.message().unwrap_or("Unknown").to_string(),
            };
        }
        let raw = service.raw();
        return CliError::Other(format!(
            "The {operation} operation failed with HTTP status {} and a response that is not an AWS error{}",
            raw.status().as_u16(),
            request_id(raw).map(|id| format!(" (request id {id})")).unwrap_or_default()
        ));
    }
    if let SdkError::ResponseError(response) = &err {
        let raw = response.raw();
        return CliError::Other(format!(
            "Unable to parse the response to the {operation} operation (HTTP status {}{}): {}",
            raw.status().as_u16(),
            request_id(raw).map(|id| format!(", request id {id}")).unwrap_or_default(),
            chain(&err)
        ));
    }
    if sources(&err).any(|e| e.downcast_ref::<CredentialsError>().is_some()) {
        return CliError::Config(NO_CREDENTIALS.to_string());
    }
    CliError::Other(chain(&err))
}

fn request_id(raw: &HttpResponse) -> Option<&str> {
    raw.headers().get("x-amzn-requestid").or_else(|| raw.headers().get("x-amz-request-id"))
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
