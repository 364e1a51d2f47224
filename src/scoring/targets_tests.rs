//! Targets per section: the gap, computed by hand, and the roadmap ordered by it.

use super::*;
use crate::framework::Catalog;

fn framework(id: &str) -> Framework {
    match Catalog::default().load(id, None) {
        Ok(l) => l.framework,
        Err(e) => panic!("{e}"),
    }
}

fn pillars(answers: &[(&str, &str)], targets: &[(&str, Target)]) -> Scorecard {
    let fw = framework("eleven-pillars");
    let a = Answers {
        framework: fw.id.clone(),
        answers: answers
            .iter()
            .map(|(k, v)| (format!("pillars.{k}"), AnswerValue::Text(v.to_string())))
            .collect(),
        targets: targets
            .iter()
            .map(|(k, t)| (k.to_string(), t.clone()))
            .collect(),
        ..Answers::default()
    };
    score(&fw, &a)
}

fn target<'a>(card: &'a Scorecard, id: &str) -> &'a SectionTarget {
    match card
        .sections
        .iter()
        .find(|s| s.id == id)
        .and_then(|s| s.target.as_ref())
    {
        Some(t) => t,
        None => panic!("no target on {id}"),
    }
}

#[test]
fn a_percent_target_shows_the_gap_in_percentage_points_and_points() {
    let card = pillars(
        &[("renewals", "basic"), ("onboarding", "advanced")],
        &[
            ("renewals", Target::Percent(80.0)),
            ("onboarding", Target::Percent(100.0)),
        ],
    );
    // Renewals: 1 of 3 = 33.3%; 80% of 3 = 2.4 points; gap 46.7 points of percent, 1.4 points.
    let t = target(&card, "renewals");
    assert_eq!(
        (t.percent, t.points, t.gap, t.gap_points, t.status),
        (80.0, 2.4, 46.7, 1.4, TargetStatus::Missed)
    );
    let t = target(&card, "onboarding");
    assert_eq!(
        (t.gap, t.gap_points, t.status),
        (0.0, 0.0, TargetStatus::Met)
    );
    assert_eq!(
        card.targets,
        Some(TargetsSummary {
            set: 2,
            met: 1,
            missed: vec!["renewals".into()],
            out_of_scope: 0
        })
    );
}

#[test]
fn a_percent_target_is_met_as_the_percent_reads() {
    // Two thirds read 66.7%: a 66.7% target is met, though 66.7% of 3 is 2.001 points.
    let fw = framework("cx63");
    let yes = AnswerValue::Text("yes".into());
    let mut a = Answers {
        framework: "cx63".into(),
        ..Answers::default()
    };
    let no = AnswerValue::Text("no".into());
    a.answers.insert("onboarding.handoff".into(), yes.clone());
    a.answers.insert("onboarding.plan".into(), yes);
    a.answers
        .insert("onboarding.engagement-tracking".into(), no);
    for id in ["onboarding.expectations", "onboarding.education"] {
        a.not_applicable.insert(id.into(), "x".into());
    }
    a.targets.insert("onboarding".into(), Target::Percent(66.7));
    let card = score(&fw, &a);
    let s = &card.sections[0];
    assert_eq!((s.score, s.max, s.percent), (2.0, 3.0, Some(66.7)));
    assert_eq!(s.target.as_ref().map(|t| t.status), Some(TargetStatus::Met));
}

#[test]
fn a_lane_target_asks_every_question_of_the_section_to_reach_the_lane() {
    let card = pillars(
        &[("renewals", "basic"), ("training", "advanced")],
        &[
            ("renewals", Target::Level("advanced".into())),
            ("training", Target::Level("intermediate".into())),
            ("expansion", Target::Level("intermediate".into())),
        ],
    );
    // Renewals: basic (1) toward advanced (3): 2 points, 66.7 percentage points.
    let t = target(&card, "renewals");
    assert_eq!(
        (t.level.as_deref(), t.percent, t.points, t.gap, t.gap_points),
        (Some("advanced"), 100.0, 3.0, 66.7, 2.0)
    );
    // Training is above its lane: met.
    assert_eq!(target(&card, "training").status, TargetStatus::Met);
    let t = target(&card, "training");
    assert_eq!((t.percent, t.points), (66.7, 2.0));
    // Expansion unanswered: 0 toward intermediate (2 of 3).
    let t = target(&card, "expansion");
    assert_eq!(
        (t.gap, t.gap_points, t.status),
        (66.7, 2.0, TargetStatus::Missed)
    );
}

#[test]
fn a_section_wholly_out_of_scope_has_its_target_out_of_scope() {
    let fw = framework("eleven-pillars");
    let mut a = Answers {
        framework: fw.id.clone(),
        ..Answers::default()
    };
    a.not_applicable
        .insert("pillars.advocacy".into(), "Marketing's".into());
    a.targets.insert("advocacy".into(), Target::Percent(50.0));
    let card = score(&fw, &a);
    let t = target(&card, "advocacy");
    assert_eq!((t.status, t.gap), (TargetStatus::OutOfScope, 0.0));
    assert_eq!(card.targets.as_ref().map(|t| t.out_of_scope), Some(1));
}

#[test]
fn the_roadmap_starts_with_the_largest_gap_to_target_then_the_gain() {
    // Without targets the weakest pillars come first.
    let plain = pillars(
        &[
            ("renewals", "basic"),
            ("expansion", "none"),
            ("onboarding", "intermediate"),
        ],
        &[],
    );
    let order = |c: &Scorecard| -> Vec<String> {
        c.recommendations
            .iter()
            .take(3)
            .map(|r| r.section.clone())
            .collect()
    };
    assert_eq!(
        order(&plain),
        ["training", "escalations", "one-view"],
        "the weakest pillars (0%) first, in framework order"
    );
    let card = pillars(
        &[
            ("renewals", "basic"),
            ("expansion", "none"),
            ("onboarding", "intermediate"),
        ],
        &[
            ("renewals", Target::Percent(100.0)),
            ("onboarding", Target::Percent(100.0)),
            ("expansion", Target::Percent(30.0)),
        ],
    );
    // Gaps: renewals 66.7, onboarding 33.3, expansion 30: in that order, whatever the percents.
    assert_eq!(order(&card), ["renewals", "onboarding", "expansion"]);
    assert_eq!(card.recommendations[0].target_gap, Some(66.7));
    assert_eq!(
        card.recommendations.get(3).map(|r| r.target_gap),
        Some(None),
        "sections without a target follow"
    );
}
