//! Validation of a parsed framework: every problem, each pointing at its place in the file.

use std::collections::{BTreeMap, HashSet};

use super::model::{Band, BandBasis, Condition, Framework, Kind, LoadedFramework, Question};
use crate::diagnostic::Diagnostic;
use crate::text::EPS;
use toml::de::{DeTable, DeValue};

/// A problem and the path of the TOML value it concerns.
struct Problem {
    path: Vec<PathPart>,
    message: String,
}

pub use crate::span::PathPart;

/// The path step for a key.
pub fn key(k: &str) -> PathPart {
    PathPart::Key(k.to_string())
}

/// Collects problems by the path of the value they concern, and locates them
/// all in the file at the end (the file is parsed once for that).
#[derive(Default)]
pub struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    /// Records a problem with the value at `path`.
    pub fn add(&mut self, path: &[PathPart], message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.to_vec(),
            message: message.into(),
        });
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    /// The problems as diagnostics located in the file, in file order.
    pub fn finish(self, loaded: &LoadedFramework) -> Vec<Diagnostic> {
        crate::span::locate_all(
            &loaded.path,
            &loaded.source,
            self.problems.into_iter().map(|p| (p.path, p.message)),
        )
    }
}

/// `path` followed by `more`.
pub fn with(path: &[PathPart], more: &[PathPart]) -> Vec<PathPart> {
    path.iter().chain(more).cloned().collect()
}

/// Whether an id is kebab-case: lower-case letters and digits in words joined by `-`.
pub fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// MAJOR.MINOR.PATCH without leading zeros, with an optional `-pre` and
/// `+build` of letters, digits, dots and dashes: the schema's pattern.
fn is_semver(s: &str) -> bool {
    let (core, build) = s.split_once('+').map_or((s, None), |(c, b)| (c, Some(b)));
    let (core, pre) = core
        .split_once('-')
        .map_or((core, None), |(c, p)| (c, Some(p)));
    let tail_ok = |t: Option<&str>| {
        t.is_none_or(|t| {
            !t.is_empty()
                && t.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        })
    };
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars().all(|c| c.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
        })
        && tail_ok(pre)
        && tail_ok(build)
}

fn is_plain_id(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
        && !s.ends_with('.')
        && !s.contains("..")
}

/// Checks a framework: ids, structure, conditions and band coverage. With
/// `full` (what `check` runs), also that the id matches the file name, which
/// `--frameworks-dir` lookups rely on; a framework named by its path is usable
/// without it. Returns every problem found, located in the file. Whether the
/// examples score as declared is a computation: see `crate::examples`.
pub fn validate(loaded: &LoadedFramework, full: bool) -> Vec<Diagnostic> {
    let fw = &loaded.framework;
    let mut c = Checker::default();
    check_metadata(&mut c, fw, full.then_some(loaded.path.as_str()));
    check_structure(&mut c, fw);
    check_rules(&mut c, fw);
    check_printable(&mut c, fw);
    check_finite(&mut c, &loaded.source);
    let integer = is_integer_scored(fw);
    let (lo, hi) = match fw.band_basis {
        BandBasis::Points => (0.0, fw.questions().map(|(_, q)| q.max_points()).sum()),
        BandBasis::Percent => (0.0, 100.0),
    };
    if fw.bands.is_empty() {
        c.add(&[], "no [[bands]]: add bands that cover every possible total, e.g. `min = 0` up to the maximum");
    }
    check_bands(
        &mut c,
        &[key("bands")],
        &fw.bands,
        lo,
        hi,
        integer && fw.band_basis == BandBasis::Points,
    );
    for (si, s) in fw.sections.iter().enumerate() {
        if s.bands.is_empty() {
            continue;
        }
        let hi = match fw.band_basis {
            BandBasis::Points => s.questions.iter().map(Question::max_points).sum(),
            BandBasis::Percent => 100.0,
        };
        let path = [key("sections"), PathPart::Index(si), key("bands")];
        check_bands(
            &mut c,
            &path,
            &s.bands,
            0.0,
            hi,
            integer && fw.band_basis == BandBasis::Points,
        );
    }
    c.finish(loaded)
}

