//! `rls-disabled`: tables in an exposed schema with row level security off. The API serves
//! every row of them to any role granted access.

use crate::error::Result;
use crate::report::Level;

use super::{Check, CheckResult, Finding, Gather, get, qualified, rows, sql_name};

const SQL: &str = include_str!("../../sql/checks/rls-disabled.sql");

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let mut result = CheckResult::new(check);
    for row in rows(cx, check, SQL, &[&cx.settings.exposed_schemas]).await? {
        let schema: String = get(&row, "schema_name")?;
        let table: String = get(&row, "table_name")?;
        let roles: Vec<String> = get(&row, "api_roles")?;
        let (who, level) = if roles.is_empty() {
            ("no API role is granted access yet".to_string(), Level::Warn)
        } else {
            (
                format!(
                    "{} may reach every row through the API",
                    roles.join(" and ")
                ),
                Level::Error,
            )
        };
        let message = format!(
            "Table {} in exposed schema {schema} has row level security disabled: {who}.",
            qualified(&schema, &table)
        );
        let remedy = format!(
            "ALTER TABLE {} ENABLE ROW LEVEL SECURITY; then write policies for the API roles.",
            sql_name(&schema, &table)
        );
        result.findings.push(
            Finding::new(check, qualified(&schema, &table), message, remedy)
                .at(level)
                .with("api_roles", roles),
        );
    }
    Ok(result)
}
