//! `codepipeline`: the AWS CodePipeline command line, command for command with
//! `aws codepipeline`.

mod alias;
mod args;
mod completion;
mod document;
mod error;
mod help;
mod input;
mod interrupt;
mod invoke;
mod json_loads;
mod localtime;
#[cfg(test)]
mod manpages;
mod model;
mod output;
mod pager;
mod pipeline;
mod python;
mod query;
mod settings;
mod shorthand;
mod tools;
mod skeleton;
mod stdout;
mod validate;

use error::{exit, CliError};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    interrupt::install();
    completion::complete_if_asked();
    let mut argv = match text_args(std::env::args_os()).and_then(expand_alias) {
        Ok(argv) => argv,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::from(err.exit_code());
        }
    };
    args::help_word_as_flag(&mut argv);
    let matches = match args::command_for(&argv).try_get_matches_from(&argv) {
        Ok(matches) => matches,
        Err(err) => return clap_exit(err),
    };
    match run(&matches) {
        Ok(Printed { text, pager, failure, unprinted }) => {
            let code = match (unprinted, pager) {
                (Some(err), _) => write_failure(err),
                (None, Some(command)) => match pager::show(&text, &command) {
                    Ok(()) => ExitCode::from(exit::OK),
                    Err(err) => {
                        eprintln!("{err}");
                        ExitCode::from(err.exit_code())
                    }
                },
                (None, None) => write_stdout(&text),
            };
            match failure {
                Some(err) => {
                    eprintln!("{err}");
                    ExitCode::from(err.exit_code())
                }
                None => code,
            }
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::from(err.exit_code())
        }
    }
}

/// The command line as text: every argument is a name, a number or text
/// for a JSON document, none of which can hold bytes that are not UTF-8.
fn text_args(args: impl Iterator<Item = std::ffi::OsString>) -> Result<Vec<String>, CliError> {
    let mut argv: Vec<String> = Vec::new();
    for arg in args {
        match arg.into_string() {
            Ok(text) => argv.push(text),
            Err(raw) => {
                let shown = raw.as_encoded_bytes().escape_ascii().to_string();
                let message = match argv.last().filter(|word| argv.len() > 1 && word.starts_with("--")) {
                    Some(flag) => format!("argument {flag}: the value '{shown}' is not valid UTF-8"),
                    None => format!("the argument '{shown}' is not valid UTF-8"),
                };
                return Err(CliError::Usage(message));
            }
        }
    }
    Ok(argv)
}

/// The command line with an alias expanded; a shell alias runs here and
/// its exit status ends the process.
fn expand_alias(argv: Vec<String>) -> Result<Vec<String>, CliError> {
    let Some(at) = args::command_position(&argv) else { return Ok(argv) };
    match alias::expand(&argv, at, args::is_command).map_err(CliError::Other)? {
        alias::Expanded::Args(expanded) => Ok(expanded),
        alias::Expanded::Shell(command) => {
            let status = std::process::Command::new("sh")
                .args(["-c", &command])
                .status()
                .map_err(|e| CliError::Other(format!("Unable to run the alias: {e}")))?;
            let code = status.code().and_then(|c| u8::try_from(c).ok()).unwrap_or(exit::OTHER);
            std::process::exit(i32::from(code))
        }
    }
}

/// Help and version go to stdout with success (unless stdout cannot take
/// them); anything else is a usage error.
fn clap_exit(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    use std::io::IsTerminal;
    if !matches!(err.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        // Printing to stderr can only fail where there is no one left to tell.
        let _ = err.print();
        return ExitCode::from(exit::USAGE);
    }
    let rendered = err.render();
    let text = if std::io::stdout().is_terminal() { rendered.ansi().to_string() } else { rendered.to_string() };
    write_stdout(&text)
}

/// What a successful run prints, and the pager to print it through.
struct Printed {
    text: String,
    pager: Option<String>,
    /// A failure to report after printing (a waiter that saw the execution fail).
    failure: Option<CliError>,
    /// Why output printed as it came (a long listing's text) stopped.
    unprinted: Option<std::io::Error>,
}

impl Printed {
    fn plain(text: String) -> Self {
        Printed { text, pager: None, failure: None, unprinted: None }
    }
}

impl From<tools::Outcome> for Printed {
    fn from(outcome: tools::Outcome) -> Self {
        Printed { text: outcome.stdout, pager: None, failure: outcome.failure, unprinted: None }
    }
}

/// What the call part of a run comes back with: a response to format, or
/// output already made (start-pipeline-execution --wait, paginated listings).
enum Answer {
    Response(serde_json::Value, output::Format, Option<String>),
    Finished(Printed),
}

