//! The model: a maturity assessment (sections, questions, lanes and options,
//! bands, examples) and the answers given to one. Plain data with the rules
//! that follow from the data alone (what a question is worth, which values it
//! accepts); nothing here reads files or talks to a terminal.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::text::{EPS, fmt_num, round2};

/// A framework with the text it came from, for pointing at problems.
#[derive(Debug, Clone)]
pub struct LoadedFramework {
    /// The parsed framework.
    pub framework: Framework,
    /// How its file is named in messages (`cx63.toml (built in)` for embedded ones).
    pub path: String,
    /// The file's text.
    pub source: String,
}

/// A maturity assessment: sections of questions, the bands that read the
/// total, and example answer sets that test the file itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
// `sections` has a serde default so that validation, not the parser, says a
// framework without sections needs one; the schema requires it outright.
#[schemars(extend("required" = ["id", "title", "version", "description", "sections"]))]
pub struct Framework {
    /// Kebab-case identifier, used on the command line and in answers files.
    #[schemars(pattern(r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: String,
    /// Human title.
    pub title: String,
    /// Version of this framework file (answers record it), as semver: MAJOR.MINOR.PATCH.
    #[schemars(pattern(
        r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$"
    ))]
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
    /// Whether a question may be answered "not applicable" (with a reason),
    /// unless its section or the question itself says otherwise; true when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_applicable: Option<bool>,
    /// The sections, in the order they are asked.
    #[serde(default)]
    #[schemars(length(min = 1))]
    pub sections: Vec<Section>,
    /// Bands that read the overall total.
    #[serde(default)]
    pub bands: Vec<Band>,
    /// Rules that hold the overall band down while an answer contradicts what
    /// a higher band claims (an "Advanced" program with a pillar at None).
    /// Only on bands that are cs-scorecard's: the source's bands stay the source's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub band_caps: Vec<BandCap>,
    /// Section ids in the order the source says to work through them (the
    /// scoring playbook's sequence): the roadmap follows it, then the gain.
    /// A band's own `priorities` come first where it states some.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub priorities: Vec<String>,
    /// Example answer sets with the total and band they must produce.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
}

/// A condition on the answers: a question answered with one of `is`, or a
/// section whose percent is below `below`. Exactly one of the two forms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// A question id: holds when the question is asked and answered with one
    /// of `is` (a multi answer: with any of them ticked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// The answers that make the condition hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is: Option<OneOrMany>,
    /// A section id: holds when the section's percent is below `below`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The percent (0–100) the section must reach for the condition not to hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below: Option<f64>,
}

/// While any of `when_any` holds, the overall band is read no higher than
/// `at_most`, and the report says why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BandCap {
    /// The label of the highest band allowed.
    pub at_most: String,
    /// The conditions, any of which holds the band down.
    pub when_any: Vec<Condition>,
    /// Why, as the report says it.
    pub reason: String,
}

/// A sentence of a band's text shown only when the answers bear it out (any
/// of `when_any` and all of `when_all`), so the band says nothing the answers
/// contradict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BandSentence {
    /// Conditions any of which shows the sentence (none listed: no such test).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub when_any: Vec<Condition>,
    /// Conditions all of which must hold (none listed: no such test).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub when_all: Vec<Condition>,
    /// The sentence, appended to the band's text.
    pub text: String,
}

