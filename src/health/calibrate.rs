//! Calibration: how well the score and its tiers predicted renewals (seed 003's
//! "Govern monthly: review false positives/negatives, segment drift").
//!
//! Pure: given one observation per account (score, tier, segment, ARR, signal
//! points and weights, outcome), computes the AUC with a confidence interval
//! (one positive class throughout: churn), each signal's AUC alone and the
//! model's AUC without it, renewal, churned ARR and expansion per tier, the
//! lowest tier as a churn forecast (caught, false alarms, against flagging
//! nobody; overall and per segment), every tier's cut-off and Youden's as a
//! trade-off in accounts and ARR, the ROC curve and score deciles.

use super::fold::Fold;
use super::model::ValidModel;
use super::rows::{AccountRow, Outcome};
use super::score::{FastMap, Scored};

/// Fewer accounts than this and a figure is marked as a small sample.
pub const MIN_ACCOUNTS: u64 = crate::metrics::stats::SMALL_SAMPLE as u64;
/// Fewer churned accounts than this and a churn figure is marked as a small
/// sample, and no cut-off is suggested.
pub const MIN_CHURNED: u64 = 10;

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
    /// ARR, when known.
    pub arr: Option<f64>,
    /// Each signal's points (after the missing policy), NaN without points.
    pub points: Vec<f32>,
    /// Whether each signal's cell had data.
    pub present: Vec<bool>,
    /// Each signal's weight for this account, after overrides.
    pub weights: Vec<f32>,
}

impl Observation {
    /// The score without signal `i` (its weight and points left out, rounded
    /// like the score), or none when no other signal has points.
    pub fn score_without(&self, i: usize) -> Option<f64> {
        let (mut num, mut den) = (0.0, 0.0);
        for (k, (&p, &w)) in self.points.iter().zip(&self.weights).enumerate() {
            if k != i && !p.is_nan() {
                num += f64::from(w) * f64::from(p);
                den += f64::from(w);
            }
        }
        (den > 0.0).then(|| (num / den * 100.0 + 0.5).floor() / 100.0)
    }
}

/// The area under the ROC curve of the score predicting churn (low scores
/// churn), with its 95% confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Auc {
    /// P(a churning account scores lower than a renewing one), ties counting half.
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

impl Auc {
    /// Whether the whole interval lies below 0.5: churners score higher than
    /// renewers, beyond chance (a `better` the wrong way round).
    pub fn inverted(&self) -> bool {
        self.high < 0.5
    }
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

/// A share `k` of `n` (a rate), kept as counts so that its interval can be given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Share {
    /// The part.
    pub k: u64,
    /// The whole.
    pub n: u64,
}

impl Share {
    /// The share, none of nothing.
    pub fn value(&self) -> Option<f64> {
        ratio(self.k, self.n)
    }

    /// Its 95% Wilson interval.
    pub fn interval(&self) -> Option<(f64, f64)> {
        crate::metrics::stats::wilson(self.k as usize, self.n as usize)
    }
}

/// A churn forecast's confusion matrix (positive = churn: flagged, or churned),
/// in accounts and in ARR.
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
    /// ARR of the accounts flagged that churned.
    pub arr_true_positive: f64,
    /// ARR of the accounts flagged that renewed.
    pub arr_false_positive: f64,
    /// ARR that churned unflagged.
    pub arr_false_negative: f64,
    /// ARR that renewed unflagged.
    pub arr_true_negative: f64,
}

impl Confusion {
    /// Counts one account (ARR 0 when unknown).
    pub fn add(&mut self, flagged: bool, churned: bool, arr: f64) {
        match (flagged, churned) {
            (true, true) => {
                self.true_positive += 1;
                self.arr_true_positive += arr;
            }
            (true, false) => {
                self.false_positive += 1;
                self.arr_false_positive += arr;
            }
            (false, true) => {
                self.false_negative += 1;
                self.arr_false_negative += arr;
            }
            (false, false) => {
                self.true_negative += 1;
                self.arr_true_negative += arr;
            }
        }
    }

