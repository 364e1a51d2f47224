use super::*;
use crate::framework::parse_framework;

const FW: &str = r#"
id = "t"
title = "T"
version = "1"
description = "d"

[[sections]]
id = "a"
title = "A"
[[sections.questions]]
id = "yn"
kind = "yes_no_idk"
text = "Yes or no?"
recommendation = "Do it."
[[sections.questions]]
id = "lvl"
kind = "level"
text = "How mature?"
options = [
  { id = "l1", label = "L1", points = 0 },
  { id = "l2", label = "L2", points = 1 },
  { id = "l3", label = "L3", points = 2 },
  { id = "l4", label = "L4", points = 3 },
  { id = "l5", label = "L5", points = 4 },
]

[[sections]]
id = "b"
title = "B"
[[sections.questions]]
id = "multi"
kind = "multi"
text = "Which?"
options = [
  { id = "none", label = "None", exclusive = true },
  { id = "x", label = "X", points = 1 },
  { id = "y", label = "Y", points = 1 },
]
[[sections.questions]]
id = "num"
kind = "number"
text = "How many?"
thresholds = [ { min = 10, points = 1 }, { min = 20, points = 2 } ]
[[sections.questions]]
id = "pick"
kind = "single"
scored = false
text = "Which one?"
options = [ { id = "r", label = "R" }, { id = "s", label = "S" }, { id = "t", label = "T" } ]
[[sections.questions]]
id = "txt"
kind = "text"
text = "Anything else?"

[[bands]]
min = 0
max = 4
label = "Low"
text = "Low."
[[bands]]
min = 5
max = 9
label = "High"
text = "High."
"#;

fn fw() -> Framework {
    match parse_framework("t.toml", FW) {
        Ok(f) => f,
        Err(d) => panic!("{}", d.headline()),
    }
}

fn card(fw: &Framework, role: &str, answers: &[(&str, AnswerValue)]) -> Scorecard {
    let mut a = Answers {
        framework: "t".into(),
        ..Answers::default()
    };
    a.respondent.insert("role".into(), role.into());
    for (k, v) in answers {
        a.answers.insert((*k).to_string(), v.clone());
    }
    scoring::score(fw, &a)
}

fn t(s: &str) -> AnswerValue {
    AnswerValue::Text(s.into())
}

fn l(ids: &[&str]) -> AnswerValue {
    AnswerValue::List(ids.iter().map(|s| (*s).to_string()).collect())
}

/// Four respondents; the values in the assertions are worked out in docs/team.md's example.
fn four(fw: &Framework) -> Vec<Scorecard> {
    let n = AnswerValue::Number;
    vec![
        card(
            fw,
            "VP",
            &[
                ("yn", t("yes")),
                ("lvl", t("l3")),
                ("multi", l(&["x", "y"])),
                ("num", n(25.0)),
                ("pick", t("r")),
            ],
        ),
        card(
            fw,
            "CSM",
            &[
                ("yn", t("yes")),
                ("lvl", t("l3")),
                ("multi", l(&["x"])),
                ("num", n(15.0)),
                ("pick", t("r")),
            ],
        ),
        card(
            fw,
            "CSM",
            &[
                ("yn", t("no")),
                ("lvl", t("l3")),
                ("multi", l(&["none"])),
                ("num", n(5.0)),
                ("pick", t("s")),
            ],
        ),
        card(
            fw,
            "CSM",
            &[
                ("yn", t("idk")),
                ("lvl", t("l4")),
                ("multi", l(&["x"])),
                ("pick", t("t")),
            ],
        ),
    ]
}

fn q<'r>(r: &'r TeamReport, id: &str) -> &'r QuestionStats {
    match r.questions.iter().find(|q| q.id == id) {
        Some(q) => q,
        None => panic!("no question {id}"),
    }
}

#[test]
fn rwg_is_one_when_unanimous_zero_when_split_and_between_when_skewed() {
    assert_eq!(rwg(&[0, 0, 4, 0, 0], 5), Some(1.0));
    // Half at each end: variance 16·4/3 ≈ 5.33 against the null's 2 → truncated to 0.
    assert_eq!(rwg(&[2, 0, 0, 0, 2], 5), Some(0.0));
    // 2, 2, 2, 3: mean 2.25, s² = 0.75 / 3 = 0.25, null (25 − 1)/12 = 2 → 1 − 0.125.
    assert_eq!(rwg(&[0, 0, 3, 1, 0], 5), Some(0.875));
    assert_eq!(
        rwg(&[0, 1, 0], 3),
        None,
        "one answer says nothing about agreement"
    );
}

