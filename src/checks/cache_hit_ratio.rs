//! `cache-hit-ratio`: the share of table and index block requests served from shared buffers,
//! against the target (`[targets] cache_hit_ratio`, 99% by default). Reuses the `stats`
//! command's query and ratio. Counters are cumulative since the last reset, and a read served
//! by the operating system's page cache counts as a miss; below 10,000 block requests the
//! ratio says nothing yet and is not judged.

use crate::error::Result;
use crate::report::{Fact, Level, Status, Value};
use crate::stats::hit_ratio;

use super::{Check, CheckResult, Finding, Gather, get, rows};

const SQL: &str = include_str!("../../sql/stats/cache.sql");

/// Fewer block requests than this are not judged.
const MIN_REQUESTS: i64 = 10_000;

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let rows = rows(cx, check, SQL, &[]).await?;
    let mut result = CheckResult::new(check);
    let Some(row) = rows.first() else {
        return Ok(result);
    };
    let target = cx.targets.cache_hit_ratio;
    let kinds = [
        (
            "table_hit_ratio",
            "Cache hit ratio (tables)",
            "tables",
            "heap_hits",
            "heap_reads",
        ),
        (
            "index_hit_ratio",
            "Cache hit ratio (indexes)",
            "indexes",
            "index_hits",
            "index_reads",
        ),
    ];
    for (key, label, noun, hits, reads) in kinds {
        let hits: i64 = get(row, hits)?;
        let reads: i64 = get(row, reads)?;
        let Some(ratio) = hit_ratio(hits, reads) else {
            result
                .facts
                .push(fact(key, label, Value::Missing("no reads yet"), None));
            continue;
        };
        let (status, finding) = judge(check, noun, ratio, hits + reads, target);
        result
            .facts
            .push(fact(key, label, Value::Ratio(ratio), Some(status)));
        result.findings.extend(finding);
    }
    Ok(result)
}

fn fact(key: &'static str, label: &'static str, value: Value, status: Option<Status>) -> Fact {
    Fact {
        key,
        label,
        value,
        status,
    }
}

/// The verdict on one ratio, and the finding when it misses the target.
pub(crate) fn judge(
    check: &'static Check,
    noun: &str,
    ratio: f64,
    requests: i64,
    target: f64,
) -> (Status, Option<Finding>) {
    let percent = target * 100.0;
    if requests < MIN_REQUESTS {
        return (Status::new(Level::Info, "too few reads to judge"), None);
    }
    if ratio >= target {
        return (
            Status::new(Level::Ok, format!("ok (target {percent:.0}%)")),
            None,
        );
    }
    let message = format!(
        "The buffer cache served {:.1}% of {requests} block requests for {noun}, under the \
         {percent:.0}% target.",
        ratio * 100.0
    );
    let remedy = "Raise shared_buffers if memory allows, and look for statements reading many \
                  blocks (pg_stat_statements shared_blks_read).";
    let finding = Finding::new(check, format!("cache:{noun}"), message, remedy)
        .with("ratio", ratio)
        .with("requests", requests);
    (
        Status::new(Level::Warn, format!("below the {percent:.0}% target")),
        Some(finding),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_are_judged_only_on_enough_reads() {
        let check = super::super::find("cache-hit-ratio").unwrap();
        let (status, finding) = judge(check, "tables", 0.5, 100, 0.99);
        assert_eq!((status.level, finding), (Level::Info, None));
        let (status, finding) = judge(check, "tables", 0.995, 50_000, 0.99);
        assert_eq!((status.level, finding), (Level::Ok, None));
        let (status, finding) = judge(check, "tables", 0.9, 50_000, 0.99);
        assert_eq!(status.level, Level::Warn);
        assert_eq!(
            finding.unwrap().message,
            "The buffer cache served 90.0% of 50000 block requests for tables, under the 99% \
             target."
        );
    }
}
