//! Sessions: opening a connection from resolved [`ConnParams`], trying each host in turn
//! within `connect_timeout`, setting the session up (read-only, `statement_timeout`), and
//! turning every way connecting can fail into one line naming the host, port, database and
//! user, with a `help:` line. Never shows the password.

use std::error::Error as StdError;
use std::io;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio_postgres::{Client, Connection, NoTls};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::db::params::{ConnParams, Host};
use crate::db::tls::{self, Handshake};
use crate::error::{Error, Result, describe_pg};

/// Whether the session may write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Every transaction is read-only (`default_transaction_read_only = on`).
    ReadOnly,
    /// The server's defaults apply.
    ReadWrite,
}

/// How a session is set up once connected.
#[derive(Debug, Clone, Copy)]
pub struct SessionOptions {
    /// Read-only or read-write.
    pub access: Access,
    /// `statement_timeout` for the session, when given.
    pub statement_timeout: Option<Duration>,
}

/// An open, set-up connection to one server.
pub struct Session {
    client: Client,
    target: String,
    tls: Option<&'static str>,
}

/// What the driver's connect returns.
type Attempt<S, T> = std::result::Result<(Client, Connection<S, T>), tokio_postgres::Error>;

const PASSWORD_HELP: &str = "passwords come from the URL or password=, PGPASSWORD, or \
                             ~/.pgpass (PGPASSFILE, mode 0600); check the one in use";
const CERT_HELP: &str = "connect by a name in the certificate, use sslmode=verify-ca, or pass \
                         the right sslrootcert";

impl Session {
    /// Connects to the first host that answers, then sets the session up.
    pub async fn connect(params: &ConnParams, options: &SessionOptions) -> Result<Session> {
        let (connector, handshake) = tls::make_observed_tls(params)?;
        let mut failure = Error::usage("no host to connect to").with_help("give host= or PGHOST");
        for host in &params.hosts {
            handshake.reset();
            match connect_host(params, host, connector.clone()).await {
                Ok(client) => {
                    return Session::set_up(params, host, client, &handshake, options).await;
                }
                Err(err) => {
                    log::debug!("{}", err.message());
                    failure = err;
                }
            }
        }
        Err(failure)
    }

    async fn set_up(
        params: &ConnParams,
        host: &Host,
        client: Client,
        handshake: &Handshake,
        options: &SessionOptions,
    ) -> Result<Session> {
        let target = describe_target(params, host);
        let tls = handshake.protocol();
        log::debug!("connected to {target} ({})", tls.unwrap_or("no TLS"));

        let sql = setup_sql(options);
        if !sql.is_empty() {
            log::trace!("sql: {sql}");
            client.batch_execute(&sql).await.map_err(|err| {
                Error::database(format!(
                    "could not set up the session on {target}: {}",
                    describe_pg(&err)
                ))
                .with_help("check that the user may set statement_timeout and read-only mode")
            })?;
        }
        Ok(Session {
            client,
            target,
            tls,
        })
    }

    /// The driver client, for queries.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The driver client, mutably, for transactions and COPY.
    pub fn client_mut(&mut self) -> &mut Client {
        &mut self.client
    }

    /// `host ... port ... database ... user ...` of the server this session reached.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The TLS protocol in use (`TLSv1.3`, `TLSv1.2`), or `None` for a plain connection.
    pub fn tls_protocol(&self) -> Option<&str> {
        self.tls
    }
}

/// The statements run once after connecting; empty when there is nothing to set.
fn setup_sql(options: &SessionOptions) -> String {
    let mut sql = String::new();
    if let Some(timeout) = options.statement_timeout {
        sql.push_str(&format!("SET statement_timeout = {};", timeout.as_millis()));
    }
    if options.access == Access::ReadOnly {
        sql.push_str("SET default_transaction_read_only = on;");
    }
    sql
}

fn describe_target(params: &ConnParams, host: &Host) -> String {
    let port = params.port;
    format!(
        "host {host} port {port} database {} user {}",
        params.dbname, params.user
    )
}

/// Connects to one host within `connect_timeout`. Unix sockets never use TLS (as in libpq),
/// and the rustls connector cannot even be prepared without a host name, so they get `NoTls`.
async fn connect_host(
    params: &ConnParams,
    host: &Host,
    connector: MakeRustlsConnect,
) -> Result<Client> {
    let config = params.config_for(host);
    match host {
        Host::Tcp(_) => open(params, host, config.connect(connector)).await,
        Host::Socket(_) => open(params, host, config.connect(NoTls)).await,
    }
}

