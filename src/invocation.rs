//! One command line run the normal way — parsed against the model's tree,
//! its global options read, its command run — for the process's own
//! arguments and for each line the interactive prompt runs (`autoprompt`),
//! so that a prompted command behaves exactly as if typed.

use crate::cmd::{self, Outcome};
use crate::context::Context;
use crate::error::CliError;
use std::process::ExitCode;

/// A command line parsed, with what it runs with.
pub struct Parsed {
    pub ctx: Context,
    matches: clap::ArgMatches,
}

/// Why a command line stopped before its command ran.
pub enum Stop {
    /// Help, the version, or a command line clap refused.
    Clap(clap::Error),
    Fail(CliError),
}

impl Stop {
    /// A command line that is not complete or not right: nothing was sent.
    pub fn is_usage(&self) -> bool {
        match self {
            Stop::Clap(err) => {
                !matches!(err.kind(), clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion)
            }
            Stop::Fail(err) => is_usage(err),
        }
    }

    /// Prints the help, version or error; the exit code.
    pub fn report(self) -> ExitCode {
        match self {
            Stop::Clap(err) => crate::stdout::clap_exit(err),
            Stop::Fail(err) => crate::stdout::fail(err),
        }
    }
}

pub fn is_usage(err: &CliError) -> bool {
    err.exit_code() == crate::error::exit::USAGE
}

/// `argv` (alias expanded) parsed, its globals read and its context made.
pub fn parse(argv: &[String]) -> Result<Parsed, Stop> {
    let matches = cmd::REGISTRY.parse(argv).map_err(Stop::Clap)?;
    let ctx = crate::cli::globals::Globals::from_matches(&matches).and_then(Context::new).map_err(Stop::Fail)?;
    Ok(Parsed { ctx, matches })
}

impl Parsed {
    /// Runs the command; what it leaves to print.
    pub fn run(&self) -> Result<Outcome, CliError> {
        cmd::run(&self.ctx, &self.matches)
    }
}
