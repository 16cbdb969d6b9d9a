//! Splitting a migration into statements with squawk's SQL parser, and judging each one:
//! whether it can run inside a transaction, which table lock it takes, and, for a concurrent
//! index build, the index and table it names. A file that mixes non-transactional statements
//! with others, lacks the no-transaction header it needs, or carries one it does not need, is
//! rejected here, before anything runs.

use squawk_syntax::ast::{self, AstNode};
use squawk_syntax::{SourceFile, SyntaxKind, SyntaxNode};

use crate::error::{Error, Result};

use super::files::Migration;

/// One statement of a migration file.
#[derive(Debug, Clone)]
pub struct Statement {
    /// The statement's text, without the trailing semicolon's surroundings.
    pub text: String,
    /// 1-based line where it starts.
    pub line: usize,
    /// Whether PostgreSQL allows it inside a transaction block.
    pub transactional: bool,
    /// The strongest table lock it takes, in PostgreSQL's words.
    pub lock: &'static str,
    /// For `CREATE INDEX CONCURRENTLY`: what it builds.
    pub index: Option<IndexBuild>,
}

/// A concurrent index build: the names the runner needs to find an earlier, invalid or
/// differently defined index of the same name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexBuild {
    /// The index name, unquoted.
    pub name: String,
    /// The table as written (possibly schema-qualified and quoted), for `to_regclass`.
    pub table: String,
    /// The normalised definition after the table name (`using btree ( a , b ) where c`).
    pub definition: String,
    /// `CREATE UNIQUE INDEX`.
    pub unique: bool,
    /// The index name as written (quoted if it was), for statements built from this one.
    pub name_sql: String,
    /// The text after the table name as written (`USING btree (a, b) WHERE c`).
    pub tail_sql: String,
}

/// Splits `migration` into statements and checks its transaction mode.
pub fn classify(migration: &Migration) -> Result<Vec<Statement>> {
    let statements = split(&migration.path, &migration.text)?;
    check_mode(migration, &statements)?;
    Ok(statements)
}

/// Parses `text` and classifies each statement; syntax errors and transaction control
/// statements are usage errors naming `path` and the line.
pub fn split(path: &str, text: &str) -> Result<Vec<Statement>> {
    let parse = SourceFile::parse(text);
    if let Some(error) = parse.errors().first() {
        let line = line_of(text, usize::from(error.range().start()));
        return Err(
            Error::usage(format!("{path}:{line}: syntax error: {}", error.message()))
                .with_help("fix the SQL; pharmctl parses every file before running any"),
        );
    }

    let mut statements = Vec::new();
    for stmt in parse.tree().stmts() {
        if matches!(stmt, ast::Stmt::EmptyStmt(_)) {
            continue;
        }
        let start = usize::from(stmt.syntax().text_range().start());
        let line = line_of(text, start);
        if is_transaction_control(&stmt) {
            return Err(Error::usage(format!(
                "{path}:{line}: transaction control statement in a migration"
            ))
            .with_help(
                "remove BEGIN/COMMIT: pharmctl runs each file in a transaction, or none \
                 with `-- pharmctl: no-transaction`",
            ));
        }
        statements.push(judge(&stmt, path, line)?);
    }
    Ok(statements)
}

fn check_mode(migration: &Migration, statements: &[Statement]) -> Result<()> {
    let path = &migration.path;
    let outside = statements.iter().filter(|s| !s.transactional).count();
    let first_outside = statements.iter().find(|s| !s.transactional);

    if outside > 0 && outside < statements.len() {
        let line = first_outside.map_or(0, |s| s.line);
        return Err(Error::usage(format!(
            "{path}:{line}: a statement that cannot run in a transaction is mixed with others"
        ))
        .with_help("move each CONCURRENTLY, VACUUM or similar statement into a file of its own"));
    }
    if let (Some(stmt), false) = (first_outside, migration.header.no_transaction) {
        return Err(Error::usage(format!(
            "{path}:{}: this statement cannot run in a transaction and the file lacks the \
             no-transaction header",
            stmt.line
        ))
        .with_help("add the line `-- pharmctl: no-transaction` at the top of the file"));
    }
    if outside == 0 && migration.header.no_transaction {
        return Err(Error::usage(format!(
            "{path}: marked no-transaction but every statement can run in a transaction"
        ))
        .with_help("remove `-- pharmctl: no-transaction` so the file applies atomically"));
    }
    Ok(())
}

fn is_transaction_control(stmt: &ast::Stmt) -> bool {
    matches!(
        stmt,
        ast::Stmt::Begin(_)
            | ast::Stmt::Commit(_)
            | ast::Stmt::Rollback(_)
            | ast::Stmt::SavepointCreate(_)
            | ast::Stmt::ReleaseSavepoint(_)
            | ast::Stmt::PrepareTransaction(_)
    )
}

