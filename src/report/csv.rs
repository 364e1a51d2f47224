//! CSV: one row per question, then per section, then the total, for spreadsheets.

use super::common::{ReportOptions, Reporter};
use crate::scoring::{Scorecard, Status};

/// Writes the scorecard as CSV (RFC 4180).
pub struct CsvReporter;

fn field(s: &str) -> String {
    let s = crate::text::csv_safe(s);
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn row(out: &mut String, fields: &[&str]) {
    let line: Vec<String> = fields.iter().map(|f| field(f)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

fn status(s: Status) -> &'static str {
    match s {
        Status::Answered => "answered",
        Status::Unknown => "unknown",
        Status::Unanswered => "unanswered",
        Status::NotAsked => "not_asked",
    }
}

impl Reporter for CsvReporter {
    fn render(&self, card: &Scorecard, _: &ReportOptions) -> anyhow::Result<Vec<u8>> {
        let n = crate::text::fmt_num;
        let pct = |p: Option<f64>| p.map(n).unwrap_or_default();
        let mut out = String::new();
        row(
            &mut out,
            &[
                "record", "section", "question", "text", "answer", "status", "score", "max",
                "percent",
            ],
        );
        for q in &card.questions {
            let answer = q.answer_label.clone().unwrap_or_default();
            let scored = q.scored && q.status != Status::NotAsked;
            let (score, max) = if scored {
                (n(q.score), n(q.max))
            } else {
                (String::new(), String::new())
            };
            row(
                &mut out,
                &[
                    "question",
                    &q.section,
                    &q.id,
                    &q.text,
                    &answer,
                    status(q.status),
                    &score,
                    &max,
                    "",
                ],
            );
        }
        for s in &card.sections {
            row(
                &mut out,
                &[
                    "section",
                    &s.id,
                    "",
                    &s.title,
                    "",
                    "",
                    &n(s.score),
                    &n(s.max),
                    &pct(s.percent),
                ],
            );
        }
        let band = card.band.as_ref().map_or("", |b| b.label.as_str());
        let t = &card.total;
        row(
            &mut out,
            &[
                "total",
                "",
                "",
                &card.framework.title,
                band,
                "",
                &n(t.score),
                &n(t.max),
                &n(t.percent),
            ],
        );
        Ok(out.into_bytes())
    }
}
