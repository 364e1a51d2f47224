//! `run`: the interview in the terminal, autosaved, then the scorecard.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::Ctx;
use super::ctx::{HintLine, command_line, hint_text, terminal_width};
use crate::answers::{self, Answers};
use crate::cli::RunArgs;
use crate::error::Error;
use crate::framework::load::answers_reference;
use crate::fsio::{self, FileArg};
use crate::interview::{self, Existing, Mode, Stop, TerminalPrompter};
use crate::report::Reporter as _;
use crate::text::printable;

/// Set once the resume hint is printed: the signal handler and the main thread
/// both see an interruption, and only one of them should say so.
static HINT_SHOWN: AtomicBool = AtomicBool::new(false);

/// Restores the cursor and prints the hint; false when the other thread already did.
/// Both writes may fail (the terminal hung up): nothing is left to tell then.
fn show_hint_once(hint: &str) -> bool {
    if HINT_SHOWN.swap(true, Ordering::SeqCst) {
        return false;
    }
    let _ = console::Term::stderr().show_cursor();
    fsio::write_stderr(&format!("\n{hint}"));
    true
}

/// Which of the stopping signals arrived, set in the signal handlers
/// themselves, so that the main thread, woken by the same signal, reports the
/// same exit code as the handler thread.
#[derive(Default)]
struct Received {
    hup: Arc<AtomicBool>,
    term: Arc<AtomicBool>,
    int: Arc<AtomicBool>,
}

impl Received {
    /// The signal that stopped the interview, 0 for none. SIGTERM and SIGHUP
    /// win over SIGINT: a terminal read cut short by a signal makes the
    /// terminal library raise SIGINT itself.
    fn signal(&self) -> i32 {
        if self.hup.load(Ordering::SeqCst) {
            1
        } else if self.term.load(Ordering::SeqCst) {
            15
        } else if self.int.load(Ordering::SeqCst) {
            2
        } else {
            0
        }
    }
}

/// Stops the interview on Ctrl-C (SIGINT), SIGTERM and SIGHUP: the cursor is
/// shown again, the hint printed (where a terminal remains), the lock file
/// and any autosave's temporary file removed ([`fsio::signals`]), and the
/// process exits 128 + the signal's number (130, 143, 129). Every answer was
/// saved before its next prompt was drawn.
#[cfg(unix)]
fn stop_on_signals(hint: impl Fn() -> String + Send + 'static, lock: PathBuf) -> Arc<Received> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    fsio::signals::handled_elsewhere();
    let received = Arc::new(Received::default());
    for (sig, flag) in [
        (SIGHUP, &received.hup),
        (SIGTERM, &received.term),
        (SIGINT, &received.int),
    ] {
        let _ = signal_hook::flag::register(sig, Arc::clone(flag));
    }
    if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) {
        let seen = Arc::clone(&received);
        std::thread::spawn(move || {
            if let Some(sig) = signals.forever().next() {
                show_hint_once(&hint());
                let _ = std::fs::remove_file(&lock);
                fsio::signals::remove_registered();
                let first = seen.signal();
                std::process::exit(128 + if first == 0 { sig } else { first });
            }
        });
    }
    received
}

#[cfg(not(unix))]
fn stop_on_signals(hint: impl Fn() -> String + Send + 'static, lock: PathBuf) -> Arc<Received> {
    fsio::signals::handled_elsewhere();
    let _ = ctrlc::set_handler(move || {
        show_hint_once(&hint());
        let _ = std::fs::remove_file(&lock);
        fsio::signals::remove_registered();
        std::process::exit(130);
    });
    Arc::new(Received::default())
}

/// The error for an interview stopped by `signal` (0: by Ctrl-C as a key).
fn stopped(signal: i32) -> Error {
    match signal {
        0 | 2 => Error::Interrupted,
        n => Error::Signalled(n),
    }
}

/// How to start this interview again: the program as invoked, the
/// framework, and the options it cannot do without.
#[derive(Debug, Clone)]
struct Again {
    program: String,
    framework: String,
    output: PathBuf,
    default_output: bool,
    frameworks_dirs: Vec<PathBuf>,
}

impl Again {
    /// The command that continues this interview: `run FRAMEWORK --resume`,
    /// with `--output` and `--frameworks-dir` when they were given.
    fn resume(&self) -> String {
        let output = fsio::display(&self.output);
        let dirs: Vec<String> = self
            .frameworks_dirs
            .iter()
            .map(|d| fsio::display(d))
            .collect();
        let mut args = vec!["run", self.framework.as_str(), "--resume"];
        if !self.default_output {
            args.extend(["--output", output.as_str()]);
        }
        for d in &dirs {
            args.extend(["--frameworks-dir", d.as_str()]);
        }
        command_line(&self.program, &args)
    }
}