fn check_metadata(c: &mut Checker, fw: &Framework, path: Option<&str>) {
    if !is_kebab(&fw.id) {
        c.add(
            &[key("id")],
            format!(
                "framework id `{}` must be kebab-case (lowercase letters, digits and dashes)",
                fw.id
            ),
        );
    }
    let stem = path.and_then(|p| {
        p.trim_end_matches(" (built in)")
            .rsplit(['/', '\\'])
            .next()
            .and_then(|f| f.strip_suffix(".toml"))
    });
    if let Some(stem) = stem {
        if stem != fw.id {
            c.add(
                &[key("id")],
                format!("framework id `{}` differs from its file name `{stem}.toml`; `--frameworks-dir` finds frameworks by file name", fw.id),
            );
        }
    }
    for (field, value) in [
        ("title", &fw.title),
        ("version", &fw.version),
        ("description", &fw.description),
    ] {
        if value.trim().is_empty() {
            c.add(&[key(field)], format!("`{field}` is empty"));
        }
    }
    if path.is_some() && !fw.version.trim().is_empty() && !is_semver(&fw.version) {
        c.add(
            &[key("version")],
            format!(
                "version `{}` is not semver; expected MAJOR.MINOR.PATCH such as 1.0.0 (answers record it, and the JSON Schema requires it)",
                fw.version
            ),
        );
    }
    if fw.sections.is_empty() {
        c.add(
            &[],
            "the framework has no sections: add at least one [[sections]] with questions",
        );
    }
}

/// Rejects control characters (other than line breaks and tabs) in any text
/// that is shown to people: a framework file must not be able to move the
/// cursor or clear the screen of whoever runs it.
fn check_printable(c: &mut Checker, fw: &Framework) {
    fn text(c: &mut Checker, path: Vec<PathPart>, value: &str) {
        if let Some(bad) = value
            .chars()
            .find(|ch| ch.is_control() && !matches!(ch, '\n' | '\t' | '\r'))
        {
            c.add(
                &path,
                format!("text contains the control character {:?}; remove it", bad),
            );
        }
    }
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    text(c, vec![key("title")], &fw.title);
    text(c, vec![key("description")], &fw.description);
    let bands = |c: &mut Checker, base: Vec<PathPart>, bands: &[Band]| {
        for (i, b) in bands.iter().enumerate() {
            text(
                c,
                with(&base, &[PathPart::Index(i), key("label")]),
                &b.label,
            );
            text(c, with(&base, &[PathPart::Index(i), key("text")]), &b.text);
            for (j, sentence) in b.sentences.iter().enumerate() {
                text(
                    c,
                    with(
                        &base,
                        &[
                            PathPart::Index(i),
                            key("sentences"),
                            PathPart::Index(j),
                            key("text"),
                        ],
                    ),
                    &sentence.text,
                );
            }
        }
    };
    for (i, cap) in fw.band_caps.iter().enumerate() {
        text(
            c,
            vec![key("band_caps"), PathPart::Index(i), key("reason")],
            &cap.reason,
        );
    }
    bands(c, vec![key("bands")], &fw.bands);
    for (si, s) in fw.sections.iter().enumerate() {
        let sp = vec![key("sections"), PathPart::Index(si)];
        text(c, with(&sp, &[key("title")]), &s.title);
        text(c, with(&sp, &[key("objective")]), &opt(&s.objective));
        bands(c, with(&sp, &[key("bands")]), &s.bands);
        for (qi, q) in s.questions.iter().enumerate() {
            let qp = with(&sp, &[key("questions"), PathPart::Index(qi)]);
            text(c, with(&qp, &[key("text")]), &q.text);
            text(c, with(&qp, &[key("help")]), &opt(&q.help));
            text(
                c,
                with(&qp, &[key("recommendation")]),
                &opt(&q.recommendation),
            );
            for (j, cap) in q.caps.iter().enumerate() {
                text(
                    c,
                    with(&qp, &[key("caps"), PathPart::Index(j), key("reason")]),
                    &cap.reason,
                );
            }
            for (oi, o) in q.options.iter().enumerate() {
                let op = with(&qp, &[key("options"), PathPart::Index(oi)]);
                text(c, with(&op, &[key("label")]), &o.label);
                text(c, with(&op, &[key("description")]), &opt(&o.description));
                text(
                    c,
                    with(&op, &[key("recommendation")]),
                    &opt(&o.recommendation),
                );
            }
        }
    }
}

