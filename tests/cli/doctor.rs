//! `pharmctl doctor` against the real server and a real pgbouncer in front of it: TLS on and
//! off, wrong passwords, a role without pg_monitor, pool mode and usage, and Supabase `.env`
//! files with each fault. No secret may appear in any output, in any format.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use hmac::{Hmac, KeyInit, Mac};
use serde_json::Value as Json;
use sha2::Sha256;

use crate::support::{
    PgBouncer, PgBouncerOptions, Run, TestDb, assert_one_line_error, create_role, execute,
    hold_transaction, pharmctl, server, tls_cluster, url_as,
};

const SECRET: &str = "Doctor-Secret-2718-qzv";
const WRONG: &str = "Doctor-Wrong-3141-kxw";
const BOUNCER_ADMIN: &str = "Bouncer-Admin-1618-jmt";

fn doctor(args: &[&str]) -> Run {
    pharmctl().args(["doctor"]).args(args).run()
}

fn json(run: &Run) -> Json {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("doctor JSON does not parse ({e}): {}", run.all_output()))
}

fn fact<'a>(doc: &'a Json, section: &str, key: &str) -> &'a Json {
    &doc["sections"][section]["facts"][key]
}

/// Asserts that no 10-character piece of any secret appears in the output.
fn assert_no_secret(run: &Run, secrets: &[&str]) {
    let output = run.all_output();
    for secret in secrets {
        let chars: Vec<char> = secret.chars().collect();
        for window in chars.windows(10.min(chars.len())) {
            let piece: String = window.iter().collect();
            assert!(
                !output.contains(&piece),
                "a piece of a secret leaked: {output}"
            );
        }
    }
}

#[test]
fn tls_connection_settings_and_extension() {
    let cluster = tls_cluster();
    let url = cluster.url("postgres");
    let run = doctor(&["--format", "json", "--database-url", &url]);

    assert_eq!(run.code, 0, "{}", run.all_output());
    let doc = json(&run);
    assert_eq!(doc["command"], "doctor");
    let tls = fact(&doc, "connection", "tls")["value"].as_str().unwrap();
    assert!(tls.starts_with("TLSv1."), "{tls}");
    let round_trip = fact(&doc, "connection", "round_trip_ms")["value"]
        .as_f64()
        .unwrap();
    assert!(round_trip > 0.0 && round_trip < 1000.0, "{round_trip}");
    assert_eq!(fact(&doc, "settings", "track_io_timing")["value"], "on");
    let slow_log = fact(&doc, "settings", "log_min_duration_statement");
    assert_eq!(slow_log["value"], "-1 (off)");
    assert_eq!(slow_log["status"]["level"], "warn");
    assert_eq!(fact(&doc, "settings", "max_connections")["value"], 100);
}

#[test]
fn pg_stat_statements_loaded_then_created() {
    let db = TestDb::new("doctor_pgss");
    let before = json(&doctor(&["--format", "json", "--database-url", &db.url]));
    let pgss = fact(&before, "settings", "pg_stat_statements");
    assert_eq!(pgss["value"], "loaded, not created in this database");
    assert!(
        pgss["status"]["text"]
            .as_str()
            .unwrap()
            .contains("CREATE EXTENSION")
    );

    crate::support::execute(&db.url, "CREATE EXTENSION pg_stat_statements");
    let after = json(&doctor(&["--format", "json", "--database-url", &db.url]));
    let pgss = fact(&after, "settings", "pg_stat_statements");
    assert!(
        pgss["value"]
            .as_str()
            .unwrap()
            .starts_with("loaded, created"),
        "{pgss}"
    );
    assert_eq!(pgss["status"]["level"], "ok");
}

#[test]
fn plain_connection_is_named_as_such() {
    let url = format!("{}?sslmode=disable", server().url("postgres"));
    let run = doctor(&["--database-url", &url]);

    assert_eq!(run.code, 0, "{}", run.all_output());
    let tls_line = run.stdout.lines().find(|l| l.contains("TLS")).unwrap();
    assert!(tls_line.contains("none"), "{tls_line}");
    assert!(
        tls_line.contains("plain, on this machine only"),
        "{tls_line}"
    );
}

