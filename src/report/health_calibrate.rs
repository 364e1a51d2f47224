//! The calibration report of `health calibrate`, in a CS leader's words:
//! one positive class (churn) everywhere; what the lowest tier caught and
//! how many of its flags renewed, against flagging nobody, in accounts and in
//! ARR; the cut-offs as a trade-off (accounts and ARR flagged at each);
//! intervals on rates and small samples marked; each signal alone and left
//! out. A table, JSON, CSV and an HTML page with an inline SVG ROC curve
//! (the model's cut-offs marked) and the renewal rate by score decile. Pure.
//! The table and the page read one [`View`]; the JSON document comes from
//! view structs (docs/health.md documents its fields).

use comfy_table::{Cell, CellAlignment, Table};
use serde::Serialize;

use super::common::{self, ReportOptions, cell_text, new_table};
use super::health::{count, csv_bytes, csv_writer, money, num, safe};
use crate::health::calibrate::{
    Auc, Calibration, Confusion, Cutoff, Decile, MIN_ACCOUNTS, MIN_CHURNED, Share, TierOutcome,
};
use crate::health::model::ValidModel;
use crate::text::printable;

const TEMPLATE: &str = include_str!("templates/health_calibrate.html");

fn pct(x: Option<f64>) -> String {
    x.map_or("-".into(), |x| format!("{:.1}%", x * 100.0))
}

/// "53.0% (47.1–58.8%)": a share with its Wilson interval.
fn share_text(s: Share) -> String {
    match (s.value(), s.interval()) {
        (Some(v), Some((lo, hi))) => {
            format!("{:.1}% ({:.1}–{:.1}%)", v * 100.0, lo * 100.0, hi * 100.0)
        }
        _ => "-".into(),
    }
}

/// " (95% CI 47.1–58.8%)", or nothing without an interval.
fn ci(s: Share) -> String {
    s.interval().map_or(String::new(), |(lo, hi)| {
        format!(" (95% CI {:.1}–{:.1}%)", lo * 100.0, hi * 100.0)
    })
}

fn auc_text(a: Option<&Auc>) -> String {
    a.map_or("- (needs renewals and churn)".into(), |a| {
        format!("{:.3} (95% CI {:.3}–{:.3})", a.auc, a.low, a.high)
    })
}

fn reading(a: &Auc) -> &'static str {
    if a.inverted() {
        "inverted"
    } else if a.auc >= 0.8 {
        "strong"
    } else if a.auc >= 0.7 {
        "useful"
    } else if a.auc >= 0.6 {
        "weak"
    } else if a.auc > 0.5 {
        "barely better than chance"
    } else {
        "no better than chance"
    }
}

/// Whether a group is too small to read a churn figure from.
fn small(accounts: u64, churned: u64) -> bool {
    accounts < MIN_ACCOUNTS || churned < MIN_CHURNED
}

/// The confusion matrix in JSON (positive = churn).
#[derive(Debug, Serialize)]
pub struct ConfusionJson {
    /// Flagged and churned.
    pub true_positive: u64,
    /// Flagged but renewed.
    pub false_positive: u64,
    /// Not flagged but churned.
    pub false_negative: u64,
    /// Not flagged and renewed.
    pub true_negative: u64,
    /// FP / (FP + TN): renewing accounts flagged.
    pub false_positive_rate: Option<f64>,
    /// FN / (FN + TP): churn missed.
    pub false_negative_rate: Option<f64>,
    /// (TP + TN) / all.
    pub accuracy: Option<f64>,
    /// Accounts flagged.
    pub flagged: u64,
    /// TP / (TP + FN): the churners caught (recall).
    pub caught: Option<f64>,
    /// Its 95% Wilson interval.
    pub caught_interval: Option<[f64; 2]>,
    /// FP / (TP + FP): the flagged accounts that renewed (1 − precision).
    pub flagged_renewed: Option<f64>,
    /// Its 95% Wilson interval.
    pub flagged_renewed_interval: Option<[f64; 2]>,
    /// The accuracy of flagging nobody: the share that renewed.
    pub baseline_accuracy: Option<f64>,
    /// ARR flagged (null without an ARR column).
    pub flagged_arr: Option<f64>,
    /// ARR that churned (null without an ARR column).
    pub churned_arr: Option<f64>,
    /// The share of churned ARR that was flagged (null without an ARR column).
    pub churned_arr_caught: Option<f64>,
    /// Fewer than 30 accounts or 10 churned: read with care.
    pub small_sample: bool,
}

fn interval(s: Share) -> Option<[f64; 2]> {
    s.interval().map(|(a, b)| [a, b])
}

