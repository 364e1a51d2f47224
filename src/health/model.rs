//! The health model: plain data read from a model file (`models/*.toml`).
//!
//! A model says which columns of an accounts CSV hold the account id, segment,
//! plan, ARR and snapshot date; which signals are scored, how each is
//! normalised to 0–100 and weighted; how segments and plans override weights;
//! and the tiers an account lands in, each with its SLA and play.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A health model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Who the model is and where it comes from.
    pub model: About,
    /// Which CSV columns identify and describe an account.
    pub columns: Columns,
    /// When an account gets a tier and when its tier changes (coverage floor, hysteresis, large drops).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiering: Option<Tiering>,
    /// The signals scored, in the order their points are added.
    pub signals: Vec<Signal>,
    /// Weight changes for segments and plans, applied in file order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Override>,
    /// The tiers, from the lowest score to the highest.
    pub tiers: Vec<Tier>,
    /// Accounts with the score and tier they must get; `check` scores them together as one snapshot.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
}

/// A model's identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct About {
    /// Kebab-case identifier, used on the command line.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Version of this model file.
    pub version: String,
    /// What the model measures and for whom.
    pub description: String,
    /// Where its design comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// The CSV columns that identify and describe an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// The account id column; ids must be unique in a snapshot.
    pub account: String,
    /// The segment column (overrides and percentile-within-segment use it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    /// The plan column (overrides use it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// The annual recurring revenue column, summed per tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arr: Option<String>,
    /// The snapshot date column, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// When an account gets a tier, and when `movement` says its tier changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tiering {
    /// The share of the weight (percent, 0–100) whose cells must have data for an account to
    /// get a tier; below it the account is "Insufficient data". Default 50; 0 turns it off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage_floor: Option<f64>,
    /// `movement`: points by which a score must cross a tier's cut-off before the account
    /// leaves the tier it had in the previous snapshot. Default 0 (none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hysteresis: Option<f64>,
    /// `movement`: a fall of at least this many points that leaves the tier unchanged is
    /// listed as a large drop. Default 8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub large_drop: Option<f64>,
}

/// Which way a signal is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Better {
    /// Higher values are healthier.
    Higher,
    /// Lower values are healthier.
    Lower,
}

/// How a signal's value becomes 0–100 points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Normalise {
    /// Piecewise linear between `points` ([value, score] pairs), flat beyond the ends.
    Thresholds,
    /// Linear from `min` (0 points, or 100 when lower is better) to `max`, clamped.
    Range,
    /// Percentile rank within the snapshot (or within the segment): 0 for the worst, 100 for the best.
    Percentile,
    /// A fixed score per text value (`map`), such as sentiment.
    Category,
    /// Yes or no (`Yes`/`No`, `true`/`false`, `1`/`0`, `y`/`n`, any case): `yes` and `no` points.
    YesNo,
}

/// What a missing (empty) cell does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Missing {
    /// Leave the signal out: its weight is spread over the signals present.
    #[default]
    Exclude,
    /// Score it 50.
    Neutral,
    /// Score it 0.
    Worst,
}

/// Where percentile ranks are taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Within {
    /// Among all accounts of the snapshot.
    #[default]
    All,
    /// Among the accounts of the same segment.
    Segment,
}

/// One health signal: a column, its normalisation and its weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signal {
    /// Kebab-case identifier, shown as a driver.
    pub id: String,
    /// Human title.
    pub title: String,
    /// The CSV column holding its value.
    pub column: String,
    /// The seed's signal family (usage, adoption, outcomes, support, sentiment, stakeholders).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Why it is in the model and why it is weighted so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// Its share of the score relative to the other signals (zero or more; 0 keeps the signal without counting it).
    pub weight: f64,
    /// How its value becomes points.
    pub normalise: Normalise,
    /// Which way is good (thresholds, range and percentile).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub better: Option<Better>,
    /// Thresholds: [value, score] pairs, values increasing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<Vec<[f64; 2]>>,
    /// Range: the value scoring 0 (or 100 when lower is better).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Range: the value scoring 100 (or 0 when lower is better).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Percentile: among all accounts or within the segment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<Within>,
    /// Category: the score of each text value; other values are an error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map: Option<BTreeMap<String, f64>>,
    /// Yes/no: the points of a yes (default 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub yes: Option<f64>,
    /// Yes/no: the points of a no (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no: Option<f64>,
    /// What an empty cell does.
    #[serde(default)]
    pub missing: Missing,
}

