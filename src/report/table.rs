//! Renders a report as terminal tables with comfy-table; colours verdicts only when asked.

use std::io::Write;

use comfy_table::{Cell, CellAlignment, Color, ContentArrangement, Table as Grid, presets};

use super::{Level, Report, Section, Table, Value};

/// Writes the report as text tables.
pub(super) fn render(report: &Report, color: bool, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{}", report.title)?;
    if let Some(subject) = &report.subject {
        writeln!(out, "{subject}")?;
    }
    for section in &report.sections {
        writeln!(out)?;
        render_section(section, color, out)?;
    }
    Ok(())
}

fn render_section(section: &Section, color: bool, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{}", section.title)?;

    if !section.facts.is_empty() {
        let mut grid = grid(color);
        for fact in &section.facts {
            let mut row = vec![Cell::new(fact.label), value_cell(&fact.value, color)];
            if let Some(status) = &fact.status {
                row.push(status_cell(status.level, &status.text, color));
            }
            grid.add_row(row);
        }
        writeln!(out, "{grid}")?;
    }

    for table in section.tables.iter().filter(|t| !t.rows.is_empty()) {
        writeln!(out, "{}", table_grid(table, color))?;
    }

    for finding in &section.findings {
        let label = format!("[{}]", finding.level.as_str());
        let label = if color {
            paint(finding.level, &label)
        } else {
            label
        };
        writeln!(out, "{label} {} {}", finding.check, finding.object)?;
        for line in wrap(&finding.message, WRAP_WIDTH) {
            writeln!(out, "    {line}")?;
        }
        for line in wrap(&format!("fix: {}", finding.remedy), WRAP_WIDTH) {
            writeln!(out, "    {line}")?;
        }
    }

    for note in &section.notes {
        writeln!(out, "{note}")?;
    }
    Ok(())
}

fn table_grid(table: &Table, color: bool) -> Grid {
    let mut grid = grid(color);
    grid.set_header(table.columns.iter().map(|c| Cell::new(c.header)));
    for row in &table.rows {
        grid.add_row(row.iter().map(|value| value_cell(value, color)));
    }
    for (index, column) in grid.column_iter_mut().enumerate() {
        let numeric = table
            .rows
            .iter()
            .any(|row| row.get(index).is_some_and(Value::is_numeric));
        if numeric {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    grid
}

fn grid(color: bool) -> Grid {
    let mut grid = Grid::new();
    grid.load_preset(presets::UTF8_FULL_CONDENSED);
    grid.set_content_arrangement(ContentArrangement::Disabled);
    if color {
        grid.enforce_styling();
    } else {
        grid.force_no_tty();
    }
    grid
}

fn value_cell(value: &Value, color: bool) -> Cell {
    match value {
        Value::Status(status) => status_cell(status.level, &status.text, color),
        other => Cell::new(other.display()),
    }
}

/// Width of a finding's sentence and remedy lines, after their four-space indent.
const WRAP_WIDTH: usize = 96;

/// Splits text into lines of at most `width` characters at spaces; a longer word stands alone.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A finding's level label in its severity colour.
fn paint(level: Level, text: &str) -> String {
    use owo_colors::OwoColorize;
    match level {
        Level::Ok => text.green().to_string(),
        Level::Info => text.cyan().to_string(),
        Level::Warn => text.yellow().to_string(),
        Level::Error => text.red().to_string(),
    }
}

fn status_cell(level: Level, text: &str, color: bool) -> Cell {
    let cell = Cell::new(text);
    if !color {
        return cell;
    }
    match level {
        Level::Ok => cell.fg(Color::Green),
        Level::Info => cell.fg(Color::Cyan),
        Level::Warn => cell.fg(Color::Yellow),
        Level::Error => cell.fg(Color::Red),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_sentences_wrap_at_spaces() {
        assert_eq!(wrap("one two three four", 9), ["one two", "three", "four"]);
        assert_eq!(
            wrap("averyveryverylongword x", 5),
            ["averyveryverylongword", "x"]
        );
        assert!(wrap("", 10).is_empty());
    }
}