fn confusion_json(c: &Confusion, has_arr: bool) -> ConfusionJson {
    let arr = |x: f64| has_arr.then_some(x);
    ConfusionJson {
        true_positive: c.true_positive,
        false_positive: c.false_positive,
        false_negative: c.false_negative,
        true_negative: c.true_negative,
        false_positive_rate: c.false_positive_rate(),
        false_negative_rate: c.false_negative_rate(),
        accuracy: c.accuracy(),
        flagged: c.flagged(),
        caught: c.caught().value(),
        caught_interval: interval(c.caught()),
        flagged_renewed: c.false_alarms().value(),
        flagged_renewed_interval: interval(c.false_alarms()),
        baseline_accuracy: c.baseline_accuracy(),
        flagged_arr: arr(c.flagged_arr()),
        churned_arr: arr(c.arr_true_positive + c.arr_false_negative),
        churned_arr_caught: if has_arr {
            c.churned_arr_caught()
        } else {
            None
        },
        small_sample: small(c.total(), c.true_positive + c.false_negative),
    }
}

/// AUC in JSON.
#[derive(Debug, Serialize)]
pub struct AucJson {
    /// The area under the ROC curve: P(a churning account scores lower than a renewing one).
    pub auc: f64,
    /// 95% interval, lower bound.
    pub low: f64,
    /// 95% interval, upper bound.
    pub high: f64,
    /// Renewing accounts counted.
    pub renewed: u64,
    /// Churning accounts counted.
    pub churned: u64,
    /// Whether the whole interval lies below 0.5 (churners score higher).
    pub inverted: bool,
}

impl From<&Auc> for AucJson {
    fn from(a: &Auc) -> Self {
        AucJson {
            auc: a.auc,
            low: a.low,
            high: a.high,
            renewed: a.renewed,
            churned: a.churned,
            inverted: a.inverted(),
        }
    }
}

/// One signal's evidence in JSON.
#[derive(Debug, Serialize)]
pub struct SignalJson<'a> {
    /// Signal id.
    pub signal: &'a str,
    /// Its weight in the model (before overrides).
    pub weight: f64,
    /// Its AUC alone, over the accounts where its cell has data and its weight
    /// after overrides is above 0.
    pub auc: Option<AucJson>,
    /// The model's AUC with this signal left out.
    pub auc_without: Option<AucJson>,
    /// `auc_without` minus the model's AUC: below 0, the signal helps the model.
    pub auc_change_without: Option<f64>,
}

/// One tier's outcomes in JSON.
#[derive(Debug, Serialize)]
pub struct TierJson<'a> {
    /// Tier id.
    pub tier: &'a str,
    /// Accounts with an outcome.
    pub accounts: u64,
    /// Renewed.
    pub renewed: u64,
    /// Renewed / accounts.
    pub renewal_rate: Option<f64>,
    /// Its 95% Wilson interval.
    pub renewal_rate_interval: Option<[f64; 2]>,
    /// Expanded.
    pub expanded: u64,
    /// Expanded / accounts whose expansion is known.
    pub expansion_rate: Option<f64>,
    /// ARR of its accounts (null without an ARR column).
    pub arr: Option<f64>,
    /// ARR of its accounts that churned (null without an ARR column).
    pub churned_arr: Option<f64>,
    /// Fewer than 30 accounts: read with care.
    pub small_sample: bool,
}

/// A segment's forecast in JSON.
#[derive(Debug, Serialize)]
pub struct SegmentJson<'a> {
    /// Segment.
    pub segment: &'a str,
    /// The lowest tier as a churn forecast in this segment.
    pub forecast: ConfusionJson,
}

/// A cut-off in JSON.
#[derive(Debug, Serialize)]
pub struct CutoffJson {
    /// Flag accounts scoring below this.
    pub below: f64,
    /// Sensitivity + specificity − 1.
    pub youden_j: f64,
    /// The forecast at this cut-off.
    pub forecast: ConfusionJson,
}

/// A tier's cut-off as a forecast in JSON.
#[derive(Debug, Serialize)]
pub struct TierCutoffJson<'a> {
    /// The tier whose min it is.
    pub tier: &'a str,
    /// Flag accounts scoring below this.
    pub below: f64,
    /// The forecast.
    pub forecast: ConfusionJson,
}

/// A score decile in JSON.
#[derive(Debug, Serialize)]
pub struct DecileJson {
    /// Lowest score in it.
    pub min: f64,
    /// Highest score in it.
    pub max: f64,
    /// Accounts.
    pub accounts: u64,
    /// Renewal rate.
    pub renewal_rate: f64,
}

impl From<&Decile> for DecileJson {
    fn from(d: &Decile) -> Self {
        DecileJson {
            min: d.min,
            max: d.max,
            accounts: d.accounts,
            renewal_rate: d.renewal_rate,
        }
    }
}

