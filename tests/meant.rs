//! Errors that know what the user meant: a file of another kind given where
//! answers are expected, an id typed in other case or with a typo, a missing
//! directory, a file system refusal in words, an output extension no format
//! has, and one shape of message for every file a command writes. Each text
//! is asserted exactly, as a user reads it.

mod common;

use std::path::Path;

use common::{cmd, run, run_with, write};

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

/// Runs the binary in `dir`.
fn in_dir(dir: &Path, args: &[&str]) -> common::Run {
    run_with(cmd().current_dir(dir).args(args))
}

fn fail(r: &common::Run) -> (i32, &str) {
    (r.code, r.stderr.as_str())
}

#[test]
fn a_framework_file_given_to_score_says_how_to_get_an_answers_file() {
    let r = run(&["score", "frameworks/cx63.toml"]);
    assert_eq!(
        fail(&r),
        (
            2,
            "error: frameworks/cx63.toml: is a framework (`cx63`), not an answers file\n  = help: write a blank answers file to fill in with `cs-scorecard template frameworks/cx63.toml --output answers.toml`, or answer the questions in the terminal with `cs-scorecard run frameworks/cx63.toml`\n"
        )
    );
    // The same from a directory of answers files that holds frameworks.
    let r = run(&["team", "frameworks/"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with(
            "error: frameworks/certinia.toml: is a framework (`certinia`), not an answers file\n"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn a_model_or_a_plan_given_to_score_says_what_reads_it() {
    let r = run(&["score", "models/saas-health.toml"]);
    assert_eq!(
        fail(&r),
        (
            2,
            "error: models/saas-health.toml: is a health model, not an answers file\n  = help: score accounts with it: `cs-scorecard health score models/saas-health.toml ACCOUNTS.csv`\n"
        )
    );
    let r = run(&["score", "examples/plans/cx63-plan-2026-q2.toml"]);
    assert_eq!(
        fail(&r),
        (
            2,
            "error: examples/plans/cx63-plan-2026-q2.toml: is a plan (written by `plan`), not an answers file\n  = help: track it against a later assessment with `cs-scorecard compare BEFORE.toml AFTER.toml --plan examples/plans/cx63-plan-2026-q2.toml`\n"
        )
    );
}

#[test]
fn csv_files_given_to_score_are_recognised_and_pointed_to_what_reads_them() {
    let dir = tempdir();
    let d = dir.path();
    let r = in_dir(
        d,
        &["health", "demo", "--accounts", "5", "--output", "demo"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = in_dir(d, &["score", "demo/accounts-current.csv"]);
    assert_eq!(
        fail(&r),
        (
            2,
            "error: demo/accounts-current.csv: looks like accounts in CSV, not an answers file; its first line is `account_id,snapshot_date,segment,plan,arr,active_users_pct,l…`\n  = help: score their health with `cs-scorecard health score saas-health demo/accounts-current.csv`\n"
        )
    );
    let r = in_dir(d, &["score", "demo/outcomes.csv"]);
    assert_eq!(
        fail(&r),
        (
            2,
            "error: demo/outcomes.csv: looks like renewal outcomes in CSV, not an answers file; its first line is `account_id,renewal_date,renewed,expanded`\n  = help: check a health model against them with `cs-scorecard health calibrate saas-health ACCOUNTS.csv --outcomes demo/outcomes.csv`\n"
        )
    );
    let r = run(&["score", "tests/fixtures/metrics/ledger.csv"]);
    assert_eq!(
        fail(&r),
        (
            2,
            "error: tests/fixtures/metrics/ledger.csv: looks like an ARR ledger in CSV, not an answers file; its first line is `account,month,segment,product,arr`\n  = help: compute the key metrics from it with `cs-scorecard metrics --ledger tests/fixtures/metrics/ledger.csv`\n"
        )
    );
    // A CSV the tool cannot place: both readers named.
    write(d, "my data.csv", "id;seg;arr\na1;smb;100\n");
    let r = in_dir(d, &["score", "my data.csv"]);
    assert_eq!(
        fail(&r),
        (
            2,
            "error: my data.csv: looks like a CSV file, not an answers file; its first line is `id;seg;arr`\n  = help: `score` reads answers files (TOML or JSON); for account health use `cs-scorecard health score saas-health 'my data.csv'`, for the key metrics `cs-scorecard metrics --ledger 'my data.csv'`\n"
        )
    );
}

#[test]
fn the_form_or_a_report_given_to_score_points_to_the_download() {
    let dir = tempdir();
    let d = dir.path();
    assert_eq!(in_dir(d, &["form", "cx63", "-o", "form.html"]).code, 0);
    let r = in_dir(d, &["score", "form.html"]);
    assert_eq!(
        fail(&r),
        (
            2,
            "error: form.html: is the HTML questionnaire that `form` writes, not an answers file\n  = help: open it in a browser, answer the questions and press \"Download answers\": the file it saves is the answers file to score\n"
        )
    );
    let answers = common::root().join("examples/cx63.toml");
    let answers = answers.display().to_string();
    assert_eq!(in_dir(d, &["score", &answers, "-o", "report.html"]).code, 0);
    let r = in_dir(d, &["compare", "report.html", &answers]);
    assert_eq!(
        fail(&r),
        (
            2,
            "error: report.html: is an HTML page, not an answers file\n  = help: give the answers file (TOML or JSON) the report was made from; `run`, `template` and the form's \"Download answers\" write one\n"
        )
    );
}

#[test]
fn framework_ids_match_in_any_case_and_with_underscores_and_typos_get_a_suggestion() {
    let exact = run(&["show", "eleven-pillars"]);
    assert_eq!(exact.code, 0, "{}", exact.stderr);
    for typed in ["ELEVEN-PILLARS", "eleven_pillars", "Eleven_Pillars"] {
        let r = run(&["show", typed]);
        assert_eq!(
            (r.code, &r.stdout),
            (0, &exact.stdout),
            "{typed}: {}",
            r.stderr
        );
    }
    let r = run(&["template", "CX63"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The answers name the framework by its id, not as it was typed.
    assert!(
        r.stdout.contains("\nframework = \"cx63\"\n"),
        "{}",
        r.stdout
    );
    let r = run(&["show", "cx36"]);
    assert_eq!(
        fail(&r),
        (
            2,
            "error: unknown framework `cx36`; did you mean `cx63`? known frameworks: certinia, cs-scoring, cspi, cx63, eleven-pillars (or give a path to a .toml file)\n"
        )
    );
    let r = run(&["form", "elevenpillars"]);
    assert_eq!(
        fail(&r),
        (
            2,
            "error: unknown framework `elevenpillars`; did you mean `eleven-pillars`? known frameworks: certinia, cs-scoring, cspi, cx63, eleven-pillars (or give a path to a .toml file)\n"
        )
    );
    // Nothing near: no guess.
    let r = run(&["show", "nps"]);
    assert_eq!(
        fail(&r),
        (
            2,
            "error: unknown framework `nps`; known frameworks: certinia, cs-scoring, cspi, cx63, eleven-pillars (or give a path to a .toml file)\n"
        )
    );
}

#[test]
fn model_ids_match_in_any_case_and_typos_get_a_suggestion() {
    let dir = tempdir();
    let d = dir.path();
    assert_eq!(
        in_dir(d, &["health", "demo", "--accounts", "20", "-o", "demo"]).code,
        0
    );
    let exact = in_dir(
        d,
        &[
            "health",
            "score",
            "saas-health",
            "demo/accounts-current.csv",
        ],
    );
    assert_eq!(exact.code, 0, "{}", exact.stderr);
    let r = in_dir(
        d,
        &[
            "health",
            "score",
            "SaaS_Health",
            "demo/accounts-current.csv",
        ],
    );
    assert_eq!((r.code, &r.stdout), (0, &exact.stdout), "{}", r.stderr);
    let r = in_dir(
        d,
        &["health", "score", "saas-helth", "demo/accounts-current.csv"],
    );
    assert_eq!(
        fail(&r),
        (
            2,
            "error: unknown health model `saas-helth`; did you mean `saas-health`? built-in models: saas-health (or give a path to a .toml file)\n"
        )
    );
}

#[test]
fn an_unknown_framework_in_an_answers_file_gets_a_suggestion_at_its_place() {
    let dir = tempdir();
    write(dir.path(), "a.toml", "framework = \"CX36\"\n[answers]\n");
    let r = in_dir(dir.path(), &["score", "a.toml"]);
    assert_eq!(
        fail(&r),
        (
            2,
            "error: a.toml:1:13: unknown framework `CX36`; did you mean `cx63`? known frameworks: certinia, cs-scoring, cspi, cx63, eleven-pillars (or give a path to a .toml file)\n  |\n1 | framework = \"CX36\"\n  |             ^^^^^^\n"
        )
    );
}

#[test]
fn a_missing_directory_says_no_such_directory() {
    let dir = tempdir();
    let d = dir.path();
    let cases: [(&[&str], &str); 7] = [
        (
            &["team", "answers/"],
            "error: answers/: no such directory\n",
        ),
        (
            &["trend", "2026-q1/", "2026-q2/"],
            "error: 2026-q1/: no such directory\n",
        ),
        (
            &["score", "answers/q3.toml"],
            "error: answers/q3.toml: no such directory: answers\n",
        ),
        (
            &["benchmark", "ours.toml", "--cohort", "peers/"],
            "error: --cohort peers/: no such directory; expected a directory of answers files\n",
        ),
        (&["check", "mine/"], "error: mine/: no such directory\n"),
        (
            &["list", "--frameworks-dir", "mine"],
            "error: --frameworks-dir mine: no such directory; expected a directory of framework .toml files\n",
        ),
        (
            &["template", "cx63", "-o", "q3/answers.toml"],
            "error: q3/answers.toml: cannot write here: no such directory: q3\n  = help: create the directory first, or choose another file\n",
        ),
    ];
    for (args, want) in cases {
        let r = in_dir(d, args);
        assert_eq!(fail(&r), (2, want), "{args:?}");
    }
}

#[test]
fn file_system_refusals_are_sentences_that_name_the_path() {
    let dir = tempdir();
    let d = dir.path();
    write(d, "taken", "a file\n");
    let cases: [(&[&str], &str); 5] = [
        (
            &["health", "demo", "--output", "taken"],
            "error: taken: is a regular file; expected a directory to write into\n",
        ),
        (
            &["metrics", "demo", "--output", "taken"],
            "error: taken: is a regular file; expected a directory to write into\n",
        ),
        (
            &["man", "--dir", "taken"],
            "error: taken: is a regular file; expected a directory to write into\n",
        ),
        (
            &["man", "--dir", "taken/man1"],
            "error: taken/man1: cannot create this directory: a part of the path is a file, not a directory\n",
        ),
        (
            &["template", "cx63", "-o", "taken/answers.toml"],
            "error: taken/answers.toml: cannot write: a part of the path is a file, not a directory\n",
        ),
    ];
    for (args, want) in cases {
        let r = in_dir(d, args);
        assert_eq!(fail(&r), (2, want), "{args:?}");
        assert!(!r.stderr.contains("os error"), "{args:?}");
    }
}

#[test]
fn an_output_extension_no_format_has_is_refused_with_the_ones_there_are() {
    let dir = tempdir();
    let d = dir.path();
    let root = |p: &str| common::root().join(p).display().to_string();
    let (cx63, last) = (
        root("examples/cx63.toml"),
        root("examples/cx63-last-quarter.toml"),
    );
    let (q3, q4) = (root("examples/team/2026-q3"), root("examples/team/2026-q4"));
    let (cspi, cohort) = (root("examples/cspi.toml"), root("examples/cohort"));
    let ledger = root("tests/fixtures/metrics/ledger.csv");
    let model = root("tests/fixtures/health/model-small.toml");
    let accounts = root("tests/fixtures/health/accounts-small.csv");
    let later = root("tests/fixtures/health/accounts-small-later.csv");
    let outcomes = root("tests/fixtures/health/outcomes-small.csv");
    let score = "expected .txt (table), .json, .md/.markdown, .csv or .html/.htm\n  = help: rename the file, or choose the format with --format (table, json, markdown, csv, csv-summary, html)";
    let aggregate = "expected .txt (table), .json, .md/.markdown, .csv or .html/.htm\n  = help: rename the file, or choose the format with --format (table, json, markdown, csv, html)";
    let health = "expected .txt (table), .json/.jsonl/.ndjson, .csv or .html/.htm\n  = help: rename the file, or choose the format with --format (table, json, csv, html)";
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["score", &cx63], score),
        (
            vec!["compare", &last, &cx63],
            "expected .txt (table), .json or .md/.markdown\n  = help: rename the file, or choose the format with --format (table, json, markdown)",
        ),
        (
            vec!["plan", &cx63],
            "expected .toml, .json, .md/.markdown or .csv\n  = help: rename the file, or choose the format with --format (toml, json, markdown, csv)",
        ),
        (vec!["team", &q4], aggregate),
        (vec!["trend", &q3, &q4], aggregate),
        (vec!["benchmark", &cspi, "--cohort", &cohort], aggregate),
        (
            vec!["metrics", "--ledger", &ledger],
            "expected .txt (table), .json, .csv or .html/.htm\n  = help: rename the file, or choose the format with --format (table, json, csv, movements, html)",
        ),
        (vec!["health", "score", &model, &accounts], health),
        (
            vec!["health", "movement", &model, &accounts, &later],
            health,
        ),
        (
            vec![
                "health",
                "calibrate",
                &model,
                &accounts,
                "--outcomes",
                &outcomes,
            ],
            health,
        ),
        (
            vec!["template", "cx63"],
            "expected .toml (TOML)\n  = help: rename the file",
        ),
        (
            vec!["form", "cx63"],
            "expected .html/.htm (HTML)\n  = help: rename the file",
        ),
        (
            vec!["health", "sql", "saas-health", "--dialect", "duckdb"],
            "expected .sql/.txt (SQL)\n  = help: rename the file",
        ),
    ];
    for (args, expected) in cases {
        let r = in_dir(d, &[&args[..], &["-o", "report.xlsx"]].concat());
        assert_eq!(
            fail(&r),
            (
                2,
                format!(
                    "error: report.xlsx: unknown extension `.xlsx` for this output; {expected}\n"
                )
                .as_str()
            ),
            "{args:?}"
        );
        assert!(!d.join("report.xlsx").exists(), "{args:?}");
    }
    // Named with --format, any name is the user's choice.
    let r = in_dir(d, &["score", &cx63, "--format", "csv", "-o", "report.dat"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn every_command_that_writes_says_so_in_one_shape() {
    let dir = tempdir();
    let d = dir.path();
    let root = |p: &str| common::root().join(p).display().to_string();
    let (cx63, last) = (
        root("examples/cx63.toml"),
        root("examples/cx63-last-quarter.toml"),
    );
    let (q3, q4) = (root("examples/team/2026-q3"), root("examples/team/2026-q4"));
    let (cspi, cohort) = (root("examples/cspi.toml"), root("examples/cohort"));
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["score", &cx63, "-o", "r.html"],
            "wrote r.html (html)\n",
        ),
        (
            vec!["score", &cx63, "-o", "r.csv", "--format", "csv-summary"],
            "wrote r.csv (csv-summary)\n",
        ),
        (
            vec!["compare", &last, &cx63, "-o", "c.md"],
            "wrote c.md (markdown)\n",
        ),
        (vec!["team", &q4, "-o", "t.json"], "wrote t.json (json)\n"),
        (
            vec!["trend", &q3, &q4, "-o", "t.html"],
            "wrote t.html (html)\n",
        ),
        (
            vec!["benchmark", &cspi, "--cohort", &cohort, "-o", "b.csv"],
            "wrote b.csv (csv)\n",
        ),
        (
            vec!["health", "demo", "--accounts", "30", "-o", "demo"],
            "wrote demo/ (30 synthetic accounts: accounts-previous.csv, accounts-current.csv, outcomes.csv,\nREADME.txt)\n",
        ),
        (
            vec![
                "health",
                "score",
                "saas-health",
                "demo/accounts-current.csv",
                "-o",
                "s.jsonl",
            ],
            "wrote s.jsonl (json)\n",
        ),
        (
            vec![
                "health",
                "sql",
                "saas-health",
                "--dialect",
                "postgres",
                "-o",
                "q.sql",
            ],
            "wrote q.sql (sql)\n",
        ),
        (
            vec!["metrics", "demo", "--accounts", "30", "-o", "mdemo/"],
            "wrote mdemo/ (30 synthetic accounts: ledger.csv, surveys.csv, milestones.csv, costs.csv, README.txt)\n",
        ),
        (
            vec!["metrics", "--ledger", "mdemo/ledger.csv", "-o", "m.txt"],
            "wrote m.txt (table)\n",
        ),
        (vec!["man", "--dir", "man1"], "wrote man1/ (26 man pages)\n"),
        (
            vec!["template", "cx63", "-o", "answers.toml"],
            "wrote answers.toml (toml)\nFill it in, then score it:\n  cs-scorecard score answers.toml\n",
        ),
        (
            vec!["form", "cx63", "-o", "cx63 form.html"],
            "wrote cx63 form.html (html)\nSend it to each respondent: they open it in a browser, answer, and press \"Download answers\". Put the\nfiles they send back in one directory, then:\n  cs-scorecard team DIRECTORY\n",
        ),
        (
            vec!["plan", "answers.toml", "-o", "plan.toml"],
            "wrote plan.toml (toml, a plan of 30 steps)\nName the owners, then track it next quarter:\n  cs-scorecard compare answers.toml NEXT.toml --plan plan.toml\n",
        ),
    ];
    for (args, want) in cases {
        // A clock after the example team's dates, which trend would warn of.
        let r = run_with(
            cmd()
                .current_dir(d)
                .args(&args)
                .env("SOURCE_DATE_EPOCH", common::AFTER_THE_FIXTURES),
        );
        assert_eq!((r.code, r.stderr.as_str()), (0, want), "{args:?}");
    }
    // --quiet silences them.
    let r = in_dir(d, &["--quiet", "score", &cx63, "-o", "q.html"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
}
