//! `pharmctl demo`: a throwaway PostgreSQL from the local server binaries, loaded with
//! fixtures, migrated (`migrate up`) with the bench suite measured before and after, and
//! reported on (volumes, the migration status and the before/after table, then the full
//! audit), then removed (or kept running with `--keep`).

use crate::cli::DemoArgs;
use crate::db::cluster::{Cluster, ClusterOptions};
use crate::db::{Access, ConnParams};
use crate::error::{Error, Result, describe_pg};
use crate::fixtures::LoadOptions;

use super::fixtures::load_into;
use super::{Context, Outcome, elapsed};

/// The database the demo creates inside its cluster.
const DEMO_DATABASE: &str = "pharmacy";

/// Runs `demo`.
pub async fn run(ctx: &Context, args: &DemoArgs) -> Result<Outcome> {
    crate::db::cluster::install_interrupt_cleanup();
    let started = std::time::Instant::now();
    let cluster = Cluster::start(&ClusterOptions::default())?;
    log::info!(
        "throwaway server on port {} ready in {}",
        cluster.port(),
        elapsed(started.elapsed())
    );

    create_database(&cluster).await?;
    let params = ConnParams::resolve(Some(&cluster.url(DEMO_DATABASE)), &|_| None)?;
    let mut session = ctx.connect(&params, Access::ReadWrite).await?;
    let options = LoadOptions {
        scale: args.scale.scale,
        seed: args.scale.seed,
        replace: false,
    };
    load_into(ctx, &mut session, &options).await?;
    let before = super::bench::demo_measure(ctx, &params).await?;
    let migrated = super::migrate::demo_sections(ctx, &params, &session).await?;
    let after = super::bench::demo_measure(ctx, &params).await?;

    // JSON output is one document, so it carries the audit alone; the other formats show the
    // exact counts of `stats`, the migration status and the before/after table first and end
    // with the audit.
    if ctx.settings.format != crate::cli::Format::Json {
        let stats = crate::stats::gather(session.client(), &[]).await?;
        let mut report = crate::stats::report(&stats, params.target());
        report.sections.extend(migrated);
        report
            .sections
            .push(super::bench::demo_section(&before, &after));
        ctx.emit(&report)?;
        println!();
    }
    let checks = crate::checks::select(&[], &[])?;
    super::audit::audit_and_emit(ctx, session.client(), &checks, &[], params.target()).await?;

    if args.keep {
        eprintln!("demo server running at {}", params.redacted_url());
        eprintln!("press Ctrl-C to stop it and remove its files");
        crate::db::cluster::wait_for_interrupt();
    }
    cluster.stop()?;
    Ok(Outcome::Done)
}

async fn create_database(cluster: &Cluster) -> Result<()> {
    let params = ConnParams::resolve(Some(&cluster.url("postgres")), &|_| None)?;
    let options = crate::db::SessionOptions {
        access: Access::ReadWrite,
        statement_timeout: None,
    };
    let session = crate::db::Session::connect(&params, &options).await?;
    let sql = format!(
        "CREATE DATABASE {}",
        crate::db::ident::quote_ident(DEMO_DATABASE)
    );
    session.client().batch_execute(&sql).await.map_err(|e| {
        Error::database(format!(
            "creating database `{DEMO_DATABASE}` failed: {}",
            describe_pg(&e)
        ))
    })?;

    // The throwaway server preloads pg_stat_statements; installing it in a schema of its own
    // gives the audit's query section something to show.
    let params = ConnParams::resolve(Some(&cluster.url(DEMO_DATABASE)), &|_| None)?;
    let session = crate::db::Session::connect(&params, &options).await?;
    session
        .client()
        .batch_execute(
            "CREATE SCHEMA IF NOT EXISTS extensions; \
             CREATE EXTENSION IF NOT EXISTS pg_stat_statements SCHEMA extensions",
        )
        .await
        .map_err(|e| {
            Error::database(format!(
                "installing pg_stat_statements in `{DEMO_DATABASE}` failed: {}",
                describe_pg(&e)
            ))
        })
}
