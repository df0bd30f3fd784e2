//! `retry --name P`: retries the failed stage of the latest execution (or
//! `--execution-id`), found in get-pipeline-state, instead of copying the
//! stage name and execution id into retry-stage-execution by hand.

use super::execution::{ended, until_finished};
use super::operate::{choose, latest_execution, report, ActionFlags, Request};
use super::wait::Polling;
use super::{typed, Outcome, Tool};
use crate::context::Context;
use crate::error::CliError;
use crate::pipeline::operate::{failed_stages, stage_runs, StageRun};
use clap::{ArgMatches, Args as _, Command};
use serde_json::{json, Value};

pub const TOOL: Tool = Tool { name: "retry", command, run };

#[derive(clap::Args)]
struct Args {
    #[arg(long, value_name = "PIPELINE", help = "The name of the pipeline.")]
    name: String,
    #[arg(long, value_name = "ID", help = "The execution to retry (default: the latest).")]
    execution_id: Option<String>,
    #[arg(long, value_name = "STAGE", help = "The failed stage to retry (default: the one that failed).")]
    stage: Option<String>,
    #[arg(long, help = "Retry every action of the stage (ALL_ACTIONS), not only the failed ones (FAILED_ACTIONS).")]
    all_actions: bool,
    #[arg(
        long,
        help = "Follow the execution to its end: exit 0 on Succeeded, 255 otherwise (as start-pipeline-execution --wait)."
    )]
    wait: bool,
    #[command(flatten)]
    timing: Polling,
    #[command(flatten)]
    flags: ActionFlags,
}

fn command() -> Command {
    Args::augment_args(Command::new(TOOL.name))
        .about("Retry the failed stage of the latest (or a given) execution; exit 255 when no stage of it failed")
}

fn run(ctx: &Context, matches: &ArgMatches) -> Result<Outcome, CliError> {
    let args: Args = typed(matches)?;
    ctx.block_on(async {
        let invoker = ctx.invoker().await?;
        let execution = match &args.execution_id {
            Some(id) => id.clone(),
            None => latest_execution(ctx, &args.name).await?,
        };
        let state = super::execution::pipeline_state(invoker, &args.name).await?;
        let failed = failed_stages(&state, &execution);
        let failed: Vec<StageRun> = match &args.stage {
            Some(stage) => failed.into_iter().filter(|run| &run.stage == stage).collect(),
            None => failed,
        };
        if failed.is_empty() {
            return Err(nothing_failed(&args, &execution, &state));
        }
        let run =
            choose(failed, "failed stage", |run| format!("{} (execution {})", run.stage, run.execution_id), "--stage")?;
        let mode = if args.all_actions { "ALL_ACTIONS" } else { "FAILED_ACTIONS" };
        let request = Request::retry(&args.name, &run, mode);
        if args.flags.dry_run {
            return Ok(request.shown());
        }
        let response = request.send(ctx).await?;
        // The service answers with the execution that carries on (the same one today).
        let continuing = response["pipelineExecutionId"].as_str().unwrap_or(&run.execution_id).to_string();
        let mut record = json!({
            "pipeline": args.name,
            "stage": run.stage,
            "pipelineExecutionId": continuing,
            "retryMode": mode,
            "result": "Retried",
        });
        let line = format!("Retried {}/{} ({mode}) in execution {continuing}", args.name, run.stage);
        if !args.wait {
            return Ok(Outcome::text(report(ctx, "RetryStageExecution", &record, &line).await?));
        }
        let finished = until_finished(invoker, &args.name, &continuing, args.timing.timing(), None).await?;
        let status = finished["pipelineExecution"]["status"].as_str().unwrap_or("").to_string();
        record["status"] = Value::from(status.clone());
        let text = report(ctx, "RetryStageExecution", &record, &format!("{line}; it ended {status}")).await?;
        Ok(ended(finished, |_| text.clone()))
    })
}

/// Why there is nothing to retry, with what the state does show: a stage
/// that did not fail (and its status), or the failed stages of other
/// executions and the flag that names one.
fn nothing_failed(args: &Args, execution: &str, state: &Value) -> CliError {
    let runs = stage_runs(state);
    let mut message = match &args.stage {
        Some(stage) => match runs.iter().find(|run| &run.stage == stage) {
            Some(run) if run.execution_id == execution => {
                format!("Stage {stage} of pipeline {} is {} in execution {execution}, not Failed", args.name, run.status)
            }
            Some(run) => format!(
                "Stage {stage} of pipeline {} did not fail in execution {execution} (its latest run: {} in execution {})",
                args.name, run.status, run.execution_id
            ),
            None => format!("Pipeline {} has no run of a stage {stage}", args.name),
        },
        None => format!("No stage of pipeline {} failed in execution {execution}", args.name),
    };
    let elsewhere: Vec<String> = runs
        .iter()
        .filter(|run| run.status == "Failed" && run.execution_id != execution)
        .map(|run| format!("  {} (execution {})", run.stage, run.execution_id))
        .collect();
    if !elsewhere.is_empty() {
        message.push_str(&format!(
            "\nFailed in other executions (name one with --execution-id):\n{}",
            elsewhere.join("\n")
        ));
    }
    CliError::Other(message)
}
