//! Judging a Supabase self-hosting `.env`: the JWT secret and the two API keys signed with
//! it, the vault key Supavisor encrypts tenant credentials with, the database password and the
//! pooler's ports and sizes. One row per variable, each fault with its fix.
//!
//! No value is ever put into the report, not even in part: only facts about values (set or
//! not, a length, a port number, which role a key carries, when it expires).
//!
//! About `VAULT_ENC_KEY`: Supavisor's `config/runtime.exs` hands the variable's text to Cloak's
//! `AES.GCM` cipher as the key without decoding it (neither Base64 nor hex), and that cipher
//! runs AES-256-GCM, which takes exactly 32 bytes of key. Any other length makes Erlang's
//! `:crypto` fail with "Unknown cipher or invalid key size" when the vault first encrypts,
//! and the pooler restarts. So the rule is exactly 32 bytes of text; a Base64 encoding of 32
//! random bytes (44 characters) is wrong, 32 hex characters (`openssl rand -hex 16`) are right.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::envfile::EnvFile;
use super::jwt::{self, Rejection};
use crate::report::{Level, Section, Status, Table, Value};

/// Shortest JWT secret Supabase's services accept.
const JWT_SECRET_MIN: usize = 32;
/// The key length AES-256-GCM takes.
const VAULT_KEY_BYTES: usize = 32;
/// Shortest `SECRET_KEY_BASE` Phoenix accepts for signing cookies.
const SECRET_KEY_BASE_MIN: usize = 64;
/// A key expiring within this many days is flagged.
const EXPIRY_WARNING_DAYS: i64 = 30;

/// Placeholders from Supabase's published `.env.example`: public, so never secret.
const EXAMPLE_VALUES: &[(&str, &str)] = &[
    (
        "POSTGRES_PASSWORD",
        "your-super-secret-and-long-postgres-password",
    ),
    (
        "JWT_SECRET",
        "your-super-secret-jwt-token-with-at-least-32-characters-long",
    ),
    ("VAULT_ENC_KEY", "your-32-character-encryption-key"),
    ("VAULT_ENC_KEY", "your-encryption-key-32-chars-min"),
    ("POOLER_TENANT_ID", "your-tenant-id"),
];

/// Roles a key may name in the report; any other claim value is not echoed.
const KNOWN_ROLES: &[&str] = &["anon", "authenticated", "service_role"];

/// One judged variable.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// The variable's name.
    pub variable: &'static str,
    /// The short verdict.
    pub status: Status,
    /// A full sentence: what was found and, for a fault, the fix.
    pub finding: String,
}

impl Verdict {
    fn new(variable: &'static str, level: Level, text: &str, finding: String) -> Self {
        Self {
            variable,
            status: Status::new(level, text),
            finding,
        }
    }
}

/// Judges every variable the doctor knows; `now` is seconds since the epoch.
pub fn judge(env: &EnvFile, now: i64) -> Vec<Verdict> {
    vec![
        postgres_password(env),
        jwt_secret(env),
        api_key(env, "ANON_KEY", "anon", now),
        api_key(env, "SERVICE_ROLE_KEY", "service_role", now),
        vault_key(env),
        secret_key_base(env),
        port(
            env,
            "POSTGRES_PORT",
            "the session-mode port Supavisor listens on",
        ),
        transaction_port(env),
        tenant_id(env),
        pool_number(
            env,
            "POOLER_DEFAULT_POOL_SIZE",
            "server connections per pool",
        ),
        pool_number(env, "POOLER_MAX_CLIENT_CONN", "client connections per pool"),
    ]
}

/// The report section for an env file.
pub fn section(env: &EnvFile, verdicts: &[Verdict]) -> Section {
    let mut section = Section::new("env_file", "Supabase .env");
    section.fact("path", "File", Value::Text(env.path.display().to_string()));
    let faults = verdicts
        .iter()
        .filter(|v| v.status.level == Level::Error)
        .count();
    let summary = match faults {
        0 => Status::new(Level::Ok, "no faults"),
        1 => Status::new(Level::Error, "1 fault"),
        n => Status::new(Level::Error, format!("{n} faults")),
    };
    section.judged("faults", "Faults", Value::Int(faults as i64), summary);

    let mut table = Table::new(
        "variables",
        &[
            ("variable", "Variable"),
            ("status", "Status"),
            ("finding", "Finding"),
        ],
    );
    for verdict in verdicts {
        table.rows.push(vec![
            Value::Text(verdict.variable.to_string()),
            Value::Status(verdict.status.clone()),
            Value::Text(verdict.finding.clone()),
        ]);
    }
    section.tables.push(table);
    section
}

