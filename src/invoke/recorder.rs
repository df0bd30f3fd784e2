//! What the SDK does not tell us after a call, recorded as it happens: the
//! URL of the last request (for "Could not connect to the endpoint URL"),
//! how many attempts were made (for "reached max retries"), and, on demand,
//! the raw response body (for map key order).

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    AfterDeserializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use std::sync::{Arc, Mutex, MutexGuard};

#[derive(Debug, Default, Clone)]
pub struct Recorder {
    slot: Arc<Mutex<Record>>,
}

#[derive(Debug, Default, Clone)]
pub struct Record {
    pub keep_body: bool,
    pub body: Option<Vec<u8>>,
    pub url: Option<String>,
    pub attempts: u32,
}

impl Recorder {
    fn lock(&self) -> Option<MutexGuard<'_, Record>> {
        self.slot.lock().ok()
    }

    /// Starts a new call; `keep_body` keeps a copy of its response body.
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
            if record.keep_body {
                record.body = context.response().body().bytes().map(<[u8]>::to_vec);
            }
        }
        Ok(())
    }
}
