//! Every report format as a user sees it, and `compare`.

mod common;

use common::{cmd, fixture, run, run_with, write};

#[test]
fn markdown_report() {
    let r = run(&["score", "examples/cx63.toml", "--format", "markdown"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn csv_report() {
    let r = run(&["score", "examples/eleven-pillars.toml", "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "respondent_name,respondent_role,respondent_organization,assessed_on,framework_id,framework_version,section_id,section_title,question_id,question_text,answer_id,answer_label,points,max,status,scored,not_applicable_reason,out_of_scope"
    );
    assert_eq!(lines.len(), 1 + 11, "a header and one row per question");
    insta::assert_snapshot!(r.stdout);
    let summary = run(&[
        "score",
        "examples/eleven-pillars.toml",
        "--format",
        "csv-summary",
    ]);
    assert_eq!(summary.code, 0, "{}", summary.stderr);
    let lines: Vec<&str> = summary.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        1 + 11 + 1,
        "a header, one row per section, the total"
    );
    assert!(
        lines[12].starts_with(
            "Ada Lovelace,VP Customer Success,Analytical Engines Ltd,2026-11-23,eleven-pillars,1.1.0,total,,,20,33,60.6,Intermediate,\"Your pillars average 1.5 lanes of 3 or more"
        ),
        "{}",
        lines[12]
    );
    assert!(
        lines[12].ends_with(",0,0,0,0,,,,,,,20,false,"),
        "{}",
        lines[12]
    );
}

#[test]
fn html_report_is_self_contained_with_a_radar() {
    let r = run(&["score", "examples/cx63.toml", "--format", "html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = &r.stdout;
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("aria-label=\"Radar chart of section percentages\""));
    assert!(html.contains("@page { size: A4"));
    common::assert_self_contained(html);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn html_uses_bars_below_three_sections() {
    let r = run(&["score", &fixture("mini-answers.toml"), "--format", "html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("aria-label=\"Bar chart of section percentages\"")
    );
    assert!(!r.stdout.contains("Radar chart"));
}

#[test]
fn html_escapes_hostile_text() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fw = std::fs::read_to_string(fixture("mini.toml"))
        .unwrap_or_default()
        .replace(
            "title = \"Mini framework\"",
            "title = \"Mini <b onmouseover=alert(2)>framework</b>\"",
        );
    write(dir.path(), "mini.toml", &fw);
    write(
        dir.path(),
        "a.toml",
        "framework = \"mini.toml\"\n[respondent]\nname = \"<script>alert(1)</script>\"\norganization = \"A & B \\\"quoted\\\"\"\n[answers]\nemail = \"x@example.com\"\nhandoff = \"yes\"\n",
    );
    let r = run_with(
        cmd()
            .current_dir(dir.path())
            .args(["score", "a.toml", "--format", "html"]),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("<script"), "raw script tag in output");
    assert!(
        !r.stdout.contains("<b onmouseover"),
        "raw title markup in output"
    );
    assert!(
        r.stdout
            .contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
        "escaped name missing"
    );
    assert!(r.stdout.contains("A &amp; B &quot;quoted&quot;"));
    let md = run_with(
        cmd()
            .current_dir(dir.path())
            .args(["score", "a.toml", "--format", "markdown"]),
    );
    assert!(
        md.stdout
            .contains("Respondent: \\<script\\>alert(1)\\</script\\>"),
        "{}",
        md.stdout
    );
}

#[test]
fn html_written_to_a_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("report.html");
    let r = run(&[
        "score",
        "examples/cspi.toml",
        "--format",
        "html",
        "--output",
        &out.display().to_string(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(html.contains("Customer Success Performance Index"));
    assert!(html.ends_with("</html>\n"));
}

fn quarter_two(dir: &std::path::Path) -> String {
    let text = std::fs::read_to_string(common::root().join("examples/cx63.toml"))
        .unwrap_or_default()
        .replace(
            "\"onboarding.engagement-tracking\" = \"no\"",
            "\"onboarding.engagement-tracking\" = \"yes\"",
        )
        .replace(
            "\"proactive.health-tracking\" = \"no\"",
            "\"proactive.health-tracking\" = \"yes\"",
        )
        .replace("\"support.csat\" = \"yes\"", "\"support.csat\" = \"idk\"");
    write(dir, "q2.toml", &text).display().to_string()
}

#[test]
fn compare_table_marks_improved_and_regressed() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let q2 = quarter_two(dir.path());
    let r = run(&["compare", "examples/cx63.toml", &q2]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn compare_json_deltas_add_up() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let q2 = quarter_two(dir.path());
    let r = run(&["compare", "examples/cx63.toml", &q2, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_default();
    assert_eq!(
        (
            v["total"]["before"].as_f64(),
            v["total"]["after"].as_f64(),
            v["total"]["delta"].as_f64()
        ),
        (Some(16.0), Some(17.0), Some(1.0))
    );
    let sections = v["sections"].as_array().cloned().unwrap_or_default();
    let sum: f64 = sections.iter().filter_map(|s| s["delta"].as_f64()).sum();
    assert_eq!(sum, 1.0);
    for s in &sections {
        let (b, a, d) = (
            s["before"].as_f64(),
            s["after"].as_f64(),
            s["delta"].as_f64(),
        );
        assert_eq!(a.zip(b).map(|(a, b)| a - b), d, "{s}");
    }
    let changed: Vec<(String, String)> = v["changed"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|c| {
            (
                c["question"].as_str().unwrap_or("").to_string(),
                c["direction"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        changed,
        [
            (
                "onboarding.engagement-tracking".to_string(),
                "improved".to_string()
            ),
            (
                "proactive.health-tracking".to_string(),
                "improved".to_string()
            ),
            ("support.csat".to_string(), "regressed".to_string()),
        ]
    );
}

#[test]
fn compare_markdown() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let q2 = quarter_two(dir.path());
    let r = run(&["compare", "examples/cx63.toml", &q2, "--format", "markdown"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("**Total: 16 → 17 (+1 point)**"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("| Reactive Support | 4 | 3 | -1 point |"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("- ▼ regressed **Reactive Support** · `support.csat`"),
        "{}",
        r.stdout
    );
}

#[test]
fn compare_refuses_different_frameworks() {
    let r = run(&[
        "compare",
        "examples/cx63.toml",
        "examples/eleven-pillars.toml",
    ]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: examples/cx63.toml answers `cx63` but examples/eleven-pillars.toml answers `eleven-pillars`; compare needs two answers files of the same framework\n"
    );
}

#[test]
fn the_terminal_scorecard_never_cuts_a_word_at_60_columns() {
    use cs_scorecard::report::{ReportOptions, Reporter, TableReporter};
    for id in ["cx63", "eleven-pillars", "cspi", "certinia", "cs-scoring"] {
        let path = common::root().join(format!("examples/{id}.toml"));
        let file = cs_scorecard::fsio::FileArg::Path(path);
        let loaded = cs_scorecard::answers::load(&file, None).unwrap_or_else(|e| panic!("{e:?}"));
        let fw = cs_scorecard::framework::Catalog::default()
            .load(id, None)
            .unwrap_or_else(|e| panic!("{e}"));
        let card = cs_scorecard::scoring::score(&fw.framework, &loaded.answers);
        let options = ReportOptions {
            color: false,
            width: 60,
            date: "2026-11-24".into(),
        };
        let bytes = TableReporter.render(&card, &options).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        for line in text.lines() {
            assert!(line.chars().count() <= 60, "{id}: {line:?}");
        }
        let seen: std::collections::HashSet<&str> = text
            .split(|c: char| c.is_whitespace() || "│┆".contains(c))
            .collect();
        for s in card.sections.iter().filter(|s| s.max > 0.0) {
            for word in s.title.split_whitespace() {
                assert!(
                    seen.contains(word),
                    "{id}: `{word}` of `{}` is cut:\n{text}",
                    s.title
                );
            }
        }
    }
}

#[test]
fn reports_say_when_the_assessment_was_made_apart_from_the_generation_date() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string("examples/cx63.toml").unwrap_or_default();
    let undated = dir.path().join("undated.toml");
    std::fs::write(&undated, text.replace("date = \"2026-11-23\"\n", ""))
        .unwrap_or_else(|e| panic!("{e}"));
    let u = undated.display().to_string();
    // The answers' date was shown as "Date:", and today's date stood in for a missing one.
    let r = run(&["score", &u, "--format", "markdown"]);
    assert!(
        r.stdout
            .contains("No assessment date in the answers · generated on 2025-12-01"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("Date: 2025-12-01"), "{}", r.stdout);
    let r = run(&["score", "examples/cx63.toml"]);
    assert!(
        r.stdout
            .contains("\nAssessed on 2026-11-23 · generated on 2025-12-01\n"),
        "{}",
        r.stdout
    );
    // A team: the span of its respondents' dates.
    let team = dir.path().join("team");
    std::fs::create_dir(&team).unwrap_or_else(|e| panic!("{e}"));
    for (name, date) in [("a", "2026-11-20"), ("b", "2026-11-23")] {
        std::fs::write(
            team.join(format!("{name}.toml")),
            text.replace("2026-11-23", date)
                .replace("Ada Lovelace", name),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let r = run(&["team", &team.display().to_string(), "--format", "markdown"]);
    assert!(
        r.stdout.contains("Team of 2 respondents · assessed from 2026-11-20 to 2026-11-23 · Generated on 2025-12-01"),
        "{}",
        r.stdout
    );
}
