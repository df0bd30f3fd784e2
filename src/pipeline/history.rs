//! A pipeline's executions as typed records (`history`, `stats`): what
//! ListPipelineExecutions and ListActionExecutions say about each run,
//! reduced to names, statuses and times in epoch seconds.

use crate::pipeline::time::{epoch_seconds, short_duration};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde_json::{json, Value};

/// One pipeline execution.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub id: String,
    pub status: String,
    pub start: f64,
    /// Its last update: when it ended, once it has.
    pub end: Option<f64>,
    pub trigger: String,
    /// The first source revision: short id and the first line of its summary.
    pub revision: String,
    pub actions: Vec<ActionRun>,
}

/// One action execution within a pipeline execution.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionRun {
    pub stage: String,
    pub action: String,
    pub status: String,
    pub start: f64,
    pub end: Option<f64>,
}

impl Run {
    /// How long it took, once it has ended.
    pub fn duration(&self) -> Option<f64> {
        finished(&self.status).then(|| self.elapsed()).flatten()
    }

    /// How long it took, or has taken so far (to its last update).
    pub fn elapsed(&self) -> Option<f64> {
        Some(self.end? - self.start)
    }
}

impl Run {
    /// The run as the cache keeps it: compact, one array per action.
    pub fn to_json(&self) -> Value {
        let actions: Vec<Value> =
            self.actions.iter().map(|a| json!([a.stage, a.action, a.status, a.start, a.end])).collect();
        json!({"id": self.id, "status": self.status, "start": self.start, "end": self.end,
               "trigger": self.trigger, "revision": self.revision, "actions": actions})
    }

