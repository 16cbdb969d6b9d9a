//! Renders a report as GitHub-flavoured markdown: a heading per section, facts and rows as
//! pipe tables. Never coloured.

use std::io::Write;

use super::{Report, Section, Value};

/// Writes the report as markdown.
pub(super) fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "# {}", escape(&report.title))?;
    if let Some(subject) = &report.subject {
        writeln!(out, "\n{}", escape(subject))?;
    }
    for section in &report.sections {
        render_section(section, out)?;
    }
    Ok(())
}

fn render_section(section: &Section, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "\n## {}\n", escape(&section.title))?;

    if !section.facts.is_empty() {
        writeln!(out, "| Metric | Value | Status |")?;
        writeln!(out, "|---|---:|---|")?;
        for fact in &section.facts {
            let status = fact
                .status
                .as_ref()
                .map_or(String::new(), |s| escape(&s.text));
            writeln!(
                out,
                "| {} | {} | {status} |",
                escape(fact.label),
                cell(&fact.value)
            )?;
        }
        writeln!(out)?;
    }

    for table in &section.tables {
        let headers: Vec<String> = table.columns.iter().map(|c| escape(c.header)).collect();
        writeln!(out, "| {} |", headers.join(" | "))?;
        let rules: Vec<&str> = (0..table.columns.len())
            .map(|i| {
                let numeric = table
                    .rows
                    .iter()
                    .any(|r| r.get(i).is_some_and(Value::is_numeric));
                if numeric { "---:" } else { "---" }
            })
            .collect();
        writeln!(out, "|{}|", rules.join("|"))?;
        for row in &table.rows {
            let cells: Vec<String> = row.iter().map(cell).collect();
            writeln!(out, "| {} |", cells.join(" | "))?;
        }
        writeln!(out)?;
    }

    for note in &section.notes {
        writeln!(out, "{}\n", escape(note))?;
    }
    Ok(())
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

    #[test]
    fn pipes_do_not_split_cells() {
        assert_eq!(escape("a|b\nc"), "a\\|b c");
    }
}
