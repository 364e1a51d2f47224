//! Calibration: how well the score and its tiers predicted renewals (seed 003's
//! "Govern monthly: review false positives/negatives, segment drift").
//!
//! Pure: given one observation per account (score, tier, segment, signal points,
//! outcome), computes AUC with a confidence interval, per-signal AUC, renewal and
//! expansion rates per tier, the At Risk tier as a churn forecast (confusion
//! matrix, false-positive and false-negative rates, accuracy; overall and per
//! segment), the Youden-optimal At Risk cut-off, the ROC curve and score deciles.

use super::fold::Fold;
use super::model::ValidModel;
use super::rows::{AccountRow, Outcome};
use super::score::{FastMap, Scored};

/// One scored account with its renewal outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    /// Score (0–100).
    pub score: f64,
    /// Tier index.
    pub tier: usize,
    /// Segment index into [`Calibration::segments`].
    pub segment: usize,
    /// Whether it renewed.
    pub renewed: bool,
    /// Whether it expanded, when known.
    pub expanded: Option<bool>,
    /// Each signal's points, NaN when its cell was empty.
    pub points: Vec<f32>,
}

/// The area under the ROC curve with its 95% confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Auc {
    /// P(a renewing account scores higher than a churning one), ties counting half.
    pub auc: f64,
    /// Lower bound (Hanley–McNeil standard error, ±1.96 SE, clamped to 0–1).
    pub low: f64,
    /// Upper bound.
    pub high: f64,
    /// Renewing accounts.
    pub renewed: u64,
    /// Churning accounts.
    pub churned: u64,
}

/// ROC AUC of `(value, renewed)` pairs as the Mann–Whitney U statistic (average ranks for ties).
pub fn auc(pairs: &mut [(f64, bool)]) -> Option<Auc> {
    let n1 = pairs.iter().filter(|p| p.1).count() as f64;
    let n0 = pairs.len() as f64 - n1;
    if n1 == 0.0 || n0 == 0.0 {
        return None;
    }
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < pairs.len() {
        let mut j = i;
        while j < pairs.len() && pairs[j].0 == pairs[i].0 {
            j += 1;
        }
        // Ranks i+1 ..= j share their average.
        let avg = (i + 1 + j) as f64 / 2.0;
        rank_sum += avg * pairs[i..j].iter().filter(|p| p.1).count() as f64;
        i = j;
    }
    let u = rank_sum - n1 * (n1 + 1.0) / 2.0;
    let a = u / (n1 * n0);
    let q1 = a / (2.0 - a);
    let q2 = 2.0 * a * a / (1.0 + a);
    let var = (a * (1.0 - a) + (n1 - 1.0) * (q1 - a * a) + (n0 - 1.0) * (q2 - a * a)) / (n1 * n0);
    let se = var.max(0.0).sqrt();
    Some(Auc {
        auc: a,
        low: (a - 1.96 * se).clamp(0.0, 1.0),
        high: (a + 1.96 * se).clamp(0.0, 1.0),
        renewed: n1 as u64,
        churned: n0 as u64,
    })
}

/// A churn forecast's confusion matrix (positive = predicted or actual churn).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Confusion {
    /// Flagged and churned.
    pub true_positive: u64,
    /// Flagged but renewed.
    pub false_positive: u64,
    /// Not flagged but churned.
    pub false_negative: u64,
    /// Not flagged and renewed.
    pub true_negative: u64,
}

impl Confusion {
    /// Counts one account.
    pub fn add(&mut self, flagged: bool, churned: bool) {
        match (flagged, churned) {
            (true, true) => self.true_positive += 1,
            (true, false) => self.false_positive += 1,
            (false, true) => self.false_negative += 1,
            (false, false) => self.true_negative += 1,
        }
    }

    /// Accounts counted.
    pub fn total(&self) -> u64 {
        self.true_positive + self.false_positive + self.false_negative + self.true_negative
    }

    /// Share of renewing accounts flagged (FP / (FP + TN)).
    pub fn false_positive_rate(&self) -> Option<f64> {
        ratio(
            self.false_positive,
            self.false_positive + self.true_negative,
        )
    }

    /// Share of churning accounts missed (FN / (FN + TP)).
    pub fn false_negative_rate(&self) -> Option<f64> {
        ratio(
            self.false_negative,
            self.false_negative + self.true_positive,
        )
    }

    /// Share of accounts forecast right ((TP + TN) / all): the seed's Forecast Accuracy.
    pub fn accuracy(&self) -> Option<f64> {
        ratio(self.true_positive + self.true_negative, self.total())
    }
}

