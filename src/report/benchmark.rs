//! Rendering a [`Benchmark`]: terminal table, JSON, Markdown, CSV and HTML with
//! a box per section and the subject marked. Pure; no output names a cohort member.

use std::fmt::Write as _;

use comfy_table::{Cell, CellAlignment};
use serde::Serialize;

use super::escape::pct1 as pct;
use super::escape::{csv_num, csv_row, csv_text, md};
use super::{ReportOptions, new_table};
use crate::benchmark::{Benchmark, Place};
use crate::diagnostic::printable;

const TEMPLATE: &str = include_str!("templates/benchmark.html");

fn ordinal(p: Option<f64>) -> String {
    p.map_or_else(
        || "–".to_string(),
        |p| crate::text::fmt_num(super::escape::round1(p)),
    )
}

fn quartiles(q: &Option<[f64; 3]>) -> String {
    q.map_or_else(
        || "–".to_string(),
        |[a, b, c]| format!("{} / {} / {}", pct(Some(a)), pct(Some(b)), pct(Some(c))),
    )
}

fn rows(b: &Benchmark) -> Vec<(&str, &Place)> {
    std::iter::once(("Total", &b.total))
        .chain(
            b.sections
                .iter()
                .filter(|s| s.place.percent.is_some() || s.place.size > 0)
                .map(|s| (s.title.as_str(), &s.place)),
        )
        .collect()
}

fn filters_line(b: &Benchmark) -> String {
    if b.cohort.filters.is_empty() {
        "all peers".to_string()
    } else {
        b.cohort.filters.join(" and ")
    }
}

/// The terminal report.
pub fn table_report(b: &Benchmark, options: &ReportOptions) -> anyhow::Result<Vec<u8>> {
    let paint = options.paint();
    let mut out = String::new();
    let fw = &b.framework;
    writeln!(
        out,
        "{}",
        super::common::title_line(paint, &fw.title, &fw.id, &fw.version)
    )?;
    writeln!(
        out,
        "Cohort: {} peers ({})\n",
        b.cohort.size,
        printable(&filters_line(b))
    )?;
    let mut t = new_table(options);
    t.set_header(vec![
        "",
        "You",
        "Percentile",
        "Cohort Q1 / median / Q3",
        "n",
    ]);
    for (title, p) in rows(b) {
        t.add_row(vec![
            Cell::new(printable(title)),
            Cell::new(pct(p.percent)).set_alignment(CellAlignment::Right),
            Cell::new(ordinal(p.percentile)).set_alignment(CellAlignment::Right),
            Cell::new(quartiles(&p.quartiles)).set_alignment(CellAlignment::Right),
            Cell::new(p.size).set_alignment(CellAlignment::Right),
        ]);
    }
    writeln!(out, "{t}")?;
    writeln!(
        out,
        "{}",
        paint.dim("Percentile: the share of peers below you, counting ties as half (0–100).")
    )?;
    Ok(out.into_bytes())
}

/// The JSON report (docs/json-output.md).
pub fn json_report(b: &Benchmark) -> anyhow::Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(b)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The Markdown report.
pub fn markdown_report(b: &Benchmark) -> anyhow::Result<Vec<u8>> {
    let mut out = String::new();
    writeln!(out, "# {}: benchmark\n", md(&b.framework.title))?;
    writeln!(
        out,
        "Cohort: {} peers ({}).\n",
        b.cohort.size,
        md(&filters_line(b))
    )?;
    writeln!(out, "| | You | Percentile | Q1 | Median | Q3 | n |")?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|---:|")?;
    for (title, p) in rows(b) {
        let q = |i: usize| p.quartiles.map_or("–".to_string(), |q| pct(Some(q[i])));
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            md(title),
            pct(p.percent),
            ordinal(p.percentile),
            q(0),
            q(1),
            q(2),
            p.size
        )?;
    }
    Ok(out.into_bytes())
}

/// The CSV report: one row for the total and one per section.
pub fn csv_report(b: &Benchmark) -> anyhow::Result<Vec<u8>> {
    let mut out = String::new();
    let header = [
        "section",
        "percent",
        "percentile",
        "q1",
        "median",
        "q3",
        "cohort_size",
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
            ],
        );
    };
    row(&mut out, "total", &b.total);
    for s in &b.sections {
        row(&mut out, &s.id, &s.place);
    }
    Ok(out.into_bytes())
}

#[derive(Serialize)]
struct HtmlView<'a> {
    b: &'a Benchmark,
    version: &'static str,
    date: &'a str,
    filters: String,
    rows: Vec<HtmlRow>,
}

#[derive(Serialize)]
struct HtmlRow {
    title: String,
    you: String,
    percentile: String,
    quartiles: String,
    size: usize,
    /// x positions on a 0–600 axis: min, q1, median, q3, max, subject.
    boxplot: Option<[String; 5]>,
    subject: Option<String>,
}

/// The self-contained HTML report.
pub fn html_report(b: &Benchmark, options: &ReportOptions) -> anyhow::Result<Vec<u8>> {
    let x = |p: f64| format!("{:.1}", 10.0 + p.clamp(0.0, 100.0) * 6.0);
    let view = HtmlView {
        b,
        version: env!("CARGO_PKG_VERSION"),
        date: &options.date,
        filters: filters_line(b),
        rows: rows(b)
            .into_iter()
            .map(|(title, p)| HtmlRow {
                title: title.to_string(),
                you: pct(p.percent),
                percentile: ordinal(p.percentile),
                quartiles: quartiles(&p.quartiles),
                size: p.size,
                boxplot: match (p.min, p.quartiles, p.max) {
                    (Some(lo), Some([q1, q2, q3]), Some(hi)) => {
                        Some([x(lo), x(q1), x(q2), x(q3), x(hi)])
                    }
                    _ => None,
                },
                subject: p.percent.map(x),
            })
            .collect(),
    };
    super::common::render_page("benchmark.html", TEMPLATE, view)
}
