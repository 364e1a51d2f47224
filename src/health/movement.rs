//! What changed between two snapshots, for a CSM to act on (seed 003:
//! trigger plays "when a score changes—especially downward movements"):
//! accounts that changed tier (the previous tier kept within the model's
//! hysteresis margin), large drops inside a tier, accounts new and gone;
//! for each, every signal's change in points (which, with the rounding of
//! the two scores, add up to the score's change), its value before and now,
//! and whether the change came from the account or from its peers.

use std::cmp::Ordering;
use std::sync::atomic::{AtomicBool, Ordering as Atomic};

use super::fold::{Dates, Fold};
use super::model::ValidModel;
use super::rows::{AccountRow, Cell};
use super::score::{FastMap, Plan, Scored, round_centi};

/// How many moved signals are named per account in CSV columns and tables.
pub const MOVED: usize = 3;

/// An account as the earlier snapshot had it.
#[derive(Debug)]
pub struct Before {
    /// Score.
    pub score: Option<f64>,
    /// Tier index (none: insufficient data).
    pub tier: Option<usize>,
    /// ARR.
    pub arr: Option<f64>,
    /// Segment.
    pub segment: Box<str>,
    /// Plan.
    pub plan: Box<str>,
    /// Each signal's cell: the number, the category's index, NaN when empty.
    pub values: Box<[f64]>,
    /// Each signal's points, NaN without points.
    pub points: Box<[f32]>,
    /// The points each signal adds to the score, `w·p / den` (0 without points).
    pub contributions: Box<[f64]>,
    /// Whether the later snapshot has the account (set while folding it).
    pub seen: AtomicBool,
}

/// What kind of change a listed account is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Its tier changed.
    TierChange,
    /// Its tier did not change, but its score fell by the model's large drop or more.
    LargeDrop,
    /// It is only in the later snapshot.
    New,
    /// It is only in the earlier snapshot.
    Gone,
}

impl Kind {
    /// The name in CSV and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Kind::TierChange => "tier-change",
            Kind::LargeDrop => "large-drop",
            Kind::New => "new",
            Kind::Gone => "gone",
        }
    }
}

/// Why a signal's points in the score changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// The account's own cell changed.
    Value,
    /// The cell did not change, but the signal ranks the account among its
    /// peers (percentile) and the peers moved.
    Peers,
    /// The cell and its points did not change; its share of the score did,
    /// because other signals' data came or went, or the segment or plan changed.
    Weights,
}

impl Cause {
    /// The name in CSV and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Cause::Value => "value",
            Cause::Peers => "peers",
            Cause::Weights => "weights",
        }
    }
}

/// One signal's change between the snapshots.
#[derive(Debug, Clone, PartialEq)]
pub struct SignalChange {
    /// Signal index.
    pub signal: usize,
    /// Points it added to the score before.
    pub from: f64,
    /// Points it adds now.
    pub to: f64,
    /// Its cell before (see [`Before::values`]).
    pub value_from: f64,
    /// Its cell now.
    pub value_to: f64,
    /// Why it changed.
    pub cause: Cause,
}

impl SignalChange {
    /// The change in the points it adds to the score, unrounded.
    pub fn points(&self) -> f64 {
        self.to - self.from
    }
}

/// A listed account: a tier change, a large drop, or an account new or gone.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    /// What kind of change.
    pub kind: Kind,
    /// Account id.
    pub account: String,
    /// Segment (the later snapshot's, or the earlier one's when gone).
    pub segment: String,
    /// ARR (likewise).
    pub arr: Option<f64>,
    /// Tier before (none: insufficient data, or new).
    pub from: Option<usize>,
    /// Tier now, after the hysteresis margin (none: insufficient data, or gone).
    pub to: Option<usize>,
    /// The tier the score alone gives now, when the hysteresis margin kept another.
    pub by_score: Option<usize>,
    /// Score before.
    pub from_score: Option<f64>,
    /// Score now.
    pub to_score: Option<f64>,
    /// Every signal whose value or points changed, in model order.
    pub changes: Vec<SignalChange>,
    /// The rounding of the two scores to hundredths: the score's change minus the
    /// signals' changes (at most 0.01 either way).
    pub rounding: f64,
    /// Whether the account's own data, segment and plan did not change: the score
    /// moved with its peers.
    pub peers_only: bool,
    /// The overrides the account matches now (its SLA and play).
    pub overrides: Vec<usize>,
    /// The tier its score reaches now but an entry condition keeps it out of,
    /// with the failed conditions (indexes into that tier's conditions).
    pub kept_out: Option<(usize, Vec<usize>)>,
}

