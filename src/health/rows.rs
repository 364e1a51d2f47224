//! The one reader of accounts and outcomes CSV rows: a header resolved into
//! column indexes once (every column the model reads found exactly once),
//! then each record read into a typed row, or a problem located at its line
//! and column. Cells are parsed from bytes; nothing is allocated per row.

use csv::ByteRecord;

use super::model::{Normalisation, ValidModel};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::error::Error;

/// One signal's cell, as read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    /// Empty: no data.
    Missing,
    /// A number (numeric normalisations).
    Number(f64),
    /// A category: the index of its text in the signal's map.
    Category(usize),
}

/// Category cells whose text is not in their signal's map, per signal. Such a
/// cell is read as no data (the signal's missing-value rule applies and it
/// does not count towards coverage), as the SQL query reads it; the count and
/// the first one are said once, in a warning, after the file is read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Unmatched(Vec<UnmatchedSignal>);

/// One signal's unmatched category cells.
#[derive(Debug, Clone, Default, PartialEq)]
struct UnmatchedSignal {
    count: u64,
    /// The first one: its line (in the block, then in the file) and text.
    first: Option<(u64, String)>,
}

impl Unmatched {
    fn note(&mut self, signal: usize, line: u64, text: &[u8]) {
        if self.0.len() <= signal {
            self.0.resize(signal + 1, UnmatchedSignal::default());
        }
        let u = &mut self.0[signal];
        u.count += 1;
        if u.first.is_none() {
            u.first = Some((line, shown(text)));
        }
    }

    /// Adds the cells of the block that starts `offset` lines later.
    pub fn merge(&mut self, later: Unmatched, offset: u64) {
        if self.0.len() < later.0.len() {
            self.0.resize(later.0.len(), UnmatchedSignal::default());
        }
        for (a, b) in self.0.iter_mut().zip(later.0) {
            a.count += b.count;
            if a.first.is_none() {
                a.first = b.first.map(|(line, text)| (line + offset, text));
            }
        }
    }

    /// One warning per signal with unmatched cells, naming the file, the
    /// first cell's line and column, and the map's texts.
    pub fn warnings(&self, file: &str, layout: &Layout) -> Vec<String> {
        self.0
            .iter()
            .enumerate()
            .filter(|(_, u)| u.count > 0)
            .map(|(k, u)| {
                let (line, text) = u.first.clone().unwrap_or_default();
                let (what, expected) = match &layout.kinds[k] {
                    Kind::Category { expected, .. } => ("not in its map", format!("one of: {expected}")),
                    Kind::YesNo => ("not yes or no", "Yes/No, true/false, 1/0 or y/n, in any case".to_string()),
                    Kind::Number => ("not read", String::new()),
                };
                format!(
                    "{file}:{line}:{}: {} of signal `{}` {} {what} (first: `{text}`), read as no data; expected {expected}",
                    layout.signals[k] + 1,
                    crate::text::plural(u.count as usize, "cell", "cells"),
                    layout.signal_ids[k],
                    if u.count == 1 { "is" } else { "are" },
                )
            })
            .collect()
    }
}

/// How a signal's cells are read.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// A decimal number.
    Number,
    /// One of the map's texts, compared as bytes after trimming spaces.
    Category {
        keys: Vec<Vec<u8>>,
        /// "bad, good", for messages.
        expected: String,
    },
    /// Yes or no ([`yes_no`]): category 1 for yes, 0 for no.
    YesNo,
}

/// Where each column a model reads sits in an accounts CSV, and how its
/// cells are read.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Account id column.
    pub account: usize,
    /// Segment column.
    pub segment: Option<usize>,
    /// Plan column.
    pub plan: Option<usize>,
    /// ARR column.
    pub arr: Option<usize>,
    /// Date column.
    pub date: Option<usize>,
    /// One column per signal, in model order.
    pub signals: Vec<usize>,
    /// The field delimiter (`,` unless the file or `--delimiter` says otherwise).
    pub delimiter: u8,
    kinds: Vec<Kind>,
    signal_ids: Vec<String>,
    /// The header's names, for messages.
    pub names: Vec<String>,
}

/// The header's names as messages show them.
fn header_names(header: &[&[u8]]) -> Vec<String> {
    header
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect()
}

/// Finds columns by name in a header, naming every one missing and every one
/// the header holds twice (which of the two to read would be a guess).
struct Finder<'h> {
    file: &'h str,
    names: &'h [String],
    problems: Vec<Diagnostic>,
}

