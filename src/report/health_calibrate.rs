//! The calibration report of `health calibrate`: a table, JSON, CSV and an
//! HTML page with an inline SVG ROC curve and the renewal rate by score
//! decile. Pure. The table and the page read one [`View`]; the JSON document
//! comes from view structs (docs/health.md documents its fields).

use comfy_table::{Cell, CellAlignment, Table};
use serde::Serialize;

use super::common::{self, ReportOptions, cell_text, new_table};
use super::health::{count, csv_bytes, csv_writer, num, safe};
use crate::health::calibrate::{Auc, Calibration, Confusion, Cutoff, Decile};
use crate::health::model::ValidModel;
use crate::text::printable;

const TEMPLATE: &str = include_str!("templates/health_calibrate.html");

fn pct(x: Option<f64>) -> String {
    x.map_or("-".into(), |x| format!("{:.1}%", x * 100.0))
}

fn auc_text(a: Option<&Auc>) -> String {
    a.map_or("- (needs renewals and churn)".into(), |a| {
        format!("{:.3} (95% CI {:.3}–{:.3})", a.auc, a.low, a.high)
    })
}

fn reading(a: f64) -> &'static str {
    if a >= 0.8 {
        "strong"
    } else if a >= 0.7 {
        "useful"
    } else if a >= 0.6 {
        "weak"
    } else if a > 0.5 {
        "barely better than chance"
    } else {
        "no better than chance"
    }
}

/// The confusion matrix in JSON.
#[derive(Debug, Serialize)]
pub struct ConfusionJson {
    /// Flagged At Risk and churned.
    pub true_positive: u64,
    /// Flagged At Risk but renewed.
    pub false_positive: u64,
    /// Not flagged but churned.
    pub false_negative: u64,
    /// Not flagged and renewed.
    pub true_negative: u64,
    /// FP / (FP + TN).
    pub false_positive_rate: Option<f64>,
    /// FN / (FN + TP).
    pub false_negative_rate: Option<f64>,
    /// (TP + TN) / all.
    pub accuracy: Option<f64>,
}

impl From<&Confusion> for ConfusionJson {
    fn from(c: &Confusion) -> Self {
        ConfusionJson {
            true_positive: c.true_positive,
            false_positive: c.false_positive,
            false_negative: c.false_negative,
            true_negative: c.true_negative,
            false_positive_rate: c.false_positive_rate(),
            false_negative_rate: c.false_negative_rate(),
            accuracy: c.accuracy(),
        }
    }
}

/// AUC in JSON.
#[derive(Debug, Serialize)]
pub struct AucJson {
    /// The area under the ROC curve.
    pub auc: f64,
    /// 95% interval, lower bound.
    pub low: f64,
    /// 95% interval, upper bound.
    pub high: f64,
    /// Renewing accounts counted.
    pub renewed: u64,
    /// Churning accounts counted.
    pub churned: u64,
}

impl From<&Auc> for AucJson {
    fn from(a: &Auc) -> Self {
        AucJson {
            auc: a.auc,
            low: a.low,
            high: a.high,
            renewed: a.renewed,
            churned: a.churned,
        }
    }
}

/// One signal's AUC in JSON.
#[derive(Debug, Serialize)]
pub struct SignalJson<'a> {
    /// Signal id.
    pub signal: &'a str,
    /// Its weight in the model.
    pub weight: f64,
    /// Its AUC on its own, over the accounts whose cell has a value.
    pub auc: Option<AucJson>,
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
    /// Expanded.
    pub expanded: u64,
    /// Expanded / accounts whose expansion is known.
    pub expansion_rate: Option<f64>,
}

/// A segment's forecast in JSON.
#[derive(Debug, Serialize)]
pub struct SegmentJson<'a> {
    /// Segment.
    pub segment: &'a str,
    /// The lowest tier as a churn forecast in this segment.
    pub forecast: ConfusionJson,
}

/// The best cut-off in JSON.
#[derive(Debug, Serialize)]
pub struct CutoffJson {
    /// Flag accounts scoring below this.
    pub below: f64,
    /// Sensitivity + specificity − 1.
    pub youden_j: f64,
    /// The forecast at this cut-off.
    pub forecast: ConfusionJson,
}

