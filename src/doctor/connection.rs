//! The direct connection: reaching the server, TLS, the round-trip time, and the server
//! settings pharmctl depends on (pg_stat_statements, `track_io_timing`,
//! `log_min_duration_statement` against the slow-query target, `max_connections`).

use std::time::{Duration, Instant};

use tokio_postgres::{Client, Row};

use crate::db::params::Host;
use crate::db::{ConnParams, Session};
use crate::error::{Error, Result, describe_pg};
use crate::report::{Level, Section, Status, Value};

const SERVER_SQL: &str = include_str!("../../sql/doctor/server.sql");

/// How many `SELECT 1` round trips the median is taken over.
const ROUND_TRIPS: usize = 5;
/// The slow-query target of the system's audit, in milliseconds.
const SLOW_QUERY_TARGET_MS: i32 = 100;
/// A round trip above this many milliseconds is worth a warning.
const ROUND_TRIP_WARN_MS: f64 = 50.0;
/// Share of connection slots in use above which the server is judged too full.
const CONNECTIONS_WARN_RATIO: f64 = 0.8;

/// The server and its settings, as any role can read them.
#[derive(Debug, Clone)]
pub struct ServerFacts {
    /// `server_version`.
    pub version: String,
    /// The database connected to.
    pub database: String,
    /// pg_stat_statements preloaded (its settings exist).
    pub pgss_loaded: bool,
    /// The version of the extension created in this database, if it is.
    pub pgss_version: Option<String>,
    /// The extension is installed on the server.
    pub pgss_available: bool,
    /// `track_io_timing` is on.
    pub track_io_timing: bool,
    /// `log_min_duration_statement` in milliseconds; -1 is off.
    pub log_min_duration_ms: i32,
    /// `max_connections`.
    pub max_connections: i32,
    /// `superuser_reserved_connections`.
    pub reserved_connections: i32,
    /// Client connections open now.
    pub client_backends: i64,
}

/// The median of a few `SELECT 1` round trips over the simple query protocol (one message
/// each way, and nothing prepared, so it also works through a transaction-mode pooler).
pub async fn round_trip(client: &Client) -> Result<Duration> {
    let mut samples = Vec::with_capacity(ROUND_TRIPS);
    for _ in 0..ROUND_TRIPS {
        let started = Instant::now();
        client
            .simple_query("SELECT 1")
            .await
            .map_err(|e| Error::database(format!("SELECT 1 failed: {}", describe_pg(&e))))?;
        samples.push(started.elapsed());
    }
    Ok(median(&mut samples))
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort_unstable();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

/// Reads the server facts.
pub async fn gather(client: &Client) -> Result<ServerFacts> {
    let row = client.query_one(SERVER_SQL, &[]).await.map_err(|e| {
        Error::database(format!(
            "the server settings query failed: {}",
            describe_pg(&e)
        ))
    })?;
    facts_from(&row).map_err(|e| {
        Error::database(format!(
            "unexpected server settings row: {}",
            describe_pg(&e)
        ))
    })
}

fn facts_from(row: &Row) -> std::result::Result<ServerFacts, tokio_postgres::Error> {
    Ok(ServerFacts {
        version: row.try_get("server_version")?,
        database: row.try_get("database")?,
        pgss_loaded: row.try_get("pgss_loaded")?,
        pgss_version: row.try_get("pgss_version")?,
        pgss_available: row.try_get("pgss_available")?,
        track_io_timing: row.try_get("track_io_timing")?,
        log_min_duration_ms: row.try_get("log_min_duration_ms")?,
        max_connections: row.try_get("max_connections")?,
        reserved_connections: row.try_get("reserved_connections")?,
        client_backends: row.try_get("client_backends")?,
    })
}

/// The `connection` section for a session that was reached.
pub fn reached_section(
    params: &ConnParams,
    session: &Session,
    round_trip: &Result<Duration>,
    version: Option<&str>,
) -> Section {
    let mut section = Section::new("connection", "Direct connection");
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
        tls_status(params, tls),
    );
    let (value, status) = match round_trip {
        Ok(duration) => {
            let millis = duration.as_secs_f64() * 1000.0;
            (Value::Millis(millis), round_trip_status(millis))
        }
        Err(err) => (
            Value::Missing("failed"),
            Status::new(Level::Error, err.message()),
        ),
    };
    section.judged("round_trip_ms", "Round trip (median of 5)", value, status);
    if let Some(version) = version {
        section.fact(
            "server_version",
            "PostgreSQL",
            Value::Text(version.to_string()),
        );
    }
    section
}

