//! Lays an audit out as a report in the order of a published audit: summary, data volumes,
//! query performance, indexes, security, connections and health, analytics views, schedule
//! conflicts, targets, recommendations. Also reads the database's own recommendations when
//! `get_performance_recommendations()` is installed.

use tokio_postgres::Client;

use crate::error::Result;
use crate::report::{Fact, FindingItem, Level, Report, Section, Status, Table, Value};
use crate::settings::Targets;
use crate::stats::table_status;

use super::functions::{find, json_line};
use super::ignore::Applied;
use super::{Audit, CHECKS, CheckResult, Finding, Group, get, guarded, plural};

const RECOMMENDATIONS_SQL: &str = include_str!("../../sql/checks/recommendations.sql");

/// The function the migrations install.
const RECOMMENDATIONS_FUNCTION: &str = "get_performance_recommendations";

/// The rows of `get_performance_recommendations()`, or `None` when it is not installed; the
/// second value says why an installed one could not be used.
pub(crate) async fn database_advice(
    client: &Client,
) -> Result<(Option<Vec<String>>, Option<String>)> {
    let Some(function) = find(client, RECOMMENDATIONS_FUNCTION).await? else {
        return Ok((None, None));
    };
    if !function.can_execute {
        let note = format!(
            "{} is installed but this role may not execute it (GRANT EXECUTE ON FUNCTION {}); \
             the recommendations below are derived from the findings.",
            function.shown, function.call
        );
        return Ok((None, Some(note)));
    }
    match guarded(
        client,
        &RECOMMENDATIONS_SQL.replace("@CALL@", &function.call),
    )
    .await?
    {
        Ok(rows) => {
            let lines = rows
                .iter()
                .map(|row| get::<serde_json::Value>(row, "recommendation").map(|v| json_line(&v)))
                .collect::<Result<Vec<_>>>()?;
            Ok((Some(lines), None))
        }
        Err(reason) => Ok((None, Some(format!("{} failed: {reason}", function.shown)))),
    }
}

/// The whole audit report. `applied` holds what the ignore file did.
pub fn build_report(
    audit: &Audit,
    applied: &Applied,
    targets: &Targets,
    subject: String,
) -> Report {
    let mut report = Report::new("audit", "pharmctl audit");
    report.subject = Some(subject);
    report.sections.push(summary(audit, applied));
    report.sections.push(volumes(audit));
    let groups = [
        (Group::Queries, "queries", "Query performance"),
        (Group::Indexes, "indexes", "Indexes"),
        (Group::Security, "security", "Security"),
        (Group::Health, "health", "Connections and health"),
        (Group::Analytics, "analytics", "Analytics views"),
        (Group::Schedule, "schedule", "Schedule conflicts"),
    ];
    for (group, id, title) in groups {
        report.sections.push(group_section(audit, group, id, title));
    }
    report.sections.push(targets_section(audit, targets));
    report.sections.push(recommendations(audit));
    report
}

/// How one database of a multi-database audit ended: its findings, or why it could not be
/// audited.
pub struct DatabaseOutcome<'a> {
    /// The `[databases.NAME]` name.
    pub name: &'a str,
    /// What was to be examined (host, port, database, user).
    pub subject: &'a str,
    /// The findings that count for `--fail-on`, or the one-line error.
    pub result: std::result::Result<&'a [Finding], &'a str>,
}