fn rank(t: Option<usize>) -> i64 {
    t.map_or(-1, |t| t as i64)
}

impl Move {
    /// Whether the account moved to a lower tier (or into insufficient data).
    pub fn is_down(&self) -> bool {
        rank(self.to) < rank(self.from)
    }

    /// Whether the tier changed because the data went below the coverage floor
    /// or came back above it ("Insufficient data" on one side): a data gap,
    /// not a change in health, listed after the real tier changes.
    pub fn data_gap(&self) -> bool {
        self.kind == Kind::TierChange && (self.from.is_none() || self.to.is_none())
    }

    /// The change in score, rounded to hundredths.
    pub fn delta(&self) -> Option<f64> {
        match (self.from_score, self.to_score) {
            (Some(a), Some(b)) => Some(round_centi(b - a)),
            _ => None,
        }
    }

    /// The signals whose points moved most in the direction of the score's
    /// change (down: the largest losses), at most [`MOVED`]: (signal, change).
    pub fn moved(&self) -> Vec<(usize, f64)> {
        let down = match self.kind {
            Kind::TierChange => self.is_down(),
            _ => self.delta().is_some_and(|d| d < 0.0),
        };
        let mut d: Vec<(usize, f64)> = self
            .changes
            .iter()
            .map(|c| (c.signal, c.points()))
            .filter(|(_, x)| if down { *x < -0.005 } else { *x > 0.005 })
            .collect();
        d.sort_by(|a, b| {
            let o = if down {
                a.1.total_cmp(&b.1)
            } else {
                b.1.total_cmp(&a.1)
            };
            o.then(a.0.cmp(&b.0))
        });
        d.truncate(MOVED);
        d
    }
}

/// Downward tier changes first (most tiers dropped, then highest ARR, then the
/// largest score drop), then upward ones, then those into or out of
/// insufficient data (in the same order); then large drops (largest first),
/// then new accounts and gone ones (lowest tier, then highest ARR).
pub fn order(a: &Move, b: &Move) -> Ordering {
    let arr = |m: &Move| m.arr.unwrap_or(0.0);
    a.kind.cmp(&b.kind).then_with(|| match a.kind {
        Kind::TierChange => {
            let steps = |m: &Move| rank(m.to) - rank(m.from);
            let (sa, sb) = (steps(a), steps(b));
            let down = |s: i64| s < 0;
            a.data_gap()
                .cmp(&b.data_gap())
                .then_with(|| down(sb).cmp(&down(sa)))
                .then_with(|| if down(sa) { sa.cmp(&sb) } else { sb.cmp(&sa) })
                .then_with(|| arr(b).total_cmp(&arr(a)))
                .then_with(|| {
                    a.delta()
                        .unwrap_or(0.0)
                        .total_cmp(&b.delta().unwrap_or(0.0))
                })
                .then_with(|| a.account.cmp(&b.account))
        }
        Kind::LargeDrop => a
            .delta()
            .unwrap_or(0.0)
            .total_cmp(&b.delta().unwrap_or(0.0))
            .then_with(|| arr(b).total_cmp(&arr(a)))
            .then_with(|| a.account.cmp(&b.account)),
        Kind::New | Kind::Gone => {
            let tier = |m: &Move| rank(if m.kind == Kind::New { m.to } else { m.from });
            tier(a)
                .cmp(&tier(b))
                .then_with(|| arr(b).total_cmp(&arr(a)))
                .then_with(|| a.account.cmp(&b.account))
        }
    })
}

