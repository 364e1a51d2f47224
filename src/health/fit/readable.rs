//! From fitted coefficients to what a person reads in a model file: a few
//! knots with whole points 0–100, `range` bounds, points per category, and
//! whole weights that add up to 100.

/// The points of a signal after fitting, as the model format writes them.
#[derive(Debug, Clone, PartialEq)]
pub enum Points {
    /// `thresholds`: (value, points) knots, values increasing, points monotone.
    Thresholds(Vec<(f64, f64)>),
    /// `range`: 0 points at `min` and 100 at `max` (reversed when lower is better).
    Range {
        /// The worst end (the best, when lower is better).
        min: f64,
        /// The other end.
        max: f64,
    },
    /// The shape is fixed by the normaliser (a percentile rank): only the weight is learned.
    Fixed,
    /// Points per level, worst level first.
    Levels(Vec<f64>),
}

impl Points {
    /// The points of a present value (for levels, `x` is the level index).
    pub fn at(&self, x: f64, lower: bool) -> f64 {
        match self {
            Points::Thresholds(k) => {
                let last = k.len() - 1;
                if x <= k[0].0 {
                    return k[0].1;
                }
                for i in 0..last {
                    if x < k[i + 1].0 {
                        return k[i].1
                            + (x - k[i].0) / (k[i + 1].0 - k[i].0) * (k[i + 1].1 - k[i].1);
                    }
                }
                k[last].1
            }
            Points::Range { min, max } => {
                let r = ((x - min) / (max - min)).clamp(0.0, 1.0) * 100.0;
                if lower { 100.0 - r } else { r }
            }
            Points::Fixed => x,
            Points::Levels(p) => p.get(x as usize).copied().unwrap_or(0.0),
        }
    }
}

/// The most knots a fitted `thresholds` signal keeps.
pub const MAX_KNOTS: usize = 5;

/// A knot whose points lie within this many points of the line through its
/// neighbours adds nothing a reader would see, and is dropped.
pub const KNOT_TOLERANCE: f64 = 1.5;

/// The rounding step for values spanning `span`: two significant digits of the span
/// (a span of 94 rounds to whole numbers, of 250 to tens, of 6 to tenths).
pub fn step(span: f64) -> f64 {
    if !(span.is_finite() && span > 0.0) {
        return 1.0;
    }
    10f64.powf(span.log10().floor() - 1.0).max(1e-6)
}

/// `x` rounded to a multiple of `step`, written without binary noise (`0.1`, not `0.1000000001`).
pub fn round_to(x: f64, step: f64) -> f64 {
    let decimals = (-step.log10()).round().max(0.0) as usize;
    let r = (x / step).round() * step;
    format!("{r:.decimals$}").parse().unwrap_or(r)
}

/// A fitted curve as knots and the curve's value at each (`f`, in log-odds,
/// 0 at the worst end), made readable: points `100·f/H`, flat ends and knots
/// within [`KNOT_TOLERANCE`] of a straight line dropped (until at most
/// [`MAX_KNOTS`] remain), values rounded by [`step`], points to whole numbers.
pub fn thresholds(knots: &[f64], f: &[f64], lower: bool) -> Option<Vec<(f64, f64)>> {
    let h = f.iter().copied().fold(0.0, f64::max);
    if knots.len() < 2 || h <= 0.0 {
        return None;
    }
    let mut k: Vec<(f64, f64)> = knots
        .iter()
        .zip(f)
        .map(|(&t, &v)| (t, 100.0 * v / h))
        .collect();
    let same = |a: f64, b: f64| (a - b).abs() < 0.5;
    // Beyond the end knots the curve is flat: a flat first or last piece is one knot too many.
    while k.len() > 2 && same(k[0].1, k[1].1) {
        k.remove(0);
    }
    while k.len() > 2 && same(k[k.len() - 1].1, k[k.len() - 2].1) {
        k.pop();
    }
    loop {
        if k.len() <= 2 {
            break;
        }
        let (at, err) = (1..k.len() - 1)
            .map(|i| {
                let (a, b, c) = (k[i - 1], k[i], k[i + 1]);
                let line = a.1 + (b.0 - a.0) / (c.0 - a.0) * (c.1 - a.1);
                (i, (b.1 - line).abs())
            })
            .fold(
                (0, f64::INFINITY),
                |best, x| if x.1 < best.1 { x } else { best },
            );
        if err < KNOT_TOLERANCE || k.len() > MAX_KNOTS {
            k.remove(at);
        } else {
            break;
        }
    }
    let s = step(k[k.len() - 1].0 - k[0].0);
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(k.len());
    for (t, p) in k {
        let t = round_to(t, s);
        let p = p.round();
        match out.last() {
            Some(&(lt, _)) if t <= lt => {}
            _ => out.push((t, p)),
        }
    }
    // Points run from 0 at the worst end to 100 at the best.
    let n = out.len();
    if lower {
        out[0].1 = 100.0;
        out[n - 1].1 = 0.0;
    } else {
        out[0].1 = 0.0;
        out[n - 1].1 = 100.0;
    }
    (n >= 2).then_some(out)
}

