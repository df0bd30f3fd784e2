//! The command line, derived from the service model: one subcommand per
//! operation and one flag per top-level input member, spelled as the AWS CLI
//! spells them.

pub mod argv;
pub mod globals;
pub mod input;

use crate::help;
use crate::model::{model, xform_name, Member, Operation, ShapeType};
use clap::{Arg, ArgAction, ArgMatches, Command};

/// The AWS CLI renames a few members whose names would clash with its global
/// options (its `argrename` customisation); these are CodePipeline's.
const ARG_RENAMES: &[(&str, &str, &str)] = &[
    ("get-pipeline", "version", "pipeline-version"),
    ("create-custom-action-type", "version", "action-version"),
    ("delete-custom-action-type", "version", "action-version"),
    ("get-action-type", "version", "action-version"),
];

pub const CLI_INPUT_JSON: &str = "cli-input-json";
pub const CLI_INPUT_YAML: &str = "cli-input-yaml";
pub const GENERATE_CLI_SKELETON: &str = "generate-cli-skeleton";

/// Argument ids of the global options.
pub mod global {
    pub const REGION: &str = "region";
    pub const PROFILE: &str = "profile";
    pub const ENDPOINT_URL: &str = "endpoint-url";
    pub const OUTPUT: &str = "output";
    pub const DEBUG: &str = "debug";
    pub const NO_PAGINATE: &str = "no-paginate";
    pub const QUERY: &str = "query";
    pub const READ_TIMEOUT: &str = "cli-read-timeout";
    pub const CONNECT_TIMEOUT: &str = "cli-connect-timeout";
    pub const CA_BUNDLE: &str = "ca-bundle";
    pub const NO_VERIFY_SSL: &str = "no-verify-ssl";
    pub const NO_SIGN_REQUEST: &str = "no-sign-request";
    pub const COLOR: &str = "color";
    pub const NO_CLI_PAGER: &str = "no-cli-pager";
    pub const CLI_BINARY_FORMAT: &str = "cli-binary-format";
    pub const CLI_AUTO_PROMPT: &str = "cli-auto-prompt";
    pub const NO_CLI_AUTO_PROMPT: &str = "no-cli-auto-prompt";
}

/// Argument ids of the AWS CLI's paging options, on paginated operations.
pub mod paging {
    pub const STARTING_TOKEN: &str = "starting-token";
    pub const PAGE_SIZE: &str = "page-size";
    pub const MAX_ITEMS: &str = "max-items";
}

pub fn version() -> String {
    format!(
        "codepipeline/{} aws-sdk-codepipeline/{} botocore-model/{}",
        env!("CARGO_PKG_VERSION"),
        env!("SDK_VERSION"),
        crate::model::BOTOCORE_VERSION.trim()
    )
}

/// Whether help text is built: only when it can be shown.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Docs {
    With,
    Without,
}

/// What the layer above adds to the command tree: this tool's own commands
/// and the flags it gives some operations. The tree is built with it, so
/// that this module need not know the commands that use it.
#[derive(Clone, Copy)]
pub struct Registry {
    pub tools: fn() -> Vec<Command>,
    pub extension_args: fn(&str) -> Vec<Arg>,
}

impl Registry {
    /// The operations alone, for tests of this layer.
    #[cfg(test)]
    pub const NONE: Registry = Registry { tools: Vec::new, extension_args: |_| Vec::new() };

    /// The whole command tree, documented.
    pub fn command(&self) -> Command {
        self.tree(Docs::With)
    }

    /// The documented tree with the user's aliases beside the commands, for
    /// help and completion (never for the man pages, which are the tool's own).
    pub fn command_with_aliases(&self) -> Command {
        let aliases = crate::alias::aliases().into_iter().filter(|(name, _)| !self.is_command(name));
        self.command().subcommands(aliases.map(|(name, value)| {
            Command::new(name).about(format!("Alias: {}", value.replace('\n', " "))).disable_help_flag(true)
        }))
    }

    fn tree(&self, docs: Docs) -> Command {
        let mut cmd = root(docs);
        for op in model().operations() {
            cmd = cmd.subcommand(operation_command(op, docs, self.extension_args));
        }
        cmd.subcommands((self.tools)())
    }

    /// The command line parsed against the tree it needs.
    pub fn parse(&self, argv: &[String]) -> Result<ArgMatches, clap::Error> {
        self.command_for(argv).try_get_matches_from(argv)
    }

