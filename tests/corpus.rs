//! The bad-input corpus: every broken file ends in a message that names the
//! file, the place when there is one, and what was expected; exit 2; no panic;
//! bounded time and memory.

mod common;

use std::time::Duration;

use common::{run, write};

/// (file in tests/corpus, the message's first line after `error: `).
const ANSWERS: &[(&str, &str)] = &[
    (
        "answers-toml-syntax.toml",
        "answers-toml-syntax.toml:2:9: unclosed table, expected `]`",
    ),
    (
        "answers-json-syntax.json",
        "answers-json-syntax.json:2:42: trailing comma",
    ),
    (
        "answers-framework-number.toml",
        "answers-framework-number.toml:1:13: `framework` must be a string, found a number",
    ),
    (
        "answers-boolean.toml",
        "answers-boolean.toml:3:24: answer `onboarding.handoff` must be a string, a number or a list of strings, found a boolean",
    ),
    (
        "answers-date.toml",
        "answers-date.toml:3:24: answer `onboarding.handoff` must be a string, a number or a list of strings, found a date-time",
    ),
    (
        "answers-null.json",
        "answers-null.json:1:57: answer `onboarding.handoff` must be a string, a number or a list of strings, found null",
    ),
    (
        "answers-invalid-utf8.toml",
        "answers-invalid-utf8.toml:3:13: file is not valid UTF-8 text; expected a TOML or JSON text file",
    ),
    (
        "answers-binary.toml",
        "answers-binary.toml:2:118: file is not valid UTF-8 text",
    ),
    (
        "answers-empty.toml",
        "answers-empty.toml: file is empty; expected an answers file",
    ),
    (
        "answers-whitespace.json",
        "answers-whitespace.json: file is empty; expected an answers file",
    ),
    (
        "answers-top-level-array.json",
        "answers-top-level-array.json: expected a table (object) at the top of the file, found a list",
    ),
    (
        "answers-unknown-question.toml",
        "answers-unknown-question.toml:3:1: unknown question `onboarding.handof` for framework `cx63`",
    ),
    (
        "answers-unknown-lane.toml",
        "answers-unknown-lane.toml:3:22: invalid answer for `pillars.renewals`: expected \"none\", \"basic\", \"intermediate\" or \"advanced\", found \"expert\"",
    ),
    (
        "answers-unknown-multi-option.json",
        "answers-unknown-multi-option.json:1:42: invalid answer for `q19`: unknown option \"sales\"",
    ),
    (
        "answers-number-out-of-range.toml",
        "answers-number-out-of-range.toml:3:7: invalid answer for `q11`: out of range: expected a number from 0 to 100, found 140",
    ),
    (
        "answers-nan.toml",
        "answers-nan.toml:3:7: invalid answer for `q12`: expected a number from -100 to 100, found NaN",
    ),
    (
        "answers-number-as-string.toml",
        "answers-number-as-string.toml:3:6: invalid answer for `q9`: expected a whole number of at least 0, found \"twelve\"",
    ),
    (
        "answers-multi-as-string.toml",
        "answers-multi-as-string.toml:3:7: invalid answer for `q19`: a multi answer must be a list, e.g. [\"onboarding\"]",
    ),
    (
        "answers-multi-list-of-numbers.toml",
        "answers-multi-list-of-numbers.toml:3:8: answer `q19`: list items must be option ids (strings), found a number",
    ),
    (
        "answers-exclusive-with-others.toml",
        "answers-exclusive-with-others.toml:3:7: invalid answer for `q34`: option \"none\" excludes the others",
    ),
    (
        "answers-duplicate-option.toml",
        "answers-duplicate-option.toml:3:7: invalid answer for `q19`: option \"training\" is listed twice",
    ),
    (
        "answers-duplicate-key.toml",
        "answers-duplicate-key.toml:4:1: duplicate key",
    ),
    (
        "answers-unknown-top-level-key.toml",
        "answers-unknown-top-level-key.toml:2:2: unknown key `answer`; expected `framework`, `framework_version`, `respondent`, `answers`, `not_applicable` or `targets`",
    ),
    (
        "answers-missing-framework.toml",
        "answers-missing-framework.toml: missing `framework`",
    ),
    (
        "answers-unknown-framework.toml",
        "answers-unknown-framework.toml:1:13: unknown framework `cx99`",
    ),
    (
        "answers-bad-email.toml",
        "answers-bad-email.toml:3:6: invalid answer for `q3`: expected an e-mail address, found \"katherine at example\"",
    ),
    (
        "answers-json-duplicate-key.json",
        "answers-json-duplicate-key.json:1:64: duplicate key `onboarding.handoff`",
    ),
    (
        "answers-quoted-and-dotted.toml",
        "answers-quoted-and-dotted.toml:4:12: answer `onboarding.handoff` is given twice",
    ),
    (
        "answers-quoted-and-table.toml",
        "answers-quoted-and-table.toml:6:1: answer `onboarding.handoff` is given twice",
    ),
    (
        "answers-json-nested-and-dotted.json",
        "answers-json-nested-and-dotted.json:1:23: duplicate key `framework`",
    ),
    (
        "answers-respondent-not-strings.toml",
        "answers-respondent-not-strings.toml:3:8: respondent `name` must be a string, found a list",
    ),
    (
        "answers-na-without-reason.toml",
        "answers-na-without-reason.toml:3:18: answer `support.csat` is \"na\" (not applicable) but gives no reason",
    ),
    (
        "answers-na-forbidden.toml",
        "answers-na-forbidden.toml:3:1: `support.help-desk` cannot be marked not applicable: CX63 Customer Success Maturity Scorecard says it applies to every program",
    ),
    (
        "answers-na-blank-reason.toml",
        "answers-na-blank-reason.toml:3:27: the reason `feedback.lead-handoff` does not apply is empty",
    ),
    (
        "answers-na-and-answered.json",
        "answers-na-and-answered.json:1:86: question `feedback.lead-handoff` is both answered and marked not applicable",
    ),
    (
        "answers-target-out-of-range.toml",
        "answers-target-out-of-range.toml:3:14: target `onboarding` is 120; expected a percent from 0 to 100, or a lane id",
    ),
    (
        "answers-target-unknown-section.toml",
        "answers-target-unknown-section.toml:4:1: unknown section `renewal` in [targets] for framework `cx63`",
    ),
];

