//! The calibration report of `health calibrate`: table, JSON, CSV and HTML with
//! an inline SVG ROC curve and renewal rate by score decile. Pure.

use std::fmt::Write as _;

use comfy_table::{Cell, CellAlignment, Table};
use serde::Serialize;

use super::health::{count, esc, html_page, num};
use crate::health::calibrate::{Auc, Calibration, Confusion};
use crate::health::model::Model;

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

fn auc_json(a: &Auc) -> AucJson {
    AucJson {
        auc: a.auc,
        low: a.low,
        high: a.high,
        renewed: a.renewed,
        churned: a.churned,
    }
}

/// The calibration as one JSON document.
pub fn json(model: &Model, c: &Calibration) -> Vec<u8> {
    let v = serde_json::json!({
        "model": model.model.id,
        "model_version": model.model.version,
        "matched": c.matched,
        "without_outcome": c.without_outcome,
        "without_account": c.without_account,
        "auc": c.auc.as_ref().map(auc_json),
        "signals": model.signals.iter().zip(&c.signal_auc).map(|(s, a)| serde_json::json!({
            "signal": s.id, "weight": s.weight, "auc": a.as_ref().map(auc_json)
        })).collect::<Vec<_>>(),
        "tiers": model.tiers.iter().zip(&c.tiers).map(|(t, o)| serde_json::json!({
            "tier": t.id, "accounts": o.accounts, "renewed": o.renewed,
            "renewal_rate": o.renewal_rate(), "expanded": o.expanded, "expansion_rate": o.expansion_rate()
        })).collect::<Vec<_>>(),
        "tiers_in_order": c.misordered.is_empty(),
        "misordered": c.misordered.iter().map(|(a, b)| [&model.tiers[*a].id, &model.tiers[*b].id]).collect::<Vec<_>>(),
        "forecast": ConfusionJson::from(&c.forecast),
        "forecast_by_segment": c.segments.iter().zip(&c.forecast_by_segment).map(|(s, f)| serde_json::json!({
            "segment": s, "forecast": ConfusionJson::from(f)
        })).collect::<Vec<_>>(),
        "model_cutoff": c.model_cutoff,
        "at_model_cutoff": c.at_model_cutoff.as_ref().map(ConfusionJson::from),
        "best_cutoff": c.best.as_ref().map(|b| serde_json::json!({
            "below": b.below, "youden_j": b.youden_j, "forecast": ConfusionJson::from(&b.confusion)
        })),
        "deciles": c.deciles.iter().map(|d| serde_json::json!({
            "min": d.min, "max": d.max, "accounts": d.accounts, "renewal_rate": d.renewal_rate
        })).collect::<Vec<_>>(),
    });
    let mut out = serde_json::to_vec_pretty(&v).unwrap_or_default();
    out.push(b'\n');
    out
}

/// Long-format CSV: `section,name,metric,value`.
pub fn csv(model: &Model, c: &Calibration) -> Vec<u8> {
    let mut rows: Vec<[String; 4]> = Vec::new();
    let mut push = |a: &str, b: &str, m: &str, v: Option<f64>| {
        rows.push([
            a.into(),
            b.into(),
            m.into(),
            v.map(num_exact).unwrap_or_default(),
        ]);
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
    let mut out = b"section,name,metric,value\n".to_vec();
    for r in rows {
        for (i, f) in r.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            super::health::push_csv_field(&mut out, f.as_bytes());
        }
        out.push(b'\n');
    }
    out
}

fn num_exact(x: f64) -> String {
    num(x)
}

fn forecast_rows(t: &mut Table, name: &str, f: &Confusion) {
    t.add_row(vec![
        Cell::new(crate::diagnostic::printable(name)),
        Cell::new(count(f.total())).set_alignment(CellAlignment::Right),
        Cell::new(count(f.true_positive)).set_alignment(CellAlignment::Right),
        Cell::new(count(f.false_positive)).set_alignment(CellAlignment::Right),
        Cell::new(count(f.false_negative)).set_alignment(CellAlignment::Right),
        Cell::new(count(f.true_negative)).set_alignment(CellAlignment::Right),
        Cell::new(pct(f.false_positive_rate())).set_alignment(CellAlignment::Right),
        Cell::new(pct(f.false_negative_rate())).set_alignment(CellAlignment::Right),
        Cell::new(pct(f.accuracy())).set_alignment(CellAlignment::Right),
    ]);
}

