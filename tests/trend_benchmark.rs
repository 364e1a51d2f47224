//! `trend` and `benchmark` as a user runs them, against hand-computed values.

mod common;

use std::path::Path;

use common::{root, run, write};

/// A mini-framework answers file: `answers` is the TOML of the [answers] table.
fn mini(dir: &Path, name: &str, respondent: &str, answers: &str) {
    let fw = root().join("tests/fixtures/mini.toml");
    write(
        dir,
        name,
        &format!(
            "framework = \"{}\"\n[respondent]\n{respondent}\n[answers]\n{answers}\n",
            fw.display()
        ),
    );
}

/// Totals of 1, 2, 2, 3 and 5 points of 5: 20, 40, 40, 60 and 100 percent.
fn cohort(dir: &Path) {
    mini(
        dir,
        "p1.toml",
        "name = \"Peer One\"\nrole = \"CSM\"",
        "handoff = \"yes\"",
    );
    mini(
        dir,
        "p2.toml",
        "name = \"Peer Two\"\nrole = \"CSM\"",
        "handoff = \"yes\"\nonboarding = \"basic\"",
    );
    mini(
        dir,
        "p3.toml",
        "name = \"Peer Three\"\nrole = \"CSM\"",
        "handoff = \"no\"\nonboarding = \"advanced\"",
    );
    mini(
        dir,
        "p4.toml",
        "name = \"Peer Four\"\nrole = \"VP\"",
        "handoff = \"yes\"\nonboarding = \"advanced\"",
    );
    std::fs::create_dir_all(dir.join("more")).ok();
    mini(
        &dir.join("more"),
        "p5.toml",
        "name = \"Peer Five\"\nrole = \"CSM\"",
        "handoff = \"yes\"\nonboarding = \"advanced\"\nfunctions = [\"training\", \"renewals\"]",
    );
    // Another framework in the cohort directory is left out, not an error.
    let cx = std::fs::read_to_string(root().join("examples/cx63.toml")).unwrap_or_default();
    write(dir, "other.toml", &cx);
}

