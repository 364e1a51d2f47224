//! Reading health models (TOML, validated with every problem located) and
//! the header and cells of accounts CSV files.

use std::path::Path;

use serde::Deserialize;
use toml::de::DeTable;

use super::model::{Better, Model, Normalise, Within};
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::error::Error;
use crate::framework::load::is_path;
use crate::fsio;
use crate::span::{Seg, TomlIndex};

include!(concat!(env!("OUT_DIR"), "/embedded_models.rs"));

/// A model with the text it came from, for pointing at problems.
#[derive(Debug, Clone)]
pub struct LoadedModel {
    /// The parsed model.
    pub model: Model,
    /// How its file is named in messages.
    pub path: String,
    /// The file's text.
    pub source: String,
}

/// One step of the path to a value in a model file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// A table key.
    Key(String),
    /// An array index.
    Index(usize),
}

/// Shorthand for a key step.
pub fn k(key: &str) -> Part {
    Part::Key(key.to_string())
}

/// Shorthand for an index step.
pub fn i(index: usize) -> Part {
    Part::Index(index)
}

impl LoadedModel {
    /// Diagnostics for many problems, in file order, with the file parsed and
    /// its lines indexed once (not once per problem).
    pub fn locate_all(&self, problems: Vec<(Vec<Part>, String)>) -> Vec<Diagnostic> {
        let index = TomlIndex::new(&self.source);
        let lines = LineIndex::new(&self.source);
        let mut diags: Vec<Diagnostic> = problems
            .into_iter()
            .map(|(path, message)| {
                let segs: Vec<Seg<'_>> = path
                    .iter()
                    .map(|p| match p {
                        Part::Key(k) => Seg::Key(k),
                        Part::Index(i) => Seg::Index(*i),
                    })
                    .collect();
                let span = if segs.is_empty() {
                    Some(0..0)
                } else {
                    index.locate(&segs)
                };
                Diagnostic::at_indexed(&self.path, &self.source, &lines, span, message)
            })
            .collect();
        diags.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
        diags
    }
}

/// Whether a TOML text looks like a health model rather than a framework.
pub fn is_model_text(source: &str) -> bool {
    DeTable::parse(source).is_ok_and(|t| {
        let t = t.get_ref();
        t.get("model")
            .is_some_and(|v| v.get_ref().as_table().is_some())
            || t.contains_key("signals")
    })
}

/// Parses a model file's text: TOML syntax, then the schema.
pub fn parse_model(path: &str, source: &str) -> Result<Model, Diagnostic> {
    if source.trim().is_empty() {
        return Err(Diagnostic::file(
            path,
            "file is empty; expected a health model with [model], [columns], [[signals]] and [[tiers]]",
        )
        .with_help("docs/health.md describes the model format; models/saas-health.toml is a complete one"));
    }
    let table = DeTable::parse(source).map_err(|e| Diagnostic::from_toml(path, source, &e))?;
    Model::deserialize(toml::de::Deserializer::from(table))
        .map_err(|e| Diagnostic::from_toml(path, source, &e))
}

/// The ids of the models shipped with cs-scorecard.
pub fn embedded_ids() -> Vec<&'static str> {
    EMBEDDED_MODELS
        .iter()
        .map(|(f, _)| f.trim_end_matches(".toml"))
        .collect()
}

/// Reads, parses and validates a model named by id (built in) or path.
pub fn load(name: &str) -> Result<LoadedModel, Error> {
    let loaded = if is_path(name) || Path::new(name).is_file() {
        load_file(Path::new(name))?
    } else if let Some((file, source)) = EMBEDDED_MODELS
        .iter()
        .find(|(f, _)| f.strip_suffix(".toml") == Some(name))
    {
        let path = format!("{file} (built in)");
        LoadedModel {
            model: parse_model(&path, source)?,
            path,
            source: (*source).to_string(),
        }
    } else {
        return Err(Error::Usage(format!(
            "unknown health model `{name}`; built-in models: {} (or give a path to a .toml file)",
            embedded_ids().join(", ")
        )));
    };
    let problems = validate(&loaded);
    if problems.is_empty() {
        Ok(loaded)
    } else {
        Err(Error::Input(problems))
    }
}

