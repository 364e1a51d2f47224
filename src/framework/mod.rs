//! Frameworks: the model of a maturity assessment, and how to find, load and validate one.

mod embedded;
pub mod load;
mod validate;

pub use embedded::{EMBEDDED, embedded};
pub use load::{Catalog, LoadedFramework, parse_framework};
pub use validate::validate;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::answers::AnswerValue;

/// A maturity assessment: sections of questions, the bands that read the
/// total, and example answer sets that test the file itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Kebab-case identifier, used on the command line and in answers files.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Version of this framework file (answers record it).
    pub version: String,
    /// What the framework measures.
    pub description: String,
    /// Where the content comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Roughly how many minutes the interview takes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    /// Whether band ranges are in points or in percent of the maximum.
    #[serde(default)]
    pub band_basis: BandBasis,
    /// The sections, in the order they are asked.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Bands that read the overall total.
    #[serde(default)]
    pub bands: Vec<Band>,
    /// Example answer sets with the total and band they must produce.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
}

/// Attribution of a framework's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Name of the source document.
    pub title: String,
    /// Who published it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Where to find it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// What was adapted or designed here rather than taken from the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// Whether band ranges are expressed in points or in percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BandBasis {
    /// Ranges are on the score in points.
    #[default]
    Points,
    /// Ranges are on the score as a percentage of the maximum (0–100).
    Percent,
}

/// A themed group of questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Identifier, unique within the framework.
    pub id: String,
    /// Human title.
    pub title: String,
    /// What the section evaluates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective: Option<String>,
    /// The questions, in the order they are asked.
    #[serde(default)]
    pub questions: Vec<Question>,
    /// Optional bands that read this section's score.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<Band>,
}

/// The six kinds of question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Yes / No / I don't know.
    YesNoIdk,
    /// Ordered lanes, from least to most mature.
    Level,
    /// One option among several.
    Single,
    /// Any number of options.
    Multi,
    /// A number, optionally bounded and scored by thresholds.
    Number,
    /// Free text.
    Text,
}

impl Kind {
    /// The name used in framework files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Kind::YesNoIdk => "yes_no_idk",
            Kind::Level => "level",
            Kind::Single => "single",
            Kind::Multi => "multi",
            Kind::Number => "number",
            Kind::Text => "text",
        }
    }

    /// Whether answers pick among the question's options.
    pub fn has_options(self) -> bool {
        matches!(self, Kind::Level | Kind::Single | Kind::Multi)
    }
}

/// Free-text formats that are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TextFormat {
    /// An e-mail address.
    Email,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Identifier, unique within the framework; the key in answers files.
    pub id: String,
    /// The question as asked.
    pub text: String,
    /// What kind of answer it takes.
    pub kind: Kind,
    /// Definitions, formulas or context shown with the question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Points for "yes" (yes_no_idk only); 1 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
    /// Whether the answer counts toward the score. Defaults to true, except
    /// for number and text questions without thresholds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scored: Option<bool>,
    /// Lanes (level) or options (single, multi).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<AnswerOption>,
    /// Multi: the fewest points the question can give.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_points: Option<f64>,
    /// Multi: the most points the question can give.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_points: Option<f64>,
    /// Number: smallest accepted value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Number: largest accepted value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Number: the unit, shown with the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Number: points by value; a value scores the points of the highest threshold it reaches.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub thresholds: Vec<Threshold>,
    /// Text: a format the answer must have.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<TextFormat>,
    /// Ask only when an earlier answer has one of the given values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<When>,
    /// What to do when the answer falls short of the best.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<String>,
}

/// A lane of a level question, or an option of a choice question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerOption {
    /// Identifier, unique within the question; the value in answers files.
    pub id: String,
    /// Short label.
    pub label: String,
    /// What choosing it means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Points it is worth.
    #[serde(default)]
    pub points: f64,
    /// Multi: choosing it excludes every other option ("we don't do any of these").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exclusive: bool,
    /// How to reach this option from a lesser one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<String>,
}

/// Number scoring: values at or above `min` score `points`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// The lowest value that earns these points.
    pub min: f64,
    /// The points earned.
    pub points: f64,
    /// A name for the step, shown in recommendations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// A condition on an earlier answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct When {
    /// The earlier question's id.
    pub question: String,
    /// The answer value(s) that make this question asked.
    pub is: OneOrMany,
}

/// A string or a list of strings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum OneOrMany {
    /// A single value.
    One(String),
    /// Any of several values.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The values as a slice.
    pub fn values(&self) -> &[String] {
        match self {
            OneOrMany::One(s) => std::slice::from_ref(s),
            OneOrMany::Many(v) => v,
        }
    }
}

/// A range of the score with its meaning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Lowest score in the band.
    pub min: f64,
    /// Highest score in the band.
    pub max: f64,
    /// Short name, e.g. "27–30 points".
    pub label: String,
    /// What the band means and what to do.
    pub text: String,
}

/// An example answer set and the result it must give.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// Short name, e.g. "early-stage".
    pub name: String,
    /// Who this example describes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Expected total score in points.
    pub score: f64,
    /// Expected overall band label.
    pub band: String,
    /// The answers, keyed by question id.
    #[serde(default)]
    pub answers: BTreeMap<String, AnswerValue>,
}

impl Framework {
    /// Every question with its section, in the order they are asked.
    pub fn questions(&self) -> impl Iterator<Item = (&Section, &Question)> {
        self.sections
            .iter()
            .flat_map(|s| s.questions.iter().map(move |q| (s, q)))
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions().map(|(_, q)| q).find(|q| q.id == id)
    }

    /// Number of questions.
    pub fn question_count(&self) -> usize {
        self.sections.iter().map(|s| s.questions.len()).sum()
    }
}

impl Question {
    /// Whether the answer counts toward the score.
    pub fn is_scored(&self) -> bool {
        self.scored.unwrap_or(match self.kind {
            Kind::Number => !self.thresholds.is_empty(),
            Kind::Text => false,
            _ => true,
        })
    }

    /// Points for "yes".
    pub fn yes_points(&self) -> f64 {
        self.points.unwrap_or(1.0)
    }

    /// The option with this id.
    pub fn option(&self, id: &str) -> Option<&AnswerOption> {
        self.options.iter().find(|o| o.id == id)
    }

    /// The values an answer may take, for messages and templates.
    pub fn allowed_values(&self) -> String {
        match self.kind {
            Kind::YesNoIdk => "\"yes\", \"no\" or \"idk\"".to_string(),
            Kind::Level | Kind::Single => one_of(&self.options),
            Kind::Multi => format!("a list of any of {}", one_of(&self.options)),
            Kind::Number => match (self.min, self.max) {
                (Some(a), Some(b)) => format!(
                    "a number from {} to {}",
                    crate::fmt_num(a),
                    crate::fmt_num(b)
                ),
                (Some(a), None) => format!("a number of at least {}", crate::fmt_num(a)),
                (None, Some(b)) => format!("a number of at most {}", crate::fmt_num(b)),
                (None, None) => "a number".to_string(),
            },
            Kind::Text => match self.format {
                Some(TextFormat::Email) => "an e-mail address".to_string(),
                None => "any text".to_string(),
            },
        }
    }
}

fn one_of(options: &[AnswerOption]) -> String {
    let ids: Vec<String> = options.iter().map(|o| format!("\"{}\"", o.id)).collect();
    match ids.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {}", rest.join(", "), last),
        Some((last, _)) => last.clone(),
        None => "nothing (the question has no options)".to_string(),
    }
}
