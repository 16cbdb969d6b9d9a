//! `slow-queries`: the top statements by total time from `pg_stat_statements`, found in
//! whichever schema the extension is installed in, with the time columns of its installed
//! version; each statement whose mean time is over `[audit] slow_query` (100 ms by default)
//! is a finding. Utility statements (COPY, DDL, VACUUM) are left out. The extension may be
//! installed but not loaded, so the statements are read behind a savepoint and a refusal skips
//! the check with the reason. `stats` shows the same top statements.

use tokio_postgres::Client;

use crate::error::Result;
use crate::report::{Fact, Table, Value};

use super::{Check, CheckResult, Finding, Gather, get, guarded, sql_name};

const EXTENSION_SQL: &str = include_str!("../../sql/checks/slow-queries-extension.sql");
const SQL: &str = include_str!("../../sql/checks/slow-queries.sql");

/// Statements shown in the top table.
const TOP: usize = 10;

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let read = match read(cx.client).await? {
        Ok(read) => read,
        Err(reason) => return Ok(CheckResult::skipped(check, reason)),
    };

    let mut result = CheckResult::new(check);
    let threshold = cx.settings.slow_query.as_secs_f64() * 1000.0;
    let mut top = top_table();
    let mut slowest: Option<f64> = None;
    for statement in &read.statements {
        slowest = Some(slowest.map_or(statement.mean_ms, |s: f64| s.max(statement.mean_ms)));
        if top.rows.len() < TOP {
            top.rows.push(statement.cells());
        }
        if statement.mean_ms > threshold {
            result.findings.push(statement.finding(check, threshold));
        }
    }
    if let Some(slowest) = slowest {
        result.facts.push(Fact {
            key: "slowest_mean_ms",
            label: "Slowest mean statement time",
            value: Value::Millis(slowest),
            status: None,
        });
    }
    if !read.reads_all {
        result.notes.push(
            "slow-queries: statements of other roles show no text to this role; GRANT \
             pg_read_all_stats (or pg_monitor) to see them."
                .to_string(),
        );
    }
    result.tables.push(top);
    Ok(result)
}

/// The top statements of this database by total time, as `stats` shows them, or why they
/// cannot be read. Must run inside a transaction (the read sits behind a savepoint).
pub(crate) async fn top_statements(client: &Client) -> Result<std::result::Result<Table, String>> {
    Ok(read(client).await?.map(|read| {
        let mut top = top_table();
        top.rows = read
            .statements
            .iter()
            .take(TOP)
            .map(Statement::cells)
            .collect();
        top
    }))
}

/// What pg_stat_statements holds for this database.
struct Read {
    /// Queries and data changes (no utility statements), by total time.
    statements: Vec<Statement>,
    /// Whether this role sees the text of other roles' statements.
    reads_all: bool,
}

/// Finds the extension in whichever schema it is installed and reads its statements behind a
/// savepoint; `Ok(Err(reason))` says why they cannot be read, with the remedy.
async fn read(client: &Client) -> Result<std::result::Result<Read, String>> {
    log::debug!("sql (slow-queries): {EXTENSION_SQL}");
    let found = client
        .query(EXTENSION_SQL, &[])
        .await
        .map_err(|e| super::query_error("slow-queries", &e))?;
    let Some(extension) = found.first() else {
        return Ok(Err(
            "pg_stat_statements is not installed in this database; CREATE EXTENSION \
             pg_stat_statements (it must also be in shared_preload_libraries)"
                .to_string(),
        ));
    };
    let schema: String = get(extension, "schema_name")?;
    let version: String = get(extension, "version")?;
    let rows = match guarded(client, &statements_sql(&schema, &version)).await? {
        Ok(rows) => rows,
        Err(reason) => {
            let remedy = unreadable_remedy(&reason, &schema);
            return Ok(Err(format!(
                "pg_stat_statements {version} in schema {schema} cannot be read: {reason}; \
                 {remedy}"
            )));
        }
    };
    let mut statements = Vec::with_capacity(rows.len());
    for row in &rows {
        let statement = Statement::from_row(row)?;
        if is_query(&statement.query) {
            statements.push(statement);
        }
    }
    Ok(Ok(Read {
        statements,
        reads_all: get(extension, "reads_all_stats")?,
    }))
}

/// What would make the extension readable, from the server's refusal.
fn unreadable_remedy(reason: &str, schema: &str) -> String {
    if reason.contains("permission denied for schema") {
        format!(
            "GRANT USAGE ON SCHEMA {} to this role",
            super::sql_ident(schema)
        )
    } else if reason.contains("shared_preload_libraries") {
        "add pg_stat_statements to shared_preload_libraries and restart the server".to_string()
    } else {
        "GRANT pg_read_all_stats (or pg_monitor) to this role".to_string()
    }
}

