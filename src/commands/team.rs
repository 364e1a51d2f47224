//! `team`: many respondents' answers files of one framework, one team picture.

use super::Ctx;
use super::many::{AnswersSet, discover};
use super::output::{name, resolve_format};
use crate::cli::TeamArgs;
use crate::diagnostic::printable;
use crate::fsio::Depth;
use crate::report;
use crate::team::TeamBuilder;

/// Aggregates the answers files and writes the team report.
pub fn run(ctx: &Ctx, args: &TeamArgs) -> anyhow::Result<i32> {
    let format = resolve_format(args.format, &args.output)?;
    args.output.check()?;
    let files = discover(ctx, &args.paths, Depth::Flat)?;
    let mut set = AnswersSet::new(ctx);
    let first = set.score(&files[0])?;
    let fw = set
        .framework()
        .ok_or_else(|| crate::error::Error::Usage("no framework".into()))?;
    let mut team = TeamBuilder::new(&fw.framework, args.by.as_deref());
    team.add(&first);
    drop(first);
    for path in &files[1..] {
        let card = set.score(path)?;
        team.add(&card);
    }
    set.finish();
    let min_group = args.min_group as usize;
    if team.respondents() < min_group {
        ctx.warn(&format!(
            "only {} respondent{}: with so few, each can infer the others' answers from the distributions",
            team.respondents(),
            if team.respondents() == 1 { "" } else { "s" }
        ));
    }
    let r = team.finish(min_group);
    if let (Some(by), 0) = (&r.by, r.by_given) {
        let fields = if r.respondent_fields.is_empty() {
            "none".to_string()
        } else {
            r.respondent_fields.join(", ")
        };
        ctx.warn(&format!(
            "--by {}: no respondent gives this field, so no groups are shown; the respondent fields given are: {}",
            printable(by),
            printable(&fields)
        ));
    }
    let to_file = args.output.path().is_some();
    let options = ctx.report_options(to_file);
    let bytes = report::render_aggregate(&r, format, &options)?;
    args.output.write(ctx, &bytes, &name(format))?;
    Ok(0)
}