impl Finder<'_> {
    fn all(&self, col: &str) -> Vec<usize> {
        self.names
            .iter()
            .enumerate()
            .filter(|(_, n)| *n == col)
            .map(|(i, _)| i)
            .collect()
    }

    fn find(&mut self, col: &str, role: &str) -> Option<usize> {
        let at = self.all(col);
        match at.as_slice() {
            [] => None,
            [one] => Some(*one),
            [first, again, ..] => {
                self.problems.push(
                    Diagnostic::file(
                        self.file,
                        format!(
                            "line 1: column `{}` ({role}) appears twice in the header, as column {} and column {}",
                            crate::diagnostic::printable(col),
                            first + 1,
                            again + 1
                        ),
                    )
                    .with_help("rename or remove one of them, so that it is clear which to read"),
                );
                Some(*first)
            }
        }
    }

    fn require(&mut self, col: &str, role: &str) -> usize {
        match self.find(col, role) {
            Some(i) => i,
            None => {
                self.problems.push(Diagnostic::file(
                    self.file,
                    format!(
                        "line 1: no column `{}` ({role}) in the header",
                        crate::diagnostic::printable(col)
                    ),
                ));
                0
            }
        }
    }

    fn finish(mut self, help_missing: impl FnOnce(&[String]) -> String) -> Result<(), Error> {
        if self.problems.is_empty() {
            return Ok(());
        }
        if let Some(last) = self.problems.last_mut() {
            if last.help.is_none() {
                last.help = Some(help_missing(self.names));
            }
        }
        Err(Error::Input(self.problems))
    }
}

fn header_help(names: &[String]) -> String {
    let shown: Vec<String> = names
        .iter()
        .map(|n| crate::diagnostic::printable(&crate::text::excerpt(n, 80)))
        .collect();
    let mut help = format!("the header has: {}", shown.join(", "));
    if let [one] = names {
        for (sep, name, flag) in [
            (';', "semicolons", ";"),
            ('\t', "tabs", "tab"),
            ('|', "bars", "|"),
        ] {
            if one.contains(sep) {
                help.push_str(&format!(
                    "; its columns seem to be separated by {name}: give --delimiter '{flag}', or save the file as comma-separated CSV"
                ));
            }
        }
    }
    help
}

/// The name of a delimiter in messages: "semicolons", "tabs", ….
pub fn delimiter_name(d: u8) -> &'static str {
    match d {
        b';' => "semicolons",
        b'\t' => "tabs",
        b'|' => "bars (|)",
        _ => "commas",
    }
}

impl Layout {
    /// Resolves the model's columns in an accounts CSV header whose fields are
    /// separated by `delimiter`.
    pub fn accounts(
        model: &ValidModel,
        file: &str,
        header: &[&[u8]],
        delimiter: u8,
    ) -> Result<Layout, Error> {
        let names = header_names(header);
        let mut f = Finder {
            file,
            names: &names,
            problems: Vec::new(),
        };
        let c = &model.columns;
        let account = f.require(&c.account, "the account id");
        let segment = c.segment.as_ref().map(|s| f.require(s, "the segment"));
        let plan = c.plan.as_ref().map(|s| f.require(s, "the plan"));
        let arr = c.arr.as_ref().map(|s| f.require(s, "the ARR"));
        let date = c.date.as_ref().map(|s| f.require(s, "the snapshot date"));
        let signals = model
            .signals
            .iter()
            .map(|s| f.require(&s.column, &format!("signal `{}`", s.id)))
            .collect();
        f.finish(header_help)?;
        let kinds = model
            .signals
            .iter()
            .map(|s| match &s.normalisation {
                Normalisation::Category { map } => Kind::Category {
                    keys: map.iter().map(|(k, _)| k.as_bytes().to_vec()).collect(),
                    expected: map
                        .iter()
                        .map(|(k, _)| k.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                },
                Normalisation::YesNo { .. } => Kind::YesNo,
                _ => Kind::Number,
            })
            .collect();
        Ok(Layout {
            account,
            segment,
            plan,
            arr,
            date,
            signals,
            delimiter,
            kinds,
            signal_ids: model.signals.iter().map(|s| s.id.clone()).collect(),
            names,
        })
    }
}

/// A cell that could not be read, with where it is (line relative to the block read).
#[derive(Debug, Clone, PartialEq)]
pub struct RowProblem {
    /// The line of the row in the text given to the reader (1-based).
    pub line: u64,
    /// The column index.
    pub column: usize,
    /// What was found and expected.
    pub message: String,
}

impl RowProblem {
    /// The diagnostic, with the line made absolute by `offset` lines before
    /// the block; `names` are the header's.
    pub fn diagnostic(&self, file: &str, names: &[String], offset: u64) -> Diagnostic {
        let name = names.get(self.column).map_or("?", String::as_str);
        Diagnostic::file(
            file,
            format!(
                "line {}, column {} `{}`: {}",
                self.line + offset,
                self.column + 1,
                crate::diagnostic::printable(&crate::text::excerpt(name, 80)),
                self.message
            ),
        )
    }
}

/// Trims ASCII spaces around a cell.
pub fn trim(b: &[u8]) -> &[u8] {
    b.trim_ascii()
}

/// Powers of ten exactly representable as doubles.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Plain decimals (`-12.5`, `80`) with at most 15 digits: an exact integer divided by an
/// exact power of ten, one correctly rounded operation, so the same double as
/// `str::parse` (Clinger's fast path); anything else is left to `str::parse`.
fn plain_decimal(t: &[u8]) -> Option<f64> {
    let (neg, digits) = match t.first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    let (mut mant, mut scale, mut dot, mut any) = (0u64, 0usize, false, false);
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                mant = mant * 10 + u64::from(c - b'0');
                any = true;
                scale += usize::from(dot);
            }
            b'.' if !dot => dot = true,
            _ => return None,
        }
    }
    if !any || mant >= 1 << 53 {
        return None;
    }
    let v = mant as f64 / POW10[scale];
    Some(if neg { -v } else { v })
}

