//! Rendering a framework's structure (`show`): text for the terminal, JSON.

use std::fmt::Write as _;

use clap::ValueEnum;
use serde::Serialize;

use super::common::ReportOptions;
use crate::framework::model::{Band, BandBasis, Framework, Kind, Question, Source, When};
use crate::text::{fmt_num, wrap};

/// The mark of text cs-scorecard wrote rather than took from the source.
pub const OURS: &str = "†";

fn mark(ours: bool) -> &'static str {
    if ours { " †" } else { "" }
}

/// Output formats for a framework.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FrameworkFormat {
    /// Text for people.
    Table,
    /// JSON for programs (see docs/json-output.md).
    Json,
}

/// Renders a framework in a format.
pub fn render(
    fw: &Framework,
    format: FrameworkFormat,
    options: &ReportOptions,
) -> anyhow::Result<Vec<u8>> {
    Ok(match format {
        FrameworkFormat::Json => format!("{}\n", serde_json::to_string_pretty(&view(fw))?),
        FrameworkFormat::Table => text(fw, options)?,
    }
    .into_bytes())
}

#[derive(Serialize)]
struct ShowFramework<'a> {
    id: &'a str,
    title: &'a str,
    version: &'a str,
    description: &'a str,
    source: &'a Option<Source>,
    minutes: Option<u32>,
    band_basis: BandBasis,
    max: f64,
    sections: Vec<ShowSection<'a>>,
    bands: &'a [Band],
}

#[derive(Serialize)]
struct ShowSection<'a> {
    id: &'a str,
    title: &'a str,
    objective: Option<&'a str>,
    ours: &'a [String],
    max: f64,
    questions: Vec<ShowQuestion<'a>>,
    bands: &'a [Band],
}

#[derive(Serialize)]
struct ShowQuestion<'a> {
    id: &'a str,
    text: &'a str,
    kind: Kind,
    scored: bool,
    max: f64,
    help: Option<&'a str>,
    when: Option<&'a When>,
    min_value: Option<f64>,
    max_value: Option<f64>,
    unit: Option<&'a str>,
    options: Vec<ShowOption<'a>>,
    /// Whether the question may be answered "not applicable" (with a reason).
    not_applicable: bool,
}

#[derive(Serialize)]
struct ShowOption<'a> {
    id: &'a str,
    label: &'a str,
    points: f64,
    description: Option<&'a str>,
    exclusive: bool,
    weak: bool,
    ours: bool,
}

