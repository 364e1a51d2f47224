//! Reading a large CSV in blocks cut at record boundaries, handing the
//! blocks to a worker on every core (the folds of `health::fold`), and the
//! workers' results back in file order; problems located in the file, and
//! account ids checked for duplicates after the pass.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::{Duration, Instant};

use super::rows::{
    Outcome, OutcomeLayout, OutcomeReader, PlayLayout, PlayReader, RowProblem, Unmatched, trim,
};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, IoAction};

/// Bytes per block: large enough to amortise the hand-off, small enough to keep memory flat.
pub const BLOCK: usize = 4 << 20;

/// An input file (or standard input, `-`).
pub struct Input {
    /// The path as given.
    pub path: std::path::PathBuf,
    /// How it is named in messages.
    pub shown: String,
}

impl Input {
    /// An input named on the command line.
    pub fn new(path: &Path) -> Input {
        Input {
            path: path.to_path_buf(),
            shown: crate::fsio::display(path),
        }
    }

    /// Whether this is standard input.
    pub fn is_stdin(&self) -> bool {
        crate::fsio::FileArg::from(self.path.clone().into_os_string()) == crate::fsio::FileArg::Std
    }

    /// A read error, naming the file.
    pub fn io_error(&self, e: io::Error) -> Error {
        Error::Io {
            action: IoAction::Read,
            path: self.shown.clone(),
            reason: e,
        }
    }

    fn open(&self) -> Result<(Box<dyn Read + Send>, Option<u64>), Error> {
        if self.is_stdin() {
            return Ok((Box::new(io::stdin()), None));
        }
        let problem = |e: io::Error| self.io_error(e);
        let meta = std::fs::metadata(&self.path).map_err(problem)?;
        if meta.is_dir() {
            return Err(
                Diagnostic::file(&self.shown, "is a directory; expected a CSV file").into(),
            );
        }
        // Only a regular file can be read twice (the percentile pass) or
        // opened without waiting: a named pipe or device would hang here.
        if !meta.is_file() {
            return Err(Diagnostic::file(
                &self.shown,
                "is not a regular file; expected a CSV file (or - for standard input)",
            )
            .into());
        }
        let f = File::open(&self.path).map_err(problem)?;
        Ok((Box::new(f), Some(meta.len())))
    }
}

/// The end of the last record in `buf` that ends outside quotes, if any.
fn cut(buf: &[u8]) -> Option<usize> {
    let mut quotes = memchr::memchr_iter(b'"', buf).count();
    if quotes == 0 {
        return memchr::memrchr(b'\n', buf).map(|p| p + 1);
    }
    let mut last = buf.len();
    for pos in memchr::memrchr_iter(b'\n', buf) {
        quotes -= memchr::memchr_iter(b'"', &buf[pos..last]).count();
        last = pos;
        if quotes % 2 == 0 {
            return Some(pos + 1);
        }
    }
    None
}

/// Splits a stream into blocks of whole CSV records.
struct Splitter {
    reader: Box<dyn Read + Send>,
    buf: Vec<u8>,
    eof: bool,
}

