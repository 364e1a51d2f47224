//! One fit on a set of training accounts, and the penalty chosen by
//! cross-validation inside them.
//!
//! A fit runs in four solves of [`logistic::fit`](super::logistic::fit):
//! 1. *free*: flexible curves, every signal's missing cells an indicator of their
//!    own, so the data says what an empty cell is worth;
//! 2. the missing policy per signal: `worst` (0 points), `neutral` (50) or
//!    `exclude` (the account's other signals decide) — the one closest to what the
//!    free fit found, the hand model's unless another is clearly closer;
//! 3. *coded*: flexible curves with those policies coded exactly as the score
//!    applies them ([`design`](super::design)); then each curve is made readable
//!    (few knots, whole points, `range` bounds where the model has a range);
//! 4. *heights*: with those readable shapes fixed, the signals' weights.
//!
//! The penalty `λ` (ridge, on every coefficient but the intercept) is chosen
//! from [`LAMBDAS`] by the held-out deviance of the free fit over inner folds.

use super::design::{self, Built, Coding, Column, Kind};
use super::logistic::{self, Solution};
use super::readable::{self, Points};

/// The penalties tried, largest first (each fit starts from the previous one).
pub const LAMBDAS: [f64; 7] = [1000.0, 300.0, 100.0, 30.0, 10.0, 3.0, 1.0];

/// Fewer empty cells than this in the training accounts and the hand model's policy stays.
pub const MIN_MISSING: usize = 50;

/// A policy other than the hand model's is chosen only when it is closer to the
/// free fit's value of an empty cell by more than this share of the signal's height.
pub const POLICY_MARGIN: f64 = 0.1;

/// What a fit needs to know about the signals.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// Per signal, its values for every account.
    pub columns: &'a [Column],
    /// Per account, whether it renewed.
    pub renewed: &'a [bool],
    /// Per signal, the hand model's missing policy.
    pub hand: &'a [Coding],
    /// Per signal, whether a curve is written as a `range` (else `thresholds`).
    pub range: &'a [bool],
}

/// What a fit learned about one signal.
#[derive(Debug, Clone, PartialEq)]
pub struct Learned {
    /// Its points, or none when the data gave it no rise at all.
    pub points: Option<Points>,
    /// Its whole weight (the weights add up to 100).
    pub weight: u32,
    /// Its unrounded share of the total weight, percent.
    pub share: f64,
    /// The missing policy chosen.
    pub coding: Coding,
    /// What the free fit found an empty cell worth, in points (0–100 on its curve),
    /// when it had empty cells to learn from.
    pub missing_points: Option<f64>,
}

/// A fitted model's signals, in model order.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    /// Per signal.
    pub signals: Vec<Learned>,
    /// The penalty used.
    pub lambda: f64,
}

fn knots_of(input: &Input<'_>, accounts: &[usize]) -> Vec<Vec<f64>> {
    input
        .columns
        .iter()
        .map(|c| match c.kind {
            Kind::Curve { .. } => design::knots(&c.values, accounts),
            _ => Vec::new(),
        })
        .collect()
}

fn free_codings(input: &Input<'_>, accounts: &[usize]) -> Vec<Coding> {
    input
        .columns
        .iter()
        .zip(input.hand)
        .map(|(c, &hand)| {
            if accounts.iter().any(|&a| c.values[a].is_nan()) {
                Coding::Free
            } else {
                hand
            }
        })
        .collect()
}

fn start(built: &Built) -> Vec<f64> {
    let n = built.design.rows().max(1) as f64;
    let rate = (built.design.y.iter().sum::<f64>() + 0.5) / (n + 1.0);
    let mut b = vec![0.0; built.design.columns];
    b[0] = (rate / (1.0 - rate)).ln();
    b
}

