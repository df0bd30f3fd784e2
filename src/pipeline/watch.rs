//! Decisions behind `watch` that need no I/O: which status changes between
//! two polls are worth a log line, and when an execution is over.

use crate::pipeline::status::{failure_detail, items};
use serde_json::Value;

/// Status and execution id of a stage or action; a new id with the same
/// status means another run finished between two polls.
fn progress<'a>(execution: Option<&'a Value>, id_key: &str) -> Option<(&'a str, Option<&'a str>)> {
    let execution = execution?;
    let status = execution.get("status").and_then(Value::as_str)?;
    Some((status, execution.get(id_key).and_then(Value::as_str)))
}

fn find<'a>(list: &'a [Value], key: &str, name: &str) -> Option<&'a Value> {
    list.iter().find(|item| item.get(key).and_then(Value::as_str) == Some(name))
}

fn line(label: &str, before: Option<&str>, after: &str) -> String {
    match before {
        Some(before) => format!("{label}: {before} -> {after}"),
        None => format!("{label}: {after}"),
    }
}

/// One line per stage, action or transition whose state differs between
/// two GetPipelineState results; with no previous poll, the current state
/// of everything that has run.
pub fn transitions(prev: Option<&Value>, next: &Value) -> Vec<String> {
    let empty = Value::Null;
    let prev_stages = items(prev.unwrap_or(&empty), "stageStates");
    let mut out = Vec::new();
    for stage in items(next, "stageStates") {
        let Some(stage_name) = stage.get("stageName").and_then(Value::as_str) else {
            continue;
        };
        let before = find(prev_stages, "stageName", stage_name);

        let enabled = |s: Option<&Value>| {
            s.and_then(|s| s.get("inboundTransitionState")?.get("enabled")?.as_bool()).unwrap_or(true)
        };
        // A stage not seen before counts as enabled, so only a disabled one is news.
        if enabled(before) != enabled(Some(stage)) {
            out.push(if enabled(Some(stage)) {
                format!("{stage_name}: transition enabled")
            } else {
                let reason = stage
                    .get("inboundTransitionState")
                    .and_then(|t| t.get("disabledReason"))
                    .and_then(Value::as_str)
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default();
                format!("{stage_name}: transition disabled{reason}")
            });
        }

        let was = progress(before.and_then(|s| s.get("latestExecution")), "pipelineExecutionId");
        if let Some((status, id)) = progress(stage.get("latestExecution"), "pipelineExecutionId") {
            if was != Some((status, id)) {
                out.push(line(stage_name, was.map(|(s, _)| s), status));
            }
        }

        let prev_actions = before.map(|s| items(s, "actionStates")).unwrap_or_default();
        for action in items(stage, "actionStates") {
            let Some(action_name) = action.get("actionName").and_then(Value::as_str) else {
                continue;
            };
            let execution = action.get("latestExecution");
            let Some((status, id)) = progress(execution, "actionExecutionId") else {
                continue;
            };
            let before = find(prev_actions, "actionName", action_name);
            let was = progress(before.and_then(|a| a.get("latestExecution")), "actionExecutionId");
            if was == Some((status, id)) {
                continue;
            }
            let mut text = line(&format!("{stage_name}/{action_name}"), was.map(|(s, _)| s), status);
            if status == "Failed" {
                if let Some(detail) = execution.and_then(failure_detail) {
                    text.push_str(&format!(" ({detail})"));
                }
            }
            // A link while running lets a CI reader open the live log.
            if status == "Failed" || status == "InProgress" {
                if let Some(url) = execution.and_then(|e| e.get("externalExecutionUrl")).and_then(Value::as_str) {
                    text.push_str(&format!(" {url}"));
                }
            }
            out.push(text);
        }
    }
    out
}

/// Whether a pipeline execution status is final, and if so whether it
/// succeeded. Unknown statuses count as still running, so a status added
/// to the service later does not end a watch early.
pub fn execution_finished(execution_status: &str) -> Option<bool> {
    match execution_status {
        "Succeeded" => Some(true),
        "Failed" | "Stopped" | "Superseded" | "Cancelled" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn state() -> Value {
        serde_json::from_str(include_str!("../../tests/fixtures/pipeline/state.json")).expect("fixture is JSON")
    }

    #[test]
    fn first_poll_reports_everything_that_has_run() {
        insta::assert_snapshot!(transitions(None, &state()).join("\n"));
    }

    #[test]
    fn unchanged_state_reports_nothing() {
        assert_eq!(transitions(Some(&state()), &state()), Vec::<String>::new());
    }

    #[test]
    fn status_changes_between_polls() {
        let before = state();
        let mut after = state();
        let deploy = &mut after["stageStates"][2];
        deploy["inboundTransitionState"] = json!({"enabled": true});
        deploy["actionStates"][1]["latestExecution"]["status"] = json!("Failed");
        deploy["actionStates"][1]["latestExecution"]["externalExecutionUrl"] = json!("https://example.com/deploy/42");
        deploy["actionStates"][1]["latestExecution"]["errorDetails"] =
            json!({"code": "JobFailed", "message": "Access Denied"});
        deploy["latestExecution"]["status"] = json!("Failed");
        // A new execution whose Source already succeeded again between polls.
        after["stageStates"][0]["latestExecution"]["pipelineExecutionId"] =
            json!("f0e1d2c3-b4a5-4968-8776-655443322110");
        after["stageStates"][0]["actionStates"][0]["latestExecution"]["actionExecutionId"] = json!("new-run");
        assert_eq!(
            transitions(Some(&before), &after),
            [
                "Source: Succeeded -> Succeeded",
                "Source/Checkout: Succeeded -> Succeeded",
                "Deploy: transition enabled",
                "Deploy: InProgress -> Failed",
                "Deploy/DeployToS3: InProgress -> Failed (JobFailed: Access Denied) https://example.com/deploy/42",
            ]
        );
    }

    #[test]
    fn stage_appearing_after_an_update_is_reported_from_nothing() {
        let before = json!({"stageStates": []});
        let after = json!({"stageStates": [{
            "stageName": "Build",
            "latestExecution": {"pipelineExecutionId": "e1", "status": "InProgress"},
            "actionStates": [{"actionName": "CodeBuild", "latestExecution": {
                "actionExecutionId": "a1", "status": "InProgress",
                "externalExecutionUrl": "https://example.com/build/1"
            }}]
        }]});
        assert_eq!(
            transitions(Some(&before), &after),
            ["Build: InProgress", "Build/CodeBuild: InProgress https://example.com/build/1"]
        );
    }

    #[test]
    fn finished_statuses() {
        assert_eq!(execution_finished("Succeeded"), Some(true));
        for status in ["Failed", "Stopped", "Superseded", "Cancelled"] {
            assert_eq!(execution_finished(status), Some(false), "{status}");
        }
        for status in ["InProgress", "Stopping", "SomethingNew"] {
            assert_eq!(execution_finished(status), None, "{status}");
        }
    }
}
