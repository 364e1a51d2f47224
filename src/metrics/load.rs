//! Reading the metrics' CSV inputs (ledger, surveys, milestones, costs) as
//! real exports write them: a UTF-8 byte-order mark, CRLF line ends, cells of
//! spaces for blanks, `;` or tab delimiters (detected from the header, or
//! given), `Yes`/`No`, decimal commas in `;` files, timestamps for dates.
//! Every bad cell is reported as `file:line:col` with the line and a caret.

use std::collections::HashMap;
use std::io::Read;
use std::ops::Range;

use super::model::{
    Cost, Costs, Holding, Ledger, Milestones, Month, Onboarding, Period, Response, Satisfaction,
    Source, Surveys, parse_day,
};
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::fsio::FileArg;

/// The largest input read (a ledger of a million rows is about 40 MB).
pub const MAX_BYTES: u64 = 1 << 30;

/// The most account-months a ledger may span (8 bytes each in memory).
const MAX_CELLS: u64 = 250_000_000;

/// How many problems are collected before reading stops.
const MAX_PROBLEMS: usize = 50;

/// A parsed input and what the reader noticed without refusing it.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// The data.
    pub data: T,
    /// Things worth telling (rows added up, blanks read as zero).
    pub warnings: Vec<String>,
}

/// A parser of one kind of input: file name (for messages), text, delimiter.
pub type Parser<T> = fn(&str, &str, Option<u8>) -> Result<Loaded<T>, Vec<Diagnostic>>;

/// Reads a whole input file (or standard input) as UTF-8 text without its
/// byte-order mark.
pub fn read(file: &FileArg) -> Result<String, Diagnostic> {
    let shown = file.display();
    let mut bytes = Vec::new();
    let result = match file {
        FileArg::Std => std::io::stdin()
            .lock()
            .take(MAX_BYTES + 1)
            .read_to_end(&mut bytes),
        FileArg::Path(p) => {
            if p.is_dir() {
                return Err(Diagnostic::file(
                    shown,
                    "is a directory; expected a CSV file",
                ));
            }
            std::fs::File::open(p).and_then(|f| f.take(MAX_BYTES + 1).read_to_end(&mut bytes))
        }
    };
    if let Err(e) = result {
        return Err(crate::fsio::read_problem(&shown, &e));
    }
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Diagnostic::file(
            shown,
            format!("file is larger than {} GiB", MAX_BYTES >> 30),
        ));
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let upto = String::from_utf8_lossy(&bytes[..valid]).into_owned();
        let line_rest = String::from_utf8_lossy(&bytes[valid..bytes.len().min(valid + 80)])
            .split('\n')
            .next()
            .unwrap_or("")
            .to_string();
        Diagnostic::at(
            shown,
            &format!("{upto}{line_rest}"),
            Some(valid..valid + 1),
            "not UTF-8 text; expected a CSV file saved as UTF-8",
        )
        .with_help("in Excel: Save As → \"CSV UTF-8 (Comma delimited)\"")
    })
}

pub use crate::text::sniff_delimiter;

/// A header name as compared: trimmed, lower case, spaces and dashes as `_`.
fn normal(name: &str) -> String {
    name.trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect()
}

/// The byte range of field `index` of the record starting at `start`.
fn field_span(text: &str, start: usize, delimiter: u8, index: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let (mut i, mut field, mut quoted) = (start.min(bytes.len()), 0, false);
    let mut field_start = i;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && (b == b'\n' || b == b'\r') {
            break;
        } else if !quoted && b == delimiter {
            if field == index {
                return field_start..i;
            }
            field += 1;
            field_start = i + 1;
        }
        i += 1;
    }
    if field == index {
        field_start..i
    } else {
        start..start
    }
}

/// One CSV input being read: its text, delimiter, header, and the problems
/// found so far (located once, with one line index for the file).
struct Sheet<'a> {
    file: &'a str,
    text: &'a str,
    delimiter: u8,
    names: Vec<String>,
    normal: Vec<String>,
    header_at: usize,
    lines: Option<LineIndex>,
    problems: Vec<Diagnostic>,
    reader: csv::Reader<&'a [u8]>,
    /// How many data rows were read (blank ones not counted).
    rows: usize,
}

/// A record of a sheet and where it starts; one is reused for every row.
#[derive(Default)]
struct Row {
    record: csv::StringRecord,
    start: usize,
    line: u64,
}

