//! `health score`: a snapshot's accounts in, scores out (every account as
//! CSV or JSON lines, streamed; or the summary as a table or a page).

use super::super::Ctx;
use super::super::output::resolve_format;
use super::scan;
use crate::cli::{HealthFormat, HealthScoreArgs};
use crate::health::fold::Fold;
use crate::health::stream::Input;
use crate::health::summary::Summary;
use crate::report::health::{self as report, AccountRows, RowFormat};

/// Scores every account of the snapshot and writes the report.
pub fn run(ctx: &Ctx, args: &HealthScoreArgs) -> anyhow::Result<i32> {
    let format = resolve_format(args.format, &args.output)?;
    let loaded = scan::model(&args.model)?;
    let model = &loaded.model;
    let mut out = scan::output(&args.output, &loaded, &[&args.accounts])?;
    let options = ctx.report_options(args.output.path().is_some());
    let input = Input::new(&args.accounts);
    let tiers = model.tiers.len();
    let mut summary = Summary::new(tiers);
    match format {
        HealthFormat::Csv | HealthFormat::Json => {
            let rows = if format == HealthFormat::Csv {
                RowFormat::Csv
            } else {
                RowFormat::Json
            };
            let with_summary = format == HealthFormat::Json;
            // The header is checked (and ranks taken) before a row is written.
            let prepared = scan::prepare(ctx, model, &input, false, args.delimiter)?;
            out.write(&AccountRows::new(model, rows).header())?;
            prepared.fold_checked(
                ctx,
                || {
                    (
                        with_summary.then(|| Summary::new(tiers)),
                        AccountRows::new(model, rows),
                    )
                },
                |(s, mut r)| {
                    if let Some(s) = s {
                        summary.merge(s);
                    }
                    Ok(out.write(&r.take())?)
                },
            )?;
            if with_summary {
                out.write(&report::json_summary(model, &summary))?;
            }
        }
        HealthFormat::Table | HealthFormat::Html => {
            scan::fold_file(
                ctx,
                model,
                &input,
                args.delimiter,
                || Summary::new(tiers),
                |s| {
                    summary.merge(s);
                    Ok(true)
                },
            )?;
            let bytes = if format == HealthFormat::Table {
                report::table(model, &summary, &options)
            } else {
                report::html(model, &summary, &options)?
            };
            out.write(&bytes)?;
        }
    }
    out.finish()?;
    scan::wrote(ctx, &args.output, format);
    Ok(0)
}
