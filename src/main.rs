//! `codepipeline`: the AWS CodePipeline command line, command for command with
//! `aws codepipeline`.

mod alias;
mod autoprompt;
mod chart;
mod cli;
mod cmd;
mod completion;
mod context;
mod document;
mod error;
mod help;
mod interrupt;
mod invocation;
mod invoke;
mod json_loads;
mod localtime;
#[cfg(test)]
mod manpages;
mod model;
mod output;
mod pager;
mod pipeline;
mod private_file;
mod python;
mod query;
mod settings;
mod shorthand;
mod skeleton;
mod stdout;
mod validate;

use autoprompt::Mode;
use std::process::ExitCode;

fn main() -> ExitCode {
    interrupt::install();
    completion::complete_if_asked();
    let argv = match cli::argv::read(std::env::args_os(), &cmd::REGISTRY) {
        Ok(argv) => argv,
        Err(err) => return stdout::fail(err),
    };
    // The command line and the environment decide before anything is read;
    // the profile only on a terminal, from the settings the command loads anyway.
    let asked = Mode::asked(&argv);
    if asked == Some(Mode::On) {
        return autoprompt::run(&argv);
    }
    let parsed = match invocation::parse(&argv) {
        Ok(parsed) => parsed,
        Err(stop) if stop.is_usage() && asked.unwrap_or_else(|| Mode::of_profile_named(&argv)) != Mode::Off => {
            return autoprompt::run(&argv)
        }
        Err(stop) => return stop.report(),
    };
    let mode = asked.unwrap_or_else(|| Mode::of_profile(&parsed.ctx));
    if mode == Mode::On {
        drop(parsed);
        return autoprompt::run(&argv);
    }
    match parsed.run() {
        Ok(outcome) => stdout::print(outcome),
        // An incomplete command (nothing was sent) is completed in the prompt, its error unshown, as in AWS CLI v2.
        Err(err) if mode == Mode::OnPartial && invocation::is_usage(&err) => {
            drop(parsed);
            autoprompt::run(&argv)
        }
        Err(err) => stdout::fail(err),
    }
}
