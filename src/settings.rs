//! Resolves flags, `PHARMCTL_*` variables, `pharmctl.toml` and defaults, once, into one
//! [`Settings`] value. Reading the config file is the only I/O done here.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::cli::{ColorChoice, Format, GlobalArgs};
use crate::error::{Error, Result};
use crate::schedule::{Rules, WeeklyLimits};

/// The config file read from the working directory when none is named.
pub const DEFAULT_CONFIG_FILE: &str = "pharmctl.toml";

/// How much to say on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Errors only (`-q`).
    Quiet,
    /// Errors and warnings.
    Normal,
    /// What ran and how long it took (`-v`).
    Verbose,
    /// Also the SQL sent (`-vv`).
    Debug,
}

/// Where the connection string came from, for logs and error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlSource {
    /// `--database-url` or `PHARMCTL_DATABASE_URL`.
    Flag,
    /// `database_url` in the config file.
    ConfigFile,
    /// `DATABASE_URL`.
    Environment,
    /// `--database NAME` or `PHARMCTL_DATABASE`: a `[databases.NAME]` section of the config file.
    Named,
}

/// A database the config file names in a `[databases.NAME]` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedDatabase {
    /// The section's name, shown in reports instead of the connection string.
    pub name: String,
    /// The connection string; it may hold a password and is never printed.
    pub url: String,
}

/// Everything a command needs to know about how it was asked to run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The connection string, if one was given anywhere; `None` means libpq's `PG*` defaults.
    pub database_url: Option<(String, UrlSource)>,
    /// The `[databases.NAME]` that `--database` picked.
    pub database_name: Option<String>,
    /// The output format on stdout.
    pub format: Format,
    /// Whether to colour table output on stdout.
    pub color: bool,
    /// How much to log on stderr.
    pub verbosity: Verbosity,
    /// `statement_timeout` for the queries pharmctl sends.
    pub statement_timeout: Duration,
    /// Overrides the connection string's `connect_timeout`.
    pub connect_timeout: Option<Duration>,
    /// The config file that was read, if any.
    pub config_file: Option<PathBuf>,
    /// The staffing rules `conflicts` checks.
    pub rules: Rules,
    /// `statement_timeout` of each view refresh.
    pub refresh_timeout: Duration,
    /// The `[audit]` section.
    pub audit: AuditSettings,
    /// The `[targets]` section: the goals the audit measures against.
    pub targets: Targets,
    /// The `[bench]` section: how `bench` measures and gates.
    pub bench: BenchSettings,
    /// The `[databases.NAME]` sections, in name order.
    pub databases: Vec<NamedDatabase>,
}

/// How `bench` measures and when its gate trips, from the `[bench]` section; the command's
/// flags override each key.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchSettings {
    /// A suite file to use instead of the built-in one.
    pub suite: Option<PathBuf>,
    /// Measured runs of each query.
    pub runs: u32,
    /// Unmeasured warm-up runs of each query.
    pub warmup: u32,
    /// Time change that counts, in percent of the baseline median.
    pub threshold_pct: f64,
    /// Time change that counts, in milliseconds of the median.
    pub floor_ms: f64,
}

impl Default for BenchSettings {
    fn default() -> Self {
        Self {
            suite: None,
            runs: 15,
            warmup: 3,
            threshold_pct: 20.0,
            floor_ms: 0.5,
        }
    }
}

/// The most measured runs a query may be given.
pub const MAX_BENCH_RUNS: u32 = 10_000;

/// How `audit` judges, from the `[audit]` section of the config file.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditSettings {
    /// Schemas the API exposes; the security checks look at these.
    pub exposed_schemas: Vec<String>,
    /// A statement whose mean time is over this is slow.
    pub slow_query: Duration,
    /// Index usage counters covering less than this give no verdict on unused indexes.
    pub unused_index_window: Duration,
    /// An active query running longer than this is reported.
    pub long_running: Duration,
    /// A session idle in a transaction longer than this is reported.
    pub idle_in_transaction: Duration,
    /// The ignore file, when the config names one.
    pub ignore_file: Option<PathBuf>,
}

