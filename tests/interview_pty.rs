//! The interview driven end to end in a pseudo-terminal: answering, Ctrl-C,
//! resume and the final score. Kept to one robust scenario; the navigation logic
//! is tested on the scripted prompter in `src/interview/tests.rs`.
#![cfg(unix)]

use std::process::Command;
use std::time::Duration;

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession as Session;
use expectrl::{ControlCode, Expect};

const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";

fn spawn(dir: &std::path::Path, args: &[&str]) -> Session {
    spawn_sized(dir, args, 100, 50)
}

/// Runs the binary in a pseudo-terminal of `cols` × `rows`. The pty library
/// sets its own default size right after it starts the child, so the child (a
/// shell) waits for a line, sent only once the size is set, before it starts
/// the program: its first screen already has that size.
fn spawn_sized(dir: &std::path::Path, args: &[&str], cols: u16, rows: u16) -> Session {
    spawn_as(dir, "cs-scorecard", args, cols, rows, &[])
}

/// Runs the binary in a pseudo-terminal as `program` (the name it is
/// started by: `cs-scorecard` found on PATH, or a path), with more variables.
fn spawn_as(
    dir: &std::path::Path,
    program: &str,
    args: &[&str],
    cols: u16,
    rows: u16,
    vars: &[(&str, &str)],
) -> Session {
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_cs-scorecard"));
    let path = std::env::join_paths(
        std::iter::once(bin.parent().map(|p| p.to_path_buf()).unwrap_or_default()).chain(
            std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
        ),
    )
    .unwrap_or_default();
    let mut cmd = Command::new("bash");
    cmd.arg("-c")
        .arg("read _ && exec -a \"$0\" \"$BIN\" \"$@\"")
        .arg(program)
        .args(args)
        .current_dir(dir)
        .env("BIN", bin)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env_remove("CARGO")
        .env_remove("CARGO_PKG_NAME")
        .env_remove("RUST_BACKTRACE");
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let mut s = Session::spawn(cmd).unwrap_or_else(|e| panic!("cannot spawn in a pty: {e}"));
    s.set_expect_timeout(Some(Duration::from_secs(10)));
    s.get_process_mut()
        .set_window_size(cols, rows)
        .unwrap_or_else(|e| panic!("cannot size the pty: {e}"));
    send(&mut s, "\n");
    s
}

fn expect(s: &mut Session, text: &str) {
    if let Err(e) = s.expect(text) {
        panic!("waiting for {text:?}: {e}");
    }
}

fn send(s: &mut Session, keys: &str) {
    s.send(keys)
        .unwrap_or_else(|e| panic!("cannot send {keys:?}: {e}"));
}

/// Waits for the text a Ctrl-C prints and returns what the terminal received
/// up to it. Linux may drop the last output of a pty whose child has exited
/// before the test read it (`None`); the exit code and the saved file, checked
/// after this, still decide the test.
fn expect_after_interrupt(s: &mut Session, text: &str) -> Option<Vec<u8>> {
    match s.expect(text) {
        Ok(found) => Some(found.before().to_vec()),
        Err(expectrl::Error::Eof) => None,
        Err(e) => panic!("waiting for {text:?}: {e}"),
    }
}

/// The escape sequence that makes the cursor visible again.
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn exit_code(s: &Session) -> i32 {
    match s.get_process().wait() {
        Ok(WaitStatus::Exited(_, code)) => code,
        other => panic!("unexpected end: {other:?}"),
    }
}

