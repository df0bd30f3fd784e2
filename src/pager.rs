//! The pager, as AWS CLI v2 uses one: only when stdout is a terminal, chosen
//! by `AWS_PAGER`, else the profile's `cli_pager`, else `PAGER`, else `less`
//! (with `LESS=FRX`, so short output is printed as is); an empty value or
//! `--no-cli-pager` turns it off. The command is split as a shell would split
//! it and run without a shell, as the AWS CLI runs it.

use crate::error::CliError;
use std::io::Write;
use std::process::{Command, Stdio};

const DEFAULT: &str = "less";

/// The pager command to use, if any. `setting` is the profile's `cli_pager`.
pub fn choose(disabled: bool, stdout_is_terminal: bool, setting: Option<String>) -> Option<String> {
    if disabled || !stdout_is_terminal {
        return None;
    }
    let chosen = std::env::var("AWS_PAGER")
        .ok()
        .or(setting)
        .or_else(|| std::env::var("PAGER").ok())
        .unwrap_or_else(|| DEFAULT.to_string());
    let chosen = chosen.trim().to_string();
    (!chosen.is_empty()).then_some(chosen)
}

/// Shows `text` through `command`. Nothing to show starts no pager; a pager
/// that cannot be started is reported, as AWS CLI v2 reports it (253).
pub fn show(text: &str, command: &str) -> Result<(), CliError> {
    if text.is_empty() {
        return Ok(());
    }
    let words = shlex::split(command)
        .filter(|words| !words.is_empty())
        .ok_or_else(|| CliError::Other(format!("Unable to parse the pager command: {command}")))?;
    let mut pager = Command::new(&words[0]);
    pager.args(&words[1..]).stdin(Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        pager.env("LESS", "FRX");
    }
    let _ctrl_c = crate::interrupt::Guard::ignored();
    let mut child = pager.spawn().map_err(|e| {
        // Python's words for the OS error, as the AWS CLI shows them.
        let text = e.to_string();
        let reason = text.rfind(" (os error").map_or(text.as_str(), |at| &text[..at]);
        let errno = e.raw_os_error().unwrap_or(0);
        CliError::Config(format!(
            "Unable to redirect output to pager. Received the following error when opening pager:\n\
             [Errno {errno}] {reason}: '{}'\n\n\
             Learn more about configuring the output pager by running \"aws help config-vars\".",
            words[0]
        ))
    })?;
    if let Some(mut stdin) = child.stdin.take() {
        // The reader may quit before reading everything (`q` in less): that is fine.
        match stdin.write_all(text.as_bytes()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                return Err(CliError::Other(format!("Unable to write the output to the pager: {e}")))
            }
            _ => {}
        }
    }
    // The pager's own exit status is its business, as in the AWS CLI.
    let _ = child.wait();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_on_a_terminal_and_never_when_disabled() {
        assert_eq!(choose(false, false, None), None);
        assert_eq!(choose(true, true, None), None);
        if std::env::var_os("AWS_PAGER").is_none() && std::env::var_os("PAGER").is_none() {
            assert_eq!(choose(false, true, None).as_deref(), Some("less"));
            assert_eq!(choose(false, true, Some("more".into())).as_deref(), Some("more"));
            assert_eq!(choose(false, true, Some(String::new())), None);
        }
    }

    #[test]
    fn the_pager_receives_the_whole_text() {
        let out = std::env::temp_dir().join(format!("codepipeline-pager-{}", std::process::id()));
        show("line 1\nline 2\n", &format!("tee '{}'", out.display())).expect("pager runs");
        assert_eq!(std::fs::read_to_string(&out).expect("written"), "line 1\nline 2\n");
        let _ = std::fs::remove_file(out);
    }
}

#[cfg(test)]
mod missing {
    use super::*;

    #[test]
    fn a_pager_that_does_not_exist_is_reported() {
        let err = show("text\n", "no-such-pager-here --flag").expect_err("no such program");
        assert_eq!(err.exit_code(), 253);
        assert!(err.to_string().contains("Unable to redirect output to pager"), "{err}");
        assert!(err.to_string().contains("[Errno 2] No such file or directory: 'no-such-pager-here'"), "{err}");
        assert!(show("", "no-such-pager-here").is_ok(), "nothing to show starts no pager");
    }
}
