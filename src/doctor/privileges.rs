//! Privileges: what the connected role may read and create, turned into which audit checks and
//! migration steps it can run and the grant that would enable each one it cannot.

use tokio_postgres::{Client, Row};

use crate::db::ident::quote_ident;
use crate::error::{Error, Result, describe_pg};
use crate::report::{Level, Section, Status, Table, Value};

const PRIVILEGES_SQL: &str = include_str!("../../sql/doctor/privileges.sql");
const TABLES_SQL: &str = include_str!("../../sql/doctor/tables.sql");
const OWNERS_SQL: &str = include_str!("../../sql/doctor/owners.sql");

/// The tables the performance migrations put indexes on (DESIGN section 2).
const INDEXED_TABLES: &[&str] = &["contacts", "messages", "store_schedules", "stores"];

/// What the role holds.
#[derive(Debug, Clone, Default)]
pub struct Privileges {
    /// The role connected as.
    pub role: String,
    /// The database connected to.
    pub database: String,
    /// The role is a superuser.
    pub is_superuser: bool,
    /// Member of `pg_monitor`, directly or through another role.
    pub has_pg_monitor: bool,
    /// Member of `pg_read_all_stats`.
    pub has_read_all_stats: bool,
    /// Member of `pg_read_all_settings`.
    pub has_read_all_settings: bool,
    /// `CREATE` on the database.
    pub can_create_schema: bool,
    /// `CREATE` on schema `public`.
    pub can_create_in_public: bool,
    /// User tables, and how many of them the role cannot count exactly.
    pub user_tables: i64,
    /// User tables without `SELECT` for the role.
    pub unreadable_tables: i64,
    /// User tables whose rows row level security filters for the role.
    pub row_security_tables: i64,
    /// The indexed tables: name, owner, and whether the role acts as the owner; absent ones
    /// are left out.
    pub indexed_tables: Vec<(String, String, bool)>,
    /// Whether pg_stat_statements is loaded and created (from the server facts).
    pub statement_stats_ready: bool,
}

/// One capability and its verdict.
#[derive(Debug, Clone)]
pub struct Capability {
    /// What it lets pharmctl do.
    pub what: &'static str,
    /// Who needs it: `audit` or `migrate`.
    pub used_by: &'static str,
    /// Runnable, partly, skipped.
    pub status: Status,
    /// The grant or change that enables it; empty when nothing is missing.
    pub remedy: String,
}

/// Reads the role's privileges in `database`.
pub async fn gather(
    client: &Client,
    database: &str,
    statement_stats_ready: bool,
) -> Result<Privileges> {
    let fail = |what: &str, e: tokio_postgres::Error| {
        Error::database(format!("the {what} query failed: {}", describe_pg(&e)))
    };
    let role = client
        .query_one(PRIVILEGES_SQL, &[])
        .await
        .map_err(|e| fail("privileges", e))?;
    let tables = client
        .query_one(TABLES_SQL, &[])
        .await
        .map_err(|e| fail("tables", e))?;
    let names: Vec<String> = INDEXED_TABLES.iter().map(|t| (*t).to_string()).collect();
    let owners = client
        .query(OWNERS_SQL, &[&names])
        .await
        .map_err(|e| fail("owners", e))?;

    from_rows(&role, &tables, &owners, database, statement_stats_ready)
        .map_err(|e| Error::database(format!("unexpected privileges row: {}", describe_pg(&e))))
}

fn from_rows(
    role: &Row,
    tables: &Row,
    owners: &[Row],
    database: &str,
    statement_stats_ready: bool,
) -> std::result::Result<Privileges, tokio_postgres::Error> {
    let mut indexed_tables = Vec::new();
    for row in owners {
        if row.try_get("present")? {
            indexed_tables.push((
                row.try_get("name")?,
                row.try_get("owner")?,
                row.try_get("is_owner")?,
            ));
        }
    }
    Ok(Privileges {
        role: role.try_get("role")?,
        database: database.to_string(),
        is_superuser: role.try_get("is_superuser")?,
        has_pg_monitor: role.try_get("has_pg_monitor")?,
        has_read_all_stats: role.try_get("has_read_all_stats")?,
        has_read_all_settings: role.try_get("has_read_all_settings")?,
        can_create_schema: role.try_get("can_create_schema")?,
        can_create_in_public: role.try_get("can_create_in_public")?,
        user_tables: tables.try_get("user_tables")?,
        unreadable_tables: tables.try_get("unreadable")?,
        row_security_tables: tables.try_get("row_security_applies")?,
        indexed_tables,
        statement_stats_ready,
    })
}