#[test]
fn answer_interrupt_resume_and_score() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let answers = dir.path().join("cs-scoring-answers.toml");

    let mut s = spawn(
        dir.path(),
        &[
            "run",
            "cs-scoring",
            "--respondent",
            "Ada",
            "--organization",
            "Acme",
            "--role",
            "CSM",
        ],
    );
    expect(&mut s, "Question 1 of 6 · Health Definition");
    expect(
        &mut s,
        "Ad hoc: CSM intuition — Each CSM judges account health by feel",
    );
    send(&mut s, "\r"); // Enter takes the highlighted first lane: ad hoc
    expect(&mut s, "Question 2 of 6 · Signal Instrumentation");
    send(&mut s, DOWN);
    send(&mut s, "\r"); // defined
    expect(&mut s, "Question 3 of 6 · Tiering & SLAs");
    s.send(ControlCode::EndOfText)
        .unwrap_or_else(|e| panic!("{e}"));
    let screen = expect_after_interrupt(
        &mut s,
        "Every answer given so far is saved in cs-scoring-answers.toml.\r\nResume with:\r\n  cs-scorecard run cs-scoring --resume",
    );
    if let Some(screen) = screen {
        assert!(
            contains(&screen, SHOW_CURSOR),
            "the cursor was not made visible again after Ctrl-C"
        );
    }
    assert_eq!(exit_code(&s), 130);

    let saved = std::fs::read_to_string(&answers).unwrap_or_default();
    assert!(
        saved.contains("\"scoring.health-definition\" = \"ad-hoc\""),
        "{saved}"
    );
    assert!(
        saved.contains("\"scoring.signal-instrumentation\" = \"defined\""),
        "{saved}"
    );
    assert!(saved.contains("name = \"Ada\""), "{saved}");
    assert!(!saved.contains("tiering"), "{saved}");

    let mut s = spawn(dir.path(), &["run", "cs-scoring", "--resume"]);
    expect(&mut s, "Question 3 of 6 · Tiering & SLAs");
    for _ in 0..4 {
        send(&mut s, DOWN);
        send(&mut s, DOWN);
        send(&mut s, "\r"); // operationalized
    }
    expect(&mut s, "Review: 6 answered");
    send(&mut s, "\r"); // Finish: see the scorecard
    expect(&mut s, "Total");
    expect(&mut s, "9/12");
    // 9 of 12 reads Operationalized, but Health Definition is still ad hoc.
    expect(&mut s, "Band: Defined");
    expect(
        &mut s,
        "Held at Defined, though the total alone reads Operationalized",
    );
    expect(&mut s, "Answers saved in cs-scoring-answers.toml");
    assert_eq!(exit_code(&s), 0);

    let out = Command::new(env!("CARGO_BIN_EXE_cs-scorecard"))
        .args(["score", "cs-scoring-answers.toml", "--format", "json"])
        .current_dir(dir.path())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(v["total"]["score"], 9.0);
    assert_eq!(v["respondent"]["name"], "Ada");
}

#[test]
fn going_back_shows_the_previous_question_with_its_answer() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut s = spawn(
        dir.path(),
        &[
            "run",
            "cx63",
            "--output",
            "a.toml",
            "--respondent",
            "A",
            "--organization",
            "B",
            "--role",
            "C",
        ],
    );
    expect(
        &mut s,
        "Question 1 of 33 · Customer Onboarding Best Practices",
    );
    send(&mut s, DOWN);
    send(&mut s, "\r"); // No
    expect(&mut s, "Question 2 of 33");
    for _ in 0..3 {
        send(&mut s, DOWN);
    }
    send(&mut s, "\r"); // ← Back (Yes, No, I don't know, ← Back)
    expect(&mut s, "Question 1 of 33");
    send(&mut s, "\r"); // the saved answer, No, is highlighted: Enter keeps it
    expect(&mut s, "Question 2 of 33");
    s.send(ControlCode::EndOfText)
        .unwrap_or_else(|e| panic!("{e}"));
    let _ = expect_after_interrupt(
        &mut s,
        "Resume with:\r\n  cs-scorecard run cx63 --resume --output a.toml",
    );
    assert_eq!(exit_code(&s), 130);
    let saved = std::fs::read_to_string(dir.path().join("a.toml")).unwrap_or_default();
    assert!(saved.contains("\"onboarding.handoff\" = \"no\""), "{saved}");
}

