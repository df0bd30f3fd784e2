//! Any operation of the model, as the AWS CLI runs it: the input assembled
//! from the flags and checked, skeletons, auto-pagination (page by page when
//! the format allows), `--query`, the output format and the pager; and the
//! extensions some operations get beyond the AWS CLI (`--wait`).

use super::Outcome;
use crate::cli;
use crate::cli::input;
use crate::context::Context;
use crate::error::CliError;
use crate::model::Operation;
use crate::output::{self, Format};
use crate::{invoke, query, skeleton, stdout, validate};
use clap::{Arg, ArgMatches, Args as _};
use serde_json::Value;

/// What happens once an extended operation's call has answered, given its
/// input and response (`None`: the response is printed as usual).
type After = fn(&Context, &ArgMatches, &Value, &Value) -> Result<Option<Outcome>, CliError>;

/// What an operation gains beyond the AWS CLI: flags on its command, and
/// what happens once its call has answered.
struct Extension {
    operation: &'static str,
    args: fn() -> Vec<Arg>,
    after: After,
}

const EXTENSIONS: &[Extension] = &[Extension {
    operation: "StartPipelineExecution",
    // Listed after the model's members, as clap lists builder arguments.
    args: || {
        let flags = super::wait::StartWait::augment_args(clap::Command::new(""));
        flags.get_arguments().map(|arg| arg.clone().display_order(None)).collect()
    },
    after: super::wait::StartWait::after,
}];

/// The flags `op` gains beyond its model members.
pub fn extension_args(op: &str) -> Vec<Arg> {
    EXTENSIONS.iter().filter(|e| e.operation == op).flat_map(|e| (e.args)()).collect()
}

/// What the call part of a run comes back with: a response to format, or
/// output already made (paginated listings).
enum Answer {
    Response(Value, Format, Option<String>),
    Finished(Outcome),
}

pub fn run(ctx: &Context, name: &str, matches: &ArgMatches) -> Result<Outcome, CliError> {
    let op = crate::model::model()
        .operation_by_command(name)
        .ok_or_else(|| CliError::Usage("the command is not a CodePipeline operation".into()))?;
    refuse_unsupported(ctx)?;
    let skeleton = cli::skeleton_kind(matches);
    if let Some(kind) = skeleton.as_deref().filter(|kind| *kind != "output") {
        return skeleton::print(kind, op.input()).map(Outcome::text);
    }
    let input = input::assemble(op, matches)?;
    let paging = input::paging(op, ctx.globals.no_paginate, matches, &input)?;
    if let Some(shape) = op.input() {
        let mut sent = input.clone();
        if let Some(paging) = &paging {
            sent.extend(invoke::first_request(op, paging));
        }
        validate::validate(&Value::Object(sent), shape)?;
    }
    let query = ctx.globals.query.as_deref().map(query::Query::compile).transpose()?;
    let sent = Value::Object(input.clone());
    let answer = ctx.block_on(async {
        let format = ctx.format().await?;
        let pager = ctx.pager().await?;
        if skeleton.is_some() {
            // `output`: the inputs are checked, then a sample response stands in for the call.
            return Ok(Answer::Response(skeleton::output(op.output()), format, pager));
        }
        let invoker = ctx.invoker().await?;
        if let Some(paging) = &paging {
            if let Some(outcome) = listing(invoker, op, input.clone(), paging, query.as_ref(), format, &pager).await? {
                return Ok(Answer::Finished(outcome));
            }
        }
        let response = invoker.call(op, input, paging.as_ref()).await?;
        Ok::<_, CliError>(Answer::Response(response, format, pager))
    })?;
    let (mut response, format, pager) = match answer {
        Answer::Finished(outcome) => return Ok(outcome),
        Answer::Response(response, format, pager) => (response, format, pager),
    };
    if skeleton.is_none() {
        for extension in EXTENSIONS.iter().filter(|e| e.operation == op.name()) {
            if let Some(outcome) = (extension.after)(ctx, matches, &sent, &response)? {
                return Ok(outcome);
            }
        }
    }
    if let Some(query) = &query {
        response = query.apply(&response)?;
    }
    let style = ctx.table_style(op.name());
    let mut text = match output::render(format, &response, &style) {
        Ok(text) => text,
        Err(unprintable) => return Ok(Outcome::unprintable(unprintable, pager)),
    };
    if format == Format::Table && style.color && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        // colorama, which colours the AWS CLI's table, resets a terminal's style once more as the process exits.
        text.push_str("\u{1b}[0m");
    }
    // The process ends once the text is out; freeing a listing's 10,000
    // items one by one would only delay that by milliseconds.
    std::mem::forget(response);
    Ok(Outcome { text, pager, ..Outcome::default() })
}

/// A listing formatted as its pages come, where the format allows: `text`
/// with `--query` (the query applies to each page, as in the AWS CLI), and
/// `json` or `text` without one. `None`: the merged response is needed.
async fn listing(
    invoker: &invoke::Invoker,
    op: Operation<'_>,
    input: serde_json::Map<String, Value>,
    paging: &invoke::Paging,
    query: Option<&query::Query>,
    format: Format,
    pager: &Option<String>,
) -> Result<Option<Outcome>, CliError> {
    let Some(result_key) = invoke::result_key(op) else { return Ok(None) };
    if let Some(query) = query {
        if format != Format::Text {
            return Ok(None);
        }
        let pages = output::TextPages::new(result_key);
        let (resume, pages) = invoker.call_pages(op, input, paging, pages).await?;
        return Ok(Some(match pages.render(|page| query.apply(page), resume)? {
            Ok(text) => Outcome { text, pager: pager.clone(), ..Outcome::default() },
            Err(unprintable) => Outcome::unprintable(unprintable, pager.clone()),
        }));
    }
    let Some(paged) = output::PagedOutput::new(format, result_key) else { return Ok(None) };
    // Without a pager, text is printed page by page, as the AWS CLI prints it.
    let paged = if pager.is_none() { paged.print_to(stdout::writer()) } else { paged };
    let (resume, paged) = invoker.call_pages(op, input, paging, paged).await?;
    Ok(Some(match paged.finish(resume) {
        Ok(text) => Outcome { text, pager: pager.clone(), ..Outcome::default() },
        Err(err) => Outcome { unprinted: Some(err), ..Outcome::default() },
    }))
}

/// Options the AWS CLI has that cannot work with CodePipeline here, refused before anything is sent.
fn refuse_unsupported(ctx: &Context) -> Result<(), CliError> {
    if ctx.globals.no_sign_request {
        return Err(CliError::Usage(
            "--no-sign-request cannot be used with CodePipeline: every CodePipeline operation requires signed requests"
                .into(),
        ));
    }
    Ok(())
}
