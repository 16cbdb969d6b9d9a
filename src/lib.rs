//! pharmctl: a DBA and performance-audit toolkit for the pharmacy scheduling database.

pub mod db;
pub mod error;
pub mod fixtures;

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    0
}
