//! Which answers about the key metrics the data contradicts: "we cannot
//! produce NRR" while these files produce it, or "we can" while the files
//! given cannot. The questions are found by id in the answers' framework
//! (Certinia's Key Metrics section), never by their text.

use super::compute::{InputKind, MetricId, Outcome, Report};
use crate::framework::model::{Answers, Framework, YesNoIdk};

/// What a key-metric question asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asks {
    /// A metric computed here.
    Metric(MetricId),
    /// Something computed elsewhere; why it is not judged here.
    Elsewhere(&'static str),
}

/// The key-metric questions by id, and what each asks about.
pub const QUESTIONS: [(&str, Asks); 9] = [
    ("metrics.nrr", Asks::Metric(MetricId::Nrr)),
    ("metrics.nps", Asks::Metric(MetricId::Nps)),
    (
        "metrics.chs",
        Asks::Elsewhere(
            "the customer health score comes from `health score`, not from these files",
        ),
    ),
    ("metrics.clv", Asks::Metric(MetricId::Ltv)),
    ("metrics.retention", Asks::Metric(MetricId::LogoRetention)),
    ("metrics.attachment", Asks::Metric(MetricId::AttachmentRate)),
    ("metrics.csat", Asks::Metric(MetricId::Csat)),
    ("metrics.ttv", Asks::Metric(MetricId::TimeToValue)),
    ("metrics.cts", Asks::Metric(MetricId::CostPerAccount)),
];

/// What the data says about whether a metric can be produced.
#[derive(Debug, Clone, PartialEq)]
pub enum DataSays {
    /// These files produce it (or define it, with a value left undetermined).
    Produced,
    /// The files given cannot produce it; why.
    Cannot(String),
    /// Its input was not given; which.
    NoInput(String),
    /// It is not computed here; why.
    Elsewhere(String),
}

/// How an answer stands against the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The data agrees with the answer.
    Agrees,
    /// The data contradicts the answer.
    Contradicted,
    /// "I don't know" (or no answer), and the data answers it.
    Answerable,
    /// The data given does not speak to it.
    NotShown,
    /// Not judged here (computed elsewhere).
    NotJudged,
}

impl Verdict {
    /// Its name in JSON and CSV.
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Agrees => "agrees",
            Verdict::Contradicted => "contradicted",
            Verdict::Answerable => "answerable",
            Verdict::NotShown => "not_shown",
            Verdict::NotJudged => "not_judged",
        }
    }
}

/// One key-metric question checked against the data.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// The question id.
    pub question: String,
    /// The question as the framework asks it.
    pub text: String,
    /// The answer given (`None`: not answered).
    pub answer: Option<YesNoIdk>,
    /// The metric it asks about, when computed here.
    pub metric: Option<MetricId>,
    /// What the data says.
    pub data: DataSays,
    /// How the answer stands.
    pub verdict: Verdict,
}

/// Every key-metric question of a framework checked against the data.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswersCheck {
    /// The framework's id.
    pub framework: String,
    /// The answers file, as named.
    pub file: String,
    /// One per key-metric question the framework has, in its order.
    pub questions: Vec<Checked>,
}

impl AnswersCheck {
    /// How many answers the data contradicts.
    pub fn contradicted(&self) -> usize {
        self.questions
            .iter()
            .filter(|q| q.verdict == Verdict::Contradicted)
            .count()
    }
}

/// Whether a framework has any key-metric question.
pub fn has_key_metrics(fw: &Framework) -> bool {
    QUESTIONS.iter().any(|(id, _)| fw.question(id).is_some())
}