/// Every number declared anywhere in the file is finite: a NaN band bound
/// would silently move totals into the wrong band, an infinite `max` accept
/// any answer. TOML's `nan` and `inf` are found in the document itself, once,
/// wherever they stand (bands, examples, questions, thresholds, answers).
fn check_finite(c: &mut Checker, source: &str) {
    fn walk(c: &mut Checker, path: &mut Vec<PathPart>, value: &DeValue<'_>) {
        match value {
            DeValue::Float(f) if !f.as_str().parse::<f64>().is_ok_and(f64::is_finite) => {
                let name = match path.last() {
                    Some(PathPart::Key(k)) => format!("`{k}`"),
                    _ => "a number".to_string(),
                };
                c.add(
                    path,
                    format!("{name} must be a finite number, found {}", f.as_str()),
                );
            }
            DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(PathPart::Index(i));
                    walk(c, path, item.get_ref());
                    path.pop();
                }
            }
            DeValue::Table(t) => {
                for (k, v) in t.iter() {
                    path.push(key(k.get_ref()));
                    walk(c, path, v.get_ref());
                    path.pop();
                }
            }
            _ => {}
        }
    }
    if let Ok(root) = DeTable::parse(source) {
        walk(c, &mut Vec::new(), &DeValue::Table(root.into_inner()));
    }
}

fn check_structure(c: &mut Checker, fw: &Framework) {
    let mut section_ids = HashSet::new();
    let mut seen: BTreeMap<&str, &Question> = BTreeMap::new();
    for (si, s) in fw.sections.iter().enumerate() {
        let sp = [key("sections"), PathPart::Index(si)];
        if !is_plain_id(&s.id) {
            c.add(
                &with(&sp, &[key("id")]),
                format!(
                    "section id `{}` must use lowercase letters, digits, `.`, `-` or `_`",
                    s.id
                ),
            );
        }
        if !section_ids.insert(s.id.as_str()) {
            c.add(
                &with(&sp, &[key("id")]),
                format!("duplicate section id `{}`", s.id),
            );
        }
        if s.title.trim().is_empty() {
            c.add(&with(&sp, &[key("title")]), "section `title` is empty");
        }
        if s.questions.is_empty() {
            c.add(&sp, format!("section `{}` has no questions", s.id));
        }
        check_ours(c, &sp, &s.ours, &["title", "objective", "not_applicable"]);
        for (qi, q) in s.questions.iter().enumerate() {
            let qp = with(&sp, &[key("questions"), PathPart::Index(qi)]);
            check_question(c, &qp, q, &seen);
            check_ours(
                c,
                &qp,
                &q.ours,
                &[
                    "text",
                    "help",
                    "recommendation",
                    "find_out",
                    "not_applicable",
                ],
            );
            check_markers(c, &qp, q);
            for (oi, o) in q.options.iter().enumerate() {
                if o.id == crate::framework::model::NOT_APPLICABLE {
                    c.add(
                        &with(&qp, &[key("options"), PathPart::Index(oi), key("id")]),
                        format!(
                            "option id `{}` of `{}` is reserved: answers use \"{}\" for \"not applicable\"; rename the option",
                            o.id, q.id, o.id
                        ),
                    );
                }
            }
            if seen.contains_key(q.id.as_str()) {
                c.add(
                    &with(&qp, &[key("id")]),
                    format!("duplicate question id `{}`", q.id),
                );
            } else {
                seen.insert(&q.id, q);
            }
        }
    }
}