/// The summary that ends a multi-database audit: one row per database with its findings by
/// level, or the reason it could not be audited.
pub fn databases_summary(outcomes: &[DatabaseOutcome<'_>]) -> Report {
    let mut report = Report::new(
        "audit",
        format!("pharmctl audit: {} databases", outcomes.len()),
    );
    let mut section = Section::new("databases", "Databases");
    let mut table = Table::new(
        "databases",
        &[
            ("database", "Database"),
            ("subject", "Target"),
            ("errors", "Errors"),
            ("warnings", "Warnings"),
            ("infos", "Infos"),
            ("result", "Result"),
        ],
    );
    for outcome in outcomes {
        let subject = Value::Text(outcome.subject.to_string());
        let row = match outcome.result {
            Ok(findings) => {
                let count = |level: Level| {
                    Value::Int(findings.iter().filter(|f| f.level == level).count() as i64)
                };
                let worst = findings.iter().map(|f| f.level).max().unwrap_or(Level::Ok);
                let text = match findings.len() {
                    0 => "no findings".to_string(),
                    n => plural(n, "finding", "findings"),
                };
                vec![
                    count(Level::Error),
                    count(Level::Warn),
                    count(Level::Info),
                    Value::Status(Status::new(worst, text)),
                ]
            }
            Err(reason) => vec![
                Value::Missing("n/a"),
                Value::Missing("n/a"),
                Value::Missing("n/a"),
                Value::Status(Status::new(Level::Error, format!("not audited: {reason}"))),
            ],
        };
        let mut cells = vec![Value::Text(outcome.name.to_string()), subject];
        cells.extend(row);
        table.rows.push(cells);
    }
    section.tables.push(table);
    report.sections.push(section);
    report
}

/// Every finding that counts for `--fail-on`: the checks' and the expired ignore entries'.
pub fn remaining_findings<'a>(audit: &'a Audit, applied: &'a Applied) -> Vec<&'a Finding> {
    audit
        .results
        .iter()
        .flat_map(|r| r.findings.iter())
        .chain(applied.expired.iter())
        .collect()
}

fn summary(audit: &Audit, applied: &Applied) -> Section {
    let mut section = Section::new("summary", "Summary");
    let server = &audit.server;
    section.fact(
        "server_version",
        "PostgreSQL",
        Value::Text(server.version.clone()),
    );
    section.fact("database", "Database", Value::Text(server.database.clone()));
    section.fact("role", "Connected as", Value::Text(server.role.clone()));
    if server.is_replica {
        section.fact(
            "is_replica",
            "Replica",
            Value::Text("yes (read-only standby)".into()),
        );
    }
    let ran = audit.results.iter().filter(|r| r.skipped.is_none()).count();
    section.fact("checks_run", "Checks run", Value::Int(ran as i64));
    section.fact(
        "checks_skipped",
        "Checks skipped",
        Value::Int((audit.results.len() - ran) as i64),
    );
    let findings = remaining_findings(audit, applied);
    for (key, label, level) in [
        ("errors", "Errors", Level::Error),
        ("warnings", "Warnings", Level::Warn),
        ("infos", "Infos", Level::Info),
    ] {
        let count = findings.iter().filter(|f| f.level == level).count();
        section.fact(key, label, Value::Int(count as i64));
    }
    section.fact(
        "ignored",
        "Ignored (ignore file)",
        Value::Int(applied.ignored.len() as i64),
    );
    section.tables.push(checks_table(&audit.results));
    section.findings.extend(applied.expired.iter().map(item));
    section
}

fn checks_table(results: &[CheckResult]) -> Table {
    let mut table = Table::new(
        "checks",
        &[
            ("check", "Check"),
            ("level", "Level"),
            ("category", "Category"),
            ("result", "Result"),
        ],
    );
    for result in results {
        table.rows.push(vec![
            Value::Text(result.check.id.to_string()),
            Value::Text(result.check.level.as_str().to_string()),
            Value::Text(result.check.category.as_str().to_string()),
            Value::Status(result_status(result)),
        ]);
    }
    table
}

fn result_status(result: &CheckResult) -> Status {
    if result.skipped.is_some() {
        return Status::new(Level::Info, "skipped");
    }
    let Some(worst) = result.findings.iter().map(|f| f.level).max() else {
        return Status::new(Level::Ok, "ok");
    };
    Status::new(worst, plural(result.findings.len(), "finding", "findings"))
}

fn volumes(audit: &Audit) -> Section {
    let mut section = Section::new("volumes", "Data volumes");
    let mut table = Table::new(
        "tables",
        &[
            ("table", "Table"),
            ("rows", "Rows"),
            ("table_bytes", "Size"),
            ("index_bytes", "Index size"),
            ("status", "Status"),
        ],
    );
    for volume in &audit.volumes {
        table.rows.push(vec![
            Value::Text(format!("{}.{}", volume.schema, volume.table)),
            Value::Count {
                value: volume.rows,
                exact: false,
            },
            Value::Bytes(volume.table_bytes),
            Value::Bytes(volume.index_bytes),
            Value::Status(table_status(volume)),
        ]);
    }
    section.tables.push(table);
    section.notes.push(
        "Row counts are the planner's estimates (~): the audit never counts rows; `pharmctl \
         stats` does."
            .to_string(),
    );
    section
}

fn group_section(audit: &Audit, group: Group, id: &'static str, title: &str) -> Section {
    let mut section = Section::new(id, title);
    for result in audit.results.iter().filter(|r| r.check.group == group) {
        section.facts.extend(result.facts.iter().cloned());
        section
            .tables
            .extend(result.tables.iter().filter(|t| !t.rows.is_empty()).cloned());
        section.findings.extend(result.findings.iter().map(item));
        if let Some(reason) = &result.skipped {
            section
                .notes
                .push(format!("{}: skipped: {reason}.", result.check.id));
        }
        section.notes.extend(result.notes.iter().cloned());
    }
    let ran = audit.results.iter().any(|r| r.check.group == group);
    if !ran {
        section
            .notes
            .push("No check of this section was selected.".to_string());
    } else if section.findings.is_empty() {
        section.notes.push("No findings.".to_string());
    }
    section
}

fn item(finding: &Finding) -> FindingItem {
    FindingItem {
        level: finding.level,
        check: finding.check.to_string(),
        object: finding.object.clone(),
        message: finding.message.clone(),
        remedy: finding.remedy.clone(),
        key: finding.key(),
        metadata: finding.metadata.clone(),
    }
}

/// A fact measured by any check, by key.
fn measured<'a>(audit: &'a Audit, key: &str) -> Option<&'a Fact> {
    audit
        .results
        .iter()
        .flat_map(|r| r.facts.iter())
        .find(|f| f.key == key)
}

