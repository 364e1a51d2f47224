//! One shape for the reports that aggregate many answers files (team, trend,
//! benchmark): each report walks its view once, handing blocks (a title,
//! headings, tables, lists, notes) to a [`Skin`]; the terminal table and
//! Markdown are two skins of the same walk, as hyperfine's `MarkupExporter`
//! draws one results table in Markdown, AsciiDoc and Org. A change to what a
//! report says is made once, in its walk, and shows in both.
//!
//! Every text a walk hands over is plain: each skin escapes it for its
//! medium (terminal-safe, Markdown-escaped), so file text cannot break out.

use comfy_table::{Attribute, Cell, CellAlignment, Color};
use serde::Serialize;

use super::common::{AggregateFormat, ReportOptions, new_table, title_line};
use crate::text::{Paint, markdown_escape, printable, wrap};

/// How a piece of text is set off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// As it is.
    Plain,
    /// Emphasised (bold; Markdown `**`).
    Strong,
    /// Secondary (dim on a terminal; plain in Markdown).
    Dim,
    /// Good news (green on a terminal).
    Good,
    /// Bad news or a flag (red on a terminal; bold in Markdown).
    Bad,
}

/// A piece of text and its style.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The text, unescaped.
    pub text: String,
    /// How it is set off.
    pub style: Style,
}

/// Plain text.
pub fn plain(text: impl Into<String>) -> Span {
    Span {
        text: text.into(),
        style: Style::Plain,
    }
}

/// Text in a style.
pub fn styled(text: impl Into<String>, style: Style) -> Span {
    Span {
        text: text.into(),
        style,
    }
}

/// Where a column's cells sit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Against the left edge: text.
    Left,
    /// Against the right edge: numbers.
    Right,
}

/// A column of a table: its heading and alignment; `width` bounds the
/// cells of borderless columns ([`Skin::columns`]): at least `.0`, at most `.1`.
#[derive(Debug, Clone)]
pub struct Column {
    /// The heading.
    pub head: String,
    /// Where its cells sit.
    pub align: Align,
    /// The least and the most display width of a borderless column.
    pub width: (usize, usize),
}

/// A column with a heading and an alignment, of any width.
pub fn column(head: impl Into<String>, align: Align) -> Column {
    Column {
        head: head.into(),
        align,
        width: (0, usize::MAX),
    }
}

/// A row of a table: its cells, and whether it stands out (a total).
#[derive(Debug, Clone)]
pub struct Row {
    /// One cell per column.
    pub cells: Vec<Span>,
    /// Whether the row is emphasised.
    pub strong: bool,
}

/// An item of a list: its first line, and what follows under it.
#[derive(Debug, Clone, Default)]
pub struct Item {
    /// The item itself.
    pub head: Vec<Span>,
    /// A second line under it (the answers' distribution, the advice).
    pub body: Option<Vec<Span>>,
}

impl Item {
    /// An item of one line.
    pub fn line(text: impl Into<String>) -> Item {
        Item {
            head: vec![plain(text)],
            body: None,
        }
    }
}

/// The head of a report.
#[derive(Debug, Clone)]
pub struct Title {
    /// The framework's title.
    pub title: String,
    /// What the report is ("team assessment", "progress", "benchmark").
    pub kind: &'static str,
    /// The framework's id.
    pub id: String,
    /// The framework's version.
    pub version: String,
    /// What the report covers, in one line ("Team of 8 respondents").
    pub facts: String,
}

/// How one skin draws the blocks of a report's walk.
pub trait Skin {
    /// The head of the report.
    fn title(&mut self, t: &Title);
    /// Starts a part: the blocks of a part stand together, parts apart.
    fn part(&mut self);
    /// A heading over a part.
    fn heading(&mut self, text: &str);
    /// A line of text.
    fn paragraph(&mut self, spans: &[Span]);
    /// A secondary line: a legend, how to read what is above.
    fn note(&mut self, text: &str);
    /// A table with a heading row (boxed on a terminal).
    fn table(&mut self, columns: &[Column], rows: &[Row]);
    /// Rows aligned in columns without borders on a terminal (a table in Markdown).
    fn columns(&mut self, columns: &[Column], rows: &[Row]);
    /// A list, numbered or not.
    fn list(&mut self, numbered: bool, items: &[Item]);
    /// The bytes drawn.
    fn finish(self: Box<Self>) -> Vec<u8>;
}

/// A report that aggregates many answers files (team, trend, benchmark): its
/// JSON is the result itself (docs/json-output.md), its terminal table and
/// Markdown one walk, its CSV and HTML its own.
pub trait Aggregate: Serialize {
    /// The one walk that draws the terminal table and Markdown.
    fn walk(&self, skin: &mut dyn Skin);
    /// The CSV report.
    fn csv(&self) -> anyhow::Result<Vec<u8>>;
    /// The self-contained HTML page.
    fn html(&self, options: &ReportOptions) -> anyhow::Result<Vec<u8>>;
}

