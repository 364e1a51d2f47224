//! Team assessments: many respondents' scorecards of one framework folded into
//! one picture: spread per section, the band of the team's mean, the
//! distribution of answers and how much the team agrees per question, the
//! questions one vote decides, a roadmap from the team's majority answers
//! (contested questions first, to agree on and verify), and group means
//! (`--by`) with small groups suppressed. Pure: no I/O.
//!
//! The fold keeps state per question and per section (each distinct percent
//! with its count), never the scorecards, so memory grows with the number of
//! distinct percents a framework can give, not with the number of
//! respondents. Values are kept exact and rounded once, where they are shown.
//! The formulas are in docs/team.md.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Serialize, Serializer};

use crate::answers::{AnswerValue, Answers};
use crate::framework::{Framework, Kind, Question, YesNoIdk};
use crate::scoring::{
    self, BandResult, FrameworkInfo, Recommendation, Scorecard, Status, exact_percent, find_band,
    round2,
};
use crate::text::{ser_round2, ser_round2_opt};

/// What the roadmap says of a split question that the majority answer
/// already scores at full marks.
pub const AGREE_FIRST: &str = "The majority answer scores full marks, by one vote: agree together that it holds and check the evidence before counting on it.";

/// Why split questions come first, said once above the roadmap.
pub const AGREE_FIRST_WHY: &str = "Split: one answer changed would change the team's answer. Agree on the answer together and check the evidence (a documented process, a report, a record in your tools) before acting on it.";

/// A question is a team blind spot when at least this share of the
/// respondents asked it answered "I don't know" or left it unanswered.
pub const BLIND_SPOT_SHARE: f64 = 1.0 / 3.0;

/// How many questions the disagreement ranking lists.
pub const DISAGREEMENTS_LISTED: usize = 10;

/// The team picture.
#[derive(Debug, Clone, Serialize)]
pub struct TeamReport {
    /// Which framework was answered.
    pub framework: FrameworkInfo,
    /// How many answers files were aggregated.
    pub respondents: usize,
    /// The earliest respondent date (YYYY-MM-DD), when any is given: when the
    /// assessment was made, not the report.
    pub assessed_from: Option<String>,
    /// The latest respondent date.
    pub assessed_to: Option<String>,
    /// The spread of the respondents' total percent.
    pub total: TotalStats,
    /// The spread of each section's percent, in framework order.
    pub sections: Vec<SectionStats>,
    /// Every question: distribution of answers and agreement, in framework order.
    pub questions: Vec<QuestionStats>,
    /// Scored question ids where the team agrees least, least agreement first (at most 10).
    pub disagreements: Vec<String>,
    /// The band that holds the team's mean (read on points or percent as the
    /// framework's `band_basis` says): the team's headline.
    pub band: Option<BandResult>,
    /// The scorecard of the team's majority answers (each question's most
    /// common answer, scored as one respondent): a profile nobody may hold.
    pub typical: Typical,
    /// Next steps: contested questions first ("agree and verify first"), then
    /// the majority answers' roadmap, most valuable first.
    pub roadmap: Vec<TeamStep>,
    /// Questions many respondents could not answer.
    pub blind_spots: Vec<TeamBlindSpot>,
    /// The respondent field the groups are formed by, with `--by`.
    pub by: Option<String>,
    /// How many respondents give the `--by` field (0 without `--by`).
    pub by_given: usize,
    /// Respondent fields given by anyone, sorted (to say which exist when
    /// `--by` names a field nobody gives).
    pub respondent_fields: Vec<String>,
    /// The smallest group shown on its own.
    pub min_group: usize,
    /// Groups of at least `min_group` respondents (and the pool of smaller ones).
    pub groups: Vec<Group>,
    /// What the pool of small groups holds, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pool: Option<Pool>,
    /// A smaller `--min-group` (2 or more) that would show more groups, and
    /// how many it would show, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggested_min_group: Option<SuggestedMinGroup>,
    /// Per section: the highest and the lowest group mean and the gap between them.
    pub gaps: Vec<Gap>,
}

/// Mean, median, min, max and standard deviation of respondents' percents,
/// exact (JSON writes them rounded to two decimals).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// How many respondents had a percent here (a section with nothing asked has none).
    pub respondents: usize,
    /// Arithmetic mean.
    #[serde(serialize_with = "ser_round2_opt")]
    pub mean: Option<f64>,
    /// Median (the mean of the two middle values for an even count).
    #[serde(serialize_with = "ser_round2_opt")]
    pub median: Option<f64>,
    /// Lowest.
    #[serde(serialize_with = "ser_round2_opt")]
    pub min: Option<f64>,
    /// Highest.
    #[serde(serialize_with = "ser_round2_opt")]
    pub max: Option<f64>,
    /// Sample standard deviation (n − 1); null below two respondents.
    #[serde(serialize_with = "ser_round2_opt")]
    pub sd: Option<f64>,
}

/// The spread of the total.
#[derive(Debug, Clone, Serialize)]
pub struct TotalStats {
    /// Statistics of the total percent.
    #[serde(flatten)]
    pub stats: Stats,
    /// Mean of the respondents' total points.
    #[serde(serialize_with = "ser_round2_opt")]
    pub mean_score: Option<f64>,
    /// The most points a respondent could get (every question asked).
    pub max_score: f64,
    /// Every respondent's percent as (percent, how many), ascending: anonymous dots.
    #[serde(serialize_with = "ser_strip")]
    pub strip: Vec<(f64, usize)>,
}

/// The spread of one section.
#[derive(Debug, Clone, Serialize)]
pub struct SectionStats {
    /// Section id.
    pub id: String,
    /// Section title.
    pub title: String,
    /// Statistics of the section percent.
    #[serde(flatten)]
    pub stats: Stats,
    /// Every respondent's percent as (percent, how many), ascending: anonymous dots.
    #[serde(serialize_with = "ser_strip")]
    pub strip: Vec<(f64, usize)>,
}

