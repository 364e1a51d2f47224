//! The design matrix of a fit: each signal's values turned into columns whose
//! non-negative coefficients can only make its points rise in its declared
//! direction, and its missing cells coded exactly as the score treats them.
//!
//! - A number (`thresholds`, `range`): knots at quantiles of the training
//!   values, and one *ramp* per pair of neighbouring knots, `clamp((x − t_k) /
//!   (t_{k+1} − t_k), 0, 1)` (mirrored when lower is better). With coefficients
//!   `β_k ≥ 0` the signal's curve `f(x) = Σ β_k·ramp_k(x)` is any monotone
//!   piecewise-linear function through those knots, 0 at the worst end and
//!   `H = Σ β_k` at the best: exactly a `thresholds` normaliser scaled by `H`.
//! - Text (`category`): levels ranked by the hand model's points, worst first,
//!   one column `[level ≥ k]` per level above the worst.
//! - A percentile rank: one column, its points / 100 (the shape is the rank's).
//!
//! A signal's weight is then proportional to its height `H`, and a score is
//! `100 · Σ f / Σ H`, an increasing function of the fitted log-odds. Missing
//! cells: `worst` gives every column of the block 0 (0 points), `neutral` 0.5
//! (`H/2`: 50 points); `exclude` gives every column `s`, the account's share of
//! the height of its other signals with points, `Σ f / Σ H` over those, which
//! makes the full sum equal to what renormalising the weights does, so the
//! fitted log-odds stay the score's; `s` depends on the coefficients and is
//! updated between Newton solves. `free` adds an indicator column instead, so
//! the data can say what a missing cell is worth.

use super::logistic::{Constraints, Design};

/// How a signal enters the fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A number whose points rise between knots (fall, when `lower` is better).
    Curve {
        /// Whether lower values are better.
        lower: bool,
    },
    /// Points fixed per account (a percentile rank, 0–100): only the weight is learned.
    Fixed,
    /// Ordered levels (category values ranked by the hand model's points), worst first.
    Levels {
        /// How many levels.
        levels: usize,
    },
}

/// One signal's data: per account its value (a number for curves, points for
/// fixed signals, the level index for levels), NaN when the cell is empty.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// How it enters the fit.
    pub kind: Kind,
    /// Per account.
    pub values: Vec<f64>,
}

/// How a signal's missing cells are coded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    /// 0 points.
    Worst,
    /// 50 points.
    Neutral,
    /// Left out: the weight spread over the signals with points.
    Exclude,
    /// An indicator column whose coefficient is what a missing cell is worth.
    Free,
}

/// The columns of one signal in a design.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The first column.
    pub start: usize,
    /// How many shape columns (ramps, levels, or 1).
    pub width: usize,
    /// The knots of a curve (empty otherwise).
    pub knots: Vec<f64>,
    /// The indicator column under [`Coding::Free`].
    pub free: Option<usize>,
}

/// A design ready to solve, with what it takes to rebuild its `exclude` cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    /// The matrix and outcomes.
    pub design: Design,
    /// Bounds and penalties per column.
    pub constraints: Constraints,
    /// Per signal, its columns.
    pub blocks: Vec<Block>,
    /// The account index of each design row.
    pub accounts: Vec<usize>,
    /// Per design row with excluded cells: (row, signals excluded).
    pub excluded: Vec<(usize, Vec<usize>)>,
}

/// The quantile probabilities at which a curve's candidate knots are placed.
pub const KNOT_QUANTILES: [f64; 7] = [0.02, 0.1, 0.25, 0.45, 0.65, 0.85, 0.98];

/// Candidate knots: the distinct values at [`KNOT_QUANTILES`] of `values` (the
/// present ones of the given accounts), taken from the data so integers stay integers.
pub fn knots(values: &[f64], accounts: &[usize]) -> Vec<f64> {
    let mut v: Vec<f64> = accounts
        .iter()
        .map(|&a| values[a])
        .filter(|x| !x.is_nan())
        .collect();
    if v.is_empty() {
        return Vec::new();
    }
    v.sort_unstable_by(f64::total_cmp);
    let last = v.len() - 1;
    let mut k: Vec<f64> = KNOT_QUANTILES
        .iter()
        .map(|q| v[((q * last as f64).round() as usize).min(last)])
        .collect();
    k.dedup();
    k
}

/// `ramp_k(x)` for the knots `t`: 0 at or below `t[k]`, 1 at or above `t[k+1]`
/// (mirrored when lower is better: 1 at or below `t[k]`, 0 at or above `t[k+1]`).
pub fn ramp(t: &[f64], k: usize, x: f64, lower: bool) -> f64 {
    let r = ((x - t[k]) / (t[k + 1] - t[k])).clamp(0.0, 1.0);
    if lower { 1.0 - r } else { r }
}

