//! A compact stage → action view of GetPipelineState, for a terminal: the
//! raw JSON buries the one failing action and its log link in a page of ids.

use crate::pipeline::time::{epoch_seconds, short_duration};
use serde_json::Value;

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const BLUE: &str = "\x1b[34m";

/// Symbol and colour for a stage or action status; one table serves both
/// because their status enums overlap.
fn marker(status: Option<&str>) -> (&'static str, &'static str) {
    match status {
        Some("Succeeded") => ("✓", GREEN),
        Some("Failed") => ("✗", RED),
        Some("InProgress") => ("●", BLUE),
        Some("Stopped" | "Stopping" | "Cancelled" | "Abandoned") => ("■", YELLOW),
        Some("Skipped") => ("»", DIM),
        _ => ("○", DIM),
    }
}

struct Painter {
    color: bool,
}

impl Painter {
    fn paint(&self, text: &str, style: &str) -> String {
        if self.color {
            format!("{style}{text}{RESET}")
        } else {
            text.to_string()
        }
    }
}

fn text<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

pub(crate) fn items<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default()
}

/// The one-line reason an action failed: its error details when the service
/// gives them, otherwise the execution summary.
pub(crate) fn failure_detail(execution: &Value) -> Option<String> {
    let error = execution.get("errorDetails");
    let message = error.and_then(|e| text(e, "message")).or_else(|| text(execution, "summary"))?;
    // Messages can span lines; the view keeps one line per fact.
    let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(match error.and_then(|e| text(e, "code")) {
        Some(code) => format!("{code}: {message}"),
        None => message,
    })
}

pub fn render(state: &Value, now: &str, color: bool) -> String {
    let painter = Painter { color };
    let now = epoch_seconds(&Value::from(now));
    let age = |at: Option<&Value>| -> Option<String> {
        let (now, at) = (now?, epoch_seconds(at?)?);
        Some(format!("{} ago", short_duration(now - at)))
    };
    let stages = items(state, "stageStates");
    // One width per column across the whole view, so statuses line up.
    let stage_width = stages.iter().filter_map(|s| text(s, "stageName")).map(str::len).max().unwrap_or(0);
    let action_width = stages
        .iter()
        .flat_map(|s| items(s, "actionStates"))
        .filter_map(|a| text(a, "actionName").map(str::len))
        .max()
        .unwrap_or(0);
    let status_width = "InProgress".len();

    let mut out = String::new();
    if let Some(name) = text(state, "pipelineName") {
        out.push_str(&painter.paint(name, BOLD));
        if let Some(version) = state.get("pipelineVersion").and_then(Value::as_i64) {
            out.push_str(&painter.paint(&format!(" (version {version})"), DIM));
        }
        out.push('\n');
    }
    for stage in stages {
        let transition = stage.get("inboundTransitionState");
        if transition.and_then(|t| t.get("enabled")).and_then(Value::as_bool) == Some(false) {
            let reason = transition.and_then(|t| text(t, "disabledReason")).unwrap_or("no reason given");
            let since = age(transition.and_then(|t| t.get("lastChangedAt")));
            out.push_str(&painter.paint(&format!("  ⏸ transition disabled: {reason}"), YELLOW));
            if let Some(since) = since {
                out.push_str(&painter.paint(&format!(" ({since})"), DIM));
            }
            out.push('\n');
        }

        let actions = items(stage, "actionStates");
        let status = stage.get("latestExecution").and_then(|e| text(e, "status"));
        let (symbol, style) = marker(status);
        // The state API has no stage timestamps; the latest action change
        // is when the stage last moved.
        let latest = actions
            .iter()
            .filter_map(|a| a.get("latestExecution")?.get("lastStatusChange"))
            .max_by(|a, b| epoch_seconds(a).partial_cmp(&epoch_seconds(b)).unwrap_or(std::cmp::Ordering::Equal));
        let name = text(stage, "stageName").unwrap_or("?");
        let line = format!(
            "{} {}{} {}",
            painter.paint(symbol, style),
            painter.paint(name, BOLD),
            pad(name, stage_width),
            column(&painter, status.unwrap_or("not run"), style, status_width),
        );
        push_line(&mut out, line, age(latest), &painter);

        for action in actions {
            let execution = action.get("latestExecution");
            let status = execution.and_then(|e| text(e, "status"));
            let (symbol, style) = marker(status);
            let name = text(action, "actionName").unwrap_or("?");
            let mut line = format!(
                "    {} {name}{} {}",
                painter.paint(symbol, style),
                pad(name, action_width),
                column(&painter, status.unwrap_or("not run"), style, status_width),
            );
            let percent = execution.and_then(|e| e.get("percentComplete")).and_then(Value::as_i64);
            if let Some(percent) = percent.filter(|_| status == Some("InProgress")) {
                line.push_str(&format!(" {percent:>3}%"));
            }
            push_line(&mut out, line, age(execution.and_then(|e| e.get("lastStatusChange"))), &painter);

            if status == Some("Failed") {
                let indent = " ".repeat(6);
                if let Some(detail) = execution.and_then(failure_detail) {
                    out.push_str(&format!("{indent}{}\n", painter.paint(&detail, RED)));
                }
                if let Some(url) = execution.and_then(|e| text(e, "externalExecutionUrl")) {
                    out.push_str(&format!("{indent}{}\n", painter.paint(url, DIM)));
                }
            }
        }
    }
    out
}

