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
    assert_eq!(s.coverage, 20.0);
    // 20% of the weight has data, below the default floor of 50%: no tier.
    assert_eq!(s.tier, None);
    assert!(s.insufficient());
    // With the floor off, the same account is in the tier its score reaches.
    let off = MODEL.replace(
        "[[signals]]\nid = \"a\"",
        "[tiering]\ncoverage_floor = 0\n[[signals]]\nid = \"a\"",
    );
    let s = run(
        &Plan::new(&valid(&off)),
        "x",
        "y",
        &[Cell::Missing, Cell::Missing, Cell::Missing, n(0.0)],
    );
    assert_eq!(s.tier, Some(1));
}

#[test]
fn the_coverage_floor_is_compared_in_hundredths_of_a_percent() {
    // Weights a 2, b 1, c 1, d 1. a and b present: 3 of 5 = 60%; with a floor
    // of 60 the account has a tier, with 60.01 it has none.
    let cells = [n(5.0), n(15.0), Cell::Missing, Cell::Missing];
    for (floor, tier) in [("60", Some(1)), ("60.01", None)] {
        let m = MODEL.replace(
            "[[signals]]\nid = \"a\"",
            &format!("[tiering]\ncoverage_floor = {floor}\n[[signals]]\nid = \"a\""),
        );
        let s = run(&Plan::new(&valid(&m)), "x", "y", &cells);
        // (2*50 + 75 + 0) / 4 = 43.75 (d excluded, c worst): tier 0 when sufficient.
        assert_eq!(s.coverage, 60.0);
        assert_eq!(s.tier, tier.map(|_| 0), "floor {floor}");
    }
}

#[test]
fn drivers_are_values_and_empty_cells_are_gaps() {
    // b empty (neutral 50), c empty (worst 0), a = 5 (50), d = 4 (0).
    // den = 2 + 1 + 1 + 1 = 5. Points lost: a 2*50/5 = 20, b 1*50/5 = 10, c 1*100/5 = 20, d 1*100/5 = 20.
    let s = run(
        &plan(),
        "x",
        "y",
        &[n(5.0), Cell::Missing, Cell::Missing, n(4.0)],
    );
    // Drivers only from cells with values: a and d, 20 each (model order).
    assert_eq!(s.drivers, vec![(0, 20.0), (3, 20.0)]);
    // Gaps: b and c (weight 1 each, model order), with what their policy costs.
    assert_eq!(s.gaps(), vec![(1, Some(10.0)), (2, Some(20.0))]);
}

#[test]
fn an_entry_condition_that_keeps_an_account_out_of_a_tier_is_named() {
    // a = 8 -> 80 points: (160 + 100 + 100 + 100) / 5 = 92 reaches high (80),
    // but high needs a at least 90: mid, kept out of high by condition 0.
    let s = run(&plan(), "x", "y", &[n(8.0), n(20.0), GOOD, n(0.0)]);
    assert_eq!(
        (s.tier, s.kept_out, s.kept_out_by.clone()),
        (Some(1), Some(2), vec![0])
    );
    // A score below high's min is not kept out: the score decides.
    let s = run(&plan(), "x", "y", &[n(5.0), n(15.0), GOOD, n(1.0)]);
    assert_eq!((s.tier, s.kept_out), (Some(1), None));
}

const OVERRIDDEN: &str = r#"
[[overrides]]
plan = "starter"
why = "the starter plan includes two of the workflows"
signals = { d = { min = 0, max = 2 } }
[overrides.tiers.low]
sla = "5 days"
play = "tech-touch rescue"
[[overrides]]
segment = "ent"
[overrides.tiers.low]
sla = "1 day"
"#;

fn overridden() -> ValidModel {
    let m = MODEL.replace(
        "[[tiers]]\nid = \"low\"",
        &format!("{OVERRIDDEN}\n[[tiers]]\nid = \"low\""),
    );
    valid(&m)
}

#[test]
fn an_override_sets_a_signals_normalisation_for_its_accounts() {
    let model = overridden();
    let p = Plan::new(&model);
    // d = 1, lower is better: 0..4 gives 75; 0..2 on the starter plan gives 50.
    let cells = [n(5.0), n(15.0), GOOD, n(1.0)];
    assert_eq!(run(&p, "x", "pro", &cells).points[3], Some(75.0));
    assert_eq!(run(&p, "x", "starter", &cells).points[3], Some(50.0));
}

