//! Did the play work? Play effectiveness measured against a fair comparison
//! (seed 003: "Trigger Plays", "Govern monthly: review … play effectiveness").
//!
//! Pure: given every account's tier and score over time ([`History`]), the plays
//! log ([`PlayLog`]) and optionally renewal outcomes, [`analyse`] emulates one
//! target trial per play (Hernán & Robins 2016):
//!
//! - **time zero**: the first snapshot that shows an account in the play's tier;
//!   accounts already there at the first snapshot (their entry unseen) and
//!   accounts whose play was running before time zero are left out and counted;
//! - **arms**: *treated* when the play starts within `grace` days of time zero;
//!   otherwise *comparison*, followed from the same time zero until its play
//!   starts, if it ever does (not yet treated, as in Callaway & Sant'Anna 2021);
//! - **outcome**: reaching a healthier tier within `window` days, as a
//!   Kaplan–Meier curve censored at renewal, at a late play start and at the
//!   end of the data. The clock counts snapshots, not days: the window becomes
//!   `round(window / cadence)` snapshots, the cadence being the median gap
//!   between snapshot dates. Month-end snapshots fall 89 to 92 days apart over
//!   three months; a cut at exactly 90 days would give some accounts two
//!   chances to be seen recovered and others three, and Kaplan–Meier, which
//!   assumes one clock for all, would then overstate recovery;
//! - **adjustment**: who gets a play depends on the score, and the score also
//!   predicts recovery, so the comparison arm is weighted by the odds of
//!   treatment from a logistic model of treatment on the time-zero score (and
//!   its square) and segment: inverse probability of treatment weights for the
//!   effect on the treated (ATT);
//! - **uncertainty**: a 95% percentile interval from a bootstrap that resamples
//!   accounts and refits the treatment model in every replicate.
//!
//! Beside it: the unadjusted comparison, the naive before/after figure (what a
//! dashboard shows), the score change as a difference in differences, and the
//! renewal rate difference when outcomes are given.

use super::demo::Rng;
use super::fold::Fold;
use super::model::ValidModel;
use super::rows::AccountRow;
use super::score::{FastMap, Scored};

/// Bootstrap replicates behind every interval.
pub const REPLICATES: usize = 1000;

/// Below this many accounts (or effective accounts) in an arm, an estimate is provisional.
pub const SMALL: u64 = 20;

/// A treated account whose estimated chance of treatment is above this has almost no
/// comparable comparison account (a lack of overlap).
pub const OVERLAP: f64 = 0.99;

/// How the trials are set up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// A play starting this many days after time zero or sooner counts as treatment.
    pub grace: u32,
    /// Recovery is counted this many days after time zero (as snapshots: divided by the cadence).
    pub window: u32,
    /// Bootstrap replicates.
    pub replicates: usize,
    /// Seed of the bootstrap (the same seed gives the same intervals).
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            grace: 14,
            window: 90,
            replicates: REPLICATES,
            seed: 2016,
        }
    }
}

/// Where a snapshot row came from: the file (index in the caller's list) and line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Origin {
    /// The file's index.
    pub file: u32,
    /// The line in the file.
    pub line: u64,
}

/// One account in one snapshot.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// The snapshot date, in days since 1970-01-01.
    pub day: i32,
    /// The score, when the account has one.
    pub score: Option<f64>,
    /// The tier index, when the account has one.
    pub tier: Option<u16>,
    /// The segment (index into [`History::segments`]).
    pub segment: u32,
    /// Where the row is.
    pub origin: Origin,
}

/// An account with two rows on the same date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The account id.
    pub account: Vec<u8>,
    /// The date, in days since 1970-01-01.
    pub day: i32,
    /// The first row.
    pub first: Origin,
    /// The row repeating it.
    pub again: Origin,
}

/// Every account's tier and score over time: a fold over snapshot rows.
#[derive(Debug, Clone, Default)]
pub struct History {
    index: FastMap<Vec<u8>, u32>,
    segment_index: FastMap<Vec<u8>, u32>,
    /// Account ids, by account index.
    pub ids: Vec<Vec<u8>>,
    /// Segment names, by segment index.
    pub segments: Vec<Vec<u8>>,
    /// Each account's rows, sorted by date once [`History::finish`] ran.
    pub points: Vec<Vec<Point>>,
    /// The distinct snapshot dates, increasing, once [`History::finish`] ran.
    pub dates: Vec<i32>,
    /// Rows added.
    pub rows: u64,
}

impl History {
    /// Adds one scored row.
    pub fn add(
        &mut self,
        account: &[u8],
        segment: &[u8],
        day: i32,
        score: Option<f64>,
        tier: Option<usize>,
        origin: Origin,
    ) {
        self.rows += 1;
        let segment = match self.segment_index.get(segment) {
            Some(&s) => s,
            None => {
                let s = self.segments.len() as u32;
                self.segments.push(segment.to_vec());
                self.segment_index.insert(segment.to_vec(), s);
                s
            }
        };
        let a = match self.index.get(account) {
            Some(&a) => a as usize,
            None => {
                let a = self.ids.len();
                self.ids.push(account.to_vec());
                self.index.insert(account.to_vec(), a as u32);
                self.points.push(Vec::new());
                a
            }
        };
        self.points[a].push(Point {
            day,
            score,
            tier: tier.map(|t| t.min(usize::from(u16::MAX)) as u16),
            segment,
            origin,
        });
    }

    /// The index of an account id.
    pub fn account(&self, id: &[u8]) -> Option<u32> {
        self.index.get(id).copied()
    }

