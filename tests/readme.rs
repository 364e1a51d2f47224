//! The README runs as written. Every ```console block of README.md is run, in
//! the order of the page, in a fresh copy of the repository (the files git
//! tracks, as a clone would have them), with the binary on `PATH` as
//! `cs-scorecard`, a fixed date, a fixed width and no colour; each command's
//! output (standard output and standard error, as a terminal shows them) is
//! compared with the lines under it, and its exit status with the one the
//! README claims: 0, unless the command line ends with `# exit N`.
//!
//! - A line `…` in a block stands for any number of output lines (elided).
//! - A block that cannot run here is preceded by `<!-- not run: REASON -->`
//!   (the interview needs a terminal, a lock needs a second process); the test
//!   lists them, and fails on a marker without a reason.
//! - `UPDATE_README=1 cargo test --test readme` rewrites the blocks with the
//!   output of this run, keeping each `…` where the lines around it are still
//!   found: the one command that regenerates the README after a change in what
//!   the tool prints. Exit statuses are never rewritten: a command that starts
//!   failing is a failure to look at, not a README to refresh.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The date the README's outputs are made on: 2026-12-05 (UTC).
const README_DATE_EPOCH: &str = "1796428800";
/// The terminal width the README's outputs are drawn at.
const README_COLUMNS: &str = "100";
/// The elision marker: a line of its own (indented or not, to sit with the
/// lines around it) standing for any number of lines.
const ELIDED: &str = "…";

fn is_elided(line: &str) -> bool {
    line.trim() == ELIDED
}
/// The longest a README command may take.
const TIMEOUT: Duration = Duration::from_secs(300);

/// One fenced ```console block of the README.
struct Block {
    /// The README line (1-based) of the opening fence.
    line: usize,
    /// Index of the first line inside the fence, and one past the last.
    body: std::ops::Range<usize>,
    /// Why the block is not run, when it is marked so.
    not_run: Option<String>,
}

/// One `$ ` command of a block and the output the README shows for it.
struct Step {
    /// The README line (1-based) of the command.
    line: usize,
    /// The command as typed after `$ `.
    command: String,
    /// The exit status the README claims.
    status: i32,
    /// The lines the README shows under the command.
    expected: Vec<String>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The ```console blocks of a README, each with its not-run marker if any.
fn blocks(lines: &[&str]) -> Result<Vec<Block>, String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let fence = lines[i].trim_end();
        if fence.starts_with("```") && fence.trim_start_matches('`').trim() == "console" {
            let start = i + 1;
            let end = (start..lines.len())
                .find(|&j| lines[j].trim_end() == "```")
                .ok_or_else(|| format!("README.md:{}: a console block is never closed", i + 1))?;
            let previous = lines[..i].iter().rev().find(|l| !l.trim().is_empty());
            let not_run = match previous.map(|l| l.trim()) {
                Some(l) if l.starts_with("<!-- not run") => {
                    let reason = l
                        .trim_start_matches("<!-- not run")
                        .trim_end_matches("-->")
                        .trim()
                        .trim_start_matches(':')
                        .trim();
                    if reason.is_empty() {
                        return Err(format!(
                            "README.md:{i}: a block marked not run must say why: `<!-- not run: REASON -->`"
                        ));
                    }
                    Some(reason.to_string())
                }
                _ => None,
            };
            out.push(Block {
                line: i + 1,
                body: start..end,
                not_run,
            });
            i = end + 1;
        } else {
            i += 1;
        }
    }
    Ok(out)
}

