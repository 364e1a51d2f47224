//! `health demo`: a synthetic, labelled data set written to a directory,
//! under the overwrite rule of every command (`--force`).

use super::super::Ctx;
use crate::cli::HealthDemoArgs;
use crate::error::{Error, IoAction};
use crate::fsio::{FileArg, Output};
use crate::health::demo;

/// The files written, with what each starts with.
const FILES: [(&str, &str); 3] = [
    ("accounts-previous.csv", demo::SNAPSHOT_HEADER),
    ("accounts-current.csv", demo::SNAPSHOT_HEADER),
    ("outcomes.csv", demo::OUTCOMES_HEADER),
];

/// Writes the demo files into the directory.
pub fn run(ctx: &Ctx, args: &HealthDemoArgs) -> anyhow::Result<i32> {
    if args.accounts == 0 {
        return Err(Error::Usage("--accounts must be at least 1".into()).into());
    }
    let dir = &args.output;
    std::fs::create_dir_all(dir).map_err(|e| Error::Io {
        action: IoAction::Write,
        path: crate::fsio::display(dir),
        reason: e,
    })?;
    // Every file is opened (and refused, if it exists without --force)
    // before any is written.
    let open = |name: &str| Output::create(Some(&FileArg::Path(dir.join(name))), args.force, &[]);
    let mut outs = FILES
        .iter()
        .map(|(name, _)| open(name))
        .collect::<Result<Vec<Output>, Error>>()?;
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
    readme.write(demo::readme(args.accounts, args.seed).as_bytes())?;
    readme.finish()?;
    ctx.note(&format!(
        "wrote {} synthetic accounts to {}: {}, README.txt",
        args.accounts,
        crate::text::printable(&crate::fsio::display(dir)),
        FILES.map(|(name, _)| name).join(", ")
    ));
    Ok(0)
}
