//! `tables-without-primary-key`: tables with no primary key. Rows cannot be addressed
//! reliably, logical replication cannot send their updates and deletes, and duplicates creep
//! in.

use crate::error::Result;

use super::{Check, CheckResult, Finding, Gather, get, qualified, rows, sql_name};

const SQL: &str = include_str!("../../sql/checks/tables-without-primary-key.sql");

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let mut result = CheckResult::new(check);
    for row in rows(cx, check, SQL, &[]).await? {
        let schema: String = get(&row, "schema_name")?;
        let table: String = get(&row, "table_name")?;
        let estimated: i64 = get(&row, "estimated_rows")?;
        let message = format!(
            "Table {} (about {estimated} rows) has no primary key.",
            qualified(&schema, &table)
        );
        let remedy = format!(
            "ALTER TABLE {} ADD PRIMARY KEY (...) on a column set that identifies each row, or \
             add an identity column.",
            sql_name(&schema, &table)
        );
        result.findings.push(
            Finding::new(check, qualified(&schema, &table), message, remedy)
                .with("estimated_rows", estimated),
        );
    }
    Ok(result)
}
