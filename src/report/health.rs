//! Health score reports (`health score`): per-account rows, CSV or JSON
//! lines, written block by block as accounts are scored ([`AccountRows`], a
//! fold), and the snapshot's summary as a table, an HTML page and a JSON line.
//!
//! Pure: every function returns bytes; colour, width and date come in
//! [`ReportOptions`]. The summary is worked out once into a [`View`] that the
//! table and the page both read; JSON comes from view structs, so a renamed
//! field in compute cannot change a documented contract (docs/health.md).

use comfy_table::{Cell, CellAlignment, Table};
use serde::Serialize;

use super::common::{self, ReportOptions, cell_text, new_table};
use crate::health::fold::Fold;
use crate::health::model::ValidModel;
use crate::health::rows::AccountRow;
use crate::health::score::{DRIVERS, Scored, round_centi};
use crate::health::summary::{Listed, Summary};

const TEMPLATE: &str = include_str!("templates/health_score.html");

/// A number as output files show it: shortest exact form, no trailing `.0`.
pub fn num(x: f64) -> String {
    let mut b = ryu::Buffer::new();
    let s = b.format(x);
    s.strip_suffix(".0").unwrap_or(s).to_string()
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

/// A share of a whole with one decimal: `55.6%` (`0%` of nothing).
pub fn share(part: u64, whole: u64) -> String {
    if whole == 0 {
        "0%".into()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

/// A CSV writer in the house style for health files: fields quoted only
/// where needed, lines ending in `\n`.
pub fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

/// Text from a file or a model as a CSV field: the one formula-neutralising
/// cell ([`crate::text::csv_safe`]); `csv::Writer` quotes it.
pub fn safe(text: &str) -> std::borrow::Cow<'_, str> {
    crate::text::csv_safe(text)
}

/// The bytes a finished CSV writer holds.
pub fn csv_bytes(w: csv::Writer<Vec<u8>>) -> Vec<u8> {
    w.into_inner().unwrap_or_default()
}

/// The columns of `health score --format csv` (docs/health.md).
pub fn csv_columns() -> Vec<String> {
    let mut h: Vec<String> = [
        "account",
        "segment",
        "plan",
        "arr",
        "score",
        "tier",
        "tier_name",
        "sla",
        "play",
        "coverage",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for d in 1..=DRIVERS {
        h.push(format!("driver_{d}"));
        h.push(format!("driver_{d}_value"));
        h.push(format!("driver_{d}_points_lost"));
    }
    h
}

/// The format of per-account rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowFormat {
    /// CSV, one row per account after a header.
    Csv,
    /// JSON lines, one object per account.
    Json,
}

/// Per-account rows, rendered as accounts are scored: a fold whose blocks
/// are written out in file order ([`AccountRows::take`]).
pub struct AccountRows<'m> {
    model: &'m ValidModel,
    format: RowFormat,
    csv: csv::Writer<Vec<u8>>,
    /// Rows already taken out of `csv` (by a merge).
    done: Vec<u8>,
    json: Vec<u8>,
}

/// A driver in JSON output.
#[derive(Debug, Serialize)]
pub struct DriverJson<'a> {
    /// Signal id.
    pub signal: &'a str,
    /// The cell as written ("" when the value was missing and filled by policy).
    pub value: &'a str,
    /// Points of the score lost to this signal (hundredths).
    pub points_lost: f64,
}

/// One account in JSON output.
#[derive(Debug, Serialize)]
pub struct AccountJson<'a> {
    /// Account id.
    pub account: &'a str,
    /// Segment.
    pub segment: &'a str,
    /// Plan.
    pub plan: &'a str,
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