#[test]
fn an_existing_answers_file_is_never_overwritten_without_asking() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let saved = "framework = \"cs-scoring\"\n[answers]\n\"scoring.governance\" = \"defined\"\n";
    std::fs::write(dir.path().join("cs-scoring-answers.toml"), saved)
        .unwrap_or_else(|e| panic!("{e}"));

    let mut s = spawn(dir.path(), &["run", "cs-scoring"]);
    expect(&mut s, "cs-scoring-answers.toml already exists");
    expect(
        &mut s,
        "Resume: continue with the questions left (it holds 1 answer)",
    );
    send(&mut s, DOWN);
    send(&mut s, DOWN);
    send(&mut s, DOWN);
    send(&mut s, "\r"); // Quit: leave it as it is
    assert_eq!(exit_code(&s), 0);
    let after =
        std::fs::read_to_string(dir.path().join("cs-scoring-answers.toml")).unwrap_or_default();
    assert_eq!(after, saved);

    let mut s = spawn(dir.path(), &["run", "cs-scoring"]);
    expect(&mut s, "already exists");
    send(&mut s, "\r"); // Resume: the respondent first, then the first unanswered question
    expect(&mut s, "Who is answering?");
    for _ in 0..4 {
        send(&mut s, "\r");
    }
    expect(&mut s, "Question 1 of 6 · Health Definition");
    s.send(ControlCode::EndOfText)
        .unwrap_or_else(|e| panic!("{e}"));
    let _ = expect_after_interrupt(&mut s, "Resume with:");
    assert_eq!(exit_code(&s), 130);
    let after =
        std::fs::read_to_string(dir.path().join("cs-scoring-answers.toml")).unwrap_or_default();
    assert_eq!(after, saved, "nothing was answered, so nothing was written");
}

/// Everything the terminal received until `text`, appended to `screen`.
fn record(s: &mut Session, screen: &mut Vec<u8>, text: &str) {
    match s.expect(text) {
        Ok(found) => {
            screen.extend_from_slice(found.before());
            for m in found.matches() {
                screen.extend_from_slice(m);
            }
        }
        Err(e) => panic!("waiting for {text:?}: {e}"),
    }
}

/// The screen as a person sees it, drawn by a terminal emulator.
fn screen_text(bytes: &[u8], cols: u16, rows: u16) -> String {
    let size = |n: u16| std::num::NonZeroU16::new(n).unwrap_or(std::num::NonZeroU16::MIN);
    let mut parser = vt100::Parser::new(size(rows), size(cols), 0);
    parser.process(bytes);
    parser.screen().contents()
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn questions_are_wrapped_at_word_boundaries_with_nothing_stale_at_60_and_100_columns() {
    let q1 = "Does your team have a documented handoff process between sales and customer success/service teams?";
    let q2 = "Are new customers provided with a clear and structured onboarding plan that outlines goals and milestones?";
    for cols in [60u16, 100] {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let args = [
            "run",
            "cx63",
            "--respondent",
            "A",
            "--organization",
            "B",
            "--role",
            "C",
        ];
        let mut s = spawn_sized(dir.path(), &args, cols, 200);
        let mut bytes = Vec::new();
        record(&mut s, &mut bytes, "Question 1 of");
        record(&mut s, &mut bytes, "Your answer");
        send(&mut s, "\r"); // Yes
        record(&mut s, &mut bytes, "Question 2 of");
        record(&mut s, &mut bytes, "Your answer");
        send(&mut s, DOWN);
        send(&mut s, "\r"); // No
        record(&mut s, &mut bytes, "Question 3 of");
        s.send(ControlCode::EndOfText)
            .unwrap_or_else(|e| panic!("{e}"));
        let _ = expect_after_interrupt(&mut s, "Resume with:");
        let screen = screen_text(&bytes, cols, 200);
        for line in screen.lines() {
            assert!(
                line.chars().count() <= usize::from(cols),
                "{cols}: {line:?}"
            );
        }
        let flat = words(&screen);
        for q in [q1, q2] {
            assert_eq!(
                flat.matches(q).count(),
                1,
                "at {cols} columns the question should stand once, whole, with no stale copy:\n{screen}"
            );
        }
        assert!(flat.contains("✔ Your answer · Yes"), "{screen}");
        assert!(flat.contains("✔ Your answer · No"), "{screen}");
    }
}

#[test]
fn multi_select_marks_the_current_row_without_colour_and_nothing_ticked_is_asked_about() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fw = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini.toml");
    let fw = fw.display().to_string();
    let args = [
        "run",
        &fw,
        "--output",
        "a.toml",
        "--respondent",
        "A",
        "--organization",
        "B",
        "--role",
        "C",
    ];
    let mut s = spawn(dir.path(), &args);
    expect(&mut s, "Question 1 of");
    send(&mut s, "\r"); // Yes
    expect(&mut s, "Question 2 of");
    send(&mut s, "\r"); // None
    expect(&mut s, "Which functions does CS cover?");
    // NO_COLOR is set: the current row is marked by a character, not a colour.
    expect(&mut s, "❯ ⬚ None of these");
    send(&mut s, DOWN);
    expect(&mut s, "❯ ⬚ Training");
    send(&mut s, "\r"); // Enter with nothing ticked
    expect(&mut s, "Nothing is ticked");
    // The highlight starts on "Back to the list", so a second Enter is no accident.
    send(&mut s, UP);
    send(&mut s, "\r"); // Skip (leave unanswered)
    expect(&mut s, "Question 4 of");
    s.send(ControlCode::EndOfText)
        .unwrap_or_else(|e| panic!("{e}"));
    let _ = expect_after_interrupt(&mut s, "Resume with:");
    let saved = std::fs::read_to_string(dir.path().join("a.toml")).unwrap_or_default();
    assert!(!saved.contains("functions ="), "{saved}");
}

