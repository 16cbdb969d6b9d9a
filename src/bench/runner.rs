//! The EXPLAIN runner: prepares each query of a suite, binds its parameters, analyzes the
//! tables its plans read, runs warm-ups, then measured rounds with the queries interleaved,
//! each run an `EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, FORMAT JSON)`. A writing statement runs
//! inside a transaction (or savepoint) that is rolled back.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::{Client, Statement};

use crate::db::ident::quote_ident;
use crate::error::{Error, Result, describe_pg};

use super::baseline::{self, Environment};
use super::suite::{Query, Suite};

/// One measured run of one query.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    /// Execution time reported by the server, in milliseconds.
    pub execution_ms: f64,
    /// Planning time, in milliseconds.
    pub planning_ms: f64,
    /// Shared buffers hit plus read by the whole plan.
    pub buffers: i64,
    /// Temporary blocks read plus written.
    pub temp_blocks: i64,
    /// Rows returned (or changed) by the plan's top node.
    pub rows: i64,
}

/// A scan node of a plan: what it read and through which index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Scan {
    /// `Seq Scan`, `Index Scan`, `Bitmap Heap Scan`, ...
    pub node: String,
    /// The relation's name.
    pub relation: String,
    /// The index used, if any.
    pub index: Option<String>,
}

/// The shape of a plan: node types in order, and its scans. Costs and row counts are left
/// out, so the same plan always has the same shape.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shape {
    /// Node types, depth first.
    pub nodes: Vec<String>,
    /// Scan nodes, depth first.
    pub scans: Vec<Scan>,
}

/// Every measured run of one query.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QueryResult {
    /// The query's name.
    pub name: String,
    /// Its tags.
    pub tags: Vec<String>,
    /// A hash of its SQL and parameters, so an edited query is not compared with its old self.
    pub text_hash: String,
    /// The plan's shape (from the last run).
    pub shape: Shape,
    /// The measured runs.
    pub samples: Vec<Sample>,
}

impl QueryResult {
    /// Whether the query is tagged `control`.
    pub fn is_control(&self) -> bool {
        self.tags.iter().any(|t| t == "control")
    }

    /// Execution times of the runs.
    pub fn times(&self) -> Vec<f64> {
        self.samples.iter().map(|s| s.execution_ms).collect()
    }
}

/// A whole suite measured once, with the environment it ran in.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Measurement {
    /// The suite's name.
    pub suite: String,
    /// Server, settings and data fingerprint.
    pub environment: Environment,
    /// One result per query, in suite order.
    pub queries: Vec<QueryResult>,
    /// Queries of the suite left out of this measurement, with why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
}

/// A query of the suite that was not measured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// The query's name.
    pub name: String,
    /// Why, as a phrase (`it writes, and the server is a read-only standby`).
    pub reason: String,
}

/// How to measure.
#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    /// Unmeasured runs of each query first.
    pub warmup: u32,
    /// Measured runs of each query.
    pub runs: u32,
    /// The session is already inside a transaction (`before-after --what-if`): writing
    /// statements use a savepoint instead of their own transaction.
    pub in_transaction: bool,
}

impl RunOptions {
    /// How many EXPLAIN runs `measure` makes for `queries` queries, for progress bars.
    pub fn total_runs(&self, queries: usize) -> u64 {
        u64::from(self.warmup.max(1) + self.runs) * queries as u64
    }
}

struct Prepared<'a> {
    query: &'a Query,
    statement: Statement,
    params: Vec<Box<dyn ToSql + Sync + Send>>,
}

/// Measures `suite` on `client`; `step` is called after every run.
pub async fn measure(
    client: &Client,
    suite: &Suite,
    options: &RunOptions,
    step: &dyn Fn(),
) -> Result<Measurement> {
    // A hot standby serves reads only: writing statements cannot run even to be rolled back,
    // and its planner statistics come from the primary, so nothing is analyzed there.
    let standby = in_recovery(client).await?;
    let mut prepared = Vec::with_capacity(suite.queries.len());
    let mut skipped = Vec::new();
    for query in &suite.queries {
        if standby && query.writes {
            log::warn!(
                "bench query `{}` writes; skipped on a read-only standby",
                query.name
            );
            skipped.push(Skipped {
                name: query.name.clone(),
                reason: "it writes, and the server is a read-only standby".to_string(),
            });
            continue;
        }
        prepared.push(prepare(client, query).await?);
    }

    let mut relations = BTreeSet::new();
    for one in &prepared {
        let (_, shape) = explain(client, one, options.in_transaction).await?;
        relations.extend(shape.scans.into_iter().map(|s| s.relation));
        step();
    }
    let tables = baseline::tables(client, &relations).await?;
    if !standby {
        analyze(client, &tables).await;
    }

    let mut results = empty_results(&prepared);
    let rounds = options.warmup.saturating_sub(1) + options.runs;
    for round in 0..rounds {
        let measured = round >= options.warmup.saturating_sub(1);
        for offset in 0..prepared.len() {
            let index = (offset + round as usize) % prepared.len();
            let (sample, shape) = explain(client, &prepared[index], options.in_transaction).await?;
            if measured {
                results[index].samples.push(sample);
                results[index].shape = shape;
            }
            step();
        }
    }

    let environment = baseline::environment(client, &tables).await?;
    Ok(Measurement {
        suite: suite.name.clone(),
        environment,
        queries: results,
        skipped,
    })
}

