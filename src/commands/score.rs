//! `score`: an answers file in, a scorecard out.

use super::Ctx;
use super::output::resolve_format;
use crate::answers::{self, LoadedAnswers, Syntax};
use crate::cli::{InputFormat, MinPercent, ScoreArgs, ScoreFormat};
use crate::error::Error;
use crate::framework::LoadedFramework;
use crate::fsio;
use crate::fsio::FileArg;
use crate::report;
use crate::scoring::{self, Scorecard};

/// Loads answers, resolves and checks them against their framework, and scores them.
pub fn load_and_score(
    ctx: &Ctx,
    path: &FileArg,
    input_format: Option<InputFormat>,
) -> anyhow::Result<(LoadedFramework, LoadedAnswers, Scorecard)> {
    load_and_score_with(ctx, path, input_format, None)
}

/// [`load_and_score`], with the section targets of another file (`--targets`)
/// in place of the answers' own.
pub fn load_and_score_with(
    ctx: &Ctx,
    path: &FileArg,
    input_format: Option<InputFormat>,
    targets: Option<&FileArg>,
) -> anyhow::Result<(LoadedFramework, LoadedAnswers, Scorecard)> {
    let syntax = input_format.map(|f| match f {
        InputFormat::Json => Syntax::Json,
        InputFormat::Toml => Syntax::Toml,
    });
    let mut loaded = answers::load(path, syntax).map_err(Error::Input)?;
    let base = path.path().and_then(|p| p.parent());
    let framework = ctx
        .catalog
        .load(&loaded.answers.framework, base)
        .map_err(|e| match e {
            Error::UnknownFramework { .. } => {
                Error::Input(vec![crate::diagnostic::Diagnostic::at(
                    &loaded.path,
                    &loaded.source,
                    loaded.framework_span.clone(),
                    e.to_string(),
                )])
            }
            other => other,
        })?;
    let fw = &framework.framework;
    let problems = answers::validate(&loaded, fw);
    if !problems.is_empty() {
        return Err(Error::Input(problems).into());
    }
    if let Some(file) = targets {
        loaded.answers.targets = targets_from(file, fw)?;
    }
    if let Some(v) = &loaded.answers.framework_version {
        if *v != fw.version {
            ctx.warn(&format!(
                "{}: answers were given against {} version {v}; scoring with version {}",
                loaded.path, fw.id, fw.version
            ));
        }
    }
    let card = scoring::score(fw, &loaded.answers);
    let ignored: Vec<&str> = card
        .questions
        .iter()
        .filter(|q| {
            q.status == scoring::Status::NotAsked && loaded.answers.answers.contains_key(&q.id)
        })
        .map(|q| q.id.as_str())
        .collect();
    if !ignored.is_empty() {
        ctx.warn(&format!(
            "{}: ignored answers to questions not asked (their condition is false): {}",
            loaded.path,
            ignored.join(", ")
        ));
    }
    Ok((framework, loaded, card))
}

/// The section targets of a `--targets` file: an answers-format file of the
/// same framework with a `[targets]` table (its answers, if any, are ignored).
pub fn targets_from(
    file: &FileArg,
    fw: &crate::framework::Framework,
) -> anyhow::Result<std::collections::BTreeMap<String, answers::Target>> {
    let loaded = answers::load(file, None).map_err(Error::Input)?;
    let shown = crate::text::printable(&loaded.path);
    if loaded.answers.framework != fw.id {
        return Err(Error::Input(vec![crate::diagnostic::Diagnostic::at(
            &loaded.path,
            &loaded.source,
            loaded.framework_span.clone(),
            format!(
                "these targets are for `{}`, but the answers are for `{}`",
                loaded.answers.framework, fw.id
            ),
        )])
        .into());
    }
    let problems = answers::validate(&loaded, fw);
    if !problems.is_empty() {
        return Err(Error::Input(problems).into());
    }
    if loaded.answers.targets.is_empty() {
        return Err(Error::Usage(format!(
            "--targets {shown}: the file sets no [targets]; add a table such as `[targets]` then `onboarding = 80`"
        ))
        .into());
    }
    Ok(loaded.answers.targets)
}

/// Scores an answers file and writes the report.
pub fn run(ctx: &Ctx, args: &ScoreArgs) -> anyhow::Result<i32> {
    if let Some(MinPercent::Percent(p)) = args.min_percent {
        if !(0.0..=100.0).contains(&p) {
            return Err(Error::Usage(format!(
                "--min-percent must be between 0 and 100, found {p}"
            ))
            .into());
        }
    }
    let format = resolve_format(args.format, &args.output)?;
    let csv = matches!(format, ScoreFormat::Csv | ScoreFormat::CsvSummary);
    if args.bom && !csv {
        return Err(
            Error::Usage("--bom applies to CSV only (--format csv or csv-summary)".into()).into(),
        );
    }
    let (framework, _, card) =
        load_and_score_with(ctx, &args.answers, args.input_format, args.targets.as_ref())?;
    if args.min_percent == Some(MinPercent::Targets) && card.targets.is_none() {
        return Err(Error::Usage(format!(
            "--min-percent targets: {} sets no targets; add a [targets] table to it, or pass --targets FILE",
            args.answers.display()
        ))
        .into());
    }
    let inputs: Vec<&std::path::Path> = args
        .answers
        .path()
        .into_iter()
        .chain(args.targets.as_ref().and_then(FileArg::path))
        .chain([std::path::Path::new(&framework.path)])
        .collect();
    fsio::refuse_overwriting_inputs(args.output.output.as_ref(), &inputs).map_err(Error::from)?;
    args.output.check()?;
    let to_file = args.output.path().is_some();
    let mut bytes = report::reporter(format).render(&card, &ctx.report_options(to_file))?;
    if args.bom {
        bytes.splice(0..0, *b"\xEF\xBB\xBF");
    }
    fsio::write_output(args.output.output.as_ref(), &bytes)?;
    match args.min_percent {
        Some(MinPercent::Percent(min)) if card.total.percent < min => {
            return Err(Error::Findings(format!(
                "score {}% is below the required {}%",
                crate::text::fmt_num(card.total.percent),
                crate::text::fmt_num(min)
            ))
            .into());
        }
        Some(MinPercent::Targets) => {
            if let Some(missed) = missed_targets(&card) {
                return Err(Error::Findings(missed).into());
            }
        }
        _ => {}
    }
    Ok(0)
}

/// What `--min-percent targets` reports when a section misses its target.
fn missed_targets(card: &Scorecard) -> Option<String> {
    let t = card.targets.as_ref()?;
    if t.missed.is_empty() {
        return None;
    }
    let named: Vec<String> = card
        .sections
        .iter()
        .filter(|s| t.missed.contains(&s.id))
        .filter_map(|s| {
            let target = s.target.as_ref()?;
            Some(format!(
                "{} {} (target {})",
                crate::text::printable(&s.title),
                crate::text::pct(s.percent),
                crate::text::pct(Some(target.percent))
            ))
        })
        .collect();
    Some(format!(
        "{} of {} section targets missed: {}",
        t.missed.len(),
        t.set,
        named.join(", ")
    ))
}