/// Every capability pharmctl needs, judged for this role.
pub fn capabilities(p: &Privileges) -> Vec<Capability> {
    let role = quote_ident(&p.role);
    vec![
        statement_stats(p, &role),
        granted(
            "query text and waits of other sessions (pg_stat_activity)",
            "audit",
            p.has_read_all_stats,
            "own sessions only",
            format!("GRANT pg_read_all_stats TO {role}; (or pg_monitor)"),
        ),
        granted(
            "every server setting, shared_preload_libraries included",
            "audit",
            p.has_read_all_settings,
            "superuser-only settings hidden",
            format!("GRANT pg_read_all_settings TO {role}; (or pg_monitor)"),
        ),
        granted(
            "table, index and database sizes; index usage; row level security policies",
            "audit",
            true,
            "",
            String::new(),
        ),
        row_counts(p, &role),
        indexes(p, &role),
        granted(
            "create the analytics schema, its views and functions",
            "migrate",
            p.can_create_schema,
            "no CREATE on the database",
            format!(
                "GRANT CREATE ON DATABASE {} TO {role};",
                quote_ident(&p.database)
            ),
        ),
        granted(
            "create objects in schema public",
            "migrate",
            p.can_create_in_public,
            "no CREATE on schema public",
            format!("GRANT CREATE ON SCHEMA public TO {role};"),
        ),
    ]
}

fn granted(
    what: &'static str,
    used_by: &'static str,
    held: bool,
    missing: &str,
    remedy: String,
) -> Capability {
    let (status, remedy) = if held {
        (Status::new(Level::Ok, "runs"), String::new())
    } else {
        (
            Status::new(Level::Warn, format!("partly: {missing}")),
            remedy,
        )
    };
    Capability {
        what,
        used_by,
        status,
        remedy,
    }
}

fn statement_stats(p: &Privileges, role: &str) -> Capability {
    let what = "slow queries of every user (pg_stat_statements)";
    if !p.statement_stats_ready {
        return Capability {
            what,
            used_by: "audit",
            status: Status::new(Level::Warn, "skipped: pg_stat_statements not ready"),
            remedy: "see pg_stat_statements under Server settings".to_string(),
        };
    }
    granted(
        what,
        "audit",
        p.has_read_all_stats,
        "statements of other users show no text",
        format!("GRANT pg_read_all_stats TO {role}; (or pg_monitor)"),
    )
}

fn row_counts(p: &Privileges, role: &str) -> Capability {
    let what = "exact row counts of every table";
    let mut gaps = Vec::new();
    let mut remedies = Vec::new();
    if p.unreadable_tables > 0 {
        gaps.push(format!(
            "{} of {} tables without SELECT",
            p.unreadable_tables, p.user_tables
        ));
        remedies.push(format!("GRANT pg_read_all_data TO {role};"));
    }
    if p.row_security_tables > 0 {
        gaps.push(format!(
            "{} tables filtered by row level security",
            p.row_security_tables
        ));
        remedies.push(format!(
            "ALTER ROLE {role} BYPASSRLS; (or audit as the tables' owner)"
        ));
    }
    if gaps.is_empty() {
        return granted(what, "audit", true, "", String::new());
    }
    Capability {
        what,
        used_by: "audit",
        status: Status::new(Level::Warn, format!("estimates: {}", gaps.join(", "))),
        remedy: remedies.join(" "),
    }
}

fn indexes(p: &Privileges, role: &str) -> Capability {
    let what = "create the performance indexes (CREATE INDEX needs the table's owner)";
    if p.indexed_tables.is_empty() {
        return Capability {
            what,
            used_by: "migrate",
            status: Status::new(Level::Info, "skipped: the scheduling tables are absent"),
            remedy: String::new(),
        };
    }
    let foreign: Vec<&(String, String, bool)> = p
        .indexed_tables
        .iter()
        .filter(|(_, _, owned)| !owned)
        .collect();
    if foreign.is_empty() {
        return granted(what, "migrate", true, "", String::new());
    }
    let names: Vec<&str> = foreign.iter().map(|(name, _, _)| name.as_str()).collect();
    let mut owners: Vec<&str> = foreign.iter().map(|(_, owner, _)| owner.as_str()).collect();
    owners.sort_unstable();
    owners.dedup();
    let grants: Vec<String> = owners
        .iter()
        .map(|owner| format!("GRANT {} TO {role};", quote_ident(owner)))
        .collect();
    Capability {
        what,
        used_by: "migrate",
        status: Status::new(Level::Warn, format!("not owner of {}", names.join(", "))),
        remedy: format!("migrate as {}, or {}", owners.join(", "), grants.join(" ")),
    }
}

