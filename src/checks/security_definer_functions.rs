//! `security-definer-functions`: SECURITY DEFINER functions that run with their owner's rights
//! but resolve names through the caller's `search_path` (a caller can plant a function or
//! table that shadows the intended one), or that anon / authenticated may call through the
//! API.

use crate::error::Result;

use super::{Check, CheckResult, Finding, Gather, get, qualified, rows, sql_name};

const SQL: &str = include_str!("../../sql/checks/security-definer-functions.sql");

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let mut result = CheckResult::new(check);
    for row in rows(cx, check, SQL, &[&cx.settings.exposed_schemas]).await? {
        let fixed: bool = get(&row, "fixed_path")?;
        let roles: Vec<String> = get(&row, "api_roles")?;
        if fixed && roles.is_empty() {
            continue;
        }
        let schema: String = get(&row, "schema_name")?;
        let name: String = get(&row, "function_name")?;
        let arguments: String = get(&row, "arguments")?;
        let signature = format!("{}({arguments})", qualified(&schema, &name));
        let sql_signature = format!("{}({arguments})", sql_name(&schema, &name));
        let (problems, remedies) = describe(fixed, &roles, &sql_signature);
        let message = format!(
            "SECURITY DEFINER function {signature} {}.",
            problems.join(" and ")
        );
        result.findings.push(
            Finding::new(check, signature, message, remedies.join(" "))
                .with("fixed_search_path", fixed)
                .with("api_roles", roles),
        );
    }
    Ok(result)
}

fn describe(fixed: bool, roles: &[String], signature: &str) -> (Vec<String>, Vec<String>) {
    let mut problems = Vec::new();
    let mut remedies = Vec::new();
    if !fixed {
        problems.push("has no fixed search_path".to_string());
        remedies.push(format!("ALTER FUNCTION {signature} SET search_path = '';"));
    }
    if !roles.is_empty() {
        problems.push(format!(
            "is executable by {} through the API",
            roles.join(" and ")
        ));
        remedies.push(format!(
            "REVOKE EXECUTE ON FUNCTION {signature} FROM PUBLIC, {};",
            roles.join(", ")
        ));
    }
    (problems, remedies)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_problems_are_named_with_their_remedies() {
        let (problems, remedies) = describe(false, &["anon".to_string()], "public.f()");
        assert_eq!(
            problems,
            [
                "has no fixed search_path",
                "is executable by anon through the API"
            ]
        );
        assert_eq!(
            remedies[0],
            "ALTER FUNCTION public.f() SET search_path = '';"
        );
        assert_eq!(
            remedies[1],
            "REVOKE EXECUTE ON FUNCTION public.f() FROM PUBLIC, anon;"
        );
    }
}
