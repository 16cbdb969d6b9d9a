//! The throwaway PostgreSQL cluster used by `pharmctl demo` and by the tests: `initdb` into a
//! fresh temporary folder, configure it for speed over durability, start it on a free port of
//! 127.0.0.1 (optionally with TLS), and make sure it is stopped and removed afterwards, whether
//! its owner returns, panics, is interrupted or is killed.

mod bindir;
mod cert;
mod cleanup;
mod server_user;

use std::fs::Permissions;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::{Error, Result};
use cleanup::Handle;
use server_user::{ServerUser, run_quiet};

pub use bindir::{BINDIR_ENV, find_bindir};
pub use cleanup::{install_interrupt_cleanup, wait_for_interrupt};

/// The superuser `initdb` creates.
const SUPERUSER: &str = "postgres";

/// How many free ports to try when the one picked gets taken before the server binds it.
const PORT_ATTEMPTS: u32 = 5;

/// Names inside the temporary folder.
const DATA_DIR: &str = "data";
const LOG_FILE: &str = "server.log";

/// Characters left as they are in a database name inside a URL path.
const DBNAME_KEEP: &AsciiSet = &NON_ALPHANUMERIC.remove(b'_').remove(b'-').remove(b'.');

/// Client authentication for the throwaway cluster: the superuser needs no password (socket or
/// loopback), every other role must give one. `host` lines accept TLS and plain connections.
const PG_HBA: &str = "\
# written by pharmctl for a throwaway cluster
local all all                trust
host  all postgres 127.0.0.1/32 trust
host  all postgres ::1/128      trust
host  all all      127.0.0.1/32 scram-sha-256
host  all all      ::1/128      scram-sha-256
";

/// How to start a throwaway cluster.
#[derive(Debug, Clone, Default)]
pub struct ClusterOptions {
    /// Serve TLS with a self-signed certificate for `localhost`.
    pub tls: bool,
    /// Folder holding `initdb` and `pg_ctl`; found with [`find_bindir`] when absent.
    pub bindir: Option<PathBuf>,
}

/// How long the steps of [`Cluster::start`] took.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StartupTimes {
    /// Creating the data directory.
    pub initdb: Duration,
    /// Starting the server until it accepts connections (the last, successful attempt).
    pub start: Duration,
}

/// A running throwaway PostgreSQL server and its temporary folder. Dropping it stops the server
/// and removes the folder.
#[derive(Debug)]
pub struct Cluster {
    handle: Handle,
    port: u16,
    root_cert: Option<PathBuf>,
    times: StartupTimes,
    stopped: bool,
}

impl Cluster {
    /// Runs `initdb` into a fresh temporary folder, starts the server on a free TCP port of
    /// 127.0.0.1 with its unix socket in that folder, and waits until it accepts connections.
    /// Blocks. On failure nothing is left behind.
    pub fn start(options: &ClusterOptions) -> Result<Cluster> {
        let bindir = find_bindir(options.bindir.as_deref())?;
        let user = ServerUser::detect()?;
        let folder = make_folder(&user)?;
        let handle = Handle {
            data_dir: folder.join(DATA_DIR),
            folder,
            bindir,
            user,
        };
        cleanup::register(&handle);

        // From here on an early return drops `cluster`, which removes the folder.
        let mut cluster = Cluster {
            handle,
            port: 0,
            root_cert: None,
            times: StartupTimes::default(),
            stopped: false,
        };
        cleanup::spawn_reaper(&cluster.handle)?;
        cluster.init_db()?;
        cluster.configure(options.tls)?;
        cluster.launch(options.tls)?;
        Ok(cluster)
    }

    /// The TCP port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The folder holding the unix socket (use it as `host=` in a connection string).
    pub fn socket_dir(&self) -> &Path {
        &self.handle.folder
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.handle.data_dir
    }

    /// The superuser's name, `postgres`.
    pub fn superuser(&self) -> &str {
        SUPERUSER
    }

    /// `postgres://postgres@127.0.0.1:{port}/{dbname}`: TCP, as the superuser, no password.
    pub fn url(&self, dbname: &str) -> String {
        let dbname = utf8_percent_encode(dbname, DBNAME_KEEP);
        format!("postgres://{SUPERUSER}@127.0.0.1:{}/{dbname}", self.port)
    }

