//! The plan file: where an assessment stood, and the steps chosen to improve
//! it, each with the points it gains, an owner and a due quarter. Plain data
//! with the rules that follow from it (what a quarter is).

use std::fmt;

use schemars::JsonSchema;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

/// A plan: the baseline assessment and the steps, in the roadmap's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The framework's id.
    pub framework: String,
    /// The framework version the baseline was scored with.
    pub framework_version: String,
    /// When the plan was written (YYYY-MM-DD).
    pub created: String,
    /// Where the assessment stood when the plan was written.
    pub baseline: Baseline,
    /// The steps, in the roadmap's order.
    #[serde(default)]
    pub steps: Vec<PlanStep>,
}

/// The assessment a plan starts from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// The answers file the plan was written from, as named on the command line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers: Option<String>,
    /// The assessment's date (the respondent's `date`), when recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Points then.
    #[serde(deserialize_with = "non_negative")]
    #[schemars(range(min = 0))]
    pub score: f64,
    /// The maximum in scope then.
    #[serde(deserialize_with = "non_negative")]
    #[schemars(range(min = 0))]
    pub max: f64,
    /// score ÷ max × 100, rounded to one decimal.
    #[serde(deserialize_with = "non_negative")]
    #[schemars(range(min = 0, max = 100))]
    pub percent: f64,
}

/// One step: a question to move from one answer to a better one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanStep {
    /// The question's id.
    pub question: String,
    /// Its section's id.
    pub section: String,
    /// Its section's title.
    pub section_title: String,
    /// The question as asked.
    pub question_text: String,
    /// The answer when the plan was written, in words.
    pub from: String,
    /// The answer the step reaches, in words.
    pub to: String,
    /// The question's points when the plan was written.
    #[serde(deserialize_with = "non_negative")]
    #[schemars(range(min = 0))]
    pub from_points: f64,
    /// The points the step gains: done when the question scores
    /// `from_points + points` or more.
    #[serde(deserialize_with = "non_negative")]
    #[schemars(range(min = 0))]
    pub points: f64,
    /// Who carries it out (empty until someone is named).
    #[serde(default)]
    pub owner: String,
    /// The quarter it is due in, `YYYY-Qn`.
    pub due: Quarter,
    /// What to do, from the roadmap.
    pub action: String,
}

/// Accepts a finite number of at least 0.
fn non_negative<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let x = f64::deserialize(d)?;
    if x.is_finite() && x >= 0.0 {
        Ok(x)
    } else {
        Err(de::Error::custom(format!(
            "expected a number of points of at least 0, found {x}"
        )))
    }
}

/// A calendar quarter, written `2027-Q1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    /// The year.
    pub year: u16,
    /// 1 to 4.
    pub quarter: u8,
}

impl Quarter {
    /// Reads `2027-Q1` (the `Q` in either case).
    pub fn parse(s: &str) -> Option<Quarter> {
        let (year, q) = s.trim().split_once('-')?;
        let q = q.strip_prefix(['Q', 'q'])?;
        let year: u16 = (year.len() == 4).then(|| year.parse().ok()).flatten()?;
        let quarter: u8 = q.parse().ok().filter(|n| (1..=4).contains(n))?;
        Some(Quarter { year, quarter })
    }

    /// The quarter holding a date (`YYYY-MM-DD`, or a date-time starting so).
    pub fn of_date(date: &str) -> Option<Quarter> {
        let year: u16 = date.get(..4)?.parse().ok()?;
        let month: u8 = date
            .get(5..7)?
            .parse()
            .ok()
            .filter(|m| (1..=12).contains(m))?;
        (date.as_bytes().get(4) == Some(&b'-')).then_some(Quarter {
            year,
            quarter: (month - 1) / 3 + 1,
        })
    }

    /// The quarter after this one.
    pub fn next(self) -> Quarter {
        if self.quarter == 4 {
            Quarter {
                year: self.year.saturating_add(1),
                quarter: 1,
            }
        } else {
            Quarter {
                year: self.year,
                quarter: self.quarter + 1,
            }
        }
    }

    /// The quarter's last day, `YYYY-MM-DD`.
    pub fn last_day(self) -> String {
        let (month, day) = match self.quarter {
            1 => (3, 31),
            2 => (6, 30),
            3 => (9, 30),
            _ => (12, 31),
        };
        format!("{:04}-{month:02}-{day:02}", self.year)
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-Q{}", self.year, self.quarter)
    }
}

impl Serialize for Quarter {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Quarter {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Quarter::parse(&s).ok_or_else(|| {
            de::Error::custom(format!(
                "expected a quarter such as \"2027-Q1\" (year, dash, Q1 to Q4), found {s:?}"
            ))
        })
    }
}

impl JsonSchema for Quarter {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Quarter".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A calendar quarter: the year, a dash, and Q1 to Q4.",
            "type": "string",
            "pattern": "^[0-9]{4}-[Qq][1-4]$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_read_write_and_follow_each_other() {
        let q = Quarter::parse("2026-q4");
        assert_eq!(q.map(|q| q.to_string()), Some("2026-Q4".to_string()));
        assert_eq!(q.map(|q| q.next().to_string()), Some("2027-Q1".into()));
        assert_eq!(q.map(Quarter::last_day), Some("2026-12-31".into()));
        assert_eq!(Quarter::parse("2026-Q5"), None);
        assert_eq!(Quarter::parse("26-Q1"), None);
        assert_eq!(Quarter::parse("Q1"), None);
        assert_eq!(
            Quarter::of_date("2026-09-30").map(|q| q.to_string()),
            Some("2026-Q3".into())
        );
        assert_eq!(Quarter::of_date("2026-13-01"), None);
        assert_eq!(Quarter::of_date("next week"), None);
    }
}
