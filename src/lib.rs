//! pharmctl: a DBA and performance-audit toolkit for the PostgreSQL database behind a pharmacy
//! chain's staff scheduling system.
//!
//! Every command follows one path: settings, connect, gather, judge, render. This file holds
//! the module list, [`run`], and the single mapping from outcomes and errors to exit codes.

pub mod bench;
pub mod checks;
pub mod cli;
pub mod commands;
pub mod db;
pub mod doctor;
pub mod error;
pub mod fixtures;
pub mod logging;
pub mod migrate;
pub mod report;
pub mod schedule;
pub mod settings;
pub mod stats;

use std::io::{IsTerminal, Write};

use clap::Parser;
use owo_colors::OwoColorize;

use crate::cli::Cli;
use crate::commands::{Context, Outcome};
use crate::error::Error;
use crate::settings::Settings;

/// Runs the command line and returns the process exit code (DESIGN section 4).
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return code;
        }
    };

    let env = |key: &str| std::env::var(key).ok();
    let settings = match Settings::resolve(&cli.global, &env) {
        Ok(settings) => settings,
        Err(err) => return report_error(&err),
    };
    logging::init(settings.verbosity);
    if let Some(path) = &settings.config_file {
        log::info!("read settings from {}", path.display());
    }

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            return report_error(&Error::database(format!("cannot start the runtime: {err}")));
        }
    };
    let ctx = Context { settings };
    match runtime.block_on(commands::dispatch(cli.command, &ctx)) {
        Ok(Outcome::Done) => 0,
        Ok(Outcome::GateTripped) => 1,
        Err(err) => report_error(&err),
    }
}

/// Prints `error: ...` and the `help:` line on stderr and returns the exit code.
fn report_error(err: &Error) -> i32 {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut stderr = std::io::stderr().lock();
    let (label, help) = if color {
        (
            "error:".red().bold().to_string(),
            "help:".cyan().bold().to_string(),
        )
    } else {
        ("error:".to_string(), "help:".to_string())
    };
    let _ = writeln!(stderr, "{label} {}", err.message());
    if let Some(text) = err.help() {
        let _ = writeln!(stderr, "  {help} {text}");
    }
    err.exit_code()
}
