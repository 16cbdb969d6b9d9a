//! `pharmctl migrate status|plan|up|verify|baseline|lint`: load and check the files, connect,
//! call `crate::migrate`, render what happened.

use std::collections::BTreeMap;
use std::io::Write;

use crate::cli::{BaselineArgs, Format, LintArgs, MigrateArgs, MigrateCommand, UpArgs};
use crate::db::{Access, ConnParams, Session};
use crate::error::{Error, Result};
use crate::migrate::{self, Applied, Baselined, Entry, Finding, Planned, Source, State};
use crate::report::{Level, Report, Section, Status, Table, Value};

use super::{Context, Outcome};

/// Runs a `migrate` subcommand.
pub async fn run(ctx: &Context, args: MigrateArgs) -> Result<Outcome> {
    let source = match args.dir {
        Some(dir) => Source::Dir(dir),
        None => Source::Embedded,
    };
    match args.command {
        MigrateCommand::Status => status(ctx, &source, false).await,
        MigrateCommand::Verify => status(ctx, &source, true).await,
        MigrateCommand::Plan(plan_args) => plan(ctx, &source, plan_args.to).await,
        MigrateCommand::Up(up_args) => up(ctx, &source, &up_args).await,
        MigrateCommand::Baseline(baseline_args) => baseline(ctx, &source, &baseline_args).await,
        MigrateCommand::Lint(lint_args) => lint(ctx, &source, &lint_args),
    }
}

async fn connect(ctx: &Context, access: Access) -> Result<(ConnParams, Session)> {
    let params = ctx.conn_params()?;
    migrate::lock::refuse_pooler_port(params.port)?;
    let session = ctx.connect(&params, access).await?;
    Ok((params, session))
}

async fn status(ctx: &Context, source: &Source, verify: bool) -> Result<Outcome> {
    let migrations = migrate::files::load(source)?;
    let (params, session) = connect(ctx, Access::ReadOnly).await?;

    let entries = migrate::status(session.client(), &migrations).await?;

    let title = if verify {
        "migrate verify"
    } else {
        "migrate status"
    };
    let mut report = Report::new(title, format!("pharmctl {title}"));
    report.subject = Some(params.target());
    report.sections.push(status_section(&entries));
    ctx.emit(&report)?;
    let drifted = entries.iter().any(|e| e.state == State::Drifted);
    Ok(if verify && drifted {
        Outcome::GateTripped
    } else {
        Outcome::Done
    })
}

/// The status table, also shown by the demo.
pub fn status_section(entries: &[Entry]) -> Section {
    let mut section = Section::new("migrations", "Migrations");
    let count = |states: &[State]| {
        Value::Int(entries.iter().filter(|e| states.contains(&e.state)).count() as i64)
    };
    section.fact(
        "applied",
        "Applied",
        count(&[State::Applied, State::Baselined]),
    );
    section.fact(
        "pending",
        "Pending",
        count(&[State::Pending, State::Running]),
    );
    section.fact("failed", "Failed", count(&[State::Failed]));
    section.fact(
        "drifted",
        "Drifted",
        count(&[State::Drifted, State::Missing]),
    );

    let mut table = Table::new(
        "migrations",
        &[
            ("version", "Version"),
            ("name", "Name"),
            ("state", "State"),
            ("applied_at", "Started (UTC)"),
            ("duration_ms", "Time"),
            ("applied_by", "By"),
        ],
    );
    for entry in entries {
        table.rows.push(status_row(entry));
    }
    section.tables.push(table);
    for entry in entries.iter().filter(|e| e.state == State::Drifted) {
        section.notes.push(format!(
            "Migration {:04} was edited after it was applied: its checksum no longer matches \
             the history; restore the file and put changes in a new migration.",
            entry.version
        ));
    }
    section
}

fn status_row(entry: &Entry) -> Vec<Value> {
    let level = match entry.state {
        State::Applied | State::Baselined => Level::Ok,
        State::Pending => Level::Info,
        State::Running => Level::Warn,
        State::Failed | State::Drifted | State::Missing => Level::Error,
    };
    let row = entry.row.as_ref();
    vec![
        Value::Int(entry.version.into()),
        Value::Text(entry.name.clone()),
        Value::Status(Status::new(level, entry.state.as_str())),
        row.map_or(Value::Missing("-"), |r| Value::Text(r.started_at.clone())),
        row.and_then(|r| r.duration_ms)
            .map_or(Value::Missing("-"), |ms| Value::Millis(ms as f64)),
        row.map_or(Value::Missing("-"), |r| Value::Text(r.applied_by.clone())),
    ]
}

