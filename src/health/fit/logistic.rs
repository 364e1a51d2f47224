//! Penalised logistic regression with lower bounds on coefficients, by
//! projected Newton steps: the Hessian `XᵀWX + λ·P` on the coefficients not held
//! at a bound, solved by Cholesky, then an Armijo line search along the step's
//! projection onto the bounds. Few parameters (tens), many rows: the cost is
//! the Hessian, `n·p²/2` per refresh (zero features skipped), so it is refreshed
//! only every third step.
//!
//! Deterministic: the same inputs give the same bits (rows are added in order).

/// A design: `n` rows of `p` features, row-major, with 0/1 outcomes.
#[derive(Debug, Clone, PartialEq)]
pub struct Design {
    /// Features per row (row-major, `rows × columns`); column 0 is usually the intercept (1).
    pub x: Vec<f64>,
    /// Number of columns.
    pub columns: usize,
    /// The outcome per row (1 renewed, 0 churned).
    pub y: Vec<f64>,
}

impl Design {
    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.y.len()
    }

    /// Row `i`'s features.
    pub fn row(&self, i: usize) -> &[f64] {
        &self.x[i * self.columns..(i + 1) * self.columns]
    }

    /// The linear predictor `x·β` of row `i`.
    pub fn eta(&self, i: usize, beta: &[f64]) -> f64 {
        dot(self.row(i), beta)
    }
}

/// What each coefficient may do.
#[derive(Debug, Clone, PartialEq)]
pub struct Constraints {
    /// Whether coefficient `j` must stay at or above 0.
    pub non_negative: Vec<bool>,
    /// How much of the penalty applies to coefficient `j` (0 for the intercept).
    pub penalty: Vec<f64>,
}

/// A fitted coefficient vector.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// Coefficients.
    pub beta: Vec<f64>,
    /// Penalised negative log-likelihood at `beta`.
    pub objective: f64,
    /// Newton steps taken.
    pub steps: usize,
}

/// `Σ a·b` in four interleaved sums (a fixed order, so the same bits every run),
/// which the compiler can keep in vector registers.
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let (ca, cb) = (a.chunks_exact(4), b.chunks_exact(4));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..4 {
            acc[k] += x[k] * y[k];
        }
    }
    let tail: f64 = ra.iter().zip(rb).map(|(x, y)| x * y).sum();
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// `log(1 + e^η)` without overflow.
pub fn softplus(eta: f64) -> f64 {
    if eta > 0.0 {
        eta + (-eta).exp().ln_1p()
    } else {
        eta.exp().ln_1p()
    }
}

/// The logistic function.
pub fn sigmoid(eta: f64) -> f64 {
    if eta >= 0.0 {
        1.0 / (1.0 + (-eta).exp())
    } else {
        let e = eta.exp();
        e / (1.0 + e)
    }
}

/// The negative log-likelihood of one row: `log(1 + e^η) − y·η`.
pub fn loss(eta: f64, y: f64) -> f64 {
    softplus(eta) - y * eta
}

/// Penalised negative log-likelihood: `Σ loss + λ/2 · Σ penalty_j · β_j²`.
pub fn objective(d: &Design, c: &Constraints, lambda: f64, beta: &[f64]) -> f64 {
    evaluate(d, c, lambda, beta).0
}

fn penalty(c: &Constraints, lambda: f64, beta: &[f64]) -> f64 {
    0.5 * lambda
        * beta
            .iter()
            .zip(&c.penalty)
            .map(|(b, p)| p * b * b)
            .sum::<f64>()
}

/// The penalised objective at `beta`, and each row's fitted probability `μ`.
fn evaluate(d: &Design, c: &Constraints, lambda: f64, beta: &[f64]) -> (f64, Vec<f64>) {
    let mut data = 0.0;
    let mu: Vec<f64> = (0..d.rows())
        .map(|i| {
            let eta = d.eta(i, beta);
            // One exponential serves the loss and the probability.
            let e = (-eta.abs()).exp();
            data += eta.max(0.0) + e.ln_1p() - d.y[i] * eta;
            if eta >= 0.0 {
                1.0 / (1.0 + e)
            } else {
                e / (1.0 + e)
            }
        })
        .collect();
    (data + penalty(c, lambda, beta), mu)
}

