//! Scoring accounts against a health model: pure arithmetic, no I/O.
//!
//! A [`Plan`] is resolved once per snapshot (weights, normalisers, tier
//! cut-offs, percentile tables); [`Plan::evaluate`] is then arithmetic per row.
//! The arithmetic below is the contract that `health sql` reproduces operation
//! for operation, so the CLI and a warehouse agree on every account:
//!
//! 1. each signal's points `p` (0–100) from its normaliser, or the missing policy;
//! 2. `num = Σ w·p` and `den = Σ w` over the signals with points, in model order;
//! 3. `centi = floor(num / den × 100 + 0.5)`; the score is `centi / 100`;
//! 4. the tier is the last one (highest) with `centi ≥ round(min × 100)` whose
//!    conditions hold; coverage is `floor(Σ w(present) / Σ w × 100 × 100 + 0.5) / 100`.

use super::model::{Better, Missing, Normalisation, ValidModel, Within};
pub use super::rows::Cell;
pub use super::stream::{FastHasher, FastMap};

/// The points a missing value gets under the `neutral` policy.
pub const NEUTRAL: f64 = 50.0;

/// How many drivers are reported per account.
pub const DRIVERS: usize = 3;

/// Rounds to hundredths the way the score does: `floor(x × 100 + 0.5) / 100`.
pub fn round_centi(x: f64) -> f64 {
    (x * 100.0 + 0.5).floor() / 100.0
}

/// A signal's normaliser with its constants precomputed once.
#[derive(Debug, Clone, PartialEq)]
pub enum Norm {
    /// Piecewise linear: knots `xs`/`ys`, and per segment `dx`, `dy`.
    Thresholds {
        /// Knot values, increasing.
        xs: Vec<f64>,
        /// Knot points.
        ys: Vec<f64>,
        /// `xs[i+1] - xs[i]`.
        dx: Vec<f64>,
        /// `ys[i+1] - ys[i]`.
        dy: Vec<f64>,
    },
    /// Linear between `min` and `min + span`, clamped.
    Range {
        /// The value at one end.
        min: f64,
        /// The value at the other end.
        max: f64,
        /// `max - min`.
        span: f64,
        /// Whether lower is better.
        lower: bool,
    },
    /// Percentile rank.
    Percentile {
        /// Whether lower is better.
        lower: bool,
        /// Whether ranks are taken within the segment.
        segment: bool,
    },
    /// Fixed points per text value.
    Category {
        /// Points by the index of the text in the signal's map.
        points: Vec<f64>,
    },
}

/// A signal ready to score.
#[derive(Debug, Clone, PartialEq)]
pub struct SignalPlan {
    /// Its normaliser.
    pub norm: Norm,
    /// Its weight before overrides.
    pub weight: f64,
    /// Its missing-value policy.
    pub missing: Missing,
}

/// An override ready to match.
#[derive(Debug, Clone, PartialEq)]
pub struct OverridePlan {
    /// Segment to match, if any.
    pub segment: Option<Vec<u8>>,
    /// Plan to match, if any.
    pub plan: Option<Vec<u8>>,
    /// (signal index, weight).
    pub weights: Vec<(usize, f64)>,
    /// (signal index, normaliser) for these accounts.
    pub norms: Vec<(usize, Norm)>,
    /// The tiers whose SLA these accounts get from this override.
    pub sla_tiers: Vec<usize>,
    /// The tiers whose play these accounts get from this override.
    pub play_tiers: Vec<usize>,
}

impl OverridePlan {
    /// Whether an account of `segment` on `plan` gets this override.
    pub fn matches(&self, segment: &[u8], plan: &[u8]) -> bool {
        self.segment.as_deref().is_none_or(|s| s == segment)
            && self.plan.as_deref().is_none_or(|p| p == plan)
    }
}

/// A tier ready to compare: its cut-off in hundredths and its conditions.
#[derive(Debug, Clone, PartialEq)]
pub struct TierPlan {
    /// `round(min × 100)`.
    pub min_centi: f64,
    /// (signal index, at least, at most).
    pub conditions: Vec<(usize, f64, f64)>,
}

/// Sorted values reduced to their distinct values and how many values lie below each,
/// so a rank is a binary search over a small array (demo data: a few hundred values).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Compact {
    /// Distinct values, increasing.
    pub values: Vec<f64>,
    /// How many values are strictly below each distinct value.
    pub below: Vec<u64>,
    /// How many values in all.
    pub n: u64,
}