#[test]
fn majority_is_rescaled_so_an_even_split_is_zero() {
    assert_eq!(majority(&[5, 0], 2), Some(1.0));
    assert_eq!(majority(&[3, 3], 2), Some(0.0));
    assert_eq!(majority(&[3, 1], 2), Some(0.5));
    // p = 1/2 of 3 options: (1/2 − 1/3) ÷ (2/3) = 1/4.
    assert_eq!(majority(&[2, 1, 1], 3).map(round2), Some(0.25));
}

#[test]
fn sections_and_total_spread() {
    let fw = fw();
    let r = team(&fw, &four(&fw), None, 3);
    assert_eq!(r.respondents, 4);
    // Section a: 60, 60, 40, 60.
    let a = &r.sections[0].stats;
    assert_eq!(
        (a.mean, a.median, a.min, a.max, a.sd),
        (Some(55.0), Some(60.0), Some(40.0), Some(60.0), Some(10.0))
    );
    // Section b: 100, 50, 0, 25: s² = 5468.75 / 3, sd ≈ 42.70.
    let b = &r.sections[1].stats;
    assert_eq!(
        (b.mean, b.median, b.min, b.max, b.sd.map(round2)),
        (Some(43.75), Some(37.5), Some(0.0), Some(100.0), Some(42.7))
    );
    // Totals 7, 5, 2, 4 of 9: 77.78, 55.56, 22.22, 44.44 percent, kept exact.
    let total = &r.total;
    let r2 = |x: Option<f64>| x.map(round2);
    assert_eq!(
        (
            r2(total.stats.mean),
            r2(total.stats.median),
            r2(total.stats.min),
            r2(total.stats.max)
        ),
        (Some(50.0), Some(50.0), Some(22.22), Some(77.78))
    );
    assert_eq!(total.mean_score, Some(4.5));
    assert_eq!(
        r.sections[0].strip,
        vec![(40.0, 1), (60.0, 3)],
        "dots carry no names"
    );
}

#[test]
fn distributions_and_agreement_per_kind() {
    let fw = fw();
    let r = team(&fw, &four(&fw), None, 3);
    let yn = q(&r, "yn");
    assert_eq!(
        yn.distribution,
        vec![
            ("yes".to_string(), 2),
            ("no".to_string(), 1),
            ("idk".to_string(), 1),
            ("unanswered".to_string(), 0)
        ]
    );
    // yes 2 of 3 answers: (2/3 − 1/2) ÷ (1/2) = 1/3.
    assert_eq!(yn.agreement, Some(0.33));
    assert_eq!(yn.agreement_method, AgreementMethod::Majority);
    assert_eq!(yn.mean_points, Some(0.5));
    assert_eq!(q(&r, "lvl").agreement, Some(0.88));
    assert_eq!(q(&r, "lvl").agreement_method, AgreementMethod::Rwg);
    // Each of none, x, y is chosen by 1 or 3 of 4: 2·3/4 − 1 = 0.5 each.
    let multi = q(&r, "multi");
    assert_eq!(multi.agreement, Some(0.5));
    assert_eq!(multi.agreement_method, AgreementMethod::PerOption);
    assert_eq!(
        multi.distribution[..3],
        [
            ("none".to_string(), 1),
            ("x".to_string(), 3),
            ("y".to_string(), 1)
        ]
    );
    // Steps reached 2, 1, 0 on a 3-step scale: s² = 1 > null 8/12 → 0.
    let num = q(&r, "num");
    assert_eq!(num.agreement, Some(0.0));
    assert!(num.low_agreement);
    assert_eq!(num.distribution[1], ("unanswered".to_string(), 1));
    let values = num.values.clone().unwrap_or_else(|| panic!("no values"));
    assert_eq!(
        (values.mean, values.median, values.sd),
        (Some(15.0), Some(15.0), Some(10.0))
    );
    assert_eq!(q(&r, "pick").agreement, Some(0.25));
    assert_eq!(q(&r, "txt").agreement, None);
    assert_eq!(q(&r, "txt").agreement_method, AgreementMethod::None);
    // Ranked among scored questions only: `pick` (unscored) is not a maturity question.
    assert_eq!(r.disagreements, ["num", "yn", "multi", "lvl"]);
}

