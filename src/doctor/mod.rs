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

use std::time::Duration;

pub use envfile::EnvFile;

use crate::db::{Access, ConnParams, Session, SessionOptions};
use crate::error::Error;
use crate::report::{Level, Report, Section, Status, Value};

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

    let (mut sections, direct_error) = direct(inputs).await;
    report.sections.append(&mut sections);

    let mut pooler_reached = false;
    if let Some(params) = &inputs.pooler {
        let (section, reached) = pooler::check(params).await;
        report.sections.push(section);
        pooler_reached = reached;
    }

    if let Some(env) = &inputs.env_file {
        let verdicts = supabase::judge(env, inputs.now);
        report.sections.push(supabase::section(env, &verdicts));
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

    let round_trip = connection::round_trip(client).await.unwrap_or_default();
    let facts = match connection::gather(client).await {
        Ok(facts) => facts,
        Err(err) => {
            let reached = connection::reached_section(&inputs.direct, &session, round_trip, None);
            return (
                vec![reached, query_failed("settings", "Server settings", &err)],
                None,
            );
        }
    };
    let reached =
        connection::reached_section(&inputs.direct, &session, round_trip, Some(&facts.version));

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