#[test]
fn a_finished_file_opens_on_the_review_where_one_answer_is_changed() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fw = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini.toml");
    let fw = fw.display().to_string();
    let saved = format!(
        "framework = {fw:?}\n[respondent]\nname = \"A\"\norganization = \"B\"\nrole = \"C\"\ndate = \"2026-11-24\"\n[answers]\nhandoff = \"no\"\nonboarding = \"basic\"\nfunctions = [\"training\"]\ncsms = 3\nemail = \"a@b.co\"\n"
    );
    std::fs::write(dir.path().join("a.toml"), &saved).unwrap_or_else(|e| panic!("{e}"));
    let mut s = spawn(dir.path(), &["run", &fw, "--output", "a.toml", "--resume"]);
    expect(&mut s, "Review: 5 answered, 0 \"I don't know\", 0 skipped");
    expect(&mut s, "Finish: see the scorecard");
    send(&mut s, DOWN);
    send(&mut s, "\r"); // open the first question: the handoff
    expect(&mut s, "Do you have a documented handoff?");
    send(&mut s, UP); // the saved answer, No, is highlighted; Yes is above it
    send(&mut s, "\r");
    expect(&mut s, "Review:");
    send(&mut s, "\r"); // Finish
    expect(&mut s, "Band:");
    assert_eq!(exit_code(&s), 0);
    let after = std::fs::read_to_string(dir.path().join("a.toml")).unwrap_or_default();
    assert!(after.contains("handoff = \"yes\""), "{after}");
    assert!(after.contains("csms = 3"), "{after}");
}

#[test]
fn ctrl_c_before_the_first_answer_claims_nothing_was_saved() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut s = spawn(dir.path(), &["run", "cs-scoring"]);
    expect(&mut s, "Who is answering?");
    s.send(ControlCode::EndOfText)
        .unwrap_or_else(|e| panic!("{e}"));
    let _ = expect_after_interrupt(
        &mut s,
        "Stopped before any answer was saved; nothing was written.",
    );
    assert_eq!(exit_code(&s), 130);
    assert!(!dir.path().join("cs-scoring-answers.toml").exists());
}

#[test]
fn a_file_of_another_framework_gets_one_message_naming_both() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cx63.toml");
    std::fs::copy(examples, dir.path().join("a.toml")).unwrap_or_else(|e| panic!("{e}"));
    let mut s = spawn(
        dir.path(),
        &["run", "cs-scoring", "--output", "a.toml", "--resume"],
    );
    let found = match s.expect("choose another --output") {
        Ok(f) => String::from_utf8_lossy(f.before()).into_owned(),
        Err(e) => panic!("{e}"),
    };
    assert!(
        found.contains("a.toml holds answers for the framework `cx63`, not `cs-scoring`"),
        "{found}"
    );
    assert!(!found.contains("unknown question"), "{found}");
    assert_eq!(exit_code(&s), 2);
}

