//! `pharmctl migrate`: versioned SQL migrations applied safely to a live database. Owns the
//! migration files and their classification (squawk's parser), the history in schema
//! `pharmctl`, the runner lock, timeouts and retries, invalid-index recovery, baselining and
//! linting. It never prints: each operation returns what happened for `commands` to render.

pub mod classify;
pub mod files;
pub mod history;
pub mod indexes;
pub mod lint;
pub mod lock;
pub mod partitioned;
pub mod runner;
pub mod status;

use std::time::Duration;

use tokio_postgres::Client;

use crate::error::{Error, Result};

pub use classify::{IndexBuild, Statement, classify};
pub use files::{Migration, Source};
pub use history::HistoryRow;
pub use indexes::IndexState;
pub use lint::Finding;
pub use runner::{Applied, RunOptions, Runner};
pub use status::{Entry, State};

/// A migration with its statements, as `plan` and `up` see it.
#[derive(Debug, Clone)]
pub struct Planned {
    pub migration: Migration,
    pub statements: Vec<Statement>,
    pub findings: Vec<Finding>,
}

/// Loads and classifies every file of `source`: any bad file stops everything before a
/// single statement runs.
pub fn load_checked(source: &Source) -> Result<Vec<Planned>> {
    files::load(source)?
        .into_iter()
        .map(|migration| {
            let statements = classify(&migration)?;
            let findings = lint::lint(&migration.path, &migration.text);
            Ok(Planned {
                migration,
                statements,
                findings,
            })
        })
        .collect()
}

/// The status of every migration against the database's history.
pub async fn status(client: &Client, migrations: &[Migration]) -> Result<Vec<Entry>> {
    let rows = history::read(client).await?;
    Ok(status::compare(migrations, &rows))
}

/// The migrations `up` would run now, up to version `to`.
pub fn pending<'a>(planned: &'a [Planned], entries: &[Entry], to: Option<i32>) -> Vec<&'a Planned> {
    planned
        .iter()
        .filter(|p| to.is_none_or(|to| p.migration.version <= to))
        .filter(|p| {
            entries
                .iter()
                .find(|e| e.version == p.migration.version)
                .is_none_or(|e| e.state.is_pending())
        })
        .collect()
}

/// Refuses to run while an applied file has been edited.
pub fn refuse_drift(entries: &[Entry]) -> Result<()> {
    let Some(drifted) = entries.iter().find(|e| e.state == State::Drifted) else {
        return Ok(());
    };
    let path = drifted.file.as_ref().map_or("?", |f| f.path.as_str());
    Err(Error::usage(format!(
        "applied migration {path} was edited afterwards (checksum differs)"
    ))
    .with_help("restore the applied text and put the change in a new migration file"))
}

/// Options of `up`.
#[derive(Debug, Clone, Copy)]
pub struct UpOptions {
    /// Apply nothing above this version.
    pub to: Option<i32>,
    /// How long to wait for another runner's lock.
    pub lock_wait: Duration,
    /// Timeouts and retries.
    pub run: RunOptions,
}

/// Takes the lock, creates the history when absent, and applies the pending migrations in
/// order; every file was classified before. Returns what ran (nothing when all is applied).
pub async fn up(
    client: &Client,
    watcher: &Client,
    planned: &[Planned],
    options: &UpOptions,
) -> Result<Vec<Applied>> {
    let runner = Runner::new(client, watcher, options.run).await?;
    lock::acquire(client, options.lock_wait).await?;
    let result = up_locked(&runner, planned, options).await;
    let released = lock::release(client).await;
    let applied = result?;
    released?;
    Ok(applied)
}

async fn up_locked(
    runner: &Runner<'_>,
    planned: &[Planned],
    options: &UpOptions,
) -> Result<Vec<Applied>> {
    let client = runner.client();
    history::ensure(client).await?;
    let migrations: Vec<Migration> = planned.iter().map(|p| p.migration.clone()).collect();
    let entries = status(client, &migrations).await?;
    refuse_drift(&entries)?;

    let mut applied = Vec::new();
    for next in pending(planned, &entries, options.to) {
        lock::check_held(client).await?;
        applied.push(runner.apply(&next.migration, &next.statements).await?);
    }
    Ok(applied)
}

/// What `baseline` did with one pending migration.
#[derive(Debug, Clone)]
pub struct Baselined {
    pub version: i32,
    pub name: String,
    /// Recorded as applied without running.
    pub recorded: bool,
    /// Why not, or what was checked.
    pub reason: String,
}

/// Records pending migrations whose objects already exist, without running them. A file of
/// concurrent index builds is recorded when each index exists, is valid and has the same
/// definition; an invalid or differently defined index is reported. Any other file is
/// recorded only when `to` covers it: the caller vouches for it.
pub async fn baseline(
    client: &Client,
    planned: &[Planned],
    to: Option<i32>,
    lock_wait: Duration,
) -> Result<Vec<Baselined>> {
    lock::acquire(client, lock_wait).await?;
    let result = baseline_locked(client, planned, to).await;
    let released = lock::release(client).await;
    let done = result?;
    released?;
    Ok(done)
}

async fn baseline_locked(
    client: &Client,
    planned: &[Planned],
    to: Option<i32>,
) -> Result<Vec<Baselined>> {
    history::ensure(client).await?;
    let migrations: Vec<Migration> = planned.iter().map(|p| p.migration.clone()).collect();
    let entries = status(client, &migrations).await?;

    let mut done = Vec::new();
    for next in pending(planned, &entries, to) {
        let (recorded, reason) = baseline_check(client, next, to.is_some()).await?;
        if recorded {
            let total = i32::try_from(next.statements.len()).unwrap_or(i32::MAX);
            let record = history::Record {
                migration: &next.migration,
                state: history::RunState::Applied,
                statements_done: total,
                statements_total: total,
                baselined: true,
                duration_ms: 0,
                error: None,
            };
            history::record(client, &record).await?;
        }
        done.push(Baselined {
            version: next.migration.version,
            name: next.migration.name.clone(),
            recorded,
            reason,
        });
    }
    Ok(done)
}

async fn baseline_check(
    client: &Client,
    planned: &Planned,
    vouched: bool,
) -> Result<(bool, String)> {
    let builds: Vec<&IndexBuild> = planned
        .statements
        .iter()
        .filter_map(|s| s.index.as_ref())
        .collect();
    if builds.len() < planned.statements.len() {
        return Ok(if vouched {
            (true, "recorded as given by --to".to_string())
        } else {
            (
                false,
                "not only index builds: give --to to record it".to_string(),
            )
        });
    }
    for build in builds {
        let problem = match indexes::state(client, build).await? {
            IndexState::Matches => continue,
            IndexState::NoTable => format!("table {} is missing", build.table),
            IndexState::Missing => format!("index {} is missing", build.name),
            IndexState::Invalid { .. } => format!("index {} exists but is invalid", build.name),
            IndexState::Differs { definition } => {
                format!("index {} has another definition: {definition}", build.name)
            }
        };
        return Ok((false, problem));
    }
    Ok((true, "every index exists, valid, as defined".to_string()))
}