/// The `connection` section when the server could not be reached.
pub fn failed_section(id: &'static str, title: &str, err: &Error) -> Section {
    let mut section = Section::new(id, title);
    section.judged(
        "reached",
        "Reached",
        Value::Text("no".to_string()),
        Status::new(Level::Error, err.message()),
    );
    if let Some(help) = err.help() {
        section.notes.push(format!("help: {help}"));
    }
    section
}

/// TLS in use is fine; a plain connection is only acceptable when it never leaves the machine.
pub fn tls_status(params: &ConnParams, protocol: Option<&str>) -> Status {
    if let Some(protocol) = protocol {
        if params.sslmode == crate::db::SslMode::VerifyFull {
            return Status::new(Level::Ok, "ok");
        }
        return Status::new(
            Level::Info,
            format!(
                "{protocol}, server identity not checked (sslmode {}); verify-full checks it",
                params.sslmode
            ),
        );
    }
    if params.hosts.iter().all(is_local) {
        return Status::new(Level::Info, "plain, on this machine only");
    }
    Status::new(
        Level::Warn,
        "plain: passwords and data cross the network unencrypted; use sslmode=verify-full",
    )
}

fn is_local(host: &Host) -> bool {
    match host {
        Host::Socket(_) => true,
        Host::Tcp(name) => name == "localhost" || name.starts_with("127.") || name == "::1",
    }
}

fn round_trip_status(millis: f64) -> Status {
    if millis > ROUND_TRIP_WARN_MS {
        return Status::new(
            Level::Warn,
            "every statement pays this; run pharmctl closer to the database",
        );
    }
    Status::new(Level::Ok, "ok")
}

/// The `settings` section: what pharmctl depends on, judged.
pub fn settings_section(facts: &ServerFacts) -> Section {
    let mut section = Section::new("settings", "Server settings");
    section.fact(
        "server_version",
        "PostgreSQL",
        Value::Text(facts.version.clone()),
    );
    section.fact("database", "Database", Value::Text(facts.database.clone()));
    let (value, status) = pg_stat_statements(facts);
    section.judged(
        "pg_stat_statements",
        "pg_stat_statements",
        Value::Text(value),
        status,
    );
    section.judged(
        "track_io_timing",
        "track_io_timing",
        Value::Text(if facts.track_io_timing { "on" } else { "off" }.to_string()),
        io_timing_status(facts.track_io_timing),
    );
    section.judged(
        "log_min_duration_statement",
        "log_min_duration_statement",
        Value::Text(duration_setting(facts.log_min_duration_ms)),
        slow_log_status(facts.log_min_duration_ms),
    );
    section.judged(
        "max_connections",
        "max_connections",
        Value::Int(i64::from(facts.max_connections)),
        connections_status(facts),
    );
    section
}

/// A millisecond setting as PostgreSQL shows it: `-1` (off), `250ms`, `2s`.
fn duration_setting(ms: i32) -> String {
    match ms {
        -1 => "-1 (off)".to_string(),
        ms if ms >= 1000 && ms % 1000 == 0 => format!("{}s", ms / 1000),
        ms => format!("{ms}ms"),
    }
}

/// The state of pg_stat_statements and what to do about it.
pub fn pg_stat_statements(facts: &ServerFacts) -> (String, Status) {
    const PRELOAD: &str = "add pg_stat_statements to shared_preload_libraries and restart";
    const CREATE: &str = "CREATE EXTENSION pg_stat_statements (as a superuser)";
    match (facts.pgss_loaded, &facts.pgss_version) {
        (true, Some(version)) => (
            format!("loaded, created (version {version})"),
            Status::new(Level::Ok, "ok"),
        ),
        (true, None) => (
            "loaded, not created in this database".to_string(),
            Status::new(Level::Warn, format!("slow-query checks skipped; {CREATE}")),
        ),
        (false, Some(_)) => (
            "created, not loaded".to_string(),
            Status::new(Level::Warn, format!("slow-query checks skipped; {PRELOAD}")),
        ),
        (false, None) if facts.pgss_available => (
            "not loaded, not created".to_string(),
            Status::new(
                Level::Warn,
                format!("slow-query checks skipped; {PRELOAD}, then {CREATE}"),
            ),
        ),
        (false, None) => (
            "not installed".to_string(),
            Status::new(
                Level::Warn,
                "slow-query checks skipped; install PostgreSQL's contrib modules on the server",
            ),
        ),
    }
}

fn io_timing_status(on: bool) -> Status {
    if on {
        return Status::new(Level::Ok, "ok");
    }
    Status::new(
        Level::Warn,
        "statements' I/O time unknown; ALTER SYSTEM SET track_io_timing = on, then \
         SELECT pg_reload_conf()",
    )
}

