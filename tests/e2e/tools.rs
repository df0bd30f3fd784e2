//! The commands beyond the AWS CLI, against scripted sequences of states:
//! exit codes, what is printed, and how many calls were made.

use crate::stub::{Reply, Stub};
use crate::support::{code, ours, ours_at, stderr, stdout, temp_file};
use serde_json::{json, Value};
use std::path::Path;

fn execution(status: &str) -> Reply {
    Reply::json(json!({"pipelineExecution": {"pipelineName": "p", "pipelineVersion": 1, "pipelineExecutionId": "e-1", "status": status}}).to_string())
}

fn state(build: &str, error: Option<&str>) -> Reply {
    let mut latest = json!({"actionExecutionId": "a-2", "status": build, "lastStatusChange": 1704164645.0,
                            "externalExecutionUrl": "https://example.com/build/1"});
    if let Some(message) = error {
        latest["errorDetails"] = json!({"code": "JobFailed", "message": message});
    }
    Reply::json(json!({"pipelineName": "p", "pipelineVersion": 1, "stageStates": [
        {"stageName": "Source", "actionStates": [{"actionName": "Checkout", "latestExecution": {"status": "Succeeded", "lastStatusChange": 1704164600.0}}],
         "latestExecution": {"pipelineExecutionId": "e-1", "status": "Succeeded"}},
        {"stageName": "Build", "actionStates": [{"actionName": "CodeBuild", "latestExecution": latest}],
         "latestExecution": {"pipelineExecutionId": "e-1", "status": build}}
    ]}).to_string())
}

fn throttled() -> Reply {
    Reply::error(400, "ThrottlingException", "Rate exceeded")
}

