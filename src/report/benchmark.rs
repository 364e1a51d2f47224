//! Rendering a [`Benchmark`]: terminal table, JSON, Markdown, CSV and HTML with
//! a box per section and the subject marked. Pure; no output names a cohort member.
//!
//! The benchmark is worked out once into a [`View`]; one walk draws it on the
//! terminal and in Markdown ([`super::markup`]), and the HTML page reads the
//! same view.

use serde::Serialize;

use super::escape::pct1 as pct;
use super::escape::{csv_num, csv_row, csv_text};
use super::markup::{Aggregate, Align, Row, Skin, Title, column, plain};
use super::{ReportOptions, common};
use crate::benchmark::{Benchmark, Place};

const TEMPLATE: &str = include_str!("templates/benchmark.html");

/// The subject's place in words: `above all 6 peers`, `above 3 of 6 peers,
/// level with 1`, `below all 6 peers`; `–` without a percent or peers.
fn place_words(p: &Place) -> String {
    let n = p.size;
    if p.percent.is_none() || n == 0 {
        return "–".to_string();
    }
    let peers = if n == 1 { "peer" } else { "peers" };
    let (below, equal) = (p.peers_below, p.peers_equal);
    match (below, equal) {
        (b, _) if b == n => format!("above all {n} {peers}"),
        (_, e) if e == n => format!("level with all {n} {peers}"),
        (0, 0) => format!("below all {n} {peers}"),
        (b, 0) => format!("above {b} of {n} {peers}"),
        (b, e) => format!("above {b} of {n} {peers}, level with {e}"),
    }
}

fn quartiles(q: &Option<[f64; 3]>) -> String {
    q.map_or_else(
        || "–".to_string(),
        |[a, b, c]| format!("{} / {} / {}", pct(Some(a)), pct(Some(b)), pct(Some(c))),
    )
}

/// What every rendering of a benchmark shows, worked out once.
#[derive(Serialize)]
struct View {
    title: String,
    id: String,
    version: String,
    size: usize,
    min_cohort: usize,
    /// `all peers`, or the filters in the framework's words, joined with `;`.
    filters: String,
    /// "Cohort: 25 peers (Your Company's Annual Recurring Revenue: $10M – $50M)".
    facts: String,
    /// Below this many peers, no quartiles.
    min_for_quartiles: usize,
    /// "your assessment: 2026-11-23".
    assessed: String,
    /// The total, then each section with a place.
    rows: Vec<PlaceRow>,
}

#[derive(Serialize)]
struct PlaceRow {
    title: String,
    total: bool,
    you: String,
    /// "above all 6 peers".
    percentile: String,
    quartiles: String,
    size: usize,
    #[serde(skip)]
    place: Place,
}

impl View {
    fn of(b: &Benchmark) -> View {
        let row = |title: &str, total: bool, p: &Place| PlaceRow {
            title: title.to_string(),
            total,
            you: pct(p.percent),
            percentile: place_words(p),
            quartiles: quartiles(&p.quartiles),
            size: p.size,
            place: p.clone(),
        };
        let filters = if b.cohort.filters_labelled.is_empty() {
            "all peers".to_string()
        } else {
            b.cohort.filters_labelled.join("; ")
        };
        let assessed = b.assessed_on.as_ref().map_or_else(
            || "no assessment date in your answers".to_string(),
            |d| format!("your assessment: {d}"),
        );
        View {
            title: b.framework.title.clone(),
            id: b.framework.id.clone(),
            version: b.framework.version.clone(),
            size: b.cohort.size,
            min_cohort: b.cohort.min_cohort,
            min_for_quartiles: b.cohort.min_for_quartiles,
            facts: format!("Cohort: {} peers ({filters}) · {assessed}", b.cohort.size),
            assessed,
            filters,
            rows: std::iter::once(row("Total", true, &b.total))
                .chain(
                    b.sections
                        .iter()
                        .filter(|s| s.place.percent.is_some() || s.place.size > 0)
                        .map(|s| row(&s.title, false, &s.place)),
                )
                .collect(),
        }
    }
}

