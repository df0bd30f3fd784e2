//! Output formats and --query over recorded responses, against the AWS CLI:
//! json, text and table byte for byte, with and without queries; yaml
//! checked for shape here.

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
                        code(&ours),
                        stderr(&ours),
                        stdout(&ours),
                        stdout(&theirs)
                    ));
                }
            });
        }
    });
    let failures = failures.into_inner().expect("lock");
    assert!(failures.is_empty(), "{} differ:\n{}", failures.len(), failures.join("\n"));
}

/// A list-pipelines page of pipelines with these names (versions 1, 2, ...).
fn pipelines_named(names: &[&str]) -> String {
    let items: Vec<serde_json::Value> =
        names.iter().zip(1..).map(|(name, version)| serde_json::json!({"name": name, "version": version})).collect();
    serde_json::json!({"pipelines": items}).to_string()
}

/// `--output table` as the AWS CLI prints it, piped (80 columns for both):
/// the recorded responses, and the layout's corners through crafted
/// responses and JMESPath literals (any JSON goes through `--query`).
#[test]
fn table_equals_the_aws_cli() {
    let long = "x".repeat(300);
    let nested = r#"`{"a": [[{"x": 1, "n": {"y": 2, "z": 3}}]], "b": [{"c": {"d": [1, 2]}}], "e": [], "f": ["x", "y"], "g": [[1, 2], [3, 4]], "h": [[{"x": 1, "n": {"y": 2}}, {"x": 2, "n": {"y": 3}}]]}`"#;
    let vertical = r#"`{"pipeline": {"name": "release-main", "roleArn": "arn:aws:iam::123456789012:role/service-role/Pipeline", "version": 3, "stages": [{"name": "Source"}, {"name": "Build"}]}}`"#;
    let scalars = r#"`{"a": {"f": 1.5, "t": true, "n": null, "z": 0, "s": "", "big": 12345678901234567890}, "l": [[1], {"k": 2}, [3]], "m": [[], {}]}`"#;
    let mut jobs: Vec<(String, Vec<&str>, &str)> = Vec::new();
    for (file, args) in CASES {
        jobs.push((wire(file), args.to_vec(), ""));
        jobs.push((wire(file), [args, &["--color", "on"][..]].concat(), ""));
    }
    let listing = wire("list-pipelines.json");
    for query in [
        nested,
        vertical,
        scalars,
        "pipelines[0].name",
        "pipelines[].[name, version]",
        "pipelines[?version > `100`]",
        "pipelines[0]",
    ] {
        jobs.push((listing.clone(), vec!["list-pipelines"], query));
    }
    jobs.push((pipelines_named(&[&long, "b"]), vec!["list-pipelines"], ""));
    jobs.push((pipelines_named(&[&long]), vec!["list-pipelines"], ""));
    jobs.push((pipelines_named(&["名前ü", "😀 emoji", "née", "a\u{301}"]), vec!["list-pipelines"], ""));
    jobs.push((pipelines_named(&["名前ü-pipeline"]), vec!["list-pipelines"], "pipelines[0]"));
    jobs.push((pipelines_named(&[]), vec!["list-pipelines"], ""));
    jobs.push((pipelines_named(&["p", "q"]), vec!["list-pipelines", "--color", "on"], nested));
    let queue = Mutex::new(jobs);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| loop {
                let Some((body, args, query)) = queue.lock().expect("lock").pop() else { break };
                let mut argv = args.clone();
                argv.extend(["--output", "table"]);
                if !query.is_empty() {
                    argv.extend(["--query", query]);
                }
                let ours_stub = Stub::start(vec![Reply::json(body.clone())]);
                let aws_stub = Stub::start(vec![Reply::json(body)]);
                let (ours, theirs) = (ours_at(&ours_stub.url, &argv), aws_at(&aws_stub.url, &argv));
                if code(&ours) != 0 || code(&theirs) != 0 || ours.stdout != theirs.stdout {
                    failures.lock().expect("lock").push(format!(
                        "{argv:?}: exit {} {} / aws exit {} {}\n--- ours\n{}--- aws\n{}",
                        code(&ours),
                        stderr(&ours),
                        code(&theirs),
                        stderr(&theirs),
                        stdout(&ours),
                        stdout(&theirs)
                    ));
                }
            });
        }
    });
    let failures = failures.into_inner().expect("lock");
    assert!(failures.is_empty(), "{} differ:\n{}", failures.len(), failures.join("\n"));
}

/// On terminals of 80 and 200 columns (made with `script`, sized with
/// `stty`), the table is the AWS CLI's: the terminal's width decides only
/// whether single rows turn into key/value rows. Colour is on by default there.
#[test]
fn table_on_a_terminal_equals_the_aws_cli() {
    let mut failures = Vec::new();
    for (file, args) in &CASES[..2] {
        for columns in [80, 200] {
            for color in ["--color off", ""] {
                let run = |program: &str, pager: &str| {
                    let stub = Stub::start(vec![Reply::json(wire(file))]);
                    let command = format!(
                        "stty cols {columns} rows 50; {program} {} --output table {color} {pager} --endpoint-url {}",
                        args.join(" "),
                        stub.url
                    );
                    crate::support::sealed("script")
                        .env_remove("NO_COLOR")
                        .args(["-qec", &command, "/dev/null"])
                        .output()
                        .expect("script (util-linux)")
                };
                // The AWS CLI v1 has no pager; ours is turned off.
                let ours = run(crate::support::BIN, "--no-cli-pager");
                let aws = format!("{} codepipeline", crate::support::venv_tool("aws").display());
                let theirs = run(&aws, "");
                if code(&ours) != 0 || ours.stdout != theirs.stdout {
                    failures.push(format!(
                        "{file} at {columns} {color}:\n--- ours\n{}--- aws\n{}",
                        stdout(&ours),
                        stdout(&theirs)
                    ));
                }
            }
        }
    }
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
        .args(["list-pipelines", "--output", "table", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    let text = stdout(&table);
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
