//! The pooler: reaching the database through it (`--pooler-url`), TLS and round trip on that
//! path, and, for pgbouncer, its pool mode and each pool's use against its size, read from the
//! admin console (the `pgbouncer` database, which speaks only the simple query protocol).
//!
//! Everything sent through the pooler uses the simple query protocol too: a transaction-mode
//! pooler may hand each statement to another server connection, where a prepared statement
//! from the previous one does not exist.

use tokio_postgres::{Client, SimpleQueryMessage, SimpleQueryRow};

use super::connection;
use crate::db::{Access, ConnParams, Session, SessionOptions};
use crate::error::{Error, Result, describe_pg};
use crate::report::{Level, Section, Status, Table, Value};

/// Share of a pool's server connections in use above which the pool is judged too full.
const POOL_WARN_RATIO: f64 = 0.8;
/// The admin console's database name.
const ADMIN_DATABASE: &str = "pgbouncer";

/// One pgbouncer pool (a database and user pair).
#[derive(Debug, Clone, PartialEq)]
pub struct Pool {
    /// The database of the pool.
    pub database: String,
    /// The user of the pool.
    pub user: String,
    /// `session`, `transaction` or `statement`.
    pub mode: String,
    /// Clients linked to a server connection.
    pub clients_active: i64,
    /// Clients waiting for a server connection.
    pub clients_waiting: i64,
    /// Server connections linked to a client.
    pub servers_active: i64,
    /// Server connections open and free.
    pub servers_idle: i64,
    /// The most server connections the pool may open.
    pub pool_size: i64,
}

/// What the admin console told.
#[derive(Debug, Clone)]
struct Console {
    version: String,
    mode: String,
    pools: Vec<Pool>,
}

/// Connects through the pooler and reports; the flag says whether the database was reached.
pub async fn check(params: &ConnParams) -> (Section, bool) {
    let options = SessionOptions {
        access: Access::ReadWrite,
        statement_timeout: None,
    };
    let session = match Session::connect(params, &options).await {
        Ok(session) => session,
        Err(err) => return (unreachable(&err), false),
    };

    let mut section = Section::new("pooler", "Pooler");
    section.judged(
        "reached",
        "Reached",
        Value::Text(session.target().to_string()),
        Status::new(Level::Ok, "ok"),
    );
    let tls = session.tls_protocol();
    section.judged(
        "tls",
        "TLS",
        Value::Text(tls.unwrap_or("none").to_string()),
        connection::tls_status(params, tls),
    );
    through_pooler(session.client(), &mut section).await;
    drop(session);

    match console(params).await {
        Ok(console) => describe_console(&console, &params.dbname, &mut section),
        Err(err) => no_console(params, &err, &mut section),
    }
    (section, true)
}

/// The section for a pooler that could not be reached.
fn unreachable(err: &Error) -> Section {
    let mut section = connection::failed_section("pooler", "Pooler", err);
    if err.message().ends_with("SASL authentication failed") {
        section.notes.push(
            "pgbouncer reports a wrong password, or a user missing from its auth_file, as a \
             failed SASL authentication."
                .to_string(),
        );
    }
    section
}

/// Round trip and server version on the pooled path.
async fn through_pooler(client: &Client, section: &mut Section) {
    match connection::round_trip(client).await {
        Ok(round_trip) => section.fact(
            "round_trip_ms",
            "Round trip (median of 5)",
            Value::Millis(round_trip.as_secs_f64() * 1000.0),
        ),
        Err(err) => section.judged(
            "round_trip_ms",
            "Round trip (median of 5)",
            Value::Missing("failed"),
            Status::new(Level::Error, err.message()),
        ),
    }
    if let Ok(rows) = simple_rows(client, "SHOW server_version").await
        && let Some(version) = rows.first().and_then(|row| text(row, "server_version"))
    {
        section.fact(
            "server_version",
            "PostgreSQL behind it",
            Value::Text(version),
        );
    }
}