/// Whether the server is a hot standby.
async fn in_recovery(client: &Client) -> Result<bool> {
    let row = client
        .query_one("SELECT pg_is_in_recovery() AS standby", &[])
        .await
        .map_err(|e| {
            Error::database(format!(
                "asking whether the server is a standby failed: {}",
                describe_pg(&e)
            ))
            .with_help("check the connection")
        })?;
    Ok(row.get("standby"))
}

fn empty_results(prepared: &[Prepared<'_>]) -> Vec<QueryResult> {
    prepared
        .iter()
        .map(|p| QueryResult {
            name: p.query.name.clone(),
            tags: p.query.tags.clone(),
            text_hash: text_hash(p.query),
            shape: Shape::default(),
            samples: Vec::new(),
        })
        .collect()
}

fn text_hash(query: &Query) -> String {
    let params: Vec<String> = query.params.iter().map(ToString::to_string).collect();
    let text = format!(
        "{}\u{0}{}\u{0}{}",
        query.sql.trim(),
        params.join(","),
        query.writes
    );
    format!("{:016x}", baseline::fnv1a(text.as_bytes()))
}

async fn analyze(client: &Client, tables: &[baseline::TableFacts]) {
    for table in tables {
        let sql = format!("ANALYZE {}", table.quoted());
        log::debug!("sql: {sql}");
        if let Err(e) = client.batch_execute(&sql).await {
            log::warn!("could not analyze {}: {}", table.name, describe_pg(&e));
        }
    }
}

async fn prepare<'a>(client: &Client, query: &'a Query) -> Result<Prepared<'a>> {
    let failed = |e: tokio_postgres::Error| {
        Error::database(format!(
            "preparing bench query `{}` failed: {}",
            query.name,
            describe_pg(&e)
        ))
        .with_help("check the query's SQL and that the tables it reads exist")
    };
    let plain = client.prepare(&query.sql).await.map_err(failed)?;
    let types: Vec<Type> = plain.params().to_vec();
    let sql = format!(
        "EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, SUMMARY ON, FORMAT JSON) {}",
        query.sql
    );
    log::trace!("sql: {sql}");
    let statement = client.prepare_typed(&sql, &types).await.map_err(failed)?;
    let params = bind(query, &types)?;
    Ok(Prepared {
        query,
        statement,
        params,
    })
}

/// Converts the query's TOML parameters to the types the server expects.
fn bind(query: &Query, types: &[Type]) -> Result<Vec<Box<dyn ToSql + Sync + Send>>> {
    if types.len() != query.params.len() {
        return Err(Error::usage(format!(
            "bench query `{}` takes {} parameters but the suite gives {}",
            query.name,
            types.len(),
            query.params.len()
        ))
        .with_help("list one value in params for each $n of the SQL"));
    }
    types
        .iter()
        .zip(&query.params)
        .enumerate()
        .map(|(i, (ty, value))| {
            convert(ty, value).ok_or_else(|| {
                Error::usage(format!(
                    "bench query `{}`: parameter ${} of type {ty} cannot take {value}",
                    query.name,
                    i + 1
                ))
                .with_help("give a value of the right kind, or cast the parameter in the SQL")
            })
        })
        .collect()
}

fn convert(ty: &Type, value: &toml::Value) -> Option<Box<dyn ToSql + Sync + Send>> {
    use toml::Value as V;
    Some(match (ty, value) {
        (&Type::INT2, V::Integer(n)) => Box::new(i16::try_from(*n).ok()?),
        (&Type::INT4, V::Integer(n)) => Box::new(i32::try_from(*n).ok()?),
        (&Type::INT8, V::Integer(n)) => Box::new(*n),
        (&Type::FLOAT8, V::Float(x)) => Box::new(*x),
        (&Type::FLOAT8, V::Integer(n)) => Box::new(*n as f64),
        (&Type::BOOL, V::Boolean(b)) => Box::new(*b),
        (&Type::DATE, V::String(s)) => {
            Box::new(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?)
        }
        (&Type::TIMESTAMPTZ, V::String(s)) => Box::new(
            chrono::DateTime::parse_from_rfc3339(s)
                .ok()?
                .with_timezone(&chrono::Utc),
        ),
        (&Type::TEXT | &Type::VARCHAR | &Type::BPCHAR | &Type::NAME, V::String(s)) => {
            Box::new(s.clone())
        }
        _ => return None,
    })
}

