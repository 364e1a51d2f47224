//! HTML: one self-contained page (inline CSS and SVG, no network) to share or print.
//!
//! The page is a minijinja template with HTML auto-escaping, so every piece of
//! user text (respondent, answers, framework text) is escaped by construction;
//! in the page's body, each is also isolated in `<bdi>` (the `bdi` filter).

use std::f64::consts::PI;

use serde::Serialize;

use super::common::{
    ReportOptions, Reporter, Tone, band_reading_line, gain_label, pct, plural_points, profile_line,
    respondent_line, roadmap_rule, scope_line, section_title, source_line, step_advice,
    target_cell, targets_line, tone,
};
use crate::scoring::{Scorecard, Status};
use crate::text::fmt_num;

const TEMPLATE: &str = include_str!("templates/report.html");

/// Writes the scorecard as a self-contained HTML page.
pub struct HtmlReporter;

#[derive(Serialize)]
struct View<'a> {
    card: &'a Scorecard,
    version: &'static str,
    /// When this page was generated (today).
    generated_on: String,
    /// When the assessment was answered: the respondent's date, if recorded.
    assessed_on: Option<String>,
    respondent: Option<String>,
    total_score: String,
    total_max: String,
    total_percent: String,
    chart: Chart,
    sections: Vec<SectionRow>,
    sections_all: Vec<SectionAnswers>,
    roadmap: Vec<Step>,
    roadmap_rule: String,
    profile: Option<String>,
    source: Option<String>,
    blind_spots: Vec<Spot>,
    /// How many points are out of scope, for the headline.
    scope: Option<String>,
    /// Where the band was read when points are out of scope.
    band_reading: Option<String>,
    /// Why a band cap holds the band down.
    band_cap: Option<String>,
    /// What unknown answers leave open.
    possible: Option<String>,
    /// How the targets stand.
    targets: Option<String>,
    /// Whether the sections table has a "not applicable" and a target column.
    any_na: bool,
    any_target: bool,
    not_applicable: Vec<NaRow>,
}

#[derive(Serialize)]
struct NaRow {
    section: String,
    question: String,
    reason: String,
    points: String,
}

#[derive(Serialize)]
struct SectionRow {
    title: String,
    score: String,
    max: String,
    percent: String,
    width: String,
    tone: &'static str,
    unknown: usize,
    unanswered: usize,
    not_applicable: usize,
    /// Whether nothing of the section is in scope.
    out_of_scope: bool,
    target: String,
}

#[derive(Serialize)]
struct SectionAnswers {
    title: String,
    questions: Vec<AnswerRow>,
}

#[derive(Serialize)]
struct AnswerRow {
    text: String,
    answer: String,
    status: &'static str,
    points: String,
}

#[derive(Serialize)]
struct Step {
    section: String,
    question: String,
    current: String,
    next: String,
    text: String,
    points: String,
}

#[derive(Serialize)]
struct Spot {
    title: String,
    items: Vec<SpotItem>,
}

#[derive(Serialize)]
struct SpotItem {
    status: &'static str,
    status_label: &'static str,
    text: String,
}

/// A radar chart for three or more sections, bars otherwise.
#[derive(Serialize, Default)]
struct Chart {
    radar: bool,
    width: u32,
    height: u32,
    cx: String,
    cy: String,
    rings: Vec<String>,
    shape: String,
    axes: Vec<Axis>,
    bars: Vec<Bar>,
}

#[derive(Serialize)]
struct Axis {
    x: String,
    y: String,
    px: String,
    py: String,
    lx: String,
    anchor: &'static str,
    /// The full label, wrapped: one entry per line, with its baseline.
    lines: Vec<LabelLine>,
    percent: String,
}

#[derive(Serialize)]
struct LabelLine {
    y: String,
    text: String,
    last: bool,
}

#[derive(Serialize)]
struct Bar {
    label: String,
    percent: String,
    width: String,
}

fn f1(x: f64) -> String {
    format!("{x:.1}")
}

fn tone_class(p: Option<f64>) -> &'static str {
    match tone(p) {
        Tone::Good => "good",
        Tone::Mid => "mid",
        Tone::Low | Tone::None => "low",
    }
}

/// Characters per line of a radar label: about 160 px at 12 px, which the
/// space beside the chart holds on either side.
const LABEL_WIDTH: usize = 24;

/// Line height of radar labels, in chart units.
const LABEL_LEADING: f64 = 14.0;

