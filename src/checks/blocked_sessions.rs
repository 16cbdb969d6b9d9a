//! `blocked-sessions`: sessions waiting on a lock held by another session, with the blocking
//! process ids from `pg_blocking_pids`, which covers relation, row, transaction and advisory
//! locks alike.

use crate::error::Result;

use super::{Check, CheckResult, Finding, Gather, get, human_seconds, rows};

const SQL: &str = include_str!("../../sql/checks/blocked-sessions.sql");

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let mut result = CheckResult::new(check);
    for row in rows(cx, check, SQL, &[]).await? {
        let pid: i32 = get(&row, "pid")?;
        let blockers: Vec<i32> = get(&row, "blocked_by")?;
        let user: String = get(&row, "user_name")?;
        let database: String = get(&row, "database_name")?;
        let waited: f64 = get(&row, "waiting_seconds")?;
        let query: String = get(&row, "query")?;
        let list: Vec<String> = blockers.iter().map(i32::to_string).collect();
        let message = format!(
            "Session {pid} ({user} on {database}) has waited {} for a lock held by session {}: \
             {query}",
            human_seconds(waited),
            list.join(", ")
        );
        let remedy = format!(
            "See what session {} is doing in pg_stat_activity; end it with \
             pg_terminate_backend if it is stuck, and give DDL a lock_timeout.",
            list.join(", ")
        );
        result.findings.push(
            Finding::new(check, format!("pid:{pid}"), message, remedy)
                .with("blocked_by", blockers)
                .with("waiting_seconds", waited),
        );
    }
    Ok(result)
}