/// Awaits a connection attempt within the timeout, then spawns the connection's I/O task.
async fn open<S, T>(
    params: &ConnParams,
    host: &Host,
    attempt: impl Future<Output = Attempt<S, T>>,
) -> Result<Client>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    T: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let outcome = if params.connect_timeout.is_zero() {
        attempt.await
    } else {
        let Ok(outcome) = tokio::time::timeout(params.connect_timeout, attempt).await else {
            let reason = format!("timed out after {}", seconds(params.connect_timeout));
            return Err(failure(params, host, &reason).with_help(
                "is the host reachable? raise connect_timeout (URL, keyword or PGCONNECT_TIMEOUT)",
            ));
        };
        outcome
    };

    let (client, connection) = outcome.map_err(|err| {
        let (reason, help) = classify(params, host, &err);
        failure(params, host, &reason).with_help(help)
    })?;
    let target = describe_target(params, host);
    tokio::spawn(async move {
        if let Err(err) = connection.await {
            log::debug!("connection to {target} ended: {}", describe_pg(&err));
        }
    });
    Ok(client)
}

fn seconds(duration: Duration) -> String {
    if duration.subsec_millis() == 0 {
        format!("{}s", duration.as_secs())
    } else {
        format!("{}ms", duration.as_millis())
    }
}

fn failure(params: &ConnParams, host: &Host, reason: &str) -> Error {
    Error::database(format!(
        "could not connect to host {host} port {} (database {}, user {}): {reason}",
        params.port, params.dbname, params.user
    ))
}

/// The reason and the remedy for a failed connection attempt.
fn classify(params: &ConnParams, host: &Host, err: &tokio_postgres::Error) -> (String, String) {
    if let Some(db) = err.as_db_error() {
        return classify_server(params, db);
    }
    if let Some(tls_err) = find_cause::<rustls::Error>(err) {
        return classify_tls(params, host, tls_err);
    }

    let text = describe_pg(err);
    if text.contains("password missing") {
        return (
            "the server asked for a password and none was given".into(),
            PASSWORD_HELP.into(),
        );
    }
    if text.contains("server does not support TLS") {
        let reason = format!(
            "the server does not offer TLS, which sslmode {} requires",
            params.sslmode
        );
        return (
            reason,
            "enable ssl on the server or use sslmode=prefer".into(),
        );
    }
    match find_cause::<io::Error>(err) {
        Some(io_err) => classify_io(host, io_err),
        None => (
            text,
            "check the connection parameters and the server log".into(),
        ),
    }
}

/// Reason and remedy for an error the server sent, keyed by SQLSTATE.
fn classify_server(params: &ConnParams, db: &tokio_postgres::error::DbError) -> (String, String) {
    let server_says = db.message().to_string();
    let (reason, help) = match db.code().code() {
        "28P01" => ("password authentication failed".to_string(), PASSWORD_HELP),
        "3D000" => {
            let reason = format!("database \"{}\" does not exist", params.dbname);
            (reason, "create it or pick another database")
        }
        "28000" => (
            server_says,
            "check the user name and the server's pg_hba.conf",
        ),
        "53300" => (
            server_says,
            "wait for connections to close, or use a connection pooler",
        ),
        "57P03" => (
            server_says,
            "the server is starting or stopping; try again shortly",
        ),
        _ => (server_says, "see the server log for details"),
    };
    (reason, help.to_string())
}

fn classify_tls(params: &ConnParams, host: &Host, err: &rustls::Error) -> (String, String) {
    let root =
        tls::root_cert_path(params).map_or_else(String::new, |path| path.display().to_string());
    if tls::is_name_mismatch(err) {
        return (
            format!("the server certificate does not match host name {host}"),
            CERT_HELP.into(),
        );
    }
    match err {
        rustls::Error::InvalidCertificate(
            rustls::CertificateError::UnknownIssuer | rustls::CertificateError::BadSignature,
        ) => {
            let reason =
                format!("the server certificate is not signed by the root certificate in {root}");
            (reason, CERT_HELP.into())
        }
        rustls::Error::InvalidCertificate(_) => (
            format!("the server certificate was rejected: {err}"),
            CERT_HELP.into(),
        ),
        _ => (
            format!("TLS handshake failed: {err}"),
            "check the server's ssl settings and sslmode".into(),
        ),
    }
}

