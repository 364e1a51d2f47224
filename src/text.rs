//! Text and numbers as people read them: number formatting, plurals,
//! wrapping at word boundaries, escaping for terminals, and optional colour.
//!
//! The bottom layer: it knows nothing of frameworks, answers or files.

/// Scores closer than this are equal (sums of fractional points drift).
pub const EPS: f64 = 1e-9;

/// Rounds to two decimals, as every score and percentage is reported.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Serde: an exact value written rounded to two decimals. Computations keep
/// exact values and round once, where they are shown (JSON here, one decimal
/// in the text reports), so a rounded value is never rounded again.
pub fn ser_round2<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(round2(*x))
}

/// Serde: [`ser_round2`] for an optional value (null stays null).
pub fn ser_round2_opt<S: serde::Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match x {
        Some(x) => s.serialize_f64(round2(*x)),
        None => s.serialize_none(),
    }
}

/// A number as people write it: no trailing `.0`, at most two decimals.
pub fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else if x.is_finite() && x.abs() >= 1e15 {
        format!("{x:e}")
    } else {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A number written without losing precision (for files the tool writes).
pub fn fmt_num_exact(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x:?}")
    }
}

/// The delimiter of a CSV text: the one of `,`, `;`, tab and `|` that occurs
/// most often (outside quotes) in its first non-blank line; `,` on a tie.
pub fn sniff_delimiter(text: &str) -> u8 {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0), (b'|', 0)];
    let mut quoted = false;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(c) = counts.iter_mut().find(|(d, _)| *d == b) {
                c.1 += 1;
            }
        }
    }
    counts
        .iter()
        .fold((b',', 0), |best, &c| if c.1 > best.1 { c } else { best })
        .0
}

/// The delimiter a `--delimiter` value names: `,`, `;`, `|`, or `tab` (or a tab character).
pub fn delimiter_named(name: &str) -> Option<u8> {
    match name {
        "," => Some(b','),
        ";" => Some(b';'),
        "|" => Some(b'|'),
        "tab" | "\t" | "\\t" => Some(b'\t'),
        _ => None,
    }
}

