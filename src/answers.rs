//! Answers files: the interchange format, how it is read (TOML or JSON),
//! checked against a framework, and written (atomically, in framework order).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use toml::de::{DeTable, DeValue};

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, LineIndex, Location};
pub use crate::framework::model::{
    AnswerValue, Answers, NOT_APPLICABLE, NOT_APPLICABLE_LABEL, Target, YesNoIdk,
};
use crate::framework::model::{Framework, Kind, Question, Section, TextFormat};
use crate::fsio::FileArg;
use crate::text::{fmt_num_exact, wrap};

/// Where an answer's key and value stand in the file (JSON gives the key's place for both).
pub type AnswerSpans = (Option<Range<usize>>, Option<Range<usize>>);

/// An answers file with the text it came from, for pointing at problems.
#[derive(Debug, Clone)]
pub struct LoadedAnswers {
    /// The answers.
    pub answers: Answers,
    /// The file as named in messages.
    pub path: String,
    /// The file's text.
    pub source: String,
    /// Where each answer's key and value are, by question id.
    pub spans: BTreeMap<String, AnswerSpans>,
    /// Where each "not applicable" key and reason are, by question id.
    pub not_applicable_spans: BTreeMap<String, AnswerSpans>,
    /// Where each target's key and value are, by section id.
    pub target_spans: BTreeMap<String, AnswerSpans>,
    /// Where the `framework` value is.
    pub framework_span: Option<Range<usize>>,
}

impl LoadedAnswers {
    /// An empty set of answers named `shown`, read from `source`.
    fn empty(shown: &str, source: &str) -> LoadedAnswers {
        LoadedAnswers {
            answers: Answers::default(),
            path: shown.to_string(),
            source: source.to_string(),
            spans: BTreeMap::new(),
            not_applicable_spans: BTreeMap::new(),
            target_spans: BTreeMap::new(),
            framework_span: None,
        }
    }
}

/// The syntax of an answers file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// TOML.
    Toml,
    /// JSON.
    Json,
}

impl Syntax {
    /// The syntax a file name implies: `.json` JSON, `.toml` TOML, other names none.
    pub fn of(path: &Path) -> Option<Syntax> {
        let ext = path.extension()?;
        if ext.eq_ignore_ascii_case("json") {
            Some(Syntax::Json)
        } else if ext.eq_ignore_ascii_case("toml") {
            Some(Syntax::Toml)
        } else {
            None
        }
    }

    /// The syntax a text is written in: JSON when its first non-blank
    /// character is `{` (an answers file is an object), TOML otherwise. A TOML
    /// answers file starts with a key, a `[table]` or a comment, never `{`.
    pub fn detect(source: &str) -> Syntax {
        match source.trim_start().chars().next() {
            Some('{') => Syntax::Json,
            _ => Syntax::Toml,
        }
    }

    /// The syntax to read a file in: as forced, else by its extension, else by its content.
    pub fn choose(forced: Option<Syntax>, file: &FileArg, source: &str) -> Syntax {
        forced
            .or_else(|| file.path().and_then(Syntax::of))
            .unwrap_or_else(|| Syntax::detect(source))
    }
}

/// A parsed value with where it came from, common to TOML and JSON.
enum Node {
    Str(String),
    Num(f64),
    Other(&'static str),
    List(Vec<(Option<Range<usize>>, Node)>),
    Table(Vec<Entry>),
}

struct Entry {
    key: String,
    key_span: Option<Range<usize>>,
    value_span: Option<Range<usize>>,
    value: Node,
}

impl Node {
    fn type_name(&self) -> &'static str {
        match self {
            Node::Str(_) => "a string",
            Node::Num(_) => "a number",
            Node::Other(t) => t,
            Node::List(_) => "a list",
            Node::Table(_) => "a table",
        }
    }

    fn from_toml(v: &DeValue<'_>) -> Node {
        match v {
            DeValue::String(s) => Node::Str(s.to_string()),
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .map_or(Node::Other("an integer too large"), |n| Node::Num(n as f64)),
            DeValue::Float(f) => f
                .as_str()
                .parse::<f64>()
                .map_or(Node::Other("a float"), Node::Num),
            DeValue::Boolean(_) => Node::Other("a boolean"),
            DeValue::Datetime(_) => Node::Other("a date-time"),
            DeValue::Array(a) => Node::List(
                a.iter()
                    .map(|x| (Some(x.span()), Node::from_toml(x.get_ref())))
                    .collect(),
            ),
            DeValue::Table(t) => Node::Table(
                t.iter()
                    .map(|(k, v)| Entry {
                        key: k.get_ref().to_string(),
                        key_span: Some(k.span()),
                        value_span: Some(v.span()),
                        value: Node::from_toml(v.get_ref()),
                    })
                    .collect(),
            ),
        }
    }
}

/// Reads JSON text that serde_json has accepted into a [`Node`] with the byte
/// range of every key and value, in one pass: JSON values carry no positions,
/// and searching the text for each key was quadratic. Keys are kept in file
/// order, duplicates included, so that a repeated key can be reported.
struct JsonSpans<'a> {
    text: &'a str,
    at: usize,
}

impl JsonSpans<'_> {
    fn skip_ws(&mut self) {
        let rest = &self.text.as_bytes()[self.at.min(self.text.len())..];
        self.at += rest
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            .count();
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// The range of the string starting here (quotes included) and its text.
    fn string(&mut self) -> Option<(Range<usize>, String)> {
        let start = self.at;
        let bytes = self.text.as_bytes();
        let mut i = start + 1;
        let mut escaped = false;
        loop {
            match bytes.get(i)? {
                b'\\' => {
                    escaped = true;
                    i += 2;
                }
                b'"' => break,
                _ => i += 1,
            }
        }
        self.at = i + 1;
        let raw = self.text.get(start..i + 1)?;
        let text = if escaped {
            serde_json::from_str::<String>(raw).ok()?
        } else {
            raw[1..raw.len() - 1].to_string()
        };
        Some((start..i + 1, text))
    }

    fn value(&mut self) -> Option<(Range<usize>, Node)> {
        self.skip_ws();
        let start = self.at;
        let node = match self.peek()? {
            b'{' => {
                self.at += 1;
                let mut entries = Vec::new();
                loop {
                    self.skip_ws();
                    match self.peek()? {
                        b'}' => break,
                        b',' => self.at += 1,
                        _ => {
                            let (key_span, key) = self.string()?;
                            self.skip_ws();
                            self.at += 1; // the colon
                            let (value_span, value) = self.value()?;
                            entries.push(Entry {
                                key,
                                key_span: Some(key_span),
                                value_span: Some(value_span),
                                value,
                            });
                        }
                    }
                }
                self.at += 1;
                Node::Table(entries)
            }
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_ws();
                    match self.peek()? {
                        b']' => break,
                        b',' => self.at += 1,
                        _ => {
                            let (span, item) = self.value()?;
                            items.push((Some(span), item));
                        }
                    }
                }
                self.at += 1;
                Node::List(items)
            }
            b'"' => Node::Str(self.string()?.1),
            b't' | b'f' | b'n' => {
                let word = self.text.as_bytes()[start..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphabetic())
                    .count();
                self.at += word;
                match self.text.as_bytes()[start] {
                    b'n' => Node::Other("null"),
                    _ => Node::Other("a boolean"),
                }
            }
            _ => {
                let len = self.text.as_bytes()[start..]
                    .iter()
                    .take_while(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                    .count();
                self.at += len.max(1);
                match self.text.get(start..start + len)?.parse::<f64>() {
                    Ok(n) if n.is_finite() => Node::Num(n),
                    _ => Node::Other("a number out of range"),
                }
            }
        };
        Some((start..self.at, node))
    }
}

