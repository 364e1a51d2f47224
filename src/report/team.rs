//! Rendering a [`TeamReport`]: terminal table, JSON, Markdown, CSV and HTML.
//! Pure: colour, width and date are parameters. No output names a respondent.
//!
//! The report is worked out once into a [`View`]; one walk draws it on the
//! terminal and in Markdown ([`super::markup`]), and the HTML page reads the
//! same view. CSV and JSON are the data themselves.

use serde::Serialize;

use super::escape::{csv_num, csv_row, csv_text};
use super::escape::{pct1 as pct, round1};
use super::markup::{Aggregate, Align, Item, Row, Skin, Style, Title, column, plain, styled};
use super::{ReportOptions, common};
use crate::framework::Kind;
use crate::team::{AGREE_FIRST_WHY, QuestionStats, Stats, TeamReport};
use crate::text::{fmt_num, plural};

const TEMPLATE: &str = include_str!("templates/team.html");

/// How many roadmap steps the terminal and Markdown show.
const ROADMAP_SHOWN: usize = 10;

fn opt(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_string(), |x| fmt_num(round1(x)))
}

/// Agreement as shown: `0.55`, and `split` when one vote decides the question.
fn agreement_text(q: &QuestionStats) -> String {
    match (q.agreement, q.contested) {
        (Some(a), true) => format!("{a:.2} · split"),
        (Some(a), false) => format!("{a:.2}"),
        (None, true) => "split".to_string(),
        (None, false) => "–".to_string(),
    }
}

/// The legend of agreement, true of every kind of question (docs/team.md).
const AGREEMENT_LEGEND: &str = "agreement: 1 = unanimous, 0 = no more agreement than answers picked at random; split = one answer changed would change the team's";

fn section_title<'a>(r: &'a TeamReport, id: &'a str) -> &'a str {
    r.sections
        .iter()
        .find(|s| s.id == id)
        .map_or(id, |s| s.title.as_str())
}

fn question<'a>(r: &'a TeamReport, id: &str) -> Option<&'a QuestionStats> {
    r.questions.iter().find(|q| q.id == id)
}

/// What every rendering of a team report shows, worked out once.
#[derive(Serialize)]
struct View {
    title: String,
    id: String,
    version: String,
    respondents: usize,
    /// "Team of 6 respondents".
    facts: String,
    /// The total, then each section someone was asked about.
    rows: Vec<SectionRow>,
    /// "46.7% (2.33 of 5 points)": the team's mean, the headline.
    mean: String,
    /// The band holding the team's mean.
    band: Option<BandView>,
    /// "3 of 5 points (60%)": the majority answers' score.
    typical: String,
    /// "2 of 3 scored questions decided by one vote".
    decided: String,
    /// The majority answers' band: not shown (nobody may hold that profile);
    /// kept for templates of earlier versions.
    typical_band: Option<BandView>,
    disagreements: Vec<QuestionView>,
    roadmap: Vec<StepView>,
    blind_spots: Vec<BlindSpotView>,
    groups: Option<GroupsView>,
    /// What agreement means, for every kind of question.
    legend: &'static str,
    /// Why split questions come first, when the roadmap has one.
    agree_first: Option<&'static str>,
}

#[derive(Serialize)]
struct SectionRow {
    title: String,
    total: bool,
    mean: String,
    median: String,
    min: String,
    max: String,
    sd: String,
    /// Respondents per tenth, as a sparkline.
    spread: String,
    #[serde(skip)]
    mean_value: Option<f64>,
    #[serde(skip)]
    strip: Vec<(f64, usize)>,
}

#[derive(Serialize)]
struct BandView {
    label: String,
    text: String,
}

#[derive(Serialize)]
struct QuestionView {
    id: String,
    section: String,
    text: String,
    agreement: String,
    low: bool,
    /// `Yes 5 · No 3 · I don't know 1`.
    answers: String,
    typical: String,
    /// Multi: one bar per option, the share of those asked who ticked it.
    multi: bool,
    segments: Vec<Segment>,
}

#[derive(Serialize)]
struct Segment {
    label: String,
    count: usize,
    width: String,
    class: String,
}

#[derive(Serialize)]
struct StepView {
    section: String,
    question: String,
    question_text: String,
    current: String,
    next: String,
    text: String,
    /// Contested: agree on the answer and verify it first.
    agree_first: bool,
    /// A contested question's answers: `Yes 4 · No 3`.
    answers: String,
}

#[derive(Serialize)]
struct BlindSpotView {
    section: String,
    text: String,
    idk: usize,
    unanswered: usize,
    asked: usize,
}

