//! Client-side parameter validation, check for check and message for message
//! botocore's `ParamValidator`, so a bad input fails here the way it fails in
//! `aws codepipeline`, before anything is sent.
//!
//! Like botocore, only types, required members and minimums are checked:
//! maximums, patterns and enums are the service's to enforce, and checking
//! them here could reject what the service accepts.
//!
//! The input is JSON, so each value is what `json.loads` would have given
//! botocore: str, int, float, bool, list, dict or None. Messages print values
//! the way Python's `str()` does.

use crate::error::CliError;
use crate::model::{Shape, ShapeType};
use crate::python::py_str;
use serde_json::{Map, Value};

/// Checks `input` against `shape`, reporting every problem at once, in the
/// order botocore finds them.
pub fn validate(input: &Value, shape: Shape<'_>) -> Result<(), CliError> {
    let mut problems = Vec::new();
    check(input, shape, "", &mut problems);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CliError::ParamValidation(problems))
    }
}

const DICT: &[&str] = &["<class 'dict'>"];
const LIST: &[&str] = &["<class 'list'>", "<class 'tuple'>"];
const STR: &[&str] = &["<class 'str'>"];
const INT: &[&str] = &["<class 'int'>"];
const FLOAT: &[&str] = &["<class 'float'>", "<class 'decimal.Decimal'>", "<class 'int'>"];
const BOOL: &[&str] = &["<class 'bool'>"];
const BLOB: &[&str] = &["<class 'bytes'>", "<class 'bytearray'>", "file-like object"];
const TIMESTAMP: &[&str] = &["<class 'datetime.datetime'>", "timestamp-string"];

/// `name` is botocore's internal path: "" at the top, ".member" below it.
fn check(value: &Value, shape: Shape<'_>, name: &str, out: &mut Vec<String>) {
    match shape.shape_type() {
        ShapeType::Structure => match value {
            Value::Object(params) => check_structure(params, shape, name, out),
            _ => invalid_type(name, value, DICT, out),
        },
        ShapeType::List => match value {
            Value::Array(items) => {
                min_length(name, items.len(), shape, out);
                if let Some(member) = shape.list_member() {
                    for (i, item) in items.iter().enumerate() {
                        check(item, member, &format!("{name}[{i}]"), out);
                    }
                }
            }
            _ => invalid_type(name, value, LIST, out),
        },
        // botocore checks no length for maps, only their keys and values.
        ShapeType::Map => match value {
            Value::Object(entries) => {
                for (key, item) in entries {
                    if let Some(key_shape) = shape.map_key() {
                        check(&Value::String(key.clone()), key_shape, &format!("{name} (key: {key})"), out);
                    }
                    if let Some(value_shape) = shape.map_value() {
                        check(item, value_shape, &format!("{name}.{key}"), out);
                    }
                }
            }
            _ => invalid_type(name, value, DICT, out),
        },
        ShapeType::String => match value {
            // Python's len() counts code points.
            Value::String(text) => min_length(name, text.chars().count(), shape, out),
            _ => invalid_type(name, value, STR, out),
        },
        // bool is a subclass of int in Python, so true and false pass as 1 and 0.
        ShapeType::Integer | ShapeType::Long => match value {
            Value::Bool(_) => min_value(name, value, shape, out),
            Value::Number(n) if !n.is_f64() => min_value(name, value, shape, out),
            _ => invalid_type(name, value, INT, out),
        },
        ShapeType::Float | ShapeType::Double => match value {
            Value::Bool(_) | Value::Number(_) => min_value(name, value, shape, out),
            _ => invalid_type(name, value, FLOAT, out),
        },
        ShapeType::Boolean => {
            if !value.is_boolean() {
                invalid_type(name, value, BOOL, out);
            }
        }
        ShapeType::Timestamp => {
            if !is_timestamp(value) {
                invalid_type(name, value, TIMESTAMP, out);
            }
        }
        // JSON cannot carry bytes or a file object; botocore takes a str as well.
        ShapeType::Blob => {
            if !value.is_string() {
                invalid_type(name, value, BLOB, out);
            }
        }
        // botocore has no validator for a type it does not know; nor do we.
        ShapeType::Other => {}
    }
}

