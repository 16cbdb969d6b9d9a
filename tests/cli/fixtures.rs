//! `pharmctl fixtures load`: counts, determinism, refusal, replacement, atomicity, and the
//! Supabase-shaped starting point.

use crate::support::{TestDb, assert_one_line_error, execute, pharmctl, query};

fn count(url: &str, table: &str) -> i64 {
    query(url, &format!("SELECT count(*) FROM {table}"))[0].get(0)
}

fn shifts_digest(url: &str) -> String {
    let sql = "SELECT md5(string_agg(concat_ws(',', store_number, employee_id, date, start_time, \
               end_time, role), ';' ORDER BY store_number, employee_id, date, start_time)) \
               FROM store_schedules";
    query(url, sql)[0].get(0)
}

#[test]
fn scale_one_has_the_production_counts() {
    let db = TestDb::loaded("counts");
    assert_eq!(count(&db.url, "stores"), 97);
    assert_eq!(count(&db.url, "contacts"), 1027);
    assert_eq!(count(&db.url, "store_schedules"), 9793);
    assert_eq!(count(&db.url, "messages"), 0);
}

#[test]
fn scale_multiplies_every_table() {
    let db = TestDb::loaded_at("scale2", 2);
    assert_eq!(count(&db.url, "stores"), 194);
    assert_eq!(count(&db.url, "contacts"), 2054);
    assert_eq!(count(&db.url, "store_schedules"), 19586);
}

#[test]
fn same_seed_same_data_other_seed_other_data() {
    let first = TestDb::loaded("seed_a");
    let second = TestDb::loaded("seed_b");
    let other = TestDb::new("seed_c");
    let run = pharmctl()
        .args([
            "fixtures",
            "load",
            "--seed",
            "7",
            "--database-url",
            &other.url,
        ])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);

    assert_eq!(shifts_digest(&first.url), shifts_digest(&second.url));
    assert_ne!(shifts_digest(&first.url), shifts_digest(&other.url));
}

#[test]
fn loaded_database_is_refused_unless_replace() {
    let db = TestDb::loaded("refuse");
    execute(
        &db.url,
        "DELETE FROM store_schedules WHERE id IN (SELECT id FROM store_schedules LIMIT 5)",
    );

    let again = pharmctl()
        .args(["fixtures", "load", "--database-url", &db.url])
        .run();
    assert_one_line_error(&again, 2, "already holds data");
    assert_eq!(
        count(&db.url, "store_schedules"),
        9788,
        "a refused load changes nothing"
    );

    let replaced = pharmctl()
        .args(["fixtures", "load", "--replace", "--database-url", &db.url])
        .run();
    assert_eq!(replaced.code, 0, "{}", replaced.stderr);
    assert_eq!(count(&db.url, "store_schedules"), 9793);
}

#[test]
fn a_failed_load_leaves_nothing_behind() {
    let db = TestDb::new("atomic");
    // A table of the same name but another shape makes the shift copy fail half-way.
    execute(
        &db.url,
        "CREATE TABLE store_schedules (id bigint PRIMARY KEY, note text)",
    );

    let run = pharmctl()
        .args(["fixtures", "load", "--database-url", &db.url])
        .run();
    assert_eq!(run.code, 3, "{}", run.stderr);
    let stores = query(&db.url, "SELECT to_regclass('public.stores') IS NULL");
    assert!(
        stores[0].get::<_, bool>(0),
        "stores must not survive a failed load"
    );
}

#[test]
fn loads_into_a_database_that_already_has_supabase_roles_and_auth() {
    let db = TestDb::new("supabase");
    execute(
        &db.url,
        "DO $$ BEGIN CREATE ROLE anon NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
         DO $$ BEGIN CREATE ROLE authenticated NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
         DO $$ BEGIN CREATE ROLE service_role NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
         CREATE SCHEMA auth;
         CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE
             AS $f$ SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $f$;",
    );
    let run = pharmctl()
        .args(["fixtures", "load", "--database-url", &db.url])
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(count(&db.url, "store_schedules"), 9793);

    let rls = query(
        &db.url,
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                              WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT c.relrowsecurity",
    );
    assert_eq!(
        rls[0].get::<_, i64>(0),
        0,
        "every table has row level security"
    );
}

#[test]
fn zero_scale_is_a_usage_error() {
    let run = pharmctl()
        .args([
            "fixtures",
            "load",
            "--scale",
            "0",
            "--database-url",
            "postgres://x@127.0.0.1:1/x",
        ])
        .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
}

/// Independent SQL finds exactly the planted overlaps, across midnight included.
#[test]
fn loaded_overlaps_are_exactly_the_planted_ones() {
    use pharmctl::fixtures::{PlantedKind, planted};

    let db = TestDb::loaded_at("planted_overlaps", 2);
    let sql = "WITH s AS (
                   SELECT id, employee_id, date + start_time AS starts,
                          date + end_time
                              + CASE WHEN end_time <= start_time THEN interval '1 day'
                                     ELSE interval '0' END AS ends
                   FROM store_schedules)
               SELECT a.id, b.id
               FROM s AS a
               JOIN s AS b ON b.employee_id = a.employee_id AND b.id > a.id
                          AND a.starts < b.ends AND b.starts < a.ends
               ORDER BY 1, 2";
    let found: Vec<(i64, i64)> = query(&db.url, sql)
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();

    let overlaps = [
        PlantedKind::DoubleBooking,
        PlantedKind::TwoStoreOverlap,
        PlantedKind::MidnightOverlap,
    ];
    let mut expected: Vec<(i64, i64)> = planted(2, 1)
        .iter()
        .filter(|p| overlaps.contains(&p.kind))
        .map(|p| {
            let ids = p.shift_ids();
            (ids[0].min(ids[1]), ids[0].max(ids[1]))
        })
        .collect();
    expected.sort();
    assert_eq!(found, expected);
    assert_eq!(found.len(), 6, "three overlap kinds per block, two blocks");
}

/// Independent SQL finds exactly the planted store-days without a pharmacist.
#[test]
fn loaded_store_days_without_pharmacist_are_exactly_the_planted_ones() {
    use pharmctl::fixtures::{PlantedKind, planted};

    let db = TestDb::loaded("planted_pharmacist");
    let sql = "SELECT s.store_number, d::date
               FROM stores AS s
               CROSS JOIN generate_series(date '2025-07-07', date '2025-08-03', interval '1 day') AS d
               WHERE s.is_active
                 AND NOT EXISTS (SELECT 1 FROM store_schedules AS sh
                                 WHERE sh.store_number = s.store_number
                                   AND sh.date = d::date AND sh.role = 'pharmacist')
               ORDER BY 1, 2";
    let found: Vec<(i32, chrono::NaiveDate)> = query(&db.url, sql)
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();

    let expected: Vec<(i32, chrono::NaiveDate)> = planted(1, 1)
        .iter()
        .filter(|p| p.kind == PlantedKind::NoPharmacist)
        .map(|p| (p.store_numbers[0], p.date))
        .collect();
    assert_eq!(found, expected);
}