fn cutoff_lines(model: &Model, c: &Calibration) -> Vec<String> {
    let mut out = Vec::new();
    let first = model
        .tiers
        .first()
        .map_or("the lowest tier", |t| t.name.as_str());
    if let (Some(b), Some(cut), Some(m)) = (&c.best, c.model_cutoff, &c.at_model_cutoff) {
        let d = |a: u64, b: u64| {
            let x = a as i64 - b as i64;
            format!("{}{}", if x > 0 { "+" } else { "" }, x)
        };
        out.push(format!(
            "{first} now means a score below {}; by Youden's J the outcomes are best separated below {} (J = {:.3}).",
            num(cut),
            num(b.below),
            b.youden_j
        ));
        out.push(format!(
            "Flagging below {} instead would change false positives by {} ({} → {}) and false negatives by {} ({} → {}).",
            num(b.below),
            d(b.confusion.false_positive, m.false_positive),
            count(m.false_positive),
            count(b.confusion.false_positive),
            d(b.confusion.false_negative, m.false_negative),
            count(m.false_negative),
            count(b.confusion.false_negative),
        ));
        out.push("Nothing is changed: edit the model's tiers to adopt it.".into());
    }
    out
}

fn misordered_lines(model: &Model, c: &Calibration) -> Vec<String> {
    if c.misordered.is_empty() {
        return vec![
            "Tiers are in order: each renews at least as often as the tier below it.".into(),
        ];
    }
    c.misordered
        .iter()
        .map(|(a, b)| {
            format!(
                "Out of order: {} renews more ({}) than {} ({}).",
                model.tiers[*a].name,
                pct(c.tiers[*a].renewal_rate()),
                model.tiers[*b].name,
                pct(c.tiers[*b].renewal_rate())
            )
        })
        .collect()
}

/// The calibration for the terminal.
pub fn table(model: &Model, c: &Calibration, color: bool, width: u16) -> String {
    let new = || {
        let t: Table = crate::report::new_table(&super::health::table_options(color, width));
        t
    };
    let mut out = format!(
        "{} {}: {} accounts with an outcome ({} without, {} outcomes without an account)\n",
        crate::diagnostic::printable(&model.model.title),
        crate::diagnostic::printable(&model.model.version),
        count(c.matched),
        count(c.without_outcome),
        count(c.without_account)
    );
    let _ = writeln!(
        out,
        "Score AUC (renewals vs churn): {}{}\n",
        auc_text(c.auc.as_ref()),
        c.auc
            .map_or(String::new(), |a| format!(", {}", reading(a.auc)))
    );
    let mut t = new();
    t.set_header(vec![
        "Tier",
        "Accounts",
        "Renewed",
        "Renewal rate",
        "Expansion rate",
    ]);
    for (tier, o) in model.tiers.iter().zip(&c.tiers) {
        t.add_row(vec![
            Cell::new(crate::diagnostic::printable(&tier.name)),
            Cell::new(count(o.accounts)).set_alignment(CellAlignment::Right),
            Cell::new(count(o.renewed)).set_alignment(CellAlignment::Right),
            Cell::new(pct(o.renewal_rate())).set_alignment(CellAlignment::Right),
            Cell::new(pct(o.expansion_rate())).set_alignment(CellAlignment::Right),
        ]);
    }
    let _ = writeln!(out, "{t}");
    for l in misordered_lines(model, c) {
        let _ = writeln!(out, "{}", crate::diagnostic::printable(&l));
    }
    let first = model
        .tiers
        .first()
        .map_or("the lowest tier", |t| t.name.as_str());
    let _ = writeln!(
        out,
        "\n{} as a churn forecast (positive = churn):",
        crate::diagnostic::printable(first)
    );
    let mut t = new();
    t.set_header(vec![
        "Segment", "Accounts", "TP", "FP", "FN", "TN", "FP rate", "FN rate", "Accuracy",
    ]);
    forecast_rows(&mut t, "(all)", &c.forecast);
    for (s, f) in c.segments.iter().zip(&c.forecast_by_segment) {
        forecast_rows(&mut t, s, f);
    }
    let _ = writeln!(out, "{t}");
    for l in cutoff_lines(model, c) {
        let _ = writeln!(out, "{}", crate::diagnostic::printable(&l));
    }
    let _ = writeln!(
        out,
        "\nEach signal on its own (AUC; 0.5 = no better than chance):"
    );
    let mut t = new();
    t.set_header(vec!["Signal", "Weight", "AUC (95% CI)", "Accounts"]);
    for (s, a) in model.signals.iter().zip(&c.signal_auc) {
        t.add_row(vec![
            Cell::new(crate::diagnostic::printable(&s.id)),
            Cell::new(num(s.weight)).set_alignment(CellAlignment::Right),
            Cell::new(auc_text(a.as_ref())),
            Cell::new(a.map_or("-".into(), |a| count(a.renewed + a.churned)))
                .set_alignment(CellAlignment::Right),
        ]);
    }
    let _ = writeln!(out, "{t}");
    out
}

