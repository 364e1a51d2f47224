//! Progress over time: N assessments of one framework (single answers files, or
//! team directories counted as their team mean), ordered by date, with each
//! section's series, first → last deltas, band changes and the questions that
//! regressed since the previous point. Pure: no I/O, no clock.

use serde::Serialize;

use crate::date::Date;
use crate::scoring::{BandResult, FrameworkInfo, Scorecard, Status, exact_percent, round2};
use crate::team::TeamReport;
use crate::text::{EPS, ser_round2, ser_round2_opt};

/// One assessment, before ordering.
#[derive(Debug, Clone)]
pub struct PointInput {
    /// How the point was named on the command line (a file or a directory).
    pub label: String,
    /// The respondent's date (a directory: the latest of its files').
    pub date: Option<Date>,
    /// 1 for a file, the team's size for a directory.
    pub respondents: usize,
    /// Points (a team: the mean).
    pub score: f64,
    /// Percent of the maximum (a team: the mean of the respondents' percents).
    pub percent: f64,
    /// The band holding the total.
    pub band: Option<BandResult>,
    /// Per section in framework order: id, title, percent.
    pub sections: Vec<(String, String, Option<f64>)>,
    /// Per question in framework order: id, section id, text, points (a team:
    /// mean points); None when not asked or unscored.
    pub questions: Vec<(String, String, String, Option<f64>)>,
    /// The respondents' `organization`s, distinct (a team may name several).
    pub organizations: Vec<String>,
}

impl PointInput {
    /// A point from one respondent's scorecard.
    pub fn from_card(label: &str, card: &Scorecard) -> PointInput {
        PointInput {
            label: label.to_string(),
            date: respondent_date(card),
            respondents: 1,
            score: card.total.score,
            percent: exact_percent(card.total.score, card.total.max).unwrap_or(0.0),
            band: card.band.clone(),
            sections: card
                .sections
                .iter()
                .map(|s| (s.id.clone(), s.title.clone(), exact_percent(s.score, s.max)))
                .collect(),
            questions: card
                .questions
                .iter()
                .map(|q| {
                    // A question out of scope scores nothing, not 0.
                    let scored =
                        q.scored && !matches!(q.status, Status::NotAsked | Status::NotApplicable);
                    (
                        q.id.clone(),
                        q.section.clone(),
                        q.text.clone(),
                        scored.then_some(q.score),
                    )
                })
                .collect(),
            organizations: organization(card).into_iter().collect(),
        }
    }

    /// A point from a team's aggregate: the team mean.
    pub fn from_team(label: &str, date: Option<Date>, team: &TeamReport) -> PointInput {
        PointInput {
            label: label.to_string(),
            date,
            respondents: team.respondents,
            score: team.total.mean_score.unwrap_or(0.0),
            percent: team.total.stats.mean.unwrap_or(0.0),
            band: team.band.clone(),
            sections: team
                .sections
                .iter()
                .map(|s| (s.id.clone(), s.title.clone(), s.stats.mean))
                .collect(),
            questions: team
                .questions
                .iter()
                .map(|q| {
                    (
                        q.id.clone(),
                        q.section.clone(),
                        q.text.clone(),
                        q.mean_points,
                    )
                })
                .collect(),
            organizations: Vec::new(),
        }
    }
}

/// The respondent's `organization`, trimmed, when given.
pub fn organization(card: &Scorecard) -> Option<String> {
    card.respondent
        .get("organization")
        .map(|o| o.trim().to_string())
        .filter(|o| !o.is_empty())
}

/// What a reader must know before trusting a trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Caution {
    /// The points name different organizations (compared ignoring case and
    /// spaces at the ends): a trend follows one organization over time.
    Organizations {
        /// Each organization, with the points that name it, in order.
        organizations: Vec<OrganizationPoints>,
    },
    /// A point is dated after today.
    FutureDate {
        /// The point's label.
        label: String,
        /// Its date.
        date: String,
        /// Today.
        today: String,
    },
}

/// An organization and the points that name it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OrganizationPoints {
    /// The organization, as the first point names it.
    pub organization: String,
    /// The labels of the points that name it.
    pub points: Vec<String>,
}

impl Caution {
    /// The caution as a sentence, for a warning and the text reports.
    pub fn message(&self) -> String {
        match self {
            Caution::Organizations { organizations } => {
                let named: Vec<String> = organizations
                    .iter()
                    .map(|o| format!("{} ({})", o.organization, o.points.join(", ")))
                    .collect();
                format!(
                    "the points come from different organizations: {}; a trend follows one organization over time",
                    named.join("; ")
                )
            }
            Caution::FutureDate { label, date, today } => {
                format!("{label} is dated {date}, after today ({today}): check its respondent date")
            }
        }
    }
}

