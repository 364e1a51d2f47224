//! `health fit` from accounts to a fitted model and the evidence for it. Every
//! number reported about a fitted model comes from the model *as written*:
//! each fit is converted to model text, read back and validated, and its
//! accounts scored by [`Plan::evaluate`], the arithmetic of `health score`.
//!
//! - K-fold cross-validation: per fold, a model fitted on the other folds (its
//!   penalty chosen inside them, its tier cut-offs from them) scores the fold;
//!   the hand model's scores of the same accounts beside it.
//! - Out of time, when accounts have snapshot dates and outcomes renewal
//!   dates: fitted on the earlier renewals, scored on the latest fifth.
//! - Per signal: the hand and fitted weight, the AUC each model keeps with the
//!   signal's weight set to 0 (drop-one, on the held-out folds), whether the data
//!   runs against the declared direction.
//! - Per tier: renewal rates of held-out accounts under both models, and the
//!   fitted cut-offs, chosen so each tier keeps the hand model's share of accounts.

use super::checks;
use super::convert;
use super::cv;
use super::design::{Coding, Column, Kind};
use super::learn::{Fitted, Input};
use super::sample::Sample;
use crate::date::Date;
use crate::health::calibrate::{self, Auc, TierOutcome};
use crate::health::model::{Better, Model, Normalisation, ValidModel};
use crate::health::rows::Cell;
use crate::health::score::{self, Plan, Ranks, Scored};
use crate::health::source::LoadedModel;
use crate::health::validate;
use crate::health::write::{self, Comments};

/// How the accounts are split into folds.
#[derive(Debug, Clone, PartialEq)]
pub enum Folds {
    /// `K` folds stratified by outcome, shuffled with the seed.
    Count(usize),
    /// A fold per account of the sample (as given in a folds file), numbered from 0.
    Given(Vec<usize>),
}

/// What a fit is asked.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The folds.
    pub folds: Folds,
    /// The seed of every random choice (folds, samples).
    pub seed: u64,
    /// The share of accounts the lowest tier should hold (0–1); the hand model's share when none.
    pub at_risk: Option<f64>,
    /// How the accounts file is named (for the model's comment).
    pub accounts_file: String,
    /// Today's date (for the model's comment).
    pub today: String,
}

/// A mean and standard deviation over the folds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// The mean.
    pub mean: f64,
    /// The standard deviation (population, over the folds).
    pub sd: f64,
}

