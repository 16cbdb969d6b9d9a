//! `pharmctl bench run|compare|before-after`: wiring suites, sessions, the runner, baselines,
//! the gate and the chart into reports. The measuring and judging live in `crate::bench`, the
//! applying of migrations in `crate::migrate`.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use indicatif::ProgressStyle;
use tokio_postgres::Client;

use crate::bench::{self, Change, GateOptions, Judgement, Measurement, RunOptions, Suite, Verdict};
use crate::cli::{
    BeforeAfterArgs, BenchCommand, BenchCompareArgs, BenchRunArgs, Format, MeasureArgs,
};
use crate::db::{Access, ConnParams};
use crate::error::{Error, Result, describe_pg};
use crate::migrate::{self, Source};
use crate::report::{Level, Report, Section, Status, Style, Table, Value};

use super::{Context, Outcome};

/// Runs a `bench` subcommand.
pub async fn run(ctx: &Context, command: BenchCommand) -> Result<Outcome> {
    match command {
        BenchCommand::Run(args) => run_suite(ctx, &args).await,
        BenchCommand::Compare(args) => compare(ctx, &args).await,
        BenchCommand::BeforeAfter(args) => before_after(ctx, &args).await,
    }
}

/// The suite named by `--suite`, else by `[bench] suite`, else the built-in one.
fn load_suite(ctx: &Context, args: &MeasureArgs) -> Result<Suite> {
    match args.suite.as_ref().or(ctx.settings.bench.suite.as_ref()) {
        Some(path) => Suite::read(path),
        None => Suite::builtin(),
    }
}

/// Runs and warm-ups from the flags, else from `[bench]`.
fn run_options(ctx: &Context, args: &MeasureArgs, in_transaction: bool) -> RunOptions {
    let bench = &ctx.settings.bench;
    RunOptions {
        warmup: args.warmup.unwrap_or(bench.warmup),
        runs: args.runs.unwrap_or(bench.runs),
        in_transaction,
    }
}

/// Measures `suite` with a progress bar on a terminal.
async fn measure(
    ctx: &Context,
    client: &Client,
    suite: &Suite,
    options: &RunOptions,
    message: &'static str,
) -> Result<Measurement> {
    let bar = ctx.progress(message);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} runs ({eta})") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_length(options.total_runs(suite.queries.len()));
    let started = std::time::Instant::now();
    let measured = bench::measure(client, suite, options, &|| bar.inc(1)).await;
    bar.finish_and_clear();
    log::info!(
        "measured {} queries in {}",
        suite.queries.len(),
        super::elapsed(started.elapsed())
    );
    measured
}

async fn run_suite(ctx: &Context, args: &BenchRunArgs) -> Result<Outcome> {
    let suite = load_suite(ctx, &args.measure)?;
    let params = ctx.conn_params()?;
    let session = ctx.connect(&params, Access::ReadOnly).await?;

    let options = run_options(ctx, &args.measure, false);
    let measured = measure(ctx, session.client(), &suite, &options, "measuring").await?;
    if let Some(path) = &args.save {
        bench::baseline::save(&measured, path)?;
        log::info!("saved the baseline to {}", path.display());
    }

    let mut report = Report::new("bench run", "pharmctl bench run");
    report.subject = Some(params.target());
    report
        .sections
        .push(environment_section(&measured, &options));
    report.sections.push(queries_section(&measured));
    ctx.emit(&report)?;
    Ok(Outcome::Done)
}

fn environment_section(measured: &Measurement, options: &RunOptions) -> Section {
    let env = &measured.environment;
    let mut section = Section::new("environment", "Environment");
    section.fact("suite", "Suite", Value::Text(measured.suite.clone()));
    section.fact(
        "server_version",
        "Server",
        Value::Text(env.server_version.clone()),
    );
    section.fact(
        "runs",
        "Measured runs per query",
        Value::Int(options.runs.into()),
    );
    section.fact(
        "fingerprint",
        "Data fingerprint",
        Value::Text(env.fingerprint.clone()),
    );
    let tables: Vec<String> = env
        .tables
        .iter()
        .map(|t| {
            format!(
                "{}.{} ({} rows, {} pages)",
                t.schema, t.name, t.rows, t.pages
            )
        })
        .collect();
    section.fact("tables", "Tables read", Value::Text(tables.join(", ")));
    section
}

