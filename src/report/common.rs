//! What every report shares: the options a command passes in, the scorecard
//! reporter trait and format enum, the house table style, bars, tones, titles.

use clap::ValueEnum;
use comfy_table::{ContentArrangement, Table, presets};

use crate::scoring::{Recommendation, Scorecard, SectionTarget, TargetStatus};
use crate::text::{Paint, fmt_num, printable};
use minijinja::Environment;

/// What a report may need besides the result: decided by the command.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// Whether to use colour (terminal formats only; never in a file).
    pub color: bool,
    /// Width to fit, in columns (terminal formats only).
    pub width: u16,
    /// The date shown on the report (YYYY-MM-DD).
    pub date: String,
}

impl ReportOptions {
    /// Styling as these options ask.
    pub fn paint(&self) -> Paint {
        Paint::new(self.color)
    }
}

/// Output formats for a scorecard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScoreFormat {
    /// A table for the terminal.
    Table,
    /// JSON for programs (see docs/json-output.md).
    Json,
    /// Markdown, to paste into a document or wiki.
    Markdown,
    /// CSV, one row per question with respondent and framework, for spreadsheets and BI.
    Csv,
    /// CSV, one row per section and one for the total (points, percent, band).
    CsvSummary,
    /// A self-contained HTML page with charts, to share or print.
    Html,
}

/// Output formats for the reports that aggregate many answers files (team,
/// trend, benchmark).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AggregateFormat {
    /// A table for the terminal.
    Table,
    /// JSON for programs (see docs/json-output.md).
    Json,
    /// Markdown, to paste into a document or wiki.
    Markdown,
    /// CSV, for spreadsheets and BI.
    Csv,
    /// A self-contained HTML page with charts, to share or print.
    Html,
}

/// A scorecard output format.
pub trait Reporter {
    /// Renders the scorecard.
    fn render(&self, card: &Scorecard, options: &ReportOptions) -> anyhow::Result<Vec<u8>>;
}

/// A table in the house style, fitted to the options' width.
pub fn new_table(options: &ReportOptions) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .force_no_tty()
        .set_width(options.width);
    if options.color {
        t.enforce_styling();
    }
    t
}

/// The most characters of text from a file that a table cell shows: enough
/// for any real name, and a bound on the table's layout work, which grows
/// with the square of a cell's length (a 50 MB account id took minutes).
pub const CELL_CHARS: usize = 200;

/// Text from a file for a table cell: cut to [`CELL_CHARS`] characters (with
/// `…`) before the table lays it out, and made printable. Every table that
/// shows file text uses it.
pub fn cell_text(text: &str) -> String {
    printable(&crate::text::excerpt(text, CELL_CHARS))
}

/// A progress bar like `████████░░` for a percentage.
pub fn bar(percent: Option<f64>, cells: usize) -> String {
    let Some(p) = percent else {
        return "·".repeat(cells);
    };
    let filled = ((p.clamp(0.0, 100.0) / 100.0) * cells as f64).round() as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(cells - filled))
}

/// How a percentage reads at a glance, the same in every format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// 75% and above.
    Good,
    /// From 40% to below 75%.
    Mid,
    /// Below 40%.
    Low,
    /// Nothing scored.
    None,
}

/// The tone of a percentage.
pub fn tone(percent: Option<f64>) -> Tone {
    match percent {
        Some(p) if p >= 75.0 => Tone::Good,
        Some(p) if p >= 40.0 => Tone::Mid,
        Some(_) => Tone::Low,
        None => Tone::None,
    }
}

pub use crate::text::pct;

/// The roadmap's heading, stating the rule that orders it (scoring's
/// `recommendations`).
pub const ROADMAP_RULE: &str = "weakest section first, then the step that gains the most";

/// The roadmap's rule when targets are set (scoring's `order_by_target_gap`).
pub const ROADMAP_RULE_TARGETS: &str = "largest gap to target first, then the step that gains the most; sections at or without a target after";