fn ratio(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// Renewals per tier.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TierOutcome {
    /// Accounts with an outcome.
    pub accounts: u64,
    /// Renewed.
    pub renewed: u64,
    /// Accounts whose expansion is known.
    pub expansion_known: u64,
    /// Expanded.
    pub expanded: u64,
}

impl TierOutcome {
    /// Renewal rate.
    pub fn renewal_rate(&self) -> Option<f64> {
        ratio(self.renewed, self.accounts)
    }

    /// Expansion rate among accounts whose expansion is known.
    pub fn expansion_rate(&self) -> Option<f64> {
        ratio(self.expanded, self.expansion_known)
    }
}

/// The At Risk cut-off that best separates churn from renewal by Youden's J.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cutoff {
    /// Flag accounts scoring below this.
    pub below: f64,
    /// Sensitivity + specificity − 1.
    pub youden_j: f64,
    /// The forecast at this cut-off.
    pub confusion: Confusion,
}

/// The At Risk cut-off maximising Youden's J (sensitivity + specificity − 1) over
/// every distinct score; ties go to the lowest cut-off.
pub fn best_cutoff(obs: &[(f64, bool)]) -> Option<Cutoff> {
    let churned = obs.iter().filter(|o| !o.1).count() as u64;
    let renewed = obs.len() as u64 - churned;
    if churned == 0 || renewed == 0 {
        return None;
    }
    let mut v: Vec<(f64, bool)> = obs.to_vec();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut best: Option<Cutoff> = None;
    let (mut churn_below, mut renew_below) = (0u64, 0u64);
    let mut i = 0;
    let mut consider = |below: f64, cb: u64, rb: u64| {
        let confusion = Confusion {
            true_positive: cb,
            false_positive: rb,
            false_negative: churned - cb,
            true_negative: renewed - rb,
        };
        let j = cb as f64 / churned as f64 + (renewed - rb) as f64 / renewed as f64 - 1.0;
        if best.is_none_or(|b| j > b.youden_j + 1e-12) {
            best = Some(Cutoff {
                below,
                youden_j: j,
                confusion,
            });
        }
    };
    while i < v.len() {
        consider(v[i].0, churn_below, renew_below);
        let x = v[i].0;
        while i < v.len() && v[i].0 == x {
            if v[i].1 {
                renew_below += 1;
            } else {
                churn_below += 1;
            }
            i += 1;
        }
    }
    consider(v[v.len() - 1].0 + 0.01, churn_below, renew_below);
    best
}

/// Points of the ROC curve of the score predicting renewal: (false-positive rate, true-positive rate)
/// for "renews if score ≥ t", from the highest t down, at most `max_points` (plus the ends).
pub fn roc(obs: &[(f64, bool)], max_points: usize) -> Vec<(f64, f64)> {
    let n1 = obs.iter().filter(|o| o.1).count() as f64;
    let n0 = obs.len() as f64 - n1;
    if n1 == 0.0 || n0 == 0.0 {
        return Vec::new();
    }
    let mut v = obs.to_vec();
    v.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut pts = vec![(0.0, 0.0)];
    let (mut tp, mut fp) = (0.0, 0.0);
    let step = (v.len() / max_points.max(1)).max(1);
    let mut i = 0;
    let mut since = 0;
    while i < v.len() {
        let x = v[i].0;
        while i < v.len() && v[i].0 == x {
            if v[i].1 {
                tp += 1.0;
            } else {
                fp += 1.0;
            }
            i += 1;
            since += 1;
        }
        if since >= step || i == v.len() {
            pts.push((fp / n0, tp / n1));
            since = 0;
        }
    }
    pts
}

/// One score decile: its score range and renewal rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decile {
    /// Lowest score in it.
    pub min: f64,
    /// Highest score in it.
    pub max: f64,
    /// Accounts.
    pub accounts: u64,
    /// Renewal rate.
    pub renewal_rate: f64,
}

/// Accounts split into ten equal-count groups by score (lowest first).
pub fn deciles(obs: &[(f64, bool)]) -> Vec<Decile> {
    let mut v = obs.to_vec();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n = v.len();
    (0..10)
        .filter_map(|d| {
            let (a, b) = (d * n / 10, (d + 1) * n / 10);
            (b > a).then(|| {
                let part = &v[a..b];
                Decile {
                    min: part[0].0,
                    max: part[part.len() - 1].0,
                    accounts: part.len() as u64,
                    renewal_rate: part.iter().filter(|o| o.1).count() as f64 / part.len() as f64,
                }
            })
        })
        .collect()
}

