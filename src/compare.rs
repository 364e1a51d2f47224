//! Comparing two scorecards of the same framework: what moved, section by section
//! and question by question. Pure: no I/O.

use serde::{Deserialize, Serialize};

use crate::scoring::{BandResult, Scorecard, Status, round2};

/// Before, after and the difference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delta {
    /// The old score.
    pub before: f64,
    /// The new score.
    pub after: f64,
    /// after − before.
    pub delta: f64,
    /// The old percent of the maximum.
    pub before_percent: Option<f64>,
    /// The new percent of the maximum.
    pub after_percent: Option<f64>,
}

/// One section's change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionDelta {
    /// Section id.
    pub id: String,
    /// Section title.
    pub title: String,
    /// The old score.
    pub before: f64,
    /// The new score.
    pub after: f64,
    /// after − before.
    pub delta: f64,
    /// The old percent of the section's maximum.
    pub before_percent: Option<f64>,
    /// The new percent of the section's maximum.
    pub after_percent: Option<f64>,
}

/// How a question's answer moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Scores more than before.
    Improved,
    /// Scores less than before.
    Regressed,
    /// A different answer worth the same.
    Changed,
    /// The question left the scope (answered "not applicable") or came back
    /// into it: its points are not comparable.
    ScopeChanged,
}

/// A question whose answer changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangedQuestion {
    /// Question id.
    pub question: String,
    /// Section id.
    pub section: String,
    /// Question text.
    pub text: String,
    /// The old answer in words ("Unanswered" when none).
    pub before: String,
    /// The new answer in words.
    pub after: String,
    /// Old points.
    pub before_score: f64,
    /// New points.
    pub after_score: f64,
    /// after_score − before_score.
    pub delta: f64,
    /// Improved, regressed or changed.
    pub direction: Direction,
}

/// Band before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BandChange {
    /// The old band.
    pub before: Option<BandResult>,
    /// The new band.
    pub after: Option<BandResult>,
    /// Whether the band label differs.
    pub changed: bool,
}

/// The comparison of two scorecards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The framework (of the newer scorecard).
    pub framework: crate::scoring::FrameworkInfo,
    /// Total score before and after.
    pub total: Delta,
    /// The band before and after.
    pub band: BandChange,
    /// Per section, in framework order.
    pub sections: Vec<SectionDelta>,
    /// Questions whose answer changed, in framework order.
    pub changed: Vec<ChangedQuestion>,
    /// How far the later answers carried out a plan (`--plan`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<crate::plan::track::PlanProgress>,
}

fn answer_text(status: Status, label: Option<&String>) -> String {
    match status {
        Status::Unanswered | Status::NotAsked => "Unanswered".to_string(),
        _ => label.cloned().unwrap_or_default(),
    }
}

