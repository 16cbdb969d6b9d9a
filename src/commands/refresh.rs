//! `pharmctl refresh`: refresh the analytics views for cron. Quiet when all is well, a warning
//! when another run holds the lock (exit 0), exit 3 when a refresh fails.

use std::time::Duration;

use crate::cli::RefreshArgs;
use crate::db::{Access, SessionOptions};
use crate::error::Result;
use crate::report::{Report, Section, Table, Value};
use crate::schedule::refresh::{self, Lock, Outcome as ViewOutcome, View};
use crate::settings::Verbosity;

use super::{Context, Outcome, elapsed};

/// How refresh times are shown.
const TIME: &str = "%Y-%m-%d %H:%M:%S UTC";

/// Runs `refresh`.
pub async fn run(ctx: &Context, args: &RefreshArgs) -> Result<Outcome> {
    let params = ctx.conn_params()?;
    let options = SessionOptions {
        access: Access::ReadWrite,
        statement_timeout: Some(ctx.settings.refresh_timeout),
    };
    let session = crate::db::Session::connect(&params, &options).await?;
    let client = session.client();
    let views = refresh::views(client, args.view.as_deref()).await?;

    let wait = if args.wait {
        ctx.settings.refresh_timeout
    } else {
        Duration::ZERO
    };
    if let Lock::Busy(holder) = refresh::lock(client, wait).await? {
        let by = holder.map_or(String::new(), |pid| format!(" (pid {pid})"));
        log::warn!("skipped: a refresh is already running{by}");
        return Ok(Outcome::Done);
    }

    let mut done = Vec::new();
    for view in &views {
        warn_if_blocking(view);
        match refresh::refresh(client, view, args.if_older_than).await {
            Ok(outcome) => {
                log_outcome(view, &outcome);
                done.push((view.qualified(), outcome));
            }
            Err(err) => {
                let _ = refresh::unlock(client).await;
                return Err(err);
            }
        }
    }
    refresh::unlock(client).await?;

    if ctx.settings.verbosity >= Verbosity::Verbose {
        ctx.emit(&report(&done, params.target()))?;
    }
    Ok(Outcome::Done)
}

fn warn_if_blocking(view: &View) {
    let why = if !view.is_populated {
        "has never been populated"
    } else if !view.has_unique_index {
        "has no unique index on plain columns"
    } else {
        return;
    };
    log::warn!(
        "view {} {why}: refreshing it without CONCURRENTLY, which blocks its readers meanwhile",
        view.qualified()
    );
}

fn log_outcome(view: &View, outcome: &ViewOutcome) {
    match outcome {
        ViewOutcome::Refreshed {
            duration,
            rows,
            concurrently,
        } => log::info!(
            "refreshed {}{} in {}: {rows} rows",
            view.qualified(),
            if *concurrently { " concurrently" } else { "" },
            elapsed(*duration)
        ),
        ViewOutcome::Fresh { last_refreshed } => {
            log::info!(
                "skipped {}: refreshed at {}",
                view.qualified(),
                last_refreshed.format(TIME)
            );
        }
    }
}

fn report(done: &[(String, ViewOutcome)], subject: String) -> Report {
    let mut report = Report::new("refresh", "pharmctl refresh");
    report.subject = Some(subject);
    let mut table = Table::new(
        "views",
        &[
            ("view", "View"),
            ("outcome", "Outcome"),
            ("duration_ms", "Time"),
            ("rows", "Rows"),
        ],
    );
    for (name, outcome) in done {
        let row = match outcome {
            ViewOutcome::Refreshed {
                duration,
                rows,
                concurrently,
            } => vec![
                Value::Text(name.clone()),
                Value::Text(
                    if *concurrently {
                        "refreshed concurrently"
                    } else {
                        "refreshed"
                    }
                    .into(),
                ),
                Value::Millis(duration.as_secs_f64() * 1000.0),
                Value::Int(*rows),
            ],
            ViewOutcome::Fresh { last_refreshed } => vec![
                Value::Text(name.clone()),
                Value::Text(format!("fresh (refreshed {})", last_refreshed.format(TIME))),
                Value::Missing("-"),
                Value::Missing("-"),
            ],
        };
        table.rows.push(row);
    }
    let mut section = Section::new("views", "Analytics views");
    section.tables.push(table);
    report.sections.push(section);
    report
}
