//! `team`: the aggregate a leader sees, its JSON contract, privacy and errors.

mod common;

use std::path::Path;

use common::{flat, root, run, write};

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
        "error: {}:2:13: unknown framework `cx6e`; did you mean `cx63`? known frameworks: certinia, cs-scoring, cspi, cx63, eleven-pillars (or give a path to a .toml file)\n  |\n2 | framework = \"cx6e\"\n  |             ^^^^^^\n",
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

/// Seven CX63 respondents; each yes/no question is Yes for four of them, a
/// different four each time, so every majority is 4 to 3 and each respondent
/// scores 16 to 18 of 30 (53.3% to 60%).
fn split_cx63(dir: &Path) {
    let fw = cs_scorecard::framework::Catalog::default()
        .load("cx63", None)
        .unwrap_or_else(|e| panic!("{e}"))
        .framework;
    let ids: Vec<String> = fw
        .questions()
        .filter(|(_, q)| q.kind == cs_scorecard::framework::Kind::YesNoIdk)
        .map(|(_, q)| q.id.clone())
        .collect();
    assert_eq!(ids.len(), 30);
    for i in 0..7 {
        let mut text = format!(
            "framework = \"cx63\"\nframework_version = \"1.0.0\"\n[respondent]\nname = \"Member {i}\"\nrole = \"{}\"\n[answers]\n",
            if i < 5 { "CSM" } else { "Manager" }
        );
        for (j, id) in ids.iter().enumerate() {
            let yes = (i + 7 - j % 7) % 7 < 4;
            text.push_str(&format!(
                "\"{id}\" = \"{}\"\n",
                if yes { "yes" } else { "no" }
            ));
        }
        write(dir, &format!("m{i}.toml"), &text);
    }
}

#[test]
fn the_headline_is_the_team_mean_not_a_majority_nobody_holds() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    split_cx63(dir.path());
    let d = dir.path().display().to_string();
    let v = json(&["team", &d, "--format", "json"]);
    // 120 Yes among 7: a mean of 17.14 points, 57.14%; each scores 53.33% to 60%.
    assert_eq!(v["total"]["mean"], 57.14);
    assert_eq!(
        (&v["total"]["min"], &v["total"]["max"]),
        (&53.33.into(), &60.0.into())
    );
    assert_eq!(v["band"]["label"], "14–22 points");
    // Every majority is Yes, 4 to 3: 30 of 30, a band no respondent is in.
    assert_eq!(v["typical"]["score"], 30.0);
    assert_eq!(v["typical"]["band"]["label"], "27–30 points");
    assert_eq!(v["typical"]["decided_by_one_vote"], 30);
    let steps = v["roadmap"].as_array().cloned().unwrap_or_default();
    assert_eq!(steps.len(), 30);
    assert!(steps.iter().all(|s| s["agree_first"] == true));
    assert_eq!(steps[0]["answers"], "Yes 4 · No 3");
    let mut r = run(&["team", &d]);
    r.stdout = flat(&r.stdout);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("Team mean: 57.1% (17.14 of 30 points), band 14–22 points Your results"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("Your results indicate that there are significant opportunities")
    );
    assert!(!r.stdout.contains("Congratulations"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("30 of 30 points (100%); 30 of 30 scored questions decided by one vote."),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            " 1. Agree and verify first · Customer Onboarding Best Practices · onboarding.handoff: Yes (Yes 4 · No 3)"
        ),
        "{}",
        r.stdout
    );
    Ok(())
}

#[test]
fn agreement_has_one_legend_true_of_every_kind() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let fw = root().join("tests/fixtures/mini.toml");
    // 3–3 between two neighbouring lanes of three: r_wg 0.55, no longer read as "split"
    // by the legend; yes 7 to 2 (0.56) is no longer flagged by the 0.70 cut-off.
    for i in 0..9 {
        let lane = match i {
            0..3 => "\nonboarding = \"basic\"",
            3..6 => "\nonboarding = \"advanced\"",
            _ => "",
        };
        write(
            dir.path(),
            &format!("r{i}.toml"),
            &format!(
                "framework = \"{}\"\n[answers]\nhandoff = \"{}\"{lane}\n",
                fw.display(),
                if i < 7 { "yes" } else { "no" }
            ),
        );
    }
    let d = dir.path().display().to_string();
    let v = json(&["team", &d, "--format", "json"]);
    assert_eq!(v["questions"][0]["agreement"], 0.56);
    assert_eq!(v["questions"][0]["low_agreement"], false);
    assert_eq!(v["questions"][1]["agreement"], 0.55);
    assert_eq!(v["questions"][1]["contested"], true);
    let mut r = run(&["team", &d]);
    r.stdout = flat(&r.stdout);
    assert!(
        r.stdout.contains(
            "(agreement: 1 = unanimous, 0 = no more agreement than answers picked at random; split = one answer changed would change the team's)"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("[0.55 · split] Basics · How mature is onboarding?"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("0 = split"), "{}", r.stdout);
    Ok(())
}

#[test]
fn a_by_field_nobody_gives_warns_and_the_pool_says_what_it_holds() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    split_cx63(dir.path());
    let d = dir.path().display().to_string();
    let r = run(&["team", &d, "--by", "team"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "warning: --by team: no respondent gives this field, so no groups are shown; the respondent fields given are: name, role"
        ),
        "{}",
        r.stderr
    );
    assert!(!r.stdout.contains("(not given)"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("No respondent gives a `team` field: no groups.")
    );
    // 5 CSMs and 2 managers with a minimum of 3: the managers are pooled, and the CSMs
    // join them, or the managers could be recovered by subtracting the CSMs from the team.
    let v = json(&["team", &d, "--by", "role", "--format", "json"]);
    assert_eq!(v["groups"][0]["name"], "Other: 1 group under 3 and 1 of 5");
    assert_eq!(
        v["suggested_min_group"],
        serde_json::json!({"min_group": 2, "groups": 2})
    );
    let mut r = run(&["team", &d, "--by", "role"]);
    r.stdout = flat(&r.stdout);
    assert!(
        r.stdout.contains(
            "The pooled row holds 7 respondents: 1 group under 3, and 1 of 5 large enough to show, pooled so the small ones cannot be recovered by subtracting the shown groups from the team."
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("`--min-group 2` would show 2 groups on their own"),
        "{}",
        r.stdout
    );
    Ok(())
}
