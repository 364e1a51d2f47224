//! The report of `health plays`: did each play work, against a fair comparison.
//!
//! The analysis is turned once into a [`View`] (the JSON contract of
//! docs/health.md, with the sentences that say what the numbers mean); the
//! table, CSV and HTML page are drawn from that view, so every format says the
//! same thing.

use std::fmt::Write as _;

use comfy_table::{Cell, CellAlignment};
use serde::Serialize;

use super::common::{self, ReportOptions, cell_text};
use super::health::{count, safe};
use crate::date::Date;
use crate::health::model::ValidModel;
use crate::health::plays::{Analysis, Effect, Interval, PlayResult, SMALL, Settings, TierFrom};
use crate::text::printable;

/// What was read, for the report's header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Snapshot files read.
    pub files: u64,
    /// Snapshot rows read.
    pub rows: u64,
    /// Distinct accounts.
    pub accounts: u64,
    /// Snapshot dates, first to last (days since 1970-01-01).
    pub dates: Vec<i32>,
    /// Rows of the plays log.
    pub log_rows: u64,
    /// Log rows for accounts in no snapshot.
    pub log_unknown_rows: u64,
    /// Distinct account ids of those rows.
    pub log_unknown_accounts: u64,
    /// Log rows repeating an earlier row.
    pub log_duplicates: u64,
    /// Log rows whose end is before their start.
    pub log_ends_before_start: u64,
    /// Outcome rows matched to an account, when outcomes were given.
    pub outcomes: Option<u64>,
    /// Outcome rows for accounts in no snapshot.
    pub outcomes_without_account: u64,
}

/// Round to hundredths for output (percentage points and points); a value
/// that rounds to zero is 0, never -0.
fn r2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0 + 0.0
}

fn day(d: i32) -> String {
    Date::from_days(u64::try_from(d).unwrap_or(0)).to_string()
}

/// The whole report: the JSON document of `health plays --format json`.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// The model's id.
    pub model: String,
    /// The model's version.
    pub model_version: String,
    /// The model's title.
    pub title: String,
    /// What was read.
    pub snapshots: SnapshotsView,
    /// How the trials were set up.
    pub settings: SettingsView,
    /// The plays log as read.
    pub log: LogView,
    /// The outcomes as read (null without `--outcomes`).
    pub outcomes: Option<OutcomesView>,
    /// One entry per play, in the log's order.
    pub plays: Vec<PlayView>,
    /// The method in one paragraph.
    pub method: String,
}

/// The snapshots read.
#[derive(Debug, Clone, Serialize)]
pub struct SnapshotsView {
    /// Files read.
    pub files: u64,
    /// Rows read.
    pub rows: u64,
    /// Distinct accounts.
    pub accounts: u64,
    /// Distinct dates.
    pub dates: usize,
    /// The first date (YYYY-MM-DD), null without rows.
    pub first: Option<String>,
    /// The last date.
    pub last: Option<String>,
    /// The median gap between dates, days.
    pub cadence_days: Option<f64>,
}

/// The settings.
#[derive(Debug, Clone, Serialize)]
pub struct SettingsView {
    /// `--grace`, days.
    pub grace_days: u32,
    /// `--window`, days.
    pub window_days: u32,
    /// The window in snapshots (`round(window_days / cadence_days)`).
    pub window_snapshots: u32,
    /// Bootstrap replicates behind each interval.
    pub replicates: usize,
    /// How the comparison is adjusted.
    pub adjustment: &'static str,
}

/// The plays log.
#[derive(Debug, Clone, Serialize)]
pub struct LogView {
    /// Rows read.
    pub rows: u64,
    /// Rows for accounts in no snapshot (not counted).
    pub unknown_account_rows: u64,
    /// Distinct accounts of those rows.
    pub unknown_accounts: u64,
    /// Rows repeating an earlier row (account, play and start): counted once.
    pub duplicates: u64,
    /// Rows whose end date is before the start (the end is ignored).
    pub ends_before_start: u64,
}

/// The outcomes file.
#[derive(Debug, Clone, Serialize)]
pub struct OutcomesView {
    /// Outcomes matched to an account.
    pub matched: u64,
    /// Outcomes for accounts in no snapshot.
    pub without_account: u64,
}

/// Accounts left out of a trial, and why.
#[derive(Debug, Clone, Serialize)]
pub struct LeftOutView {
    /// The play was running before the account entered the tier.
    pub before_eligibility: u64,
    /// Already in the tier at the first snapshot: entry not seen.
    pub in_tier_at_first_snapshot: u64,
    /// Entered the tier at the last snapshot: no follow-up yet.
    pub entered_at_last_snapshot: u64,
}