fn check_structure(params: &Map<String, Value>, shape: Shape<'_>, name: &str, out: &mut Vec<String>) {
    let shown = display_name(name);
    for required in shape.required() {
        if !params.contains_key(required) {
            out.push(format!("Missing required parameter in {shown}: \"{required}\""));
        }
    }
    let mut known = Vec::new();
    for (key, value) in params {
        match shape.member(key) {
            Some(member) => known.push((key, value, member.shape())),
            None => {
                let valid: Vec<&str> = shape.members().map(|m| m.name()).collect();
                out.push(format!("Unknown parameter in {shown}: \"{key}\", must be one of: {}", valid.join(", ")));
            }
        }
    }
    // Members are checked only after every unknown one has been reported.
    for (key, value, member_shape) in known {
        check(value, member_shape, &format!("{name}.{key}"), out);
    }
}

fn display_name(name: &str) -> &str {
    match name {
        "" => "input",
        _ => name.strip_prefix('.').unwrap_or(name),
    }
}

fn invalid_type(name: &str, value: &Value, valid: &[&str], out: &mut Vec<String>) {
    out.push(format!(
        "Invalid type for parameter {}, value: {}, type: {}, valid types: {}",
        display_name(name),
        py_str(value),
        py_type(value),
        valid.join(", ")
    ));
}

/// The value botocore prints is the length, not the string or list itself.
fn min_length(name: &str, length: usize, shape: Shape<'_>, out: &mut Vec<String>) {
    if let Some(min) = shape.min() {
        if i128::try_from(length).unwrap_or(i128::MAX) < i128::from(min) {
            out.push(format!(
                "Invalid length for parameter {}, value: {length}, valid min length: {min}",
                display_name(name)
            ));
        }
    }
}

/// `value` is a number or a bool, already type checked.
fn min_value(name: &str, value: &Value, shape: Shape<'_>, out: &mut Vec<String>) {
    let Some(min) = shape.min() else { return };
    let below = match value {
        Value::Bool(b) => i64::from(*b) < min,
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i < min,
            // Beyond i64, so above any i64 minimum.
            (None, Some(_), _) => false,
            (None, None, Some(f)) => f < min as f64,
            (None, None, None) => false,
        },
        _ => false,
    };
    if below {
        out.push(format!(
            "Invalid value for parameter {}, value: {}, valid min value: {min}",
            display_name(name),
            py_str(value)
        ));
    }
}

/// Python's `type(value)` for what `json.loads` makes of `value`.
fn py_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "<class 'NoneType'>",
        Value::Bool(_) => "<class 'bool'>",
        Value::Number(n) if n.is_f64() => "<class 'float'>",
        Value::Number(_) => "<class 'int'>",
        Value::String(_) => "<class 'str'>",
        Value::Array(_) => "<class 'list'>",
        Value::Object(_) => "<class 'dict'>",
    }
}

/// The epoch seconds Python's datetime can hold: years 1 to 9999.
const EPOCH_RANGE: std::ops::Range<f64> = -62_135_596_800.0..253_402_300_800.0;

/// What botocore's `parse_to_aware_datetime` accepts: epoch seconds as a
/// number (bools included) or a string, or a string dateutil can parse.
fn is_timestamp(value: &Value) -> bool {
    match value {
        Value::Bool(_) => true,
        Value::Number(n) => n.as_f64().is_some_and(|f| EPOCH_RANGE.contains(&f)),
        Value::String(text) => match py_float_parse(text) {
            Some(f) => EPOCH_RANGE.contains(&f),
            None => looks_like_date(text),
        },
        _ => false,
    }
}