/// What `movement` reports.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Movement {
    /// Accounts in both snapshots.
    pub matched: u64,
    /// Accounts only in the later snapshot.
    pub new: u64,
    /// Accounts only in the earlier snapshot.
    pub gone: u64,
    /// Accounts whose score alone would have changed their tier, kept in their
    /// previous tier (or a nearer one) by the hysteresis margin.
    pub held: u64,
    /// `transitions[from][to]` counts (after the margin), with index 0 for
    /// insufficient data and tier `t` at `t + 1`.
    pub transitions: Vec<Vec<u64>>,
    /// The listed accounts, in [`order`].
    pub moves: Vec<Move>,
    /// The earlier snapshot's dates.
    pub previous_dates: Dates,
    /// The later snapshot's dates.
    pub current_dates: Dates,
}

impl Movement {
    /// How many listed accounts are of `kind`.
    pub fn count(&self, kind: Kind) -> u64 {
        self.moves.iter().filter(|m| m.kind == kind).count() as u64
    }
}

/// A cell as a number: the value, the category's index, NaN when empty.
fn value(c: Cell) -> f64 {
    match c {
        Cell::Missing => f64::NAN,
        Cell::Number(x) => x,
        Cell::Category(k) => k as f64,
    }
}

fn same(a: f64, b: f64) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}

fn contributions(s: &Scored) -> Box<[f64]> {
    (0..s.points.len())
        .map(|i| s.contribution(i).unwrap_or(0.0))
        .collect()
}

fn points(s: &Scored) -> Box<[f32]> {
    s.points
        .iter()
        .map(|p| p.map_or(f32::NAN, |p| p as f32))
        .collect()
}

/// The earlier snapshot, folded: each account as it was, by id.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Accounts by id.
    pub accounts: FastMap<Box<str>, Before>,
    /// Its dates.
    pub dates: Dates,
}

impl Fold for Snapshot {
    fn add(&mut self, row: &AccountRow<'_>, s: &Scored) {
        self.dates.see(row.date);
        self.accounts.insert(
            row.account.into(),
            Before {
                score: s.score,
                tier: s.tier,
                arr: row.arr,
                segment: row.segment.into(),
                plan: row.plan.into(),
                values: row.cells.iter().map(|c| value(*c)).collect(),
                points: points(s),
                contributions: contributions(s),
                seen: AtomicBool::new(false),
            },
        );
    }

    fn merge(&mut self, later: Snapshot) {
        self.accounts.extend(later.accounts);
        self.dates.merge(later.dates);
    }
}

/// The later snapshot folded against the earlier one.
#[derive(Debug)]
pub struct Changes<'b> {
    model: &'b ValidModel,
    plan: &'b Plan,
    before: &'b Snapshot,
    result: Movement,
}