/// While any of `when_any` holds, a question scores at most `max_points`:
/// an earlier, structural answer rules out the rest (operations functions
/// without operations roles). The report says why and advises lifting it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PointsCap {
    /// The conditions, any of which caps the question.
    pub when_any: Vec<Condition>,
    /// The most points the question gives while capped.
    pub max_points: f64,
    /// Why, and what lifts the cap: the roadmap's advice for the question.
    pub reason: String,
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
    /// Text fields cs-scorecard wrote rather than took from the source
    /// (`["title", "objective"]`), so reports can say whose words they are.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ours: Vec<String>,
    /// Whether the section's questions may be answered "not applicable",
    /// unless a question says otherwise; the framework's setting when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_applicable: Option<bool>,
    /// The questions, in the order they are asked.
    #[serde(default)]
    #[schemars(length(min = 1))]
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
    /// Caps on the points while an earlier answer rules the rest out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caps: Vec<PointsCap>,
    /// What to do when the answer falls short of the best.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<String>,
    /// How to find out, when the answer is "I don't know": who would know,
    /// what to look at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub find_out: Option<String>,
    /// Text: filled from this respondent field (`name`, `organization`,
    /// `role`) instead of being asked again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub respondent: Option<String>,
    /// Number: only whole numbers are accepted (counts of customers, CSMs).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub whole: bool,
    /// Whether the question may be answered "not applicable" (with a reason);
    /// the section's, else the framework's setting when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_applicable: Option<bool>,
    /// Text fields cs-scorecard wrote rather than took from the source
    /// (`["text"]`, `["recommendation"]`, `["not_applicable"]` when the
    /// question's `not_applicable` setting is cs-scorecard's, not the source's).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ours: Vec<String>,
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
    /// Multi: a practice the framework counts but does not recommend as a next
    /// step (it treats it as weak, e.g. gut-feel metrics); never suggested.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub weak: bool,
    /// Whether cs-scorecard wrote this lane or option (label and description)
    /// rather than the source.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ours: bool,
    /// How to reach this option from a lesser one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<String>,
    /// Multi: one of the question's essential practices: while none of them
    /// is ticked, the roadmap advises the first, even at full marks (a
    /// measure of ROI among ways to validate customer success).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub essential: bool,
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
    /// What a question not asked counts for: nothing (`out_of_scope`, the
    /// default: it leaves the maximum) or 0 of its points (`zero`: the earlier
    /// answer puts them out of reach, as not segmenting does the uses of segments).
    #[serde(default, skip_serializing_if = "Otherwise::is_default")]
    pub otherwise: Otherwise,
}

/// What a question not asked counts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Otherwise {
    /// Nothing: the question leaves the maximum.
    #[default]
    OutOfScope,
    /// 0 of its points: the maximum keeps them.
    Zero,
}

impl Otherwise {
    fn is_default(&self) -> bool {
        *self == Otherwise::OutOfScope
    }
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
    /// Whether cs-scorecard wrote this band (range, label and text) rather
    /// than the source.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ours: bool,
    /// Sentences shown only when the answers bear them out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sentences: Vec<BandSentence>,
    /// Section ids the band's text names as the first to work on, in its
    /// order: the roadmap starts with them, then the gain.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub priorities: Vec<String>,
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
    /// The answers, keyed by question id: read by the same reader as answers
    /// files (framework loading fills it in), so dotted keys and nested tables work.
    #[serde(default, deserialize_with = "read_elsewhere")]
    #[schemars(with = "BTreeMap<String, AnswerValue>")]
    pub answers: BTreeMap<String, AnswerValue>,
    /// Questions that do not apply, keyed by question id, with the reason:
    /// read by the answers reader, as `answers` is.
    #[serde(
        default,
        deserialize_with = "read_elsewhere",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    #[schemars(with = "BTreeMap<String, String>")]
    pub not_applicable: BTreeMap<String, String>,
}

