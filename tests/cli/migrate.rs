//! `pharmctl migrate` on a real PostgreSQL: the migration set on fixture data, concurrent
//! runners, a killed concurrent build, a blocker, drift, baselines, rejected files and lint.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use pharmctl::db::{Access, ConnParams, Session, SessionOptions};

use crate::support::{TestDb, assert_one_line_error, execute, pharmctl, query};

/// The migrations shipped in `sql/migrations/`.
const MIGRATIONS: i64 = 12;

const INDEXES: [&str; 8] = [
    "idx_store_schedules_store_date",
    "idx_store_schedules_employee_date",
    "idx_store_schedules_role_date",
    "idx_store_schedules_employee_type",
    "idx_stores_active",
    "idx_messages_contact_date",
    "idx_contacts_ai_enabled",
    "idx_contacts_priority_status",
];

fn status_json(url: &str, extra: &[&str]) -> serde_json::Value {
    let run = pharmctl()
        .args([
            "migrate",
            "status",
            "--format",
            "json",
            "--database-url",
            url,
        ])
        .args(extra)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("status JSON parses")
}

fn states(doc: &serde_json::Value) -> Vec<String> {
    doc["sections"]["migrations"]["tables"]["migrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["state"]["text"].as_str().unwrap().to_string())
        .collect()
}

fn applied_count(stdout: &str) -> i64 {
    let doc: serde_json::Value = serde_json::from_str(stdout).expect("up JSON parses");
    doc["sections"]["applied"]["facts"]["applied"]["value"]
        .as_i64()
        .unwrap()
}

/// `pharmctl migrate up --format json` on `url`.
fn up_json(url: &str) -> crate::support::Run {
    pharmctl()
        .args(["migrate", "up", "--format", "json", "--database-url", url])
        .run()
}

fn scalar_i64(url: &str, sql: &str) -> i64 {
    query(url, sql)[0].get(0)
}

fn invalid_indexes(url: &str) -> i64 {
    scalar_i64(url, "SELECT count(*) FROM pg_index WHERE NOT indisvalid")
}

/// A `pharmctl migrate up` started in the background, with a clean environment.
fn spawn_up(url: &str, extra: &[&str]) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pharmctl"));
    for (key, _) in std::env::vars() {
        if key.starts_with("PG") || key.starts_with("PHARMCTL_") || key == "DATABASE_URL" {
            command.env_remove(key);
        }
    }
    command
        .env("NO_COLOR", "1")
        .args(["migrate", "up", "--format", "json", "--database-url", url])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

async fn session(url: &str) -> Session {
    let params = ConnParams::resolve(Some(url), &|_| None).unwrap();
    let options = SessionOptions {
        access: Access::ReadWrite,
        statement_timeout: None,
    };
    Session::connect(&params, &options).await.unwrap()
}

/// A session that ran some SQL and stays open (holding its locks or snapshot) until released.
struct Held {
    pid: i32,
    release: mpsc::Sender<()>,
    thread: JoinHandle<()>,
}

fn hold(url: &str, sql: &str) -> Held {
    let (url, sql) = (url.to_string(), sql.to_string());
    let (ready_tx, ready_rx) = mpsc::channel();
    let (release, release_rx) = mpsc::channel::<()>();
    let thread = std::thread::spawn(move || {
        runtime().block_on(async {
            let session = session(&url).await;
            session.client().batch_execute(&sql).await.unwrap();
            let pid: i32 = session
                .client()
                .query_one("SELECT pg_backend_pid()", &[])
                .await
                .unwrap()
                .get(0);
            ready_tx.send(pid).unwrap();
            let _ = release_rx.recv();
        })
    });
    let pid = ready_rx.recv().unwrap();
    Held {
        pid,
        release,
        thread,
    }
}

impl Held {
    fn release(self) {
        let _ = self.release.send(());
        self.thread.join().unwrap();
    }
}

/// A scratch folder holding migration files.
fn migration_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn dir_arg(dir: &Path) -> String {
    dir.display().to_string()
}

#[test]
fn up_applies_the_set_once_and_creates_safe_objects() {
    let db = TestDb::loaded("migrate_up");
    let run = up_json(&db.url);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(applied_count(&run.stdout), MIGRATIONS);

    let doc = status_json(&db.url, &[]);
    assert_eq!(states(&doc), vec!["applied"; MIGRATIONS as usize]);
    assert_eq!(
        doc["sections"]["migrations"]["facts"]["pending"]["value"],
        0
    );

    let again = pharmctl()
        .args([
            "migrate",
            "up",
            "--format",
            "json",
            "--database-url",
            &db.url,
        ])
        .run();
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(applied_count(&again.stdout), 0);

    let names = INDEXES.map(|n| format!("'{n}'")).join(",");
    let valid = scalar_i64(
        &db.url,
        &format!(
            "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
             WHERE c.relname IN ({names}) AND i.indisvalid"
        ),
    );
    assert_eq!(valid, 8);
    let history = query(
        &db.url,
        "SELECT count(*), count(*) FILTER (WHERE state = 'applied' AND checksum ~ '^[0-9a-f]{64}$' \
         AND pharmctl_version <> '' AND duration_ms IS NOT NULL) FROM pharmctl.migrations",
    );
    assert_eq!(
        (history[0].get::<_, i64>(0), history[0].get::<_, i64>(1)),
        (MIGRATIONS, MIGRATIONS)
    );

    // Nothing reaches the API roles: schema, views and functions.
    let exposed = scalar_i64(
        &db.url,
        "SELECT count(*) FROM (VALUES ('anon'), ('authenticated')) AS r(role) \
         WHERE has_schema_privilege(r.role, 'analytics', 'USAGE') \
            OR has_table_privilege(r.role, 'analytics.daily_staffing_summary', 'SELECT') \
            OR has_table_privilege(r.role, 'analytics.employee_utilization_summary', 'SELECT') \
            OR EXISTS (SELECT 1 FROM pg_proc p WHERE p.proname IN ( \
               'get_employee_schedule_summary', 'get_store_staffing_summary', \
               'detect_schedule_conflicts', 'refresh_analytics_views', \
               'get_performance_stats', 'get_performance_recommendations') \
               AND has_function_privilege(r.role, p.oid, 'EXECUTE'))",
    );
    assert_eq!(exposed, 0);
    let fixed_path = scalar_i64(
        &db.url,
        "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
         WHERE n.nspname = 'public' AND 'search_path=\"\"' = ANY (p.proconfig) \
           AND has_function_privilege('service_role', p.oid, 'EXECUTE')",
    );
    assert_eq!(fixed_path, 6);
    let unique_view_indexes = scalar_i64(
        &db.url,
        "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid \
         WHERE c.relkind = 'm' AND i.indisunique",
    );
    assert_eq!(unique_view_indexes, 2);
}

#[test]
fn functions_agree_with_independent_sql() {
    let db = TestDb::loaded("migrate_functions");
    let run = pharmctl()
        .args(["migrate", "up", "--database-url", &db.url])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);

    // `stats` reads its volumes through get_performance_stats() and shows the same figures.
    let stats = |db_url: &str| {
        let run = pharmctl()
            .args(["stats", "-v", "--format", "json", "--database-url", db_url])
            .run();
        assert_eq!(run.code, 0, "{}", run.stderr);
        let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let used = run
            .stderr
            .contains("through public.get_performance_stats()");
        (used, doc["sections"]["volumes"]["tables"]["tables"].clone())
    };
    let (used, through_function) = stats(&db.url);
    assert!(used);
    execute(
        &db.url,
        "ALTER FUNCTION public.get_performance_stats() RENAME TO hidden_stats",
    );
    let (used, own_query) = stats(&db.url);
    execute(
        &db.url,
        "ALTER FUNCTION public.hidden_stats() RENAME TO get_performance_stats",
    );
    assert!(!used);
    let figures = |tables: &serde_json::Value| -> Vec<String> {
        let keys = ["table", "rows", "table_bytes", "index_bytes", "status"];
        let rows = tables.as_array().unwrap();
        rows.iter()
            .map(|t| keys.map(|k| t[k].to_string()).join(" "))
            .collect()
    };
    assert_eq!(figures(&through_function), figures(&own_query));
    assert!(figures(&own_query).len() >= 9);

    // Overlaps: exactly the planted P1-P3 pairs, the midnight one included.
    let found: Vec<(i64, i64)> = query(
        &db.url,
        "SELECT shift_ids[1], shift_ids[2] FROM public.detect_schedule_conflicts() \
         WHERE kind IN ('double-booking', 'two-store-overlap') ORDER BY 1",
    )
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect();
    let mut planted: Vec<(i64, i64)> = pharmctl::fixtures::planted(1, 1)
        .into_iter()
        .filter(|p| {
            use pharmctl::fixtures::PlantedKind as K;
            matches!(
                p.kind,
                K::DoubleBooking | K::TwoStoreOverlap | K::MidnightOverlap
            )
        })
        .map(|p| {
            let mut shifts = p.shifts.clone();
            shifts.sort_by_key(|s| (s.date, s.start_time));
            (shifts[0].id, shifts[1].id)
        })
        .collect();
    planted.sort();
    assert_eq!(found, planted);
    let midnight = scalar_i64(
        &db.url,
        "SELECT count(*) FROM public.detect_schedule_conflicts() \
         WHERE detail LIKE '%overlap for 01:00'",
    );
    assert!(midnight >= 1);

    // Hours per shift written another way: end minus start as timestamps.
    let hours = "EXTRACT(epoch FROM (CASE WHEN end_time <= start_time THEN date + 1 ELSE date END \
                 + end_time) - (date + start_time)) / 3600.0";
    let differences = [
        format!(
            "SELECT employee_id, count(*), round(sum({hours}), 2), count(DISTINCT store_number), \
             min(date), max(date) FROM store_schedules GROUP BY employee_id"
        ),
        "SELECT * FROM public.get_employee_schedule_summary()".to_string(),
        format!(
            "SELECT store_number, date, role, count(*), round(sum({hours}), 2), \
             count(DISTINCT employee_id) FROM store_schedules GROUP BY 1, 2, 3"
        ),
        "SELECT * FROM public.get_store_staffing_summary()".to_string(),
        "SELECT * FROM analytics.daily_staffing_summary".to_string(),
        format!(
            "SELECT employee_id, date - (extract(isodow FROM date)::int - 1), count(*), \
             round(sum({hours}), 2), count(DISTINCT store_number) \
             FROM store_schedules GROUP BY 1, 2"
        ),
        "SELECT * FROM analytics.employee_utilization_summary".to_string(),
    ];
    for (ours, theirs) in [(1, 0), (3, 2), (4, 2), (6, 5)] {
        let (a, b) = (&differences[ours], &differences[theirs]);
        let sql = format!("SELECT count(*) FROM (({a} EXCEPT {b}) UNION ALL ({b} EXCEPT {a})) d");
        assert_eq!(scalar_i64(&db.url, &sql), 0, "{a} differs from {b}");
    }
    let employees = scalar_i64(
        &db.url,
        "SELECT count(*) FROM public.get_employee_schedule_summary() WHERE total_hours > 0",
    );
    assert!(employees > 900, "{employees} employees with hours");

    // Refresh, stats and recommendations.
    let refreshed = query(&db.url, "SELECT * FROM public.refresh_analytics_views()");
    assert_eq!(refreshed.len(), 2);
    assert!(
        refreshed
            .iter()
            .all(|r| r.get::<_, bool>("refreshed_concurrently"))
    );
    let stats_differ = scalar_i64(
        &db.url,
        "SELECT count(*) FROM ((SELECT schema_name, table_name FROM public.get_performance_stats() \
         EXCEPT SELECT table_schema, table_name FROM information_schema.tables \
         WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', \
         'information_schema', 'pharmctl')) UNION ALL (SELECT table_schema, table_name \
         FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema \
         NOT IN ('pg_catalog', 'information_schema', 'pharmctl') EXCEPT SELECT schema_name, \
         table_name FROM public.get_performance_stats())) d",
    );
    assert_eq!(stats_differ, 0);

    // A failed concurrent build leaves an invalid index: the recommendations name it.
    let url = db.url.clone();
    let failed = runtime().block_on(async move {
        let session = session(&url).await;
        let sql =
            "CREATE INDEX CONCURRENTLY broken_idx ON public.stores ((1 / (store_number - 5)))";
        session.client().batch_execute(sql).await.is_err()
    });
    assert!(failed);
    let advice: Vec<(String, String)> = query(
        &db.url,
        "SELECT category, object_name FROM public.get_performance_recommendations() \
         WHERE category IN ('invalid-index', 'vacuum', 'refresh')",
    )
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect();
    assert_eq!(
        advice,
        [("invalid-index".to_string(), "public.broken_idx".to_string())]
    );
    let analyze_differs = scalar_i64(
        &db.url,
        "SELECT count(*) FROM ((SELECT object_name FROM public.get_performance_recommendations() \
         WHERE category = 'analyze' EXCEPT SELECT schemaname || '.' || relname \
         FROM pg_stat_user_tables WHERE n_live_tup >= 1000 AND last_analyze IS NULL \
         AND last_autoanalyze IS NULL) UNION ALL (SELECT schemaname || '.' || relname \
         FROM pg_stat_user_tables WHERE n_live_tup >= 1000 AND last_analyze IS NULL \
         AND last_autoanalyze IS NULL EXCEPT SELECT object_name \
         FROM public.get_performance_recommendations() WHERE category = 'analyze')) d",
    );
    assert_eq!(analyze_differs, 0);
}

