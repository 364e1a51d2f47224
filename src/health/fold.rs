//! Folds over scored accounts: each report's state is a [`Fold`], with
//! `add` for one account and `merge` for the state of a later block, so the
//! pipeline folds any of them (or a pair of them) over every core, block by
//! block, and merges the blocks in file order. [`Scorer::fold_block`] reads a
//! block with the one row reader, scores each account, and adds it.

use super::model::ValidModel;
use super::rows::{AccountReader, AccountRow, Cell, Layout};
use super::score::{Plan, Ranks, Scored};
use super::stream::{Block, id_hash};

/// A report's state, built one account at a time.
pub trait Fold: Send + Sized {
    /// Whether `add` reads each account's drivers ([`Scored::drivers`]),
    /// which are computed only for folds that want them.
    const DRIVERS: bool = false;

    /// Adds one scored account.
    fn add(&mut self, row: &AccountRow<'_>, scored: &Scored);

    /// Adds the state of the block that follows this one in the file.
    fn merge(&mut self, later: Self);
}

impl<A: Fold, B: Fold> Fold for (A, B) {
    const DRIVERS: bool = A::DRIVERS || B::DRIVERS;

    fn add(&mut self, row: &AccountRow<'_>, scored: &Scored) {
        self.0.add(row, scored);
        self.1.add(row, scored);
    }

    fn merge(&mut self, later: Self) {
        self.0.merge(later.0);
        self.1.merge(later.1);
    }
}

/// A fold that may be left out (`None` adds nothing).
impl<F: Fold> Fold for Option<F> {
    const DRIVERS: bool = F::DRIVERS;

    fn add(&mut self, row: &AccountRow<'_>, scored: &Scored) {
        if let Some(f) = self {
            f.add(row, scored);
        }
    }

    fn merge(&mut self, later: Self) {
        match (self.as_mut(), later) {
            (Some(a), Some(b)) => a.merge(b),
            (None, later) => *self = later,
            (Some(_), None) => {}
        }
    }
}

/// A model resolved against one file's header: what a block needs to be
/// read and scored.
pub struct Scorer<'m> {
    /// The model.
    pub model: &'m ValidModel,
    /// Weights, normalisers, tiers and percentile tables.
    pub plan: Plan,
    /// Where the columns are.
    pub layout: Layout,
}

impl<'m> Scorer<'m> {
    /// A scorer for files laid out as `layout`; percentile tables start empty.
    pub fn new(model: &'m ValidModel, layout: Layout) -> Scorer<'m> {
        Scorer {
            model,
            plan: Plan::new(model),
            layout,
        }
    }

    /// The signals ranked within the snapshot (percentile), which need a first pass.
    pub fn ranked(&self) -> Vec<usize> {
        (0..self.model.signals.len())
            .filter(|&i| self.model.signals[i].normalisation.needs_ranks())
            .collect()
    }

    /// The first pass of a block: the values of the ranked signals.
    pub fn rank_block(&self, block: &[u8], ranked: &[usize]) -> Block<RankFold> {
        let mut fold = RankFold::new(self.model.signals.len());
        let mut reader = AccountReader::new(block, &self.layout);
        let problem = loop {
            match reader.next_ranked(ranked) {
                Ok(Some(row)) => {
                    for &i in ranked {
                        if let Cell::Number(x) = row.cells[i] {
                            let by_segment = matches!(
                                self.plan.signals[i].norm,
                                super::score::Norm::Percentile { segment: true, .. }
                            );
                            fold.0[i].push(row.segment, x, by_segment);
                        }
                    }
                }
                Ok(None) => break None,
                Err(p) => break Some(p),
            }
        };
        Block {
            value: fold,
            ids: Vec::new(),
            problem,
        }
    }

    /// Sets the percentile tables from the first pass.
    pub fn set_ranks(&mut self, ranks: RankFold) {
        let mut ranks = ranks.0;
        for r in &mut ranks {
            r.finish();
        }
        self.plan.ranks = ranks;
    }

    /// Reads, scores and folds every account of a block into `fold`.
    pub fn fold_block<F: Fold>(&self, block: &[u8], mut fold: F) -> Block<F> {
        let mut reader = AccountReader::new(block, &self.layout);
        let mut scored = Scored::default();
        let mut ids = Vec::new();
        let problem = loop {
            match reader.next_account() {
                Ok(Some(row)) => {
                    ids.push((id_hash(row.account.as_bytes()), row.line as u32));
                    self.plan.evaluate(
                        row.segment.as_bytes(),
                        row.plan.as_bytes(),
                        row.cells,
                        &mut scored,
                    );
                    if F::DRIVERS {
                        scored.fill_drivers();
                    }
                    fold.add(&row, &scored);
                }
                Ok(None) => break None,
                Err(p) => break Some(p),
            }
        };
        // Sorted here, on every core: the duplicate check then merges runs.
        ids.sort_unstable();
        Block {
            value: fold,
            ids,
            problem,
        }
    }
}

/// The values of the ranked signals, per signal: the first pass's fold.
#[derive(Debug, Clone, Default)]
pub struct RankFold(pub Vec<Ranks>);

impl RankFold {
    /// No values yet, for a model of `signals` signals.
    pub fn new(signals: usize) -> RankFold {
        RankFold(vec![Ranks::default(); signals])
    }

    /// Adds the values of a later block.
    pub fn merge(&mut self, later: RankFold) {
        for (a, b) in self.0.iter_mut().zip(later.0) {
            a.merge(b);
        }
    }
}
