//! Making sure a throwaway cluster never outlives pharmctl: stopping a server and removing its
//! folder, the process-wide registry that the Ctrl-C handler empties, and the detached reaper
//! that cleans up after an owner that died without running `Drop` (SIGKILL, a `static`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, Once};

use nix::sys::signal::{self, Signal};
use nix::unistd::Pid;

use super::server_user::{ServerUser, run_quiet};
use crate::error::{Error, Result};

/// Exit code after Ctrl-C or SIGTERM, as shells report a SIGINT death.
const INTERRUPTED_EXIT: i32 = 130;

/// Clusters started by this process and not yet stopped.
static RUNNING: Mutex<Vec<Handle>> = Mutex::new(Vec::new());

/// Guards the one-time installation of the interrupt handler.
static HANDLER: Once = Once::new();

/// Set while a caller waits in [`wait_for_interrupt`]: the handler then wakes it instead of
/// cleaning up and exiting, so the caller can stop its clusters and finish normally.
static WAITING: AtomicBool = AtomicBool::new(false);

/// Whether Ctrl-C arrived while someone was waiting, and the signal that wakes them.
static INTERRUPTED: Mutex<bool> = Mutex::new(false);
static WOKEN: Condvar = Condvar::new();

/// Everything needed to stop one cluster and remove its folder, from any thread.
#[derive(Clone, Debug)]
pub(super) struct Handle {
    /// The temporary folder holding the data directory, the socket and the log.
    pub(super) folder: PathBuf,
    /// The data directory inside `folder`.
    pub(super) data_dir: PathBuf,
    /// Folder holding `pg_ctl`.
    pub(super) bindir: PathBuf,
    /// Who runs the server.
    pub(super) user: ServerUser,
}

impl Handle {
    /// Stops the server (fast shutdown) if it runs, then removes the folder. Both steps are
    /// attempted; the first failure is returned.
    pub(super) fn shutdown(&self) -> Result<()> {
        let stopped = self.stop_server();
        let removed = remove_folder(&self.folder);
        stopped.and(removed)
    }

    /// `pg_ctl stop -m fast -w`; when that fails, a direct SIGQUIT to the postmaster.
    fn stop_server(&self) -> Result<()> {
        let Some(pid) = self.postmaster_pid() else {
            return Ok(());
        };

        let mut command = self.user.command(&self.bindir.join("pg_ctl"), &self.folder);
        command
            .arg("stop")
            .arg("-D")
            .arg(&self.data_dir)
            .args(["-m", "fast", "-w", "-s"]);
        let Err(err) = run_quiet(command, "pg_ctl stop") else {
            return Ok(());
        };

        if !looks_like_postgres(pid) {
            return Err(err);
        }
        log::warn!("{}; sending SIGQUIT to the postmaster", err.message());
        match signal::kill(pid, Signal::SIGQUIT) {
            Ok(()) | Err(nix::errno::Errno::ESRCH) => Ok(()),
            Err(errno) => Err(Error::database(format!(
                "could not stop the server of {}: {errno}",
                self.data_dir.display()
            ))),
        }
    }

    /// The postmaster's pid, from the first line of `postmaster.pid`, if the server runs.
    fn postmaster_pid(&self) -> Option<Pid> {
        let text = std::fs::read_to_string(self.data_dir.join("postmaster.pid")).ok()?;
        let pid: i32 = text.lines().next()?.trim().parse().ok()?;
        Some(Pid::from_raw(pid))
    }
}

/// False when `/proc` shows that `pid` is not a PostgreSQL process (a stale `postmaster.pid`
/// whose number was reused); true when it is, or when there is no `/proc` to ask.
fn looks_like_postgres(pid: Pid) -> bool {
    let proc_dir = PathBuf::from(format!("/proc/{pid}"));
    if !Path::new("/proc/self").exists() {
        return true;
    }
    // The command name, not the command line: a process whose arguments merely mention
    // postgres (a test runner filtering by test name, an editor) must never be signalled.
    let Ok(comm) = std::fs::read_to_string(proc_dir.join("comm")) else {
        return false;
    };
    comm.trim_end() == "postgres"
}

/// Removes `folder` and everything in it; a folder already gone is fine.
fn remove_folder(folder: &Path) -> Result<()> {
    match std::fs::remove_dir_all(folder) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::database(format!(
            "could not remove {}: {e}",
            folder.display()
        ))),
    }
}

/// The registry, usable even after a panic poisoned the lock.
fn running() -> MutexGuard<'static, Vec<Handle>> {
    RUNNING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Records a started cluster so the interrupt handler can stop it.
pub(super) fn register(handle: &Handle) {
    running().push(handle.clone());
}

