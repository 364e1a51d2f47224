//! A plan from a scorecard's roadmap, and how far later assessments carried
//! it out. Pure: no I/O, no clock (dates come in as arguments).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::model::{Baseline, Plan, PlanStep, Quarter};
use crate::scoring::{Scorecard, Status, round2};
use crate::text::EPS;

/// What the command decides for a new plan.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    /// The answers file, as named on the command line.
    pub answers: Option<String>,
    /// Today (YYYY-MM-DD).
    pub created: String,
    /// Every step's owner.
    pub owner: String,
    /// Every step's due quarter.
    pub due: Quarter,
    /// Keep only the first N steps of the roadmap.
    pub steps: Option<usize>,
}

/// The quarter a new plan's steps are due by default: the one after the
/// assessment (its date, else `today`).
pub fn default_due(card: &Scorecard, today: &str) -> Quarter {
    card.respondent
        .get("date")
        .and_then(|d| Quarter::of_date(d.trim()))
        .or_else(|| Quarter::of_date(today))
        .map_or(
            Quarter {
                year: 1970,
                quarter: 1,
            },
            Quarter::next,
        )
}

/// The roadmap of a scorecard as a plan, in the roadmap's order.
pub fn plan_from(card: &Scorecard, options: &PlanOptions) -> Plan {
    let points = |id: &str| {
        card.questions
            .iter()
            .find(|q| q.id == id)
            .map_or(0.0, |q| q.score)
    };
    let steps = card
        .recommendations
        .iter()
        .take(options.steps.unwrap_or(usize::MAX))
        .map(|r| PlanStep {
            question: r.question.clone(),
            section: r.section.clone(),
            section_title: card.section_title(&r.section).to_string(),
            question_text: card.question_text(&r.question).to_string(),
            from: r.current.clone(),
            to: r.next.clone(),
            from_points: points(&r.question),
            points: r.gain,
            owner: options.owner.clone(),
            due: options.due,
            action: r.advice(),
        })
        .collect();
    Plan {
        framework: card.framework.id.clone(),
        framework_version: card.framework.version.clone(),
        created: options.created.clone(),
        baseline: Baseline {
            answers: options.answers.clone(),
            date: card
                .respondent
                .get("date")
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty()),
            score: card.total.score,
            max: card.total.max,
            percent: card.total.percent,
        },
        steps,
    }
}

/// Where a question stands in a later assessment.
#[derive(Debug, Clone, PartialEq)]
pub enum Standing {
    /// Scored: its points, and the answer in words when known (a team's mean has none).
    Scored {
        /// Points (a team: the mean).
        points: f64,
        /// The answer in words.
        answer: Option<String>,
    },
    /// Answered "not applicable": out of scope.
    NotApplicable,
    /// Not asked (its condition is false) or not scored.
    NotAsked,
}

/// Every question's standing in one scorecard.
pub fn standings(card: &Scorecard) -> HashMap<String, Standing> {
    card.questions
        .iter()
        .map(|q| {
            let s = match q.status {
                Status::NotApplicable => Standing::NotApplicable,
                Status::NotAsked => Standing::NotAsked,
                _ if !q.scored => Standing::NotAsked,
                Status::Unanswered => Standing::Scored {
                    points: q.score,
                    answer: Some("Unanswered".into()),
                },
                _ => Standing::Scored {
                    points: q.score,
                    answer: q.answer_label.clone(),
                },
            };
            (q.id.clone(), s)
        })
        .collect()
}

/// How far a step has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// The question scores what the step aimed at, or more.
    Done,
    /// Some of the step's points are gained, not all.
    InProgress,
    /// The question scores what it did when the plan was written.
    NotStarted,
    /// The question scores less than when the plan was written.
    Regressed,
    /// The question is now answered "not applicable": the step left the plan's scope.
    NotApplicable,
    /// The question is not asked now (its condition is false), or not scored.
    NotAsked,
    /// The framework no longer has the question.
    UnknownQuestion,
}

impl StepStatus {
    /// Whether the step counts toward the plan's completion.
    pub fn in_scope(self) -> bool {
        matches!(
            self,
            StepStatus::Done
                | StepStatus::InProgress
                | StepStatus::NotStarted
                | StepStatus::Regressed
        )
    }

