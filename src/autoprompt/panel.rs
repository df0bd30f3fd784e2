//! The prompt's screen above the input line: the documentation of the
//! operation or parameter at the cursor (F3, as in AWS CLI v2) under the
//! whole command being built. The editor hands each line it paints to
//! `Watcher` (its highlighter) before it draws `View` (its prompt), so the
//! panel follows every keystroke.

use reedline::{Highlighter, Prompt, PromptEditMode, PromptHistorySearch, PromptHistorySearchStatus, StyledText};
use std::borrow::Cow;
use std::sync::{Arc, Mutex};

/// The most lines of documentation shown at once.
const LINES: usize = 12;

/// The line being edited, and where the cursor is in it.
#[derive(Clone, Default)]
pub struct Line(Arc<Mutex<(String, usize)>>);

impl Line {
    fn get(&self) -> (String, usize) {
        self.0.lock().map(|held| held.clone()).unwrap_or_default()
    }
}

/// Records each line the editor paints; paints it as typed (no colours).
pub struct Watcher(pub Line);

impl Highlighter for Watcher {
    fn highlight(&self, line: &str, cursor: usize) -> StyledText {
        if let Ok(mut held) = (self.0).0.lock() {
            *held = (line.to_string(), cursor);
        }
        let mut text = StyledText::new();
        text.push((nu_ansi_term::Style::new(), line.to_string()));
        text
    }
}

/// The prompt: `codepipeline> `, with the documentation panel above it when shown.
pub struct View {
    pub line: Line,
    pub tree: clap::Command,
    pub documentation: bool,
}

impl Prompt for View {
    fn render_prompt_left(&self) -> Cow<'_, str> {
        if !self.documentation {
            return Cow::Borrowed("codepipeline");
        }
        let (line, cursor) = self.line.get();
        let width = terminal_size::terminal_size().map_or(80, |(w, _)| usize::from(w.0)).max(20);
        Cow::Owned(format!("{}\ncodepipeline", panel(&self.tree, &line, cursor, width)))
    }

    fn render_prompt_right(&self) -> Cow<'_, str> {
        Cow::Borrowed("")
    }

    fn render_prompt_indicator(&self, _: PromptEditMode) -> Cow<'_, str> {
        Cow::Borrowed("> ")
    }

    fn render_prompt_multiline_indicator(&self) -> Cow<'_, str> {
        Cow::Borrowed("... ")
    }

    /// As readline (and AWS CLI v2's prompt) show Ctrl-R.
    fn render_prompt_history_search_indicator(&self, search: PromptHistorySearch) -> Cow<'_, str> {
        let failing = match search.status {
            PromptHistorySearchStatus::Passing => "",
            PromptHistorySearchStatus::Failing => "failing ",
        };
        Cow::Owned(format!(" ({failing}reverse-i-search)`{}': ", search.term))
    }
}

/// The documentation panel for `line` with the cursor at `cursor`: a rule,
/// the command so far, what the cursor is on and its documentation, a rule.
pub fn panel(tree: &clap::Command, line: &str, cursor: usize, width: usize) -> String {
    let rule = "─".repeat(width.saturating_sub(1));
    let (title, text) = documentation(tree, line, cursor);
    let mut lines = vec![rule.clone(), format!("codepipeline {}", line.trim_end()), String::new(), title];
    let lines_of_text: Vec<&str> = text.lines().collect();
    // A list's items one under the other: the blank lines between them take room the panel lacks.
    let between_items = |at: usize| {
        lines_of_text[at].is_empty()
            && at > 0
            && lines_of_text[at - 1].starts_with("* ")
            && lines_of_text.get(at + 1).is_some_and(|next| next.starts_with("* "))
    };
    let body: Vec<String> = (0..lines_of_text.len())
        .filter(|at| !between_items(*at))
        .flat_map(|at| wrap(lines_of_text[at], width.saturating_sub(3)))
        .collect();
    let more = body.len() > LINES;
    lines.extend(body.into_iter().take(LINES).map(|l| format!("  {l}")));
    if more {
        lines.push("  … (codepipeline <command> help for the rest)".into());
    }
    lines.push(rule);
    lines.join("\n")
}