    /// Sorts every account's rows by date and lists the dates; returns the
    /// accounts with two rows on one date (at most `limit`), in file order.
    pub fn finish(&mut self, limit: usize) -> Vec<Duplicate> {
        let mut dup = Vec::new();
        let mut dates = Vec::new();
        for (a, pts) in self.points.iter_mut().enumerate() {
            pts.sort_by_key(|p| (p.day, p.origin.file, p.origin.line));
            for w in pts.windows(2) {
                if w[0].day == w[1].day && dup.len() < limit.max(1) * 4 {
                    dup.push(Duplicate {
                        account: self.ids[a].clone(),
                        day: w[0].day,
                        first: w[0].origin,
                        again: w[1].origin,
                    });
                }
            }
            dates.extend(pts.iter().map(|p| p.day));
        }
        dates.sort_unstable();
        dates.dedup();
        self.dates = dates;
        dup.sort_by_key(|d| (d.again.file, d.again.line));
        dup.truncate(limit);
        dup
    }

    /// The account's tier on a day: the tier of its last row on or before it.
    pub fn tier_on(&self, account: u32, day: i32) -> Option<usize> {
        let pts = &self.points[account as usize];
        let at = pts.partition_point(|p| p.day <= day);
        at.checked_sub(1).and_then(|i| pts[i].tier).map(usize::from)
    }
}

/// One scored row of a snapshots file.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredRow {
    /// The account id.
    pub account: Box<str>,
    /// The segment ("" without one).
    pub segment: Box<str>,
    /// The snapshot date, days since 1970-01-01.
    pub day: i32,
    /// The score, when the account has one.
    pub score: Option<f64>,
    /// The tier, when the account has one.
    pub tier: Option<usize>,
}

/// The fold a snapshots file is read with: its scored rows, in file order.
#[derive(Debug, Clone, Default)]
pub struct SnapshotRows(pub Vec<ScoredRow>);

impl Fold for SnapshotRows {
    fn add(&mut self, row: &AccountRow<'_>, scored: &Scored) {
        // The command reads only models with a date column, so every row has one.
        let day = row.date.map_or(i32::MIN, |d| d.days() as i32);
        self.0.push(ScoredRow {
            account: row.account.into(),
            segment: row.segment.into(),
            day,
            score: scored.score,
            tier: scored.tier,
        });
    }

    fn merge(&mut self, later: SnapshotRows) {
        self.0.extend(later.0);
    }
}

impl History {
    /// Adds the rows of file number `file`.
    pub fn add_rows(&mut self, rows: SnapshotRows, file: u32) {
        for r in rows.0 {
            self.add(
                r.account.as_bytes(),
                r.segment.as_bytes(),
                r.day,
                r.score,
                r.tier,
                Origin { file, line: 0 },
            );
        }
    }
}

/// One start of a play.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Start {
    /// Account index.
    pub account: u32,
    /// Play index (into [`PlayLog::plays`]).
    pub play: u32,
    /// The start date, in days since 1970-01-01.
    pub day: i32,
    /// The end date, when known.
    pub end: Option<i32>,
}

/// What [`PlayLog::add`] did with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// Kept.
    Kept,
    /// The account is in no snapshot: not counted.
    UnknownAccount,
    /// The same account, play and start as an earlier row: not counted again.
    Duplicate,
}

/// The plays log: which play started for which account when.
#[derive(Debug, Clone, Default)]
pub struct PlayLog {
    index: FastMap<String, u32>,
    seen: FastMap<(u32, u32, i32), ()>,
    /// Play ids as first written, in the order first seen; ids that differ
    /// only in case, or in spaces and underscores for hyphens, are one play.
    pub plays: Vec<String>,
    /// The starts kept.
    pub starts: Vec<Start>,
    /// Rows for accounts in no snapshot.
    pub unknown_accounts: u64,
    /// Distinct account ids in no snapshot.
    pub unknown_ids: FastMap<Vec<u8>, ()>,
    /// Rows repeating an earlier row.
    pub duplicates: u64,
    /// Rows whose end is before their start (the end is ignored).
    pub ends_before_start: u64,
}

impl PlayLog {
    /// Adds one row of the log.
    pub fn add(
        &mut self,
        history: &History,
        account: &[u8],
        play: &str,
        day: i32,
        end: Option<i32>,
    ) -> Added {
        let Some(a) = history.account(account) else {
            self.unknown_accounts += 1;
            self.unknown_ids.insert(account.to_vec(), ());
            return Added::UnknownAccount;
        };
        // `Rescue plan` and `rescue-plan` are one play, as they name one tier's play.
        let key = folded(play);
        let p = match self.index.get(&key) {
            Some(&p) => p,
            None => {
                let p = self.plays.len() as u32;
                self.plays.push(play.trim().to_string());
                self.index.insert(key, p);
                p
            }
        };
        if self.seen.insert((a, p, day), ()).is_some() {
            self.duplicates += 1;
            return Added::Duplicate;
        }
        let end = match end {
            Some(e) if e < day => {
                self.ends_before_start += 1;
                None
            }
            e => e,
        };
        self.starts.push(Start {
            account: a,
            play: p,
            day,
            end,
        });
        Added::Kept
    }
}

/// One account's renewal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Renewal {
    /// The renewal date, when known (days since 1970-01-01).
    pub day: Option<i32>,
    /// Whether it renewed.
    pub renewed: bool,
}

