//! Baselines: the environment a measurement ran in (server version, the settings that change
//! plans, a fingerprint of the data), saving a measurement as JSON, reading it back, and
//! deciding whether a baseline may be compared with a new measurement at all.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};
use tokio_postgres::Client;

use crate::error::{Error, Result, describe_pg};

use super::runner::{Measurement, qualified};

/// Version of the baseline file layout.
pub const BASELINE_VERSION: u32 = 1;

/// A table a suite reads: its name, exact row count and size in pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableFacts {
    /// Schema.
    pub schema: String,
    /// Name.
    pub name: String,
    /// Exact row count when measured.
    pub rows: i64,
    /// Size in 8 kB pages (`relpages`); not part of the fingerprint.
    pub pages: i64,
}

impl TableFacts {
    /// The quoted, schema-qualified name.
    pub fn quoted(&self) -> String {
        qualified(&self.schema, &self.name)
    }
}

/// Where a measurement ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Environment {
    /// `server_version`.
    pub server_version: String,
    /// `server_version_num`.
    pub server_version_num: i32,
    /// Settings that change plans.
    pub settings: BTreeMap<String, String>,
    /// The tables the suite reads.
    pub tables: Vec<TableFacts>,
    /// Hash of the table names and row counts.
    pub fingerprint: String,
}

/// The tables named in `relations`, with exact row counts.
pub async fn tables(client: &Client, relations: &BTreeSet<String>) -> Result<Vec<TableFacts>> {
    let names: Vec<&str> = relations.iter().map(String::as_str).collect();
    let rows = client
        .query(include_str!("../../sql/bench/tables.sql"), &[&names])
        .await
        .map_err(|e| failed("reading table sizes", &e))?;

    let mut tables = Vec::with_capacity(rows.len());
    for row in rows {
        let mut table = TableFacts {
            schema: row.get(0),
            name: row.get(1),
            rows: 0,
            pages: row.get(2),
        };
        let sql = format!("SELECT count(*) FROM {}", table.quoted());
        let count = client
            .query_one(&sql, &[])
            .await
            .map_err(|e| failed(&format!("counting rows of {}", table.name), &e))?;
        table.rows = count.get(0);
        tables.push(table);
    }
    Ok(tables)
}

/// Server version, plan settings and the data fingerprint of `tables`.
pub async fn environment(client: &Client, tables: &[TableFacts]) -> Result<Environment> {
    let server = client
        .query_one(include_str!("../../sql/bench/server.sql"), &[])
        .await
        .map_err(|e| failed("reading the server version", &e))?;
    let settings = client
        .query(include_str!("../../sql/bench/settings.sql"), &[])
        .await
        .map_err(|e| failed("reading planner settings", &e))?
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    Ok(Environment {
        server_version: server.get(0),
        server_version_num: server.get(1),
        settings,
        fingerprint: fingerprint(tables),
        tables: tables.to_vec(),
    })
}

fn failed(what: &str, e: &tokio_postgres::Error) -> Error {
    Error::database(format!("{what} failed: {}", describe_pg(e)))
}

/// Hash of table names and row counts.
pub fn fingerprint(tables: &[TableFacts]) -> String {
    let text: Vec<String> = tables
        .iter()
        .map(|t| format!("{}.{}={}", t.schema, t.name, t.rows))
        .collect();
    format!("{:016x}", fnv1a(text.join(";").as_bytes()))
}

/// 64-bit FNV-1a, a stable hash for fingerprints.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The baseline file: a measurement with a layout version.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    format_version: u32,
    tool: String,
    created_at: String,
    #[serde(flatten)]
    measurement: Measurement,
}

/// Writes `measurement` to `path` as JSON.
pub fn save(measurement: &Measurement, path: &Path) -> Result<()> {
    let file = BaselineFile {
        format_version: BASELINE_VERSION,
        tool: format!("pharmctl {}", env!("CARGO_PKG_VERSION")),
        created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        measurement: measurement.clone(),
    };
    let text = serde_json::to_string_pretty(&file)
        .map_err(|e| Error::usage(format!("cannot encode the baseline: {e}")))?;
    std::fs::write(path, text + "\n").map_err(|e| {
        Error::usage(format!("cannot write baseline {}: {e}", path.display()))
            .with_help("check that the folder exists and is writable")
    })
}

/// Reads a baseline written by [`save`].
pub fn load(path: &Path) -> Result<Measurement> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::usage(format!("cannot read baseline {shown}: {e}"))
            .with_help("record one with `pharmctl bench run --save FILE`")
    })?;
    parse(&text, &shown)
}

