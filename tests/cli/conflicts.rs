//! `pharmctl conflicts` on fixture data: exactly the planted problems, by both engines, with
//! filters, formats, configured rules and the gate.

use pharmctl::fixtures::{PlantedKind, planted};

use crate::support::{TestDb, assert_one_line_error, pharmctl, query};

/// (kind, date, stores, employees, shifts) of each conflict in a JSON report.
type Found = Vec<(String, String, String, String, String)>;

fn found(stdout: &str) -> Found {
    let doc: serde_json::Value = serde_json::from_str(stdout).expect("conflicts JSON parses");
    let rows = doc["sections"]["conflicts"]["tables"]["conflicts"]
        .as_array()
        .unwrap();
    let text = |row: &serde_json::Value, key: &str| row[key].as_str().unwrap().to_string();
    rows.iter()
        .map(|r| {
            (
                text(r, "kind"),
                text(r, "date"),
                text(r, "stores"),
                text(r, "employees"),
                text(r, "shifts"),
            )
        })
        .collect()
}

fn conflicts(db: &TestDb, extra: &[&str]) -> Found {
    let run = pharmctl()
        .args(["conflicts", "--format", "json", "--database-url", &db.url])
        .args(extra)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    found(&run.stdout)
}

fn kind_of(kind: PlantedKind) -> &'static str {
    match kind {
        PlantedKind::DoubleBooking | PlantedKind::MidnightOverlap => "double-booking",
        PlantedKind::TwoStoreOverlap => "two-store-overlap",
        PlantedKind::NoPharmacist => "no-pharmacist",
        PlantedKind::ShortRest => "short-rest",
        PlantedKind::WeeklyHours => "weekly-hours",
        PlantedKind::TechnicianRatio => "technician-ratio",
        PlantedKind::InactiveStore => "inactive-store",
        PlantedKind::InactiveEmployee => "inactive-employee",
    }
}

#[test]
fn finds_exactly_the_planted_problems() {
    let db = TestDb::loaded_at("conflicts_planted", 2);

    let mut got: Vec<(String, String, Vec<String>)> = conflicts(&db, &[])
        .into_iter()
        .map(|(kind, _, stores, employees, _)| {
            let mut stores: Vec<String> = stores.split(' ').map(String::from).collect();
            stores.sort();
            (kind, employees, stores)
        })
        .collect();
    let mut expected: Vec<(String, String, Vec<String>)> = planted(2, 1)
        .iter()
        .map(|p| {
            let employees = match p.kind {
                PlantedKind::NoPharmacist | PlantedKind::TechnicianRatio => String::new(),
                _ => p.employee_ids.join(" "),
            };
            let mut stores: Vec<String> = p.store_numbers.iter().map(|s| s.to_string()).collect();
            stores.sort();
            (kind_of(p.kind).to_string(), employees, stores)
        })
        .collect();
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
    assert_eq!(got.len(), 18, "nine planted problems per block, two blocks");
}

#[test]
fn streaming_and_in_database_engines_agree() {
    let db = TestDb::loaded_at("conflicts_engines", 2);

    for filter in [
        vec![],
        vec!["--from", "2025-07-14", "--to", "2025-07-27"],
        vec!["--store", "3"],
        vec!["--employee", "E000522"],
    ] {
        let streamed = conflicts(&db, &filter);
        let mut in_database = filter.clone();
        in_database.push("--in-database");
        assert_eq!(streamed, conflicts(&db, &in_database), "filter {filter:?}");
    }

    // Once migrated, the in-database engine goes through detect_schedule_conflicts.
    let up = pharmctl()
        .args(["migrate", "up", "--database-url", &db.url])
        .run();
    assert_eq!(up.code, 0, "{}", up.stderr);
    let through_function = pharmctl()
        .args([
            "-v",
            "conflicts",
            "--in-database",
            "--format",
            "json",
            "--database-url",
            &db.url,
        ])
        .run();
    assert!(
        through_function
            .stderr
            .contains("with public.detect_schedule_conflicts"),
        "{}",
        through_function.stderr
    );
    assert_eq!(found(&through_function.stdout), conflicts(&db, &[]));
}

