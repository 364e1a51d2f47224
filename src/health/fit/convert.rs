//! A fit written as a model: the hand model's columns, signals, kinds,
//! directions, groups, tiers and texts, with the fitted weights, points,
//! missing policies and tier cut-offs; tier conditions carried over by the
//! values they stood for; the version bumped.

use super::design::Coding;
use super::learn::Fitted;
use super::readable::Points;
use crate::health::model::{Better, Missing, Model, Normalisation, Normalise, ValidModel};
use crate::health::write;

/// The missing policy a coding stands for.
pub fn missing(c: Coding) -> Missing {
    match c {
        Coding::Worst => Missing::Worst,
        Coding::Neutral => Missing::Neutral,
        Coding::Exclude | Coding::Free => Missing::Exclude,
    }
}

/// The coding of a missing policy.
pub fn coding(m: Missing) -> Coding {
    match m {
        Missing::Worst => Coding::Worst,
        Missing::Neutral => Coding::Neutral,
        Missing::Exclude => Coding::Exclude,
    }
}

/// A category signal's values ranked into levels by the hand model's points
/// (equal points share a level): the level of each map entry, worst first, and
/// how many levels.
pub fn levels(map: &[(String, f64)]) -> (Vec<usize>, usize) {
    let mut distinct: Vec<f64> = map.iter().map(|(_, p)| *p).collect();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    let level = map
        .iter()
        .map(|(_, p)| distinct.partition_point(|d| d < p))
        .collect();
    (level, distinct.len())
}

/// The next version of a model: `1.0.0` → `1.1.0`, `3` → `4`, `2026-q3` → `2026-q3-fitted`.
pub fn bump(version: &str) -> String {
    let parts: Vec<&str> = version.split('.').collect();
    let numbers: Option<Vec<u64>> = parts.iter().map(|p| p.parse().ok()).collect();
    match numbers {
        Some(mut n) if n.len() >= 2 => {
            n[1] += 1;
            for x in &mut n[2..] {
                *x = 0;
            }
            n.iter().map(u64::to_string).collect::<Vec<_>>().join(".")
        }
        Some(n) if n.len() == 1 => (n[0] + 1).to_string(),
        _ => format!("{version}-fitted"),
    }
}

/// The hand normaliser's knots as (value, points), when it is a line: thresholds, or a range.
fn knots_of(n: &Normalisation) -> Option<Vec<(f64, f64)>> {
    match n {
        Normalisation::Thresholds { points, .. } => Some(points.clone()),
        Normalisation::Range { min, max, better } => Some(match better {
            Better::Higher => vec![(*min, 0.0), (*max, 100.0)],
            Better::Lower => vec![(*min, 100.0), (*max, 0.0)],
        }),
        _ => None,
    }
}

/// Where a monotone piecewise-linear curve (`knots` by increasing value) first
/// reaches `q` points (`at_least`) or last stays at or under it (`at_most`), in the
/// direction it rises: `-∞`/`+∞` when every value qualifies, `None` when none does.
pub fn boundary(knots: &[(f64, f64)], q: f64, at_least: bool) -> Option<f64> {
    let rising = knots[knots.len() - 1].1 >= knots[0].1;
    // Work on a rising curve: mirror a falling one (x → −x).
    let k: Vec<(f64, f64)> = if rising {
        knots.to_vec()
    } else {
        knots.iter().rev().map(|&(x, y)| (-x, y)).collect()
    };
    let n = k.len();
    let x = if at_least {
        // The first value with points ≥ q.
        let i = k.iter().position(|&(_, y)| y >= q)?;
        if i == 0 {
            f64::NEG_INFINITY
        } else {
            let (a, b) = (k[i - 1], k[i]);
            a.0 + (q - a.1) / (b.1 - a.1) * (b.0 - a.0)
        }
    } else {
        // The last value with points ≤ q.
        let i = k.iter().rposition(|&(_, y)| y <= q)?;
        if i == n - 1 {
            f64::INFINITY
        } else {
            let (a, b) = (k[i], k[i + 1]);
            a.0 + (q - a.1) / (b.1 - a.1) * (b.0 - a.0)
        }
    };
    Some(if rising { x } else { -x })
}