impl<'a> Sheet<'a> {
    /// Opens a CSV text and reads its header: the first non-blank record.
    fn open(
        file: &'a str,
        text: &'a str,
        delimiter: Option<u8>,
    ) -> Result<Sheet<'a>, Vec<Diagnostic>> {
        let delimiter = delimiter.unwrap_or_else(|| sniff_delimiter(text));
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let mut sheet = Sheet {
            file,
            text,
            delimiter,
            names: Vec::new(),
            normal: Vec::new(),
            header_at: 0,
            lines: None,
            problems: Vec::new(),
            reader,
            rows: 0,
        };
        let mut header = Row::default();
        if !sheet.next(&mut header) {
            if sheet.problems.is_empty() {
                sheet.problems.push(Diagnostic::file(
                    file,
                    "file is empty; expected a header row and data rows",
                ));
            }
            return Err(sheet.problems);
        }
        sheet.rows = 0;
        sheet.names = header.record.iter().map(|n| n.trim().to_string()).collect();
        sheet.normal = sheet.names.iter().map(|n| normal(n)).collect();
        sheet.header_at = header.start;
        Ok(sheet)
    }

    /// Reads the next record that is not blank into `row`; false at the end,
    /// or at a record the CSV reader cannot read (a problem, then).
    fn next(&mut self, row: &mut Row) -> bool {
        loop {
            let start = self.reader.position().byte() as usize;
            match self.reader.read_record(&mut row.record) {
                Ok(false) => return false,
                Ok(true) => {
                    if row.record.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    let at = row.record.position();
                    row.start = at.map_or(start, |p| p.byte() as usize);
                    row.line = at.map_or(0, csv::Position::line);
                    self.rows += 1;
                    return true;
                }
                Err(e) => {
                    let at = e.position().map_or(start, |p| p.byte() as usize);
                    let d =
                        self.diagnostic(at..at + 1, format!("cannot read this CSV record: {e}"));
                    self.problems.push(d);
                    return false;
                }
            }
        }
    }

    /// The column named one of `aliases`.
    fn column(&self, aliases: &[&str]) -> Option<usize> {
        aliases
            .iter()
            .find_map(|a| self.normal.iter().position(|n| n == a))
    }

    /// A required column, or a problem at the header naming what was expected.
    fn require(&mut self, what: &str, aliases: &[&str]) -> usize {
        if let Some(i) = self.column(aliases) {
            return i;
        }
        let names = self
            .names
            .iter()
            .map(|n| crate::text::printable(n))
            .collect::<Vec<_>>()
            .join(", ");
        let d = self
            .diagnostic(
                self.header_at..self.header_at,
                format!(
                    "no column for {what}; expected a column named {}",
                    aliases
                        .iter()
                        .map(|a| format!("`{a}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            )
            .with_help(format!(
                "the header has: {names}{}",
                if self.names.len() == 1 && self.names[0].contains([',', ';', '\t']) {
                    " (one column: is the delimiter right? see --delimiter)"
                } else {
                    ""
                }
            ));
        self.problems.push(d);
        usize::MAX
    }

    fn diagnostic(&mut self, span: Range<usize>, message: String) -> Diagnostic {
        let lines = self.lines.get_or_insert_with(|| LineIndex::new(self.text));
        Diagnostic::at_indexed(self.file, self.text, lines, Some(span), message)
    }

    /// Records a problem with cell `col` of a row.
    fn problem(&mut self, row: &Row, col: usize, message: String) {
        let span = field_span(self.text, row.start, self.delimiter, col);
        let name = self.names.get(col).map(|n| crate::text::printable(n));
        let message = match name {
            Some(n) => format!("column `{n}`: {message}"),
            None => message,
        };
        let d = self.diagnostic(span, message);
        self.problems.push(d);
    }

    /// Whether reading should stop (too many problems already).
    fn full(&self) -> bool {
        self.problems.len() >= MAX_PROBLEMS
    }

    /// Reads the next row that has as many cells as the header into `row`
    /// (the others are problems); false at the end or when reading stopped.
    fn next_row(&mut self, row: &mut Row) -> bool {
        while !self.full() && self.next(row) {
            if self.fits(row) {
                return true;
            }
        }
        false
    }

    /// Parses cell `col` of a row; a cell that does not parse is a problem
    /// at its place, and `None`.
    fn read<T>(
        &mut self,
        row: &Row,
        col: Option<usize>,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        match parse(Sheet::cell(row, col)) {
            Ok(v) => Some(v),
            Err(message) => {
                self.problem(row, col.unwrap_or(0), message);
                None
            }
        }
    }

    /// The account id of a row; an empty one is a problem, and `None`.
    fn account<'r>(&mut self, row: &'r Row, col: usize) -> Option<&'r str> {
        let id = Sheet::cell(row, Some(col));
        if id.is_empty() {
            self.problem(row, col, "empty; expected an account id".into());
            return None;
        }
        Some(id)
    }

    /// Checks a row has as many cells as the header.
    fn fits(&mut self, row: &Row) -> bool {
        if row.record.len() == self.names.len() {
            return true;
        }
        let span = row.start..row.start + 1;
        let message = format!(
            "found {} fields, but the header has {}",
            row.record.len(),
            self.names.len()
        );
        let d = self
            .diagnostic(span, message)
            .with_help("quote cells that hold the delimiter (\"1,200\"), or give --delimiter");
        self.problems.push(d);
        false
    }

    /// A cell, trimmed (`""` when the column is absent).
    fn cell(row: &Row, col: Option<usize>) -> &str {
        col.and_then(|c| row.record.get(c)).map_or("", str::trim)
    }

    /// The problems found, or the value when there are none.
    fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, Vec<Diagnostic>> {
        if self.problems.is_empty() {
            Ok(value())
        } else {
            Err(self.fail())
        }
    }

    /// The problems found, with a note when reading stopped early.
    fn fail(self) -> Vec<Diagnostic> {
        let mut p = self.problems;
        if p.len() >= MAX_PROBLEMS {
            p.push(Diagnostic::file(
                self.file,
                format!("stopped reading after {MAX_PROBLEMS} problems"),
            ));
        }
        p
    }
}

/// A cell as quoted in a message: escaped and cut.
fn shown(s: &str) -> String {
    crate::text::printable(&crate::text::excerpt(s, 40))
}

/// Reads an amount: `1200`, `1200.50`, and in a `;` file `1200,50`.
pub fn amount(cell: &str, delimiter: u8) -> Result<f64, String> {
    let t = cell.trim();
    let owned;
    let t = if delimiter == b';'
        && t.contains(',')
        && !t.contains('.')
        && t.matches(',').count() == 1
    {
        owned = t.replace(',', ".");
        owned.as_str()
    } else {
        t
    };
    match t.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ if t.contains([',', '.']) && t.replace([',', '.', ' '], "").parse::<f64>().is_ok() => {
            Err(format!(
                "found `{}`, expected a number without thousands separators (1200.50)",
                shown(cell)
            ))
        }
        _ => Err(format!("found `{}`, expected a number", shown(cell))),
    }
}