/// Parses a number cell: empty is `None`; anything but a finite number is an error.
pub fn number(b: &[u8]) -> Result<Option<f64>, String> {
    number_in(b, false)
}

/// Parses a number cell; with `decimal_comma` (a `;`-separated file, as
/// European spreadsheets write them) `12,5` is 12.5.
pub fn number_in(b: &[u8], decimal_comma: bool) -> Result<Option<f64>, String> {
    let t = trim(b);
    if t.is_empty() {
        return Ok(None);
    }
    if decimal_comma {
        if let Some(at) = memchr::memchr(b',', t) {
            if memchr::memchr2(b',', b'.', &t[at + 1..]).is_none() && !t[..at].contains(&b'.') {
                let mut owned = t.to_vec();
                owned[at] = b'.';
                return number_in(&owned, false).map_err(|_| {
                    format!(
                        "found `{}`, expected a number (or an empty cell for no data)",
                        shown(t)
                    )
                });
            }
        }
    }
    if let Some(x) = plain_decimal(t) {
        return Ok(Some(x));
    }
    std::str::from_utf8(t)
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|x| x.is_finite())
        .map(Some)
        .ok_or_else(|| {
            format!(
                "found `{}`, expected a number (or an empty cell for no data)",
                shown(t)
            )
        })
}

/// A cell as shown in a message: escaped and cut to 40 characters.
pub fn shown(b: &[u8]) -> String {
    crate::diagnostic::printable(&crate::text::excerpt(&String::from_utf8_lossy(b), 40))
}

/// Reads a `YYYY-MM-DD` date cell.
pub fn date(b: &[u8]) -> Result<Date, String> {
    Date::parse_bytes(b).map_err(|e| e.to_string())
}

/// The spellings a yes/no cell may take (any case), yes first.
pub const YES: [&str; 4] = ["yes", "y", "true", "1"];
/// The spellings of no (any case).
pub const NO: [&str; 4] = ["no", "n", "false", "0"];

/// Reads a yes/no cell (`yes`, `no`, `y`, `n`, `true`, `false`, `1`, `0`, any case).
pub fn yes_no(b: &[u8]) -> Result<bool, String> {
    let t = trim(b);
    if YES.iter().any(|y| t.eq_ignore_ascii_case(y.as_bytes())) {
        Ok(true)
    } else if NO.iter().any(|n| t.eq_ignore_ascii_case(n.as_bytes())) {
        Ok(false)
    } else {
        Err(format!("found `{}`, expected yes or no", shown(t)))
    }
}

/// A text cell that is written back out (an id, a segment, a plan): UTF-8, so
/// that two different ids never become the same text in a report.
fn text<'r>(b: &'r [u8], what: &str) -> Result<&'r str, String> {
    std::str::from_utf8(b).map_err(|_| {
        format!(
            "found `{}`, which is not UTF-8 text; {what} must be UTF-8 (save or export the CSV as UTF-8)",
            shown(b)
        )
    })
}

/// Whether a block can be split on commas and line breaks alone: no quote
/// anywhere, and every carriage return part of a CRLF line break. Exports
/// without quoted fields (most of them) take this path; any other block is
/// read by the `csv` crate.
fn is_plain(block: &[u8]) -> bool {
    memchr::memchr(b'"', block).is_none()
        && memchr::memchr_iter(b'\r', block).all(|i| block.get(i + 1) == Some(&b'\n'))
}

/// The fields of the current record.
#[derive(Debug, Clone, Copy)]
enum Fields<'r> {
    /// Read by the `csv` crate.
    Csv(&'r ByteRecord),
    /// A plain record and where each of its fields ends.
    Plain(&'r [u8], &'r [usize]),
}

impl<'r> Fields<'r> {
    fn len(&self) -> usize {
        match self {
            Fields::Csv(r) => r.len(),
            Fields::Plain(_, ends) => ends.len(),
        }
    }

    /// Field `i`, trimmed of spaces ("" past the end).
    fn get(&self, i: usize) -> &'r [u8] {
        let raw = match *self {
            Fields::Csv(r) => r.get(i).unwrap_or(b""),
            Fields::Plain(rec, ends) => match ends.get(i) {
                Some(&end) => {
                    let start = if i == 0 { 0 } else { ends[i - 1] + 1 };
                    &rec[start..end]
                }
                None => b"",
            },
        };
        trim(raw)
    }
}

/// Where a block's records come from.
enum Source<'b> {
    Csv {
        rdr: csv::Reader<&'b [u8]>,
        rec: ByteRecord,
        block: &'b [u8],
        /// Line breaks counted up to this byte.
        counted: (usize, u64),
    },
    Plain {
        block: &'b [u8],
        /// Where the next record starts.
        pos: usize,
        /// Lines read so far.
        lines: u64,
        /// The current record, without its line break.
        rec: &'b [u8],
        /// Where each field of the current record ends.
        ends: Vec<usize>,
    },
}

/// The records of a block of CSV text (no header): each with its line,
/// blank lines skipped, the number of fields checked against the header.
struct Records<'b> {
    src: Source<'b>,
    fields: usize,
    delimiter: u8,
}

