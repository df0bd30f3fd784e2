//! Aliases, as AWS CLI v2 reads them for `aws codepipeline`: the
//! `[command codepipeline]` section of `~/.aws/cli/alias`. `lp =
//! list-pipelines --output text` makes `codepipeline lp` run that, with the
//! user's further arguments after it; a value starting with `!` is a shell
//! command, run with the arguments appended (quoted) and its exit status
//! passed on. An alias never shadows a command of ours.

use std::collections::BTreeMap;
use std::path::PathBuf;

const SECTION: &str = "command codepipeline";

/// What the command line becomes.
#[derive(Debug, PartialEq, Eq)]
pub enum Expanded {
    /// The same command line, or the alias's words in its place.
    Args(Vec<String>),
    /// A shell command to run instead.
    Shell(String),
}

/// The aliases defined for `codepipeline`, by name (none when the file is
/// missing or unreadable).
pub fn aliases() -> BTreeMap<String, String> {
    file().and_then(|path| std::fs::read_to_string(path).ok()).map(|text| parse(&text)).unwrap_or_default()
}

fn file() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty())?;
    Some(PathBuf::from(home).join(".aws").join("cli").join("alias"))
}

/// The `[command codepipeline]` entries of an INI text, as Python's
/// configparser reads them: names lower-cased, `=` or `:` between name and
/// value, indented lines continuing the value, `#` and `;` lines ignored.
fn parse(text: &str) -> BTreeMap<String, String> {
    let mut aliases = BTreeMap::new();
    let mut in_section = false;
    let mut current: Option<String> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some(value) = current.as_ref().and_then(|name| aliases.get_mut(name)) {
                let value: &mut String = value;
                value.push('\n');
                value.push_str(trimmed);
            }
            continue;
        }
        if let Some(section) = trimmed.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
            in_section = section.split_whitespace().collect::<Vec<_>>().join(" ") == SECTION;
            current = None;
            continue;
        }
        let Some(at) = trimmed.find(['=', ':']) else { continue };
        if in_section {
            let name = trimmed[..at].trim().to_lowercase();
            aliases.insert(name.clone(), trimmed[at + 1..].trim().to_string());
            current = Some(name);
        }
    }
    aliases
}

/// `argv` with the alias at `at` (the command's position) expanded, if the
/// word there names one and `is_command` does not claim it.
pub fn expand(argv: &[String], at: usize, is_command: impl Fn(&str) -> bool) -> Result<Expanded, String> {
    let Some(word) = argv.get(at) else { return Ok(Expanded::Args(argv.to_vec())) };
    if is_command(word) {
        return Ok(Expanded::Args(argv.to_vec()));
    }
    let Some(value) = aliases().remove(&word.to_lowercase()) else { return Ok(Expanded::Args(argv.to_vec())) };
    expand_with(argv, at, word, &value)
}

fn expand_with(argv: &[String], at: usize, name: &str, value: &str) -> Result<Expanded, String> {
    if let Some(shell) = value.strip_prefix('!') {
        let rest: Vec<String> = argv[at + 1..].iter().map(|arg| quote(arg)).collect();
        let command = if rest.is_empty() { shell.to_string() } else { format!("{shell} {}", rest.join(" ")) };
        return Ok(Expanded::Shell(command));
    }
    let words = shlex::split(value).ok_or_else(|| {
        format!("Value of alias \"{name}\" could not be parsed. Received error: No closing quotation when parsing:\n{value}")
    })?;
    let mut expanded = argv[..at].to_vec();
    expanded.extend(words);
    expanded.extend_from_slice(&argv[at + 1..]);
    Ok(Expanded::Args(expanded))
}

/// An argument quoted for `sh` as Python's `shlex.quote` quotes it.
fn quote(arg: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "@%+=:,./-_".contains(c);
    if !arg.is_empty() && arg.chars().all(safe) {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', "'\"'\"'"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn only_the_codepipeline_section_counts() {
        let text = "[toplevel]\nwhoami = sts get-caller-identity\n\n[command  codepipeline]\n\
                    LP = list-pipelines --output text\n# a comment\nstate: get-pipeline-state\n  --name p\n\
                    [command ec2]\nlp = describe-instances\n";
        let aliases = parse(text);
        assert_eq!(aliases.len(), 2, "{aliases:?}");
        assert_eq!(aliases["lp"], "list-pipelines --output text");
        assert_eq!(aliases["state"], "get-pipeline-state\n--name p");
    }

    #[test]
    fn words_take_the_alias_place_and_the_rest_follow() {
        let argv = args(&["codepipeline", "--region", "eu-west-1", "lp", "--max-items", "2"]);
        assert_eq!(
            expand_with(&argv, 3, "lp", "list-pipelines --query 'pipelines[].name'"),
            Ok(Expanded::Args(args(&[
                "codepipeline",
                "--region",
                "eu-west-1",
                "list-pipelines",
                "--query",
                "pipelines[].name",
                "--max-items",
                "2"
            ])))
        );
    }

    #[test]
    fn shell_aliases_get_the_arguments_quoted() {
        let argv = args(&["codepipeline", "hello", "it's", "a b", "plain"]);
        assert_eq!(
            expand_with(&argv, 1, "hello", "!echo hi"),
            Ok(Expanded::Shell("echo hi 'it'\"'\"'s' 'a b' plain".into()))
        );
        assert!(expand_with(&argv, 1, "bad", "get-pipeline --name 'open").is_err());
    }
}
