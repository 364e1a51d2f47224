//! The statistics under the metrics: Wilson intervals for proportions, the
//! NPS standard error, and the Kaplan–Meier estimate with its median and the
//! median's interval (as lifelines computes them). Pure functions.

/// The 97.5th percentile of the standard normal distribution (95% intervals).
pub const Z95: f64 = 1.959_963_984_540_054;

/// Below this many observations a value is shown as provisional.
pub const SMALL_SAMPLE: usize = 30;

/// The Wilson score interval (95%) of a proportion `k` of `n`, as fractions.
pub fn wilson(k: usize, n: usize) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let (n, p) = (n as f64, k as f64 / n as f64);
    let z2 = Z95 * Z95;
    let centre = p + z2 / (2.0 * n);
    let spread = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    let denom = 1.0 + z2 / n;
    Some((
        ((centre - spread) / denom).max(0.0),
        ((centre + spread) / denom).min(1.0),
    ))
}

/// The 95% interval of an NPS from `promoters` and `detractors` of `n`
/// respondents: NPS ± 1.96 × 100 × √((p + d − (p − d)²) / n), within ±100.
pub fn nps_interval(promoters: usize, detractors: usize, n: usize) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let nf = n as f64;
    let (p, d) = (promoters as f64 / nf, detractors as f64 / nf);
    let nps = 100.0 * (p - d);
    let se = 100.0 * ((p + d - (p - d).powi(2)) / nf).max(0.0).sqrt();
    Some(((nps - Z95 * se).max(-100.0), (nps + Z95 * se).min(100.0)))
}

/// One time at which the Kaplan–Meier estimate is stated.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The time (days).
    pub time: f64,
    /// How many were still waiting just before it.
    pub at_risk: usize,
    /// How many reached the event at it.
    pub events: usize,
    /// How many were censored at it.
    pub censored: usize,
    /// The estimate of the share still waiting after it.
    pub survival: f64,
    /// The lower 95% band (exponential Greenwood, log(−log)).
    pub lower: f64,
    /// The upper 95% band.
    pub upper: f64,
}

/// A Kaplan–Meier estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct KaplanMeier {
    /// One step per distinct time, in order.
    pub steps: Vec<Step>,
}

/// The Kaplan–Meier estimate of the share still waiting for the event, from
/// `(time, event)` pairs (`event` false: censored at `time`). At a time with
/// both, events count first, as is the convention. Bands are the exponential
/// Greenwood (log(−log)) bands; where the estimate reaches 0 the lower band is
/// 0 and the upper keeps its previous value.
pub fn kaplan_meier(observations: &[(f64, bool)]) -> KaplanMeier {
    let mut obs: Vec<(f64, bool)> = observations
        .iter()
        .copied()
        .filter(|(t, _)| t.is_finite())
        .collect();
    obs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut steps = Vec::new();
    let (mut at_risk, mut survival, mut greenwood) = (obs.len(), 1.0_f64, 0.0_f64);
    let mut upper_before = 1.0;
    let mut i = 0;
    while i < obs.len() {
        let time = obs[i].0;
        let same = obs[i..].iter().take_while(|(t, _)| *t == time).count();
        let events = obs[i..i + same].iter().filter(|(_, e)| *e).count();
        if events > 0 {
            survival *= 1.0 - events as f64 / at_risk as f64;
            if at_risk > events {
                greenwood += events as f64 / (at_risk as f64 * (at_risk - events) as f64);
            }
        }
        let (lower, upper) = if survival >= 1.0 {
            (1.0, 1.0)
        } else if survival <= 0.0 {
            (0.0, upper_before)
        } else {
            let v = survival.ln();
            let shift = Z95 * greenwood.sqrt() / -v;
            let centre = (-v).ln();
            (
                (-(centre + shift).exp()).exp(),
                (-(centre - shift).exp()).exp(),
            )
        };
        upper_before = upper;
        steps.push(Step {
            time,
            at_risk,
            events,
            censored: same - events,
            survival,
            lower,
            upper,
        });
        at_risk -= same;
        i += same;
    }
    KaplanMeier { steps }
}

impl KaplanMeier {
    /// The first time a curve is at or below one half.
    fn crossing(&self, curve: impl Fn(&Step) -> f64) -> Option<f64> {
        self.steps.iter().find(|s| curve(s) <= 0.5).map(|s| s.time)
    }

    /// The median: the first time the estimate is at or below one half;
    /// `None` while more than half are still waiting.
    pub fn median(&self) -> Option<f64> {
        self.crossing(|s| s.survival)
    }

    /// The median's 95% interval: where the lower and upper bands cross one
    /// half (`None` for a bound not reached).
    pub fn median_interval(&self) -> (Option<f64>, Option<f64>) {
        (self.crossing(|s| s.lower), self.crossing(|s| s.upper))
    }

    /// How many reached the event.
    pub fn events(&self) -> usize {
        self.steps.iter().map(|s| s.events).sum()
    }