/// Serde: a strip's percents rounded to two decimals.
fn ser_strip<S: Serializer>(v: &[(f64, usize)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(|(p, n)| (round2(*p), *n)))
}

/// How agreement was measured for a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AgreementMethod {
    /// r_wg against a uniform null, on an ordered scale.
    Rwg,
    /// The majority answer's share, rescaled so an even split is 0.
    Majority,
    /// Majority agreement per option (chosen or not), averaged over options.
    PerOption,
    /// Not measured (free text, unscored numbers, fewer than two answers).
    None,
}

/// One question across the team.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionStats {
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
    /// Respondents it was asked of (its `when` condition held).
    pub asked: usize,
    /// Respondents who gave an answer other than "I don't know".
    pub answered: usize,
    /// Respondents who answered "not applicable": out of scope, so not
    /// counted in `asked`, the distribution's other keys or the mean.
    pub not_applicable: usize,
    /// Count per option id (yes/no for yes_no_idk), then `idk` and
    /// `unanswered`, then `not_applicable` when anyone answered so.
    #[serde(serialize_with = "ordered_map")]
    pub distribution: Vec<(String, usize)>,
    /// Labels of the distribution's keys, for reports (not in JSON).
    #[serde(skip)]
    pub labels: Vec<String>,
    /// Mean points among the respondents asked (scored questions).
    #[serde(serialize_with = "ser_round2_opt")]
    pub mean_points: Option<f64>,
    /// The most points the question gives.
    pub max_points: f64,
    /// From 0 (no more agreement than answers picked at random) to 1
    /// (unanimous); null when not measured.
    pub agreement: Option<f64>,
    /// How agreement was measured.
    pub agreement_method: AgreementMethod,
    /// Whether the question is contested: a scored question whose majority
    /// answer one respondent answering differently would change.
    pub contested: bool,
    /// The same as `contested`, kept for the JSON contract (it was agreement
    /// below 0.70, a disputed cut-off: see docs/team.md).
    pub low_agreement: bool,
    /// The team's majority answer in words, when there is one.
    pub typical: Option<String>,
    /// Number questions: the spread of the values given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<Stats>,
}

impl QuestionStats {
    /// The answers given in one line, options with none left out:
    /// `Yes 4 · No 3 · I don't know 1`.
    pub fn answers_line(&self) -> String {
        self.distribution
            .iter()
            .zip(&self.labels)
            .filter(|((_, n), _)| *n > 0)
            .map(|((_, n), label)| format!("{label} {n}"))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// The scorecard of the team's majority answers: each question's most common
/// answer, scored as if one respondent had given them all. Its band is kept
/// for the JSON contract; reports show the band of the team's mean instead.
#[derive(Debug, Clone, Serialize)]
pub struct Typical {
    /// Points.
    pub score: f64,
    /// Best attainable points.
    pub max: f64,
    /// Percent of the maximum.
    #[serde(serialize_with = "ser_round2")]
    pub percent: f64,
    /// The band holding the majority answers' score (not the team's band).
    pub band: Option<BandResult>,
    /// Scored questions with a majority answer.
    pub questions: usize,
    /// How many of them one vote decides (`contested`).
    pub decided_by_one_vote: usize,
}

/// A step of the team roadmap.
#[derive(Debug, Clone, Serialize)]
pub struct TeamStep {
    /// The step, as a scorecard's roadmap gives it.
    #[serde(flatten)]
    pub step: Recommendation,
    /// The question is contested: agree on the answer and verify it before
    /// acting ([`AGREE_FIRST`]).
    pub agree_first: bool,
    /// A contested question's answers: `Yes 4 · No 3`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answers: Option<String>,
}

/// What the pool of small groups holds.
#[derive(Debug, Clone, Serialize)]
pub struct Pool {
    /// Respondents in the pool.
    pub respondents: usize,
    /// Groups pooled because they are under `min_group`.
    pub small_groups: usize,
    /// Sizes of groups large enough to show that joined the pool so the
    /// small ones cannot be recovered by subtraction, ascending.
    pub joined: Vec<usize>,
}

/// A smaller `--min-group` and what it would show.
#[derive(Debug, Clone, Serialize)]
pub struct SuggestedMinGroup {
    /// The value.
    pub min_group: usize,
    /// Groups it would show on their own.
    pub groups: usize,
}

/// A question many could not answer.
#[derive(Debug, Clone, Serialize)]
pub struct TeamBlindSpot {
    /// Section id.
    pub section: String,
    /// Question id.
    pub question: String,
    /// Question text.
    pub text: String,
    /// Respondents asked.
    pub asked: usize,
    /// Answered "I don't know".
    pub idk: usize,
    /// Left unanswered.
    pub unanswered: usize,
}

/// A group of respondents sharing a respondent field's value.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// The field's value, or the name of the pool of small groups.
    pub name: String,
    /// Whether this is the pool of groups too small to show on their own.
    pub pooled: bool,
    /// Respondents in the group.
    pub respondents: usize,
    /// Mean total percent.
    #[serde(serialize_with = "ser_round2")]
    pub mean: f64,
    /// Mean percent per section.
    pub sections: Vec<GroupSection>,
}

/// A group's mean for one section.
#[derive(Debug, Clone, Serialize)]
pub struct GroupSection {
    /// Section id.
    pub id: String,
    /// Mean percent of the group's respondents; null when none had one.
    #[serde(serialize_with = "ser_round2_opt")]
    pub mean: Option<f64>,
}

/// The largest difference between shown groups for one section (or the total).
#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    /// Section id, or `total`.
    pub section: String,
    /// The group with the highest mean.
    pub high: String,
    /// Its mean.
    #[serde(serialize_with = "ser_round2")]
    pub high_mean: f64,
    /// The group with the lowest mean.
    pub low: String,
    /// Its mean.
    #[serde(serialize_with = "ser_round2")]
    pub low_mean: f64,
    /// high − low, in percentage points.
    #[serde(serialize_with = "ser_round2")]
    pub gap: f64,
}

