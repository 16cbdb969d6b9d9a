//! One thin module per subcommand, wiring settings, connections, gathering and rendering.
//! Business logic lives in the modules they call.

mod audit;
mod bench;
mod completions;
mod conflicts;
mod demo;
mod doctor;
mod fixtures;
mod migrate;
mod refresh;
mod stats;
mod summary;

use std::io::{IsTerminal, Write};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::Command;
use crate::db::{Access, ConnParams, Session, SessionOptions};
use crate::error::{Error, Result};
use crate::report::{Report, ReportSet, Style};
use crate::settings::{Settings, Verbosity};

/// How a command that ran to the end finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done, and no gate tripped (exit 0).
    Done,
    /// A gate tripped (exit 1).
    GateTripped,
}

/// What every command gets: the resolved settings.
pub struct Context {
    /// The resolved settings.
    pub settings: Settings,
}

impl Context {
    /// Connection parameters from the settings, the `PG*` variables and the password file.
    pub fn conn_params(&self) -> Result<ConnParams> {
        let conninfo = self
            .settings
            .database_url
            .as_ref()
            .map(|(url, _)| url.as_str());
        self.params_for(conninfo)
    }

    /// Connection parameters from `conninfo`, the `PG*` variables and the password file, with
    /// the configured connect timeout.
    pub fn params_for(&self, conninfo: Option<&str>) -> Result<ConnParams> {
        let mut params = ConnParams::resolve(conninfo, &|key| std::env::var(key).ok())?;
        if let Some(timeout) = self.settings.connect_timeout {
            params.connect_timeout = timeout;
        }
        Ok(params)
    }

    /// Opens a session; read-only sessions also get the configured `statement_timeout`.
    pub async fn connect(&self, params: &ConnParams, access: Access) -> Result<Session> {
        let statement_timeout = match access {
            Access::ReadOnly => Some(self.settings.statement_timeout),
            Access::ReadWrite => None,
        };
        let started = std::time::Instant::now();
        let session = Session::connect(
            params,
            &SessionOptions {
                access,
                statement_timeout,
            },
        )
        .await?;
        log::info!(
            "connected to {} in {}",
            params.target(),
            elapsed(started.elapsed())
        );
        Ok(session)
    }

    /// Writes the report to stdout in the chosen format. A closed pipe is not an error.
    pub fn emit(&self, report: &Report) -> Result<()> {
        self.write_stdout(|style, out| crate::report::render(report, style, out))
    }

    /// Writes a set of reports to stdout in the chosen format.
    pub fn emit_set(&self, set: &ReportSet) -> Result<()> {
        self.write_stdout(|style, out| crate::report::render_set(set, style, out))
    }

    fn write_stdout(
        &self,
        render: impl FnOnce(Style, &mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        let style = Style {
            format: self.settings.format,
            color: self.settings.color,
        };
        let mut stdout = std::io::stdout().lock();
        let written = render(style, &mut stdout).and_then(|()| stdout.flush());
        match written {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::usage(format!(
                "cannot write the report to stdout: {e}"
            ))),
            _ => Ok(()),
        }
    }

    /// A progress bar on stderr, drawn only on a terminal and never with `-q`.
    pub fn progress(&self, message: &'static str) -> ProgressBar {
        let visible = self.settings.verbosity > Verbosity::Quiet && std::io::stderr().is_terminal();
        let bar = ProgressBar::with_draw_target(
            None,
            if visible {
                ProgressDrawTarget::stderr()
            } else {
                ProgressDrawTarget::hidden()
            },
        );
        if let Ok(style) =
            ProgressStyle::with_template("{msg} [{bar:30}] {human_pos}/{human_len} rows ({eta})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(message);
        bar
    }
}

/// Runs one subcommand.
pub async fn dispatch(command: Command, ctx: &Context) -> Result<Outcome> {
    match command {
        Command::Audit(args) => audit::run(ctx, &args).await,
        Command::Stats(args) => stats::run(ctx, &args).await,
        Command::Fixtures(command) => fixtures::run(ctx, command).await,
        Command::Migrate(args) => migrate::run(ctx, args).await,
        Command::Bench(command) => bench::run(ctx, command).await,
        Command::Demo(args) => demo::run(ctx, &args).await,
        Command::Conflicts(args) => conflicts::run(ctx, &args).await,

        Command::Doctor(args) => doctor::run(ctx, &args).await,
        Command::Refresh(args) => refresh::run(ctx, &args).await,
        Command::Summary(command) => summary::run(ctx, command).await,
        Command::Completions(args) => completions::run(&args),
    }
}

/// `1.23 s` or `45 ms`, for logs.
pub fn elapsed(duration: Duration) -> String {
    if duration >= Duration::from_secs(1) {
        format!("{:.2} s", duration.as_secs_f64())
    } else {
        format!("{} ms", duration.as_millis())
    }
}
