//! The report of `health fit`: the hand model and the fitted model side by
//! side. The terminal table and Markdown are one walk ([`markup`](super::markup)
//! skins); the JSON document comes from view structs (docs/health.md documents
//! its fields). Pure.

use serde::Serialize;

use super::common::ReportOptions;
use super::health::{count, csv_bytes, csv_writer, num, safe};
use super::health_calibrate::AucJson;
use super::markup::{self, Align, Item, Row, Skin, Span, Style, column, plain, styled};
use crate::health::calibrate::TierOutcome;
use crate::health::fit::evaluate::{Fit, OutOfTime, missing_name};
use crate::health::fit::sample::Sample;
use crate::health::model::{Normalisation, ValidModel};
use crate::text::fmt_num_exact;

/// A mean and standard deviation over the folds.
#[derive(Debug, Serialize)]
pub struct SpreadJson {
    /// Mean of the folds' AUCs.
    pub mean: f64,
    /// Their standard deviation.
    pub sd: f64,
}

/// One fold.
#[derive(Debug, Serialize)]
pub struct FoldJson {
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

/// The cross-validation.
#[derive(Debug, Serialize)]
pub struct CrossValidationJson {
    /// The hand model.
    pub hand: SpreadJson,
    /// The fitted models.
    pub fitted: SpreadJson,
    /// Fold by fold.
    pub folds: Vec<FoldJson>,
}

/// The out-of-time check (`skipped` says why when it was not done).
#[derive(Debug, Serialize)]
pub struct OutOfTimeJson {
    /// The first renewal date held out.
    pub from: Option<String>,
    /// Accounts fitted on.
    pub train: Option<usize>,
    /// Accounts scored.
    pub test: Option<usize>,
    /// The hand model's AUC on them.
    pub hand: Option<AucJson>,
    /// The fitted model's.
    pub fitted: Option<AucJson>,
    /// Why it was not done.
    pub skipped: Option<String>,
}

/// One signal.
#[derive(Debug, Serialize)]
pub struct SignalJson {
    /// Signal id.
    pub signal: String,
    /// Its title.
    pub title: String,
    /// The hand model's weight.
    pub hand_weight: f64,
    /// The fitted weight (whole points; the weights add up to 100).
    pub weight: u32,
    /// The fitted weight before rounding, percent.
    pub share: f64,
    /// The hand model's missing policy.
    pub hand_missing: &'static str,
    /// The fitted one.
    pub missing: &'static str,
    /// What the data found an empty cell worth, in points of the fitted curve.
    pub missing_points: Option<f64>,
    /// Held-out AUC of the hand model with this signal at weight 0 (mean of the folds).
    pub hand_drop_one: Option<f64>,
    /// The same for the fitted models.
    pub fitted_drop_one: Option<f64>,
    /// AUC of the raw values in the declared direction.
    pub direction: Option<AucJson>,
    /// Whether the data runs against the declared direction (the interval below 0.5).
    pub against_direction: bool,
    /// The fitted normalisation: `thresholds`, `range`, `percentile` or `category`.
    pub normalise: &'static str,
    /// Fitted `thresholds` points ([value, points]).
    pub points: Option<Vec<[f64; 2]>>,
    /// Fitted `range` bounds.
    pub min: Option<f64>,
    /// Fitted `range` bounds.
    pub max: Option<f64>,
    /// Fitted `category` points.
    pub map: Option<std::collections::BTreeMap<String, f64>>,
}

/// Renewals of held-out accounts in a tier.
#[derive(Debug, Serialize)]
pub struct TierOutcomeJson {
    /// Accounts.
    pub accounts: u64,
    /// Renewed.
    pub renewed: u64,
    /// Renewed / accounts.
    pub renewal_rate: Option<f64>,
}

impl From<&TierOutcome> for TierOutcomeJson {
    fn from(t: &TierOutcome) -> Self {
        TierOutcomeJson {
            accounts: t.accounts,
            renewed: t.renewed,
            renewal_rate: t.renewal_rate(),
        }
    }
}

/// One tier.
#[derive(Debug, Serialize)]
pub struct TierJson {
    /// Tier id.
    pub tier: String,
    /// Its name.
    pub name: String,
    /// The hand model's cut-off.
    pub hand_min: f64,
    /// The suggested cut-off.
    pub min: f64,
    /// Share of the accounts in it under the hand model.
    pub hand_share: f64,
    /// Under the fitted model.
    pub share: f64,
    /// Held-out accounts under the hand model.
    pub hand: TierOutcomeJson,
    /// Held-out accounts under the fitted models.
    pub fitted: TierOutcomeJson,
}

/// A date range.
#[derive(Debug, Serialize)]
pub struct DatesJson {
    /// The first date.
    pub first: String,
    /// The last date.
    pub last: String,
}

/// The whole report in JSON (one document).
#[derive(Debug, Serialize)]
pub struct FitJson {
    /// The hand model's id.
    pub model: String,
    /// Its version.
    pub model_version: String,
    /// The fitted model's version.
    pub fitted_version: String,
    /// Accounts fitted on.
    pub accounts: usize,
    /// Of which renewed.
    pub renewed: usize,
    /// Of which churned.
    pub churned: usize,
    /// Accounts of the snapshot without an outcome.
    pub without_outcome: u64,
    /// Outcomes without an account.
    pub without_account: u64,
    /// Accounts with an outcome the hand model could not score.
    pub unscored: u64,
    /// Snapshot dates, when the model has the column.
    pub snapshot_dates: Option<DatesJson>,
    /// Renewal dates, when the outcomes have them.
    pub renewal_dates: Option<DatesJson>,
    /// Accounts whose renewal date is before their snapshot date.
    pub renewed_before_snapshot: usize,
    /// The seed.
    pub seed: u64,
    /// The lowest tier's share of accounts asked for with `--at-risk`, in
    /// percent; null when every tier keeps its share under the hand model.
    pub at_risk: Option<f64>,
    /// The final model's penalty.
    pub lambda: f64,
    /// How many of the hand model's overrides were left out.
    pub overrides_dropped: usize,
    /// Cross-validation.
    pub cross_validation: CrossValidationJson,
    /// Out of time.
    pub out_of_time: OutOfTimeJson,
    /// Per signal.
    pub signals: Vec<SignalJson>,
    /// Per tier.
    pub tiers: Vec<TierJson>,
    /// What to know, in words.
    pub notes: Vec<String>,
}

fn dates(d: Option<(crate::date::Date, crate::date::Date)>) -> Option<DatesJson> {
    d.map(|(a, b)| DatesJson {
        first: a.to_string(),
        last: b.to_string(),
    })
}

fn normalise_name(n: &Normalisation) -> &'static str {
    match n {
        Normalisation::Thresholds { .. } => "thresholds",
        Normalisation::Range { .. } => "range",
        Normalisation::Percentile { .. } => "percentile",
        Normalisation::Category { .. } => "category",
        Normalisation::YesNo { .. } => "yes-no",
    }
}

