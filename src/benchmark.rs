//! A place among peers: the subject's percent per section against a cohort of
//! answers files of the same framework, as the number of peers below and level
//! with it (a percentile rank) and, in a cohort large enough, quartiles that are
//! no peer's own value. Pure: no I/O. The cohort is folded into counts of exact
//! percents, so no cohort member's scorecard is kept, and no output names one.
//!
//! What is released is decided here, so no report can give more: no lowest or
//! highest percent (each is one peer's), and each quartile the mean of the
//! `min_cohort` peers ranked nearest it (docs/trend-benchmark.md).

use serde::Serialize;

use crate::answers::{AnswerValue, Answers, NOT_APPLICABLE};
use crate::framework::{Framework, Kind, Question, YesNoIdk};
use crate::scoring::{FrameworkInfo, Scorecard, exact_percent};
use crate::team::Histogram;
use crate::text::{fmt_num, ser_round2_opt};

/// The smallest cohort shown by default.
pub const MIN_COHORT: usize = 5;

/// Quartiles are released from cohorts of at least this many times
/// `min_cohort` peers: below that, the windows of peers they average overlap
/// so much that the three say little more than the cohort's mean.
pub const QUARTILE_COHORTS: usize = 2;

/// One accepted value of a `--where` filter.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// An option id, `yes`/`no`/`idk`, a respondent field's value, or a number.
    Is(String),
    /// A number within bounds (each inclusive unless `open`): `50..150`,
    /// `>=100`, `<120`.
    Range {
        /// The lower bound, if any.
        min: Option<f64>,
        /// Whether the lower bound itself is excluded (`>`).
        min_open: bool,
        /// The upper bound, if any.
        max: Option<f64>,
        /// Whether the upper bound itself is excluded (`<`).
        max_open: bool,
    },
}

impl Condition {
    /// Whether a number meets the condition (`Is` compares it as a number).
    fn holds(&self, n: f64) -> bool {
        const TOLERANCE: f64 = 1e-9;
        match self {
            Condition::Is(v) => number(v).is_some_and(|x| (x - n).abs() < TOLERANCE),
            Condition::Range {
                min,
                min_open,
                max,
                max_open,
            } => {
                let above = match min {
                    Some(m) if *min_open => n > *m + TOLERANCE,
                    Some(m) => n + TOLERANCE >= *m,
                    None => true,
                };
                let below = match max {
                    Some(m) if *max_open => n + TOLERANCE < *m,
                    Some(m) => n <= *m + TOLERANCE,
                    None => true,
                };
                above && below
            }
        }
    }

    /// The condition as written: `100`, `50..150`, `>=100`.
    fn written(&self) -> String {
        match self {
            Condition::Is(v) => v.clone(),
            Condition::Range {
                min,
                min_open,
                max,
                max_open,
            } => match (min, max) {
                (Some(a), None) if *min_open => format!(">{}", fmt_num(*a)),
                (None, Some(b)) if *max_open => format!("<{}", fmt_num(*b)),
                (a, b) => format!(
                    "{}..{}",
                    a.map(fmt_num).unwrap_or_default(),
                    b.map(fmt_num).unwrap_or_default()
                ),
            },
        }
    }

    /// A one-sided range as a comparison (`>=100`), else None.
    fn comparison(&self) -> Option<String> {
        match self {
            Condition::Range {
                min: Some(a),
                min_open,
                max: None,
                ..
            } => Some(format!(
                "{}{}",
                if *min_open { ">" } else { ">=" },
                fmt_num(*a)
            )),
            Condition::Range {
                min: None,
                max: Some(b),
                max_open,
                ..
            } => Some(format!(
                "{}{}",
                if *max_open { "<" } else { "<=" },
                fmt_num(*b)
            )),
            _ => None,
        }
    }
}

/// A number as a filter gives it: `105`, `105%`, `-20`.
fn number(text: &str) -> Option<f64> {
    text.trim()
        .trim_end_matches('%')
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
}

/// `--where`: keep answers files whose FIELD (a question id, or else a
/// respondent field) meets one of the conditions. Written `FIELD=V1,V2` (any
/// of the values; for a number question each may be a range `50..150`, `..150`
/// or `100..`, bounds included) or `FIELD>=N`, `FIELD>N`, `FIELD<=N`, `FIELD<N`.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    /// A question id or a respondent field.
    pub field: String,
    /// Any of these matches.
    pub conditions: Vec<Condition>,
}

