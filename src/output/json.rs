//! `--output json`: Python's `json.dumps(indent=4, ensure_ascii=False)`.

use serde::Serialize;
use serde_json::ser::{Formatter, Serializer};
use serde_json::Value;
use std::io::{self, Write};

pub fn render(value: &Value) -> String {
    let mut out = Vec::new();
    write(&mut out, value, 0);
    out.push(b'\n');
    String::from_utf8(out).unwrap_or_default()
}

/// `value` as it reads `depth` levels down in a larger document: every line indented.
pub fn render_nested(out: &mut Vec<u8>, value: &Value, depth: usize) {
    for _ in 0..depth {
        out.extend_from_slice(INDENT);
    }
    write(out, value, depth);
}

/// A JSON string literal, escaped as `json.dumps(ensure_ascii=False)` does.
pub fn string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

const INDENT: &[u8] = b"    ";

fn write(out: &mut Vec<u8>, value: &Value, depth: usize) {
    let mut ser = Serializer::with_formatter(out, Indented { depth, has_value: false });
    // Serializing a Value into memory cannot fail.
    let _ = value.serialize(&mut ser);
}

/// serde_json's `PrettyFormatter` with four spaces, starting `depth` levels in.
struct Indented {
    depth: usize,
    has_value: bool,
}

impl Indented {
    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.new_line(writer, b"\n")?;
        }
        writer.write_all(bracket)
    }

    fn new_line<W: ?Sized + Write>(&self, writer: &mut W, separator: &[u8]) -> io::Result<()> {
        writer.write_all(separator)?;
        for _ in 0..self.depth {
            writer.write_all(INDENT)?;
        }
        Ok(())
    }
}

impl Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.new_line(writer, if first { b"\n" } else { b",\n" })
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.new_line(writer, if first { b"\n" } else { b",\n" })
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
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

    #[test]
    fn nested_values_read_as_part_of_the_larger_document() {
        let item = json!({"name": "p", "tags": [{"key": "k"}], "none": [], "empty": {}});
        let document = json!({"pipelines": [item.clone()]});
        let mut nested = b"{\n    \"pipelines\": [\n".to_vec();
        render_nested(&mut nested, &item, 2);
        nested.extend_from_slice(b"\n    ]\n}\n");
        assert_eq!(String::from_utf8(nested).unwrap(), render(&document));
    }
}