fn judge(stmt: &ast::Stmt, path: &str, line: usize) -> Result<Statement> {
    let node = stmt.syntax();
    let concurrently = has_token(node, SyntaxKind::CONCURRENTLY_KW);
    let (transactional, lock) = mode_and_lock(stmt, concurrently);
    let index = match stmt {
        ast::Stmt::CreateIndex(create) if concurrently => Some(index_build(create, path, line)?),
        _ => None,
    };
    Ok(Statement {
        text: node.text().to_string().trim().to_string(),
        line,
        transactional,
        lock,
        index,
    })
}

/// Whether the statement may run in a transaction block, and the lock it takes on the table
/// it touches (PostgreSQL documentation, "Table-Level Locks").
fn mode_and_lock(stmt: &ast::Stmt, concurrently: bool) -> (bool, &'static str) {
    use ast::Stmt as S;
    const NONE: &str = "none on tables";
    match stmt {
        S::CreateIndex(_) if concurrently => (false, "SHARE UPDATE EXCLUSIVE"),
        S::CreateIndex(_) => (true, "SHARE"),
        S::DropIndex(_) if concurrently => (false, "SHARE UPDATE EXCLUSIVE"),
        S::Reindex(_) if concurrently => (false, "SHARE UPDATE EXCLUSIVE"),
        S::Reindex(_) => (true, "ACCESS EXCLUSIVE"),
        S::Vacuum(v) if v.full_token().is_some() => (false, "ACCESS EXCLUSIVE"),
        S::Vacuum(_) => (false, "SHARE UPDATE EXCLUSIVE"),
        S::CreateDatabase(_)
        | S::DropDatabase(_)
        | S::CreateTablespace(_)
        | S::DropTablespace(_)
        | S::AlterSystem(_)
        | S::CreateSubscription(_)
        | S::DropSubscription(_)
        | S::Discard(_) => (false, NONE),
        S::Refresh(_) if concurrently => (true, "EXCLUSIVE"),
        S::Analyze(_) | S::CommentOn(_) | S::CreateStatistics(_) => {
            (true, "SHARE UPDATE EXCLUSIVE")
        }
        S::CreateTrigger(_) => (true, "SHARE ROW EXCLUSIVE"),
        S::Insert(_) | S::Update(_) | S::Delete(_) | S::Merge(_) => (true, "ROW EXCLUSIVE"),
        S::Select(_) | S::CreateMaterializedView(_) | S::CreateView(_) | S::CreateTableAs(_) => {
            (true, "ACCESS SHARE")
        }
        S::CreateFunction(_)
        | S::CreateProcedure(_)
        | S::CreateSchema(_)
        | S::CreateType(_)
        | S::CreateDomain(_)
        | S::CreateSequence(_)
        | S::CreateRole(_)
        | S::CreateExtension(_)
        | S::Grant(_)
        | S::Revoke(_)
        | S::Set(_)
        | S::Do(_)
        | S::AlterFunction(_)
        | S::AlterDefaultPrivileges(_) => (true, NONE),
        S::CreateTable(_) => (true, "none (SHARE ROW EXCLUSIVE on referenced tables)"),
        _ => (true, "ACCESS EXCLUSIVE"),
    }
}

fn index_build(create: &ast::CreateIndex, path: &str, line: usize) -> Result<IndexBuild> {
    let unnamed = || {
        Error::usage(format!(
            "{path}:{line}: a concurrent index build needs an index name and a table"
        ))
        .with_help("name the index, so that a failed build can be found and rebuilt")
    };
    let Some(name) = create.index().map(|n| n.syntax().text().to_string()) else {
        return Err(unnamed());
    };
    let Some(table) = create.table_relation_name() else {
        return Err(unnamed());
    };
    let after = table.syntax().text_range().end();
    let tail: Vec<String> = create
        .syntax()
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
        .filter(|t| t.text_range().start() >= after)
        .map(|t| (t.kind(), t.text().to_string()))
        .filter(|(kind, _)| !kind.is_trivia() && *kind != SyntaxKind::SEMICOLON)
        .map(|(_, text)| normalise_token(&text))
        .collect();

    let node = create.syntax();
    let offset = usize::from(after - node.text_range().start());
    let text = node.text().to_string();
    let tail_sql = text
        .get(offset..)
        .unwrap_or_default()
        .trim()
        .trim_end_matches(';')
        .trim_end()
        .to_string();

    Ok(IndexBuild {
        name: unquote(name.trim()),
        table: table.syntax().text().to_string().trim().to_string(),
        definition: default_method(tail).join(" "),
        unique: create.unique_token().is_some(),
        name_sql: name.trim().to_string(),
        tail_sql,
    })
}

/// The normalised definition of `CREATE [UNIQUE] INDEX ... ON table <definition>` as
/// `pg_get_indexdef` prints it, for comparing with [`IndexBuild::definition`].
pub fn catalog_definition(indexdef: &str) -> Option<(bool, String)> {
    let parse = SourceFile::parse(indexdef);
    let stmt = parse.tree().stmts().next()?;
    let ast::Stmt::CreateIndex(create) = stmt else {
        return None;
    };
    let build = index_build(&create, "catalog", 1).ok()?;
    Some((build.unique, build.definition))
}

