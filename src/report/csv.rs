//! CSV for spreadsheets and BI tools: tidy tables that stack across
//! respondents. `csv` is one row per question; `csv-summary` one row per
//! section and one for the total. Both carry who answered and which framework
//! on every row (docs/csv.md is the contract).

use super::common::{ReportOptions, Reporter};
use crate::answers::AnswerValue;
use crate::scoring::{Scorecard, SectionTarget, Status, TargetStatus};
use crate::text::fmt_num;

/// Writes one row per question (RFC 4180, CRLF line ends).
pub struct CsvReporter;

/// Writes one row per section and one for the total.
pub struct CsvSummaryReporter;

/// The columns every row starts with: who answered, when, which framework.
const IDENTITY: [&str; 6] = [
    "respondent_name",
    "respondent_role",
    "respondent_organization",
    "assessed_on",
    "framework_id",
    "framework_version",
];

/// The columns of `--format csv` (new columns are added at the end).
pub const QUESTION_COLUMNS: [&str; 12] = [
    "section_id",
    "section_title",
    "question_id",
    "question_text",
    "answer_id",
    "answer_label",
    "points",
    "max",
    "status",
    "scored",
    "not_applicable_reason",
    "out_of_scope",
];

/// The columns of `--format csv-summary` (new columns are added at the end).
pub const SUMMARY_COLUMNS: [&str; 21] = [
    "scope",
    "section_id",
    "section_title",
    "points",
    "max",
    "percent",
    "band",
    "band_text",
    "unknown",
    "unanswered",
    "not_applicable",
    "out_of_scope",
    "target_percent",
    "target_level",
    "target_gap",
    "target_status",
    "band_read_at",
    "band_read_of",
    "possible_points",
    "provisional",
    "band_uncapped",
];

use crate::text::csv_cell as text;

/// A cell the report computed (a number, an enum word): written as is.
fn plain(s: &str) -> String {
    s.to_string()
}

fn row(out: &mut String, cells: &[String]) {
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

fn header(out: &mut String, columns: &[&str]) {
    let cells: Vec<String> = IDENTITY.iter().chain(columns).map(|c| plain(c)).collect();
    row(out, &cells);
}

fn identity(card: &Scorecard) -> Vec<String> {
    let who = |k: &str| text(card.respondent.get(k).map_or("", String::as_str));
    vec![
        who("name"),
        who("role"),
        who("organization"),
        who("date"),
        text(&card.framework.id),
        text(&card.framework.version),
    ]
}

fn status(s: Status) -> &'static str {
    match s {
        Status::Answered => "answered",
        Status::Unknown => "unknown",
        Status::Unanswered => "unanswered",
        Status::NotAsked => "not_asked",
        Status::NotApplicable => "not_applicable",
    }
}

/// A section's target: percent, lane, gap in percentage points, status (blank without one).
fn target_cells(t: Option<&SectionTarget>) -> [String; 4] {
    match t {
        None => Default::default(),
        Some(t) => [
            fmt_num(t.percent),
            text(t.level.as_deref().unwrap_or("")),
            fmt_num(t.gap),
            plain(match t.status {
                TargetStatus::Met => "met",
                TargetStatus::Missed => "missed",
                TargetStatus::OutOfScope => "out_of_scope",
            }),
        ],
    }
}

/// The answer as written in the answers file: an id, a number, or the ids of
/// a multiple choice joined by `;`.
fn answer_id(a: Option<&AnswerValue>) -> String {
    match a {
        None => String::new(),
        Some(AnswerValue::Text(t)) => t.clone(),
        Some(AnswerValue::Number(n)) => fmt_num(*n),
        Some(AnswerValue::List(ids)) => ids.join(";"),
    }
}

