//! A place among peers: the subject's percent per section against a cohort of
//! answers files of the same framework, as a percentile rank and the cohort's
//! quartiles. Pure: no I/O. The cohort is folded into histograms, so no cohort
//! member's scorecard is kept, and no output names one.

use serde::Serialize;

use crate::answers::{AnswerValue, Answers, NOT_APPLICABLE};
use crate::framework::Framework;
use crate::scoring::{FrameworkInfo, Scorecard, round2};
use crate::team::Histogram;

/// The smallest cohort shown by default.
pub const MIN_COHORT: usize = 5;

/// `--where FIELD=VALUE[,VALUE]`: keep answers files whose FIELD (a question
/// id, or else a respondent field) has one of the values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// A question id or a respondent field.
    pub field: String,
    /// Any of these values matches.
    pub values: Vec<String>,
}

impl Filter {
    /// Parses `FIELD=VALUE[,VALUE…]`.
    pub fn parse(text: &str) -> Result<Filter, String> {
        let Some((field, values)) = text.split_once('=') else {
            return Err(format!(
                "--where {text:?}: expected FIELD=VALUE, e.g. q5=software-and-technology or role=VP"
            ));
        };
        let field = field.trim();
        let values: Vec<String> = values
            .split(',')
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect();
        if field.is_empty() || values.is_empty() {
            return Err(format!(
                "--where {text:?}: expected FIELD=VALUE with a field name and at least one value"
            ));
        }
        Ok(Filter {
            field: field.to_string(),
            values,
        })
    }

    /// The filter as written, `FIELD=V1,V2`.
    pub fn shown(&self) -> String {
        format!("{}={}", self.field, self.values.join(","))
    }

    /// Problems with the filter's values for this framework (an option id that
    /// does not exist), for an error before the cohort is read.
    pub fn problems(&self, fw: &Framework) -> Vec<String> {
        let Some(q) = fw.question(&self.field) else {
            return Vec::new();
        };
        if !q.kind.has_options() {
            return Vec::new();
        }
        self.values
            .iter()
            .filter(|v| q.option(v).is_none() && *v != NOT_APPLICABLE)
            .map(|v| {
                format!(
                    "--where {}: {v:?} is not an option of {}; expected {}",
                    self.field,
                    q.id,
                    q.allowed_values()
                )
            })
            .collect()
    }

    /// Whether an answers file passes: a question's answer (a multi answer
    /// passes when any option listed matches; a number when it equals a value;
    /// `na` matches "not applicable"), or a respondent field compared without
    /// regard to case or outer spaces.
    pub fn matches(&self, fw: &Framework, answers: &Answers) -> bool {
        if fw.question(&self.field).is_some() {
            if answers.not_applicable.contains_key(&self.field) {
                return self.values.iter().any(|v| v == NOT_APPLICABLE);
            }
            return match answers.answers.get(&self.field) {
                Some(AnswerValue::Text(t)) => self.values.contains(t),
                Some(AnswerValue::List(ids)) => ids.iter().any(|id| self.values.contains(id)),
                Some(AnswerValue::Number(n)) => self
                    .values
                    .iter()
                    .any(|v| v.parse::<f64>().is_ok_and(|x| (x - n).abs() < 1e-9)),
                None => false,
            };
        }
        answers.respondent.get(&self.field).is_some_and(|given| {
            self.values
                .iter()
                .any(|v| v.trim().eq_ignore_ascii_case(given.trim()))
        })
    }
}