/// Reads an answers file (or standard input) in the given syntax, or as
/// [`Syntax::choose`] decides.
pub fn load(file: &FileArg, syntax: Option<Syntax>) -> Result<LoadedAnswers, Vec<Diagnostic>> {
    let source = file.read_text().map_err(|d| vec![d])?;
    let syntax = Syntax::choose(syntax, file, &source);
    parse(&file.display(), source, syntax)
}

/// Parses an answers file's text.
pub fn parse(
    shown: &str,
    source: String,
    syntax: Syntax,
) -> Result<LoadedAnswers, Vec<Diagnostic>> {
    if source.trim().is_empty() {
        return Err(vec![Diagnostic::file(
            shown,
            "file is empty; expected an answers file with `framework = \"<id>\"` and an [answers] table",
        )
        .with_help("`cs-scorecard template <framework>` writes one to fill in")]);
    }
    if let Some(d) = other_kind_of_file(shown, &source) {
        return Err(vec![d]);
    }
    let root = match syntax {
        Syntax::Toml => match DeTable::parse(&source) {
            Ok(t) => Node::from_toml(&DeValue::Table(t.into_inner())),
            Err(e) => {
                return Err(vec![Diagnostic::from_toml(shown, &source, &e)]);
            }
        },
        Syntax::Json => match serde_json::from_str::<serde_json::Value>(&source) {
            Ok(_) => match (JsonSpans {
                text: &source,
                at: 0,
            })
            .value()
            {
                Some((_, node)) => node,
                None => {
                    return Err(vec![Diagnostic::file(shown, "cannot read this JSON")]);
                }
            },
            Err(e) => return Err(vec![Diagnostic::from_json(shown, &source, &e)]),
        },
    };
    if let Some(d) = other_kind_of_table(shown, &root) {
        return Err(vec![d]);
    }
    Reader::new(shown, &source).read(root)
}

/// Recognises, from its first line, a file that is no answers file but one
/// a user may well give by mistake (an HTML page: the questionnaire `form`
/// writes or a report; a CSV of accounts, outcomes or ARR), and says what it
/// is and what reads it, instead of a TOML syntax error at line 1.
fn other_kind_of_file(shown: &str, source: &str) -> Option<Diagnostic> {
    let sh = crate::text::shell_word(shown);
    let start = source.trim_start();
    let first = start.lines().next().unwrap_or("").trim();
    let lower = first.to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        let form = source.contains("id=\"download\"");
        return Some(if form {
            Diagnostic::file(
                shown,
                "is the HTML questionnaire that `form` writes, not an answers file",
            )
            .with_help(
                "open it in a browser, answer the questions and press \"Download answers\": the file it saves is the answers file to score",
            )
        } else {
            Diagnostic::file(shown, "is an HTML page, not an answers file")
                .with_help("give the answers file (TOML or JSON) the report was made from; `run`, `template` and the form's \"Download answers\" write one")
        });
    }
    let columns: Vec<String> = ['\t', ';', ',']
        .iter()
        .map(|&d| {
            first
                .split(d)
                .map(|c| c.trim().trim_matches('"').to_ascii_lowercase())
        })
        .map(Iterator::collect::<Vec<String>>)
        .find(|c| c.len() >= 3)?;
    if first.contains('=') || first.starts_with(['[', '{', '#']) {
        return None;
    }
    let has = |name: &str| columns.iter().any(|c| c == name);
    let metrics = |what: &'static str, flag: &str| {
        (
            what,
            format!("compute the key metrics from it with `cs-scorecard metrics {flag} {sh}`"),
        )
    };
    let (what, help) = if has("month") && has("arr") {
        metrics("an ARR ledger in CSV", "--ledger")
    } else if has("csat") || has("nps") || (has("score") && has("respondent")) {
        metrics("survey responses in CSV", "--surveys")
    } else if has("first_value") {
        metrics("onboarding milestones in CSV", "--milestones")
    } else if has("amount") && has("period") {
        metrics("costs in CSV", "--costs")
    } else if has("renewed") {
        (
            "renewal outcomes in CSV",
            format!(
                "check a health model against them with `cs-scorecard health calibrate saas-health ACCOUNTS.csv --outcomes {sh}`"
            ),
        )
    } else if columns.iter().any(|c| c.contains("account")) {
        (
            "accounts in CSV",
            format!("score their health with `cs-scorecard health score saas-health {sh}`"),
        )
    } else {
        (
            "a CSV file",
            format!(
                "`score` reads answers files (TOML or JSON); for account health use `cs-scorecard health score saas-health {sh}`, for the key metrics `cs-scorecard metrics --ledger {sh}`"
            ),
        )
    };
    Some(
        Diagnostic::file(
            shown,
            format!(
                "looks like {what}, not an answers file; its first line is `{}`",
                crate::text::printable(&crate::text::excerpt(first, 60))
            ),
        )
        .with_help(help),
    )
}

