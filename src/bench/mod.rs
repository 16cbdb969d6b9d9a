//! `pharmctl bench`: query suites measured with `EXPLAIN (ANALYZE, BUFFERS)`, their statistics,
//! baselines saved as JSON, the regression gate, and the before/after chart. Pending migrations
//! are applied by `migrate`; the only thing done here with migration files is the rehearsal of
//! `before-after --what-if`, inside a transaction that the caller rolls back.

pub mod baseline;
pub mod chart;
pub mod gate;
pub mod runner;
pub mod stats;
pub mod suite;

use tokio_postgres::Client;

use crate::error::{Error, Result, describe_pg};
use crate::migrate::Planned;

pub use baseline::Environment;
pub use gate::{Change, GateOptions, Judgement, Verdict};
pub use runner::{Measurement, QueryResult, RunOptions, Sample, Shape, Skipped, measure};
pub use suite::{Query, Suite};

/// Runs the statements of `pending` on `client`, which must be inside a transaction the
/// caller rolls back. `CONCURRENTLY` is removed from index builds, since a transaction cannot
/// hold one: the plain build takes a lock that blocks writes to the table until the rollback.
/// The migration history is created first when absent, as `migrate up` does, since later
/// migrations expect its schema. Returns how many statements ran.
pub async fn rehearse(client: &Client, pending: &[&Planned]) -> Result<usize> {
    crate::migrate::history::ensure(client).await?;
    let mut count = 0;
    for planned in pending {
        for statement in &planned.statements {
            let sql = without_concurrently(&statement.text);
            client.batch_execute(&sql).await.map_err(|e| {
                Error::database(format!(
                    "rehearsing migration {} (line {}) failed: {}",
                    planned.migration.path,
                    statement.line,
                    describe_pg(&e)
                ))
                .with_help("the transaction was rolled back; nothing changed")
            })?;
            count += 1;
        }
    }
    Ok(count)
}

/// The statement with its first `CONCURRENTLY` keyword removed.
pub fn without_concurrently(sql: &str) -> String {
    let upper = sql.to_ascii_uppercase();
    let word = "CONCURRENTLY";
    let found = upper.match_indices(word).find(|(at, _)| {
        let before = upper[..*at].chars().next_back();
        let after = upper[at + word.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_ascii_alphanumeric() && c != '_');
        boundary(before) && boundary(after)
    });
    let Some((at, _)) = found else {
        return sql.to_string();
    };
    format!("{}{}", &sql[..at], sql[at + word.len()..].trim_start())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrently_is_removed_once_as_a_word() {
        assert_eq!(
            without_concurrently("CREATE INDEX concurrently idx_a\n    ON t (a)"),
            "CREATE INDEX idx_a\n    ON t (a)"
        );
        assert_eq!(
            without_concurrently("CREATE INDEX idx_concurrently_a ON t (a)"),
            "CREATE INDEX idx_concurrently_a ON t (a)"
        );
    }
}