/// Lower-case, with spaces and underscores read as hyphens: how play ids and tier names are compared.
fn folded(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            ' ' | '_' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The tier whose play an id names: the tier's id or name, its play text, or
/// the play's name (the text before its first `:`), ignoring case and reading
/// spaces and underscores as hyphens (`rescue-plan` names "Rescue plan: …").
pub fn tier_of_play(model: &ValidModel, id: &str) -> Option<usize> {
    let id = folded(id);
    model.tiers.iter().position(|t| {
        let name = t.play.split(':').next().unwrap_or("");
        [t.id.as_str(), t.name.as_str(), t.play.as_str(), name]
            .iter()
            .any(|s| !s.trim().is_empty() && folded(s) == id)
    })
}

/// How a play's tier was found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TierFrom {
    /// The model names the play in a tier.
    Model,
    /// Not in the model: the tier most of its starts were in (the share of starts in it).
    Inferred(f64),
    /// Not in the model, and no start had an account with a tier.
    Unknown,
}

/// Accounts counted for one play, and why some are left out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Rows of the log for this play (after duplicates and unknown accounts).
    pub starts: u64,
    /// Accounts that entered the tier after the first snapshot (treated + comparison).
    pub eligible: u64,
    /// Eligible accounts whose play started within the grace days.
    pub treated: u64,
    /// Eligible accounts without the play within the grace days.
    pub comparison: u64,
    /// Comparison accounts whose play started after the grace days (followed until then).
    pub started_later: u64,
    /// Left out: the play was running before time zero.
    pub before_eligibility: u64,
    /// Accounts with the play that were never in its tier.
    pub never_in_tier: u64,
    /// Left out: in the tier at the first snapshot, so their entry was not seen.
    pub in_tier_at_first_snapshot: u64,
    /// Left out: entered the tier at the last snapshot, no follow-up yet.
    pub entered_at_last_snapshot: u64,
    /// Treated accounts seen in a healthier tier before their play started.
    pub recovered_before_play: u64,
    /// Eligible accounts that had the play earlier, ended before time zero.
    pub earlier_episode: u64,
}

/// An estimate with its 95% bootstrap interval (percentile method).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// The estimate.
    pub value: f64,
    /// The 2.5th percentile of the bootstrap replicates.
    pub low: f64,
    /// The 97.5th percentile.
    pub high: f64,
}

/// The score change from time zero to the end of the window, per arm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreChange {
    /// Mean change of treated accounts (points).
    pub treated: f64,
    /// Weighted mean change of comparison accounts (points).
    pub comparison: f64,
    /// Treated − comparison: the difference in differences.
    pub difference: Interval,
    /// Accounts with a score near the window's end (both arms).
    pub accounts: u64,
}

/// Renewal rates per arm, among accounts renewing after time zero.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Renewals {
    /// Treated accounts' renewal rate, percent.
    pub treated_rate: f64,
    /// Comparison accounts' weighted renewal rate, percent.
    pub comparison_rate: f64,
    /// Treated − comparison, percentage points.
    pub difference: Interval,
    /// Accounts with a renewal after time zero (both arms).
    pub accounts: u64,
}

/// What one play did, against its fair comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Effect {
    /// Treated accounts recovered within the window (Kaplan–Meier), percent.
    pub treated_rate: f64,
    /// Comparison accounts recovered within the window, weighted to resemble the treated, percent.
    pub comparison_rate: f64,
    /// Treated − comparison, percentage points, with its interval.
    pub difference: Interval,
    /// The comparison's rate without weighting, percent.
    pub unadjusted_comparison_rate: f64,
    /// Snapshots until half the treated accounts recovered (none: not within the window).
    pub treated_median: Option<u32>,
    /// Snapshots until half the (weighted) comparison accounts recovered.
    pub comparison_median: Option<u32>,
    /// The treated arm's Kaplan–Meier curve: (snapshots after time zero, percent
    /// recovered by then), at each step with a recovery.
    pub treated_curve: Vec<(u32, f64)>,
    /// The weighted comparison arm's curve.
    pub comparison_curve: Vec<(u32, f64)>,
    /// The naive figure: the share of treated accounts seen in a healthier tier
    /// within the window, percent (all were in the tier at time zero: before = 0).
    pub naive_recovered: f64,
    /// The naive score change: treated accounts' mean score change.
    pub naive_score_change: Option<f64>,
    /// The score's difference in differences.
    pub score_change: Option<ScoreChange>,
    /// Renewal rates, when outcomes were given.
    pub renewal: Option<Renewals>,
    /// Standardised mean difference of the time-zero score, treated vs comparison, unweighted.
    pub score_smd_before: f64,
    /// The same after weighting (|SMD| < 0.1 is the usual sign of balance).
    pub score_smd_after: f64,
    /// The weighted comparison's effective number of accounts (Kish).
    pub comparison_ess: f64,
    /// Treated accounts with an estimated chance of treatment above [`OVERLAP`].
    pub without_overlap: u64,
    /// Replicates that had both arms (the interval's base).
    pub replicates: usize,
}

/// One play's trial.
#[derive(Debug, Clone, PartialEq)]
pub struct PlayResult {
    /// The play id as in the log.
    pub play: String,
    /// The tier whose entry makes an account eligible.
    pub tier: Option<usize>,
    /// How the tier was found.
    pub tier_from: TierFrom,
    /// Whether the model has a healthier tier to recover to.
    pub healthier: bool,
    /// Accounts counted and left out.
    pub counts: Counts,
    /// The estimates; none when an arm is empty or there is no healthier tier.
    pub effect: Option<Effect>,
}

