//! One output path: `score` and every `health` command that writes a file
//! follow the same rules, checked here by running each of them on each case:
//! a new file, an existing one (with and without `--force`), links, a link to
//! a directory, a device node and a named pipe, one of the command's inputs,
//! a signal mid-write, a closed pipe, and a terminal.
#![cfg(unix)]

mod common;

use std::fs;
use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A command that writes a report: its name, its arguments before
/// `--output`, and what its output starts with.
struct Writer {
    name: &'static str,
    args: Vec<String>,
    starts: &'static str,
}

fn root(p: &str) -> String {
    common::root().join(p).display().to_string()
}

/// `score` and the health commands that write one file, each writing a
/// format its output file's extension does not decide.
fn writers() -> Vec<Writer> {
    let model = root("tests/fixtures/health/model-small.toml");
    let accounts = root("tests/fixtures/health/accounts-small.csv");
    let later = root("tests/fixtures/health/accounts-small-later.csv");
    let outcomes = root("tests/fixtures/health/outcomes-small.csv");
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    vec![
        Writer {
            name: "score",
            args: s(&["score", &root("examples/cx63.toml"), "--format", "json"]),
            starts: "{",
        },
        Writer {
            name: "health score",
            args: s(&["health", "score", &model, &accounts, "--format", "csv"]),
            starts: "account,segment",
        },
        Writer {
            name: "health movement",
            args: s(&[
                "health", "movement", &model, &accounts, &later, "--format", "csv",
            ]),
            starts: "account,segment,arr,direction",
        },
        Writer {
            name: "health calibrate",
            args: s(&[
                "health",
                "calibrate",
                &model,
                &accounts,
                "--outcomes",
                &outcomes,
                "--format",
                "json",
            ]),
            starts: "{",
        },
        Writer {
            name: "health sql",
            args: s(&["health", "sql", &model, "--dialect", "duckdb"]),
            starts: "-- cs-scorecard health model `small`",
        },
    ]
}

/// Runs a writer with `--output target` and more arguments, in `dir`.
fn write_to(w: &Writer, dir: &Path, target: &str, more: &[&str]) -> common::Run {
    common::run_with(
        common::cmd()
            .args(&w.args)
            .args(["--output", target])
            .args(more)
            .current_dir(dir)
            .timeout(Duration::from_secs(60)),
    )
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_default()
}

fn mode(p: &Path) -> u32 {
    fs::metadata(p).map_or(0, |m| m.permissions().mode() & 0o777)
}

use common::{mkfifo, mknod};

fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".cs-scorecard-"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_new_file_is_written_readable_and_never_executable() {
    for w in writers() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let r = write_to(&w, dir.path(), "out.txt", &[]);
        assert_eq!(r.code, 0, "{}: {}", w.name, r.stderr);
        let out = dir.path().join("out.txt");
        assert!(
            read(&out).starts_with(w.starts),
            "{}: {}",
            w.name,
            read(&out)
        );
        assert_eq!(mode(&out) & 0o111, 0, "{}", w.name);
        assert_eq!(mode(&out) & 0o044, 0o044, "{}", w.name);
        assert_eq!(temp_files(dir.path()), Vec::<String>::new(), "{}", w.name);
    }
}

#[test]
fn an_existing_file_is_replaced_only_with_force_keeping_its_mode_less_execute() {
    for w in writers() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let out = common::write(dir.path(), "out.txt", "keep me");
        fs::set_permissions(&out, fs::Permissions::from_mode(0o750))
            .unwrap_or_else(|e| panic!("{e}"));
        let r = write_to(&w, dir.path(), "out.txt", &[]);
        assert_eq!(r.code, 2, "{}", w.name);
        assert_eq!(
            r.stderr,
            "error: out.txt already exists; not overwriting it (use --force to replace it)\n",
            "{}",
            w.name
        );
        assert_eq!(read(&out), "keep me", "{}", w.name);
        let r = write_to(&w, dir.path(), "out.txt", &["--force"]);
        assert_eq!(r.code, 0, "{}: {}", w.name, r.stderr);
        assert!(read(&out).starts_with(w.starts), "{}", w.name);
        assert_eq!(mode(&out), 0o640, "{}", w.name);
        assert_eq!(temp_files(dir.path()), Vec::<String>::new(), "{}", w.name);
    }
}

