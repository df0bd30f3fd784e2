//! Python's ways of turning values into text, which the AWS CLI's output
//! and messages show: `str()`, `repr()` and float formatting, for what
//! `json.loads` would have made of a JSON value.

use serde_json::Value;

/// Python's `str(value)`: a string as it is, anything else as its repr.
pub fn py_str(value: &Value) -> String {
    let mut out = String::new();
    push_py_str(value, &mut out);
    out
}

/// `py_str`, appended to `out`.
pub fn push_py_str(value: &Value, out: &mut String) {
    match value {
        Value::String(text) => out.push_str(text),
        _ => py_repr(value, out),
    }
}

/// Python's `repr()` of what `json.loads` makes of `value`.
pub fn py_repr_of(value: &Value) -> String {
    let mut out = String::new();
    py_repr(value, &mut out);
    out
}

/// The name of the Python type `json.loads` makes of `value`, as Python's
/// error messages give it (`'str' object has no attribute 'items'`).
pub fn py_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_i64() || n.is_u64() => "int",
        Value::Number(_) => "float",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

/// `str()` of a JSON number: integers stay integers, anything else is a float.
pub fn py_number(n: &serde_json::Number) -> String {
    match (n.is_f64(), n.as_f64()) {
        (true, Some(f)) => py_float(f),
        _ => n.to_string(),
    }
}

fn py_repr(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Number(n) => match (n.is_f64(), n.as_f64()) {
            (true, Some(f)) => out.push_str(&py_float(f)),
            _ => out.push_str(&n.to_string()),
        },
        Value::String(text) => py_str_repr(text, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                py_repr(item, out);
            }
            out.push(']');
        }
        Value::Object(entries) => {
            out.push('{');
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                py_str_repr(key, out);
                out.push_str(": ");
                py_repr(item, out);
            }
            out.push('}');
        }
    }
}

/// Python's `repr(float)`: the shortest digits that round-trip, positional
/// for exponents from -4 to 15 and scientific (`1e+16`, `1.5e-07`) beyond.
pub fn py_float(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f < 0.0 { "-inf".into() } else { "inf".into() };
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    // Rust's `{:e}` gives the same shortest round-trip digits, as `d.ddde[-]x`.
    let sci = format!("{:e}", f.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let (first, rest) = digits.split_at(1);
    if (-4..16).contains(&exponent) {
        if exponent < 0 {
            let zeros = "0".repeat(usize::try_from(-exponent - 1).unwrap_or(0));
            format!("{sign}0.{zeros}{digits}")
        } else {
            let point = usize::try_from(exponent + 1).unwrap_or(0);
            if digits.len() > point {
                format!("{sign}{}.{}", &digits[..point], &digits[point..])
            } else {
                format!("{sign}{digits}{}.0", "0".repeat(point - digits.len()))
            }
        }
    } else {
        let fraction = if rest.is_empty() { String::new() } else { format!(".{rest}") };
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        format!("{sign}{first}{fraction}e{exp_sign}{:02}", exponent.abs())
    }
}

/// Python's `repr(str)` of `text`.
pub fn py_repr_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    py_str_repr(text, &mut out);
    out
}

/// Python's `repr(str)`: single quotes unless the text has a single quote and
/// no double quote, and escapes for whatever `str.isprintable()` refuses.
fn py_str_repr(text: &str, out: &mut String) {
    let quote = if text.contains('\'') && !text.contains('"') { '"' } else { '\'' };
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => {
                let code = u32::from(c);
                if code < 0x100 {
                    out.push_str(&format!("\\x{code:02x}"));
                } else if code < 0x10000 {
                    out.push_str(&format!("\\u{code:04x}"));
                } else {
                    out.push_str(&format!("\\U{code:08x}"));
                }
            }
        }
    }
    out.push(quote);
}

/// `str.isprintable()` for the characters input plausibly holds: controls,
/// separators other than the space, format characters and private use are
/// not printable. Unassigned code points, which Python also escapes, are
/// printed as they are: that needs Unicode's tables.
fn is_printable(c: char) -> bool {
    !matches!(u32::from(c),
        0x00..=0x1F | 0x7F..=0xA0 | 0xAD
        | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2
        | 0x1680 | 0x180E | 0x2000..=0x200F | 0x2028..=0x202F | 0x205F..=0x2064 | 0x2066..=0x206F
        | 0x3000 | 0xD800..=0xF8FF | 0xFEFF | 0xFFF9..=0xFFFB
        | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
        | 0xE0001 | 0xE0020..=0xE007F | 0xF0000..=0x10FFFF)
}

/// A JSON string as Python's `json.dumps` writes it (`ensure_ascii`).
pub fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_float_repr() {
        let cases = [
            (1.0, "1.0"),
            (-0.0, "-0.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (123456.789, "123456.789"),
            (1.5e-7, "1.5e-07"),
            (2.5e300, "2.5e+300"),
            (0.1, "0.1"),
        ];
        for (f, text) in cases {
            assert_eq!(py_float(f), text);
        }
    }

    #[test]
    fn repr_like_python() {
        assert_eq!(py_repr_str("abc"), "'abc'");
        assert_eq!(py_repr_str("a'b"), "\"a'b\"");
        assert_eq!(py_repr_str("a'b\""), "'a\\'b\"'");
        assert_eq!(py_repr_str("a\\b\n\u{1}\u{a0}"), "'a\\\\b\\n\\x01\\xa0'");
    }

    #[test]
    fn python_type_names() {
        let names: Vec<&str> = [
            serde_json::json!(null),
            serde_json::json!(true),
            serde_json::json!(1),
            serde_json::json!(1.5),
            serde_json::json!("s"),
            serde_json::json!([]),
            serde_json::json!({}),
        ]
        .iter()
        .map(py_type_name)
        .collect();
        assert_eq!(names, ["NoneType", "bool", "int", "float", "str", "list", "dict"]);
    }
}