impl PlayResult {
    /// Whether the sample is too small to read the estimate as more than provisional.
    pub fn small(&self) -> bool {
        self.counts.treated < SMALL
            || self.counts.comparison < SMALL
            || self
                .effect
                .as_ref()
                .is_some_and(|e| e.comparison_ess < SMALL as f64)
    }
}

/// One eligible account in a trial.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Unit {
    treated: bool,
    score: f64,
    segment: u32,
    /// Snapshots from time zero to recovery or censoring (at most the window's).
    time: u32,
    event: bool,
    change: Option<f64>,
    renewed: Option<bool>,
}

/// Every play's trial, with the clock they share.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The median gap between snapshot dates, days (none with fewer than two dates).
    pub cadence: Option<f64>,
    /// The window in snapshots: `round(window / cadence)`, at least 1.
    pub steps: u32,
    /// One result per play, in the log's order of first appearance.
    pub plays: Vec<PlayResult>,
}

impl History {
    /// The median gap between consecutive snapshot dates, in days.
    pub fn cadence(&self) -> Option<f64> {
        let mut gaps: Vec<i32> = self.dates.windows(2).map(|w| w[1] - w[0]).collect();
        if gaps.is_empty() {
            return None;
        }
        gaps.sort_unstable();
        let n = gaps.len();
        Some(if n % 2 == 1 {
            f64::from(gaps[n / 2])
        } else {
            f64::from(gaps[n / 2 - 1] + gaps[n / 2]) / 2.0
        })
    }
}

/// Runs one trial per play of the log, in the log's order of first appearance.
pub fn analyse(
    model: &ValidModel,
    history: &History,
    log: &PlayLog,
    renewals: Option<&[Option<Renewal>]>,
    settings: &Settings,
) -> Analysis {
    let cadence = history.cadence();
    let steps = cadence.map_or(1, |c| {
        ((f64::from(settings.window) / c).round() as u32).max(1)
    });
    let mut by_play: Vec<Vec<Start>> = vec![Vec::new(); log.plays.len()];
    for s in &log.starts {
        by_play[s.play as usize].push(*s);
    }
    let plays = log
        .plays
        .iter()
        .zip(by_play)
        .enumerate()
        .map(|(p, (id, mut starts))| {
            starts.sort_by_key(|s| (s.account, s.day));
            let (tier, tier_from) = match tier_of_play(model, id) {
                Some(t) => (Some(t), TierFrom::Model),
                None => match infer_tier(history, &starts) {
                    Some((t, share)) => (Some(t), TierFrom::Inferred(share)),
                    None => (None, TierFrom::Unknown),
                },
            };
            let healthier = tier.is_some_and(|t| t + 1 < model.tiers.len());
            let mut result = PlayResult {
                play: id.clone(),
                tier,
                tier_from,
                healthier,
                counts: Counts {
                    starts: starts.len() as u64,
                    ..Counts::default()
                },
                effect: None,
            };
            if let Some(t) = tier {
                let units = trial(
                    history,
                    &starts,
                    t,
                    renewals,
                    settings,
                    steps,
                    &mut result.counts,
                );
                if healthier && result.counts.treated > 0 && result.counts.comparison > 0 {
                    result.effect = Some(estimate(&units, settings, steps, p as u64));
                }
            }
            result
        })
        .collect();
    Analysis {
        cadence,
        steps,
        plays,
    }
}

/// The tier most of a play's starts found their account in.
fn infer_tier(history: &History, starts: &[Start]) -> Option<(usize, f64)> {
    let mut counts: Vec<u64> = Vec::new();
    let mut known = 0u64;
    for s in starts {
        if let Some(t) = history.tier_on(s.account, s.day) {
            if counts.len() <= t {
                counts.resize(t + 1, 0);
            }
            counts[t] += 1;
            known += 1;
        }
    }
    let (t, n) = counts
        .iter()
        .enumerate()
        .max_by_key(|&(t, n)| (*n, std::cmp::Reverse(t)))?;
    (*n > 0).then(|| (t, *n as f64 / known as f64))
}

