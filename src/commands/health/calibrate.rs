//! `health calibrate`: a snapshot and the renewals that followed in, how
//! well the score predicted them out.

use super::super::Ctx;
use super::super::output::resolve_format;
use super::scan;
use crate::cli::{HealthCalibrateArgs, HealthFormat};
use crate::health::calibrate::Observations;
use crate::health::fold::Fold;
use crate::health::stream::{self, Input};
use crate::report::health_calibrate as report;

/// Scores the snapshot, joins the outcomes and writes the calibration.
pub fn run(ctx: &Ctx, args: &HealthCalibrateArgs) -> anyhow::Result<i32> {
    let format = resolve_format(args.format, &args.output)?;
    let loaded = scan::model(&args.model)?;
    let model = &loaded.model;
    let mut out = scan::output(&args.output, &loaded, &[&args.accounts, &args.outcomes])?;
    let options = ctx.report_options(args.output.path().is_some());
    let outcomes = stream::outcomes(&Input::new(&args.outcomes), ctx.quiet)?;
    let mut observed = Observations::new(&outcomes);
    scan::fold_file(
        ctx,
        model,
        &Input::new(&args.accounts),
        || Observations::new(&outcomes),
        |o| {
            observed.merge(o);
            Ok(true)
        },
    )?;
    let calibration = observed.finish(model);
    let bytes = match format {
        HealthFormat::Table => report::table(model, &calibration, &options),
        HealthFormat::Json => report::json(model, &calibration),
        HealthFormat::Csv => report::csv(model, &calibration),
        HealthFormat::Html => report::html(model, &calibration, &options)?,
    };
    out.write(&bytes)?;
    out.finish()?;
    scan::wrote(ctx, &args.output);
    Ok(0)
}
