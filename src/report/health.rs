//! Health score reports: per-account rows (CSV, JSON lines) written as they
//! are scored, and the snapshot summary (table, HTML, a JSON line).
//!
//! Pure: every function returns or appends bytes; colour and width are parameters.

use std::fmt::Write as _;

use comfy_table::{Cell, CellAlignment, Table};
use serde::Serialize;

use crate::health::model::Model;
use crate::health::movement::{MOVED, Move, Movement};
use crate::health::score::{DRIVERS, Listed, Scored, Summary};

/// One account's identifying cells, as read.
#[derive(Debug, Clone, Copy)]
pub struct RowView<'a> {
    /// Account id.
    pub account: &'a [u8],
    /// Segment (empty when none).
    pub segment: &'a [u8],
    /// Plan (empty when none).
    pub plan: &'a [u8],
    /// ARR, when the model has the column and the cell a value.
    pub arr: Option<f64>,
}

/// Appends a number the way output files show it: shortest exact form, no trailing `.0`.
pub fn push_num(out: &mut Vec<u8>, x: f64) {
    let mut b = ryu::Buffer::new();
    let s = b.format(x);
    out.extend_from_slice(s.strip_suffix(".0").unwrap_or(s).as_bytes());
}

/// A number as output files show it.
pub fn num(x: f64) -> String {
    let mut v = Vec::new();
    push_num(&mut v, x);
    String::from_utf8_lossy(&v).into_owned()
}

/// Appends a CSV field: quoted when needed, and a leading `=`, `+`, `-`, `@`,
/// tab or CR neutralised with `'` unless the field is a number (formula injection).
pub fn push_csv_field(out: &mut Vec<u8>, field: &[u8]) {
    let risky = matches!(
        field.first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    ) && std::str::from_utf8(field)
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .is_none();
    let quote = risky
        || field
            .iter()
            .any(|c| matches!(c, b',' | b'"' | b'\n' | b'\r'));
    if !quote {
        out.extend_from_slice(field);
        return;
    }
    out.push(b'"');
    if risky {
        out.push(b'\'');
    }
    for &c in field {
        if c == b'"' {
            out.push(b'"');
        }
        out.push(c);
    }
    out.push(b'"');
}

/// The header of the per-account CSV.
pub fn csv_header() -> Vec<u8> {
    let mut h = String::from("account,segment,plan,arr,score,tier,tier_name,sla,play,coverage");
    for d in 1..=DRIVERS {
        let _ = write!(h, ",driver_{d},driver_{d}_value,driver_{d}_points_lost");
    }
    h.push('\n');
    h.into_bytes()
}

/// Appends one account's CSV row; `raw(i)` is signal `i`'s cell as written.
pub fn csv_row<'a>(
    out: &mut Vec<u8>,
    model: &Model,
    row: RowView<'_>,
    s: &Scored,
    raw: impl Fn(usize) -> &'a [u8],
) {
    push_csv_field(out, row.account);
    out.push(b',');
    push_csv_field(out, row.segment);
    out.push(b',');
    push_csv_field(out, row.plan);
    out.push(b',');
    if let Some(a) = row.arr {
        push_num(out, a);
    }
    out.push(b',');
    if let Some(x) = s.score {
        push_num(out, x);
    }
    out.push(b',');
    if let Some(t) = s.tier.map(|t| &model.tiers[t]) {
        push_csv_field(out, t.id.as_bytes());
        out.push(b',');
        push_csv_field(out, t.name.as_bytes());
        out.push(b',');
        push_csv_field(out, t.sla.as_bytes());
        out.push(b',');
        push_csv_field(out, t.play.as_bytes());
    } else {
        out.extend_from_slice(b",,,");
    }
    out.push(b',');
    push_num(out, s.coverage);
    for d in 0..DRIVERS {
        out.push(b',');
        if let Some(&(i, lost)) = s.drivers.get(d) {
            push_csv_field(out, model.signals[i].id.as_bytes());
            out.push(b',');
            push_csv_field(out, raw(i));
            out.push(b',');
            push_num(out, crate::health::score::round_centi(lost));
        } else {
            out.extend_from_slice(b",,");
        }
    }
    out.push(b'\n');
}