/// Recognises a TOML or JSON file that is another of this tool's formats (a
/// framework, a health model, a plan): it has that format's keys and none of
/// an answers file's, and says what to do with it instead of a list of
/// unknown keys.
fn other_kind_of_table(shown: &str, root: &Node) -> Option<Diagnostic> {
    let sh = crate::text::shell_word(shown);
    let Node::Table(entries) = root else {
        return None;
    };
    let has = |key: &str| entries.iter().any(|e| e.key == key);
    if has("answers") {
        return None;
    }
    if has("baseline") && has("steps") {
        return Some(
            Diagnostic::file(shown, "is a plan (written by `plan`), not an answers file")
                .with_help(format!(
                    "track it against a later assessment with `cs-scorecard compare BEFORE.toml AFTER.toml --plan {sh}`"
                )),
        );
    }
    if has("framework") {
        return None;
    }
    let id = entries
        .iter()
        .find(|e| e.key == "id")
        .and_then(|e| match &e.value {
            Node::Str(s) => Some(crate::text::printable(&crate::text::excerpt(s, 40))),
            _ => None,
        });
    if has("sections") {
        let named = id.map_or_else(String::new, |id| format!(" (`{id}`)"));
        return Some(
            Diagnostic::file(shown, format!("is a framework{named}, not an answers file"))
                .with_help(format!(
                    "write a blank answers file to fill in with `cs-scorecard template {sh} --output answers.toml`, or answer the questions in the terminal with `cs-scorecard run {sh}`"
                )),
        );
    }
    if has("signals") && has("model") {
        return Some(
            Diagnostic::file(shown, "is a health model, not an answers file").with_help(format!(
                "score accounts with it: `cs-scorecard health score {sh} ACCOUNTS.csv`"
            )),
        );
    }
    None
}

/// An example's answers and its questions not applicable (with reasons).
pub type ExampleAnswers = (BTreeMap<String, AnswerValue>, BTreeMap<String, String>);

/// Reads the answers of a framework example: the `answers` and
/// `not_applicable` tables of an `[[examples]]` entry, by the same rules as an
/// answers file's `[answers]` and `[not_applicable]`.
pub fn read_example_answers(
    shown: &str,
    source: &str,
    answers: Option<&DeValue<'_>>,
    not_applicable: Option<&DeValue<'_>>,
) -> Result<ExampleAnswers, Vec<Diagnostic>> {
    let mut reader = Reader::new(shown, source);
    let mut out = LoadedAnswers::empty(shown, "");
    for (name, table) in [("answers", answers), ("not_applicable", not_applicable)] {
        let Some(table) = table else {
            continue;
        };
        match Node::from_toml(table) {
            Node::Table(items) if name == "answers" => reader.read_answers(items, "", &mut out),
            Node::Table(items) => reader.read_not_applicable(items, "", &mut out),
            other => reader.problems.push(Diagnostic::file(
                shown,
                format!(
                    "an example's `{name}` must be a table, found {}",
                    other.type_name()
                ),
            )),
        }
    }
    reader.finish_not_applicable(&mut out);
    if reader.problems.is_empty() {
        Ok((out.answers.answers, out.answers.not_applicable))
    } else {
        Err(reader.problems)
    }
}

struct Reader<'a> {
    shown: &'a str,
    source: &'a str,
    lines: LineIndex,
    problems: Vec<Diagnostic>,
    /// Answers given as `"na"`: their id and where the value is, checked
    /// against `[not_applicable]` once the whole file is read.
    na_marks: Vec<(String, Option<Range<usize>>)>,
}