impl Default for AuditSettings {
    fn default() -> Self {
        Self {
            exposed_schemas: vec!["public".to_string(), "graphql_public".to_string()],
            slow_query: Duration::from_millis(100),
            unused_index_window: Duration::from_secs(7 * 86_400),
            long_running: Duration::from_secs(300),
            idle_in_transaction: Duration::from_secs(60),
            ignore_file: None,
        }
    }
}

/// The system's own goals, from the `[targets]` section of the config file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Targets {
    /// Every statement's mean time stays under this.
    pub query_mean: Duration,
    /// Client connections stay under this share of the available slots.
    pub connection_usage: f64,
    /// The buffer cache hit ratio stays at or above this.
    pub cache_hit_ratio: f64,
}

impl Default for Targets {
    fn default() -> Self {
        Self {
            query_mean: Duration::from_millis(100),
            connection_usage: 0.8,
            cache_hit_ratio: 0.99,
        }
    }
}

/// The keys `pharmctl.toml` may hold; anything else is rejected by name.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database_url: Option<String>,
    format: Option<Format>,
    color: Option<ColorChoice>,
    statement_timeout: Option<String>,
    connect_timeout: Option<String>,
    #[serde(default)]
    conflicts: ConflictsConfig,
    #[serde(default)]
    refresh: RefreshConfig,
    audit: Option<AuditFileConfig>,
    targets: Option<TargetsFileConfig>,
    bench: Option<BenchFileConfig>,
    databases: Option<BTreeMap<String, NamedDatabaseConfig>>,
}

/// One `[databases.NAME]` section.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NamedDatabaseConfig {
    url: String,
}

/// The `[audit]` keys.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AuditFileConfig {
    exposed_schemas: Option<Vec<String>>,
    slow_query: Option<String>,
    unused_index_window: Option<String>,
    long_running: Option<String>,
    idle_in_transaction: Option<String>,
    ignore_file: Option<PathBuf>,
}

/// The `[targets]` keys.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetsFileConfig {
    query_mean: Option<String>,
    connection_usage: Option<f64>,
    cache_hit_ratio: Option<f64>,
}

/// The `[bench]` keys.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct BenchFileConfig {
    suite: Option<PathBuf>,
    runs: Option<u32>,
    warmup: Option<u32>,
    threshold: Option<f64>,
    floor_ms: Option<f64>,
}

/// `[refresh]`: how long one view's refresh may take.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RefreshConfig {
    timeout: Option<String>,
}

/// `[conflicts]`: the staffing rules.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConflictsConfig {
    min_rest: Option<String>,
    max_weekly_hours: Option<WeeklyHoursConfig>,
    max_technicians_per_pharmacist: Option<u32>,
}

/// `[conflicts.max_weekly_hours]`, by employee type.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct WeeklyHoursConfig {
    full_time: Option<f64>,
    part_time: Option<f64>,
    floater: Option<f64>,
}