async fn plan(ctx: &Context, source: &Source, to: Option<i32>) -> Result<Outcome> {
    let planned = migrate::load_checked(source)?;
    let (params, session) = connect(ctx, Access::ReadOnly).await?;

    let migrations: Vec<_> = planned.iter().map(|p| p.migration.clone()).collect();
    let entries = migrate::status(session.client(), &migrations).await?;
    let pending = migrate::pending(&planned, &entries, to);
    let partitioned = partitioned_builds(session.client(), &pending).await?;

    let mut report = Report::new("migrate plan", "pharmctl migrate plan");
    report.subject = Some(params.target());
    report
        .sections
        .extend(plan_sections(&pending, &partitioned));
    ctx.emit(&report)?;
    Ok(Outcome::Done)
}

/// The concurrent builds of `pending` that name a partitioned table, by version and line, with
/// how many partitions `up` will build them on.
async fn partitioned_builds(
    client: &tokio_postgres::Client,
    pending: &[&Planned],
) -> Result<BTreeMap<(i32, usize), (String, usize)>> {
    let mut found = BTreeMap::new();
    for planned in pending {
        for stmt in &planned.statements {
            let Some(build) = &stmt.index else { continue };
            let Some(schema) = migrate::partitioned::partitioned_schema(client, build).await?
            else {
                continue;
            };
            let parent_index = crate::db::ident::quote_qualified(&schema, &build.name);
            let partitions = migrate::partitioned::partitions(client, build, &parent_index).await?;
            found.insert(
                (planned.migration.version, stmt.line),
                (build.table.clone(), partitions.len()),
            );
        }
    }
    Ok(found)
}

fn plan_sections(
    pending: &[&Planned],
    partitioned: &BTreeMap<(i32, usize), (String, usize)>,
) -> Vec<Section> {
    let mut section = Section::new("plan", "Pending migrations");
    let mut table = Table::new(
        "statements",
        &[
            ("version", "Version"),
            ("file", "File"),
            ("mode", "Mode"),
            ("line", "Line"),
            ("statement", "Statement"),
            ("lock", "Lock taken"),
        ],
    );
    for planned in pending {
        let m = &planned.migration;
        let mode = if m.header.no_transaction {
            "no transaction"
        } else {
            "transaction"
        };
        for stmt in &planned.statements {
            let file = format!("{:04}_{}.sql", m.version, m.name);
            let lock = match partitioned.get(&(m.version, stmt.line)) {
                Some((table, partitions)) => {
                    section.notes.push(format!(
                        "{file}:{}: {table} is partitioned: `up` creates the index on the \
                         parent alone (ON ONLY), then builds it concurrently on each of its \
                         {partitions} partitions and attaches it.",
                        stmt.line
                    ));
                    "SHARE on the empty parent (briefly), then SHARE UPDATE EXCLUSIVE per partition"
                        .to_string()
                }
                None => stmt.lock.to_string(),
            };
            table.rows.push(vec![
                Value::Int(m.version.into()),
                Value::Text(file),
                Value::Text(mode.to_string()),
                Value::Int(stmt.line as i64),
                Value::Text(abbreviate(&stmt.text)),
                Value::Text(lock),
            ]);
        }
    }
    if pending.is_empty() {
        section
            .notes
            .push("Nothing to apply: every migration is applied.".to_string());
    }
    section.tables.push(table);

    let findings: Vec<Finding> = pending.iter().flat_map(|p| p.findings.clone()).collect();
    vec![section, findings_section(&findings)]
}

fn abbreviate(sql: &str) -> String {
    let flat = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    let short: String = flat.chars().take(60).collect();
    if short.len() < flat.len() {
        format!("{short}...")
    } else {
        short
    }
}

async fn up(ctx: &Context, source: &Source, args: &UpArgs) -> Result<Outcome> {
    let planned = migrate::load_checked(source)?;
    if args.dry_run {
        return plan(ctx, source, args.to).await;
    }
    let (params, session) = connect(ctx, Access::ReadWrite).await?;
    let (_, watcher) = connect(ctx, Access::ReadWrite).await?;

    let options = migrate::UpOptions {
        to: args.to,
        lock_wait: args.lock_wait,
        run: migrate::RunOptions {
            lock_timeout: args.lock_timeout,
            index_lock_timeout: args.index_lock_timeout,
            retries: args.retries,
        },
    };
    let applied = migrate::up(session.client(), watcher.client(), &planned, &options).await?;

    let mut report = Report::new("migrate up", "pharmctl migrate up");
    report.subject = Some(params.target());
    report.sections.push(applied_section(&applied));
    ctx.emit(&report)?;
    Ok(Outcome::Done)
}

