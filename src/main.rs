//! `codepipeline`: the AWS CodePipeline command line, command for command with
//! `aws codepipeline`.

mod args;
mod error;
mod help;
mod input;
mod invoke;
mod model;
mod output;
mod response;

use error::{exit, CliError};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let matches = match args::command().try_get_matches() {
        Ok(matches) => matches,
        Err(err) => return clap_exit(err),
    };
    match run(&matches) {
        Ok(stdout) => write_stdout(&stdout),
        Err(err) => {
            eprintln!("{err}");
            ExitCode::from(err.exit_code())
        }
    }
}

/// Help and version go to stdout with success; anything else is a usage error.
fn clap_exit(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let success = matches!(err.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion);
    // Printing can only fail on a closed stream, where there is no one left to tell.
    let _ = err.print();
    ExitCode::from(if success { exit::OK } else { exit::USAGE })
}

fn run(matches: &clap::ArgMatches) -> Result<String, CliError> {
    let (op, op_matches) = args::chosen_operation(matches)
        .ok_or_else(|| CliError::Usage("the command is not a CodePipeline operation".into()))?;
    let input = input::assemble(op, op_matches)?;
    let paging = input::paging(op, matches, op_matches, &input)?;
    let options = args::client_options(matches);
    let format = args::output_format(matches);

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Other(format!("Unable to start the async runtime: {e}")))?;
    let mut response = runtime.block_on(async {
        tokio::select! {
            result = async {
                let invoker = invoke::Invoker::new(&options).await?;
                invoker.call(op, input, paging.as_ref()).await
            } => result,
            _ = tokio::signal::ctrl_c() => Err(CliError::Interrupted),
        }
    })?;
    if let Some(shape) = op.output() {
        response::localize_timestamps(&mut response, shape);
    }
    Ok(output::render(format, &response))
}

/// Writes the whole document at once; a reader that went away (`| head`) is not an error.
fn write_stdout(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::from(exit::OK),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(exit::OK),
        Err(e) => {
            eprintln!("\nUnable to write the output: {e}");
            ExitCode::from(exit::OTHER)
        }
    }
}
