//! The decision rule: for each query, compare a baseline with a new measurement on buffers,
//! plan, rows and time, and call it a regression, an improvement, or unchanged. Time is judged
//! with a bootstrap interval of the median ratio against a noise threshold and an absolute
//! floor; a moving control query marks time verdicts unstable instead of failing them.

use serde::Serialize;

use super::runner::{Measurement, QueryResult, Scan};
use super::stats::{self, Interval};

/// Thresholds of the decision rule.
#[derive(Debug, Clone, Copy)]
pub struct GateOptions {
    /// Relative change of the median time that counts (0.2 = 20%).
    pub threshold: f64,
    /// Absolute change of the median time that counts, in milliseconds.
    pub floor_ms: f64,
    /// Relative change of buffers that counts.
    pub buffer_threshold: f64,
    /// Absolute change of buffers that counts.
    pub buffer_floor: i64,
    /// A table of at least this many pages is large: losing an index scan on it is a regression.
    pub large_table_pages: i64,
    /// Confidence level of the interval.
    pub level: f64,
    /// Bootstrap resamples.
    pub resamples: usize,
    /// Seed of the bootstrap generator.
    pub seed: u64,
    /// Fewer runs than this on either side: no time verdict.
    pub min_runs: usize,
}

impl Default for GateOptions {
    fn default() -> Self {
        Self {
            threshold: 0.2,
            floor_ms: 0.5,
            buffer_threshold: 0.5,
            buffer_floor: 16,
            large_table_pages: 64,
            level: 0.95,
            resamples: 2000,
            seed: 0x5eed,
            min_runs: 5,
        }
    }
}

/// The direction of one figure's change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// Worse beyond the thresholds.
    Regressed,
    /// Better beyond the thresholds.
    Improved,
    /// Within the noise.
    Unchanged,
    /// Moved, but a control query moved too: the machine, not the query.
    Unstable,
}

/// The verdict on one query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// At least one figure regressed.
    Regression,
    /// Something improved and nothing regressed.
    Improvement,
    /// Nothing moved beyond the noise.
    Unchanged,
    /// Not compared, and why.
    NotCompared(String),
}

/// All figures of one query, before and after, judged.
#[derive(Debug, Clone)]
pub struct Judgement {
    /// The query's name.
    pub name: String,
    /// Median execution times, before and after.
    pub time_ms: (f64, f64),
    /// Interval of the median ratio after / before.
    pub ratio: Interval,
    /// Time verdict.
    pub time: Change,
    /// Median buffers before and after.
    pub buffers: (i64, i64),
    /// Buffers verdict.
    pub buffer_change: Change,
    /// Rows before and after.
    pub rows: (i64, i64),
    /// Plan verdict and what changed.
    pub plan: (Change, Option<String>),
    /// The overall verdict.
    pub verdict: Verdict,
}

/// Judges every query of `current` against `baseline`.
pub fn judge_all(
    baseline: &Measurement,
    current: &Measurement,
    options: &GateOptions,
) -> Vec<(String, Result<Judgement, String>)> {
    let pages = |relation: &str| {
        current
            .environment
            .tables
            .iter()
            .find(|t| t.name == relation)
            .map_or(0, |t| t.pages)
    };
    let mut judged: Vec<(String, Result<Judgement, String>)> = current
        .queries
        .iter()
        .map(|now| {
            let result = match baseline.queries.iter().find(|b| b.name == now.name) {
                None => Err("new query, not in the baseline".to_string()),
                Some(was) if was.text_hash != now.text_hash => {
                    Err("query text changed since the baseline".to_string())
                }
                Some(was) => Ok(judge(was, now, options, &pages)),
            };
            (now.name.clone(), result)
        })
        .collect();
    judged.extend(
        current
            .skipped
            .iter()
            .map(|s| (s.name.clone(), Err(format!("not measured: {}", s.reason)))),
    );
    mark_unstable(current, &mut judged);
    judged
}

/// When a control query's time moved, the other time verdicts say so instead of failing.
fn mark_unstable(current: &Measurement, judged: &mut [(String, Result<Judgement, String>)]) {
    let is_control = |name: &str| {
        current
            .queries
            .iter()
            .any(|q| q.name == name && q.is_control())
    };
    let unstable = judged
        .iter()
        .any(|(name, j)| is_control(name) && j.as_ref().is_ok_and(|j| j.time != Change::Unchanged));
    if !unstable {
        return;
    }
    for (_, judgement) in judged.iter_mut() {
        if let Ok(j) = judgement
            && j.time != Change::Unchanged
        {
            j.time = Change::Unstable;
            j.verdict = overall(&[j.buffer_change, j.plan.0, row_change(j.rows)]);
        }
    }
}