    /// Accounts counted.
    pub fn total(&self) -> u64 {
        self.true_positive + self.false_positive + self.false_negative + self.true_negative
    }

    /// Accounts flagged.
    pub fn flagged(&self) -> u64 {
        self.true_positive + self.false_positive
    }

    /// ARR flagged.
    pub fn flagged_arr(&self) -> f64 {
        self.arr_true_positive + self.arr_false_positive
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

    /// The churners flagged (recall, sensitivity): "caught 53% of churners".
    pub fn caught(&self) -> Share {
        Share {
            k: self.true_positive,
            n: self.true_positive + self.false_negative,
        }
    }

    /// The flagged accounts that renewed (1 − precision): "42% of flagged accounts renewed".
    pub fn false_alarms(&self) -> Share {
        Share {
            k: self.false_positive,
            n: self.flagged(),
        }
    }

    /// The accuracy of flagging nobody: the share that renewed.
    pub fn baseline_accuracy(&self) -> Option<f64> {
        ratio(self.false_positive + self.true_negative, self.total())
    }

    /// The share of churned ARR that was flagged.
    pub fn churned_arr_caught(&self) -> Option<f64> {
        let churned = self.arr_true_positive + self.arr_false_negative;
        (churned > 0.0).then(|| self.arr_true_positive / churned)
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
    /// ARR of the accounts.
    pub arr: f64,
    /// ARR of the accounts that churned.
    pub churned_arr: f64,
}

impl TierOutcome {
    /// Renewal rate.
    pub fn renewal_rate(&self) -> Option<f64> {
        ratio(self.renewed, self.accounts)
    }

    /// Renewals as a share with its interval.
    pub fn renewals(&self) -> Share {
        Share {
            k: self.renewed,
            n: self.accounts,
        }
    }

    /// Expansion rate among accounts whose expansion is known.
    pub fn expansion_rate(&self) -> Option<f64> {
        ratio(self.expanded, self.expansion_known)
    }

    /// Accounts that churned.
    pub fn churned(&self) -> u64 {
        self.accounts - self.renewed
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

/// An account for the cut-off and the curve: score, renewed, ARR (0 unknown).
pub type Scored3 = (f64, bool, f64);

/// The forecast "flag every account scoring below `below`".
pub fn flag_below(obs: &[Scored3], below: f64) -> Confusion {
    let mut c = Confusion::default();
    for &(s, r, arr) in obs {
        c.add(s < below, !r, arr);
    }
    c
}

/// The At Risk cut-off maximising Youden's J (sensitivity + specificity − 1) over
/// every distinct score; ties go to the lowest cut-off.
pub fn best_cutoff(obs: &[Scored3]) -> Option<Cutoff> {
    let churned = obs.iter().filter(|o| !o.1).count() as u64;
    let renewed = obs.len() as u64 - churned;
    if churned == 0 || renewed == 0 {
        return None;
    }
    let mut v: Vec<Scored3> = obs.to_vec();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut best: Option<(f64, f64)> = None;
    let (mut churn_below, mut renew_below) = (0u64, 0u64);
    let mut i = 0;
    let mut consider = |below: f64, cb: u64, rb: u64| {
        let j = cb as f64 / churned as f64 + (renewed - rb) as f64 / renewed as f64 - 1.0;
        if best.is_none_or(|b| j > b.1 + 1e-12) {
            best = Some((below, j));
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
    best.map(|(below, youden_j)| Cutoff {
        below,
        youden_j,
        confusion: flag_below(obs, below),
    })
}

/// The ROC curve of the score predicting churn: (false-positive rate, true-positive rate)
/// of "flag accounts scoring below t", from the lowest t up, at most `max_points` (plus the ends).
pub fn roc(obs: &[Scored3], max_points: usize) -> Vec<(f64, f64)> {
    let churned = obs.iter().filter(|o| !o.1).count() as f64;
    let renewed = obs.len() as f64 - churned;
    if churned == 0.0 || renewed == 0.0 {
        return Vec::new();
    }
    let mut v = obs.to_vec();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut pts = vec![(0.0, 0.0)];
    let (mut tp, mut fp) = (0.0, 0.0);
    let step = (v.len() / max_points.max(1)).max(1);
    let mut i = 0;
    let mut since = 0;
    while i < v.len() {
        let x = v[i].0;
        while i < v.len() && v[i].0 == x {
            if v[i].1 {
                fp += 1.0;
            } else {
                tp += 1.0;
            }
            i += 1;
            since += 1;
        }
        if since >= step || i == v.len() {
            pts.push((fp / renewed, tp / churned));
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

/// Accounts split into at most ten groups of about equal count by score
/// (lowest first), each boundary moved to the end of its run of tied scores
/// so that accounts with the same score are never split.
pub fn deciles(obs: &[Scored3]) -> Vec<Decile> {
    let mut v = obs.to_vec();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n = v.len();
    let mut out = Vec::new();
    let mut start = 0;
    for d in 1..=10 {
        let mut end = (d * n / 10).max(start);
        while end > 0 && end < n && v[end].0 == v[end - 1].0 {
            end += 1;
        }
        if end > start {
            let part = &v[start..end];
            out.push(Decile {
                min: part[0].0,
                max: part[part.len() - 1].0,
                accounts: part.len() as u64,
                renewal_rate: part.iter().filter(|o| o.1).count() as f64 / part.len() as f64,
            });
            start = end;
        }
    }
    out
}

/// One signal's evidence: its AUC alone, over the accounts where it has data
/// and weight, and the model's AUC without it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SignalEvidence {
    /// Its points alone as a predictor (accounts with data and a weight above 0 after overrides).
    pub alone: Option<Auc>,
    /// The model's score with this signal left out, over every observed account.
    pub without: Option<Auc>,
}

/// A renewal date before the snapshot it is joined to (the outcome was known
/// when the snapshot was taken).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leak {
    /// The outcome's line in the outcomes file.
    pub line: u64,
    /// The account.
    pub account: String,
    /// Its renewal date.
    pub renewal: crate::date::Date,
    /// The snapshot's date.
    pub snapshot: crate::date::Date,
}

/// Everything `health calibrate` reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// Segment names (index = [`Observation::segment`]).
    pub segments: Vec<String>,
    /// Accounts with a tier and an outcome.
    pub matched: u64,
    /// Accounts with a tier but no outcome.
    pub without_outcome: u64,
    /// Accounts with an outcome but no tier (insufficient data), left out.
    pub insufficient: u64,
    /// Outcomes whose account is not in the snapshot.
    pub without_account: u64,
    /// Whether the model reads ARR.
    pub has_arr: bool,
    /// AUC of the score.
    pub auc: Option<Auc>,
    /// Per signal: alone, and the model without it.
    pub signals: Vec<SignalEvidence>,
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
    /// Each tier's cut-off as a forecast, "flag below its min": (tier, forecast), from the second tier up.
    pub cutoffs: Vec<(usize, Confusion)>,
    /// The cut-off by Youden's J, when the sample is large enough to suggest one.
    pub best: Option<Cutoff>,
    /// Why no cut-off is suggested, when none is.
    pub best_withheld: Option<String>,
    /// The forecast "score below the model's cut-off" (to compare with `best` like for like).
    pub at_model_cutoff: Option<Confusion>,
    /// ROC curve points (churn positive).
    pub roc: Vec<(f64, f64)>,
    /// Renewal rate by score decile.
    pub deciles: Vec<Decile>,
    /// Whether any outcome says whether the account expanded.
    pub expansion_known: bool,
}

/// What [`calibrate`] needs besides the observations.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    /// Segment names.
    pub segments: Vec<String>,
    /// Tiers' minimum scores, lowest tier first.
    pub tier_mins: Vec<f64>,
    /// How many signals.
    pub signals: usize,
    /// Whether the model reads ARR.
    pub has_arr: bool,
    /// Accounts with a tier and no outcome.
    pub without_outcome: u64,
    /// Accounts with an outcome and no tier.
    pub insufficient: u64,
    /// Outcomes without an account.
    pub without_account: u64,
}

/// Computes the calibration of `obs`.
pub fn calibrate(obs: &[Observation], set: Setting) -> Calibration {
    let tiers = set.tier_mins.len();
    let triples: Vec<Scored3> = obs
        .iter()
        .map(|o| (o.score, o.renewed, o.arr.unwrap_or(0.0)))
        .collect();
    let mut pairs: Vec<(f64, bool)> = triples.iter().map(|t| (t.0, t.1)).collect();
    let total_auc = auc(&mut pairs);
    let signals = (0..set.signals)
        .map(|i| {
            let mut alone: Vec<(f64, bool)> = obs
                .iter()
                .filter(|o| o.present[i] && o.weights[i] > 0.0 && !o.points[i].is_nan())
                .map(|o| (f64::from(o.points[i]), o.renewed))
                .collect();
            let mut without: Vec<(f64, bool)> = obs
                .iter()
                .filter_map(|o| o.score_without(i).map(|s| (s, o.renewed)))
                .collect();
            SignalEvidence {
                alone: auc(&mut alone),
                without: auc(&mut without),
            }
        })
        .collect();
    let mut per_tier = vec![TierOutcome::default(); tiers];
    let mut forecast = Confusion::default();
    let mut by_segment = vec![Confusion::default(); set.segments.len()];
    for o in obs {
        let t = &mut per_tier[o.tier];
        let arr = o.arr.unwrap_or(0.0);
        t.accounts += 1;
        t.renewed += u64::from(o.renewed);
        t.arr += arr;
        if !o.renewed {
            t.churned_arr += arr;
        }
        if let Some(e) = o.expanded {
            t.expansion_known += 1;
            t.expanded += u64::from(e);
        }
        forecast.add(o.tier == 0, !o.renewed, arr);
        by_segment[o.segment].add(o.tier == 0, !o.renewed, arr);
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
    let cutoffs: Vec<(usize, Confusion)> = (1..tiers)
        .map(|t| (t, flag_below(&triples, set.tier_mins[t])))
        .collect();
    let model_cutoff = set.tier_mins.get(1).copied();
    let at_model_cutoff = cutoffs.first().map(|c| c.1);
    let churned = triples.iter().filter(|t| !t.1).count() as u64;
    let renewed = triples.len() as u64 - churned;
    let enough =
        triples.len() as u64 >= MIN_ACCOUNTS && churned >= MIN_CHURNED && renewed >= MIN_CHURNED;
    let best_withheld = (!enough).then(|| {
        format!(
            "{} accounts ({churned} churned, {renewed} renewed) are too few to suggest a cut-off: it needs at least {MIN_ACCOUNTS} accounts with {MIN_CHURNED} churned and {MIN_CHURNED} renewed",
            triples.len()
        )
    });
    let best = if enough { best_cutoff(&triples) } else { None };
    Calibration {
        segments: set.segments,
        matched: obs.len() as u64,
        without_outcome: set.without_outcome,
        insufficient: set.insufficient,
        without_account: set.without_account,
        has_arr: set.has_arr,
        auc: total_auc,
        signals,
        expansion_known: per_tier.iter().any(|t| t.expansion_known > 0),
        tiers: per_tier,
        misordered,
        forecast,
        forecast_by_segment: by_segment,
        model_cutoff,
        cutoffs,
        best,
        best_withheld,
        at_model_cutoff,
        roc: roc(&triples, 200),
        deciles: deciles(&triples),
    }
}

/// The accounts of a snapshot joined with their renewal outcomes, folded:
/// the observations [`calibrate`] needs, the accounts left out, and any
/// outcome dated before its snapshot.
#[derive(Debug, Clone)]
pub struct Observations<'o> {
    outcomes: &'o FastMap<Box<str>, Outcome>,
    obs: Vec<Observation>,
    /// Segment names, indexed by [`Observation::segment`] (in order of appearance).
    segments: Vec<String>,
    index: FastMap<String, usize>,
    without_outcome: u64,
    insufficient: u64,
    /// Outcomes dated before their snapshot.
    pub leaks: Vec<Leak>,
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
            insufficient: 0,
            leaks: Vec::new(),
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
        let joined = self.obs.len() as u64 + self.insufficient;
        calibrate(
            &self.obs,
            Setting {
                segments,
                tier_mins: model.tiers.iter().map(|t| t.min).collect(),
                signals: model.signals.len(),
                has_arr: model.has_arr(),
                without_outcome: self.without_outcome,
                insufficient: self.insufficient,
                without_account: (self.outcomes.len() as u64).saturating_sub(joined),
            },
        )
    }
}

impl Fold for Observations<'_> {
    fn add(&mut self, row: &AccountRow<'_>, s: &Scored) {
        let Some(outcome) = self.outcomes.get(row.account) else {
            if s.tier.is_some() {
                self.without_outcome += 1;
            }
            return;
        };
        if let (Some(renewal), Some(snapshot)) = (outcome.date, row.date) {
            if renewal < snapshot {
                self.leaks.push(Leak {
                    line: outcome.line,
                    account: row.account.to_string(),
                    renewal,
                    snapshot,
                });
            }
        }
        let (Some(score), Some(tier)) = (s.score, s.tier) else {
            self.insufficient += 1;
            return;
        };
        let segment = self.segment(row.segment);
        self.obs.push(Observation {
            score,
            tier,
            segment,
            renewed: outcome.renewed,
            expanded: outcome.expanded,
            arr: row.arr,
            points: s
                .points
                .iter()
                .map(|p| p.map_or(f32::NAN, |p| p as f32))
                .collect(),
            present: s.present.clone(),
            weights: s.weights.iter().map(|&w| w as f32).collect(),
        });
    }

    fn merge(&mut self, later: Observations<'_>) {
        let map: Vec<usize> = later.segments.iter().map(|s| self.segment(s)).collect();
        self.obs.extend(later.obs.into_iter().map(|mut o| {
            o.segment = map[o.segment];
            o
        }));
        self.without_outcome += later.without_outcome;
        self.insufficient += later.insufficient;
        self.leaks.extend(later.leaks);
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
    fn the_confusion_matrix_and_its_rates_in_a_cs_leaders_words() {
        let mut c = Confusion::default();
        for (flag, churn, arr) in [
            (true, true, 100.0),
            (true, false, 10.0),
            (false, true, 300.0),
            (false, false, 1.0),
            (false, false, 1.0),
        ] {
            c.add(flag, churn, arr);
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
        // Caught 1 of 2 churners; 1 of the 2 flagged renewed; flagging nobody
        // is right about the 3 renewers of 5.
        assert_eq!(c.caught(), Share { k: 1, n: 2 });
        assert_eq!(c.false_alarms(), Share { k: 1, n: 2 });
        assert_eq!(c.baseline_accuracy(), Some(0.6));
        // ARR: 100 of the 400 churned was flagged; 110 flagged in all.
        assert_eq!(c.churned_arr_caught(), Some(0.25));
        assert_eq!(c.flagged_arr(), 110.0);
    }

    #[test]
    fn wilson_intervals_by_hand() {
        // 1 of 2: p = 0.5, z² = 3.8415; centre = 0.5 + 3.8415/4 = 1.4604, spread
        // = 1.96·√(0.125 + 3.8415/16) = 1.96·0.6042 = 1.1842, denominator 2.9207:
        // (0.0945, 0.9055).
        let (lo, hi) = Share { k: 1, n: 2 }.interval().unwrap_or_default();
        assert!(
            (lo - 0.0945).abs() < 1e-4 && (hi - 0.9055).abs() < 1e-4,
            "{lo} {hi}"
        );
        assert_eq!(Share { k: 0, n: 0 }.interval(), None);
    }

    #[test]
    fn youden_picks_the_cutoff_that_separates_best() {
        // Churned at 10, 20, 30; renewed at 25, 40, 50. J for "flag below t":
        // t=20: 1/3; t=25: 2/3 + 3/3 - 1 = 2/3; t=30: 2/3 + 2/3 - 1 = 1/3;
        // t=40: 3/3 + 2/3 - 1 = 2/3 (a tie: the lower cut-off wins); t=50: 1/3.
        let v = [
            (10.0, false, 1.0),
            (20.0, false, 2.0),
            (30.0, false, 4.0),
            (25.0, true, 8.0),
            (40.0, true, 16.0),
            (50.0, true, 32.0),
        ];
        let c = best_cutoff(&v).unwrap_or_else(|| panic!("both classes"));
        assert_eq!(c.below, 25.0);
        assert!((c.youden_j - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(
            (c.confusion.true_positive, c.confusion.false_positive),
            (2, 0)
        );
        // Below 25 flags the churners at 10 and 20: ARR 1 + 2.
        assert_eq!(c.confusion.flagged_arr(), 3.0);
        // Perfectly separated data: J = 1 at the first renewal's score.
        let v = [
            (10.0, false, 0.0),
            (20.0, false, 0.0),
            (60.0, true, 0.0),
            (70.0, true, 0.0),
        ];
        let c = best_cutoff(&v).unwrap_or_else(|| panic!("both classes"));
        assert_eq!((c.below, c.youden_j), (60.0, 1.0));
    }

    #[test]
    fn the_roc_curve_counts_churners_caught_against_renewers_flagged() {
        // Scores 10 (churn), 20 (renew), 30 (churn), 40 (renew): flagging below
        // 20 catches 1 of 2 churners and no renewer; below 30 adds a renewer; ….
        let v = [
            (10.0, false, 0.0),
            (20.0, true, 0.0),
            (30.0, false, 0.0),
            (40.0, true, 0.0),
        ];
        assert_eq!(
            roc(&v, 200),
            vec![(0.0, 0.0), (0.0, 0.5), (0.5, 0.5), (0.5, 1.0), (1.0, 1.0)]
        );
    }

    #[test]
    fn deciles_never_split_tied_scores() {
        // 20 accounts: twelve score 50, then 60, 61, …, 67. Equal counts would
        // cut after the 2nd, 4th, … account; the run of 50s stays whole.
        let mut v: Vec<Scored3> = vec![(50.0, true, 0.0); 12];
        v.extend((0..8).map(|i| (60.0 + f64::from(i), i % 2 == 0, 0.0)));
        let d = deciles(&v);
        assert_eq!(d[0].accounts, 12);
        assert_eq!((d[0].min, d[0].max), (50.0, 50.0));
        assert_eq!(
            d.iter().map(|d| d.accounts).collect::<Vec<_>>(),
            vec![12, 2, 2, 2, 2]
        );
        assert_eq!(d.iter().map(|d| d.accounts).sum::<u64>(), 20);
        assert_eq!((d[1].min, d[1].max), (60.0, 61.0));
    }

    fn obs(
        score: f64,
        tier: usize,
        renewed: bool,
        points: [f32; 2],
        weights: [f32; 2],
    ) -> Observation {
        Observation {
            score,
            tier,
            segment: 0,
            renewed,
            expanded: None,
            arr: Some(100.0),
            points: points.to_vec(),
            present: points.iter().map(|p| !p.is_nan()).collect(),
            weights: weights.to_vec(),
        }
    }

    fn setting(accounts: usize) -> Setting {
        let _ = accounts;
        Setting {
            segments: vec!["all".into()],
            tier_mins: vec![0.0, 50.0, 80.0],
            signals: 2,
            has_arr: true,
            without_outcome: 0,
            insufficient: 0,
            without_account: 0,
        }
    }

    #[test]
    fn a_signal_is_judged_where_it_has_weight_and_by_the_model_without_it() {
        // Signal 0 (weight 1) separates perfectly; signal 1 (weight 1) is
        // inverted, and has weight 0 for the last two accounts (an override).
        let o = [
            obs(25.0, 0, false, [0.0, 50.0], [1.0, 1.0]),
            obs(45.0, 0, false, [10.0, 80.0], [1.0, 1.0]),
            obs(40.0, 0, true, [80.0, 0.0], [1.0, 1.0]),
            obs(100.0, 2, true, [100.0, 100.0], [1.0, 0.0]),
            obs(90.0, 2, true, [90.0, 10.0], [1.0, 0.0]),
        ];
        let c = calibrate(&o, setting(5));
        // Alone, signal 1 counts the first three accounts only: churned 50, 80;
        // renewed 0: AUC 0.
        let alone = c.signals[1].alone.unwrap_or_else(|| panic!("both classes"));
        assert_eq!((alone.auc, alone.renewed + alone.churned), (0.0, 3));
        // Without signal 1, the scores are signal 0's points (0, 10, 80, 100, 90):
        // every renewer above every churner, AUC 1; the model (25, 45 vs 40, 100,
        // 90) orders 5 of 6 pairs: 0.8333.
        assert_eq!(c.signals[1].without.map(|a| a.auc), Some(1.0));
        assert!((c.auc.map_or(0.0, |a| a.auc) - 5.0 / 6.0).abs() < 1e-12);
        // Without signal 0, only signal 1 is left where it has weight: 50, 80 vs
        // 0; the last two accounts have no score without it and are left out.
        assert_eq!(c.signals[0].without.map(|a| a.auc), Some(0.0));
        assert_eq!(o[3].score_without(0), None);
        assert_eq!(o[0].score_without(1), Some(0.0));
        // Five accounts are too few to suggest a cut-off.
        assert_eq!(c.best, None);
        assert!(
            c.best_withheld
                .as_deref()
                .is_some_and(|w| w.starts_with("5 accounts (2 churned, 3 renewed) are too few")),
            "{:?}",
            c.best_withheld
        );
        // The cut-offs flag below 50 (three accounts) and below 80 (the same).
        assert_eq!(c.cutoffs[0].1.flagged(), 3);
        assert_eq!(c.cutoffs[0].1.flagged_arr(), 300.0);
        // Churned ARR sits in tier 0: 200 of it.
        assert_eq!(c.tiers[0].churned_arr, 200.0);
        assert!(!c.expansion_known);
    }

    #[test]
    fn an_interval_wholly_below_one_half_is_an_inverted_score() {
        let mut v: Vec<(f64, bool)> = (0..40).map(|i| (f64::from(i), i < 20)).collect();
        let a = auc(&mut v).unwrap_or_else(|| panic!("both classes"));
        assert_eq!(a.auc, 0.0);
        assert!(a.inverted());
        let mut v: Vec<(f64, bool)> = (0..4).map(|i| (f64::from(i % 2), i < 2)).collect();
        let a = auc(&mut v).unwrap_or_else(|| panic!("both classes"));
        assert!(!a.inverted(), "{a:?}");
    }

    #[test]
    fn tiers_that_renew_out_of_order_are_reported() {
        let o = |score: f64, tier: usize, renewed: bool| Observation {
            score,
            tier,
            segment: 0,
            renewed,
            expanded: Some(false),
            arr: None,
            points: vec![score as f32, f32::NAN],
            present: vec![true, false],
            weights: vec![1.0, 1.0],
        };
        let obs = [
            o(10.0, 0, true),
            o(20.0, 0, true),
            o(60.0, 1, false),
            o(70.0, 1, true),
            o(90.0, 2, true),
        ];
        let c = calibrate(&obs, setting(5));
        assert_eq!(c.tiers[0].renewal_rate(), Some(1.0));
        assert_eq!(c.tiers[1].renewal_rate(), Some(0.5));
        assert_eq!(c.misordered, vec![(0, 1)]);
        // At Risk (tier 0) flags two renewers: FP 2, TN 2, FN 1, TP 0.
        assert_eq!(c.forecast.false_positive, 2);
        assert_eq!(c.forecast.false_negative, 1);
        assert_eq!(c.deciles.len(), 5);
        assert_eq!(c.roc.first(), Some(&(0.0, 0.0)));
        assert_eq!(c.roc.last(), Some(&(1.0, 1.0)));
        assert!(c.expansion_known);
    }
}
