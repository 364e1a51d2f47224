//! A health model written back as TOML a person can review: the layout of the
//! shipped models (one `[[signals]]` table per signal, points and maps inline),
//! with comments where the writer has something to say. Reading the text back
//! gives the same model.

use std::fmt::Write as _;

use super::model::{
    About, Better, Columns, Condition, ExampleValue, Missing, Model, Normalisation, Normalise,
    Override, Signal, SignalSettings, Tier, TierPlaybook, Tiering, ValidModel, Within,
};

/// Comments to write into a model file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Comments {
    /// The `#:schema` line's path (editors read it), when the file's place is known.
    pub schema: Option<String>,
    /// Lines at the top of the file (without `#`).
    pub header: Vec<String>,
    /// Per signal, lines above its `[[signals]]` table.
    pub signals: Vec<Vec<String>>,
    /// Lines above the first `[[tiers]]` table.
    pub tiers: Vec<String>,
}

/// A checked model as the file model it came from (what [`to_toml`] writes).
pub fn unvalidated(m: &ValidModel) -> Model {
    let signals = m
        .signals
        .iter()
        .map(|s| {
            let mut out = Signal {
                id: s.id.clone(),
                title: s.title.clone(),
                column: s.column.clone(),
                group: s.group.clone(),
                why: s.why.clone(),
                weight: s.weight,
                normalise: Normalise::Thresholds,
                better: None,
                points: None,
                min: None,
                max: None,
                within: None,
                map: None,
                yes: None,
                no: None,
                missing: s.missing,
            };
            match &s.normalisation {
                Normalisation::Thresholds { points, better } => {
                    out.better = Some(*better);
                    out.points = Some(points.iter().map(|&(x, y)| [x, y]).collect());
                }
                Normalisation::Range { min, max, better } => {
                    out.normalise = Normalise::Range;
                    out.better = Some(*better);
                    out.min = Some(*min);
                    out.max = Some(*max);
                }
                Normalisation::Percentile { better, within } => {
                    out.normalise = Normalise::Percentile;
                    out.better = Some(*better);
                    out.within = (*within == Within::Segment).then_some(Within::Segment);
                }
                Normalisation::Category { map } => {
                    out.normalise = Normalise::Category;
                    out.map = Some(map.iter().cloned().collect());
                }
                Normalisation::YesNo { yes, no } => {
                    out.normalise = Normalise::YesNo;
                    out.yes = Some(*yes);
                    out.no = Some(*no);
                }
            }
            out
        })
        .collect();
    Model {
        model: About {
            id: m.about.id.clone(),
            title: m.about.title.clone(),
            version: m.about.version.clone(),
            description: m.about.description.clone(),
            source: m.about.source.clone(),
        },
        columns: Columns {
            account: m.columns.account.clone(),
            segment: m.columns.segment.clone(),
            plan: m.columns.plan.clone(),
            arr: m.columns.arr.clone(),
            date: m.columns.date.clone(),
        },
        tiering: Some(Tiering {
            coverage_floor: Some(m.tiering.coverage_floor),
            hysteresis: Some(m.tiering.hysteresis),
            large_drop: Some(m.tiering.large_drop),
        }),
        signals,
        overrides: m
            .overrides
            .iter()
            .map(|o| Override {
                segment: o.segment.clone(),
                plan: o.plan.clone(),
                why: o.why.clone(),
                weights: o
                    .weights
                    .iter()
                    .map(|&(i, w)| (m.signals[i].id.clone(), w))
                    .collect(),
                signals: o
                    .normalisations
                    .iter()
                    .map(|(i, n)| {
                        let s = &m.signals[*i];
                        (s.id.clone(), settings(&s.normalisation, n))
                    })
                    .collect(),
                tiers: o
                    .playbooks
                    .iter()
                    .map(|(t, sla, play)| {
                        (
                            m.tiers[*t].id.clone(),
                            TierPlaybook {
                                sla: sla.clone(),
                                play: play.clone(),
                            },
                        )
                    })
                    .collect(),
            })
            .collect(),
        tiers: m
            .tiers
            .iter()
            .map(|t| Tier {
                id: t.id.clone(),
                name: t.name.clone(),
                min: t.min,
                sla: t.sla.clone(),
                play: t.play.clone(),
                conditions: t
                    .conditions
                    .iter()
                    .map(|c| Condition {
                        signal: m.signals[c.signal].id.clone(),
                        at_least: c.at_least,
                        at_most: c.at_most,
                    })
                    .collect(),
            })
            .collect(),
        examples: m.examples.clone(),
    }
}

