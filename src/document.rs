//! A whole input document (`--cli-input-json`, `--cli-input-yaml`) read from
//! its text. Self-contained (serde_json, serde_yaml_ng, the error type and
//! `json_loads` only), so the fuzz targets in fuzz/ run this very code.

use crate::error::CliError;
use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Yaml,
}

/// The value in `text`, or what is wrong with it, with its line and column.
/// The one reader of JSON and YAML documents: input documents and pipeline
/// definitions alike. A byte-order mark (editors on Windows save one) is skipped.
pub fn parse_value(text: &str, syntax: Syntax) -> Result<Value, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match syntax {
        Syntax::Yaml if yaml_depth_bound(text) > MAX_DEPTH => {
            Err(format!("Invalid YAML: the document nests deeper than {MAX_DEPTH} levels"))
        }
        Syntax::Yaml => serde_yaml_ng::from_str::<Value>(text).map_err(|e| match e.location() {
            Some(at) if !e.to_string().contains(" at line ") => {
                format!("Invalid YAML: {e} at line {} column {}", at.line(), at.column())
            }
            _ => format!("Invalid YAML: {e}"),
        }),
        Syntax::Json => crate::json_loads::loads(text).map_err(|e| format!("Invalid JSON: {e}")),
    }
}

/// The object in `text`, or a usage error naming `flag` and what is wrong.
pub fn parse_object(flag: &str, text: &str, syntax: Syntax) -> Result<Map<String, Value>, CliError> {
    let parsed = parse_value(text, syntax);
    match parsed {
        Ok(Value::Object(map)) => Ok(map),
        // An empty YAML document is no parameters at all.
        Ok(Value::Null) if syntax == Syntax::Yaml => Ok(Map::new()),
        Ok(_) => Err(CliError::Usage(format!("--{flag} must hold an object (a mapping of parameter names to values)"))),
        Err(e) => Err(CliError::Usage(format!("Error parsing parameter '--{flag}': {e}"))),
    }
}

/// As deep as serde_json goes: no CodePipeline input comes near it.
const MAX_DEPTH: usize = 128;

/// An upper bound on how deep a YAML document nests, found in one pass:
/// the YAML parser's own cost grows with the square of the depth, so a
/// hostile document is refused before it is parsed. Flow brackets count
/// one level each; a block line counts its indentation and its `- `
/// entries (each at least one level).
fn yaml_depth_bound(text: &str) -> usize {
    let mut deepest = 0;
    let mut flow = 0usize;
    for line in text.lines() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let entries = line.trim_start().split_inclusive("- ").take_while(|part| part.ends_with("- ")).count();
        let mut quote = None;
        for c in line.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '\'' | '"') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => {
                    flow += 1;
                    deepest = deepest.max(flow);
                }
                (None, ']' | '}') => flow = flow.saturating_sub(1),
                _ => {}
            }
        }
        deepest = deepest.max(indent + entries + flow);
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_only_with_positions_in_errors() {
        assert!(parse_object("cli-input-json", r#"{"a": 1}"#, Syntax::Json).is_ok());
        assert!(parse_object("cli-input-yaml", "", Syntax::Yaml).is_ok_and(|m| m.is_empty()));
        let err = parse_object("cli-input-json", "{\n  \"a\": ]", Syntax::Json).unwrap_err();
        assert!(err.to_string().contains("line 2 column"), "{err}");
        assert_eq!(parse_object("cli-input-json", "[1]", Syntax::Json).unwrap_err().exit_code(), 252);
    }

    #[test]
    fn deep_yaml_is_refused_before_it_is_parsed() {
        for deep in ["[".repeat(100_000), "- ".repeat(100_000) + "x", "{a: ".repeat(100_000)] {
            let err = parse_object("cli-input-yaml", &deep, Syntax::Yaml).expect_err("too deep");
            assert!(err.to_string().contains("deeper than 128 levels"), "{err}");
            assert_eq!(err.exit_code(), 252);
        }
        let pipeline = "pipeline:\n  name: p\n  stages:\n    - name: Source\n      actions:\n        - name: \"a [b\"\n          configuration: {Branch: main}\n";
        assert!(parse_object("cli-input-yaml", pipeline, Syntax::Yaml).is_ok());
    }
}