const ACCOUNT: &[&str] = &["account", "account_id", "customer", "customer_id"];
const SEGMENT: &[&str] = &["segment"];

/// Parses an ARR ledger: one row per account and month (and product, when
/// there is a product column) with the ARR at the end of that month.
pub fn parse_ledger(
    file: &str,
    text: &str,
    delimiter: Option<u8>,
) -> Result<Loaded<Ledger>, Vec<Diagnostic>> {
    let mut sheet = Sheet::open(file, text, delimiter)?;
    let account_col = sheet.require("the account", ACCOUNT);
    let month_col = sheet.require("the month (YYYY-MM)", &["month", "date", "period"]);
    let arr_col = sheet.require("the ARR", &["arr"]);
    let product_col = sheet.column(&["product", "product_id"]);
    let segment_col = sheet.column(SEGMENT);
    if !sheet.problems.is_empty() {
        return Err(sheet.fail());
    }
    let mut accounts: Vec<String> = Vec::new();
    let mut account_index: HashMap<String, u32> = HashMap::new();
    let mut segments: Vec<String> = Vec::new();
    let mut segment_index: HashMap<String, usize> = HashMap::new();
    let mut products: Vec<String> = Vec::new();
    let mut product_index: HashMap<String, u32> = HashMap::new();
    let mut segment_seen: Vec<Option<(Month, usize)>> = Vec::new();
    // (account, month, product, line, ARR) per row.
    let mut cells: Vec<(u32, Month, Option<u32>, u64, f64)> = Vec::new();
    let (mut repeated, mut first_repeat, mut blank_arr) = (0usize, None::<(u64, u64)>, 0usize);
    let mut row = Row::default();
    while sheet.next_row(&mut row) {
        let row = &row;
        let Some(id) = sheet.account(row, account_col) else {
            continue;
        };
        let month_text = Sheet::cell(row, Some(month_col));
        let Some(month) = Month::parse(month_text) else {
            sheet.problem(
                row,
                month_col,
                format!(
                    "found `{}`, expected a month as YYYY-MM (or a date in it)",
                    shown(month_text)
                ),
            );
            continue;
        };
        let arr_text = Sheet::cell(row, Some(arr_col));
        let arr = if arr_text.is_empty() {
            blank_arr += 1;
            0.0
        } else {
            match amount(arr_text, sheet.delimiter) {
                Ok(x) if x < 0.0 => {
                    sheet.problem(
                        row,
                        arr_col,
                        format!(
                            "found `{}`, expected an ARR of zero or more",
                            shown(arr_text)
                        ),
                    );
                    continue;
                }
                Ok(x) => x,
                Err(m) => {
                    sheet.problem(row, arr_col, m);
                    continue;
                }
            }
        };
        let next = accounts.len() as u32;
        let a = *account_index.entry(id.to_string()).or_insert_with(|| {
            accounts.push(id.to_string());
            segment_seen.push(None);
            next
        });
        let product = product_col
            .map(|c| Sheet::cell(row, Some(c)))
            .filter(|p| !p.is_empty())
            .map(|p| {
                let next = products.len() as u32;
                *product_index.entry(p.to_string()).or_insert_with(|| {
                    products.push(p.to_string());
                    next
                })
            });
        let segment = segment_col
            .map(|c| Sheet::cell(row, Some(c)))
            .filter(|s| !s.is_empty());
        if let Some(s) = segment {
            let next = segments.len();
            let si = *segment_index.entry(s.to_string()).or_insert_with(|| {
                segments.push(s.to_string());
                next
            });
            let slot = &mut segment_seen[a as usize];
            if slot.is_none_or(|(m, _)| month >= m) {
                *slot = Some((month, si));
            }
        }
        cells.push((a, month, product, row.line, arr));
    }
    // Rows repeating an account, month and product: sorted, they are neighbours.
    cells.sort_unstable_by_key(|x| (x.0, x.1, x.2, x.3));
    for pair in cells.windows(2) {
        let (x, y) = (&pair[0], &pair[1]);
        if (x.0, x.1, x.2) == (y.0, y.1, y.2) {
            repeated += 1;
            if first_repeat.is_none_or(|(_, b)| y.3 < b) {
                first_repeat = Some((x.3, y.3));
            }
        }
    }
    let (Some(first), Some(last)) = (
        cells.iter().map(|c| c.1).min(),
        cells.iter().map(|c| c.1).max(),
    ) else {
        if sheet.problems.is_empty() {
            let d = sheet.diagnostic(
                sheet.header_at..sheet.header_at,
                "no data rows after the header".into(),
            );
            sheet.problems.push(d);
        }
        return Err(sheet.fail());
    };
    let months = last.0 - first.0 + 1;
    if accounts.len() as u64 * u64::from(months) > MAX_CELLS {
        let d = Diagnostic::file(
            file,
            format!(
                "{} accounts over {months} months ({first} to {last}) is more than this reads at once; keep the months the period needs",
                accounts.len()
            ),
        );
        sheet.problems.push(d);
    } else if months > 1200 {
        let d = Diagnostic::file(
            file,
            format!(
                "the months run from {first} to {last}, more than 100 years; is a month mistyped?"
            ),
        );
        sheet.problems.push(d);
    }
    if !sheet.problems.is_empty() {
        return Err(sheet.fail());
    }
    let mut arr = vec![0.0; accounts.len() * months as usize];
    let mut holdings = Vec::new();
    for &(a, m, p, _, x) in &cells {
        arr[a as usize * months as usize + (m.0 - first.0) as usize] += x;
        if let (Some(p), true) = (p, x > 0.0) {
            holdings.push(Holding {
                account: a,
                month: m,
                product: p,
            });
        }
    }
    holdings.sort_unstable();
    holdings.dedup();
    let mut warnings = Vec::new();
    if let Some((a, b)) = first_repeat {
        warnings.push(format!(
            "{file}: {} the account, month{} of an earlier row (first: line {b} repeats line {a}); \
             their ARR was added up (remove repeated export rows, which double the ARR)",
            crate::text::plural(repeated, "row repeats", "rows repeat"),
            if product_col.is_some() {
                " and product"
            } else {
                ""
            }
        ));
    }
    if blank_arr > 0 {
        warnings.push(format!(
            "{file}: {} with an empty ARR read as 0",
            crate::text::plural(blank_arr, "row", "rows")
        ));
    }
    Ok(Loaded {
        data: Ledger {
            source: Source {
                file: file.to_string(),
                rows: sheet.rows,
            },
            first,
            months,
            segment_of: segment_seen.iter().map(|s| s.map(|(_, i)| i)).collect(),
            accounts,
            segments,
            has_segment: segment_col.is_some(),
            arr,
            products,
            has_product: product_col.is_some(),
            holdings,
        },
        warnings,
    })
}

