//! `--output json`: Python's `json.dumps(indent=4, ensure_ascii=False)`.

use serde::Serialize;
use serde_json::ser::{PrettyFormatter, Serializer};
use serde_json::Value;

pub fn render(value: &Value) -> String {
    let mut out = Vec::new();
    let mut ser = Serializer::with_formatter(&mut out, PrettyFormatter::with_indent(b"    "));
    // Serializing a Value into memory cannot fail.
    if value.serialize(&mut ser).is_err() {
        return String::new();
    }
    out.push(b'\n');
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn four_space_indent_and_raw_unicode() {
        let text = render(&json!({"name": "Pipeline ü", "stages": [], "n": 1, "o": {}}));
        assert_eq!(text, "{\n    \"name\": \"Pipeline ü\",\n    \"stages\": [],\n    \"n\": 1,\n    \"o\": {}\n}\n");
    }
}