#[test]
fn unanimous_team_agrees_fully() {
    let fw = fw();
    let one = [
        ("yn", t("yes")),
        ("lvl", t("l2")),
        ("multi", l(&["x"])),
        ("num", AnswerValue::Number(12.0)),
        ("pick", t("s")),
    ];
    let cards: Vec<Scorecard> = (0..3).map(|_| card(&fw, "CSM", &one)).collect();
    let r = team(&fw, &cards, None, 3);
    for id in ["yn", "lvl", "multi", "num", "pick"] {
        assert_eq!(q(&r, id).agreement, Some(1.0), "{id}");
    }
    assert!(r.disagreements.is_empty());
    assert_eq!(r.sections[0].stats.sd, Some(0.0));
}

#[test]
fn typical_answers_make_the_roadmap() {
    let fw = fw();
    let r = team(&fw, &four(&fw), None, 3);
    assert_eq!(q(&r, "yn").typical.as_deref(), Some("Yes"));
    assert_eq!(q(&r, "lvl").typical.as_deref(), Some("L3"));
    assert_eq!(q(&r, "multi").typical.as_deref(), Some("X"));
    assert_eq!(q(&r, "num").typical.as_deref(), Some("15"));
    assert_eq!(q(&r, "pick").typical.as_deref(), Some("R"));
    assert_eq!(q(&r, "txt").typical, None);
    // yes 1 + L3 2 + [x] 1 + 15 → 1 = 5 of 9.
    assert_eq!((r.typical.score, round2(r.typical.percent)), (5.0, 55.56));
    assert_eq!(
        r.typical.band.as_ref().map(|b| b.label.as_str()),
        Some("High")
    );
    // One vote decides multi (x by 3 of 4; one fewer is half, not ticked), num (the
    // median 15 moves with any value) and yn (yes 2, no 1, I don't know 1), not lvl
    // (L3 3, L4 1): split questions come first, yn as a step of its own at full marks.
    let steps: Vec<(&str, bool)> = r
        .roadmap
        .iter()
        .map(|s| (s.step.question.as_str(), s.agree_first))
        .collect();
    assert_eq!(
        steps,
        [("multi", true), ("num", true), ("yn", true), ("lvl", false)]
    );
    assert_eq!(r.roadmap[2].step.text, AGREE_FIRST);
    assert_eq!(
        r.roadmap[2].answers.as_deref(),
        Some("Yes 2 · No 1 · I don't know 1")
    );
    assert_eq!((r.typical.decided_by_one_vote, r.typical.questions), (3, 4));
}

#[test]
fn blind_spots_are_questions_a_third_could_not_answer() {
    let fw = fw();
    let r = team(&fw, &four(&fw), None, 3);
    let spots: Vec<&str> = r.blind_spots.iter().map(|b| b.question.as_str()).collect();
    assert_eq!(spots, ["txt"], "1 of 4 is under a third; 4 of 4 is over");
}

#[test]
fn small_groups_are_never_shown_alone() {
    let fw = fw();
    let cards = four(&fw);
    // VP (1) is under 3; pooling it alone would show one person, so CSM (3) joins the pool.
    let r = team(&fw, &cards, Some("role"), 3);
    assert_eq!(r.groups.len(), 1);
    assert!(r.groups[0].pooled);
    assert_eq!(r.groups[0].respondents, 4);
    assert_eq!(r.groups[0].name, "Other: 1 group under 3 and 1 of 3");
    let pool = r.pool.clone().unwrap_or_else(|| panic!("no pool"));
    assert_eq!(
        (pool.respondents, pool.small_groups, pool.joined),
        (4, 1, vec![3])
    );
    // With a minimum of 2 the VP alone would be pooled, so CSM would join it again.
    assert!(r.suggested_min_group.is_none());
    assert!(r.gaps.is_empty());
    // With a minimum of 1 both show, and the gap is the VP's 77.78 against the CSMs' 40.74.
    let r = team(&fw, &cards, Some("role"), 1);
    let names: Vec<(&str, usize, f64)> = r
        .groups
        .iter()
        .map(|g| (g.name.as_str(), g.respondents, round2(g.mean)))
        .collect();
    assert_eq!(names, [("CSM", 3, 40.74), ("VP", 1, 77.78)]);
    assert_eq!(r.gaps[0].section, "total");
    assert_eq!(
        (r.gaps[0].high.as_str(), round2(r.gaps[0].gap)),
        ("VP", 37.04)
    );
}

