//! `migrate lint`: squawk-linter's default rules over migration files. A file without the
//! no-transaction header is linted as running inside a transaction, since that is how the
//! runner applies it. `require-lock-timeout` and `require-statement-timeout` are off: the
//! runner itself sets `lock_timeout` and `statement_timeout` before every file (`--lock-timeout`,
//! `--index-lock-timeout`, and the file's header), so a `SET` in the file would only fight
//! them. Findings carry the line and column, for gcc-style output.

use squawk_linter::{Linter, Rule};
use squawk_syntax::SourceFile;

use super::classify::line_of;
use super::files::parse_header;

/// One rule violation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The file, as given.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// squawk's rule name (`require-concurrent-index-creation`).
    pub rule: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when squawk says.
    pub help: Option<String>,
}

impl Finding {
    /// `path:line:column: warning: message [rule]`, as compilers print.
    pub fn gcc_line(&self) -> String {
        let mut line = format!(
            "{}:{}:{}: warning: {} [{}]",
            self.path, self.line, self.column, self.message, self.rule
        );
        if let Some(help) = &self.help {
            line.push_str(&format!(" (help: {help})"));
        }
        line
    }
}

/// Lints one file's text with squawk's default rules.
pub fn lint(path: &str, text: &str) -> Vec<Finding> {
    let no_transaction = parse_header(text).is_ok_and(|h| h.no_transaction);
    let parse = SourceFile::parse(text);
    let mut linter = Linter::with_rules(
        &[],
        &[Rule::RequireLockTimeout, Rule::RequireStatementTimeout],
    );
    linter.settings.assume_in_transaction = !no_transaction;

    let mut findings: Vec<Finding> = linter
        .lint(&parse, text)
        .into_iter()
        .map(|v| {
            let offset = usize::from(v.text_range.start());
            Finding {
                path: path.to_string(),
                line: line_of(text, offset),
                column: column_of(text, offset),
                rule: v.code.to_string(),
                message: v.message,
                help: v.help,
            }
        })
        .collect();
    findings.sort_by_key(|f| (f.line, f.column));
    findings
}

fn column_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..offset].chars().count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrate::files::{Source, load};

    #[test]
    fn the_project_migrations_are_clean() {
        for migration in load(&Source::Embedded).unwrap() {
            let findings = lint(&migration.path, &migration.text);
            assert!(findings.is_empty(), "{findings:#?}");
        }
    }

    #[test]
    fn a_blocking_index_build_is_found_with_its_position() {
        let text = "SELECT 1;\n  CREATE INDEX i ON public.t (a);\n";
        let findings = lint("m.sql", text);
        let rule = findings
            .iter()
            .find(|f| f.rule == "require-concurrent-index-creation")
            .unwrap();
        assert_eq!((rule.line, rule.column), (2, 3));
        assert!(rule.gcc_line().starts_with("m.sql:2:3: warning: "));
    }
}
