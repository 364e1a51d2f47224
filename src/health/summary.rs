//! The summary of a snapshot (`health score`'s table, HTML and JSON summary
//! line): accounts and ARR per tier (and per SLA and play where overrides
//! give some accounts their own), the accounts an entry condition keeps out
//! of a tier, the accounts with too little data for a tier, per segment, mean
//! coverage, and the accounts to act on first. A [`Fold`]: memory stays flat
//! however many accounts.

use super::fold::Fold;
use super::rows::AccountRow;
use super::score::{FastMap, Scored};

/// How many accounts the table and HTML reports list by name.
pub const WATCHLIST: usize = 10;

/// Accounts and ARR of the accounts that get a tier's SLA and play from overrides.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Variant {
    /// The override the SLA comes from, and the one the play comes from (none: the tier's own).
    pub playbook: (Option<usize>, Option<usize>),
    /// Accounts.
    pub accounts: u64,
    /// Their ARR.
    pub arr: f64,
}

/// Totals of one tier.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TierTotal {
    /// Accounts in it.
    pub accounts: u64,
    /// Their ARR.
    pub arr: f64,
    /// The accounts whose SLA or play in this tier comes from an override.
    pub variants: Vec<Variant>,
    /// Accounts whose score reaches this tier but whose data fails its conditions.
    pub kept_out: u64,
    /// Of those, how many fail each condition (by condition index).
    pub kept_out_by: Vec<u64>,
}

/// Totals of one segment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SegmentTotal {
    /// Accounts in it.
    pub accounts: u64,
    /// Their ARR.
    pub arr: f64,
    /// Sum of the scores of its accounts with a tier (for the mean).
    pub score_sum: f64,
    /// How many have a tier.
    pub scored: u64,
    /// Accounts per tier.
    pub tiers: Vec<u64>,
    /// Accounts with insufficient data (no tier).
    pub insufficient: u64,
}

/// An account listed by name in a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    /// Account id.
    pub account: String,
    /// Segment.
    pub segment: String,
    /// ARR, when known.
    pub arr: Option<f64>,
    /// Score.
    pub score: Option<f64>,
    /// Tier index.
    pub tier: Option<usize>,
    /// Coverage percent.
    pub coverage: f64,
    /// (signal index, points lost, the cell as written): values only.
    pub drivers: Vec<(usize, f64, String)>,
    /// Signals with weight whose cell is empty, heaviest first, with the points
    /// their missing policy costs (none: left out).
    pub gaps: Vec<(usize, Option<f64>)>,
    /// The SLA and play sources of its tier.
    pub playbook: (Option<usize>, Option<usize>),
}

/// The summary of a snapshot.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Accounts read.
    pub accounts: u64,
    /// Accounts with no signal to score (part of `insufficient`).
    pub unscored: u64,
    /// Accounts without a tier: coverage below the model's floor, or no score.
    pub insufficient: u64,
    /// Their ARR.
    pub insufficient_arr: f64,
    /// Sum of coverage percentages (for the mean).
    pub coverage_sum: f64,
    /// Totals per tier, lowest first.
    pub tiers: Vec<TierTotal>,
    /// Totals per segment.
    pub segments: FastMap<Vec<u8>, SegmentTotal>,
    /// The accounts to act on first (with a tier): lowest tier, then highest ARR, then lowest score.
    pub watchlist: Vec<Listed>,
    /// The accounts with insufficient data: highest ARR, then lowest coverage.
    pub insufficient_list: Vec<Listed>,
}

/// Sort key of the watchlist: (tier, −ARR, score).
fn watch_key(l: &Listed) -> (usize, f64, f64) {
    (
        l.tier.unwrap_or(0),
        -l.arr.unwrap_or(0.0),
        l.score.unwrap_or(f64::NEG_INFINITY),
    )
}

/// Sort key of the insufficient list: (0, −ARR, coverage).
fn gap_key(l: &Listed) -> (usize, f64, f64) {
    (0, -l.arr.unwrap_or(0.0), l.coverage)
}

fn key_less(a: (usize, f64, f64), b: (usize, f64, f64)) -> bool {
    a.0.cmp(&b.0)
        .then(a.1.total_cmp(&b.1))
        .then(a.2.total_cmp(&b.2))
        .is_lt()
}

/// Keeps the first [`WATCHLIST`] of a list by `key`; `listed` makes the entry only when it makes the list.
fn keep(
    list: &mut Vec<Listed>,
    key: fn(&Listed) -> (usize, f64, f64),
    k: (usize, f64, f64),
    listed: impl FnOnce() -> Listed,
) {
    let full = list.len() >= WATCHLIST;
    if !full || list.last().is_some_and(|l| key_less(k, key(l))) {
        let at = list.partition_point(|l| !key_less(k, key(l)));
        list.insert(at, listed());
        list.truncate(WATCHLIST);
    }
}

fn merge_list(list: &mut Vec<Listed>, later: Vec<Listed>, key: fn(&Listed) -> (usize, f64, f64)) {
    for l in later {
        let k = key(&l);
        let at = list.partition_point(|m| !key_less(k, key(m)));
        list.insert(at, l);
    }
    list.truncate(WATCHLIST);
}