/// Renders an aggregate report in a format.
pub fn render<R: Aggregate>(
    report: &R,
    format: AggregateFormat,
    options: &ReportOptions,
) -> anyhow::Result<Vec<u8>> {
    match format {
        AggregateFormat::Json => {
            let mut bytes = serde_json::to_vec_pretty(report)?;
            bytes.push(b'\n');
            Ok(bytes)
        }
        AggregateFormat::Csv => report.csv(),
        AggregateFormat::Html => report.html(options),
        AggregateFormat::Table | AggregateFormat::Markdown => {
            let mut skin = skin(format == AggregateFormat::Markdown, options);
            report.walk(skin.as_mut());
            Ok(skin.finish())
        }
    }
}

/// The skin for a format that has one: the terminal table or Markdown.
pub fn skin(markdown: bool, options: &ReportOptions) -> Box<dyn Skin> {
    if markdown {
        Box::new(Markdown {
            out: String::new(),
            date: options.date.clone(),
        })
    } else {
        Box::new(Terminal {
            out: String::new(),
            options: options.clone(),
        })
    }
}

/// The terminal: boxed tables fitted to the width, wrapped lists, colour
/// when the options allow it.
struct Terminal {
    out: String,
    options: ReportOptions,
}

impl Terminal {
    fn paint(&self) -> Paint {
        self.options.paint()
    }

    fn spans(&self, spans: &[Span]) -> String {
        let paint = self.paint();
        spans
            .iter()
            .map(|s| {
                let t = printable(&s.text);
                match s.style {
                    Style::Plain => t,
                    Style::Strong => paint.bold(t),
                    Style::Dim => paint.dim(t),
                    Style::Good => paint.green(t),
                    Style::Bad => paint.red(t),
                }
            })
            .collect()
    }

    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }
}

impl Skin for Terminal {
    fn title(&mut self, t: &Title) {
        let head = title_line(self.paint(), &t.title, &t.id, &t.version);
        self.line(&head);
        // Wrapped like every other line: filters in words can run long.
        self.line(&wrap(
            &printable(&t.facts),
            usize::from(self.options.width),
            "",
        ));
    }

    fn part(&mut self) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
    }

    fn heading(&mut self, text: &str) {
        let wrapped = wrap(&printable(text), usize::from(self.options.width), "");
        let bold = self.paint().bold(wrapped);
        self.line(&bold);
    }

    fn paragraph(&mut self, spans: &[Span]) {
        let text = wrap(&self.spans(spans), usize::from(self.options.width), "");
        self.line(&text);
    }

    fn note(&mut self, text: &str) {
        let wrapped = wrap(&printable(text), usize::from(self.options.width), "");
        let dim = self.paint().dim(wrapped);
        self.line(&dim);
    }

    fn table(&mut self, columns: &[Column], rows: &[Row]) {
        let mut t = new_table(&self.options);
        t.set_header(columns.iter().map(|c| printable(&c.head)));
        for row in rows {
            t.add_row(row.cells.iter().zip(columns).map(|(cell, c)| {
                // Styled by the table, not with escapes in the text: the table
                // would count the escapes as width and squeeze the other columns.
                let text = Cell::new(printable(&cell.text)).set_alignment(match c.align {
                    Align::Left => CellAlignment::Left,
                    Align::Right => CellAlignment::Right,
                });
                match cell.style {
                    Style::Plain => text,
                    Style::Strong => text.add_attribute(Attribute::Bold),
                    Style::Dim => text.add_attribute(Attribute::Dim),
                    Style::Good => text.fg(Color::Green),
                    Style::Bad => text.fg(Color::Red),
                }
            }));
        }
        self.line(&t.to_string());
    }

    /// Rows in borderless columns. Nothing is cut: a first cell wider than
    /// its column (at most `.1`) stands on a line of its own, the rest of
    /// its row under it in their columns; when the columns together are
    /// wider than the page, each row's first cell is on its own line and the
    /// others follow, indented, on the next.
    fn columns(&mut self, columns: &[Column], rows: &[Row]) {
        let width = |s: &Span| console::measure_text_width(&printable(&s.text));
        let mut widths: Vec<usize> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let widest = rows
                    .iter()
                    .filter_map(|r| r.cells.get(i))
                    .map(width)
                    .max()
                    .unwrap_or(0);
                widest.clamp(c.width.0, c.width.1.max(c.width.0))
            })
            .collect();
        let page = usize::from(self.options.width);
        let total = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
        let stacked = total > page && widths.len() > 1;
        if stacked {
            // The first column leaves the line: the others start indented.
            widths[0] = 2;
        }
        let paint = self.paint();
        for row in rows {
            let last = row.cells.len().saturating_sub(1);
            let mut line = String::new();
            for (i, (cell, c)) in row.cells.iter().zip(columns).enumerate() {
                let text = printable(&cell.text);
                let w = console::measure_text_width(&text);
                if i == 0 && (stacked || w > widths[0]) {
                    // Alone on its line, wrapped to the page, never cut.
                    let own = wrap(&text, page, "");
                    let own = self.spans(&[styled(own, cell.style)]);
                    self.line(&if row.strong { paint.bold(own) } else { own });
                    line.push_str(&" ".repeat(widths[0]));
                    continue;
                }
                let fill = " ".repeat(widths[i].saturating_sub(w));
                let styled = self.spans(&[styled(text, cell.style)]);
                if i > 0 {
                    line.push_str("  ");
                }
                match (c.align, i == last) {
                    (Align::Right, _) => {
                        line.push_str(&fill);
                        line.push_str(&styled);
                    }
                    (Align::Left, true) => line.push_str(&styled),
                    (Align::Left, false) => {
                        line.push_str(&styled);
                        line.push_str(&fill);
                    }
                }
            }
            let line = if row.strong { paint.bold(line) } else { line };
            self.line(&line);
        }
    }

    fn list(&mut self, numbered: bool, items: &[Item]) {
        let width = usize::from(self.options.width);
        if items.is_empty() {
            return;
        }
        for (i, item) in items.iter().enumerate() {
            let head = self.spans(&item.head);
            let text = if numbered {
                format!("{:>2}. {}", i + 1, wrap(&head, width, "    ").trim_start())
            } else {
                wrap(&head, width, "  ")
            };
            self.line(&text);
            if let Some(body) = &item.body {
                let body = wrap(&self.spans(body), width, "    ");
                self.line(&body);
            }
        }
    }

    fn finish(self: Box<Self>) -> Vec<u8> {
        self.out.into_bytes()
    }
}

