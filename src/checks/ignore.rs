//! The ignore file: findings a team has accepted, each with a check id, an object, a reason
//! and an expiry date. A live entry hides its finding; an expired one hides nothing and is
//! itself reported, so that accepted risks come back up for review.
//!
//! ```toml
//! [[ignore]]
//! check = "unused-indexes"
//! object = "public.contacts_home_store_number_idx"
//! reason = "used by the quarterly payroll export"
//! expires = 2026-12-31
//! database = "replica"   # optional: only for this [databases.NAME] of the config file
//! ```

use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::report::Level;
use crate::settings::io_reason;

use super::{CheckResult, Finding};

/// One accepted finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The check id.
    pub check: String,
    /// The object, as the finding names it.
    pub object: String,
    /// Why it is accepted.
    pub reason: String,
    /// The last day the entry applies.
    pub expires: NaiveDate,
    /// The named database (`[databases.NAME]`) it is for; `None` for every database.
    pub database: Option<String>,
}

impl Entry {
    /// Whether the entry applies to an audit of the database named `name` (`None`: a
    /// database reached by URL rather than by name).
    pub fn applies_to(&self, name: Option<&str>) -> bool {
        self.database.is_none() || self.database.as_deref() == name
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    ignore: Vec<RawEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    check: String,
    object: String,
    reason: String,
    expires: toml::value::Datetime,
    database: Option<String>,
}

const HELP: &str = "each [[ignore]] entry needs check, object, reason and expires = YYYY-MM-DD, \
                    and may name a database of the config file";

/// Reads and checks an ignore file: known check ids, a reason, a date for expiry, and only
/// databases among `databases` (the names of the config file's `[databases.NAME]`).
pub fn load(path: &Path, databases: &[&str]) -> Result<Vec<Entry>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::usage(format!(
            "cannot read ignore file `{}`: {}",
            path.display(),
            io_reason(&e)
        ))
        .with_help("pass an existing file with --ignore-file or [audit] ignore_file")
    })?;
    let invalid = |reason: String| {
        Error::usage(format!(
            "invalid ignore file `{}`: {reason}",
            path.display()
        ))
        .with_help(HELP)
    };
    let entries = parse(&text).map_err(invalid)?;
    for entry in &entries {
        if let Some(name) = &entry.database
            && !databases.contains(&name.as_str())
        {
            return Err(invalid(format!(
                "the entry for `{}:{}` names database `{name}`, which the config file does not \
                 name in [databases]",
                entry.check, entry.object
            )));
        }
    }
    Ok(entries)
}

/// Parses the text of an ignore file; the error is a short reason.
pub fn parse(text: &str) -> std::result::Result<Vec<Entry>, String> {
    let file: File = toml::from_str(text).map_err(|e| {
        e.message()
            .lines()
            .next()
            .unwrap_or("not valid TOML")
            .trim()
            .to_string()
    })?;
    file.ignore.into_iter().map(entry).collect()
}

fn entry(raw: RawEntry) -> std::result::Result<Entry, String> {
    if super::find(&raw.check).is_none() {
        return Err(format!("unknown check id `{}`", raw.check));
    }
    if raw.reason.trim().is_empty() {
        return Err(format!(
            "the entry for `{}:{}` gives no reason",
            raw.check, raw.object
        ));
    }
    let date = raw
        .expires
        .date
        .filter(|_| raw.expires.time.is_none())
        .and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()));
    let Some(expires) = date else {
        return Err(format!(
            "`expires` of `{}:{}` is not a date",
            raw.check, raw.object
        ));
    };
    Ok(Entry {
        check: raw.check,
        object: raw.object,
        reason: raw.reason,
        expires,
        database: raw.database,
    })
}

/// What applying the ignore file did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    /// Findings hidden by a live entry, with the entry's reason.
    pub ignored: Vec<(Finding, String)>,
    /// Entries past their date, reported as findings of their own.
    pub expired: Vec<Finding>,
}