impl Compact {
    /// Reduces a sorted list.
    pub fn from_sorted(sorted: &[f64]) -> Compact {
        let mut c = Compact {
            n: sorted.len() as u64,
            ..Compact::default()
        };
        for (i, &x) in sorted.iter().enumerate() {
            if c.values.last() != Some(&x) {
                c.values.push(x);
                c.below.push(i as u64);
            }
        }
        c
    }

    fn count_where(&self, k: usize) -> u64 {
        self.below.get(k).copied().unwrap_or(self.n)
    }

    /// Percentile points of `x`, as [`percentile_points`] on the full list.
    pub fn points(&self, x: f64, lower: bool) -> f64 {
        if self.n <= 1 {
            return 0.0;
        }
        let worse = if lower {
            self.n - self.count_where(self.values.partition_point(|v| *v <= x))
        } else {
            self.count_where(self.values.partition_point(|v| *v < x))
        };
        worse as f64 / (self.n - 1) as f64 * 100.0
    }
}

/// Values of one percentile signal, overall or per segment: collected, then compacted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ranks {
    /// Values of all accounts (emptied by [`Ranks::finish`]).
    pub all: Vec<f64>,
    /// Values per segment (emptied by [`Ranks::finish`]).
    pub by_segment: FastMap<Vec<u8>, Vec<f64>>,
    /// All accounts' values, compacted.
    pub all_compact: Compact,
    /// Each segment's values, compacted.
    pub segment_compact: FastMap<Vec<u8>, Compact>,
}

impl Ranks {
    /// Adds a value seen in a row.
    pub fn push(&mut self, segment: &[u8], x: f64, within_segment: bool) {
        if within_segment {
            match self.by_segment.get_mut(segment) {
                Some(v) => v.push(x),
                None => {
                    self.by_segment.insert(segment.to_vec(), vec![x]);
                }
            }
        } else {
            self.all.push(x);
        }
    }

    /// Merges values collected elsewhere (another block of rows).
    pub fn merge(&mut self, other: Ranks) {
        self.all.extend(other.all);
        for (k, v) in other.by_segment {
            self.by_segment.entry(k).or_default().extend(v);
        }
    }

    /// Sorts and compacts every list; call once before ranking.
    pub fn finish(&mut self) {
        let mut all = std::mem::take(&mut self.all);
        all.sort_unstable_by(f64::total_cmp);
        self.all_compact = Compact::from_sorted(&all);
        for (k, mut v) in std::mem::take(&mut self.by_segment) {
            v.sort_unstable_by(f64::total_cmp);
            self.segment_compact.insert(k, Compact::from_sorted(&v));
        }
    }
}

/// Percentile points of `x` among `sorted` (which contains it): SQL's
/// `PERCENT_RANK() × 100`, i.e. the share of the other accounts that are worse.
pub fn percentile_points(sorted: &[f64], x: f64, lower: bool) -> f64 {
    let n = sorted.len();
    if n <= 1 {
        return 0.0;
    }
    let worse = if lower {
        n - sorted.partition_point(|v| *v <= x)
    } else {
        sorted.partition_point(|v| *v < x)
    };
    worse as f64 / (n - 1) as f64 * 100.0
}

/// A model resolved for scoring.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Signals, in model order.
    pub signals: Vec<SignalPlan>,
    /// Overrides, in model order.
    pub overrides: Vec<OverridePlan>,
    /// Tiers, lowest first.
    pub tiers: Vec<TierPlan>,
    /// Percentile tables by signal index (empty for other signals).
    pub ranks: Vec<Ranks>,
    /// The coverage floor in hundredths of a percent: below it, no tier.
    pub floor_centi: f64,
    /// Whether some override replaces signal `i`'s normaliser.
    overridden: Vec<bool>,
}