/// Accepts any value and leaves the field empty: the field is read by another
/// reader from the same document.
fn read_elsewhere<'de, D: Deserializer<'de>, T>(d: D) -> Result<BTreeMap<String, T>, D::Error> {
    de::IgnoredAny::deserialize(d)?;
    Ok(BTreeMap::new())
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

    /// The highest total the framework can give (every conditional question asked).
    pub fn max_points(&self) -> f64 {
        round2(self.questions().map(|(_, q)| q.max_points()).sum())
    }

    /// Number of questions.
    pub fn question_count(&self) -> usize {
        self.sections.iter().map(|s| s.questions.len()).sum()
    }

    /// The questions counted the one way every view counts them: all of them,
    /// the follow-ups among them, and those that carry points.
    pub fn question_counts(&self) -> QuestionCount {
        let mut count = QuestionCount::default();
        for (_, q) in self.questions() {
            count.total += 1;
            count.follow_ups += usize::from(q.when.is_some());
            count.scored += usize::from(q.is_scored());
        }
        count
    }

    /// The section holding a question.
    pub fn section_of(&self, question_id: &str) -> Option<&Section> {
        self.questions()
            .find(|(_, q)| q.id == question_id)
            .map(|(s, _)| s)
    }

    /// The section with this id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// Whether a question of a section may be answered "not applicable": the
    /// question's setting, else its section's, else the framework's, else yes.
    pub fn allows_not_applicable(&self, section: &Section, q: &Question) -> bool {
        q.not_applicable
            .or(section.not_applicable)
            .or(self.not_applicable)
            .unwrap_or(true)
    }

    /// Whether the question with this id may be answered "not applicable"
    /// (false for an unknown id).
    pub fn question_allows_not_applicable(&self, question_id: &str) -> bool {
        self.questions()
            .find(|(_, q)| q.id == question_id)
            .is_some_and(|(s, q)| self.allows_not_applicable(s, q))
    }
}

impl Question {
    /// The best points the question can give (0 when not scored).
    pub fn max_points(&self) -> f64 {
        if !self.is_scored() {
            return 0.0;
        }
        let best_option = || self.options.iter().map(|o| o.points).fold(0.0, f64::max);
        match self.kind {
            Kind::YesNoIdk => self.yes_points(),
            Kind::Level | Kind::Single => best_option(),
            Kind::Multi => {
                let together: f64 = self
                    .options
                    .iter()
                    .filter(|o| !o.exclusive && o.points > 0.0)
                    .map(|o| o.points)
                    .sum();
                let alone = self
                    .options
                    .iter()
                    .filter(|o| o.exclusive)
                    .map(|o| o.points)
                    .fold(0.0, f64::max);
                self.clamp_multi(together.max(alone))
            }
            Kind::Number => self.thresholds.iter().map(|t| t.points).fold(0.0, f64::max),
            Kind::Text => 0.0,
        }
    }

    /// Multi: points held within `min_points` and `max_points`.
    pub fn clamp_multi(&self, points: f64) -> f64 {
        let mut p = points;
        if let Some(max) = self.max_points {
            p = p.min(max);
        }
        if let Some(min) = self.min_points {
            p = p.max(min);
        }
        p
    }

    /// The points an answer earns (0 for an invalid or unscored answer).
    pub fn points_for(&self, answer: Option<&AnswerValue>) -> f64 {
        if !self.is_scored() {
            return 0.0;
        }
        match (self.kind, answer) {
            (Kind::YesNoIdk, Some(a)) if a.yes_no_idk() == Some(YesNoIdk::Yes) => self.yes_points(),
            (Kind::Level | Kind::Single, Some(AnswerValue::Text(t))) => {
                self.option(t).map_or(0.0, |o| o.points)
            }
            (Kind::Multi, Some(AnswerValue::List(ids))) => {
                let sum: f64 = ids
                    .iter()
                    .filter_map(|id| self.option(id))
                    .map(|o| o.points)
                    .sum();
                self.clamp_multi(sum)
            }
            (Kind::Number, Some(AnswerValue::Number(n))) => self
                .thresholds
                .iter()
                .filter(|t| *n + EPS >= t.min)
                .map(|t| t.points)
                .fold(0.0, f64::max),
            _ => 0.0,
        }
    }

    /// Why an answer is not valid for this question, or `None` when it is.
    pub fn invalid_reason(&self, value: &AnswerValue) -> Option<String> {
        invalid_reason(self, value)
    }

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
                (Some(a), Some(b)) => format!("a number from {} to {}", fmt_num(a), fmt_num(b)),
                (Some(a), None) => format!("a number of at least {}", fmt_num(a)),
                (None, Some(b)) => format!("a number of at most {}", fmt_num(b)),
                (None, None) => "a number".to_string(),
            }
            .replacen(
                "a number",
                if self.whole {
                    "a whole number"
                } else {
                    "a number"
                },
                1,
            ),
            Kind::Text => match self.format {
                Some(TextFormat::Email) => "an e-mail address".to_string(),
                None => "any text".to_string(),
            },
        }
    }
}

