//! `form`: the questionnaire as one self-contained HTML file.

use super::Ctx;
use super::ctx::HintLine;
use super::output::expect_extension;
use crate::cli::OutputArgs;
use crate::report::form;

/// Writes the HTML questionnaire of a framework.
pub fn run(ctx: &Ctx, framework: &str, output: &OutputArgs) -> anyhow::Result<i32> {
    expect_extension(output, &["html", "htm"], "HTML")?;
    output.check()?;
    let loaded = ctx.catalog.load(&ctx.catalog.typed(framework), None)?;
    let bytes = form::render(&loaded.framework)?;
    output.write(ctx, &bytes, "html")?;
    if output.path().is_some() {
        ctx.note(&ctx.hint(&[
            HintLine::Text(
                0,
                "Send it to each respondent: they open it in a browser, answer, and press \"Download answers\". Put the files they send back in one directory, then:"
                    .into(),
            ),
            HintLine::Command(2, ctx.command(&["team", "DIRECTORY"])),
        ]));
    }
    Ok(0)
}
