//! Calendar dates, read one way everywhere: `YYYY-MM-DD`, a real day of the
//! (proleptic Gregorian) calendar. Answers files (the respondent's date),
//! `trend`'s ordering and health's date columns all parse through [`Date`].

use std::fmt;

/// A calendar date, written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Why a text is not a date: the text as found and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    /// The text, escaped for messages and cut to 40 characters.
    pub found: String,
    /// What is wrong beyond the shape, when the shape was right ("there is no month 13").
    pub reason: Option<String>,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "found `{}`, expected a date as YYYY-MM-DD", self.found)?;
        if let Some(r) = &self.reason {
            write!(f, " ({r})")?;
        }
        Ok(())
    }
}

impl std::error::Error for DateError {}

fn is_leap(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// How many days a month (1–12) of a year has.
pub fn days_in(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 31,
    }
}

impl Date {
    /// Parses `YYYY-MM-DD` (blanks around it allowed): four, two and two
    /// digits naming a day that exists. Anything else, a time after the date
    /// included, is refused with what was found and why.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        Date::parse_bytes(text.as_bytes())
    }

    /// [`Date::parse`] on bytes (a CSV cell), without building a string.
    pub fn parse_bytes(bytes: &[u8]) -> Result<Date, DateError> {
        let t = bytes.trim_ascii();
        let fail = |reason: Option<String>| DateError {
            found: found(t),
            reason,
        };
        let shape = t.len() == 10
            && t[4] == b'-'
            && t[7] == b'-'
            && t.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape {
            return Err(fail(None));
        }
        let n =
            |r: std::ops::Range<usize>| t[r].iter().fold(0u16, |a, c| a * 10 + u16::from(c - b'0'));
        let (year, month, day) = (n(0..4), n(5..7), n(8..10));
        if year == 0 {
            return Err(fail(Some("there is no year 0".into())));
        }
        let Some(name) = month
            .checked_sub(1)
            .and_then(|m| MONTHS.get(usize::from(m)))
        else {
            return Err(fail(Some(format!("there is no month {month}"))));
        };
        // Both fit: month is 1–12 and day at most 99.
        let (month, day) = (month as u8, day as u8);
        let last = days_in(year, month);
        if day == 0 {
            return Err(fail(Some("there is no day 0".into())));
        }
        if day > last {
            return Err(fail(Some(format!("{name} {year} has {last} days"))));
        }
        Ok(Date { year, month, day })
    }

    /// The date of a year, month (1–12) and day, if that day exists.
    pub fn from_ymd(year: u16, month: u8, day: u8) -> Option<Date> {
        ((1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in(year, month))
        .then_some(Date { year, month, day })
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The days from 1970-01-01 to this date (negative before it): the
    /// inverse of [`Date::from_days`] (Howard Hinnant's algorithm).
    pub fn days(self) -> i64 {
        let (month, day) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = if month > 2 { month - 3 } else { month + 9 };
        let doy = (153 * mp + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date a count of days since 1970-01-01 falls on (Howard Hinnant's
    /// algorithm); years past 9999 are held at 9999-12-31.
    pub fn from_days(days: u64) -> Date {
        let z = days.min(2_932_896) as i64 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: year.clamp(1, 9999) as u16,
            month: month as u8,
            day: day as u8,
        }
    }

    /// The last day of this date's month.
    pub fn month_end(self) -> Date {
        Date {
            day: days_in(self.year, self.month),
            ..self
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl std::str::FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        Date::parse(s)
    }
}

/// Text as a message shows it: control characters escaped, cut to 40 characters.
fn found(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(bytes);
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    crate::text::printable(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(s: &str) -> String {
        Date::parse(s)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn real_dates_are_read_and_written_back() {
        for s in [
            "2026-03-31",
            "2000-02-29",
            "2024-02-29",
            "0001-01-01",
            "9999-12-31",
        ] {
            assert_eq!(Date::parse(s).map(|d| d.to_string()).as_deref(), Ok(s));
        }
        assert_eq!(
            Date::parse(" 2026-03-31\t")
                .map(|d| d.to_string())
                .as_deref(),
            Ok("2026-03-31")
        );
        let d = |s: &str| Date::parse(s).ok();
        assert!(d("2026-03-31") < d("2026-04-01"));
        assert!(d("2025-12-31") < d("2026-01-01"));
        assert!(d("2026-01-01").is_some());
    }

    #[test]
    fn day_counts_go_both_ways() {
        let d = |s: &str| Date::parse(s).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(d("1970-01-01").days(), 0);
        assert_eq!(d("2026-10-31").days() - d("2026-07-31").days(), 92);
        assert_eq!(d("2024-03-01").days() - d("2024-02-28").days(), 2);
        assert_eq!(d("1969-12-31").days(), -1);
        for n in [0u64, 59, 60, 10_956, 20_000, 2_932_896] {
            assert_eq!(Date::from_days(n).days(), n as i64);
        }
        assert_eq!(d("2024-02-10").month_end().to_string(), "2024-02-29");
    }

    #[test]
    fn impossible_dates_say_why() {
        assert_eq!(
            err("2026-13-45"),
            "found `2026-13-45`, expected a date as YYYY-MM-DD (there is no month 13)"
        );
        assert_eq!(
            err("2026-02-29"),
            "found `2026-02-29`, expected a date as YYYY-MM-DD (February 2026 has 28 days)"
        );
        assert_eq!(
            err("1900-02-29"),
            "found `1900-02-29`, expected a date as YYYY-MM-DD (February 1900 has 28 days)"
        );
        assert_eq!(
            err("2026-04-31"),
            "found `2026-04-31`, expected a date as YYYY-MM-DD (April 2026 has 30 days)"
        );
        assert_eq!(
            err("2026-01-00"),
            "found `2026-01-00`, expected a date as YYYY-MM-DD (there is no day 0)"
        );
        assert_eq!(
            err("2026-00-10"),
            "found `2026-00-10`, expected a date as YYYY-MM-DD (there is no month 0)"
        );
        assert_eq!(
            err("0000-01-01"),
            "found `0000-01-01`, expected a date as YYYY-MM-DD (there is no year 0)"
        );
    }

    #[test]
    fn other_shapes_are_refused() {
        for s in [
            "31/03/2026",
            "2026-3-31",
            "2026-03-31T10:00",
            "Q1 2026",
            "",
            "２０２６-03-31",
            "+2026-03-31",
        ] {
            assert_eq!(
                err(s),
                format!("found `{s}`, expected a date as YYYY-MM-DD"),
                "{s}"
            );
        }
        assert_eq!(
            err("2026-03-31\u{202e}"),
            "found `2026-03-31\\u{202e}`, expected a date as YYYY-MM-DD"
        );
    }

    #[test]
    fn day_counts_round_trip() {
        for s in [
            "1970-01-01",
            "2000-02-29",
            "2024-12-31",
            "2026-03-01",
            "9999-12-31",
        ] {
            let d = Date::parse(s).unwrap_or(Date::from_days(0));
            assert_eq!(Date::from_days(d.days() as u64), d, "{s}");
        }
        assert_eq!(Date::from_ymd(2026, 2, 29), None);
        assert_eq!(
            Date::from_ymd(2024, 2, 29).map(|d| (d.year(), d.month())),
            Some((2024, 2))
        );
        assert_eq!(Date::from_ymd(1969, 12, 31).map(Date::days), Some(-1));
    }

    #[test]
    fn days_since_1970() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(20_415).to_string(), "2025-11-23");
        assert_eq!(Date::from_days(11_016).to_string(), "2000-02-29");
        assert_eq!(Date::from_days(u64::MAX).to_string(), "9999-12-31");
    }
}