impl<'b> Records<'b> {
    fn new(block: &'b [u8], fields: usize, delimiter: u8) -> Records<'b> {
        Records::read(block, fields, is_plain(block), delimiter)
    }

    fn read(block: &'b [u8], fields: usize, plain: bool, delimiter: u8) -> Records<'b> {
        let src = if plain {
            Source::Plain {
                block,
                pos: 0,
                lines: 0,
                rec: b"",
                ends: Vec::with_capacity(fields),
            }
        } else {
            Source::Csv {
                rdr: csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .delimiter(delimiter)
                    .from_reader(block),
                rec: ByteRecord::new(),
                block,
                counted: (0, 0),
            }
        };
        Records {
            src,
            fields,
            delimiter,
        }
    }

    /// Reads the next record, blank lines skipped: its line, or `None` at the
    /// end. A plain record is split into its first `fields` fields at most
    /// (the percentile pass reads a few leading columns only).
    fn advance(&mut self, fields: usize) -> Result<Option<u64>, RowProblem> {
        let delimiter = self.delimiter;
        match &mut self.src {
            Source::Csv {
                rdr,
                rec,
                block,
                counted,
            } => loop {
                // The line of a byte: line breaks before it, plus one (the
                // csv crate's own count leaves out blank lines).
                let mut line_at = |byte: u64| {
                    // A record's position is where the csv crate started
                    // reading it: before the blank lines it skipped.
                    let mut byte = (byte as usize).min(block.len()).max(counted.0);
                    while matches!(block.get(byte), Some(b'\n' | b'\r')) {
                        byte += 1;
                    }
                    counted.1 += memchr::memchr_iter(b'\n', &block[counted.0..byte]).count() as u64;
                    counted.0 = byte;
                    counted.1 + 1
                };
                match rdr.read_byte_record(rec) {
                    Ok(true) => {}
                    Ok(false) => return Ok(None),
                    Err(e) => {
                        let line = e.position().map_or(0, |p| line_at(p.byte()));
                        return Err(RowProblem {
                            line,
                            column: 0,
                            message: format!("not valid CSV: {e}"),
                        });
                    }
                }
                if rec.len() == 1 && rec.get(0).is_some_and(|f| f.trim_ascii().is_empty()) {
                    continue;
                }
                return Ok(Some(rec.position().map_or(0, |p| line_at(p.byte()))));
            },
            Source::Plain {
                block,
                pos,
                lines,
                rec,
                ends,
            } => loop {
                if *pos >= block.len() {
                    return Ok(None);
                }
                let rest = &block[*pos..];
                let len = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
                let line = &rest[..len];
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                *pos += len + 1;
                *lines += 1;
                ends.clear();
                ends.extend(memchr::memchr_iter(delimiter, line).take(fields));
                if ends.len() < fields {
                    ends.push(line.len());
                }
                *rec = line;
                if ends.len() == 1 && line.trim_ascii().is_empty() {
                    continue;
                }
                return Ok(Some(*lines));
            },
        }
    }

    fn current(&self) -> Fields<'_> {
        match &self.src {
            Source::Csv { rec, .. } => Fields::Csv(rec),
            Source::Plain { rec, ends, .. } => Fields::Plain(rec, ends),
        }
    }

    /// The next record's line, or `None` at the end of the block.
    fn next(&mut self) -> Result<Option<u64>, RowProblem> {
        let Some(line) = self.advance(usize::MAX)? else {
            return Ok(None);
        };
        let found = self.current().len();
        if found != self.fields {
            return Err(RowProblem {
                line,
                column: found.min(self.fields.saturating_sub(1)),
                message: format!(
                    "found {found} fields, expected {} as in the header",
                    self.fields
                ),
            });
        }
        Ok(Some(line))
    }

    fn get(&self, i: usize) -> &[u8] {
        self.current().get(i)
    }

    /// The current record's account id at column `col`: not empty, UTF-8.
    fn account(&self, line: u64, col: usize) -> Result<&str, RowProblem> {
        let problem = |message: String| RowProblem {
            line,
            column: col,
            message,
        };
        let id = self.get(col);
        if id.is_empty() {
            return Err(problem(
                "found an empty account id; every row needs one".into(),
            ));
        }
        text(id, "account ids").map_err(problem)
    }

    /// The current record's date at `col`, if the file has one.
    fn date(&self, line: u64, col: Option<usize>) -> Result<Option<Date>, RowProblem> {
        match col {
            None => Ok(None),
            Some(c) => date(self.get(c)).map(Some).map_err(|message| RowProblem {
                line,
                column: c,
                message,
            }),
        }
    }
}

/// One account, as read: every cell the model needs, parsed.
#[derive(Debug, Clone, Copy)]
pub struct AccountRow<'r> {
    /// Its line in the block read (1-based).
    pub line: u64,
    /// The account id (not empty).
    pub account: &'r str,
    /// The segment ("" without a segment column).
    pub segment: &'r str,
    /// The plan ("" without a plan column).
    pub plan: &'r str,
    /// ARR, when the model has the column and the cell a value (zero or more).
    pub arr: Option<f64>,
    /// The snapshot date, when the model has a date column.
    pub date: Option<Date>,
    /// One cell per signal, in model order.
    pub cells: &'r [Cell],
    fields: Fields<'r>,
    layout: &'r Layout,
}