#[test]
fn a_pool_of_at_least_the_minimum_is_shown_with_the_big_groups() {
    let fw = fw();
    let base = four(&fw);
    let mut cards = Vec::new();
    for (role, n) in [("A", 3), ("B", 1), ("C", 1), ("D", 1)] {
        for _ in 0..n {
            let mut c = base[1].clone();
            c.respondent.insert("role".into(), role.into());
            cards.push(c);
        }
    }
    let r = team(&fw, &cards, Some("role"), 3);
    let names: Vec<(&str, bool, usize)> = r
        .groups
        .iter()
        .map(|g| (g.name.as_str(), g.pooled, g.respondents))
        .collect();
    assert_eq!(
        names,
        [("A", false, 3), ("Other: 3 groups under 3", true, 3)]
    );
    // B, C and D have one respondent each: no --min-group of 2 or more shows them.
    assert!(r.suggested_min_group.is_none());
}

#[test]
fn histogram_median_of_an_odd_count_and_empty_sections() {
    let mut h = Histogram::default();
    for p in [10.0, 90.0, 33.3] {
        h.add(p);
    }
    let s = h.stats();
    assert_eq!(
        (s.median, s.min, s.max),
        (Some(33.3), Some(10.0), Some(90.0))
    );
    let empty = Histogram::default().stats();
    assert_eq!((empty.respondents, empty.mean), (0, None));
}

/// Cards answering only `yn`, with these votes.
fn votes(fw: &Framework, yes: usize, no: usize, idk: usize) -> Vec<Scorecard> {
    let mut cards = Vec::new();
    for (answer, n) in [("yes", yes), ("no", no), ("idk", idk)] {
        for _ in 0..n {
            cards.push(card(fw, "CSM", &[("yn", t(answer))]));
        }
    }
    cards
}

#[test]
fn one_vote_decides_a_four_to_three_split_not_five_to_two() {
    let fw = fw();
    let r = team(&fw, &votes(&fw, 4, 3, 0), None, 3);
    assert!(q(&r, "yn").contested && q(&r, "yn").low_agreement);
    let r = team(&fw, &votes(&fw, 5, 2, 0), None, 3);
    assert!(!q(&r, "yn").contested);
    // 7 to 2 agrees at 2·7/9 − 1 = 0.56, which the 0.70 cut-off called low: no longer flagged.
    let r = team(&fw, &votes(&fw, 7, 2, 0), None, 3);
    assert_eq!(q(&r, "yn").agreement, Some(0.56));
    assert!(!q(&r, "yn").low_agreement);
    // Two left it blank: one of them answering No would tie 3–3, and a tie goes to No.
    let mut cards = votes(&fw, 3, 2, 0);
    cards.push(card(&fw, "CSM", &[]));
    assert!(q(&team(&fw, &cards, None, 3), "yn").contested);
}

#[test]
fn every_tie_goes_to_the_answer_worth_fewer_points_then_the_first_listed() {
    let fw = fw();
    let typical = |yes, no, idk| {
        let r = team(&fw, &votes(&fw, yes, no, idk), None, 3);
        q(&r, "yn").typical.clone().unwrap_or_default()
    };
    assert_eq!(typical(2, 2, 0), "No");
    assert_eq!(typical(2, 0, 2), "I don't know", "worth 0, fewer than Yes");
    assert_eq!(typical(0, 2, 2), "No", "No is listed before I don't know");
    assert_eq!(typical(1, 1, 2), "I don't know");
    // A multi option ticked by exactly half is not in the majority answer.
    let cards = vec![
        card(&fw, "CSM", &[("multi", l(&["x"]))]),
        card(&fw, "CSM", &[("multi", l(&["y"]))]),
    ];
    let r = team(&fw, &cards, None, 3);
    assert_eq!(q(&r, "multi").typical.as_deref(), Some("(none)"));
    // Two middle lanes: the lower one.
    let cards = vec![
        card(&fw, "CSM", &[("lvl", t("l2"))]),
        card(&fw, "CSM", &[("lvl", t("l4"))]),
    ];
    assert_eq!(
        q(&team(&fw, &cards, None, 3), "lvl").typical.as_deref(),
        Some("L2")
    );
}

