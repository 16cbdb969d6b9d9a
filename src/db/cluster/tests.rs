//! Tests of the throwaway cluster; most start a real server from the local binaries.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;

use tokio_postgres::NoTls;

use super::*;

/// Runs a future on a fresh single-threaded runtime.
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

/// Connects with `config` and `tls`, driving the connection in the background.
async fn connect<T>(
    config: &tokio_postgres::Config,
    tls: T,
) -> Result<tokio_postgres::Client, String>
where
    T: tokio_postgres::tls::MakeTlsConnect<tokio_postgres::Socket>,
    T::Stream: Send + 'static,
{
    let (client, connection) = config
        .connect(tls)
        .await
        .map_err(|e| crate::error::describe_pg(&e))?;
    tokio::spawn(connection);
    Ok(client)
}

#[test]
fn plain_cluster_serves_tcp_and_socket_then_vanishes() {
    let cluster = Cluster::start(&ClusterOptions::default()).unwrap();
    let folder = cluster.socket_dir().to_path_buf();
    assert!(cluster.data_dir().join("PG_VERSION").is_file());
    assert!(
        cluster
            .url("postgres")
            .ends_with(&format!(":{}/postgres", cluster.port()))
    );

    block_on(async {
        let tcp: tokio_postgres::Config = cluster.url("postgres").parse().unwrap();
        let client = connect(&tcp, NoTls).await.unwrap();
        let row = client
            .query_one("SHOW shared_preload_libraries", &[])
            .await
            .unwrap();
        assert!(row.get::<_, String>(0).contains("pg_stat_statements"));
        client
            .batch_execute("CREATE EXTENSION pg_stat_statements")
            .await
            .unwrap();
        client
            .batch_execute("CREATE ROLE clerk LOGIN PASSWORD 'right-one'")
            .await
            .unwrap();

        let mut socket = tokio_postgres::Config::new();
        socket
            .host_path(cluster.socket_dir())
            .port(cluster.port())
            .user("postgres");
        let client = connect(&socket, NoTls).await.unwrap();
        let row = client
            .query_one("SELECT current_setting('track_io_timing')", &[])
            .await
            .unwrap();
        assert_eq!(row.get::<_, String>(0), "on");

        let mut wrong = tcp.clone();
        wrong.user("clerk").password("wrong-one");
        let err = connect(&wrong, NoTls).await.unwrap_err();
        assert!(err.contains("password authentication failed"), "{err}");
    });

    drop(cluster);
    assert!(!folder.exists(), "{} should be gone", folder.display());
}

#[test]
fn tls_cluster_verifies_for_localhost_only() {
    let cluster = Cluster::start(&ClusterOptions {
        tls: true,
        bindir: None,
    })
    .unwrap();
    let folder = cluster.socket_dir().to_path_buf();
    let tls = rustls_connector(cluster.root_cert().unwrap());

    block_on(async {
        let url = format!(
            "postgres://postgres@localhost:{}/postgres?sslmode=require",
            cluster.port()
        );
        let client = connect(&url.parse().unwrap(), tls.clone()).await.unwrap();
        let sql = "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()";
        assert!(client.query_one(sql, &[]).await.unwrap().get::<_, bool>(0));

        let by_address: tokio_postgres::Config =
            format!("{}?sslmode=require", cluster.url("postgres"))
                .parse()
                .unwrap();
        let err = connect(&by_address, tls).await.unwrap_err();
        assert!(err.to_lowercase().contains("certificate"), "{err}");
    });

    cluster.stop().unwrap();
    assert!(!folder.exists());
}

