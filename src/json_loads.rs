//! JSON text from the user (`--cli-input-json`, JSON parameter values) read
//! as the AWS CLI's `json.loads` reads it, where serde_json reads it
//! otherwise: `-0` is the integer 0 (serde_json: the float -0.0), an integer
//! of any size stays an integer (serde_json: a float past 64 bits), and a
//! lone surrogate escape (`"\ud800"`) makes a string (serde_json: an error).
//! A `Value` can hold the first; the other two have no form in the requests
//! the SDK sends (32-bit integer members, Rust strings), so they are refused
//! with a message that says so. Self-contained (serde_json only): the fuzz
//! targets compile it in.

use serde_json::Value;

/// The value in `text`, or what is wrong with it (with its line and column).
pub fn loads(text: &str) -> Result<Value, String> {
    let value = serde_json::from_str::<Value>(text).map_err(|e| match first_lone_surrogate(text) {
        // serde_json's message for it ("unexpected end of hex escape", ...) hides the cause.
        Some(at) if position(text, at) <= (e.line(), e.column()) => {
            let (line, column) = position(text, at);
            let escape = &text[at..at + 6];
            format!(
                "{escape} at line {line} column {column} is half of a UTF-16 surrogate pair: \
                 a string with a lone surrogate cannot be sent"
            )
        }
        _ => e.to_string(),
    })?;
    let mut negative_zeros = Vec::new();
    for (at, literal) in integer_literals(text) {
        if literal == "-0" {
            negative_zeros.push(at);
        } else if literal.parse::<i64>().is_err() && literal.parse::<u64>().is_err() {
            let (line, column) = position(text, at);
            // The words of the same refusal for a flag (`--pipeline-version`).
            return Err(format!("integer out of range: {literal} at line {line} column {column}"));
        }
    }
    if negative_zeros.is_empty() {
        return Ok(value);
    }
    // Python's int("-0") is 0: drop the signs and read the text again.
    let mut unsigned = String::with_capacity(text.len());
    let mut from = 0;
    for at in negative_zeros {
        unsigned.push_str(&text[from..at]);
        from = at + 1;
    }
    unsigned.push_str(&text[from..]);
    serde_json::from_str(&unsigned).map_err(|e| e.to_string())
}

/// Line and column (1-based, in characters) of byte offset `at`, as serde_json counts them.
fn position(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The integer literals (no fraction, no exponent) outside strings in the
/// valid JSON `text`, with their byte offsets.
fn integer_literals(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            match bytes[at] {
                b'"' => at = string_end(bytes, at),
                b'-' | b'0'..=b'9' => {
                    let start = at;
                    while at < bytes.len() && matches!(bytes[at], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                        at += 1;
                    }
                    let literal = &text[start..at];
                    if !literal.contains(['.', 'e', 'E']) {
                        return Some((start, literal));
                    }
                }
                _ => at += 1,
            }
        }
        None
    })
}

/// The offset just past the string that opens at `open`.
fn string_end(bytes: &[u8], open: usize) -> usize {
    let mut at = open + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    bytes.len()
}

/// The byte offset of the first `\uXXXX` escape, inside a string, that is a
/// surrogate without its other half.
fn first_lone_surrogate(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let escape_at = |at: usize| -> Option<u16> {
        let digits = text.get(at + 2..at + 6)?;
        (bytes.get(at..at + 2) == Some(b"\\u")).then(|| u16::from_str_radix(digits, 16).ok()).flatten()
    };
    let mut at = 0;
    let mut in_string = false;
    while at < bytes.len() {
        match (in_string, bytes[at]) {
            (false, b'"') => in_string = true,
            (false, _) => {}
            (true, b'"') => in_string = false,
            (true, b'\\') => {
                match escape_at(at) {
                    Some(0xD800..=0xDBFF) if matches!(escape_at(at + 6), Some(0xDC00..=0xDFFF)) => at += 12,
                    Some(0xD800..=0xDFFF) => return Some(at),
                    _ => at += 2,
                }
                continue;
            }
            (true, _) => {}
        }
        at += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn minus_zero_is_the_integer_zero_as_in_python() {
        let value = loads(r#"{"a": -0, "b": [-0, -0.0, -0e0, "-0"], "c": -10}"#).expect("loads");
        assert_eq!(value, json!({"a": 0, "b": [0, -0.0, -0.0, "-0"], "c": -10}));
        assert!(value["a"].is_u64() && value["b"][1].is_f64(), "{value}");
    }

    #[test]
    fn integers_past_64_bits_are_refused_not_made_floats() {
        assert_eq!(loads("[18446744073709551615, -9223372036854775808]").expect("fits"), json!([u64::MAX, i64::MIN]));
        let err = loads("{\"version\":\n  18446744073709551616}").expect_err("too big");
        assert_eq!(err, "integer out of range: 18446744073709551616 at line 2 column 3");
        assert!(loads("[-9223372036854775809]").is_err());
        // As floats, and inside strings, they are what they say.
        assert_eq!(
            loads(r#"[18446744073709551616.0, "18446744073709551616"]"#).expect("loads")[0],
            json!(18446744073709551616.0)
        );
    }

    #[test]
    fn a_lone_surrogate_is_named_and_a_pair_is_read() {
        let err = loads(r#"{"name": "p\ud800"}"#).expect_err("lone");
        assert_eq!(
            err,
            r"\ud800 at line 1 column 12 is half of a UTF-16 surrogate pair: a string with a lone surrogate cannot be sent"
        );
        assert!(loads(r#"["\udc00x"]"#).expect_err("lone low").starts_with(r"\udc00 at line 1 column 3"));
        assert_eq!(loads(r#"["\ud83d\ude00", "\\ud800"]"#).expect("pair"), json!(["\u{1F600}", "\\ud800"]));
        // Other errors keep serde_json's words.
        assert!(loads(r#"{"a": ]"#).expect_err("syntax").contains("line 1 column 7"));
    }
}
