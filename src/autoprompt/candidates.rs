//! What the prompt's menu offers for the word at the cursor, each with a
//! description. The shell completion engine (`crate::completion`) answers
//! for commands, flags, enum values, profiles, regions and live names; this
//! orders and describes its flags for a reader (required first, with their
//! type), and adds what a shell does for itself: `file://` paths, and the
//! shorthand syntax's keys and values inside a structure's flag.

use crate::completion::Words;
use crate::model::{model, Operation, Shape, ShapeType};
use reedline::{Completer, CompletionResult, Span, Suggestion};
use std::ffi::OsString;

/// The menu's source: the documented command tree with its completers.
pub struct Candidates {
    tree: clap::Command,
    words: Words,
}

/// One entry of the menu.
#[derive(Debug, PartialEq)]
struct Offer {
    value: String,
    description: String,
    /// Whether a space follows it: not after a shorthand key or a folder.
    complete: bool,
}

impl Candidates {
    pub fn new(tree: clap::Command, words: Words) -> Candidates {
        Candidates { tree, words }
    }

    fn offers(&mut self, typed: &Typed<'_>) -> Vec<Offer> {
        let mut argv: Vec<String> =
            std::iter::once("codepipeline").chain(typed.words.iter().copied()).map(String::from).collect();
        let command = crate::cli::command_position(&argv);
        let operation = command.and_then(|at| model().operation_by_command(&argv[at]));
        argv.push(typed.current.to_string());
        self.words.set(argv.clone());
        if let Some(path) = typed.current.strip_prefix("file://") {
            return files(path);
        }
        let flag = typed.words.last().filter(|word| word.starts_with("--"));
        if let Some(shape) = operation.zip(flag).and_then(|(op, flag)| structure_of(op, flag)) {
            if !typed.current.starts_with(['{', '[']) {
                return shorthand(shape, typed.current);
            }
        }
        let mut found = self.engine(&argv);
        if found.is_empty() && typed.current.is_empty() && command.is_some() {
            // Nothing to fill in here: the command's parameters are next.
            if let Some(last) = argv.last_mut() {
                "--".clone_into(last);
            }
            found = self.engine(&argv);
        }
        let used: Vec<&str> = typed.words.iter().copied().filter(|w| w.starts_with("--")).collect();
        found.retain(|offer| !used.contains(&offer.value.as_str()));
        match operation {
            Some(op) => describe_flags(op, &self.tree, found),
            None => found,
        }
    }

    fn engine(&mut self, argv: &[String]) -> Vec<Offer> {
        let index = argv.len() - 1;
        let args = argv.iter().map(OsString::from).collect();
        let found = clap_complete::engine::complete(&mut self.tree, args, index, None).unwrap_or_default();
        found
            .into_iter()
            .filter(|candidate| !candidate.is_hide_set())
            .map(|candidate| Offer {
                value: candidate.get_value().to_string_lossy().into_owned(),
                description: candidate.get_help().map(|help| help.to_string()).unwrap_or_default(),
                complete: true,
            })
            .collect()
    }
}

impl Completer for Candidates {
    fn complete(&mut self, line: &str, pos: usize) -> CompletionResult {
        let typed = typed(line, pos);
        let span = Span::new(typed.start, pos);
        let suggestions: Vec<Suggestion> = self
            .offers(&typed)
            .into_iter()
            .map(|offer| Suggestion {
                value: offer.value,
                description: Some(offer.description).filter(|d| !d.is_empty()),
                span,
                append_whitespace: offer.complete,
                ..Suggestion::default()
            })
            .collect();
        CompletionResult::fresh(suggestions)
    }
}

/// The line up to the cursor: the words before the one being typed, that
/// word (empty after a space), and where it starts.
pub struct Typed<'l> {
    pub words: Vec<&'l str>,
    pub current: &'l str,
    pub start: usize,
}

pub fn typed(line: &str, pos: usize) -> Typed<'_> {
    let before = line.get(..pos).unwrap_or(line);
    let start = before.char_indices().rev().find(|(_, c)| c.is_whitespace()).map_or(0, |(at, c)| at + c.len_utf8());
    Typed { words: before[..start].split_whitespace().collect(), current: &before[start..], start }
}

/// The flags of `op` with their type, required ones first and marked so,
/// then the operation's others, then the global options.
fn describe_flags(op: Operation<'_>, tree: &clap::Command, offers: Vec<Offer>) -> Vec<Offer> {
    let input = op.input();
    let required = input.map(|shape| shape.required()).unwrap_or_default();
    let sub = tree.find_subcommand(op.command_name());
    let own = |flag: &str| sub?.get_arguments().find(|arg| arg.get_long() == Some(flag) && !arg.is_global_set());
    let rank = |offer: &mut Offer| {
        let Some(flag) = offer.value.strip_prefix("--") else { return 1 };
        let Some(arg) = own(flag) else { return 2 };
        let Some(member) = input.and_then(|shape| shape.member(arg.get_id().as_str())) else { return 1 };
        let summary = offer.description.strip_prefix("[required] ").unwrap_or(&offer.description).to_string();
        let is_required = required.contains(&member.name());
        let mark = if is_required { "[required] " } else { "" };
        offer.description = format!("{mark}({}) {summary}", type_name(member.shape()));
        if is_required {
            0
        } else {
            1
        }
    };
    let mut ranked: Vec<(u8, Offer)> = offers.into_iter().map(|mut offer| (rank(&mut offer), offer)).collect();
    ranked.sort_by_key(|(rank, _)| *rank);
    ranked.into_iter().map(|(_, offer)| offer).collect()
}

