//! Every command, each in its home: `operation` runs any of the model's
//! operations; the others are this tool's own. A module owns its clap
//! definition, its typed arguments and its `run`; `TOOLS` is the one place
//! where a tool is registered.

mod completion;
mod diff;
mod execution;
mod operation;
mod status;
mod validate;
mod wait;
mod watch;

pub use operation::extension_args;

use crate::context::Context;
use crate::error::CliError;
use clap::{ArgMatches, Command, FromArgMatches};

/// What a command leaves to print, and how the run ends.
#[derive(Debug, Default)]
pub struct Outcome {
    pub text: String,
    /// The pager to show `text` through.
    pub pager: Option<String>,
    /// A failure to report after printing (a waiter that saw the execution fail).
    pub failure: Option<CliError>,
    /// Why output printed as it came (a long listing's text) stopped.
    pub unprinted: Option<std::io::Error>,
}

impl Outcome {
    pub fn text(text: String) -> Outcome {
        Outcome { text, ..Outcome::default() }
    }

    /// What the AWS CLI prints for a value its formatter stops on: what came
    /// before, then the exception's message (exit 255).
    pub fn unprintable(unprintable: crate::output::Unprintable, pager: Option<String>) -> Outcome {
        Outcome {
            text: unprintable.printed,
            pager,
            failure: Some(CliError::Other(unprintable.message)),
            unprinted: None,
        }
    }
}

/// A command of this tool beside the operations (none shadows an operation).
pub struct Tool {
    pub name: &'static str,
    /// Its clap definition, documented.
    pub command: fn() -> Command,
    pub run: fn(&Context, &ArgMatches) -> Result<Outcome, CliError>,
}

pub const TOOLS: &[Tool] = &[completion::TOOL, wait::TOOL, watch::TOOL, status::TOOL, validate::TOOL, diff::TOOL];

/// The tools' definitions, for the command tree.
pub fn tool_commands() -> Vec<Command> {
    TOOLS.iter().map(|tool| (tool.command)()).collect()
}

/// Runs the command `matches` chose.
pub fn run(ctx: &Context, matches: &ArgMatches) -> Result<Outcome, CliError> {
    let Some((name, sub)) = matches.subcommand() else {
        return Err(CliError::Usage("a command is required".into()));
    };
    match TOOLS.iter().find(|tool| tool.name == name) {
        Some(tool) => (tool.run)(ctx, sub),
        None => operation::run(ctx, name, sub),
    }
}

/// A command's typed arguments, from what clap parsed against its definition.
fn typed<A: FromArgMatches>(matches: &ArgMatches) -> Result<A, CliError> {
    A::from_arg_matches(matches).map_err(|e| CliError::Usage(e.to_string()))
}
