//! `--output text`: the AWS CLI's text format (awscli/text.py), byte for
//! byte: tab-separated values, upper-cased section identifiers, scalars of a
//! structure first in key order, then its lists and structures.

use super::Unprintable;
use super::{is_scalar, split_keys, under_keys};
use crate::python::{push_py_str, py_type_name};
use serde_json::{Map, Value};

/// The text, or where the AWS CLI's formatter stops with an exception.
pub fn render(value: &Value) -> Result<String, Unprintable> {
    let mut out = String::new();
    match item(&mut out, value, None, None) {
        Ok(()) => Ok(out),
        Err(message) => Err(Unprintable { printed: out, message }),
    }
}

/// Writes `value`; `Err` holds the message of the Python exception the AWS
/// CLI's formatter raises there (what is written before it stays written).
fn item(out: &mut String, value: &Value, identifier: Option<&str>, scalar_keys: Option<&[&str]>) -> Result<(), String> {
    match value {
        Value::Object(map) => dict(out, map, identifier, scalar_keys)?,
        Value::Array(items) => list(out, items, identifier)?,
        scalar => {
            push_py_str(scalar, out);
            out.push('\n');
        }
    }
    Ok(())
}

fn is_container(value: &Value) -> bool {
    !is_scalar(value)
}

/// Python's `str.upper()` of a section identifier, appended.
fn push_upper(out: &mut String, identifier: &str) {
    if identifier.is_ascii() {
        out.extend(identifier.bytes().map(|b| char::from(b.to_ascii_uppercase())));
    } else {
        out.extend(identifier.chars().flat_map(char::to_uppercase));
    }
}

fn list(out: &mut String, items: &[Value], identifier: Option<&str>) -> Result<(), String> {
    if items.is_empty() {
        return Ok(());
    }
    if items.iter().any(Value::is_object) {
        // The AWS CLI gathers the columns with `.items()` of every element:
        // anything else among structures (a --query's mixed list) ends it.
        if let Some(other) = items.iter().find(|element| !element.is_object()) {
            return Err(format!("'{}' object has no attribute 'items'", py_type_name(other)));
        }
        // One set of columns for all rows: every scalar key of any element, sorted.
        let (keys, _) = split_keys(items.iter().filter_map(Value::as_object));
        for element in items {
            item(out, element, identifier, Some(&keys))?;
        }
    } else if items.iter().any(Value::is_array) {
        let (scalars, nested): (Vec<&Value>, Vec<&Value>) = items.iter().partition(|v| !is_container(v));
        if !scalars.is_empty() {
            scalar_list(out, &scalars, identifier);
        }
        for element in nested {
            item(out, element, identifier, None)?;
        }
    } else {
        let all: Vec<&Value> = items.iter().collect();
        scalar_list(out, &all, identifier);
    }
    Ok(())
}

/// One element of a listing's result list, as `list` writes each element:
/// `columns` are the scalar keys of all the list's elements, sorted.
pub fn list_element(out: &mut String, element: &Value, identifier: &str, columns: &[&str]) -> Result<(), String> {
    match element {
        Value::Object(map) => dict(out, map, Some(identifier), Some(columns)),
        Value::Array(_) => item(out, element, Some(identifier), None),
        scalar => {
            row(out, Some(identifier), [Some(scalar)]);
            Ok(())
        }
    }
}

fn scalar_list(out: &mut String, items: &[&Value], identifier: Option<&str>) {
    match identifier {
        Some(identifier) => {
            for value in items {
                row(out, Some(identifier), [Some(*value)]);
            }
        }
        None => row(out, None, items.iter().map(|value| Some(*value))),
    }
}

/// One line: the upper-cased identifier when there is one, then the cells,
/// tab-separated (a missing cell is empty).
fn row<'v>(out: &mut String, identifier: Option<&str>, cells: impl IntoIterator<Item = Option<&'v Value>>) {
    if let Some(identifier) = identifier {
        push_upper(out, identifier);
        out.push('\t');
    }
    for (index, cell) in cells.into_iter().enumerate() {
        if index > 0 {
            out.push('\t');
        }
        if let Some(value) = cell {
            push_py_str(value, out);
        }
    }
    out.push('\n');
}

/// A structure: one line of its scalars (under `scalar_keys` when a list
/// gives them), then its lists and structures in key order.
fn dict(
    out: &mut String,
    map: &Map<String, Value>,
    identifier: Option<&str>,
    scalar_keys: Option<&[&str]>,
) -> Result<(), String> {
    let mut nested: Vec<(&String, &Value)> = Vec::new();
    let mut cells: Vec<Option<&Value>> = Vec::new();
    match scalar_keys {
        None => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            for (key, value) in entries {
                if is_container(value) {
                    nested.push((key, value));
                } else {
                    cells.push(Some(value));
                }
            }
        }
        Some(keys) => {
            cells = under_keys(map, keys);
            // A scalar member is always among the list's scalar keys; only containers need looking up.
            nested.extend(map.iter().filter(|(k, v)| is_container(v) && !keys.contains(&k.as_str())));
            nested.sort_unstable_by(|a, b| a.0.cmp(b.0));
        }
    }
    if !cells.is_empty() {
        row(out, identifier, cells);
    }
    for (key, value) in nested {
        item(out, value, Some(key), None)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Every document of tests/fixtures/text_corpus, against the bytes the
    /// AWS CLI's own text formatter printed for it (oracle.py there).
    #[test]
    fn corpus_matches_the_aws_cli_byte_for_byte() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/text_corpus");
        let mut checked = 0;
        for entry in std::fs::read_dir(&dir).expect("corpus").flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let value: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("JSON");
            let expected = std::fs::read_to_string(path.with_extension("expected")).expect("expected");
            assert_eq!(render(&value).ok(), Some(expected), "{}", path.display());
            checked += 1;
        }
        assert!(checked >= 30, "only {checked} documents");
    }

    #[test]
    fn sections_rows_and_sorted_keys() {
        let value = json!({"pipelines": [{"name": "b", "version": 2}, {"name": "a", "version": 1, "extra": true}], "nextToken": "t"});
        let text = |value: &Value| render(value).map_err(|e| e.message);
        assert_eq!(text(&value).as_deref(), Ok("t\nPIPELINES\t\tb\t2\nPIPELINES\tTrue\ta\t1\n"));
        assert_eq!(text(&json!(["x", "y"])).as_deref(), Ok("x\ty\n"));
        assert_eq!(text(&json!({"tagKeys": ["a", "b"]})).as_deref(), Ok("TAGKEYS\ta\nTAGKEYS\tb\n"));
        assert_eq!(text(&json!(null)).as_deref(), Ok("None\n"));
    }

    /// A list with structures and anything else (a --query's mixed list)
    /// stops the AWS CLI's formatter where it meets it; what came before is out.
    #[test]
    fn structures_mixed_with_other_values_stop_as_the_aws_cli_does() {
        let failed = render(&json!({"a": "x", "l": [{"k": 1}, "2020-01-01", {"k": 2}]})).expect_err("stops");
        assert_eq!(failed.message, "'str' object has no attribute 'items'");
        assert_eq!(failed.printed, "x\n");
        for (value, kind) in
            [(json!([{}, []]), "list"), (json!([null, {}]), "NoneType"), (json!([{}, 1.5, "s"]), "float")]
        {
            assert_eq!(render(&value).expect_err("stops").message, format!("'{kind}' object has no attribute 'items'"));
        }
        // A structure in a list in the list is no mix: the inner list is formatted on its own.
        assert_eq!(render(&json!([[{"k": 1}], "s"])).ok().as_deref(), Some("s\n1\n"));
    }
}