/// Parses baseline JSON; `origin` names the file in errors.
pub fn parse(text: &str, origin: &str) -> Result<Measurement> {
    let malformed = |why: String| {
        Error::usage(format!("malformed baseline {origin}: {why}"))
            .with_help("record a new one with `pharmctl bench run --save FILE`")
    };
    let file: BaselineFile = serde_json::from_str(text).map_err(|e| malformed(e.to_string()))?;
    if file.format_version != BASELINE_VERSION {
        return Err(malformed(format!(
            "format_version {} (this pharmctl reads {BASELINE_VERSION})",
            file.format_version
        )));
    }
    if let Some(q) = file
        .measurement
        .queries
        .iter()
        .find(|q| q.samples.is_empty())
    {
        return Err(malformed(format!("query `{}` has no samples", q.name)));
    }
    Ok(file.measurement)
}

/// Why a baseline cannot be compared with a measurement, or `None` when it can.
pub fn incompatibility(baseline: &Environment, current: &Environment) -> Option<String> {
    let (was, now) = (baseline.server_version_num, current.server_version_num);
    if was / 10_000 != now / 10_000 {
        return Some(format!(
            "server version was {}, now {}",
            baseline.server_version, current.server_version
        ));
    }
    let names: BTreeSet<&String> = baseline
        .settings
        .keys()
        .chain(current.settings.keys())
        .collect();
    for name in names {
        let before = baseline.settings.get(name).map_or("unset", String::as_str);
        let after = current.settings.get(name).map_or("unset", String::as_str);
        if before != after {
            return Some(format!("setting {name} was {before}, now {after}"));
        }
    }
    if baseline.fingerprint != current.fingerprint {
        return Some(data_change(baseline, current));
    }
    None
}

fn data_change(baseline: &Environment, current: &Environment) -> String {
    let changed = baseline.tables.iter().find_map(|old| {
        let new = current
            .tables
            .iter()
            .find(|t| t.schema == old.schema && t.name == old.name);
        match new {
            Some(new) if new.rows != old.rows => Some(format!(
                "table {}.{} had {} rows, now {}",
                old.schema, old.name, old.rows, new.rows
            )),
            None => Some(format!(
                "table {}.{} is no longer read",
                old.schema, old.name
            )),
            Some(_) => None,
        }
    });
    changed.unwrap_or_else(|| "the data fingerprint differs (other tables are read)".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::runner::{QueryResult, Sample, Shape};

    fn environment() -> Environment {
        let tables = vec![TableFacts {
            schema: "public".into(),
            name: "store_schedules".into(),
            rows: 9793,
            pages: 121,
        }];
        Environment {
            server_version: "15.8".into(),
            server_version_num: 150_008,
            settings: BTreeMap::from([("work_mem".to_string(), "4096".to_string())]),
            fingerprint: fingerprint(&tables),
            tables,
        }
    }

    fn measurement() -> Measurement {
        let sample = Sample {
            execution_ms: 1.0,
            planning_ms: 0.1,
            buffers: 10,
            temp_blocks: 0,
            rows: 3,
        };
        Measurement {
            suite: "default".into(),
            environment: environment(),
            queries: vec![QueryResult {
                name: "q".into(),
                tags: vec![],
                text_hash: "0".into(),
                shape: Shape::default(),
                samples: vec![sample; 3],
            }],
            skipped: Vec::new(),
        }
    }

    #[test]
    fn a_saved_baseline_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("base.json");
        save(&measurement(), &path).unwrap();
        let read = load(&path).unwrap();
        assert_eq!(read.environment, environment());
        assert_eq!(read.queries[0].samples.len(), 3);
    }

    #[test]
    fn malformed_baselines_are_usage_errors() {
        let good = serde_json::to_value(BaselineFile {
            format_version: 1,
            tool: "t".into(),
            created_at: "now".into(),
            measurement: measurement(),
        })
        .unwrap();
        let mut future = good.clone();
        future["format_version"] = 9.into();
        let mut empty = good.clone();
        empty["queries"][0]["samples"] = serde_json::json!([]);
        for text in ["{", "[]", &future.to_string(), &empty.to_string()] {
            let err = parse(text, "b.json").unwrap_err();
            assert_eq!(err.exit_code(), 2);
            assert!(
                err.message().starts_with("malformed baseline b.json"),
                "{err}"
            );
        }
        assert!(parse(&good.to_string(), "b.json").is_ok());
    }

    #[test]
    fn a_changed_environment_is_incompatible() {
        let base = environment();
        assert_eq!(incompatibility(&base, &base), None);

        let mut upgraded = base.clone();
        upgraded.server_version_num = 160_002;
        assert!(
            incompatibility(&base, &upgraded)
                .unwrap()
                .contains("server version")
        );

        let mut minor = base.clone();
        minor.server_version_num = 150_010;
        assert_eq!(incompatibility(&base, &minor), None);

        let mut tuned = base.clone();
        tuned.settings.insert("work_mem".into(), "65536".into());
        assert!(
            incompatibility(&base, &tuned)
                .unwrap()
                .contains("work_mem was 4096")
        );

        let mut grown = base.clone();
        grown.tables[0].rows = 97_930;
        grown.fingerprint = fingerprint(&grown.tables);
        let why = incompatibility(&base, &grown).unwrap();
        assert!(why.contains("had 9793 rows, now 97930"), "{why}");
    }
}