const FRAMEWORKS: &[(&str, &str)] = &[
    (
        "framework-wrong-type.toml",
        "framework-wrong-type.toml:2:9: invalid type: integer `3`, expected a string",
    ),
    (
        "framework-invalid-utf8.toml",
        "framework-invalid-utf8.toml:2:10: file is not valid UTF-8 text",
    ),
    (
        "framework-empty.toml",
        "framework-empty.toml: file is empty; expected a framework",
    ),
    (
        "framework-binary.toml",
        "framework-binary.toml:2:118: file is not valid UTF-8 text",
    ),
    (
        "framework-missing-field.toml",
        "framework-missing-field.toml:1:1: missing field `description`",
    ),
    (
        "framework-bad-kind.toml",
        "framework-bad-kind.toml:10:8: unknown variant `yes_no`, expected one of `yes_no_idk`, `level`, `single`, `multi`, `number`, `text`",
    ),
    (
        "framework-nan-band.toml",
        "framework-nan-band.toml:14:7: `max` must be a finite number, found nan",
    ),
    (
        "framework-infinite-number.toml",
        "framework-infinite-number.toml:17:7: `max` must be a finite number, found +inf",
    ),
    (
        "framework-nan-example.toml",
        "framework-nan-example.toml:19:9: `score` must be a finite number, found nan",
    ),
    (
        "framework-negative-threshold.toml",
        "framework-negative-threshold.toml:16:61: threshold `points` must be zero or more, found -2",
    ),
    (
        "framework-when-empty.toml",
        "framework-when-empty.toml:16:31: `when.is` lists no answer, so `r` would never be asked",
    ),
];

fn assert_clean_failure(r: &common::Run, code: i32, expected: &str, what: &str) {
    assert_eq!(r.code, code, "{what}: exit code; stderr: {}", r.stderr);
    assert!(
        !r.stderr.contains("panicked"),
        "{what} panicked: {}",
        r.stderr
    );
    let first = r.stderr.lines().next().unwrap_or("");
    assert!(
        first.starts_with(&format!("error: {expected}")),
        "{what}:\n  expected: error: {expected}\n  got:      {first}"
    );
}

#[test]
fn every_broken_answers_file_is_explained() {
    for (file, expected) in ANSWERS {
        let r = common::run_with(
            common::cmd()
                .current_dir(common::root().join("tests/corpus"))
                .args(["score", file]),
        );
        assert_clean_failure(&r, 2, expected, file);
    }
}