/// One account's result; reused from row to row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scored {
    /// The score (0–100, hundredths), or none when no signal has points.
    pub score: Option<f64>,
    /// The score in hundredths (`score × 100`, an integer), when scored.
    pub centi: Option<f64>,
    /// The tier index: none without a score or below the coverage floor ("Insufficient data").
    pub tier: Option<usize>,
    /// The tier the score alone reaches when an entry condition keeps the account below it.
    pub kept_out: Option<usize>,
    /// The conditions of that tier the account fails (indexes into its conditions).
    pub kept_out_by: Vec<usize>,
    /// Where the SLA and the play of its tier come from: the override that sets
    /// each for this account (none: the tier's own).
    pub playbook: (Option<usize>, Option<usize>),
    /// The overrides this account matched, in model order.
    pub matched: Vec<usize>,
    /// The share of the weight with data, percent (hundredths).
    pub coverage: f64,
    /// Points per signal after the missing policy (none when excluded).
    pub points: Vec<Option<f64>>,
    /// Whether each signal's cell had a value.
    pub present: Vec<bool>,
    /// Effective weights after overrides.
    pub weights: Vec<f64>,
    /// `Σ w` over the signals with points.
    pub den: f64,
    /// Up to three (signal index, points lost), most lost first, once [`Scored::fill_drivers`] ran.
    pub drivers: Vec<(usize, f64)>,
}

impl Scored {
    /// Whether the account has a score but too little data for a tier (coverage below the floor),
    /// or no score at all: "Insufficient data".
    pub fn insufficient(&self) -> bool {
        self.tier.is_none()
    }

    /// Fills `out` with up to [`DRIVERS`] (signal, points lost), most lost first (model
    /// order breaks ties): the signals whose values lose the score the most points,
    /// `w·(100 − p) / den`. A cell without data is a gap ([`Scored::gaps`]), not a driver.
    pub fn top_drivers(&self, out: &mut Vec<(usize, f64)>) {
        out.clear();
        if self.score.is_none() {
            return;
        }
        for (i, p) in self.points.iter().enumerate() {
            if let (Some(p), true) = (p, self.present[i]) {
                let lost = self.weights[i] * (100.0 - p) / self.den;
                if lost > 0.0 {
                    let at = out.partition_point(|&(_, l)| l >= lost);
                    if at < DRIVERS {
                        out.insert(at, (i, lost));
                        out.truncate(DRIVERS);
                    }
                }
            }
        }
    }

    /// Computes [`Scored::drivers`] (left empty by [`Plan::evaluate`], which most uses do not need).
    pub fn fill_drivers(&mut self) {
        let mut d = std::mem::take(&mut self.drivers);
        self.top_drivers(&mut d);
        self.drivers = d;
    }

    /// The points signal `i` adds to the score (`w·p / den`), unrounded.
    pub fn contribution(&self, i: usize) -> Option<f64> {
        self.points[i].map(|p| self.weights[i] * p / self.den)
    }

    /// The data gaps: signals with weight for this account whose cell is empty,
    /// heaviest first (model order breaks ties), each with the points its
    /// missing policy costs the score (none when the signal is left out).
    pub fn gaps(&self) -> Vec<(usize, Option<f64>)> {
        let mut g: Vec<(usize, Option<f64>)> = (0..self.present.len())
            .filter(|&i| !self.present[i] && self.weights[i] > 0.0)
            .map(|i| {
                let lost = self.points[i]
                    .filter(|_| self.den > 0.0)
                    .map(|p| self.weights[i] * (100.0 - p) / self.den);
                (i, lost)
            })
            .collect();
        g.sort_by(|a, b| {
            self.weights[b.0]
                .total_cmp(&self.weights[a.0])
                .then(a.0.cmp(&b.0))
        });
        g
    }
}

/// A normaliser with its constants worked out.
fn norm_of(n: &Normalisation) -> Norm {
    match n {
        Normalisation::Thresholds { points, .. } => {
            let xs: Vec<f64> = points.iter().map(|p| p.0).collect();
            let ys: Vec<f64> = points.iter().map(|p| p.1).collect();
            let dx = xs.windows(2).map(|w| w[1] - w[0]).collect();
            let dy = ys.windows(2).map(|w| w[1] - w[0]).collect();
            Norm::Thresholds { xs, ys, dx, dy }
        }
        Normalisation::Range { min, max, better } => Norm::Range {
            min: *min,
            max: *max,
            span: max - min,
            lower: *better == Better::Lower,
        },
        Normalisation::Percentile { better, within } => Norm::Percentile {
            lower: *better == Better::Lower,
            segment: *within == Within::Segment,
        },
        Normalisation::Category { map } => Norm::Category {
            points: map.iter().map(|(_, v)| *v).collect(),
        },
        // The reader gives a no as category 0 and a yes as category 1.
        Normalisation::YesNo { yes, no } => Norm::Category {
            points: vec![*no, *yes],
        },
    }
}