impl<'b> Changes<'b> {
    /// Nothing counted yet. `plan` is the model's (tiers and conditions; its
    /// percentile tables are not read).
    pub fn new(model: &'b ValidModel, plan: &'b Plan, before: &'b Snapshot) -> Changes<'b> {
        let tiers = model.tiers.len();
        Changes {
            model,
            plan,
            before,
            result: Movement {
                transitions: vec![vec![0; tiers + 1]; tiers + 1],
                previous_dates: before.dates,
                ..Movement::default()
            },
        }
    }

    /// The comparison: gone accounts listed, everything in [`order`].
    pub fn finish(self) -> Movement {
        let mut m = self.result;
        for (id, b) in &self.before.accounts {
            if !b.seen.load(Atomic::Relaxed) {
                m.gone += 1;
                m.moves.push(Move {
                    kind: Kind::Gone,
                    account: id.to_string(),
                    segment: b.segment.to_string(),
                    arr: b.arr,
                    from: b.tier,
                    to: None,
                    by_score: None,
                    from_score: b.score,
                    to_score: None,
                    changes: Vec::new(),
                    rounding: 0.0,
                    peers_only: false,
                    overrides: Vec::new(),
                    kept_out: None,
                });
            }
        }
        m.moves.sort_by(order);
        m
    }

    fn kept_out(&self, s: &Scored, tier: Option<usize>) -> Option<(usize, Vec<usize>)> {
        // The score's tier without conditions, when above the tier given.
        let t = s.kept_out.filter(|&k| Some(k) > tier)?;
        Some((t, s.kept_out_by.clone()))
    }
}

fn slot(t: Option<usize>) -> usize {
    t.map_or(0, |t| t + 1)
}

impl Fold for Changes<'_> {
    fn add(&mut self, row: &AccountRow<'_>, s: &Scored) {
        self.result.current_dates.see(row.date);
        let Some(b) = self.before.accounts.get(row.account) else {
            self.result.new += 1;
            let kept_out = self.kept_out(s, s.tier);
            self.result.moves.push(Move {
                kind: Kind::New,
                account: row.account.to_string(),
                segment: row.segment.to_string(),
                arr: row.arr,
                from: None,
                to: s.tier,
                by_score: None,
                from_score: None,
                to_score: s.score,
                changes: Vec::new(),
                rounding: 0.0,
                peers_only: false,
                overrides: s.matched.clone(),
                kept_out,
            });
            return;
        };
        b.seen.store(true, Atomic::Relaxed);
        let hysteresis = self.model.tiering.hysteresis;
        let to = self.plan.tier_after(s, b.tier, hysteresis);
        let r = &mut self.result;
        r.matched += 1;
        r.transitions[slot(b.tier)][slot(to)] += 1;
        let held = to != s.tier;
        r.held += u64::from(held);
        let kind = if b.tier != to {
            Kind::TierChange
        } else {
            match (b.score, s.score) {
                (Some(a), Some(z))
                    if to.is_some() && round_centi(z - a) <= -self.model.tiering.large_drop =>
                {
                    Kind::LargeDrop
                }
                _ => return,
            }
        };
        let now_contrib = contributions(s);
        let now_points = points(s);
        let mut changes = Vec::new();
        let mut own_data_same = b.segment.as_ref() == row.segment && b.plan.as_ref() == row.plan;
        for (i, cell) in row.cells.iter().enumerate() {
            let (v0, v1) = (b.values[i], value(*cell));
            let value_same = same(v0, v1);
            own_data_same &= value_same;
            let moved = (now_contrib[i] - b.contributions[i]).abs() > 1e-12;
            if value_same && !moved {
                continue;
            }
            let points_same = same(f64::from(b.points[i]), f64::from(now_points[i]));
            let cause = if !value_same {
                Cause::Value
            } else if !points_same && self.model.signals[i].normalisation.needs_ranks() {
                Cause::Peers
            } else {
                Cause::Weights
            };
            changes.push(SignalChange {
                signal: i,
                from: b.contributions[i],
                to: now_contrib[i],
                value_from: v0,
                value_to: v1,
                cause,
            });
        }
        let signals_change: f64 = changes.iter().map(SignalChange::points).sum();
        let rounding = match (b.score, s.score) {
            (Some(a), Some(z)) => (z - a) - signals_change,
            _ => 0.0,
        };
        let kept_out = self.kept_out(s, to);
        self.result.moves.push(Move {
            kind,
            account: row.account.to_string(),
            segment: row.segment.to_string(),
            arr: row.arr,
            from: b.tier,
            to,
            by_score: held.then_some(s.tier).flatten(),
            from_score: b.score,
            to_score: s.score,
            changes,
            rounding,
            peers_only: own_data_same,
            overrides: s.matched.clone(),
            kept_out,
        });
    }

    fn merge(&mut self, later: Changes<'_>) {
        let (a, b) = (&mut self.result, later.result);
        a.moves.extend(b.moves);
        for (x, y) in a.transitions.iter_mut().zip(b.transitions) {
            for (p, q) in x.iter_mut().zip(y) {
                *p += q;
            }
        }
        a.matched += b.matched;
        a.new += b.new;
        a.held += b.held;
        a.current_dates.merge(b.current_dates);
    }
}

#[cfg(test)]
mod tests;