    /// The status in words.
    pub fn label(self) -> &'static str {
        match self {
            StepStatus::Done => "done",
            StepStatus::InProgress => "in progress",
            StepStatus::NotStarted => "not started",
            StepStatus::Regressed => "regressed",
            StepStatus::NotApplicable => "not applicable now",
            StepStatus::NotAsked => "not asked now",
            StepStatus::UnknownQuestion => "question no longer in the framework",
        }
    }
}

/// One step of a plan, as a later assessment finds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepProgress {
    /// Question id.
    pub question: String,
    /// Section id.
    pub section: String,
    /// Section title.
    pub section_title: String,
    /// The question as asked.
    pub question_text: String,
    /// The answer when the plan was written.
    pub from: String,
    /// The answer the step aimed at.
    pub to: String,
    /// The answer now, in words (none for a team's mean or a step out of scope).
    pub now: Option<String>,
    /// The question's points now (a team: the mean); none when out of scope.
    pub now_points: Option<f64>,
    /// Who carries it out.
    pub owner: String,
    /// The quarter it is due in.
    pub due: Quarter,
    /// The points the step was planned to gain.
    pub planned: f64,
    /// The points gained toward it: now − then, between 0 and `planned`.
    pub gained: f64,
    /// Done, in progress, not started, regressed, or out of the plan's scope.
    pub status: StepStatus,
    /// Not done and past its due quarter at the assessment's date.
    pub overdue: bool,
    /// The first assessment where it was done: its date, or its label when
    /// it has none (trend only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_at: Option<String>,
}

/// Completion at one assessment of a series (trend only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    /// The assessment, as named on the command line.
    pub label: String,
    /// Its date, when recorded.
    pub date: Option<String>,
    /// Steps done.
    pub done: usize,
    /// Points gained toward the plan.
    pub gained: f64,
    /// gained ÷ planned × 100; none when nothing planned is in scope.
    pub completion: Option<f64>,
}

/// How far a plan has come at an assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanProgress {
    /// When the plan was written.
    pub created: String,
    /// Where the assessment stood then.
    pub baseline: Baseline,
    /// The date of the assessment the plan is measured at, when recorded.
    pub assessed_on: Option<String>,
    /// Each step, in the plan's order.
    pub steps: Vec<StepProgress>,
    /// Steps done.
    pub done: usize,
    /// Steps that count toward completion (not out of scope or unknown now).
    pub in_scope: usize,
    /// Points planned over the steps in scope.
    pub planned: f64,
    /// Points gained toward them (each step's gain capped at what it planned).
    pub gained: f64,
    /// gained ÷ planned × 100, rounded to one decimal; none when nothing planned is in scope.
    pub completion: Option<f64>,
    /// Steps not done and past their due quarter.
    pub overdue: usize,
    /// Completion at each assessment of a series, oldest first (trend only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Milestone>,
}

/// How far a plan has come, given where each question stands now and the
/// date of the assessment (for overdue steps).
pub fn progress(
    plan: &Plan,
    now: &HashMap<String, Standing>,
    assessed_on: Option<&str>,
) -> PlanProgress {
    let steps: Vec<StepProgress> = plan
        .steps
        .iter()
        .map(|s| step_progress(s, now.get(&s.question), assessed_on))
        .collect();
    let counted: Vec<&StepProgress> = steps.iter().filter(|s| s.status.in_scope()).collect();
    let planned = round2(counted.iter().map(|s| s.planned).sum());
    let gained = round2(counted.iter().map(|s| s.gained).sum());
    PlanProgress {
        created: plan.created.clone(),
        baseline: plan.baseline.clone(),
        assessed_on: assessed_on.map(str::to_string),
        done: steps
            .iter()
            .filter(|s| s.status == StepStatus::Done)
            .count(),
        in_scope: counted.len(),
        planned,
        gained,
        completion: (planned > EPS).then(|| (gained / planned * 1000.0).round() / 10.0),
        overdue: steps.iter().filter(|s| s.overdue).count(),
        steps,
        history: Vec::new(),
    }
}