/// Forgets a cluster that its owner stopped.
pub(super) fn unregister(folder: &Path) {
    running().retain(|handle| handle.folder != folder);
}

/// Installs (once per process) a Ctrl-C / SIGTERM handler that stops every running throwaway
/// cluster, removes their folders and exits with code 130.
///
/// When the program already installed a handler of its own, this one is not installed; the
/// reaper still cleans up after the process exits.
pub fn install_interrupt_cleanup() {
    HANDLER.call_once(|| {
        if let Err(e) = ctrlc::set_handler(on_interrupt) {
            log::warn!("could not install the interrupt handler for throwaway clusters: {e}");
        }
    });
}

/// Blocks until Ctrl-C or SIGTERM, then returns so the caller can stop its clusters itself
/// (`demo --keep`). Installs the handler if needed.
pub fn wait_for_interrupt() {
    install_interrupt_cleanup();
    WAITING.store(true, Ordering::SeqCst);
    let mut interrupted = INTERRUPTED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    while !*interrupted {
        interrupted = WOKEN
            .wait(interrupted)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
    }
    *interrupted = false;
    WAITING.store(false, Ordering::SeqCst);
}

/// The interrupt handler: wake a waiter if there is one; otherwise clean up every registered
/// cluster, then exit.
fn on_interrupt() {
    if WAITING.load(Ordering::SeqCst) {
        let mut interrupted = INTERRUPTED
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *interrupted = true;
        WOKEN.notify_all();
        return;
    }
    let handles: Vec<Handle> = running().drain(..).collect();
    for handle in &handles {
        if let Err(e) = handle.shutdown() {
            eprintln!("error: {}", e.message());
        }
    }
    std::process::exit(INTERRUPTED_EXIT);
}

/// The reaper: waits (from `/`, holding no file open in the folder) while the owner lives and
/// the folder exists; once the owner is gone, interrupts the postmaster, then quits it if it
/// lingers, and removes the folder. Arguments: owner pid, folder, data directory.
const REAPER_SCRIPT: &str = r#"
reap() {
    owner=$1 folder=$2 data=$3
    cd / || exit 1
    while kill -0 "$owner" 2>/dev/null; do
        [ -d "$folder" ] || exit 0
        sleep 0.5
    done
    [ -d "$folder" ] || exit 0
    pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null)
    if [ -n "$pid" ]; then
        kill -INT "$pid" 2>/dev/null
        tries=0
        while kill -0 "$pid" 2>/dev/null && [ "$tries" -lt 100 ]; do
            sleep 0.1
            tries=$((tries + 1))
        done
        kill -QUIT "$pid" 2>/dev/null
        while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    fi
    rm -rf "$folder"
}
reap "$@" </dev/null >/dev/null 2>&1 &
"#;

/// Starts the detached reaper for `handle`. The outer shell exits at once (so no zombie is
/// left behind) and the reaper itself is adopted by init, in its own process group. Its
/// standard streams are all null: a pipe would stay open in the background shell.
pub(super) fn spawn_reaper(handle: &Handle) -> Result<()> {
    use std::os::unix::process::CommandExt;

    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(REAPER_SCRIPT)
        .arg("pharmctl-reaper")
        .arg(std::process::id().to_string())
        .arg(&handle.folder)
        .arg(&handle.data_dir)
        .current_dir("/")
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let fail =
        |detail: String| Error::database(format!("could not start the cluster reaper: {detail}"));
    let status = command.status().map_err(|e| fail(e.to_string()))?;
    if status.success() {
        return Ok(());
    }
    Err(fail(status.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handle_for(folder: &Path) -> Handle {
        Handle {
            folder: folder.to_path_buf(),
            data_dir: folder.join("data"),
            bindir: PathBuf::from("/nonexistent"),
            user: ServerUser::detect().unwrap(),
        }
    }

    #[test]
    fn registry_adds_and_forgets() {
        let handle = handle_for(Path::new("/nonexistent/pharmctl-registry-test"));
        register(&handle);
        assert!(running().iter().any(|h| h.folder == handle.folder));
        unregister(&handle.folder);
        assert!(!running().iter().any(|h| h.folder == handle.folder));
    }

    #[test]
    fn shutdown_without_server_removes_folder() {
        let folder = tempfile::tempdir().unwrap().keep();
        std::fs::create_dir(folder.join("data")).unwrap();
        handle_for(&folder).shutdown().unwrap();
        assert!(!folder.exists());
        handle_for(&folder).shutdown().unwrap();
    }

    #[test]
    fn only_postgres_processes_get_signalled() {
        assert!(!looks_like_postgres(Pid::this()) || !Path::new("/proc/self").exists());
        assert!(!looks_like_postgres(Pid::from_raw(i32::MAX)) || !Path::new("/proc").exists());
    }
}