/// Reads and parses a model file without validating it.
pub fn load_file(path: &Path) -> Result<LoadedModel, Diagnostic> {
    let shown = fsio::display(path);
    let source = fsio::read_text(path)?;
    let model = parse_model(&shown, &source)?;
    Ok(LoadedModel {
        model,
        path: shown,
        source,
    })
}

fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn is_points(x: f64) -> bool {
    (0.0..=100.0).contains(&x)
}

/// Checks a parsed model and returns every problem, located in its file.
pub fn validate(loaded: &LoadedModel) -> Vec<Diagnostic> {
    let m = &loaded.model;
    let mut p: Vec<(Vec<Part>, String)> = Vec::new();
    let mut add = |path: Vec<Part>, msg: String| p.push((path, msg));
    if !is_kebab(&m.model.id) {
        add(
            vec![k("model"), k("id")],
            format!("model id `{}` must be kebab-case (a-z, 0-9, -)", m.model.id),
        );
    }
    for (key, v) in [
        ("account", Some(&m.columns.account)),
        ("segment", m.columns.segment.as_ref()),
        ("plan", m.columns.plan.as_ref()),
        ("arr", m.columns.arr.as_ref()),
        ("date", m.columns.date.as_ref()),
    ] {
        if v.is_some_and(|c| c.trim().is_empty()) {
            add(
                vec![k("columns"), k(key)],
                format!("column name for `{key}` is empty"),
            );
        }
    }
    if m.signals.is_empty() {
        add(
            vec![k("signals")],
            "no signals; a model needs at least one [[signals]]".into(),
        );
    }
    for (si, s) in m.signals.iter().enumerate() {
        let at = |key: &str| vec![k("signals"), i(si), k(key)];
        if !is_kebab(&s.id) {
            add(
                at("id"),
                format!("signal id `{}` must be kebab-case (a-z, 0-9, -)", s.id),
            );
        }
        if m.signals[..si].iter().any(|o| o.id == s.id) {
            add(at("id"), format!("signal id `{}` is used twice", s.id));
        }
        if s.column.trim().is_empty() {
            add(at("column"), "column name is empty".into());
        }
        if !(s.weight.is_finite() && s.weight > 0.0) {
            add(
                at("weight"),
                format!("weight {} must be a positive number", s.weight),
            );
        }
        let numeric = s.normalise != Normalise::Category;
        if numeric && s.better.is_none() {
            add(
                at("normalise"),
                "say which way is good: add `better = \"higher\"` or `better = \"lower\"`".into(),
            );
        }
        if !numeric && s.better.is_some() {
            add(
                at("better"),
                "`better` does not apply to a category signal; its `map` says what is good".into(),
            );
        }
        let wrong = |key: &str, present: bool, add: &mut dyn FnMut(Vec<Part>, String)| {
            if present {
                add(
                    at(key),
                    format!(
                        "`{key}` does not apply to `normalise = \"{}\"`",
                        normalise_name(s.normalise)
                    ),
                );
            }
        };
        match s.normalise {
            Normalise::Thresholds => {
                wrong("min", s.min.is_some(), &mut add);
                wrong("max", s.max.is_some(), &mut add);
                wrong("map", s.map.is_some(), &mut add);
                wrong("within", s.within.is_some(), &mut add);
                match &s.points {
                    None => add(
                        at("normalise"),
                        "thresholds need `points = [[value, score], ...]` (at least two)".into(),
                    ),
                    Some(pts) if pts.len() < 2 => add(
                        at("points"),
                        "thresholds need at least two [value, score] points".into(),
                    ),
                    Some(pts) => {
                        if pts.iter().any(|q| !q[0].is_finite() || !is_points(q[1])) {
                            add(at("points"), "every point is [value, score] with a finite value and a score from 0 to 100".into());
                        } else if pts.windows(2).any(|w| w[1][0] <= w[0][0]) {
                            add(
                                at("points"),
                                "point values must increase strictly from one point to the next"
                                    .into(),
                            );
                        } else {
                            let up = pts.windows(2).all(|w| w[1][1] >= w[0][1]);
                            let down = pts.windows(2).all(|w| w[1][1] <= w[0][1]);
                            match s.better {
                                Some(Better::Higher) if !up => add(at("points"), "better = \"higher\" but the scores fall somewhere: make them non-decreasing".into()),
                                Some(Better::Lower) if !down => add(at("points"), "better = \"lower\" but the scores rise somewhere: make them non-increasing".into()),
                                _ => {}
                            }
                        }
                    }
                }
            }
            Normalise::Range => {
                wrong("points", s.points.is_some(), &mut add);
                wrong("map", s.map.is_some(), &mut add);
                wrong("within", s.within.is_some(), &mut add);
                match (s.min, s.max) {
                    (Some(lo), Some(hi)) if lo.is_finite() && hi.is_finite() && lo < hi => {}
                    (Some(_), Some(_)) => {
                        add(at("max"), "a range needs finite `min` < `max`".into())
                    }
                    _ => add(at("normalise"), "a range needs `min` and `max`".into()),
                }
            }
            Normalise::Percentile => {
                wrong("points", s.points.is_some(), &mut add);
                wrong("map", s.map.is_some(), &mut add);
                wrong("min", s.min.is_some(), &mut add);
                wrong("max", s.max.is_some(), &mut add);
                if s.within == Some(Within::Segment) && m.columns.segment.is_none() {
                    add(at("within"), "`within = \"segment\"` needs a segment column: add `segment = \"...\"` to [columns]".into());
                }
            }
            Normalise::Category => {
                wrong("points", s.points.is_some(), &mut add);
                wrong("min", s.min.is_some(), &mut add);
                wrong("max", s.max.is_some(), &mut add);
                wrong("within", s.within.is_some(), &mut add);
                match &s.map {
                    None => add(
                        at("normalise"),
                        "a category signal needs `map = { value = score, ... }`".into(),
                    ),
                    Some(map) if map.is_empty() => add(at("map"), "the map is empty".into()),
                    Some(map) => {
                        for (key, v) in map {
                            if !is_points(*v) {
                                add(
                                    vec![k("signals"), i(si), k("map"), k(key)],
                                    format!("score {v} for `{key}` must be from 0 to 100"),
                                );
                            }
                        }
                    }
                }
            }
        }
    }
    for (oi, o) in m.overrides.iter().enumerate() {
        let at = |key: &str| vec![k("overrides"), i(oi), k(key)];
        if o.segment.is_none() && o.plan.is_none() {
            add(
                vec![k("overrides"), i(oi)],
                "an override needs `segment` or `plan` (or both)".into(),
            );
        }
        if o.segment.is_some() && m.columns.segment.is_none() {
            add(
                at("segment"),
                "no segment column in [columns] to match".into(),
            );
        }
        if o.plan.is_some() && m.columns.plan.is_none() {
            add(at("plan"), "no plan column in [columns] to match".into());
        }
        for (id, w) in &o.weights {
            let here = vec![k("overrides"), i(oi), k("weights"), k(id)];
            if m.signal_index(id).is_none() {
                add(
                    here,
                    format!("no signal `{id}`; signals: {}", signal_ids(m)),
                );
            } else if !(w.is_finite() && *w >= 0.0) {
                add(here, format!("weight {w} must be zero or positive"));
            }
        }
    }
    if m.tiers.len() < 2 {
        add(vec![k("tiers")], "a model needs at least two [[tiers]] (the seed suggests 3-4: At Risk, Watch, Healthy, Growth)".into());
    }
    for (ti, t) in m.tiers.iter().enumerate() {
        let at = |key: &str| vec![k("tiers"), i(ti), k(key)];
        if !is_kebab(&t.id) {
            add(
                at("id"),
                format!("tier id `{}` must be kebab-case (a-z, 0-9, -)", t.id),
            );
        }
        if m.tiers[..ti].iter().any(|o| o.id == t.id) {
            add(at("id"), format!("tier id `{}` is used twice", t.id));
        }
        if !is_points(t.min) {
            add(
                at("min"),
                format!("min {} must be a score from 0 to 100", t.min),
            );
        }
        if ti == 0 && (t.min != 0.0 || !t.conditions.is_empty()) {
            add(at("min"), "the first (lowest) tier must have `min = 0` and no conditions, so every account has a tier".into());
        }
        if ti > 0 && t.min < m.tiers[ti - 1].min {
            add(
                at("min"),
                format!(
                    "tiers go from the lowest score to the highest, but min {} is below the previous tier's {}",
                    t.min,
                    m.tiers[ti - 1].min
                ),
            );
        }
        for (ci, c) in t.conditions.iter().enumerate() {
            let here = vec![k("tiers"), i(ti), k("conditions"), i(ci)];
            if m.signal_index(&c.signal).is_none() {
                add(
                    here,
                    format!("no signal `{}`; signals: {}", c.signal, signal_ids(m)),
                );
            } else if c.at_least.is_none() && c.at_most.is_none() {
                add(
                    here,
                    "a condition needs `at_least` or `at_most` (signal points, 0 to 100)".into(),
                );
            } else if c.at_least.is_some_and(|x| !is_points(x))
                || c.at_most.is_some_and(|x| !is_points(x))
            {
                add(
                    here,
                    "`at_least` and `at_most` are signal points from 0 to 100".into(),
                );
            }
        }
    }
    for (ei, e) in m.examples.iter().enumerate() {
        let at = |key: &str| vec![k("examples"), i(ei), k(key)];
        if m.tier_index(&e.tier).is_none() {
            add(
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
            );
        }
        if m.examples[..ei].iter().any(|o| o.account == e.account) {
            add(
                at("account"),
                format!("account `{}` is used twice", e.account),
            );
        }
        for col in e.values.keys() {
            if !m.signals.iter().any(|s| &s.column == col) {
                add(
                    vec![k("examples"), i(ei), k("values"), k(col)],
                    format!("no signal reads column `{col}`"),
                );
            }
        }
    }
    loaded.locate_all(p)
}

