//! "Not applicable" on every shipped framework, computed by hand: what leaves
//! the maximum, the percent, and where points-based bands are read (the score
//! rescaled to the framework's whole maximum).

use super::*;
use crate::answers::{self, Syntax};
use crate::framework::Catalog;

fn framework(id: &str) -> Framework {
    match Catalog::default().load(id, None) {
        Ok(l) => l.framework,
        Err(e) => panic!("{e}"),
    }
}

/// Answers from `(id, value)` pairs (strings, or numbers when they parse) and
/// `(id, reason)` pairs not applicable.
fn answers(fw: &str, given: &[(&str, &str)], na: &[(&str, &str)]) -> Answers {
    Answers {
        framework: fw.into(),
        answers: given
            .iter()
            .map(|(k, v)| (k.to_string(), AnswerValue::Text(v.to_string())))
            .collect(),
        not_applicable: na
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..Answers::default()
    }
}

/// The answers of a framework's example, with some questions moved to "not applicable".
fn example(fw: &Framework, name: &str, na: &[(&str, &str)]) -> Answers {
    let ex = fw.examples.iter().find(|e| e.name == name);
    let mut a = Answers {
        framework: fw.id.clone(),
        answers: ex.map(|e| e.answers.clone()).unwrap_or_default(),
        not_applicable: ex.map(|e| e.not_applicable.clone()).unwrap_or_default(),
        ..Answers::default()
    };
    for (id, why) in na {
        a.answers.remove(*id);
        a.not_applicable.insert(id.to_string(), why.to_string());
    }
    a
}

fn section<'a>(card: &'a Scorecard, id: &str) -> &'a SectionScore {
    match card.sections.iter().find(|s| s.id == id) {
        Some(s) => s,
        None => panic!("no section {id}"),
    }
}

fn band(card: &Scorecard) -> &str {
    card.band.as_ref().map_or("(none)", |b| b.label.as_str())
}

/// CX63's 30 scored questions, all "yes" but those listed with another value.
fn cx63_all_yes_but(fw: &Framework, other: &[(&str, &str)]) -> Vec<(String, String)> {
    fw.questions()
        .filter(|(_, q)| q.is_scored())
        .map(|(_, q)| {
            let v = other
                .iter()
                .find(|(id, _)| *id == q.id)
                .map_or("yes", |(_, v)| v);
            (q.id.clone(), v.to_string())
        })
        .filter(|(_, v)| v != "-")
        .collect()
}

fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}

#[test]
fn cx63_out_of_scope_leaves_the_maximum_and_the_source_bands_read_the_rescaled_score() {
    let fw = framework("cx63");
    let na = [
        ("feedback.lead-handoff", "Product-led: no sales team"),
        ("renewals.multi-year-incentives", "Monthly plans only"),
    ];
    // 28 questions in scope; two of them "no": 26 of 28.
    let given = cx63_all_yes_but(
        &fw,
        &[
            ("feedback.lead-handoff", "-"),
            ("renewals.multi-year-incentives", "-"),
            ("proactive.qbrs", "no"),
            ("support.escalations", "no"),
        ],
    );
    let card = score(&fw, &answers("cx63", &pairs(&given), &na));
    assert_eq!(
        (card.total.score, card.total.max, card.total.percent),
        (26.0, 28.0, 92.9)
    );
    assert_eq!(
        (card.total.out_of_scope, card.total.not_applicable),
        (2.0, 2)
    );
    // 26 × 30 ÷ 28 = 27.857…: the source's "27–30 points".
    assert_eq!(
        card.band_reading,
        Some(BandReading {
            score: 27.86,
            max: 30.0,
            source_bands: true
        })
    );
    assert_eq!(band(&card), "27–30 points");
    let feedback = section(&card, "feedback");
    assert_eq!(
        (
            feedback.score,
            feedback.max,
            feedback.out_of_scope,
            feedback.not_applicable
        ),
        (4.0, 4.0, 1.0, 1)
    );
    assert_eq!(section(&card, "renewals").max, 4.0);
    assert_eq!(
        card.not_applicable,
        [
            NotApplicable {
                section: "renewals".into(),
                question: "renewals.multi-year-incentives".into(),
                reason: "Monthly plans only".into(),
                points: 1.0
            },
            NotApplicable {
                section: "feedback".into(),
                question: "feedback.lead-handoff".into(),
                reason: "Product-led: no sales team".into(),
                points: 1.0
            },
        ]
    );
    let q = card
        .questions
        .iter()
        .find(|q| q.id == "feedback.lead-handoff");
    assert_eq!(
        q.map(|q| (q.status, q.max, q.out_of_scope, q.answer_label.as_deref())),
        Some((Status::NotApplicable, 0.0, 1.0, Some("Not applicable")))
    );
    assert!(
        card.recommendations
            .iter()
            .all(|r| r.question != "feedback.lead-handoff"),
        "nothing out of scope is advised"
    );
    assert!(
        !card
            .unanswered
            .contains(&"feedback.lead-handoff".to_string())
    );

    // The same program answering No to both: 26 of 30, a band lower, read as is.
    let mut no = answers("cx63", &pairs(&given), &[]);
    for (id, _) in na {
        no.answers.insert(id.into(), AnswerValue::Text("no".into()));
    }
    let card = score(&fw, &no);
    assert_eq!((card.total.score, card.total.max), (26.0, 30.0));
    assert_eq!(band(&card), "23–26 points");
    assert_eq!(card.band_reading, None);
}