#[test]
fn wait_polls_until_success_and_survives_throttling() {
    let stub = Stub::routed(vec![(
        "GetPipelineExecution",
        vec![execution("InProgress"), throttled(), execution("InProgress"), execution("Succeeded")],
    )]);
    let out = ours_at(
        &stub.url,
        &[
            "wait",
            "pipeline-execution-complete",
            "--pipeline-name",
            "p",
            "--pipeline-execution-id",
            "e-1",
            "--delay",
            "0",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stub.unused(), []);
    assert_eq!(stub.requests().len(), 4);
    assert!(stub.requests().iter().all(|r| r.target() == "CodePipeline_20150709.GetPipelineExecution"));
    assert!(stdout(&out).contains("\"status\": \"Succeeded\""), "{}", stdout(&out));
}

#[test]
fn wait_exits_255_when_the_execution_fails_or_time_runs_out() {
    let stub = Stub::start(vec![execution("InProgress"), execution("Failed")]);
    let out = ours_at(
        &stub.url,
        &[
            "wait",
            "pipeline-execution-complete",
            "--pipeline-name",
            "p",
            "--pipeline-execution-id",
            "e-1",
            "--delay",
            "0",
        ],
    );
    assert_eq!(code(&out), 255);
    assert!(stderr(&out).contains("Waiter PipelineExecutionComplete failed"), "{}", stderr(&out));
    assert!(stdout(&out).contains("\"status\": \"Failed\""));
    let stub = Stub::start(vec![execution("InProgress")]);
    let out = ours_at(
        &stub.url,
        &[
            "wait",
            "pipeline-execution-complete",
            "--pipeline-name",
            "p",
            "--pipeline-execution-id",
            "e-1",
            "--delay",
            "1",
            "--timeout",
            "2",
        ],
    );
    assert_eq!(code(&out), 255);
    assert!(stderr(&out).contains("timed out"), "{}", stderr(&out));
}

#[test]
fn start_pipeline_execution_can_wait() {
    let started = Reply::json(r#"{"pipelineExecutionId": "e-1"}"#);
    let stub = Stub::routed(vec![
        ("StartPipelineExecution", vec![started]),
        ("GetPipelineExecution", vec![execution("InProgress"), execution("Stopped")]),
    ]);
    let out = ours_at(&stub.url, &["start-pipeline-execution", "--name", "p", "--wait", "--delay", "0"]);
    assert_eq!(code(&out), 255, "{}", stderr(&out));
    assert_eq!(stub.unused(), []);
    let sent = stub.requests();
    assert_eq!(sent[0].target(), "CodePipeline_20150709.StartPipelineExecution");
    assert_eq!(sent[0].json()["name"], "p");
    assert!(sent[0].json().get("wait").is_none(), "--wait is not a parameter");
    assert_eq!(sent[1].json(), json!({"pipelineName": "p", "pipelineExecutionId": "e-1"}));
}

#[test]
fn watch_prints_one_line_per_change_when_not_on_a_terminal() {
    let stub = Stub::routed(vec![
        (
            "GetPipelineState",
            vec![
                state("InProgress", None),
                throttled(),
                state("Failed", Some("3 tests failed")),
                state("Failed", Some("3 tests failed")),
            ],
        ),
        ("GetPipelineExecution", vec![execution("InProgress"), execution("Failed")]),
    ]);
    let out = ours_at(&stub.url, &["watch", "--name", "p", "--pipeline-execution-id", "e-1", "--delay", "0"]);
    assert_eq!(code(&out), 255, "{}", stderr(&out));
    assert_eq!(stub.unused(), []);
    let text = stdout(&out);
    assert!(
        text.contains("Build/CodeBuild") && text.contains("-> Failed") && text.contains("3 tests failed"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "no redraw codes in a log: {text}");
    assert_eq!(stub.requests().len(), 6);
}

#[test]
fn status_is_a_readable_stage_by_stage_view() {
    let stub = Stub::routed(vec![("GetPipelineState", vec![state("Failed", Some("3 tests failed"))])]);
    let out = ours_at(&stub.url, &["status", "--name", "p"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    for expected in
        ["Source", "Checkout", "Build", "CodeBuild", "Failed", "3 tests failed", "https://example.com/build/1"]
    {
        assert!(text.contains(expected), "{expected} missing:\n{text}");
    }
    assert_eq!(stub.requests()[0].target(), "CodePipeline_20150709.GetPipelineState");
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)).expect("fixture")
}

#[test]
fn validate_accepts_documented_pipelines_and_names_each_problem() {
    for name in ["pipeline/cli-create-pipeline.json", "pipeline/three-stage.yaml", "pipeline.json"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
        let out = ours(&["validate", &path.display().to_string()]);
        assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
    }
    let mut broken: Value = serde_json::from_str(&fixture("pipeline.json")).expect("JSON");
    broken["pipeline"]["stages"][1]["name"] = json!("Source");
    broken["pipeline"]["stages"][1]["actions"][0]["inputArtifacts"][0]["name"] = json!("Nothing");
    let path = temp_file("broken-pipeline.json", &broken.to_string());
    let out = ours(&["validate", &path.display().to_string()]);
    assert_eq!(code(&out), 252);
    let text = stderr(&out);
    assert!(text.contains("pipeline.stages[1].name"), "{text}");
    assert!(text.contains("pipeline.stages[1].actions[0].inputArtifacts[0]"), "{text}");
}

#[test]
fn diff_shows_what_update_pipeline_would_change() {
    let deployed = fixture("responses/get-pipeline.json");
    let stub = Stub::start(vec![Reply::json(deployed.clone())]);
    let mut proposed: Value = serde_json::from_str(&deployed).expect("JSON");
    proposed["pipeline"]["stages"][1]["actions"][0]["configuration"]["ProjectName"] = json!("app-build-v2");
    let path = temp_file("proposed-pipeline.json", &proposed.to_string());
    let out = ours_at(&stub.url, &["diff", "--name", "release-main", &path.display().to_string()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("ProjectName") && text.contains("app-build-v2"), "{text}");
    let unchanged = temp_file("same-pipeline.json", &deployed);
    let stub = Stub::start(vec![Reply::json(deployed)]);
    let out = ours_at(&stub.url, &["diff", "--name", "release-main", &unchanged.display().to_string()]);
    assert!(stdout(&out).contains("No changes."), "{}", stdout(&out));
}

/// The live view in a real terminal (tmux): stage and action rows on screen.
#[test]
fn watch_redraws_in_a_terminal() {
    let stub = Stub::routed(vec![
        ("GetPipelineState", vec![state("InProgress", None), state("Succeeded", None), state("Succeeded", None)]),
        ("GetPipelineExecution", vec![execution("InProgress"), execution("Succeeded")]),
    ]);
    let command = format!(
        "{} watch --name p --pipeline-execution-id e-1 --delay 0 --endpoint-url {}; sleep 30",
        crate::support::BIN,
        stub.url
    );
    let tmux = crate::terminal::Tmux::sized("watch", 120, 30, &command);
    let mut screen = String::new();
    for _ in 0..50 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        screen = tmux.screen();
        if screen.contains("Build") && screen.contains("CodeBuild") && stub.requests().len() >= 5 {
            break;
        }
    }
    for row in ["Source", "Checkout", "Build", "CodeBuild", "Succeeded"] {
        assert!(screen.contains(row), "{row} missing from the screen:\n{screen}");
    }
}
