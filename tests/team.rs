//! `team`: the aggregate a leader sees, its JSON contract, privacy and errors.

mod common;

use std::path::Path;

use common::{root, run, write};

/// Three respondents of the mini framework (values worked out in the comments).
fn three(dir: &Path) {
    let fw = root().join("tests/fixtures/mini.toml");
    let fw = fw.display();
    // 5 of 5 points: basics 3/3, more 2/2 → 100%.
    write(
        dir,
        "ada.toml",
        &format!(
            "framework = \"{fw}\"\n[respondent]\nname = \"Ada Secret\"\nrole = \"VP\"\n[answers]\nhandoff = \"yes\"\nonboarding = \"advanced\"\nfunctions = [\"training\", \"renewals\"]\n"
        ),
    );
    // 3 of 5: basics 2/3 (66.7%), more 1/2 (50%) → 60%.
    write(
        dir,
        "bob.json",
        &format!(
            r#"{{"framework": "{fw}", "respondent": {{"name": "Bob Hidden", "role": "CSM"}}, "answers": {{"handoff": "yes", "onboarding": "basic", "functions": ["training"]}}}}"#
        ),
    );
    // 1 of 5: basics 1/3 (33.3%), more 0/2 → 20%.
    write(
        dir,
        "cy.toml",
        &format!(
            "framework = \"{fw}\"\n[respondent]\nname = \"Cy Private\"\nrole = \"CSM\"\n[answers]\nhandoff = \"no\"\nonboarding = \"basic\"\nfunctions = [\"none\"]\n"
        ),
    );
}

fn json(args: &[&str]) -> serde_json::Value {
    let r = run(args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

#[test]
fn json_holds_the_documented_aggregates() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    three(dir.path());
    let d = dir.path().display().to_string();
    let v = json(&["team", &d, "--format", "json"]);
    assert_eq!(v["respondents"], 3);
    // Totals 100, 60, 20: mean 60, median 60, sd √((40² + 0 + 40²) / 2) = 40.
    let t = &v["total"];
    assert_eq!(
        [&t["mean"], &t["median"], &t["min"], &t["max"], &t["sd"]],
        [60.0, 60.0, 20.0, 100.0, 40.0]
    );
    assert_eq!(v["sections"][0]["id"], "basics");
    assert_eq!(v["sections"][0]["mean"], 66.67);
    assert_eq!(v["sections"][1]["median"], 50.0);
    let q0 = &v["questions"][0];
    assert_eq!(q0["id"], "handoff");
    assert_eq!(
        q0["distribution"],
        serde_json::json!({"yes": 2, "no": 1, "idk": 0, "unanswered": 0})
    );
    // Yes by 2 of 3: (2/3 − 1/2) ÷ (1/2).
    assert_eq!(q0["agreement"], 0.33);
    // Lanes 2, 1, 1 of 3: s² = 1/3 against (9 − 1)/12 → 1 − 0.5.
    assert_eq!(v["questions"][1]["agreement"], 0.5);
    assert_eq!(v["questions"][1]["agreement_method"], "rwg");
    assert_eq!(v["groups"], serde_json::json!([]));
    Ok(())
}

#[test]
fn groups_below_the_minimum_are_pooled_and_nobody_is_named() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    three(dir.path());
    let d = dir.path().display().to_string();
    let v = json(&["team", &d, "--by", "role", "--format", "json"]);
    let groups = v["groups"].as_array().cloned().unwrap_or_default();
    assert_eq!(groups.len(), 1, "VP (1) and CSM (2) are both under 3");
    assert_eq!(groups[0]["respondents"], 3);
    assert_eq!(groups[0]["pooled"], true);
    let v = json(&[
        "team",
        &d,
        "--by",
        "role",
        "--min-group",
        "1",
        "--format",
        "json",
    ]);
    assert_eq!(v["groups"][0]["name"], "CSM");
    assert_eq!(v["groups"][0]["respondents"], 2);
    assert_eq!(v["groups"][0]["mean"], 40.0);
    assert_eq!(v["groups"][0]["sections"][0]["id"], "basics");
    assert_eq!(v["groups"][0]["sections"][0]["mean"], 50.0);
    assert_eq!(v["groups"][1]["name"], "VP");
    for format in ["table", "json", "markdown", "csv", "html"] {
        let r = run(&["team", &d, "--by", "role", "--format", format]);
        assert_eq!(r.code, 0, "{format}: {}", r.stderr);
        for name in ["Ada", "Bob", "Cy Private"] {
            assert!(!r.stdout.contains(name), "{format} names {name}");
        }
    }
    Ok(())
}

#[test]
fn csv_is_one_row_per_question_and_html_is_self_contained() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    three(dir.path());
    let d = dir.path().display().to_string();
    let r = run(&["team", &d, "--format", "csv"]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 1 + 5);
    assert!(lines[0].starts_with("section,question,text,kind,asked,answered,idk,unanswered"));
    assert_eq!(
        lines[1],
        "basics,handoff,Do you have a documented handoff?,yes_no_idk,3,3,0,0,0.67,1,0.33,true,Yes,yes=2; no=1"
    );
    let r = run(&["team", &d, "--format", "html"]);
    assert!(r.stdout.starts_with("<!DOCTYPE html>"));
    assert!(r.stdout.contains("one dot per respondent"));
    common::assert_self_contained(&r.stdout);
    Ok(())
}