/// The statements query for the installed extension version, with its view quoted.
pub(crate) fn statements_sql(schema: &str, version: &str) -> String {
    let (total, mean) = if version_at_least(version, 1, 8) {
        ("s.total_exec_time + s.total_plan_time", "s.mean_exec_time")
    } else {
        ("s.total_time", "s.mean_time")
    };
    SQL.replace("@VIEW@", &sql_name(schema, "pg_stat_statements"))
        .replace("@TOTAL_MS@", total)
        .replace("@MEAN_MS@", mean)
}

/// Whether a statement is a query or data change rather than a utility statement (COPY, DDL,
/// VACUUM), which pg_stat_statements also tracks but which no index can speed up.
pub(crate) fn is_query(text: &str) -> bool {
    let mut rest = text.trim_start();
    while let Some(comment) = rest.strip_prefix("--") {
        rest = comment
            .split_once('\n')
            .map_or("", |(_, after)| after)
            .trim_start();
    }
    let word: String = rest
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_uppercase();
    matches!(
        word.as_str(),
        "SELECT" | "WITH" | "INSERT" | "UPDATE" | "DELETE" | "MERGE" | "VALUES" | "TABLE"
    )
}

fn version_at_least(version: &str, major: u32, minor: u32) -> bool {
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let found = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    found >= (major, minor)
}

fn top_table() -> Table {
    Table::new(
        "top_statements",
        &[
            ("query", "Statement"),
            ("calls", "Calls"),
            ("total_ms", "Total time"),
            ("mean_ms", "Mean time"),
            ("rows", "Rows"),
        ],
    )
}

struct Statement {
    id: String,
    query: String,
    calls: i64,
    total_ms: f64,
    mean_ms: f64,
    rows: i64,
}

impl Statement {
    fn from_row(row: &tokio_postgres::Row) -> Result<Self> {
        Ok(Self {
            id: get(row, "query_id")?,
            query: get(row, "query")?,
            calls: get(row, "calls")?,
            total_ms: get(row, "total_ms")?,
            mean_ms: get(row, "mean_ms")?,
            rows: get(row, "rows")?,
        })
    }

    fn cells(&self) -> Vec<Value> {
        vec![
            Value::Text(shorten(&self.query, 80)),
            Value::Int(self.calls),
            Value::Millis(self.total_ms),
            Value::Millis(self.mean_ms),
            Value::Int(self.rows),
        ]
    }

    fn finding(&self, check: &'static Check, threshold: f64) -> Finding {
        let message = format!(
            "Statement {} takes {:.1} ms on average over {} calls ({:.0} ms in all), over the \
             {threshold:.0} ms threshold: {}",
            self.id, self.mean_ms, self.calls, self.total_ms, self.query
        );
        let remedy = "EXPLAIN (ANALYZE, BUFFERS) it with typical parameters and index the \
                      columns it filters or joins on.";
        Finding::new(check, format!("query:{}", self.id), message, remedy)
            .with("mean_ms", self.mean_ms)
            .with("calls", self.calls)
            .with("total_ms", self.total_ms)
    }
}

/// At most `limit` characters, with an ellipsis when cut.
fn shorten(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let cut: String = text.chars().take(limit - 1).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_their_remedy() {
        assert_eq!(
            unreadable_remedy("permission denied for schema extensions", "extensions"),
            "GRANT USAGE ON SCHEMA extensions to this role"
        );
        assert!(
            unreadable_remedy(
                "pg_stat_statements must be loaded via shared_preload_libraries",
                "x"
            )
            .starts_with("add pg_stat_statements to shared_preload_libraries")
        );
    }

    #[test]
    fn utility_statements_are_left_out() {
        assert!(is_query("SELECT pg_sleep($1)"));
        assert!(is_query(
            "-- a comment\nwith x as (select 1) select * from x"
        ));
        assert!(!is_query("COPY public.stores (store_number) FROM STDIN"));
        assert!(!is_query("-- Fresh statistics.\nANALYZE public.stores"));
        assert_eq!(shorten("abcdef", 4), "abc…");
    }

    #[test]
    fn columns_follow_the_extension_version() {
        let old = statements_sql("public", "1.7");
        assert!(old.contains("(s.total_time)::float8"), "{old}");
        assert!(old.contains("FROM public.pg_stat_statements AS s"), "{old}");
        let new = statements_sql("extensions", "1.10");
        assert!(new.contains("(s.mean_exec_time)::float8"), "{new}");
        assert!(new.contains("FROM extensions.pg_stat_statements"), "{new}");
        let quoted = statements_sql("Odd Schema", "1.11");
        assert!(
            quoted.contains("FROM \"Odd Schema\".pg_stat_statements"),
            "{quoted}"
        );
        assert!(version_at_least("1.10", 1, 8));
        assert!(!version_at_least("1.7", 1, 8));
    }
}