/// The notes: what a reader must know before adopting the model.
pub fn notes(hand: &ValidModel, fit: &Fit) -> Vec<String> {
    let mut out = Vec::new();
    for (s, r) in hand.signals.iter().zip(&fit.signals) {
        if let (true, Some(d)) = (r.against, &r.direction) {
            out.push(format!(
                "`{}` runs against `better`: renewals fall as it improves (AUC {:.3}, 95% CI {:.3}–{:.3}). The fit never flips a direction; check the column and `better` in the model.",
                s.id, d.auc, d.low, d.high
            ));
        }
    }
    let useless: Vec<&str> = hand
        .signals
        .iter()
        .zip(&fit.signals)
        .filter(|(_, r)| r.weight == 0)
        .map(|(s, _)| s.id.as_str())
        .collect();
    if !useless.is_empty() {
        out.push(format!(
            "Weight 0 for {}: given the other signals, the data finds nothing in {}; {} kept in the model (for reading and tier conditions) with the hand model's points.",
            useless.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", "),
            if useless.len() == 1 { "it" } else { "them" },
            if useless.len() == 1 { "it is" } else { "they are" },
        ));
    }
    for (s, r) in hand.signals.iter().zip(&fit.signals) {
        if r.missing != r.hand_missing {
            out.push(format!(
                "`{}`: empty cells now `{}` (hand model `{}`): the data finds an empty cell worth {} points of the fitted curve.",
                s.id,
                missing_name(r.missing),
                missing_name(r.hand_missing),
                r.missing_points.map_or("?".into(), |p| format!("{p:.0}"))
            ));
        }
    }
    if fit.overrides_dropped > 0 {
        out.push(format!(
            "The weights and signal settings of the hand model's {} overrides (by segment and plan) are left out: a fitted model weighs and scores every account alike.{}",
            fit.overrides_dropped,
            if fit.playbooks_kept > 0 {
                match fit.playbooks_kept {
                    1 => " The SLAs and plays that one of them gives its tiers are kept.".to_string(),
                    n => format!(" The SLAs and plays that {n} of them give their tiers are kept."),
                }
            } else {
                String::new()
            }
        ));
    }
    if fit.renewed_before_snapshot > 0 {
        out.push(format!(
            "{} accounts renewed before their snapshot date: their snapshot may already show the outcome, which flatters any model.",
            fit.renewed_before_snapshot
        ));
    }
    let left_out: Vec<String> = [
        (
            fit.without_account,
            "outcome whose account is not in the snapshot",
            "outcomes whose account is not in the snapshot",
        ),
        (
            fit.without_outcome,
            "account without an outcome",
            "accounts without an outcome",
        ),
        (
            fit.unscored,
            "account with an outcome but no cell the hand model scores",
            "accounts with an outcome but no cell the hand model scores",
        ),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| format!("{} {}", count(n), if n == 1 { one } else { many }))
    .collect();
    if !left_out.is_empty() {
        out.push(format!("Left out of the fit: {}.", left_out.join(", ")));
    }
    if fit.accounts < 1000 {
        out.push(format!(
            "Only {} accounts: the AUCs vary by ±{:.3} from fold to fold; read differences smaller than that as noise.",
            fit.accounts,
            fit.fitted_auc.sd.max(fit.hand_auc.sd)
        ));
    }
    if let OutOfTime::Skipped(why) = &fit.out_of_time {
        out.push(format!("No out-of-time check: it {why}."));
    }
    out
}