fn signal_ids(m: &Model) -> String {
    m.signals
        .iter()
        .map(|s| s.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The TOML spelling of a normaliser.
pub fn normalise_name(n: Normalise) -> &'static str {
    match n {
        Normalise::Thresholds => "thresholds",
        Normalise::Range => "range",
        Normalise::Percentile => "percentile",
        Normalise::Category => "category",
    }
}

/// Where each column the model reads sits in an accounts CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Account id column.
    pub account: usize,
    /// Segment column.
    pub segment: Option<usize>,
    /// Plan column.
    pub plan: Option<usize>,
    /// ARR column.
    pub arr: Option<usize>,
    /// Date column.
    pub date: Option<usize>,
    /// One column per signal, in model order.
    pub signals: Vec<usize>,
    /// Whether each signal is read as text (category) rather than a number.
    pub text: Vec<bool>,
    /// The header's names, for messages.
    pub names: Vec<String>,
}

/// Resolves the model's columns in a CSV header, naming every one that is missing.
pub fn layout(model: &Model, file: &str, header: &[&[u8]]) -> Result<Layout, Error> {
    let names: Vec<String> = header
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    let mut missing = Vec::new();
    let mut find = |col: &str, role: String| -> usize {
        match names.iter().position(|n| n == col) {
            Some(i) => i,
            None => {
                missing.push(Diagnostic::file(
                    file,
                    format!("line 1: no column `{col}` ({role}) in the header"),
                ));
                0
            }
        }
    };
    let account = find(&model.columns.account, "the account id".into());
    let c = &model.columns;
    let segment = c.segment.as_ref().map(|s| find(s, "the segment".into()));
    let plan = c.plan.as_ref().map(|s| find(s, "the plan".into()));
    let arr = c.arr.as_ref().map(|s| find(s, "the ARR".into()));
    let date = c.date.as_ref().map(|s| find(s, "the snapshot date".into()));
    let signals = model
        .signals
        .iter()
        .map(|s| find(&s.column, format!("signal `{}`", s.id)))
        .collect();
    if !missing.is_empty() {
        let shown: Vec<String> = names
            .iter()
            .map(|n| crate::diagnostic::printable(n))
            .collect();
        let last = missing.len() - 1;
        missing[last].help = Some(format!("the header has: {}", shown.join(", ")));
        return Err(Error::Input(missing));
    }
    Ok(Layout {
        account,
        segment,
        plan,
        arr,
        date,
        signals,
        text: model
            .signals
            .iter()
            .map(|s| s.normalise == Normalise::Category)
            .collect(),
        names,
    })
}

