//! The terminal report: sections with bars, the band, the roadmap and blind spots.

use std::fmt::Write as _;

use comfy_table::{Attribute, Cell, CellAlignment, Color};

use super::common::{
    ROADMAP_RULE, ReportOptions, Reporter, Tone, bar, gain_label, new_table, pct, profile_line,
    respondent_line, score_of, section_title, source_line, step_advice, tone, wrap,
};
use crate::scoring::Scorecard;
use crate::text::{Paint, printable};

/// How many roadmap steps the terminal shows; the other formats list all.
const ROADMAP_SHOWN: usize = 10;

/// Writes the scorecard for a terminal.
pub struct TableReporter;

/// The table colour of a percentage.
fn shade(percent: Option<f64>) -> Color {
    match tone(percent) {
        Tone::Good => Color::Green,
        Tone::Mid => Color::Yellow,
        Tone::Low => Color::Red,
        Tone::None => Color::DarkGrey,
    }
}

/// Text coloured by the tone of a percentage.
fn tint(paint: Paint, percent: Option<f64>, text: String) -> String {
    match tone(percent) {
        Tone::Good => paint.green(text),
        Tone::Mid => paint.yellow(text),
        Tone::Low => paint.red(text),
        Tone::None => paint.dim(text),
    }
}

impl Reporter for TableReporter {
    fn render(&self, card: &Scorecard, options: &ReportOptions) -> anyhow::Result<Vec<u8>> {
        let width = usize::from(options.width);
        let p = options.paint();
        let mut out = String::new();
        let fw = &card.framework;
        writeln!(
            out,
            "{}",
            wrap(
                &super::common::title_line(p, &fw.title, &fw.id, &fw.version),
                width,
                ""
            )
        )?;
        if let Some(who) = respondent_line(card) {
            let line = format!("Respondent: {}", printable(&who));
            writeln!(out, "{}", wrap(&line, width, ""))?;
        }
        if let Some(src) = source_line(card) {
            writeln!(out, "{}", p.dim(wrap(&printable(&src), width, "")))?;
        }
        writeln!(out)?;

        let mut t = new_table(options);
        t.set_header(vec![
            "Section",
            "Score",
            "Progress",
            "Don't know",
            "Unanswered",
        ]);
        let row = |title: Cell,
                   score: f64,
                   max: f64,
                   p: Option<f64>,
                   unknown: usize,
                   unanswered: usize| {
            vec![
                title,
                Cell::new(score_of(score, max)).set_alignment(CellAlignment::Right),
                Cell::new(format!("{} {:>4}", bar(p, 10), pct(p))).fg(shade(p)),
                Cell::new(unknown).set_alignment(CellAlignment::Right),
                Cell::new(unanswered).set_alignment(CellAlignment::Right),
            ]
        };
        for s in card.sections.iter().filter(|s| s.max > 0.0) {
            t.add_row(row(
                Cell::new(&s.title),
                s.score,
                s.max,
                s.percent,
                s.unknown,
                s.unanswered,
            ));
        }
        let tot = &card.total;
        let total_pct = (tot.max > 0.0).then_some(tot.percent);
        t.add_row(row(
            Cell::new("Total").add_attribute(Attribute::Bold),
            tot.score,
            tot.max,
            total_pct,
            card.unknown.len(),
            card.unanswered.len(),
        ));
        writeln!(out, "{t}\n")?;

        match &card.band {
            Some(b) => {
                writeln!(
                    out,
                    "{} {}",
                    p.bold("Band:"),
                    tint(p, total_pct, b.label.clone())
                )?;
                writeln!(out, "{}", wrap(&printable(&b.text), width, "  "))?;
            }
            None => writeln!(out, "{} none holds this total", p.bold("Band:"))?,
        }
        if let Some(line) = profile_line(card) {
            writeln!(out, "{}", wrap(&printable(&line), width, "  "))?;
        }
        writeln!(out)?;

        if !card.recommendations.is_empty() {
            let n = card.recommendations.len();
            let shown = n.min(ROADMAP_SHOWN);
            let more = if n > shown {
                format!(" (top {shown} of {n}; --format markdown or json lists all)")
            } else {
                String::new()
            };
            let heading = wrap(
                &format!("Roadmap: next steps, {ROADMAP_RULE}{more}"),
                width,
                "",
            );
            writeln!(out, "{}", p.bold(heading))?;
            for (i, r) in card.recommendations.iter().take(shown).enumerate() {
                let head = format!(
                    "{} · {} {}: {} → {} {}",
                    printable(section_title(card, &r.section)),
                    p.cyan(printable(card.question_text(&r.question))),
                    p.dim(format!("[{}]", printable(&r.question))),
                    printable(&r.current),
                    p.green(printable(&r.next)),
                    p.dim(format!("({})", gain_label(r.gain))),
                );
                writeln!(
                    out,
                    "{:>2}. {}",
                    i + 1,
                    wrap(&head, width, "    ").trim_start()
                )?;
                writeln!(out, "{}", wrap(&printable(&step_advice(r)), width, "    "))?;
            }
            writeln!(out)?;
        }

        if !card.blind_spots.is_empty() {
            writeln!(
                out,
                "{} {} answered \"I don't know\", {} unanswered",
                p.bold("Blind spots:"),
                card.unknown.len(),
                card.unanswered.len()
            )?;
            let named = |ids: &[String]| -> String {
                ids.iter()
                    .map(|id| format!("{} [{id}]", card.question_text(id)))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            for b in &card.blind_spots {
                writeln!(out, "  {}", p.bold(printable(&b.title)))?;
                if !b.unknown.is_empty() {
                    let line = format!("don't know: {}", named(&b.unknown));
                    writeln!(out, "{}", wrap(&printable(&line), width, "    "))?;
                }
                if !b.unanswered.is_empty() {
                    let line = format!("unanswered: {}", named(&b.unanswered));
                    writeln!(out, "{}", wrap(&printable(&line), width, "    "))?;
                }
            }
        }
        Ok(out.into_bytes())
    }
}
