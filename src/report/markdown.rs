//! Markdown: a document a CS leader can paste into a wiki or hand to their CEO.

use std::fmt::Write as _;

use super::common::{
    ROADMAP_RULE, ReportOptions, Reporter, bar, gain_label, pct, profile_line, respondent_line,
    score_of, section_title, source_line, step_advice,
};
use crate::scoring::{Scorecard, Status};

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
        meta.push(format!(
            "Date: {}",
            card.respondent
                .get("date")
                .map_or(options.date.as_str(), String::as_str)
        ));
        if let Some(src) = source_line(card) {
            meta.push(esc(&src));
        }
        writeln!(out, "{}\n", meta.join("  \n"))?;

        let t = &card.total;
        writeln!(
            out,
            "**Score: {} ({})**",
            score_of(t.score, t.max),
            pct(Some(t.percent))
        )?;
        if let Some(b) = &card.band {
            writeln!(out, "\n**{}**: {}", esc(&b.label), esc(&b.text))?;
        }
        if let Some(line) = profile_line(card) {
            writeln!(out, "\n{}", esc(&line))?;
        }

        writeln!(out, "\n## Sections\n")?;
        writeln!(
            out,
            "| Section | Score | Progress | Don't know | Unanswered |"
        )?;
        writeln!(out, "|---|---:|---|---:|---:|")?;
        for s in card.sections.iter().filter(|s| s.max > 0.0) {
            writeln!(
                out,
                "| {} | {} | `{}` {} | {} | {} |",
                esc(&s.title),
                score_of(s.score, s.max),
                bar(s.percent, 10),
                pct(s.percent),
                s.unknown,
                s.unanswered
            )?;
        }
        writeln!(
            out,
            "| **Total** | **{}** | `{}` {} | {} | {} |",
            score_of(t.score, t.max),
            bar(Some(t.percent), 10),
            pct(Some(t.percent)),
            card.unknown.len(),
            card.unanswered.len()
        )?;

        if !card.recommendations.is_empty() {
            writeln!(out, "\n## Roadmap\n\nNext steps, {ROADMAP_RULE}.\n")?;
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
                let answer = match q.status {
                    Status::Unanswered => "*unanswered*".to_string(),
                    _ => esc(q.answer_label.as_deref().unwrap_or("")),
                };
                let points = if q.scored {
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
