//! One module per subcommand, each wiring loading, scoring and reporting.
#![allow(clippy::print_stderr)]

mod check;
mod compare;
mod health;
mod list;
mod meta;
mod run;
mod score;
mod show;
mod template;

use std::io::IsTerminal;

use clap::Parser;

use crate::cli::{Cli, ColorChoice, Command};
use crate::error::{Error, render_all};
use crate::framework::Catalog;

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
    let ctx = Ctx {
        catalog: Catalog::new(cli.global.frameworks_dir.clone()),
        quiet: cli.global.quiet,
        color,
    };
    match run(&ctx, cli.command) {
        Ok(code) => code,
        Err(e) => report_error(&e, err_color),
    }
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
        Command::List { format } => list::run(ctx, format),
        Command::Show { framework, format } => show::run(ctx, &framework, format),
        Command::Template {
            framework,
            output,
            force,
        } => template::run(ctx, &framework, output.as_deref(), force),
        Command::Run(args) => run::run(ctx, &args),
        Command::Score(args) => score::run(ctx, &args),
        Command::Compare {
            old,
            new,
            format,
            output,
        } => compare::run(ctx, &old, &new, format, output.as_deref()),
        Command::Schema { kind } => meta::schema(kind),
        Command::Completions { shell } => meta::completions(shell),
        Command::Man => meta::man(),
        Command::Check { paths } => check::run(ctx, &paths),
        Command::Health { command } => health::run(ctx, command),
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
