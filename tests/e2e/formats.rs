//! Output formats and --query over recorded responses, against the AWS CLI:
//! json and text byte for byte, with and without queries; yaml and table
//! checked for shape here (the table layout has snapshot tests).

use crate::stub::{Reply, Stub};
use crate::support::{aws_at, code, ours_at, stderr, stdout};
use std::path::Path;
use std::sync::Mutex;

fn response(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/responses").join(name))
        .expect("recorded response")
}

/// Responses as the service sends them: timestamps as epoch seconds.
fn wire(name: &str) -> String {
    let mut value: serde_json::Value = serde_json::from_str(&response(name)).expect("JSON");
    fn walk(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => map.values_mut().for_each(walk),
            serde_json::Value::Array(items) => items.iter_mut().for_each(walk),
            serde_json::Value::String(text) => {
                if let Ok(ts) = text.parse::<jiff::Timestamp>() {
                    *value = serde_json::json!(ts.as_millisecond() as f64 / 1000.0);
                }
            }
            _ => {}
        }
    }
    walk(&mut value);
    value.to_string()
}

const CASES: &[(&str, &[&str])] = &[
    ("list-pipelines.json", &["list-pipelines"]),
    ("get-pipeline.json", &["get-pipeline", "--name", "release-main"]),
    ("get-pipeline-state.json", &["get-pipeline-state", "--name", "release-main"]),
    ("list-action-executions.json", &["list-action-executions", "--pipeline-name", "release-main"]),
];

const QUERIES: &[&str] = &[
    "",
    "pipelines[].name",
    "pipelines[?version > `1`].{Name: name, Version: version}",
    "pipeline.stages[].actions[].configuration",
    "pipeline.stages[0]",
    "stageStates[].[stageName, latestExecution.status]",
    "stageStates[?latestExecution.status=='Failed'].actionStates[].latestExecution.errorDetails.message | [0]",
    "length(actionExecutionDetails)",
    "actionExecutionDetails[].input.inputArtifacts[].s3location",
    "metadata",
    "nothing.here",
];

