//! `multiple-permissive-policies`: two or more permissive policies for one role and action on a
//! table. PostgreSQL evaluates every one of them for each row and ORs the results; one policy
//! with the conditions combined is cheaper and easier to review.

use crate::error::Result;

use super::{Check, CheckResult, Finding, Gather, get, qualified, rows};

const SQL: &str = include_str!("../../sql/checks/multiple-permissive-policies.sql");

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let mut result = CheckResult::new(check);
    for row in rows(cx, check, SQL, &[&cx.settings.exposed_schemas]).await? {
        let schema: String = get(&row, "schema_name")?;
        let table: String = get(&row, "table_name")?;
        let role: String = get(&row, "role_name")?;
        let action: String = get(&row, "action")?;
        let policies: Vec<String> = get(&row, "policies")?;
        let message = format!(
            "Table {} has {} permissive {action} policies for role {role} ({}); each is \
             evaluated for every row.",
            qualified(&schema, &table),
            policies.len(),
            policies.join(", ")
        );
        let remedy = "Merge them into one policy whose condition ORs theirs, or make the \
                      extra ones RESTRICTIVE if they are meant to narrow access.";
        let object = format!(
            "{}:{role}:{}",
            qualified(&schema, &table),
            action.to_lowercase()
        );
        result.findings.push(
            Finding::new(check, object, message, remedy)
                .with("role", role)
                .with("action", action)
                .with("policies", policies),
        );
    }
    Ok(result)
}
