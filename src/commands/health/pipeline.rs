//! Reading a large CSV in blocks cut at record boundaries, scoring the blocks
//! on every core, and handing the results back in file order.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::{Duration, Instant};

use crate::diagnostic::Diagnostic;
use crate::error::Error;

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

    fn open(&self) -> Result<(Box<dyn Read + Send>, Option<u64>), Error> {
        if self.is_stdin() {
            return Ok((Box::new(io::stdin()), None));
        }
        let problem =
            |e: io::Error| Error::from(Diagnostic::file(&self.shown, format!("cannot read: {e}")));
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
}

/// Opens `input` and reads its header.
pub fn open(input: &Input) -> Result<Opened, Error> {
    let (reader, size) = input.open()?;
    let mut splitter = Splitter {
        reader,
        buf: Vec::new(),
        eof: false,
    };
    let first = splitter
        .next_block()
        .map_err(|e| Error::from(Diagnostic::file(&input.shown, format!("cannot read: {e}"))))?
        .unwrap_or_default();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
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
    let header = Header {
        fields: rec.iter().map(<[u8]>::to_vec).collect(),
        lines: rdr.position().line().saturating_sub(1).max(1),
    };
    let body_start = (rdr.position().byte() as usize).min(first.len());
    Ok(Opened {
        splitter,
        first,
        body_start,
        size,
        header,
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
    } = opened;
    let read_problem =
        |e: io::Error| Error::from(Diagnostic::file(&input.shown, format!("cannot read: {e}")));
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
                if !block.is_empty() && job_tx.send((seq, block)).is_err() {
                    break;
                }
                seq += 1;
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
        return Err(read_problem(e).into());
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

#[cfg(test)]
mod tests {
    use super::*;

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