/// Normalisation settings an override replaces for one signal (those that apply to its kind).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignalSettings {
    /// Thresholds: [value, score] pairs, values increasing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<Vec<[f64; 2]>>,
    /// Range: the value scoring 0 (or 100 when lower is better).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Range: the value scoring 100 (or 0 when lower is better).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Category: the score of each text value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map: Option<BTreeMap<String, f64>>,
    /// Yes/no: the points of a yes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub yes: Option<f64>,
    /// Yes/no: the points of a no.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no: Option<f64>,
}

/// A tier's SLA and play for the accounts an override matches.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TierPlaybook {
    /// How soon a CSM must act, for these accounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sla: Option<String>,
    /// The standard response, for these accounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub play: Option<String>,
}

/// Weight changes for accounts of a segment and/or plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// Applies to accounts of this segment (all segments when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    /// Applies to accounts on this plan (all plans when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// Why these accounts are weighted differently.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// New weights by signal id (0 switches a signal off).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub weights: BTreeMap<String, f64>,
    /// New normalisation settings by signal id (a starter plan's `max` of 2 workflows).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub signals: BTreeMap<String, SignalSettings>,
    /// A tier's SLA and play by tier id, for these accounts (tech-touch for SMB).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tiers: BTreeMap<String, TierPlaybook>,
}

/// A tier: a score range plus optional conditions, with its SLA and play.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Kebab-case identifier.
    pub id: String,
    /// Human name (At Risk, Watch, Healthy, Growth).
    pub name: String,
    /// The lowest score in this tier.
    pub min: f64,
    /// How soon a CSM must act (time to intervene).
    pub sla: String,
    /// The standard response.
    pub play: String,
    /// Further conditions on signal points, all required.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
}

/// A condition on one signal's points (0–100); a missing signal fails it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The signal id.
    pub signal: String,
    /// The signal's points must be at least this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<f64>,
    /// The signal's points must be at most this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<f64>,
}

/// An example account and the score and tier it must get.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// Account id.
    pub account: String,
    /// Segment, when the model has a segment column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
    /// Plan, when the model has a plan column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// Cell values by signal column (text as in the CSV; absent means empty).
    pub values: BTreeMap<String, ExampleValue>,
    /// The expected score.
    pub score: f64,
    /// The expected tier id.
    pub tier: String,
}

/// A cell of an example: a number or text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ExampleValue {
    /// A number.
    Number(f64),
    /// Text, as it would appear in the CSV.
    Text(String),
}

impl ExampleValue {
    /// The cell as it would be written in a CSV.
    pub fn as_cell(&self) -> String {
        match self {
            ExampleValue::Number(x) => crate::text::fmt_num_exact(*x),
            ExampleValue::Text(s) => s.clone(),
        }
    }
}

impl Model {
    /// The index of a signal by id.
    pub fn signal_index(&self, id: &str) -> Option<usize> {
        self.signals.iter().position(|s| s.id == id)
    }

    /// The index of a tier by id.
    pub fn tier_index(&self, id: &str) -> Option<usize> {
        self.tiers.iter().position(|t| t.id == id)
    }
}

/// How a valid signal's value becomes points: each kind with exactly the
/// settings it needs, checked (the file's [`Normalise`] plus its keys).
#[derive(Debug, Clone, PartialEq)]
pub enum Normalisation {
    /// Piecewise linear between knots, flat beyond the ends.
    Thresholds {
        /// `(value, points)` knots, values strictly increasing, points 0–100
        /// and monotone in the direction of `better`.
        points: Vec<(f64, f64)>,
        /// Which way is good.
        better: Better,
    },
    /// Linear from `min` to `max`, clamped.
    Range {
        /// The value scoring 0 (100 when lower is better).
        min: f64,
        /// The value scoring 100 (0 when lower is better); `min < max`.
        max: f64,
        /// Which way is good.
        better: Better,
    },
    /// Percentile rank within the snapshot or the segment.
    Percentile {
        /// Which way is good.
        better: Better,
        /// Where ranks are taken.
        within: Within,
    },
    /// A fixed score per text value.
    Category {
        /// `(text, points)`, in the file's (sorted) order; points 0–100.
        map: Vec<(String, f64)>,
    },
    /// Yes or no, in any of the usual spellings.
    YesNo {
        /// Points of a yes (0–100).
        yes: f64,
        /// Points of a no (0–100).
        no: f64,
    },
}

impl Normalisation {
    /// Whether cells are read as text (a category or yes/no) rather than numbers.
    pub fn is_text(&self) -> bool {
        matches!(
            self,
            Normalisation::Category { .. } | Normalisation::YesNo { .. }
        )
    }

    /// Whether points need every account of the snapshot first (a rank).
    pub fn needs_ranks(&self) -> bool {
        matches!(self, Normalisation::Percentile { .. })
    }
}