impl Filter {
    /// Parses `FIELD=VALUE[,VALUE…]` or `FIELD>=N` (and `>`, `<=`, `<`).
    pub fn parse(text: &str) -> Result<Filter, String> {
        let usage = "expected FIELD=VALUE[,VALUE…], FIELD>=N (or >, <=, <) or FIELD=MIN..MAX, e.g. q5=software-and-technology, role=VP, q10>=100 or q10=90..120";
        let Some(at) = text.find(['=', '<', '>']) else {
            return Err(format!("--where {text:?}: {usage}"));
        };
        let field = text[..at].trim();
        let rest = &text[at..];
        let (op, value) = ["<=", ">=", "=", "<", ">"]
            .into_iter()
            .find_map(|op| rest.strip_prefix(op).map(|v| (op, v.trim())))
            .unwrap_or(("=", rest));
        if field.is_empty() || value.is_empty() {
            return Err(format!(
                "--where {text:?}: {usage}; a field name and a value are both needed"
            ));
        }
        let bound = |what: &str| {
            number(value).ok_or_else(|| {
                format!("--where {text:?}: {value:?} is not a number; {what} compares numbers")
            })
        };
        let conditions = match op {
            ">=" | ">" => vec![Condition::Range {
                min: Some(bound(op)?),
                min_open: op == ">",
                max: None,
                max_open: false,
            }],
            "<=" | "<" => vec![Condition::Range {
                min: None,
                min_open: false,
                max: Some(bound(op)?),
                max_open: op == "<",
            }],
            _ => value
                .split(',')
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(|v| range(text, v))
                .collect::<Result<Vec<_>, _>>()?,
        };
        if conditions.is_empty() {
            return Err(format!("--where {text:?}: {usage}"));
        }
        Ok(Filter {
            field: field.to_string(),
            conditions,
        })
    }

