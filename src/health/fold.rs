//! Folds over scored accounts: each report's state is a [`Fold`], with
//! `add` for one account and `merge` for the state of a later block, so the
//! pipeline folds any of them (or a pair of them) over every core, block by
//! block, and merges the blocks in file order. [`Scorer::fold_block`] reads a
//! block with the one row reader, scores each account, and adds it.

use std::collections::BTreeMap;

use super::model::ValidModel;
use super::rows::{AccountReader, AccountRow, Cell, Layout, Unmatched};
use super::score::{Plan, Ranks, Scored};
use super::stream::{Block, FastHasher, id_hash};
use crate::date::Date;

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
    /// For a file of many snapshot dates ([`Scorer::by_date`]): the plan of
    /// each date, its percentile tables ranking that date's accounts only.
    dated: Option<BTreeMap<Date, Plan>>,
}

impl<'m> Scorer<'m> {
    /// A scorer for files laid out as `layout`; percentile tables start empty.
    pub fn new(model: &'m ValidModel, layout: Layout) -> Scorer<'m> {
        Scorer {
            model,
            plan: Plan::new(model),
            layout,
            dated: None,
        }
    }

    /// Reads the file as snapshots over time: an account appears once per
    /// date (not once per file), and percentile signals rank the accounts of
    /// the same date. Call before the first pass.
    pub fn by_date(&mut self) {
        self.dated.get_or_insert_with(BTreeMap::new);
    }

    fn within_segment(&self, i: usize) -> bool {
        matches!(
            self.plan.signals[i].norm,
            super::score::Norm::Percentile { segment: true, .. }
        )
    }

    /// The signals ranked within the snapshot (percentile), which need a first pass.
    pub fn ranked(&self) -> Vec<usize> {
        (0..self.model.signals.len())
            .filter(|&i| self.model.signals[i].normalisation.needs_ranks())
            .collect()
    }

    /// The first pass of a block: the values of the ranked signals, per
    /// snapshot date when the file is read [`Scorer::by_date`] (otherwise all
    /// under `None`).
    pub fn rank_block(&self, block: &[u8], ranked: &[usize]) -> Block<Ranked> {
        let mut fold = Ranked::default();
        let mut reader = AccountReader::new(block, &self.layout);
        let dated = self.dated.is_some();
        let n = self.model.signals.len();
        let problem = loop {
            match reader.next_ranked(ranked, dated) {
                Ok(Some(row)) => {
                    // A row without a readable date is reported by the scoring pass.
                    if dated && row.date.is_none() {
                        continue;
                    }
                    let ranks = fold.0.entry(row.date).or_insert_with(|| RankFold::new(n));
                    for &i in ranked {
                        if let Cell::Number(x) = row.cells[i] {
                            ranks.0[i].push(row.segment, x, self.within_segment(i));
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
            unmatched: Unmatched::default(),
        }
    }

    /// Sets the percentile tables from the first pass (each date's, for a
    /// file read [`Scorer::by_date`]).
    pub fn set_ranks(&mut self, ranks: Ranked) {
        for (date, fold) in ranks.0 {
            let mut tables = fold.0;
            for r in &mut tables {
                r.finish();
            }
            match (date, self.dated.as_mut()) {
                (Some(d), Some(plans)) => {
                    let mut plan = self.plan.clone();
                    plan.ranks = tables;
                    plans.insert(d, plan);
                }
                _ => self.plan.ranks = tables,
            }
        }
    }

    /// Reads, scores and folds every account of a block into `fold`.
    pub fn fold_block<F: Fold>(&self, block: &[u8], mut fold: F) -> Block<F> {
        let mut reader = AccountReader::new(block, &self.layout);
        let mut scored = Scored::default();
        let mut ids = Vec::new();
        let problem = loop {
            match reader.next_account() {
                Ok(Some(row)) => {
                    let (plan, id) = match (&self.dated, row.date) {
                        (Some(plans), Some(d)) => {
                            // One row per account and date: the date is part of the id.
                            use std::hash::Hasher;
                            let mut h = FastHasher::default();
                            h.write(row.account.as_bytes());
                            h.write(&d.days().to_le_bytes());
                            (plans.get(&d).unwrap_or(&self.plan), h.finish())
                        }
                        _ => (&self.plan, id_hash(row.account.as_bytes())),
                    };
                    ids.push((id, row.line as u32));
                    plan.evaluate(
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
            unmatched: reader.take_unmatched(),
        }
    }
}

/// The first pass's fold: the ranked signals' values per snapshot date
/// (`None`: the file is one snapshot).
#[derive(Debug, Clone, Default)]
pub struct Ranked(pub BTreeMap<Option<Date>, RankFold>);

impl Ranked {
    /// Adds the values of a later block.
    pub fn merge(&mut self, later: Ranked) {
        for (d, r) in later.0 {
            match self.0.get_mut(&d) {
                Some(mine) => mine.merge(r),
                None => {
                    self.0.insert(d, r);
                }
            }
        }
    }
}

/// The values of the ranked signals of one snapshot, per signal.
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

/// How many segment and plan names [`OverrideUse`] keeps to show.
pub const NAMES_KEPT: usize = 20;

/// Which overrides matched an account, and the segments and plans seen (the
/// first [`NAMES_KEPT`] names of each, sorted): an override for a segment the
/// data never has (`SMB` for `smb`) is a silent mistake otherwise.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OverrideUse {
    /// Accounts each override matched, in model order.
    pub matched: Vec<u64>,
    /// Segments seen (at most [`NAMES_KEPT`]).
    pub segments: std::collections::BTreeSet<String>,
    /// Plans seen (at most [`NAMES_KEPT`]).
    pub plans: std::collections::BTreeSet<String>,
    /// Whether more segments or plans were seen than kept.
    pub more: (bool, bool),
}

impl OverrideUse {
    /// Nothing seen yet, for a model of `overrides` overrides.
    pub fn new(overrides: usize) -> OverrideUse {
        OverrideUse {
            matched: vec![0; overrides],
            ..OverrideUse::default()
        }
    }

    fn keep(set: &mut std::collections::BTreeSet<String>, more: &mut bool, name: &str) {
        if !set.contains(name) {
            if set.len() < NAMES_KEPT {
                set.insert(name.to_string());
            } else {
                *more = true;
            }
        }
    }
}

impl Fold for OverrideUse {
    fn add(&mut self, row: &AccountRow<'_>, scored: &Scored) {
        for &o in &scored.matched {
            self.matched[o] += 1;
        }
        OverrideUse::keep(&mut self.segments, &mut self.more.0, row.segment);
        OverrideUse::keep(&mut self.plans, &mut self.more.1, row.plan);
    }

    fn merge(&mut self, later: OverrideUse) {
        for (a, b) in self.matched.iter_mut().zip(later.matched) {
            *a += b;
        }
        for s in later.segments {
            OverrideUse::keep(&mut self.segments, &mut self.more.0, &s);
        }
        for p in later.plans {
            OverrideUse::keep(&mut self.plans, &mut self.more.1, &p);
        }
        self.more.0 |= later.more.0;
        self.more.1 |= later.more.1;
    }
}

/// The earliest and latest snapshot dates of a file (none without a date column).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dates(pub Option<(crate::date::Date, crate::date::Date)>);

impl Dates {
    /// Counts one date.
    pub fn see(&mut self, d: Option<crate::date::Date>) {
        if let Some(d) = d {
            self.0 = Some(match self.0 {
                None => (d, d),
                Some((a, b)) => (a.min(d), b.max(d)),
            });
        }
    }

    /// The dates of both.
    pub fn merge(&mut self, later: Dates) {
        if let Some((a, b)) = later.0 {
            self.see(Some(a));
            self.see(Some(b));
        }
    }
}
