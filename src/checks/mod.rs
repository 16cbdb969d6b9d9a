//! The audit's checks: the registry (stable id, level, category, what each looks at), the
//! finding every check produces, and [`gather`], which runs the selected checks in one
//! read-only transaction. Catalog checks are sent together so tokio-postgres pipelines them on
//! the one connection; checks that call functions or extensions run afterwards, each behind a
//! savepoint, so that a missing privilege skips that check instead of failing the audit.
//! Nothing here renders; [`layout`] turns the results into a report.

mod blocked_sessions;
mod cache_hit_ratio;
mod connections;
mod dead_tuples;
mod duplicate_indexes;
mod exposed_materialized_views;
mod extensions_in_public;
mod functions;
pub mod ignore;
mod invalid_indexes;
pub mod layout;
mod long_running_sessions;
mod materialized_views;
mod multiple_permissive_policies;
mod per_row_auth_calls;
mod policies_without_rls;
mod rls_bypassing_views;
mod rls_disabled;
mod rls_without_policies;
mod schedule_conflicts;
mod security_definer_functions;
mod sequence_exhaustion;
mod sequential_scans;
pub(crate) mod slow_queries;
mod tables_without_primary_key;
mod unindexed_foreign_keys;
mod unused_indexes;
mod xid_wraparound;

use std::time::Duration;

use futures_util::future::join_all;
use tokio_postgres::types::{FromSql, ToSql};
use tokio_postgres::{Client, Row};

use crate::error::{Error, Result, describe_pg};
use crate::report::{Fact, Level, Table};
use crate::settings::{AuditSettings, Targets};
use crate::stats::{Server, Volume};

/// Which concern a check serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// Who can read or change what.
    Security,
    /// Speed of queries and writes.
    Performance,
    /// The server's running state.
    Health,
    /// Correctness of data and schema.
    Integrity,
}

impl Category {
    /// The lowercase name used in listings and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Security => "security",
            Category::Performance => "performance",
            Category::Health => "health",
            Category::Integrity => "integrity",
        }
    }
}

/// The report section a check's results appear in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Query performance.
    Queries,
    /// Indexes and tables.
    Indexes,
    /// Row level security and API exposure.
    Security,
    /// Connections and server health.
    Health,
    /// Materialized views.
    Analytics,
    /// Schedule conflicts.
    Schedule,
}

/// One check of the registry.
#[derive(Debug)]
pub struct Check {
    /// Stable kebab-case id, the same in `--only`, the ignore file and JSON.
    pub id: &'static str,
    /// The level of its findings unless a finding says otherwise.
    pub level: Level,
    /// The concern it serves.
    pub category: Category,
    /// The report section it appears in.
    pub group: Group,
    /// What it looks for, in a few words.
    pub what: &'static str,
    /// The recommendation derived from its findings.
    pub advice: &'static str,
}

const fn check(
    id: &'static str,
    level: Level,
    category: Category,
    group: Group,
    what: &'static str,
    advice: &'static str,
) -> Check {
    Check {
        id,
        level,
        category,
        group,
        what,
        advice,
    }
}

use Category::{Health as H, Integrity as I, Performance as P, Security as S};

