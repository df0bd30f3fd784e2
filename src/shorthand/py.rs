//! The few Python built-ins whose exact behaviour leaks into what the AWS CLI accepts:
//! `int(str)` and `float(str)`; their error messages quote the text with
//! `repr(str)` from `crate::python`.

use crate::python::py_repr_str;
use crate::shorthand::charset::py_strip;
use serde_json::{Number, Value};

/// `int(s)`: surrounding whitespace, a sign and `_` between digits are all accepted.
/// Only ASCII digits are supported; Python would also take other Unicode decimals.
pub(crate) fn int(s: &str) -> Result<Value, String> {
    let invalid = || format!("invalid literal for int() with base 10: {}", py_repr_str(s));
    let body = py_strip(s);
    let (negative, digits) = match body.as_bytes().first() {
        Some(b'-') => (true, &body[1..]),
        Some(b'+') => (false, &body[1..]),
        _ => (false, body),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
        return Err(invalid());
    }
    let cleaned = without_digit_separators(digits).ok_or_else(invalid)?;
    let number = if negative {
        format!("-{cleaned}").parse::<i64>().ok().map(Number::from)
    } else {
        cleaned.parse::<u64>().ok().map(Number::from)
    };
    // Python has unbounded integers; JSON numbers here stop at 64 bits.
    number.map(Value::Number).ok_or_else(|| format!("integer out of range: {}", py_repr_str(s)))
}

/// `float(s)`; infinities and NaN parse in Python but have no JSON form, so they fail here.
pub(crate) fn float(s: &str) -> Result<Value, String> {
    let invalid = || format!("could not convert string to float: {}", py_repr_str(s));
    let body = py_strip(s);
    let cleaned = without_digit_separators(body).ok_or_else(invalid)?;
    let parsed: f64 = cleaned.parse().map_err(|_| invalid())?;
    Number::from_f64(parsed).map(Value::Number).ok_or_else(|| format!("{} has no JSON representation", py_repr_str(s)))
}

/// PEP 515: a `_` is only valid between two digits.
fn without_digit_separators(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'_' {
            let before = i.checked_sub(1).map(|j| bytes[j]);
            let after = bytes.get(i + 1).copied();
            if !before.is_some_and(|c| c.is_ascii_digit()) || !after.is_some_and(|c| c.is_ascii_digit()) {
                return None;
            }
        }
    }
    Some(s.replace('_', ""))
}

/// The Python type name of a parsed container, as it appears in conversion errors.
pub(crate) fn container_name(value: &Value) -> &'static str {
    if value.is_array() {
        "list"
    } else {
        "dict"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn int_like_python() {
        assert_eq!(int(" 42\n"), Ok(json!(42)));
        assert_eq!(int("-1_000"), Ok(json!(-1000)));
        assert_eq!(int("+7"), Ok(json!(7)));
        assert_eq!(int("18446744073709551615"), Ok(json!(18446744073709551615u64)));
        assert_eq!(int("1.5").unwrap_err(), "invalid literal for int() with base 10: '1.5'");
        assert!(int("1__0").is_err() && int("_1").is_err() && int("").is_err() && int("-").is_err());
    }

    #[test]
    fn float_like_python() {
        assert_eq!(float("1"), Ok(json!(1.0)));
        assert_eq!(float(" 2.5e1 "), Ok(json!(25.0)));
        assert_eq!(float("1_0.5"), Ok(json!(10.5)));
        assert_eq!(float(".5"), Ok(json!(0.5)));
        assert_eq!(float("x").unwrap_err(), "could not convert string to float: 'x'");
        assert!(float("inf").is_err() && float("0x10").is_err() && float("1_").is_err());
    }
}