fn floor_centi(x: f64) -> f64 {
    (x * 100.0).floor() / 100.0
}

fn ceil_centi(x: f64) -> f64 {
    (x * 100.0).ceil() / 100.0
}

/// The fitted points a translated condition compares with: the points the fitted
/// curve gives the value where the hand curve crossed `q`.
fn translate_number(
    hand: &[(f64, f64)],
    fitted: &Points,
    lower: bool,
    q: f64,
    at_least: bool,
) -> f64 {
    match boundary(hand, q, at_least) {
        None => q,
        Some(x) => {
            let p = if x.is_infinite() {
                // Every value qualifies: the weakest bound the fitted curve allows.
                if at_least { 0.0 } else { 100.0 }
            } else {
                fitted.at(x, lower)
            };
            if at_least {
                floor_centi(p)
            } else {
                ceil_centi(p)
            }
        }
    }
}

/// The fitted model: the hand model with `fitted`'s weights, points and policies, the
/// tier minimums `cutoffs` (lowest tier first; the first is 0), conditions
/// carried over by value, overrides without their weights and signal settings
/// (a fitted model weighs and scores every account alike) but with their tiers'
/// SLAs and plays, the version bumped. Examples keep their values; their score and tier
/// are the hand model's until [`with_examples`] sets them.
pub fn model(hand: &ValidModel, fitted: &Fitted, cutoffs: &[f64]) -> Model {
    let mut m = write::unvalidated(hand);
    m.model.version = bump(&hand.about.version);
    let note = "Weights, points, missing-value policies and tier cut-offs refitted from renewals by `cs-scorecard health fit` (the comment at the top of this file says on what).";
    m.model.source = Some(match &hand.about.source {
        Some(s) => format!("{s} {note}"),
        None => note.to_string(),
    });
    for o in &mut m.overrides {
        o.weights.clear();
        o.signals.clear();
    }
    m.overrides.retain(|o| !o.tiers.is_empty());
    for (i, (s, l)) in m.signals.iter_mut().zip(&fitted.signals).enumerate() {
        s.weight = f64::from(l.weight);
        s.missing = missing(l.coding);
        let Some(points) = &l.points else {
            continue;
        };
        match (points, &hand.signals[i].normalisation) {
            (Points::Thresholds(k), _) => {
                s.normalise = Normalise::Thresholds;
                s.points = Some(k.iter().map(|&(x, y)| [x, y]).collect());
                s.min = None;
                s.max = None;
            }
            (Points::Range { min, max }, _) => {
                s.normalise = Normalise::Range;
                s.min = Some(*min);
                s.max = Some(*max);
                s.points = None;
            }
            (Points::Levels(p), Normalisation::Category { map }) => {
                let (level, _) = levels(map);
                s.map = Some(
                    map.iter()
                        .zip(&level)
                        .map(|((k, _), &l)| (k.clone(), p.get(l).copied().unwrap_or(0.0)))
                        .collect(),
                );
            }
            _ => {}
        }
    }
    for (t, tier) in m.tiers.iter_mut().enumerate() {
        if let Some(&c) = cutoffs.get(t) {
            tier.min = c;
        }
        for c in &mut tier.conditions {
            let Some(si) = hand.signal_index(&c.signal) else {
                continue;
            };
            let Some(points) = &fitted.signals[si].points else {
                continue;
            };
            let lower = matches!(
                hand.signals[si].normalisation,
                Normalisation::Thresholds {
                    better: Better::Lower,
                    ..
                } | Normalisation::Range {
                    better: Better::Lower,
                    ..
                }
            );
            match (&hand.signals[si].normalisation, points) {
                (Normalisation::Category { map }, Points::Levels(p)) => {
                    let (level, _) = levels(map);
                    let qualifying = |ok: &dyn Fn(f64) -> bool| -> Vec<f64> {
                        map.iter()
                            .zip(&level)
                            .filter(|((_, hp), _)| ok(*hp))
                            .map(|(_, &l)| p.get(l).copied().unwrap_or(0.0))
                            .collect()
                    };
                    if let Some(q) = c.at_least {
                        let v = qualifying(&|hp| hp >= q);
                        c.at_least =
                            Some(v.iter().copied().fold(f64::INFINITY, f64::min).min(100.0));
                    }
                    if let Some(q) = c.at_most {
                        let v = qualifying(&|hp| hp <= q);
                        c.at_most =
                            Some(v.iter().copied().fold(f64::NEG_INFINITY, f64::max).max(0.0));
                    }
                }
                (n, p) => {
                    if let Some(k) = knots_of(n) {
                        if let Some(q) = c.at_least {
                            c.at_least = Some(translate_number(&k, p, lower, q, true));
                        }
                        if let Some(q) = c.at_most {
                            c.at_most = Some(translate_number(&k, p, lower, q, false));
                        }
                    }
                }
            }
        }
    }
    m
}