/// The calibration in JSON: one document (docs/health.md).
#[derive(Debug, Serialize)]
pub struct CalibrationJson<'a> {
    /// Model id.
    pub model: &'a str,
    /// Model version.
    pub model_version: &'a str,
    /// The positive class of every forecast: "churn".
    pub positive_class: &'static str,
    /// Accounts with a tier and an outcome.
    pub matched: u64,
    /// Accounts with a tier and no outcome.
    pub without_outcome: u64,
    /// Outcomes whose account is not in the snapshot.
    pub without_account: u64,
    /// Accounts with an outcome but insufficient data for a tier, left out.
    pub insufficient_data: u64,
    /// The score's AUC, null without both renewals and churn.
    pub auc: Option<AucJson>,
    /// Each signal's evidence.
    pub signals: Vec<SignalJson<'a>>,
    /// Outcomes per tier, lowest first.
    pub tiers: Vec<TierJson<'a>>,
    /// Whether every tier renews at least as often as the tiers below it.
    pub tiers_in_order: bool,
    /// Pairs `[lower, higher]` of tier ids where the lower tier renews more.
    pub misordered: Vec<[&'a str; 2]>,
    /// Whether the outcomes say anything of expansion.
    pub expansion_data: bool,
    /// The lowest tier as a churn forecast.
    pub forecast: ConfusionJson,
    /// The same per segment.
    pub forecast_by_segment: Vec<SegmentJson<'a>>,
    /// The model's cut-off (the second tier's min).
    pub model_cutoff: Option<f64>,
    /// The forecast "score below the model's cut-off".
    pub at_model_cutoff: Option<ConfusionJson>,
    /// Every tier's min as a cut-off, from the second tier up.
    pub cutoffs: Vec<TierCutoffJson<'a>>,
    /// The cut-off by Youden's J (null when the sample is too small to suggest one).
    pub best_cutoff: Option<CutoffJson>,
    /// Why no cut-off is suggested, when none is.
    pub best_cutoff_withheld: Option<&'a str>,
    /// Renewal rate by score decile (ties kept together).
    pub deciles: Vec<DecileJson>,
}

/// The calibration as one JSON document.
pub fn json(model: &ValidModel, c: &Calibration) -> Vec<u8> {
    let a = c.has_arr;
    let arr = |x: f64| a.then_some(x);
    let doc = CalibrationJson {
        model: &model.about.id,
        model_version: &model.about.version,
        positive_class: "churn",
        matched: c.matched,
        without_outcome: c.without_outcome,
        without_account: c.without_account,
        insufficient_data: c.insufficient,
        auc: c.auc.as_ref().map(AucJson::from),
        signals: model
            .signals
            .iter()
            .zip(&c.signals)
            .map(|(s, e)| SignalJson {
                signal: &s.id,
                weight: s.weight,
                auc: e.alone.as_ref().map(AucJson::from),
                auc_without: e.without.as_ref().map(AucJson::from),
                auc_change_without: e.without.zip(c.auc).map(|(w, m)| w.auc - m.auc),
            })
            .collect(),
        tiers: model
            .tiers
            .iter()
            .zip(&c.tiers)
            .map(|(t, o)| TierJson {
                tier: &t.id,
                accounts: o.accounts,
                renewed: o.renewed,
                renewal_rate: o.renewal_rate(),
                renewal_rate_interval: interval(o.renewals()),
                expanded: o.expanded,
                expansion_rate: o.expansion_rate(),
                arr: arr(o.arr),
                churned_arr: arr(o.churned_arr),
                small_sample: o.accounts < MIN_ACCOUNTS,
            })
            .collect(),
        tiers_in_order: c.misordered.is_empty(),
        misordered: c
            .misordered
            .iter()
            .map(|(x, y)| [model.tiers[*x].id.as_str(), model.tiers[*y].id.as_str()])
            .collect(),
        expansion_data: c.expansion_known,
        forecast: confusion_json(&c.forecast, a),
        forecast_by_segment: c
            .segments
            .iter()
            .zip(&c.forecast_by_segment)
            .map(|(s, f)| SegmentJson {
                segment: s,
                forecast: confusion_json(f, a),
            })
            .collect(),
        model_cutoff: c.model_cutoff,
        at_model_cutoff: c.at_model_cutoff.as_ref().map(|f| confusion_json(f, a)),
        cutoffs: c
            .cutoffs
            .iter()
            .map(|(t, f)| TierCutoffJson {
                tier: &model.tiers[*t].id,
                below: model.tiers[*t].min,
                forecast: confusion_json(f, a),
            })
            .collect(),
        best_cutoff: c.best.as_ref().map(|b: &Cutoff| CutoffJson {
            below: b.below,
            youden_j: b.youden_j,
            forecast: confusion_json(&b.confusion, a),
        }),
        best_cutoff_withheld: c.best_withheld.as_deref(),
        deciles: c.deciles.iter().map(DecileJson::from).collect(),
    };
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    out.push(b'\n');
    out
}