/// The `range` (min, max) whose straight line is closest (least squares over
/// `sample`, the values the signal takes) to the fitted curve through `knots`/`f`,
/// the ends chosen among the knots.
pub fn range(knots: &[f64], f: &[f64], lower: bool, sample: &[f64]) -> Option<(f64, f64)> {
    let h = f.iter().copied().fold(0.0, f64::max);
    if knots.len() < 2 || h <= 0.0 {
        return None;
    }
    let curve = Points::Thresholds(knots.iter().zip(f).map(|(&t, &v)| (t, v / h)).collect());
    let target: Vec<f64> = sample.iter().map(|&x| curve.at(x, lower)).collect();
    let mut best: Option<(f64, f64, f64)> = None;
    for (i, &a) in knots.iter().enumerate() {
        for &b in &knots[i + 1..] {
            let line = Points::Range { min: a, max: b };
            let err: f64 = sample
                .iter()
                .zip(&target)
                .map(|(&x, &y)| (line.at(x, lower) / 100.0 - y).powi(2))
                .sum();
            if best.is_none_or(|(_, _, e)| err < e - 1e-12) {
                best = Some((a, b, err));
            }
        }
    }
    let (a, b, _) = best?;
    let s = step(b - a);
    let (a, b) = (round_to(a, s), round_to(b, s));
    (a < b).then_some((a, b))
}