impl BlindSpotView {
    /// `2 don't know, 0 unanswered of 6 asked`.
    fn counts(&self) -> String {
        format!(
            "{} don't know, {} unanswered of {} asked",
            self.idk, self.unanswered, self.asked
        )
    }
}

#[derive(Serialize)]
struct GroupsView {
    by: String,
    min_group: usize,
    heads: Vec<String>,
    rows: Vec<GroupRow>,
    gaps: Vec<GapView>,
    /// "Other: 2 groups under 3 and 1 of 5 holds 8 respondents; the group of 5 …".
    pool: Option<String>,
    /// "`--min-group 2` would show 4 groups …".
    suggestion: Option<String>,
    /// When nobody gives the field: which fields respondents do give.
    missing: Option<String>,
}

/// The widest gap between two groups in a section (or the total).
#[derive(Serialize)]
struct GapView {
    section: String,
    points: String,
    high: String,
    high_mean: String,
    low: String,
    low_mean: String,
}

#[derive(Serialize)]
struct GroupRow {
    name: String,
    respondents: usize,
    total: String,
    cells: Vec<String>,
}

/// What the pool row holds, said in full.
fn pool_text(p: &crate::team::Pool, min_group: usize) -> String {
    let mut text = format!(
        "The pooled row holds {} respondents: {} under {min_group}",
        p.respondents,
        plural(p.small_groups, "group", "groups")
    );
    if !p.joined.is_empty() {
        let sizes: Vec<String> = p.joined.iter().map(|n| format!("1 of {n}")).collect();
        text.push_str(&format!(
            ", and {} large enough to show, pooled so the small ones cannot be recovered by subtracting the shown groups from the team",
            sizes.join(" and ")
        ));
    }
    text.push('.');
    text
}

/// Said when no respondent gives the `--by` field.
fn missing_field(by: &str, fields: &[String]) -> String {
    if fields.is_empty() {
        format!(
            "No respondent gives a `{by}` field, and none gives any respondent field: no groups."
        )
    } else {
        format!(
            "No respondent gives a `{by}` field: no groups. Fields respondents give: {}.",
            fields.join(", ")
        )
    }
}

/// Respondents per tenth of 0–100%, as a sparkline: `·▅·█▅█▅▅··`.
fn spread(strip: &[(f64, usize)]) -> String {
    let mut cells = [0usize; 10];
    for (p, n) in strip {
        cells[((p / 10.0).floor() as usize).min(9)] += n;
    }
    let top = cells.iter().copied().max().unwrap_or(0).max(1);
    cells
        .iter()
        .map(|c| match c {
            0 => '·',
            c => ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'][(c * 7).div_ceil(top).min(7)],
        })
        .collect()
}

fn section_row(title: &str, total: bool, s: &Stats, strip: &[(f64, usize)]) -> SectionRow {
    SectionRow {
        title: title.to_string(),
        total,
        mean: pct(s.mean),
        median: pct(s.median),
        min: pct(s.min),
        max: pct(s.max),
        sd: opt(s.sd),
        spread: spread(strip),
        mean_value: s.mean,
        strip: strip.to_vec(),
    }
}

fn question_view(r: &TeamReport, q: &QuestionStats) -> QuestionView {
    let multi = q.kind == Kind::Multi;
    let options = q.distribution.len().saturating_sub(2);
    let total: usize = if multi {
        q.asked
    } else {
        q.distribution.iter().map(|(_, n)| n).sum()
    };
    let segments = q
        .distribution
        .iter()
        .zip(&q.labels)
        .enumerate()
        .filter(|(_, ((_, n), _))| *n > 0)
        .map(|(i, ((key, n), label))| Segment {
            label: label.clone(),
            count: *n,
            width: format!("{:.2}", *n as f64 * 100.0 / total.max(1) as f64),
            class: if i >= options {
                key.clone()
            } else {
                format!("c{}", (i * 6 / options.max(1)).min(5))
            },
        })
        .collect();
    QuestionView {
        id: q.id.clone(),
        section: section_title(r, &q.section).to_string(),
        text: q.text.clone(),
        agreement: agreement_text(q),
        low: q.low_agreement,
        answers: q.answers_line(),
        typical: q.typical.clone().unwrap_or_default(),
        multi,
        segments,
    }
}

