use super::*;
use crate::framework::{Framework, parse_framework};

const FW: &str = r#"
id = "t"
title = "T"
version = "1"
description = "d"
band_basis = "points"

[[sections]]
id = "a"
title = "A"
[[sections.questions]]
id = "yn"
kind = "yes_no_idk"
text = "Yes or no?"
points = 2
recommendation = "Do it."
[[sections.questions]]
id = "lvl"
kind = "level"
text = "How mature?"
options = [
  { id = "none", label = "None", points = 0 },
  { id = "basic", label = "Basic", points = 1, description = "Basic lane." },
  { id = "advanced", label = "Advanced", points = 3, description = "Advanced lane." },
]
[[sections.questions]]
id = "why"
kind = "text"
text = "Why?"
when = { question = "yn", is = "yes" }

[[sections]]
id = "b"
title = "B"
[[sections.questions]]
id = "many"
kind = "multi"
text = "Which?"
max_points = 4
options = [
  { id = "none", label = "None of these", exclusive = true },
  { id = "x", label = "X", points = 2 },
  { id = "y", label = "Y", points = 2 },
  { id = "z", label = "Z", points = 1 },
]
[[sections.questions]]
id = "num"
kind = "number"
text = "How many?"
min = 0
max = 100
thresholds = [{ min = 10, points = 1 }, { min = 50, points = 2, label = "50 or more" }]
[[sections.questions]]
id = "follow"
kind = "single"
text = "Follow-up?"
when = { question = "many", is = ["x", "y"] }
options = [{ id = "a", label = "A", points = 0 }, { id = "b", label = "B", points = 1 }]

[[bands]]
min = 0
max = 5
label = "low"
text = "Low."
[[bands]]
min = 6
max = 12
label = "high"
text = "High."
"#;

fn fw() -> Framework {
    match parse_framework("t.toml", FW) {
        Ok(f) => f,
        Err(d) => panic!("test framework does not parse: {d}"),
    }
}

fn answers(pairs: &[(&str, AnswerValue)]) -> Answers {
    Answers {
        framework: "t".into(),
        answers: pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        ..Answers::default()
    }
}

fn t(s: &str) -> AnswerValue {
    AnswerValue::Text(s.into())
}

fn list(ids: &[&str]) -> AnswerValue {
    AnswerValue::List(ids.iter().map(|s| s.to_string()).collect())
}

fn q<'a>(card: &'a Scorecard, id: &str) -> &'a QuestionResult {
    match card.questions.iter().find(|q| q.id == id) {
        Some(q) => q,
        None => panic!("no question {id}"),
    }
}

#[test]
fn nothing_answered_scores_zero_and_lists_every_asked_question() {
    let card = score(&fw(), &answers(&[]));
    assert_eq!(card.total.score, 0.0);
    // yn 2 + lvl 3 + many 4 + num 2; `why` and `follow` are not asked.
    assert_eq!(card.total.max, 11.0);
    assert_eq!(card.unanswered, vec!["yn", "lvl", "many", "num"]);
    assert_eq!(q(&card, "why").status, Status::NotAsked);
    assert_eq!(card.band.map(|b| b.label), Some("low".into()));
}

#[test]
fn yes_scores_its_points_no_and_idk_score_zero_and_idk_is_unknown() {
    let f = fw();
    assert_eq!(
        q(&score(&f, &answers(&[("yn", t("yes"))])), "yn").score,
        2.0
    );
    assert_eq!(q(&score(&f, &answers(&[("yn", t("no"))])), "yn").score, 0.0);
    let card = score(&f, &answers(&[("yn", t("idk"))]));
    assert_eq!(q(&card, "yn").score, 0.0);
    assert_eq!(card.unknown, vec!["yn"]);
    assert_eq!(card.sections[0].unknown, 1);
}

#[test]
fn level_scores_the_chosen_lane() {
    let card = score(&fw(), &answers(&[("lvl", t("basic"))]));
    assert_eq!((q(&card, "lvl").score, q(&card, "lvl").max), (1.0, 3.0));
}

#[test]
fn multi_sums_options_within_max_points() {
    let f = fw();
    assert_eq!(
        q(&score(&f, &answers(&[("many", list(&["x"]))])), "many").score,
        2.0
    );
    assert_eq!(
        q(
            &score(&f, &answers(&[("many", list(&["x", "y", "z"]))])),
            "many"
        )
        .score,
        4.0
    );
    assert_eq!(
        q(&score(&f, &answers(&[("many", list(&["none"]))])), "many").score,
        0.0
    );
    assert_eq!(
        q(&score(&f, &answers(&[("many", list(&[]))])), "many").status,
        Status::Answered
    );
}