/// Removes the findings that live entries accept, and reports the expired entries.
pub fn apply(results: &mut [CheckResult], entries: &[Entry], today: NaiveDate) -> Applied {
    let mut applied = Applied::default();
    for result in results.iter_mut() {
        let (kept, ignored): (Vec<Finding>, Vec<Finding>) = std::mem::take(&mut result.findings)
            .into_iter()
            .partition(|finding| {
                !entries
                    .iter()
                    .any(|e| matches(e, finding) && e.expires >= today)
            });
        result.findings = kept;
        for finding in ignored {
            let reason = entries
                .iter()
                .find(|e| matches(e, &finding))
                .map_or(String::new(), |e| e.reason.clone());
            applied.ignored.push((finding, reason));
        }
    }
    applied.expired = entries
        .iter()
        .filter(|e| e.expires < today)
        .map(expired_finding)
        .collect();
    applied
}

fn matches(entry: &Entry, finding: &Finding) -> bool {
    entry.check == finding.check && entry.object == finding.object
}

fn expired_finding(entry: &Entry) -> Finding {
    Finding {
        check: "ignore-file",
        level: Level::Warn,
        object: format!("{}:{}", entry.check, entry.object),
        message: format!(
            "The ignore entry for {} on {} expired on {} (reason given: {}); its finding is \
             reported again.",
            entry.check, entry.object, entry.expires, entry.reason
        ),
        remedy: "Fix the finding, or renew the entry with a new expiry date and reason."
            .to_string(),
        metadata: serde_json::Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::{CheckResult, find};

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn entries_parse_and_bad_ones_are_named() {
        let text = "[[ignore]]\ncheck = \"unused-indexes\"\nobject = \"public.a_idx\"\n\
                    reason = \"batch job\"\nexpires = 2030-01-31\n";
        let entries = parse(text).unwrap();
        assert_eq!(entries[0].expires, date("2030-01-31"));
        let unknown = text.replace("unused-indexes", "unused-index");
        assert_eq!(
            parse(&unknown).unwrap_err(),
            "unknown check id `unused-index`"
        );
        let undated = text.replace("2030-01-31", "\"soon\"");
        assert!(parse(&undated).is_err());
        let no_reason = text.replace("batch job", " ");
        assert!(parse(&no_reason).unwrap_err().contains("gives no reason"));

        let scoped = parse(&format!("{text}database = \"replica\"\n")).unwrap();
        assert!(scoped[0].applies_to(Some("replica")));
        assert!(!scoped[0].applies_to(Some("primary")));
        assert!(!scoped[0].applies_to(None));
        assert!(entries[0].applies_to(None) && entries[0].applies_to(Some("primary")));
    }

    #[test]
    fn live_entries_hide_and_expired_ones_report() {
        let check = find("unused-indexes").unwrap();
        let mut result = CheckResult::new(check);
        result
            .findings
            .push(Finding::new(check, "public.a_idx", "unused", "drop"));
        result
            .findings
            .push(Finding::new(check, "public.b_idx", "unused", "drop"));
        let entries = vec![
            Entry {
                check: "unused-indexes".into(),
                object: "public.a_idx".into(),
                reason: "batch job".into(),
                expires: date("2026-06-30"),
                database: None,
            },
            Entry {
                check: "unused-indexes".into(),
                object: "public.b_idx".into(),
                reason: "old".into(),
                expires: date("2026-01-01"),
                database: None,
            },
        ];
        let mut results = vec![result];
        let applied = apply(&mut results, &entries, date("2026-03-01"));
        assert_eq!(results[0].findings.len(), 1);
        assert_eq!(results[0].findings[0].object, "public.b_idx");
        assert_eq!(applied.ignored.len(), 1);
        assert_eq!(applied.expired.len(), 1);
        assert_eq!(applied.expired[0].object, "unused-indexes:public.b_idx");
    }
}