impl TierTotal {
    fn add_variant(&mut self, playbook: (Option<usize>, Option<usize>), arr: f64) {
        if playbook == (None, None) {
            return;
        }
        match self.variants.iter_mut().find(|v| v.playbook == playbook) {
            Some(v) => {
                v.accounts += 1;
                v.arr += arr;
            }
            None => self.variants.push(Variant {
                playbook,
                accounts: 1,
                arr,
            }),
        }
    }

    fn add_kept_out(&mut self, failed: &[usize]) {
        self.kept_out += 1;
        for &c in failed {
            if self.kept_out_by.len() <= c {
                self.kept_out_by.resize(c + 1, 0);
            }
            self.kept_out_by[c] += 1;
        }
    }

    fn merge(&mut self, b: TierTotal) {
        self.accounts += b.accounts;
        self.arr += b.arr;
        for v in b.variants {
            match self.variants.iter_mut().find(|w| w.playbook == v.playbook) {
                Some(w) => {
                    w.accounts += v.accounts;
                    w.arr += v.arr;
                }
                None => self.variants.push(v),
            }
        }
        self.kept_out += b.kept_out;
        if self.kept_out_by.len() < b.kept_out_by.len() {
            self.kept_out_by.resize(b.kept_out_by.len(), 0);
        }
        for (x, y) in self.kept_out_by.iter_mut().zip(b.kept_out_by) {
            *x += y;
        }
    }
}

impl Summary {
    /// An empty summary for `tiers` tiers.
    pub fn new(tiers: usize) -> Summary {
        Summary {
            tiers: vec![TierTotal::default(); tiers],
            ..Summary::default()
        }
    }

    /// Counts one account; `listed` builds its entry only when it makes a list.
    pub fn count(
        &mut self,
        segment: &[u8],
        arr: Option<f64>,
        s: &Scored,
        listed: impl FnOnce() -> Listed,
    ) {
        let money = arr.unwrap_or(0.0);
        self.accounts += 1;
        self.coverage_sum += s.coverage;
        let n = self.tiers.len();
        let seg = match self.segments.get_mut(segment) {
            Some(t) => t,
            None => self
                .segments
                .entry(segment.to_vec())
                .or_insert_with(|| SegmentTotal {
                    tiers: vec![0; n],
                    ..SegmentTotal::default()
                }),
        };
        seg.accounts += 1;
        seg.arr += money;
        if let Some(k) = s.kept_out {
            self.tiers[k].add_kept_out(&s.kept_out_by);
        }
        match (s.score, s.tier) {
            (Some(score), Some(t)) => {
                seg.score_sum += score;
                seg.scored += 1;
                seg.tiers[t] += 1;
                let tier = &mut self.tiers[t];
                tier.accounts += 1;
                tier.arr += money;
                tier.add_variant(s.playbook, money);
                let k = (t, -money, score);
                keep(&mut self.watchlist, watch_key, k, listed);
            }
            _ => {
                seg.insufficient += 1;
                self.insufficient += 1;
                self.insufficient_arr += money;
                self.unscored += u64::from(s.score.is_none());
                let k = (0, -money, s.coverage);
                keep(&mut self.insufficient_list, gap_key, k, listed);
            }
        }
    }

    /// Adds the totals of a later block of rows.
    fn merge_totals(&mut self, other: Summary) {
        self.accounts += other.accounts;
        self.unscored += other.unscored;
        self.insufficient += other.insufficient;
        self.insufficient_arr += other.insufficient_arr;
        self.coverage_sum += other.coverage_sum;
        for (a, b) in self.tiers.iter_mut().zip(other.tiers) {
            a.merge(b);
        }
        for (k, b) in other.segments {
            let a = self.segments.entry(k).or_insert_with(|| SegmentTotal {
                tiers: vec![0; b.tiers.len()],
                ..SegmentTotal::default()
            });
            a.accounts += b.accounts;
            a.arr += b.arr;
            a.score_sum += b.score_sum;
            a.scored += b.scored;
            a.insufficient += b.insufficient;
            for (x, y) in a.tiers.iter_mut().zip(b.tiers) {
                *x += y;
            }
        }
        merge_list(&mut self.watchlist, other.watchlist, watch_key);
        merge_list(
            &mut self.insufficient_list,
            other.insufficient_list,
            gap_key,
        );
    }
}

impl Listed {
    /// The entry of a scored account.
    pub fn of(row: &AccountRow<'_>, s: &Scored) -> Listed {
        let mut drivers = Vec::new();
        s.top_drivers(&mut drivers);
        Listed {
            account: row.account.to_string(),
            segment: row.segment.to_string(),
            arr: row.arr,
            score: s.score,
            tier: s.tier,
            coverage: s.coverage,
            drivers: drivers
                .iter()
                .map(|&(i, lost)| (i, lost, row.raw(i).to_string()))
                .collect(),
            gaps: s.gaps(),
            playbook: s.playbook,
        }
    }
}

impl Fold for Summary {
    fn add(&mut self, row: &AccountRow<'_>, scored: &Scored) {
        self.count(row.segment.as_bytes(), row.arr, scored, || {
            Listed::of(row, scored)
        });
    }

    fn merge(&mut self, later: Summary) {
        self.merge_totals(later);
    }
}
