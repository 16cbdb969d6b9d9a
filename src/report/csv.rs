//! Renders a report's tables as comma-separated values (RFC 4180), with the machine column
//! keys as headers and raw numbers. Facts and notes are left out; several tables are
//! separated by a blank line.

use std::io::Write;

use super::{Report, ReportSet, Table, Value};

/// Writes every table of the report as CSV.
pub(super) fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let tables = report.sections.iter().flat_map(|section| &section.tables);
    for (index, table) in tables.enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        write_table(table, None, out)?;
    }
    Ok(())
}

/// Writes the summary's tables, then every table of each report with the database's name in
/// a first `database` column.
pub(super) fn render_set(set: &ReportSet, out: &mut dyn Write) -> std::io::Result<()> {
    render(&set.summary, out)?;
    for (name, report) in &set.reports {
        for table in report.sections.iter().flat_map(|section| &section.tables) {
            writeln!(out)?;
            write_table(table, Some(name), out)?;
        }
    }
    Ok(())
}

/// One table: a header of column keys, then the rows; `database` first when named.
fn write_table(table: &Table, database: Option<&str>, out: &mut dyn Write) -> std::io::Result<()> {
    let lead = database.map(quote);
    let header = lead
        .as_ref()
        .map(|_| "database".to_string())
        .into_iter()
        .chain(table.columns.iter().map(|c| quote(c.key)));
    writeln!(out, "{}", header.collect::<Vec<_>>().join(","))?;
    for row in &table.rows {
        let cells = lead
            .iter()
            .cloned()
            .chain(row.iter().map(|value| quote(&raw(value))));
        writeln!(out, "{}", cells.collect::<Vec<_>>().join(","))?;
    }
    Ok(())
}

/// The value as a spreadsheet wants it: numbers unformatted, verdicts as their text.
fn raw(value: &Value) -> String {
    match value {
        Value::Int(n) | Value::Bytes(n) | Value::Count { value: n, .. } => n.to_string(),
        Value::Ratio(r) => r.to_string(),
        Value::Millis(ms) => ms.to_string(),
        other => other.display(),
    }
}

/// Quotes a field when it holds a comma, a quote or a line break.
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Section;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(quote("E000001"), "E000001");
        assert_eq!(quote("79,80"), "\"79,80\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn tables_become_rows_with_raw_numbers() {
        let mut report = Report::new("stats", "t");
        let mut section = Section::new("s", "S");
        let mut table = Table::new("t", &[("table", "Table"), ("table_bytes", "Size")]);
        table
            .rows
            .push(vec![Value::Text("stores".into()), Value::Bytes(16384)]);
        section.tables.push(table);
        report.sections.push(section);

        let mut out = Vec::new();
        render(&report, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "table,table_bytes\nstores,16384\n"
        );
    }
}