/// The cautions of a trend: points from different organizations, dates
/// after `today`.
pub fn cautions(t: &Trend, today: Date) -> Vec<Caution> {
    let mut out = Vec::new();
    let mut orgs: Vec<OrganizationPoints> = Vec::new();
    for p in &t.points {
        for o in &p.organizations {
            match orgs
                .iter_mut()
                .find(|x| x.organization.trim().eq_ignore_ascii_case(o.trim()))
            {
                Some(x) => x.points.push(p.label.clone()),
                None => orgs.push(OrganizationPoints {
                    organization: o.clone(),
                    points: vec![p.label.clone()],
                }),
            }
        }
    }
    if orgs.len() > 1 {
        out.push(Caution::Organizations {
            organizations: orgs,
        });
    }
    for p in &t.points {
        if let Some(d) = p.date.as_deref().and_then(|d| Date::parse(d).ok()) {
            if d > today {
                out.push(Caution::FutureDate {
                    label: p.label.clone(),
                    date: d.to_string(),
                    today: today.to_string(),
                });
            }
        }
    }
    out
}

/// The respondent's date of a scorecard, when it has one (answers files are
/// checked as they are read: a date that is there is a real `YYYY-MM-DD`).
pub fn respondent_date(card: &Scorecard) -> Option<Date> {
    card.respondent
        .get("date")
        .and_then(|d| Date::parse(d).ok())
}

/// Progress over time.
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    /// Which framework.
    pub framework: FrameworkInfo,
    /// `date` when every point has a date, else `arguments` (the order given).
    pub ordered_by: &'static str,
    /// The points, in order.
    pub points: Vec<Point>,
    /// The total's first, last and change.
    pub total: Series,
    /// Each section's series, in framework order.
    pub sections: Vec<SectionSeries>,
    /// Where the band changed between consecutive points.
    pub band_changes: Vec<BandChange>,
    /// Questions that score less than at the previous point.
    pub regressions: Vec<Regression>,
    /// How far the assessments carried out a plan (`--plan`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<crate::plan::track::PlanProgress>,
    /// What to check before trusting the trend ([`cautions`]): points from
    /// different organizations, dates in the future.
    pub cautions: Vec<Caution>,
}

/// One assessment.
#[derive(Debug, Clone, Serialize)]
pub struct Point {
    /// The file or directory as named.
    pub label: String,
    /// YYYY-MM-DD, or null.
    pub date: Option<String>,
    /// 1 for a file; the team's size for a directory.
    pub respondents: usize,
    /// The respondents' organizations, when given.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub organizations: Vec<String>,
    /// Total points and percent.
    pub total: PointTotal,
    /// The band holding the total.
    pub band: Option<BandResult>,
    /// Each section's percent.
    pub sections: Vec<PointSection>,
}

/// A point's total.
#[derive(Debug, Clone, Serialize)]
pub struct PointTotal {
    /// Points (a team: the mean).
    #[serde(serialize_with = "ser_round2")]
    pub score: f64,
    /// Percent of the maximum.
    #[serde(serialize_with = "ser_round2")]
    pub percent: f64,
}

/// A point's section.
#[derive(Debug, Clone, Serialize)]
pub struct PointSection {
    /// Section id.
    pub id: String,
    /// Percent, or null when nothing was scored.
    #[serde(serialize_with = "ser_round2_opt")]
    pub percent: Option<f64>,
}

/// First, last and the change, in percentage points.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    /// Percent at the first point.
    #[serde(serialize_with = "ser_round2_opt")]
    pub first: Option<f64>,
    /// Percent at the last point.
    #[serde(serialize_with = "ser_round2_opt")]
    pub last: Option<f64>,
    /// last − first.
    #[serde(serialize_with = "ser_round2_opt")]
    pub delta: Option<f64>,
}

/// A section over time.
#[derive(Debug, Clone, Serialize)]
pub struct SectionSeries {
    /// Section id.
    pub id: String,
    /// Section title.
    pub title: String,
    /// Percent at each point (null where nothing was scored).
    #[serde(serialize_with = "ser_series")]
    pub series: Vec<Option<f64>>,
    /// First, last, change.
    #[serde(flatten)]
    pub change: Series,
}

/// A band change between two consecutive points.
#[derive(Debug, Clone, Serialize)]
pub struct BandChange {
    /// Index of the later point.
    pub point: usize,
    /// Band label before (null: no band).
    pub before: Option<String>,
    /// Band label after.
    pub after: Option<String>,
}