/// What the cursor is on, and its documentation from the model: the last
/// flag before it, else the operation, else the tool itself.
fn documentation(tree: &clap::Command, line: &str, cursor: usize) -> (String, String) {
    let before = line.get(..cursor).unwrap_or(line);
    let words: Vec<&str> = before.split_whitespace().collect();
    let argv: Vec<String> = std::iter::once("codepipeline").chain(words.iter().copied()).map(String::from).collect();
    let sub = crate::cli::command_position(&argv).and_then(|at| tree.find_subcommand(&argv[at]));
    let flag = words.iter().rev().find_map(|word| word.strip_prefix("--")).filter(|flag| !flag.is_empty());
    if let Some(flag) = flag {
        let found = sub.into_iter().chain(std::iter::once(tree)).find_map(|cmd| {
            cmd.get_arguments().find(|arg| arg.get_long() == Some(flag.split('=').next().unwrap_or(flag)))
        });
        if let Some(arg) = found {
            let title = format!("--{}", arg.get_long().unwrap_or(flag));
            if let Some(key) = shorthand_key(sub, &title, &words, before) {
                return key;
            }
            let text = arg.get_long_help().or(arg.get_help()).map(|help| help.to_string()).unwrap_or_default();
            return (title, text);
        }
    }
    match sub {
        Some(sub) => {
            let text = sub.get_long_about().or(sub.get_about()).map(|about| about.to_string()).unwrap_or_default();
            (sub.get_name().to_string(), text)
        }
        None => {
            ("codepipeline".into(), "Type a command (Tab lists them), then its parameters. F3 hides this panel.".into())
        }
    }
}

/// Inside a structure's value in shorthand (`--action-type-id category=Bu`):
/// the documentation of the key being given.
fn shorthand_key(sub: Option<&clap::Command>, flag: &str, words: &[&str], before: &str) -> Option<(String, String)> {
    let [.., previous, current] = words else { return None };
    if *previous != flag || before.ends_with(char::is_whitespace) {
        return None;
    }
    let op = crate::model::model().operation_by_command(sub?.get_name())?;
    let shape = super::candidates::structure_of(op, flag)?;
    let key = current.rsplit(',').next()?.split('=').next()?;
    let member = shape.member(key)?;
    let mut text = crate::help::html_to_text(member.documentation());
    if shape.required().contains(&member.name()) {
        text.push_str("\n\nRequired.");
    }
    let values = member.shape().enum_values();
    if !values.is_empty() {
        text.push_str(&format!("\n\nPossible values: {}", values.join(", ")));
    }
    Some((format!("{flag} {key}="), text))
}

/// `text` in lines of at most `width` characters, broken between words.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let last = lines.last_mut().map_or(0, |l| l.chars().count());
        if last > 0 && last + 1 + word.chars().count() > width {
            lines.push(String::new());
        }
        if let Some(current) = lines.last_mut() {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_panel_documents_the_parameter_at_the_cursor_else_the_operation() {
        let tree = crate::completion::command(crate::completion::Words::default());
        let line = "get-pipeline --name p";
        let shown = panel(&tree, line, line.len(), 80);
        assert!(shown.contains("codepipeline get-pipeline --name p"), "{shown}");
        assert!(shown.contains("\n--name\n") && shown.contains("The name of the pipeline"), "{shown}");
        let shown = panel(&tree, "get-pipeline ", 13, 80);
        assert!(
            shown.contains("\nget-pipeline\n") && shown.contains("Returns the metadata, structure, stages"),
            "{shown}"
        );
        assert!(shown.lines().all(|l| l.chars().count() <= 80), "{shown}");
        let line = "poll-for-jobs --action-type-id category=Build,owner=Cu";
        let shown = panel(&tree, line, line.len(), 80);
        assert!(
            shown.contains("\n--action-type-id owner=\n") && shown.contains("Possible values: AWS, ThirdParty, Custom"),
            "{shown}"
        );
    }

    #[test]
    fn long_text_wraps_between_words() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("", 5), [""]);
    }
}
