//! `schedule-conflicts`: the rows `detect_schedule_conflicts()` returns, in whichever schema
//! the migrations installed it: their count and the first five, whatever their columns. When
//! the function is absent or not executable the check is skipped with the remedy.

use crate::error::Result;
use crate::report::{Table, Value};

use super::functions::{find, json_line};
use super::{Check, CheckResult, Finding, Gather, get, guarded};

const SQL: &str = include_str!("../../sql/checks/schedule-conflicts.sql");

/// The function the migrations install.
const FUNCTION: &str = "detect_schedule_conflicts";

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let Some(function) = find(cx.client, FUNCTION).await? else {
        return Ok(CheckResult::skipped(
            check,
            format!("{FUNCTION}() is not installed (run `pharmctl migrate up`)"),
        ));
    };
    if !function.can_execute {
        return Ok(CheckResult::skipped(
            check,
            format!(
                "this role may not execute {}; GRANT EXECUTE ON FUNCTION {} TO it",
                function.shown, function.call
            ),
        ));
    }
    let rows = match guarded(cx.client, &SQL.replace("@CALL@", &function.call)).await? {
        Ok(rows) => rows,
        Err(reason) => {
            return Ok(CheckResult::skipped(
                check,
                format!("{} failed: {reason}", function.shown),
            ));
        }
    };

    let mut result = CheckResult::new(check);
    let mut table = Table::new("conflict_examples", &[("conflict", "Conflict")]);
    let mut total = 0;
    for row in &rows {
        total = get::<i64>(row, "total")?;
        let example: serde_json::Value = get(row, "example")?;
        table.rows.push(vec![Value::Text(json_line(&example))]);
    }
    if total > 0 {
        let message = format!(
            "{} reports {total} schedule conflicts; the first {} are listed.",
            function.shown,
            rows.len()
        );
        let remedy = "Reassign or shorten the overlapping shifts; `pharmctl conflicts` lists \
                      them all.";
        result
            .findings
            .push(Finding::new(check, "schedule", message, remedy).with("conflicts", total));
    }
    result.tables.push(table);
    Ok(result)
}
