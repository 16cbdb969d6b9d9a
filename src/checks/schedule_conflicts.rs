//! `schedule-conflicts`: the rows `detect_schedule_conflicts()` returns, in whichever schema
//! the migrations installed it: their count and the first five. Before the migrations, the
//! same statement runs directly (it is the function's body), with the default rules; when the
//! function exists but may not be executed the check is skipped with the grant that enables it.

use crate::error::Result;
use crate::report::{Table, Value};

use super::functions::{find, json_line};
use super::{Check, CheckResult, Finding, Gather, get, guarded, guarded_with};
use crate::schedule::{CONFLICTS_SQL, Rules};

const SQL: &str = include_str!("../../sql/checks/schedule-conflicts.sql");

/// The function the migrations install.
const FUNCTION: &str = "detect_schedule_conflicts";

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let Some(function) = find(cx.client, FUNCTION).await? else {
        return statement(check, cx).await;
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
    judge(check, &rows, &function.shown)
}

/// Without the function: the conflicts statement itself, with the default rules.
async fn statement(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let sql = SQL.replace("@CALL@", &format!("({CONFLICTS_SQL})"));
    let rules = Rules::default();
    let min_rest = (rules.min_rest.as_secs() / 60) as i32;
    let limits = rules.max_weekly_hours;
    let ratio = rules.max_technicians_per_pharmacist as i32;
    let none_date: Option<chrono::NaiveDate> = None;
    let (none_store, none_employee): (Option<i32>, Option<String>) = (None, None);
    let params: [&(dyn tokio_postgres::types::ToSql + Sync); 9] = [
        &none_date,
        &none_date,
        &none_store,
        &none_employee,
        &min_rest,
        &limits.full_time,
        &limits.part_time,
        &limits.floater,
        &ratio,
    ];
    // Not worth compiling with JIT: it would cost more than the statement itself.
    cx.client
        .batch_execute("SET LOCAL jit = off")
        .await
        .map_err(|e| crate::error::Error::database(crate::error::describe_pg(&e)))?;
    match guarded_with(cx.client, &sql, &params).await? {
        Ok(rows) => judge(check, &rows, "the conflict rules of `pharmctl conflicts`"),
        Err(reason) => Ok(CheckResult::skipped(
            check,
            format!("the schedule tables could not be checked: {reason}"),
        )),
    }
}

/// Counts the conflicts and lists the first five.
fn judge(check: &'static Check, rows: &[tokio_postgres::Row], source: &str) -> Result<CheckResult> {
    let mut result = CheckResult::new(check);
    let mut table = Table::new("conflict_examples", &[("conflict", "Conflict")]);
    let mut total = 0;
    for row in rows {
        total = get::<i64>(row, "total")?;
        let example: serde_json::Value = get(row, "example")?;
        table.rows.push(vec![Value::Text(json_line(&example))]);
    }
    if total > 0 {
        let message = format!(
            "{total} schedule conflicts found by {source}; the first {} are listed.",
            rows.len()
        );
        let remedy = "Reassign, shorten or add shifts until none is left; `pharmctl conflicts` \
                      lists them all, with filters by date, store and employee.";
        result
            .findings
            .push(Finding::new(check, "schedule", message, remedy).with("conflicts", total));
    }
    result.tables.push(table);
    Ok(result)
}