impl View {
    fn of(r: &TeamReport) -> View {
        let shown: Vec<usize> = r
            .sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.stats.respondents > 0)
            .map(|(i, _)| i)
            .collect();
        let mut rows = vec![section_row("Total", true, &r.total.stats, &r.total.strip)];
        rows.extend(shown.iter().map(|i| {
            let s = &r.sections[*i];
            section_row(&s.title, false, &s.stats, &s.strip)
        }));
        let groups = r.by.as_ref().map(|by| GroupsView {
            pool: r.pool.as_ref().map(|p| pool_text(p, r.min_group)),
            suggestion: r.suggested_min_group.as_ref().map(|s| {
                format!(
                    "`--min-group {}` would show {} groups on their own (smaller groups protect their respondents less).",
                    s.min_group, s.groups
                )
            }),
            missing: (r.by_given == 0).then(|| missing_field(by, &r.respondent_fields)),
            by: by.clone(),
            min_group: r.min_group,
            heads: shown.iter().map(|i| r.sections[*i].title.clone()).collect(),
            rows: r
                .groups
                .iter()
                .map(|g| GroupRow {
                    name: g.name.clone(),
                    respondents: g.respondents,
                    total: pct(Some(g.mean)),
                    cells: shown.iter().map(|i| pct(g.sections[*i].mean)).collect(),
                })
                .collect(),
            gaps: r
                .gaps
                .iter()
                .filter(|g| g.gap > 0.0)
                .map(|g| GapView {
                    section: if g.section == "total" {
                        "Total".to_string()
                    } else {
                        section_title(r, &g.section).to_string()
                    },
                    points: fmt_num(round1(g.gap)),
                    high: g.high.clone(),
                    high_mean: pct(Some(g.high_mean)),
                    low: g.low.clone(),
                    low_mean: pct(Some(g.low_mean)),
                })
                .collect(),
        });
        View {
            title: r.framework.title.clone(),
            id: r.framework.id.clone(),
            version: r.framework.version.clone(),
            respondents: r.respondents,
            facts: format!(
                "Team of {} · {}",
                plural(r.respondents, "respondent", "respondents"),
                match (&r.assessed_from, &r.assessed_to) {
                    (Some(a), Some(b)) if a != b => format!("assessed from {a} to {b}"),
                    (Some(a), _) => format!("assessed on {a}"),
                    _ => "no assessment dates in the answers".to_string(),
                }
            ),
            rows,
            mean: match (r.total.stats.mean, r.total.mean_score) {
                (Some(p), Some(points)) => format!(
                    "{} ({} of {} points)",
                    pct(Some(p)),
                    fmt_num(points),
                    fmt_num(r.total.max_score)
                ),
                _ => "–".to_string(),
            },
            band: r.band.as_ref().map(|b| BandView {
                label: b.label.clone(),
                text: b.text.clone(),
            }),
            typical: format!(
                "{} of {} points ({})",
                fmt_num(r.typical.score),
                fmt_num(r.typical.max),
                pct(Some(r.typical.percent))
            ),
            decided: format!(
                "{} of {} scored {} decided by one vote",
                r.typical.decided_by_one_vote,
                r.typical.questions,
                if r.typical.questions == 1 {
                    "question"
                } else {
                    "questions"
                }
            ),
            typical_band: r.typical.band.as_ref().map(|b| BandView {
                label: b.label.clone(),
                text: b.text.clone(),
            }),
            disagreements: r
                .disagreements
                .iter()
                .filter_map(|id| question(r, id))
                .map(|q| question_view(r, q))
                .collect(),
            roadmap: r
                .roadmap
                .iter()
                .map(|t| {
                    let s = &t.step;
                    StepView {
                        section: section_title(r, &s.section).to_string(),
                        question: s.question.clone(),
                        question_text: question(r, &s.question)
                            .map_or(s.question.clone(), |q| q.text.clone()),
                        current: s.current.clone(),
                        next: s.next.clone(),
                        text: s.text.clone(),
                        agree_first: t.agree_first,
                        answers: t.answers.clone().unwrap_or_default(),
                    }
                })
                .collect(),
            blind_spots: r
                .blind_spots
                .iter()
                .map(|b| BlindSpotView {
                    section: section_title(r, &b.section).to_string(),
                    text: b.text.clone(),
                    idk: b.idk,
                    unanswered: b.unanswered,
                    asked: b.asked,
                })
                .collect(),
            groups,
            legend: AGREEMENT_LEGEND,
            agree_first: r
                .roadmap
                .iter()
                .any(|s| s.agree_first)
                .then_some(AGREE_FIRST_WHY),
        }
    }
}