#[test]
fn concurrent_runners_apply_each_migration_once() {
    let db = TestDb::loaded("migrate_concurrent");
    // Two runners wait long enough for the others, two give up early with the lock message.
    let children: Vec<Child> = ["60s", "60s", "300ms", "300ms"]
        .iter()
        .map(|wait| spawn_up(&db.url, &["--lock-wait", wait]))
        .collect();

    let mut total = 0;
    for child in children {
        let output = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        match output.status.code() {
            Some(0) => total += applied_count(&stdout),
            Some(3) => assert!(stderr.contains("holds the migration lock"), "{stderr}"),
            other => panic!("exit {other:?}: {stderr}"),
        }
    }
    assert_eq!(total, MIGRATIONS);
    assert_eq!(
        states(&status_json(&db.url, &[])),
        vec!["applied"; MIGRATIONS as usize]
    );
    assert_eq!(invalid_indexes(&db.url), 0);
}

#[test]
fn killed_concurrent_build_resumes_without_invalid_index() {
    let db = TestDb::loaded("migrate_kill");
    // An open snapshot makes the first concurrent build wait at its end, invalid.
    let snapshot = hold(
        &db.url,
        "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM public.contacts",
    );
    let mut child = spawn_up(&db.url, &[]);
    let waiting = "SELECT count(*) FROM pg_stat_activity \
                   WHERE application_name = 'pharmctl migrate' \
                   AND query LIKE 'CREATE INDEX CONCURRENTLY%' AND wait_event_type = 'Lock'";
    let started = Instant::now();
    while scalar_i64(&db.url, waiting) == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the build never waited"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(invalid_indexes(&db.url), 1);
    child.kill().unwrap();
    let _ = child.wait();

    // The server notices the dead client within client_connection_check_interval.
    let gone = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pharmctl migrate'";
    while scalar_i64(&db.url, gone) > 0 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the runner's backend lingers"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    snapshot.release();
    assert_eq!(states(&status_json(&db.url, &[]))[0], "running");

    let run = up_json(&db.url);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        doc["sections"]["applied"]["tables"]["applied"][0]["rebuilt"],
        1
    );
    assert_eq!(invalid_indexes(&db.url), 0);
    assert_eq!(
        states(&status_json(&db.url, &[])),
        vec!["applied"; MIGRATIONS as usize]
    );
}