/// Solves a design whose `exclude` cells depend on the coefficients: solve, update
/// the cells, solve again from there, until they settle.
fn solve(built: &mut Built, lambda: f64, from: &[f64]) -> Solution {
    let mut curvature = logistic::Curvature::default();
    let mut s = logistic::fit_from(
        &built.design,
        &built.constraints,
        lambda,
        from,
        &mut curvature,
    );
    for _ in 0..30 {
        if built.excluded.is_empty() || built.update_excluded(&s.beta) < 1e-4 {
            break;
        }
        s = logistic::fit_from(
            &built.design,
            &built.constraints,
            lambda,
            &s.beta,
            &mut curvature,
        );
    }
    s
}

/// The summed loss (negative log-likelihood) of `beta` on a design.
fn deviance(built: &Built, beta: &[f64]) -> f64 {
    (0..built.design.rows())
        .map(|i| logistic::loss(built.design.eta(i, beta), built.design.y[i]))
        .sum()
}

/// Held-out loss of the free fit at every penalty in [`LAMBDAS`]: trained on
/// `train`, measured on each of `held_out`.
pub fn lambda_path(input: &Input<'_>, train: &[usize], held_out: &[&[usize]]) -> Vec<Vec<f64>> {
    let knots = knots_of(input, train);
    let codings = free_codings(input, train);
    let built = design::build(input.columns, &knots, &codings, train, input.renewed);
    let checks: Vec<Built> = held_out
        .iter()
        .map(|h| design::build(input.columns, &knots, &codings, h, input.renewed))
        .collect();
    let mut beta = start(&built);
    let mut curvature = logistic::Curvature::loose();
    let mut out = vec![Vec::with_capacity(LAMBDAS.len()); held_out.len()];
    for &lambda in &LAMBDAS {
        let sol = logistic::fit_from(
            &built.design,
            &built.constraints,
            lambda,
            &beta,
            &mut curvature,
        );
        beta = sol.beta;
        for (o, c) in out.iter_mut().zip(&checks) {
            o.push(deviance(c, &beta));
        }
    }
    out
}

/// The penalty with the least summed held-out loss (the larger on ties).
pub fn best_lambda(losses: &[&[f64]]) -> f64 {
    let mut best = (0, f64::INFINITY);
    for (l, _) in LAMBDAS.iter().enumerate() {
        let total: f64 = losses.iter().map(|v| v[l]).sum();
        if total < best.1 - 1e-9 * total.abs() {
            best = (l, total);
        }
    }
    LAMBDAS[best.0]
}

/// The policy whose value of an empty cell is closest to `level` (a share of the
/// curve's height), the hand model's unless another is closer by [`POLICY_MARGIN`].
pub fn choose_policy(hand: Coding, level: f64, share_of_others: f64) -> Coding {
    let value = |c: Coding| match c {
        Coding::Worst => 0.0,
        Coding::Neutral => 0.5,
        Coding::Exclude | Coding::Free => share_of_others,
    };
    let candidates = [Coding::Exclude, Coding::Neutral, Coding::Worst];
    let distance = |c: Coding| (value(c) - level).abs();
    let best = candidates.into_iter().fold(Coding::Exclude, |b, c| {
        if distance(c) < distance(b) { c } else { b }
    });
    if distance(hand) <= distance(best) + POLICY_MARGIN {
        hand
    } else {
        best
    }
}

