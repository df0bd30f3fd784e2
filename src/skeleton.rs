//! `--generate-cli-skeleton`: the sample documents the AWS CLI builds from a
//! shape with botocore's `ArgumentGenerator`, placeholder for placeholder.

use crate::model::{Shape, ShapeType};
use serde_json::{json, Map, Value};

/// The skeleton of `--generate-cli-skeleton input`: `{}` for an operation
/// without input.
pub fn input(shape: Option<Shape<'_>>) -> Value {
    shape.map_or_else(|| json!({}), |shape| generate(shape, &mut Vec::new(), "", false))
}

/// The made-up response of `--generate-cli-skeleton output`: strings hold
/// their member's name, list items their shape's name.
pub fn output(shape: Option<Shape<'_>>) -> Value {
    shape.map_or_else(|| json!({}), |shape| generate(shape, &mut Vec::new(), "", true))
}

/// `stack` holds the shapes being generated, so that a structure met again
/// inside itself becomes `{}` instead of recursing forever; `name` is what a
/// string says in an output skeleton.
fn generate<'m>(shape: Shape<'m>, stack: &mut Vec<&'m str>, name: &str, use_names: bool) -> Value {
    stack.push(shape.name());
    let value = match shape.shape_type() {
        ShapeType::Structure => {
            if stack.iter().filter(|seen| **seen == shape.name()).count() > 1 {
                json!({})
            } else {
                let members: Map<String, Value> = shape
                    .members()
                    .map(|member| (member.name().to_owned(), generate(member.shape(), stack, member.name(), use_names)))
                    .collect();
                Value::Object(members)
            }
        }
        ShapeType::List => match shape.list_member() {
            Some(member) => {
                let item_name = if use_names { member.name() } else { "" };
                json!([generate(member, stack, item_name, use_names)])
            }
            None => json!([]),
        },
        ShapeType::Map => match shape.map_value() {
            Some(value) => json!({"KeyName": generate(value, stack, "", use_names)}),
            None => json!({}),
        },
        ShapeType::String if use_names => json!(name),
        // botocore picks an enum value at random; the first keeps output stable.
        ShapeType::String => json!(shape.enum_values().first().copied().unwrap_or("")),
        ShapeType::Integer | ShapeType::Long => json!(0),
        ShapeType::Float | ShapeType::Double => json!(0.0),
        ShapeType::Boolean => json!(true),
        // A naive datetime(1970, 1, 1), printed by the CLI with isoformat().
        ShapeType::Timestamp => json!("1970-01-01T00:00:00"),
        // botocore generates nothing for blobs, which prints as null.
        ShapeType::Blob | ShapeType::Other => Value::Null,
    };
    stack.pop();
    value
}

/// `--generate-cli-skeleton input` (JSON, as the AWS CLI writes it) or
/// `yaml-input` (AWS CLI v2): printed instead of sending anything.
pub fn print(kind: &str, shape: Option<Shape<'_>>) -> Result<String, crate::error::CliError> {
    let skeleton = input(shape);
    Ok(match (kind, shape) {
        ("yaml-input", Some(shape)) => {
            let mut out = String::new();
            yaml_structure(&mut out, &skeleton, shape, 0);
            out
        }
        ("yaml-input", None) => "{}\n".to_string(),
        _ => crate::output::json_document(&skeleton),
    })
}