#[test]
fn wrong_password_exits_3_and_shows_no_password() {
    let db = TestDb::new("doctor_wrong_pw");
    create_role("pharmctl_doc_pw", SECRET);
    let url = url_as(&db.url, "pharmctl_doc_pw", WRONG);

    for format in ["table", "markdown", "json"] {
        let run = doctor(&["--format", format, "--database-url", &url]);
        assert_one_line_error(&run, 3, "password authentication failed");
        assert!(
            run.stdout.contains("password authentication failed"),
            "{}",
            run.stdout
        );
        assert_no_secret(&run, &[SECRET, WRONG]);
    }
}

#[test]
fn role_without_pg_monitor_is_told_the_grants() {
    let db = TestDb::loaded("doctor_plain_role");
    create_role("pharmctl_doc_plain", SECRET);
    let url = url_as(&db.url, "pharmctl_doc_plain", SECRET);
    let run = doctor(&["--format", "json", "--database-url", &url]);

    assert_eq!(run.code, 0, "{}", run.all_output());
    assert_no_secret(&run, &[SECRET]);
    let doc = json(&run);
    assert_eq!(fact(&doc, "privileges", "pg_monitor")["value"], "no");
    assert_eq!(
        fact(&doc, "privileges", "runnable")["status"]["level"],
        "warn"
    );
    let rows = doc["sections"]["privileges"]["tables"]["capabilities"]
        .as_array()
        .unwrap();
    let row = |what: &str| {
        rows.iter()
            .find(|r| r["what"].as_str().unwrap().starts_with(what))
            .unwrap()
    };

    let activity = row("query text and waits of other sessions");
    assert_eq!(activity["status"]["level"], "warn");
    assert_eq!(
        activity["remedy"],
        "GRANT pg_read_all_stats TO \"pharmctl_doc_plain\"; (or pg_monitor)"
    );
    let settings = row("every server setting");
    assert!(
        settings["remedy"]
            .as_str()
            .unwrap()
            .contains("pg_read_all_settings")
    );
    let counts = row("exact row counts");
    assert!(
        counts["status"]["text"]
            .as_str()
            .unwrap()
            .contains("9 of 9 tables without SELECT"),
        "{counts}"
    );
    let indexes = row("create the performance indexes");
    assert_eq!(
        indexes["status"]["text"],
        "not owner of contacts, messages, store_schedules, stores"
    );
    assert!(
        indexes["remedy"]
            .as_str()
            .unwrap()
            .contains("GRANT \"postgres\" TO \"pharmctl_doc_plain\";")
    );
    assert_eq!(
        row("create the analytics schema")["status"]["level"],
        "warn"
    );
}

#[test]
fn a_partition_owned_by_another_role_is_named() {
    let db = TestDb::loaded("doctor_partition_owner");
    create_role("pharmctl_doc_owner", SECRET);
    create_role("pharmctl_doc_other", SECRET);
    execute(
        &db.url,
        "ALTER TABLE public.store_schedules RENAME TO store_schedules_flat; \
         CREATE TABLE public.store_schedules \
             (LIKE public.store_schedules_flat INCLUDING DEFAULTS) PARTITION BY RANGE (date); \
         CREATE TABLE public.store_schedules_2025_07 PARTITION OF public.store_schedules \
             FOR VALUES FROM ('2025-07-01') TO ('2025-08-01'); \
         CREATE TABLE public.store_schedules_2025_08 PARTITION OF public.store_schedules \
             FOR VALUES FROM ('2025-08-01') TO ('2025-09-01'); \
         DROP TABLE public.store_schedules_flat CASCADE; \
         ALTER TABLE public.stores OWNER TO pharmctl_doc_owner; \
         ALTER TABLE public.contacts OWNER TO pharmctl_doc_owner; \
         ALTER TABLE public.messages OWNER TO pharmctl_doc_owner; \
         ALTER TABLE public.store_schedules OWNER TO pharmctl_doc_owner; \
         ALTER TABLE public.store_schedules_2025_07 OWNER TO pharmctl_doc_owner; \
         ALTER TABLE public.store_schedules_2025_08 OWNER TO pharmctl_doc_other;",
    );
    let url = url_as(&db.url, "pharmctl_doc_owner", SECRET);
    let doc = json(&doctor(&["--format", "json", "--database-url", &url]));
    let rows = doc["sections"]["privileges"]["tables"]["capabilities"]
        .as_array()
        .unwrap();
    let indexes = rows
        .iter()
        .find(|r| {
            r["what"]
                .as_str()
                .unwrap()
                .starts_with("create the performance indexes")
        })
        .unwrap();
    assert_eq!(
        indexes["status"]["text"],
        "not owner of public.store_schedules_2025_08"
    );
    assert!(
        indexes["remedy"]
            .as_str()
            .unwrap()
            .contains("GRANT \"pharmctl_doc_other\" TO \"pharmctl_doc_owner\";"),
        "{indexes}"
    );
}

