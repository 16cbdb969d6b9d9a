//! Connection parameters resolved the way psql and libpq resolve them: a `postgres://` URL or a
//! `keyword=value` string first, then the `PG*` environment variables, then the password file,
//! then the built-in defaults. Owns parsing, the password file lookup and the redacted forms
//! used in logs and errors; connecting is `connect`'s job.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::{Error, Result};

mod conninfo;
mod passfile;

use conninfo::parse_conninfo;
use passfile::passfile_password;

/// How hard to insist on TLS, with libpq's six levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    /// Never use TLS.
    Disable,
    /// Use TLS when the server offers it (approximated as `prefer`).
    Allow,
    /// Use TLS when the server offers it, without verifying the certificate.
    Prefer,
    /// Insist on TLS; verify the chain only when a root certificate file exists.
    Require,
    /// Insist on TLS and verify the chain against the root certificate, not the host name.
    VerifyCa,
    /// Insist on TLS and verify both the chain and the host name.
    VerifyFull,
}

/// One server to try: a TCP host name or address, or a unix-socket directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    /// A host name or IP address, reached over TCP.
    Tcp(String),
    /// A directory holding the server's unix socket.
    Socket(PathBuf),
}

/// Everything needed to open a session; the password is only ever handed to the driver.
#[derive(Clone)]
pub struct ConnParams {
    /// Servers to try in order.
    pub hosts: Vec<Host>,
    /// TCP port, also the number in the unix socket's file name.
    pub port: u16,
    /// Role to log in as.
    pub user: String,
    /// Password, if one was given or found in the password file.
    pub password: Option<String>,
    /// Database to connect to.
    pub dbname: String,
    /// TLS policy.
    pub sslmode: SslMode,
    /// Root certificate file for verifying the server, when given.
    pub sslrootcert: Option<PathBuf>,
    /// Reported to the server as `application_name`.
    pub application_name: String,
    /// Limit for reaching and authenticating with one host; zero means no limit.
    pub connect_timeout: Duration,
}

/// Keywords pharmctl understands, each with the environment variable libpq reads for it.
const KEYWORDS: &[(&str, &str)] = &[
    ("host", "PGHOST"),
    ("hostaddr", "PGHOSTADDR"),
    ("port", "PGPORT"),
    ("user", "PGUSER"),
    ("password", "PGPASSWORD"),
    ("dbname", "PGDATABASE"),
    ("sslmode", "PGSSLMODE"),
    ("sslrootcert", "PGSSLROOTCERT"),
    ("application_name", "PGAPPNAME"),
    ("connect_timeout", "PGCONNECT_TIMEOUT"),
    ("passfile", "PGPASSFILE"),
];

/// libpq keywords that pharmctl recognises but does not act on.
const UNSUPPORTED: &[&str] = &[
    "channel_binding",
    "client_encoding",
    "gssdelegation",
    "gssencmode",
    "gsslib",
    "keepalives",
    "keepalives_count",
    "keepalives_idle",
    "keepalives_interval",
    "krbsrvname",
    "load_balance_hosts",
    "replication",
    "require_auth",
    "requirepeer",
    "service",
    "ssl_max_protocol_version",
    "ssl_min_protocol_version",
    "sslcertmode",
    "sslcompression",
    "sslcrl",
    "sslcrldir",
    "sslnegotiation",
    "sslpassword",
    "sslsni",
    "target_session_attrs",
    "tcp_user_timeout",
];

/// Characters left as they are when a URL component is written back out.
const URL_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

const SSLMODES: &str = "disable, allow, prefer, require, verify-ca, verify-full";
const CONNINFO_HELP: &str = "give a postgres://user@host:port/database URL or keyword=value \
                             pairs such as \"host=db port=5432 dbname=app\", as psql accepts";

impl SslMode {
    /// Whether the mode refuses a connection without TLS.
    pub fn requires_tls(self) -> bool {
        matches!(self, Self::Require | Self::VerifyCa | Self::VerifyFull)
    }
}

