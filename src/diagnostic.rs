//! User-facing problems with a file: where they are and how to show them.

use std::fmt;
use std::ops::Range;

/// A position in a file, 1-based, with the text of its line for the snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column in characters, starting at 1.
    pub column: usize,
    /// The whole line, without its line ending.
    pub line_text: String,
    /// How many characters the caret underline covers (at least 1).
    pub width: usize,
    /// The column of the problem within `line_text` (which is cut around the
    /// problem when the line is very long).
    pub snippet_column: usize,
}

impl Location {
    /// Locates a byte range of `source`; the range is clamped to the source.
    pub fn from_span(source: &str, span: Range<usize>) -> Location {
        Location::from_span_in(source, &LineIndex::new(source), span)
    }

    /// Locates a byte range with a line index built once for `source`, so
    /// that locating many problems in one file costs O(log n) each.
    pub fn from_span_in(source: &str, lines: &LineIndex, span: Range<usize>) -> Location {
        let mut start = span.start.min(source.len());
        while !source.is_char_boundary(start) {
            start -= 1;
        }
        let line = lines.line_of(start);
        let line_start = lines.starts[line];
        let line_end = lines
            .starts
            .get(line + 1)
            .map_or(source.len(), |next| next - 1);
        let column = source[line_start..start].chars().count() + 1;
        let end = span.end.clamp(start, line_end);
        let end = (start..=end)
            .rev()
            .find(|&i| source.is_char_boundary(i))
            .unwrap_or(start);
        let width = source[start..end].chars().count().max(1);
        let (line_text, snippet_column) =
            around(source[line_start..line_end].trim_end_matches('\r'), column);
        Location {
            line: line + 1,
            column,
            line_text,
            width,
            snippet_column,
        }
    }
}

/// The byte offsets where each line of a text starts.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `source`.
    pub fn new(source: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(source.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }
}

/// The part of a line kept for the snippet, with the column within it: all of
/// it when short, else the stretch around the column (an error never carries a
/// whole 7 MB line).
fn around(line: &str, column: usize) -> (String, usize) {
    const KEEP: usize = 200;
    if line.len() <= 4 * KEEP {
        return (line.to_string(), column);
    }
    let skip = column.saturating_sub(KEEP);
    let kept: String = line.chars().skip(skip).take(2 * KEEP).collect();
    (kept, column - skip)
}

/// One problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it (`<stdin>` for standard input).
    pub path: String,
    /// Where in the file, when the problem has a place.
    pub location: Option<Box<Location>>,
    /// What was found and what was expected.
    pub message: String,
    /// What to do about it, when that helps.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem with the file as a whole (missing, unreadable, too large).
    pub fn file(path: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            path: path.into(),
            location: None,
            message: message.into(),
            help: None,
        }
    }

    /// A problem at a byte range of the file's text.
    pub fn at(
        path: impl Into<String>,
        source: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let lines = span.as_ref().map(|_| LineIndex::new(source));
        Diagnostic {
            path: path.into(),
            location: span
                .zip(lines)
                .map(|(s, lines)| Box::new(Location::from_span_in(source, &lines, s))),
            message: message.into(),
            help: None,
        }
    }

    /// A TOML syntax or schema error, naming the file (the toml crate does not).
    pub fn from_toml(path: &str, source: &str, e: &toml::de::Error) -> Diagnostic {
        let message = e.message().trim().replace('\n', "; ");
        Diagnostic::at(path, source, e.span(), crate::text::excerpt(&message, 300))
    }

    /// A serde_json error, at its line and column, without the "at line …"
    /// serde_json appends (the location says it).
    pub fn from_json(path: &str, source: &str, e: &serde_json::Error) -> Diagnostic {
        let offset = offset_of(source, e.line(), e.column());
        let msg = e.to_string();
        let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
        Diagnostic::at(path, source, Some(offset..offset + 1), msg)
    }

    /// A problem at a byte range, located with a line index built once for
    /// the file (for code that reports many problems in one file).
    pub fn at_indexed(
        path: impl Into<String>,
        source: &str,
        lines: &LineIndex,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            path: path.into(),
            location: span.map(|s| Box::new(Location::from_span_in(source, lines, s))),
            message: message.into(),
            help: None,
        }
    }

    /// Adds advice on what to do.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// The one-line form, `path:line:col: message`, as compilers print it;
    /// a long value quoted in the message is cut ([`crate::text::shorten`]).
    pub fn headline(&self) -> String {
        let message = crate::text::shorten(&self.message);
        match &self.location {
            Some(l) => format!("{}:{}:{}: {message}", self.path, l.line, l.column),
            None => format!("{}: {message}", self.path),
        }
    }

    /// The full form: headline, the offending line with a caret, and help.
    pub fn render(&self, color: bool) -> String {
        let style = |s: &str, st: console::Style| {
            if color {
                st.apply_to(s).to_string()
            } else {
                s.to_string()
            }
        };
        let mut out = style(&printable(&self.headline()), console::Style::new().bold());
        if let Some(l) = &self.location {
            let num = l.line.to_string();
            let pad = " ".repeat(num.len());
            let bar = style("|", console::Style::new().blue().bold());
            let (shown, caret_col) = window(&l.line_text, l.snippet_column);
            let carets = "^".repeat(
                l.width
                    .min(shown.chars().count().saturating_sub(caret_col).max(1)),
            );
            out.push_str(&format!(
                "\n{pad} {bar}\n{} {bar} {shown}\n{pad} {bar} {}{}",
                style(&num, console::Style::new().blue().bold()),
                " ".repeat(caret_col),
                style(&carets, console::Style::new().red().bold()),
            ));
        }
        if let Some(h) = &self.help {
            out.push_str(&format!(
                "\n  = help: {}",
                printable(&crate::text::shorten(h))
            ));
        }
        out
    }
}