/// An amount rounded to whole units with thousands grouped: `1,234,500`,
/// `-12,000`.
pub fn grouped(x: f64) -> String {
    let r = x.round();
    if !r.is_finite() || r.abs() >= 1e15 {
        return fmt_num(x);
    }
    let digits = (r.abs() as i64).to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if r < 0.0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1 question`, `2 questions`: a count with its noun in the right number.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Items as a sentence lists them: `a`, `a or b`, `a, b or c` (empty for none).
pub fn join_or<S: AsRef<str>>(items: &[S]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} or {}", rest.join(", "), last.as_ref())
        }
        Some((last, _)) => last.as_ref().to_string(),
        None => String::new(),
    }
}

/// An id as a person may type it: in lower case, `_` and spaces as `-`
/// (`Eleven_Pillars` is `eleven-pillars`).
pub fn loose_id(id: &str) -> String {
    id.chars()
        .map(|c| match c {
            '_' | ' ' => '-',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The candidate most like `word` when one is close enough to be a typo of
/// it (an edit distance of at most a quarter of its length, and 2 for short
/// ids; the same id in other case or with `_` for `-` is closest of all).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // Edit distance is quadratic: a word far longer than any id is no typo of one.
    if word.len() > 64 {
        return None;
    }
    let near = |c: &str| 2.max(c.len() / 4);
    let loose = loose_id(word);
    candidates
        .into_iter()
        .filter(|c| word.chars().count().abs_diff(c.chars().count()) <= near(c))
        .map(|c| {
            let d = if loose_id(c) == loose {
                0
            } else {
                strsim::levenshtein(&loose, &loose_id(c)).max(1)
            };
            (d, c)
        })
        .filter(|&(d, c)| d <= near(c))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// A percentage as shown in reports: `62%`, `62.5%`, or `n/a`.
pub fn pct(p: Option<f64>) -> String {
    p.map_or_else(|| "n/a".to_string(), |p| format!("{}%", fmt_num(p)))
}

/// Wraps text at word boundaries to `width` columns (display width, so wide
/// characters count double), indenting every line; paragraphs (`\n`) are kept.
/// A word longer than the line is broken only when nothing else fits; a word
/// with hyphens (an id like `at-risk`, a command like `cs-scorecard`) is a word,
/// never split at its hyphens.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    // Never at a hyphen: ids (`renewals.at-risk-follow-up`) and paths stay whole.
    let options = textwrap::Options::new(width.max(indent.len() + 8))
        .initial_indent(indent)
        .subsequent_indent(indent)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(true);
    text.split('\n')
        .map(|p| {
            if p.trim().is_empty() {
                String::new()
            } else {
                textwrap::fill(p.trim_end(), &options)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// An error or a warning as a terminal should show it: each sentence line
/// (a line of its own, `= help: …`, `caused by: …`) wrapped at words to
/// `width`, its continuation lines indented under its text; every other
/// indented line is left as it is: a source excerpt (`3 | …`, `  | ^^^`),
/// so the caret stays under its column, and a command to copy, already
/// broken only between arguments.
pub fn wrap_message(text: &str, width: usize) -> String {
    text.split('\n')
        .map(|line| {
            let trimmed = line.trim_start();
            let sentence = trimmed.len() == line.len()
                || trimmed.starts_with("= ")
                || trimmed.starts_with("caused by:");
            let excerpt = trimmed.starts_with('|')
                || trimmed
                    .split_once(" |")
                    .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
            if !sentence || excerpt || textwrap::core::display_width(line) <= width {
                return line.to_string();
            }
            let lead = &line[..line.len() - trimmed.len()];
            wrap_hanging(trimmed, width, lead, &format!("{lead}  "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A command line wrapped to `width` columns for a person to copy: broken
/// only between arguments, each continued line ending in ` \` and indented
/// two more spaces, so the lines pasted into a shell run as one command. An
/// argument longer than the line stays whole.
pub fn wrap_command(command: &str, width: usize, indent: usize) -> String {
    use textwrap::core::display_width as w;
    let first = " ".repeat(indent);
    let next = " ".repeat(indent + 2);
    let mut lines: Vec<String> = Vec::new();
    let mut line = first.clone();
    let mut empty = true;
    for word in shell_split(command) {
        let needed = if empty { w(&word) } else { w(&word) + 1 };
        // Room for the word and, should another follow, the ` \`.
        if !empty && w(&line) + needed + 2 > width {
            line.push_str(" \\");
            lines.push(line);
            line = next.clone();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(&word);
        empty = false;
    }
    lines.push(line);
    lines.join("\n")
}

/// The words of a command line as the shell sees them, quotes kept: a
/// quoted argument with spaces is one word, and a trailing `# comment` one
/// more word per word.
fn shell_split(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    for c in command.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                word.push(c);
            }
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.push(c);
            }
            (None, ' ') => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            (None, c) => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// A word as a shell reads it back unchanged: as it is when it holds only
/// characters no shell treats specially, else in single quotes.
pub fn shell_word(word: &str) -> std::borrow::Cow<'_, str> {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./:@%+=,".contains(c));
    if plain {
        std::borrow::Cow::Borrowed(word)
    } else {
        std::borrow::Cow::Owned(format!("'{}'", word.replace('\'', "'\\''")))
    }
}

/// Wraps one paragraph to `width` columns with a hanging indent: `first`
/// before its first line, `rest` before the others.
pub fn wrap_hanging(text: &str, width: usize, first: &str, rest: &str) -> String {
    let options = textwrap::Options::new(width.max(rest.len().max(first.len()) + 8))
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(true);
    textwrap::fill(text.trim_end(), &options)
}

/// Text safe to print on a terminal: control characters (which a hostile file
/// could use to move the cursor or clear the screen) are shown escaped, and so
/// are the invisible characters that reorder text (bidirectional controls).
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            c if c.is_control() || is_bidi_control(c) => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out
}

