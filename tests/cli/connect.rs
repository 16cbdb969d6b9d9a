//! Connections: URLs and key=value strings, PG* variables, the password file, unix sockets,
//! TLS modes, and one-line errors that never show a password.

use std::os::unix::fs::PermissionsExt;

use pharmctl::db::cluster::{Cluster, ClusterOptions};

use crate::support::{
    TestDb, assert_one_line_error, create_role, execute, pharmctl, server, tls_cluster, url_as,
};

const SECRET: &str = "Right-Secret-4711";
const WRONG: &str = "Wrong-Secret-0815";

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

fn assert_no_secret(run: &crate::support::Run) {
    for secret in [SECRET, WRONG] {
        assert!(
            !run.all_output().contains(secret),
            "secret leaked: {}",
            run.all_output()
        );
    }
}

#[test]
fn server_down_names_host_port_database_and_user() {
    let port = free_port();
    let url = format!("postgres://someone:{SECRET}@127.0.0.1:{port}/inventory");
    let run = pharmctl().args(["stats", "--database-url", &url]).run();

    assert_one_line_error(&run, 3, "127.0.0.1");
    let error = run.stderr.lines().next().unwrap();
    for part in [port.to_string().as_str(), "inventory", "someone"] {
        assert!(error.contains(part), "`{part}` missing from `{error}`");
    }
    assert_no_secret(&run);
}

#[test]
fn wrong_password_in_url_is_named_but_not_shown() {
    let db = TestDb::new("wrong_password");
    create_role("pharmctl_pw", SECRET);
    let run = pharmctl()
        .args([
            "stats",
            "--database-url",
            &url_as(&db.url, "pharmctl_pw", WRONG),
        ])
        .run();

    assert_one_line_error(&run, 3, "password");
    assert!(run.stderr.contains("pharmctl_pw"), "{}", run.stderr);
    assert_no_secret(&run);
}

#[test]
fn pgpassword_is_used_and_never_shown() {
    let db = TestDb::loaded("pgpassword");
    create_role("pharmctl_pw", SECRET);
    let url = url_as(&db.url, "pharmctl_pw", "").replace("pharmctl_pw:@", "pharmctl_pw@");

    let good = pharmctl()
        .env("PGPASSWORD", SECRET)
        .args(["stats", "--database-url", &url])
        .run();
    assert_eq!(good.code, 0, "{}", good.stderr);
    assert_no_secret(&good);

    let bad = pharmctl()
        .env("PGPASSWORD", WRONG)
        .args(["stats", "--database-url", &url])
        .run();
    assert_one_line_error(&bad, 3, "password");
    assert_no_secret(&bad);
}

#[test]
fn pgpass_file_and_pg_variables_work_like_psql() {
    let db = TestDb::loaded("pgpass");
    create_role("pharmctl_pw", SECRET);
    let params = pharmctl::db::ConnParams::resolve(Some(&db.url), &|_| None).unwrap();
    let port = params.port.to_string();
    let host = server_host(&db.url);

    for (password, expected) in [(SECRET, 0), (WRONG, 3)] {
        let runner = pharmctl();
        let pgpass = runner.home().join(".pgpass");
        std::fs::write(&pgpass, format!("{host}:{port}:*:pharmctl_pw:{password}\n")).unwrap();
        std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
        let run = runner
            .env("PGHOST", &host)
            .env("PGPORT", &port)
            .env("PGUSER", "pharmctl_pw")
            .env("PGDATABASE", &db.name)
            .args(["stats"])
            .run();
        assert_eq!(run.code, expected, "{}", run.stderr);
        assert_no_secret(&run);
    }
}

fn server_host(url: &str) -> String {
    let params = pharmctl::db::ConnParams::resolve(Some(url), &|_| None).unwrap();
    let target = params.redacted_url();
    let after_at = target.split('@').nth(1).unwrap_or_default();
    after_at.split(':').next().unwrap_or_default().to_string()
}

#[test]
fn unknown_database_is_named() {
    let url = server().url("no_such_database_here");
    let run = pharmctl().args(["stats", "--database-url", &url]).run();
    assert_one_line_error(&run, 3, "no_such_database_here");
}

#[test]
fn malformed_url_is_an_input_error() {
    let run = pharmctl()
        .args([
            "stats",
            "--database-url",
            &format!("postgres://u:{SECRET}@host:notaport/db"),
        ])
        .run();
    assert_one_line_error(&run, 2, "port");
    assert_no_secret(&run);
}

#[test]
fn key_value_strings_and_unix_sockets_connect() {
    let Some(cluster) = &server().cluster else {
        return;
    };
    let db = TestDb::loaded("socket");
    let conninfo = format!(
        "host={} port={} user=postgres dbname={}",
        cluster.socket_dir().display(),
        cluster.port(),
        db.name
    );
    let run = pharmctl()
        .args(["stats", "--database-url", &conninfo])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("9,793"), "{}", run.stdout);
}

fn tls_url(host: &str, mode: &str, cluster: &Cluster) -> String {
    let root = cluster.root_cert().expect("TLS cluster has a certificate");
    format!(
        "postgres://postgres@{host}:{}/postgres?sslmode={mode}&sslrootcert={}",
        cluster.port(),
        root.display()
    )
}

#[test]
fn tls_require_and_verify_full_succeed_on_a_matching_name() {
    let cluster = tls_cluster();
    for url in [
        tls_url("127.0.0.1", "require", cluster),
        tls_url("localhost", "verify-full", cluster),
    ] {
        let run = pharmctl().args(["stats", "--database-url", &url]).run();
        assert_eq!(run.code, 0, "{url}: {}", run.stderr);
    }
}

#[test]
fn tls_certificate_for_another_name_is_refused() {
    let url = tls_url("127.0.0.1", "verify-full", tls_cluster());
    let run = pharmctl().args(["stats", "--database-url", &url]).run();
    assert_one_line_error(&run, 3, "certificate");
}

#[test]
fn tls_required_but_not_offered_is_refused() {
    let plain = Cluster::start(&ClusterOptions::default()).unwrap();
    let url = format!(
        "postgres://postgres@127.0.0.1:{}/postgres?sslmode=require",
        plain.port()
    );
    let run = pharmctl().args(["stats", "--database-url", &url]).run();
    assert_one_line_error(&run, 3, "TLS");

    let prefer = url.replace("require", "prefer");
    let run = pharmctl().args(["stats", "--database-url", &prefer]).run();
    assert_eq!(run.code, 0, "prefer falls back to plain: {}", run.stderr);
}

#[test]
fn debug_logs_never_show_the_password() {
    let db = TestDb::loaded("debug_logs");
    create_role("pharmctl_pw", SECRET);
    execute(&db.url, "GRANT pg_read_all_stats TO pharmctl_pw");
    let run = pharmctl()
        .args([
            "-vv",
            "stats",
            "--database-url",
            &url_as(&db.url, "pharmctl_pw", SECRET),
        ])
        .run();

    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("connected to"),
        "-v logs the connection: {}",
        run.stderr
    );
    assert_no_secret(&run);
}

#[test]
fn silent_server_times_out() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let url = format!("postgres://someone@127.0.0.1:{port}/db?connect_timeout=2");
    let started = std::time::Instant::now();
    let run = pharmctl().args(["stats", "--database-url", &url]).run();

    assert_one_line_error(&run, 3, "timed out");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    drop(listener);
}