/// Judges one query.
pub fn judge(
    was: &QueryResult,
    now: &QueryResult,
    options: &GateOptions,
    pages: &dyn Fn(&str) -> i64,
) -> Judgement {
    let (before, after) = (was.times(), now.times());
    let (ratio, time) = judge_time(&before, &after, options);
    let buffers = (median_of(was, |s| s.buffers), median_of(now, |s| s.buffers));
    let buffer_change = judge_buffers(buffers, options);
    let rows = (last_rows(was), last_rows(now));
    let plan = judge_plan(&was.shape.scans, &now.shape.scans, options, pages);
    let plan = match plan {
        (Change::Unchanged, None) if was.shape != now.shape => (
            Change::Unchanged,
            Some(describe(&was.shape.nodes, &now.shape.nodes)),
        ),
        other => other,
    };
    Judgement {
        name: now.name.clone(),
        time_ms: (stats::median(&before), stats::median(&after)),
        ratio,
        time,
        buffers,
        buffer_change,
        rows,
        verdict: overall(&[time, buffer_change, plan.0, row_change(rows)]),
        plan,
    }
}

fn describe(before: &[String], after: &[String]) -> String {
    format!(
        "plan changed: {} -> {}",
        before.join(" > "),
        after.join(" > ")
    )
}

fn overall(changes: &[Change]) -> Verdict {
    if changes.contains(&Change::Regressed) {
        Verdict::Regression
    } else if changes.contains(&Change::Improved) {
        Verdict::Improvement
    } else {
        Verdict::Unchanged
    }
}

fn row_change((before, after): (i64, i64)) -> Change {
    if before == after {
        Change::Unchanged
    } else {
        Change::Regressed
    }
}

fn last_rows(result: &QueryResult) -> i64 {
    result.samples.last().map_or(0, |s| s.rows)
}

fn median_of(result: &QueryResult, figure: fn(&super::runner::Sample) -> i64) -> i64 {
    let values: Vec<f64> = result.samples.iter().map(|s| figure(s) as f64).collect();
    let median = stats::median(&values);
    if median.is_nan() {
        0
    } else {
        median.round() as i64
    }
}

/// The time rule: the whole interval of the median ratio beyond the threshold, and the change
/// of the medians beyond the absolute floor.
pub fn judge_time(before: &[f64], after: &[f64], options: &GateOptions) -> (Interval, Change) {
    let ratio = stats::median_ratio(
        before,
        after,
        options.level,
        options.resamples,
        options.seed,
    );
    if before.len() < options.min_runs || after.len() < options.min_runs {
        return (ratio, Change::Unchanged);
    }
    let delta = stats::median(after) - stats::median(before);
    let change = if ratio.low > 1.0 + options.threshold && delta > options.floor_ms {
        Change::Regressed
    } else if ratio.high < 1.0 / (1.0 + options.threshold) && -delta > options.floor_ms {
        Change::Improved
    } else {
        Change::Unchanged
    };
    (ratio, change)
}

fn judge_buffers((before, after): (i64, i64), options: &GateOptions) -> Change {
    let grew = |from: i64, to: i64| {
        to as f64 > from as f64 * (1.0 + options.buffer_threshold)
            && to - from >= options.buffer_floor
    };
    if grew(before, after) {
        Change::Regressed
    } else if grew(after, before) {
        Change::Improved
    } else {
        Change::Unchanged
    }
}

