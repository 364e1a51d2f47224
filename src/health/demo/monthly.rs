//! Monthly snapshots with a plays log whose effect is known: the demo of
//! `health plays` (`health demo --months M --plays --play-effect P`).
//!
//! Every account follows a path of tiers month by month. The rows are drawn so
//! that the shipped model scores each one in its tier (rows are redrawn until
//! it does), so "recovered to a healthier tier", as `health plays` reads it
//! from the scores, is exactly the path's recovery. When an account first
//! enters At Risk (time zero), its score decides, as in real teams:
//!
//! - whether it gets the rescue play within the grace days: more likely the
//!   lower the score, and for larger segments (a logistic curve);
//! - its chance of recovering within 90 days without the play, `p0`: higher
//!   the higher the score, and for larger segments.
//!
//! Starting the play raises that chance by exactly `effect` points: the
//! account recovers when one uniform draw `u < p0 + effect × treated`, so each
//! account's chance moves by `effect`, whatever its `p0`. The naive figure and
//! the unadjusted comparison are therefore biased by construction, and only a
//! comparison adjusted for the time-zero score (and segment) finds `effect`.
//! The adoption-sprint play (Watch) is given the same way and does nothing:
//! its true effect is 0.
//!
//! Deterministic: every draw comes from a stream named by (seed, account,
//! month, purpose).

use super::{Rng, SEGMENTS, push_1dp, push_id, push_int, sigmoid};
use crate::date::Date;
use crate::health::model::{Normalisation, ValidModel};
use crate::health::rows::Cell;
use crate::health::score::{Norm, Plan, Ranks, Scored};

/// The plays log's columns.
pub const PLAYS_HEADER: &str = "account_id,play,start_date,end_date,owner\n";

/// The play of At Risk accounts (the model's "Rescue plan").
pub const RESCUE: &str = "rescue-plan";
/// The play of Watch accounts (the model's "Adoption sprint"), which does nothing here.
pub const SPRINT: &str = "adoption-sprint";

/// Days after time zero within which the demo's plays start (the default grace is 14).
const START_WITHIN: u32 = 14;
/// The window the effect is defined over, in monthly snapshots: the default
/// `--window` of 90 days at a cadence of one snapshot a month (`round(90 / 30.5)`).
pub const WINDOW: usize = 3;

/// The range of `--play-effect` (percentage points) for which the truth stays
/// exact: `p0 + effect` must stay a probability for every account.
pub const EFFECT_RANGE: (f64, f64) = (-P0_MIN_POINTS, 100.0 - P0_MAX_POINTS);
const P0_MIN_POINTS: f64 = 5.0;
const P0_MAX_POINTS: f64 = 55.0;
const P0_MIN: f64 = P0_MIN_POINTS / 100.0;
const P0_MAX: f64 = P0_MAX_POINTS / 100.0;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spec {
    /// Accounts.
    pub accounts: u64,
    /// Seed.
    pub seed: u64,
    /// Monthly snapshots, the last on 2026-10-31.
    pub months: u32,
    /// Whether to write plays (and their effect).
    pub plays: bool,
    /// What starting the rescue play adds to the chance of recovering within 90 days, points.
    pub effect: f64,
}

/// One numeric column: value = base[segment] + slope × health + noise × e.
#[derive(Debug, Clone, Copy)]
struct Column {
    base: [f64; 3],
    slope: f64,
    noise: f64,
    lo: f64,
    hi: f64,
    tenths: bool,
    missing: [f64; 3],
}

const fn col(base: [f64; 3], slope: f64, noise: f64, hi: (f64, f64), tenths: bool) -> Column {
    Column {
        base,
        slope,
        noise,
        lo: hi.0,
        hi: hi.1,
        tenths,
        missing: [0.03; 3],
    }
}

/// How each signal column of [`super::SNAPSHOT_HEADER`] is drawn from an account's health.
enum Kind {
    Number(Column),
    /// Severity-1 incidents: rare, more likely when health is low.
    Incidents,
    /// promoter / passive / detractor, 30% never answered.
    Sentiment,
}

const fn with_missing(mut c: Column, missing: [f64; 3]) -> Column {
    c.missing = missing;
    c
}

