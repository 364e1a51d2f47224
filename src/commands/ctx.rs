//! What every command gets ([`Ctx`]: the catalog and output preferences) and
//! the decisions made once for all of them: colour, terminal width, today's date.

use crate::cli::ColorChoice;
use crate::framework::Catalog;
use crate::report::ReportOptions;

/// What every command gets: the catalog and output preferences.
pub struct Ctx {
    /// Where frameworks are found.
    pub catalog: Catalog,
    /// Whether warnings are suppressed.
    pub quiet: bool,
    /// Whether standard output gets colour.
    pub color: bool,
    /// The program as the user invoked it, for the commands a message tells
    /// them to run next ([`invoked_as`]).
    pub program: String,
}

impl Ctx {
    /// How reports are drawn: colour and the terminal's width for the
    /// terminal, never colour in a file.
    pub fn report_options(&self, to_file: bool) -> ReportOptions {
        ReportOptions {
            color: self.color && !to_file,
            width: if to_file { 100 } else { terminal_width() },
            date: today(),
        }
    }

    /// Prints a warning to stderr unless `--quiet`.
    pub fn warn(&self, message: &str) {
        if !self.quiet {
            let label = console::style("warning:").yellow().bold().for_stderr();
            crate::fsio::write_stderr(&fit_stderr(&format!("{label} {message}")));
        }
    }

    /// Prints a note (what was written, what to do next) to stderr unless `--quiet`.
    pub fn note(&self, message: &str) {
        if !self.quiet {
            crate::fsio::write_stderr(message);
        }
    }

    /// Says that a file (or a directory of files) was written, in the one
    /// shape every command uses: `wrote report.html (html)`.
    pub fn wrote(&self, path: &std::path::Path, what: &str) {
        let mut shown = crate::text::printable(&crate::fsio::display(path));
        if path.is_dir() && !shown.ends_with('/') {
            shown.push('/');
        }
        // Wrapped at words like every other line (a demo lists its files).
        self.note(&crate::text::wrap(
            &format!("wrote {shown} ({what})"),
            usize::from(terminal_width()),
            "",
        ));
    }

    /// A command for the user to run next, as they invoked this program
    /// (`cs-scorecard score a.toml`, `cargo run -- score a.toml`), each
    /// argument quoted for the shell where it needs to be.
    pub fn command(&self, args: &[&str]) -> String {
        command_line(&self.program, args)
    }

    /// Lines of a note: paragraphs wrapped at word boundaries to the
    /// terminal's width, commands (lines starting with `$ `) broken only
    /// between arguments with a shell continuation (` \`), so that a
    /// command copied from any width still runs.
    pub fn hint(&self, lines: &[HintLine]) -> String {
        hint_text(lines, usize::from(terminal_width()))
    }
}

/// A command line: the program as invoked, then each argument quoted for
/// the shell where it needs to be.
pub fn command_line(program: &str, args: &[&str]) -> String {
    std::iter::once(program.to_string())
        .chain(args.iter().map(|a| crate::text::shell_word(a).into_owned()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One line of a hint ([`Ctx::hint`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HintLine {
    /// Prose, wrapped at word boundaries, indented by this many spaces.
    Text(usize, String),
    /// A command, broken only between arguments, indented by this many spaces.
    Command(usize, String),
}

/// A hint's lines at a width (see [`Ctx::hint`]).
pub fn hint_text(lines: &[HintLine], width: usize) -> String {
    lines
        .iter()
        .map(|line| match line {
            HintLine::Text(indent, text) => crate::text::wrap(text, width, &" ".repeat(*indent)),
            HintLine::Command(indent, command) => {
                crate::text::wrap_command(command, width, *indent)
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The program as the user invoked it, for the commands messages suggest:
/// `cargo run --` (or `cargo run --release --`) when cargo runs it from the
/// source tree, else the name or path it was started by (`cs-scorecard`,
/// `./target/release/cs-scorecard`), so that a suggested command runs where
/// the user typed theirs.
pub fn invoked_as() -> String {
    let argv0 = std::env::args_os().next();
    let path = argv0.as_deref().map(std::path::Path::new);
    let under_cargo = std::env::var_os("CARGO").is_some()
        && std::env::var("CARGO_PKG_NAME").is_ok_and(|n| n == env!("CARGO_PKG_NAME"));
    if under_cargo {
        let profile = path
            .and_then(std::path::Path::parent)
            .and_then(std::path::Path::file_name)
            .and_then(|p| p.to_str());
        return match profile {
            Some("release") => "cargo run --release --".to_string(),
            Some("debug") | None => "cargo run --".to_string(),
            Some(other) => format!("cargo run --profile {} --", crate::text::shell_word(other)),
        };
    }
    match argv0.as_ref().and_then(|a| a.to_str()) {
        Some(a) if !a.is_empty() => crate::text::shell_word(a).into_owned(),
        _ => env!("CARGO_PKG_NAME").to_string(),
    }
}

/// An error or a warning as standard error should carry it: on a terminal
/// (a person reads it) wrapped at words to its width
/// ([`crate::text::wrap_message`]); in a pipe or a log, one line per
/// sentence, for grep.
pub fn fit_stderr(text: &str) -> String {
    let term = console::Term::stderr();
    if !term.is_term() {
        return text.to_string();
    }
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .or_else(|| term.size_checked().map(|(_, cols)| cols))
        .map_or(100, |cols| cols.clamp(40, 160));
    crate::text::wrap_message(text, usize::from(width))
}

/// The width to fit terminal output to: `COLUMNS` when set to a number, else
/// the terminal's width, else 100 columns; clamped to 40..=160.
pub fn terminal_width() -> u16 {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok());
    columns
        .or_else(|| console::Term::stdout().size_checked().map(|(_, cols)| cols))
        .map_or(100, |cols| cols.clamp(40, 160))
}

/// Today's date as YYYY-MM-DD (UTC): from `SOURCE_DATE_EPOCH` when set (the
/// reproducible-builds convention, so a report can be regenerated byte for
/// byte), else from the system clock.
pub fn today() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    crate::date::Date::from_days(secs / 86_400).to_string()
}

/// Whether to colour a stream, from `--color`, `NO_COLOR` and whether it is a terminal.
pub fn wants_color(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}