impl From<&Cutoff> for CutoffJson {
    fn from(b: &Cutoff) -> Self {
        CutoffJson {
            below: b.below,
            youden_j: b.youden_j,
            forecast: ConfusionJson::from(&b.confusion),
        }
    }
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
    /// Accounts with a score and an outcome.
    pub matched: u64,
    /// Accounts scored without an outcome.
    pub without_outcome: u64,
    /// Outcomes whose account is not in the snapshot.
    pub without_account: u64,
    /// The score's AUC, null without both renewals and churn.
    pub auc: Option<AucJson>,
    /// Each signal's AUC.
    pub signals: Vec<SignalJson<'a>>,
    /// Outcomes per tier, lowest first.
    pub tiers: Vec<TierJson<'a>>,
    /// Whether every tier renews at least as often as the tiers below it.
    pub tiers_in_order: bool,
    /// Pairs `[lower, higher]` of tier ids where the lower tier renews more.
    pub misordered: Vec<[&'a str; 2]>,
    /// The lowest tier as a churn forecast.
    pub forecast: ConfusionJson,
    /// The same per segment.
    pub forecast_by_segment: Vec<SegmentJson<'a>>,
    /// The model's cut-off (the second tier's min).
    pub model_cutoff: Option<f64>,
    /// The forecast "score below the model's cut-off".
    pub at_model_cutoff: Option<ConfusionJson>,
    /// The cut-off by Youden's J.
    pub best_cutoff: Option<CutoffJson>,
    /// Renewal rate by score decile.
    pub deciles: Vec<DecileJson>,
}

/// The calibration as one JSON document.
pub fn json(model: &ValidModel, c: &Calibration) -> Vec<u8> {
    let doc = CalibrationJson {
        model: &model.about.id,
        model_version: &model.about.version,
        matched: c.matched,
        without_outcome: c.without_outcome,
        without_account: c.without_account,
        auc: c.auc.as_ref().map(AucJson::from),
        signals: model
            .signals
            .iter()
            .zip(&c.signal_auc)
            .map(|(s, a)| SignalJson {
                signal: &s.id,
                weight: s.weight,
                auc: a.as_ref().map(AucJson::from),
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
                expanded: o.expanded,
                expansion_rate: o.expansion_rate(),
            })
            .collect(),
        tiers_in_order: c.misordered.is_empty(),
        misordered: c
            .misordered
            .iter()
            .map(|(a, b)| [model.tiers[*a].id.as_str(), model.tiers[*b].id.as_str()])
            .collect(),
        forecast: ConfusionJson::from(&c.forecast),
        forecast_by_segment: c
            .segments
            .iter()
            .zip(&c.forecast_by_segment)
            .map(|(s, f)| SegmentJson {
                segment: s,
                forecast: ConfusionJson::from(f),
            })
            .collect(),
        model_cutoff: c.model_cutoff,
        at_model_cutoff: c.at_model_cutoff.as_ref().map(ConfusionJson::from),
        best_cutoff: c.best.as_ref().map(CutoffJson::from),
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
    for (s, a) in model.signals.iter().zip(&c.signal_auc) {
        push("signal", &s.id, "auc", a.as_ref().map(|a| a.auc));
    }
    for (t, o) in model.tiers.iter().zip(&c.tiers) {
        push("tier", &t.id, "accounts", Some(o.accounts as f64));
        push("tier", &t.id, "renewal_rate", o.renewal_rate());
        push("tier", &t.id, "expansion_rate", o.expansion_rate());
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
    }
    if let Some(b) = &c.best {
        push("cutoff", "best", "below", Some(b.below));
        push("cutoff", "best", "youden_j", Some(b.youden_j));
    }
    push("cutoff", "model", "below", c.model_cutoff);
    csv_bytes(w)
}

/// What the table and the page show, worked out once.
#[derive(Debug, Serialize)]
struct View {
    title: String,
    id: String,
    version: String,
    matched: String,
    without_outcome: String,
    without_account: String,
    auc: String,
    /// "strong", "weak", … (none without an AUC).
    reading: Option<&'static str>,
    tiers: Vec<TierView>,
    misordered: Vec<Misordered>,
    /// The lowest tier's name.
    first: String,
    forecasts: Vec<ForecastView>,
    cutoff: Option<CutoffView>,
    signals: Vec<SignalView>,
}

#[derive(Debug, Serialize)]
struct TierView {
    name: String,
    accounts: String,
    renewed: String,
    renewal_rate: String,
    expansion_rate: String,
}

#[derive(Debug, Serialize)]
struct Misordered {
    lower: String,
    lower_rate: String,
    higher: String,
    higher_rate: String,
}

#[derive(Debug, Serialize)]
struct ForecastView {
    /// The segment, or "(all)".
    name: String,
    all: bool,
    cells: [String; 8],
}

#[derive(Debug, Serialize)]
struct CutoffView {
    now: String,
    best: String,
    j: String,
    fp_change: String,
    fp_from: String,
    fp_to: String,
    fn_change: String,
    fn_from: String,
    fn_to: String,
}

#[derive(Debug, Serialize)]
struct SignalView {
    id: String,
    weight: String,
    auc: String,
    accounts: String,
}

fn forecast(name: &str, all: bool, f: &Confusion) -> ForecastView {
    ForecastView {
        name: name.to_string(),
        all,
        cells: [
            count(f.total()),
            count(f.true_positive),
            count(f.false_positive),
            count(f.false_negative),
            count(f.true_negative),
            pct(f.false_positive_rate()),
            pct(f.false_negative_rate()),
            pct(f.accuracy()),
        ],
    }
}

impl View {
    fn of(model: &ValidModel, c: &Calibration) -> View {
        let change = |a: u64, b: u64| {
            let x = a as i64 - b as i64;
            format!("{}{}", if x > 0 { "+" } else { "" }, x)
        };
        View {
            title: model.about.title.clone(),
            id: model.about.id.clone(),
            version: model.about.version.clone(),
            matched: count(c.matched),
            without_outcome: count(c.without_outcome),
            without_account: count(c.without_account),
            auc: auc_text(c.auc.as_ref()),
            reading: c.auc.map(|a| reading(a.auc)),
            tiers: model
                .tiers
                .iter()
                .zip(&c.tiers)
                .map(|(t, o)| TierView {
                    name: t.name.clone(),
                    accounts: count(o.accounts),
                    renewed: count(o.renewed),
                    renewal_rate: pct(o.renewal_rate()),
                    expansion_rate: pct(o.expansion_rate()),
                })
                .collect(),
            misordered: c
                .misordered
                .iter()
                .map(|(a, b)| Misordered {
                    lower: model.tiers[*a].name.clone(),
                    lower_rate: pct(c.tiers[*a].renewal_rate()),
                    higher: model.tiers[*b].name.clone(),
                    higher_rate: pct(c.tiers[*b].renewal_rate()),
                })
                .collect(),
            first: model
                .tiers
                .first()
                .map_or("the lowest tier".into(), |t| t.name.clone()),
            forecasts: std::iter::once(forecast("(all)", true, &c.forecast))
                .chain(
                    c.segments
                        .iter()
                        .zip(&c.forecast_by_segment)
                        .map(|(s, f)| forecast(s, false, f)),
                )
                .collect(),
            cutoff: match (&c.best, c.model_cutoff, &c.at_model_cutoff) {
                (Some(b), Some(cut), Some(m)) => Some(CutoffView {
                    now: num(cut),
                    best: num(b.below),
                    j: format!("{:.3}", b.youden_j),
                    fp_change: change(b.confusion.false_positive, m.false_positive),
                    fp_from: count(m.false_positive),
                    fp_to: count(b.confusion.false_positive),
                    fn_change: change(b.confusion.false_negative, m.false_negative),
                    fn_from: count(m.false_negative),
                    fn_to: count(b.confusion.false_negative),
                }),
                _ => None,
            },
            signals: model
                .signals
                .iter()
                .zip(&c.signal_auc)
                .map(|(s, a)| SignalView {
                    id: s.id.clone(),
                    weight: num(s.weight),
                    auc: auc_text(a.as_ref()),
                    accounts: a.map_or("-".into(), |a| count(a.renewed + a.churned)),
                })
                .collect(),
        }
    }

    /// The sentences under the tier table.
    fn order_lines(&self) -> Vec<String> {
        if self.misordered.is_empty() {
            return vec![
                "Tiers are in order: each renews at least as often as the tier below it.".into(),
            ];
        }
        self.misordered
            .iter()
            .map(|m| {
                format!(
                    "Out of order: {} renews more ({}) than {} ({}).",
                    cell_text(&m.lower),
                    m.lower_rate,
                    cell_text(&m.higher),
                    m.higher_rate
                )
            })
            .collect()
    }

    /// The sentences under the forecast table.
    fn cutoff_lines(&self) -> Vec<String> {
        let Some(c) = &self.cutoff else {
            return Vec::new();
        };
        vec![
            format!(
                "{} now means a score below {}; by Youden's J the outcomes are best separated below {} (J = {}).",
                cell_text(&self.first),
                c.now,
                c.best,
                c.j
            ),
            format!(
                "Flagging below {} instead would change false positives by {} ({} → {}) and false negatives by {} ({} → {}).",
                c.best, c.fp_change, c.fp_from, c.fp_to, c.fn_change, c.fn_from, c.fn_to
            ),
            "Nothing is changed: edit the model's tiers to adopt it.".into(),
        ]
    }
}

fn right(text: impl Into<String>) -> Cell {
    Cell::new(text.into()).set_alignment(CellAlignment::Right)
}

/// The calibration for the terminal.
pub fn table(model: &ValidModel, c: &Calibration, options: &ReportOptions) -> Vec<u8> {
    let v = View::of(model, c);
    let paint = options.paint();
    let mut out = format!(
        "{}\n{} accounts with an outcome ({} without, {} outcomes without an account)\n",
        common::title_line(paint, &v.title, &v.id, &v.version),
        v.matched,
        v.without_outcome,
        v.without_account
    );
    out.push_str(&format!(
        "Score AUC (renewals vs churn): {}{}\n\n",
        v.auc,
        v.reading.map_or(String::new(), |r| format!(", {r}"))
    ));
    let mut t: Table = new_table(options);
    t.set_header(vec![
        "Tier",
        "Accounts",
        "Renewed",
        "Renewal rate",
        "Expansion rate",
    ]);
    for tier in &v.tiers {
        t.add_row(vec![
            Cell::new(cell_text(&tier.name)),
            right(&tier.accounts),
            right(&tier.renewed),
            right(&tier.renewal_rate),
            right(&tier.expansion_rate),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    for l in v.order_lines() {
        out.push_str(&l);
        out.push('\n');
    }
    out.push_str(&format!(
        "\n{} as a churn forecast (positive = churn):\n",
        cell_text(&v.first)
    ));
    let mut t: Table = new_table(options);
    t.set_header(vec![
        "Segment", "Accounts", "TP", "FP", "FN", "TN", "FP rate", "FN rate", "Accuracy",
    ]);
    for f in &v.forecasts {
        let mut row = vec![Cell::new(cell_text(&f.name))];
        row.extend(f.cells.iter().map(right));
        t.add_row(row);
    }
    out.push_str(&format!("{t}\n"));
    for l in v.cutoff_lines() {
        out.push_str(&l);
        out.push('\n');
    }
    out.push_str("\nEach signal on its own (AUC; 0.5 = no better than chance):\n");
    let mut t: Table = new_table(options);
    t.set_header(vec!["Signal", "Weight", "AUC (95% CI)", "Accounts"]);
    for s in &v.signals {
        t.add_row(vec![
            Cell::new(printable(&s.id)),
            right(&s.weight),
            Cell::new(&s.auc),
            right(&s.accounts),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    out.into_bytes()
}

/// The ROC curve and the decile bars, drawn in view coordinates.
#[derive(Debug, Serialize)]
struct Charts {
    /// The polyline's points, "x,y x,y …".
    roc: String,
    auc: Option<String>,
    bars: Vec<Bar>,
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
    fn of(c: &Calibration) -> Charts {
        let (w, h, m) = (360.0, 360.0, 40.0);
        let x = |f: f64| m + f * (w - 2.0 * m);
        let y = |t: f64| h - m - t * (h - 2.0 * m);
        let roc = c
            .roc
            .iter()
            .map(|(f, t)| format!("{:.1},{:.1}", x(*f), y(*t)))
            .collect::<Vec<_>>()
            .join(" ");
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
                        "Decile {}: scores {}–{}, {} accounts, {:.1}% renewed",
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
    let v = View::of(model, c);
    common::render_page(
        "health_calibrate.html",
        TEMPLATE,
        Page {
            version: env!("CARGO_PKG_VERSION"),
            date: &options.date,
            v: &v,
            charts: Charts::of(c),
        },
    )
}
