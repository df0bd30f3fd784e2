//! Decisions behind `approve`, `retry`, `stop` and `rollback` that need no
//! I/O: which approvals are waiting, which stage failed, which executions
//! run, which execution a stage rolls back to. Each reads the service's JSON
//! as the CLI receives it and tolerates missing fields (an older pipeline, a
//! partial response) by finding nothing rather than failing.

use crate::pipeline::status::items;
use serde_json::Value;

fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

/// An approval action waiting for an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Approval {
    pub stage: String,
    pub action: String,
    /// The execution the stage is running (the approval belongs to it).
    pub execution_id: Option<String>,
    pub token: String,
    /// When the action started waiting, as the service gave it.
    pub since: Option<Value>,
    /// What the approval asks, from the action's configuration (CustomData).
    pub summary: Option<String>,
}

/// The (stage, action) pairs GetPipeline declares as approvals: the
/// category is only in the declaration, never in GetPipelineState.
fn declared_approvals(pipeline: &Value) -> Vec<(&str, &str, Option<&str>)> {
    items(&pipeline["pipeline"], "stages")
        .iter()
        .flat_map(|stage| {
            let stage_name = text(stage, "name");
            items(stage, "actions").iter().filter_map(move |action| {
                let category = action.get("actionTypeId").and_then(|t| text(t, "category"));
                if category != Some("Approval") {
                    return None;
                }
                let custom = action.get("configuration").and_then(|c| text(c, "CustomData"));
                Some((stage_name?, text(action, "name")?, custom))
            })
        })
        .collect()
}

/// The approvals waiting for an answer: actions declared as approvals
/// (`pipeline`, a GetPipeline response) whose latest execution in `state`
/// (GetPipelineState) is InProgress and carries a token. Without a token
/// there is nothing PutApprovalResult could accept.
pub fn pending_approvals(pipeline: &Value, state: &Value) -> Vec<Approval> {
    let declared = declared_approvals(pipeline);
    let mut pending = Vec::new();
    for stage in items(state, "stageStates") {
        let Some(stage_name) = text(stage, "stageName") else { continue };
        let execution_id = stage.get("latestExecution").and_then(|e| text(e, "pipelineExecutionId"));
        for action in items(stage, "actionStates") {
            let Some(action_name) = text(action, "actionName") else { continue };
            let Some(&(_, _, custom)) = declared.iter().find(|(s, a, _)| *s == stage_name && *a == action_name) else {
                continue;
            };
            let Some(latest) = action.get("latestExecution") else { continue };
            let (Some("InProgress"), Some(token)) = (text(latest, "status"), text(latest, "token")) else {
                continue;
            };
            pending.push(Approval {
                stage: stage_name.to_string(),
                action: action_name.to_string(),
                execution_id: execution_id.map(String::from),
                token: token.to_string(),
                since: latest.get("lastStatusChange").cloned(),
                summary: custom.map(String::from),
            });
        }
    }
    pending
}

/// Whether the declaration (GetPipeline) runs executions in PARALLEL mode,
/// where GetPipelineState carries no approval tokens.
pub fn runs_in_parallel(pipeline: &Value) -> bool {
    pipeline["pipeline"].get("executionMode").and_then(Value::as_str) == Some("PARALLEL")
}

/// The approvals waiting in a ListActionExecutions page: in PARALLEL mode the
/// token PutApprovalResult takes is the action execution's
/// `externalExecutionId` (as the model documents for `token`), and the
/// category is in each execution's input, so no declaration is needed.
pub fn pending_parallel_approvals(list: &Value) -> Vec<Approval> {
    items(list, "actionExecutionDetails")
        .iter()
        .filter_map(|detail| {
            let input = detail.get("input");
            let category = input.and_then(|i| i.get("actionTypeId")).and_then(|t| text(t, "category"));
            if category != Some("Approval") || text(detail, "status") != Some("InProgress") {
                return None;
            }
            let result = detail.get("output").and_then(|o| o.get("executionResult"));
            Some(Approval {
                stage: text(detail, "stageName")?.to_string(),
                action: text(detail, "actionName")?.to_string(),
                execution_id: text(detail, "pipelineExecutionId").map(String::from),
                token: result.and_then(|r| text(r, "externalExecutionId"))?.to_string(),
                since: detail.get("startTime").cloned(),
                summary: input
                    .and_then(|i| i.get("configuration"))
                    .and_then(|c| text(c, "CustomData"))
                    .map(String::from),
            })
        })
        .collect()
}

