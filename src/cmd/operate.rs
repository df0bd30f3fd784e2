//! What `approve`, `retry`, `stop` and `rollback` share: the flags every
//! action takes, choosing one candidate among several, sending (or, with
//! `--dry-run`, only showing) the one request that changes the pipeline, and
//! reporting what was done.

use super::Outcome;
use crate::context::Context;
use crate::error::CliError;
use crate::output::Format;
use crate::pipeline::operate::{Approval, StageRun};
use serde_json::{json, Value};
use std::io::{BufRead, IsTerminal, Write};

// The flags of every action command (a plain comment: clap would take a doc comment for help).
#[derive(clap::Args)]
pub struct ActionFlags {
    #[arg(
        long,
        help = "Print the request that would be sent ({\"operation\": ..., \"input\": ...}) and send nothing that changes the pipeline; the reads that find what to act on are still made."
    )]
    pub dry_run: bool,
}

/// The one request an action command sends, and how to report it.
pub struct Request {
    pub operation: &'static str,
    pub input: Value,
}

impl Request {
    /// Answers `approval` (`status`: Approved or Rejected).
    pub fn approval(pipeline: &str, approval: &Approval, status: &str, summary: &str) -> Request {
        Request {
            operation: "PutApprovalResult",
            input: json!({
                "pipelineName": pipeline,
                "stageName": approval.stage,
                "actionName": approval.action,
                "result": {"summary": summary, "status": status},
                "token": approval.token,
            }),
        }
    }

    /// Retries the failed `run` (`mode`: FAILED_ACTIONS or ALL_ACTIONS).
    pub fn retry(pipeline: &str, run: &StageRun, mode: &str) -> Request {
        Request {
            operation: "RetryStageExecution",
            input: json!({
                "pipelineName": pipeline,
                "stageName": run.stage,
                "pipelineExecutionId": run.execution_id,
                "retryMode": mode,
            }),
        }
    }

    pub fn stop(pipeline: &str, execution: &str, abandon: bool, reason: Option<&str>) -> Request {
        let mut input = json!({"pipelineName": pipeline, "pipelineExecutionId": execution, "abandon": abandon});
        if let Some(reason) = reason {
            input["reason"] = Value::from(reason);
        }
        Request { operation: "StopPipelineExecution", input }
    }

    /// What `--dry-run` prints.
    pub fn shown(&self) -> Outcome {
        let shown = json!({"operation": self.operation, "input": self.input});
        Outcome::text(crate::output::json_document(&shown))
    }

    pub async fn send(self, ctx: &Context) -> Result<Value, CliError> {
        // The report comes after the change: an --output it cannot be printed
        // in must fail (252) before anything is sent, not after.
        ctx.format().await?;
        super::execution::call(ctx.invoker().await?, self.operation, self.input).await
    }
}

/// What was done: `record` in the chosen `--output` format (json, yaml,
/// table), or `line` for text, a sentence for the person at the terminal.
pub async fn report(ctx: &Context, title: &str, record: &Value, line: &str) -> Result<String, CliError> {
    let format = ctx.format().await?;
    Ok(match format {
        Format::Text => format!("{line}\n"),
        _ => crate::output::render(format, record, &ctx.table_style(title)).unwrap_or_else(|u| u.printed),
    })
}

/// The one candidate meant: the only one, else the one picked on a
/// terminal (stdin and stdout both), else a usage error (252) listing them
/// and the `flags` that name one. The caller handles an empty list: having
/// nothing to act on is not a usage problem.
pub fn choose<T>(
    mut candidates: Vec<T>,
    what: &str,
    describe: impl Fn(&T) -> String,
    flags: &str,
) -> Result<T, CliError> {
    if candidates.len() == 1 {
        return Ok(candidates.remove(0));
    }
    let listed: Vec<String> = candidates.iter().map(&describe).collect();
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        let picked = pick(what, &listed)?;
        return Ok(candidates.remove(picked));
    }
    Err(CliError::Usage(format!(
        "{} {what}s; name one with {flags}:\n{}",
        listed.len(),
        listed.iter().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n")
    )))
}

/// A numbered list on stderr and a number read from the terminal itself
/// (`/dev/tty`), so that nothing reaches stdout, which a script may read.
fn pick(what: &str, listed: &[String]) -> Result<usize, CliError> {
    let tty = std::fs::File::open("/dev/tty").map_err(|e| CliError::Other(format!("Cannot read the terminal: {e}")))?;
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{} {what}s:", listed.len());
    for (n, line) in listed.iter().enumerate() {
        let _ = writeln!(stderr, "  {}) {line}", n + 1);
    }
    let _ = write!(stderr, "Which one? [1-{}] ", listed.len());
    let _ = stderr.flush();
    let mut answer = String::new();
    std::io::BufReader::new(tty)
        .read_line(&mut answer)
        .map_err(|e| CliError::Other(format!("Cannot read the terminal: {e}")))?;
    match answer.trim().parse::<usize>() {
        Ok(n) if (1..=listed.len()).contains(&n) => Ok(n - 1),
        _ => Err(CliError::Usage(format!(
            "no {what} picked ({:?} is not between 1 and {})",
            answer.trim(),
            listed.len()
        ))),
    }
}

/// A timestamp as the service gave it (epoch seconds), readable.
pub fn when(value: Option<&Value>) -> String {
    let seconds = value.and_then(|v| match v {
        Value::Number(n) => n.as_f64(),
        _ => None,
    });
    match seconds.and_then(|s| jiff::Timestamp::from_second(s as i64).ok()) {
        Some(ts) => ts.strftime("%Y-%m-%d %H:%M:%SZ").to_string(),
        None => value.and_then(Value::as_str).unwrap_or("?").to_string(),
    }
}

/// The newest execution of `pipeline`, or a failure naming the pipeline.
pub async fn latest_execution(ctx: &Context, pipeline: &str) -> Result<String, CliError> {
    let invoker = ctx.invoker().await?;
    let latest =
        super::execution::call(invoker, "ListPipelineExecutions", json!({"pipelineName": pipeline, "maxResults": 1}))
            .await?;
    latest["pipelineExecutionSummaries"][0]["pipelineExecutionId"]
        .as_str()
        .map(String::from)
        .ok_or_else(|| CliError::Other(format!("The pipeline {pipeline} has no execution")))
}
