//! Finding an installed function by name in whichever schema holds it (the migrations put
//! theirs in `public`, a production database may have them elsewhere), with whether the
//! connected role may execute it.

use tokio_postgres::Client;

use crate::error::{Error, Result, describe_pg};

const FIND_SQL: &str = include_str!("../../sql/db/find-function.sql");

/// A function found in the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function {
    pub schema: String,
    pub name: String,
    /// Whether this role may execute it.
    pub can_execute: bool,
}

impl Function {
    /// `"schema"."name"`, quoted, ready to splice into SQL before its argument list.
    pub fn qualified(&self) -> String {
        super::ident::quote_qualified(&self.schema, &self.name)
    }
}

/// The function `name` whose arguments all have defaults, with exactly `args` arguments when
/// given; `None` when no schema holds one.
pub async fn find(client: &Client, name: &str, args: Option<i32>) -> Result<Option<Function>> {
    let row = client
        .query_opt(FIND_SQL, &[&name, &args])
        .await
        .map_err(|e| {
            Error::database(format!(
                "looking up function {name}() failed: {}",
                describe_pg(&e)
            ))
        })?;
    Ok(row.map(|row| Function {
        schema: row.get("schema_name"),
        name: row.get("function_name"),
        can_execute: row.get("can_execute"),
    }))
}
