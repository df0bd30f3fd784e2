//! Sending requests: the SDK client built from aws-config's default chain and
//! the global options, and the call itself.

mod codec;
mod debug;
mod dispatch;
mod errors;

use crate::error::CliError;
use aws_config::{BehaviorVersion, Region};
use aws_sdk_codepipeline::Client;
use serde_json::{Map, Value};

/// The global options that shape the client.
#[derive(Debug, Default, Clone)]
pub struct ClientOptions {
    pub region: Option<String>,
    pub profile: Option<String>,
    pub endpoint_url: Option<String>,
    pub debug: bool,
}

pub const NO_REGION: &str =
    "You must specify a region. You can also configure your region by running \"aws configure\".";

/// Checks `--endpoint-url` as the AWS CLI does, before anything is sent.
pub fn check_endpoint_url(url: &str) -> Result<(), CliError> {
    let valid = ["http://", "https://"]
        .iter()
        .any(|scheme| url.strip_prefix(scheme).is_some_and(|rest| !rest.is_empty()));
    if valid {
        Ok(())
    } else {
        Err(CliError::Usage(format!(
            "Bad value for --endpoint-url \"{url}\": scheme is missing.  \
             Must be of the form http://<hostname>/ or https://<hostname>/"
        )))
    }
}

pub async fn client(options: &ClientOptions) -> Result<Client, CliError> {
    let mut loader = aws_config::defaults(BehaviorVersion::latest());
    if let Some(region) = &options.region {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(profile) = &options.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(url) = &options.endpoint_url {
        check_endpoint_url(url)?;
        loader = loader.endpoint_url(url);
    }
    let shared = loader.load().await;
    if shared.region().is_none() {
        return Err(CliError::Config(NO_REGION.to_string()));
    }
    let mut config = aws_sdk_codepipeline::config::Builder::from(&shared);
    if options.debug {
        config = config.interceptor(debug::Trace::default());
    }
    Ok(Client::from_conf(config.build()))
}

/// Calls `operation` (its model name) with `input`, returning the response as JSON.
pub async fn call(client: &Client, operation: &str, input: &Map<String, Value>) -> Result<Value, CliError> {
    let body = serde_json::to_vec(input).map_err(|e| CliError::Other(e.to_string()))?;
    let response = dispatch::dispatch(client, operation, &body).await?;
    serde_json::from_slice(&response)
        .map_err(|e| CliError::Other(format!("Unable to read the encoded response: {e}")))
}