/// A driver in JSON output.
#[derive(Debug, Serialize)]
pub struct DriverJson<'a> {
    /// Signal id.
    pub signal: &'a str,
    /// The cell as written ("" when the value was missing and filled by policy).
    pub value: String,
    /// Points of the score lost to this signal (hundredths).
    pub points_lost: f64,
}

/// One account in JSON output.
#[derive(Debug, Serialize)]
pub struct AccountJson<'a> {
    /// Account id.
    pub account: String,
    /// Segment.
    pub segment: String,
    /// Plan.
    pub plan: String,
    /// ARR.
    pub arr: Option<f64>,
    /// Score, or null with no data.
    pub score: Option<f64>,
    /// Tier id.
    pub tier: Option<&'a str>,
    /// Tier name.
    pub tier_name: Option<&'a str>,
    /// Time to intervene.
    pub sla: Option<&'a str>,
    /// The play.
    pub play: Option<&'a str>,
    /// Share of the model's weight with data, percent.
    pub coverage: f64,
    /// Up to three signals losing the most points.
    pub drivers: Vec<DriverJson<'a>>,
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Appends one account as a JSON line.
pub fn json_row<'a>(
    out: &mut Vec<u8>,
    model: &Model,
    row: RowView<'_>,
    s: &Scored,
    raw: impl Fn(usize) -> &'a [u8],
) {
    let tier = s.tier.map(|t| &model.tiers[t]);
    let a = AccountJson {
        account: text(row.account),
        segment: text(row.segment),
        plan: text(row.plan),
        arr: row.arr,
        score: s.score,
        tier: tier.map(|t| t.id.as_str()),
        tier_name: tier.map(|t| t.name.as_str()),
        sla: tier.map(|t| t.sla.as_str()),
        play: tier.map(|t| t.play.as_str()),
        coverage: s.coverage,
        drivers: s
            .drivers
            .iter()
            .map(|&(i, lost)| DriverJson {
                signal: &model.signals[i].id,
                value: text(raw(i)),
                points_lost: crate::health::score::round_centi(lost),
            })
            .collect(),
    };
    if serde_json::to_writer(&mut *out, &a).is_ok() {
        out.push(b'\n');
    }
}

/// A tier's totals in JSON.
#[derive(Debug, Serialize)]
pub struct TierJson<'a> {
    /// Tier id.
    pub tier: &'a str,
    /// Tier name.
    pub name: &'a str,
    /// Accounts in the tier.
    pub accounts: u64,
    /// Their ARR.
    pub arr: f64,
}

/// A segment's totals in JSON.
#[derive(Debug, Serialize)]
pub struct SegmentJson {
    /// Segment ("" when the model has no segment column or the cell is empty).
    pub segment: String,
    /// Accounts.
    pub accounts: u64,
    /// ARR.
    pub arr: f64,
    /// Mean score of the scored accounts (hundredths), null when none.
    pub mean_score: Option<f64>,
    /// Accounts per tier id.
    pub tiers: std::collections::BTreeMap<String, u64>,
}

/// The summary line of JSON output.
#[derive(Debug, Serialize)]
pub struct SummaryJson<'a> {
    /// Model id.
    pub model: &'a str,
    /// Model version.
    pub model_version: &'a str,
    /// Accounts read.
    pub accounts: u64,
    /// Accounts without any signal to score.
    pub unscored: u64,
    /// Mean coverage, percent.
    pub mean_coverage: f64,
    /// Per tier, lowest first.
    pub tiers: Vec<TierJson<'a>>,
    /// Per segment, sorted by name.
    pub segments: Vec<SegmentJson>,
}

/// The `{"summary": ...}` line that ends JSON output.
#[derive(Debug, Serialize)]
struct SummaryLine<'a> {
    summary: SummaryJson<'a>,
}

fn mean(sum: f64, n: u64) -> Option<f64> {
    (n > 0).then(|| crate::health::score::round_centi(sum / n as f64))
}

