//! Writes are atomic: a process killed while writing leaves the old file or the
//! new one, never a torn one.

mod common;

use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// Starts `score --format html --output target`, paused halfway through writing.
fn paused_writer(answers: &str, target: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_cs-scorecard"))
        .args([
            "score",
            answers,
            "--format",
            "html",
            "--force",
            "--output",
            &target.display().to_string(),
        ])
        .current_dir(common::root())
        .env("NO_COLOR", "1")
        .env(cs_scorecard::fsio::WRITE_PAUSE_ENV, "5000")
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Waits until the writer's half-written temporary file appears next to the
/// target, with its first half written.
fn wait_for_temp_file(dir: &Path) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        let found = std::fs::read_dir(dir)
            .map(|rd| {
                rd.filter_map(|e| e.ok()).any(|e| {
                    e.file_name()
                        .to_string_lossy()
                        .starts_with(".cs-scorecard-")
                        && e.metadata().is_ok_and(|m| m.len() > 0)
                })
            })
            .unwrap_or(false);
        if found {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    false
}

#[test]
fn killing_the_writer_mid_write_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let target = dir.path().join("report.html");
    let old = "<p>last quarter's report</p>\n";
    std::fs::write(&target, old).unwrap_or_else(|e| panic!("{e}"));

    let mut child = paused_writer("examples/cx63.toml", &target);
    assert!(
        wait_for_temp_file(dir.path()),
        "the writer never started writing"
    );
    let half = std::fs::read_dir(dir.path())
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p != &target)
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let _ = child.kill();
    let _ = child.wait();

    assert_eq!(
        std::fs::read_to_string(&target).unwrap_or_default(),
        old,
        "the target was touched before the rename"
    );
    let partial = half
        .first()
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_default();
    assert!(
        !partial.is_empty() && !partial.ends_with("</html>\n"),
        "the temporary file should hold half a report"
    );

    let r = common::run(&[
        "score",
        "examples/cx63.toml",
        "--format",
        "html",
        "--force",
        "--output",
        &target.display().to_string(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let new = std::fs::read_to_string(&target).unwrap_or_default();
    assert!(new.starts_with("<!DOCTYPE html>") && new.ends_with("</html>\n"));
}

#[test]
fn killing_the_interview_writer_never_loses_saved_answers() {
    // The interview autosaves with the same function: killing a `template`
    // write (the same path) mid-way leaves the previous answers file intact.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let target = dir.path().join("answers.toml");
    let saved = "framework = \"cx63\"\n[answers]\n\"onboarding.handoff\" = \"yes\"\n";
    std::fs::write(&target, saved).unwrap_or_else(|e| panic!("{e}"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_cs-scorecard"))
        .args([
            "template",
            "cx63",
            "--force",
            "--output",
            &target.display().to_string(),
        ])
        .env(cs_scorecard::fsio::WRITE_PAUSE_ENV, "5000")
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(wait_for_temp_file(dir.path()));
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(std::fs::read_to_string(&target).unwrap_or_default(), saved);
    let r = common::run(&["score", &target.display().to_string(), "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn a_failed_write_is_reported() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let target = dir.path().join("missing-dir").join("report.json");
    let r = common::run(&[
        "score",
        "examples/cx63.toml",
        "--format",
        "json",
        "--output",
        &target.display().to_string(),
    ]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: {}: cannot write here: no such directory: {}\n  = help: create the directory first, or choose another file\n",
            target.display(),
            dir.path().join("missing-dir").display()
        )
    );
}