fn step_progress(
    step: &PlanStep,
    now: Option<&Standing>,
    assessed_on: Option<&str>,
) -> StepProgress {
    let (status, now_points, answer) = match now {
        None => (StepStatus::UnknownQuestion, None, None),
        Some(Standing::NotApplicable) => (StepStatus::NotApplicable, None, None),
        Some(Standing::NotAsked) => (StepStatus::NotAsked, None, None),
        Some(Standing::Scored { points, answer }) => {
            let moved = points - step.from_points;
            let status = if moved + EPS >= step.points {
                StepStatus::Done
            } else if moved > EPS {
                StepStatus::InProgress
            } else if moved < -EPS {
                StepStatus::Regressed
            } else {
                StepStatus::NotStarted
            };
            (status, Some(*points), answer.clone())
        }
    };
    let gained = match now_points {
        Some(p) if status.in_scope() => round2((p - step.from_points).clamp(0.0, step.points)),
        _ => 0.0,
    };
    let overdue = status.in_scope()
        && status != StepStatus::Done
        && assessed_on.is_some_and(|d| d.get(..10).unwrap_or(d) > step.due.last_day().as_str());
    StepProgress {
        question: step.question.clone(),
        section: step.section.clone(),
        section_title: step.section_title.clone(),
        question_text: step.question_text.clone(),
        from: step.from.clone(),
        to: step.to.clone(),
        now: answer,
        now_points: now_points.map(round2),
        owner: step.owner.clone(),
        due: step.due,
        planned: step.points,
        gained,
        status,
        overdue,
        done_at: None,
    }
}

