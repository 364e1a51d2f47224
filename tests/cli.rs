//! The commands as a user runs them: output, errors and exit codes.

mod common;

use common::{cmd, fixture, run, run_with, write};

#[test]
fn list_shows_every_built_in_framework() {
    let r = run(&["list"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn list_json_has_id_title_version() {
    let r = run(&["list", "--format", "json"]);
    assert_eq!(r.code, 0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_default();
    let cx63 = v
        .as_array()
        .and_then(|a| a.iter().find(|f| f["id"] == "cx63"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(cx63["title"], "CX63 Customer Success Maturity Scorecard");
    assert_eq!(cx63["version"], "1.0.0");
    assert_eq!(cx63["questions"], 33);
    assert_eq!(cx63["max"], 30.0);
}

#[test]
fn list_includes_frameworks_dir() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(fixture("mini.toml"), dir.path().join("mini.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let r = run(&[
        "list",
        "--frameworks-dir",
        &dir.path().display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\"id\": \"mini\""), "{}", r.stdout);
}

#[test]
fn show_json_follows_the_contract() {
    let r = run(&["show", &fixture("mini.toml"), "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn show_table_lists_lanes_and_bands() {
    let r = run(&["show", &fixture("mini.toml")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn template_lists_every_question_commented() {
    let r = run(&["template", &fixture("mini.toml")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let root = common::root().display().to_string();
    assert!(
        r.stdout
            .contains(&format!("framework = \"{root}/tests/fixtures/mini.toml\"")),
        "{}",
        r.stdout
    );
    insta::assert_snapshot!(r.stdout.replace(&root, "[ROOT]"));
}

#[test]
fn a_template_with_answers_uncommented_scores() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("answers.toml");
    let p = path.display().to_string();
    let mini = common::root()
        .join(fixture("mini.toml"))
        .display()
        .to_string();
    let r = run(&["template", &mini, "--output", &p]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let filled = text
        .replace("# handoff = \"yes\"", "handoff = \"yes\"")
        .replace("# csms = 0", "csms = 4");
    std::fs::write(&path, filled).unwrap_or_else(|e| panic!("{e}"));
    let r = run(&["score", &p, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_default();
    assert_eq!(v["total"]["score"], 1.0);
    assert_eq!(v["total"]["max"], 5.0);
}

#[test]
fn template_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = write(dir.path(), "a.toml", "keep me");
    let r = run(&["template", "cx63", "--output", &p.display().to_string()]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("already exists; not overwriting it (use --force to replace it)"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(&p).unwrap_or_default(), "keep me");
}

#[test]
fn score_table_of_the_cx63_example() {
    let r = run(&["score", "examples/cx63.toml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn score_json_of_the_cx63_example() {
    let r = run(&["score", "examples/cx63.toml", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_default();
    assert_eq!(v["framework"]["id"], "cx63");
    assert_eq!(v["total"]["score"], 16.0);
    assert_eq!(v["total"]["max"], 30.0);
    assert_eq!(v["band"]["label"], "14–22 points");
    // renewals.contract-length is an open question, asked but not scored:
    // leaving it empty is no gap.
    assert_eq!(v["unanswered"], serde_json::json!([]));
    assert_eq!(v["framework"]["source"]["publisher"], "Origin 63");
    let first = &v["recommendations"][0];
    assert!(first["gain"].as_f64().is_some_and(|g| g > 0.0), "{first}");
    assert!(first["points_available"].is_number());
    let sections = v["sections"].as_array().cloned().unwrap_or_default();
    assert_eq!(sections.len(), 6);
    let sum: f64 = sections.iter().filter_map(|s| s["score"].as_f64()).sum();
    assert_eq!(sum, 16.0);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn score_reads_json_from_stdin() {
    let json =
        r#"{"framework": "cx63", "answers": {"onboarding.handoff": "yes", "support.csat": "yes"}}"#;
    let r = run_with(
        cmd()
            .args(["score", "-", "--format", "json"])
            .write_stdin(json),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_default();
    assert_eq!(v["total"]["score"], 2.0);
    assert_eq!(v["band"]["label"], "Below 14 points");
}

#[test]
fn score_reads_toml_from_stdin_with_input_format() {
    let toml = "framework = \"cx63\"\n[answers]\n\"onboarding.handoff\" = \"yes\"\n";
    let r = run_with(
        cmd()
            .args(["score", "-", "--input-format", "toml", "--format", "json"])
            .write_stdin(toml),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\"score\": 1.0"));
}

#[test]
fn score_writes_output_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("card.json");
    let r = run(&[
        "score",
        "examples/cx63.toml",
        "--format",
        "json",
        "--output",
        &out.display().to_string(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "");
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(text.contains("\"framework\""));
}

#[test]
fn min_percent_gates_with_exit_1() {
    let r = run(&[
        "score",
        "examples/cx63.toml",
        "--format",
        "json",
        "--min-percent",
        "60",
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr, "score 53.3% is below the required 60%\n");
    assert_eq!(
        run(&["score", "examples/cx63.toml", "--min-percent", "50"]).code,
        0
    );
}

#[test]
fn framework_version_mismatch_warns() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = write(
        dir.path(),
        "a.toml",
        "framework = \"cx63\"\nframework_version = \"0.9\"\n[answers]\n",
    );
    let r = run(&["score", &p.display().to_string(), "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("warning: ")
            && r.stderr.contains(
                "answers were given against cx63 version 0.9; scoring with version 1.0.0"
            ),
        "{}",
        r.stderr
    );
    let q = run(&[
        "score",
        &p.display().to_string(),
        "--format",
        "json",
        "--quiet",
    ]);
    assert_eq!(q.stderr, "");
}

#[test]
fn answers_may_name_a_framework_by_relative_path() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(fixture("mini.toml"), dir.path().join("mini.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let p = write(
        dir.path(),
        "a.toml",
        "framework = \"mini.toml\"\n[answers]\nhandoff = \"yes\"\n",
    );
    let r = run(&["score", &p.display().to_string(), "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\"id\": \"mini\""));
}

#[test]
fn check_passes_the_shipped_frameworks() {
    let r = run(&["check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.starts_with("ok frameworks/"), "{}", r.stdout);
}

#[test]
fn check_reports_every_problem_with_place() {
    let r = run(&[
        "check",
        &fixture("many-problems.toml"),
        &fixture("band-gap.toml"),
        &fixture("wrong-example.toml"),
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr, "17 problems in 3 files of 3 checked\n");
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn check_reports_syntax_and_schema_errors() {
    for (name, expected) in [
        (
            "syntax-error.toml",
            "tests/fixtures/syntax-error.toml:7:8: invalid basic string, expected `\"`",
        ),
        (
            "unknown-key.toml",
            "tests/fixtures/unknown-key.toml:12:1: unknown field `kinds`, expected one of",
        ),
        (
            "no-sections.toml",
            "tests/fixtures/no-sections.toml:1:1: the framework has no sections",
        ),
    ] {
        let r = run(&["check", &fixture(name)]);
        assert_eq!(r.code, 1, "{name}");
        assert!(r.stdout.starts_with(expected), "{name}: {}", r.stdout);
    }
}

#[test]
fn check_a_missing_path_is_a_usage_error() {
    let r = run(&["check", "no/such/file.toml"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: no/such/file.toml: no such file or directory\n"
    );
}

#[test]
fn unknown_framework_names_the_known_ones() {
    let r = run(&["show", "cx64"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with(
            "error: unknown framework `cx64`; did you mean `cx63`? known frameworks: "
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn unknown_question_and_invalid_value_are_named_with_place() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(
        dir.path(),
        "answers.toml",
        "framework = \"cx63\"\n[answers]\n\"onboarding.handof\" = \"yes\"\n\"onboarding.plan\" = \"maybe\"\n",
    );
    let r = run_with(
        cmd()
            .current_dir(dir.path())
            .args(["score", "answers.toml"]),
    );
    assert_eq!(r.code, 2);
    insta::assert_snapshot!(r.stderr);
}

#[test]
fn invalid_multi_and_number_answers_are_explained() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mini = common::root()
        .join(fixture("mini.toml"))
        .display()
        .to_string();
    let p = write(
        dir.path(),
        "answers.toml",
        &format!(
            "framework = {mini:?}\n[answers]\nfunctions = \"training\"\ncsms = -1\nemail = \"nobody\"\nonboarding = \"expert\"\n"
        ),
    );
    let r = run_with(
        cmd()
            .current_dir(dir.path())
            .args(["score", &p.display().to_string()]),
    );
    assert_eq!(r.code, 2);
    let lines: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.contains("invalid answer"))
        .collect();
    let lines: Vec<String> = lines
        .iter()
        .map(|l| l.split(": invalid").nth(1).unwrap_or("").to_string())
        .collect();
    assert_eq!(
        lines,
        vec![
            " answer for `csms`: out of range: expected a number from 0 to 1000, found -1",
            " answer for `email`: expected an e-mail address, found \"nobody\"",
            " answer for `functions`: a multi answer must be a list, e.g. [\"training\"]; expected a list of any of \"none\", \"training\" or \"renewals\"",
            " answer for `onboarding`: expected \"none\", \"basic\" or \"advanced\", found \"expert\"",
        ]
    );
    assert!(r.stderr.ends_with("4 problems found\n"), "{}", r.stderr);
}

#[test]
fn syntax_errors_in_answers_show_line_column_and_snippet() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = write(
        dir.path(),
        "bad.toml",
        "framework = \"cx63\"\n[answers]\n\"onboarding.plan\" = yes\n",
    );
    let r = run_with(cmd().current_dir(dir.path()).args(["score", "bad.toml"]));
    assert_eq!(r.code, 2);
    assert!(p.exists());
    insta::assert_snapshot!(r.stderr);
    let j = write(
        dir.path(),
        "bad.json",
        "{\"framework\": \"cx63\",\n \"answers\": {\"a\": \"yes\",}}\n",
    );
    let r = run_with(cmd().current_dir(dir.path()).args(["score", "bad.json"]));
    assert_eq!(r.code, 2);
    assert!(j.exists());
    insta::assert_snapshot!(r.stderr);
}

#[test]
fn unknown_framework_in_answers_points_at_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "a.toml", "framework = \"nope\"\n[answers]\n");
    let r = run_with(cmd().current_dir(dir.path()).args(["score", "a.toml"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: a.toml:1:13: unknown framework `nope`; known frameworks: certinia, cs-scoring, cspi, cx63, eleven-pillars"),
        "{}",
        r.stderr
    );
}

#[test]
fn missing_and_directory_inputs_are_named() {
    let r = run(&["score", "nope.toml"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (2, "error: nope.toml: no such file\n")
    );
    let r = run(&["score", "src"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (2, "error: src: is a directory; expected a file\n")
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["score"]).code, 2);
    assert_eq!(run(&["frobnicate"]).code, 2);
    assert_eq!(
        run(&["score", "examples/cx63.toml", "--format", "pdf"]).code,
        2
    );
    assert_eq!(run(&["--help"]).code, 0);
}

#[test]
fn run_without_a_terminal_points_to_template_and_score() {
    let r = run_with(cmd().args(["run", "cx63"]).write_stdin(""));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("`run` asks questions in a terminal, and this is not one"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("cs-scorecard template cx63 --output cx63-answers.toml"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("cs-scorecard score cx63-answers.toml"),
        "{}",
        r.stderr
    );
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let plain = run(&["score", "examples/cx63.toml"]);
    assert!(!plain.stdout.contains('\u{1b}'), "a pipe gets no colour");
    let forced = run_with(cmd().env_remove("NO_COLOR").args([
        "score",
        "examples/cx63.toml",
        "--color",
        "always",
    ]));
    assert!(forced.stdout.contains("\u{1b}["), "--color always colours");
    let never = run_with(cmd().env_remove("NO_COLOR").args([
        "score",
        "examples/cx63.toml",
        "--color",
        "never",
    ]));
    assert_eq!(never.stdout, plain.stdout);
}

#[test]
fn completions_and_man_page_cover_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let r = run(&["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        for command in ["run", "score", "compare", "check", "template"] {
            assert!(
                r.stdout.contains(command),
                "{shell} completions lack {command}"
            );
        }
    }
    let man = run(&["man"]);
    assert_eq!(man.code, 0);
    assert!(man.stdout.starts_with(".ie \\n(.g .ds Aq"), "not roff");
    assert!(man.stdout.contains(".TH cs-scorecard 1"));
    assert_eq!(run(&["completions", "tcsh"]).code, 2);
}

#[test]
fn a_renamed_framework_file_works_by_path_and_check_flags_the_name() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(fixture("mini.toml"), dir.path().join("mini-copy.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let r = run_with(cmd().current_dir(dir.path()).args([
        "show",
        "./mini-copy.toml",
        "--format",
        "json",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let c = run_with(
        cmd()
            .current_dir(dir.path())
            .args(["check", "mini-copy.toml"]),
    );
    assert_eq!(c.code, 1);
    assert!(
        c.stdout.starts_with(
            "mini-copy.toml:2:6: framework id `mini` differs from its file name `mini-copy.toml`"
        ),
        "{}",
        c.stdout
    );
}

#[test]
fn a_report_written_to_a_file_never_holds_escape_sequences() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("y.txt");
    let out_s = out.display().to_string();
    for format in ["table", "markdown", "csv", "html", "json"] {
        let r = run(&[
            "score",
            "examples/cx63.toml",
            "--color",
            "always",
            "--format",
            format,
            "--output",
            &out_s,
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let text = std::fs::read_to_string(&out).unwrap_or_default();
        assert!(!text.contains('\u{1b}'), "{format}: escape in the file");
        std::fs::remove_file(&out).unwrap_or_else(|e| panic!("{e}"));
    }
    // The same report on standard output, with colour forced, is coloured:
    // the check above can fail.
    let r = run(&["score", "examples/cx63.toml", "--color", "always"]);
    assert!(r.stdout.contains('\u{1b}'));
}

#[test]
fn framework_examples_accept_dotted_keys_and_nested_tables_like_answers_files() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mini = std::fs::read_to_string(fixture("mini.toml")).unwrap_or_default();
    let dotted = mini
        .replace("id = \"handoff\"", "id = \"basics.handoff\"")
        .replace("handoff = \"yes\"", "basics.handoff = \"yes\"");
    assert_ne!(dotted, mini, "the fixture changed; update this test");
    let path = write(dir.path(), "mini.toml", &dotted);
    let r = run(&["check", &path.display().to_string()]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.starts_with("ok "), "{}", r.stdout);
}

#[test]
fn every_placeholder_of_every_template_is_valid_once_uncommented() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for id in ["cx63", "eleven-pillars", "cspi", "certinia", "cs-scoring"] {
        let r = run(&["template", id]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        // Uncomment the respondent fields and every `# <question> = <example>` line.
        let filled: String = r
            .stdout
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest)
                    if rest.contains(" = ")
                        && !rest.starts_with(' ')
                        && !rest.starts_with("allowed")
                        && !rest.contains("·") =>
                {
                    rest.to_string()
                }
                _ => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        let path = write(dir.path(), &format!("{id}.toml"), &filled);
        let r = run(&["score", &path.display().to_string(), "--format", "json"]);
        assert_eq!(r.code, 0, "{id}: {}\n{filled}", r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_default();
        assert_eq!(
            v["unanswered"],
            serde_json::json!([]),
            "{id}: every placeholder was used"
        );
    }
}