fn queries_section(measured: &Measurement) -> Section {
    let mut section = Section::new("queries", "Queries");
    let mut table = Table::new(
        "queries",
        &[
            ("query", "Query"),
            ("median_ms", "Median"),
            ("p95_ms", "p95"),
            ("spread", "Spread"),
            ("planning_ms", "Planning"),
            ("buffers", "Buffers"),
            ("temp_blocks", "Temp blocks"),
            ("rows", "Rows"),
            ("plan", "Plan"),
        ],
    );
    for query in &measured.queries {
        let time = bench::stats::summarize(&query.times());
        let planning: Vec<f64> = query.samples.iter().map(|s| s.planning_ms).collect();
        let last = query.samples.last();
        table.rows.push(vec![
            Value::Text(query.name.clone()),
            Value::Millis(time.median),
            Value::Millis(time.p95),
            Value::Ratio(time.spread),
            Value::Millis(bench::stats::median(&planning)),
            Value::Int(last.map_or(0, |s| s.buffers)),
            Value::Int(last.map_or(0, |s| s.temp_blocks)),
            Value::Int(last.map_or(0, |s| s.rows)),
            Value::Text(plan_text(&query.shape)),
        ]);
    }
    section.tables.push(table);
    section.notes.push(
        "Times are the server's execution time (EXPLAIN ANALYZE, TIMING OFF); spread is the \
         median absolute deviation over the median; buffers are shared blocks hit plus read."
            .to_string(),
    );
    section.notes.extend(
        measured
            .skipped
            .iter()
            .map(|s| format!("`{}` was not measured: {}.", s.name, s.reason)),
    );
    section
}

/// The scans of a plan, e.g. `Index Scan store_schedules (idx_...)`.
fn plan_text(shape: &bench::Shape) -> String {
    let scans: Vec<String> = shape
        .scans
        .iter()
        .map(|s| match &s.index {
            Some(index) => format!("{} {} ({index})", s.node, s.relation),
            None => format!("{} {}", s.node, s.relation),
        })
        .collect();
    if scans.is_empty() {
        shape.nodes.first().cloned().unwrap_or_default()
    } else {
        scans.join(", ")
    }
}

async fn compare(ctx: &Context, args: &BenchCompareArgs) -> Result<Outcome> {
    let baseline = bench::baseline::load(&args.baseline)?;
    let suite = load_suite(ctx, &args.measure)?;
    let gate = gate_options(ctx, args)?;
    let params = ctx.conn_params()?;
    let session = ctx.connect(&params, Access::ReadOnly).await?;

    let options = run_options(ctx, &args.measure, false);
    let current = measure(ctx, session.client(), &suite, &options, "measuring").await?;
    refuse_incompatible(&baseline, &current, &args.baseline)?;
    let mut judged = bench::gate::judge_all(&baseline, &current, &gate);

    let suspects = regressions(&judged);
    let confirmed = if suspects.is_empty() {
        BTreeSet::new()
    } else {
        confirm(
            ctx,
            session.client(),
            &suite,
            &options,
            &baseline,
            &gate,
            &suspects,
        )
        .await?
    };
    mark_unconfirmed(&mut judged, &confirmed);

    let report = compare_report(&params, &args.baseline, &judged, &confirmed);
    ctx.emit(&report)?;
    append_step_summary(&report)?;
    Ok(if args.gate && !confirmed.is_empty() {
        Outcome::GateTripped
    } else {
        Outcome::Done
    })
}

