//! Commands beyond the AWS CLI, beside the operations (never shadowing one):
//! `wait`, `watch`, `status`, `validate` and `diff`, and
//! `start-pipeline-execution --wait`. Each is built from the operations
//! themselves, through the same client.

use crate::error::CliError;
use crate::invoke::Invoker;
use crate::model::model;
use crate::pipeline::{diff, status, validate, watch};
use clap::{Arg, ArgAction, ArgMatches, Command};
use serde_json::{json, Map, Value};
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

pub const WAIT: &str = "wait";
pub const WATCH: &str = "watch";
pub const STATUS: &str = "status";
pub const VALIDATE: &str = "validate";
pub const DIFF: &str = "diff";
/// The flag that makes start-pipeline-execution wait for the execution to end.
pub const START_WAIT: &str = "wait";

const DEFAULT_DELAY: u64 = 15;
const DEFAULT_TIMEOUT: u64 = 3600;
const MAX_DELAY: u64 = 60;

/// What a tool prints on stdout, and the failure to report after it (a wait
/// that ended in failure prints the execution, then exits 255).
pub struct Outcome {
    pub stdout: String,
    pub failure: Option<CliError>,
}

fn seconds(id: &'static str, default: u64, help: &'static str) -> Arg {
    Arg::new(id)
        .long(id)
        .value_name("SECONDS")
        .value_parser(clap::value_parser!(u64))
        .default_value(default.to_string())
        .help(help)
}

fn pipeline_name(id: &'static str) -> Arg {
    Arg::new(id).long(id).value_name("PIPELINE").required(true).help("The name of the pipeline.")
}

pub fn commands() -> Vec<Command> {
    let timing = || {
        [
            seconds("delay", DEFAULT_DELAY, "Seconds between polls at first; backs off up to 60 while nothing changes."),
            seconds("timeout", DEFAULT_TIMEOUT, "Give up (exit 255) after this many seconds."),
        ]
    };
    vec![
        Command::new(WAIT)
            .about("Wait until a condition is met (exit 0), or fails (exit 255), as AWS CLI waiters do")
            .subcommand_required(true)
            .subcommand(
                Command::new("pipeline-execution-complete")
                    .about("Wait until a pipeline execution ends: exit 0 on Succeeded, 255 on Failed, Stopped, Superseded or Cancelled")
                    .arg(pipeline_name("pipeline-name"))
                    .arg(Arg::new("pipeline-execution-id").long("pipeline-execution-id").value_name("ID").required(true))
                    .args(timing()),
            ),
        Command::new(WATCH)
            .about("Follow an execution live, stage by stage; one line per change when stdout is not a terminal")
            .arg(pipeline_name("name"))
            .arg(Arg::new("pipeline-execution-id").long("pipeline-execution-id").value_name("ID"))
            .args(timing()),
        Command::new(STATUS)
            .about("The pipeline's current state, stage by stage, as a compact readable view")
            .arg(pipeline_name("name")),
        Command::new(VALIDATE)
            .about("Check a pipeline definition (JSON or YAML) against the model and CodePipeline's rules, offline")
            .arg(Arg::new("file").required(true).value_name("FILE").help("The definition, or - for stdin.")),
        Command::new(DIFF)
            .about("What update-pipeline with FILE would change in the deployed pipeline")
            .arg(pipeline_name("name"))
            .arg(Arg::new("file").required(true).value_name("FILE").help("The definition, or - for stdin.")),
    ]
}

/// `--wait` for start-pipeline-execution, with the waiter's timing.
pub fn start_wait_args() -> Vec<Arg> {
    vec![
        Arg::new(START_WAIT)
            .long(START_WAIT)
            .action(ArgAction::SetTrue)
            .help("Wait for the execution to end: exit 0 on Succeeded, 255 otherwise."),
        seconds("delay", DEFAULT_DELAY, "With --wait: seconds between polls at first."),
        seconds("timeout", DEFAULT_TIMEOUT, "With --wait: give up after this many seconds."),
    ]
}

