//! `pharmctl audit`: each planted problem in a database of its own, asserted as the exact
//! finding; no finding on a clean schema; the fixtures' schema reports only the foreign-key
//! indexes the migrations add; gating, the ignore file, least privilege, and snapshots of the
//! three formats.

use std::time::Duration;

use pharmctl::db::{Access, ConnParams, Session, SessionOptions};
use serde_json::Value;

use crate::support::{
    TestDb, assert_one_line_error, create_role, execute, pharmctl, server, url_as,
};

/// Runs `audit` with JSON output and extra arguments; returns the exit code and the document.
fn audit_json(url: &str, extra: &[&str]) -> (i32, Value) {
    let run = pharmctl()
        .args(["audit", "--format", "json", "--database-url", url])
        .args(extra)
        .run();
    assert!(
        run.code == 0 || run.code == 1,
        "audit failed: {}",
        run.stderr
    );
    let doc = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("audit JSON does not parse: {e}: {}", run.stdout));
    (run.code, doc)
}

/// Every finding of the report, from every section.
fn findings(doc: &Value) -> Vec<Value> {
    doc["sections"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|s| s["findings"].as_array().cloned().unwrap_or_default())
        .collect()
}

/// The keys of every finding, sorted.
fn keys(doc: &Value) -> Vec<String> {
    let mut keys: Vec<String> = findings(doc)
        .iter()
        .map(|f| f["key"].as_str().unwrap().to_string())
        .collect();
    keys.sort();
    keys
}

/// The finding with this key; panics with every key when absent.
fn finding(doc: &Value, key: &str) -> Value {
    findings(doc)
        .into_iter()
        .find(|f| f["key"] == key)
        .unwrap_or_else(|| panic!("no finding {key}; found {:?}", keys(doc)))
}

/// Ensures the Supabase roles exist on the shared server.
fn api_roles() {
    server().admin(
        "DO $$ BEGIN \
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anon') THEN CREATE ROLE anon; END IF; \
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN \
         CREATE ROLE authenticated; END IF; \
         EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
    );
}

/// Holds a connection running `sql` on its own thread for `hold`, then closes it.
fn hold(url: &str, sql: &str, hold: Duration) -> std::thread::JoinHandle<()> {
    let (url, sql) = (url.to_string(), sql.to_string());
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let params = ConnParams::resolve(Some(&url), &|_| None).unwrap();
            let options = SessionOptions {
                access: Access::ReadWrite,
                statement_timeout: None,
            };
            let session = Session::connect(&params, &options).await.unwrap();
            let _ = session.client().batch_execute(&sql).await;
            tokio::time::sleep(hold).await;
        });
    })
}

#[test]
fn list_checks_needs_no_database() {
    let run = pharmctl().args(["audit", "--list-checks"]).run();

    assert_eq!(run.code, 0, "{}", run.stderr);
    for id in [
        "unused-indexes",
        "rls-disabled",
        "slow-queries",
        "schedule-conflicts",
    ] {
        assert!(run.stdout.contains(id), "{id} missing: {}", run.stdout);
    }
}

#[test]
fn an_unknown_check_id_is_a_usage_error() {
    let run = pharmctl()
        .args([
            "audit",
            "--only",
            "unused-index",
            "--database-url",
            "postgres://x@127.0.0.1:1/x",
        ])
        .run();
    assert_one_line_error(&run, 2, "unknown check id `unused-index`");
}

#[test]
fn the_fixtures_report_only_the_foreign_key_indexes_the_migrations_add() {
    let db = TestDb::loaded("audit_fixtures");
    let (code, doc) = audit_json(&db.url, &[]);

    assert_eq!(code, 0);
    let mut index_and_security: Vec<String> = ["indexes", "security"]
        .iter()
        .flat_map(|s| doc["sections"][s]["findings"].as_array().unwrap().clone())
        .map(|f| f["key"].as_str().unwrap().to_string())
        .collect();
    index_and_security.sort();
    assert_eq!(
        index_and_security,
        [
            "unindexed-foreign-keys:public.messages(contact_id)",
            "unindexed-foreign-keys:public.store_schedules(employee_id)",
            "unindexed-foreign-keys:public.store_schedules(store_number)",
        ]
    );
    let fk = finding(
        &doc,
        "unindexed-foreign-keys:public.store_schedules(store_number)",
    );
    assert_eq!(fk["level"], "warn");
    assert_eq!(
        fk["remedy"],
        "CREATE INDEX CONCURRENTLY ON public.store_schedules (store_number);"
    );
    // Before the migrations the conflicts statement runs directly: the nine planted problems.
    let conflicts = finding(&doc, "schedule-conflicts:schedule");
    assert!(
        conflicts["message"]
            .as_str()
            .unwrap()
            .starts_with("9 schedule conflicts found by the conflict rules"),
        "{conflicts}"
    );
    // Each listed conflict names its kind, day, stores and employees before what happened.
    let listed = doc["sections"]["schedule"]["tables"]["conflict_examples"].to_string();
    assert!(
        listed.contains("no-pharmacist on 2025-07-") && listed.contains(" (store "),
        "{listed}"
    );
}

