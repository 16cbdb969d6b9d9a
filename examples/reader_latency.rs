//! A reader of the analytics views for `scripts/bench-refresh.sh`: one connection querying
//! `daily_staffing_summary` in a loop for a number of seconds, then the median, p99 and worst
//! latency of its queries.
//!
//! Usage: `cargo run --release --example reader_latency -- URL SECONDS`

use std::time::{Duration, Instant};

use pharmctl::db::{Access, ConnParams, Session, SessionOptions};

const READ_SQL: &str = "SELECT count(*), sum(shift_count) \
                        FROM analytics.daily_staffing_summary WHERE store_number = $1";

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(url), Some(seconds)) = (args.next(), args.next()) else {
        eprintln!("usage: reader_latency URL SECONDS");
        std::process::exit(2);
    };
    let seconds: u64 = seconds.parse().unwrap_or(10);
    if let Err(err) = run(&url, Duration::from_secs(seconds)).await {
        eprintln!("error: {err}");
        std::process::exit(3);
    }
}

async fn run(url: &str, length: Duration) -> pharmctl::error::Result<()> {
    let params = ConnParams::resolve(Some(url), &|key| std::env::var(key).ok())?;
    let options = SessionOptions {
        access: Access::ReadOnly,
        statement_timeout: None,
    };
    let session = Session::connect(&params, &options).await?;
    let statement = session
        .client()
        .prepare(READ_SQL)
        .await
        .map_err(|e| pharmctl::error::Error::database(pharmctl::error::describe_pg(&e)))?;

    let started = Instant::now();
    let mut latencies = Vec::new();
    let mut store = 1;
    while started.elapsed() < length {
        let before = Instant::now();
        session
            .client()
            .query_one(&statement, &[&store])
            .await
            .map_err(|e| pharmctl::error::Error::database(pharmctl::error::describe_pg(&e)))?;
        latencies.push(before.elapsed());
        store = store % 97 + 1;
    }

    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q) as usize].as_secs_f64() * 1e3;
    println!(
        "reads {} median_ms {:.2} p99_ms {:.2} max_ms {:.2}",
        latencies.len(),
        at(0.5),
        at(0.99),
        at(1.0)
    );
    Ok(())
}
