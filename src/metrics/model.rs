//! The data the key metrics are computed from: an ARR ledger, survey
//! responses, onboarding milestones and costs, and the calendar they share
//! (days, months, the period reported on). Plain data; no I/O.

use std::fmt;

pub use crate::date::Date;

/// Reads `YYYY-MM-DD`, also the date part of a timestamp
/// (`2026-07-14T09:30:00Z`, `2026-07-14 09:30`), as exports write dates; the
/// date itself is read by [`Date::parse`], the one reader of dates.
pub fn parse_day(s: &str) -> Result<Date, crate::date::DateError> {
    let s = s.trim();
    let date = match s.char_indices().nth(10) {
        Some((i, 'T' | ' ')) => &s[..i],
        _ => s,
    };
    Date::parse(date)
}

/// Reads `YYYY`, `MM` or `DD`: ASCII digits only.
fn digits(s: &str) -> Option<u32> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Whole days from `earlier` to `later` (negative when it is before).
pub fn days_between(earlier: Date, later: Date) -> i64 {
    later.days() - earlier.days()
}

/// A calendar month, counted from January of year 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(pub u32);

impl Month {
    /// The month `month` (1–12) of `year`.
    pub fn new(year: u32, month: u32) -> Month {
        Month(year * 12 + month.clamp(1, 12) - 1)
    }

    /// The year.
    pub fn year(self) -> u32 {
        self.0 / 12
    }

    /// The month of the year, 1–12.
    pub fn number(self) -> u32 {
        self.0 % 12 + 1
    }

    /// Reads `YYYY-MM`, or a date in the month (`YYYY-MM-DD`, a timestamp), as
    /// ledgers export a month.
    pub fn parse(s: &str) -> Option<Month> {
        let s = s.trim();
        if s.len() == 7 {
            let (y, rest) = s.split_at(4);
            let m = rest.strip_prefix('-')?;
            let (y, m) = (digits(y)?, digits(m)?);
            return ((1..=9999).contains(&y) && (1..=12).contains(&m)).then(|| Month::new(y, m));
        }
        parse_day(s).ok().map(Month::of)
    }

    /// The month a date falls in.
    pub fn of(d: Date) -> Month {
        Month::new(u32::from(d.year()), u32::from(d.month()))
    }

    /// The month before.
    pub fn prev(self) -> Month {
        Month(self.0.saturating_sub(1))
    }

    /// The month `n` months later.
    pub fn plus(self, n: u32) -> Month {
        Month(self.0 + n)
    }

    /// Its first day.
    pub fn first_day(self) -> Date {
        let (y, m) = (self.year() as u16, self.number() as u8);
        Date::from_ymd(y, m, 1).unwrap_or(Date::from_days(0))
    }

    /// Its last day.
    pub fn last_day(self) -> Date {
        let (y, m) = (self.year() as u16, self.number() as u8);
        Date::from_ymd(y, m, crate::date::days_in(y, m)).unwrap_or(Date::from_days(0))
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.number())
    }
}

/// How long a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    /// One calendar month (`2026-07`).
    Month,
    /// A calendar quarter (`2026-Q3`).
    Quarter,
    /// A calendar year (`2026`).
    Year,
}

impl PeriodKind {
    /// Its name in JSON and messages.
    pub fn name(self) -> &'static str {
        match self {
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Year => "year",
        }
    }

    /// How many months it spans.
    pub fn months(self) -> u32 {
        match self {
            PeriodKind::Month => 1,
            PeriodKind::Quarter => 3,
            PeriodKind::Year => 12,
        }
    }
}

/// The period the metrics describe: whole calendar months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// A month, a quarter or a year.
    pub kind: PeriodKind,
    /// Its first month.
    pub first: Month,
}

impl Period {
    /// Reads `YYYY-MM` (a month), `YYYY-Qn` (a quarter) or `YYYY` (a year).
    pub fn parse(s: &str) -> Result<Period, String> {
        let t = s.trim();
        let bad = || {
            format!(
                "`{}` is not a period; expected a month (2026-07), a quarter (2026-Q3) or a year (2026)",
                crate::text::printable(&crate::text::excerpt(t, 40))
            )
        };
        let year = t
            .get(..4)
            .and_then(digits)
            .filter(|y| (1970..=9999).contains(y));
        let Some(year) = year else { return Err(bad()) };
        let rest = &t[4..];
        if rest.is_empty() {
            return Ok(Period {
                kind: PeriodKind::Year,
                first: Month::new(year, 1),
            });
        }
        if let Some(q) = rest.strip_prefix("-Q").or_else(|| rest.strip_prefix("-q")) {
            return match digits(q) {
                Some(n @ 1..=4) if q.len() == 1 => Ok(Period {
                    kind: PeriodKind::Quarter,
                    first: Month::new(year, 3 * n - 2),
                }),
                _ => Err(bad()),
            };
        }
        match Month::parse(t) {
            Some(first) if t.len() == 7 => Ok(Period {
                kind: PeriodKind::Month,
                first,
            }),
            _ => Err(bad()),
        }
    }