impl<'a> Reader<'a> {
    fn new(shown: &'a str, source: &'a str) -> Reader<'a> {
        Reader {
            shown,
            source,
            lines: LineIndex::new(source),
            problems: Vec::new(),
            na_marks: Vec::new(),
        }
    }

    fn problem(&mut self, span: Option<Range<usize>>, message: String) {
        self.problems.push(Diagnostic::at_indexed(
            self.shown,
            self.source,
            &self.lines,
            span,
            message,
        ));
    }

    /// A value given twice, at `again` and first at `first`: both places.
    /// The problem points at the later place in the file, its help at the
    /// earlier one (TOML tables come back sorted by key, not in file order).
    fn twice(&mut self, again: Option<Range<usize>>, first: Option<&Range<usize>>, what: String) {
        let (again, first) = match (again, first) {
            (Some(a), Some(f)) if f.start > a.start => (Some(f.clone()), Some(a)),
            (a, f) => (a, f.cloned()),
        };
        let first = first.as_ref();
        let d = Diagnostic::at_indexed(self.shown, self.source, &self.lines, again, what);
        let d = match first {
            Some(first) => {
                let l = Location::from_span_in(self.source, &self.lines, first.clone());
                d.with_help(format!(
                    "first given at {}:{}:{}; keep one of the two",
                    self.shown, l.line, l.column
                ))
            }
            None => d,
        };
        self.problems.push(d);
    }

    /// The entries of one table with repeated keys reported and dropped (JSON
    /// allows them and keeps one silently; TOML refuses them itself).
    fn unique(&mut self, entries: Vec<Entry>) -> Vec<Entry> {
        let mut seen: HashMap<String, Option<Range<usize>>> = HashMap::new();
        let mut out = Vec::with_capacity(entries.len());
        for e in entries {
            if let Some(first) = seen.get(&e.key) {
                let first = first.clone();
                self.twice(
                    e.key_span.clone(),
                    first.as_ref(),
                    format!("duplicate key `{}`", e.key),
                );
                continue;
            }
            seen.insert(e.key.clone(), e.key_span.clone());
            out.push(e);
        }
        out
    }

    fn read(mut self, root: Node) -> Result<LoadedAnswers, Vec<Diagnostic>> {
        let Node::Table(entries) = root else {
            let found = root.type_name();
            return Err(vec![Diagnostic::file(
                self.shown,
                format!("expected a table (object) at the top of the file, found {found}"),
            )]);
        };
        let mut out = LoadedAnswers::empty(self.shown, self.source);
        let mut has_framework = false;
        for e in self.unique(entries) {
            match (e.key.as_str(), e.value) {
                ("framework", Node::Str(s)) => {
                    has_framework = true;
                    out.answers.framework = s;
                    out.framework_span = e.value_span;
                }
                ("framework_version", Node::Str(s)) => out.answers.framework_version = Some(s),
                ("respondent", Node::Table(fields)) => {
                    for f in self.unique(fields) {
                        match f.value {
                            Node::Str(s) => {
                                if f.key == "date" && !s.trim().is_empty() {
                                    if let Err(e) = crate::date::Date::parse(&s) {
                                        self.problem(f.value_span.clone(), format!("respondent `date`: {e}"));
                                    }
                                }
                                out.answers.respondent.insert(f.key, s);
                            }
                            Node::Other("a date-time") if f.key == "date" => self.problem(
                                f.value_span,
                                "respondent `date` must be a string, found a date-time; write it in quotes: date = \"2026-03-31\"".to_string(),
                            ),
                            other => self.problem(
                                f.value_span,
                                format!("respondent `{}` must be a string, found {}", f.key, other.type_name()),
                            ),
                        }
                    }
                }
                ("answers", Node::Table(items)) => self.read_answers(items, "", &mut out),
                ("not_applicable", Node::Table(items)) => {
                    self.read_not_applicable(items, "", &mut out)
                }
                ("targets", Node::Table(items)) => self.read_targets(items, "", &mut out),
                (key @ ("framework" | "framework_version"), other) => self.problem(
                    e.value_span,
                    format!("`{key}` must be a string, found {}", other.type_name()),
                ),
                (key @ ("respondent" | "answers" | "not_applicable" | "targets"), other) => self
                    .problem(
                        e.value_span,
                        format!("`{key}` must be a table, found {}", other.type_name()),
                    ),
                (key, _) => self.problem(
                    e.key_span,
                    format!(
                        "unknown key `{key}`; expected `framework`, `framework_version`, `respondent`, `answers`, `not_applicable` or `targets`"
                    ),
                ),
            }
        }
        self.finish_not_applicable(&mut out);
        if !has_framework && self.problems.is_empty() {
            self.problems.push(
                Diagnostic::file(
                    self.shown,
                    "missing `framework`: which framework do these answers belong to?",
                )
                .with_help("add a line such as `framework = \"cx63\"` at the top"),
            );
        }
        if self.problems.is_empty() {
            Ok(out)
        } else {
            Err(self.problems)
        }
    }

    /// Reads `[answers]`, flattening nested tables into dotted ids, so that
    /// `onboarding.handoff = "yes"` (unquoted) means the question `onboarding.handoff`.
    /// The same question given twice (a quoted key `"a.b"` beside a dotted
    /// `a.b` or a table `[answers.a]`) is an error naming both places.
    fn read_answers(&mut self, items: Vec<Entry>, prefix: &str, out: &mut LoadedAnswers) {
        for e in self.unique(items) {
            let id = format!("{prefix}{}", e.key);
            if let Some((first, _)) = out.spans.get(&id) {
                let first = first.clone();
                self.twice(
                    e.key_span.clone(),
                    first.as_ref(),
                    format!("answer `{id}` is given twice"),
                );
                continue;
            }
            let value = match e.value {
                Node::Str(s) if s == NOT_APPLICABLE => {
                    self.na_marks.push((id, e.value_span));
                    continue;
                }
                Node::Str(s) => AnswerValue::Text(s),
                Node::Num(n) => AnswerValue::Number(n),
                Node::Table(inner) => {
                    self.read_answers(inner, &format!("{id}."), out);
                    continue;
                }
                Node::List(items) => {
                    let mut ids = Vec::new();
                    for (span, item) in items {
                        match item {
                            Node::Str(s) => ids.push(s),
                            other => {
                                let span = span.or(e.value_span.clone());
                                self.problem(
                                    span,
                                    format!("answer `{id}`: list items must be option ids (strings), found {}", other.type_name()),
                                )
                            }
                        }
                    }
                    AnswerValue::List(ids)
                }
                Node::Other(t) => {
                    self.problem(
                        e.value_span,
                        format!("answer `{id}` must be a string, a number or a list of strings, found {t}"),
                    );
                    continue;
                }
            };
            out.spans.insert(id.clone(), (e.key_span, e.value_span));
            out.answers.answers.insert(id, value);
        }
    }

    /// Reads `[not_applicable]`: a reason (a non-blank string) per question
    /// id, nested tables flattened into dotted ids as in `[answers]`.
    fn read_not_applicable(&mut self, items: Vec<Entry>, prefix: &str, out: &mut LoadedAnswers) {
        for e in self.unique(items) {
            let id = format!("{prefix}{}", e.key);
            if let Some((first, _)) = out.not_applicable_spans.get(&id) {
                let first = first.clone();
                self.twice(
                    e.key_span.clone(),
                    first.as_ref(),
                    format!("question `{id}` is marked not applicable twice"),
                );
                continue;
            }
            match e.value {
                Node::Table(inner) => self.read_not_applicable(inner, &format!("{id}."), out),
                Node::Str(reason) if reason.trim().is_empty() => self.problem(
                    e.value_span,
                    format!(
                        "the reason `{id}` does not apply is empty; say why (every report shows it)"
                    ),
                ),
                Node::Str(reason) => {
                    out.not_applicable_spans
                        .insert(id.clone(), (e.key_span, e.value_span));
                    out.answers.not_applicable.insert(id, reason);
                }
                other => self.problem(
                    e.value_span,
                    format!(
                        "`not_applicable` for `{id}` must be the reason it does not apply (a string), found {}",
                        other.type_name()
                    ),
                ),
            }
        }
    }

    /// Reads `[targets]`: a percent (a number from 0 to 100) or a lane id (a
    /// string) per section id.
    fn read_targets(&mut self, items: Vec<Entry>, prefix: &str, out: &mut LoadedAnswers) {
        for e in self.unique(items) {
            let id = format!("{prefix}{}", e.key);
            let target = match e.value {
                Node::Table(inner) => {
                    self.read_targets(inner, &format!("{id}."), out);
                    continue;
                }
                Node::Num(n) if (0.0..=100.0).contains(&n) => Target::Percent(n),
                Node::Num(n) => {
                    self.problem(
                        e.value_span,
                        format!(
                            "target `{id}` is {}; expected a percent from 0 to 100, or a lane id",
                            crate::text::fmt_num(n)
                        ),
                    );
                    continue;
                }
                Node::Str(s) if !s.trim().is_empty() => Target::Level(s),
                other => {
                    self.problem(
                        e.value_span,
                        format!(
                            "target `{id}` must be a percent (a number from 0 to 100) or a lane id (a string), found {}",
                            match other {
                                Node::Str(_) => "an empty string",
                                other => other.type_name(),
                            }
                        ),
                    );
                    continue;
                }
            };
            out.target_spans
                .insert(id.clone(), (e.key_span, e.value_span));
            out.answers.targets.insert(id, target);
        }
    }

    /// Once the whole file is read: every `"na"` answer has its reason in
    /// `[not_applicable]`, and no question is both answered and not applicable.
    fn finish_not_applicable(&mut self, out: &mut LoadedAnswers) {
        for (id, span) in std::mem::take(&mut self.na_marks) {
            if !out.answers.not_applicable.contains_key(&id) {
                let d = Diagnostic::at_indexed(
                    self.shown,
                    self.source,
                    &self.lines,
                    span,
                    format!(
                        "answer `{id}` is \"na\" (not applicable) but gives no reason; every report shows why a question does not apply"
                    ),
                )
                .with_help(format!(
                    "add the reason under [not_applicable]: `{} = \"why it does not apply\"`",
                    toml_key(&id)
                ));
                self.problems.push(d);
            }
        }
        let both: Vec<String> = out
            .answers
            .not_applicable
            .keys()
            .filter(|id| out.answers.answers.contains_key(*id))
            .cloned()
            .collect();
        for id in both {
            let na = out.not_applicable_spans.get(&id).and_then(|s| s.0.clone());
            let answered = out.spans.get(&id).and_then(|s| s.0.clone());
            self.twice(
                na,
                answered.as_ref(),
                format!("question `{id}` is both answered and marked not applicable"),
            );
        }
    }
}

