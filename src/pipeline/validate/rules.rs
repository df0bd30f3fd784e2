//! The documented pipeline-structure rules that the service model cannot
//! express: stage layout, unique names, and artifact flow between actions.

use super::{member_path, problem, Problem};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// An action as the structure rules see it; members that fail the model
/// checks are read leniently here so one mistake is not reported twice.
struct Action<'d> {
    stage: usize,
    stage_name: &'d str,
    name: &'d str,
    path: String,
    run_order: i64,
    category: Option<&'d str>,
    inputs: Vec<&'d str>,
    outputs: Vec<&'d str>,
    region: Option<&'d str>,
}

fn artifact_names<'d>(action: &'d Value, member: &str) -> Vec<&'d str> {
    action
        .get(member)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|a| a.get("name").and_then(Value::as_str).unwrap_or_default())
        .collect()
}

fn collect_actions<'d>(stages: &'d [Value], stages_path: &str) -> Vec<Action<'d>> {
    let mut actions = Vec::new();
    for (si, stage) in stages.iter().enumerate() {
        let stage_name = stage.get("name").and_then(Value::as_str).unwrap_or_default();
        for (ai, action) in stage.get("actions").and_then(Value::as_array).into_iter().flatten().enumerate() {
            actions.push(Action {
                stage: si,
                stage_name,
                name: action.get("name").and_then(Value::as_str).unwrap_or_default(),
                path: format!("{stages_path}[{si}].actions[{ai}]"),
                // The service treats an absent runOrder as 1.
                run_order: action.get("runOrder").and_then(Value::as_i64).unwrap_or(1),
                category: action.get("actionTypeId").and_then(|t| t.get("category")).and_then(Value::as_str),
                inputs: artifact_names(action, "inputArtifacts"),
                outputs: artifact_names(action, "outputArtifacts"),
                region: action.get("region").and_then(Value::as_str),
            });
        }
    }
    actions
}

/// The documented structure rules (CodePipeline User Guide, "Pipeline
/// declaration", "Stage declaration", "Action declaration", and the
/// PipelineDeclaration/GitConfiguration notes in the API reference).
pub(super) fn check_rules(decl: &Map<String, Value>, prefix: &str, out: &mut Vec<Problem>) {
    check_artifact_store(decl, prefix, out);
    let stages_path = member_path(prefix, "stages");
    let Some(stages) = decl.get("stages").and_then(Value::as_array) else {
        return;
    };
    let actions = collect_actions(stages, &stages_path);
    check_stages(stages, &actions, &stages_path, out);
    check_action_names(&actions, out);
    check_artifacts(&actions, out);
    if let Some(stores) = decl.get("artifactStores").and_then(Value::as_object) {
        let stores_path = member_path(prefix, "artifactStores");
        for action in &actions {
            if let Some(region) = action.region.filter(|r| !stores.contains_key(*r)) {
                let message = format!(
                    "no artifact store for region \"{region}\"; add a \"{region}\" entry to {stores_path}, since every region an action runs in needs its own artifact bucket"
                );
                problem(out, &member_path(&action.path, "region"), message);
            }
        }
    }
    if let Some(triggers) = decl.get("triggers").and_then(Value::as_array) {
        check_triggers(triggers, &actions, &member_path(prefix, "triggers"), out);
    }
}

fn check_artifact_store(decl: &Map<String, Value>, prefix: &str, out: &mut Vec<Problem>) {
    match (decl.contains_key("artifactStore"), decl.contains_key("artifactStores")) {
        (true, true) => problem(
            out,
            &member_path(prefix, "artifactStores"),
            "artifactStore and artifactStores cannot both be set; keep artifactStores for a pipeline with cross-region actions, otherwise keep artifactStore".to_string(),
        ),
        (false, false) => problem(
            out,
            &member_path(prefix, "artifactStore"),
            "a pipeline needs an artifact store; add artifactStore (type S3 and a bucket location), or artifactStores keyed by region for cross-region actions".to_string(),
        ),
        _ => {}
    }
}