fn roc_svg(c: &Calibration) -> String {
    let (w, h, m) = (360.0, 360.0, 40.0);
    let x = |f: f64| m + f * (w - 2.0 * m);
    let y = |t: f64| h - m - t * (h - 2.0 * m);
    let mut s = format!(
        "<svg role=\"img\" aria-label=\"ROC curve\" viewBox=\"0 0 {w} {h}\" width=\"360\" height=\"360\">"
    );
    let _ = write!(
        s,
        "<rect x=\"{m}\" y=\"{m}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#bcccdc\"/>",
        w - 2.0 * m,
        h - 2.0 * m
    );
    let _ = write!(
        s,
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#9fb3c8\" stroke-dasharray=\"4 4\"/>",
        x(0.0),
        y(0.0),
        x(1.0),
        y(1.0)
    );
    let pts: Vec<String> = c
        .roc
        .iter()
        .map(|(f, t)| format!("{:.1},{:.1}", x(*f), y(*t)))
        .collect();
    let _ = write!(
        s,
        "<polyline fill=\"none\" stroke=\"#2680c2\" stroke-width=\"2.5\" points=\"{}\"/>",
        pts.join(" ")
    );
    let _ = write!(
        s,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">False-positive rate (churners scored as renewing)</text>",
        w / 2.0,
        h - 8.0
    );
    let _ = write!(
        s,
        "<text x=\"12\" y=\"{}\" transform=\"rotate(-90 12 {})\" text-anchor=\"middle\">True-positive rate (renewals)</text>",
        h / 2.0,
        h / 2.0
    );
    for v in [0.0, 0.5, 1.0] {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{v}</text>",
            x(v),
            h - m + 14.0
        );
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{v}</text>",
            m - 4.0,
            y(v) + 4.0
        );
    }
    if let Some(a) = &c.auc {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-weight=\"600\">AUC {:.3}</text>",
            x(0.55),
            y(0.1),
            a.auc
        );
    }
    s.push_str("</svg>");
    s
}

