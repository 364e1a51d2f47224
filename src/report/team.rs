//! Rendering a [`TeamReport`]: terminal table, JSON, Markdown, CSV and HTML.
//! Pure: colour, width and date are parameters. No output names a respondent.

use std::fmt::Write as _;

use comfy_table::{Cell, CellAlignment};
use serde::Serialize;

use super::escape::{csv_num, csv_row, csv_text, md};
use super::escape::{pct1 as pct, round1};
use super::{ReportOptions, new_table, wrap};
use crate::diagnostic::printable;
use crate::team::{LOW_AGREEMENT, QuestionStats, Stats, TeamReport};
use crate::text::fmt_num;

const TEMPLATE: &str = include_str!("templates/team.html");

/// How many roadmap steps the terminal and Markdown show.
const ROADMAP_SHOWN: usize = 10;

fn opt(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_string(), |x| fmt_num(round1(x)))
}

fn stats_cells(s: &Stats) -> Vec<Cell> {
    [s.mean, s.median, s.min, s.max]
        .iter()
        .map(|v| Cell::new(pct(*v)).set_alignment(CellAlignment::Right))
        .chain([Cell::new(opt(s.sd)).set_alignment(CellAlignment::Right)])
        .collect()
}

/// The answers' distribution in one line: `Yes 5 · No 3 · I don't know 1`.
fn distribution_line(q: &QuestionStats) -> String {
    q.distribution
        .iter()
        .zip(&q.labels)
        .filter(|((_, n), _)| *n > 0)
        .map(|((_, n), label)| format!("{label} {n}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn agreement_text(q: &QuestionStats) -> String {
    match q.agreement {
        Some(a) if a < LOW_AGREEMENT => format!("{a:.2} low"),
        Some(a) => format!("{a:.2}"),
        None => "–".to_string(),
    }
}

fn section_title<'a>(r: &'a TeamReport, id: &'a str) -> &'a str {
    r.sections
        .iter()
        .find(|s| s.id == id)
        .map_or(id, |s| s.title.as_str())
}

fn question<'a>(r: &'a TeamReport, id: &str) -> Option<&'a QuestionStats> {
    r.questions.iter().find(|q| q.id == id)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The terminal report.
pub fn table_report(r: &TeamReport, options: &ReportOptions) -> anyhow::Result<Vec<u8>> {
    let (paint, width) = (options.paint(), usize::from(options.width));
    let mut out = String::new();
    let fw = &r.framework;
    writeln!(
        out,
        "{}",
        super::common::title_line(paint, &fw.title, &fw.id, &fw.version)
    )?;
    writeln!(
        out,
        "Team of {}\n",
        plural(r.respondents, "respondent", "respondents")
    )?;

    let mut t = new_table(options);
    t.set_header(vec!["", "Mean", "Median", "Min", "Max", "SD", "Spread"]);
    let spread = |strip: &[(f64, usize)]| {
        let mut cells = [0usize; 10];
        for (p, n) in strip {
            cells[((p / 10.0).floor() as usize).min(9)] += n;
        }
        let top = cells.iter().copied().max().unwrap_or(0).max(1);
        cells
            .iter()
            .map(|c| match c {
                0 => '·',
                c => ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'][(c * 7).div_ceil(top).min(7)],
            })
            .collect::<String>()
    };
    let mut row = vec![Cell::new("Total")];
    row.extend(stats_cells(&r.total.stats));
    row.push(Cell::new(spread(&r.total.strip)));
    t.add_row(row);
    for s in r.sections.iter().filter(|s| s.stats.respondents > 0) {
        let mut row = vec![Cell::new(printable(&s.title))];
        row.extend(stats_cells(&s.stats));
        row.push(Cell::new(spread(&s.strip)));
        t.add_row(row);
    }
    writeln!(out, "{t}")?;
    writeln!(
        out,
        "{}\n",
        paint.dim("Percent of each section's maximum. Spread: respondents per tenth, 0% → 100%.")
    )?;

    let typical = &r.typical;
    writeln!(
        out,
        "{} {} of {} points ({}){}\n",
        paint.bold("Typical answers score:"),
        fmt_num(typical.score),
        fmt_num(typical.max),
        pct(Some(typical.percent)),
        typical
            .band
            .as_ref()
            .map_or(String::new(), |b| format!(", band {}", printable(&b.label)))
    )?;

    if !r.disagreements.is_empty() {
        writeln!(
            out,
            "{}",
            paint.bold(
                "Discuss first: where the team disagrees most (agreement 0 = split, 1 = unanimous)"
            )
        )?;
        for (i, id) in r.disagreements.iter().enumerate() {
            let Some(q) = question(r, id) else { continue };
            let flag = if q.low_agreement {
                paint.red(agreement_text(q))
            } else {
                agreement_text(q)
            };
            let head = format!(
                "{} · {} {}",
                printable(section_title(r, &q.section)),
                printable(&q.text),
                paint.dim(format!("({})", q.id))
            );
            writeln!(
                out,
                "{:>2}. [{flag}] {}",
                i + 1,
                wrap(&head, width, "    ").trim_start()
            )?;
            writeln!(
                out,
                "{}",
                wrap(&printable(&distribution_line(q)), width, "    ")
            )?;
        }
        writeln!(out)?;
    }

    if !r.roadmap.is_empty() {
        let shown = r.roadmap.len().min(ROADMAP_SHOWN);
        writeln!(
            out,
            "{}",
            paint.bold(format!(
                "Team roadmap, from the team's typical answers (top {shown} of {})",
                r.roadmap.len()
            ))
        )?;
        for (i, step) in r.roadmap.iter().take(shown).enumerate() {
            let head = format!(
                "{} · {}: {} → {}",
                printable(section_title(r, &step.section)),
                step.question,
                printable(&step.current),
                printable(&step.next)
            );
            writeln!(
                out,
                "{:>2}. {}",
                i + 1,
                wrap(&head, width, "    ").trim_start()
            )?;
            writeln!(out, "{}", wrap(&printable(&step.text), width, "    "))?;
        }
        writeln!(out)?;
    }

    if !r.blind_spots.is_empty() {
        writeln!(
            out,
            "{}",
            paint.bold("Team blind spots: a third or more could not answer")
        )?;
        for b in &r.blind_spots {
            let line = format!(
                "{} · {}: {} don't know, {} unanswered of {} asked",
                printable(section_title(r, &b.section)),
                printable(&b.text),
                b.idk,
                b.unanswered,
                b.asked
            );
            writeln!(out, "{}", wrap(&line, width, "  "))?;
        }
        writeln!(out)?;
    }

    if let Some(by) = &r.by {
        writeln!(
            out,
            "{}",
            paint.bold(format!(
                "Groups by {} (groups under {} are pooled, never shown alone)",
                printable(by),
                r.min_group
            ))
        )?;
        if r.groups.is_empty() {
            writeln!(out, "  No group is large enough to show.")?;
        } else {
            let mut t = new_table(options);
            let mut header = vec!["Group".to_string(), "n".into(), "Total".into()];
            header.extend(
                r.sections
                    .iter()
                    .filter(|s| s.stats.respondents > 0)
                    .map(|s| printable(&s.title)),
            );
            t.set_header(header);
            for g in &r.groups {
                let mut row = vec![
                    Cell::new(printable(&g.name)),
                    Cell::new(g.respondents).set_alignment(CellAlignment::Right),
                    Cell::new(pct(Some(g.mean))).set_alignment(CellAlignment::Right),
                ];
                row.extend(
                    g.sections
                        .iter()
                        .zip(&r.sections)
                        .filter(|(_, s)| s.stats.respondents > 0)
                        .map(|(gs, _)| Cell::new(pct(gs.mean)).set_alignment(CellAlignment::Right)),
                );
                t.add_row(row);
            }
            writeln!(out, "{t}")?;
            for gap in r.gaps.iter().filter(|g| g.gap > 0.0) {
                let name = if gap.section == "total" {
                    "Total"
                } else {
                    section_title(r, &gap.section)
                };
                writeln!(
                    out,
                    "  {}: {} points between {} ({}) and {} ({})",
                    printable(name),
                    fmt_num(round1(gap.gap)),
                    printable(&gap.high),
                    pct(Some(gap.high_mean)),
                    printable(&gap.low),
                    pct(Some(gap.low_mean))
                )?;
            }
        }
    }
    Ok(out.into_bytes())
}

/// The JSON report (docs/json-output.md).
pub fn json_report(r: &TeamReport) -> anyhow::Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(r)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The Markdown report.
pub fn markdown_report(r: &TeamReport, options: &ReportOptions) -> anyhow::Result<Vec<u8>> {
    let mut out = String::new();
    let fw = &r.framework;
    writeln!(out, "# {}: team assessment\n", md(&fw.title))?;
    writeln!(
        out,
        "Framework: `{}` {} · Respondents: {} · Date: {}\n",
        fw.id,
        md(&fw.version),
        r.respondents,
        options.date
    )?;
    writeln!(out, "## Sections\n")?;
    writeln!(out, "| Section | Mean | Median | Min | Max | SD |")?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|")?;
    let line = |name: &str, s: &Stats| {
        format!(
            "| {} | {} | {} | {} | {} | {} |",
            name,
            pct(s.mean),
            pct(s.median),
            pct(s.min),
            pct(s.max),
            opt(s.sd)
        )
    };
    writeln!(out, "{}", line("**Total**", &r.total.stats))?;
    for s in r.sections.iter().filter(|s| s.stats.respondents > 0) {
        writeln!(out, "{}", line(&md(&s.title), &s.stats))?;
    }
    writeln!(
        out,
        "\nTypical answers score {} of {} points ({}){}.\n",
        fmt_num(r.typical.score),
        fmt_num(r.typical.max),
        pct(Some(r.typical.percent)),
        r.typical
            .band
            .as_ref()
            .map_or(String::new(), |b| format!(", band **{}**", md(&b.label)))
    )?;
    if !r.disagreements.is_empty() {
        writeln!(out, "## Discuss first: where the team disagrees most\n")?;
        writeln!(out, "| # | Question | Agreement | Answers |")?;
        writeln!(out, "|---:|---|---:|---|")?;
        for (i, id) in r.disagreements.iter().enumerate() {
            let Some(q) = question(r, id) else { continue };
            writeln!(
                out,
                "| {} | {} (`{}`) | {} | {} |",
                i + 1,
                md(&q.text),
                md(&q.id),
                agreement_text(q),
                md(&distribution_line(q))
            )?;
        }
        writeln!(out)?;
    }
    if !r.roadmap.is_empty() {
        writeln!(out, "## Team roadmap\n")?;
        for (i, step) in r.roadmap.iter().take(ROADMAP_SHOWN).enumerate() {
            writeln!(
                out,
                "{}. **{} · {}**: {} → {}. {}",
                i + 1,
                md(section_title(r, &step.section)),
                md(&step.question),
                md(&step.current),
                md(&step.next),
                md(&step.text)
            )?;
        }
        writeln!(out)?;
    }
    if !r.blind_spots.is_empty() {
        writeln!(out, "## Team blind spots\n")?;
        for b in &r.blind_spots {
            writeln!(
                out,
                "- {}: {} don't know, {} unanswered of {} asked",
                md(&b.text),
                b.idk,
                b.unanswered,
                b.asked
            )?;
        }
        writeln!(out)?;
    }
    if let Some(by) = &r.by {
        writeln!(out, "## Groups by {}\n", md(by))?;
        writeln!(
            out,
            "Groups under {} respondents are pooled, never shown alone.\n",
            r.min_group
        )?;
        let shown: Vec<_> = r
            .sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.stats.respondents > 0)
            .collect();
        let head: Vec<String> = shown.iter().map(|(_, s)| md(&s.title)).collect();
        writeln!(out, "| Group | n | Total | {} |", head.join(" | "))?;
        writeln!(out, "|---|---:|---:|{}", "---:|".repeat(head.len()))?;
        for g in &r.groups {
            let cells: Vec<String> = shown
                .iter()
                .map(|(i, _)| pct(g.sections[*i].mean))
                .collect();
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                md(&g.name),
                g.respondents,
                pct(Some(g.mean)),
                cells.join(" | ")
            )?;
        }
    }
    Ok(out.into_bytes())
}