#[test]
fn blocker_is_waited_for_per_try_then_named() {
    let db = TestDb::loaded("migrate_blocker");
    let dir = migration_dir(&[(
        "0001_schedule_note.sql",
        "ALTER TABLE public.store_schedules ADD COLUMN note text;\n",
    )]);
    let blocker = hold(
        &db.url,
        "SET application_name = 'shift-editor'; BEGIN; \
         UPDATE public.store_schedules SET role = role WHERE id = 1",
    );

    // The application keeps reading while the migration waits.
    let (stop_tx, stop_rx) = mpsc::channel::<()>();
    let url = db.url.clone();
    let reader = std::thread::spawn(move || {
        runtime().block_on(async move {
            let session = session(&url).await;
            let mut worst = Duration::ZERO;
            while stop_rx.try_recv().is_err() {
                let started = Instant::now();
                session
                    .client()
                    .query_one("SELECT count(*) FROM public.store_schedules", &[])
                    .await
                    .unwrap();
                worst = worst.max(started.elapsed());
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            worst
        })
    });

    let started = Instant::now();
    let run = pharmctl()
        .args([
            "migrate",
            "up",
            "--dir",
            &dir_arg(dir.path()),
            "--database-url",
            &db.url,
        ])
        .args(["--lock-timeout", "300ms", "--retries", "2"])
        .run();
    let took = started.elapsed();
    let _ = stop_tx.send(());
    let worst = reader.join().unwrap();
    let pid = blocker.pid;
    blocker.release();

    assert_one_line_error(&run, 3, "lock_timeout 300 ms fired on all 3 tries");
    assert!(
        run.stderr
            .contains(&format!("pid {pid} (application shift-editor")),
        "{}",
        run.stderr
    );
    assert!(
        took >= Duration::from_millis(900),
        "three tries took only {took:?}"
    );
    assert!(
        worst < Duration::from_millis(700),
        "a reader waited {worst:?}"
    );
    assert_eq!(
        states(&status_json(&db.url, &["--dir", &dir_arg(dir.path())])),
        ["failed"]
    );
    let column = scalar_i64(
        &db.url,
        "SELECT count(*) FROM information_schema.columns \
         WHERE table_name = 'store_schedules' AND column_name = 'note'",
    );
    assert_eq!(column, 0);
}

#[test]
fn edited_migration_is_drift() {
    let db = TestDb::new("migrate_drift");
    let text = "CREATE TABLE public.drift_probe (id bigint PRIMARY KEY);\n";
    let dir = migration_dir(&[("0001_probe.sql", text)]);
    let dir_text = dir_arg(dir.path());
    let run = pharmctl()
        .args([
            "migrate",
            "up",
            "--dir",
            &dir_text,
            "--database-url",
            &db.url,
        ])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);

    let verify = |expected: i32| {
        let run = pharmctl()
            .args([
                "migrate",
                "verify",
                "--dir",
                &dir_text,
                "--database-url",
                &db.url,
            ])
            .run();
        assert_eq!(run.code, expected, "{}{}", run.stdout, run.stderr);
        run
    };
    verify(0);
    std::fs::write(
        dir.path().join("0001_probe.sql"),
        text.replace('\n', "\r\n"),
    )
    .unwrap();
    verify(0);

    std::fs::write(
        dir.path().join("0001_probe.sql"),
        format!("{text}-- edited\n"),
    )
    .unwrap();
    let run = verify(1);
    assert!(run.stdout.contains("drifted"), "{}", run.stdout);
    assert_eq!(
        states(&status_json(&db.url, &["--dir", &dir_text])),
        ["drifted"]
    );
    let up = pharmctl()
        .args([
            "migrate",
            "up",
            "--dir",
            &dir_text,
            "--database-url",
            &db.url,
        ])
        .run();
    assert_one_line_error(&up, 2, "was edited afterwards");
}

