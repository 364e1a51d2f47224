//! Rendering a [`Trend`]: terminal lines with sparklines, JSON, Markdown, CSV
//! and HTML with a line chart per section. Pure: colour and width are parameters.

use std::fmt::Write as _;

use serde::Serialize;

use super::escape::{csv_num, csv_row, csv_text, md, sparkline};
use super::escape::{pct1 as pct, round1};
use super::{ReportOptions, wrap};
use crate::diagnostic::printable;
use crate::text::fmt_num;
use crate::trend::{Series, Trend};

const TEMPLATE: &str = include_str!("templates/trend.html");

/// A signed change in percentage points: `+12.5`, `-3`, `0`, or `–`.
fn signed(x: Option<f64>) -> String {
    match x {
        Some(x) if x > 0.0 => format!("+{}", fmt_num(round1(x))),
        Some(x) => fmt_num(round1(x)),
        None => "–".to_string(),
    }
}

fn change(s: &Series) -> String {
    format!("{} → {}", pct(s.first), pct(s.last))
}

fn point_name(t: &Trend, i: usize) -> String {
    t.points.get(i).map_or_else(String::new, |p| match &p.date {
        Some(d) => format!("{d} ({})", p.label),
        None => p.label.clone(),
    })
}

/// The terminal report.
pub fn table_report(t: &Trend, options: &ReportOptions) -> anyhow::Result<Vec<u8>> {
    let (paint, width) = (options.paint(), usize::from(options.width));
    let mut out = String::new();
    let fw = &t.framework;
    writeln!(
        out,
        "{}",
        super::common::title_line(paint, &fw.title, &fw.id, &fw.version)
    )?;
    writeln!(
        out,
        "{} assessments, ordered by {}\n",
        t.points.len(),
        if t.ordered_by == "date" {
            "date"
        } else {
            "the order given"
        }
    )?;
    for (i, p) in t.points.iter().enumerate() {
        let who = if p.respondents > 1 {
            format!(" (team of {})", p.respondents)
        } else {
            String::new()
        };
        writeln!(
            out,
            "{:>2}. {:<10} {:>6}  {}  {}{}",
            i + 1,
            p.date.as_deref().unwrap_or("no date"),
            pct(Some(p.total.percent)),
            printable(p.band.as_ref().map_or("(no band)", |b| b.label.as_str())),
            paint.dim(printable(&p.label)),
            who
        )?;
    }
    writeln!(out)?;
    let name_width = t
        .sections
        .iter()
        .map(|s| console::measure_text_width(&s.title))
        .max()
        .unwrap_or(5)
        .clamp(5, 40);
    let line = |title: &str, values: &[Option<f64>], s: &Series| {
        let delta = signed(s.delta);
        let delta = match s.delta {
            Some(d) if d > 0.0 => paint.green(delta),
            Some(d) if d < 0.0 => paint.red(delta),
            _ => delta,
        };
        let title: String = printable(title).chars().take(name_width).collect();
        format!(
            "{title:<name_width$}  {}  {:<16} {delta}",
            sparkline(values),
            change(s)
        )
    };
    let totals: Vec<Option<f64>> = t.points.iter().map(|p| Some(p.total.percent)).collect();
    writeln!(out, "{}", paint.bold(line("Total", &totals, &t.total)))?;
    for s in &t.sections {
        if s.series.iter().any(Option::is_some) {
            writeln!(out, "{}", line(&s.title, &s.series, &s.change))?;
        }
    }
    writeln!(out)?;
    if !t.band_changes.is_empty() {
        writeln!(out, "{}", paint.bold("Band changes"))?;
        for c in &t.band_changes {
            writeln!(
                out,
                "  {}: {} → {}",
                printable(&point_name(t, c.point)),
                printable(c.before.as_deref().unwrap_or("(none)")),
                printable(c.after.as_deref().unwrap_or("(none)"))
            )?;
        }
        writeln!(out)?;
    }
    if !t.regressions.is_empty() {
        writeln!(
            out,
            "{}",
            paint.bold("Regressed since the previous assessment")
        )?;
        for r in &t.regressions {
            let text = format!(
                "{}: {} ({}) {} → {} points",
                printable(&point_name(t, r.point)),
                printable(&r.text),
                r.question,
                fmt_num(r.before),
                fmt_num(r.after)
            );
            writeln!(out, "{}", wrap(&text, width, "  "))?;
        }
    }
    if let Some(plan) = &t.plan {
        writeln!(out)?;
        out.push_str(&super::plan::progress_table(plan, options)?);
    }
    Ok(out.into_bytes())
}

