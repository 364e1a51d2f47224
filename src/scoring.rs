//! Scoring: a pure function of a framework and answers. No I/O.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::answers::{AnswerValue, Answers, NOT_APPLICABLE_LABEL, Target};
use crate::framework::model::{
    AnswerOption, Band, BandBasis, Condition, Framework, Kind, Otherwise, Question, Section,
    Source, YesNoIdk,
};
use crate::text::EPS;
pub use crate::text::round2;

/// The result of scoring answers against a framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    /// Which framework was used.
    pub framework: FrameworkInfo,
    /// Who answered (free strings from the answers file).
    pub respondent: BTreeMap<String, String>,
    /// The overall score.
    pub total: Total,
    /// The overall band, if a band holds the total (held down by the
    /// framework's band caps, with sentences the answers bear out).
    pub band: Option<BandResult>,
    /// When a band cap held the band down: the band the total alone reads, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band_cap: Option<BandCapped>,
    /// What "I don't know" and unanswered questions could make of the score:
    /// from the score (all of them worth nothing) up to all of them at their
    /// best; provisional when a fifth or more of the scored questions asked
    /// are unknown. Absent when every scored question asked has an answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub possible: Option<Possible>,
    /// When points-based bands were read at the score rescaled to the full
    /// maximum (questions were not applicable): at what value, out of what.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band_reading: Option<BandReading>,
    /// One entry per section, in framework order.
    pub sections: Vec<SectionScore>,
    /// Question ids that were asked but not answered.
    pub unanswered: Vec<String>,
    /// Question ids answered "I don't know".
    pub unknown: Vec<String>,
    /// Questions answered "not applicable", with their reason and the points
    /// they take out of the maximum, in framework order.
    #[serde(default)]
    pub not_applicable: Vec<NotApplicable>,
    /// How the sections stand against their targets, when targets are set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<TargetsSummary>,
    /// What to do next, most valuable first.
    pub recommendations: Vec<Recommendation>,
    /// The section ids the roadmap takes first, as the source orders them
    /// (the band's or the framework's `priorities`); empty when it states none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roadmap_priorities: Vec<String>,
    /// Unknown and unanswered questions per section: what the team cannot see.
    pub blind_spots: Vec<BlindSpot>,
    /// Every question with its answer and points, in framework order.
    pub questions: Vec<QuestionResult>,
    /// Which sections lead and which lag.
    pub profile: Profile,
}

/// Identity of the framework a scorecard was computed with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrameworkInfo {
    /// Framework id.
    pub id: String,
    /// Framework title.
    pub title: String,
    /// Framework version.
    pub version: String,
    /// Where the framework comes from, and what cs-scorecard designed on top
    /// of it (`notes`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

/// Which scored sections lead and which lag, by percent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Profile {
    /// Section ids with the highest percent (empty when all are equal).
    pub strongest: Vec<String>,
    /// Section ids with the lowest percent (empty when all are equal).
    pub weakest: Vec<String>,
    /// Whether every scored section has the same percent.
    pub even: bool,
}

/// A score out of a maximum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Total {
    /// Points obtained.
    pub score: f64,
    /// Best attainable points for the questions asked and in scope.
    pub max: f64,
    /// score / max × 100, rounded to one decimal; 0 when max is 0.
    pub percent: f64,
    /// Points taken out of the maximum by questions answered "not applicable".
    #[serde(default)]
    pub out_of_scope: f64,
    /// How many questions were answered "not applicable".
    #[serde(default)]
    pub not_applicable: usize,
}

/// Where points-based bands were read when questions were out of scope: the
/// score rescaled to the maximum the bands are defined on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BandReading {
    /// The value the bands were read at: score × max ÷ the maximum in scope,
    /// rounded to two decimals.
    pub score: f64,
    /// The maximum the bands are defined on: the maximum in scope plus the
    /// points out of scope.
    pub max: f64,
    /// Whether the bands are the source's own (false: cs-scorecard's design).
    pub source_bands: bool,
}

/// A question answered "not applicable".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotApplicable {
    /// Section id.
    pub section: String,
    /// Question id.
    pub question: String,
    /// Why it does not apply, as the respondent said.
    pub reason: String,
    /// The points it takes out of the maximum.
    pub points: f64,
}

/// Whether a section reaches its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetStatus {
    /// At or above the target.
    Met,
    /// Below the target.
    Missed,
    /// Nothing of the section is in scope (every scored question not
    /// applicable or not asked): the target cannot be judged.
    OutOfScope,
}

/// A section's target and how far the section is from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionTarget {
    /// The target in percent of the section's maximum in scope.
    pub percent: f64,
    /// The lane the target names, when it was given as a lane.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// The target in points.
    pub points: f64,
    /// Percentage points still to go (0 when met).
    pub gap: f64,
    /// Points still to go (0 when met); for a lane, the points every question
    /// below the lane needs to reach it.
    pub gap_points: f64,
    /// Met, missed or out of scope.
    pub status: TargetStatus,
}

