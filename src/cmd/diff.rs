//! `diff --name P FILE`: what update-pipeline with FILE would change in the deployed pipeline.

use super::{typed, Outcome, Tool};
use crate::context::Context;
use crate::error::CliError;
use clap::{ArgMatches, Args as _, Command};

pub const TOOL: Tool = Tool { name: "diff", command, run };

#[derive(clap::Args)]
struct Args {
    #[arg(long, value_name = "PIPELINE", help = "The name of the pipeline.")]
    name: String,
    #[arg(value_name = "FILE", help = "The definition, or - for stdin.")]
    file: String,
}

fn command() -> Command {
    Args::augment_args(Command::new(TOOL.name))
        .about("What update-pipeline with FILE would change in the deployed pipeline")
}

fn run(ctx: &Context, matches: &ArgMatches) -> Result<Outcome, CliError> {
    let args: Args = typed(matches)?;
    ctx.block_on(async {
        let invoker = ctx.invoker().await?;
        let proposed = super::validate::read_definition(&args.file)?;
        let deployed = super::execution::call(invoker, "GetPipeline", serde_json::json!({"name": args.name})).await?;
        let changes = crate::pipeline::diff::diff(&deployed, &proposed);
        Ok(Outcome::text(crate::pipeline::diff::render(&changes, ctx.color())))
    })
}