fn ordered_map<S: Serializer>(v: &[(String, usize)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(v.iter().map(|(k, n)| (k, n)))
}

/// Percents counted by exact value: exact median, quantiles, min, max and
/// spread. Memory grows with the number of distinct percents (a framework can
/// give few), not with the number of values added.
#[derive(Debug, Clone, Default)]
pub struct Histogram {
    /// Count per value; the key is the bits of a non-negative f64, which order
    /// as the numbers do.
    counts: BTreeMap<u64, usize>,
    n: usize,
    sum: f64,
}

impl Histogram {
    /// Adds a percent (held within 0–100; not-a-number is ignored).
    pub fn add(&mut self, percent: f64) {
        if percent.is_nan() {
            return;
        }
        // + 0.0 turns −0 into 0, whose bits sort first.
        let p = percent.clamp(0.0, 100.0) + 0.0;
        *self.counts.entry(p.to_bits()).or_default() += 1;
        self.n += 1;
        self.sum += p;
    }

    /// The values with their counts, ascending.
    pub fn strip(&self) -> Vec<(f64, usize)> {
        self.counts
            .iter()
            .map(|(b, c)| (f64::from_bits(*b), *c))
            .collect()
    }

    /// How many values were added.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether no value was added.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// How many values are below `percent`, and how many equal it (values
    /// closer than a millionth of a percent are equal).
    pub fn below_and_equal(&self, percent: f64) -> (usize, usize) {
        let (mut below, mut equal) = (0, 0);
        for (v, c) in self.strip() {
            if (v - percent).abs() < 1e-6 {
                equal += c;
            } else if v < percent {
                below += c;
            }
        }
        (below, equal)
    }

    /// The `p` quantile (0–1), interpolated between the two closest ranks:
    /// h = (n − 1)·p, x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋+1 − x⌊h⌋) (Hyndman and Fan's type 7,
    /// as in Excel's PERCENTILE.INC and NumPy's default). None when empty.
    pub fn quantile(&self, p: f64) -> Option<f64> {
        if self.n == 0 {
            return None;
        }
        let h = (self.n - 1) as f64 * p.clamp(0.0, 1.0);
        let lo = h.floor() as usize;
        let a = self.nth(lo);
        let b = if lo + 1 < self.n { self.nth(lo + 1) } else { a };
        Some(a + (h - lo as f64) * (b - a))
    }

    /// The k-th smallest value (0-based; the largest past the end, 0 when empty).
    pub fn nth(&self, k: usize) -> f64 {
        let mut seen = 0;
        let mut last = 0.0;
        for (v, c) in self.strip() {
            seen += c;
            last = v;
            if seen > k {
                return v;
            }
        }
        last
    }

    /// Mean, median, min, max and sample standard deviation, exact.
    pub fn stats(&self) -> Stats {
        let values = self.strip();
        stats_of(self.n, self.sum, &values, |k| self.nth(k))
    }
}

/// Stats from a count, a sum, the distinct values with counts, and a k-th
/// value lookup; exact (reports round them once).
fn stats_of(n: usize, sum: f64, values: &[(f64, usize)], nth: impl Fn(usize) -> f64) -> Stats {
    if n == 0 {
        return Stats {
            respondents: 0,
            mean: None,
            median: None,
            min: None,
            max: None,
            sd: None,
        };
    }
    let mean = sum / n as f64;
    let median = if n % 2 == 1 {
        nth(n / 2)
    } else {
        (nth(n / 2 - 1) + nth(n / 2)) / 2.0
    };
    let sd = (n >= 2).then(|| {
        let ss: f64 = values
            .iter()
            .map(|(v, c)| *c as f64 * (v - mean).powi(2))
            .sum();
        (ss / (n - 1) as f64).sqrt()
    });
    Stats {
        respondents: n,
        mean: Some(mean),
        median: Some(median),
        min: values.first().map(|v| v.0),
        max: values.last().map(|v| v.0),
        sd,
    }
}

/// r_wg against a uniform null: 1 − s² ÷ ((A² − 1) / 12), where s² is the
/// sample variance (n − 1) of the positions chosen on a scale of `a` steps,
/// truncated at 0. `counts[i]` is how many chose position i. None below two answers.
pub fn rwg(counts: &[usize], a: usize) -> Option<f64> {
    let n: usize = counts.iter().sum();
    if n < 2 || a < 2 {
        return None;
    }
    let mean = counts
        .iter()
        .enumerate()
        .map(|(i, c)| i as f64 * *c as f64)
        .sum::<f64>()
        / n as f64;
    let ss: f64 = counts
        .iter()
        .enumerate()
        .map(|(i, c)| *c as f64 * (i as f64 - mean).powi(2))
        .sum();
    let variance = ss / (n - 1) as f64;
    let null = ((a * a) as f64 - 1.0) / 12.0;
    Some((1.0 - variance / null).max(0.0))
}

/// Majority agreement for an unordered choice among `a` answers: the most
/// common answer's share p, rescaled so an even spread is 0 and unanimity 1:
/// (p − 1/A) ÷ (1 − 1/A). For yes/no (A = 2) that is 2p − 1. None below two answers.
pub fn majority(counts: &[usize], a: usize) -> Option<f64> {
    let n: usize = counts.iter().sum();
    if n < 2 || a < 2 {
        return None;
    }
    let p = counts.iter().copied().max().unwrap_or(0) as f64 / n as f64;
    let floor = 1.0 / a as f64;
    Some(((p - floor) / (1.0 - floor)).max(0.0))
}

/// How a question's answers map to positions for agreement and the typical answer.
#[derive(Debug, Clone)]
enum Scale {
    /// yes/no (idk apart): two unordered answers.
    YesNo,
    /// Ordered: each option's position (level: lane order; scored single: rank by points).
    Ordered { position: Vec<usize>, steps: usize },
    /// Unordered options (unscored single).
    Nominal,
    /// Any number of options.
    Multi,
    /// A number; ordered by the threshold step reached when it has thresholds.
    Number { thresholds: Vec<f64> },
    /// Free text: only counted.
    Text,
}

impl Scale {
    fn of(q: &Question) -> Scale {
        match q.kind {
            Kind::YesNoIdk => Scale::YesNo,
            Kind::Level => Scale::Ordered {
                position: (0..q.options.len()).collect(),
                steps: q.options.len(),
            },
            Kind::Single if q.is_scored() => {
                let mut points: Vec<f64> = q.options.iter().map(|o| o.points).collect();
                points.sort_by(f64::total_cmp);
                points.dedup_by(|a, b| (*a - *b).abs() < crate::text::EPS);
                let position = q
                    .options
                    .iter()
                    .map(|o| {
                        points
                            .iter()
                            .position(|p| (p - o.points).abs() < crate::text::EPS)
                            .unwrap_or(0)
                    })
                    .collect();
                Scale::Ordered {
                    position,
                    steps: points.len(),
                }
            }
            Kind::Single => Scale::Nominal,
            Kind::Multi => Scale::Multi,
            Kind::Number => {
                let mut thresholds: Vec<f64> = if q.is_scored() {
                    q.thresholds.iter().map(|t| t.min).collect()
                } else {
                    Vec::new()
                };
                thresholds.sort_by(f64::total_cmp);
                Scale::Number { thresholds }
            }
            Kind::Text => Scale::Text,
        }
    }
}

/// What one question accumulates.
#[derive(Debug, Clone)]
struct QuestionAcc {
    scale: Scale,
    /// Per option (yes, no for yes_no_idk).
    counts: Vec<usize>,
    idk: usize,
    unanswered: usize,
    /// Answered "not applicable": out of scope, so not among `asked`.
    not_applicable: usize,
    asked: usize,
    answered: usize,
    points: f64,
    /// Number questions: count per distinct value (bits of the f64, ordered at the end).
    values: HashMap<u64, usize>,
    sum: f64,
}

impl QuestionAcc {
    fn new(q: &Question) -> Self {
        let width = if q.kind == Kind::YesNoIdk {
            2
        } else {
            q.options.len()
        };
        QuestionAcc {
            scale: Scale::of(q),
            counts: vec![0; width],
            idk: 0,
            unanswered: 0,
            not_applicable: 0,
            asked: 0,
            answered: 0,
            points: 0.0,
            values: HashMap::new(),
            sum: 0.0,
        }
    }

    fn add(&mut self, q: &Question, status: Status, answer: Option<&AnswerValue>, score: f64) {
        match status {
            Status::NotAsked => return,
            Status::NotApplicable => {
                self.not_applicable += 1;
                return;
            }
            Status::Unknown => self.idk += 1,
            Status::Unanswered => self.unanswered += 1,
            Status::Answered => self.answered += 1,
        }
        self.asked += 1;
        self.points += score;
        if status != Status::Answered {
            return;
        }
        let index = |id: &str| q.options.iter().position(|o| o.id == id);
        match answer {
            Some(AnswerValue::Text(t)) if q.kind == Kind::YesNoIdk => match t.as_str() {
                "yes" => self.counts[0] += 1,
                "no" => self.counts[1] += 1,
                _ => {}
            },
            Some(AnswerValue::Text(t)) if q.kind.has_options() => {
                if let Some(i) = index(t) {
                    self.counts[i] += 1;
                }
            }
            Some(AnswerValue::List(ids)) => {
                for id in ids {
                    if let Some(i) = index(id) {
                        self.counts[i] += 1;
                    }
                }
            }
            Some(AnswerValue::Number(n)) => self.add_value(*n),
            _ => {}
        }
    }

    fn sorted_values(&self) -> Vec<(f64, usize)> {
        let mut v: Vec<(f64, usize)> = self
            .values
            .iter()
            .map(|(b, c)| (f64::from_bits(*b), *c))
            .collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        v
    }

    /// Counts per position on an ordered scale.
    fn by_position(&self) -> Option<(Vec<usize>, usize)> {
        match &self.scale {
            Scale::Ordered { position, steps } => {
                let mut c = vec![0; *steps];
                for (i, n) in self.counts.iter().enumerate() {
                    c[position[i]] += n;
                }
                Some((c, *steps))
            }
            Scale::Number { thresholds } if !thresholds.is_empty() => {
                let mut c = vec![0; thresholds.len() + 1];
                for (v, n) in self.sorted_values() {
                    let step = thresholds
                        .iter()
                        .filter(|t| v + crate::text::EPS >= **t)
                        .count();
                    c[step] += n;
                }
                Some((c, thresholds.len() + 1))
            }
            _ => None,
        }
    }

    fn agreement(&self) -> (Option<f64>, AgreementMethod) {
        if let Some((counts, steps)) = self.by_position() {
            return (rwg(&counts, steps), AgreementMethod::Rwg);
        }
        match &self.scale {
            Scale::YesNo | Scale::Nominal => (
                majority(&self.counts, self.counts.len()),
                AgreementMethod::Majority,
            ),
            Scale::Multi if self.answered >= 2 && !self.counts.is_empty() => {
                let per: Vec<f64> = self
                    .counts
                    .iter()
                    .filter_map(|c| majority(&[*c, self.answered - c], 2))
                    .collect();
                let mean = per.iter().sum::<f64>() / per.len().max(1) as f64;
                (Some(mean), AgreementMethod::PerOption)
            }
            _ => (None, AgreementMethod::None),
        }
    }

    /// The team's majority answer (see docs/team.md): None when nobody
    /// answered. Every tie goes one way: to the answer worth fewer points, and
    /// between answers worth the same, to the one listed first.
    fn typical(&self, q: &Question) -> Option<AnswerValue> {
        let given = self.answered + self.idk;
        if given == 0 {
            return None;
        }
        let text = |s: &str| Some(AnswerValue::Text(s.to_string()));
        match &self.scale {
            Scale::YesNo => {
                // (votes, points, listed order): most votes, then fewer points, then first listed.
                let yes_points = usize::from(q.yes_points() > 0.0);
                let candidates = [
                    (YesNoIdk::Yes, self.counts[0], yes_points, 0),
                    (YesNoIdk::No, self.counts[1], 0, 1),
                    (YesNoIdk::Idk, self.idk, 0, 2),
                ];
                let best = candidates
                    .iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)).then(b.3.cmp(&a.3)))?;
                text(best.0.id())
            }
            _ if self.answered == 0 => None,
            Scale::Ordered { position, .. } => {
                let (counts, _) = self.by_position()?;
                let k = (self.answered - 1) / 2;
                let mut seen = 0;
                let step = counts.iter().position(|c| {
                    seen += c;
                    seen > k
                })?;
                // The first-listed option at that step among those chosen.
                let i = (0..q.options.len())
                    .find(|i| position[*i] == step && self.counts[*i] > 0)
                    .or_else(|| (0..q.options.len()).find(|i| position[*i] == step))?;
                text(&q.options[i].id)
            }
            Scale::Nominal => {
                let best = self.counts.iter().copied().max().unwrap_or(0);
                let i = self.counts.iter().position(|c| *c == best)?;
                text(&q.options[i].id)
            }
            Scale::Multi => {
                // Ticked by more than half: at exactly half, not ticked (fewer points).
                let chosen: Vec<String> = q
                    .options
                    .iter()
                    .zip(&self.counts)
                    .filter(|(_, c)| 2 * **c > self.answered)
                    .map(|(o, _)| o.id.clone())
                    .collect();
                let has_other = chosen
                    .iter()
                    .any(|id| q.option(id).is_some_and(|o| !o.exclusive));
                Some(AnswerValue::List(if has_other {
                    chosen
                        .into_iter()
                        .filter(|id| q.option(id).is_some_and(|o| !o.exclusive))
                        .collect()
                } else {
                    chosen
                }))
            }
            Scale::Number { .. } => {
                let k = (self.answered - 1) / 2;
                let mut seen = 0;
                self.sorted_values()
                    .into_iter()
                    .find(|(_, c)| {
                        seen += c;
                        seen > k
                    })
                    .map(|(v, _)| AnswerValue::Number(v))
            }
            Scale::Text => None,
        }
    }

    /// What the majority answer means for the team: its points, and whether
    /// it is "I don't know" (which asks to find out first).
    fn verdict(&self, q: &Question) -> Option<(i64, bool)> {
        self.typical(q).map(|v| {
            (
                (q.points_for(Some(&v)) * 1000.0).round() as i64,
                v.yes_no_idk() == Some(YesNoIdk::Idk),
            )
        })
    }

    /// Whether one vote decides the question: one respondent answering
    /// differently (or answering, where they left it blank) would change the
    /// majority answer's points, or turn it into or out of "I don't know".
    /// Tried answer by answer: the sets of answers are small.
    fn contested(&self, q: &Question) -> bool {
        let Some(base) = self.verdict(q).filter(|_| q.is_scored()) else {
            return false;
        };
        let changes = |acc: QuestionAcc| acc.verdict(q) != Some(base);
        match &self.scale {
            Scale::YesNo | Scale::Ordered { .. } => {
                // Answers: each option (yes, no), then "I don't know" (yes/no only).
                let kinds = self.counts.len() + usize::from(matches!(self.scale, Scale::YesNo));
                let count = |i: usize| self.counts.get(i).copied().unwrap_or(self.idk);
                let mut from: Vec<Option<usize>> =
                    (0..kinds).filter(|i| count(*i) > 0).map(Some).collect();
                if self.unanswered > 0 {
                    from.push(None);
                }
                from.iter().any(|f| {
                    (0..kinds)
                        .filter(|to| Some(*to) != *f)
                        .any(|to| changes(self.moved(*f, to)))
                })
            }
            Scale::Multi => (0..self.counts.len()).any(|i| {
                let tick = |delta: isize| {
                    let mut acc = self.clone();
                    acc.counts[i] = acc.counts[i].saturating_add_signed(delta);
                    acc
                };
                (self.counts[i] < self.answered && changes(tick(1)))
                    || (self.counts[i] > 0 && changes(tick(-1)))
            }),
            Scale::Number { thresholds } if !thresholds.is_empty() => {
                // One value per step: below the first threshold, then each threshold.
                let steps: Vec<f64> = std::iter::once(thresholds[0] - 1.0)
                    .chain(thresholds.iter().copied())
                    .collect();
                self.sorted_values().iter().any(|(v, _)| {
                    steps.iter().any(|to| {
                        let mut acc = self.clone();
                        acc.remove_value(*v);
                        acc.add_value(*to);
                        changes(acc)
                    })
                })
            }
            _ => false,
        }
    }

    /// The accumulator with one answer moved: from an answer (an option index,
    /// or past the options "I don't know") or from unanswered (None), to an answer.
    fn moved(&self, from: Option<usize>, to: usize) -> QuestionAcc {
        let mut acc = self.clone();
        let options = acc.counts.len();
        match from {
            Some(i) if i < options => acc.counts[i] -= 1,
            Some(_) => {
                acc.idk -= 1;
                acc.answered += 1;
            }
            None => {
                acc.unanswered -= 1;
                acc.answered += 1;
            }
        }
        if to < options {
            acc.counts[to] += 1;
        } else {
            acc.idk += 1;
            acc.answered -= 1;
        }
        acc
    }

    fn add_value(&mut self, v: f64) {
        *self.values.entry(v.to_bits()).or_default() += 1;
        self.sum += v;
    }

    fn remove_value(&mut self, v: f64) {
        if let Some(c) = self.values.get_mut(&v.to_bits()) {
            *c -= 1;
            if *c == 0 {
                self.values.remove(&v.to_bits());
            }
            self.sum -= v;
        }
    }
}

