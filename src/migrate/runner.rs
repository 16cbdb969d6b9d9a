//! Applying migrations. A transactional file runs in one transaction with a short
//! `lock_timeout`, together with its history row, and is retried with backoff when the
//! timeout fires. A no-transaction file runs statement by statement, its progress recorded
//! after each, so a killed run resumes where it stopped; concurrent index builds get their own
//! `lock_timeout`, an invalid leftover of the same name is dropped and rebuilt, and
//! `indisvalid` is checked afterwards (on a partitioned table, partition by partition). While a
//! statement waits, a second session watches who blocks it, so that a failure can name the
//! blocker.

use std::cell::RefCell;
use std::pin::pin;
use std::time::{Duration, Instant};

use futures_util::future::{Either, select};
use tokio_postgres::Client;
use tokio_postgres::error::SqlState;

use crate::db::ident::quote_qualified;
use crate::error::{Error, Result, describe_pg};

use super::classify::{IndexBuild, Statement};
use super::files::Migration;
use super::history::{self, Record, RunState};
use super::indexes::{self, IndexState};
use super::lock::{self, Backend};
use super::partitioned;

const SESSION_SQL: &str = include_str!("../../sql/migrate/session_setup.sql");

/// How often the watcher asks who blocks the runner.
const WATCH_EVERY: Duration = Duration::from_millis(100);
/// The longest pause between two tries.
const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// Timeouts and retries of a run.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    /// `lock_timeout` of transactional files (a file's header may override it).
    pub lock_timeout: Duration,
    /// `lock_timeout` of no-transaction files, whose concurrent builds wait without blocking
    /// reads or writes.
    pub index_lock_timeout: Duration,
    /// How many times a statement is tried again after its `lock_timeout` fired.
    pub retries: u32,
}

/// What happened to one migration.
#[derive(Debug, Clone)]
pub struct Applied {
    pub version: i32,
    pub name: String,
    /// Statements run in this run.
    pub statements: usize,
    /// Statements an earlier, interrupted run had finished.
    pub resumed_after: usize,
    /// Concurrent builds skipped because the same valid index was already there.
    pub already_present: usize,
    /// Invalid leftovers dropped and built again.
    pub rebuilt: usize,
    /// Tries of the last statement that needed more than one, else 1.
    pub attempts: u32,
    pub duration: Duration,
}

/// The runner's own session and the watcher's.
pub struct Runner<'a> {
    client: &'a Client,
    watcher: &'a Client,
    pid: i32,
    options: RunOptions,
}

/// What to do with an invalid index found under a build's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leftover {
    /// A failed build's leftover: drop it and build again.
    Drop,
    /// A partitioned table's index waiting for its partitions: build on it.
    Keep,
}

/// Where a retried statement comes from, for its log lines and errors.
struct Retry<'a> {
    m: &'a Migration,
    line: usize,
    lock_timeout: Duration,
}

/// Why a statement failed.
struct Failure {
    error: tokio_postgres::Error,
    blocker: Option<Backend>,
}

impl Failure {
    fn is_lock_timeout(&self) -> bool {
        self.error.code() == Some(&SqlState::LOCK_NOT_AVAILABLE)
    }
}

impl<'a> Runner<'a> {
    /// Names the session `pharmctl migrate`, clears its `statement_timeout`, and notes its pid.
    pub async fn new(client: &'a Client, watcher: &'a Client, options: RunOptions) -> Result<Self> {
        let row = client.query_one(SESSION_SQL, &[]).await.map_err(|e| {
            Error::database(format!(
                "setting up the migrate session failed: {}",
                describe_pg(&e)
            ))
            .with_help("check the connection and the role's rights")
        })?;
        let version: i32 = row.get("server_version_num");
        if version >= 140_000 {
            // A runner killed mid-statement should not leave its backend working on.
            let _ = client
                .batch_execute("SET client_connection_check_interval = '1s'")
                .await;
        }
        Ok(Self {
            client,
            watcher,
            pid: row.get("pid"),
            options,
        })
    }

    /// The session's client.
    pub fn client(&self) -> &Client {
        self.client
    }

