//! Single keys from the terminal, for `watch`: the terminal is taken out of
//! line mode (no Enter needed, no echo) while a `Keys` lives, and each byte
//! typed arrives on a channel, so the watch can wait for its next poll and a
//! key at once. Ctrl-C stays a signal, whose handler puts the terminal back
//! before the run ends (`interrupt`), whatever the watch is doing then.

use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

pub struct Keys {
    saved: libc::termios,
    pub typed: UnboundedReceiver<u8>,
}

impl Keys {
    /// Keys from stdin, when it is a terminal that accepts the change.
    pub fn start() -> Option<Keys> {
        // SAFETY: tcgetattr and tcsetattr fill and read a local termios for descriptor 0.
        let saved = unsafe {
            let mut attrs: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(0, &mut attrs) != 0 {
                return None;
            }
            let saved = attrs;
            attrs.c_lflag &= !(libc::ICANON | libc::ECHO);
            attrs.c_cc[libc::VMIN] = 1;
            attrs.c_cc[libc::VTIME] = 0;
            crate::interrupt::restore_terminal_on_exit(saved);
            if libc::tcsetattr(0, libc::TCSANOW, &attrs) != 0 {
                crate::interrupt::terminal_restored();
                return None;
            }
            saved
        };
        let (sender, typed) = unbounded_channel();
        // A blocking read has no place on the runtime's one thread; this
        // thread ends when stdin does or when nobody listens any more.
        std::thread::spawn(move || {
            use std::io::Read;
            let mut byte = [0u8; 1];
            while let Ok(1) = std::io::stdin().read(&mut byte) {
                if sender.send(byte[0]).is_err() {
                    break;
                }
            }
        });
        Some(Keys { saved, typed })
    }
}

impl Drop for Keys {
    fn drop(&mut self) {
        // SAFETY: puts back the attributes read in `start`.
        unsafe {
            libc::tcsetattr(0, libc::TCSANOW, &self.saved);
        }
        crate::interrupt::terminal_restored();
    }
}
