//! "Not applicable", targets and plans as a user meets them: carried by every
//! format (rebuilt from JSON and CSV, the same scorecard comes back), tracked
//! over the synthetic example quarters, and refused with clear messages.

mod common;

use std::collections::BTreeMap;

use common::{run, write};
use serde_json::{Value, json};

const Q2: &str = "examples/quarters/cx63-2026-q2.toml";
const Q3: &str = "examples/quarters/cx63-2026-q3.toml";
const Q4: &str = "examples/quarters/cx63-2026-q4.toml";
const PLAN: &str = "examples/plans/cx63-plan-2026-q2.toml";

fn json_of(args: &[&str]) -> Value {
    let r = run(args);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

/// Scores an answers document (JSON) and returns the scorecard.
fn rescore(dir: &std::path::Path, name: &str, answers: &Value) -> Value {
    let path = write(dir, name, &answers.to_string());
    json_of(&["score", &path.display().to_string(), "--format", "json"])
}

/// CSV rows as maps from column to cell.
fn csv_rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r
        .headers()
        .map(|h| h.iter().map(str::to_string).collect())
        .unwrap_or_default();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap_or_else(|e| panic!("{e}"));
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

#[test]
fn not_applicable_and_targets_come_back_from_the_json_and_csv_reports() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let card = json_of(&["score", Q2, "--format", "json"]);
    assert_eq!(card["total"]["out_of_scope"], 2.0);
    assert_eq!(
        card["band_reading"],
        json!({"score": 12.86, "max": 30.0, "source_bands": true})
    );

    // From the JSON scorecard: answers, reasons and targets as they were given.
    let mut answers = serde_json::Map::new();
    let mut not_applicable = serde_json::Map::new();
    for q in card["questions"].as_array().into_iter().flatten() {
        match q["status"].as_str() {
            Some("not_applicable") => {
                not_applicable.insert(
                    q["id"].as_str().unwrap_or("").into(),
                    q["not_applicable"].clone(),
                );
            }
            Some("answered" | "unknown") => {
                answers.insert(q["id"].as_str().unwrap_or("").into(), q["answer"].clone());
            }
            _ => {}
        }
    }
    let mut targets = serde_json::Map::new();
    for s in card["sections"].as_array().into_iter().flatten() {
        let t = &s["target"];
        if !t.is_null() {
            let value = if t["level"].is_string() {
                t["level"].clone()
            } else {
                t["percent"].clone()
            };
            targets.insert(s["id"].as_str().unwrap_or("").into(), value);
        }
    }
    let rebuilt = json!({
        "framework": "cx63",
        "respondent": card["respondent"],
        "answers": answers,
        "not_applicable": not_applicable,
        "targets": targets,
    });
    assert_eq!(rescore(dir.path(), "from-json.json", &rebuilt), card);

    // From the CSV reports: the answer id ("na" when out of scope) and its
    // reason per question, the target per section.
    let questions = run(&["score", Q2, "--format", "csv"]);
    let summary = run(&["score", Q2, "--format", "csv-summary"]);
    let mut answers = serde_json::Map::new();
    let mut not_applicable = serde_json::Map::new();
    for row in csv_rows(&questions.stdout) {
        let id = row["question_id"].clone();
        match (row["status"].as_str(), row["answer_id"].as_str()) {
            ("not_applicable", "na") => {
                not_applicable.insert(id, json!(row["not_applicable_reason"]));
            }
            ("answered" | "unknown", a) => {
                answers.insert(id, json!(a));
            }
            _ => {}
        }
    }
    let mut targets = serde_json::Map::new();
    for row in csv_rows(&summary.stdout) {
        if row["scope"] == "section" && !row["target_percent"].is_empty() {
            let value = match row["target_level"].as_str() {
                "" => json!(row["target_percent"].parse::<f64>().unwrap_or(-1.0)),
                lane => json!(lane),
            };
            targets.insert(row["section_id"].clone(), value);
        }
        if row["scope"] == "total" {
            assert_eq!(
                (row["band_read_at"].as_str(), row["band_read_of"].as_str()),
                ("12.86", "30")
            );
            assert_eq!(
                (row["not_applicable"].as_str(), row["out_of_scope"].as_str()),
                ("2", "2")
            );
        }
    }
    let rebuilt = json!({
        "framework": "cx63",
        "respondent": card["respondent"],
        "answers": answers,
        "not_applicable": not_applicable,
        "targets": targets,
    });
    assert_eq!(rescore(dir.path(), "from-csv.json", &rebuilt), card);
}

