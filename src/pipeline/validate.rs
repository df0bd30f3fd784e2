//! Offline checks of a pipeline definition, so mistakes surface before a
//! CreatePipeline/UpdatePipeline round trip and with a path to the culprit.
//!
//! Two layers: the service model's own constraints (walked generically from
//! the shapes, so a newer model brings its new members along), then the
//! documented pipeline-structure rules that the model cannot express.

use serde_json::{Map, Value};
use std::fmt;

mod rules;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Operations whose shapes may wrap a PipelineDeclaration in a definition
/// file; their members together form what the wrapper may contain.
const WRAPPER_SHAPES: [&str; 3] = ["CreatePipelineInput", "UpdatePipelineInput", "GetPipelineOutput"];

/// Reads a definition written as JSON or YAML into a JSON value.
pub fn parse_definition(text: &str) -> Result<Value, String> {
    use crate::document::{parse_value, Syntax};
    // JSON is also YAML, but serde_json's messages are sharper for JSON typos.
    let json = text.trim_start_matches('\u{feff}').trim_start().starts_with('{');
    let value = parse_value(text, if json { Syntax::Json } else { Syntax::Yaml })?;
    if value.is_null() {
        return Err("the definition is empty".to_string());
    }
    Ok(value)
}

/// The PipelineDeclaration inside any accepted form of definition.
pub fn declaration(doc: &Value) -> &Value {
    match doc.get("pipeline") {
        Some(inner) if doc.is_object() => inner,
        _ => doc,
    }
}

pub fn validate(doc: &Value, model: &Value) -> Vec<Problem> {
    let empty = Map::new();
    let shapes = model.get("shapes").and_then(Value::as_object).unwrap_or(&empty);
    let mut out = Vec::new();
    let wrapped = doc.as_object().is_some_and(|o| o.contains_key("pipeline"));
    let checker = Checker { shapes };
    if wrapped {
        checker.check(&wrapper_shape(shapes), doc, "", &mut out);
    } else {
        checker.check_named("PipelineDeclaration", doc, "", &mut out);
    }
    let prefix = if wrapped { "pipeline" } else { "" };
    if let Some(decl) = declaration(doc).as_object() {
        rules::check_rules(decl, prefix, &mut out);
    }
    out
}

fn wrapper_shape(shapes: &Map<String, Value>) -> Value {
    let mut members = Map::new();
    for name in WRAPPER_SHAPES {
        if let Some(m) = shapes.get(name).and_then(|s| s.get("members")).and_then(Value::as_object) {
            for (k, v) in m {
                members.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
    }
    serde_json::json!({"type": "structure", "required": ["pipeline"], "members": members})
}

fn problem(out: &mut Vec<Problem>, path: &str, message: String) {
    let path = if path.is_empty() { "(document)" } else { path };
    out.push(Problem { path: path.to_string(), message });
}

fn member_path(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent}.{name}")
    }
}

/// Map keys such as configuration names are usually plain words; anything
/// else is quoted so the path stays unambiguous.
fn key_path(parent: &str, key: &str) -> String {
    let plain = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        member_path(parent, key)
    } else {
        format!("{parent}[{}]", Value::from(key))
    }
}

struct Checker<'m> {
    shapes: &'m Map<String, Value>,
}

