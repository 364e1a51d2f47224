//! `health calibrate`: a snapshot and the renewals that followed in, how
//! well the score predicted them out.

use super::super::Ctx;
use super::super::output::resolve_format;
use super::scan;
use crate::cli::{HealthCalibrateArgs, HealthFormat};
use crate::error::Error;
use crate::health::calibrate::{Leak, Observations};
use crate::health::fold::Fold;
use crate::health::rows::RowProblem;
use crate::health::stream::Input;
use crate::report::health_calibrate as report;

/// How many outcomes dated before their snapshot are shown (all are counted).
const LEAKS_SHOWN: usize = 10;

/// Scores the snapshot, joins the outcomes and writes the calibration.
pub fn run(ctx: &Ctx, args: &HealthCalibrateArgs) -> anyhow::Result<i32> {
    let format = resolve_format(args.format, &args.output)?;
    let loaded = scan::model(&args.model)?;
    let model = &loaded.model;
    let mut out = scan::output(&args.output, &loaded, &[&args.accounts, &args.outcomes])?;
    let options = ctx.report_options(args.output.path().is_some());
    let outcomes_file = Input::new(&args.outcomes);
    let outcomes = scan::outcomes(ctx, model, &outcomes_file, args.delimiter)?;
    let by_account = &outcomes.by_account;
    let mut observed = Observations::new(by_account);
    scan::fold_file(
        ctx,
        model,
        &Input::new(&args.accounts),
        args.delimiter,
        || Observations::new(by_account),
        |o| {
            observed.merge(o);
            Ok(true)
        },
    )?;
    if !observed.leaks.is_empty() {
        return Err(leaks(
            &outcomes_file,
            &outcomes.layout,
            std::mem::take(&mut observed.leaks),
        )
        .into());
    }
    let calibration = observed.finish(model);
    let bytes = match format {
        HealthFormat::Table => report::table(model, &calibration, &options),
        HealthFormat::Json => report::json(model, &calibration),
        HealthFormat::Csv => report::csv(model, &calibration),
        HealthFormat::Html => report::html(model, &calibration, &options)?,
    };
    out.write(&bytes)?;
    out.finish()?;
    scan::wrote(ctx, &args.output, format);
    Ok(0)
}

/// Outcomes known before their snapshot was taken, each at its row of the
/// outcomes file: a calibration on them would flatter the model.
fn leaks(file: &Input, layout: &crate::health::rows::OutcomeLayout, mut leaks: Vec<Leak>) -> Error {
    leaks.sort_by_key(|l| l.line);
    let total = leaks.len() as u64;
    let shown: Vec<_> = leaks
        .iter()
        .take(LEAKS_SHOWN)
        .map(|l| {
            RowProblem {
                line: l.line,
                column: layout.date.unwrap_or(layout.account),
                message: format!(
                    "account `{}` renewed on {}, before its snapshot ({}): an outcome known when the snapshot was taken would flatter the model; calibrate a snapshot taken before the renewals",
                    crate::health::rows::shown(l.account.as_bytes()),
                    l.renewal,
                    l.snapshot
                ),
            }
            .diagnostic(&file.shown, &layout.names, 0)
        })
        .collect();
    if shown.len() as u64 == total {
        Error::Input(shown)
    } else {
        Error::InputFirst { shown, total }
    }
}
