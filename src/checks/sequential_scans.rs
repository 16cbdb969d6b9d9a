//! `sequential-scans`: tables over 10 MB read mostly by sequential scans (at least 10 of them,
//! and more than half of all scans since the statistics began). Small tables are read whole
//! more cheaply than through an index, so they are never reported.

use crate::error::Result;
use crate::report::human_bytes;

use super::{Check, CheckResult, Finding, Gather, get, human_seconds, qualified, rows};

const SQL: &str = include_str!("../../sql/checks/sequential-scans.sql");

/// Tables smaller than this are left out.
const MIN_TABLE_BYTES: i64 = 10 * 1024 * 1024;
/// Fewer sequential scans than this are left out.
const MIN_SEQ_SCANS: i64 = 10;

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let mut result = CheckResult::new(check);
    for row in rows(cx, check, SQL, &[]).await? {
        let seq: i64 = get(&row, "seq_scan")?;
        let idx: i64 = get(&row, "idx_scan")?;
        let bytes: i64 = get(&row, "table_bytes")?;
        if !is_seq_heavy(seq, idx, bytes) {
            continue;
        }
        let schema: String = get(&row, "schema_name")?;
        let table: String = get(&row, "table_name")?;
        let live: i64 = get(&row, "live_tuples")?;
        let window: f64 = get(&row, "window_seconds")?;
        let share = seq as f64 / (seq + idx) as f64;
        let message = format!(
            "Table {} ({}, about {live} rows) was read by {seq} sequential scans against {idx} \
             index scans ({:.0}% sequential) in the {} the statistics cover.",
            qualified(&schema, &table),
            human_bytes(bytes),
            share * 100.0,
            human_seconds(window)
        );
        let remedy = "Find the statements scanning it in pg_stat_statements and index the \
                      columns they filter on.";
        result.findings.push(
            Finding::new(check, qualified(&schema, &table), message, remedy)
                .with("seq_scan", seq)
                .with("idx_scan", idx)
                .with("table_bytes", bytes),
        );
    }
    Ok(result)
}

/// Big enough to matter, scanned sequentially often, and mostly so.
fn is_seq_heavy(seq: i64, idx: i64, bytes: i64) -> bool {
    bytes >= MIN_TABLE_BYTES && seq >= MIN_SEQ_SCANS && seq * 2 > seq + idx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_big_tables_mostly_scanned_sequentially() {
        let big = 20 * 1024 * 1024;
        assert!(is_seq_heavy(50, 10, big));
        assert!(!is_seq_heavy(50, 10, 1024 * 1024));
        assert!(!is_seq_heavy(50, 60, big));
        assert!(!is_seq_heavy(3, 0, big));
    }
}