fn targets_section(audit: &Audit, targets: &Targets) -> Section {
    let mut section = Section::new("targets", "Targets");
    let mut table = Table::new(
        "targets",
        &[
            ("target", "Target"),
            ("goal", "Goal"),
            ("measured", "Measured"),
            ("status", "Status"),
        ],
    );
    let query_goal = targets.query_mean.as_secs_f64() * 1000.0;
    table.rows.push(target_row(
        "Statement mean time",
        format!("under {query_goal:.0} ms"),
        measured(audit, "slowest_mean_ms"),
        |value| matches!(value, Value::Millis(ms) if *ms < query_goal),
    ));
    table.rows.push(target_row(
        "Connection slots in use",
        format!("under {:.0}%", targets.connection_usage * 100.0),
        measured(audit, "connection_usage"),
        |value| matches!(value, Value::Ratio(r) if *r <= targets.connection_usage),
    ));
    table.rows.push(target_row(
        "Cache hit ratio (tables)",
        format!("at least {:.0}%", targets.cache_hit_ratio * 100.0),
        measured(audit, "table_hit_ratio"),
        |value| matches!(value, Value::Ratio(r) if *r >= targets.cache_hit_ratio),
    ));
    section.tables.push(table);
    section
}

fn target_row(
    name: &str,
    goal: String,
    fact: Option<&Fact>,
    met: impl Fn(&Value) -> bool,
) -> Vec<Value> {
    let (value, status) = match fact {
        None => (
            Value::Missing("not measured"),
            Status::new(Level::Info, "not measured"),
        ),
        Some(fact) if matches!(fact.value, Value::Missing(_)) => {
            (fact.value.clone(), Status::new(Level::Info, "not measured"))
        }
        Some(fact) if fact.status.as_ref().is_some_and(|s| s.level == Level::Info) => (
            fact.value.clone(),
            Status::new(Level::Info, "too few reads to judge"),
        ),
        Some(fact) if met(&fact.value) => (fact.value.clone(), Status::new(Level::Ok, "met")),
        Some(fact) => (fact.value.clone(), Status::new(Level::Warn, "missed")),
    };
    vec![
        Value::Text(name.to_string()),
        Value::Text(goal),
        value,
        Value::Status(status),
    ]
}

fn recommendations(audit: &Audit) -> Section {
    let mut section = Section::new("recommendations", "Recommendations");
    let mut table = Table::new(
        "recommendations",
        &[("recommendation", "Recommendation"), ("source", "Source")],
    );
    // The database's own advice first, when installed; then the advice of every check with
    // findings, which the database function does not know about.
    for line in audit.recommendations.iter().flatten() {
        table.rows.push(vec![
            Value::Text(line.clone()),
            Value::Text(format!("{RECOMMENDATIONS_FUNCTION}()")),
        ]);
    }
    for check in CHECKS {
        let count = audit
            .results
            .iter()
            .filter(|r| r.check.id == check.id)
            .map(|r| r.findings.len())
            .sum::<usize>();
        if count > 0 {
            let source = format!("{} ({})", check.id, plural(count, "finding", "findings"));
            table.rows.push(vec![
                Value::Text(check.advice.to_string()),
                Value::Text(source),
            ]);
        }
    }
    section
        .notes
        .extend(audit.recommendations_note.iter().cloned());
    if table.rows.is_empty() {
        section.notes.push("Nothing to recommend.".to_string());
    }
    section.tables.push(table);
    section
}

/// The registry as a report, for `--list-checks`.
pub fn checks_report() -> Report {
    let mut report = Report::new("audit", "pharmctl audit checks");
    let mut section = Section::new("checks", "Checks");
    let mut table = Table::new(
        "checks",
        &[
            ("id", "Check"),
            ("level", "Level"),
            ("category", "Category"),
            ("what", "What it looks for"),
        ],
    );
    for check in CHECKS {
        table.rows.push(vec![
            Value::Text(check.id.to_string()),
            Value::Text(check.level.as_str().to_string()),
            Value::Text(check.category.as_str().to_string()),
            Value::Text(check.what.to_string()),
        ]);
    }
    section.tables.push(table);
    report.sections.push(section);
    report
}
