//! Resolves flags, `PHARMCTL_*` variables, `pharmctl.toml` and defaults, once, into one
//! [`Settings`] value. Reading the config file is the only I/O done here.

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
}

/// Everything a command needs to know about how it was asked to run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The connection string, if one was given anywhere; `None` means libpq's `PG*` defaults.
    pub database_url: Option<(String, UrlSource)>,
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

        let database_url = args
            .database_url
            .clone()
            .filter(|url| !url.is_empty())
            .map(|url| (url, UrlSource::Flag))
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

        Ok(Self {
            database_url,
            format: args.format.or(file.format).unwrap_or(Format::Table),
            color: wants_color(color_choice, env),
            verbosity: verbosity(args),
            statement_timeout,
            connect_timeout,
            config_file,
            rules,
            refresh_timeout,
        })
    }
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
             connect_timeout, and the [conflicts] and [refresh] sections; see the README's Configuration section",
        )
    })
}

fn config_value_error(path: &Option<PathBuf>, key: &str, reason: &str) -> Error {
    let file = path
        .as_deref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    Error::usage(format!("invalid `{key}` in config file `{file}`: {reason}"))
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

/// Parses `500ms`, `30s`, `2m`, `1h` or a bare number of seconds.
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
    fn unknown_keys_are_rejected_by_name() {
        let err = toml::from_str::<FileConfig>("formt = \"json\"\n").unwrap_err();
        assert!(err.message().contains("formt"), "{}", err.message());
    }
}
