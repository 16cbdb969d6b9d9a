//! The integration tests: the real `pharmctl` binary against a real PostgreSQL.

mod audit;
mod completions;
mod connect;
mod demo;
mod fixtures;
mod settings;
mod stats;
mod support;