/// The eligible accounts of one play's trial; `starts` sorted by account, then day.
fn trial(
    history: &History,
    starts: &[Start],
    tier: usize,
    renewals: Option<&[Option<Renewal>]>,
    settings: &Settings,
    steps: u32,
    counts: &mut Counts,
) -> Vec<Unit> {
    let (Some(&first_day), Some(&last_day)) = (history.dates.first(), history.dates.last()) else {
        return Vec::new();
    };
    let grace = settings.grace as i32;
    let step = |day: i32| history.dates.partition_point(|&d| d < day) as u32;
    let k = tier as u16;
    let mut units = Vec::new();
    let mut at = 0;
    let starts_of = |a: u32, at: &mut usize| -> &[Start] {
        while *at < starts.len() && starts[*at].account < a {
            *at += 1;
        }
        let from = *at;
        while *at < starts.len() && starts[*at].account == a {
            *at += 1;
        }
        &starts[from..*at]
    };
    for (a, pts) in history.points.iter().enumerate() {
        let mine = starts_of(a as u32, &mut at);
        let Some(i0) = pts.iter().position(|p| p.tier == Some(k)) else {
            counts.never_in_tier += u64::from(!mine.is_empty());
            continue;
        };
        let zero = pts[i0];
        if zero.day == first_day {
            counts.in_tier_at_first_snapshot += 1;
            continue;
        }
        if zero.day == last_day {
            counts.entered_at_last_snapshot += 1;
            continue;
        }
        let t0 = zero.day;
        if mine
            .iter()
            .any(|s| s.day < t0 && s.end.is_none_or(|e| e >= t0))
        {
            counts.before_eligibility += 1;
            continue;
        }
        counts.earlier_episode += u64::from(mine.iter().any(|s| s.day < t0));
        let first_start = mine.iter().map(|s| s.day).find(|&d| d >= t0);
        let treated = first_start.is_some_and(|d| d - t0 <= grace);
        // Renewal and a late start end the follow-up (dates); the window counts snapshots.
        let mut end = i32::MAX;
        if let Some(Some(r)) = renewals.and_then(|r| r.get(a)) {
            if let Some(d) = r.day.filter(|&d| d > t0) {
                end = end.min(d);
            }
        }
        if !treated {
            if let Some(d) = first_start {
                counts.started_later += 1;
                end = end.min(d - 1);
            }
        }
        let s0 = step(t0);
        let followed = pts[i0 + 1..]
            .iter()
            .take_while(|p| p.day <= end && step(p.day) - s0 <= steps)
            .filter(|p| p.tier.is_some());
        let recovery = followed.clone().find(|p| p.tier.is_some_and(|t| t > k));
        let time = recovery
            .or_else(|| followed.clone().last())
            .map_or(0, |p| step(p.day) - s0);
        if let (true, Some(r), Some(d)) = (treated, recovery, first_start) {
            counts.recovered_before_play += u64::from(r.day < d);
        }
        let horizon = followed
            .filter(|p| 2 * (step(p.day) - s0) > steps)
            .filter_map(|p| p.score)
            .last();
        let renewed = renewals.and_then(|r| r.get(a)).and_then(|r| {
            r.filter(|r| r.day.is_none_or(|d| d > t0))
                .map(|r| r.renewed)
        });
        if treated {
            counts.treated += 1;
        } else {
            counts.comparison += 1;
        }
        units.push(Unit {
            treated,
            score: zero.score.unwrap_or(0.0),
            segment: zero.segment,
            time,
            event: recovery.is_some(),
            change: horizon.zip(zero.score).map(|(h, s)| h - s),
            renewed,
        });
    }
    counts.eligible = counts.treated + counts.comparison;
    units
}

/// The features of the treatment model, per covariate pattern: 1, z, z² (z the
/// standardised time-zero score, rounded to a tenth of a point) and one
/// indicator per segment but the largest. Accounts sharing a pattern share a
/// row, so the model is fitted on pattern counts (a binomial regression equal
/// to the per-account one) and a bootstrap replicate costs a few additions per account.
struct Design {
    /// Pattern rows, `p` features each.
    x: Vec<f64>,
    p: usize,
    /// Each account's pattern.
    pattern: Vec<u32>,
}

impl Design {
    fn new(units: &[Unit]) -> Design {
        let n = units.len() as f64;
        let mean = units.iter().map(|u| u.score).sum::<f64>() / n;
        let var = units.iter().map(|u| (u.score - mean).powi(2)).sum::<f64>() / n;
        let sd = var.sqrt();
        let mut sizes: FastMap<u32, u64> = FastMap::default();
        for u in units {
            *sizes.entry(u.segment).or_default() += 1;
        }
        let mut segs: Vec<(u32, u64)> = sizes.into_iter().collect();
        segs.sort_by_key(|&(s, n)| (std::cmp::Reverse(n), s));
        let dummies: Vec<u32> = segs.iter().skip(1).map(|&(s, _)| s).collect();
        let scaled = sd > 1e-9;
        let p = 1 + if scaled { 2 } else { 0 } + dummies.len();
        let mut index: FastMap<(i64, u32), u32> = FastMap::default();
        let mut x = Vec::new();
        let pattern = units
            .iter()
            .map(|u| {
                let tenths = (u.score * 10.0).round() as i64;
                *index.entry((tenths, u.segment)).or_insert_with(|| {
                    x.push(1.0);
                    if scaled {
                        let z = (tenths as f64 / 10.0 - mean) / sd;
                        x.push(z);
                        x.push(z * z);
                    }
                    x.extend(dummies.iter().map(|&s| f64::from(u8::from(u.segment == s))));
                    (x.len() / p - 1) as u32
                })
            })
            .collect();
        Design { x, p, pattern }
    }

    fn patterns(&self) -> usize {
        self.x.len() / self.p
    }

    fn row(&self, k: usize) -> &[f64] {
        &self.x[k * self.p..(k + 1) * self.p]
    }

    /// Per pattern: the treated accounts' and all accounts' multiplicities.
    fn counts(&self, slim: &[Slim], m: &[u16], counts: &mut Vec<(f64, f64)>) {
        counts.clear();
        counts.resize(self.patterns(), (0.0, 0.0));
        for (u, &mi) in slim.iter().zip(m) {
            let mi = f64::from(mi);
            let c = &mut counts[u.pattern as usize];
            c.1 += mi;
            if u.flags & TREATED != 0 {
                c.0 += mi;
            }
        }
    }

    /// Per pattern: the odds of treatment e/(1−e) under `beta`.
    fn odds(&self, beta: &[f64], odds: &mut Vec<f64>) {
        odds.clear();
        odds.extend((0..self.patterns()).map(|k| {
            let lin: f64 = self.row(k).iter().zip(beta).map(|(a, b)| a * b).sum();
            lin.exp()
        }));
    }
}