/// The report as one JSON document.
pub fn json(hand: &ValidModel, fit: &Fit) -> anyhow::Result<Vec<u8>> {
    let out_of_time = match &fit.out_of_time {
        OutOfTime::Done {
            from,
            train,
            test,
            hand,
            fitted,
        } => OutOfTimeJson {
            from: Some(from.to_string()),
            train: Some(*train),
            test: Some(*test),
            hand: Some(hand.into()),
            fitted: Some(fitted.into()),
            skipped: None,
        },
        OutOfTime::Skipped(why) => OutOfTimeJson {
            from: None,
            train: None,
            test: None,
            hand: None,
            fitted: None,
            skipped: Some(why.clone()),
        },
    };
    let signals = hand
        .signals
        .iter()
        .zip(&fit.signals)
        .zip(&fit.model.signals)
        .map(|((s, r), f)| {
            let (points, min, max, map) = match &f.normalisation {
                Normalisation::Thresholds { points, .. } => (
                    Some(points.iter().map(|&(x, y)| [x, y]).collect()),
                    None,
                    None,
                    None,
                ),
                Normalisation::Range { min, max, .. } => (None, Some(*min), Some(*max), None),
                Normalisation::Percentile { .. } => (None, None, None, None),
                Normalisation::Category { map } => {
                    (None, None, None, Some(map.iter().cloned().collect()))
                }
                Normalisation::YesNo { yes, no } => (
                    None,
                    None,
                    None,
                    Some([("no".to_string(), *no), ("yes".to_string(), *yes)].into()),
                ),
            };
            SignalJson {
                signal: s.id.clone(),
                title: s.title.clone(),
                hand_weight: r.hand_weight,
                weight: r.weight,
                share: r.share,
                hand_missing: missing_name(r.hand_missing),
                missing: missing_name(r.missing),
                missing_points: r.missing_points,
                hand_drop_one: r.hand_drop_one,
                fitted_drop_one: r.fitted_drop_one,
                direction: r.direction.as_ref().map(AucJson::from),
                against_direction: r.against,
                normalise: normalise_name(&f.normalisation),
                points,
                min,
                max,
                map,
            }
        })
        .collect();
    let tiers = hand
        .tiers
        .iter()
        .zip(&fit.tiers)
        .map(|(t, r)| TierJson {
            tier: t.id.clone(),
            name: t.name.clone(),
            hand_min: r.hand_min,
            min: r.min,
            hand_share: r.hand_share,
            share: r.share,
            hand: (&r.hand).into(),
            fitted: (&r.fitted).into(),
        })
        .collect();
    let doc = FitJson {
        model: hand.about.id.clone(),
        model_version: hand.about.version.clone(),
        fitted_version: fit.model.about.version.clone(),
        accounts: fit.accounts,
        renewed: fit.renewed,
        churned: fit.accounts - fit.renewed,
        without_outcome: fit.without_outcome,
        without_account: fit.without_account,
        unscored: fit.unscored,
        snapshot_dates: dates(fit.snapshots),
        renewal_dates: dates(fit.renewals),
        renewed_before_snapshot: fit.renewed_before_snapshot,
        seed: fit.seed,
        at_risk: fit.at_risk.map(|a| a * 100.0),
        lambda: fit.lambda,
        overrides_dropped: fit.overrides_dropped,
        cross_validation: CrossValidationJson {
            hand: SpreadJson {
                mean: fit.hand_auc.mean,
                sd: fit.hand_auc.sd,
            },
            fitted: SpreadJson {
                mean: fit.fitted_auc.mean,
                sd: fit.fitted_auc.sd,
            },
            folds: fit
                .folds
                .iter()
                .map(|f| FoldJson {
                    accounts: f.accounts,
                    churned: f.churned,
                    hand: f.hand,
                    fitted: f.fitted,
                    lambda: f.lambda,
                })
                .collect(),
        },
        out_of_time,
        signals,
        tiers,
        notes: notes(hand, fit),
    };
    let mut bytes = serde_json::to_vec_pretty(&doc)?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn auc3(x: f64) -> String {
    format!("{x:.3}")
}

fn signed(x: f64) -> String {
    if x.abs() < 0.0005 {
        "±0.000".into()
    } else {
        format!("{x:+.3}")
    }
}

fn pct(x: Option<f64>) -> String {
    x.map_or("-".into(), |x| format!("{:.1}%", x * 100.0))
}

/// The fitted points in a few words: `10→0, 40→65, 70→100`, `range 0–20`, a category map.
fn shape(n: &Normalisation) -> String {
    match n {
        Normalisation::Thresholds { points, .. } => points
            .iter()
            .map(|&(x, y)| format!("{}→{}", fmt_num_exact(x), fmt_num_exact(y)))
            .collect::<Vec<_>>()
            .join(", "),
        Normalisation::Range { min, max, .. } => {
            format!("range {}–{}", fmt_num_exact(*min), fmt_num_exact(*max))
        }
        Normalisation::Percentile { .. } => "percentile".into(),
        Normalisation::YesNo { yes, no } => {
            format!("yes {}, no {}", fmt_num_exact(*yes), fmt_num_exact(*no))
        }
        Normalisation::Category { map } => map
            .iter()
            .map(|(k, v)| format!("{k} {}", fmt_num_exact(*v)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The one walk of the table and Markdown reports.
fn walk(hand: &ValidModel, fit: &Fit, written: Option<&str>, skin: &mut dyn Skin) {
    let churned = fit.accounts - fit.renewed;
    skin.heading(&format!(
        "{}: weights and cut-offs fitted from renewals",
        hand.about.title
    ));
    skin.paragraph(&[plain(format!(
        "Hand model `{}` {} → fitted {}. {} accounts with an outcome ({} renewed, {} churned){}; {} folds, seed {}.",
        hand.about.id,
        hand.about.version,
        fit.model.about.version,
        count(fit.accounts as u64),
        count(fit.renewed as u64),
        count(churned as u64),
        fit.renewals
            .map_or(String::new(), |(a, b)| format!(", renewals {a} to {b}")),
        fit.folds.len(),
        fit.seed
    ))]);
    skin.part();
    skin.heading("Held-out AUC (scored with the arithmetic of `health score`)");
    let mut rows = vec![Row {
        cells: vec![
            plain(format!(
                "{}-fold cross-validation (mean ± SD)",
                fit.folds.len()
            )),
            plain(format!(
                "{} ± {:.3}",
                auc3(fit.hand_auc.mean),
                fit.hand_auc.sd
            )),
            plain(format!(
                "{} ± {:.3}",
                auc3(fit.fitted_auc.mean),
                fit.fitted_auc.sd
            )),
            diff(fit.fitted_auc.mean - fit.hand_auc.mean),
        ],
        strong: true,
    }];
    if let OutOfTime::Done {
        from,
        test,
        hand: h,
        fitted: f,
        ..
    } = &fit.out_of_time
    {
        rows.push(Row {
            cells: vec![
                plain(format!(
                    "out of time: {} renewals from {from}",
                    count(*test as u64)
                )),
                plain(auc3(h.auc)),
                plain(auc3(f.auc)),
                diff(f.auc - h.auc),
            ],
            strong: false,
        });
    }
    skin.table(
        &[
            column("", Align::Left),
            column("hand", Align::Right),
            column("fitted", Align::Right),
            column("change", Align::Right),
        ],
        &rows,
    );
    skin.note(&format!(
        "Folds (hand / fitted): {}. AUC: the chance a renewing account scores above a churning one.",
        fit.folds
            .iter()
            .map(|f| format!("{:.3} / {:.3}", f.hand, f.fitted))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    skin.part();
    skin.heading("Signals");
    let rows: Vec<Row> = hand
        .signals
        .iter()
        .zip(&fit.signals)
        .map(|(s, r)| {
            let lost = |drop: Option<f64>, full: f64| drop.map_or("-".into(), |d| signed(d - full));
            let missing = if r.missing == r.hand_missing {
                missing_name(r.missing).to_string()
            } else {
                format!(
                    "{} → {}",
                    missing_name(r.hand_missing),
                    missing_name(r.missing)
                )
            };
            Row {
                cells: vec![
                    if r.against {
                        styled(format!("{} !", s.id), Style::Bad)
                    } else {
                        plain(s.id.clone())
                    },
                    plain(fmt_num_exact(r.hand_weight)),
                    if r.weight == 0 {
                        styled("0", Style::Dim)
                    } else {
                        plain(r.weight.to_string())
                    },
                    plain(lost(r.hand_drop_one, fit.hand_auc.mean)),
                    plain(lost(r.fitted_drop_one, fit.fitted_auc.mean)),
                    plain(missing),
                ],
                strong: false,
            }
        })
        .collect();
    skin.table(
        &[
            column("signal", Align::Left),
            column("hand weight", Align::Right),
            column("fitted weight", Align::Right),
            column("AUC without it, hand", Align::Right),
            column("fitted", Align::Right),
            column("missing cells", Align::Left),
        ],
        &rows,
    );
    let against = if fit.signals.iter().any(|r| r.against) {
        " ! the data runs against the signal's `better` (below)."
    } else {
        ""
    };
    skin.note(&format!("AUC without it: the held-out AUC with the signal at weight 0, less the model's own (drop-one).{against}"));
    skin.part();
    skin.heading("Fitted points (value → points)");
    let items: Vec<Item> = hand
        .signals
        .iter()
        .zip(&fit.signals)
        .zip(&fit.model.signals)
        .map(|((s, r), f)| Item {
            head: vec![
                styled(format!("{}: ", s.id), Style::Strong),
                if r.weight == 0 {
                    styled("weight 0, the hand model's points kept", Style::Dim)
                } else {
                    plain(shape(&f.normalisation))
                },
            ],
            body: None,
        })
        .collect();
    skin.list(false, &items);
    skin.part();
    skin.heading("Tiers");
    let rows: Vec<Row> = hand
        .tiers
        .iter()
        .zip(&fit.tiers)
        .map(|(t, r)| Row {
            cells: vec![
                plain(t.name.clone()),
                plain(format!(
                    "{} → {}",
                    fmt_num_exact(r.hand_min),
                    fmt_num_exact(r.min)
                )),
                plain(format!(
                    "{:.1}% / {:.1}%",
                    r.hand_share * 100.0,
                    r.share * 100.0
                )),
                plain(format!(
                    "{} / {}",
                    pct(r.hand.renewal_rate()),
                    pct(r.fitted.renewal_rate())
                )),
                plain(format!("{} / {}", r.hand.accounts, r.fitted.accounts)),
            ],
            strong: false,
        })
        .collect();
    skin.table(
        &[
            column("tier", Align::Left),
            column("cut-off", Align::Right),
            column("accounts, hand / fitted", Align::Right),
            column("renewal rate, hand / fitted", Align::Right),
            column("held out", Align::Right),
        ],
        &rows,
    );
    skin.note(&match fit.at_risk {
        None => "Cut-offs keep each tier's share of accounts (staffing stays the same; --at-risk sets the lowest tier's). Renewal rates are of held-out accounts.".to_string(),
        Some(a) => {
            let held = fit.tiers.first().map_or(0.0, |t| t.share);
            let tie = if (held - a).abs() >= 0.01 {
                " (scores tie at whole points)"
            } else {
                ""
            };
            format!(
                "The lowest tier's cut-off aims at {}% of the accounts (--at-risk): it holds {}{tie}; the higher cut-offs keep the share of accounts below them as under the hand model. Renewal rates are of held-out accounts.",
                crate::text::fmt_num(a * 100.0),
                pct(Some(held))
            )
        }
    });
    let notes = notes(hand, fit);
    if !notes.is_empty() {
        skin.part();
        skin.heading("Before adopting it");
        let items: Vec<Item> = notes.into_iter().map(Item::line).collect();
        skin.list(false, &items);
    }
    skin.part();
    skin.paragraph(&[plain(match written {
        Some(p) => format!(
            "The fitted model is in {p}: review it, then `cs-scorecard check {p}` and `cs-scorecard health score {p} ACCOUNTS.csv`."
        ),
        None => "The fitted model was not written: add --output FITTED.toml to keep it.".into(),
    })]);
}

fn diff(x: f64) -> Span {
    let text = signed(x);
    if x >= 0.0005 {
        styled(text, Style::Good)
    } else if x <= -0.0005 {
        styled(text, Style::Bad)
    } else {
        plain(text)
    }
}

/// Every account's scores as CSV: `account, fold, renewed, hand_score, hand_tier,
/// held_out_score, held_out_tier, fitted_score, fitted_tier` (docs/health.md).
pub fn scores_csv(hand: &ValidModel, fit: &Fit, sample: &Sample) -> Vec<u8> {
    let mut w = csv_writer();
    let _ = w.write_record([
        "account",
        "fold",
        "renewed",
        "hand_score",
        "hand_tier",
        "held_out_score",
        "held_out_tier",
        "fitted_score",
        "fitted_tier",
    ]);
    let tier = |m: &[String], t: Option<usize>| t.map_or(String::new(), |t| m[t].clone());
    let hand_tiers: Vec<String> = hand.tiers.iter().map(|t| t.id.clone()).collect();
    let fit_tiers: Vec<String> = fit.model.tiers.iter().map(|t| t.id.clone()).collect();
    let score = |s: Option<f64>| s.map_or(String::new(), num);
    for (i, a) in sample.accounts.iter().enumerate() {
        let _ = w.write_record([
            safe(&a.id).as_ref(),
            &fit.fold_of[i].to_string(),
            if sample.renewed[i] { "yes" } else { "no" },
            &score(a.score),
            &safe(&tier(&hand_tiers, a.tier)),
            &score(fit.held_out[i].0),
            &safe(&tier(&fit_tiers, fit.held_out[i].1)),
            &score(fit.scores[i].0),
            &safe(&tier(&fit_tiers, fit.scores[i].1)),
        ]);
    }
    csv_bytes(w)
}

/// The report for the terminal.
pub fn table(
    hand: &ValidModel,
    fit: &Fit,
    written: Option<&str>,
    options: &ReportOptions,
) -> Vec<u8> {
    let mut skin = markup::skin(false, options);
    walk(hand, fit, written, skin.as_mut());
    skin.finish()
}

/// The report in Markdown.
pub fn markdown(
    hand: &ValidModel,
    fit: &Fit,
    written: Option<&str>,
    options: &ReportOptions,
) -> Vec<u8> {
    let mut skin = markup::skin(true, options);
    walk(hand, fit, written, skin.as_mut());
    skin.finish()
}
