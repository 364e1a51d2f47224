//! Scoring: a pure function of a framework and answers. No I/O.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::answers::{AnswerValue, Answers};
use crate::framework::model::{Band, BandBasis, Framework, Kind, Question};
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
    /// The overall band, if a band holds the total.
    pub band: Option<BandResult>,
    /// One entry per section, in framework order.
    pub sections: Vec<SectionScore>,
    /// Question ids that were asked but not answered.
    pub unanswered: Vec<String>,
    /// Question ids answered "I don't know".
    pub unknown: Vec<String>,
    /// What to do next, most valuable first.
    pub recommendations: Vec<Recommendation>,
    /// Unknown and unanswered questions per section: what the team cannot see.
    pub blind_spots: Vec<BlindSpot>,
    /// Every question with its answer and points, in framework order.
    pub questions: Vec<QuestionResult>,
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
}

/// A score out of a maximum.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Total {
    /// Points obtained.
    pub score: f64,
    /// Best attainable points for the questions asked.
    pub max: f64,
    /// score / max × 100, rounded to one decimal; 0 when max is 0.
    pub percent: f64,
}

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
    /// The section's band, when the framework gives section bands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<BandResult>,
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
    /// Best attainable points (0 when unscored or not asked).
    pub max: f64,
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

/// Scores answers against a framework.
pub fn score(fw: &Framework, answers: &Answers) -> Scorecard {
    let asked = asked(fw, &answers.answers);
    let mut questions = Vec::new();
    let mut sections = Vec::new();
    let mut blind_spots = Vec::new();
    for section in &fw.sections {
        let (mut score, mut max, mut unknown, mut unanswered) = (0.0, 0.0, Vec::new(), Vec::new());
        for q in &section.questions {
            let answer = answers.answers.get(&q.id);
            let is_asked = asked.get(&q.id).copied().unwrap_or(true);
            let status = match answer {
                _ if !is_asked => Status::NotAsked,
                None => Status::Unanswered,
                Some(AnswerValue::Text(t)) if q.kind == Kind::YesNoIdk && t == "idk" => {
                    Status::Unknown
                }
                Some(_) => Status::Answered,
            };
            match status {
                Status::Unknown => unknown.push(q.id.clone()),
                Status::Unanswered => unanswered.push(q.id.clone()),
                _ => {}
            }
            let (q_score, q_max) = if is_asked {
                (question_score(q, answer), question_max(q))
            } else {
                (0.0, 0.0)
            };
            score += q_score;
            max += q_max;
            questions.push(QuestionResult {
                id: q.id.clone(),
                section: section.id.clone(),
                text: q.text.clone(),
                kind: q.kind,
                scored: q.is_scored(),
                status,
                answer: answer.filter(|_| is_asked).cloned(),
                answer_label: answer.filter(|_| is_asked).map(|a| a.label(q)),
                score: round2(q_score),
                max: round2(q_max),
            });
        }
        let (score, max) = (round2(score), round2(max));
        if !unknown.is_empty() || !unanswered.is_empty() {
            blind_spots.push(BlindSpot {
                section: section.id.clone(),
                title: section.title.clone(),
                unknown: unknown.clone(),
                unanswered: unanswered.clone(),
            });
        }
        sections.push(SectionScore {
            id: section.id.clone(),
            title: section.title.clone(),
            score,
            max,
            percent: percent(score, max),
            unknown: unknown.len(),
            unanswered: unanswered.len(),
            band: band_result(&section.bands, band_value(fw.band_basis, score, max)),
        });
    }
    let total_score = round2(sections.iter().map(|s| s.score).sum());
    let total_max = round2(sections.iter().map(|s| s.max).sum());
    let recommendations = recommendations(fw, &questions, &sections);
    Scorecard {
        framework: FrameworkInfo {
            id: fw.id.clone(),
            title: fw.title.clone(),
            version: fw.version.clone(),
        },
        respondent: answers.respondent.clone(),
        total: Total {
            score: total_score,
            max: total_max,
            percent: percent(total_score, total_max).unwrap_or(0.0),
        },
        band: band_result(&fw.bands, band_value(fw.band_basis, total_score, total_max)),
        unanswered: questions
            .iter()
            .filter(|q| q.status == Status::Unanswered)
            .map(|q| q.id.clone())
            .collect(),
        unknown: questions
            .iter()
            .filter(|q| q.status == Status::Unknown)
            .map(|q| q.id.clone())
            .collect(),
        sections,
        recommendations,
        blind_spots,
        questions,
    }
}

/// The next step for one question, when it has points left to give.
fn next_step(q: &Question, result: &QuestionResult) -> Option<Recommendation> {
    if !result.scored || result.status == Status::NotAsked || result.score + EPS >= result.max {
        return None;
    }
    let current = match (&result.answer, q.kind) {
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
    };
    let (next, text) = match q.kind {
        Kind::YesNoIdk => (
            "Yes".to_string(),
            q.recommendation
                .clone()
                .unwrap_or_else(|| format!("Put this practice in place: {}", q.text)),
        ),
        Kind::Level | Kind::Single => {
            let better = q
                .options
                .iter()
                .filter(|o| o.points > result.score + EPS)
                .min_by(|a, b| a.points.total_cmp(&b.points))?;
            let text = better
                .recommendation
                .clone()
                .or_else(|| better.description.clone())
                .or_else(|| q.recommendation.clone())
                .unwrap_or_else(|| format!("Move to: {}", better.label));
            (better.label.clone(), text)
        }
        Kind::Multi => {
            let chosen: Vec<&str> = match &result.answer {
                Some(AnswerValue::List(ids)) => ids.iter().map(String::as_str).collect(),
                _ => Vec::new(),
            };
            let best = q
                .options
                .iter()
                .filter(|o| !o.exclusive && o.points > 0.0 && !chosen.contains(&o.id.as_str()))
                .fold(
                    None::<&crate::framework::AnswerOption>,
                    |best, o| match best {
                        Some(b) if b.points >= o.points => Some(b),
                        _ => Some(o),
                    },
                )?;
            let text = best
                .recommendation
                .clone()
                .or_else(|| q.recommendation.clone())
                .or_else(|| best.description.clone())
                .unwrap_or_else(|| format!("Add: {}", best.label));
            (best.label.clone(), text)
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
            (next, text)
        }
        Kind::Text => return None,
    };
    Some(Recommendation {
        section: result.section.clone(),
        question: q.id.clone(),
        current,
        next,
        text,
        points_available: round2(result.max - result.score),
    })
}

/// Recommendations ordered by where the next step gains most: least mature
/// sections first, then most points available, then framework order.
fn recommendations(
    fw: &Framework,
    results: &[QuestionResult],
    sections: &[SectionScore],
) -> Vec<Recommendation> {
    let rank: HashMap<&str, (f64, usize)> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), (s.percent.unwrap_or(100.0), i)))
        .collect();
    let mut recs: Vec<Recommendation> = fw
        .questions()
        .zip(results)
        .filter_map(|((_, q), r)| next_step(q, r))
        .collect();
    recs.sort_by(|a, b| {
        let (pa, ia) = rank.get(a.section.as_str()).copied().unwrap_or((100.0, 0));
        let (pb, ib) = rank.get(b.section.as_str()).copied().unwrap_or((100.0, 0));
        pa.total_cmp(&pb)
            .then(ia.cmp(&ib))
            .then(b.points_available.total_cmp(&a.points_available))
    });
    recs
}

#[cfg(test)]
mod tests;
