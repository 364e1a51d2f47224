//! `metrics`: the key metrics from a ledger, surveys, milestones and costs,
//! optionally checked against Certinia answers; `metrics demo` writes files
//! to try it on.

use std::path::Path;

use super::Ctx;
use super::loader::Loader;
use super::output::{FileFormat, check_overwrite, name, resolve_format};
use crate::cli::{MetricsArgs, MetricsCommand, MetricsFormat};
use crate::error::Error;
use crate::fsio::{self, FileArg};
use crate::metrics::check::{check, has_key_metrics};
use crate::metrics::compute::{Chosen, Options, compute, default_period};
use crate::metrics::load::{self, Parser};
use crate::metrics::model::{Inputs, Period};
use crate::report::metrics as report;

impl FileFormat for MetricsFormat {
    const EXTENSIONS: &'static [(&'static str, Self)] = &[
        ("txt", MetricsFormat::Table),
        ("json", MetricsFormat::Json),
        ("csv", MetricsFormat::Csv),
        ("html", MetricsFormat::Html),
        ("htm", MetricsFormat::Html),
    ];
    fn default_format() -> Self {
        MetricsFormat::Table
    }
    fn fits(self, ext: &str) -> bool {
        match self {
            MetricsFormat::Movements => ext == "csv" || ext == "txt",
            _ => ext == "txt" || Self::from_extension(ext).is_none_or(|f| f == self),
        }
    }
}

/// The delimiter `--delimiter` names.
fn delimiter(given: Option<&str>) -> Result<Option<u8>, Error> {
    let Some(d) = given else { return Ok(None) };
    match crate::text::delimiter_named(d) {
        Some(d) => Ok(Some(d)),
        None => Err(Error::Usage(format!(
            "--delimiter {}: expected `,`, `;`, `|` or `tab`",
            crate::text::printable(&crate::text::excerpt(d, 20))
        ))),
    }
}

/// Reads one input with its parser, passing its warnings on.
fn read<T>(
    ctx: &Ctx,
    file: Option<&FileArg>,
    delimiter: Option<u8>,
    parse: Parser<T>,
) -> Result<Option<T>, Error> {
    let Some(file) = file else { return Ok(None) };
    let text = load::read(file)?;
    let loaded = parse(&file.display(), &text, delimiter).map_err(Error::Input)?;
    for w in &loaded.warnings {
        ctx.warn(w);
    }
    Ok(Some(loaded.data))
}