/// The CSV report: one row per question.
pub fn csv_report(r: &TeamReport) -> anyhow::Result<Vec<u8>> {
    let mut out = String::new();
    let header = [
        "section",
        "question",
        "text",
        "kind",
        "asked",
        "answered",
        "idk",
        "unanswered",
        "mean_points",
        "max_points",
        "agreement",
        "low_agreement",
        "typical",
        "distribution",
    ];
    csv_row(&mut out, &header.map(String::from));
    for q in &r.questions {
        let count = |key: &str| {
            q.distribution
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .map_or(0, |(_, n)| *n)
        };
        let options = q.distribution.len().saturating_sub(2);
        let distribution = q.distribution[..options]
            .iter()
            .map(|(k, n)| format!("{k}={n}"))
            .collect::<Vec<_>>()
            .join("; ");
        csv_row(
            &mut out,
            &[
                csv_text(&q.section),
                csv_text(&q.id),
                csv_text(&q.text),
                q.kind.name().to_string(),
                q.asked.to_string(),
                q.answered.to_string(),
                count("idk").to_string(),
                count("unanswered").to_string(),
                csv_num(q.mean_points),
                fmt_num(q.max_points),
                csv_num(q.agreement),
                q.low_agreement.to_string(),
                csv_text(q.typical.as_deref().unwrap_or("")),
                csv_text(&distribution),
            ],
        );
    }
    Ok(out.into_bytes())
}

