//! The history table `pharmctl.migrations`: one row per version with its checksum, state
//! (running, applied, failed), statements done, who ran it, when, how long, and which pharmctl
//! version. Created on first `up` or `baseline`, while holding the runner lock.

use tokio_postgres::{Client, Row};

use crate::error::{Error, Result, describe_pg};

use super::files::Migration;

const SETUP_SQL: &str = include_str!("../../sql/migrate/history_setup.sql");
const EXISTS_SQL: &str = include_str!("../../sql/migrate/history_exists.sql");
const READ_SQL: &str = include_str!("../../sql/migrate/history_read.sql");
const START_SQL: &str = include_str!("../../sql/migrate/history_start.sql");
const PROGRESS_SQL: &str = include_str!("../../sql/migrate/history_progress.sql");
const FINISH_SQL: &str = include_str!("../../sql/migrate/history_finish.sql");
const RECORD_SQL: &str = include_str!("../../sql/migrate/history_record.sql");

/// pharmctl's version, recorded with every run.
pub const PHARMCTL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A migration's state in the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunState {
    /// A runner started it and has not finished (or died).
    Running,
    /// Applied completely.
    Applied,
    /// The last attempt failed.
    Failed,
}

/// One row of the history.
#[derive(Debug, Clone)]
pub struct HistoryRow {
    pub version: i32,
    pub name: String,
    pub checksum: String,
    pub state: RunState,
    pub statements_done: i32,
    pub statements_total: i32,
    pub baselined: bool,
    pub applied_by: String,
    /// `YYYY-MM-DD HH:MM:SS` in UTC.
    pub started_at: String,
    pub duration_ms: Option<i64>,
    pub pharmctl_version: String,
    pub error: Option<String>,
}

/// How a finished run is recorded in one statement.
#[derive(Debug, Clone)]
pub struct Record<'a> {
    pub migration: &'a Migration,
    pub state: RunState,
    pub statements_done: i32,
    pub statements_total: i32,
    pub baselined: bool,
    pub duration_ms: i64,
    pub error: Option<String>,
}

fn state_name(state: RunState) -> &'static str {
    match state {
        RunState::Running => "running",
        RunState::Applied => "applied",
        RunState::Failed => "failed",
    }
}

fn history_error(what: &str, err: &tokio_postgres::Error) -> Error {
    Error::database(format!(
        "{what} the migration history pharmctl.migrations failed: {}",
        describe_pg(err)
    ))
    .with_help("the role running migrate needs CREATE on the database and owns schema pharmctl")
}

/// Creates schema `pharmctl` and the history table when absent.
pub async fn ensure(client: &Client) -> Result<()> {
    client
        .batch_execute(SETUP_SQL)
        .await
        .map_err(|e| history_error("creating", &e))
}

/// Reads the history; empty when pharmctl never ran on this database.
pub async fn read(client: &Client) -> Result<Vec<HistoryRow>> {
    let present = client
        .query_one(EXISTS_SQL, &[])
        .await
        .map_err(|e| history_error("looking for", &e))?;
    if !present.get::<_, bool>("present") {
        return Ok(Vec::new());
    }
    let rows = client
        .query(READ_SQL, &[])
        .await
        .map_err(|e| history_error("reading", &e))?;
    rows.iter().map(row_from).collect()
}

fn row_from(row: &Row) -> Result<HistoryRow> {
    let state: String = row.get("state");
    let state = match state.as_str() {
        "running" => RunState::Running,
        "applied" => RunState::Applied,
        "failed" => RunState::Failed,
        other => {
            return Err(
                Error::database(format!("unknown state `{other}` in pharmctl.migrations"))
                    .with_help("the history table was edited by hand; restore its state column"),
            );
        }
    };
    Ok(HistoryRow {
        version: row.get("version"),
        name: row.get("name"),
        checksum: row.get("checksum"),
        state,
        statements_done: row.get("statements_done"),
        statements_total: row.get("statements_total"),
        baselined: row.get("baselined"),
        applied_by: row.get("applied_by"),
        started_at: row.get("started_at"),
        duration_ms: row.get("duration_ms"),
        pharmctl_version: row.get("pharmctl_version"),
        error: row.get("error"),
    })
}

/// Marks a no-transaction migration as running and returns how many of its statements an
/// earlier, interrupted run of the same text already finished.
pub async fn start(client: &Client, migration: &Migration, total: usize) -> Result<usize> {
    let total = i32::try_from(total).unwrap_or(i32::MAX);
    let row = client
        .query_one(
            START_SQL,
            &[
                &migration.version,
                &migration.name,
                &migration.checksum,
                &total,
                &PHARMCTL_VERSION,
            ],
        )
        .await
        .map_err(|e| history_error("updating", &e))?;
    Ok(usize::try_from(row.get::<_, i32>("statements_done")).unwrap_or(0))
}

/// Records that `done` statements of a running migration have finished.
pub async fn progress(client: &Client, version: i32, done: usize) -> Result<()> {
    let done = i32::try_from(done).unwrap_or(i32::MAX);
    client
        .execute(PROGRESS_SQL, &[&version, &done])
        .await
        .map(drop)
        .map_err(|e| history_error("updating", &e))
}

/// Ends a running migration as applied or failed.
pub async fn finish(
    client: &Client,
    version: i32,
    state: RunState,
    error: Option<&str>,
    duration_ms: i64,
) -> Result<()> {
    client
        .execute(
            FINISH_SQL,
            &[&version, &state_name(state), &error, &duration_ms],
        )
        .await
        .map(drop)
        .map_err(|e| history_error("updating", &e))
}

/// Writes a whole run in one statement.
pub async fn record(client: &Client, record: &Record<'_>) -> Result<()> {
    record_raw(client, record)
        .await
        .map_err(|e| history_error("updating", &e))
}

/// [`record`] with the driver's error, for use inside a migration's own transaction.
pub async fn record_raw(
    client: &Client,
    record: &Record<'_>,
) -> std::result::Result<(), tokio_postgres::Error> {
    let m = record.migration;
    client
        .execute(
            RECORD_SQL,
            &[
                &m.version,
                &m.name,
                &m.checksum,
                &state_name(record.state),
                &record.statements_done,
                &record.statements_total,
                &record.baselined,
                &record.duration_ms,
                &PHARMCTL_VERSION,
                &record.error,
            ],
        )
        .await
        .map(drop)
}