fn data_says(asks: Asks, report: &Report) -> DataSays {
    let id = match asks {
        Asks::Elsewhere(why) => return DataSays::Elsewhere(why.to_string()),
        Asks::Metric(id) => id,
    };
    if id == MetricId::Ltv {
        // Certinia's CLV is net of the cost to serve: revenue alone does not show it.
        if !report.sources.iter().any(|(k, _)| *k == InputKind::Costs) {
            return DataSays::NoInput(
                "lifetime value net of the cost to serve needs costs (--costs)".into(),
            );
        }
        if let Some(Outcome::Value(v)) = report.overall.get(id) {
            let net = v
                .parts
                .iter()
                .any(|(k, x)| *k == "includes_cost_to_serve" && *x > 0.0);
            if !net {
                let why = report
                    .overall
                    .get(MetricId::CostPerAccount)
                    .and_then(Outcome::why)
                    .unwrap_or("");
                return DataSays::Cannot(format!(
                    "only a revenue LTV: the cost to serve is not computable ({why})"
                ));
            }
        }
    }
    match report.overall.get(id) {
        Some(Outcome::Value(_) | Outcome::Undetermined(_)) => DataSays::Produced,
        Some(Outcome::NotComputable(why)) => DataSays::Cannot(why.clone()),
        Some(Outcome::Missing(why)) => DataSays::NoInput(why.clone()),
        None => DataSays::Cannot("not computed".into()),
    }
}

fn verdict(answer: Option<YesNoIdk>, data: &DataSays) -> Verdict {
    match (answer, data) {
        (_, DataSays::Elsewhere(_)) => Verdict::NotJudged,
        (_, DataSays::NoInput(_)) => Verdict::NotShown,
        (Some(YesNoIdk::Yes), DataSays::Produced) | (Some(YesNoIdk::No), DataSays::Cannot(_)) => {
            Verdict::Agrees
        }
        (Some(YesNoIdk::Yes), DataSays::Cannot(_)) | (Some(YesNoIdk::No), DataSays::Produced) => {
            Verdict::Contradicted
        }
        (Some(YesNoIdk::Idk) | None, _) => Verdict::Answerable,
    }
}

/// Checks the answers to a framework's key-metric questions against the report.
pub fn check(fw: &Framework, answers: &Answers, file: &str, report: &Report) -> AnswersCheck {
    let questions = fw
        .questions()
        .filter_map(|(_, q)| {
            let (_, asks) = QUESTIONS.iter().find(|(id, _)| *id == q.id)?;
            let answer = answers.answers.get(&q.id).and_then(|a| a.yes_no_idk());
            let data = data_says(*asks, report);
            Some(Checked {
                question: q.id.clone(),
                text: q.text.clone(),
                answer,
                metric: match asks {
                    Asks::Metric(id) => Some(*id),
                    Asks::Elsewhere(_) => None,
                },
                verdict: verdict(answer, &data),
                data,
            })
        })
        .collect();
    AnswersCheck {
        framework: fw.id.clone(),
        file: file.to_string(),
        questions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pairing_of_answer_and_data() {
        let produced = DataSays::Produced;
        let cannot = DataSays::Cannot("no product column".into());
        let none = DataSays::NoInput("no ledger".into());
        assert_eq!(
            verdict(Some(YesNoIdk::No), &produced),
            Verdict::Contradicted
        );
        assert_eq!(verdict(Some(YesNoIdk::Yes), &cannot), Verdict::Contradicted);
        assert_eq!(verdict(Some(YesNoIdk::Yes), &produced), Verdict::Agrees);
        assert_eq!(verdict(Some(YesNoIdk::No), &cannot), Verdict::Agrees);
        assert_eq!(verdict(Some(YesNoIdk::Yes), &none), Verdict::NotShown);
        assert_eq!(verdict(Some(YesNoIdk::No), &none), Verdict::NotShown);
        assert_eq!(verdict(Some(YesNoIdk::Idk), &produced), Verdict::Answerable);
        assert_eq!(verdict(None, &cannot), Verdict::Answerable);
        assert_eq!(
            verdict(Some(YesNoIdk::Yes), &DataSays::Elsewhere("x".into())),
            Verdict::NotJudged
        );
    }

    #[test]
    fn the_certinia_framework_asks_every_key_metric_question_by_these_ids() {
        let source = include_str!("../../frameworks/certinia.toml");
        let fw = crate::framework::load::parse_framework("certinia.toml", source);
        let fw = fw.unwrap_or_else(|d| panic!("{d}"));
        for (id, _) in QUESTIONS {
            assert!(fw.question(id).is_some(), "certinia has no question {id}");
        }
        assert!(has_key_metrics(&fw));
    }
}
