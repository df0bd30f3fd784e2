//! `approve --name P`: answers the pending manual approval without digging
//! its token out of get-pipeline-state: the approvals are the actions
//! GetPipeline declares as such whose latest execution waits with a token.

use super::operate::{choose, report, when, ActionFlags, Request};
use super::wait::Polling;
use super::{typed, Outcome, Tool};
use crate::context::Context;
use crate::error::CliError;
use crate::pipeline::operate::{matching, pending_approvals, pending_parallel_approvals, runs_in_parallel, Approval};
use clap::{ArgMatches, Args as _, Command};
use serde_json::json;
use std::time::Instant;

pub const TOOL: Tool = Tool { name: "approve", command, run };

#[derive(clap::Args)]
struct Args {
    #[arg(long, value_name = "PIPELINE", help = "The name of the pipeline.")]
    name: String,
    #[arg(long, value_name = "STAGE", help = "Only an approval in this stage.")]
    stage: Option<String>,
    #[arg(long, value_name = "ACTION", help = "Only the approval action of this name.")]
    action: Option<String>,
    #[arg(long, value_name = "ID", help = "Only the approval of this execution (PARALLEL mode runs several at once).")]
    execution_id: Option<String>,
    #[arg(long, value_name = "TEXT", help = "The summary recorded with the answer.")]
    summary: Option<String>,
    #[arg(long, help = "Reject instead of approving.")]
    reject: bool,
    #[arg(long, help = "Wait until an approval is pending, then answer it (a gate for CI).")]
    wait: bool,
    #[command(flatten)]
    timing: Polling,
    #[command(flatten)]
    flags: ActionFlags,
}

fn command() -> Command {
    Args::augment_args(Command::new(TOOL.name)).about(
        "Approve (or --reject) the pending manual approval of a pipeline: no token to look up; \
         exit 255 when none is pending, 252 when several are and none is named (a picker on a terminal)",
    )
}

fn describe(approval: &Approval) -> String {
    format!(
        "{}/{}  execution {}  waiting since {}{}",
        approval.stage,
        approval.action,
        approval.execution_id.as_deref().unwrap_or("?"),
        when(approval.since.as_ref()),
        approval.summary.as_deref().map(|s| format!("  \"{s}\"")).unwrap_or_default()
    )
}

fn run(ctx: &Context, matches: &ArgMatches) -> Result<Outcome, CliError> {
    let args: Args = typed(matches)?;
    ctx.block_on(async {
        let approvals = pending(ctx, &args).await?;
        let approval = choose(approvals, "pending approval", describe, "--stage, --action or --execution-id")?;
        let status = if args.reject { "Rejected" } else { "Approved" };
        let summary = args.summary.clone().unwrap_or_else(|| format!("{status} with codepipeline approve"));
        let request = Request::approval(&args.name, &approval, status, &summary);
        if args.flags.dry_run {
            return Ok(request.shown());
        }
        request.send(ctx).await?;
        let record = json!({
            "pipeline": args.name,
            "stage": approval.stage,
            "action": approval.action,
            "pipelineExecutionId": approval.execution_id,
            "result": status,
        });
        let line = format!(
            "{status} {}/{}/{} (execution {})",
            args.name,
            approval.stage,
            approval.action,
            approval.execution_id.as_deref().unwrap_or("?")
        );
        Ok(Outcome::text(report(ctx, "PutApprovalResult", &record, &line).await?))
    })
}

/// The approvals waiting in `pipeline` (its declaration), in `execution` if
/// named: from GetPipelineState, or, in PARALLEL mode, where the state
/// carries no tokens, from the action executions (ListActionExecutions).
pub async fn waiting(
    invoker: &crate::invoke::Invoker,
    name: &str,
    pipeline: &serde_json::Value,
    execution: Option<&str>,
) -> Result<Vec<Approval>, CliError> {
    if runs_in_parallel(pipeline) {
        let mut input = json!({"pipelineName": name});
        if let Some(execution) = execution {
            input["filter"] = json!({"pipelineExecutionId": execution});
        }
        // Newest first; an approval can wait for days behind many newer
        // action executions, so pages are followed (a thousand at most).
        let list = super::execution::call_paged(invoker, "ListActionExecutions", input, 1000).await?;
        return Ok(pending_parallel_approvals(&list));
    }
    let state = super::execution::pipeline_state(invoker, name).await?;
    Ok(pending_approvals(pipeline, &state))
}

/// The pending approvals `--stage`, `--action` and `--execution-id` leave; with `--wait`,
/// polled until there is one. The declaration is read once: approvals are
/// not added while an execution waits on one.
async fn pending(ctx: &Context, args: &Args) -> Result<Vec<Approval>, CliError> {
    let invoker = ctx.invoker().await?;
    let pipeline = super::execution::call(invoker, "GetPipeline", json!({"name": args.name})).await?;
    let timing = args.timing.timing();
    let started = Instant::now();
    let mut delay = timing.delay;
    loop {
        let found = matching(
            waiting(invoker, &args.name, &pipeline, args.execution_id.as_deref()).await?,
            args.stage.as_deref(),
            args.action.as_deref(),
            args.execution_id.as_deref(),
        );
        if !found.is_empty() {
            return Ok(found);
        }
        let named = [("--stage", &args.stage), ("--action", &args.action), ("--execution-id", &args.execution_id)];
        let which: String =
            named.iter().filter_map(|(flag, value)| value.as_ref().map(|v| format!(" {flag} {v}"))).collect();
        let which = if which.is_empty() { which } else { format!(" matching{which}") };
        if !args.wait {
            return Err(CliError::Other(format!("No approval is pending in pipeline {}{which}", args.name)));
        }
        if started.elapsed().saturating_add(delay) > timing.timeout {
            return Err(CliError::Waiter(format!(
                "Timed out after {}s: no approval became pending in pipeline {}{which}",
                timing.timeout.as_secs(),
                args.name
            )));
        }
        tokio::time::sleep(delay).await;
        // Back off as the execution waiter does: a gate may wait for hours.
        delay = super::execution::next_delay(delay, true);
    }
}