/// The rules that keep bands and points true of the answers: band caps
/// (only on cs-scorecard's own bands), band sentences, priorities, point caps
/// and essential options; each condition names a question and answers it can
/// take, or a section and a percent.
fn check_rules(c: &mut Checker, fw: &Framework) {
    let sections: HashSet<&str> = fw.sections.iter().map(|s| s.id.as_str()).collect();
    let labels: Vec<&str> = fw.bands.iter().map(|b| b.label.as_str()).collect();
    let condition = |c: &mut Checker, path: &[PathPart], cond: &Condition| {
        match cond {
        Condition {
            question: Some(id),
            is: Some(is),
            section: None,
            below: None,
        } => match fw.question(id) {
            None => c.add(
                &with(path, &[key("question")]),
                format!("the condition names `{id}`, which is not a question of this framework"),
            ),
            Some(q) => {
                if !matches!(
                    q.kind,
                    Kind::YesNoIdk | Kind::Level | Kind::Single | Kind::Multi
                ) {
                    c.add(
                        &with(path, &[key("question")]),
                        format!(
                            "a condition can test only yes_no_idk and choice questions; `{id}` is {}",
                            q.kind.name()
                        ),
                    );
                }
                for v in is.values() {
                    let ok = match q.kind {
                        Kind::YesNoIdk => matches!(v.as_str(), "yes" | "no" | "idk"),
                        _ => q.option(v).is_some(),
                    };
                    if !ok {
                        c.add(
                            &with(path, &[key("is")]),
                            format!(
                                "`{id}` cannot be answered {v:?}; expected {}",
                                q.allowed_values()
                            ),
                        );
                    }
                }
            }
        },
        Condition {
            question: None,
            is: None,
            section: Some(id),
            below: Some(below),
        } => {
            if !sections.contains(id.as_str()) {
                c.add(
                    &with(path, &[key("section")]),
                    format!("the condition names `{id}`, which is not a section of this framework"),
                );
            }
            if !(0.0..=100.0).contains(below) {
                c.add(
                    &with(path, &[key("below")]),
                    "`below` is a percent from 0 to 100",
                );
            }
        }
        _ => c.add(
            path,
            "a condition is either `{ question = \"…\", is = [\"…\"] }` or `{ section = \"…\", below = 50 }`",
        ),
    }
    };
    let priorities = |c: &mut Checker, path: &[PathPart], ids: &[String]| {
        let mut seen = HashSet::new();
        for (i, id) in ids.iter().enumerate() {
            if !sections.contains(id.as_str()) {
                c.add(
                    &with(path, &[PathPart::Index(i)]),
                    format!("`priorities` names `{id}`, which is not a section of this framework"),
                );
            } else if !seen.insert(id.as_str()) {
                c.add(
                    &with(path, &[PathPart::Index(i)]),
                    format!("`priorities` names `{id}` twice"),
                );
            }
        }
    };
    priorities(c, &[key("priorities")], &fw.priorities);
    let source_bands = fw.bands.iter().any(|b| !b.ours);
    for (i, cap) in fw.band_caps.iter().enumerate() {
        let p = [key("band_caps"), PathPart::Index(i)];
        if source_bands {
            c.add(
                &p,
                "`band_caps` would move a total out of the source's own bands: caps apply only where every band is cs-scorecard's (`ours = true`); make the band's sentences conditional instead",
            );
        }
        if !labels.contains(&cap.at_most.as_str()) {
            c.add(
                &with(&p, &[key("at_most")]),
                format!(
                    "`at_most` names `{}`, which is not a band; expected one of {}",
                    cap.at_most,
                    labels.join(", ")
                ),
            );
        }
        if cap.when_any.is_empty() {
            c.add(
                &with(&p, &[key("when_any")]),
                "`when_any` lists no condition",
            );
        }
        for (j, cond) in cap.when_any.iter().enumerate() {
            condition(c, &with(&p, &[key("when_any"), PathPart::Index(j)]), cond);
        }
    }
    for (i, b) in fw.bands.iter().enumerate() {
        let p = [key("bands"), PathPart::Index(i)];
        priorities(c, &with(&p, &[key("priorities")]), &b.priorities);
        for (j, s) in b.sentences.iter().enumerate() {
            let sp = with(&p, &[key("sentences"), PathPart::Index(j)]);
            if s.when_any.is_empty() && s.when_all.is_empty() {
                c.add(
                    &sp,
                    "a band sentence needs `when_any` or `when_all`: else it belongs in the band's `text`",
                );
            }
            for (k, cond) in s.when_any.iter().enumerate() {
                condition(c, &with(&sp, &[key("when_any"), PathPart::Index(k)]), cond);
            }
            for (k, cond) in s.when_all.iter().enumerate() {
                condition(c, &with(&sp, &[key("when_all"), PathPart::Index(k)]), cond);
            }
        }
    }
    for (si, s) in fw.sections.iter().enumerate() {
        for (qi, q) in s.questions.iter().enumerate() {
            let qp = [
                key("sections"),
                PathPart::Index(si),
                key("questions"),
                PathPart::Index(qi),
            ];
            for (j, cap) in q.caps.iter().enumerate() {
                let p = with(&qp, &[key("caps"), PathPart::Index(j)]);
                if !q.is_scored() || cap.max_points < 0.0 || cap.max_points + EPS >= q.max_points()
                {
                    c.add(
                        &with(&p, &[key("max_points")]),
                        format!(
                            "a cap on `{}` must be below its maximum of {} points (and not negative)",
                            q.id,
                            crate::text::fmt_num(q.max_points())
                        ),
                    );
                }
                if cap.when_any.is_empty() {
                    c.add(
                        &with(&p, &[key("when_any")]),
                        "`when_any` lists no condition",
                    );
                }
                for (k, cond) in cap.when_any.iter().enumerate() {
                    if cond.section.is_some() {
                        c.add(
                            &with(&p, &[key("when_any"), PathPart::Index(k), key("section")]),
                            "a point cap's condition names a question: a section's percent depends on the points being capped",
                        );
                    }
                    if cond.question.as_deref() == Some(q.id.as_str()) {
                        c.add(
                            &with(&p, &[key("when_any"), PathPart::Index(k), key("question")]),
                            format!("a cap on `{}` cannot depend on `{}` itself", q.id, q.id),
                        );
                    }
                    condition(c, &with(&p, &[key("when_any"), PathPart::Index(k)]), cond);
                }
            }
            for (oi, o) in q.options.iter().enumerate().filter(|(_, o)| o.essential) {
                if q.kind != Kind::Multi || o.exclusive || o.weak || o.points <= 0.0 {
                    c.add(
                        &with(&qp, &[key("options"), PathPart::Index(oi), key("essential")]),
                        format!(
                            "option `{}`: `essential` marks a practice of a multi question worth points, not exclusive and not weak",
                            o.id
                        ),
                    );
                }
            }
        }
    }
}