#[test]
fn pg_monitor_enables_the_monitoring_checks() {
    let db = TestDb::new("doctor_monitor_role");
    create_role("pharmctl_doc_monitor", SECRET);
    server().admin("GRANT pg_monitor TO pharmctl_doc_monitor");
    let url = url_as(&db.url, "pharmctl_doc_monitor", SECRET);
    let doc = json(&doctor(&["--format", "json", "--database-url", &url]));

    assert_eq!(fact(&doc, "privileges", "pg_monitor")["value"], "yes");
    assert_eq!(
        fact(&doc, "privileges", "pg_read_all_stats")["value"],
        "yes"
    );
    let rows = doc["sections"]["privileges"]["tables"]["capabilities"]
        .as_array()
        .unwrap();
    for what in ["query text and waits", "every server setting"] {
        let row = rows
            .iter()
            .find(|r| r["what"].as_str().unwrap().starts_with(what))
            .unwrap();
        assert_eq!(row["status"]["text"], "runs", "{row}");
        assert_eq!(row["remedy"], "", "{row}");
    }
}

fn bouncer(tls: bool, pool_mode: &str, pool_size: u32) -> PgBouncer {
    create_role("pharmctl_doc_pool", SECRET);
    PgBouncer::start(&PgBouncerOptions {
        tls,
        pool_mode,
        pool_size,
        users: &[("postgres", BOUNCER_ADMIN), ("pharmctl_doc_pool", SECRET)],
    })
}

#[test]
fn pgbouncer_session_mode_over_tls() {
    let db = TestDb::new("doctor_bouncer_tls");
    let bouncer = bouncer(true, "session", 5);
    let pooler_url = format!(
        "{}?sslmode=require",
        bouncer.url("postgres", BOUNCER_ADMIN, &db.name)
    );
    let run = doctor(&[
        "--format",
        "json",
        "--database-url",
        &db.url,
        "--pooler-url",
        &pooler_url,
    ]);

    assert_eq!(run.code, 0, "{}\n{}", run.all_output(), bouncer.log());
    assert_no_secret(&run, &[BOUNCER_ADMIN]);
    let doc = json(&run);
    let tls = fact(&doc, "pooler", "tls")["value"].as_str().unwrap();
    assert!(tls.starts_with("TLSv1."), "{tls}");
    assert!(
        fact(&doc, "pooler", "software")["value"]
            .as_str()
            .unwrap()
            .contains("PgBouncer")
    );
    assert_eq!(fact(&doc, "pooler", "pool_mode")["value"], "session");
    let server_version = fact(&doc, "pooler", "server_version")["value"]
        .as_str()
        .unwrap();
    assert!(server_version.starts_with("1"), "{server_version}");
    let pools = doc["sections"]["pooler"]["tables"]["pools"]
        .as_array()
        .unwrap();
    let pool = pools
        .iter()
        .find(|p| p["database"] == db.name.as_str())
        .unwrap();
    assert_eq!(pool["pool_size"], 5);
    assert_eq!(pool["status"]["level"], "ok", "{pool}");
}

