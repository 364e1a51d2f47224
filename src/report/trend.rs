//! Rendering a [`Trend`]: terminal lines with sparklines, JSON, Markdown, CSV
//! and HTML with a line chart per section. Pure: colour and width are parameters.
//!
//! The trend is worked out once into a [`View`]; one walk draws it on the
//! terminal and in Markdown ([`super::markup`]), and the HTML page reads the
//! same view.

use std::fmt::Write as _;

use serde::Serialize;

use super::escape::{csv_num, csv_row, csv_text, sparkline};
use super::escape::{pct1 as pct, round1};
use super::markup::{
    Aggregate, Align, Column, Item, Row, Skin, Style, Title, column, plain, styled,
};
use super::{ReportOptions, common};
use crate::text::fmt_num;
use crate::trend::{Series, Trend};

const TEMPLATE: &str = include_str!("templates/trend.html");

/// A signed change in percentage points: `+12.5 pp`, `-3 pp`, `0 pp`, or `–`.
fn signed(x: Option<f64>) -> String {
    match x.map(round1) {
        Some(x) if x > 0.0 => format!("+{} pp", fmt_num(x)),
        Some(x) => format!("{} pp", fmt_num(x + 0.0)),
        None => "–".to_string(),
    }
}

/// The range a series spans: `0–80%`, `55%` when flat, `–` when empty.
fn span(values: &[Option<f64>]) -> String {
    let known: Vec<f64> = values.iter().flatten().map(|v| round1(*v)).collect();
    let lo = known.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = known.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if known.is_empty() {
        "–".to_string()
    } else if lo == hi {
        format!("{}%", fmt_num(lo))
    } else {
        format!("{}–{}%", fmt_num(lo), fmt_num(hi))
    }
}

/// What every rendering of a trend shows, worked out once.
#[derive(Serialize)]
struct View {
    title: String,
    id: String,
    version: String,
    /// "3 assessments, ordered by date".
    facts: String,
    points: Vec<PointView>,
    /// The total, then each section scored at some point.
    series: Vec<SeriesView>,
    band_changes: Vec<BandChangeView>,
    regressions: Vec<RegressionView>,
    /// What to check before trusting the trend.
    cautions: Vec<String>,
}

#[derive(Serialize)]
struct PointView {
    /// YYYY-MM-DD, when the point has one.
    date: Option<String>,
    /// The file or directory as named.
    label: String,
    /// The date, else the label: what names the point on a chart.
    name: String,
    respondents: usize,
    total: String,
    band: Option<String>,
}

impl PointView {
    /// `2026-09-30 (q3.toml)`, or the label alone.
    fn long_name(&self) -> String {
        match &self.date {
            Some(d) => format!("{d} ({})", self.label),
            None => self.label.clone(),
        }
    }
}

#[derive(Serialize)]
struct SeriesView {
    title: String,
    total: bool,
    #[serde(skip)]
    values: Vec<Option<f64>>,
    spark: String,
    /// The range the series spans: `0–80%`.
    span: String,
    /// `22.8% → 52.8%`.
    change: String,
    /// `+30 pp`.
    delta: String,
    /// `+30 percentage points`.
    delta_long: String,
    #[serde(skip)]
    direction: Option<std::cmp::Ordering>,
}

#[derive(Serialize)]
struct BandChangeView {
    point: usize,
    before: String,
    after: String,
}

#[derive(Serialize)]
struct RegressionView {
    point: usize,
    question: String,
    text: String,
    before: String,
    after: String,
}

fn series_view(title: &str, total: bool, values: &[Option<f64>], s: &Series) -> SeriesView {
    SeriesView {
        title: title.to_string(),
        total,
        values: values.to_vec(),
        spark: sparkline(values),
        span: span(values),
        change: format!("{} → {}", pct(s.first), pct(s.last)),
        delta: signed(s.delta),
        delta_long: signed(s.delta).replace(" pp", " percentage points"),
        direction: s.delta.and_then(|d| d.partial_cmp(&0.0)),
    }
}

