//! `health fit`: a snapshot and the renewals that followed in, a fitted model
//! (to `--output`) and the report comparing it with the hand model out.

use super::super::Ctx;
use super::super::output::resolve_format;
use super::scan;
use crate::cli::{FitFormat, HealthFitArgs, OutputArgs};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::fsio::FileArg;
use crate::health::fit::evaluate::{self, Folds, Options};
use crate::health::fit::sample::{self, Gather};
use crate::health::fold::Fold;
use crate::health::stream::{self, Input};
use crate::report::health_fit as report;

/// Fits, writes the fitted model and the report.
pub fn run(ctx: &Ctx, args: &HealthFitArgs) -> anyhow::Result<i32> {
    let report_args = OutputArgs {
        output: args.report.clone(),
        force: args.force,
    };
    let model_args = OutputArgs {
        output: args.output.clone(),
        force: args.force,
    };
    let format = resolve_format(args.format, &report_args)?;
    if let Some(p) = args.at_risk {
        if !(p > 0.0 && p < 100.0) {
            return Err(Error::Usage(format!(
                "--at-risk {p}: give the share of accounts for the lowest tier as a percent above 0 and below 100"
            ))
            .into());
        }
    }
    let scores_args = OutputArgs {
        output: args.scores.clone(),
        force: args.force,
    };
    let named = [
        ("--output", model_args.path()),
        ("--report", report_args.path()),
        ("--scores", scores_args.path()),
    ];
    for (i, (a, pa)) in named.iter().enumerate() {
        for (b, pb) in &named[i + 1..] {
            if let (Some(x), Some(y)) = (pa, pb) {
                if x == y {
                    return Err(Error::Usage(format!(
                        "{a} and {b} name the same file {}: give each its own",
                        crate::text::printable(&crate::fsio::display(x))
                    ))
                    .into());
                }
            }
        }
    }
    let stdout_taken = [&args.output, &args.scores]
        .iter()
        .filter(|o| matches!(o, Some(FileArg::Std)))
        .count();
    if stdout_taken > 1 {
        return Err(Error::Usage(
            "--output - and --scores - both ask for standard output: send one of them to a file"
                .into(),
        )
        .into());
    }
    let model_to_stdout = stdout_taken == 1;
    let loaded = scan::model(&args.model)?;
    let hand = &loaded.model;
    let mut inputs: Vec<&std::path::Path> = vec![&args.accounts, &args.outcomes];
    if let Some(f) = &args.folds_file {
        inputs.push(f);
    }
    let mut model_out = match &args.output {
        Some(_) => Some(scan::output(&model_args, &loaded, &inputs)?),
        None => None,
    };
    let mut scores_out = match &args.scores {
        Some(_) => Some(scan::output(&scores_args, &loaded, &inputs)?),
        None => None,
    };
    let mut report_out = if model_to_stdout && args.report.is_none() {
        None
    } else {
        Some(scan::output(&report_args, &loaded, &inputs)?)
    };
    let outcomes_input = Input::new(&args.outcomes);
    let outcomes = scan::outcomes(ctx, hand, &outcomes_input, args.delimiter)?;
    let accounts_input = Input::new(&args.accounts);
    let prepared = scan::prepare(ctx, hand, &accounts_input, false, args.delimiter)?;
    let ranks = prepared.ranks().to_vec();
    let mut gathered = Gather::default();
    prepared.fold(Gather::default, |g| {
        gathered.merge(g);
        Ok(true)
    })?;
    let sample = sample::join(gathered.0, &outcomes.by_account);
    let folds = match &args.folds_file {
        None => Folds::Count(usize::from(args.folds)),
        Some(path) => {
            let input = Input::new(path);
            let given = stream::folds(&input, ctx.quiet, args.delimiter)?;
            let mut numbers: Vec<u64> = given.values().copied().collect();
            numbers.sort_unstable();
            numbers.dedup();
            let mut per_account = Vec::with_capacity(sample.accounts.len());
            for a in &sample.accounts {
                let Some(f) = given.get(&a.id) else {
                    return Err(Error::Input(vec![Diagnostic::file(
                        &input.shown,
                        format!(
                            "account `{}` has an outcome but no fold in this file; every account fitted on needs one",
                            crate::text::printable(&a.id)
                        ),
                    )])
                    .into());
                };
                per_account.push(numbers.partition_point(|n| n < f));
            }
            Folds::Given(per_account)
        }
    };
    let options = Options {
        folds,
        seed: args.seed,
        at_risk: args.at_risk.map(|p| p / 100.0),
        accounts_file: crate::fsio::display(&args.accounts),
        today: ctx.report_options(true).date,
    };
    let fit = evaluate::fit(hand, &ranks, &sample, &options)
        .map_err(|p| Error::Input(vec![Diagnostic::file(&outcomes_input.shown, p.0)]))?;
    if let Some(out) = model_out.as_mut() {
        out.write(fit.text.as_bytes())?;
    }
    if let Some(out) = model_out {
        out.finish()?;
    }
    if let Some(mut out) = scores_out.take() {
        out.write(&report::scores_csv(hand, &fit, &sample))?;
        out.finish()?;
    }
    let written = model_args.path().map(crate::fsio::display);
    if let Some(mut out) = report_out.take() {
        let options = ctx.report_options(report_args.path().is_some());
        let bytes = match format {
            FitFormat::Table => report::table(hand, &fit, written.as_deref(), &options),
            FitFormat::Markdown => report::markdown(hand, &fit, written.as_deref(), &options),
            FitFormat::Json => report::json(hand, &fit)?,
        };
        out.write(&bytes)?;
        out.finish()?;
    }
    match model_args.path() {
        Some(p) => ctx.wrote(
            p,
            &format!(
                "toml, the fitted model; {} is unchanged",
                crate::text::printable(&args.model)
            ),
        ),
        None if !model_to_stdout => {
            ctx.note("the fitted model was not written: add --output FITTED.toml to keep it")
        }
        None => {}
    }
    if model_to_stdout && args.report.is_none() {
        let what = if matches!(args.output, Some(FileArg::Std)) {
            "the fitted model"
        } else {
            "the scores"
        };
        ctx.note(&format!(
            "the report was not printed: standard output carries {what}; add --report FILE to keep it"
        ));
    }
    scan::wrote(ctx, &report_args, format);
    scan::wrote(ctx, &scores_args, crate::cli::HealthFormat::Csv);
    Ok(0)
}
