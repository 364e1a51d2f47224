//! Trials, Kaplan–Meier rates and weights checked against values worked by hand.

use super::*;
use crate::date::Date;
use crate::health::load;

fn day(s: &str) -> i32 {
    Date::parse(s).map(|d| d.days() as i32).unwrap_or(i32::MIN)
}

fn model() -> ValidModel {
    load::load("saas-health")
        .map(|m| m.model)
        .unwrap_or_else(|e| panic!("{e:?}"))
}

/// Month-end snapshots used by the hand-made histories.
const DATES: [&str; 5] = [
    "2026-01-31",
    "2026-03-02",
    "2026-04-01",
    "2026-05-01",
    "2026-05-31",
];

/// An account's tiers at the five snapshots (`.` = not in that snapshot), scores all `score`.
fn add(h: &mut History, id: &str, segment: &str, tiers: &str, score: f64) {
    for (i, c) in tiers.chars().enumerate() {
        if let Some(t) = c.to_digit(10) {
            h.add(
                id.as_bytes(),
                segment.as_bytes(),
                day(DATES[i]),
                Some(score + f64::from(t) * 20.0),
                Some(t as usize),
                Origin {
                    file: 0,
                    line: i as u64 + 2,
                },
            );
        }
    }
}

fn settings() -> Settings {
    Settings {
        replicates: 200,
        ..Settings::default()
    }
}

#[test]
fn plays_are_matched_to_tiers_by_id_name_or_play() {
    let m = model();
    assert_eq!(tier_of_play(&m, "rescue-plan"), Some(0));
    assert_eq!(tier_of_play(&m, "Rescue plan"), Some(0));
    assert_eq!(tier_of_play(&m, "RESCUE_PLAN"), Some(0));
    assert_eq!(tier_of_play(&m, "at-risk"), Some(0));
    assert_eq!(tier_of_play(&m, "Adoption sprint"), Some(1));
    assert_eq!(tier_of_play(&m, "watch"), Some(1));
    assert_eq!(tier_of_play(&m, "expansion-discovery"), Some(3));
    assert_eq!(tier_of_play(&m, "exec-sponsor-call"), None);
}

#[test]
fn time_zero_arms_and_exclusions_are_counted() {
    let m = model();
    let mut h = History::default();
    // Snapshots every 30 days: time zero 2026-03-02, then steps 1, 2, 3; a 90-day window is 3 steps.
    add(&mut h, "t-recovers", "smb", "10011", 10.0);
    add(&mut h, "t-stays", "smb", "10000", 10.0);
    add(&mut h, "c-recovers", "smb", "10010", 10.0);
    add(&mut h, "c-stays", "smb", "10000", 10.0);
    add(&mut h, "late", "smb", "10000", 10.0);
    add(&mut h, "already", "smb", "00111", 10.0);
    add(&mut h, "early", "smb", "10011", 10.0);
    add(&mut h, "never", "smb", "11111", 10.0);
    add(&mut h, "last", "smb", "11110", 10.0);
    add(&mut h, "earlier-episode", "smb", "10000", 10.0);
    h.finish(10);
    let mut log = PlayLog::default();
    let mut start = |id: &str, d: &str, end: Option<&str>| {
        log.add(&h, id.as_bytes(), "rescue-plan", day(d), end.map(day))
    };
    assert_eq!(start("t-recovers", "2026-03-02", None), Added::Kept);
    assert_eq!(start("t-recovers", "2026-03-02", None), Added::Duplicate);
    start("t-stays", "2026-03-16", None); // 14 days: within the grace
    start("late", "2026-03-17", None); // 15 days: comparison, followed until then
    start("already", "2026-03-05", None);
    start("early", "2026-02-20", None); // before time zero, still running
    start("never", "2026-02-01", None);
    start("earlier-episode", "2026-02-01", Some("2026-02-20"));
    assert_eq!(start("nobody", "2026-03-02", None), Added::UnknownAccount);
    let r = analyse(&m, &h, &log, None, &settings()).plays;
    assert_eq!(r.len(), 1);
    let c = r[0].counts;
    assert_eq!(r[0].tier, Some(0));
    assert_eq!(r[0].tier_from, TierFrom::Model);
    assert_eq!(
        c,
        Counts {
            starts: 7,
            eligible: 6,
            treated: 2,
            comparison: 4,
            started_later: 1,
            before_eligibility: 1,
            never_in_tier: 1,
            in_tier_at_first_snapshot: 1,
            entered_at_last_snapshot: 1,
            recovered_before_play: 0,
            earlier_episode: 1,
        }
    );
    assert_eq!(log.unknown_accounts, 1);
    assert_eq!(log.duplicates, 1);
    let e = r[0].effect.as_ref().expect("both arms");
    // Treated: one recovers at day 60 of two: KM 50%. Comparison (all the same
    // score and segment, so equal weights): c-recovers at day 60 among
    // c-recovers, c-stays, earlier-episode (followed to 90) and late (censored
    // at day 0, its play starting on day 15): 1/3.
    assert!((e.treated_rate - 50.0).abs() < 1e-9, "{}", e.treated_rate);
    assert!((e.comparison_rate - 100.0 / 3.0).abs() < 1e-6);
    assert!((e.difference.value - (50.0 - 100.0 / 3.0)).abs() < 1e-6);
    assert_eq!(e.treated_median, Some(2));
    assert_eq!(e.comparison_median, None);
    assert_eq!(e.treated_curve, vec![(2, 50.0)]);
    // Naive: 1 of 2 treated accounts "recovered".
    assert!((e.naive_recovered - 50.0).abs() < 1e-9);
}