impl Settings {
    /// Resolves the global options against the environment and the config file.
    pub fn resolve(args: &GlobalArgs, env: &dyn Fn(&str) -> Option<String>) -> Result<Self> {
        let config_file = config_path(args)?;
        let file = match &config_file {
            Some(path) => read_config(path)?,
            None => FileConfig::default(),
        };

        let databases = named_databases(file.databases, &config_file)?;
        let named = match &args.database {
            Some(name) => Some(select_database(name, args, &databases, &config_file)?),
            None => None,
        };
        let database_url = named
            .map(|url| (url, UrlSource::Named))
            .or_else(|| {
                args.database_url
                    .clone()
                    .filter(|url| !url.is_empty())
                    .map(|url| (url, UrlSource::Flag))
            })
            .or_else(|| {
                file.database_url
                    .clone()
                    .map(|url| (url, UrlSource::ConfigFile))
            })
            .or_else(|| {
                env("DATABASE_URL")
                    .filter(|url| !url.is_empty())
                    .map(|url| (url, UrlSource::Environment))
            });

        let color_choice = args.color.or(file.color).unwrap_or(ColorChoice::Auto);
        let statement_timeout = match &file.statement_timeout {
            Some(text) => parse_duration(text)
                .map_err(|e| config_value_error(&config_file, "statement_timeout", &e))?,
            None => Duration::from_secs(30),
        };
        let connect_timeout = match &file.connect_timeout {
            Some(text) => Some(
                parse_duration(text)
                    .map_err(|e| config_value_error(&config_file, "connect_timeout", &e))?,
            ),
            None => None,
        };

        let rules = rules(&file.conflicts, &config_file)?;
        let refresh_timeout = match &file.refresh.timeout {
            Some(text) => parse_duration(text)
                .map_err(|e| config_value_error(&config_file, "refresh.timeout", &e))?,
            None => Duration::from_secs(600),
        };
        let audit = audit_settings(file.audit.as_ref(), &config_file)?;
        let targets = targets(file.targets.as_ref(), &config_file)?;
        let bench = bench_settings(file.bench.as_ref(), &config_file)?;

        Ok(Self {
            database_url,
            database_name: args.database.clone(),
            format: args.format.or(file.format).unwrap_or(Format::Table),
            color: wants_color(color_choice, env),
            verbosity: verbosity(args),
            statement_timeout,
            connect_timeout,
            config_file,
            rules,
            refresh_timeout,
            audit,
            targets,
            bench,
            databases,
        })
    }
}

/// The `[databases.NAME]` sections, checked: names fit in a report and a flag, URLs are set.
fn named_databases(
    sections: Option<BTreeMap<String, NamedDatabaseConfig>>,
    path: &Option<PathBuf>,
) -> Result<Vec<NamedDatabase>> {
    let mut databases = Vec::new();
    for (name, section) in sections.unwrap_or_default() {
        let fits = !name.is_empty()
            && name.len() <= 63
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !fits {
            return Err(Error::usage(format!(
                "invalid database name `{name}` in config file `{}`",
                file_name(path)
            ))
            .with_help(
                "name each [databases.NAME] section with up to 63 letters, digits, '-', '_' or '.'",
            ));
        }
        if section.url.trim().is_empty() {
            return Err(Error::usage(format!(
                "empty `databases.{name}.url` in config file `{}`",
                file_name(path)
            ))
            .with_help("write a postgres:// URL or a libpq key=value string"));
        }
        databases.push(NamedDatabase {
            name,
            url: section.url,
        });
    }
    Ok(databases)
}

/// The connection string of the database `--database NAME` picks.
fn select_database(
    name: &str,
    args: &GlobalArgs,
    databases: &[NamedDatabase],
    path: &Option<PathBuf>,
) -> Result<String> {
    if args
        .database_url
        .as_deref()
        .is_some_and(|url| !url.is_empty())
    {
        return Err(Error::usage(
            "both --database and --database-url (or PHARMCTL_DATABASE_URL) name a database",
        )
        .with_help("give one of them"));
    }
    if let Some(found) = databases.iter().find(|db| db.name == name) {
        return Ok(found.url.clone());
    }
    let help = if databases.is_empty() {
        "name databases in [databases.NAME] sections of pharmctl.toml, each with a url key"
            .to_string()
    } else {
        let names: Vec<&str> = databases.iter().map(|db| db.name.as_str()).collect();
        format!("the config file names: {}", names.join(", "))
    };
    let file = match path {
        Some(_) => format!("config file `{}`", file_name(path)),
        None => "the config (no config file was read)".to_string(),
    };
    Err(Error::usage(format!("no database named `{name}` in {file}")).with_help(help))
}

