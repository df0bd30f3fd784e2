//! `watch` on a terminal that also takes keys: a approves, x rejects the
//! pending approval, r retries the failed stage, s stops the execution, q
//! ends the watch. Each action is confirmed with y first (one stray key
//! must not approve a deployment), then sent as the `approve`, `retry` and
//! `stop` commands send it; a refusal from the service is shown on the
//! screen and the watch goes on.

use super::execution::{call, ended, next_delay, now, pipeline_state, timed_out, Timing};
use super::keys::Keys;
use super::operate::Request;
use super::Outcome;
use crate::context::Context;
use crate::error::CliError;
use crate::pipeline::operate::{failed_stages, matching};
use crate::pipeline::{status, watch};
use serde_json::{json, Value};
use std::io::Write;
use tokio::time::Instant;

const HELP: &str = "keys: a approve · x reject · r retry failed stage · s stop · q quit";

/// What the watch does with a key.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Intent {
    Approve,
    Reject,
    Retry,
    Stop,
    Quit,
}

pub fn intent(key: u8) -> Option<Intent> {
    match key {
        b'a' => Some(Intent::Approve),
        b'x' => Some(Intent::Reject),
        b'r' => Some(Intent::Retry),
        b's' => Some(Intent::Stop),
        b'q' => Some(Intent::Quit),
        _ => None,
    }
}

/// What a confirmed action sends, and the line that asks for the confirmation.
struct Planned {
    question: String,
    request: Request,
    done: String,
}

struct Watch<'a> {
    ctx: &'a Context,
    pipeline: &'a str,
    execution: &'a str,
    color: bool,
    /// The declaration, read on the first approval key: only it tells approvals apart.
    declaration: Option<Value>,
    state: Value,
    note: String,
    planned: Option<Planned>,
}

impl Watch<'_> {
    fn draw(&self) {
        let mut stdout = std::io::stdout().lock();
        // A closed stdout ends the watch's output, not the watch.
        let _ = write!(
            stdout,
            "\x1b[H\x1b[2J{}\n{HELP}\n{}\n",
            status::render(&self.state, &now(), self.color),
            self.planned.as_ref().map_or(self.note.as_str(), |p| p.question.as_str())
        );
        let _ = stdout.flush();
    }

    /// The action `intent` would take on the state shown, or why there is none.
    async fn plan(&mut self, intent: Intent) -> Result<Planned, String> {
        let pipeline = self.pipeline;
        match intent {
            Intent::Approve | Intent::Reject => {
                if self.declaration.is_none() {
                    let invoker = self.ctx.invoker().await.map_err(|e| e.to_string())?;
                    let declared =
                        call(invoker, "GetPipeline", json!({"name": pipeline})).await.map_err(|e| e.to_string())?;
                    self.declaration = Some(declared);
                }
                let declared = self.declaration.as_ref().unwrap_or(&Value::Null);
                let invoker = self.ctx.invoker().await.map_err(|e| e.to_string())?;
                let waiting = super::approve::waiting(invoker, pipeline, declared, Some(self.execution))
                    .await
                    .map_err(|e| e.to_string().trim().to_string())?;
                let mut pending = matching(waiting, None, None, Some(self.execution));
                let Some(approval) = pending.pop() else { return Err("No approval is pending".into()) };
                if !pending.is_empty() {
                    return Err(format!(
                        "{} approvals are pending: answer one with codepipeline approve --name {pipeline} --stage S --action A",
                        pending.len() + 1
                    ));
                }
                let (verb, status) =
                    if intent == Intent::Approve { ("Approve", "Approved") } else { ("Reject", "Rejected") };
                let target = format!("{}/{}", approval.stage, approval.action);
                Ok(Planned {
                    question: format!("{verb} {target} in execution {}? y/n", self.execution),
                    request: Request::approval(
                        pipeline,
                        &approval,
                        status,
                        &format!("{status} from codepipeline watch"),
                    ),
                    done: format!("{status} {target}"),
                })
            }
            Intent::Retry => {
                let mut failed = failed_stages(&self.state, self.execution);
                let Some(run) = failed.pop() else {
                    return Err(format!("No stage failed in execution {}", self.execution));
                };
                if !failed.is_empty() {
                    return Err(format!("Several stages failed: use codepipeline retry --name {pipeline} --stage S"));
                }
                Ok(Planned {
                    question: format!("Retry the failed actions of {} in execution {}? y/n", run.stage, self.execution),
                    request: Request::retry(pipeline, &run, "FAILED_ACTIONS"),
                    done: format!("Retried {}", run.stage),
                })
            }
            Intent::Stop => Ok(Planned {
                question: format!("Stop execution {} (its actions in progress finish)? y/n", self.execution),
                request: Request::stop(pipeline, self.execution, false, Some("Stopped from codepipeline watch")),
                done: format!("Stopping execution {}", self.execution),
            }),
            Intent::Quit => Err(String::new()),
        }
    }

    /// Handles one key; true when something was sent (time to poll again).
    async fn key(&mut self, key: u8) -> bool {
        if let Some(planned) = self.planned.take() {
            if key != b'y' {
                self.note = "Cancelled".into();
                return false;
            }
            self.note = match planned.request.send(self.ctx).await {
                Ok(_) => planned.done,
                // The error's text starts with a blank line (stderr's layout).
                Err(err) => err.to_string().trim().to_string(),
            };
            return true;
        }
        if let Some(intent) = intent(key) {
            match self.plan(intent).await {
                Ok(planned) => self.planned = Some(planned),
                Err(why) => self.note = why,
            }
        }
        false
    }
}

