//! `pharmctl refresh` and `pharmctl summary` on migrated fixture data: quiet success, the
//! refresh log, skipping fresh views, one run at a time, and the summaries' figures.

use std::process::{Command, Stdio};

use pharmctl::schedule::refresh::REFRESH_LOCK_KEY;

use crate::support::{TestDb, assert_one_line_error, execute, hold_session, pharmctl, query};

fn migrated(hint: &str) -> TestDb {
    let db = TestDb::loaded(hint);
    let up = pharmctl()
        .args(["migrate", "up", "--database-url", &db.url])
        .run();
    assert_eq!(up.code, 0, "{}", up.stderr);
    db
}

fn log_rows(url: &str) -> i64 {
    query(url, "SELECT count(*) FROM pharmctl.refresh_log")[0].get(0)
}

#[test]
fn refresh_is_quiet_records_each_view_and_skips_fresh_ones() {
    let db = migrated("refresh_quiet");
    let run = pharmctl()
        .args(["refresh", "--database-url", &db.url])
        .run();
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "", "")
    );

    let rows = query(
        &db.url,
        "SELECT view_name, row_count, was_concurrent, succeeded FROM pharmctl.refresh_log \
         ORDER BY view_name",
    );
    let logged: Vec<(String, bool, bool)> = rows
        .iter()
        .map(|r| (r.get(0), r.get(2), r.get(3)))
        .collect();
    assert_eq!(
        logged,
        vec![
            ("analytics.daily_staffing_summary".to_string(), true, true),
            (
                "analytics.employee_utilization_summary".to_string(),
                true,
                true
            ),
        ]
    );
    let shifts: i64 = query(
        &db.url,
        "SELECT sum(shift_count)::bigint FROM analytics.daily_staffing_summary",
    )[0]
    .get(0);
    assert_eq!(shifts, 9793);

    let fresh = pharmctl()
        .args([
            "-v",
            "refresh",
            "--if-older-than",
            "1h",
            "--database-url",
            &db.url,
        ])
        .run();
    assert_eq!(fresh.code, 0, "{}", fresh.stderr);
    assert!(
        fresh.stdout.contains("fresh (refreshed"),
        "{}",
        fresh.stdout
    );
    assert_eq!(log_rows(&db.url), 2, "fresh views are not refreshed again");

    let one = pharmctl()
        .args([
            "refresh",
            "--view",
            "employee_utilization_summary",
            "--database-url",
            &db.url,
        ])
        .run();
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert_eq!(log_rows(&db.url), 3);
}

#[test]
fn an_overlapping_run_is_skipped_unless_it_waits() {
    let db = migrated("refresh_overlap");
    let holder = hold_session(
        &db.url,
        &format!("SELECT pg_advisory_lock({REFRESH_LOCK_KEY})"),
    );

    let skipped = pharmctl()
        .args(["refresh", "--database-url", &db.url])
        .run();
    assert_eq!(skipped.code, 0, "{}", skipped.stderr);
    assert!(
        skipped
            .stderr
            .contains("skipped: a refresh is already running"),
        "{}",
        skipped.stderr
    );
    assert_eq!(log_rows(&db.url), 0);
    drop(holder);

    // Two runs started together take turns: their refreshes never overlap in time.
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_pharmctl"))
            .args(["refresh", "--wait", "--database-url", &db.url])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (first, second) = (spawn(), spawn());
    for child in [first, second] {
        let output = child.wait_with_output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let overlapping: i64 = query(
        &db.url,
        "SELECT count(*) FROM pharmctl.refresh_log a JOIN pharmctl.refresh_log b \
         ON a.id < b.id AND a.started_at < b.finished_at AND b.started_at < a.finished_at",
    )[0]
    .get(0);
    assert_eq!((log_rows(&db.url), overlapping), (4, 0));
}

#[test]
fn a_view_without_its_unique_index_is_refreshed_plainly_with_a_warning() {
    let db = migrated("refresh_plain");
    let index: String = query(
        &db.url,
        "SELECT indexrelid::regclass::text FROM pg_index \
         WHERE indrelid = 'analytics.daily_staffing_summary'::regclass AND indisunique",
    )[0]
    .get(0);
    execute(&db.url, &format!("DROP INDEX {index}"));

    let run = pharmctl()
        .args(["refresh", "--database-url", &db.url])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("has no unique index"), "{}", run.stderr);
    let plain: bool = query(
        &db.url,
        "SELECT NOT was_concurrent FROM pharmctl.refresh_log \
         WHERE view_name = 'analytics.daily_staffing_summary'",
    )[0]
    .get(0);
    assert!(plain);
}

#[test]
fn refresh_and_summary_need_the_migrations() {
    let db = TestDb::loaded("refresh_missing");
    let run = pharmctl()
        .args(["refresh", "--database-url", &db.url])
        .run();
    assert_one_line_error(&run, 2, "refresh_log");
    let summary = pharmctl()
        .args(["summary", "store", "3", "--database-url", &db.url])
        .run();
    assert_one_line_error(&summary, 2, "get_store_staffing_summary");

    let migrated = migrated("refresh_unknown_view");
    let unknown = pharmctl()
        .args(["refresh", "--view", "nope", "--database-url", &migrated.url])
        .run();
    assert_one_line_error(&unknown, 2, "nope");
}

#[test]
fn summaries_match_independent_sql() {
    let db = migrated("summary_figures");
    let employee: (String, i64) = {
        let rows = query(
            &db.url,
            "SELECT employee_id, count(*) FROM store_schedules GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1",
        );
        (rows[0].get(0), rows[0].get(1))
    };
    let run = pharmctl()
        .args([
            "summary",
            "employee",
            &employee.0,
            "--format",
            "json",
            "--database-url",
            &db.url,
        ])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        doc["sections"]["employee"]["facts"]["shifts"]["value"],
        employee.1
    );

    let expected: Vec<(String, String, i64)> = query(
        &db.url,
        "SELECT date::text, role, count(*) FROM store_schedules \
         WHERE store_number = 3 AND date BETWEEN '2025-07-07' AND '2025-07-08' \
         GROUP BY 1, 2 ORDER BY 1, 2",
    )
    .iter()
    .map(|r| (r.get(0), r.get(1), r.get(2)))
    .collect();
    let run = pharmctl()
        .args([
            "summary",
            "store",
            "3",
            "--from",
            "2025-07-07",
            "--to",
            "2025-07-08",
        ])
        .args(["--format", "json", "--database-url", &db.url])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let got: Vec<(String, String, i64)> = doc["sections"]["store"]["tables"]["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let text = |k: &str| d[k].as_str().unwrap().to_string();
            (text("date"), text("role"), d["shifts"].as_i64().unwrap())
        })
        .collect();
    assert_eq!(got, expected);
}