/// Recovery within the window, percent and percentage points.
#[derive(Debug, Clone, Serialize)]
pub struct RecoveryView {
    /// Treated accounts recovered within the window (Kaplan–Meier), percent.
    pub treated_rate: f64,
    /// Comparison accounts, weighted to resemble the treated, percent.
    pub comparison_rate: f64,
    /// Treated − comparison, percentage points.
    pub difference: f64,
    /// 95% interval, lower bound.
    pub low: f64,
    /// 95% interval, upper bound.
    pub high: f64,
    /// Days until half the treated accounts recovered (snapshots × cadence); null
    /// when fewer than half did within the window.
    pub treated_median_days: Option<f64>,
    /// The same for the weighted comparison.
    pub comparison_median_days: Option<f64>,
    /// Snapshots until half the treated accounts recovered; null as above.
    pub treated_median_snapshots: Option<u32>,
    /// The same for the weighted comparison.
    pub comparison_median_snapshots: Option<u32>,
}

/// The comparison without weighting.
#[derive(Debug, Clone, Serialize)]
pub struct UnadjustedView {
    /// Comparison accounts recovered, unweighted, percent.
    pub comparison_rate: f64,
    /// Treated − that, percentage points.
    pub difference: f64,
}

/// The naive before/after figure.
#[derive(Debug, Clone, Serialize)]
pub struct NaiveView {
    /// Treated accounts seen in a healthier tier within the window, percent,
    /// minus the share before (0: all were in the tier), percentage points.
    pub difference: f64,
    /// Treated accounts' mean score change over the window, points.
    pub score_change: Option<f64>,
}

/// A difference of two arms with its interval.
#[derive(Debug, Clone, Serialize)]
pub struct ArmsView {
    /// Treated arm.
    pub treated: f64,
    /// Comparison arm (weighted).
    pub comparison: f64,
    /// Treated − comparison.
    pub difference: f64,
    /// 95% interval, lower bound.
    pub low: f64,
    /// 95% interval, upper bound.
    pub high: f64,
    /// Accounts counted (both arms).
    pub accounts: u64,
}

/// How well the weighting balanced the arms.
#[derive(Debug, Clone, Serialize)]
pub struct BalanceView {
    /// Standardised mean difference of the time-zero score before weighting.
    pub score_smd_before: f64,
    /// The same after (|SMD| < 0.1: balanced).
    pub score_smd_after: f64,
    /// The weighted comparison's effective number of accounts.
    pub comparison_effective_accounts: f64,
    /// Treated accounts with an estimated chance of treatment above 0.99.
    pub treated_without_overlap: u64,
}

/// A point of a Kaplan–Meier curve.
#[derive(Debug, Clone, Serialize)]
pub struct CurvePoint {
    /// Snapshots after time zero.
    pub snapshots: u32,
    /// The same in days (snapshots × cadence).
    pub days: f64,
    /// Percent recovered by then.
    pub recovered: f64,
}

/// Both arms' curves.
#[derive(Debug, Clone, Serialize)]
pub struct CurvesView {
    /// Treated accounts.
    pub treated: Vec<CurvePoint>,
    /// Comparison accounts, weighted.
    pub comparison: Vec<CurvePoint>,
}

/// One play.
#[derive(Debug, Clone, Serialize)]
pub struct PlayView {
    /// The play id, as in the log.
    pub play: String,
    /// The tier id whose entry starts a trial (null when unknown).
    pub tier: Option<String>,
    /// The tier's name.
    pub tier_name: Option<String>,
    /// How the tier was found: `model` (the model names the play), `inferred`
    /// (the tier most starts found their account in) or `unknown`.
    pub tier_from: &'static str,
    /// For `inferred`: the share of starts in that tier, percent.
    pub tier_share: Option<f64>,
    /// Accounts that entered the tier after the first snapshot (treated + comparison).
    pub eligible: u64,
    /// Eligible accounts whose play started within the grace days.
    pub treated: u64,
    /// Eligible accounts without the play within the grace days.
    pub comparison: u64,
    /// Accounts left out, and why.
    pub left_out: LeftOutView,
    /// Accounts with the play that were never in its tier.
    pub never_in_tier: u64,
    /// Comparison accounts whose play started after the grace days (followed until then).
    pub comparison_started_later: u64,
    /// Treated accounts seen recovered before their play started.
    pub recovered_before_play: u64,
    /// Whether either arm has fewer than 20 accounts (or effective accounts): provisional.
    pub small_sample: bool,
    /// Recovery within the window (null when an arm is empty or no tier is healthier).
    pub recovery: Option<RecoveryView>,
    /// The comparison without weighting.
    pub unadjusted: Option<UnadjustedView>,
    /// The naive before/after figure, biased (see `reading`).
    pub naive: Option<NaiveView>,
    /// Score change from time zero to the window's end: the difference in differences.
    pub score_change: Option<ArmsView>,
    /// Renewal rate, percent (with `--outcomes`).
    pub renewal: Option<ArmsView>,
    /// Balance of the arms.
    pub balance: Option<BalanceView>,
    /// Kaplan–Meier curves.
    pub curves: Option<CurvesView>,
    /// What the numbers say, in sentences (the same in every format).
    pub reading: Vec<String>,
}