/// Long-format CSV: `section,name,metric,value`.
pub fn csv(model: &ValidModel, c: &Calibration) -> Vec<u8> {
    let mut w = csv_writer();
    let _ = w.write_record(["section", "name", "metric", "value"]);
    let mut push = |a: &str, b: &str, m: &str, v: Option<f64>| {
        let value = v.map(num).unwrap_or_default();
        let _ = w.write_record([a, safe(b).as_ref(), m, value.as_str()]);
    };
    if let Some(a) = &c.auc {
        push("score", "", "auc", Some(a.auc));
        push("score", "", "auc_low", Some(a.low));
        push("score", "", "auc_high", Some(a.high));
    }
    for (s, e) in model.signals.iter().zip(&c.signals) {
        push("signal", &s.id, "auc", e.alone.as_ref().map(|a| a.auc));
        push(
            "signal",
            &s.id,
            "auc_without",
            e.without.as_ref().map(|a| a.auc),
        );
    }
    for (t, o) in model.tiers.iter().zip(&c.tiers) {
        push("tier", &t.id, "accounts", Some(o.accounts as f64));
        push("tier", &t.id, "renewal_rate", o.renewal_rate());
        if c.expansion_known {
            push("tier", &t.id, "expansion_rate", o.expansion_rate());
        }
        if c.has_arr {
            push("tier", &t.id, "churned_arr", Some(o.churned_arr));
        }
    }
    let forecasts = std::iter::once(("all", &c.forecast)).chain(
        c.segments
            .iter()
            .map(String::as_str)
            .zip(&c.forecast_by_segment),
    );
    for (name, f) in forecasts {
        push(
            "forecast",
            name,
            "false_positive_rate",
            f.false_positive_rate(),
        );
        push(
            "forecast",
            name,
            "false_negative_rate",
            f.false_negative_rate(),
        );
        push("forecast", name, "accuracy", f.accuracy());
        push("forecast", name, "caught", f.caught().value());
        push(
            "forecast",
            name,
            "flagged_renewed",
            f.false_alarms().value(),
        );
        push("forecast", name, "baseline_accuracy", f.baseline_accuracy());
        if c.has_arr {
            push(
                "forecast",
                name,
                "churned_arr_caught",
                f.churned_arr_caught(),
            );
        }
    }
    if let Some(b) = &c.best {
        push("cutoff", "best", "below", Some(b.below));
        push("cutoff", "best", "youden_j", Some(b.youden_j));
        push(
            "cutoff",
            "best",
            "flagged",
            Some(b.confusion.flagged() as f64),
        );
    }
    push("cutoff", "model", "below", c.model_cutoff);
    for (t, f) in &c.cutoffs {
        let id = &model.tiers[*t].id;
        push("cutoff", id, "below", Some(model.tiers[*t].min));
        push("cutoff", id, "flagged", Some(f.flagged() as f64));
        push("cutoff", id, "caught", f.caught().value());
        if c.has_arr {
            push("cutoff", id, "flagged_arr", Some(f.flagged_arr()));
        }
    }
    csv_bytes(w)
}

/// What the table and the page show, worked out once.
#[derive(Debug, Serialize)]
struct View {
    title: String,
    id: String,
    version: String,
    /// "1,000 accounts with a tier and an outcome (…)".
    counts: String,
    /// "Score AUC …: 0.807 (95% CI …), strong: …".
    auc_line: String,
    /// Said when the score is inverted.
    inverted: Option<String>,
    has_arr: bool,
    expansion: bool,
    tiers: Vec<TierView>,
    /// Lines under the tier table.
    tier_lines: Vec<String>,
    /// The lowest tier's name.
    first: String,
    /// Sentences on the forecast.
    forecast_lines: Vec<String>,
    forecasts: Vec<ForecastView>,
    cutoffs: Vec<CutoffRow>,
    /// Sentences on the cut-offs.
    cutoff_lines: Vec<String>,
    signals: Vec<SignalView>,
    /// Lines under the signal table.
    signal_lines: Vec<String>,
    /// The small-sample mark's meaning.
    small_note: String,
}

#[derive(Debug, Serialize)]
struct TierView {
    name: String,
    accounts: String,
    renewed: String,
    renewal_rate: String,
    churned_arr: String,
    expansion_rate: String,
}

#[derive(Debug, Serialize)]
struct ForecastView {
    /// The segment, or "(all)", with the small-sample mark.
    name: String,
    all: bool,
    cells: [String; 7],
}

#[derive(Debug, Serialize)]
struct CutoffRow {
    label: String,
    flagged: String,
    arr: String,
    caught: String,
    renewed: String,
    fp: String,
    fn_: String,
}

