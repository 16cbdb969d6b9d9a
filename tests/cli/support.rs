//! Test support: one PostgreSQL server per test binary (PHARMCTL_TEST_DATABASE_URL, else a
//! throwaway cluster started by the same code as `demo`), a fresh database per test, and a
//! runner for the real `pharmctl` binary with a clean environment.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use pharmctl::db::cluster::{Cluster, ClusterOptions};
use pharmctl::db::{Access, ConnParams, Session, SessionOptions};

/// The server the tests use.
pub struct Server {
    /// URL of a superuser connection to the maintenance database, with `{db}` in place of the
    /// database name.
    url_template: String,
    /// The throwaway cluster, when the tests started one.
    pub cluster: Option<Cluster>,
}

static SERVER: OnceLock<Server> = OnceLock::new();
static TLS_CLUSTER: OnceLock<Cluster> = OnceLock::new();
static NEXT_DB: AtomicUsize = AtomicUsize::new(0);

/// The shared server, started on first use.
pub fn server() -> &'static Server {
    SERVER.get_or_init(|| match std::env::var("PHARMCTL_TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => Server {
            url_template: template(&url),
            cluster: None,
        },
        _ => {
            let cluster = Cluster::start(&ClusterOptions {
                tls: true,
                ..Default::default()
            })
            .unwrap_or_else(|e| panic!("cannot start the test cluster: {e} ({:?})", e.help()));
            Server {
                url_template: template(&cluster.url("postgres")),
                cluster: Some(cluster),
            }
        }
    })
}

/// A cluster with TLS on, whose certificate names `localhost` only: the shared one when the
/// tests started it, else one of its own.
pub fn tls_cluster() -> &'static Cluster {
    if let Some(cluster) = &server().cluster {
        return cluster;
    }
    TLS_CLUSTER.get_or_init(|| {
        Cluster::start(&ClusterOptions {
            tls: true,
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("cannot start a TLS cluster: {e}"))
    })
}

/// Replaces the database name of a URL with `{db}`.
fn template(url: &str) -> String {
    let (head, query) = url
        .split_once('?')
        .map_or((url, None), |(h, q)| (h, Some(q)));
    let scheme_end = head.find("://").map_or(0, |i| i + 3);
    let base = match head[scheme_end..].find('/') {
        Some(slash) => &head[..scheme_end + slash],
        None => head,
    };
    match query {
        Some(query) => format!("{base}/{{db}}?{query}"),
        None => format!("{base}/{{db}}"),
    }
}

impl Server {
    /// URL of database `db` on this server.
    pub fn url(&self, db: &str) -> String {
        self.url_template.replace("{db}", db)
    }

    /// Runs SQL as the superuser in the maintenance database.
    pub fn admin(&self, sql: &str) {
        execute(&self.url("postgres"), sql);
    }
}

/// Runs SQL statements on the database at `url`, panicking with the server's message.
pub fn execute(url: &str, sql: &str) {
    block_on(async {
        let session = admin_session(url).await;
        if let Err(e) = session.client().batch_execute(sql).await {
            panic!("{sql}: {}", pharmctl::error::describe_pg(&e));
        }
    })
}

/// Runs one query on the database at `url` and returns its rows.
pub fn query(url: &str, sql: &str) -> Vec<tokio_postgres::Row> {
    block_on(async {
        let session = admin_session(url).await;
        match session.client().query(sql, &[]).await {
            Ok(rows) => rows,
            Err(e) => panic!("{sql}: {}", pharmctl::error::describe_pg(&e)),
        }
    })
}

async fn admin_session(url: &str) -> Session {
    let params = ConnParams::resolve(Some(url), &|_| None).unwrap();
    let options = SessionOptions {
        access: Access::ReadWrite,
        statement_timeout: None,
    };
    match Session::connect(&params, &options).await {
        Ok(session) => session,
        Err(e) => panic!("cannot connect to {}: {e}", params.target()),
    }
}

fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(future)
}

/// A database of its own for one test, dropped at the end.
pub struct TestDb {
    pub name: String,
    pub url: String,
}

impl TestDb {
    /// Creates an empty database named after the test.
    pub fn new(hint: &str) -> Self {
        let n = NEXT_DB.fetch_add(1, Ordering::SeqCst);
        let name = format!("pharmctl_{hint}_{}_{n}", std::process::id());
        server().admin(&format!("CREATE DATABASE \"{name}\""));
        let url = server().url(&name);
        Self { name, url }
    }

    /// Creates a database and loads the fixtures at `scale` into it.
    pub fn loaded_at(hint: &str, scale: u32) -> Self {
        let db = Self::new(hint);
        let scale = scale.to_string();
        let run = pharmctl()
            .args([
                "fixtures",
                "load",
                "--scale",
                &scale,
                "--database-url",
                &db.url,
            ])
            .run();
        assert_eq!(run.code, 0, "fixtures load failed: {}", run.stderr);
        db
    }