    /// How many were censored.
    pub fn censored(&self) -> usize {
        self.steps.iter().map(|s| s.censored).sum()
    }

    /// The longest time observed.
    pub fn longest(&self) -> Option<f64> {
        self.steps.last().map(|s| s.time)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Times 3, 5+, 6, 7, 8+, 10, 12, 12+ (+: still waiting, censored).
    const OBS: [(f64, bool); 8] = [
        (3.0, true),
        (5.0, false),
        (6.0, true),
        (7.0, true),
        (8.0, false),
        (10.0, true),
        (12.0, true),
        (12.0, false),
    ];

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn wilson_interval_by_hand() {
        // 10 of 100: p = 0.1, z² = 3.8415; centre 0.1 + 0.019207 = 0.119207;
        // spread 1.96 × √(0.0009 + 0.000096) = 0.061857; denominator 1.038415.
        let (lo, hi) = wilson(10, 100).unwrap_or_default();
        assert!((lo - 0.055_229).abs() < 1e-6, "{lo}");
        assert!((hi - 0.174_366).abs() < 1e-6, "{hi}");
        assert_eq!(wilson(0, 0), None);
        let (lo, hi) = wilson(0, 5).unwrap_or_default();
        assert!(close(lo, 0.0) && hi > 0.4 && hi < 0.44, "{hi}");
    }

    #[test]
    fn nps_interval_by_hand() {
        // 5 promoters, 3 passives, 2 detractors: NPS 30; p + d - (p - d)^2 = 0.7 - 0.09 = 0.61;
        // SE = 100 √(0.061) = 24.698; ± 1.96 SE = 48.41.
        let (lo, hi) = nps_interval(5, 2, 10).unwrap_or_default();
        assert!((lo - (30.0 - 48.407)).abs() < 1e-2, "{lo}");
        assert!((hi - 78.407).abs() < 1e-2, "{hi}");
        assert_eq!(nps_interval(10, 0, 10), Some((100.0, 100.0)));
    }

    #[test]
    fn kaplan_meier_by_hand() {
        // Times 3, 5+, 6, 7, 8+, 10, 12, 12+ (+ censored): at 3, 1 of 8: S = 7/8;
        // at 6, 1 of 6: 35/48; at 7, 1 of 5: 7/12; at 10, 1 of 3: 7/18; median 10.
        let km = kaplan_meier(&OBS);
        let s: Vec<f64> = km.steps.iter().map(|s| s.survival).collect();
        let want = [
            7.0 / 8.0,
            7.0 / 8.0,
            35.0 / 48.0,
            7.0 / 12.0,
            7.0 / 12.0,
            7.0 / 18.0,
            7.0 / 36.0,
        ];
        assert_eq!(s.len(), want.len());
        assert!(s.iter().zip(want).all(|(a, b)| close(*a, b)), "{s:?}");
        assert_eq!(km.median(), Some(10.0));
        assert_eq!((km.events(), km.censored()), (5, 3));
        assert_eq!(km.steps[6].at_risk, 2);
    }

    #[test]
    fn the_bands_match_lifelines() {
        // lifelines 0.30.3: KaplanMeierFitter().fit([3,5,6,7,8,10,12,12], [1,0,1,1,0,1,1,0]);
        // confidence_interval_ at t = 3: (0.387000, 0.981393); at t = 7: (0.180189, 0.844069);
        // at t = 12: (0.009335, 0.563398); median_survival_times(confidence_interval_): (3, inf).
        let km = kaplan_meier(&OBS);
        let at = |t: f64| {
            km.steps
                .iter()
                .find(|s| s.time == t)
                .map_or((0.0, 0.0), |s| (s.lower, s.upper))
        };
        for (t, want_lo, want_hi) in [
            (3.0, 0.387_000, 0.981_393),
            (7.0, 0.180_189, 0.844_069),
            (12.0, 0.009_335, 0.563_398),
        ] {
            let (lo, hi) = at(t);
            assert!(
                (lo - want_lo).abs() < 1e-6 && (hi - want_hi).abs() < 1e-6,
                "{t}: {lo} {hi}"
            );
        }
        assert_eq!(km.median_interval(), (Some(3.0), None));
    }

    #[test]
    fn nobody_there_yet_has_no_median() {
        // At 20, 1 of 4 reached it (S = 3/4); the others were still waiting when last seen.
        let km = kaplan_meier(&[(30.0, false), (40.0, false), (50.0, false), (20.0, true)]);
        assert_eq!(km.median(), None);
        assert_eq!(km.longest(), Some(50.0));
        // Everyone there: the estimate reaches 0 and the median is where it crosses 1/2.
        let all = kaplan_meier(&[(10.0, true), (20.0, true), (30.0, true)]);
        assert_eq!(all.median(), Some(20.0));
        assert_eq!(kaplan_meier(&[]).median(), None);
    }
}
