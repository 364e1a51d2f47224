//! `template`: a blank answers file to fill in.

use super::Ctx;
use crate::answers;
use crate::cli::OutputArgs;
use crate::error::Error;
use crate::framework::load::answers_reference;
use crate::fsio;

/// Writes a blank answers file for a framework.
pub fn run(ctx: &Ctx, name: &str, output: &OutputArgs) -> anyhow::Result<i32> {
    let loaded = ctx.catalog.load(name, None)?;
    let framework_ref = answers_reference(name, &loaded.framework);
    let text = answers::template(&loaded.framework, &framework_ref);
    fsio::refuse_overwriting_inputs(
        output.output.as_ref(),
        &[std::path::Path::new(&loaded.path)],
    )
    .map_err(Error::from)?;
    output.check()?;
    fsio::write_output(output.output.as_ref(), text.as_bytes())?;
    if let Some(path) = output.path() {
        ctx.note(&format!(
            "wrote {}; fill it in, then run: cs-scorecard score {}",
            path.display(),
            path.display()
        ));
    }
    Ok(0)
}