impl Spread {
    /// Of some values (none: NaN).
    pub fn of(v: &[f64]) -> Spread {
        let n = v.len() as f64;
        let mean = v.iter().sum::<f64>() / n;
        let sd = (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
        Spread { mean, sd }
    }
}

/// One fold of the cross-validation.
#[derive(Debug, Clone, PartialEq)]
pub struct FoldResult {
    /// Accounts held out.
    pub accounts: usize,
    /// Of which churned.
    pub churned: usize,
    /// The hand model's AUC on them.
    pub hand: f64,
    /// The AUC of the model fitted without them.
    pub fitted: f64,
    /// That model's penalty.
    pub lambda: f64,
}

/// The out-of-time check.
#[derive(Debug, Clone, PartialEq)]
pub enum OutOfTime {
    /// Fitted on renewals before `from`, scored on those from `from`.
    Done {
        /// The first renewal date held out.
        from: Date,
        /// Accounts fitted on.
        train: usize,
        /// Accounts scored.
        test: usize,
        /// The hand model's AUC on them.
        hand: Auc,
        /// The fitted model's.
        fitted: Auc,
    },
    /// Why it was not done.
    Skipped(String),
}

/// What the fit says about one signal.
#[derive(Debug, Clone, PartialEq)]
pub struct SignalResult {
    /// The hand model's weight.
    pub hand_weight: f64,
    /// The fitted weight (whole points of 100).
    pub weight: u32,
    /// The fitted weight before rounding (percent).
    pub share: f64,
    /// The hand model's missing policy.
    pub hand_missing: crate::health::model::Missing,
    /// The fitted one.
    pub missing: crate::health::model::Missing,
    /// What the data found an empty cell worth on the fitted curve (0–100), when it had empty cells.
    pub missing_points: Option<f64>,
    /// Mean held-out AUC of the hand model with this signal at weight 0.
    pub hand_drop_one: Option<f64>,
    /// The same for the fitted models.
    pub fitted_drop_one: Option<f64>,
    /// The AUC of the raw values in the declared direction, over the accounts with a value.
    pub direction: Option<Auc>,
    /// Whether the data runs against the declared direction (the interval wholly below 0.5).
    pub against: bool,
}

/// What the fit says about one tier.
#[derive(Debug, Clone, PartialEq)]
pub struct TierResult {
    /// The hand model's cut-off.
    pub hand_min: f64,
    /// The fitted model's (suggested) cut-off.
    pub min: f64,
    /// Held-out accounts in the tier under the hand model, and their renewals.
    pub hand: TierOutcome,
    /// Held-out accounts in the tier under the fitted models.
    pub fitted: TierOutcome,
    /// The tier's share of all accounts under the hand model.
    pub hand_share: f64,
    /// Its share under the fitted model (in-sample, with the suggested cut-offs).
    pub share: f64,
}

/// Everything `health fit` found.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// The fitted model's file text.
    pub text: String,
    /// The fitted model, as read back from that text.
    pub model: ValidModel,
    /// Accounts fitted on.
    pub accounts: usize,
    /// Of which renewed.
    pub renewed: usize,
    /// Accounts in the snapshot without an outcome.
    pub without_outcome: u64,
    /// Outcomes without an account.
    pub without_account: u64,
    /// Accounts with an outcome the hand model could not score.
    pub unscored: u64,
    /// The snapshot dates, first and last.
    pub snapshots: Option<(Date, Date)>,
    /// The renewal dates, first and last.
    pub renewals: Option<(Date, Date)>,
    /// Accounts whose renewal date is before their snapshot date.
    pub renewed_before_snapshot: usize,
    /// The folds.
    pub folds: Vec<FoldResult>,
    /// The hand model's AUC over the folds.
    pub hand_auc: Spread,
    /// The fitted models' AUC over the folds.
    pub fitted_auc: Spread,
    /// The out-of-time check.
    pub out_of_time: OutOfTime,
    /// Per signal, in model order.
    pub signals: Vec<SignalResult>,
    /// Per tier, lowest first.
    pub tiers: Vec<TierResult>,
    /// The final model's penalty.
    pub lambda: f64,
    /// How many of the hand model's overrides had weights or signal settings, left out.
    pub overrides_dropped: usize,
    /// How many of its overrides give tiers their own SLA or play (kept).
    pub playbooks_kept: usize,
    /// The seed used.
    pub seed: u64,
    /// The lowest tier's share of accounts asked for (`--at-risk`, 0–1); none
    /// when every tier keeps its share under the hand model.
    pub at_risk: Option<f64>,
    /// Per account of the sample, its fold.
    pub fold_of: Vec<usize>,
    /// Per account, its score and tier under the model fitted without its fold.
    pub held_out: Vec<(Option<f64>, Option<usize>)>,
    /// Per account, its score and tier under the fitted model as written.
    pub scores: Vec<(Option<f64>, Option<usize>)>,
}

/// A sample a fit cannot learn from.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem(pub String);

