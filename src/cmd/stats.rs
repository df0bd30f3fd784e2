//! `stats --name P` (or `--all`): how often the pipeline runs and succeeds,
//! how long it and each stage and action take, how fast it recovers; as
//! charts, `--output json` for every number, `--svg FILE` for a picture.

use super::{typed, Outcome, Tool};
use crate::context::Context;
use crate::error::CliError;
use crate::pipeline::stats::{compute, Stats};
use clap::{ArgMatches, Args as _, Command};
use serde_json::{json, Value};

pub const TOOL: Tool = Tool { name: "stats", command, run };

#[derive(clap::Args)]
struct Args {
    #[arg(long, value_name = "PIPELINE", required_unless_present = "all", help = "The name of the pipeline.")]
    name: Option<String>,
    #[arg(long, conflicts_with_all = ["name", "svg"], help = "Every pipeline in the region, one after another.")]
    all: bool,
    #[command(flatten)]
    since: super::runs::Since,
    #[arg(long, value_name = "FILE", help = "Also write the charts to FILE as SVG.")]
    svg: Option<std::path::PathBuf>,
}

fn command() -> Command {
    Args::augment_args(Command::new(TOOL.name)).about(
        "Executions per day and week, success rate, median/p90/max duration, mean time to recovery, and time and \
         failures per stage and action, with charts; --output json (or --query) for every number, --svg FILE for the charts as SVG",
    )
}

/// The terminal's width, else `COLUMNS`, else 80.
fn width() -> usize {
    terminal_size::terminal_size_of(std::io::stdout())
        .map(|(w, _)| usize::from(w.0))
        .or_else(|| std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()))
        .filter(|w| *w > 0)
        .unwrap_or(80)
}

fn run(ctx: &Context, matches: &ArgMatches) -> Result<Outcome, CliError> {
    let args: Args = typed(matches)?;
    let zone = crate::localtime::zone();
    let since = args.since.start()?;
    let scripted = super::history::Scripted::new(ctx)?;
    ctx.block_on(async {
        let format = scripted.format(ctx).await?;
        let invoker = ctx.invoker().await?;
        let pipelines = match &args.name {
            Some(name) => vec![name.clone()],
            None => {
                let listed = super::execution::call_paged(invoker, "ListPipelines", json!({}), i64::MAX).await?;
                crate::pipeline::status::items(&listed, "pipelines")
                    .iter()
                    .filter_map(|p| p.get("name").and_then(Value::as_str).map(String::from))
                    .collect()
            }
        };
        let mut all: Vec<Stats> = Vec::new();
        for pipeline in &pipelines {
            let runs = super::runs::with_actions(invoker, &ctx.globals.client, pipeline, since).await?;
            all.push(compute(pipeline, &runs, zone));
        }
        if let (Some(path), Some(stats)) = (&args.svg, all.first()) {
            let svg = crate::chart::svg::render(stats, zone).map_err(CliError::Other)?;
            std::fs::write(path, svg)
                .map_err(|e| CliError::Other(format!("Unable to write {}: {e}", path.display())))?;
        }
        let text = match format {
            Some(format) => {
                let value = match (args.all, all.first()) {
                    (false, Some(stats)) => stats.to_json(),
                    _ => json!({"pipelines": all.iter().map(Stats::to_json).collect::<Vec<_>>()}),
                };
                scripted.render(ctx, format, "Stats", &value)?
            }
            None => {
                let color = ctx.color();
                let views: Vec<String> =
                    all.iter().map(|s| crate::chart::terminal::render(s, zone, width(), color)).collect();
                views.join("\n")
            }
        };
        Ok(Outcome { text, pager: ctx.pager().await?, ..Outcome::default() })
    })
}