fn is_source(action: &Action) -> bool {
    action.category == Some("Source")
}

fn check_stages(stages: &[Value], actions: &[Action], stages_path: &str, out: &mut Vec<Problem>) {
    if stages.len() < 2 {
        let message = format!(
            "a pipeline needs at least two stages, found {}; add a stage after the source stage, such as Build or Deploy",
            stages.len()
        );
        problem(out, stages_path, message);
    } else if actions.iter().all(is_source) {
        problem(
            out,
            stages_path,
            "no stage has an action other than a Source action; add a Build, Test, Deploy, Approval, Invoke or Compute action to a later stage".to_string(),
        );
    }

    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, stage) in stages.iter().enumerate() {
        let Some(name) = stage.get("name").and_then(Value::as_str) else {
            continue;
        };
        if let Some(first) = seen.get(name) {
            let message = format!(
                "duplicate stage name \"{name}\" (also used by {stages_path}[{first}]); stage names must be unique within a pipeline, so rename one of them"
            );
            problem(out, &format!("{stages_path}[{i}].name"), message);
        } else {
            seen.insert(name, i);
        }
    }

    if let Some(first) = stages.first() {
        let first_name = first.get("name").and_then(Value::as_str).unwrap_or_default();
        let has_actions = first.get("actions").and_then(Value::as_array).is_some();
        if has_actions && !actions.iter().any(|a| a.stage == 0 && is_source(a)) {
            let message = format!(
                "the first stage (\"{first_name}\") has no Source action; every pipeline starts with a stage of Source actions (for example S3, CodeCommit, ECR or CodeStarSourceConnection)"
            );
            problem(out, &format!("{stages_path}[0].actions"), message);
        }
    }
    for action in actions {
        let Some(category) = action.category else {
            continue;
        };
        let at = format!("{}.actionTypeId.category", action.path);
        if action.stage == 0 && category != "Source" {
            let message = format!(
                "{category} action \"{}\" is in the first stage, which may hold only Source actions; move it to a later stage",
                action.name
            );
            problem(out, &at, message);
        } else if action.stage > 0 && category == "Source" {
            let message = format!(
                "Source action \"{}\" is in stage \"{}\", but only the first stage may hold Source actions; move it to the first stage",
                action.name, action.stage_name
            );
            problem(out, &at, message);
        }
    }
}

fn check_action_names(actions: &[Action], out: &mut Vec<Problem>) {
    let mut seen: HashMap<(usize, &str), &str> = HashMap::new();
    for action in actions.iter().filter(|a| !a.name.is_empty()) {
        if let Some(first) = seen.get(&(action.stage, action.name)) {
            let message = format!(
                "duplicate action name \"{}\" in stage \"{}\" (also used by {first}); action names must be unique within a stage, so rename one of them",
                action.name, action.stage_name
            );
            problem(out, &format!("{}.name", action.path), message);
        } else {
            seen.insert((action.stage, action.name), &action.path);
        }
    }
}

/// Whether `producer` has finished by the time `consumer` starts: stages run
/// in order, and inside a stage a lower runOrder runs first.
fn runs_before(producer: &Action, consumer: &Action) -> bool {
    producer.stage < consumer.stage || (producer.stage == consumer.stage && producer.run_order < consumer.run_order)
}