/// Runs `work` to the end on a single-threaded runtime (Ctrl-C ends the
/// process wherever it is: `interrupt`).
fn interruptible<T>(work: impl std::future::Future<Output = Result<T, CliError>>) -> Result<T, CliError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Other(format!("Unable to start the async runtime: {e}")))?;
    runtime.block_on(work)
}

fn run(matches: &clap::ArgMatches) -> Result<Printed, CliError> {
    if let Some((args::COMPLETION, sub)) = matches.subcommand() {
        let shell = sub.get_one::<String>("shell").map(String::as_str).unwrap_or_default();
        return completion::registration(shell)
            .map(Printed::plain)
            .ok_or_else(|| CliError::Usage(format!("no completion script for the shell {shell}")));
    }
    if let Some((name, sub)) = matches.subcommand().filter(|(name, _)| tools::is_tool(name)) {
        return run_tool(name, sub, matches);
    }
    let (op, op_matches) = args::chosen_operation(matches)
        .ok_or_else(|| CliError::Usage("the command is not a CodePipeline operation".into()))?;
    refuse_unsupported(matches)?;
    let skeleton = op_matches.get_one::<String>(args::GENERATE_CLI_SKELETON).cloned();
    if let Some(kind) = skeleton.as_deref().filter(|kind| *kind != "output") {
        return skeleton::print(kind, op.input()).map(Printed::plain);
    }
    let input = input::assemble(op, op_matches)?;
    let paging = input::paging(op, matches, op_matches, &input)?;
    if let Some(shape) = op.input() {
        let mut sent = input.clone();
        if let Some(paging) = &paging {
            sent.extend(invoke::first_request(op, paging));
        }
        validate::validate(&serde_json::Value::Object(sent), shape)?;
    }
    let options = args::client_options(matches)?;
    let format_flag = matches.get_one::<String>(args::global::OUTPUT).cloned();
    let query = matches.get_one::<String>(args::global::QUERY).map(|text| query::Query::compile(text)).transpose()?;

    let no_pager = matches.get_flag(args::global::NO_CLI_PAGER);
    let answer = interruptible(async {
        let settings = settings::Settings::load(options.profile.as_deref()).await?;
        localtime::set_format(settings.timestamp_format()?);
        settings.check_binary_format()?;
        let format = output_format(format_flag, &settings)?;
        let pager = {
            use std::io::IsTerminal;
            pager::choose(no_pager, std::io::stdout().is_terminal(), settings.profile_value("cli_pager"))
        };
        if skeleton.is_some() {
            // `output`: the inputs are checked, then a sample response stands in for the call.
            return Ok(Answer::Response(skeleton::output(op.output()), format, pager));
        }
        let invoker = invoke::Invoker::new(&options, &settings).await?;
        if let (Some(paging), Some(query), output::Format::Text) = (paging.as_ref(), query.as_ref(), format) {
            if let Some(result_key) = invoke::result_key(op) {
                let pages = output::TextPages::new(result_key);
                let (resume, pages) =
                    invoker.call_pages(op, input, paging, pages, |pages, page| pages.page(page.had_key, page.items)).await?;
                let text = pages.render(|page| query.apply(page), resume)?;
                return Ok(Answer::Finished(Printed { text, pager, failure: None, unprinted: None }));
            }
        }
        // A listing without --query is formatted page by page (when the format allows).
        // Without a pager, text is printed page by page, as the AWS CLI prints it.
        let paged = paging.as_ref().filter(|_| query.is_none()).and_then(|paging| {
            let result_key = invoke::result_key(op)?;
            let paged = output::PagedOutput::new(format, result_key)?;
            Some((paging, if pager.is_none() { paged.print_text_to(stdout::writer()) } else { paged }))
        });
        if let Some((paging, paged)) = paged {
            let (resume, paged) =
                invoker.call_pages(op, input, paging, paged, |paged, page| paged.page(page.had_key, page.items)).await?;
            let printed = match paged.finish(resume) {
                Ok(text) => Printed { text, pager, failure: None, unprinted: None },
                Err(err) => Printed { text: String::new(), pager: None, failure: None, unprinted: Some(err) },
            };
            return Ok(Answer::Finished(printed));
        }
        let pipeline = input.get("name").and_then(|n| n.as_str()).unwrap_or_default().to_string();
        let response = invoker.call(op, input, paging.as_ref()).await?;
        if op_matches.try_get_one::<bool>(tools::START_WAIT).ok().flatten() == Some(&true) {
            let render = execution_renderer(format, matches);
            let waited = tools::wait_for_started(&invoker, &pipeline, &response, op_matches, render).await?;
            return Ok(Answer::Finished(waited.into()));
        }
        Ok(Answer::Response(response, format, pager))
    })?;
    let (mut response, format, pager) = match answer {
        Answer::Finished(printed) => return Ok(printed),
        Answer::Response(response, format, pager) => (response, format, pager),
    };
    if let Some(query) = &query {
        response = query.apply(&response)?;
    }
    let style = table_style(op.name(), matches);
    let mut text = output::render(format, &response, &style);
    if format == output::Format::Table && style.color && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        // colorama, which colours the AWS CLI's table, resets a terminal's style once more as the process exits.
        text.push_str("\u{1b}[0m");
    }
    // The process ends once the text is out; freeing a listing's 10,000
    // items one by one would only delay that by milliseconds.
    std::mem::forget(response);
    Ok(Printed { text, pager, failure: None, unprinted: None })
}

