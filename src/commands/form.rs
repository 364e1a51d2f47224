//! `form`: the questionnaire as one self-contained HTML file.

use super::Ctx;
use crate::cli::OutputArgs;
use crate::diagnostic::printable;
use crate::fsio;
use crate::report::form;

/// Writes the HTML questionnaire of a framework.
pub fn run(ctx: &Ctx, framework: &str, output: &OutputArgs) -> anyhow::Result<i32> {
    output.check()?;
    let loaded = ctx.catalog.load(framework, None)?;
    let bytes = form::render(&loaded.framework)?;
    fsio::write_output(output.output.as_ref(), &bytes)?;
    if let Some(out) = output.path() {
        ctx.note(&format!(
            "Questionnaire written to {}: send it to each respondent; they open it in a browser and press \"Download answers\".\nThen: cs-scorecard team <directory of the answers files>",
            printable(&fsio::display(out))
        ));
    }
    Ok(0)
}
