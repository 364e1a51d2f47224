//! One module per subcommand, each wiring loading, scoring and reporting.
#![allow(clippy::print_stderr)]

mod check;
mod compare;
mod completions;
mod list;
mod man;
mod meta;
mod output;
mod run;
mod score;
mod show;
mod template;

use std::io::IsTerminal;

use clap::Parser;

use crate::cli::{Cli, ColorChoice, Command};
use crate::error::{Error, render_all};
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
            eprintln!("{label} {message}");
        }
    }

    /// Prints a note (what was written, what to do next) to stderr unless `--quiet`.
    pub fn note(&self, message: &str) {
        if !self.quiet {
            eprintln!("{message}");
        }
    }
}

/// Parses the command line, runs the command and returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => 2,
            };
        }
    };
    let color = wants_color(cli.global.color, std::io::stdout().is_terminal());
    let err_color = wants_color(cli.global.color, std::io::stderr().is_terminal());
    console::set_colors_enabled(color);
    console::set_colors_enabled_stderr(err_color);
    let result = catalog(cli.command.frameworks_dirs()).and_then(|catalog| {
        let ctx = Ctx {
            catalog,
            quiet: cli.global.quiet,
            color,
        };
        run(&ctx, cli.command)
    });
    match result {
        Ok(code) => code,
        Err(e) => report_error(&e, err_color),
    }
}

/// The catalog of frameworks, refusing a `--frameworks-dir` that is not a
/// readable directory (a typo there would otherwise pass silently).
fn catalog(dirs: &[std::path::PathBuf]) -> anyhow::Result<Catalog> {
    for dir in dirs {
        let problem = match std::fs::metadata(dir) {
            Ok(m) if m.is_dir() => match std::fs::read_dir(dir) {
                Ok(_) => continue,
                Err(e) => format!("cannot read it: {e}"),
            },
            Ok(_) => "is not a directory".to_string(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => "no such directory".to_string(),
            Err(e) => format!("cannot read it: {e}"),
        };
        return Err(Error::Usage(format!(
            "--frameworks-dir {}: {problem}; expected a directory of framework .toml files",
            crate::text::printable(&dir.display().to_string())
        ))
        .into());
    }
    Ok(Catalog::new(dirs.to_vec()))
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

/// Today's date as YYYY-MM-DD (UTC), from the system clock.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    crate::text::civil_date(secs / 86_400)
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

fn run(ctx: &Ctx, command: Command) -> anyhow::Result<i32> {
    match command {
        Command::List { format, .. } => list::run(ctx, format),
        Command::Show {
            framework, format, ..
        } => show::run(ctx, &framework, format),
        Command::Template {
            framework, output, ..
        } => template::run(ctx, &framework, &output),
        Command::Run(args) => run::run(ctx, &args),
        Command::Score(args) => score::run(ctx, &args),
        Command::Compare(args) => compare::run(ctx, &args),
        Command::Schema { kind } => meta::schema(kind),
        Command::Completions { shell } => completions::run(shell),
        Command::Man(args) => man::run(ctx, &args),
        Command::Check { paths } => check::run(ctx, &paths),
    }
}

/// Prints an error and returns its exit code: 2 unless the error says otherwise.
fn report_error(e: &anyhow::Error, color: bool) -> i32 {
    let error = console::style("error:").red().bold().for_stderr();
    match e.downcast_ref::<Error>() {
        Some(Error::Input(diags)) => {
            eprintln!("{error} {}", render_all(diags, color));
            if diags.len() > 1 {
                eprintln!("{} problems found", diags.len());
            }
        }
        Some(Error::Findings(msg)) => eprintln!("{msg}"),
        Some(Error::Interrupted) => {}
        _ => {
            eprintln!("{error} {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
        }
    }
    e.downcast_ref::<Error>().map_or(2, Error::exit_code)
}
