//! Finding the PostgreSQL server binaries (`initdb`, `pg_ctl`) on this machine: an explicit
//! folder, `PG_BINDIR`, `pg_config --bindir`, the newest Debian-style
//! `/usr/lib/postgresql/<version>/bin`, then `PATH`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};

/// The environment variable naming the folder that holds `initdb` and `pg_ctl`.
pub const BINDIR_ENV: &str = "PG_BINDIR";

/// Where Debian and Ubuntu install one folder per server major version.
const DEBIAN_ROOT: &str = "/usr/lib/postgresql";

/// Returns the folder holding `initdb` and `pg_ctl`.
///
/// An explicit folder or `PG_BINDIR` is taken at its word: when it lacks the binaries that is
/// an error, not a reason to look elsewhere.
pub fn find_bindir(explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = explicit {
        return checked(dir, "the given folder");
    }
    if let Some(dir) = std::env::var_os(BINDIR_ENV).filter(|v| !v.is_empty()) {
        return checked(Path::new(&dir), BINDIR_ENV);
    }

    let mut looked = Vec::new();
    for dir in pg_config_bindir()
        .into_iter()
        .chain(debian_bindirs())
        .chain(path_dirs())
    {
        if has_server_binaries(&dir) {
            return Ok(dir);
        }
        looked.push(dir.display().to_string());
    }
    Err(not_found(&looked.join(", ")))
}

/// Accepts `dir` when it holds the server binaries, else explains which source named it.
fn checked(dir: &Path, source: &str) -> Result<PathBuf> {
    if has_server_binaries(dir) {
        return Ok(dir.to_path_buf());
    }
    let message = format!(
        "no PostgreSQL server binaries in {} (from {source})",
        dir.display()
    );
    Err(Error::usage(message).with_help(
        "point it at the folder holding initdb and pg_ctl, e.g. /usr/lib/postgresql/15/bin",
    ))
}

/// True when `dir` holds both `initdb` and `pg_ctl` as files.
pub(super) fn has_server_binaries(dir: &Path) -> bool {
    dir.join("initdb").is_file() && dir.join("pg_ctl").is_file()
}

/// The folder `pg_config --bindir` reports, when `pg_config` is on `PATH` and answers.
fn pg_config_bindir() -> Option<PathBuf> {
    let output = Command::new("pg_config").arg("--bindir").output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| PathBuf::from(trimmed))
}

/// `/usr/lib/postgresql/*/bin`, newest major version first.
fn debian_bindirs() -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(DEBIAN_ROOT) else {
        return Vec::new();
    };
    let mut versions: Vec<(Vec<u32>, PathBuf)> = entries
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            Some((version_key(&name)?, entry.path().join("bin")))
        })
        .collect();
    versions.sort_by(|a, b| b.0.cmp(&a.0));
    versions.into_iter().map(|(_, dir)| dir).collect()
}

/// `"15"` becomes `[15]`, `"9.6"` becomes `[9, 6]`; anything else is not a version folder.
fn version_key(name: &str) -> Option<Vec<u32>> {
    name.split('.').map(|part| part.parse().ok()).collect()
}

/// The folders of `PATH`, in order.
fn path_dirs() -> Vec<PathBuf> {
    let Some(path) = std::env::var_os("PATH") else {
        return Vec::new();
    };
    std::env::split_paths(&path).collect()
}

/// The error when no source had the binaries, with install hints per platform.
fn not_found(looked: &str) -> Error {
    let message = format!("PostgreSQL server binaries not found (looked in: {looked})");
    Error::database(message).with_help(
        "install the server package (Debian/Ubuntu: postgresql or postgresql-15; Fedora: \
         postgresql-server; macOS: brew install postgresql), or set PG_BINDIR to the folder \
         holding initdb and pg_ctl",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bogus_explicit_folder_is_an_error() {
        let err = find_bindir(Some(Path::new("/nonexistent/pharmctl/bin"))).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(
            err.message().contains("/nonexistent/pharmctl/bin"),
            "{}",
            err.message()
        );
        assert!(err.help().is_some_and(|h| h.contains("pg_ctl")));
    }

    #[test]
    fn folder_without_pg_ctl_is_rejected() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("initdb"), "").unwrap();
        assert!(!has_server_binaries(dir.path()));
        std::fs::write(dir.path().join("pg_ctl"), "").unwrap();
        assert!(has_server_binaries(dir.path()));
        assert_eq!(find_bindir(Some(dir.path())).unwrap(), dir.path());
    }

    #[test]
    fn versions_sort_numerically() {
        assert_eq!(version_key("15"), Some(vec![15]));
        assert_eq!(version_key("9.6"), Some(vec![9, 6]));
        assert_eq!(version_key("common"), None);
        assert!(version_key("10") > version_key("9.6"));
    }

    #[test]
    fn not_found_names_the_packages() {
        let err = not_found("/a, /b");
        assert!(err.message().contains("looked in: /a, /b"));
        let help = err.help().unwrap();
        assert!(help.contains("postgresql-server") && help.contains("PG_BINDIR"));
    }
}
