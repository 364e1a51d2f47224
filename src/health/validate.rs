//! Checking a parsed health model, `Model → ValidModel` (cargo-deny's shape:
//! `validate(unvalidated) -> Result<Valid, Vec<Diagnostic>>`): every problem
//! found, located in the file, or a model that the scorer and the SQL
//! compiler can take as it is.

use std::collections::BTreeSet;

use super::model::{
    Better, Model, Normalisation, Normalise, Signal, ValidCondition, ValidModel, ValidOverride,
    ValidSignal, ValidTier, ValidTiering, Within,
};
use super::source::{LoadedModel, Part, i, k};
use crate::diagnostic::Diagnostic;

use crate::framework::validate::is_kebab;

fn is_points(x: f64) -> bool {
    (0.0..=100.0).contains(&x)
}

/// The TOML spelling of a normaliser.
pub fn normalise_name(n: Normalise) -> &'static str {
    match n {
        Normalise::Thresholds => "thresholds",
        Normalise::Range => "range",
        Normalise::Percentile => "percentile",
        Normalise::Category => "category",
        Normalise::YesNo => "yes-no",
    }
}

fn signal_ids(m: &Model) -> String {
    m.signals
        .iter()
        .map(|s| s.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Problems, each with the path of the value it is about.
type Problems = Vec<(Vec<Part>, String)>;

/// Checks a parsed model: the valid model, or every problem located in its file.
pub fn validate(loaded: &LoadedModel) -> Result<ValidModel, Vec<Diagnostic>> {
    let m = &loaded.model;
    let mut p: Problems = Vec::new();
    about_and_columns(m, &mut p);
    let signals: Vec<Option<ValidSignal>> = m
        .signals
        .iter()
        .enumerate()
        .map(|(si, _)| signal(m, si, &mut p))
        .collect();
    let overrides: Vec<Option<ValidOverride>> = (0..m.overrides.len())
        .map(|oi| override_(m, oi, &mut p))
        .collect();
    let tiers: Vec<Option<ValidTier>> = (0..m.tiers.len()).map(|ti| tier(m, ti, &mut p)).collect();
    let tiering = tiering(m, &mut p);
    examples(m, &mut p);
    if p.is_empty() {
        let signals: Vec<ValidSignal> = signals.into_iter().flatten().collect();
        let overrides: Vec<ValidOverride> = overrides.into_iter().flatten().collect();
        let tiers: Vec<ValidTier> = tiers.into_iter().flatten().collect();
        weights(m, &signals, &overrides, &mut p);
        unreachable_tiers(m, &tiers, &mut p);
        if p.is_empty() {
            return Ok(ValidModel {
                about: m.model.clone(),
                columns: m.columns.clone(),
                tiering,
                signals,
                overrides,
                tiers,
                examples: m.examples.clone(),
            });
        }
    }
    Err(loaded.locate_all(p))
}

fn about_and_columns(m: &Model, p: &mut Problems) {
    if !is_kebab(&m.model.id) {
        p.push((
            vec![k("model"), k("id")],
            format!("model id `{}` must be kebab-case (a-z, 0-9, -)", m.model.id),
        ));
    }
    for (key, v) in [
        ("account", Some(&m.columns.account)),
        ("segment", m.columns.segment.as_ref()),
        ("plan", m.columns.plan.as_ref()),
        ("arr", m.columns.arr.as_ref()),
        ("date", m.columns.date.as_ref()),
    ] {
        if v.is_some_and(|c| c.trim().is_empty()) {
            p.push((
                vec![k("columns"), k(key)],
                format!("column name for `{key}` is empty"),
            ));
        }
    }
    if m.signals.is_empty() {
        p.push((
            vec![k("signals")],
            "no signals; a model needs at least one [[signals]]".into(),
        ));
    }
    if m.tiers.len() < 2 {
        p.push((vec![k("tiers")], "a model needs at least two [[tiers]] (the seed suggests 3-4: At Risk, Watch, Healthy, Growth)".into()));
    }
}

/// One signal: its problems, or the valid signal.
fn signal(m: &Model, si: usize, p: &mut Problems) -> Option<ValidSignal> {
    let s = &m.signals[si];
    let before = p.len();
    let at = |key: &str| vec![k("signals"), i(si), k(key)];
    if !is_kebab(&s.id) {
        p.push((
            at("id"),
            format!("signal id `{}` must be kebab-case (a-z, 0-9, -)", s.id),
        ));
    }
    if m.signals[..si].iter().any(|o| o.id == s.id) {
        p.push((at("id"), format!("signal id `{}` is used twice", s.id)));
    }
    if s.column.trim().is_empty() {
        p.push((at("column"), "column name is empty".into()));
    }
    if !(s.weight.is_finite() && s.weight >= 0.0) {
        p.push((
            at("weight"),
            format!(
                "weight {} must be zero or a positive number (0 keeps the signal for reading and conditions without adding it to the score)",
                s.weight
            ),
        ));
    }
    let numeric = !matches!(s.normalise, Normalise::Category | Normalise::YesNo);
    if numeric && s.better.is_none() {
        p.push((
            at("normalise"),
            "say which way is good: add `better = \"higher\"` or `better = \"lower\"`".into(),
        ));
    }
    if !numeric && s.better.is_some() {
        let what = if s.normalise == Normalise::YesNo {
            "a yes/no signal; its `yes` and `no` points say what is good"
        } else {
            "a category signal; its `map` says what is good"
        };
        p.push((at("better"), format!("`better` does not apply to {what}")));
    }
    let normalisation = normalisation(m, s, &at, p)?;
    (p.len() == before).then(|| ValidSignal {
        id: s.id.clone(),
        title: s.title.clone(),
        column: s.column.clone(),
        group: s.group.clone(),
        why: s.why.clone(),
        weight: s.weight,
        normalisation,
        missing: s.missing,
    })
}

/// A signal's normalisation from its settings, or its problems, each located
/// by `at(key)` (a signal's own keys, or the override that set them).
fn normalisation(
    m: &Model,
    s: &Signal,
    at: &dyn Fn(&str) -> Vec<Part>,
    p: &mut Problems,
) -> Option<Normalisation> {
    let before = p.len();
    let mut wrong = |key: &str, present: bool| {
        if present {
            p.push((
                at(key),
                format!(
                    "`{key}` does not apply to `normalise = \"{}\"`",
                    normalise_name(s.normalise)
                ),
            ));
        }
    };
    let kind = s.normalise;
    wrong(
        "points",
        s.points.is_some() && kind != Normalise::Thresholds,
    );
    wrong("min", s.min.is_some() && kind != Normalise::Range);
    wrong("max", s.max.is_some() && kind != Normalise::Range);
    wrong("map", s.map.is_some() && kind != Normalise::Category);
    wrong(
        "within",
        s.within.is_some() && kind != Normalise::Percentile,
    );
    wrong("yes", s.yes.is_some() && kind != Normalise::YesNo);
    wrong("no", s.no.is_some() && kind != Normalise::YesNo);
    let normalisation = match (s.normalise, s.better) {
        (Normalise::Thresholds, better) => match &s.points {
            None => {
                p.push((
                    at("normalise"),
                    "thresholds need `points = [[value, score], ...]` (at least two)".into(),
                ));
                None
            }
            Some(pts) if pts.len() < 2 => {
                p.push((
                    at("points"),
                    "thresholds need at least two [value, score] points".into(),
                ));
                None
            }
            Some(pts) => {
                if pts.iter().any(|q| !q[0].is_finite() || !is_points(q[1])) {
                    p.push((at("points"), "every point is [value, score] with a finite value and a score from 0 to 100".into()));
                    None
                } else if pts.windows(2).any(|w| w[1][0] <= w[0][0]) {
                    p.push((
                        at("points"),
                        "point values must increase strictly from one point to the next".into(),
                    ));
                    None
                } else if pts.windows(2).any(|w| !(w[1][0] - w[0][0]).is_finite()) {
                    p.push((
                        at("points"),
                        "two neighbouring point values are further apart than a double can hold; use smaller values".into(),
                    ));
                    None
                } else {
                    let up = pts.windows(2).all(|w| w[1][1] >= w[0][1]);
                    let down = pts.windows(2).all(|w| w[1][1] <= w[0][1]);
                    match better {
                        Some(Better::Higher) if !up => {
                            p.push((at("points"), "better = \"higher\" but the scores fall somewhere: make them non-decreasing".into()));
                            None
                        }
                        Some(Better::Lower) if !down => {
                            p.push((at("points"), "better = \"lower\" but the scores rise somewhere: make them non-increasing".into()));
                            None
                        }
                        Some(better) => Some(Normalisation::Thresholds {
                            points: pts.iter().map(|q| (q[0], q[1])).collect(),
                            better,
                        }),
                        None => None,
                    }
                }
            }
        },
        (Normalise::Range, better) => match (s.min, s.max) {
            (Some(lo), Some(hi)) if lo.is_finite() && hi.is_finite() && lo < hi => {
                if (hi - lo).is_finite() {
                    better.map(|better| Normalisation::Range {
                        min: lo,
                        max: hi,
                        better,
                    })
                } else {
                    p.push((
                        at("max"),
                        "`min` and `max` are further apart than a double can hold; use smaller values"
                            .into(),
                    ));
                    None
                }
            }
            (Some(_), Some(_)) => {
                p.push((at("max"), "a range needs finite `min` < `max`".into()));
                None
            }
            _ => {
                p.push((at("normalise"), "a range needs `min` and `max`".into()));
                None
            }
        },
        (Normalise::Percentile, better) => {
            let within = s.within.unwrap_or_default();
            if within == Within::Segment && m.columns.segment.is_none() {
                p.push((at("within"), "`within = \"segment\"` needs a segment column: add `segment = \"...\"` to [columns]".into()));
                None
            } else {
                better.map(|better| Normalisation::Percentile { better, within })
            }
        }
        (Normalise::Category, _) => match &s.map {
            None => {
                p.push((
                    at("normalise"),
                    "a category signal needs `map = { value = score, ... }`".into(),
                ));
                None
            }
            Some(map) if map.is_empty() => {
                p.push((at("map"), "the map is empty".into()));
                None
            }
            Some(map) => {
                let mut ok = true;
                for (key, v) in map {
                    if !is_points(*v) {
                        ok = false;
                        let mut here = at("map");
                        here.push(k(key));
                        p.push((here, format!("score {v} for `{key}` must be from 0 to 100")));
                    }
                }
                ok.then(|| Normalisation::Category {
                    map: map.iter().map(|(k, v)| (k.clone(), *v)).collect(),
                })
            }
        },
        (Normalise::YesNo, _) => {
            let (yes, no) = (s.yes.unwrap_or(100.0), s.no.unwrap_or(0.0));
            for (key, v) in [("yes", yes), ("no", no)] {
                if !is_points(v) {
                    p.push((
                        at(key),
                        format!("`{key}` is {v}: points must be from 0 to 100"),
                    ));
                }
            }
            (is_points(yes) && is_points(no)).then_some(Normalisation::YesNo { yes, no })
        }
    };
    normalisation.filter(|_| p.len() == before)
}

fn override_(m: &Model, oi: usize, p: &mut Problems) -> Option<ValidOverride> {
    let o = &m.overrides[oi];
    let before = p.len();
    let at = |key: &str| vec![k("overrides"), i(oi), k(key)];
    if o.segment.is_none() && o.plan.is_none() {
        p.push((
            vec![k("overrides"), i(oi)],
            "an override needs `segment` or `plan` (or both)".into(),
        ));
    }
    if o.weights.is_empty() && o.signals.is_empty() && o.tiers.is_empty() {
        p.push((
            vec![k("overrides"), i(oi)],
            "an override changes nothing: give `weights`, `signals` (normalisation settings) or `tiers` (SLA and play)".into(),
        ));
    }
    if o.segment.is_some() && m.columns.segment.is_none() {
        p.push((
            at("segment"),
            "no segment column in [columns] to match".into(),
        ));
    }
    if o.plan.is_some() && m.columns.plan.is_none() {
        p.push((at("plan"), "no plan column in [columns] to match".into()));
    }
    let mut weights = Vec::new();
    for (id, w) in &o.weights {
        let here = vec![k("overrides"), i(oi), k("weights"), k(id)];
        match m.signal_index(id) {
            None => p.push((
                here,
                format!("no signal `{id}`; signals: {}", signal_ids(m)),
            )),
            Some(_) if !(w.is_finite() && *w >= 0.0) => {
                p.push((here, format!("weight {w} must be zero or positive")));
            }
            Some(si) => weights.push((si, *w)),
        }
    }
    let mut normalisations = Vec::new();
    for (id, set) in &o.signals {
        let Some(si) = m.signal_index(id) else {
            p.push((
                vec![k("overrides"), i(oi), k("signals"), k(id)],
                format!("no signal `{id}`; signals: {}", signal_ids(m)),
            ));
            continue;
        };
        // The signal as these accounts see it: its own settings, with the
        // override's in their place; a problem points at whichever set it.
        let mut s = m.signals[si].clone();
        let given: Vec<&str> = [
            ("points", set.points.is_some()),
            ("min", set.min.is_some()),
            ("max", set.max.is_some()),
            ("map", set.map.is_some()),
            ("yes", set.yes.is_some()),
            ("no", set.no.is_some()),
        ]
        .into_iter()
        .filter_map(|(key, on)| on.then_some(key))
        .collect();
        if given.is_empty() {
            p.push((
                vec![k("overrides"), i(oi), k("signals"), k(id)],
                "no settings given: set `points`, `min`/`max`, `map` or `yes`/`no` (those of the signal's normalisation)".into(),
            ));
            continue;
        }
        // A category's cells are read by the signal's own texts: an override
        // gives them other scores, not other texts.
        if let (Some(new), Some(own)) = (&set.map, &s.map) {
            if !new.keys().eq(own.keys()) {
                p.push((
                    vec![k("overrides"), i(oi), k("signals"), k(id), k("map")],
                    format!(
                        "an override's map gives the signal's texts other scores; it must have the same texts as the signal's own map: {}",
                        own.keys().map(String::as_str).collect::<Vec<_>>().join(", ")
                    ),
                ));
                continue;
            }
        }
        s.points = set.points.clone().or(s.points);
        s.min = set.min.or(s.min);
        s.max = set.max.or(s.max);
        s.map = set.map.clone().or(s.map);
        s.yes = set.yes.or(s.yes);
        s.no = set.no.or(s.no);
        let at = |key: &str| {
            if given.contains(&key) {
                vec![k("overrides"), i(oi), k("signals"), k(id), k(key)]
            } else {
                vec![k("overrides"), i(oi), k("signals"), k(id)]
            }
        };
        if let Some(n) = normalisation(m, &s, &at, p) {
            normalisations.push((si, n));
        }
    }
    let mut playbooks = Vec::new();
    for (id, t) in &o.tiers {
        let here = vec![k("overrides"), i(oi), k("tiers"), k(id)];
        match m.tier_index(id) {
            None => p.push((
                here,
                format!(
                    "no tier `{id}`; tiers: {}",
                    m.tiers
                        .iter()
                        .map(|t| t.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
            Some(_) if t.sla.is_none() && t.play.is_none() => p.push((
                here,
                "give the tier's `sla`, `play` or both for these accounts".into(),
            )),
            Some(ti) => playbooks.push((ti, t.sla.clone(), t.play.clone())),
        }
    }
    (p.len() == before).then(|| ValidOverride {
        segment: o.segment.clone(),
        plan: o.plan.clone(),
        why: o.why.clone(),
        weights,
        normalisations,
        playbooks,
    })
}

/// The tiering settings with their defaults, or their problems.
fn tiering(m: &Model, p: &mut Problems) -> ValidTiering {
    let t = m.tiering.clone().unwrap_or_default();
    let at = |key: &str| vec![k("tiering"), k(key)];
    let floor = t.coverage_floor.unwrap_or(ValidTiering::COVERAGE_FLOOR);
    if !is_points(floor) {
        p.push((
            at("coverage_floor"),
            format!("coverage_floor {floor} must be a percentage from 0 to 100 (0 turns it off)"),
        ));
    }
    let hysteresis = t.hysteresis.unwrap_or(0.0);
    if !(0.0..=50.0).contains(&hysteresis) {
        p.push((
            at("hysteresis"),
            format!("hysteresis {hysteresis} must be points from 0 to 50 (0: none)"),
        ));
    }
    let large_drop = t.large_drop.unwrap_or(ValidTiering::LARGE_DROP);
    if !(large_drop > 0.0 && large_drop <= 100.0) {
        p.push((
            at("large_drop"),
            format!("large_drop {large_drop} must be points above 0 and at most 100"),
        ));
    }
    ValidTiering {
        coverage_floor: floor,
        hysteresis,
        large_drop,
    }
}

fn tier(m: &Model, ti: usize, p: &mut Problems) -> Option<ValidTier> {
    let t = &m.tiers[ti];
    let before = p.len();
    let at = |key: &str| vec![k("tiers"), i(ti), k(key)];
    if !is_kebab(&t.id) {
        p.push((
            at("id"),
            format!("tier id `{}` must be kebab-case (a-z, 0-9, -)", t.id),
        ));
    }
    if m.tiers[..ti].iter().any(|o| o.id == t.id) {
        p.push((at("id"), format!("tier id `{}` is used twice", t.id)));
    }
    if !is_points(t.min) {
        p.push((
            at("min"),
            format!("min {} must be a score from 0 to 100", t.min),
        ));
    }
    if ti == 0 && (t.min != 0.0 || !t.conditions.is_empty()) {
        p.push((at("min"), "the first (lowest) tier must have `min = 0` and no conditions, so every account has a tier".into()));
    }
    if ti > 0 && t.min < m.tiers[ti - 1].min {
        p.push((
            at("min"),
            format!(
                "tiers go from the lowest score to the highest, but min {} is below the previous tier's {}",
                t.min,
                m.tiers[ti - 1].min
            ),
        ));
    }
    let mut conditions = Vec::new();
    for (ci, c) in t.conditions.iter().enumerate() {
        let here = vec![k("tiers"), i(ti), k("conditions"), i(ci)];
        match m.signal_index(&c.signal) {
            None => p.push((
                here,
                format!("no signal `{}`; signals: {}", c.signal, signal_ids(m)),
            )),
            Some(_) if c.at_least.is_none() && c.at_most.is_none() => p.push((
                here,
                "a condition needs `at_least` or `at_most` (signal points, 0 to 100)".into(),
            )),
            Some(_)
                if c.at_least.is_some_and(|x| !is_points(x))
                    || c.at_most.is_some_and(|x| !is_points(x)) =>
            {
                p.push((
                    here,
                    "`at_least` and `at_most` are signal points from 0 to 100".into(),
                ));
            }
            Some(_) if c.at_least.zip(c.at_most).is_some_and(|(lo, hi)| lo > hi) => {
                p.push((
                    here,
                    format!(
                        "`at_least` {} is above `at_most` {}: no account can meet this condition, so tier `{}` is never given",
                        crate::text::fmt_num_exact(c.at_least.unwrap_or_default()),
                        crate::text::fmt_num_exact(c.at_most.unwrap_or_default()),
                        t.id
                    ),
                ));
            }
            Some(signal) => conditions.push(ValidCondition {
                signal,
                at_least: c.at_least,
                at_most: c.at_most,
            }),
        }
    }
    (p.len() == before).then(|| ValidTier {
        id: t.id.clone(),
        name: t.name.clone(),
        min: t.min,
        sla: t.sla.clone(),
        play: t.play.clone(),
        conditions,
    })
}

fn examples(m: &Model, p: &mut Problems) {
    for (ei, e) in m.examples.iter().enumerate() {
        let at = |key: &str| vec![k("examples"), i(ei), k(key)];
        if m.tier_index(&e.tier).is_none() {
            p.push((
                at("tier"),
                format!(
                    "no tier `{}`; tiers: {}",
                    e.tier,
                    m.tiers
                        .iter()
                        .map(|t| t.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        if m.examples[..ei].iter().any(|o| o.account == e.account) {
            p.push((
                at("account"),
                format!("account `{}` is used twice", e.account),
            ));
        }
        // The example's segment and plan are what overrides and ranks see;
        // a value for the same column that says otherwise would score the
        // example as two different accounts at once.
        for (key, column, given) in [
            ("segment", m.columns.segment.as_ref(), e.segment.as_ref()),
            ("plan", m.columns.plan.as_ref(), e.plan.as_ref()),
        ] {
            match (column, given) {
                (None, Some(v)) => p.push((
                    at(key),
                    format!(
                        "example `{}` gives {key} `{v}`, but [columns] has no {key} column: remove it, or add `{key} = \"...\"` to [columns]",
                        e.account
                    ),
                )),
                (Some(col), _) => {
                    if let Some(value) = e.values.get(col) {
                        let cell = value.as_cell();
                        let own = given.map_or("", String::as_str);
                        if cell.trim() != own.trim() {
                            p.push((
                                vec![k("examples"), i(ei), k("values"), k(col)],
                                format!(
                                    "example `{}` has {key} `{own}`, but its value for `{col}` (the {key} column) is `{}`: make them the same",
                                    e.account,
                                    cell.trim()
                                ),
                            ));
                        }
                    }
                }
                (None, None) => {}
            }
        }
        for col in e.values.keys() {
            if !m.signals.iter().any(|s| &s.column == col) {
                p.push((
                    vec![k("examples"), i(ei), k("values"), k(col)],
                    format!("no signal reads column `{col}`"),
                ));
            }
        }
    }
}

/// Weights, the last override applied, the segment and the plan.
type WeightSet<'a> = (Vec<f64>, Option<usize>, Option<&'a str>, Option<&'a str>);

/// The weights an account can end up with: for each segment the overrides
/// name (and any other segment) and each plan they name (and any other plan),
/// the overrides that match, applied in file order. Returns, per such
/// account, the weights, the index of the last override applied, and the
/// segment and plan (`None`: any the overrides do not name).
fn weight_sets<'a>(signals: &[ValidSignal], overrides: &'a [ValidOverride]) -> Vec<WeightSet<'a>> {
    let segments: BTreeSet<Option<&str>> = std::iter::once(None)
        .chain(
            overrides
                .iter()
                .filter_map(|o| o.segment.as_deref().map(Some)),
        )
        .collect();
    let plans: BTreeSet<Option<&str>> = std::iter::once(None)
        .chain(overrides.iter().filter_map(|o| o.plan.as_deref().map(Some)))
        .collect();
    let mut out = Vec::new();
    for seg in &segments {
        for plan in &plans {
            let mut w: Vec<f64> = signals.iter().map(|s| s.weight).collect();
            let mut last = None;
            for (oi, o) in overrides.iter().enumerate() {
                let seg_ok = o.segment.is_none() || o.segment.as_deref() == *seg;
                let plan_ok = o.plan.is_none() || o.plan.as_deref() == *plan;
                if seg_ok && plan_ok {
                    for &(si, x) in &o.weights {
                        w[si] = x;
                    }
                    last = Some(oi);
                }
            }
            out.push((w, last, *seg, *plan));
        }
    }
    out
}

/// Weights that make every score impossible: an override (or overrides
/// together) leaving every weight at zero, and weights whose sum is too large
/// for the arithmetic (two weights of 1e308 overflow to infinity, and every
/// score becomes NaN).
fn weights(m: &Model, signals: &[ValidSignal], overrides: &[ValidOverride], p: &mut Problems) {
    let mut zero_reported = BTreeSet::new();
    let mut overflow = false;
    let mut all_zero = false;
    for (w, last, seg, plan) in weight_sets(signals, overrides) {
        let sum: f64 = w.iter().sum();
        // The score adds w·p with p up to 100, and coverage scales by 100 × 100.
        if !(sum * 100.0 * 100.0).is_finite() && !overflow {
            overflow = true;
            let at = match last {
                Some(oi) => vec![k("overrides"), i(oi), k("weights")],
                None => {
                    let largest = (0..w.len())
                        .rev()
                        .max_by(|a, b| w[*a].total_cmp(&w[*b]))
                        .unwrap_or(0);
                    vec![k("signals"), i(largest), k("weight")]
                }
            };
            let how = if sum.is_finite() {
                crate::text::fmt_num_exact(sum)
            } else {
                "they overflow to infinity".into()
            };
            p.push((at, format!(
                "the weights add up to more than the score's arithmetic can hold ({how}); only their ratios matter, so use smaller numbers (such as points that add up to 100)"
            )));
        }
        if sum == 0.0 && last.is_none() && !signals.is_empty() && !all_zero {
            all_zero = true;
            p.push((
                vec![k("signals"), i(0), k("weight")],
                "every signal's weight is zero, so no account could get a score; keep at least one signal above zero".into(),
            ));
        }
        if sum == 0.0 {
            if let Some(oi) = last {
                if zero_reported.insert(oi) {
                    let who = match (seg, plan) {
                        (Some(s), Some(pl)) => format!("segment `{s}` on plan `{pl}`"),
                        (Some(s), None) => format!("segment `{s}`"),
                        (None, Some(pl)) => format!("plan `{pl}`"),
                        (None, None) => "any segment or plan".into(),
                    };
                    let alone = m.overrides[oi].weights.len() == signals.len()
                        && m.overrides[oi].weights.values().all(|w| *w == 0.0);
                    let what = if alone {
                        "this override leaves every weight at zero".to_string()
                    } else {
                        "with the overrides before it that match the same accounts, this override leaves every weight at zero".to_string()
                    };
                    p.push((
                        vec![k("overrides"), i(oi), k("weights")],
                        format!("{what}, so no account of {who} could get a score; keep at least one signal above zero"),
                    ));
                }
            }
        }
    }
}

/// A tier no account can get: a tier above it with the same cut-off (in
/// hundredths, as scores are compared) and no conditions always wins.
fn unreachable_tiers(m: &Model, tiers: &[ValidTier], p: &mut Problems) {
    let centi = |x: f64| (x * 100.0).round();
    for (ti, t) in tiers.iter().enumerate() {
        if let Some(above) = tiers[ti + 1..]
            .iter()
            .find(|u| centi(u.min) <= centi(t.min) && u.conditions.is_empty())
        {
            let _ = m;
            p.push((
                vec![k("tiers"), i(ti), k("min")],
                format!(
                    "tier `{}` can never be given: tier `{}` above it has the same min {} and no conditions, so it always wins; raise `{}`'s min or give it conditions",
                    t.id,
                    above.id,
                    crate::text::fmt_num_exact(above.min),
                    above.id
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn problems(text: &str) -> Vec<String> {
        let loaded = LoadedModel::parse("m.toml", text).expect("test model parses");
        match validate(&loaded) {
            Ok(_) => Vec::new(),
            Err(d) => d.into_iter().map(|d| d.message).collect(),
        }
    }

    const MODEL: &str = r#"
[model]
id = "m"
title = "M"
version = "1"
description = "d"
[columns]
account = "id"
segment = "seg"
plan = "plan"
[[signals]]
id = "a"
title = "A"
column = "a"
weight = 1
normalise = "range"
better = "higher"
min = 0
max = 10
[[signals]]
id = "b"
title = "B"
column = "b"
weight = 1
normalise = "range"
better = "higher"
min = 0
max = 10
[[overrides]]
segment = "smb"
weights = { a = 0 }
[[overrides]]
plan = "free"
weights = { b = 0 }
[[tiers]]
id = "low"
name = "Low"
min = 0
sla = "now"
play = "call"
[[tiers]]
id = "high"
name = "High"
min = 50
sla = "later"
play = "grow"
"#;

    #[test]
    fn overrides_that_together_zero_every_weight_are_found() {
        // Each override alone leaves a weight; an smb account on the free
        // plan matches both, and has none.
        assert_eq!(
            problems(MODEL),
            [
                "with the overrides before it that match the same accounts, this override leaves every weight at zero, so no account of segment `smb` on plan `free` could get a score; keep at least one signal above zero"
            ]
        );
        assert_eq!(
            problems(&MODEL.replace("plan = \"free\"", "segment = \"ent\"")),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_signal_may_weigh_zero_but_not_every_signal() {
        let plain = MODEL.replace(
            "[[overrides]]\nsegment = \"smb\"\nweights = { a = 0 }\n[[overrides]]\nplan = \"free\"\nweights = { b = 0 }\n",
            "",
        );
        let one = plain.replacen("weight = 1", "weight = 0", 1);
        assert_eq!(problems(&one), Vec::<String>::new());
        let both = one.replace("weight = 1", "weight = 0");
        assert_eq!(
            problems(&both),
            [
                "every signal's weight is zero, so no account could get a score; keep at least one signal above zero"
            ]
        );
        assert_eq!(
            problems(&MODEL.replacen("weight = 1", "weight = -2", 1)),
            [
                "weight -2 must be zero or a positive number (0 keeps the signal for reading and conditions without adding it to the score)"
            ]
        );
    }

    #[test]
    fn a_valid_model_keeps_its_settings_typed() {
        let text = MODEL.replace("plan = \"free\"", "segment = \"ent\"");
        let ok = LoadedModel::parse("m.toml", &text).expect("parses");
        let v = validate(&ok).expect("valid");
        assert_eq!(
            v.signals[0].normalisation,
            Normalisation::Range {
                min: 0.0,
                max: 10.0,
                better: Better::Higher
            }
        );
        assert_eq!(v.overrides[1].weights, [(1, 0.0)]);
        assert!(!v.needs_ranks());
    }
}
