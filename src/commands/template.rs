//! `template`: a blank answers file to fill in.

use super::Ctx;
use super::ctx::HintLine;
use super::output::expect_extension;
use crate::answers;
use crate::cli::OutputArgs;
use crate::error::Error;
use crate::framework::load::answers_reference;
use crate::fsio;

/// Writes a blank answers file for a framework.
pub fn run(ctx: &Ctx, name: &str, output: &OutputArgs) -> anyhow::Result<i32> {
    expect_extension(output, &["toml"], "TOML")?;
    let name = &ctx.catalog.typed(name);
    let loaded = ctx.catalog.load(name, None)?;
    let framework_ref = answers_reference(name, &loaded.framework);
    let text = answers::template(&loaded.framework, &framework_ref);
    fsio::refuse_overwriting_inputs(
        output.output.as_ref(),
        &[std::path::Path::new(&loaded.path)],
    )
    .map_err(Error::from)?;
    output.check()?;
    output.write(ctx, text.as_bytes(), "toml")?;
    if let Some(path) = output.path() {
        ctx.note(&ctx.hint(&[
            HintLine::Text(0, "Fill it in, then score it:".into()),
            HintLine::Command(2, ctx.command(&["score", &fsio::display(path)])),
        ]));
    }
    Ok(0)
}