/// How the sections with a target stand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetsSummary {
    /// Sections with a target.
    pub set: usize,
    /// Sections at or above their target.
    pub met: usize,
    /// Section ids below their target, in framework order.
    pub missed: Vec<String>,
    /// Sections with a target but nothing in scope.
    pub out_of_scope: usize,
}

/// The band a band cap held down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BandCapped {
    /// The band the total alone reads.
    pub uncapped: String,
    /// Why it is held down, one reason per cap that holds.
    pub reasons: Vec<String>,
}

/// The range "I don't know" and unanswered questions leave open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Possible {
    /// Scored questions asked but answered "I don't know" or left unanswered.
    pub unknown: usize,
    /// Scored questions asked (in scope).
    pub asked: usize,
    /// The highest score they allow (each at its best).
    pub high: f64,
    /// That score as a percent of the maximum.
    pub high_percent: f64,
    /// The band of the highest score (bands are read as for the score).
    pub high_band: Option<String>,
    /// Whether the score is provisional: a fifth or more of the scored
    /// questions asked are unknown.
    pub provisional: bool,
}

/// A share of unknown scored questions at or above which a score is provisional.
pub const PROVISIONAL_SHARE: f64 = 0.2;

/// A band that holds a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BandResult {
    /// The band's label.
    pub label: String,
    /// What it means.
    pub text: String,
}

/// One section's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionScore {
    /// Section id.
    pub id: String,
    /// Section title.
    pub title: String,
    /// Points obtained.
    pub score: f64,
    /// Best attainable points.
    pub max: f64,
    /// score / max × 100, or null when the section has nothing scored.
    pub percent: Option<f64>,
    /// How many questions were answered "I don't know".
    pub unknown: usize,
    /// How many asked questions have no answer.
    pub unanswered: usize,
    /// How many questions were answered "not applicable".
    #[serde(default)]
    pub not_applicable: usize,
    /// Points taken out of the maximum by questions answered "not applicable".
    #[serde(default)]
    pub out_of_scope: f64,
    /// The section's band, when the framework gives section bands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<BandResult>,
    /// The section's target and its gap, when one is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<SectionTarget>,
}

/// Whether and how a question was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Answered with a value.
    Answered,
    /// Answered "I don't know".
    Unknown,
    /// Asked but not answered.
    Unanswered,
    /// Not asked: its `when` condition is false.
    NotAsked,
    /// Answered "not applicable", with a reason: out of scope.
    NotApplicable,
}

/// One question's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionResult {
    /// Question id.
    pub id: String,
    /// Section id.
    pub section: String,
    /// Question text.
    pub text: String,
    /// Question kind.
    pub kind: Kind,
    /// Whether it counts toward the score.
    pub scored: bool,
    /// Answered, unknown, unanswered or not asked.
    pub status: Status,
    /// The answer as given.
    pub answer: Option<AnswerValue>,
    /// The answer in words.
    pub answer_label: Option<String>,
    /// Points obtained.
    pub score: f64,
    /// Best attainable points (0 when unscored, not asked or not applicable).
    pub max: f64,
    /// Why the question does not apply, when answered "not applicable".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_applicable: Option<String>,
    /// Points the question takes out of the maximum (not applicable only).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub out_of_scope: f64,
    /// When an earlier answer caps the points: the cap, why, and what the
    /// answer would score without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capped: Option<Capped>,
}

/// A point cap that holds on a question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Capped {
    /// The most points the question gives while capped.
    pub max_points: f64,
    /// What the answer would score without the cap.
    pub uncapped: f64,
    /// Why, and what lifts it.
    pub reason: String,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

impl Scorecard {
    /// The text of a question by id (the id itself when unknown).
    pub fn question_text<'a>(&'a self, id: &'a str) -> &'a str {
        self.questions
            .iter()
            .find(|q| q.id == id)
            .map_or(id, |q| q.text.as_str())
    }

    /// The title of a section by id (the id itself when unknown).
    pub fn section_title<'a>(&'a self, id: &'a str) -> &'a str {
        self.sections
            .iter()
            .find(|s| s.id == id)
            .map_or(id, |s| s.title.as_str())
    }
}

/// A next step: which question, from what to what, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    /// Section id.
    pub section: String,
    /// Question id.
    pub question: String,
    /// The current answer in words ("Unanswered" when none).
    pub current: String,
    /// The next better answer in words.
    pub next: String,
    /// What to do, from the framework.
    pub text: String,
    /// Points the question still has to give.
    pub points_available: f64,
    /// Points the named step (`next`) adds.
    pub gain: f64,
    /// When the answer was "I don't know": how to find out first (who would
    /// know, what to look at), before `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub find_out: Option<String>,
    /// When the section has a target: its gap in percentage points, which
    /// orders the roadmap (see [`order_by_target_gap`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_gap: Option<f64>,
}