#[test]
fn pgbouncer_transaction_mode_plain_with_a_full_pool() {
    let db = TestDb::new("doctor_bouncer_full");
    let bouncer = bouncer(false, "transaction", 1);
    let _held = hold_transaction(&bouncer.url("postgres", BOUNCER_ADMIN, "postgres"));
    let pooler_url = bouncer.url("postgres", BOUNCER_ADMIN, &db.name);
    let run = doctor(&[
        "--format",
        "json",
        "--database-url",
        &db.url,
        "--pooler-url",
        &pooler_url,
    ]);

    assert_eq!(run.code, 0, "{}\n{}", run.all_output(), bouncer.log());
    let doc = json(&run);
    assert_eq!(fact(&doc, "pooler", "tls")["value"], "none");
    let mode = fact(&doc, "pooler", "pool_mode");
    assert_eq!(mode["value"], "transaction");
    assert_eq!(mode["status"]["level"], "info");
    let pools = doc["sections"]["pooler"]["tables"]["pools"]
        .as_array()
        .unwrap();
    let full = pools.iter().find(|p| p["database"] == "postgres").unwrap();
    assert_eq!(full["usage"], 1.0, "{full}");
    assert_eq!(full["status"]["level"], "warn", "{full}");
    assert!(
        full["status"]["text"]
            .as_str()
            .unwrap()
            .contains("over 80%"),
        "{full}"
    );
}

#[test]
fn pooler_user_without_console_access_gets_an_explanation() {
    let db = TestDb::new("doctor_bouncer_user");
    let bouncer = bouncer(false, "session", 5);
    let pooler_url = bouncer.url("pharmctl_doc_pool", SECRET, &db.name);
    let run = doctor(&["--database-url", &db.url, "--pooler-url", &pooler_url]);

    assert_eq!(run.code, 0, "{}\n{}", run.all_output(), bouncer.log());
    assert!(
        run.stdout.contains("no pgbouncer admin console"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("user pharmctl_doc_pool could not open"),
        "{}",
        run.stdout
    );
    assert_no_secret(&run, &[SECRET]);
}

#[test]
fn wrong_pooler_password_is_a_fault_without_the_password() {
    let db = TestDb::new("doctor_bouncer_pw");
    let bouncer = bouncer(true, "session", 5);
    let pooler_url = bouncer.url("pharmctl_doc_pool", WRONG, &db.name);
    let run = doctor(&[
        "--format",
        "json",
        "--database-url",
        &db.url,
        "--pooler-url",
        &pooler_url,
    ]);

    assert_eq!(run.code, 1, "{}", run.all_output());
    assert_no_secret(&run, &[SECRET, WRONG]);
    let doc = json(&run);
    let reached = fact(&doc, "pooler", "reached");
    assert_eq!(reached["status"]["level"], "error");
    let text = reached["status"]["text"].as_str().unwrap();
    assert!(text.contains("authentication failed"), "{reached}");
    let notes = doc["sections"]["pooler"]["notes"].to_string();
    assert!(notes.contains("wrong password"), "{notes}");
    assert_eq!(fact(&doc, "connection", "reached")["status"]["level"], "ok");
}

#[test]
fn nothing_reachable_exits_3_with_the_report() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let direct = format!("postgres://someone:{SECRET}@127.0.0.1:{port}/pharmacy");
    let pooler = format!("postgres://someone:{WRONG}@127.0.0.1:{port}/pharmacy");
    let run = doctor(&[
        "--format",
        "json",
        "--database-url",
        &direct,
        "--pooler-url",
        &pooler,
    ]);

    assert_one_line_error(&run, 3, "connection refused");
    assert_no_secret(&run, &[SECRET, WRONG]);
    let doc = json(&run);
    assert_eq!(
        fact(&doc, "connection", "reached")["status"]["level"],
        "error"
    );
    assert_eq!(fact(&doc, "pooler", "reached")["status"]["level"], "error");
}

// Supabase .env files.

const JWT_SECRET: &str = "jwt-Secret-9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const OTHER_JWT_SECRET: &str = "jwt-Other-0a1b2c3d4e5f60718293a4b5c6d7e8f9";
const VAULT_KEY: &str = "v7Q2m9X4k1P8z3N6w5R0t2Y7u4I9o1L3";
const POSTGRES_PASSWORD: &str = "pg-Password-4e1c9a7b2d8f";
const SECRET_KEY_BASE: &str =
    "skb-7Hq2Lm9Xc4Vb1Nz8Ks3Jd6Fg5Ap0Wo2Ei7Ru4Ty9Ul1Im3On6Pb8Qa5Sz0Dx2Cv7Bn4";

