//! A real terminal for the tests of what only happens on one (watch's keys,
//! the pickers, the interactive prompt): a tmux server of the test's own
//! (its own socket, removed after, no user configuration, the sealed
//! environment), one window of a fixed size running a shell command.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

pub struct Tmux {
    socket: PathBuf,
    session: String,
}

impl Tmux {
    /// `command` in a 150×40 window.
    pub fn start(name: &str, command: &str) -> Tmux {
        Tmux::sized(name, 150, 40, command)
    }

    pub fn sized(name: &str, width: u16, height: u16, command: &str) -> Tmux {
        let socket = std::env::temp_dir().join(format!("cp-e2e-{name}-{}", std::process::id()));
        let session = name.to_string();
        let (width, height) = (width.to_string(), height.to_string());
        let started = crate::support::sealed("tmux")
            .arg("-S")
            .arg(&socket)
            .args(["-f", "/dev/null", "new-session", "-d", "-s", &session])
            .args(["-x", &width, "-y", &height, command])
            .env("TERM", "xterm-256color")
            .status()
            .expect("tmux");
        assert!(started.success());
        Tmux { socket, session }
    }

    fn tmux(&self) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.arg("-S").arg(&self.socket);
        cmd
    }

    pub fn screen(&self) -> String {
        let captured = self.tmux().args(["capture-pane", "-p", "-t", &self.session]).output().expect("capture");
        String::from_utf8_lossy(&captured.stdout).into_owned()
    }

    /// The screen once it shows `needle` (or after ten seconds, for the assertion to show).
    pub fn wait_for(&self, needle: &str) -> String {
        let mut shown = String::new();
        for _ in 0..100 {
            std::thread::sleep(Duration::from_millis(100));
            shown = self.screen();
            if shown.contains(needle) {
                return shown;
            }
        }
        eprintln!("{}: no {needle:?} on the screen after ten seconds", self.session);
        shown
    }

    /// The screen once it shows `needle` and has stopped changing, for a snapshot.
    pub fn settled(&self, needle: &str) -> String {
        let mut shown = self.wait_for(needle);
        for _ in 0..20 {
            std::thread::sleep(Duration::from_millis(150));
            let now = self.screen();
            if now == shown {
                break;
            }
            shown = now;
        }
        shown.lines().map(str::trim_end).collect::<Vec<_>>().join("\n").trim_end().to_string()
    }

    /// The process the window's shell is running now (its one child).
    pub fn foreground_pid(&self) -> Option<String> {
        let shell = self.tmux().args(["display", "-p", "-t", &self.session, "#{pane_pid}"]).output().ok()?;
        let shell = String::from_utf8_lossy(&shell.stdout).trim().to_string();
        let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).ok()?;
        children.split_whitespace().next().map(String::from)
    }

    /// Types `text` as it is.
    pub fn keys(&self, text: &str) {
        let _ = self.tmux().args(["send-keys", "-t", &self.session, "-l", "--", text]).status();
    }

    /// Presses a named key (`Tab`, `Down`, `Enter`, `C-c`, `F3`).
    pub fn key(&self, name: &str) {
        let _ = self.tmux().args(["send-keys", "-t", &self.session, name]).status();
        std::thread::sleep(Duration::from_millis(100));
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux().arg("kill-server").status();
        let _ = std::fs::remove_file(&self.socket);
    }
}
