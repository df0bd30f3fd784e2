//! A pipeline's executions for `history` and `stats`: ListPipelineExecutions
//! page by page (newest first, down to `--since`), and for `stats` each
//! execution's actions from ListActionExecutions, several at a time while
//! the next page is fetched. Finished executions never change: they are kept
//! on disk (one private file per pipeline, account and region), and a later
//! run lists only down to the newest execution below which everything was
//! finished and kept, and asks for the actions of new executions only.

use super::execution::call;
use crate::error::CliError;
use crate::invoke::{ClientOptions, Invoker};
use crate::pipeline::history::parse_since;
use crate::pipeline::history::{actions_of, finished, run_of, Run};
use crate::pipeline::status::items;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::PathBuf;

/// `--since`, as `history` and `stats` both take it.
#[derive(clap::Args)]
pub struct Since {
    #[arg(
        long = "since",
        value_name = "SPAN|DATE",
        default_value = "30d",
        help = "Executions started since: a span before now (30d, 12h, 2w) or a date (2026-10-01, midnight local time) or timestamp."
    )]
    text: String,
}

impl Since {
    /// The window's start, in seconds past the epoch.
    pub fn start(&self) -> Result<f64, CliError> {
        parse_since(&self.text, now_seconds(), crate::localtime::zone()).map_err(CliError::Usage)
    }
}

fn now_seconds() -> f64 {
    let now = jiff::Timestamp::now();
    now.as_second() as f64 + f64::from(now.subsec_nanosecond()) / 1e9
}

/// Action listings in flight at once: enough to hide the round trips,
/// few enough to stay clear of CodePipeline's request rate limits (the
/// SDK's retries absorb a throttled one).
const CONCURRENCY: usize = 8;
const PAGE_SIZE: u32 = 100;

/// One page of executions, newest first, and the token for the next.
async fn page(
    invoker: &Invoker,
    pipeline: &str,
    token: Option<String>,
) -> Result<(Vec<Value>, Option<String>), CliError> {
    let mut input = json!({"pipelineName": pipeline, "maxResults": PAGE_SIZE});
    if let Some(token) = token {
        input["nextToken"] = Value::from(token);
    }
    let response = call(invoker, "ListPipelineExecutions", input).await?;
    let next = response.get("nextToken").and_then(Value::as_str).map(String::from);
    Ok((items(&response, "pipelineExecutionSummaries").to_vec(), next))
}

/// The summaries of the executions started at or after `since`, newest
/// first, that `keep` accepts, up to `limit` of them (`history`).
pub async fn summaries(
    invoker: &Invoker,
    pipeline: &str,
    since: f64,
    limit: Option<usize>,
    keep: impl Fn(&Run) -> bool,
) -> Result<Vec<(Value, Run)>, CliError> {
    let mut kept = Vec::new();
    let mut token = None;
    loop {
        let (summaries, next) = page(invoker, pipeline, token).await?;
        for summary in summaries {
            let Some(run) = run_of(&summary) else { continue };
            if run.start < since {
                return Ok(kept);
            }
            if keep(&run) {
                kept.push((summary, run));
                if limit.is_some_and(|limit| kept.len() >= limit) {
                    return Ok(kept);
                }
            }
        }
        match next {
            Some(next) => token = Some(next),
            None => return Ok(kept),
        }
    }
}

/// Every action execution of `execution`.
async fn actions(
    invoker: &Invoker,
    pipeline: &str,
    execution: &str,
) -> Result<Vec<crate::pipeline::history::ActionRun>, CliError> {
    let mut details = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut input =
            json!({"pipelineName": pipeline, "filter": {"pipelineExecutionId": execution}, "maxResults": PAGE_SIZE});
        if let Some(token) = token.take() {
            input["nextToken"] = Value::from(token);
        }
        let response = call(invoker, "ListActionExecutions", input).await?;
        details.extend(items(&response, "actionExecutionDetails").iter().cloned());
        match response.get("nextToken").and_then(Value::as_str) {
            Some(next) => token = Some(next.to_string()),
            None => break,
        }
    }
    Ok(actions_of(&json!({"actionExecutionDetails": details})))
}

