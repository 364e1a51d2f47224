//! Nothing lost, nothing hangs, nothing panics (issue 12): outputs that would
//! replace inputs, special files behind a path, failing streams, two
//! interviews on one file, signals. Each test failed before its fix.
#![cfg(unix)]

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{mkfifo, write};

const ANSWERS: &str = "framework = \"cx63\"\n[answers]\n\"onboarding.handoff\" = \"yes\"\n";

/// Runs the binary in `dir`. A run still going after a minute is killed and
/// fails the test: a guard against a hang (a pipe read or written that no one
/// serves), not a speed claim; speed lives in benches/.
fn in_dir(dir: &Path, args: &[&str]) -> common::Run {
    let r = common::run_with(
        common::cmd()
            .current_dir(dir)
            .args(args)
            .timeout(Duration::from_secs(60)),
    );
    assert_ne!(r.code, -1, "{args:?} hung: killed after 60 s");
    r
}

#[test]
fn a_report_never_replaces_an_input_however_it_is_spelled() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "a.toml", ANSWERS);
    write(dir.path(), "b.toml", ANSWERS);
    std::os::unix::fs::symlink("a.toml", dir.path().join("link.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    for args in [
        // With --format: an output named .toml would be refused for its
        // extension before anything else.
        &[
            "score", "a.toml", "--format", "json", "--output", "./a.toml",
        ][..],
        &["score", "a.toml", "--format", "json", "-o", "link.toml"],
        &[
            "compare", "a.toml", "b.toml", "--format", "json", "-o", "b.toml",
        ],
        &[
            "compare",
            "link.toml",
            "b.toml",
            "--format",
            "markdown",
            "-o",
            "a.toml",
        ],
    ] {
        let r = in_dir(dir.path(), args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("is also an input of this command"),
            "{args:?}: {}",
            r.stderr
        );
    }
    for f in ["a.toml", "b.toml"] {
        assert_eq!(
            fs::read_to_string(dir.path().join(f)).unwrap_or_default(),
            ANSWERS
        );
    }
    // A framework file named by the answers is an input too.
    let fw = fs::read_to_string(common::root().join("tests/fixtures/mini.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "mini.toml", &fw);
    write(
        dir.path(),
        "m.toml",
        "framework = \"mini.toml\"\n[answers]\n",
    );
    let r = in_dir(dir.path(), &["score", "m.toml", "-o", "mini.toml"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        fs::read_to_string(dir.path().join("mini.toml")).unwrap_or_default(),
        fw
    );
}

#[test]
fn a_named_pipe_is_refused_at_once_wherever_a_file_is_read() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    mkfifo(&dir.path().join("pipe.toml"));
    write(
        dir.path(),
        "uses-pipe.toml",
        "framework = \"pipe.toml\"\n[answers]\n",
    );
    fs::create_dir(dir.path().join("fws")).unwrap_or_else(|e| panic!("{e}"));
    mkfifo(&dir.path().join("fws/piped.toml"));
    let cases: [&[&str]; 6] = [
        &["score", "pipe.toml"],
        &["score", "uses-pipe.toml"],
        &["show", "./pipe.toml"],
        &["check", "pipe.toml"],
        &["check", "fws"],
        &["show", "--frameworks-dir", "fws", "piped"],
    ];
    for args in cases {
        let r = in_dir(dir.path(), args);
        assert!(
            r.stderr
                .contains("is a named pipe (FIFO); expected a regular file")
                || r.stdout
                    .contains("is a named pipe (FIFO); expected a regular file"),
            "{args:?}: {} {}",
            r.stdout,
            r.stderr
        );
        assert!(
            r.code == 2 || (args[0] == "check" && r.code == 1),
            "{args:?}"
        );
    }
}

/// A null character device: /dev/null, or as root a node of our own in `dir`.
fn null_device(dir: &Path) -> String {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return "/dev/null".to_string();
    }
    let node = dir.join("null");
    // 1:3 is the null device on Linux.
    common::mknod(&node, 1, 3);
    node.display().to_string()
}

#[test]
fn output_onto_devices_directories_and_links() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "a.toml", ANSWERS);
    // A character device is written through, not replaced. As root, a
    // regression would replace the machine's /dev/null: use a null device
    // node of our own then (an unprivileged process cannot replace /dev/null).
    let null = null_device(dir.path());
    let r = in_dir(dir.path(), &["score", "a.toml", "--output", &null]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let meta = fs::metadata(&null).unwrap_or_else(|e| panic!("{e}"));
    assert!(std::os::unix::fs::FileTypeExt::is_char_device(
        &meta.file_type()
    ));
    // A directory, or a link to one, is refused; nothing is created in it.
    fs::create_dir(dir.path().join("reports")).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink("reports", dir.path().join("to-reports"))
        .unwrap_or_else(|e| panic!("{e}"));
    for target in ["reports", "to-reports"] {
        let r = in_dir(dir.path(), &["score", "a.toml", "-o", target]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(
            r.stderr.starts_with(&format!(
                "error: {target}: is a directory; expected a file name"
            )),
            "{}",
            r.stderr
        );
    }
    assert!(dir.path().join("to-reports").is_symlink());
    assert_eq!(
        fs::read_dir(dir.path().join("reports"))
            .map(Iterator::count)
            .ok(),
        Some(0)
    );
    // A replaced file never gets (or keeps) the executable bit; a link to a
    // file stays a link, and the file it names gets the report.
    let old = write(dir.path(), "old.html", "old");
    fs::set_permissions(&old, fs::Permissions::from_mode(0o750)).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink("old.html", dir.path().join("latest.html"))
        .unwrap_or_else(|e| panic!("{e}"));
    let r = in_dir(
        dir.path(),
        &[
            "score",
            "a.toml",
            "-f",
            "html",
            "-o",
            "latest.html",
            "--force",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(dir.path().join("latest.html").is_symlink());
    let mode = fs::metadata(&old)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or(0);
    assert_eq!(mode, 0o640);
    assert!(
        fs::read_to_string(&old)
            .unwrap_or_default()
            .starts_with("<!DOCTYPE html>")
    );
    // A named pipe nobody reads is refused at once instead of blocking.
    mkfifo(&dir.path().join("out.fifo"));
    let r = in_dir(dir.path(), &["score", "a.toml", "-o", "out.fifo"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no process is reading"), "{}", r.stderr);
}

/// Runs the binary with stderr on `err` and returns its exit code.
fn code_with_stderr(args: &[&str], err: Stdio) -> i32 {
    Command::new(env!("CARGO_BIN_EXE_cs-scorecard"))
        .args(args)
        .current_dir(common::root())
        .env_remove("RUST_BACKTRACE")
        .stdout(Stdio::null())
        .stderr(err)
        .status()
        .map(|s| s.code().unwrap_or(-1))
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_failing_stream_never_ends_in_a_panic() {
    let full = || Stdio::from(fs::File::create("/dev/full").unwrap_or_else(|e| panic!("{e}")));
    let closed = || {
        let (reader, writer) = std::io::pipe().unwrap_or_else(|e| panic!("{e}"));
        drop(reader);
        Stdio::from(writer)
    };
    let bad = ["score", "tests/corpus/answers-boolean.toml"];
    assert_eq!(code_with_stderr(&bad, full()), 2, "stderr on /dev/full");
    assert_eq!(code_with_stderr(&bad, closed()), 2, "stderr a closed pipe");
    // Warnings too: a version mismatch warns on stderr, then the score is written.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = write(
        dir.path(),
        "a.toml",
        "framework = \"cx63\"\nframework_version = \"0.9\"\n[answers]\n",
    );
    let warns = ["score", p.to_str().unwrap_or_default()];
    assert_eq!(
        code_with_stderr(&warns, closed()),
        0,
        "warning on a closed pipe"
    );
    assert_eq!(code_with_stderr(&warns, full()), 0, "warning on /dev/full");
    // stdout on /dev/full: an error, exit 2; a closed stdout pipe: quiet, exit 0.
    let r = Command::new(env!("CARGO_BIN_EXE_cs-scorecard"))
        .args(["score", "examples/cx63.toml"])
        .current_dir(common::root())
        .env_remove("RUST_BACKTRACE")
        .stdout(full())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&r.stderr).starts_with("error: cannot write to standard output")
    );
    let r = Command::new(env!("CARGO_BIN_EXE_cs-scorecard"))
        .args(["score", "examples/cx63.toml"])
        .current_dir(common::root())
        .env_remove("RUST_BACKTRACE")
        .stdout(closed())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&r.stderr), "");
}

#[test]
fn messages_show_control_characters_from_files_escaped() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(
        dir.path(),
        "a.toml",
        "framework = \"cx63\"\nframework_version = \"0.9\\u001b[2J\\u202e\"\n[answers]\n",
    );
    let r = in_dir(dir.path(), &["score", "a.toml", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !r.stderr.contains('\u{1b}') && !r.stderr.contains('\u{202e}'),
        "{:?}",
        r.stderr
    );
    assert!(r.stderr.contains("0.9\\u{1b}[2J\\u{202e}"), "{}", r.stderr);
}

#[test]
fn an_error_quotes_a_short_excerpt_of_a_long_value() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let long = "x".repeat(2_000_000);
    write(
        dir.path(),
        "a.toml",
        &format!(
            "framework = \"cx63\"\nframework_version = \"{long}\"\n[answers]\n\"{long}\" = \"yes\"\n\"onboarding.handoff\" = \"{long}\"\n"
        ),
    );
    let r = in_dir(dir.path(), &["score", "a.toml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.len() < 4096, "{} bytes of error", r.stderr.len());
    assert!(
        r.stderr.contains("unknown question `xxxxxxxxxx"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("2 problems found"), "{}", r.stderr);
}

#[test]
fn a_template_never_replaces_its_framework() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fw = fs::read_to_string(common::root().join("tests/fixtures/mini.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "mini.toml", &fw);
    let r = in_dir(
        dir.path(),
        &["template", "./mini.toml", "--force", "-o", "mini.toml"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("is also an input of this command"),
        "{}",
        r.stderr
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("mini.toml")).unwrap_or_default(),
        fw
    );
}

#[test]
fn a_framework_path_that_is_not_a_toml_file_is_not_read() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "secret", "root:x:0:0:root:/root:/bin/bash\n");
    write(
        dir.path(),
        "a.toml",
        "framework = \"./secret\"\n[answers]\n",
    );
    let r = in_dir(dir.path(), &["score", "a.toml"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!r.stderr.contains("root:x"), "{}", r.stderr);
    assert!(r.stderr.starts_with("error: a.toml:1:13: "), "{}", r.stderr);
}

/// A framework with a free-text question, and two answers files whose text
/// carries Markdown, a formula, a screen-clearing escape and a U+202E.
fn hostile_answers(dir: &Path) {
    write(
        dir,
        "free.toml",
        "id = \"free\"\ntitle = \"Free\"\nversion = \"1\"\ndescription = \"d\"\n\
         [[sections]]\nid = \"s\"\ntitle = \"S\"\n\
         [[sections.questions]]\nid = \"q\"\nkind = \"yes_no_idk\"\ntext = \"Q?\"\n\
         [[sections.questions]]\nid = \"note\"\nkind = \"text\"\ntext = \"Note?\"\n\
         [[bands]]\nmin = 0\nmax = 1\nlabel = \"all\"\ntext = \"All.\"\n",
    );
    write(
        dir,
        "a.toml",
        "framework = \"free.toml\"\n[answers]\nq = \"no\"\nnote = \"*bold* | [link](http://x) \\u001b[2J\"\n",
    );
    write(
        dir,
        "b.toml",
        "framework = \"free.toml\"\n[answers]\nq = \"yes\"\nnote = \"=HYPERLINK(\\\"http://x\\\") \\u202e gnp.exe\"\n",
    );
}

#[test]
fn every_format_escapes_text_from_the_files_its_own_way() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    hostile_answers(dir.path());
    let md = in_dir(
        dir.path(),
        &["compare", "a.toml", "b.toml", "--format", "markdown"],
    );
    assert_eq!(md.code, 0, "{}", md.stderr);
    assert!(!md.stdout.contains('\u{1b}'), "{}", md.stdout);
    assert!(
        md.stdout
            .contains("\\*bold\\* \\| \\[link\\](http://x) \\u{1b}\\[2J → =HYPERLINK"),
        "{}",
        md.stdout
    );
    let csv = in_dir(dir.path(), &["score", "b.toml", "--format", "csv"]);
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    assert!(
        csv.stdout.contains(",\"'=HYPERLINK(\"\"http://x\"\")"),
        "{}",
        csv.stdout
    );
    let html = in_dir(dir.path(), &["score", "b.toml", "--format", "html"]);
    assert!(
        html.stdout
            .contains("<bdi>=HYPERLINK(&quot;http:&#x2f;&#x2f;x&quot;) \u{202e} gnp.exe</bdi>"),
        "{}",
        html.stdout
    );
}

mod terminal {
    //! In a pseudo-terminal: what a comparison shows, and `run`: the checks
    //! before the first question, the lock, and the signals that stop it.
    use std::path::Path;
    use std::time::Duration;

    use expectrl::Expect;
    use expectrl::process::unix::WaitStatus;
    use expectrl::session::OsSession as Session;

    fn spawn(dir: &Path, args: &[&str]) -> Session {
        let mut cmd = super::common::std_cmd();
        cmd.args(args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .env_remove("RUST_BACKTRACE");
        let mut s = Session::spawn(cmd).unwrap_or_else(|e| panic!("cannot spawn in a pty: {e}"));
        s.set_expect_timeout(Some(Duration::from_secs(10)));
        s
    }

    fn expect(s: &mut Session, text: &str) -> Vec<u8> {
        match s.expect(text) {
            Ok(found) => found.before().to_vec(),
            Err(e) => panic!("waiting for {text:?}: {e}"),
        }
    }

    /// The exit code, or 128 + the signal that killed the process.
    fn exit_code(s: &Session) -> i32 {
        match s.get_process().wait() {
            Ok(WaitStatus::Exited(_, code)) => code,
            Ok(WaitStatus::Signaled(_, sig, _)) => 128 + sig as i32,
            other => panic!("unexpected end: {other:?}"),
        }
    }

    fn pid(s: &Session) -> i32 {
        s.get_process().pid().as_raw()
    }

    #[test]
    fn a_comparison_on_a_terminal_shows_escapes_instead_of_obeying_them() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        super::hostile_answers(dir.path());
        let mut s = spawn(dir.path(), &["compare", "a.toml", "b.toml"]);
        let seen = expect(&mut s, "\\u{202e} gnp.exe");
        let seen = String::from_utf8_lossy(&seen).into_owned();
        assert!(seen.contains("\\u{1b}[2J"), "{seen}");
        assert!(!seen.contains("\u{1b}[2J"), "{seen:?}");
        assert_eq!(exit_code(&s), 0);
    }

    #[test]
    fn an_output_that_cannot_be_written_is_refused_before_the_first_question() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut s = spawn(
            dir.path(),
            &["run", "cs-scoring", "--output", "missing/x.toml"],
        );
        let before = expect(&mut s, "cannot write here");
        assert!(!String::from_utf8_lossy(&before).contains("Question 1"));
        assert_eq!(exit_code(&s), 2);
        super::mkfifo(&dir.path().join("pipe.toml"));
        let mut s = spawn(dir.path(), &["run", "cs-scoring", "--output", "pipe.toml"]);
        let before = expect(
            &mut s,
            "pipe.toml: is a named pipe (FIFO); answers are kept in a regular file",
        );
        assert!(!String::from_utf8_lossy(&before).contains("Question 1"));
        assert_eq!(exit_code(&s), 2);
    }

    #[test]
    fn a_second_interview_on_the_same_file_is_refused_and_names_the_first() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let who = ["--respondent", "A", "--organization", "B", "--role", "C"];
        let args = |extra: &[&'static str]| -> Vec<&'static str> {
            let mut a = vec!["run", "cs-scoring"];
            a.extend_from_slice(extra);
            a.extend_from_slice(&who);
            a
        };
        let mut first = spawn(dir.path(), &args(&[]));
        expect(&mut first, "Question 1 of 6");
        first.send("\r").unwrap_or_else(|e| panic!("{e}")); // an answer, so the file exists
        expect(&mut first, "Question 2 of 6");
        let mut second = spawn(
            dir.path(),
            &args(&["--output", "./cs-scoring-answers.toml"]),
        );
        expect(
            &mut second,
            &format!("is in use: process {} holds it", pid(&first)),
        );
        assert_eq!(exit_code(&second), 2);
        // SIGTERM stops the first: cursor shown, hint printed, exit 143.
        // SAFETY: a signal to the child this test started.
        unsafe { libc::kill(pid(&first), libc::SIGTERM) };
        // Linux may drop what a pty's child wrote just before it exited, if the
        // test had not read it yet: the text is checked when it arrives, the
        // exit code and the saved answer always.
        match first.expect("Resume with:\r\n  cs-scorecard run cs-scoring --resume") {
            Ok(found) => assert!(
                found.before().windows(6).any(|w| w == b"\x1b[?25h"),
                "cursor not restored"
            ),
            Err(expectrl::Error::Eof) => {}
            Err(e) => panic!("waiting for the resume hint: {e}"),
        }
        assert_eq!(exit_code(&first), 143);
        let saved =
            std::fs::read_to_string(dir.path().join("cs-scoring-answers.toml")).unwrap_or_default();
        assert!(saved.contains("scoring.health-definition"), "{saved}");
        assert!(
            !dir.path().join(".cs-scoring-answers.toml.lock").exists(),
            "the lock file outlived its interview"
        );
        // The lock went with it: a new interview starts on the same file.
        let mut third = spawn(dir.path(), &args(&[]));
        expect(&mut third, "cs-scoring-answers.toml already exists");
        // SAFETY: as above.
        unsafe { libc::kill(pid(&third), libc::SIGHUP) };
        assert_eq!(exit_code(&third), 129);
    }
}