#[test]
fn links_are_followed_and_kept() {
    for w in writers() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let d = dir.path();
        // A link to a file: refused without --force; with it, the file it
        // names gets the report and the link stays a link.
        common::write(d, "real.txt", "old");
        symlink("real.txt", d.join("link.txt")).unwrap_or_else(|e| panic!("{e}"));
        let r = write_to(&w, d, "link.txt", &[]);
        assert_eq!(r.code, 2, "{}", w.name);
        assert!(
            r.stderr.contains("already exists"),
            "{}: {}",
            w.name,
            r.stderr
        );
        // Written through the link, which stays a link.
        let through = |link: &str, file: &str, more: &[&str]| {
            let r = write_to(&w, d, link, more);
            assert_eq!(r.code, 0, "{}: {}", w.name, r.stderr);
            assert!(d.join(link).is_symlink(), "{}", w.name);
            assert!(read(&d.join(file)).starts_with(w.starts), "{}", w.name);
        };
        through("link.txt", "real.txt", &["--force"]);
        // A link to a name that does not exist yet: the file appears there.
        symlink("later.txt", d.join("dangling.txt")).unwrap_or_else(|e| panic!("{e}"));
        through("dangling.txt", "later.txt", &[]);
        // A link to a directory is a directory: refused, with or without
        // --force, and nothing is written into it or beside it.
        fs::create_dir(d.join("reports")).unwrap_or_else(|e| panic!("{e}"));
        symlink("reports", d.join("dirlink")).unwrap_or_else(|e| panic!("{e}"));
        for force in [&[][..], &["--force"][..]] {
            let r = write_to(&w, d, "dirlink", force);
            assert_eq!(r.code, 2, "{}", w.name);
            assert_eq!(
                r.stderr, "error: dirlink: is a directory; expected a file name to write to\n",
                "{}",
                w.name
            );
        }
        assert!(d.join("dirlink").is_symlink(), "{}", w.name);
        assert_eq!(
            fs::read_dir(d.join("reports")).map(Iterator::count).ok(),
            Some(0)
        );
        assert_eq!(temp_files(d), Vec::<String>::new(), "{}", w.name);
    }
}

#[test]
fn devices_are_written_through_and_stay_devices() {
    for w in writers() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let d = dir.path();
        // Our own null (1:3) and full (1:7) devices.
        mknod(&d.join("null"), 1, 3);
        mknod(&d.join("full"), 1, 7);
        let r = write_to(&w, d, "null", &[]);
        assert_eq!(r.code, 0, "{}: {}", w.name, r.stderr);
        let r = write_to(&w, d, "full", &["--force"]);
        assert_eq!(r.code, 2, "{}", w.name);
        assert_eq!(
            r.stderr, "error: cannot write full: no space left on the device\n",
            "{}",
            w.name
        );
        for node in ["null", "full"] {
            let t = fs::symlink_metadata(d.join(node)).map(|m| m.file_type());
            assert!(t.is_ok_and(|t| t.is_char_device()), "{}: {node}", w.name);
        }
        assert_eq!(temp_files(d), Vec::<String>::new(), "{}", w.name);
    }
}

#[test]
fn a_named_pipe_gets_the_report_when_someone_reads_it() {
    for w in writers() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let fifo = dir.path().join("out.fifo");
        mkfifo(&fifo);
        // No reader: refused at once, not a hang.
        let r = write_to(&w, dir.path(), "out.fifo", &[]);
        assert_eq!(r.code, 2, "{}", w.name);
        assert_eq!(
            r.stderr, "error: cannot write out.fifo: a named pipe that no process is reading\n",
            "{}",
            w.name
        );
        // A reader waiting: it gets every byte, and the pipe stays a pipe.
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read_to_string(fifo).unwrap_or_default())
        };
        let start = Instant::now();
        let mut r = write_to(&w, dir.path(), "out.fifo", &[]);
        while r.code == 2 && start.elapsed() < Duration::from_secs(10) {
            // The reader thread has not opened the pipe yet.
            std::thread::sleep(Duration::from_millis(20));
            r = write_to(&w, dir.path(), "out.fifo", &[]);
        }
        assert_eq!(r.code, 0, "{}: {}", w.name, r.stderr);
        let got = reader.join().unwrap_or_default();
        assert!(got.starts_with(w.starts), "{}: {got}", w.name);
        let t = fs::symlink_metadata(&fifo).map(|m| m.file_type());
        assert!(t.is_ok_and(|t| t.is_fifo()), "{}", w.name);
    }
}