#[test]
fn markdown_html_and_the_terminal_show_what_is_out_of_scope_and_the_targets() {
    let md = run(&["score", Q2, "--format", "markdown"]).stdout;
    for want in [
        "**Score: 12/28 (42.9%)** · 2 points out of scope (2 questions not applicable)",
        "*Band read at 12.86 of 30 points: the score rescaled to the 30 points the source's bands are defined on (12 × 30 ÷ 28), as 2 points are out of scope.*",
        "| Customer Onboarding Best Practices | 2/5 | `████░░░░░░` 40% | 1 | 0 | 0 | 80% · 40 to go |",
        "## Not applicable",
        "(`feedback.lead-handoff`, 1 point): Product-led: customers sign up themselves, no sales team takes leads",
        "Next steps, largest gap to target first, then the source's priorities (Customer Onboarding Best Practices, Proactive Intervention, Reactive Support), then the weakest section, then the step that gains the most",
        "| Are there incentives or strategies in place to encourage multi-year renewals or expansion at renewal time? | *not applicable*: Monthly plans only: there are no multi-year contracts | out of scope (1) |",
    ] {
        assert!(md.contains(want), "markdown lacks {want:?}:\n{md}");
    }
    let html = run(&["score", Q2, "--format", "html"]).stdout;
    for want in [
        "<p class=\"meta scope\">2 points out of scope (2 questions not applicable)</p>",
        "<span class=\"reading\">Band read at 12.86 of 30 points",
        "<h2>Not applicable</h2>",
        "<bdi>Monthly plans only: there are no multi-year contracts</bdi>",
        "<td class=\"target\">75% · 50 to go</td>",
    ] {
        assert!(html.contains(want), "html lacks {want:?}");
    }
    let table = run(&["score", Q2]).stdout;
    assert!(
        table.contains("Score: 12/28 (42.9%); 2 points out of scope (2 questions not applicable)")
    );
    assert!(table.contains(
        "Targets: 0 of 3 met; missed: Customer Onboarding Best Practices (40% now, target 80%: 40"
    ));
}

#[test]
fn min_percent_targets_gates_on_every_section_target() {
    let r = run(&["score", Q2, "--format", "json", "--min-percent", "targets"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "3 of 3 section targets missed: Customer Onboarding Best Practices 40% (target 80%), Proactive Intervention 40% (target 60%), Renewal Best Practices 25% (target 75%)\n"
    );
    assert_eq!(run(&["score", Q4, "--min-percent", "targets"]).code, 0);
    let r = run(&["score", "examples/cx63.toml", "--min-percent", "targets"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: --min-percent targets: examples/cx63.toml sets no targets; add a [targets] table to it, or pass --targets FILE\n"
    );
    // A team's shared targets replace the answers' own.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let shared = write(
        dir.path(),
        "team-targets.toml",
        "framework = \"cx63\"\n[targets]\nsupport = 60\n",
    );
    let shared = shared.display().to_string();
    let card = json_of(&["score", Q2, "--targets", &shared, "--format", "json"]);
    assert_eq!(
        card["targets"],
        json!({"set": 1, "met": 1, "missed": [], "out_of_scope": 0})
    );
    assert_eq!(
        run(&[
            "score",
            Q2,
            "--targets",
            &shared,
            "--min-percent",
            "targets"
        ])
        .code,
        0
    );
}

#[test]
fn a_plan_reads_back_the_same_from_toml_and_json_and_its_csv_holds_every_step() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = |n: &str| dir.path().join(n).display().to_string();
    for name in ["plan.toml", "plan.json", "plan.csv", "plan.md"] {
        let r = run(&[
            "plan",
            Q2,
            "--steps",
            "4",
            "--owner",
            "Dana",
            "--due",
            "2027-Q1",
            "-o",
            &path(name),
        ]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
    }
    let via_toml = json_of(&[
        "compare",
        Q2,
        Q3,
        "--plan",
        &path("plan.toml"),
        "--format",
        "json",
    ]);
    let via_json = json_of(&[
        "compare",
        Q2,
        Q3,
        "--plan",
        &path("plan.json"),
        "--format",
        "json",
    ]);
    assert_eq!(via_toml["plan"], via_json["plan"]);
    let plan: Value =
        serde_json::from_str(&std::fs::read_to_string(path("plan.json")).unwrap_or_default())
            .unwrap_or_default();
    let rows = csv_rows(&std::fs::read_to_string(path("plan.csv")).unwrap_or_default());
    let steps = plan["steps"].as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len(), 4);
    for (row, step) in rows.iter().zip(&steps) {
        assert_eq!(row["question_id"], step["question"].as_str().unwrap_or(""));
        assert_eq!(row["owner"], "Dana");
        assert_eq!(row["due"], "2027-Q1");
        assert_eq!(row["points"].parse::<f64>().ok(), step["points"].as_f64());
        assert_eq!(row["from"], step["from"].as_str().unwrap_or(""));
    }
    let md = std::fs::read_to_string(path("plan.md")).unwrap_or_default();
    assert!(md.contains("Planned: 4 points over 4 steps."), "{md}");
    for step in &steps {
        assert!(
            md.contains(step["question"].as_str().unwrap_or("?")),
            "{md}"
        );
    }
    // The shared overwrite rule.
    let r = run(&["plan", Q2, "-o", &path("plan.toml")]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("already exists; not overwriting it (use --force to replace it)")
    );
}