impl fmt::Display for SslMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Disable => "disable",
            Self::Allow => "allow",
            Self::Prefer => "prefer",
            Self::Require => "require",
            Self::VerifyCa => "verify-ca",
            Self::VerifyFull => "verify-full",
        })
    }
}

impl FromStr for SslMode {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Self, String> {
        match text {
            "disable" => Ok(Self::Disable),
            "allow" => Ok(Self::Allow),
            "prefer" => Ok(Self::Prefer),
            "require" => Ok(Self::Require),
            "verify-ca" => Ok(Self::VerifyCa),
            "verify-full" => Ok(Self::VerifyFull),
            _ => Err(format!("sslmode \"{text}\" is not one of {SSLMODES}")),
        }
    }
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Tcp(name) => f.write_str(name),
            Self::Socket(dir) => write!(f, "{}", dir.display()),
        }
    }
}

impl Host {
    /// Reads one host entry: a leading `/` means a unix-socket directory.
    fn parse(text: &str) -> Self {
        if text.starts_with('/') {
            Self::Socket(PathBuf::from(text))
        } else {
            Self::Tcp(text.to_string())
        }
    }

    /// The host name the password file is matched against (`localhost` for sockets).
    fn passfile_name(&self) -> &str {
        match self {
            Self::Tcp(name) => name,
            Self::Socket(_) => "localhost",
        }
    }
}

impl ConnParams {
    /// conninfo: a postgres:// or postgresql:// URL, or a libpq key=value string, or None.
    /// env: lookup of environment variables (tests inject a closure; production passes
    /// |k| std::env::var(k).ok()).
    pub fn resolve(conninfo: Option<&str>, env: &dyn Fn(&str) -> Option<String>) -> Result<Self> {
        let given = match conninfo {
            Some(text) => parse_conninfo(text).map_err(|msg| invalid("connection string", &msg))?,
            None => Vec::new(),
        };
        let sources = Sources { given, env };

        let user = match sources.get("user") {
            Some(value) => value.text,
            None => default_user(env)?,
        };
        let mut params = Self {
            hosts: sources.hosts(),
            port: sources.parse("port", parse_port)?.unwrap_or(5432),
            dbname: sources
                .get("dbname")
                .map_or_else(|| user.clone(), |value| value.text),
            user,
            password: sources.get("password").map(|value| value.text),
            sslmode: sources
                .parse("sslmode", |text| text.parse())?
                .unwrap_or(SslMode::Prefer),
            sslrootcert: sources
                .get("sslrootcert")
                .map(|value| PathBuf::from(value.text)),
            application_name: sources
                .get("application_name")
                .map_or_else(|| "pharmctl".to_string(), |value| value.text),
            connect_timeout: sources
                .parse("connect_timeout", parse_timeout)?
                .unwrap_or(Duration::from_secs(10)),
        };

        if params.password.is_none() {
            params.password = passfile_password(&params, &sources);
        }
        Ok(params)
    }

    /// One-line description for errors/logs: e.g. `host 127.0.0.1 port 5432 database app user bob`
    pub fn target(&self) -> String {
        format!(
            "host {} port {} database {} user {}",
            self.host_list(),
            self.port,
            self.dbname,
            self.user
        )
    }

    /// The hosts joined by commas, as they would appear in a `host=` keyword.
    pub fn host_list(&self) -> String {
        let names: Vec<String> = self.hosts.iter().map(Host::to_string).collect();
        names.join(",")
    }

    /// URL with the password removed (never printed), e.g. postgres://bob@127.0.0.1:5432/app
    pub fn redacted_url(&self) -> String {
        let hosts: Vec<String> = self.hosts.iter().map(|host| self.url_host(host)).collect();
        let mut url = format!(
            "postgres://{}@{}/{}",
            utf8_percent_encode(&self.user, URL_COMPONENT),
            hosts.join(","),
            utf8_percent_encode(&self.dbname, URL_COMPONENT)
        );
        if self.sslmode != SslMode::Prefer {
            url.push_str(&format!("?sslmode={}", self.sslmode));
        }
        url
    }

