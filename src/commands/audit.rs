//! `pharmctl audit`: select the checks, read the ignore file, connect read-only, gather every
//! check in one transaction, apply the ignore file, render, and gate on `--fail-on`; with
//! `--all-databases`, the same for every named database of the config file at once.

use std::time::Instant;

use futures_util::{StreamExt, stream};
use tokio_postgres::Client;

use crate::checks::layout::DatabaseOutcome;
use crate::checks::{self, Check, Finding, ignore, layout};
use crate::cli::{AuditArgs, FailOn};
use crate::db::{Access, ConnParams};
use crate::error::{Error, Result};
use crate::report::{Level, Report, ReportSet};
use crate::settings::UrlSource;

use super::{Context, Outcome, elapsed};

/// How many databases `--all-databases` audits at once, each on one connection: enough to
/// overlap their round trips, few enough not to crowd a server that hosts several of them.
const PARALLEL_AUDITS: usize = 4;

/// Runs `audit`.
pub async fn run(ctx: &Context, args: &AuditArgs) -> Result<Outcome> {
    if args.list_checks {
        ctx.emit(&layout::checks_report())?;
        return Ok(Outcome::Done);
    }
    let selected = checks::select(&args.only, &args.skip)?;
    let ignore_file = args
        .ignore_file
        .as_ref()
        .or(ctx.settings.audit.ignore_file.as_ref());
    let names: Vec<&str> = ctx
        .settings
        .databases
        .iter()
        .map(|db| db.name.as_str())
        .collect();
    let entries = match ignore_file {
        Some(path) => ignore::load(path, &names)?,
        None => Vec::new(),
    };

    if args.all_databases {
        return audit_all(ctx, args.fail_on, &selected, &entries).await;
    }

    let params = ctx.conn_params()?;
    let session = ctx.connect(&params, Access::ReadOnly).await?;

    let entries = entries_for(&entries, ctx.settings.database_name.as_deref());
    let findings =
        audit_and_emit(ctx, session.client(), &selected, &entries, params.target()).await?;
    Ok(gate(&findings, args.fail_on))
}

/// One database's audit: the report, and the findings that count for `--fail-on`.
struct Audited {
    report: Report,
    findings: Vec<Finding>,
}

