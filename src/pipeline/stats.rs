//! `stats`: how often a pipeline runs, how often it succeeds, how long it
//! takes (whole, per stage, per action) and how fast it recovers, from its
//! executions. Percentiles are nearest-rank (a value that occurred: the
//! median of 1, 2, 3, 4 is 2); durations are seconds.

use crate::pipeline::history::Run;
use jiff::tz::TimeZone;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The p-th percentile (0 < p ≤ 100) of `values` by nearest rank.
pub fn percentile(values: &[f64], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted.get(rank.min(sorted.len()) - 1).copied()
}

/// Median, p90 and max of a set of durations.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Spread {
    pub median: Option<f64>,
    pub p90: Option<f64>,
    pub max: Option<f64>,
}

impl Spread {
    fn of(values: &[f64]) -> Spread {
        Spread {
            median: percentile(values, 50.0),
            p90: percentile(values, 90.0),
            max: values.iter().copied().max_by(f64::total_cmp),
        }
    }
}

/// A stage's or an action's runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub name: String,
    pub runs: usize,
    pub failures: usize,
    pub duration: Spread,
    /// A stage's actions (none for an action).
    pub actions: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub pipeline: String,
    pub executions: usize,
    pub by_status: BTreeMap<String, usize>,
    /// Succeeded over the executions that ended with a verdict (succeeded, failed, stopped).
    pub success_rate: Option<f64>,
    /// Over the executions that succeeded.
    pub duration: Spread,
    /// From a failure to the end of the next success: the mean, and how many recoveries it is over.
    pub mean_time_to_recovery: Option<f64>,
    pub recoveries: usize,
    /// Executions started each day (local date) and ISO week, first to last, empty ones included.
    pub per_day: Vec<(String, usize)>,
    pub per_week: Vec<(String, usize)>,
    pub stages: Vec<Step>,
    /// (start, duration or time so far, status) of each execution, oldest first: the chart's points.
    pub points: Vec<(f64, f64, String)>,
}

/// Every statistic of `runs` (any order), days and weeks counted in `zone`.
pub fn compute(pipeline: &str, runs: &[Run], zone: &TimeZone) -> Stats {
    let mut runs: Vec<&Run> = runs.iter().collect();
    runs.sort_by(|a, b| a.start.total_cmp(&b.start));
    let mut by_status = BTreeMap::new();
    for run in &runs {
        *by_status.entry(run.status.clone()).or_insert(0) += 1;
    }
    let count = |status: &str| by_status.get(status).copied().unwrap_or(0);
    let verdicts = count("Succeeded") + count("Failed") + count("Stopped");
    let success_rate = (verdicts > 0).then(|| count("Succeeded") as f64 / verdicts as f64);
    let succeeded: Vec<f64> = runs.iter().filter(|r| r.status == "Succeeded").filter_map(|r| r.duration()).collect();
    let (mean_time_to_recovery, recoveries) = recovery(&runs);
    let (per_day, per_week) = calendar(&runs, zone);
    let points = runs.iter().filter_map(|r| Some((r.start, r.elapsed()?, r.status.clone()))).collect();
    Stats {
        pipeline: pipeline.to_string(),
        executions: runs.len(),
        by_status,
        success_rate,
        duration: Spread::of(&succeeded),
        mean_time_to_recovery,
        recoveries,
        per_day,
        per_week,
        stages: steps(&runs),
        points,
    }
}

/// Mean time from the end of the first failure of a streak to the end of the
/// next success (executions in order of start; stopped or superseded ones
/// neither break nor start a streak). A streak not yet recovered is left out.
fn recovery(runs: &[&Run]) -> (Option<f64>, usize) {
    let mut failed_at: Option<f64> = None;
    let mut times = Vec::new();
    for run in runs {
        match (run.status.as_str(), run.end) {
            ("Failed", Some(end)) if failed_at.is_none() => failed_at = Some(end),
            ("Succeeded", Some(end)) => {
                if let Some(failed) = failed_at.take() {
                    times.push(end - failed);
                }
            }
            _ => {}
        }
    }
    let mean = (!times.is_empty()).then(|| times.iter().sum::<f64>() / times.len() as f64);
    (mean, times.len())
}

type Counts = Vec<(String, usize)>;

