//! What an update-pipeline would change: the deployed definition against a
//! proposed one, with stages and actions matched by name so that reordering
//! reads as a move rather than as everything removed and added again.

use crate::pipeline::validate::declaration;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Added {
        path: String,
        value: Value,
    },
    Removed {
        path: String,
        value: Value,
    },
    Modified {
        path: String,
        old: Value,
        new: Value,
    },
    /// Positions are 0-based indexes in the deployed and proposed lists.
    Moved {
        path: String,
        from: usize,
        to: usize,
    },
}

impl Change {
    pub fn path(&self) -> &str {
        match self {
            Change::Added { path, .. }
            | Change::Removed { path, .. }
            | Change::Modified { path, .. }
            | Change::Moved { path, .. } => path,
        }
    }
}

pub fn diff(deployed: &Value, proposed: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    let (old, new) = (declaration(deployed), declaration(proposed));
    match (old.as_object(), new.as_object()) {
        // The service bumps `version` on every update; it is not a change the user makes.
        (Some(o), Some(n)) => diff_members(o, n, "", &["version"], &mut out, &|key, o, n, path, out| match key {
            "stages" => diff_named(o, n, path, out, &diff_stage),
            _ => diff_value(o, n, path, out),
        }),
        _ => diff_value(old, new, "", &mut out),
    }
    out
}

/// Compares one member (given its key) or one list item at a path.
type Recurse<'f> = dyn Fn(&str, &Value, &Value, &str, &mut Vec<Change>) + 'f;
type Compare = dyn Fn(&Value, &Value, &str, &mut Vec<Change>);

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// get-pipeline fills in defaults that hand-written files leave out; an
/// absent member and its default are the same pipeline.
fn is_default(key: &str, value: &Value) -> bool {
    match value {
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Number(n) => key == "runOrder" && n.as_i64() == Some(1),
        _ => false,
    }
}

fn diff_members(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    path: &str,
    ignore: &[&str],
    out: &mut Vec<Change>,
    recurse: &Recurse<'_>,
) {
    let keys = old.keys().chain(new.keys().filter(|k| !old.contains_key(*k)));
    for key in keys.filter(|k| !ignore.contains(&k.as_str())) {
        let at = join(path, key);
        match (old.get(key), new.get(key)) {
            (Some(o), Some(n)) => recurse(key, o, n, &at, out),
            (Some(o), None) if !is_default(key, o) => out.push(Change::Removed { path: at, value: o.clone() }),
            (None, Some(n)) if !is_default(key, n) => out.push(Change::Added { path: at, value: n.clone() }),
            _ => {}
        }
    }
}

fn diff_stage(old: &Value, new: &Value, path: &str, out: &mut Vec<Change>) {
    match (old.as_object(), new.as_object()) {
        (Some(o), Some(n)) => diff_members(o, n, path, &[], out, &|key, o, n, path, out| match key {
            "actions" => diff_named(o, n, path, out, &diff_value),
            _ => diff_value(o, n, path, out),
        }),
        _ => diff_value(old, new, path, out),
    }
}

fn diff_value(old: &Value, new: &Value, path: &str, out: &mut Vec<Change>) {
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            diff_members(o, n, path, &[], out, &|_, o, n, path, out| diff_value(o, n, path, out))
        }
        (Value::Array(o), Value::Array(n)) => {
            for i in 0..o.len().max(n.len()) {
                let at = format!("{path}[{i}]");
                match (o.get(i), n.get(i)) {
                    (Some(a), Some(b)) => diff_value(a, b, &at, out),
                    (Some(a), None) => out.push(Change::Removed { path: at, value: a.clone() }),
                    (None, Some(b)) => out.push(Change::Added { path: at, value: b.clone() }),
                    (None, None) => {}
                }
            }
        }
        _ if old != new => out.push(Change::Modified { path: path.to_string(), old: old.clone(), new: new.clone() }),
        _ => {}
    }
}