/// The method, said once per report.
pub const METHOD: &str = "Each play is a target trial (Hernán & Robins 2016): an account becomes eligible when it first enters the play's tier (time zero); it is treated if the play starts within the grace days, otherwise it is in the comparison from the same time zero until its play starts, if ever (not yet treated, as in Callaway & Sant'Anna 2021). Recovery is reaching a healthier tier within the window (Kaplan–Meier, censored at renewal, at a late play start and at the end of the data). Because who gets a play depends on the score, and the score predicts recovery, comparison accounts are weighted by their odds of treatment from a logistic model of treatment on the time-zero score and segment (inverse probability weighting for the effect on the treated). Intervals: 95%, bootstrap resampling accounts and refitting the model.";

/// `1 row`, `2,300 rows`.
fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// One decimal, from the value as the JSON gives it (hundredths), halves
/// rounded away from zero: the table, which reads the JSON's values, and the
/// sentences, which read the estimates, then always agree; never -0.0.
fn tenth(x: f64) -> String {
    let y = (r2(x) * 10.0).round() / 10.0 + 0.0;
    format!("{y:.1}")
}

/// [`tenth`] with its sign (+0.0 for a value just above zero).
fn signed(x: f64) -> String {
    if r2(x) > 0.0 {
        format!("+{}", tenth(x))
    } else {
        tenth(x)
    }
}

fn interval_text(i: &Interval, unit: &str) -> String {
    if i.low.is_finite() && i.high.is_finite() {
        format!(
            "{}{unit} (95% CI {} to {})",
            signed(i.value),
            signed(i.low),
            signed(i.high)
        )
    } else {
        format!("{}{unit} (no interval)", signed(i.value))
    }
}

fn arms(value: (f64, f64), i: &Interval, accounts: u64) -> ArmsView {
    ArmsView {
        treated: r2(value.0),
        comparison: r2(value.1),
        difference: r2(i.value),
        low: r2(i.low),
        high: r2(i.high),
        accounts,
    }
}