impl View {
    fn of(t: &Trend) -> View {
        let totals: Vec<Option<f64>> = t.points.iter().map(|p| Some(p.total.percent)).collect();
        let mut series = vec![series_view("Total", true, &totals, &t.total)];
        series.extend(
            t.sections
                .iter()
                .filter(|s| s.series.iter().any(Option::is_some))
                .map(|s| series_view(&s.title, false, &s.series, &s.change)),
        );
        let none = || "(none)".to_string();
        View {
            title: t.framework.title.clone(),
            id: t.framework.id.clone(),
            version: t.framework.version.clone(),
            facts: format!(
                "{} assessments, ordered by {}",
                t.points.len(),
                if t.ordered_by == "date" {
                    "date"
                } else {
                    "the order given"
                }
            ),
            points: t
                .points
                .iter()
                .map(|p| PointView {
                    date: p.date.clone(),
                    label: p.label.clone(),
                    name: p.date.clone().unwrap_or_else(|| p.label.clone()),
                    respondents: p.respondents,
                    total: pct(Some(p.total.percent)),
                    band: p.band.as_ref().map(|b| b.label.clone()),
                })
                .collect(),
            series,
            band_changes: t
                .band_changes
                .iter()
                .map(|c| BandChangeView {
                    point: c.point,
                    before: c.before.clone().unwrap_or_else(none),
                    after: c.after.clone().unwrap_or_else(none),
                })
                .collect(),
            cautions: t
                .cautions
                .iter()
                .map(crate::trend::Caution::message)
                .collect(),
            regressions: t
                .regressions
                .iter()
                .map(|r| RegressionView {
                    point: r.point,
                    question: r.question.clone(),
                    text: r.text.clone(),
                    before: fmt_num(r.before),
                    after: fmt_num(r.after),
                })
                .collect(),
        }
    }

    fn point_name(&self, i: usize) -> String {
        self.points
            .get(i)
            .map_or_else(String::new, PointView::long_name)
    }
}

/// The one walk over a trend, for the terminal and Markdown.
fn walk(v: &View, skin: &mut dyn Skin) {
    skin.title(&Title {
        title: v.title.clone(),
        kind: "progress",
        id: v.id.clone(),
        version: v.version.clone(),
        facts: v.facts.clone(),
    });

    if !v.cautions.is_empty() {
        skin.part();
        skin.heading("Check before reading on");
        let items: Vec<Item> = v.cautions.iter().map(|c| Item::line(c.clone())).collect();
        skin.list(false, &items);
    }

    skin.part();
    let points: Vec<Item> = v
        .points
        .iter()
        .map(|p| Item {
            head: vec![
                plain(format!(
                    "{:<10} {:>6}  ",
                    p.date.as_deref().unwrap_or("no date"),
                    p.total
                )),
                plain(p.band.as_deref().unwrap_or("(no band)")),
                plain("  "),
                styled(p.label.clone(), Style::Dim),
                plain(if p.respondents > 1 {
                    format!(" (team of {})", p.respondents)
                } else {
                    String::new()
                }),
            ],
            body: None,
        })
        .collect();
    skin.list(true, &points);

    skin.part();
    let columns = [
        Column {
            head: "Section".into(),
            align: Align::Left,
            width: (5, 40),
        },
        column("Over time", Align::Left),
        column("Range", Align::Left),
        Column {
            head: "First → last".into(),
            align: Align::Left,
            width: (15, usize::MAX),
        },
        column("Change", Align::Left),
    ];
    let rows: Vec<Row> = v
        .series
        .iter()
        .map(|s| Row {
            cells: vec![
                plain(s.title.clone()),
                plain(s.spark.clone()),
                plain(s.span.clone()),
                plain(s.change.clone()),
                styled(
                    s.delta.clone(),
                    match s.direction {
                        Some(std::cmp::Ordering::Greater) => Style::Good,
                        Some(std::cmp::Ordering::Less) => Style::Bad,
                        _ => Style::Plain,
                    },
                ),
            ],
            strong: s.total,
        })
        .collect();
    skin.columns(&columns, &rows);
    skin.note("One bar per assessment on a 0–100% scale; the range runs from the lowest to the highest; the change is last − first, in percentage points (pp).");

    if !v.band_changes.is_empty() {
        skin.part();
        skin.heading("Band changes");
        let items: Vec<Item> = v
            .band_changes
            .iter()
            .map(|c| {
                Item::line(format!(
                    "{}: {} → {}",
                    v.point_name(c.point),
                    c.before,
                    c.after
                ))
            })
            .collect();
        skin.list(false, &items);
    }

    if !v.regressions.is_empty() {
        skin.part();
        skin.heading("Regressed since the previous assessment");
        let items: Vec<Item> = v
            .regressions
            .iter()
            .map(|r| {
                Item::line(format!(
                    "{}: {} ({}) {} → {} points",
                    v.point_name(r.point),
                    r.text,
                    r.question,
                    r.before,
                    r.after
                ))
            })
            .collect();
        skin.list(false, &items);
    }
}