/// What a section cannot see: "I don't know" and unanswered questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlindSpot {
    /// Section id.
    pub section: String,
    /// Section title.
    pub title: String,
    /// Question ids answered "I don't know".
    pub unknown: Vec<String>,
    /// Question ids asked but not answered.
    pub unanswered: Vec<String>,
}

/// score / max × 100 rounded to one decimal.
pub fn percent(score: f64, max: f64) -> Option<f64> {
    (max > EPS).then(|| (score / max * 1000.0).round() / 10.0)
}

/// score / max × 100, not rounded: what folds over many scorecards (team
/// means, medians, quartiles) start from, so their results are rounded once.
pub fn exact_percent(score: f64, max: f64) -> Option<f64> {
    (max > EPS).then(|| score / max * 100.0)
}

/// The best points a question can give.
pub fn question_max(q: &Question) -> f64 {
    q.max_points()
}

/// The highest total a framework can give (every conditional question asked).
pub fn max_score(fw: &Framework) -> f64 {
    fw.max_points()
}

/// The points an answer earns (0 for an invalid or unscored answer).
pub fn question_score(q: &Question, answer: Option<&AnswerValue>) -> f64 {
    q.points_for(answer)
}

/// Whether an answer satisfies a `when` condition value list.
fn matches(answer: Option<&AnswerValue>, values: &[String]) -> bool {
    match answer {
        Some(AnswerValue::Text(t)) => values.contains(t),
        Some(AnswerValue::List(ids)) => ids.iter().any(|id| values.contains(id)),
        Some(AnswerValue::Number(_)) | None => false,
    }
}

/// Which questions are asked, given the answers: a question is asked when it
/// has no `when`, or the question it names is asked and answered with one of
/// the listed values.
pub fn asked(fw: &Framework, answers: &BTreeMap<String, AnswerValue>) -> HashMap<String, bool> {
    let mut asked: HashMap<String, bool> = HashMap::new();
    for (_, q) in fw.questions() {
        let yes = match &q.when {
            None => true,
            Some(w) => {
                asked.get(&w.question).copied().unwrap_or(false)
                    && matches(answers.get(&w.question), w.is.values())
            }
        };
        asked.insert(q.id.clone(), yes);
    }
    asked
}

/// The band that holds `value`: bands are read from their `min` up to the
/// next band's `min`; the top band ends at its `max`.
pub fn find_band(bands: &[Band], value: f64) -> Option<&Band> {
    let mut sorted: Vec<&Band> = bands.iter().collect();
    sorted.sort_by(|a, b| a.min.total_cmp(&b.min));
    let idx = sorted.iter().rposition(|b| b.min <= value + EPS)?;
    let band = sorted[idx];
    if idx + 1 == sorted.len() && value > band.max + EPS {
        return None;
    }
    Some(band)
}

fn band_value(basis: BandBasis, score: f64, max: f64) -> f64 {
    match basis {
        BandBasis::Points => score,
        BandBasis::Percent => percent(score, max).unwrap_or(0.0),
    }
}

fn band_result(bands: &[Band], value: f64) -> Option<BandResult> {
    find_band(bands, value).map(|b| BandResult {
        label: b.label.clone(),
        text: b.text.clone(),
    })
}

/// The band of a score, and where it was read when questions are out of
/// scope. Percent bands read the percent of the maximum in scope. Points bands
/// are defined on the whole maximum, so the score is rescaled to it (score ×
/// (max + out of scope) ÷ max) and the reading says so. With nothing in scope
/// no band holds.
fn band_of(
    bands: &[Band],
    basis: BandBasis,
    score: f64,
    max: f64,
    out_of_scope: f64,
) -> (Option<BandResult>, Option<BandReading>) {
    if out_of_scope <= EPS {
        return (band_result(bands, band_value(basis, score, max)), None);
    }
    if max <= EPS || bands.is_empty() {
        return (None, None);
    }
    match basis {
        BandBasis::Percent => (band_result(bands, band_value(basis, score, max)), None),
        BandBasis::Points => {
            let full = round2(max + out_of_scope);
            let rescaled = round2(score * full / max);
            (
                band_result(bands, rescaled),
                Some(BandReading {
                    score: rescaled,
                    max: full,
                    source_bands: bands.iter().all(|b| !b.ours),
                }),
            )
        }
    }
}