    /// Builds the tokio_postgres::Config (password included, only ever handed to the driver).
    pub fn to_config(&self) -> tokio_postgres::Config {
        let mut config = self.config_without_hosts();
        for host in &self.hosts {
            add_host(&mut config, host);
        }
        config.ssl_mode(crate::db::tls::driver_ssl_mode(self.sslmode));
        config
    }

    /// The driver configuration for one host; TLS is never attempted over a unix socket,
    /// as libpq never attempts it there.
    pub(crate) fn config_for(&self, host: &Host) -> tokio_postgres::Config {
        let mut config = self.config_without_hosts();
        add_host(&mut config, host);
        let mode = match host {
            Host::Tcp(_) => crate::db::tls::driver_ssl_mode(self.sslmode),
            Host::Socket(_) => tokio_postgres::config::SslMode::Disable,
        };
        config.ssl_mode(mode);
        config
    }

    fn config_without_hosts(&self) -> tokio_postgres::Config {
        let mut config = tokio_postgres::Config::new();
        config
            .port(self.port)
            .user(&self.user)
            .dbname(&self.dbname)
            .application_name(&self.application_name);
        if let Some(password) = &self.password {
            config.password(password);
        }
        if !self.connect_timeout.is_zero() {
            config.connect_timeout(self.connect_timeout);
        }
        config
    }

    fn url_host(&self, host: &Host) -> String {
        let name = match host {
            Host::Tcp(name) if name.contains(':') => format!("[{name}]"),
            Host::Tcp(name) => name.clone(),
            Host::Socket(dir) => {
                utf8_percent_encode(&dir.to_string_lossy(), URL_COMPONENT).to_string()
            }
        };
        format!("{name}:{}", self.port)
    }
}

impl fmt::Debug for ConnParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnParams")
            .field("hosts", &self.hosts)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("dbname", &self.dbname)
            .field("sslmode", &self.sslmode)
            .field("sslrootcert", &self.sslrootcert)
            .field("application_name", &self.application_name)
            .field("connect_timeout", &self.connect_timeout)
            .finish()
    }
}

fn add_host(config: &mut tokio_postgres::Config, host: &Host) {
    match host {
        Host::Tcp(name) => config.host(name),
        Host::Socket(dir) => config.host_path(dir),
    };
}

fn invalid(origin: &str, message: &str) -> Error {
    Error::usage(format!("invalid {origin}: {message}")).with_help(CONNINFO_HELP)
}

/// A setting's text and where it came from (for error messages).
struct Value {
    text: String,
    origin: String,
}

/// The conninfo pairs in order (later ones win) plus the environment.
struct Sources<'a> {
    given: Vec<(&'static str, String)>,
    env: &'a dyn Fn(&str) -> Option<String>,
}

impl Sources<'_> {
    /// The conninfo value for a keyword, else its environment variable; empty means unset.
    fn get(&self, keyword: &str) -> Option<Value> {
        let given = self.given.iter().rev().find(|(key, _)| *key == keyword);
        if let Some((_, text)) = given.filter(|(_, text)| !text.is_empty()) {
            let origin = "connection string".to_string();
            return Some(Value {
                text: text.clone(),
                origin,
            });
        }

        let (_, var) = KEYWORDS.iter().find(|(key, _)| *key == keyword)?;
        let text = (self.env)(var).filter(|text| !text.is_empty())?;
        Some(Value {
            text,
            origin: var.to_string(),
        })
    }

    /// Parses a setting, naming its origin when the text is bad.
    fn parse<T>(
        &self,
        keyword: &str,
        parse: impl Fn(&str) -> std::result::Result<T, String>,
    ) -> Result<Option<T>> {
        let Some(value) = self.get(keyword) else {
            return Ok(None);
        };
        parse(&value.text)
            .map(Some)
            .map_err(|msg| invalid(&value.origin, &msg))
    }

    /// `host` (or `hostaddr` when no host is given), split on commas; else the socket dir.
    fn hosts(&self) -> Vec<Host> {
        let Some(value) = self.get("host").or_else(|| self.get("hostaddr")) else {
            return vec![default_host()];
        };
        value
            .text
            .split(',')
            .map(|entry| {
                if entry.is_empty() {
                    default_host()
                } else {
                    Host::parse(entry)
                }
            })
            .collect()
    }
}