fn classify_io(host: &Host, err: &io::Error) -> (String, String) {
    let socket = matches!(host, Host::Socket(_));
    match err.kind() {
        io::ErrorKind::ConnectionRefused if socket => (
            "connection refused".into(),
            "is the server running locally with its socket in that directory?".into(),
        ),
        io::ErrorKind::ConnectionRefused => (
            "connection refused".into(),
            "is the server running and accepting TCP connections there?".into(),
        ),
        io::ErrorKind::NotFound if socket => (
            "no server socket in that directory".into(),
            "is the server running locally, and is that its socket directory?".into(),
        ),
        _ => (
            err.to_string(),
            "check the host name and port, and that the server is running".into(),
        ),
    }
}

/// The first error of type `T` in the cause chain, looking inside `io::Error` wrappers too
/// (whose `source` skips the error they wrap).
fn find_cause<T: StdError + 'static>(err: &tokio_postgres::Error) -> Option<&T> {
    let mut cause: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(current) = cause {
        if let Some(found) = current.downcast_ref::<T>() {
            return Some(found);
        }
        let inner = current
            .downcast_ref::<io::Error>()
            .and_then(|io_err| io_err.get_ref());
        if let Some(found) = inner.and_then(|inner| inner.downcast_ref::<T>()) {
            return Some(found);
        }
        cause = current.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::params::SslMode;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    fn params(port: u16, sslmode: SslMode) -> ConnParams {
        let env = |key: &str| (key == "USER").then(|| "bob".to_string());
        let conninfo = format!("host=127.0.0.1 port={port} dbname=app password=hunter2");
        let mut params = ConnParams::resolve(Some(&conninfo), &env).unwrap();
        params.sslmode = sslmode;
        params
    }

    const READ_WRITE: SessionOptions = SessionOptions {
        access: Access::ReadWrite,
        statement_timeout: None,
    };

    async fn connect_error(params: &ConnParams) -> Error {
        let Err(err) = Session::connect(params, &READ_WRITE).await else {
            panic!("connected")
        };
        assert_eq!(err.kind(), crate::error::ErrorKind::Database);
        assert!(!err.message().contains("hunter2"));
        err
    }

    /// A listener that answers the first 8 bytes (the SSL request) with `reply`, if any.
    async fn fake_server(reply: Option<&'static [u8]>) -> u16 {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut request = [0u8; 8];
            stream.read_exact(&mut request).await.unwrap();
            if let Some(reply) = reply {
                stream.write_all(reply).await.unwrap();
            }
            tokio::time::sleep(Duration::from_secs(5)).await;
        });
        port
    }

    #[test]
    fn setup_statements() {
        assert_eq!(setup_sql(&READ_WRITE), "");
        let options = SessionOptions {
            access: Access::ReadOnly,
            statement_timeout: Some(Duration::from_secs(30)),
        };
        assert_eq!(
            setup_sql(&options),
            "SET statement_timeout = 30000;SET default_transaction_read_only = on;"
        );
    }

    #[tokio::test]
    async fn refused_names_the_target() {
        let port = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let err = connect_error(&params(port, SslMode::Disable)).await;
        let expected = format!(
            "could not connect to host 127.0.0.1 port {port} (database app, user bob): connection refused"
        );
        assert_eq!(err.message(), expected);
        assert!(err.help().unwrap().contains("running"));
    }

    #[tokio::test]
    async fn silent_server_times_out() {
        let port = fake_server(None).await;
        let mut params = params(port, SslMode::Prefer);
        params.connect_timeout = Duration::from_millis(300);
        let err = connect_error(&params).await;
        assert!(
            err.message().ends_with(": timed out after 300ms"),
            "{}",
            err.message()
        );
        assert!(err.help().unwrap().contains("connect_timeout"));
    }

    #[tokio::test]
    async fn require_without_server_tls() {
        let port = fake_server(Some(b"N")).await;
        let err = connect_error(&params(port, SslMode::Require)).await;
        assert!(
            err.message().contains("does not offer TLS"),
            "{}",
            err.message()
        );
        assert!(err.help().unwrap().contains("sslmode=prefer"));
    }

    #[tokio::test]
    async fn password_requested_but_missing() {
        let cleartext_request: &[u8] = &[b'N', b'R', 0, 0, 0, 8, 0, 0, 0, 3];
        let port = fake_server(Some(cleartext_request)).await;
        let mut params = params(port, SslMode::Prefer);
        params.password = None;
        let err = connect_error(&params).await;
        assert!(
            err.message().contains("none was given"),
            "{}",
            err.message()
        );
        assert!(err.help().unwrap().contains("PGPASSWORD"));
    }
}