/// Treats a missing `USING` as `USING btree`, as PostgreSQL does.
fn default_method(tail: Vec<String>) -> Vec<String> {
    if tail.first().is_some_and(|t| t == "using") {
        return tail;
    }
    let mut with_method = vec!["using".to_string(), "btree".to_string()];
    with_method.extend(tail);
    with_method
}

fn normalise_token(text: &str) -> String {
    if text.starts_with('"') {
        let inner = unquote(text);
        let plain = inner
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        return if plain { inner } else { text.to_string() };
    }
    text.to_lowercase()
}

fn unquote(text: &str) -> String {
    match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => text.to_lowercase(),
    }
}

fn has_token(node: &SyntaxNode, kind: SyntaxKind) -> bool {
    node.descendants_with_tokens()
        .filter_map(|e| e.into_token())
        .any(|t| t.kind() == kind)
}

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrate::files::{Source, load, parse};

    fn file(name: &str, text: &str) -> Migration {
        parse(name, text.to_string()).unwrap()
    }

    #[test]
    fn the_project_migrations_classify() {
        for migration in load(&Source::Embedded).unwrap() {
            let statements = classify(&migration).unwrap();
            assert!(!statements.is_empty(), "{}", migration.path);
        }
    }

    #[test]
    fn concurrent_builds_need_the_header() {
        let sql = "CREATE INDEX CONCURRENTLY i ON t (a);";
        let err = classify(&file("0001_a.sql", sql)).unwrap_err();
        assert!(err.message().contains("lacks the no-transaction header"));
        let ok = classify(&file(
            "0001_a.sql",
            &format!("-- pharmctl: no-transaction\n{sql}"),
        ));
        let statements = ok.unwrap();
        assert!(!statements[0].transactional);
        assert_eq!(statements[0].lock, "SHARE UPDATE EXCLUSIVE");
    }

    #[test]
    fn mixing_is_rejected_whatever_the_header() {
        for header in ["", "-- pharmctl: no-transaction\n"] {
            let text = format!("{header}CREATE TABLE x (a int);\nVACUUM x;\n");
            let err = classify(&file("0002_b.sql", &text)).unwrap_err();
            assert!(err.message().contains("mixed"), "{}", err.message());
            assert_eq!(err.exit_code(), 2);
        }
    }

    #[test]
    fn parser_sees_through_comments_and_strings() {
        let text = "-- CREATE INDEX CONCURRENTLY in a comment\n\
                    SELECT 'VACUUM; REINDEX TABLE CONCURRENTLY t';\n\
                    CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ SELECT 1 $$;\n";
        let statements = classify(&file("0003_c.sql", text)).unwrap();
        assert_eq!(statements.len(), 2);
        assert!(statements.iter().all(|s| s.transactional));
        assert_eq!(statements[1].line, 3);
    }

    #[test]
    fn reindex_concurrently_and_header_without_need() {
        let text = "-- pharmctl: no-transaction\nREINDEX INDEX CONCURRENTLY i;\n";
        assert!(!classify(&file("0004_d.sql", text)).unwrap()[0].transactional);
        let err = classify(&file(
            "0005_e.sql",
            "-- pharmctl: no-transaction\nSELECT 1;",
        ));
        assert!(err.unwrap_err().message().contains("marked no-transaction"));
    }

    #[test]
    fn transaction_control_and_syntax_errors_are_rejected() {
        let err = split("f.sql", "BEGIN;\nSELECT 1;\nCOMMIT;").unwrap_err();
        assert!(err.message().starts_with("f.sql:1: transaction control"));
        let err = split("f.sql", "SELECT 1;\nCREATE INDEX ON ;").unwrap_err();
        assert!(
            err.message().starts_with("f.sql:2: syntax error"),
            "{}",
            err.message()
        );
    }

    #[test]
    fn index_definitions_compare_with_the_catalog() {
        let text = "-- pharmctl: no-transaction\n\
                    CREATE INDEX CONCURRENTLY \"Idx_A\"\n\
                    ON public.stores (store_number) WHERE is_active;";
        let statements = classify(&file("0006_f.sql", text)).unwrap();
        let build = statements[0].index.clone().unwrap();
        assert_eq!(build.name, "Idx_A");
        assert_eq!(build.table, "public.stores");
        let catalog = "CREATE INDEX \"Idx_A\" ON public.stores USING btree (store_number) \
                       WHERE is_active";
        assert_eq!(
            catalog_definition(catalog),
            Some((false, build.definition.clone()))
        );
        let other = "CREATE INDEX \"Idx_A\" ON public.stores USING btree (store_number)";
        assert_ne!(catalog_definition(other).unwrap().1, build.definition);
        assert_eq!(build.name_sql, "\"Idx_A\"");
        assert_eq!(build.tail_sql, "(store_number) WHERE is_active");
        // A partitioned table's index, as pg_get_indexdef prints it, compares alike.
        let partitioned = "CREATE INDEX \"Idx_A\" ON ONLY public.stores USING btree \
                           (store_number) WHERE is_active";
        assert_eq!(
            catalog_definition(partitioned),
            Some((false, build.definition.clone()))
        );
    }
}