/// Sets each example's declared score and tier to what `scored` gives it (the
/// fitted model's [`example_scores`](crate::health::score::example_scores)); an
/// example the fitted model cannot score is left out.
pub fn with_examples(
    m: &mut Model,
    tiers: &[String],
    scored: &[crate::health::score::ExampleScore],
) {
    let mut keep = Vec::new();
    for (e, r) in m.examples.drain(..).zip(scored) {
        if let Ok((Some(score), Some(tier))) = r {
            let mut e = e;
            e.score = *score;
            e.tier = tiers[*tier].clone();
            keep.push(e);
        }
    }
    m.examples = keep;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_bumped_readably() {
        assert_eq!(bump("1.0.0"), "1.1.0");
        assert_eq!(bump("2.3.7"), "2.4.0");
        assert_eq!(bump("3"), "4");
        assert_eq!(bump("2026-q3"), "2026-q3-fitted");
    }

    #[test]
    fn category_levels_follow_the_hand_points() {
        // detractor 0, passive 60, promoter 100 (the map's sorted order).
        let map = vec![
            ("detractor".to_string(), 0.0),
            ("passive".to_string(), 60.0),
            ("promoter".to_string(), 100.0),
        ];
        assert_eq!(levels(&map), (vec![0, 1, 2], 3));
        let tied = vec![
            ("a".to_string(), 50.0),
            ("b".to_string(), 0.0),
            ("c".to_string(), 50.0),
        ];
        assert_eq!(levels(&tied), (vec![1, 0, 1], 2));
    }

    #[test]
    fn a_condition_keeps_the_value_it_stood_for() {
        // The hand curve gives 90 points from 70 (active users); it stood for "70% or more".
        let hand = [(10.0, 0.0), (40.0, 50.0), (70.0, 90.0), (90.0, 100.0)];
        assert_eq!(boundary(&hand, 90.0, true), Some(70.0));
        assert_eq!(boundary(&hand, 70.0, true), Some(55.0));
        // At least 0: every value; more than the curve reaches: none.
        assert_eq!(boundary(&hand, 0.0, true), Some(f64::NEG_INFINITY));
        assert_eq!(boundary(&hand, 101.0, true), None);
        // The fitted curve gives 70 the points 80 + (70 − 60)/(80 − 60) × 20 = 90 → 90.
        let fitted = Points::Thresholds(vec![(20.0, 0.0), (60.0, 80.0), (80.0, 100.0)]);
        assert_eq!(translate_number(&hand, &fitted, false, 90.0, true), 90.0);
        let fitted = Points::Thresholds(vec![(20.0, 0.0), (50.0, 60.0), (100.0, 100.0)]);
        // 60 + (70 − 50)/50 × 40 = 76.
        assert_eq!(translate_number(&hand, &fitted, false, 90.0, true), 76.0);
        // Lower is better (days since the QBR): at least 40 points stood for 200 days or fewer.
        let qbr = [(0.0, 100.0), (100.0, 100.0), (200.0, 40.0), (365.0, 0.0)];
        assert_eq!(boundary(&qbr, 40.0, true), Some(200.0));
        // At most 40 points: 200 days or more.
        assert_eq!(boundary(&qbr, 40.0, false), Some(200.0));
        let fitted = Points::Range {
            min: 0.0,
            max: 400.0,
        };
        assert_eq!(translate_number(&qbr, &fitted, true, 40.0, true), 50.0);
    }
}
