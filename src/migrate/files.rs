//! Migration files: the set embedded in the binary or a folder given with `--dir`, their
//! `NNNN_name.sql` names, the `-- pharmctl:` header directives, and the checksum recorded in
//! the history (SHA-256 of the text with CRLF line endings normalised to LF).

use std::path::{Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

macro_rules! embed {
    ($name:literal) => {
        ($name, include_str!(concat!("../../sql/migrations/", $name)))
    };
}
/// The project's own migrations, embedded at compile time; a unit test checks that this list
/// and `sql/migrations/` hold the same files.
const EMBEDDED: &[(&str, &str)] = &[
    embed!("0001_idx_store_schedules_store_date.sql"),
    embed!("0002_idx_store_schedules_employee_date.sql"),
    embed!("0003_idx_store_schedules_role_date.sql"),
    embed!("0004_idx_store_schedules_employee_type.sql"),
    embed!("0005_idx_stores_active.sql"),
    embed!("0006_idx_messages_contact_date.sql"),
    embed!("0007_idx_contacts_ai_enabled.sql"),
    embed!("0008_idx_contacts_priority_status.sql"),
    embed!("0009_analytics_views.sql"),
    embed!("0010_schedule_functions.sql"),
    embed!("0011_refresh_log.sql"),
    embed!("0012_faster_conflict_detection.sql"),
];

/// The prefix of a header directive line.
const DIRECTIVE: &str = "-- pharmctl:";

/// Where the migration files come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// The files embedded in the binary (`sql/migrations/`).
    Embedded,
    /// `NNNN_name.sql` files in this folder.
    Dir(PathBuf),
}

/// What a file's header asks of the runner.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// `-- pharmctl: no-transaction`: run statement by statement outside a transaction.
    pub no_transaction: bool,
    /// `-- pharmctl: statement-timeout 10m`: `statement_timeout` while the file runs.
    pub statement_timeout: Option<Duration>,
    /// `-- pharmctl: lock-timeout 2s`: overrides the runner's `lock_timeout` for this file.
    pub lock_timeout: Option<Duration>,
}

/// One migration file.
#[derive(Debug, Clone)]
pub struct Migration {
    /// The number before the first underscore.
    pub version: i32,
    /// The rest of the file name, without `.sql`.
    pub name: String,
    /// Where it came from, for messages (`sql/migrations/0001_x.sql` when embedded).
    pub path: String,
    /// The text as written.
    pub text: String,
    /// Lowercase hex SHA-256 of the text with CRLF normalised to LF.
    pub checksum: String,
    /// The header directives.
    pub header: Header,
}

/// Reads every migration of `source`, sorted by version; rejects bad names and duplicates.
pub fn load(source: &Source) -> Result<Vec<Migration>> {
    let named = match source {
        Source::Embedded => EMBEDDED
            .iter()
            .map(|(name, text)| (format!("sql/migrations/{name}"), text.to_string()))
            .collect(),
        Source::Dir(dir) => read_dir(dir)?,
    };

    let mut migrations = named
        .into_iter()
        .map(|(path, text)| parse(&path, text))
        .collect::<Result<Vec<_>>>()?;
    migrations.sort_by_key(|m| m.version);

    if let Some(pair) = migrations.windows(2).find(|w| w[0].version == w[1].version) {
        return Err(Error::usage(format!(
            "migrations {} and {} share version {}",
            pair[0].path, pair[1].path, pair[0].version
        ))
        .with_help("give every migration file its own number"));
    }
    Ok(migrations)
}

/// Reads one file given on the command line (for `lint`).
pub fn read_file(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        Error::usage(format!(
            "cannot read migration file {}: {e}",
            path.display()
        ))
        .with_help("check the path and its permissions")
    })
}

fn read_dir(dir: &Path) -> Result<Vec<(String, String)>> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Error::usage(format!(
            "cannot read migrations folder {}: {e}",
            dir.display()
        ))
        .with_help("give --dir an existing folder of NNNN_name.sql files")
    })?;

    let mut files = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("sql") {
            continue;
        }
        let text = read_file(&path)?;
        files.push((path.display().to_string(), text));
    }
    Ok(files)
}