#[test]
fn an_input_is_never_the_output() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    for (name, from) in [
        ("answers.toml", "examples/cx63.toml"),
        ("model.toml", "tests/fixtures/health/model-small.toml"),
        ("accounts.csv", "tests/fixtures/health/accounts-small.csv"),
        ("outcomes.csv", "tests/fixtures/health/outcomes-small.csv"),
    ] {
        common::write(d, name, &read(&common::root().join(from)));
    }
    let cases: [(&[&str], &str); 5] = [
        (
            &["score", "answers.toml", "--format", "json"],
            "answers.toml",
        ),
        (
            &[
                "health",
                "score",
                "model.toml",
                "accounts.csv",
                "--format",
                "csv",
            ],
            "accounts.csv",
        ),
        (
            &[
                "health",
                "score",
                "model.toml",
                "accounts.csv",
                "--format",
                "json",
            ],
            "model.toml",
        ),
        (
            &[
                "health",
                "movement",
                "model.toml",
                "accounts.csv",
                "accounts.csv",
                "-f",
                "csv",
            ],
            "accounts.csv",
        ),
        (
            &[
                "health",
                "calibrate",
                "model.toml",
                "accounts.csv",
                "--outcomes",
                "outcomes.csv",
                "-f",
                "csv",
            ],
            "outcomes.csv",
        ),
    ];
    // `health sql` writes SQL: a file named like its model is refused for
    // its extension before anything is read or written.
    let r = common::run_with(
        common::cmd()
            .args(["health", "sql", "model.toml", "--dialect", "duckdb"])
            .args(["--output", "model.toml", "--force"])
            .current_dir(d),
    );
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            "error: model.toml: unknown extension `.toml` for this output; expected .sql/.txt (SQL)\n  = help: rename the file\n"
        )
    );
    for (args, input) in cases {
        let before = read(&d.join(input));
        // A link to the input is the input too.
        let link = format!("link-to-{input}");
        let _ = symlink(input, d.join(&link));
        for target in [input, link.as_str()] {
            let r = common::run_with(
                common::cmd()
                    .args(args)
                    .args(["--output", target, "--force"])
                    .current_dir(d),
            );
            assert_eq!(r.code, 2, "{args:?} -o {target}: {}", r.stderr);
            assert!(
                r.stderr.starts_with(&format!(
                    "error: {target}: is also an input of this command ({input}); writing the output there would replace it"
                )),
                "{args:?}: {}",
                r.stderr
            );
            assert_eq!(read(&d.join(input)), before, "{args:?}");
        }
    }
}

