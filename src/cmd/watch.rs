//! `watch --name P`: an execution followed live, stage by stage: redrawn in
//! place on a terminal, one line per change otherwise. With a terminal on
//! stdin too, keys act on what is shown (`control`).

use super::execution::{call, ended, now, pipeline_state, until_finished};
use super::wait::Polling;
use super::{typed, Outcome, Tool};
use crate::context::Context;
use crate::error::CliError;
use crate::pipeline::{status, watch};
use clap::{ArgMatches, Args as _, Command};
use serde_json::{json, Value};
use std::io::{IsTerminal, Write};

pub const TOOL: Tool = Tool { name: "watch", command, run };

#[derive(clap::Args)]
struct Args {
    #[arg(long, value_name = "PIPELINE", help = "The name of the pipeline.")]
    name: String,
    #[arg(long, value_name = "ID")]
    pipeline_execution_id: Option<String>,
    #[command(flatten)]
    timing: Polling,
}

fn command() -> Command {
    Args::augment_args(Command::new(TOOL.name))
        .about(
            "Follow an execution live, stage by stage; one line per change when stdout is not a terminal; \
             on a terminal, keys act on it: a approve, x reject, r retry the failed stage, s stop, q quit (each confirmed with y)",
        )
}

fn run(ctx: &Context, matches: &ArgMatches) -> Result<Outcome, CliError> {
    let args: Args = typed(matches)?;
    let color = ctx.color();
    ctx.block_on(async {
        let invoker = ctx.invoker().await?;
        let pipeline = &args.name;
        let execution_id = match &args.pipeline_execution_id {
            Some(id) => id.clone(),
            None => {
                let latest =
                    call(invoker, "ListPipelineExecutions", json!({"pipelineName": pipeline, "maxResults": 1})).await?;
                latest["pipelineExecutionSummaries"][0]["pipelineExecutionId"]
                    .as_str()
                    .ok_or_else(|| CliError::Other(format!("The pipeline {pipeline} has no execution to watch")))?
                    .to_string()
            }
        };
        let terminal = std::io::stdout().is_terminal();
        // Keys only when someone at the terminal can type them.
        if terminal && std::io::stdin().is_terminal() {
            if let Some(keys) = super::keys::Keys::start() {
                return super::control::watch(ctx, pipeline, &execution_id, args.timing.timing(), color, keys).await;
            }
        }
        let mut previous: Option<Value> = None;
        let show = |state: &Value, previous: &mut Option<Value>| {
            let mut stdout = std::io::stdout().lock();
            // A closed stdout ends the watch's output, not the watch.
            let _ = if terminal {
                write!(stdout, "\x1b[H\x1b[2J{}", status::render(state, &now(), color))
            } else {
                watch::transitions(previous.as_ref(), state).iter().try_for_each(|line| writeln!(stdout, "{line}"))
            };
            let _ = stdout.flush();
            *previous = Some(state.clone());
        };
        let mut on_state = |state: &Value| show(state, &mut previous);
        let execution =
            until_finished(invoker, pipeline, &execution_id, args.timing.timing(), Some(&mut on_state)).await?;
        // One last look, so the final statuses are on screen or in the log.
        show(&pipeline_state(invoker, pipeline).await?, &mut previous);
        let status = execution["pipelineExecution"]["status"].as_str().unwrap_or("").to_string();
        Ok(ended(execution, |_| format!("Execution {execution_id}: {status}\n")))
    })
}