/// The one walk over a team report, for the terminal and Markdown.
fn walk(v: &View, skin: &mut dyn Skin) {
    skin.title(&Title {
        title: v.title.clone(),
        kind: "team assessment",
        id: v.id.clone(),
        version: v.version.clone(),
        facts: v.facts.clone(),
    });

    skin.part();
    let mut columns = vec![column("", Align::Left)];
    columns.extend(
        ["Mean", "Median", "Min", "Max", "SD"]
            .into_iter()
            .map(|h| column(h, Align::Right)),
    );
    columns.push(column("Spread", Align::Left));
    let rows: Vec<Row> = v
        .rows
        .iter()
        .map(|s| Row {
            cells: [
                &s.title, &s.mean, &s.median, &s.min, &s.max, &s.sd, &s.spread,
            ]
            .into_iter()
            .map(plain)
            .collect(),
            strong: s.total,
        })
        .collect();
    skin.table(&columns, &rows);
    skin.note("Percent of each section's maximum. Spread: respondents per tenth, 0% → 100%.");

    skin.part();
    let mut headline = vec![
        styled("Team mean:", Style::Strong),
        plain(format!(" {}", v.mean)),
    ];
    if let Some(b) = &v.band {
        headline.push(plain(", band "));
        headline.push(styled(b.label.clone(), Style::Strong));
    }
    skin.paragraph(&headline);
    if let Some(b) = &v.band {
        skin.paragraph(&[plain(b.text.clone())]);
    }
    skin.paragraph(&[
        styled("Majority answers", Style::Strong),
        plain(format!(
            " (each question's most common answer, scored as one respondent; a profile no one may hold): {}; {}.",
            v.typical, v.decided
        )),
    ]);

    if !v.disagreements.is_empty() {
        skin.part();
        skin.heading(&format!(
            "Discuss first: where the team disagrees most ({})",
            v.legend
        ));
        let items: Vec<Item> = v
            .disagreements
            .iter()
            .map(|q| Item {
                head: vec![
                    styled(
                        format!("[{}]", q.agreement),
                        if q.low { Style::Bad } else { Style::Plain },
                    ),
                    plain(format!(" {} · {} ", q.section, q.text)),
                    styled(format!("({})", q.id), Style::Dim),
                ],
                body: Some(vec![plain(q.answers.clone())]),
            })
            .collect();
        skin.list(true, &items);
    }

    if !v.roadmap.is_empty() {
        skin.part();
        let shown = v.roadmap.len().min(ROADMAP_SHOWN);
        skin.heading(&format!(
            "Team roadmap (top {shown} of {}): split questions first, then the majority answers' next steps",
            v.roadmap.len()
        ));
        if let Some(why) = v.agree_first {
            skin.note(why);
        }
        let items: Vec<Item> = v
            .roadmap
            .iter()
            .take(shown)
            .map(|s| {
                if s.agree_first {
                    Item {
                        head: vec![
                            styled("Agree and verify first", Style::Bad),
                            plain(format!(
                                " · {} · {}: {} ({})",
                                s.section, s.question, s.current, s.answers
                            )),
                        ],
                        body: Some(vec![plain(s.text.clone())]),
                    }
                } else {
                    Item {
                        head: vec![plain(format!(
                            "{} · {}: {} → {}",
                            s.section, s.question, s.current, s.next
                        ))],
                        body: Some(vec![plain(s.text.clone())]),
                    }
                }
            })
            .collect();
        skin.list(true, &items);
    }

    if !v.blind_spots.is_empty() {
        skin.part();
        skin.heading("Team blind spots: a third or more could not answer");
        let items: Vec<Item> = v
            .blind_spots
            .iter()
            .map(|b| Item::line(format!("{} · {}: {}", b.section, b.text, b.counts())))
            .collect();
        skin.list(false, &items);
    }

    if let Some(g) = &v.groups {
        skin.part();
        skin.heading(&format!(
            "Groups by {} (groups under {} are pooled, never shown alone)",
            g.by, g.min_group
        ));
        if let Some(missing) = &g.missing {
            skin.paragraph(&[plain(missing.clone())]);
        } else if g.rows.is_empty() {
            skin.paragraph(&[plain("No group is large enough to show.")]);
        } else {
            let mut columns = vec![
                column("Group", Align::Left),
                column("n", Align::Right),
                column("Total", Align::Right),
            ];
            columns.extend(g.heads.iter().map(|h| column(h.clone(), Align::Right)));
            let rows: Vec<Row> = g
                .rows
                .iter()
                .map(|row| Row {
                    cells: [&row.name, &row.respondents.to_string(), &row.total]
                        .into_iter()
                        .chain(&row.cells)
                        .map(plain)
                        .collect(),
                    strong: false,
                })
                .collect();
            skin.table(&columns, &rows);
            let gaps: Vec<Item> = g
                .gaps
                .iter()
                .map(|gap| {
                    Item::line(format!(
                        "{}: {} percentage points between {} ({}) and {} ({})",
                        gap.section, gap.points, gap.high, gap.high_mean, gap.low, gap.low_mean
                    ))
                })
                .collect();
            skin.list(false, &gaps);
        }
        for note in [&g.pool, &g.suggestion].into_iter().flatten() {
            skin.note(note);
        }
    }
}