/// Everything `health calibrate` reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// Segment names (index = [`Observation::segment`]).
    pub segments: Vec<String>,
    /// Accounts with a score and an outcome.
    pub matched: u64,
    /// Accounts scored without an outcome.
    pub without_outcome: u64,
    /// Outcomes whose account is not in the snapshot.
    pub without_account: u64,
    /// AUC of the score.
    pub auc: Option<Auc>,
    /// AUC per signal (over accounts with a value).
    pub signal_auc: Vec<Option<Auc>>,
    /// Outcomes per tier, lowest first.
    pub tiers: Vec<TierOutcome>,
    /// Pairs of tiers (lower, higher) where the lower tier renews more.
    pub misordered: Vec<(usize, usize)>,
    /// The lowest tier as a churn forecast.
    pub forecast: Confusion,
    /// The same per segment.
    pub forecast_by_segment: Vec<Confusion>,
    /// The model's At Risk cut-off (the second tier's minimum score).
    pub model_cutoff: Option<f64>,
    /// The cut-off by Youden's J.
    pub best: Option<Cutoff>,
    /// The forecast "score below the model's cut-off" (to compare with `best` like for like).
    pub at_model_cutoff: Option<Confusion>,
    /// ROC curve points.
    pub roc: Vec<(f64, f64)>,
    /// Renewal rate by score decile.
    pub deciles: Vec<Decile>,
}

/// Computes the calibration of `obs` for a model with `tiers` tiers whose second tier starts at `cutoff`.
pub fn calibrate(
    obs: &[Observation],
    segments: Vec<String>,
    tiers: usize,
    signals: usize,
    cutoff: Option<f64>,
    without_outcome: u64,
    without_account: u64,
) -> Calibration {
    let mut pairs: Vec<(f64, bool)> = obs.iter().map(|o| (o.score, o.renewed)).collect();
    let total_auc = auc(&mut pairs.clone());
    let signal_auc = (0..signals)
        .map(|i| {
            let mut p: Vec<(f64, bool)> = obs
                .iter()
                .filter(|o| !o.points[i].is_nan())
                .map(|o| (f64::from(o.points[i]), o.renewed))
                .collect();
            auc(&mut p)
        })
        .collect();
    let mut per_tier = vec![TierOutcome::default(); tiers];
    let mut forecast = Confusion::default();
    let mut by_segment = vec![Confusion::default(); segments.len()];
    for o in obs {
        let t = &mut per_tier[o.tier];
        t.accounts += 1;
        t.renewed += u64::from(o.renewed);
        if let Some(e) = o.expanded {
            t.expansion_known += 1;
            t.expanded += u64::from(e);
        }
        forecast.add(o.tier == 0, !o.renewed);
        by_segment[o.segment].add(o.tier == 0, !o.renewed);
    }
    let mut misordered = Vec::new();
    for a in 0..tiers {
        for b in a + 1..tiers {
            if let (Some(ra), Some(rb)) = (per_tier[a].renewal_rate(), per_tier[b].renewal_rate()) {
                if ra > rb {
                    misordered.push((a, b));
                }
            }
        }
    }
    let at_model_cutoff = cutoff.map(|c| {
        let mut m = Confusion::default();
        for &(s, r) in &pairs {
            m.add(s < c, !r);
        }
        m
    });
    let best = best_cutoff(&pairs);
    let roc = roc(&pairs, 200);
    let deciles = deciles(&pairs);
    pairs.clear();
    Calibration {
        segments,
        matched: obs.len() as u64,
        without_outcome,
        without_account,
        auc: total_auc,
        signal_auc,
        tiers: per_tier,
        misordered,
        forecast,
        forecast_by_segment: by_segment,
        model_cutoff: cutoff,
        best,
        at_model_cutoff,
        roc,
        deciles,
    }
}

/// The accounts of a snapshot joined with their renewal outcomes, folded:
/// the observations [`calibrate`] needs, and the accounts left out.
#[derive(Debug, Clone)]
pub struct Observations<'o> {
    outcomes: &'o FastMap<Box<str>, Outcome>,
    obs: Vec<Observation>,
    /// Segment names, indexed by [`Observation::segment`] (in order of appearance).
    segments: Vec<String>,
    index: FastMap<String, usize>,
    without_outcome: u64,
}

