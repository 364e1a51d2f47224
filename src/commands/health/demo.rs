//! `health demo`: a synthetic, labelled data set written to a directory,
//! under the overwrite rule of every command (`--force`).

use super::super::Ctx;
use crate::cli::HealthDemoArgs;
use crate::error::Error;
use crate::fsio::{FileArg, Output, check_overwrite};
use crate::health::demo;

/// The files written, with what each starts with.
const FILES: [(&str, &str); 3] = [
    ("accounts-previous.csv", demo::SNAPSHOT_HEADER),
    ("accounts-current.csv", demo::SNAPSHOT_HEADER),
    ("outcomes.csv", demo::OUTCOMES_HEADER),
];

/// `--ledger`: the key-metrics inputs (`metrics demo`'s files for the same
/// account ids), each opened before anything is written, and the text that
/// README.txt gains.
struct Ledger {
    files: Vec<(Output, String)>,
    readme: String,
}

impl Ledger {
    /// Checks the size and opens the files (refused without --force), or
    /// nothing without `--ledger`.
    fn open(args: &HealthDemoArgs, dir: &std::path::Path) -> Result<Option<Ledger>, Error> {
        if !args.ledger {
            return Ok(None);
        }
        let (data, readme) = super::super::metrics::demo_files(args.accounts, args.seed);
        let files = data
            .into_iter()
            .map(|(name, text)| {
                Output::create(Some(&FileArg::Path(dir.join(name))), args.force, &[])
                    .map(|out| (out, text))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Some(Ledger { files, readme }))
    }

    /// Writes the files; returns what README.txt gains.
    fn write(self) -> Result<String, Error> {
        for (mut out, text) in self.files {
            out.write(text.as_bytes())?;
            out.finish()?;
        }
        Ok(format!(
            "\n\nKey-metrics inputs (--ledger; read them with `cs-scorecard metrics`)\n\n{}",
            self.readme
        ))
    }

    /// The note's list of the files written.
    const NAMES: &'static str = "ledger.csv, surveys.csv, milestones.csv, costs.csv, ";
}

/// Writes the demo files into the directory.
pub fn run(ctx: &Ctx, args: &HealthDemoArgs) -> anyhow::Result<i32> {
    if args.accounts == 0 {
        return Err(Error::Usage("--accounts must be at least 1".into()).into());
    }
    let most = super::super::metrics::DEMO_MAX_ACCOUNTS;
    if args.ledger && args.accounts > most {
        return Err(Error::Usage(format!(
            "--ledger writes at most {} accounts (the ledger holds each account's months and products); lower --accounts",
            crate::text::grouped(most as f64)
        ))
        .into());
    }
    if args.months.is_some() || args.plays {
        return monthly(ctx, args);
    }
    let dir = &args.output;
    let names = FILES.map(|(name, _)| name);
    for name in names.iter().chain(&["README.txt"]) {
        check_overwrite(&dir.join(name), args.force)?;
    }
    crate::fsio::create_dir(dir).map_err(Error::from)?;
    // Every file is opened (and refused, if it exists without --force)
    // before any is written.
    let open = |name: &str| Output::create(Some(&FileArg::Path(dir.join(name))), args.force, &[]);
    let mut outs = FILES
        .iter()
        .map(|(name, _)| open(name))
        .collect::<Result<Vec<Output>, Error>>()?;
    let ledger = Ledger::open(args, dir)?;
    let mut readme = open("README.txt")?;
    for (out, (_, header)) in outs.iter_mut().zip(FILES) {
        out.write(header.as_bytes())?;
    }
    demo::generate(args.seed, args.accounts, |(previous, current, outcomes)| {
        outs[0].write(&previous)?;
        outs[1].write(&current)?;
        outs[2].write(&outcomes)?;
        Ok::<(), Error>(())
    })?;
    for out in outs {
        out.finish()?;
    }
    let metrics = ledger.is_some();
    let more = match ledger {
        Some(l) => l.write()?,
        None => String::new(),
    };
    readme.write(demo::readme(args.accounts, args.seed).as_bytes())?;
    readme.write(more.as_bytes())?;
    readme.finish()?;
    ctx.wrote(
        dir,
        &format!(
            "{} synthetic accounts: {}, {}README.txt",
            args.accounts,
            names.join(", "),
            if metrics { Ledger::NAMES } else { "" }
        ),
    );
    Ok(0)
}

/// `--months M [--plays]`: monthly snapshots, and a plays log whose effect is known.
fn monthly(ctx: &Ctx, args: &HealthDemoArgs) -> anyhow::Result<i32> {
    use demo::monthly::{Demo, EFFECT_RANGE, Spec};
    let effect = args.play_effect.unwrap_or(15.0);
    if !(EFFECT_RANGE.0..=EFFECT_RANGE.1).contains(&effect) {
        return Err(Error::Usage(format!(
            "--play-effect {} is outside {} to {}: the chance of recovering without the play runs from {}% to {}%, and with it must stay a probability",
            crate::text::fmt_num_exact(effect),
            crate::text::fmt_num_exact(EFFECT_RANGE.0),
            crate::text::fmt_num_exact(EFFECT_RANGE.1),
            crate::text::fmt_num_exact(-EFFECT_RANGE.0),
            crate::text::fmt_num_exact(100.0 - EFFECT_RANGE.1)
        ))
        .into());
    }
    let model = crate::health::load::load("saas-health")?.model;
    let spec = Spec {
        accounts: args.accounts,
        seed: args.seed,
        months: args.months.unwrap_or(12),
        plays: args.plays,
        effect,
    };
    let mut data = Demo::new(&model, spec);
    let dir = &args.output;
    let snapshots = dir.join("snapshots");
    crate::fsio::create_dir(&snapshots).map_err(Error::from)?;
    // Every file is opened (and refused, if it exists without --force)
    // before any is written.
    let open =
        |path: std::path::PathBuf| Output::create(Some(&FileArg::Path(path)), args.force, &[]);
    let months = data
        .dates()
        .iter()
        .map(|d| open(snapshots.join(format!("{d}.csv"))))
        .collect::<Result<Vec<Output>, Error>>()?;
    let plays = if args.plays {
        Some(open(dir.join("plays.csv"))?)
    } else {
        None
    };
    let mut outcomes = open(dir.join("outcomes.csv"))?;
    let ledger = Ledger::open(args, dir)?;
    let mut readme = open(dir.join("README.txt"))?;
    for mut out in months {
        let Some((_, rows)) = data.next_month() else {
            break;
        };
        out.write(demo::SNAPSHOT_HEADER.as_bytes())?;
        out.write(&rows)?;
        out.finish()?;
    }
    if let Some(mut out) = plays {
        out.write(&data.plays_log())?;
        out.finish()?;
    }
    outcomes.write(&data.outcomes())?;
    outcomes.finish()?;
    let metrics = ledger.is_some();
    let more = match ledger {
        Some(l) => l.write()?,
        None => String::new(),
    };
    readme.write(data.readme().as_bytes())?;
    readme.write(more.as_bytes())?;
    readme.finish()?;
    ctx.wrote(
        dir,
        &format!(
            "{} synthetic accounts: snapshots/ ({} months), {}outcomes.csv, {}README.txt",
            args.accounts,
            spec.months,
            if args.plays { "plays.csv, " } else { "" },
            if metrics { Ledger::NAMES } else { "" }
        ),
    );
    Ok(0)
}
