//! `health plays`: snapshots over time, a plays log and (optionally) renewals
//! in; each play's effect against a fair comparison out.

use std::path::{Path, PathBuf};

use super::super::Ctx;
use super::super::output::resolve_format;
use super::scan;
use crate::cli::{HealthFormat, HealthPlaysArgs};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, IoAction};
use crate::health::plays::{self, Added, History, PlayLog, Renewal, Settings, SnapshotRows};
use crate::health::stream::{self, Input};
use crate::report::health_plays::{self as report, Facts};
use crate::text::plural;

/// The snapshot files: every `*.csv` of a directory (by name), or the one file given.
fn snapshot_files(path: &Path) -> Result<Vec<PathBuf>, Error> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let shown = crate::fsio::display(path);
    let io = |e: std::io::Error| Error::Io {
        action: IoAction::Read,
        path: shown.clone(),
        reason: e,
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(io)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Diagnostic::file(
            &shown,
            "no .csv files in this directory; expected account snapshots (one CSV per date, or one CSV with many dates)",
        )
        .into());
    }
    Ok(files)
}

/// Reads the snapshots, the log and the outcomes, and writes the report.
pub fn run(ctx: &Ctx, args: &HealthPlaysArgs) -> anyhow::Result<i32> {
    let format = resolve_format(args.format, &args.output)?;
    let loaded = scan::model(&args.model)?;
    let model = &loaded.model;
    if model.columns.date.is_none() {
        return Err(Error::Usage(format!(
            "model `{}` names no date column: `health plays` follows accounts over time; add `date = \"...\"` to its [columns]",
            model.about.id
        ))
        .into());
    }
    let files = snapshot_files(&args.snapshots)?;
    let mut read: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    read.push(&args.plays);
    read.extend(args.outcomes.as_deref());
    let mut out = scan::output(&args.output, &loaded, &read)?;

    let mut history = History::default();
    for (i, file) in files.iter().enumerate() {
        let input = Input::new(file);
        scan::prepare(ctx, model, &input, true, args.delimiter)?.fold(
            SnapshotRows::default,
            |rows| {
                history.add_rows(rows, i as u32);
                Ok(true)
            },
        )?;
    }
    let duplicates = history.finish(10);
    if !duplicates.is_empty() {
        let shown = |f: u32| crate::fsio::display(&files[f as usize]);
        return Err(Error::Input(
            duplicates
                .iter()
                .map(|d| {
                    Diagnostic::file(
                        shown(d.again.file),
                        format!(
                            "account `{}` has a row dated {} here and in {}; an account appears once per date",
                            crate::health::rows::shown(&d.account),
                            crate::date::Date::from_days(d.day.max(0) as u64),
                            shown(d.first.file)
                        ),
                    )
                })
                .collect(),
        )
        .into());
    }

    let mut log = PlayLog::default();
    let log_file = Input::new(&args.plays);
    let (logged, detected) = stream::plays_log(&log_file, ctx.quiet, args.delimiter)?;
    if let Some(d) = detected {
        scan::say_delimiter(ctx, &log_file, true, d);
    }
    // The first row of each kind the log cannot use as written, for the warning.
    let (mut first_unknown, mut first_repeat, mut first_end) = (None, None, None);
    for p in &logged {
        let ends_before = log.ends_before_start;
        match log.add(
            &history,
            p.account.as_bytes(),
            &p.play,
            p.start.days() as i32,
            p.end.map(|d| d.days() as i32),
        ) {
            Added::UnknownAccount => {
                first_unknown.get_or_insert((p.line, &p.account));
            }
            Added::Duplicate => {
                first_repeat.get_or_insert(p.line);
            }
            Added::Kept => {}
        }
        if log.ends_before_start > ends_before {
            first_end.get_or_insert(p.line);
        }
    }
    let mut facts = Facts {
        files: files.len() as u64,
        rows: history.rows,
        accounts: history.ids.len() as u64,
        dates: history.dates.clone(),
        log_rows: logged.len() as u64,
        log_unknown_rows: log.unknown_accounts,
        log_unknown_accounts: log.unknown_ids.len() as u64,
        log_duplicates: log.duplicates,
        log_ends_before_start: log.ends_before_start,
        ..Facts::default()
    };
    let mut notes = Vec::new();
    if let Some((line, account)) = first_unknown {
        notes.push(format!(
            "{} for {} in no snapshot, not counted (the first: `{}` at line {line})",
            plural(log.unknown_accounts as usize, "row", "rows"),
            plural(log.unknown_ids.len(), "account", "accounts"),
            crate::health::rows::shown(account.as_bytes())
        ));
    }
    if let Some(line) = first_repeat {
        notes.push(format!(
            "{} counted once (the first at line {line})",
            plural(log.duplicates as usize, "repeated row", "repeated rows")
        ));
    }
    if let Some(line) = first_end {
        notes.push(format!(
            "{} before starting, the end ignored (the first at line {line})",
            plural(log.ends_before_start as usize, "row ends", "rows end")
        ));
    }
    drop(logged);
    let renewals = match &args.outcomes {
        None => None,
        Some(path) => {
            let outcomes =
                scan::outcomes(ctx, model, &Input::new(path), args.delimiter)?.by_account;
            let mut by_account: Vec<Option<Renewal>> = vec![None; history.ids.len()];
            let mut matched = 0;
            for (id, o) in &outcomes {
                if let Some(a) = history.account(id.as_bytes()) {
                    matched += 1;
                    by_account[a as usize] = Some(Renewal {
                        day: o.date.map(|d| d.days() as i32),
                        renewed: o.renewed,
                    });
                }
            }
            facts.outcomes = Some(matched);
            facts.outcomes_without_account = outcomes.len() as u64 - matched;
            Some(by_account)
        }
    };
    let settings = Settings {
        grace: args.grace,
        window: args.window,
        ..Settings::default()
    };
    let analysis = plays::analyse(model, &history, &log, renewals.as_deref(), &settings);
    let view = report::view(model, &analysis, &facts, &settings);
    if !notes.is_empty() {
        ctx.warn(&format!(
            "{}: {}",
            crate::text::printable(&crate::fsio::display(&args.plays)),
            notes.join("; ")
        ));
    }
    let options = ctx.report_options(args.output.path().is_some());
    let bytes = match format {
        HealthFormat::Table => report::table(&view, &options),
        HealthFormat::Json => report::json(&view),
        HealthFormat::Csv => report::csv(&view),
        HealthFormat::Html => report::html(&view, &options)?,
    };
    out.write(&bytes)?;
    out.finish()?;
    scan::wrote(ctx, &args.output, format);
    Ok(0)
}