/// Reads the inputs, computes the metrics, checks the answers, writes the report.
pub fn run(ctx: &Ctx, args: &MetricsArgs) -> anyhow::Result<i32> {
    if let Some(MetricsCommand::Demo {
        accounts,
        seed,
        output,
        force,
    }) = &args.command
    {
        return demo(ctx, *accounts, *seed, output, *force);
    }
    let format = resolve_format(args.format, &args.output)?;
    let inputs: Vec<&Path> = [
        &args.ledger,
        &args.surveys,
        &args.milestones,
        &args.costs,
        &args.answers,
    ]
    .into_iter()
    .filter_map(|f| f.as_ref().and_then(FileArg::path))
    .collect();
    fsio::refuse_overwriting_inputs(args.output.output.as_ref(), &inputs).map_err(Error::from)?;
    args.output.check()?;
    if args.ledger.is_none()
        && args.surveys.is_none()
        && args.milestones.is_none()
        && args.costs.is_none()
    {
        return Err(Error::Usage(
            "no input: give at least one of --ledger, --surveys, --milestones, --costs \
             (`cs-scorecard metrics demo --output demo/` writes example files)"
                .into(),
        )
        .into());
    }
    let given_period = args
        .period
        .as_deref()
        .map(Period::parse)
        .transpose()
        .map_err(|e| Error::Usage(format!("--period {e}")))?;
    let delimiter = delimiter(args.delimiter.as_deref())?;
    let inputs = Inputs {
        ledger: read(ctx, args.ledger.as_ref(), delimiter, load::parse_ledger)?,
        surveys: read(ctx, args.surveys.as_ref(), delimiter, load::parse_surveys)?,
        milestones: read(
            ctx,
            args.milestones.as_ref(),
            delimiter,
            load::parse_milestones,
        )?,
        costs: read(ctx, args.costs.as_ref(), delimiter, load::parse_costs)?,
    };
    let (period, chosen) = match given_period {
        Some(p) => (p, Chosen::Given),
        None => match default_period(&inputs) {
            Some((p, why)) => (p, Chosen::Default(why)),
            None => {
                return Err(Error::Usage(
                    "the inputs have no dated rows to choose a period from; give --period".into(),
                )
                .into());
            }
        },
    };
    let options = Options {
        period,
        chosen,
        count_reactivation: args.count_reactivation,
    };
    let report = compute(&inputs, &options);
    let checked = match &args.answers {
        None => None,
        Some(file) => {
            let mut loader = Loader::new(ctx);
            let loaded = loader.read(file, None)?;
            let framework = loader.framework(file, &loaded)?;
            loader.score(&loaded, &framework)?;
            loader.finish();
            let fw = &framework.framework;
            if !has_key_metrics(fw) {
                return Err(Error::Usage(format!(
                    "{}: framework `{}` has no key-metric questions (metrics.nrr, metrics.nps, …); \
                     --answers expects answers to the Certinia framework",
                    loaded.path, fw.id
                ))
                .into());
            }
            Some(check(fw, &loaded.answers, &loaded.path, &report))
        }
    };
    let to_file = args.output.path().is_some();
    let options = ctx.report_options(to_file);
    let bytes = match format {
        MetricsFormat::Table => report::table_report(&report, checked.as_ref(), &options)?,
        MetricsFormat::Json => report::json_report(&report, checked.as_ref())?,
        MetricsFormat::Csv => report::csv_report(&report)?,
        MetricsFormat::Movements => report::movements_csv(&report)?,
        MetricsFormat::Html => report::html_report(&report, checked.as_ref(), &options)?,
    };
    args.output.write(ctx, &bytes, &name(format))?;
    if let (Some(path), Some(c)) = (args.output.path(), &checked) {
        if c.contradicted() > 0 {
            ctx.note(&format!(
                "{} of {} contradicted by the data: see {}",
                crate::text::plural(c.contradicted(), "answer", "answers"),
                c.file,
                fsio::display(path)
            ));
        }
    }
    Ok(0)
}

/// The most accounts a metrics demo holds (its files are built in memory).
pub const DEMO_MAX_ACCOUNTS: u64 = 1_000_000;

/// The demo's data files by name, and its README text: `metrics demo`
/// writes them alone, `health demo --ledger` beside the health files.
pub fn demo_files(accounts: u64, seed: u64) -> ([(&'static str, String); 4], String) {
    let files = crate::metrics::demo::demo(accounts, seed);
    (
        [
            ("ledger.csv", files.ledger),
            ("surveys.csv", files.surveys),
            ("milestones.csv", files.milestones),
            ("costs.csv", files.costs),
        ],
        files.readme,
    )
}

/// Writes the demo files into `dir`.
fn demo(ctx: &Ctx, accounts: u64, seed: u64, dir: &Path, force: bool) -> anyhow::Result<i32> {
    let (data, readme) = demo_files(accounts, seed);
    let named: Vec<(&str, &String)> = data
        .iter()
        .map(|(name, text)| (*name, text))
        .chain([("README.txt", &readme)])
        .collect();
    for (name, _) in &named {
        check_overwrite(&dir.join(name), force)?;
    }
    fsio::create_dir(dir).map_err(Error::from)?;
    for (name, text) in &named {
        let target = FileArg::Path(dir.join(name));
        fsio::write_output(Some(&target), text.as_bytes())?;
    }
    ctx.wrote(
        dir,
        &format!(
            "{accounts} synthetic accounts: {}",
            named
                .iter()
                .map(|(name, _)| *name)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    Ok(0)
}
