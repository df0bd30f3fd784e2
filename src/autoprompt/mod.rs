//! AWS CLI v2's interactive prompt (`--cli-auto-prompt`): a line editor
//! (reedline) that completes commands, parameters and values with their
//! descriptions, shows the model's documentation (F3), keeps a history
//! (Ctrl-R searches it), and runs the line on Enter exactly as if it had been
//! typed. Deciding whether to prompt looks at the command line, one
//! environment variable and whether stdin and stdout are terminals; the
//! editor, the command tree and the history are made only for a prompt.

mod candidates;
mod panel;

use crate::error::{exit, CliError};
use crate::invocation;
use reedline::{
    default_emacs_keybindings, ColumnarMenu, EditCommand, Emacs, FileBackedHistory, KeyCode, KeyModifiers, MenuBuilder,
    Reedline, ReedlineEvent, ReedlineMenu, Signal,
};
use std::io::IsTerminal;
use std::process::ExitCode;

const FLAG: &str = "--cli-auto-prompt";
const NO_FLAG: &str = "--no-cli-auto-prompt";
const MENU: &str = "completion_menu";
/// What F3 sends back from the editor: show or hide the documentation.
const TOGGLE_DOCUMENTATION: &str = "documentation";
const HISTORY_ENTRIES: usize = 500;

/// When to prompt, as AWS CLI v2 has it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Off,
    /// Always, even for a complete command.
    On,
    /// Only for a command that is not complete (a missing required parameter, an unknown word).
    OnPartial,
}

impl Mode {
    /// The mode the command line and the environment ask for; `None` when
    /// the profile's `cli_auto_prompt` decides. Off wherever stdin or stdout
    /// is not a terminal, and for help and `--version`, before anything is read.
    pub fn asked(argv: &[String]) -> Option<Mode> {
        let has = |word: &str| argv.iter().skip(1).any(|arg| arg == word);
        if ["help", "--help", "-h", "--version", NO_FLAG].into_iter().any(has) {
            return Some(Mode::Off);
        }
        let asked = if has(FLAG) {
            Some(Mode::On)
        } else {
            std::env::var("AWS_CLI_AUTO_PROMPT").ok().filter(|v| !v.is_empty()).map(|v| Mode::named(&v))
        };
        if asked == Some(Mode::Off) || !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
            return Some(Mode::Off);
        }
        asked
    }

    /// The mode `cli_auto_prompt` names (anything unknown is off, as in AWS CLI v2).
    fn named(value: &str) -> Mode {
        match value.to_ascii_lowercase().as_str() {
            "on" => Mode::On,
            "on-partial" => Mode::OnPartial,
            _ => Mode::Off,
        }
    }

    /// The profile's `cli_auto_prompt`, from the settings the command loads anyway.
    /// Settings that cannot be read are the command's to report.
    pub fn of_profile(ctx: &crate::context::Context) -> Mode {
        let value = ctx.block_on(ctx.settings()).ok().and_then(|s| s.profile_value("cli_auto_prompt"));
        value.map_or(Mode::Off, |v| Mode::named(&v))
    }

    /// The profile's `cli_auto_prompt` for a command line that did not parse:
    /// the profile it names (`--profile`), else the environment's.
    pub fn of_profile_named(argv: &[String]) -> Mode {
        let named = argv.iter().enumerate().find_map(|(at, word)| match word.strip_prefix("--profile=") {
            Some(name) => Some(name.to_string()),
            None if word == "--profile" => argv.get(at + 1).cloned(),
            None => None,
        });
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return Mode::Off };
        let settings = runtime.block_on(crate::settings::Settings::load(named.as_deref()));
        settings.ok().and_then(|s| s.profile_value("cli_auto_prompt")).map_or(Mode::Off, |v| Mode::named(&v))
    }
}

/// The prompt, starting from the command line `argv`, until a command runs
/// (its exit code), Ctrl-C (130) or Ctrl-D on an empty line (0).
pub fn run(argv: &[String]) -> ExitCode {
    let words = crate::completion::Words::default();
    let tree = crate::completion::command(words.clone());
    let line = panel::Line::default();
    let mut view = panel::View { line: line.clone(), tree: tree.clone(), documentation: false };
    let mut editor = editor(candidates::Candidates::new(tree, words), line);
    let mut text = Some(initial(argv));
    loop {
        if let Some(text) = text.take() {
            editor.run_edit_commands(&[EditCommand::Clear, EditCommand::InsertString(text)]);
        }
        match read_line(&mut editor, &view) {
            Ok(Signal::Success(entered)) => {
                // The line is kept even if the command ends the process.
                let _ = editor.sync_history();
                match run_line(&entered) {
                    Some(code) => return code,
                    None => text = Some(entered),
                }
            }
            Ok(Signal::HostCommand(command)) if command == TOGGLE_DOCUMENTATION => {
                view.documentation = !view.documentation;
            }
            Ok(Signal::CtrlC) => return ExitCode::from(exit::INTERRUPTED),
            Ok(Signal::CtrlD) => return ExitCode::from(exit::OK),
            Ok(_) => {}
            Err(err) => return crate::stdout::fail(CliError::Other(format!("The prompt failed: {err}"))),
        }
    }
}