/// The exit status a command line claims with a trailing `# exit N`.
fn claimed_status(command: &str) -> i32 {
    command
        .rsplit_once('#')
        .and_then(|(_, comment)| comment.trim().strip_prefix("exit "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

/// The commands of a block with the output shown under each.
fn steps(lines: &[&str], block: &Block) -> Result<Vec<Step>, String> {
    let mut out: Vec<Step> = Vec::new();
    for i in block.body.clone() {
        let line = lines[i];
        if let Some(command) = line.strip_prefix("$ ") {
            out.push(Step {
                line: i + 1,
                command: command.to_string(),
                status: claimed_status(command),
                expected: Vec::new(),
            });
        } else {
            let Some(step) = out.last_mut() else {
                return Err(format!(
                    "README.md:{}: output before the block's first `$ ` command",
                    i + 1
                ));
            };
            step.expected.push(line.to_string());
        }
    }
    Ok(out)
}

/// Lines as compared: trailing spaces and trailing blank lines do not count.
fn normalise(lines: &[String]) -> Vec<String> {
    let mut v: Vec<String> = lines.iter().map(|l| l.trim_end().to_string()).collect();
    while v.last().is_some_and(String::is_empty) {
        v.pop();
    }
    v
}

/// The expected lines cut at each `…`: the runs of lines that must appear in
/// order, and whether the output may have lines before the first and after
/// the last.
fn segments(expected: &[String]) -> (Vec<Vec<String>>, bool, bool) {
    let open_start = expected.first().is_some_and(|l| is_elided(l));
    let open_end = expected.last().is_some_and(|l| is_elided(l));
    let segs = expected
        .split(|l| is_elided(l))
        .filter(|s| !s.is_empty())
        .map(<[String]>::to_vec)
        .collect();
    (segs, open_start, open_end)
}

fn find(actual: &[String], from: usize, seg: &[String]) -> Option<usize> {
    (from..=actual.len().saturating_sub(seg.len()))
        .find(|&k| actual.len() >= k + seg.len() && actual[k..k + seg.len()] == *seg)
}

/// Whether the output matches the expected lines, `…` standing for any run
/// of lines (leftmost matching of each run in turn is exact for this
/// one-wildcard pattern).
fn matches(expected: &[String], actual: &[String]) -> bool {
    let (segs, open_start, open_end) = segments(expected);
    if segs.is_empty() {
        return open_start || actual.is_empty();
    }
    let n = segs.len();
    let mut pos = 0;
    for (i, seg) in segs.iter().enumerate() {
        let last = i + 1 == n;
        if i == 0 && !open_start {
            if !actual.starts_with(seg) {
                return false;
            }
            pos = seg.len();
            if last && !open_end {
                return pos == actual.len();
            }
            continue;
        }
        if last && !open_end {
            return actual.len() >= pos + seg.len() && actual.ends_with(seg);
        }
        match find(actual, pos, seg) {
            Some(k) => pos = k + seg.len(),
            None => return false,
        }
    }
    true
}

/// Where a run of lines that followed a `…` starts in the new output: its
/// first line found again, else the most similar line.
fn anchor(actual: &[String], from: usize, first: &str) -> Option<usize> {
    if let Some(k) = (from..actual.len()).find(|&k| actual[k] == first) {
        return Some(k);
    }
    (from..actual.len())
        .map(|k| (k, strsim::normalized_levenshtein(&actual[k], first)))
        .filter(|&(_, s)| s >= 0.6)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k)
}

/// Where a run of lines that starts at `start` in the new output ends (one
/// past its last line): at its last line found again, the occurrence nearest
/// to where its length puts it (lines wrapped anew change the length), else
/// at its length.
fn extent(actual: &[String], start: usize, seg: &[String]) -> usize {
    let by_length = (start + seg.len()).min(actual.len());
    let Some(last) = seg.iter().rev().find(|l| !l.trim().is_empty()) else {
        return by_length;
    };
    let trailing = seg.iter().rev().take_while(|l| l.trim().is_empty()).count();
    (start..actual.len())
        .filter(|&k| actual[k] == *last)
        .min_by_key(|&k| (k + 1 + trailing).abs_diff(by_length))
        .map_or(by_length, |k| (k + 1 + trailing).min(actual.len()))
}

/// The block's new output lines: the actual output, with each `…` kept where
/// the lines around it can still be placed (the head keeps its length, each
/// run after a `…` starts where its first line is found again and keeps its
/// length, the last run reaches the end; a run is found by its first line
/// that is not blank). Each `…` keeps its indentation. `None` when a run
/// cannot be placed: then the whole output is written and the `…` must be
/// placed again by hand.
fn elide_like(expected: &[String], actual: &[String]) -> Option<Vec<String>> {
    let (segs, open_start, open_end) = segments(expected);
    let mut markers = expected.iter().filter(|l| is_elided(l)).cloned();
    let mut marker = move || markers.next().unwrap_or_else(|| ELIDED.to_string());
    if segs.is_empty() {
        return Some(if open_start {
            vec![marker()]
        } else {
            actual.to_vec()
        });
    }
    let n = segs.len();
    let mut out = Vec::new();
    let mut pos = 0;
    for (i, seg) in segs.iter().enumerate() {
        let last = i + 1 == n;
        if i == 0 && !open_start {
            let take = if last && !open_end {
                actual.len()
            } else {
                extent(actual, 0, seg)
            };
            out.extend_from_slice(&actual[..take]);
            pos = take;
            continue;
        }
        let blank = seg.iter().take_while(|l| l.trim().is_empty()).count();
        let first = seg.get(blank)?;
        let k = anchor(actual, pos + blank, first)? - blank;
        out.push(marker());
        let end = if last && !open_end {
            actual.len()
        } else {
            extent(actual, k, seg)
        };
        out.extend_from_slice(&actual[k..end]);
        pos = end;
    }
    if open_end {
        out.push(marker());
    }
    Some(out)
}

/// Copies the files git tracks (as they are in the working tree) into `to`:
/// what a fresh clone holds, edits not yet committed included.
fn fresh_copy(to: &Path) -> Result<(), String> {
    let out = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(root())
        .output()
        .map_err(|e| {
            format!("cannot run git (needed to copy the repository as a clone has it): {e}")
        })?;
    if !out.status.success() {
        return Err(format!(
            "git ls-files failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let listed = String::from_utf8_lossy(&out.stdout).into_owned();
    for name in listed.split('\0').filter(|n| !n.is_empty()) {
        let from = root().join(name);
        if !from.exists() {
            continue; // deleted in the working tree, not yet committed
        }
        let dest = to.join(name);
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::copy(&from, &dest).map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(())
}

/// Runs one README command in `dir` with the README's environment; returns
/// its exit status and everything it printed, standard error interleaved.
fn run(dir: &Path, home: &Path, command: &str) -> (i32, Vec<String>) {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_cs-scorecard"));
    let bin_dir = bin.parent().map(Path::to_path_buf).unwrap_or_default();
    let path = std::env::join_paths(std::iter::once(bin_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap_or_default();
    let mut c = Command::new("bash");
    c.args([
        "--noprofile",
        "--norc",
        "-c",
        &format!("exec 2>&1\n{command}"),
    ])
    .current_dir(dir)
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    // The environment a reader's terminal would have, made fixed; nothing of
    // the test runner's (cargo's variables would make the tool think it runs
    // under `cargo run`).
    c.env_clear()
        .env("PATH", path)
        .env("HOME", home)
        .env("LANG", "C.UTF-8")
        .env("LC_ALL", "C.UTF-8")
        .env("TZ", "UTC")
        .env("TERM", "dumb")
        .env("NO_COLOR", "1")
        .env("COLUMNS", README_COLUMNS)
        .env("SOURCE_DATE_EPOCH", README_DATE_EPOCH);
    let mut child = c.spawn().unwrap_or_else(|e| panic!("cannot run bash: {e}"));
    let mut stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(s) = stdout.as_mut() {
            let _ = s.read_to_end(&mut bytes);
        }
        bytes
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s.code().unwrap_or(-1),
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                break -1;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => panic!("waiting for `{command}`: {e}"),
        }
    };
    let bytes = reader.join().unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    (status, text.lines().map(String::from).collect())
}

#[test]
fn every_readme_command_runs_on_a_fresh_clone_and_prints_what_the_readme_shows() {
    let update = std::env::var_os("UPDATE_README").is_some_and(|v| !v.is_empty() && v != "0");
    let readme_path = root().join("README.md");
    let text = std::fs::read_to_string(&readme_path)
        .unwrap_or_else(|e| panic!("cannot read README.md: {e}"));
    let lines: Vec<&str> = text.lines().collect();
    let blocks = blocks(&lines).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        blocks.iter().filter(|b| b.not_run.is_none()).count() >= 10,
        "the README's tour has fewer console blocks than expected: is the fence still ```console?"
    );

    let clone = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let home = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    fresh_copy(clone.path()).unwrap_or_else(|e| panic!("{e}"));

    let mut failures = Vec::new();
    let mut not_run = Vec::new();
    let mut replaced: Vec<(std::ops::Range<usize>, Vec<String>)> = Vec::new();
    let mut hand = Vec::new();
    let mut commands = 0;
    for block in &blocks {
        if let Some(reason) = &block.not_run {
            not_run.push(format!("README.md:{}: {reason}", block.line));
            continue;
        }
        let steps = steps(&lines, block).unwrap_or_else(|e| panic!("{e}"));
        let mut new_body = Vec::new();
        for step in &steps {
            commands += 1;
            let (status, actual) = run(clone.path(), home.path(), &step.command);
            let actual = normalise(&actual);
            let expected = normalise(&step.expected);
            if status != step.status {
                failures.push(format!(
                    "README.md:{}: `{}` exited {status}, the README says {}{}\n{}",
                    step.line,
                    step.command,
                    step.status,
                    if step.status == 0 {
                        ""
                    } else {
                        " (`# exit N` on the command line)"
                    },
                    actual.join("\n")
                ));
            }
            new_body.push(format!("$ {}", step.command));
            if matches(&expected, &actual) {
                new_body.extend(step.expected.iter().cloned());
                continue;
            }
            let elided = elide_like(&expected, &actual);
            if elided.is_none() {
                hand.push(format!(
                    "README.md:{}: `{}`: a `…` could not be placed in the new output; the whole output was written: elide it again by hand",
                    step.line, step.command
                ));
            }
            let new = elided.unwrap_or_else(|| actual.clone());
            if !update {
                failures.push(format!(
                    "README.md:{}: `{}` prints something else than the README shows\n--- README\n{}\n+++ now\n{}",
                    step.line,
                    step.command,
                    expected.join("\n"),
                    new.join("\n")
                ));
            }
            new_body.extend(new);
        }
        replaced.push((block.body.clone(), new_body));
    }
    eprintln!(
        "README.md: {commands} commands run; {} blocks not run:\n  {}",
        not_run.len(),
        not_run.join("\n  ")
    );

    if update {
        let mut out: Vec<String> = Vec::new();
        let mut at = 0;
        for (range, body) in &replaced {
            out.extend(lines[at..range.start].iter().map(|l| l.to_string()));
            out.extend(body.iter().cloned());
            at = range.end;
        }
        out.extend(lines[at..].iter().map(|l| l.to_string()));
        let mut new_text = out.join("\n");
        new_text.push('\n');
        if new_text != text {
            std::fs::write(&readme_path, new_text)
                .unwrap_or_else(|e| panic!("cannot write README.md: {e}"));
            eprintln!("README.md updated from this run's outputs");
        }
        for h in &hand {
            eprintln!("{h}");
        }
    }
    assert!(
        failures.is_empty(),
        "{} README command(s) differ from the README (regenerate with `UPDATE_README=1 cargo test --test readme` when the change is meant):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[cfg(test)]
mod matching {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn an_elision_stands_for_any_lines_and_nothing_else_differs() {
        let actual = v(&["a", "b", "c", "d", "e"]);
        assert!(matches(&v(&["a", "b", "c", "d", "e"]), &actual));
        assert!(matches(&v(&["a", "…", "e"]), &actual));
        assert!(matches(&v(&["a", "…", "c", "…", "e"]), &actual));
        assert!(matches(&v(&["a", "b", "…"]), &actual));
        assert!(matches(&v(&["…", "d", "e"]), &actual));
        assert!(matches(&v(&["a", "…", "b", "c", "d", "e"]), &actual));
        assert!(!matches(&v(&["a", "…", "x"]), &actual));
        assert!(!matches(&v(&["a", "b"]), &actual));
        assert!(!matches(&v(&["a", "…", "d"]), &actual));
        assert!(!matches(&v(&["b", "…"]), &actual));
        assert!(!matches(&v(&["a", "…", "c", "…", "b"]), &actual));
        assert!(!matches(&v(&["a", "…", "d", "e", "…", "e"]), &actual));
        assert!(matches(&v(&[]), &v(&[])));
        assert!(!matches(&v(&[]), &v(&["x"])));
    }

    #[test]
    fn an_update_keeps_each_elision_where_its_lines_are_found_again() {
        let expected = v(&["head 1", "…", "Blind spots: 2", "x", "…", "tail"]);
        let actual = v(&[
            "head 2",
            "a",
            "b",
            "Blind spots: 3",
            "y",
            "z",
            "more",
            "tail",
            "end",
        ]);
        let new = elide_like(&expected, &actual);
        assert_eq!(
            new,
            Some(v(&[
                "head 2",
                "…",
                "Blind spots: 3",
                "y",
                "…",
                "tail",
                "end"
            ]))
        );
        assert!(new.is_some_and(|n| matches(&n, &actual)));
        assert_eq!(elide_like(&v(&["a", "…", "zzzz"]), &v(&["a", "b"])), None);
    }

    #[test]
    fn an_indented_elision_keeps_its_indent_and_a_run_is_found_by_its_first_text() {
        let expected = v(&["head", "    …", "", "Blind spots: 2"]);
        let actual = v(&["head", "a", "", "b", "", "Blind spots: 3"]);
        assert!(!matches(&expected, &actual));
        let new = elide_like(&expected, &actual);
        assert_eq!(new, Some(v(&["head", "    …", "", "Blind spots: 3"])));
        assert!(new.is_some_and(|n| matches(&n, &actual)));
    }

    #[test]
    fn an_update_keeps_the_lines_before_an_elision_when_a_line_wraps_anew() {
        let expected = v(&[
            "one long line",
            "Nothing is changed.",
            "",
            "Each signal:",
            "…",
        ]);
        let actual = v(&[
            "one long",
            "line",
            "Nothing is changed.",
            "",
            "Each signal:",
            "x",
            "y",
        ]);
        assert_eq!(
            elide_like(&expected, &actual),
            Some(v(&[
                "one long",
                "line",
                "Nothing is changed.",
                "",
                "Each signal:",
                "…"
            ]))
        );
    }

    #[test]
    fn a_command_claims_its_exit_status_in_a_trailing_comment() {
        assert_eq!(claimed_status("cs-scorecard check x.toml   # exit 1"), 1);
        assert_eq!(claimed_status("cs-scorecard score a.toml"), 0);
        assert_eq!(
            claimed_status("cs-scorecard man | man -l -   # the page"),
            0
        );
    }
}