/// How many questions a framework has, in the one definition `list`,
/// `show`, the interview, the form and the README share: every question,
/// the follow-ups among them (asked only after some answers, `when`), and
/// those that carry points.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct QuestionCount {
    /// Every question of the framework.
    pub total: usize,
    /// Questions asked only after some answers to an earlier one.
    pub follow_ups: usize,
    /// Questions that carry points.
    pub scored: usize,
}

impl QuestionCount {
    /// The count in words, to stand before " in N sections" or " · about
    /// N minutes": `33 questions (30 scored; 1 follow-up, asked only after
    /// some answers)`, `5 questions (3 scored)`, and `11 questions` when every
    /// question is scored and none is a follow-up.
    pub fn describe(&self) -> String {
        let total = crate::text::plural(self.total, "question", "questions");
        let scored = format!("{} scored", self.scored);
        match (self.follow_ups, self.scored == self.total) {
            (0, true) => total,
            (0, false) => format!("{total} ({scored})"),
            (n, _) => format!(
                "{total} ({scored}; {}, asked only after some answers)",
                crate::text::plural(n, "follow-up", "follow-ups")
            ),
        }
    }
}

fn one_of(options: &[AnswerOption]) -> String {
    let ids: Vec<String> = options.iter().map(|o| format!("\"{}\"", o.id)).collect();
    if ids.is_empty() {
        return "nothing (the question has no options)".to_string();
    }
    crate::text::join_or(&ids)
}

/// One answer: a string (yes_no_idk, level, single, text), a number, or a list (multi).
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerValue {
    /// "yes" / "no" / "idk", a lane or option id, or free text.
    Text(String),
    /// A number.
    Number(f64),
    /// Option ids of a multi question.
    List(Vec<String>),
}

impl Serialize for AnswerValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            AnswerValue::Text(t) => s.serialize_str(t),
            AnswerValue::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => {
                s.serialize_i64(*n as i64)
            }
            AnswerValue::Number(n) => s.serialize_f64(*n),
            AnswerValue::List(l) => l.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for AnswerValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AnswerValue;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string, a number or a list of strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AnswerValue, E> {
                Ok(AnswerValue::Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<AnswerValue, E> {
                Ok(AnswerValue::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<AnswerValue, E> {
                Ok(AnswerValue::Number(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<AnswerValue, E> {
                Ok(AnswerValue::Number(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AnswerValue, A::Error> {
                let mut items = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    items.push(s);
                }
                Ok(AnswerValue::List(items))
            }
        }
        d.deserialize_any(V)
    }
}

impl schemars::JsonSchema for AnswerValue {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AnswerValue".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An answer: \"yes\" / \"no\" / \"idk\", a lane or option id, or text (a string); a number; or option ids of a multi question (a list of strings).",
            "anyOf": [
                { "type": "string" },
                { "type": "number" },
                { "type": "array", "items": { "type": "string" }, "uniqueItems": true }
            ]
        })
    }
}

/// The schema of the `answers` table: answers keyed by question id, or
/// tables of them keyed by the id's leading parts, as the answers reader takes.
fn answers_table_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let value = generator.subschema_for::<AnswerValue>();
    generator
        .definitions_mut()
        .entry("AnswerEntry")
        .or_insert_with(|| {
            schemars::json_schema!({
                "description": "An answer, or a table of answers whose keys continue the question id after a dot.",
                "anyOf": [
                    value,
                    { "type": "object", "additionalProperties": { "$ref": "#/$defs/AnswerEntry" } }
                ]
            })
            .to_value()
        });
    schemars::json_schema!({
        "type": "object",
        "additionalProperties": { "$ref": "#/$defs/AnswerEntry" },
        "default": {}
    })
}

impl AnswerValue {
    /// The yes / no / don't-know value, when the answer is one.
    pub fn yes_no_idk(&self) -> Option<YesNoIdk> {
        match self {
            AnswerValue::Text(t) => YesNoIdk::parse(t),
            _ => None,
        }
    }

    /// The answer as the user would read it, using the question's labels.
    pub fn label(&self, q: &Question) -> String {
        match self {
            AnswerValue::Text(t) => match q.kind {
                Kind::YesNoIdk => {
                    YesNoIdk::parse(t).map_or_else(|| t.clone(), |v| v.label().to_string())
                }
                Kind::Level | Kind::Single => q.option(t).map_or(t.clone(), |o| o.label.clone()),
                _ => t.clone(),
            },
            AnswerValue::Number(n) => match &q.unit {
                Some(u) if u == "%" => format!("{}%", fmt_num(*n)),
                Some(u) => format!("{} {u}", fmt_num(*n)),
                None => fmt_num(*n),
            },
            AnswerValue::List(ids) if ids.is_empty() => "(none)".to_string(),
            AnswerValue::List(ids) => ids
                .iter()
                .map(|id| q.option(id).map_or(id.clone(), |o| o.label.clone()))
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
}

/// The answer to a yes / no / don't-know question: the closed set, parsed once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum YesNoIdk {
    /// The practice is in place.
    Yes,
    /// It is not.
    No,
    /// The respondent does not know: a blind spot.
    Idk,
}

impl YesNoIdk {
    /// Every value, in the order they are offered.
    pub const ALL: [YesNoIdk; 3] = [YesNoIdk::Yes, YesNoIdk::No, YesNoIdk::Idk];

    /// The value as written in answers files: `yes`, `no`, `idk`.
    pub fn parse(s: &str) -> Option<YesNoIdk> {
        match s {
            "yes" => Some(YesNoIdk::Yes),
            "no" => Some(YesNoIdk::No),
            "idk" => Some(YesNoIdk::Idk),
            _ => None,
        }
    }

    /// The id written in answers files.
    pub fn id(self) -> &'static str {
        match self {
            YesNoIdk::Yes => "yes",
            YesNoIdk::No => "no",
            YesNoIdk::Idk => "idk",
        }
    }

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            YesNoIdk::Yes => "Yes",
            YesNoIdk::No => "No",
            YesNoIdk::Idk => "I don't know",
        }
    }
}