#[test]
fn number_scores_by_the_highest_threshold_reached() {
    let f = fw();
    let pts = |n: f64| {
        q(
            &score(&f, &answers(&[("num", AnswerValue::Number(n))])),
            "num",
        )
        .score
    };
    assert_eq!(
        (pts(9.9), pts(10.0), pts(49.0), pts(50.0), pts(100.0)),
        (0.0, 1.0, 1.0, 2.0, 2.0)
    );
}

#[test]
fn when_false_counts_toward_neither_score_nor_max() {
    let f = fw();
    let asked = score(&f, &answers(&[("many", list(&["x"])), ("follow", t("b"))]));
    assert_eq!(q(&asked, "follow").status, Status::Answered);
    assert_eq!((asked.total.score, asked.total.max), (3.0, 12.0));
    let not_asked = score(&f, &answers(&[("many", list(&["z"])), ("follow", t("b"))]));
    assert_eq!(q(&not_asked, "follow").status, Status::NotAsked);
    assert_eq!((not_asked.total.score, not_asked.total.max), (1.0, 11.0));
}

#[test]
fn sections_add_up_to_the_total_and_percent_is_rounded() {
    let card = score(
        &fw(),
        &answers(&[
            ("yn", t("yes")),
            ("lvl", t("basic")),
            ("num", AnswerValue::Number(60.0)),
        ]),
    );
    let sum: f64 = card.sections.iter().map(|s| s.score).sum();
    assert_eq!(sum, card.total.score);
    assert_eq!(card.total.score, 5.0);
    assert_eq!(card.total.percent, 45.5);
    assert_eq!(card.sections[0].percent, Some(60.0));
}

#[test]
fn band_edges_belong_to_the_band_that_starts_there() {
    let f = fw();
    let band = |x: f64| find_band(&f.bands, x).map(|b| b.label.as_str());
    assert_eq!(band(0.0), Some("low"));
    assert_eq!(band(5.0), Some("low"));
    assert_eq!(band(5.5), Some("low"));
    assert_eq!(band(6.0), Some("high"));
    assert_eq!(band(12.0), Some("high"));
    assert_eq!(band(12.5), None);
    assert_eq!(band(-1.0), None);
}

#[test]
fn recommendations_go_to_the_next_lane_least_mature_section_first() {
    let card = score(
        &fw(),
        &answers(&[
            ("yn", t("yes")),
            ("lvl", t("basic")),
            ("many", list(&["x"])),
        ]),
    );
    let recs: Vec<(&str, &str, &str)> = card
        .recommendations
        .iter()
        .map(|r| (r.question.as_str(), r.current.as_str(), r.next.as_str()))
        .collect();
    // Section b (2/6 = 33%) comes before section a (3/5 = 60%).
    assert_eq!(
        recs,
        vec![
            ("many", "1 of 3 chosen", "Y"),
            ("num", "Unanswered", "at least 10"),
            ("follow", "Unanswered", "B"),
            ("lvl", "Basic", "Advanced")
        ]
    );
    let lvl = card.recommendations.iter().find(|r| r.question == "lvl");
    assert_eq!(
        lvl.map(|r| (r.text.as_str(), r.points_available, r.gain)),
        Some(("Work toward Advanced: Advanced lane.", 2.0, 2.0))
    );
}

fn rec<'a>(card: &'a Scorecard, id: &str) -> &'a Recommendation {
    match card.recommendations.iter().find(|r| r.question == id) {
        Some(r) => r,
        None => panic!("no recommendation for {id}"),
    }
}

#[test]
fn each_step_shows_what_that_step_gains_not_everything_left() {
    let card = score(&fw(), &answers(&[("lvl", t("none")), ("many", list(&[]))]));
    // None → Basic is worth 1 of the 3 points left; the first option to add is
    // worth 2 of the 4 left; the first threshold 1 of 2.
    let lvl = rec(&card, "lvl");
    assert_eq!(
        (lvl.next.as_str(), lvl.gain, lvl.points_available),
        ("Basic", 1.0, 3.0)
    );
    let many = rec(&card, "many");
    assert_eq!(
        (many.next.as_str(), many.gain, many.points_available),
        ("X", 2.0, 4.0)
    );
    let num = rec(&card, "num");
    assert_eq!((num.gain, num.points_available), (1.0, 2.0));
}

