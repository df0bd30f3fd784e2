//! `codepipeline`: the AWS CodePipeline command line, command for command with
//! `aws codepipeline`.

mod alias;
mod chart;
mod cli;
mod cmd;
mod completion;
mod context;
mod document;
mod error;
mod help;
mod interrupt;
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

use std::process::ExitCode;

fn main() -> ExitCode {
    interrupt::install();
    completion::complete_if_asked();
    let matches = match cli::argv::read(std::env::args_os(), &cmd::REGISTRY).map(|argv| cmd::REGISTRY.parse(&argv)) {
        Ok(Ok(matches)) => matches,
        Ok(Err(help_or_usage)) => return stdout::clap_exit(help_or_usage),
        Err(err) => return stdout::fail(err),
    };
    let ran = cli::globals::Globals::from_matches(&matches)
        .and_then(context::Context::new)
        .and_then(|ctx| cmd::run(&ctx, &matches));
    match ran {
        Ok(outcome) => stdout::print(outcome),
        Err(err) => stdout::fail(err),
    }
}