/// A radar label's lines, whole (never cut), wrapped at word boundaries and
/// stacked away from the chart: upwards above the centre, downwards below.
fn label_lines(label: &str, ly: f64, cy: f64) -> Vec<LabelLine> {
    let lines: Vec<String> = textwrap::wrap(label, LABEL_WIDTH)
        .into_iter()
        .map(|l| l.into_owned())
        .collect();
    let n = lines.len().max(1);
    let first = if ly < cy - 1.0 {
        ly - LABEL_LEADING * (n - 1) as f64
    } else if (ly - cy).abs() <= 1.0 {
        ly - LABEL_LEADING * (n - 1) as f64 / 2.0
    } else {
        ly
    };
    lines
        .into_iter()
        .enumerate()
        .map(|(i, text)| LabelLine {
            y: f1(first + LABEL_LEADING * i as f64),
            text,
            last: i + 1 == n,
        })
        .collect()
}

fn chart(points: &[(String, Option<f64>)]) -> Chart {
    if points.len() < 3 {
        return Chart {
            bars: points
                .iter()
                .map(|(label, p)| Bar {
                    label: label.clone(),
                    percent: pct(*p),
                    width: f1(p.unwrap_or(0.0).clamp(0.0, 100.0) * 4.0),
                })
                .collect(),
            ..Chart::default()
        };
    }
    let (width, height) = (720.0, 440.0);
    let (cx, cy) = (width / 2.0, height / 2.0);
    let r = 135.0;
    let n = points.len() as f64;
    let at = |i: usize, radius: f64| {
        let a = -PI / 2.0 + 2.0 * PI * i as f64 / n;
        (cx + radius * a.cos(), cy + radius * a.sin())
    };
    let ring = |frac: f64| {
        (0..points.len())
            .map(|i| {
                let (x, y) = at(i, r * frac);
                format!("{},{}", f1(x), f1(y))
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut axes = Vec::new();
    let mut shape = Vec::new();
    for (i, (label, p)) in points.iter().enumerate() {
        let (x, y) = at(i, r);
        let v = p.unwrap_or(0.0).clamp(0.0, 100.0) / 100.0;
        let (px, py) = at(i, r * v);
        let (lx, ly) = at(i, r + 16.0);
        shape.push(format!("{},{}", f1(px), f1(py)));
        let anchor = if (lx - cx).abs() < 8.0 {
            "middle"
        } else if lx > cx {
            "start"
        } else {
            "end"
        };
        axes.push(Axis {
            x: f1(x),
            y: f1(y),
            px: f1(px),
            py: f1(py),
            lx: f1(lx),
            anchor,
            lines: label_lines(label, ly + 4.0, cy + 4.0),
            percent: pct(*p),
        });
    }
    Chart {
        radar: true,
        width: width as u32,
        height: height as u32,
        cx: f1(cx),
        cy: f1(cy),
        rings: [0.25, 0.5, 0.75, 1.0].iter().map(|f| ring(*f)).collect(),
        shape: shape.join(" "),
        axes,
        bars: Vec::new(),
    }
}

fn view<'a>(card: &'a Scorecard, options: &ReportOptions) -> View<'a> {
    let scored: Vec<_> = card.sections.iter().filter(|s| s.max > 0.0).collect();
    let points: Vec<(String, Option<f64>)> = scored
        .iter()
        .map(|s| (s.title.clone(), s.percent))
        .collect();
    let shown: Vec<_> = card
        .sections
        .iter()
        .filter(|s| s.max > 0.0 || s.out_of_scope > 0.0)
        .collect();
    let question_text = |id: &str| card.question_text(id).to_string();
    View {
        card,
        version: env!("CARGO_PKG_VERSION"),
        generated_on: options.date.clone(),
        assessed_on: super::common::assessed_on(card).map(str::to_string),
        respondent: respondent_line(card),
        total_score: fmt_num(card.total.score),
        total_max: fmt_num(card.total.max),
        total_percent: fmt_num(card.total.percent),
        chart: chart(&points),
        sections: shown
            .iter()
            .map(|s| SectionRow {
                title: s.title.clone(),
                score: fmt_num(s.score),
                max: fmt_num(s.max),
                percent: pct(s.percent),
                width: f1(s.percent.unwrap_or(0.0).clamp(0.0, 100.0)),
                tone: tone_class(s.percent),
                unknown: s.unknown,
                unanswered: s.unanswered,
                not_applicable: s.not_applicable,
                out_of_scope: s.max <= 0.0,
                target: s.target.as_ref().map_or(String::new(), target_cell),
            })
            .collect(),
        scope: scope_line(card),
        band_reading: band_reading_line(card),
        band_cap: super::common::band_cap_line(card),
        possible: super::common::possible_line(card),
        targets: targets_line(card),
        any_na: card.total.not_applicable > 0,
        any_target: card.targets.is_some(),
        not_applicable: card
            .not_applicable
            .iter()
            .map(|na| NaRow {
                section: section_title(card, &na.section).to_string(),
                question: question_text(&na.question),
                reason: na.reason.clone(),
                points: plural_points(na.points),
            })
            .collect(),
        sections_all: card
            .sections
            .iter()
            .map(|s| SectionAnswers {
                title: s.title.clone(),
                questions: card
                    .questions
                    .iter()
                    .filter(|q| q.section == s.id && q.status != Status::NotAsked)
                    .map(|q| AnswerRow {
                        text: q.text.clone(),
                        answer: match (q.status, &q.not_applicable) {
                            (Status::Unanswered, _) => "unanswered".to_string(),
                            (Status::NotApplicable, Some(why)) => {
                                format!("Not applicable: {why}")
                            }
                            _ => q.answer_label.clone().unwrap_or_default(),
                        },
                        status: match q.status {
                            Status::Unknown => "unknown",
                            Status::Unanswered => "unanswered",
                            Status::NotApplicable => "na",
                            _ => "answered",
                        },
                        points: if q.status == Status::NotApplicable && q.scored {
                            format!("out of scope ({})", fmt_num(q.out_of_scope))
                        } else if q.scored {
                            format!("{} / {}", fmt_num(q.score), fmt_num(q.max))
                        } else {
                            "not scored".into()
                        },
                    })
                    .collect(),
            })
            .collect(),
        roadmap_rule: roadmap_rule(card),
        profile: profile_line(card),
        source: source_line(card),
        roadmap: card
            .recommendations
            .iter()
            .map(|r| Step {
                section: section_title(card, &r.section).to_string(),
                question: question_text(&r.question),
                current: r.current.clone(),
                next: r.next.clone(),
                text: step_advice(r),
                points: gain_label(r.gain),
            })
            .collect(),
        blind_spots: card
            .blind_spots
            .iter()
            .map(|b| Spot {
                title: b.title.clone(),
                items: b
                    .unknown
                    .iter()
                    .map(|id| SpotItem {
                        status: "unknown",
                        status_label: "Don't know",
                        text: question_text(id),
                    })
                    .chain(b.unanswered.iter().map(|id| SpotItem {
                        status: "unanswered",
                        status_label: "Unanswered",
                        text: question_text(id),
                    }))
                    .collect(),
            })
            .collect(),
    }
}

impl Reporter for HtmlReporter {
    fn render(&self, card: &Scorecard, options: &ReportOptions) -> anyhow::Result<Vec<u8>> {
        super::common::render_page("report.html", TEMPLATE, view(card, options))
    }
}

#[cfg(test)]
mod layout_tests {
    use super::*;

    #[test]
    fn i_dont_know_reads_at_aa_contrast_on_white() {
        let base = include_str!("templates/base.html");
        let decl = "--unknown-ink: ";
        let at = base.find(decl).map_or(0, |i| i + decl.len());
        let ink = &base[at..at + 7];
        assert!(TEMPLATE.contains(".status-unknown { color: var(--unknown-ink);"));
        let ratio = super::super::contrast(ink, "#ffffff");
        assert!(ratio >= 4.5, "{ink} on white is {ratio:.2}:1");
    }

    #[test]
    fn radar_labels_are_whole_and_stack_away_from_the_chart() {
        let title = "CX to Sales and Marketing Feedback Loop";
        let above = label_lines(title, 100.0, 200.0);
        let joined: Vec<&str> = above.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(joined, ["CX to Sales and", "Marketing Feedback Loop"]);
        assert_eq!(
            (above[0].y.as_str(), above[1].y.as_str()),
            ("86.0", "100.0")
        );
        assert!(above[1].last && !above[0].last);
        let below = label_lines(title, 300.0, 200.0);
        assert_eq!(
            (below[0].y.as_str(), below[1].y.as_str()),
            ("300.0", "314.0")
        );
        let one = label_lines("Onboarding", 50.0, 200.0);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].text, "Onboarding");
    }
}