impl Plan {
    /// Resolves a valid model. Percentile tables start empty: fill them with
    /// [`Ranks::push`] from the snapshot, then [`Ranks::finish`].
    pub fn new(model: &ValidModel) -> Plan {
        let signals = model
            .signals
            .iter()
            .map(|s| {
                let norm = norm_of(&s.normalisation);
                SignalPlan {
                    norm,
                    weight: s.weight,
                    missing: s.missing,
                }
            })
            .collect();
        let overrides = model
            .overrides
            .iter()
            .map(|o| OverridePlan {
                segment: o.segment.as_ref().map(|s| s.as_bytes().to_vec()),
                plan: o.plan.as_ref().map(|s| s.as_bytes().to_vec()),
                weights: o.weights.clone(),
                norms: o
                    .normalisations
                    .iter()
                    .map(|(i, n)| (*i, norm_of(n)))
                    .collect(),
                sla_tiers: o
                    .playbooks
                    .iter()
                    .filter(|p| p.1.is_some())
                    .map(|p| p.0)
                    .collect(),
                play_tiers: o
                    .playbooks
                    .iter()
                    .filter(|p| p.2.is_some())
                    .map(|p| p.0)
                    .collect(),
            })
            .collect::<Vec<_>>();
        let mut overridden = vec![false; model.signals.len()];
        for o in &overrides {
            for (i, _) in &o.norms {
                overridden[*i] = true;
            }
        }
        let tiers = model
            .tiers
            .iter()
            .map(|t| TierPlan {
                min_centi: (t.min * 100.0).round(),
                conditions: t
                    .conditions
                    .iter()
                    .map(|c| {
                        (
                            c.signal,
                            c.at_least.unwrap_or(f64::NEG_INFINITY),
                            c.at_most.unwrap_or(f64::INFINITY),
                        )
                    })
                    .collect(),
            })
            .collect();
        Plan {
            ranks: vec![Ranks::default(); model.signals.len()],
            signals,
            overrides,
            tiers,
            floor_centi: (model.tiering.coverage_floor * 100.0).round(),
            overridden,
        }
    }

    /// Whether any signal is a percentile rank (which needs a first pass over the snapshot).
    pub fn needs_ranks(&self) -> bool {
        self.signals
            .iter()
            .any(|s| matches!(s.norm, Norm::Percentile { .. }))
    }

    /// The normaliser of signal `i` for an account that matched `matched`
    /// overrides: the last of them that replaces it, or the signal's own.
    fn norm(&self, i: usize, matched: &[usize]) -> &Norm {
        if self.overridden[i] {
            for &o in matched.iter().rev() {
                if let Some((_, n)) = self.overrides[o].norms.iter().find(|(s, _)| *s == i) {
                    return n;
                }
            }
        }
        &self.signals[i].norm
    }

    /// Points of signal `i` for a present cell (the reader gives each signal
    /// the kind of cell its normalisation reads).
    fn points(&self, i: usize, norm: &Norm, cell: Cell, segment: &[u8]) -> f64 {
        match (norm, cell) {
            (Norm::Thresholds { xs, ys, dx, dy }, Cell::Number(x)) => {
                let last = xs.len() - 1;
                if x <= xs[0] {
                    return ys[0];
                }
                for k in 0..last {
                    if x < xs[k + 1] {
                        return ys[k] + (x - xs[k]) / dx[k] * dy[k];
                    }
                }
                ys[last]
            }
            (
                Norm::Range {
                    min,
                    max,
                    span,
                    lower,
                },
                Cell::Number(x),
            ) => match (x <= *min, x >= *max, *lower) {
                (true, _, false) => 0.0,
                (true, _, true) => 100.0,
                (_, true, false) => 100.0,
                (_, true, true) => 0.0,
                (_, _, false) => (x - min) / span * 100.0,
                (_, _, true) => 100.0 - (x - min) / span * 100.0,
            },
            (Norm::Percentile { lower, segment: by }, Cell::Number(x)) => {
                let r = &self.ranks[i];
                let table = if *by {
                    r.segment_compact.get(segment)
                } else {
                    Some(&r.all_compact)
                };
                table.map_or(0.0, |t| t.points(x, *lower))
            }
            (Norm::Category { points }, Cell::Category(k)) => points.get(k).copied().unwrap_or(0.0),
            // A kind of cell its signal does not read cannot come from the
            // reader; the missing policy is applied before asking for points.
            _ => 0.0,
        }
    }