    /// The quarter a month is in.
    pub fn quarter_of(m: Month) -> Period {
        Period {
            kind: PeriodKind::Quarter,
            first: Month(m.0 - m.0 % 3),
        }
    }

    /// Its last month.
    pub fn last(self) -> Month {
        self.first.plus(self.kind.months() - 1)
    }

    /// How many months it spans.
    pub fn months(self) -> u32 {
        self.kind.months()
    }

    /// The month whose closing ARR the period starts from.
    pub fn opening(self) -> Month {
        self.first.prev()
    }

    /// Whether a month lies in it.
    pub fn contains(self, m: Month) -> bool {
        self.first <= m && m <= self.last()
    }

    /// Whether a day lies in it.
    pub fn contains_day(self, d: Date) -> bool {
        self.contains(Month::of(d))
    }

    /// Its months, in order.
    pub fn each_month(self) -> impl Iterator<Item = Month> {
        (self.first.0..=self.last().0).map(Month)
    }

    /// How many of its months also lie in `other`.
    pub fn overlap(self, other: Period) -> u32 {
        let lo = self.first.max(other.first);
        let hi = self.last().min(other.last());
        if hi < lo { 0 } else { hi.0 - lo.0 + 1 }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PeriodKind::Month => write!(f, "{}", self.first),
            PeriodKind::Quarter => {
                write!(
                    f,
                    "{}-Q{}",
                    self.first.year(),
                    self.first.number().div_ceil(3)
                )
            }
            PeriodKind::Year => write!(f, "{}", self.first.year()),
        }
    }
}

/// Where an input came from, for reports: the file as the user named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file as named on the command line.
    pub file: String,
    /// How many data rows it had.
    pub rows: usize,
}

/// An ARR ledger: each account's ARR at the end of each month (zero where a
/// month has no row), with its segment and, when the file has them, the
/// products that make up the ARR.
#[derive(Debug, Clone, PartialEq)]
pub struct Ledger {
    /// Where it came from.
    pub source: Source,
    /// The earliest month in the file.
    pub first: Month,
    /// How many months from `first` to the latest month in the file.
    pub months: u32,
    /// Account ids, in order of first appearance.
    pub accounts: Vec<String>,
    /// Each account's segment (an index into `segments`): the segment on its
    /// latest row that names one.
    pub segment_of: Vec<Option<usize>>,
    /// Segment names, in order of first appearance; empty without a segment column.
    pub segments: Vec<String>,
    /// Whether the file has a segment column.
    pub has_segment: bool,
    /// ARR by account and month: `arr[account * months + month - first]`.
    pub arr: Vec<f64>,
    /// Product names, in order of first appearance; empty without a product column.
    pub products: Vec<String>,
    /// Whether the file has a product column.
    pub has_product: bool,
    /// Which account held which product with positive ARR in which month.
    pub holdings: Vec<Holding>,
}

/// One account holding one product in one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Holding {
    /// The account (index into `accounts`).
    pub account: u32,
    /// The month.
    pub month: Month,
    /// The product (index into `products`).
    pub product: u32,
}

impl Ledger {
    /// The latest month in the file.
    pub fn last(&self) -> Month {
        self.first.plus(self.months.saturating_sub(1))
    }

    /// Whether the file spans this month.
    pub fn covers(&self, m: Month) -> bool {
        self.first <= m && m <= self.last()
    }

    /// An account's ARR at the end of a month (zero outside the file's months).
    pub fn arr_at(&self, account: usize, m: Month) -> f64 {
        if !self.covers(m) {
            return 0.0;
        }
        let i = account * self.months as usize + (m.0 - self.first.0) as usize;
        self.arr.get(i).copied().unwrap_or(0.0)
    }

    /// The first month an account had ARR, if ever.
    pub fn first_active(&self, account: usize) -> Option<Month> {
        (0..self.months)
            .map(|i| self.first.plus(i))
            .find(|&m| self.arr_at(account, m) > 0.0)
    }

    /// The account's segment name.
    pub fn segment_name(&self, account: usize) -> Option<&str> {
        self.segment_of
            .get(account)
            .copied()
            .flatten()
            .and_then(|s| self.segments.get(s))
            .map(String::as_str)
    }
}

/// A customer satisfaction rating reduced to what CSAT counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Satisfaction {
    /// Good (satisfied): `good`, `yes`, 4 or 5 of 5.
    Good,
    /// Bad (not satisfied): `bad`, `no`, 1 to 3 of 5.
    Bad,
}

/// One survey response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The account.
    pub account: String,
    /// Who answered, when the file says; otherwise the account answers as one.
    pub respondent: Option<String>,
    /// When.
    pub day: Date,
    /// The likelihood to recommend, 0–10 (NPS), if asked.
    pub score: Option<u8>,
    /// The satisfaction rating (CSAT), if asked.
    pub csat: Option<Satisfaction>,
}

