//! The `stats` report: data volumes per table, index usage, buffer cache hit ratio, connections
//! in use against `max_connections`, and the top statements. Gathers with read-only SQL,
//! judges in plain Rust.

use futures_util::future::try_join_all;
use tokio_postgres::{Client, Row};

use crate::db::ident::quote_qualified;
use crate::error::{Error, Result, describe_pg};
use crate::report::{Level, Report, Section, Status, Table, Value};

const SERVER_SQL: &str = include_str!("../sql/stats/server.sql");
const VOLUMES_SQL: &str = include_str!("../sql/stats/volumes.sql");
const VOLUMES_FUNCTION_USABLE_SQL: &str = include_str!("../sql/stats/volumes_function_usable.sql");
const VOLUMES_FUNCTION_SQL: &str = include_str!("../sql/stats/volumes_function.sql");
const CACHE_SQL: &str = include_str!("../sql/stats/cache.sql");
const CONNECTIONS_SQL: &str = include_str!("../sql/stats/connections.sql");
const INDEX_USAGE_SQL: &str = include_str!("../sql/stats/index_usage.sql");

/// Above this many estimated rows a table is not counted exactly; the estimate is shown.
const EXACT_COUNT_LIMIT: i64 = 10_000_000;
/// The cache hit ratio the system aims for.
const CACHE_HIT_TARGET: f64 = 0.99;
/// Share of connection slots in use above which the pool is judged too full.
const CONNECTIONS_WARN_RATIO: f64 = 0.8;

/// One table's volume.
#[derive(Debug, Clone)]
pub struct Volume {
    pub schema: String,
    pub table: String,
    pub rows: i64,
    pub is_exact: bool,
    pub table_bytes: i64,
    pub index_bytes: i64,
    pub live_tuples: i64,
    pub dead_tuples: i64,
    pub is_analyzed: bool,
}

/// Buffer cache counters.
#[derive(Debug, Clone, Copy)]
pub struct Cache {
    pub database_hits: i64,
    pub database_reads: i64,
    pub heap_hits: i64,
    pub heap_reads: i64,
    pub index_hits: i64,
    pub index_reads: i64,
}

/// Connection slots.
#[derive(Debug, Clone, Copy)]
pub struct Connections {
    pub max_connections: i32,
    pub reserved: i32,
    pub in_use: i64,
    pub active: i64,
    pub idle: i64,
    pub idle_in_transaction: i64,
}

/// The server and database examined.
#[derive(Debug, Clone)]
pub struct Server {
    pub version: String,
    pub database: String,
    pub role: String,
    pub database_bytes: i64,
    pub is_replica: bool,
}

/// One index's use since the statistics began.
#[derive(Debug, Clone)]
pub struct IndexUsage {
    pub schema: String,
    pub table: String,
    pub index: String,
    pub is_unique: bool,
    pub is_valid: bool,
    pub scans: i64,
    pub entries_read: i64,
    pub bytes: i64,
}

/// Everything `stats` measures.
#[derive(Debug, Clone)]
pub struct Stats {
    pub server: Server,
    pub volumes: Vec<Volume>,
    pub indexes: Vec<IndexUsage>,
    pub cache: Cache,
    pub connections: Connections,
    /// The top statements by total time, or why they cannot be shown.
    pub statements: std::result::Result<Table, String>,
}

/// Reads the statistics in one read-only, repeatable-read transaction so that counts and sizes
/// describe the same moment.
pub async fn gather(client: &Client, schemas: &[String]) -> Result<Stats> {
    client
        .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .await
        .map_err(|e| query_error("begin", &e))?;
    let volumes_sql = volumes_source(client).await?;

    let (server, volume_rows, index_rows, cache, connections) = tokio::try_join!(
        query_one(client, SERVER_SQL, &[], "server"),
        async {
            client
                .query(volumes_sql, &[&schemas])
                .await
                .map_err(|e| query_error("volumes", &e))
        },
        async {
            client
                .query(INDEX_USAGE_SQL, &[&schemas])
                .await
                .map_err(|e| query_error("index usage", &e))
        },
        query_one(client, CACHE_SQL, &[], "cache"),
        query_one(client, CONNECTIONS_SQL, &[], "connections"),
    )?;
    let volumes = count_rows(client, &volume_rows).await?;
    let statements = crate::checks::slow_queries::top_statements(client).await?;

    client
        .batch_execute("COMMIT")
        .await
        .map_err(|e| query_error("commit", &e))?;
    Ok(Stats {
        server: server_from(&server)?,
        volumes,
        indexes: index_rows
            .iter()
            .map(index_usage_from)
            .collect::<Result<_>>()?,
        cache: cache_from(&cache)?,
        connections: connections_from(&connections)?,
        statements,
    })
}

