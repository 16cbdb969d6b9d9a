//! `pharmctl stats` on a loaded database, in all three formats.

use crate::support::{TestDb, pharmctl};

#[test]
fn table_shows_the_production_volumes() {
    let db = TestDb::loaded("stats_table");
    let run = pharmctl().args(["stats", "--database-url", &db.url]).run();

    assert_eq!(run.code, 0, "{}", run.stderr);
    let row = |name: &str| {
        run.stdout
            .lines()
            .find(|l| l.contains(&format!(" {name} ")))
            .unwrap_or_default()
            .to_string()
    };
    assert!(row("stores").contains(" 97 "), "{}", run.stdout);
    assert!(row("contacts").contains(" 1,027 "), "{}", run.stdout);
    assert!(row("store_schedules").contains(" 9,793 "), "{}", run.stdout);
    assert!(row("messages").contains("empty"), "{}", run.stdout);
    assert!(run.stdout.contains("Cache hit ratio"), "{}", run.stdout);
    assert!(run.stdout.contains("Client connections"), "{}", run.stdout);
}

#[test]
fn json_parses_with_the_counts() {
    let db = TestDb::loaded("stats_json");
    let run = pharmctl()
        .args(["stats", "--format", "json", "--database-url", &db.url])
        .run();

    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("stats JSON parses");
    assert_eq!(doc["format_version"], 1);
    let tables = doc["sections"]["volumes"]["tables"]["tables"]
        .as_array()
        .unwrap();
    let rows = |name: &str| {
        let entry = tables.iter().find(|t| t["table"] == name).unwrap();
        (
            entry["rows"]["value"].as_i64().unwrap(),
            entry["rows"]["exact"].as_bool().unwrap(),
        )
    };
    assert_eq!(rows("stores"), (97, true));
    assert_eq!(rows("contacts"), (1027, true));
    assert_eq!(rows("store_schedules"), (9793, true));
    assert_eq!(rows("messages"), (0, true));
    assert!(tables.iter().all(|t| t["table_bytes"].is_i64()));
    let max = doc["sections"]["connections"]["facts"]["max_connections"]["value"].as_i64();
    assert!(max.unwrap() > 0);
}

#[test]
fn markdown_has_sections_and_a_pipe_table() {
    let db = TestDb::loaded("stats_markdown");
    let run = pharmctl()
        .args(["stats", "--format", "markdown", "--database-url", &db.url])
        .run();

    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("## Data volumes"), "{}", run.stdout);
    assert!(
        run.stdout.contains("| store_schedules | 9,793 |"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains('\u{1b}'),
        "markdown must not be coloured"
    );
}

#[test]
fn schema_filter_limits_the_tables() {
    let db = TestDb::loaded("stats_schema");
    crate::support::execute(
        &db.url,
        "CREATE SCHEMA audit_log; CREATE TABLE audit_log.events (id int)",
    );

    let all = pharmctl().args(["stats", "--database-url", &db.url]).run();
    let only = pharmctl()
        .args(["stats", "--schema", "audit_log", "--database-url", &db.url])
        .run();

    assert!(all.stdout.contains("audit_log.events"), "{}", all.stdout);
    assert!(only.stdout.contains("audit_log.events"), "{}", only.stdout);
    assert!(!only.stdout.contains(" stores "), "{}", only.stdout);
}

#[test]
fn rls_hidden_rows_are_estimated_not_miscounted() {
    let db = TestDb::loaded("stats_rls");
    crate::support::create_role("pharmctl_reader", "reader-pass-1");
    crate::support::execute(
        &db.url,
        "GRANT USAGE ON SCHEMA public TO pharmctl_reader; \
         GRANT SELECT ON ALL TABLES IN SCHEMA public TO pharmctl_reader;",
    );
    let url = crate::support::url_as(&db.url, "pharmctl_reader", "reader-pass-1");
    let run = pharmctl()
        .args(["stats", "--format", "json", "--database-url", &url])
        .run();

    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let tables = doc["sections"]["volumes"]["tables"]["tables"]
        .as_array()
        .unwrap();
    let shifts = tables
        .iter()
        .find(|t| t["table"] == "store_schedules")
        .unwrap();
    // The reader is subject to row level security: a count(*) would see no rows, so the
    // planner's estimate is shown and marked as such.
    assert_eq!(shifts["rows"]["exact"], false);
    assert!(shifts["rows"]["value"].as_i64().unwrap() > 9000);
    assert!(!run.all_output().contains("reader-pass-1"));
}

