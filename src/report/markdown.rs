//! Renders a report as GitHub-flavoured markdown: a heading per section, facts and rows as
//! pipe tables, blocks separated by one blank line. Never coloured.

use std::io::Write;

use super::{Report, Section, Table, Value};

/// Writes the report as markdown.
pub(super) fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let mut blocks = vec![format!("# {}", escape(&report.title))];
    if let Some(subject) = &report.subject {
        blocks.push(escape(subject));
    }
    for section in &report.sections {
        blocks.push(format!("## {}", escape(&section.title)));
        blocks.extend(section_blocks(section));
    }
    writeln!(out, "{}", blocks.join("\n\n"))
}

fn section_blocks(section: &Section) -> Vec<String> {
    let mut blocks = Vec::new();
    if !section.facts.is_empty() {
        blocks.push(facts(section));
    }
    blocks.extend(
        section
            .tables
            .iter()
            .filter(|t| !t.rows.is_empty())
            .map(table),
    );
    if !section.findings.is_empty() {
        let items: Vec<String> = section
            .findings
            .iter()
            .map(|f| {
                format!(
                    "- **{}** `{}` {}: {} Fix: `{}`",
                    f.level.as_str(),
                    f.check,
                    escape(&f.object),
                    escape(&f.message),
                    f.remedy.replace('`', "'").replace(['\n', '\r'], " ")
                )
            })
            .collect();
        blocks.push(items.join("\n"));
    }
    blocks.extend(section.notes.iter().map(|note| escape(note)));
    blocks
}

/// Facts as a two-column table, or three when any of them is judged.
fn facts(section: &Section) -> String {
    let judged = section.facts.iter().any(|f| f.status.is_some());
    let mut lines = if judged {
        vec![
            "| Metric | Value | Status |".to_string(),
            "|---|---|---|".to_string(),
        ]
    } else {
        vec!["| Metric | Value |".to_string(), "|---|---|".to_string()]
    };
    for fact in &section.facts {
        let mut line = format!("| {} | {} |", escape(fact.label), cell(&fact.value));
        if judged {
            let status = fact
                .status
                .as_ref()
                .map_or(String::new(), |s| escape(&s.text));
            line.push_str(&format!(" {status} |"));
        }
        lines.push(line);
    }
    lines.join("\n")
}

fn table(table: &Table) -> String {
    let headers: Vec<String> = table.columns.iter().map(|c| escape(c.header)).collect();
    let rules: Vec<&str> = (0..table.columns.len())
        .map(|i| {
            let numeric = table
                .rows
                .iter()
                .any(|r| r.get(i).is_some_and(Value::is_numeric));
            if numeric { "---:" } else { "---" }
        })
        .collect();
    let mut lines = vec![
        format!("| {} |", headers.join(" | ")),
        format!("|{}|", rules.join("|")),
    ];
    for row in &table.rows {
        let cells: Vec<String> = row.iter().map(cell).collect();
        lines.push(format!("| {} |", cells.join(" | ")));
    }
    lines.join("\n")
}

fn cell(value: &Value) -> String {
    escape(&value.display())
}

/// Keeps a value from breaking the table: pipes escaped, line breaks flattened.
fn escape(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Level, Section, Status};

    #[test]
    fn pipes_do_not_split_cells() {
        assert_eq!(escape("a|b\nc"), "a\\|b c");
    }

    #[test]
    fn sections_are_separated_by_one_blank_line() {
        let mut report = Report::new("stats", "pharmctl stats");
        let mut section = Section::new("cache", "Buffer cache");
        section.judged(
            "ratio",
            "Cache hit ratio",
            Value::Ratio(0.5),
            Status::new(Level::Warn, "low"),
        );
        report.sections.push(section);
        report.sections.push(Section::new("empty", "Empty"));

        let mut out = Vec::new();
        render(&report, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();

        assert!(!text.contains("\n\n\n"), "{text}");
        assert!(text.contains("| Cache hit ratio | 50.0% | low |"), "{text}");
        assert!(text.ends_with("## Empty\n"), "{text}");
    }
}
