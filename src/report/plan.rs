//! Rendering plans (`plan`: TOML, JSON, Markdown, CSV) and their progress
//! (the plan part of `compare --plan` and `trend --plan`). Pure.

use std::fmt::Write as _;

use clap::ValueEnum;

use super::common::{ReportOptions, plural_points};
use super::markup::{Align, Item, Row, Skin, Style, column, plain, styled};
use crate::plan::Plan;
use crate::plan::load::to_toml;
use crate::plan::track::{PlanProgress, StepStatus};
use crate::text::{csv_cell, fmt_num, markdown_escape as esc, pct, plural};

/// Output formats for a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    /// The plan file (TOML) to fill in and track: docs/plan-format.md.
    Toml,
    /// The same plan as JSON.
    Json,
    /// Markdown, to paste into a document or wiki.
    Markdown,
    /// CSV, one row per step, for a spreadsheet or a project tool.
    Csv,
}

/// The columns of a plan as CSV.
pub const PLAN_COLUMNS: [&str; 14] = [
    "step",
    "framework_id",
    "framework_version",
    "section_id",
    "section_title",
    "question_id",
    "question_text",
    "from",
    "to",
    "from_points",
    "points",
    "owner",
    "due",
    "action",
];

/// Renders a plan in a format.
pub fn render(plan: &Plan, format: PlanFormat) -> anyhow::Result<Vec<u8>> {
    Ok(match format {
        PlanFormat::Toml => to_toml(plan)?.into_bytes(),
        PlanFormat::Json => {
            let mut v = serde_json::to_vec_pretty(plan)?;
            v.push(b'\n');
            v
        }
        PlanFormat::Markdown => markdown(plan)?.into_bytes(),
        PlanFormat::Csv => csv(plan).into_bytes(),
    })
}

/// "16/28 (57.1%)".
fn baseline_score(plan: &Plan) -> String {
    let b = &plan.baseline;
    format!(
        "{}/{} ({})",
        fmt_num(b.score),
        fmt_num(b.max),
        pct(Some(b.percent))
    )
}

/// Where the plan comes from, in one line.
fn origin(plan: &Plan) -> String {
    let from = plan
        .baseline
        .answers
        .as_deref()
        .map(|a| format!(" from {a}"))
        .unwrap_or_default();
    let on = plan
        .baseline
        .date
        .as_deref()
        .map(|d| format!(", assessed on {d}"))
        .unwrap_or_default();
    format!("written {}{from}{on}", plan.created)
}

fn planned_points(plan: &Plan) -> f64 {
    crate::scoring::round2(plan.steps.iter().map(|s| s.points).sum())
}

fn markdown(plan: &Plan) -> Result<String, std::fmt::Error> {
    let mut out = String::new();
    writeln!(
        out,
        "# Plan: `{}` {}\n",
        esc(&plan.framework),
        esc(&plan.framework_version)
    )?;
    writeln!(
        out,
        "Plan {}.  \nBaseline: {}. Planned: {} over {}.\n",
        esc(&origin(plan)),
        baseline_score(plan),
        plural_points(planned_points(plan)),
        plural(plan.steps.len(), "step", "steps")
    )?;
    writeln!(
        out,
        "| # | Section | Question | From → to | Points | Owner | Due |"
    )?;
    writeln!(out, "|---:|---|---|---|---:|---|---|")?;
    for (i, s) in plan.steps.iter().enumerate() {
        writeln!(
            out,
            "| {} | {} | {} (`{}`) | {} → {} | +{} | {} | {} |",
            i + 1,
            esc(&s.section_title),
            esc(&s.question_text),
            esc(&s.question),
            esc(&s.from),
            esc(&s.to),
            fmt_num(s.points),
            esc(&s.owner),
            s.due
        )?;
    }
    if !plan.steps.is_empty() {
        writeln!(out, "\n## Actions\n")?;
        for (i, s) in plan.steps.iter().enumerate() {
            writeln!(
                out,
                "{}. **{}**: {}",
                i + 1,
                esc(&s.question),
                esc(&s.action)
            )?;
        }
    }
    Ok(out)
}

