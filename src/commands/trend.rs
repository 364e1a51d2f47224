//! `trend`: several assessments of one framework over time.

use std::path::PathBuf;

use super::Ctx;
use super::many::{AnswersSet, discover};
use super::output::resolve_format;
use crate::cli::TrendArgs;
use crate::diagnostic::printable;
use crate::error::Error;
use crate::fsio::{self, Depth};
use crate::report;
use crate::scoring::FrameworkInfo;
use crate::team::TeamBuilder;
use crate::trend::{PointInput, respondent_date, trend};

/// Reads each point (a file, or a directory as its team mean) and writes the trend.
pub fn run(ctx: &Ctx, args: &TrendArgs) -> anyhow::Result<i32> {
    let paths: &[PathBuf] = &args.paths;
    let format = resolve_format(args.format, &args.output)?;
    args.output.check()?;
    if paths.len() < 2 {
        return Err(Error::Usage(
            "trend needs two assessments or more (answers files, or directories of a team's files)"
                .into(),
        )
        .into());
    }
    let mut set = AnswersSet::new(ctx);
    set.warn_duplicates = false;
    set.strict_version = false;
    let mut points = Vec::new();
    for path in paths {
        let label = fsio::display(path);
        if path.is_dir() {
            let files = discover(ctx, std::slice::from_ref(path), Depth::Flat)?;
            let first = set.score(&files[0])?;
            let fw = set
                .framework()
                .ok_or_else(|| Error::Usage("no framework".into()))?;
            let mut team = TeamBuilder::new(&fw.framework, None);
            let mut latest = respondent_date(&first);
            team.add(&first);
            for file in &files[1..] {
                let card = set.score(file)?;
                let date = respondent_date(&card);
                latest = latest.max(date);
                team.add(&card);
            }
            let team = team.finish(1);
            points.push(PointInput::from_team(&label, latest, &team));
        } else {
            let card = set.score(path)?;
            points.push(PointInput::from_card(&label, &card));
        }
    }
    let fw = set
        .framework()
        .ok_or_else(|| Error::Usage("no framework".into()))?;
    set.finish();
    let fw = &fw.framework;
    let info = FrameworkInfo {
        id: fw.id.clone(),
        title: fw.title.clone(),
        version: fw.version.clone(),
        source: fw.source.clone(),
    };
    let (t, undated) = trend(info, points);
    if !undated.is_empty() {
        ctx.warn(&format!(
            "no respondent date (YYYY-MM-DD) in {}: the points are shown in the order given",
            printable(&undated.join(", "))
        ));
    }
    let to_file = args.output.path().is_some();
    let options = ctx.report_options(to_file);
    let bytes = report::render_aggregate(&t, format, &options)?;
    fsio::write_output(args.output.output.as_ref(), &bytes)?;
    Ok(0)
}