/// One EXPLAIN ANALYZE run.
async fn explain(
    client: &Client,
    prepared: &Prepared<'_>,
    in_transaction: bool,
) -> Result<(Sample, Shape)> {
    let params: Vec<&(dyn ToSql + Sync)> = prepared
        .params
        .iter()
        .map(|p| p.as_ref() as &(dyn ToSql + Sync))
        .collect();
    let writes = prepared.query.writes;
    let (open, close) = if in_transaction {
        (
            "SAVEPOINT pharmctl_bench",
            "ROLLBACK TO SAVEPOINT pharmctl_bench; RELEASE SAVEPOINT pharmctl_bench",
        )
    } else {
        ("BEGIN READ WRITE", "ROLLBACK")
    };

    if writes {
        client
            .batch_execute(open)
            .await
            .map_err(|e| run_failed(prepared, &e))?;
    }
    let row = client.query_one(&prepared.statement, &params).await;
    if writes {
        client
            .batch_execute(close)
            .await
            .map_err(|e| run_failed(prepared, &e))?;
    }
    let row = row.map_err(|e| run_failed(prepared, &e))?;
    let plan: Json = row.try_get(0).map_err(|e| run_failed(prepared, &e))?;
    parse_explain(&plan).ok_or_else(|| {
        Error::database(format!(
            "unexpected EXPLAIN output for bench query `{}`",
            prepared.query.name
        ))
    })
}

fn run_failed(prepared: &Prepared<'_>, e: &tokio_postgres::Error) -> Error {
    Error::database(format!(
        "bench query `{}` failed: {}",
        prepared.query.name,
        describe_pg(e)
    ))
    .with_help("check the query's SQL, its parameters and the statement_timeout")
}

/// Reads the figures and the shape out of `EXPLAIN (FORMAT JSON)` output.
pub fn parse_explain(output: &Json) -> Option<(Sample, Shape)> {
    let top = output.get(0)?;
    let plan = top.get("Plan")?;
    let int = |key: &str| plan.get(key).and_then(Json::as_i64).unwrap_or(0);
    let sample = Sample {
        execution_ms: top.get("Execution Time")?.as_f64()?,
        planning_ms: top
            .get("Planning Time")
            .and_then(Json::as_f64)
            .unwrap_or(0.0),
        buffers: int("Shared Hit Blocks") + int("Shared Read Blocks"),
        temp_blocks: int("Temp Read Blocks") + int("Temp Written Blocks"),
        rows: int("Actual Rows"),
    };
    let mut shape = Shape::default();
    walk(plan, &mut shape);
    Some((sample, shape))
}

fn walk(node: &Json, shape: &mut Shape) {
    let kind = node.get("Node Type").and_then(Json::as_str).unwrap_or("?");
    shape.nodes.push(kind.to_string());
    if let Some(relation) = node.get("Relation Name").and_then(Json::as_str) {
        shape.scans.push(Scan {
            node: kind.to_string(),
            relation: relation.to_string(),
            index: index_of(node),
        });
    }
    for child in node
        .get("Plans")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        walk(child, shape);
    }
}

/// The index a scan reads: its own, or for a bitmap heap scan the first bitmap index below.
fn index_of(node: &Json) -> Option<String> {
    if let Some(name) = node.get("Index Name").and_then(Json::as_str) {
        return Some(name.to_string());
    }
    let children = node.get("Plans").and_then(Json::as_array)?;
    children.iter().find_map(|child| {
        let kind = child.get("Node Type").and_then(Json::as_str)?;
        kind.starts_with("Bitmap")
            .then(|| index_of(child))
            .flatten()
    })
}

/// Quotes `schema.name` for SQL.
pub fn qualified(schema: &str, name: &str) -> String {
    format!("{}.{}", quote_ident(schema), quote_ident(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explain_output_gives_figures_and_shape() {
        let output = serde_json::json!([{
            "Plan": {
                "Node Type": "Sort", "Actual Rows": 7,
                "Shared Hit Blocks": 5, "Shared Read Blocks": 2,
                "Temp Read Blocks": 1, "Temp Written Blocks": 1,
                "Plans": [{
                    "Node Type": "Bitmap Heap Scan", "Relation Name": "store_schedules",
                    "Plans": [{"Node Type": "Bitmap Index Scan",
                               "Index Name": "idx_store_schedules_store_date"}]
                }]
            },
            "Planning Time": 0.2, "Execution Time": 1.5
        }]);
        let (sample, shape) = parse_explain(&output).unwrap();
        assert_eq!(sample.buffers, 7);
        assert_eq!(sample.temp_blocks, 2);
        assert_eq!(sample.rows, 7);
        assert_eq!(sample.execution_ms, 1.5);
        assert_eq!(
            shape.nodes,
            ["Sort", "Bitmap Heap Scan", "Bitmap Index Scan"]
        );
        assert_eq!(
            shape.scans[0].index.as_deref(),
            Some("idx_store_schedules_store_date")
        );
        assert!(parse_explain(&serde_json::json!({})).is_none());
    }

    #[test]
    fn parameters_bind_by_the_server_type() {
        let query: Query =
            toml::from_str("name = \"q\"\nsql = \"select\"\nparams = [1, \"2025-07-01\", \"x\"]")
                .unwrap();
        assert!(bind(&query, &[Type::INT4, Type::DATE, Type::TEXT]).is_ok());
        let err = bind(&query, &[Type::INT4, Type::INT4, Type::TEXT])
            .err()
            .unwrap();
        assert_eq!(err.exit_code(), 2);
        assert!(bind(&query, &[Type::INT4]).is_err());
    }
}
