//! `benchmark`: an assessment against a cohort of peers.

use super::Ctx;
use super::many::{AnswersSet, discover};
use super::output::{name, resolve_format};
use crate::benchmark::{Cohort, Filter, benchmark};
use crate::cli::BenchmarkArgs;
use crate::error::Error;
use crate::fsio::{self, Depth};
use crate::report;

/// Reads the subject and the cohort, refuses a cohort under `--min-cohort`, writes the report.
pub fn run(ctx: &Ctx, args: &BenchmarkArgs) -> anyhow::Result<i32> {
    let format = resolve_format(args.format, &args.output)?;
    args.output.check()?;
    let filters = args
        .filters
        .iter()
        .map(|f| Filter::parse(f))
        .collect::<Result<Vec<_>, _>>()
        .map_err(Error::Usage)?;
    if !args.cohort.is_dir() {
        let what = if args.cohort.exists() {
            "is not a directory"
        } else {
            "no such directory"
        };
        return Err(Error::Usage(format!(
            "--cohort {}: {what}; expected a directory of answers files",
            fsio::display(&args.cohort)
        ))
        .into());
    }
    let mut set = AnswersSet::new(ctx);
    set.warn_duplicates = false;
    let subject = set.score(&args.answers)?;
    let framework = set
        .framework()
        .ok_or_else(|| Error::Usage("no framework".into()))?;
    let fw = &framework.framework;
    let problems: Vec<String> = filters.iter().flat_map(|f| f.problems(fw)).collect();
    if !problems.is_empty() {
        return Err(Error::Usage(problems.join("\n")).into());
    }
    let files = discover(ctx, std::slice::from_ref(&args.cohort), Depth::Recursive)?;
    let mut cohort = Cohort::new(fw.sections.len());
    let (mut of_framework, mut other) = (0usize, 0usize);
    // How many would match with filter i dropped: the matches plus those failing only i.
    let mut failing_only = vec![0usize; filters.len()];
    for path in &files {
        // The subject is not its own peer, whatever the path or link to it.
        if fsio::same_file(path, &args.answers) {
            continue;
        }
        let loaded = set.read(path)?;
        if !set.same_framework(path, &loaded)? {
            other += 1;
            continue;
        }
        of_framework += 1;
        let failed: Vec<usize> = filters
            .iter()
            .enumerate()
            .filter(|(_, f)| !f.matches(fw, &loaded.answers))
            .map(|(i, _)| i)
            .collect();
        match failed.as_slice() {
            [] => cohort.add(&set.score_loaded(&loaded)?),
            [only] => failing_only[*only] += 1,
            _ => {}
        }
    }
    set.finish();
    if other > 0 {
        ctx.note(&format!(
            "{other} answers file{} of other frameworks (or versions) in {} left out",
            if other == 1 { "" } else { "s" },
            fsio::display(&args.cohort)
        ));
    }
    let k = args.min_cohort as usize;
    if cohort.len() < k {
        let mut msg = format!(
            "only {} of the {of_framework} {} answers files in {} match{}: a cohort needs at least {k} (--min-cohort), so that no member's answers can be inferred",
            cohort.len(),
            fw.id,
            fsio::display(&args.cohort),
            if filters.is_empty() {
                String::new()
            } else {
                format!(
                    " {}",
                    filters
                        .iter()
                        .map(|f| format!("--where {}", f.shown()))
                        .collect::<Vec<_>>()
                        .join(" ")
                )
            }
        );
        let best = failing_only
            .iter()
            .enumerate()
            .max_by_key(|(i, n)| (**n, std::cmp::Reverse(*i)));
        match best {
            Some((i, n)) => msg.push_str(&format!(
                "\nrelax a filter: without --where {}, {} would match",
                filters[i].shown(),
                cohort.len() + n
            )),
            None => msg.push_str("\nadd answers files of peers to the cohort directory"),
        }
        return Err(Error::Usage(msg).into());
    }
    let b = benchmark(fw, &subject, &cohort, &filters, k);
    let to_file = args.output.path().is_some();
    let options = ctx.report_options(to_file);
    let bytes = report::render_aggregate(&b, format, &options)?;
    args.output.write(ctx, &bytes, &name(format))?;
    Ok(0)
}