impl Checker<'_> {
    fn check_named(&self, name: &str, value: &Value, path: &str, out: &mut Vec<Problem>) {
        match self.shapes.get(name) {
            Some(shape) => self.check(shape, value, path, out),
            None => problem(out, path, format!("the service model has no shape {name}; cannot check this value")),
        }
    }

    fn check_ref(&self, reference: &Value, value: &Value, path: &str, out: &mut Vec<Problem>) {
        if let Some(name) = reference.get("shape").and_then(Value::as_str) {
            self.check_named(name, value, path, out);
        }
    }

    fn check(&self, shape: &Value, value: &Value, path: &str, out: &mut Vec<Problem>) {
        let kind = shape.get("type").and_then(Value::as_str).unwrap_or_default();
        if !type_matches(kind, value) {
            problem(out, path, type_message(kind, value));
            return;
        }
        match value {
            Value::Object(obj) if kind == "structure" => self.check_structure(shape, obj, path, out),
            Value::Object(obj) => {
                check_count(shape, obj.len(), "entries", path, out);
                for (key, item) in obj {
                    let at = key_path(path, key);
                    if let Some(key_shape) = shape.get("key").and_then(|k| k.get("shape")).and_then(Value::as_str) {
                        self.check_named(key_shape, &Value::from(key.as_str()), &at, out);
                    }
                    if let Some(value_ref) = shape.get("value") {
                        self.check_ref(value_ref, item, &at, out);
                    }
                }
            }
            Value::Array(items) => {
                check_count(shape, items.len(), "items", path, out);
                if let Some(member) = shape.get("member") {
                    for (i, item) in items.iter().enumerate() {
                        self.check_ref(member, item, &format!("{path}[{i}]"), out);
                    }
                }
            }
            Value::String(s) => check_string(shape, s, path, out),
            Value::Number(_) if kind == "integer" || kind == "long" => check_range(shape, value, path, out),
            _ => {}
        }
    }

    fn check_structure(&self, shape: &Value, obj: &Map<String, Value>, path: &str, out: &mut Vec<Problem>) {
        let empty = Map::new();
        let members = shape.get("members").and_then(Value::as_object).unwrap_or(&empty);
        for (key, item) in obj {
            match members.get(key) {
                Some(reference) => self.check_ref(reference, item, &member_path(path, key), out),
                None => {
                    let valid = members.keys().map(String::as_str).collect::<Vec<_>>();
                    let hint = match valid.iter().find(|m| m.eq_ignore_ascii_case(key)) {
                        Some(m) => format!("did you mean \"{m}\"? Valid"),
                        None => "valid".to_string(),
                    };
                    let message = format!("unknown member \"{key}\"; {hint} members: {}", valid.join(", "));
                    problem(out, &member_path(path, key), message);
                }
            }
        }
        for required in shape.get("required").and_then(Value::as_array).into_iter().flatten() {
            if let Some(name) = required.as_str().filter(|n| !obj.contains_key(*n)) {
                let expected = members
                    .get(name)
                    .and_then(|r| r.get("shape"))
                    .and_then(Value::as_str)
                    .and_then(|s| self.shapes.get(s))
                    .and_then(|s| s.get("type"))
                    .and_then(Value::as_str)
                    .map(expected_name)
                    .unwrap_or("a value");
                problem(out, &member_path(path, name), format!("required member is missing; add it with {expected}"));
            }
        }
    }
}

fn type_matches(kind: &str, value: &Value) -> bool {
    match kind {
        "structure" | "map" => value.is_object(),
        "list" => value.is_array(),
        "string" | "blob" => value.is_string(),
        "integer" | "long" => value.is_i64() || value.is_u64(),
        "float" | "double" => value.is_number(),
        "boolean" => value.is_boolean(),
        "timestamp" => value.is_string() || value.is_number(),
        // A shape type this module does not know: nothing to hold it to.
        _ => true,
    }
}

fn expected_name(kind: &str) -> &'static str {
    match kind {
        "structure" | "map" => "an object",
        "list" => "a list",
        "string" | "blob" => "a string",
        "integer" | "long" => "an integer",
        "float" | "double" => "a number",
        "boolean" => "a boolean (true or false)",
        "timestamp" => "a timestamp (ISO 8601 string or epoch seconds)",
        _ => "a value",
    }
}

fn found_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a number with a fraction",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn type_message(kind: &str, value: &Value) -> String {
    let base = format!("expected {}, found {}", expected_name(kind), found_name(value));
    // Unquoted YAML scalars are the usual cause of these two mismatches.
    match (kind, value) {
        ("string", Value::Number(_) | Value::Bool(_)) => {
            format!("{base}; put it in quotes: \"{value}\"")
        }
        ("integer" | "long", Value::String(s)) if s.trim().parse::<i64>().is_ok() => {
            format!("{base}; remove the quotes: {}", s.trim())
        }
        (_, Value::Null) => format!("{base}; remove the member or give it a value"),
        _ => base,
    }
}

fn bound(shape: &Value, name: &str) -> Option<i64> {
    shape.get(name).and_then(Value::as_i64)
}

fn check_count(shape: &Value, len: usize, noun: &str, path: &str, out: &mut Vec<Problem>) {
    let len = i64::try_from(len).unwrap_or(i64::MAX);
    if let Some(min) = bound(shape, "min").filter(|m| len < *m) {
        problem(out, path, format!("has {len} {noun}; at least {min} required"));
    }
    if let Some(max) = bound(shape, "max").filter(|m| len > *m) {
        problem(out, path, format!("has {len} {noun}; at most {max} allowed"));
    }
}

fn check_string(shape: &Value, s: &str, path: &str, out: &mut Vec<Problem>) {
    if let Some(allowed) = shape.get("enum").and_then(Value::as_array) {
        let allowed = allowed.iter().filter_map(Value::as_str).collect::<Vec<_>>();
        if !allowed.contains(&s) {
            let hint = match allowed.iter().find(|a| a.eq_ignore_ascii_case(s)) {
                Some(a) => format!("did you mean \"{a}\"? Valid"),
                None => "valid".to_string(),
            };
            problem(out, path, format!("\"{s}\" is not allowed; {hint} values: {}", allowed.join(", ")));
        }
        return;
    }
    let len = i64::try_from(s.chars().count()).unwrap_or(i64::MAX);
    if let Some(min) = bound(shape, "min").filter(|m| len < *m) {
        let what = if len == 0 { "is empty".to_string() } else { format!("is {len} characters long") };
        problem(out, path, format!("{what}; the minimum length is {min}"));
    }
    if let Some(max) = bound(shape, "max").filter(|m| len > *m) {
        problem(out, path, format!("is {len} characters long; the maximum length is {max}"));
    }
}

