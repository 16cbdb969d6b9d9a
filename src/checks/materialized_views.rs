//! `materialized-views`: every materialized view with its size, whether it holds data, and
//! whether it has the unique index that `REFRESH MATERIALIZED VIEW CONCURRENTLY` needs (without
//! it a refresh locks readers out). Says so when the analytics views that `pharmctl migrate`
//! installs are absent.

use crate::error::Result;
use crate::report::{Level, Status, Table, Value};

use super::{Check, CheckResult, Finding, Gather, get, qualified, rows, sql_name};

const SQL: &str = include_str!("../../sql/checks/materialized-views.sql");
const LOG_SQL: &str = include_str!("../../sql/checks/materialized-views-log.sql");
const REFRESHES_SQL: &str = include_str!("../../sql/checks/materialized-views-refreshes.sql");

/// The analytics views the migrations create.
pub(crate) const ANALYTICS_VIEWS: [&str; 2] =
    ["daily_staffing_summary", "employee_utilization_summary"];

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let mut result = CheckResult::new(check);
    let mut table = Table::new(
        "materialized_views",
        &[
            ("view", "Materialized view"),
            ("total_bytes", "Size"),
            ("populated", "Populated"),
            ("unique_index", "Unique index"),
            ("last_refresh", "Last refresh"),
        ],
    );
    let refreshes = last_refreshes(check, cx).await?;
    let mut names = Vec::new();
    for row in rows(cx, check, SQL, &[]).await? {
        let schema: String = get(&row, "schema_name")?;
        let view: String = get(&row, "view_name")?;
        let bytes: i64 = get(&row, "total_bytes")?;
        let populated: bool = get(&row, "is_populated")?;
        let unique: bool = get(&row, "has_unique_index")?;
        result
            .findings
            .extend(findings(check, &schema, &view, populated, unique));
        table.rows.push(vec![
            Value::Text(qualified(&schema, &view)),
            Value::Bytes(bytes),
            yes_no(populated),
            yes_no(unique),
            last_refresh(&refreshes, &schema, &view),
        ]);
        names.push(view);
    }
    let missing: Vec<&str> = ANALYTICS_VIEWS
        .iter()
        .copied()
        .filter(|v| !names.iter().any(|n| n == v))
        .collect();
    if !missing.is_empty() {
        result.notes.push(format!(
            "materialized-views: skipped the analytics views: {} not installed (run `pharmctl \
             migrate up`).",
            missing.join(" and ")
        ));
    }
    result.tables.push(table);
    Ok(result)
}

/// `schema.view` and when `pharmctl refresh` last refreshed it; empty without a readable log.
async fn last_refreshes(
    check: &'static Check,
    cx: &Gather<'_>,
) -> Result<Vec<(String, chrono::DateTime<chrono::Utc>)>> {
    let readable = rows(cx, check, LOG_SQL, &[]).await?;
    let is_readable = match readable.first() {
        Some(row) => get::<bool>(row, "readable")?,
        None => false,
    };
    if !is_readable {
        return Ok(Vec::new());
    }
    rows(cx, check, REFRESHES_SQL, &[])
        .await?
        .iter()
        .map(|row| Ok((get(row, "view_name")?, get(row, "last_refreshed")?)))
        .collect()
}

/// PostgreSQL keeps no refresh time; pharmctl's own log does, for refreshes it ran.
fn last_refresh(
    refreshes: &[(String, chrono::DateTime<chrono::Utc>)],
    schema: &str,
    view: &str,
) -> Value {
    let name = format!("{schema}.{view}");
    match refreshes.iter().find(|(logged, _)| *logged == name) {
        Some((_, at)) => Value::Text(at.format("%Y-%m-%d %H:%M:%S UTC").to_string()),
        None => Value::Missing("no refresh by pharmctl recorded"),
    }
}

fn yes_no(value: bool) -> Value {
    let level = if value { Level::Ok } else { Level::Warn };
    Value::Status(Status::new(level, if value { "yes" } else { "no" }))
}

fn findings(
    check: &'static Check,
    schema: &str,
    view: &str,
    populated: bool,
    unique: bool,
) -> Vec<Finding> {
    let name = qualified(schema, view);
    let sql = sql_name(schema, view);
    let mut found = Vec::new();
    if !unique {
        found.push(Finding::new(
            check,
            name.clone(),
            format!(
                "Materialized view {name} has no unique index, so it cannot be refreshed \
                 concurrently: every refresh locks its readers out."
            ),
            format!("CREATE UNIQUE INDEX CONCURRENTLY ON {sql} (...) over its key columns."),
        ));
    }
    if !populated {
        found.push(Finding::new(
            check,
            format!("{name}:unpopulated"),
            format!("Materialized view {name} holds no data: reading it raises an error."),
            format!("REFRESH MATERIALIZED VIEW {sql};"),
        ));
    }
    found
}