/// Checks every answer against the framework: unknown questions, invalid values.
pub fn validate(loaded: &LoadedAnswers, fw: &Framework) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let lines = LineIndex::new(&loaded.source);
    for (id, value) in &loaded.answers.answers {
        let (key_span, value_span) = loaded.spans.get(id).cloned().unwrap_or((None, None));
        let at = |span: Option<Range<usize>>, msg: String| {
            Diagnostic::at_indexed(&loaded.path, &loaded.source, &lines, span, msg)
        };
        match fw.question(id) {
            None => problems.push(
                at(
                    key_span,
                    format!("unknown question `{id}` for framework `{}`", fw.id),
                )
                .with_help(match closest(id, fw) {
                    Some(c) => format!(
                        "did you mean `{c}`? `cs-scorecard show {}` lists the questions",
                        fw.id
                    ),
                    None => format!("`cs-scorecard show {}` lists the questions", fw.id),
                }),
            ),
            Some(q) => {
                if let Some(why) = q.invalid_reason(value) {
                    let d = at(value_span, format!("invalid answer for `{id}`: {why}"));
                    problems.push(match likely_meant(q, value) {
                        Some(v) => d.with_help(format!("did you mean {v:?}?")),
                        None => d,
                    });
                }
            }
        }
    }
    let at = |span: Option<Range<usize>>, msg: String| {
        Diagnostic::at_indexed(&loaded.path, &loaded.source, &lines, span, msg)
    };
    for id in loaded.answers.not_applicable.keys() {
        let (key_span, _) = loaded
            .not_applicable_spans
            .get(id)
            .cloned()
            .unwrap_or((None, None));
        match fw.questions().find(|(_, q)| q.id == *id) {
            None => problems.push(
                at(
                    key_span,
                    format!(
                        "unknown question `{id}` in [not_applicable] for framework `{}`",
                        fw.id
                    ),
                )
                .with_help(match closest(id, fw) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => format!("`cs-scorecard show {}` lists the questions", fw.id),
                }),
            ),
            Some((section, q)) if !fw.allows_not_applicable(section, q) => problems.push(
                at(
                    key_span,
                    format!(
                        "`{id}` cannot be marked not applicable: {} says it applies to every program (`not_applicable = false`)",
                        fw.title
                    ),
                )
                .with_help(match q.kind {
                    Kind::YesNoIdk => "answer it \"yes\", \"no\" or \"idk\" instead".to_string(),
                    _ => format!("answer it instead: {}", q.allowed_values()),
                }),
            ),
            Some(_) => {}
        }
    }
    for (id, target) in &loaded.answers.targets {
        let (key_span, value_span) = loaded.target_spans.get(id).cloned().unwrap_or((None, None));
        let Some(section) = fw.section(id) else {
            let ids: Vec<&str> = fw.sections.iter().map(|s| s.id.as_str()).collect();
            problems.push(
                at(
                    key_span,
                    format!(
                        "unknown section `{id}` in [targets] for framework `{}`",
                        fw.id
                    ),
                )
                .with_help(format!(
                    "targets are keyed by section id: {}",
                    ids.join(", ")
                )),
            );
            continue;
        };
        if let Target::Level(lane) = target {
            if let Some(why) = lane_target_problem(section, lane) {
                problems.push(at(value_span, format!("target `{id}` = {lane:?}: {why}")));
            }
        }
    }
    problems
}

/// Why a lane cannot be a section's target, or `None` when it can: every
/// scored question of the section must be a level question with that lane.
pub fn lane_target_problem(section: &Section, lane: &str) -> Option<String> {
    let scored: Vec<&Question> = section.questions.iter().filter(|q| q.is_scored()).collect();
    if scored.is_empty() {
        return Some("the section has no scored question".to_string());
    }
    if let Some(q) = scored.iter().find(|q| q.kind != Kind::Level) {
        return Some(format!(
            "`{}` is a {} question, not a level one; give a percent (0 to 100) instead",
            q.id,
            q.kind.name()
        ));
    }
    if let Some(q) = scored.iter().find(|q| q.option(lane).is_none()) {
        return Some(format!(
            "`{}` has no lane {lane:?}; expected {}, or a percent (0 to 100)",
            q.id,
            one_of_ids(q)
        ));
    }
    None
}

/// The option ids of a question, quoted, for messages.
fn one_of_ids(q: &Question) -> String {
    let ids: Vec<String> = q.options.iter().map(|o| format!("{:?}", o.id)).collect();
    if ids.is_empty() {
        return "none".to_string();
    }
    crate::text::join_or(&ids)
}

/// The valid value a mistyped answer most likely meant: the same letters in
/// another case, or an option's label where its id was expected.
fn likely_meant(q: &Question, value: &AnswerValue) -> Option<String> {
    let AnswerValue::Text(t) = value else {
        return None;
    };
    let t = t.trim();
    let candidates: Vec<(&str, &str)> = match q.kind {
        Kind::YesNoIdk => vec![
            ("yes", "yes"),
            ("no", "no"),
            ("idk", "idk"),
            ("i don't know", "idk"),
        ],
        Kind::Level | Kind::Single => q
            .options
            .iter()
            .flat_map(|o| {
                [
                    (o.id.as_str(), o.id.as_str()),
                    (o.label.as_str(), o.id.as_str()),
                ]
            })
            .collect(),
        _ => Vec::new(),
    };
    candidates
        .into_iter()
        .find(|(written, _)| written.eq_ignore_ascii_case(t))
        .map(|(_, id)| id.to_string())
}