/// A uniform index below `n` (Lemire's multiply-shift).
fn below(rng: &mut Rng, n: usize) -> usize {
    ((u128::from(rng.next_u64()) * n as u128) >> 64) as usize
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Newton steps per bootstrap replicate, from the full sample's coefficients
/// (a k-step bootstrap, Andrews 2002: as accurate to first order as refitting
/// to convergence, at a fraction of the time).
const NEWTON_STEPS: usize = 2;

/// Ridge penalty on the non-intercept coefficients: keeps them finite when a
/// segment has only treated (or only comparison) accounts.
const RIDGE: f64 = 1e-4;

/// Newton–Raphson steps of a lightly penalised logistic regression on pattern
/// counts (treated, all).
fn fit(d: &Design, counts: &[(f64, f64)], beta: &mut [f64], steps: usize) {
    let p = d.p;
    let mut g = vec![0.0; p];
    let mut h = vec![0.0; p * p];
    for _ in 0..steps {
        g.iter_mut().for_each(|v| *v = 0.0);
        h.iter_mut().for_each(|v| *v = 0.0);
        for (k, &(treated, all)) in counts.iter().enumerate() {
            if all == 0.0 {
                continue;
            }
            let x = d.row(k);
            let e = sigmoid(x.iter().zip(beta.iter()).map(|(a, b)| a * b).sum());
            let r = treated - all * e;
            let v = all * e * (1.0 - e);
            for j in 0..p {
                g[j] += r * x[j];
                let vx = v * x[j];
                for k in 0..=j {
                    h[j * p + k] += vx * x[k];
                }
            }
        }
        for j in 1..p {
            g[j] -= RIDGE * beta[j];
            h[j * p + j] += RIDGE;
        }
        h[0] += 1e-9;
        let Some(step) = cholesky_solve(&mut h, &g, p) else {
            return;
        };
        let mut biggest: f64 = 0.0;
        for (b, s) in beta.iter_mut().zip(&step) {
            *b += s;
            biggest = biggest.max(s.abs());
        }
        if !biggest.is_finite() || biggest < 1e-10 {
            return;
        }
    }
}

/// Solves `H x = g` for a symmetric positive definite `H` (lower triangle filled).
fn cholesky_solve(h: &mut [f64], g: &[f64], p: usize) -> Option<Vec<f64>> {
    for j in 0..p {
        let mut s = h[j * p + j];
        for k in 0..j {
            s -= h[j * p + k] * h[j * p + k];
        }
        if s.is_nan() || s <= 0.0 {
            return None;
        }
        let d = s.sqrt();
        h[j * p + j] = d;
        for i in j + 1..p {
            let mut s = h[i * p + j];
            for k in 0..j {
                s -= h[i * p + k] * h[j * p + k];
            }
            h[i * p + j] = s / d;
        }
    }
    let mut y = g.to_vec();
    for i in 0..p {
        for k in 0..i {
            y[i] -= h[i * p + k] * y[k];
        }
        y[i] /= h[i * p + i];
    }
    for i in (0..p).rev() {
        for k in i + 1..p {
            y[i] -= h[k * p + i] * y[k];
        }
        y[i] /= h[i * p + i];
    }
    Some(y)
}

/// Kaplan–Meier of recovery for one arm with weights: the percent recovered by the
/// window's end, the median step, and the curve at each step with a recovery when asked.
fn kaplan_meier(
    units: &[Unit],
    w: &[f64],
    treated: bool,
    window: u32,
    scratch: &mut [f64],
    curve: Option<&mut Vec<(u32, f64)>>,
) -> Option<(f64, Option<u32>)> {
    let len = window as usize + 1;
    let (events, leaving) = scratch.split_at_mut(len);
    events.iter_mut().for_each(|v| *v = 0.0);
    leaving.iter_mut().for_each(|v| *v = 0.0);
    for (u, &wi) in units.iter().zip(w) {
        if u.treated != treated || wi == 0.0 {
            continue;
        }
        let t = (u.time as usize).min(len - 1);
        leaving[t] += wi;
        if u.event {
            events[t] += wi;
        }
    }
    km_walk(events, leaving, curve)
}

/// The Kaplan–Meier product over steps: `events[t]` and `leaving[t]` (recovered
/// or censored at `t`) are weights; the censored at `t` are at risk at `t`.
fn km_walk(
    events: &[f64],
    leaving: &[f64],
    mut curve: Option<&mut Vec<(u32, f64)>>,
) -> Option<(f64, Option<u32>)> {
    let mut at_risk: f64 = leaving.iter().sum();
    if at_risk <= 0.0 {
        return None;
    }
    let mut survive = 1.0;
    let mut median = None;
    for (t, (&e, &l)) in events.iter().zip(leaving).enumerate() {
        if e > 0.0 && at_risk > 0.0 {
            survive *= 1.0 - e / at_risk;
            if median.is_none() && survive <= 0.5 {
                median = Some(t as u32);
            }
            if let Some(c) = curve.as_deref_mut() {
                c.push((t as u32, (1.0 - survive) * 100.0));
            }
        }
        at_risk -= l;
    }
    Some(((1.0 - survive) * 100.0, median))
}

/// The sums one bootstrap replicate needs, per arm (0: comparison, 1: treated).
struct Tally {
    events: Vec<f64>,
    leaving: Vec<f64>,
    change: [(f64, f64); 2],
    renewed: [(f64, f64); 2],
}

impl Tally {
    fn new(len: usize) -> Tally {
        Tally {
            events: vec![0.0; 2 * len],
            leaving: vec![0.0; 2 * len],
            change: [(0.0, 0.0); 2],
            renewed: [(0.0, 0.0); 2],
        }
    }
}

/// Treated − comparison for recovery, score change and renewal (none where an arm is empty).
type Differences = (Option<f64>, Option<f64>, Option<f64>);

/// One account of a trial as the bootstrap reads it, in 16 bytes (a pass
/// over 40,000 of them stays in the cache).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Slim {
    /// Its covariate pattern.
    pattern: u32,
    /// [`Unit::time`].
    time: u16,
    /// [`TREATED`], [`EVENT`], [`CHANGE`], [`RENEWAL`], [`RENEWED`].
    flags: u8,
    /// The score change, when [`CHANGE`].
    change: f64,
}