/// The gradient of the penalised objective, from the rows' probabilities `mu`.
fn gradient(d: &Design, c: &Constraints, lambda: f64, beta: &[f64], mu: &[f64]) -> Vec<f64> {
    let mut g: Vec<f64> = (0..d.columns)
        .map(|j| lambda * c.penalty[j] * beta[j])
        .collect();
    for (i, m) in mu.iter().enumerate() {
        let r = m - d.y[i];
        for (gj, &xj) in g.iter_mut().zip(d.row(i)) {
            *gj += r * xj;
        }
    }
    g
}

/// Rows the Hessian is computed from, at most: beyond, every k-th row stands for k.
/// The Hessian only scales the steps; the gradient, the objective and the stopping
/// rule use every row, so the solution is the same, reached in about as many steps.
pub const HESSIAN_ROWS: usize = 10_000;

/// The Hessian of the data term, `XᵀWX` (row-major `p × p`), from the rows' probabilities.
fn hessian(d: &Design, mu: &[f64]) -> Vec<f64> {
    let p = d.columns;
    let mut h = vec![0.0; p * p];
    let mut nz: Vec<(usize, f64)> = Vec::with_capacity(p);
    let stride = mu.len().div_ceil(HESSIAN_ROWS).max(1);
    for i in (0..mu.len()).step_by(stride) {
        let x = d.row(i);
        let m = mu[i];
        let w = m * (1.0 - m) * stride as f64;
        nz.clear();
        nz.extend(
            x.iter()
                .enumerate()
                .filter(|(_, v)| **v != 0.0)
                .map(|(j, v)| (j, *v)),
        );
        for (a, &(j, xj)) in nz.iter().enumerate() {
            let wx = w * xj;
            let row = &mut h[j * p..j * p + j + 1];
            for &(k, xk) in &nz[..=a] {
                row[k] += wx * xk;
            }
        }
    }
    for j in 0..p {
        for k in 0..j {
            h[k * p + j] = h[j * p + k];
        }
    }
    h
}

/// A Hessian of the data term kept from one fit for the next (a path of penalties,
/// or a design whose cells moved a little): refreshed only when progress slows.
/// `loose` fits stop at a projected gradient of `1e-6` per row rather than `1e-9`:
/// enough to compare penalties by held-out loss.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Curvature {
    h: Vec<f64>,
    loose: bool,
}

impl Curvature {
    /// A cache for fits that stop early (penalty paths).
    pub fn loose() -> Curvature {
        Curvature {
            h: Vec::new(),
            loose: true,
        }
    }
}

/// Solves `A·z = b` for a symmetric positive definite `A` (`m × m`, row-major) by
/// Cholesky; a tiny ridge is added when rounding makes it indefinite.
fn solve_spd(a: &[f64], b: &[f64], m: usize) -> Vec<f64> {
    let mut ridge = 0.0;
    let scale = (0..m)
        .map(|i| a[i * m + i].abs())
        .fold(0.0, f64::max)
        .max(1e-300);
    loop {
        let mut l = vec![0.0; m * m];
        let mut ok = true;
        'outer: for i in 0..m {
            for j in 0..=i {
                let mut sum = a[i * m + j] + if i == j { ridge } else { 0.0 };
                for k in 0..j {
                    sum -= l[i * m + k] * l[j * m + k];
                }
                if i == j {
                    if sum <= 1e-14 * scale {
                        ok = false;
                        break 'outer;
                    }
                    l[i * m + i] = sum.sqrt();
                } else {
                    l[i * m + j] = sum / l[j * m + j];
                }
            }
        }
        if ok {
            let mut z = b.to_vec();
            for i in 0..m {
                let s: f64 = (0..i).map(|k| l[i * m + k] * z[k]).sum();
                z[i] = (z[i] - s) / l[i * m + i];
            }
            for i in (0..m).rev() {
                let s: f64 = (i + 1..m).map(|k| l[k * m + i] * z[k]).sum();
                z[i] = (z[i] - s) / l[i * m + i];
            }
            return z;
        }
        ridge = if ridge == 0.0 {
            1e-10 * scale
        } else {
            ridge * 10.0
        };
    }
}

