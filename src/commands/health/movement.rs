//! `health movement`: two snapshots in, the accounts whose tier changed out.

use super::super::Ctx;
use super::super::output::resolve_format;
use super::scan;
use crate::cli::{HealthFormat, HealthMovementArgs};
use crate::health::fold::Fold;
use crate::health::movement::{Changes, Snapshot};
use crate::health::stream::Input;
use crate::report::health_movement as report;

/// Scores both snapshots, compares them and writes the report.
pub fn run(ctx: &Ctx, args: &HealthMovementArgs) -> anyhow::Result<i32> {
    let format = resolve_format(args.format, &args.output)?;
    let loaded = scan::model(&args.model)?;
    let model = &loaded.model;
    let mut out = scan::output(&args.output, &loaded, &[&args.previous, &args.current])?;
    let options = ctx.report_options(args.output.path().is_some());
    let mut before = Snapshot::default();
    scan::fold_file(
        ctx,
        model,
        &Input::new(&args.previous),
        Snapshot::default,
        |s| {
            before.merge(s);
            Ok(true)
        },
    )?;
    let tiers = model.tiers.len();
    let mut changes = Changes::new(&before, tiers);
    scan::fold_file(
        ctx,
        model,
        &Input::new(&args.current),
        || Changes::new(&before, tiers),
        |c| {
            changes.merge(c);
            Ok(true)
        },
    )?;
    let movement = changes.finish();
    let bytes = match format {
        HealthFormat::Csv => report::csv(model, &movement),
        HealthFormat::Json => report::json(model, &movement),
        HealthFormat::Table => report::table(model, &movement, &options),
        HealthFormat::Html => report::html(model, &movement, &options)?,
    };
    out.write(&bytes)?;
    out.finish()?;
    scan::wrote(ctx, &args.output);
    Ok(0)
}