/// A cell that could not be read, with where it is (line relative to the block read).
#[derive(Debug, Clone, PartialEq)]
pub struct RowProblem {
    /// The line of the row in the text given to the reader (1-based).
    pub line: u64,
    /// The column index.
    pub column: usize,
    /// What was found and expected.
    pub message: String,
}

impl RowProblem {
    /// The diagnostic, with the line made absolute by `offset` lines before the block.
    pub fn diagnostic(&self, file: &str, layout: &Layout, offset: u64) -> Diagnostic {
        let name = layout.names.get(self.column).map_or("?", String::as_str);
        Diagnostic::file(
            file,
            format!(
                "line {}, column {} `{}`: {}",
                self.line + offset,
                self.column + 1,
                crate::diagnostic::printable(name),
                self.message
            ),
        )
    }
}

/// Trims ASCII spaces around a cell.
pub fn trim(b: &[u8]) -> &[u8] {
    b.trim_ascii()
}

/// Powers of ten exactly representable as doubles.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Plain decimals (`-12.5`, `80`) with at most 15 digits: an exact integer divided by an
/// exact power of ten, one correctly rounded operation, so the same double as
/// `str::parse` (Clinger's fast path); anything else is left to `str::parse`.
fn plain_decimal(t: &[u8]) -> Option<f64> {
    let (neg, digits) = match t.first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    let (mut mant, mut scale, mut dot, mut any) = (0u64, 0usize, false, false);
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                mant = mant * 10 + u64::from(c - b'0');
                any = true;
                scale += usize::from(dot);
            }
            b'.' if !dot => dot = true,
            _ => return None,
        }
    }
    if !any || mant >= 1 << 53 {
        return None;
    }
    let v = mant as f64 / POW10[scale];
    Some(if neg { -v } else { v })
}

