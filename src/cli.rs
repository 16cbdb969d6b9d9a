//! The command-line grammar: clap types only, no I/O. `settings` turns these into one resolved
//! value; `commands` acts on it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Exit codes, documented once and shown in `--help`.
const EXIT_CODES: &str = "\
Exit codes:
  0  done, no gate tripped
  1  a gate tripped (findings at --fail-on, a regression, conflicts)
  2  bad usage or bad input (flags, configuration, files)
  3  the database could not be reached or a query failed";

/// DBA and performance-audit toolkit for the pharmacy scheduling PostgreSQL database.
#[derive(Debug, Parser)]
#[command(name = "pharmctl", version, after_help = EXIT_CODES, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Options every command accepts.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Database to connect to: a postgres:// URL or a libpq key=value string
    ///
    /// Falls back to PHARMCTL_DATABASE_URL, the config file, DATABASE_URL, then libpq's PG*
    /// variables and ~/.pgpass, as psql does.
    #[arg(
        long,
        global = true,
        value_name = "URL",
        env = "PHARMCTL_DATABASE_URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,

    /// Connect to the database a [databases.NAME] section of the config file names
    #[arg(long, global = true, value_name = "NAME", env = "PHARMCTL_DATABASE")]
    pub database: Option<String>,

    /// Read settings from this file instead of ./pharmctl.toml
    #[arg(long, global = true, value_name = "FILE", env = "PHARMCTL_CONFIG")]
    pub config: Option<PathBuf>,

    /// Do not read any config file
    #[arg(long, global = true, conflicts_with = "config")]
    pub no_config: bool,

    /// Output format of the result on stdout
    #[arg(long, global = true, value_enum, env = "PHARMCTL_FORMAT")]
    pub format: Option<Format>,

    /// When to colour terminal output (NO_COLOR is honoured)
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        env = "PHARMCTL_COLOR"
    )]
    pub color: Option<ColorChoice>,

    /// Log what ran and how long it took; twice also logs the SQL sent
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Print nothing on stderr but errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
}

/// Output formats of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Tables for a terminal
    Table,
    /// GitHub-flavoured markdown
    Markdown,
    /// JSON with a format_version field
    Json,
    /// Comma-separated values: the report's tables only
    Csv,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is unset
    Auto,
    /// Always colour table output
    Always,
    /// Never colour
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run every health, performance and security check and print one report
    Audit(AuditArgs),

    /// Show data volumes, index usage, cache hit ratio, connections and the top statements
    Stats(StatsArgs),

    /// Create the base schema and load production-shaped data
    #[command(subcommand)]
    Fixtures(FixturesCommand),

    /// Apply, check and lint versioned SQL migrations
    Migrate(MigrateArgs),

    /// Measure a query suite, compare it with a baseline, or measure around migrations
    #[command(subcommand)]
    Bench(BenchCommand),

    /// Start a throwaway PostgreSQL, load fixtures and report on it
    Demo(DemoArgs),

    /// Find overlapping shifts and staffing-rule breaches
    Conflicts(ConflictsArgs),

    /// Check the connection, server settings, privileges, a pooler and a Supabase .env file
    Doctor(DoctorArgs),

    /// Refresh the analytics views, one run at a time (for cron)
    Refresh(RefreshArgs),

    /// Summarise one employee's or one store's schedule over a date range
    #[command(subcommand)]
    Summary(SummaryCommand),

    /// Print a shell completion script
    Completions(CompletionsArgs),
}

/// Arguments of `refresh`.
#[derive(Debug, Args)]
pub struct RefreshArgs {
    /// Refresh only this view (`name` or `schema.name`)
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,

    /// Skip views that pharmctl refreshed more recently than this (e.g. 30m, 1h)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration_arg)]
    pub if_older_than: Option<std::time::Duration>,

    /// Wait for a refresh already running instead of skipping
    #[arg(long)]
    pub wait: bool,
}

/// Subcommands of `summary`.
#[derive(Debug, Subcommand)]
pub enum SummaryCommand {
    /// Shifts, hours and stores of one employee
    Employee(EmployeeSummaryArgs),
    /// Shifts, hours and headcount per day and role at one store
    Store(StoreSummaryArgs),
}

/// A date range, shared by the summaries.
#[derive(Debug, Args)]
pub struct DateRangeArgs {
    /// First date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub from: Option<chrono::NaiveDate>,

