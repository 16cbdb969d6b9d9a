//! Settings: the config file, its errors, and precedence of flags, environment and file.

use crate::support::{TestDb, assert_one_line_error, pharmctl};

#[test]
fn malformed_toml_names_file_line_and_column() {
    let run = pharmctl()
        .file("pharmctl.toml", "format = \"json\"\ncolor = \n")
        .args(["stats"])
        .run();
    assert_one_line_error(&run, 2, "pharmctl.toml:2:");
}

#[test]
fn unknown_key_is_rejected_by_name() {
    let run = pharmctl()
        .file("pharmctl.toml", "fromat = \"json\"\n")
        .args(["stats"])
        .run();
    assert_one_line_error(&run, 2, "fromat");
}

#[test]
fn bad_value_is_rejected() {
    let run = pharmctl()
        .file("pharmctl.toml", "format = \"yaml\"\n")
        .args(["stats"])
        .run();
    assert_one_line_error(&run, 2, "yaml");
    let run = pharmctl()
        .file("pharmctl.toml", "statement_timeout = \"soon\"\n")
        .args(["stats"])
        .run();
    assert_one_line_error(&run, 2, "statement_timeout");
}

#[test]
fn missing_config_file_is_an_input_error() {
    let run = pharmctl().args(["stats", "--config", "nowhere.toml"]).run();
    assert_one_line_error(&run, 2, "nowhere.toml");
}

#[test]
fn flag_beats_environment_beats_file() {
    let db = TestDb::loaded("precedence");
    let config = format!("database_url = \"{}\"\nformat = \"markdown\"\n", db.url);

    let from_file = pharmctl()
        .file("pharmctl.toml", &config)
        .args(["stats"])
        .run();
    assert_eq!(from_file.code, 0, "{}", from_file.stderr);
    assert!(
        from_file.stdout.starts_with("# "),
        "file format applies: {}",
        from_file.stdout
    );

    let from_env = pharmctl()
        .file("pharmctl.toml", &config)
        .env("PHARMCTL_FORMAT", "json")
        .args(["stats"])
        .run();
    assert!(
        from_env.stdout.starts_with('{'),
        "environment beats file: {}",
        from_env.stdout
    );

    let from_flag = pharmctl()
        .file("pharmctl.toml", &config)
        .env("PHARMCTL_FORMAT", "json")
        .args(["stats", "--format", "table"])
        .run();
    assert!(
        from_flag.stdout.starts_with("pharmctl stats"),
        "flag wins: {}",
        from_flag.stdout
    );
}

#[test]
fn no_config_ignores_the_file() {
    let run = pharmctl()
        .file("pharmctl.toml", "this is not toml")
        .args(["completions", "bash", "--no-config"])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn help_lists_only_working_commands() {
    let run = pharmctl().args(["--help"]).run();
    assert_eq!(run.code, 0);
    for command in ["stats", "fixtures", "demo", "completions"] {
        assert!(run.stdout.contains(command), "{command} missing from help");
    }
    assert!(run.stdout.contains("Exit codes"));
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let run = pharmctl().args(["stats", "--frobnicate"]).run();
    assert_eq!(run.code, 2);
}

#[test]
fn named_databases_are_picked_by_name() {
    let first = TestDb::new("named_first");
    let second = TestDb::new("named_second");
    let config = format!(
        "database_url = \"{}\"\n[databases.first]\nurl = \"{}\"\n\
         [databases.second]\nurl = \"{}\"\n",
        first.url, first.url, second.url
    );
    let subject = |run: &crate::support::Run| -> String {
        assert_eq!(run.code, 0, "{}", run.stderr);
        let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        doc["subject"].as_str().unwrap().to_string()
    };

    let by_flag = pharmctl()
        .file("pharmctl.toml", &config)
        .args(["stats", "--format", "json", "--database", "second"])
        .run();
    assert!(
        subject(&by_flag).contains(&second.name),
        "{}",
        by_flag.stdout
    );
    let by_env = pharmctl()
        .file("pharmctl.toml", &config)
        .env("PHARMCTL_DATABASE", "second")
        .args(["stats", "--format", "json"])
        .run();
    assert!(subject(&by_env).contains(&second.name), "{}", by_env.stdout);
    let default = pharmctl()
        .file("pharmctl.toml", &config)
        .args(["stats", "--format", "json"])
        .run();
    assert!(
        subject(&default).contains(&first.name),
        "{}",
        default.stdout
    );

    let unknown = pharmctl()
        .file("pharmctl.toml", &config)
        .args(["stats", "--database", "third"])
        .run();
    assert_one_line_error(&unknown, 2, "no database named `third`");
    assert!(
        unknown.stderr.contains("first, second"),
        "{}",
        unknown.stderr
    );
    let both = pharmctl()
        .file("pharmctl.toml", &config)
        .args([
            "stats",
            "--database",
            "second",
            "--database-url",
            &first.url,
        ])
        .run();
    assert_one_line_error(&both, 2, "both --database and --database-url");
    let bad_name = pharmctl()
        .file(
            "pharmctl.toml",
            "[databases.\"east coast\"]\nurl = \"postgres:///x\"\n",
        )
        .args(["stats", "--database", "east coast"])
        .run();
    assert_one_line_error(&bad_name, 2, "invalid database name `east coast`");
    let no_url = pharmctl()
        .file("pharmctl.toml", "[databases.east]\nhost = \"db1\"\n")
        .args(["stats"])
        .run();
    assert_one_line_error(&no_url, 2, "pharmctl.toml");
}
