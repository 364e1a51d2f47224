//! `trend`: several assessments of one framework over time.

use std::path::PathBuf;

use super::Ctx;
use super::compare::load_plan;
use super::many::{AnswersSet, discover};
use super::output::{name, resolve_format};
use crate::cli::TrendArgs;
use crate::diagnostic::printable;
use crate::error::Error;
use crate::fsio::{self, Depth};
use crate::plan::track::{Standing, progress_over, standings};
use crate::report;
use crate::scoring::FrameworkInfo;
use crate::team::{TeamBuilder, TeamReport};
use crate::trend::{PointInput, cautions, organization, respondent_date, trend};
use std::collections::HashMap;

/// Where each question stands for a team: its mean points among those it is
/// in scope for; out of scope when everyone it reached answered "not applicable".
fn team_standings(team: &TeamReport) -> HashMap<String, Standing> {
    team.questions
        .iter()
        .map(|q| {
            let s = match q.mean_points {
                Some(points) => Standing::Scored {
                    points,
                    answer: None,
                },
                None if q.not_applicable > 0 => Standing::NotApplicable,
                None => Standing::NotAsked,
            };
            (q.id.clone(), s)
        })
        .collect()
}

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
    // Where each question stands at each point, by label, for `--plan`.
    let mut standing: HashMap<String, HashMap<String, Standing>> = HashMap::new();
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
            let mut organizations: Vec<String> = organization(&first).into_iter().collect();
            team.add(&first);
            for file in &files[1..] {
                let card = set.score(file)?;
                let date = respondent_date(&card);
                latest = latest.max(date);
                if let Some(o) = organization(&card) {
                    if !organizations.iter().any(|x| x.eq_ignore_ascii_case(&o)) {
                        organizations.push(o);
                    }
                }
                team.add(&card);
            }
            let team = team.finish(1);
            if args.plan.is_some() {
                standing.insert(label.clone(), team_standings(&team));
            }
            let mut point = PointInput::from_team(&label, latest, &team);
            point.organizations = organizations;
            points.push(point);
        } else {
            let card = set.score(path)?;
            if args.plan.is_some() {
                standing.insert(label.clone(), standings(&card));
            }
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
    let (mut t, undated) = trend(info.clone(), points);
    if let Some(file) = &args.plan {
        let plan = load_plan(ctx, file, &info)?;
        let series: Vec<_> = t
            .points
            .iter()
            .map(|p| {
                let now = standing.get(&p.label).cloned().unwrap_or_default();
                (p.label.clone(), p.date.clone(), now)
            })
            .collect();
        t.plan = progress_over(&plan, &series);
    }
    if !undated.is_empty() {
        ctx.warn(&format!(
            "no respondent date (YYYY-MM-DD) in {}: the points are shown in the order given",
            printable(&undated.join(", "))
        ));
    }
    let today =
        crate::date::Date::parse(&super::ctx::today()).map_err(|e| Error::Usage(e.to_string()))?;
    t.cautions = cautions(&t, today);
    for c in &t.cautions {
        ctx.warn(&printable(&c.message()));
    }
    let to_file = args.output.path().is_some();
    let options = ctx.report_options(to_file);
    let bytes = report::render_aggregate(&t, format, &options)?;
    args.output.write(ctx, &bytes, &name(format))?;
    Ok(0)
}