#[test]
fn compare_and_trend_track_the_example_plan_over_two_quarters() {
    // Computed by hand from the example files: six steps of one point each.
    let c = json_of(&["compare", Q2, Q3, "--plan", PLAN, "--format", "json"]);
    let p = &c["plan"];
    assert_eq!(
        (
            &p["done"],
            &p["in_scope"],
            &p["planned"],
            &p["gained"],
            &p["completion"],
            &p["overdue"]
        ),
        (
            &json!(4),
            &json!(6),
            &json!(6.0),
            &json!(4.0),
            &json!(66.7),
            &json!(0)
        )
    );
    let status: Vec<&str> = p["steps"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["status"].as_str())
        .collect();
    assert_eq!(
        status,
        ["done", "done", "not_started", "done", "done", "not_started"]
    );

    let t = json_of(&["trend", Q2, Q3, Q4, "--plan", PLAN, "--format", "json"]);
    let p = &t["plan"];
    assert_eq!(
        (&p["done"], &p["completion"], &p["overdue"]),
        (&json!(5), &json!(83.3), &json!(1))
    );
    let last = &p["steps"][5];
    assert_eq!(
        (
            &last["question"],
            &last["status"],
            &last["overdue"],
            &last["due"]
        ),
        (
            &json!("onboarding.engagement-tracking"),
            &json!("not_started"),
            &json!(true),
            &json!("2026-Q3")
        )
    );
    assert_eq!(p["steps"][0]["done_at"], "2026-09-30");
    assert_eq!(p["steps"][2]["done_at"], "2026-11-27");
    let completion: Vec<&Value> = p["history"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| &m["completion"])
        .collect();
    assert_eq!(completion, [&json!(0.0), &json!(66.7), &json!(83.3)]);
    let csv = run(&["trend", Q2, Q3, Q4, "--plan", PLAN, "--format", "csv"]).stdout;
    assert!(
        csv.contains("3,2026-11-27,examples/quarters/cx63-2026-q4.toml,plan,5,83.3,\r\n"),
        "{csv}"
    );
    let md = run(&["trend", Q2, Q3, Q4, "--plan", PLAN, "--format", "markdown"]).stdout;
    assert!(
        md.contains("**5 of 6 steps done; 5 of 6 points gained (83.3% complete); 1 overdue**"),
        "{md}"
    );
}

#[test]
fn plans_of_another_framework_or_with_a_bad_quarter_are_refused_with_their_place() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(common::root().join(PLAN)).unwrap_or_default();
    let other = write(
        dir.path(),
        "other.toml",
        &text.replace("framework = \"cx63\"", "framework = \"cspi\""),
    );
    let r = run(&["compare", Q2, Q3, "--plan", &other.display().to_string()]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: {} is a plan for `cspi`, but the answers are for `cx63`\n",
            other.display()
        )
    );
    let bad = write(
        dir.path(),
        "bad.toml",
        &text.replacen("due = \"2026-Q3\"", "due = \"next quarter\"", 1),
    );
    let r = run(&["trend", Q2, Q3, "--plan", &bad.display().to_string()]);
    assert_eq!(r.code, 2);
    let line = text
        .lines()
        .position(|l| l == "due = \"2026-Q3\"")
        .map_or(0, |i| i + 1);
    assert!(
        r.stderr.starts_with(&format!(
            "error: {}:{line}:7: expected a quarter such as \"2027-Q1\" (year, dash, Q1 to Q4), found \"next quarter\"",
            bad.display()
        )),
        "{}",
        r.stderr
    );
    let r = run(&["plan", Q2, "--due", "Q1"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("expected a quarter such as 2027-Q1, found \"Q1\""),
        "{}",
        r.stderr
    );
}