#[test]
fn after_migrate_up_nothing_is_said_of_what_pharmctl_created() {
    let db = TestDb::loaded("audit_migrated");
    let up = pharmctl()
        .args(["migrate", "up", "--database-url", &db.url])
        .run();
    assert_eq!(up.code, 0, "{}", up.stderr);
    let refresh = pharmctl()
        .args(["refresh", "--database-url", &db.url])
        .run();
    assert_eq!(refresh.code, 0, "{}", refresh.stderr);

    let (_, doc) = audit_json(&db.url, &[]);
    // The foreign keys are covered now; what remains is the data's own planted conflicts.
    let about_objects: Vec<String> = keys(&doc)
        .into_iter()
        .filter(|k| !k.starts_with("cache-hit-ratio") && !k.starts_with("connections"))
        .collect();
    assert_eq!(about_objects, ["schedule-conflicts:schedule"]);
    let views = doc["sections"]["analytics"]["tables"]["materialized_views"]
        .as_array()
        .unwrap();
    assert_eq!(views.len(), 2);
    for view in views {
        assert!(
            view["last_refresh"].as_str().unwrap().ends_with("UTC"),
            "{view}"
        );
    }
}

#[test]
fn a_clean_schema_has_no_finding_at_all() {
    let db = TestDb::new("audit_clean");
    execute(
        &db.url,
        "CREATE TABLE public.shifts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, \
         owner text NOT NULL, starts_at timestamptz NOT NULL); \
         CREATE INDEX shifts_owner_idx ON public.shifts (owner); \
         ALTER TABLE public.shifts ENABLE ROW LEVEL SECURITY; \
         CREATE POLICY shifts_own ON public.shifts FOR SELECT \
         USING (owner = (SELECT current_setting('app.user', true)));",
    );
    let (code, doc) = audit_json(&db.url, &["--fail-on", "info"]);

    assert_eq!(keys(&doc), Vec::<String>::new());
    assert_eq!(code, 0);
    assert_eq!(doc["sections"]["summary"]["facts"]["errors"]["value"], 0);
}

#[test]
fn invalid_indexes_are_reported_and_cover_no_foreign_key() {
    let db = TestDb::new("audit_invalid");
    execute(
        &db.url,
        "CREATE TABLE public.parent (id int PRIMARY KEY); \
         CREATE TABLE public.child (id int PRIMARY KEY, parent_id int REFERENCES public.parent); \
         CREATE INDEX child_parent_idx ON public.child (parent_id); \
         UPDATE pg_index SET indisvalid = false \
         WHERE indexrelid = 'public.child_parent_idx'::regclass;",
    );
    let (_, doc) = audit_json(
        &db.url,
        &["--only", "invalid-indexes,unindexed-foreign-keys"],
    );

    let invalid = finding(&doc, "invalid-indexes:public.child_parent_idx");
    assert_eq!(invalid["level"], "error");
    assert_eq!(
        invalid["remedy"],
        "REINDEX INDEX CONCURRENTLY public.child_parent_idx;"
    );
    let fk = finding(&doc, "unindexed-foreign-keys:public.child(parent_id)");
    assert!(fk["message"].as_str().unwrap().starts_with(
        "Foreign key child_parent_id_fkey on public.child (parent_id) references public.parent"
    ));
    assert_eq!(
        keys(&doc),
        [
            "invalid-indexes:public.child_parent_idx",
            "unindexed-foreign-keys:public.child(parent_id)"
        ]
    );
}

#[test]
fn duplicate_and_prefix_indexes_are_told_apart_and_keys_never_dropped() {
    let db = TestDb::new("audit_duplicates");
    execute(
        &db.url,
        "CREATE TABLE public.d (id int PRIMARY KEY, a int, b int, c int UNIQUE); \
         CREATE INDEX d_id_copy ON public.d (id); \
         CREATE INDEX d_a ON public.d (a); \
         CREATE INDEX d_a_b ON public.d (a, b); \
         CREATE INDEX d_c_plain ON public.d (c);",
    );
    let (_, doc) = audit_json(&db.url, &["--only", "duplicate-indexes"]);

    assert_eq!(
        keys(&doc),
        [
            "duplicate-indexes:public.d_a",
            "duplicate-indexes:public.d_c_plain",
            "duplicate-indexes:public.d_id_copy"
        ]
    );
    let copy = finding(&doc, "duplicate-indexes:public.d_id_copy");
    assert_eq!(copy["metadata"]["kind"], "exact");
    assert_eq!(copy["metadata"]["covered_by"], "public.d_pkey");
    assert_eq!(copy["remedy"], "DROP INDEX CONCURRENTLY public.d_id_copy;");
    let prefix = finding(&doc, "duplicate-indexes:public.d_a");
    assert_eq!(prefix["metadata"]["kind"], "prefix");
    assert!(
        !doc.to_string()
            .contains("DROP INDEX CONCURRENTLY public.d_pkey")
    );
}

