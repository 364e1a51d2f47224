//! `run`: the interview in the terminal, autosaved, then the scorecard.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use super::Ctx;
use crate::answers::{self, Answers};
use crate::cli::RunArgs;
use crate::error::Error;
use crate::framework::load::answers_reference;
use crate::fsio::{self, FileArg};
use crate::interview::{self, Existing, Mode, Stop, TerminalPrompter};
use crate::report::Reporter as _;
use crate::text::printable;

/// Set once the resume hint is printed: the Ctrl-C handler and the main thread
/// both see an interruption, and only one of them should say so.
static HINT_SHOWN: AtomicBool = AtomicBool::new(false);

/// Restores the cursor and prints the hint; false when the other thread already did.
fn show_hint_once(hint: &str) -> bool {
    if HINT_SHOWN.swap(true, Ordering::SeqCst) {
        return false;
    }
    let _ = console::Term::stderr().show_cursor();
    #[allow(clippy::print_stderr)]
    {
        eprintln!("\n{hint}");
    }
    true
}

/// The message that tells a person how to continue an interrupted interview,
/// true of the file as it is when they stop: before the first answer nothing
/// was written.
fn resume_hint(framework: &str, output: &Path, default_output: bool) -> String {
    if !output.exists() {
        return "Stopped before any answer was saved; nothing was written.".to_string();
    }
    let out = if default_output {
        String::new()
    } else {
        format!(" --output {}", output.display())
    };
    format!(
        "Stopped. Every answer given so far is saved in {}.\nResume with: cs-scorecard run {framework} --resume{out}",
        output.display()
    )
}

/// Runs the interview.
pub fn run(ctx: &Ctx, args: &RunArgs) -> anyhow::Result<i32> {
    let loaded = ctx.catalog.load(&args.framework, None)?;
    let fw = &loaded.framework;
    if !(std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal()
        && std::io::stderr().is_terminal())
    {
        return Err(Error::Usage(format!(
            "`run` asks questions in a terminal, and this is not one (stdin or stdout is redirected).\n\
             For non-interactive use, fill in a template and score it:\n  \
             cs-scorecard template {0} --output {1}-answers.toml\n  \
             cs-scorecard score {1}-answers.toml",
            args.framework,
            fw.id
        ))
        .into());
    }
    let default_output = args.output.is_none();
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}-answers.toml", fw.id)));
    let framework_ref = answers_reference(&args.framework, fw);

    let mut answers = Answers {
        framework: framework_ref,
        framework_version: Some(fw.version.clone()),
        ..Answers::default()
    };
    let mut mode = Mode::All;
    if output.exists() {
        let existing = answers::load(&FileArg::Path(output.clone()), None).map_err(Error::Input)?;
        // Another framework's file gets one message naming both, before any
        // of its answers is checked against this framework.
        if existing.answers.framework != answers.framework && existing.answers.framework != fw.id {
            return Err(Error::Usage(format!(
                "{} holds answers for the framework `{}`, not `{}`; choose another --output",
                output.display(),
                printable(&crate::text::excerpt(&existing.answers.framework, 80)),
                fw.id
            ))
            .into());
        }
        let problems = answers::validate(&existing, fw);
        if !problems.is_empty() {
            return Err(Error::Input(problems).into());
        }
        let complete = interview::is_complete(fw, &existing.answers);
        let choice = if args.resume {
            if complete {
                Existing::Review
            } else {
                Existing::Resume
            }
        } else {
            interview::ask_existing(
                &fsio::display(&output),
                existing.answers.answers.len(),
                complete,
            )
            .map_err(stop_error)?
        };
        match choice {
            Existing::Resume => mode = Mode::Gaps,
            Existing::Review => mode = Mode::Review,
            Existing::StartOver => {}
            Existing::Quit => {
                ctx.note(&format!("{} left as it was.", output.display()));
                return Ok(0);
            }
        }
        if mode != Mode::All {
            answers.respondent = existing.answers.respondent;
            answers.answers = existing.answers.answers;
        }
    } else if args.resume {
        ctx.warn(&format!(
            "{} does not exist yet; starting a new interview",
            output.display()
        ));
    }
    for (field, value) in [
        ("name", &args.respondent),
        ("organization", &args.organization),
        ("role", &args.role),
    ] {
        if let Some(v) = value {
            answers.respondent.insert(field.into(), v.clone());
        }
    }
    answers
        .respondent
        .entry("date".into())
        .or_insert_with(super::today);

    let (handler_framework, handler_output) = (args.framework.clone(), output.clone());
    // Ctrl-C raises SIGINT while dialoguer reads a key: restore the cursor, say how
    // to resume, and exit 130. Every answer was saved before its next prompt was drawn.
    // When the main thread saw the interruption first, it prints and exits itself.
    let _ = ctrlc::set_handler(move || {
        let hint = resume_hint(&handler_framework, &handler_output, default_output);
        if show_hint_once(&hint) {
            std::process::exit(130);
        }
    });

    let mut save = |a: &Answers| -> anyhow::Result<()> {
        fsio::write_atomic(&output, answers::to_toml(a, fw).as_bytes())
            .map_err(|e| anyhow::anyhow!("cannot save answers to {}: {e}", output.display()))
    };
    let mut prompter = TerminalPrompter::new(&output.display().to_string());
    match interview::run(fw, &mut answers, mode, &mut prompter, &mut save) {
        Ok(()) => {}
        Err(Stop::Interrupted) => {
            let _ = show_hint_once(&resume_hint(&args.framework, &output, default_output));
            return Err(Error::Interrupted.into());
        }
        Err(e) => return Err(stop_error(e)),
    }
    save(&answers)?;
    let card = crate::scoring::score(fw, &answers);
    let options = ctx.report_options(false);
    let bytes = crate::report::TableReporter.render(&card, &options)?;
    ctx.note("");
    fsio::write_output(None, &bytes)?;
    let file = output.display();
    let stem = output.file_stem().map_or_else(
        || "report".to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    ctx.note(&format!(
        "Answers saved in {file}. What comes next:\n  \
         cs-scorecard score {file} --format html --output {stem}.html   # a report to share\n  \
         cs-scorecard compare last-quarter.toml {file}   # progress since last quarter\n  \
         cs-scorecard run {} --output {file} --resume   # change an answer later",
        args.framework
    ));
    Ok(0)
}

fn stop_error(e: Stop) -> anyhow::Error {
    match e {
        Stop::Interrupted => Error::Interrupted.into(),
        Stop::Io(io) => anyhow::Error::new(io).context("terminal error"),
        Stop::Save(e) => e,
    }
}