#[test]
fn entering_at_the_last_snapshot_is_not_yet_a_trial() {
    let m = model();
    let mut h = History::default();
    add(&mut h, "a", "smb", "11110", 10.0);
    add(&mut h, "b", "smb", "11000", 10.0);
    h.finish(10);
    let mut log = PlayLog::default();
    log.add(&h, b"a", "rescue-plan", day("2026-05-31"), None);
    let r = analyse(&m, &h, &log, None, &settings()).plays;
    assert_eq!(r[0].counts.entered_at_last_snapshot, 1);
    assert_eq!(r[0].counts.comparison, 1);
    assert_eq!(r[0].counts.treated, 0);
    assert!(r[0].effect.is_none(), "no treated arm, no estimate");
    assert!(r[0].small());
}

/// Kaplan–Meier with censoring, worked by hand: four accounts, recoveries at
/// days 30 and 60, one censored at 30 (renewal), one followed to 90.
#[test]
fn kaplan_meier_counts_the_censored_at_risk_until_they_leave() {
    let u = |time, event| Unit {
        treated: true,
        score: 20.0,
        segment: 0,
        time,
        event,
        change: None,
        renewed: None,
    };
    let units = [u(30, true), u(30, false), u(60, true), u(90, false)];
    let mut scratch = vec![0.0; 2 * 91];
    let mut curve = Vec::new();
    let (rate, median) =
        kaplan_meier(&units, &[1.0; 4], true, 90, &mut scratch, Some(&mut curve)).expect("an arm");
    // Day 30: 1 of 4 recovers, S = 3/4; the censored one leaves after day 30.
    // Day 60: 1 of 2 recovers, S = 3/8. Recovered: 5/8.
    assert!((rate - 62.5).abs() < 1e-9);
    assert_eq!(median, Some(60));
    assert_eq!(curve, vec![(30, 25.0), (60, 62.5)]);
    // Weights count as copies.
    let (rate, _) =
        kaplan_meier(&units, &[2.0, 0.0, 1.0, 1.0], true, 90, &mut scratch, None).expect("an arm");
    // Day 30: 2 of 4 recover (S = 1/2); day 60: 1 of 2 (S = 1/4).
    assert!((rate - 75.0).abs() < 1e-9);
}