/// A section's target against its score: a percent of the maximum in scope,
/// or a lane every in-scope scored question should reach.
fn section_target(
    section: &Section,
    target: &Target,
    results: &[QuestionResult],
    score: f64,
    max: f64,
) -> SectionTarget {
    let in_scope: Vec<(&Question, &QuestionResult)> = section
        .questions
        .iter()
        .zip(results)
        .filter(|(q, r)| {
            q.is_scored() && !matches!(r.status, Status::NotAsked | Status::NotApplicable)
        })
        .collect();
    let (percent_target, level, points, gap_points) = match target {
        Target::Percent(p) => {
            let points = round2(p * max / 100.0);
            (*p, None, points, round2((points - score).max(0.0)))
        }
        Target::Level(lane) => {
            let lane_points = |q: &Question| q.option(lane).map_or(q.max_points(), |o| o.points);
            let points: f64 = in_scope.iter().map(|(q, _)| lane_points(q)).sum();
            let short: f64 = in_scope
                .iter()
                .map(|(q, r)| (lane_points(q) - r.score).max(0.0))
                .sum();
            let points = round2(points);
            (
                percent(points, max).unwrap_or(0.0),
                Some(lane.clone()),
                points,
                round2(short),
            )
        }
    };
    let current = percent(score, max);
    let status = match current {
        None => TargetStatus::OutOfScope,
        Some(_) if gap_points <= EPS => TargetStatus::Met,
        // A percent target is met as the percent reads (rounded to one decimal).
        Some(c) if level.is_none() && c + EPS >= percent_target => TargetStatus::Met,
        Some(_) => TargetStatus::Missed,
    };
    let round1 = |x: f64| (x.max(0.0) * 10.0).round() / 10.0;
    let gap = match (status, current) {
        (TargetStatus::Missed, Some(_)) if level.is_some() => round1(gap_points / max * 100.0),
        (TargetStatus::Missed, Some(c)) => round1(percent_target - c),
        _ => 0.0,
    };
    SectionTarget {
        percent: percent_target,
        level,
        points,
        gap,
        gap_points: if status == TargetStatus::Missed {
            gap_points
        } else {
            0.0
        },
        status,
    }
}

/// Scores answers against a framework.
pub fn score(fw: &Framework, answers: &Answers) -> Scorecard {
    let asked = asked(fw, &answers.answers);
    let mut questions = Vec::new();
    let mut sections = Vec::new();
    let mut blind_spots = Vec::new();
    let mut not_applicable = Vec::new();
    for section in &fw.sections {
        let (mut score, mut max, mut out, mut unknown, mut unanswered, mut na) =
            (0.0, 0.0, 0.0, Vec::new(), Vec::new(), 0);
        let first = questions.len();
        for q in &section.questions {
            let answer = answers.answers.get(&q.id);
            let reason = answers.not_applicable.get(&q.id);
            let is_asked = asked.get(&q.id).copied().unwrap_or(true);
            let status = match (answer, reason) {
                _ if !is_asked => Status::NotAsked,
                (None, Some(_)) => Status::NotApplicable,
                (None, None) => Status::Unanswered,
                (Some(a), _)
                    if q.kind == Kind::YesNoIdk && a.yes_no_idk() == Some(YesNoIdk::Idk) =>
                {
                    Status::Unknown
                }
                (Some(_), _) => Status::Answered,
            };
            // A question asked but not scored (an open question, a profile
            // question) is no gap: leaving it empty costs nothing.
            match status {
                Status::Unknown if q.is_scored() => unknown.push(q.id.clone()),
                Status::Unanswered if q.is_scored() => unanswered.push(q.id.clone()),
                _ => {}
            }
            let capped = match status {
                Status::NotAsked | Status::NotApplicable => None,
                _ => points_cap(q, &answers.answers, &asked, question_score(q, answer)),
            };
            let (q_score, q_max, q_out) = match status {
                Status::NotAsked if unasked_scores_zero(q, &answers.answers, &asked) => {
                    (0.0, question_max(q), 0.0)
                }
                Status::NotAsked => (0.0, 0.0, 0.0),
                Status::NotApplicable => (0.0, 0.0, question_max(q)),
                _ => (
                    capped
                        .as_ref()
                        .map_or(question_score(q, answer), |c| c.uncapped.min(c.max_points)),
                    question_max(q),
                    0.0,
                ),
            };
            score += q_score;
            max += q_max;
            out += q_out;
            let reason = reason.filter(|_| status == Status::NotApplicable);
            if let Some(why) = reason {
                na += 1;
                not_applicable.push(NotApplicable {
                    section: section.id.clone(),
                    question: q.id.clone(),
                    reason: why.clone(),
                    points: round2(q_out),
                });
            }
            let shown = answer.filter(|_| is_asked);
            questions.push(QuestionResult {
                id: q.id.clone(),
                section: section.id.clone(),
                text: q.text.clone(),
                kind: q.kind,
                scored: q.is_scored(),
                status,
                answer: shown.cloned(),
                answer_label: match reason {
                    Some(_) => Some(NOT_APPLICABLE_LABEL.to_string()),
                    None => shown.map(|a| a.label(q)),
                },
                score: round2(q_score),
                max: round2(q_max),
                not_applicable: reason.cloned(),
                out_of_scope: round2(q_out),
                capped,
            });
        }
        let (score, max, out) = (round2(score), round2(max), round2(out));
        if !unknown.is_empty() || !unanswered.is_empty() {
            blind_spots.push(BlindSpot {
                section: section.id.clone(),
                title: section.title.clone(),
                unknown: unknown.clone(),
                unanswered: unanswered.clone(),
            });
        }
        let (band, _) = band_of(&section.bands, fw.band_basis, score, max, out);
        let target = answers
            .targets
            .get(&section.id)
            .map(|t| section_target(section, t, &questions[first..], score, max));
        sections.push(SectionScore {
            id: section.id.clone(),
            title: section.title.clone(),
            score,
            max,
            percent: percent(score, max),
            unknown: unknown.len(),
            unanswered: unanswered.len(),
            not_applicable: na,
            out_of_scope: out,
            band,
            target,
        });
    }
    let total_score = round2(sections.iter().map(|s| s.score).sum());
    let total_max = round2(sections.iter().map(|s| s.max).sum());
    let total_out = round2(sections.iter().map(|s| s.out_of_scope).sum());
    let (band, band_reading) = band_of(&fw.bands, fw.band_basis, total_score, total_max, total_out);
    let holds = |c: &Condition| condition_holds(c, &answers.answers, &asked, &sections);
    let (band, band_cap) = cap_band(fw, band, &holds);
    let band = band.map(|b| with_sentences(fw, b, &holds));
    let roadmap_priorities = roadmap_priorities(fw, band.as_ref());
    let mut recommendations = recommendations(fw, &questions, &sections, &roadmap_priorities);
    order_by_target_gap(&mut recommendations, &sections);
    let possible = possible(
        fw,
        &questions,
        total_score,
        total_max,
        band_reading.as_ref(),
    );
    let targets = targets_summary(&sections);
    Scorecard {
        framework: FrameworkInfo {
            id: fw.id.clone(),
            title: fw.title.clone(),
            version: fw.version.clone(),
            source: fw.source.clone(),
        },
        respondent: answers.respondent.clone(),
        total: Total {
            score: total_score,
            max: total_max,
            percent: percent(total_score, total_max).unwrap_or(0.0),
            out_of_scope: total_out,
            not_applicable: not_applicable.len(),
        },
        band,
        band_cap,
        possible,
        band_reading,
        unanswered: questions
            .iter()
            .filter(|q| q.scored && q.status == Status::Unanswered)
            .map(|q| q.id.clone())
            .collect(),
        unknown: questions
            .iter()
            .filter(|q| q.scored && q.status == Status::Unknown)
            .map(|q| q.id.clone())
            .collect(),
        not_applicable,
        targets,
        profile: profile(&sections),
        sections,
        recommendations,
        roadmap_priorities,
        blind_spots,
        questions,
    }
}