#[test]
fn filters_narrow_the_report() {
    let db = TestDb::loaded("conflicts_filters");
    let all = conflicts(&db, &[]);
    assert_eq!(all.len(), 9);

    let two_store = all
        .iter()
        .find(|c| c.0 == "two-store-overlap")
        .unwrap()
        .clone();
    let employee = two_store.3.clone();
    assert_eq!(
        conflicts(&db, &["--employee", &employee]),
        vec![two_store.clone()]
    );

    // A store or employee filter keeps exactly the conflicts that involve it, also those whose
    // other shift is at another store, in both engines.
    let mut stores: Vec<&str> = all.iter().flat_map(|c| c.2.split(' ')).collect();
    let mut employees: Vec<&str> = all.iter().flat_map(|c| c.3.split(' ')).collect();
    for list in [&mut stores, &mut employees] {
        list.retain(|s| !s.is_empty());
        list.sort_unstable();
        list.dedup();
    }
    assert!(stores.contains(&two_store.2.split(' ').nth(1).unwrap()));
    for (flag, values, column) in [("--store", &stores, 2), ("--employee", &employees, 3)] {
        for value in values.iter() {
            let expected: Found = all
                .iter()
                .filter(|c| {
                    let field = if column == 2 { &c.2 } else { &c.3 };
                    field.split(' ').any(|v| v == *value)
                })
                .cloned()
                .collect();
            assert_eq!(conflicts(&db, &[flag, value]), expected, "{flag} {value}");
            assert_eq!(
                conflicts(&db, &[flag, value, "--in-database"]),
                expected,
                "{flag} {value} --in-database"
            );
        }
    }

    let day = two_store.1.clone();
    let on_day = conflicts(&db, &["--from", &day, "--to", &day]);
    assert!(on_day.contains(&two_store));
    assert!(
        on_day.iter().all(|c| c.1 == day || c.0 == "weekly-hours"),
        "{on_day:?}"
    );
}

#[test]
fn gate_trips_only_when_asked() {
    let db = TestDb::loaded("conflicts_gate");
    let gated = pharmctl()
        .args(["conflicts", "--fail-on-conflict", "--database-url", &db.url])
        .run();
    assert_eq!(gated.code, 1, "{}", gated.stderr);
    let outside = pharmctl()
        .args([
            "conflicts",
            "--fail-on-conflict",
            "--from",
            "2030-01-01",
            "--database-url",
            &db.url,
        ])
        .run();
    assert_eq!(outside.code, 0, "no conflicts in 2030: {}", outside.stdout);
}

#[test]
fn configured_rules_change_the_verdicts() {
    let db = TestDb::loaded("conflicts_rules");
    let config = "[conflicts]\nmin_rest = \"8h\"\nmax_technicians_per_pharmacist = 5\n\
                  max_weekly_hours = { part-time = 32 }\n";
    let run = pharmctl()
        .file("pharmctl.toml", config)
        .args(["conflicts", "--format", "json", "--database-url", &db.url])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let kinds: Vec<String> = found(&run.stdout).into_iter().map(|c| c.0).collect();
    for relaxed in ["short-rest", "technician-ratio", "weekly-hours"] {
        assert!(
            !kinds.contains(&relaxed.to_string()),
            "{relaxed} still reported: {kinds:?}"
        );
    }
    assert_eq!(kinds.len(), 6);
}

#[test]
fn csv_and_table_name_ids_never_names() {
    let db = TestDb::loaded("conflicts_privacy");
    let csv = pharmctl()
        .args(["conflicts", "--format", "csv", "--database-url", &db.url])
        .run();
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    assert!(
        csv.stdout
            .starts_with("kind,date,stores,employees,shifts,detail\n")
    );
    assert_eq!(csv.stdout.lines().count(), 10);

    let table = pharmctl()
        .args(["conflicts", "--database-url", &db.url])
        .run();
    let people = query(
        &db.url,
        "SELECT first_name, last_name, phone, email FROM contacts",
    );
    for person in &people {
        for column in 0..4 {
            let value: String = person.get(column);
            assert!(
                !table.stdout.contains(&value) && !csv.stdout.contains(&value),
                "{value} shown"
            );
        }
    }
}

#[test]
fn bad_range_and_missing_schema_are_input_errors() {
    let db = TestDb::new("conflicts_errors");
    let range = pharmctl()
        .args([
            "conflicts",
            "--from",
            "2025-08-01",
            "--to",
            "2025-07-01",
            "--database-url",
            &db.url,
        ])
        .run();
    assert_one_line_error(&range, 2, "--from");

    let empty = pharmctl()
        .args(["conflicts", "--database-url", &db.url])
        .run();
    assert_one_line_error(&empty, 2, "store_schedules.start_time");
}