    /// The filter as written, `FIELD=V1,V2` or `FIELD>=N`.
    pub fn shown(&self) -> String {
        match self.conditions.as_slice() {
            [c] if c.comparison().is_some() => {
                format!("{}{}", self.field, c.comparison().unwrap_or_default())
            }
            _ => format!(
                "{}={}",
                self.field,
                self.conditions
                    .iter()
                    .map(Condition::written)
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        }
    }

    /// The filter in the framework's words: the question (its text, without
    /// a closing parenthesis) and the options' labels, numbers with their unit:
    /// `Your industry: Software and Technology`, `Your Annual Net Revenue
    /// Retention Rate: at least 100%`; a respondent field as `role: VP`.
    pub fn labelled(&self, fw: &Framework) -> String {
        let Some(q) = fw.question(&self.field) else {
            let values: Vec<String> = self.conditions.iter().map(Condition::written).collect();
            return format!("{}: {}", self.field, values.join(" or "));
        };
        let title = match q.text.rfind(" (") {
            Some(i) if q.text.ends_with(')') => &q.text[..i],
            _ => q.text.as_str(),
        };
        let value = |x: f64| match q.unit.as_deref() {
            Some("%") => format!("{}%", fmt_num(x)),
            Some(u) => format!("{} {u}", fmt_num(x)),
            None => fmt_num(x),
        };
        let values: Vec<String> = self
            .conditions
            .iter()
            .map(|c| match c {
                Condition::Is(v) if q.kind == Kind::YesNoIdk => YesNoIdk::parse(&v.to_lowercase())
                    .map_or_else(|| v.clone(), |a| a.label().to_string()),
                Condition::Is(v) if q.kind == Kind::Number => number(v).map_or(v.clone(), value),
                Condition::Is(v) => q.option(v).map_or_else(|| v.clone(), |o| o.label.clone()),
                Condition::Range {
                    min,
                    min_open,
                    max,
                    max_open,
                } => match (min, max) {
                    (Some(a), Some(b)) => format!("from {} to {}", value(*a), value(*b)),
                    (Some(a), None) if *min_open => format!("above {}", value(*a)),
                    (Some(a), None) => format!("at least {}", value(*a)),
                    (None, Some(b)) if *max_open => format!("below {}", value(*b)),
                    (None, Some(b)) => format!("at most {}", value(*b)),
                    (None, None) => "any number".to_string(),
                },
            })
            .collect();
        format!("{title}: {}", values.join(" or "))
    }

    /// Problems with the filter for this framework (an option id or a yes/no
    /// answer that does not exist, a word for a number, a comparison on
    /// anything but a number question), for an error before the cohort is read.
    pub fn problems(&self, fw: &Framework) -> Vec<String> {
        let ranged = self
            .conditions
            .iter()
            .any(|c| matches!(c, Condition::Range { .. }));
        let Some(q) = fw.question(&self.field) else {
            return if ranged {
                vec![format!(
                    "--where {}: `{}` is not a question of {}; comparisons (>=, >, <=, <) and ranges (MIN..MAX) apply to number questions",
                    self.shown(),
                    self.field,
                    fw.id
                )]
            } else {
                Vec::new()
            };
        };
        if ranged && q.kind != Kind::Number {
            return vec![format!(
                "--where {}: {} is not a number question; comparisons (>=, >, <=, <) and ranges (MIN..MAX) apply to number questions; expected {}",
                self.shown(),
                q.id,
                q.allowed_values()
            )];
        }
        self.conditions
            .iter()
            .filter_map(|c| match c {
                Condition::Is(v) => Some(v),
                Condition::Range { .. } => None,
            })
            .filter(|v| !accepts(q, v))
            .map(|v| match q.kind {
                Kind::Number => format!(
                    "--where {}: {v:?} is not a number; {} takes {}, a range such as {}=50..150, or a comparison such as {}>=100",
                    self.field,
                    q.id,
                    q.allowed_values(),
                    q.id,
                    q.id
                ),
                Kind::YesNoIdk => format!(
                    "--where {}: {v:?} is not an answer of {}; expected {}",
                    self.field,
                    q.id,
                    q.allowed_values()
                ),
                _ => format!(
                    "--where {}: {v:?} is not an option of {}; expected {}",
                    self.field,
                    q.id,
                    q.allowed_values()
                ),
            })
            .collect()
    }

    /// Whether an answers file passes: a question's answer (a multi answer
    /// passes when any option listed matches; a number when a condition holds;
    /// yes / no ignoring case; `na` matches "not applicable"), or a respondent
    /// field compared without regard to case or outer spaces.
    pub fn matches(&self, fw: &Framework, answers: &Answers) -> bool {
        let is = |t: &str| {
            self.conditions
                .iter()
                .any(|c| matches!(c, Condition::Is(v) if v == t || v.eq_ignore_ascii_case(t) && YesNoIdk::parse(t).is_some()))
        };
        if fw.question(&self.field).is_some() {
            if answers.not_applicable.contains_key(&self.field) {
                return is(NOT_APPLICABLE);
            }
            return match answers.answers.get(&self.field) {
                Some(AnswerValue::Text(t)) => is(t),
                Some(AnswerValue::List(ids)) => ids.iter().any(|id| is(id)),
                Some(AnswerValue::Number(n)) => self.conditions.iter().any(|c| c.holds(*n)),
                None => false,
            };
        }
        answers.respondent.get(&self.field).is_some_and(|given| {
            self.conditions.iter().any(|c| match c {
                Condition::Is(v) => v.trim().eq_ignore_ascii_case(given.trim()),
                Condition::Range { .. } => number(given).is_some_and(|n| c.holds(n)),
            })
        })
    }
}

/// One value of `FIELD=…`: a range `MIN..MAX` (either side may be left out),
/// else the value as it is.
fn range(text: &str, v: &str) -> Result<Condition, String> {
    let Some((a, b)) = v.split_once("..") else {
        return Ok(Condition::Is(v.to_string()));
    };
    let side = |s: &str| -> Result<Option<f64>, String> {
        if s.trim().is_empty() {
            return Ok(None);
        }
        number(s)
            .map(Some)
            .ok_or_else(|| format!("--where {text:?}: {s:?} in the range {v:?} is not a number"))
    };
    let (min, max) = (side(a)?, side(b)?);
    if let (Some(lo), Some(hi)) = (min, max) {
        if lo > hi {
            return Err(format!(
                "--where {text:?}: the range {v:?} runs from {} down to {}; write the smaller bound first",
                fmt_num(lo),
                fmt_num(hi)
            ));
        }
    }
    if min.is_none() && max.is_none() {
        return Err(format!(
            "--where {text:?}: the range {v:?} has no bound; write MIN..MAX, MIN.. or ..MAX"
        ));
    }
    Ok(Condition::Range {
        min,
        min_open: false,
        max,
        max_open: false,
    })
}

/// Whether a question can take this filter value (yes / no ignoring case;
/// `na`, "not applicable", for any question).
fn accepts(q: &Question, v: &str) -> bool {
    if v == NOT_APPLICABLE {
        return true;
    }
    match q.kind {
        Kind::YesNoIdk => YesNoIdk::parse(&v.to_lowercase()).is_some(),
        Kind::Number => number(v).is_some(),
        k if k.has_options() => q.option(v).is_some(),
        _ => true,
    }
}

/// Folds the cohort's scorecards into counts of exact percents.
#[derive(Debug, Clone)]
pub struct Cohort {
    total: Histogram,
    sections: Vec<Histogram>,
}

impl Cohort {
    /// An empty cohort for a framework with `sections` sections.
    pub fn new(sections: usize) -> Cohort {
        Cohort {
            total: Histogram::default(),
            sections: vec![Histogram::default(); sections],
        }
    }