/// Reads version, pool mode and pools from pgbouncer's admin console.
async fn console(params: &ConnParams) -> Result<Console> {
    let mut admin = params.clone();
    admin.dbname = ADMIN_DATABASE.to_string();
    let options = SessionOptions {
        access: Access::ReadWrite,
        statement_timeout: None,
    };
    let session = Session::connect(&admin, &options).await?;
    let client = session.client();

    let listings = Listings {
        version: simple_rows(client, "SHOW VERSION").await?,
        config: simple_rows(client, "SHOW CONFIG").await?,
        databases: simple_rows(client, "SHOW DATABASES").await?,
        pools: simple_rows(client, "SHOW POOLS").await?,
    };

    let pools = listings
        .pools
        .iter()
        .filter(|row| text(row, "database").as_deref() != Some(ADMIN_DATABASE))
        .map(|row| listings.pool(row))
        .collect();
    Ok(Console {
        version: listings
            .version
            .first()
            .and_then(|row| text(row, "version"))
            .unwrap_or_default(),
        mode: listings.mode_of(&params.dbname),
        pools,
    })
}

/// The admin console's answers, as rows of text.
struct Listings {
    version: Vec<SimpleQueryRow>,
    config: Vec<SimpleQueryRow>,
    databases: Vec<SimpleQueryRow>,
    pools: Vec<SimpleQueryRow>,
}

impl Listings {
    /// A value of `SHOW CONFIG`.
    fn setting(&self, key: &str) -> Option<String> {
        self.config
            .iter()
            .find(|row| text(row, "key").as_deref() == Some(key))
            .and_then(|row| text(row, "value"))
    }

    /// A column of `SHOW DATABASES` for one database, when set.
    fn database_setting(&self, database: &str, column: &str) -> Option<String> {
        self.databases
            .iter()
            .find(|row| text(row, "name").as_deref() == Some(database))
            .and_then(|row| text(row, column))
            .filter(|value| !value.is_empty())
    }

    /// The database's own pool mode, else the default one.
    fn mode_of(&self, database: &str) -> String {
        self.database_setting(database, "pool_mode")
            .or_else(|| self.setting("pool_mode"))
            .unwrap_or_else(|| "session".to_string())
    }

    /// The database's own pool size, else `default_pool_size`.
    fn size_of(&self, database: &str) -> i64 {
        let parse = |text: String| text.parse::<i64>().ok().filter(|size| *size > 0);
        self.database_setting(database, "pool_size")
            .and_then(parse)
            .or_else(|| self.setting("default_pool_size").and_then(parse))
            .unwrap_or(20)
    }

    /// One row of `SHOW POOLS` (older pgbouncers have no `pool_mode` column there).
    fn pool(&self, row: &SimpleQueryRow) -> Pool {
        let database = text(row, "database").unwrap_or_default();
        Pool {
            mode: text(row, "pool_mode")
                .filter(|mode| !mode.is_empty())
                .unwrap_or_else(|| self.mode_of(&database)),
            pool_size: self.size_of(&database),
            user: text(row, "user").unwrap_or_default(),
            clients_active: number(row, "cl_active"),
            clients_waiting: number(row, "cl_waiting"),
            servers_active: number(row, "sv_active"),
            servers_idle: number(row, "sv_idle") + number(row, "sv_used"),
            database,
        }
    }
}

/// The rows of a simple query.
async fn simple_rows(client: &Client, sql: &str) -> Result<Vec<SimpleQueryRow>> {
    let messages = client
        .simple_query(sql)
        .await
        .map_err(|e| Error::database(format!("{sql} failed: {}", describe_pg(&e))))?;
    Ok(messages
        .into_iter()
        .filter_map(|message| match message {
            SimpleQueryMessage::Row(row) => Some(row),
            _ => None,
        })
        .collect())
}

/// A column's text; `None` when absent (columns differ between pgbouncer versions) or NULL.
fn text(row: &SimpleQueryRow, column: &str) -> Option<String> {
    row.try_get(column).ok().flatten().map(str::to_string)
}

fn number(row: &SimpleQueryRow, column: &str) -> i64 {
    text(row, column).and_then(|n| n.parse().ok()).unwrap_or(0)
}