#[test]
fn a_partitioned_table_is_judged_by_its_parent_indexes() {
    let db = TestDb::new("audit_partitioned_indexes");
    execute(
        &db.url,
        "CREATE TABLE public.pt (id int, day date, a int, b int, PRIMARY KEY (id, day)) \
             PARTITION BY RANGE (day); \
         CREATE TABLE public.pt_h1 PARTITION OF public.pt \
             FOR VALUES FROM ('2025-01-01') TO ('2025-07-01'); \
         CREATE TABLE public.pt_h2 PARTITION OF public.pt \
             FOR VALUES FROM ('2025-07-01') TO ('2026-01-01'); \
         INSERT INTO public.pt SELECT g, date '2025-01-01' + g % 365, g % 100, g % 50 \
             FROM generate_series(1, 20000) AS g; \
         CREATE INDEX pt_a ON public.pt (a); \
         CREATE INDEX pt_a_b ON public.pt (a, b); \
         CREATE INDEX pt_b ON public.pt (b); \
         ANALYZE public.pt;",
    );
    // pt_b is used, through one partition only.
    execute(
        &db.url,
        "SET enable_seqscan = off; \
         SELECT count(*) FROM public.pt WHERE b = 5 AND day < '2025-07-01';",
    );
    let run = pharmctl()
        .file("pharmctl.toml", "[audit]\nunused_index_window = \"0s\"\n")
        .args(["audit", "--format", "json", "--database-url", &db.url])
        .args(["--only", "unused-indexes,duplicate-indexes"])
        .run();
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        keys(&doc),
        [
            "duplicate-indexes:public.pt_a",
            "unused-indexes:public.pt_a",
            "unused-indexes:public.pt_a_b"
        ],
        "partitions' indexes are not findings of their own"
    );
    let duplicate = finding(&doc, "duplicate-indexes:public.pt_a");
    assert!(
        duplicate["metadata"]["index_bytes"].as_i64().unwrap() > 2 * 8192,
        "the partitions' pages count: {duplicate}"
    );
}

#[test]
fn unused_indexes_need_a_long_enough_window() {
    let db = TestDb::new("audit_unused");
    execute(
        &db.url,
        "CREATE TABLE public.u (id int PRIMARY KEY, a int); CREATE INDEX u_a_idx ON public.u (a);",
    );
    let (_, short) = audit_json(&db.url, &["--only", "unused-indexes"]);
    assert_eq!(keys(&short), Vec::<String>::new());
    assert!(
        short["sections"]["indexes"]["notes"]
            .to_string()
            .contains("no verdict")
    );

    let run = pharmctl()
        .file("pharmctl.toml", "[audit]\nunused_index_window = \"0s\"\n")
        .args([
            "audit",
            "--format",
            "json",
            "--only",
            "unused-indexes",
            "--database-url",
            &db.url,
        ])
        .run();
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(keys(&doc), ["unused-indexes:public.u_a_idx"]);
    let unused = finding(&doc, "unused-indexes:public.u_a_idx");
    assert!(
        unused["message"]
            .as_str()
            .unwrap()
            .contains("has not been scanned in the")
    );
}

#[test]
fn tables_without_primary_key_and_sequential_scans() {
    let db = TestDb::new("audit_tables");
    execute(
        &db.url,
        "CREATE TABLE public.big AS SELECT g AS id, repeat('x', 200) AS pad \
         FROM generate_series(1, 60000) AS g; ANALYZE public.big;",
    );
    for _ in 0..12 {
        execute(&db.url, "SELECT count(*) FROM public.big WHERE id = 7");
    }
    let (_, doc) = audit_json(
        &db.url,
        &["--only", "tables-without-primary-key,sequential-scans"],
    );

    assert_eq!(
        keys(&doc),
        [
            "sequential-scans:public.big",
            "tables-without-primary-key:public.big"
        ]
    );
    let scans = finding(&doc, "sequential-scans:public.big");
    assert!(
        scans["message"]
            .as_str()
            .unwrap()
            .contains("sequential scans against 0 index scans (100% sequential)")
    );
}

#[test]
fn row_level_security_problems_in_exposed_schemas() {
    api_roles();
    let db = TestDb::new("audit_rls");
    execute(
        &db.url,
        "CREATE TABLE public.open_t (id int PRIMARY KEY); GRANT SELECT ON public.open_t TO anon; \
         CREATE TABLE public.forgot (id int PRIMARY KEY); \
         CREATE POLICY forgot_read ON public.forgot FOR SELECT USING (true); \
         CREATE TABLE public.closed (id int PRIMARY KEY); \
         ALTER TABLE public.closed ENABLE ROW LEVEL SECURITY; \
         CREATE TABLE private_t (id int PRIMARY KEY); \
         CREATE SCHEMA internal; CREATE TABLE internal.hidden (id int PRIMARY KEY); \
         CREATE TABLE public.parted (id int, day date, PRIMARY KEY (id, day)) \
             PARTITION BY RANGE (day); \
         ALTER TABLE public.parted ENABLE ROW LEVEL SECURITY; \
         CREATE POLICY parted_read ON public.parted FOR SELECT TO anon USING (false); \
         GRANT SELECT ON public.parted TO anon; \
         CREATE TABLE public.parted_h1 PARTITION OF public.parted \
             FOR VALUES FROM ('2025-01-01') TO ('2025-07-01'); \
         CREATE TABLE public.parted_h2 PARTITION OF public.parted \
             FOR VALUES FROM ('2025-07-01') TO ('2026-01-01'); \
         GRANT SELECT ON public.parted_h2 TO anon; \
         ALTER TABLE public.parted_h1 ENABLE ROW LEVEL SECURITY;",
    );
    let (code, doc) = audit_json(
        &db.url,
        &[
            "--only",
            "rls-disabled,policies-without-rls,rls-without-policies",
            "--fail-on",
            "error",
        ],
    );

    assert_eq!(code, 1, "an error-level finding trips --fail-on error");
    assert_eq!(
        keys(&doc),
        [
            "policies-without-rls:public.forgot",
            "rls-disabled:public.open_t",
            "rls-disabled:public.parted_h2",
            "rls-disabled:public.private_t",
            "rls-without-policies:public.closed",
        ]
    );
    // A partition the API may query directly escapes its parent's policies; one it may not is
    // reached only through the parent.
    let partition = finding(&doc, "rls-disabled:public.parted_h2");
    assert_eq!(partition["level"], "error");
    assert_eq!(
        partition["message"],
        "Partition public.parted_h2 of public.parted in exposed schema public has row level \
         security disabled: anon may read every row of it directly, past the parent's policies."
    );
    let open = finding(&doc, "rls-disabled:public.open_t");
    assert_eq!(open["level"], "error");
    assert_eq!(
        open["message"],
        "Table public.open_t in exposed schema public has row level security disabled: anon \
         may reach every row through the API."
    );
    assert_eq!(
        finding(&doc, "rls-disabled:public.private_t")["level"],
        "warn"
    );
    assert_eq!(
        finding(&doc, "rls-without-policies:public.closed")["level"],
        "info"
    );
}

