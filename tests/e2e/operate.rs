//! `approve`, `retry`, `stop` and `rollback` against scripted replies (each
//! operation its own, `Stub::routed`): the exact request each sends, what it
//! refuses to guess, and its exit codes.

use crate::stub::{Reply, Stub};
use crate::support::{code, ours_at, stderr, stdout};
use crate::terminal::Tmux;
use serde_json::{json, Value};

const TARGET: &str = "CodePipeline_20150709.";

/// The operations sent, in order, without the service prefix.
fn sent(stub: &Stub) -> Vec<String> {
    stub.requests().iter().map(|r| r.target().trim_start_matches(TARGET).to_string()).collect()
}

/// The body of the one request sent to `operation`.
fn body(stub: &Stub, operation: &str) -> Value {
    let bodies: Vec<Value> =
        stub.requests().iter().filter(|r| r.target() == format!("{TARGET}{operation}")).map(|r| r.json()).collect();
    assert_eq!(bodies.len(), 1, "{operation} sent {} times", bodies.len());
    bodies[0].clone()
}

/// A pipeline with two approval actions in stage Gate, beside a source and a deploy.
fn declaration() -> Reply {
    Reply::json(
        json!({"pipeline": {"name": "p", "version": 3, "stages": [
            {"name": "Source", "actions": [{"name": "Checkout", "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"}}]},
            {"name": "Gate", "actions": [
                {"name": "Manual", "actionTypeId": {"category": "Approval", "owner": "AWS", "provider": "Manual", "version": "1"}},
                {"name": "Security", "actionTypeId": {"category": "Approval", "owner": "AWS", "provider": "Manual", "version": "1"}}
            ]},
            {"name": "Deploy", "actions": [{"name": "Push", "actionTypeId": {"category": "Deploy", "owner": "AWS", "provider": "S3", "version": "1"}}]}
        ]}})
        .to_string(),
    )
}

/// Gate's approvals in the given states (`None`: never ran), in execution e-7.
fn gate(manual: Option<&str>, security: Option<&str>) -> Reply {
    let action = |name: &str, status: Option<&str>, token: &str| match status {
        Some(status) => json!({"actionName": name, "latestExecution": {
            "actionExecutionId": format!("ax-{name}"), "status": status, "token": token,
            "lastStatusChange": 1704164645.0, "summary": "Waiting"}}),
        None => json!({"actionName": name}),
    };
    Reply::json(
        json!({"pipelineName": "p", "pipelineVersion": 3, "stageStates": [
            {"stageName": "Source", "latestExecution": {"pipelineExecutionId": "e-7", "status": "Succeeded"},
             "actionStates": [{"actionName": "Checkout", "latestExecution": {"status": "Succeeded"}}]},
            {"stageName": "Gate", "latestExecution": {"pipelineExecutionId": "e-7", "status": "InProgress"},
             "actionStates": [action("Manual", manual, "tok-manual"), action("Security", security, "tok-security")]},
            {"stageName": "Deploy", "actionStates": [{"actionName": "Push"}]}
        ]})
        .to_string(),
    )
}