/// The staffing rules: the defaults, overridden key by key by `[conflicts]`.
fn rules(config: &ConflictsConfig, path: &Option<PathBuf>) -> Result<Rules> {
    let mut rules = Rules::default();
    if let Some(text) = &config.min_rest {
        rules.min_rest =
            parse_duration(text).map_err(|e| config_value_error(path, "conflicts.min_rest", &e))?;
    }
    if let Some(hours) = &config.max_weekly_hours {
        let defaults = rules.max_weekly_hours;
        rules.max_weekly_hours = WeeklyLimits {
            full_time: hours.full_time.unwrap_or(defaults.full_time),
            part_time: hours.part_time.unwrap_or(defaults.part_time),
            floater: hours.floater.unwrap_or(defaults.floater),
        };
    }
    if let Some(ratio) = config.max_technicians_per_pharmacist {
        rules.max_technicians_per_pharmacist = ratio;
    }
    Ok(rules)
}

/// The `[audit]` section over the defaults; a relative ignore file is read from the config
/// file's folder.
fn audit_settings(file: Option<&AuditFileConfig>, path: &Option<PathBuf>) -> Result<AuditSettings> {
    let mut audit = AuditSettings::default();
    let Some(file) = file else {
        return Ok(audit);
    };
    if let Some(schemas) = &file.exposed_schemas {
        audit.exposed_schemas = schemas.clone();
    }
    let durations = [
        ("audit.slow_query", &file.slow_query, &mut audit.slow_query),
        (
            "audit.unused_index_window",
            &file.unused_index_window,
            &mut audit.unused_index_window,
        ),
        (
            "audit.long_running",
            &file.long_running,
            &mut audit.long_running,
        ),
        (
            "audit.idle_in_transaction",
            &file.idle_in_transaction,
            &mut audit.idle_in_transaction,
        ),
    ];
    for (key, text, slot) in durations {
        if let Some(text) = text {
            *slot = parse_duration(text).map_err(|e| config_value_error(path, key, &e))?;
        }
    }
    audit.ignore_file = file
        .ignore_file
        .as_ref()
        .map(|ignore| relative_to(path, ignore));
    Ok(audit)
}

/// The `[targets]` section over the defaults; ratios must lie between 0 and 1.
fn targets(file: Option<&TargetsFileConfig>, path: &Option<PathBuf>) -> Result<Targets> {
    let mut targets = Targets::default();
    let Some(file) = file else {
        return Ok(targets);
    };
    if let Some(text) = &file.query_mean {
        targets.query_mean =
            parse_duration(text).map_err(|e| config_value_error(path, "targets.query_mean", &e))?;
    }
    let ratios = [
        (
            "targets.connection_usage",
            file.connection_usage,
            &mut targets.connection_usage,
        ),
        (
            "targets.cache_hit_ratio",
            file.cache_hit_ratio,
            &mut targets.cache_hit_ratio,
        ),
    ];
    for (key, value, slot) in ratios {
        let Some(value) = value else { continue };
        if !(0.0..=1.0).contains(&value) {
            return Err(ratio_error(path, key, value));
        }
        *slot = value;
    }
    Ok(targets)
}

/// The `[bench]` section over the defaults; a relative suite path is read from the config
/// file's folder.
fn bench_settings(file: Option<&BenchFileConfig>, path: &Option<PathBuf>) -> Result<BenchSettings> {
    let mut bench = BenchSettings::default();
    let Some(file) = file else {
        return Ok(bench);
    };
    bench.suite = file.suite.as_ref().map(|suite| relative_to(path, suite));
    if let Some(runs) = file.runs {
        if !(1..=MAX_BENCH_RUNS).contains(&runs) {
            return Err(bench_error(
                path,
                "bench.runs",
                &format!("{runs} is not between 1 and {MAX_BENCH_RUNS}"),
                "write a number of measured runs such as 15",
            ));
        }
        bench.runs = runs;
    }
    bench.warmup = file.warmup.unwrap_or(bench.warmup);
    if let Some(threshold) = file.threshold {
        if !(threshold > 0.0 && threshold.is_finite()) {
            return Err(bench_error(
                path,
                "bench.threshold",
                &format!("{threshold} is not a percentage above 0"),
                "write the time change that counts, in percent, such as 20.0",
            ));
        }
        bench.threshold_pct = threshold;
    }
    if let Some(floor) = file.floor_ms {
        if !(floor >= 0.0 && floor.is_finite()) {
            return Err(bench_error(
                path,
                "bench.floor_ms",
                &format!("{floor} is not a number of milliseconds at least 0"),
                "write the smallest time change that counts, such as 0.5",
            ));
        }
        bench.floor_ms = floor;
    }
    Ok(bench)
}

