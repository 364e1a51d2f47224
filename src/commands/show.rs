//! `show`: a framework's structure.

use super::Ctx;
use crate::fsio;
use crate::report::{self, FrameworkFormat};

/// Prints a framework's structure.
pub fn run(ctx: &Ctx, name: &str, format: FrameworkFormat) -> anyhow::Result<i32> {
    let loaded = ctx.catalog.load(&ctx.catalog.typed(name), None)?;
    let bytes = report::framework::render(&loaded.framework, format, &ctx.report_options(false))?;
    fsio::write_output(None, &bytes)?;
    Ok(0)
}