/// Whole weights adding up to `total` in proportion to `shares` (largest
/// remainder: floors first, then one more to the largest remainders, earlier
/// signals first on ties). None when every share is 0.
pub fn whole_weights(shares: &[f64], total: u32) -> Option<Vec<u32>> {
    let sum: f64 = shares.iter().filter(|s| **s > 0.0).sum();
    if sum <= 0.0 {
        return None;
    }
    let exact: Vec<f64> = shares
        .iter()
        .map(|s| s.max(0.0) / sum * f64::from(total))
        .collect();
    let mut w: Vec<u32> = exact.iter().map(|e| e.floor() as u32).collect();
    let left = total - w.iter().sum::<u32>();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for &i in order.iter().take(left as usize) {
        w[i] += 1;
    }
    Some(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_whole_and_add_up_by_largest_remainder() {
        // 100 · (1, 1, 1) / 3 = 33.33 each: floors 33 + 33 + 33 = 99, one more to the first.
        assert_eq!(whole_weights(&[1.0, 1.0, 1.0], 100), Some(vec![34, 33, 33]));
        // 12.6, 37.4, 50: floors 12, 37, 50 = 99; the largest remainder (0.6) gets the point.
        assert_eq!(
            whole_weights(&[12.6, 37.4, 50.0], 100),
            Some(vec![13, 37, 50])
        );
        // A signal worth 0.3% of the total rounds to 0.
        assert_eq!(whole_weights(&[0.3, 99.7], 100), Some(vec![0, 100]));
        assert_eq!(whole_weights(&[0.0, 0.0], 100), None);
    }

    #[test]
    fn values_round_to_two_significant_digits_of_their_span() {
        assert_eq!(step(94.0), 1.0);
        assert_eq!(step(100.0), 10.0);
        assert_eq!(step(6.0), 0.1);
        assert_eq!(step(350.0), 10.0);
        assert_eq!(step(1500.0), 100.0);
        assert_eq!(round_to(37.46, 1.0), 37.0);
        assert_eq!(round_to(2.345, 0.01), 2.35);
        assert_eq!(round_to(0.3 * 3.0, 0.1), 0.9);
    }

    #[test]
    fn knots_on_a_straight_line_or_flat_ends_are_dropped() {
        // Flat at 0 up to 10, straight to 30 through 20, flat after 40: knots 10 and 30... the
        // curve 0, 0, 1, 2, 2 at 0, 10, 20, 30, 40 becomes (10, 0), (30, 100).
        let t = [0.0, 10.0, 20.0, 30.0, 40.0];
        let f = [0.0, 0.0, 1.0, 2.0, 2.0];
        assert_eq!(
            thresholds(&t, &f, false),
            Some(vec![(10.0, 0.0), (30.0, 100.0)])
        );
        // A bend is kept: 0, 1.5, 2 at 0, 10, 40 (points 0, 75, 100).
        assert_eq!(
            thresholds(&[0.0, 10.0, 40.0], &[0.0, 1.5, 2.0], false),
            Some(vec![(0.0, 0.0), (10.0, 75.0), (40.0, 100.0)])
        );
        // Lower is better: the curve falls, 2 at the low end.
        assert_eq!(
            thresholds(&[0.0, 5.0, 20.0], &[2.0, 0.5, 0.0], true),
            Some(vec![(0.0, 100.0), (5.0, 25.0), (20.0, 0.0)])
        );
        // A flat curve has no shape to write.
        assert_eq!(thresholds(&[0.0, 5.0], &[0.0, 0.0], false), None);
    }

    #[test]
    fn at_most_five_knots_remain_and_points_stay_monotone() {
        let t: Vec<f64> = (0..7).map(|i| f64::from(i) * 10.0).collect();
        let f = [0.0, 0.2, 0.9, 1.0, 1.6, 1.7, 2.5];
        let k = thresholds(&t, &f, false).unwrap_or_default();
        assert!(k.len() <= MAX_KNOTS, "{k:?}");
        assert!(
            k.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1),
            "{k:?}"
        );
        assert_eq!((k[0].1, k[k.len() - 1].1), (0.0, 100.0));
    }

    #[test]
    fn a_range_is_the_straight_line_closest_to_the_curve() {
        // The curve rises from 10 to 30 and is flat elsewhere: the range is 10..30.
        let t = [0.0, 10.0, 30.0, 50.0];
        let f = [0.0, 0.0, 1.0, 1.0];
        let sample: Vec<f64> = (0..=50).map(f64::from).collect();
        assert_eq!(range(&t, &f, false, &sample), Some((10.0, 30.0)));
    }

    #[test]
    fn points_follow_the_score_arithmetic() {
        let k = Points::Thresholds(vec![(10.0, 0.0), (40.0, 50.0), (70.0, 90.0)]);
        assert_eq!(k.at(5.0, false), 0.0);
        assert_eq!(k.at(25.0, false), 25.0);
        assert_eq!(k.at(90.0, false), 90.0);
        let r = Points::Range { min: 0.0, max: 3.0 };
        assert_eq!(r.at(1.5, false), 50.0);
        assert_eq!(r.at(1.5, true), 50.0);
        assert_eq!(r.at(3.0, true), 0.0);
        assert_eq!(Points::Levels(vec![0.0, 70.0, 100.0]).at(1.0, false), 70.0);
    }
}