/// The question id most like `id`, when one is close.
fn closest<'a>(id: &str, fw: &'a Framework) -> Option<&'a str> {
    crate::text::closest(id, fw.questions().map(|(_, q)| q.id.as_str()))
}

/// A TOML string literal.
fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A TOML value for an answer.
fn toml_value(v: &AnswerValue) -> String {
    match v {
        AnswerValue::Text(t) => toml_str(t),
        AnswerValue::Number(n) => fmt_num_exact(*n),
        AnswerValue::List(l) => format!(
            "[{}]",
            l.iter().map(|s| toml_str(s)).collect::<Vec<_>>().join(", ")
        ),
    }
}

fn comment(out: &mut String, text: &str) {
    for line in wrap(text, 88, "").lines() {
        let _ = writeln!(out, "{}", format!("# {line}").trim_end());
    }
}

/// Writes answers as TOML in the framework's question order, each answer
/// under its question text, so the file reads like the interview.
pub fn to_toml(answers: &Answers, fw: &Framework) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} answers, written by cs-scorecard", fw.title);
    let _ = writeln!(out, "framework = {}", toml_str(&answers.framework));
    if let Some(v) = &answers.framework_version {
        let _ = writeln!(out, "framework_version = {}", toml_str(v));
    }
    if !answers.respondent.is_empty() {
        let _ = writeln!(out, "\n[respondent]");
        for (k, v) in &answers.respondent {
            let _ = writeln!(out, "{} = {}", toml_key(k), toml_str(v));
        }
    }
    let _ = writeln!(out, "\n[answers]");
    for (section, q) in fw.questions() {
        if let Some(v) = answers.answers.get(&q.id) {
            let _ = writeln!(
                out,
                "# {} · {}",
                section.title,
                q.text.lines().next().unwrap_or("")
            );
            let _ = writeln!(out, "{} = {}", toml_key(&q.id), toml_value(v));
        }
    }
    let unknown: Vec<_> = answers
        .answers
        .iter()
        .filter(|(id, _)| fw.question(id).is_none())
        .collect();
    for (id, v) in unknown {
        let _ = writeln!(out, "{} = {}", toml_key(id), toml_value(v));
    }
    if !answers.not_applicable.is_empty() {
        let _ = writeln!(
            out,
            "\n# Questions that do not apply, with the reason: out of scope, not scored as No."
        );
        let _ = writeln!(out, "[not_applicable]");
        for (section, q) in fw.questions() {
            if let Some(why) = answers.not_applicable.get(&q.id) {
                let _ = writeln!(
                    out,
                    "# {} · {}",
                    section.title,
                    q.text.lines().next().unwrap_or("")
                );
                let _ = writeln!(out, "{} = {}", toml_key(&q.id), toml_str(why));
            }
        }
        for (id, why) in &answers.not_applicable {
            if fw.question(id).is_none() {
                let _ = writeln!(out, "{} = {}", toml_key(id), toml_str(why));
            }
        }
    }
    write_targets(&mut out, &answers.targets, fw);
    out
}

/// The `[targets]` table, in section order, when any target is set.
pub fn write_targets(out: &mut String, targets: &BTreeMap<String, Target>, fw: &Framework) {
    if targets.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\n# A target per section: a percent of its maximum, or a lane every question should reach."
    );
    let _ = writeln!(out, "[targets]");
    let known = fw.sections.iter().map(|s| s.id.as_str());
    let unknown = targets
        .keys()
        .map(String::as_str)
        .filter(|id| fw.section(id).is_none());
    for id in known.chain(unknown) {
        if let Some(t) = targets.get(id) {
            let value = match t {
                Target::Percent(p) => fmt_num_exact(*p),
                Target::Level(lane) => toml_str(lane),
            };
            let _ = writeln!(out, "{} = {value}", toml_key(id));
        }
    }
}

/// A TOML key, quoted unless it is a bare key.
fn toml_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        k.to_string()
    } else {
        toml_str(k)
    }
}