impl Reporter for CsvReporter {
    fn render(&self, card: &Scorecard, _: &ReportOptions) -> anyhow::Result<Vec<u8>> {
        let mut out = String::new();
        header(&mut out, &QUESTION_COLUMNS);
        let who = identity(card);
        for q in &card.questions {
            let counted = q.scored && (q.status != Status::NotAsked || q.max > 0.0);
            let number = |x: f64| if counted { fmt_num(x) } else { String::new() };
            let mut cells = who.clone();
            cells.extend([
                text(&q.section),
                text(card.section_title(&q.section)),
                text(&q.id),
                text(&q.text),
                text(&if q.status == Status::NotApplicable {
                    crate::answers::NOT_APPLICABLE.to_string()
                } else {
                    answer_id(q.answer.as_ref())
                }),
                text(q.answer_label.as_deref().unwrap_or("")),
                number(q.score),
                number(q.max),
                plain(status(q.status)),
                plain(if q.scored { "true" } else { "false" }),
                text(q.not_applicable.as_deref().unwrap_or("")),
                if q.status == Status::NotApplicable && q.scored {
                    fmt_num(q.out_of_scope)
                } else {
                    String::new()
                },
            ]);
            row(&mut out, &cells);
        }
        Ok(out.into_bytes())
    }
}

impl Reporter for CsvSummaryReporter {
    fn render(&self, card: &Scorecard, _: &ReportOptions) -> anyhow::Result<Vec<u8>> {
        let mut out = String::new();
        header(&mut out, &SUMMARY_COLUMNS);
        let who = identity(card);
        for s in &card.sections {
            let mut cells = who.clone();
            cells.extend([
                plain("section"),
                text(&s.id),
                text(&s.title),
                fmt_num(s.score),
                fmt_num(s.max),
                s.percent.map(fmt_num).unwrap_or_default(),
                text(s.band.as_ref().map_or("", |b| b.label.as_str())),
                text(s.band.as_ref().map_or("", |b| b.text.as_str())),
                s.unknown.to_string(),
                s.unanswered.to_string(),
                s.not_applicable.to_string(),
                fmt_num(s.out_of_scope),
            ]);
            cells.extend(target_cells(s.target.as_ref()));
            cells.extend(std::iter::repeat_n(String::new(), 5));
            row(&mut out, &cells);
        }
        let t = &card.total;
        let mut cells = who;
        cells.extend([
            plain("total"),
            String::new(),
            String::new(),
            fmt_num(t.score),
            fmt_num(t.max),
            fmt_num(t.percent),
            text(card.band.as_ref().map_or("", |b| b.label.as_str())),
            text(card.band.as_ref().map_or("", |b| b.text.as_str())),
            card.unknown.len().to_string(),
            card.unanswered.len().to_string(),
            t.not_applicable.to_string(),
            fmt_num(t.out_of_scope),
        ]);
        cells.extend(target_cells(None));
        let reading = card.band_reading.as_ref();
        cells.extend([
            reading.map_or(String::new(), |r| fmt_num(r.score)),
            reading.map_or(String::new(), |r| fmt_num(r.max)),
            fmt_num(card.possible.as_ref().map_or(t.score, |p| p.high)),
            plain(if card.possible.as_ref().is_some_and(|p| p.provisional) {
                "true"
            } else {
                "false"
            }),
            text(card.band_cap.as_ref().map_or("", |c| c.uncapped.as_str())),
        ]);
        row(&mut out, &cells);
        Ok(out.into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_quoted_when_needed() {
        assert_eq!(text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        // A plain number is no formula: "-2" stays a number a sheet can sum.
        assert_eq!(text("+1"), "+1");
        assert_eq!(text("-2"), "-2");
        assert_eq!(text("-2+3"), "'-2+3");
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text("\tx"), "'\tx");
        assert_eq!(text("\rx"), "\"'\rx\"");
        assert_eq!(text("a, b"), "\"a, b\"");
        assert_eq!(text("14–22 points"), "14–22 points");
    }

    #[test]
    fn answer_ids_are_as_written() {
        assert_eq!(answer_id(Some(&AnswerValue::Number(2.5))), "2.5");
        let multi = AnswerValue::List(vec!["a".into(), "b".into()]);
        assert_eq!(answer_id(Some(&multi)), "a;b");
        assert_eq!(answer_id(None), "");
    }
}