/// An override's normalisation `n` of a signal whose own is `base`, as the
/// settings the file gives: only those that differ from the signal's.
fn settings(base: &Normalisation, n: &Normalisation) -> SignalSettings {
    let differ = |a: f64, b: f64| (a != b).then_some(b);
    let mut out = SignalSettings::default();
    match (base, n) {
        (Normalisation::Thresholds { points: a, .. }, Normalisation::Thresholds { points, .. })
            if a != points =>
        {
            out.points = Some(points.iter().map(|&(x, y)| [x, y]).collect());
        }
        (Normalisation::Range { min: a, max: b, .. }, Normalisation::Range { min, max, .. }) => {
            out.min = differ(*a, *min);
            out.max = differ(*b, *max);
        }
        (Normalisation::Category { map: a }, Normalisation::Category { map }) if a != map => {
            out.map = Some(map.iter().cloned().collect());
        }
        (Normalisation::YesNo { yes: a, no: b }, Normalisation::YesNo { yes, no }) => {
            out.yes = differ(*a, *yes);
            out.no = differ(*b, *no);
        }
        _ => {}
    }
    out
}

/// A TOML basic string on one line: `"` and `\\` escaped, control characters as escapes.
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML key: bare when it can be, quoted otherwise.
fn key(s: &str) -> String {
    let bare = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if bare { s.to_string() } else { string(s) }
}

fn number(x: f64) -> String {
    crate::text::fmt_num_exact(x)
}

/// Comment lines, each wrapped to 100 columns.
fn comment(out: &mut String, lines: &[String]) {
    for l in lines {
        if l.is_empty() {
            out.push_str("#\n");
        } else {
            for w in crate::text::wrap(l, 100, "# ").lines() {
                out.push_str(w.trim_end());
                out.push('\n');
            }
        }
    }
}

fn line(out: &mut String, k: &str, v: String) {
    let _ = writeln!(out, "{k} = {v}");
}

