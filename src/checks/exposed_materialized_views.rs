//! `exposed-materialized-views`: materialized views in an exposed schema that anon or
//! authenticated may read. Row level security does not apply to them, so the API serves every
//! row they hold.

use crate::error::Result;

use super::{Check, CheckResult, Finding, Gather, get, qualified, rows, sql_name};

const SQL: &str = include_str!("../../sql/checks/exposed-materialized-views.sql");

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let mut result = CheckResult::new(check);
    for row in rows(cx, check, SQL, &[&cx.settings.exposed_schemas]).await? {
        let roles: Vec<String> = get(&row, "api_roles")?;
        if roles.is_empty() {
            continue;
        }
        let schema: String = get(&row, "schema_name")?;
        let view: String = get(&row, "view_name")?;
        let message = format!(
            "Materialized view {} in exposed schema {schema} is readable by {} through the API, \
             with no row level security.",
            qualified(&schema, &view),
            roles.join(" and ")
        );
        let remedy = format!(
            "Move it to a schema the API does not expose, or REVOKE SELECT ON {} FROM {};",
            sql_name(&schema, &view),
            roles.join(", ")
        );
        result.findings.push(
            Finding::new(check, qualified(&schema, &view), message, remedy)
                .with("api_roles", roles),
        );
    }
    Ok(result)
}
