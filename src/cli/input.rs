//! Assembles an operation's input as JSON from the command line: the
//! `--cli-input-json` document first, then each flag on top of it, each value
//! converted to its member's type. Everything is checked before any request.

use super::{self as args, CLI_INPUT_JSON, CLI_INPUT_YAML};
use crate::document::{self, Syntax};
use crate::error::CliError;
use crate::invoke::Paging;
use crate::model::{Member, Operation, Shape, ShapeType};
use crate::shorthand::{self, Kind, ShapeView};
use clap::ArgMatches;
use serde_json::{Map, Value};

pub fn assemble(op: Operation<'_>, matches: &ArgMatches) -> Result<Map<String, Value>, CliError> {
    let command = op.command_name();
    let from_file = match (matches.get_one::<String>(CLI_INPUT_JSON), matches.get_one::<String>(CLI_INPUT_YAML)) {
        (Some(raw), _) => Some(cli_input(CLI_INPUT_JSON, raw)?),
        (None, Some(raw)) => Some(cli_input(CLI_INPUT_YAML, raw)?),
        (None, None) => None,
    };
    let Some(input_shape) = op.input() else {
        return Ok(Map::new());
    };
    let mut input = from_file.clone().unwrap_or_default();
    for member in input_shape.members() {
        let flag = args::flag_name(&command, member.name());
        if let Some(value) = flag_value(member, &flag, matches)? {
            input.insert(member.name().to_string(), value);
        }
    }

    // With a whole input from --cli-input-json/yaml, required members are the
    // validator's to report (as botocore does); otherwise the flags are required.
    let missing: Vec<&str> = input_shape.required().into_iter().filter(|name| !input.contains_key(*name)).collect();
    if from_file.is_none() && !missing.is_empty() {
        let flags: Vec<String> = missing.iter().map(|m| format!("--{}", args::flag_name(&command, m))).collect();
        return Err(CliError::Usage(format!("the following arguments are required: {}", flags.join(", "))));
    }
    Ok(input)
}

/// How to page `op`: `None` for one call — an operation without a paginator,
/// `--no-paginate`, or the service's own paging members given by hand.
pub fn paging(
    op: Operation<'_>,
    no_paginate: bool,
    matches: &ArgMatches,
    input: &Map<String, Value>,
) -> Result<Option<Paging>, CliError> {
    let Some(paginator) = op.paginator() else {
        return Ok(None);
    };
    let paging = Paging {
        starting_token: matches.get_one::<String>(args::paging::STARTING_TOKEN).cloned(),
        page_size: matches.try_get_one::<i64>(args::paging::PAGE_SIZE).ok().flatten().copied(),
        max_items: matches.get_one::<i64>(args::paging::MAX_ITEMS).copied(),
    };
    let manual = paginator.members().any(|member| input.contains_key(member));
    if no_paginate || manual {
        let used: Vec<String> = [
            (args::paging::STARTING_TOKEN, paging.starting_token.is_some()),
            (args::paging::PAGE_SIZE, paging.page_size.is_some()),
            (args::paging::MAX_ITEMS, paging.max_items.is_some()),
        ]
        .iter()
        .filter(|(_, given)| *given)
        .map(|(flag, _)| format!("--{flag}"))
        .collect();
        if !used.is_empty() {
            return Err(CliError::Usage(format!(
                "Cannot specify --no-paginate along with pagination arguments: {}",
                used.join(", ")
            )));
        }
        return Ok(None);
    }
    Ok(Some(paging))
}

/// The whole input from `--cli-input-json` or `--cli-input-yaml` (text or file://).
fn cli_input(flag: &str, raw: &str) -> Result<Map<String, Value>, CliError> {
    let text = resolve_param_file(flag, raw)?;
    let syntax = if flag == CLI_INPUT_YAML { Syntax::Yaml } else { Syntax::Json };
    document::parse_object(flag, &text, syntax)
}

/// The JSON value of one member's flag(s), if given.
fn flag_value(member: Member<'_>, flag: &str, matches: &ArgMatches) -> Result<Option<Value>, CliError> {
    let shape = member.shape();
    if shape.shape_type() == ShapeType::Boolean {
        if matches.get_flag(member.name()) {
            return Ok(Some(Value::Bool(true)));
        }
        if matches.get_flag(&args::negated_id(member.name())) {
            return Ok(Some(Value::Bool(false)));
        }
        return Ok(None);
    }
    let Some(raw_values) = matches.get_many::<String>(member.name()) else {
        return Ok(None);
    };
    let words = raw_values.map(|raw| resolve_param_file(flag, raw)).collect::<Result<Vec<_>, _>>()?;
    // A scalar flag given twice keeps its last value, as argparse does.
    let words: Vec<&str> = match shape.shape_type() {
        ShapeType::List => words.iter().map(String::as_str).collect(),
        _ => words.last().map(String::as_str).into_iter().collect(),
    };
    shorthand::parse_argument(&format!("--{flag}"), &words, &shape)
        .map(Some)
        .map_err(|e| CliError::Usage(e.to_string()))
}

/// The model seen through the shorthand parser's small window on it.
impl ShapeView for Shape<'_> {
    fn kind(&self) -> Kind {
        match self.shape_type() {
            ShapeType::Structure if self.is_document() => Kind::Document,
            ShapeType::Structure => Kind::Structure,
            ShapeType::List => Kind::List,
            ShapeType::Map => Kind::Map,
            ShapeType::Integer => Kind::Integer,
            ShapeType::Long => Kind::Long,
            ShapeType::Boolean => Kind::Boolean,
            ShapeType::Float => Kind::Float,
            ShapeType::Double => Kind::Double,
            ShapeType::Timestamp => Kind::Timestamp,
            ShapeType::Blob => Kind::Blob,
            ShapeType::String | ShapeType::Other => Kind::String,
        }
    }

    fn members(&self) -> Vec<(String, Self)> {
        Shape::members(self).map(|member| (member.name().to_string(), member.shape())).collect()
    }

    fn list_member(&self) -> Option<Self> {
        Shape::list_member(self)
    }

    fn map_value(&self) -> Option<Self> {
        Shape::map_value(self)
    }
}

