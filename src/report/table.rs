//! The terminal report: sections with bars, the band, the roadmap and blind spots.

use std::fmt::Write as _;

use comfy_table::{Attribute, Cell, CellAlignment, Color};

use super::common::{
    ReportOptions, Reporter, Tone, band_reading_line, bar, gain_label, new_table, pct,
    profile_line, respondent_line, roadmap_rule, scope_line, score_of, section_title, source_line,
    step_advice, target_cell, targets_line, tone, wrap,
};
use crate::scoring::{Scorecard, SectionScore};
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
        let dates = super::common::dates_line(card, &options.date);
        writeln!(out, "{}", wrap(&printable(&dates), width, ""))?;
        if let Some(src) = source_line(card) {
            writeln!(out, "{}", p.dim(wrap(&printable(&src), width, "")))?;
        }
        writeln!(out)?;

        let mut t = new_table(options);
        let any_na = card.total.not_applicable > 0;
        let any_target = card.targets.is_some();
        let mut header = vec!["Section", "Score", "Progress", "Don't know", "Unanswered"];
        if any_na {
            header.push("N/A");
        }
        if any_target {
            header.push("Target");
        }
        t.set_header(header);
        let right = |c: Cell| c.set_alignment(CellAlignment::Right);
        let row = |title: Cell, s: &SectionScore| {
            let mut cells = vec![
                title,
                right(Cell::new(score_of(s.score, s.max))),
                Cell::new(format!("{} {:>4}", bar(s.percent, 10), pct(s.percent)))
                    .fg(shade(s.percent)),
                right(Cell::new(s.unknown)),
                right(Cell::new(s.unanswered)),
            ];
            if s.max <= 0.0 {
                cells[1] = right(Cell::new("–"));
                cells[2] = Cell::new("out of scope").fg(Color::DarkGrey);
            }
            if any_na {
                cells.push(right(Cell::new(s.not_applicable)));
            }
            if any_target {
                cells.push(Cell::new(
                    s.target.as_ref().map_or(String::new(), target_cell),
                ));
            }
            cells
        };
        for s in card
            .sections
            .iter()
            .filter(|s| s.max > 0.0 || s.out_of_scope > 0.0)
        {
            t.add_row(row(Cell::new(&s.title), s));
        }
        let tot = &card.total;
        let total_pct = (tot.max > 0.0).then_some(tot.percent);
        let total = SectionScore {
            id: String::new(),
            title: String::new(),
            score: tot.score,
            max: tot.max,
            percent: total_pct,
            unknown: card.unknown.len(),
            unanswered: card.unanswered.len(),
            not_applicable: tot.not_applicable,
            out_of_scope: tot.out_of_scope,
            band: None,
            target: None,
        };
        t.add_row(row(
            Cell::new("Total").add_attribute(Attribute::Bold),
            &total,
        ));
        writeln!(out, "{t}\n")?;

        if let Some(scope) = scope_line(card) {
            let line = format!(
                "{} {} ({}); {scope}",
                p.bold("Score:"),
                score_of(tot.score, tot.max),
                pct(total_pct)
            );
            writeln!(out, "{}", wrap(&line, width, ""))?;
        }
        if let Some(line) = super::common::possible_line(card) {
            writeln!(out, "{}", wrap(&printable(&line), width, ""))?;
        }
        match &card.band {
            Some(b) => {
                let provisional = super::common::provisional_mark(card);
                writeln!(
                    out,
                    "{} {}{provisional}",
                    p.bold("Band:"),
                    tint(p, total_pct, b.label.clone())
                )?;
                if let Some(line) = super::common::band_cap_line(card) {
                    writeln!(out, "{}", wrap(&printable(&line), width, "  "))?;
                }
                if let Some(line) = band_reading_line(card) {
                    writeln!(out, "{}", p.dim(wrap(&line, width, "  ")))?;
                }
                writeln!(out, "{}", wrap(&printable(&b.text), width, "  "))?;
            }
            None if tot.max <= 0.0 && tot.out_of_scope > 0.0 => {
                writeln!(out, "{} none: nothing is in scope", p.bold("Band:"))?
            }
            None => writeln!(out, "{} none holds this total", p.bold("Band:"))?,
        }
        if let Some(line) = profile_line(card) {
            writeln!(out, "{}", wrap(&printable(&line), width, "  "))?;
        }
        if let Some(line) = targets_line(card) {
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
                &format!("Roadmap: next steps, {}{more}", roadmap_rule(card)),
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

        if let Some(scope) = scope_line(card) {
            writeln!(out, "{} {scope}", p.bold("Not applicable:"))?;
            for na in &card.not_applicable {
                let line = format!(
                    "{} · {} [{}]: {}",
                    section_title(card, &na.section),
                    card.question_text(&na.question),
                    na.question,
                    na.reason
                );
                writeln!(out, "{}", wrap(&printable(&line), width, "    "))?;
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
