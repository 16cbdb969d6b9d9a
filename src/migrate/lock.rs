//! One runner at a time: a session-level advisory lock, polled with `pg_try_advisory_lock`
//! (a backend blocked in `pg_advisory_lock` holds a snapshot that `CREATE INDEX CONCURRENTLY`
//! waits for, so two blocking runners deadlock), the holder named when the wait runs out, and
//! the refusal of transaction-mode poolers, where a session lock does not stay with the session.

use std::time::{Duration, Instant};

use tokio_postgres::Client;

use crate::error::{Error, Result, describe_pg};

const TRY_SQL: &str = include_str!("../../sql/migrate/lock_try.sql");
const RELEASE_SQL: &str = include_str!("../../sql/migrate/lock_release.sql");
const HELD_SQL: &str = include_str!("../../sql/migrate/lock_held.sql");
const HOLDER_SQL: &str = include_str!("../../sql/migrate/lock_holder.sql");
const BLOCKERS_SQL: &str = include_str!("../../sql/migrate/blockers.sql");

/// The advisory lock key: the bytes of "pharmctl" read as a big-endian integer. Advisory
/// locks are per database, so runners on different databases never meet.
pub const LOCK_KEY: i64 = 0x7068_6172_6d63_746c;

/// How often a waiting runner tries the lock again.
const POLL: Duration = Duration::from_millis(200);

/// Supabase's transaction-mode pooler (Supavisor) listens on this port.
pub const TRANSACTION_POOLER_PORT: u16 = 6543;

/// Another session: who holds a lock or blocks a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backend {
    pub pid: i32,
    pub application_name: String,
    pub state: String,
    pub query: String,
}

impl Backend {
    /// `pid 123 (application psql, idle in transaction): LOCK TABLE ...`, the query shortened.
    pub fn describe(&self) -> String {
        let app = if self.application_name.is_empty() {
            "no application name"
        } else {
            &self.application_name
        };
        let query: String = self.query.split_whitespace().collect::<Vec<_>>().join(" ");
        let short: String = query.chars().take(80).collect();
        let more = if short.len() < query.len() { "..." } else { "" };
        format!(
            "pid {} (application {app}, {}): {short}{more}",
            self.pid, self.state
        )
    }
}

/// Refuses Supabase's transaction pooler port before connecting.
pub fn refuse_pooler_port(port: u16) -> Result<()> {
    if port != TRANSACTION_POOLER_PORT {
        return Ok(());
    }
    Err(Error::usage(format!(
        "port {port} is a transaction-mode pooler and migrate needs a session of its own"
    ))
    .with_help("connect directly (port 5432) or through the session pooler on port 5432"))
}

/// Takes the runner lock, trying every 200 ms for at most `wait`; then names the holder and
/// fails (exit 3). Checks afterwards that this backend really holds it.
pub async fn acquire(client: &Client, wait: Duration) -> Result<()> {
    let started = Instant::now();
    loop {
        let row = client
            .query_one(TRY_SQL, &[&LOCK_KEY])
            .await
            .map_err(|e| lock_error(&e))?;
        if row.get::<_, bool>("acquired") {
            return check_held(client).await;
        }
        if started.elapsed() >= wait {
            return Err(busy(client, wait).await);
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Fails when this backend does not hold the runner lock: the connection goes through a
/// transaction-mode pooler (or the lock was lost), and nothing may run.
pub async fn check_held(client: &Client) -> Result<()> {
    let row = client
        .query_one(HELD_SQL, &[&LOCK_KEY])
        .await
        .map_err(|e| lock_error(&e))?;
    if row.get::<_, bool>("held") {
        return Ok(());
    }
    Err(Error::database(
        "the migration lock did not stay with this session: \
         a transaction-mode pooler is in the way",
    )
    .with_help("connect directly or through a session-mode pooler (pgbouncer pool_mode=session)"))
}

/// Releases the runner lock (it also goes when the session ends).
pub async fn release(client: &Client) -> Result<()> {
    client
        .query_one(RELEASE_SQL, &[&LOCK_KEY])
        .await
        .map(drop)
        .map_err(|e| lock_error(&e))
}

async fn busy(client: &Client, wait: Duration) -> Error {
    let holders = sessions(client, HOLDER_SQL, &LOCK_KEY)
        .await
        .unwrap_or_default();
    let who = match holders.first() {
        Some(holder) => holder.describe(),
        None => "a session that has just ended".to_string(),
    };
    Error::database(format!(
        "another migrate run holds the migration lock after waiting {}: {who}",
        crate::commands::elapsed(wait)
    ))
    .with_help("wait for it to finish and run again, or raise --lock-wait")
}

/// The sessions blocking backend `pid` right now.
pub async fn blockers(client: &Client, pid: i32) -> Result<Vec<Backend>> {
    sessions(client, BLOCKERS_SQL, &pid).await
}

async fn sessions(
    client: &Client,
    sql: &str,
    param: &(dyn tokio_postgres::types::ToSql + Sync),
) -> Result<Vec<Backend>> {
    let rows = client
        .query(sql, &[param])
        .await
        .map_err(|e| lock_error(&e))?;
    Ok(rows
        .iter()
        .map(|r| Backend {
            pid: r.get("pid"),
            application_name: r.get("application_name"),
            state: r.get("state"),
            query: r.get("query"),
        })
        .collect())
}

fn lock_error(err: &tokio_postgres::Error) -> Error {
    Error::database(format!(
        "the migration lock query failed: {}",
        describe_pg(err)
    ))
    .with_help("check the connection; advisory locks need no special privilege")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_spells_pharmctl() {
        assert_eq!(&LOCK_KEY.to_be_bytes(), b"pharmctl");
    }

    #[test]
    fn pooler_port_is_refused() {
        assert!(refuse_pooler_port(5432).is_ok());
        let err = refuse_pooler_port(6543).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.message().contains("6543"));
    }

    #[test]
    fn holder_is_described_in_one_line() {
        let holder = Backend {
            pid: 42,
            application_name: "pharmctl migrate".into(),
            state: "active".into(),
            query: "CREATE INDEX CONCURRENTLY\n  i ON t (a)".into(),
        };
        assert_eq!(
            holder.describe(),
            "pid 42 (application pharmctl migrate, active): CREATE INDEX CONCURRENTLY i ON t (a)"
        );
    }
}