/// `log_min_duration_statement` against the 100 ms slow-query target.
pub fn slow_log_status(ms: i32) -> Status {
    const FIX: &str = "ALTER SYSTEM SET log_min_duration_statement = '100ms', then SELECT \
                       pg_reload_conf()";
    match ms {
        -1 => Status::new(
            Level::Warn,
            format!("slow statements are not logged; {FIX}"),
        ),
        0 => Status::new(
            Level::Info,
            format!("every statement is logged, which is noisy; {FIX}"),
        ),
        ms if ms <= SLOW_QUERY_TARGET_MS => Status::new(Level::Ok, "ok (target 100 ms)"),
        ms => Status::new(
            Level::Warn,
            format!("statements between 100 ms and {ms} ms are not logged; {FIX}"),
        ),
    }
}

fn connections_status(facts: &ServerFacts) -> Status {
    let available = i64::from((facts.max_connections - facts.reserved_connections).max(1));
    let share = facts.client_backends as f64 / available as f64;
    let text = format!("{} of {available} in use", facts.client_backends);
    if share > CONNECTIONS_WARN_RATIO {
        return Status::new(Level::Warn, format!("{text}; put a pooler in front"));
    }
    Status::new(Level::Ok, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> ServerFacts {
        ServerFacts {
            version: "15.4".into(),
            database: "pharmacy".into(),
            pgss_loaded: true,
            pgss_version: Some("1.10".into()),
            pgss_available: true,
            track_io_timing: true,
            log_min_duration_ms: 100,
            max_connections: 100,
            reserved_connections: 3,
            client_backends: 5,
        }
    }

    fn params(conninfo: &str) -> ConnParams {
        ConnParams::resolve(Some(conninfo), &|_| None).unwrap()
    }

    #[test]
    fn median_of_odd_samples() {
        let mut samples: Vec<Duration> = [9, 1, 5, 3, 7]
            .iter()
            .map(|&ms| Duration::from_millis(ms))
            .collect();
        assert_eq!(median(&mut samples), Duration::from_millis(5));
        assert_eq!(median(&mut []), Duration::ZERO);
    }

    #[test]
    fn slow_query_logging_against_the_target() {
        assert_eq!(slow_log_status(-1).level, Level::Warn);
        assert_eq!(slow_log_status(0).level, Level::Info);
        assert_eq!(slow_log_status(100).level, Level::Ok);
        assert_eq!(slow_log_status(50).level, Level::Ok);
        let late = slow_log_status(1000);
        assert_eq!(late.level, Level::Warn);
        assert!(
            late.text.contains("between 100 ms and 1000 ms"),
            "{}",
            late.text
        );
        assert_eq!(duration_setting(2000), "2s");
        assert_eq!(duration_setting(250), "250ms");
    }

    #[test]
    fn pg_stat_statements_states() {
        let mut f = facts();
        assert_eq!(pg_stat_statements(&f).1.level, Level::Ok);
        f.pgss_version = None;
        let (value, status) = pg_stat_statements(&f);
        assert_eq!(value, "loaded, not created in this database");
        assert!(status.text.contains("CREATE EXTENSION"), "{}", status.text);
        f.pgss_loaded = false;
        assert!(
            pg_stat_statements(&f)
                .1
                .text
                .contains("shared_preload_libraries")
        );
        f.pgss_available = false;
        assert_eq!(pg_stat_statements(&f).0, "not installed");
    }

    #[test]
    fn plain_connections_are_judged_by_where_they_go() {
        let local = params("host=127.0.0.1 sslmode=disable user=u");
        assert_eq!(tls_status(&local, None).level, Level::Info);
        let remote = params("host=db.internal sslmode=prefer user=u");
        assert_eq!(tls_status(&remote, None).level, Level::Warn);
        let verified = params("host=db.internal sslmode=verify-full user=u sslrootcert=/x");
        assert_eq!(tls_status(&verified, Some("TLSv1.3")).level, Level::Ok);
        let unverified = tls_status(&remote, Some("TLSv1.3"));
        assert_eq!(unverified.level, Level::Info);
        assert!(
            unverified.text.starts_with("TLSv1.3"),
            "{}",
            unverified.text
        );
    }

    #[test]
    fn connection_slots_warn_above_80_percent() {
        let mut f = facts();
        assert_eq!(connections_status(&f).level, Level::Ok);
        f.client_backends = 90;
        assert_eq!(connections_status(&f).level, Level::Warn);
    }
}