/// One group's running sums.
#[derive(Debug, Clone, Default)]
struct GroupAcc {
    n: usize,
    total: f64,
    sections: Vec<(f64, usize)>,
}

impl GroupAcc {
    fn merge(&mut self, other: &GroupAcc) {
        self.n += other.n;
        self.total += other.total;
        if self.sections.len() < other.sections.len() {
            self.sections.resize(other.sections.len(), (0.0, 0));
        }
        for (a, b) in self.sections.iter_mut().zip(&other.sections) {
            a.0 += b.0;
            a.1 += b.1;
        }
    }
}

/// The name a missing group field is shown under.
pub const NOT_GIVEN: &str = "(not given)";

/// Folds scorecards of one framework into a [`TeamReport`], one at a time.
#[derive(Debug)]
pub struct TeamBuilder<'a> {
    fw: &'a Framework,
    by: Option<String>,
    n: usize,
    score_sum: f64,
    total: Histogram,
    sections: Vec<Histogram>,
    questions: Vec<QuestionAcc>,
    groups: BTreeMap<String, GroupAcc>,
    /// Respondents who give the `by` field.
    by_given: usize,
    /// Respondent fields anyone gave.
    fields: BTreeSet<String>,
    /// The earliest and latest respondent dates.
    dates: Option<(crate::date::Date, crate::date::Date)>,
}