/// The sentences under a play's numbers.
fn reading(model: &ValidModel, p: &PlayResult, settings: &Settings, window: &str) -> Vec<String> {
    let c = &p.counts;
    let tier = p
        .tier
        .map_or("its tier".to_string(), |t| model.tiers[t].name.clone());
    let mut out = Vec::new();
    match p.tier_from {
        TierFrom::Inferred(share) => out.push(format!(
            "The model names no play `{}`: its tier is taken to be {tier}, where {:.0}% of its starts found their account.",
            p.play,
            share * 100.0
        )),
        TierFrom::Unknown => out.push(format!(
            "The model names no play `{}` and none of its accounts had a tier when it started: nothing to measure.",
            p.play
        )),
        TierFrom::Model => {}
    }
    if p.tier.is_some() && !p.healthier {
        out.push(format!(
            "{tier} is the model's highest tier: there is no healthier tier to recover to, so recovery is not measured."
        ));
    }
    match &p.effect {
        Some(e) => {
            let d = &e.difference;
            let verdict = if d.low > 0.0 {
                "The play helped: the interval is above 0."
            } else if d.high < 0.0 {
                "Accounts did worse with the play: the interval is below 0."
            } else {
                "No clear effect: the interval includes 0."
            };
            out.push(format!(
                "Reached a healthier tier within {window}: {} with the play, {} for comparable accounts without it, a difference of {}. {verdict}",
                pct_text(e.treated_rate),
                pct_text(e.comparison_rate),
                interval_text(d, " points")
            ));
            out.push(format!(
                "Naive before/after: {} of treated accounts reached a healthier tier (before, all were {tier}). This is not the play's effect: accounts chosen because their score fell tend to rise on their own (regression to the mean), and comparable accounts without the play recovered {} of the time. Counting from the play's start, or comparing accounts that ever got it with those that never did, adds immortal-time bias: an account must stay unrecovered long enough to receive the play.",
                pct_text(e.naive_recovered),
                pct_text(e.comparison_rate)
            ));
            out.push(format!(
                "Unadjusted, the comparison recovered {} ({} points): who gets the play depends on the score, and the score predicts recovery, so comparison accounts are weighted to the treated accounts' scores and segments (score difference {:.2} SD before weighting, {:.2} after).",
                pct_text(e.unadjusted_comparison_rate),
                signed(e.treated_rate - e.unadjusted_comparison_rate),
                r2(e.score_smd_before),
                r2(e.score_smd_after)
            ));
            if e.score_smd_after.abs() > 0.1 {
                out.push(format!(
                    "The arms' scores still differ after weighting ({:.2} SD, above 0.1): read the difference with care.",
                    r2(e.score_smd_after)
                ));
            }
            if e.without_overlap > 0 {
                out.push(format!(
                    "{} almost always get the play (estimated chance above 99%): no comparable account went without it, so the comparison cannot stand in for them.",
                    counted(e.without_overlap, "treated account is of a kind that", "treated accounts are of a kind that")
                ));
            }
        }
        None if p.healthier && p.tier.is_some() => out.push(format!(
            "No estimate: {} treated and {} comparison accounts; both arms need at least one.",
            count(c.treated),
            count(c.comparison)
        )),
        None => {}
    }
    if p.small() && (c.treated > 0 || c.comparison > 0) {
        out.push(format!(
            "Small sample ({} treated, {} comparison{}): provisional, at least {SMALL} in each arm are needed to read it.",
            count(c.treated),
            count(c.comparison),
            p.effect.as_ref().map_or(String::new(), |e| format!(
                ", {:.0} effective after weighting",
                e.comparison_ess
            ))
        ));
    }
    let mut left = Vec::new();
    if c.in_tier_at_first_snapshot > 0 {
        left.push(format!(
            "{} already {tier} at the first snapshot (their entry was not seen)",
            count(c.in_tier_at_first_snapshot)
        ));
    }
    if c.before_eligibility > 0 {
        left.push(format!(
            "{} whose play was running before they entered {tier}",
            count(c.before_eligibility)
        ));
    }
    if c.entered_at_last_snapshot > 0 {
        left.push(format!(
            "{} that entered {tier} at the last snapshot (no follow-up yet)",
            count(c.entered_at_last_snapshot)
        ));
    }
    if !left.is_empty() {
        out.push(format!("Left out: {}.", left.join("; ")));
    }
    if c.never_in_tier > 0 {
        out.push(format!(
            "{} got the play without ever being {tier}: not counted.",
            counted(c.never_in_tier, "account", "accounts")
        ));
    }
    if c.started_later > 0 {
        out.push(format!(
            "{} got the play more than {} days after entering: followed until it started.",
            counted(c.started_later, "comparison account", "comparison accounts"),
            settings.grace
        ));
    }
    if c.recovered_before_play > 0 {
        out.push(format!(
            "{} seen in a healthier tier before the play started (counted as treated).",
            counted(
                c.recovered_before_play,
                "treated account was",
                "treated accounts were"
            )
        ));
    }
    out
}

fn curve(points: &[(u32, f64)], cadence: f64) -> Vec<CurvePoint> {
    points
        .iter()
        .map(|&(s, pct)| CurvePoint {
            snapshots: s,
            days: (f64::from(s) * cadence).round(),
            recovered: r2(pct),
        })
        .collect()
}

fn effect_views(
    e: &Effect,
    cadence: f64,
) -> (
    RecoveryView,
    UnadjustedView,
    NaiveView,
    BalanceView,
    CurvesView,
) {
    let days = |m: Option<u32>| m.map(|s| (f64::from(s) * cadence).round());
    (
        RecoveryView {
            treated_rate: r2(e.treated_rate),
            comparison_rate: r2(e.comparison_rate),
            difference: r2(e.difference.value),
            low: r2(e.difference.low),
            high: r2(e.difference.high),
            treated_median_days: days(e.treated_median),
            comparison_median_days: days(e.comparison_median),
            treated_median_snapshots: e.treated_median,
            comparison_median_snapshots: e.comparison_median,
        },
        UnadjustedView {
            comparison_rate: r2(e.unadjusted_comparison_rate),
            difference: r2(e.treated_rate - e.unadjusted_comparison_rate),
        },
        NaiveView {
            difference: r2(e.naive_recovered),
            score_change: e.naive_score_change.map(r2),
        },
        BalanceView {
            score_smd_before: r2(e.score_smd_before),
            score_smd_after: r2(e.score_smd_after),
            comparison_effective_accounts: e.comparison_ess.round(),
            treated_without_overlap: e.without_overlap,
        },
        CurvesView {
            treated: curve(&e.treated_curve, cadence),
            comparison: curve(&e.comparison_curve, cadence),
        },
    )
}

