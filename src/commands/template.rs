//! `template`: a blank answers file to fill in.

use super::Ctx;
use crate::answers;
use crate::error::Error;
use crate::framework::load::answers_reference;
use crate::fsio::{self, FileArg};

/// Writes a blank answers file for a framework.
pub fn run(ctx: &Ctx, name: &str, output: Option<&FileArg>, force: bool) -> anyhow::Result<i32> {
    let loaded = ctx.catalog.load(name, None)?;
    let framework_ref = answers_reference(name, &loaded.framework);
    let text = answers::template(&loaded.framework, &framework_ref);
    fsio::refuse_overwriting_inputs(output, &[std::path::Path::new(&loaded.path)])
        .map_err(Error::from)?;
    if let Some(path) = output.and_then(FileArg::path) {
        if path.exists() && !force {
            return Err(Error::Usage(format!(
                "{} already exists; not overwriting it (use --force to replace it)",
                path.display()
            ))
            .into());
        }
    }
    fsio::write_output(output, text.as_bytes())?;
    if let Some(path) = output.and_then(FileArg::path) {
        ctx.note(&format!(
            "wrote {}; fill it in, then run: cs-scorecard score {}",
            path.display(),
            path.display()
        ));
    }
    Ok(0)
}
