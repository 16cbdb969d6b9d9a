//! Renders a report as JSON: `format_version`, then each section keyed by its id, with facts as
//! an object and tables as arrays of row objects. Numbers stay numbers (bytes, ratios 0..1).

use std::io::Write;

use serde_json::{Map, Value as Json, json};

use super::{FORMAT_VERSION, Report, ReportSet, Section, Value};

/// Writes the report as pretty-printed JSON followed by a newline.
pub(super) fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    write_document(&document(report), out)
}

/// Writes a set of reports as one document: `databases` (name and report each), `summary`.
pub(super) fn render_set(set: &ReportSet, out: &mut dyn Write) -> std::io::Result<()> {
    let databases: Vec<Json> = set
        .reports
        .iter()
        .map(|(name, report)| json!({ "name": name, "report": document(report) }))
        .collect();
    let document = json!({
        "format_version": FORMAT_VERSION,
        "command": set.command,
        "generated_at": now(),
        "databases": databases,
        "summary": document(&set.summary),
    });
    write_document(&document, out)
}

fn write_document(document: &Json, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, document)?;
    writeln!(out)
}

fn document(report: &Report) -> Json {
    let mut sections = Map::new();
    for section in &report.sections {
        sections.insert(section.id.to_string(), section_json(section));
    }
    json!({
        "format_version": FORMAT_VERSION,
        "command": report.command,
        "title": report.title,
        "subject": report.subject,
        "generated_at": now(),
        "sections": sections,
    })
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn section_json(section: &Section) -> Json {
    let mut facts = Map::new();
    for fact in &section.facts {
        let mut entry = Map::new();
        entry.insert("value".into(), value_json(&fact.value));
        if let Some(status) = &fact.status {
            entry.insert(
                "status".into(),
                status_json(status.level.as_str(), &status.text),
            );
        }
        facts.insert(fact.key.to_string(), Json::Object(entry));
    }

    let mut tables = Map::new();
    for table in &section.tables {
        let rows: Vec<Json> = table
            .rows
            .iter()
            .map(|row| {
                let object: Map<String, Json> = table
                    .columns
                    .iter()
                    .zip(row)
                    .map(|(column, value)| (column.key.to_string(), value_json(value)))
                    .collect();
                Json::Object(object)
            })
            .collect();
        tables.insert(table.id.to_string(), Json::Array(rows));
    }

    let findings: Vec<Json> = section
        .findings
        .iter()
        .map(|f| {
            json!({
                "level": f.level.as_str(),
                "check": f.check,
                "object": f.object,
                "message": f.message,
                "remedy": f.remedy,
                "key": f.key,
                "metadata": f.metadata,
            })
        })
        .collect();
    json!({
        "title": section.title,
        "facts": facts,
        "tables": tables,
        "findings": findings,
        "notes": section.notes,
    })
}

fn value_json(value: &Value) -> Json {
    match value {
        Value::Text(text) => json!(text),
        Value::Int(n) | Value::Bytes(n) => json!(n),
        Value::Count { value, exact } => json!({ "value": value, "exact": exact }),
        Value::Ratio(r) => json!(r),
        Value::Millis(ms) => json!(ms),
        Value::Status(status) => status_json(status.level.as_str(), &status.text),
        Value::Missing(reason) => json!({ "missing": reason }),
    }
}

fn status_json(level: &str, text: &str) -> Json {
    json!({ "level": level, "text": text })
}
