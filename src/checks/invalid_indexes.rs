//! `invalid-indexes`: indexes left invalid by a failed concurrent build. They slow every write
//! and serve no read; a leftover of an interrupted `REINDEX CONCURRENTLY` is dropped, any other
//! is rebuilt.

use crate::error::Result;
use crate::report::human_bytes;

use super::{Check, CheckResult, Finding, Gather, get, qualified, rows, sql_name};

const SQL: &str = include_str!("../../sql/checks/invalid-indexes.sql");

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let mut result = CheckResult::new(check);
    for row in rows(cx, check, SQL, &[]).await? {
        let schema: String = get(&row, "schema_name")?;
        let index: String = get(&row, "index_name")?;
        let table: String = get(&row, "table_name")?;
        let bytes: i64 = get(&row, "index_bytes")?;
        let message = format!(
            "Index {} on {} is invalid: writes maintain its {} but no query can use it.",
            qualified(&schema, &index),
            qualified(&schema, &table),
            human_bytes(bytes)
        );
        let finding = Finding::new(
            check,
            qualified(&schema, &index),
            message,
            remedy(&schema, &index),
        )
        .with("index_bytes", bytes);
        result.findings.push(finding);
    }
    Ok(result)
}

/// A `_ccnew`/`_ccold` index is the leftover of an interrupted `REINDEX CONCURRENTLY` whose
/// original is still in place; anything else is rebuilt so that a constraint keeps its index.
fn remedy(schema: &str, index: &str) -> String {
    let name = sql_name(schema, index);
    let leftover = ["_ccnew", "_ccold"].iter().any(|suffix| {
        index
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .ends_with(suffix)
    });
    if leftover {
        format!("DROP INDEX CONCURRENTLY {name}; it is a leftover of an interrupted REINDEX.")
    } else {
        format!("REINDEX INDEX CONCURRENTLY {name};")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_are_dropped_and_others_rebuilt() {
        assert!(remedy("public", "idx_a_ccnew").starts_with("DROP INDEX CONCURRENTLY"));
        assert!(remedy("public", "idx_a_ccnew1").starts_with("DROP INDEX CONCURRENTLY"));
        assert_eq!(
            remedy("public", "idx_store_schedules_store_date"),
            "REINDEX INDEX CONCURRENTLY public.idx_store_schedules_store_date;"
        );
    }
}
