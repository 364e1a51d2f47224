//! Every format of the reports that aggregate many answers files (team, trend,
//! benchmark), as a user sees them: snapshots at a fixed width (100 columns),
//! without colour, on the fixtures in tests/fixtures/{team,trend}. One
//! terminal snapshot per report keeps its colours, so a change of styling is
//! a reviewed diff too.

mod common;

use common::{cmd, run_with};

const FORMATS: [&str; 5] = ["table", "markdown", "csv", "json", "html"];

/// The command line of each report, on the fixtures.
fn reports() -> [(&'static str, Vec<&'static str>); 3] {
    [
        (
            "team",
            vec![
                "team",
                "tests/fixtures/team",
                "--by",
                "role",
                "--min-group",
                "2",
            ],
        ),
        (
            "trend",
            vec![
                "trend",
                "tests/fixtures/trend/2026-q1.toml",
                "tests/fixtures/trend/2026-q2",
                "tests/fixtures/trend/2026-q3.toml",
            ],
        ),
        (
            "benchmark",
            vec![
                "benchmark",
                "tests/fixtures/mini-answers.toml",
                "--cohort",
                "tests/fixtures/team",
                "--min-cohort",
                "3",
            ],
        ),
    ]
}

fn render(args: &[&str], extra: &[&str]) -> String {
    let mut c = cmd();
    if args[0] == "trend" {
        c.env("SOURCE_DATE_EPOCH", common::AFTER_THE_FIXTURES);
    }
    let r = run_with(c.env("COLUMNS", "100").args(args).args(extra));
    assert_eq!(r.code, 0, "{args:?} {extra:?}: {}", r.stderr);
    assert_eq!(r.stderr, "", "{args:?} {extra:?}");
    r.stdout
}

#[test]
fn every_format_of_every_aggregate_report() {
    for (name, args) in reports() {
        for format in FORMATS {
            let out = render(&args, &["--format", format]);
            insta::assert_snapshot!(format!("{name}-{format}"), out);
        }
        let coloured = render(&args, &["--color", "always"]);
        insta::assert_snapshot!(format!("{name}-table-colour"), coloured);
    }
}

#[test]
fn the_terminal_and_markdown_say_the_same_things() {
    // One walk, two skins: every line of text in the terminal report is in
    // the Markdown report, once Markdown's escaping and markup are taken away.
    for (name, args) in reports() {
        let table = render(&args, &[]);
        let markdown = render(&args, &["--format", "markdown"])
            .replace("\\", "")
            .replace("**", "");
        let words = |s: &str| -> Vec<String> {
            s.split(|c: char| !(c.is_alphanumeric() || ".%'-".contains(c)))
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .filter(|w| !w.is_empty())
                .map(String::from)
                .collect()
        };
        let md_words = words(&markdown);
        for w in words(&table) {
            assert!(
                md_words.contains(&w),
                "{name}: `{w}` is on the terminal only"
            );
        }
    }
}