const TREATED: u8 = 1;
const EVENT: u8 = 2;
const CHANGE: u8 = 4;
const RENEWAL: u8 = 8;
const RENEWED: u8 = 16;

impl Slim {
    /// Every unit with its pattern.
    fn all(units: &[Unit], patterns: &[u32]) -> Vec<Slim> {
        units
            .iter()
            .zip(patterns)
            .map(|(u, &k)| Slim::of(u, k))
            .collect()
    }

    fn of(u: &Unit, pattern: u32) -> Slim {
        let flag = |on: bool, f: u8| if on { f } else { 0 };
        Slim {
            pattern,
            time: u.time.min(u32::from(u16::MAX)) as u16,
            flags: flag(u.treated, TREATED)
                | flag(u.event, EVENT)
                | flag(u.change.is_some(), CHANGE)
                | flag(u.renewed.is_some(), RENEWAL)
                | flag(u.renewed == Some(true), RENEWED),
            change: u.change.unwrap_or(0.0),
        }
    }
}

/// Treated − comparison for recovery, score change and renewal in one pass: the
/// accounts counted `m[i]` times, comparison accounts weighted by the odds of
/// treatment of their pattern.
fn replicate(slim: &[Slim], odds: &[f64], m: &[u16], tally: &mut Tally) -> Differences {
    let len = tally.events.len() / 2;
    tally.events.iter_mut().for_each(|v| *v = 0.0);
    tally.leaving.iter_mut().for_each(|v| *v = 0.0);
    tally.change = [(0.0, 0.0); 2];
    tally.renewed = [(0.0, 0.0); 2];
    for (u, &mi) in slim.iter().zip(m) {
        if mi == 0 {
            continue;
        }
        let treated = u.flags & TREATED != 0;
        let arm = usize::from(treated);
        let w = if treated {
            f64::from(mi)
        } else {
            f64::from(mi) * odds[u.pattern as usize]
        };
        let t = arm * len + usize::from(u.time).min(len - 1);
        tally.leaving[t] += w;
        if u.flags & EVENT != 0 {
            tally.events[t] += w;
        }
        if u.flags & CHANGE != 0 {
            tally.change[arm].0 += w * u.change;
            tally.change[arm].1 += w;
        }
        if u.flags & RENEWAL != 0 {
            if u.flags & RENEWED != 0 {
                tally.renewed[arm].0 += w * 100.0;
            }
            tally.renewed[arm].1 += w;
        }
    }
    let (ev, lv) = (&tally.events, &tally.leaving);
    let km = |arm: usize| km_walk(&ev[arm * len..][..len], &lv[arm * len..][..len], None);
    let recovery = km(1).zip(km(0)).map(|(t, c)| t.0 - c.0);
    let diff = |s: [(f64, f64); 2]| {
        (s[0].1 > 0.0 && s[1].1 > 0.0).then(|| s[1].0 / s[1].1 - s[0].0 / s[0].1)
    };
    (recovery, diff(tally.change), diff(tally.renewed))
}

/// The weighted mean of `f` over one arm's units that have it.
fn arm_mean(
    units: &[Unit],
    w: &[f64],
    treated: bool,
    f: impl Fn(&Unit) -> Option<f64>,
) -> Option<f64> {
    let (mut s, mut n) = (0.0, 0.0);
    for (u, &wi) in units.iter().zip(w) {
        if u.treated == treated && wi > 0.0 {
            if let Some(v) = f(u) {
                s += wi * v;
                n += wi;
            }
        }
    }
    (n > 0.0).then(|| s / n)
}

/// The weights for the effect on the treated: 1 for treated accounts, the odds
/// of treatment e/(1−e) of their pattern for comparison accounts.
fn att_weights(d: &Design, units: &[Unit], odds: &[f64]) -> Vec<f64> {
    units
        .iter()
        .zip(&d.pattern)
        .map(|(u, &k)| if u.treated { 1.0 } else { odds[k as usize] })
        .collect()
}

/// The `q` quantile of sorted values (nearest rank on the (n − 1)·q scale).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

fn interval(value: f64, mut reps: Vec<f64>) -> Interval {
    reps.retain(|x| x.is_finite());
    reps.sort_by(f64::total_cmp);
    Interval {
        value,
        low: quantile(&reps, 0.025),
        high: quantile(&reps, 0.975),
    }
}

/// Standardised mean difference of the time-zero score (pooled unweighted SD).
fn smd(units: &[Unit], w: &[f64]) -> f64 {
    let ones = vec![1.0; units.len()];
    let var = |treated: bool| {
        let m = arm_mean(units, &ones, treated, |u| Some(u.score)).unwrap_or(0.0);
        arm_mean(units, &ones, treated, |u| Some((u.score - m).powi(2))).unwrap_or(0.0)
    };
    let sd = ((var(true) + var(false)) / 2.0).sqrt();
    let mt = arm_mean(units, w, true, |u| Some(u.score)).unwrap_or(0.0);
    let mc = arm_mean(units, w, false, |u| Some(u.score)).unwrap_or(0.0);
    if sd > 0.0 { (mt - mc) / sd } else { 0.0 }
}

