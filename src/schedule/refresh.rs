//! Refreshing the analytics views: one run at a time per database (an advisory lock), each
//! view concurrently when it can be (populated, with a unique index on plain columns), each
//! refresh recorded in `pharmctl.refresh_log` with its duration and row count.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio_postgres::Client;

use crate::db::ident::quote_qualified;
use crate::error::{Error, Result, describe_pg};

const VIEWS_SQL: &str = include_str!("../../sql/schedule/refresh_views.sql");
const RECORD_SQL: &str = include_str!("../../sql/schedule/refresh_record.sql");
const LOCK_SQL: &str = include_str!("../../sql/schedule/refresh_lock.sql");
const UNLOCK_SQL: &str = include_str!("../../sql/schedule/refresh_unlock.sql");
const HOLDER_SQL: &str = include_str!("../../sql/schedule/refresh_holder.sql");
const HAS_LOG_SQL: &str = include_str!("../../sql/schedule/has_refresh_log.sql");

/// The refresh lock key: the bytes of "pharmref" as a big-endian integer, apart from the
/// migration runner's.
pub const REFRESH_LOCK_KEY: i64 = 0x7068_6172_6d72_6566;

/// How often a waiting run tries the lock again.
const POLL: Duration = Duration::from_millis(200);

/// A materialized view under pharmctl's care.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub schema: String,
    pub name: String,
    pub is_populated: bool,
    pub has_unique_index: bool,
    pub last_refreshed: Option<DateTime<Utc>>,
}

impl View {
    /// `schema.name`, as the log records it.
    pub fn qualified(&self) -> String {
        format!("{}.{}", self.schema, self.name)
    }

    /// Whether `REFRESH ... CONCURRENTLY` is possible, so that readers are never blocked.
    pub fn can_refresh_concurrently(&self) -> bool {
        self.is_populated && self.has_unique_index
    }
}

/// What happened to one view.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Refreshed; `concurrently` false means readers were blocked meanwhile.
    Refreshed {
        duration: Duration,
        rows: i64,
        concurrently: bool,
    },
    /// Left alone: refreshed more recently than `--if-older-than`.
    Fresh { last_refreshed: DateTime<Utc> },
}

/// Whether this run got the lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lock {
    /// This session holds it.
    Held,
    /// Another run holds it (its pid, when still visible).
    Busy(Option<i32>),
}

/// The analytics views, with `only` limiting them to one (`name` or `schema.name`).
pub async fn views(client: &Client, only: Option<&str>) -> Result<Vec<View>> {
    let has_log: bool = client
        .query_one(HAS_LOG_SQL, &[])
        .await
        .map_err(|e| failed("refresh log lookup", &e))?
        .get(0);
    if !has_log {
        return Err(
            Error::usage("the refresh log `pharmctl.refresh_log` does not exist")
                .with_help("run `pharmctl migrate up` to create the analytics views and the log"),
        );
    }
    let rows = client
        .query(VIEWS_SQL, &[])
        .await
        .map_err(|e| failed("views", &e))?;
    let all: Vec<View> = rows
        .iter()
        .map(|row| View {
            schema: row.get("schema_name"),
            name: row.get("view_name"),
            is_populated: row.get("is_populated"),
            has_unique_index: row.get("has_unique_index"),
            last_refreshed: row.get("last_refreshed"),
        })
        .collect();
    if all.is_empty() {
        return Err(Error::usage("no materialized views in schema `analytics`")
            .with_help("run `pharmctl migrate up` to create the analytics views"));
    }
    let Some(wanted) = only else {
        return Ok(all);
    };
    let chosen: Vec<View> = all
        .iter()
        .filter(|v| v.name == wanted || v.qualified() == wanted)
        .cloned()
        .collect();
    if chosen.is_empty() {
        let names: Vec<String> = all.iter().map(View::qualified).collect();
        return Err(Error::usage(format!("no analytics view named `{wanted}`"))
            .with_help(format!("the views are {}", names.join(", "))));
    }
    Ok(chosen)
}

/// Tries the refresh lock, polling for at most `wait`.
pub async fn lock(client: &Client, wait: Duration) -> Result<Lock> {
    let started = Instant::now();
    loop {
        let row = client
            .query_one(LOCK_SQL, &[&REFRESH_LOCK_KEY])
            .await
            .map_err(|e| failed("refresh lock", &e))?;
        if row.get::<_, bool>("acquired") {
            return Ok(Lock::Held);
        }
        if started.elapsed() >= wait {
            let holder = client
                .query_opt(HOLDER_SQL, &[&REFRESH_LOCK_KEY])
                .await
                .map_err(|e| failed("refresh lock holder", &e))?;
            return Ok(Lock::Busy(holder.map(|row| row.get(0))));
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Releases the refresh lock.
pub async fn unlock(client: &Client) -> Result<()> {
    client
        .query_one(UNLOCK_SQL, &[&REFRESH_LOCK_KEY])
        .await
        .map(drop)
        .map_err(|e| failed("refresh unlock", &e))
}

/// Refreshes one view unless it is fresher than `if_older_than`, and records the attempt.
pub async fn refresh(
    client: &Client,
    view: &View,
    if_older_than: Option<Duration>,
) -> Result<Outcome> {
    if let (Some(age), Some(last)) = (if_older_than, view.last_refreshed) {
        let since = Utc::now()
            .signed_duration_since(last)
            .to_std()
            .unwrap_or_default();
        if since < age {
            return Ok(Outcome::Fresh {
                last_refreshed: last,
            });
        }
    }

    let concurrently = view.can_refresh_concurrently();
    let target = quote_qualified(&view.schema, &view.name);
    let sql = if concurrently {
        format!("REFRESH MATERIALIZED VIEW CONCURRENTLY {target}")
    } else {
        format!("REFRESH MATERIALIZED VIEW {target}")
    };
    let started_at = Utc::now();
    let started = Instant::now();
    let refreshed = client.batch_execute(&sql).await;
    let duration = started.elapsed();

    let (rows, error) = match &refreshed {
        Ok(()) => {
            let count = format!("SELECT count(*) FROM {target}");
            let rows = client
                .query_one(&count, &[])
                .await
                .map_err(|e| failed("row count", &e))?;
            (Some(rows.get::<_, i64>(0)), None)
        }
        Err(e) => (None, Some(describe_pg(e))),
    };
    let millis = duration.as_secs_f64() * 1000.0;
    let record = client
        .execute(
            RECORD_SQL,
            &[
                &view.qualified(),
                &started_at,
                &Utc::now(),
                &millis,
                &rows,
                &concurrently,
                &refreshed.is_ok(),
                &error,
            ],
        )
        .await;

    if let Some(error) = error {
        return Err(
            Error::database(format!("refreshing `{}` failed: {error}", view.qualified()))
                .with_help("raise [refresh] timeout in pharmctl.toml if it timed out"),
        );
    }
    record.map_err(|e| failed("refresh log", &e))?;
    Ok(Outcome::Refreshed {
        duration,
        rows: rows.unwrap_or(0),
        concurrently,
    })
}

fn failed(what: &str, err: &tokio_postgres::Error) -> Error {
    Error::database(format!("the {what} query failed: {}", describe_pg(err)))
        .with_help("run with -vv to see the SQL, and check the role's privileges")
}