/// Every check, in report order.
pub static CHECKS: &[Check] = &[
    check(
        "slow-queries",
        Level::Warn,
        P,
        Group::Queries,
        "top statements from pg_stat_statements; mean time over the slow-query threshold",
        "Tune or index the statements whose mean time is over the threshold",
    ),
    check(
        "invalid-indexes",
        Level::Error,
        H,
        Group::Indexes,
        "indexes left invalid by a failed concurrent build",
        "Rebuild the invalid indexes with REINDEX INDEX CONCURRENTLY",
    ),
    check(
        "duplicate-indexes",
        Level::Warn,
        P,
        Group::Indexes,
        "indexes repeating another index's columns, exactly or as a prefix",
        "Drop the redundant plain indexes; the covering index serves their reads",
    ),
    check(
        "unused-indexes",
        Level::Info,
        P,
        Group::Indexes,
        "plain indexes never scanned over a long enough statistics window",
        "Review the unused indexes and drop those no batch job needs",
    ),
    check(
        "unindexed-foreign-keys",
        Level::Warn,
        P,
        Group::Indexes,
        "foreign keys with no valid index on their columns",
        "Create indexes on the foreign key columns",
    ),
    check(
        "tables-without-primary-key",
        Level::Warn,
        I,
        Group::Indexes,
        "tables with no primary key",
        "Add a primary key to every table",
    ),
    check(
        "sequential-scans",
        Level::Info,
        P,
        Group::Indexes,
        "tables over 10 MB read mostly by sequential scans",
        "Index the columns the sequentially scanned tables are filtered on",
    ),
    check(
        "rls-disabled",
        Level::Error,
        S,
        Group::Security,
        "tables in exposed schemas with row level security off",
        "Enable row level security on every table in an exposed schema",
    ),
    check(
        "policies-without-rls",
        Level::Error,
        S,
        Group::Security,
        "tables with policies whose row level security is off",
        "Enable row level security where policies were written for it",
    ),
    check(
        "rls-without-policies",
        Level::Info,
        S,
        Group::Security,
        "tables with row level security on and no policy",
        "Write policies for the tables that row level security closes entirely",
    ),
    check(
        "per-row-auth-calls",
        Level::Warn,
        P,
        Group::Security,
        "policies calling auth.uid(), auth.jwt() or current_setting() once per row",
        "Wrap auth calls in policies as (select auth.uid()) so they run once per statement",
    ),
    check(
        "multiple-permissive-policies",
        Level::Warn,
        P,
        Group::Security,
        "several permissive policies for one role and action on a table",
        "Merge permissive policies for the same role and action into one",
    ),
    check(
        "security-definer-functions",
        Level::Warn,
        S,
        Group::Security,
        "SECURITY DEFINER functions without a fixed search_path or executable by API roles",
        "Fix search_path on SECURITY DEFINER functions and revoke EXECUTE from API roles",
    ),
    check(
        "rls-bypassing-views",
        Level::Error,
        S,
        Group::Security,
        "views readable by API roles that read RLS tables with their owner's rights",
        "Set security_invoker = true on views over tables with row level security",
    ),
    check(
        "exposed-materialized-views",
        Level::Warn,
        S,
        Group::Security,
        "materialized views in exposed schemas readable by anon or authenticated",
        "Move materialized views out of exposed schemas or revoke SELECT from API roles",
    ),
    check(
        "extensions-in-public",
        Level::Warn,
        S,
        Group::Security,
        "extensions installed in the public schema",
        "Move extensions into a schema of their own, such as extensions",
    ),
    check(
        "cache-hit-ratio",
        Level::Warn,
        H,
        Group::Health,
        "buffer cache hit ratio of tables and indexes against the target",
        "Give shared_buffers more memory or reduce what queries read",
    ),
    check(
        "connections",
        Level::Warn,
        H,
        Group::Health,
        "client connections against max_connections",
        "Put a connection pooler in front of the database or raise max_connections",
    ),
    check(
        "long-running-sessions",
        Level::Warn,
        H,
        Group::Health,
        "long-running queries and sessions idle in a transaction",
        "End or fix the sessions holding queries or transactions open",
    ),
    check(
        "blocked-sessions",
        Level::Warn,
        H,
        Group::Health,
        "sessions waiting on another session's lock",
        "Find and end the sessions holding the locks others wait on",
    ),
    check(
        "dead-tuples",
        Level::Warn,
        H,
        Group::Health,
        "tables with more dead tuples than autovacuum's trigger",
        "Vacuum the tables whose dead tuples autovacuum has not caught up with",
    ),
    check(
        "sequence-exhaustion",
        Level::Warn,
        I,
        Group::Health,
        "sequences near the maximum of the column type they feed",
        "Widen the columns (and sequences) close to their maximum to bigint",
    ),
    check(
        "xid-wraparound",
        Level::Error,
        H,
        Group::Health,
        "transaction ID age of each database against wraparound",
        "Run VACUUM (FREEZE) on the databases nearing transaction ID wraparound",
    ),
    check(
        "materialized-views",
        Level::Warn,
        P,
        Group::Analytics,
        "materialized views: size, populated, unique index for concurrent refresh",
        "Give every materialized view a unique index so it can be refreshed concurrently",
    ),
    check(
        "schedule-conflicts",
        Level::Warn,
        I,
        Group::Schedule,
        "schedule conflicts and staffing-rule breaches, by detect_schedule_conflicts() or the same rules",
        "Resolve the schedule conflicts and staffing-rule breaches that `pharmctl conflicts` lists",
    ),
];