/// The HTML page: the view, with a line chart per series.
#[derive(Serialize)]
struct Page<'a> {
    v: &'a View,
    version: &'static str,
    date: &'a str,
    charts: Vec<Chart>,
    /// The cautions as data, so the page isolates each file text.
    cautions: &'a [crate::trend::Caution],
    /// With --plan: the plan's progress.
    plan: Option<super::plan::ProgressHtml>,
}

#[derive(Serialize)]
struct Chart {
    path: String,
    dots: Vec<(String, String, String)>,
    /// x of each point's tick.
    ticks: Vec<String>,
}

fn chart(values: &[Option<f64>]) -> Chart {
    let n = values.len().max(2);
    let x = |i: usize| 40.0 + i as f64 * 520.0 / (n - 1) as f64;
    let y = |p: f64| 150.0 - p.clamp(0.0, 100.0) * 1.3;
    let mut path = String::new();
    let mut dots = Vec::new();
    for (i, v) in values.iter().enumerate() {
        if let Some(p) = v {
            let cmd = if path.is_empty() { "M" } else { "L" };
            let _ = write!(path, "{cmd}{:.1},{:.1} ", x(i), y(*p));
            dots.push((
                format!("{:.1}", x(i)),
                format!("{:.1}", y(*p)),
                pct(Some(*p)),
            ));
        }
    }
    Chart {
        path: path.trim_end().to_string(),
        dots,
        ticks: (0..values.len()).map(|i| format!("{:.1}", x(i))).collect(),
    }
}

impl Aggregate for Trend {
    fn walk(&self, skin: &mut dyn Skin) {
        walk(&View::of(self), skin);
        if let Some(plan) = &self.plan {
            super::plan::walk_progress(plan, skin);
        }
    }

    /// The CSV report: one row per assessment and section (and the total).
    fn csv(&self) -> anyhow::Result<Vec<u8>> {
        let t = self;
        let mut out = String::new();
        let header = [
            "point", "date", "label", "section", "score", "percent", "band",
        ];
        csv_row(&mut out, &header.map(String::from));
        for (i, p) in t.points.iter().enumerate() {
            let common = |section: &str, score: Option<f64>, percent: Option<f64>, band: &str| {
                vec![
                    (i + 1).to_string(),
                    p.date.clone().unwrap_or_default(),
                    csv_text(&p.label),
                    csv_text(section),
                    csv_num(score),
                    csv_num(percent),
                    csv_text(band),
                ]
            };
            let band = p.band.as_ref().map_or("", |b| b.label.as_str());
            csv_row(
                &mut out,
                &common("total", Some(p.total.score), Some(p.total.percent), band),
            );
            for s in &p.sections {
                csv_row(&mut out, &common(&s.id, None, s.percent, ""));
            }
            // With --plan: the points gained toward the plan and its completion.
            if let Some(m) = t.plan.as_ref().and_then(|plan| plan.history.get(i)) {
                csv_row(&mut out, &common("plan", Some(m.gained), m.completion, ""));
            }
        }
        Ok(out.into_bytes())
    }

    /// The self-contained HTML report.
    fn html(&self, options: &ReportOptions) -> anyhow::Result<Vec<u8>> {
        let t = self;
        let v = View::of(t);
        let page = Page {
            version: env!("CARGO_PKG_VERSION"),
            date: &options.date,
            charts: v.series.iter().map(|s| chart(&s.values)).collect(),
            cautions: &t.cautions,
            plan: t.plan.as_ref().map(super::plan::progress_html),
            v: &v,
        };
        common::render_page("trend.html", TEMPLATE, page)
    }
}
