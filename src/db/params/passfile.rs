//! The password file (`PGPASSFILE`, else `~/.pgpass`), read as libpq reads it: ignored when
//! others can read it, `*` wildcards, `\\` escapes, first matching line wins.

use std::path::{Path, PathBuf};

use super::{ConnParams, Sources};

/// Looks the password up in the password file for the first host with a matching entry.
pub(super) fn passfile_password(params: &ConnParams, sources: &Sources<'_>) -> Option<String> {
    let path = match sources.get("passfile") {
        Some(value) => PathBuf::from(value.text),
        None => home_dir(sources.env)?.join(".pgpass"),
    };
    let contents = read_passfile(&path)?;
    let port = params.port.to_string();
    params.hosts.iter().find_map(|host| {
        let wanted = [host.passfile_name(), &port, &params.dbname, &params.user];
        contents
            .lines()
            .find_map(|line| passfile_match(line, &wanted))
    })
}

fn home_dir(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    if let Some(home) = env("HOME").filter(|home| !home.is_empty()) {
        return Some(PathBuf::from(home));
    }
    let account = nix::unistd::User::from_uid(nix::unistd::getuid()).ok()??;
    Some(account.dir)
}

/// Reads the password file unless it is missing, not a plain file, or readable by others.
fn read_passfile(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;

    let metadata = std::fs::metadata(path).ok()?;
    if !metadata.is_file() {
        log::warn!(
            "password file {} is not a plain file; ignoring it",
            path.display()
        );
        return None;
    }
    if metadata.permissions().mode() & 0o077 != 0 {
        log::warn!(
            "password file {} has group or world access; ignoring it (chmod 0600 to use it)",
            path.display()
        );
        return None;
    }
    match std::fs::read_to_string(path) {
        Ok(contents) => Some(contents),
        Err(err) => {
            log::warn!("could not read password file {}: {err}", path.display());
            None
        }
    }
}

/// The password on a `host:port:db:user:password` line whose fields match (`*` matches all).
fn passfile_match(line: &str, wanted: &[&str; 4]) -> Option<String> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let fields = split_passfile_line(line);
    let [host, port, db, user, password] = fields.as_slice() else {
        return None;
    };
    let matches = [host, port, db, user]
        .iter()
        .zip(wanted)
        .all(|(field, want)| field.as_str() == "*" || field.as_str() == *want);
    matches.then(|| password.clone())
}

/// Splits on unescaped colons into at most five fields; `\` escapes the next character.
fn split_passfile_line(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => fields
                .last_mut()
                .into_iter()
                .for_each(|field| field.extend(chars.next())),
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields
                .last_mut()
                .into_iter()
                .for_each(|field| field.push(c)),
        }
    }
    fields
}
