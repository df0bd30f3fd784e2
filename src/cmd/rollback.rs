//! `rollback --name P --stage S`: rolls a stage back to the last execution
//! that succeeded in it, found in the execution history, or to `--to`.
//!
//! "Succeeded in it" is asked of the service: ListPipelineExecutions'
//! `succeededInStage` filter returns the executions in which that stage
//! succeeded in the current pipeline version. A pipeline execution that
//! succeeded as a whole would be a narrower (and, after a later failure
//! elsewhere, wrong) stand-in: an execution that deployed the stage and
//! then failed in a later stage is a valid target. V1 pipelines cannot roll
//! back; the service says so (254).

use super::operate::{report, ActionFlags, Request};
use super::{typed, Outcome, Tool};
use crate::context::Context;
use crate::error::CliError;
use crate::pipeline::operate::{rollback_target, stage_runs};
use clap::{ArgMatches, Args as _, Command};
use serde_json::{json, Value};

pub const TOOL: Tool = Tool { name: "rollback", command, run };

/// How many pages of history to search before giving up: 100 executions a page.
const MAX_PAGES: usize = 10;

#[derive(clap::Args)]
struct Args {
    #[arg(long, value_name = "PIPELINE", help = "The name of the pipeline.")]
    name: String,
    #[arg(long, value_name = "STAGE", help = "The stage to roll back.")]
    stage: String,
    #[arg(
        long,
        value_name = "ID",
        help = "The execution to roll back to (default: the newest other execution that succeeded in the stage)."
    )]
    to: Option<String>,
    #[command(flatten)]
    flags: ActionFlags,
}

fn command() -> Command {
    Args::augment_args(Command::new(TOOL.name)).about(
        "Roll a stage back to the last execution that succeeded in it (or --to one); exit 255 when there is none",
    )
}

fn run(ctx: &Context, matches: &ArgMatches) -> Result<Outcome, CliError> {
    let args: Args = typed(matches)?;
    ctx.block_on(async {
        let target = match &args.to {
            Some(id) => id.clone(),
            None => last_success(ctx, &args).await?,
        };
        let request = Request {
            operation: "RollbackStage",
            input: json!({"pipelineName": args.name, "stageName": args.stage, "targetPipelineExecutionId": target}),
        };
        if args.flags.dry_run {
            return Ok(request.shown());
        }
        let response = request.send(ctx).await?;
        let execution = response["pipelineExecutionId"].as_str().unwrap_or_default().to_string();
        let record = json!({
            "pipeline": args.name,
            "stage": args.stage,
            "targetPipelineExecutionId": target,
            "pipelineExecutionId": execution,
            "result": "RollingBack",
        });
        let line =
            format!("Rolling back {}/{} to execution {target} (rollback execution {execution})", args.name, args.stage);
        Ok(Outcome::text(report(ctx, "RollbackStage", &record, &line).await?))
    })
}

/// The newest execution, other than the one the stage holds now, in which
/// the stage succeeded.
async fn last_success(ctx: &Context, args: &Args) -> Result<String, CliError> {
    let invoker = ctx.invoker().await?;
    let state = super::execution::pipeline_state(invoker, &args.name).await?;
    let current = stage_runs(&state).into_iter().find(|run| run.stage == args.stage).map(|run| run.execution_id);
    let mut input = json!({"pipelineName": args.name, "filter": {"succeededInStage": {"stageName": args.stage}}});
    for _ in 0..MAX_PAGES {
        let page = super::execution::call(invoker, "ListPipelineExecutions", input.clone()).await?;
        if let Some(target) = rollback_target(&page, current.as_deref()) {
            return Ok(target.to_string());
        }
        match page.get("nextToken").and_then(Value::as_str) {
            Some(token) => input["nextToken"] = Value::from(token),
            None => break,
        }
    }
    Err(CliError::Other(format!(
        "No earlier execution succeeded in stage {} of pipeline {}: nothing to roll back to (name one with --to)",
        args.stage, args.name
    )))
}