/// A blank answers file: every question as a commented entry with its text
/// and allowed values, ready to fill in.
pub fn template(fw: &Framework, framework_ref: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} (version {})", fw.title, fw.version);
    comment(&mut out, &fw.description);
    if let Some(src) = &fw.source {
        let by = src
            .publisher
            .as_deref()
            .map(|p| format!(" ({p})"))
            .unwrap_or_default();
        let _ = writeln!(out, "#");
        comment(&mut out, &format!("Source: {}{by}.", src.title));
        if let Some(notes) = &src.notes {
            comment(&mut out, notes);
        }
    }
    let _ = writeln!(
        out,
        "#\n# Fill in the answers: remove the leading `# ` of a line and set its value."
    );
    let _ = writeln!(
        out,
        "# Unanswered questions score 0 and are listed in the scorecard. A question that does not"
    );
    let _ = writeln!(
        out,
        "# apply to you goes under [not_applicable] at the end, with the reason: it leaves the"
    );
    let _ = writeln!(
        out,
        "# maximum instead of scoring 0. [targets] sets a target per section."
    );
    let by_default = fw.not_applicable.unwrap_or(true);
    if !by_default {
        let _ = writeln!(
            out,
            "# Here only the questions marked \"may be not applicable\" can be: the framework says the"
        );
        let _ = writeln!(out, "# others apply to every program.");
    }
    let _ = writeln!(out, "# Then run: cs-scorecard score <this file>\n");
    let _ = writeln!(out, "framework = {}", toml_str(framework_ref));
    let _ = writeln!(out, "framework_version = {}", toml_str(&fw.version));
    let _ = writeln!(
        out,
        "\n[respondent]\n# name = \"\"\n# organization = \"\"\n# role = \"\"\n# date = \"\""
    );
    let _ = writeln!(out, "\n[answers]");
    for section in &fw.sections {
        let _ = writeln!(out, "\n# ── {} ──", section.title);
        if let Some(o) = &section.objective {
            comment(&mut out, o);
        }
        let in_section = section.not_applicable.unwrap_or(by_default);
        if in_section != by_default {
            let _ = writeln!(
                out,
                "{}",
                if in_section {
                    "# (questions here may be not applicable, with a reason)"
                } else {
                    "# (this section always applies: \"not applicable\" is not accepted here)"
                }
            );
        }
        for q in &section.questions {
            let _ = writeln!(out);
            comment(&mut out, &q.text);
            if let Some(w) = &q.when {
                let _ = writeln!(
                    out,
                    "# (asked only when `{}` is {})",
                    w.question,
                    w.is.values().join(" or ")
                );
            }
            if !q.is_scored() {
                let _ = writeln!(out, "# (not scored)");
            }
            match fw.allows_not_applicable(section, q) {
                allowed if allowed == in_section => {}
                true => {
                    let _ = writeln!(
                        out,
                        "# (may be not applicable: give the reason under [not_applicable])"
                    );
                }
                false => {
                    let _ = writeln!(
                        out,
                        "# (always applies: \"not applicable\" is not accepted)"
                    );
                }
            }
            for o in &q.options {
                let detail = o
                    .description
                    .as_deref()
                    .map(|d| format!(": {d}"))
                    .unwrap_or_default();
                let first = detail.lines().next().unwrap_or("");
                let _ = writeln!(out, "#   {:?} = {}{}", o.id, o.label, first);
            }
            let _ = writeln!(out, "# allowed: {}", q.allowed_values());
            let example = match q.kind {
                Kind::YesNoIdk => "\"yes\"".to_string(),
                Kind::Level | Kind::Single => {
                    q.options.first().map_or("\"\"".into(), |o| toml_str(&o.id))
                }
                Kind::Multi => format!(
                    "[{}]",
                    q.options.first().map_or(String::new(), |o| toml_str(&o.id))
                ),
                Kind::Number => fmt_num_exact(q.min.unwrap_or(0.0)),
                Kind::Text if q.format == Some(TextFormat::Email) => {
                    "\"name@example.com\"".to_string()
                }
                Kind::Text => "\"\"".to_string(),
            };
            let _ = writeln!(out, "# {} = {example}", toml_key(&q.id));
        }
    }
    let _ = writeln!(
        out,
        "\n# Questions that do not apply to you, with the reason (shown in every report):"
    );
    let _ = writeln!(out, "[not_applicable]");
    if fw.questions().any(|(s, q)| fw.allows_not_applicable(s, q)) {
        let _ = writeln!(
            out,
            "#   \"<question id>\" = \"why it does not apply to you\""
        );
    } else {
        let _ = writeln!(
            out,
            "# (none can be: {} says every question applies)",
            fw.title
        );
    }
    let _ = writeln!(
        out,
        "\n# A target per section: a percent of its maximum (80), or a lane every question of it"
    );
    let _ = writeln!(
        out,
        "# should reach (level questions only). Reports show the gap; the roadmap starts there."
    );
    let _ = writeln!(out, "[targets]");
    for section in &fw.sections {
        let _ = writeln!(out, "# {} = 80", toml_key(&section.id));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_is_detected_from_the_first_non_blank_character() {
        assert_eq!(
            Syntax::detect("\n  {\"framework\": \"cx63\"}"),
            Syntax::Json
        );
        assert_eq!(Syntax::detect("framework = \"cx63\""), Syntax::Toml);
        assert_eq!(Syntax::detect("# answers\n[answers]"), Syntax::Toml);
        assert_eq!(Syntax::detect(""), Syntax::Toml);
        let stdin = FileArg::Std;
        assert_eq!(Syntax::choose(None, &stdin, "a = 1"), Syntax::Toml);
        assert_eq!(
            Syntax::choose(Some(Syntax::Json), &stdin, "a = 1"),
            Syntax::Json
        );
        let json_file = FileArg::Path("a.JSON".into());
        assert_eq!(Syntax::choose(None, &json_file, "a = 1"), Syntax::Json);
        let other = FileArg::Path("answers.txt".into());
        assert_eq!(Syntax::choose(None, &other, " {}"), Syntax::Json);
    }

    fn parse_toml(src: &str) -> Result<LoadedAnswers, Vec<Diagnostic>> {
        parse("a.toml", src.to_string(), Syntax::Toml)
    }

    #[test]
    fn unquoted_dotted_keys_mean_dotted_question_ids() -> Result<(), Vec<Diagnostic>> {
        let a = parse_toml(
            "framework = \"cx63\"\n[answers]\nonboarding.handoff = \"yes\"\n\"q10\" = 12\n",
        )?;
        assert_eq!(
            a.answers.answers.get("onboarding.handoff"),
            Some(&AnswerValue::Text("yes".into()))
        );
        assert_eq!(
            a.answers.answers.get("q10"),
            Some(&AnswerValue::Number(12.0))
        );
        Ok(())
    }

    #[test]
    fn toml_and_json_read_the_same() -> Result<(), Vec<Diagnostic>> {
        let t = parse_toml(
            "framework = \"x\"\n[respondent]\nname = \"Ada\"\n[answers]\na = [\"b\", \"c\"]\nn = 1.5\n",
        )?;
        let j = parse(
            "a.json",
            r#"{"framework": "x", "respondent": {"name": "Ada"}, "answers": {"a": ["b", "c"], "n": 1.5}}"#.into(),
            Syntax::Json,
        )?;
        assert_eq!(t.answers, j.answers);
        Ok(())
    }

    #[test]
    fn wrong_types_are_named_with_their_place() {
        let errs = parse_toml("framework = \"x\"\n[answers]\nq1 = true\n")
            .err()
            .unwrap_or_default();
        assert_eq!(errs.len(), 1);
        assert_eq!(
            errs[0].headline(),
            "a.toml:3:6: answer `q1` must be a string, a number or a list of strings, found a boolean"
        );
    }

    #[test]
    fn json_errors_have_line_and_column() {
        let errs = parse(
            "a.json",
            "{\n  \"framework\": \"x\",\n  \"answers\": {\"q1\": }\n}".into(),
            Syntax::Json,
        )
        .err()
        .unwrap_or_default();
        assert_eq!(errs[0].headline(), "a.json:3:21: expected value");
    }

    #[test]
    fn json_keys_and_values_are_located_in_one_pass() -> Result<(), Vec<Diagnostic>> {
        let src = "{\"framework\": \"x\",\n \"answers\": {\"a\\\"b\": 1e20, \"é\": [\"o\", \"p\"], \"t\": true}}";
        let errs = parse("a.json", src.into(), Syntax::Json)
            .err()
            .unwrap_or_default();
        assert_eq!(
            errs[0].headline(),
            "a.json:2:50: answer `t` must be a string, a number or a list of strings, found a boolean"
        );
        let ok = parse("a.json", src.replace("true", "\"x\""), Syntax::Json)?;
        assert_eq!(
            ok.answers.answers.get("a\"b"),
            Some(&AnswerValue::Number(1e20))
        );
        let (key, value) = ok.spans.get("é").cloned().unwrap_or_default();
        assert_eq!(key.map(|k| &ok.source[k]), Some("\"é\""));
        assert_eq!(value.map(|v| &ok.source[v]), Some("[\"o\", \"p\"]"));
        Ok(())
    }

    #[test]
    fn missing_framework_is_explained() {
        let errs = parse_toml("[answers]\n").err().unwrap_or_default();
        assert!(errs[0].message.starts_with("missing `framework`"));
    }

    #[test]
    fn a_label_or_a_capitalised_value_suggests_the_id() -> Result<(), String> {
        let fw = crate::framework::Catalog::default()
            .load("eleven-pillars", None)
            .map_err(|e| e.to_string())?;
        let src =
            "framework = \"eleven-pillars\"\n[answers]\n\"pillars.renewals\" = \"INTERMEDIATE\"\n";
        let loaded = parse("a.toml", src.to_string(), Syntax::Toml).map_err(|_| "parse")?;
        let problems = validate(&loaded, &fw.framework);
        assert_eq!(
            problems[0].help.as_deref(),
            Some("did you mean \"intermediate\"?")
        );
        Ok(())
    }

    #[test]
    fn not_applicable_reads_from_its_table_and_na_answers_need_a_reason()
    -> Result<(), Vec<Diagnostic>> {
        let a = parse_toml(
            "framework = \"cx63\"\n[answers]\n\"a.b\" = \"na\"\nc = \"yes\"\n[not_applicable]\n\"a.b\" = \"We sell no services\"\n[not_applicable.d]\ne = \"No partners\"\n",
        )?;
        assert_eq!(a.answers.answers.len(), 1, "\"na\" is no answer value");
        assert_eq!(
            a.answers.not_applicable.get("a.b").map(String::as_str),
            Some("We sell no services")
        );
        assert_eq!(
            a.answers.not_applicable.get("d.e").map(String::as_str),
            Some("No partners")
        );
        let errs = parse_toml("framework = \"x\"\n[answers]\nq1 = \"na\"\n")
            .err()
            .unwrap_or_default();
        assert_eq!(
            errs[0].headline(),
            "a.toml:3:6: answer `q1` is \"na\" (not applicable) but gives no reason; every report shows why a question does not apply"
        );
        assert_eq!(
            errs[0].help.as_deref(),
            Some("add the reason under [not_applicable]: `q1 = \"why it does not apply\"`")
        );
        Ok(())
    }

    #[test]
    fn not_applicable_problems_are_named_with_their_place() {
        let errs = parse_toml(
            "framework = \"x\"\n[answers]\nq1 = \"no\"\n[not_applicable]\nq1 = \"why\"\nq2 = \" \"\nq3 = 4\n",
        )
        .err()
        .unwrap_or_default();
        let heads: Vec<String> = errs.iter().map(Diagnostic::headline).collect();
        assert_eq!(
            heads,
            [
                "a.toml:6:6: the reason `q2` does not apply is empty; say why (every report shows it)",
                "a.toml:7:6: `not_applicable` for `q3` must be the reason it does not apply (a string), found a number",
                "a.toml:5:1: question `q1` is both answered and marked not applicable",
            ]
        );
        assert_eq!(
            errs[2].help.as_deref(),
            Some("first given at a.toml:3:1; keep one of the two")
        );
    }

    #[test]
    fn targets_are_percents_or_lanes_and_checked_against_the_framework() -> Result<(), String> {
        let fw = crate::framework::Catalog::default()
            .load("eleven-pillars", None)
            .map_err(|e| e.to_string())?;
        let src = "framework = \"eleven-pillars\"\n[targets]\nrenewals = 80\ntraining = \"advanced\"\nexpansion = \"expert\"\nvoice = 50\nadvocacy = 120\n";
        let errs = parse("a.toml", src.to_string(), Syntax::Toml)
            .err()
            .unwrap_or_default();
        assert_eq!(
            errs[0].headline(),
            "a.toml:7:12: target `advocacy` is 120; expected a percent from 0 to 100, or a lane id"
        );
        let ok = src.replace("advocacy = 120\n", "");
        let loaded = parse("a.toml", ok, Syntax::Toml).map_err(|_| "parse")?;
        assert_eq!(
            loaded.answers.targets.get("renewals"),
            Some(&Target::Percent(80.0))
        );
        let problems: Vec<String> = validate(&loaded, &fw.framework)
            .iter()
            .map(Diagnostic::headline)
            .collect();
        assert_eq!(
            problems,
            [
                "a.toml:5:13: target `expansion` = \"expert\": `pillars.expansion` has no lane \"expert\"; expected \"none\", \"basic\", \"intermediate\" or \"advanced\", or a percent (0 to 100)",
                "a.toml:6:1: unknown section `voice` in [targets] for framework `eleven-pillars`",
            ]
        );
        Ok(())
    }

    #[test]
    fn a_lane_target_needs_level_questions() -> Result<(), String> {
        let fw = crate::framework::Catalog::default()
            .load("cx63", None)
            .map_err(|e| e.to_string())?;
        let src = "framework = \"cx63\"\n[targets]\nonboarding = \"yes\"\n";
        let loaded = parse("a.toml", src.to_string(), Syntax::Toml).map_err(|_| "parse")?;
        let problems = validate(&loaded, &fw.framework);
        assert_eq!(
            problems[0].headline(),
            "a.toml:3:14: target `onboarding` = \"yes\": `onboarding.handoff` is a yes_no_idk question, not a level one; give a percent (0 to 100) instead"
        );
        Ok(())
    }

    #[test]
    fn not_applicable_and_targets_round_trip_through_toml_and_json() -> Result<(), String> {
        let fw = crate::framework::Catalog::default()
            .load("eleven-pillars", None)
            .map_err(|e| e.to_string())?
            .framework;
        let mut a = Answers {
            framework: "eleven-pillars".into(),
            ..Answers::default()
        };
        a.answers
            .insert("pillars.renewals".into(), AnswerValue::Text("basic".into()));
        a.not_applicable.insert(
            "pillars.advocacy".into(),
            "Marketing runs \"advocacy\"; not us".into(),
        );
        a.targets
            .insert("renewals".into(), Target::Level("advanced".into()));
        a.targets.insert("onboarding".into(), Target::Percent(66.5));
        let toml = to_toml(&a, &fw);
        let back = parse("a.toml", toml, Syntax::Toml).map_err(|d| d[0].headline())?;
        assert_eq!(back.answers, a);
        let json = serde_json::to_string(&a).map_err(|e| e.to_string())?;
        let back = parse("a.json", json, Syntax::Json).map_err(|d| d[0].headline())?;
        assert_eq!(back.answers, a);
        Ok(())
    }
}
