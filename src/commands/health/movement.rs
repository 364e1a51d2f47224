//! `health movement`: two snapshots in; the accounts that changed tier,
//! dropped sharply, appeared or went, with what moved, out.

use super::super::Ctx;
use super::super::output::resolve_format;
use super::scan;
use crate::cli::{HealthFormat, HealthMovementArgs};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::health::fold::{Dates, Fold};
use crate::health::movement::{Changes, Snapshot};
use crate::health::score::Plan;
use crate::health::stream::Input;
use crate::report::health_movement as report;

/// Scores both snapshots, compares them and writes the report.
pub fn run(ctx: &Ctx, args: &HealthMovementArgs) -> anyhow::Result<i32> {
    let format = resolve_format(args.format, &args.output)?;
    let loaded = scan::model(&args.model)?;
    let model = &loaded.model;
    let mut out = scan::output(&args.output, &loaded, &[&args.previous, &args.current])?;
    let options = ctx.report_options(args.output.path().is_some());
    let (previous, current) = (Input::new(&args.previous), Input::new(&args.current));
    let mut before = Snapshot::default();
    scan::fold_file(
        ctx,
        model,
        &previous,
        args.delimiter,
        Snapshot::default,
        |s| {
            before.merge(s);
            Ok(true)
        },
    )?;
    let plan = Plan::new(model);
    let mut changes = Changes::new(model, &plan, &before);
    scan::fold_file(
        ctx,
        model,
        &current,
        args.delimiter,
        || Changes::new(model, &plan, &before),
        |c| {
            changes.merge(c);
            Ok(true)
        },
    )?;
    let movement = changes.finish();
    check_order(
        ctx,
        &previous,
        &current,
        movement.previous_dates,
        movement.current_dates,
    )?;
    let bytes = match format {
        HealthFormat::Csv => report::csv(model, &movement),
        HealthFormat::Json => report::json(model, &movement),
        HealthFormat::Table => report::table(model, &movement, &options),
        HealthFormat::Html => report::html(model, &movement, &options)?,
    };
    out.write(&bytes)?;
    out.finish()?;
    scan::wrote(ctx, &args.output, format);
    Ok(0)
}

/// Refuses snapshots given in the wrong order (every date of PREVIOUS after
/// every date of CURRENT), and warns when their dates overlap or are the same.
fn check_order(
    ctx: &Ctx,
    previous: &Input,
    current: &Input,
    before: Dates,
    now: Dates,
) -> Result<(), Error> {
    let (Some((b0, b1)), Some((n0, n1))) = (before.0, now.0) else {
        return Ok(());
    };
    let span = |a: crate::date::Date, b: crate::date::Date| {
        if a == b {
            format!("dated {a}")
        } else {
            format!("dated {a} to {b}")
        }
    };
    let (p, c) = (
        crate::text::printable(&previous.shown),
        crate::text::printable(&current.shown),
    );
    if b0 > n1 {
        return Err(Diagnostic::file(
            &previous.shown,
            format!(
                "the earlier snapshot is {}, after the later one ({c}, {}): the snapshots are in the wrong order",
                span(b0, b1),
                span(n0, n1)
            ),
        )
        .with_help(format!("give the earlier snapshot first: health movement MODEL {c} {p}"))
        .into());
    }
    if b1 >= n0 {
        ctx.warn(&format!(
            "the snapshots' dates overlap ({p} {}, {c} {}): movement compares them as earlier and later all the same",
            span(b0, b1),
            span(n0, n1)
        ));
    }
    Ok(())
}
