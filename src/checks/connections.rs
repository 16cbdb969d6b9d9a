//! `connections`: client connections in use against the slots `max_connections` leaves after
//! the superuser reserve, against the target share (`[targets] connection_usage`, 80% by
//! default). Reuses the `stats` command's query.

use crate::error::Result;
use crate::report::{Fact, Level, Status, Value};

use super::{Check, CheckResult, Finding, Gather, get, rows};

const SQL: &str = include_str!("../../sql/stats/connections.sql");

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let rows = rows(cx, check, SQL, &[]).await?;
    let mut result = CheckResult::new(check);
    let Some(row) = rows.first() else {
        return Ok(result);
    };
    let max: i32 = get(row, "max_connections")?;
    let reserved: i32 = get(row, "reserved_connections")?;
    let in_use: i64 = get(row, "client_backends")?;
    let available = i64::from(max - reserved).max(1);
    let usage = in_use as f64 / available as f64;
    let target = cx.targets.connection_usage;

    let status = if usage > target {
        let message = format!(
            "{in_use} of {available} available connection slots are in use ({:.0}%), over the \
             {:.0}% target.",
            usage * 100.0,
            target * 100.0
        );
        let remedy = "Route clients through a connection pooler (PgBouncer, Supavisor) in \
                      transaction mode, or raise max_connections with the memory it needs.";
        result.findings.push(
            Finding::new(check, "max_connections", message, remedy)
                .with("in_use", in_use)
                .with("available", available),
        );
        Status::new(
            Level::Warn,
            format!("over the {:.0}% target", target * 100.0),
        )
    } else {
        Status::new(
            Level::Ok,
            format!("ok (target under {:.0}%)", target * 100.0),
        )
    };
    result.facts.push(Fact {
        key: "connections_in_use",
        label: "Client connections",
        value: Value::Text(format!("{in_use} of {available} available")),
        status: Some(status),
    });
    result.facts.push(Fact {
        key: "connection_usage",
        label: "Share of connection slots in use",
        value: Value::Ratio(usage),
        status: None,
    });
    Ok(result)
}
