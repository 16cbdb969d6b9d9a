//! `unused-indexes`: plain indexes with no scan since the statistics began. Counters start at
//! the last statistics reset (or the server's start), so every finding states the window it
//! rests on, and below the configured minimum window (`[audit] unused_index_window`, 7 days by
//! default) the check gives no verdict at all. Constraint and replica-identity indexes are
//! never reported.

use crate::error::Result;
use crate::report::human_bytes;

use super::{Check, CheckResult, Finding, Gather, get, human_seconds, qualified, rows, sql_name};

const SQL: &str = include_str!("../../sql/checks/unused-indexes.sql");

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let rows = rows(cx, check, SQL, &[]).await?;
    let mut result = CheckResult::new(check);
    let minimum = cx.settings.unused_index_window.as_secs_f64();
    for row in &rows {
        let window: f64 = get(row, "window_seconds")?;
        if window < minimum {
            result.notes.push(format!(
                "unused-indexes: no verdict; the index statistics cover only {}, under the {} \
                 minimum ([audit] unused_index_window).",
                human_seconds(window),
                human_seconds(minimum)
            ));
            return Ok(result);
        }
        let schema: String = get(row, "schema_name")?;
        let index: String = get(row, "index_name")?;
        let table: String = get(row, "table_name")?;
        let bytes: i64 = get(row, "index_bytes")?;
        let message = format!(
            "Index {} on {} ({}) has not been scanned in the {} the statistics cover.",
            qualified(&schema, &index),
            qualified(&schema, &table),
            human_bytes(bytes),
            human_seconds(window)
        );
        let remedy = format!(
            "Check that no rare job needs it (statistics are per server: look at replicas too), \
             then DROP INDEX CONCURRENTLY {};",
            sql_name(&schema, &index)
        );
        result.findings.push(
            Finding::new(check, qualified(&schema, &index), message, remedy)
                .with("index_bytes", bytes)
                .with("window_seconds", window),
        );
    }
    Ok(result)
}