    /// A run the cache kept; `None` for anything else.
    pub fn from_json(value: &Value) -> Option<Run> {
        let actions = value
            .get("actions")?
            .as_array()?
            .iter()
            .map(|a| {
                Some(ActionRun {
                    stage: a.get(0)?.as_str()?.to_string(),
                    action: a.get(1)?.as_str()?.to_string(),
                    status: a.get(2)?.as_str()?.to_string(),
                    start: a.get(3)?.as_f64()?,
                    end: a.get(4)?.as_f64(),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Run {
            id: value.get("id")?.as_str()?.to_string(),
            status: value.get("status")?.as_str()?.to_string(),
            start: value.get("start")?.as_f64()?,
            end: value.get("end")?.as_f64(),
            trigger: value.get("trigger")?.as_str()?.to_string(),
            revision: value.get("revision")?.as_str()?.to_string(),
            actions,
        })
    }
}

/// Whether an execution with this status can change no more (and so may be cached).
pub fn finished(status: &str) -> bool {
    matches!(status, "Succeeded" | "Failed" | "Stopped" | "Superseded" | "Cancelled")
}

fn text(value: &Value, key: &str) -> String {
    value.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

/// The execution a ListPipelineExecutions summary describes, without its actions;
/// `None` for a summary with no id or start time.
pub fn run_of(summary: &Value) -> Option<Run> {
    let id = summary.get("pipelineExecutionId")?.as_str()?.to_string();
    let start = epoch_seconds(summary.get("startTime")?)?;
    let status = text(summary, "status");
    let end = summary.get("lastUpdateTime").and_then(epoch_seconds);
    let trigger = summary.get("trigger").map(|t| text(t, "triggerType")).unwrap_or_default();
    let revision = summary
        .get("sourceRevisions")
        .and_then(Value::as_array)
        .and_then(|revisions| revisions.first())
        .map(|first| {
            let id: String = text(first, "revisionId").chars().take(8).collect();
            let summary = text(first, "revisionSummary");
            let line = summary.lines().next().unwrap_or("").trim();
            [id.as_str(), line].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ")
        })
        .unwrap_or_default();
    Some(Run { id, status, start, end, trigger, revision, actions: Vec::new() })
}

/// The action executions of a ListActionExecutions response, oldest first.
pub fn actions_of(response: &Value) -> Vec<ActionRun> {
    let mut actions: Vec<ActionRun> = crate::pipeline::status::items(response, "actionExecutionDetails")
        .iter()
        .filter_map(|detail| {
            let start = epoch_seconds(detail.get("startTime")?)?;
            let status = text(detail, "status");
            let end = (status != "InProgress").then(|| detail.get("lastUpdateTime").and_then(epoch_seconds)).flatten();
            Some(ActionRun { stage: text(detail, "stageName"), action: text(detail, "actionName"), status, start, end })
        })
        .collect();
    actions.sort_by(|a, b| a.start.total_cmp(&b.start));
    actions
}

/// `--since`: `30d`, `12h`, `2w`, `45m` before `now`, or a date (`2026-10-01`,
/// midnight in `zone`) or a timestamp (`2026-10-01T12:00:00Z`); epoch seconds.
pub fn parse_since(value: &str, now: f64, zone: &TimeZone) -> Result<f64, String> {
    let value = value.trim();
    let relative = value.char_indices().last().and_then(|(at, unit)| {
        let count: f64 = value[..at].parse().ok().filter(|n: &f64| n.is_finite() && *n >= 0.0)?;
        let seconds = match unit {
            'm' => 60.0,
            'h' => 3600.0,
            'd' => 86_400.0,
            'w' => 7.0 * 86_400.0,
            _ => return None,
        };
        Some(now - count * seconds)
    });
    if let Some(since) = relative {
        return Ok(since);
    }
    if let Ok(ts) = value.parse::<Timestamp>() {
        return Ok(seconds_of(ts));
    }
    if let Ok(date) = value.parse::<jiff::civil::Date>() {
        if let Ok(zoned) = date.to_zoned(zone.clone()) {
            return Ok(seconds_of(zoned.timestamp()));
        }
    }
    Err(format!(
        "argument --since: invalid value '{value}': expected a span such as 30d, 12h, 2w, or a date such as 2026-10-01"
    ))
}

fn seconds_of(ts: Timestamp) -> f64 {
    ts.as_second() as f64 + f64::from(ts.subsec_nanosecond()) / 1e9
}

/// `2026-10-01 14:03` in `zone`.
pub fn local_minute(seconds: f64, zone: &TimeZone) -> String {
    local(seconds, zone, "%Y-%m-%d %H:%M")
}

/// `seconds` in `zone` through a strftime `format`.
pub fn local(seconds: f64, zone: &TimeZone, format: &str) -> String {
    Timestamp::from_second(seconds.floor() as i64)
        .map(|ts| ts.to_zoned(zone.clone()).strftime(format).to_string())
        .unwrap_or_default()
}

const RESET: &str = "\x1b[0m";

/// The colour a result is shown in: green succeeded, red failed, yellow
/// stopped or cancelled, blue still running, dim superseded.
pub fn colour(status: &str) -> &'static str {
    match status {
        "Succeeded" => "\x1b[32m",
        "Failed" => "\x1b[31m",
        "Stopped" | "Stopping" | "Cancelled" => "\x1b[33m",
        "InProgress" => "\x1b[34m",
        _ => "\x1b[2m",
    }
}

pub fn paint(text: &str, status: &str, color: bool) -> String {
    if color {
        format!("{}{text}{RESET}", colour(status))
    } else {
        text.to_string()
    }
}

/// One line per execution, newest first as given: id, status, trigger,
/// source revision, start, duration, in aligned columns.
pub fn render(runs: &[Run], zone: &TimeZone, color: bool) -> String {
    let rows: Vec<[String; 6]> = runs
        .iter()
        .map(|run| {
            [
                run.id.clone(),
                run.status.clone(),
                run.trigger.clone(),
                run.revision.chars().take(48).collect(),
                local_minute(run.start, zone),
                run.duration().map(short_duration).unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    let header = ["EXECUTION", "STATUS", "TRIGGER", "REVISION", "STARTED", "DURATION"].map(String::from);
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |row: &[String; 6], status: Option<&str>| {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(column, (cell, width))| {
                let padded = format!("{cell:<width$}");
                match status {
                    Some(status) if column == 1 => paint(&padded, status, color),
                    _ => padded,
                }
            })
            .collect();
        format!("{}\n", cells.join("  ").trim_end())
    };
    let mut out = line(&header, None);
    for (row, run) in rows.iter().zip(runs) {
        out.push_str(&line(row, Some(&run.status)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_becomes_a_run() {
        let run = run_of(&json!({"pipelineExecutionId": "e-1", "status": "Failed",
            "startTime": 1000.0, "lastUpdateTime": 1252.0,
            "trigger": {"triggerType": "Webhook"},
            "sourceRevisions": [{"actionName": "Source", "revisionId": "0123456789abcdef",
                                 "revisionSummary": "Fix the build\n\nlong text"}]}))
        .expect("run");
        assert_eq!(run.duration(), Some(252.0));
        assert_eq!(run.trigger, "Webhook");
        assert_eq!(run.revision, "01234567 Fix the build");
        let running = run_of(&json!({"pipelineExecutionId": "e-2", "status": "InProgress",
            "startTime": 1000.0, "lastUpdateTime": 1252.0}))
        .expect("run");
        assert_eq!(running.duration(), None, "a running execution has no duration yet");
        assert_eq!(running.elapsed(), Some(252.0));
        assert!(run_of(&json!({"status": "Failed"})).is_none());
    }

    #[test]
    fn a_run_comes_back_from_the_cache_as_it_went_in() {
        let run = Run {
            id: "e-1".into(),
            status: "Failed".into(),
            start: 10.5,
            end: Some(20.0),
            trigger: "Webhook".into(),
            revision: "abc".into(),
            actions: vec![ActionRun {
                stage: "B".into(),
                action: "M".into(),
                status: "Failed".into(),
                start: 11.0,
                end: None,
            }],
        };
        assert_eq!(Run::from_json(&run.to_json()), Some(run));
        assert_eq!(Run::from_json(&json!({"id": "e-1"})), None);
    }

    #[test]
    fn actions_come_oldest_first_and_running_ones_have_no_end() {
        let actions = actions_of(&json!({"actionExecutionDetails": [
            {"stageName": "Deploy", "actionName": "Push", "status": "InProgress", "startTime": 50.0, "lastUpdateTime": 60.0},
            {"stageName": "Build", "actionName": "Make", "status": "Succeeded", "startTime": 10.0, "lastUpdateTime": 40.0}
        ]}));
        assert_eq!(actions[0].action, "Make");
        assert_eq!(actions[0].end, Some(40.0));
        assert_eq!(actions[1].end, None);
    }

    #[test]
    fn since_is_a_span_a_date_or_a_timestamp() {
        let zone = TimeZone::fixed(jiff::tz::offset(2));
        let now = 1_000_000.0;
        assert_eq!(parse_since("30d", now, &zone), Ok(now - 30.0 * 86_400.0));
        assert_eq!(parse_since("2w", now, &zone), Ok(now - 14.0 * 86_400.0));
        assert_eq!(parse_since("12h", now, &zone), Ok(now - 12.0 * 3600.0));
        assert_eq!(parse_since("1970-01-02", now, &zone), Ok(86_400.0 - 7200.0), "midnight in the zone");
        assert_eq!(parse_since("1970-01-02T00:00:00Z", now, &zone), Ok(86_400.0));
        assert!(parse_since("yesterday", now, &zone).is_err());
        assert!(parse_since("-3d", now, &zone).is_err());
        assert!(parse_since("d", now, &zone).is_err());
    }

    #[test]
    fn lines_are_aligned_and_statuses_coloured_only_when_asked() {
        let run = |id: &str, status: &str, end: Option<f64>| Run {
            id: id.into(),
            status: status.into(),
            start: 0.0,
            end,
            trigger: "Webhook".into(),
            revision: "abc Fix".into(),
            actions: Vec::new(),
        };
        let runs = [run("e-10", "InProgress", None), run("e-9", "Succeeded", Some(252.0))];
        let plain = render(&runs, &TimeZone::UTC, false);
        assert_eq!(
            plain,
            "EXECUTION  STATUS      TRIGGER  REVISION  STARTED           DURATION\n\
             e-10       InProgress  Webhook  abc Fix   1970-01-01 00:00  -\n\
             e-9        Succeeded   Webhook  abc Fix   1970-01-01 00:00  4m 12s\n"
        );
        let coloured = render(&runs, &TimeZone::UTC, true);
        assert!(coloured.contains("\x1b[32mSucceeded \x1b[0m"), "{coloured}");
    }
}