impl<'r> AccountRow<'r> {
    /// Signal `i`'s cell as written (trimmed): "" when empty.
    pub fn raw(&self, i: usize) -> &'r str {
        let b = self.fields.get(self.layout.signals[i]);
        // Every cell read into a number or a category is UTF-8 already.
        std::str::from_utf8(b).unwrap_or("")
    }
}

/// One account of the percentile pass: its segment and the cells of the
/// percentile signals (others are `Missing`; they are checked in the scoring pass).
#[derive(Debug, Clone, Copy)]
pub struct RankRow<'r> {
    /// The segment cell, as bytes.
    pub segment: &'r [u8],
    /// The snapshot date, when asked for and readable (the scoring pass reports a bad one).
    pub date: Option<Date>,
    /// One cell per signal.
    pub cells: &'r [Cell],
}

/// Reads the accounts of one block of an accounts CSV.
pub struct AccountReader<'a> {
    records: Records<'a>,
    layout: &'a Layout,
    cells: Vec<Cell>,
    unmatched: Unmatched,
}

impl<'a> AccountReader<'a> {
    /// A reader of `block` (whole records, no header) laid out as `layout`.
    pub fn new(block: &'a [u8], layout: &'a Layout) -> AccountReader<'a> {
        AccountReader {
            records: Records::new(block, layout.names.len(), layout.delimiter),
            layout,
            cells: vec![Cell::Missing; layout.signals.len()],
            unmatched: Unmatched::default(),
        }
    }

    /// The category cells read so far that were not in their maps.
    pub fn take_unmatched(&mut self) -> Unmatched {
        std::mem::take(&mut self.unmatched)
    }

    /// The next account, or `None` at the end of the block.
    pub fn next_account(&mut self) -> Result<Option<AccountRow<'_>>, RowProblem> {
        let Some(line) = self.records.next()? else {
            return Ok(None);
        };
        let l = self.layout;
        let r = &self.records;
        let problem = |column: usize, message: String| RowProblem {
            line,
            column,
            message,
        };
        let account = r.account(line, l.account)?;
        let optional = |col: Option<usize>, what: &str| -> Result<&str, RowProblem> {
            match col {
                None => Ok(""),
                Some(c) => text(r.get(c), what).map_err(|m| problem(c, m)),
            }
        };
        let segment = optional(l.segment, "segments")?;
        let plan = optional(l.plan, "plans")?;
        let date = r.date(line, l.date)?;
        let comma = l.delimiter == b';';
        let arr = match l.arr {
            None => None,
            Some(i) => match number_in(r.get(i), comma).map_err(|m| problem(i, m))? {
                Some(x) if x < 0.0 => {
                    return Err(problem(
                        i,
                        format!(
                            "found `{}`, a negative ARR; expected the account's annual recurring revenue, zero or more (or an empty cell)",
                            shown(r.get(i))
                        ),
                    ));
                }
                x => x,
            },
        };
        for (k, (&col, kind)) in l.signals.iter().zip(&l.kinds).enumerate() {
            let b = r.get(col);
            self.cells[k] = if b.is_empty() {
                Cell::Missing
            } else {
                match kind {
                    Kind::Number => match number_in(b, comma) {
                        Ok(Some(x)) => Cell::Number(x),
                        Ok(None) => Cell::Missing,
                        Err(m) => {
                            return Err(problem(
                                col,
                                format!("{m} (signal `{}`)", l.signal_ids[k]),
                            ));
                        }
                    },
                    Kind::YesNo => match yes_no(b) {
                        Ok(yes) => Cell::Category(usize::from(yes)),
                        Err(_) => {
                            self.unmatched.note(k, line, b);
                            Cell::Missing
                        }
                    },
                    Kind::Category { keys, .. } => match keys.iter().position(|k| k == b) {
                        Some(i) => Cell::Category(i),
                        None => {
                            self.unmatched.note(k, line, b);
                            Cell::Missing
                        }
                    },
                }
            };
        }
        Ok(Some(AccountRow {
            line,
            account,
            segment,
            plan,
            arr,
            date,
            cells: &self.cells,
            fields: self.records.current(),
            layout: l,
        }))
    }

    /// The next account of the percentile pass: only the signals `wanted`
    /// are read, and a cell that is not a number counts as empty here (the
    /// scoring pass reports it). With `dated`, the date is read too (ranks per date).
    pub fn next_ranked(
        &mut self,
        wanted: &[usize],
        dated: bool,
    ) -> Result<Option<RankRow<'_>>, RowProblem> {
        let l = self.layout;
        let date_col = l.date.filter(|_| dated);
        let last = wanted
            .iter()
            .map(|&k| l.signals[k])
            .chain(l.segment)
            .chain(date_col)
            .max()
            .unwrap_or(0);
        if self.records.advance(last + 1)?.is_none() {
            return Ok(None);
        }
        for &k in wanted {
            self.cells[k] = match number_in(self.records.get(l.signals[k]), l.delimiter == b';') {
                Ok(Some(x)) => Cell::Number(x),
                _ => Cell::Missing,
            };
        }
        Ok(Some(RankRow {
            segment: l.segment.map_or(&b""[..], |c| self.records.get(c)),
            date: date_col.and_then(|c| date(self.records.get(c)).ok()),
            cells: &self.cells,
        }))
    }
}