#[test]
fn not_applicable_is_offered_asks_for_the_reason_and_leaves_the_maximum() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut s = spawn(
        dir.path(),
        &[
            "run",
            "cs-scoring",
            "--respondent",
            "Ada",
            "--organization",
            "Acme",
            "--role",
            "CSM",
        ],
    );
    for n in 1..=4 {
        expect(&mut s, &format!("Question {n} of 6"));
        send(&mut s, DOWN);
        send(&mut s, DOWN);
        send(&mut s, "\r"); // operationalized
    }
    expect(&mut s, "Question 5 of 6 · Expansion Readiness");
    expect(&mut s, "Not applicable to us (say why)");
    for _ in 0..3 {
        send(&mut s, DOWN);
    }
    send(&mut s, "\r");
    expect(&mut s, "Why does it not apply to you?");
    send(&mut s, "One product, one plan: nothing to expand into\r");
    expect(&mut s, "Not applicable: One product, one plan");
    expect(&mut s, "Question 6 of 6 · Governance");
    // Governance refuses "not applicable" (the flow tests check what is offered).
    expect(&mut s, "Skip (leave unanswered)");
    send(&mut s, DOWN);
    send(&mut s, "\r"); // defined
    expect(
        &mut s,
        "Review: 5 answered, 0 \"I don't know\", 1 not applicable, 0 skipped",
    );
    send(&mut s, "\r");
    expect(&mut s, "9/10");
    expect(&mut s, "2 points out of scope (1 question not applicable)");
    expect(&mut s, "Band: Operationalized");
    assert_eq!(exit_code(&s), 0);
    let saved =
        std::fs::read_to_string(dir.path().join("cs-scoring-answers.toml")).unwrap_or_default();
    assert!(
        saved.contains(
            "[not_applicable]\n# Expansion Readiness · Where is your Expansion Readiness today?\n\"scoring.expansion-readiness\" = \"One product, one plan: nothing to expand into\"\n"
        ),
        "{saved}"
    );
}

/// Answers the first cs-scoring question, then presses Ctrl-C.
fn answer_one_then_interrupt(s: &mut Session) {
    expect(s, "Question 1 of 6");
    send(s, "\r");
    expect(s, "Question 2 of 6");
    s.send(ControlCode::EndOfText)
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn under_cargo_run_the_resume_hint_is_a_cargo_run_command() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // As `cargo run -- run cs-scoring` starts it: by its path in target/,
    // with cargo's variables set.
    let mut s = spawn_as(
        dir.path(),
        "target/debug/cs-scorecard",
        &[
            "run",
            "cs-scoring",
            "--respondent",
            "Ada",
            "--organization",
            "Acme",
            "--role",
            "CSM",
        ],
        100,
        50,
        &[
            ("CARGO", "/usr/bin/cargo"),
            ("CARGO_PKG_NAME", "cs-scorecard"),
        ],
    );
    answer_one_then_interrupt(&mut s);
    let _ = expect_after_interrupt(
        &mut s,
        "Resume with:\r\n  cargo run -- run cs-scoring --resume",
    );
    assert_eq!(exit_code(&s), 130);
}

#[test]
fn at_40_columns_the_resume_hint_cuts_no_word() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut s = spawn_sized(
        dir.path(),
        &[
            "run",
            "CS_Scoring",
            "--respondent",
            "Ada",
            "--organization",
            "Acme",
            "--role",
            "CSM",
            "--output",
            "my answers.toml",
        ],
        40,
        30,
    );
    answer_one_then_interrupt(&mut s);
    // The id typed in other case is the framework's; a file name with a space
    // is quoted; the command is continued with ` \` where it meets the edge.
    let _ = expect_after_interrupt(
        &mut s,
        "Stopped. Every answer given so far is\r\nsaved in my answers.toml.\r\nResume with:\r\n  cs-scorecard run cs-scoring --resume \\\r\n    --output 'my answers.toml'",
    );
    assert_eq!(exit_code(&s), 130);
}

