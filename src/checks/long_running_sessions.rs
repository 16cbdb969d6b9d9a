//! `long-running-sessions`: queries active longer than `[audit] long_running` (5 minutes by
//! default) and sessions idle in a transaction longer than `[audit] idle_in_transaction` (1
//! minute). Both hold back vacuum and keep their locks. Sessions this role may not see are
//! counted and named in a note with the grant that would show them.

use crate::error::Result;

use super::{Check, CheckResult, Finding, Gather, get, human_seconds, rows};

const SQL: &str = include_str!("../../sql/checks/long-running-sessions.sql");

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let mut result = CheckResult::new(check);
    let mut hidden = 0;
    for row in rows(cx, check, SQL, &[]).await? {
        let Some(state) = get::<Option<String>>(&row, "state")? else {
            hidden += 1;
            continue;
        };
        let query_seconds: f64 = get(&row, "query_seconds")?;
        let state_seconds: f64 = get(&row, "state_seconds")?;
        let long_query =
            state == "active" && query_seconds > cx.settings.long_running.as_secs_f64();
        let long_idle = state.starts_with("idle in transaction")
            && state_seconds > cx.settings.idle_in_transaction.as_secs_f64();
        if !(long_query || long_idle) {
            continue;
        }
        let pid: i32 = get(&row, "pid")?;
        let user: String = get(&row, "user_name")?;
        let database: String = get(&row, "database_name")?;
        let query: String = get(&row, "query")?;
        let message = if long_query {
            format!(
                "Session {pid} ({user} on {database}) has been running one query for {}: {query}",
                human_seconds(query_seconds)
            )
        } else {
            format!(
                "Session {pid} ({user} on {database}) has been idle in a transaction for {}; its \
                 last statement was: {query}",
                human_seconds(state_seconds)
            )
        };
        let remedy = format!(
            "Find out what the client is doing; SELECT pg_terminate_backend({pid}); ends it. Set \
             idle_in_transaction_session_timeout to stop it recurring."
        );
        result.findings.push(
            Finding::new(check, format!("pid:{pid}"), message, remedy)
                .with("state", state)
                .with("query_seconds", query_seconds)
                .with("state_seconds", state_seconds),
        );
    }
    if hidden > 0 {
        result.notes.push(format!(
            "long-running-sessions: {hidden} sessions of other roles are hidden from this role; \
             GRANT pg_read_all_stats (or pg_monitor) to see them."
        ));
    }
    Ok(result)
}