/// Where the columns of an outcomes CSV are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeLayout {
    /// Account id (`account_id`, `account`, or the model's account column).
    pub account: usize,
    /// `renewal_date`, when present (checked as YYYY-MM-DD).
    pub date: Option<usize>,
    /// `renewed`, or `churned` (then `true`).
    pub outcome: (usize, bool),
    /// `expanded`, when present.
    pub expanded: Option<usize>,
    /// The field delimiter.
    pub delimiter: u8,
    /// The header's names, for messages.
    pub names: Vec<String>,
}

impl OutcomeLayout {
    /// Finds the outcome columns in a header; `account` is the model's account
    /// column, which names the id column as well as `account_id` and `account`.
    pub fn new(
        file: &str,
        header: &[&[u8]],
        account: &str,
        delimiter: u8,
    ) -> Result<OutcomeLayout, Error> {
        let names = header_names(header);
        let mut f = Finder {
            file,
            names: &names,
            problems: Vec::new(),
        };
        let id = ["account_id", "account", account]
            .into_iter()
            .find_map(|name| f.find(name, "the account id"));
        let renewed = f.find("renewed", "whether it renewed");
        let churned = f.find("churned", "whether it churned");
        let date = f.find("renewal_date", "the renewal date");
        let expanded = f.find("expanded", "whether it expanded");
        let ids = if ["account_id", "account"].contains(&account) {
            "`account_id` (or `account`)".to_string()
        } else {
            format!(
                "`account_id` (or `account`, or `{}` as in the model)",
                crate::diagnostic::printable(account)
            )
        };
        let outcome = match (renewed, churned) {
            (Some(_), Some(_)) => {
                return Err(Diagnostic::file(
                    file,
                    "line 1: the header has both `renewed` and `churned`; keep one, so that no row can say both",
                )
                .into());
            }
            (Some(r), None) => Some((r, false)),
            (None, Some(c)) => Some((c, true)),
            (None, None) => None,
        };
        let (Some(account), Some(outcome)) = (id, outcome) else {
            return Err(Diagnostic::file(
                file,
                format!(
                    "line 1: an outcomes file needs columns {ids} and `renewed` (or `churned`); {}",
                    header_help(&names)
                ),
            )
            .with_help("columns: account_id, renewal_date (YYYY-MM-DD), renewed or churned (yes/no), expanded (yes/no, optional)")
            .into());
        };
        f.finish(header_help)?;
        Ok(OutcomeLayout {
            account,
            date,
            outcome,
            expanded,
            delimiter,
            names,
        })
    }
}

/// An account's renewal outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// Whether it renewed.
    pub renewed: bool,
    /// Whether it expanded, when the column and the cell say.
    pub expanded: Option<bool>,
    /// The renewal date, when the file has the column.
    pub date: Option<Date>,
    /// Its line in the outcomes file (in the block read, until the block is placed).
    pub line: u64,
}

/// One row of an outcomes CSV, as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutcomeRow<'r> {
    /// The account id.
    pub account: &'r str,
    /// The outcome.
    pub outcome: Outcome,
}

/// Reads the outcomes of one block of an outcomes CSV.
pub struct OutcomeReader<'a> {
    records: Records<'a>,
    layout: &'a OutcomeLayout,
}

impl<'a> OutcomeReader<'a> {
    /// A reader of `block` (whole records, no header).
    pub fn new(block: &'a [u8], layout: &'a OutcomeLayout) -> OutcomeReader<'a> {
        OutcomeReader {
            records: Records::new(block, layout.names.len(), layout.delimiter),
            layout,
        }
    }

    /// The next outcome, or `None` at the end of the block.
    pub fn next_outcome(&mut self) -> Result<Option<OutcomeRow<'_>>, RowProblem> {
        let Some(line) = self.records.next()? else {
            return Ok(None);
        };
        let l = self.layout;
        let r = &self.records;
        let problem = |column: usize, message: String| RowProblem {
            line,
            column,
            message,
        };
        let account = r.account(line, l.account)?;
        let date = r.date(line, l.date)?;
        let (col, churned) = l.outcome;
        let said = yes_no(r.get(col)).map_err(|m| problem(col, m))?;
        let expanded = match l.expanded.map(|i| (i, r.get(i))) {
            None | Some((_, b"")) => None,
            Some((i, b)) => Some(yes_no(b).map_err(|m| problem(i, m))?),
        };
        Ok(Some(OutcomeRow {
            account,
            outcome: Outcome {
                renewed: said != churned,
                expanded,
                date,
                line,
            },
        }))
    }
}

/// Where the columns of a plays log are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlayLayout {
    /// Account id (`account_id` or `account`).
    pub account: usize,
    /// The play id (`play` or `play_id`).
    pub play: usize,
    /// The start date (`start_date` or `start`).
    pub start: usize,
    /// The end date (`end_date` or `end`), when present.
    pub end: Option<usize>,
    /// The owner, when present.
    pub owner: Option<usize>,
    /// The field delimiter.
    pub delimiter: u8,
    /// The header's names, for messages.
    pub names: Vec<String>,
}