/// Executions per local date and per ISO week, from the first to the last.
fn calendar(runs: &[&Run], zone: &TimeZone) -> (Counts, Counts) {
    let date = |seconds: f64| {
        jiff::Timestamp::from_second(seconds.floor() as i64).ok().map(|ts| ts.to_zoned(zone.clone()).date())
    };
    let dates: Vec<jiff::civil::Date> = runs.iter().filter_map(|r| date(r.start)).collect();
    let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max()) else {
        return (Vec::new(), Vec::new());
    };
    let mut days: BTreeMap<jiff::civil::Date, usize> = BTreeMap::new();
    let mut day = *first;
    while day <= *last {
        days.insert(day, 0);
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    for date in &dates {
        *days.entry(*date).or_insert(0) += 1;
    }
    let week = |date: &jiff::civil::Date| {
        let iso = date.iso_week_date();
        format!("{:04}-W{:02}", iso.year(), iso.week())
    };
    let mut weeks: Vec<(String, usize)> = Vec::new();
    for (date, n) in &days {
        let label = week(date);
        match weeks.last_mut() {
            Some((last, count)) if *last == label => *count += n,
            _ => weeks.push((label, *n)),
        }
    }
    (days.into_iter().map(|(d, n)| (d.to_string(), n)).collect(), weeks)
}

/// Per stage (its span in each execution: first action's start to last
/// action's end) and per action, in the order they first ran.
fn steps(runs: &[&Run]) -> Vec<Step> {
    struct Tally {
        name: String,
        durations: Vec<f64>,
        runs: usize,
        failures: usize,
        actions: Vec<Tally>,
    }
    fn find<'a>(tallies: &'a mut Vec<Tally>, name: &str) -> &'a mut Tally {
        let at = match tallies.iter().position(|t| t.name == name) {
            Some(at) => at,
            None => {
                tallies.push(Tally {
                    name: name.to_string(),
                    durations: Vec::new(),
                    runs: 0,
                    failures: 0,
                    actions: Vec::new(),
                });
                tallies.len() - 1
            }
        };
        &mut tallies[at]
    }
    fn step(tally: Tally) -> Step {
        Step {
            name: tally.name,
            runs: tally.runs,
            failures: tally.failures,
            duration: Spread::of(&tally.durations),
            actions: tally.actions.into_iter().map(step).collect(),
        }
    }
    let mut stages: Vec<Tally> = Vec::new();
    for run in runs {
        let mut order: Vec<&str> = Vec::new();
        for action in &run.actions {
            if !order.contains(&action.stage.as_str()) {
                order.push(&action.stage);
            }
        }
        for name in order {
            let actions: Vec<_> = run.actions.iter().filter(|a| a.stage == name).collect();
            let stage = find(&mut stages, name);
            stage.runs += 1;
            if actions.iter().any(|a| a.status == "Failed") {
                stage.failures += 1;
            }
            let start = actions.iter().map(|a| a.start).min_by(f64::total_cmp);
            let end = actions.iter().map(|a| a.end).collect::<Option<Vec<f64>>>();
            if let (Some(start), Some(end)) = (start, end.and_then(|e| e.into_iter().max_by(f64::total_cmp))) {
                stage.durations.push(end - start);
            }
            for action in actions {
                let tally = find(&mut stage.actions, &action.action);
                tally.runs += 1;
                if action.status == "Failed" {
                    tally.failures += 1;
                }
                if let Some(end) = action.end {
                    tally.durations.push(end - action.start);
                }
            }
        }
    }
    stages.into_iter().map(step).collect()
}

