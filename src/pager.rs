//! The pager, as AWS CLI v2 uses one: only when stdout is a terminal, chosen
//! by `AWS_PAGER`, else the profile's `cli_pager`, else `less` (with
//! `LESS=FRX`, so short output is printed as is); an empty value or
//! `--no-cli-pager` turns it off.

use std::io::Write;
use std::process::{Command, Stdio};

const DEFAULT: &str = "less";

/// The pager command to use, if any. `setting` is the profile's `cli_pager`.
pub fn choose(disabled: bool, stdout_is_terminal: bool, setting: Option<String>) -> Option<String> {
    if disabled || !stdout_is_terminal {
        return None;
    }
    let chosen = match std::env::var("AWS_PAGER") {
        Ok(value) => value,
        Err(_) => setting.unwrap_or_else(|| DEFAULT.to_string()),
    };
    let chosen = chosen.trim().to_string();
    (!chosen.is_empty()).then_some(chosen)
}

/// Shows `text` through `command`; a pager that cannot start falls back to stdout.
pub fn show(text: &str, command: &str) -> std::io::Result<()> {
    let mut shell = Command::new("sh");
    shell.args(["-c", command]).stdin(Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        shell.env("LESS", "FRX");
    }
    let _ctrl_c = crate::interrupt::Guard::ignored();
    let Ok(mut child) = shell.spawn() else {
        return std::io::stdout().write_all(text.as_bytes());
    };
    if let Some(mut stdin) = child.stdin.take() {
        // The reader may quit before reading everything (`q` in less): that is fine.
        match stdin.write_all(text.as_bytes()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e),
            _ => {}
        }
    }
    child.wait().map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_on_a_terminal_and_never_when_disabled() {
        assert_eq!(choose(false, false, None), None);
        assert_eq!(choose(true, true, None), None);
        if std::env::var_os("AWS_PAGER").is_none() {
            assert_eq!(choose(false, true, None).as_deref(), Some("less"));
            assert_eq!(choose(false, true, Some("more".into())).as_deref(), Some("more"));
            assert_eq!(choose(false, true, Some(String::new())), None);
        }
    }

    #[test]
    fn the_pager_receives_the_whole_text() {
        let out = std::env::temp_dir().join(format!("codepipeline-pager-{}", std::process::id()));
        show("line 1\nline 2\n", &format!("cat > '{}'", out.display())).expect("pager runs");
        assert_eq!(std::fs::read_to_string(&out).expect("written"), "line 1\nline 2\n");
        let _ = std::fs::remove_file(out);
    }
}