fn check_artifacts(actions: &[Action], out: &mut Vec<Problem>) {
    let mut producers: HashMap<&str, &Action> = HashMap::new();
    for action in actions {
        for (i, name) in action.outputs.iter().enumerate().filter(|(_, n)| !n.is_empty()) {
            if let Some(first) = producers.get(name) {
                let message = format!(
                    "output artifact \"{name}\" is also produced by {} (\"{}\"); output artifact names must be unique within a pipeline, so rename one of them",
                    first.path, first.name
                );
                problem(out, &format!("{}.outputArtifacts[{i}].name", action.path), message);
            } else {
                producers.insert(name, action);
            }
        }
    }

    for action in actions {
        for (i, name) in action.inputs.iter().enumerate().filter(|(_, n)| !n.is_empty()) {
            let at = format!("{}.inputArtifacts[{i}].name", action.path);
            let message = if action.outputs.contains(name) {
                format!(
                    "action \"{}\" takes its own output artifact \"{name}\" as input; an input must be the output of an earlier action",
                    action.name
                )
            } else if let Some(producer) = producers.get(name) {
                if runs_before(producer, action) {
                    continue;
                } else if producer.stage > action.stage {
                    format!(
                        "input artifact \"{name}\" is produced by \"{}\" in the later stage \"{}\"; an input must come from an earlier stage or an earlier runOrder in this stage",
                        producer.name, producer.stage_name
                    )
                } else if producer.run_order == action.run_order {
                    format!(
                        "input artifact \"{name}\" is produced by \"{}\", which runs in parallel with this action (both runOrder {}); give this action a runOrder greater than {}",
                        producer.name, producer.run_order, producer.run_order
                    )
                } else {
                    format!(
                        "input artifact \"{name}\" is produced by \"{}\", which runs later (runOrder {} after {}); give this action a runOrder greater than {}",
                        producer.name, producer.run_order, action.run_order, producer.run_order
                    )
                }
            } else {
                let available = actions
                    .iter()
                    .filter(|p| runs_before(p, action))
                    .flat_map(|p| p.outputs.iter().copied())
                    .filter(|n| !n.is_empty())
                    .collect::<HashSet<_>>();
                let mut available = available.into_iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>();
                available.sort();
                let choices = if available.is_empty() {
                    "no earlier action produces an artifact".to_string()
                } else {
                    format!("available here: {}", available.join(", "))
                };
                format!(
                    "input artifact \"{name}\" is not produced by any action; it must match an output artifact of an earlier stage or runOrder ({choices})"
                )
            };
            problem(out, &at, message);
        }
    }
}

