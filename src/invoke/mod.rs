//! Sending requests: the SDK client built from aws-config's default chain and
//! the global options, and the call itself.

mod codec;
mod debug;
mod dispatch;
mod errors;
mod paginate;
mod wire_order;

pub use paginate::Paging;

use crate::error::CliError;
use crate::model::Operation;
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

/// An SDK client, and what it needs to give responses back as the AWS CLI does.
pub struct Invoker {
    client: Client,
    capture: wire_order::BodyCapture,
}

impl Invoker {
    pub async fn new(options: &ClientOptions) -> Result<Self, CliError> {
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
        let capture = wire_order::BodyCapture::default();
        let mut config = aws_sdk_codepipeline::config::Builder::from(&shared).interceptor(capture.clone());
        if options.debug {
            config = config.interceptor(debug::Trace::default());
        }
        Ok(Invoker { client: Client::from_conf(config.build()), capture })
    }

    /// Calls `op` with `input`, returning the response as JSON in model member
    /// order; with `paging`, every page (up to `--max-items`) merged into one.
    pub async fn call(
        &self,
        op: Operation<'_>,
        input: Map<String, Value>,
        paging: Option<&Paging>,
    ) -> Result<Value, CliError> {
        let paginator = op.paginator().and_then(paginate::Paginator::from_model);
        match (paginator, paging) {
            (Some(paginator), Some(paging)) => {
                paginate::collect(&paginator, paging, input, |page_input| self.call_once(op, page_input)).await
            }
            _ => self.call_once(op, input).await,
        }
    }

    async fn call_once(&self, op: Operation<'_>, input: Map<String, Value>) -> Result<Value, CliError> {
        let body = serde_json::to_vec(&input).map_err(|e| CliError::Other(e.to_string()))?;
        let output_shape = op.output();
        let keep_wire = output_shape.is_some_and(wire_order::holds_map);
        self.capture.enable(keep_wire);
        let encoded = dispatch::dispatch(&self.client, op.name(), &body).await?;
        let mut response: Value = serde_json::from_slice(&encoded)
            .map_err(|e| CliError::Other(format!("Unable to read the encoded response: {e}")))?;
        if let (Some(shape), Some(wire)) = (output_shape, self.capture.take()) {
            if let Ok(wire) = serde_json::from_slice::<Value>(&wire) {
                wire_order::restore(&mut response, &wire, shape);
            }
        }
        Ok(response)
    }
}