/// Works the analysis out into the report's view.
pub fn view(model: &ValidModel, a: &Analysis, facts: &Facts, settings: &Settings) -> View {
    let cadence = a.cadence.unwrap_or(f64::from(settings.window));
    let window = format!("{} days", settings.window);
    let plays = a
        .plays
        .iter()
        .map(|p| {
            let c = &p.counts;
            let (recovery, unadjusted, naive, balance, curves) =
                match p.effect.as_ref().map(|e| effect_views(e, cadence)) {
                    Some((r, u, n, b, cv)) => (Some(r), Some(u), Some(n), Some(b), Some(cv)),
                    None => (None, None, None, None, None),
                };
            let e = p.effect.as_ref();
            PlayView {
                play: p.play.clone(),
                tier: p.tier.map(|t| model.tiers[t].id.clone()),
                tier_name: p.tier.map(|t| model.tiers[t].name.clone()),
                tier_from: match p.tier_from {
                    TierFrom::Model => "model",
                    TierFrom::Inferred(_) => "inferred",
                    TierFrom::Unknown => "unknown",
                },
                tier_share: match p.tier_from {
                    TierFrom::Inferred(s) => Some(r2(s * 100.0)),
                    _ => None,
                },
                eligible: c.eligible,
                treated: c.treated,
                comparison: c.comparison,
                left_out: LeftOutView {
                    before_eligibility: c.before_eligibility,
                    in_tier_at_first_snapshot: c.in_tier_at_first_snapshot,
                    entered_at_last_snapshot: c.entered_at_last_snapshot,
                },
                never_in_tier: c.never_in_tier,
                comparison_started_later: c.started_later,
                recovered_before_play: c.recovered_before_play,
                small_sample: p.small(),
                recovery,
                unadjusted,
                naive,
                score_change: e
                    .and_then(|e| e.score_change.as_ref())
                    .map(|s| arms((s.treated, s.comparison), &s.difference, s.accounts)),
                renewal: e.and_then(|e| e.renewal.as_ref()).map(|r| {
                    arms(
                        (r.treated_rate, r.comparison_rate),
                        &r.difference,
                        r.accounts,
                    )
                }),
                balance,
                curves,
                reading: reading(model, p, settings, &window),
            }
        })
        .collect();
    View {
        model: model.about.id.clone(),
        model_version: model.about.version.clone(),
        title: model.about.title.clone(),
        snapshots: SnapshotsView {
            files: facts.files,
            rows: facts.rows,
            accounts: facts.accounts,
            dates: facts.dates.len(),
            first: facts.dates.first().map(|&d| day(d)),
            last: facts.dates.last().map(|&d| day(d)),
            cadence_days: a.cadence,
        },
        settings: SettingsView {
            grace_days: settings.grace,
            window_days: settings.window,
            window_snapshots: a.steps,
            replicates: settings.replicates,
            adjustment: "att-ipw: comparison weighted by the odds of treatment (logistic: time-zero score, its square, segment)",
        },
        log: LogView {
            rows: facts.log_rows,
            unknown_account_rows: facts.log_unknown_rows,
            unknown_accounts: facts.log_unknown_accounts,
            duplicates: facts.log_duplicates,
            ends_before_start: facts.log_ends_before_start,
        },
        outcomes: facts.outcomes.map(|matched| OutcomesView {
            matched,
            without_account: facts.outcomes_without_account,
        }),
        plays,
        method: METHOD.to_string(),
    }
}

/// What the report says when the log has nothing to measure.
const NO_PLAYS: &str = "No plays to measure: the log has no rows for accounts in these snapshots.";