/// The HTML page: the view, with a strip of dots per section and every
/// question's answers.
#[derive(Serialize)]
struct Page<'a> {
    v: &'a View,
    version: &'static str,
    date: &'a str,
    strips: Vec<Strip>,
    questions: Vec<PageSection>,
}

#[derive(Serialize)]
struct Strip {
    mean_x: String,
    dots: Vec<(String, String)>,
    height: usize,
}

#[derive(Serialize)]
struct PageSection {
    title: String,
    questions: Vec<QuestionView>,
}

/// Dots of a strip: x from 0 to 600 for 0–100%, stacked upwards when values repeat.
fn strip(row: &SectionRow) -> Strip {
    let x = |p: f64| format!("{:.1}", 10.0 + p.clamp(0.0, 100.0) * 6.0);
    let tallest = row
        .strip
        .iter()
        .map(|(_, n)| (*n).min(12))
        .max()
        .unwrap_or(1)
        .max(1);
    let height = 8 + tallest * 7 + 18;
    let mut dots = Vec::new();
    for (p, n) in &row.strip {
        for k in 0..(*n).min(12) {
            dots.push((x(*p), format!("{}", height - 24 - k * 7)));
        }
    }
    Strip {
        mean_x: row.mean_value.map_or_else(String::new, x),
        dots,
        height,
    }
}

impl Aggregate for TeamReport {
    fn walk(&self, skin: &mut dyn Skin) {
        walk(&View::of(self), skin);
    }

    /// The CSV report: one row per question.
    fn csv(&self) -> anyhow::Result<Vec<u8>> {
        let r = self;
        let mut out = String::new();
        let header = [
            "section",
            "question",
            "text",
            "kind",
            "asked",
            "answered",
            "idk",
            "unanswered",
            "mean_points",
            "max_points",
            "agreement",
            "low_agreement",
            "typical",
            "distribution",
        ];
        csv_row(&mut out, &header.map(String::from));
        for q in &r.questions {
            let count = |key: &str| {
                q.distribution
                    .iter()
                    .rev()
                    .find(|(k, _)| k == key)
                    .map_or(0, |(_, n)| *n)
            };
            let options = q.distribution.len().saturating_sub(2);
            let distribution = q.distribution[..options]
                .iter()
                .map(|(k, n)| format!("{k}={n}"))
                .collect::<Vec<_>>()
                .join("; ");
            csv_row(
                &mut out,
                &[
                    csv_text(&q.section),
                    csv_text(&q.id),
                    csv_text(&q.text),
                    q.kind.name().to_string(),
                    q.asked.to_string(),
                    q.answered.to_string(),
                    count("idk").to_string(),
                    count("unanswered").to_string(),
                    csv_num(q.mean_points),
                    fmt_num(q.max_points),
                    csv_num(q.agreement),
                    q.low_agreement.to_string(),
                    csv_text(q.typical.as_deref().unwrap_or("")),
                    csv_text(&distribution),
                ],
            );
        }
        Ok(out.into_bytes())
    }

    /// The self-contained HTML report.
    fn html(&self, options: &ReportOptions) -> anyhow::Result<Vec<u8>> {
        let r = self;
        let v = View::of(r);
        let page = Page {
            version: env!("CARGO_PKG_VERSION"),
            date: &options.date,
            strips: v.rows.iter().map(strip).collect(),
            questions: r
                .sections
                .iter()
                .map(|s| PageSection {
                    title: s.title.clone(),
                    questions: r
                        .questions
                        .iter()
                        .filter(|q| q.section == s.id && q.kind != Kind::Text)
                        .map(|q| question_view(r, q))
                        .collect(),
                })
                .filter(|s| !s.questions.is_empty())
                .collect(),
            v: &v,
        };
        common::render_page("team.html", TEMPLATE, page)
    }
}