/// A question that scores less than at the previous point.
#[derive(Debug, Clone, Serialize)]
pub struct Regression {
    /// Index of the later point.
    pub point: usize,
    /// Question id.
    pub question: String,
    /// Section id.
    pub section: String,
    /// Question text.
    pub text: String,
    /// Points before (a team: mean points).
    #[serde(serialize_with = "ser_round2")]
    pub before: f64,
    /// Points after.
    #[serde(serialize_with = "ser_round2")]
    pub after: f64,
}

/// Serde: a series' percents rounded to two decimals.
fn ser_series<S: serde::Serializer>(v: &[Option<f64>], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(|p| p.map(round2)))
}

fn series(values: &[Option<f64>]) -> Series {
    let first = values.iter().flatten().next().copied();
    let last = values.iter().flatten().last().copied();
    Series {
        first,
        last,
        delta: first.zip(last).map(|(a, b)| b - a),
    }
}

/// Orders the points and computes the series. Points are ordered by date when
/// every point has one (ties keep the order given); otherwise in the order
/// given. Returns the trend and the labels of the points without a date.
pub fn trend(framework: FrameworkInfo, mut points: Vec<PointInput>) -> (Trend, Vec<String>) {
    let undated: Vec<String> = points
        .iter()
        .filter(|p| p.date.is_none())
        .map(|p| p.label.clone())
        .collect();
    let ordered_by = if undated.is_empty() {
        points.sort_by_key(|p| p.date);
        "date"
    } else {
        "arguments"
    };
    let section_ids: Vec<(String, String)> = points
        .first()
        .map(|p| {
            p.sections
                .iter()
                .map(|(id, t, _)| (id.clone(), t.clone()))
                .collect()
        })
        .unwrap_or_default();
    let sections = section_ids
        .iter()
        .enumerate()
        .map(|(i, (id, title))| {
            let values: Vec<Option<f64>> = points
                .iter()
                .map(|p| p.sections.get(i).and_then(|s| s.2))
                .collect();
            SectionSeries {
                id: id.clone(),
                title: title.clone(),
                change: series(&values),
                series: values,
            }
        })
        .collect();
    let totals: Vec<Option<f64>> = points.iter().map(|p| Some(p.percent)).collect();
    let mut band_changes = Vec::new();
    let mut regressions = Vec::new();
    for (i, pair) in points.windows(2).enumerate() {
        let (before, after) = (&pair[0], &pair[1]);
        let label = |b: &Option<BandResult>| b.as_ref().map(|b| b.label.clone());
        if label(&before.band) != label(&after.band) {
            band_changes.push(BandChange {
                point: i + 1,
                before: label(&before.band),
                after: label(&after.band),
            });
        }
        for (b, a) in before.questions.iter().zip(&after.questions) {
            if let (Some(pb), Some(pa)) = (b.3, a.3) {
                if pa + EPS < pb {
                    regressions.push(Regression {
                        point: i + 1,
                        question: a.0.clone(),
                        section: a.1.clone(),
                        text: a.2.clone(),
                        before: pb,
                        after: pa,
                    });
                }
            }
        }
    }
    let trend = Trend {
        framework,
        ordered_by,
        total: series(&totals),
        sections,
        band_changes,
        regressions,
        plan: None,
        cautions: Vec::new(),
        points: points
            .into_iter()
            .map(|p| Point {
                label: p.label,
                date: p.date.map(|d| d.to_string()),
                respondents: p.respondents,
                organizations: p.organizations,
                total: PointTotal {
                    score: p.score,
                    percent: p.percent,
                },
                band: p.band,
                sections: p
                    .sections
                    .into_iter()
                    .map(|(id, _, percent)| PointSection { id, percent })
                    .collect(),
            })
            .collect(),
    };
    (trend, undated)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(label: &str) -> Option<BandResult> {
        Some(BandResult {
            label: label.into(),
            text: String::new(),
        })
    }

    fn point(
        label: &str,
        date: Option<&str>,
        a: Option<f64>,
        q: f64,
        band_label: &str,
    ) -> PointInput {
        PointInput {
            label: label.into(),
            date: date.and_then(|d| Date::parse(d).ok()),
            respondents: 1,
            score: q,
            percent: a.unwrap_or(0.0),
            band: band(band_label),
            sections: vec![("a".into(), "A".into(), a)],
            questions: vec![("q1".into(), "a".into(), "Q1?".into(), Some(q))],
            organizations: vec!["Acme".into()],
        }
    }

    fn info() -> FrameworkInfo {
        FrameworkInfo {
            id: "t".into(),
            title: "T".into(),
            version: "1".into(),
            source: None,
        }
    }

    #[test]
    fn points_are_ordered_by_date_with_deltas_first_to_last() {
        let (t, undated) = trend(
            info(),
            vec![
                point("q3.toml", Some("2026-09-30"), Some(70.0), 2.0, "High"),
                point("q1.toml", Some("2026-03-31"), Some(40.0), 1.0, "Low"),
                point("q2.toml", Some("2026-06-30"), Some(55.5), 3.0, "High"),
            ],
        );
        assert!(undated.is_empty());
        assert_eq!(t.ordered_by, "date");
        let labels: Vec<&str> = t.points.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["q1.toml", "q2.toml", "q3.toml"]);
        assert_eq!(t.sections[0].series, [Some(40.0), Some(55.5), Some(70.0)]);
        assert_eq!(t.sections[0].change.delta, Some(30.0));
        assert_eq!(t.total.delta, Some(30.0));
        assert_eq!(t.band_changes.len(), 1);
        assert_eq!(t.band_changes[0].point, 1);
        assert_eq!(t.band_changes[0].after.as_deref(), Some("High"));
        // q1 went 1 → 3 → 2: it regressed at the third point only.
        assert_eq!(t.regressions.len(), 1);
        assert_eq!(
            (
                t.regressions[0].point,
                t.regressions[0].before,
                t.regressions[0].after
            ),
            (2, 3.0, 2.0)
        );
    }

    #[test]
    fn a_point_without_a_date_keeps_the_order_given() {
        let (t, undated) = trend(
            info(),
            vec![
                point("b.toml", Some("2026-09-30"), Some(50.0), 1.0, "Low"),
                point("a.toml", None, Some(20.0), 1.0, "Low"),
            ],
        );
        assert_eq!(undated, ["a.toml"]);
        assert_eq!(t.ordered_by, "arguments");
        assert_eq!(t.points[0].label, "b.toml");
        assert_eq!(t.total.delta, Some(-30.0));
    }

    #[test]
    fn missing_section_values_are_skipped_in_first_and_last() {
        let (t, _) = trend(
            info(),
            vec![
                point("a", Some("2026-01-01"), None, 0.0, "Low"),
                point("b", Some("2026-02-01"), Some(10.0), 0.0, "Low"),
                point("c", Some("2026-03-01"), Some(25.0), 0.0, "Low"),
            ],
        );
        assert_eq!(t.sections[0].change.first, Some(10.0));
        assert_eq!(t.sections[0].change.delta, Some(15.0));
    }

    #[test]
    fn a_question_out_of_scope_is_no_regression() -> Result<(), String> {
        let fw = crate::framework::Catalog::default()
            .load("cx63", None)
            .map_err(|e| e.to_string())?
            .framework;
        let mut a = crate::answers::Answers {
            framework: "cx63".into(),
            ..Default::default()
        };
        a.answers.insert(
            "feedback.lead-handoff".into(),
            crate::answers::AnswerValue::Text("yes".into()),
        );
        let before = PointInput::from_card("q3", &crate::scoring::score(&fw, &a));
        a.answers.remove("feedback.lead-handoff");
        a.not_applicable
            .insert("feedback.lead-handoff".into(), "No sales team".into());
        let after = PointInput::from_card("q4", &crate::scoring::score(&fw, &a));
        let q = |p: &PointInput| {
            p.questions
                .iter()
                .find(|q| q.0 == "feedback.lead-handoff")
                .map(|q| q.3)
        };
        assert_eq!((q(&before), q(&after)), (Some(Some(1.0)), Some(None)));
        let (t, _) = trend(info(), vec![before, after]);
        assert!(t.regressions.is_empty());
        Ok(())
    }

    #[test]
    fn points_of_another_organization_or_from_the_future_are_cautions() -> Result<(), String> {
        let mut later = point("q4.toml", Some("2027-01-15"), Some(50.0), 1.0, "Low");
        later.organizations = vec![" acme ".trim().to_string()];
        let mut other = point("globex.toml", Some("2026-06-30"), Some(40.0), 1.0, "Low");
        other.organizations = vec!["Globex".into()];
        let (t, _) = trend(
            info(),
            vec![
                point("q1.toml", Some("2026-03-31"), Some(20.0), 1.0, "Low"),
                other,
                later,
            ],
        );
        let today = Date::parse("2026-12-01").map_err(|e| e.to_string())?;
        let said: Vec<String> = cautions(&t, today).iter().map(Caution::message).collect();
        assert_eq!(
            said,
            [
                "the points come from different organizations: Acme (q1.toml, q4.toml); Globex (globex.toml); a trend follows one organization over time",
                "q4.toml is dated 2027-01-15, after today (2026-12-01): check its respondent date"
            ]
        );
        let (t, _) = trend(
            info(),
            vec![
                point("a", Some("2026-01-01"), Some(1.0), 1.0, "Low"),
                point("b", Some("2026-12-01"), Some(2.0), 1.0, "Low"),
            ],
        );
        assert!(cautions(&t, today).is_empty(), "today is not the future");
        Ok(())
    }
}