/// Python's `float(text)`: surrounding whitespace and `_` between digits allowed.
fn py_float_parse(text: &str) -> Option<f64> {
    let text = text.trim();
    let bytes = text.as_bytes();
    let underscores_ok = bytes.iter().enumerate().all(|(i, b)| {
        *b != b'_' || (i > 0 && bytes[i - 1].is_ascii_digit() && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
    });
    if !underscores_ok {
        return None;
    }
    text.replace('_', "").parse().ok()
}

/// dateutil's parser, approximated from the lenient side: any string made of
/// numbers, separators and the words dateutil knows (months, weekdays, am/pm,
/// unit and filler words, time zone names) that names at least one date or
/// time part. Strings dateutil rejects for their values (a 13th month) pass
/// here and fail later; a string dateutil accepts is meant never to fail here.
fn looks_like_date(text: &str) -> bool {
    #[rustfmt::skip]
    const WORDS: &[&str] = &[
        "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul", "july",
        "aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec", "december", "mon",
        "monday", "tue", "tuesday", "wed", "wednesday", "thu", "thursday", "fri", "friday", "sat", "saturday",
        "sun", "sunday", "am", "a", "pm", "p", "h", "hour", "hours", "m", "minute", "minutes", "s", "second",
        "seconds", "at", "on", "and", "ad", "t", "of", "st", "nd", "rd", "th", "utc", "gmt", "z",
    ];
    /// Whether `word` is one dateutil takes, and whether it names a date part.
    fn known(word: &str) -> (bool, bool) {
        let lower = word.to_lowercase();
        let known = WORDS.contains(&lower.as_str());
        // Months and weekdays alone make a date; am/pm and filler words do not.
        let part = known && lower.len() >= 3 && !matches!(lower.as_str(), "and" | "utc" | "gmt");
        // An upper-case word of up to five letters reads as a time zone name.
        let zone = word.len() <= 5 && word.chars().all(|c| c.is_ascii_uppercase());
        (known || zone, part)
    }
    let mut names_a_part = false;
    let mut word = String::new();
    // A trailing space ends the last word like any other separator.
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphabetic() {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            let (ok, part) = known(&word);
            if !ok {
                return false;
            }
            names_a_part |= part;
            word.clear();
        }
        if c.is_ascii_digit() {
            names_a_part = true;
        } else if !(c.is_whitespace() || ".,;-/':+".contains(c)) {
            return false;
        }
    }
    names_a_part
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::model;
    use serde_json::json;

    fn problems(operation: &str, input: Value) -> Vec<String> {
        let shape = model().operation(operation).and_then(|op| op.input()).expect("operation has an input");
        match validate(&input, shape) {
            Ok(()) => Vec::new(),
            Err(CliError::ParamValidation(problems)) => problems,
            Err(other) => panic!("unexpected error {other:?}"),
        }
    }

    /// A valid pipeline whose stages[0].actions[0] is `action`.
    fn pipeline_with_action(action: Value) -> Value {
        json!({"pipeline": {
            "name": "p",
            "roleArn": "arn:aws:iam::123456789012:role/r",
            "stages": [{"name": "Source", "actions": [action]}],
        }})
    }

    fn action_type_id() -> Value {
        json!({"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"})
    }

    const DEEP: &str = "pipeline.stages[0].actions[0]";

    #[test]
    fn valid_input_passes() {
        assert!(problems("GetPipeline", json!({"name": "p", "version": 2})).is_empty());
        assert!(problems(
            "CreatePipeline",
            pipeline_with_action(json!({"name": "a", "actionTypeId": action_type_id()}))
        )
        .is_empty());
    }

    #[test]
    fn missing_required() {
        assert_eq!(problems("GetPipeline", json!({})), ["Missing required parameter in input: \"name\""]);
        assert_eq!(
            problems("CreatePipeline", pipeline_with_action(json!({"name": "a"}))),
            [format!("Missing required parameter in {DEEP}: \"actionTypeId\"")]
        );
    }

    #[test]
    fn unknown_member_lists_members_in_model_order() {
        assert_eq!(
            problems("GetPipeline", json!({"name": "p", "nme": 1})),
            ["Unknown parameter in input: \"nme\", must be one of: name, version"]
        );
        let mut action_type = action_type_id();
        action_type["vendor"] = json!("x");
        assert_eq!(
            problems("CreatePipeline", pipeline_with_action(json!({"name": "a", "actionTypeId": action_type}))),
            [format!(
                "Unknown parameter in {DEEP}.actionTypeId: \"vendor\", must be one of: category, owner, provider, version"
            )]
        );
    }

    #[test]
    fn wrong_types() {
        assert_eq!(
            problems("GetPipeline", json!({"name": 1})),
            ["Invalid type for parameter name, value: 1, type: <class 'int'>, valid types: <class 'str'>"]
        );
        assert_eq!(
            problems("CreatePipeline", pipeline_with_action(json!({"name": "a", "actionTypeId": ["Build"]}))),
            [format!(
                "Invalid type for parameter {DEEP}.actionTypeId, value: ['Build'], type: <class 'list'>, \
                 valid types: <class 'dict'>"
            )]
        );
        assert_eq!(
            problems(
                "CreatePipeline",
                pipeline_with_action(json!({"name": "a", "actionTypeId": action_type_id(), "runOrder": 1.5}))
            ),
            [format!(
                "Invalid type for parameter {DEEP}.runOrder, value: 1.5, type: <class 'float'>, valid types: <class 'int'>"
            )]
        );
    }

    #[test]
    fn minimum_value() {
        assert_eq!(
            problems("GetPipeline", json!({"name": "p", "version": 0})),
            ["Invalid value for parameter version, value: 0, valid min value: 1"]
        );
        assert_eq!(
            problems(
                "CreatePipeline",
                pipeline_with_action(json!({"name": "a", "actionTypeId": action_type_id(), "timeoutInMinutes": false}))
            ),
            [format!("Invalid value for parameter {DEEP}.timeoutInMinutes, value: False, valid min value: 5")]
        );
    }

    #[test]
    fn minimum_length() {
        assert_eq!(
            problems("GetPipeline", json!({"name": ""})),
            ["Invalid length for parameter name, value: 0, valid min length: 1"]
        );
        let mut action_type = action_type_id();
        action_type["provider"] = json!("");
        assert_eq!(
            problems("CreatePipeline", pipeline_with_action(json!({"name": "a", "actionTypeId": action_type}))),
            [format!("Invalid length for parameter {DEEP}.actionTypeId.provider, value: 0, valid min length: 1")]
        );
    }

    #[test]
    fn several_problems_in_botocore_order() {
        // Required members first, then unknown ones, then each member in input order.
        let action = json!({"runOrder": 0, "zzz": 1, "actionTypeId": {"owner": 3}, "name": ""});
        assert_eq!(
            problems("CreatePipeline", pipeline_with_action(action)),
            [
                format!(
                    "Unknown parameter in {DEEP}: \"zzz\", must be one of: name, actionTypeId, runOrder, \
                         configuration, commands, outputArtifacts, inputArtifacts, outputVariables, roleArn, \
                         region, namespace, timeoutInMinutes, environmentVariables"
                ),
                format!("Invalid value for parameter {DEEP}.runOrder, value: 0, valid min value: 1"),
                format!("Missing required parameter in {DEEP}.actionTypeId: \"category\""),
                format!("Missing required parameter in {DEEP}.actionTypeId: \"provider\""),
                format!("Missing required parameter in {DEEP}.actionTypeId: \"version\""),
                format!(
                    "Invalid type for parameter {DEEP}.actionTypeId.owner, value: 3, type: <class 'int'>, \
                     valid types: <class 'str'>"
                ),
                format!("Invalid length for parameter {DEEP}.name, value: 0, valid min length: 1"),
            ]
        );
    }

    #[test]
    fn reported_as_param_validation() {
        let shape = model().operation("GetPipeline").and_then(|op| op.input()).expect("input");
        let err = validate(&json!({}), shape).expect_err("name is required");
        assert_eq!(err.to_string(), "\nParameter validation failed:\nMissing required parameter in input: \"name\"");
        assert_eq!(err.exit_code(), 252);
    }

    /// Every case of tests/fixtures/validation_cases.json, made by running
    /// botocore's own validator (tests/fixtures/validation_oracle.py).
    #[test]
    fn same_messages_as_botocore() {
        let cases: Value =
            serde_json::from_str(include_str!("../tests/fixtures/validation_cases.json")).expect("fixture is JSON");
        let cases = cases.as_array().expect("fixture is a list");
        assert!(cases.len() >= 25);
        for case in cases {
            let operation = case["operation"].as_str().expect("operation");
            let expected: Vec<&str> =
                case["expected"].as_array().expect("expected").iter().filter_map(Value::as_str).collect();
            assert_eq!(problems(operation, case["input"].clone()), expected, "{operation} {}", case["input"]);
        }
    }
}