impl<'o> Observations<'o> {
    /// Nothing observed yet; `outcomes` by account id.
    pub fn new(outcomes: &'o FastMap<Box<str>, Outcome>) -> Observations<'o> {
        Observations {
            outcomes,
            obs: Vec::new(),
            segments: Vec::new(),
            index: FastMap::default(),
            without_outcome: 0,
        }
    }

    fn segment(&mut self, name: &str) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.segments.len();
        self.segments.push(name.to_string());
        self.index.insert(name.to_string(), i);
        i
    }

    /// The calibration of the model on these observations, segments sorted by name.
    pub fn finish(mut self, model: &ValidModel) -> Calibration {
        let mut order: Vec<usize> = (0..self.segments.len()).collect();
        order.sort_by(|a, b| self.segments[*a].cmp(&self.segments[*b]));
        let mut rank = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            rank[old] = new;
        }
        for o in &mut self.obs {
            o.segment = rank[o.segment];
        }
        let segments: Vec<String> = order.iter().map(|&i| self.segments[i].clone()).collect();
        let without_account = (self.outcomes.len() as u64).saturating_sub(self.obs.len() as u64);
        calibrate(
            &self.obs,
            segments,
            model.tiers.len(),
            model.signals.len(),
            model.tiers.get(1).map(|t| t.min),
            self.without_outcome,
            without_account,
        )
    }
}