#[test]
fn another_framework_is_refused_naming_the_odd_file() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    three(dir.path());
    let cx = std::fs::read_to_string(root().join("examples/cx63.toml"))?;
    write(dir.path(), "zz-other.toml", &cx);
    let r = run(&["team", &dir.path().display().to_string()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("zz-other.toml"), "{}", r.stderr);
    assert!(
        r.stderr.contains("these answers are for framework `cx63`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("ada.toml (the first file) answers framework `mini`"),
        "{}",
        r.stderr
    );
    Ok(())
}

#[test]
fn another_version_is_refused() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let cx = std::fs::read_to_string(root().join("examples/cx63.toml"))?;
    write(dir.path(), "a.toml", &cx);
    write(
        dir.path(),
        "b.toml",
        &cx.replace(
            "framework_version = \"1.0.0\"",
            "framework_version = \"0.9.0\"",
        )
        .replace("Ada Lovelace", "Grace"),
    );
    let r = run(&["team", &dir.path().display().to_string()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("b.toml"), "{}", r.stderr);
    assert!(r.stderr.contains("cx63 version 0.9.0"), "{}", r.stderr);
    Ok(())
}

#[test]
fn the_same_respondent_twice_is_a_warning() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let cx = std::fs::read_to_string(root().join("examples/cx63.toml"))?;
    write(dir.path(), "a.toml", &cx);
    write(dir.path(), "b.toml", &cx);
    let r = run(&[
        "team",
        &dir.path().display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("b.toml: the same respondent name as ")
            && r.stderr.contains("a.toml; both files are counted"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("\"respondents\": 2"));
    Ok(())
}

#[test]
fn an_unreadable_file_is_named() {
    let r = run(&["team", "examples/cx63.toml", "no-such-answers.toml"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no-such-answers.toml: no such file"),
        "{}",
        r.stderr
    );
    let r = run(&["team", "src/report/templates"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("no answers files (*.toml, *.json) in src/report/templates"),
        "{}",
        r.stderr
    );
}

#[test]
fn form_is_one_self_contained_page_with_native_controls() {
    let r = run(&["form", "cx63"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = &r.stdout;
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains(r#"<input type="radio" name="onboarding.handoff" value="yes""#));
    assert!(html.contains(r#"<input type="radio" name="onboarding.handoff" value="idk""#));
    for external in [
        "<link",
        "src=\"http",
        "href=\"http",
        "@import",
        "url(",
        "fetch(",
        "XMLHttpRequest",
    ] {
        assert!(
            !html.contains(external),
            "the form must not use the network: found {external}"
        );
    }
    let r = run(&["form", "no-such-framework"]);
    assert_eq!(r.code, 2);
}

#[test]
fn an_unknown_framework_is_pointed_at_in_the_file_that_names_it() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    three(dir.path());
    let bad = write(
        dir.path(),
        "dee.toml",
        "# a typo in the id\nframework = \"cx6e\"\n[answers]\n",
    );
    let d = dir.path().display().to_string();
    let ada = dir.path().join("ada.toml").display().to_string();
    let expected = format!(
        "error: {}:2:13: unknown framework `cx6e`; known frameworks: certinia, cs-scoring, cspi, cx63, eleven-pillars (or give a path to a .toml file)\n  |\n2 | framework = \"cx6e\"\n  |             ^^^^^^\n",
        bad.display()
    );
    let bad = bad.display().to_string();
    let cases: [&[&str]; 5] = [
        &["score", &bad],
        &["compare", &ada, &bad],
        &["team", &d],
        &["trend", &ada, &bad],
        &["benchmark", &ada, "--cohort", &d],
    ];
    for args in cases {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}");
        let stderr = r.stderr.replace(&format!("{d}/./"), &format!("{d}/"));
        assert_eq!(stderr, expected, "{args:?}");
    }
    Ok(())
}

#[test]
fn another_framework_version_is_one_warning_naming_the_files() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    three(dir.path());
    for name in ["ada.toml", "cy.toml"] {
        let p = dir.path().join(name);
        let text = std::fs::read_to_string(&p)?.replacen(
            "\n[respondent]",
            "\nframework_version = \"0.0.9\"\n[respondent]",
            1,
        );
        std::fs::write(&p, text)?;
    }
    let d = dir.path().display().to_string();
    let expected = format!(
        "warning: {d}/ada.toml, {d}/cy.toml: answers were given against mini version 0.0.9; scoring with version 0.1.0"
    );
    let trend: [&str; 6] = [
        "trend",
        &format!("{d}/ada.toml"),
        &format!("{d}/bob.json"),
        &format!("{d}/cy.toml"),
        "--format",
        "json",
    ];
    // Bob names no version: the first file's 0.0.9 holds for the team.
    for args in [&["team", &d, "--format", "json"][..], &trend[..]] {
        let r = run(args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let stderr = r.stderr.replace(&format!("{d}/./"), &format!("{d}/"));
        let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("version")).collect();
        assert_eq!(warnings, [expected.as_str()], "{args:?}");
    }
    Ok(())
}
