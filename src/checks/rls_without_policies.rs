//! `rls-without-policies`: exposed tables with row level security on and no policy. Safe, but
//! the API returns nothing from them; usually policies were forgotten.

use crate::error::Result;

use super::{Check, CheckResult, Finding, Gather, get, qualified, rows};

const SQL: &str = include_str!("../../sql/checks/rls-without-policies.sql");

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let mut result = CheckResult::new(check);
    for row in rows(cx, check, SQL, &[&cx.settings.exposed_schemas]).await? {
        let schema: String = get(&row, "schema_name")?;
        let table: String = get(&row, "table_name")?;
        let message = format!(
            "Table {} has row level security enabled but no policy: the API roles see no row \
             of it.",
            qualified(&schema, &table)
        );
        let remedy = "Write policies for the roles that should read it, or move it out of the \
                      exposed schemas if only the service reads it.";
        result.findings.push(Finding::new(
            check,
            qualified(&schema, &table),
            message,
            remedy,
        ));
    }
    Ok(result)
}