/// The twelve signal columns, in header order.
const COLUMNS: [Kind; 12] = [
    Kind::Number(col([55.0; 3], 20.0, 12.0, (0.0, 100.0), true)),
    Kind::Number(col([12.0; 3], 5.0, 3.0, (0.0, 30.0), false)),
    Kind::Number(with_missing(
        col([5.0; 3], 15.0, 15.0, (-90.0, 200.0), true),
        [0.05; 3],
    )),
    Kind::Number(col([40.0, 45.0, 50.0], 15.0, 10.0, (0.0, 100.0), true)),
    Kind::Number(col([3.0; 3], 1.3, 1.0, (0.0, 6.0), false)),
    Kind::Number(with_missing(
        col([70.0; 3], 20.0, 15.0, (0.0, 100.0), false),
        [0.08; 3],
    )),
    Kind::Number(with_missing(
        col([55.0; 3], 20.0, 15.0, (0.0, 100.0), false),
        [0.25; 3],
    )),
    Kind::Number(col([2.0, 5.0, 9.0], -2.0, 2.5, (0.0, 60.0), false)),
    Kind::Incidents,
    Kind::Sentiment,
    Kind::Number(with_missing(
        col([1.0, 2.0, 4.0], 1.0, 1.0, (0.0, 12.0), false),
        [0.05; 3],
    )),
    Kind::Number(with_missing(
        col([120.0; 3], -50.0, 40.0, (0.0, 600.0), false),
        [0.6, 0.1, 0.1],
    )),
];

/// A drawn cell.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Value {
    Missing,
    Number(f64),
    Text(&'static str),
}

/// The health a row of each tier is drawn around (mean, spread), lowest tier first.
const TIER_HEALTH: [(f64, f64); 4] = [(-1.5, 0.6), (-0.35, 0.3), (0.35, 0.25), (1.3, 0.4)];

/// The first month's tiers.
const START: [f64; 4] = [0.15, 0.30, 0.30, 0.25];

/// Monthly tier changes away from a trial (rows: from; columns: to).
const MOVES: [[f64; 4]; 4] = [
    [0.75, 0.20, 0.05, 0.00],
    [0.10, 0.65, 0.20, 0.05],
    [0.04, 0.14, 0.64, 0.18],
    [0.01, 0.05, 0.19, 0.75],
];

/// Renewal chance by tier at the last snapshot before the renewal.
const RENEW: [f64; 4] = [0.55, 0.80, 0.92, 0.97];
/// Expansion chance of renewing accounts by tier.
const EXPAND: [f64; 4] = [0.02, 0.08, 0.20, 0.40];

/// The chance an At Risk account at time zero gets the rescue play within the grace days.
pub fn rescue_chance(score: f64, segment: usize) -> f64 {
    sigmoid(-0.3 + 0.09 * (35.0 - score) + [0.0, 0.4, 0.9][segment])
}

/// The chance an At Risk account at time zero recovers within 90 days without the play.
pub fn recovery_chance(score: f64, segment: usize) -> f64 {
    (0.10 + 0.011 * (score - 15.0) + [0.0, 0.04, 0.08][segment]).clamp(P0_MIN, P0_MAX)
}

/// The chance a Watch account at time zero gets the adoption sprint.
fn sprint_chance(score: f64) -> f64 {
    sigmoid(-0.6 + 0.06 * (60.0 - score))
}

/// What the demo did, for its README and for checking it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Truth {
    /// At Risk trials (accounts first entering At Risk after the first month).
    pub trials: u64,
    /// Of those, given the rescue play within the grace days.
    pub treated: u64,
    /// Rows that could not be drawn in their tier (0 unless something is wrong).
    pub mismatched: u64,
    /// Rows written.
    pub rows: u64,
    /// Each counted trial: (account index, treated, recovers within 90 days, chance without the play).
    pub units: Vec<(u64, bool, bool, f64)>,
}

#[derive(Debug, Clone)]
struct Account {
    segment: usize,
    plan: &'static str,
    arr: i64,
    owner: u64,
    renewal: i64,
    renew_u: f64,
    expand_u: f64,
    tier: Option<usize>,
    gone: bool,
    outcome: Option<(bool, bool)>,
    /// Tiers forced for the months ahead (a trial's path), from the next month on.
    forced: Vec<usize>,
    been_at_risk: bool,
    been_watch: bool,
}