fn json(args: &[&str]) -> serde_json::Value {
    let r = run(args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

#[test]
fn percentile_and_quartiles_against_the_cohort() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    cohort(dir.path());
    let d = dir.path().display().to_string();
    let subject = dir.path().join("subject.json");
    let fw = root().join("tests/fixtures/mini.toml");
    std::fs::write(
        &subject,
        format!(
            r#"{{"framework": "{}", "answers": {{"handoff": "no", "onboarding": "advanced"}}}}"#,
            fw.display()
        ),
    )?;
    let s = subject.display().to_string();
    // The subject sits inside the cohort directory: it is not its own peer.
    let v = json(&["benchmark", &s, "--cohort", &d, "--format", "json"]);
    assert_eq!(v["cohort"]["size"], 5);
    // 40%: 1 peer below, 2 equal → (1 + 2/2) / 5 × 100.
    assert_eq!(v["total"]["percent"], 40.0);
    assert_eq!(v["total"]["percentile"], 40.0);
    // 20, 40, 40, 60, 100 with h = 4p: 40, 40, 60.
    assert_eq!(
        v["total"]["quartiles"],
        serde_json::json!([40.0, 40.0, 60.0])
    );
    assert_eq!(v["sections"][0]["id"], "basics");
    // Basics: subject 2/3 = 66.7; peers 33.3, 66.7, 66.7, 100, 100 → 1 below, 2 equal.
    assert_eq!(v["sections"][0]["percentile"], 40.0);
    assert_eq!(
        v["sections"][0]["quartiles"],
        serde_json::json!([66.7, 66.7, 100.0])
    );
    for format in ["table", "json", "markdown", "csv", "html"] {
        let r = run(&["benchmark", &s, "--cohort", &d, "--format", format]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(!r.stdout.contains("Peer"), "{format} names a cohort member");
        assert!(
            !r.stdout.contains("p1.toml"),
            "{format} names a cohort file"
        );
    }
    Ok(())
}

#[test]
fn the_subject_at_the_top_and_the_bottom() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    cohort(dir.path());
    let d = dir.path().display().to_string();
    let out = tempfile::tempdir()?;
    mini(
        out.path(),
        "top.toml",
        "",
        "handoff = \"yes\"\nonboarding = \"advanced\"\nfunctions = [\"training\", \"renewals\"]",
    );
    mini(out.path(), "bottom.toml", "", "handoff = \"no\"");
    let top = json(&[
        "benchmark",
        &out.path().join("top.toml").display().to_string(),
        "--cohort",
        &d,
        "--format",
        "json",
    ]);
    // 100% ties with the one peer at 100%: (4 + 1/2) / 5.
    assert_eq!(top["total"]["percentile"], 90.0);
    let bottom = json(&[
        "benchmark",
        &out.path().join("bottom.toml").display().to_string(),
        "--cohort",
        &d,
        "--format",
        "json",
    ]);
    assert_eq!(bottom["total"]["percent"], 0.0);
    assert_eq!(bottom["total"]["percentile"], 0.0);
    Ok(())
}

#[test]
fn a_cohort_of_exactly_k_is_shown_and_of_k_minus_one_refused() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    cohort(dir.path());
    let d = dir.path().display().to_string();
    let v = json(&[
        "benchmark",
        "tests/fixtures/mini-answers.toml",
        "--cohort",
        &d,
        "--min-cohort",
        "5",
        "--format",
        "json",
    ]);
    assert_eq!(v["cohort"]["size"], 5);
    let r = run(&[
        "benchmark",
        "tests/fixtures/mini-answers.toml",
        "--cohort",
        &d,
        "--min-cohort",
        "6",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("only 5 of the 5 mini answers files in"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("a cohort needs at least 6 (--min-cohort)"),
        "{}",
        r.stderr
    );
    Ok(())
}

/// Runs the binary, killed after a minute: a guard against a hang (a walk
/// that never ends), not a speed claim.
#[cfg(unix)]
fn run_guarded(args: &[&str]) -> common::Run {
    common::run_with(
        common::cmd()
            .args(args)
            .timeout(std::time::Duration::from_secs(60)),
    )
}

#[cfg(unix)]
#[test]
fn links_to_one_file_are_one_peer_and_a_link_loop_ends() -> std::io::Result<()> {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir()?;
    let c = dir.path().join("cohort");
    std::fs::create_dir(&c)?;
    mini(&c, "real.toml", "name = \"Peer\"", "handoff = \"yes\"");
    for i in 1..=5 {
        symlink("real.toml", c.join(format!("peer{i}.toml")))?;
    }
    // One real peer and five links: a cohort of one, refused under the minimum of 5.
    let d = c.display().to_string();
    let r = run_guarded(&[
        "benchmark",
        "tests/fixtures/mini-answers.toml",
        "--cohort",
        &d,
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("only 1 of the 1 mini answers files in"),
        "{}",
        r.stderr
    );
    // Names sort `peer1.toml` first: it is the path counted.
    let first = format!("warning: {d}/peer2.toml is the same file as {d}/peer1.toml: counted once");
    assert!(r.stderr.contains(&first), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("warning: … and 2 more paths to files already counted"),
        "{}",
        r.stderr
    );
    // team counts the respondent once too.
    let r = run_guarded(&["team", &d, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\"respondents\": 1"), "{}", r.stdout);
    // A link back up (`up -> ..`) is not followed round and round.
    std::fs::create_dir(c.join("more"))?;
    symlink("..", c.join("more/up"))?;
    mini(
        &c.join("more"),
        "other.toml",
        "name = \"Other\"",
        "handoff = \"no\"",
    );
    let r = run_guarded(&[
        "benchmark",
        "tests/fixtures/mini-answers.toml",
        "--cohort",
        &d,
        "--min-cohort",
        "2",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\"size\": 2"), "{}", r.stdout);
    assert!(
        r.stderr.contains(&format!(
            "warning: {d}/more/up leads back to {d}: already read, not read again"
        )),
        "{}",
        r.stderr
    );
    Ok(())
}

#[test]
fn where_filters_narrow_and_a_small_cohort_says_which_to_relax() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    cohort(dir.path());
    let d = dir.path().display().to_string();
    let subject = "tests/fixtures/mini-answers.toml";
    // role is a respondent field (any case); onboarding a question, two values widen it.
    let v = json(&[
        "benchmark",
        subject,
        "--cohort",
        &d,
        "--where",
        "role=csm",
        "--where",
        "onboarding=basic,advanced",
        "--min-cohort",
        "3",
        "--format",
        "json",
    ]);
    assert_eq!(v["cohort"]["size"], 3);
    assert_eq!(
        v["cohort"]["filters"],
        serde_json::json!(["role=csm", "onboarding=basic,advanced"])
    );
    let r = run(&[
        "benchmark",
        subject,
        "--cohort",
        &d,
        "--where",
        "role=VP",
        "--where",
        "onboarding=advanced",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("only 1 of the 5 mini answers files"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("relax a filter: without --where role=VP, 3 would match"),
        "{}",
        r.stderr
    );
    let r = run(&[
        "benchmark",
        subject,
        "--cohort",
        &d,
        "--where",
        "onboarding=expert",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("\"expert\" is not an option of onboarding"),
        "{}",
        r.stderr
    );
    Ok(())
}

#[test]
fn trend_orders_by_date_and_reports_deltas_and_regressions() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let p = dir.path();
    mini(
        p,
        "c.toml",
        "date = \"2026-09-30\"",
        "handoff = \"yes\"\nonboarding = \"advanced\"\nfunctions = [\"training\"]",
    );
    mini(p, "a.toml", "date = \"2026-03-31\"", "handoff = \"no\"");
    mini(
        p,
        "b.toml",
        "date = \"2026-06-30\"",
        "handoff = \"yes\"\nonboarding = \"basic\"\nfunctions = [\"training\", \"renewals\"]",
    );
    let path = |n: &str| p.join(n).display().to_string();
    let v = json(&[
        "trend",
        &path("c.toml"),
        &path("a.toml"),
        &path("b.toml"),
        "--format",
        "json",
    ]);
    assert_eq!(v["ordered_by"], "date");
    let dates: Vec<&str> = v["points"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x["date"].as_str())
        .collect();
    assert_eq!(dates, ["2026-03-31", "2026-06-30", "2026-09-30"]);
    // Totals 0, 4 and 4 of 5 points.
    assert_eq!(
        v["points"][1]["total"],
        serde_json::json!({"score": 4.0, "percent": 80.0})
    );
    assert_eq!(v["points"][0]["band"]["label"], "Starting");
    assert_eq!(v["points"][1]["band"]["label"], "Established");
    assert_eq!(v["total"]["delta"], 80.0);
    // More: 0 → 100 → 50 percent.
    assert_eq!(
        v["sections"][1]["series"],
        serde_json::json!([0.0, 100.0, 50.0])
    );
    assert_eq!(v["sections"][1]["delta"], 50.0);
    assert_eq!(v["band_changes"][0]["point"], 1);
    assert_eq!(v["regressions"][0]["question"], "functions");
    assert_eq!(v["regressions"][0]["point"], 2);
    let r = run(&["trend", &path("c.toml"), &path("a.toml"), &path("b.toml")]);
    assert!(r.stdout.contains("Total"), "{}", r.stdout);
    assert!(r.stdout.contains("0% → 80%"), "{}", r.stdout);
    Ok(())
}

#[test]
fn an_impossible_date_is_an_error_at_its_place_in_every_command() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let p = dir.path();
    mini(p, "a.toml", "date = \"2026-03-31\"", "handoff = \"no\"");
    mini(p, "b.toml", "date = \"2026-13-45\"", "handoff = \"yes\"");
    let path = |n: &str| p.join(n).display().to_string();
    let expected = format!(
        "{}:3:8: respondent `date`: found `2026-13-45`, expected a date as YYYY-MM-DD (there is no month 13)",
        path("b.toml")
    );
    let d = p.display().to_string();
    let cases: [&[&str]; 4] = [
        &["trend", &path("a.toml"), &path("b.toml")],
        &["score", &path("b.toml")],
        &["team", &d],
        &["benchmark", &path("a.toml"), "--cohort", &d],
    ];
    for args in cases {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(&expected), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("date = \"2026-13-45\""), "{}", r.stderr);
    }
    // A TOML date without quotes is not a string: say how to write it.
    mini(p, "b.toml", "date = 2026-02-01", "handoff = \"yes\"");
    let r = run(&["score", &path("b.toml")]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "respondent `date` must be a string, found a date-time; write it in quotes: date = \"2026-03-31\""
        ),
        "{}",
        r.stderr
    );
    // February 29th exists in leap years only; a blank date is no date.
    mini(p, "b.toml", "date = \"2028-02-29\"", "handoff = \"yes\"");
    assert_eq!(run(&["score", &path("b.toml")]).code, 0);
    mini(p, "b.toml", "date = \"2026-02-29\"", "handoff = \"yes\"");
    let r = run(&["score", &path("b.toml")]);
    assert!(
        r.stderr.contains("(February 2026 has 28 days)"),
        "{}",
        r.stderr
    );
    mini(p, "b.toml", "date = \" \"", "handoff = \"yes\"");
    let r = run(&["trend", &path("a.toml"), &path("b.toml")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("no respondent date (YYYY-MM-DD) in"),
        "{}",
        r.stderr
    );
    Ok(())
}

#[test]
fn trend_without_dates_warns_and_keeps_the_order_given() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let p = dir.path();
    mini(
        p,
        "later.toml",
        "date = \"2026-09-30\"",
        "handoff = \"yes\"",
    );
    mini(p, "undated.toml", "name = \"X\"", "handoff = \"no\"");
    let path = |n: &str| p.join(n).display().to_string();
    let r = run(&[
        "trend",
        &path("later.toml"),
        &path("undated.toml"),
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("no respondent date (YYYY-MM-DD) in"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("undated.toml: the points are shown in the order given"),
        "{}",
        r.stderr
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_default();
    assert_eq!(v["ordered_by"], "arguments");
    assert_eq!(v["total"]["delta"], -20.0);
    let r = run(&["trend", &path("later.toml")]);
    assert_eq!(r.code, 2);
    Ok(())
}

#[test]
fn a_directory_is_a_team_at_its_latest_date_counted_as_its_mean() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let team = dir.path().join("q1");
    std::fs::create_dir(&team)?;
    // 1 and 3 points of 5: 20% and 60%, mean 40%, mean points 2.
    mini(
        &team,
        "a.toml",
        "date = \"2026-01-10\"",
        "handoff = \"yes\"",
    );
    mini(
        &team,
        "b.toml",
        "date = \"2026-01-20\"",
        "handoff = \"yes\"\nonboarding = \"advanced\"",
    );
    mini(
        dir.path(),
        "q2.toml",
        "date = \"2026-04-01\"",
        "handoff = \"yes\"\nonboarding = \"advanced\"\nfunctions = [\"training\"]",
    );
    let v = json(&[
        "trend",
        &dir.path().join("q2.toml").display().to_string(),
        &team.display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(v["points"][0]["date"], "2026-01-20");
    assert_eq!(v["points"][0]["respondents"], 2);
    assert_eq!(
        v["points"][0]["total"],
        serde_json::json!({"score": 2.0, "percent": 40.0})
    );
    assert_eq!(v["points"][0]["band"]["label"], "Starting");
    assert_eq!(v["points"][1]["total"]["percent"], 80.0);
    assert_eq!(v["total"]["delta"], 40.0);
    Ok(())
}