#[derive(Serialize)]
struct HtmlView<'a> {
    r: &'a TeamReport,
    version: &'static str,
    date: &'a str,
    total: Strip,
    sections: Vec<Strip>,
    questions: Vec<HtmlSection>,
    disagreements: Vec<HtmlQuestion>,
    roadmap: Vec<HtmlStep>,
    groups: Vec<HtmlGroup>,
    group_heads: Vec<String>,
    gaps: Vec<String>,
    low: String,
    typical: String,
}

#[derive(Serialize)]
struct Strip {
    title: String,
    mean: String,
    median: String,
    sd: String,
    range: String,
    mean_x: String,
    dots: Vec<(String, String)>,
    height: usize,
}

#[derive(Serialize)]
struct HtmlSection {
    title: String,
    questions: Vec<HtmlQuestion>,
}

#[derive(Serialize)]
struct HtmlQuestion {
    id: String,
    text: String,
    agreement: String,
    low: bool,
    typical: String,
    segments: Vec<Segment>,
    /// Multi: one bar per option, the share of those who answered who ticked it.
    multi: bool,
}

#[derive(Serialize)]
struct Segment {
    label: String,
    count: usize,
    width: String,
    class: String,
}

#[derive(Serialize)]
struct HtmlStep {
    section: String,
    question: String,
    current: String,
    next: String,
    text: String,
}