/// The generator: call [`Demo::next_month`] until it returns `None`, then
/// [`Demo::plays_log`] and [`Demo::outcomes`].
pub struct Demo {
    spec: Spec,
    plan: Plan,
    /// For each model signal, the index of its column in the header (none: always empty).
    columns: Vec<Option<usize>>,
    /// For each category signal, its texts in the map's order (a cell is their index).
    categories: Vec<Vec<String>>,
    percentile: Vec<bool>,
    dates: Vec<Date>,
    accounts: Vec<Account>,
    month: usize,
    width: usize,
    plays: Vec<(i64, u64, &'static str, i64, Option<i64>)>,
    /// What happened.
    pub truth: Truth,
}

/// A stream of draws for one purpose.
fn rng(seed: u64, account: u64, month: usize, purpose: u64) -> Rng {
    let s = seed
        ^ (month as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03)
        ^ purpose.wrapping_mul(0x8CB9_2BA7_2F3D_8DD7);
    Rng::for_account(s, account)
}

fn pick(r: &mut Rng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut u = r.unit() * total;
    for (i, w) in weights.iter().enumerate() {
        if u < *w {
            return i;
        }
        u -= w;
    }
    weights.len() - 1
}

/// The last day of the month `n` months after January of year 0.
fn month_end(n: i64) -> Date {
    let (y, m) = (n.div_euclid(12), n.rem_euclid(12) + 1);
    Date::parse(&format!("{y:04}-{m:02}-01")).map_or_else(|_| Date::from_days(0), Date::month_end)
}

impl Demo {
    /// A generator for `spec`, scoring rows with `model` (the shipped
    /// `saas-health`, whose columns the rows have).
    pub fn new(model: &ValidModel, spec: Spec) -> Demo {
        let header: Vec<&str> = super::SNAPSHOT_HEADER.trim_end().split(',').collect();
        let columns = model
            .signals
            .iter()
            .map(|s| {
                header
                    .iter()
                    .position(|h| *h == s.column)
                    .and_then(|i| i.checked_sub(5))
            })
            .collect();
        let categories = model
            .signals
            .iter()
            .map(|s| match &s.normalisation {
                Normalisation::Category { map } => map.iter().map(|(k, _)| k.clone()).collect(),
                _ => Vec::new(),
            })
            .collect();
        let plan = Plan::new(model);
        let percentile = plan
            .signals
            .iter()
            .map(|s| matches!(s.norm, Norm::Percentile { .. }))
            .collect();
        let last = 2026 * 12 + 9;
        let first = last - i64::from(spec.months.max(1)) + 1;
        // Four months past the end, for trials whose window runs beyond the data.
        let dates = (first..=last + 4).map(month_end).collect::<Vec<_>>();
        let day0 = dates[0].days();
        let accounts = (0..spec.accounts)
            .map(|i| {
                let mut r = rng(spec.seed, i, 0, 1);
                let (segment, plan, arr) = super::firmographics(&mut r);
                Account {
                    segment,
                    plan,
                    arr: arr as i64,
                    owner: r.next_u64() % 12 + 1,
                    renewal: day0 + (r.unit() * 730.0) as i64,
                    renew_u: r.unit(),
                    expand_u: r.unit(),
                    tier: None,
                    gone: false,
                    outcome: None,
                    forced: Vec::new(),
                    been_at_risk: false,
                    been_watch: false,
                }
            })
            .collect();
        Demo {
            width: spec.accounts.to_string().len().max(4),
            spec,
            plan,
            columns,
            categories,
            percentile,
            dates,
            accounts,
            month: 0,
            plays: Vec::new(),
            truth: Truth::default(),
        }
    }

    /// The snapshot dates, first to last.
    pub fn dates(&self) -> &[Date] {
        &self.dates[..self.spec.months.max(1) as usize]
    }

