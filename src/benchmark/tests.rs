use super::*;

fn hist(values: &[f64]) -> Histogram {
    let mut h = Histogram::default();
    for v in values {
        h.add(*v);
    }
    h
}

fn cspi() -> Result<Framework, String> {
    crate::framework::Catalog::default()
        .load("cspi", None)
        .map(|l| l.framework)
        .map_err(|e| e.to_string())
}

#[test]
fn percentile_rank_counts_half_the_ties() {
    let h = hist(&[10.0, 20.0, 30.0, 40.0]);
    // 30: 2 below, 1 equal → 2.5 / 4.
    assert_eq!(place(&h, Some(30.0), 4).percentile, Some(62.5));
    // Ties: 20, 20, 20, 40 and a subject at 20 → 1.5 / 4.
    let tied = place(&hist(&[20.0, 20.0, 20.0, 40.0]), Some(20.0), 4);
    assert_eq!(tied.percentile, Some(37.5));
    assert_eq!((tied.peers_below, tied.peers_equal), (0, 3));
    // At the bottom and the top.
    assert_eq!(place(&h, Some(5.0), 4).percentile, Some(0.0));
    let top = place(&h, Some(50.0), 4);
    assert_eq!((top.percentile, top.peers_below), (Some(100.0), 4));
    assert_eq!(place(&h, Some(10.0), 4).percentile, Some(12.5));
    assert_eq!(place(&h, None, 4).percentile, None);
    // A section fewer than the minimum answered gives no place.
    let few = place(&h, Some(30.0), 5);
    assert_eq!((few.percentile, few.peers_below), (None, 0));
}

#[test]
fn quartiles_average_the_peers_nearest_them_and_need_twice_the_minimum() {
    let ten: Vec<f64> = (1..=10).map(|i| f64::from(i) * 10.0).collect();
    let h = hist(&ten);
    // Q1: h = 9/4 = 2.25, window from rank 0.25: 0.75·10 + 20 + 30 + 40 + 50 + 0.25·60,
    // ÷ 5 = 32.5, the type-7 quartile of evenly spread values; the median 55, Q3 77.5.
    assert_eq!(place(&h, None, 5).quartiles, Some([32.5, 55.0, 77.5]));
    assert_eq!(h.quantile(0.25), Some(32.5));
    // Nine peers are under 2 × 5: no quartiles, only the rank.
    let nine = hist(&ten[..9]);
    assert_eq!(place(&nine, Some(45.0), 5).quartiles, None);
    assert_eq!(place(&nine, Some(45.0), 5).peers_below, 4);
    // With a minimum of 2, four peers give quartiles, each the mean of two.
    let four = hist(&[10.0, 20.0, 30.0, 40.0]);
    // Q1: h = 0.75, window from rank 0.25: (0.75·10 + 20 + 0.25·30) / 2 = 17.5.
    assert_eq!(place(&four, None, 2).quartiles, Some([17.5, 25.0, 32.5]));
    // Min and max are never given: each is one peer's percent.
    let p = place(&h, Some(50.0), 5);
    assert_eq!((p.min, p.max), (None, None));
}

#[test]
fn no_quartile_is_one_peers_percent() {
    // Uneven percents: a type-7 quartile at a whole rank would be one of them.
    let peers = [
        3.0, 11.0, 19.5, 26.0, 40.0, 41.0, 57.5, 63.0, 88.0, 97.0, 99.0,
    ];
    let h = hist(&peers);
    assert_eq!(
        h.quantile(0.5),
        Some(41.0),
        "type 7 gives the sixth peer's own"
    );
    let q = place(&h, None, 5)
        .quartiles
        .unwrap_or_else(|| panic!("eleven peers give quartiles"));
    for x in q {
        assert!(
            peers.iter().all(|p| (p - x).abs() > 1e-9),
            "{x} is a peer's percent"
        );
    }
}

#[test]
fn filters_parse_and_match_answers_and_respondent_fields() -> Result<(), String> {
    let f = Filter::parse("q7=10m-50m, 50m-100m")?;
    assert_eq!(
        f.conditions,
        [
            Condition::Is("10m-50m".into()),
            Condition::Is("50m-100m".into())
        ]
    );
    assert_eq!(f.shown(), "q7=10m-50m,50m-100m");
    assert!(Filter::parse("q7").is_err());
    assert!(Filter::parse("=x").is_err());
    let fw = cspi()?;
    assert_eq!(
        f.labelled(&fw),
        "Your Company's Annual Recurring Revenue: $10M – $50M or $50M – $100M"
    );
    let mut a = Answers::default();
    a.answers
        .insert("q7".into(), AnswerValue::Text("50m-100m".into()));
    a.respondent.insert("role".into(), " VP ".into());
    assert!(f.matches(&fw, &a));
    assert!(Filter::parse("role=vp")?.matches(&fw, &a));
    assert!(!Filter::parse("q5=education")?.matches(&fw, &a));
    a.not_applicable
        .insert("q29".into(), "Partners do it all".into());
    assert!(Filter::parse("q29=na")?.matches(&fw, &a));
    assert!(!Filter::parse("q29=csms")?.matches(&fw, &a));
    assert!(Filter::parse("q29=na")?.problems(&fw).is_empty());
    assert_eq!(
        Filter::parse("q7=10M-50M")?.problems(&fw),
        [
            "--where q7: \"10M-50M\" is not an option of q7; expected \"over-1b\", \"500m-1b\", \"100m-500m\", \"50m-100m\", \"10m-50m\", \"1m-10m\" or \"under-1m\""
        ]
    );
    Ok(())
}

