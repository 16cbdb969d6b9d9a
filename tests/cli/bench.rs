//! `pharmctl bench` on a real PostgreSQL: before-after with and without --what-if, the gate
//! passing an unchanged database and failing after an index is dropped, incompatible and
//! malformed baselines, malformed suites, and a writing statement rolled back. Verdicts are
//! judged on buffers and plans, with a high time floor, so that a busy machine cannot make
//! these tests flaky.

use serde_json::Value;

use crate::support::{TestDb, assert_one_line_error, execute, pharmctl, query};

/// Few runs keep the tests quick; the time floor keeps time out of their verdicts.
const QUICK: [&str; 4] = ["--runs", "5", "--warmup", "1"];

fn rows(report: &Value, section: &str) -> Vec<Value> {
    report["sections"][section]["tables"][section]
        .as_array()
        .unwrap_or_else(|| panic!("no table {section} in {report}"))
        .clone()
}

fn row<'a>(rows: &'a [Value], name: &str) -> &'a Value {
    rows.iter().find(|r| r["query"] == name).unwrap()
}

fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

#[test]
fn what_if_shows_the_index_plans_and_changes_nothing() {
    let db = TestDb::loaded("bench_whatif");
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("c.svg");
    let run = pharmctl()
        .args(["bench", "before-after", "--what-if", "--format", "json"])
        .args(["--chart", chart.to_str().unwrap()])
        .args(QUICK)
        .args(["--database-url", &db.url])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);

    let table = rows(&json(&run.stdout), "before_after");
    let staffing = row(&table, "store-staffing-week");
    let before = staffing["buffers_before"].as_i64().unwrap();
    let after = staffing["buffers_after"].as_i64().unwrap();
    assert!(before >= 10 * after, "{staffing}");
    assert!(
        staffing["plan_after"]
            .as_str()
            .unwrap()
            .contains("idx_store_schedules_store_date")
    );
    let svg = std::fs::read_to_string(chart).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("store-staffing-week"));

    let indexes = query(
        &db.url,
        "SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'idx_%'",
    );
    assert_eq!(indexes[0].get::<_, i64>(0), 0);
    let schema = query(&db.url, "SELECT to_regnamespace('analytics') IS NULL");
    assert!(schema[0].get::<_, bool>(0));
}

#[test]
fn before_after_applies_the_migrations_between_measurements() {
    let db = TestDb::loaded("bench_apply");
    let run = pharmctl()
        .args([
            "bench",
            "before-after",
            "--format",
            "json",
            "--database-url",
            &db.url,
        ])
        .args(QUICK)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json(&run.stdout);
    let facts = report["sections"]["before_after"]["facts"].to_string();
    assert!(facts.contains("12 applied"), "{facts}");
    let table = rows(&report, "before_after");
    let duty = row(&table, "pharmacists-on-duty");
    assert!(
        duty["buffers_before"].as_i64().unwrap() >= 10 * duty["buffers_after"].as_i64().unwrap()
    );

    let applied = query(
        &db.url,
        "SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'idx_%'",
    );
    assert_eq!(applied[0].get::<_, i64>(0), 8);
}

#[test]
fn before_after_measures_around_the_migrations_of_a_folder() {
    let db = TestDb::loaded("bench_dir");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("0001_idx_contacts_last_name.sql"),
        "-- pharmctl: no-transaction\n\
         CREATE INDEX CONCURRENTLY idx_contacts_last_name ON public.contacts (last_name);\n",
    )
    .unwrap();
    let suite = dir.path().join("suite.toml");
    std::fs::write(
        &suite,
        "name = \"names\"\n[[query]]\nname = \"by-last-name\"\n\
         sql = \"SELECT employee_id FROM public.contacts WHERE last_name = $1\"\n\
         params = [\"Okafor\"]\n",
    )
    .unwrap();
    let run = pharmctl()
        .args(["bench", "before-after", "--format", "json", "--dir"])
        .args([
            dir.path().to_str().unwrap(),
            "--suite",
            suite.to_str().unwrap(),
        ])
        .args(QUICK)
        .args(["--database-url", &db.url])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json(&run.stdout);
    let facts = report["sections"]["before_after"]["facts"].to_string();
    assert!(facts.contains("0001_idx_contacts_last_name"), "{facts}");
    let table = rows(&report, "before_after");
    let plan = row(&table, "by-last-name")["plan_after"].to_string();
    assert!(plan.contains("idx_contacts_last_name"), "{plan}");
    let built = query(
        &db.url,
        "SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'idx_%'",
    );
    assert_eq!(built[0].get::<_, i64>(0), 1, "only the folder's index");
}

fn migrated(hint: &str) -> TestDb {
    let db = TestDb::loaded(hint);
    let run = pharmctl()
        .args(["migrate", "up", "--database-url", &db.url])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    db
}

fn compare(db: &TestDb, dir: &std::path::Path, summary: &std::path::Path) -> crate::support::Run {
    let baseline = dir.join("base.json");
    pharmctl()
        .args([
            "bench",
            "compare",
            "--gate",
            "--floor-ms",
            "1000",
            "--format",
            "json",
        ])
        .args(QUICK)
        .args(["--baseline", baseline.to_str().unwrap()])
        .args(["--database-url", &db.url])
        .env("GITHUB_STEP_SUMMARY", summary)
        .run()
}