/// Builds a [`Migration`] from a path whose file name is `NNNN_name.sql`.
pub fn parse(path: &str, text: String) -> Result<Migration> {
    let file_name = Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path);
    let Some((version, name)) = split_name(file_name) else {
        return Err(
            Error::usage(format!("migration file name {path} is not NNNN_name.sql"))
                .with_help("name files like 0011_add_index.sql (digits, underscore, name)"),
        );
    };
    let header = parse_header(&text).map_err(|e| {
        Error::usage(format!("{path}: {e}")).with_help(
            "known directives: no-transaction, statement-timeout <duration>, \
             lock-timeout <duration>",
        )
    })?;

    Ok(Migration {
        version,
        name: name.to_string(),
        path: path.to_string(),
        checksum: checksum(&text),
        text,
        header,
    })
}

fn split_name(file_name: &str) -> Option<(i32, &str)> {
    let stem = file_name.strip_suffix(".sql")?;
    let (digits, name) = stem.split_once('_')?;
    let valid_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || !valid_name {
        return None;
    }
    Some((digits.parse().ok()?, name))
}

/// Reads the `-- pharmctl:` directives among the comment lines that open the file.
pub fn parse_header(text: &str) -> std::result::Result<Header, String> {
    let mut header = Header::default();
    let leading = text
        .lines()
        .map(str::trim)
        .take_while(|l| l.is_empty() || l.starts_with("--"));

    for line in leading {
        let Some(directive) = line.strip_prefix(DIRECTIVE) else {
            continue;
        };
        let (key, value) = directive
            .trim()
            .split_once(char::is_whitespace)
            .map_or((directive.trim(), ""), |(k, v)| (k, v.trim()));
        match key {
            "no-transaction" if value.is_empty() => header.no_transaction = true,
            "statement-timeout" => header.statement_timeout = Some(timeout(value)?),
            "lock-timeout" => header.lock_timeout = Some(timeout(value)?),
            _ => return Err(format!("unknown header directive `{}`", directive.trim())),
        }
    }
    Ok(header)
}

fn timeout(value: &str) -> std::result::Result<Duration, String> {
    crate::settings::parse_duration(value)
}

/// Lowercase hex SHA-256 of `text` with every CRLF turned into LF.
pub fn checksum(text: &str) -> String {
    let digest = Sha256::digest(text.replace("\r\n", "\n").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_list_matches_the_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sql/migrations");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let embedded: Vec<String> = EMBEDDED.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(embedded, on_disk);
    }

    #[test]
    fn embedded_set_loads_in_order() {
        let set = load(&Source::Embedded).unwrap();
        let versions: Vec<i32> = set.iter().map(|m| m.version).collect();
        assert_eq!(versions, (1..=12).collect::<Vec<_>>());
        assert!(set[..8].iter().all(|m| m.header.no_transaction));
        assert!(!set[9].header.no_transaction);
        assert_eq!(
            set[8].header.statement_timeout,
            Some(Duration::from_secs(600))
        );
    }

    #[test]
    fn checksum_ignores_line_endings_only() {
        assert_eq!(checksum("a\r\nb\r\n"), checksum("a\nb\n"));
        assert_ne!(checksum("a\nb\n"), checksum("a\nc\n"));
        assert_eq!(checksum("").len(), 64);
    }

    #[test]
    fn names_must_be_numbered() {
        assert_eq!(split_name("0012_add_x.sql"), Some((12, "add_x")));
        assert_eq!(split_name("add_x.sql"), None);
        assert_eq!(split_name("0012.sql"), None);
        assert_eq!(split_name("12_a b.sql"), None);
        let err = parse("dir/x.sql", String::new()).unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn header_directives_are_read_and_checked() {
        let text = "-- note\n-- pharmctl: no-transaction\n-- pharmctl: lock-timeout 3s\n\
                    SELECT 1;\n-- pharmctl: statement-timeout 1s\n";
        let header = parse_header(text).unwrap();
        assert!(header.no_transaction);
        assert_eq!(header.lock_timeout, Some(Duration::from_secs(3)));
        assert_eq!(header.statement_timeout, None);
        assert!(parse_header("-- pharmctl: no-transactions\n").is_err());
        assert!(parse_header("-- pharmctl: statement-timeout soon\n").is_err());
    }
}
