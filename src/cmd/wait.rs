//! `wait pipeline-execution-complete`: until an execution ends, exit 0 on
//! Succeeded and 255 otherwise, as AWS CLI waiters do; and the same waiter
//! behind `start-pipeline-execution --wait`.

use super::execution::{ended, until_finished, Timing};
use super::{typed, Outcome, Tool};
use crate::context::Context;
use crate::error::CliError;
use clap::{ArgMatches, Command, Subcommand as _};
use std::time::Duration;

pub const TOOL: Tool = Tool { name: "wait", command, run };

#[derive(clap::Subcommand)]
enum Waiter {
    #[command(
        about = "Wait until a pipeline execution ends: exit 0 on Succeeded, 255 on Failed, Stopped, Superseded or Cancelled"
    )]
    PipelineExecutionComplete(Complete),
}

#[derive(clap::Args)]
struct Complete {
    #[arg(long, value_name = "PIPELINE", help = "The name of the pipeline.")]
    pipeline_name: String,
    #[arg(long, value_name = "ID")]
    pipeline_execution_id: String,
    #[command(flatten)]
    timing: Polling,
}

/// The longest first delay and the longest wait accepted: an hour and a week.
const MAX_DELAY_SECONDS: u64 = 3600;
const MAX_TIMEOUT_SECONDS: u64 = 7 * 24 * 3600;

// `--delay` and `--timeout` of a waiter (a plain comment: clap would take a doc comment for help).
#[derive(clap::Args)]
pub struct Polling {
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 15,
        value_parser = clap::value_parser!(u64).range(0..=MAX_DELAY_SECONDS),
        help = "Seconds between polls at first; backs off up to 60 while nothing changes."
    )]
    delay: u64,
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 3600,
        value_parser = clap::value_parser!(u64).range(0..=MAX_TIMEOUT_SECONDS),
        help = "Give up (exit 255) after this many seconds."
    )]
    timeout: u64,
}

impl Polling {
    pub fn timing(&self) -> Timing {
        Timing { delay: Duration::from_secs(self.delay), timeout: Duration::from_secs(self.timeout) }
    }
}

fn command() -> Command {
    Waiter::augment_subcommands(Command::new(TOOL.name))
        .about("Wait until a condition is met (exit 0), or fails (exit 255), as AWS CLI waiters do")
        .subcommand_required(true)
}

fn run(ctx: &Context, matches: &ArgMatches) -> Result<Outcome, CliError> {
    let Waiter::PipelineExecutionComplete(args) = typed::<Waiter>(matches)?;
    ctx.block_on(async {
        let invoker = ctx.invoker().await?;
        let format = ctx.format().await?;
        let execution =
            until_finished(invoker, &args.pipeline_name, &args.pipeline_execution_id, args.timing.timing(), None)
                .await?;
        let style = ctx.table_style("GetPipelineExecution");
        Ok(ended(execution, super::execution::render_execution(format, &style)))
    })
}

// `start-pipeline-execution --wait`, with the waiter's timing (a plain comment: clap would take a doc comment for help).
#[derive(clap::Args)]
pub struct StartWait {
    #[arg(long, help = "Wait for the execution to end: exit 0 on Succeeded, 255 otherwise.")]
    wait: bool,
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 15,
        value_parser = clap::value_parser!(u64).range(0..=MAX_DELAY_SECONDS),
        help = "With --wait: seconds between polls at first."
    )]
    delay: u64,
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 3600,
        value_parser = clap::value_parser!(u64).range(0..=MAX_TIMEOUT_SECONDS),
        help = "With --wait: give up after this many seconds."
    )]
    timeout: u64,
}

impl StartWait {
    /// Waits for the execution the start's `response` names, if `--wait` was given.
    pub fn after(
        ctx: &Context,
        matches: &ArgMatches,
        input: &serde_json::Value,
        response: &serde_json::Value,
    ) -> Result<Option<Outcome>, CliError> {
        let args: StartWait = typed(matches)?;
        if !args.wait {
            return Ok(None);
        }
        let pipeline = input["name"].as_str().unwrap_or_default().to_string();
        let execution_id = response["pipelineExecutionId"].as_str().unwrap_or_default().to_string();
        let timing = Timing { delay: Duration::from_secs(args.delay), timeout: Duration::from_secs(args.timeout) };
        ctx.block_on(async {
            let invoker = ctx.invoker().await?;
            let format = ctx.format().await?;
            let execution = until_finished(invoker, &pipeline, &execution_id, timing, None).await?;
            let style = ctx.table_style("GetPipelineExecution");
            Ok(Some(ended(execution, super::execution::render_execution(format, &style))))
        })
    }
}