/// Markdown (GitHub's flavour): headings, pipe tables, lists; every file
/// text escaped.
struct Markdown {
    out: String,
    date: String,
}

impl Markdown {
    fn spans(spans: &[Span]) -> String {
        spans
            .iter()
            .map(|s| {
                let t = markdown_escape(&s.text);
                match s.style {
                    Style::Strong | Style::Bad if !t.trim().is_empty() => format!("**{t}**"),
                    _ => t,
                }
            })
            .collect()
    }

    /// A block, set apart from the one before by a blank line.
    fn block(&mut self, text: &str) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out.push_str(text);
        if !text.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn pipe_table(&mut self, columns: &[Column], rows: &[Row]) {
        let mut t = String::new();
        let heads: Vec<String> = columns.iter().map(|c| markdown_escape(&c.head)).collect();
        t.push_str(&format!("| {} |\n|", heads.join(" | ")));
        for c in columns {
            t.push_str(match c.align {
                Align::Left => "---|",
                Align::Right => "---:|",
            });
        }
        t.push('\n');
        for row in rows {
            let cells: Vec<String> = row
                .cells
                .iter()
                .enumerate()
                .map(|(i, cell)| {
                    let strong = row.strong && i == 0;
                    let style = if strong { Style::Strong } else { cell.style };
                    Markdown::spans(&[styled(cell.text.clone(), style)])
                })
                .collect();
            t.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        self.block(&t);
    }
}

impl Skin for Markdown {
    fn title(&mut self, t: &Title) {
        let head = format!(
            "# {}: {}\n\nFramework: `{}` {} · {} · Generated on {}",
            markdown_escape(&t.title),
            t.kind,
            markdown_escape(&t.id),
            markdown_escape(&t.version),
            markdown_escape(&t.facts),
            self.date
        );
        self.block(&head);
    }

    fn part(&mut self) {}

    fn heading(&mut self, text: &str) {
        self.block(&format!("## {}", markdown_escape(text)));
    }

    fn paragraph(&mut self, spans: &[Span]) {
        self.block(&Markdown::spans(spans));
    }

    fn note(&mut self, text: &str) {
        self.block(&format!("_{}_", markdown_escape(text)));
    }

    fn table(&mut self, columns: &[Column], rows: &[Row]) {
        self.pipe_table(columns, rows);
    }

    fn columns(&mut self, columns: &[Column], rows: &[Row]) {
        self.pipe_table(columns, rows);
    }