/// Text safe to write to a terminal as it is, at the output boundary: like
/// [`printable`], control and bidirectional characters are shown escaped, but
/// line breaks and tabs stay, and so do colour sequences (`ESC [ … m`, which
/// only change colours: the reports' own styling). Escaped text stays as it is,
/// so escaping twice changes nothing.
pub fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let len = if c == '\u{1b}' { sgr_len(rest) } else { 0 };
        if len > 0 {
            out.push_str(&rest[..len]);
            rest = &rest[len..];
            continue;
        }
        match c {
            '\n' | '\t' => out.push(c),
            '\r' if rest[1..].starts_with('\n') => out.push(c),
            c if c.is_control() || is_bidi_control(c) => out.extend(c.escape_default()),
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The length of a colour sequence (`ESC [` digits and `;` `m`) at the start
/// of `s`, or 0.
fn sgr_len(s: &str) -> usize {
    let b = s.as_bytes();
    if !s.starts_with("\u{1b}[") {
        return 0;
    }
    let params = b[2..]
        .iter()
        .take_while(|c| c.is_ascii_digit() || **c == b';')
        .count();
    if params <= 32 && b.get(2 + params) == Some(&b'm') {
        3 + params
    } else {
        0
    }
}

/// Text from a file as literal Markdown inline text: every character that
/// Markdown (GitHub's flavour) gives a meaning is backslash-escaped, line
/// breaks become spaces (a cell or list item stays one line) and control
/// and bidirectional characters are shown escaped, as on a terminal.
pub fn markdown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '\\' | '*' | '_' | '`' | '<' | '>' | '[' | ']' | '#' | '&' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control() || is_bidi_control(c) => out.extend(c.escape_default()),
            _ => out.push(c),
        }
    }
    out
}

/// A CSV cell that a spreadsheet will not run as a formula: text starting
/// with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`
/// (OWASP's advice on CSV injection). Numbers, negative ones included, stay
/// as they are.
pub fn csv_safe(s: &str) -> std::borrow::Cow<'_, str> {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && s.parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// A CSV field (RFC 4180): [`csv_safe`], then quoted when it holds a comma,
/// a quote or a line break. The one CSV cell of every report.
pub fn csv_cell(s: &str) -> String {
    let s = csv_safe(s);
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.into_owned()
    }
}

/// The characters that reorder displayed text (Trojan Source, CVE-2021-42574).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// At most `max` characters of `text`, with `…` when cut: how much of a value
/// an error message quotes back.
pub fn excerpt(text: &str, max: usize) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// A message cut to what a person reads: a run of more than 200 characters
/// without a space (a value from a file, not a word) keeps its first 200, and a
/// line its first 1000, each with `…`. An error about a 7 MB value quotes a
/// short excerpt of it, never the value.
pub fn shorten(message: &str) -> std::borrow::Cow<'_, str> {
    const RUN: usize = 200;
    const LINE: usize = 1000;
    let long_line = message.lines().any(|l| l.len() > LINE);
    let long_run = message.split(char::is_whitespace).any(|w| w.len() > RUN);
    if !long_line && !long_run {
        return std::borrow::Cow::Borrowed(message);
    }
    let lines: Vec<String> = message
        .split('\n')
        .map(|line| {
            let words: Vec<String> = line.split(' ').map(|w| excerpt(w, RUN)).collect();
            excerpt(&words.join(" "), LINE)
        })
        .collect();
    std::borrow::Cow::Owned(lines.join("\n"))
}

/// Terminal styling that is on or off by the caller's choice, never by global
/// state: a report is a function of its inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Paint {
    /// Whether escape sequences are written.
    pub enabled: bool,
}

impl Paint {
    /// Styling on or off.
    pub fn new(enabled: bool) -> Paint {
        Paint { enabled }
    }

    /// `text` in `style` when enabled, as plain text otherwise.
    pub fn apply(self, style: console::Style, text: impl std::fmt::Display) -> String {
        if self.enabled {
            style.force_styling(true).apply_to(text).to_string()
        } else {
            text.to_string()
        }
    }

    /// Bold.
    pub fn bold(self, text: impl std::fmt::Display) -> String {
        self.apply(console::Style::new().bold(), text)
    }

    /// Dimmed.
    pub fn dim(self, text: impl std::fmt::Display) -> String {
        self.apply(console::Style::new().dim(), text)
    }

    /// A heading: bold and underlined.
    pub fn heading(self, text: impl std::fmt::Display) -> String {
        self.apply(console::Style::new().bold().underlined(), text)
    }