#[test]
fn exposed_schemas_come_from_the_config() {
    let db = TestDb::new("audit_exposed");
    execute(
        &db.url,
        "CREATE SCHEMA api; CREATE TABLE api.t (id int PRIMARY KEY);",
    );
    let run = pharmctl()
        .file("pharmctl.toml", "[audit]\nexposed_schemas = [\"api\"]\n")
        .args([
            "audit",
            "--format",
            "json",
            "--only",
            "rls-disabled",
            "--database-url",
            &db.url,
        ])
        .run();
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(keys(&doc), ["rls-disabled:api.t"]);
}

#[test]
fn policy_performance_problems() {
    api_roles();
    let db = TestDb::new("audit_policies");
    execute(
        &db.url,
        "CREATE SCHEMA auth; \
         CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT NULL::uuid $$; \
         CREATE TABLE public.notes (id int PRIMARY KEY, owner uuid, team uuid); \
         ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY; \
         CREATE POLICY notes_own ON public.notes FOR SELECT TO authenticated \
         USING (owner = auth.uid()); \
         CREATE POLICY notes_team ON public.notes FOR SELECT TO authenticated \
         USING (team = (SELECT auth.uid()));",
    );
    let (_, doc) = audit_json(
        &db.url,
        &["--only", "per-row-auth-calls,multiple-permissive-policies"],
    );

    assert_eq!(
        keys(&doc),
        [
            "multiple-permissive-policies:public.notes:authenticated:select",
            "per-row-auth-calls:public.notes:notes_own",
        ]
    );
    assert_eq!(
        finding(&doc, "per-row-auth-calls:public.notes:notes_own")["message"],
        "Policy notes_own on public.notes calls auth.uid() once per row instead of once per \
         statement."
    );
}

#[test]
fn functions_views_materialized_views_and_extensions() {
    api_roles();
    let db = TestDb::new("audit_exposure");
    execute(
        &db.url,
        "CREATE FUNCTION public.promote() RETURNS void LANGUAGE sql SECURITY DEFINER \
         AS $$ SELECT $$; \
         CREATE FUNCTION public.safe() RETURNS void LANGUAGE sql SECURITY DEFINER \
         SET search_path = '' AS $$ SELECT $$; \
         REVOKE EXECUTE ON FUNCTION public.safe() FROM PUBLIC; \
         CREATE TABLE public.secret (id int PRIMARY KEY); \
         ALTER TABLE public.secret ENABLE ROW LEVEL SECURITY; \
         CREATE POLICY secret_none ON public.secret USING (false); \
         CREATE VIEW public.secret_view AS SELECT id FROM public.secret; \
         GRANT SELECT ON public.secret_view TO anon; \
         CREATE MATERIALIZED VIEW public.totals AS SELECT count(*) AS n FROM public.secret; \
         GRANT SELECT ON public.totals TO authenticated; \
         CREATE EXTENSION pg_trgm SCHEMA public;",
    );
    let (_, doc) = audit_json(
        &db.url,
        &[
            "--only",
            "security-definer-functions,rls-bypassing-views,exposed-materialized-views,\
             extensions-in-public,materialized-views",
        ],
    );

    assert_eq!(
        keys(&doc),
        [
            "exposed-materialized-views:public.totals",
            "extensions-in-public:pg_trgm",
            "materialized-views:public.totals",
            "rls-bypassing-views:public.secret_view",
            "security-definer-functions:public.promote()",
        ]
    );
    assert_eq!(
        finding(&doc, "security-definer-functions:public.promote()")["message"],
        "SECURITY DEFINER function public.promote() has no fixed search_path and is executable \
         by anon and authenticated through the API."
    );
    assert!(
        finding(&doc, "materialized-views:public.totals")["message"]
            .as_str()
            .unwrap()
            .contains("cannot be refreshed concurrently")
    );
}