    /// Adds one member's scorecard.
    pub fn add(&mut self, card: &Scorecard) {
        self.total
            .add(exact_percent(card.total.score, card.total.max).unwrap_or(0.0));
        for (h, s) in self.sections.iter_mut().zip(&card.sections) {
            if let Some(p) = exact_percent(s.score, s.max) {
                h.add(p);
            }
        }
    }

    /// How many members.
    pub fn len(&self) -> usize {
        self.total.len()
    }

    /// Whether the cohort has no member.
    pub fn is_empty(&self) -> bool {
        self.total.is_empty()
    }
}

/// The subject's place among its peers.
#[derive(Debug, Clone, Serialize)]
pub struct Benchmark {
    /// Which framework.
    pub framework: FrameworkInfo,
    /// The subject's respondent date (YYYY-MM-DD), when given: when the
    /// assessment was made, not the report.
    pub assessed_on: Option<String>,
    /// The cohort: how many and how it was chosen.
    pub cohort: CohortInfo,
    /// The total.
    pub total: Place,
    /// Each section, in framework order.
    pub sections: Vec<SectionPlace>,
}

/// How the cohort was chosen.
#[derive(Debug, Clone, Serialize)]
pub struct CohortInfo {
    /// Members (answers files of the framework that pass every filter, the subject excluded).
    pub size: usize,
    /// The filters, as written (`q5=software-and-technology`, `q10>=100`).
    pub filters: Vec<String>,
    /// The filters in the framework's words (`Your industry: Software and
    /// Technology`), in the same order.
    pub filters_labelled: Vec<String>,
    /// The smallest cohort shown.
    pub min_cohort: usize,
    /// The smallest cohort (or section) that quartiles are given for.
    pub min_for_quartiles: usize,
}

/// The subject's percent against the cohort.
#[derive(Debug, Clone, Serialize)]
pub struct Place {
    /// The subject's percent (null when nothing was scored).
    #[serde(serialize_with = "ser_round2_opt")]
    pub percent: Option<f64>,
    /// (below + equal ÷ 2) ÷ size × 100; null without a percent, or with
    /// fewer than `min_cohort` peers here.
    #[serde(serialize_with = "ser_round2_opt")]
    pub percentile: Option<f64>,
    /// Peers with a lower percent here (0 without a percent).
    pub peers_below: usize,
    /// Peers with the same percent here.
    pub peers_equal: usize,
    /// The cohort's 25th, 50th and 75th percent, each the mean of the
    /// `min_cohort` peers ranked nearest it; null below `min_for_quartiles` peers.
    #[serde(serialize_with = "ser_quartiles")]
    pub quartiles: Option<[f64; 3]>,
    /// Withheld, always null: the lowest percent is one peer's (kept for the
    /// JSON contract).
    pub min: Option<f64>,
    /// Withheld, always null: the highest percent is one peer's.
    pub max: Option<f64>,
    /// Cohort members with a percent here.
    pub size: usize,
}

fn ser_quartiles<S: serde::Serializer>(q: &Option<[f64; 3]>, s: S) -> Result<S::Ok, S::Error> {
    match q {
        Some(q) => s.collect_seq(q.iter().map(|x| crate::text::round2(*x))),
        None => s.serialize_none(),
    }
}

/// One section's place.
#[derive(Debug, Clone, Serialize)]
pub struct SectionPlace {
    /// Section id.
    pub id: String,
    /// Section title.
    pub title: String,
    /// The place.
    #[serde(flatten)]
    pub place: Place,
}

/// Percentile rank: (number below + half the number equal) ÷ cohort size × 100.
pub fn percentile_rank(below: usize, equal: usize, size: usize) -> Option<f64> {
    (size > 0).then(|| (below as f64 + equal as f64 / 2.0) / size as f64 * 100.0)
}

/// The quartile at `p` (0–1) that is no peer's own value: the mean over a
/// window `k` ranks wide centred on the type-7 position h = (n − 1)·p. The
/// window runs from rank s = h − (k − 1)/2 to s + k − 1; when s is not whole,
/// the ranks at its two ends count in part (1 − frac(s) and frac(s)), so every
/// value averages at least `k` peers, and on evenly spread values it equals
/// the type-7 quantile. At the cohort's ends the window moves inside it.
/// None when the cohort has fewer than `k` peers.
pub fn window_quantile(h: &Histogram, p: f64, k: usize) -> Option<f64> {
    let n = h.len();
    if k == 0 || n < k {
        return None;
    }
    let centre = (n - 1) as f64 * p.clamp(0.0, 1.0);
    let s = (centre - (k - 1) as f64 / 2.0).clamp(0.0, (n - k) as f64);
    let lo = s.floor() as usize;
    let f = s - lo as f64;
    let mut sum = (1.0 - f) * h.nth(lo);
    sum += (lo + 1..lo + k).map(|i| h.nth(i)).sum::<f64>();
    if f > 0.0 {
        sum += f * h.nth(lo + k);
    }
    Some(sum / k as f64)
}

fn place(h: &Histogram, percent: Option<f64>, min_cohort: usize) -> Place {
    let k = min_cohort.max(1);
    let quartiles = if h.len() >= QUARTILE_COHORTS * k {
        match (
            window_quantile(h, 0.25, k),
            window_quantile(h, 0.5, k),
            window_quantile(h, 0.75, k),
        ) {
            (Some(a), Some(b), Some(c)) => Some([a, b, c]),
            _ => None,
        }
    } else {
        None
    };
    // A section fewer than `min_cohort` peers answered (its questions were not
    // asked of the others) gives no place either: the same rule as the cohort.
    let comparable = h.len() >= k;
    let (below, equal) = match percent {
        Some(p) if comparable => h.below_and_equal(p),
        _ => (0, 0),
    };
    Place {
        percent,
        percentile: percent
            .filter(|_| comparable)
            .and_then(|_| percentile_rank(below, equal, h.len())),
        peers_below: below,
        peers_equal: equal,
        quartiles,
        min: None,
        max: None,
        size: h.len(),
    }
}

/// The subject against the cohort.
pub fn benchmark(
    fw: &Framework,
    subject: &Scorecard,
    cohort: &Cohort,
    filters: &[Filter],
    min_cohort: usize,
) -> Benchmark {
    Benchmark {
        framework: subject.framework.clone(),
        assessed_on: subject
            .respondent
            .get("date")
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty()),
        cohort: CohortInfo {
            size: cohort.len(),
            filters: filters.iter().map(Filter::shown).collect(),
            filters_labelled: filters.iter().map(|f| f.labelled(fw)).collect(),
            min_cohort,
            min_for_quartiles: QUARTILE_COHORTS * min_cohort.max(1),
        },
        total: place(
            &cohort.total,
            exact_percent(subject.total.score, subject.total.max).or(Some(0.0)),
            min_cohort,
        ),
        sections: fw
            .sections
            .iter()
            .zip(&subject.sections)
            .zip(&cohort.sections)
            .map(|((s, mine), h)| SectionPlace {
                id: s.id.clone(),
                title: s.title.clone(),
                place: place(h, exact_percent(mine.score, mine.max), min_cohort),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests;