/// How the sections with a target stand, or `None` when no target is set.
fn targets_summary(sections: &[SectionScore]) -> Option<TargetsSummary> {
    let with: Vec<(&SectionScore, &SectionTarget)> = sections
        .iter()
        .filter_map(|s| s.target.as_ref().map(|t| (s, t)))
        .collect();
    if with.is_empty() {
        return None;
    }
    let count = |st: TargetStatus| with.iter().filter(|(_, t)| t.status == st).count();
    Some(TargetsSummary {
        set: with.len(),
        met: count(TargetStatus::Met),
        missed: with
            .iter()
            .filter(|(_, t)| t.status == TargetStatus::Missed)
            .map(|(s, _)| s.id.clone())
            .collect(),
        out_of_scope: count(TargetStatus::OutOfScope),
    })
}

/// The roadmap's order when targets are set: the steps of the section
/// furthest below its target first (the largest gap in percentage points),
/// then the next; steps of sections at or without a target follow. The sort
/// is stable, so within a section the order [`recommendations`] gives holds
/// (the step that gains the most first), and so does its order between
/// sections of equal gap. Each step records its section's gap.
pub fn order_by_target_gap(recs: &mut [Recommendation], sections: &[SectionScore]) {
    let gap = |id: &str| {
        sections
            .iter()
            .find(|s| s.id == id)
            .and_then(|s| s.target.as_ref())
            .map(|t| t.gap)
    };
    for r in recs.iter_mut() {
        r.target_gap = gap(&r.section);
    }
    recs.sort_by(|a, b| {
        let (ga, gb) = (a.target_gap.unwrap_or(0.0), b.target_gap.unwrap_or(0.0));
        gb.total_cmp(&ga)
    });
}

impl Recommendation {
    /// What to do for this step: "find out first" advice for a "don't know",
    /// then the practice.
    pub fn advice(&self) -> String {
        match &self.find_out {
            Some(how) => format!(
                "You answered \"I don't know\": find out first ({how}). Then: {}",
                self.text
            ),
            None => self.text.clone(),
        }
    }
}

/// What "find out first" says when the framework gives no specific advice.
pub const FIND_OUT_DEFAULT: &str = "ask the person who runs this part of the program, and look for the evidence in a documented process, a report or a record in your tools";