fn decile_svg(c: &Calibration) -> String {
    let (w, h, m) = (520.0, 360.0, 40.0);
    let n = c.deciles.len().max(1) as f64;
    let bw = (w - 2.0 * m) / n;
    let mut s = format!(
        "<svg role=\"img\" aria-label=\"Renewal rate by score decile\" viewBox=\"0 0 {w} {h}\" width=\"520\" height=\"360\">"
    );
    let _ = write!(
        s,
        "<line x1=\"{m}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#bcccdc\"/>",
        h - m,
        w - m,
        h - m
    );
    for (i, d) in c.deciles.iter().enumerate() {
        let bh = d.renewal_rate * (h - 2.0 * m);
        let bx = m + i as f64 * bw + 4.0;
        let _ = write!(
            s,
            "<rect x=\"{bx:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"#3ebd93\"><title>Decile {}: scores {}–{}, {} accounts, {:.1}% renewed</title></rect>",
            h - m - bh,
            bw - 8.0,
            i + 1,
            num(d.min),
            num(d.max),
            count(d.accounts),
            d.renewal_rate * 100.0
        );
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{:.0}%</text>",
            bx + (bw - 8.0) / 2.0,
            h - m - bh - 4.0,
            d.renewal_rate * 100.0
        );
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            bx + (bw - 8.0) / 2.0,
            h - m + 14.0,
            i + 1
        );
    }
    let _ = write!(
        s,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">Score decile (1 = lowest scores)</text>",
        w / 2.0,
        h - 8.0
    );
    s.push_str("</svg>");
    s
}

/// The calibration as a self-contained HTML page.
pub fn html(model: &Model, c: &Calibration, date: &str) -> String {
    let mut b = format!(
        "<h1>{} — calibration against renewals</h1><p class=\"muted\">{} accounts with an outcome · {} · score AUC {}</p>",
        esc(&model.model.title),
        count(c.matched),
        esc(date),
        esc(&auc_text(c.auc.as_ref()))
    );
    let _ = write!(
        b,
        "<div style=\"display:flex;flex-wrap:wrap;gap:2rem\"><figure>{}<figcaption>ROC curve of the score predicting renewal</figcaption></figure><figure>{}<figcaption>Renewal rate by score decile</figcaption></figure></div>",
        roc_svg(c),
        decile_svg(c)
    );
    b.push_str("<h2>Renewal by tier</h2><table><tr><th>Tier</th><th>Accounts</th><th>Renewed</th><th>Renewal rate</th><th>Expansion rate</th></tr>");
    for (t, o) in model.tiers.iter().zip(&c.tiers) {
        let _ = write!(
            b,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&t.name),
            count(o.accounts),
            count(o.renewed),
            pct(o.renewal_rate()),
            pct(o.expansion_rate())
        );
    }
    b.push_str("</table>");
    for l in misordered_lines(model, c) {
        let _ = write!(b, "<p>{}</p>", esc(&l));
    }
    let first = model
        .tiers
        .first()
        .map_or("the lowest tier", |t| t.name.as_str());
    let _ = write!(
        b,
        "<h2>{} as a churn forecast</h2><table><tr><th>Segment</th><th>Accounts</th><th>TP</th><th>FP</th><th>FN</th><th>TN</th><th>FP rate</th><th>FN rate</th><th>Accuracy</th></tr>",
        esc(first)
    );
    let row = |name: &str, f: &Confusion| {
        format!(
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(name),
            count(f.total()),
            count(f.true_positive),
            count(f.false_positive),
            count(f.false_negative),
            count(f.true_negative),
            pct(f.false_positive_rate()),
            pct(f.false_negative_rate()),
            pct(f.accuracy())
        )
    };
    b.push_str(&row("(all)", &c.forecast));
    for (s, f) in c.segments.iter().zip(&c.forecast_by_segment) {
        b.push_str(&row(s, f));
    }
    b.push_str("</table>");
    for l in cutoff_lines(model, c) {
        let _ = write!(b, "<p>{}</p>", esc(&l));
    }
    b.push_str("<h2>Each signal on its own</h2><table><tr><th>Signal</th><th>Weight</th><th>AUC (95% CI)</th></tr>");
    for (s, a) in model.signals.iter().zip(&c.signal_auc) {
        let _ = write!(
            b,
            "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&s.id),
            num(s.weight),
            esc(&auc_text(a.as_ref()))
        );
    }
    b.push_str("</table>");
    html_page(&format!("{} — calibration", model.model.title), &b)
}