    fn list(&mut self, numbered: bool, items: &[Item]) {
        if items.is_empty() {
            return;
        }
        let mut t = String::new();
        for (i, item) in items.iter().enumerate() {
            let marker = if numbered {
                format!("{}. ", i + 1)
            } else {
                "- ".to_string()
            };
            t.push_str(&marker);
            t.push_str(&Markdown::spans(&item.head));
            if let Some(body) = &item.body {
                // A backslash at the end of a line is a line break.
                t.push_str("\\\n");
                t.push_str(&" ".repeat(marker.len()));
                t.push_str(&Markdown::spans(body));
            }
            t.push('\n');
        }
        self.block(&t);
    }

    fn finish(self: Box<Self>) -> Vec<u8> {
        self.out.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> ReportOptions {
        ReportOptions {
            color: false,
            width: 60,
            date: "2026-12-01".into(),
        }
    }

    /// One walk, drawn by both skins.
    fn walk(skin: &mut dyn Skin) {
        skin.title(&Title {
            title: "Mini | framework".into(),
            kind: "team assessment",
            id: "mini".into(),
            version: "0.1.0".into(),
            facts: "Team of 2 respondents".into(),
        });
        skin.part();
        skin.columns(
            &[
                Column {
                    head: "Section".into(),
                    align: Align::Left,
                    width: (5, 8),
                },
                column("Change", Align::Right),
                column("Note", Align::Left),
            ],
            &[
                Row {
                    cells: vec![plain("Total"), plain("+80"), plain("up")],
                    strong: true,
                },
                Row {
                    cells: vec![plain("Basics and more"), plain("-2"), plain("down")],
                    strong: false,
                },
            ],
        );
        skin.part();
        skin.heading("Discuss *first*");
        skin.list(
            true,
            &[Item {
                head: vec![styled("[0.00 low]", Style::Bad), plain(" Do you <b>?")],
                body: Some(vec![plain("Yes 1 · No 1")]),
            }],
        );
        skin.note("0 = split");
    }

    fn draw(markdown: bool) -> String {
        let mut skin = skin(markdown, &options());
        walk(skin.as_mut());
        String::from_utf8(skin.finish()).unwrap_or_default()
    }

    #[test]
    fn the_terminal_skin_aligns_wraps_and_numbers() {
        assert_eq!(
            draw(false),
            "Mini | framework (mini 0.1.0)\nTeam of 2 respondents\n\n\
             Total     +80  up\n\
             Basics and more\n           -2  down\n\n\
             Discuss *first*\n \
             1. [0.00 low] Do you <b>?\n    Yes 1 · No 1\n\
             0 = split\n"
        );
    }

    #[test]
    fn columns_wider_than_the_page_stack_and_cut_no_word() {
        let narrow = ReportOptions {
            width: 16,
            ..options()
        };
        let mut skin = skin(false, &narrow);
        skin.columns(
            &[
                column("Section", Align::Left),
                column("Change", Align::Right),
            ],
            &[Row {
                cells: vec![plain("Onboarding and activation"), plain("+12.5 pp")],
                strong: false,
            }],
        );
        let out = String::from_utf8(skin.finish()).unwrap_or_default();
        assert_eq!(out, "Onboarding and\nactivation\n    +12.5 pp\n");
    }

    #[test]
    fn a_coloured_cell_is_as_wide_as_its_text() {
        // Escapes written into a cell's text would count as width and squeeze
        // the other columns at 30 columns; the table styles the cell instead.
        let draw = |color: bool| {
            let mut skin = skin(
                false,
                &ReportOptions {
                    color,
                    width: 30,
                    ..options()
                },
            );
            skin.table(
                &[
                    column("signal", Align::Left),
                    column("change", Align::Right),
                ],
                &[Row {
                    cells: vec![plain("active-users"), styled("+0.002", Style::Good)],
                    strong: false,
                }],
            );
            String::from_utf8(skin.finish()).unwrap_or_default()
        };
        let plain_text = draw(false);
        assert!(
            plain_text.contains("│ active-users ┆ +0.002 │"),
            "{plain_text}"
        );
        let coloured = draw(true);
        assert!(coloured.contains("\u{1b}["), "{coloured}");
        assert_eq!(console::strip_ansi_codes(&coloured), plain_text);
    }

    #[test]
    fn the_markdown_skin_escapes_and_sets_blocks_apart() {
        assert_eq!(
            draw(true),
            "# Mini \\| framework: team assessment\n\n\
             Framework: `mini` 0.1.0 · Team of 2 respondents · Generated on 2026-12-01\n\n\
             | Section | Change | Note |\n|---|---:|---|\n\
             | **Total** | +80 | up |\n| Basics and more | -2 | down |\n\n\
             ## Discuss \\*first\\*\n\n\
             1. **\\[0.00 low\\]** Do you \\<b\\>?\\\n   Yes 1 · No 1\n\n\
             _0 = split_\n"
        );
    }
}
