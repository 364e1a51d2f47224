//! Small renderings the team, trend and benchmark reports share. Escaping is
//! the same for every report: CSV cells come from `crate::text`, and Markdown
//! is escaped by its skin (`super::markup`).

pub use crate::text::csv_cell as csv_text;

/// A number as a CSV field (empty when absent).
pub fn csv_num(x: Option<f64>) -> String {
    x.map(crate::text::fmt_num).unwrap_or_default()
}

/// Appends one CSV record (fields already escaped) with CRLF.
pub fn csv_row(out: &mut String, fields: &[String]) {
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

/// Rounds to one decimal, as scorecards show percents.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A percentage to one decimal: `62.5%`, or `n/a`.
pub fn pct1(p: Option<f64>) -> String {
    super::pct(p.map(round1))
}

/// A sparkline of values from 0 to 100 (`▁▂▃▄▅▆▇█`), `·` where a value is missing.
pub fn sparkline(values: &[Option<f64>]) -> String {
    const TICKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    values
        .iter()
        .map(|v| match v {
            Some(p) => TICKS[((p.clamp(0.0, 100.0) / 100.0) * 7.0).round() as usize],
            None => '·',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_neutralises_formulas_and_quotes() {
        assert_eq!(csv_text("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_text("-1+2"), "'-1+2");
        assert_eq!(csv_text("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(csv_num(Some(-2.5)), "-2.5");
    }

    #[test]
    fn sparklines() {
        assert_eq!(
            sparkline(&[Some(0.0), Some(50.0), None, Some(100.0)]),
            "▁▅·█"
        );
    }
}