pub use crate::text::printable;

/// The part of a long line around `column` (1-based), with control characters
/// replaced one for one, and the caret's offset in characters within it.
fn window(line: &str, column: usize) -> (String, usize) {
    const WIDTH: usize = 100;
    let chars: Vec<char> = line
        .chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    let col = column.saturating_sub(1).min(chars.len());
    let start = col
        .saturating_sub(WIDTH / 2)
        .min(chars.len().saturating_sub(WIDTH));
    let end = (start + WIDTH).min(chars.len());
    let mut shown: String = chars[start..end].iter().collect();
    let mut caret = col - start;
    if start > 0 {
        shown.insert(0, '…');
        caret += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, caret)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// The byte offset of a 1-based line and column (as serde_json reports them).
fn offset_of(source: &str, line: usize, column: usize) -> usize {
    let line_start: usize = source
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &source[line_start.min(source.len())..];
    let col: usize = rest
        .chars()
        .take(column.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    (line_start + col).min(source.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_line_and_column_in_characters() {
        let src = "a = 1\nbé = \"x\"\n";
        let at = src.find("\"x\"").unwrap_or(0);
        let l = Location::from_span(src, at..at + 3);
        assert_eq!((l.line, l.column, l.width), (2, 6, 3));
        assert_eq!(l.line_text, "bé = \"x\"");
    }

    #[test]
    fn renders_headline_snippet_and_caret() {
        let src = "framework = \"cx63\"\n[answers]\n\"nope\" = \"yes\"\n";
        let at = src.find("\"nope\"").unwrap_or(0);
        let d = Diagnostic::at("a.toml", src, Some(at..at + 6), "unknown question `nope`")
            .with_help("run `cs-scorecard show cx63`");
        assert_eq!(
            d.render(false),
            "a.toml:3:1: unknown question `nope`\n  |\n3 | \"nope\" = \"yes\"\n  | ^^^^^^\n  = help: run `cs-scorecard show cx63`"
        );
    }

    #[test]
    fn long_lines_are_windowed_around_the_caret() {
        let line = format!("{}X{}", "a".repeat(300), "b".repeat(300));
        let (shown, caret) = window(&line, 301);
        assert_eq!(shown.chars().nth(caret), Some('X'));
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert!(shown.chars().count() <= 102);
    }

    #[test]
    fn control_characters_are_not_printed_raw() {
        let d = Diagnostic::at(
            "a.toml",
            "\"\u{1b}[2J\" = 1\n",
            Some(0..8),
            "unknown question `\u{1b}[2J`",
        );
        let text = d.render(false);
        assert!(!text.contains('\u{1b}'), "{text:?}");
        assert!(
            text.starts_with("a.toml:1:1: unknown question `\\u{1b}[2J`"),
            "{text}"
        );
    }

    #[test]
    fn span_past_the_end_is_clamped() {
        let l = Location::from_span("abc", 10..20);
        assert_eq!((l.line, l.column), (1, 4));
    }
}
