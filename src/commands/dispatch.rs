//! The one path from arguments to an exit code: parse, build the [`Ctx`], run
//! the command, and map its error to the exit code in exactly one place.

use std::io::IsTerminal;

use clap::Parser;

use super::ctx::{Ctx, wants_color};
use super::{
    benchmark, check, compare, completions, form, health, list, man, meta, metrics, plan, run,
    score, show, team, template, trend,
};
use crate::cli::{Cli, Command};
use crate::error::{Error, render_all};
use crate::framework::Catalog;

/// Parses the command line, runs the command and returns the exit code.
pub fn main() -> i32 {
    run_args(std::env::args_os())
}

/// Runs the command these arguments (program name first) name, as the binary
/// would, and returns the exit code: what the fuzz targets drive in-process.
pub fn run_args<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
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
            program: super::ctx::invoked_as(),
        };
        dispatch(&ctx, cli.command)
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
                Err(e) => format!("cannot read it: {}", crate::error::io_reason(&e)),
            },
            Ok(_) => "is not a directory".to_string(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => "no such directory".to_string(),
            Err(e) => format!("cannot read it: {}", crate::error::io_reason(&e)),
        };
        return Err(Error::Usage(format!(
            "--frameworks-dir {}: {problem}; expected a directory of framework .toml files",
            crate::text::printable(&dir.display().to_string())
        ))
        .into());
    }
    Ok(Catalog::new(dirs.to_vec()))
}

fn dispatch(ctx: &Ctx, command: Command) -> anyhow::Result<i32> {
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
        Command::Plan(args) => plan::run(ctx, &args),
        Command::Schema { kind } => meta::schema(kind),
        Command::Completions { shell } => completions::run(shell),
        Command::Man(args) => man::run(ctx, &args),
        Command::Check { paths } => check::run(ctx, &paths),
        Command::Team(args) => team::run(ctx, &args),
        Command::Trend(args) => trend::run(ctx, &args),
        Command::Benchmark(args) => benchmark::run(ctx, &args),
        Command::Form {
            framework, output, ..
        } => form::run(ctx, &framework, &output),
        Command::Metrics(args) => metrics::run(ctx, &args),
        Command::Health { command } => health::run(ctx, command),
    }
}

/// Prints an error and returns its exit code: 2 unless the error says otherwise.
fn report_error(e: &anyhow::Error, color: bool) -> i32 {
    let error = console::style("error:").red().bold().for_stderr();
    let say = |text: &str| crate::fsio::write_stderr(&super::ctx::fit_stderr(text));
    match e.downcast_ref::<Error>() {
        Some(Error::Input(diags)) => {
            say(&format!("{error} {}", render_all(diags, color)));
            if diags.len() > 1 {
                say(&format!("{} problems found", diags.len()));
            }
        }
        Some(Error::InputFirst { shown, total }) => {
            say(&format!("{error} {}", render_all(shown, color)));
            say(&format!(
                "{} problems found; the first {} are shown",
                crate::text::grouped(*total as f64),
                shown.len()
            ));
        }
        Some(Error::Findings(msg)) => say(msg),
        Some(Error::Interrupted | Error::Signalled(_)) => {}
        _ => {
            say(&format!("{error} {e}"));
            for cause in e.chain().skip(1) {
                say(&format!("  caused by: {cause}"));
            }
        }
    }
    e.downcast_ref::<Error>().map_or(2, Error::exit_code)
}
