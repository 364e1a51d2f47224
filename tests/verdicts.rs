//! Scorecard verdicts that hold up in front of a board: bands that the answers
//! do not contradict, unknown answers shown as a range, CSPI's structure
//! before its tick boxes, the roadmap in the source's order. Each test fails
//! on the output before issue 23.

mod common;

use std::path::Path;

use common::{cmd, root, run_with, write};
use cs_scorecard::answers::{AnswerValue, Answers};
use cs_scorecard::framework::{Catalog, Framework, Kind};
use cs_scorecard::scoring::{Scorecard, score};

fn framework(id: &str) -> Framework {
    Catalog::default()
        .load(id, None)
        .unwrap_or_else(|e| panic!("{id}: {e}"))
        .framework
}

/// Every scored question at its best, then the given answers over them.
fn best_but(fw: &Framework, changes: &[(&str, AnswerValue)]) -> Answers {
    let mut a = Answers {
        framework: fw.id.clone(),
        ..Answers::default()
    };
    for (_, q) in fw.questions().filter(|(_, q)| q.is_scored()) {
        let v = match q.kind {
            Kind::YesNoIdk => AnswerValue::Text("yes".into()),
            Kind::Level | Kind::Single => AnswerValue::Text(
                q.options
                    .iter()
                    .max_by(|a, b| a.points.total_cmp(&b.points))
                    .map(|o| o.id.clone())
                    .unwrap_or_default(),
            ),
            Kind::Multi => AnswerValue::List(
                q.options
                    .iter()
                    .filter(|o| !o.exclusive && o.points > 0.0)
                    .map(|o| o.id.clone())
                    .collect(),
            ),
            _ => continue,
        };
        a.answers.insert(q.id.clone(), v);
    }
    for (id, v) in changes {
        a.answers.insert((*id).to_string(), v.clone());
    }
    a
}

/// A shipped example's answers.
fn example(id: &str) -> Answers {
    let text =
        std::fs::read_to_string(root().join(format!("examples/{id}.toml"))).unwrap_or_default();
    cs_scorecard::answers::parse(id, text, cs_scorecard::answers::Syntax::Toml)
        .unwrap_or_else(|e| panic!("{id}: {}", e.len()))
        .answers
}

fn t(s: &str) -> AnswerValue {
    AnswerValue::Text(s.into())
}

fn list(ids: &[&str]) -> AnswerValue {
    AnswerValue::List(ids.iter().map(|s| (*s).to_string()).collect())
}

fn band(card: &Scorecard) -> &str {
    card.band.as_ref().map_or("", |b| b.label.as_str())
}