/// The check with this id.
pub fn find(id: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|c| c.id == id)
}

/// The checks to run: all, or `only`, minus `skip`. An unknown id is a usage error.
pub fn select(only: &[String], skip: &[String]) -> Result<Vec<&'static Check>> {
    for id in only.iter().chain(skip) {
        if find(id).is_none() {
            return Err(Error::usage(format!("unknown check id `{id}`"))
                .with_help("run `pharmctl audit --list-checks` to see the ids"));
        }
    }
    Ok(CHECKS
        .iter()
        .filter(|c| only.is_empty() || only.iter().any(|id| id == c.id))
        .filter(|c| !skip.iter().any(|id| id == c.id))
        .collect())
}

/// One problem found: a sentence with the figures, the object, a remedy, and a stable key.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The id of the check that found it.
    pub check: &'static str,
    /// How serious.
    pub level: Level,
    /// The object concerned, such as `public.store_schedules`.
    pub object: String,
    /// What is wrong, as a full sentence with numbers.
    pub message: String,
    /// What to do about it.
    pub remedy: String,
    /// Machine-readable figures, for JSON.
    pub metadata: serde_json::Map<String, serde_json::Value>,
}

impl Finding {
    /// A finding of `check` at the check's level.
    pub fn new(
        check: &'static Check,
        object: impl Into<String>,
        message: impl Into<String>,
        remedy: impl Into<String>,
    ) -> Self {
        Self {
            check: check.id,
            level: check.level,
            object: object.into(),
            message: message.into(),
            remedy: remedy.into(),
            metadata: serde_json::Map::new(),
        }
    }

    /// The same finding at another level.
    pub fn at(mut self, level: Level) -> Self {
        self.level = level;
        self
    }

    /// Adds a machine-readable figure.
    pub fn with(mut self, key: &str, value: impl Into<serde_json::Value>) -> Self {
        self.metadata.insert(key.to_string(), value.into());
        self
    }

    /// The stable key an ignore file names: `check-id:object`.
    pub fn key(&self) -> String {
        format!("{}:{}", self.check, self.object)
    }
}

/// What one check produced.
#[derive(Debug, Clone)]
pub struct CheckResult {
    /// The check.
    pub check: &'static Check,
    /// Why it did not run, with the grant or extension that would enable it.
    pub skipped: Option<String>,
    /// Its findings.
    pub findings: Vec<Finding>,
    /// Figures it measured.
    pub facts: Vec<Fact>,
    /// Tables it shows (top statements, materialized views, conflict examples).
    pub tables: Vec<Table>,
    /// Sentences about how far to trust it (statistics window, hidden rows).
    pub notes: Vec<String>,
}

