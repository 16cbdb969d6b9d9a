//! The report model every command fills and every format renders: sections of facts and
//! tables, with typed values so that JSON keeps numbers while terminals get readable text.
//! Nothing here touches the database.

mod csv;
mod json;
mod markdown;
mod table;
mod values;

use std::io::Write;

use crate::cli::Format;

pub use values::{Level, Status, Value, human_bytes};

/// Version of the JSON layout; bumped only when a field changes meaning or disappears.
pub const FORMAT_VERSION: u32 = 1;

/// One command's result.
#[derive(Debug, Clone)]
pub struct Report {
    /// The command that produced it (`stats`, `fixtures load`, ...).
    pub command: &'static str,
    /// The heading of the report.
    pub title: String,
    /// What was examined, e.g. `database pharmacy on 127.0.0.1:5432`; never holds a password.
    pub subject: Option<String>,
    /// The sections, in reading order.
    pub sections: Vec<Section>,
}

/// Reports of one command over several databases, one each in name order, and the summary
/// that ends them.
#[derive(Debug, Clone)]
pub struct ReportSet {
    /// The command that produced them.
    pub command: &'static str,
    /// Each database's name and report; a database that could not be examined has none and
    /// is accounted for in the summary.
    pub reports: Vec<(String, Report)>,
    /// One row per database.
    pub summary: Report,
}

/// A titled part of a report holding facts and tables.
#[derive(Debug, Clone)]
pub struct Section {
    /// Stable machine name, the key in JSON.
    pub id: &'static str,
    /// Heading shown to people.
    pub title: String,
    /// Single figures, shown as a two-column list.
    pub facts: Vec<Fact>,
    /// Tables, shown after the facts.
    pub tables: Vec<Table>,
    /// Problems found, shown after the tables.
    pub findings: Vec<FindingItem>,
    /// Sentences shown after the tables (explanations, skipped parts).
    pub notes: Vec<String>,
}

/// A problem found: a verdict level, what found it, the object, a sentence and a remedy.
#[derive(Debug, Clone)]
pub struct FindingItem {
    /// How serious.
    pub level: Level,
    /// The stable id of the check that found it.
    pub check: String,
    /// The object concerned.
    pub object: String,
    /// What is wrong, as a full sentence.
    pub message: String,
    /// What to do about it.
    pub remedy: String,
    /// The stable key an ignore file names.
    pub key: String,
    /// Machine-readable figures (JSON only).
    pub metadata: serde_json::Map<String, serde_json::Value>,
}

/// One named figure.
#[derive(Debug, Clone)]
pub struct Fact {
    /// Stable machine name.
    pub key: &'static str,
    /// Label shown to people.
    pub label: &'static str,
    /// The figure.
    pub value: Value,
    /// The verdict on the figure, if it is judged.
    pub status: Option<Status>,
}

/// A table of rows; each column has a stable key used in JSON.
#[derive(Debug, Clone)]
pub struct Table {
    /// Stable machine name, the key in JSON.
    pub id: &'static str,
    /// The columns, in order.
    pub columns: Vec<Column>,
    /// The rows; each has one value per column.
    pub rows: Vec<Vec<Value>>,
}

/// A table column.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Stable machine name, the key in JSON.
    pub key: &'static str,
    /// Header shown to people.
    pub header: &'static str,
}

impl Report {
    /// An empty report for `command`.
    pub fn new(command: &'static str, title: impl Into<String>) -> Self {
        Self {
            command,
            title: title.into(),
            subject: None,
            sections: Vec::new(),
        }
    }

    /// The worst level among all statuses in the report.
    pub fn worst_level(&self) -> Option<Level> {
        let fact_levels = self.sections.iter().flat_map(|s| {
            s.facts
                .iter()
                .filter_map(|f| f.status.as_ref().map(|st| st.level))
        });
        let cell_levels = self.sections.iter().flat_map(|s| {
            s.tables.iter().flat_map(|t| {
                t.rows.iter().flatten().filter_map(|v| match v {
                    Value::Status(st) => Some(st.level),
                    _ => None,
                })
            })
        });
        let finding_levels = self
            .sections
            .iter()
            .flat_map(|s| s.findings.iter().map(|f| f.level));
        fact_levels.chain(cell_levels).chain(finding_levels).max()
    }
}

impl Section {
    /// An empty section.
    pub fn new(id: &'static str, title: impl Into<String>) -> Self {
        Self {
            id,
            title: title.into(),
            facts: Vec::new(),
            tables: Vec::new(),
            findings: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Adds a fact without a verdict.
    pub fn fact(&mut self, key: &'static str, label: &'static str, value: Value) {
        self.facts.push(Fact {
            key,
            label,
            value,
            status: None,
        });
    }

    /// Adds a judged fact.
    pub fn judged(&mut self, key: &'static str, label: &'static str, value: Value, status: Status) {
        self.facts.push(Fact {
            key,
            label,
            value,
            status: Some(status),
        });
    }
}

impl Table {
    /// An empty table with these columns.
    pub fn new(id: &'static str, columns: &[(&'static str, &'static str)]) -> Self {
        let columns = columns
            .iter()
            .map(|&(key, header)| Column { key, header })
            .collect();
        Self {
            id,
            columns,
            rows: Vec::new(),
        }
    }
}

/// How to render: the format, and whether table output may use colour.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// The output format.
    pub format: Format,
    /// Colour severities (table format only).
    pub color: bool,
}

/// Writes the report in the requested format.
pub fn render(report: &Report, style: Style, out: &mut dyn Write) -> std::io::Result<()> {
    match style.format {
        Format::Table => table::render(report, style.color, out),
        Format::Markdown => markdown::render(report, out),
        Format::Json => json::render(report, out),
        Format::Csv => csv::render(report, out),
    }
}

/// Writes a set of reports: each in turn, then the summary; JSON as one document, CSV with a
/// `database` column on every table of the reports.
pub fn render_set(set: &ReportSet, style: Style, out: &mut dyn Write) -> std::io::Result<()> {
    match style.format {
        Format::Table | Format::Markdown => {
            for (_, report) in &set.reports {
                render(report, style, out)?;
                writeln!(out)?;
            }
            render(&set.summary, style, out)
        }
        Format::Json => json::render_set(set, out),
        Format::Csv => csv::render_set(set, out),
    }
}