    /// The next month's snapshot: its date and its rows (without the header).
    pub fn next_month(&mut self) -> Option<(Date, Vec<u8>)> {
        let m = self.month;
        if m >= self.dates().len() {
            return None;
        }
        self.month += 1;
        let date = self.dates[m];
        let today = date.days();
        let seed = self.spec.seed;
        // 1. Renewals since the last snapshot, then each account's tier this month.
        for (i, a) in self.accounts.iter_mut().enumerate() {
            if a.gone {
                continue;
            }
            if m > 0 && a.outcome.is_none() && a.renewal <= today {
                let t = a.tier.unwrap_or(0);
                let renewed = a.renew_u < RENEW[t];
                a.outcome = Some((renewed, renewed && a.expand_u < EXPAND[t]));
                if !renewed {
                    a.gone = true;
                    continue;
                }
            }
            let mut r = rng(seed, i as u64, m, 2);
            let next = if m == 0 {
                pick(&mut r, &START)
            } else if !a.forced.is_empty() {
                a.forced.remove(0)
            } else {
                pick(&mut r, &MOVES[a.tier.unwrap_or(0)])
            };
            a.tier = Some(next);
        }
        // 2. The columns percentile signals rank, drawn first: the ranks of the
        // month are then fixed while the other columns are redrawn.
        let live: Vec<usize> = (0..self.accounts.len())
            .filter(|&i| !self.accounts[i].gone)
            .collect();
        let mut first: Vec<[Value; 12]> = Vec::with_capacity(live.len());
        for &i in &live {
            let a = &self.accounts[i];
            let mut r = rng(seed, i as u64, m, 3);
            first.push(draw(&mut r, a.segment, a.tier.unwrap_or(0), 0.0));
        }
        let mut plan = self.plan.clone();
        for (s, col) in self.columns.iter().enumerate() {
            if !self.percentile[s] {
                continue;
            }
            let by_segment = matches!(plan.signals[s].norm, Norm::Percentile { segment: true, .. });
            let mut ranks = Ranks::default();
            for (k, &i) in live.iter().enumerate() {
                if let Some(Value::Number(x)) = col.map(|c| first[k][c]) {
                    let seg = SEGMENTS[self.accounts[i].segment].as_bytes();
                    ranks.push(seg, x, by_segment);
                }
            }
            ranks.finish();
            plan.ranks[s] = ranks;
        }
        // 3. Rows, each redrawn until the model scores it in its tier.
        let mut out = Vec::with_capacity(live.len() * 120);
        let mut scored = Scored::default();
        let mut scores = vec![0.0; self.accounts.len()];
        for (k, &i) in live.iter().enumerate() {
            let a = &self.accounts[i];
            let want = a.tier.unwrap_or(0);
            let mut r = rng(seed, i as u64, m, 4);
            let mut values = first[k];
            let mut nudge = 0.0;
            let mut matched = false;
            for attempt in 0..100_000 {
                if attempt > 0 {
                    let again = draw(&mut r, a.segment, want, nudge);
                    for (c, v) in again.iter().enumerate() {
                        if !self.fixed(c) {
                            values[c] = *v;
                        }
                    }
                }
                let got = self.score(&plan, a, &values, &mut scored);
                if got == Some(want) {
                    matched = true;
                    break;
                }
                if attempt >= 50 {
                    // Far from the tier: walk the health towards it.
                    nudge += if got.is_some_and(|g| g > want) {
                        -0.05
                    } else {
                        0.05
                    };
                }
            }
            self.truth.mismatched += u64::from(!matched);
            scores[i] = scored.score.unwrap_or(0.0);
            self.write_row(&mut out, i, date, &values);
        }
        self.truth.rows += live.len() as u64;
        // 4. Trials: who enters a tier for the first time, and what happens next.
        if self.spec.plays {
            for &i in &live {
                self.plays_for(i, m, today, scores[i]);
            }
        }
        for &i in &live {
            let a = &mut self.accounts[i];
            a.been_at_risk |= a.tier == Some(0);
            a.been_watch |= a.tier == Some(1);
        }
        Some((date, out))
    }

    /// Whether header column `c` is read by a percentile signal (drawn once per month).
    fn fixed(&self, c: usize) -> bool {
        self.columns
            .iter()
            .zip(&self.percentile)
            .any(|(col, p)| *p && *col == Some(c))
    }

    fn score(
        &self,
        plan: &Plan,
        a: &Account,
        values: &[Value; 12],
        scored: &mut Scored,
    ) -> Option<usize> {
        let cells: Vec<Cell> = self
            .columns
            .iter()
            .zip(&self.categories)
            .map(|(c, keys)| match c.map(|c| values[c]) {
                Some(Value::Number(x)) => Cell::Number(x),
                Some(Value::Text(t)) => keys
                    .iter()
                    .position(|k| k == t)
                    .map_or(Cell::Missing, Cell::Category),
                _ => Cell::Missing,
            })
            .collect();
        let seg = SEGMENTS[a.segment].as_bytes();
        plan.evaluate(seg, a.plan.as_bytes(), &cells, scored);
        scored.tier
    }