    /// Applies one classified migration.
    pub async fn apply(&self, migration: &Migration, statements: &[Statement]) -> Result<Applied> {
        let started = Instant::now();
        let mut applied = if migration.header.no_transaction {
            self.apply_outside(migration, statements).await?
        } else {
            self.apply_in_transaction(migration, statements).await?
        };
        applied.duration = started.elapsed();
        log::info!(
            "applied {} in {}",
            migration.path,
            crate::commands::elapsed(applied.duration)
        );
        Ok(applied)
    }

    async fn apply_in_transaction(&self, m: &Migration, stmts: &[Statement]) -> Result<Applied> {
        let lock_timeout = m.header.lock_timeout.unwrap_or(self.options.lock_timeout);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let started = Instant::now();
            let result = self.try_transaction(m, stmts, lock_timeout, started).await;
            let Err((line, failure)) = result else {
                return Ok(applied(m, stmts.len(), attempt));
            };
            let _ = self.client.batch_execute("ROLLBACK").await;

            if failure.is_lock_timeout() && attempt <= self.options.retries {
                log::warn!(
                    "{}: lock_timeout fired at line {line}, try {attempt}",
                    m.path
                );
                tokio::time::sleep(backoff(attempt)).await;
                continue;
            }
            let error = statement_error(m, line, &failure, attempt, lock_timeout, true);
            self.record_failure(m, stmts.len(), &error, started).await?;
            return Err(error);
        }
    }

    async fn try_transaction(
        &self,
        m: &Migration,
        stmts: &[Statement],
        lock_timeout: Duration,
        started: Instant,
    ) -> std::result::Result<(), (usize, Failure)> {
        let setup = format!(
            "BEGIN; SET LOCAL lock_timeout = '{}ms'; SET LOCAL statement_timeout = '{}ms'",
            lock_timeout.as_millis(),
            m.header.statement_timeout.unwrap_or_default().as_millis()
        );
        self.watched(&setup).await.map_err(|f| (0, f))?;
        for stmt in stmts {
            self.watched(&stmt.text).await.map_err(|f| (stmt.line, f))?;
        }

        let total = i32::try_from(stmts.len()).unwrap_or(i32::MAX);
        let record = Record {
            migration: m,
            state: RunState::Applied,
            statements_done: total,
            statements_total: total,
            baselined: false,
            duration_ms: millis(started.elapsed()),
            error: None,
        };
        history::record_raw(self.client, &record)
            .await
            .map_err(|error| {
                (
                    0,
                    Failure {
                        error,
                        blocker: None,
                    },
                )
            })?;
        self.watched("COMMIT").await.map_err(|f| (0, f))
    }

    async fn record_failure(
        &self,
        m: &Migration,
        total: usize,
        error: &Error,
        started: Instant,
    ) -> Result<()> {
        let total = i32::try_from(total).unwrap_or(i32::MAX);
        let record = Record {
            migration: m,
            state: RunState::Failed,
            statements_done: 0,
            statements_total: total,
            baselined: false,
            duration_ms: millis(started.elapsed()),
            error: Some(error.message().to_string()),
        };
        history::record(self.client, &record).await
    }

    async fn apply_outside(&self, m: &Migration, stmts: &[Statement]) -> Result<Applied> {
        let started = Instant::now();
        let done_before = history::start(self.client, m, stmts.len()).await?;
        let lock_timeout = m
            .header
            .lock_timeout
            .unwrap_or(self.options.index_lock_timeout);
        self.set_timeouts(lock_timeout, m.header.statement_timeout.unwrap_or_default())
            .await?;

        let mut result = applied(m, 0, 1);
        result.resumed_after = done_before;
        for (index, stmt) in stmts.iter().enumerate().skip(done_before) {
            let outcome = self.run_outside(m, stmt, lock_timeout, &mut result).await;
            if let Err(error) = outcome {
                let ms = millis(started.elapsed());
                let _ = self.set_timeouts(Duration::ZERO, Duration::ZERO).await;
                history::finish(
                    self.client,
                    m.version,
                    RunState::Failed,
                    Some(error.message()),
                    ms,
                )
                .await?;
                return Err(error);
            }
            result.statements += 1;
            history::progress(self.client, m.version, index + 1).await?;
        }

        self.set_timeouts(Duration::ZERO, Duration::ZERO).await?;
        let ms = millis(started.elapsed());
        history::finish(self.client, m.version, RunState::Applied, None, ms).await?;
        Ok(result)
    }

    async fn run_outside(
        &self,
        m: &Migration,
        stmt: &Statement,
        lock_timeout: Duration,
        result: &mut Applied,
    ) -> Result<()> {
        if let Some(build) = &stmt.index {
            if let Some(schema) = partitioned::partitioned_schema(self.client, build).await? {
                return self
                    .build_partitioned(m, stmt.line, build, &schema, lock_timeout, result)
                    .await;
            }
            if !self.needs_build(build, Leftover::Drop, result).await? {
                return Ok(());
            }
        }

        let retry = Retry {
            m,
            line: stmt.line,
            lock_timeout,
        };
        self.retrying(&retry, &stmt.text, stmt.index.as_ref(), result)
            .await
    }

    /// Whether `build` still has to run: not when the same valid index is already there
    /// (counted as present), an error when an index of that name has another definition, and
    /// an invalid leftover is dropped first unless it is to be kept.
    async fn needs_build(
        &self,
        build: &IndexBuild,
        leftover: Leftover,
        result: &mut Applied,
    ) -> Result<bool> {
        match indexes::state(self.client, build).await? {
            IndexState::Matches => {
                log::info!("index {} already exists as defined; skipped", build.name);
                result.already_present += 1;
                Ok(false)
            }
            IndexState::Differs { definition } => Err(indexes::differs_error(build, &definition)),
            IndexState::Invalid { schema } if leftover == Leftover::Drop => {
                indexes::drop_invalid(self.client, &schema, &build.name).await?;
                result.rebuilt += 1;
                Ok(true)
            }
            IndexState::Invalid { .. } | IndexState::Missing | IndexState::NoTable => Ok(true),
        }
    }

    /// Runs `sql` outside a transaction, again after backoff while its `lock_timeout` fires;
    /// a concurrent build (`built`) must then be valid, and its leftover of a failed try is
    /// dropped.
    async fn retrying(
        &self,
        retry: &Retry<'_>,
        sql: &str,
        built: Option<&IndexBuild>,
        result: &mut Applied,
    ) -> Result<()> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let Err(failure) = self.watched(sql).await else {
                result.attempts = result.attempts.max(attempt);
                return self.check_built(built).await;
            };
            self.drop_leftover(built).await;
            if failure.is_lock_timeout() && attempt <= self.options.retries {
                log::warn!(
                    "{}: lock_timeout fired at line {}, try {attempt}",
                    retry.m.path,
                    retry.line
                );
                tokio::time::sleep(backoff(attempt)).await;
                continue;
            }
            return Err(statement_error(
                retry.m,
                retry.line,
                &failure,
                attempt,
                retry.lock_timeout,
                false,
            ));
        }
    }

    /// A concurrent build on a partitioned table: the parent's index alone, then each
    /// partition's built concurrently and attached, partitions that already have theirs
    /// skipped; the parent's index must be valid at the end.
    async fn build_partitioned(
        &self,
        m: &Migration,
        line: usize,
        build: &IndexBuild,
        schema: &str,
        lock_timeout: Duration,
        result: &mut Applied,
    ) -> Result<()> {
        // The parent's index stays invalid until every partition's is attached: keep it.
        if !self.needs_build(build, Leftover::Keep, result).await? {
            return Ok(());
        }
        let retry = Retry {
            m,
            line,
            lock_timeout,
        };
        self.retrying(&retry, &partitioned::parent_sql(build), None, result)
            .await?;

        let parent_index = quote_qualified(schema, &build.name);
        let partitions = partitioned::partitions(self.client, build, &parent_index).await?;
        let mut built = 0;
        for partition in partitions.iter().filter(|p| !p.attached) {
            if partition.kind != "r" {
                return Err(partitioned::unsupported(&build.table, partition));
            }
            let child = partitioned::partition_build(build, partition);
            if self.needs_build(&child, Leftover::Drop, result).await? {
                let sql = partitioned::partition_sql(&child);
                self.retrying(&retry, &sql, Some(&child), result).await?;
                built += 1;
            }
            let attach = partitioned::attach_sql(&parent_index, partition, &child);
            self.retrying(&retry, &attach, None, result).await?;
        }
        log::info!(
            "index {} on partitioned {}: {built} of {} partitions built now",
            build.name,
            build.table,
            partitions.len()
        );
        self.check_built(Some(build)).await
    }

    /// After a concurrent build, the index must exist and be valid.
    async fn check_built(&self, build: Option<&IndexBuild>) -> Result<()> {
        let Some(build) = build else {
            return Ok(());
        };
        match indexes::state(self.client, build).await? {
            IndexState::Matches => Ok(()),
            other => Err(Error::database(format!(
                "index {} is not valid after its concurrent build ({other:?})",
                build.name
            ))
            .with_help(
                "run `pharmctl migrate up` again: the invalid index is dropped and rebuilt",
            )),
        }
    }

    /// A failed concurrent build leaves an invalid index behind; drop it now (best effort: the
    /// next run drops it anyway).
    async fn drop_leftover(&self, build: Option<&IndexBuild>) {
        let Some(build) = build else {
            return;
        };
        if let Ok(IndexState::Invalid { schema }) = indexes::state(self.client, build).await {
            let _ = indexes::drop_invalid(self.client, &schema, &build.name).await;
        }
    }

    async fn set_timeouts(
        &self,
        lock_timeout: Duration,
        statement_timeout: Duration,
    ) -> Result<()> {
        let sql = format!(
            "SET lock_timeout = '{}ms'; SET statement_timeout = '{}ms'",
            lock_timeout.as_millis(),
            statement_timeout.as_millis()
        );
        self.client.batch_execute(&sql).await.map_err(|e| {
            Error::database(format!(
                "setting the migration timeouts failed: {}",
                describe_pg(&e)
            ))
            .with_help("check the connection")
        })
    }

    /// Runs `sql` while the watcher session notes who blocks it.
    async fn watched(&self, sql: &str) -> std::result::Result<(), Failure> {
        log::trace!("sql: {sql}");
        let seen: RefCell<Option<Backend>> = RefCell::new(None);
        let watch = async {
            loop {
                tokio::time::sleep(WATCH_EVERY).await;
                let blockers = lock::blockers(self.watcher, self.pid).await;
                if let Some(first) = blockers.ok().and_then(|b| b.into_iter().next()) {
                    *seen.borrow_mut() = Some(first);
                }
            }
        };
        let run = self.client.batch_execute(sql);
        let result = match select(pin!(run), pin!(watch)).await {
            Either::Left((result, _)) => result,
            Either::Right(((), run)) => run.await,
        };
        result.map_err(|error| Failure {
            error,
            blocker: seen.take(),
        })
    }
}