#[test]
fn numeric_filters_compare_and_take_ranges() -> Result<(), String> {
    let fw = cspi()?;
    let nrr = |n: f64| {
        let mut a = Answers::default();
        a.answers.insert("q10".into(), AnswerValue::Number(n));
        a
    };
    let at_least = Filter::parse("q10>=100")?;
    assert_eq!(at_least.shown(), "q10>=100");
    assert_eq!(
        at_least.labelled(&fw),
        "Your Annual Net Revenue Retention Rate: at least 100%"
    );
    assert!(at_least.problems(&fw).is_empty());
    assert!(at_least.matches(&fw, &nrr(100.0)) && at_least.matches(&fw, &nrr(118.0)));
    assert!(!at_least.matches(&fw, &nrr(99.5)));
    assert!(!Filter::parse("q10>100")?.matches(&fw, &nrr(100.0)));
    assert!(Filter::parse("q10<=100")?.matches(&fw, &nrr(100.0)));
    assert!(!Filter::parse("q10<100")?.matches(&fw, &nrr(100.0)));
    // Ranges include both ends; several widen; a % sign is allowed.
    let range = Filter::parse("q10=90..110%,130..")?;
    assert_eq!(range.shown(), "q10=90..110,130..");
    assert_eq!(
        range.labelled(&fw),
        "Your Annual Net Revenue Retention Rate: from 90% to 110% or at least 130%"
    );
    for (n, yes) in [
        (89.0, false),
        (90.0, true),
        (110.0, true),
        (120.0, false),
        (131.0, true),
    ] {
        assert_eq!(range.matches(&fw, &nrr(n)), yes, "{n}");
    }
    assert!(Filter::parse("q10=105")?.matches(&fw, &nrr(105.0)));
    // A file without an NRR is not in a filtered cohort.
    assert!(!at_least.matches(&fw, &Answers::default()));
    Ok(())
}

#[test]
fn a_filter_that_cannot_match_is_an_error_naming_what_would() -> Result<(), String> {
    let fw = cspi()?;
    assert_eq!(
        Filter::parse("q10=high")?.problems(&fw),
        [
            "--where q10: \"high\" is not a number; q10 takes a number from 0 to 1000, a range such as q10=50..150, or a comparison such as q10>=100"
        ]
    );
    assert_eq!(
        Filter::parse("q5>=3")?.problems(&fw)[0],
        "--where q5>=3: q5 is not a number question; comparisons (>=, >, <=, <) and ranges (MIN..MAX) apply to number questions; expected \"consumer-goods\", \"education\", \"energy-and-utilities\", \"financial-services\", \"food-and-beverage\", \"government-and-non-profit\", \"healthcare-and-life-sciences\", \"manufacturing\", \"media-and-entertainment\", \"professional-services\", \"real-estate\", \"retail-and-e-commerce\", \"software-and-technology\", \"telecommunications\", \"transportation-and-logistics\" or \"other\""
    );
    assert_eq!(
        Filter::parse("q10=150..50").err().unwrap_or_default(),
        "--where \"q10=150..50\": the range \"150..50\" runs from 150 down to 50; write the smaller bound first"
    );
    assert!(Filter::parse("q10>=lots").is_err());
    assert!(Filter::parse("q10=..").is_err());
    Ok(())
}

#[test]
fn yes_no_filters_name_the_valid_answers() -> Result<(), String> {
    let fw = crate::framework::Catalog::default()
        .load("cx63", None)
        .map_err(|e| e.to_string())?
        .framework;
    assert_eq!(
        Filter::parse("onboarding.handoff=true")?.problems(&fw),
        [
            "--where onboarding.handoff: \"true\" is not an answer of onboarding.handoff; expected \"yes\", \"no\" or \"idk\""
        ]
    );
    let f = Filter::parse("onboarding.handoff=Yes")?;
    assert!(f.problems(&fw).is_empty());
    let mut a = Answers::default();
    a.answers
        .insert("onboarding.handoff".into(), AnswerValue::Text("yes".into()));
    assert!(f.matches(&fw, &a));
    assert_eq!(
        f.labelled(&fw),
        "Does your team have a documented handoff process between sales and customer success/service teams?: Yes"
    );
    Ok(())
}