fn bench_error(path: &Option<PathBuf>, key: &str, reason: &str, help: &str) -> Error {
    Error::usage(format!(
        "invalid `{key}` in config file `{}`: {reason}",
        file_name(path)
    ))
    .with_help(help.to_string())
}

/// A path named in the config file, read from the config file's folder when relative.
fn relative_to(config: &Option<PathBuf>, named: &Path) -> PathBuf {
    let base = config
        .as_deref()
        .and_then(Path::parent)
        .unwrap_or(Path::new(""));
    base.join(named)
}

fn file_name(path: &Option<PathBuf>) -> String {
    path.as_deref()
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}

fn ratio_error(path: &Option<PathBuf>, key: &str, value: f64) -> Error {
    Error::usage(format!(
        "invalid `{key}` in config file `{}`: {value} is not a ratio",
        file_name(path)
    ))
    .with_help("write a share between 0 and 1, such as 0.8")
}

fn verbosity(args: &GlobalArgs) -> Verbosity {
    match (args.quiet, args.verbose) {
        (true, _) => Verbosity::Quiet,
        (false, 0) => Verbosity::Normal,
        (false, 1) => Verbosity::Verbose,
        (false, _) => Verbosity::Debug,
    }
}

/// The file named by `--config` (or `PHARMCTL_CONFIG`) must exist; `./pharmctl.toml` is read
/// only when present.
fn config_path(args: &GlobalArgs) -> Result<Option<PathBuf>> {
    if args.no_config {
        return Ok(None);
    }
    if let Some(path) = &args.config {
        return Ok(Some(path.clone()));
    }
    let default = PathBuf::from(DEFAULT_CONFIG_FILE);
    Ok(default.is_file().then_some(default))
}

fn read_config(path: &Path) -> Result<FileConfig> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::usage(format!(
            "cannot read config file `{}`: {}",
            path.display(),
            io_reason(&e)
        ))
        .with_help("pass an existing file with --config, or --no-config to read none")
    })?;
    toml::from_str(&text).map_err(|e| {
        let place = match e.span() {
            Some(span) => {
                let (line, column) = line_and_column(&text, span.start);
                format!("{}:{line}:{column}", path.display())
            }
            None => path.display().to_string(),
        };
        Error::usage(format!(
            "invalid config file {place}: {}",
            first_line(e.message())
        ))
        .with_help(
            "the top-level keys are database_url, format, color, statement_timeout and \
             connect_timeout, with the sections [audit], [targets], [conflicts], [refresh], \
             [bench] and [databases.NAME]; \
             see the README's Configuration section",
        )
    })
}

fn config_value_error(path: &Option<PathBuf>, key: &str, reason: &str) -> Error {
    Error::usage(format!(
        "invalid `{key}` in config file `{}`: {reason}",
        file_name(path)
    ))
    .with_help("write a duration such as \"30s\", \"500ms\" or \"2m\"")
}

/// 1-based line and column of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |tail| tail.chars().count())
        + 1;
    (line, column)
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text).trim()
}

/// The reason of an I/O error, without the OS error number.
pub fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => err.to_string().to_lowercase(),
    }
}

/// `auto` colours only a terminal, and never when `NO_COLOR` is set or `TERM` is `dumb`.
fn wants_color(choice: ColorChoice, env: &dyn Fn(&str) -> Option<String>) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let no_color = env("NO_COLOR").is_some_and(|v| !v.is_empty());
            let dumb = env("TERM").is_some_and(|v| v == "dumb");
            !no_color && !dumb && std::io::stdout().is_terminal()
        }
    }
}

