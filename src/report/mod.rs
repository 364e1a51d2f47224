//! Reports: one module per output format, each turning a [`Scorecard`] into bytes.
//!
//! Like hyperfine's exporters, a reporter does no I/O; the command decides
//! where the bytes go.

pub mod compare;
mod csv;
pub mod health;
pub mod health_calibrate;
mod html;
mod json;
mod markdown;
mod table;

pub use table::TableReporter;

use comfy_table::{ContentArrangement, Table, presets};

use crate::cli::ScoreFormat;
use crate::scoring::Scorecard;

/// What a report may need besides the scorecard.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// Whether to use colour (terminal formats only).
    pub color: bool,
    /// Width to fit, in columns (terminal formats only).
    pub width: u16,
    /// The date shown on the report (YYYY-MM-DD).
    pub date: String,
}

/// A scorecard output format.
pub trait Reporter {
    /// Renders the scorecard.
    fn render(&self, card: &Scorecard, options: &ReportOptions) -> anyhow::Result<Vec<u8>>;
}

/// The reporter for a format.
pub fn reporter(format: ScoreFormat) -> Box<dyn Reporter> {
    match format {
        ScoreFormat::Table => Box::new(table::TableReporter),
        ScoreFormat::Json => Box::new(json::JsonReporter),
        ScoreFormat::Markdown => Box::new(markdown::MarkdownReporter),
        ScoreFormat::Csv => Box::new(csv::CsvReporter),
        ScoreFormat::Html => Box::new(html::HtmlReporter),
    }
}

/// A table in the house style, fitted to `width` when given.
pub fn new_table(color: bool) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .force_no_tty()
        .set_width(terminal_width());
    if color {
        t.enforce_styling();
    }
    t
}

/// The width of the terminal on stdout, or 100 columns when not a terminal.
pub fn terminal_width() -> u16 {
    console::Term::stdout()
        .size_checked()
        .map_or(100, |(_, cols)| cols.clamp(40, 160))
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

/// A percentage as shown in reports: `62%`, `62.5%`, or `n/a`.
pub fn pct(p: Option<f64>) -> String {
    p.map_or_else(|| "n/a".to_string(), |p| format!("{}%", crate::fmt_num(p)))
}

/// "score/max" as shown in reports.
pub fn score_of(score: f64, max: f64) -> String {
    format!("{}/{}", crate::fmt_num(score), crate::fmt_num(max))
}

/// Today's date as YYYY-MM-DD (UTC), from the system clock.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date(secs / 86_400)
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_date(days: u64) -> String {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A framework's title with its id and version, as the first line of terminal output.
pub fn title_line(title: &str, id: &str, version: &str) -> String {
    format!(
        "{} {}",
        console::style(crate::diagnostic::printable(title)).bold(),
        console::style(format!("({id} {version})")).dim()
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

/// The title of a section by id, from a comparison's sections.
pub fn section_title_in<'a>(sections: &'a [crate::compare::SectionDelta], id: &'a str) -> &'a str {
    sections
        .iter()
        .find(|s| s.id == id)
        .map_or(id, |s| s.title.as_str())
}

/// The title of a section by id.
pub fn section_title<'a>(card: &'a Scorecard, id: &'a str) -> &'a str {
    card.sections
        .iter()
        .find(|s| s.id == id)
        .map_or(id, |s| s.title.as_str())
}

/// Wraps text at word boundaries to `width` columns, indenting every line.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let len = console::measure_text_width(&line) + 1 + console::measure_text_width(word);
            if !line.is_empty() && indent.len() + len > width {
                lines.push(format!("{indent}{line}"));
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(format!("{indent}{line}").trim_end().to_string());
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_round_to_cells() {
        assert_eq!(bar(Some(62.0), 10), "██████░░░░");
        assert_eq!(bar(Some(0.0), 4), "░░░░");
        assert_eq!(bar(Some(100.0), 4), "████");
        assert_eq!(bar(None, 3), "···");
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_415), "2025-11-23");
        assert_eq!(civil_date(11_016), "2000-02-29");
    }
}
