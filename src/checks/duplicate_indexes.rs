//! `duplicate-indexes`: a plain index that repeats another index of the same table exactly
//! (same method, columns, operator classes, collations, expressions and predicate), or whose
//! key columns are a leading prefix of a wider one. Two kinds, labelled apart. The index to
//! drop is always the plain one: an index behind a primary key, unique or exclusion constraint
//! is never proposed for dropping.

use crate::error::Result;
use crate::report::human_bytes;

use super::{Check, CheckResult, Finding, Gather, get, qualified, rows, sql_name};

const SQL: &str = include_str!("../../sql/checks/duplicate-indexes.sql");

/// What decides whether one index can serve for another.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Index {
    pub schema: String,
    pub table: String,
    pub name: String,
    pub method: String,
    pub key_count: usize,
    pub columns: Vec<i32>,
    pub opclasses: Vec<i64>,
    pub collations: Vec<i64>,
    pub expressions: String,
    pub predicate: String,
    pub is_constraint: bool,
    pub bytes: i64,
}

/// How a redundant index relates to the one that covers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The same definition.
    Exact,
    /// Its key columns lead the other's.
    Prefix,
}

/// Runs the check.
pub(super) async fn run(check: &'static Check, cx: &Gather<'_>) -> Result<CheckResult> {
    let indexes = rows(cx, check, SQL, &[])
        .await?
        .iter()
        .map(index_from)
        .collect::<Result<Vec<_>>>()?;
    let mut result = CheckResult::new(check);
    for (redundant, cover, kind) in redundant_pairs(&indexes) {
        result.findings.push(finding(check, redundant, cover, kind));
    }
    Ok(result)
}

fn index_from(row: &tokio_postgres::Row) -> Result<Index> {
    let key_count: i32 = get(row, "key_count")?;
    Ok(Index {
        schema: get(row, "schema_name")?,
        table: get(row, "table_name")?,
        name: get(row, "index_name")?,
        method: get(row, "method")?,
        key_count: usize::try_from(key_count).unwrap_or(0),
        columns: get(row, "columns")?,
        opclasses: get(row, "opclasses")?,
        collations: get(row, "collations")?,
        expressions: get(row, "expressions")?,
        predicate: get(row, "predicate")?,
        is_constraint: get(row, "is_constraint")?,
        bytes: get(row, "index_bytes")?,
    })
}

/// Each plain index made redundant by another, with the other and the kind. Of two exact
/// plain duplicates the one with the larger name is the one to drop.
pub(crate) fn redundant_pairs(indexes: &[Index]) -> Vec<(&Index, &Index, Kind)> {
    let mut pairs = Vec::new();
    for candidate in indexes.iter().filter(|i| !i.is_constraint) {
        let cover = indexes
            .iter()
            .filter(|other| !std::ptr::eq(*other, candidate) && same_table(candidate, other))
            .filter_map(|other| relation(candidate, other).map(|kind| (other, kind)))
            .find(|(other, kind)| {
                *kind == Kind::Prefix || other.is_constraint || other.name < candidate.name
            });
        if let Some((other, kind)) = cover {
            pairs.push((candidate, other, kind));
        }
    }
    pairs
}

fn same_table(a: &Index, b: &Index) -> bool {
    a.schema == b.schema && a.table == b.table
}

/// Whether `other` serves every read `index` serves.
fn relation(index: &Index, other: &Index) -> Option<Kind> {
    let comparable = index.method == other.method
        && index.expressions == other.expressions
        && index.predicate == other.predicate;
    if !comparable {
        return None;
    }
    let exact = index.key_count == other.key_count
        && index.columns == other.columns
        && index.opclasses == other.opclasses
        && index.collations == other.collations;
    if exact {
        return Some(Kind::Exact);
    }
    let keys = index.key_count;
    let prefix = index.method == "btree"
        && index.expressions.is_empty()
        && index.columns.len() == keys
        && keys < other.key_count
        && other.columns[..keys] == index.columns[..]
        && other.opclasses[..keys] == index.opclasses[..]
        && other.collations[..keys] == index.collations[..];
    prefix.then_some(Kind::Prefix)
}

fn finding(check: &'static Check, index: &Index, cover: &Index, kind: Kind) -> Finding {
    let name = qualified(&index.schema, &index.name);
    let what = match kind {
        Kind::Exact => "is an exact duplicate of",
        Kind::Prefix => "is redundant: its columns lead",
    };
    let message = format!(
        "Index {name} on {} {what} {}{}; dropping it frees {}.",
        qualified(&index.schema, &index.table),
        cover.name,
        if cover.is_constraint {
            " (a constraint's index)"
        } else {
            ""
        },
        human_bytes(index.bytes)
    );
    let remedy = format!(
        "DROP INDEX CONCURRENTLY {};",
        sql_name(&index.schema, &index.name)
    );
    let kind_name = if kind == Kind::Exact {
        "exact"
    } else {
        "prefix"
    };
    Finding::new(check, name, message, remedy)
        .with("kind", kind_name)
        .with("covered_by", qualified(&cover.schema, &cover.name))
        .with("index_bytes", index.bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(name: &str, columns: &[i32], is_constraint: bool) -> Index {
        Index {
            schema: "public".into(),
            table: "store_schedules".into(),
            name: name.into(),
            method: "btree".into(),
            key_count: columns.len(),
            columns: columns.to_vec(),
            opclasses: vec![1978; columns.len()],
            collations: vec![0; columns.len()],
            expressions: String::new(),
            predicate: String::new(),
            is_constraint,
            bytes: 8192,
        }
    }

    fn names(indexes: &[Index]) -> Vec<(String, String, Kind)> {
        redundant_pairs(indexes)
            .into_iter()
            .map(|(a, b, k)| (a.name.clone(), b.name.clone(), k))
            .collect()
    }

    #[test]
    fn a_plain_copy_of_a_primary_key_is_redundant_never_the_key() {
        let found = names(&[index("pkey", &[1], true), index("copy", &[1], false)]);
        assert_eq!(
            found,
            [("copy".to_string(), "pkey".to_string(), Kind::Exact)]
        );
    }

    #[test]
    fn of_two_plain_duplicates_only_one_is_reported() {
        let found = names(&[
            index("a_idx", &[2, 3], false),
            index("b_idx", &[2, 3], false),
        ]);
        assert_eq!(
            found,
            [("b_idx".to_string(), "a_idx".to_string(), Kind::Exact)]
        );
    }

    #[test]
    fn prefixes_count_but_not_the_other_way_round() {
        let found = names(&[index("wide", &[2, 4], false), index("narrow", &[2], false)]);
        assert_eq!(
            found,
            [("narrow".to_string(), "wide".to_string(), Kind::Prefix)]
        );
        assert!(names(&[index("wide", &[2, 4], false), index("other", &[4], false)]).is_empty());
    }

    #[test]
    fn unique_indexes_and_differing_predicates_are_left_alone() {
        assert!(names(&[index("u1", &[2], true), index("u2", &[2], true)]).is_empty());
        let mut partial = index("partial", &[2], false);
        partial.predicate = "is_active".into();
        assert!(names(&[index("full", &[2], false), partial]).is_empty());
    }
}