/// The message that tells a person how to continue an interrupted interview,
/// true of the file as it is when they stop (before the first answer nothing
/// was written), wrapped to the terminal's width without cutting a word.
fn resume_hint(again: &Again, width: usize) -> String {
    if !again.output.exists() {
        return hint_text(
            &[HintLine::Text(
                0,
                "Stopped before any answer was saved; nothing was written.".into(),
            )],
            width,
        );
    }
    hint_text(
        &[
            HintLine::Text(
                0,
                format!(
                    "Stopped. Every answer given so far is saved in {}.",
                    printable(&fsio::display(&again.output))
                ),
            ),
            HintLine::Text(0, "Resume with:".into()),
            HintLine::Command(2, printable(&again.resume())),
        ],
        width,
    )
}

/// Runs the interview.
pub fn run(ctx: &Ctx, args: &RunArgs) -> anyhow::Result<i32> {
    let framework = ctx.catalog.typed(&args.framework);
    let loaded = ctx.catalog.load(&framework, None)?;
    let fw = &loaded.framework;
    if !(std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal()
        && std::io::stderr().is_terminal())
    {
        let file = format!("{}-answers.toml", fw.id);
        return Err(Error::Usage(format!(
            "`run` asks questions in a terminal, and this is not one (stdin or stdout is redirected).\n\
             For non-interactive use, fill in a template and score it:\n  {}\n  {}",
            ctx.command(&["template", &framework, "--output", &file]),
            ctx.command(&["score", &file]),
        ))
        .into());
    }
    let default_output = args.output.is_none();
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}-answers.toml", fw.id)));
    let framework_ref = answers_reference(&framework, fw);
    // Before the first question: the answers must have a place to go, and no
    // other interview may be writing the same file (the last writer would win).
    fsio::check_file_output(&output).map_err(Error::from)?;
    let lock = fsio::FileLock::acquire(&output).map_err(Error::from)?;
    let again = Again {
        program: ctx.program.clone(),
        framework: framework.clone(),
        output: output.clone(),
        default_output,
        frameworks_dirs: args.frameworks.frameworks_dir.clone(),
    };
    let on_signal = again.clone();
    let signal = stop_on_signals(
        move || resume_hint(&on_signal, usize::from(terminal_width())),
        lock.path().to_path_buf(),
    );

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
                existing.answers.answers.len() + existing.answers.not_applicable.len(),
                complete,
            )
            .map_err(|e| stop_error(e, &signal))?
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
            answers.not_applicable = existing.answers.not_applicable;
        }
        // Targets are no answers: starting over keeps them.
        answers.targets = existing.answers.targets;
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

    let mut save = |a: &Answers| -> anyhow::Result<()> {
        fsio::write_atomic(&output, answers::to_toml(a, fw).as_bytes())
            .map_err(|e| anyhow::anyhow!("cannot save the answers: {e}"))
    };
    let mut prompter = TerminalPrompter::new(&output.display().to_string());
    match interview::run(fw, &mut answers, mode, &mut prompter, &mut save) {
        Ok(()) => {}
        Err(Stop::Interrupted) => {
            let _ = show_hint_once(&resume_hint(&again, usize::from(terminal_width())));
            return Err(stopped(signal.signal()).into());
        }
        Err(e) => return Err(stop_error(e, &signal)),
    }
    save(&answers)?;
    let card = crate::scoring::score(fw, &answers);
    let options = ctx.report_options(false);
    let bytes = crate::report::TableReporter.render(&card, &options)?;
    ctx.note("");
    fsio::write_output(None, &bytes)?;
    let file = fsio::display(&output);
    let report = output.with_extension("html");
    let report = fsio::display(&report);
    // Named in full, so the command is right whatever the directory.
    let change = Again {
        default_output: false,
        ..again
    };
    ctx.note(&ctx.hint(&[
        HintLine::Text(
            0,
            format!("Answers saved in {}. What comes next:", printable(&file)),
        ),
        HintLine::Text(2, "A report to share:".into()),
        HintLine::Command(
            4,
            printable(&ctx.command(&["score", &file, "--output", &report])),
        ),
        HintLine::Text(2, "Progress since last quarter:".into()),
        HintLine::Command(
            4,
            printable(&ctx.command(&["compare", "LAST-QUARTER.toml", &file])),
        ),
        HintLine::Text(2, "Change an answer later:".into()),
        HintLine::Command(4, printable(&change.resume())),
    ]));
    Ok(0)
}

fn stop_error(e: Stop, signal: &Received) -> anyhow::Error {
    let signal = signal.signal();
    if signal != 0 {
        return stopped(signal).into();
    }
    match e {
        Stop::Interrupted => Error::Interrupted.into(),
        Stop::Io(io) => anyhow::Error::new(io).context("terminal error"),
        Stop::Save(e) => e,
    }
}