#[test]
fn cx63_a_rescaled_score_between_two_bands_reads_in_the_lower() {
    let fw = framework("cx63");
    // 22 yes of 29 in scope: 22 × 30 ÷ 29 = 22.76, short of the 23 the next band starts at.
    let mut other: Vec<(&str, &str)> = vec![("feedback.lead-handoff", "-")];
    let noes = [
        "onboarding.plan",
        "activation.defined",
        "proactive.qbrs",
        "support.csat",
        "renewals.early-start",
        "renewals.multi-year-incentives",
        "feedback.campaigns-updated",
    ];
    other.extend(noes.iter().map(|id| (*id, "no")));
    let given = cx63_all_yes_but(&fw, &other);
    let card = score(
        &fw,
        &answers(
            "cx63",
            &pairs(&given),
            &[("feedback.lead-handoff", "No marketing team")],
        ),
    );
    assert_eq!((card.total.score, card.total.max), (22.0, 29.0));
    assert_eq!(card.band_reading.as_ref().map(|r| r.score), Some(22.76));
    assert_eq!(band(&card), "14–22 points");
}

#[test]
fn cx63_core_questions_refuse_not_applicable_with_the_reason() {
    let fw = framework("cx63");
    let src = "framework = \"cx63\"\n[not_applicable]\n\"support.help-desk\" = \"We have no help desk\"\n";
    let loaded = match answers::parse("a.toml", src.into(), Syntax::Toml) {
        Ok(l) => l,
        Err(d) => panic!("{}", d[0].headline()),
    };
    let problems = answers::validate(&loaded, &fw);
    assert_eq!(
        problems[0].headline(),
        "a.toml:3:1: `support.help-desk` cannot be marked not applicable: CX63 Customer Success Maturity Scorecard says it applies to every program (`not_applicable = false`)"
    );
    assert_eq!(
        problems[0].help.as_deref(),
        Some("answer it \"yes\", \"no\" or \"idk\" instead")
    );
    assert!(!fw.question_allows_not_applicable("support.help-desk"));
    assert!(fw.question_allows_not_applicable("feedback.lead-handoff"));
    assert!(fw.question_allows_not_applicable("renewals.multi-year-incentives"));
    let allowed = fw
        .questions()
        .filter(|(s, q)| fw.allows_not_applicable(s, q))
        .count();
    assert_eq!(allowed, 2, "only the two questions marked in the file");
}

#[test]
fn eleven_pillars_bands_read_the_score_rescaled_to_33() {
    let fw = framework("eleven-pillars");
    let card = score(&fw, &example(&fw, "no-advocacy-program", &[]));
    // Six pillars advanced (18) and four intermediate (8): 26 of 30; 26 × 33 ÷ 30 = 28.6.
    assert_eq!(
        (card.total.score, card.total.max, card.total.percent),
        (26.0, 30.0, 86.7)
    );
    assert_eq!(card.band_reading.as_ref().map(|r| r.score), Some(28.6));
    assert_eq!(
        card.band_reading.as_ref().map(|r| r.source_bands),
        Some(false),
        "the 11 Pillars' bands are cs-scorecard's"
    );
    assert_eq!(band(&card), "Advanced");
    assert_eq!(section(&card, "advocacy").percent, None);
    assert!(
        !card.profile.weakest.contains(&"advocacy".to_string()),
        "a pillar out of scope is neither strongest nor weakest"
    );
    // Expansion out of scope as well: 24 of 27; 24 × 33 ÷ 27 = 29.33.
    let card = score(
        &fw,
        &example(
            &fw,
            "no-advocacy-program",
            &[("pillars.expansion", "Sales owns all revenue")],
        ),
    );
    assert_eq!((card.total.score, card.total.max), (24.0, 27.0));
    assert_eq!(card.band_reading.as_ref().map(|r| r.score), Some(29.33));
    assert_eq!(card.total.out_of_scope, 6.0);
    assert!(!fw.question_allows_not_applicable("pillars.escalations"));
}

