//! Ctrl-C at any moment ends the run with 130, as AWS CLI v2 does: while a
//! request is under way, while a response is converted or written (even to
//! a full pipe), from any thread. Only a pager in the foreground keeps it
//! (Ctrl-C in `less` is for `less`).

use std::sync::atomic::{AtomicU8, Ordering};

const EXIT: u8 = 0;
const IGNORED: u8 = 1;

static MODE: AtomicU8 = AtomicU8::new(EXIT);

/// Installs the handler; from now on SIGINT exits 130 unless a `Guard` says otherwise.
pub fn install() {
    let handler = || {
        if MODE.load(Ordering::SeqCst) == EXIT {
            // Only async-signal-safe calls here: write(2) and _exit(2). The
            // line after ^C is ended on stderr: stdout may be a full pipe
            // nobody reads, and a write there would never return.
            // SAFETY: both are async-signal-safe; the buffer is static.
            unsafe {
                libc::write(2, b"\n".as_ptr().cast(), 1);
                libc::_exit(i32::from(crate::error::exit::INTERRUPTED));
            }
        }
    };
    // SAFETY: the handler only reads an atomic and calls async-signal-safe functions.
    // Failing to install leaves the default action, which also ends the process.
    let _ = unsafe { signal_hook_registry::register(libc::SIGINT, handler) };
}

/// Hands Ctrl-C to someone else until dropped.
pub struct Guard(u8);

impl Guard {
    /// A pager in the foreground, which takes Ctrl-C for itself.
    pub fn ignored() -> Guard {
        Guard(MODE.swap(IGNORED, Ordering::SeqCst))
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        MODE.store(self.0, Ordering::SeqCst);
    }
}
