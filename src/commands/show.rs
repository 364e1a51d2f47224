//! `show`: a framework's structure.

use std::fmt::Write as _;

use serde::Serialize;

use super::Ctx;
use crate::cli::ListFormat;
use crate::framework::{Band, BandBasis, Framework, Kind, Source, When};
use crate::fsio;
use crate::report::wrap;
use crate::scoring::{max_score, question_max};

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
}

#[derive(Serialize)]
struct ShowOption<'a> {
    id: &'a str,
    label: &'a str,
    points: f64,
    description: Option<&'a str>,
    exclusive: bool,
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
        max: max_score(fw),
        bands: &fw.bands,
        sections: fw
            .sections
            .iter()
            .map(|s| ShowSection {
                id: &s.id,
                title: &s.title,
                objective: s.objective.as_deref(),
                max: s.questions.iter().map(question_max).sum(),
                bands: &s.bands,
                questions: s
                    .questions
                    .iter()
                    .map(|q| ShowQuestion {
                        id: &q.id,
                        text: &q.text,
                        kind: q.kind,
                        scored: q.is_scored(),
                        max: question_max(q),
                        help: q.help.as_deref(),
                        when: q.when.as_ref(),
                        min_value: q.min,
                        max_value: q.max,
                        unit: q.unit.as_deref(),
                        options: q
                            .options
                            .iter()
                            .map(|o| ShowOption {
                                id: &o.id,
                                label: &o.label,
                                points: o.points,
                                description: o.description.as_deref(),
                                exclusive: o.exclusive,
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn text(fw: &Framework, width: usize) -> Result<String, std::fmt::Error> {
    use console::style;
    let n = crate::fmt_num;
    let mut out = String::new();
    writeln!(
        out,
        "{}",
        crate::report::title_line(&fw.title, &fw.id, &fw.version)
    )?;
    writeln!(out, "{}", wrap(&fw.description, width, ""))?;
    if let Some(s) = &fw.source {
        let by = s
            .publisher
            .as_deref()
            .map(|p| format!(" by {p}"))
            .unwrap_or_default();
        writeln!(out, "Source: {}{by}", s.title)?;
    }
    let minutes = fw
        .minutes
        .map(|m| format!(", about {m} minutes"))
        .unwrap_or_default();
    writeln!(
        out,
        "{} questions in {} sections, maximum {} points{minutes}",
        fw.question_count(),
        fw.sections.len(),
        n(max_score(fw))
    )?;
    let mut number = 0;
    for s in &fw.sections {
        writeln!(
            out,
            "\n{} {}",
            style(&s.title).bold().underlined(),
            style(format!("[{}]", s.id)).dim()
        )?;
        if let Some(o) = &s.objective {
            writeln!(out, "{}", wrap(o, width, ""))?;
        }
        for q in &s.questions {
            number += 1;
            let scoring = if q.is_scored() {
                format!("{}, max {}", q.kind.name(), n(question_max(q)))
            } else {
                format!("{}, not scored", q.kind.name())
            };
            writeln!(
                out,
                "\n{}",
                wrap(&format!("{number}. {}", q.text), width, "  ").trim_start()
            )?;
            writeln!(
                out,
                "   {} {}",
                style(&q.id).cyan(),
                style(format!("({scoring})")).dim()
            )?;
            if let Some(h) = &q.help {
                writeln!(out, "{}", style(wrap(h, width, "   ")).dim())?;
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
                let excl = if o.exclusive { ", exclusive" } else { "" };
                writeln!(
                    out,
                    "   - {} {} {}",
                    o.label,
                    style(format!("[{}]", o.id)).dim(),
                    style(format!(
                        "({} {}{excl})",
                        n(o.points),
                        if o.points == 1.0 { "pt" } else { "pts" }
                    ))
                    .dim()
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
    writeln!(out, "\n{}", style("Bands").bold().underlined())?;
    for b in fw.bands.iter().rev() {
        writeln!(
            out,
            "{} {}–{} {unit}",
            style(&b.label).bold(),
            n(b.min),
            n(b.max)
        )?;
        writeln!(out, "{}", wrap(&b.text, width, "  "))?;
    }
    Ok(out)
}

/// Prints a framework's structure.
pub fn run(ctx: &Ctx, name: &str, format: ListFormat) -> anyhow::Result<i32> {
    let loaded = ctx.catalog.load(name, None)?;
    let out = match format {
        ListFormat::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&view(&loaded.framework))?
        ),
        ListFormat::Table => text(
            &loaded.framework,
            usize::from(crate::report::terminal_width()),
        )?,
    };
    fsio::write_output(None, out.as_bytes())?;
    Ok(0)
}