    /// Last date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub to: Option<chrono::NaiveDate>,
}

/// Arguments of `summary employee`.
#[derive(Debug, Args)]
pub struct EmployeeSummaryArgs {
    /// The employee id (e.g. E000001)
    pub employee_id: String,

    #[command(flatten)]
    pub range: DateRangeArgs,
}

/// Arguments of `summary store`.
#[derive(Debug, Args)]
pub struct StoreSummaryArgs {
    /// The store number
    pub store_number: i32,

    #[command(flatten)]
    pub range: DateRangeArgs,
}

fn parse_duration_arg(text: &str) -> Result<std::time::Duration, String> {
    crate::settings::parse_duration(text)
}

/// Arguments of `conflicts`.
#[derive(Debug, Args)]
pub struct ConflictsArgs {
    /// First shift date to report (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub from: Option<chrono::NaiveDate>,

    /// Last shift date to report (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub to: Option<chrono::NaiveDate>,

    /// Only conflicts involving this store number
    #[arg(long, value_name = "N")]
    pub store: Option<i32>,

    /// Only conflicts involving this employee id
    #[arg(long, value_name = "ID")]
    pub employee: Option<String>,

    /// Exit with code 1 when any conflict is found
    #[arg(long)]
    pub fail_on_conflict: bool,

    /// Judge the rules inside the database with one SQL statement (through
    /// detect_schedule_conflicts when it is installed) instead of streaming shifts
    #[arg(long)]
    pub in_database: bool,
}

/// Arguments of `stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Only report tables in this schema (repeatable; default: every user schema)
    #[arg(long, value_name = "NAME")]
    pub schema: Vec<String>,
}

/// Arguments of `audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Run only these checks (ids from --list-checks; repeatable or comma-separated)
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub only: Vec<String>,

    /// Leave these checks out (repeatable or comma-separated)
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub skip: Vec<String>,

    /// Exit with code 1 when a finding at this level or above remains
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = FailOn::Never)]
    pub fail_on: FailOn,

    /// Findings to ignore: a TOML file of check id, object, reason and expiry date
    #[arg(long, value_name = "FILE")]
    pub ignore_file: Option<PathBuf>,

    /// Print the checks (id, level, category, what) and exit without connecting
    #[arg(long)]
    pub list_checks: bool,

    /// Audit every database the config file names in [databases.NAME] sections, four at a
    /// time: one report each, then a summary
    #[arg(long)]
    pub all_databases: bool,
}

/// The finding level at which `audit` exits with code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Any finding
    Info,
    /// Warnings and errors
    Warn,
    /// Errors only
    Error,
    /// Never exit 1 for findings
    Never,
}

/// Subcommands of `fixtures`.
#[derive(Debug, Subcommand)]
pub enum FixturesCommand {
    /// Create the schema and load the data in one transaction
    Load(LoadArgs),
}

/// How much data to generate, shared by `fixtures load` and `demo`.
#[derive(Debug, Args)]
pub struct ScaleArgs {
    /// Multiply stores, employees and shifts by N (1 = 97 stores, 1,027 employees, 9,793 shifts)
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub scale: u32,

    /// Seed of the deterministic generator
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
}

/// Arguments of `fixtures load`.
#[derive(Debug, Args)]
pub struct LoadArgs {
    #[command(flatten)]
    pub scale: ScaleArgs,

    /// Delete the rows already in the nine tables and load again
    #[arg(long)]
    pub replace: bool,
}

/// Arguments of `migrate`.
#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// Read NNNN_name.sql files from this folder instead of the set built into pharmctl
    #[arg(long, global = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: MigrateCommand,
}

/// Subcommands of `migrate`.
#[derive(Debug, Subcommand)]
pub enum MigrateCommand {
    /// Show applied, pending, failed and drifted migrations
    Status,
    /// Show what `up` would run: files, transaction mode, locks, lint findings
    Plan(PlanArgs),
    /// Apply the pending migrations in order, one runner at a time
    Up(UpArgs),
    /// Exit 1 when an applied migration was edited afterwards
    Verify,
    /// Record pending migrations whose objects already exist, without running them
    Baseline(BaselineArgs),
    /// Check migration files with squawk's rules; exit 1 on findings
    Lint(LintArgs),
}

/// Arguments of `migrate plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Consider migrations up to this version only
    #[arg(long, value_name = "N")]
    pub to: Option<i32>,
}