/// The gate's threshold and floor from the flags, else from `[bench]`.
fn gate_options(ctx: &Context, args: &BenchCompareArgs) -> Result<GateOptions> {
    let bench = &ctx.settings.bench;
    let threshold = args.threshold.unwrap_or(bench.threshold_pct);
    let floor_ms = args.floor_ms.unwrap_or(bench.floor_ms);
    if !(threshold > 0.0 && threshold.is_finite() && floor_ms >= 0.0 && floor_ms.is_finite()) {
        return Err(
            Error::usage("--threshold must be above 0 and --floor-ms at least 0")
                .with_help("e.g. --threshold 20 --floor-ms 0.5"),
        );
    }
    Ok(GateOptions {
        threshold: threshold / 100.0,
        floor_ms,
        ..GateOptions::default()
    })
}

fn refuse_incompatible(baseline: &Measurement, current: &Measurement, path: &Path) -> Result<()> {
    let Some(why) = bench::baseline::incompatibility(&baseline.environment, &current.environment)
    else {
        return Ok(());
    };
    Err(Error::usage(format!(
        "baseline {} is incompatible: {why}",
        path.display()
    ))
    .with_help(
        "a changed environment is not a regression: record a new baseline with \
         `pharmctl bench run --save FILE` on this server and data",
    ))
}

type Judged = Vec<(String, std::result::Result<Judgement, String>)>;

fn regressions(judged: &Judged) -> BTreeSet<String> {
    judged
        .iter()
        .filter(|(_, j)| j.as_ref().is_ok_and(|j| j.verdict == Verdict::Regression))
        .map(|(name, _)| name.clone())
        .collect()
}

/// Measures the suspect queries again; the regressions found again are confirmed.
async fn confirm(
    ctx: &Context,
    client: &Client,
    suite: &Suite,
    options: &RunOptions,
    baseline: &Measurement,
    gate: &GateOptions,
    suspects: &BTreeSet<String>,
) -> Result<BTreeSet<String>> {
    log::info!(
        "confirming {} suspected regressions with a rerun",
        suspects.len()
    );
    let mut rerun = suite.clone();
    rerun.select(suspects);
    let again = measure(ctx, client, &rerun, options, "confirming").await?;
    Ok(regressions(&bench::gate::judge_all(baseline, &again, gate)))
}

/// A regression the rerun did not see again is reported as unconfirmed, not as a failure.
fn mark_unconfirmed(judged: &mut Judged, confirmed: &BTreeSet<String>) {
    for (name, judgement) in judged.iter_mut() {
        if let Ok(j) = judgement
            && j.verdict == Verdict::Regression
            && !confirmed.contains(name)
        {
            j.verdict = Verdict::NotCompared("regression not confirmed by the rerun".to_string());
        }
    }
}

fn compare_report(
    params: &ConnParams,
    baseline: &Path,
    judged: &Judged,
    confirmed: &BTreeSet<String>,
) -> Report {
    let mut report = Report::new("bench compare", "pharmctl bench compare");
    report.subject = Some(params.target());
    let mut section = Section::new("comparison", "Comparison with the baseline");
    section.fact(
        "baseline",
        "Baseline",
        Value::Text(baseline.display().to_string()),
    );
    let status = if confirmed.is_empty() {
        Status::new(Level::Ok, "no confirmed regression")
    } else {
        let names: Vec<&str> = confirmed.iter().map(String::as_str).collect();
        Status::new(Level::Error, format!("regressed: {}", names.join(", ")))
    };
    section.judged(
        "regressions",
        "Confirmed regressions",
        Value::Int(confirmed.len() as i64),
        status,
    );
    section.tables.push(judgement_table("comparison", judged));
    section.notes.push(
        "Time: 95% bootstrap interval of the median ratio (now / baseline); a regression needs \
         the whole interval beyond the threshold, a change beyond the floor, and a rerun that \
         finds it again."
            .to_string(),
    );
    report.sections.push(section);
    report
}

fn judgement_table(id: &'static str, judged: &Judged) -> Table {
    let mut table = Table::new(
        id,
        &[
            ("query", "Query"),
            ("before_ms", "Before"),
            ("after_ms", "After"),
            ("ratio", "Time ratio (95% CI)"),
            ("buffers", "Buffers"),
            ("rows", "Rows"),
            ("plan", "Plan"),
            ("verdict", "Verdict"),
        ],
    );
    for (name, judgement) in judged {
        table.rows.push(match judgement {
            Ok(j) => judgement_row(j),
            Err(why) => {
                let mut row = vec![Value::Text(name.clone())];
                row.extend(std::iter::repeat_n(Value::Missing("n/a"), 6));
                row.push(Value::Status(Status::new(Level::Info, why.clone())));
                row
            }
        });
    }
    table
}

