//! `pharmctl audit`: select the checks, read the ignore file, connect read-only, gather every
//! check in one transaction, apply the ignore file, render, and gate on `--fail-on`.

use std::time::Instant;

use tokio_postgres::Client;

use crate::checks::{self, Check, Finding, ignore, layout};
use crate::cli::{AuditArgs, FailOn};
use crate::db::Access;
use crate::error::Result;
use crate::report::Level;

use super::{Context, Outcome, elapsed};

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
    let entries = match ignore_file {
        Some(path) => ignore::load(path)?,
        None => Vec::new(),
    };

    let params = ctx.conn_params()?;
    let session = ctx.connect(&params, Access::ReadOnly).await?;

    let findings =
        audit_and_emit(ctx, session.client(), &selected, &entries, params.target()).await?;
    Ok(gate(&findings, args.fail_on))
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
    ctx.emit(&report)?;
    Ok(layout::remaining_findings(&audit, &applied)
        .into_iter()
        .cloned()
        .collect())
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