impl CheckResult {
    /// A result with nothing in it yet.
    pub fn new(check: &'static Check) -> Self {
        Self {
            check,
            skipped: None,
            findings: Vec::new(),
            facts: Vec::new(),
            tables: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// A check that did not run, and why.
    pub fn skipped(check: &'static Check, reason: impl Into<String>) -> Self {
        let mut result = Self::new(check);
        result.skipped = Some(reason.into());
        result
    }
}

/// Everything one audit gathered.
#[derive(Debug, Clone)]
pub struct Audit {
    /// The server and database examined.
    pub server: Server,
    /// Table volumes, from the planner's estimates.
    pub volumes: Vec<Volume>,
    /// One result per selected check, in registry order.
    pub results: Vec<CheckResult>,
    /// Rows of `get_performance_recommendations()` when installed, else `None`.
    pub recommendations: Option<Vec<String>>,
    /// Why the installed recommendations function could not be called, if it failed.
    pub recommendations_note: Option<String>,
}

/// What a check needs while gathering.
pub(crate) struct Gather<'a> {
    pub client: &'a Client,
    pub settings: &'a AuditSettings,
    pub targets: &'a Targets,
}

const SERVER_SQL: &str = include_str!("../../sql/stats/server.sql");
const VOLUMES_SQL: &str = include_str!("../../sql/checks/volumes.sql");

/// Runs the selected checks in one read-only, repeatable-read transaction with
/// `statement_timeout`, so that every figure describes the same moment. Sizes are read so as
/// never to queue behind DDL; `lock_timeout` bounds the wait should a lock come in between.
pub async fn gather(
    client: &Client,
    checks: &[&'static Check],
    settings: &AuditSettings,
    targets: &Targets,
    statement_timeout: Duration,
) -> Result<Audit> {
    let begin = format!(
        "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; \
         SET LOCAL statement_timeout = {}; SET LOCAL lock_timeout = '1s'; \
         SET LOCAL search_path = ''",
        statement_timeout.as_millis()
    );
    client
        .batch_execute(&begin)
        .await
        .map_err(|e| query_error("begin", &e))?;
    let cx = Gather {
        client,
        settings,
        targets,
    };

    let started = std::time::Instant::now();
    let catalog = checks.iter().filter(|c| !calls_functions(c));
    let (server, volumes, results) = tokio::join!(
        server(client),
        volumes(client),
        join_all(catalog.map(|c| run_catalog(c, &cx))),
    );
    let (server, volumes, mut results) = first_cause(server, volumes, results)?;
    log::debug!(
        "pipelined catalog queries answered in {:?}",
        started.elapsed()
    );

    for check in checks.iter().filter(|c| calls_functions(c)) {
        results.push(run_guarded(check, &cx).await?);
    }
    results.sort_by_key(|r| CHECKS.iter().position(|c| c.id == r.check.id));
    let (recommendations, recommendations_note) = layout::database_advice(client).await?;
    log::debug!("function checks done at {:?}", started.elapsed());

    client
        .batch_execute("COMMIT")
        .await
        .map_err(|e| query_error("commit", &e))?;
    Ok(Audit {
        server,
        volumes,
        results,
        recommendations,
        recommendations_note,
    })
}

/// The gathered values, or the error that caused the others: once one pipelined query fails,
/// every later one reports only that the transaction is aborted.
fn first_cause(
    server: Result<Server>,
    volumes: Result<Vec<Volume>>,
    results: Vec<Result<CheckResult>>,
) -> Result<(Server, Vec<Volume>, Vec<CheckResult>)> {
    let mut errors = Vec::new();
    let server = server.map_err(|e| errors.push(e));
    let volumes = volumes.map_err(|e| errors.push(e));
    let mut ok = Vec::new();
    for result in results {
        match result {
            Ok(result) => ok.push(result),
            Err(e) => errors.push(e),
        }
    }
    if let (Ok(server), Ok(volumes), true) = (server, volumes, errors.is_empty()) {
        return Ok((server, volumes, ok));
    }
    let secondary = |e: &Error| e.message().contains("current transaction is aborted");
    let index = errors.iter().position(|e| !secondary(e)).unwrap_or(0);
    Err(errors.swap_remove(index))
}

/// Checks that call functions or extensions which may fail at run time.
fn calls_functions(check: &Check) -> bool {
    matches!(check.id, "slow-queries" | "schedule-conflicts")
}

async fn run_catalog(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    match check.id {
        "invalid-indexes" => invalid_indexes::run(check, cx).await,
        "duplicate-indexes" => duplicate_indexes::run(check, cx).await,
        "unused-indexes" => unused_indexes::run(check, cx).await,
        "unindexed-foreign-keys" => unindexed_foreign_keys::run(check, cx).await,
        "tables-without-primary-key" => tables_without_primary_key::run(check, cx).await,
        "sequential-scans" => sequential_scans::run(check, cx).await,
        "rls-disabled" => rls_disabled::run(check, cx).await,
        "policies-without-rls" => policies_without_rls::run(check, cx).await,
        "rls-without-policies" => rls_without_policies::run(check, cx).await,
        "per-row-auth-calls" => per_row_auth_calls::run(check, cx).await,
        "multiple-permissive-policies" => multiple_permissive_policies::run(check, cx).await,
        "security-definer-functions" => security_definer_functions::run(check, cx).await,
        "rls-bypassing-views" => rls_bypassing_views::run(check, cx).await,
        "exposed-materialized-views" => exposed_materialized_views::run(check, cx).await,
        "extensions-in-public" => extensions_in_public::run(check, cx).await,
        "cache-hit-ratio" => cache_hit_ratio::run(check, cx).await,
        "connections" => connections::run(check, cx).await,
        "long-running-sessions" => long_running_sessions::run(check, cx).await,
        "blocked-sessions" => blocked_sessions::run(check, cx).await,
        "dead-tuples" => dead_tuples::run(check, cx).await,
        "sequence-exhaustion" => sequence_exhaustion::run(check, cx).await,
        "xid-wraparound" => xid_wraparound::run(check, cx).await,
        "materialized-views" => materialized_views::run(check, cx).await,
        _ => Ok(unregistered(check)),
    }
}

async fn run_guarded(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    match check.id {
        "slow-queries" => slow_queries::run(check, cx).await,
        "schedule-conflicts" => schedule_conflicts::run(check, cx).await,
        _ => Ok(unregistered(check)),
    }
}

/// A registry entry with no code behind it: reported as skipped rather than run as another.
fn unregistered(check: &'static Check) -> CheckResult {
    CheckResult::skipped(check, "this build has no code for it")
}

async fn server(client: &Client) -> Result<Server> {
    let row = client
        .query_one(SERVER_SQL, &[])
        .await
        .map_err(|e| query_error("server", &e))?;
    Ok(Server {
        version: get(&row, "server_version")?,
        database: get(&row, "database")?,
        role: get(&row, "role")?,
        database_bytes: get(&row, "database_bytes")?,
        is_replica: get(&row, "is_replica")?,
    })
}

/// Table volumes from the planner's estimates: an audit never counts rows.
async fn volumes(client: &Client) -> Result<Vec<Volume>> {
    let rows = client
        .query(VOLUMES_SQL, &[])
        .await
        .map_err(|e| query_error("volumes", &e))?;
    rows.iter()
        .map(|row| {
            let estimated: i64 = get(row, "estimated_rows")?;
            let live: i64 = get(row, "live_tuples")?;
            Ok(Volume {
                schema: get(row, "schema_name")?,
                table: get(row, "table_name")?,
                rows: if estimated < 0 { live } else { estimated },
                is_exact: false,
                table_bytes: get(row, "table_bytes")?,
                index_bytes: get(row, "index_bytes")?,
                live_tuples: live,
                dead_tuples: get(row, "dead_tuples")?,
                is_analyzed: get(row, "is_analyzed")?,
            })
        })
        .collect()
}

/// Runs a check's catalog query.
pub(crate) async fn rows(
    cx: &Gather<'_>,
    check: &Check,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Vec<Row>> {
    log::debug!("sql ({}): {sql}", check.id);
    cx.client
        .query(sql, params)
        .await
        .map_err(|e| query_error(check.id, &e))
}

/// Runs a query behind a savepoint: `Ok(Err(reason))` when the server refused it, with the
/// transaction still usable.
pub(crate) async fn guarded(
    client: &Client,
    sql: &str,
) -> Result<std::result::Result<Vec<Row>, String>> {
    guarded_with(client, sql, &[]).await
}

/// [`guarded`] with bind parameters.
pub(crate) async fn guarded_with(
    client: &Client,
    sql: &str,
    params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
) -> Result<std::result::Result<Vec<Row>, String>> {
    let control = |e: tokio_postgres::Error| query_error("savepoint", &e);
    log::debug!("sql (behind a savepoint): {sql}");
    client
        .batch_execute("SAVEPOINT pharmctl_check")
        .await
        .map_err(control)?;
    match client.query(sql, params).await {
        Ok(rows) => {
            client
                .batch_execute("RELEASE SAVEPOINT pharmctl_check")
                .await
                .map_err(control)?;
            Ok(Ok(rows))
        }
        Err(e) => {
            client
                .batch_execute("ROLLBACK TO SAVEPOINT pharmctl_check")
                .await
                .map_err(control)?;
            Ok(Err(describe_pg(&e)))
        }
    }
}

/// A typed column value; a type mismatch is a database error naming the column.
pub(crate) fn get<'a, T: FromSql<'a>>(row: &'a Row, column: &str) -> Result<T> {
    row.try_get(column).map_err(|e| {
        Error::database(format!(
            "unexpected value in column `{column}`: {}",
            describe_pg(&e)
        ))
    })
}

fn query_error(what: &str, err: &tokio_postgres::Error) -> Error {
    Error::database(format!("the {what} query failed: {}", describe_pg(err)))
        .with_help("run with -vv to see the SQL, and check the role's privileges")
}

/// `schema.name`, the form objects are named in findings.
pub(crate) fn qualified(schema: &str, name: &str) -> String {
    format!("{schema}.{name}")
}

/// A schema-qualified name for SQL in a remedy: quoted only where PostgreSQL needs quotes.
pub(crate) fn sql_name(schema: &str, name: &str) -> String {
    format!("{}.{}", sql_ident(schema), sql_ident(name))
}

/// One identifier, quoted only when it is not a plain lowercase name or is a reserved word.
pub(crate) fn sql_ident(name: &str) -> String {
    const RESERVED: &[&str] = &[
        "all",
        "analyse",
        "analyze",
        "and",
        "any",
        "array",
        "as",
        "asc",
        "both",
        "case",
        "cast",
        "check",
        "collate",
        "column",
        "constraint",
        "create",
        "default",
        "desc",
        "distinct",
        "do",
        "else",
        "end",
        "except",
        "false",
        "for",
        "foreign",
        "from",
        "grant",
        "group",
        "having",
        "in",
        "into",
        "limit",
        "not",
        "null",
        "offset",
        "on",
        "only",
        "or",
        "order",
        "primary",
        "references",
        "select",
        "table",
        "then",
        "to",
        "true",
        "union",
        "unique",
        "user",
        "using",
        "when",
        "where",
        "window",
        "with",
    ];
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !RESERVED.contains(&name);
    if plain {
        name.to_string()
    } else {
        crate::db::ident::quote_ident(name)
    }
}

/// `1 index` or `3 indexes`.
pub(crate) fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

/// A duration in seconds as people read it: `45 s`, `12 min`, `3.5 h`, `9 days`.
pub(crate) fn human_seconds(seconds: f64) -> String {
    if seconds < 120.0 {
        format!("{seconds:.0} s")
    } else if seconds < 7_200.0 {
        format!("{:.0} min", seconds / 60.0)
    } else if seconds < 172_800.0 {
        format!("{:.1} h", seconds / 3_600.0)
    } else {
        format!("{:.0} days", seconds / 86_400.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_have_sql() {
        for (i, check) in CHECKS.iter().enumerate() {
            assert!(
                check.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                check.id
            );
            assert!(CHECKS[i + 1..].iter().all(|other| other.id != check.id));
            // These two reuse the `stats` command's queries in sql/stats/.
            if matches!(check.id, "cache-hit-ratio" | "connections") {
                continue;
            }
            let sql = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("sql/checks")
                .join(format!("{}.sql", check.id));
            assert!(sql.is_file(), "no SQL file for {}", check.id);
        }
    }

    #[test]
    fn selection_honours_only_and_skip() {
        let only = vec!["rls-disabled".to_string(), "connections".to_string()];
        let ids: Vec<_> = select(&only, &["connections".to_string()])
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(ids, ["rls-disabled"]);
        assert_eq!(select(&[], &[]).unwrap().len(), CHECKS.len());
        let err = select(&["no-such".to_string()], &[]).unwrap_err();
        assert_eq!(err.message(), "unknown check id `no-such`");
    }

    #[test]
    fn names_are_quoted_only_when_needed() {
        assert_eq!(
            sql_name("public", "store_schedules"),
            "public.store_schedules"
        );
        assert_eq!(sql_name("public", "Shift Log"), "public.\"Shift Log\"");
        assert_eq!(sql_ident("user"), "\"user\"");
        assert_eq!(sql_ident("2fa"), "\"2fa\"");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_seconds(45.0), "45 s");
        assert_eq!(human_seconds(720.0), "12 min");
        assert_eq!(human_seconds(12_600.0), "3.5 h");
        assert_eq!(human_seconds(9.0 * 86_400.0), "9 days");
    }
}