fn index_usage_from(row: &Row) -> Result<IndexUsage> {
    Ok(IndexUsage {
        schema: get(row, "schema_name")?,
        table: get(row, "table_name")?,
        index: get(row, "index_name")?,
        is_unique: get(row, "is_unique")?,
        is_valid: get(row, "is_valid")?,
        scans: get(row, "scans")?,
        entries_read: get(row, "entries_read")?,
        bytes: get(row, "index_bytes")?,
    })
}

/// The volumes come from `public.get_performance_stats()` once `pharmctl migrate` installed
/// it (the same figures, computed in the database), else from pharmctl's own query.
async fn volumes_source(client: &Client) -> Result<&'static str> {
    let row = query_one(client, VOLUMES_FUNCTION_USABLE_SQL, &[], "function lookup").await?;
    if get::<bool>(&row, "usable")? {
        log::info!("volumes read through public.get_performance_stats()");
        return Ok(VOLUMES_FUNCTION_SQL);
    }
    Ok(VOLUMES_SQL)
}

async fn query_one(
    client: &Client,
    sql: &str,
    params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    what: &str,
) -> Result<Row> {
    client
        .query_one(sql, params)
        .await
        .map_err(|e| query_error(what, &e))
}

fn query_error(what: &str, err: &tokio_postgres::Error) -> Error {
    Error::database(format!("the {what} query failed: {}", describe_pg(err)))
        .with_help("run with -vv to see the SQL, and check the role's privileges")
}

/// Counts each table exactly when the role sees every row and the table is not huge; the
/// counts are pipelined on the one connection.
async fn count_rows(client: &Client, rows: &[Row]) -> Result<Vec<Volume>> {
    let counts = rows.iter().map(|row| async move {
        let schema: String = get(row, "schema_name")?;
        let table: String = get(row, "table_name")?;
        let estimated: i64 = get(row, "estimated_rows")?;
        let can_count: bool = get(row, "can_count")?;
        if !can_count || estimated > EXACT_COUNT_LIMIT {
            return Ok((estimated.max(0), false));
        }
        let sql = format!("SELECT count(*) FROM {}", quote_qualified(&schema, &table));
        let counted = client.query_one(&sql, &[]).await.map_err(|e| {
            Error::database(format!(
                "counting rows of `{schema}.{table}` failed: {}",
                describe_pg(&e)
            ))
            .with_help("raise statement_timeout in pharmctl.toml, or grant SELECT on the table")
        })?;
        Ok::<_, Error>((counted.get::<_, i64>(0), true))
    });
    let counts = try_join_all(counts).await?;

    rows.iter()
        .zip(counts)
        .map(|(row, (rows_counted, is_exact))| {
            Ok(Volume {
                schema: get(row, "schema_name")?,
                table: get(row, "table_name")?,
                rows: rows_counted,
                is_exact,
                table_bytes: get(row, "table_bytes")?,
                index_bytes: get(row, "index_bytes")?,
                live_tuples: get(row, "live_tuples")?,
                dead_tuples: get(row, "dead_tuples")?,
                is_analyzed: get(row, "is_analyzed")?,
            })
        })
        .collect()
}

fn get<'a, T: tokio_postgres::types::FromSql<'a>>(row: &'a Row, column: &str) -> Result<T> {
    row.try_get(column).map_err(|e| {
        Error::database(format!(
            "unexpected value in column `{column}`: {}",
            describe_pg(&e)
        ))
    })
}

fn server_from(row: &Row) -> Result<Server> {
    Ok(Server {
        version: get(row, "server_version")?,
        database: get(row, "database")?,
        role: get(row, "role")?,
        database_bytes: get(row, "database_bytes")?,
        is_replica: get(row, "is_replica")?,
    })
}

fn cache_from(row: &Row) -> Result<Cache> {
    Ok(Cache {
        database_hits: get(row, "database_hits")?,
        database_reads: get(row, "database_reads")?,
        heap_hits: get(row, "heap_hits")?,
        heap_reads: get(row, "heap_reads")?,
        index_hits: get(row, "index_hits")?,
        index_reads: get(row, "index_reads")?,
    })
}

