//! The account the throwaway server runs as, and running its programs quietly.
//!
//! PostgreSQL refuses to run as root, so when pharmctl runs as root `initdb` and `pg_ctl` run as
//! the `postgres` system user; otherwise they run as the current user.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use nix::unistd::{Gid, Uid, User};

use crate::error::{Error, Result};

/// The system account that owns the cluster when pharmctl runs as root.
const SERVER_ACCOUNT: &str = "postgres";

/// Who runs the server programs.
#[derive(Clone, Debug)]
pub(super) struct ServerUser {
    /// User and group to switch to; `None` when running as the current user.
    ids: Option<(Uid, Gid)>,
    /// Home folder given to the programs (they must be able to read it).
    home: Option<PathBuf>,
}

impl ServerUser {
    /// The current user, or the `postgres` system user when running as root.
    pub(super) fn detect() -> Result<Self> {
        if !nix::unistd::geteuid().is_root() {
            return Ok(Self {
                ids: None,
                home: None,
            });
        }

        let Ok(Some(user)) = User::from_name(SERVER_ACCOUNT) else {
            return Err(Error::database(
                "running as root, and no `postgres` system user to run the server as",
            )
            .with_help(
                "create it (e.g. `useradd --system postgres`), or run pharmctl as an \
                 unprivileged user",
            ));
        };
        Ok(Self {
            ids: Some((user.uid, user.gid)),
            home: Some(user.dir),
        })
    }

    /// True when the programs run under another account than ours.
    pub(super) fn switches(&self) -> bool {
        self.ids.is_some()
    }

    /// A command for `program` run as this user from `cwd`, in its own process group so that a
    /// Ctrl-C at the terminal reaches pharmctl and not the server.
    pub(super) fn command(&self, program: &Path, cwd: &Path) -> Command {
        use std::os::unix::process::CommandExt;

        let mut command = Command::new(program);
        command.current_dir(cwd).process_group(0);
        if let Some((uid, gid)) = self.ids {
            command.uid(uid.as_raw()).gid(gid.as_raw());
        }
        if let Some(home) = &self.home {
            command.env("HOME", home);
        }
        command
    }

    /// Gives `path` to this user (a no-op when running as ourselves).
    pub(super) fn give(&self, path: &Path) -> Result<()> {
        let Some((uid, gid)) = self.ids else {
            return Ok(());
        };
        nix::unistd::chown(path, Some(uid), Some(gid)).map_err(|e| {
            Error::database(format!(
                "could not hand {} to the postgres user: {e}",
                path.display()
            ))
        })
    }
}

/// Runs `command` with its output captured; on failure the error names `what` and carries the
/// last line the program wrote to stderr.
pub(super) fn run_quiet(mut command: Command, what: &str) -> Result<Output> {
    let output = command
        .output()
        .map_err(|e| Error::database(format!("could not run {what}: {e}")))?;
    if output.status.success() {
        return Ok(output);
    }

    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr
        .lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("no output");
    Err(Error::database(format!(
        "{what} failed ({}): {}",
        output.status,
        last.trim()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_carries_last_stderr_line() {
        let mut command = Command::new("sh");
        command.args(["-c", "echo first >&2; echo 'the real cause' >&2; exit 3"]);
        let err = run_quiet(command, "the probe").unwrap_err();
        assert!(
            err.message().starts_with("the probe failed"),
            "{}",
            err.message()
        );
        assert!(
            err.message().ends_with("the real cause"),
            "{}",
            err.message()
        );
    }

    #[test]
    fn success_returns_output() {
        let user = ServerUser {
            ids: None,
            home: None,
        };
        let mut command = user.command(Path::new("sh"), Path::new("/"));
        command.args(["-c", "pwd"]);
        let output = run_quiet(command, "pwd").unwrap();
        assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "/");
    }
}
