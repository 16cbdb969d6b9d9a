//! Typed report values and verdicts, and how each reads as text.

use std::fmt::Write as _;

/// How serious a verdict is. Ordered from harmless to serious.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Nothing to do.
    Ok,
    /// Worth knowing.
    Info,
    /// Should be looked at.
    Warn,
    /// Must be fixed.
    Error,
}

impl Level {
    /// The lowercase name used in JSON and markdown.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Ok => "ok",
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
        }
    }
}

/// A verdict: a level and a short text such as `ok` or `12% dead tuples`.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    /// How serious.
    pub level: Level,
    /// What to show.
    pub text: String,
}

impl Status {
    /// A verdict of `level` reading `text`.
    pub fn new(level: Level, text: impl Into<String>) -> Self {
        Self {
            level,
            text: text.into(),
        }
    }
}

/// A value in a report cell or fact.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Free text.
    Text(String),
    /// A count or other integer.
    Int(i64),
    /// A row count that may be an estimate from the planner's statistics.
    Count { value: i64, exact: bool },
    /// A size in bytes.
    Bytes(i64),
    /// A ratio between 0 and 1, shown as a percentage.
    Ratio(f64),
    /// A duration in milliseconds.
    Millis(f64),
    /// A verdict.
    Status(Status),
    /// No value, with the reason shown in its place (`n/a`, `no reads yet`).
    Missing(&'static str),
}

impl Value {
    /// Text for terminals and markdown.
    pub fn display(&self) -> String {
        match self {
            Value::Text(text) => text.clone(),
            Value::Int(n) => group_thousands(*n),
            Value::Count { value, exact: true } => group_thousands(*value),
            Value::Count {
                value,
                exact: false,
            } => format!("~{}", group_thousands(*value)),
            Value::Bytes(n) => human_bytes(*n),
            Value::Ratio(r) => format!("{:.1}%", r * 100.0),
            Value::Millis(ms) if *ms < 10.0 => format!("{ms:.3} ms"),
            Value::Millis(ms) if *ms < 1_000.0 => format!("{ms:.1} ms"),
            Value::Millis(ms) => format!("{:.2} s", ms / 1000.0),
            Value::Status(status) => status.text.clone(),
            Value::Missing(reason) => (*reason).to_string(),
        }
    }

    /// Whether the value reads better right-aligned.
    pub fn is_numeric(&self) -> bool {
        matches!(
            self,
            Value::Int(_)
                | Value::Count { .. }
                | Value::Bytes(_)
                | Value::Ratio(_)
                | Value::Millis(_)
        )
    }
}

/// `1234567` as `1,234,567`.
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A size in binary units, as a DBA reads it: `0 bytes`, `16 KB`, `1.4 MB`.
pub fn human_bytes(bytes: i64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value.abs() >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    let mut out = String::new();
    if unit == 0 || value.abs() >= 10.0 {
        let _ = write!(out, "{value:.0} {}", UNITS[unit]);
    } else {
        let _ = write!(out, "{value:.1} {}", UNITS[unit]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_the_audit() {
        assert_eq!(human_bytes(0), "0 bytes");
        assert_eq!(human_bytes(16 * 1024), "16 KB");
        assert_eq!(human_bytes(648 * 1024), "648 KB");
        assert_eq!(human_bytes(1_468_006), "1.4 MB");
        assert_eq!(human_bytes(3 * 1024 * 1024 * 1024), "3.0 GB");
    }

    #[test]
    fn counts_group_thousands() {
        assert_eq!(Value::Int(9793).display(), "9,793");
        assert_eq!(Value::Int(97).display(), "97");
        assert_eq!(Value::Int(-1_234_567).display(), "-1,234,567");
        assert_eq!(
            Value::Count {
                value: 1_000_000,
                exact: false
            }
            .display(),
            "~1,000,000"
        );
    }

    #[test]
    fn ratios_are_percentages() {
        assert_eq!(Value::Ratio(0.9912).display(), "99.1%");
    }

    #[test]
    fn durations_switch_to_seconds_from_one_second() {
        assert_eq!(Value::Millis(0.0904).display(), "0.090 ms");
        assert_eq!(Value::Millis(83.25).display(), "83.2 ms");
        assert_eq!(Value::Millis(999.9).display(), "999.9 ms");
        assert_eq!(Value::Millis(4960.4).display(), "4.96 s");
    }
}