/// The signals as the fit reads them, and per signal whether it is written as a range.
fn columns(hand: &ValidModel, sample: &Sample) -> (Vec<Column>, Vec<Coding>, Vec<bool>) {
    let mut columns = Vec::new();
    let mut codings = Vec::new();
    let mut range = Vec::new();
    for (i, s) in hand.signals.iter().enumerate() {
        let (kind, levels) = match &s.normalisation {
            Normalisation::Thresholds { better, .. } | Normalisation::Range { better, .. } => (
                Kind::Curve {
                    lower: *better == Better::Lower,
                },
                None,
            ),
            // A rank or a yes/no keeps the hand model's points; its weight is learned.
            Normalisation::Percentile { .. } | Normalisation::YesNo { .. } => (Kind::Fixed, None),
            Normalisation::Category { map } => {
                let (level, n) = convert::levels(map);
                (Kind::Levels { levels: n }, Some(level))
            }
        };
        let values = sample
            .accounts
            .iter()
            .map(|a| match (a.cells[i], &levels) {
                (Cell::Missing, _) => f64::NAN,
                (_, _) if kind == Kind::Fixed => a.points[i],
                (Cell::Category(k), Some(l)) => l.get(k).map_or(f64::NAN, |&x| x as f64),
                (Cell::Number(x), _) => x,
                _ => f64::NAN,
            })
            .collect();
        columns.push(Column { kind, values });
        codings.push(convert::coding(s.missing));
        range.push(matches!(s.normalisation, Normalisation::Range { .. }));
    }
    (columns, codings, range)
}

