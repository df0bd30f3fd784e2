//! `--query`: a JMESPath expression applied to the whole response (after
//! pagination is merged) before any formatter sees it. The engine works on
//! serde_json values directly, so objects keep their key order, as the AWS
//! CLI's do.

use crate::error::CliError;
use serde_json::Value;

pub struct Query(jpx_core::Expression<'static>);

impl Query {
    /// Compiles `text`; a bad expression is a usage error, before anything is sent.
    pub fn compile(text: &str) -> Result<Query, CliError> {
        jpx_core::compile(text)
            .map(Query)
            .map_err(|e| CliError::Usage(format!("Bad value for --query {text}: Invalid jmespath expression: {e}")))
    }

    /// A query that fails on the response (a function given the wrong type)
    /// fails after the call, as the AWS CLI's does (255): not a usage error.
    pub fn apply(&self, value: &Value) -> Result<Value, CliError> {
        self.0.search(value).map_err(|e| CliError::Other(format!("Bad value for --query {}: {e}", self.0.as_str())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn objects_keep_their_key_order() {
        let response = json!({"pipelines": [{"name": "p", "version": 1, "created": "t"}]});
        let result = Query::compile("pipelines[0]").and_then(|q| q.apply(&response)).expect("query");
        assert_eq!(result.to_string(), r#"{"name":"p","version":1,"created":"t"}"#);
        let result =
            Query::compile("pipelines[].{z: name, a: version}").and_then(|q| q.apply(&response)).expect("query");
        assert_eq!(result.to_string(), r#"[{"z":"p","a":1}]"#);
    }

    #[test]
    fn a_bad_expression_is_a_usage_error_pointing_at_the_problem() {
        let Err(err) = Query::compile("pipelines[") else { panic!("compiled") };
        assert_eq!(err.exit_code(), 252);
        assert!(err.to_string().contains("Bad value for --query pipelines["), "{err}");
    }

    fn same(a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
            (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w)),
            (Value::Object(x), Value::Object(y)) => {
                x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
            }
            _ => a == b,
        }
    }

    /// The JMESPath specification's own compliance suite (tests/fixtures/jmespath-compliance).
    #[test]
    fn passes_the_jmespath_compliance_suite() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jmespath-compliance");
        let mut cases = 0;
        let mut failures = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("compliance suite") {
            let path = entry.expect("entry").path();
            if path.extension().is_none_or(|ext| ext != "json") {
                continue;
            }
            let suites: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("JSON");
            for suite in suites.as_array().expect("suites") {
                for case in suite["cases"].as_array().expect("cases") {
                    let expression = case["expression"].as_str().expect("expression");
                    cases += 1;
                    let outcome = jpx_core::compile(expression)
                        .map_err(|e| e.to_string())
                        .and_then(|q| q.search(&suite["given"]).map_err(|e| e.to_string()));
                    let ok = match (case.get("result"), case.get("error"), &outcome) {
                        (Some(expected), _, Ok(actual)) => same(expected, actual),
                        (_, Some(_), Err(_)) => true,
                        _ => false,
                    };
                    if !ok {
                        failures.push(format!("{}: {expression:?} gave {outcome:?}", path.display()));
                    }
                }
            }
        }
        assert!(cases > 800, "only {cases} cases found");
        assert!(failures.is_empty(), "{} of {cases} cases failed:\n{}", failures.len(), failures.join("\n"));
    }
}
