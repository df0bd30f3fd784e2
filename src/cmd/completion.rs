//! `completion SHELL`: the script that registers completion for a shell.

use super::{typed, Outcome, Tool};
use crate::context::Context;
use crate::error::CliError;
use clap::{ArgMatches, Args as _, Command};

pub const TOOL: Tool = Tool { name: "completion", command, run };

#[derive(clap::Args)]
struct Args {
    #[arg(value_name = "shell", value_parser = clap::builder::PossibleValuesParser::new(crate::completion::SHELLS))]
    shell: String,
}

fn command() -> Command {
    Args::augment_args(Command::new(TOOL.name))
        .about("Print the completion script for a shell (see README: Shell completion)")
}

fn run(_: &Context, matches: &ArgMatches) -> Result<Outcome, CliError> {
    let args: Args = typed(matches)?;
    crate::completion::registration(&args.shell)
        .map(Outcome::text)
        .ok_or_else(|| CliError::Usage(format!("no completion script for the shell {}", args.shell)))
}
