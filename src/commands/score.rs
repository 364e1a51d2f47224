//! `score`: an answers file in, a scorecard out.

use super::Ctx;
use super::output::resolve_format;
use crate::answers::{self, LoadedAnswers, Syntax};
use crate::cli::{InputFormat, ScoreArgs, ScoreFormat};
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
    let syntax = input_format.map(|f| match f {
        InputFormat::Json => Syntax::Json,
        InputFormat::Toml => Syntax::Toml,
    });
    let loaded = answers::load(path, syntax).map_err(Error::Input)?;
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

/// Scores an answers file and writes the report.
pub fn run(ctx: &Ctx, args: &ScoreArgs) -> anyhow::Result<i32> {
    if let Some(p) = args.min_percent {
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
    let (framework, _, card) = load_and_score(ctx, &args.answers, args.input_format)?;
    let inputs: Vec<&std::path::Path> = args
        .answers
        .path()
        .into_iter()
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
    if let Some(min) = args.min_percent {
        if card.total.percent < min {
            return Err(Error::Findings(format!(
                "score {}% is below the required {}%",
                crate::text::fmt_num(card.total.percent),
                crate::text::fmt_num(min)
            ))
            .into());
        }
    }
    Ok(0)
}
