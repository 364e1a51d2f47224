//! `health`: score accounts with a health model, track movement, make demo data,
//! compile to SQL, calibrate against renewals.

mod pipeline;

use std::collections::HashSet;
use std::hash::Hasher;
use std::io::{self, Write};
use std::path::Path;

use csv::ByteRecord;

use super::Ctx;
use crate::cli::{HealthCommand, HealthFormat};
use crate::error::Error;
use crate::health::load::{self, Layout, LoadedModel, RowProblem, trim};
use crate::health::model::Model;
use crate::health::score::{Cell, Listed, Plan, Ranks, Scored, Summary};
use crate::report::health::{self as report, RowView};
use pipeline::Input;

/// Runs a `health` subcommand.
pub fn run(ctx: &Ctx, command: HealthCommand) -> anyhow::Result<i32> {
    match command {
        HealthCommand::Score {
            model,
            accounts,
            format,
            output,
            force,
        } => {
            guard_output(output.as_deref(), force, &model, &[&accounts])?;
            score(ctx, &model, &accounts, format, output.as_deref())
        }
        HealthCommand::Demo {
            accounts,
            seed,
            output,
        } => demo(ctx, accounts, seed, &output),
        HealthCommand::Movement {
            model,
            previous,
            current,
            format,
            output,
            force,
        } => {
            guard_output(output.as_deref(), force, &model, &[&previous, &current])?;
            movement(ctx, &model, &previous, &current, format, output.as_deref())
        }
        HealthCommand::Sql {
            model,
            dialect,
            table,
        } => sql(&model, dialect, table.as_deref()),
        HealthCommand::Calibrate {
            model,
            accounts,
            outcomes,
            format,
            output,
            force,
        } => {
            guard_output(output.as_deref(), force, &model, &[&accounts, &outcomes])?;
            calibrate(ctx, &model, &accounts, &outcomes, format, output.as_deref())
        }
    }
}

/// The rules every command that writes a file follows: never write over one
/// of its own inputs (the model file, a CSV read), and never replace an
/// existing file without `--force`.
fn guard_output(
    output: Option<&Path>,
    force: bool,
    model: &str,
    csvs: &[&std::path::PathBuf],
) -> anyhow::Result<()> {
    let Some(out) = output.map(|p| crate::fsio::FileArg::from(p.as_os_str().to_owned())) else {
        return Ok(());
    };
    let mut inputs: Vec<&Path> = csvs.iter().map(|p| p.as_path()).collect();
    if crate::framework::load::is_path(model) {
        inputs.push(Path::new(model));
    }
    crate::fsio::refuse_overwriting_inputs(Some(&out), &inputs).map_err(Error::from)?;
    if let Some(path) = out.path() {
        super::output::check_overwrite(path, force)?;
    }
    Ok(())
}

/// Where output goes: standard output, or a temporary file renamed over the target at the end.
pub struct Sink {
    out: Box<dyn Write>,
    file: Option<(tempfile::NamedTempFile, std::path::PathBuf)>,
    broken: bool,
}

