//! `pharmctl doctor`: read the env file and the pooler URL, diagnose, render, and exit 1 on a
//! fault or 3 when nothing could be reached.

use crate::cli::DoctorArgs;
use crate::db::ConnParams;
use crate::doctor::{EnvFile, Inputs};
use crate::error::{Error, Result};
use crate::report::Level;

use super::{Context, Outcome};

/// Runs `doctor`.
pub async fn run(ctx: &Context, args: &DoctorArgs) -> Result<Outcome> {
    let env_file = args.env_file.as_deref().map(EnvFile::read).transpose()?;
    let pooler = match &args.pooler_url {
        Some(url) => Some(pooler_params(ctx, url)?),
        None => None,
    };
    let inputs = Inputs {
        direct: ctx.conn_params()?,
        statement_timeout: ctx.settings.statement_timeout,
        pooler,
        env_file,
        now: chrono::Utc::now().timestamp(),
    };

    let diagnosis = crate::doctor::diagnose(&inputs).await;

    ctx.emit(&diagnosis.report)?;
    if let Some(err) = diagnosis.unreachable {
        return Err(err);
    }
    if diagnosis.report.worst_level() == Some(Level::Error) {
        return Ok(Outcome::GateTripped);
    }
    Ok(Outcome::Done)
}

/// The pooler's connection parameters: its URL, completed like any other connection string.
fn pooler_params(ctx: &Context, url: &str) -> Result<ConnParams> {
    let mut params =
        ConnParams::resolve(Some(url), &|key| std::env::var(key).ok()).map_err(|e| {
            let err = Error::usage(format!("--pooler-url: {}", e.message()));
            match e.help() {
                Some(help) => err.with_help(help),
                None => err,
            }
        })?;
    if let Some(timeout) = ctx.settings.connect_timeout {
        params.connect_timeout = timeout;
    }
    Ok(params)
}
