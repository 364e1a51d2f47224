//! `compare`: two answers files of the same framework, before and after.

use super::Ctx;
use super::score::load_and_score;
use crate::cli::CompareFormat;
use crate::error::Error;
use crate::fsio::{self, FileArg};
use crate::report;

/// Compares two answers files and writes the comparison.
pub fn run(
    ctx: &Ctx,
    old: &FileArg,
    new: &FileArg,
    format: CompareFormat,
    output: Option<&FileArg>,
) -> anyhow::Result<i32> {
    if *old == FileArg::Std && *new == FileArg::Std {
        return Err(Error::Usage(
            "only one of the two answers files can be read from standard input".into(),
        )
        .into());
    }
    let (old_framework, _, before) = load_and_score(ctx, old, None)?;
    let (new_framework, _, after) = load_and_score(ctx, new, None)?;
    let inputs: Vec<&std::path::Path> = [old.path(), new.path()]
        .into_iter()
        .flatten()
        .chain([
            std::path::Path::new(&old_framework.path),
            std::path::Path::new(&new_framework.path),
        ])
        .collect();
    fsio::refuse_overwriting_inputs(output, &inputs).map_err(Error::from)?;
    if before.framework.id != after.framework.id {
        return Err(Error::Usage(format!(
            "{} answers `{}` but {} answers `{}`; compare needs two answers files of the same framework",
            old.display(),
            before.framework.id,
            new.display(),
            after.framework.id
        ))
        .into());
    }
    if before.framework.version != after.framework.version {
        ctx.warn(&format!(
            "the two files were scored with {} versions {} and {}",
            after.framework.id, before.framework.version, after.framework.version
        ));
    }
    let comparison = crate::compare::compare(&before, &after);
    let to_file = output.and_then(FileArg::path).is_some();
    let bytes = report::compare::render(&comparison, format, &ctx.report_options(to_file))?;
    fsio::write_output(output, &bytes)?;
    Ok(0)
}