/// Reads a date cell ([`parse_day`]), the message saying why not.
fn date(cell: &str) -> Result<crate::date::Date, String> {
    parse_day(cell).map_err(|e| e.to_string())
}

/// Reads a CSAT rating: good/bad, yes/no, satisfied/unsatisfied, or 1–5
/// (4 and 5 good; 1 to 3 not, as Zendesk counts a five-point scale).
pub fn satisfaction(cell: &str) -> Result<Option<Satisfaction>, String> {
    let t = cell.trim().to_lowercase();
    Ok(Some(match t.as_str() {
        "" => return Ok(None),
        "good" | "yes" | "y" | "satisfied" | "true" | "positive" => Satisfaction::Good,
        "bad" | "no" | "n" | "unsatisfied" | "dissatisfied" | "false" | "negative" => {
            Satisfaction::Bad
        }
        "4" | "5" | "4.0" | "5.0" => Satisfaction::Good,
        "1" | "2" | "3" | "1.0" | "2.0" | "3.0" => Satisfaction::Bad,
        _ => {
            return Err(format!(
                "found `{}`, expected a CSAT rating: good or bad, yes or no, or 1 to 5",
                shown(cell)
            ));
        }
    }))
}

/// Reads a likelihood to recommend: a whole number from 0 to 10.
pub fn nps_score(cell: &str) -> Result<Option<u8>, String> {
    let t = cell.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let whole = t.strip_suffix(".0").unwrap_or(t);
    match whole.parse::<u8>() {
        Ok(x) if x <= 10 => Ok(Some(x)),
        _ => Err(format!(
            "found `{}`, expected a score: a whole number from 0 to 10",
            shown(cell)
        )),
    }
}