#[test]
fn the_gate_passes_an_unchanged_database_and_fails_a_dropped_index() {
    let db = migrated("bench_gate");
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("base.json");
    let save = pharmctl()
        .args(["bench", "run", "--database-url", &db.url])
        .args(QUICK)
        .args(["--save", baseline.to_str().unwrap()])
        .run();
    assert_eq!(save.code, 0, "{}", save.stderr);

    let summary = dir.path().join("summary.md");
    let same = compare(&db, dir.path(), &summary);
    assert_eq!(same.code, 0, "{}\n{}", same.stdout, same.stderr);
    assert!(
        std::fs::read_to_string(&summary)
            .unwrap()
            .contains("no confirmed regression")
    );

    execute(&db.url, "DROP INDEX idx_store_schedules_employee_date");
    let dropped = compare(&db, dir.path(), &summary);
    assert_eq!(dropped.code, 1, "{}\n{}", dropped.stdout, dropped.stderr);
    let table = rows(&json(&dropped.stdout), "comparison");
    let month = row(&table, "employee-month");
    assert_eq!(month["verdict"]["text"], "regression", "{month}");
    assert!(
        month["plan"].as_str().unwrap().contains("became Seq Scan"),
        "{month}"
    );
    assert_eq!(
        row(&table, "store-staffing-week")["verdict"]["text"],
        "unchanged"
    );
    let markdown = std::fs::read_to_string(&summary).unwrap();
    assert!(
        markdown.contains("regressed: employee-conflicts, employee-month"),
        "{markdown}"
    );
}

#[test]
fn a_baseline_from_another_environment_is_incompatible() {
    let db = TestDb::loaded("bench_incompatible");
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("base.json");
    let save = pharmctl()
        .args(["bench", "run", "--database-url", &db.url])
        .args(QUICK)
        .args(["--save", baseline.to_str().unwrap()])
        .run();
    assert_eq!(save.code, 0, "{}", save.stderr);

    let mut file: Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    file["environment"]["settings"]["work_mem"] = Value::from("1");
    std::fs::write(&baseline, file.to_string()).unwrap();
    let run = pharmctl()
        .args(["bench", "compare", "--gate", "--database-url", &db.url])
        .args(QUICK)
        .args(["--baseline", baseline.to_str().unwrap()])
        .run();
    assert_one_line_error(&run, 2, "is incompatible: setting work_mem was 1");
}

#[test]
fn malformed_baselines_and_suites_are_usage_errors() {
    let unreachable = "postgres://nobody@127.0.0.1:1/none";
    let run = pharmctl()
        .file("base.json", "{\"format_version\": 1")
        .args([
            "bench",
            "compare",
            "--baseline",
            "base.json",
            "--database-url",
            unreachable,
        ])
        .run();
    assert_one_line_error(&run, 2, "malformed baseline base.json");

    let run = pharmctl()
        .file("suite.toml", "name = \"s\"\n[[query]]\nname = \"a\"\n")
        .args([
            "bench",
            "run",
            "--suite",
            "suite.toml",
            "--database-url",
            unreachable,
        ])
        .run();
    assert_one_line_error(&run, 2, "malformed suite file suite.toml");

    let run = pharmctl()
        .args([
            "bench",
            "run",
            "--suite",
            "missing.toml",
            "--database-url",
            unreachable,
        ])
        .run();
    assert_one_line_error(&run, 2, "cannot read suite file missing.toml");
}

#[test]
fn the_bench_section_of_the_config_file_sets_suite_and_runs_and_flags_win() {
    let db = TestDb::loaded("bench_config");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("ci")).unwrap();
    let config = dir.path().join("ci/pharmctl.toml");
    std::fs::write(
        dir.path().join("ci/suite.toml"),
        "name = \"ci suite\"\n[[query]]\nname = \"count\"\n\
         sql = \"SELECT count(*) FROM public.stores\"\nparams = []\n",
    )
    .unwrap();
    std::fs::write(
        &config,
        "[bench]\nsuite = \"suite.toml\"\nruns = 4\nwarmup = 0\n",
    )
    .unwrap();

    let facts = |extra: &[&str]| {
        let run = pharmctl()
            .args(["bench", "run", "--format", "json", "--config"])
            .args([config.to_str().unwrap()])
            .args(extra)
            .args(["--database-url", &db.url])
            .run();
        assert_eq!(run.code, 0, "{}", run.stderr);
        let report = json(&run.stdout);
        let facts = &report["sections"]["environment"]["facts"];
        let names: Vec<Value> = rows(&report, "queries")
            .iter()
            .map(|r| r["query"].clone())
            .collect();
        (
            facts["suite"]["value"].clone(),
            facts["runs"]["value"].clone(),
            names,
        )
    };
    assert_eq!(
        facts(&[]),
        ("ci suite".into(), 4.into(), vec!["count".into()])
    );
    assert_eq!(facts(&["--runs", "6"]).1, 6);

    std::fs::write(&config, "[bench]\nthreshold = 0\n").unwrap();
    let run = pharmctl()
        .args(["bench", "compare", "--baseline", "b.json", "--config"])
        .args([config.to_str().unwrap()])
        .args(["--database-url", &db.url])
        .run();
    assert_one_line_error(&run, 2, "invalid `bench.threshold` in config file");
}

#[test]
fn a_writing_statement_is_measured_and_rolled_back() {
    let db = TestDb::loaded("bench_write");
    let suite = "name = \"writes\"\n\
                 [[query]]\nname = \"deactivate\"\nwrites = true\n\
                 sql = \"UPDATE public.stores SET is_active = false WHERE store_number <= $1\"\n\
                 params = [50]\n";
    let run = pharmctl()
        .file("suite.toml", suite)
        .args(["bench", "run", "--suite", "suite.toml", "--format", "json"])
        .args(QUICK)
        .args(["--database-url", &db.url])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let table = rows(&json(&run.stdout), "queries");
    assert!(
        row(&table, "deactivate")["plan"]
            .as_str()
            .unwrap()
            .contains("ModifyTable")
    );

    let inactive = query(&db.url, "SELECT count(*) FROM stores WHERE NOT is_active");
    assert_eq!(inactive[0].get::<_, i64>(0), 3);
}
