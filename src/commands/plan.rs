//! `plan`: an answers file in, its roadmap out as a plan to fill in and track.

use super::Ctx;
use super::ctx::HintLine;
use super::loader::{ScoredFile, syntax};
use super::output::{name, resolve_format};
use super::score::{check_output, score_one};
use crate::cli::PlanArgs;
use crate::fsio;
use crate::plan::track::{PlanOptions, default_due, plan_from};
use crate::report::plan::render;

/// Scores an answers file and writes its roadmap as a plan.
pub fn run(ctx: &Ctx, args: &PlanArgs) -> anyhow::Result<i32> {
    let format = resolve_format(args.format, &args.output)?;
    let ScoredFile { framework, card } = score_one(
        ctx,
        &args.answers,
        syntax(args.input_format),
        args.targets.as_ref(),
    )?;
    check_output(
        &args.output,
        &args.answers,
        args.targets.as_ref(),
        &framework.path,
    )?;
    let today = super::today();
    let plan = plan_from(
        &card,
        &PlanOptions {
            answers: args.answers.path().map(fsio::display),
            created: today.clone(),
            owner: args.owner.clone().unwrap_or_default(),
            due: args.due.unwrap_or_else(|| default_due(&card, &today)),
            steps: args.steps.map(|n| n as usize),
        },
    );
    if plan.steps.is_empty() {
        ctx.warn(&format!(
            "{}: the roadmap is empty (every question in scope scores its best), so the plan has no steps",
            args.answers.display()
        ));
    }
    let bytes = render(&plan, format)?;
    args.output.write(
        ctx,
        &bytes,
        &format!(
            "{}, a plan of {}",
            name(format),
            crate::text::plural(plan.steps.len(), "step", "steps")
        ),
    )?;
    if let (Some(path), Some(answers)) = (args.output.path(), args.answers.path()) {
        let (answers, plan) = (fsio::display(answers), fsio::display(path));
        ctx.note(&ctx.hint(&[
            HintLine::Text(0, "Name the owners, then track it next quarter:".into()),
            HintLine::Command(
                2,
                ctx.command(&["compare", &answers, "NEXT.toml", "--plan", &plan]),
            ),
        ]));
    }
    Ok(0)
}
