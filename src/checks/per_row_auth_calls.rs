//! `per-row-auth-calls`: policies that call `auth.uid()`, `auth.jwt()` or `current_setting()`
//! directly, so that PostgreSQL evaluates the call for every row. Wrapped in a scalar subquery,
//! `(select auth.uid())`, it runs once per statement as an init plan.

use crate::error::Result;

use super::{Check, CheckResult, Finding, Gather, get, plural, qualified, rows};

const SQL: &str = include_str!("../../sql/checks/per-row-auth-calls.sql");

/// The calls that return the same value for every row of a statement.
const CALLS: &[&str] = &["auth.uid()", "auth.jwt()", "current_setting("];

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let mut result = CheckResult::new(check);
    let mut locked = 0;
    for row in rows(cx, check, SQL, &[&cx.settings.exposed_schemas]).await? {
        if get::<bool>(&row, "is_locked")? {
            locked += 1;
            continue;
        }
        let using: String = get(&row, "using_expr")?;
        let with_check: String = get(&row, "check_expr")?;
        let mut calls = per_row_calls(&using);
        calls.extend(per_row_calls(&with_check));
        calls.dedup();
        if calls.is_empty() {
            continue;
        }
        let schema: String = get(&row, "schema_name")?;
        let table: String = get(&row, "table_name")?;
        let policy: String = get(&row, "policy_name")?;
        let shown: Vec<String> = calls
            .iter()
            .map(|c| c.trim_end_matches('(').to_string())
            .collect();
        let message = format!(
            "Policy {policy} on {} calls {} once per row instead of once per statement.",
            qualified(&schema, &table),
            shown.join(" and ")
        );
        let remedy = "Wrap each call in a scalar subquery, e.g. (select auth.uid()), so it runs \
                      once per statement.";
        let object = format!("{}:{policy}", qualified(&schema, &table));
        result
            .findings
            .push(Finding::new(check, object, message, remedy).with("calls", shown));
    }
    if locked > 0 {
        result.notes.push(format!(
            "per-row-auth-calls: {} on tables locked by DDL right now not examined; run the \
             audit again.",
            plural(locked, "policy", "policies")
        ));
    }
    Ok(result)
}

/// The calls of [`CALLS`] in a deparsed expression that are not the whole of a scalar
/// subquery's select list (deparsed as `( SELECT auth.uid() AS uid)`).
pub(crate) fn per_row_calls(expr: &str) -> Vec<&'static str> {
    let mut found = Vec::new();
    for call in CALLS {
        let unwrapped = expr.match_indices(call).any(|(at, _)| {
            let before = expr[..at].trim_end_matches("pg_catalog.");
            !before.ends_with("SELECT ")
        });
        if unwrapped && !found.contains(call) {
            found.push(*call);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_calls_pass_and_bare_calls_are_found() {
        assert!(per_row_calls("(auth_user_id = ( SELECT auth.uid() AS uid))").is_empty());
        assert_eq!(per_row_calls("(auth_user_id = auth.uid())"), ["auth.uid()"]);
        assert_eq!(
            per_row_calls("((auth.jwt() ->> 'role'::text) = 'admin'::text)"),
            ["auth.jwt()"]
        );
        assert_eq!(
            per_row_calls("(tenant = current_setting('app.tenant'::text))"),
            ["current_setting("]
        );
        assert!(
            per_row_calls("(tenant = ( SELECT current_setting('app.tenant'::text) AS cs))")
                .is_empty()
        );
        assert_eq!(
            per_row_calls("((a = ( SELECT auth.uid() AS uid)) OR (b = auth.uid()))"),
            ["auth.uid()"]
        );
    }
}
