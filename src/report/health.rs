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
use crate::health::model::{Missing, ValidCondition, ValidModel};
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

/// `1 account`, `2,113 accounts`: a count with thousands separators and its noun.
pub fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
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
    h.extend(
        ["status", "data_gaps", "kept_out_of", "kept_out_by"]
            .iter()
            .map(|s| s.to_string()),
    );
    h
}

/// An account's status: `scored`, or `insufficient-data` (no tier: coverage
/// below the model's floor, or no data at all).
pub fn status(s: &Scored) -> &'static str {
    if s.insufficient() {
        "insufficient-data"
    } else {
        "scored"
    }
}

/// The name of a missing policy in JSON.
pub fn missing_name(m: Missing) -> &'static str {
    match m {
        Missing::Exclude => "exclude",
        Missing::Neutral => "neutral",
        Missing::Worst => "worst",
    }
}

/// "at least 90", "at most 20", "from 20 to 90": a condition's bounds in words.
pub fn bounds(c: &ValidCondition) -> String {
    match (c.at_least, c.at_most) {
        (Some(lo), Some(hi)) => format!("from {} to {}", num(lo), num(hi)),
        (Some(lo), None) => format!("at least {}", num(lo)),
        (None, Some(hi)) => format!("at most {}", num(hi)),
        (None, None) => String::new(),
    }
}

/// Who an override is for, in words: "smb", "plan starter", "smb on plan starter".
pub fn override_who(model: &ValidModel, o: usize) -> String {
    let o = &model.overrides[o];
    match (&o.segment, &o.plan) {
        (Some(s), Some(p)) => format!("{s} on plan {p}"),
        (Some(s), None) => s.clone(),
        (None, Some(p)) => format!("plan {p}"),
        (None, None) => String::new(),
    }
}

/// The accounts a playbook variant is for: "smb", "smb + plan starter".
fn variant_who(model: &ValidModel, playbook: (Option<usize>, Option<usize>)) -> String {
    let mut who: Vec<usize> = [playbook.0, playbook.1].into_iter().flatten().collect();
    who.dedup();
    who.iter()
        .map(|&o| override_who(model, o))
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The SLA and play of a variant: each from its override, else the tier's own.
fn variant_playbook<'m>(
    model: &'m ValidModel,
    t: usize,
    playbook: (Option<usize>, Option<usize>),
) -> (&'m str, &'m str) {
    // An override's playbook entry: (tier, SLA, play).
    type Entry = (usize, Option<String>, Option<String>);
    let from = |o: Option<usize>, pick: fn(&'m Entry) -> Option<&'m String>| {
        o.and_then(|o| {
            model.overrides[o]
                .playbooks
                .iter()
                .find(|p| p.0 == t)
                .and_then(pick)
                .map(String::as_str)
        })
    };
    let tier = &model.tiers[t];
    (
        from(playbook.0, |p| p.1.as_ref()).unwrap_or(&tier.sla),
        from(playbook.1, |p| p.2.as_ref()).unwrap_or(&tier.play),
    )
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
    /// The cell as written.
    pub value: &'a str,
    /// Points of the score lost to this signal (hundredths).
    pub points_lost: f64,
}

/// A data gap in JSON output.
#[derive(Debug, Serialize)]
pub struct GapJson<'a> {
    /// Signal id.
    pub signal: &'a str,
    /// What the model does with an empty cell: exclude, neutral or worst.
    pub missing: &'static str,
    /// Points of the score the missing policy costs (null when the signal is left out).
    pub points_lost: Option<f64>,
}

/// A failed entry condition in JSON output.
#[derive(Debug, Serialize)]
pub struct FailedJson<'a> {
    /// Signal id.
    pub signal: &'a str,
    /// Its points (null when its cell is empty, which fails every condition).
    pub points: Option<f64>,
    /// The condition's lower bound.
    pub at_least: Option<f64>,
    /// The condition's upper bound.
    pub at_most: Option<f64>,
}

/// The tier an account's score reaches but its conditions keep it out of.
#[derive(Debug, Serialize)]
pub struct KeptOutJson<'a> {
    /// Tier id.
    pub tier: &'a str,
    /// The conditions it fails.
    pub failed: Vec<FailedJson<'a>>,
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
    /// Up to three signals whose values lose the most points.
    pub drivers: Vec<DriverJson<'a>>,
    /// `scored` or `insufficient-data`.
    pub status: &'static str,
    /// Signals with weight and no data, heaviest first.
    pub gaps: Vec<GapJson<'a>>,
    /// The tier its score reaches but an entry condition keeps it out of.
    pub kept_out: Option<KeptOutJson<'a>>,
}