/// Arguments of `migrate up`.
#[derive(Debug, Args)]
pub struct UpArgs {
    /// Apply migrations up to this version only
    #[arg(long, value_name = "N")]
    pub to: Option<i32>,

    /// Print the plan and apply nothing
    #[arg(long)]
    pub dry_run: bool,

    /// How long to wait for another runner's lock before giving up (exit 3)
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = crate::settings::parse_duration)]
    pub lock_wait: std::time::Duration,

    /// lock_timeout of each try of a transactional migration
    #[arg(long, value_name = "DURATION", default_value = "2s", value_parser = crate::settings::parse_duration)]
    pub lock_timeout: std::time::Duration,

    /// lock_timeout of no-transaction files (concurrent index builds block no reads or writes)
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = crate::settings::parse_duration)]
    pub index_lock_timeout: std::time::Duration,

    /// Tries after the first when lock_timeout fires, with backoff from 0.5 s to 10 s
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub retries: u32,
}

/// Arguments of `migrate baseline`.
#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// Also record files other than index builds, up to this version (you vouch for them)
    #[arg(long, value_name = "N")]
    pub to: Option<i32>,

    /// How long to wait for another runner's lock
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = crate::settings::parse_duration)]
    pub lock_wait: std::time::Duration,
}

/// Arguments of `migrate lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Files to lint (default: the migration set, or --dir)
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// Subcommands of `bench`.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Measure the suite: median, p95 and spread per query; --save writes a baseline
    Run(BenchRunArgs),
    /// Compare with a baseline; --gate exits 1 on a confirmed regression
    Compare(BenchCompareArgs),
    /// Measure, apply the pending migrations, measure again, and show the change
    BeforeAfter(BeforeAfterArgs),
}

/// How to measure, shared by the `bench` subcommands.
#[derive(Debug, Args)]
pub struct MeasureArgs {
    /// Read the query suite from this TOML file instead of the built-in one [config: bench.suite]
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub suite: Option<PathBuf>,

    /// Measured runs of each query [default: 15; config: bench.runs]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10000))]
    pub runs: Option<u32>,

    /// Unmeasured warm-up runs of each query first [default: 3; config: bench.warmup]
    #[arg(long, value_name = "N")]
    pub warmup: Option<u32>,
}

/// Arguments of `bench run`.
#[derive(Debug, Args)]
pub struct BenchRunArgs {
    #[command(flatten)]
    pub measure: MeasureArgs,

    /// Save the measurement as a baseline JSON file
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub save: Option<PathBuf>,
}

/// Arguments of `bench compare`.
#[derive(Debug, Args)]
pub struct BenchCompareArgs {
    #[command(flatten)]
    pub measure: MeasureArgs,

    /// The baseline written by `bench run --save`
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub baseline: PathBuf,

    /// Exit 1 when a regression is confirmed by a rerun
    #[arg(long)]
    pub gate: bool,

    /// Time change that counts, in percent of the baseline median [default: 20; config:
    /// bench.threshold]
    #[arg(long, value_name = "PCT")]
    pub threshold: Option<f64>,

    /// Time change that counts, in milliseconds of the median [default: 0.5; config:
    /// bench.floor_ms]
    #[arg(long, value_name = "MS")]
    pub floor_ms: Option<f64>,
}

/// Arguments of `bench before-after`.
#[derive(Debug, Args)]
pub struct BeforeAfterArgs {
    #[command(flatten)]
    pub measure: MeasureArgs,

    /// Build the migrations inside a transaction, measure, and roll it all back
    #[arg(long)]
    pub what_if: bool,

    /// Apply the pending NNNN_name.sql files of this folder instead of the built-in set
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub dir: Option<PathBuf>,

    /// Write an SVG chart of the before and after times to this file
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub chart: Option<PathBuf>,
}

/// Arguments of `demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub scale: ScaleArgs,

    /// Keep the server running after the report, until Ctrl-C, and print its URL
    #[arg(long)]
    pub keep: bool,
}

/// Arguments of `doctor`.
#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Check a Supabase self-hosting .env file: JWT secret and API keys, vault key, pooler ports
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub env_file: Option<PathBuf>,

    /// Also connect through this pooler (a postgres:// URL) and report its pool mode and usage
    #[arg(long, value_name = "URL")]
    pub pooler_url: Option<String>,
}

/// Arguments of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to generate a script for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}
