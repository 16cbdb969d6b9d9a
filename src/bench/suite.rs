//! Query suites: the TOML file of named queries `bench` measures, its parsing and checking,
//! and the default suite shipped in `sql/bench/default.toml`.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};

/// The suite built into pharmctl.
const DEFAULT_SUITE: &str = include_str!("../../sql/bench/default.toml");

/// A named list of queries.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suite {
    /// The suite's name, recorded in baselines.
    pub name: String,
    /// The queries, in file order.
    #[serde(rename = "query")]
    pub queries: Vec<Query>,
}

/// One benchmarked statement.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// Unique name, the key in baselines and reports.
    pub name: String,
    /// The statement, with `$1`, `$2`, ... for its parameters.
    pub sql: String,
    /// Values bound to the parameters, in order.
    #[serde(default)]
    pub params: Vec<toml::Value>,
    /// Free labels; `control` marks a query no migration should change.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The statement changes rows: it runs inside a transaction that is rolled back.
    #[serde(default)]
    pub writes: bool,
}

impl Query {
    /// Whether this query is a control query.
    pub fn is_control(&self) -> bool {
        self.tags.iter().any(|t| t == "control")
    }
}

impl Suite {
    /// The default suite.
    pub fn builtin() -> Result<Suite> {
        parse(DEFAULT_SUITE, "sql/bench/default.toml")
    }

    /// Reads and checks the suite file at `path`.
    pub fn read(path: &Path) -> Result<Suite> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::usage(format!("cannot read suite file {shown}: {e}"))
                .with_help("pass an existing TOML file to --suite")
        })?;
        parse(&text, &shown)
    }

    /// Keeps only the named queries (for confirming reruns).
    pub fn select(&mut self, names: &BTreeSet<String>) {
        self.queries.retain(|q| names.contains(&q.name));
    }
}

/// Parses suite text; `origin` names the file in errors.
pub fn parse(text: &str, origin: &str) -> Result<Suite> {
    let suite: Suite = toml::from_str(text).map_err(|e| {
        let first = e
            .message()
            .lines()
            .next()
            .unwrap_or("invalid TOML")
            .to_string();
        let line = e
            .span()
            .map(|span| text[..span.start.min(text.len())].lines().count().max(1));
        let at = line.map_or(String::new(), |l| format!(":{l}"));
        Error::usage(format!("malformed suite file {origin}{at}: {first}"))
            .with_help("each [[query]] needs name and sql; params, tags and writes are optional")
    })?;
    check(&suite, origin)?;
    Ok(suite)
}

fn check(suite: &Suite, origin: &str) -> Result<()> {
    if suite.queries.is_empty() {
        return Err(
            Error::usage(format!("suite file {origin} has no [[query]]"))
                .with_help("add at least one [[query]] with a name and sql"),
        );
    }
    let mut seen = BTreeSet::new();
    for query in &suite.queries {
        if query.name.trim().is_empty() || query.sql.trim().is_empty() {
            return Err(Error::usage(format!(
                "suite file {origin}: a query has an empty name or sql"
            ))
            .with_help("give every [[query]] a name and a statement"));
        }
        if !seen.insert(query.name.as_str()) {
            return Err(Error::usage(format!(
                "suite file {origin}: query name `{}` is used twice",
                query.name
            ))
            .with_help("query names are the keys of baselines: make them unique"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_suite_parses_with_controls_and_a_write() {
        let suite = Suite::builtin().unwrap();
        assert!(suite.queries.len() >= 9);
        assert_eq!(suite.queries.iter().filter(|q| q.is_control()).count(), 2);
        assert!(suite.queries.iter().any(|q| q.writes));
        assert!(
            suite
                .queries
                .iter()
                .any(|q| q.name == "store-staffing-week")
        );
    }

    #[test]
    fn malformed_suites_are_usage_errors_naming_the_file() {
        let cases = [
            "name = \"x\"\n[[query]]\nname = \"a\"\n",
            "name = \"x\"\n[[query]]\nname = \"a\"\nsql = \"select 1\"\nbogus = 1\n",
            "name = \"x\"\nquery = []\n",
            "name = \"x\"\n[[query]]\nname = \"a\"\nsql = \"select 1\"\n[[query]]\nname = \"a\"\nsql = \"select 2\"\n",
            "this is not toml",
        ];
        for text in cases {
            let err = parse(text, "s.toml").unwrap_err();
            assert_eq!(err.exit_code(), 2, "{text}");
            assert!(err.message().contains("s.toml"), "{}", err.message());
        }
    }
}
