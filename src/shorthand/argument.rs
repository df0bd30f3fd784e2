//! Turning the raw command-line values of one argument into its JSON value, choosing
//! between shorthand, JSON and plain scalars the way the AWS CLI does.

use crate::shorthand::charset::{is_py_space, py_strip};
use crate::shorthand::coerce::coerce;
use crate::shorthand::error::{Origin, ShorthandError};
use crate::shorthand::parser::parse;
use crate::shorthand::py;
use crate::shorthand::shape::{is_document_container, Kind, ShapeView};
use serde_json::{Map, Value};

/// `values` are the words following the option: exactly one, except for list-shaped
/// arguments, which take one or more (`--tags key=a,value=b key=c,value=d` gives one
/// list element per word).
pub fn parse_argument(cli_name: &str, values: &[&str], shape: &impl ShapeView) -> Result<Value, ShorthandError> {
    let input = match (shape.kind(), values) {
        (Kind::List, []) => {
            let message = format!("argument {cli_name}: expected at least one argument");
            return Err(ShorthandError::new(Origin::Other, message));
        }
        (Kind::List, _) => Input::Many(values),
        (_, [value]) => Input::One(value),
        _ => {
            let message = format!("argument {cli_name}: expected one argument");
            return Err(ShorthandError::new(Origin::Other, message));
        }
    };
    if takes_shorthand(values, shape) {
        shorthand(input, shape).map_err(|e| e.in_param(cli_name))
    } else {
        unpack(cli_name, input, shape)
    }
}

#[derive(Clone, Copy)]
enum Input<'a> {
    One(&'a str),
    Many(&'a [&'a str]),
}

/// Only the first word is looked at: if it starts like JSON, all words are JSON.
fn takes_shorthand(values: &[&str], shape: &impl ShapeView) -> bool {
    let looks_like_json = values.first().is_some_and(|first| py_strip(first).starts_with(['[', '{']));
    !looks_like_json && !is_document_container(shape) && is_complex(shape)
}

/// Lists of scalars are plain words (`--ids a b c`), not shorthand.
fn is_complex(shape: &impl ShapeView) -> bool {
    match shape.kind() {
        Kind::Structure | Kind::Map => true,
        Kind::List => {
            shape.list_member().is_some_and(|member| matches!(member.kind(), Kind::Structure | Kind::List | Kind::Map))
        }
        _ => false,
    }
}

fn shorthand(input: Input<'_>, shape: &impl ShapeView) -> Result<Value, ShorthandError> {
    match input {
        Input::One(text) => {
            // `--behavior stop` for a structure whose only member is the string `Value`.
            if let [(name, member)] = shape.members().as_slice() {
                if name == "Value" && member.kind() == Kind::String && !text.contains('=') {
                    let mut wrapped = Map::new();
                    wrapped.insert(name.clone(), Value::String(text.to_owned()));
                    return Ok(Value::Object(wrapped));
                }
            }
            coerce(parse(text)?, shape)
        }
        Input::Many(words) => {
            let parsed = words.iter().map(|word| parse(word)).collect::<Result<_, _>>()?;
            coerce(Value::Array(parsed), shape)
        }
    }
}

/// The non-shorthand path: JSON for complex shapes, conversions for scalars.
fn unpack(cli_name: &str, input: Input<'_>, shape: &impl ShapeView) -> Result<Value, ShorthandError> {
    let text = match input {
        Input::Many(_) => return unpack_list(cli_name, input, shape),
        Input::One(_) if shape.kind() == Kind::List => return unpack_list(cli_name, input, shape),
        Input::One(text) => text,
    };
    match shape.kind() {
        Kind::Document => json(cli_name, text),
        Kind::Structure | Kind::Map => match first_non_space(text) {
            Some('{') => json(cli_name, text),
            Some(_) => Err(ShorthandError::param_error(cli_name, format!("Invalid JSON:\n{text}"))),
            None => Err(index_error()),
        },
        Kind::Integer | Kind::Long => py::int(text).map_err(conversion),
        Kind::Float | Kind::Double => py::float(text).map_err(conversion),
        // Python's truthiness: every other non-empty word, even "no", is true.
        Kind::Boolean => Ok(Value::Bool(text.to_lowercase() != "false" && !text.is_empty())),
        _ => Ok(Value::String(text.to_owned())),
    }
}