/// When treatment depends on the score, the comparison is re-weighted to the
/// treated accounts' scores: with two scores the model is saturated and the
/// weighted rate is the comparison's rate per score, averaged over the
/// treated accounts' scores.
#[test]
fn the_comparison_is_weighted_to_the_treated_accounts_scores() {
    let m = model();
    let mut h = History::default();
    let mut log = PlayLog::default();
    let mut ids = Vec::new();
    // Low scores (10): 8 treated (4 recover), 2 comparison (0 recover).
    // High scores (30): 2 treated (2 recover), 8 comparison (4 recover).
    for (score, treated, recover, n) in [
        (10.0, true, true, 4),
        (10.0, true, false, 4),
        (10.0, false, false, 2),
        (30.0, true, true, 2),
        (30.0, false, true, 4),
        (30.0, false, false, 4),
    ] {
        for _ in 0..n {
            let id = format!("a{}", ids.len());
            add(
                &mut h,
                &id,
                "smb",
                if recover { "10110" } else { "10000" },
                score,
            );
            ids.push((id, treated));
        }
    }
    h.finish(10);
    for (id, treated) in &ids {
        if *treated {
            log.add(&h, id.as_bytes(), "rescue-plan", day("2026-03-03"), None);
        }
    }
    let r = analyse(&m, &h, &log, None, &settings()).plays;
    let e = r[0].effect.as_ref().expect("both arms");
    assert_eq!((r[0].counts.treated, r[0].counts.comparison), (10, 10));
    // Treated: 6 of 10 recover. Comparison per score: 0% at 10, 50% at 30;
    // weighted to the treated (8 at 10, 2 at 30): 0.8 × 0 + 0.2 × 50 = 10%.
    assert!((e.treated_rate - 60.0).abs() < 1e-6);
    assert!(
        (e.comparison_rate - 10.0).abs() < 0.05,
        "{}",
        e.comparison_rate
    );
    assert!((e.unadjusted_comparison_rate - 40.0).abs() < 1e-6);
    assert!((e.difference.value - 50.0).abs() < 0.05);
    // Before weighting the arms' scores differ (treated lower); after, they match.
    assert!(e.score_smd_before < -1.0, "{}", e.score_smd_before);
    assert!(e.score_smd_after.abs() < 0.01, "{}", e.score_smd_after);
    assert!(e.difference.low <= e.difference.value && e.difference.value <= e.difference.high);
    // The same seed gives the same interval.
    let again = analyse(&m, &h, &log, None, &settings()).plays;
    assert_eq!(again, r);
}

#[test]
fn renewal_and_a_late_play_end_the_follow_up() {
    let m = model();
    let mut h = History::default();
    add(&mut h, "renews", "smb", "10001", 10.0);
    add(&mut h, "late", "smb", "10001", 10.0);
    add(&mut h, "t", "smb", "10000", 10.0);
    h.finish(10);
    let mut log = PlayLog::default();
    log.add(&h, b"t", "rescue-plan", day("2026-03-02"), None);
    log.add(&h, b"late", "rescue-plan", day("2026-04-15"), None);
    let renewals = vec![
        Some(Renewal {
            day: Some(day("2026-04-10")),
            renewed: true,
        }),
        None,
        Some(Renewal {
            day: None,
            renewed: false,
        }),
    ];
    let s = Settings {
        window: 120,
        ..settings()
    };
    let r = analyse(&m, &h, &log, Some(&renewals), &s).plays;
    let e = r[0].effect.as_ref().expect("both arms");
    // Both comparison accounts would recover at day 90, but one renewed on day
    // 39 and the other's play started on day 44: both are censored at day 30.
    assert!((e.comparison_rate - 0.0).abs() < 1e-9);
    assert_eq!(r[0].counts.started_later, 1);
    let rn = e.renewal.expect("outcomes given");
    assert_eq!(rn.accounts, 2);
    assert!((rn.treated_rate - 0.0).abs() < 1e-9);
    assert!((rn.comparison_rate - 100.0).abs() < 1e-9);
}

