//! `extensions-in-public`: extensions installed in `public`. Their functions and tables then
//! share the API's exposed schema and its grants, and shadow or are shadowed by user objects.

use crate::error::Result;

use super::{Check, CheckResult, Finding, Gather, get, rows, sql_ident};

const SQL: &str = include_str!("../../sql/checks/extensions-in-public.sql");

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let mut result = CheckResult::new(check);
    for row in rows(cx, check, SQL, &[]).await? {
        let name: String = get(&row, "extension_name")?;
        let version: String = get(&row, "version")?;
        let relocatable: bool = get(&row, "relocatable")?;
        let message = format!("Extension {name} {version} is installed in the public schema.");
        let remedy = if relocatable {
            format!(
                "CREATE SCHEMA IF NOT EXISTS extensions; ALTER EXTENSION {} SET SCHEMA extensions;",
                sql_ident(&name)
            )
        } else {
            format!(
                "It cannot be moved in place: drop it and CREATE EXTENSION {} SCHEMA extensions \
                 in a maintenance window.",
                sql_ident(&name)
            )
        };
        result
            .findings
            .push(Finding::new(check, name, message, remedy).with("version", version));
    }
    Ok(result)
}