/// The next step for one question, when it has points left to give.
fn next_step(q: &Question, result: &QuestionResult) -> Option<Recommendation> {
    if !result.scored
        || matches!(result.status, Status::NotAsked | Status::NotApplicable)
        || result.score + EPS >= result.max
    {
        return None;
    }
    let current = current_answer(q, result);
    let (next, text, gain) = match q.kind {
        Kind::YesNoIdk => (
            YesNoIdk::Yes.label().to_string(),
            q.recommendation
                .clone()
                .unwrap_or_else(|| format!("Put this practice in place: {}", q.text)),
            result.max - result.score,
        ),
        Kind::Level | Kind::Single => {
            let better = q
                .options
                .iter()
                .filter(|o| o.points > result.score + EPS)
                .min_by(|a, b| a.points.total_cmp(&b.points))?;
            (
                better.label.clone(),
                option_advice(q, better),
                better.points - result.score,
            )
        }
        Kind::Multi => {
            let chosen: Vec<&str> = match &result.answer {
                Some(AnswerValue::List(ids)) => ids.iter().map(String::as_str).collect(),
                _ => Vec::new(),
            };
            // The most foundational practice not yet in place: frameworks list
            // options from foundational to advanced, and weak ones are never advised.
            let first = q.options.iter().find(|o| {
                !o.exclusive && !o.weak && o.points > 0.0 && !chosen.contains(&o.id.as_str())
            })?;
            let text = first
                .recommendation
                .clone()
                .unwrap_or_else(|| match &q.recommendation {
                    Some(r) => format!("Next practice to put in place: “{}”. {r}", first.label),
                    None => format!("Next practice to put in place: “{}”.", first.label),
                });
            let gain = first.points.min(result.max - result.score);
            (first.label.clone(), text, gain)
        }
        Kind::Number => {
            let t = q
                .thresholds
                .iter()
                .filter(|t| t.points > result.score + EPS)
                .min_by(|a, b| a.points.total_cmp(&b.points))?;
            let next = t
                .label
                .clone()
                .unwrap_or_else(|| format!("at least {}", crate::text::fmt_num(t.min)));
            let text = q
                .recommendation
                .clone()
                .unwrap_or_else(|| format!("Reach {next}."));
            (next, text, t.points - result.score)
        }
        Kind::Text => return None,
    };
    let find_out = (result.status == Status::Unknown).then(|| {
        q.find_out
            .clone()
            .unwrap_or_else(|| FIND_OUT_DEFAULT.to_string())
    });
    Some(Recommendation {
        section: result.section.clone(),
        question: q.id.clone(),
        current,
        next,
        text,
        points_available: round2(result.max - result.score),
        gain: round2(gain),
        find_out,
        target_gap: None,
    })
}

/// The current answer as a roadmap step says it: a multi answer as `3 of 7
/// chosen`, else its label (`Unanswered` when none).
fn current_answer(q: &Question, result: &QuestionResult) -> String {
    match (&result.answer, q.kind) {
        (Some(AnswerValue::List(ids)), Kind::Multi) => {
            let of = q.options.iter().filter(|o| !o.exclusive).count();
            let chosen = ids
                .iter()
                .filter(|id| q.option(id).is_some_and(|o| !o.exclusive))
                .count();
            format!("{chosen} of {of} chosen")
        }
        _ => result
            .answer_label
            .clone()
            .unwrap_or_else(|| "Unanswered".to_string()),
    }
}

/// What to do to reach a lane or option: its own advice, else the question's,
/// else what the lane looks like, said as a goal rather than as a state.
fn option_advice(q: &Question, better: &AnswerOption) -> String {
    better
        .recommendation
        .clone()
        .or_else(|| q.recommendation.clone())
        .unwrap_or_else(|| match &better.description {
            Some(d) => format!("Work toward {}: {d}", better.label),
            None => format!("Move to: {}", better.label),
        })
}

/// The strongest and weakest scored sections, named, so that reports say what
/// the answers show instead of what a band's range cannot guarantee.
fn profile(sections: &[SectionScore]) -> Profile {
    let scored: Vec<(&SectionScore, f64)> = sections
        .iter()
        .filter_map(|s| s.percent.map(|p| (s, p)))
        .collect();
    let top = scored
        .iter()
        .map(|(_, p)| *p)
        .fold(f64::NEG_INFINITY, f64::max);
    let bottom = scored.iter().map(|(_, p)| *p).fold(f64::INFINITY, f64::min);
    let named = |v: f64| -> Vec<String> {
        scored
            .iter()
            .filter(|(_, p)| (p - v).abs() < EPS)
            .map(|(s, _)| s.id.clone())
            .collect()
    };
    if scored.len() < 2 || (top - bottom).abs() < EPS {
        return Profile {
            strongest: Vec::new(),
            weakest: Vec::new(),
            even: !scored.is_empty(),
        };
    }
    Profile {
        strongest: named(top),
        weakest: named(bottom),
        even: false,
    }
}