fn pad(text: &str, width: usize) -> String {
    " ".repeat(width.saturating_sub(text.chars().count()))
}

/// Padding goes outside the colour codes so it can be trimmed at line end.
fn column(painter: &Painter, text: &str, style: &str, width: usize) -> String {
    format!("{}{}", painter.paint(text, style), pad(text, width))
}

fn push_line(out: &mut String, line: String, age: Option<String>, painter: &Painter) {
    match age {
        Some(age) => out.push_str(&format!("{line}  {}", painter.paint(&age, DIM))),
        None => out.push_str(line.trim_end()),
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: &str = "2024-05-01T12:00:00+00:00";

    fn state() -> Value {
        serde_json::from_str(include_str!("../../tests/fixtures/pipeline/state.json")).expect("fixture is JSON")
    }

    #[test]
    fn three_stages_plain() {
        insta::assert_snapshot!(render(&state(), NOW, false));
    }

    #[test]
    fn three_stages_coloured() {
        // Escapes made visible so the snapshot can be reviewed as text.
        insta::assert_snapshot!(render(&state(), NOW, true).replace('\x1b', "\\e"));
    }

    #[test]
    fn never_run_stage_and_summary_only_failure() {
        let state = json!({
            "pipelineName": "infra",
            "stageStates": [
                {
                    "stageName": "Source",
                    "actionStates": [{"actionName": "Repo", "latestExecution": {
                        "status": "Failed",
                        "summary": "Could not access the repository:\n  permission denied",
                        "lastStatusChange": "2024-05-01T11:59:30Z"
                    }}],
                    "latestExecution": {"pipelineExecutionId": "c6a8b1e2-5f3d-4a7b-9c0e-2d4f6a8b0c1e", "status": "Failed"}
                },
                {
                    "stageName": "Apply",
                    "inboundTransitionState": {"enabled": false},
                    "actionStates": [{"actionName": "Terraform"}]
                }
            ]
        });
        insta::assert_snapshot!(render(&state, NOW, false));
    }

    #[test]
    fn unparseable_now_drops_ages_only() {
        let rendered = render(&state(), "soon", false);
        assert!(rendered.contains("✗ Build  Failed"));
        assert!(!rendered.contains(" ago"));
    }

    #[test]
    fn empty_state_renders_nothing() {
        assert_eq!(render(&json!({}), NOW, true), "");
    }
}