/// The failed conditions of an account kept out of tier `t`: (signal, its points, the condition).
fn failed<'m>(
    model: &'m ValidModel,
    t: usize,
    by: &[usize],
    s: &Scored,
) -> Vec<(&'m str, Option<f64>, &'m ValidCondition)> {
    by.iter()
        .map(|&c| {
            let cond = &model.tiers[t].conditions[c];
            let i = cond.signal;
            let points = if s.present[i] { s.points[i] } else { None };
            (model.signals[i].id.as_str(), points, cond)
        })
        .collect()
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
        let model = self.model;
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
        match s.tier {
            Some(t) => {
                let tier = &model.tiers[t];
                let (sla, play) = model.playbook(t, &s.matched);
                for f in [tier.id.as_str(), &tier.name, sla, play] {
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
                    let _ = w.write_field(safe(&model.signals[i].id).as_bytes());
                    let _ = w.write_field(safe(row.raw(i)).as_bytes());
                    number(w, Some(round_centi(lost)));
                }
                None => {
                    for _ in 0..3 {
                        let _ = w.write_field("");
                    }
                }
            }
        }
        let _ = w.write_field(status(s));
        let gaps: Vec<&str> = s
            .gaps()
            .iter()
            .map(|(i, _)| model.signals[*i].id.as_str())
            .collect();
        let _ = w.write_field(gaps.join(" "));
        match s.kept_out {
            Some(t) => {
                let _ = w.write_field(safe(&model.tiers[t].id).as_bytes());
                let by: Vec<&str> = failed(model, t, &s.kept_out_by, s)
                    .iter()
                    .map(|f| f.0)
                    .collect();
                let _ = w.write_field(by.join(" "));
            }
            None => {
                let _ = w.write_field("");
                let _ = w.write_field("");
            }
        }
        let _ = w.write_record(None::<&[u8]>);
    }

    fn json_row(&mut self, row: &AccountRow<'_>, s: &Scored) {
        let model = self.model;
        let tier = s.tier.map(|t| &model.tiers[t]);
        let playbook = s.tier.map(|t| model.playbook(t, &s.matched));
        let a = AccountJson {
            account: row.account,
            segment: row.segment,
            plan: row.plan,
            arr: row.arr,
            score: s.score,
            tier: tier.map(|t| t.id.as_str()),
            tier_name: tier.map(|t| t.name.as_str()),
            sla: playbook.map(|p| p.0),
            play: playbook.map(|p| p.1),
            coverage: s.coverage,
            drivers: s
                .drivers
                .iter()
                .map(|&(i, lost)| DriverJson {
                    signal: &model.signals[i].id,
                    value: row.raw(i),
                    points_lost: round_centi(lost),
                })
                .collect(),
            status: status(s),
            gaps: s
                .gaps()
                .into_iter()
                .map(|(i, lost)| GapJson {
                    signal: &model.signals[i].id,
                    missing: missing_name(model.signals[i].missing),
                    points_lost: lost.map(round_centi),
                })
                .collect(),
            kept_out: s.kept_out.map(|t| KeptOutJson {
                tier: &model.tiers[t].id,
                failed: failed(model, t, &s.kept_out_by, s)
                    .into_iter()
                    .map(|(signal, points, c)| FailedJson {
                        signal,
                        points: points.map(round_centi),
                        at_least: c.at_least,
                        at_most: c.at_most,
                    })
                    .collect(),
            }),
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

/// Accounts that get a tier's SLA and play from an override, in JSON.
#[derive(Debug, Serialize)]
pub struct VariantJson {
    /// Who: "smb", "plan starter", "smb on plan starter".
    pub accounts_of: String,
    /// How many accounts.
    pub accounts: u64,
    /// Their ARR (null without an ARR column).
    pub arr: Option<f64>,
    /// Their SLA.
    pub sla: String,
    /// Their play.
    pub play: String,
}

/// A condition keeping accounts out of a tier, in JSON.
#[derive(Debug, Serialize)]
pub struct KeptOutByJson<'a> {
    /// Signal id.
    pub signal: &'a str,
    /// The condition's lower bound.
    pub at_least: Option<f64>,
    /// The condition's upper bound.
    pub at_most: Option<f64>,
    /// Accounts it kept out.
    pub accounts: u64,
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
    /// Their ARR (null without an ARR column).
    pub arr: Option<f64>,
    /// Accounts that get this tier's SLA or play from an override.
    pub variants: Vec<VariantJson>,
    /// Accounts whose score reaches this tier but whose data fails its conditions.
    pub kept_out: u64,
    /// Of those, per condition.
    pub kept_out_by: Vec<KeptOutByJson<'a>>,
}

/// A segment's totals in JSON.
#[derive(Debug, Serialize)]
pub struct SegmentJson {
    /// Segment ("" when the model has no segment column or the cell is empty).
    pub segment: String,
    /// Accounts.
    pub accounts: u64,
    /// ARR (null without an ARR column).
    pub arr: Option<f64>,
    /// Mean score of the accounts with a tier (hundredths), null when none.
    pub mean_score: Option<f64>,
    /// Accounts per tier id.
    pub tiers: std::collections::BTreeMap<String, u64>,
    /// Accounts with insufficient data.
    pub insufficient_data: u64,
}

/// An account with insufficient data, in the JSON summary.
#[derive(Debug, Serialize)]
pub struct InsufficientJson<'a> {
    /// Account id.
    pub account: &'a str,
    /// Segment.
    pub segment: &'a str,
    /// ARR.
    pub arr: Option<f64>,
    /// Coverage, percent.
    pub coverage: f64,
    /// The signals without data, heaviest first.
    pub gaps: Vec<&'a str>,
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
    /// The model's coverage floor, percent.
    pub coverage_floor: f64,
    /// Accounts without a tier for lack of data (coverage below the floor, or no data).
    pub insufficient_data: u64,
    /// Their ARR (null without an ARR column).
    pub insufficient_data_arr: Option<f64>,
    /// The first of them by ARR (then lowest coverage).
    pub insufficient_data_first: Vec<InsufficientJson<'a>>,
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
pub fn summary_json<'a>(model: &'a ValidModel, s: &'a Summary) -> SummaryJson<'a> {
    let arr = |x: f64| model.has_arr().then_some(x);
    let mut segments: Vec<SegmentJson> = s
        .segments
        .iter()
        .map(|(k, v)| SegmentJson {
            segment: text(k),
            accounts: v.accounts,
            arr: arr(v.arr),
            mean_score: mean(v.score_sum, v.scored),
            tiers: model
                .tiers
                .iter()
                .zip(&v.tiers)
                .map(|(t, n)| (t.id.clone(), *n))
                .collect(),
            insufficient_data: v.insufficient,
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
            .enumerate()
            .map(|(ti, (t, v))| TierJson {
                tier: &t.id,
                name: &t.name,
                accounts: v.accounts,
                arr: arr(v.arr),
                variants: v
                    .variants
                    .iter()
                    .map(|x| {
                        let (sla, play) = variant_playbook(model, ti, x.playbook);
                        VariantJson {
                            accounts_of: variant_who(model, x.playbook),
                            accounts: x.accounts,
                            arr: arr(x.arr),
                            sla: sla.to_string(),
                            play: play.to_string(),
                        }
                    })
                    .collect(),
                kept_out: v.kept_out,
                kept_out_by: t
                    .conditions
                    .iter()
                    .enumerate()
                    .map(|(ci, c)| KeptOutByJson {
                        signal: &model.signals[c.signal].id,
                        at_least: c.at_least,
                        at_most: c.at_most,
                        accounts: v.kept_out_by.get(ci).copied().unwrap_or(0),
                    })
                    .collect(),
            })
            .collect(),
        segments,
        coverage_floor: model.tiering.coverage_floor,
        insufficient_data: s.insufficient,
        insufficient_data_arr: arr(s.insufficient_arr),
        insufficient_data_first: s
            .insufficient_list
            .iter()
            .map(|l| InsufficientJson {
                account: &l.account,
                segment: &l.segment,
                arr: l.arr,
                coverage: l.coverage,
                gaps: l
                    .gaps
                    .iter()
                    .map(|(i, _)| model.signals[*i].id.as_str())
                    .collect(),
            })
            .collect(),
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
    /// Whether the model reads ARR (without it, nothing is said of ARR).
    has_arr: bool,
    /// "50%".
    floor: String,
    /// Highest tier first, each followed by its variants.
    tiers: Vec<TierView>,
    /// Lines under the tier table: accounts kept out of a tier by its conditions.
    kept_out: Vec<String>,
    insufficient: Option<String>,
    insufficient_share: String,
    insufficient_arr: String,
    tier_names: Vec<String>,
    segments: Vec<SegmentView>,
    /// Whether any segment has accounts with insufficient data.
    segments_insufficient: bool,
    watchlist: Vec<ListedView>,
    /// "lowest tier, then highest ARR" (or lowest score, without ARR).
    watch_order: String,
    gaps: Vec<ListedView>,
}

#[derive(Debug, Serialize)]
struct TierView {
    name: String,
    /// A row of accounts with their own SLA and play, under its tier's row.
    variant: bool,
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
    insufficient: String,
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
    /// The signals without data, heaviest first.
    gaps: Vec<String>,
}

/// A signal pulling a listed account's score down.
#[derive(Debug, Serialize)]
struct DriverView {
    signal: String,
    /// The cell as written.
    value: String,
    /// "-10.71".
    lost: String,
}

fn drivers(model: &ValidModel, l: &Listed) -> Vec<DriverView> {
    l.drivers
        .iter()
        .map(|(i, lost, v)| DriverView {
            signal: model.signals[*i].id.clone(),
            value: v.clone(),
            lost: format!("-{}", num(round_centi(*lost))),
        })
        .collect()
}

/// "active-users 25 (-10.71), …; no data: milestones, login-days", each value cut for a cell.
fn drivers_text(l: &ListedView) -> String {
    let mut t = l
        .drivers
        .iter()
        .map(|d| {
            format!(
                "{} {} ({})",
                d.signal,
                crate::text::excerpt(&d.value, 40),
                d.lost
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    if !l.gaps.is_empty() {
        if !t.is_empty() {
            t.push_str("; ");
        }
        t.push_str(&format!("no data: {}", l.gaps.join(", ")));
    }
    t
}

fn listed_view(model: &ValidModel, l: &Listed) -> ListedView {
    ListedView {
        account: l.account.clone(),
        segment: l.segment.clone(),
        arr: l.arr.map_or("-".into(), money),
        score: l.score.map_or("-".into(), num),
        tier: l
            .tier
            .map_or("Insufficient data".into(), |t| model.tiers[t].name.clone()),
        coverage: format!("{}%", num(l.coverage)),
        drivers: drivers(model, l),
        gaps: l
            .gaps
            .iter()
            .map(|(i, _)| model.signals[*i].id.clone())
            .collect(),
    }
}

impl View {
    fn of(model: &ValidModel, s: &Summary) -> View {
        let mut segs: Vec<_> = s.segments.iter().collect();
        segs.sort_by(|a, b| a.0.cmp(b.0));
        let show_segments = s.segments.len() > 1 || s.segments.keys().any(|k| !k.is_empty());
        let floor = format!("{}%", num(model.tiering.coverage_floor));
        let mut tiers = Vec::new();
        let mut kept_out = Vec::new();
        for (ti, (t, tot)) in model.tiers.iter().zip(&s.tiers).enumerate().rev() {
            tiers.push(TierView {
                name: t.name.clone(),
                variant: false,
                accounts: count(tot.accounts),
                share: share(tot.accounts, s.accounts),
                arr: money(tot.arr),
                sla: t.sla.clone(),
                play: t.play.clone(),
            });
            let mut variants: Vec<_> = tot.variants.iter().collect();
            variants.sort_by_key(|v| std::cmp::Reverse(v.accounts));
            for v in variants {
                let (sla, play) = variant_playbook(model, ti, v.playbook);
                tiers.push(TierView {
                    name: format!("of which {}", variant_who(model, v.playbook)),
                    variant: true,
                    accounts: count(v.accounts),
                    share: share(v.accounts, s.accounts),
                    arr: money(v.arr),
                    sla: sla.to_string(),
                    play: play.to_string(),
                });
            }
            if tot.kept_out > 0 {
                let by: Vec<String> = t
                    .conditions
                    .iter()
                    .enumerate()
                    .filter_map(|(ci, c)| {
                        let n = tot.kept_out_by.get(ci).copied().unwrap_or(0);
                        (n > 0).then(|| {
                            format!("{} {}: {}", model.signals[c.signal].id, bounds(c), count(n))
                        })
                    })
                    .collect();
                kept_out.push(format!(
                    "Kept out of {} by its conditions, not their score (which reaches {}): {} ({}; an empty cell fails a condition).",
                    t.name,
                    num(t.min),
                    counted(tot.kept_out, "account", "accounts"),
                    by.join("; ")
                ));
            }
        }
        View {
            title: model.about.title.clone(),
            id: model.about.id.clone(),
            version: model.about.version.clone(),
            accounts: count(s.accounts),
            coverage: format!("{}%", num(mean(s.coverage_sum, s.accounts).unwrap_or(0.0))),
            has_arr: model.has_arr(),
            floor,
            tiers,
            kept_out,
            insufficient: (s.insufficient > 0).then(|| count(s.insufficient)),
            insufficient_share: share(s.insufficient, s.accounts),
            insufficient_arr: money(s.insufficient_arr),
            tier_names: model.tiers.iter().map(|t| t.name.clone()).collect(),
            segments_insufficient: s.segments.values().any(|v| v.insufficient > 0),
            segments: if show_segments {
                segs.into_iter()
                    .map(|(k, v)| SegmentView {
                        // Accounts whose segment cell is empty get a row that says so.
                        name: if k.is_empty() {
                            "(no segment)".into()
                        } else {
                            text(k)
                        },
                        accounts: count(v.accounts),
                        arr: money(v.arr),
                        mean: mean(v.score_sum, v.scored).map_or("-".into(), num),
                        tiers: v.tiers.iter().map(|n| count(*n)).collect(),
                        insufficient: count(v.insufficient),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            watchlist: s.watchlist.iter().map(|l| listed_view(model, l)).collect(),
            watch_order: if model.has_arr() {
                "lowest tier, then highest ARR, then lowest score".into()
            } else {
                "lowest tier, then lowest score".into()
            },
            gaps: s
                .insufficient_list
                .iter()
                .map(|l| listed_view(model, l))
                .collect(),
        }
    }

    /// The line saying what "Insufficient data" means.
    fn insufficient_line(&self) -> Option<String> {
        self.insufficient.as_ref().map(|n| {
            let one = n == "1";
            let arr = if self.has_arr {
                format!(" (ARR {})", self.insufficient_arr)
            } else {
                String::new()
            };
            format!(
                "Insufficient data: {n} {}{arr} {} less than {} of the model's weight in data: no tier, no SLA, no play; listed below, apart from the tiers.",
                if one { "account" } else { "accounts" },
                if one { "has" } else { "have" },
                self.floor,
            )
        })
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
    let mut header = vec!["Tier", "Accounts", "Share"];
    if v.has_arr {
        header.push("ARR");
    }
    header.extend(["SLA", "Play"]);
    t.set_header(header);
    for tier in &v.tiers {
        let name = if tier.variant {
            format!("  {}", cell_text(&tier.name))
        } else {
            cell_text(&tier.name)
        };
        let mut row = vec![Cell::new(name), right(&tier.accounts), right(&tier.share)];
        if v.has_arr {
            row.push(right(&tier.arr));
        }
        row.extend([
            Cell::new(cell_text(&tier.sla)),
            Cell::new(cell_text(&tier.play)),
        ]);
        t.add_row(row);
    }
    if let Some(n) = &v.insufficient {
        let mut row = vec![
            Cell::new("Insufficient data"),
            right(n),
            right(&v.insufficient_share),
        ];
        if v.has_arr {
            row.push(right(&v.insufficient_arr));
        }
        row.extend([
            Cell::new("-"),
            Cell::new(format!("No tier: coverage below {}", v.floor)),
        ]);
        t.add_row(row);
    }
    out.push_str(&format!("{t}\n"));
    for l in v.insufficient_line().into_iter().chain(v.kept_out.clone()) {
        out.push_str(&crate::text::wrap(&l, usize::from(options.width), ""));
        out.push('\n');
    }
    if !v.segments.is_empty() {
        let mut t: Table = new_table(options);
        let mut header = vec![Cell::new("Segment"), Cell::new("Accounts")];
        if v.has_arr {
            header.push(Cell::new("ARR"));
        }
        header.push(Cell::new("Mean score"));
        header.extend(v.tier_names.iter().map(|n| Cell::new(cell_text(n))));
        if v.segments_insufficient {
            header.push(Cell::new("Insufficient\ndata"));
        }
        let last = header.len() - 1;
        t.set_header(header);
        if v.segments_insufficient {
            // Wide enough for "Insufficient" (12) and the padding: never split mid-word.
            if let Some(c) = t.column_mut(last) {
                c.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
                    comfy_table::Width::Fixed(14),
                ));
            }
        }
        for seg in &v.segments {
            let mut row = vec![Cell::new(cell_text(&seg.name)), right(&seg.accounts)];
            if v.has_arr {
                row.push(right(&seg.arr));
            }
            row.push(right(&seg.mean));
            row.extend(seg.tiers.iter().map(right));
            if v.segments_insufficient {
                row.push(right(&seg.insufficient));
            }
            t.add_row(row);
        }
        out.push_str(&format!("{t}\n"));
    }
    let listed = |title: String, rows: &[ListedView], out: &mut String| {
        if rows.is_empty() {
            return;
        }
        out.push_str(&paint.bold(&title));
        out.push('\n');
        let mut t: Table = new_table(options);
        let mut header = vec!["Account", "Segment"];
        if v.has_arr {
            header.push("ARR");
        }
        header.extend(["Score", "Tier", "Coverage", "Pulling it down (points lost)"]);
        t.set_header(header);
        for l in rows {
            let mut row = vec![
                Cell::new(cell_text(&l.account)),
                Cell::new(cell_text(&l.segment)),
            ];
            if v.has_arr {
                row.push(right(&l.arr));
            }
            row.extend([
                right(&l.score),
                Cell::new(cell_text(&l.tier)),
                right(&l.coverage),
                Cell::new(cell_text(&drivers_text(l))),
            ]);
            t.add_row(row);
        }
        out.push_str(&format!("{t}\n"));
    };
    listed(
        format!("Act first ({}):", v.watch_order),
        &v.watchlist,
        &mut out,
    );
    if !v.gaps.is_empty() {
        out.push_str(&paint.bold(format!(
            "Insufficient data ({}): fill the gaps before judging these:",
            if v.has_arr {
                "highest ARR, then lowest coverage"
            } else {
                "lowest coverage first"
            }
        )));
        out.push('\n');
        let mut t: Table = new_table(options);
        let mut header = vec!["Account", "Segment"];
        if v.has_arr {
            header.push("ARR");
        }
        header.extend(["Coverage", "No data (heaviest first)", "Provisional score"]);
        t.set_header(header);
        for l in &v.gaps {
            let mut row = vec![
                Cell::new(cell_text(&l.account)),
                Cell::new(cell_text(&l.segment)),
            ];
            if v.has_arr {
                row.push(right(&l.arr));
            }
            row.extend([
                right(&l.coverage),
                Cell::new(cell_text(&l.gaps.join(", "))),
                right(&l.score),
            ]);
            t.add_row(row);
        }
        out.push_str(&format!("{t}\n"));
    }
    out.into_bytes()
}

/// Colours of the tiers in charts, lowest tier first (repeating).
pub const TIER_COLOURS: [&str; 6] = [
    "#d64545", "#e9b949", "#3ebd93", "#2680c2", "#9446ed", "#627d98",
];

/// The colour of "Insufficient data" in charts.
pub const INSUFFICIENT_COLOUR: &str = "#9aa5b1";

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
    insufficient_line: Option<String>,
    bar: Vec<BarPart>,
}

/// The summary as a self-contained HTML page.
pub fn html(model: &ValidModel, s: &Summary, options: &ReportOptions) -> anyhow::Result<Vec<u8>> {
    let v = View::of(model, s);
    let total = s.accounts.max(1) as f64;
    let mut x = 0.0;
    let parts = model
        .tiers
        .iter()
        .zip(&s.tiers)
        .enumerate()
        .map(|(i, (t, tot))| {
            (
                t.name.clone(),
                tot.accounts,
                TIER_COLOURS[i % TIER_COLOURS.len()],
            )
        })
        .chain((s.insufficient > 0).then(|| {
            (
                "Insufficient data".to_string(),
                s.insufficient,
                INSUFFICIENT_COLOUR,
            )
        }));
    let bar = parts
        .map(|(name, accounts, colour)| {
            let w = accounts as f64 / total * 1000.0;
            let part = BarPart {
                name,
                accounts: count(accounts),
                share: share(accounts, s.accounts),
                x: format!("{x:.1}"),
                width: format!("{w:.1}"),
                colour,
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
            insufficient_line: v.insufficient_line(),
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