impl Splitter {
    fn fill(&mut self, want: usize) -> io::Result<()> {
        while !self.eof && self.buf.len() < want {
            let len = self.buf.len();
            self.buf.resize(want.max(len + 64 * 1024), 0);
            let n = loop {
                match self.reader.read(&mut self.buf[len..]) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    other => break other,
                }
            };
            match n {
                Ok(0) => {
                    self.buf.truncate(len);
                    self.eof = true;
                }
                Ok(n) => self.buf.truncate(len + n),
                Err(e) => {
                    self.buf.truncate(len);
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    fn next_block(&mut self) -> io::Result<Option<Vec<u8>>> {
        let mut want = BLOCK;
        loop {
            self.fill(want)?;
            if self.buf.is_empty() {
                return Ok(None);
            }
            if self.eof {
                return Ok(Some(std::mem::take(&mut self.buf)));
            }
            if let Some(end) = cut(&self.buf) {
                let rest = self.buf.split_off(end);
                return Ok(Some(std::mem::replace(&mut self.buf, rest)));
            }
            want = self.buf.len() * 2;
        }
    }
}

/// A CSV's header and how many lines it took.
pub struct Header {
    /// The header's fields.
    pub fields: Vec<Vec<u8>>,
    /// Lines before the first data row.
    pub lines: u64,
}

impl Header {
    /// The header's fields, as a layout reads them.
    pub fn names(&self) -> Vec<&[u8]> {
        self.fields.iter().map(Vec::as_slice).collect()
    }
}

/// What a worker hands back for one block.
pub struct Done<T> {
    /// The worker's result.
    pub value: T,
    /// Lines in the block.
    pub lines: u64,
}

/// A CSV opened for [`run`]: its header read, the rest waiting.
pub struct Opened {
    splitter: Splitter,
    first: Vec<u8>,
    body_start: usize,
    size: Option<u64>,
    /// The header.
    pub header: Header,
    /// The field delimiter: as given, or detected from the header.
    pub delimiter: u8,
    /// Whether the delimiter was detected (not given) and is not a comma: worth saying once.
    pub detected: bool,
}

/// Opens `input` and reads its header, its fields separated by `delimiter`
/// or, without one, by the commonest of `,`, `;`, tab and `|` in the header.
pub fn open(input: &Input, delimiter: Option<u8>) -> Result<Opened, Error> {
    let (reader, size) = input.open()?;
    let mut splitter = Splitter {
        reader,
        buf: Vec::new(),
        eof: false,
    };
    let first = splitter
        .next_block()
        .map_err(|e| input.io_error(e))?
        .unwrap_or_default();
    let head = &first[..memchr::memchr(b'\n', &first).unwrap_or(first.len())];
    let sniffed = crate::text::sniff_delimiter(&String::from_utf8_lossy(head));
    let chosen = delimiter.unwrap_or(sniffed);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(chosen)
        .from_reader(&first[..]);
    let mut rec = csv::ByteRecord::new();
    let has = rdr.read_byte_record(&mut rec).map_err(|e| {
        Error::from(Diagnostic::file(
            &input.shown,
            format!("line 1: cannot read the header: {e}"),
        ))
    })?;
    if !has || rec.iter().all(|f| f.trim_ascii().is_empty()) {
        return Err(Diagnostic::file(
            &input.shown,
            "file is empty; expected a CSV with a header row naming the columns",
        )
        .into());
    }
    let mut body_start = (rdr.position().byte() as usize).min(first.len());
    // The csv crate ends a CRLF header at its `\r`: the `\n` after it is the
    // header's own line end, not a blank line before the first row.
    if body_start > 0 && first[body_start - 1] == b'\r' && first.get(body_start) == Some(&b'\n') {
        body_start += 1;
    }
    let header = Header {
        fields: rec.iter().map(<[u8]>::to_vec).collect(),
        // The lines the header takes (more than one when a quoted name holds a line break).
        lines: (memchr::memchr_iter(b'\n', &first[..body_start]).count() as u64).max(1),
    };
    Ok(Opened {
        splitter,
        first,
        body_start,
        size,
        header,
        delimiter: chosen,
        detected: delimiter.is_none() && chosen != b',',
    })
}

/// Reads the rest of an opened CSV: every block is given to `work` on every core,
/// and the results to `consume` in file order with the number of lines before the
/// block. `consume` returning `Ok(false)` stops early.
pub fn run<T, W>(
    opened: Opened,
    input: &Input,
    quiet: bool,
    work: W,
    mut consume: impl FnMut(T, u64) -> anyhow::Result<bool>,
) -> anyhow::Result<()>
where
    T: Send,
    W: Fn(&[u8]) -> T + Sync,
{
    let Opened {
        mut splitter,
        first,
        body_start,
        size,
        header,
        ..
    } = opened;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let stop = AtomicBool::new(false);
    let read_bytes = AtomicU64::new(0);
    let reader_error: Mutex<Option<io::Error>> = Mutex::new(None);
    let (job_tx, job_rx) = mpsc::sync_channel::<(usize, Vec<u8>)>(threads * 2);
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<(usize, Done<T>)>();
    let mut outcome: anyhow::Result<()> = Ok(());
    std::thread::scope(|scope| {
        let (stop, read_bytes, reader_error) = (&stop, &read_bytes, &reader_error);
        scope.spawn(move || {
            let mut seq = 0;
            let mut block = first[body_start..].to_vec();
            loop {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                read_bytes.fetch_add(block.len() as u64, Ordering::Relaxed);
                if !block.is_empty() {
                    // Numbered as sent: the results are put back in this order,
                    // and an empty block (a header alone in the first read) has none.
                    if job_tx.send((seq, block)).is_err() {
                        break;
                    }
                    seq += 1;
                }
                match splitter.next_block() {
                    Ok(Some(b)) => block = b,
                    Ok(None) => break,
                    Err(e) => {
                        if let Ok(mut slot) = reader_error.lock() {
                            *slot = Some(e);
                        }
                        break;
                    }
                }
            }
        });
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let (job_rx, work) = (&job_rx, &work);
            scope.spawn(move || {
                loop {
                    let job = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => break,
                    };
                    let Ok((seq, block)) = job else { break };
                    if stop.load(Ordering::Relaxed) {
                        continue;
                    }
                    let lines = memchr::memchr_iter(b'\n', &block).count() as u64;
                    let value = work(&block);
                    if done_tx.send((seq, Done { value, lines })).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let mut pending: BTreeMap<usize, Done<T>> = BTreeMap::new();
        let mut next = 0;
        let mut lines_before = header.lines;
        let started = Instant::now();
        let mut progress = Progress::new(quiet, &input.shown, size);
        for (seq, done) in done_rx.iter() {
            pending.insert(seq, done);
            while let Some(d) = pending.remove(&next) {
                next += 1;
                if outcome.is_ok() {
                    let lines = d.lines;
                    match consume(d.value, lines_before) {
                        Ok(true) => {}
                        Ok(false) => stop.store(true, Ordering::Relaxed),
                        Err(e) => {
                            outcome = Err(e);
                            stop.store(true, Ordering::Relaxed);
                        }
                    }
                    lines_before += lines;
                }
            }
            progress.show(started, read_bytes.load(Ordering::Relaxed));
        }
        progress.clear();
    });
    outcome?;
    if let Some(e) = reader_error.lock().ok().and_then(|mut e| e.take()) {
        return Err(input.io_error(e).into());
    }
    Ok(())
}

/// A one-line progress report on stderr, for terminals and runs over a second.
struct Progress {
    on: bool,
    shown: String,
    size: Option<u64>,
    last: Option<Instant>,
    drawn: bool,
}

impl Progress {
    fn new(quiet: bool, shown: &str, size: Option<u64>) -> Progress {
        Progress {
            on: !quiet && io::stderr().is_terminal(),
            shown: crate::diagnostic::printable(shown),
            size,
            last: None,
            drawn: false,
        }
    }

    fn show(&mut self, started: Instant, bytes: u64) {
        if !self.on || started.elapsed() < Duration::from_secs(1) {
            return;
        }
        if self
            .last
            .is_some_and(|l| l.elapsed() < Duration::from_millis(200))
        {
            return;
        }
        self.last = Some(Instant::now());
        let mb = bytes as f64 / 1e6;
        let line = match self.size {
            Some(s) if s > 0 => format!(
                "\r{}: {:.0}% ({mb:.0} MB)",
                self.shown,
                (bytes as f64 / s as f64 * 100.0).min(100.0)
            ),
            _ => format!("\r{}: {mb:.0} MB", self.shown),
        };
        let mut e = io::stderr().lock();
        let _ = e.write_all(line.as_bytes()).and_then(|()| e.flush());
        self.drawn = true;
    }

    fn clear(&mut self) {
        if self.drawn {
            let mut e = io::stderr().lock();
            let _ = e.write_all(b"\r\x1b[K").and_then(|()| e.flush());
        }
    }
}

/// What a worker made of one block: its value, the account ids it read
/// (hash, line in the block) for the duplicate check, and the problem that
/// stopped it, if any.
pub struct Block<T> {
    /// The worker's result.
    pub value: T,
    /// Hashes of the account ids read, with their lines in the block.
    pub ids: Vec<(u64, u32)>,
    /// The first unreadable row.
    pub problem: Option<RowProblem>,
    /// Category cells not in their maps (read as no data).
    pub unmatched: Unmatched,
}

/// The hash of an account id, for the duplicate check.
pub fn id_hash(id: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = FastHasher::default();
    h.write(id);
    h.finish()
}

/// A fast, non-cryptographic hasher for the per-row lookups of short keys
/// (segments, account ids) and the duplicate check: each 8-byte word is
/// mixed into the state with SplitMix64's finaliser, a bijection that spreads
/// every bit, so ids that differ anywhere differ in the hash (an equal hash
/// sends the duplicate check back to the file). Inputs are the user's own
/// files, so flooding is not a concern.
#[derive(Debug, Clone, Copy, Default)]
pub struct FastHasher(u64);

/// SplitMix64's finaliser.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = mix(self.0 ^ u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        // The length of the rest tells "a" from "a\0".
        self.0 = mix(self.0 ^ u64::from_le_bytes(w) ^ ((rest.len() as u64 + 1) << 56));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map keyed by short byte strings, hashed with [`FastHasher`].
pub type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

/// Where the account ids of a file are, for the duplicate check: the column
/// and the header's names (for messages).
pub struct Ids<'a> {
    /// The account id column.
    pub column: usize,
    /// The header's names.
    pub names: &'a [String],
    /// The field delimiter.
    pub delimiter: u8,
}

/// Reads the rest of an opened accounts CSV with [`run`], block by block on
/// every core: `work` reads a block into a [`Block`], `consume` gets the
/// values in file order (`Ok(false)` stops early). The first unreadable row is
/// an error naming its line and column; after a full pass, an account id
/// that appears twice is an error naming both lines. Returns the category
/// cells that were not in their maps, with their lines in the file.
pub fn run_blocks<T, W>(
    opened: Opened,
    input: &Input,
    quiet: bool,
    ids: &Ids<'_>,
    work: W,
    mut consume: impl FnMut(T) -> anyhow::Result<bool>,
) -> anyhow::Result<Unmatched>
where
    T: Send,
    W: Fn(&[u8]) -> Block<T> + Sync,
{
    let mut seen: Vec<(u64, u64)> = Vec::new();
    let mut stopped = false;
    let mut unmatched = Unmatched::default();
    run(opened, input, quiet, work, |b: Block<T>, before| {
        if let Some(p) = b.problem {
            return Err(Error::from(p.diagnostic(&input.shown, ids.names, before)).into());
        }
        unmatched.merge(b.unmatched, before);
        seen.extend(b.ids.into_iter().map(|(h, l)| (h, u64::from(l) + before)));
        let go = consume(b.value)?;
        stopped |= !go;
        Ok(go)
    })?;
    if !stopped {
        check_duplicates(input, ids, seen)?;
    }
    Ok(unmatched)
}

/// Every row of an opened CSV, read on every core by `read` (a block into its
/// rows, each with its line in the block, up to the first problem), in file
/// order with its line in the file. A problem is an error naming the file,
/// line and column (`names` are the header's).
fn read_rows<T: Send>(
    opened: Opened,
    input: &Input,
    quiet: bool,
    names: &[String],
    read: impl Fn(&[u8]) -> (Vec<(T, u64)>, Option<RowProblem>) + Sync,
) -> anyhow::Result<Vec<(T, u64)>> {
    let mut all = Vec::new();
    run(
        opened,
        input,
        quiet,
        read,
        |(rows, problem): (Vec<(T, u64)>, Option<RowProblem>), before| {
            if let Some(p) = problem {
                return Err(Error::from(p.diagnostic(&input.shown, names, before)).into());
            }
            all.extend(rows.into_iter().map(|(r, line)| (r, line + before)));
            Ok(true)
        },
    )?;
    Ok(all)
}

/// The rows `next` reads from a block, each with its line, up to the first
/// problem (returned beside the rows before it).
fn collect_rows<T>(
    mut next: impl FnMut() -> Result<Option<(T, u64)>, RowProblem>,
) -> (Vec<(T, u64)>, Option<RowProblem>) {
    let mut rows = Vec::new();
    loop {
        match next() {
            Ok(Some(row)) => rows.push(row),
            Ok(None) => return (rows, None),
            Err(p) => return (rows, Some(p)),
        }
    }
}

/// An outcomes file read: each account's renewal outcome by id (lines
/// absolute), and how the file was laid out (for messages).
pub struct Outcomes {
    /// Outcomes by account id.
    pub by_account: FastMap<Box<str>, Outcome>,
    /// The file's columns.
    pub layout: OutcomeLayout,
    /// Whether its delimiter was detected and is not a comma.
    pub detected: bool,
}

/// Reads an outcomes CSV on every core: each account's renewal outcome by
/// id (`account` is the model's account column, also accepted as the id
/// column). A row that cannot be read, or an account given twice, is an
/// error naming the file, line and column.
pub fn outcomes(
    input: &Input,
    quiet: bool,
    account: &str,
    delimiter: Option<u8>,
) -> anyhow::Result<Outcomes> {
    let opened = open(input, delimiter)?;
    let detected = opened.detected;
    let layout = OutcomeLayout::new(
        &input.shown,
        &opened.header.names(),
        account,
        opened.delimiter,
    )?;
    let rows = read_rows(opened, input, quiet, &layout.names, |block| {
        let mut reader = OutcomeReader::new(block, &layout);
        collect_rows(|| {
            Ok(reader.next_outcome()?.map(|r| {
                let line = r.outcome.line;
                ((Box::<str>::from(r.account), r.outcome), line)
            }))
        })
    })?;
    let mut map: FastMap<Box<str>, Outcome> = FastMap::default();
    for ((id, mut o), line) in rows {
        o.line = line;
        if let Some(Outcome { line: first, .. }) = map.get(&id) {
            return Err(again(
                input,
                &layout.names,
                layout.account,
                &id,
                line,
                *first,
                "outcome",
            ));
        }
        map.insert(id, o);
    }
    Ok(Outcomes {
        by_account: map,
        layout,
        detected,
    })
}

/// One row of a plays log, as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedPlay {
    /// The account id.
    pub account: Box<str>,
    /// The play id.
    pub play: Box<str>,
    /// When it started.
    pub start: Date,
    /// When it ended, if it did.
    pub end: Option<Date>,
    /// Its line in the file.
    pub line: u64,
}

/// Reads a plays log on every core, in file order, with the delimiter it
/// detected when that is not a comma. A row that cannot be read is an error
/// naming the file, line and column.
pub fn plays_log(
    input: &Input,
    quiet: bool,
    delimiter: Option<u8>,
) -> anyhow::Result<(Vec<LoggedPlay>, Option<u8>)> {
    let opened = open(input, delimiter)?;
    let detected = opened.detected.then_some(opened.delimiter);
    let layout = PlayLayout::new(&input.shown, &opened.header.names(), opened.delimiter)?;
    let rows = read_rows(opened, input, quiet, &layout.names, |block| {
        let mut reader = PlayReader::new(block, &layout);
        collect_rows(|| {
            Ok(reader.next_play()?.map(|r| {
                let play = LoggedPlay {
                    account: r.account.into(),
                    play: r.play.into(),
                    start: r.start,
                    end: r.end,
                    line: 0,
                };
                (play, r.line)
            }))
        })
    })?;
    let rows = rows
        .into_iter()
        .map(|(p, line)| LoggedPlay { line, ..p })
        .collect();
    Ok((rows, detected))
}

/// An account id read a second time in an outcomes or folds file (one `what` per account).
fn again(
    input: &Input,
    names: &[String],
    column: usize,
    id: &str,
    line: u64,
    first: u64,
    what: &str,
) -> anyhow::Error {
    Error::from(
        RowProblem {
            line,
            column,
            message: format!(
                "account `{}` appears again (first at line {first}); one {what} per account",
                super::rows::shown(id.as_bytes())
            ),
        }
        .diagnostic(&input.shown, names, 0),
    )
    .into()
}

/// Reads a folds file: the fold of each account (ids once each), in
/// order of the folds' numbers (fold numbers need not be contiguous).
pub fn folds(
    input: &Input,
    quiet: bool,
    delimiter: Option<u8>,
) -> anyhow::Result<FastMap<Box<str>, u64>> {
    use super::rows::{FoldLayout, read_folds};
    let opened = open(input, delimiter)?;
    let layout = FoldLayout::new(&input.shown, &opened.header.names(), opened.delimiter)?;
    let mut map: FastMap<Box<str>, (u64, u64)> = FastMap::default();
    type Rows = Result<Vec<(u64, Box<str>, u64)>, RowProblem>;
    let lay = &layout;
    run(
        opened,
        input,
        quiet,
        |block: &[u8]| -> Rows { read_folds(block, lay) },
        |rows: Rows, before| {
            let rows =
                rows.map_err(|p| Error::from(p.diagnostic(&input.shown, &lay.names, before)))?;
            for (line, id, fold) in rows {
                let line = line + before;
                if let Some((_, first)) = map.get(&id) {
                    return Err(again(
                        input,
                        &lay.names,
                        lay.account,
                        &id,
                        line,
                        *first,
                        "fold",
                    ));
                }
                map.insert(id, (fold, line));
            }
            Ok(true)
        },
    )?;
    Ok(map.into_iter().map(|(k, (f, _))| (k, f)).collect())
}

/// Fails on account ids read twice: ids of equal hash are compared as text
/// when the file can be read again (standard input cannot: equal hashes count).
fn check_duplicates(input: &Input, ids: &Ids<'_>, mut seen: Vec<(u64, u64)>) -> Result<(), Error> {
    // Each block's ids come sorted (`health::fold`): the stable sort merges
    // those runs instead of sorting from scratch.
    seen.sort();
    // Each repeat with the first line its id was seen at (not the repeat
    // before it: "first at line 2" for every copy of a row pasted 2,000 times).
    let mut pairs: Vec<(u64, u64)> = Vec::new();
    let mut first = None;
    for w in seen.windows(2) {
        if w[0].0 == w[1].0 {
            let f = *first.get_or_insert(w[0].1);
            pairs.push((f, w[1].1));
        } else {
            first = None;
        }
    }
    drop(seen);
    if pairs.is_empty() {
        return Ok(());
    }
    pairs.sort_unstable_by_key(|p| p.1);
    let mut texts: std::collections::HashMap<u64, Vec<u8>> = std::collections::HashMap::new();
    if !input.is_stdin() {
        let wanted: std::collections::HashSet<u64> =
            pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
        if let Ok(f) = File::open(&input.path) {
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(ids.delimiter)
                .from_reader(LineCounter::new(io::BufReader::new(f)));
            let mut rec = csv::ByteRecord::new();
            while let Ok(true) = rdr.read_byte_record(&mut rec) {
                // Lines counted as the scoring pass counts them (the csv
                // crate's own count is one short after a CRLF line end).
                let byte = rec.position().map_or(0, csv::Position::byte);
                let line = rdr.get_mut().line_at(byte);
                if wanted.contains(&line) {
                    texts.insert(line, trim(rec.get(ids.column).unwrap_or(b"")).to_vec());
                }
            }
        }
    }
    let mut diags = Vec::new();
    let mut total = 0u64;
    for (first, again) in pairs {
        let (a, b) = (texts.get(&first), texts.get(&again));
        if a.is_some() && b.is_some() && a != b {
            continue;
        }
        total += 1;
        if diags.len() < DUPLICATES_SHOWN {
            let id = b.map(|b| super::rows::shown(b)).unwrap_or_default();
            diags.push(
                RowProblem {
                    line: again,
                    column: ids.column,
                    message: format!("account `{id}` appears again (first at line {first}); account ids must be unique in a snapshot"),
                }
                .diagnostic(&input.shown, ids.names, 0),
            );
        }
    }
    match total {
        0 => Ok(()),
        t if t as usize == diags.len() => Err(Error::Input(diags)),
        total => Err(Error::InputFirst {
            shown: diags,
            total,
        }),
    }
}

/// A reader that notes where its line breaks are, so the line of a record
/// can be told from the byte the csv crate says it starts at: the line breaks
/// before it, plus one, the `\r`/`\n` the crate left before the record (the
/// end of a CRLF, blank lines) counted as before it, as [`super::rows`] does.
struct LineCounter<R> {
    inner: R,
    read: u64,
    breaks: std::collections::VecDeque<(u64, u8)>,
    before: u64,
}

impl<R: io::Read> LineCounter<R> {
    fn new(inner: R) -> Self {
        LineCounter {
            inner,
            read: 0,
            breaks: std::collections::VecDeque::new(),
            before: 0,
        }
    }

    /// The line of the record starting at `byte` (called with rising bytes).
    fn line_at(&mut self, byte: u64) -> u64 {
        let mut at = byte;
        while let Some(&(pos, b)) = self.breaks.front() {
            if pos < at {
                self.before += u64::from(b == b'\n');
            } else if pos == at {
                self.before += u64::from(b == b'\n');
                at += 1;
            } else {
                break;
            }
            self.breaks.pop_front();
        }
        self.before + 1
    }
}

impl<R: io::Read> io::Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for i in memchr::memchr2_iter(b'\n', b'\r', &buf[..n]) {
            self.breaks.push_back((self.read + i as u64, buf[i]));
        }
        self.read += n as u64;
        Ok(n)
    }
}

/// How many repeated account ids are shown (all are counted).
pub const DUPLICATES_SHOWN: usize = 10;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_like_a_crm_export_s_never_share_a_hash() {
        let mut seen = std::collections::HashSet::new();
        for i in 0..1_000_000 {
            assert!(
                seen.insert(id_hash(format!("acct-{i:07}").as_bytes())),
                "{i}"
            );
        }
        assert_ne!(id_hash(b"a"), id_hash(b"a\0"));
        assert_ne!(id_hash(b""), id_hash(b"\0"));
    }

    #[test]
    fn blocks_end_at_a_newline_outside_quotes() {
        assert_eq!(cut(b"a,b\nc,d\ne"), Some(8));
        assert_eq!(cut(b"a,\"x\ny\"\nc,\"p\nq"), Some(8));
        assert_eq!(cut(b"a,\"x\ny"), None);
        assert_eq!(cut(b"abc"), None);
    }

    #[test]
    fn a_stream_splits_into_whole_records() {
        let text: Vec<u8> = (0..700_000)
            .flat_map(|i| format!("{i},\"q\n{i}\"\n").into_bytes())
            .collect();
        let mut s = Splitter {
            reader: Box::new(io::Cursor::new(text.clone())),
            buf: Vec::new(),
            eof: false,
        };
        let mut joined = Vec::new();
        let mut blocks = 0;
        while let Some(b) = s.next_block().expect("reads") {
            assert!(b.ends_with(b"\"\n"), "block {blocks} ends inside a record");
            joined.extend(b);
            blocks += 1;
        }
        assert!(blocks > 1);
        assert_eq!(joined, text);
    }
}