/// Recommendations ordered as a coach would work through them: the sections
/// the source puts first (`priorities`, in its order), then the weakest
/// section (lowest percent; ties in framework order), and within a section
/// the step that gains the most points first (ties in framework order).
/// [`order_by_target_gap`] then puts the sections furthest below a target
/// first, keeping this order otherwise: target gap, source priority, gain.
fn recommendations(
    fw: &Framework,
    results: &[QuestionResult],
    sections: &[SectionScore],
    priorities: &[String],
) -> Vec<Recommendation> {
    let rank: HashMap<&str, (usize, f64, usize)> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let first = priorities
                .iter()
                .position(|p| *p == s.id)
                .unwrap_or(priorities.len());
            (s.id.as_str(), (first, s.percent.unwrap_or(100.0), i))
        })
        .collect();
    let mut recs: Vec<Recommendation> = fw
        .questions()
        .zip(results)
        .filter_map(|((_, q), r)| {
            capped_step(q, r)
                .or_else(|| next_step(q, r))
                .or_else(|| essential_step(q, r))
        })
        .collect();
    recs.sort_by(|a, b| {
        let none = (usize::MAX, 100.0, 0);
        let (fa, pa, ia) = rank.get(a.section.as_str()).copied().unwrap_or(none);
        let (fb, pb, ib) = rank.get(b.section.as_str()).copied().unwrap_or(none);
        fa.cmp(&fb)
            .then(pa.total_cmp(&pb))
            .then(ia.cmp(&ib))
            .then(b.gain.total_cmp(&a.gain))
    });
    recs
}

/// The sections the roadmap starts with: the band's own priorities (the
/// sections its text names first), else the framework's (the source's
/// stated sequence), else none.
fn roadmap_priorities(fw: &Framework, band: Option<&BandResult>) -> Vec<String> {
    band.and_then(|b| fw.bands.iter().find(|x| x.label == b.label))
        .map(|b| b.priorities.clone())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| fw.priorities.clone())
}

/// Whether a condition holds: a question asked and answered with one of its
/// values, or a section whose exact percent is below the bound.
fn condition_holds(
    c: &Condition,
    answers: &BTreeMap<String, AnswerValue>,
    asked: &HashMap<String, bool>,
    sections: &[SectionScore],
) -> bool {
    match (&c.question, &c.is, &c.section, c.below) {
        (Some(q), Some(is), _, _) => {
            asked.get(q).copied().unwrap_or(false) && matches(answers.get(q), is.values())
        }
        (_, _, Some(id), Some(below)) => sections
            .iter()
            .find(|s| s.id == *id)
            .and_then(|s| exact_percent(s.score, s.max))
            .is_some_and(|p| p < below - EPS),
        _ => false,
    }
}

/// Whether a question `when` leaves out still counts 0 of its points: its
/// `otherwise` says so and the earlier question was answered, with an answer
/// that rules it out (an earlier question out of scope, unknown or not
/// answered leaves it out of scope too).
fn unasked_scores_zero(
    q: &Question,
    answers: &BTreeMap<String, AnswerValue>,
    asked: &HashMap<String, bool>,
) -> bool {
    q.is_scored()
        && q.when.as_ref().is_some_and(|w| {
            w.otherwise == Otherwise::Zero
                && asked.get(&w.question).copied().unwrap_or(false)
                && answers
                    .get(&w.question)
                    .is_some_and(|a| a.yes_no_idk() != Some(YesNoIdk::Idk))
        })
}

/// The lowest of a question's point caps whose condition holds (conditions on
/// earlier answers only: validation keeps section conditions out of point caps).
fn points_cap(
    q: &Question,
    answers: &BTreeMap<String, AnswerValue>,
    asked: &HashMap<String, bool>,
    uncapped: f64,
) -> Option<Capped> {
    q.caps
        .iter()
        .filter(|cap| {
            cap.when_any
                .iter()
                .any(|c| condition_holds(c, answers, asked, &[]))
        })
        .min_by(|a, b| a.max_points.total_cmp(&b.max_points))
        .map(|cap| Capped {
            max_points: cap.max_points,
            uncapped: round2(uncapped),
            reason: cap.reason.clone(),
        })
}

/// The band a cap holds the total down to: the lowest `at_most` among the caps
/// whose condition holds, when it is below the band the total reads.
fn cap_band(
    fw: &Framework,
    band: Option<BandResult>,
    holds: &dyn Fn(&Condition) -> bool,
) -> (Option<BandResult>, Option<BandCapped>) {
    let Some(current) = band else {
        return (None, None);
    };
    let min_of = |label: &str| fw.bands.iter().find(|b| b.label == label).map(|b| b.min);
    let Some(here) = min_of(&current.label) else {
        return (Some(current), None);
    };
    let holding: Vec<(&str, f64, &str)> = fw
        .band_caps
        .iter()
        .filter(|cap| cap.when_any.iter().any(holds))
        .filter_map(|cap| {
            min_of(&cap.at_most).map(|m| (cap.at_most.as_str(), m, cap.reason.as_str()))
        })
        .filter(|(_, m, _)| *m + EPS < here)
        .collect();
    let Some(lowest) = holding
        .iter()
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .and_then(|(label, _, _)| fw.bands.iter().find(|b| b.label == *label))
    else {
        return (Some(current), None);
    };
    let capped = BandCapped {
        uncapped: current.label.clone(),
        reasons: holding.iter().map(|(_, _, r)| (*r).to_string()).collect(),
    };
    (
        Some(BandResult {
            label: lowest.label.clone(),
            text: lowest.text.clone(),
        }),
        Some(capped),
    )
}

