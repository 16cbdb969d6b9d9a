//! The one error type every command returns, and the mapping from errors to exit codes.
//!
//! An error is a short lowercase phrase naming the object that failed, an optional `help:`
//! line, and a kind that decides the exit code. Only `main` prints errors.

use std::fmt;

/// What went wrong, in the terms of the exit-code contract (DESIGN section 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad usage or bad input: flags, configuration, files. Exit code 2.
    Usage,
    /// The database (or the throwaway server) could not be reached, or a query failed. Exit 3.
    Database,
}

/// A failure with a one-line message and an optional remedy.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    help: Option<String>,
}

/// Result alias used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A usage or input error (exit code 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Usage,
            message: message.into(),
            help: None,
        }
    }

    /// A database or server error (exit code 3).
    pub fn database(message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Database,
            message: message.into(),
            help: None,
        }
    }

    /// Attaches the remedy printed on the `help:` line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same error with `prefix: ` before its message, for the object it concerns.
    pub fn prefixed(mut self, prefix: &str) -> Self {
        self.message = format!("{prefix}: {}", self.message);
        self
    }

    /// The kind, which decides the exit code.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The one-line message, without the `error:` prefix.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The remedy, if any.
    pub fn help(&self) -> Option<&str> {
        self.help.as_deref()
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            ErrorKind::Usage => 2,
            ErrorKind::Database => 3,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Flattens a driver error into one line: PostgreSQL's own message when the server sent one,
/// else the driver's description with its causes.
pub fn describe_pg(err: &tokio_postgres::Error) -> String {
    if let Some(db) = err.as_db_error() {
        return db.message().to_string();
    }
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