#[test]
fn within_a_section_the_biggest_gain_comes_first() {
    let card = score(&fw(), &answers(&[("yn", t("no")), ("lvl", t("basic"))]));
    let order: Vec<&str> = card
        .recommendations
        .iter()
        .filter(|r| r.section == "a")
        .map(|r| r.question.as_str())
        .collect();
    // yn gains 2, lvl Basic → Advanced gains 2: ties keep framework order.
    assert_eq!(order, ["yn", "lvl"]);
    // With "yes" worth 1, Basic → Advanced (+2) goes before yn (+1).
    let src = FW.replace("points = 2\nrecommendation", "points = 1\nrecommendation");
    let f = match parse_framework("t.toml", &src) {
        Ok(f) => f,
        Err(d) => panic!("{d}"),
    };
    let card = score(&f, &answers(&[("yn", t("no")), ("lvl", t("basic"))]));
    let order: Vec<&str> = card
        .recommendations
        .iter()
        .filter(|r| r.section == "a")
        .map(|r| r.question.as_str())
        .collect();
    assert_eq!(order, ["lvl", "yn"]);
}

#[test]
fn dont_know_gets_find_out_first_advice_and_no_gets_none() {
    let idk = score(&fw(), &answers(&[("yn", t("idk"))]));
    let r = rec(&idk, "yn");
    assert_eq!(r.find_out.as_deref(), Some(FIND_OUT_DEFAULT));
    assert_eq!(r.text, "Do it.");
    let no = score(&fw(), &answers(&[("yn", t("no"))]));
    assert_eq!(rec(&no, "yn").find_out, None);
}

#[test]
fn multi_select_advises_the_most_foundational_practice_never_a_weak_one() {
    let src = FW.replace(
        r#"  { id = "x", label = "X", points = 2 },"#,
        r#"  { id = "x", label = "X", points = 2, weak = true },"#,
    );
    let f = match parse_framework("t.toml", &src) {
        Ok(f) => f,
        Err(d) => panic!("{d}"),
    };
    // X is listed first but weak: Y (listed next) is advised, though Z is cheaper.
    let card = score(&f, &answers(&[("many", list(&[]))]));
    assert_eq!(rec(&card, "many").next, "Y");
    // With Y in place, Z is next: the list order, not the points, decides.
    let card = score(&f, &answers(&[("many", list(&["y"]))]));
    assert_eq!(rec(&card, "many").next, "Z");
}

#[test]
fn questions_not_scored_are_no_gaps() {
    // `why` (text, unscored) is asked when yn is yes; leaving it empty is no
    // blind spot and no unanswered question.
    let card = score(
        &fw(),
        &answers(&[
            ("yn", t("yes")),
            ("lvl", t("advanced")),
            ("many", list(&["x", "y"])),
            ("follow", t("b")),
            ("num", AnswerValue::Number(50.0)),
        ]),
    );
    assert_eq!(card.total.score, card.total.max);
    assert!(card.blind_spots.is_empty(), "{:?}", card.blind_spots);
    assert!(card.unanswered.is_empty());
}

#[test]
fn the_profile_names_the_strongest_and_weakest_sections() {
    let card = score(
        &fw(),
        &answers(&[
            ("yn", t("yes")),
            ("lvl", t("advanced")),
            ("many", list(&[])),
        ]),
    );
    assert_eq!(card.profile.strongest, ["a"]);
    assert_eq!(card.profile.weakest, ["b"]);
    assert!(!card.profile.even);
    let none = score(&fw(), &answers(&[]));
    assert!(none.profile.even && none.profile.strongest.is_empty());
}

#[test]
fn a_perfect_answer_set_has_no_recommendations_or_blind_spots() {
    let card = score(
        &fw(),
        &answers(&[
            ("yn", t("yes")),
            ("why", t("because")),
            ("lvl", t("advanced")),
            ("many", list(&["x", "y"])),
            ("follow", t("b")),
            ("num", AnswerValue::Number(50.0)),
        ]),
    );
    assert_eq!((card.total.score, card.total.max), (12.0, 12.0));
    assert!(card.recommendations.is_empty());
    assert!(card.blind_spots.is_empty());
    assert_eq!(card.band.map(|b| b.label), Some("high".into()));
}

#[test]
fn blind_spots_list_unknown_and_unanswered_per_section() {
    let card = score(&fw(), &answers(&[("yn", t("idk"))]));
    let spots: Vec<(&str, usize, usize)> = card
        .blind_spots
        .iter()
        .map(|b| (b.section.as_str(), b.unknown.len(), b.unanswered.len()))
        .collect();
    assert_eq!(spots, vec![("a", 1, 1), ("b", 0, 2)]);
}