/// Parses survey responses: account, date, and a 0–10 score (NPS), a CSAT
/// rating, or both; a respondent column when several people answer per account.
pub fn parse_surveys(
    file: &str,
    text: &str,
    delimiter: Option<u8>,
) -> Result<Loaded<Surveys>, Vec<Diagnostic>> {
    let mut sheet = Sheet::open(file, text, delimiter)?;
    let account_col = sheet.require("the account", ACCOUNT);
    let date_col = sheet.require(
        "the response date (YYYY-MM-DD)",
        &[
            "date",
            "response_date",
            "responded_at",
            "submitted_at",
            "created_at",
        ],
    );
    let respondent_col = sheet.column(&["respondent", "respondent_id", "email", "contact"]);
    let score_col = sheet.column(&["score", "nps", "nps_score"]);
    let csat_col = sheet.column(&["csat", "rating", "csat_rating", "satisfaction"]);
    if score_col.is_none() && csat_col.is_none() {
        sheet.require(
            "the answer: a 0–10 score (NPS) or a CSAT rating",
            &["score", "nps", "csat", "rating"],
        );
    }
    let mut responses = Vec::new();
    let mut empty = 0usize;
    if sheet.problems.is_empty() {
        let mut row = Row::default();
        while sheet.next_row(&mut row) {
            let row = &row;
            let Some(account) = sheet.account(row, account_col) else {
                continue;
            };
            let Some(day) = sheet.read(row, Some(date_col), date) else {
                continue;
            };
            let Some(score) = sheet.read(row, score_col, nps_score) else {
                continue;
            };
            let Some(csat) = sheet.read(row, csat_col, satisfaction) else {
                continue;
            };
            if score.is_none() && csat.is_none() {
                empty += 1;
                continue;
            }
            let respondent = respondent_col
                .map(|c| Sheet::cell(row, Some(c)))
                .filter(|r| !r.is_empty())
                .map(str::to_string);
            responses.push(Response {
                account: account.to_string(),
                respondent,
                day,
                score,
                csat,
            });
        }
    }
    let mut warnings = Vec::new();
    if empty > 0 {
        warnings.push(format!(
            "{file}: {} without a score or a rating left out",
            crate::text::plural(empty, "response", "responses")
        ));
    }
    let source = Source {
        file: file.to_string(),
        rows: sheet.rows,
    };
    sheet.finish(|| Loaded {
        data: Surveys {
            source,
            has_respondent: respondent_col.is_some(),
            has_score: score_col.is_some(),
            has_csat: csat_col.is_some(),
            responses,
        },
        warnings,
    })
}