/// The approvals `--stage`, `--action` and `--execution-id` leave.
pub fn matching(
    approvals: Vec<Approval>,
    stage: Option<&str>,
    action: Option<&str>,
    execution: Option<&str>,
) -> Vec<Approval> {
    approvals
        .into_iter()
        .filter(|a| {
            stage.is_none_or(|s| a.stage == s)
                && action.is_none_or(|n| a.action == n)
                && execution.is_none_or(|e| a.execution_id.as_deref() == Some(e))
        })
        .collect()
}

/// A stage of an execution and its status there.
#[derive(Debug, Clone, PartialEq)]
pub struct StageRun {
    pub stage: String,
    pub execution_id: String,
    pub status: String,
}

/// Each stage's latest run in `state` (GetPipelineState), in pipeline order.
pub fn stage_runs(state: &Value) -> Vec<StageRun> {
    items(state, "stageStates")
        .iter()
        .filter_map(|stage| {
            let latest = stage.get("latestExecution")?;
            Some(StageRun {
                stage: text(stage, "stageName")?.to_string(),
                execution_id: text(latest, "pipelineExecutionId")?.to_string(),
                status: text(latest, "status")?.to_string(),
            })
        })
        .collect()
}

/// The stages that failed in `execution`: what RetryStageExecution accepts.
pub fn failed_stages(state: &Value, execution: &str) -> Vec<StageRun> {
    stage_runs(state).into_iter().filter(|run| run.execution_id == execution && run.status == "Failed").collect()
}

/// The executions of a ListPipelineExecutions page that are running, newest first.
pub fn in_progress(summaries: &Value) -> Vec<&Value> {
    items(summaries, "pipelineExecutionSummaries")
        .iter()
        .filter(|s| text(s, "status") == Some("InProgress") && text(s, "pipelineExecutionId").is_some())
        .collect()
}

