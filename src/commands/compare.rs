//! `compare`: two answers files of the same framework, before and after.

use super::Ctx;
use super::loader::{Loader, syntax};
use super::output::{name, resolve_format};
use crate::cli::CompareArgs;
use crate::error::Error;
use crate::fsio::{self, FileArg};
use crate::plan::Plan;
use crate::plan::track::{progress, standings};
use crate::report;
use crate::scoring::FrameworkInfo;
use crate::trend::respondent_date;

/// Compares two answers files and writes the comparison.
pub fn run(ctx: &Ctx, args: &CompareArgs) -> anyhow::Result<i32> {
    let (old, new) = (&args.old, &args.new);
    let format = resolve_format(args.format, &args.output)?;
    if *old == FileArg::Std && *new == FileArg::Std {
        return Err(Error::Usage(
            "only one of the two answers files can be read from standard input".into(),
        )
        .into());
    }
    let mut loader = Loader::new(ctx);
    let old_file = loader.load(old, syntax(args.input_format))?;
    let new_file = loader.load(new, syntax(args.input_format))?;
    loader.finish();
    let (old_framework, before) = (old_file.framework, old_file.card);
    let (new_framework, after) = (new_file.framework, new_file.card);
    let plan_path = args.plan.as_ref().and_then(FileArg::path);
    let inputs: Vec<&std::path::Path> = [old.path(), new.path(), plan_path]
        .into_iter()
        .flatten()
        .chain([
            std::path::Path::new(&old_framework.path),
            std::path::Path::new(&new_framework.path),
        ])
        .collect();
    fsio::refuse_overwriting_inputs(args.output.output.as_ref(), &inputs).map_err(Error::from)?;
    args.output.check()?;
    if before.framework.id != after.framework.id {
        return Err(Error::Usage(format!(
            "{} answers `{}` but {} answers `{}`; compare needs two answers files of the same framework",
            old.display(),
            before.framework.id,
            new.display(),
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
    let mut comparison = crate::compare::compare(&before, &after);
    if let Some(file) = &args.plan {
        let plan = load_plan(ctx, file, &after.framework)?;
        comparison.plan = Some(progress(
            &plan,
            &standings(&after),
            respondent_date(&after).map(|d| d.to_string()).as_deref(),
        ));
    }
    let to_file = args.output.path().is_some();
    let bytes = report::compare::render(&comparison, format, &ctx.report_options(to_file))?;
    args.output.write(ctx, &bytes, &name(format))?;
    Ok(0)
}

/// Reads a plan file for `--plan` and checks it plans for this framework.
pub fn load_plan(ctx: &Ctx, file: &FileArg, fw: &FrameworkInfo) -> anyhow::Result<Plan> {
    let loaded = crate::plan::load::load(file).map_err(|d| Error::Input(vec![d]))?;
    let plan = loaded.plan;
    if plan.framework != fw.id {
        return Err(Error::Usage(format!(
            "{} is a plan for `{}`, but the answers are for `{}`",
            crate::text::printable(&loaded.path),
            plan.framework,
            fw.id
        ))
        .into());
    }
    if plan.framework_version != fw.version {
        ctx.warn(&format!(
            "{}: the plan was written against {} version {}; tracking it with version {}",
            crate::text::printable(&loaded.path),
            fw.id,
            plan.framework_version,
            fw.version
        ));
    }
    Ok(plan)
}
