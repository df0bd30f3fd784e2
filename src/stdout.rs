//! Standard output that says when it cannot be written. Rust's own stdout
//! quietly drops everything written to a closed descriptor (`>&-`); the AWS
//! CLI fails there, and so must we: a script must not take lost output for
//! success.

use crate::error::{exit, CliError};
use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether descriptor 1 was open when the process started, recorded before
/// Rust's start-up code runs: that code puts `/dev/null` on a standard
/// descriptor it finds closed, after which a closed stdout cannot be told
/// from a caller's own `/dev/null` (Python's `subprocess.DEVNULL`, say).
static STDOUT_WAS_OPEN: AtomicBool = AtomicBool::new(true);

/// Runs from the loader's `.init_array`, before `main` and before Rust's
/// own start-up; only an atomic store and fcntl(2) happen here.
extern "C" fn record_stdout() {
    // SAFETY: F_GETFD only queries descriptor 1.
    let open = unsafe { libc::fcntl(1, libc::F_GETFD) } != -1;
    STDOUT_WAS_OPEN.store(open, Ordering::Relaxed);
}

#[used]
#[link_section = ".init_array"]
static RECORD_STDOUT: extern "C" fn() = record_stdout;

fn was_open() -> bool {
    STDOUT_WAS_OPEN.load(Ordering::Relaxed)
}

/// Standard output, or a writer that fails with EBADF when it is closed.
pub fn writer() -> Box<dyn Write + Send> {
    if was_open() {
        Box::new(io::stdout())
    } else {
        Box::new(Closed)
    }
}

struct Closed;

impl Write for Closed {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::Error::from_raw_os_error(libc::EBADF))
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Prints what a command left: through its pager, or to stdout; then the
/// failure it ends with, if any.
pub fn print(outcome: crate::cmd::Outcome) -> ExitCode {
    let code = match (outcome.unprinted, outcome.pager) {
        (Some(err), _) => write_failure(err),
        (None, Some(command)) => match crate::pager::show(&outcome.text, &command) {
            Ok(()) => ExitCode::from(exit::OK),
            Err(err) => fail(err),
        },
        (None, None) => write_all(&outcome.text),
    };
    match outcome.failure {
        Some(err) => fail(err),
        None => code,
    }
}

/// The one place a failure becomes its message on stderr and its exit code.
pub fn fail(err: CliError) -> ExitCode {
    eprintln!("{err}");
    ExitCode::from(err.exit_code())
}

/// Help and version go to stdout with success (unless stdout cannot take
/// them); anything else is a usage error.
pub fn clap_exit(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    use std::io::IsTerminal;
    if !matches!(err.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        // Printing to stderr can only fail where there is no one left to tell.
        let _ = err.print();
        return ExitCode::from(exit::USAGE);
    }
    let rendered = err.render();
    let text = if io::stdout().is_terminal() { rendered.ansi().to_string() } else { rendered.to_string() };
    write_all(&text)
}

/// Writes the whole document at once; a reader that went away (`| head`) is not an error.
fn write_all(text: &str) -> ExitCode {
    let mut stdout = writer();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::from(exit::OK),
        Err(e) => write_failure(e),
    }
}

/// A reader that went away (`| head`) is not a failure; anything else is.
fn write_failure(err: io::Error) -> ExitCode {
    if err.kind() == io::ErrorKind::BrokenPipe {
        return ExitCode::from(exit::OK);
    }
    eprintln!("\nUnable to write the output: {err}");
    ExitCode::from(exit::OTHER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_stdout_fails_to_write() {
        let err = Closed.write_all(b"x").expect_err("closed");
        assert_eq!(err.raw_os_error(), Some(libc::EBADF));
        assert!(Closed.write_all(b"").is_ok(), "nothing to write is no failure");
    }
}