    fn write_row(&self, out: &mut Vec<u8>, i: usize, date: Date, values: &[Value; 12]) {
        let a = &self.accounts[i];
        push_id(out, i as u64, self.width);
        out.push(b',');
        out.extend_from_slice(date.to_string().as_bytes());
        out.push(b',');
        out.extend_from_slice(SEGMENTS[a.segment].as_bytes());
        out.push(b',');
        out.extend_from_slice(a.plan.as_bytes());
        out.push(b',');
        push_int(out, a.arr);
        for (c, v) in values.iter().enumerate() {
            out.push(b',');
            match *v {
                Value::Missing => {}
                Value::Text(t) => out.extend_from_slice(t.as_bytes()),
                Value::Number(x) => match COLUMNS[c] {
                    Kind::Number(Column { tenths: true, .. }) => push_1dp(out, x),
                    _ => push_int(out, x as i64),
                },
            }
        }
        out.push(b'\n');
    }

    /// Plays and trial paths for account `i` in month `m` (whose score is `score`).
    fn plays_for(&mut self, i: usize, m: usize, today: i64, score: f64) {
        let seed = self.spec.seed;
        let last = self.dates().last().map_or(today, |d| d.days());
        let mut r = rng(seed, i as u64, m, 5);
        let a = &self.accounts[i];
        let (tier, segment) = (a.tier.unwrap_or(0), a.segment);
        let mut starts: Vec<(&'static str, i64)> = Vec::new();
        if tier == 0 && m == 0 {
            // Already At Risk when the data begins: some get the play; their trial is not seen.
            if r.unit() < 0.4 {
                starts.push((RESCUE, today + (r.unit() * 14.0) as i64));
            }
        } else if tier == 0 && m > 0 && !a.been_at_risk {
            // Entering At Risk for the first time: time zero of a trial.
            let counted = m + 1 < self.dates().len();
            self.truth.trials += u64::from(counted);
            let treated = r.unit() < rescue_chance(score, segment);
            self.truth.treated += u64::from(treated && counted);
            let p = recovery_chance(score, segment)
                + if treated {
                    self.spec.effect / 100.0
                } else {
                    0.0
                };
            let recovers = r.unit() < p;
            if counted {
                self.truth.units.push((
                    i as u64,
                    treated,
                    recovers,
                    recovery_chance(score, segment),
                ));
            }
            let j = pick(&mut r, &[0.45, 0.35, 0.20][..WINDOW]) + 1;
            let to = if r.unit() < 0.85 { 1 } else { 2 };
            let path: Vec<usize> = if recovers {
                (1..=j).map(|k| if k == j { to } else { 0 }).collect()
            } else {
                vec![0; WINDOW]
            };
            self.accounts[i].forced = path;
            if treated {
                starts.push((RESCUE, today + (r.unit() * f64::from(START_WITHIN)) as i64));
            } else if r.unit() < 0.15 {
                // A late start, after the window: an SLA missed.
                starts.push((RESCUE, today + 95 + (r.unit() * 60.0) as i64));
            }
        } else if tier == 1 && m > 0 && !a.been_watch {
            if r.unit() < sprint_chance(score) {
                starts.push((SPRINT, today + (r.unit() * f64::from(START_WITHIN)) as i64));
            }
        } else if tier == 1 && r.unit() < 0.015 {
            // A rescue plan started early, while the account is still on Watch.
            starts.push((RESCUE, today + (r.unit() * 14.0) as i64));
        }
        for (play, start) in starts {
            if start > last {
                continue;
            }
            let length = 30 + (r.unit() * 45.0) as i64;
            let end = (start + length <= last).then_some(start + length);
            let owner = self.accounts[i].owner;
            self.plays.push((start, i as u64, play, owner as i64, end));
        }
    }

    /// The plays log (header included), by start date.
    pub fn plays_log(&mut self) -> Vec<u8> {
        self.plays.sort_by_key(|p| (p.0, p.1));
        let mut out = PLAYS_HEADER.as_bytes().to_vec();
        for &(start, i, play, owner, end) in &self.plays {
            push_id(&mut out, i, self.width);
            out.push(b',');
            out.extend_from_slice(play.as_bytes());
            out.push(b',');
            out.extend_from_slice(Date::from_days(start as u64).to_string().as_bytes());
            out.push(b',');
            if let Some(e) = end {
                out.extend_from_slice(Date::from_days(e as u64).to_string().as_bytes());
            }
            out.extend_from_slice(b",csm-");
            if owner < 10 {
                out.push(b'0');
            }
            push_int(&mut out, owner);
            out.push(b'\n');
        }
        out
    }

    /// The outcomes file (header included): every account's renewal; renewals
    /// after the last snapshot are decided by the account's last tier.
    pub fn outcomes(&self) -> Vec<u8> {
        let mut out = super::OUTCOMES_HEADER.as_bytes().to_vec();
        for (i, a) in self.accounts.iter().enumerate() {
            let (renewed, expanded) = a.outcome.unwrap_or_else(|| {
                let t = a.tier.unwrap_or(0);
                let renewed = a.renew_u < RENEW[t];
                (renewed, renewed && a.expand_u < EXPAND[t])
            });
            push_id(&mut out, i as u64, self.width);
            out.push(b',');
            out.extend_from_slice(Date::from_days(a.renewal as u64).to_string().as_bytes());
            out.extend_from_slice(if renewed { b",yes" } else { b",no" });
            out.extend_from_slice(if expanded { b",yes\n" } else { b",no\n" });
        }
        out
    }

    /// The README written beside the data.
    pub fn readme(&self) -> String {
        let s = &self.spec;
        let dates = self.dates();
        let (first, last) = (dates[0], dates[dates.len() - 1]);
        let mut t = format!(
            "SYNTHETIC DATA generated by `cs-scorecard health demo --accounts {} --seed {} --months {}{}`.\n\
These accounts are invented. No row describes a real customer.\n\n\
snapshots/     {} monthly snapshots, {first} to {last}, one CSV per month\n\
outcomes.csv   each account's renewal (renewed yes/no, expanded yes/no)\n",
            s.accounts,
            s.seed,
            s.months,
            if s.plays {
                format!(
                    " --plays --play-effect {}",
                    crate::text::fmt_num_exact(s.effect)
                )
            } else {
                String::new()
            },
            dates.len(),
        );
        if s.plays {
            t.push_str(&format!(
                "plays.csv      the plays log: account, play, start and end date, owner\n\n\
THE TRUTH: starting the rescue-plan play within 14 days of first entering At Risk\n\
raises an account's chance of reaching a healthier tier within 90 days by exactly\n\
{} percentage points. The adoption-sprint play does nothing.\n\
Who gets the rescue plan depends on the score (lower scores and larger segments more\n\
often), and the score also predicts recovery, so the naive before/after figure and\n\
the unadjusted comparison are biased; `health plays` adjusts for both.\n\
At Risk trials: {} accounts, {} given the play within 14 days.\n\n\
Try:\n  cs-scorecard health plays saas-health snapshots --plays plays.csv --outcomes outcomes.csv\n",
                crate::text::fmt_num_exact(s.effect),
                self.truth.trials,
                self.truth.treated
            ));
        }
        t
    }
}

/// Draws one row's cells for an account of `segment` in `tier`, its health moved by `nudge`.
fn draw(r: &mut Rng, segment: usize, tier: usize, nudge: f64) -> [Value; 12] {
    let (mean, spread) = TIER_HEALTH[tier.min(3)];
    let h = mean + spread * r.normal() + nudge;
    let mut out = [Value::Missing; 12];
    for (c, kind) in COLUMNS.iter().enumerate() {
        let e = r.normal();
        let gone = r.unit();
        let extra = r.unit();
        out[c] = match kind {
            Kind::Number(k) => {
                if gone < k.missing[segment] {
                    Value::Missing
                } else {
                    let x = (k.base[segment] + k.slope * h + k.noise * e).clamp(k.lo, k.hi);
                    Value::Number(if k.tenths {
                        (x * 10.0).round() / 10.0
                    } else {
                        x.round()
                    })
                }
            }
            Kind::Incidents => {
                if gone < 0.03 {
                    Value::Missing
                } else if extra < sigmoid(-2.0 - 1.2 * h + 0.5 * e) {
                    Value::Number(1.0 + (r.unit() * 3.0).floor())
                } else {
                    Value::Number(0.0)
                }
            }
            Kind::Sentiment => {
                if gone < 0.30 {
                    Value::Missing
                } else {
                    let z = h + 0.8 * e;
                    Value::Text(if z > 0.5 {
                        "promoter"
                    } else if z < -0.7 {
                        "detractor"
                    } else {
                        "passive"
                    })
                }
            }
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> ValidModel {
        crate::health::load::load("saas-health")
            .map(|m| m.model)
            .unwrap_or_else(|e| panic!("{e:?}"))
    }

    /// Every month's snapshot, the plays log, the outcomes and the truth.
    type Files = (Vec<(Date, Vec<u8>)>, Vec<u8>, Vec<u8>, Truth);

    fn run(spec: Spec) -> Files {
        let m = model();
        let mut d = Demo::new(&m, spec);
        let mut months = Vec::new();
        while let Some(month) = d.next_month() {
            months.push(month);
        }
        let log = d.plays_log();
        (months, log, d.outcomes(), d.truth)
    }

    fn spec(seed: u64) -> Spec {
        Spec {
            accounts: 300,
            seed,
            months: 6,
            plays: true,
            effect: 15.0,
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_files() {
        let a = run(spec(3));
        assert_eq!(a, run(spec(3)));
        assert_ne!(a.0, run(spec(4)).0);
        let dates: Vec<String> = a.0.iter().map(|(d, _)| d.to_string()).collect();
        assert_eq!(
            dates,
            [
                "2026-05-31",
                "2026-06-30",
                "2026-07-31",
                "2026-08-31",
                "2026-09-30",
                "2026-10-31"
            ]
        );
    }

    #[test]
    fn every_row_is_scored_in_the_tier_its_path_says() {
        let (months, log, outcomes, truth) = run(spec(5));
        assert_eq!(truth.mismatched, 0);
        let cols = super::super::SNAPSHOT_HEADER.trim_end().split(',').count();
        for (_, rows) in &months {
            for line in String::from_utf8_lossy(rows).lines() {
                assert_eq!(line.split(',').count(), cols, "{line}");
            }
        }
        let log = String::from_utf8_lossy(&log).into_owned();
        assert!(log.starts_with(PLAYS_HEADER));
        let starts: Vec<&str> = log
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(2).unwrap_or(""))
            .collect();
        assert!(!starts.is_empty());
        assert!(starts.windows(2).all(|w| w[0] <= w[1]), "sorted by start");
        assert!(
            starts
                .iter()
                .all(|s| ("2026-05-31"..="2026-10-31").contains(s))
        );
        assert_eq!(String::from_utf8_lossy(&outcomes).lines().count(), 301);
    }

    /// The construction, checked on its own draws: treated accounts recover
    /// `effect` points more often than their chance without the play.
    #[test]
    fn the_play_adds_the_effect_to_each_treated_accounts_chance() {
        let (.., truth) = run(Spec {
            accounts: 4000,
            seed: 11,
            months: 12,
            plays: true,
            effect: 15.0,
        });
        let treated: Vec<_> = truth.units.iter().filter(|u| u.1).collect();
        let recovered = treated.iter().filter(|u| u.2).count() as f64 / treated.len() as f64;
        let chance = treated.iter().map(|u| u.3).sum::<f64>() / treated.len() as f64;
        assert!(treated.len() > 500, "{}", treated.len());
        assert!(
            (recovered - chance - 0.15).abs() < 0.05,
            "recovered {recovered}, chance without the play {chance}"
        );
        // Who gets the play depends on the score: treated accounts' chance without it is lower.
        let others: Vec<_> = truth.units.iter().filter(|u| !u.1).collect();
        let chance_others = others.iter().map(|u| u.3).sum::<f64>() / others.len() as f64;
        assert!(chance_others > chance + 0.03, "{chance_others} vs {chance}");
    }

    #[test]
    fn the_effect_range_keeps_every_chance_a_probability() {
        assert_eq!(EFFECT_RANGE, (-5.0, 45.0));
        assert!((recovery_chance(0.0, 0) - P0_MIN).abs() < 1e-12);
        assert!((recovery_chance(50.0, 2) - P0_MAX).abs() < 1e-12);
    }
}
