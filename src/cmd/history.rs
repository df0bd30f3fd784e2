//! `history --name P`: the pipeline's executions, one line each, newest
//! first; `--output json|yaml` gives their summaries for scripts.

use super::{typed, Outcome, Tool};
use crate::context::Context;
use crate::error::CliError;
use crate::pipeline::history::{parse_since, render};
use clap::{ArgMatches, Args as _, Command};
use serde_json::{json, Value};

pub const TOOL: Tool = Tool { name: "history", command, run };

/// The statuses ListPipelineExecutions reports (`PipelineExecutionStatus`).
pub const STATUSES: [&str; 7] = ["Cancelled", "InProgress", "Stopped", "Stopping", "Succeeded", "Superseded", "Failed"];

#[derive(clap::Args)]
struct Args {
    #[arg(long, value_name = "PIPELINE", help = "The name of the pipeline.")]
    name: String,
    #[arg(
        long,
        value_name = "SPAN|DATE",
        default_value = "30d",
        help = "Executions started since: a span before now (30d, 12h, 2w) or a date (2026-10-01, midnight local time) or timestamp."
    )]
    since: String,
    #[arg(long, value_name = "STATUS", value_parser = STATUSES, help = "Only the executions with this status.")]
    status: Option<String>,
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..), help = "At most N executions, the newest.")]
    limit: Option<u32>,
}

fn command() -> Command {
    Args::augment_args(Command::new(TOOL.name)).about(
        "The pipeline's executions, newest first, one line each: id, status, trigger, source revision, start, duration; \
         --output json|yaml gives their summaries (with durationSeconds)",
    )
}

/// Now, in epoch seconds.
pub fn now_seconds() -> f64 {
    let now = jiff::Timestamp::now();
    now.as_second() as f64 + f64::from(now.subsec_nanosecond()) / 1e9
}

fn run(ctx: &Context, matches: &ArgMatches) -> Result<Outcome, CliError> {
    let args: Args = typed(matches)?;
    let zone = crate::localtime::zone();
    let since = parse_since(&args.since, now_seconds(), zone).map_err(CliError::Usage)?;
    ctx.block_on(async {
        let format = match ctx.globals.output {
            Some(_) => Some(ctx.format().await?),
            None => None,
        };
        let invoker = ctx.invoker().await?;
        let wanted = |run: &crate::pipeline::history::Run| args.status.as_ref().is_none_or(|s| *s == run.status);
        let found = super::runs::summaries(invoker, &args.name, since, args.limit.map(|n| n as usize), wanted).await?;
        let text = match format {
            Some(format) => {
                let summaries: Vec<Value> = found
                    .iter()
                    .map(|(summary, run)| {
                        let mut summary = summary.clone();
                        summary["durationSeconds"] = json!(run.duration());
                        summary
                    })
                    .collect();
                let value = json!({"pipelineExecutionSummaries": summaries});
                super::execution::render_execution(format, &ctx.table_style("History"))(&value)
            }
            None => {
                let runs: Vec<_> = found.into_iter().map(|(_, run)| run).collect();
                render(&runs, zone, ctx.color())
            }
        };
        Ok(Outcome { text, pager: ctx.pager().await?, ..Outcome::default() })
    })
}
