//! The SVG chart of `bench before-after`: per query, a bar for the median time before and one
//! after, on a logarithmic scale so that a 10x change reads at a glance. Plain SVG text, no
//! scripts, fonts or external references.

use std::fmt::Write;

/// One query's figures on the chart.
#[derive(Debug, Clone)]
pub struct Bar {
    /// The query's name.
    pub name: String,
    /// Median time before, in milliseconds.
    pub before_ms: f64,
    /// Median time after, in milliseconds.
    pub after_ms: f64,
}

const LABEL_WIDTH: f64 = 230.0;
const PLOT_WIDTH: f64 = 420.0;
const ROW_HEIGHT: f64 = 34.0;
const TOP: f64 = 40.0;

/// The chart as SVG text.
pub fn svg(title: &str, bars: &[Bar]) -> String {
    let (low, high) = range(bars);
    let x = |ms: f64| {
        LABEL_WIDTH
            + PLOT_WIDTH * (ms.max(low).log10() - low.log10()) / (high.log10() - low.log10())
    };
    let height = TOP + ROW_HEIGHT * bars.len() as f64 + 30.0;
    let width = LABEL_WIDTH + PLOT_WIDTH + 120.0;

    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(out, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        out,
        r#"<text x="10" y="20" font-size="14" font-weight="bold">{}</text>"#,
        escape(title)
    );
    legend(&mut out, width);
    for (i, bar) in bars.iter().enumerate() {
        let y = TOP + ROW_HEIGHT * i as f64;
        let _ = writeln!(
            out,
            r#"<text x="10" y="{:.1}">{}</text>"#,
            y + 18.0,
            escape(&bar.name)
        );
        rect(
            &mut out,
            y + 4.0,
            x(bar.before_ms),
            "#9e9e9e",
            bar.before_ms,
        );
        rect(&mut out, y + 17.0, x(bar.after_ms), "#1f77b4", bar.after_ms);
    }
    let axis = TOP + ROW_HEIGHT * bars.len() as f64 + 16.0;
    let _ = writeln!(
        out,
        r##"<text x="{LABEL_WIDTH}" y="{axis:.1}" fill="#555">median execution time, log scale ({low:.3} ms to {high:.1} ms)</text>"##
    );
    out.push_str("</svg>\n");
    out
}

fn rect(out: &mut String, y: f64, end: f64, color: &str, ms: f64) {
    let width = (end - LABEL_WIDTH).max(1.0);
    let _ = writeln!(
        out,
        r#"<rect x="{LABEL_WIDTH}" y="{y:.1}" width="{width:.1}" height="12" fill="{color}"/><text x="{:.1}" y="{:.1}" font-size="10">{ms:.3} ms</text>"#,
        LABEL_WIDTH + width + 4.0,
        y + 10.0
    );
}

fn legend(out: &mut String, width: f64) {
    let x = width - 170.0;
    let _ = writeln!(
        out,
        r##"<rect x="{x}" y="8" width="12" height="12" fill="#9e9e9e"/><text x="{:.0}" y="18">before</text><rect x="{:.0}" y="8" width="12" height="12" fill="#1f77b4"/><text x="{:.0}" y="18">after</text>"##,
        x + 16.0,
        x + 70.0,
        x + 86.0
    );
}

/// The axis range: powers of ten around every figure.
fn range(bars: &[Bar]) -> (f64, f64) {
    let values = bars
        .iter()
        .flat_map(|b| [b.before_ms, b.after_ms])
        .filter(|v| *v > 0.0);
    let (min, max) = values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if min > max {
        return (0.001, 1.0);
    }
    let low = 10f64.powf(min.log10().floor());
    let high = 10f64.powf(max.log10().ceil()).max(low * 10.0);
    (low, high)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_has_two_bars_per_query_and_escapes_names() {
        let bars = [
            Bar {
                name: "a<b".into(),
                before_ms: 8.0,
                after_ms: 0.9,
            },
            Bar {
                name: "c".into(),
                before_ms: 0.05,
                after_ms: 0.05,
            },
        ];
        let text = svg("before & after", &bars);
        assert!(text.starts_with("<svg"));
        assert!(text.trim_end().ends_with("</svg>"));
        assert_eq!(text.matches("height=\"12\"").count(), 4 + 2);
        assert!(text.contains("a&lt;b") && text.contains("before &amp; after"));
        assert!(text.contains("8.000 ms") && text.contains("0.900 ms"));
        assert_eq!(range(&bars), (0.01, 10.0));
    }
}