#[derive(Serialize)]
struct HtmlGroup {
    name: String,
    respondents: usize,
    total: String,
    cells: Vec<String>,
}

/// Dots of a strip: x from 0 to 600 for 0–100%, stacked upwards when values repeat.
fn strip(title: &str, s: &Stats, values: &[(f64, usize)]) -> Strip {
    let x = |p: f64| format!("{:.1}", 10.0 + p.clamp(0.0, 100.0) * 6.0);
    let tallest = values
        .iter()
        .map(|(_, n)| (*n).min(12))
        .max()
        .unwrap_or(1)
        .max(1);
    let height = 8 + tallest * 7 + 18;
    let mut dots = Vec::new();
    for (p, n) in values {
        for k in 0..(*n).min(12) {
            dots.push((x(*p), format!("{}", height - 24 - k * 7)));
        }
    }
    Strip {
        title: title.to_string(),
        mean: pct(s.mean),
        median: pct(s.median),
        sd: opt(s.sd),
        range: format!("{} – {}", pct(s.min), pct(s.max)),
        mean_x: s.mean.map_or_else(String::new, x),
        dots,
        height,
    }
}

fn html_question(q: &QuestionStats) -> HtmlQuestion {
    let multi = q.kind == crate::framework::Kind::Multi;
    let options = q.distribution.len().saturating_sub(2);
    let total: usize = if multi {
        q.asked
    } else {
        q.distribution.iter().map(|(_, n)| n).sum()
    };
    let segments = q
        .distribution
        .iter()
        .zip(&q.labels)
        .enumerate()
        .filter(|(_, ((_, n), _))| *n > 0)
        .map(|(i, ((key, n), label))| Segment {
            label: label.clone(),
            count: *n,
            width: format!("{:.2}", *n as f64 * 100.0 / total.max(1) as f64),
            class: if i >= options {
                key.clone()
            } else {
                format!("c{}", (i * 6 / options.max(1)).min(5))
            },
        })
        .collect();
    HtmlQuestion {
        id: q.id.clone(),
        text: q.text.clone(),
        agreement: agreement_text(q),
        low: q.low_agreement,
        typical: q.typical.clone().unwrap_or_default(),
        segments,
        multi,
    }
}