/// Parses onboarding milestones: account, contract start, first value date
/// (empty while not reached).
pub fn parse_milestones(
    file: &str,
    text: &str,
    delimiter: Option<u8>,
) -> Result<Loaded<Milestones>, Vec<Diagnostic>> {
    let mut sheet = Sheet::open(file, text, delimiter)?;
    let account_col = sheet.require("the account", ACCOUNT);
    let start_col = sheet.require(
        "the contract start (YYYY-MM-DD)",
        &["start", "contract_start", "start_date"],
    );
    let value_col = sheet.require(
        "the first value date (YYYY-MM-DD, empty until reached)",
        &["first_value", "first_value_date", "value_date", "value"],
    );
    let mut onboardings = Vec::new();
    if sheet.problems.is_empty() {
        let mut row = Row::default();
        while sheet.next_row(&mut row) {
            let row = &row;
            let Some(account) = sheet.account(row, account_col) else {
                continue;
            };
            let Some(start) = sheet.read(row, Some(start_col), date) else {
                continue;
            };
            let value_text = Sheet::cell(row, Some(value_col));
            let value = if value_text.is_empty() {
                None
            } else {
                match parse_day(value_text) {
                    Ok(v) if v < start => {
                        sheet.problem(
                            row,
                            value_col,
                            format!("first value on {v} is before the contract start on {start}"),
                        );
                        continue;
                    }
                    Ok(v) => Some(v),
                    Err(e) => {
                        sheet.problem(row, value_col, format!("{e}; empty while not reached"));
                        continue;
                    }
                }
            };
            onboardings.push(Onboarding {
                account: account.to_string(),
                start,
                value,
            });
        }
    }
    let source = Source {
        file: file.to_string(),
        rows: sheet.rows,
    };
    sheet.finish(|| Loaded {
        data: Milestones {
            source,
            onboardings,
        },
        warnings: Vec::new(),
    })
}