#[test]
fn bad_files_are_rejected_before_anything_runs() {
    let db = TestDb::new("migrate_reject");
    let cases = [
        (
            "0002_mixed.sql",
            "-- pharmctl: no-transaction\nCREATE TABLE public.t (id bigint);\n\
             CREATE INDEX CONCURRENTLY t_id ON public.t (id);\n",
            "mixed with others",
        ),
        (
            "0002_headless.sql",
            "CREATE INDEX CONCURRENTLY t_id ON public.t (id);\n",
            "lacks the no-transaction header",
        ),
        ("0002_broken.sql", "CREATE TABLE (;\n", "syntax error"),
    ];
    for (name, text, needle) in cases {
        let dir = migration_dir(&[
            ("0001_first.sql", "CREATE TABLE public.first (id bigint);\n"),
            (name, text),
        ]);
        let run = pharmctl()
            .args([
                "migrate",
                "up",
                "--dir",
                &dir_arg(dir.path()),
                "--database-url",
                &db.url,
            ])
            .run();
        assert_one_line_error(&run, 2, needle);
        let schemas = scalar_i64(
            &db.url,
            "SELECT count(*) FROM pg_namespace WHERE nspname = 'pharmctl'",
        );
        let tables = scalar_i64(
            &db.url,
            "SELECT count(*) FROM pg_class WHERE relname = 'first'",
        );
        assert_eq!((schemas, tables), (0, 0), "{name} ran something");
    }
}

