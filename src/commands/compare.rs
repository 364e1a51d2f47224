//! `compare`: two answers files of the same framework, before and after.

use std::path::Path;

use super::Ctx;
use super::score::{load_and_score, report_options};
use crate::cli::CompareFormat;
use crate::error::Error;
use crate::fsio;
use crate::report;

/// Compares two answers files and writes the comparison.
pub fn run(
    ctx: &Ctx,
    old: &Path,
    new: &Path,
    format: CompareFormat,
    output: Option<&Path>,
) -> anyhow::Result<i32> {
    if old.as_os_str() == fsio::STDIN && new.as_os_str() == fsio::STDIN {
        return Err(Error::Usage(
            "only one of the two answers files can be read from standard input".into(),
        )
        .into());
    }
    let (_, _, before) = load_and_score(ctx, old, None)?;
    let (_, _, after) = load_and_score(ctx, new, None)?;
    if before.framework.id != after.framework.id {
        return Err(Error::Usage(format!(
            "{} answers `{}` but {} answers `{}`; compare needs two answers files of the same framework",
            fsio::display(old),
            before.framework.id,
            fsio::display(new),
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
    let to_file = output.is_some_and(|p| p.as_os_str() != fsio::STDIN);
    let bytes = report::compare::render(&comparison, format, &report_options(ctx, to_file))?;
    fsio::write_output(output, &bytes)?;
    Ok(0)
}
