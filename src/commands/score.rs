//! `score`: an answers file in, a scorecard out.

use super::Ctx;
use super::loader::{Loader, ScoredFile, syntax};
use super::output::resolve_format;
use crate::cli::{ScoreArgs, ScoreFormat};
use crate::error::Error;
use crate::fsio;
use crate::report;

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
    let mut loader = Loader::new(ctx);
    let ScoredFile {
        framework, card, ..
    } = loader.load(&args.answers, syntax(args.input_format))?;
    loader.finish();
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
