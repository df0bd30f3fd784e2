//! The response corpus against the AWS CLI: every example in the AWS CLI's
//! own CodePipeline documentation (`tests/fixtures/examples/`, made by
//! `scripts/update-examples`) and hand-written responses for what the
//! examples lack (`tests/fixtures/corpus/`: timestamps finer than a
//! millisecond, unicode, empty lists, absent and null members). Each is
//! served by the stub to both CLIs, in json, text and table (piped), bare and
//! with the case's queries; stdout, the exit code and the request sent must
//! be the same.
//!
//! One known difference is left out of the corpus: a structure that lacks
//! one of its own required members (an `actionTypeId` without `owner`) makes
//! the SDK refuse the whole response ("Unable to parse the response"),
//! where botocore prints what came. Members left out elsewhere, the model's
//! required ones included, and members sent as `null` are in `absent*`.

use crate::stub::{Reply, Stub};
use crate::support::{code, ours_at, stderr, stdout, WarmAws};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

const FORMATS: [&str; 3] = ["json", "text", "table"];

/// One response and the command line that asks for it.
struct Case {
    name: String,
    dir: PathBuf,
    command: String,
    args: Vec<String>,
    queries: Vec<String>,
    response: String,
}

fn cases() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut cases = Vec::new();
    for dir in [root.join("examples"), root.join("corpus")] {
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .expect("fixture folder")
            .filter_map(|entry| entry.ok()?.file_name().to_str()?.strip_suffix(".args.json").map(String::from))
            .collect();
        names.sort();
        for name in names {
            let read = |suffix: &str| std::fs::read_to_string(dir.join(format!("{name}{suffix}"))).expect("fixture");
            let case: serde_json::Value = serde_json::from_str(&read(".args.json")).expect("case JSON");
            let strings = |key: &str| -> Vec<String> {
                case[key].as_array().expect(key).iter().map(|v| v.as_str().expect(key).to_string()).collect()
            };
            cases.push(Case {
                command: case["command"].as_str().expect("command").to_string(),
                args: strings("args"),
                queries: strings("queries"),
                response: read(".response.json"),
                dir: dir.clone(),
                name,
            });
        }
    }
    cases
}

impl Case {
    /// The command line, with `file://` names found beside the fixture.
    fn argv(&self, format: &str, query: Option<&str>) -> Vec<String> {
        let mut argv = vec![self.command.clone()];
        for arg in &self.args {
            argv.push(match arg.strip_prefix("file://") {
                Some(file) => format!("file://{}", self.dir.join(file).display()),
                None => arg.clone(),
            });
        }
        argv.extend(["--output".to_string(), format.to_string()]);
        if let Some(query) = query {
            argv.extend(["--query".to_string(), query.to_string()]);
        }
        argv
    }
}

/// A request with its idempotency token (a fresh UUID each run) blanked.
fn idempotent(mut body: serde_json::Value) -> serde_json::Value {
    if let Some(token) =
        body.get_mut("clientRequestToken").filter(|token| token.as_str().is_some_and(|t| t.len() == 36))
    {
        *token = serde_json::Value::from("<uuid>");
    }
    body
}

#[test]
fn every_response_prints_as_the_aws_cli_prints_it() {
    let cases = cases();
    assert!(cases.len() >= 30, "the corpus has {} responses", cases.len());
    let mut jobs = Vec::new();
    for case in &cases {
        for format in FORMATS {
            jobs.push((case, format, None));
            for query in &case.queries {
                jobs.push((case, format, Some(query.as_str())));
            }
        }
    }
    let total = jobs.len();
    let queue = Mutex::new(jobs);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for worker in 0..3 {
            let (queue, failures) = (&queue, &failures);
            scope.spawn(move || {
                let mut aws = WarmAws::start(&format!("examples-{worker}"));
                loop {
                    let Some((case, format, query)) = queue.lock().expect("lock").pop() else {
                        break;
                    };
                    let argv = case.argv(format, query);
                    let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
                    let ours_stub = Stub::start(vec![Reply::json(case.response.clone())]);
                    let aws_stub = Stub::start(vec![Reply::json(case.response.clone())]);
                    let (ours, theirs) = (ours_at(&ours_stub.url, &argv), aws.run_at(&aws_stub.url, &argv));
                    let sent = |stub: &Stub| {
                        stub.requests()
                            .iter()
                            .map(|r| (r.target().to_string(), idempotent(r.json())))
                            .collect::<Vec<_>>()
                    };
                    let problem = if query.is_none() && code(&theirs) != 0 {
                        Some("the AWS CLI failed without a query".to_string())
                    } else if code(&ours) != code(&theirs) {
                        Some(format!("exit {} where the AWS CLI's is {}", code(&ours), code(&theirs)))
                    } else if ours.stdout != theirs.stdout {
                        Some("stdout differs".to_string())
                    } else if sent(&ours_stub) != sent(&aws_stub) {
                        Some(format!("requests differ: {:?} / {:?}", sent(&ours_stub), sent(&aws_stub)))
                    } else {
                        None
                    };
                    if let Some(problem) = problem {
                        failures.lock().expect("lock").push(format!(
                            "{} {argv:?}: {problem}\n--- ours (stderr: {})\n{}--- aws (stderr: {})\n{}",
                            case.name,
                            stderr(&ours).trim(),
                            stdout(&ours),
                            stderr(&theirs).trim(),
                            stdout(&theirs)
                        ));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().expect("lock");
    assert!(failures.is_empty(), "{} of {total} differ:\n{}", failures.len(), failures.join("\n"));
    println!("{} responses x formats compared ({} responses)", total, cases.len());
}

/// The corpus covers what it says: every example in the AWS CLI's
/// documentation, and each kind of hand-written response.
#[test]
fn the_corpus_has_every_documented_example() {
    let cases = cases();
    let documented: Vec<&str> =
        cases.iter().filter(|c| c.dir.ends_with("examples")).map(|c| c.command.as_str()).collect();
    assert_eq!(documented.len(), 26, "{documented:?}");
    for command in ["get-pipeline", "get-pipeline-state", "list-action-executions", "list-webhooks", "poll-for-jobs"] {
        assert!(documented.contains(&command), "{command}");
    }
    for name in ["timestamps", "timestamps-nested", "unicode", "empty", "empty-listing", "absent", "absent-required"] {
        assert!(cases.iter().any(|c| c.name == name && c.dir.ends_with("corpus")), "{name}");
    }
}