fn connections_from(row: &Row) -> Result<Connections> {
    Ok(Connections {
        max_connections: get(row, "max_connections")?,
        reserved: get(row, "reserved_connections")?,
        in_use: get(row, "client_backends")?,
        active: get(row, "active")?,
        idle: get(row, "idle")?,
        idle_in_transaction: get(row, "idle_in_transaction")?,
    })
}

/// Judges the figures and lays them out as a report.
pub fn report(stats: &Stats, subject: String) -> Report {
    let mut report = Report::new("stats", "pharmctl stats");
    report.subject = Some(subject);
    report.sections.push(server_section(&stats.server));
    report.sections.push(volumes_section(&stats.volumes));
    report.sections.push(index_usage_section(&stats.indexes));
    report.sections.push(cache_section(&stats.cache));
    report
        .sections
        .push(connections_section(&stats.connections));
    report.sections.push(statements_section(&stats.statements));
    report
}

/// A table's name as `stats` shows it: bare in `public`, schema-qualified elsewhere.
fn shown_name(schema: &str, table: &str) -> String {
    if schema == "public" {
        table.to_string()
    } else {
        format!("{schema}.{table}")
    }
}

fn index_usage_section(indexes: &[IndexUsage]) -> Section {
    let mut section = Section::new("indexes", "Index usage");
    let mut table = Table::new(
        "indexes",
        &[
            ("table", "Table"),
            ("index", "Index"),
            ("scans", "Scans"),
            ("entries_read", "Entries read"),
            ("index_bytes", "Size"),
            ("kind", "Kind"),
        ],
    );
    for index in indexes {
        let kind = match (index.is_valid, index.is_unique) {
            (false, _) => Value::Status(Status::new(Level::Error, "invalid")),
            (true, true) => Value::Text("unique".to_string()),
            (true, false) => Value::Text("plain".to_string()),
        };
        table.rows.push(vec![
            Value::Text(shown_name(&index.schema, &index.table)),
            Value::Text(index.index.clone()),
            Value::Int(index.scans),
            Value::Int(index.entries_read),
            Value::Bytes(index.bytes),
            kind,
        ]);
    }
    section.tables.push(table);
    section.notes.push(
        "Scans and entries read count since the statistics were last reset; `pharmctl audit` \
         judges unused and duplicate indexes."
            .to_string(),
    );
    section
}

fn statements_section(statements: &std::result::Result<Table, String>) -> Section {
    let mut section = Section::new("statements", "Top statements");
    match statements {
        Ok(table) => {
            section.tables.push(table.clone());
            section.notes.push(
                "By total time since pg_stat_statements was last reset; utility statements \
                 (COPY, DDL, VACUUM) are left out."
                    .to_string(),
            );
        }
        Err(reason) => section.notes.push(format!("Not shown: {reason}.")),
    }
    section
}

fn server_section(server: &Server) -> Section {
    let mut section = Section::new("server", "Server");
    section.fact(
        "server_version",
        "PostgreSQL",
        Value::Text(server.version.clone()),
    );
    section.fact("database", "Database", Value::Text(server.database.clone()));
    section.fact("role", "Connected as", Value::Text(server.role.clone()));
    section.fact(
        "database_bytes",
        "Database size",
        Value::Bytes(server.database_bytes),
    );
    if server.is_replica {
        section.fact(
            "is_replica",
            "Replica",
            Value::Text("yes (read-only standby)".into()),
        );
    }
    section
}

fn volumes_section(volumes: &[Volume]) -> Section {
    let mut section = Section::new("volumes", "Data volumes");
    let mut table = Table::new(
        "tables",
        &[
            ("table", "Table"),
            ("rows", "Rows"),
            ("table_bytes", "Size"),
            ("index_bytes", "Index size"),
            ("status", "Status"),
        ],
    );
    for volume in volumes {
        table.rows.push(vec![
            Value::Text(shown_name(&volume.schema, &volume.table)),
            Value::Count {
                value: volume.rows,
                exact: volume.is_exact,
            },
            Value::Bytes(volume.table_bytes),
            Value::Bytes(volume.index_bytes),
            Value::Status(table_status(volume)),
        ]);
    }
    if volumes.iter().any(|v| !v.is_exact) {
        section.notes.push(
            "Counts marked ~ are the planner's estimates: the table is very large, or this role \
             cannot see every row (no SELECT privilege, or row level security applies)."
                .to_string(),
        );
    }
    if volumes.is_empty() {
        section.notes.push("No user tables found.".to_string());
    }
    section.tables.push(table);
    section
}