#[test]
fn at_40_columns_the_end_of_run_cuts_no_word_and_its_commands_run_as_shown() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fw = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini.toml");
    std::fs::copy(fw, dir.path().join("mini.toml")).unwrap_or_else(|e| panic!("{e}"));
    // As `run` writes it: the framework by its absolute path.
    let framework = std::fs::canonicalize(dir.path().join("mini.toml"))
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let saved = format!(
        "framework = {framework:?}\n[respondent]\nname = \"A\"\norganization = \"B\"\nrole = \"C\"\ndate = \"2026-11-24\"\n[answers]\nhandoff = \"no\"\nonboarding = \"basic\"\nfunctions = [\"training\"]\ncsms = 3\nemail = \"a@b.co\"\n"
    );
    std::fs::write(dir.path().join("a.toml"), saved).unwrap_or_else(|e| panic!("{e}"));
    let mut s = spawn_sized(
        dir.path(),
        &["run", "mini.toml", "--output", "a.toml", "--resume"],
        40,
        50,
    );
    expect(&mut s, "Finish: see the scorecard");
    send(&mut s, "\r"); // Finish
    expect(&mut s, "Band:");
    let rest = match s.expect("--output a.toml") {
        Ok(found) => String::from_utf8_lossy(found.before()).into_owned(),
        Err(e) => panic!("waiting for the end of run: {e}"),
    };
    let end = rest
        .split("Answers saved in")
        .nth(1)
        .map(|t| format!("Answers saved in{t}--output a.toml"))
        .unwrap_or_else(|| panic!("no end of run in {rest:?}"));
    assert_eq!(
        end,
        "Answers saved in a.toml. What comes\r\nnext:\r\n  A report to share:\r\n    cs-scorecard score a.toml --output \\\r\n      a.html\r\n  Progress since last quarter:\r\n    cs-scorecard compare \\\r\n      LAST-QUARTER.toml a.toml\r\n  Change an answer later:\r\n    cs-scorecard run mini.toml \\\r\n      --resume --output a.toml"
    );
    assert_eq!(exit_code(&s), 0);
}

#[test]
fn the_review_says_which_skipped_questions_carry_no_points() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fw = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini.toml");
    let fw = fw.display().to_string();
    // Every question answered but the e-mail, which scores nothing.
    let saved = format!(
        "framework = {fw:?}\n[respondent]\nname = \"A\"\norganization = \"B\"\nrole = \"C\"\ndate = \"2026-11-24\"\n[answers]\nhandoff = \"no\"\nonboarding = \"basic\"\nfunctions = [\"training\"]\ncsms = 3\n"
    );
    std::fs::write(dir.path().join("a.toml"), &saved).unwrap_or_else(|e| panic!("{e}"));
    let mut s = spawn(dir.path(), &["run", &fw, "--output", "a.toml", "--resume"]);
    expect(&mut s, "Question 5 of 5");
    expect(&mut s, "Your e-mail?");
    send(&mut s, "\r"); // Enter on an empty line: skip it
    // The scorecard will say 0 unanswered: the review says why the two agree.
    expect(
        &mut s,
        "Review: 4 answered, 0 \"I don't know\", 1 skipped (not scored).",
    );
    send(&mut s, "\r"); // Finish
    expect(&mut s, "Band:");
    assert_eq!(exit_code(&s), 0);
}

#[test]
fn on_a_40_column_terminal_an_error_cuts_no_word_and_its_excerpt_stays_whole() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let answers = "framework = \"cx63\"\n[answers]\n\"onboarding.handof\" = \"yes\"\n";
    std::fs::write(dir.path().join("a.toml"), answers).unwrap_or_else(|e| panic!("{e}"));
    let mut s = spawn_sized(dir.path(), &["score", "a.toml"], 40, 30);
    // The sentences wrap under their text; the excerpt keeps its caret column.
    expect(
        &mut s,
        "error: a.toml:3:1: unknown question\r\n  `onboarding.handof` for framework\r\n  `cx63`\r\n  |\r\n3 | \"onboarding.handof\" = \"yes\"\r\n  | ^^^^^^^^^^^^^^^^^^^\r\n  = help: did you mean\r\n    `onboarding.handoff`? `cs-scorecard\r\n    show cx63` lists the questions",
    );
    assert_eq!(exit_code(&s), 2);
}
