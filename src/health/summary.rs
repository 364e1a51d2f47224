//! The summary of a snapshot (`health score`'s table, HTML and JSON summary
//! line): accounts and ARR per tier and segment, mean coverage, and the
//! accounts to act on first. A [`Fold`]: memory stays flat however many accounts.

use super::fold::Fold;
use super::rows::AccountRow;
use super::score::{FastMap, Scored};

/// How many accounts the table and HTML reports list by name.
pub const WATCHLIST: usize = 10;

/// Totals of one tier.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TierTotal {
    /// Accounts in it.
    pub accounts: u64,
    /// Their ARR.
    pub arr: f64,
}

/// Totals of one segment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SegmentTotal {
    /// Accounts in it.
    pub accounts: u64,
    /// Their ARR.
    pub arr: f64,
    /// Sum of their scores (for the mean).
    pub score_sum: f64,
    /// How many have a score.
    pub scored: u64,
    /// Accounts per tier.
    pub tiers: Vec<u64>,
}

/// An account listed by name in a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    /// Account id.
    pub account: String,
    /// Segment.
    pub segment: String,
    /// ARR.
    pub arr: f64,
    /// Score.
    pub score: Option<f64>,
    /// Tier index.
    pub tier: Option<usize>,
    /// Coverage percent.
    pub coverage: f64,
    /// (signal index, points lost, the cell as written).
    pub drivers: Vec<(usize, f64, String)>,
}

/// The summary of a snapshot: totals by tier and segment, and the accounts to act on first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Accounts read.
    pub accounts: u64,
    /// Accounts with no signal to score.
    pub unscored: u64,
    /// Sum of coverage percentages (for the mean).
    pub coverage_sum: f64,
    /// Totals per tier, lowest first.
    pub tiers: Vec<TierTotal>,
    /// Totals per segment.
    pub segments: FastMap<Vec<u8>, SegmentTotal>,
    /// The accounts to act on first: lowest tier, then highest ARR, then lowest score.
    pub watchlist: Vec<Listed>,
}

fn watch_key(tier: Option<usize>, arr: f64, score: Option<f64>) -> (usize, f64, f64) {
    (tier.unwrap_or(0), -arr, score.unwrap_or(f64::NEG_INFINITY))
}

fn key_less(a: (usize, f64, f64), b: (usize, f64, f64)) -> bool {
    a.0.cmp(&b.0)
        .then(a.1.total_cmp(&b.1))
        .then(a.2.total_cmp(&b.2))
        .is_lt()
}

impl Summary {
    /// An empty summary for `tiers` tiers.
    pub fn new(tiers: usize) -> Summary {
        Summary {
            tiers: vec![TierTotal::default(); tiers],
            ..Summary::default()
        }
    }

    /// Counts one account; `listed` builds its entry only when it makes the watchlist.
    pub fn count(&mut self, segment: &[u8], arr: f64, s: &Scored, listed: impl FnOnce() -> Listed) {
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
        seg.arr += arr;
        match (s.score, s.tier) {
            (Some(score), Some(t)) => {
                seg.score_sum += score;
                seg.scored += 1;
                seg.tiers[t] += 1;
                self.tiers[t].accounts += 1;
                self.tiers[t].arr += arr;
            }
            _ => self.unscored += 1,
        }
        let key = watch_key(s.tier, arr, s.score);
        let full = self.watchlist.len() >= WATCHLIST;
        if !full
            || self
                .watchlist
                .last()
                .is_some_and(|l| key_less(key, watch_key(l.tier, l.arr, l.score)))
        {
            let entry = listed();
            let at = self
                .watchlist
                .partition_point(|l| !key_less(key, watch_key(l.tier, l.arr, l.score)));
            self.watchlist.insert(at, entry);
            self.watchlist.truncate(WATCHLIST);
        }
    }

    /// Adds the totals of a later block of rows.
    fn merge_totals(&mut self, other: Summary) {
        self.accounts += other.accounts;
        self.unscored += other.unscored;
        self.coverage_sum += other.coverage_sum;
        for (a, b) in self.tiers.iter_mut().zip(other.tiers) {
            a.accounts += b.accounts;
            a.arr += b.arr;
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
            for (x, y) in a.tiers.iter_mut().zip(b.tiers) {
                *x += y;
            }
        }
        for l in other.watchlist {
            let key = watch_key(l.tier, l.arr, l.score);
            let at = self
                .watchlist
                .partition_point(|m| !key_less(key, watch_key(m.tier, m.arr, m.score)));
            self.watchlist.insert(at, l);
        }
        self.watchlist.truncate(WATCHLIST);
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
            arr: row.arr.unwrap_or(0.0),
            score: s.score,
            tier: s.tier,
            coverage: s.coverage,
            drivers: drivers
                .iter()
                .map(|&(i, lost)| {
                    let value = if s.present[i] { row.raw(i) } else { "" };
                    (i, lost, value.to_string())
                })
                .collect(),
        }
    }
}

impl Fold for Summary {
    fn add(&mut self, row: &AccountRow<'_>, scored: &Scored) {
        self.count(
            row.segment.as_bytes(),
            row.arr.unwrap_or(0.0),
            scored,
            || Listed::of(row, scored),
        );
    }

    fn merge(&mut self, later: Summary) {
        self.merge_totals(later);
    }
}