fn describe_console(console: &Console, database: &str, section: &mut Section) {
    section.fact("software", "Pooler", Value::Text(console.version.clone()));
    section.judged(
        "pool_mode",
        "Pool mode",
        Value::Text(console.mode.clone()),
        mode_status(&console.mode),
    );

    let mut table = Table::new(
        "pools",
        &[
            ("database", "Database"),
            ("user", "User"),
            ("mode", "Mode"),
            ("clients_active", "Clients active"),
            ("clients_waiting", "Clients waiting"),
            ("servers_active", "Servers active"),
            ("servers_idle", "Servers idle"),
            ("pool_size", "Pool size"),
            ("usage", "Usage"),
            ("status", "Status"),
        ],
    );
    for pool in &console.pools {
        table.rows.push(vec![
            Value::Text(pool.database.clone()),
            Value::Text(pool.user.clone()),
            Value::Text(pool.mode.clone()),
            Value::Int(pool.clients_active),
            Value::Int(pool.clients_waiting),
            Value::Int(pool.servers_active),
            Value::Int(pool.servers_idle),
            Value::Int(pool.pool_size),
            Value::Ratio(usage(pool)),
            Value::Status(pool_status(pool)),
        ]);
    }
    if console.pools.iter().all(|pool| pool.database != database) {
        section.notes.push(format!(
            "No pool for database {database} yet: pgbouncer opens it on the first client."
        ));
    }
    section.tables.push(table);
}

fn no_console(params: &ConnParams, err: &Error, section: &mut Section) {
    section.judged(
        "pool_mode",
        "Pool mode",
        Value::Missing("unknown"),
        Status::new(Level::Info, "no pgbouncer admin console"),
    );
    log::debug!("pgbouncer admin console: {}", err.message());
    section.notes.push(format!(
        "Pool mode and usage come from pgbouncer's admin console (database pgbouncer), which \
         user {} could not open: this is not pgbouncer, or the user is in neither admin_users \
         nor stats_users. Supavisor serves session mode on port 5432 and transaction mode on \
         6543 by default.",
        params.user
    ));
}

/// Share of the pool's server connections busy with a client.
pub fn usage(pool: &Pool) -> f64 {
    if pool.pool_size <= 0 {
        return 0.0;
    }
    pool.servers_active as f64 / pool.pool_size as f64
}

/// Clients waiting, or a pool over 80% busy, is worth a warning.
pub fn pool_status(pool: &Pool) -> Status {
    if pool.clients_waiting > 0 {
        return Status::new(
            Level::Warn,
            format!("{} clients waiting; raise pool_size", pool.clients_waiting),
        );
    }
    let share = usage(pool);
    if share > POOL_WARN_RATIO {
        return Status::new(Level::Warn, "over 80% of the pool in use; raise pool_size");
    }
    Status::new(Level::Ok, "ok")
}

fn mode_status(mode: &str) -> Status {
    match mode {
        "session" => Status::new(Level::Ok, "ok"),
        "transaction" => Status::new(
            Level::Info,
            "session state (SET, advisory locks, LISTEN) ends with each transaction; run \
             migrate on a direct or session-mode connection",
        ),
        "statement" => Status::new(
            Level::Warn,
            "multi-statement transactions are refused; pharmctl needs session or transaction \
             mode",
        ),
        _ => Status::new(Level::Info, "unrecognised mode"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(active: i64, waiting: i64, size: i64) -> Pool {
        Pool {
            database: "pharmacy".into(),
            user: "app".into(),
            mode: "transaction".into(),
            clients_active: active,
            clients_waiting: waiting,
            servers_active: active,
            servers_idle: 0,
            pool_size: size,
        }
    }

    #[test]
    fn usage_against_pool_size() {
        assert_eq!(usage(&pool(5, 0, 20)), 0.25);
        assert_eq!(pool_status(&pool(16, 0, 20)).level, Level::Ok);
        assert_eq!(pool_status(&pool(17, 0, 20)).level, Level::Warn);
        assert_eq!(pool_status(&pool(1, 0, 0)).level, Level::Ok);
        let waiting = pool_status(&pool(2, 3, 20));
        assert_eq!(waiting.level, Level::Warn);
        assert!(
            waiting.text.starts_with("3 clients waiting"),
            "{}",
            waiting.text
        );
    }

    #[test]
    fn pool_modes() {
        assert_eq!(mode_status("session").level, Level::Ok);
        assert_eq!(mode_status("transaction").level, Level::Info);
        assert_eq!(mode_status("statement").level, Level::Warn);
    }
}