#[derive(Debug, Serialize)]
struct SignalView {
    id: String,
    weight: String,
    auc: String,
    accounts: String,
    without: String,
    change: String,
}

const SMALL: &str = " †";

fn forecast(name: &str, all: bool, f: &Confusion) -> ForecastView {
    let churned = f.true_positive + f.false_negative;
    let mark = if small(f.total(), churned) { SMALL } else { "" };
    ForecastView {
        name: format!("{name}{mark}"),
        all,
        cells: [
            count(f.total()),
            count(churned),
            pct(f.caught().value()),
            pct(f.false_alarms().value()),
            pct(f.false_positive_rate()),
            pct(f.accuracy()),
            pct(f.baseline_accuracy()),
        ],
    }
}

fn cutoff_row(label: String, f: &Confusion, has_arr: bool) -> CutoffRow {
    CutoffRow {
        label,
        flagged: count(f.flagged()),
        arr: if has_arr {
            money(f.flagged_arr())
        } else {
            String::new()
        },
        caught: pct(f.caught().value()),
        renewed: pct(f.false_alarms().value()),
        fp: count(f.false_positive),
        fn_: count(f.false_negative),
    }
}

fn tier_view(
    t: &crate::health::model::ValidTier,
    o: &TierOutcome,
    iso: fn(&str) -> String,
) -> TierView {
    let mark = if o.accounts < MIN_ACCOUNTS { SMALL } else { "" };
    TierView {
        name: format!("{}{mark}", iso(&t.name)),
        accounts: count(o.accounts),
        renewed: count(o.renewed),
        renewal_rate: share_text(o.renewals()),
        churned_arr: money(o.churned_arr),
        expansion_rate: pct(o.expansion_rate()),
    }
}