/// The header lines every format shows: what was read and how.
fn facts_lines(v: &View) -> Vec<String> {
    let s = &v.snapshots;
    let mut out = vec![format!(
        "{}{} ({} in {}, {}){} · grace {} days · window {} days ({})",
        counted(s.dates as u64, "snapshot", "snapshots"),
        match (&s.first, &s.last) {
            (Some(f), Some(l)) if f == l => format!(" on {f}"),
            (Some(f), Some(l)) => format!(" {f} to {l}"),
            _ => String::new(),
        },
        counted(s.rows, "row", "rows"),
        counted(s.files, "file", "files"),
        counted(s.accounts, "account", "accounts"),
        s.cadence_days.map_or(String::new(), |c| format!(
            ", every {} days",
            super::health::num(c)
        )),
        v.settings.grace_days,
        v.settings.window_days,
        counted(
            u64::from(v.settings.window_snapshots),
            "snapshot",
            "snapshots"
        )
    )];
    let l = &v.log;
    let mut log = format!("Plays log: {}", counted(l.rows, "row", "rows"));
    if l.unknown_account_rows > 0 {
        let _ = write!(
            log,
            "; {} for {} in no snapshot (not counted)",
            counted(l.unknown_account_rows, "row", "rows"),
            counted(l.unknown_accounts, "account", "accounts")
        );
    }
    if l.duplicates > 0 {
        let _ = write!(
            log,
            "; {} counted once",
            counted(l.duplicates, "repeated row", "repeated rows")
        );
    }
    if l.ends_before_start > 0 {
        let _ = write!(
            log,
            "; {} before {} start (end ignored)",
            counted(l.ends_before_start, "row ends", "rows end"),
            if l.ends_before_start == 1 {
                "its"
            } else {
                "their"
            }
        );
    }
    log.push('.');
    out.push(log);
    if let Some(o) = &v.outcomes {
        out.push(format!(
            "Outcomes: {} matched{}.",
            count(o.matched),
            if o.without_account > 0 {
                format!(", {} for accounts in no snapshot", count(o.without_account))
            } else {
                String::new()
            }
        ));
    }
    out
}

fn pct_text(x: f64) -> String {
    format!("{}%", tenth(x))
}

fn ci_text(d: f64, low: f64, high: f64, unit: &str) -> String {
    if low.is_finite() && high.is_finite() {
        format!("{}{unit} ({} to {})", signed(d), signed(low), signed(high))
    } else {
        format!("{}{unit}", signed(d))
    }
}

/// The table rows of one play: (what, with the play, comparison, difference).
fn rows(v: &View, p: &PlayView) -> Vec<[String; 4]> {
    let mut out = vec![[
        "Accounts".to_string(),
        count(p.treated),
        count(p.comparison),
        String::new(),
    ]];
    if let (Some(r), Some(u), Some(n)) = (&p.recovery, &p.unadjusted, &p.naive) {
        out.push([
            format!("Recovered within {} days", v.settings.window_days),
            pct_text(r.treated_rate),
            pct_text(r.comparison_rate),
            ci_text(r.difference, r.low, r.high, " pts"),
        ]);
        let med = |s: Option<u32>, d: Option<f64>| match (s, d) {
            (Some(s), Some(d)) => format!(
                "{s} {} (~{d} days)",
                if s == 1 { "snapshot" } else { "snapshots" }
            ),
            _ => "not reached".to_string(),
        };
        out.push([
            "Median time to recover".into(),
            med(r.treated_median_snapshots, r.treated_median_days),
            med(r.comparison_median_snapshots, r.comparison_median_days),
            String::new(),
        ]);
        if let Some(s) = &p.score_change {
            out.push([
                "Score change (points)".into(),
                signed(s.treated),
                signed(s.comparison),
                ci_text(s.difference, s.low, s.high, ""),
            ]);
        }
        if let Some(s) = &p.renewal {
            out.push([
                "Renewed".into(),
                pct_text(s.treated),
                pct_text(s.comparison),
                ci_text(s.difference, s.low, s.high, " pts"),
            ]);
        }
        out.push([
            "Unadjusted comparison".into(),
            String::new(),
            pct_text(u.comparison_rate),
            format!("{} pts", signed(u.difference)),
        ]);
        out.push([
            "Naive before → after (biased)".into(),
            format!("0% → {}", pct_text(n.difference)),
            String::new(),
            format!("{} pts", signed(n.difference)),
        ]);
    }
    out
}

fn heading(p: &PlayView) -> String {
    let tier = p.tier_name.as_deref().unwrap_or("no tier");
    let from = match p.tier_from {
        "model" => "the model's play",
        "inferred" => "tier inferred from the starts",
        _ => "tier unknown",
    };
    format!(
        "{} → {tier} ({from}): {} eligible, {} with the play, {} comparison{}",
        p.play,
        count(p.eligible),
        count(p.treated),
        count(p.comparison),
        if p.small_sample {
            " · SMALL SAMPLE, provisional"
        } else {
            ""
        }
    )
}