/// The one walk over a benchmark, for the terminal and Markdown.
fn walk(v: &View, skin: &mut dyn Skin) {
    skin.title(&Title {
        title: v.title.clone(),
        kind: "benchmark",
        id: v.id.clone(),
        version: v.version.clone(),
        facts: v.facts.clone(),
    });
    skin.part();
    let columns = [
        column("", Align::Left),
        column("You", Align::Right),
        column("Place", Align::Left),
        column("Cohort Q1 / median / Q3", Align::Right),
        column("n", Align::Right),
    ];
    let rows: Vec<Row> = v
        .rows
        .iter()
        .map(|r| Row {
            cells: [
                &r.title,
                &r.you,
                &r.percentile,
                &r.quartiles,
                &r.size.to_string(),
            ]
            .into_iter()
            .map(plain)
            .collect(),
            strong: r.total,
        })
        .collect();
    skin.table(&columns, &rows);
    skin.note(&quartile_note(v.min_cohort, v.min_for_quartiles));
}

/// What the quartiles are, and when there are none.
fn quartile_note(k: usize, min: usize) -> String {
    format!(
        "Place: the peers scoring below you (and level with you). Quartiles: each the mean of the {k} peers ranked nearest it, so none is one peer's percent; given from {min} peers (twice --min-cohort). The lowest and highest peer are never shown."
    )
}

/// The HTML page: the view, with a box per row.
#[derive(Serialize)]
struct Page<'a> {
    v: &'a View,
    version: &'static str,
    date: &'a str,
    note: String,
    boxes: Vec<BoxPlot>,
}

/// x positions on a 0–600 axis: the cohort's q1, median, q3; the subject.
#[derive(Serialize)]
struct BoxPlot {
    boxplot: Option<[String; 3]>,
    subject: Option<String>,
}

impl Aggregate for Benchmark {
    fn walk(&self, skin: &mut dyn Skin) {
        walk(&View::of(self), skin);
    }

    /// The CSV report: one row for the total and one per section.
    fn csv(&self) -> anyhow::Result<Vec<u8>> {
        let b = self;
        let mut out = String::new();
        let header = [
            "section",
            "percent",
            "percentile",
            "q1",
            "median",
            "q3",
            "cohort_size",
            "peers_below",
            "peers_equal",
        ];
        csv_row(&mut out, &header.map(String::from));
        let row = |out: &mut String, id: &str, p: &Place| {
            let q = |i: usize| csv_num(p.quartiles.map(|q| q[i]));
            csv_row(
                out,
                &[
                    csv_text(id),
                    csv_num(p.percent),
                    csv_num(p.percentile),
                    q(0),
                    q(1),
                    q(2),
                    p.size.to_string(),
                    p.peers_below.to_string(),
                    p.peers_equal.to_string(),
                ],
            );
        };
        row(&mut out, "total", &b.total);
        for s in &b.sections {
            row(&mut out, &s.id, &s.place);
        }
        Ok(out.into_bytes())
    }

    /// The self-contained HTML report.
    fn html(&self, options: &ReportOptions) -> anyhow::Result<Vec<u8>> {
        let b = self;
        let x = |p: f64| format!("{:.1}", 10.0 + p.clamp(0.0, 100.0) * 6.0);
        let v = View::of(b);
        let page = Page {
            version: env!("CARGO_PKG_VERSION"),
            date: &options.date,
            note: quartile_note(v.min_cohort, v.min_for_quartiles),
            boxes: v
                .rows
                .iter()
                .map(|r| {
                    let p = &r.place;
                    BoxPlot {
                        boxplot: p.quartiles.map(|[q1, q2, q3]| [x(q1), x(q2), x(q3)]),
                        subject: p.percent.map(x),
                    }
                })
                .collect(),
            v: &v,
        };
        common::render_page("benchmark.html", TEMPLATE, page)
    }
}