/// The summary as JSON data.
pub fn summary_json<'a>(model: &'a Model, s: &Summary) -> SummaryJson<'a> {
    let mut segments: Vec<SegmentJson> = s
        .segments
        .iter()
        .map(|(k, v)| SegmentJson {
            segment: text(k),
            accounts: v.accounts,
            arr: v.arr,
            mean_score: mean(v.score_sum, v.scored),
            tiers: model
                .tiers
                .iter()
                .zip(&v.tiers)
                .map(|(t, n)| (t.id.clone(), *n))
                .collect(),
        })
        .collect();
    segments.sort_by(|a, b| a.segment.cmp(&b.segment));
    SummaryJson {
        model: &model.model.id,
        model_version: &model.model.version,
        accounts: s.accounts,
        unscored: s.unscored,
        mean_coverage: mean(s.coverage_sum, s.accounts).unwrap_or(0.0),
        tiers: model
            .tiers
            .iter()
            .zip(&s.tiers)
            .map(|(t, v)| TierJson {
                tier: &t.id,
                name: &t.name,
                accounts: v.accounts,
                arr: v.arr,
            })
            .collect(),
        segments,
    }
}

/// The last line of JSON output.
pub fn json_summary(model: &Model, s: &Summary) -> Vec<u8> {
    let mut out = serde_json::to_vec(&SummaryLine {
        summary: summary_json(model, s),
    })
    .unwrap_or_default();
    out.push(b'\n');
    out
}