impl View {
    /// `iso` isolates file text inside sentences where the view is shown in a
    /// page ([`common::isolate`]), and is the identity for the terminal.
    fn of(model: &ValidModel, c: &Calibration, iso: fn(&str) -> String) -> View {
        let first = model
            .tiers
            .first()
            .map_or("the lowest tier".into(), |t| iso(&t.name));
        let counts = format!(
            "{} accounts with a tier and an outcome ({} without an outcome, {} with insufficient data for a tier left out, {} outcomes without an account)",
            count(c.matched),
            count(c.without_outcome),
            count(c.insufficient),
            count(c.without_account)
        );
        let auc_line = match &c.auc {
            Some(a) => format!(
                "Score AUC, churn against renewal: {}, {}: a churning account scores below a renewing one {:.0}% of the time (0.5 is chance).",
                auc_text(Some(a)),
                reading(a),
                a.auc * 100.0
            ),
            None => format!("Score AUC: {}.", auc_text(None)),
        };
        let inverted = c.auc.filter(Auc::inverted).map(|a| {
            format!(
                "The score is inverted: churning accounts score higher than renewing ones, beyond chance (the whole interval, {:.3}–{:.3}, lies below 0.5). Check each signal's `better` (higher or lower is healthier) against the signals below before using the tiers.",
                a.low, a.high
            )
        });
        let mut tier_lines: Vec<String> = if c.misordered.is_empty() {
            vec!["Tiers are in order: each renews at least as often as the tier below it.".into()]
        } else {
            c.misordered
                .iter()
                .map(|(a, b)| {
                    format!(
                        "Out of order: {} renews more ({}) than {} ({}).",
                        iso(&model.tiers[*a].name),
                        pct(c.tiers[*a].renewal_rate()),
                        iso(&model.tiers[*b].name),
                        pct(c.tiers[*b].renewal_rate())
                    )
                })
                .collect()
        };
        if !c.expansion_known {
            tier_lines.push("The outcomes have no expansion data (no `expanded` column, or every cell empty): no expansion rate is shown.".into());
        }
        let churned_arr: f64 = c.tiers.iter().map(|t| t.churned_arr).sum();
        if c.has_arr && churned_arr > 0.0 && model.tiers.len() >= 3 {
            let upper: Vec<String> = model.tiers[2..].iter().map(|t| iso(&t.name)).collect();
            let sitting: f64 = c.tiers[2..].iter().map(|t| t.churned_arr).sum();
            tier_lines.push(format!(
                "Churned ARR {} in all; {} of it ({:.0}%) sat in {}.",
                money(churned_arr),
                money(sitting),
                sitting / churned_arr * 100.0,
                upper.join(" and ")
            ));
        }
        let f = &c.forecast;
        let mut forecast_lines = vec![format!(
            "{first} caught {} of the churners{}; {} of the {} accounts it flagged renewed{}.",
            pct(f.caught().value()),
            ci(f.caught()),
            pct(f.false_alarms().value()),
            count(f.flagged()),
            ci(f.false_alarms())
        )];
        forecast_lines.push(format!(
            "It was right about {} of the accounts; flagging nobody would be right about {} (the share that renewed).",
            pct(f.accuracy()),
            pct(f.baseline_accuracy())
        ));
        if c.has_arr {
            if let Some(share) = f.churned_arr_caught() {
                forecast_lines.push(format!(
                    "In ARR: it flagged {} of the churned ARR ({} of {}), and {} in all.",
                    pct(Some(share)),
                    money(f.arr_true_positive),
                    money(f.arr_true_positive + f.arr_false_negative),
                    money(f.flagged_arr())
                ));
            }
        }
        let mut cutoffs: Vec<CutoffRow> = c
            .cutoffs
            .iter()
            .map(|(t, f)| {
                let tier = &model.tiers[*t];
                let label = format!(
                    "below {} ({}'s min{})",
                    num(tier.min),
                    iso(&tier.name),
                    if *t == 1 {
                        format!(": {first} now")
                    } else {
                        String::new()
                    }
                );
                cutoff_row(label, f, c.has_arr)
            })
            .collect();
        let mut cutoff_lines = Vec::new();
        match (&c.best, &c.at_model_cutoff, c.model_cutoff) {
            (Some(b), Some(m), Some(cut)) => {
                cutoffs.push(cutoff_row(
                    format!("below {} (Youden's J = {:.3})", num(b.below), b.youden_j),
                    &b.confusion,
                    c.has_arr,
                ));
                let more = b.confusion.flagged() as i64 - m.flagged() as i64;
                let caught = b.confusion.true_positive as i64 - m.true_positive as i64;
                // The tier's own SLA, and those overrides give some accounts in it.
                let mut sla = model.tiers[0].sla.clone();
                for o in &model.overrides {
                    if let Some(other) = o
                        .playbooks
                        .iter()
                        .find(|p| p.0 == 0)
                        .and_then(|p| p.1.as_ref())
                    {
                        let whom = match (&o.segment, &o.plan) {
                            (Some(s), Some(p)) => format!("{} on plan {}", iso(s), iso(p)),
                            (Some(s), None) => iso(s),
                            (None, Some(p)) => format!("plan {}", iso(p)),
                            (None, None) => continue,
                        };
                        sla.push_str(&format!("; {whom}: {other}"));
                    }
                }
                cutoff_lines.push(format!(
                    "Youden's J separates churn from renewal best below {}; {first} now means below {}. Moving the cut-off there would flag {} {} accounts{} and catch {} {} churners, on {first}'s SLA ({}): a staffing decision as much as a statistical one.",
                    num(b.below),
                    num(cut),
                    count(more.unsigned_abs()),
                    if more >= 0 { "more" } else { "fewer" },
                    if c.has_arr {
                        format!(
                            " (ARR {}{})",
                            if b.confusion.flagged_arr() >= m.flagged_arr() { "+" } else { "-" },
                            money((b.confusion.flagged_arr() - m.flagged_arr()).abs())
                        )
                    } else {
                        String::new()
                    },
                    count(caught.unsigned_abs()),
                    if caught >= 0 { "more" } else { "fewer" },
                    sla
                ));
                cutoff_lines.push("Nothing is changed: edit the model's tiers to adopt it.".into());
            }
            _ => {
                if let Some(why) = &c.best_withheld {
                    cutoff_lines.push(format!("No cut-off is suggested: {why}."));
                }
            }
        }
        let model_auc = c.auc.map(|a| a.auc);
        let signals: Vec<SignalView> = model
            .signals
            .iter()
            .zip(&c.signals)
            .map(|(s, e)| SignalView {
                id: s.id.clone(),
                weight: num(s.weight),
                auc: match &e.alone {
                    Some(a) if a.inverted() => format!("{} inverted", auc_text(Some(a))),
                    a => auc_text(a.as_ref()),
                },
                accounts: e.alone.map_or("-".into(), |a| count(a.renewed + a.churned)),
                without: e.without.map_or("-".into(), |a| format!("{:.3}", a.auc)),
                change: match (e.without, model_auc) {
                    (Some(w), Some(m)) => format!("{:+.3}", w.auc - m),
                    _ => "-".into(),
                },
            })
            .collect();
        let mut signal_lines = vec![
            "Alone: the signal's points as the only predictor, over the accounts where its cell has data and its weight after overrides is above 0. Without: the model's AUC with the signal left out (a negative change: the model needs it).".to_string(),
        ];
        for (s, e) in model.signals.iter().zip(&c.signals) {
            if let (Some(a), Some(w), Some(m)) = (e.alone, e.without, model_auc) {
                if a.inverted() {
                    signal_lines.push(format!(
                        "{} looks inverted alone ({:.3}), {}",
                        s.id,
                        a.auc,
                        if w.auc < m {
                            format!("yet the model loses {:.3} without it: it helps beside the other signals, so do not flip its `better` on this alone.", m - w.auc)
                        } else {
                            "and the model does as well without it: check its `better`, or drop it.".to_string()
                        }
                    ));
                }
            }
        }
        View {
            title: model.about.title.clone(),
            id: model.about.id.clone(),
            version: model.about.version.clone(),
            counts,
            auc_line,
            inverted,
            has_arr: c.has_arr,
            expansion: c.expansion_known,
            tiers: model
                .tiers
                .iter()
                .zip(&c.tiers)
                .map(|(t, o)| tier_view(t, o, iso))
                .collect(),
            tier_lines,
            forecast_lines,
            forecasts: std::iter::once(forecast("(all)", true, &c.forecast))
                .chain(
                    c.segments
                        .iter()
                        .zip(&c.forecast_by_segment)
                        .map(|(s, f)| forecast(s, false, f)),
                )
                .collect(),
            first,
            cutoffs,
            cutoff_lines,
            signals,
            signal_lines,
            small_note: format!(
                "Churners caught: the churned accounts flagged (1 − FN rate). Flagged, renewed: the flagged accounts that renewed (1 − precision). FP rate: the renewing accounts flagged. Flagging nobody: the accuracy of flagging no account. † small sample (fewer than {MIN_ACCOUNTS} accounts, or fewer than {MIN_CHURNED} churned): read with care."
            ),
        }
    }
}