/// The terminal report.
pub fn table(v: &View, options: &ReportOptions) -> Vec<u8> {
    let mut out = format!(
        "{}: did the plays work?\n",
        common::title_line(options.paint(), &v.title, &v.model, &v.model_version)
    );
    let wrap = usize::from(options.width.max(40));
    // A line wrapped to the width, its continuation lines indented.
    let hanging = |text: &str| crate::text::wrap(text, wrap, "  ").trim_start().to_owned();
    for l in facts_lines(v) {
        let _ = writeln!(out, "{}", hanging(&printable(&l)));
    }
    if v.plays.is_empty() {
        let _ = writeln!(out, "\n{NO_PLAYS}");
    }
    for p in &v.plays {
        // Bold line by line, so a pager that resets styles at a line break keeps it.
        let head = hanging(&cell_text(&heading(p)));
        let head: Vec<String> = head.lines().map(|l| options.paint().bold(l)).collect();
        let _ = writeln!(out, "\n{}", head.join("\n"));
        let rows = rows(v, p);
        if rows.len() > 1 {
            let mut t = common::new_table(options);
            t.set_header(vec![
                "",
                "With the play",
                "Comparison",
                "Difference (95% CI)",
            ]);
            for r in rows {
                t.add_row(vec![
                    Cell::new(&r[0]),
                    Cell::new(&r[1]).set_alignment(CellAlignment::Right),
                    Cell::new(&r[2]).set_alignment(CellAlignment::Right),
                    Cell::new(&r[3]).set_alignment(CellAlignment::Right),
                ]);
            }
            let _ = writeln!(out, "{t}");
        }
        for s in &p.reading {
            let _ = writeln!(out, "{}", crate::text::wrap(&printable(s), wrap, "  "));
        }
    }
    let _ = writeln!(out, "\n{}", hanging(&format!("Method: {METHOD}")));
    out.into_bytes()
}

/// One JSON document (docs/health.md, `health plays`).
pub fn json(v: &View) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(v).unwrap_or_default();
    out.push(b'\n');
    out
}

/// The columns of the CSV, one row per play.
pub const CSV_COLUMNS: [&str; 33] = [
    "play",
    "tier",
    "tier_from",
    "eligible",
    "treated",
    "comparison",
    "small_sample",
    "treated_rate",
    "comparison_rate",
    "difference",
    "low",
    "high",
    "treated_median_days",
    "comparison_median_days",
    "unadjusted_comparison_rate",
    "unadjusted_difference",
    "naive_difference",
    "naive_score_change",
    "score_change_treated",
    "score_change_comparison",
    "score_change_difference",
    "score_change_low",
    "score_change_high",
    "renewal_treated_rate",
    "renewal_comparison_rate",
    "renewal_difference",
    "renewal_low",
    "renewal_high",
    "before_eligibility",
    "in_tier_at_first_snapshot",
    "entered_at_last_snapshot",
    "never_in_tier",
    "comparison_started_later",
];

/// One row per play: counts, rates (percent) and differences (points); empty where unknown.
pub fn csv(v: &View) -> Vec<u8> {
    let n = |x: Option<f64>| {
        x.filter(|x| x.is_finite())
            .map_or(String::new(), super::health::num)
    };
    let mut w = super::health::csv_writer();
    let _ = w.write_record(CSV_COLUMNS);
    for p in &v.plays {
        let r = p.recovery.as_ref();
        let s = p.score_change.as_ref();
        let rn = p.renewal.as_ref();
        let cells = [
            safe(&p.play).into_owned(),
            safe(p.tier.as_deref().unwrap_or("")).into_owned(),
            p.tier_from.to_string(),
            p.eligible.to_string(),
            p.treated.to_string(),
            p.comparison.to_string(),
            p.small_sample.to_string(),
            n(r.map(|r| r.treated_rate)),
            n(r.map(|r| r.comparison_rate)),
            n(r.map(|r| r.difference)),
            n(r.map(|r| r.low)),
            n(r.map(|r| r.high)),
            n(r.and_then(|r| r.treated_median_days)),
            n(r.and_then(|r| r.comparison_median_days)),
            n(p.unadjusted.as_ref().map(|u| u.comparison_rate)),
            n(p.unadjusted.as_ref().map(|u| u.difference)),
            n(p.naive.as_ref().map(|u| u.difference)),
            n(p.naive.as_ref().and_then(|u| u.score_change)),
            n(s.map(|s| s.treated)),
            n(s.map(|s| s.comparison)),
            n(s.map(|s| s.difference)),
            n(s.map(|s| s.low)),
            n(s.map(|s| s.high)),
            n(rn.map(|s| s.treated)),
            n(rn.map(|s| s.comparison)),
            n(rn.map(|s| s.difference)),
            n(rn.map(|s| s.low)),
            n(rn.map(|s| s.high)),
            p.left_out.before_eligibility.to_string(),
            p.left_out.in_tier_at_first_snapshot.to_string(),
            p.left_out.entered_at_last_snapshot.to_string(),
            p.never_in_tier.to_string(),
            p.comparison_started_later.to_string(),
        ];
        let _ = w.write_record(&cells);
    }
    super::health::csv_bytes(w)
}

