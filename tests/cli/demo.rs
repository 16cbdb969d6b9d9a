//! `pharmctl demo`: a real throwaway server, loaded and reported on, then removed.

use crate::support::pharmctl;

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
        std::net::TcpStream::connect(("127.0.0.1", port)).is_err(),
        "the demo server on port {port} is still running"
    );
}