/// `empty`, `never analyzed`, `N% dead tuples` or `ok`.
pub fn table_status(volume: &Volume) -> Status {
    if volume.rows == 0 {
        return Status::new(Level::Info, "empty");
    }
    if !volume.is_analyzed {
        return Status::new(Level::Warn, "never analyzed");
    }
    let tuples = volume.live_tuples + volume.dead_tuples;
    if volume.dead_tuples >= 1_000 && tuples > 0 {
        let dead_share = volume.dead_tuples as f64 / tuples as f64;
        if dead_share >= 0.2 {
            return Status::new(
                Level::Warn,
                format!("{:.0}% dead tuples", dead_share * 100.0),
            );
        }
    }
    Status::new(Level::Ok, "ok")
}

fn cache_section(cache: &Cache) -> Section {
    let mut section = Section::new("cache", "Buffer cache");
    let ratios = [
        (
            "database_hit_ratio",
            "Cache hit ratio (database)",
            cache.database_hits,
            cache.database_reads,
        ),
        (
            "table_hit_ratio",
            "Cache hit ratio (tables)",
            cache.heap_hits,
            cache.heap_reads,
        ),
        (
            "index_hit_ratio",
            "Cache hit ratio (indexes)",
            cache.index_hits,
            cache.index_reads,
        ),
    ];
    for (key, label, hits, reads) in ratios {
        match hit_ratio(hits, reads) {
            Some(ratio) => section.judged(key, label, Value::Ratio(ratio), cache_status(ratio)),
            None => section.fact(key, label, Value::Missing("no reads yet")),
        }
    }
    section
}

/// Hits over all block requests; `None` before anything was read.
pub fn hit_ratio(hits: i64, reads: i64) -> Option<f64> {
    let total = hits + reads;
    (total > 0).then(|| hits as f64 / total as f64)
}

fn cache_status(ratio: f64) -> Status {
    if ratio >= CACHE_HIT_TARGET {
        Status::new(Level::Ok, "ok (target 99%)")
    } else {
        Status::new(Level::Warn, "below the 99% target")
    }
}

fn connections_section(connections: &Connections) -> Section {
    let mut section = Section::new("connections", "Connections");
    let available = i64::from(connections.max_connections - connections.reserved).max(1);
    let usage = connections.in_use as f64 / available as f64;
    let status = if usage > CONNECTIONS_WARN_RATIO {
        Status::new(Level::Warn, "over 80% of the available slots")
    } else {
        Status::new(Level::Ok, "ok (target under 80%)")
    };
    section.judged(
        "in_use",
        "Client connections",
        Value::Text(format!("{} of {available} available", connections.in_use)),
        status,
    );
    section.fact("usage_ratio", "Share in use", Value::Ratio(usage));
    section.fact(
        "max_connections",
        "max_connections",
        Value::Int(connections.max_connections.into()),
    );
    section.fact(
        "reserved",
        "Reserved for superusers",
        Value::Int(connections.reserved.into()),
    );
    section.fact("active", "Active", Value::Int(connections.active));
    section.fact("idle", "Idle", Value::Int(connections.idle));
    section.fact(
        "idle_in_transaction",
        "Idle in transaction",
        Value::Int(connections.idle_in_transaction),
    );
    section
}

#[cfg(test)]
mod tests {
    use super::*;

    fn volume(rows: i64, live: i64, dead: i64, analyzed: bool) -> Volume {
        Volume {
            schema: "public".into(),
            table: "store_schedules".into(),
            rows,
            is_exact: true,
            table_bytes: 0,
            index_bytes: 0,
            live_tuples: live,
            dead_tuples: dead,
            is_analyzed: analyzed,
        }
    }

    #[test]
    fn statuses_follow_rows_analysis_and_dead_tuples() {
        assert_eq!(table_status(&volume(0, 0, 0, false)).text, "empty");
        assert_eq!(
            table_status(&volume(10, 10, 0, false)).text,
            "never analyzed"
        );
        assert_eq!(table_status(&volume(9793, 9793, 5, true)).text, "ok");
        assert_eq!(
            table_status(&volume(9000, 6000, 4000, true)).text,
            "40% dead tuples"
        );
        // Few dead tuples in a tiny table are not worth a warning.
        assert_eq!(table_status(&volume(10, 10, 900, true)).level, Level::Ok);
    }

    #[test]
    fn hit_ratio_needs_reads() {
        assert_eq!(hit_ratio(0, 0), None);
        assert_eq!(hit_ratio(99, 1), Some(0.99));
    }
}