#[test]
fn existing_indexes_are_baselined_or_reported() {
    let db = TestDb::loaded("migrate_baseline");
    execute(
        &db.url,
        "CREATE INDEX idx_store_schedules_store_date ON store_schedules (store_number, date); \
         CREATE INDEX idx_stores_active ON stores (name)",
    );
    let run = pharmctl()
        .args([
            "migrate",
            "baseline",
            "--format",
            "json",
            "--database-url",
            &db.url,
        ])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rows = doc["sections"]["baseline"]["tables"]["migrations"]
        .as_array()
        .unwrap()
        .clone();
    let recorded: Vec<i64> = rows
        .iter()
        .filter(|r| r["recorded"]["text"] == "recorded")
        .map(|r| r["version"].as_i64().unwrap())
        .collect();
    assert_eq!(recorded, [1]);
    let active = rows.iter().find(|r| r["version"] == 5).unwrap();
    assert!(
        active["reason"]
            .as_str()
            .unwrap()
            .contains("another definition")
    );

    let up = pharmctl()
        .args(["migrate", "up", "--database-url", &db.url])
        .run();
    assert_one_line_error(
        &up,
        3,
        "idx_stores_active already exists with another definition",
    );
    assert_eq!(
        states(&status_json(&db.url, &[]))[..5],
        ["baselined", "applied", "applied", "applied", "failed"]
    );
}