    /// Creates a database and loads the scale-1 fixtures into it.
    pub fn loaded(hint: &str) -> Self {
        Self::loaded_at(hint, 1)
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        server().admin(&format!(
            "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
            self.name
        ));
    }
}

/// A `pharmctl` invocation with a clean environment and a scratch working directory.
pub struct Pharmctl {
    command: Command,
    _home: tempfile::TempDir,
    home: PathBuf,
}

/// What a run printed and returned.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Everything printed, for "never appears" assertions.
    pub fn all_output(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

/// Starts building a `pharmctl` run.
pub fn pharmctl() -> Pharmctl {
    let home = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_pharmctl"));
    for (key, _) in std::env::vars() {
        if key.starts_with("PG") || key.starts_with("PHARMCTL_") || key == "DATABASE_URL" {
            command.env_remove(key);
        }
    }
    command
        .env("HOME", home.path())
        .env("NO_COLOR", "1")
        .current_dir(home.path());
    let path = home.path().to_path_buf();
    Pharmctl {
        command,
        _home: home,
        home: path,
    }
}

impl Pharmctl {
    pub fn args<I: IntoIterator<Item = S>, S: AsRef<std::ffi::OsStr>>(mut self, args: I) -> Self {
        self.command.args(args);
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> Self {
        self.command.env(key, value);
        self
    }

    /// The scratch directory used as both `HOME` and the working directory.
    pub fn home(&self) -> &Path {
        &self.home
    }

    /// Writes a file into the scratch directory.
    pub fn file(self, name: &str, contents: &str) -> Self {
        std::fs::write(self.home.join(name), contents).unwrap();
        self
    }

    pub fn run(mut self) -> Run {
        let output = self.command.output().unwrap();
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// The first line of stderr starting with `error:` and the `help:` line after it.
pub fn assert_one_line_error(run: &Run, code: i32, needle: &str) {
    assert_eq!(run.code, code, "exit code; stderr: {}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    let error = lines
        .iter()
        .position(|l| l.starts_with("error: "))
        .unwrap_or_else(|| {
            panic!("no error line in stderr: {}", run.stderr);
        });
    assert!(
        lines[error].contains(needle),
        "`{needle}` not in `{}`",
        lines[error]
    );
    assert!(
        lines
            .get(error + 1)
            .is_some_and(|l| l.trim_start().starts_with("help: ")),
        "no help line after the error: {}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "panic: {}", run.stderr);
}

/// The same URL with another user and password.
pub fn url_as(url: &str, user: &str, password: &str) -> String {
    let scheme_end = url.find("://").map_or(0, |i| i + 3);
    let rest = &url[scheme_end..];
    let host_start = rest.find('@').map_or(0, |at| at + 1);
    format!(
        "{}{user}:{password}@{}",
        &url[..scheme_end],
        &rest[host_start..]
    )
}

/// Creates a login role with a password (roles are shared by every database of the server).
pub fn create_role(name: &str, password: &str) {
    server().admin(&format!(
        "DO $$ BEGIN CREATE ROLE {name} LOGIN PASSWORD '{password}'; \
         EXCEPTION WHEN duplicate_object THEN ALTER ROLE {name} LOGIN PASSWORD '{password}'; END $$"
    ));
}

/// How to start a [`PgBouncer`].
pub struct PgBouncerOptions<'a> {
    /// Serve TLS to clients (`client_tls_sslmode = require`) with a self-signed certificate.
    pub tls: bool,
    /// `session` or `transaction`.
    pub pool_mode: &'a str,
    /// `default_pool_size`.
    pub pool_size: u32,
    /// Users and passwords pgbouncer accepts (its auth file); `postgres` is the admin user.
    pub users: &'a [(&'a str, &'a str)],
}

/// A real pgbouncer (Debian's package) in front of the test server, running as a child process
/// from a generated ini in a temporary folder, on a free port of 127.0.0.1. As root it runs as
/// the `postgres` system user, since pgbouncer refuses to run as root. Killed on drop.
pub struct PgBouncer {
    child: std::process::Child,
    dir: tempfile::TempDir,
    /// The port it listens on.
    pub port: u16,
}

impl PgBouncer {
    /// Starts pgbouncer and waits until it accepts connections.
    pub fn start(options: &PgBouncerOptions) -> PgBouncer {
        let target = ConnParams::resolve(Some(&server().url("postgres")), &|_| None).unwrap();
        let dir = tempfile::Builder::new()
            .prefix("pharmctl-pgbouncer-")
            .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .tempdir_in("/tmp")
            .unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let ini = pgbouncer_ini(dir.path(), &target, port, options);
        write_file(&dir.path().join("pgbouncer.ini"), &ini);
        let users: String = options
            .users
            .iter()
            .map(|(user, password)| format!("\"{user}\" \"{password}\"\n"))
            .collect();
        write_file(&dir.path().join("userlist.txt"), &users);
        if options.tls {
            let identity = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
            write_file(&dir.path().join("server.crt"), &identity.cert.pem());
            write_file(
                &dir.path().join("server.key"),
                &identity.key_pair.serialize_pem(),
            );
        }
        chown_to_server_user(dir.path());

        let child = pgbouncer_command(&dir.path().join("pgbouncer.ini"))
            .spawn()
            .expect("pgbouncer is installed (apt-get install pgbouncer)");
        let mut bouncer = PgBouncer { child, dir, port };
        bouncer.wait_until_ready();
        bouncer
    }

    /// A URL through pgbouncer to database `db` as `user` with `password`.
    pub fn url(&self, user: &str, password: &str, db: &str) -> String {
        format!("postgres://{user}:{password}@127.0.0.1:{}/{db}", self.port)
    }

    fn wait_until_ready(&mut self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::time::Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("pgbouncer exited ({status}): {}", self.log());
            }
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("pgbouncer did not listen in time: {}", self.log());
    }

    /// pgbouncer's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("pgbouncer.log")).unwrap_or_default()
    }
}

impl Drop for PgBouncer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn pgbouncer_ini(dir: &Path, target: &ConnParams, port: u16, options: &PgBouncerOptions) -> String {
    let host = target.host_list();
    let dir = dir.display();
    let mut ini = format!(
        "[databases]\n* = host={host} port={}\n\n[pgbouncer]\nlisten_addr = 127.0.0.1\n\
         listen_port = {port}\nunix_socket_dir =\nauth_type = scram-sha-256\n\
         auth_file = {dir}/userlist.txt\nadmin_users = postgres\npool_mode = {}\n\
         default_pool_size = {}\nmax_client_conn = 50\nlogfile = {dir}/pgbouncer.log\n\
         server_tls_sslmode = disable\n",
        target.port, options.pool_mode, options.pool_size
    );
    if options.tls {
        ini.push_str(&format!(
            "client_tls_sslmode = require\nclient_tls_cert_file = {dir}/server.crt\n\
             client_tls_key_file = {dir}/server.key\n"
        ));
    } else {
        ini.push_str("client_tls_sslmode = disable\n");
    }
    ini
}

fn write_file(path: &Path, contents: &str) {
    std::fs::write(path, contents).unwrap();
}

/// The `postgres` system user's ids when running as root (pgbouncer refuses root).
fn server_user_ids() -> Option<(nix::unistd::Uid, nix::unistd::Gid)> {
    if !nix::unistd::geteuid().is_root() {
        return None;
    }
    let user = nix::unistd::User::from_name("postgres")
        .unwrap()
        .expect("a postgres system user to run pgbouncer as");
    Some((user.uid, user.gid))
}

fn chown_to_server_user(dir: &Path) {
    let Some((uid, gid)) = server_user_ids() else {
        return;
    };
    for entry in std::fs::read_dir(dir).unwrap() {
        nix::unistd::chown(&entry.unwrap().path(), Some(uid), Some(gid)).unwrap();
    }
    nix::unistd::chown(dir, Some(uid), Some(gid)).unwrap();
}

fn pgbouncer_command(ini: &Path) -> Command {
    use std::os::unix::process::CommandExt;

    let program = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"]
        .into_iter()
        .find(|path| Path::new(path).exists())
        .unwrap_or("pgbouncer");
    let mut command = Command::new(program);
    command
        .arg(ini)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    if let Some((uid, gid)) = server_user_ids() {
        command.uid(uid.as_raw()).gid(gid.as_raw());
    }
    command
}

/// A connection kept open inside a transaction (it holds a server connection of a pooler).
pub struct HeldTransaction {
    _session: Session,
    _runtime: tokio::runtime::Runtime,
}

/// Connects to `url`, begins a transaction and runs one statement in it, and keeps it open
/// until the value is dropped.
pub fn hold_transaction(url: &str) -> HeldTransaction {
    hold_session(url, "BEGIN; SELECT 1")
}

/// Connects to `url`, runs `sql` (taking a lock, say), and keeps the session open until the
/// value is dropped.
pub fn hold_session(url: &str, sql: &str) -> HeldTransaction {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let session = runtime.block_on(async {
        let session = admin_session(url).await;
        session.client().simple_query(sql).await.unwrap();
        session
    });
    HeldTransaction {
        _session: session,
        _runtime: runtime,
    }
}