fn approved() -> Reply {
    Reply::json(r#"{"approvedAt": 1704164700.0}"#)
}

#[test]
fn approve_answers_the_one_pending_approval_with_its_token() {
    let stub = Stub::routed(vec![
        ("GetPipeline", vec![declaration()]),
        ("GetPipelineState", vec![gate(Some("InProgress"), Some("Succeeded"))]),
        ("PutApprovalResult", vec![approved()]),
    ]);
    let out = ours_at(&stub.url, &["approve", "--name", "p", "--summary", "LGTM", "--output", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stub.unused(), []);
    assert_eq!(sent(&stub), ["GetPipeline", "GetPipelineState", "PutApprovalResult"]);
    assert_eq!(
        body(&stub, "PutApprovalResult"),
        json!({"pipelineName": "p", "stageName": "Gate", "actionName": "Manual",
               "result": {"summary": "LGTM", "status": "Approved"}, "token": "tok-manual"})
    );
    let record: Value = serde_json::from_str(&stdout(&out)).expect("a JSON record");
    assert_eq!(
        record,
        json!({"pipeline": "p", "stage": "Gate", "action": "Manual", "pipelineExecutionId": "e-7", "result": "Approved"})
    );
}

#[test]
fn approve_rejects_and_prints_one_line_as_text() {
    let stub = Stub::routed(vec![
        ("GetPipeline", vec![declaration()]),
        ("GetPipelineState", vec![gate(None, Some("InProgress"))]),
        ("PutApprovalResult", vec![approved()]),
    ]);
    let out = ours_at(&stub.url, &["approve", "--name", "p", "--reject", "--output", "text"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let sent = body(&stub, "PutApprovalResult");
    assert_eq!(sent["actionName"], "Security");
    assert_eq!(sent["token"], "tok-security");
    assert_eq!(sent["result"]["status"], "Rejected");
    assert_eq!(stdout(&out), "Rejected p/Gate/Security (execution e-7)\n");
}

#[test]
fn approve_refuses_to_guess_between_several_without_a_terminal() {
    let stub = Stub::routed(vec![
        ("GetPipeline", vec![declaration()]),
        ("GetPipelineState", vec![gate(Some("InProgress"), Some("InProgress"))]),
    ]);
    let out = ours_at(&stub.url, &["approve", "--name", "p"]);
    assert_eq!(code(&out), 252, "{}", stderr(&out));
    let text = stderr(&out);
    for expected in
        ["2 pending approvals", "Gate/Manual", "Gate/Security", "e-7", "--stage, --action or --execution-id"]
    {
        assert!(text.contains(expected), "{expected} missing: {text}");
    }
    assert!(!sent(&stub).contains(&"PutApprovalResult".to_string()));

    // --action names one of them.
    let stub = Stub::routed(vec![
        ("GetPipeline", vec![declaration()]),
        ("GetPipelineState", vec![gate(Some("InProgress"), Some("InProgress"))]),
        ("PutApprovalResult", vec![approved()]),
    ]);
    let out = ours_at(&stub.url, &["approve", "--name", "p", "--stage", "Gate", "--action", "Security"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(body(&stub, "PutApprovalResult")["token"], "tok-security");
}

#[test]
fn approve_with_nothing_pending_exits_255() {
    let stub = Stub::routed(vec![
        ("GetPipeline", vec![declaration()]),
        ("GetPipelineState", vec![gate(Some("Succeeded"), None)]),
    ]);
    let out = ours_at(&stub.url, &["approve", "--name", "p"]);
    assert_eq!(code(&out), 255, "{}", stderr(&out));
    assert!(stderr(&out).contains("No approval is pending in pipeline p"), "{}", stderr(&out));
    assert_eq!(sent(&stub), ["GetPipeline", "GetPipelineState"]);
}

#[test]
fn approve_can_wait_for_an_approval_to_be_pending() {
    let stub = Stub::routed(vec![
        ("GetPipeline", vec![declaration()]),
        (
            "GetPipelineState",
            vec![
                gate(None, None),
                Reply::error(400, "ThrottlingException", "Rate exceeded"),
                gate(Some("InProgress"), None),
            ],
        ),
        ("PutApprovalResult", vec![approved()]),
    ]);
    let out = ours_at(&stub.url, &["approve", "--name", "p", "--wait", "--delay", "0"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stub.unused(), []);
    assert_eq!(sent(&stub).iter().filter(|op| *op == "GetPipeline").count(), 1, "the declaration is read once");
    assert_eq!(body(&stub, "PutApprovalResult")["token"], "tok-manual");

    let stub = Stub::routed(vec![("GetPipeline", vec![declaration()]), ("GetPipelineState", vec![gate(None, None)])]);
    let out = ours_at(&stub.url, &["approve", "--name", "p", "--wait", "--delay", "1", "--timeout", "2"]);
    assert_eq!(code(&out), 255, "{}", stderr(&out));
    assert!(stderr(&out).contains("Timed out"), "{}", stderr(&out));
}

#[test]
fn approve_dry_run_prints_the_request_and_sends_nothing() {
    let stub = Stub::routed(vec![
        ("GetPipeline", vec![declaration()]),
        ("GetPipelineState", vec![gate(Some("InProgress"), None)]),
    ]);
    let out = ours_at(&stub.url, &["approve", "--name", "p", "--summary", "ok", "--dry-run"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(sent(&stub), ["GetPipeline", "GetPipelineState"]);
    let shown: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(
        shown,
        json!({"operation": "PutApprovalResult", "input": {"pipelineName": "p", "stageName": "Gate", "actionName": "Manual",
               "result": {"summary": "ok", "status": "Approved"}, "token": "tok-manual"}})
    );
}

#[test]
fn approve_reports_a_service_error_as_254() {
    let stub = Stub::routed(vec![
        ("GetPipeline", vec![declaration()]),
        ("GetPipelineState", vec![gate(Some("InProgress"), None)]),
        ("PutApprovalResult", vec![Reply::error(400, "InvalidApprovalTokenException", "The token is invalid")]),
    ]);
    let out = ours_at(&stub.url, &["approve", "--name", "p"]);
    assert_eq!(code(&out), 254, "{}", stderr(&out));
    assert!(stderr(&out).contains("(InvalidApprovalTokenException) when calling the PutApprovalResult operation"));
}

fn history(summaries: Value) -> Reply {
    Reply::json(json!({"pipelineExecutionSummaries": summaries}).to_string())
}

/// Build failed in e-2 and Deploy last ran (and succeeded) in e-1.
fn build_failed() -> Reply {
    Reply::json(
        json!({"pipelineName": "p", "stageStates": [
            {"stageName": "Source", "latestExecution": {"pipelineExecutionId": "e-2", "status": "Succeeded"}},
            {"stageName": "Build", "latestExecution": {"pipelineExecutionId": "e-2", "status": "Failed"}},
            {"stageName": "Deploy", "latestExecution": {"pipelineExecutionId": "e-1", "status": "Succeeded"}}
        ]})
        .to_string(),
    )
}

fn execution(id: &str, status: &str) -> Reply {
    Reply::json(
        json!({"pipelineExecution": {"pipelineName": "p", "pipelineExecutionId": id, "status": status}}).to_string(),
    )
}

#[test]
fn retry_retries_the_failed_stage_of_the_latest_execution() {
    let stub = Stub::routed(vec![
        ("ListPipelineExecutions", vec![history(json!([{"pipelineExecutionId": "e-2", "status": "Failed"}]))]),
        ("GetPipelineState", vec![build_failed()]),
        ("RetryStageExecution", vec![Reply::json(r#"{"pipelineExecutionId": "e-2"}"#)]),
    ]);
    let out = ours_at(&stub.url, &["retry", "--name", "p", "--output", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stub.unused(), []);
    assert_eq!(body(&stub, "ListPipelineExecutions"), json!({"pipelineName": "p", "maxResults": 1}));
    assert_eq!(
        body(&stub, "RetryStageExecution"),
        json!({"pipelineName": "p", "stageName": "Build", "pipelineExecutionId": "e-2", "retryMode": "FAILED_ACTIONS"})
    );
    let record: Value = serde_json::from_str(&stdout(&out)).expect("a JSON record");
    assert_eq!(record["stage"], "Build");
    assert_eq!(record["result"], "Retried");
}

#[test]
fn retry_of_a_named_execution_with_all_actions_can_dry_run() {
    let stub = Stub::routed(vec![("GetPipelineState", vec![build_failed()])]);
    let out = ours_at(&stub.url, &["retry", "--name", "p", "--execution-id", "e-2", "--all-actions", "--dry-run"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(sent(&stub), ["GetPipelineState"], "no history read for a named execution, no retry sent");
    let shown: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(
        shown,
        json!({"operation": "RetryStageExecution", "input": {"pipelineName": "p", "stageName": "Build",
               "pipelineExecutionId": "e-2", "retryMode": "ALL_ACTIONS"}})
    );
}

#[test]
fn retry_refuses_a_stage_that_did_not_fail() {
    let stub = Stub::routed(vec![("GetPipelineState", vec![build_failed()])]);
    let out = ours_at(&stub.url, &["retry", "--name", "p", "--execution-id", "e-2", "--stage", "Source"]);
    assert_eq!(code(&out), 255, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Stage Source of pipeline p is Succeeded in execution e-2, not Failed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(sent(&stub), ["GetPipelineState"]);

    // The failure belongs to an older execution: say which, and how to name it.
    let stub = Stub::routed(vec![("GetPipelineState", vec![build_failed()])]);
    let out = ours_at(&stub.url, &["retry", "--name", "p", "--execution-id", "e-9"]);
    assert_eq!(code(&out), 255, "{}", stderr(&out));
    let text = stderr(&out);
    assert!(text.contains("No stage of pipeline p failed in execution e-9"), "{text}");
    assert!(text.contains("Build (execution e-2)") && text.contains("--execution-id"), "{text}");
}

#[test]
fn retry_can_follow_the_execution_to_its_end() {
    let stub = Stub::routed(vec![
        ("GetPipelineState", vec![build_failed()]),
        ("RetryStageExecution", vec![Reply::json(r#"{"pipelineExecutionId": "e-2"}"#)]),
        ("GetPipelineExecution", vec![execution("e-2", "InProgress"), execution("e-2", "Failed")]),
    ]);
    let out = ours_at(
        &stub.url,
        &["retry", "--name", "p", "--execution-id", "e-2", "--wait", "--delay", "0", "--output", "json"],
    );
    assert_eq!(code(&out), 255, "a failed execution fails the wait: {}", stderr(&out));
    assert_eq!(stub.unused(), []);
    assert!(stderr(&out).contains("Waiter PipelineExecutionComplete failed"), "{}", stderr(&out));
    let record: Value = serde_json::from_str(&stdout(&out)).expect("a JSON record");
    assert_eq!(record["status"], "Failed");
    let polled: Vec<Value> =
        stub.requests().iter().filter(|r| r.target().ends_with("GetPipelineExecution")).map(|r| r.json()).collect();
    assert_eq!(polled[0], json!({"pipelineName": "p", "pipelineExecutionId": "e-2"}));

    let stub = Stub::routed(vec![
        ("GetPipelineState", vec![build_failed()]),
        ("RetryStageExecution", vec![Reply::json(r#"{"pipelineExecutionId": "e-2"}"#)]),
        ("GetPipelineExecution", vec![execution("e-2", "Succeeded")]),
    ]);
    let out = ours_at(
        &stub.url,
        &["retry", "--name", "p", "--execution-id", "e-2", "--wait", "--delay", "0", "--output", "text"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "Retried p/Build (FAILED_ACTIONS) in execution e-2; it ended Succeeded\n");
}

#[test]
fn retry_reports_the_services_refusal_as_254() {
    let stub = Stub::routed(vec![
        ("GetPipelineState", vec![build_failed()]),
        ("RetryStageExecution", vec![Reply::error(400, "StageNotRetryableException", "Stage is not retryable")]),
    ]);
    let out = ours_at(&stub.url, &["retry", "--name", "p", "--execution-id", "e-2"]);
    assert_eq!(code(&out), 254, "{}", stderr(&out));
}

#[test]
fn stop_stops_the_one_execution_in_progress() {
    let stub = Stub::routed(vec![
        (
            "ListPipelineExecutions",
            vec![history(json!([
                {"pipelineExecutionId": "e-3", "status": "InProgress", "startTime": 1704164645.0},
                {"pipelineExecutionId": "e-2", "status": "Failed"}
            ]))],
        ),
        ("StopPipelineExecution", vec![Reply::json(r#"{"pipelineExecutionId": "e-3"}"#)]),
    ]);
    let out = ours_at(&stub.url, &["stop", "--name", "p", "--abandon", "--reason", "bad commit", "--output", "text"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        body(&stub, "StopPipelineExecution"),
        json!({"pipelineName": "p", "pipelineExecutionId": "e-3", "abandon": true, "reason": "bad commit"})
    );
    assert_eq!(stdout(&out), "Abandoning execution e-3 of p\n");
}

#[test]
fn stop_refuses_to_guess_between_parallel_executions() {
    let running = history(json!([
        {"pipelineExecutionId": "e-5", "status": "InProgress", "executionMode": "PARALLEL"},
        {"pipelineExecutionId": "e-4", "status": "InProgress", "executionMode": "PARALLEL"},
        {"pipelineExecutionId": "e-3", "status": "Succeeded", "executionMode": "PARALLEL"}
    ]));
    let stub = Stub::routed(vec![("ListPipelineExecutions", vec![running])]);
    let out = ours_at(&stub.url, &["stop", "--name", "p"]);
    assert_eq!(code(&out), 252, "{}", stderr(&out));
    let text = stderr(&out);
    for expected in ["2 running executions", "e-5", "e-4", "PARALLEL mode", "--execution-id"] {
        assert!(text.contains(expected), "{expected} missing: {text}");
    }
    assert!(!text.contains("e-3"), "{text}");
    assert_eq!(sent(&stub), ["ListPipelineExecutions"]);

    // Named, it is stopped without looking at the history.
    let stub = Stub::routed(vec![("StopPipelineExecution", vec![Reply::json(r#"{"pipelineExecutionId": "e-4"}"#)])]);
    let out = ours_at(&stub.url, &["stop", "--name", "p", "--execution-id", "e-4", "--output", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        body(&stub, "StopPipelineExecution"),
        json!({"pipelineName": "p", "pipelineExecutionId": "e-4", "abandon": false})
    );
    let record: Value = serde_json::from_str(&stdout(&out)).expect("a JSON record");
    assert_eq!(record, json!({"pipeline": "p", "pipelineExecutionId": "e-4", "abandon": false, "result": "Stopping"}));
}

#[test]
fn stop_with_nothing_running_exits_255_and_dry_run_sends_nothing() {
    let stub = Stub::routed(vec![(
        "ListPipelineExecutions",
        vec![history(json!([{"pipelineExecutionId": "e-2", "status": "Succeeded"}]))],
    )]);
    let out = ours_at(&stub.url, &["stop", "--name", "p"]);
    assert_eq!(code(&out), 255, "{}", stderr(&out));
    assert!(stderr(&out).contains("No execution of pipeline p is in progress"), "{}", stderr(&out));

    let stub = Stub::routed(vec![]);
    let out = ours_at(&stub.url, &["stop", "--name", "p", "--execution-id", "e-4", "--dry-run"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(sent(&stub), Vec::<String>::new());
    let shown: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(
        shown,
        json!({"operation": "StopPipelineExecution", "input": {"pipelineName": "p", "pipelineExecutionId": "e-4", "abandon": false}})
    );
}

#[test]
fn rollback_goes_to_the_last_execution_that_succeeded_in_the_stage() {
    // Deploy holds e-1 now; e-1 is skipped, the rollback execution r-1 too.
    let stub = Stub::routed(vec![
        ("GetPipelineState", vec![build_failed()]),
        (
            "ListPipelineExecutions",
            vec![
                Reply::json(
                    json!({"pipelineExecutionSummaries": [
                        {"pipelineExecutionId": "e-1", "status": "Succeeded"},
                        {"pipelineExecutionId": "r-1", "status": "Succeeded", "executionType": "ROLLBACK"}
                    ], "nextToken": "page-2"})
                    .to_string(),
                ),
                history(json!([{"pipelineExecutionId": "e-0", "status": "Failed"}])),
            ],
        ),
        ("RollbackStage", vec![Reply::json(r#"{"pipelineExecutionId": "r-2"}"#)]),
    ]);
    let out = ours_at(&stub.url, &["rollback", "--name", "p", "--stage", "Deploy", "--output", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stub.unused(), []);
    let pages: Vec<Value> =
        stub.requests().iter().filter(|r| r.target().ends_with("ListPipelineExecutions")).map(|r| r.json()).collect();
    assert_eq!(pages[0], json!({"pipelineName": "p", "filter": {"succeededInStage": {"stageName": "Deploy"}}}));
    assert_eq!(pages[1]["nextToken"], "page-2");
    assert_eq!(
        body(&stub, "RollbackStage"),
        json!({"pipelineName": "p", "stageName": "Deploy", "targetPipelineExecutionId": "e-0"})
    );
    let record: Value = serde_json::from_str(&stdout(&out)).expect("a JSON record");
    assert_eq!(record["pipelineExecutionId"], "r-2");
    assert_eq!(record["targetPipelineExecutionId"], "e-0");
}

#[test]
fn rollback_to_a_named_execution_and_its_failures() {
    let stub = Stub::routed(vec![]);
    let out = ours_at(&stub.url, &["rollback", "--name", "p", "--stage", "Deploy", "--to", "e-0", "--dry-run"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(sent(&stub), Vec::<String>::new());
    let shown: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(shown["input"], json!({"pipelineName": "p", "stageName": "Deploy", "targetPipelineExecutionId": "e-0"}));

    // Nothing earlier succeeded: 255, nothing sent.
    let stub = Stub::routed(vec![
        ("GetPipelineState", vec![build_failed()]),
        ("ListPipelineExecutions", vec![history(json!([{"pipelineExecutionId": "e-1", "status": "Succeeded"}]))]),
    ]);
    let out = ours_at(&stub.url, &["rollback", "--name", "p", "--stage", "Deploy"]);
    assert_eq!(code(&out), 255, "{}", stderr(&out));
    assert!(stderr(&out).contains("nothing to roll back to"), "{}", stderr(&out));
    assert!(!sent(&stub).contains(&"RollbackStage".to_string()));

    // A V1 pipeline: the service's own error, 254.
    let stub = Stub::routed(vec![(
        "RollbackStage",
        vec![Reply::error(400, "UnableToRollbackStageException", "Rollback is supported only for V2 pipelines")],
    )]);
    let out = ours_at(&stub.url, &["rollback", "--name", "p", "--stage", "Deploy", "--to", "e-0"]);
    assert_eq!(code(&out), 254, "{}", stderr(&out));
    assert!(stderr(&out).contains("V2 pipelines"), "{}", stderr(&out));
}

#[test]
fn an_unknown_output_format_fails_before_anything_changes() {
    let stub = Stub::routed(vec![]);
    // clap checks --output itself; the environment and the profile are read later.
    let out = crate::support::sealed(crate::support::BIN)
        .args(["stop", "--name", "p", "--execution-id", "e-4", "--endpoint-url", &stub.url])
        .env("AWS_DEFAULT_OUTPUT", "xml")
        .output()
        .expect("run codepipeline");
    assert_eq!(code(&out), 252, "{}", stderr(&out));
    assert!(stderr(&out).contains("argument --output: Invalid choice"), "{}", stderr(&out));
    assert_eq!(sent(&stub), Vec::<String>::new());
}

/// On a terminal (tmux), several pending approvals bring up a numbered
/// picker on stderr; the number typed picks the token sent.
#[test]
fn approve_picks_on_a_terminal() {
    let stub = Stub::routed(vec![
        ("GetPipeline", vec![declaration()]),
        ("GetPipelineState", vec![gate(Some("InProgress"), Some("InProgress"))]),
        ("PutApprovalResult", vec![approved()]),
    ]);
    let command = format!(
        "{} approve --name p --output text --endpoint-url {}; echo exit=$?; sleep 30",
        crate::support::BIN,
        stub.url
    );
    let tmux = Tmux::sized("approve", 150, 30, &command);
    let asked = tmux.wait_for("Which one? [1-2]");
    tmux.keys("2");
    tmux.key("Enter");
    let done = tmux.wait_for("exit=");
    assert!(asked.contains("1) Gate/Manual") && asked.contains("2) Gate/Security"), "{asked}");
    assert!(done.contains("Approved p/Gate/Security (execution e-7)") && done.contains("exit=0"), "{done}");
    assert_eq!(body(&stub, "PutApprovalResult")["token"], "tok-security");
}

#[test]
fn watch_keys_answer_an_approval_after_confirmation() {
    let stub = Stub::routed(vec![
        ("GetPipeline", vec![declaration()]),
        ("GetPipelineState", vec![gate(Some("InProgress"), None)]),
        ("GetPipelineExecution", vec![execution("e-7", "InProgress")]),
        ("PutApprovalResult", vec![approved()]),
    ]);
    let tmux = Tmux::start(
        "watch-keys",
        &format!(
            "{} watch --name p --pipeline-execution-id e-7 --delay 1 --endpoint-url {}; echo exit=$?; \
             stty -a | grep -q ' icanon' && stty -a | grep -q ' echo ' && echo tty=restored; sleep 30",
            crate::support::BIN,
            stub.url
        ),
    );
    let screen = tmux.wait_for("keys: a approve");
    assert!(screen.contains("Gate") && screen.contains("Manual"), "{screen}");
    tmux.keys("x");
    let asked = tmux.wait_for("? y/n");
    assert!(asked.contains("Reject Gate/Manual in execution e-7? y/n"), "{asked}");
    tmux.keys("n");
    assert!(tmux.wait_for("Cancelled").contains("Cancelled"));
    tmux.keys("a");
    assert!(tmux.wait_for("Approve Gate/Manual in execution e-7? y/n").contains("Approve Gate/Manual"));
    tmux.keys("y");
    let answered = tmux.wait_for("Approved Gate/Manual");
    assert!(answered.contains("Approved Gate/Manual"), "{answered}");
    tmux.keys("q");
    let done = tmux.wait_for("tty=");
    assert!(done.contains("Stopped watching execution e-7 (InProgress)") && done.contains("exit=0"), "{done}");
    assert!(done.contains("tty=restored"), "line mode and echo are back: {done}");
    assert_eq!(
        body(&stub, "PutApprovalResult"),
        json!({"pipelineName": "p", "stageName": "Gate", "actionName": "Manual",
               "result": {"summary": "Approved from codepipeline watch", "status": "Approved"}, "token": "tok-manual"})
    );
    assert_eq!(sent(&stub).iter().filter(|op| *op == "GetPipeline").count(), 1);
}

#[test]
fn watch_keys_retry_and_stop() {
    let stub = Stub::routed(vec![
        ("GetPipeline", vec![declaration()]),
        ("GetPipelineState", vec![build_failed()]),
        ("GetPipelineExecution", vec![execution("e-2", "InProgress")]),
        ("RetryStageExecution", vec![Reply::json(r#"{"pipelineExecutionId": "e-2"}"#)]),
        ("StopPipelineExecution", vec![Reply::error(400, "PipelineExecutionNotStoppableException", "Not stoppable")]),
    ]);
    let tmux = Tmux::start(
        "watch-retry",
        &format!(
            "{} watch --name p --pipeline-execution-id e-2 --delay 1 --endpoint-url {}; echo exit=$?; \
             stty -a | grep -q ' icanon' && echo tty=restored; sleep 30",
            crate::support::BIN,
            stub.url
        ),
    );
    tmux.wait_for("keys: a approve");
    tmux.keys("a");
    let none = tmux.wait_for("No approval is pending");
    assert!(none.contains("No approval is pending"), "{none}");
    tmux.keys("r");
    let asked = tmux.wait_for("? y/n");
    assert!(asked.contains("Retry the failed actions of Build in execution e-2? y/n"), "{asked}");
    tmux.keys("y");
    assert!(tmux.wait_for("Retried Build").contains("Retried Build"));
    tmux.keys("s");
    tmux.wait_for("Stop execution e-2");
    tmux.keys("y");
    // The service's refusal is shown; the watch goes on.
    let refused = tmux.wait_for("PipelineExecutionNotStoppableException");
    assert!(refused.contains("Not stoppable"), "{refused}");
    // Ctrl-C ends the watch as it ends any command (130), the terminal put back first.
    tmux.key("C-c");
    let done = tmux.wait_for("tty=");
    assert!(done.contains("exit=130") && done.contains("tty=restored"), "{done}");
    assert_eq!(
        body(&stub, "RetryStageExecution"),
        json!({"pipelineName": "p", "stageName": "Build", "pipelineExecutionId": "e-2", "retryMode": "FAILED_ACTIONS"})
    );
    assert_eq!(
        body(&stub, "StopPipelineExecution"),
        json!({"pipelineName": "p", "pipelineExecutionId": "e-2", "abandon": false, "reason": "Stopped from codepipeline watch"})
    );
}

/// In PARALLEL mode GetPipelineState carries no approval tokens: they are
/// the action executions' externalExecutionId (ListActionExecutions).
#[test]
fn approve_in_parallel_mode_takes_the_token_from_the_action_executions() {
    let mut parallel: Value = serde_json::from_slice(&declaration().body).expect("JSON");
    parallel["pipeline"]["executionMode"] = json!("PARALLEL");
    let waiting = |execution: &str| {
        json!({"pipelineExecutionId": execution, "actionExecutionId": format!("ax-{execution}"), "stageName": "Gate",
               "actionName": "Manual", "status": "InProgress", "startTime": 1704164645.0,
               "input": {"actionTypeId": {"category": "Approval", "owner": "AWS", "provider": "Manual", "version": "1"}},
               "output": {"executionResult": {"externalExecutionId": format!("tok-{execution}")}}})
    };
    let list = Reply::json(json!({"actionExecutionDetails": [waiting("e-3"), waiting("e-2")]}).to_string());
    let stub = Stub::routed(vec![
        ("GetPipeline", vec![Reply::json(parallel.to_string())]),
        ("ListActionExecutions", vec![list.clone()]),
    ]);
    let out = ours_at(&stub.url, &["approve", "--name", "p"]);
    assert_eq!(code(&out), 252, "{}", stderr(&out));
    assert!(stderr(&out).contains("e-3") && stderr(&out).contains("e-2"), "{}", stderr(&out));
    assert_eq!(sent(&stub), ["GetPipeline", "ListActionExecutions"]);

    let stub = Stub::routed(vec![
        ("GetPipeline", vec![Reply::json(parallel.to_string())]),
        ("ListActionExecutions", vec![list]),
        ("PutApprovalResult", vec![approved()]),
    ]);
    let out = ours_at(&stub.url, &["approve", "--name", "p", "--execution-id", "e-2", "--output", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        body(&stub, "ListActionExecutions"),
        json!({"pipelineName": "p", "filter": {"pipelineExecutionId": "e-2"}})
    );
    let answer = body(&stub, "PutApprovalResult");
    assert_eq!((answer["stageName"].clone(), answer["token"].clone()), (json!("Gate"), json!("tok-e-2")));
    let record: Value = serde_json::from_str(&stdout(&out)).expect("a JSON record");
    assert_eq!(record["pipelineExecutionId"], "e-2");
}

#[test]
fn the_record_follows_the_output_format() {
    for (format, expected) in [
        ("yaml", "pipelineExecutionId: e-4\n"),
        ("table", "StopPipelineExecution"),
        ("text", "Stopping execution e-4 of p\n"),
    ] {
        let stub =
            Stub::routed(vec![("StopPipelineExecution", vec![Reply::json(r#"{"pipelineExecutionId": "e-4"}"#)])]);
        let out = ours_at(&stub.url, &["stop", "--name", "p", "--execution-id", "e-4", "--output", format]);
        assert_eq!(code(&out), 0, "{format}: {}", stderr(&out));
        assert!(stdout(&out).contains(expected), "{format}: {}", stdout(&out));
    }
}