    /// Cyan: names of questions.
    pub fn cyan(self, text: impl std::fmt::Display) -> String {
        self.apply(console::Style::new().cyan(), text)
    }

    /// Green: good news.
    pub fn green(self, text: impl std::fmt::Display) -> String {
        self.apply(console::Style::new().green(), text)
    }

    /// Yellow: middling.
    pub fn yellow(self, text: impl std::fmt::Display) -> String {
        self.apply(console::Style::new().yellow(), text)
    }

    /// Red: bad news.
    pub fn red(self, text: impl std::fmt::Display) -> String {
        self.apply(console::Style::new().red(), text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(fmt_num(30.0), "30");
        assert_eq!(fmt_num(62.5), "62.5");
        assert_eq!(fmt_num(0.1 + 0.2), "0.3");
        assert_eq!(fmt_num(1e20), "1e20");
        assert_eq!(fmt_num_exact(112.5), "112.5");
        assert_eq!(fmt_num_exact(1e20), "1e20");
        assert_eq!(round2(2.0 / 3.0), 0.67);
        assert_eq!(grouped(1_234_500.4), "1,234,500");
        assert_eq!(grouped(-12_000.0), "-12,000");
        assert_eq!(grouped(999.5), "1,000");
        assert_eq!(grouped(0.2), "0");
    }

    #[test]
    fn plurals_agree_with_their_count() {
        assert_eq!(plural(1, "question", "questions"), "1 question");
        assert_eq!(plural(0, "question", "questions"), "0 questions");
    }

    #[test]
    fn a_message_wraps_its_sentences_and_leaves_the_excerpt_alone() {
        let text = "error: a.toml:3:1: unknown question `onboarding.handof` for framework `cx63`\n  |\n3 | \"onboarding.handof\" = \"yes\" and a long line that is not wrapped at all\n  | ^^^^^^^^^^^^^^^^^^^\n  = help: did you mean `onboarding.handoff`? `cs-scorecard show cx63` lists the questions";
        assert_eq!(
            wrap_message(text, 40),
            "error: a.toml:3:1: unknown question\n  `onboarding.handof` for framework\n  `cx63`\n  |\n3 | \"onboarding.handof\" = \"yes\" and a long line that is not wrapped at all\n  | ^^^^^^^^^^^^^^^^^^^\n  = help: did you mean\n    `onboarding.handoff`? `cs-scorecard\n    show cx63` lists the questions"
        );
        assert_eq!(wrap_message("warning: short", 40), "warning: short");
        // A command to copy stays as the hint broke it.
        let hint = "error: not a terminal\n  cs-scorecard template cx63 --output cx63-answers.toml";
        assert_eq!(wrap_message(hint, 40), hint);
    }

    #[test]
    fn wrapping_never_breaks_a_word_that_fits() {
        let text = "Are new customers given a documented onboarding plan that outlines goals and milestones?";
        let wrapped = wrap(text, 40, "  ");
        for line in wrapped.lines() {
            assert!(line.chars().count() <= 40, "{line:?}");
            assert!(line.starts_with("  "));
        }
        let words: Vec<&str> = wrapped.split_whitespace().collect();
        assert_eq!(words, text.split_whitespace().collect::<Vec<_>>());
        assert_eq!(wrap("a\n\nb", 40, ""), "a\n\nb");
    }

    #[test]
    fn wrapping_never_splits_a_word_at_its_hyphens() {
        // textwrap's default splits `cs-scorecard` into `cs-` and `scorecard`:
        // a command a reader copies would break.
        assert_eq!(
            wrap("then run `cs-scorecard health score`", 16, ""),
            "then run\n`cs-scorecard\nhealth score`"
        );
    }

    #[test]
    fn control_and_bidi_characters_are_made_visible() {
        assert_eq!(printable("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(printable("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(printable("line\nnext"), "line\nnext");
    }

    #[test]
    fn the_output_boundary_escapes_all_but_colour_and_line_breaks() {
        assert_eq!(terminal_safe("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(
            terminal_safe("\u{1b}]0;title\u{7}"),
            "\\u{1b}]0;title\\u{7}"
        );
        assert_eq!(
            terminal_safe("\u{1b}[1;31mred\u{1b}[0m"),
            "\u{1b}[1;31mred\u{1b}[0m"
        );
        assert_eq!(terminal_safe("a\tb\r\nc\rd"), "a\tb\r\nc\\rd");
        assert_eq!(terminal_safe("x\u{202e}y"), "x\\u{202e}y");
        let once = terminal_safe("\u{1b}[2J\u{202e}");
        assert_eq!(terminal_safe(&once), once);
    }

    #[test]
    fn markdown_and_csv_escaping() {
        assert_eq!(
            markdown_escape("a|b *c* [x](y) <i>"),
            "a\\|b \\*c\\* \\[x\\](y) \\<i\\>"
        );
        assert_eq!(markdown_escape("x\u{1b}[2Jy\nz"), "x\\u{1b}\\[2Jy z");
        assert_eq!(csv_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        for risky in ["+1+1", "-1+1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(csv_safe(risky).starts_with('\''), "{risky:?}");
        }
        assert_eq!(csv_safe("-2.5"), "-2.5");
        assert_eq!(csv_safe("plain"), "plain");
    }

    #[test]
    fn long_values_in_messages_are_cut() {
        let msg = format!("unknown question `{}`\nnext line", "x".repeat(300));
        assert_eq!(
            shorten(&msg),
            format!("unknown question `{}…\nnext line", "x".repeat(199))
        );
        let spaced = "ab ".repeat(1000);
        assert_eq!(shorten(&spaced).chars().count(), 1001);
        assert_eq!(shorten("short"), "short");
    }

    #[test]
    fn excerpts_are_short() {
        assert_eq!(excerpt("abcdef", 3), "abc…");
        assert_eq!(excerpt("abc", 3), "abc");
    }

    #[test]
    fn paint_off_writes_no_escapes() {
        assert_eq!(Paint::new(false).bold("x"), "x");
        assert!(Paint::new(true).bold("x").contains('\u{1b}'));
    }

    #[test]
    fn a_command_is_wrapped_between_arguments_with_a_continuation() {
        let cmd = "cs-scorecard score 'my answers.toml' --output report.html";
        assert_eq!(wrap_command(cmd, 100, 2), format!("  {cmd}"));
        assert_eq!(
            wrap_command(cmd, 40, 2),
            "  cs-scorecard score 'my answers.toml' \\\n    --output report.html"
        );
        // Every line fits, and an argument longer than the line stays whole.
        let long = format!("cs-scorecard score {}", "x".repeat(50));
        assert_eq!(
            wrap_command(&long, 40, 0),
            format!("cs-scorecard score \\\n  {}", "x".repeat(50))
        );
        for line in wrap_command(cmd, 30, 4).lines() {
            assert!(line.chars().count() <= 30, "{line}");
        }
    }

    #[test]
    fn shell_words_are_quoted_only_when_a_shell_would_change_them() {
        assert_eq!(shell_word("examples/cx63.toml"), "examples/cx63.toml");
        assert_eq!(shell_word("my answers.toml"), "'my answers.toml'");
        assert_eq!(shell_word("it's.toml"), "'it'\\''s.toml'");
        assert_eq!(shell_word("$HOME"), "'$HOME'");
        assert_eq!(shell_word(""), "''");
    }

    #[test]
    fn lists_read_as_sentences() {
        assert_eq!(join_or::<&str>(&[]), "");
        assert_eq!(join_or(&["a"]), "a");
        assert_eq!(join_or(&["a", "b"]), "a or b");
        assert_eq!(join_or(&["a", "b", "c"]), "a, b or c");
    }

    #[test]
    fn ids_are_matched_loosely_and_typos_find_the_closest() {
        assert_eq!(loose_id("Eleven_Pillars"), "eleven-pillars");
        let ids = ["certinia", "cs-scoring", "cspi", "cx63", "eleven-pillars"];
        assert_eq!(closest("cx36", ids), Some("cx63"));
        assert_eq!(closest("CX63", ids), Some("cx63"));
        assert_eq!(closest("eleven_pillar", ids), Some("eleven-pillars"));
        assert_eq!(closest("csp", ids), Some("cspi"));
        assert_eq!(closest("nps", ids), None);
        assert_eq!(closest(&"x".repeat(100), ids), None);
    }
}