/// The editor's line, the terminal's mode put back if a signal (SIGINT
/// from `kill`, not the Ctrl-C key, which the editor reads) ends the run meanwhile.
fn read_line(editor: &mut Reedline, view: &panel::View) -> std::io::Result<Signal> {
    // SAFETY: tcgetattr fills a local termios for descriptor 0.
    let saved = unsafe {
        let mut attrs: libc::termios = std::mem::zeroed();
        (libc::tcgetattr(0, &mut attrs) == 0).then_some(attrs)
    };
    if let Some(saved) = saved {
        crate::interrupt::restore_terminal_on_exit(saved);
    }
    let read = editor.read_line(view);
    crate::interrupt::terminal_restored();
    read
}

/// The line to start from: the command line without the program and the prompt's flag.
fn initial(argv: &[String]) -> String {
    let words: Vec<&str> = argv.iter().skip(1).map(String::as_str).filter(|w| *w != FLAG).collect();
    let mut text = shlex::try_join(words).unwrap_or_default();
    if !text.is_empty() {
        text.push(' ');
    }
    text
}

/// Runs `entered` as a command line; `None` when it is not complete or not
/// right (the error is shown and nothing was sent): back to the prompt.
fn run_line(entered: &str) -> Option<ExitCode> {
    let Some(words) = shlex::split(entered) else {
        eprintln!("The command line has a quote that is not closed.");
        return None;
    };
    let args = std::iter::once("codepipeline".to_string()).chain(words).map(std::ffi::OsString::from);
    let argv = match crate::cli::argv::read(args, &crate::cmd::REGISTRY) {
        Ok(argv) => argv,
        Err(err) if invocation::is_usage(&err) => {
            crate::stdout::fail(err);
            return None;
        }
        Err(err) => return Some(crate::stdout::fail(err)),
    };
    let parsed = match invocation::parse(&argv) {
        Ok(parsed) => parsed,
        Err(stop) if stop.is_usage() => {
            stop.report();
            return None;
        }
        Err(stop) => return Some(stop.report()),
    };
    match parsed.run() {
        Ok(outcome) => Some(crate::stdout::print(outcome)),
        Err(err) if invocation::is_usage(&err) => {
            crate::stdout::fail(err);
            None
        }
        Err(err) => Some(crate::stdout::fail(err)),
    }
}

/// The editor: Emacs keys, Tab (or typing in an open menu) for the menu of
/// candidates with their descriptions, F3 for the documentation, and the
/// history in a file only its owner can read.
fn editor(candidates: candidates::Candidates, line: panel::Line) -> Reedline {
    let mut keys = default_emacs_keybindings();
    keys.add_binding(
        KeyModifiers::NONE,
        KeyCode::Tab,
        ReedlineEvent::UntilFound(vec![ReedlineEvent::Menu(MENU.into()), ReedlineEvent::MenuNext]),
    );
    keys.add_binding(KeyModifiers::SHIFT, KeyCode::BackTab, ReedlineEvent::MenuPrevious);
    keys.add_binding(KeyModifiers::NONE, KeyCode::F(3), ReedlineEvent::ExecuteHostCommand(TOGGLE_DOCUMENTATION.into()));
    let menu = ColumnarMenu::default().with_name(MENU).with_columns(1).with_column_padding(2);
    let mut editor = Reedline::create()
        .with_edit_mode(Box::new(Emacs::new(keys)))
        .with_completer(Box::new(candidates))
        .with_menu(ReedlineMenu::EngineCompleter(Box::new(menu)))
        .with_highlighter(Box::new(panel::Watcher(line)))
        .with_ansi_colors(std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()));
    if let Some(history) = history() {
        editor = editor.with_history(Box::new(history));
    }
    editor
}

/// The history of earlier prompts, `~/.cache/codepipeline/prompt/history`
/// (0600); none, and no error, where it cannot be kept.
fn history() -> Option<FileBackedHistory> {
    let path = crate::completion::cache_root()?.join("prompt").join("history");
    crate::private_file::ensure(&path).ok()?;
    FileBackedHistory::with_file(HISTORY_ENTRIES, path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mode_a_value_names() {
        assert_eq!(Mode::named("on"), Mode::On);
        assert_eq!(Mode::named("ON-PARTIAL"), Mode::OnPartial);
        assert_eq!(Mode::named("off"), Mode::Off);
        assert_eq!(Mode::named("sometimes"), Mode::Off);
    }

    #[test]
    fn help_version_and_the_negative_flag_never_prompt() {
        let argv = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        for words in [
            &["codepipeline", "--cli-auto-prompt", "--version"][..],
            &["codepipeline", "get-pipeline", "--cli-auto-prompt", "--help"][..],
            &["codepipeline", "--no-cli-auto-prompt", "list-pipelines"][..],
        ] {
            assert_eq!(Mode::asked(&argv(words)), Some(Mode::Off), "{words:?}");
        }
    }

    #[test]
    fn the_prompt_starts_from_the_command_line_quoted() {
        let argv: Vec<String> =
            ["codepipeline", "--cli-auto-prompt", "get-pipeline", "--name", "my pipe"].map(String::from).into();
        assert_eq!(initial(&argv), "get-pipeline --name 'my pipe' ");
        assert_eq!(initial(&["codepipeline".to_string()]), "");
    }
}
