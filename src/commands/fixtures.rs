//! `pharmctl fixtures load`: create the base schema and load production-shaped data.

use crate::cli::{FixturesCommand, LoadArgs};
use crate::db::{Access, Session};
use crate::error::Result;
use crate::fixtures::{LoadOptions, LoadReport};
use crate::report::{Report, Section, Table, Value};

use super::{Context, Outcome, elapsed};

/// Runs a `fixtures` subcommand.
pub async fn run(ctx: &Context, command: FixturesCommand) -> Result<Outcome> {
    match command {
        FixturesCommand::Load(args) => load(ctx, &args).await,
    }
}

async fn load(ctx: &Context, args: &LoadArgs) -> Result<Outcome> {
    let params = ctx.conn_params()?;
    let mut session = ctx.connect(&params, Access::ReadWrite).await?;

    let options = LoadOptions {
        scale: args.scale.scale,
        seed: args.scale.seed,
        replace: args.replace,
    };
    let loaded = load_into(ctx, &mut session, &options).await?;

    ctx.emit(&loaded_report(&loaded, &options, params.target()))?;
    Ok(Outcome::Done)
}

/// Loads fixtures with a progress bar; shared with `demo`.
pub async fn load_into(
    ctx: &Context,
    session: &mut Session,
    options: &LoadOptions,
) -> Result<LoadReport> {
    let progress = ctx.progress("loading fixtures");
    let loaded = crate::fixtures::load(session.client_mut(), options, &progress).await;
    progress.finish_and_clear();
    let loaded = loaded?;
    log::info!(
        "loaded fixtures at scale {} in {}",
        options.scale,
        elapsed(loaded.elapsed)
    );
    Ok(loaded)
}

fn loaded_report(loaded: &LoadReport, options: &LoadOptions, subject: String) -> Report {
    let mut report = Report::new("fixtures load", "pharmctl fixtures load");
    report.subject = Some(subject);

    let mut section = Section::new("loaded", "Loaded");
    section.fact("scale", "Scale", Value::Int(options.scale.into()));
    section.fact("seed", "Seed", Value::Text(options.seed.to_string()));
    section.fact(
        "elapsed_ms",
        "Time",
        Value::Millis(loaded.elapsed.as_secs_f64() * 1000.0),
    );

    let mut table = Table::new("tables", &[("table", "Table"), ("rows", "Rows")]);
    for (name, rows) in &loaded.tables {
        table
            .rows
            .push(vec![Value::Text(name.clone()), Value::Int(*rows as i64)]);
    }
    section.tables.push(table);
    report.sections.push(section);
    report
}