impl<'m> AccountRows<'m> {
    /// No rows yet.
    pub fn new(model: &'m ValidModel, format: RowFormat) -> AccountRows<'m> {
        AccountRows {
            model,
            format,
            csv: csv_writer(),
            done: Vec::new(),
            json: Vec::new(),
        }
    }

    /// What comes before the first row: the CSV header, or nothing.
    pub fn header(&self) -> Vec<u8> {
        match self.format {
            RowFormat::Csv => {
                let mut w = csv_writer();
                let _ = w.write_record(csv_columns());
                csv_bytes(w)
            }
            RowFormat::Json => Vec::new(),
        }
    }

    /// The rows rendered so far, taken out.
    pub fn take(&mut self) -> Vec<u8> {
        match self.format {
            RowFormat::Csv => {
                let mut out = std::mem::take(&mut self.done);
                out.extend(csv_bytes(std::mem::replace(&mut self.csv, csv_writer())));
                out
            }
            RowFormat::Json => std::mem::take(&mut self.json),
        }
    }

    fn csv_row(&mut self, row: &AccountRow<'_>, s: &Scored) {
        let w = &mut self.csv;
        let mut n = ryu::Buffer::new();
        let mut number = |w: &mut csv::Writer<Vec<u8>>, x: Option<f64>| {
            let text = x.map_or("", |x| {
                let s = n.format(x);
                s.strip_suffix(".0").unwrap_or(s)
            });
            let _ = w.write_field(text);
        };
        let _ = w.write_field(safe(row.account).as_bytes());
        let _ = w.write_field(safe(row.segment).as_bytes());
        let _ = w.write_field(safe(row.plan).as_bytes());
        number(w, row.arr);
        number(w, s.score);
        match s.tier.map(|t| &self.model.tiers[t]) {
            Some(t) => {
                for f in [&t.id, &t.name, &t.sla, &t.play] {
                    let _ = w.write_field(safe(f).as_bytes());
                }
            }
            None => {
                for _ in 0..4 {
                    let _ = w.write_field("");
                }
            }
        }
        number(w, Some(s.coverage));
        for d in 0..DRIVERS {
            match s.drivers.get(d) {
                Some(&(i, lost)) => {
                    let _ = w.write_field(safe(&self.model.signals[i].id).as_bytes());
                    let value = if s.present[i] { row.raw(i) } else { "" };
                    let _ = w.write_field(safe(value).as_bytes());
                    number(w, Some(round_centi(lost)));
                }
                None => {
                    for _ in 0..3 {
                        let _ = w.write_field("");
                    }
                }
            }
        }
        let _ = w.write_record(None::<&[u8]>);
    }

    fn json_row(&mut self, row: &AccountRow<'_>, s: &Scored) {
        let tier = s.tier.map(|t| &self.model.tiers[t]);
        let a = AccountJson {
            account: row.account,
            segment: row.segment,
            plan: row.plan,
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
                    signal: &self.model.signals[i].id,
                    value: if s.present[i] { row.raw(i) } else { "" },
                    points_lost: round_centi(lost),
                })
                .collect(),
        };
        if serde_json::to_writer(&mut self.json, &a).is_ok() {
            self.json.push(b'\n');
        }
    }
}

impl Fold for AccountRows<'_> {
    const DRIVERS: bool = true;

    fn add(&mut self, row: &AccountRow<'_>, scored: &Scored) {
        match self.format {
            RowFormat::Csv => self.csv_row(row, scored),
            RowFormat::Json => self.json_row(row, scored),
        }
    }

    fn merge(&mut self, mut later: AccountRows<'_>) {
        let bytes = later.take();
        match self.format {
            RowFormat::Csv => {
                let mine = self.take();
                self.done = mine;
                self.done.extend(bytes);
            }
            RowFormat::Json => self.json.extend(bytes),
        }
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
    (n > 0).then(|| round_centi(sum / n as f64))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The summary as JSON data.
pub fn summary_json<'a>(model: &'a ValidModel, s: &Summary) -> SummaryJson<'a> {
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
        model: &model.about.id,
        model_version: &model.about.version,
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
pub fn json_summary(model: &ValidModel, s: &Summary) -> Vec<u8> {
    let mut out = serde_json::to_vec(&SummaryLine {
        summary: summary_json(model, s),
    })
    .unwrap_or_default();
    out.push(b'\n');
    out
}

/// What the summary shows, worked out once for the table and the page.
#[derive(Debug, Serialize)]
struct View {
    title: String,
    id: String,
    version: String,
    accounts: String,
    coverage: String,
    /// Highest tier first.
    tiers: Vec<TierView>,
    unscored: Option<String>,
    unscored_share: String,
    tier_names: Vec<String>,
    segments: Vec<SegmentView>,
    watchlist: Vec<ListedView>,
}

#[derive(Debug, Serialize)]
struct TierView {
    name: String,
    accounts: String,
    share: String,
    arr: String,
    sla: String,
    play: String,
}

#[derive(Debug, Serialize)]
struct SegmentView {
    name: String,
    accounts: String,
    arr: String,
    mean: String,
    tiers: Vec<String>,
}