fn check_triggers(triggers: &[Value], actions: &[Action], triggers_path: &str, out: &mut Vec<Problem>) {
    let sources = actions.iter().filter(|a| is_source(a)).map(|a| a.name).collect::<Vec<_>>();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, trigger) in triggers.iter().enumerate() {
        let Some(name) =
            trigger.get("gitConfiguration").and_then(|g| g.get("sourceActionName")).and_then(Value::as_str)
        else {
            continue;
        };
        let at = format!("{triggers_path}[{i}].gitConfiguration.sourceActionName");
        if !sources.contains(&name) {
            let listed = sources.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", ");
            let message = format!(
                "no Source action is named \"{name}\"; a trigger must name a Source action of the first stage ({})",
                if listed.is_empty() { "there is none".to_string() } else { format!("one of: {listed}") }
            );
            problem(out, &at, message);
        } else if let Some(first) = seen.get(name) {
            let message = format!(
                "Source action \"{name}\" already has a trigger ({triggers_path}[{first}]); only one trigger configuration per source action is allowed, so merge their filters"
            );
            problem(out, &at, message);
        } else {
            seen.insert(name, i);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::pipeline::validate::tests::{after, cli_example, three_stage};
    use serde_json::json;

    #[test]
    fn at_least_two_stages() {
        let found = after(cli_example(), |d| {
            if let Some(stages) = d["pipeline"]["stages"].as_array_mut() {
                stages.truncate(1);
            }
        });
        assert_eq!(
            found,
            ["pipeline.stages: a pipeline needs at least two stages, found 1; add a stage after the source stage, such as Build or Deploy"]
        );
    }

    #[test]
    fn first_stage_holds_only_source_actions() {
        let found = after(cli_example(), |d| {
            d["pipeline"]["stages"][0]["actions"][0]["actionTypeId"]["category"] = json!("Build");
        });
        assert_eq!(
            found,
            [
                "pipeline.stages[0].actions: the first stage (\"Source\") has no Source action; every pipeline starts with a stage of Source actions (for example S3, CodeCommit, ECR or CodeStarSourceConnection)",
                "pipeline.stages[0].actions[0].actionTypeId.category: Build action \"Source\" is in the first stage, which may hold only Source actions; move it to a later stage",
            ]
        );
    }

    #[test]
    fn source_actions_only_in_first_stage() {
        let found = after(cli_example(), |d| {
            d["pipeline"]["stages"][1]["actions"][0]["actionTypeId"]["category"] = json!("Source");
        });
        assert_eq!(
            found,
            [
                "pipeline.stages: no stage has an action other than a Source action; add a Build, Test, Deploy, Approval, Invoke or Compute action to a later stage",
                "pipeline.stages[1].actions[0].actionTypeId.category: Source action \"CodePipelineDemoFleet\" is in stage \"Beta\", but only the first stage may hold Source actions; move it to the first stage",
            ]
        );
    }

    #[test]
    fn stage_names_are_unique() {
        let found = after(cli_example(), |d| d["pipeline"]["stages"][1]["name"] = json!("Source"));
        assert_eq!(
            found,
            ["pipeline.stages[1].name: duplicate stage name \"Source\" (also used by pipeline.stages[0]); stage names must be unique within a pipeline, so rename one of them"]
        );
    }

    #[test]
    fn action_names_are_unique_within_a_stage() {
        let found = after(cli_example(), |d| {
            let copy = d["pipeline"]["stages"][1]["actions"][0].clone();
            if let Some(actions) = d["pipeline"]["stages"][1]["actions"].as_array_mut() {
                actions.push(copy);
            }
        });
        assert_eq!(
            found,
            ["pipeline.stages[1].actions[1].name: duplicate action name \"CodePipelineDemoFleet\" in stage \"Beta\" (also used by pipeline.stages[1].actions[0]); action names must be unique within a stage, so rename one of them"]
        );
    }

    #[test]
    fn inputs_must_be_produced_somewhere() {
        let found = after(cli_example(), |d| {
            d["pipeline"]["stages"][1]["actions"][0]["inputArtifacts"][0]["name"] = json!("MyAp");
        });
        assert_eq!(
            found,
            ["pipeline.stages[1].actions[0].inputArtifacts[0].name: input artifact \"MyAp\" is not produced by any action; it must match an output artifact of an earlier stage or runOrder (available here: \"MyApp\")"]
        );
    }

    #[test]
    fn inputs_must_come_from_an_earlier_run_order() {
        let found = after(three_stage(), |d| {
            d["pipeline"]["stages"][1]["actions"][0]["inputArtifacts"] = json!([{"name": "BuildOutput"}]);
        });
        assert_eq!(
            found,
            ["pipeline.stages[1].actions[0].inputArtifacts[0].name: input artifact \"BuildOutput\" is produced by \"CodeBuild\", which runs in parallel with this action (both runOrder 1); give this action a runOrder greater than 1"]
        );
        let found = after(three_stage(), |d| {
            d["pipeline"]["stages"][1]["actions"][0]["inputArtifacts"] = json!([{"name": "BuildOutput"}]);
            d["pipeline"]["stages"][1]["actions"][1]["runOrder"] = json!(2);
        });
        assert_eq!(
            found,
            ["pipeline.stages[1].actions[0].inputArtifacts[0].name: input artifact \"BuildOutput\" is produced by \"CodeBuild\", which runs later (runOrder 2 after 1); give this action a runOrder greater than 2"]
        );
    }

    #[test]
    fn inputs_must_not_come_from_a_later_stage() {
        let found = after(three_stage(), |d| {
            d["pipeline"]["stages"][2]["actions"][1]["outputArtifacts"] = json!([{"name": "Site"}]);
            d["pipeline"]["stages"][1]["actions"][1]["inputArtifacts"] = json!([{"name": "Site"}]);
        });
        assert_eq!(
            found,
            ["pipeline.stages[1].actions[1].inputArtifacts[0].name: input artifact \"Site\" is produced by \"DeployToS3\" in the later stage \"Deploy\"; an input must come from an earlier stage or an earlier runOrder in this stage"]
        );
    }

    #[test]
    fn an_action_cannot_consume_its_own_output() {
        let found = after(three_stage(), |d| {
            d["pipeline"]["stages"][1]["actions"][1]["inputArtifacts"] = json!([{"name": "BuildOutput"}]);
        });
        assert_eq!(
            found,
            ["pipeline.stages[1].actions[1].inputArtifacts[0].name: action \"CodeBuild\" takes its own output artifact \"BuildOutput\" as input; an input must be the output of an earlier action"]
        );
    }

    #[test]
    fn output_artifact_names_are_unique() {
        let found = after(three_stage(), |d| {
            d["pipeline"]["stages"][1]["actions"][0]["outputArtifacts"] = json!([{"name": "BuildOutput"}]);
        });
        assert_eq!(
            found,
            ["pipeline.stages[1].actions[1].outputArtifacts[0].name: output artifact \"BuildOutput\" is also produced by pipeline.stages[1].actions[0] (\"UnitTests\"); output artifact names must be unique within a pipeline, so rename one of them"]
        );
    }

    #[test]
    fn exactly_one_kind_of_artifact_store() {
        let store = json!({"eu-west-1": {"type": "S3", "location": "bucket-eu"}});
        let found = after(cli_example(), |d| d["pipeline"]["artifactStores"] = store.clone());
        assert_eq!(
            found,
            ["pipeline.artifactStores: artifactStore and artifactStores cannot both be set; keep artifactStores for a pipeline with cross-region actions, otherwise keep artifactStore"]
        );
        let found = after(cli_example(), |d| {
            if let Some(p) = d["pipeline"].as_object_mut() {
                p.remove("artifactStore");
            }
        });
        assert_eq!(
            found,
            ["pipeline.artifactStore: a pipeline needs an artifact store; add artifactStore (type S3 and a bucket location), or artifactStores keyed by region for cross-region actions"]
        );
    }

    #[test]
    fn cross_region_actions_need_an_artifact_store_there() {
        let found = after(three_stage(), |d| {
            if let Some(p) = d["pipeline"].as_object_mut() {
                p.remove("artifactStore");
                p.insert("artifactStores".into(), json!({"eu-west-1": {"type": "S3", "location": "bucket-eu"}}));
            }
            d["pipeline"]["stages"][2]["actions"][1]["region"] = json!("us-east-1");
        });
        assert_eq!(
            found,
            ["pipeline.stages[2].actions[1].region: no artifact store for region \"us-east-1\"; add a \"us-east-1\" entry to pipeline.artifactStores, since every region an action runs in needs its own artifact bucket"]
        );
    }

    #[test]
    fn triggers_name_one_source_action_each() {
        let found = after(three_stage(), |d| {
            let trigger = d["pipeline"]["triggers"][0].clone();
            let mut wrong = trigger.clone();
            wrong["gitConfiguration"]["sourceActionName"] = json!("CodeBuild");
            d["pipeline"]["triggers"] = json!([trigger, trigger, wrong]);
        });
        assert_eq!(
            found,
            [
                "pipeline.triggers[1].gitConfiguration.sourceActionName: Source action \"Checkout\" already has a trigger (pipeline.triggers[0]); only one trigger configuration per source action is allowed, so merge their filters",
                "pipeline.triggers[2].gitConfiguration.sourceActionName: no Source action is named \"CodeBuild\"; a trigger must name a Source action of the first stage (one of: \"Checkout\")",
            ]
        );
    }
}
