//! Tier movement between two snapshots: who moved, by how much, and why.
//! Seed 003: trigger plays "when a score changes—especially downward movements".

use std::cmp::Ordering;

use super::fold::Fold;
use super::rows::AccountRow;
use super::score::{FastMap, Scored};

/// How many moved signals are reported per account.
pub const MOVED: usize = 3;

/// An account's result in the earlier snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct Before {
    /// Score.
    pub score: Option<f64>,
    /// Tier index.
    pub tier: Option<usize>,
    /// Points each signal added to the score.
    pub contributions: Box<[f32]>,
}

/// An account whose tier changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    /// Account id.
    pub account: String,
    /// Segment (current snapshot).
    pub segment: String,
    /// ARR (current snapshot).
    pub arr: f64,
    /// Tier before (none when unscored).
    pub from: Option<usize>,
    /// Tier now.
    pub to: Option<usize>,
    /// Score before.
    pub from_score: Option<f64>,
    /// Score now.
    pub to_score: Option<f64>,
    /// The signals whose points moved most in the direction of the move: (signal, change in points).
    pub moved: Vec<(usize, f64)>,
}

impl Move {
    /// Whether the account moved to a lower tier.
    pub fn is_down(&self) -> bool {
        rank(self.to) < rank(self.from)
    }

    /// The change in score, rounded to hundredths.
    pub fn delta(&self) -> Option<f64> {
        match (self.from_score, self.to_score) {
            (Some(a), Some(b)) => Some(crate::health::score::round_centi(b - a)),
            _ => None,
        }
    }
}

fn rank(t: Option<usize>) -> i64 {
    t.map_or(-1, |t| t as i64)
}

/// The signals that moved most in the direction of the move (down: the largest losses).
pub fn moved_signals(before: &[f32], now: &[f32], down: bool) -> Vec<(usize, f64)> {
    let mut d: Vec<(usize, f64)> = before
        .iter()
        .zip(now)
        .enumerate()
        .map(|(i, (a, b))| (i, f64::from(*b) - f64::from(*a)))
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
    d.iter_mut()
        .for_each(|x| x.1 = crate::health::score::round_centi(x.1));
    d
}

/// Downward moves first (largest drop in tiers, then highest ARR, then largest score drop),
/// then upward moves (largest rise, then highest ARR).
pub fn order(a: &Move, b: &Move) -> Ordering {
    let steps = |m: &Move| rank(m.to) - rank(m.from);
    let (sa, sb) = (steps(a), steps(b));
    let down = |s: i64| s < 0;
    down(sb)
        .cmp(&down(sa))
        .then_with(|| if down(sa) { sa.cmp(&sb) } else { sb.cmp(&sa) })
        .then_with(|| b.arr.total_cmp(&a.arr))
        .then_with(|| {
            a.delta()
                .unwrap_or(0.0)
                .total_cmp(&b.delta().unwrap_or(0.0))
        })
        .then_with(|| a.account.cmp(&b.account))
}

/// Totals of a comparison.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Movement {
    /// Accounts in both snapshots.
    pub matched: u64,
    /// Accounts only in the later snapshot.
    pub new: u64,
    /// Accounts only in the earlier snapshot.
    pub gone: u64,
    /// `transitions[from][to]` counts, with index 0 for "no score" and tier `t` at `t + 1`.
    pub transitions: Vec<Vec<u64>>,
    /// Accounts whose tier changed, in [`order`].
    pub moves: Vec<Move>,
}

fn contributions(s: &Scored) -> Box<[f32]> {
    (0..s.points.len())
        .map(|i| s.contribution(i).unwrap_or(0.0) as f32)
        .collect()
}

/// The earlier snapshot, folded: each account's result by id.
#[derive(Debug, Clone, Default)]
pub struct Snapshot(pub FastMap<Box<str>, Before>);

impl Fold for Snapshot {
    fn add(&mut self, row: &AccountRow<'_>, s: &Scored) {
        self.0.insert(
            row.account.into(),
            Before {
                score: s.score,
                tier: s.tier,
                contributions: contributions(s),
            },
        );
    }

    fn merge(&mut self, later: Snapshot) {
        self.0.extend(later.0);
    }
}

/// The later snapshot folded against the earlier one: the tier changes.
#[derive(Debug, Clone)]
pub struct Changes<'b> {
    before: &'b Snapshot,
    result: Movement,
}

impl<'b> Changes<'b> {
    /// Nothing counted yet, for a model of `tiers` tiers.
    pub fn new(before: &'b Snapshot, tiers: usize) -> Changes<'b> {
        Changes {
            before,
            result: Movement {
                transitions: vec![vec![0; tiers + 1]; tiers + 1],
                ..Movement::default()
            },
        }
    }

    /// The comparison: accounts gone counted, moves in [`order`].
    pub fn finish(self) -> Movement {
        let mut m = self.result;
        m.gone = (self.before.0.len() as u64).saturating_sub(m.matched);
        m.moves.sort_by(order);
        m
    }
}

fn slot(t: Option<usize>) -> usize {
    t.map_or(0, |t| t + 1)
}

impl Fold for Changes<'_> {
    fn add(&mut self, row: &AccountRow<'_>, s: &Scored) {
        let r = &mut self.result;
        let Some(b) = self.before.0.get(row.account) else {
            r.new += 1;
            return;
        };
        r.matched += 1;
        r.transitions[slot(b.tier)][slot(s.tier)] += 1;
        if b.tier != s.tier {
            let down = slot(s.tier) < slot(b.tier);
            r.moves.push(Move {
                account: row.account.to_string(),
                segment: row.segment.to_string(),
                arr: row.arr.unwrap_or(0.0),
                from: b.tier,
                to: s.tier,
                from_score: b.score,
                to_score: s.score,
                moved: moved_signals(&b.contributions, &contributions(s), down),
            });
        }
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mv(account: &str, from: usize, to: usize, arr: f64, a: f64, b: f64) -> Move {
        Move {
            account: account.into(),
            segment: String::new(),
            arr,
            from: Some(from),
            to: Some(to),
            from_score: Some(a),
            to_score: Some(b),
            moved: Vec::new(),
        }
    }

    #[test]
    fn downward_moves_come_first_biggest_drop_then_arr() {
        let mut v = [
            mv("up", 0, 2, 900.0, 40.0, 75.0),
            mv("down-small-arr", 2, 1, 10.0, 72.0, 60.0),
            mv("down-two", 3, 1, 5.0, 85.0, 55.0),
            mv("down-big-arr", 2, 1, 500.0, 71.0, 69.0),
        ];
        v.sort_by(order);
        let ids: Vec<&str> = v.iter().map(|m| m.account.as_str()).collect();
        assert_eq!(ids, ["down-two", "down-big-arr", "down-small-arr", "up"]);
        assert!(v[0].is_down() && !v[3].is_down());
        assert_eq!(v[0].delta(), Some(-30.0));
    }

    #[test]
    fn moved_signals_are_the_largest_changes_in_the_direction_of_the_move() {
        let before = [10.0, 20.0, 5.0, 8.0, 1.0];
        let now = [4.0, 21.0, 1.0, 7.0, 1.0];
        assert_eq!(
            moved_signals(&before, &now, true),
            vec![(0, -6.0), (2, -4.0), (3, -1.0)]
        );
        assert_eq!(moved_signals(&before, &now, false), vec![(1, 1.0)]);
    }
}