#[derive(Debug, Serialize)]
struct ListedView {
    account: String,
    segment: String,
    arr: String,
    score: String,
    tier: String,
    coverage: String,
    drivers: Vec<DriverView>,
}

/// A signal pulling a listed account's score down.
#[derive(Debug, Serialize)]
struct DriverView {
    signal: String,
    /// The cell as written, or "no data".
    value: String,
    /// "-10.71".
    lost: String,
}

fn drivers(model: &ValidModel, l: &Listed) -> Vec<DriverView> {
    l.drivers
        .iter()
        .map(|(i, lost, v)| DriverView {
            signal: model.signals[*i].id.clone(),
            value: if v.is_empty() {
                "no data".into()
            } else {
                v.clone()
            },
            lost: format!("-{}", num(round_centi(*lost))),
        })
        .collect()
}

/// "active-users 25 (-10.71), sentiment no data (-4)", each value cut for a cell.
fn drivers_text(d: &[DriverView]) -> String {
    d.iter()
        .map(|d| {
            format!(
                "{} {} ({})",
                d.signal,
                crate::text::excerpt(&d.value, 40),
                d.lost
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl View {
    fn of(model: &ValidModel, s: &Summary) -> View {
        let mut segs: Vec<_> = s.segments.iter().collect();
        segs.sort_by(|a, b| a.0.cmp(b.0));
        let show_segments = s.segments.len() > 1 || s.segments.keys().any(|k| !k.is_empty());
        View {
            title: model.about.title.clone(),
            id: model.about.id.clone(),
            version: model.about.version.clone(),
            accounts: count(s.accounts),
            coverage: format!("{}%", num(mean(s.coverage_sum, s.accounts).unwrap_or(0.0))),
            tiers: model
                .tiers
                .iter()
                .zip(&s.tiers)
                .rev()
                .map(|(t, tot)| TierView {
                    name: t.name.clone(),
                    accounts: count(tot.accounts),
                    share: share(tot.accounts, s.accounts),
                    arr: money(tot.arr),
                    sla: t.sla.clone(),
                    play: t.play.clone(),
                })
                .collect(),
            unscored: (s.unscored > 0).then(|| count(s.unscored)),
            unscored_share: share(s.unscored, s.accounts),
            tier_names: model.tiers.iter().map(|t| t.name.clone()).collect(),
            segments: if show_segments {
                segs.into_iter()
                    .map(|(k, v)| SegmentView {
                        name: text(k),
                        accounts: count(v.accounts),
                        arr: money(v.arr),
                        mean: mean(v.score_sum, v.scored).map_or("-".into(), num),
                        tiers: v.tiers.iter().map(|n| count(*n)).collect(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            watchlist: s
                .watchlist
                .iter()
                .map(|l| ListedView {
                    account: l.account.clone(),
                    segment: l.segment.clone(),
                    arr: money(l.arr),
                    score: l.score.map_or("-".into(), num),
                    tier: l.tier.map_or("-".into(), |t| model.tiers[t].name.clone()),
                    coverage: format!("{}%", num(l.coverage)),
                    drivers: drivers(model, l),
                })
                .collect(),
        }
    }
}

fn right(text: impl Into<String>) -> Cell {
    Cell::new(text.into()).set_alignment(CellAlignment::Right)
}

/// The summary for the terminal: tiers, segments, and the accounts to act on first.
pub fn table(model: &ValidModel, s: &Summary, options: &ReportOptions) -> Vec<u8> {
    let v = View::of(model, s);
    let paint = options.paint();
    let mut out = format!(
        "{} — {} accounts, mean coverage {}\n",
        common::title_line(paint, &v.title, &v.id, &v.version),
        v.accounts,
        v.coverage
    );
    let mut t: Table = new_table(options);
    t.set_header(vec!["Tier", "Accounts", "Share", "ARR", "SLA", "Play"]);
    for tier in &v.tiers {
        t.add_row(vec![
            Cell::new(cell_text(&tier.name)),
            right(&tier.accounts),
            right(&tier.share),
            right(&tier.arr),
            Cell::new(cell_text(&tier.sla)),
            Cell::new(cell_text(&tier.play)),
        ]);
    }
    if let Some(n) = &v.unscored {
        t.add_row(vec![
            Cell::new("(no data)"),
            right(n),
            right(&v.unscored_share),
            Cell::new(""),
            Cell::new(""),
            Cell::new(""),
        ]);
    }
    out.push_str(&format!("{t}\n"));
    if !v.segments.is_empty() {
        let mut t: Table = new_table(options);
        let mut header = vec![
            Cell::new("Segment"),
            Cell::new("Accounts"),
            Cell::new("ARR"),
            Cell::new("Mean score"),
        ];
        header.extend(v.tier_names.iter().map(|n| Cell::new(cell_text(n))));
        t.set_header(header);
        for seg in &v.segments {
            let mut row = vec![
                Cell::new(cell_text(&seg.name)),
                right(&seg.accounts),
                right(&seg.arr),
                right(&seg.mean),
            ];
            row.extend(seg.tiers.iter().map(right));
            t.add_row(row);
        }
        out.push_str(&format!("{t}\n"));
    }
    if !v.watchlist.is_empty() {
        out.push_str(&paint.bold("Act first (lowest tier, then highest ARR):"));
        out.push('\n');
        let mut t: Table = new_table(options);
        t.set_header(vec![
            "Account",
            "Segment",
            "ARR",
            "Score",
            "Tier",
            "Coverage",
            "Pulling it down (points lost)",
        ]);
        for l in &v.watchlist {
            t.add_row(vec![
                Cell::new(cell_text(&l.account)),
                Cell::new(cell_text(&l.segment)),
                right(&l.arr),
                right(&l.score),
                Cell::new(cell_text(&l.tier)),
                right(&l.coverage),
                Cell::new(cell_text(&drivers_text(&l.drivers))),
            ]);
        }
        out.push_str(&format!("{t}\n"));
    }
    out.into_bytes()
}

/// Colours of the tiers in charts, lowest tier first (repeating).
pub const TIER_COLOURS: [&str; 6] = [
    "#d64545", "#e9b949", "#3ebd93", "#2680c2", "#9446ed", "#627d98",
];

/// A part of the stacked bar of accounts per tier.
#[derive(Debug, Serialize)]
struct BarPart {
    name: String,
    accounts: String,
    share: String,
    x: String,
    width: String,
    colour: &'static str,
    /// Whether the part is wide enough to carry its label.
    labelled: bool,
}

#[derive(Serialize)]
struct Page<'a> {
    version: &'static str,
    date: &'a str,
    v: &'a View,
    bar: Vec<BarPart>,
}

/// The summary as a self-contained HTML page.
pub fn html(model: &ValidModel, s: &Summary, options: &ReportOptions) -> anyhow::Result<Vec<u8>> {
    let v = View::of(model, s);
    let total = s.accounts.max(1) as f64;
    let mut x = 0.0;
    let bar = model
        .tiers
        .iter()
        .zip(&s.tiers)
        .enumerate()
        .map(|(i, (t, tot))| {
            let w = tot.accounts as f64 / total * 1000.0;
            let part = BarPart {
                name: t.name.clone(),
                accounts: count(tot.accounts),
                share: share(tot.accounts, s.accounts),
                x: format!("{x:.1}"),
                width: format!("{w:.1}"),
                colour: TIER_COLOURS[i % TIER_COLOURS.len()],
                labelled: w > 80.0,
            };
            x += w;
            part
        })
        .collect();
    common::render_page(
        "health_score.html",
        TEMPLATE,
        Page {
            version: env!("CARGO_PKG_VERSION"),
            date: &options.date,
            v: &v,
            bar,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_money_read_naturally() {
        assert_eq!(num(70.0), "70");
        assert_eq!(num(83.33), "83.33");
        assert_eq!(money(1234567.4), "1,234,567");
        assert_eq!(count(999), "999");
        assert_eq!(share(5, 9), "55.6%");
    }

    #[test]
    fn csv_cells_are_neutralised_once_and_quoted_by_the_writer() {
        let mut w = csv_writer();
        let _ = w.write_record([
            safe("=HYPERLINK(\"x\")").as_ref(),
            safe("-12.5").as_ref(),
            safe("a,b").as_ref(),
            safe("=x").as_ref(),
        ]);
        assert_eq!(
            String::from_utf8_lossy(&csv_bytes(w)),
            "\"'=HYPERLINK(\"\"x\"\")\",-12.5,\"a,b\",'=x\n"
        );
    }
}
