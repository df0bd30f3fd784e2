//! `status --name P`: the pipeline's state, stage by stage, as a compact readable view.

use super::{typed, Outcome, Tool};
use crate::context::Context;
use crate::error::CliError;
use clap::{ArgMatches, Args as _, Command};

pub const TOOL: Tool = Tool { name: "status", command, run };

#[derive(clap::Args)]
struct Args {
    #[arg(long, value_name = "PIPELINE", help = "The name of the pipeline.")]
    name: String,
}

fn command() -> Command {
    Args::augment_args(Command::new(TOOL.name))
        .about("The pipeline's current state, stage by stage, as a compact readable view")
}

fn run(ctx: &Context, matches: &ArgMatches) -> Result<Outcome, CliError> {
    let args: Args = typed(matches)?;
    ctx.block_on(async {
        let invoker = ctx.invoker().await?;
        let state = super::execution::pipeline_state(invoker, &args.name).await?;
        Ok(Outcome::text(crate::pipeline::status::render(&state, &super::execution::now(), ctx.color())))
    })
}