/// Fits one model on `train` with penalty `lambda`.
pub fn fit(input: &Input<'_>, train: &[usize], lambda: f64) -> Fitted {
    let signals = input.columns.len();
    let knots = knots_of(input, train);
    // 1. Free: what is an empty cell worth?
    let free_codes = free_codings(input, train);
    let free = design::build(input.columns, &knots, &free_codes, train, input.renewed);
    let fb = logistic::fit(&free.design, &free.constraints, lambda, &start(&free)).beta;
    // 2. The policies.
    let heights: Vec<f64> = free.blocks.iter().map(|b| design::height(b, &fb)).collect();
    let mut codings = input.hand.to_vec();
    let mut missing_points = vec![None; signals];
    for s in 0..signals {
        let Some(f) = free.blocks[s].free else {
            continue;
        };
        let missing: Vec<usize> = (0..free.design.rows())
            .filter(|&r| free.design.row(r)[f] == 1.0)
            .collect();
        if heights[s] <= 1e-9 {
            continue;
        }
        let level = fb[f] / heights[s];
        missing_points[s] = Some((level * 100.0).clamp(0.0, 100.0));
        if missing.len() < MIN_MISSING {
            continue;
        }
        // The mean share of the others' height these accounts reach, as `exclude` would give.
        let mut share = 0.0;
        for &r in &missing {
            let row = free.design.row(r);
            let (mut num, mut den) = (0.0, 0.0);
            for (o, b) in free.blocks.iter().enumerate() {
                if o == s || b.free.is_some_and(|c| row[c] == 1.0) {
                    continue;
                }
                num += (b.start..b.start + b.width)
                    .map(|c| row[c] * fb[c])
                    .sum::<f64>();
                den += heights[o];
            }
            share += if den > 0.0 { num / den } else { 0.5 };
        }
        share /= missing.len() as f64;
        codings[s] = choose_policy(input.hand[s], level, share);
    }
    // 3. Coded, flexible curves.
    let mut coded = design::build(input.columns, &knots, &codings, train, input.renewed);
    let mut from = vec![0.0; coded.design.columns];
    from[0] = fb[0];
    for (a, b) in coded.blocks.iter().zip(&free.blocks) {
        from[a.start..a.start + a.width].copy_from_slice(&fb[b.start..b.start + b.width]);
    }
    let cb = solve(&mut coded, lambda, &from).beta;
    let shapes: Vec<Option<Points>> = (0..signals)
        .map(|s| readable_points(input, &coded, &cb, s, train))
        .collect();
    // 4. Heights of the readable shapes.
    let kept: Vec<usize> = (0..signals).filter(|&s| shapes[s].is_some()).collect();
    let mut share = vec![0.0; signals];
    if !kept.is_empty() {
        let shaped: Vec<Column> = kept
            .iter()
            .map(|&s| {
                let p = shapes[s].as_ref();
                let lower = matches!(input.columns[s].kind, Kind::Curve { lower: true });
                Column {
                    kind: Kind::Fixed,
                    values: input.columns[s]
                        .values
                        .iter()
                        .map(|&x| match p {
                            Some(p) if !x.is_nan() => p.at(x, lower),
                            _ => f64::NAN,
                        })
                        .collect(),
                }
            })
            .collect();
        let kept_codings: Vec<Coding> = kept.iter().map(|&s| codings[s]).collect();
        let none = vec![Vec::new(); kept.len()];
        let mut hb = design::build(&shaped, &none, &kept_codings, train, input.renewed);
        let mut from = vec![0.0; hb.design.columns];
        from[0] = cb[0];
        for (i, &s) in kept.iter().enumerate() {
            from[hb.blocks[i].start] = design::height(&coded.blocks[s], &cb);
        }
        let h = solve(&mut hb, lambda, &from).beta;
        let total: f64 = hb.blocks.iter().map(|b| h[b.start].max(0.0)).sum();
        for (i, &s) in kept.iter().enumerate() {
            if total > 0.0 {
                share[s] = h[hb.blocks[i].start].max(0.0) / total * 100.0;
            }
        }
    }
    let weights = readable::whole_weights(&share, 100).unwrap_or_else(|| vec![0; signals]);
    Fitted {
        signals: (0..signals)
            .map(|s| Learned {
                points: if weights[s] > 0 {
                    shapes[s].clone()
                } else {
                    None
                },
                weight: weights[s],
                share: share[s],
                // A signal without weight keeps the hand model's policy: its cells change no score.
                coding: if weights[s] > 0 {
                    codings[s]
                } else {
                    input.hand[s]
                },
                missing_points: missing_points[s],
            })
            .collect(),
        lambda,
    }
}

