//! Rendering a [`Comparison`]: terminal table, JSON and Markdown.

use std::fmt::Write as _;

use clap::ValueEnum;
use comfy_table::{Cell, CellAlignment, Color};

use super::common::{ReportOptions, new_table, pct, section_title_in};
use crate::compare::{Comparison, Direction};
use crate::text::{Paint, fmt_num, markdown_escape};

/// Output formats for a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    /// A table for the terminal.
    Table,
    /// JSON for programs (see docs/json-output.md).
    Json,
    /// Markdown, to paste into a document.
    Markdown,
}

/// A signed number of points: `+2 points`, `-1 point`, `+0.5 points`, `0 points`.
fn signed(x: f64) -> String {
    let unit = if (x.abs() - 1.0).abs() < crate::text::EPS {
        "point"
    } else {
        "points"
    };
    if x > 0.0 {
        format!("+{} {unit}", fmt_num(x))
    } else {
        format!("{} {unit}", fmt_num(x + 0.0))
    }
}

fn marker(d: Direction) -> &'static str {
    match d {
        Direction::Improved => "▲ improved",
        Direction::Regressed => "▼ regressed",
        Direction::Changed => "• changed",
        Direction::ScopeChanged => "○ scope changed",
    }
}

fn band_line(c: &Comparison) -> String {
    let label = |b: &Option<crate::scoring::BandResult>| {
        b.as_ref().map_or("(none)".to_string(), |b| b.label.clone())
    };
    if c.band.changed {
        format!("Band: {} → {}", label(&c.band.before), label(&c.band.after))
    } else {
        format!("Band: {} (unchanged)", label(&c.band.after))
    }
}

/// Renders a comparison in a format.
pub fn render(
    c: &Comparison,
    format: CompareFormat,
    options: &ReportOptions,
) -> anyhow::Result<Vec<u8>> {
    Ok(match format {
        CompareFormat::Json => {
            let mut v = serde_json::to_vec_pretty(c)?;
            v.push(b'\n');
            v
        }
        CompareFormat::Table => table(c, options)?.into_bytes(),
        CompareFormat::Markdown => markdown(c, options)?.into_bytes(),
    })
}

fn table(c: &Comparison, options: &ReportOptions) -> Result<String, std::fmt::Error> {
    let p: Paint = options.paint();
    let mut out = String::new();
    writeln!(
        out,
        "{}
",
        super::common::title_line(p, &c.framework.title, &c.framework.id, &c.framework.version)
    )?;
    let mut t = new_table(options);
    t.set_width(options.width);
    t.set_header(vec!["Section", "Before", "After", "Change"]);
    let colour = |d: f64| {
        if d > 0.0 {
            Color::Green
        } else if d < 0.0 {
            Color::Red
        } else {
            Color::Reset
        }
    };
    let row =
        |title: Cell, before: f64, after: f64, delta: f64, bp: Option<f64>, ap: Option<f64>| {
            vec![
                title,
                Cell::new(format!("{} ({})", fmt_num(before), pct(bp)))
                    .set_alignment(CellAlignment::Right),
                Cell::new(format!("{} ({})", fmt_num(after), pct(ap)))
                    .set_alignment(CellAlignment::Right),
                Cell::new(signed(delta))
                    .set_alignment(CellAlignment::Right)
                    .fg(colour(delta)),
            ]
        };
    for s in c
        .sections
        .iter()
        .filter(|s| s.before_percent.is_some() || s.after_percent.is_some())
    {
        t.add_row(row(
            Cell::new(&s.title),
            s.before,
            s.after,
            s.delta,
            s.before_percent,
            s.after_percent,
        ));
    }
    let tt = &c.total;
    let total = Cell::new("Total").add_attribute(comfy_table::Attribute::Bold);
    t.add_row(row(
        total,
        tt.before,
        tt.after,
        tt.delta,
        tt.before_percent,
        tt.after_percent,
    ));
    writeln!(out, "{t}\n")?;
    writeln!(out, "{}\n", band_line(c))?;
    if c.changed.is_empty() {
        writeln!(out, "No answer changed.")?;
    } else {
        writeln!(
            out,
            "{}",
            p.bold(format!("Changed answers ({})", c.changed.len()))
        )?;
        for q in &c.changed {
            let m = match q.direction {
                Direction::Improved => p.green(marker(q.direction)),
                Direction::Regressed => p.red(marker(q.direction)),
                Direction::Changed | Direction::ScopeChanged => p.dim(marker(q.direction)),
            };
            writeln!(
                out,
                "{m} {} {}",
                p.cyan(&q.question),
                p.dim(format!("({})", signed(q.delta)))
            )?;
            writeln!(
                out,
                "{}",
                crate::text::wrap(&q.text, usize::from(options.width), "    ")
            )?;
            writeln!(out, "    {} → {}", q.before, q.after)?;
        }
    }
    if let Some(plan) = &c.plan {
        writeln!(out)?;
        out.push_str(&String::from_utf8_lossy(&super::plan::progress_report(
            plan, false, options,
        )));
    }
    Ok(out)
}

/// Markdown with every text from the files escaped ([`markdown_escape`]).
fn markdown(c: &Comparison, options: &ReportOptions) -> Result<String, std::fmt::Error> {
    let esc = markdown_escape;
    let mut out = String::new();
    writeln!(out, "# {}: comparison\n", esc(&c.framework.title))?;
    writeln!(
        out,
        "**Total: {} → {} ({})**  \n{}\n",
        fmt_num(c.total.before),
        fmt_num(c.total.after),
        signed(c.total.delta),
        esc(&band_line(c))
    )?;
    writeln!(
        out,
        "| Section | Before | After | Change |\n|---|---:|---:|---:|"
    )?;
    for s in c
        .sections
        .iter()
        .filter(|s| s.before_percent.is_some() || s.after_percent.is_some())
    {
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            esc(&s.title),
            fmt_num(s.before),
            fmt_num(s.after),
            signed(s.delta)
        )?;
    }
    writeln!(
        out,
        "| **Total** | **{}** | **{}** | **{}** |",
        fmt_num(c.total.before),
        fmt_num(c.total.after),
        signed(c.total.delta)
    )?;
    if !c.changed.is_empty() {
        writeln!(out, "\n## Changed answers\n")?;
        for q in &c.changed {
            writeln!(
                out,
                "- {} **{}** · `{}` {}: {} → {} ({})",
                marker(q.direction),
                esc(section_title_in(&c.sections, &q.section)),
                q.question.replace('`', ""),
                esc(&q.text),
                esc(&q.before),
                esc(&q.after),
                signed(q.delta)
            )?;
        }
    }
    if let Some(plan) = &c.plan {
        writeln!(out)?;
        out.push_str(&String::from_utf8_lossy(&super::plan::progress_report(
            plan, true, options,
        )));
    }
    Ok(out)
}