    /// Scores one account into `out` (whose vectors are reused).
    pub fn evaluate(&self, segment: &[u8], plan: &[u8], cells: &[Cell], out: &mut Scored) {
        let n = self.signals.len();
        out.points.clear();
        out.present.clear();
        out.weights.clear();
        out.drivers.clear();
        out.matched.clear();
        out.weights.extend(self.signals.iter().map(|s| s.weight));
        for (oi, o) in self.overrides.iter().enumerate() {
            if o.matches(segment, plan) {
                out.matched.push(oi);
                for &(i, w) in &o.weights {
                    out.weights[i] = w;
                }
            }
        }
        let (mut num, mut den, mut covered, mut total) = (0.0, 0.0, 0.0, 0.0);
        for (i, cell) in cells.iter().enumerate().take(n) {
            let w = out.weights[i];
            total += w;
            let (p, present) = match *cell {
                Cell::Missing => (
                    match self.signals[i].missing {
                        Missing::Exclude => None,
                        Missing::Neutral => Some(NEUTRAL),
                        Missing::Worst => Some(0.0),
                    },
                    false,
                ),
                cell => (
                    Some(self.points(i, self.norm(i, &out.matched), cell, segment)),
                    true,
                ),
            };
            if let Some(p) = p {
                num += w * p;
                den += w;
            }
            if present {
                covered += w;
            }
            out.points.push(p);
            out.present.push(present);
        }
        out.den = den;
        let coverage_centi = if total > 0.0 {
            (covered / total * 100.0 * 100.0 + 0.5).floor()
        } else {
            0.0
        };
        out.coverage = coverage_centi / 100.0;
        out.kept_out = None;
        out.kept_out_by.clear();
        if den > 0.0 {
            let centi = (num / den * 100.0 + 0.5).floor();
            out.score = Some(centi / 100.0);
            out.centi = Some(centi);
            if coverage_centi >= self.floor_centi {
                out.tier = self.pick_tier(out, None);
                let by_score = self.tiers.iter().rposition(|t| centi >= t.min_centi);
                out.kept_out = by_score.filter(|&t| Some(t) > out.tier);
                if let Some(k) = out.kept_out {
                    let failed: Vec<usize> = self.tiers[k]
                        .conditions
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| !Plan::holds(out, c))
                        .map(|(ci, _)| ci)
                        .collect();
                    out.kept_out_by = failed;
                }
            } else {
                out.tier = None;
            }
        } else {
            out.score = None;
            out.centi = None;
            out.tier = None;
        }
        out.playbook = match out.tier {
            Some(t) => self.playbook_of(t, &out.matched),
            None => (None, None),
        };
    }

    /// Where an account that matched `matched` overrides gets tier `t`'s SLA
    /// and play: the last of them that sets each (none: the tier's own).
    pub fn playbook_of(&self, t: usize, matched: &[usize]) -> (Option<usize>, Option<usize>) {
        let last = |f: fn(&OverridePlan) -> &Vec<usize>| {
            matched
                .iter()
                .rev()
                .copied()
                .find(|&o| f(&self.overrides[o]).contains(&t))
        };
        (last(|o| &o.sla_tiers), last(|o| &o.play_tiers))
    }

    /// Whether condition `(signal, at least, at most)` holds for a scored account:
    /// the cell has data and its points are within the bounds.
    fn holds(s: &Scored, &(i, lo, hi): &(usize, f64, f64)) -> bool {
        s.present[i] && s.points[i].is_some_and(|p| p >= lo && p <= hi)
    }

    /// The highest tier whose cut-off the score reaches and whose conditions
    /// hold. With `hysteresis = Some((previous tier, margin in hundredths))`, the
    /// cut-offs above the previous tier are raised by the margin and those at or
    /// below it lowered, so the account leaves its tier only by crossing a cut-off
    /// by more than the margin.
    fn pick_tier(&self, s: &Scored, hysteresis: Option<(usize, f64)>) -> Option<usize> {
        let centi = s.centi?;
        self.tiers.iter().enumerate().rposition(|(k, t)| {
            let cut = match hysteresis {
                Some(_) if k == 0 => t.min_centi,
                Some((prev, margin)) if k > prev => t.min_centi + margin,
                Some((_, margin)) => t.min_centi - margin,
                None => t.min_centi,
            };
            centi >= cut && t.conditions.iter().all(|c| Plan::holds(s, c))
        })
    }

    /// The tier of a scored account given the tier it had in the previous
    /// snapshot and a hysteresis margin (points): the same as [`Scored::tier`]
    /// without a previous tier or margin, and none below the coverage floor.
    pub fn tier_after(&self, s: &Scored, previous: Option<usize>, margin: f64) -> Option<usize> {
        match (s.tier, previous) {
            (None, _) => None,
            (Some(t), None) => Some(t),
            (Some(t), Some(_)) if margin <= 0.0 => Some(t),
            (Some(_), Some(p)) => self.pick_tier(s, Some((p, (margin * 100.0).round()))),
        }
    }
}

