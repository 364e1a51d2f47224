//! The accounts a fit learns from: each account's cells as the one row reader
//! read them and its score under the hand model (a [`Fold`] over the scan),
//! joined with its renewal outcome.

use crate::date::Date;
use crate::health::fold::Fold;
use crate::health::rows::{AccountRow, Cell, Outcome};
use crate::health::score::{FastMap, Scored};

/// One account as read and scored by the hand model.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    /// Its id.
    pub id: Box<str>,
    /// Its segment ("" without a segment column).
    pub segment: Box<str>,
    /// Its plan ("" without a plan column).
    pub plan: Box<str>,
    /// Its snapshot date, when the model has the column.
    pub date: Option<Date>,
    /// One cell per signal.
    pub cells: Box<[Cell]>,
    /// The hand model's points per signal for cells with a value (NaN otherwise).
    pub points: Box<[f64]>,
    /// The hand model's score.
    pub score: Option<f64>,
    /// The hand model's tier.
    pub tier: Option<usize>,
}

/// Every account of a file, in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gather(pub Vec<Account>);

impl Fold for Gather {
    fn add(&mut self, row: &AccountRow<'_>, scored: &Scored) {
        self.0.push(Account {
            id: row.account.into(),
            segment: row.segment.into(),
            plan: row.plan.into(),
            date: row.date,
            cells: row.cells.into(),
            points: scored
                .points
                .iter()
                .zip(&scored.present)
                .map(|(p, &present)| match p {
                    Some(p) if present => *p,
                    _ => f64::NAN,
                })
                .collect(),
            score: scored.score,
            tier: scored.tier,
        });
    }

    fn merge(&mut self, later: Self) {
        self.0.extend(later.0);
    }
}

/// The accounts with an outcome and a hand score: what a fit learns from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sample {
    /// The accounts, in file order.
    pub accounts: Vec<Account>,
    /// Whether each renewed.
    pub renewed: Vec<bool>,
    /// Each one's renewal date, when the outcomes have the column.
    pub renewal: Vec<Option<Date>>,
    /// Accounts in the snapshot without an outcome (left out).
    pub without_outcome: u64,
    /// Outcomes whose account is not in the snapshot (left out).
    pub without_account: u64,
    /// Accounts with an outcome that the hand model could not score (no cell with data; left out).
    pub unscored: u64,
}

/// Joins the accounts of a snapshot with their outcomes.
pub fn join(accounts: Vec<Account>, outcomes: &FastMap<Box<str>, Outcome>) -> Sample {
    let mut s = Sample::default();
    let mut matched = 0u64;
    for a in accounts {
        let Some(o) = outcomes.get(&a.id) else {
            s.without_outcome += 1;
            continue;
        };
        matched += 1;
        if a.score.is_none() {
            s.unscored += 1;
            continue;
        }
        s.renewed.push(o.renewed);
        s.renewal.push(o.date);
        s.accounts.push(a);
    }
    s.without_account = (outcomes.len() as u64).saturating_sub(matched);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(id: &str, score: Option<f64>) -> Account {
        Account {
            id: id.into(),
            segment: "".into(),
            plan: "".into(),
            date: None,
            cells: Box::new([Cell::Number(1.0)]),
            points: Box::new([50.0]),
            score,
            tier: score.map(|_| 0),
        }
    }

    #[test]
    fn accounts_join_their_outcomes_and_the_rest_is_counted() {
        let mut outcomes: FastMap<Box<str>, Outcome> = FastMap::default();
        for (id, renewed) in [("a", true), ("b", false), ("z", true), ("c", true)] {
            outcomes.insert(
                id.into(),
                Outcome {
                    renewed,
                    expanded: None,
                    date: None,
                    line: 0,
                },
            );
        }
        let s = join(
            vec![
                account("a", Some(10.0)),
                account("b", Some(20.0)),
                account("c", None),
                account("d", Some(5.0)),
            ],
            &outcomes,
        );
        assert_eq!(s.accounts.len(), 2);
        assert_eq!(s.renewed, vec![true, false]);
        assert_eq!(
            (s.without_outcome, s.without_account, s.unscored),
            (1, 1, 1)
        );
    }
}