fn check_range(shape: &Value, value: &Value, path: &str, out: &mut Vec<Problem>) {
    let n = match (value.as_i64(), value.as_u64()) {
        (Some(n), _) => i128::from(n),
        (None, Some(n)) => i128::from(n),
        (None, None) => return,
    };
    let (min, max) = (bound(shape, "min"), bound(shape, "max"));
    let low = min.is_some_and(|m| n < i128::from(m));
    let high = max.is_some_and(|m| n > i128::from(m));
    if !(low || high) {
        return;
    }
    let message = match (min, max) {
        (Some(lo), Some(hi)) => format!("{n} is out of range; use a value from {lo} to {hi}"),
        (Some(lo), None) => format!("{n} is too small; the minimum is {lo}"),
        (None, Some(hi)) => format!("{n} is too large; the maximum is {hi}"),
        (None, None) => return,
    };
    problem(out, path, message);
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;
    use std::sync::OnceLock;

    fn model() -> &'static Value {
        static MODEL: OnceLock<Value> = OnceLock::new();
        MODEL.get_or_init(|| {
            serde_json::from_str(include_str!("../../model/service-2.json")).expect("bundled model is JSON")
        })
    }

    pub(crate) fn cli_example() -> Value {
        parse_definition(include_str!("../../tests/fixtures/pipeline/cli-create-pipeline.json"))
            .expect("fixture parses")
    }

    pub(crate) fn three_stage() -> Value {
        parse_definition(include_str!("../../tests/fixtures/pipeline/three-stage.yaml")).expect("fixture parses")
    }

    fn problems(doc: &Value) -> Vec<String> {
        validate(doc, model()).iter().map(ToString::to_string).collect()
    }

    pub(crate) fn after(mut doc: Value, edit: impl FnOnce(&mut Value)) -> Vec<String> {
        edit(&mut doc);
        problems(&doc)
    }

    #[test]
    fn documented_cli_example_is_clean() {
        assert_eq!(problems(&cli_example()), Vec::<String>::new());
    }

    #[test]
    pub(crate) fn three_stage_yaml_example_is_clean() {
        assert_eq!(problems(&three_stage()), Vec::<String>::new());
    }

    #[test]
    fn get_pipeline_output_and_bare_declaration_are_clean() {
        let pipeline = cli_example()["pipeline"].clone();
        let output = json!({
            "pipeline": pipeline,
            "metadata": {
                "pipelineArn": "arn:aws:codepipeline:us-east-1:111111111111:MySecondPipeline",
                "created": "2024-01-02T03:04:05.250000+00:00",
                "updated": 1_704_164_645.25
            }
        });
        assert_eq!(problems(&output), Vec::<String>::new());
        assert_eq!(problems(&pipeline), Vec::<String>::new());
    }

    #[test]
    fn bare_declaration_paths_have_no_prefix() {
        let mut pipeline = cli_example()["pipeline"].clone();
        pipeline["stages"][1]["actions"][0]["runOrder"] = json!(0);
        assert_eq!(
            problems(&pipeline),
            ["stages[1].actions[0].runOrder: 0 is out of range; use a value from 1 to 999"]
        );
    }

    #[test]
    fn document_must_be_an_object() {
        assert_eq!(problems(&json!([])), ["(document): expected an object, found a list"]);
    }

    #[test]
    fn unknown_member_lists_valid_members() {
        let found = after(cli_example(), |d| d["pipeline"]["stages"][0]["actions"][0]["runorder"] = json!(1));
        assert_eq!(
            found,
            [
                "pipeline.stages[0].actions[0].runorder: unknown member \"runorder\"; did you mean \"runOrder\"? Valid members: name, actionTypeId, runOrder, configuration, commands, outputArtifacts, inputArtifacts, outputVariables, roleArn, region, namespace, timeoutInMinutes, environmentVariables"
            ]
        );
        let found = after(cli_example(), |d| d["labels"] = json!({}));
        assert_eq!(found, ["labels: unknown member \"labels\"; valid members: pipeline, tags, metadata"]);
    }

    #[test]
    fn wrong_types_say_how_to_fix_them() {
        let found = after(cli_example(), |d| {
            d["pipeline"]["stages"][0]["actions"][0]["actionTypeId"]["version"] = json!(1);
            d["pipeline"]["stages"][1]["actions"][0]["runOrder"] = json!("2");
            d["pipeline"]["stages"][1]["actions"][0]["configuration"] = json!(["ApplicationName"]);
            d["pipeline"]["roleArn"] = Value::Null;
        });
        assert_eq!(
            found,
            [
                "pipeline.roleArn: expected a string, found null; remove the member or give it a value",
                "pipeline.stages[0].actions[0].actionTypeId.version: expected a string, found an integer; put it in quotes: \"1\"",
                "pipeline.stages[1].actions[0].configuration: expected an object, found a list",
                "pipeline.stages[1].actions[0].runOrder: expected an integer, found a string; remove the quotes: 2",
            ]
        );
    }

    #[test]
    fn missing_required_member() {
        let found = after(cli_example(), |d| {
            if let Some(id) = d["pipeline"]["stages"][1]["actions"][0]["actionTypeId"].as_object_mut() {
                id.remove("provider");
            }
        });
        assert_eq!(
            found,
            ["pipeline.stages[1].actions[0].actionTypeId.provider: required member is missing; add it with a string"]
        );
    }

    #[test]
    fn string_lengths() {
        let found = after(cli_example(), |d| {
            d["pipeline"]["name"] = json!("");
            d["pipeline"]["stages"][1]["name"] = json!("x".repeat(101));
            d["pipeline"]["stages"][1]["actions"][0]["configuration"]["k".repeat(51)] = json!("v");
        });
        assert_eq!(
            found,
            [
                "pipeline.stages[1].name: is 101 characters long; the maximum length is 100",
                format!(
                    "pipeline.stages[1].actions[0].configuration.{}: is 51 characters long; the maximum length is 50",
                    "k".repeat(51)
                )
                .as_str(),
                "pipeline.name: is empty; the minimum length is 1",
            ]
        );
    }

    #[test]
    fn integer_ranges() {
        let found = after(cli_example(), |d| {
            d["pipeline"]["stages"][0]["actions"][0]["runOrder"] = json!(1000);
            d["pipeline"]["stages"][1]["actions"][0]["timeoutInMinutes"] = json!(2);
            d["pipeline"]["version"] = json!(0);
        });
        assert_eq!(
            found,
            [
                "pipeline.stages[0].actions[0].runOrder: 1000 is out of range; use a value from 1 to 999",
                "pipeline.stages[1].actions[0].timeoutInMinutes: 2 is out of range; use a value from 5 to 86400",
                "pipeline.version: 0 is too small; the minimum is 1",
            ]
        );
    }

    #[test]
    fn enum_values() {
        let found = after(cli_example(), |d| {
            d["pipeline"]["stages"][1]["actions"][0]["actionTypeId"]["category"] = json!("deploy");
            d["pipeline"]["artifactStore"]["type"] = json!("GCS");
        });
        assert_eq!(
            found,
            [
                "pipeline.stages[1].actions[0].actionTypeId.category: \"deploy\" is not allowed; did you mean \"Deploy\"? Valid values: Source, Build, Deploy, Test, Invoke, Approval, Compute",
                "pipeline.artifactStore.type: \"GCS\" is not allowed; valid values: S3",
            ]
        );
    }

    #[test]
    fn list_lengths() {
        let found = after(cli_example(), |d| d["pipeline"]["stages"][1]["actions"][0]["commands"] = json!([]));
        assert_eq!(found, ["pipeline.stages[1].actions[0].commands: has 0 items; at least 1 required"]);
    }

    #[test]
    fn tags_and_metadata_use_their_shapes() {
        let found = after(cli_example(), |d| {
            d["tags"] = json!([{"key": "team"}]);
            d["metadata"] = json!({"created": true});
        });
        assert_eq!(
            found,
            [
                "tags[0].value: required member is missing; add it with a string",
                "metadata.created: expected a timestamp (ISO 8601 string or epoch seconds), found a boolean",
            ]
        );
    }

    #[test]
    fn parse_errors_carry_line_and_column() {
        assert_eq!(
            parse_definition("{\n  \"pipeline\": {\n    \"name\": \"x\",\n  }\n}"),
            Err("Invalid JSON: trailing comma at line 4 column 3".to_string())
        );
        assert_eq!(
            parse_definition("pipeline:\n  name: x\n   roleArn: y\n"),
            Err("Invalid YAML: mapping values are not allowed in this context at line 3 column 11".to_string())
        );
        assert_eq!(parse_definition("  \n"), Err("the definition is empty".to_string()));
        assert_eq!(parse_definition("\u{feff}{\"pipeline\": {}}"), Ok(json!({"pipeline": {}})));
    }
}