    /// The PEM file of the self-signed server certificate, usable as `sslrootcert`, when the
    /// cluster serves TLS. It is readable by everyone.
    pub fn root_cert(&self) -> Option<&Path> {
        self.root_cert.as_deref()
    }

    /// The folder holding the server binaries in use.
    pub fn bin_dir(&self) -> &Path {
        &self.handle.bindir
    }

    /// How long `initdb` and the server start took.
    pub fn startup_times(&self) -> StartupTimes {
        self.times
    }

    /// Stops the server (fast shutdown) and removes the folder, reporting any failure.
    pub fn stop(mut self) -> Result<()> {
        self.stopped = true;
        cleanup::unregister(&self.handle.folder);
        let started = Instant::now();
        let outcome = self.handle.shutdown();
        log::info!(
            "stopped the throwaway cluster in {} ms",
            started.elapsed().as_millis()
        );
        outcome
    }

    /// A command for one of the server binaries, run as the server user from the folder.
    fn server_command(&self, program: &str) -> Command {
        let path = self.handle.bindir.join(program);
        self.handle.user.command(&path, &self.handle.folder)
    }

    /// Creates the data directory: superuser `postgres`, UTF-8, C locale, no fsync.
    fn init_db(&mut self) -> Result<()> {
        let started = Instant::now();
        let mut command = self.server_command("initdb");
        command.arg("-D").arg(&self.handle.data_dir);
        command.args([
            "-U",
            SUPERUSER,
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
        ]);
        command.args(["-E", "UTF8", "--locale=C", "--no-sync"]);
        run_quiet(command, "initdb")?;

        self.times.initdb = started.elapsed();
        log::info!("initdb took {} ms", self.times.initdb.as_millis());
        Ok(())
    }

    /// Replaces `pg_hba.conf` and, with TLS, writes the server's certificate and key.
    fn configure(&mut self, tls: bool) -> Result<()> {
        let hba = self.handle.data_dir.join("pg_hba.conf");
        overwrite(&hba, PG_HBA)?;
        if tls {
            let data_dir = &self.handle.data_dir;
            let root =
                cert::write_server_identity(data_dir, &self.handle.folder, &self.handle.user)?;
            self.root_cert = Some(root);
        }
        Ok(())
    }

    /// Picks a free port, writes the settings and starts the server; when the port got taken in
    /// the meantime, tries again with another one.
    fn launch(&mut self, tls: bool) -> Result<()> {
        let conf_path = self.handle.data_dir.join("postgresql.conf");
        let base = std::fs::read_to_string(&conf_path)
            .map_err(|e| Error::database(format!("could not read {}: {e}", conf_path.display())))?;
        let log_path = self.handle.folder.join(LOG_FILE);

        let mut attempt = 1;
        loop {
            let port = free_port()?;
            let settings = server_settings(port, &self.handle.folder, tls);
            overwrite(&conf_path, &format!("{base}{settings}"))?;

            let log_start = std::fs::metadata(&log_path).map_or(0, |m| m.len());
            let Err(err) = self.pg_ctl_start(&log_path) else {
                self.port = port;
                return Ok(());
            };
            let log = read_from(&log_path, log_start);
            if attempt < PORT_ATTEMPTS && port_taken(&log) {
                log::info!("port {port} was taken before the server bound it; trying another");
                attempt += 1;
                continue;
            }
            return Err(start_error(port, &log, err));
        }
    }

    /// `pg_ctl start -w`, logging to the folder's server log.
    fn pg_ctl_start(&mut self, log_path: &Path) -> Result<()> {
        let started = Instant::now();
        let mut command = self.server_command("pg_ctl");
        command.arg("start").arg("-D").arg(&self.handle.data_dir);
        command.arg("-l").arg(log_path).args(["-w", "-s"]);
        run_quiet(command, "pg_ctl start")?;

        self.times.start = started.elapsed();
        log::info!("server start took {} ms", self.times.start.as_millis());
        Ok(())
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if self.stopped {
            return;
        }
        cleanup::unregister(&self.handle.folder);
        if let Err(e) = self.handle.shutdown() {
            log::warn!("{}", e.message());
        }
    }
}