impl<'a> TeamBuilder<'a> {
    /// Starts an empty team; `by` names the respondent field that forms groups.
    pub fn new(fw: &'a Framework, by: Option<&str>) -> Self {
        TeamBuilder {
            fw,
            by: by.map(str::to_string),
            n: 0,
            score_sum: 0.0,
            total: Histogram::default(),
            sections: vec![Histogram::default(); fw.sections.len()],
            questions: fw.questions().map(|(_, q)| QuestionAcc::new(q)).collect(),
            groups: BTreeMap::new(),
            by_given: 0,
            fields: BTreeSet::new(),
            dates: None,
        }
    }

    /// How many scorecards were added.
    pub fn respondents(&self) -> usize {
        self.n
    }

    /// Adds one respondent's scorecard (scored with this builder's framework).
    pub fn add(&mut self, card: &Scorecard) {
        self.n += 1;
        self.score_sum += card.total.score;
        let total = exact_percent(card.total.score, card.total.max).unwrap_or(0.0);
        let sections: Vec<Option<f64>> = card
            .sections
            .iter()
            .map(|s| exact_percent(s.score, s.max))
            .collect();
        self.total.add(total);
        for (h, p) in self.sections.iter_mut().zip(&sections) {
            if let Some(p) = p {
                h.add(*p);
            }
        }
        for (k, v) in &card.respondent {
            if !v.trim().is_empty() && !self.fields.contains(k) {
                self.fields.insert(k.clone());
            }
        }
        if let Some(d) = card
            .respondent
            .get("date")
            .and_then(|d| crate::date::Date::parse(d.trim()).ok())
        {
            self.dates = Some(match self.dates {
                Some((a, b)) => (a.min(d), b.max(d)),
                None => (d, d),
            });
        }
        for ((acc, (_, q)), r) in self
            .questions
            .iter_mut()
            .zip(self.fw.questions())
            .zip(&card.questions)
        {
            acc.add(q, r.status, r.answer.as_ref(), r.score);
        }
        if let Some(field) = &self.by {
            let given = card
                .respondent
                .get(field)
                .map(|v| v.trim())
                .filter(|v| !v.is_empty());
            self.by_given += usize::from(given.is_some());
            let name = given.unwrap_or(NOT_GIVEN).to_string();
            let g = self.groups.entry(name).or_default();
            g.n += 1;
            g.total += total;
            g.sections.resize(sections.len(), (0.0, 0));
            for (acc, p) in g.sections.iter_mut().zip(&sections) {
                if let Some(p) = p {
                    acc.0 += p;
                    acc.1 += 1;
                }
            }
        }
    }