fn default_host() -> Host {
    let dir = Path::new("/var/run/postgresql");
    if dir.is_dir() {
        Host::Socket(dir.to_path_buf())
    } else {
        Host::Socket(PathBuf::from("/tmp"))
    }
}

fn default_user(env: &dyn Fn(&str) -> Option<String>) -> Result<String> {
    if let Some(user) = env("USER").filter(|user| !user.is_empty()) {
        return Ok(user);
    }
    let uid = nix::unistd::getuid();
    let Ok(Some(account)) = nix::unistd::User::from_uid(uid) else {
        return Err(
            Error::usage(format!("could not find the user name for uid {uid}"))
                .with_help("set PGUSER or give user= in the connection string"),
        );
    };
    Ok(account.name)
}

/// One port, or a comma list in which every entry is the same (or empty).
fn parse_port(text: &str) -> std::result::Result<u16, String> {
    let mut port = None;
    for entry in text.split(',').filter(|entry| !entry.is_empty()) {
        let Ok(number) = entry.trim().parse::<u16>() else {
            return Err(format!("port \"{entry}\" is not a number from 1 to 65535"));
        };
        if number == 0 || port.is_some_and(|seen| seen != number) {
            return Err(format!("port \"{text}\" is not one port from 1 to 65535"));
        }
        port = Some(number);
    }
    port.ok_or_else(|| "port is empty".to_string())
}