/// Parses a number cell: empty is `None`; anything but a finite number is an error.
pub fn number(b: &[u8]) -> Result<Option<f64>, String> {
    let t = trim(b);
    if t.is_empty() {
        return Ok(None);
    }
    if let Some(x) = plain_decimal(t) {
        return Ok(Some(x));
    }
    std::str::from_utf8(t)
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|x| x.is_finite())
        .map(Some)
        .ok_or_else(|| {
            format!(
                "found `{}`, expected a number (or an empty cell for no data)",
                shown(t)
            )
        })
}

/// A cell as shown in a message: escaped and cut to 40 characters.
pub fn shown(b: &[u8]) -> String {
    let s = String::from_utf8_lossy(b);
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    crate::diagnostic::printable(&out)
}

/// Checks a `YYYY-MM-DD` date cell.
pub fn date(b: &[u8]) -> Result<(), String> {
    crate::date::Date::parse_bytes(b)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Where the columns of an outcomes CSV are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeLayout {
    /// Account id (`account_id` or `account`).
    pub account: usize,
    /// `renewal_date`, when present (checked as YYYY-MM-DD).
    pub date: Option<usize>,
    /// `renewed`.
    pub renewed: usize,
    /// `expanded`, when present.
    pub expanded: Option<usize>,
    /// The header's names, for messages.
    pub names: Vec<String>,
}

/// Finds the outcome columns in a header.
pub fn outcome_layout(file: &str, header: &[&[u8]]) -> Result<OutcomeLayout, Error> {
    let names: Vec<String> = header
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    let find = |n: &str| names.iter().position(|x| x == n);
    let account = find("account_id").or_else(|| find("account"));
    let renewed = find("renewed");
    match (account, renewed) {
        (Some(account), Some(renewed)) => Ok(OutcomeLayout {
            account,
            date: find("renewal_date"),
            renewed,
            expanded: find("expanded"),
            names,
        }),
        _ => Err(Diagnostic::file(
            file,
            format!(
                "line 1: an outcomes file needs columns `account_id` (or `account`) and `renewed`; the header has: {}",
                names.iter().map(|n| crate::diagnostic::printable(n)).collect::<Vec<_>>().join(", ")
            ),
        )
        .with_help("columns: account_id, renewal_date (YYYY-MM-DD), renewed (yes/no), expanded (yes/no, optional)")
        .into()),
    }
}

/// Reads a yes/no cell (`yes`, `no`, `true`, `false`, `1`, `0`, any case).
pub fn yes_no(b: &[u8]) -> Result<bool, String> {
    match trim(b).to_ascii_lowercase().as_slice() {
        b"yes" | b"y" | b"true" | b"1" => Ok(true),
        b"no" | b"n" | b"false" | b"0" => Ok(false),
        other => Err(format!("found `{}`, expected yes or no", shown(other))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_are_yes_or_no() {
        assert_eq!(yes_no(b" Yes"), Ok(true));
        assert_eq!(yes_no(b"0"), Ok(false));
        assert!(
            yes_no(b"maybe")
                .unwrap_err()
                .contains("found `maybe`, expected yes or no")
        );
    }

    #[test]
    fn plain_decimals_parse_to_the_same_double_as_the_standard_parser() {
        for t in [
            "0",
            "-0",
            "12.5",
            "-50",
            "0.1",
            "99.99",
            "123456789012345",
            "0.000000000000001",
            "7.",
            ".5",
            "+3.25",
            "1e3",
            "-0.05",
        ] {
            assert_eq!(
                number(t.as_bytes()),
                Ok(Some(t.parse::<f64>().unwrap_or(f64::NAN))),
                "{t}"
            );
        }
        let mut r = crate::health::demo::Rng::for_account(1, 2);
        for _ in 0..20_000 {
            let t = format!(
                "{:.*}",
                (r.next_u64() % 6) as usize,
                (r.unit() - 0.5) * 10f64.powi((r.next_u64() % 9) as i32)
            );
            assert_eq!(
                plain_decimal(t.as_bytes()).map(f64::to_bits),
                t.parse::<f64>().ok().map(f64::to_bits),
                "{t}"
            );
        }
        assert_eq!(plain_decimal(b"1.2.3"), None);
        assert_eq!(plain_decimal(b"-"), None);
    }

    #[test]
    fn numbers_and_dates_are_read_strictly() {
        assert_eq!(number(b" 12.5 "), Ok(Some(12.5)));
        assert_eq!(number(b""), Ok(None));
        assert!(
            number(b"12%")
                .unwrap_err()
                .contains("found `12%`, expected a number")
        );
        assert!(number(b"NaN").is_err());
        assert_eq!(date(b"2024-02-29"), Ok(()));
        assert!(date(b"2023-02-29").is_err());
        assert!(
            date(b"31/01/2024")
                .unwrap_err()
                .contains("expected a date as YYYY-MM-DD")
        );
    }

    #[test]
    fn models_are_told_from_frameworks_by_content() {
        assert!(is_model_text("[model]\nid = \"x\"\n"));
        assert!(!is_model_text("id = \"x\"\n[[sections]]\n"));
    }
}