#[test]
fn health_dead_tuples_and_sequences() {
    let db = TestDb::new("audit_health");
    execute(
        &db.url,
        "CREATE TABLE public.churn (id int PRIMARY KEY) WITH (autovacuum_enabled = false); \
         INSERT INTO public.churn SELECT generate_series(1, 5000); ANALYZE public.churn; \
         DELETE FROM public.churn WHERE id <= 4000; \
         CREATE TABLE public.counter (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY); \
         SELECT setval(pg_get_serial_sequence('public.counter', 'id'), 2000000000);",
    );
    let (_, doc) = audit_json(&db.url, &["--only", "dead-tuples,sequence-exhaustion"]);

    assert_eq!(
        keys(&doc),
        [
            "dead-tuples:public.churn",
            "sequence-exhaustion:public.counter_id_seq"
        ]
    );
    let dead = finding(&doc, "dead-tuples:public.churn");
    assert!(
        dead["message"]
            .as_str()
            .unwrap()
            .starts_with("Table public.churn holds 4000 dead tuples against 1000 live"),
        "{dead}"
    );
    let sequence = finding(&doc, "sequence-exhaustion:public.counter_id_seq");
    assert_eq!(sequence["level"], "error");
    assert_eq!(
        sequence["message"],
        "Sequence public.counter_id_seq feeding public.counter.id (integer) is at 2000000000 of \
         2147483647 (93.1% used)."
    );
}

#[test]
fn idle_in_transaction_and_blocked_sessions() {
    let db = TestDb::new("audit_sessions");
    execute(&db.url, "CREATE TABLE public.locked (id int PRIMARY KEY);");
    let holder = hold(
        &db.url,
        "BEGIN; LOCK TABLE public.locked;",
        Duration::from_secs(4),
    );
    std::thread::sleep(Duration::from_millis(500));
    let waiter = hold(&db.url, "SELECT * FROM public.locked", Duration::ZERO);
    std::thread::sleep(Duration::from_millis(1500));

    let run = pharmctl()
        .file("pharmctl.toml", "[audit]\nidle_in_transaction = \"1s\"\n")
        .args([
            "audit",
            "--format",
            "json",
            "--only",
            "long-running-sessions,blocked-sessions",
            "--database-url",
            &db.url,
        ])
        .run();
    holder.join().unwrap();
    waiter.join().unwrap();

    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let found = findings(&doc);
    assert_eq!(found.len(), 2, "{found:?}");
    let idle = found
        .iter()
        .find(|f| f["check"] == "long-running-sessions")
        .unwrap();
    assert!(
        idle["message"]
            .as_str()
            .unwrap()
            .contains("idle in a transaction for"),
        "{idle}"
    );
    assert!(
        idle["message"]
            .as_str()
            .unwrap()
            .ends_with("LOCK TABLE public.locked;"),
        "{idle}"
    );
    let blocked = found
        .iter()
        .find(|f| f["check"] == "blocked-sessions")
        .unwrap();
    let holder_pid = idle["object"].as_str().unwrap().trim_start_matches("pid:");
    assert!(
        blocked["message"].as_str().unwrap().contains(&format!(
            "for a lock held by session {holder_pid}: SELECT * FROM public.locked"
        )),
        "{blocked}"
    );
}

#[test]
fn slow_queries_come_from_pg_stat_statements_in_any_schema() {
    let db = TestDb::new("audit_slow");
    let (_, before) = audit_json(&db.url, &["--only", "slow-queries"]);
    assert!(
        before["sections"]["queries"]["notes"].to_string().contains(
            "slow-queries: skipped: pg_stat_statements is not installed in this database"
        )
    );

    execute(
        &db.url,
        "CREATE SCHEMA extensions; CREATE EXTENSION pg_stat_statements SCHEMA extensions;",
    );
    execute(&db.url, "SELECT pg_sleep(0.15)");
    let (_, doc) = audit_json(&db.url, &["--only", "slow-queries"]);

    let slow = findings(&doc);
    assert_eq!(slow.len(), 1, "{slow:?}");
    let message = slow[0]["message"].as_str().unwrap();
    assert!(message.contains("over 1 calls"), "{message}");
    assert!(
        message.ends_with("over the 100 ms threshold: SELECT pg_sleep($1)"),
        "{message}"
    );
    let top = doc["sections"]["queries"]["tables"]["top_statements"]
        .as_array()
        .unwrap();
    assert!(top.iter().any(|s| s["query"] == "SELECT pg_sleep($1)"));
}

const CONFLICTS: &str = "CREATE FUNCTION public.detect_schedule_conflicts() \
     RETURNS TABLE (employee_id text, overlap_minutes int) LANGUAGE sql STABLE \
     SET search_path = '' AS $$ SELECT 'E' || g, g * 10 FROM generate_series(1, 7) AS g $$; \
     REVOKE EXECUTE ON FUNCTION public.detect_schedule_conflicts() FROM PUBLIC; \
     CREATE FUNCTION public.get_performance_recommendations() RETURNS SETOF text \
     LANGUAGE sql STABLE SET search_path = '' AS $$ SELECT 'Refresh the analytics views' $$;";

#[test]
fn schedule_conflicts_and_database_recommendations_when_installed() {
    let db = TestDb::new("audit_conflicts");
    execute(&db.url, CONFLICTS);
    let (_, doc) = audit_json(&db.url, &["--only", "schedule-conflicts"]);

    let conflicts = finding(&doc, "schedule-conflicts:schedule");
    assert_eq!(
        conflicts["message"],
        "7 schedule conflicts found by public.detect_schedule_conflicts(); the first 5 are listed."
    );
    let examples = doc["sections"]["schedule"]["tables"]["conflict_examples"]
        .as_array()
        .unwrap();
    assert_eq!(examples.len(), 5);
    assert_eq!(
        examples[0]["conflict"],
        "employee_id: E1, overlap_minutes: 10"
    );
    let advice = &doc["sections"]["recommendations"]["tables"]["recommendations"];
    assert_eq!(advice[0]["recommendation"], "Refresh the analytics views");
}