fn pct(part: u64, whole: u64) -> String {
    if whole == 0 {
        "0%".into()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

/// Money without decimals, with thousands separators.
pub fn money(x: f64) -> String {
    let n = x.round() as i64;
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// Thousands separators for counts.
pub fn count(n: u64) -> String {
    money(n as f64)
}

fn driver_text(model: &Model, l: &Listed) -> String {
    l.drivers
        .iter()
        .map(|(i, lost, v)| {
            let v = if v.is_empty() { "no data" } else { v.as_str() };
            format!(
                "{} {} (-{})",
                model.signals[*i].id,
                crate::diagnostic::printable(v),
                num(crate::health::score::round_centi(*lost))
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The summary for the terminal: tiers, segments, and the accounts to act on first.
pub fn table(model: &Model, s: &Summary, color: bool, width: u16) -> String {
    let new = || {
        let t: Table = crate::report::new_table(&table_options(color, width));
        t
    };
    let mut out = format!(
        "{} {} — {} accounts, mean coverage {}%\n",
        crate::diagnostic::printable(&model.model.title),
        crate::diagnostic::printable(&model.model.version),
        count(s.accounts),
        num(mean(s.coverage_sum, s.accounts).unwrap_or(0.0))
    );
    let mut t = new();
    t.set_header(vec!["Tier", "Accounts", "Share", "ARR", "SLA", "Play"]);
    let total_arr: f64 = s.tiers.iter().map(|t| t.arr).sum();
    for (tier, tot) in model.tiers.iter().zip(&s.tiers).rev() {
        t.add_row(vec![
            Cell::new(crate::diagnostic::printable(&tier.name)),
            Cell::new(count(tot.accounts)).set_alignment(CellAlignment::Right),
            Cell::new(pct(tot.accounts, s.accounts)).set_alignment(CellAlignment::Right),
            Cell::new(money(tot.arr)).set_alignment(CellAlignment::Right),
            Cell::new(crate::diagnostic::printable(&tier.sla)),
            Cell::new(crate::diagnostic::printable(&tier.play)),
        ]);
    }
    if s.unscored > 0 {
        t.add_row(vec![
            Cell::new("(no data)"),
            Cell::new(count(s.unscored)).set_alignment(CellAlignment::Right),
            Cell::new(pct(s.unscored, s.accounts)),
            Cell::new(""),
            Cell::new(""),
            Cell::new(""),
        ]);
    }
    let _ = total_arr;
    let _ = writeln!(out, "{t}");
    if s.segments.len() > 1 || s.segments.keys().any(|k| !k.is_empty()) {
        let mut t = new();
        let mut header = vec![
            "Segment".to_string(),
            "Accounts".into(),
            "ARR".into(),
            "Mean score".into(),
        ];
        header.extend(
            model
                .tiers
                .iter()
                .map(|t| crate::diagnostic::printable(&t.name)),
        );
        t.set_header(header);
        let mut segs: Vec<_> = s.segments.iter().collect();
        segs.sort_by(|a, b| a.0.cmp(b.0));
        for (k, v) in segs {
            let mut row = vec![
                Cell::new(crate::diagnostic::printable(&text(k))),
                Cell::new(count(v.accounts)).set_alignment(CellAlignment::Right),
                Cell::new(money(v.arr)).set_alignment(CellAlignment::Right),
                Cell::new(mean(v.score_sum, v.scored).map_or("-".into(), num))
                    .set_alignment(CellAlignment::Right),
            ];
            row.extend(
                v.tiers
                    .iter()
                    .map(|n| Cell::new(count(*n)).set_alignment(CellAlignment::Right)),
            );
            t.add_row(row);
        }
        let _ = writeln!(out, "{t}");
    }
    if !s.watchlist.is_empty() {
        let _ = writeln!(out, "Act first (lowest tier, then highest ARR):");
        let mut t = new();
        t.set_header(vec![
            "Account",
            "Segment",
            "ARR",
            "Score",
            "Tier",
            "Coverage",
            "Pulling it down (points lost)",
        ]);
        for l in &s.watchlist {
            t.add_row(vec![
                Cell::new(crate::diagnostic::printable(&l.account)),
                Cell::new(crate::diagnostic::printable(&l.segment)),
                Cell::new(money(l.arr)).set_alignment(CellAlignment::Right),
                Cell::new(l.score.map_or("-".into(), num)).set_alignment(CellAlignment::Right),
                Cell::new(l.tier.map_or("-".into(), |t| {
                    crate::diagnostic::printable(&model.tiers[t].name)
                })),
                Cell::new(format!("{}%", num(l.coverage))).set_alignment(CellAlignment::Right),
                Cell::new(driver_text(model, l)),
            ]);
        }
        let _ = writeln!(out, "{t}");
    }
    out
}

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// The page frame shared by the health HTML reports.
pub fn html_page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{t}</title><style>\
body{{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#1f2933}}\
h1{{font-size:1.6rem}}h2{{font-size:1.2rem;margin-top:2rem}}table{{border-collapse:collapse;width:100%;margin:.5rem 0}}\
th,td{{border-bottom:1px solid #d9e2ec;padding:.35rem .5rem;text-align:left;vertical-align:top}}td.n{{text-align:right;font-variant-numeric:tabular-nums}}\
.muted{{color:#627d98}}td:first-child{{white-space:nowrap}}svg text{{font-size:12px;fill:#334e68}}@media print{{body{{margin:0}}}}\
</style></head><body>\n{body}</body></html>\n",
        t = esc(title)
    )
}

const TIER_COLOURS: [&str; 6] = [
    "#d64545", "#e9b949", "#3ebd93", "#2680c2", "#9446ed", "#627d98",
];

/// The summary as a self-contained HTML page.
pub fn html(model: &Model, s: &Summary, date: &str) -> String {
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>{}</h1><p class=\"muted\">Model {} {} · {} accounts · mean coverage {}% · {}</p>",
        esc(&model.model.title),
        esc(&model.model.id),
        esc(&model.model.version),
        count(s.accounts),
        num(mean(s.coverage_sum, s.accounts).unwrap_or(0.0)),
        esc(date)
    );
    // A stacked bar of accounts per tier.
    let total = s.accounts.max(1) as f64;
    let mut x = 0.0;
    b.push_str("<svg role=\"img\" aria-label=\"Accounts per tier\" viewBox=\"0 0 1000 60\" width=\"100%\">");
    for (i, (tier, tot)) in model.tiers.iter().zip(&s.tiers).enumerate() {
        let w = tot.accounts as f64 / total * 1000.0;
        let _ = write!(
            b,
            "<rect x=\"{x:.1}\" y=\"0\" width=\"{w:.1}\" height=\"34\" fill=\"{}\"><title>{}: {}</title></rect>",
            TIER_COLOURS[i % TIER_COLOURS.len()],
            esc(&tier.name),
            count(tot.accounts)
        );
        if w > 80.0 {
            let _ = write!(
                b,
                "<text x=\"{:.1}\" y=\"52\">{} {}</text>",
                x + 4.0,
                esc(&tier.name),
                pct(tot.accounts, s.accounts)
            );
        }
        x += w;
    }
    b.push_str("</svg>");
    b.push_str("<h2>Tiers</h2><table><tr><th>Tier</th><th>Accounts</th><th>Share</th><th>ARR</th><th>SLA</th><th>Play</th></tr>");
    for (tier, tot) in model.tiers.iter().zip(&s.tiers).rev() {
        let _ = write!(
            b,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(&tier.name),
            count(tot.accounts),
            pct(tot.accounts, s.accounts),
            money(tot.arr),
            esc(&tier.sla),
            esc(&tier.play)
        );
    }
    b.push_str("</table>");
    let mut segs: Vec<_> = s.segments.iter().collect();
    segs.sort_by(|a, b| a.0.cmp(b.0));
    b.push_str("<h2>Segments</h2><table><tr><th>Segment</th><th>Accounts</th><th>ARR</th><th>Mean score</th>");
    for t in &model.tiers {
        let _ = write!(b, "<th>{}</th>", esc(&t.name));
    }
    b.push_str("</tr>");
    for (k, v) in segs {
        let _ = write!(
            b,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>",
            esc(&text(k)),
            count(v.accounts),
            money(v.arr),
            mean(v.score_sum, v.scored).map_or("-".into(), num)
        );
        for n in &v.tiers {
            let _ = write!(b, "<td class=\"n\">{}</td>", count(*n));
        }
        b.push_str("</tr>");
    }
    b.push_str("</table><h2>Act first</h2><p class=\"muted\">Lowest tier, then highest ARR.</p><table><tr><th>Account</th><th>Segment</th><th>ARR</th><th>Score</th><th>Tier</th><th>Coverage</th><th>Pulling it down (points lost)</th></tr>");
    for l in &s.watchlist {
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}%</td><td>{}</td></tr>",
            esc(&l.account),
            esc(&l.segment),
            money(l.arr),
            l.score.map_or("-".into(), num),
            l.tier.map_or("-".into(), |t| esc(&model.tiers[t].name)),
            num(l.coverage),
            esc(&driver_text(model, l))
        );
    }
    b.push_str("</table>");
    html_page(&format!("{} — health", model.model.title), &b)
}

fn tier_label(model: &Model, t: Option<usize>) -> &str {
    t.map_or("(no score)", |t| model.tiers[t].name.as_str())
}

fn tier_id(model: &Model, t: Option<usize>) -> &str {
    t.map_or("", |t| model.tiers[t].id.as_str())
}

fn moved_text(model: &Model, m: &Move) -> String {
    m.moved
        .iter()
        .map(|(i, d)| {
            format!(
                "{} {}{}",
                model.signals[*i].id,
                if *d > 0.0 { "+" } else { "" },
                num(*d)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The per-account CSV of `health movement`.
pub fn movement_csv(model: &Model, mv: &Movement) -> Vec<u8> {
    let mut out =
        b"account,segment,arr,direction,from_tier,to_tier,from_score,to_score,score_delta".to_vec();
    for d in 1..=MOVED {
        out.extend_from_slice(format!(",moved_{d},moved_{d}_points").as_bytes());
    }
    out.push(b'\n');
    for m in &mv.moves {
        push_csv_field(&mut out, m.account.as_bytes());
        out.push(b',');
        push_csv_field(&mut out, m.segment.as_bytes());
        out.push(b',');
        push_num(&mut out, m.arr);
        out.extend_from_slice(if m.is_down() { b",down," } else { b",up," });
        push_csv_field(&mut out, tier_id(model, m.from).as_bytes());
        out.push(b',');
        push_csv_field(&mut out, tier_id(model, m.to).as_bytes());
        for x in [m.from_score, m.to_score, m.delta()] {
            out.push(b',');
            if let Some(x) = x {
                push_num(&mut out, x);
            }
        }
        for d in 0..MOVED {
            out.push(b',');
            if let Some((i, x)) = m.moved.get(d) {
                push_csv_field(&mut out, model.signals[*i].id.as_bytes());
                out.push(b',');
                push_num(&mut out, *x);
            } else {
                out.push(b',');
            }
        }
        out.push(b'\n');
    }
    out
}

/// A moved signal in JSON.
#[derive(Debug, Serialize)]
pub struct MovedJson<'a> {
    /// Signal id.
    pub signal: &'a str,
    /// Change in the points it adds to the score.
    pub points: f64,
}

/// A move in JSON.
#[derive(Debug, Serialize)]
pub struct MoveJson<'a> {
    /// Account id.
    pub account: &'a str,
    /// Segment.
    pub segment: &'a str,
    /// ARR.
    pub arr: f64,
    /// "down" or "up".
    pub direction: &'static str,
    /// Tier id before (null: no score).
    pub from_tier: Option<&'a str>,
    /// Tier id now.
    pub to_tier: Option<&'a str>,
    /// Score before.
    pub from_score: Option<f64>,
    /// Score now.
    pub to_score: Option<f64>,
    /// Change in score.
    pub score_delta: Option<f64>,
    /// Signals that moved most in the direction of the move.
    pub moved: Vec<MovedJson<'a>>,
}

/// The summary line of movement JSON.
#[derive(Debug, Serialize)]
pub struct MovementSummaryJson<'a> {
    /// Model id.
    pub model: &'a str,
    /// Accounts in both snapshots.
    pub matched: u64,
    /// Accounts only in the later snapshot.
    pub new: u64,
    /// Accounts only in the earlier snapshot.
    pub gone: u64,
    /// Accounts that moved down a tier or more.
    pub down: u64,
    /// Accounts that moved up.
    pub up: u64,
}

/// JSON lines: one per move, then `{"summary": ...}`.
pub fn movement_json(model: &Model, mv: &Movement) -> Vec<u8> {
    let mut out = Vec::new();
    let tid = |t: Option<usize>| t.map(|t| model.tiers[t].id.as_str());
    for m in &mv.moves {
        let j = MoveJson {
            account: &m.account,
            segment: &m.segment,
            arr: m.arr,
            direction: if m.is_down() { "down" } else { "up" },
            from_tier: tid(m.from),
            to_tier: tid(m.to),
            from_score: m.from_score,
            to_score: m.to_score,
            score_delta: m.delta(),
            moved: m
                .moved
                .iter()
                .map(|(i, x)| MovedJson {
                    signal: &model.signals[*i].id,
                    points: *x,
                })
                .collect(),
        };
        if serde_json::to_writer(&mut out, &j).is_ok() {
            out.push(b'\n');
        }
    }
    let down = mv.moves.iter().filter(|m| m.is_down()).count() as u64;
    #[derive(Serialize)]
    struct Line<'a> {
        summary: MovementSummaryJson<'a>,
    }
    let line = Line {
        summary: MovementSummaryJson {
            model: &model.model.id,
            matched: mv.matched,
            new: mv.new,
            gone: mv.gone,
            down,
            up: mv.moves.len() as u64 - down,
        },
    };
    if serde_json::to_writer(&mut out, &line).is_ok() {
        out.push(b'\n');
    }
    out
}

/// How many moves the table and HTML list by name.
pub const MOVES_LISTED: usize = 25;

/// Movement for the terminal: the tier transition matrix and the moves, downward first.
pub fn movement_table(model: &Model, mv: &Movement, color: bool, width: u16) -> String {
    let down = mv.moves.iter().filter(|m| m.is_down()).count();
    let mut out = format!(
        "{} accounts in both snapshots ({} new, {} gone): {} moved down a tier, {} up\n",
        count(mv.matched),
        count(mv.new),
        count(mv.gone),
        count(down as u64),
        count((mv.moves.len() - down) as u64)
    );
    let mut t: Table = crate::report::new_table(&table_options(color, width));
    let mut header = vec!["Before \\ Now".to_string()];
    header.extend(
        model
            .tiers
            .iter()
            .map(|t| crate::diagnostic::printable(&t.name)),
    );
    t.set_header(header);
    for (ti, tier) in model.tiers.iter().enumerate().rev() {
        let mut row = vec![Cell::new(crate::diagnostic::printable(&tier.name))];
        let from = &mv.transitions[ti + 1];
        row.extend((0..model.tiers.len()).map(|to| {
            let c = Cell::new(count(from[to + 1])).set_alignment(CellAlignment::Right);
            if to < ti && from[to + 1] > 0 && color {
                c.fg(comfy_table::Color::Red)
            } else {
                c
            }
        }));
        t.add_row(row);
    }
    let _ = writeln!(out, "{t}");
    if mv.moves.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "Moves, downward first (showing {} of {}):",
        mv.moves.len().min(MOVES_LISTED),
        count(mv.moves.len() as u64)
    );
    let mut t: Table = crate::report::new_table(&table_options(color, width));
    t.set_header(vec![
        "Account",
        "Segment",
        "ARR",
        "Tier",
        "Score",
        "What moved (points)",
    ]);
    for m in mv.moves.iter().take(MOVES_LISTED) {
        t.add_row(vec![
            Cell::new(crate::diagnostic::printable(&m.account)),
            Cell::new(crate::diagnostic::printable(&m.segment)),
            Cell::new(money(m.arr)).set_alignment(CellAlignment::Right),
            Cell::new(format!(
                "{} {} {}",
                crate::diagnostic::printable(tier_label(model, m.from)),
                if m.is_down() { "↓" } else { "↑" },
                crate::diagnostic::printable(tier_label(model, m.to))
            )),
            Cell::new(format!(
                "{} → {} ({})",
                m.from_score.map_or("-".into(), num),
                m.to_score.map_or("-".into(), num),
                m.delta().map_or("-".into(), |d| format!(
                    "{}{}",
                    if d > 0.0 { "+" } else { "" },
                    num(d)
                ))
            )),
            Cell::new(moved_text(model, m)),
        ]);
    }
    let _ = writeln!(out, "{t}");
    out
}

/// Movement as a self-contained HTML page.
pub fn movement_html(model: &Model, mv: &Movement, date: &str) -> String {
    let down = mv.moves.iter().filter(|m| m.is_down()).count();
    let mut b = format!(
        "<h1>{} — tier movement</h1><p class=\"muted\">{} accounts in both snapshots ({} new, {} gone) · {} down · {} up · {}</p>",
        esc(&model.model.title),
        count(mv.matched),
        count(mv.new),
        count(mv.gone),
        count(down as u64),
        count((mv.moves.len() - down) as u64),
        esc(date)
    );
    b.push_str("<h2>Before → now</h2><table><tr><th>Before \\ Now</th>");
    for t in &model.tiers {
        let _ = write!(b, "<th>{}</th>", esc(&t.name));
    }
    b.push_str("</tr>");
    for (ti, tier) in model.tiers.iter().enumerate().rev() {
        let _ = write!(b, "<tr><td>{}</td>", esc(&tier.name));
        for to in 0..model.tiers.len() {
            let n = mv.transitions[ti + 1][to + 1];
            let style = if to < ti && n > 0 {
                " style=\"color:#d64545;font-weight:600\""
            } else {
                ""
            };
            let _ = write!(b, "<td class=\"n\"{style}>{}</td>", count(n));
        }
        b.push_str("</tr>");
    }
    b.push_str("</table><h2>Moves, downward first</h2><table><tr><th>Account</th><th>Segment</th><th>ARR</th><th>Tier</th><th>Score</th><th>What moved (points)</th></tr>");
    for m in mv.moves.iter().take(MOVES_LISTED * 4) {
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{} {} {}</td><td class=\"n\">{} → {}</td><td>{}</td></tr>",
            esc(&m.account),
            esc(&m.segment),
            money(m.arr),
            esc(tier_label(model, m.from)),
            if m.is_down() { "↓" } else { "↑" },
            esc(tier_label(model, m.to)),
            m.from_score.map_or("-".into(), num),
            m.to_score.map_or("-".into(), num),
            esc(&moved_text(model, m))
        );
    }
    b.push_str("</table>");
    html_page(&format!("{} — movement", model.model.title), &b)
}

/// Options for a terminal table of this width, with or without colour.
pub(crate) fn table_options(color: bool, width: u16) -> crate::report::ReportOptions {
    crate::report::ReportOptions {
        color,
        width,
        date: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_neutralised() {
        let mut out = Vec::new();
        push_csv_field(&mut out, b"=HYPERLINK(\"x\")");
        out.push(b'|');
        push_csv_field(&mut out, b"-12.5");
        out.push(b'|');
        push_csv_field(&mut out, b"a,b");
        assert_eq!(
            String::from_utf8_lossy(&out),
            "\"'=HYPERLINK(\"\"x\"\")\"|-12.5|\"a,b\""
        );
    }

    #[test]
    fn numbers_and_money_read_naturally() {
        assert_eq!(num(70.0), "70");
        assert_eq!(num(83.33), "83.33");
        assert_eq!(money(1234567.4), "1,234,567");
        assert_eq!(count(999), "999");
    }

    #[test]
    fn html_escapes_text() {
        assert_eq!(esc("<b>&\"'"), "&lt;b&gt;&amp;&quot;&#39;");
    }
}
