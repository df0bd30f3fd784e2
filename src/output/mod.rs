//! Formatters: a response (JSON value) in, the bytes for stdout out. They
//! know nothing about operations.

mod grid;
mod json;
mod paged;
mod table;
mod text;
mod yaml;

pub use paged::PagedOutput;
use serde_json::Value;

/// `--output` formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Text,
    Table,
    Yaml,
    YamlStream,
}

impl Format {
    pub const NAMES: &'static [&'static str] = &["json", "text", "table", "yaml", "yaml-stream"];

    pub fn parse(name: &str) -> Option<Format> {
        match name {
            "json" => Some(Format::Json),
            "text" => Some(Format::Text),
            "table" => Some(Format::Table),
            "yaml" => Some(Format::Yaml),
            "yaml-stream" => Some(Format::YamlStream),
            _ => None,
        }
    }
}

/// How a table is drawn: its title (the operation), width and colour.
#[derive(Debug, Clone)]
pub struct TableStyle {
    pub title: String,
    pub width: usize,
    pub color: bool,
}

/// A document printed as the AWS CLI's own JSON (skeletons), whatever `--output` says.
pub fn json_document(value: &Value) -> String {
    json::render(value)
}

/// What to print for `response`; empty for an empty response, as the AWS CLI does.
pub fn render(format: Format, response: &Value, style: &TableStyle) -> String {
    if response.as_object().is_some_and(|map| map.is_empty()) {
        return String::new();
    }
    match format {
        Format::Json => json::render(response),
        Format::Text => text::render(response),
        Format::Table => table::render(response, &style.title, style.width, style.color),
        Format::Yaml => yaml::render(response),
        Format::YamlStream => yaml::render_stream(response),
    }
}