/// The rule that orders this scorecard's roadmap: target gap, then the
/// source's priorities (named), then the weakest section and the gain.
pub fn roadmap_rule(card: &Scorecard) -> String {
    let base = if card.targets.is_some() {
        ROADMAP_RULE_TARGETS
    } else {
        ROADMAP_RULE
    };
    if card.roadmap_priorities.is_empty() {
        return base.to_string();
    }
    let names: Vec<&str> = card
        .roadmap_priorities
        .iter()
        .map(|id| card.section_title(id))
        .collect();
    let names = names.join(", ");
    if card.targets.is_some() {
        format!(
            "largest gap to target first, then the source's priorities ({names}), then the weakest section, then the step that gains the most"
        )
    } else {
        format!(
            "the source's priorities first ({names}), then the weakest section, then the step that gains the most"
        )
    }
}

/// Why the band is lower than the total alone reads, when a band cap held it.
pub fn band_cap_line(card: &Scorecard) -> Option<String> {
    let c = card.band_cap.as_ref()?;
    let band = card.band.as_ref().map_or("", |b| b.label.as_str());
    Some(format!(
        "Held at {band}, though the total alone reads {}: {}",
        c.uncapped,
        c.reasons.join(" ")
    ))
}

/// ` (provisional)` after the band, when unknown answers make the score provisional.
pub fn provisional_mark(card: &Scorecard) -> &'static str {
    if card.possible.as_ref().is_some_and(|p| p.provisional) {
        " (provisional)"
    } else {
        ""
    }
}

/// What unknown answers leave open: `2 of 30 scored questions are "I don't
/// know" or unanswered: the score could be up to 18/30 (60%, band 14–22
/// points).` Provisional scores say so first.
pub fn possible_line(card: &Scorecard) -> Option<String> {
    let p = card.possible.as_ref()?;
    let band = p
        .high_band
        .as_ref()
        .map_or(String::new(), |b| format!(", band {b}"));
    Some(format!(
        "{}{} of {} scored questions {} \"I don't know\" or unanswered: the score could be anywhere from {} to {} ({} to {}{band}).",
        if p.provisional { "Provisional: " } else { "" },
        p.unknown,
        p.asked,
        if p.unknown == 1 { "is" } else { "are" },
        score_of(card.total.score, card.total.max),
        score_of(p.high, card.total.max),
        pct(Some(card.total.percent)),
        pct(Some(p.high_percent)),
    ))
}

/// How many points are out of scope and why, for the headline: `2 points out
/// of scope (2 questions not applicable)`; `None` when nothing is.
pub fn scope_line(card: &Scorecard) -> Option<String> {
    let t = &card.total;
    (t.not_applicable > 0).then(|| {
        format!(
            "{} out of scope ({} not applicable)",
            plural_points(t.out_of_scope),
            crate::text::plural(t.not_applicable, "question", "questions")
        )
    })
}

/// `1 point`, `2.5 points`.
pub fn plural_points(x: f64) -> String {
    format!(
        "{} {}",
        fmt_num(x),
        if (x - 1.0).abs() < f64::EPSILON {
            "point"
        } else {
            "points"
        }
    )
}

/// Where the band was read when points are out of scope, in one sentence.
pub fn band_reading_line(card: &Scorecard) -> Option<String> {
    let r = card.band_reading.as_ref()?;
    let whose = if r.source_bands {
        "the source's bands"
    } else {
        "the bands"
    };
    let out = card.total.out_of_scope;
    let verb = if (out - 1.0).abs() < f64::EPSILON {
        "is"
    } else {
        "are"
    };
    Some(format!(
        "Band read at {} of {} points: the score rescaled to the {} points {whose} are defined on ({} × {} ÷ {}), as {} {verb} out of scope.",
        fmt_num(r.score),
        fmt_num(r.max),
        fmt_num(r.max),
        fmt_num(card.total.score),
        fmt_num(r.max),
        fmt_num(card.total.max),
        plural_points(out),
    ))
}

/// A section's target in a cell: `80% · 46.7 to go`, `80% ✔`, `advanced
/// (100%) · 66.7 to go`, `80% · out of scope`.
pub fn target_cell(t: &SectionTarget) -> String {
    let what = match &t.level {
        Some(lane) => format!("{lane} ({})", pct(Some(t.percent))),
        None => pct(Some(t.percent)),
    };
    match t.status {
        TargetStatus::Met => format!("{what} ✔"),
        TargetStatus::Missed => format!("{what} · {} to go", fmt_num(t.gap)),
        TargetStatus::OutOfScope => format!("{what} · out of scope"),
    }
}