#[test]
fn lock_holder_is_named_and_pooler_port_refused() {
    let db = TestDb::new("migrate_lock");
    let key = i64::from_be_bytes(*b"pharmctl");
    let holder = hold(
        &db.url,
        &format!("SET application_name = 'other-runner'; SELECT pg_advisory_lock({key})"),
    );
    let run = pharmctl()
        .args([
            "migrate",
            "up",
            "--lock-wait",
            "1s",
            "--database-url",
            &db.url,
        ])
        .run();
    let pid = holder.pid;
    holder.release();
    assert_one_line_error(&run, 3, &format!("pid {pid} (application other-runner"));

    let pooler = pharmctl()
        .args([
            "migrate",
            "up",
            "--database-url",
            "postgres://u@127.0.0.1:6543/postgres",
        ])
        .run();
    assert_one_line_error(&pooler, 2, "transaction-mode pooler");
}

#[test]
fn squawk_finds_nothing_in_the_project_migrations() {
    let run = pharmctl().args(["migrate", "lint"]).run();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "");

    let bad = pharmctl().file("bad.sql", "SELECT 1;\nCREATE INDEX i ON public.t (a);\n");
    let path = bad.home().join("bad.sql").display().to_string();
    let run = bad.args(["migrate", "lint", &path]).run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(&format!("{path}:2:1: warning: ")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("[require-concurrent-index-creation]"));

    let json = pharmctl()
        .args(["migrate", "lint", "--format", "json"])
        .run();
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(doc["sections"]["lint"]["facts"]["findings"]["value"], 0);
}

#[test]
fn demo_migrates_and_shows_the_status() {
    // JSON carries the audit alone; markdown shows the migration sections before it.
    let run = pharmctl().args(["demo", "--format", "markdown"]).run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains(&format!("| Migrations applied | {MIGRATIONS} |")),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stdout.matches("| applied |").count(),
        MIGRATIONS as usize,
        "{}",
        run.stdout
    );
}