/// `ours` names fields of the item that cs-scorecard wrote: each must be one
/// of the item's text fields, or its `not_applicable` setting.
fn check_ours(c: &mut Checker, path: &[PathPart], ours: &[String], fields: &[&str]) {
    for f in ours {
        if !fields.contains(&f.as_str()) {
            c.add(
                &with(path, &[key("ours")]),
                format!(
                    "`ours` names `{f}`, which is not a field it can name here; expected any of {}",
                    fields.join(", ")
                ),
            );
        }
    }
}

/// `whole` belongs to number questions, `weak` to options of multi questions.
fn check_markers(c: &mut Checker, qp: &[PathPart], q: &Question) {
    if q.whole && q.kind != Kind::Number {
        c.add(
            &with(qp, &[key("whole")]),
            format!(
                "`whole` applies to number questions; `{}` is {}",
                q.id,
                q.kind.name()
            ),
        );
    }
    if let Some(field) = &q.respondent {
        if q.kind != Kind::Text || !matches!(field.as_str(), "name" | "organization" | "role") {
            c.add(
                &with(qp, &[key("respondent")]),
                format!(
                    "`respondent = {field:?}`: a text question can be filled from the respondent's `name`, `organization` or `role`; `{}` is {}",
                    q.id,
                    q.kind.name()
                ),
            );
        }
    }
    if q.kind != Kind::Multi {
        for (oi, o) in q.options.iter().enumerate().filter(|(_, o)| o.weak) {
            c.add(
                &with(qp, &[key("options"), PathPart::Index(oi)]),
                format!(
                    "option `{}`: `weak` applies to options of multi questions; `{}` is {}",
                    o.id,
                    q.id,
                    q.kind.name()
                ),
            );
        }
    }
}