    /// The team's typical answers, as an answers set.
    fn typical_answers(&self) -> Answers {
        let mut answers = Answers {
            framework: self.fw.id.clone(),
            framework_version: Some(self.fw.version.clone()),
            ..Answers::default()
        };
        for (acc, (section, q)) in self.questions.iter().zip(self.fw.questions()) {
            // Out of scope for most of those it reached: out of scope for the team too.
            if acc.not_applicable > acc.asked && self.fw.allows_not_applicable(section, q) {
                let reason = format!(
                    "not applicable for {} of {} respondents",
                    acc.not_applicable,
                    acc.not_applicable + acc.asked
                );
                answers.not_applicable.insert(q.id.clone(), reason);
            } else if let Some(v) = acc.typical(q) {
                answers.answers.insert(q.id.clone(), v);
            }
        }
        answers
    }

    /// Finishes the report; groups under `min_group` respondents are pooled.
    pub fn finish(self, min_group: usize) -> TeamReport {
        let fw = self.fw;
        let typical_answers = self.typical_answers();
        let typical_card = scoring::score(fw, &typical_answers);
        let mut questions = Vec::new();
        for (acc, (section, q)) in self.questions.iter().zip(fw.questions()) {
            let (agreement, method) = acc.agreement();
            let agreement = agreement.map(round2);
            let (mut distribution, mut labels): (Vec<(String, usize)>, Vec<String>) =
                if q.kind == Kind::YesNoIdk {
                    (
                        vec![("yes".into(), acc.counts[0]), ("no".into(), acc.counts[1])],
                        vec!["Yes".into(), "No".into()],
                    )
                } else {
                    q.options
                        .iter()
                        .zip(&acc.counts)
                        .map(|(o, c)| ((o.id.clone(), *c), o.label.clone()))
                        .unzip()
                };
            distribution.push(("idk".into(), acc.idk));
            labels.push("I don't know".into());
            distribution.push(("unanswered".into(), acc.unanswered));
            labels.push("Unanswered".into());
            if acc.not_applicable > 0 {
                distribution.push(("not_applicable".into(), acc.not_applicable));
                labels.push(crate::answers::NOT_APPLICABLE_LABEL.into());
            }
            let values = (q.kind == Kind::Number).then(|| {
                let v = acc.sorted_values();
                let n: usize = v.iter().map(|x| x.1).sum();
                let nth = |k: usize| {
                    let mut seen = 0;
                    v.iter()
                        .find(|(_, c)| {
                            seen += c;
                            seen > k
                        })
                        .map_or(0.0, |x| x.0)
                };
                stats_of(n, acc.sum, &v, nth)
            });
            let typical = match q.kind {
                _ if typical_answers.not_applicable.contains_key(&q.id) => {
                    Some(crate::answers::NOT_APPLICABLE_LABEL.to_string())
                }
                Kind::Text => None,
                _ => typical_answers.answers.get(&q.id).map(|v| v.label(q)),
            };
            questions.push(QuestionStats {
                id: q.id.clone(),
                section: section.id.clone(),
                text: q.text.clone(),
                kind: q.kind,
                scored: q.is_scored(),
                asked: acc.asked,
                answered: acc.answered,
                not_applicable: acc.not_applicable,
                distribution,
                labels,
                mean_points: (q.is_scored() && acc.asked > 0)
                    .then(|| acc.points / acc.asked as f64),
                max_points: scoring::question_max(q),
                agreement,
                agreement_method: if agreement.is_some() {
                    method
                } else {
                    AgreementMethod::None
                },
                contested: acc.contested(q),
                low_agreement: acc.contested(q),
                typical,
                values,
            });
        }
        let mut ranked: Vec<&QuestionStats> = questions
            .iter()
            .filter(|q| q.scored && q.agreement.is_some_and(|a| a < 1.0))
            .collect();
        // Contested first, then the least agreement; ties in framework order (a stable sort).
        ranked.sort_by(|a, b| {
            b.contested.cmp(&a.contested).then(
                a.agreement
                    .unwrap_or(1.0)
                    .total_cmp(&b.agreement.unwrap_or(1.0)),
            )
        });
        let disagreements = ranked
            .iter()
            .take(DISAGREEMENTS_LISTED)
            .map(|q| q.id.clone())
            .collect();
        let blind_spots = questions
            .iter()
            .zip(&self.questions)
            .filter(|(_, acc)| {
                acc.asked > 0
                    && (acc.idk + acc.unanswered) as f64 >= BLIND_SPOT_SHARE * acc.asked as f64
            })
            .map(|(q, acc)| TeamBlindSpot {
                section: q.section.clone(),
                question: q.id.clone(),
                text: q.text.clone(),
                asked: acc.asked,
                idk: acc.idk,
                unanswered: acc.unanswered,
            })
            .collect();
        let roadmap = team_roadmap(&questions, typical_card.recommendations);
        let typical_questions = questions
            .iter()
            .filter(|q| q.scored && q.typical.is_some())
            .count();
        let decided_by_one_vote = questions.iter().filter(|q| q.contested).count();
        let by_given = self.by_given;
        let shown_groups = if by_given > 0 {
            groups(fw, &self.groups, min_group)
        } else {
            Shown::default()
        };
        let suggested_min_group = (by_given > 0)
            .then(|| suggest_min_group(fw, &self.groups, min_group, shown_groups.shown))
            .flatten();
        let max_score = scoring::max_score(fw);
        let mean_score = (self.n > 0).then(|| self.score_sum / self.n as f64);
        let stats = self.total.stats();
        let band = match (mean_score, stats.mean) {
            (Some(points), Some(percent)) => band_of_mean(fw, points, percent),
            _ => None,
        };
        TeamReport {
            framework: FrameworkInfo {
                id: fw.id.clone(),
                title: fw.title.clone(),
                version: fw.version.clone(),
                source: fw.source.clone(),
            },
            respondents: self.n,
            assessed_from: self.dates.map(|d| d.0.to_string()),
            assessed_to: self.dates.map(|d| d.1.to_string()),
            total: TotalStats {
                stats,
                mean_score,
                max_score,
                strip: self.total.strip(),
            },
            sections: fw
                .sections
                .iter()
                .zip(&self.sections)
                .map(|(s, h)| SectionStats {
                    id: s.id.clone(),
                    title: s.title.clone(),
                    stats: h.stats(),
                    strip: h.strip(),
                })
                .collect(),
            questions,
            disagreements,
            band,
            typical: Typical {
                score: typical_card.total.score,
                max: typical_card.total.max,
                percent: exact_percent(typical_card.total.score, typical_card.total.max)
                    .unwrap_or(0.0),
                band: typical_card.band,
                questions: typical_questions,
                decided_by_one_vote,
            },
            roadmap,
            blind_spots,
            by: self.by,
            by_given,
            respondent_fields: self.fields.into_iter().collect(),
            min_group,
            groups: shown_groups.groups,
            gaps: shown_groups.gaps,
            pool: shown_groups.pool,
            suggested_min_group,
        }
    }
}