#[test]
fn json_and_text_equal_the_aws_cli_with_and_without_query() {
    let mut jobs = Vec::new();
    for (file, args) in CASES {
        for query in QUERIES {
            for format in ["json", "text"] {
                jobs.push((*file, *args, *query, format));
            }
        }
    }
    let queue = Mutex::new(jobs);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| loop {
                let Some((file, args, query, format)) = queue.lock().expect("lock").pop() else { break };
                let mut argv: Vec<&str> = args.to_vec();
                argv.extend(["--output", format]);
                if !query.is_empty() {
                    argv.extend(["--query", query]);
                }
                let ours_stub = Stub::start(vec![Reply::json(wire(file))]);
                let aws_stub = Stub::start(vec![Reply::json(wire(file))]);
                let (ours, theirs) = (ours_at(&ours_stub.url, &argv), aws_at(&aws_stub.url, &argv));
                // A query that fails at run time (length(null)) fails in both.
                let both_failed = code(&theirs) != 0 && code(&ours) != 0;
                if !both_failed && (code(&ours) != 0 || stdout(&ours) != stdout(&theirs)) {
                    failures.lock().expect("lock").push(format!(
                        "{argv:?}: exit {} {}\n--- ours\n{}--- aws\n{}",
                        code(&ours), stderr(&ours), stdout(&ours), stdout(&theirs)
                    ));
                }
            });
        }
    });
    let failures = failures.into_inner().expect("lock");
    assert!(failures.is_empty(), "{} differ:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn yaml_and_table_show_the_whole_response() {
    let stub = Stub::start(vec![Reply::json(wire("list-pipelines.json"))]);
    let yaml = ours_at(&stub.url, &["list-pipelines", "--output", "yaml"]);
    assert_eq!(code(&yaml), 0, "{}", stderr(&yaml));
    let back: serde_json::Value = serde_yaml_ng::from_str(&stdout(&yaml)).expect("valid YAML");
    let json = ours_at(&stub.url, &["list-pipelines"]);
    assert_eq!(back, serde_json::from_str::<serde_json::Value>(&stdout(&json)).expect("JSON"));
    let stream = ours_at(&stub.url, &["list-pipelines", "--output", "yaml-stream"]);
    assert!(stdout(&stream).starts_with("- pipelines:"), "{}", stdout(&stream));

    let table = crate::support::sealed(crate::support::BIN)
        .env("COLUMNS", "120")
        .args(["list-pipelines", "--output", "table", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    let text = stdout(&table);
    assert!(text.lines().all(|l| l.chars().count() <= 120), "{text}");
    assert!(text.contains("ListPipelines") && text.contains("release-main") && !text.contains('\u{1b}'), "{text}");
    let colored = crate::support::sealed(crate::support::BIN)
        .args(["list-pipelines", "--output", "table", "--color", "on", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    assert!(stdout(&colored).contains('\u{1b}'));
}

#[test]
fn a_bad_query_is_a_usage_error_and_sends_nothing() {
    let stub = Stub::start(vec![Reply::json("{}")]);
    let out = ours_at(&stub.url, &["list-pipelines", "--query", "pipelines[?"]);
    assert_eq!(code(&out), 252);
    assert!(stderr(&out).contains("Bad value for --query pipelines[?"), "{}", stderr(&out));
    assert!(stub.requests().is_empty());
}

#[test]
fn the_default_format_comes_from_the_environment_and_the_profile() {
    let stub = Stub::start(vec![Reply::json(wire("list-pipelines.json"))]);
    let out = crate::support::sealed(crate::support::BIN)
        .env("AWS_DEFAULT_OUTPUT", "text")
        .args(["list-pipelines", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    assert!(stdout(&out).starts_with("PIPELINES\t"), "{}", stdout(&out));
    let config = crate::support::temp_file("output-config", "[default]\noutput = yaml\n");
    let out = crate::support::sealed(crate::support::BIN)
        .env("AWS_CONFIG_FILE", &config)
        .args(["list-pipelines", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    assert!(stdout(&out).starts_with("pipelines:"), "{}", stdout(&out));
}

/// On a terminal (made with `script`), output goes through the pager; with
/// `--no-cli-pager`, or when stdout is not a terminal, it does not.
#[test]
fn a_pager_only_on_a_terminal() {
    let stub = Stub::start(vec![Reply::json(wire("list-pipelines.json"))]);
    let run_on_terminal = |extra: &str| {
        let command = format!("{} list-pipelines --endpoint-url {} {extra}", crate::support::BIN, stub.url);
        crate::support::sealed("script")
            .env("AWS_PAGER", "sed s/^/PAGED:/")
            .args(["-qec", &command, "/dev/null"])
            .output()
            .expect("script (util-linux)")
    };
    let paged = stdout(&run_on_terminal(""));
    assert!(paged.contains("PAGED:{"), "{paged}");
    let unpaged = stdout(&run_on_terminal("--no-cli-pager"));
    assert!(!unpaged.contains("PAGED:") && unpaged.contains("release-main"), "{unpaged}");
    let piped = crate::support::sealed(crate::support::BIN)
        .env("AWS_PAGER", "sed s/^/PAGED:/")
        .args(["list-pipelines", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    assert!(!stdout(&piped).contains("PAGED:"));
}

/// `--query` applies before every format, yaml and table included.
#[test]
fn query_applies_to_yaml_and_table_too() {
    let stub = Stub::start(vec![Reply::json(wire("list-pipelines.json"))]);
    let yaml = ours_at(&stub.url, &["list-pipelines", "--output", "yaml", "--query", "pipelines[].name"]);
    assert_eq!(stdout(&yaml), "- release-main\n- nightly\n");
    let stream = ours_at(&stub.url, &["list-pipelines", "--output", "yaml-stream", "--query", "pipelines[0].version"]);
    assert_eq!(code(&stream), 0, "{}", stderr(&stream));
    assert!(stdout(&stream).starts_with("- 3"), "{}", stdout(&stream));
    let table = ours_at(&stub.url, &["list-pipelines", "--output", "table", "--query", "pipelines[].{N: name}"]);
    let text = stdout(&table);
    assert!(text.contains("release-main") && text.contains("nightly") && !text.contains("QUEUED"), "{text}");
}
