//! Formatters: a response (JSON value) in, the bytes for stdout out. They
//! know nothing about operations.

mod east_asian;
mod json;
mod paged;
mod table;
mod text;
mod yaml;

pub use paged::{PagedOutput, TextPages};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

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

/// How a table is drawn: its title (the operation), the terminal's width
/// (sections of a single row become key/value rows when the table is wider)
/// and colour.
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

/// A value the AWS CLI's formatter cannot print (a `--query` result it was
/// not written for): it stops with a Python exception, exit 255, after
/// writing `printed` (text is written as it goes; a table all at the end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unprintable {
    pub printed: String,
    /// The exception's message, as the AWS CLI prints it.
    pub message: String,
}

/// What to print for `response`; empty for an empty response, as the AWS CLI does.
pub fn render(format: Format, response: &Value, style: &TableStyle) -> Result<String, Unprintable> {
    if response.as_object().is_some_and(|map| map.is_empty()) {
        return Ok(String::new());
    }
    match format {
        Format::Json => Ok(json::render(response)),
        Format::Text => text::render(response),
        Format::Table => table::render(response, &style.title, style.width, style.color)
            .map_err(|message| Unprintable { printed: String::new(), message }),
        Format::Yaml => Ok(yaml::render(response)),
        Format::YamlStream => Ok(yaml::render_stream(response)),
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Object(_) | Value::Array(_))
}

/// The keys with a scalar value in any of `items` (text's columns for a list), sorted.
#[cfg(test)]
pub fn scalar_columns<'a>(items: impl Iterator<Item = &'a Value>) -> Vec<String> {
    split_keys(items.filter_map(Value::as_object)).0.into_iter().map(String::from).collect()
}

/// The keys of `maps` with a scalar value somewhere (the columns of the
/// table and text formats) and those with a list or structure somewhere,
/// each sorted.
fn split_keys<'a>(maps: impl Iterator<Item = &'a Map<String, Value>>) -> (Vec<&'a str>, Vec<&'a str>) {
    let (mut scalars, mut containers) = (BTreeSet::new(), BTreeSet::new());
    let kinds = |map: &'a Map<String, Value>| map.iter().map(|(key, value)| (key, is_scalar(value)));
    let mut last = None;
    for map in maps {
        // The items of a listing mostly have the same keys in the same order; those are sorted in once.
        if last.is_some_and(|last| kinds(last).eq(kinds(map))) {
            continue;
        }
        for (key, scalar) in kinds(map) {
            if scalar {
                scalars.insert(key.as_str());
            } else {
                containers.insert(key.as_str());
            }
        }
        last = Some(map);
    }
    (scalars.into_iter().collect(), containers.into_iter().collect())
}

/// `map`'s values under the sorted `keys`, `None` where it has none.
fn under_keys<'a>(map: &'a Map<String, Value>, keys: &[&str]) -> Vec<Option<&'a Value>> {
    let mut values = vec![None; keys.len()];
    for (key, value) in map {
        if let Ok(index) = keys.binary_search(&key.as_str()) {
            values[index] = Some(value);
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_of_every_item() {
        let items = json!([{"a": 1, "b": {"x": 1}}, {"a": 2, "b": {"x": 2}}, {"b": 3, "a": 4, "c": null}]);
        let maps = items.as_array().into_iter().flatten().filter_map(Value::as_object);
        assert_eq!(split_keys(maps), (vec!["a", "b", "c"], vec!["b"]));
    }

    #[test]
    fn values_placed_under_their_keys() {
        let item = json!({"version": 1, "name": "p", "other": true});
        let map = item.as_object().unwrap();
        assert_eq!(under_keys(map, &["created", "name", "version"]), vec![None, Some(&json!("p")), Some(&json!(1))]);
    }
}