    /// The command tree needed to parse `argv`: for a plain operation call, just
    /// that operation and no help text, so that a call does not pay for 43 other
    /// subcommands and the model's documentation. Anything else gets the whole tree.
    pub fn command_for(&self, argv: &[String]) -> Command {
        let wants_help = argv.iter().skip(1).any(|arg| arg == "--help" || arg == "-h" || arg == "help");
        let tools = || (self.tools)();
        match first_positional(argv).and_then(|name| model().operation_by_command(name)) {
            _ if wants_help => self.command_with_aliases(),
            Some(op) => root(Docs::Without).subcommand(operation_command(op, Docs::Without, self.extension_args)),
            None if first_positional(argv).is_some_and(|name| tools().iter().any(|c| c.get_name() == name)) => {
                root(Docs::Without).subcommands(tools())
            }
            // `--version` alone: the root is enough, and the 44 operations' flags are not built.
            None if first_positional(argv).is_none() && argv.iter().any(|arg| arg == "--version" || arg == "-V") => {
                root(Docs::Without)
            }
            // No command at all: the usage error lists the commands, with what each does.
            None if first_positional(argv).is_none() => self.tree(Docs::With),
            // A misspelt command: clap suggests the nearest name.
            None => self.tree(Docs::Without),
        }
    }

    /// Whether `name` is a command of ours (an operation, a tool, `help`): no alias may shadow one.
    pub fn is_command(&self, name: &str) -> bool {
        name == "help"
            || model().operation_by_command(name).is_some()
            || (self.tools)().iter().any(|c| c.get_name() == name)
    }
}

/// The first word that is not a global option or its value: the command.
fn first_positional(argv: &[String]) -> Option<&str> {
    command_position(argv).map(|at| argv[at].as_str())
}

/// Where the command stands in `argv`.
pub fn command_position(argv: &[String]) -> Option<usize> {
    let takes_value: Vec<String> = global_args()
        .iter()
        .filter(|arg| arg.get_action().takes_values())
        .filter_map(|arg| arg.get_long().map(|long| format!("--{long}")))
        .collect();
    let mut at = 1;
    while let Some(word) = argv.get(at) {
        if takes_value.contains(word) {
            at += 1;
        } else if !word.starts_with('-') {
            return Some(at);
        }
        at += 1;
    }
    None
}

/// The command chosen on the command line, and its own arguments.
pub fn chosen_command(matches: &ArgMatches) -> Option<(&str, &ArgMatches)> {
    matches.subcommand()
}

/// The kind of skeleton `--generate-cli-skeleton` asks for, if any.
pub fn skeleton_kind(matches: &ArgMatches) -> Option<String> {
    matches.get_one::<String>(GENERATE_CLI_SKELETON).cloned()
}

/// `codepipeline <command> help` (the AWS CLI's documented form) as
/// `--help`: a last word `help` that is not the value of an option.
pub fn help_word_as_flag(argv: &mut [String]) {
    let Some(at) = command_position(argv) else { return };
    let last = argv.len() - 1;
    if last > at && argv[last] == "help" && !argv[last - 1].starts_with('-') {
        argv[last] = "--help".into();
    }
}

fn root(docs: Docs) -> Command {
    let cmd = Command::new("codepipeline")
        .version(version())
        .about("A fast, faithful command-line client for AWS CodePipeline")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .args_override_self(true)
        .args(global_args());
    match docs {
        Docs::With => cmd.long_about(help::html_to_text(model().documentation())),
        Docs::Without => cmd,
    }
}