/// The team roadmap: the majority answers' steps, contested questions first
/// ("agree and verify first"), each contested question at full marks added as
/// a step of its own, in framework order after the others. A stable sort, so
/// the scorecard's order holds within each part.
fn team_roadmap(
    questions: &[QuestionStats],
    recommendations: Vec<Recommendation>,
) -> Vec<TeamStep> {
    let contested = |id: &str| questions.iter().find(|q| q.id == id && q.contested);
    let mut steps: Vec<TeamStep> = recommendations
        .into_iter()
        .map(|r| {
            let q = contested(&r.question);
            TeamStep {
                agree_first: q.is_some(),
                answers: q.map(QuestionStats::answers_line),
                step: r,
            }
        })
        .collect();
    for q in questions.iter().filter(|q| q.contested) {
        if steps.iter().any(|s| s.step.question == q.id) {
            continue;
        }
        // At full marks (else the majority roadmap has a step for it).
        let current = q.typical.clone().unwrap_or_default();
        steps.push(TeamStep {
            step: Recommendation {
                section: q.section.clone(),
                question: q.id.clone(),
                next: current.clone(),
                current,
                text: AGREE_FIRST.to_string(),
                points_available: 0.0,
                gain: 0.0,
                find_out: None,
                target_gap: None,
            },
            agree_first: true,
            answers: Some(q.answers_line()),
        });
    }
    steps.sort_by_key(|s| !s.agree_first);
    steps
}