/// Creates the temporary folder, owned by the server user. As root it lives in `/tmp` rather
/// than a possibly private `TMPDIR`, so that the `postgres` user can reach it.
fn make_folder(user: &ServerUser) -> Result<PathBuf> {
    let parent = if user.switches() {
        PathBuf::from("/tmp")
    } else {
        std::env::temp_dir()
    };
    let folder = tempfile::Builder::new()
        .prefix("pharmctl-pg-")
        .permissions(Permissions::from_mode(0o755))
        .tempdir_in(&parent)
        .map_err(|e| {
            Error::database(format!(
                "could not create a folder in {}: {e}",
                parent.display()
            ))
        })?
        .keep();

    if let Err(e) = user.give(&folder) {
        let _ = std::fs::remove_dir_all(&folder);
        return Err(e);
    }
    Ok(folder)
}

/// A port on 127.0.0.1 that was free a moment ago.
fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")
        .map_err(|e| Error::database(format!("could not find a free port on 127.0.0.1: {e}")))?;
    listener
        .local_addr()
        .map(|addr| addr.port())
        .map_err(|e| Error::database(format!("could not find a free port on 127.0.0.1: {e}")))
}

/// The settings appended to `postgresql.conf`: fast and throwaway, `pg_stat_statements`
/// preloaded, I/O timing on, optionally TLS.
fn server_settings(port: u16, socket_dir: &Path, tls: bool) -> String {
    let mut lines = vec![
        "listen_addresses = '127.0.0.1'".to_string(),
        format!("port = {port}"),
        format!(
            "unix_socket_directories = {}",
            conf_quote(&socket_dir.to_string_lossy())
        ),
        "shared_preload_libraries = 'pg_stat_statements'".to_string(),
        "max_connections = 100".to_string(),
        "password_encryption = 'scram-sha-256'".to_string(),
        "fsync = off".to_string(),
        "synchronous_commit = off".to_string(),
        "full_page_writes = off".to_string(),
        "track_io_timing = on".to_string(),
        "log_destination = 'stderr'".to_string(),
        "logging_collector = off".to_string(),
    ];
    if tls {
        lines.push("ssl = on".to_string());
        lines.push(format!("ssl_cert_file = '{}'", cert::CERT_FILE));
        lines.push(format!("ssl_key_file = '{}'", cert::KEY_FILE));
    }
    format!(
        "\n# throwaway cluster settings written by pharmctl\n{}\n",
        lines.join("\n")
    )
}

/// A `postgresql.conf` string literal.
fn conf_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// Replaces the content of an existing file, keeping its owner and mode.
fn overwrite(path: &Path, content: &str) -> Result<()> {
    std::fs::write(path, content)
        .map_err(|e| Error::database(format!("could not write {}: {e}", path.display())))
}

/// The text of `path` from byte `offset` on; empty when unreadable.
fn read_from(path: &Path, offset: u64) -> String {
    let Ok(bytes) = std::fs::read(path) else {
        return String::new();
    };
    let start = usize::try_from(offset)
        .unwrap_or(usize::MAX)
        .min(bytes.len());
    String::from_utf8_lossy(&bytes[start..]).into_owned()
}

/// True when the server log says the port was already in use.
fn port_taken(log: &str) -> bool {
    log.contains("Address already in use") || log.contains("could not create any TCP/IP sockets")
}

/// The error for a server that would not start: the log's most telling line, and its last
/// lines as help (the folder and its log are removed right after).
fn start_error(port: u16, log: &str, pg_ctl: Error) -> Error {
    let lines: Vec<&str> = log.lines().filter(|l| !l.trim().is_empty()).collect();
    let telling = lines
        .iter()
        .rev()
        .find(|l| l.contains("FATAL") || l.contains("PANIC"));
    let reason = telling
        .or(lines.last())
        .map_or(pg_ctl.message(), |line| line.trim());
    let message = format!("could not start the PostgreSQL server on port {port}: {reason}");

    let tail = lines[lines.len().saturating_sub(3)..].join(" | ");
    if tail.is_empty() {
        return Error::database(message);
    }
    Error::database(message).with_help(format!("the server log ended with: {tail}"))
}

#[cfg(test)]
mod tests;