/// The band's text with the sentences the answers bear out.
fn with_sentences(
    fw: &Framework,
    band: BandResult,
    holds: &dyn Fn(&Condition) -> bool,
) -> BandResult {
    let Some(def) = fw.bands.iter().find(|b| b.label == band.label) else {
        return band;
    };
    let mut text = band.text;
    let shown = |s: &&crate::framework::BandSentence| {
        (s.when_any.is_empty() || s.when_any.iter().any(holds)) && s.when_all.iter().all(holds)
    };
    for s in def.sentences.iter().filter(shown) {
        text.push(' ');
        text.push_str(&s.text);
    }
    BandResult {
        label: band.label,
        text,
    }
}

/// The roadmap step of a capped question at or above its cap: lift the cap
/// (the reason says how). Below the cap, the ordinary next step applies.
fn capped_step(q: &Question, result: &QuestionResult) -> Option<Recommendation> {
    let cap = result.capped.as_ref()?;
    if result.score + EPS < cap.max_points || result.score + EPS >= result.max {
        return None;
    }
    let points = if (cap.max_points - 1.0).abs() < EPS {
        "point"
    } else {
        "points"
    };
    Some(Recommendation {
        section: result.section.clone(),
        question: q.id.clone(),
        current: format!(
            "{} (counts up to {} {points})",
            current_answer(q, result),
            crate::text::fmt_num(cap.max_points)
        ),
        next: "the cap lifted".to_string(),
        text: cap.reason.clone(),
        points_available: round2(result.max - result.score),
        gain: round2((cap.uncapped.min(result.max) - result.score).max(0.0)),
        find_out: None,
        target_gap: None,
    })
}

/// At full marks without any of a multi question's essential practices, the
/// step is the first of them (its gain is 0): full marks do not make up for
/// them. Below full marks the ordinary next step applies.
fn essential_step(q: &Question, result: &QuestionResult) -> Option<Recommendation> {
    if q.kind != Kind::Multi
        || !result.scored
        || matches!(result.status, Status::NotAsked | Status::NotApplicable)
        || result.score + EPS < result.max
    {
        return None;
    }
    let chosen: Vec<&str> = match &result.answer {
        Some(AnswerValue::List(ids)) => ids.iter().map(String::as_str).collect(),
        _ => Vec::new(),
    };
    let essential: Vec<&AnswerOption> = q.options.iter().filter(|o| o.essential).collect();
    if essential.is_empty() || essential.iter().any(|o| chosen.contains(&o.id.as_str())) {
        return None;
    }
    let first = essential[0];
    let names: Vec<&str> = essential.iter().map(|o| o.label.as_str()).collect();
    let text = first.recommendation.clone().unwrap_or_else(|| {
        format!(
            "Put in place “{}”: none of the practices this question holds essential ({}) is in place, though the others already give full marks.",
            first.label,
            names.join("; ")
        )
    });
    Some(Recommendation {
        section: result.section.clone(),
        question: q.id.clone(),
        current: current_answer(q, result),
        next: first.label.clone(),
        text,
        points_available: round2(result.max - result.score),
        gain: round2(first.points.min(result.max - result.score).max(0.0)),
        find_out: None,
        target_gap: None,
    })
}

/// The range unknown answers leave open, or None when there are none.
fn possible(
    fw: &Framework,
    questions: &[QuestionResult],
    score: f64,
    max: f64,
    reading: Option<&BandReading>,
) -> Option<Possible> {
    let in_scope = |q: &&QuestionResult| {
        q.scored && !matches!(q.status, Status::NotAsked | Status::NotApplicable)
    };
    let asked = questions.iter().filter(in_scope).count();
    let unknown: Vec<&QuestionResult> = questions
        .iter()
        .filter(in_scope)
        .filter(|q| matches!(q.status, Status::Unknown | Status::Unanswered))
        .collect();
    if unknown.is_empty() {
        return None;
    }
    let high = round2(score + unknown.iter().map(|q| q.max - q.score).sum::<f64>());
    let high_band = match (fw.band_basis, reading) {
        (BandBasis::Points, Some(r)) if max > EPS => {
            find_band(&fw.bands, round2(high * r.max / max))
        }
        _ => find_band(&fw.bands, band_value(fw.band_basis, high, max)),
    };
    Some(Possible {
        unknown: unknown.len(),
        asked,
        high,
        high_percent: percent(high, max).unwrap_or(0.0),
        high_band: high_band.map(|b| b.label.clone()),
        provisional: unknown.len() as f64 >= PROVISIONAL_SHARE * asked as f64,
    })
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod not_applicable_tests;

#[cfg(test)]
mod targets_tests;
