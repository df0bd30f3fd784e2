//! `completion SHELL`: the script that registers completion for a shell
//! (what `completions/` holds). The scripts call the binary back with
//! `COMPLETE` set, and the completion engine answers those calls.

use super::{typed, Outcome, Tool};
use crate::context::Context;
use crate::error::CliError;
use clap::{ArgMatches, Args as _, Command};

pub const TOOL: Tool = Tool { name: "completion", command, run };

/// The environment variable that switches the binary into completion mode.
pub const VAR: &str = "COMPLETE";
pub const BIN: &str = "codepipeline";
pub const SHELLS: &[&str] = &["bash", "elvish", "fish", "powershell", "zsh"];

/// The registration script for `shell`.
pub fn registration(shell: &str) -> Option<String> {
    let shells = clap_complete::env::Shells::builtins();
    let completer = shells.completer(shell)?;
    let mut buf = Vec::new();
    completer.write_registration(VAR, BIN, BIN, BIN, &mut buf).ok()?;
    String::from_utf8(buf).ok()
}

#[derive(clap::Args)]
struct Args {
    #[arg(value_name = "shell", value_parser = clap::builder::PossibleValuesParser::new(SHELLS))]
    shell: String,
}

fn command() -> Command {
    Args::augment_args(Command::new(TOOL.name))
        .about("Print the completion script for a shell (see README: Shell completion)")
}

fn run(_: &Context, matches: &ArgMatches) -> Result<Outcome, CliError> {
    let args: Args = typed(matches)?;
    registration(&args.shell)
        .map(Outcome::text)
        .ok_or_else(|| CliError::Usage(format!("no completion script for the shell {}", args.shell)))
}
