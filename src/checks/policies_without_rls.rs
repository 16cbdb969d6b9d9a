//! `policies-without-rls`: tables with policies while row level security is off, so that the
//! policies restrict nothing. Usually a forgotten `ENABLE ROW LEVEL SECURITY`.

use crate::error::Result;

use super::{Check, CheckResult, Finding, Gather, get, plural, qualified, rows, sql_name};

const SQL: &str = include_str!("../../sql/checks/policies-without-rls.sql");

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let mut result = CheckResult::new(check);
    for row in rows(cx, check, SQL, &[]).await? {
        let schema: String = get(&row, "schema_name")?;
        let table: String = get(&row, "table_name")?;
        let policies: Vec<String> = get(&row, "policies")?;
        let message = format!(
            "Table {} has {} ({}) but row level security is disabled, so none of them applies.",
            qualified(&schema, &table),
            plural(policies.len(), "policy", "policies"),
            policies.join(", ")
        );
        let remedy = format!(
            "ALTER TABLE {} ENABLE ROW LEVEL SECURITY;",
            sql_name(&schema, &table)
        );
        result.findings.push(
            Finding::new(check, qualified(&schema, &table), message, remedy)
                .with("policies", policies),
        );
    }
    Ok(result)
}