fn global_args() -> Vec<Arg> {
    let option = |id: &'static str, value: &'static str, help: &'static str| {
        Arg::new(id).long(id).global(true).value_name(value).help(help)
    };
    let switch =
        |id: &'static str, help: &'static str| Arg::new(id).long(id).global(true).action(ArgAction::SetTrue).help(help);
    // Negative values are parsed, to be refused with the AWS CLI's message.
    let seconds = clap::value_parser!(i64);
    vec![
        option(global::REGION, "REGION", "The region to use. Overrides config/env settings."),
        option(global::PROFILE, "PROFILE", "Use a specific profile from your credential file."),
        option(global::ENDPOINT_URL, "URL", "Override the command's default URL with the given URL."),
        option(global::OUTPUT, "FORMAT", "The formatting style for command output.").value_parser(
            crate::output::Format::NAMES
                .iter()
                .map(|name| clap::builder::PossibleValue::new(*name))
                .collect::<Vec<_>>(),
        ),
        option(global::QUERY, "JMESPATH", "A JMESPath query to use in filtering the response data."),
        switch(global::NO_PAGINATE, "Make one call only: no automatic pagination."),
        switch(global::DEBUG, "Trace each request and response on stderr (credentials redacted)."),
        option(
            global::READ_TIMEOUT,
            "SECONDS",
            "The maximum socket read time in seconds; 0 waits forever. Default 60.",
        )
        .value_parser(seconds)
        .allow_negative_numbers(true),
        option(
            global::CONNECT_TIMEOUT,
            "SECONDS",
            "The maximum socket connect time in seconds; 0 waits forever. Default 60.",
        )
        .value_parser(seconds)
        .allow_negative_numbers(true),
        option(global::CA_BUNDLE, "PATH", "The CA certificate bundle (PEM) to use when verifying SSL certificates."),
        switch(
            global::NO_VERIFY_SSL,
            "Do not verify SSL certificates (for test endpoints with self-signed certificates).",
        ),
        switch(global::NO_SIGN_REQUEST, "Do not sign requests (CodePipeline refuses unsigned requests)."),
        option(global::COLOR, "WHEN", "Turn on/off color output.").value_parser(["on", "off", "auto"]),
        switch(global::NO_CLI_PAGER, "Disable the pager for output."),
        // CodePipeline has no blob members, so the format changes nothing; AWS CLI v2 scripts pass it anyway.
        option(
            global::CLI_BINARY_FORMAT,
            "FORMAT",
            "The formatting style to be used for binary blobs (CodePipeline has none).",
        )
        .value_parser(["base64", "raw-in-base64-out"]),
        switch(
            global::CLI_AUTO_PROMPT,
            "Build the command in an interactive prompt that completes and documents it (on a terminal).",
        )
        .long_help(
            "Build the command in an interactive prompt, as AWS CLI v2's: Tab lists the commands, parameters \
             (required first) and values that fit, each described; F3 shows the documentation of the operation \
             or parameter at the cursor; Ctrl-R searches earlier prompts; Enter runs the command as if typed \
             (an incomplete or invalid one stays in the prompt); Ctrl-C exits 130, Ctrl-D 0. Only when stdin \
             and stdout are a terminal. AWS_CLI_AUTO_PROMPT or the profile's cli_auto_prompt set to on prompts \
             for every command; on-partial only for one that is not complete.",
        )
        .conflicts_with(global::NO_CLI_AUTO_PROMPT),
        switch(
            global::NO_CLI_AUTO_PROMPT,
            "Never prompt, whatever AWS_CLI_AUTO_PROMPT or the profile's cli_auto_prompt say.",
        ),
    ]
}

/// The flag (without dashes) for a member of `op`'s input.
pub fn flag_name(command: &str, member: &str) -> String {
    ARG_RENAMES
        .iter()
        .find(|(c, m, _)| *c == command && *m == member)
        .map(|(_, _, renamed)| renamed.to_string())
        .unwrap_or_else(|| xform_name(member, '-'))
}

/// The id of the `--no-X` flag of a boolean member.
pub fn negated_id(member: &str) -> String {
    format!("no-{member}")
}

fn operation_command(op: Operation<'_>, docs: Docs, extension_args: fn(&str) -> Vec<Arg>) -> Command {
    let name = op.command_name();
    let mut cmd = Command::new(name.clone());
    if docs == Docs::With {
        cmd = cmd.about(help::summary(op.documentation())).long_about(help::html_to_text(op.documentation()));
    }
    let paginator = op.paginator();
    let paging_member = |member: &str| paginator.as_ref().is_some_and(|p| p.members().any(|m| m == member));
    if let Some(input) = op.input() {
        let required = input.required();
        for member in input.members() {
            let is_required = required.contains(&member.name());
            let args = member_args(&name, member, is_required, docs);
            // As in the AWS CLI, the service's own paging members still work
            // (and turn auto-pagination off) but are not documented.
            let hidden = paging_member(member.name());
            cmd = cmd.args(args.into_iter().map(|arg| arg.hide(hidden)));
        }
    }
    if let Some(paginator) = paginator {
        cmd = cmd.args(paging_args(paginator.limit_key.is_some()));
    }
    cmd = cmd.args(extension_args(op.name()));
    cmd.args([
        Arg::new(CLI_INPUT_JSON)
            .long(CLI_INPUT_JSON)
            .value_name("JSON")
            .conflicts_with(CLI_INPUT_YAML)
            .help("Read arguments from the JSON string provided (or file://path). Flags given as well override its keys."),
        Arg::new(CLI_INPUT_YAML)
            .long(CLI_INPUT_YAML)
            .value_name("YAML")
            .help("Read arguments from the YAML string provided (or file://path). Flags given as well override its keys."),
        Arg::new(GENERATE_CLI_SKELETON)
            .long(GENERATE_CLI_SKELETON)
            .value_name("KIND")
            .num_args(0..=1)
            .default_missing_value("input")
            .value_parser(["input", "yaml-input", "output"])
            .help("Print a sample input (input, yaml-input) for --cli-input-json/--cli-input-yaml, or a sample output (output), without sending a request."),
    ])
}