/// The model as TOML text, with `comments`.
pub fn to_toml(m: &Model, comments: &Comments) -> String {
    let mut out = String::new();
    if let Some(schema) = &comments.schema {
        let _ = writeln!(out, "#:schema {schema}");
    }
    comment(&mut out, &comments.header);
    out.push_str("\n[model]\n");
    line(&mut out, "id", string(&m.model.id));
    line(&mut out, "title", string(&m.model.title));
    line(&mut out, "version", string(&m.model.version));
    line(&mut out, "description", string(&m.model.description));
    if let Some(s) = &m.model.source {
        line(&mut out, "source", string(s));
    }
    out.push_str("\n[columns]\n");
    line(&mut out, "account", string(&m.columns.account));
    for (k, v) in [
        ("segment", &m.columns.segment),
        ("plan", &m.columns.plan),
        ("arr", &m.columns.arr),
        ("date", &m.columns.date),
    ] {
        if let Some(v) = v {
            line(&mut out, k, string(v));
        }
    }
    if let Some(t) = &m.tiering {
        out.push_str("\n[tiering]\n");
        for (k, v) in [
            ("coverage_floor", t.coverage_floor),
            ("hysteresis", t.hysteresis),
            ("large_drop", t.large_drop),
        ] {
            if let Some(v) = v {
                line(&mut out, k, number(v));
            }
        }
    }
    for (i, s) in m.signals.iter().enumerate() {
        out.push('\n');
        if let Some(c) = comments.signals.get(i) {
            comment(&mut out, c);
        }
        out.push_str("[[signals]]\n");
        line(&mut out, "id", string(&s.id));
        line(&mut out, "title", string(&s.title));
        line(&mut out, "column", string(&s.column));
        if let Some(g) = &s.group {
            line(&mut out, "group", string(g));
        }
        if let Some(w) = &s.why {
            line(&mut out, "why", string(w));
        }
        line(&mut out, "weight", number(s.weight));
        let normalise = match s.normalise {
            Normalise::Thresholds => "thresholds",
            Normalise::Range => "range",
            Normalise::Percentile => "percentile",
            Normalise::Category => "category",
            Normalise::YesNo => "yes-no",
        };
        line(&mut out, "normalise", string(normalise));
        if let Some(b) = s.better {
            let b = match b {
                Better::Higher => "higher",
                Better::Lower => "lower",
            };
            line(&mut out, "better", string(b));
        }
        if let Some(p) = &s.points {
            let pts: Vec<String> = p
                .iter()
                .map(|[x, y]| format!("[{}, {}]", number(*x), number(*y)))
                .collect();
            line(&mut out, "points", format!("[{}]", pts.join(", ")));
        }
        if let Some(x) = s.min {
            line(&mut out, "min", number(x));
        }
        if let Some(x) = s.max {
            line(&mut out, "max", number(x));
        }
        if let Some(w) = s.within {
            let w = match w {
                Within::All => "all",
                Within::Segment => "segment",
            };
            line(&mut out, "within", string(w));
        }
        if let Some(map) = &s.map {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{} = {}", key(k), number(*v)))
                .collect();
            line(&mut out, "map", format!("{{ {} }}", items.join(", ")));
        }
        if let Some(x) = s.yes {
            line(&mut out, "yes", number(x));
        }
        if let Some(x) = s.no {
            line(&mut out, "no", number(x));
        }
        let missing = match s.missing {
            Missing::Exclude => "exclude",
            Missing::Neutral => "neutral",
            Missing::Worst => "worst",
        };
        line(&mut out, "missing", string(missing));
    }
    for o in &m.overrides {
        out.push_str("\n[[overrides]]\n");
        if let Some(s) = &o.segment {
            line(&mut out, "segment", string(s));
        }
        if let Some(p) = &o.plan {
            line(&mut out, "plan", string(p));
        }
        if let Some(w) = &o.why {
            line(&mut out, "why", string(w));
        }
        if !o.weights.is_empty() {
            let items: Vec<String> = o
                .weights
                .iter()
                .map(|(k, v)| format!("{} = {}", key(k), number(*v)))
                .collect();
            line(&mut out, "weights", format!("{{ {} }}", items.join(", ")));
        }
        for (id, st) in &o.signals {
            let mut items: Vec<String> = Vec::new();
            if let Some(p) = &st.points {
                let pts: Vec<String> = p
                    .iter()
                    .map(|[x, y]| format!("[{}, {}]", number(*x), number(*y)))
                    .collect();
                items.push(format!("points = [{}]", pts.join(", ")));
            }
            for (k, v) in [
                ("min", st.min),
                ("max", st.max),
                ("yes", st.yes),
                ("no", st.no),
            ] {
                if let Some(v) = v {
                    items.push(format!("{k} = {}", number(v)));
                }
            }
            if let Some(map) = &st.map {
                let m: Vec<String> = map
                    .iter()
                    .map(|(k, v)| format!("{} = {}", key(k), number(*v)))
                    .collect();
                items.push(format!("map = {{ {} }}", m.join(", ")));
            }
            line(
                &mut out,
                &format!("signals.{}", key(id)),
                format!("{{ {} }}", items.join(", ")),
            );
        }
        for (id, p) in &o.tiers {
            let mut items: Vec<String> = Vec::new();
            if let Some(s) = &p.sla {
                items.push(format!("sla = {}", string(s)));
            }
            if let Some(s) = &p.play {
                items.push(format!("play = {}", string(s)));
            }
            line(
                &mut out,
                &format!("tiers.{}", key(id)),
                format!("{{ {} }}", items.join(", ")),
            );
        }
    }
    for (i, t) in m.tiers.iter().enumerate() {
        out.push('\n');
        if i == 0 {
            comment(&mut out, &comments.tiers);
        }
        out.push_str("[[tiers]]\n");
        line(&mut out, "id", string(&t.id));
        line(&mut out, "name", string(&t.name));
        line(&mut out, "min", number(t.min));
        line(&mut out, "sla", string(&t.sla));
        line(&mut out, "play", string(&t.play));
        if !t.conditions.is_empty() {
            out.push_str("conditions = [\n");
            for c in &t.conditions {
                let mut parts = vec![format!("signal = {}", string(&c.signal))];
                if let Some(x) = c.at_least {
                    parts.push(format!("at_least = {}", number(x)));
                }
                if let Some(x) = c.at_most {
                    parts.push(format!("at_most = {}", number(x)));
                }
                let _ = writeln!(out, "  {{ {} }},", parts.join(", "));
            }
            out.push_str("]\n");
        }
    }
    for e in &m.examples {
        out.push_str("\n[[examples]]\n");
        line(&mut out, "account", string(&e.account));
        if let Some(s) = &e.segment {
            line(&mut out, "segment", string(s));
        }
        if let Some(p) = &e.plan {
            line(&mut out, "plan", string(p));
        }
        let items: Vec<String> = e
            .values
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    ExampleValue::Number(x) => number(*x),
                    ExampleValue::Text(t) => string(t),
                };
                format!("{} = {v}", key(k))
            })
            .collect();
        line(&mut out, "values", format!("{{ {} }}", items.join(", ")));
        line(&mut out, "score", number(e.score));
        line(&mut out, "tier", string(&e.tier));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_reads_back_the_same() {
        let text = include_str!("../../models/saas-health.toml");
        let m: Model = toml::from_str(text).unwrap_or_else(|e| panic!("{e}"));
        let comments = Comments {
            schema: Some("../schemas/model.schema.json".into()),
            header: vec!["Written back.".into(), String::new(), "Second.".into()],
            signals: vec![vec!["The first signal.".into()]],
            tiers: vec!["Tiers.".into()],
        };
        let out = to_toml(&m, &comments);
        let back: Model = toml::from_str(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
        assert_eq!(back, m);
        assert!(
            out.starts_with(
                "#:schema ../schemas/model.schema.json\n# Written back.\n#\n# Second.\n"
            )
        );
        assert!(out.contains("# The first signal.\n[[signals]]\nid = \"active-users\""));
        assert!(out.contains("points = [[10, 0], [40, 50], [70, 90], [90, 100]]"));
        assert!(out.contains("map = { detractor = 0, passive = 60, promoter = 100 }"));
        assert!(out.contains("# Tiers.\n[[tiers]]\nid = \"at-risk\""));
    }

    #[test]
    fn a_checked_model_goes_back_to_the_file_it_came_from() {
        let text = include_str!("../../models/saas-health.toml");
        let loaded = crate::health::source::LoadedModel::parse("saas-health.toml", text)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let valid = crate::health::validate::validate(&loaded).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(unvalidated(&valid), loaded.model);
    }

    #[test]
    fn odd_text_is_quoted_and_escaped() {
        assert_eq!(key("a b"), "\"a b\"");
        assert_eq!(key("qbr-recency"), "qbr-recency");
        assert_eq!(
            string("say \"hi\"\n\\\u{7}"),
            "\"say \\\"hi\\\"\\n\\\\\\u0007\""
        );
        let back: toml::Value = toml::from_str(&format!("v = {}", string("a\"b\\c\nd\u{1b}")))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back["v"].as_str(), Some("a\"b\\c\nd\u{1b}"));
        assert_eq!(number(0.1), "0.1");
        assert_eq!(number(14.0), "14");
    }
}
