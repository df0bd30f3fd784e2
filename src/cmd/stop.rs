//! `stop --name P`: stops the execution in progress, found in the
//! execution history, instead of copying its id into stop-pipeline-execution.

use super::operate::{choose, report, when, ActionFlags, Request};
use super::{typed, Outcome, Tool};
use crate::context::Context;
use crate::error::CliError;
use crate::pipeline::operate::in_progress;
use clap::{ArgMatches, Args as _, Command};
use serde_json::{json, Value};

pub const TOOL: Tool = Tool { name: "stop", command, run };

#[derive(clap::Args)]
struct Args {
    #[arg(long, value_name = "PIPELINE", help = "The name of the pipeline.")]
    name: String,
    #[arg(long, value_name = "ID", help = "The execution to stop (default: the one in progress).")]
    execution_id: Option<String>,
    #[arg(long, help = "Abandon the actions in progress instead of letting them finish.")]
    abandon: bool,
    #[arg(long, value_name = "TEXT", help = "Why the execution is stopped (recorded with it).")]
    reason: Option<String>,
    #[command(flatten)]
    flags: ActionFlags,
}

fn command() -> Command {
    Args::augment_args(Command::new(TOOL.name)).about(
        "Stop the execution in progress (finishing or --abandon-ing its actions); exit 255 when none runs, \
         252 when several do (PARALLEL mode) and none is named",
    )
}

fn describe(summary: &&Value) -> String {
    format!(
        "{}  started {}{}",
        summary["pipelineExecutionId"].as_str().unwrap_or("?"),
        when(summary.get("startTime")),
        summary["executionMode"].as_str().map(|m| format!("  ({m} mode)")).unwrap_or_default()
    )
}

fn run(ctx: &Context, matches: &ArgMatches) -> Result<Outcome, CliError> {
    let args: Args = typed(matches)?;
    ctx.block_on(async {
        let execution = match &args.execution_id {
            Some(id) => id.clone(),
            None => {
                let invoker = ctx.invoker().await?;
                // Running executions are the newest, so the first page has them all.
                let history =
                    super::execution::call(invoker, "ListPipelineExecutions", json!({"pipelineName": args.name}))
                        .await?;
                let running = in_progress(&history);
                if running.is_empty() {
                    return Err(CliError::Other(format!("No execution of pipeline {} is in progress", args.name)));
                }
                let chosen = choose(running, "running execution", describe, "--execution-id")?;
                chosen["pipelineExecutionId"].as_str().unwrap_or_default().to_string()
            }
        };
        let request = Request::stop(&args.name, &execution, args.abandon, args.reason.as_deref());
        if args.flags.dry_run {
            return Ok(request.shown());
        }
        request.send(ctx).await?;
        let result = if args.abandon { "Abandoning" } else { "Stopping" };
        let record =
            json!({"pipeline": args.name, "pipelineExecutionId": execution, "abandon": args.abandon, "result": result});
        let line = format!("{result} execution {execution} of {}", args.name);
        Ok(Outcome::text(report(ctx, "StopPipelineExecution", &record, &line).await?))
    })
}