fn sign(role: &str, expires_in_days: i64, secret: &str) -> String {
    let exp = chrono::Utc::now().timestamp() + expires_in_days * 86_400;
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let claims = format!(r#"{{"role":"{role}","iss":"supabase","iat":1700000000,"exp":{exp}}}"#);
    let signed = format!("{header}.{}", URL_SAFE_NO_PAD.encode(claims));
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(signed.as_bytes());
    format!(
        "{signed}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

fn healthy_env() -> Vec<(&'static str, String)> {
    vec![
        ("POSTGRES_PASSWORD", POSTGRES_PASSWORD.to_string()),
        ("JWT_SECRET", JWT_SECRET.to_string()),
        ("ANON_KEY", sign("anon", 365, JWT_SECRET)),
        ("SERVICE_ROLE_KEY", sign("service_role", 365, JWT_SECRET)),
        ("SECRET_KEY_BASE", SECRET_KEY_BASE.to_string()),
        ("VAULT_ENC_KEY", VAULT_KEY.to_string()),
        ("POSTGRES_PORT", "5432".to_string()),
        ("POOLER_PROXY_PORT_TRANSACTION", "6543".to_string()),
        ("POOLER_DEFAULT_POOL_SIZE", "20".to_string()),
        ("POOLER_MAX_CLIENT_CONN", "100".to_string()),
        ("POOLER_TENANT_ID", "pharmacy-chain".to_string()),
    ]
}

fn env_text(pairs: &[(&str, String)]) -> String {
    let mut text = String::from("# Supabase self-hosting, generated by the doctor tests\n");
    for (key, value) in pairs {
        text.push_str(&format!("{key}={value}\n"));
    }
    text
}

/// Every value of the env file that is a secret, for the leak check.
fn secrets_of(pairs: &[(&str, String)]) -> Vec<String> {
    let secret_keys = [
        "POSTGRES_PASSWORD",
        "JWT_SECRET",
        "ANON_KEY",
        "SERVICE_ROLE_KEY",
        "SECRET_KEY_BASE",
        "VAULT_ENC_KEY",
    ];
    let mut secrets: Vec<String> = pairs
        .iter()
        .filter(|(key, _)| secret_keys.contains(key))
        .map(|(_, value)| value.clone())
        .collect();
    // JWTs share their header with every other JWT; their payloads and signatures are what
    // must not leak.
    for (key, value) in pairs {
        if key.ends_with("_KEY") && value.matches('.').count() == 2 {
            secrets.extend(value.split('.').skip(1).map(str::to_string));
        }
    }
    secrets.retain(|s| !s.starts_with("eyJhbGciOiJIUzI1NiIs"));
    secrets
}

fn run_env(pairs: &[(&str, String)], format: &str) -> Run {
    pharmctl()
        .file(".env", &env_text(pairs))
        .args([
            "doctor",
            "--env-file",
            ".env",
            "--format",
            format,
            "--database-url",
        ])
        .args([server().url("postgres")])
        .run()
}

fn variable_row(doc: &Json, variable: &str) -> Json {
    doc["sections"]["env_file"]["tables"]["variables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["variable"] == variable)
        .unwrap_or_else(|| panic!("no row for {variable}"))
        .clone()
}

#[test]
fn healthy_env_file_has_no_fault() {
    let pairs = healthy_env();
    let run = run_env(&pairs, "json");

    assert_eq!(run.code, 0, "{}", run.all_output());
    let doc = json(&run);
    assert_eq!(fact(&doc, "env_file", "faults")["value"], 0);
    for row in doc["sections"]["env_file"]["tables"]["variables"]
        .as_array()
        .unwrap()
    {
        assert_eq!(row["status"]["level"], "ok", "{row}");
    }
    let secrets = secrets_of(&pairs);
    assert_no_secret(
        &run,
        &secrets.iter().map(String::as_str).collect::<Vec<_>>(),
    );
}

#[test]
fn each_env_fault_is_named_with_its_fix_and_no_secret() {
    type Change = fn(&mut Vec<(&'static str, String)>);
    fn set(pairs: &mut [(&'static str, String)], key: &str, value: String) {
        pairs.iter_mut().find(|(k, _)| *k == key).unwrap().1 = value;
    }
    let cases: [(&str, &str, &str, Change); 8] = [
        ("JWT_SECRET", "too short", "at least 32", |p| {
            set(p, "JWT_SECRET", "Short-Jwt-Secret-77".into())
        }),
        (
            "ANON_KEY",
            "bad signature",
            "does not verify with JWT_SECRET",
            |p| set(p, "ANON_KEY", sign("anon", 365, OTHER_JWT_SECRET)),
        ),
        (
            "SERVICE_ROLE_KEY",
            "wrong role",
            "carries role \"anon\"",
            |p| set(p, "SERVICE_ROLE_KEY", sign("anon", 365, JWT_SECRET)),
        ),
        ("ANON_KEY", "expired", "expired on", |p| {
            set(p, "ANON_KEY", sign("anon", -2, JWT_SECRET))
        }),
        (
            "VAULT_ENC_KEY",
            "wrong length",
            "Unknown cipher or invalid key size",
            |p| {
                set(
                    p,
                    "VAULT_ENC_KEY",
                    STANDARD.encode(b"Vault-Key-Of-Thirty-Two-Bytes-!!"),
                )
            },
        ),
        ("POSTGRES_PASSWORD", "missing", "openssl rand", |p| {
            p.retain(|(k, _)| *k != "POSTGRES_PASSWORD")
        }),
        ("POOLER_PROXY_PORT_TRANSACTION", "missing", "6543", |p| {
            p.retain(|(k, _)| *k != "POOLER_PROXY_PORT_TRANSACTION")
        }),
        (
            "POOLER_PROXY_PORT_TRANSACTION",
            "port clash",
            "both 5432",
            |p| set(p, "POOLER_PROXY_PORT_TRANSACTION", "5432".into()),
        ),
    ];

    for (variable, status, finding, change) in cases {
        let mut pairs = healthy_env();
        change(&mut pairs);
        let mut secrets = secrets_of(&pairs);
        secrets.extend(secrets_of(&healthy_env()));
        secrets.push(OTHER_JWT_SECRET.to_string());
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();

        for format in ["table", "markdown", "json"] {
            let run = run_env(&pairs, format);
            assert_eq!(run.code, 1, "{variable}: {}", run.all_output());
            assert!(run.stdout.contains(variable), "{variable}");
            assert_no_secret(&run, &secrets);
        }
        let doc = json(&run_env(&pairs, "json"));
        let row = variable_row(&doc, variable);
        assert_eq!(row["status"]["level"], "error", "{row}");
        assert_eq!(row["status"]["text"], status, "{row}");
        assert!(row["finding"].as_str().unwrap().contains(finding), "{row}");
    }
}

#[test]
fn unreadable_env_file_is_bad_input() {
    let run = doctor(&[
        "--env-file",
        "/nonexistent/supabase/.env",
        "--database-url",
        &server().url("postgres"),
    ]);
    assert_one_line_error(&run, 2, "/nonexistent/supabase/.env");
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn malformed_env_file_names_the_line_not_its_content() {
    let run = pharmctl()
        .file(
            ".env",
            &format!("JWT_SECRET={JWT_SECRET}\n{POSTGRES_PASSWORD}\n"),
        )
        .args([
            "doctor",
            "--env-file",
            ".env",
            "--database-url",
            &server().url("postgres"),
        ])
        .run();
    assert_one_line_error(&run, 2, "line 2 of env file .env");
    assert_no_secret(&run, &[JWT_SECRET, POSTGRES_PASSWORD]);
}

#[test]
fn env_file_transaction_port_is_probed_on_the_database_host() {
    let bouncer = bouncer(false, "transaction", 2);
    let mut pairs = healthy_env();
    pairs.retain(|(key, _)| *key != "POOLER_PROXY_PORT_TRANSACTION");
    pairs.push(("POOLER_PROXY_PORT_TRANSACTION", bouncer.port.to_string()));
    let doc = json(&run_env(&pairs, "json"));
    let probe = fact(&doc, "env_file", "transaction_port");
    assert_eq!(probe["value"], format!("127.0.0.1:{}", bouncer.port));
    assert_eq!(probe["status"]["text"], "listening");

    drop(bouncer);
    let run = run_env(&pairs, "json");
    assert_eq!(
        run.code,
        0,
        "a silent port is a warning: {}",
        run.all_output()
    );
    let doc = json(&run);
    assert_eq!(
        fact(&doc, "env_file", "transaction_port")["status"]["level"],
        "warn"
    );
}