/// Signal `s`'s fitted curve made readable, or none when it has no rise.
fn readable_points(
    input: &Input<'_>,
    built: &Built,
    beta: &[f64],
    s: usize,
    train: &[usize],
) -> Option<Points> {
    let b = &built.blocks[s];
    let coef = &beta[b.start..b.start + b.width];
    let h: f64 = coef.iter().sum();
    if h <= 1e-9 {
        return None;
    }
    match input.columns[s].kind {
        Kind::Fixed => Some(Points::Fixed),
        Kind::Levels { .. } => {
            let mut acc = 0.0;
            let mut p = vec![0.0];
            for c in coef {
                acc += c;
                p.push((100.0 * acc / h).round());
            }
            Some(Points::Levels(p))
        }
        Kind::Curve { lower } => {
            // The curve at each knot: the sum of the ramps below it (above it, when lower is better).
            let n = b.knots.len();
            let f: Vec<f64> = (0..n)
                .map(|k| {
                    if lower {
                        coef[k..].iter().sum()
                    } else {
                        coef[..k].iter().sum()
                    }
                })
                .collect();
            if input.range[s] {
                let values = &input.columns[s].values;
                let present: Vec<f64> = train
                    .iter()
                    .map(|&a| values[a])
                    .filter(|x| !x.is_nan())
                    .collect();
                let every = (present.len() / 4000).max(1);
                let sample: Vec<f64> = present.iter().step_by(every).copied().collect();
                readable::range(&b.knots, &f, lower, &sample)
                    .map(|(min, max)| Points::Range { min, max })
            } else {
                readable::thresholds(&b.knots, &f, lower).map(Points::Thresholds)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::health::fit::checks;

    fn curve(values: Vec<f64>) -> Column {
        Column {
            kind: Kind::Curve { lower: false },
            values,
        }
    }

    fn input<'a>(columns: &'a [Column], renewed: &'a [bool], hand: &'a [Coding]) -> Input<'a> {
        Input {
            columns,
            renewed,
            hand,
            range: &[false, false, false],
        }
    }

    #[test]
    fn one_two_valued_signal_fits_its_two_renewal_rates() {
        // Value 0: 1 of 4 renews; value 1: 3 of 4. One signal: all 100 points are its,
        // its curve runs from 0 points at 0 to 100 at 1.
        let values = vec![0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0];
        let renewed = [true, false, false, false, true, true, true, false];
        let cols = [curve(values)];
        let all: Vec<usize> = (0..8).collect();
        let f = fit(&input(&cols, &renewed, &[Coding::Exclude]), &all, 1.0);
        assert_eq!(f.signals[0].weight, 100);
        assert_eq!(
            f.signals[0].points,
            Some(Points::Thresholds(vec![(0.0, 0.0), (1.0, 100.0)]))
        );
    }

    /// 400 accounts: `x` 0..100 (each value 4 times); renewed when `x > 50`; a second
    /// signal `z` takes 0, 1, 2, 3 for the four accounts at each `x`, so within every `x`
    /// it is spread alike over renewals and churns: it says nothing.
    fn separating() -> (Vec<Column>, Vec<bool>) {
        let x: Vec<f64> = (0..400).map(|i| f64::from(i / 4)).collect();
        let z: Vec<f64> = (0..400).map(|i| f64::from(i % 4)).collect();
        let renewed = x.iter().map(|&v| v > 50.0).collect();
        (vec![curve(x), curve(z)], renewed)
    }

    #[test]
    fn a_signal_that_separates_perfectly_ranks_every_renewal_above_every_churn() {
        let (cols, renewed) = separating();
        let all: Vec<usize> = (0..400).collect();
        let hand = [Coding::Exclude, Coding::Exclude];
        let f = fit(&input(&cols, &renewed, &hand), &all, 1.0);
        let Some(p) = &f.signals[0].points else {
            panic!("{f:?}")
        };
        let mut pairs: Vec<(f64, bool)> = all
            .iter()
            .map(|&a| (p.at(cols[0].values[a], false), renewed[a]))
            .collect();
        let auc = crate::health::calibrate::auc(&mut pairs).map(|a| a.auc);
        assert_eq!(auc, Some(1.0), "{p:?}");
        // The useless signal ends at weight 0, with no curve; the separating one takes all.
        assert_eq!(
            (f.signals[0].weight, f.signals[1].weight),
            (100, 0),
            "{f:?}"
        );
        assert_eq!(f.signals[1].points, None);
    }

    #[test]
    fn a_signal_running_against_its_direction_is_held_at_zero_and_flagged() {
        // Declared higher, but renewals fall as it rises: x ≤ 50 renews.
        let (mut cols, renewed) = separating();
        let flipped: Vec<bool> = renewed.iter().map(|r| !r).collect();
        // A third signal that does point the right way, weakly: renewed accounts 1, churned 0,
        // except every fifth account.
        cols.push(curve(
            (0..400)
                .map(|i| if flipped[i] != (i % 5 == 0) { 1.0 } else { 0.0 })
                .collect(),
        ));
        let all: Vec<usize> = (0..400).collect();
        let hand = [Coding::Exclude; 3];
        let f = fit(&input(&cols, &flipped, &hand), &all, 1.0);
        assert_eq!(f.signals[0].weight, 0, "{f:?}");
        assert_eq!(f.signals[2].weight, 100, "{f:?}");
        let d =
            checks::direction(&cols[0], &flipped, &all).unwrap_or_else(|| panic!("two classes"));
        assert_eq!(d.auc, 0.0);
        assert!(checks::runs_against(&d));
    }

    #[test]
    fn fitted_knots_are_few_increasing_and_their_points_monotone() {
        // Renewal odds rise steeply to x = 30, then flatten: a concave curve.
        let x: Vec<f64> = (0..1000).map(|i| f64::from(i % 100)).collect();
        let renewed: Vec<bool> = (0..1000)
            .map(|i| {
                let v = f64::from(i % 100);
                let p = 0.1 + 0.8 * (v / 30.0).min(1.0);
                // Deterministic: the account renews when its rank within its value's ten is below p.
                f64::from(i / 100) / 10.0 < p
            })
            .collect();
        let cols = [curve(x)];
        let all: Vec<usize> = (0..1000).collect();
        let f = fit(&input(&cols, &renewed, &[Coding::Exclude]), &all, 1.0);
        let Some(Points::Thresholds(k)) = &f.signals[0].points else {
            panic!("{f:?}")
        };
        assert!(k.len() >= 2 && k.len() <= readable::MAX_KNOTS, "{k:?}");
        assert!(
            k.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1),
            "{k:?}"
        );
        assert_eq!((k[0].1, k[k.len() - 1].1), (0.0, 100.0));
        // Concave: by x = 30 most of the rise is done.
        let p = Points::Thresholds(k.clone());
        assert!(p.at(30.0, false) >= 80.0, "{k:?}");
    }

    #[test]
    fn the_hand_policy_stays_unless_another_is_clearly_closer() {
        // Empty cells worth 3% of the curve: worst (0) is closest.
        assert_eq!(choose_policy(Coding::Neutral, 0.03, 0.6), Coding::Worst);
        // Worth 48%: neutral is closest, but the hand model's exclude (others reach 55%) is
        // within the margin, so it stays.
        assert_eq!(choose_policy(Coding::Exclude, 0.48, 0.55), Coding::Exclude);
        // Worth 20%: worst (0) is closer than neutral (50) by 10 points: not clearly; stays.
        assert_eq!(choose_policy(Coding::Neutral, 0.2, 0.6), Coding::Neutral);
        // Worth 70% when the others reach 72%: exclude.
        assert_eq!(choose_policy(Coding::Worst, 0.70, 0.72), Coding::Exclude);
    }

    #[test]
    fn the_least_held_out_loss_picks_the_penalty() {
        let a = [5.0, 4.0, 3.0, 2.0, 2.5, 3.0, 3.5];
        let b = [5.0, 4.0, 3.0, 2.5, 2.0, 3.0, 3.5];
        // Sums: 10, 8, 6, 4.5, 4.5, 6, 7: a tie between 30 and 10 goes to the larger penalty.
        assert_eq!(best_lambda(&[&a, &b]), 30.0);
    }
}