/// Names of a list's items, or None when some item has no name or a name
/// repeats; such a list can only be compared by position.
fn names(items: &[Value]) -> Option<Vec<&str>> {
    let names = items.iter().map(|i| i.get("name").and_then(Value::as_str)).collect::<Option<Vec<_>>>()?;
    let unique = names.iter().collect::<HashSet<_>>().len() == names.len();
    unique.then_some(names)
}

/// Items whose relative order changed: the kept items not on a longest
/// common subsequence of the two orders. An insertion alone moves nothing.
fn moved<'a>(old: &[&'a str], new: &[&'a str]) -> HashSet<&'a str> {
    let kept_old = old.iter().copied().filter(|n| new.contains(n)).collect::<Vec<_>>();
    let kept_new = new.iter().copied().filter(|n| old.contains(n)).collect::<Vec<_>>();
    let (h, w) = (kept_old.len(), kept_new.len());
    let mut table = vec![vec![0usize; w + 1]; h + 1];
    for i in (0..h).rev() {
        for j in (0..w).rev() {
            table[i][j] =
                if kept_old[i] == kept_new[j] { table[i + 1][j + 1] + 1 } else { table[i + 1][j].max(table[i][j + 1]) };
        }
    }
    let mut stayed = HashSet::new();
    let (mut i, mut j) = (0, 0);
    while i < h && j < w {
        if kept_old[i] == kept_new[j] {
            stayed.insert(kept_old[i]);
            i += 1;
            j += 1;
        } else if table[i + 1][j] >= table[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    kept_new.into_iter().filter(|n| !stayed.contains(n)).collect()
}

fn diff_named(old: &Value, new: &Value, path: &str, out: &mut Vec<Change>, each: &Compare) {
    let (Some(old_items), Some(new_items)) = (old.as_array(), new.as_array()) else {
        return diff_value(old, new, path, out);
    };
    let (Some(old_names), Some(new_names)) = (names(old_items), names(new_items)) else {
        return diff_value(old, new, path, out);
    };
    let old_index = old_names.iter().enumerate().map(|(i, n)| (*n, i)).collect::<HashMap<_, _>>();
    let moved = moved(&old_names, &new_names);
    for (to, (name, item)) in new_names.iter().zip(new_items).enumerate() {
        let at = format!("{path}[{name}]");
        match old_index.get(name) {
            Some(&from) => {
                if moved.contains(name) {
                    out.push(Change::Moved { path: at.clone(), from, to });
                }
                each(&old_items[from], item, &at, out);
            }
            None => out.push(Change::Added { path: at, value: item.clone() }),
        }
    }
    for (name, item) in old_names.iter().zip(old_items) {
        if !new_names.contains(name) {
            out.push(Change::Removed { path: format!("{path}[{name}]"), value: item.clone() });
        }
    }
}

pub fn render(changes: &[Change], color: bool) -> String {
    if changes.is_empty() {
        return "No changes.\n".to_string();
    }
    let mut out = String::new();
    for change in changes {
        let path = match change.path() {
            "" => "(pipeline)",
            p => p,
        };
        let (marker, style, detail) = match change {
            Change::Added { value, .. } => ('+', "\x1b[32m", value.to_string()),
            Change::Removed { value, .. } => ('-', "\x1b[31m", value.to_string()),
            Change::Modified { old, new, .. } => ('~', "\x1b[33m", format!("{old} -> {new}")),
            Change::Moved { from, to, .. } => {
                ('>', "\x1b[36m", format!("moved from position {} to {}", from + 1, to + 1))
            }
        };
        let line = format!("{marker} {path}: {detail}");
        if color {
            out.push_str(&format!("{style}{line}\x1b[0m\n"));
        } else {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::validate::parse_definition;
    use serde_json::json;

    fn deployed() -> Value {
        let mut doc =
            parse_definition(include_str!("../../tests/fixtures/pipeline/three-stage.yaml")).expect("fixture parses");
        // As get-pipeline returns it: with metadata, a version and filled-in defaults.
        doc["pipeline"]["version"] = json!(7);
        doc["metadata"] = json!({"pipelineArn": "arn:aws:codepipeline:eu-west-1:123456789012:web-app"});
        doc["pipeline"]["stages"][0]["actions"][0]["inputArtifacts"] = json!([]);
        doc
    }

    fn edited(edit: impl FnOnce(&mut Value)) -> Value {
        let mut doc =
            parse_definition(include_str!("../../tests/fixtures/pipeline/three-stage.yaml")).expect("fixture parses");
        edit(&mut doc);
        doc
    }

    #[test]
    fn same_pipeline_in_another_form_has_no_changes() {
        let bare = edited(|d| {
            if let Some(action) = d["pipeline"]["stages"][1]["actions"][0].as_object_mut() {
                action.remove("runOrder");
            }
        })["pipeline"]
            .clone();
        let changes = diff(&deployed(), &bare);
        assert_eq!(changes, []);
        assert_eq!(render(&changes, true), "No changes.\n");
    }

    #[test]
    fn typical_edit() {
        let proposed =
            edited(|d| {
                let stages = &mut d["pipeline"]["stages"];
                stages[1]["actions"][1]["configuration"]["ProjectName"] = json!("web-app-build-v2");
                stages[1]["actions"][1]["configuration"]["BuildType"] = json!("BATCH");
                stages[1]["actions"][1]["environmentVariables"] = json!([{"name": "STAGE", "value": "prod"}]);
                if let Some(actions) = stages[1]["actions"].as_array_mut() {
                    actions.remove(0);
                }
                // Deploy's two actions swap places; the runOrders follow them.
                if let Some(actions) = stages[2]["actions"].as_array_mut() {
                    actions.swap(0, 1);
                }
                stages[2]["actions"][0]["runOrder"] = json!(1);
                stages[2]["actions"][1]["runOrder"] = json!(2);
                if let Some(list) = stages.as_array_mut() {
                    list.insert(2, json!({"name": "Staging", "actions": [{
                    "name": "Smoke",
                    "actionTypeId": {"category": "Test", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
                    "configuration": {"ProjectName": "smoke"},
                    "inputArtifacts": [{"name": "BuildOutput"}]
                }]}));
                }
                d["pipeline"]["executionMode"] = json!("SUPERSEDED");
            });
        let changes = diff(&deployed(), &proposed);
        insta::assert_debug_snapshot!(changes);
        insta::assert_snapshot!(render(&changes, false));
    }

    #[test]
    fn stage_reorder_is_a_move() {
        let proposed = edited(|d| {
            if let Some(stages) = d["pipeline"]["stages"].as_array_mut() {
                stages.swap(1, 2);
            }
        });
        insta::assert_snapshot!(render(&diff(&deployed(), &proposed), false));
    }

    #[test]
    fn scalar_lists_compare_by_position() {
        let with_commands =
            |commands: Value| edited(|d| d["pipeline"]["stages"][1]["actions"][1]["commands"] = commands);
        let changes = diff(
            &with_commands(json!(["npm ci", "npm test", "npm run build"])),
            &with_commands(json!(["npm ci", "npm run lint"])),
        );
        insta::assert_snapshot!(render(&changes, true).replace('\x1b', "\\e"));
    }

    #[test]
    fn unnamed_items_fall_back_to_positions() {
        let old = json!({"stages": [{"actions": []}]});
        let new = json!({"stages": [{"name": "Source", "actions": []}]});
        assert_eq!(diff(&old, &new), [Change::Added { path: "stages[0].name".to_string(), value: json!("Source") }]);
    }

    #[test]
    fn insertion_alone_moves_nothing() {
        assert_eq!(moved(&["a", "b", "c"], &["x", "a", "b", "c"]), HashSet::new());
        assert_eq!(moved(&["a", "b", "c"], &["c", "a", "b"]), HashSet::from(["c"]));
    }
}