/// Runs at a fixed width, so the terminal snapshots do not depend on the machine.
fn fixed(args: &[&str]) -> String {
    let r = common::run_with(common::cmd().env("COLUMNS", "100").args(args));
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    r.stdout
}

#[test]
fn score_with_scope_and_targets_in_every_text_format() {
    insta::assert_snapshot!("score_q3_table", fixed(&["score", Q2]));
    insta::assert_snapshot!(
        "score_q3_markdown",
        fixed(&["score", Q2, "--format", "markdown"])
    );
    insta::assert_snapshot!(
        "score_q3_csv_summary",
        fixed(&["score", Q2, "--format", "csv-summary"])
    );
}

#[test]
fn plan_in_every_format() {
    for format in ["toml", "markdown", "csv"] {
        insta::assert_snapshot!(
            format!("plan_q3_{format}"),
            fixed(&["plan", Q2, "--steps", "4", "--format", format])
        );
    }
}

#[test]
fn compare_and_trend_with_the_plan_in_every_text_format() {
    let compare = |format: &str| fixed(&["compare", Q2, Q3, "--plan", PLAN, "--format", format]);
    insta::assert_snapshot!("compare_plan_table", compare("table"));
    insta::assert_snapshot!("compare_plan_markdown", compare("markdown"));
    let trend = |format: &str| {
        let r = common::run_with(
            common::cmd()
                .env("COLUMNS", "100")
                .env("SOURCE_DATE_EPOCH", common::AFTER_THE_FIXTURES)
                .args(["trend", Q2, Q3, Q4, "--plan", PLAN, "--format", format]),
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    };
    insta::assert_snapshot!("trend_plan_table", trend("table"));
    insta::assert_snapshot!("trend_plan_markdown", trend("markdown"));
    let html = trend("html");
    for want in [
        "<h2>Plan</h2>",
        "<strong>5 of 6 steps done; 5 of 6 points gained (83.3% complete); 1 overdue</strong>",
        "<td class=\"plan-late\">not started, overdue</td>",
        "<td class=\"plan-done\">done (2026-09-30)</td>",
    ] {
        assert!(html.contains(want), "trend html lacks {want:?}");
    }
}

#[test]
fn team_and_benchmark_count_not_applicable_as_out_of_scope() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(common::root().join(Q2)).unwrap_or_default();
    let text = text.replace("#:schema ../../schemas", "#:schema ../schemas");
    // Two respondents say the lead handoff does not apply; a third answers it Yes.
    write(
        dir.path(),
        "a.toml",
        &text.replace("Sam Rivera (fictional)", "A"),
    );
    write(
        dir.path(),
        "b.toml",
        &text.replace("Sam Rivera (fictional)", "B"),
    );
    let third = text
        .replace("Sam Rivera (fictional)", "C")
        .replace(
            "\"feedback.lead-handoff\" = \"Product-led: customers sign up themselves, no sales team takes leads\"\n",
            "",
        )
        .replace("[answers]\n", "[answers]\n\"feedback.lead-handoff\" = \"yes\"\n");
    write(dir.path(), "c.toml", &third);
    let d = dir.path().display().to_string();
    let team = json_of(&["team", &d, "--format", "json"]);
    let q = team["questions"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|q| q["id"] == "feedback.lead-handoff")
        .cloned()
        .unwrap_or_default();
    // In scope for one respondent only: asked 1, the mean and the agreement over that one.
    assert_eq!(
        (&q["asked"], &q["not_applicable"], &q["mean_points"]),
        (&json!(1), &json!(2), &json!(1.0))
    );
    assert_eq!(q["distribution"]["not_applicable"], 2);
    assert_eq!(q["typical"], "Not applicable", "most it reached said so");
    // The typical answers leave it out of scope: 12 of 28 points, not of 29.
    assert_eq!(
        (&team["typical"]["score"], &team["typical"]["max"]),
        (&json!(12.0), &json!(28.0))
    );
    for format in ["table", "markdown", "csv", "html"] {
        assert_eq!(
            run(&["team", &d, "--format", format]).code,
            0,
            "team {format}"
        );
    }
    let peers = json_of(&[
        "benchmark",
        Q4,
        "--cohort",
        &d,
        "--min-cohort",
        "2",
        "--where",
        "feedback.lead-handoff=na",
        "--format",
        "json",
    ]);
    assert_eq!(peers["cohort"]["size"], 2);
}