/// A rustls connector trusting only the PEM certificate at `root`.
fn rustls_connector(root: &Path) -> tokio_postgres_rustls::MakeRustlsConnect {
    use rustls_pki_types::CertificateDer;
    use rustls_pki_types::pem::PemObject;

    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(root).unwrap() {
        roots.add(cert.unwrap()).unwrap();
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    tokio_postgres_rustls::MakeRustlsConnect::new(config)
}

/// The name of this test, used to run it again as a child process.
const REAPER_TEST: &str = "db::cluster::tests::reaper_cleans_up_after_sigkill";

/// Set in the child: start a cluster, report its folder, forget it and wait to be killed.
const REAPER_CHILD_ENV: &str = "PHARMCTL_TEST_REAPER_CHILD";

#[test]
fn reaper_cleans_up_after_sigkill() {
    if std::env::var_os(REAPER_CHILD_ENV).is_some() {
        let cluster = Cluster::start(&ClusterOptions::default()).unwrap();
        println!("folder={}", cluster.socket_dir().display());
        std::mem::forget(cluster);
        std::thread::sleep(Duration::from_secs(60));
        return;
    }

    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", REAPER_TEST, "--nocapture", "--test-threads=1"])
        .env(REAPER_CHILD_ENV, "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let folder = child_folder(&mut child);
    let pid_file = std::fs::read_to_string(folder.join(DATA_DIR).join("postmaster.pid")).unwrap();
    let postmaster: i32 = pid_file.lines().next().unwrap().parse().unwrap();

    child.kill().unwrap();
    child.wait().unwrap();

    let deadline = Instant::now() + Duration::from_secs(20);
    while folder.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(!folder.exists(), "the reaper left {}", folder.display());
    let alive = nix::sys::signal::kill(nix::unistd::Pid::from_raw(postmaster), None).is_ok();
    assert!(!alive, "postmaster {postmaster} still runs");
}

/// Reads the child's stdout until it reports its cluster folder.
fn child_folder(child: &mut std::process::Child) -> PathBuf {
    let stdout = BufReader::new(child.stdout.take().unwrap());
    for line in stdout.lines() {
        // libtest prints "test <name> ... " without a newline before the test's own output.
        if let Some((_, folder)) = line.unwrap().split_once("folder=") {
            return PathBuf::from(folder);
        }
    }
    panic!("the child never reported its cluster folder");
}

#[test]
fn settings_quote_the_socket_folder() {
    let text = server_settings(5999, Path::new("/tmp/it's"), false);
    assert!(text.contains("port = 5999\n"));
    assert!(text.contains("unix_socket_directories = '/tmp/it''s'\n"));
    assert!(!text.contains("ssl"));
    assert!(server_settings(5999, Path::new("/tmp"), true).contains("ssl = on\n"));
}

#[test]
fn start_error_prefers_fatal_lines() {
    let log =
        "LOG:  starting\nFATAL:  could not create lock file\nLOG:  database system is shut down\n";
    let err = start_error(5432, log, Error::database("pg_ctl start failed"));
    assert!(
        err.message()
            .ends_with("FATAL:  could not create lock file"),
        "{}",
        err.message()
    );
    assert!(err.help().unwrap().contains("shut down"));

    let err = start_error(5432, "", Error::database("pg_ctl start failed"));
    assert!(err.message().ends_with("pg_ctl start failed"));
    assert!(port_taken(
        "LOG:  could not bind IPv4 address \"127.0.0.1\": Address already in use"
    ));
}

#[test]
fn url_encodes_odd_database_names() {
    let cluster = Cluster {
        handle: Handle {
            folder: PathBuf::from("/nonexistent/pharmctl-url-test"),
            data_dir: PathBuf::from("/nonexistent/pharmctl-url-test/data"),
            bindir: PathBuf::from("/nonexistent"),
            user: ServerUser::detect().unwrap(),
        },
        port: 6543,
        root_cert: None,
        times: StartupTimes::default(),
        stopped: true,
    };
    assert_eq!(
        cluster.url("test_db-1"),
        "postgres://postgres@127.0.0.1:6543/test_db-1"
    );
    assert_eq!(
        cluster.url("a b/c"),
        "postgres://postgres@127.0.0.1:6543/a%20b%2Fc"
    );
}

#[test]
fn failed_initdb_reports_its_stderr_and_leaves_nothing() {
    let bindir = tempfile::tempdir().unwrap();
    let seen = bindir.path().join("seen");
    let script = format!(
        "#!/bin/sh\necho \"$2\" > '{}'\necho 'initdb: error: disk on fire' >&2\nexit 1\n",
        seen.display()
    );
    std::fs::write(bindir.path().join("initdb"), script).unwrap();
    std::fs::write(bindir.path().join("pg_ctl"), "#!/bin/sh\nexit 1\n").unwrap();
    for (name, mode) in [("initdb", 0o755), ("pg_ctl", 0o755), (".", 0o777)] {
        let permissions = Permissions::from_mode(mode);
        std::fs::set_permissions(bindir.path().join(name), permissions).unwrap();
    }

    let options = ClusterOptions {
        tls: false,
        bindir: Some(bindir.path().to_path_buf()),
    };
    let err = Cluster::start(&options).unwrap_err();
    assert_eq!(err.exit_code(), 3);
    assert!(
        err.message().ends_with("initdb: error: disk on fire"),
        "{}",
        err.message()
    );

    let data_dir = PathBuf::from(std::fs::read_to_string(&seen).unwrap().trim());
    assert!(data_dir.ends_with(DATA_DIR));
    assert!(
        !data_dir.parent().unwrap().exists(),
        "{} was left behind",
        data_dir.display()
    );
}