/// Survey responses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Surveys {
    /// Where they came from.
    pub source: Source,
    /// Whether the file has a respondent column.
    pub has_respondent: bool,
    /// Whether it has a 0–10 score column (NPS).
    pub has_score: bool,
    /// Whether it has a CSAT column.
    pub has_csat: bool,
    /// The responses, in file order.
    pub responses: Vec<Response>,
}

/// One onboarding: from the contract start to the first value (if reached).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Onboarding {
    /// The account.
    pub account: String,
    /// The contract start.
    pub start: Date,
    /// The day the success milestone was reached, if it was.
    pub value: Option<Date>,
}

/// Onboarding milestones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Milestones {
    /// Where they came from.
    pub source: Source,
    /// One row each.
    pub onboardings: Vec<Onboarding>,
}

/// A cost of serving customers over a period, for one segment or shared.
#[derive(Debug, Clone, PartialEq)]
pub struct Cost {
    /// The months it covers.
    pub period: Period,
    /// The segment it is for; `None` for a cost shared by every segment.
    pub segment: Option<String>,
    /// The amount, in the ledger's currency.
    pub amount: f64,
}

/// Costs to serve.
#[derive(Debug, Clone, PartialEq)]
pub struct Costs {
    /// Where they came from.
    pub source: Source,
    /// One row each.
    pub costs: Vec<Cost>,
}

/// Everything the metrics may be computed from; each input is optional.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// The ARR ledger.
    pub ledger: Option<Ledger>,
    /// Survey responses.
    pub surveys: Option<Surveys>,
    /// Onboarding milestones.
    pub milestones: Option<Milestones>,
    /// Costs to serve.
    pub costs: Option<Costs>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_months_round_trip() {
        let day = |s: &str| {
            parse_day(s)
                .map(|d| d.to_string())
                .map_err(|e| e.to_string())
        };
        assert_eq!(day("2024-02-29"), Ok("2024-02-29".into()));
        assert_eq!(day("2026-07-14T09:30:00Z"), Ok("2026-07-14".into()));
        assert_eq!(day(" 2026-07-14 09:30 "), Ok("2026-07-14".into()));
        assert_eq!(
            day("2023-02-29"),
            Err(
                "found `2023-02-29`, expected a date as YYYY-MM-DD (February 2023 has 28 days)"
                    .into()
            )
        );
        assert!(day("14/07/2026").is_err());
        assert_eq!(
            Month::parse("2026-07").map(|m| m.to_string()),
            Some("2026-07".into())
        );
        assert_eq!(
            Month::parse("2026-07-31").map(|m| m.to_string()),
            Some("2026-07".into())
        );
        assert_eq!(Month::parse("2026-13"), None);
        assert_eq!(Month::parse("2026-7"), None);
        let m = Month::new(2026, 1);
        assert_eq!(m.prev().to_string(), "2025-12");
        assert_eq!(m.last_day().to_string(), "2026-01-31");
        assert_eq!(Month::new(2024, 2).last_day().to_string(), "2024-02-29");
        let later = parse_day("2026-03-01").unwrap_or(m.first_day());
        assert_eq!(days_between(m.first_day(), later), 59);
    }

    #[test]
    fn periods_are_months_quarters_or_years() {
        let q = Period::parse("2026-Q3").unwrap_or(Period::quarter_of(Month(24_000)));
        assert_eq!(
            (q.first.to_string(), q.last().to_string()),
            ("2026-07".into(), "2026-09".into())
        );
        assert_eq!(q.opening().to_string(), "2026-06");
        assert_eq!(q.to_string(), "2026-Q3");
        let y = Period::parse("2026").unwrap_or(q);
        assert_eq!((y.months(), y.last().to_string()), (12, "2026-12".into()));
        assert_eq!(
            Period::parse("2026-07").map(|p| p.to_string()),
            Ok("2026-07".into())
        );
        assert_eq!(
            Period::parse(" 2026-q1 ").map(|p| p.to_string()),
            Ok("2026-Q1".into())
        );
        assert_eq!(
            Period::parse("2026-Q5"),
            Err("`2026-Q5` is not a period; expected a month (2026-07), a quarter (2026-Q3) or a year (2026)".into())
        );
        assert!(Period::parse("Q3 2026").is_err());
        assert!(Period::parse("2026-07-01").is_err());
        assert_eq!(
            Period::quarter_of(Month::new(2026, 8)).to_string(),
            "2026-Q3"
        );
        assert_eq!(y.overlap(q), 3);
        assert_eq!(q.overlap(Period::parse("2026-09").unwrap_or(q)), 1);
        assert_eq!(q.overlap(Period::parse("2025").unwrap_or(q)), 0);
    }
}