/// The execution a stage rolls back to, from ListPipelineExecutions
/// summaries filtered on `succeededInStage` (newest first): the newest one
/// that is not the stage's `current` execution (rolling back to where the
/// stage already is does nothing) and was not itself a rollback (the
/// service rolls back to a source execution, and a rollback's own id names
/// no new revision).
pub fn rollback_target<'a>(summaries: &'a Value, current: Option<&str>) -> Option<&'a str> {
    items(summaries, "pipelineExecutionSummaries")
        .iter()
        .filter(|s| text(s, "executionType") != Some("ROLLBACK"))
        .filter_map(|s| text(s, "pipelineExecutionId"))
        .find(|id| Some(*id) != current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pipeline() -> Value {
        json!({"pipeline": {"name": "p", "stages": [
            {"name": "Source", "actions": [{"name": "Checkout", "actionTypeId": {"category": "Source"}}]},
            {"name": "Gate", "actions": [
                {"name": "Manual", "actionTypeId": {"category": "Approval"}, "configuration": {"CustomData": "Ship it?"}},
                {"name": "Security", "actionTypeId": {"category": "Approval"}}
            ]},
            {"name": "Deploy", "actions": [{"name": "Push", "actionTypeId": {"category": "Deploy"}}]}
        ]}})
    }

    fn state(manual: Value, security: Value) -> Value {
        json!({"stageStates": [
            {"stageName": "Source", "latestExecution": {"pipelineExecutionId": "e-1", "status": "Succeeded"},
             "actionStates": [{"actionName": "Checkout", "latestExecution": {"status": "Succeeded", "token": "not-an-approval"}}]},
            {"stageName": "Gate", "latestExecution": {"pipelineExecutionId": "e-1", "status": "InProgress"},
             "actionStates": [{"actionName": "Manual", "latestExecution": manual},
                              {"actionName": "Security", "latestExecution": security}]},
            {"stageName": "Deploy", "actionStates": [{"actionName": "Push"}]}
        ]})
    }

    #[test]
    fn an_approval_is_pending_when_in_progress_with_a_token() {
        let waiting = json!({"status": "InProgress", "token": "t-1", "lastStatusChange": 1704164645.0});
        let done = json!({"status": "Succeeded", "token": "t-old"});
        let found = pending_approvals(&pipeline(), &state(waiting.clone(), done));
        assert_eq!(
            found,
            [Approval {
                stage: "Gate".into(),
                action: "Manual".into(),
                execution_id: Some("e-1".into()),
                token: "t-1".into(),
                since: Some(json!(1704164645.0)),
                summary: Some("Ship it?".into()),
            }]
        );
        let no_token = json!({"status": "InProgress"});
        assert_eq!(pending_approvals(&pipeline(), &state(no_token.clone(), no_token)), []);
        let both =
            pending_approvals(&pipeline(), &state(waiting.clone(), json!({"status": "InProgress", "token": "t-2"})));
        assert_eq!(both.len(), 2);
        assert_eq!(matching(both.clone(), Some("Gate"), Some("Security"), None).len(), 1);
        assert_eq!(matching(both.clone(), Some("Gate"), None, Some("e-1")).len(), 2);
        assert_eq!(matching(both.clone(), None, None, Some("e-2")), []);
        assert_eq!(matching(both, Some("Deploy"), None, None), []);
        // A state without a matching declaration (or no declaration at all) finds nothing.
        assert_eq!(pending_approvals(&json!({}), &state(waiting, json!(null))), []);
    }

    #[test]
    fn in_parallel_mode_the_token_is_the_external_execution_id() {
        assert!(runs_in_parallel(&json!({"pipeline": {"executionMode": "PARALLEL"}})));
        assert!(!runs_in_parallel(&pipeline()));
        let approval = |execution: &str, status: &str, category: &str| {
            json!({"pipelineExecutionId": execution, "stageName": "Gate", "actionName": "Manual", "status": status,
                   "startTime": 1704164645.0,
                   "input": {"actionTypeId": {"category": category}, "configuration": {"CustomData": "Ship it?"}},
                   "output": {"executionResult": {"externalExecutionId": format!("tok-{execution}")}}})
        };
        let list = json!({"actionExecutionDetails": [
            approval("e-3", "InProgress", "Approval"),
            approval("e-2", "Succeeded", "Approval"),
            approval("e-1", "InProgress", "Build"),
            {"pipelineExecutionId": "e-0", "stageName": "Gate", "actionName": "Manual", "status": "InProgress",
             "input": {"actionTypeId": {"category": "Approval"}}}
        ]});
        let found = pending_parallel_approvals(&list);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].token, "tok-e-3");
        assert_eq!(found[0].execution_id.as_deref(), Some("e-3"));
        assert_eq!(found[0].summary.as_deref(), Some("Ship it?"));
    }

    #[test]
    fn failed_stages_belong_to_the_execution() {
        let state = json!({"stageStates": [
            {"stageName": "Build", "latestExecution": {"pipelineExecutionId": "e-2", "status": "Succeeded"}},
            {"stageName": "Deploy", "latestExecution": {"pipelineExecutionId": "e-1", "status": "Failed"}},
            {"stageName": "Never"}
        ]});
        assert_eq!(
            failed_stages(&state, "e-1"),
            [StageRun { stage: "Deploy".into(), execution_id: "e-1".into(), status: "Failed".into() }]
        );
        assert_eq!(failed_stages(&state, "e-2"), []);
        assert_eq!(stage_runs(&state).len(), 2);
    }

    #[test]
    fn running_executions() {
        let list = json!({"pipelineExecutionSummaries": [
            {"pipelineExecutionId": "e-3", "status": "InProgress", "executionMode": "PARALLEL"},
            {"pipelineExecutionId": "e-2", "status": "InProgress", "executionMode": "PARALLEL"},
            {"pipelineExecutionId": "e-1", "status": "Succeeded"}
        ]});
        let running = in_progress(&list);
        assert_eq!(running.len(), 2);
        assert_eq!(running[0]["pipelineExecutionId"], "e-3");
        assert_eq!(in_progress(&json!({})).len(), 0);
    }

    #[test]
    fn rollback_goes_to_the_newest_other_non_rollback_success() {
        let list = json!({"pipelineExecutionSummaries": [
            {"pipelineExecutionId": "e-5", "status": "InProgress"},
            {"pipelineExecutionId": "e-4", "status": "Succeeded", "executionType": "ROLLBACK"},
            {"pipelineExecutionId": "e-3", "status": "Failed"},
            {"pipelineExecutionId": "e-1", "status": "Succeeded"}
        ]});
        assert_eq!(rollback_target(&list, Some("e-5")), Some("e-3"));
        assert_eq!(rollback_target(&list, None), Some("e-5"));
        assert_eq!(rollback_target(&json!({"pipelineExecutionSummaries": []}), None), None);
    }
}
