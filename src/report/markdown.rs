//! Markdown: a document a CS leader can paste into a wiki or hand to their CEO.

use std::fmt::Write as _;

use super::common::{
    ReportOptions, Reporter, band_reading_line, bar, gain_label, pct, profile_line,
    respondent_line, roadmap_rule, scope_line, score_of, section_title, source_line, step_advice,
    target_cell, targets_line,
};
use crate::scoring::{Scorecard, Status};
use crate::text::fmt_num;

/// Writes the scorecard as GitHub-flavoured Markdown.
pub struct MarkdownReporter;

use crate::text::markdown_escape as esc;

impl Reporter for MarkdownReporter {
    fn render(&self, card: &Scorecard, options: &ReportOptions) -> anyhow::Result<Vec<u8>> {
        let mut out = String::new();
        let fw = &card.framework;
        writeln!(out, "# {}\n", esc(&fw.title))?;
        let mut meta = vec![format!("Framework: `{}` {}", fw.id, esc(&fw.version))];
        if let Some(who) = respondent_line(card) {
            meta.push(format!("Respondent: {}", esc(&who)));
        }
        meta.push(esc(&super::common::dates_line(card, &options.date)));
        if let Some(src) = source_line(card) {
            meta.push(esc(&src));
        }
        writeln!(out, "{}\n", meta.join("  \n"))?;

        let t = &card.total;
        let scope = scope_line(card).map_or(String::new(), |s| format!(" · {s}"));
        writeln!(
            out,
            "**Score: {} ({})**{scope}",
            score_of(t.score, t.max),
            pct(Some(t.percent))
        )?;
        if let Some(line) = super::common::possible_line(card) {
            writeln!(out, "\n{}", esc(&line))?;
        }
        if let Some(b) = &card.band {
            let provisional = super::common::provisional_mark(card);
            writeln!(
                out,
                "\n**{}**{provisional}: {}",
                esc(&b.label),
                esc(&b.text)
            )?;
        }
        if let Some(line) = super::common::band_cap_line(card) {
            writeln!(out, "\n*{}*", esc(&line))?;
        }
        if let Some(line) = band_reading_line(card) {
            writeln!(out, "\n*{}*", esc(&line))?;
        }
        if let Some(line) = profile_line(card) {
            writeln!(out, "\n{}", esc(&line))?;
        }
        if let Some(line) = targets_line(card) {
            writeln!(out, "\n{}", esc(&line))?;
        }

        let any_na = t.not_applicable > 0;
        let any_target = card.targets.is_some();
        writeln!(out, "\n## Sections\n")?;
        let (mut head, mut rule) = (
            "| Section | Score | Progress | Don't know | Unanswered |".to_string(),
            "|---|---:|---|---:|---:|".to_string(),
        );
        if any_na {
            head.push_str(" Not applicable |");
            rule.push_str("---:|");
        }
        if any_target {
            head.push_str(" Target |");
            rule.push_str("---|");
        }
        writeln!(out, "{head}\n{rule}")?;
        let extra = |na: usize, target: String| {
            let mut cells = String::new();
            if any_na {
                cells.push_str(&format!(" {na} |"));
            }
            if any_target {
                cells.push_str(&format!(" {} |", esc(&target)));
            }
            cells
        };
        for s in card
            .sections
            .iter()
            .filter(|s| s.max > 0.0 || s.out_of_scope > 0.0)
        {
            let (score, progress) = if s.max > 0.0 {
                (
                    score_of(s.score, s.max),
                    format!("`{}` {}", bar(s.percent, 10), pct(s.percent)),
                )
            } else {
                ("–".to_string(), "out of scope".to_string())
            };
            writeln!(
                out,
                "| {} | {score} | {progress} | {} | {} |{}",
                esc(&s.title),
                s.unknown,
                s.unanswered,
                extra(
                    s.not_applicable,
                    s.target.as_ref().map_or(String::new(), target_cell)
                )
            )?;
        }
        writeln!(
            out,
            "| **Total** | **{}** | `{}` {} | {} | {} |{}",
            score_of(t.score, t.max),
            bar(Some(t.percent), 10),
            pct(Some(t.percent)),
            card.unknown.len(),
            card.unanswered.len(),
            extra(t.not_applicable, String::new())
        )?;

        if !card.recommendations.is_empty() {
            writeln!(out, "\n## Roadmap\n\nNext steps, {}.\n", roadmap_rule(card))?;
            for (i, r) in card.recommendations.iter().enumerate() {
                let text = card.question_text(&r.question);
                writeln!(
                    out,
                    "{}. **{}**: {} (`{}`)  \n   {} → **{}** ({}): {}",
                    i + 1,
                    esc(section_title(card, &r.section)),
                    esc(text),
                    esc(&r.question),
                    esc(&r.current),
                    esc(&r.next),
                    gain_label(r.gain),
                    esc(&step_advice(r))
                )?;
            }
        }

        if let Some(scope) = scope_line(card) {
            writeln!(
                out,
                "\n## Not applicable\n\n{}: left out of the maximum, not scored as No.\n",
                esc(&scope)
            )?;
            for na in &card.not_applicable {
                writeln!(
                    out,
                    "- **{}**: {} (`{}`, {}): {}",
                    esc(section_title(card, &na.section)),
                    esc(card.question_text(&na.question)),
                    esc(&na.question),
                    super::common::plural_points(na.points),
                    esc(&na.reason)
                )?;
            }
        }

        if !card.blind_spots.is_empty() {
            writeln!(
                out,
                "\n## Blind spots\n\nQuestions answered \"I don't know\" or left unanswered: not knowing is a finding.\n"
            )?;
            for b in &card.blind_spots {
                writeln!(out, "- **{}**", esc(&b.title))?;
                for (what, ids) in [("don't know", &b.unknown), ("unanswered", &b.unanswered)] {
                    for id in ids {
                        let text = esc(card.question_text(id));
                        writeln!(out, "  - {what}: {text} (`{}`)", esc(id))?;
                    }
                }
            }
        }

        writeln!(out, "\n## Answers\n")?;
        for s in &card.sections {
            writeln!(out, "### {}\n", esc(&s.title))?;
            writeln!(out, "| Question | Answer | Points |")?;
            writeln!(out, "|---|---|---:|")?;
            for q in card
                .questions
                .iter()
                .filter(|q| q.section == s.id && q.status != Status::NotAsked)
            {
                let answer = match (q.status, &q.not_applicable) {
                    (Status::Unanswered, _) => "*unanswered*".to_string(),
                    (Status::NotApplicable, Some(why)) => format!("*not applicable*: {}", esc(why)),
                    _ => esc(q.answer_label.as_deref().unwrap_or("")),
                };
                let points = if q.status == Status::NotApplicable && q.scored {
                    format!("out of scope ({})", fmt_num(q.out_of_scope))
                } else if q.scored {
                    score_of(q.score, q.max)
                } else {
                    "not scored".to_string()
                };
                writeln!(out, "| {} | {} | {} |", esc(&q.text), answer, points)?;
            }
            writeln!(out)?;
        }
        Ok(out
            .trim_end()
            .to_string()
            .into_bytes()
            .into_iter()
            .chain(*b"\n")
            .collect())
    }
}
