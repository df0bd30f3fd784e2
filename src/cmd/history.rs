//! `history --name P`: the pipeline's executions, one line each, newest
//! first; `--output json|yaml` gives their summaries for scripts.

use super::{typed, Outcome, Tool};
use crate::context::Context;
use crate::error::CliError;
use crate::pipeline::history::render;
use clap::{ArgMatches, Args as _, Command};
use serde_json::{json, Value};

pub const TOOL: Tool = Tool { name: "history", command, run };

/// The statuses ListPipelineExecutions reports (`PipelineExecutionStatus`).
pub const STATUSES: [&str; 7] = ["Cancelled", "InProgress", "Stopped", "Stopping", "Succeeded", "Superseded", "Failed"];

#[derive(clap::Args)]
struct Args {
    #[arg(long, value_name = "PIPELINE", help = "The name of the pipeline.")]
    name: String,
    #[command(flatten)]
    since: super::runs::Since,
    #[arg(long, value_name = "STATUS", value_parser = STATUSES, help = "Only the executions with this status.")]
    status: Option<String>,
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..), help = "At most N executions, the newest.")]
    limit: Option<u32>,
}

fn command() -> Command {
    Args::augment_args(Command::new(TOOL.name)).about(
        "The pipeline's executions, newest first, one line each: id, status, trigger, source revision, start, duration; \
         --output json|yaml (or --query) gives their summaries (with durationSeconds)",
    )
}

/// For scripts: the document's format when `--output` or `--query` asks for
/// one (the view otherwise), and the query, compiled before anything is sent.
pub struct Scripted {
    query: Option<crate::query::Query>,
}

impl Scripted {
    pub fn new(ctx: &Context) -> Result<Scripted, CliError> {
        Ok(Scripted { query: ctx.globals.query.as_deref().map(crate::query::Query::compile).transpose()? })
    }

    pub async fn format(&self, ctx: &Context) -> Result<Option<crate::output::Format>, CliError> {
        match ctx.globals.output.is_some() || self.query.is_some() {
            true => Ok(Some(ctx.format().await?)),
            false => Ok(None),
        }
    }

    /// `value` through the query, in `format`.
    pub fn render(
        &self,
        ctx: &Context,
        format: crate::output::Format,
        title: &str,
        value: &Value,
    ) -> Result<String, CliError> {
        let value = match &self.query {
            Some(query) => query.apply(value)?,
            None => value.clone(),
        };
        Ok(super::execution::render_execution(format, &ctx.table_style(title))(&value))
    }
}

/// Now, in epoch seconds.
fn run(ctx: &Context, matches: &ArgMatches) -> Result<Outcome, CliError> {
    let args: Args = typed(matches)?;
    let zone = crate::localtime::zone();
    let since = args.since.start()?;
    let scripted = Scripted::new(ctx)?;
    ctx.block_on(async {
        let format = scripted.format(ctx).await?;
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
                scripted.render(ctx, format, "History", &json!({"pipelineExecutionSummaries": summaries}))?
            }
            None => {
                let runs: Vec<_> = found.into_iter().map(|(_, run)| run).collect();
                render(&runs, zone, ctx.color())
            }
        };
        Ok(Outcome { text, pager: ctx.pager().await?, ..Outcome::default() })
    })
}
