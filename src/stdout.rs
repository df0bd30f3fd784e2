//! Standard output that says when it cannot be written. Rust's own stdout
//! quietly drops everything written to a closed descriptor (`>&-`); the AWS
//! CLI fails there, and so must we: a script must not take lost output for
//! success.

use std::io::{self, Write};

/// Whether descriptor 1 was open when the process started. Rust's start-up
/// code puts `/dev/null`, opened for reading and writing, on a standard
/// descriptor it finds closed; a shell's `> /dev/null` opens it for writing
/// only. So `/dev/null` read-write on descriptor 1 means it was closed.
fn was_open() -> bool {
    // SAFETY: fcntl and fstat only query descriptor 1 and fill local structs.
    unsafe {
        let flags = libc::fcntl(1, libc::F_GETFL);
        if flags == -1 {
            return false;
        }
        if flags & libc::O_ACCMODE != libc::O_RDWR {
            return true;
        }
        let mut fd: libc::stat = std::mem::zeroed();
        let mut null: libc::stat = std::mem::zeroed();
        let is_null = libc::fstat(1, &mut fd) == 0
            && libc::stat(c"/dev/null".as_ptr(), &mut null) == 0
            && fd.st_mode & libc::S_IFMT == libc::S_IFCHR
            && fd.st_rdev == null.st_rdev;
        !is_null
    }
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
