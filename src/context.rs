//! What every command runs with: the global options, the profile's
//! settings and the SDK client, each made once and only when first needed
//! (`validate` reads no profile; `status` formats no `--output`), on one
//! single-threaded runtime.

use crate::cli::globals::{Color, Globals};
use crate::error::CliError;
use crate::invoke::Invoker;
use crate::output::{Format, TableStyle};
use crate::settings::Settings;
use std::io::IsTerminal;
use tokio::sync::OnceCell;

pub struct Context {
    pub globals: Globals,
    runtime: tokio::runtime::Runtime,
    settings: OnceCell<Settings>,
    invoker: OnceCell<Invoker>,
}

impl Context {
    pub fn new(globals: Globals) -> Result<Context, CliError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| CliError::Other(format!("Unable to start the async runtime: {e}")))?;
        Ok(Context { globals, runtime, settings: OnceCell::new(), invoker: OnceCell::new() })
    }

    /// Runs `work` to the end (Ctrl-C ends the process wherever it is: `interrupt`).
    pub fn block_on<T>(&self, work: impl std::future::Future<Output = T>) -> T {
        self.runtime.block_on(work)
    }

    /// The profile's settings, checked as AWS CLI v2 checks them before any call.
    pub async fn settings(&self) -> Result<&Settings, CliError> {
        self.settings
            .get_or_try_init(|| async {
                let settings = Settings::load(self.globals.client.profile.as_deref()).await?;
                crate::localtime::set_format(settings.timestamp_format()?);
                settings.check_binary_format()?;
                Ok(settings)
            })
            .await
    }

    pub async fn invoker(&self) -> Result<&Invoker, CliError> {
        let settings = self.settings().await?;
        self.invoker.get_or_try_init(|| Invoker::new(&self.globals.client, settings)).await
    }

    /// `--output`, else `AWS_DEFAULT_OUTPUT`, else the profile's `output`, else json.
    pub async fn format(&self) -> Result<Format, CliError> {
        let settings = self.settings().await?;
        let name = self
            .globals
            .output
            .clone()
            .or_else(|| settings.get("AWS_DEFAULT_OUTPUT", "output"))
            .unwrap_or_else(|| "json".into());
        Format::parse(&name).ok_or_else(|| {
            CliError::Usage(format!(
                "argument --output: Invalid choice, valid choices are:\n\n{}",
                Format::NAMES.join(" | ")
            ))
        })
    }

    /// The pager for this run's output, if any.
    pub async fn pager(&self) -> Result<Option<String>, CliError> {
        let settings = self.settings().await?;
        Ok(crate::pager::choose(
            self.globals.no_pager,
            std::io::stdout().is_terminal(),
            settings.profile_value("cli_pager"),
        ))
    }

    pub fn color(&self) -> bool {
        match self.globals.color {
            Color::On => true,
            Color::Off => false,
            Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    /// How a table titled `title` is drawn: the width of stdout's terminal,
    /// else 80, as the AWS CLI's table asks it (`COLUMNS` plays no part).
    pub fn table_style(&self, title: &str) -> TableStyle {
        let width = terminal_size::terminal_size_of(std::io::stdout()).map_or(80, |(w, _)| usize::from(w.0));
        TableStyle { title: title.to_string(), width, color: self.color() }
    }
}
