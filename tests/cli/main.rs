//! The integration tests: the real `pharmctl` binary against a real PostgreSQL.

mod audit;
mod bench;
mod completions;
mod conflicts;
mod connect;
mod demo;
mod doctor;
mod fixtures;
mod migrate;
mod refresh;
mod settings;
mod stats;
mod support;
