//! `approve`, `retry`, `stop` and `rollback` against scripted replies (each
//! operation its own, `Stub::routed`): the exact request each sends, what it
//! refuses to guess, and its exit codes.

use crate::stub::{Reply, Stub};
use crate::support::{code, ours_at, stderr, stdout};
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
    for expected in ["2 pending approvals", "Gate/Manual", "Gate/Security", "e-7", "--stage and --action"] {
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
