//! The model-aware pass over a parsed shorthand value (the AWS CLI's `BackCompatVisitor`):
//! a lone value where the model wants a list becomes a one-element list, and strings
//! become numbers or booleans where the model says so.

use crate::shorthand::error::{Origin, ShorthandError};
use crate::shorthand::py;
use crate::shorthand::shape::{Kind, ShapeView};
use serde_json::Value;

enum Failure {
    /// A document-typed shape got a value; the enclosing structure names the member.
    Document,
    Error(ShorthandError),
}

impl From<ShorthandError> for Failure {
    fn from(e: ShorthandError) -> Self {
        Failure::Error(e)
    }
}

/// Applies the model to a parsed value.
///
/// Like the AWS CLI, only changes *inside* the value are kept: the top level is visited
/// through a throw-away parent, so a top-level scalar is not converted and a top-level
/// non-list is not wrapped (conversion errors are still reported). Keys the model does
/// not know are left untouched, and values that are already typed are left alone.
pub fn coerce(mut value: Value, shape: &impl ShapeView) -> Result<Value, ShorthandError> {
    match visit(&mut value, shape) {
        Ok(_top_level_replacement) => Ok(value),
        Err(Failure::Error(e)) => Err(e),
        Err(Failure::Document) => {
            Err(ShorthandError::new(Origin::Other, "Shorthand syntax does not support document types."))
        }
    }
}

/// Returns what the parent should store instead of `value`, if anything.
fn visit(value: &mut Value, shape: &impl ShapeView) -> Result<Option<Value>, Failure> {
    if value.is_null() {
        return Ok(None);
    }
    match shape.kind() {
        Kind::Document => Err(Failure::Document),
        Kind::Structure => visit_structure(value, shape).map(|()| None),
        Kind::List => visit_list(value, shape),
        Kind::Map => visit_map(value, shape).map(|()| None),
        kind => scalar(value, kind).map_err(Failure::Error),
    }
}

fn visit_structure(value: &mut Value, shape: &impl ShapeView) -> Result<(), Failure> {
    let Value::Object(fields) = value else {
        return Ok(());
    };
    for (name, member) in shape.members() {
        let Some(field) = fields.get_mut(&name) else {
            continue;
        };
        match visit(field, &member) {
            Ok(Some(replacement)) => *field = replacement,
            Ok(None) => {}
            Err(Failure::Document) => {
                return Err(Failure::Error(ShorthandError::new(
                    Origin::Shorthand,
                    format!(
                        "Shorthand syntax does not support document types. Use JSON input for \
                         top-level argument to specify nested parameter: {name}"
                    ),
                )))
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn visit_list(value: &mut Value, shape: &impl ShapeView) -> Result<Option<Value>, Failure> {
    let Value::Array(items) = value else {
        // `Values=a` where a list is expected. The element itself is not visited, so a
        // lone number for a list of integers stays a string, as in the AWS CLI.
        return Ok(Some(Value::Array(vec![value.clone()])));
    };
    let Some(member) = shape.list_member() else {
        return Ok(None);
    };
    for item in items.iter_mut() {
        if let Some(replacement) = visit(item, &member)? {
            *item = replacement;
        }
    }
    Ok(None)
}

fn visit_map(value: &mut Value, shape: &impl ShapeView) -> Result<(), Failure> {
    let (Value::Object(entries), Some(value_shape)) = (value, shape.map_value()) else {
        return Ok(());
    };
    for entry in entries.values_mut() {
        if let Some(replacement) = visit(entry, &value_shape)? {
            *entry = replacement;
        }
    }
    Ok(())
}

fn scalar(value: &Value, kind: Kind) -> Result<Option<Value>, ShorthandError> {
    let conversion = |message: String| ShorthandError::new(Origin::Conversion, message);
    match (kind, value) {
        (Kind::Integer | Kind::Long, Value::String(s)) => py::int(s).map(Some).map_err(conversion),
        (Kind::Float | Kind::Double, Value::String(s)) => py::float(s).map(Some).map_err(conversion),
        (Kind::Boolean, Value::String(s)) => Ok(match s.to_lowercase().as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            // Anything else is passed on for the request validation to reject.
            _ => None,
        }),
        (Kind::Integer | Kind::Long, Value::Array(_) | Value::Object(_)) => Err(conversion(format!(
            "int() argument must be a string, a bytes-like object or a real number, not '{}'",
            py::container_name(value)
        ))),
        (Kind::Float | Kind::Double, Value::Array(_) | Value::Object(_)) => Err(conversion(format!(
            "float() argument must be a string or a real number, not '{}'",
            py::container_name(value)
        ))),
        (Kind::Boolean, Value::Array(_) | Value::Object(_)) => Err(ShorthandError::new(
            Origin::Other,
            format!("'{}' object has no attribute 'lower'", py::container_name(value)),
        )),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::coerce;
    use crate::shorthand::shape::fake::{list, map, Shape};
    use crate::shorthand::shape::Kind;
    use serde_json::json;

    fn model() -> Shape {
        Shape::Structure(vec![
            ("n", Shape::Scalar(Kind::Integer)),
            ("f", Shape::Scalar(Kind::Float)),
            ("b", Shape::Scalar(Kind::Boolean)),
            ("ids", list(Shape::Scalar(Kind::Integer))),
            ("m", map(Shape::Scalar(Kind::Long))),
            ("d", Shape::Document),
        ])
    }

    #[test]
    fn converts_where_the_model_says() {
        let parsed = json!({"n": "1", "f": "2", "b": "False", "ids": ["3"], "m": {"x": "4"}, "other": "5"});
        let expected = json!({"n": 1, "f": 2.0, "b": false, "ids": [3], "m": {"x": 4}, "other": "5"});
        assert_eq!(coerce(parsed, &model()).ok(), Some(expected));
    }

    #[test]
    fn a_lone_value_becomes_a_list_without_conversion() {
        assert_eq!(coerce(json!({"ids": "3"}), &model()).ok(), Some(json!({"ids": ["3"]})));
    }

    #[test]
    fn the_top_level_is_never_replaced() {
        let ids = list(Shape::Scalar(Kind::Integer));
        assert_eq!(coerce(json!("3"), &ids).ok(), Some(json!("3")));
        assert!(coerce(json!("x"), &Shape::Scalar(Kind::Integer)).is_err());
    }

    #[test]
    fn unknown_booleans_and_bad_numbers() {
        assert_eq!(coerce(json!({"b": "yes"}), &model()).ok(), Some(json!({"b": "yes"})));
        let e = coerce(json!({"n": "x"}), &model()).unwrap_err();
        assert_eq!(e.to_string(), "invalid literal for int() with base 10: 'x'");
    }

    #[test]
    fn documents_are_refused_by_member_name() {
        let e = coerce(json!({"d": "x"}), &model()).unwrap_err();
        assert!(e.message().ends_with("specify nested parameter: d"));
    }
}
