//! Requests and responses made up from the service model, every member
//! populated, so that each operation can be driven without typing its
//! parameters by hand.

use serde_json::{json, Map, Value};
use std::sync::OnceLock;

#[path = "../../src/model/names.rs"]
mod names;

pub fn service() -> &'static Value {
    static MODEL: OnceLock<Value> = OnceLock::new();
    MODEL.get_or_init(|| serde_json::from_str(include_str!("../../model/service-2.json")).expect("model parses"))
}

fn paginators() -> &'static Value {
    static MODEL: OnceLock<Value> = OnceLock::new();
    MODEL.get_or_init(|| serde_json::from_str(include_str!("../../model/paginators-1.json")).expect("paginators parse"))
}

pub fn operation_names() -> Vec<String> {
    service()["operations"].as_object().expect("operations").keys().cloned().collect()
}

pub fn command_name(operation: &str) -> String {
    names::xform_name(operation, '-')
}

pub fn module_name(operation: &str) -> String {
    names::xform_name(operation, '_')
}

/// The AWS CLI's renamed members (its argrename customisation).
pub fn flag_name(command: &str, member: &str) -> String {
    match (command, member) {
        ("get-pipeline", "version") => "pipeline-version".into(),
        ("create-custom-action-type" | "delete-custom-action-type" | "get-action-type", "version") => {
            "action-version".into()
        }
        _ => names::xform_name(member, '-'),
    }
}

fn shape(name: &str) -> &'static Value {
    &service()["shapes"][name]
}

fn member_shape_name(member: &Value) -> &str {
    member["shape"].as_str().expect("member has a shape")
}

#[derive(Clone, Copy, PartialEq)]
pub enum Side {
    Request,
    Response,
}

/// A value for `shape_name`, with every member of every structure filled.
pub fn sample(shape_name: &str, label: &str, side: Side, depth: usize) -> Value {
    let def = shape(shape_name);
    match def["type"].as_str().unwrap_or("") {
        "structure" => {
            let mut map = Map::new();
            let required: Vec<&str> =
                def["required"].as_array().map(|r| r.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
            for (name, member) in def["members"].as_object().expect("members") {
                if depth > 5 && !required.contains(&name.as_str()) {
                    continue;
                }
                map.insert(name.clone(), sample(member_shape_name(member), name, side, depth + 1));
            }
            Value::Object(map)
        }
        "list" => json!([sample(member_shape_name(&def["member"]), label, side, depth + 1)]),
        "map" => {
            let key = match sample(member_shape_name(&def["key"]), "key", side, depth + 1) {
                Value::String(key) => key,
                other => other.to_string(),
            };
            let mut map = Map::new();
            map.insert(key, sample(member_shape_name(&def["value"]), "value", side, depth + 1));
            Value::Object(map)
        }
        "string" => {
            if let Some(first) = def["enum"].as_array().and_then(|values| values.first()) {
                return first.clone();
            }
            let min = def["min"].as_u64().unwrap_or(0) as usize;
            let max = def["max"].as_u64().map(|m| m as usize).unwrap_or(usize::MAX);
            let mut text = format!("{label}-é");
            while text.chars().count() < min {
                text.push('x');
            }
            Value::String(text.chars().take(max).collect())
        }
        "integer" | "long" => {
            let min = def["min"].as_i64().unwrap_or(1).max(1);
            json!(def["max"].as_i64().map_or(min + 1, |max| (min + 1).min(max)))
        }
        "boolean" => json!(true),
        "timestamp" => match side {
            Side::Request => json!("2024-01-02T03:04:05Z"),
            Side::Response => json!(1704164645.25),
        },
        "blob" => json!("aGVsbG8="),
        "double" | "float" => json!(1.5),
        other => panic!("shape {shape_name} has an unexpected type {other}"),
    }
}

fn input_shape(operation: &str) -> Option<&'static str> {
    service()["operations"][operation]["input"]["shape"].as_str()
}

pub fn output_shape(operation: &str) -> Option<&'static str> {
    service()["operations"][operation]["output"]["shape"].as_str()
}

/// Every input member of `operation`, as a JSON request.
pub fn request(operation: &str) -> Value {
    input_shape(operation).map_or_else(|| json!({}), |s| sample(s, "input", Side::Request, 0))
}

/// The command line (after the command name) that carries `request` as flags.
pub fn flags(operation: &str, request: &Value) -> Vec<String> {
    let command = command_name(operation);
    let mut args = vec![command.clone()];
    let Some(input) = input_shape(operation) else { return args };
    for (name, member) in shape(input)["members"].as_object().expect("members") {
        let Some(value) = request.get(name) else { continue };
        let flag = format!("--{}", flag_name(&command, name));
        let member_type = shape(member_shape_name(member))["type"].as_str().unwrap_or("");
        match (member_type, value) {
            ("boolean", Value::Bool(true)) => args.push(flag),
            ("boolean", Value::Bool(false)) => args.push(format!("--no-{}", &flag[2..])),
            (_, Value::String(text)) => args.extend([flag, text.clone()]),
            (_, Value::Number(n)) => args.extend([flag, n.to_string()]),
            ("list", Value::Array(items)) if items.iter().all(Value::is_string) => {
                args.push(flag);
                args.extend(items.iter().filter_map(Value::as_str).map(String::from));
            }
            (_, other) => args.extend([flag, other.to_string()]),
        }
    }
    args
}

/// The service's own paging members (token, page size), which the AWS CLI
/// hides behind `--starting-token`, `--page-size` and `--max-items`.
pub fn paging_members(operation: &str) -> Vec<String> {
    let config = &paginators()["pagination"][operation];
    ["input_token", "limit_key"].iter().filter_map(|key| config[*key].as_str()).map(String::from).collect()
}

/// A response for `operation` with every member populated and no pagination token,
/// so that one request is the whole conversation.
pub fn response(operation: &str) -> Value {
    let Some(output) = output_shape(operation) else { return json!({}) };
    let mut value = sample(output, "output", Side::Response, 0);
    if let Some(token) = paginators()["pagination"][operation]["output_token"].as_str() {
        if let Some(map) = value.as_object_mut() {
            map.remove(token);
        }
    }
    value
}

/// JSON equality that does not care whether a number was sent as 1 or 1.0.
pub fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same_json(v, w)),
        _ => a == b,
    }
}

/// `request` as it must go over the wire: timestamps as epoch seconds.
pub fn wire_form(operation: &str, request: &Value) -> Value {
    fn walk(value: &Value, shape_name: &str) -> Value {
        let def = shape(shape_name);
        match (def["type"].as_str().unwrap_or(""), value) {
            ("timestamp", Value::String(text)) => {
                let ts: jiff::Timestamp = text.parse().expect("sample timestamps parse");
                json!(ts.as_second())
            }
            ("structure", Value::Object(map)) => Value::Object(
                map.iter().map(|(k, v)| (k.clone(), walk(v, member_shape_name(&def["members"][k])))).collect(),
            ),
            ("list", Value::Array(items)) => {
                Value::Array(items.iter().map(|v| walk(v, member_shape_name(&def["member"]))).collect())
            }
            ("map", Value::Object(map)) => {
                Value::Object(map.iter().map(|(k, v)| (k.clone(), walk(v, member_shape_name(&def["value"])))).collect())
            }
            _ => value.clone(),
        }
    }
    input_shape(operation).map_or_else(|| request.clone(), |s| walk(request, s))
}