impl Sink {
    /// Standard output (`None` or `-`) or a file written atomically.
    pub fn new(path: Option<&Path>) -> anyhow::Result<Sink> {
        use anyhow::Context;
        match path {
            Some(p)
                if crate::fsio::FileArg::from(p.as_os_str().to_owned())
                    != crate::fsio::FileArg::Std =>
            {
                let dir = match p.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d,
                    _ => Path::new("."),
                };
                let mut builder = tempfile::Builder::new();
                builder.prefix(".cs-scorecard-").suffix(".tmp");
                #[cfg(unix)]
                {
                    // As fsio::write_atomic: a new file gets 0666 less the umask, a replaced one keeps its mode.
                    use std::os::unix::fs::PermissionsExt;
                    let mode =
                        std::fs::metadata(p).map_or(0o666, |m| m.permissions().mode() & 0o7777);
                    builder.permissions(std::fs::Permissions::from_mode(mode));
                }
                let tmp = builder
                    .tempfile_in(dir)
                    .with_context(|| format!("cannot write {}", p.display()))?;
                let f = tmp
                    .reopen()
                    .with_context(|| format!("cannot write {}", p.display()))?;
                Ok(Sink {
                    out: Box::new(io::BufWriter::with_capacity(1 << 20, f)),
                    file: Some((tmp, p.to_path_buf())),
                    broken: false,
                })
            }
            _ => Ok(Sink {
                out: Box::new(io::BufWriter::with_capacity(1 << 20, io::stdout())),
                file: None,
                broken: false,
            }),
        }
    }

    /// Writes bytes; returns false once standard output is closed (a quiet stop).
    pub fn write(&mut self, bytes: &[u8]) -> anyhow::Result<bool> {
        use anyhow::Context;
        if self.broken {
            return Ok(false);
        }
        match self.out.write_all(bytes) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe && self.file.is_none() => {
                self.broken = true;
                Ok(false)
            }
            other => {
                other.context("cannot write the output")?;
                Ok(true)
            }
        }
    }

    /// Flushes, and puts the file in place.
    pub fn finish(mut self) -> anyhow::Result<()> {
        use anyhow::Context;
        match self.out.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe && self.file.is_none() => return Ok(()),
            other => other.context("cannot write the output")?,
        }
        drop(self.out);
        if let Some((tmp, path)) = self.file {
            tmp.as_file().sync_all().ok();
            tmp.persist(&path)
                .map_err(|e| e.error)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        Ok(())
    }
}

/// What the row loop hands to a command for each account.
pub struct Row<'r> {
    /// Identifying cells.
    pub view: RowView<'r>,
    /// The whole record.
    pub record: &'r ByteRecord,
    /// The result.
    pub scored: &'r Scored,
}

/// The loaded model with everything resolved from one file's header.
pub struct Scan<'m> {
    /// The model.
    pub model: &'m Model,
    /// The resolved plan (with percentile tables).
    pub plan: Plan,
    /// Where the columns are.
    pub layout: Layout,
}

impl Scan<'_> {
    /// Signal `i`'s cell in `record`, as written.
    pub fn raw<'r>(&self, record: &'r ByteRecord, i: usize) -> &'r [u8] {
        trim(record.get(self.layout.signals[i]).unwrap_or(b""))
    }
}

struct Block<T> {
    value: T,
    ids: Vec<(u64, u32)>,
    error: Option<RowProblem>,
}

fn id_hash(id: &[u8]) -> u64 {
    let mut h = crate::health::score::FastHasher::default();
    h.write(id);
    h.finish()
}

fn header_refs(h: &pipeline::Header) -> Vec<&[u8]> {
    h.fields.iter().map(Vec::as_slice).collect()
}

