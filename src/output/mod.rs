//! Formatters: a response (JSON value) in, the bytes for stdout out. They
//! know nothing about operations.

mod json;

use serde_json::Value;

/// `--output` formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
}

/// What to print for `response`; empty for an empty response, as the AWS CLI does.
pub fn render(format: Format, response: &Value) -> String {
    if response.as_object().is_some_and(|map| map.is_empty()) {
        return String::new();
    }
    match format {
        Format::Json => json::render(response),
    }
}
