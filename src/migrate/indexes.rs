//! Concurrent index builds and what the catalog already holds under the same name: missing,
//! invalid (a failed or killed concurrent build), the same definition, or another one. An
//! invalid index is dropped concurrently before the build; another definition is reported and
//! never hidden behind `IF NOT EXISTS`.

use tokio_postgres::Client;

use crate::db::ident::quote_qualified;
use crate::error::{Error, Result, describe_pg};

use super::classify::{IndexBuild, catalog_definition};

const TABLE_SCHEMA_SQL: &str = include_str!("../../sql/migrate/table_schema.sql");
const FIND_INDEX_SQL: &str = include_str!("../../sql/migrate/find_index.sql");

/// What the database holds under a build's index name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexState {
    /// The table the build names does not exist.
    NoTable,
    /// No index of that name in the table's schema.
    Missing,
    /// An index of that name whose `indisvalid` is false.
    Invalid { schema: String },
    /// A valid index with the same definition on the same table.
    Matches,
    /// A valid index of that name with another definition or on another table.
    Differs { definition: String },
}

/// The table a build names: its schema, and whether it is partitioned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildTable {
    pub schema: String,
    pub partitioned: bool,
}

/// Looks up the table the build names; `None` when it does not exist.
pub async fn table(client: &Client, build: &IndexBuild) -> Result<Option<BuildTable>> {
    let row = client
        .query_opt(TABLE_SCHEMA_SQL, &[&build.table])
        .await
        .map_err(|e| catalog_error(build, &e))?;
    Ok(row.map(|r| BuildTable {
        schema: r.get("schema_name"),
        partitioned: r.get("partitioned"),
    }))
}

/// Looks the build's index up in the catalog.
pub async fn state(client: &Client, build: &IndexBuild) -> Result<IndexState> {
    let Some(BuildTable { schema, .. }) = table(client, build).await? else {
        return Ok(IndexState::NoTable);
    };

    let found = client
        .query_opt(FIND_INDEX_SQL, &[&schema, &build.name, &build.table])
        .await
        .map_err(|e| catalog_error(build, &e))?;
    let Some(found) = found else {
        return Ok(IndexState::Missing);
    };
    if !found.get::<_, bool>("is_valid") {
        return Ok(IndexState::Invalid { schema });
    }

    let definition: String = found.get("definition");
    let same_table: Option<bool> = found.get("same_table");
    let same = catalog_definition(&definition)
        .is_some_and(|(unique, def)| unique == build.unique && def == build.definition);
    if same && same_table == Some(true) {
        return Ok(IndexState::Matches);
    }
    Ok(IndexState::Differs { definition })
}

/// Drops an invalid index without blocking writes.
pub async fn drop_invalid(client: &Client, schema: &str, name: &str) -> Result<()> {
    let sql = format!(
        "DROP INDEX CONCURRENTLY IF EXISTS {}",
        quote_qualified(schema, name)
    );
    log::warn!("dropping invalid index {schema}.{name} left by an earlier build");
    client.batch_execute(&sql).await.map_err(|e| {
        Error::database(format!(
            "dropping invalid index {schema}.{name} failed: {}",
            describe_pg(&e)
        ))
        .with_help("drop it by hand with DROP INDEX CONCURRENTLY, then run migrate up again")
    })
}

/// The error for an index of the same name with another definition.
pub fn differs_error(build: &IndexBuild, definition: &str) -> Error {
    Error::database(format!(
        "index {} already exists with another definition: {definition}",
        build.name
    ))
    .with_help(
        "rename or drop that index (DROP INDEX CONCURRENTLY), or change the migration to match it",
    )
}

fn catalog_error(build: &IndexBuild, err: &tokio_postgres::Error) -> Error {
    Error::database(format!(
        "looking up index {} in the catalog failed: {}",
        build.name,
        describe_pg(err)
    ))
    .with_help("check the role may read pg_catalog")
}
