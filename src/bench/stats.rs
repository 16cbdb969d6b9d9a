//! Statistics on samples of timings: median, percentiles, spread, and a bootstrap confidence
//! interval of the ratio of two medians with a fixed seed, so that the same samples always get
//! the same verdict.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Summary of one sample.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// The median.
    pub median: f64,
    /// The 95th percentile.
    pub p95: f64,
    /// Median absolute deviation, as a fraction of the median.
    pub spread: f64,
}

/// The value below which `q` (0..=1) of the sorted values fall, interpolating linearly.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    let Some(&last) = sorted.last() else {
        return f64::NAN;
    };
    let position = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let low = position.floor() as usize;
    let high = position.ceil() as usize;
    let Some(&upper) = sorted.get(high) else {
        return last;
    };
    let lower = sorted[low];
    lower + (upper - lower) * (position - low as f64)
}

/// The median of `values` (any order).
pub fn median(values: &[f64]) -> f64 {
    percentile(&sorted(values), 0.5)
}

/// Median, p95 and relative spread of `values`.
pub fn summarize(values: &[f64]) -> Summary {
    let sorted = sorted(values);
    let median = percentile(&sorted, 0.5);
    let deviations: Vec<f64> = values.iter().map(|v| (v - median).abs()).collect();
    let mad = percentile(&self::sorted(&deviations), 0.5);
    Summary {
        median,
        p95: percentile(&sorted, 0.95),
        spread: if median > 0.0 { mad / median } else { 0.0 },
    }
}

fn sorted(values: &[f64]) -> Vec<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted
}

/// A two-sided confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Lower bound.
    pub low: f64,
    /// Point estimate.
    pub estimate: f64,
    /// Upper bound.
    pub high: f64,
}

/// Bootstrap interval of `median(after) / median(before)` at `level` (e.g. 0.95), from
/// `resamples` resamples drawn with a generator seeded by `seed`.
pub fn median_ratio(
    before: &[f64],
    after: &[f64],
    level: f64,
    resamples: usize,
    seed: u64,
) -> Interval {
    let estimate = median(after) / median(before);
    if before.is_empty() || after.is_empty() {
        return Interval {
            low: estimate,
            estimate,
            high: estimate,
        };
    }

    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut ratios = Vec::with_capacity(resamples);
    let mut scratch_before = vec![0.0; before.len()];
    let mut scratch_after = vec![0.0; after.len()];
    for _ in 0..resamples {
        resample(&mut rng, before, &mut scratch_before);
        resample(&mut rng, after, &mut scratch_after);
        ratios.push(median(&scratch_after) / median(&scratch_before));
    }

    let ratios = sorted(&ratios);
    let tail = (1.0 - level) / 2.0;
    Interval {
        low: percentile(&ratios, tail),
        estimate,
        high: percentile(&ratios, 1.0 - tail),
    }
}

fn resample(rng: &mut ChaCha8Rng, from: &[f64], into: &mut [f64]) {
    for slot in into.iter_mut() {
        *slot = from[rng.gen_range(0..from.len())];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_interpolate() {
        let values = [4.0, 1.0, 3.0, 2.0];
        assert_eq!(median(&values), 2.5);
        assert_eq!(percentile(&sorted(&values), 1.0), 4.0);
        assert_eq!(percentile(&sorted(&values), 0.0), 1.0);
        assert!(median(&[]).is_nan());
    }

    #[test]
    fn summary_reports_spread_relative_to_the_median() {
        let summary = summarize(&[10.0, 11.0, 9.0, 10.0, 30.0]);
        assert_eq!(summary.median, 10.0);
        assert!((summary.spread - 0.1).abs() < 1e-9);
        assert!(summary.p95 > 20.0);
    }

    #[test]
    fn the_interval_is_reproducible_and_brackets_the_estimate() {
        let before = [1.0, 1.1, 0.9, 1.05, 0.95, 1.02, 0.98];
        let after = [2.0, 2.1, 1.9, 2.05, 1.95, 2.02, 1.98];
        let first = median_ratio(&before, &after, 0.95, 1000, 7);
        let second = median_ratio(&before, &after, 0.95, 1000, 7);
        assert_eq!(first, second);
        assert!(first.low <= first.estimate && first.estimate <= first.high);
        assert!(first.low > 1.7 && first.high < 2.4, "{first:?}");
    }
}
