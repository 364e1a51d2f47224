//! `score`: an answers file in, a scorecard out.

use super::Ctx;
use super::loader::{Loader, ScoredFile, syntax};
use super::output::{name, resolve_format};
use crate::answers::{self, Syntax};
use crate::cli::{MinPercent, OutputArgs, ScoreArgs, ScoreFormat};
use crate::error::Error;
use crate::fsio::{self, FileArg};
use crate::report;
use crate::scoring::Scorecard;

/// Reads, checks and scores one answers file as [`Loader::load`] does, with
/// the section targets of another file (`--targets`) in place of its own,
/// and writes the loader's warnings.
pub fn score_one(
    ctx: &Ctx,
    file: &FileArg,
    syntax: Option<Syntax>,
    targets: Option<&FileArg>,
) -> anyhow::Result<ScoredFile> {
    let mut loader = Loader::new(ctx);
    let scored = match targets {
        None => loader.load(file, syntax)?,
        Some(targets) => {
            let mut loaded = loader.read(file, syntax)?;
            let framework = loader.framework(file, &loaded)?;
            loaded.answers.targets = targets_from(targets, &framework.framework)?;
            let card = loader.score(&loaded, &framework)?;
            ScoredFile { framework, card }
        }
    };
    loader.finish();
    Ok(scored)
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

/// The output may be written: it is none of the inputs (the answers, the
/// targets file, the framework file), and an existing file only with `--force`.
pub fn check_output(
    output: &OutputArgs,
    answers: &FileArg,
    targets: Option<&FileArg>,
    framework_path: &str,
) -> anyhow::Result<()> {
    let inputs: Vec<&std::path::Path> = answers
        .path()
        .into_iter()
        .chain(targets.and_then(FileArg::path))
        .chain([std::path::Path::new(framework_path)])
        .collect();
    fsio::refuse_overwriting_inputs(output.output.as_ref(), &inputs).map_err(Error::from)?;
    output.check()?;
    Ok(())
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
    let ScoredFile { framework, card } = score_one(
        ctx,
        &args.answers,
        syntax(args.input_format),
        args.targets.as_ref(),
    )?;
    if args.min_percent == Some(MinPercent::Targets) && card.targets.is_none() {
        return Err(Error::Usage(format!(
            "--min-percent targets: {} sets no targets; add a [targets] table to it, or pass --targets FILE",
            args.answers.display()
        ))
        .into());
    }
    check_output(
        &args.output,
        &args.answers,
        args.targets.as_ref(),
        &framework.path,
    )?;
    let to_file = args.output.path().is_some();
    let mut bytes = report::reporter(format).render(&card, &ctx.report_options(to_file))?;
    if args.bom {
        bytes.splice(0..0, *b"\xEF\xBB\xBF");
    }
    args.output.write(ctx, &bytes, &name(format))?;
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