#[test]
fn an_override_gives_its_accounts_a_tiers_sla_and_play() {
    let model = overridden();
    let p = Plan::new(&model);
    // All bad: score (0 + 0 + 0 + 0) -> low. Its SLA and play by segment and plan.
    let cells = [n(0.0), n(0.0), BAD, n(4.0)];
    let low = |seg: &str, plan: &str| {
        let s = run(&p, seg, plan, &cells);
        assert_eq!(s.tier, Some(0));
        (s.playbook, model.playbook(0, &s.matched))
    };
    assert_eq!(low("x", "pro"), ((None, None), ("now", "rescue")));
    // The model's own overrides are 0 and 1; these are 2 and 3.
    assert_eq!(
        low("x", "starter"),
        ((Some(2), Some(2)), ("5 days", "tech-touch rescue"))
    );
    // An enterprise starter account: the SLA from the later override, the play from the first.
    assert_eq!(
        low("ent", "starter"),
        ((Some(3), Some(2)), ("1 day", "tech-touch rescue"))
    );
}

#[test]
fn hysteresis_keeps_the_previous_tier_until_a_cut_off_is_crossed_by_the_margin() {
    let p = plan();
    // b and d only (a excluded... a weight 2 present): a = 5.2 -> 52, b = 15 -> 75,
    // c good 100, d = 1 -> 75: (104 + 75 + 100 + 75) / 5 = 70.8 -> mid.
    let s = run(&p, "x", "y", &[n(5.2), n(15.0), GOOD, n(1.0)]);
    assert_eq!((s.score, s.tier), (Some(70.8), Some(1)));
    // From low (below 50) with a margin of 2: mid needs 52; 70.8 crosses it.
    assert_eq!(p.tier_after(&s, Some(0), 2.0), Some(1));
    // a = 0 -> 0: (0 + 75 + 100 + 75) / 5 = 50 -> mid by score; from low with a
    // margin of 2 it stays low (50 < 52), with no margin it moves.
    let s = run(&p, "x", "y", &[n(0.0), n(15.0), GOOD, n(1.0)]);
    assert_eq!((s.score, s.tier), (Some(50.0), Some(1)));
    assert_eq!(p.tier_after(&s, Some(0), 2.0), Some(0));
    assert_eq!(p.tier_after(&s, Some(0), 0.0), Some(1));
    // From mid, a score of 48.5 stays mid (cut-off 50 − 2 = 48); 47.9 drops.
    // b = 7 -> 35: (0 + 35 + 100 + 75) / 5 = 42 -> low by score, and below 48.
    let s = run(&p, "x", "y", &[n(0.0), n(7.0), GOOD, n(1.0)]);
    assert_eq!(
        (s.score, p.tier_after(&s, Some(1), 2.0)),
        (Some(42.0), Some(0))
    );
    // b = 13.5 -> 67.5: (0 + 67.5 + 100 + 75) / 5 = 48.5.
    let s = run(&p, "x", "y", &[n(0.0), n(13.5), GOOD, n(1.0)]);
    assert_eq!((s.score, s.tier), (Some(48.5), Some(0)));
    assert_eq!(p.tier_after(&s, Some(1), 2.0), Some(1));
    // No previous tier: the score's own.
    assert_eq!(p.tier_after(&s, None, 2.0), Some(0));
}

#[test]
fn a_yes_no_signal_scores_its_yes_and_no_points() {
    let m = MODEL.replace(
        "normalise = \"category\"\nmap = { good = 100, bad = 0 }",
        "normalise = \"yes-no\"\nyes = 90\nno = 10",
    );
    let p = Plan::new(&valid(&m));
    // The reader gives no as category 0 and yes as 1.
    let s = run(&p, "x", "y", &[n(10.0), n(20.0), Cell::Category(1), n(0.0)]);
    assert_eq!(s.points[2], Some(90.0));
    let s = run(&p, "x", "y", &[n(10.0), n(20.0), Cell::Category(0), n(0.0)]);
    assert_eq!(s.points[2], Some(10.0));
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
