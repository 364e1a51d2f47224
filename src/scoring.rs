//! Scoring: a pure function of a framework and answers. No I/O.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::answers::{AnswerValue, Answers};
use crate::framework::model::{
    AnswerOption, Band, BandBasis, Framework, Kind, Question, Source, YesNoIdk,
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
    /// Points the named step (`next`) adds.
    pub gain: f64,
    /// When the answer was "I don't know": how to find out first (who would
    /// know, what to look at), before `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub find_out: Option<String>,
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
                Some(a) if q.kind == Kind::YesNoIdk && a.yes_no_idk() == Some(YesNoIdk::Idk) => {
                    Status::Unknown
                }
                Some(_) => Status::Answered,
            };
            // A question asked but not scored (an open question, a profile
            // question) is no gap: leaving it empty costs nothing.
            match status {
                Status::Unknown if q.is_scored() => unknown.push(q.id.clone()),
                Status::Unanswered if q.is_scored() => unanswered.push(q.id.clone()),
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
            source: fw.source.clone(),
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
            .filter(|q| q.scored && q.status == Status::Unanswered)
            .map(|q| q.id.clone())
            .collect(),
        unknown: questions
            .iter()
            .filter(|q| q.scored && q.status == Status::Unknown)
            .map(|q| q.id.clone())
            .collect(),
        profile: profile(&sections),
        sections,
        recommendations,
        blind_spots,
        questions,
    }
}

/// What "find out first" says when the framework gives no specific advice.
pub const FIND_OUT_DEFAULT: &str = "ask the person who runs this part of the program, and look for the evidence in a documented process, a report or a record in your tools";

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
    })
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

/// Recommendations ordered as a coach would work through them: the weakest
/// section first (lowest percent; ties in framework order), and within a
/// section the step that gains the most points first (ties in framework order).
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
            .then(b.gain.total_cmp(&a.gain))
    });
    recs
}

#[cfg(test)]
mod tests;
