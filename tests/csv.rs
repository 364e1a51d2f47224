//! The CSV reports load as tidy tables: Python's csv module reads them with
//! the documented columns, rows stack across respondents, and no cell runs as
//! a spreadsheet formula.

mod common;

use std::process::Command;

use common::{run, write};

const IDENTITY: [&str; 6] = [
    "respondent_name",
    "respondent_role",
    "respondent_organization",
    "assessed_on",
    "framework_id",
    "framework_version",
];

/// Reads CSV files with Python's csv module (`utf-8-sig` drops a BOM) and
/// returns every file's rows, each a map from column to cell, as JSON.
fn python_rows(paths: &[&std::path::Path]) -> serde_json::Value {
    let script = r#"
import csv, json, sys
out = []
for p in sys.argv[1:]:
    with open(p, newline="", encoding="utf-8-sig") as f:
        r = csv.DictReader(f)
        out.append({"columns": r.fieldnames, "rows": list(r)})
print(json.dumps(out))
"#;
    let mut c = Command::new("python3");
    c.arg("-c").arg(script);
    for p in paths {
        c.arg(p);
    }
    let out = c
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"))
}

fn columns(extra: &[&str]) -> serde_json::Value {
    serde_json::json!(IDENTITY.iter().chain(extra).collect::<Vec<_>>())
}

#[test]
fn question_rows_load_with_the_documented_columns_and_stack_across_respondents() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let ada = dir.path().join("ada.csv");
    let r = run(&[
        "score",
        "examples/cx63.toml",
        "-o",
        &ada.display().to_string(),
        "--bom",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bytes = std::fs::read(&ada).unwrap_or_default();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFrespondent_name,"));
    let other = write(
        dir.path(),
        "grace.toml",
        "framework = \"cx63\"\n[respondent]\nname = \"=HYPERLINK(\\\"http://x\\\")\"\norganization = \"Navy, Inc.\"\ndate = \"2026-10-01\"\n[answers]\n\"onboarding.handoff\" = \"no\"\n",
    );
    let grace = dir.path().join("grace.csv");
    let r = run(&[
        "score",
        &other.display().to_string(),
        "-o",
        &grace.display().to_string(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let files = python_rows(&[&ada, &grace]);
    let expected = columns(&[
        "section_id",
        "section_title",
        "question_id",
        "question_text",
        "answer_id",
        "answer_label",
        "points",
        "max",
        "status",
        "scored",
        "not_applicable_reason",
        "out_of_scope",
    ]);
    for f in files.as_array().into_iter().flatten() {
        assert_eq!(f["columns"], expected);
        assert_eq!(
            f["rows"].as_array().map(Vec::len),
            Some(33),
            "one row per CX63 question"
        );
    }
    let first = &files[0]["rows"][0];
    assert_eq!(first["respondent_name"], "Ada Lovelace");
    assert_eq!(first["respondent_organization"], "Analytical Engines Ltd");
    assert_eq!(first["assessed_on"], "2026-11-23");
    assert_eq!(first["framework_id"], "cx63");
    assert_eq!(first["framework_version"], "1.0.0");
    assert_eq!(first["section_id"], "onboarding");
    assert_eq!(first["section_title"], "Customer Onboarding Best Practices");
    assert_eq!(first["question_id"], "onboarding.handoff");
    assert_eq!(first["answer_id"], "yes");
    assert_eq!(first["answer_label"], "Yes");
    assert_eq!(
        (first["points"].as_str(), first["max"].as_str()),
        (Some("1"), Some("1"))
    );
    assert_eq!(first["status"], "answered");
    assert_eq!(first["scored"], "true");
    let g = &files[1]["rows"];
    assert_eq!(
        g[0]["respondent_name"], "'=HYPERLINK(\"http://x\")",
        "formula neutralised"
    );
    assert_eq!(g[0]["respondent_organization"], "Navy, Inc.");
    assert_eq!(
        (g[0]["answer_id"].as_str(), g[0]["points"].as_str()),
        (Some("no"), Some("0"))
    );
    assert_eq!(
        (g[1]["status"].as_str(), g[1]["answer_id"].as_str()),
        (Some("unanswered"), Some(""))
    );
}

#[test]
fn the_summary_has_a_row_per_section_and_one_for_the_total() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("summary.csv");
    let r = run(&[
        "score",
        "examples/cx63.toml",
        "--format",
        "csv-summary",
        "-o",
        &path.display().to_string(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let files = python_rows(&[&path]);
    assert_eq!(
        files[0]["columns"],
        columns(&[
            "scope",
            "section_id",
            "section_title",
            "points",
            "max",
            "percent",
            "band",
            "band_text",
            "unknown",
            "unanswered",
            "not_applicable",
            "out_of_scope",
            "target_percent",
            "target_level",
            "target_gap",
            "target_status",
            "band_read_at",
            "band_read_of",
            "possible_points",
            "provisional",
            "band_uncapped",
        ])
    );
    let rows = files[0]["rows"].as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len(), 7, "six CX63 sections and the total");
    assert_eq!(rows[0]["scope"], "section");
    assert_eq!(rows[0]["section_id"], "onboarding");
    assert_eq!(
        (rows[0]["points"].as_str(), rows[0]["max"].as_str()),
        (Some("4"), Some("5"))
    );
    assert_eq!(rows[0]["percent"], "80");
    let total = &rows[6];
    assert_eq!(total["scope"], "total");
    assert_eq!(
        (total["points"].as_str(), total["max"].as_str()),
        (Some("16"), Some("30"))
    );
    assert_eq!(total["percent"], "53.3");
    assert_eq!(total["band"], "14–22 points");
    // The one question left empty is an open question, not scored: no gap.
    assert_eq!(
        (total["unknown"].as_str(), total["unanswered"].as_str()),
        (Some("2"), Some("0"))
    );
}

#[test]
fn bom_is_for_csv_only() {
    let r = run(&["score", "examples/cx63.toml", "--format", "json", "--bom"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: --bom applies to CSV only (--format csv or csv-summary)\n"
    );
}
