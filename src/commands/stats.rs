//! `pharmctl stats`: connect read-only, gather volumes, cache and connections, render.

use crate::cli::StatsArgs;
use crate::db::Access;
use crate::error::Result;

use super::{Context, Outcome};

/// Runs `stats`.
pub async fn run(ctx: &Context, args: &StatsArgs) -> Result<Outcome> {
    let params = ctx.conn_params()?;
    let session = ctx.connect(&params, Access::ReadOnly).await?;

    let stats = crate::stats::gather(session.client(), &args.schema).await?;

    let report = crate::stats::report(&stats, params.target());
    ctx.emit(&report)?;
    Ok(Outcome::Done)
}