/// The table of what `up` applied, also shown by the demo.
pub fn applied_section(applied: &[Applied]) -> Section {
    let mut section = Section::new("applied", "Applied");
    section.fact(
        "applied",
        "Migrations applied",
        Value::Int(applied.len() as i64),
    );
    let mut table = Table::new(
        "applied",
        &[
            ("version", "Version"),
            ("name", "Name"),
            ("statements", "Statements"),
            ("resumed_after", "Resumed after"),
            ("already_present", "Already present"),
            ("rebuilt", "Invalid rebuilt"),
            ("attempts", "Tries"),
            ("duration_ms", "Time"),
        ],
    );
    for a in applied {
        table.rows.push(vec![
            Value::Int(a.version.into()),
            Value::Text(a.name.clone()),
            Value::Int(a.statements as i64),
            Value::Int(a.resumed_after as i64),
            Value::Int(a.already_present as i64),
            Value::Int(a.rebuilt as i64),
            Value::Int(a.attempts.into()),
            Value::Millis(a.duration.as_secs_f64() * 1000.0),
        ]);
    }
    if applied.is_empty() {
        section
            .notes
            .push("Nothing to apply: every migration is applied.".to_string());
    }
    section.tables.push(table);
    section
}

/// For the demo: applies the embedded migrations on `session` with the default timeouts and
/// returns the sections of what ran and of the resulting status.
pub async fn demo_sections(
    ctx: &Context,
    params: &ConnParams,
    session: &Session,
) -> Result<Vec<Section>> {
    let planned = migrate::load_checked(&Source::Embedded)?;
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
    let applied = migrate::up(session.client(), watcher.client(), &planned, &options).await?;

    let migrations: Vec<_> = planned.into_iter().map(|p| p.migration).collect();
    let entries = migrate::status(session.client(), &migrations).await?;
    Ok(vec![applied_section(&applied), status_section(&entries)])
}

async fn baseline(ctx: &Context, source: &Source, args: &BaselineArgs) -> Result<Outcome> {
    let planned = migrate::load_checked(source)?;
    let (params, session) = connect(ctx, Access::ReadWrite).await?;

    let done = migrate::baseline(session.client(), &planned, args.to, args.lock_wait).await?;

    let mut report = Report::new("migrate baseline", "pharmctl migrate baseline");
    report.subject = Some(params.target());
    report.sections.push(baseline_section(&done));
    ctx.emit(&report)?;
    Ok(Outcome::Done)
}

fn baseline_section(done: &[Baselined]) -> Section {
    let mut section = Section::new("baseline", "Baseline");
    let mut table = Table::new(
        "migrations",
        &[
            ("version", "Version"),
            ("name", "Name"),
            ("recorded", "Recorded"),
            ("reason", "Why"),
        ],
    );
    for b in done {
        let status = if b.recorded {
            Status::new(Level::Ok, "recorded")
        } else {
            Status::new(Level::Warn, "not recorded")
        };
        table.rows.push(vec![
            Value::Int(b.version.into()),
            Value::Text(b.name.clone()),
            Value::Status(status),
            Value::Text(b.reason.clone()),
        ]);
    }
    section.tables.push(table);
    section
}

fn lint(ctx: &Context, source: &Source, args: &LintArgs) -> Result<Outcome> {
    let findings = lint_findings(source, args)?;

    if ctx.settings.format == Format::Table {
        let mut stdout = std::io::stdout().lock();
        for finding in &findings {
            writeln!(stdout, "{}", finding.gcc_line())
                .map_err(|e| Error::usage(format!("cannot write to stdout: {e}")))?;
        }
    } else {
        let mut report = Report::new("migrate lint", "pharmctl migrate lint");
        report.sections.push(findings_section(&findings));
        ctx.emit(&report)?;
    }
    Ok(if findings.is_empty() {
        Outcome::Done
    } else {
        Outcome::GateTripped
    })
}

fn lint_findings(source: &Source, args: &LintArgs) -> Result<Vec<Finding>> {
    if args.files.is_empty() {
        let migrations = migrate::files::load(source)?;
        return Ok(migrations
            .iter()
            .flat_map(|m| migrate::lint::lint(&m.path, &m.text))
            .collect());
    }
    let mut findings = Vec::new();
    for path in &args.files {
        let text = migrate::files::read_file(path)?;
        findings.extend(migrate::lint::lint(&path.display().to_string(), &text));
    }
    Ok(findings)
}

fn findings_section(findings: &[Finding]) -> Section {
    let mut section = Section::new("lint", "Lint findings (squawk)");
    section.fact("findings", "Findings", Value::Int(findings.len() as i64));
    let mut table = Table::new(
        "findings",
        &[
            ("file", "File"),
            ("line", "Line"),
            ("column", "Column"),
            ("rule", "Rule"),
            ("message", "Message"),
            ("help", "Help"),
        ],
    );
    for f in findings {
        table.rows.push(vec![
            Value::Text(f.path.clone()),
            Value::Int(f.line as i64),
            Value::Int(f.column as i64),
            Value::Text(f.rule.clone()),
            Value::Text(f.message.clone()),
            f.help.clone().map_or(Value::Missing("-"), Value::Text),
        ]);
    }
    section.tables.push(table);
    section
}