/// Estimates one trial: adjusted Kaplan–Meier rates, the bootstrap, and the figures beside them.
fn estimate(units: &[Unit], settings: &Settings, steps: u32, stream: u64) -> Effect {
    let n = units.len();
    let design = Design::new(units);
    let ones = vec![1.0; n];
    let once = vec![1u16; n];
    let slim = Slim::all(units, &design.pattern);
    let mut counts = Vec::new();
    design.counts(&slim, &once, &mut counts);
    let mut beta = vec![0.0; design.p];
    fit(&design, &counts, &mut beta, 50);
    let mut odds = Vec::new();
    design.odds(&beta, &mut odds);
    let w = att_weights(&design, units, &odds);
    let window = steps;
    let mut scratch = vec![0.0; 2 * (window as usize + 1)];
    let mut treated_curve = Vec::new();
    let mut comparison_curve = Vec::new();
    let (treated_rate, treated_median) = kaplan_meier(
        units,
        &w,
        true,
        window,
        &mut scratch,
        Some(&mut treated_curve),
    )
    .unwrap_or((f64::NAN, None));
    let (comparison_rate, comparison_median) = kaplan_meier(
        units,
        &w,
        false,
        window,
        &mut scratch,
        Some(&mut comparison_curve),
    )
    .unwrap_or((f64::NAN, None));
    let unadjusted_comparison_rate =
        kaplan_meier(units, &ones, false, window, &mut scratch, None).map_or(f64::NAN, |r| r.0);
    let (_, did, renewal_diff) =
        replicate(&slim, &odds, &once, &mut Tally::new(window as usize + 1));
    let without_overlap = units
        .iter()
        .zip(&design.pattern)
        .filter(|&(u, &k)| {
            let o = odds[k as usize];
            u.treated && o / (1.0 + o) > OVERLAP
        })
        .count() as u64;
    let comparison_ess = {
        let (s, s2) = units
            .iter()
            .zip(&w)
            .filter(|(u, _)| !u.treated)
            .fold((0.0, 0.0), |(s, s2), (_, &wi)| (s + wi, s2 + wi * wi));
        if s2 > 0.0 { s * s / s2 } else { 0.0 }
    };

    // The bootstrap: resample accounts, refit the treatment model from the
    // full-sample coefficients, recompute everything.
    let reps = settings.replicates;
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get())
        .clamp(1, 8)
        .min(reps.max(1));
    let per = reps.div_ceil(threads);
    let (design_ref, beta_ref, slim) = (&design, &beta, &slim);
    let results: Vec<Differences> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    let mut out = Vec::with_capacity(per);
                    let mut m = vec![0u16; n];
                    let mut b = beta_ref.to_vec();
                    let (mut counts, mut odds) = (Vec::new(), Vec::new());
                    let mut tally = Tally::new(window as usize + 1);
                    for r in (t * per)..((t + 1) * per).min(reps) {
                        let mut rng = Rng::for_account(
                            settings.seed ^ stream.wrapping_mul(0x2545_F491),
                            r as u64,
                        );
                        m.iter_mut().for_each(|v| *v = 0);
                        for _ in 0..n {
                            let k = below(&mut rng, n);
                            m[k] = m[k].saturating_add(1);
                        }
                        b.copy_from_slice(beta_ref);
                        design_ref.counts(slim, &m, &mut counts);
                        fit(design_ref, &counts, &mut b, NEWTON_STEPS);
                        design_ref.odds(&b, &mut odds);
                        out.push(replicate(slim, &odds, &m, &mut tally));
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let replicates = results.iter().filter(|r| r.0.is_some()).count();
    let pick =
        |f: fn(&Differences) -> Option<f64>| results.iter().filter_map(f).collect::<Vec<f64>>();
    let difference = interval(treated_rate - comparison_rate, pick(|r| r.0));
    let score_change = did.map(|d| ScoreChange {
        treated: arm_mean(units, &w, true, |u| u.change).unwrap_or(f64::NAN),
        comparison: arm_mean(units, &w, false, |u| u.change).unwrap_or(f64::NAN),
        difference: interval(d, pick(|r| r.1)),
        accounts: units.iter().filter(|u| u.change.is_some()).count() as u64,
    });
    let renewal = renewal_diff.map(|d| {
        let rate = |t: bool| {
            arm_mean(units, &w, t, |u| {
                u.renewed.map(|r| f64::from(u8::from(r)) * 100.0)
            })
            .unwrap_or(f64::NAN)
        };
        Renewals {
            treated_rate: rate(true),
            comparison_rate: rate(false),
            difference: interval(d, pick(|r| r.2)),
            accounts: units.iter().filter(|u| u.renewed.is_some()).count() as u64,
        }
    });
    let treated: Vec<&Unit> = units.iter().filter(|u| u.treated).collect();
    let naive_recovered =
        treated.iter().filter(|u| u.event).count() as f64 / treated.len() as f64 * 100.0;
    let changes: Vec<f64> = treated.iter().filter_map(|u| u.change).collect();
    Effect {
        treated_rate,
        comparison_rate,
        difference,
        unadjusted_comparison_rate,
        treated_median,
        comparison_median,
        treated_curve,
        comparison_curve,
        naive_recovered,
        naive_score_change: (!changes.is_empty())
            .then(|| changes.iter().sum::<f64>() / changes.len() as f64),
        score_change,
        renewal,
        score_smd_before: smd(units, &ones),
        score_smd_after: smd(units, &w),
        comparison_ess,
        without_overlap,
        replicates,
    }
}

#[cfg(test)]
mod tests;