#[test]
fn a_monitoring_role_runs_the_audit_and_is_told_what_it_misses() {
    let db = TestDb::loaded("audit_monitor");
    execute(&db.url, CONFLICTS);
    create_role("audit_monitor", "monitor-pass");
    execute(
        &db.url,
        "GRANT pg_monitor TO audit_monitor; GRANT USAGE ON SCHEMA public TO audit_monitor; \
         GRANT SELECT ON ALL TABLES IN SCHEMA public TO audit_monitor;",
    );
    let url = url_as(&db.url, "audit_monitor", "monitor-pass");
    let (code, doc) = audit_json(&url, &[]);

    assert_eq!(code, 0);
    let notes = doc["sections"]["schedule"]["notes"].to_string();
    assert!(
        notes.contains("this role may not execute public.detect_schedule_conflicts(); GRANT EXECUTE ON FUNCTION public.detect_schedule_conflicts() TO it"),
        "{notes}"
    );
    assert_eq!(
        keys(&doc)
            .iter()
            .filter(|k| k.starts_with("unindexed-foreign-keys"))
            .count(),
        3
    );
}

#[test]
fn the_ignore_file_hides_live_entries_and_reports_expired_ones() {
    let db = TestDb::loaded("audit_ignore");
    let ignore = "[[ignore]]\ncheck = \"unindexed-foreign-keys\"\n\
                  object = \"public.store_schedules(store_number)\"\n\
                  reason = \"the migration adds it\"\nexpires = 2999-01-01\n\n\
                  [[ignore]]\ncheck = \"unindexed-foreign-keys\"\n\
                  object = \"public.messages(contact_id)\"\nreason = \"old\"\nexpires = 2000-01-01\n";
    let run = pharmctl()
        .file("ignore.toml", ignore)
        .args([
            "audit",
            "--format",
            "json",
            "--only",
            "unindexed-foreign-keys",
            "--ignore-file",
            "ignore.toml",
            "--fail-on",
            "warn",
            "--database-url",
            &db.url,
        ])
        .run();

    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        keys(&doc),
        [
            "ignore-file:unindexed-foreign-keys:public.messages(contact_id)",
            "unindexed-foreign-keys:public.messages(contact_id)",
            "unindexed-foreign-keys:public.store_schedules(employee_id)",
        ]
    );
    assert_eq!(doc["sections"]["summary"]["facts"]["ignored"]["value"], 1);

    let bad = pharmctl()
        .file(
            "ignore.toml",
            "[[ignore]]\ncheck = \"nope\"\nobject = \"x\"\nreason = \"r\"\nexpires = 2999-01-01\n",
        )
        .args([
            "audit",
            "--ignore-file",
            "ignore.toml",
            "--database-url",
            &db.url,
        ])
        .run();
    assert_one_line_error(
        &bad,
        2,
        "invalid ignore file `ignore.toml`: unknown check id `nope`",
    );
}

#[test]
fn fail_on_gates_by_level() {
    let db = TestDb::loaded("audit_gate");
    let only = ["--only", "unindexed-foreign-keys"];
    let (error_code, _) = audit_json(&db.url, &[&only[..], &["--fail-on", "error"]].concat());
    let (warn_code, _) = audit_json(&db.url, &[&only[..], &["--fail-on", "warn"]].concat());
    let (never_code, _) = audit_json(&db.url, &only);

    assert_eq!((error_code, warn_code, never_code), (0, 1, 0));
}

/// The database the snapshot tests use: a fixed name keeps column widths stable.
const SNAPSHOT_DB: &str = "pharmctl_audit_snapshot";