/// Fills in the actions of `runs`, one lane per listing in flight, moving
/// each to `done` as it is: a failure keeps what was fetched before it.
async fn fill_actions(
    lanes: &[Invoker],
    pipeline: &str,
    runs: Vec<Run>,
    done: &RefCell<Vec<Run>>,
) -> Result<(), CliError> {
    let queue = RefCell::new(runs.into_iter());
    let workers = lanes.iter().map(|lane| {
        let queue = &queue;
        async move {
            loop {
                let next = queue.borrow_mut().next();
                let Some(mut run) = next else { return Ok::<(), CliError>(()) };
                run.actions = actions(lane, pipeline, &run.id).await?;
                done.borrow_mut().push(run);
            }
        }
    });
    futures_util::future::try_join_all(workers).await.map(|_| ())
}

/// One listing of a pipeline's executions down to `since`, or to where the cache takes over.
struct Listing<'a> {
    lister: &'a Invoker,
    workers: &'a [Invoker],
    pipeline: &'a str,
    since: f64,
    /// The cache's settled point, when it reaches back to `since`.
    settled: Option<f64>,
}

impl Listing<'_> {
    /// Lists page by page, the cache's executions to `known`, new or changed ones
    /// (with their actions, fetched while the next page is) to `done`.
    async fn run(&self, kept: &Kept, known: &mut Vec<Run>, done: &RefCell<Vec<Run>>) -> Result<Reached, CliError> {
        let mut reached = Reached::End;
        let mut current = Some(page(self.lister, self.pipeline, None).await?);
        while let Some((summaries, token)) = current.take() {
            let mut fresh = Vec::new();
            for summary in &summaries {
                let Some(run) = run_of(summary) else { continue };
                if run.start < self.since {
                    reached = Reached::Since;
                    break;
                }
                if self.settled.is_some_and(|settled| run.start <= settled) {
                    reached = Reached::Settled;
                    break;
                }
                match kept.runs.get(&run.id).filter(|k| finished(&k.status) && k.status == run.status) {
                    Some(cached) => known.push(cached.clone()),
                    None => fresh.push(run),
                }
            }
            let next = async {
                match token.filter(|_| reached == Reached::End) {
                    Some(token) => page(self.lister, self.pipeline, Some(token)).await.map(Some),
                    None => Ok(None),
                }
            };
            let filled = fill_actions(self.workers, self.pipeline, fresh, done);
            let (next, filled) = futures_util::future::join(next, filled).await;
            filled?;
            current = next?;
        }
        Ok(reached)
    }
}

/// What the cache holds for one pipeline.
#[derive(Default)]
struct Kept {
    runs: HashMap<String, Run>,
    /// Every execution started at or before this was finished and is kept...
    settled: Option<f64>,
    /// ... down to this start (`None`: to the pipeline's first execution).
    floor: Option<f64>,
}

fn cache_path(options: &ClientOptions, pipeline: &str) -> Option<PathBuf> {
    // The format's version is part of the key: a new format starts a new file.
    let key = format!("history-1|{}|{pipeline}", crate::completion::account_key(options));
    Some(crate::completion::cache_root()?.join("history").join(format!("{:016x}.json", crate::completion::hash(&key))))
}

fn load(path: Option<&PathBuf>) -> Kept {
    let Some(value) = path.and_then(|p| std::fs::read(p).ok()).and_then(|b| serde_json::from_slice::<Value>(&b).ok())
    else {
        return Kept::default();
    };
    let runs = items(&value, "runs").iter().filter_map(Run::from_json).map(|run| (run.id.clone(), run)).collect();
    Kept { runs, settled: value["settled"].as_f64(), floor: value["floor"].as_f64() }
}

fn save(path: Option<&PathBuf>, kept: &Kept) {
    let Some(path) = path else { return };
    let mut runs: Vec<&Run> = kept.runs.values().collect();
    runs.sort_by(|a, b| b.start.total_cmp(&a.start));
    let value = json!({"settled": kept.settled, "floor": kept.floor,
                       "runs": runs.iter().map(|r| r.to_json()).collect::<Vec<_>>()});
    // A cache that cannot be written only makes the next run slower.
    let _ = crate::completion::store(path, &value.to_string());
}

