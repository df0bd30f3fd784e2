//! Ctrl-C at any moment ends the run with 130, as AWS CLI v2 does: while a
//! request is under way, while a response is converted or written (even to
//! a full pipe), from any thread. Only a pager in the foreground keeps it
//! (Ctrl-C in `less` is for `less`).

use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

const EXIT: u8 = 0;
const IGNORED: u8 = 1;

static MODE: AtomicU8 = AtomicU8::new(EXIT);

/// The terminal mode to put back before exiting, while a command (watch's
/// keys) has changed it: written before `TERMINAL_SAVED` is set, read only
/// by the handler after seeing it set.
static TERMINAL_SAVED: AtomicBool = AtomicBool::new(false);
static mut TERMINAL: std::mem::MaybeUninit<libc::termios> = std::mem::MaybeUninit::uninit();

/// Remembers the terminal mode of stdin to put back if Ctrl-C ends the run.
pub fn restore_terminal_on_exit(saved: libc::termios) {
    // SAFETY: written only here, on the main thread, before the flag that lets the handler read it.
    unsafe { (*std::ptr::addr_of_mut!(TERMINAL)).write(saved) };
    TERMINAL_SAVED.store(true, Ordering::SeqCst);
}

/// The terminal mode is back: nothing to restore any more.
pub fn terminal_restored() {
    TERMINAL_SAVED.store(false, Ordering::SeqCst);
}

/// Installs the handler; from now on SIGINT exits 130 unless a `Guard` says otherwise.
pub fn install() {
    let handler = || {
        if MODE.load(Ordering::SeqCst) == EXIT {
            // Only async-signal-safe calls here: write(2) and _exit(2). The
            // line after ^C is ended on stderr: stdout may be a full pipe
            // nobody reads, and a write there would never return.
            // SAFETY: both are async-signal-safe; the buffer is static.
            unsafe {
                if TERMINAL_SAVED.load(Ordering::SeqCst) {
                    // tcsetattr is async-signal-safe; the mode was written before the flag.
                    libc::tcsetattr(0, libc::TCSANOW, (*std::ptr::addr_of!(TERMINAL)).as_ptr());
                }
                libc::write(2, b"\n".as_ptr().cast(), 1);
                libc::_exit(i32::from(crate::error::exit::INTERRUPTED));
            }
        }
    };
    // SAFETY: the handler only reads atomics (and the mode they guard) and calls async-signal-safe functions.
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