/// A Kaplan–Meier chart's drawing: step paths for both arms, in a 600 × 260 box.
#[derive(Debug, Clone, Serialize)]
struct Chart {
    treated: String,
    comparison: String,
    /// (x, label) ticks on the days axis.
    ticks: Vec<(f64, String)>,
    /// What the chart shows, for screen readers.
    label: String,
}

const X0: f64 = 50.0;
const X1: f64 = 580.0;
const Y0: f64 = 220.0;
const Y1: f64 = 20.0;

/// The x of `s` snapshots: the axis runs half a snapshot past the window, so
/// the last step shows.
fn step_x(s: f64, steps: u32) -> f64 {
    X0 + (X1 - X0) * s / (f64::from(steps.max(1)) + 0.5)
}

fn step_path(points: &[CurvePoint], steps: u32) -> String {
    let x = |s: f64| step_x(s, steps);
    let y = |p: f64| Y0 - (Y0 - Y1) * p / 100.0;
    let mut d = format!("M{:.1},{:.1}", x(0.0), y(0.0));
    for p in points {
        let _ = write!(
            d,
            " H{:.1} V{:.1}",
            x(f64::from(p.snapshots)),
            y(p.recovered)
        );
    }
    let _ = write!(d, " H{:.1}", x(f64::from(steps) + 0.5));
    d
}

fn chart(v: &View, p: &PlayView) -> Option<Chart> {
    let c = p.curves.as_ref()?;
    let r = p.recovery.as_ref()?;
    let steps = v.settings.window_snapshots;
    let cadence = v.snapshots.cadence_days.unwrap_or(30.0);
    let ticks = (0..=steps)
        .map(|s| {
            (
                step_x(f64::from(s), steps),
                format!("{}", (f64::from(s) * cadence).round()),
            )
        })
        .collect();
    Some(Chart {
        treated: step_path(&c.treated, steps),
        comparison: step_path(&c.comparison, steps),
        ticks,
        label: format!(
            "Share of accounts recovered over {} days: {} with the play, {} for the weighted comparison",
            v.settings.window_days,
            pct_text(r.treated_rate),
            pct_text(r.comparison_rate)
        ),
    })
}

const TEMPLATE: &str = include_str!("templates/health_plays.html");

/// The HTML page: per play, the Kaplan–Meier curves (inline SVG), the table and the reading.
pub fn html(v: &View, options: &ReportOptions) -> anyhow::Result<Vec<u8>> {
    let plays: Vec<serde_json::Value> = v
        .plays
        .iter()
        .map(|p| {
            serde_json::json!({
                "heading": heading(p),
                "rows": rows(v, p),
                "chart": chart(v, p),
                "reading": p.reading,
            })
        })
        .collect();
    common::render_page(
        "health_plays.html",
        TEMPLATE,
        serde_json::json!({
            "v": v,
            "facts": facts_lines(v),
            "plays": plays,
            "no_plays": NO_PLAYS,
            "date": options.date,
            "version": env!("CARGO_PKG_VERSION"),
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::{pct_text, r2, signed};

    #[test]
    fn nothing_reads_minus_zero() {
        // A balance of -0.004 SD after weighting once read "-0.00 after".
        assert_eq!(format!("{:.2}", r2(-0.004)), "0.00");
        assert_eq!(r2(-0.004).to_string(), "0");
        assert_eq!(format!("{:.2}", r2(-0.76)), "-0.76");
        assert_eq!(signed(-0.04), "0.0");
        assert_eq!(signed(0.02), "+0.0");
        assert_eq!(signed(-0.06), "-0.1");
        // Halves away from zero, from the JSON's hundredths.
        assert_eq!(signed(6.25), "+6.3");
        assert_eq!(pct_text(36.2549), "36.3%");
        assert_eq!(pct_text(r2(36.2549)), "36.3%");
    }
}