/// An index scan of a large table turned sequential is a regression; the reverse an
/// improvement.
fn judge_plan(
    before: &[Scan],
    after: &[Scan],
    options: &GateOptions,
    pages: &dyn Fn(&str) -> i64,
) -> (Change, Option<String>) {
    let lost = |from: &[Scan], to: &[Scan]| {
        from.iter()
            .filter(|s| s.index.is_some() && pages(&s.relation) >= options.large_table_pages)
            .find(|s| {
                let now: Vec<&Scan> = to.iter().filter(|t| t.relation == s.relation).collect();
                now.iter().all(|t| t.index.is_none()) && now.iter().any(|t| t.node == "Seq Scan")
            })
            .cloned()
    };
    if let Some(scan) = lost(before, after) {
        let index = scan.index.unwrap_or_default();
        let detail = format!(
            "{} of {} ({index}) became Seq Scan",
            scan.node, scan.relation
        );
        return (Change::Regressed, Some(detail));
    }
    if let Some(scan) = lost(after, before) {
        let index = scan.index.unwrap_or_default();
        let detail = format!(
            "Seq Scan of {} became {} ({index})",
            scan.relation, scan.node
        );
        return (Change::Improved, Some(detail));
    }
    (Change::Unchanged, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// `n` timings around `center` with multiplicative noise of +-`noise` and a few spikes.
    fn noisy(rng: &mut ChaCha8Rng, n: usize, center: f64, noise: f64) -> Vec<f64> {
        (0..n)
            .map(|i| {
                let spike = if i % 7 == 3 { 1.8 } else { 1.0 };
                center * spike * (1.0 + rng.gen_range(-noise..noise))
            })
            .collect()
    }

    #[test]
    fn pure_noise_never_regresses() {
        let options = GateOptions::default();
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for _ in 0..40 {
            let before = noisy(&mut rng, 15, 8.0, 0.3);
            let after = noisy(&mut rng, 15, 8.0, 0.3);
            let (_, change) = judge_time(&before, &after, &options);
            assert_ne!(change, Change::Regressed);
        }
    }

    #[test]
    fn a_real_shift_is_a_regression_and_its_reverse_an_improvement() {
        let options = GateOptions::default();
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let before = noisy(&mut rng, 15, 8.0, 0.1);
        let after = noisy(&mut rng, 15, 16.0, 0.1);
        assert_eq!(judge_time(&before, &after, &options).1, Change::Regressed);
        assert_eq!(judge_time(&after, &before, &options).1, Change::Improved);
    }

    #[test]
    fn a_change_straddling_the_threshold_is_not_a_regression() {
        let options = GateOptions::default();
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let before = noisy(&mut rng, 15, 8.0, 0.15);
        let after = noisy(&mut rng, 15, 9.6, 0.15);
        let (ratio, change) = judge_time(&before, &after, &options);
        assert!(ratio.low < 1.2 && ratio.high > 1.2, "{ratio:?}");
        assert_eq!(change, Change::Unchanged);
    }

    #[test]
    fn a_large_relative_change_under_the_floor_is_not_a_regression() {
        let options = GateOptions::default();
        let before = vec![0.02; 10];
        let after = vec![0.2; 10];
        assert_eq!(judge_time(&before, &after, &options).1, Change::Unchanged);
    }

    #[test]
    fn too_few_runs_get_no_time_verdict() {
        let options = GateOptions::default();
        assert_eq!(
            judge_time(&[1.0; 3], &[9.0; 3], &options).1,
            Change::Unchanged
        );
    }

    fn scan(node: &str, index: Option<&str>) -> Scan {
        Scan {
            node: node.into(),
            relation: "store_schedules".into(),
            index: index.map(Into::into),
        }
    }

    #[test]
    fn losing_an_index_on_a_large_table_is_a_plan_regression() {
        let options = GateOptions::default();
        let index = [scan(
            "Index Scan",
            Some("idx_store_schedules_employee_date"),
        )];
        let seq = [scan("Seq Scan", None)];
        let large = |_: &str| 1000;
        let small = |_: &str| 2;
        assert_eq!(
            judge_plan(&index, &seq, &options, &large).0,
            Change::Regressed
        );
        assert_eq!(
            judge_plan(&seq, &index, &options, &large).0,
            Change::Improved
        );
        assert_eq!(
            judge_plan(&index, &seq, &options, &small).0,
            Change::Unchanged
        );
        assert_eq!(
            judge_plan(&index, &index, &options, &large).0,
            Change::Unchanged
        );
    }

    #[test]
    fn buffers_judge_by_ratio_and_floor() {
        let options = GateOptions::default();
        assert_eq!(judge_buffers((4, 121), &options), Change::Regressed);
        assert_eq!(judge_buffers((121, 4), &options), Change::Improved);
        assert_eq!(judge_buffers((2, 9), &options), Change::Unchanged);
        assert_eq!(judge_buffers((100, 120), &options), Change::Unchanged);
    }
}