/// Writes a present value's shape columns into `out` (of the block's width).
fn shape(kind: Kind, knots: &[f64], x: f64, out: &mut [f64]) {
    match kind {
        Kind::Curve { lower } => {
            for (k, o) in out.iter_mut().enumerate() {
                *o = ramp(knots, k, x, lower);
            }
        }
        Kind::Fixed => out[0] = x / 100.0,
        Kind::Levels { .. } => {
            for (k, o) in out.iter_mut().enumerate() {
                *o = if x >= (k + 1) as f64 { 1.0 } else { 0.0 };
            }
        }
    }
}

/// Builds the design of `accounts` (indices into the columns) with the given
/// codings; `knots` per signal (for curves) usually come from [`knots`] on the
/// training accounts. Accounts with no signal to score (every cell empty and
/// excluded) are left out, as the score leaves them out.
pub fn build(
    columns: &[Column],
    knots: &[Vec<f64>],
    codings: &[Coding],
    accounts: &[usize],
    renewed: &[bool],
) -> Built {
    let mut blocks = Vec::with_capacity(columns.len());
    let mut p = 1;
    for (c, (col, kn)) in columns.iter().zip(knots).enumerate() {
        let width = match col.kind {
            Kind::Curve { .. } => kn.len().saturating_sub(1),
            Kind::Fixed => 1,
            Kind::Levels { levels } => levels.saturating_sub(1),
        };
        let start = p;
        p += width;
        let free = (codings[c] == Coding::Free).then(|| {
            p += 1;
            p - 1
        });
        blocks.push(Block {
            start,
            width,
            knots: if matches!(col.kind, Kind::Curve { .. }) {
                kn.clone()
            } else {
                Vec::new()
            },
            free,
        });
    }
    let mut non_negative = vec![true; p];
    let mut penalty = vec![1.0; p];
    non_negative[0] = false;
    penalty[0] = 0.0;
    for b in &blocks {
        if let Some(f) = b.free {
            // Unbounded and unpenalised: a penalty would pull what an empty cell is
            // worth towards 0 points, that is towards `worst`, more so in small books.
            non_negative[f] = false;
            penalty[f] = 0.0;
        }
    }
    let mut x = Vec::with_capacity(accounts.len() * p);
    let mut y = Vec::with_capacity(accounts.len());
    let mut kept = Vec::with_capacity(accounts.len());
    let mut excluded = Vec::new();
    let mut row = vec![0.0; p];
    for &a in accounts {
        row.iter_mut().for_each(|v| *v = 0.0);
        row[0] = 1.0;
        let mut left_out = Vec::new();
        let mut with_points = 0;
        for (s, (col, b)) in columns.iter().zip(&blocks).enumerate() {
            let v = col.values[a];
            let cells = &mut row[b.start..b.start + b.width];
            if !v.is_nan() {
                shape(col.kind, &b.knots, v, cells);
                with_points += 1;
                continue;
            }
            match codings[s] {
                Coding::Worst => with_points += 1,
                Coding::Neutral => {
                    cells.iter_mut().for_each(|c| *c = 0.5);
                    with_points += 1;
                }
                Coding::Exclude => {
                    cells.iter_mut().for_each(|c| *c = 0.5);
                    left_out.push(s);
                }
                Coding::Free => {
                    if let Some(f) = b.free {
                        row[f] = 1.0;
                    }
                    with_points += 1;
                }
            }
        }
        if with_points == 0 {
            continue;
        }
        if !left_out.is_empty() {
            excluded.push((kept.len(), left_out));
        }
        kept.push(a);
        x.extend_from_slice(&row);
        y.push(if renewed[a] { 1.0 } else { 0.0 });
    }
    Built {
        design: Design { x, columns: p, y },
        constraints: Constraints {
            non_negative,
            penalty,
        },
        blocks,
        accounts: kept,
        excluded,
    }
}

/// A signal's height `H = Σ β` over its shape columns (its curve's rise).
pub fn height(b: &Block, beta: &[f64]) -> f64 {
    beta[b.start..b.start + b.width].iter().sum()
}