fn check_question(
    c: &mut Checker,
    qp: &[PathPart],
    q: &Question,
    earlier: &BTreeMap<&str, &Question>,
) {
    let at = |k: &str| with(qp, &[key(k)]);
    if !is_plain_id(&q.id) {
        c.add(
            &at("id"),
            format!(
                "question id `{}` must use lowercase letters, digits, `.`, `-` or `_`",
                q.id
            ),
        );
    }
    if q.text.trim().is_empty() {
        c.add(&at("text"), format!("question `{}` has empty `text`", q.id));
    }
    let kind = q.kind.name();
    let only = |c: &mut Checker, present: bool, field: &str, kinds: &str| {
        if present {
            c.add(
                &at(field),
                format!(
                    "`{field}` applies only to {kinds} questions; `{}` is {kind}",
                    q.id
                ),
            );
        }
    };
    only(
        c,
        q.points.is_some() && q.kind != Kind::YesNoIdk,
        "points",
        "yes_no_idk",
    );
    only(
        c,
        (q.min_points.is_some() || q.max_points.is_some()) && q.kind != Kind::Multi,
        if q.min_points.is_some() {
            "min_points"
        } else {
            "max_points"
        },
        "multi",
    );
    let number_only =
        q.min.is_some() || q.max.is_some() || q.unit.is_some() || !q.thresholds.is_empty();
    only(
        c,
        number_only && q.kind != Kind::Number,
        if q.min.is_some() {
            "min"
        } else if q.max.is_some() {
            "max"
        } else if q.unit.is_some() {
            "unit"
        } else {
            "thresholds"
        },
        "number",
    );
    only(
        c,
        q.format.is_some() && q.kind != Kind::Text,
        "format",
        "text",
    );
    if let Some(p) = q.points {
        if !(p.is_finite() && p >= 0.0) {
            c.add(
                &at("points"),
                format!("`points` must be zero or more, found {p}"),
            );
        }
    }
    if q.is_scored()
        && q.kind != Kind::Text
        && (q.options.len() >= 2 || !q.kind.has_options())
        && q.max_points() <= 0.0
    {
        c.add(
            &at("kind"),
            format!(
                "scored question `{}` can give no points; set `scored = false`, or give it points",
                q.id
            ),
        );
    }
    if q.kind.has_options() {
        if q.options.len() < 2 {
            c.add(
                &at("options"),
                format!(
                    "{kind} question `{}` needs at least two options, found {}",
                    q.id,
                    q.options.len()
                ),
            );
        }
    } else if !q.options.is_empty() {
        c.add(
            &at("options"),
            format!("{kind} question `{}` takes no options", q.id),
        );
    }
    let mut option_ids = HashSet::new();
    let mut previous_points: Option<f64> = None;
    for (oi, o) in q.options.iter().enumerate() {
        let op = with(qp, &[key("options"), PathPart::Index(oi)]);
        if !is_plain_id(&o.id) {
            c.add(
                &with(&op, &[key("id")]),
                format!(
                    "option id `{}` must use lowercase letters, digits, `.`, `-` or `_`",
                    o.id
                ),
            );
        }
        if !option_ids.insert(o.id.as_str()) {
            c.add(
                &with(&op, &[key("id")]),
                format!("duplicate option id `{}` in question `{}`", o.id, q.id),
            );
        }
        if o.label.trim().is_empty() {
            c.add(
                &with(&op, &[key("label")]),
                format!("option `{}` has an empty `label`", o.id),
            );
        }
        if !(o.points.is_finite() && o.points >= 0.0) {
            c.add(
                &with(&op, &[key("points")]),
                format!("`points` must be zero or more, found {}", o.points),
            );
        }
        if o.exclusive && q.kind != Kind::Multi {
            c.add(
                &with(&op, &[key("exclusive")]),
                "`exclusive` applies only to options of multi questions",
            );
        }
        if q.kind == Kind::Level {
            if previous_points.is_some_and(|p| o.points + EPS < p) {
                c.add(
                    &with(&op, &[key("points")]),
                    format!("lanes go from least to most mature: lane `{}` is worth less than the lane before it", o.id),
                );
            }
            previous_points = Some(o.points);
        }
    }
    if let (Some(a), Some(b)) = (q.min, q.max) {
        if a > b {
            c.add(&at("max"), format!("`max` ({b}) is below `min` ({a})"));
        }
    }
    if let (Some(a), Some(b)) = (q.min_points, q.max_points) {
        if a > b {
            c.add(
                &at("max_points"),
                format!("`max_points` ({b}) is below `min_points` ({a})"),
            );
        }
    }
    for (ti, t) in q.thresholds.iter().enumerate() {
        if t.points < 0.0 {
            c.add(
                &with(qp, &[key("thresholds"), PathPart::Index(ti), key("points")]),
                format!(
                    "threshold `points` must be zero or more, found {}",
                    crate::text::fmt_num(t.points)
                ),
            );
        }
    }
    for (ti, pair) in q.thresholds.windows(2).enumerate() {
        if pair[1].min <= pair[0].min {
            c.add(
                &with(
                    qp,
                    &[key("thresholds"), PathPart::Index(ti + 1), key("min")],
                ),
                "thresholds must be listed by increasing `min`",
            );
        }
    }
    if let Some(w) = &q.when {
        let wp = at("when");
        if w.is.values().is_empty() {
            c.add(
                &with(&wp, &[key("is")]),
                format!(
                    "`when.is` lists no answer, so `{}` would never be asked; list the answers of `{}` that ask it",
                    q.id, w.question
                ),
            );
        }
        match earlier.get(w.question.as_str()) {
            None => c.add(
                &with(&wp, &[key("question")]),
                format!(
                    "`when` names `{}`, which is not an earlier question",
                    w.question
                ),
            ),
            Some(target) => {
                if !matches!(
                    target.kind,
                    Kind::YesNoIdk | Kind::Level | Kind::Single | Kind::Multi
                ) {
                    c.add(
                        &with(&wp, &[key("question")]),
                        format!(
                            "`when` can test only yes_no_idk and choice questions; `{}` is {}",
                            w.question,
                            target.kind.name()
                        ),
                    );
                } else {
                    for v in w.is.values() {
                        let ok = match target.kind {
                            Kind::YesNoIdk => matches!(v.as_str(), "yes" | "no" | "idk"),
                            _ => target.option(v).is_some(),
                        };
                        if !ok {
                            c.add(
                                &with(&wp, &[key("is")]),
                                format!(
                                    "`{}` cannot be answered {v:?}; expected {}",
                                    w.question,
                                    target.allowed_values()
                                ),
                            );
                        }
                    }
                }
            }
        }
    }
}