/// Compares `text` with `tests/snapshots/<name>`; writes the file when it is missing or
/// `UPDATE_SNAPSHOTS` is set.
fn assert_snapshot(name: &str, text: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() || !path.exists() {
        std::fs::write(&path, text).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    assert!(
        expected == text,
        "snapshot {name} differs (UPDATE_SNAPSHOTS=1 rewrites it)\n--- expected\n{expected}\n--- got\n{text}"
    );
}

/// Replaces what differs between runs: the subject line, the server version (padded to its
/// width so that tables keep their layout) and the JSON timestamp.
fn redact(text: &str, version: &str) -> String {
    let placeholder = format!("{:<width$}", "<version>", width = version.chars().count());
    text.replace(version, &placeholder)
        .lines()
        .map(|line| {
            if line.starts_with("host ") {
                "<subject>".to_string()
            } else if line.trim_start().starts_with("\"generated_at\"") {
                "  \"generated_at\": \"<time>\",".to_string()
            } else if line.trim_start().starts_with("\"subject\"") {
                "  \"subject\": \"<subject>\",".to_string()
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn snapshots_of_the_three_formats() {
    server().admin(&format!(
        "DROP DATABASE IF EXISTS {SNAPSHOT_DB} WITH (FORCE)"
    ));
    server().admin(&format!("CREATE DATABASE {SNAPSHOT_DB}"));
    let url = server().url(SNAPSHOT_DB);
    execute(
        &url,
        "CREATE TABLE public.staff (id int PRIMARY KEY, name text NOT NULL); \
         CREATE TABLE public.shifts (id int PRIMARY KEY, staff_id int NOT NULL \
         REFERENCES public.staff); \
         ALTER TABLE public.staff ENABLE ROW LEVEL SECURITY; \
         CREATE POLICY staff_read ON public.staff FOR SELECT USING (true); \
         INSERT INTO public.staff VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Edsger'); \
         INSERT INTO public.shifts VALUES (1, 1), (2, 2), (3, 3); \
         ANALYZE public.staff, public.shifts;",
    );
    let version: String = crate::support::query(&url, "SHOW server_version")[0].get(0);
    let only = "unindexed-foreign-keys,rls-disabled,duplicate-indexes,schedule-conflicts";

    for (format, file) in [
        ("table", "audit.txt"),
        ("markdown", "audit.md"),
        ("json", "audit.json"),
    ] {
        let run = pharmctl()
            .args([
                "audit",
                "--format",
                format,
                "--only",
                only,
                "--database-url",
                &url,
            ])
            .run();
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_snapshot(file, &redact(&run.stdout, &version));
    }
    server().admin(&format!(
        "DROP DATABASE IF EXISTS {SNAPSHOT_DB} WITH (FORCE)"
    ));
}

/// Runs a server binary as the user that owns the test cluster (`postgres` when root).
fn as_server_user(program: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut command = if nix::unistd::Uid::effective().is_root() {
        let mut command = std::process::Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        std::process::Command::new(program)
    };
    command.args(args).output().unwrap()
}

#[test]
fn the_audit_and_bench_run_against_a_hot_standby() {
    let Some(cluster) = server().cluster.as_ref() else {
        eprintln!("skipped: a hot standby needs the tests' own throwaway cluster");
        return;
    };
    let db = TestDb::loaded("audit_standby");
    let hba = cluster.data_dir().join("pg_hba.conf");
    let mut rules = std::fs::read_to_string(&hba).unwrap();
    if !rules.contains("replication") {
        rules.push_str("host replication postgres 127.0.0.1/32 trust\n");
        std::fs::write(&hba, rules).unwrap();
        execute(&db.url, "SELECT pg_reload_conf()");
    }
    let folder = tempfile::tempdir().unwrap();
    if nix::unistd::Uid::effective().is_root() {
        let owner = nix::unistd::User::from_name("postgres").unwrap().unwrap();
        nix::unistd::chown(folder.path(), Some(owner.uid), Some(owner.gid)).unwrap();
    }
    let data = folder.path().join("data");
    let (data_arg, port) = (data.to_str().unwrap(), cluster.port().to_string());
    let backup = as_server_user(
        &cluster.bin_dir().join("pg_basebackup"),
        &[
            "-h",
            "127.0.0.1",
            "-p",
            &port,
            "-U",
            "postgres",
            "-D",
            data_arg,
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
        ],
    );
    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    let standby_port = (cluster.port() + 7).to_string();
    let options = format!(
        "-p {standby_port} -k {} -c listen_addresses=127.0.0.1 -c ssl=off",
        folder.path().display()
    );
    let pg_ctl = cluster.bin_dir().join("pg_ctl");
    let log = folder.path().join("log");
    let started = as_server_user(
        &pg_ctl,
        &[
            "start",
            "-w",
            "-s",
            "-D",
            data_arg,
            "-l",
            log.to_str().unwrap(),
            "-o",
            &options,
        ],
    );
    assert!(
        started.status.success(),
        "{}",
        String::from_utf8_lossy(&started.stderr)
    );

    let url = format!(
        "postgres://postgres@127.0.0.1:{standby_port}/{}?sslmode=disable",
        db.name
    );
    let (code, doc) = audit_json(&url, &["--fail-on", "error"]);
    // Benchmarks read from a replica too; the suite's writing statement is left out.
    let bench = pharmctl()
        .args([
            "bench", "run", "--runs", "2", "--warmup", "1", "--format", "json",
        ])
        .args(["--database-url", &url])
        .run();
    as_server_user(&pg_ctl, &["stop", "-s", "-m", "fast", "-D", data_arg]);
    assert_eq!(bench.code, 0, "{}", bench.stderr);
    let measured: Value = serde_json::from_str(&bench.stdout).unwrap();
    let queries = &measured["sections"]["queries"];
    let names: Vec<&str> = queries["tables"]["queries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["query"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"employee-month") && !names.contains(&"touch-contact"));
    assert!(
        queries["notes"].to_string().contains(
            "`touch-contact` was not measured: it writes, and the server is a read-only standby"
        ),
        "{}",
        queries["notes"]
    );

    assert_eq!(code, 0);
    assert_eq!(
        doc["sections"]["summary"]["facts"]["is_replica"]["value"],
        "yes (read-only standby)"
    );
    assert_eq!(
        keys(&doc)
            .iter()
            .filter(|k| k.starts_with("unindexed-foreign-keys"))
            .count(),
        3
    );
}

#[test]
fn a_role_without_monitoring_grants_gets_skips_with_the_grant_to_add() {
    let db = TestDb::loaded("audit_plain");
    create_role("audit_plain", "plain-pass");
    execute(
        &db.url,
        "CREATE SCHEMA extensions; CREATE EXTENSION pg_stat_statements SCHEMA extensions; \
         GRANT USAGE ON SCHEMA public TO audit_plain; \
         GRANT SELECT ON ALL TABLES IN SCHEMA public TO audit_plain;",
    );
    let url = url_as(&db.url, "audit_plain", "plain-pass");
    let (code, doc) = audit_json(&url, &[]);

    assert_eq!(code, 0);
    let notes = doc["sections"]["queries"]["notes"].to_string();
    assert!(
        notes.contains(
            "permission denied for schema extensions; GRANT USAGE ON SCHEMA extensions to this role"
        ),
        "{notes}"
    );
    let health = doc["sections"]["health"]["notes"].to_string();
    assert!(
        health.contains("sequences not readable by this role"),
        "{health}"
    );
}

#[test]
fn all_databases_are_audited_at_once_and_an_unreachable_one_is_named() {
    let dirty = TestDb::new("audit_all_dirty");
    let clean = TestDb::new("audit_all_clean");
    execute(&dirty.url, "CREATE TABLE public.nopk (a int)");
    let reachable = format!(
        "[databases.a-dirty]\nurl = \"{}\"\n[databases.b-clean]\nurl = \"{}\"\n",
        dirty.url, clean.url
    );
    let with_gone = format!(
        "{reachable}[databases.c-gone]\n\
         url = \"postgres://auditor:s3cret-pw@127.0.0.1:1/nothing?connect_timeout=2\"\n"
    );
    let only = ["--only", "tables-without-primary-key"];

    let run = pharmctl()
        .file("pharmctl.toml", &with_gone)
        .args([
            "audit",
            "--all-databases",
            "--format",
            "json",
            "--fail-on",
            "warn",
        ])
        .args(only)
        .run();
    assert_one_line_error(&run, 3, "1 of 3 databases could not be audited: c-gone");
    assert!(
        !run.all_output().contains("s3cret-pw"),
        "{}",
        run.all_output()
    );
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let names: Vec<&str> = doc["databases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a-dirty", "b-clean"]);
    assert_eq!(
        keys(&doc["databases"][0]["report"]),
        ["tables-without-primary-key:public.nopk"]
    );
    assert!(keys(&doc["databases"][1]["report"]).is_empty());
    let rows = doc["summary"]["sections"]["databases"]["tables"]["databases"]
        .as_array()
        .unwrap();
    let summary: Vec<(String, Value, String)> = rows
        .iter()
        .map(|r| {
            (
                r["database"].as_str().unwrap().to_string(),
                r["warnings"].clone(),
                r["result"]["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(summary[0], ("a-dirty".into(), 1.into(), "1 finding".into()));
    assert_eq!(
        summary[1],
        ("b-clean".into(), 0.into(), "no findings".into())
    );
    assert_eq!(summary[2].0, "c-gone");
    assert!(
        summary[2]
            .2
            .starts_with("not audited: could not connect to host 127.0.0.1 port 1"),
        "{}",
        summary[2].2
    );

    let gated = pharmctl()
        .file("pharmctl.toml", &reachable)
        .args([
            "audit",
            "--all-databases",
            "--format",
            "csv",
            "--fail-on",
            "warn",
        ])
        .args(only)
        .run();
    assert_eq!(
        gated.code, 1,
        "a warning in one database trips the gate: {}",
        gated.stderr
    );
    assert!(
        gated
            .stdout
            .lines()
            .any(|l| l.starts_with("a-dirty,tables-without-primary-key,")),
        "{}",
        gated.stdout
    );
    let passed = pharmctl()
        .file("pharmctl.toml", &reachable)
        .args(["audit", "--all-databases", "--fail-on", "error"])
        .args(only)
        .run();
    assert_eq!(passed.code, 0, "{}", passed.stderr);
    assert!(
        passed.stdout.contains("pharmctl audit: a-dirty"),
        "{}",
        passed.stdout
    );
    assert!(
        passed.stdout.contains("pharmctl audit: 2 databases"),
        "{}",
        passed.stdout
    );

    // An ignore entry may be scoped to one named database.
    let ignore = "[[ignore]]\ncheck = \"tables-without-primary-key\"\nobject = \"public.nopk\"\n\
                  reason = \"a staging copy\"\nexpires = 2099-12-31\ndatabase = \"a-dirty\"\n";
    let with_ignore = |args: &[&str]| {
        pharmctl()
            .file("pharmctl.toml", &reachable)
            .file("ignore.toml", ignore)
            .args(["audit", "--fail-on", "warn", "--ignore-file", "ignore.toml"])
            .args(args)
            .args(only)
            .run()
    };
    assert_eq!(with_ignore(&["--all-databases"]).code, 0);
    assert_eq!(with_ignore(&["--database", "a-dirty"]).code, 0);
    let by_url = with_ignore(&["--database-url", &dirty.url]);
    assert_eq!(by_url.code, 1, "a scoped entry does not apply by URL");
    let unknown = pharmctl()
        .file("pharmctl.toml", &reachable)
        .file("ignore.toml", &ignore.replace("a-dirty", "z-typo"))
        .args(["audit", "--all-databases", "--ignore-file", "ignore.toml"])
        .run();
    assert_one_line_error(&unknown, 2, "names database `z-typo`");

    let none = pharmctl().args(["audit", "--all-databases"]).run();
    assert_one_line_error(&none, 2, "the config file names no databases");
    let both = pharmctl()
        .file("pharmctl.toml", &reachable)
        .args(["audit", "--all-databases", "--database-url", &clean.url])
        .run();
    assert_one_line_error(&both, 2, "--all-databases audits every named database");
}
