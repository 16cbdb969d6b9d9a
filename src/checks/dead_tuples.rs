//! `dead-tuples`: tables holding at least 1,000 dead tuples and more than autovacuum's trigger
//! for them (threshold plus scale factor times rows, per-table storage parameters first): the
//! table bloats and scans slow down until a vacuum catches up. The time since the last vacuum
//! is part of the finding.

use crate::error::Result;

use super::{Check, CheckResult, Finding, Gather, get, human_seconds, qualified, rows, sql_name};

const SQL: &str = include_str!("../../sql/checks/dead-tuples.sql");

/// Fewer dead tuples than this are never worth a finding.
const MIN_DEAD: i64 = 1_000;

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let mut result = CheckResult::new(check);
    for row in rows(cx, check, SQL, &[]).await? {
        let dead: i64 = get(&row, "dead_tuples")?;
        let trigger: f64 = get(&row, "vacuum_trigger")?;
        if dead < MIN_DEAD || (dead as f64) <= trigger {
            continue;
        }
        let schema: String = get(&row, "schema_name")?;
        let table: String = get(&row, "table_name")?;
        let live: i64 = get(&row, "live_tuples")?;
        let age: Option<f64> = get(&row, "vacuum_age_seconds")?;
        let autovacuum_off: bool = get(&row, "autovacuum_off")?;
        let last = age.map_or("never vacuumed".to_string(), |s| {
            format!("last vacuumed {} ago", human_seconds(s))
        });
        let off = if autovacuum_off {
            "; autovacuum is disabled for it"
        } else {
            ""
        };
        let message = format!(
            "Table {} holds {dead} dead tuples against {live} live, over autovacuum's trigger of \
             {trigger:.0} ({last}{off}).",
            qualified(&schema, &table)
        );
        let remedy = format!(
            "VACUUM (ANALYZE) {};{}",
            sql_name(&schema, &table),
            if autovacuum_off {
                " and re-enable autovacuum on it (autovacuum_enabled = true)."
            } else {
                " and check that no long transaction holds back cleanup."
            }
        );
        result.findings.push(
            Finding::new(check, qualified(&schema, &table), message, remedy)
                .with("dead_tuples", dead)
                .with("live_tuples", live)
                .with("vacuum_trigger", trigger),
        );
    }
    Ok(result)
}