/// `file://path` (text) and `fileb://path` (bytes) load a parameter's value
/// from a file, as the AWS CLI does. CodePipeline takes no binary members, so
/// bytes must still be text to be sent.
fn resolve_param_file(flag: &str, raw: &str) -> Result<String, CliError> {
    let Some(path) = raw.strip_prefix("file://").or_else(|| raw.strip_prefix("fileb://")) else {
        return Ok(raw.to_string());
    };
    let expanded = expand_home(path);
    let bytes = std::fs::read(&expanded).map_err(|e| {
        CliError::Usage(format!("Error parsing parameter '--{flag}': Unable to load paramfile {raw}: {e}"))
    })?;
    String::from_utf8(bytes).map_err(|_| {
        CliError::Usage(format!(
            "Error parsing parameter '--{flag}': Unable to load paramfile {raw}: the file is not UTF-8 text"
        ))
    })
}

fn expand_home(path: &str) -> std::path::PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest),
        _ => std::path::PathBuf::from(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::model;
    use serde_json::json;

    fn assemble_args(argv: &[&str]) -> Result<Map<String, Value>, CliError> {
        let matches = args::Registry::NONE.command().try_get_matches_from(argv).expect("argv parses");
        let (op, sub) = args::chosen_operation(&matches).expect("an operation");
        assemble(op, sub)
    }

    #[test]
    fn scalars_integers_booleans_and_lists() {
        let input = assemble_args(&["codepipeline", "get-pipeline", "--name", "p", "--pipeline-version", "3"]).unwrap();
        assert_eq!(Value::Object(input), json!({"name": "p", "version": 3}));

        let input = assemble_args(&[
            "codepipeline",
            "stop-pipeline-execution",
            "--pipeline-name",
            "p",
            "--pipeline-execution-id",
            "e",
            "--no-abandon",
        ])
        .unwrap();
        assert_eq!(input["abandon"], json!(false));

        let input = assemble_args(&["codepipeline", "untag-resource", "--resource-arn", "a", "--tag-keys", "k1", "k2"])
            .unwrap();
        assert_eq!(input["tagKeys"], json!(["k1", "k2"]));
    }

    #[test]
    fn structures_are_json_and_cli_input_json_is_overridden_by_flags() {
        let input = assemble_args(&[
            "codepipeline",
            "get-pipeline",
            "--cli-input-json",
            r#"{"name": "from-json", "version": 1}"#,
            "--name",
            "from-flag",
        ])
        .unwrap();
        assert_eq!(Value::Object(input), json!({"name": "from-flag", "version": 1}));

        let input = assemble_args(&[
            "codepipeline",
            "tag-resource",
            "--resource-arn",
            "a",
            "--tags",
            r#"[{"key":"k","value":"v"}]"#,
        ])
        .unwrap();
        assert_eq!(input["tags"], json!([{"key": "k", "value": "v"}]));
    }

    #[test]
    fn missing_required_flags_are_named() {
        let err = assemble_args(&["codepipeline", "get-pipeline-execution", "--pipeline-name", "p"]).unwrap_err();
        assert_eq!(err.exit_code(), 252);
        assert!(err.to_string().contains("the following arguments are required: --pipeline-execution-id"));
    }

    #[test]
    fn bad_values_are_usage_errors() {
        for argv in [
            &["codepipeline", "get-pipeline", "--name", "p", "--pipeline-version", "x"][..],
            &["codepipeline", "create-pipeline", "--pipeline", "{not json"][..],
            &["codepipeline", "create-pipeline", "--pipeline", "file:///nonexistent/x.json"][..],
        ] {
            let err = assemble_args(argv).unwrap_err();
            assert_eq!(err.exit_code(), 252, "{argv:?}: {err}");
        }
    }

    #[test]
    fn cli_input_leaves_required_members_to_the_validator() {
        for op in model().operations() {
            for (flag, empty) in [("--cli-input-json", "{}"), ("--cli-input-yaml", "")] {
                let argv = ["codepipeline", &op.command_name(), flag, empty];
                let matches = args::Registry::NONE.command().try_get_matches_from(argv).expect("parses");
                let (op, sub) = args::chosen_operation(&matches).expect("operation");
                let input = assemble(op, sub).expect("no flag is required beside a whole input");
                assert!(input.is_empty(), "{}", op.name());
                let has_required = op.input().is_some_and(|s| !s.required().is_empty());
                let checked = op.input().map(|shape| crate::validate::validate(&Value::Object(input), shape));
                assert_eq!(checked.is_some_and(|r| r.is_err()), has_required, "{}", op.name());
            }
        }
    }

    #[test]
    fn cli_input_yaml_reads_like_cli_input_json() {
        let input = assemble_args(&[
            "codepipeline",
            "get-pipeline",
            "--cli-input-yaml",
            "name: from-yaml  # a comment\nversion: 2\n",
        ])
        .unwrap();
        assert_eq!(Value::Object(input), json!({"name": "from-yaml", "version": 2}));
        let err = assemble_args(&["codepipeline", "get-pipeline", "--cli-input-yaml", "name: [unclosed"]).unwrap_err();
        assert_eq!(err.exit_code(), 252);
        assert!(err.to_string().contains("Invalid YAML"), "{err}");
    }
}