/// How the targets stand, in one line: `Targets: 1 of 3 met; missed: Renewals
/// (46.7 percentage points to go), …`.
pub fn targets_line(card: &Scorecard) -> Option<String> {
    let t = card.targets.as_ref()?;
    let mut line = format!("Targets: {} of {} met", t.met, t.set);
    if !t.missed.is_empty() {
        let missed: Vec<String> = t
            .missed
            .iter()
            .filter_map(|id| card.sections.iter().find(|s| s.id == *id))
            .filter_map(|s| {
                s.target.as_ref().map(|t| {
                    format!(
                        "{} ({} now, target {}: {} percentage points to go)",
                        s.title,
                        pct(s.percent),
                        pct(Some(t.percent)),
                        fmt_num(t.gap)
                    )
                })
            })
            .collect();
        line.push_str(&format!("; missed: {}", missed.join(", ")));
    }
    if t.out_of_scope > 0 {
        line.push_str(&format!(
            "; {} with nothing in scope",
            crate::text::plural(t.out_of_scope, "section", "sections")
        ));
    }
    line.push('.');
    Some(line)
}

/// What to do for a roadmap step: "find out first" advice for a "don't know",
/// then the practice.
pub fn step_advice(r: &Recommendation) -> String {
    r.advice()
}

/// `+1 point`, `+2 points`: what a roadmap step gains.
pub fn gain_label(gain: f64) -> String {
    format!("+{}", plural_points(gain))
}