/// The contents of an answers file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    /// The framework's id, or a path to its file.
    pub framework: String,
    /// The framework version the answers were given against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework_version: Option<String>,
    /// Free strings about who answered: name, organization, role, date.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub respondent: BTreeMap<String, String>,
    /// Answers keyed by question id, or nested tables of them (`[answers.renewals]` then `preparation = "no"`).
    /// The value `"na"` marks a question as not applicable; its reason goes in `not_applicable`.
    #[serde(default)]
    #[schemars(schema_with = "answers_table_schema")]
    pub answers: BTreeMap<String, AnswerValue>,
    /// Questions that do not apply, keyed by question id (or nested tables of
    /// them), each with the reason: they leave the section's maximum.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(schema_with = "not_applicable_table_schema")]
    pub not_applicable: BTreeMap<String, String>,
    /// A target per section id: a percent of the section's maximum, or a lane
    /// id every question of the section should reach.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub targets: BTreeMap<String, Target>,
}

/// The answer value that marks a question as not applicable in `[answers]`.
pub const NOT_APPLICABLE: &str = "na";

/// What "not applicable" reads as in reports.
pub const NOT_APPLICABLE_LABEL: &str = "Not applicable";

/// A section's target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Target {
    /// A percent of the section's maximum (0–100).
    Percent(f64),
    /// A lane id: every scored question of the section at that lane or above.
    Level(String),
}

impl schemars::JsonSchema for Target {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Target".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A section's target: a percent of its maximum (a number from 0 to 100), or the id of a lane every question of the section should reach (a string).",
            "anyOf": [
                { "type": "number", "minimum": 0, "maximum": 100 },
                { "type": "string", "minLength": 1 }
            ]
        })
    }
}