/// The YAML skeleton as AWS CLI v2 writes it (ruamel.yaml, block style): each
/// structure member followed by a comment with `[REQUIRED]`, the first
/// sentence of its documentation and its valid values.
fn yaml_structure(out: &mut String, value: &Value, shape: Shape<'_>, indent: usize) {
    let Some(map) = value.as_object() else { return };
    if map.is_empty() {
        out.push_str(" {}\n");
        return;
    }
    let required = shape.required();
    for (index, (name, member_value)) in map.iter().enumerate() {
        let Some(member) = shape.member(name) else { continue };
        // The first key of a list item shares the line of its "- ".
        if !(index == 0 && out.ends_with("- ")) {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(name);
        out.push(':');
        let mut comment = Vec::new();
        if required.contains(&name.as_str()) {
            comment.push("[REQUIRED]".to_string());
        }
        let overview = crate::help::summary(member.documentation());
        if !overview.is_empty() {
            comment.push(overview);
        }
        let values = member.shape().enum_values();
        if !values.is_empty() {
            comment.push(format!("Valid values are: {}.", values.join(", ")));
        }
        let comment = if comment.is_empty() { String::new() } else { format!("  # {}", comment.join(" ")) };
        yaml_value(out, member_value, member.shape(), indent, &comment);
    }
}

fn yaml_value(out: &mut String, value: &Value, shape: Shape<'_>, indent: usize, comment: &str) {
    match (value, shape.shape_type()) {
        (Value::Object(map), ShapeType::Structure) if !map.is_empty() => {
            out.push_str(comment);
            out.push('\n');
            yaml_structure(out, value, shape, indent + 2);
        }
        (Value::Object(map), ShapeType::Map) if !map.is_empty() => {
            out.push_str(comment);
            out.push('\n');
            for (key, entry) in map {
                out.push_str(&format!("{}{key}:", " ".repeat(indent + 2)));
                if let Some(value_shape) = shape.map_value() {
                    yaml_value(out, entry, value_shape, indent + 2, "");
                }
            }
        }
        (Value::Array(items), ShapeType::List) if !items.is_empty() => {
            out.push_str(comment);
            out.push('\n');
            let Some(item_shape) = shape.list_member() else { return };
            for item in items {
                out.push_str(&" ".repeat(indent));
                out.push_str("- ");
                match item {
                    Value::Object(map) if !map.is_empty() && item_shape.shape_type() == ShapeType::Structure => {
                        yaml_structure(out, item, item_shape, indent + 2);
                    }
                    scalar => {
                        out.push_str(&yaml_scalar(scalar));
                        out.push('\n');
                    }
                }
            }
        }
        (scalar, _) => {
            out.push(' ');
            out.push_str(&yaml_scalar(scalar));
            out.push_str(comment);
            out.push('\n');
        }
    }
}

fn yaml_scalar(value: &Value) -> String {
    match value {
        Value::String(text) if text.is_empty() => "''".into(),
        Value::String(text) => text.clone(),
        Value::Object(_) => "{}".into(),
        Value::Array(_) => "[]".into(),
        Value::Null => "!!binary ''".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::model;

    /// tests/fixtures/skeletons.json comes from botocore's ArgumentGenerator
    /// with random.choice fixed to the first choice
    /// (tests/fixtures/skeleton_oracle.py). Compared as text, so key order counts.
    #[test]
    fn every_operation_matches_the_aws_cli() {
        let expected: Value =
            serde_json::from_str(include_str!("../tests/fixtures/skeletons.json")).expect("fixture is JSON");
        let expected = expected.as_object().expect("fixture is an object");
        let operations: Vec<_> = model().operations().collect();
        assert_eq!(operations.len(), expected.len());
        for op in operations {
            let want = &expected[op.name()];
            assert_eq!(input(op.input()).to_string(), want["input"].to_string(), "{} input", op.name());
            assert_eq!(output(op.output()).to_string(), want["output"].to_string(), "{} output", op.name());
        }
    }

    #[test]
    fn recursion_and_placeholders() {
        let op = model().operation("GetJobDetails").expect("GetJobDetails");
        let out = output(op.output());
        // A map's values carry no name, so its strings are empty even in output.
        assert_eq!(out["jobDetails"]["data"]["actionConfiguration"]["configuration"]["KeyName"], "");
        assert_eq!(out["jobDetails"]["data"]["inputArtifacts"][0]["name"], "name");
        let op = model().operation("CreatePipeline").expect("CreatePipeline");
        let skeleton = input(op.input());
        assert_eq!(skeleton["pipeline"]["version"], json!(0));
        assert_eq!(skeleton["pipeline"]["stages"][0]["actions"][0]["actionTypeId"]["category"], "Source");
        assert_eq!(input(None), json!({}));
    }

    #[test]
    fn yaml_input_is_commented_block_yaml_that_reads_back_as_the_json_skeleton() {
        let op = model().operation("CreatePipeline").expect("CreatePipeline");
        let yaml = print("yaml-input", op.input()).expect("yaml");
        assert!(yaml.starts_with("pipeline:  # [REQUIRED] Represents the structure of actions and stages"), "{yaml}");
        assert!(yaml.contains("\n  stages:"), "{yaml}");
        assert!(yaml.contains("- name: ''  # [REQUIRED]"), "{yaml}");
        assert!(yaml.contains("category: Source  # [REQUIRED]"), "{yaml}");
        let back: Value = serde_yaml_ng::from_str(&yaml).expect("valid YAML");
        assert_eq!(back, input(op.input()));
    }
}