fn paging_args(has_limit: bool) -> Vec<Arg> {
    let mut args = vec![Arg::new(paging::STARTING_TOKEN)
        .long(paging::STARTING_TOKEN)
        .value_name("STRING")
        .help("A token to specify where to start paginating: the NextToken from a previously truncated response.")];
    if has_limit {
        args.push(
            Arg::new(paging::PAGE_SIZE)
                .long(paging::PAGE_SIZE)
                .value_name("INTEGER")
                .value_parser(clap::value_parser!(i64))
                .allow_negative_numbers(true)
                .help("The size of each page to get in the service call. Does not change the number of items printed."),
        );
    }
    args.push(
        Arg::new(paging::MAX_ITEMS)
            .long(paging::MAX_ITEMS)
            .value_name("INTEGER")
            .value_parser(clap::value_parser!(i64))
            .allow_negative_numbers(true)
            .help("The total number of items to return. When more are available, a NextToken is printed to resume with --starting-token."),
    );
    args
}

fn member_args(command: &str, member: Member<'_>, required: bool, docs: Docs) -> Vec<Arg> {
    let flag = flag_name(command, member.name());
    let shape = member.shape();
    let mut arg = Arg::new(member.name().to_string()).long(flag.clone());
    let mut short = String::new();
    if docs == Docs::With {
        arg = arg.long_help(member_help(member, required));
        short = help::summary(member.documentation());
        if required {
            short = format!("[required] {short}");
        }
    }
    match shape.shape_type() {
        ShapeType::Boolean => vec![
            arg.help(short).action(ArgAction::SetTrue).overrides_with(negated_id(member.name())),
            Arg::new(negated_id(member.name()))
                .long(format!("no-{flag}"))
                .action(ArgAction::SetTrue)
                .help(format!("Sets --{flag} to false."))
                .overrides_with(member.name().to_string()),
        ],
        ShapeType::List => vec![arg.help(short).num_args(1..).value_name(value_name(member))],
        _ => vec![arg.help(short).value_name(value_name(member)).allow_hyphen_values(true)],
    }
}

fn value_name(member: Member<'_>) -> String {
    match member.shape().shape_type() {
        ShapeType::Integer | ShapeType::Long => "INTEGER".into(),
        ShapeType::Structure | ShapeType::Map => "JSON".into(),
        ShapeType::List => match member.shape().list_member().map(|s| s.shape_type()) {
            Some(t) if t.is_scalar() => "VALUE".into(),
            _ => "JSON".into(),
        },
        _ => "STRING".into(),
    }
}

fn member_help(member: Member<'_>, required: bool) -> String {
    let shape = member.shape();
    let mut text = help::html_to_text(member.documentation());
    let mut facts = Vec::new();
    if required {
        facts.push("Required.".to_string());
    }
    let kind = match shape.shape_type() {
        ShapeType::Structure => Some("A structure, as JSON.".to_string()),
        ShapeType::Map => Some("A map, as JSON.".to_string()),
        ShapeType::List => match shape.list_member() {
            Some(item) if item.shape_type().is_scalar() => Some("One or more values, separated by spaces.".into()),
            _ => Some("A list of structures, as JSON.".into()),
        },
        _ => None,
    };
    facts.extend(kind);
    let values = shape.enum_values();
    if !values.is_empty() {
        facts.push(format!("Possible values: {}", values.join(", ")));
    }
    if !facts.is_empty() {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&facts.join(" "));
    }
    text
}

/// The operation chosen on the command line and its own arguments.
#[cfg(test)]
pub fn chosen_operation(matches: &ArgMatches) -> Option<(Operation<'static>, &ArgMatches)> {
    let (name, sub) = matches.subcommand()?;
    Some((model().operation_by_command(name)?, sub))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renamed_and_plain_flags() {
        assert_eq!(flag_name("get-pipeline", "version"), "pipeline-version");
        assert_eq!(flag_name("get-action-type", "version"), "action-version");
        assert_eq!(flag_name("list-webhooks", "NextToken"), "next-token");
        assert_eq!(flag_name("get-pipeline-execution", "pipelineName"), "pipeline-name");
    }
}
