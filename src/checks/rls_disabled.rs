//! `rls-disabled`: tables in an exposed schema with row level security off. The API serves
//! every row of them to any role granted access. A partition counts when an API role may
//! query it directly, which bypasses its parent's policies.

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
        let parent: Option<String> = get(&row, "parent")?;
        let finding = match parent {
            // Reached only through its parent, whose policies apply: nothing to say.
            Some(_) if roles.is_empty() => continue,
            Some(parent) => partition_finding(check, &schema, &table, &parent, &roles),
            None => table_finding(check, &schema, &table, &roles),
        };
        result.findings.push(finding.with("api_roles", roles));
    }
    Ok(result)
}

fn table_finding(check: &'static Check, schema: &str, table: &str, roles: &[String]) -> Finding {
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
        qualified(schema, table)
    );
    let remedy = format!(
        "ALTER TABLE {} ENABLE ROW LEVEL SECURITY; then write policies for the API roles.",
        sql_name(schema, table)
    );
    Finding::new(check, qualified(schema, table), message, remedy).at(level)
}

fn partition_finding(
    check: &'static Check,
    schema: &str,
    table: &str,
    parent: &str,
    roles: &[String],
) -> Finding {
    let message = format!(
        "Partition {} of {parent} in exposed schema {schema} has row level security disabled: \
         {} may read every row of it directly, past the parent's policies.",
        qualified(schema, table),
        roles.join(" and ")
    );
    let remedy = format!(
        "REVOKE ALL ON {} FROM {}; so that the API reads it through {parent}, or enable row \
         level security on it with the parent's policies.",
        sql_name(schema, table),
        roles.join(", ")
    );
    Finding::new(check, qualified(schema, table), message, remedy)
        .at(Level::Error)
        .with("parent", parent.to_string())
}