#[test]
fn cs_scoring_bands_read_the_score_rescaled_to_12() {
    let fw = framework("cs-scoring");
    let card = score(&fw, &example(&fw, "single-product", &[]));
    // 2 + 2 + 1 + 1 + 2 = 8 of 10; 8 × 12 ÷ 10 = 9.6: Operationalized (from 9).
    assert_eq!(
        (card.total.score, card.total.max, card.total.percent),
        (8.0, 10.0, 80.0)
    );
    assert_eq!(card.band_reading.as_ref().map(|r| r.score), Some(9.6));
    assert_eq!(band(&card), "Operationalized");
    assert!(!fw.question_allows_not_applicable("scoring.governance"));
}

#[test]
fn cspi_percent_bands_read_the_percent_in_scope_without_rescaling() {
    let fw = framework("cspi");
    // early-stage: 17 of 96. q30 (0 of 6 points) out of scope: 17 of 90 = 18.9%.
    let card = score(
        &fw,
        &example(&fw, "early-stage", &[("q30", "We sell no training")]),
    );
    assert_eq!(
        (card.total.score, card.total.max, card.total.percent),
        (17.0, 90.0, 18.9)
    );
    assert_eq!(card.band_reading, None, "percent bands need no rescaling");
    assert_eq!(band(&card), "Emerging");
    let onboarding = section(&card, "onboarding");
    assert_eq!(
        (onboarding.score, onboarding.max, onboarding.out_of_scope),
        (0.0, 6.0, 6.0)
    );
    // Five zero-scoring questions out of scope (30 points): 17 of 66 = 25.8%, Developing.
    let na: Vec<(&str, &str)> = ["q21", "q22", "q23", "q29", "q30"]
        .iter()
        .map(|id| (*id, "Not part of our program"))
        .collect();
    let card = score(&fw, &example(&fw, "early-stage", &na));
    assert_eq!(
        (card.total.score, card.total.max, card.total.percent),
        (17.0, 66.0, 25.8)
    );
    assert_eq!(band(&card), "Developing");
    assert!(
        !fw.question_allows_not_applicable("q1"),
        "the profile always applies"
    );
    assert!(fw.question_allows_not_applicable("q29"));
}

#[test]
fn certinia_attachment_rates_out_of_scope_for_a_business_without_services() {
    let fw = framework("certinia");
    let card = score(
        &fw,
        &example(
            &fw,
            "early-stage",
            &[("metrics.attachment", "We sell no services")],
        ),
    );
    // 7 of 60 before; the metric (1 point, answered No) leaves: 7 of 59 = 11.9%.
    assert_eq!(
        (card.total.score, card.total.max, card.total.percent),
        (7.0, 59.0, 11.9)
    );
    let metrics = section(&card, "key-metrics");
    assert_eq!(
        (metrics.score, metrics.max, metrics.percent),
        (2.0, 8.0, Some(25.0))
    );
    assert_eq!(band(&card), "Ad hoc");
    assert_eq!(card.band_reading, None);
}

#[test]
fn a_follow_up_of_a_question_out_of_scope_is_not_asked() {
    let fw = framework("cx63");
    let card = score(
        &fw,
        &answers(
            "cx63",
            &[("activation.onboarding-success-steps", "Kickoff")],
            &[("activation.onboarding-mode", "irrelevant here")],
        ),
    );
    let q = card
        .questions
        .iter()
        .find(|q| q.id == "activation.onboarding-success-steps");
    assert_eq!(q.map(|q| q.status), Some(Status::NotAsked));
}

#[test]
fn everything_out_of_scope_gives_no_band_and_no_percent_of_a_section() {
    let fw = framework("cs-scoring");
    let na: Vec<(&str, &str)> = vec![("scoring.expansion-readiness", "Nothing to expand into")];
    let mut a = answers("cs-scoring", &[], &na);
    let card = score(&fw, &a);
    assert_eq!(section(&card, "expansion-readiness").percent, None);
    assert_eq!(card.total.max, 10.0);
    // With nothing in scope no band can be read.
    a.not_applicable = fw
        .questions()
        .map(|(_, q)| (q.id.clone(), "x".to_string()))
        .collect();
    let card = score(&fw, &a);
    assert_eq!((card.total.max, card.total.out_of_scope), (0.0, 12.0));
    assert_eq!(card.band, None);
    assert_eq!(card.band_reading, None);
}