/// The schema of the `not_applicable` table: reasons keyed by question id,
/// or tables of them keyed by the id's leading parts, as the answers reader takes.
fn not_applicable_table_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    generator
        .definitions_mut()
        .entry("NotApplicableEntry")
        .or_insert_with(|| {
            schemars::json_schema!({
                "description": "Why a question does not apply (a non-blank string), or a table of reasons whose keys continue the question id after a dot.",
                "anyOf": [
                    { "type": "string", "pattern": "\\S" },
                    { "type": "object", "additionalProperties": { "$ref": "#/$defs/NotApplicableEntry" } }
                ]
            })
            .to_value()
        });
    schemars::json_schema!({
        "type": "object",
        "additionalProperties": { "$ref": "#/$defs/NotApplicableEntry" },
        "default": {}
    })
}

/// Why an answer is not valid for a question, or `None` when it is.
fn invalid_reason(q: &Question, value: &AnswerValue) -> Option<String> {
    let expected = q.allowed_values();
    let found = match value {
        AnswerValue::Text(t) => format!("{t:?}"),
        AnswerValue::Number(n) => fmt_num(*n),
        AnswerValue::List(l) => format!("{l:?}"),
    };
    let bad = |why: &str| Some(format!("{why}expected {expected}, found {found}"));
    match (q.kind, value) {
        (Kind::YesNoIdk, AnswerValue::Text(t)) if YesNoIdk::parse(t).is_some() => None,
        (Kind::Level | Kind::Single, AnswerValue::Text(t)) if q.option(t).is_some() => None,
        (Kind::Multi, AnswerValue::List(ids)) => {
            if let Some(unknown) = ids.iter().find(|id| q.option(id).is_none()) {
                return Some(format!("unknown option {unknown:?}; expected {expected}"));
            }
            if let Some(dup) = ids
                .iter()
                .enumerate()
                .find_map(|(i, id)| ids[..i].contains(id).then_some(id))
            {
                return Some(format!("option {dup:?} is listed twice"));
            }
            let exclusive = ids
                .iter()
                .find(|id| q.option(id).is_some_and(|o| o.exclusive));
            match exclusive {
                Some(ex) if ids.len() > 1 => Some(format!(
                    "option {ex:?} excludes the others; choose it alone or drop it"
                )),
                _ => None,
            }
        }
        (Kind::Multi, AnswerValue::Text(t)) => Some(format!(
            "a multi answer must be a list, e.g. [{t:?}]; expected {expected}"
        )),
        (Kind::Number, AnswerValue::Number(n)) => {
            if !n.is_finite() {
                bad("")
            } else if q.whole && n.fract() != 0.0 {
                bad("not a whole number: ")
            } else if q.min.is_some_and(|m| *n < m) || q.max.is_some_and(|m| *n > m) {
                bad("out of range: ")
            } else {
                None
            }
        }
        (Kind::Text, AnswerValue::Text(t)) => match q.format {
            Some(TextFormat::Email) if !is_email(t) => bad(""),
            _ => None,
        },
        _ => bad(""),
    }
}

/// A plausible e-mail address: one `@`, a non-empty local part and a dotted domain.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !s.chars().any(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|p| !p.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(is_email("ada@example.com"));
        assert!(!is_email("ada@example"));
        assert!(!is_email("ada example.com"));
        assert!(!is_email("@example.com"));
    }

    #[test]
    fn yes_no_idk_round_trips() {
        for v in YesNoIdk::ALL {
            assert_eq!(YesNoIdk::parse(v.id()), Some(v));
        }
        assert_eq!(YesNoIdk::parse("Yes"), None);
    }

    #[test]
    fn the_count_reads_the_same_in_every_view() {
        let c = |total, follow_ups, scored| {
            QuestionCount {
                total,
                follow_ups,
                scored,
            }
            .describe()
        };
        assert_eq!(
            c(33, 1, 30),
            "33 questions (30 scored; 1 follow-up, asked only after some answers)"
        );
        assert_eq!(c(5, 0, 3), "5 questions (3 scored)");
        assert_eq!(c(11, 0, 11), "11 questions");
        assert_eq!(
            c(12, 2, 12),
            "12 questions (12 scored; 2 follow-ups, asked only after some answers)"
        );
        assert_eq!(c(1, 0, 1), "1 question");
    }
}
