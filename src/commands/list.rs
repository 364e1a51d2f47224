//! `list`: the frameworks known.

use super::Ctx;
use crate::fsio;
use crate::report::{self, ListFormat};

/// Prints the known frameworks.
pub fn run(ctx: &Ctx, format: ListFormat) -> anyhow::Result<i32> {
    let all = ctx.catalog.all()?;
    let bytes = report::list::render(&all, format, &ctx.report_options(false))?;
    fsio::write_output(None, &bytes)?;
    Ok(0)
}