/// Parses costs to serve: period (month, quarter or year), segment (empty
/// for a cost every segment shares) and amount.
pub fn parse_costs(
    file: &str,
    text: &str,
    delimiter: Option<u8>,
) -> Result<Loaded<Costs>, Vec<Diagnostic>> {
    let mut sheet = Sheet::open(file, text, delimiter)?;
    let period_col = sheet.require(
        "the period (2026-07, 2026-Q3 or 2026)",
        &["period", "month"],
    );
    let amount_col = sheet.require("the amount", &["amount", "cost"]);
    let segment_col = sheet.column(SEGMENT);
    let mut costs = Vec::new();
    if sheet.problems.is_empty() {
        let mut row = Row::default();
        while sheet.next_row(&mut row) {
            let row = &row;
            let Some(period) = sheet.read(row, Some(period_col), Period::parse) else {
                continue;
            };
            let amount_text = Sheet::cell(row, Some(amount_col));
            let amount = match amount(amount_text, sheet.delimiter) {
                Ok(x) if x < 0.0 => {
                    sheet.problem(
                        row,
                        amount_col,
                        format!(
                            "found `{}`, expected an amount of zero or more",
                            shown(amount_text)
                        ),
                    );
                    continue;
                }
                Ok(x) => x,
                Err(m) => {
                    sheet.problem(row, amount_col, m);
                    continue;
                }
            };
            let segment = segment_col
                .map(|c| Sheet::cell(row, Some(c)))
                .filter(|s| !s.is_empty())
                .map(str::to_string);
            costs.push(Cost {
                period,
                segment,
                amount,
            });
        }
    }
    let source = Source {
        file: file.to_string(),
        rows: sheet.rows,
    };
    sheet.finish(|| Loaded {
        data: Costs { source, costs },
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headline(r: Result<impl Sized, Vec<Diagnostic>>) -> Vec<String> {
        r.err()
            .unwrap_or_default()
            .iter()
            .map(Diagnostic::headline)
            .collect()
    }

    #[test]
    fn a_real_export_reads_like_a_clean_one() {
        let clean = "account,month,arr,segment\na1,2026-06,1200,smb\na2,2026-06,800.5,ent\n";
        let export = "\u{feff}Account ID;Month;ARR;Segment\r\na1;2026-06-30;1200;smb\r\n a2 ;2026-06;800,5; ent \r\n ; ; ; \r\n";
        let a = parse_ledger("a.csv", clean, None).map(|l| l.data.arr);
        let b = parse_ledger("b.csv", export, None).map(|l| l.data.arr);
        assert_eq!(a, Ok(vec![1200.0, 800.5]));
        assert_eq!(a, b);
    }

    /// Random text made of CSV's own characters never panics a reader or the
    /// computation: it is data or located problems.
    #[test]
    fn no_input_panics_a_reader() {
        let mut r = crate::health::demo::Rng::for_account(29, 7);
        let alphabet: Vec<char> = "account,month,arr;date score csat start first_value period amount segment product\"\r\n\t-.:T2026-07-31 9 yes ,;é\u{202e}\u{feff}"
            .chars()
            .collect();
        for _ in 0..1500 {
            let len = (r.next_u64() % 120) as usize;
            let mut text: String = (0..len)
                .map(|_| alphabet[(r.next_u64() % alphabet.len() as u64) as usize])
                .collect();
            if r.unit() < 0.5 {
                text.insert_str(
                    0,
                    "account,month,arr,date,score,csat,start,first_value,period,amount\n",
                );
            }
            let located = |problems: Vec<Diagnostic>| {
                assert!(!problems.is_empty());
                for d in &problems {
                    assert!(d.headline().starts_with('f'), "{text:?}");
                }
            };
            let inputs = crate::metrics::model::Inputs {
                ledger: parse_ledger("f", &text, None)
                    .map_err(located)
                    .ok()
                    .map(|l| l.data),
                surveys: parse_surveys("f", &text, None)
                    .map_err(located)
                    .ok()
                    .map(|l| l.data),
                milestones: parse_milestones("f", &text, None)
                    .map_err(located)
                    .ok()
                    .map(|l| l.data),
                costs: parse_costs("f", &text, None)
                    .map_err(located)
                    .ok()
                    .map(|l| l.data),
            };
            // What reads is computed without a panic, for its default period and another.
            let default = crate::metrics::compute::default_period(&inputs).map(|(p, _)| p);
            for period in default.into_iter().chain(Period::parse("2026-Q3")) {
                let options = crate::metrics::compute::Options {
                    period,
                    chosen: crate::metrics::compute::Chosen::Given,
                    count_reactivation: r.unit() < 0.5,
                };
                let _ = crate::metrics::compute::compute(&inputs, &options);
            }
        }
    }

    #[test]
    fn the_delimiter_is_the_commonest_in_the_header() {
        assert_eq!(sniff_delimiter("a;b;c\n1,2;3;4\n"), b';');
        assert_eq!(sniff_delimiter("\n\"a;b\",c,d\n"), b',');
        assert_eq!(sniff_delimiter("a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter("single"), b',');
    }

    #[test]
    fn bad_cells_are_located_with_line_and_column() {
        let text =
            "account,month,arr\na1,2026-06,100\na2,June,100\na3,2026-06,12k\na4,2026-06,-5\n";
        assert_eq!(
            headline(parse_ledger("l.csv", text, None)),
            [
                "l.csv:3:4: column `month`: found `June`, expected a month as YYYY-MM (or a date in it)",
                "l.csv:4:12: column `arr`: found `12k`, expected a number",
                "l.csv:5:12: column `arr`: found `-5`, expected an ARR of zero or more",
            ]
        );
        let quoted = "account,month,arr\n\"a, b\",2026-06,\"1,200\"\n";
        assert_eq!(
            headline(parse_ledger("q.csv", quoted, None)),
            [
                "q.csv:2:16: column `arr`: found `1,200`, expected a number without thousands separators (1200.50)"
            ]
        );
    }

    #[test]
    fn a_missing_column_names_what_was_expected_and_what_is_there() {
        let e = parse_ledger("l.csv", "customer;when;arr\nx;2026-01;1\n", Some(b','));
        let d = e.err().unwrap_or_default();
        assert_eq!(
            d[0].to_string(),
            "l.csv:1:1: no column for the account; expected a column named `account` or `account_id` or `customer` or `customer_id`\n  |\n1 | customer;when;arr\n  | ^\n  = help: the header has: customer;when;arr (one column: is the delimiter right? see --delimiter)"
        );
    }

    #[test]
    fn rows_of_the_wrong_width_are_refused() {
        assert_eq!(
            headline(parse_ledger(
                "l.csv",
                "account,month,arr\na,2026-01,1,2\n",
                None
            )),
            ["l.csv:2:1: found 4 fields, but the header has 3"]
        );
    }

    #[test]
    fn repeated_rows_are_added_up_and_said() {
        let l = parse_ledger(
            "l.csv",
            "account,month,arr\na,2026-01,1\na,2026-01,2\nb,2026-01,\n",
            None,
        );
        let (arr, warnings) = l.map(|l| (l.data.arr, l.warnings)).unwrap_or_default();
        assert_eq!(arr, vec![3.0, 0.0]);
        assert_eq!(
            warnings,
            [
                "l.csv: 1 row repeats the account, month of an earlier row (first: line 3 repeats line 2); their ARR was added up (remove repeated export rows, which double the ARR)",
                "l.csv: 1 row with an empty ARR read as 0"
            ]
        );
    }

    #[test]
    fn the_latest_segment_of_an_account_counts() {
        let l = parse_ledger(
            "l.csv",
            "account,month,arr,segment\na,2026-02,1,mid\na,2026-01,1,smb\n",
            None,
        )
        .map(|l| l.data);
        let l = l.as_ref().ok();
        assert_eq!(l.and_then(|l| l.segment_name(0)), Some("mid"));
        assert_eq!(
            l.map(|l| (l.first.to_string(), l.months)),
            Some(("2026-01".into(), 2))
        );
    }

    #[test]
    fn survey_answers_are_scores_and_ratings() {
        assert_eq!(nps_score(" 9 "), Ok(Some(9)));
        assert_eq!(nps_score("10.0"), Ok(Some(10)));
        assert!(nps_score("11").is_err());
        assert_eq!(satisfaction("Yes"), Ok(Some(Satisfaction::Good)));
        assert_eq!(satisfaction("3"), Ok(Some(Satisfaction::Bad)));
        assert_eq!(satisfaction(" "), Ok(None));
        assert_eq!(
            satisfaction("meh"),
            Err("found `meh`, expected a CSAT rating: good or bad, yes or no, or 1 to 5".into())
        );
        let s = parse_surveys(
            "s.csv",
            "account,date,score\na,2026-07-01,9\nb,2026-07-40,9\nc,2026-07-01,x\n",
            None,
        );
        assert_eq!(
            headline(s),
            [
                "s.csv:3:3: column `date`: found `2026-07-40`, expected a date as YYYY-MM-DD (July 2026 has 31 days)",
                "s.csv:4:14: column `score`: found `x`, expected a score: a whole number from 0 to 10"
            ]
        );
    }

    #[test]
    fn first_value_before_the_start_is_refused() {
        let m = parse_milestones(
            "m.csv",
            "account,start,first_value\na,2026-02-01,2026-01-02\n",
            None,
        );
        assert_eq!(
            headline(m),
            [
                "m.csv:2:14: column `first_value`: first value on 2026-01-02 is before the contract start on 2026-02-01"
            ]
        );
    }

    #[test]
    fn costs_have_periods_and_amounts() {
        let c = parse_costs(
            "c.csv",
            "period;segment;amount\n2026-Q3;;1000,5\n2026-07;smb;10\n",
            None,
        )
        .map(|c| c.data.costs);
        let c = c.unwrap_or_default();
        assert_eq!(c.len(), 2);
        assert_eq!(
            (c[0].period.to_string(), c[0].segment.clone(), c[0].amount),
            ("2026-Q3".into(), None, 1000.5)
        );
        assert_eq!(
            headline(parse_costs("c.csv", "period,amount\nQ3,1\n", None)),
            [
                "c.csv:2:1: column `period`: `Q3` is not a period; expected a month (2026-07), a quarter (2026-Q3) or a year (2026)"
            ]
        );
    }
}