/// The `privileges` section.
pub fn section(p: &Privileges) -> Section {
    let mut section = Section::new("privileges", "Privileges");
    section.fact("role", "Role", Value::Text(p.role.clone()));
    let yes_no = |held: bool| Value::Text(if held { "yes" } else { "no" }.to_string());
    section.fact("superuser", "Superuser", yes_no(p.is_superuser));
    section.fact(
        "pg_monitor",
        "Member of pg_monitor",
        yes_no(p.has_pg_monitor),
    );
    section.fact(
        "pg_read_all_stats",
        "Member of pg_read_all_stats",
        yes_no(p.has_read_all_stats),
    );

    let capabilities = capabilities(p);
    let runnable = capabilities
        .iter()
        .filter(|c| c.status.level == Level::Ok)
        .count();
    let summary = if capabilities.iter().all(|c| c.status.level < Level::Warn) {
        Status::new(Level::Ok, "everything that applies here")
    } else {
        Status::new(Level::Warn, "the last column enables the rest")
    };
    section.judged(
        "runnable",
        "Can run",
        Value::Text(format!("{runnable} of {}", capabilities.len())),
        summary,
    );

    let mut table = Table::new(
        "capabilities",
        &[
            ("what", "Check or step"),
            ("used_by", "Used by"),
            ("status", "Status"),
            ("remedy", "Grant to enable"),
        ],
    );
    for capability in capabilities {
        table.rows.push(vec![
            Value::Text(capability.what.to_string()),
            Value::Text(capability.used_by.to_string()),
            Value::Status(capability.status),
            Value::Text(capability.remedy),
        ]);
    }
    section.tables.push(table);
    if p.is_superuser {
        section.notes.push(
            "A superuser can run everything; for routine audits a role with pg_monitor is enough."
                .to_string(),
        );
    }
    section
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain_role() -> Privileges {
        Privileges {
            role: "auditor".into(),
            database: "pharmacy".into(),
            user_tables: 9,
            unreadable_tables: 2,
            row_security_tables: 7,
            indexed_tables: vec![
                ("stores".into(), "app owner".into(), false),
                ("contacts".into(), "auditor".into(), true),
            ],
            statement_stats_ready: true,
            ..Privileges::default()
        }
    }

    #[test]
    fn a_plain_role_is_told_which_grant_enables_what() {
        let capabilities = capabilities(&plain_role());
        let remedy = |what: &str| {
            let c = capabilities
                .iter()
                .find(|c| c.what.starts_with(what))
                .unwrap();
            assert_eq!(c.status.level, Level::Warn, "{c:?}");
            c.remedy.clone()
        };
        assert!(remedy("slow queries").contains("GRANT pg_read_all_stats TO \"auditor\""));
        assert!(remedy("query text").contains("pg_read_all_stats"));
        assert!(remedy("every server setting").contains("pg_read_all_settings"));
        assert!(remedy("exact row counts").contains("pg_read_all_data"));
        assert!(remedy("exact row counts").contains("BYPASSRLS"));
        assert_eq!(
            remedy("create the performance"),
            "migrate as app owner, or GRANT \"app owner\" TO \"auditor\";"
        );
        assert!(
            remedy("create the analytics")
                .contains("GRANT CREATE ON DATABASE \"pharmacy\" TO \"auditor\"")
        );
    }

    #[test]
    fn a_monitoring_owner_runs_everything() {
        let p = Privileges {
            has_pg_monitor: true,
            has_read_all_stats: true,
            has_read_all_settings: true,
            can_create_schema: true,
            can_create_in_public: true,
            unreadable_tables: 0,
            row_security_tables: 0,
            indexed_tables: vec![("stores".into(), "auditor".into(), true)],
            ..plain_role()
        };
        for capability in capabilities(&p) {
            assert_eq!(capability.status.level, Level::Ok, "{capability:?}");
            assert!(capability.remedy.is_empty());
        }
        let section = section(&p);
        let runnable = section.facts.iter().find(|f| f.key == "runnable").unwrap();
        assert_eq!(runnable.value, Value::Text("8 of 8".into()));
    }

    #[test]
    fn without_the_extension_slow_queries_are_skipped() {
        let p = Privileges {
            statement_stats_ready: false,
            has_read_all_stats: true,
            ..plain_role()
        };
        let first = &capabilities(&p)[0];
        assert!(
            first.status.text.starts_with("skipped"),
            "{:?}",
            first.status
        );
    }
}
