//! A small stderr logger for pharmctl's own messages: warnings by default, what ran and how
//! long it took with `-v`, the SQL sent with `-vv`, nothing but errors with `-q`.

use std::io::Write;

use log::{Level, LevelFilter, Log, Metadata, Record};

use crate::settings::Verbosity;

struct StderrLogger;

static LOGGER: StderrLogger = StderrLogger;

impl Log for StderrLogger {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target().starts_with("pharmctl") && metadata.level() <= log::max_level()
    }

    fn log(&self, record: &Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let label = match record.level() {
            Level::Error => "error",
            Level::Warn => "warning",
            Level::Info => "info",
            Level::Debug | Level::Trace => "debug",
        };
        let _ = writeln!(std::io::stderr().lock(), "{label}: {}", record.args());
    }

    fn flush(&self) {}
}

/// Installs the logger at the level the verbosity asks for. Safe to call more than once.
pub fn init(verbosity: Verbosity) {
    let level = match verbosity {
        Verbosity::Quiet => LevelFilter::Error,
        Verbosity::Normal => LevelFilter::Warn,
        Verbosity::Verbose => LevelFilter::Info,
        Verbosity::Debug => LevelFilter::Debug,
    };
    let _ = log::set_logger(&LOGGER);
    log::set_max_level(level);
}