pub fn is_tool(name: &str) -> bool {
    [WAIT, WATCH, STATUS, VALIDATE, DIFF].contains(&name)
}

fn text(matches: &ArgMatches, id: &str) -> String {
    matches.get_one::<String>(id).cloned().unwrap_or_default()
}

fn timing(matches: &ArgMatches) -> (Duration, Duration) {
    let get = |id: &str, default: u64| Duration::from_secs(matches.get_one::<u64>(id).copied().unwrap_or(default));
    (get("delay", DEFAULT_DELAY), get("timeout", DEFAULT_TIMEOUT))
}

fn read_definition(path: &str) -> Result<Value, CliError> {
    let text = if path == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    }
    .map_err(|e| CliError::Usage(format!("Unable to read {path}: {e}")))?;
    validate::parse_definition(&text).map_err(|e| CliError::Usage(format!("{path}: {e}")))
}

/// `validate FILE`: every problem with its path, exit 252 if there is one.
pub fn run_validate(matches: &ArgMatches) -> Result<Outcome, CliError> {
    let path = text(matches, "file");
    let doc = read_definition(&path)?;
    let problems = validate::validate(&doc, crate::model::documented());
    if problems.is_empty() {
        return Ok(Outcome { stdout: format!("{path}: valid\n"), failure: None });
    }
    let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    Err(CliError::Invalid { title: format!("{path}: {} problem(s)", lines.len()), problems: lines })
}

async fn call(invoker: &Invoker, operation: &str, input: Value) -> Result<Value, CliError> {
    let op = model().operation(operation).ok_or_else(|| CliError::Other(format!("no operation {operation}")))?;
    let Value::Object(input) = input else { return Err(CliError::Other("input must be an object".into())) };
    invoker.call(op, input, None).await
}

/// `diff --name P FILE`.
pub async fn run_diff(invoker: &Invoker, matches: &ArgMatches, color: bool) -> Result<Outcome, CliError> {
    let proposed = read_definition(&text(matches, "file"))?;
    let deployed = call(invoker, "GetPipeline", json!({"name": text(matches, "name")})).await?;
    let changes = diff::diff(&deployed, &proposed);
    Ok(Outcome { stdout: diff::render(&changes, color), failure: None })
}

fn now() -> String {
    jiff::Timestamp::now().to_string()
}

/// `status --name P`.
pub async fn run_status(invoker: &Invoker, matches: &ArgMatches, color: bool) -> Result<Outcome, CliError> {
    let state = call(invoker, "GetPipelineState", json!({"name": text(matches, "name")})).await?;
    Ok(Outcome { stdout: status::render(&state, &now(), color), failure: None })
}

/// The execution once it has ended, polling with backoff. With `on_state`
/// (for `watch`), the pipeline's state is fetched at each poll and shown to it.
async fn until_finished(
    invoker: &Invoker,
    pipeline: &str,
    execution: &str,
    (delay, timeout): (Duration, Duration),
    mut on_state: Option<&mut dyn FnMut(&Value)>,
) -> Result<Value, CliError> {
    let started = Instant::now();
    let mut delay = delay;
    let mut last_status = String::new();
    loop {
        if let Some(show) = on_state.as_mut() {
            let state = call(invoker, "GetPipelineState", json!({"name": pipeline})).await?;
            show(&state);
        }
        let response = call(
            invoker,
            "GetPipelineExecution",
            json!({"pipelineName": pipeline, "pipelineExecutionId": execution}),
        )
        .await?;
        let status = response["pipelineExecution"]["status"].as_str().unwrap_or("").to_string();
        if watch::execution_finished(&status).is_some() {
            return Ok(response);
        }
        if started.elapsed() + delay > timeout {
            return Err(CliError::Waiter(format!(
                "Waiter PipelineExecutionComplete failed: Max attempts exceeded (timed out after {}s; last status {status})",
                timeout.as_secs()
            )));
        }
        // Back off while nothing changes, so a long execution does not flood the API.
        if status == last_status {
            delay = (delay * 3 / 2).min(Duration::from_secs(MAX_DELAY)).max(delay);
        }
        last_status = status;
        tokio::time::sleep(delay).await;
    }
}

