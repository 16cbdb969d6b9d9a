//! `rls-bypassing-views`: views readable by anon or authenticated that read tables with row
//! level security using the view owner's rights; unless the owner is subject to those
//! policies, every row comes back through the view.

use crate::error::Result;

use super::{Check, CheckResult, Finding, Gather, get, qualified, rows, sql_name};

const SQL: &str = include_str!("../../sql/checks/rls-bypassing-views.sql");

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let mut result = CheckResult::new(check);
    for row in rows(cx, check, SQL, &[&cx.settings.exposed_schemas]).await? {
        let tables: Vec<String> = get(&row, "rls_tables")?;
        let roles: Vec<String> = get(&row, "api_roles")?;
        if tables.is_empty() || roles.is_empty() {
            continue;
        }
        let schema: String = get(&row, "schema_name")?;
        let view: String = get(&row, "view_name")?;
        let message = format!(
            "View {} reads {} with its owner's rights, so {} bypass their row level security \
             through it.",
            qualified(&schema, &view),
            tables.join(", "),
            roles.join(" and ")
        );
        let remedy = format!(
            "ALTER VIEW {} SET (security_invoker = true); (PostgreSQL 15 or later), or revoke \
             SELECT on it from the API roles.",
            sql_name(&schema, &view)
        );
        result.findings.push(
            Finding::new(check, qualified(&schema, &view), message, remedy)
                .with("tables", tables)
                .with("api_roles", roles),
        );
    }
    Ok(result)
}
