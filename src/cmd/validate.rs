//! `validate FILE`: a pipeline definition checked offline against the model
//! and CodePipeline's rules; every problem with its path, exit 252 if any.

use super::{typed, Outcome, Tool};
use crate::context::Context;
use crate::error::CliError;
use clap::{ArgMatches, Args as _, Command};

pub const TOOL: Tool = Tool { name: "validate", command, run };

#[derive(clap::Args)]
struct Args {
    #[arg(value_name = "FILE", help = "The definition, or - for stdin.")]
    file: String,
}

fn command() -> Command {
    Args::augment_args(Command::new(TOOL.name))
        .about("Check a pipeline definition (JSON or YAML) against the model and CodePipeline's rules, offline")
}

fn run(_: &Context, matches: &ArgMatches) -> Result<Outcome, CliError> {
    let args: Args = typed(matches)?;
    let doc = read_definition(&args.file)?;
    let problems = crate::pipeline::validate::validate(&doc, crate::model::documented());
    if problems.is_empty() {
        return Ok(Outcome::text(format!("{}: valid\n", args.file)));
    }
    let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    Err(CliError::Invalid { title: format!("{}: {} problem(s)", args.file, lines.len()), problems: lines })
}

/// A pipeline definition from a file, or stdin for `-`.
pub fn read_definition(path: &str) -> Result<serde_json::Value, CliError> {
    let text = if path == "-" { std::io::read_to_string(std::io::stdin()) } else { std::fs::read_to_string(path) }
        .map_err(|e| CliError::Usage(format!("Unable to read {path}: {e}")))?;
    crate::pipeline::validate::parse_definition(&text).map_err(|e| CliError::Usage(format!("{path}: {e}")))
}
