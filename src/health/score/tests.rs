//! Scores checked against values computed by hand.

use super::*;
use crate::health::load::LoadedModel;
use crate::health::model::ValidModel;

/// The model of `text`, validated.
fn valid(text: &str) -> ValidModel {
    let loaded = LoadedModel::parse("t.toml", text).expect("test model parses");
    crate::health::validate::validate(&loaded).expect("test model is valid")
}

/// `good` and `bad` in signal c's map (sorted: bad, good).
const GOOD: Cell = Cell::Category(1);
const BAD: Cell = Cell::Category(0);

const MODEL: &str = r#"
[model]
id = "t"
title = "T"
version = "1"
description = "test"
[columns]
account = "id"
segment = "seg"
plan = "plan"
[[signals]]
id = "a"
title = "A"
column = "a"
weight = 2
normalise = "range"
better = "higher"
min = 0
max = 10
[[signals]]
id = "b"
title = "B"
column = "b"
weight = 1
normalise = "thresholds"
better = "higher"
points = [[0, 0], [10, 50], [20, 100]]
missing = "neutral"
[[signals]]
id = "c"
title = "C"
column = "c"
weight = 1
normalise = "category"
map = { good = 100, bad = 0 }
missing = "worst"
[[signals]]
id = "d"
title = "D"
column = "d"
weight = 1
normalise = "range"
better = "lower"
min = 0
max = 4
[[overrides]]
segment = "smb"
weights = { a = 0 }
[[overrides]]
segment = "smb"
plan = "pro"
weights = { a = 1 }
[[tiers]]
id = "low"
name = "Low"
min = 0
sla = "now"
play = "rescue"
[[tiers]]
id = "mid"
name = "Mid"
min = 50
sla = "soon"
play = "sprint"
[[tiers]]
id = "high"
name = "High"
min = 80
sla = "later"
play = "expand"
conditions = [{ signal = "a", at_least = 90 }]
"#;

fn plan() -> Plan {
    Plan::new(&valid(MODEL))
}

fn n(x: f64) -> Cell {
    Cell::Number(x)
}

fn run(p: &Plan, seg: &str, plan: &str, cells: &[Cell]) -> Scored {
    let mut out = Scored::default();
    p.evaluate(seg.as_bytes(), plan.as_bytes(), cells, &mut out);
    out.fill_drivers();
    out
}

#[test]
fn every_normaliser_and_the_weighted_mean() {
    // a = 5 -> 50, b = 15 -> 50 + 5/10 * 50 = 75, c = good -> 100, d = 1 -> 100 - 25 = 75.
    // (2*50 + 75 + 100 + 75) / 5 = 70.
    let s = run(&plan(), "mid", "pro", &[n(5.0), n(15.0), GOOD, n(1.0)]);
    assert_eq!(
        s.points,
        vec![Some(50.0), Some(75.0), Some(100.0), Some(75.0)]
    );
    assert_eq!(s.score, Some(70.0));
    assert_eq!(s.tier, Some(1));
    assert_eq!(s.coverage, 100.0);
    // Points lost: a 2*50/5 = 20, b 25/5 = 5, d 25/5 = 5 (b first: model order breaks ties).
    assert_eq!(s.drivers, vec![(0, 20.0), (1, 5.0), (3, 5.0)]);
}

#[test]
fn thresholds_are_flat_beyond_the_ends_and_exact_at_knots() {
    let p = plan();
    for (b, want) in [
        (-5.0, 0.0),
        (0.0, 0.0),
        (10.0, 50.0),
        (20.0, 100.0),
        (30.0, 100.0),
    ] {
        let s = run(&p, "x", "y", &[n(10.0), n(b), GOOD, n(0.0)]);
        assert_eq!(s.points[1], Some(want), "b = {b}");
    }
    // Ranges clamp: a = 12 -> 100, d = 9 -> 0 (lower is better, above max).
    let s = run(&p, "x", "y", &[n(12.0), n(0.0), BAD, n(9.0)]);
    assert_eq!((s.points[0], s.points[3]), (Some(100.0), Some(0.0)));
}

#[test]
fn missing_values_follow_each_policy() {
    // a missing: excluded (weight 2 dropped); b missing: neutral 50; c missing: worst 0; d = 0 -> 100.
    // (1*50 + 1*0 + 1*100) / 3 = 50; coverage: only d's weight 1 of 5 has data = 20%.
    let s = run(
        &plan(),
        "x",
        "y",
        &[Cell::Missing, Cell::Missing, Cell::Missing, n(0.0)],
    );
    assert_eq!(s.points, vec![None, Some(50.0), Some(0.0), Some(100.0)]);
    assert_eq!(s.score, Some(50.0));
    assert_eq!(s.tier, Some(1));
    assert_eq!(s.coverage, 20.0);
}