/// Model text read back and validated: what a user's `health score` would read.
/// A fitted model is built from a valid one with values the format allows, so a
/// failure here is a fault of the fitter, said as such rather than a panic.
fn read_back(m: &Model, comments: &Comments) -> Result<(String, ValidModel), Problem> {
    let text = write::to_toml(m, comments);
    let fault = |why: String| {
        Problem(format!(
            "the fitted model does not pass its own checks ({why}); this is a fault in cs-scorecard, please report it"
        ))
    };
    let loaded = LoadedModel::parse("fitted.toml", &text).map_err(|d| fault(d.message))?;
    let valid = validate::validate(&loaded).map_err(|d| {
        fault(
            d.into_iter()
                .map(|d| d.message)
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    Ok((text, valid))
}

/// Scores and tiers of `accounts` under a model, with the snapshot's percentile tables.
fn score_all(
    model: &ValidModel,
    ranks: &[Ranks],
    sample: &Sample,
    accounts: &[usize],
) -> Vec<(Option<f64>, Option<usize>)> {
    let mut plan = Plan::new(model);
    plan.ranks = ranks.to_vec();
    let mut scored = Scored::default();
    accounts
        .iter()
        .map(|&a| {
            let acc = &sample.accounts[a];
            plan.evaluate(
                acc.segment.as_bytes(),
                acc.plan.as_bytes(),
                &acc.cells,
                &mut scored,
            );
            (scored.score, scored.tier)
        })
        .collect()
}

/// The AUC of scores (accounts without a score left out).
fn auc_of(
    scores: &[(Option<f64>, Option<usize>)],
    sample: &Sample,
    accounts: &[usize],
) -> Option<Auc> {
    let mut pairs: Vec<(f64, bool)> = scores
        .iter()
        .zip(accounts)
        .filter_map(|((s, _), &a)| s.map(|s| (s, sample.renewed[a])))
        .collect();
    calibrate::auc(&mut pairs)
}

/// Tier cut-offs for `fitted` scores that give each tier the share of accounts the
/// hand model gives it (`hand` scores against `mins`), the lowest tier `at_risk`
/// when given: each cut-off is the fitted score at that share, rounded to a whole
/// point, and kept above the one below it.
pub fn cutoffs(hand: &[f64], mins: &[f64], fitted: &[f64], at_risk: Option<f64>) -> Vec<f64> {
    let mut v = fitted.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let mut out = vec![0.0];
    let mut share_below = 0.0f64;
    for (t, &min) in mins.iter().enumerate().skip(1) {
        let hand_share = if n == 0 {
            0.0
        } else {
            hand.iter().filter(|&&s| s < min).count() as f64 / hand.len() as f64
        };
        let share = match (t, at_risk) {
            (1, Some(a)) => a,
            _ => hand_share,
        }
        .max(share_below);
        share_below = share;
        let at = (share * n as f64).round() as usize;
        let c = if at >= n { 100.0 } else { v[at].round() };
        let floor = out[t - 1] + 1.0;
        out.push(c.max(floor).min(100.0));
    }
    out
}

/// The hand or a fitted model without signal `s` (its weight 0, in overrides too);
/// none when no other signal has weight.
fn without(model: &ValidModel, s: usize) -> Option<ValidModel> {
    let mut m = model.clone();
    m.signals[s].weight = 0.0;
    for o in &mut m.overrides {
        for w in &mut o.weights {
            if w.0 == s {
                w.1 = 0.0;
            }
        }
    }
    m.signals.iter().any(|x| x.weight > 0.0).then_some(m)
}

fn tier_outcomes(
    tiers: usize,
    assigned: &[(usize, Option<usize>)],
    sample: &Sample,
) -> Vec<TierOutcome> {
    let mut out = vec![TierOutcome::default(); tiers];
    for &(a, t) in assigned {
        if let Some(t) = t {
            out[t].accounts += 1;
            out[t].renewed += u64::from(sample.renewed[a]);
        }
    }
    out
}

/// A fitted model with cut-offs matched on `accounts`: the model, and its text read back.
fn build(
    hand: &ValidModel,
    fitted: &Fitted,
    ranks: &[Ranks],
    sample: &Sample,
    accounts: &[usize],
    at_risk: Option<f64>,
) -> Result<ValidModel, Problem> {
    let mins: Vec<f64> = hand.tiers.iter().map(|t| t.min).collect();
    let provisional = convert::model(hand, fitted, &mins);
    let (_, valid) = read_back(&provisional, &Comments::default())?;
    let scores: Vec<f64> = score_all(&valid, ranks, sample, accounts)
        .iter()
        .filter_map(|s| s.0)
        .collect();
    let hand_scores: Vec<f64> = accounts
        .iter()
        .filter_map(|&a| sample.accounts[a].score)
        .collect();
    let cut = cutoffs(&hand_scores, &mins, &scores, at_risk);
    let m = convert::model(hand, fitted, &cut);
    Ok(read_back(&m, &Comments::default())?.1)
}

fn check(sample: &Sample, k: usize, folds: &[Vec<usize>]) -> Result<(), Problem> {
    let n = sample.accounts.len();
    let renewed = sample.renewed.iter().filter(|r| **r).count();
    let churned = n - renewed;
    if n == 0 {
        return Err(Problem(
            if sample.without_account > 0 && sample.without_outcome > 0 {
                format!(
                    "none of the {} outcomes matches an account of the snapshot ({} accounts): the account ids differ",
                    sample.without_account, sample.without_outcome
                )
            } else if sample.unscored > 0 {
                "the hand model scores none of the accounts with an outcome (every cell is empty)"
                    .into()
            } else {
                "no account has an outcome to learn from".into()
            },
        ));
    }
    if churned == 0 || renewed == 0 {
        let (all, none) = if churned == 0 {
            ("renewed", "churn")
        } else {
            ("churned", "renewal")
        };
        return Err(Problem(format!(
            "all {n} accounts with an outcome {all}: with no {none} there is nothing to tell apart; a fit needs renewals and churns"
        )));
    }
    let fewest = churned.min(renewed);
    if fewest < k {
        let what = if churned < renewed {
            "churned"
        } else {
            "renewed"
        };
        return Err(Problem(format!(
            "only {fewest} of the {n} accounts {what}: {k} folds need at least {k} of each outcome (try --folds {})",
            fewest.max(2)
        )));
    }
    for (f, accounts) in folds.iter().enumerate() {
        let r = accounts.iter().filter(|&&a| sample.renewed[a]).count();
        if r == 0 || r == accounts.len() {
            return Err(Problem(format!(
                "fold {f} of the folds file has {} accounts, all of one outcome: every fold needs renewals and churns",
                accounts.len()
            )));
        }
    }
    Ok(())
}

/// Fits a model to the sample and measures it against the hand model.
pub fn fit(
    hand: &ValidModel,
    ranks: &[Ranks],
    sample: &Sample,
    options: &Options,
) -> Result<Fit, Problem> {
    let n = sample.accounts.len();
    let all: Vec<usize> = (0..n).collect();
    let folds: Vec<Vec<usize>> = match &options.folds {
        Folds::Count(k) => cv::stratified(&all, &sample.renewed, *k, options.seed),
        Folds::Given(given) => {
            let k = given.iter().copied().max().map_or(0, |m| m + 1);
            let mut f = vec![Vec::new(); k];
            for (a, &g) in given.iter().enumerate() {
                f[g].push(a);
            }
            f.retain(|x| !x.is_empty());
            f
        }
    };
    let k = folds.len();
    if k < 2 {
        return Err(Problem(format!(
            "{k} fold: cross-validation needs at least 2 folds"
        )));
    }
    check(sample, k, &folds)?;
    let (columns, hand_codings, range) = columns(hand, sample);
    let input = Input {
        columns: &columns,
        renewed: &sample.renewed,
        hand: &hand_codings,
        range: &range,
    };
    let nested = cv::nested(&input, &folds, options.seed);

    // Held-out scores, fold by fold.
    let mut fold_results = Vec::new();
    let mut fold_models = Vec::new();
    let mut hand_assigned = Vec::new();
    let mut fitted_assigned = Vec::new();
    let mut fold_of = vec![0; n];
    let mut held_out = vec![(None, None); n];
    for (f, held) in folds.iter().enumerate() {
        let train = cv::all_but(&folds, &[f]);
        let model = build(
            hand,
            &nested.folds[f],
            ranks,
            sample,
            &train,
            options.at_risk,
        )?;
        let fitted = score_all(&model, ranks, sample, held);
        let hand_scores: Vec<(Option<f64>, Option<usize>)> = held
            .iter()
            .map(|&a| (sample.accounts[a].score, sample.accounts[a].tier))
            .collect();
        fold_results.push(FoldResult {
            accounts: held.len(),
            churned: held.iter().filter(|&&a| !sample.renewed[a]).count(),
            hand: auc_of(&hand_scores, sample, held).map_or(f64::NAN, |a| a.auc),
            fitted: auc_of(&fitted, sample, held).map_or(f64::NAN, |a| a.auc),
            lambda: nested.folds[f].lambda,
        });
        for (i, &a) in held.iter().enumerate() {
            hand_assigned.push((a, hand_scores[i].1));
            fitted_assigned.push((a, fitted[i].1));
            fold_of[a] = f;
            held_out[a] = fitted[i];
        }
        fold_models.push(model);
    }
    let hand_auc = Spread::of(&fold_results.iter().map(|f| f.hand).collect::<Vec<_>>());
    let fitted_auc = Spread::of(&fold_results.iter().map(|f| f.fitted).collect::<Vec<_>>());

    // Drop-one, per signal: the mean held-out AUC without it.
    let drop_one = |models: &[&ValidModel], s: usize| -> Option<f64> {
        let mut v = Vec::new();
        for (f, held) in folds.iter().enumerate() {
            let m = without(models[f], s)?;
            v.push(auc_of(&score_all(&m, ranks, sample, held), sample, held)?.auc);
        }
        Some(Spread::of(&v).mean)
    };
    let hands: Vec<&ValidModel> = vec![hand; k];
    let fitted_refs: Vec<&ValidModel> = fold_models.iter().collect();
    let drops = cv::parallel(hand.signals.len(), |s| {
        (drop_one(&hands, s), drop_one(&fitted_refs, s))
    });

    // The final model, on every account.
    let final_model = build(hand, &nested.all, ranks, sample, &all, options.at_risk)?;

    let out_of_time = out_of_time(hand, ranks, sample, &input, options)?;
    let snapshots = range_of(sample.accounts.iter().map(|a| a.date));
    let renewals = range_of(sample.renewal.iter().copied());
    let renewed_before_snapshot = sample
        .accounts
        .iter()
        .zip(&sample.renewal)
        .filter(|(a, r)| matches!((a.date, r), (Some(s), Some(r)) if *r < s))
        .count();

    let signals: Vec<SignalResult> = hand
        .signals
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let l = &nested.all.signals[i];
            let direction = checks::direction(&columns[i], &sample.renewed, &all);
            SignalResult {
                hand_weight: s.weight,
                weight: l.weight,
                share: l.share,
                hand_missing: s.missing,
                missing: convert::missing(l.coding),
                missing_points: l.missing_points,
                hand_drop_one: drops[i].0,
                fitted_drop_one: drops[i].1,
                against: direction.as_ref().is_some_and(checks::runs_against),
                direction,
            }
        })
        .collect();
    let mut fit = Fit {
        text: String::new(),
        model: final_model,
        accounts: n,
        renewed: sample.renewed.iter().filter(|r| **r).count(),
        without_outcome: sample.without_outcome,
        without_account: sample.without_account,
        unscored: sample.unscored,
        snapshots,
        renewals,
        renewed_before_snapshot,
        folds: fold_results,
        hand_auc,
        fitted_auc,
        out_of_time,
        signals,
        tiers: Vec::new(),
        lambda: nested.all.lambda,
        overrides_dropped: hand
            .overrides
            .iter()
            .filter(|o| !o.weights.is_empty() || !o.normalisations.is_empty())
            .count(),
        playbooks_kept: hand
            .overrides
            .iter()
            .filter(|o| !o.playbooks.is_empty())
            .count(),
        seed: options.seed,
        at_risk: options.at_risk,
        fold_of,
        held_out,
        scores: Vec::new(),
    };
    // The file: the final model with its examples scored and the comments.
    let mut m = write::unvalidated(&fit.model);
    let tier_ids: Vec<String> = fit.model.tiers.iter().map(|t| t.id.clone()).collect();
    convert::with_examples(&mut m, &tier_ids, &score::example_scores(&fit.model));
    let comments = comments(hand, &fit, options);
    let (text, valid) = read_back(&m, &comments)?;
    fit.text = text;
    fit.model = valid;
    // Scores and tiers under the model as written, as `health score` gives them.
    fit.scores = score_all(&fit.model, ranks, sample, &all);
    let hand_out = tier_outcomes(hand.tiers.len(), &hand_assigned, sample);
    let fitted_out = tier_outcomes(hand.tiers.len(), &fitted_assigned, sample);
    let share = |t: usize, tiers: &mut dyn Iterator<Item = Option<usize>>| {
        let v: Vec<Option<usize>> = tiers.collect();
        v.iter().filter(|x| **x == Some(t)).count() as f64 / v.len().max(1) as f64
    };
    let tiers = (0..hand.tiers.len())
        .map(|t| TierResult {
            hand_min: hand.tiers[t].min,
            min: fit.model.tiers[t].min,
            hand: hand_out[t],
            fitted: fitted_out[t],
            hand_share: share(t, &mut sample.accounts.iter().map(|a| a.tier)),
            share: share(t, &mut fit.scores.iter().map(|s| s.1)),
        })
        .collect();

    fit.tiers = tiers;
    Ok(fit)
}

fn range_of(dates: impl Iterator<Item = Option<Date>>) -> Option<(Date, Date)> {
    let mut r: Option<(Date, Date)> = None;
    for d in dates {
        let d = d?;
        r = Some(match r {
            None => (d, d),
            Some((a, b)) => (a.min(d), b.max(d)),
        });
    }
    r
}

/// Fitted on the renewals before the latest fifth, scored on that fifth.
fn out_of_time(
    hand: &ValidModel,
    ranks: &[Ranks],
    sample: &Sample,
    input: &Input<'_>,
    options: &Options,
) -> Result<OutOfTime, Problem> {
    if hand.columns.date.is_none() {
        return Ok(OutOfTime::Skipped(
            "needs snapshot dates: the model has no `date` column".into(),
        ));
    }
    let Some(dates) = sample
        .renewal
        .iter()
        .copied()
        .collect::<Option<Vec<Date>>>()
    else {
        return Ok(OutOfTime::Skipped(
            "needs renewal dates: the outcomes have no `renewal_date` for every account".into(),
        ));
    };
    let mut sorted = dates.clone();
    sorted.sort();
    let from = sorted[sorted.len() * 4 / 5];
    let train: Vec<usize> = (0..dates.len()).filter(|&a| dates[a] < from).collect();
    let test: Vec<usize> = (0..dates.len()).filter(|&a| dates[a] >= from).collect();
    let classes = |v: &[usize]| {
        let r = v.iter().filter(|&&a| sample.renewed[a]).count();
        r.min(v.len() - r)
    };
    let k = match options.folds {
        Folds::Count(k) => k,
        Folds::Given(_) => 5,
    };
    if classes(&train) < k || classes(&test) < 2 {
        return Ok(OutOfTime::Skipped(format!(
            "too few renewals or churns on one side of {from} ({} accounts before, {} from then)",
            train.len(),
            test.len()
        )));
    }
    let fitted = cv::fit_choosing(input, &train, k, options.seed);
    let model = build(hand, &fitted, ranks, sample, &train, options.at_risk)?;
    let scored = score_all(&model, ranks, sample, &test);
    let hand_scores: Vec<(Option<f64>, Option<usize>)> = test
        .iter()
        .map(|&a| (sample.accounts[a].score, sample.accounts[a].tier))
        .collect();
    Ok(
        match (
            auc_of(&hand_scores, sample, &test),
            auc_of(&scored, sample, &test),
        ) {
            (Some(h), Some(f)) => OutOfTime::Done {
                from,
                train: train.len(),
                test: test.len(),
                hand: h,
                fitted: f,
            },
            _ => OutOfTime::Skipped("the held-out renewals have one outcome only".into()),
        },
    )
}

fn comments(hand: &ValidModel, fit: &Fit, options: &Options) -> Comments {
    let churned = fit.accounts - fit.renewed;
    let mut header = vec![
        format!(
            "Fitted by `cs-scorecard health fit` on {} from the hand model {} {}.",
            options.today, hand.about.id, hand.about.version
        ),
        format!(
            "Learned from {} accounts of {}{} and their renewal outcomes{}: {} renewed, {} churned.",
            fit.accounts,
            options.accounts_file,
            fit.snapshots.map_or(String::new(), |(a, b)| if a == b {
                format!(" (snapshot {a})")
            } else {
                format!(" (snapshots {a} to {b})")
            }),
            fit.renewals
                .map_or(String::new(), |(a, b)| format!(" (renewals {a} to {b})")),
            fit.renewed,
            churned
        ),
        format!(
            "Cross-validated AUC ({} folds, seed {}): {:.3} ± {:.3}; the hand model {:.3} ± {:.3} on the same folds.",
            fit.folds.len(),
            fit.seed,
            fit.fitted_auc.mean,
            fit.fitted_auc.sd,
            fit.hand_auc.mean,
            fit.hand_auc.sd
        ),
    ];
    if let OutOfTime::Done {
        from, hand, fitted, ..
    } = &fit.out_of_time
    {
        header.push(format!(
            "Out of time (fitted on renewals before {from}, scored on those from then): {:.3}; the hand model {:.3}.",
            fitted.auc, hand.auc
        ));
    }
    header.push(String::new());
    header.push(
        "Each signal's points are a monotone curve in its declared direction and its weight".into(),
    );
    header.push(format!(
        "whole points adding up to 100, from a penalised logistic regression (penalty {} chosen",
        crate::text::fmt_num_exact(fit.lambda)
    ));
    header.push("by cross-validation); docs/health.md (`health fit`) explains the method.".into());
    if fit.overrides_dropped > 0 {
        header.push(format!(
            "The weights and signal settings of the hand model's {} overrides are left out: a fitted model weighs and scores every account alike.",
            fit.overrides_dropped
        ));
    }
    if fit.playbooks_kept > 0 {
        header.push(match fit.playbooks_kept {
            1 => "The SLAs and plays that one override gives its accounts' tiers are kept.".into(),
            n => format!(
                "The SLAs and plays that {n} overrides give their accounts' tiers are kept."
            ),
        });
    }
    header.push(
        "The `why` texts are the hand model's reasoning; numbers in them describe its curves."
            .into(),
    );
    header.push(match fit.at_risk {
        None => "Tier cut-offs keep each tier's share of these accounts as under the hand model."
            .into(),
        Some(a) => format!(
            "Tier cut-offs: the lowest tier's aims at {}% of these accounts (--at-risk); the higher ones keep the share of accounts below them as under the hand model.",
            crate::text::fmt_num(a * 100.0)
        ),
    });
    let signals = hand
        .signals
        .iter()
        .zip(&fit.signals)
        .map(|(s, r)| {
            let mut lines = vec![format!(
                "Fitted: weight {} (hand model {}); missing cells: {} (hand model {}).",
                r.weight,
                crate::text::fmt_num_exact(s.weight),
                missing_name(r.missing),
                missing_name(r.hand_missing)
            )];
            if r.weight == 0 {
                lines.push("Weight 0: the data gives it nothing the other signals do not already say; its points are the hand model's.".into());
            }
            if let (true, Some(d)) = (r.against, &r.direction) {
                lines.push(format!(
                    "The data runs against `better`: renewals fall as it improves (AUC {:.3}, 95% CI {:.3}–{:.3}); the fit never flips a direction. Check the column and `better`.",
                    d.auc, d.low, d.high
                ));
            }
            lines
        })
        .collect();
    Comments {
        schema: None,
        header,
        signals,
        tiers: vec![format!(
            "Tiers: cut-offs fitted; the hand model's were {}.",
            hand.tiers
                .iter()
                .map(|t| crate::text::fmt_num_exact(t.min))
                .collect::<Vec<_>>()
                .join(", ")
        )],
    }
}

/// A missing policy as the model file spells it.
pub fn missing_name(m: crate::health::model::Missing) -> &'static str {
    match m {
        crate::health::model::Missing::Exclude => "exclude",
        crate::health::model::Missing::Neutral => "neutral",
        crate::health::model::Missing::Worst => "worst",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutoffs_keep_each_tier_share() {
        // Hand scores 10..=100 (10 accounts): 4 below 50, 6 below 70. Fitted scores 1..=10:
        // the 5th and 7th lowest are 5 and 7.
        let hand: Vec<f64> = (1..=10).map(|i| f64::from(i) * 10.0).collect();
        let fitted: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(
            cutoffs(&hand, &[0.0, 50.0, 70.0], &fitted, None),
            vec![0.0, 5.0, 7.0]
        );
        // At Risk asked to hold 20%: the 3rd lowest, 3; the next tier keeps its share.
        assert_eq!(
            cutoffs(&hand, &[0.0, 50.0, 70.0], &fitted, Some(0.2)),
            vec![0.0, 3.0, 7.0]
        );
        // Ties cannot make two tiers start at the same score.
        let flat = vec![5.0; 10];
        assert_eq!(
            cutoffs(&hand, &[0.0, 50.0, 70.0], &flat, None),
            vec![0.0, 5.0, 6.0]
        );
    }

    #[test]
    fn spread_is_mean_and_population_sd() {
        let s = Spread::of(&[0.8, 0.9]);
        assert!((s.mean - 0.85).abs() < 1e-12 && (s.sd - 0.05).abs() < 1e-12);
    }
}