fn csv(plan: &Plan) -> String {
    let mut out = String::new();
    let row = |out: &mut String, cells: Vec<String>| {
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    row(
        &mut out,
        PLAN_COLUMNS.iter().map(|c| c.to_string()).collect(),
    );
    for (i, s) in plan.steps.iter().enumerate() {
        row(
            &mut out,
            vec![
                (i + 1).to_string(),
                csv_cell(&plan.framework),
                csv_cell(&plan.framework_version),
                csv_cell(&s.section),
                csv_cell(&s.section_title),
                csv_cell(&s.question),
                csv_cell(&s.question_text),
                csv_cell(&s.from),
                csv_cell(&s.to),
                fmt_num(s.from_points),
                fmt_num(s.points),
                csv_cell(&s.owner),
                s.due.to_string(),
                csv_cell(&s.action),
            ],
        );
    }
    out
}

/// How a plan stands, in one line: `6 of 8 steps done; 7 of 9 points gained
/// (77.8%); 1 overdue`.
pub fn progress_line(p: &PlanProgress) -> String {
    let mut line = format!(
        "{} of {} done; {} of {} gained ({} complete)",
        p.done,
        plural(p.in_scope, "step", "steps"),
        fmt_num(p.gained),
        plural_points(p.planned),
        pct(p.completion)
    );
    let out = p.steps.len() - p.in_scope;
    if out > 0 {
        line.push_str(&format!(
            "; {} out of the plan's scope now",
            plural(out, "step", "steps")
        ));
    }
    if p.overdue > 0 {
        line.push_str(&format!("; {} overdue", p.overdue));
    }
    line
}

/// Where the plan comes from, for progress reports.
pub fn progress_origin(p: &PlanProgress) -> String {
    let from = p
        .baseline
        .answers
        .as_deref()
        .map(|a| format!(" from {a}"))
        .unwrap_or_default();
    let at = p
        .assessed_on
        .as_deref()
        .map(|d| format!(", measured at the assessment of {d}"))
        .unwrap_or_default();
    format!(
        "Plan written {}{from} (baseline {}/{}, {}){at}",
        p.created,
        fmt_num(p.baseline.score),
        fmt_num(p.baseline.max),
        pct(Some(p.baseline.percent))
    )
}

/// Completion at each assessment of a series: `2026-12-15 66.7% → 2027-03-20 83.3%`.
fn history_line(p: &PlanProgress) -> String {
    p.history
        .iter()
        .map(|m| {
            format!(
                "{} {}",
                m.date.as_deref().unwrap_or(&m.label),
                pct(m.completion)
            )
        })
        .collect::<Vec<_>>()
        .join(" → ")
}

/// A step's status in words, with "overdue" when it is.
fn status_text(status: StepStatus, overdue: bool, done_at: Option<&str>) -> String {
    let mut s = status.label().to_string();
    if let Some(at) = done_at {
        s.push_str(&format!(" ({at})"));
    }
    if overdue {
        s.push_str(", overdue");
    }
    s
}

/// The plan's progress, through a report's skin (the terminal or Markdown):
/// where the plan comes from, how far it has come, and one row per step.
pub fn walk_progress(p: &PlanProgress, skin: &mut dyn Skin) {
    skin.part();
    skin.heading("Plan");
    let mut lines = vec![
        Item::line(progress_origin(p)),
        Item {
            head: vec![styled(progress_line(p), Style::Strong)],
            body: None,
        },
    ];
    if !p.history.is_empty() {
        lines.push(Item::line(format!("Completion: {}", history_line(p))));
    }
    skin.list(false, &lines);
    let columns = [
        column("#", Align::Right),
        column("Step", Align::Left),
        column("Owner", Align::Left),
        column("Due", Align::Left),
        column("Status", Align::Left),
        column("Points", Align::Right),
    ];
    let rows: Vec<Row> = p
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let now = s
                .now
                .as_deref()
                .map_or(String::new(), |n| format!(", now {n}"));
            let tone = match s.status {
                StepStatus::Done => Style::Good,
                StepStatus::Regressed => Style::Bad,
                _ if s.overdue => Style::Bad,
                _ => Style::Plain,
            };
            Row {
                cells: vec![
                    plain((i + 1).to_string()),
                    plain(format!(
                        "{} · {}: {} → {}{now}",
                        s.section_title, s.question, s.from, s.to
                    )),
                    plain(s.owner.clone()),
                    plain(s.due.to_string()),
                    styled(status_text(s.status, s.overdue, s.done_at.as_deref()), tone),
                    plain(format!("{}/{}", fmt_num(s.gained), fmt_num(s.planned))),
                ],
                strong: false,
            }
        })
        .collect();
    skin.table(&columns, &rows);
}

/// The plan's progress on its own, for the terminal or Markdown (`compare --plan`).
pub fn progress_report(p: &PlanProgress, markdown: bool, options: &ReportOptions) -> Vec<u8> {
    let mut skin = super::markup::skin(markdown, options);
    walk_progress(p, skin.as_mut());
    skin.finish()
}

/// The plan's progress for an HTML page (the template escapes every string).
#[derive(Debug, serde::Serialize)]
pub struct ProgressHtml {
    origin: String,
    summary: String,
    history: String,
    steps: Vec<StepHtml>,
}

#[derive(Debug, serde::Serialize)]
struct StepHtml {
    step: String,
    owner: String,
    due: String,
    status: String,
    /// `done`, `late` (regressed or overdue) or `open`.
    tone: &'static str,
    points: String,
}

/// The view of a plan's progress that HTML pages render.
pub fn progress_html(p: &PlanProgress) -> ProgressHtml {
    ProgressHtml {
        origin: progress_origin(p),
        summary: progress_line(p),
        history: history_line(p),
        steps: p
            .steps
            .iter()
            .map(|s| StepHtml {
                step: format!(
                    "{}: {} ({} → {}{})",
                    s.section_title,
                    s.question_text,
                    s.from,
                    s.to,
                    s.now
                        .as_deref()
                        .map_or(String::new(), |n| format!(", now {n}"))
                ),
                owner: s.owner.clone(),
                due: s.due.to_string(),
                status: status_text(s.status, s.overdue, s.done_at.as_deref()),
                tone: match s.status {
                    StepStatus::Done => "done",
                    StepStatus::Regressed => "late",
                    _ if s.overdue => "late",
                    _ => "open",
                },
                points: format!("{}/{}", fmt_num(s.gained), fmt_num(s.planned)),
            })
            .collect(),
    }
}