/// Follows `execution` until it ends (the waiter's verdict) or q is pressed (0).
pub async fn watch(
    ctx: &Context,
    pipeline: &str,
    execution: &str,
    timing: Timing,
    color: bool,
    mut keys: Keys,
) -> Result<Outcome, CliError> {
    let invoker = ctx.invoker().await?;
    let mut view = Watch {
        ctx,
        pipeline,
        execution,
        color,
        declaration: None,
        state: Value::Null,
        note: String::new(),
        planned: None,
    };
    let started = Instant::now();
    let mut delay = timing.delay;
    let mut last_status = String::new();
    loop {
        view.state = pipeline_state(invoker, pipeline).await?;
        view.draw();
        let response =
            call(invoker, "GetPipelineExecution", json!({"pipelineName": pipeline, "pipelineExecutionId": execution}))
                .await?;
        let status = response["pipelineExecution"]["status"].as_str().unwrap_or("").to_string();
        if watch::execution_finished(&status).is_some() {
            view.state = pipeline_state(invoker, pipeline).await?;
            view.draw();
            return Ok(ended(response, |_| format!("Execution {execution}: {status}\n")));
        }
        if started.elapsed().saturating_add(delay) > timing.timeout {
            return Err(timed_out(timing, &status));
        }
        delay = next_delay(delay, status == last_status);
        last_status = status.clone();
        let next_poll = Instant::now() + delay;
        loop {
            tokio::select! {
                () = tokio::time::sleep_until(next_poll) => break,
                key = keys.typed.recv() => match key {
                    Some(b'q') if view.planned.is_none() => {
                        return Ok(Outcome::text(format!("Stopped watching execution {execution} ({status})\n")));
                    }
                    Some(key) => {
                        let sent = view.key(key).await;
                        view.draw();
                        if sent {
                            // Show what the action changed now, at the first pace again.
                            delay = timing.delay;
                            break;
                        }
                    }
                    // Stdin ended: no more keys, the watch goes on.
                    None => {
                        tokio::time::sleep_until(next_poll).await;
                        break;
                    }
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_intents() {
        assert_eq!(intent(b'a'), Some(Intent::Approve));
        assert_eq!(intent(b'x'), Some(Intent::Reject));
        assert_eq!(intent(b'r'), Some(Intent::Retry));
        assert_eq!(intent(b's'), Some(Intent::Stop));
        assert_eq!(intent(b'q'), Some(Intent::Quit));
        assert_eq!(intent(b'y'), None);
    }
}
