//! Bad input never reaches the service: every problem is reported at once, in
//! the AWS CLI's words, with exit 252 and no request sent. Skeletons are the
//! AWS CLI's own.

use crate::stub::{Reply, Stub};
use crate::support::{code, ours_at, sealed, stderr, stdout, temp_file, venv_tool, BIN};
use crate::synth;
use std::sync::Mutex;

/// The AWS CLI with botocore's random enum pick fixed to the first value, so
/// that its skeletons can be compared byte for byte.
fn aws_deterministic(url: &str, args: &[&str]) -> std::process::Output {
    let python = venv_tool("python");
    sealed(python)
        .args([
            "-c",
            "import random, sys; random.choice = lambda s: s[0]; from awscli.clidriver import main; sys.exit(main())",
        ])
        .arg("codepipeline")
        .args(args)
        .args(["--endpoint-url", url])
        .output()
        .expect("run aws")
}

#[test]
fn skeletons_for_every_operation_equal_the_aws_clis() {
    let queue = Mutex::new(synth::operation_names());
    let failures = Mutex::new(Vec::new());
    let stub = Stub::start(vec![Reply::json("{}")]);
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| loop {
                let Some(operation) = queue.lock().expect("lock").pop() else { break };
                let command = synth::command_name(&operation);
                let args = [command.as_str(), "--generate-cli-skeleton"];
                let ours = ours_at(&stub.url, &args);
                let theirs = aws_deterministic(&stub.url, &args);
                if code(&ours) != 0 || stdout(&ours) != stdout(&theirs) {
                    failures.lock().expect("lock").push(format!(
                        "{command}: exit {}\n--- ours\n{}--- aws\n{}{}",
                        code(&ours),
                        stdout(&ours),
                        stdout(&theirs),
                        stderr(&theirs)
                    ));
                }
            });
        }
    });
    assert!(stub.requests().is_empty(), "a skeleton sent a request");
    let failures = failures.into_inner().expect("lock");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Invalid inputs, from the top level down three levels, with several
/// problems at once: our stderr must be the AWS CLI's, and nothing sent.
const INVALID: &[&[&str]] = &[
    &["get-pipeline", "--cli-input-json", r#"{"nam": "p"}"#],
    &["get-pipeline", "--name", "p", "--cli-input-json", r#"{"version": 0}"#],
    &["get-pipeline", "--name", ""],
    &["get-pipeline", "--cli-input-json", r#"{"name": 5, "version": "x"}"#],
    &["tag-resource", "--resource-arn", "a", "--tags", r#"[{"key": "k"}, {"value": "v", "extra": 1}]"#],
    &["poll-for-jobs", "--action-type-id", "category=Build,owner=Custom,provider=P", "--max-batch-size", "0"],
    &[
        "poll-for-jobs",
        "--action-type-id",
        "category=Build,owner=Custom,provider=P,version=1",
        "--query-param",
        "k=[not,a,list]",
    ],
    &[
        "update-pipeline",
        "--pipeline",
        r#"{"name": "p", "roleArn": "arn:aws:iam::1:role/r", "artifactStore": {"type": "S3", "location": "b"},
        "stages": [{"name": "S", "actions": [{"name": "", "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3"}, "runOrder": 0,
        "configuration": {"": "x"}, "inputArtifacts": [{"nam": "a"}]}]}, {"actions": "not a list"}]}"#,
    ],
    &["put-job-success-result", "--job-id", "j", "--execution-details", r#"{"percentComplete": -1, "summary": ["x"]}"#],
    &["start-pipeline-execution", "--name", "p", "--variables", r#"[{"name": "", "value": ""}, {}]"#],
];

#[test]
fn invalid_input_is_reported_in_full_as_the_aws_cli_does_and_nothing_is_sent() {
    let failures = Mutex::new(Vec::new());
    let queue = Mutex::new(INVALID.to_vec());
    let stub = Stub::start(vec![Reply::json("{}")]);
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| loop {
                let Some(args) = queue.lock().expect("lock").pop() else { break };
                let ours = ours_at(&stub.url, args);
                let theirs = aws_deterministic(&stub.url, args);
                if code(&ours) != 252 || stderr(&ours) != stderr(&theirs) {
                    failures.lock().expect("lock").push(format!(
                        "{args:?}: exit {}\n--- ours\n{}--- aws\n{}",
                        code(&ours),
                        stderr(&ours),
                        stderr(&theirs)
                    ));
                }
            });
        }
    });
    assert!(stub.requests().is_empty(), "invalid input reached the service");
    let failures = failures.into_inner().expect("lock");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn unreadable_files_and_broken_json_get_clear_messages() {
    let stub = Stub::start(vec![Reply::json("{}")]);
    let not_utf8 = temp_file("not-utf8.json", "");
    std::fs::write(&not_utf8, [0xff, 0xfe, b'{', b'}']).expect("write");
    let big = temp_file("big.json", &format!(r#"{{"name": "{}"}}"#, "p".repeat(4 << 20)));
    let cases: Vec<(Vec<String>, &str)> = vec![
        (vec!["get-pipeline".into(), "--cli-input-json".into(), format!("file://{}", not_utf8.display())], "not UTF-8"),
        (
            vec!["get-pipeline".into(), "--cli-input-json".into(), "file:///no/such/file.json".into()],
            "Unable to load paramfile",
        ),
        (
            vec!["get-pipeline".into(), "--cli-input-json".into(), "{\"name\": \"p\",\n \"version\": }".into()],
            "line 2 column",
        ),
        (vec!["get-pipeline".into(), "--cli-input-yaml".into(), "name: [".into()], "Invalid YAML"),
    ];
    for (args, expected) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = ours_at(&stub.url, &args);
        assert_eq!(code(&out), 252, "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(expected), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"));
    }
    assert!(stub.requests().is_empty());
    // A several-MB parameter file is read and sent whole.
    let out = sealed(BIN)
        .args(["get-pipeline", "--cli-input-json", &format!("file://{}", big.display()), "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stub.requests().len(), 1);
}
