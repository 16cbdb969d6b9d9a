//! `pharmctl demo`: a real throwaway server, loaded and reported on, then removed.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{assert_one_line_error, pharmctl};

fn port_is_closed(port: u16) -> bool {
    std::net::TcpStream::connect(("127.0.0.1", port)).is_err()
}

#[test]
fn demo_reports_the_volumes_and_cleans_up() {
    let run = pharmctl().args(["demo", "-v"]).run();

    assert_eq!(run.code, 0, "{}", run.stderr);
    for figure in [" 97 ", " 1,027 ", " 9,793 "] {
        assert!(
            run.stdout.contains(figure),
            "{figure} missing: {}",
            run.stdout
        );
    }
    let port: u16 = run
        .stderr
        .lines()
        .find_map(|l| l.split("on port ").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port logged: {}", run.stderr));
    assert!(
        port_is_closed(port),
        "the demo server on port {port} is still running"
    );
}

#[test]
fn demo_keep_serves_until_interrupted() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pharmctl"))
        .args(["demo", "--keep"])
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut url = None;
    let mut line = String::new();
    while url.is_none() && Instant::now() < deadline {
        line.clear();
        if stderr.read_line(&mut line).unwrap() == 0 {
            break;
        }
        url = line
            .split("running at ")
            .nth(1)
            .map(|u| u.trim().to_string());
    }
    let url = url.expect("demo --keep prints its URL");

    let stats = pharmctl().args(["stats", "--database-url", &url]).run();
    assert_eq!(stats.code, 0, "the kept server answers: {}", stats.stderr);
    assert!(stats.stdout.contains("9,793"));

    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(child.id() as i32),
        nix::sys::signal::Signal::SIGINT,
    )
    .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "Ctrl-C ends the demo normally");
    let port: u16 = url
        .rsplit(':')
        .next()
        .and_then(|p| p.split('/').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        port_is_closed(port),
        "the kept server on port {port} was not stopped"
    );
}

#[test]
fn missing_server_binaries_are_named() {
    let run = pharmctl()
        .env("PG_BINDIR", "/nonexistent/pg/bin")
        .args(["demo"])
        .run();
    assert_one_line_error(&run, 2, "/nonexistent/pg/bin");
}
