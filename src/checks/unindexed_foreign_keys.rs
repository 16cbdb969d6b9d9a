//! `unindexed-foreign-keys`: foreign keys with no valid index leading with their columns.
//! Deleting or re-keying a referenced row then scans the referencing table, under lock.

use crate::error::Result;
use crate::report::human_bytes;

use super::{Check, CheckResult, Finding, Gather, get, qualified, rows, sql_ident, sql_name};

const SQL: &str = include_str!("../../sql/checks/unindexed-foreign-keys.sql");

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let mut result = CheckResult::new(check);
    for row in rows(cx, check, SQL, &[]).await? {
        let schema: String = get(&row, "schema_name")?;
        let table: String = get(&row, "table_name")?;
        let constraint: String = get(&row, "constraint_name")?;
        let columns: Vec<String> = get(&row, "columns")?;
        let referenced = qualified(
            &get::<String>(&row, "referenced_schema")?,
            &get::<String>(&row, "referenced_table")?,
        );
        let bytes: i64 = get(&row, "table_bytes")?;
        let list = columns.join(", ");
        let table_name = qualified(&schema, &table);
        let message = format!(
            "Foreign key {constraint} on {table_name} ({list}) references {referenced} but no \
             valid index leads with its columns: each delete in {referenced} scans all of \
             {table_name} ({}).",
            human_bytes(bytes)
        );
        let quoted: Vec<String> = columns.iter().map(|c| sql_ident(c)).collect();
        let remedy = format!(
            "CREATE INDEX CONCURRENTLY ON {} ({});",
            sql_name(&schema, &table),
            quoted.join(", ")
        );
        let object = format!("{}({})", qualified(&schema, &table), columns.join(","));
        result.findings.push(
            Finding::new(check, object, message, remedy)
                .with("constraint", constraint)
                .with("columns", columns)
                .with("table_bytes", bytes),
        );
    }
    Ok(result)
}
