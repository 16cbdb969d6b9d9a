//! `pharmctl conflicts`: find overlapping shifts and staffing-rule breaches, report them by
//! employee id and store number, and trip the gate with `--fail-on-conflict`.

use std::time::Instant;

use crate::cli::ConflictsArgs;
use crate::db::Access;
use crate::error::{Error, Result, describe_pg};
use crate::report::{Report, Section, Table, Value};
use crate::schedule::{self, ALL_KINDS, Conflict, Filter};
use crate::settings::Verbosity;

use super::{Context, Outcome, elapsed};

/// Session settings for the rule queries: sorts of a million shifts stay in memory, and the
/// one-off statement is not worth compiling with JIT.
const SESSION_SQL: &str = "SET work_mem = '256MB'; SET jit = off";

/// Runs `conflicts`.
pub async fn run(ctx: &Context, args: &ConflictsArgs) -> Result<Outcome> {
    let filter = filter(args)?;
    let params = ctx.conn_params()?;
    let session = ctx.connect(&params, Access::ReadOnly).await?;
    let missing = schedule::required_columns(session.client()).await?;
    if !missing.0.is_empty() {
        return Err(Error::usage(format!(
            "the schedule rules need columns this database lacks: {}",
            missing.0.join(", ")
        ))
        .with_help(
            "conflicts works on the scheduling schema that `pharmctl fixtures load` creates",
        ));
    }

    prepare(session.client()).await?;

    let started = Instant::now();
    let rules = &ctx.settings.rules;
    let conflicts = if args.in_database {
        let function = find_function(session.client()).await?;
        schedule::detect_in_database(session.client(), function.as_deref(), &filter, rules).await?
    } else {
        let by_store = ctx.connect(&params, Access::ReadOnly).await?;
        prepare(by_store.client()).await?;
        schedule::detect(session, by_store, &filter, rules).await?
    };
    log::info!(
        "found {} conflicts in {}",
        conflicts.len(),
        elapsed(started.elapsed())
    );

    if !(conflicts.is_empty() && ctx.settings.verbosity == Verbosity::Quiet) {
        ctx.emit(&report(&conflicts, params.target()))?;
    }
    if args.fail_on_conflict && !conflicts.is_empty() {
        return Ok(Outcome::GateTripped);
    }
    Ok(Outcome::Done)
}

fn filter(args: &ConflictsArgs) -> Result<Filter> {
    if let (Some(from), Some(to)) = (args.from, args.to)
        && from > to
    {
        return Err(Error::usage(format!("--from {from} is after --to {to}"))
            .with_help("give the first date with --from and the last with --to"));
    }
    Ok(Filter {
        from: args.from,
        to: args.to,
        store_number: args.store,
        employee_id: args.employee.clone(),
    })
}

async fn prepare(client: &tokio_postgres::Client) -> Result<()> {
    client.batch_execute(SESSION_SQL).await.map_err(|e| {
        Error::database(format!(
            "setting up the session failed: {}",
            describe_pg(&e)
        ))
    })
}

/// `detect_schedule_conflicts` taking the nine rule parameters, when installed and executable.
async fn find_function(client: &tokio_postgres::Client) -> Result<Option<String>> {
    let found = crate::db::functions::find(client, "detect_schedule_conflicts", Some(9)).await?;
    let name = match found {
        Some(f) if f.can_execute => {
            log::info!("judging the rules with {}.{}", f.schema, f.name);
            Some(f.qualified())
        }
        Some(f) => {
            return Err(
                Error::usage(format!("this role may not execute {}.{}", f.schema, f.name))
                    .with_help("grant EXECUTE on it, or run without --in-database"),
            );
        }
        None => {
            log::info!("detect_schedule_conflicts is not installed; running its SQL directly");
            None
        }
    };
    Ok(name)
}

/// The conflicts as a report: counts per kind, then one row per conflict.
pub fn report(conflicts: &[Conflict], subject: String) -> Report {
    let mut report = Report::new("conflicts", "pharmctl conflicts");
    report.subject = Some(subject);

    let mut section = Section::new("conflicts", "Schedule conflicts");
    section.fact(
        "total",
        "Conflicts found",
        Value::Int(conflicts.len() as i64),
    );
    for kind in ALL_KINDS {
        let count = conflicts.iter().filter(|c| c.kind == kind).count();
        if count > 0 {
            section.fact(kind.as_str(), kind.as_str(), Value::Int(count as i64));
        }
    }

    let mut table = Table::new(
        "conflicts",
        &[
            ("kind", "Kind"),
            ("date", "Date"),
            ("stores", "Stores"),
            ("employees", "Employees"),
            ("shifts", "Shifts"),
            ("detail", "Detail"),
        ],
    );
    for conflict in conflicts {
        table.rows.push(vec![
            Value::Text(conflict.kind.as_str().to_string()),
            Value::Text(conflict.date.to_string()),
            Value::Text(join(&conflict.store_numbers)),
            Value::Text(conflict.employee_ids.join(" ")),
            Value::Text(join(&conflict.shift_ids)),
            Value::Text(conflict.detail.clone()),
        ]);
    }
    section.tables.push(table);
    report.sections.push(section);
    report
}

fn join<T: ToString>(values: &[T]) -> String {
    values
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}