impl Fold for Observations<'_> {
    fn add(&mut self, row: &AccountRow<'_>, s: &Scored) {
        let (Some(score), Some(tier)) = (s.score, s.tier) else {
            return;
        };
        let Some(outcome) = self.outcomes.get(row.account) else {
            self.without_outcome += 1;
            return;
        };
        let segment = self.segment(row.segment);
        self.obs.push(Observation {
            score,
            tier,
            segment,
            renewed: outcome.renewed,
            expanded: outcome.expanded,
            points: (0..s.points.len())
                .map(|i| {
                    if s.present[i] {
                        s.points[i].map_or(f32::NAN, |p| p as f32)
                    } else {
                        f32::NAN
                    }
                })
                .collect(),
        });
    }

    fn merge(&mut self, later: Observations<'_>) {
        let map: Vec<usize> = later.segments.iter().map(|s| self.segment(s)).collect();
        self.obs.extend(later.obs.into_iter().map(|mut o| {
            o.segment = map[o.segment];
            o
        }));
        self.without_outcome += later.without_outcome;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Mann–Whitney statistic by brute force over all pairs: an independent check.
    fn pairwise(v: &[(f64, bool)]) -> f64 {
        let (mut wins, mut n) = (0.0, 0.0);
        for a in v.iter().filter(|x| x.1) {
            for b in v.iter().filter(|x| !x.1) {
                n += 1.0;
                wins += if a.0 > b.0 {
                    1.0
                } else if a.0 == b.0 {
                    0.5
                } else {
                    0.0
                };
            }
        }
        wins / n
    }

    #[test]
    fn auc_is_one_for_perfect_zero_for_inverted_and_half_credit_for_ties() {
        let mut perfect = vec![(10.0, false), (20.0, false), (80.0, true), (90.0, true)];
        assert_eq!(auc(&mut perfect).map(|a| a.auc), Some(1.0));
        let mut inverted = vec![(10.0, true), (20.0, true), (80.0, false), (90.0, false)];
        assert_eq!(auc(&mut inverted).map(|a| a.auc), Some(0.0));
        // Renewed 3, 5, 5; churned 1, 5: wins 1 + 0 + 1 + 0.5 + 1 + 0.5 = 4 of 6 pairs.
        let mut ties = vec![
            (3.0, true),
            (5.0, true),
            (5.0, true),
            (1.0, false),
            (5.0, false),
        ];
        let a = auc(&mut ties).unwrap_or_else(|| panic!("both classes present"));
        assert!((a.auc - 4.0 / 6.0).abs() < 1e-12);
        assert!(a.low < a.auc && a.auc < a.high && a.low >= 0.0 && a.high <= 1.0);
        let mut one_class = vec![(1.0, true), (2.0, true)];
        assert_eq!(auc(&mut one_class), None);
    }

    #[test]
    fn auc_matches_pairwise_counting_on_noisy_data() {
        let mut r = crate::health::demo::Rng::for_account(5, 0);
        let v: Vec<(f64, bool)> = (0..400)
            .map(|_| {
                let s = (r.unit() * 20.0).round();
                (s, r.unit() < 0.3 + s / 40.0)
            })
            .collect();
        let a = auc(&mut v.clone()).unwrap_or_else(|| panic!("both classes"));
        assert!((a.auc - pairwise(&v)).abs() < 1e-12);
        // A random score separates nothing: AUC near 0.5 and the interval contains it.
        let v: Vec<(f64, bool)> = (0..2000).map(|_| (r.unit(), r.unit() < 0.5)).collect();
        let a = auc(&mut v.clone()).unwrap_or_else(|| panic!("both classes"));
        assert!((a.auc - pairwise(&v)).abs() < 1e-12);
        assert!(a.low < 0.5 && 0.5 < a.high, "{a:?}");
    }

    #[test]
    fn hanley_mcneil_interval_by_hand() {
        // A = 0.75 with 2 renewed and 2 churned: Q1 = 0.75/1.25 = 0.6, Q2 = 2*0.5625/1.75 = 0.642857;
        // var = (0.1875 + 1*(0.6-0.5625) + 1*(0.642857-0.5625)) / 4 = 0.076339; SE = 0.276295.
        let mut v = vec![(1.0, false), (3.0, false), (2.0, true), (4.0, true)];
        let a = auc(&mut v).unwrap_or_else(|| panic!("both classes"));
        assert_eq!(a.auc, 0.75);
        assert!((a.low - (0.75 - 1.96 * 0.276_295)).abs() < 1e-5, "{a:?}");
        assert_eq!(a.high, 1.0);
    }

    #[test]
    fn the_confusion_matrix_and_its_rates() {
        let mut c = Confusion::default();
        for (flag, churn) in [
            (true, true),
            (true, false),
            (false, true),
            (false, false),
            (false, false),
        ] {
            c.add(flag, churn);
        }
        assert_eq!(
            (
                c.true_positive,
                c.false_positive,
                c.false_negative,
                c.true_negative
            ),
            (1, 1, 1, 2)
        );
        assert_eq!(c.false_positive_rate(), Some(1.0 / 3.0));
        assert_eq!(c.false_negative_rate(), Some(0.5));
        assert_eq!(c.accuracy(), Some(0.6));
    }

    #[test]
    fn youden_picks_the_cutoff_that_separates_best() {
        // Churned at 10, 20, 30; renewed at 25, 40, 50. J for "flag below t":
        // t=20: 1/3; t=25: 2/3 + 3/3 - 1 = 2/3; t=30: 2/3 + 2/3 - 1 = 1/3;
        // t=40: 3/3 + 2/3 - 1 = 2/3 (a tie: the lower cut-off wins); t=50: 1/3.
        let v = [
            (10.0, false),
            (20.0, false),
            (30.0, false),
            (25.0, true),
            (40.0, true),
            (50.0, true),
        ];
        let c = best_cutoff(&v).unwrap_or_else(|| panic!("both classes"));
        assert_eq!(c.below, 25.0);
        assert!((c.youden_j - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(
            (c.confusion.true_positive, c.confusion.false_positive),
            (2, 0)
        );
        // Perfectly separated data: J = 1 at the first renewal's score.
        let v = [(10.0, false), (20.0, false), (60.0, true), (70.0, true)];
        let c = best_cutoff(&v).unwrap_or_else(|| panic!("both classes"));
        assert_eq!((c.below, c.youden_j), (60.0, 1.0));
    }

    #[test]
    fn tiers_that_renew_out_of_order_are_reported() {
        let o = |score: f64, tier: usize, renewed: bool| Observation {
            score,
            tier,
            segment: 0,
            renewed,
            expanded: Some(false),
            points: vec![score as f32],
        };
        let obs = [
            o(10.0, 0, true),
            o(20.0, 0, true),
            o(60.0, 1, false),
            o(70.0, 1, true),
            o(90.0, 2, true),
        ];
        let c = calibrate(&obs, vec!["all".into()], 3, 1, Some(50.0), 0, 0);
        assert_eq!(c.tiers[0].renewal_rate(), Some(1.0));
        assert_eq!(c.tiers[1].renewal_rate(), Some(0.5));
        assert_eq!(c.misordered, vec![(0, 1)]);
        // At Risk (tier 0) flags two renewers: FP 2, TN 2, FN 1, TP 0.
        assert_eq!(c.forecast.false_positive, 2);
        assert_eq!(c.forecast.false_negative, 1);
        assert_eq!(c.deciles.len(), 5);
        assert_eq!(c.roc.first(), Some(&(0.0, 0.0)));
        assert_eq!(c.roc.last(), Some(&(1.0, 1.0)));
    }
}