/// What the answers show about sections, true of this answer set whatever its
/// band: which sections lead and which lag.
pub fn profile_line(card: &Scorecard) -> Option<String> {
    let names = |ids: &[String]| -> String {
        ids.iter()
            .map(|id| {
                let pct = card
                    .sections
                    .iter()
                    .find(|s| s.id == *id)
                    .and_then(|s| s.percent);
                format!("{} ({})", card.section_title(id), crate::text::pct(pct))
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let pr = &card.profile;
    if pr.even {
        let pct = card.sections.iter().find_map(|s| s.percent);
        return Some(format!(
            "Every section scores the same ({}).",
            crate::text::pct(pct)
        ));
    }
    if pr.strongest.is_empty() {
        return None;
    }
    Some(format!(
        "Strongest: {}. Weakest: {}.",
        names(&pr.strongest),
        names(&pr.weakest)
    ))
}

/// Where the framework comes from and what cs-scorecard designed, in one line.
pub fn source_line(card: &Scorecard) -> Option<String> {
    let src = card.framework.source.as_ref()?;
    let mut line = format!("Source: {}", src.title);
    if let Some(p) = &src.publisher {
        line.push_str(&format!(" ({p})"));
    }
    line.push('.');
    if let Some(n) = &src.notes {
        line.push(' ');
        line.push_str(n);
    }
    Some(line)
}

/// "score/max" as shown in reports.
pub fn score_of(score: f64, max: f64) -> String {
    format!("{}/{}", fmt_num(score), fmt_num(max))
}

/// A framework's title with its id and version, as the first line of terminal output.
pub fn title_line(paint: Paint, title: &str, id: &str, version: &str) -> String {
    format!(
        "{} {}",
        paint.bold(printable(title)),
        paint.dim(printable(&format!("({id} {version})")))
    )
}

/// Who answered, in one line: name, role, organization (those given).
pub fn respondent_line(card: &Scorecard) -> Option<String> {
    let parts: Vec<&str> = ["name", "role", "organization"]
        .iter()
        .filter_map(|k| card.respondent.get(*k).map(String::as_str))
        .filter(|s| !s.trim().is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The respondent's date: when the assessment was made, not the report.
pub fn assessed_on(card: &Scorecard) -> Option<&str> {
    card.respondent
        .get("date")
        .map(|d| d.trim())
        .filter(|d| !d.is_empty())
}

/// When the assessment was made and when the report was, apart: `Assessed on
/// 2026-11-23 · generated on 2026-12-01`.
pub fn dates_line(card: &Scorecard, generated: &str) -> String {
    match assessed_on(card) {
        Some(d) => format!("Assessed on {d} · generated on {generated}"),
        None => format!("No assessment date in the answers · generated on {generated}"),
    }
}

/// The title of a section by id, from a comparison's sections.
pub fn section_title_in<'a>(sections: &'a [crate::compare::SectionDelta], id: &'a str) -> &'a str {
    sections
        .iter()
        .find(|s| s.id == id)
        .map_or(id, |s| s.title.as_str())
}

/// The title of a section by id.
pub fn section_title<'a>(card: &'a Scorecard, id: &'a str) -> &'a str {
    card.section_title(id)
}

pub use crate::text::wrap;

/// The page every HTML report extends (`{% extends "base.html" %}`): head, the
/// house style, `<main>` and the footer, so a change of layout is made once.
const BASE_TEMPLATE: &str = include_str!("templates/base.html");

/// Text from a file, escaped and isolated in `<bdi>`: right-to-left text
/// shows as it should, and a stray U+202E reorders nothing outside it.
pub fn bdi(text: &str) -> minijinja::Value {
    minijinja::Value::from_safe_string(format!("<bdi>{}</bdi>", minijinja::HtmlEscape(text)))
}

/// Text from a file isolated with Unicode's first-strong isolate (U+2068 …
/// U+2069), for where an element cannot go: the page's `<title>`, attribute
/// values (`aria-label`, `title`) and SVG text. Escaping stays autoescape's.
pub fn isolate(text: &str) -> String {
    format!("\u{2068}{text}\u{2069}")
}

/// A framework's prose (source notes, band texts, recommendations) as
/// [`bdi`] does, with its `inline code` in `<code>` as the Markdown report
/// shows it, never the backticks; an unpaired backtick stays as it is.
pub fn prose(text: &str) -> minijinja::Value {
    let parts: Vec<&str> = text.split('`').collect();
    let mut html = String::from("<bdi>");
    for (i, part) in parts.iter().enumerate() {
        let escaped = minijinja::HtmlEscape(part).to_string();
        let paired = i % 2 == 1 && i + 1 < parts.len();
        match (i % 2 == 1, paired) {
            (true, true) => html.push_str(&format!("<code>{escaped}</code>")),
            (true, false) => html.push_str(&format!("`{escaped}")),
            _ => html.push_str(&escaped),
        }
    }
    html.push_str("</bdi>");
    minijinja::Value::from_safe_string(html)
}

/// The filters every HTML page uses on file text: `bdi`, `prose` and `isolate`.
pub fn add_filters(env: &mut Environment<'_>) {
    env.add_filter("bdi", bdi);
    env.add_filter("prose", |t: &str| prose(t));
    env.add_filter("isolate", |t: &str| isolate(t));
}

/// Renders an HTML report page (a template extending `base.html`, with
/// autoescape and the `bdi` and `isolate` filters) from its view, ending with a newline.
pub fn render_page(
    name: &str,
    template: &str,
    view: impl serde::Serialize,
) -> anyhow::Result<Vec<u8>> {
    let mut env = Environment::new();
    add_filters(&mut env);
    env.add_template("base.html", BASE_TEMPLATE)?;
    env.add_template(name, template)?;
    let mut html = env
        .get_template(name)?
        .render(minijinja::value::Serde(view))?;
    html.push('\n');
    Ok(html.into_bytes())
}

/// The WCAG 2 contrast ratio of two `#rrggbb` colours, for the tests that
/// hold the pages' palettes to AA.
#[cfg(test)]
pub fn contrast(a: &str, b: &str) -> f64 {
    let luminance = |hex: &str| {
        let channel = |i: usize| {
            let c = hex
                .get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .map_or(0.0, |v| f64::from(v) / 255.0);
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    };
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_shows_inline_code_as_code_and_escapes_the_rest() {
        let html = |t: &str| prose(t).to_string();
        assert_eq!(
            html("run `cs-scorecard benchmark <a>` & see"),
            "<bdi>run <code>cs-scorecard benchmark &lt;a&gt;</code> &amp; see</bdi>"
        );
        assert_eq!(
            html("marked `ours`."),
            "<bdi>marked <code>ours</code>.</bdi>"
        );
        assert_eq!(html("one ` tick"), "<bdi>one ` tick</bdi>");
        assert_eq!(html("plain"), "<bdi>plain</bdi>");
    }

    #[test]
    fn bars_round_to_cells() {
        assert_eq!(bar(Some(62.0), 10), "██████░░░░");
        assert_eq!(bar(Some(0.0), 4), "░░░░");
        assert_eq!(bar(Some(100.0), 4), "████");
        assert_eq!(bar(None, 3), "···");
    }
}