/// The executions started at or after `since`, with their actions (`stats`).
pub async fn with_actions(
    invoker: &Invoker,
    options: &ClientOptions,
    pipeline: &str,
    since: f64,
) -> Result<Vec<Run>, CliError> {
    let path = cache_path(options, pipeline);
    let mut kept = load(path.as_ref());
    // The cache may end the listing only if it reaches back far enough.
    let settled = kept.settled.filter(|_| kept.floor.is_none_or(|floor| floor <= since));
    let lanes: Vec<Invoker> = (0..=CONCURRENCY).map(|_| invoker.lane()).collect();
    let (lister, workers) = lanes.split_first().ok_or_else(|| CliError::Other("no lanes".into()))?;
    let listing = Listing { lister, workers, pipeline, since, settled };
    let mut runs: Vec<Run> = Vec::new();
    let done = RefCell::new(Vec::new());
    let listed = listing.run(&kept, &mut runs, &done).await;
    let fetched = done.into_inner();
    let reached = match listed {
        Ok(reached) => reached,
        Err(failure) => {
            // What was fetched is kept (the settled point stays where it was):
            // a run after a failure asks only for the rest.
            for run in fetched.into_iter().filter(|r| finished(&r.status)) {
                kept.runs.insert(run.id.clone(), run);
            }
            save(path.as_ref(), &kept);
            return Err(failure);
        }
    };
    runs.extend(fetched);
    if reached == Reached::Settled {
        let listed: std::collections::HashSet<String> = runs.iter().map(|r| r.id.clone()).collect();
        let below = settled.unwrap_or(f64::NEG_INFINITY);
        runs.extend(
            kept.runs.values().filter(|r| r.start >= since && r.start <= below && !listed.contains(&r.id)).cloned(),
        );
    }
    kept.floor = match reached {
        Reached::Settled => kept.floor,
        Reached::Since => Some(since),
        Reached::End => None,
    };
    let oldest_running = runs.iter().filter(|r| !finished(&r.status)).map(|r| r.start).min_by(f64::total_cmp);
    kept.settled = runs
        .iter()
        .filter(|r| finished(&r.status) && oldest_running.is_none_or(|oldest| r.start < oldest))
        .map(|r| r.start)
        .max_by(f64::total_cmp);
    for run in runs.iter().filter(|r| finished(&r.status)) {
        kept.runs.insert(run.id.clone(), run.clone());
    }
    prune(&mut kept);
    save(path.as_ref(), &kept);
    runs.sort_by(|a, b| b.start.total_cmp(&a.start));
    Ok(runs)
}

/// How far back the cache keeps executions, from its newest: CodePipeline
/// itself keeps a year of history.
const KEPT_FOR: f64 = 400.0 * 86_400.0;

/// Drops what is older than `KEPT_FOR`, so that the file stops growing; the
/// cache then vouches for nothing older either.
fn prune(kept: &mut Kept) {
    let Some(newest) = kept.runs.values().map(|r| r.start).max_by(f64::total_cmp) else { return };
    let keep_from = newest - KEPT_FOR;
    if kept.runs.values().any(|r| r.start < keep_from) {
        kept.runs.retain(|_, r| r.start >= keep_from);
        kept.floor = Some(kept.floor.map_or(keep_from, |floor| floor.max(keep_from)));
    }
}

/// Where the listing stopped.
#[derive(PartialEq)]
enum Reached {
    /// The pipeline's first execution.
    End,
    /// An execution started before `--since`.
    Since,
    /// The cache's settled point: the rest is kept.
    Settled,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(id: &str, start: f64) -> Run {
        Run {
            id: id.into(),
            status: "Succeeded".into(),
            start,
            end: Some(start + 1.0),
            trigger: String::new(),
            revision: String::new(),
            actions: Vec::new(),
        }
    }

    #[test]
    fn the_cache_keeps_a_little_over_a_year() {
        let day = 86_400.0;
        let mut kept = Kept {
            runs: [run("old", 0.0), run("new", 500.0 * day)].into_iter().map(|r| (r.id.clone(), r)).collect(),
            settled: Some(500.0 * day),
            floor: None,
        };
        prune(&mut kept);
        assert_eq!(kept.runs.keys().collect::<Vec<_>>(), ["new"]);
        assert_eq!(kept.floor, Some(100.0 * day), "no longer complete to the first execution");
        let before = kept.floor;
        prune(&mut kept);
        assert_eq!(kept.floor, before);
    }
}