/// Whole seconds; zero means no limit and 1 becomes 2, as libpq does.
fn parse_timeout(text: &str) -> std::result::Result<Duration, String> {
    let Ok(seconds) = text.trim().parse::<u64>() else {
        return Err(format!(
            "connect_timeout \"{text}\" is not a whole number of seconds"
        ));
    };
    let seconds = if seconds == 1 { 2 } else { seconds };
    Ok(Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::os::unix::fs::PermissionsExt;

    fn env_of(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |key| map.get(key).cloned()
    }

    fn resolve(conninfo: &str, vars: &[(&str, &str)]) -> Result<ConnParams> {
        let mut all = vec![("USER", "osuser"), ("HOME", "/nonexistent-home")];
        all.extend_from_slice(vars);
        ConnParams::resolve(Some(conninfo).filter(|c| !c.is_empty()), &env_of(&all))
    }

    fn usage_message(result: Result<ConnParams>) -> String {
        let err = result.expect_err("should fail");
        assert_eq!(err.kind(), crate::error::ErrorKind::Usage);
        assert!(err.help().is_some());
        err.message().to_string()
    }

    #[test]
    fn defaults_follow_libpq() {
        let p = resolve("", &[]).unwrap();
        assert!(matches!(p.hosts.as_slice(), [Host::Socket(_)]));
        assert_eq!(p.port, 5432);
        assert_eq!(p.user, "osuser");
        assert_eq!(p.dbname, "osuser");
        assert_eq!(p.password, None);
        assert_eq!(p.sslmode, SslMode::Prefer);
        assert_eq!(p.application_name, "pharmctl");
        assert_eq!(p.connect_timeout, Duration::from_secs(10));
    }

    #[test]
    fn url_with_userinfo_hosts_and_query() {
        let p = resolve(
            "postgresql://bob:p%40ss%3Aw@db1:6000,[::1]:6000/app%20db?sslmode=verify-full\
             &application_name=nightly&connect_timeout=1",
            &[],
        )
        .unwrap();
        assert_eq!(p.user, "bob");
        assert_eq!(p.password.as_deref(), Some("p@ss:w"));
        assert_eq!(
            p.hosts,
            vec![Host::Tcp("db1".into()), Host::Tcp("::1".into())]
        );
        assert_eq!(p.port, 6000);
        assert_eq!(p.dbname, "app db");
        assert_eq!(p.sslmode, SslMode::VerifyFull);
        assert_eq!(p.application_name, "nightly");
        assert_eq!(p.connect_timeout, Duration::from_secs(2));
    }

    #[test]
    fn url_socket_paths() {
        let p = resolve("postgresql://%2Fvar%2Frun%2Fpostgresql/db", &[]).unwrap();
        assert_eq!(p.hosts, vec![Host::Socket("/var/run/postgresql".into())]);
        assert_eq!(p.dbname, "db");

        let p = resolve("postgres:///db?host=/tmp/sock&port=5433", &[]).unwrap();
        assert_eq!(p.hosts, vec![Host::Socket("/tmp/sock".into())]);
        assert_eq!(p.port, 5433);
    }

    #[test]
    fn url_query_overrides_and_rejects() {
        let p = resolve(
            "postgres://u@h/db?ssl=true&fallback_application_name=x",
            &[],
        )
        .unwrap();
        assert_eq!(p.sslmode, SslMode::Require);
        assert!(usage_message(resolve("postgres://h/db?bogus=1", &[])).contains("\"bogus\""));
        assert!(usage_message(resolve("postgres://h:70000/db", &[])).contains("port"));
        assert!(usage_message(resolve("postgres://h:1,g:2/db", &[])).contains("one port"));
    }

    #[test]
    fn key_value_pairs_with_quotes_and_escapes() {
        let p = resolve(
            "host = db.internal port=5433 user='o\\'brien' password='a b\\\\c' dbname=app",
            &[],
        )
        .unwrap();
        assert_eq!(p.hosts, vec![Host::Tcp("db.internal".into())]);
        assert_eq!(p.port, 5433);
        assert_eq!(p.user, "o'brien");
        assert_eq!(p.password.as_deref(), Some("a b\\c"));
        assert_eq!(p.dbname, "app");
    }

    #[test]
    fn bad_input_never_echoes_the_password() {
        let cases = [
            "password=hunter2 sslmode=sometimes",
            "password=hunter2 nosuchkey=1",
            "password=hunter2 extra",
            "password='hunter2",
            "password=hunter 2",
            "postgres://u:hunter2@h/db?x=1",
            "postgres://u:hunter2@h:port/db",
        ];
        for case in cases {
            let message = usage_message(resolve(case, &[]));
            assert!(
                message.starts_with("invalid connection string: "),
                "{message}"
            );
            assert!(!message.contains("hunter"), "{message}");
        }
        assert!(usage_message(resolve("sslmode=sometimes", &[])).contains("\"sometimes\""));
        assert!(usage_message(resolve("nosuchkey=1", &[])).contains("\"nosuchkey\""));
        assert!(usage_message(resolve("options=-cx=1", &[])).contains("options"));
        assert!(usage_message(resolve("sslkey=/k", &[])).contains("client certificates"));
    }

    #[test]
    fn conninfo_beats_environment_beats_defaults() {
        let vars = [
            ("PGHOST", "envhost"),
            ("PGPORT", "6543"),
            ("PGUSER", "envuser"),
            ("PGPASSWORD", "envpw"),
            ("PGDATABASE", "envdb"),
            ("PGSSLMODE", "require"),
            ("PGSSLROOTCERT", "/certs/root.crt"),
            ("PGAPPNAME", "envapp"),
            ("PGCONNECT_TIMEOUT", "0"),
        ];
        let p = resolve("host=given dbname=givendb", &vars).unwrap();
        assert_eq!(p.hosts, vec![Host::Tcp("given".into())]);
        assert_eq!(p.dbname, "givendb");
        assert_eq!(p.port, 6543);
        assert_eq!(p.user, "envuser");
        assert_eq!(p.password.as_deref(), Some("envpw"));
        assert_eq!(p.sslmode, SslMode::Require);
        assert_eq!(p.sslrootcert, Some(PathBuf::from("/certs/root.crt")));
        assert_eq!(p.application_name, "envapp");
        assert_eq!(p.connect_timeout, Duration::ZERO);

        let p = resolve("", &[("PGHOSTADDR", "10.0.0.5")]).unwrap();
        assert_eq!(p.hosts, vec![Host::Tcp("10.0.0.5".into())]);
        let message = usage_message(resolve("", &[("PGPORT", "x")]));
        assert!(message.starts_with("invalid PGPORT: "), "{message}");
    }

    fn write_passfile(dir: &Path, text: &str, mode: u32) -> PathBuf {
        let path = dir.join("pgpass");
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        path
    }

    #[test]
    fn passfile_first_match_with_wildcards_and_escapes() {
        let dir = tempfile::tempdir().unwrap();
        let text = "# comment\nother:*:*:*:nope\ndb\\:1:5432:app:bob:first\\:pw\\\\x\n\
                    *:*:*:bob:second\nlocalhost:5432:*:*:sock\n";
        let file = write_passfile(dir.path(), text, 0o600);
        let file = file.to_str().unwrap();

        let p = resolve("host=db:1 dbname=app user=bob", &[("PGPASSFILE", file)]).unwrap();
        assert_eq!(p.password.as_deref(), Some("first:pw\\x"));
        let p = resolve("host=elsewhere user=bob", &[("PGPASSFILE", file)]).unwrap();
        assert_eq!(p.password.as_deref(), Some("second"));
        let p = resolve("host=/tmp user=carol", &[("PGPASSFILE", file)]).unwrap();
        assert_eq!(p.password.as_deref(), Some("sock"));
        let p = resolve("host=h user=carol", &[("PGPASSFILE", file)]).unwrap();
        assert_eq!(p.password, None);
        let p = resolve("host=h user=bob password=given", &[("PGPASSFILE", file)]).unwrap();
        assert_eq!(p.password.as_deref(), Some("given"));
    }

    #[test]
    fn passfile_readable_by_others_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        write_passfile(dir.path(), "*:*:*:*:secret\n", 0o644);
        let home = dir.path().to_str().unwrap();
        std::fs::rename(dir.path().join("pgpass"), dir.path().join(".pgpass")).unwrap();
        let p = resolve("host=h", &[("HOME", home)]).unwrap();
        assert_eq!(p.password, None);

        let path = dir.path().join(".pgpass");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let p = resolve("host=h", &[("HOME", home)]).unwrap();
        assert_eq!(p.password.as_deref(), Some("secret"));
    }

    #[test]
    fn redacted_forms_hide_the_password() {
        let p = resolve("postgres://bob:hunter2@127.0.0.1:5432/app", &[]).unwrap();
        assert_eq!(p.redacted_url(), "postgres://bob@127.0.0.1:5432/app");
        assert_eq!(p.target(), "host 127.0.0.1 port 5432 database app user bob");
        let debug = format!("{p:?}");
        assert!(
            !debug.contains("hunter2") && debug.contains("<redacted>"),
            "{debug}"
        );

        let p = resolve("host=/tmp,::1 sslmode=verify-ca user=a@b", &[]).unwrap();
        assert_eq!(
            p.redacted_url(),
            "postgres://a%40b@%2Ftmp:5432,[::1]:5432/a%40b?sslmode=verify-ca"
        );
    }

    #[test]
    fn driver_config_carries_everything() {
        let p = resolve(
            "postgres://bob:pw@h1,%2Ftmp:5999/app?connect_timeout=7",
            &[],
        )
        .unwrap();
        let config = p.to_config();
        assert_eq!(config.get_hosts().len(), 2);
        assert_eq!(config.get_ports(), &[5999]);
        assert_eq!(config.get_user(), Some("bob"));
        assert_eq!(config.get_password(), Some(&b"pw"[..]));
        assert_eq!(config.get_dbname(), Some("app"));
        assert_eq!(config.get_application_name(), Some("pharmctl"));
        assert_eq!(config.get_connect_timeout(), Some(&Duration::from_secs(7)));
        let socket = p.config_for(&p.hosts[1]);
        assert_eq!(
            socket.get_ssl_mode(),
            tokio_postgres::config::SslMode::Disable
        );
    }
}