/// Gathers the selected checks on `client`, applies the ignore entries, emits the report, and
/// returns the findings that remain (expired ignore entries included).
pub(super) async fn audit_and_emit(
    ctx: &Context,
    client: &Client,
    selected: &[&'static Check],
    entries: &[ignore::Entry],
    subject: String,
) -> Result<Vec<Finding>> {
    let audited = audit_report(ctx, client, selected, entries, subject).await?;
    ctx.emit(&audited.report)?;
    Ok(audited.findings)
}

/// `audit --all-databases`: every `[databases.NAME]` audited, up to four at once, each on its
/// own connection; the reports in name order, then the summary. A database that cannot be reached
/// does not stop the others: it is named in the summary, and the run exits 3 after printing.
async fn audit_all(
    ctx: &Context,
    fail_on: FailOn,
    selected: &[&'static Check],
    entries: &[ignore::Entry],
) -> Result<Outcome> {
    let databases = &ctx.settings.databases;
    if databases.is_empty() {
        return Err(
            Error::usage("--all-databases: the config file names no databases")
                .with_help("add [databases.NAME] sections, each with a url key, to pharmctl.toml"),
        );
    }
    if let Some((_, UrlSource::Flag | UrlSource::Named)) = &ctx.settings.database_url {
        return Err(Error::usage(
            "--all-databases audits every named database, but --database or --database-url \
             (or PHARMCTL_DATABASE_URL) names one",
        )
        .with_help("drop --all-databases to audit that one, or the other option to audit all"));
    }
    let params = databases
        .iter()
        .map(|database| {
            ctx.params_for(Some(&database.url))
                .map_err(|e| e.prefixed(&format!("database `{}`", database.name)))
        })
        .collect::<Result<Vec<_>>>()?;

    let started = Instant::now();
    let results: Vec<Result<Audited>> = stream::iter(databases.iter().zip(&params))
        .map(|(database, params)| async move {
            let session = ctx.connect(params, Access::ReadOnly).await?;
            let entries = entries_for(entries, Some(&database.name));
            let mut audited =
                audit_report(ctx, session.client(), selected, &entries, params.target()).await?;
            audited.report.title = format!("pharmctl audit: {}", database.name);
            Ok(audited)
        })
        .buffered(PARALLEL_AUDITS)
        .collect()
        .await;
    log::info!(
        "{} databases audited in {}",
        databases.len(),
        elapsed(started.elapsed())
    );

    let targets: Vec<String> = params.iter().map(ConnParams::target).collect();
    let outcomes: Vec<DatabaseOutcome<'_>> = databases
        .iter()
        .zip(&results)
        .zip(&targets)
        .map(|((database, result), target)| DatabaseOutcome {
            name: &database.name,
            subject: target,
            result: match result {
                Ok(audited) => Ok(&audited.findings),
                Err(e) => Err(e.message()),
            },
        })
        .collect();
    let summary = layout::databases_summary(&outcomes);
    let failed: Vec<String> = outcomes
        .iter()
        .filter(|o| o.result.is_err())
        .map(|o| o.name.to_string())
        .collect();

    let mut findings = Vec::new();
    let mut reports = Vec::new();
    for (database, result) in databases.iter().zip(results) {
        if let Ok(audited) = result {
            findings.extend(audited.findings);
            reports.push((database.name.clone(), audited.report));
        }
    }
    ctx.emit_set(&ReportSet {
        command: "audit",
        reports,
        summary,
    })?;
    if !failed.is_empty() {
        return Err(Error::database(format!(
            "{} of {} databases could not be audited: {}",
            failed.len(),
            databases.len(),
            failed.join(", ")
        ))
        .with_help("the summary's Result column says why; the other reports are complete"));
    }
    Ok(gate(&findings, fail_on))
}

/// The ignore entries that apply to the database named `name` (`None`: reached by URL).
fn entries_for(entries: &[ignore::Entry], name: Option<&str>) -> Vec<ignore::Entry> {
    entries
        .iter()
        .filter(|e| e.applies_to(name))
        .cloned()
        .collect()
}

/// Gathers the selected checks on `client`, applies the ignore entries and builds the report.
async fn audit_report(
    ctx: &Context,
    client: &Client,
    selected: &[&'static Check],
    entries: &[ignore::Entry],
    subject: String,
) -> Result<Audited> {
    let started = Instant::now();
    let settings = &ctx.settings;
    let mut audit = checks::gather(
        client,
        selected,
        &settings.audit,
        &settings.targets,
        settings.statement_timeout,
    )
    .await?;
    log::info!(
        "{} checks gathered in {}",
        selected.len(),
        elapsed(started.elapsed())
    );

    let today = chrono::Local::now().date_naive();
    let applied = ignore::apply(&mut audit.results, entries, today);
    let report = layout::build_report(&audit, &applied, &settings.targets, subject);
    let findings = layout::remaining_findings(&audit, &applied)
        .into_iter()
        .cloned()
        .collect();
    Ok(Audited { report, findings })
}

/// Whether any finding reaches the `--fail-on` level.
fn gate(findings: &[Finding], fail_on: FailOn) -> Outcome {
    let threshold = match fail_on {
        FailOn::Info => Level::Info,
        FailOn::Warn => Level::Warn,
        FailOn::Error => Level::Error,
        FailOn::Never => return Outcome::Done,
    };
    if findings.iter().any(|f| f.level >= threshold) {
        Outcome::GateTripped
    } else {
        Outcome::Done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gate_trips_at_or_above_its_level() {
        let check = checks::find("unindexed-foreign-keys").unwrap();
        let warn = vec![Finding::new(check, "public.t(a)", "m", "r")];
        assert_eq!(gate(&warn, FailOn::Warn), Outcome::GateTripped);
        assert_eq!(gate(&warn, FailOn::Info), Outcome::GateTripped);
        assert_eq!(gate(&warn, FailOn::Error), Outcome::Done);
        assert_eq!(gate(&warn, FailOn::Never), Outcome::Done);
        assert_eq!(gate(&[], FailOn::Info), Outcome::Done);
    }
}
