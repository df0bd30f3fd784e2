//! Following an execution to its end, shared by `wait`, `watch` and
//! `start-pipeline-execution --wait`: polling with backoff, and the waiter's
//! verdict, as AWS CLI waiters give it.

use super::Outcome;
use crate::error::CliError;
use crate::invoke::Invoker;
use crate::model::model;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// The longest pause between polls while nothing changes.
const MAX_DELAY: Duration = Duration::from_secs(60);

/// `--delay` and `--timeout`.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    pub delay: Duration,
    pub timeout: Duration,
}

/// Calls `operation` by its model name.
pub async fn call(invoker: &Invoker, operation: &str, input: Value) -> Result<Value, CliError> {
    let op = model().operation(operation).ok_or_else(|| CliError::Other(format!("no operation {operation}")))?;
    let Value::Object(input) = input else { return Err(CliError::Other("input must be an object".into())) };
    invoker.call(op, input, None).await
}

/// Calls the paginated `operation`, its pages merged, up to `max_items` items.
pub async fn call_paged(invoker: &Invoker, operation: &str, input: Value, max_items: i64) -> Result<Value, CliError> {
    let op = model().operation(operation).ok_or_else(|| CliError::Other(format!("no operation {operation}")))?;
    let Value::Object(input) = input else { return Err(CliError::Other("input must be an object".into())) };
    let paging = crate::invoke::Paging { max_items: Some(max_items), ..Default::default() };
    invoker.call(op, input, Some(&paging)).await
}

pub async fn pipeline_state(invoker: &Invoker, pipeline: &str) -> Result<Value, CliError> {
    call(invoker, "GetPipelineState", json!({"name": pipeline})).await
}

pub fn now() -> String {
    jiff::Timestamp::now().to_string()
}

fn status_of(execution: &Value) -> String {
    execution["pipelineExecution"]["status"].as_str().unwrap_or("").to_string()
}

/// The execution once it has ended, polling with backoff. With `on_state`
/// (for `watch`), the pipeline's state is fetched at each poll and shown to it.
pub async fn until_finished(
    invoker: &Invoker,
    pipeline: &str,
    execution: &str,
    timing: Timing,
    mut on_state: Option<&mut dyn FnMut(&Value)>,
) -> Result<Value, CliError> {
    let started = Instant::now();
    let mut delay = timing.delay;
    let mut last_status = String::new();
    loop {
        if let Some(show) = on_state.as_mut() {
            show(&pipeline_state(invoker, pipeline).await?);
        }
        let response =
            call(invoker, "GetPipelineExecution", json!({"pipelineName": pipeline, "pipelineExecutionId": execution}))
                .await?;
        let status = status_of(&response);
        if crate::pipeline::watch::execution_finished(&status).is_some() {
            return Ok(response);
        }
        if started.elapsed().saturating_add(delay) > timing.timeout {
            return Err(timed_out(timing, &status));
        }
        delay = next_delay(delay, status == last_status);
        last_status = status;
        tokio::time::sleep(delay).await;
    }
}

/// The pause before the next poll: longer while nothing changes, so a long
/// execution does not flood the API.
pub fn next_delay(delay: Duration, unchanged: bool) -> Duration {
    if unchanged {
        (delay.saturating_mul(3) / 2).min(MAX_DELAY).max(delay)
    } else {
        delay
    }
}

/// The waiter's verdict on running out of time.
pub fn timed_out(timing: Timing, status: &str) -> CliError {
    CliError::Waiter(format!(
        "Waiter PipelineExecutionComplete failed: Max attempts exceeded (timed out after {}s; last status {status})",
        timing.timeout.as_secs()
    ))
}

/// An ended execution as get-pipeline-execution prints it. An execution is
/// a structure of the model: nothing the formatters stop on.
pub fn render_execution(
    format: crate::output::Format,
    style: &crate::output::TableStyle,
) -> impl Fn(&Value) -> String + '_ {
    move |value| crate::output::render(format, value, style).unwrap_or_else(|unprintable| unprintable.printed)
}

/// What a waiter prints (`render` of the ended execution) and its verdict:
/// anything but Succeeded is a failure (255).
pub fn ended(execution: Value, render: impl Fn(&Value) -> String) -> Outcome {
    let status = status_of(&execution);
    let failure = (crate::pipeline::watch::execution_finished(&status) != Some(true)).then(|| {
        CliError::Waiter(format!(
            "Waiter PipelineExecutionComplete failed: Waiter encountered a terminal failure state: the execution ended {status}"
        ))
    });
    Outcome { text: render(&execution), failure, ..Outcome::default() }
}