fn right(text: impl Into<String>) -> Cell {
    Cell::new(text.into()).set_alignment(CellAlignment::Right)
}

/// The calibration for the terminal.
pub fn table(model: &ValidModel, c: &Calibration, options: &ReportOptions) -> Vec<u8> {
    let v = View::of(model, c, str::to_string);
    let paint = options.paint();
    let width = usize::from(options.width);
    let wrap = |s: &str| format!("{}\n", crate::text::wrap(s, width, ""));
    let mut out = format!(
        "{}\n",
        common::title_line(paint, &v.title, &v.id, &v.version)
    );
    out.push_str(&wrap(&v.counts));
    out.push_str(&wrap(&v.auc_line));
    if let Some(i) = &v.inverted {
        out.push_str(&wrap(&paint.bold(i)));
    }
    out.push('\n');
    let mut t: Table = new_table(options);
    let mut header = vec!["Tier", "Accounts", "Renewed", "Renewal rate (95% CI)"];
    if v.has_arr {
        header.push("Churned ARR");
    }
    if v.expansion {
        header.push("Expansion rate");
    }
    t.set_header(header);
    for tier in &v.tiers {
        let mut row = vec![
            Cell::new(cell_text(&tier.name)),
            right(&tier.accounts),
            right(&tier.renewed),
            right(&tier.renewal_rate),
        ];
        if v.has_arr {
            row.push(right(&tier.churned_arr));
        }
        if v.expansion {
            row.push(right(&tier.expansion_rate));
        }
        t.add_row(row);
    }
    out.push_str(&format!("{t}\n"));
    for l in &v.tier_lines {
        out.push_str(&wrap(&printable(l)));
    }
    out.push_str(&format!(
        "\n{} as a churn forecast (positive = churn: flagged means in {}):\n",
        cell_text(&v.first),
        cell_text(&v.first)
    ));
    for l in &v.forecast_lines {
        out.push_str(&wrap(&printable(l)));
    }
    let mut t: Table = new_table(options);
    t.set_header(vec![
        "Segment",
        "Accounts",
        "Churned",
        "Churners caught",
        "Flagged, renewed",
        "FP rate",
        "Accuracy",
        "Flagging nobody",
    ]);
    for f in &v.forecasts {
        let mut row = vec![Cell::new(cell_text(&f.name))];
        row.extend(f.cells.iter().map(right));
        t.add_row(row);
    }
    out.push_str(&format!("{t}\n"));
    out.push_str(&wrap(&v.small_note));
    if !v.cutoffs.is_empty() {
        out.push_str("\nCut-offs as a trade-off (flag the accounts scoring below each):\n");
        let mut t: Table = new_table(options);
        let mut header = vec!["Flag accounts", "Flagged"];
        if v.has_arr {
            header.push("ARR flagged");
        }
        header.extend(["Churners caught", "Flagged, renewed", "FP", "FN"]);
        t.set_header(header);
        for r in &v.cutoffs {
            let mut row = vec![Cell::new(cell_text(&r.label)), right(&r.flagged)];
            if v.has_arr {
                row.push(right(&r.arr));
            }
            row.extend([
                right(&r.caught),
                right(&r.renewed),
                right(&r.fp),
                right(&r.fn_),
            ]);
            t.add_row(row);
        }
        out.push_str(&format!("{t}\n"));
    }
    for l in &v.cutoff_lines {
        out.push_str(&wrap(&printable(l)));
    }
    out.push_str("\nEach signal alone, and the model without it (AUC; 0.5 = chance):\n");
    let mut t: Table = new_table(options);
    t.set_header(vec![
        "Signal",
        "Weight",
        "AUC alone (95% CI)",
        "Accounts",
        "Model without it",
        "Change",
    ]);
    for s in &v.signals {
        t.add_row(vec![
            Cell::new(printable(&s.id)),
            right(&s.weight),
            Cell::new(&s.auc),
            right(&s.accounts),
            right(&s.without),
            right(&s.change),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    for l in &v.signal_lines {
        out.push_str(&wrap(&printable(l)));
    }
    out.into_bytes()
}

/// The ROC curve, its marked cut-offs and the decile bars, drawn in view coordinates.
#[derive(Debug, Serialize)]
struct Charts {
    /// The polyline's points, "x,y x,y …".
    roc: String,
    auc: Option<String>,
    /// The model's cut-offs (and Youden's) on the curve.
    marks: Vec<Mark>,
    bars: Vec<Bar>,
}

#[derive(Debug, Serialize)]
struct Mark {
    x: String,
    y: String,
    label: String,
    label_x: String,
    label_y: String,
    /// Youden's suggestion rather than a tier of the model.
    suggested: bool,
}

#[derive(Debug, Serialize)]
struct Bar {
    x: String,
    y: String,
    width: String,
    height: String,
    centre: String,
    label_y: String,
    rate: String,
    tip: String,
}

impl Charts {
    fn of(model: &ValidModel, c: &Calibration) -> Charts {
        let (w, h, m) = (360.0, 360.0, 40.0);
        let x = |f: f64| m + f * (w - 2.0 * m);
        let y = |t: f64| h - m - t * (h - 2.0 * m);
        let roc = c
            .roc
            .iter()
            .map(|(f, t)| format!("{:.1},{:.1}", x(*f), y(*t)))
            .collect::<Vec<_>>()
            .join(" ");
        let point = |f: &Confusion| {
            (
                f.false_positive_rate().unwrap_or(0.0),
                f.caught().value().unwrap_or(0.0),
            )
        };
        let mut marks: Vec<Mark> = c
            .cutoffs
            .iter()
            .map(|(t, f)| (format!("< {}", num(model.tiers[*t].min)), point(f), false))
            .chain(
                c.best
                    .as_ref()
                    .map(|b| (format!("J: < {}", num(b.below)), point(&b.confusion), true)),
            )
            .map(|(label, (fx, ty), suggested)| Mark {
                x: format!("{:.1}", x(fx)),
                y: format!("{:.1}", y(ty)),
                label_x: format!("{:.1}", x(fx) + 6.0),
                label_y: format!("{:.1}", y(ty) + if suggested { 14.0 } else { -6.0 }),
                label,
                suggested,
            })
            .collect();
        marks.sort_by(|a, b| a.label.cmp(&b.label));
        let (dw, dh) = (520.0, 360.0);
        let n = c.deciles.len().max(1) as f64;
        let bw = (dw - 2.0 * m) / n;
        let bars = c
            .deciles
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let bh = d.renewal_rate * (dh - 2.0 * m);
                let bx = m + i as f64 * bw + 4.0;
                Bar {
                    x: format!("{bx:.1}"),
                    y: format!("{:.1}", dh - m - bh),
                    width: format!("{:.1}", bw - 8.0),
                    height: format!("{bh:.1}"),
                    centre: format!("{:.1}", bx + (bw - 8.0) / 2.0),
                    label_y: format!("{:.1}", dh - m - bh - 4.0),
                    rate: format!("{:.0}%", d.renewal_rate * 100.0),
                    tip: format!(
                        "Group {}: scores {}–{}, {} accounts, {:.1}% renewed",
                        i + 1,
                        num(d.min),
                        num(d.max),
                        count(d.accounts),
                        d.renewal_rate * 100.0
                    ),
                }
            })
            .collect();
        Charts {
            roc,
            auc: c.auc.map(|a| format!("{:.3}", a.auc)),
            marks,
            bars,
        }
    }
}

#[derive(Serialize)]
struct Page<'a> {
    version: &'static str,
    date: &'a str,
    v: &'a View,
    charts: Charts,
}

/// The calibration as a self-contained HTML page.
pub fn html(
    model: &ValidModel,
    c: &Calibration,
    options: &ReportOptions,
) -> anyhow::Result<Vec<u8>> {
    let v = View::of(model, c, common::isolate);
    common::render_page(
        "health_calibrate.html",
        TEMPLATE,
        Page {
            version: env!("CARGO_PKG_VERSION"),
            date: &options.date,
            v: &v,
            charts: Charts::of(model, c),
        },
    )
}