#[test]
fn nothing_to_score_gives_no_score_and_no_tier() {
    let model = MODEL
        .replace("missing = \"neutral\"", "")
        .replace("missing = \"worst\"", "");
    let p = Plan::new(&valid(&model));
    let s = run(&p, "x", "y", &[Cell::Missing; 4]);
    assert_eq!((s.score, s.tier, s.coverage), (None, None, 0.0));
}

#[test]
fn overrides_apply_in_file_order_by_segment_and_plan() {
    let cells = [n(5.0), n(15.0), GOOD, n(1.0)];
    // smb: a's weight 0 -> (75 + 100 + 75) / 3 = 83.333.. -> 83.33.
    let s = run(&plan(), "smb", "basic", &cells);
    assert_eq!(s.score, Some(83.33));
    assert_eq!(s.weights, vec![0.0, 1.0, 1.0, 1.0]);
    // smb + pro: the later override sets a back to 1 -> (50 + 75 + 100 + 75) / 4 = 75.
    let s = run(&plan(), "smb", "pro", &cells);
    assert_eq!(s.score, Some(75.0));
}

#[test]
fn tier_conditions_must_all_hold() {
    // Everything perfect: 100, and a = 100 >= 90 -> high.
    let s = run(&plan(), "x", "y", &[n(10.0), n(20.0), GOOD, n(0.0)]);
    assert_eq!((s.score, s.tier), (Some(100.0), Some(2)));
    // a = 8 -> 80 points: (160 + 100 + 100 + 100) / 5 = 92, but a < 90 -> mid.
    let s = run(&plan(), "x", "y", &[n(8.0), n(20.0), GOOD, n(0.0)]);
    assert_eq!((s.score, s.tier), (Some(92.0), Some(1)));
}

#[test]
fn the_score_is_rounded_before_the_tier_is_chosen() {
    // A raw 49.996 rounds to 50.00, which is in the tier starting at 50.
    // Only d (weight 1) and c (worst, 0)... use b alone: b = 9.9992 -> 49.996.
    let model = MODEL.replace("min = 80\nsla", "min = 99\nsla");
    let p = Plan::new(&valid(&model));
    let s = run(&p, "smb", "y", &[n(0.0), n(9.9992), GOOD, n(4.0)]);
    // a weight 0 (smb), b 49.996, c 100, d 0: (49.996 + 100 + 0) / 3 = 49.9986.. -> 50.00.
    assert_eq!(s.score, Some(50.0));
    assert_eq!(s.tier, Some(1));
    assert_eq!(round_centi(49.994), 49.99);
    assert_eq!(round_centi(49.995_000_1), 50.0);
}

#[test]
fn percentile_ranks_match_sql_percent_rank() {
    let v = [10.0, 20.0, 20.0, 30.0];
    assert_eq!(percentile_points(&v, 10.0, false), 0.0);
    assert_eq!(percentile_points(&v, 20.0, false), 1.0 / 3.0 * 100.0);
    assert_eq!(percentile_points(&v, 30.0, false), 100.0);
    assert_eq!(percentile_points(&v, 30.0, true), 0.0);
    assert_eq!(percentile_points(&v, 20.0, true), 1.0 / 3.0 * 100.0);
    assert_eq!(percentile_points(&v, 10.0, true), 100.0);
    assert_eq!(percentile_points(&[5.0], 5.0, false), 0.0);
}

#[test]
fn percentiles_within_a_segment_rank_among_its_peers() {
    let model = MODEL.replace(
        "normalise = \"range\"\nbetter = \"higher\"\nmin = 0\nmax = 10",
        "normalise = \"percentile\"\nbetter = \"higher\"\nwithin = \"segment\"",
    );
    let mut p = Plan::new(&valid(&model));
    for (seg, x) in [("a", 1.0), ("a", 2.0), ("a", 3.0), ("b", 100.0)] {
        p.ranks[0].push(seg.as_bytes(), x, true);
    }
    p.ranks[0].finish();
    let s = run(
        &p,
        "a",
        "y",
        &[n(2.0), Cell::Missing, Cell::Missing, Cell::Missing],
    );
    assert_eq!(s.points[0], Some(50.0));
    let s = run(
        &p,
        "b",
        "y",
        &[n(100.0), Cell::Missing, Cell::Missing, Cell::Missing],
    );
    assert_eq!(
        s.points[0],
        Some(0.0),
        "alone in its segment: PERCENT_RANK is 0"
    );
}

#[test]
fn compacted_ranks_equal_ranks_over_the_full_list() {
    let mut v: Vec<f64> = (0..500).map(|i| f64::from((i * 37) % 23) / 2.0).collect();
    v.sort_by(f64::total_cmp);
    let c = Compact::from_sorted(&v);
    assert!(c.values.len() < 30);
    for &x in &v {
        for lower in [false, true] {
            assert_eq!(
                c.points(x, lower),
                percentile_points(&v, x, lower),
                "{x} {lower}"
            );
        }
    }
}