/// Parses `500ms`, `30s`, `2m`, `1h`, `7d` or a bare number of seconds.
pub fn parse_duration(text: &str) -> std::result::Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let Ok(value) = number.parse::<u64>() else {
        return Err(format!("`{text}` is not a duration"));
    };
    let millis = match unit.trim() {
        "ms" => value,
        "" | "s" => value.saturating_mul(1_000),
        "m" | "min" => value.saturating_mul(60_000),
        "h" => value.saturating_mul(3_600_000),
        "d" => value.saturating_mul(86_400_000),
        other => return Err(format!("unknown unit `{other}` in `{text}`")),
    };
    Ok(Duration::from_millis(millis))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_units() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("7"), Ok(Duration::from_secs(7)));
        assert_eq!(parse_duration("7d"), Ok(Duration::from_secs(7 * 86_400)));
        assert!(parse_duration("fast").is_err());
        assert!(parse_duration("3 weeks").is_err());
    }

    #[test]
    fn offsets_map_to_lines_and_columns() {
        let text = "a = 1\nbb = 2\n";
        assert_eq!(line_and_column(text, 0), (1, 1));
        assert_eq!(line_and_column(text, 6), (2, 1));
        assert_eq!(line_and_column(text, 9), (2, 4));
    }

    #[test]
    fn audit_and_targets_sections_resolve_over_defaults() {
        let text = "[audit]\nexposed_schemas = [\"api\"]\nslow_query = \"250ms\"\n\
                    ignore_file = \"ignore.toml\"\n[targets]\nconnection_usage = 0.5\n";
        let file: FileConfig = toml::from_str(text).unwrap();
        let path = Some(PathBuf::from("conf/pharmctl.toml"));
        let audit = audit_settings(file.audit.as_ref(), &path).unwrap();
        assert_eq!(audit.exposed_schemas, ["api"]);
        assert_eq!(audit.slow_query, Duration::from_millis(250));
        assert_eq!(audit.long_running, Duration::from_secs(300));
        assert_eq!(audit.ignore_file, Some(PathBuf::from("conf/ignore.toml")));
        let targets = targets(file.targets.as_ref(), &path).unwrap();
        assert_eq!(targets.connection_usage, 0.5);
        assert_eq!(targets.cache_hit_ratio, 0.99);

        let bad: FileConfig = toml::from_str("[targets]\ncache_hit_ratio = 99\n").unwrap();
        let err = super::targets(bad.targets.as_ref(), &path).unwrap_err();
        assert!(
            err.message().contains("99 is not a ratio"),
            "{}",
            err.message()
        );
        assert!(toml::from_str::<FileConfig>("[audit]\nslow = \"1s\"\n").is_err());
    }

    #[test]
    fn bench_section_resolves_over_defaults_and_checks_its_values() {
        let path = Some(PathBuf::from("ci/pharmctl.toml"));
        let file: FileConfig =
            toml::from_str("[bench]\nsuite = \"suite.toml\"\nruns = 30\nthreshold = 10.0\n")
                .unwrap();
        let bench = bench_settings(file.bench.as_ref(), &path).unwrap();
        assert_eq!(bench.suite, Some(PathBuf::from("ci/suite.toml")));
        assert_eq!((bench.runs, bench.warmup), (30, 3));
        assert_eq!((bench.threshold_pct, bench.floor_ms), (10.0, 0.5));

        for (text, reason) in [
            ("runs = 0", "0 is not between 1 and 10000"),
            ("threshold = -5.0", "-5 is not a percentage above 0"),
            ("floor_ms = -1.0", "-1 is not a number of milliseconds"),
        ] {
            let file: FileConfig = toml::from_str(&format!("[bench]\n{text}\n")).unwrap();
            let err = bench_settings(file.bench.as_ref(), &path).unwrap_err();
            assert!(err.message().contains(reason), "{}", err.message());
        }
        assert!(toml::from_str::<FileConfig>("[bench]\nrun = 3\n").is_err());
    }

    #[test]
    fn unknown_keys_are_rejected_by_name() {
        let err = toml::from_str::<FileConfig>("formt = \"json\"\n").unwrap_err();
        assert!(err.message().contains("formt"), "{}", err.message());
    }
}
