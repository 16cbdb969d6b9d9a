//! `doctor` diagnostics: can pharmctl reach the database (directly and through a pooler), with
//! TLS or not and how fast; does the server have what pharmctl depends on; which checks and
//! migration steps can the role run and which grant enables the rest; and is a Supabase
//! self-hosting `.env` consistent. Every problem becomes a finding in one report, so that one
//! run shows all of them; only "nothing could be reached" is returned as an error.

mod connection;
mod envfile;
mod jwt;
mod pooler;
mod privileges;
mod supabase;

use std::time::{Duration, Instant};

pub use envfile::EnvFile;

use crate::db::params::Host;
use crate::db::{Access, ConnParams, Session, SessionOptions};
use crate::error::Error;
use crate::report::{Level, Report, Section, Status, Value};

/// How long the env file's pooler port may take to accept a TCP connection.
const PORT_PROBE_TIMEOUT: Duration = Duration::from_secs(3);

/// What to examine.
pub struct Inputs {
    /// The database, as the global options resolve it.
    pub direct: ConnParams,
    /// `statement_timeout` for the read-only direct session.
    pub statement_timeout: Duration,
    /// The pooler to connect through, from `--pooler-url`.
    pub pooler: Option<ConnParams>,
    /// The Supabase `.env`, from `--env-file`, already read.
    pub env_file: Option<EnvFile>,
    /// Now, in seconds since the epoch, for the API keys' expiry.
    pub now: i64,
}

/// The report, and the error to exit with when neither the database nor the pooler answered.
pub struct Diagnosis {
    /// Every finding.
    pub report: Report,
    /// Why nothing could be reached, when that is the case (exit code 3).
    pub unreachable: Option<Error>,
}

/// Runs every diagnostic that the inputs allow.
pub async fn diagnose(inputs: &Inputs) -> Diagnosis {
    let mut report = Report::new("doctor", "pharmctl doctor");
    report.subject = Some(inputs.direct.target());

    let started = Instant::now();
    let (mut sections, direct_error) = direct(inputs).await;
    report.sections.append(&mut sections);
    log::info!(
        "direct connection checks took {} ms",
        started.elapsed().as_millis()
    );

    let mut pooler_reached = false;
    if let Some(params) = &inputs.pooler {
        let started = Instant::now();
        let (section, reached) = pooler::check(params).await;
        report.sections.push(section);
        pooler_reached = reached;
        log::info!("pooler checks took {} ms", started.elapsed().as_millis());
    }

    if let Some(env) = &inputs.env_file {
        let verdicts = supabase::judge(env, inputs.now);
        let mut section = supabase::section(env, &verdicts);
        if inputs.pooler.is_none() {
            transaction_port_probe(&inputs.direct, env, &mut section).await;
        }
        report.sections.push(section);
    }

    let unreachable = direct_error.filter(|_| !pooler_reached);
    Diagnosis {
        report,
        unreachable,
    }
}

/// The direct connection, the server settings and the privileges, or the reason the server
/// could not be reached.
async fn direct(inputs: &Inputs) -> (Vec<Section>, Option<Error>) {
    let options = SessionOptions {
        access: Access::ReadOnly,
        statement_timeout: Some(inputs.statement_timeout),
    };
    let session = match Session::connect(&inputs.direct, &options).await {
        Ok(session) => session,
        Err(err) => {
            let section = connection::failed_section("connection", "Direct connection", &err);
            return (vec![section], Some(err));
        }
    };
    let client = session.client();

    let round_trip = connection::round_trip(client).await;
    let facts = match connection::gather(client).await {
        Ok(facts) => facts,
        Err(err) => {
            let reached = connection::reached_section(&inputs.direct, &session, &round_trip, None);
            return (
                vec![reached, query_failed("settings", "Server settings", &err)],
                None,
            );
        }
    };
    let reached =
        connection::reached_section(&inputs.direct, &session, &round_trip, Some(&facts.version));

    let ready = facts.pgss_loaded && facts.pgss_version.is_some();
    let privileges = match privileges::gather(client, &facts.database, ready).await {
        Ok(privileges) => privileges::section(&privileges),
        Err(err) => query_failed("privileges", "Privileges", &err),
    };
    (
        vec![reached, connection::settings_section(&facts), privileges],
        None,
    )
}

/// A section whose query failed: the failure is the finding.
fn query_failed(id: &'static str, title: &str, err: &Error) -> Section {
    let mut section = Section::new(id, title);
    section.judged(
        "query",
        "Query",
        Value::Missing("failed"),
        Status::new(Level::Error, err.message()),
    );
    section
}

/// Without `--pooler-url`, whether anything listens on the env file's transaction-mode port
/// on the database's host: Supabase's compose file publishes Supavisor's ports on the same
/// host as the database's. A TCP connection only; nothing is sent.
async fn transaction_port_probe(direct: &ConnParams, env: &EnvFile, section: &mut Section) {
    let Some(port) = env
        .get("POOLER_PROXY_PORT_TRANSACTION")
        .and_then(|p| p.parse::<u16>().ok())
    else {
        return;
    };
    let Some(Host::Tcp(host)) = direct.hosts.first() else {
        return;
    };
    let connect = tokio::net::TcpStream::connect((host.as_str(), port));
    let listening = matches!(
        tokio::time::timeout(PORT_PROBE_TIMEOUT, connect).await,
        Ok(Ok(_))
    );
    let status = if listening {
        Status::new(Level::Ok, "listening")
    } else {
        Status::new(
            Level::Warn,
            "nothing answers; is the pooler running there? --pooler-url checks it fully",
        )
    };
    let value = Value::Text(format!("{host}:{port}"));
    section.judged("transaction_port", "Transaction pooler port", value, status);
}
