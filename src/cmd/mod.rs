//! Every command, each in its home: `operation` runs any of the model's
//! operations; the others are this tool's own. A module owns its clap
//! definition, its typed arguments and its `run`; `TOOLS` is the one place
//! where a tool is registered.

mod approve;
pub mod completion;
mod control;
mod diff;
mod execution;
mod history;
mod keys;
mod operate;
mod operation;
mod retry;
mod rollback;
mod runs;
mod stats;
mod status;
mod stop;
mod validate;
mod wait;
mod watch;

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

pub const TOOLS: &[Tool] = &[
    completion::TOOL,
    wait::TOOL,
    watch::TOOL,
    status::TOOL,
    validate::TOOL,
    diff::TOOL,
    approve::TOOL,
    retry::TOOL,
    stop::TOOL,
    rollback::TOOL,
    history::TOOL,
    stats::TOOL,
];

/// What this layer adds to the command tree.
pub const REGISTRY: crate::cli::Registry =
    crate::cli::Registry { tools: tool_commands, extension_args: operation::extension_args };

/// The tools' definitions, for the command tree.
fn tool_commands() -> Vec<Command> {
    TOOLS.iter().map(|tool| (tool.command)()).collect()
}

/// Runs the command `matches` chose.
pub fn run(ctx: &Context, matches: &ArgMatches) -> Result<Outcome, CliError> {
    let Some((name, sub)) = crate::cli::chosen_command(matches) else {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_tree_is_consistent() {
        REGISTRY.command().debug_assert();
    }

    #[test]
    fn every_operation_is_a_subcommand() {
        let cmd = REGISTRY.command();
        let names: Vec<_> = cmd.get_subcommands().map(|c| c.get_name().to_string()).collect();
        assert_eq!(names.len(), 44 + tool_commands().len());
        for own in tool_commands() {
            assert!(
                crate::model::model().operation_by_command(own.get_name()).is_none(),
                "{} shadows an operation",
                own.get_name()
            );
        }
        for expected in ["get-pipeline-state", "list-deploy-action-execution-targets", "poll-for-jobs"] {
            assert!(names.iter().any(|n| n == expected), "{expected} missing");
        }
    }

    #[test]
    fn a_plain_call_builds_only_its_own_subcommand() {
        let argv = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        let lean =
            REGISTRY.command_for(&argv(&["codepipeline", "--region", "get-pipeline", "get-pipeline", "--name", "p"]));
        let names: Vec<_> = lean.get_subcommands().map(|c| c.get_name().to_string()).collect();
        assert_eq!(names, ["get-pipeline"]);
        assert_eq!(
            crate::cli::command_position(&argv(&["codepipeline", "--output=json", "--debug", "list-pipelines"])),
            Some(3)
        );
        for words in [&["codepipeline", "get-pipeline", "--help"][..], &["codepipeline", "get-pipelin"][..]] {
            assert_eq!(
                REGISTRY.command_for(&argv(words)).get_subcommands().count(),
                44 + tool_commands().len(),
                "{words:?}"
            );
        }
        assert_eq!(
            REGISTRY.command_for(&argv(&["codepipeline", "--version"])).get_subcommands().count(),
            0,
            "--version builds the root alone"
        );
    }
}