fn missing(variable: &'static str, why: &str) -> Verdict {
    Verdict::new(
        variable,
        Level::Error,
        "missing",
        format!("{variable} is not set: {why}."),
    )
}

fn is_example(variable: &str, value: &str) -> bool {
    EXAMPLE_VALUES
        .iter()
        .any(|&(name, example)| name == variable && example == value)
}

fn example(variable: &'static str, fix: &str) -> Verdict {
    let finding = format!(
        "{variable} still holds the placeholder from Supabase's published .env.example, which \
         anyone can read; {fix}."
    );
    Verdict::new(variable, Level::Error, "example value", finding)
}

fn postgres_password(env: &EnvFile) -> Verdict {
    const NAME: &str = "POSTGRES_PASSWORD";
    const FIX: &str = "set a long random password, e.g. from `openssl rand -hex 24`";
    let Some(value) = env.get(NAME) else {
        return missing(
            NAME,
            &format!("the database, the pooler and the API cannot log in; {FIX}"),
        );
    };
    if is_example(NAME, value) {
        return example(NAME, FIX);
    }
    Verdict::new(NAME, Level::Ok, "ok", "Set.".to_string())
}

fn jwt_secret(env: &EnvFile) -> Verdict {
    const NAME: &str = "JWT_SECRET";
    const FIX: &str = "generate one with `openssl rand -hex 32` and sign ANON_KEY and \
                       SERVICE_ROLE_KEY again with it";
    let Some(value) = env.get(NAME) else {
        return missing(NAME, &format!("no API key can be verified; {FIX}"));
    };
    if is_example(NAME, value) {
        return example(NAME, FIX);
    }
    let length = value.chars().count();
    if length < JWT_SECRET_MIN {
        let finding = format!(
            "{NAME} has {length} characters; Supabase's services need at least \
             {JWT_SECRET_MIN}; {FIX}."
        );
        return Verdict::new(NAME, Level::Error, "too short", finding);
    }
    Verdict::new(NAME, Level::Ok, "ok", format!("Set, {length} characters."))
}

fn api_key(env: &EnvFile, name: &'static str, role: &str, now: i64) -> Verdict {
    let fix = format!(
        "sign a new HS256 token with the claim \"role\": \"{role}\" using JWT_SECRET and put it \
         in {name}"
    );
    let Some(token) = env.get(name) else {
        return missing(name, &format!("the API gateway has no {role} key; {fix}"));
    };
    let Some(secret) = env.get("JWT_SECRET") else {
        let finding = format!("{name} cannot be checked without JWT_SECRET.");
        return Verdict::new(name, Level::Warn, "not verified", finding);
    };
    match jwt::verify(token, secret.as_bytes()) {
        Err(rejection) => rejected(name, &rejection, &fix),
        Ok(claims) => judge_claims(name, role, &claims, now, &fix),
    }
}

fn rejected(name: &'static str, rejection: &Rejection, fix: &str) -> Verdict {
    match rejection {
        Rejection::Malformed => Verdict::new(
            name,
            Level::Error,
            "not a JWT",
            format!("{name} is not a JSON Web Token (three Base64url parts); {fix}."),
        ),
        Rejection::Algorithm(algorithm) => Verdict::new(
            name,
            Level::Error,
            "wrong algorithm",
            format!("{name} is signed with {algorithm}, but Supabase verifies HS256; {fix}."),
        ),
        Rejection::Signature => Verdict::new(
            name,
            Level::Error,
            "bad signature",
            format!(
                "{name} does not verify with JWT_SECRET, so every request carrying it is \
                 rejected; it was signed with another secret: {fix} (or restore the secret it \
                 was signed with)."
            ),
        ),
    }
}

fn judge_claims(
    name: &'static str,
    role: &str,
    claims: &jwt::Claims,
    now: i64,
    fix: &str,
) -> Verdict {
    if claims.role.as_deref() != Some(role) {
        let found = match claims.role.as_deref() {
            Some(other) if KNOWN_ROLES.contains(&other) => format!("role \"{other}\""),
            Some(_) => "an unexpected role".to_string(),
            None => "no role claim".to_string(),
        };
        let danger = if role == "anon" && claims.role.as_deref() == Some("service_role") {
            " (a public key with full access that bypasses row level security)"
        } else {
            ""
        };
        let finding = format!("{name} carries {found}{danger}, not \"{role}\"; {fix}.");
        return Verdict::new(name, Level::Error, "wrong role", finding);
    }
    expiry(name, claims.expires_at, now, fix)
}

