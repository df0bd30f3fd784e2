//! A whole input document (`--cli-input-json`, `--cli-input-yaml`) read from
//! its text. Self-contained (serde_json, serde_yaml_ng and the error type
//! only), so the fuzz targets in fuzz/ run this very code.

use crate::error::CliError;
use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Yaml,
}

/// The object in `text`, or a usage error naming `flag` and what is wrong
/// (serde's messages carry the line and column).
pub fn parse_object(flag: &str, text: &str, syntax: Syntax) -> Result<Map<String, Value>, CliError> {
    let parsed = match syntax {
        Syntax::Yaml => serde_yaml_ng::from_str::<Value>(text).map_err(|e| format!("Invalid YAML: {e}")),
        Syntax::Json => serde_json::from_str::<Value>(text).map_err(|e| format!("Invalid JSON: {e}")),
    };
    match parsed {
        Ok(Value::Object(map)) => Ok(map),
        // An empty YAML document is no parameters at all.
        Ok(Value::Null) if syntax == Syntax::Yaml => Ok(Map::new()),
        Ok(_) => Err(CliError::Usage(format!("--{flag} must hold an object (a mapping of parameter names to values)"))),
        Err(e) => Err(CliError::Usage(format!("Error parsing parameter '--{flag}': {e}"))),
    }
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
}
