//! Starts and stops the throwaway cluster several times and prints the median `initdb` and
//! server start times, as `scripts/bench-cluster.sh` reports them.
//!
//! Usage: `cargo run --release --example cluster_start -- [RUNS]`

use std::time::Duration;

use pharmctl::db::cluster::{Cluster, ClusterOptions};

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    let mut initdb = Vec::new();
    let mut start = Vec::new();
    for _ in 0..runs {
        let cluster = match Cluster::start(&ClusterOptions::default()) {
            Ok(cluster) => cluster,
            Err(err) => {
                eprintln!("error: {err}");
                std::process::exit(3);
            }
        };
        let times = cluster.startup_times();
        initdb.push(times.initdb);
        start.push(times.start);
        if let Err(err) = cluster.stop() {
            eprintln!("error: {err}");
            std::process::exit(3);
        }
    }
    println!("pharmctl initdb_ms {:.0}", median_ms(&mut initdb));
    println!("pharmctl start_ms {:.0}", median_ms(&mut start));
}

fn median_ms(samples: &mut [Duration]) -> f64 {
    samples.sort();
    let middle = samples.len() / 2;
    let median = if samples.len() % 2 == 1 {
        samples[middle]
    } else {
        (samples[middle - 1] + samples[middle]) / 2
    };
    median.as_secs_f64() * 1000.0
}