/// Compares an old and a new scorecard of the same framework.
pub fn compare(old: &Scorecard, new: &Scorecard) -> Comparison {
    let sections = new
        .sections
        .iter()
        .map(|s| {
            let before = old.sections.iter().find(|o| o.id == s.id);
            let b = before.map_or(0.0, |o| o.score);
            SectionDelta {
                id: s.id.clone(),
                title: s.title.clone(),
                before: b,
                after: s.score,
                delta: round2(s.score - b),
                before_percent: before.and_then(|o| o.percent),
                after_percent: s.percent,
            }
        })
        .collect();
    let changed = new
        .questions
        .iter()
        .filter_map(|q| {
            let o = old.questions.iter().find(|o| o.id == q.id)?;
            let (ob, nb) = (o.status == Status::NotAsked, q.status == Status::NotAsked);
            let (oa, na) = (
                if ob { None } else { o.answer.as_ref() },
                if nb { None } else { q.answer.as_ref() },
            );
            let (o_na, n_na) = (o.not_applicable.as_ref(), q.not_applicable.as_ref());
            if oa == na && o_na == n_na {
                return None;
            }
            let delta = round2(q.score - o.score);
            Some(ChangedQuestion {
                question: q.id.clone(),
                section: q.section.clone(),
                text: q.text.clone(),
                before: answer_text(o.status, o.answer_label.as_ref()),
                after: answer_text(q.status, q.answer_label.as_ref()),
                before_score: o.score,
                after_score: q.score,
                delta,
                direction: if (o.status == Status::NotApplicable)
                    != (q.status == Status::NotApplicable)
                {
                    Direction::ScopeChanged
                } else if delta > 0.0 {
                    Direction::Improved
                } else if delta < 0.0 {
                    Direction::Regressed
                } else {
                    Direction::Changed
                },
            })
        })
        .collect();
    let label = |b: &Option<BandResult>| b.as_ref().map(|b| b.label.clone());
    Comparison {
        framework: new.framework.clone(),
        total: Delta {
            before: old.total.score,
            after: new.total.score,
            delta: round2(new.total.score - old.total.score),
            before_percent: Some(old.total.percent),
            after_percent: Some(new.total.percent),
        },
        band: BandChange {
            changed: label(&old.band) != label(&new.band),
            before: old.band.clone(),
            after: new.band.clone(),
        },
        sections,
        changed,
        plan: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{AnswerValue, Answers};
    use crate::framework::Catalog;
    use crate::scoring::score;

    fn card(pairs: &[(&str, &str)]) -> Scorecard {
        let fw = match Catalog::default().load("cx63", None) {
            Ok(l) => l.framework,
            Err(e) => panic!("{e}"),
        };
        let answers = Answers {
            framework: "cx63".into(),
            answers: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), AnswerValue::Text(v.to_string())))
                .collect(),
            ..Answers::default()
        };
        score(&fw, &answers)
    }

    #[test]
    fn deltas_add_up_and_changes_are_marked() {
        let old = card(&[
            ("onboarding.handoff", "no"),
            ("onboarding.plan", "yes"),
            ("support.csat", "idk"),
        ]);
        let new = card(&[
            ("onboarding.handoff", "yes"),
            ("onboarding.plan", "no"),
            ("support.csat", "no"),
            ("renewals.preparation", "yes"),
        ]);
        let c = compare(&old, &new);
        assert_eq!(
            (c.total.before, c.total.after, c.total.delta),
            (1.0, 2.0, 1.0)
        );
        let sum: f64 = c.sections.iter().map(|s| s.delta).sum();
        assert_eq!(sum, c.total.delta);
        let moves: Vec<(&str, Direction)> = c
            .changed
            .iter()
            .map(|q| (q.question.as_str(), q.direction))
            .collect();
        assert_eq!(
            moves,
            [
                ("onboarding.handoff", Direction::Improved),
                ("onboarding.plan", Direction::Regressed),
                ("support.csat", Direction::Changed),
                ("renewals.preparation", Direction::Improved),
            ]
        );
        assert_eq!(c.changed[3].before, "Unanswered");
        assert!(!c.band.changed);
    }

    #[test]
    fn a_question_leaving_the_scope_is_no_regression() {
        let old = card(&[("feedback.lead-handoff", "yes")]);
        let mut new = old.clone();
        if let Some(q) = new
            .questions
            .iter_mut()
            .find(|q| q.id == "feedback.lead-handoff")
        {
            q.status = Status::NotApplicable;
            q.answer = None;
            q.answer_label = Some("Not applicable".into());
            q.not_applicable = Some("No sales team".into());
            q.score = 0.0;
            q.max = 0.0;
        }
        let c = compare(&old, &new);
        assert_eq!(c.changed.len(), 1);
        assert_eq!(c.changed[0].direction, Direction::ScopeChanged);
        assert_eq!(
            (c.changed[0].before.as_str(), c.changed[0].after.as_str()),
            ("Yes", "Not applicable")
        );
    }

    #[test]
    fn identical_answers_change_nothing() {
        let a = card(&[("onboarding.handoff", "yes")]);
        let c = compare(&a, &a);
        assert!(c.changed.is_empty());
        assert_eq!(c.total.delta, 0.0);
    }
}