fn expiry(name: &'static str, expires_at: Option<i64>, now: i64, fix: &str) -> Verdict {
    let Some(expires_at) = expires_at else {
        let finding = "Verifies, role as expected; no exp claim, so it never expires.".to_string();
        return Verdict::new(name, Level::Ok, "ok", finding);
    };
    let date = chrono::DateTime::from_timestamp(expires_at, 0).map_or_else(
        || "an unreadable date".to_string(),
        |d| d.format("%Y-%m-%d").to_string(),
    );
    if expires_at <= now {
        let finding =
            format!("{name} expired on {date}, so every request carrying it fails; {fix}.");
        return Verdict::new(name, Level::Error, "expired", finding);
    }
    if expires_at - now < EXPIRY_WARNING_DAYS * 86_400 {
        let finding = format!("{name} expires on {date}; {fix} before then.");
        return Verdict::new(name, Level::Warn, "expires soon", finding);
    }
    let finding = format!("Verifies with JWT_SECRET, role as expected, valid until {date}.");
    Verdict::new(name, Level::Ok, "ok", finding)
}

fn vault_key(env: &EnvFile) -> Verdict {
    const NAME: &str = "VAULT_ENC_KEY";
    const FIX: &str = "set exactly 32 characters, e.g. `openssl rand -hex 16`";
    let Some(value) = env.get(NAME) else {
        return missing(
            NAME,
            &format!("Supavisor cannot encrypt tenant credentials; {FIX}"),
        );
    };
    if is_example(NAME, value) {
        return example(NAME, FIX);
    }
    let bytes = value.len();
    if bytes == VAULT_KEY_BYTES {
        return Verdict::new(
            NAME,
            Level::Ok,
            "ok",
            "32 bytes, as AES-256-GCM needs.".to_string(),
        );
    }
    let hint = if STANDARD
        .decode(value)
        .is_ok_and(|key| key.len() == VAULT_KEY_BYTES)
    {
        " (it looks like the Base64 encoding of a 32-byte key, but Supavisor does not decode it)"
    } else {
        ""
    };
    let finding = format!(
        "{NAME} is {bytes} bytes{hint}; Supavisor uses the text as it is as an AES-256-GCM key, \
         which must be exactly 32 bytes, else the pooler keeps restarting with \"Unknown cipher \
         or invalid key size\"; {FIX}."
    );
    Verdict::new(NAME, Level::Error, "wrong length", finding)
}

fn secret_key_base(env: &EnvFile) -> Verdict {
    const NAME: &str = "SECRET_KEY_BASE";
    const FIX: &str = "generate one with `openssl rand -base64 48`";
    let Some(value) = env.get(NAME) else {
        return missing(
            NAME,
            &format!("Supavisor and Realtime refuse to start; {FIX}"),
        );
    };
    if value.len() < SECRET_KEY_BASE_MIN {
        let finding = format!(
            "{NAME} is {} bytes; Supavisor and Realtime sign with it and Phoenix wants at least \
             {SECRET_KEY_BASE_MIN}; {FIX}.",
            value.len()
        );
        return Verdict::new(NAME, Level::Warn, "short", finding);
    }
    Verdict::new(NAME, Level::Ok, "ok", "Set.".to_string())
}

/// A TCP port number, or why the text is not one.
fn parse_port(text: &str) -> Option<u16> {
    text.trim().parse::<u16>().ok().filter(|port| *port > 0)
}

fn port(env: &EnvFile, name: &'static str, role: &str) -> Verdict {
    let Some(text) = env.get(name) else {
        return missing(name, &format!("it is {role}; set it (5432 by default)"));
    };
    let Some(port) = parse_port(text) else {
        let finding = format!("{name} is not a port number (1 to 65535); it is {role}.");
        return Verdict::new(name, Level::Error, "not a port", finding);
    };
    Verdict::new(name, Level::Ok, "ok", format!("Port {port}: {role}."))
}

fn transaction_port(env: &EnvFile) -> Verdict {
    const NAME: &str = "POOLER_PROXY_PORT_TRANSACTION";
    let role = "the transaction-mode port Supavisor listens on";
    let Some(text) = env.get(NAME) else {
        return missing(NAME, &format!("it is {role}; set it (6543 by default)"));
    };
    let verdict = port(env, NAME, role);
    let session = env.get("POSTGRES_PORT").and_then(parse_port);
    match (parse_port(text), session) {
        (Some(port), Some(session)) if port == session => {
            let finding = format!(
                "{NAME} and POSTGRES_PORT are both {port}; session and transaction mode need \
                 ports of their own (5432 and 6543 by default)."
            );
            Verdict::new(NAME, Level::Error, "port clash", finding)
        }
        _ => verdict,
    }
}