/// Folds the cohort's scorecards into histograms of percents.
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
        self.total.add(card.total.percent);
        for (h, s) in self.sections.iter_mut().zip(&card.sections) {
            if let Some(p) = s.percent {
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
    /// The filters, as written (`q5=software-and-technology`).
    pub filters: Vec<String>,
    /// The smallest cohort shown.
    pub min_cohort: usize,
}

/// The subject's percent against the cohort.
#[derive(Debug, Clone, Serialize)]
pub struct Place {
    /// The subject's percent (null when nothing was scored).
    pub percent: Option<f64>,
    /// (below + equal ÷ 2) ÷ size × 100; null without a percent or a cohort.
    pub percentile: Option<f64>,
    /// The cohort's 25th, 50th and 75th percent (type 7 interpolation).
    pub quartiles: Option<[f64; 3]>,
    /// The cohort's lowest and highest percent.
    pub min: Option<f64>,
    /// The cohort's highest percent.
    pub max: Option<f64>,
    /// Cohort members with a percent here.
    pub size: usize,
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
    (size > 0).then(|| round2((below as f64 + equal as f64 / 2.0) / size as f64 * 100.0))
}

fn place(h: &Histogram, percent: Option<f64>) -> Place {
    let quartiles = match (h.quantile(0.25), h.quantile(0.5), h.quantile(0.75)) {
        (Some(a), Some(b), Some(c)) => Some([a, b, c]),
        _ => None,
    };
    let stats = h.stats();
    Place {
        percent,
        percentile: percent.and_then(|p| {
            let (below, equal) = h.below_and_equal(p);
            percentile_rank(below, equal, h.len())
        }),
        quartiles,
        min: stats.min,
        max: stats.max,
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
        cohort: CohortInfo {
            size: cohort.len(),
            filters: filters.iter().map(Filter::shown).collect(),
            min_cohort,
        },
        total: place(&cohort.total, Some(subject.total.percent)),
        sections: fw
            .sections
            .iter()
            .zip(&subject.sections)
            .zip(&cohort.sections)
            .map(|((s, mine), h)| SectionPlace {
                id: s.id.clone(),
                title: s.title.clone(),
                place: place(h, mine.percent),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hist(values: &[f64]) -> Histogram {
        let mut h = Histogram::default();
        for v in values {
            h.add(*v);
        }
        h
    }

    #[test]
    fn percentile_rank_counts_half_the_ties() {
        let h = hist(&[10.0, 20.0, 30.0, 40.0]);
        // 30: 2 below, 1 equal → 2.5 / 4.
        assert_eq!(place(&h, Some(30.0)).percentile, Some(62.5));
        // Ties: 20, 20, 20, 40 and a subject at 20 → 1.5 / 4.
        assert_eq!(
            place(&hist(&[20.0, 20.0, 20.0, 40.0]), Some(20.0)).percentile,
            Some(37.5)
        );
        // At the bottom and the top.
        assert_eq!(place(&h, Some(5.0)).percentile, Some(0.0));
        assert_eq!(place(&h, Some(50.0)).percentile, Some(100.0));
        assert_eq!(place(&h, Some(10.0)).percentile, Some(12.5));
        assert_eq!(place(&h, None).percentile, None);
    }

    #[test]
    fn quartiles_interpolate_between_closest_ranks() {
        let h = hist(&[10.0, 20.0, 30.0, 40.0]);
        // h = 3p: 0.75 → 17.5, 1.5 → 25, 2.25 → 32.5.
        assert_eq!(place(&h, None).quartiles, Some([17.5, 25.0, 32.5]));
        let h = hist(&[50.0, 10.0, 30.0, 20.0, 40.0]);
        assert_eq!(place(&h, None).quartiles, Some([20.0, 30.0, 40.0]));
        assert_eq!(place(&hist(&[]), None).quartiles, None);
        assert_eq!(
            place(&hist(&[42.5]), None).quartiles,
            Some([42.5, 42.5, 42.5])
        );
    }

    #[test]
    fn filters_parse_and_match_answers_and_respondent_fields() -> Result<(), String> {
        let f = Filter::parse("q7=10m-50m, 50m-100m")?;
        assert_eq!(f.values, ["10m-50m", "50m-100m"]);
        assert_eq!(f.shown(), "q7=10m-50m,50m-100m");
        assert!(Filter::parse("q7").is_err());
        assert!(Filter::parse("=x").is_err());
        let fw = crate::framework::Catalog::default()
            .load("cspi", None)
            .map_err(|e| e.to_string())?
            .framework;
        let mut a = Answers::default();
        a.answers
            .insert("q7".into(), AnswerValue::Text("50m-100m".into()));
        a.respondent.insert("role".into(), " VP ".into());
        assert!(f.matches(&fw, &a));
        assert!(Filter::parse("role=vp")?.matches(&fw, &a));
        assert!(!Filter::parse("q5=education")?.matches(&fw, &a));
        a.not_applicable
            .insert("q29".into(), "Partners do it all".into());
        assert!(Filter::parse("q29=na")?.matches(&fw, &a));
        assert!(!Filter::parse("q29=csms")?.matches(&fw, &a));
        assert!(Filter::parse("q29=na")?.problems(&fw).is_empty());
        assert_eq!(
            Filter::parse("q7=10M-50M")?.problems(&fw),
            [
                "--where q7: \"10M-50M\" is not an option of q7; expected \"over-1b\", \"500m-1b\", \"100m-500m\", \"50m-100m\", \"10m-50m\", \"1m-10m\" or \"under-1m\""
            ]
        );
        Ok(())
    }
}
