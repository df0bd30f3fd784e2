//! The command line as the parser gets it: checked to be text, an alias
//! expanded (a shell alias runs here), and `<command> help` read as `--help`.

use crate::alias;
use crate::error::{exit, CliError};

pub fn read(
    args: impl Iterator<Item = std::ffi::OsString>,
    registry: &super::Registry,
) -> Result<Vec<String>, CliError> {
    let mut argv = expand_alias(text_args(args)?, registry)?;
    super::help_word_as_flag(&mut argv);
    Ok(argv)
}

/// Every argument is a name, a number or text for a JSON document, none of
/// which can hold bytes that are not UTF-8.
fn text_args(args: impl Iterator<Item = std::ffi::OsString>) -> Result<Vec<String>, CliError> {
    let mut argv: Vec<String> = Vec::new();
    for arg in args {
        match arg.into_string() {
            Ok(text) => argv.push(text),
            Err(raw) => {
                let shown = raw.as_encoded_bytes().escape_ascii().to_string();
                let message = match argv.last().filter(|word| argv.len() > 1 && word.starts_with("--")) {
                    Some(flag) => format!("argument {flag}: the value '{shown}' is not valid UTF-8"),
                    None => format!("the argument '{shown}' is not valid UTF-8"),
                };
                return Err(CliError::Usage(message));
            }
        }
    }
    Ok(argv)
}

/// The command line with an alias expanded; a shell alias runs here and
/// its exit status ends the process.
fn expand_alias(argv: Vec<String>, registry: &super::Registry) -> Result<Vec<String>, CliError> {
    let Some(at) = super::command_position(&argv) else { return Ok(argv) };
    match alias::expand(&argv, at, |name| registry.is_command(name)).map_err(CliError::Other)? {
        alias::Expanded::Args(expanded) => Ok(expanded),
        alias::Expanded::Shell(command) => {
            // Ctrl-C is the shell command's to handle while it runs; its status is ours.
            let status = {
                let _ctrl_c = crate::interrupt::Guard::ignored();
                std::process::Command::new("sh")
                    .args(["-c", &command])
                    .status()
                    .map_err(|e| CliError::Other(format!("Unable to run the alias: {e}")))?
            };
            use std::os::unix::process::ExitStatusExt;
            let code = match (status.code(), status.signal()) {
                (Some(code), _) => u8::try_from(code).unwrap_or(exit::OTHER),
                (None, Some(signal)) => u8::try_from(128 + signal).unwrap_or(exit::OTHER),
                (None, None) => exit::OTHER,
            };
            std::process::exit(i32::from(code))
        }
    }
}