/// Whether every attainable score is a whole number, so bands like 23–26 and 27–30 meet.
fn is_integer_scored(fw: &Framework) -> bool {
    let whole = |x: f64| x.fract() == 0.0;
    fw.questions().all(|(_, q)| {
        whole(q.yes_points())
            && q.options.iter().all(|o| whole(o.points))
            && q.thresholds.iter().all(|t| whole(t.points))
            && q.min_points.is_none_or(whole)
            && q.max_points.is_none_or(whole)
    })
}

fn check_bands(
    c: &mut Checker,
    path: &[PathPart],
    bands: &[Band],
    lo: f64,
    hi: f64,
    integer: bool,
) {
    let at = |i: usize, k: &str| with(path, &[PathPart::Index(i), key(k)]);
    let n = crate::text::fmt_num;
    let mut labels = HashSet::new();
    for (i, b) in bands.iter().enumerate() {
        if b.min > b.max {
            c.add(
                &at(i, "max"),
                format!(
                    "band `{}`: `max` ({}) is below `min` ({})",
                    b.label,
                    n(b.max),
                    n(b.min)
                ),
            );
        }
        if b.label.trim().is_empty() {
            c.add(&at(i, "label"), "band `label` is empty");
        }
        if !labels.insert(b.label.as_str()) {
            c.add(
                &at(i, "label"),
                format!("duplicate band label `{}`", b.label),
            );
        }
        if b.min > hi + EPS {
            c.add(
                &at(i, "min"),
                format!(
                    "band `{}` starts at {}, above the highest possible score {}",
                    b.label,
                    n(b.min),
                    n(hi)
                ),
            );
        }
    }
    let mut order: Vec<usize> = (0..bands.len()).collect();
    order.sort_by(|&a, &b| bands[a].min.total_cmp(&bands[b].min));
    let step = if integer { 1.0 } else { 0.0 };
    if let Some(&first) = order.first() {
        if bands[first].min > lo + EPS {
            c.add(
                &at(first, "min"),
                format!(
                    "gap: scores from {} to below {} are in no band",
                    n(lo),
                    n(bands[first].min)
                ),
            );
        }
    }
    if let Some(&last) = order.last() {
        if bands[last].max + EPS < hi {
            c.add(
                &at(last, "max"),
                format!(
                    "gap: scores above {} up to the maximum {} are in no band",
                    n(bands[last].max),
                    n(hi)
                ),
            );
        }
    }
    for pair in order.windows(2) {
        let (a, b) = (&bands[pair[0]], &bands[pair[1]]);
        if b.min > a.max + step + EPS {
            c.add(
                &at(pair[1], "min"),
                format!(
                    "gap: scores between {} (band `{}`) and {} (band `{}`) are in no band",
                    n(a.max),
                    a.label,
                    n(b.min),
                    b.label
                ),
            );
        } else if b.min + EPS < a.max + step {
            c.add(
                &at(pair[1], "min"),
                format!(
                    "overlap: bands `{}` ({}–{}) and `{}` ({}–{}) share scores",
                    a.label,
                    n(a.min),
                    n(a.max),
                    b.label,
                    n(b.min),
                    n(b.max)
                ),
            );
        }
    }
}

#[cfg(test)]
mod semver_tests {
    use super::is_semver;

    #[test]
    fn semver_is_major_minor_patch_with_optional_pre_release_and_build() {
        for ok in [
            "1.0.0",
            "0.10.2",
            "2.0.0-rc.1",
            "1.2.3+2026.11",
            "1.0.0-beta-2+x",
        ] {
            assert!(is_semver(ok), "{ok}");
        }
        for bad in [
            "not-a-semver",
            "1.0",
            "01.0.0",
            "1.0.0-",
            "1.0.0+",
            "v1.0.0",
            "1.0.0.0",
            "1.x.0",
        ] {
            assert!(!is_semver(bad), "{bad}");
        }
    }
}
