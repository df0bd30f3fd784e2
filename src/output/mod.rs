//! Formatters: a response (JSON value) in, the bytes for stdout out. They
//! know nothing about operations.

mod json;

use serde_json::Value;

/// `--output` formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
}

impl Format {
    pub const NAMES: &'static [&'static str] = &["json"];

    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// A document printed as the AWS CLI's own JSON (skeletons), whatever `--output` says.
pub fn json_document(value: &Value) -> String {
    json::render(value)
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