#[test]
fn a_partitioned_table_counts_and_ranks_by_its_partitions() {
    let db = TestDb::new("stats_partitioned");
    crate::support::execute(
        &db.url,
        "CREATE TABLE public.small (id int PRIMARY KEY); INSERT INTO public.small VALUES (1); \
         CREATE TABLE public.shifts (id int, day date, PRIMARY KEY (id, day)) \
             PARTITION BY RANGE (day); \
         CREATE TABLE public.shifts_1 PARTITION OF public.shifts \
             FOR VALUES FROM ('2025-01-01') TO ('2025-07-01'); \
         CREATE TABLE public.shifts_2 PARTITION OF public.shifts \
             FOR VALUES FROM ('2025-07-01') TO ('2026-01-01'); \
         INSERT INTO public.shifts SELECT g, date '2025-01-01' + g % 365 \
             FROM generate_series(1, 20000) AS g; \
         ANALYZE;",
    );
    let names = |command: &str| -> Vec<(String, i64)> {
        let run = pharmctl()
            .args([command, "--format", "json", "--database-url", &db.url])
            .run();
        assert!(run.code <= 1, "{command}: {}", run.stderr);
        let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        doc["sections"]["volumes"]["tables"]["tables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                let name = t["table"].as_str().unwrap();
                let name = name.strip_prefix("public.").unwrap_or(name).to_string();
                (name, t["table_bytes"].as_i64().unwrap())
            })
            .collect()
    };
    for command in ["stats", "audit"] {
        let tables = names(command);
        let listed: Vec<&str> = tables.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            listed,
            ["shifts", "small"],
            "{command}: partitions are not listed"
        );
        assert!(tables[0].1 > 8 * 8192, "{command}: {tables:?}");
    }
}

#[test]
fn index_usage_and_top_statements() {
    let db = TestDb::new("stats_indexes");
    crate::support::execute(
        &db.url,
        "CREATE TABLE public.t (id int PRIMARY KEY, a int); CREATE INDEX t_a ON public.t (a); \
         INSERT INTO public.t SELECT g, g FROM generate_series(1, 1000) AS g; ANALYZE public.t;",
    );
    let stats = || {
        let run = pharmctl()
            .args(["stats", "--format", "json", "--database-url", &db.url])
            .run();
        assert_eq!(run.code, 0, "{}", run.stderr);
        serde_json::from_str::<serde_json::Value>(&run.stdout).unwrap()
    };
    let before = stats();
    assert!(
        before["sections"]["statements"]["notes"]
            .to_string()
            .contains("Not shown: pg_stat_statements is not installed in this database"),
        "{}",
        before["sections"]["statements"]
    );

    crate::support::execute(
        &db.url,
        "CREATE EXTENSION pg_stat_statements; \
         SET enable_seqscan = off; SELECT count(*) FROM public.t WHERE a < 10;",
    );
    let doc = stats();
    let indexes = doc["sections"]["indexes"]["tables"]["indexes"]
        .as_array()
        .unwrap();
    let index = |name: &str| {
        indexes
            .iter()
            .find(|i| i["index"] == name)
            .unwrap_or_else(|| panic!("{name} not in {indexes:?}"))
    };
    assert_eq!(index("t_a")["table"], "t");
    assert!(index("t_a")["scans"].as_i64().unwrap() >= 1);
    assert_eq!(index("t_a")["kind"], "plain");
    assert_eq!(index("t_pkey")["kind"], "unique");
    let top = doc["sections"]["statements"]["tables"]["top_statements"]
        .as_array()
        .unwrap();
    assert!(
        top.iter()
            .any(|s| s["query"] == "SELECT count(*) FROM public.t WHERE a < $1"),
        "{top:?}"
    );
}
