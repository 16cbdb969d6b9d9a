//! Concurrent index builds on a partitioned table, which PostgreSQL refuses as one statement.
//! The index is created on the parent alone (`ON ONLY`, invalid and empty), each partition's
//! index is built concurrently and attached, and the parent's index turns valid when the last
//! partition's is attached. Every step can be repeated, so a killed run resumes.

use sha2::{Digest, Sha256};
use tokio_postgres::Client;

use crate::db::ident::{quote_ident, quote_qualified};
use crate::error::{Error, Result, describe_pg};

use super::classify::IndexBuild;

const PARTITIONS_SQL: &str = include_str!("../../sql/migrate/partitions.sql");

/// PostgreSQL's longest identifier, in bytes.
const MAX_NAME: usize = 63;

/// One partition of the table a build names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    pub schema: String,
    pub name: String,
    /// `pg_class.relkind`: `r` a plain table, `p` partitioned again, `f` foreign.
    pub kind: String,
    /// Whether an index of this partition is already attached to the parent's index.
    pub attached: bool,
}

/// The schema of the build's table when that table is partitioned; `None` for any other table
/// (or none at all).
pub async fn partitioned_schema(client: &Client, build: &IndexBuild) -> Result<Option<String>> {
    Ok(super::indexes::table(client, build)
        .await?
        .filter(|t| t.partitioned)
        .map(|t| t.schema))
}

/// The partitions of the build's table, with whether each already has its index attached to
/// `parent_index` (schema-qualified, quoted).
pub async fn partitions(
    client: &Client,
    build: &IndexBuild,
    parent_index: &str,
) -> Result<Vec<Partition>> {
    let rows = client
        .query(PARTITIONS_SQL, &[&build.table, &parent_index])
        .await
        .map_err(|e| catalog_error(&build.table, &e))?;
    Ok(rows
        .iter()
        .map(|r| Partition {
            schema: r.get("schema_name"),
            name: r.get("table_name"),
            kind: r.get("kind"),
            attached: r.get("attached"),
        })
        .collect())
}

/// The index on the parent alone: `CREATE INDEX IF NOT EXISTS name ON ONLY table ...`.
pub fn parent_sql(build: &IndexBuild) -> String {
    format!(
        "CREATE {}INDEX IF NOT EXISTS {} ON ONLY {} {}",
        unique(build),
        build.name_sql,
        build.table,
        build.tail_sql
    )
}

/// The same index on one partition, named after the partition and the index.
pub fn partition_build(build: &IndexBuild, partition: &Partition) -> IndexBuild {
    let name = partition_index_name(&partition.name, &build.name);
    IndexBuild {
        name_sql: quote_ident(&name),
        name,
        table: quote_qualified(&partition.schema, &partition.name),
        definition: build.definition.clone(),
        unique: build.unique,
        tail_sql: build.tail_sql.clone(),
    }
}

/// The concurrent build of a partition's index.
pub fn partition_sql(build: &IndexBuild) -> String {
    format!(
        "CREATE {}INDEX CONCURRENTLY {} ON {} {}",
        unique(build),
        build.name_sql,
        build.table,
        build.tail_sql
    )
}

/// Attaches a partition's index to the parent's index.
pub fn attach_sql(parent_index: &str, partition: &Partition, built: &IndexBuild) -> String {
    format!(
        "ALTER INDEX {parent_index} ATTACH PARTITION {}",
        quote_qualified(&partition.schema, &built.name)
    )
}

/// The error for a partition that cannot get its index this way.
pub fn unsupported(table: &str, partition: &Partition) -> Error {
    let what = match partition.kind.as_str() {
        "p" => "is partitioned itself",
        "f" => "is a foreign table",
        _ => "is not a plain table",
    };
    Error::database(format!(
        "partition {}.{} of {table} {what}; its index cannot be built concurrently here",
        partition.schema, partition.name
    ))
    .with_help(
        "build and attach that partition's index by hand (ALTER INDEX ... ATTACH PARTITION), \
         then run `pharmctl migrate up` again",
    )
}

/// `<partition>_<index>`, or, past 63 bytes, a shortened form kept unique by a hash of both.
fn partition_index_name(partition: &str, index: &str) -> String {
    let full = format!("{partition}_{index}");
    if full.len() <= MAX_NAME {
        return full;
    }
    let digest = Sha256::digest(full.as_bytes());
    let hash: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    let mut cut = MAX_NAME - hash.len() - 1;
    while !full.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}_{hash}", &full[..cut])
}

fn unique(build: &IndexBuild) -> &'static str {
    if build.unique { "UNIQUE " } else { "" }
}

fn catalog_error(table: &str, err: &tokio_postgres::Error) -> Error {
    Error::database(format!(
        "looking up the partitions of {table} failed: {}",
        describe_pg(err)
    ))
    .with_help("check the role may read pg_catalog")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build() -> IndexBuild {
        IndexBuild {
            name: "idx_s_store_date".into(),
            table: "public.store_schedules".into(),
            definition: "using btree ( store_number , date )".into(),
            unique: false,
            name_sql: "idx_s_store_date".into(),
            tail_sql: "USING btree (store_number, date)".into(),
        }
    }

    #[test]
    fn statements_for_the_parent_and_a_partition() {
        let build = build();
        assert_eq!(
            parent_sql(&build),
            "CREATE INDEX IF NOT EXISTS idx_s_store_date ON ONLY public.store_schedules \
             USING btree (store_number, date)"
        );
        let partition = Partition {
            schema: "public".into(),
            name: "store_schedules_2025_07".into(),
            kind: "r".into(),
            attached: false,
        };
        let child = partition_build(&build, &partition);
        assert_eq!(child.name, "store_schedules_2025_07_idx_s_store_date");
        assert_eq!(child.definition, build.definition);
        assert_eq!(
            partition_sql(&child),
            "CREATE INDEX CONCURRENTLY \"store_schedules_2025_07_idx_s_store_date\" ON \
             \"public\".\"store_schedules_2025_07\" USING btree (store_number, date)"
        );
        assert_eq!(
            attach_sql("\"public\".\"idx_s_store_date\"", &partition, &child),
            "ALTER INDEX \"public\".\"idx_s_store_date\" ATTACH PARTITION \
             \"public\".\"store_schedules_2025_07_idx_s_store_date\""
        );
    }

    #[test]
    fn long_names_are_shortened_and_stay_distinct() {
        let index = "idx_store_schedules_employee_date";
        let a = partition_index_name("store_schedules_partition_for_2025_july_east", index);
        let b = partition_index_name("store_schedules_partition_for_2025_july_west", index);
        assert!(a.len() <= MAX_NAME && b.len() <= MAX_NAME, "{a} {b}");
        assert_ne!(a, b);
        assert_eq!(partition_index_name("p1", "i"), "p1_i");
    }
}