/// A checked signal.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidSignal {
    /// Kebab-case identifier, unique in the model.
    pub id: String,
    /// Human title.
    pub title: String,
    /// The CSV column holding its value (not empty).
    pub column: String,
    /// The signal family, if given.
    pub group: Option<String>,
    /// Why it is in the model, if given.
    pub why: Option<String>,
    /// Its weight: finite and zero or more (at least one signal above zero).
    pub weight: f64,
    /// How its value becomes points.
    pub normalisation: Normalisation,
    /// What an empty cell does.
    pub missing: Missing,
}

/// A checked override: matches a segment and/or a plan, sets weights by signal index.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidOverride {
    /// The segment matched, if any (at least one of segment and plan is set).
    pub segment: Option<String>,
    /// The plan matched, if any.
    pub plan: Option<String>,
    /// Why, if given.
    pub why: Option<String>,
    /// `(signal index, weight)`, weights finite and zero or more.
    pub weights: Vec<(usize, f64)>,
    /// `(signal index, normalisation)`: the signal's settings with this override's applied, checked.
    pub normalisations: Vec<(usize, Normalisation)>,
    /// `(tier index, SLA, play)`: what these accounts get in that tier instead of the tier's own.
    pub playbooks: Vec<(usize, Option<String>, Option<String>)>,
}

/// The checked tiering settings, defaults filled in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValidTiering {
    /// Percent of the weight with data below which an account gets no tier (0–100).
    pub coverage_floor: f64,
    /// Points a score must cross a cut-off by to leave the previous snapshot's tier (0 or more).
    pub hysteresis: f64,
    /// Points of a fall within a tier that `movement` lists (above 0).
    pub large_drop: f64,
}

impl ValidTiering {
    /// The default coverage floor, percent.
    pub const COVERAGE_FLOOR: f64 = 50.0;
    /// The default large drop, points.
    pub const LARGE_DROP: f64 = 8.0;
}

/// A checked condition on one signal's points.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidCondition {
    /// The signal's index.
    pub signal: usize,
    /// The points must be at least this (0–100), if set.
    pub at_least: Option<f64>,
    /// The points must be at most this (0–100, not below `at_least`), if set.
    pub at_most: Option<f64>,
}

/// A checked tier.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidTier {
    /// Kebab-case identifier, unique in the model.
    pub id: String,
    /// Human name.
    pub name: String,
    /// The lowest score in the tier (0–100; 0 for the first tier).
    pub min: f64,
    /// How soon a CSM must act.
    pub sla: String,
    /// The standard response.
    pub play: String,
    /// Conditions on signal points, all required (none on the first tier).
    pub conditions: Vec<ValidCondition>,
}

/// A health model that passed every check (`health::validate`): only this
/// reaches the scorer and the SQL compiler, so nothing downstream defaults
/// a missing setting. Built only by validation.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidModel {
    /// Who the model is.
    pub about: About,
    /// The CSV columns (none empty).
    pub columns: Columns,
    /// Coverage floor, hysteresis and large drop, defaults filled in.
    pub tiering: ValidTiering,
    /// At least one signal.
    pub signals: Vec<ValidSignal>,
    /// Overrides, in file order.
    pub overrides: Vec<ValidOverride>,
    /// At least two tiers, lowest first.
    pub tiers: Vec<ValidTier>,
    /// The examples, their tiers and columns known to the model.
    pub examples: Vec<Example>,
}

impl ValidModel {
    /// The index of a signal by id.
    pub fn signal_index(&self, id: &str) -> Option<usize> {
        self.signals.iter().position(|s| s.id == id)
    }

    /// The index of a tier by id.
    pub fn tier_index(&self, id: &str) -> Option<usize> {
        self.tiers.iter().position(|t| t.id == id)
    }

    /// Whether any signal is a percentile rank (a first pass over the snapshot).
    pub fn needs_ranks(&self) -> bool {
        self.signals.iter().any(|s| s.normalisation.needs_ranks())
    }

    /// The SLA and play an account that matched `matched` overrides gets in tier
    /// `t`: each from the last matching override that sets it, else the tier's own.
    pub fn playbook(&self, t: usize, matched: &[usize]) -> (&str, &str) {
        let tier = &self.tiers[t];
        let (mut sla, mut play) = (None, None);
        for &o in matched.iter().rev() {
            for (pt, s, p) in &self.overrides[o].playbooks {
                if *pt == t {
                    sla = sla.or(s.as_deref());
                    play = play.or(p.as_deref());
                }
            }
        }
        (sla.unwrap_or(&tier.sla), play.unwrap_or(&tier.play))
    }

    /// Whether the model reads ARR (so reports speak of it).
    pub fn has_arr(&self) -> bool {
        self.columns.arr.is_some()
    }
}