fn judgement_row(j: &Judgement) -> Vec<Value> {
    let ratio = format!(
        "{:.2}x [{:.2}, {:.2}]{}",
        j.ratio.estimate,
        j.ratio.low,
        j.ratio.high,
        if j.time == Change::Unstable {
            " unstable"
        } else {
            ""
        }
    );
    vec![
        Value::Text(j.name.clone()),
        Value::Millis(j.time_ms.0),
        Value::Millis(j.time_ms.1),
        Value::Text(ratio),
        Value::Text(format!("{} -> {}", j.buffers.0, j.buffers.1)),
        Value::Text(if j.rows.0 == j.rows.1 {
            j.rows.1.to_string()
        } else {
            format!("{} -> {}", j.rows.0, j.rows.1)
        }),
        Value::Text(j.plan.1.clone().unwrap_or_else(|| "same".to_string())),
        Value::Status(verdict_status(&j.verdict)),
    ]
}

fn verdict_status(verdict: &Verdict) -> Status {
    match verdict {
        Verdict::Regression => Status::new(Level::Error, "regression"),
        Verdict::Improvement => Status::new(Level::Ok, "improvement"),
        Verdict::Unchanged => Status::new(Level::Ok, "unchanged"),
        Verdict::NotCompared(why) => Status::new(Level::Info, why.clone()),
    }
}

/// Appends the report as markdown to `$GITHUB_STEP_SUMMARY` when that is set.
fn append_step_summary(report: &Report) -> Result<()> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let mut text = Vec::new();
    let style = Style {
        format: Format::Markdown,
        color: false,
    };
    let written = crate::report::render(report, style, &mut text);
    let shown = Path::new(&path).display().to_string();
    let appended = written.and_then(|()| {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)?;
        file.write_all(&text)
    });
    appended.map_err(|e| {
        Error::usage(format!(
            "cannot append to GITHUB_STEP_SUMMARY file {shown}: {e}"
        ))
        .with_help("unset GITHUB_STEP_SUMMARY or point it at a writable file")
    })
}

async fn before_after(ctx: &Context, args: &BeforeAfterArgs) -> Result<Outcome> {
    let suite = load_suite(ctx, &args.measure)?;
    let source = match &args.dir {
        Some(dir) => Source::Dir(dir.clone()),
        None => Source::Embedded,
    };
    let planned = migrate::load_checked(&source)?;
    let params = ctx.conn_params()?;

    let (before, after, ran) = if args.what_if {
        what_if(ctx, &params, &suite, &planned, &args.measure).await?
    } else {
        apply_between(ctx, &params, &suite, &planned, &args.measure).await?
    };

    let report = before_after_report(&params, &before, &after, &ran, args.what_if);
    if let Some(path) = &args.chart {
        write_chart(path, &before, &after)?;
    }
    ctx.emit(&report)?;
    Ok(Outcome::Done)
}

/// Measures read-only, applies the pending migrations with `migrate`, measures again.
async fn apply_between(
    ctx: &Context,
    params: &ConnParams,
    suite: &Suite,
    planned: &[migrate::Planned],
    args: &MeasureArgs,
) -> Result<(Measurement, Measurement, Vec<String>)> {
    let reader = ctx.connect(params, Access::ReadOnly).await?;
    let options = run_options(ctx, args, false);
    let before = measure(ctx, reader.client(), suite, &options, "before").await?;

    let ran = apply(ctx, params, planned).await?;

    let after = measure(ctx, reader.client(), suite, &options, "after").await?;
    Ok((before, after, ran))
}

