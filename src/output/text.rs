//! `--output text`: the AWS CLI's text format (awscli/text.py), byte for
//! byte: tab-separated values, upper-cased section identifiers, scalars of a
//! structure first in key order, then its lists and structures.

use crate::python::py_str;
use serde_json::{Map, Value};

pub fn render(value: &Value) -> String {
    let mut out = String::new();
    item(&mut out, value, None, None);
    out
}

fn item(out: &mut String, value: &Value, identifier: Option<&str>, scalar_keys: Option<&[String]>) {
    match value {
        Value::Object(map) => dict(out, map, identifier, scalar_keys),
        Value::Array(items) => list(out, items, identifier),
        scalar => {
            out.push_str(&py_str(scalar));
            out.push('\n');
        }
    }
}

fn is_container(value: &Value) -> bool {
    matches!(value, Value::Object(_) | Value::Array(_))
}

fn list(out: &mut String, items: &[Value], identifier: Option<&str>) {
    if items.is_empty() {
        return;
    }
    if items.iter().any(Value::is_object) {
        // One set of columns for all rows: every scalar key of any element, sorted.
        let mut keys: Vec<String> = items
            .iter()
            .filter_map(Value::as_object)
            .flat_map(|map| map.iter().filter(|(_, v)| !is_container(v)).map(|(k, _)| k.clone()))
            .collect();
        keys.sort();
        keys.dedup();
        for element in items {
            item(out, element, identifier, Some(&keys));
        }
    } else if items.iter().any(Value::is_array) {
        let (scalars, nested): (Vec<&Value>, Vec<&Value>) = items.iter().partition(|v| !is_container(v));
        if !scalars.is_empty() {
            scalar_list(out, &scalars, identifier);
        }
        for element in nested {
            item(out, element, identifier, None);
        }
    } else {
        let all: Vec<&Value> = items.iter().collect();
        scalar_list(out, &all, identifier);
    }
}

fn scalar_list(out: &mut String, items: &[&Value], identifier: Option<&str>) {
    match identifier {
        Some(identifier) => {
            for value in items {
                out.push_str(&identifier.to_uppercase());
                out.push('\t');
                out.push_str(&py_str(value));
                out.push('\n');
            }
        }
        None => {
            let cells: Vec<String> = items.iter().map(|v| py_str(v)).collect();
            out.push_str(&cells.join("\t"));
            out.push('\n');
        }
    }
}

fn dict(out: &mut String, map: &Map<String, Value>, identifier: Option<&str>, scalar_keys: Option<&[String]>) {
    let mut scalars: Vec<String> = Vec::new();
    let mut nested: Vec<(&String, &Value)> = Vec::new();
    match scalar_keys {
        None => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            for (key, value) in entries {
                if is_container(value) {
                    nested.push((key, value));
                } else {
                    scalars.push(py_str(value));
                }
            }
        }
        Some(keys) => {
            for key in keys {
                scalars.push(map.get(key).map(py_str).unwrap_or_default());
            }
            let mut rest: Vec<(&String, &Value)> = map.iter().filter(|(k, _)| !keys.contains(k)).collect();
            rest.sort_by(|a, b| a.0.cmp(b.0));
            nested.extend(rest);
        }
    }
    if !scalars.is_empty() {
        if let Some(identifier) = identifier {
            scalars.insert(0, identifier.to_uppercase());
        }
        out.push_str(&scalars.join("\t"));
        out.push('\n');
    }
    for (key, value) in nested {
        item(out, value, Some(key), None);
    }
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
            assert_eq!(render(&value), expected, "{}", path.display());
            checked += 1;
        }
        assert!(checked >= 30, "only {checked} documents");
    }

    #[test]
    fn sections_rows_and_sorted_keys() {
        let value = json!({"pipelines": [{"name": "b", "version": 2}, {"name": "a", "version": 1, "extra": true}], "nextToken": "t"});
        assert_eq!(render(&value), "t\nPIPELINES\t\tb\t2\nPIPELINES\tTrue\ta\t1\n");
        assert_eq!(render(&json!(["x", "y"])), "x\ty\n");
        assert_eq!(render(&json!({"tagKeys": ["a", "b"]})), "TAGKEYS\ta\nTAGKEYS\tb\n");
        assert_eq!(render(&json!(null)), "None\n");
    }
}