/// The self-contained HTML report.
pub fn html_report(r: &TeamReport, options: &ReportOptions) -> anyhow::Result<Vec<u8>> {
    let shown: Vec<usize> = r
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.stats.respondents > 0)
        .map(|(i, _)| i)
        .collect();
    let view = HtmlView {
        r,
        version: env!("CARGO_PKG_VERSION"),
        date: &options.date,
        total: strip("Total", &r.total.stats, &r.total.strip),
        sections: shown
            .iter()
            .map(|i| {
                strip(
                    &r.sections[*i].title,
                    &r.sections[*i].stats,
                    &r.sections[*i].strip,
                )
            })
            .collect(),
        questions: r
            .sections
            .iter()
            .map(|s| HtmlSection {
                title: s.title.clone(),
                questions: r
                    .questions
                    .iter()
                    .filter(|q| q.section == s.id && q.kind != crate::framework::Kind::Text)
                    .map(html_question)
                    .collect(),
            })
            .filter(|s| !s.questions.is_empty())
            .collect(),
        disagreements: r
            .disagreements
            .iter()
            .filter_map(|id| question(r, id))
            .map(html_question)
            .collect(),
        roadmap: r
            .roadmap
            .iter()
            .map(|s| HtmlStep {
                section: section_title(r, &s.section).to_string(),
                question: question(r, &s.question).map_or(s.question.clone(), |q| q.text.clone()),
                current: s.current.clone(),
                next: s.next.clone(),
                text: s.text.clone(),
            })
            .collect(),
        group_heads: shown.iter().map(|i| r.sections[*i].title.clone()).collect(),
        groups: r
            .groups
            .iter()
            .map(|g| HtmlGroup {
                name: g.name.clone(),
                respondents: g.respondents,
                total: pct(Some(g.mean)),
                cells: shown.iter().map(|i| pct(g.sections[*i].mean)).collect(),
            })
            .collect(),
        gaps: r
            .gaps
            .iter()
            .filter(|g| g.gap > 0.0)
            .map(|g| {
                let name = if g.section == "total" {
                    "Total"
                } else {
                    section_title(r, &g.section)
                };
                format!(
                    "{name}: {} points between {} ({}) and {} ({})",
                    fmt_num(round1(g.gap)),
                    g.high,
                    pct(Some(g.high_mean)),
                    g.low,
                    pct(Some(g.low_mean))
                )
            })
            .collect(),
        low: format!("{LOW_AGREEMENT:.2}"),
        typical: format!(
            "{} of {} points ({})",
            fmt_num(r.typical.score),
            fmt_num(r.typical.max),
            pct(Some(r.typical.percent))
        ),
    };
    super::common::render_page("team.html", TEMPLATE, view)
}
