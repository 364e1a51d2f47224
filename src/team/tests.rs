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
        (b.mean, b.median, b.min, b.max, b.sd),
        (Some(43.75), Some(37.5), Some(0.0), Some(100.0), Some(42.7))
    );
    // Totals 7, 5, 2, 4 of 9: 77.8, 55.6, 22.2, 44.4 percent.
    let total = &r.total;
    assert_eq!(
        (
            total.stats.mean,
            total.stats.median,
            total.stats.min,
            total.stats.max
        ),
        (Some(50.0), Some(50.0), Some(22.2), Some(77.8))
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
    assert_eq!((r.typical.score, r.typical.percent), (5.0, 55.6));
    assert_eq!(
        r.typical.band.as_ref().map(|b| b.label.as_str()),
        Some("High")
    );
    let steps: Vec<&str> = r.roadmap.iter().map(|s| s.question.as_str()).collect();
    assert_eq!(steps, ["multi", "num", "lvl"]);
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
    assert_eq!(r.groups[0].name, "Other (2 groups under 3)");
    assert!(r.gaps.is_empty());
    // With a minimum of 1 both show, and the gap is the VP's 77.8 against the CSMs' 40.73.
    let r = team(&fw, &cards, Some("role"), 1);
    let names: Vec<(&str, usize, f64)> = r
        .groups
        .iter()
        .map(|g| (g.name.as_str(), g.respondents, g.mean))
        .collect();
    assert_eq!(names, [("CSM", 3, 40.73), ("VP", 1, 77.8)]);
    assert_eq!(r.gaps[0].section, "total");
    assert_eq!((r.gaps[0].high.as_str(), r.gaps[0].gap), ("VP", 37.07));
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
        [("A", false, 3), ("Other (3 groups under 3)", true, 3)]
    );
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
