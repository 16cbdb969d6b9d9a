//! `sequence-exhaustion`: sequences (serial and identity columns included) that have used 75%
//! of their limit (warn) or 90% (error), the limit being the smaller of the sequence's maximum
//! and its column type's maximum. Sequences this role cannot read are counted in a note with
//! the grant that would include them; descending sequences are left out.

use crate::error::Result;
use crate::report::Level;

use super::{Check, CheckResult, Finding, Gather, get, plural, qualified, rows};

const SQL: &str = include_str!("../../sql/checks/sequence-exhaustion.sql");

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let mut result = CheckResult::new(check);
    let mut unreadable = 0;
    for row in rows(cx, check, SQL, &[]).await? {
        let readable: bool = get(&row, "readable")?;
        if !readable {
            unreadable += 1;
            continue;
        }
        let last: Option<i64> = get(&row, "last_value")?;
        let increment: i64 = get(&row, "increment_by")?;
        let (Some(last), true) = (last, increment > 0) else {
            continue;
        };
        let sequence_max: i64 = get(&row, "sequence_max")?;
        let type_max: Option<i64> = get(&row, "type_max")?;
        let limit = type_max.map_or(sequence_max, |t| t.min(sequence_max));
        let used = ratio(last, limit);
        let Some(level) = level(used) else {
            continue;
        };
        result
            .findings
            .push(finding(check, &row, last, limit, used)?.at(level));
    }
    if unreadable > 0 {
        result.notes.push(format!(
            "sequence-exhaustion: {} not readable by this role were not checked; GRANT SELECT ON \
             ALL SEQUENCES IN SCHEMA ... to include them.",
            plural(unreadable, "sequence", "sequences")
        ));
    }
    Ok(result)
}

fn finding(
    check: &'static Check,
    row: &tokio_postgres::Row,
    last: i64,
    limit: i64,
    used: f64,
) -> Result<Finding> {
    let schema: String = get(row, "schema_name")?;
    let name: String = get(row, "sequence_name")?;
    let table: Option<String> = get(row, "table_name")?;
    let column: Option<String> = get(row, "column_name")?;
    let type_name: Option<String> = get(row, "type_name")?;
    let feeds = match (&table, &column, &type_name) {
        (Some(t), Some(c), Some(ty)) => format!(" feeding {t}.{c} ({ty})"),
        _ => String::new(),
    };
    let message = format!(
        "Sequence {}{feeds} is at {last} of {limit} ({:.1}% used).",
        qualified(&schema, &name),
        used * 100.0
    );
    let remedy = match (&table, &column) {
        (Some(t), Some(c)) => format!(
            "ALTER TABLE {t} ALTER COLUMN {c} TYPE bigint (and the sequence AS bigint) before it \
             runs out; plan it, the rewrite locks the table."
        ),
        _ => format!(
            "ALTER SEQUENCE {} AS bigint, or raise its MAXVALUE.",
            qualified(&schema, &name)
        ),
    };
    Ok(
        Finding::new(check, qualified(&schema, &name), message, remedy)
            .with("last_value", last)
            .with("limit", limit)
            .with("used", used),
    )
}

/// `value / limit` as a share, 0 when the limit is not positive.
fn ratio(value: i64, limit: i64) -> f64 {
    if limit <= 0 {
        0.0
    } else {
        value as f64 / limit as f64
    }
}

/// Warn from 75% used, error from 90%.
fn level(used: f64) -> Option<Level> {
    if used >= 0.9 {
        Some(Level::Error)
    } else if used >= 0.75 {
        Some(Level::Warn)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_guard_against_a_zero_limit() {
        assert_eq!(ratio(5, 0), 0.0);
        assert_eq!(ratio(5, 10), 0.5);
    }

    #[test]
    fn levels_follow_the_share_used() {
        assert_eq!(
            level(ratio(2_000_000_000, 2_147_483_647)),
            Some(Level::Error)
        );
        assert_eq!(level(0.8), Some(Level::Warn));
        assert_eq!(level(0.1), None);
    }
}