/// Applies every pending migration with the default timeouts; returns the files applied.
pub async fn apply(
    ctx: &Context,
    params: &ConnParams,
    planned: &[migrate::Planned],
) -> Result<Vec<String>> {
    let session = ctx.connect(params, Access::ReadWrite).await?;
    let watcher = ctx.connect(params, Access::ReadWrite).await?;
    let options = migrate::UpOptions {
        to: None,
        lock_wait: std::time::Duration::from_secs(60),
        run: migrate::RunOptions {
            lock_timeout: std::time::Duration::from_secs(2),
            index_lock_timeout: std::time::Duration::from_secs(300),
            retries: 4,
        },
    };
    let applied = migrate::up(session.client(), watcher.client(), planned, &options).await?;
    Ok(applied
        .iter()
        .map(|a| format!("{:04}_{}", a.version, a.name))
        .collect())
}

/// Measures, rehearses the pending migrations inside a transaction, measures, rolls back.
async fn what_if(
    ctx: &Context,
    params: &ConnParams,
    suite: &Suite,
    planned: &[migrate::Planned],
    args: &MeasureArgs,
) -> Result<(Measurement, Measurement, Vec<String>)> {
    let session = ctx.connect(params, Access::ReadWrite).await?;
    let client = session.client();
    let migrations: Vec<_> = planned.iter().map(|p| p.migration.clone()).collect();
    let entries = migrate::status(client, &migrations).await?;
    migrate::refuse_drift(&entries)?;
    let pending = migrate::pending(planned, &entries, None);

    let sql = "BEGIN; SET LOCAL lock_timeout = '5s'; SET LOCAL statement_timeout = 0";
    client.batch_execute(sql).await.map_err(|e| {
        Error::database(format!(
            "starting the what-if transaction failed: {}",
            describe_pg(&e)
        ))
    })?;
    let result = what_if_inside(ctx, client, suite, &pending, args).await;
    let rolled_back = client.batch_execute("ROLLBACK").await;
    let (before, after) = result?;
    rolled_back.map_err(|e| {
        Error::database(format!(
            "rolling back the what-if transaction failed: {}",
            describe_pg(&e)
        ))
    })?;
    let ran = pending
        .iter()
        .map(|p| format!("{:04}_{}", p.migration.version, p.migration.name))
        .collect();
    Ok((before, after, ran))
}

async fn what_if_inside(
    ctx: &Context,
    client: &Client,
    suite: &Suite,
    pending: &[&migrate::Planned],
    args: &MeasureArgs,
) -> Result<(Measurement, Measurement)> {
    let options = run_options(ctx, args, true);
    let before = measure(ctx, client, suite, &options, "before").await?;
    let statements = bench::rehearse(client, pending).await?;
    log::info!(
        "rehearsed {statements} statements of {} migrations",
        pending.len()
    );
    let after = measure(ctx, client, suite, &options, "after").await?;
    Ok((before, after))
}

/// For the demo: measures the built-in suite read-only with few runs.
pub async fn demo_measure(ctx: &Context, params: &ConnParams) -> Result<Measurement> {
    let suite = Suite::builtin()?;
    let session = ctx.connect(params, Access::ReadOnly).await?;
    let options = RunOptions {
        warmup: 2,
        runs: 10,
        in_transaction: false,
    };
    measure(ctx, session.client(), &suite, &options, "benchmarking").await
}

/// For the demo: the before/after section around its `migrate up`.
pub fn demo_section(before: &Measurement, after: &Measurement) -> Section {
    let mut section = before_after_section(before, after, &[], false);
    section.facts.clear();
    section.fact(
        "migrations",
        "Migrations",
        Value::Text("applied by migrate up (see Applied)".to_string()),
    );
    section
}

/// The before/after report: the comparison table and what was applied.
pub fn before_after_report(
    params: &ConnParams,
    before: &Measurement,
    after: &Measurement,
    ran: &[String],
    what_if: bool,
) -> Report {
    let mut report = Report::new("bench before-after", "pharmctl bench before-after");
    report.subject = Some(params.target());
    report
        .sections
        .push(before_after_section(before, after, ran, what_if));
    report
}