/// Reads every row of one block and calls `each` per scored account.
fn rows<T>(
    scan: &Scan<'_>,
    block: &[u8],
    collect_ranks: bool,
    want_drivers: bool,
    state: &mut T,
    mut each: impl FnMut(&mut T, Row<'_>),
) -> (Vec<(u64, u32)>, Option<RowProblem>) {
    let layout = &scan.layout;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(block);
    let mut rec = ByteRecord::new();
    let mut scored = Scored::default();
    let mut ids = Vec::new();
    let mut cells_buf: Vec<Cell<'static>> = Vec::with_capacity(layout.signals.len());
    let problem = |line: u64, column: usize, message: String| RowProblem {
        line,
        column,
        message,
    };
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                return (ids, Some(problem(line, 0, format!("not valid CSV: {e}"))));
            }
        }
        let line = rec.position().map_or(0, csv::Position::line);
        if rec.len() == 1 && rec.get(0).is_some_and(|f| f.trim_ascii().is_empty()) {
            continue;
        }
        if rec.len() != layout.names.len() {
            return (
                ids,
                Some(problem(
                    line,
                    rec.len().min(layout.names.len().saturating_sub(1)),
                    format!(
                        "found {} fields, expected {} as in the header",
                        rec.len(),
                        layout.names.len()
                    ),
                )),
            );
        }
        let get = |i: usize| trim(rec.get(i).unwrap_or(b""));
        if collect_ranks {
            // The ranks pass reads only the percentile columns; the scoring pass checks every cell.
            each(
                state,
                Row {
                    view: RowView {
                        account: b"",
                        segment: layout.segment.map_or(&b""[..], get),
                        plan: b"",
                        arr: None,
                    },
                    record: &rec,
                    scored: &scored,
                },
            );
            continue;
        }
        let account = get(layout.account);
        if account.is_empty() {
            return (
                ids,
                Some(problem(
                    line,
                    layout.account,
                    "found an empty account id; every row needs one".into(),
                )),
            );
        }
        ids.push((id_hash(account), line as u32));
        if let Some(d) = layout.date {
            if let Err(m) = load::date(get(d)) {
                return (ids, Some(problem(line, d, m)));
            }
        }
        let segment = layout.segment.map_or(&b""[..], get);
        let plan_cell = layout.plan.map_or(&b""[..], get);
        let arr = match layout.arr.map(|i| (i, load::number(get(i)))) {
            None => None,
            Some((_, Ok(x))) => x,
            Some((i, Err(m))) => return (ids, Some(problem(line, i, m))),
        };
        let mut cells: Vec<Cell<'_>> = cells_buf.into_iter().map(|_| Cell::Missing).collect();
        for (k, &col) in layout.signals.iter().enumerate() {
            let b = get(col);
            let cell = if b.is_empty() {
                Cell::Missing
            } else if layout.text[k] {
                Cell::Text(b)
            } else {
                match load::number(b) {
                    Ok(Some(x)) => Cell::Number(x),
                    Ok(None) => Cell::Missing,
                    Err(m) => {
                        return (
                            ids,
                            Some(problem(
                                line,
                                col,
                                format!("{m} (signal `{}`)", scan.model.signals[k].id),
                            )),
                        );
                    }
                }
            };
            cells.push(cell);
        }
        if let Err(p) = scan.plan.evaluate(segment, plan_cell, &cells, &mut scored) {
            let s = &scan.model.signals[p.signal];
            let expected = s
                .map
                .as_ref()
                .map(|m| m.keys().map(String::as_str).collect::<Vec<_>>().join(", "))
                .unwrap_or_else(|| "a number".into());
            return (
                ids,
                Some(problem(
                    line,
                    layout.signals[p.signal],
                    format!(
                        "found `{}`, expected one of: {expected} (signal `{}`), or an empty cell for no data",
                        crate::diagnostic::printable(&p.found),
                        s.id
                    ),
                )),
            );
        }
        cells.clear();
        cells_buf = cells.into_iter().map(|_| Cell::Missing).collect();
        if want_drivers {
            scored.fill_drivers();
        }
        each(
            state,
            Row {
                view: RowView {
                    account,
                    segment,
                    plan: plan_cell,
                    arr,
                },
                record: &rec,
                scored: &scored,
            },
        );
    }
    (ids, None)
}