/// Writes answers as a TOML answers file and returns its path.
fn file(dir: &Path, name: &str, fw: &Framework, a: &Answers) -> String {
    let mut text = format!(
        "framework = \"{}\"\nframework_version = \"{}\"\n[answers]\n",
        fw.id, fw.version
    );
    for (k, v) in &a.answers {
        let value = match v {
            AnswerValue::Text(s) => format!("{s:?}"),
            AnswerValue::Number(n) => n.to_string(),
            AnswerValue::List(l) => format!(
                "[{}]",
                l.iter()
                    .map(|s| format!("{s:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        text.push_str(&format!("{k:?} = {value}\n"));
    }
    write(dir, name, &text).display().to_string()
}

fn table(args: &[&str]) -> String {
    let r = run_with(cmd().env("COLUMNS", "200").args(args));
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    r.stdout
}

#[test]
fn eleven_pillars_with_renewals_at_none_is_not_advanced() {
    let fw = framework("eleven-pillars");
    let card = score(&fw, &best_but(&fw, &[("pillars.renewals", t("none"))]));
    // 10 pillars Advanced: 30 of 33, which alone reads Advanced.
    assert_eq!(card.total.score, 30.0);
    assert_eq!(band(&card), "Intermediate");
    let cap = card.band_cap.clone().unwrap_or_else(|| panic!("no cap"));
    assert_eq!(cap.uncapped, "Advanced");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = file(
        dir.path(),
        "a.toml",
        &fw,
        &best_but(&fw, &[("pillars.renewals", t("none"))]),
    );
    let out = table(&["score", &path]);
    assert!(out.contains("Band: Intermediate\n"), "{out}");
    assert!(
        out.contains("  Held at Intermediate, though the total alone reads Advanced: A pillar has no program at all (None), and an Advanced program has every pillar in place"),
        "{out}"
    );
}

#[test]
fn cs_scoring_keeps_governing_only_where_it_governs() {
    let fw = framework("cs-scoring");
    // Set-and-forget governance: 10 of 12, held at Defined.
    let card = score(&fw, &best_but(&fw, &[("scoring.governance", t("ad-hoc"))]));
    assert_eq!((card.total.score, band(&card)), (10.0, "Defined"));
    // Occasional reviews: Operationalized, without "Keep governing … every month".
    let card = score(&fw, &best_but(&fw, &[("scoring.governance", t("defined"))]));
    let text = card.band.as_ref().map_or("", |b| b.text.as_str());
    assert_eq!(band(&card), "Operationalized");
    assert!(
        !text.contains("Keep governing the model every month"),
        "{text}"
    );
    assert!(
        text.contains("The model is not yet governed every month"),
        "{text}"
    );
    let card = score(&fw, &best_but(&fw, &[]));
    let text = card.band.as_ref().map_or("", |b| b.text.as_str());
    assert!(
        text.contains("Keep governing the model every month"),
        "{text}"
    );
}

#[test]
fn certinia_connected_without_metrics_does_not_advise_using_them() {
    let fw = framework("certinia");
    let no: Vec<(&str, AnswerValue)> = fw
        .questions()
        .filter(|(s, _)| s.id == "key-metrics")
        .map(|(_, q)| (q.id.as_str(), t("no")))
        .collect();
    let card = score(&fw, &best_but(&fw, &no));
    // 17 prompts Connected, no metric: 51 of 60 = 85%.
    assert_eq!((card.total.score, band(&card)), (51.0, "Connected"));
    let text = card.band.as_ref().map_or("", |b| b.text.as_str());
    assert!(!text.contains("Use account-level profitability"), "{text}");
    assert!(
        text.contains("you cannot produce both yet: produce them first"),
        "{text}"
    );
    // A prompt still Ad hoc holds the band at Established.
    let card = score(&fw, &best_but(&fw, &[("processes.handoff", t("ad-hoc"))]));
    assert_eq!((card.total.score, band(&card)), (57.0, "Established"));
}

#[test]
fn i_dont_know_is_a_range_and_a_provisional_score() {
    let fw = framework("cx63");
    let yes_no: Vec<String> = fw
        .questions()
        .filter(|(_, q)| q.kind == Kind::YesNoIdk)
        .map(|(_, q)| q.id.clone())
        .collect();
    let mut a = Answers {
        framework: "cx63".into(),
        ..Answers::default()
    };
    for (i, id) in yes_no.iter().enumerate() {
        let v = match i {
            0..8 => "yes",
            8..10 => "no",
            _ => "idk",
        };
        a.answers.insert(id.clone(), t(v));
    }
    let card = score(&fw, &a);
    assert_eq!((card.total.score, band(&card)), (8.0, "Below 14 points"));
    let p = card.possible.clone().unwrap_or_else(|| panic!("no range"));
    assert_eq!(
        (p.unknown, p.asked, p.high, p.provisional),
        (20, 30, 28.0, true)
    );
    assert_eq!(p.high_band.as_deref(), Some("27–30 points"));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = file(dir.path(), "a.toml", &fw, &a);
    let out = table(&["score", &path]);
    assert!(
        out.contains("Provisional: 20 of 30 scored questions are \"I don't know\" or unanswered: the score could be anywhere from 8/30 to 28/30 (26.7% to 93.3%, band 27–30 points)."),
        "{out}"
    );
    assert!(
        out.contains("Band: Below 14 points (provisional)\n"),
        "{out}"
    );
    // Two unknowns of 30 give a range but no provisional mark.
    let ex = score(&fw, &example("cx63"));
    assert!(
        ex.possible
            .is_some_and(|p| !p.provisional && p.unknown == 2)
    );
}

#[test]
fn cspi_reads_structure_before_tick_boxes() {
    let fw = framework("cspi");
    // One CSM, a cost center, no segmentation, every box ticked.
    let answers = best_but(
        &fw,
        &[
            ("q17", t("cost-center")),
            ("q18", t("single-csm")),
            ("q21", t("none")),
        ],
    );
    let card = score(&fw, &answers);
    let q = |id: &str| {
        card.questions
            .iter()
            .find(|q| q.id == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id}"))
    };
    // What segments are used for is not asked without segments, and scores 0 of 6.
    let q22 = q("q22");
    assert_eq!(q22.status, cs_scorecard::scoring::Status::NotAsked);
    assert_eq!((q22.score, q22.max), (0.0, 6.0));
    let seg = card
        .sections
        .iter()
        .find(|s| s.id == "segmentation")
        .cloned();
    assert_eq!(seg.map(|s| (s.score, s.max)), Some((0.0, 12.0)));
    // Operations functions without operations roles count 1 of 3; resources
    // aligned with a segmentation there is none of count as several (2 of 3).
    assert_eq!(
        (q("q20").score, q("q20").capped.map(|c| c.uncapped)),
        (1.0, Some(3.0))
    );
    assert_eq!(q("q26").score, 2.0);
    assert_eq!(q("q27").score, 2.0);
    assert_eq!(q("q34").score, 2.0);
    // 74 of 96 = 77.1% would be Best in class: held at Established.
    assert_eq!((card.total.score, card.total.max), (74.0, 96.0));
    assert_eq!(band(&card), "Established");
    assert_eq!(
        card.band_cap.map(|c| c.uncapped).as_deref(),
        Some("Best in class")
    );
    let steps: Vec<&str> = card
        .recommendations
        .iter()
        .map(|r| r.question.as_str())
        .collect();
    assert!(steps.contains(&"q20"), "{steps:?}");
    assert!(!steps.contains(&"q22"), "{steps:?}");
}

#[test]
fn cspi_full_marks_without_an_roi_measure_still_advises_one() {
    let fw = framework("cspi");
    let card = score(
        &fw,
        &best_but(
            &fw,
            &[(
                "q33",
                list(&[
                    "nps",
                    "logins",
                    "features-used",
                    "open-tickets",
                    "community-engagement",
                ]),
            )],
        ),
    );
    let q33 = card.questions.iter().find(|q| q.id == "q33").cloned();
    assert_eq!(q33.map(|q| (q.score, q.max)), Some((5.0, 5.0)));
    let step = card
        .recommendations
        .iter()
        .find(|r| r.question == "q33")
        .unwrap_or_else(|| panic!("no step for q33"));
    assert_eq!((step.next.as_str(), step.gain), ("ROI based on usage", 0.0));
    assert!(
        step.text.starts_with("Measure the ROI customers get"),
        "{}",
        step.text
    );
}

#[test]
fn the_roadmap_follows_the_sources_priorities_then_the_gain() {
    // CX63 14–22: the band's text names onboarding, proactive health monitoring and
    // renewal preparation first; the example's weakest section is the feedback loop.
    let fw = framework("cx63");
    let card = score(&fw, &example("cx63"));
    let sections: Vec<&str> = card
        .recommendations
        .iter()
        .map(|r| r.section.as_str())
        .collect();
    let firsts: Vec<&str> = {
        let mut seen = Vec::new();
        for s in &sections {
            if !seen.contains(s) {
                seen.push(*s);
            }
        }
        seen
    };
    assert_eq!(
        &firsts[..3],
        ["onboarding", "proactive", "renewals"],
        "{sections:?}"
    );
    assert_eq!(
        card.roadmap_priorities,
        ["onboarding", "proactive", "renewals"]
    );
    // The scoring playbook: Define Outcomes → Select Signals → Weight & Normalize →
    // Tier Accounts → Trigger Plays → Govern & Improve, whatever is weakest.
    let fw = framework("cs-scoring");
    let mut a = Answers {
        framework: fw.id.clone(),
        ..Answers::default()
    };
    for (id, lane) in [
        ("scoring.health-definition", "defined"),
        ("scoring.signal-instrumentation", "defined"),
        ("scoring.tiering-slas", "ad-hoc"),
        ("scoring.renewal-forecast", "defined"),
        ("scoring.expansion-readiness", "ad-hoc"),
        ("scoring.governance", "ad-hoc"),
    ] {
        a.answers.insert(id.into(), t(lane));
    }
    let card = score(&fw, &a);
    let order: Vec<&str> = card
        .recommendations
        .iter()
        .map(|r| r.section.as_str())
        .collect();
    assert_eq!(
        order,
        [
            "health-definition",
            "signal-instrumentation",
            "renewal-forecast",
            "tiering-slas",
            "expansion-readiness",
            "governance"
        ]
    );
}

#[test]
fn answers_given_before_a_scoring_change_still_score_with_a_warning() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (id, old, new) in [
        ("eleven-pillars", "1.0.0", "1.1.0"),
        ("cs-scoring", "1.0.0", "1.1.0"),
        ("certinia", "1.1.0", "1.2.0"),
        ("cspi", "1.1.0", "1.2.0"),
    ] {
        let text = std::fs::read_to_string(root().join(format!("examples/{id}.toml")))
            .unwrap_or_default()
            .replace(
                &format!("framework_version = \"{new}\""),
                &format!("framework_version = \"{old}\""),
            );
        let path = write(dir.path(), &format!("{id}.toml"), &text);
        let r = run_with(cmd().args(["score", &path.display().to_string()]));
        assert_eq!(r.code, 0, "{id}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!(
                "answers were given against {id} version {old}; scoring with version {new}"
            )),
            "{id}: {}",
            r.stderr
        );
    }
}