fn type_name(shape: Shape<'_>) -> String {
    match shape.shape_type() {
        ShapeType::List => match shape.list_member() {
            Some(item) => format!("list of {}", type_name(item)),
            None => "list".into(),
        },
        other => format!("{other:?}").to_lowercase(),
    }
}

/// The structure a flag of `op` takes (a list's element for a list of
/// structures), whose keys the shorthand syntax names.
pub(super) fn structure_of<'m>(op: Operation<'m>, flag: &str) -> Option<Shape<'m>> {
    let command = op.command_name();
    let member = op.input()?.members().find(|m| format!("--{}", crate::cli::flag_name(&command, m.name())) == flag)?;
    let shape = member.shape();
    let shape = if shape.shape_type() == ShapeType::List { shape.list_member()? } else { shape };
    (shape.shape_type() == ShapeType::Structure && !shape.is_document()).then_some(shape)
}

/// `key=` for the members not yet given, or the enum values of the key being given.
fn shorthand(shape: Shape<'_>, current: &str) -> Vec<Offer> {
    let (done, last) = current.rsplit_once(',').map_or(("", current), |(done, last)| (done, last));
    let prefix = if done.is_empty() { String::new() } else { format!("{done},") };
    let given: Vec<&str> = done.split(',').filter_map(|pair| pair.split_once('=').map(|(key, _)| key)).collect();
    if let Some((key, value)) = last.split_once('=') {
        let Some(member) = shape.member(key) else { return Vec::new() };
        return member
            .shape()
            .enum_values()
            .into_iter()
            .filter(|v| v.starts_with(value))
            .map(|v| Offer {
                value: format!("{prefix}{key}={v}"),
                description: format!("{key} value"),
                complete: false,
            })
            .collect();
    }
    let required = shape.required();
    let mut offers: Vec<Offer> = shape
        .members()
        .filter(|m| m.name().starts_with(last) && !given.contains(&m.name()))
        .map(|m| {
            let mark = if required.contains(&m.name()) { "[required] " } else { "" };
            Offer {
                value: format!("{prefix}{}=", m.name()),
                description: format!("{mark}({}) {}", type_name(m.shape()), crate::help::summary(m.documentation())),
                complete: false,
            }
        })
        .collect();
    offers.sort_by_key(|offer| !offer.description.starts_with("[required]"));
    offers
}

/// The files and folders under `path` (after `file://`) whose names start as it ends.
fn files(path: &str) -> Vec<Offer> {
    let (dir, name) = path.rsplit_once('/').map_or(("", path), |(dir, name)| (dir, name));
    let folder = if path.contains('/') { format!("{dir}/") } else { String::new() };
    let listed = if folder.is_empty() { "." } else { folder.as_str() };
    let Ok(entries) = std::fs::read_dir(listed) else { return Vec::new() };
    let mut offers: Vec<Offer> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let file = entry.file_name().into_string().ok()?;
            let shown = file.starts_with(name) && (name.starts_with('.') || !file.starts_with('.'));
            let is_dir = entry.file_type().ok()?.is_dir();
            shown.then(|| Offer {
                value: format!("file://{folder}{file}{}", if is_dir { "/" } else { "" }),
                description: if is_dir { "folder" } else { "file" }.into(),
                complete: !is_dir,
            })
        })
        .collect();
    offers.sort_by(|a, b| a.value.cmp(&b.value));
    offers
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offers(line: &str) -> Vec<Offer> {
        let words = Words::default();
        let mut candidates = Candidates::new(crate::completion::command(words.clone()), words);
        candidates.offers(&typed(line, line.len()))
    }

    fn values(line: &str) -> Vec<String> {
        offers(line).into_iter().map(|offer| offer.value).collect()
    }

    #[test]
    fn the_word_at_the_cursor() {
        let at = typed("get-pipeline --na", 17);
        assert_eq!((at.words, at.current, at.start), (vec!["get-pipeline"], "--na", 13));
        let at = typed("get-pipeline ", 13);
        assert_eq!((at.words, at.current, at.start), (vec!["get-pipeline"], "", 13));
    }

    #[test]
    fn operations_come_with_their_first_sentence() {
        let found = offers("get-pipeline-st");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].value, "get-pipeline-state");
        assert!(found[0].description.starts_with("Returns information about the state of a pipeline"), "{found:?}");
    }

    #[test]
    fn required_parameters_first_with_their_type_and_used_ones_gone() {
        let found = offers("start-pipeline-execution ");
        assert_eq!(found[0].value, "--name");
        assert!(found[0].description.starts_with("[required] (string) "), "{:?}", found[0]);
        assert!(found.iter().any(|o| o.value == "--variables" && o.description.starts_with("(list of structure)")));
        assert!(!values("start-pipeline-execution --name p ").contains(&"--name".to_string()));
        assert!(values("watch ").contains(&"--pipeline-execution-id".to_string()), "a tool's flags too");
    }

    #[test]
    fn enum_values_and_output_formats() {
        assert_eq!(values("disable-stage-transition --transition-type "), ["Inbound", "Outbound"]);
        assert!(values("list-pipelines --output t").contains(&"table".to_string()));
    }

    #[test]
    fn shorthand_keys_and_values_come_from_the_model() {
        let keys = values("create-custom-action-type --category Build --provider P --action-version 1 --settings ");
        assert!(keys.contains(&"entityUrlTemplate=".to_string()), "{keys:?}");
        let keys = values("poll-for-jobs --action-type-id ");
        assert_eq!(keys, ["category=", "owner=", "provider=", "version="]);
        assert_eq!(values("poll-for-jobs --action-type-id category=Build,owner=C"), ["category=Build,owner=Custom"]);
        assert_eq!(
            values("poll-for-jobs --action-type-id category=Build,"),
            ["category=Build,owner=", "category=Build,provider=", "category=Build,version="]
        );
    }
}