#[test]
fn a_play_the_model_does_not_name_takes_the_tier_of_its_starts() {
    let m = model();
    let mut h = History::default();
    add(&mut h, "a", "smb", "10000", 10.0);
    add(&mut h, "b", "smb", "10000", 10.0);
    add(&mut h, "c", "smb", "11000", 10.0);
    h.finish(10);
    let mut log = PlayLog::default();
    for id in ["a", "b", "c"] {
        log.add(&h, id.as_bytes(), "exec-call", day("2026-03-05"), None);
    }
    let r = analyse(&m, &h, &log, None, &settings()).plays;
    assert_eq!(r[0].tier, Some(0));
    match r[0].tier_from {
        TierFrom::Inferred(share) => assert!((share - 2.0 / 3.0).abs() < 1e-12),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_top_tier_has_no_recovery_to_measure() {
    let m = model();
    let mut h = History::default();
    add(&mut h, "a", "smb", "23333", 10.0);
    add(&mut h, "b", "smb", "23333", 10.0);
    h.finish(10);
    let mut log = PlayLog::default();
    log.add(&h, b"a", "expansion-discovery", day("2026-03-03"), None);
    let r = analyse(&m, &h, &log, None, &settings()).plays;
    assert!(!r[0].healthier);
    assert!(r[0].effect.is_none());
    assert_eq!((r[0].counts.treated, r[0].counts.comparison), (1, 1));
}

#[test]
fn two_rows_for_one_account_on_one_date_are_found() {
    let mut h = History::default();
    let o = |line| Origin { file: 1, line };
    h.add(b"a", b"", day("2026-01-31"), Some(1.0), Some(0), o(2));
    h.add(b"b", b"", day("2026-01-31"), Some(1.0), Some(0), o(3));
    h.add(b"a", b"", day("2026-01-31"), Some(2.0), Some(0), o(9));
    let d = h.finish(10);
    assert_eq!(
        d,
        vec![Duplicate {
            account: b"a".to_vec(),
            day: day("2026-01-31"),
            first: o(2),
            again: o(9),
        }]
    );
    assert_eq!(h.dates, vec![day("2026-01-31")]);
}

#[test]
fn the_logistic_fit_recovers_known_proportions() {
    // Scores 0, 1, 2 (three levels: z and z² saturate them), treated shares 1/4, 1/2, 3/4.
    let mut units = Vec::new();
    for (score, treated, n) in [
        (0.0, 1, 1),
        (0.0, 0, 3),
        (1.0, 1, 2),
        (1.0, 0, 2),
        (2.0, 1, 3),
        (2.0, 0, 1),
    ] {
        for _ in 0..n {
            units.push(Unit {
                treated: treated == 1,
                score,
                segment: 0,
                time: 0,
                event: false,
                change: None,
                renewed: None,
            });
        }
    }
    let d = Design::new(&units);
    assert_eq!(d.patterns(), 3, "one row per score");
    let slim = Slim::all(&units, &d.pattern);
    let mut counts = Vec::new();
    d.counts(&slim, &vec![1; units.len()], &mut counts);
    assert_eq!(counts, vec![(1.0, 4.0), (2.0, 4.0), (3.0, 4.0)]);
    let mut beta = vec![0.0; d.p];
    fit(&d, &counts, &mut beta, 50);
    let e = |i: usize| {
        let k = d.pattern[i] as usize;
        sigmoid(d.row(k).iter().zip(&beta).map(|(a, b)| a * b).sum())
    };
    assert!((e(0) - 0.25).abs() < 1e-3, "{}", e(0));
    assert!((e(4) - 0.5).abs() < 1e-3, "{}", e(4));
    assert!((e(8) - 0.75).abs() < 1e-3, "{}", e(8));
}
