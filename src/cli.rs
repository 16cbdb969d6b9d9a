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

    /// Show data volumes, cache hit ratio and connections
    Stats(StatsArgs),

    /// Create the base schema and load production-shaped data
    #[command(subcommand)]
    Fixtures(FixturesCommand),

    /// Start a throwaway PostgreSQL, load fixtures and report on it
    Demo(DemoArgs),

    /// Print a shell completion script
    Completions(CompletionsArgs),
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

/// Arguments of `demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub scale: ScaleArgs,

    /// Keep the server running after the report, until Ctrl-C, and print its URL
    #[arg(long)]
    pub keep: bool,
}

/// Arguments of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to generate a script for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}