fn unpack_list(cli_name: &str, input: Input<'_>, shape: &impl ShapeView) -> Result<Value, ShorthandError> {
    let items: Vec<&str> = match input {
        Input::One(text) => match first_non_space(text) {
            Some('[') => return json(cli_name, text),
            // A single string where a list is expected (a list nested in a list of
            // JSON-less words): Python iterates it character by character.
            Some(_) => text.char_indices().map(|(i, c)| &text[i..i + c.len_utf8()]).collect(),
            None => return Err(index_error()),
        },
        Input::Many(words) => {
            if let [word] = words {
                if py_strip(word).starts_with('[') {
                    return json(cli_name, word);
                }
            }
            words.to_vec()
        }
    };
    let first = items.first().copied().unwrap_or_default();
    let element = |item: &str| match shape.list_member() {
        Some(member) => unpack(cli_name, Input::One(item), &member),
        None => Ok(Value::String(item.to_owned())),
    };
    items
        .iter()
        .map(|item| {
            // A failed number conversion is reported as just the first word.
            element(item).map_err(|e| match e.origin() {
                Origin::Conversion => ShorthandError::param_error(cli_name, first),
                _ => e,
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

fn json(cli_name: &str, text: &str) -> Result<Value, ShorthandError> {
    crate::json_loads::loads(text)
        .map_err(|e| ShorthandError::param_error(cli_name, format!("Invalid JSON: {e}\nJSON received: {text}")))
}

fn first_non_space(text: &str) -> Option<char> {
    text.chars().find(|&c| !is_py_space(c))
}

/// Python indexes the first non-blank character without checking there is one.
fn index_error() -> ShorthandError {
    ShorthandError::new(Origin::Other, "string index out of range")
}

fn conversion(message: String) -> ShorthandError {
    ShorthandError::new(Origin::Conversion, message)
}

#[cfg(test)]
mod tests {
    use super::parse_argument;
    use crate::shorthand::shape::fake::{list, Shape};
    use crate::shorthand::shape::Kind;
    use serde_json::json;

    fn tags() -> Shape {
        let string = || Shape::Scalar(Kind::String);
        list(Shape::Structure(vec![("key", string()), ("value", string())]))
    }

    #[test]
    fn one_list_element_per_word() {
        let parsed = parse_argument("--tags", &["key=a,value=b", "key=c,value=d"], &tags());
        assert_eq!(parsed.ok(), Some(json!([{"key": "a", "value": "b"}, {"key": "c", "value": "d"}])));
    }

    #[test]
    fn json_when_the_first_word_looks_like_json() {
        let parsed = parse_argument("--tags", &[" [{\"key\": \"a\"}]"], &tags());
        assert_eq!(parsed.ok(), Some(json!([{"key": "a"}])));
    }

    #[test]
    fn shorthand_errors_name_the_parameter() {
        let e = parse_argument("--tags", &["key=a,value=b,key=c"], &tags()).unwrap_err();
        assert!(e.to_string().starts_with("Error parsing parameter '--tags': Second instance"));
    }

    #[test]
    fn scalar_lists_are_plain_words() {
        let ints = list(Shape::Scalar(Kind::Integer));
        assert_eq!(parse_argument("--n", &["1", "2"], &ints).ok(), Some(json!([1, 2])));
        let e = parse_argument("--n", &["1", "x"], &ints).unwrap_err();
        assert_eq!(e.to_string(), "Error parsing parameter '--n': 1");
    }

    #[test]
    fn word_counts_are_checked() {
        assert!(parse_argument("--tags", &[], &tags()).is_err());
        assert!(parse_argument("--n", &["1", "2"], &Shape::Scalar(Kind::Integer)).is_err());
    }
}