/// Scores every account of `input`: a first pass for percentile tables when the
/// model has percentile signals, then the scoring pass. `new` makes one state per
/// block, `each` fills it per account, `consume` receives the states in file order.
/// Duplicate account ids are an error after the pass.
pub fn scan_file<T: Send>(
    ctx: &Ctx,
    lm: &LoadedModel,
    input: &Input,
    drivers: bool,
    new: impl Fn() -> T + Sync,
    each: impl Fn(&Scan<'_>, &mut T, Row<'_>) + Sync,
    mut consume: impl FnMut(&Scan<'_>, T) -> anyhow::Result<bool>,
) -> anyhow::Result<()> {
    let model = &lm.model;
    let mut plan = Plan::new(model);
    let percentile: Vec<usize> = (0..model.signals.len())
        .filter(|&i| {
            matches!(
                plan.signals[i].norm,
                crate::health::score::Norm::Percentile { .. }
            )
        })
        .collect();
    if !percentile.is_empty() {
        if input.is_stdin() {
            return Err(Error::Usage(format!(
                "model `{}` has percentile signals, which need two passes over the accounts; give a file rather than standard input",
                model.model.id
            ))
            .into());
        }
        let mut ranks: Vec<Ranks> = vec![Ranks::default(); model.signals.len()];
        let opened = pipeline::open(input)?;
        let layout = load::layout(model, &input.shown, &header_refs(&opened.header))?;
        let scan = Scan {
            model,
            plan: plan.clone(),
            layout,
        };
        let percentile = &percentile;
        let scan_ref = &scan;
        pipeline::run(
            opened,
            input,
            ctx.quiet,
            move |block: &[u8]| {
                let mut local: Vec<Ranks> = vec![Ranks::default(); model.signals.len()];
                let (_, error) = rows(scan_ref, block, true, false, &mut local, |local, row| {
                    for &i in percentile {
                        if let Ok(Some(x)) = load::number(scan_ref.raw(row.record, i)) {
                            let by = matches!(
                                scan_ref.plan.signals[i].norm,
                                crate::health::score::Norm::Percentile { segment: true, .. }
                            );
                            local[i].push(row.view.segment, x, by);
                        }
                    }
                });
                (local, error)
            },
            |(local, error): (Vec<Ranks>, Option<RowProblem>), before| {
                if let Some(p) = error {
                    return Err(
                        Error::from(p.diagnostic(&input.shown, &scan.layout, before)).into(),
                    );
                }
                for (a, b) in ranks.iter_mut().zip(local) {
                    a.merge(b);
                }
                Ok(true)
            },
        )?;
        for r in &mut ranks {
            r.finish();
        }
        plan.ranks = ranks;
    }
    let mut ids: Vec<(u64, u64)> = Vec::new();
    let mut stopped = false;
    let opened = pipeline::open(input)?;
    let layout = load::layout(model, &input.shown, &header_refs(&opened.header))?;
    let scan = Scan {
        model,
        plan,
        layout,
    };
    let (new, each, scan_ref) = (&new, &each, &scan);
    pipeline::run(
        opened,
        input,
        ctx.quiet,
        move |block: &[u8]| {
            let mut value = new();
            let (ids, error) = rows(scan_ref, block, false, drivers, &mut value, |v, row| {
                each(scan_ref, v, row)
            });
            Block { value, ids, error }
        },
        |b: Block<T>, before| {
            if let Some(p) = b.error {
                return Err(Error::from(p.diagnostic(&input.shown, &scan.layout, before)).into());
            }
            ids.extend(b.ids.into_iter().map(|(h, l)| (h, u64::from(l) + before)));
            let go = consume(&scan, b.value)?;
            stopped |= !go;
            Ok(go)
        },
    )?;
    if !stopped {
        check_duplicates(input, &scan, ids)?;
    }
    Ok(())
}

fn check_duplicates(input: &Input, scan: &Scan<'_>, mut ids: Vec<(u64, u64)>) -> Result<(), Error> {
    ids.sort_unstable();
    let mut pairs: Vec<(u64, u64)> = ids
        .windows(2)
        .filter(|w| w[0].0 == w[1].0)
        .map(|w| (w[0].1, w[1].1))
        .collect();
    drop(ids);
    if pairs.is_empty() {
        return Ok(());
    }
    pairs.sort_unstable_by_key(|p| p.1);
    // Equal hashes are checked against the ids themselves when the file can be read again.
    let mut texts: std::collections::HashMap<u64, Vec<u8>> = std::collections::HashMap::new();
    if !input.is_stdin() {
        let wanted: HashSet<u64> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
        if let Ok(f) = std::fs::File::open(&input.path) {
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(io::BufReader::new(f));
            let mut rec = ByteRecord::new();
            while let Ok(true) = rdr.read_byte_record(&mut rec) {
                let line = rec.position().map_or(0, csv::Position::line);
                if wanted.contains(&line) {
                    texts.insert(
                        line,
                        trim(rec.get(scan.layout.account).unwrap_or(b"")).to_vec(),
                    );
                }
            }
        }
    }
    let mut diags = Vec::new();
    for (first, again) in pairs {
        let (a, b) = (texts.get(&first), texts.get(&again));
        if a.is_some() && b.is_some() && a != b {
            continue;
        }
        let id = b.map(|b| load::shown(b)).unwrap_or_default();
        diags.push(
            RowProblem {
                line: again,
                column: scan.layout.account,
                message: format!("account `{id}` appears again (first at line {first}); account ids must be unique in a snapshot"),
            }
            .diagnostic(&input.shown, &scan.layout, 0),
        );
        if diags.len() == 10 {
            break;
        }
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(Error::Input(diags))
    }
}

/// A listed account from a row.
fn listed(scan: &Scan<'_>, row: &Row<'_>) -> Listed {
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    Listed {
        account: text(row.view.account),
        segment: text(row.view.segment),
        arr: row.view.arr.unwrap_or(0.0),
        score: row.scored.score,
        tier: row.scored.tier,
        coverage: row.scored.coverage,
        drivers: {
            let mut d = Vec::new();
            row.scored.top_drivers(&mut d);
            d
        }
        .iter()
        .map(|&(i, lost)| {
            (
                i,
                lost,
                if row.scored.present[i] {
                    text(scan.raw(row.record, i))
                } else {
                    String::new()
                },
            )
        })
        .collect(),
    }
}

fn score(
    ctx: &Ctx,
    model: &str,
    accounts: &Path,
    format: HealthFormat,
    output: Option<&Path>,
) -> anyhow::Result<i32> {
    let lm = load::load(model)?;
    let m = &lm.model;
    let input = Input::new(accounts);
    let mut sink = Sink::new(output)?;
    if format == HealthFormat::Csv {
        sink.write(&report::csv_header())?;
    }
    let mut summary = Summary::new(m.tiers.len());
    let streaming = matches!(format, HealthFormat::Csv | HealthFormat::Json);
    scan_file(
        ctx,
        &lm,
        &input,
        streaming,
        || {
            (
                Vec::<u8>::with_capacity(if streaming { pipeline::BLOCK } else { 0 }),
                Summary::new(m.tiers.len()),
            )
        },
        |scan, (out, sum), row| {
            let raw = |i: usize| {
                if row.scored.present[i] {
                    scan.raw(row.record, i)
                } else {
                    &b""[..]
                }
            };
            match format {
                HealthFormat::Csv => report::csv_row(out, m, row.view, row.scored, raw),
                HealthFormat::Json => report::json_row(out, m, row.view, row.scored, raw),
                _ => {}
            }
            sum.add(
                row.view.segment,
                row.view.arr.unwrap_or(0.0),
                row.scored,
                || listed(scan, &row),
            );
        },
        |_, (out, sum)| {
            summary.merge(sum);
            sink.write(&out)
        },
    )?;
    match format {
        HealthFormat::Csv => {}
        HealthFormat::Json => {
            sink.write(&report::json_summary(m, &summary))?;
        }
        HealthFormat::Table => {
            let width = super::terminal_width();
            sink.write(report::table(m, &summary, ctx.color, width).as_bytes())?;
        }
        HealthFormat::Html => {
            sink.write(report::html(m, &summary, &super::today()).as_bytes())?;
        }
    }
    sink.finish()?;
    if let Some(p) = output {
        ctx.note(&format!("wrote {}", crate::fsio::display(p)));
    }
    Ok(0)
}

fn demo(ctx: &Ctx, accounts: u64, seed: u64, dir: &Path) -> anyhow::Result<i32> {
    use crate::health::demo;
    if accounts == 0 {
        return Err(Error::Usage("--accounts must be at least 1".into()).into());
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::Usage(format!("cannot create {}: {e}", dir.display())))?;
    let names = [
        "accounts-previous.csv",
        "accounts-current.csv",
        "outcomes.csv",
    ];
    let mut sinks = Vec::new();
    for (name, header) in names.iter().zip([
        demo::SNAPSHOT_HEADER,
        demo::SNAPSHOT_HEADER,
        demo::OUTCOMES_HEADER,
    ]) {
        let mut s = Sink::new(Some(&dir.join(name)))?;
        s.write(header.as_bytes())?;
        sinks.push(s);
    }
    const CHUNK: u64 = 50_000;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8) as u64;
    let mut from = 0;
    while from < accounts {
        let parts: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| from + t * CHUNK)
                .filter(|&a| a < accounts)
                .map(|a| {
                    scope.spawn(move || demo::chunk(seed, accounts, a, (a + CHUNK).min(accounts)))
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        for (prev, cur, out) in parts {
            sinks[0].write(&prev)?;
            sinks[1].write(&cur)?;
            sinks[2].write(&out)?;
        }
        from += threads * CHUNK;
    }
    for s in sinks {
        s.finish()?;
    }
    crate::fsio::write_atomic(
        &dir.join("README.txt"),
        demo::readme(accounts, seed).as_bytes(),
    )?;
    ctx.note(&format!(
        "wrote {} synthetic accounts to {}: {}, README.txt",
        accounts,
        crate::fsio::display(dir),
        names.join(", ")
    ));
    Ok(0)
}

fn contributions(s: &Scored) -> Box<[f32]> {
    (0..s.points.len())
        .map(|i| s.contribution(i).unwrap_or(0.0) as f32)
        .collect()
}

fn movement(
    ctx: &Ctx,
    model: &str,
    previous: &Path,
    current: &Path,
    format: HealthFormat,
    output: Option<&Path>,
) -> anyhow::Result<i32> {
    use crate::health::movement::{self as mv, Before, Move, Movement};
    use std::collections::HashMap;
    let lm = load::load(model)?;
    let m = &lm.model;
    let mut before: HashMap<Vec<u8>, Before> = HashMap::new();
    scan_file(
        ctx,
        &lm,
        &Input::new(previous),
        false,
        Vec::new,
        |_, v: &mut Vec<(Vec<u8>, Before)>, row| {
            v.push((
                row.view.account.to_vec(),
                Before {
                    score: row.scored.score,
                    tier: row.scored.tier,
                    contributions: contributions(row.scored),
                },
            ));
        },
        |_, v| {
            before.extend(v);
            Ok(true)
        },
    )?;
    let n = m.tiers.len() + 1;
    let mut result = Movement {
        transitions: vec![vec![0; n]; n],
        ..Movement::default()
    };
    let slot = |t: Option<usize>| t.map_or(0, |t| t + 1);
    let before_ref = &before;
    scan_file(
        ctx,
        &lm,
        &Input::new(current),
        false,
        || (Vec::<Move>::new(), vec![vec![0u64; n]; n], 0u64, 0u64),
        |_, (moves, trans, matched, new), row| {
            let Some(b) = before_ref.get(row.view.account) else {
                *new += 1;
                return;
            };
            *matched += 1;
            let s = row.scored;
            trans[slot(b.tier)][slot(s.tier)] += 1;
            if b.tier != s.tier {
                let down = slot(s.tier) < slot(b.tier);
                let text = |x: &[u8]| String::from_utf8_lossy(x).into_owned();
                moves.push(Move {
                    account: text(row.view.account),
                    segment: text(row.view.segment),
                    arr: row.view.arr.unwrap_or(0.0),
                    from: b.tier,
                    to: s.tier,
                    from_score: b.score,
                    to_score: s.score,
                    moved: mv::moved_signals(&b.contributions, &contributions(s), down),
                });
            }
        },
        |_, (moves, trans, matched, new)| {
            result.moves.extend(moves);
            for (a, b) in result.transitions.iter_mut().zip(trans) {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
            }
            result.matched += matched;
            result.new += new;
            Ok(true)
        },
    )?;
    result.gone = before.len() as u64 - result.matched;
    drop(before);
    result.moves.sort_by(mv::order);
    let bytes = match format {
        HealthFormat::Csv => report::movement_csv(m, &result),
        HealthFormat::Json => report::movement_json(m, &result),
        HealthFormat::Table => {
            report::movement_table(m, &result, ctx.color, super::terminal_width()).into_bytes()
        }
        HealthFormat::Html => report::movement_html(m, &result, &super::today()).into_bytes(),
    };
    crate::fsio::write_output(
        output
            .map(|p| crate::fsio::FileArg::from(p.as_os_str().to_owned()))
            .as_ref(),
        &bytes,
    )?;
    if let Some(p) = output {
        ctx.note(&format!("wrote {}", crate::fsio::display(p)));
    }
    Ok(0)
}

fn sql(model: &str, dialect: crate::cli::SqlDialect, table: Option<&str>) -> anyhow::Result<i32> {
    use crate::cli::SqlDialect as S;
    use crate::health::sql::{self, Dialect};
    let lm = load::load(model)?;
    let d = match dialect {
        S::Duckdb => Dialect::Duckdb,
        S::Postgres => Dialect::Postgres,
        S::Snowflake => Dialect::Snowflake,
        S::Bigquery => Dialect::Bigquery,
        S::Spark => Dialect::Spark,
    };
    let text = sql::compile(&lm.model, d, table.unwrap_or("accounts"));
    crate::fsio::write_output(None, text.as_bytes())?;
    Ok(0)
}

/// One outcome row: renewed, expanded.
type Outcome = (bool, Option<bool>);

/// A block of outcome rows (id, outcome, line), or the problem that stopped it.
type OutcomeBlock = (Vec<(Vec<u8>, Outcome, u64)>, Option<RowProblem>);

fn read_outcomes(
    ctx: &Ctx,
    input: &Input,
) -> anyhow::Result<std::collections::HashMap<Vec<u8>, Outcome>> {
    use std::collections::HashMap;
    let opened = pipeline::open(input)?;
    let layout = load::outcome_layout(&input.shown, &header_refs(&opened.header))?;
    let names = Layout {
        account: layout.account,
        segment: None,
        plan: None,
        arr: None,
        date: None,
        signals: Vec::new(),
        text: Vec::new(),
        names: layout.names.clone(),
    };
    let mut map: HashMap<Vec<u8>, Outcome> = HashMap::new();
    let mut first_line: HashMap<Vec<u8>, u64> = HashMap::new();
    let lay = &layout;
    pipeline::run(
        opened,
        input,
        ctx.quiet,
        move |block: &[u8]| {
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(block);
            let mut rec = ByteRecord::new();
            let mut rows: Vec<(Vec<u8>, Outcome, u64)> = Vec::new();
            loop {
                match rdr.read_byte_record(&mut rec) {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(e) => {
                        let line = e.position().map_or(0, csv::Position::line);
                        return (
                            rows,
                            Some(RowProblem {
                                line,
                                column: 0,
                                message: format!("not valid CSV: {e}"),
                            }),
                        );
                    }
                }
                let line = rec.position().map_or(0, csv::Position::line);
                if rec.len() == 1 && rec.get(0).is_some_and(|f| f.trim_ascii().is_empty()) {
                    continue;
                }
                let get = |i: usize| trim(rec.get(i).unwrap_or(b""));
                let id = get(lay.account);
                if id.is_empty() {
                    return (
                        rows,
                        Some(RowProblem {
                            line,
                            column: lay.account,
                            message: "found an empty account id; every row needs one".into(),
                        }),
                    );
                }
                if let Some(d) = lay.date {
                    if let Err(m) = load::date(get(d)) {
                        return (
                            rows,
                            Some(RowProblem {
                                line,
                                column: d,
                                message: m,
                            }),
                        );
                    }
                }
                let renewed = match load::yes_no(get(lay.renewed)) {
                    Ok(r) => r,
                    Err(m) => {
                        return (
                            rows,
                            Some(RowProblem {
                                line,
                                column: lay.renewed,
                                message: m,
                            }),
                        );
                    }
                };
                let expanded = match lay.expanded.map(|i| (i, get(i))) {
                    None => None,
                    Some((_, b"")) => None,
                    Some((i, b)) => match load::yes_no(b) {
                        Ok(e) => Some(e),
                        Err(m) => {
                            return (
                                rows,
                                Some(RowProblem {
                                    line,
                                    column: i,
                                    message: m,
                                }),
                            );
                        }
                    },
                };
                rows.push((id.to_vec(), (renewed, expanded), line));
            }
            (rows, None)
        },
        |(rows, error): OutcomeBlock, before| {
            if let Some(p) = error {
                return Err(Error::from(p.diagnostic(&input.shown, &names, before)).into());
            }
            for (id, o, line) in rows {
                let line = line + before;
                if let Some(first) = first_line.get(&id) {
                    return Err(Error::from(
                        RowProblem {
                            line,
                            column: lay.account,
                            message: format!("account `{}` appears again (first at line {first}); one outcome per account", load::shown(&id)),
                        }
                        .diagnostic(&input.shown, &names, 0),
                    )
                    .into());
                }
                first_line.insert(id.clone(), line);
                map.insert(id, o);
            }
            Ok(true)
        },
    )?;
    Ok(map)
}

fn calibrate(
    ctx: &Ctx,
    model: &str,
    accounts: &Path,
    outcomes: &Path,
    format: HealthFormat,
    output: Option<&Path>,
) -> anyhow::Result<i32> {
    use crate::health::calibrate::{self as cal, Observation};
    let lm = load::load(model)?;
    let m = &lm.model;
    let outcome_map = read_outcomes(ctx, &Input::new(outcomes))?;
    let mut obs: Vec<Observation> = Vec::new();
    let mut segments: Vec<String> = Vec::new();
    let mut seg_index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut without_outcome = 0u64;
    let outcome_ref = &outcome_map;
    scan_file(
        ctx,
        &lm,
        &Input::new(accounts),
        false,
        || (Vec::<(String, Observation)>::new(), 0u64),
        |_, (v, missing), row| {
            let (Some(score), Some(tier)) = (row.scored.score, row.scored.tier) else {
                return;
            };
            let Some(&(renewed, expanded)) = outcome_ref.get(row.view.account) else {
                *missing += 1;
                return;
            };
            let s = row.scored;
            v.push((
                String::from_utf8_lossy(row.view.segment).into_owned(),
                Observation {
                    score,
                    tier,
                    segment: 0,
                    renewed,
                    expanded,
                    points: (0..s.points.len())
                        .map(|i| {
                            if s.present[i] {
                                s.points[i].map_or(f32::NAN, |p| p as f32)
                            } else {
                                f32::NAN
                            }
                        })
                        .collect(),
                },
            ));
        },
        |_, (v, missing)| {
            without_outcome += missing;
            for (seg, mut o) in v {
                let n = segments.len();
                o.segment = *seg_index.entry(seg.clone()).or_insert_with(|| {
                    segments.push(seg);
                    n
                });
                obs.push(o);
            }
            Ok(true)
        },
    )?;
    let mut order: Vec<usize> = (0..segments.len()).collect();
    order.sort_by(|a, b| segments[*a].cmp(&segments[*b]));
    let mut rank = vec![0; segments.len()];
    for (new, &old) in order.iter().enumerate() {
        rank[old] = new;
    }
    for o in &mut obs {
        o.segment = rank[o.segment];
    }
    let segments: Vec<String> = order.iter().map(|&i| segments[i].clone()).collect();
    let without_account = (outcome_map.len() as u64).saturating_sub(obs.len() as u64);
    let cutoff = m.tiers.get(1).map(|t| t.min);
    let c = cal::calibrate(
        &obs,
        segments,
        m.tiers.len(),
        m.signals.len(),
        cutoff,
        without_outcome,
        without_account,
    );
    drop(obs);
    let bytes = match format {
        HealthFormat::Table => {
            crate::report::health_calibrate::table(m, &c, ctx.color, super::terminal_width())
                .into_bytes()
        }
        HealthFormat::Json => crate::report::health_calibrate::json(m, &c),
        HealthFormat::Csv => crate::report::health_calibrate::csv(m, &c),
        HealthFormat::Html => {
            crate::report::health_calibrate::html(m, &c, &super::today()).into_bytes()
        }
    };
    crate::fsio::write_output(
        output
            .map(|p| crate::fsio::FileArg::from(p.as_os_str().to_owned()))
            .as_ref(),
        &bytes,
    )?;
    if let Some(p) = output {
        ctx.note(&format!("wrote {}", crate::fsio::display(p)));
    }
    Ok(0)
}