/// Starts a writer paused halfway through its first write (the crash-test
/// failpoint, on in this package's tests), writing over `target`.
fn paused(w: &Writer, dir: &Path, target: &str) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_cs-scorecard"))
        .args(&w.args)
        .args(["--output", target, "--force"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .env(cs_scorecard::fsio::WRITE_PAUSE_ENV, "20000")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Waits for a temporary file with bytes in it; its name.
fn wait_for_temp(dir: &Path) -> Option<PathBuf> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        for name in temp_files(dir) {
            let p = dir.join(name);
            if fs::metadata(&p).is_ok_and(|m| m.len() > 0) {
                return Some(p);
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    None
}

#[test]
fn the_failpoint_is_in_the_binary_under_test() {
    // The pause the signal tests rely on exists in this build (cargo feature
    // `failpoints`, turned on by the dev-dependency on the package itself),
    // in the library linked here and in the binary the tests run: a writer
    // asked to pause is seen with its temporary file half written, then
    // finishes the file whole.
    const { assert!(cs_scorecard::fsio::FAILPOINTS) };
    let w = &writers()[4];
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_cs-scorecard"))
        .args(&w.args)
        .args(["--output", "out.sql"])
        .current_dir(dir.path())
        .env(cs_scorecard::fsio::WRITE_PAUSE_ENV, "1500")
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let temp = wait_for_temp(dir.path());
    let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
    assert!(temp.is_some(), "no paused write was seen");
    assert!(status.success());
    let sql = read(&dir.path().join("out.sql"));
    assert!(
        sql.starts_with(w.starts) && sql.ends_with("FROM pick3\n"),
        "{sql}"
    );
}

#[test]
fn a_signal_mid_write_leaves_the_old_file_and_no_temporary_file() {
    for w in writers() {
        for (signal, code) in [
            (libc::SIGINT, 130),
            (libc::SIGTERM, 143),
            (libc::SIGHUP, 129),
        ] {
            let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
            let out = common::write(dir.path(), "out.txt", "last quarter's\n");
            let mut child = paused(&w, dir.path(), "out.txt");
            let temp = wait_for_temp(dir.path());
            assert!(
                temp.is_some(),
                "{}: the writer never started writing",
                w.name
            );
            // SAFETY: kill with a live child's id and a valid signal.
            let rc = unsafe { libc::kill(child.id() as libc::pid_t, signal) };
            assert_eq!(rc, 0);
            let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(status.code(), Some(code), "{}: signal {signal}", w.name);
            assert_eq!(read(&out), "last quarter's\n", "{}", w.name);
            assert_eq!(
                temp_files(dir.path()),
                Vec::<String>::new(),
                "{}: signal {signal}",
                w.name
            );
        }
    }
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // Enough accounts that the writer is still writing when the reader goes.
    let r = common::run(&[
        "health",
        "demo",
        "--accounts",
        "60000",
        "--output",
        &dir.path().display().to_string(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let accounts = dir
        .path()
        .join("accounts-current.csv")
        .display()
        .to_string();
    for format in ["csv", "json"] {
        let args = [
            "health",
            "score",
            "saas-health",
            &accounts,
            "--format",
            format,
        ];
        let mut child = Command::new(env!("CARGO_BIN_EXE_cs-scorecard"))
            .args(args)
            .env_remove("RUST_BACKTRACE")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        // Read one line, then close the pipe.
        let mut stdout = child.stdout.take().unwrap_or_else(|| panic!("stdout"));
        let mut first = [0u8; 64];
        let n = std::io::Read::read(&mut stdout, &mut first).unwrap_or(0);
        assert!(n > 0);
        drop(stdout);
        let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}

#[test]
fn health_demo_follows_the_overwrite_rule() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path().display().to_string();
    let mine = common::write(dir.path(), "accounts-current.csv", "my own export\n");
    let r = common::run(&["health", "demo", "--accounts", "20", "--output", &d]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: {} already exists; not overwriting it (use --force to replace it)\n",
            mine.display()
        )
    );
    // Nothing written: not the files before it, not the README.
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    assert_eq!(names, ["accounts-current.csv"]);
    assert_eq!(read(&mine), "my own export\n");
    let r = common::run(&[
        "health",
        "demo",
        "--accounts",
        "20",
        "--output",
        &d,
        "--force",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(read(&mine).starts_with("account_id,snapshot_date"));
    // A signal while writing removes every temporary file.
    let mut child = Command::new(env!("CARGO_BIN_EXE_cs-scorecard"))
        .args([
            "health",
            "demo",
            "--accounts",
            "20",
            "--force",
            "--output",
            &d,
        ])
        .env(cs_scorecard::fsio::WRITE_PAUSE_ENV, "20000")
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(wait_for_temp(dir.path()).is_some());
    // SAFETY: kill with a live child's id and a valid signal.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(status.code(), Some(130));
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
    assert!(read(&mine).starts_with("account_id,snapshot_date"));
}

/// What a command prints on a terminal (a pseudo-terminal), up to and
/// including `until`. The command runs in a shell that then waits for a line,
/// so that nothing it printed is lost when it exits.
fn on_a_terminal(args: &[&str], dir: &Path, until: &str) -> String {
    use expectrl::Expect;
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("\"$0\" \"$@\"; read _")
        .arg(env!("CARGO_BIN_EXE_cs-scorecard"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE");
    let mut s = expectrl::session::OsSession::spawn(cmd)
        .unwrap_or_else(|e| panic!("cannot spawn in a pty: {e}"));
    s.set_expect_timeout(Some(Duration::from_secs(20)));
    let shown = match s.expect(until) {
        Ok(found) => {
            let mut text = String::from_utf8_lossy(found.before()).into_owned();
            for m in found.matches() {
                text.push_str(&String::from_utf8_lossy(m));
            }
            text
        }
        Err(e) => panic!("{args:?}: waiting for {until:?}: {e}"),
    };
    let _ = s.send("\n");
    shown
}

#[test]
fn control_characters_from_files_are_shown_escaped_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    let answers =
        read(&common::root().join("examples/cx63.toml")).replace("Ada Lovelace", "Ada\\u001b[2JX");
    common::write(d, "a.toml", &answers);
    common::write(
        d,
        "acc.csv",
        "id,seg,arr,date,usage,mood\nx\u{1b}[2Jy,smb,1,2026-10-31,80,good\n",
    );
    let model = root("tests/fixtures/health/model-small.toml");
    for (args, escaped) in [
        (vec!["score", "a.toml", "--format", "csv"], "Ada\\u{1b}[2JX"),
        (
            vec!["health", "score", &model, "acc.csv", "--format", "csv"],
            "x\\u{1b}[2Jy",
        ),
    ] {
        let shown = on_a_terminal(&args, d, escaped);
        assert!(!shown.contains('\u{1b}'), "{args:?}: {shown:?}");
    }
}
