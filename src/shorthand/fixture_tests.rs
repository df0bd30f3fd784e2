//! Every case in cases.json, whose expectations come from the real AWS CLI (oracle.py).

use super::parser::parse;
use super::{parse_argument, Kind, ShapeView, ShorthandError};
use serde_json::Value;

const CASES: &str = include_str!("../../tests/fixtures/shorthand/cases.json");

/// A shape in botocore's denormalized form, as stored in the fixture.
#[derive(Clone, Copy)]
struct FixtureShape<'a>(&'a Value);

impl ShapeView for FixtureShape<'_> {
    fn kind(&self) -> Kind {
        if self.0["document"] == Value::Bool(true) {
            return Kind::Document;
        }
        match self.0["type"].as_str() {
            Some("structure") => Kind::Structure,
            Some("list") => Kind::List,
            Some("map") => Kind::Map,
            Some("integer") => Kind::Integer,
            Some("long") => Kind::Long,
            Some("boolean") => Kind::Boolean,
            Some("float") => Kind::Float,
            Some("double") => Kind::Double,
            Some("timestamp") => Kind::Timestamp,
            Some("blob") => Kind::Blob,
            _ => Kind::String,
        }
    }

    fn members(&self) -> Vec<(String, Self)> {
        self.0["members"]
            .as_object()
            .map(|members| members.iter().map(|(k, v)| (k.clone(), FixtureShape(v))).collect())
            .unwrap_or_default()
    }

    fn list_member(&self) -> Option<Self> {
        self.0.get("member").map(FixtureShape)
    }

    fn map_value(&self) -> Option<Self> {
        self.0.get("value").map(FixtureShape)
    }
}

fn fixture(section: &str) -> Vec<Value> {
    let all: Value = serde_json::from_str(CASES).expect("cases.json is valid JSON");
    all[section].as_array().cloned().expect("section is a list")
}

/// Compares one outcome with the case's expectation; returns a description on mismatch.
fn check(case: &Value, outcome: Result<Value, ShorthandError>) -> Option<String> {
    match (outcome, case.get("expected"), case.get("error")) {
        (Ok(actual), Some(expected), _) if &actual == expected => None,
        (Err(e), _, Some(error)) => {
            let shown = e.to_string();
            let message_ok = if error["json"] == Value::Bool(true) {
                // Python and serde_json word JSON syntax errors differently.
                let values = case["values"].as_array().expect("values");
                let first = values[0].as_str().expect("string value");
                shown.starts_with(&format!("Error parsing parameter '{}': Invalid JSON: ", case["name"].as_str()?))
                    && shown.ends_with(&format!("\nJSON received: {first}"))
            } else {
                error["message"].as_str() == Some(shown.as_str())
            };
            let column_ok = match error.get("column") {
                Some(column) => column.as_u64() == e.column().map(|c| c as u64),
                None => true,
            };
            (!(message_ok && column_ok)).then(|| format!("error {shown:?} at {:?}, expected {error}", e.column()))
        }
        (outcome, _, _) => Some(format!("got {outcome:?}")),
    }
}

#[test]
fn parse_matches_the_aws_cli() {
    let cases = fixture("parse");
    assert!(cases.len() >= 60);
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let input = case["input"].as_str().expect("input");
            check(case, parse(input)).map(|why| format!("{input:?}: {why}"))
        })
        .collect();
    assert!(failures.is_empty(), "{} of {} failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn arguments_match_the_aws_cli() {
    let cases = fixture("argument");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let name = case["name"].as_str().expect("name");
            let values: Vec<&str> =
                case["values"].as_array().expect("values").iter().filter_map(Value::as_str).collect();
            let outcome = parse_argument(name, &values, &FixtureShape(&case["shape"]));
            check(case, outcome).map(|why| format!("{name} {values:?}: {why}"))
        })
        .collect();
    assert!(failures.is_empty(), "{} of {} failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