/// What [`groups`] shows.
#[derive(Debug, Default)]
struct Shown {
    groups: Vec<Group>,
    gaps: Vec<Gap>,
    pool: Option<Pool>,
    /// Groups shown on their own.
    shown: usize,
}

/// Groups to show: those of at least `min_group`, the rest pooled. When the
/// pool would hold from 1 to `min_group − 1` respondents (so subtracting the
/// shown groups from the team would reveal them), the smallest shown groups
/// join the pool until it reaches `min_group` or no group is left to show.
fn groups(fw: &Framework, accs: &BTreeMap<String, GroupAcc>, min_group: usize) -> Shown {
    if accs.is_empty() {
        return Shown::default();
    }
    let mut shown: Vec<(&String, &GroupAcc)> = Vec::new();
    let mut pool = GroupAcc::default();
    let mut small_groups = 0;
    for (name, acc) in accs {
        if acc.n >= min_group {
            shown.push((name, acc));
        } else {
            pool.merge(acc);
            small_groups += 1;
        }
    }
    let mut joined = Vec::new();
    while pool.n > 0 && pool.n < min_group && !shown.is_empty() {
        let smallest = shown
            .iter()
            .enumerate()
            .min_by_key(|(_, (name, g))| (g.n, std::cmp::Reverse((*name).clone())))
            .map_or(0, |(i, _)| i);
        let (_, g) = shown.remove(smallest);
        pool.merge(g);
        joined.push(g.n);
    }
    joined.sort_unstable();
    let to_group = |name: String, pooled: bool, g: &GroupAcc| Group {
        name,
        pooled,
        respondents: g.n,
        mean: g.total / g.n.max(1) as f64,
        sections: fw
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| GroupSection {
                id: s.id.clone(),
                mean: g
                    .sections
                    .get(i)
                    .filter(|(_, n)| *n > 0)
                    .map(|(sum, n)| sum / *n as f64),
            })
            .collect(),
    };
    let mut groups: Vec<Group> = shown
        .iter()
        .map(|(name, g)| to_group((*name).clone(), false, g))
        .collect();
    let gaps = gaps(fw, &groups);
    let pool = (pool.n >= min_group).then(|| {
        groups.push(to_group(
            pool_name(small_groups, &joined, min_group),
            true,
            &pool,
        ));
        Pool {
            respondents: pool.n,
            small_groups,
            joined,
        }
    });
    Shown {
        shown: shown.len(),
        groups,
        gaps,
        pool,
    }
}

/// What the pool's row is called: what it holds. `Other: 2 groups under 3`,
/// `Other: 2 groups under 3 and 1 of 5`.
fn pool_name(small_groups: usize, joined: &[usize], min_group: usize) -> String {
    let mut name = format!(
        "Other: {small_groups} group{} under {min_group}",
        if small_groups == 1 { "" } else { "s" }
    );
    for n in joined {
        name.push_str(&format!(" and 1 of {n}"));
    }
    name
}

/// The largest `--min-group` from 2 up to the current one that would show more
/// groups on their own than now, and how many. Smaller groups protect their
/// respondents less; 1 is never suggested (one person's answers).
fn suggest_min_group(
    fw: &Framework,
    accs: &BTreeMap<String, GroupAcc>,
    min_group: usize,
    shown_now: usize,
) -> Option<SuggestedMinGroup> {
    (2..min_group).rev().find_map(|m| {
        let shown = groups(fw, accs, m).shown;
        (shown > shown_now).then_some(SuggestedMinGroup {
            min_group: m,
            groups: shown,
        })
    })
}

/// For the total and each section, the widest gap between two shown groups.
fn gaps(fw: &Framework, groups: &[Group]) -> Vec<Gap> {
    if groups.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut push = |section: &str, means: Vec<(&str, f64)>| {
        let high = means.iter().max_by(|a, b| a.1.total_cmp(&b.1));
        let low = means.iter().min_by(|a, b| a.1.total_cmp(&b.1));
        if let (Some(h), Some(l)) = (high, low) {
            if means.len() >= 2 {
                out.push(Gap {
                    section: section.to_string(),
                    high: h.0.to_string(),
                    high_mean: h.1,
                    low: l.0.to_string(),
                    low_mean: l.1,
                    gap: h.1 - l.1,
                });
            }
        }
    };
    push(
        "total",
        groups.iter().map(|g| (g.name.as_str(), g.mean)).collect(),
    );
    for (i, s) in fw.sections.iter().enumerate() {
        push(
            &s.id,
            groups
                .iter()
                .filter_map(|g| g.sections[i].mean.map(|m| (g.name.as_str(), m)))
                .collect(),
        );
    }
    out
}

/// Aggregates scorecards in one call (the fold, for callers that have them all).
pub fn team<'c>(
    fw: &Framework,
    cards: impl IntoIterator<Item = &'c Scorecard>,
    by: Option<&str>,
    min_group: usize,
) -> TeamReport {
    let mut b = TeamBuilder::new(fw, by);
    for c in cards {
        b.add(c);
    }
    b.finish(min_group)
}

/// The band a team's mean total falls in, read as the framework reads one total.
pub fn band_of_mean(fw: &Framework, mean_score: f64, mean_percent: f64) -> Option<BandResult> {
    let value = match fw.band_basis {
        crate::framework::BandBasis::Points => mean_score,
        crate::framework::BandBasis::Percent => mean_percent,
    };
    find_band(&fw.bands, value).map(|b| BandResult {
        label: b.label.clone(),
        text: b.text.clone(),
    })
}

#[cfg(test)]
mod tests;
