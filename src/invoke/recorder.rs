//! What the SDK does not tell us after a call, recorded as it happens: the
//! URL of the last request (for "Could not connect to the endpoint URL"),
//! how many attempts were made (for "reached max retries"), and the raw
//! response body (for map key order, and the numbers in messages about it).

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    AfterDeserializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;
use std::sync::{Arc, Mutex, MutexGuard};

#[derive(Debug, Default, Clone)]
pub struct Recorder {
    slot: Arc<Mutex<Record>>,
}

#[derive(Debug, Default)]
pub struct Record {
    /// Whether the body's order is needed (`wire_order`).
    pub keep_body: bool,
    /// The body: a second handle on the SDK's in-memory bytes, not a copy.
    pub body: Option<SdkBody>,
    pub url: Option<String>,
    pub attempts: u32,
}

impl Recorder {
    fn lock(&self) -> Option<MutexGuard<'_, Record>> {
        self.slot.lock().ok()
    }

    /// Starts a new call; `keep_body`: its body's order will be wanted.
    pub fn start(&self, keep_body: bool) {
        if let Some(mut record) = self.lock() {
            *record = Record { keep_body, ..Record::default() };
        }
    }

    /// What was recorded for the call, leaving the recorder empty.
    pub fn take(&self) -> Record {
        self.lock().map(|mut record| std::mem::take(&mut *record)).unwrap_or_default()
    }
}

impl Intercept for Recorder {
    fn name(&self) -> &'static str {
        "Recorder"
    }

    fn read_before_attempt(
        &self,
        _: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(mut record) = self.lock() {
            record.attempts += 1;
        }
        Ok(())
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(mut record) = self.lock() {
            record.url = Some(context.request().uri().to_string());
        }
        Ok(())
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(mut record) = self.lock() {
            record.body = context.response().body().try_clone();
        }
        Ok(())
    }
}