#[test]
fn every_broken_framework_file_is_explained() {
    for (file, expected) in FRAMEWORKS {
        let dir = common::root().join("tests/corpus");
        let r = common::run_with(
            common::cmd()
                .current_dir(&dir)
                .args(["show", &format!("./{file}")]),
        );
        assert_clean_failure(&r, 2, &format!("./{expected}"), file);
        let c = common::run_with(common::cmd().current_dir(&dir).args(["check", file]));
        assert_eq!(c.code, 1, "check {file}");
        assert!(c.stdout.starts_with(expected), "check {file}: {}", c.stdout);
    }
}

#[test]
fn an_answer_given_twice_names_both_places() {
    for (file, first) in [
        ("answers-json-duplicate-key.json", "1:35"),
        ("answers-quoted-and-dotted.toml", "3:1"),
        ("answers-quoted-and-table.toml", "3:1"),
    ] {
        let r = common::run_with(
            common::cmd()
                .current_dir(common::root().join("tests/corpus"))
                .args(["score", file]),
        );
        assert_eq!(r.code, 2);
        assert!(
            r.stderr.contains(&format!(
                "= help: first given at {file}:{first}; keep one of the two"
            )),
            "{file}: {}",
            r.stderr
        );
    }
}

#[test]
fn a_directory_or_a_missing_file_is_named() {
    let r = run(&["score", "tests/corpus"]);
    assert_clean_failure(
        &r,
        2,
        "tests/corpus: is a directory; expected a file",
        "directory",
    );
    let r = run(&["score", "tests/corpus/nope.toml"]);
    assert_clean_failure(&r, 2, "tests/corpus/nope.toml: no such file", "missing");
    let r = run(&["show", "tests/corpus/nope.toml"]);
    assert_clean_failure(
        &r,
        2,
        "tests/corpus/nope.toml: no such file",
        "missing framework",
    );
}

#[test]
fn deeply_nested_arrays_are_refused_at_their_place() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let deep = "[".repeat(200_000) + &"]".repeat(200_000);
    let toml = write(
        dir.path(),
        "deep.toml",
        &format!("framework = \"cx63\"\n[answers]\nq = {deep}\n"),
    );
    let json = write(
        dir.path(),
        "deep.json",
        &format!("{{\"framework\": \"cx63\", \"answers\": {{\"q\": {deep}}}}}"),
    );
    let fw = write(dir.path(), "deep-framework.toml", &format!("id = {deep}\n"));
    for (path, cmd, expected) in [
        (&toml, "score", "deep.toml:3:"),
        (&json, "score", "deep.json:1:"),
        (&fw, "show", "deep-framework.toml:1:"),
    ] {
        // Killed after two minutes: a guard against a hang, not a speed claim
        // (benches/slow-inputs.sh times these inputs).
        let r = common::run_with(
            common::cmd()
                .args([cmd, &path.display().to_string()])
                .timeout(Duration::from_secs(120)),
        );
        assert_ne!(r.code, -1, "{expected}: still running after two minutes");
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(
            !r.stderr.contains("panicked") && !r.stderr.contains("overflow"),
            "{}",
            r.stderr
        );
        assert!(
            r.stderr.contains(expected) && r.stderr.contains("recurs"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn files_over_the_size_limit_are_refused_without_reading_them_whole() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let big = dir.path().join("big.toml");
    let mut text = String::from("framework = \"cx63\"\n[answers]\n");
    text.push_str(
        &"# padding padding padding padding padding padding padding padding\n".repeat(400_000),
    );
    std::fs::write(&big, &text).unwrap_or_else(|e| panic!("{e}"));
    assert!(text.len() > 20 * 1024 * 1024);
    let r = run(&["score", &big.display().to_string()]);
    assert_clean_failure(
        &r,
        2,
        &format!("{}: file is larger than 8 MiB", big.display()),
        "big file",
    );
    let r = common::run_with(
        common::cmd()
            .args(["score", "-", "--input-format", "toml"])
            .write_stdin(text.into_bytes()),
    );
    assert_clean_failure(&r, 2, "<stdin>: file is larger than 8 MiB", "big stdin");
}

#[test]
fn a_large_file_under_the_limit_is_read() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut text = String::from("framework = \"cx63\"\n[answers]\n\"support.csat\" = \"yes\"\n");
    text.push_str(
        &"# a long comment line that a spreadsheet export might leave behind......\n"
            .repeat(80_000),
    );
    let p = write(dir.path(), "large.toml", &text);
    let r = run(&["score", &p.display().to_string(), "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\"score\": 1.0"));
}