fn ended(execution: Value, render: impl Fn(&Value) -> String) -> Outcome {
    let status = execution["pipelineExecution"]["status"].as_str().unwrap_or("").to_string();
    let failure = (watch::execution_finished(&status) != Some(true)).then(|| {
        CliError::Waiter(format!("Waiter PipelineExecutionComplete failed: Waiter encountered a terminal failure state: the execution ended {status}"))
    });
    Outcome { stdout: render(&execution), failure }
}

/// `wait pipeline-execution-complete`.
pub async fn run_wait(invoker: &Invoker, matches: &ArgMatches, render: impl Fn(&Value) -> String) -> Result<Outcome, CliError> {
    let Some(("pipeline-execution-complete", sub)) = matches.subcommand() else {
        return Err(CliError::Usage("wait: unknown waiter".into()));
    };
    let execution = until_finished(
        invoker,
        &text(sub, "pipeline-name"),
        &text(sub, "pipeline-execution-id"),
        timing(sub),
        None,
    )
    .await?;
    Ok(ended(execution, render))
}

/// `start-pipeline-execution --wait`: the start's response names the execution.
pub async fn wait_for_started(
    invoker: &Invoker,
    pipeline: &str,
    started: &Value,
    matches: &ArgMatches,
    render: impl Fn(&Value) -> String,
) -> Result<Outcome, CliError> {
    let execution_id = started["pipelineExecutionId"].as_str().unwrap_or_default().to_string();
    let execution = until_finished(invoker, pipeline, &execution_id, timing(matches), None).await?;
    Ok(ended(execution, render))
}

/// `watch --name P`: redrawn in place on a terminal, one line per change otherwise.
pub async fn run_watch(invoker: &Invoker, matches: &ArgMatches, color: bool) -> Result<Outcome, CliError> {
    let pipeline = text(matches, "name");
    let execution_id = match matches.get_one::<String>("pipeline-execution-id") {
        Some(id) => id.clone(),
        None => {
            let mut input = Map::new();
            input.insert("pipelineName".into(), json!(pipeline));
            input.insert("maxResults".into(), json!(1));
            let latest = call(invoker, "ListPipelineExecutions", Value::Object(input)).await?;
            latest["pipelineExecutionSummaries"][0]["pipelineExecutionId"]
                .as_str()
                .ok_or_else(|| CliError::Usage(format!("The pipeline {pipeline} has no execution to watch")))?
                .to_string()
        }
    };
    let terminal = std::io::stdout().is_terminal();
    let mut previous: Option<Value> = None;
    let show = |state: &Value, previous: &mut Option<Value>| {
        let mut stdout = std::io::stdout().lock();
        // A closed stdout ends the watch's output, not the watch.
        let _ = if terminal {
            write!(stdout, "\x1b[H\x1b[2J{}", status::render(state, &now(), color))
        } else {
            watch::transitions(previous.as_ref(), state).iter().try_for_each(|line| writeln!(stdout, "{line}"))
        };
        let _ = stdout.flush();
        *previous = Some(state.clone());
    };
    let mut on_state = |state: &Value| show(state, &mut previous);
    let execution = until_finished(invoker, &pipeline, &execution_id, timing(matches), Some(&mut on_state)).await?;
    // One last look, so the final statuses are on screen or in the log.
    let state = call(invoker, "GetPipelineState", json!({"name": pipeline})).await?;
    show(&state, &mut previous);
    let status = execution["pipelineExecution"]["status"].as_str().unwrap_or("").to_string();
    Ok(ended(execution, |_| format!("Execution {execution_id}: {status}\n")))
}