impl Stats {
    /// Every number, for scripts (`--output json`).
    pub fn to_json(&self) -> Value {
        let spread = |s: &Spread| json!({"median": s.median, "p90": s.p90, "max": s.max});
        fn step_json(step: &Step, spread: &dyn Fn(&Spread) -> Value) -> Value {
            let mut value = json!({"name": step.name, "runs": step.runs, "failures": step.failures,
                                   "duration": spread(&step.duration)});
            if !step.actions.is_empty() {
                value["actions"] = step.actions.iter().map(|a| step_json(a, spread)).collect();
            }
            value
        }
        let days = self.per_day.len().max(1) as f64;
        let weeks = days / 7.0;
        json!({
            "pipeline": self.pipeline,
            "executions": self.executions,
            "byStatus": self.by_status,
            "successRate": self.success_rate,
            "duration": spread(&self.duration),
            "meanTimeToRecovery": self.mean_time_to_recovery,
            "recoveries": self.recoveries,
            "executionsPerDay": if self.per_day.is_empty() { 0.0 } else { self.executions as f64 / days },
            "executionsPerWeek": if self.per_day.is_empty() { 0.0 } else { self.executions as f64 / weeks },
            "perDay": self.per_day.iter().map(|(d, n)| json!({"date": d, "executions": n})).collect::<Vec<_>>(),
            "perWeek": self.per_week.iter().map(|(w, n)| json!({"week": w, "executions": n})).collect::<Vec<_>>(),
            "stages": self.stages.iter().map(|s| step_json(s, &spread)).collect::<Vec<_>>(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::history::ActionRun;

    fn run(start: f64, length: f64, status: &str) -> Run {
        Run {
            id: format!("e-{start}"),
            status: status.into(),
            start,
            end: Some(start + length),
            trigger: String::new(),
            revision: String::new(),
            actions: Vec::new(),
        }
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        assert_eq!(percentile(&[4.0, 1.0, 3.0, 2.0], 50.0), Some(2.0));
        assert_eq!(percentile(&[5.0], 90.0), Some(5.0));
        let hundred: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&hundred, 90.0), Some(90.0));
        assert_eq!(percentile(&[], 50.0), None);
    }

    #[test]
    fn success_rate_durations_and_recovery() {
        let runs = [
            run(0.0, 10.0, "Succeeded"),
            run(100.0, 20.0, "Failed"),    // streak starts: failed at 120
            run(200.0, 5.0, "Failed"),     // same streak
            run(300.0, 30.0, "Stopped"),   // neither
            run(400.0, 40.0, "Succeeded"), // recovered at 440: 320
            run(500.0, 10.0, "Failed"),    // never recovered
            run(600.0, 0.0, "Superseded"),
        ];
        let stats = compute("p", &runs, &TimeZone::UTC);
        assert_eq!(stats.executions, 7);
        assert_eq!(stats.success_rate, Some(2.0 / 6.0));
        assert_eq!(stats.duration, Spread { median: Some(10.0), p90: Some(40.0), max: Some(40.0) });
        assert_eq!((stats.mean_time_to_recovery, stats.recoveries), (Some(320.0), 1));
        assert_eq!(stats.per_day, [("1970-01-01".to_string(), 7)]);
        assert_eq!(stats.per_week, [("1970-W01".to_string(), 7)]);
        assert_eq!(stats.points.len(), 7);
    }

    #[test]
    fn days_and_weeks_include_the_empty_ones_in_the_zone() {
        let day = 86_400.0;
        let runs = [run(0.0, 1.0, "Succeeded"), run(10.0 * day, 1.0, "Succeeded")];
        let stats = compute("p", &runs, &TimeZone::fixed(jiff::tz::offset(-1)));
        assert_eq!(stats.per_day.len(), 11, "31 Dec 1969 to 10 Jan 1970");
        assert_eq!(stats.per_day[0], ("1969-12-31".to_string(), 1));
        assert_eq!(stats.per_week.iter().map(|(_, n)| n).sum::<usize>(), 2);
        assert_eq!(stats.per_week[0].0, "1970-W01");
    }

    #[test]
    fn stages_span_their_actions_and_count_failures() {
        let action = |stage: &str, action: &str, start: f64, end: f64, status: &str| ActionRun {
            stage: stage.into(),
            action: action.into(),
            status: status.into(),
            start,
            end: Some(end),
        };
        let mut first = run(0.0, 100.0, "Failed");
        first.actions = vec![
            action("Source", "Checkout", 0.0, 5.0, "Succeeded"),
            action("Build", "Compile", 5.0, 50.0, "Succeeded"),
            action("Build", "Test", 6.0, 70.0, "Failed"),
        ];
        let mut second = run(1000.0, 100.0, "Succeeded");
        second.actions = vec![
            action("Source", "Checkout", 1000.0, 1003.0, "Succeeded"),
            action("Build", "Compile", 1003.0, 1033.0, "Succeeded"),
            action("Build", "Test", 1003.0, 1013.0, "Succeeded"),
        ];
        let stats = compute("p", &[second, first], &TimeZone::UTC);
        let names: Vec<&str> = stats.stages.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Source", "Build"]);
        let build = &stats.stages[1];
        assert_eq!((build.runs, build.failures), (2, 1));
        assert_eq!(build.duration.median, Some(30.0));
        assert_eq!(build.duration.p90, Some(65.0));
        assert_eq!(build.actions[1].name, "Test");
        assert_eq!(build.actions[1].failures, 1);
        assert_eq!(build.actions[1].duration.max, Some(64.0));
        let json = stats.to_json();
        assert_eq!(json["stages"][1]["actions"][0]["duration"]["median"], 30.0);
        assert_eq!(json["successRate"], 0.5);
    }
}
