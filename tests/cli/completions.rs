//! The committed completion scripts match what the binary generates.

use crate::support::pharmctl;

#[test]
fn committed_completions_are_current() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for (shell, file) in [
        ("bash", "pharmctl.bash"),
        ("zsh", "_pharmctl"),
        ("fish", "pharmctl.fish"),
    ] {
        let run = pharmctl().args(["completions", shell]).run();
        assert_eq!(run.code, 0, "{}", run.stderr);
        let committed = std::fs::read_to_string(root.join(file)).unwrap_or_default();
        assert!(
            committed == run.stdout,
            "completions/{file} is stale: run `pharmctl completions {shell} > completions/{file}`"
        );
    }
}

#[test]
fn unknown_shell_is_a_usage_error() {
    let run = pharmctl().args(["completions", "tcsh"]).run();
    assert_eq!(run.code, 2);
}