#[test]
fn a_partitioned_schedule_gets_its_indexes_partition_by_partition() {
    let db = TestDb::loaded("migrate_partitioned");
    execute(
        &db.url,
        "ALTER TABLE public.store_schedules RENAME TO store_schedules_flat; \
         CREATE TABLE public.store_schedules \
             (LIKE public.store_schedules_flat INCLUDING DEFAULTS INCLUDING CONSTRAINTS) \
             PARTITION BY RANGE (date); \
         ALTER TABLE public.store_schedules ADD PRIMARY KEY (id, date); \
         CREATE TABLE public.store_schedules_2025_06 PARTITION OF public.store_schedules \
             FOR VALUES FROM ('2025-06-01') TO ('2025-07-01'); \
         CREATE TABLE public.store_schedules_2025_07 PARTITION OF public.store_schedules \
             FOR VALUES FROM ('2025-07-01') TO ('2025-08-01'); \
         CREATE TABLE public.store_schedules_2025_08 PARTITION OF public.store_schedules \
             FOR VALUES FROM ('2025-08-01') TO ('2025-09-01'); \
         INSERT INTO public.store_schedules SELECT * FROM public.store_schedules_flat; \
         DROP TABLE public.store_schedules_flat CASCADE; \
         ANALYZE public.store_schedules;",
    );
    // What a run killed half-way through the first index leaves: the parent's index (invalid),
    // one partition's index attached, and an invalid leftover of a failed build on another.
    execute(
        &db.url,
        "CREATE INDEX idx_store_schedules_store_date ON ONLY public.store_schedules \
             USING btree (store_number, date); \
         CREATE INDEX store_schedules_2025_06_idx_store_schedules_store_date \
             ON public.store_schedules_2025_06 (store_number, date); \
         ALTER INDEX public.idx_store_schedules_store_date \
             ATTACH PARTITION public.store_schedules_2025_06_idx_store_schedules_store_date;",
    );
    let leftover = runtime().block_on(async {
        session(&db.url)
            .await
            .client()
            .batch_execute(
                "CREATE UNIQUE INDEX CONCURRENTLY \
                 store_schedules_2025_07_idx_store_schedules_store_date \
                 ON public.store_schedules_2025_07 (store_number)",
            )
            .await
    });
    assert!(
        leftover.is_err(),
        "the unique build must fail on duplicates"
    );
    assert_eq!(invalid_indexes(&db.url), 2);
    let plan = pharmctl()
        .args([
            "migrate",
            "plan",
            "--format",
            "json",
            "--database-url",
            &db.url,
        ])
        .run();
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    assert!(
        plan.stdout.contains(
            "0002_idx_store_schedules_employee_date.sql:7: public.store_schedules is \
             partitioned: `up` creates the index on the parent alone (ON ONLY), then builds it \
             concurrently on each of its 3 partitions and attaches it."
        ),
        "{}",
        plan.stdout
    );

    let run = up_json(&db.url);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(applied_count(&run.stdout), MIGRATIONS);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        doc["sections"]["applied"]["tables"]["applied"][0]["rebuilt"],
        1
    );
    assert_eq!(invalid_indexes(&db.url), 0);
    for index in &INDEXES[..4] {
        let attached = scalar_i64(
            &db.url,
            &format!(
                "SELECT count(*) FROM pg_inherits AS i \
                 JOIN pg_class AS parent ON parent.oid = i.inhparent \
                 JOIN pg_index AS child ON child.indexrelid = i.inhrelid AND child.indisvalid \
                 WHERE parent.relname = '{index}' AND parent.relkind = 'I'"
            ),
        );
        assert_eq!(attached, 3, "{index}: one valid index per partition");
    }
    let again = pharmctl()
        .args(["migrate", "up", "--database-url", &db.url])
        .run();
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stdout.contains("Nothing to apply"),
        "{}",
        again.stdout
    );
    let conflicts = pharmctl()
        .args(["conflicts", "--format", "csv", "--database-url", &db.url])
        .run();
    assert_eq!(conflicts.code, 0, "{}", conflicts.stderr);
    assert_eq!(
        conflicts.stdout.lines().count(),
        10,
        "the 9 planted conflicts"
    );
}
