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

fn spawn(dir: &std::path::Path, args: &[&str]) -> Session {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cs-scorecard"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("COLUMNS", "100")
        .env("LINES", "50")
        .env_remove("RUST_BACKTRACE");
    let mut s = Session::spawn(cmd).unwrap_or_else(|e| panic!("cannot spawn in a pty: {e}"));
    s.set_expect_timeout(Some(Duration::from_secs(10)));
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

    let mut s = spawn(dir.path(), &["run", "cs-scoring", "--respondent", "Ada"]);
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
        "Every answer given so far is saved in cs-scoring-answers.toml.\r\nResume with: cs-scorecard run cs-scoring --resume",
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
    expect(&mut s, "Total");
    expect(&mut s, "9/12");
    expect(&mut s, "Band: Operationalized");
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
    let mut s = spawn(dir.path(), &["run", "cx63", "--output", "a.toml"]);
    expect(
        &mut s,
        "Question 1 of 32 · Customer Onboarding Best Practices",
    );
    send(&mut s, DOWN);
    send(&mut s, "\r"); // No
    expect(&mut s, "Question 2 of 32");
    for _ in 0..3 {
        send(&mut s, DOWN);
    }
    send(&mut s, "\r"); // ← Back (Yes, No, I don't know, ← Back)
    expect(&mut s, "Question 1 of 32");
    send(&mut s, "\r"); // the saved answer, No, is highlighted: Enter keeps it
    expect(&mut s, "Question 2 of 32");
    s.send(ControlCode::EndOfText)
        .unwrap_or_else(|e| panic!("{e}"));
    let _ = expect_after_interrupt(
        &mut s,
        "Resume with: cs-scorecard run cx63 --resume --output a.toml",
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
    expect(&mut s, "Resume: continue from its 1 answer");
    send(&mut s, DOWN);
    send(&mut s, DOWN);
    send(&mut s, "\r"); // Quit: leave it as it is
    assert_eq!(exit_code(&s), 0);
    let after =
        std::fs::read_to_string(dir.path().join("cs-scoring-answers.toml")).unwrap_or_default();
    assert_eq!(after, saved);

    let mut s = spawn(dir.path(), &["run", "cs-scoring"]);
    expect(&mut s, "already exists");
    send(&mut s, "\r"); // Resume: the first unanswered question comes first
    expect(&mut s, "Question 1 of 6 · Health Definition");
    s.send(ControlCode::EndOfText)
        .unwrap_or_else(|e| panic!("{e}"));
    let _ = expect_after_interrupt(&mut s, "Resume with:");
    assert_eq!(exit_code(&s), 130);
    let after =
        std::fs::read_to_string(dir.path().join("cs-scoring-answers.toml")).unwrap_or_default();
    assert_eq!(after, saved, "nothing was answered, so nothing was written");
}