impl Built {
    /// Recomputes every excluded cell from `beta`: each gets `s`, the account's share
    /// of the height of its other signals with points. Returns the largest change.
    pub fn update_excluded(&mut self, beta: &[f64]) -> f64 {
        let heights: Vec<f64> = self.blocks.iter().map(|b| height(b, beta)).collect();
        let p = self.design.columns;
        let mut largest = 0.0f64;
        for (r, left_out) in &self.excluded {
            let row = &mut self.design.x[r * p..(r + 1) * p];
            let (mut f, mut h) = (0.0, 0.0);
            for (s, b) in self.blocks.iter().enumerate() {
                if left_out.contains(&s) {
                    continue;
                }
                f += row[b.start..b.start + b.width]
                    .iter()
                    .zip(&beta[b.start..b.start + b.width])
                    .map(|(x, w)| x * w)
                    .sum::<f64>();
                h += heights[s];
            }
            let share = if h > 0.0 { f / h } else { 0.5 };
            for &s in left_out {
                let b = &self.blocks[s];
                for c in &mut row[b.start..b.start + b.width] {
                    largest = largest.max((*c - share).abs());
                    *c = share;
                }
            }
        }
        largest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knots_are_distinct_data_values_at_the_quantiles() {
        let v: Vec<f64> = (0..101).map(f64::from).collect();
        let all: Vec<usize> = (0..101).collect();
        assert_eq!(
            knots(&v, &all),
            vec![2.0, 10.0, 25.0, 45.0, 65.0, 85.0, 98.0]
        );
        // Few distinct values: the repeats collapse; missing values are skipped.
        let v = [0.0, 0.0, 0.0, 1.0, f64::NAN, 2.0];
        assert_eq!(knots(&v, &[0, 1, 2, 3, 4, 5]), vec![0.0, 1.0, 2.0]);
    }

    #[test]
    fn ramps_rise_between_their_knots_and_mirror_when_lower_is_better() {
        let t = [0.0, 10.0, 30.0];
        assert_eq!(ramp(&t, 0, -5.0, false), 0.0);
        assert_eq!(ramp(&t, 0, 5.0, false), 0.5);
        assert_eq!(ramp(&t, 1, 25.0, false), 0.75);
        assert_eq!(ramp(&t, 1, 25.0, true), 0.25);
        assert_eq!(ramp(&t, 0, 40.0, true), 0.0);
    }

    #[test]
    fn missing_cells_are_coded_as_the_score_treats_them() {
        let curve = Column {
            kind: Kind::Curve { lower: false },
            values: vec![5.0, f64::NAN, 20.0],
        };
        let level = Column {
            kind: Kind::Levels { levels: 3 },
            values: vec![2.0, 1.0, f64::NAN],
        };
        let knots = vec![vec![0.0, 10.0, 30.0], Vec::new()];
        let all = [0, 1, 2];
        let renewed = [true, false, true];
        let b = build(
            &[curve.clone(), level.clone()],
            &knots,
            &[Coding::Neutral, Coding::Worst],
            &all,
            &renewed,
        );
        assert_eq!(b.design.columns, 5);
        assert_eq!(b.design.row(0), &[1.0, 0.5, 0.0, 1.0, 1.0]);
        assert_eq!(b.design.row(1), &[1.0, 0.5, 0.5, 1.0, 0.0]);
        assert_eq!(b.design.row(2), &[1.0, 1.0, 0.5, 0.0, 0.0]);
        assert_eq!(b.design.y, vec![1.0, 0.0, 1.0]);
        // Free: an indicator column after the block, unbounded and unpenalised.
        let b = build(
            &[curve.clone(), level.clone()],
            &knots,
            &[Coding::Free, Coding::Worst],
            &all,
            &renewed,
        );
        assert_eq!(b.design.row(1), &[1.0, 0.0, 0.0, 1.0, 1.0, 0.0]);
        assert_eq!(
            b.constraints.non_negative,
            vec![false, true, true, false, true, true]
        );
        // Exclude: the other signals' share of their height. Account 1: level 1 of 2 steps
        // with β = (0.6, 1.4) gives f = 0.6 of H = 2: s = 0.3.
        let mut b = build(
            &[curve, level],
            &knots,
            &[Coding::Exclude, Coding::Exclude],
            &all,
            &renewed,
        );
        assert_eq!(b.excluded, vec![(1, vec![0]), (2, vec![1])]);
        b.update_excluded(&[0.0, 1.0, 1.0, 0.6, 1.4]);
        assert_eq!(&b.design.row(1)[1..3], &[0.3, 0.3]);
        // Account 2: curve at 20 of knots 0, 10, 30: f = 1·1 + 0.5·1 = 1.5 of H = 2: s = 0.75.
        assert_eq!(&b.design.row(2)[3..5], &[0.75, 0.75]);
    }

    #[test]
    fn an_account_without_any_signal_is_left_out() {
        let c = Column {
            kind: Kind::Fixed,
            values: vec![f64::NAN, 50.0],
        };
        let b = build(
            &[c],
            &[Vec::new()],
            &[Coding::Exclude],
            &[0, 1],
            &[true, false],
        );
        assert_eq!(b.accounts, vec![1]);
        assert_eq!(b.design.row(0), &[1.0, 0.5]);
    }
}