/// Fits the penalised logistic regression from `start` (clamped into the bounds).
pub fn fit(d: &Design, c: &Constraints, lambda: f64, start: &[f64]) -> Solution {
    fit_from(d, c, lambda, start, &mut Curvature::default())
}

/// Fits by projected Newton steps (Bertsekas 1982): coefficients held at their bound
/// with the gradient pushing them out stay there; the Newton step on the others is
/// followed along its projection onto the bounds with an Armijo line search. The
/// Hessian (`n·p²/2`, against `n·p` for the gradient) is reused from `curvature` and
/// refreshed only when a step falls short (a chord method). Stops when the projected
/// gradient is below `1e-9` per row, or a step no longer lowers the objective.
pub fn fit_from(
    d: &Design,
    c: &Constraints,
    lambda: f64,
    start: &[f64],
    curvature: &mut Curvature,
) -> Solution {
    let p = d.columns;
    let mut beta: Vec<f64> = (0..p)
        .map(|j| {
            let b = start.get(j).copied().unwrap_or(0.0);
            if c.non_negative[j] { b.max(0.0) } else { b }
        })
        .collect();
    let (mut f, mut mu) = evaluate(d, c, lambda, &beta);
    let per_row = if curvature.loose { 1e-6 } else { 1e-9 };
    let tolerance = per_row * (d.rows().max(1) as f64);
    let mut steps = 0;
    let mut fresh = false;
    let mut stale = curvature.h.len() != p * p;
    let mut last_projected = f64::INFINITY;
    for _ in 0..200 {
        let g = gradient(d, c, lambda, &beta, &mu);
        let at_bound = |j: usize| c.non_negative[j] && beta[j] <= 1e-6 && g[j] > 0.0;
        let projected = (0..p)
            .filter(|&j| !at_bound(j))
            .map(|j| g[j].abs())
            .fold(0.0, f64::max);
        if projected < tolerance {
            break;
        }
        // A chord step should at least halve the projected gradient.
        if projected > 0.5 * last_projected && !fresh {
            stale = true;
        }
        last_projected = projected;
        steps += 1;
        if stale {
            curvature.h = hessian(d, &mu);
            stale = false;
            fresh = true;
        } else {
            fresh = false;
        }
        let free: Vec<usize> = (0..p).filter(|&j| !at_bound(j)).collect();
        let m = free.len();
        let mut hf = vec![0.0; m * m];
        for (a, &i) in free.iter().enumerate() {
            for (b, &j) in free.iter().enumerate() {
                hf[a * m + b] = curvature.h[i * p + j];
            }
            hf[a * m + a] += lambda * c.penalty[i];
        }
        let gf: Vec<f64> = free.iter().map(|&j| -g[j]).collect();
        let step = solve_spd(&hf, &gf, m);
        let mut delta = vec![0.0; p];
        for (a, &j) in free.iter().enumerate() {
            delta[j] = step[a];
        }
        let mut t = 1.0;
        let mut accepted = false;
        for _ in 0..50 {
            let trial: Vec<f64> = (0..p)
                .map(|j| {
                    let x = beta[j] + t * delta[j];
                    if c.non_negative[j] { x.max(0.0) } else { x }
                })
                .collect();
            // Armijo along the projection arc: the decrease the gradient promises for the move made.
            let promised: f64 = (0..p).map(|j| g[j] * (beta[j] - trial[j])).sum();
            let (ft, et) = evaluate(d, c, lambda, &trial);
            if ft <= f - 1e-4 * promised.max(0.0) && ft <= f {
                // A step that no longer lowers the objective beyond rounding ends the fit.
                accepted = f - ft > 1e-14 * f.abs();
                beta = trial;
                f = ft;
                mu = et;
                break;
            }
            t *= 0.5;
            if !fresh {
                break;
            }
        }
        if !accepted {
            if fresh {
                break;
            }
            // The stale Hessian misled the step: refresh it and try again from here.
            stale = true;
            last_projected = f64::INFINITY;
        }
    }
    Solution {
        beta,
        objective: f,
        steps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn design(rows: &[(&[f64], f64)]) -> Design {
        Design {
            columns: rows[0].0.len(),
            x: rows.iter().flat_map(|r| r.0.iter().copied()).collect(),
            y: rows.iter().map(|r| r.1).collect(),
        }
    }

    fn free(p: usize) -> Constraints {
        Constraints {
            non_negative: vec![false; p],
            penalty: vec![0.0; p],
        }
    }

    #[test]
    fn an_intercept_alone_fits_the_log_odds_of_the_rate() {
        // 3 renewals of 4: β = log(3/1).
        let d = design(&[(&[1.0], 1.0), (&[1.0], 1.0), (&[1.0], 1.0), (&[1.0], 0.0)]);
        let s = fit(&d, &free(1), 0.0, &[0.0]);
        assert!((s.beta[0] - 3f64.ln()).abs() < 1e-9, "{s:?}");
    }

    #[test]
    fn a_binary_feature_fits_both_groups_log_odds() {
        // Group x=0: 1 of 4 renewed; group x=1: 3 of 4. β0 = log(1/3), β0 + β1 = log(3).
        let mut rows: Vec<(&[f64], f64)> = Vec::new();
        for y in [1.0, 0.0, 0.0, 0.0] {
            rows.push((&[1.0, 0.0], y));
        }
        for y in [1.0, 1.0, 1.0, 0.0] {
            rows.push((&[1.0, 1.0], y));
        }
        let s = fit(&design(&rows), &free(2), 0.0, &[0.0, 0.0]);
        assert!((s.beta[0] - (1.0f64 / 3.0).ln()).abs() < 1e-8, "{s:?}");
        assert!((s.beta[1] - 9f64.ln()).abs() < 1e-8, "{s:?}");
    }

    #[test]
    fn a_bound_holds_a_coefficient_at_zero_when_the_data_pulls_it_below() {
        // The feature predicts churn (β1 would be −log 9); bounded at 0 it stays 0 and the
        // intercept fits the overall rate, 4 of 8: β0 = 0.
        let mut rows: Vec<(&[f64], f64)> = Vec::new();
        for y in [1.0, 1.0, 1.0, 0.0] {
            rows.push((&[1.0, 0.0], y));
        }
        for y in [1.0, 0.0, 0.0, 0.0] {
            rows.push((&[1.0, 1.0], y));
        }
        let c = Constraints {
            non_negative: vec![false, true],
            penalty: vec![0.0, 0.0],
        };
        let s = fit(&design(&rows), &c, 0.0, &[0.0, 1.0]);
        assert_eq!(s.beta[1], 0.0);
        assert!(s.beta[0].abs() < 1e-8, "{s:?}");
    }

    #[test]
    fn the_penalty_solves_the_ridge_equation() {
        // One feature, no intercept, λ = 2: at the optimum Σ (μ − y)·x + λ·β = 0.
        let d = design(&[(&[1.0], 1.0), (&[1.0], 1.0), (&[-1.0], 0.0), (&[0.5], 0.0)]);
        let c = Constraints {
            non_negative: vec![false],
            penalty: vec![1.0],
        };
        let s = fit(&d, &c, 2.0, &[0.0]);
        let b = s.beta[0];
        let grad: f64 = (0..d.rows())
            .map(|i| (sigmoid(d.x[i] * b) - d.y[i]) * d.x[i])
            .sum::<f64>()
            + 2.0 * b;
        assert!(grad.abs() < 1e-9, "{b} {grad}");
        // Separable data without a penalty would run off to infinity; with it, β is finite.
        assert!(b > 0.0 && b < 10.0);
    }

    #[test]
    fn softplus_and_sigmoid_stay_finite_far_out() {
        assert_eq!(softplus(800.0), 800.0);
        assert_eq!(softplus(-800.0), 0.0);
        assert_eq!(sigmoid(-800.0), 0.0);
        assert_eq!(sigmoid(800.0), 1.0);
        assert!((loss(0.0, 1.0) - 2f64.ln()).abs() < 1e-15);
    }
}