/// The JSON report (docs/json-output.md).
pub fn json_report(t: &Trend) -> anyhow::Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(t)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The Markdown report: one column per assessment.
pub fn markdown_report(t: &Trend) -> anyhow::Result<Vec<u8>> {
    let mut out = String::new();
    writeln!(out, "# {}: progress\n", md(&t.framework.title))?;
    let heads: Vec<String> = t
        .points
        .iter()
        .map(|p| md(p.date.as_deref().unwrap_or(&p.label)))
        .collect();
    writeln!(out, "| Section | {} | Change |", heads.join(" | "))?;
    writeln!(out, "|---|{}---:|", "---:|".repeat(heads.len()))?;
    let totals: Vec<String> = t
        .points
        .iter()
        .map(|p| pct(Some(p.total.percent)))
        .collect();
    writeln!(
        out,
        "| **Total** | {} | {} |",
        totals.join(" | "),
        signed(t.total.delta)
    )?;
    for s in &t.sections {
        if s.series.iter().all(Option::is_none) {
            continue;
        }
        let cells: Vec<String> = s.series.iter().map(|p| pct(*p)).collect();
        writeln!(
            out,
            "| {} | {} | {} |",
            md(&s.title),
            cells.join(" | "),
            signed(s.change.delta)
        )?;
    }
    let bands: Vec<String> = t
        .points
        .iter()
        .map(|p| md(p.band.as_ref().map_or("–", |b| b.label.as_str())))
        .collect();
    writeln!(out, "| Band | {} | |", bands.join(" | "))?;
    if !t.regressions.is_empty() {
        writeln!(out, "\n## Regressed since the previous assessment\n")?;
        for r in &t.regressions {
            writeln!(
                out,
                "- {}: {} (`{}`) {} → {} points",
                md(&point_name(t, r.point)),
                md(&r.text),
                md(&r.question),
                fmt_num(r.before),
                fmt_num(r.after)
            )?;
        }
    }
    if let Some(plan) = &t.plan {
        writeln!(out)?;
        out.push_str(&super::plan::progress_markdown(plan)?);
    }
    Ok(out.into_bytes())
}

/// The CSV report: one row per assessment and section (and the total).
pub fn csv_report(t: &Trend) -> anyhow::Result<Vec<u8>> {
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

#[derive(Serialize)]
struct HtmlView<'a> {
    t: &'a Trend,
    version: &'static str,
    date: &'a str,
    charts: Vec<Chart>,
    labels: Vec<String>,
    bands: Vec<String>,
    totals: Vec<String>,
    regressions: Vec<String>,
    plan: Option<super::plan::ProgressHtml>,
}

#[derive(Serialize)]
struct Chart {
    title: String,
    change: String,
    delta: String,
    path: String,
    dots: Vec<(String, String, String)>,
    ticks: Vec<(String, String)>,
}

fn chart(title: &str, values: &[Option<f64>], s: &Series, labels: &[String]) -> Chart {
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
        title: title.to_string(),
        change: change(s),
        delta: signed(s.delta),
        path: path.trim_end().to_string(),
        dots,
        ticks: labels
            .iter()
            .enumerate()
            .map(|(i, l)| (format!("{:.1}", x(i)), l.clone()))
            .collect(),
    }
}

/// The self-contained HTML report.
pub fn html_report(t: &Trend, options: &ReportOptions) -> anyhow::Result<Vec<u8>> {
    let labels: Vec<String> = t
        .points
        .iter()
        .map(|p| p.date.clone().unwrap_or_else(|| p.label.clone()))
        .collect();
    let totals: Vec<Option<f64>> = t.points.iter().map(|p| Some(p.total.percent)).collect();
    let mut charts = vec![chart("Total", &totals, &t.total, &labels)];
    charts.extend(
        t.sections
            .iter()
            .filter(|s| s.series.iter().any(Option::is_some))
            .map(|s| chart(&s.title, &s.series, &s.change, &labels)),
    );
    let view = HtmlView {
        t,
        version: env!("CARGO_PKG_VERSION"),
        date: &options.date,
        charts,
        bands: t
            .points
            .iter()
            .map(|p| p.band.as_ref().map_or("–".to_string(), |b| b.label.clone()))
            .collect(),
        totals: t
            .points
            .iter()
            .map(|p| pct(Some(p.total.percent)))
            .collect(),
        labels,
        plan: t.plan.as_ref().map(super::plan::progress_html),
        regressions: t
            .regressions
            .iter()
            .map(|r| {
                format!(
                    "{}: {} ({} → {} points)",
                    point_name(t, r.point),
                    r.text,
                    fmt_num(r.before),
                    fmt_num(r.after)
                )
            })
            .collect(),
    };
    super::common::render_page("trend.html", TEMPLATE, view)
}