fn tenant_id(env: &EnvFile) -> Verdict {
    const NAME: &str = "POOLER_TENANT_ID";
    let Some(value) = env.get(NAME) else {
        return missing(
            NAME,
            "clients log in through Supavisor as user.tenant; set a tenant id",
        );
    };
    if is_example(NAME, value) {
        let finding = format!(
            "{NAME} is the placeholder from .env.example; it works, but pick a name of your own."
        );
        return Verdict::new(NAME, Level::Warn, "example value", finding);
    }
    Verdict::new(NAME, Level::Ok, "ok", "Set.".to_string())
}

fn pool_number(env: &EnvFile, name: &'static str, what: &str) -> Verdict {
    let Some(text) = env.get(name) else {
        let finding = format!("{name} is not set; Supavisor falls back to its default ({what}).");
        return Verdict::new(name, Level::Warn, "missing", finding);
    };
    match text.trim().parse::<u32>() {
        Ok(n) if n > 0 => Verdict::new(name, Level::Ok, "ok", format!("{n} {what}.")),
        _ => {
            let finding = format!("{name} is not a positive whole number ({what}).");
            Verdict::new(name, Level::Error, "not a number", finding)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;

    const NOW: i64 = 1_800_000_000;
    const SECRET: &str = "0123456789abcdef0123456789abcdef-secret";

    fn key(role: &str, exp: i64, secret: &str) -> String {
        jwt::sign(
            &json!({"role": role, "iss": "supabase", "exp": exp}),
            secret.as_bytes(),
        )
    }

    fn healthy() -> Vec<(&'static str, String)> {
        vec![
            ("POSTGRES_PASSWORD", "pw-Very-Private-1".to_string()),
            ("JWT_SECRET", SECRET.to_string()),
            ("ANON_KEY", key("anon", NOW + 400 * 86_400, SECRET)),
            (
                "SERVICE_ROLE_KEY",
                key("service_role", NOW + 400 * 86_400, SECRET),
            ),
            (
                "VAULT_ENC_KEY",
                "0123456789abcdef0123456789abcdef".to_string(),
            ),
            ("SECRET_KEY_BASE", "k".repeat(64)),
            ("POSTGRES_PORT", "5432".to_string()),
            ("POOLER_PROXY_PORT_TRANSACTION", "6543".to_string()),
            ("POOLER_TENANT_ID", "pharmacy".to_string()),
            ("POOLER_DEFAULT_POOL_SIZE", "20".to_string()),
            ("POOLER_MAX_CLIENT_CONN", "100".to_string()),
        ]
    }

    fn env_of(pairs: &[(&str, String)]) -> EnvFile {
        let text: String = pairs.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
        EnvFile::parse(Path::new(".env"), &text).unwrap()
    }

    /// The verdict on `variable` once `change` was applied to a healthy file.
    fn verdict_with(variable: &str, change: impl Fn(&mut Vec<(&'static str, String)>)) -> Verdict {
        let mut pairs = healthy();
        change(&mut pairs);
        let verdicts = judge(&env_of(&pairs), NOW);
        verdicts
            .into_iter()
            .find(|v| v.variable == variable)
            .unwrap()
    }

    fn set(pairs: &mut [(&'static str, String)], name: &str, value: String) {
        pairs.iter_mut().find(|(k, _)| *k == name).unwrap().1 = value;
    }

    #[test]
    fn a_healthy_file_has_no_fault() {
        let verdicts = judge(&env_of(&healthy()), NOW);
        for verdict in &verdicts {
            assert_eq!(verdict.status.level, Level::Ok, "{verdict:?}");
        }
        assert_eq!(verdicts.len(), 11);
    }

    #[test]
    fn each_fault_is_an_error_with_a_fix() {
        type Change = Box<dyn Fn(&mut Vec<(&'static str, String)>)>;
        let cases: Vec<(&str, &str, Change)> = vec![
            (
                "JWT_SECRET",
                "too short",
                Box::new(|p| set(p, "JWT_SECRET", "short".into())),
            ),
            (
                "ANON_KEY",
                "bad signature",
                Box::new(|p| {
                    set(
                        p,
                        "ANON_KEY",
                        key("anon", NOW + 86_400 * 90, "another-secret-entirely-0000000"),
                    )
                }),
            ),
            (
                "SERVICE_ROLE_KEY",
                "wrong role",
                Box::new(|p| {
                    set(
                        p,
                        "SERVICE_ROLE_KEY",
                        key("anon", NOW + 86_400 * 90, SECRET),
                    )
                }),
            ),
            (
                "ANON_KEY",
                "expired",
                Box::new(|p| set(p, "ANON_KEY", key("anon", NOW - 60, SECRET))),
            ),
            (
                "ANON_KEY",
                "not a JWT",
                Box::new(|p| set(p, "ANON_KEY", "plain-text".into())),
            ),
            (
                "VAULT_ENC_KEY",
                "wrong length",
                Box::new(|p| set(p, "VAULT_ENC_KEY", STANDARD.encode([7u8; 32]))),
            ),
            (
                "POSTGRES_PASSWORD",
                "missing",
                Box::new(|p| p.retain(|(k, _)| *k != "POSTGRES_PASSWORD")),
            ),
            (
                "POOLER_PROXY_PORT_TRANSACTION",
                "missing",
                Box::new(|p| p.retain(|(k, _)| *k != "POOLER_PROXY_PORT_TRANSACTION")),
            ),
            (
                "POOLER_PROXY_PORT_TRANSACTION",
                "port clash",
                Box::new(|p| set(p, "POOLER_PROXY_PORT_TRANSACTION", "5432".into())),
            ),
            (
                "POSTGRES_PORT",
                "not a port",
                Box::new(|p| set(p, "POSTGRES_PORT", "70000".into())),
            ),
            (
                "JWT_SECRET",
                "example value",
                Box::new(|p| {
                    set(
                        p,
                        "JWT_SECRET",
                        "your-super-secret-jwt-token-with-at-least-32-characters-long".into(),
                    )
                }),
            ),
        ];
        for (variable, text, change) in cases {
            let verdict = verdict_with(variable, change);
            assert_eq!(
                verdict.status.level,
                Level::Error,
                "{variable}: {verdict:?}"
            );
            assert_eq!(verdict.status.text, text, "{variable}: {verdict:?}");
            assert!(verdict.finding.ends_with('.'), "{verdict:?}");
        }
    }

    #[test]
    fn base64_vault_key_gets_the_decoding_hint() {
        let verdict = verdict_with("VAULT_ENC_KEY", |p| {
            set(p, "VAULT_ENC_KEY", STANDARD.encode([9u8; 32]))
        });
        assert!(
            verdict.finding.contains("is 44 bytes"),
            "{}",
            verdict.finding
        );
        assert!(
            verdict.finding.contains("does not decode it"),
            "{}",
            verdict.finding
        );
        assert!(
            verdict.finding.contains("openssl rand -hex 16"),
            "{}",
            verdict.finding
        );
    }

    #[test]
    fn a_public_key_with_service_role_is_called_out() {
        let verdict = verdict_with("ANON_KEY", |p| {
            set(
                p,
                "ANON_KEY",
                key("service_role", NOW + 86_400 * 90, SECRET),
            )
        });
        assert!(
            verdict.finding.contains("bypasses row level security"),
            "{}",
            verdict.finding
        );
    }

    #[test]
    fn a_key_expiring_soon_is_a_warning() {
        let verdict = verdict_with("ANON_KEY", |p| {
            set(p, "ANON_KEY", key("anon", NOW + 86_400 * 3, SECRET))
        });
        assert_eq!(verdict.status.level, Level::Warn);
    }

    #[test]
    fn no_verdict_quotes_a_value() {
        let mut pairs = healthy();
        set(
            &mut pairs,
            "ANON_KEY",
            key("anon", NOW - 5, "another-secret-entirely-0000000"),
        );
        set(&mut pairs, "VAULT_ENC_KEY", "short-vault-key".into());
        set(&mut pairs, "JWT_SECRET", "tiny".into());
        let verdicts = judge(&env_of(&pairs), NOW);
        for verdict in &verdicts {
            for (name, value) in &pairs {
                if [
                    "POSTGRES_PORT",
                    "POOLER_PROXY_PORT_TRANSACTION",
                    "POOLER_DEFAULT_POOL_SIZE",
                    "POOLER_MAX_CLIENT_CONN",
                ]
                .contains(name)
                {
                    continue;
                }
                let text = format!("{} {}", verdict.status.text, verdict.finding);
                assert!(!text.contains(value.as_str()), "{name} leaked in {text}");
            }
        }
    }
}