/// An example's score and tier (both `None` when no signal has points), or what
/// in its values cannot be read.
pub type ExampleScore = Result<(Option<f64>, Option<usize>), String>;

/// Scores a model's examples together as one snapshot.
pub fn example_scores(model: &ValidModel) -> Vec<ExampleScore> {
    use super::model::{Example, ExampleValue};
    let mut plan = Plan::new(model);
    let cell_text =
        |e: &Example, col: &str| -> Option<String> { e.values.get(col).map(ExampleValue::as_cell) };
    for (i, s) in model.signals.iter().enumerate() {
        if let Norm::Percentile { segment, .. } = plan.signals[i].norm {
            for e in &model.examples {
                if let Some(x) = cell_text(e, &s.column).and_then(|t| t.trim().parse::<f64>().ok())
                {
                    let seg = e.segment.as_deref().unwrap_or("");
                    plan.ranks[i].push(seg.as_bytes(), x, segment);
                }
            }
            plan.ranks[i].finish();
        }
    }
    let mut out = Vec::new();
    let mut scored = Scored::default();
    for e in &model.examples {
        let mut cells = Vec::with_capacity(model.signals.len());
        let mut bad = None;
        for s in &model.signals {
            let t = cell_text(e, &s.column).unwrap_or_default();
            let t = t.trim();
            cells.push(if t.is_empty() {
                Cell::Missing
            } else if let Normalisation::YesNo { .. } = &s.normalisation {
                match super::rows::yes_no(t.as_bytes()) {
                    Ok(yes) => Cell::Category(usize::from(yes)),
                    Err(_) => {
                        bad = Some(format!("value `{t}` of signal `{}` is not yes or no", s.id));
                        Cell::Missing
                    }
                }
            } else if let Normalisation::Category { map } = &s.normalisation {
                match map.iter().position(|(k, _)| k == t) {
                    Some(k) => Cell::Category(k),
                    None => {
                        bad = Some(format!(
                            "value `{t}` of signal `{}` is not in its map",
                            s.id
                        ));
                        Cell::Missing
                    }
                }
            } else {
                match t.parse::<f64>() {
                    Ok(x) if x.is_finite() => Cell::Number(x),
                    _ => {
                        bad = Some(format!("value `{t}` of signal `{}` is not a number", s.id));
                        Cell::Missing
                    }
                }
            });
        }
        if let Some(b) = bad {
            out.push(Err(b));
            continue;
        }
        let seg = e.segment.as_deref().unwrap_or("");
        let pl = e.plan.as_deref().unwrap_or("");
        plan.evaluate(seg.as_bytes(), pl.as_bytes(), &cells, &mut scored);
        out.push(Ok((scored.score, scored.tier)));
    }
    out
}

/// Scores a model's examples together as one snapshot and returns, per example
/// that does not score as declared, its index and what differs.
pub fn example_problems(model: &ValidModel) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (ei, (e, r)) in model.examples.iter().zip(example_scores(model)).enumerate() {
        let (score, tier) = match r {
            Ok(x) => x,
            Err(b) => {
                out.push((ei, b));
                continue;
            }
        };
        let tier = tier.map_or("(none)", |t| model.tiers[t].id.as_str());
        let score_ok = score.is_some_and(|x| (x - e.score).abs() < 0.005);
        if !score_ok || tier != e.tier {
            out.push((
                ei,
                format!(
                    "example `{}` declares score {} and tier `{}`, but scores {} in tier `{tier}`",
                    e.account,
                    crate::text::fmt_num_exact(e.score),
                    e.tier,
                    score.map_or("nothing".into(), crate::text::fmt_num_exact),
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests;