/// A plan over a series of assessments, oldest first: its progress at the
/// last, each step's first assessment done, and completion at each one.
pub fn progress_over(
    plan: &Plan,
    series: &[(String, Option<String>, HashMap<String, Standing>)],
) -> Option<PlanProgress> {
    let all: Vec<PlanProgress> = series
        .iter()
        .map(|(_, date, now)| progress(plan, now, date.as_deref()))
        .collect();
    let mut last = all.last()?.clone();
    for (i, step) in last.steps.iter_mut().enumerate() {
        step.done_at = all
            .iter()
            .zip(series)
            .find(|(p, _)| p.steps[i].status == StepStatus::Done)
            .map(|(_, (label, date, _))| date.clone().unwrap_or_else(|| label.clone()));
    }
    last.history = all
        .iter()
        .zip(series)
        .map(|(p, (label, date, _))| Milestone {
            label: label.clone(),
            date: date.clone(),
            done: p.done,
            gained: p.gained,
            completion: p.completion,
        })
        .collect();
    Some(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{AnswerValue, Answers};
    use crate::framework::Catalog;
    use crate::scoring::score;

    fn card(fw: &str, given: &[(&str, &str)], date: &str) -> Scorecard {
        let framework = match Catalog::default().load(fw, None) {
            Ok(l) => l.framework,
            Err(e) => panic!("{e}"),
        };
        let mut a = Answers {
            framework: fw.into(),
            ..Answers::default()
        };
        a.respondent.insert("date".into(), date.into());
        for (k, v) in given {
            if let Some(why) = v.strip_prefix("na:") {
                a.not_applicable.insert(k.to_string(), why.to_string());
            } else {
                a.answers
                    .insert(k.to_string(), AnswerValue::Text(v.to_string()));
            }
        }
        score(&framework, &a)
    }

    fn options(steps: Option<usize>) -> PlanOptions {
        PlanOptions {
            answers: Some("q3.toml".into()),
            created: "2026-10-02".into(),
            owner: String::new(),
            due: Quarter {
                year: 2026,
                quarter: 4,
            },
            steps,
        }
    }

    #[test]
    fn a_plan_takes_the_roadmap_in_order_with_the_points_each_step_gains() {
        let q3 = card(
            "eleven-pillars",
            &[
                ("pillars.renewals", "basic"),
                ("pillars.training", "advanced"),
            ],
            "2026-09-30",
        );
        assert_eq!(
            default_due(&q3, "2026-10-02").to_string(),
            "2026-Q4",
            "the quarter after the assessment's"
        );
        let plan = plan_from(&q3, &options(Some(3)));
        assert_eq!(plan.steps.len(), 3);
        assert_eq!(plan.baseline.score, 4.0);
        let first = &plan.steps[0];
        assert_eq!(
            (
                first.question.as_str(),
                first.from.as_str(),
                first.to.as_str()
            ),
            ("pillars.onboarding", "Unanswered", "Basic")
        );
        let renewals = plan.steps.iter().find(|s| s.section == "renewals");
        assert_eq!(
            renewals, None,
            "renewals (33%) is not among the three weakest"
        );
        let all = plan_from(&q3, &options(None));
        let renewals = all.steps.iter().find(|s| s.section == "renewals");
        assert_eq!(
            renewals.map(|s| (s.from_points, s.points, s.to.as_str())),
            Some((1.0, 1.0, "Intermediate"))
        );
    }

    #[test]
    fn progress_counts_done_partial_regressed_and_out_of_scope_steps_by_hand() {
        let q3 = card(
            "eleven-pillars",
            &[
                ("pillars.renewals", "basic"),
                ("pillars.training", "intermediate"),
                ("pillars.advocacy", "none"),
                ("pillars.expansion", "basic"),
            ],
            "2026-09-30",
        );
        let mut plan = plan_from(&q3, &options(None));
        // Keep four steps: renewals basic → intermediate (+1), training
        // intermediate → advanced (+1), advocacy none → basic (+1), expansion
        // basic → intermediate (+1).
        plan.steps.retain(|s| {
            ["renewals", "training", "advocacy", "expansion"].contains(&s.section.as_str())
        });
        assert_eq!(plan.steps.len(), 4);
        let q4 = card(
            "eleven-pillars",
            &[
                ("pillars.renewals", "advanced"),       // +2: done (planned 1)
                ("pillars.training", "basic"),          // -1: regressed
                ("pillars.advocacy", "na:Marketing's"), // out of scope
                ("pillars.expansion", "basic"),         // not started
            ],
            "2027-01-15",
        );
        let p = progress(&plan, &standings(&q4), Some("2027-01-15"));
        let status: Vec<(&str, StepStatus, f64, bool)> = p
            .steps
            .iter()
            .map(|s| (s.section.as_str(), s.status, s.gained, s.overdue))
            .collect();
        let want = |section: &str| status.iter().find(|s| s.0 == section).copied();
        assert_eq!(
            want("renewals"),
            Some(("renewals", StepStatus::Done, 1.0, false))
        );
        assert_eq!(
            want("training"),
            Some(("training", StepStatus::Regressed, 0.0, true))
        );
        assert_eq!(
            want("advocacy"),
            Some(("advocacy", StepStatus::NotApplicable, 0.0, false))
        );
        assert_eq!(
            want("expansion"),
            Some(("expansion", StepStatus::NotStarted, 0.0, true))
        );
        // Three steps in scope, 3 points planned, 1 gained toward them: 33.3%.
        assert_eq!(
            (
                p.done,
                p.in_scope,
                p.planned,
                p.gained,
                p.completion,
                p.overdue
            ),
            (1, 3, 3.0, 1.0, Some(33.3), 2)
        );
    }

    #[test]
    fn over_a_series_each_step_records_when_it_was_done() {
        let q3 = card(
            "cx63",
            &[("onboarding.plan", "no"), ("support.csat", "no")],
            "2026-09-30",
        );
        let mut plan = plan_from(&q3, &options(None));
        plan.steps
            .retain(|s| s.question == "onboarding.plan" || s.question == "support.csat");
        let q4 = card(
            "cx63",
            &[("onboarding.plan", "yes"), ("support.csat", "no")],
            "2026-12-15",
        );
        let q1 = card(
            "cx63",
            &[("onboarding.plan", "yes"), ("support.csat", "yes")],
            "2027-03-20",
        );
        let series = vec![
            ("q4.toml".to_string(), None, standings(&q4)),
            (
                "q1.toml".to_string(),
                Some("2027-03-20".to_string()),
                standings(&q1),
            ),
        ];
        let p = progress_over(&plan, &series);
        let done_at: Vec<Option<&str>> = p
            .as_ref()
            .map(|p| p.steps.iter().map(|s| s.done_at.as_deref()).collect())
            .unwrap_or_default();
        assert_eq!(done_at, [Some("q4.toml"), Some("2027-03-20")]);
        let completion: Vec<Option<f64>> = p
            .map(|p| p.history.iter().map(|m| m.completion).collect())
            .unwrap_or_default();
        assert_eq!(completion, [Some(50.0), Some(100.0)]);
    }
}