#[test]
fn the_headline_band_is_the_band_of_the_team_mean() {
    let fw = fw();
    // Seven respondents; each practice is in place for four of them, a different four
    // each time: yn for 0–3, L5 (else L1) for 1–4, x for 2–5, y for 3–6.
    let cards: Vec<Scorecard> = (0..7)
        .map(|i| {
            let has = |from: usize| (from..from + 4).contains(&i);
            let ticked: Vec<&str> = [(2, "x"), (3, "y")]
                .iter()
                .filter(|(from, _)| has(*from))
                .map(|(_, id)| *id)
                .collect();
            card(
                &fw,
                "CSM",
                &[
                    ("yn", t(if has(0) { "yes" } else { "no" })),
                    ("lvl", t(if has(1) { "l5" } else { "l1" })),
                    ("multi", l(&ticked)),
                ],
            )
        })
        .collect();
    let r = team(&fw, &cards, None, 3);
    // Scores 1, 5, 6, 7, 6, 2, 1: mean 4 points, band Low; every majority is 4 to 3,
    // so the majority answers score 1 + 4 + 2 = 7 of 9, band High, held by nobody.
    assert_eq!(r.total.mean_score, Some(4.0));
    assert_eq!(r.band.as_ref().map(|b| b.label.as_str()), Some("Low"));
    assert_eq!(r.typical.score, 7.0);
    assert_eq!(
        r.typical.band.as_ref().map(|b| b.label.as_str()),
        Some("High")
    );
    assert_eq!(r.typical.decided_by_one_vote, 3);
}

#[test]
fn a_field_nobody_gives_makes_no_groups_and_says_which_fields_exist() {
    let fw = fw();
    let r = team(&fw, &four(&fw), Some("team"), 1);
    assert_eq!(r.by_given, 0);
    assert!(r.groups.is_empty());
    assert_eq!(r.respondent_fields, ["role"]);
}

#[test]
fn a_smaller_min_group_is_suggested_when_it_shows_more() {
    let fw = fw();
    let base = four(&fw);
    let mut cards = Vec::new();
    for (role, n) in [("A", 5), ("B", 2), ("C", 2)] {
        for _ in 0..n {
            let mut c = base[1].clone();
            c.respondent.insert("role".into(), role.into());
            cards.push(c);
        }
    }
    // B and C (2 each) pool into 4 under a minimum of 3; a minimum of 2 shows all three.
    let r = team(&fw, &cards, Some("role"), 3);
    let names: Vec<&str> = r.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["A", "Other: 2 groups under 3"]);
    let s = r
        .suggested_min_group
        .clone()
        .unwrap_or_else(|| panic!("none"));
    assert_eq!((s.min_group, s.groups), (2, 3));
}

#[test]
fn percents_are_kept_exact_and_rounded_once_where_shown() {
    // Two respondents at 1/6 and 1/4 of a section: the median is 20.83%. From
    // percents already rounded to 16.7 and 25 it was 20.85, shown as 20.9%.
    let mut h = Histogram::default();
    h.add(100.0 / 6.0);
    h.add(25.0);
    let median = h.stats().median.unwrap_or_default();
    assert_eq!(round2(median), 20.83);
    assert_eq!(
        crate::text::pct(Some((median * 10.0).round() / 10.0)),
        "20.8%"
    );
    // Between 2/3 and 1: 83.33%, not the 83.35 (shown 83.4%) of 66.7 and 100.
    let mut h = Histogram::default();
    h.add(200.0 / 3.0);
    h.add(100.0);
    let q = h.quantile(0.5).unwrap_or_default();
    assert_eq!(round2(q), 83.33);
    assert_eq!(crate::text::pct(Some((q * 10.0).round() / 10.0)), "83.3%");
}