/// The before/after section, also shown by the demo.
pub fn before_after_section(
    before: &Measurement,
    after: &Measurement,
    ran: &[String],
    what_if: bool,
) -> Section {
    let mut section = Section::new("before_after", "Before and after the migrations");
    section.fact(
        "migrations",
        "Migrations",
        Value::Text(migrations_text(ran, what_if)),
    );
    let judged = bench::gate::judge_all(before, after, &GateOptions::default());
    let mut table = Table::new(
        "before_after",
        &[
            ("query", "Query"),
            ("before_ms", "Before"),
            ("after_ms", "After"),
            ("time_change", "Time"),
            ("buffers_before", "Buffers before"),
            ("buffers_after", "Buffers after"),
            ("buffers_change", "Buffers"),
            ("plan_after", "Plan after"),
        ],
    );
    for ((_, judgement), query) in judged.iter().zip(&after.queries) {
        let Ok(j) = judgement else {
            continue;
        };
        table.rows.push(vec![
            Value::Text(j.name.clone()),
            Value::Millis(j.time_ms.0),
            Value::Millis(j.time_ms.1),
            Value::Text(factor(j.time_ms.0, j.time_ms.1, ("faster", "slower"))),
            Value::Int(j.buffers.0),
            Value::Int(j.buffers.1),
            Value::Text(factor(
                j.buffers.0 as f64,
                j.buffers.1 as f64,
                ("fewer", "more"),
            )),
            Value::Text(plan_text(&query.shape)),
        ]);
    }
    section.tables.push(table);
    if what_if {
        section.notes.push(
            "What-if: the migrations were built inside a transaction (indexes without \
             CONCURRENTLY) and rolled back; nothing was changed."
                .to_string(),
        );
    }
    section
}

fn migrations_text(ran: &[String], what_if: bool) -> String {
    let (Some(first), Some(last)) = (ran.first(), ran.last()) else {
        return "none pending".to_string();
    };
    let how = if what_if {
        "rehearsed and rolled back"
    } else {
        "applied"
    };
    if first == last {
        format!("1 {how}: {first}")
    } else {
        format!("{} {how}: {first} to {last}", ran.len())
    }
}

/// `8.9x less`, `2.0x more` or `same` (with the caller's words), from before and after.
fn factor(before: f64, after: f64, (less, more): (&str, &str)) -> String {
    if before <= 0.0 || after <= 0.0 {
        return if before == after {
            "same".to_string()
        } else {
            format!("{before} -> {after}")
        };
    }
    let ratio = before / after;
    if (0.95..=1.05).contains(&ratio) {
        "same".to_string()
    } else if ratio > 1.0 {
        format!("{ratio:.1}x {less}")
    } else {
        format!("{:.1}x {more}", 1.0 / ratio)
    }
}

fn write_chart(path: &Path, before: &Measurement, after: &Measurement) -> Result<()> {
    let bars: Vec<bench::chart::Bar> = before
        .queries
        .iter()
        .filter_map(|b| {
            let a = after.queries.iter().find(|a| a.name == b.name)?;
            Some(bench::chart::Bar {
                name: b.name.clone(),
                before_ms: bench::stats::median(&b.times()),
                after_ms: bench::stats::median(&a.times()),
            })
        })
        .collect();
    let svg = bench::chart::svg("pharmctl bench before-after", &bars);
    std::fs::write(path, svg).map_err(|e| {
        Error::usage(format!("cannot write chart {}: {e}", path.display()))
            .with_help("check that the folder exists and is writable")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors_read_with_the_given_words() {
        let words = ("faster", "slower");
        assert_eq!(factor(8.0, 1.0, words), "8.0x faster");
        assert_eq!(factor(1.0, 2.0, words), "2.0x slower");
        assert_eq!(factor(1.0, 1.01, words), "same");
        assert_eq!(factor(0.0, 0.0, words), "same");
    }

    #[test]
    fn migrations_read_as_a_range() {
        let ran = ["0001_a".to_string(), "0002_b".to_string()];
        assert_eq!(migrations_text(&ran, false), "2 applied: 0001_a to 0002_b");
        assert_eq!(
            migrations_text(&ran[..1], true),
            "1 rehearsed and rolled back: 0001_a"
        );
        assert_eq!(migrations_text(&[], false), "none pending");
    }
}