impl PlayLayout {
    /// Finds the plays log's columns in a header.
    pub fn new(file: &str, header: &[&[u8]], delimiter: u8) -> Result<PlayLayout, Error> {
        let names = header_names(header);
        let mut f = Finder {
            file,
            names: &names,
            problems: Vec::new(),
        };
        let mut either = |a: &str, b: &str, role: &str| f.find(a, role).or_else(|| f.find(b, role));
        let account = either("account_id", "account", "the account id");
        let play = either("play", "play_id", "the play");
        let start = either("start_date", "start", "the start date");
        let end = either("end_date", "end", "the end date");
        let owner = f.find("owner", "the owner");
        let (Some(account), Some(play), Some(start)) = (account, play, start) else {
            return Err(Diagnostic::file(
                file,
                format!(
                    "line 1: a plays log needs columns `account_id` (or `account`), `play` and `start_date`; {}",
                    header_help(&names)
                ),
            )
            .with_help("columns: account_id, play, start_date (YYYY-MM-DD), end_date (YYYY-MM-DD, optional), owner (optional)")
            .into());
        };
        f.finish(header_help)?;
        Ok(PlayLayout {
            account,
            play,
            start,
            end,
            owner,
            delimiter,
            names,
        })
    }
}

/// One row of a plays log, as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlayRow<'r> {
    /// Its line in the block read (1-based).
    pub line: u64,
    /// The account id.
    pub account: &'r str,
    /// The play id.
    pub play: &'r str,
    /// When it started.
    pub start: Date,
    /// When it ended, if it did.
    pub end: Option<Date>,
    /// Who ran it ("" when not given).
    pub owner: &'r str,
}

/// Reads the plays of one block of a plays log.
pub struct PlayReader<'a> {
    records: Records<'a>,
    layout: &'a PlayLayout,
}

impl<'a> PlayReader<'a> {
    /// A reader of `block` (whole records, no header).
    pub fn new(block: &'a [u8], layout: &'a PlayLayout) -> PlayReader<'a> {
        PlayReader {
            records: Records::new(block, layout.names.len(), layout.delimiter),
            layout,
        }
    }

    /// The next play, or `None` at the end of the block.
    pub fn next_play(&mut self) -> Result<Option<PlayRow<'_>>, RowProblem> {
        let Some(line) = self.records.next()? else {
            return Ok(None);
        };
        let l = self.layout;
        let r = &self.records;
        let problem = |column: usize, message: String| RowProblem {
            line,
            column,
            message,
        };
        let account = r.account(line, l.account)?;
        let play = r.get(l.play);
        if play.is_empty() {
            return Err(problem(
                l.play,
                "found an empty play id; every row names its play".into(),
            ));
        }
        let play = text(play, "play ids").map_err(|m| problem(l.play, m))?;
        let start = date(r.get(l.start)).map_err(|m| problem(l.start, m))?;
        let end = match l.end {
            Some(c) if !r.get(c).is_empty() => Some(date(r.get(c)).map_err(|m| problem(c, m))?),
            _ => None,
        };
        let owner = match l.owner {
            Some(c) => text(r.get(c), "owners").map_err(|m| problem(c, m))?,
            None => "",
        };
        Ok(Some(PlayRow {
            line,
            account,
            play,
            start,
            end,
            owner,
        }))
    }
}

/// Where the columns of a folds file are: the account id and its fold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoldLayout {
    /// Account id (`account_id` or `account`).
    pub account: usize,
    /// `fold`.
    pub fold: usize,
    /// The field delimiter.
    pub delimiter: u8,
    /// The header's names, for messages.
    pub names: Vec<String>,
}

impl FoldLayout {
    /// Finds the columns of a folds file in its header.
    pub fn new(file: &str, header: &[&[u8]], delimiter: u8) -> Result<FoldLayout, Error> {
        let names = header_names(header);
        let mut f = Finder {
            file,
            names: &names,
            problems: Vec::new(),
        };
        let account = ["account_id", "account"]
            .into_iter()
            .find_map(|name| f.find(name, "the account id"));
        let fold = f.find("fold", "the account's fold");
        let (Some(account), Some(fold)) = (account, fold) else {
            return Err(Diagnostic::file(
                file,
                format!(
                    "line 1: a folds file needs columns `account_id` (or `account`) and `fold`; {}",
                    header_help(&names)
                ),
            )
            .with_help("one row per account: its id and its fold, a whole number (0, 1, 2, ...)")
            .into());
        };
        f.finish(header_help)?;
        Ok(FoldLayout {
            account,
            fold,
            delimiter,
            names,
        })
    }
}

