//! `--output json`: Python's `json.dumps(indent=4, ensure_ascii=False)`.

use serde::Serialize;
use serde_json::ser::{PrettyFormatter, Serializer};
use serde_json::Value;

pub fn render(value: &Value) -> String {
    let mut out = Vec::new();
    write(&mut out, value);
    out.push(b'\n');
    String::from_utf8(out).unwrap_or_default()
}

/// `value` as it reads `depth` levels down in a larger document: every line indented.
pub fn render_nested(out: &mut Vec<u8>, value: &Value, depth: usize) {
    let indent = INDENT.repeat(depth);
    out.extend_from_slice(&indent);
    write(&mut Indented { out, indent: &indent }, value);
}

/// A JSON string literal, escaped as `json.dumps(ensure_ascii=False)` does.
pub fn string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

const INDENT: &[u8] = b"    ";

fn write(out: impl std::io::Write, value: &Value) {
    let mut ser = Serializer::with_formatter(out, PrettyFormatter::with_indent(INDENT));
    // Serializing a Value into memory cannot fail.
    let _ = value.serialize(&mut ser);
}

/// Writes into `out`, indenting each new line.
struct Indented<'a> {
    out: &'a mut Vec<u8>,
    indent: &'a [u8],
}

impl std::io::Write for Indented<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        for piece in bytes.split_inclusive(|b| *b == b'\n') {
            self.out.extend_from_slice(piece);
            if piece.ends_with(b"\n") {
                self.out.extend_from_slice(self.indent);
            }
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
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
