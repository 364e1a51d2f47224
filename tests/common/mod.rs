//! Helpers shared by the integration tests: run the real binary in a clean environment.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The binary as a user starts it (`cs-scorecard`, found on their PATH: the
/// name the commands it suggests start with), outside cargo.
pub fn std_cmd() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_cs-scorecard"));
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        c.arg0("cs-scorecard");
    }
    // Cargo's variables would tell the tool it runs under `cargo run`.
    c.env_remove("CARGO").env_remove("CARGO_PKG_NAME");
    c
}

/// The binary, with an environment that makes its output stable: no colour,
/// no backtraces, a fixed working directory.
pub fn cmd() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::from_std(std_cmd());
    c.env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1764547200")
        .current_dir(root());
    c
}

/// A clock (`SOURCE_DATE_EPOCH`) after every dated fixture (2027-06-30), for
/// `trend` runs over them: at the usual 2025-12-01 their 2026 dates are in the
/// future, which `trend` rightly warns about.
pub const AFTER_THE_FIXTURES: &str = "1814313600";

/// The crate's root directory.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture's path, relative to the crate root.
pub fn fixture(name: &str) -> String {
    format!("tests/fixtures/{name}")
}

/// The outcome of a run: exit code, stdout, stderr.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the binary with arguments.
pub fn run(args: &[&str]) -> Run {
    run_with(cmd().args(args))
}

/// Runs a prepared command.
pub fn run_with(c: &mut assert_cmd::Command) -> Run {
    let out = c
        .output()
        .unwrap_or_else(|e| panic!("cannot run the binary: {e}"));
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A report as a user sees it at 100 columns: runs the binary with `args`
/// and `extra`, which must succeed without a word on stderr.
pub fn render(args: &[String], extra: &[&str]) -> String {
    let r = run_with(cmd().env("COLUMNS", "100").args(args).args(extra));
    assert_eq!(r.code, 0, "{args:?} {extra:?}: {}", r.stderr);
    assert_eq!(r.stderr, "", "{args:?} {extra:?}");
    r.stdout
}

/// Text with every run of white space (line breaks of wrapped paragraphs) as one space.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Writes a file into a directory and returns its path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", p.display()));
    p
}

/// Asserts that an HTML report loads nothing: no script, stylesheet link,
/// remote source, import or `url(`.
pub fn assert_self_contained(html: &str) {
    for external in [
        "<script",
        "<link",
        "src=\"http",
        "href=\"http",
        "@import",
        "url(",
    ] {
        assert!(
            !html.contains(external),
            "the page must not load anything: found {external}"
        );
    }
}

/// A path as C wants it.
#[cfg(unix)]
fn c_path(p: &Path) -> std::ffi::CString {
    std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).unwrap_or_else(|e| panic!("{e}"))
}

/// Makes a named pipe.
#[cfg(unix)]
pub fn mkfifo(p: &Path) {
    // SAFETY: a valid NUL-terminated path.
    let rc = unsafe { libc::mkfifo(c_path(p).as_ptr(), 0o644) };
    assert_eq!(rc, 0, "mkfifo {}", p.display());
}

/// Makes a character device node of our own (never point a test at the
/// machine's /dev: a writer that renamed over its target would replace it).
/// Needs root (CAP_MKNOD), as CI has: without it the test fails and says why,
/// never passes unchecked.
#[cfg(unix)]
pub fn mknod(p: &Path, major: u32, minor: u32) {
    // SAFETY: a valid NUL-terminated path.
    let rc = unsafe {
        libc::mknod(
            c_path(p).as_ptr(),
            libc::S_IFCHR | 0o666,
            libc::makedev(major, minor),
        )
    };
    assert_eq!(
        rc,
        0,
        "mknod {} failed ({}): this check needs root (CAP_MKNOD), as CI runs it",
        p.display(),
        std::io::Error::last_os_error()
    );
}