fn view(fw: &Framework) -> ShowFramework<'_> {
    ShowFramework {
        id: &fw.id,
        title: &fw.title,
        version: &fw.version,
        description: &fw.description,
        source: &fw.source,
        minutes: fw.minutes,
        band_basis: fw.band_basis,
        max: fw.max_points(),
        bands: &fw.bands,
        sections: fw
            .sections
            .iter()
            .map(|s| ShowSection {
                id: &s.id,
                title: &s.title,
                objective: s.objective.as_deref(),
                ours: &s.ours,
                max: s.questions.iter().map(Question::max_points).sum(),
                bands: &s.bands,
                questions: s
                    .questions
                    .iter()
                    .map(|q| ShowQuestion {
                        id: &q.id,
                        text: &q.text,
                        kind: q.kind,
                        scored: q.is_scored(),
                        max: q.max_points(),
                        help: q.help.as_deref(),
                        when: q.when.as_ref(),
                        min_value: q.min,
                        max_value: q.max,
                        unit: q.unit.as_deref(),
                        not_applicable: fw.allows_not_applicable(s, q),
                        options: q
                            .options
                            .iter()
                            .map(|o| ShowOption {
                                id: &o.id,
                                label: &o.label,
                                points: o.points,
                                description: o.description.as_deref(),
                                exclusive: o.exclusive,
                                weak: o.weak,
                                ours: o.ours,
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn text(fw: &Framework, options: &ReportOptions) -> Result<String, std::fmt::Error> {
    let p = options.paint();
    let width = usize::from(options.width);
    let n = fmt_num;
    let mut out = String::new();
    writeln!(
        out,
        "{}",
        super::common::title_line(p, &fw.title, &fw.id, &fw.version)
    )?;
    writeln!(out, "{}", wrap(&fw.description, width, ""))?;
    if let Some(s) = &fw.source {
        let by = s
            .publisher
            .as_deref()
            .map(|p| format!(" by {p}"))
            .unwrap_or_default();
        writeln!(out, "Source: {}{by}", s.title)?;
        if let Some(notes) = &s.notes {
            writeln!(out, "{}", p.dim(wrap(notes, width, "")))?;
        }
    }
    writeln!(
        out,
        "{}",
        p.dim(format!(
            "{OURS} marks text written by cs-scorecard, not the source."
        ))
    )?;
    let minutes = fw
        .minutes
        .map(|m| format!(", about {m} minutes"))
        .unwrap_or_default();
    let count = format!(
        "{} in {} sections, maximum {} points{minutes}",
        fw.question_counts().describe(),
        fw.sections.len(),
        n(fw.max_points())
    );
    writeln!(out, "{}", wrap(&count, width, ""))?;
    if let Some(line) = not_applicable_line(fw) {
        writeln!(out, "{}", wrap(&line, width, ""))?;
    }
    let mut number = 0;
    for s in &fw.sections {
        writeln!(
            out,
            "\n{} {}",
            p.heading(&s.title),
            p.dim(format!(
                "[{}]{}",
                s.id,
                mark(s.ours.iter().any(|f| f == "title"))
            ))
        )?;
        if let Some(o) = &s.objective {
            let o = format!("{o}{}", mark(s.ours.iter().any(|f| f == "objective")));
            writeln!(out, "{}", wrap(&o, width, ""))?;
        }
        for q in &s.questions {
            number += 1;
            let scoring = if q.is_scored() {
                format!("{}, max {}", q.kind.name(), n(q.max_points()))
            } else {
                format!("{}, not scored", q.kind.name())
            };
            writeln!(
                out,
                "\n{}",
                wrap(
                    &format!(
                        "{number}. {}{}",
                        q.text,
                        mark(q.ours.iter().any(|f| f == "text"))
                    ),
                    width,
                    "  "
                )
                .trim_start()
            )?;
            writeln!(
                out,
                "   {} {}",
                p.cyan(&q.id),
                p.dim(format!("({scoring})"))
            )?;
            if let Some(h) = &q.help {
                writeln!(out, "{}", p.dim(wrap(h, width, "   ")))?;
            }
            if let Some(w) = &q.when {
                writeln!(
                    out,
                    "   asked only when `{}` is {}",
                    w.question,
                    w.is.values().join(" or ")
                )?;
            }
            for o in &q.options {
                let excl = match (o.exclusive, o.weak) {
                    (true, _) => ", exclusive",
                    (false, true) => ", weak: never advised",
                    _ => "",
                };
                writeln!(
                    out,
                    "   - {}{} {} {}",
                    o.label,
                    mark(o.ours),
                    p.dim(format!("[{}]", o.id)),
                    p.dim(format!(
                        "({} {}{excl})",
                        n(o.points),
                        if o.points == 1.0 { "pt" } else { "pts" }
                    ))
                )?;
                if let Some(d) = &o.description {
                    writeln!(out, "{}", wrap(d, width, "       "))?;
                }
            }
            if q.kind == Kind::Number {
                writeln!(out, "   {}", q.allowed_values())?;
            }
        }
    }
    let unit = match fw.band_basis {
        BandBasis::Points => "points",
        BandBasis::Percent => "%",
    };
    writeln!(out, "\n{}", p.heading("Bands"))?;
    for b in fw.bands.iter().rev() {
        writeln!(
            out,
            "{} {}–{} {unit}{}",
            p.bold(&b.label),
            n(b.min),
            n(b.max),
            mark(b.ours)
        )?;
        writeln!(out, "{}", wrap(&b.text, width, "  "))?;
    }
    Ok(out)
}

/// Which questions may be answered "not applicable", in one line: all, none,
/// or the shorter list of the exceptions (marked † where that is cs-scorecard's decision).
fn not_applicable_line(fw: &Framework) -> Option<String> {
    let (open, closed): (Vec<_>, Vec<_>) = fw
        .questions()
        .partition(|(s, q)| fw.allows_not_applicable(s, q));
    // Questions by id, or a whole section by its title when all its questions are listed.
    let named = |qs: &[(&crate::framework::model::Section, &Question)]| {
        let mut names: Vec<String> = Vec::new();
        for section in &fw.sections {
            let listed: Vec<&Question> = qs
                .iter()
                .filter(|(s, _)| s.id == section.id)
                .map(|(_, q)| *q)
                .collect();
            if listed.len() == section.questions.len() && listed.len() > 1 {
                names.push(format!("every question of {}", section.title));
                continue;
            }
            names.extend(listed.iter().map(|q| {
                format!(
                    "{}{}",
                    q.id,
                    mark(q.ours.iter().any(|f| f == "not_applicable"))
                )
            }));
        }
        names.join(", ")
    };
    Some(match (open.len(), closed.len()) {
        (0, 0) => return None,
        (_, 0) => "Any question may be answered \"not applicable\", with a reason.".to_string(),
        (0, _) => "\"Not applicable\" is not accepted: every question applies.".to_string(),
        (o, c) if o <= c => format!(
            "\"Not applicable\", with a reason, is accepted only on: {}.",
            named(&open)
        ),
        _ => format!(
            "Any question may be answered \"not applicable\", with a reason, except: {}.",
            named(&closed)
        ),
    })
}