fn table_style(title: &str, matches: &clap::ArgMatches) -> output::TableStyle {
    output::TableStyle { title: title.to_string(), width: terminal_width(), color: use_color(matches) }
}

/// How a waiter prints the execution it ends with: as get-pipeline-execution would.
fn execution_renderer(format: output::Format, matches: &clap::ArgMatches) -> impl Fn(&serde_json::Value) -> String + '_ {
    move |value| output::render(format, value, &table_style("GetPipelineExecution", matches))
}

/// The commands beyond the AWS CLI (`tools`).
fn run_tool(name: &str, sub: &clap::ArgMatches, matches: &clap::ArgMatches) -> Result<Printed, CliError> {
    if name == tools::VALIDATE {
        return tools::run_validate(sub).map(Printed::from);
    }
    let options = args::client_options(matches)?;
    let format_flag = matches.get_one::<String>(args::global::OUTPUT).cloned();
    let color = use_color(matches);
    let outcome = interruptible(async {
        let settings = settings::Settings::load(options.profile.as_deref()).await?;
        localtime::set_format(settings.timestamp_format()?);
        settings.check_binary_format()?;
        let format = output_format(format_flag, &settings)?;
        let invoker = invoke::Invoker::new(&options, &settings).await?;
        match name {
            tools::WAIT => tools::run_wait(&invoker, sub, execution_renderer(format, matches)).await,
            tools::WATCH => tools::run_watch(&invoker, sub, color).await,
            tools::STATUS => tools::run_status(&invoker, sub, color).await,
            _ => tools::run_diff(&invoker, sub, color).await,
        }
    })?;
    Ok(outcome.into())
}

/// The width of stdout's terminal, else 80, as the AWS CLI's table asks it
/// (`COLUMNS` plays no part).
fn terminal_width() -> usize {
    terminal_size::terminal_size_of(std::io::stdout()).map_or(80, |(w, _)| usize::from(w.0))
}

/// `--color on|off|auto`: auto means stdout is a terminal and `NO_COLOR` is not set.
fn use_color(matches: &clap::ArgMatches) -> bool {
    use std::io::IsTerminal;
    match matches.get_one::<String>(args::global::COLOR).map(String::as_str) {
        Some("on") => true,
        Some("off") => false,
        _ => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// `--output`, else `AWS_DEFAULT_OUTPUT`, else the profile's `output`, else json.
fn output_format(flag: Option<String>, settings: &settings::Settings) -> Result<output::Format, CliError> {
    let name = flag.or_else(|| settings.get("AWS_DEFAULT_OUTPUT", "output")).unwrap_or_else(|| "json".into());
    output::Format::parse(&name).ok_or_else(|| {
        CliError::Usage(format!(
            "argument --output: Invalid choice, valid choices are:\n\n{}",
            output::Format::NAMES.join(" | ")
        ))
    })
}

/// Options the AWS CLI has that cannot work with CodePipeline here, refused before anything is sent.
fn refuse_unsupported(matches: &clap::ArgMatches) -> Result<(), CliError> {
    if matches.get_flag(args::global::CLI_AUTO_PROMPT) {
        return Err(CliError::Usage(
            "--cli-auto-prompt is not supported yet: give the command with its parameters \
             (codepipeline <command> help lists them)"
                .into(),
        ));
    }
    if matches.get_flag(args::global::NO_SIGN_REQUEST) {
        return Err(CliError::Usage(
            "--no-sign-request cannot be used with CodePipeline: every CodePipeline operation requires signed requests".into(),
        ));
    }
    Ok(())
}

/// Writes the whole document at once; a reader that went away (`| head`) is not an error.
fn write_stdout(text: &str) -> ExitCode {
    let mut stdout = stdout::writer();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::from(exit::OK),
        Err(e) => write_failure(e),
    }
}

/// A reader that went away (`| head`) is not a failure; anything else is.
fn write_failure(err: std::io::Error) -> ExitCode {
    if err.kind() == std::io::ErrorKind::BrokenPipe {
        return ExitCode::from(exit::OK);
    }
    eprintln!("\nUnable to write the output: {err}");
    ExitCode::from(exit::OTHER)
}
