//! `xid-wraparound`: each database's oldest unfrozen transaction ID (and multixact) against
//! the 2^31 limit after which PostgreSQL refuses writes: warn from 50% of the limit, error
//! from 75%. Below that autovacuum's anti-wraparound vacuums handle it.

use crate::error::Result;
use crate::report::{Fact, Level, Value};

use super::{Check, CheckResult, Finding, Gather, get, rows, sql_ident};

const SQL: &str = include_str!("../../sql/checks/xid-wraparound.sql");

/// Transaction IDs available before wraparound.
const LIMIT: i64 = 2_147_483_648;

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let mut result = CheckResult::new(check);
    for (index, row) in rows(cx, check, SQL, &[]).await?.iter().enumerate() {
        let database: String = get(row, "database_name")?;
        let xid_age: i64 = get(row, "xid_age")?;
        let multixact_age: i64 = get(row, "multixact_age")?;
        if index == 0 {
            result.facts.push(Fact {
                key: "oldest_xid_age",
                label: "Oldest transaction ID age",
                value: Value::Text(format!("{xid_age} ({database})")),
                status: None,
            });
        }
        let (age, kind) = if multixact_age > xid_age {
            (multixact_age, "multixact ID")
        } else {
            (xid_age, "transaction ID")
        };
        let Some(level) = level(age) else {
            continue;
        };
        let message = format!(
            "Database {database} has a {kind} age of {age}, {:.0}% of the way to wraparound, \
             where PostgreSQL stops accepting writes.",
            age as f64 / LIMIT as f64 * 100.0
        );
        let remedy = format!(
            "Connect to {} and run VACUUM (FREEZE, VERBOSE); end long transactions and drop \
             stale replication slots or prepared transactions that hold the horizon back.",
            sql_ident(&database)
        );
        result.findings.push(
            Finding::new(check, database, message, remedy)
                .at(level)
                .with("age", age),
        );
    }
    Ok(result)
}

/// Warn from half the limit, error from three quarters.
fn level(age: i64) -> Option<Level> {
    if age >= LIMIT / 4 * 3 {
        Some(Level::Error)
    } else if age >= LIMIT / 2 {
        Some(Level::Warn)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_are_judged_against_the_limit() {
        assert_eq!(level(200_000_000), None);
        assert_eq!(level(1_200_000_000), Some(Level::Warn));
        assert_eq!(level(1_700_000_000), Some(Level::Error));
    }
}
