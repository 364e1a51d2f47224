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
    assert_eq!(
        (&v["total"]["peers_below"], &v["total"]["peers_equal"]),
        (&1.into(), &2.into())
    );
    // Five peers are fewer than twice the minimum of 5: no quartiles, and never
    // the lowest or highest peer.
    assert_eq!(v["total"]["quartiles"], serde_json::Value::Null);
    assert_eq!(
        (&v["total"]["min"], &v["total"]["max"]),
        (&serde_json::Value::Null, &serde_json::Value::Null)
    );
    assert_eq!(v["sections"][0]["id"], "basics");
    // Basics: subject 2/3 = 66.67; peers 33.33, 66.67, 66.67, 100, 100 → 1 below, 2 equal.
    assert_eq!(v["sections"][0]["percentile"], 40.0);
    // With a minimum of 2, each quartile is the mean of the 2 peers ranked nearest it:
    // 20, 40, 40, 60, 100; Q1 at rank 1 averages ranks 0.5 to 1.5: (0.5·20 + 40 + 0.5·40) / 2.
    let v = json(&[
        "benchmark",
        &s,
        "--cohort",
        &d,
        "--min-cohort",
        "2",
        "--format",
        "json",
    ]);
    assert_eq!(
        v["total"]["quartiles"],
        serde_json::json!([35.0, 45.0, 65.0])
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

/// A cohort directory of one real peer and five links to it (made by `link`
/// in the directory, by name): benchmark refuses it as a cohort of one.
#[cfg(unix)]
fn one_peer_five_links(
    c: &Path,
    link: impl Fn(&Path, &str) -> std::io::Result<()>,
) -> std::io::Result<(String, common::Run)> {
    std::fs::create_dir(c)?;
    mini(c, "real.toml", "name = \"Peer\"", "handoff = \"yes\"");
    for i in 1..=5 {
        link(c, &format!("peer{i}.toml"))?;
    }
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
    Ok((d, r))
}

#[cfg(unix)]
#[test]
fn links_to_one_file_are_one_peer_and_a_link_loop_ends() -> std::io::Result<()> {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir()?;
    let c = dir.path().join("cohort");
    let (d, r) = one_peer_five_links(&c, |dir, name| symlink("real.toml", dir.join(name)))?;
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

/// A CX63 answers file with the first `yes` of the 30 yes/no questions Yes and
/// the rest No, and `extra` respondent lines.
fn cx63_with(dir: &Path, name: &str, yes: usize, extra: &str) {
    let fw = cs_scorecard::framework::Catalog::default()
        .load("cx63", None)
        .unwrap_or_else(|e| panic!("{e}"))
        .framework;
    let mut text = format!(
        "framework = \"cx63\"\nframework_version = \"1.0.0\"\n[respondent]\nname = \"{name}\"\n{extra}\n[answers]\n"
    );
    let ids = fw
        .questions()
        .filter(|(_, q)| q.kind == cs_scorecard::framework::Kind::YesNoIdk);
    for (i, (_, q)) in ids.enumerate() {
        text.push_str(&format!(
            "\"{}\" = \"{}\"\n",
            q.id,
            if i < yes { "yes" } else { "no" }
        ));
    }
    write(dir, &format!("{name}.toml"), &text);
}

/// Every number under `quartiles`, `min` and `max` in a benchmark's JSON, per
/// place: the total first, then each section.
fn released(v: &serde_json::Value) -> Vec<Vec<f64>> {
    let places = std::iter::once(&v["total"]).chain(v["sections"].as_array().into_iter().flatten());
    places
        .map(|p| {
            let mut out = Vec::new();
            for key in ["quartiles", "min", "max"] {
                match &p[key] {
                    serde_json::Value::Array(a) => out.extend(a.iter().filter_map(|x| x.as_f64())),
                    x => out.extend(x.as_f64()),
                }
            }
            out
        })
        .collect()
}

#[test]
fn no_peers_total_can_be_read_back_from_the_json() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let peers = dir.path().join("peers");
    std::fs::create_dir(&peers)?;
    // Ten peers with ten different totals (3 … 29 of 30 Yes, first questions first).
    let yes = [3, 5, 8, 11, 14, 17, 20, 23, 26, 29];
    for (i, n) in yes.iter().enumerate() {
        cx63_with(&peers, &format!("peer{i}"), *n, "");
    }
    cx63_with(dir.path(), "us", 16, "");
    let us = dir.path().join("us.toml").display().to_string();
    let p = peers.display().to_string();
    let v = json(&["benchmark", &us, "--cohort", &p, "--format", "json"]);
    assert_eq!(v["cohort"]["size"], 10);
    assert_eq!(v["cohort"]["min_for_quartiles"], 10);
    let places = released(&v);
    assert!(
        places.iter().all(|p| p.len() == 3),
        "three quartiles per place, no min or max: {places:?}"
    );
    // Each peer's percent per place (total, then sections), from its own scorecard.
    let mut peer_values: Vec<Vec<f64>> = vec![Vec::new(); places.len()];
    for i in 0..yes.len() {
        let r = run(&[
            "score",
            &peers.join(format!("peer{i}.toml")).display().to_string(),
            "--format",
            "json",
        ]);
        let card: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_default();
        let percent = |x: &serde_json::Value| {
            x["score"].as_f64().unwrap_or(-1.0) / x["max"].as_f64().unwrap_or(1.0) * 100.0
        };
        let sections = card["sections"].as_array().cloned().unwrap_or_default();
        for (j, x) in std::iter::once(&card["total"]).chain(&sections).enumerate() {
            peer_values[j].push(percent(x));
        }
    }
    // Try to read one peer's percent back: a released value equal to a percent that
    // fewer than 5 peers (the minimum cohort) have there is that peer's, or theirs.
    for (released, peers) in places.iter().zip(&peer_values) {
        for x in released {
            let holders = peers.iter().filter(|p| (*x - **p).abs() < 0.005).count();
            assert!(
                holders == 0 || holders >= 5,
                "{x} in the JSON is the percent of {holders} peer(s): {peers:?}"
            );
        }
    }
    // Nine peers: too few for quartiles, which would average windows of 5 of 9.
    std::fs::remove_file(peers.join("peer9.toml"))?;
    let v = json(&["benchmark", &us, "--cohort", &p, "--format", "json"]);
    assert!(released(&v).iter().all(Vec::is_empty), "{v}");
    Ok(())
}

#[test]
fn the_place_is_said_in_peers_and_filters_in_the_frameworks_words() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let peers = dir.path().join("peers");
    std::fs::create_dir(&peers)?;
    for i in 0..6 {
        cx63_with(&peers, &format!("peer{i}"), 4 + i, "role = \"VP\"");
    }
    cx63_with(dir.path(), "us", 28, "");
    let us = dir.path().join("us.toml").display().to_string();
    let p = peers.display().to_string();
    let r = common::run_with(common::cmd().env("COLUMNS", "160").args([
        "benchmark",
        &us,
        "--cohort",
        &p,
        "--where",
        "onboarding.handoff=Yes",
        "--where",
        "role=vp",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "Cohort: 6 peers (Does your team have a documented handoff process between sales and customer success/service teams?: Yes; role: vp)"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("above all 6 peers"), "{}", r.stdout);
    assert!(!r.stdout.contains("100 "), "{}", r.stdout);
    let r = run(&[
        "benchmark",
        &us,
        "--cohort",
        &p,
        "--where",
        "onboarding.handoff=true",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "--where onboarding.handoff: \"true\" is not an answer of onboarding.handoff; expected \"yes\", \"no\" or \"idk\""
        ),
        "{}",
        r.stderr
    );
    Ok(())
}

#[test]
fn cspi_peers_filtered_by_their_net_revenue_retention() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let peers = dir.path().join("peers");
    std::fs::create_dir(&peers)?;
    let example = std::fs::read_to_string(root().join("examples/cspi.toml"))?;
    assert!(
        example.contains("\"q10\" = 118\n"),
        "the example's NRR is 118"
    );
    let nrr = [88, 95, 100, 104, 112, 118, 125, 131, 140];
    for (i, n) in nrr.iter().enumerate() {
        let text = example
            .replace("\"q10\" = 118\n", &format!("\"q10\" = {n}\n"))
            .replace("Katherine Johnson", &format!("Peer {i}"));
        write(&peers, &format!("peer{i}.toml"), &text);
    }
    let p = peers.display().to_string();
    let size = |args: &[&str]| -> serde_json::Value {
        let mut all = vec![
            "benchmark",
            "examples/cspi.toml",
            "--cohort",
            &p,
            "--format",
            "json",
        ];
        all.extend_from_slice(args);
        json(&all)["cohort"]["size"].clone()
    };
    assert_eq!(size(&["--where", "q10>=100"]), 7);
    assert_eq!(size(&["--where", "q10>100%"]), 6);
    assert_eq!(size(&["--where", "q10=100..125"]), 5);
    assert_eq!(size(&["--where", "q10=..100,130.."]), 5);
    let v = json(&[
        "benchmark",
        "examples/cspi.toml",
        "--cohort",
        &p,
        "--where",
        "q10=100..125",
        "--format",
        "json",
    ]);
    assert_eq!(v["cohort"]["filters"], serde_json::json!(["q10=100..125"]));
    assert_eq!(
        v["cohort"]["filters_labelled"],
        serde_json::json!(["Your Annual Net Revenue Retention Rate: from 100% to 125%"])
    );
    // Nothing matches a word where a number is expected: an error, not an empty cohort.
    let r = run(&[
        "benchmark",
        "examples/cspi.toml",
        "--cohort",
        &p,
        "--where",
        "q10=high",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("\"high\" is not a number; q10 takes a number from 0 to 1000"),
        "{}",
        r.stderr
    );
    Ok(())
}

#[cfg(unix)]
#[test]
fn a_hard_link_to_a_peer_is_one_peer() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let c = dir.path().join("cohort");
    let (d, _) = one_peer_five_links(&c, |dir, name| {
        std::fs::hard_link(dir.join("real.toml"), dir.join(name))
    })?;
    let r = run(&["team", &d, "--format", "json"]);
    assert!(r.stdout.contains("\"respondents\": 1"), "{}", r.stdout);
    Ok(())
}
