//! Reading a Docker Compose style `.env` file, as Supabase's self-hosting setup uses: one
//! `KEY=VALUE` a line, `#` comments, an optional `export ` prefix, values optionally in single
//! or double quotes, and a ` #` comment after an unquoted value. The last assignment of a key
//! wins. Errors name the file and the line number, never the line's content, which may hold a
//! secret.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The variables of one `.env` file.
#[derive(Debug, Clone)]
pub struct EnvFile {
    /// Where it was read from, for the report.
    pub path: PathBuf,
    values: BTreeMap<String, String>,
}

impl EnvFile {
    /// Reads and parses `path`; an unreadable or malformed file is a usage error (exit 2).
    pub fn read(path: &Path) -> Result<EnvFile> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::usage(format!(
                "cannot read env file {}: {}",
                path.display(),
                crate::settings::io_reason(&e)
            ))
            .with_help("pass the Supabase .env file of the deployment with --env-file")
        })?;
        EnvFile::parse(path, &text)
    }

    /// Parses the text of a `.env` file read from `path`.
    pub fn parse(path: &Path, text: &str) -> Result<EnvFile> {
        let mut values = BTreeMap::new();
        for (index, line) in text.lines().enumerate() {
            let Some((key, value)) = parse_line(line).map_err(|reason| {
                Error::usage(format!(
                    "line {} of env file {} {reason}",
                    index + 1,
                    path.display()
                ))
                .with_help("each line must be KEY=VALUE, a # comment, or blank")
            })?
            else {
                continue;
            };
            values.insert(key.to_string(), value);
        }
        Ok(EnvFile {
            path: path.to_path_buf(),
            values,
        })
    }

    /// The value of `key`, when it is set to something other than blanks.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values
            .get(key)
            .map(String::as_str)
            .filter(|value| !value.trim().is_empty())
    }
}

/// One line: `Ok(None)` for blanks and comments, the key and value otherwise, or the reason the
/// line is malformed (which never quotes the line).
fn parse_line(line: &str) -> std::result::Result<Option<(&str, String)>, &'static str> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let line = line.strip_prefix("export ").unwrap_or(line).trim_start();
    let Some((key, raw)) = line.split_once('=') else {
        return Err("is not KEY=VALUE (no `=`)");
    };
    let key = key.trim_end();
    let valid_key = !key.is_empty()
        && !key.starts_with(|c: char| c.is_ascii_digit())
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid_key {
        return Err("does not start with a variable name");
    }
    Ok(Some((key, unquote(raw.trim())?)))
}

/// The value without its quotes, or without a trailing ` #` comment when unquoted.
fn unquote(raw: &str) -> std::result::Result<String, &'static str> {
    for quote in ['"', '\''] {
        let Some(rest) = raw.strip_prefix(quote) else {
            continue;
        };
        let Some(end) = rest.find(quote) else {
            return Err("has a quoted value that is never closed");
        };
        let after = rest[end + 1..].trim_start();
        if !after.is_empty() && !after.starts_with('#') {
            return Err("has text after the closing quote");
        }
        return Ok(rest[..end].to_string());
    }
    let value = match raw.find(" #") {
        Some(comment) => &raw[..comment],
        None => raw,
    };
    Ok(value.trim_end().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<EnvFile> {
        EnvFile::parse(Path::new("/srv/supabase/.env"), text)
    }

    #[test]
    fn reads_compose_style_lines() {
        let env = parse(
            "# Secrets\n\nPOSTGRES_PASSWORD=plain\nexport JWT_SECRET = \"quoted # not a comment\"\n\
             VAULT_ENC_KEY='single'\nPOOLER_TENANT_ID=tenant # trailing comment\nEMPTY=\n\
             POSTGRES_PASSWORD=last-wins\n",
        )
        .unwrap();
        assert_eq!(env.get("POSTGRES_PASSWORD"), Some("last-wins"));
        assert_eq!(env.get("JWT_SECRET"), Some("quoted # not a comment"));
        assert_eq!(env.get("VAULT_ENC_KEY"), Some("single"));
        assert_eq!(env.get("POOLER_TENANT_ID"), Some("tenant"));
        assert_eq!(env.get("EMPTY"), None);
        assert_eq!(env.get("MISSING"), None);
    }

    #[test]
    fn malformed_lines_are_named_by_number_without_their_content() {
        let cases = [
            ("OK=1\nsecret-value-without-key\n", "line 2 ", "no `=`"),
            ("=hunter2\n", "line 1 ", "variable name"),
            ("KEY=\"hunter2\n", "line 1 ", "never closed"),
            ("KEY=\"a\" hunter2\n", "line 1 ", "after the closing quote"),
        ];
        for (text, line, reason) in cases {
            let err = parse(text).unwrap_err();
            assert_eq!(err.exit_code(), 2);
            assert!(err.message().starts_with(line), "{}", err.message());
            assert!(err.message().contains(reason), "{}", err.message());
            assert!(
                err.message().contains("/srv/supabase/.env"),
                "{}",
                err.message()
            );
            assert!(!err.message().contains("hunter2"), "{}", err.message());
            assert!(!err.message().contains("secret-value"), "{}", err.message());
        }
    }

    #[test]
    fn unreadable_file_is_a_usage_error() {
        let err = EnvFile::read(Path::new("/nonexistent/pharmctl/.env")).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(
            err.message().contains("/nonexistent/pharmctl/.env"),
            "{}",
            err.message()
        );
        assert!(err.help().is_some());
    }
}