/// Reads the rows of one block of a folds file: (line, account, fold).
pub fn read_folds(
    block: &[u8],
    layout: &FoldLayout,
) -> Result<Vec<(u64, Box<str>, u64)>, RowProblem> {
    let mut records = Records::new(block, layout.names.len(), layout.delimiter);
    let mut out = Vec::new();
    while let Some(line) = records.next()? {
        let account = records.account(line, layout.account)?;
        let cell = trim(records.get(layout.fold));
        let fold = std::str::from_utf8(cell)
            .ok()
            .and_then(|t| t.parse::<u64>().ok())
            .filter(|f| *f < 1000)
            .ok_or_else(|| RowProblem {
                line,
                column: layout.fold,
                message: format!(
                    "found `{}`, expected a fold number from 0 to 999",
                    shown(cell)
                ),
            })?;
        out.push((line, account.into(), fold));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record read: its line and fields, or the problem that stopped the block.
    type Read = Result<(u64, Vec<Vec<u8>>), RowProblem>;

    /// Every record of a block, up to the first problem.
    fn records(block: &[u8], fields: usize, plain: bool) -> Vec<Read> {
        let mut r = Records::read(block, fields, plain, b',');
        let mut out = Vec::new();
        loop {
            match r.next() {
                Ok(Some(line)) => {
                    out.push(Ok((line, (0..fields).map(|i| r.get(i).to_vec()).collect())))
                }
                Ok(None) => return out,
                Err(p) => {
                    out.push(Err(p));
                    return out;
                }
            }
        }
    }

    #[test]
    fn plain_blocks_read_as_the_csv_crate_reads_them() {
        let blocks: [&[u8]; 6] = [
            b"a,b,c\nd,e,f\n",
            b"a, b ,c\r\n\r\n\n  \nd,,f",
            b"a,b,c\n\nd,e\n",
            b"a,b,c,d\n",
            b"",
            b"\n\nx,y,z\r\n",
        ];
        for block in blocks {
            assert!(is_plain(block));
            assert_eq!(
                records(block, 3, true),
                records(block, 3, false),
                "{}",
                String::from_utf8_lossy(block)
            );
        }
        let mut r = crate::health::demo::Rng::for_account(4, 2);
        for _ in 0..300 {
            let mut block = Vec::new();
            for _ in 0..(r.next_u64() % 20) {
                let fields = 2 + (r.next_u64() % 3) as usize;
                for f in 0..fields {
                    if f > 0 {
                        block.push(b',');
                    }
                    for _ in 0..(r.next_u64() % 4) {
                        block.push(b" ab1."[(r.next_u64() % 5) as usize]);
                    }
                }
                block.extend_from_slice(if r.next_u64() % 3 == 0 {
                    b"\r\n"
                } else {
                    b"\n"
                });
            }
            assert_eq!(records(&block, 3, true), records(&block, 3, false));
        }
        // Quoted fields take the csv crate's path, with lines counted the same way.
        let quoted = records(b"a,\"b\nb\",c\n\r\n\nd,e\n", 3, false);
        assert_eq!(
            quoted[0],
            Ok((1, vec![b"a".to_vec(), b"b\nb".to_vec(), b"c".to_vec()]))
        );
        assert_eq!(quoted[1].as_ref().map_err(|p| p.line), Err(5));
        assert!(!is_plain(b"a,\"b\",c\n"));
        assert!(!is_plain(b"a,b\rc,d\n"));
    }

    #[test]
    fn outcomes_are_yes_or_no() {
        assert_eq!(yes_no(b" Yes"), Ok(true));
        assert_eq!(yes_no(b"0"), Ok(false));
        assert!(
            yes_no(b"maybe")
                .unwrap_err()
                .contains("found `maybe`, expected yes or no")
        );
    }

    #[test]
    fn plain_decimals_parse_to_the_same_double_as_the_standard_parser() {
        for t in [
            "0",
            "-0",
            "12.5",
            "-50",
            "0.1",
            "99.99",
            "123456789012345",
            "0.000000000000001",
            "7.",
            ".5",
            "+3.25",
            "1e3",
            "-0.05",
        ] {
            assert_eq!(
                number(t.as_bytes()),
                Ok(Some(t.parse::<f64>().unwrap_or(f64::NAN))),
                "{t}"
            );
        }
        let mut r = crate::health::demo::Rng::for_account(1, 2);
        for _ in 0..20_000 {
            let t = format!(
                "{:.*}",
                (r.next_u64() % 6) as usize,
                (r.unit() - 0.5) * 10f64.powi((r.next_u64() % 9) as i32)
            );
            assert_eq!(
                plain_decimal(t.as_bytes()).map(f64::to_bits),
                t.parse::<f64>().ok().map(f64::to_bits),
                "{t}"
            );
        }
        assert_eq!(plain_decimal(b"1.2.3"), None);
        assert_eq!(plain_decimal(b"-"), None);
    }

    #[test]
    fn numbers_and_dates_are_read_strictly() {
        assert_eq!(number(b" 12.5 "), Ok(Some(12.5)));
        assert_eq!(number(b""), Ok(None));
        assert!(
            number(b"12%")
                .unwrap_err()
                .contains("found `12%`, expected a number")
        );
        assert!(number(b"NaN").is_err());
        assert_eq!(
            date(b"2024-02-29").map(|d| d.to_string()),
            Ok("2024-02-29".into())
        );
        assert!(date(b"2023-02-29").is_err());
        assert!(
            date(b"31/01/2024")
                .unwrap_err()
                .contains("expected a date as YYYY-MM-DD")
        );
    }
}