fn applied(m: &Migration, statements: usize, attempts: u32) -> Applied {
    Applied {
        version: m.version,
        name: m.name.clone(),
        statements,
        resumed_after: 0,
        already_present: 0,
        rebuilt: 0,
        attempts,
        duration: Duration::ZERO,
    }
}

fn statement_error(
    m: &Migration,
    line: usize,
    failure: &Failure,
    attempts: u32,
    lock_timeout: Duration,
    transactional: bool,
) -> Error {
    let path = &m.path;
    if failure.is_lock_timeout() {
        let blocker = failure.blocker.as_ref().map_or_else(
            || "a session that had ended by then".to_string(),
            Backend::describe,
        );
        return Error::database(format!(
            "{path}:{line}: lock_timeout {} fired on all {attempts} tries; blocked by {blocker}",
            crate::commands::elapsed(lock_timeout)
        ))
        .with_help(
            "end or wait for that session, then run `pharmctl migrate up` again \
             (--lock-timeout and --retries tune the wait)",
        );
    }
    let help = if transactional {
        "the file's transaction was rolled back; fix the cause and run `pharmctl migrate up` again"
    } else {
        "statements before this one stay applied; the next `pharmctl migrate up` resumes here"
    };
    Error::database(format!("{path}:{line}: {}", describe_pg(&failure.error))).with_help(help)
}

/// 500 ms, 1 s, 2 s, ... up to 10 s.
fn backoff(attempt: u32) -> Duration {
    let factor = 1u32 << attempt.saturating_sub(1).min(5);
    (Duration::from_millis(500) * factor).min(MAX_BACKOFF)
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_a_cap() {
        assert_eq!(backoff(1), Duration::from_millis(500));
        assert_eq!(backoff(2), Duration::from_secs(1));
        assert_eq!(backoff(3), Duration::from_secs(2));
        assert_eq!(backoff(30), MAX_BACKOFF);
    }
}
