//! `metrics`: the real binary on small files whose metrics are worked by hand
//! (tests/fixtures/metrics/), the same data as a real export writes it, every
//! format at a fixed width, and each error a user can meet.

mod common;

use common::{Run, cmd, fixture, run_with};

fn m(name: &str) -> String {
    fixture(&format!("metrics/{name}"))
}

/// Runs `metrics` with these arguments at a fixed width.
fn metrics(args: &[&str]) -> Run {
    run_with(cmd().env("COLUMNS", "100").arg("metrics").args(args))
}

fn all_inputs() -> Vec<String> {
    vec![
        "--ledger".into(),
        m("ledger.csv"),
        "--surveys".into(),
        m("surveys.csv"),
        "--milestones".into(),
        m("milestones.csv"),
        "--costs".into(),
        m("costs.csv"),
    ]
}

/// Runs `metrics` on every fixture input and the Certinia answers, with `extra`.
fn everything(extra: &[&str]) -> Run {
    let inputs = all_inputs();
    let answers = m("certinia-answers.toml");
    let mut args: Vec<&str> = inputs.iter().map(String::as_str).collect();
    args.extend(["--answers", answers.as_str()]);
    args.extend(extra);
    metrics(&args)
}

fn json(args: &[&str]) -> serde_json::Value {
    let r = metrics(&[args, &["--format", "json"]].concat());
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

fn value(doc: &serde_json::Value, id: &str) -> f64 {
    doc["metrics"]
        .as_array()
        .and_then(|ms| ms.iter().find(|m| m["id"] == id))
        .and_then(|m| m["value"].as_f64())
        .unwrap_or_else(|| panic!("no value for {id}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// The fixture, by hand. Opening ARR (end of June) 1,000: a 500, b 300,
/// c 200. End of September: a 600, b 200, c gone, d new (900), e back (100)
/// after leaving before the period.
#[test]
fn every_metric_of_the_small_fixture_as_worked_by_hand() {
    let inputs = all_inputs();
    let args: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let doc = json(&args);
    assert_eq!(doc["period"]["label"], "2026-Q3");
    assert_eq!(doc["period"]["chosen"], "default");
    // NRR (600 + 200 + 0) / 1,000; GRR (500 + 200 + 0) / 1,000.
    assert!(close(value(&doc, "nrr"), 80.0));
    assert!(close(value(&doc, "grr"), 70.0));
    // 1 of 3 lost; d joined, e came back: neither counts.
    assert!(close(value(&doc, "logo_churn"), 100.0 / 3.0));
    assert!(close(value(&doc, "logo_retention"), 200.0 / 3.0));
    // Latest answers: x 10, y 9, z 6, w 8 → (2 − 1) / 4.
    assert!(close(value(&doc, "nps"), 25.0));
    // Ratings in Q3: bad, good, 5, 2 → 2 of 4.
    assert!(close(value(&doc, "csat"), 50.0));
    // 10, 20, 40 days; two still waiting (censored): S = 4/5, 3/5, 2/5 → 40.
    assert!(close(value(&doc, "time_to_value"), 40.0));
    // 150 of costs over (3 + 3 + 4) / 3 accounts; over (1,050 + 950 + 1,800) / 12.
    assert!(close(value(&doc, "cost_to_serve_per_account"), 45.0));
    assert!(close(
        value(&doc, "cost_to_serve_per_arr_dollar"),
        150.0 / (3800.0 / 12.0)
    ));
    // ARPA 3,800 / 10; LTV (380 − 45 × 4) / (1 − (2/3)⁴).
    assert!(close(value(&doc, "arpa"), 380.0));
    assert!(close(value(&doc, "ltv"), 200.0 / (65.0 / 81.0)));
    // a holds core and analytics: 1 of the 4 accounts with ARR in September.
    assert!(close(value(&doc, "attachment_rate"), 25.0));
    let w = &doc["waterfall"];
    assert_eq!(
        [
            w["opening"].clone(),
            w["new"]["arr"].clone(),
            w["expansion"]["arr"].clone()
        ],
        [1000.0, 900.0, 100.0]
    );
    assert_eq!(
        [
            w["reactivation"]["arr"].clone(),
            w["contraction"]["arr"].clone(),
            w["churn"]["arr"].clone(),
            w["closing"].clone()
        ],
        [100.0, 100.0, 200.0, 1800.0]
    );
    let ent = &doc["segments"][0];
    assert_eq!(ent["segment"], "ent");
    // ent's share of the shared 120: 4 of 10 account-months; over 4/3 accounts.
    let cts = ent["metrics"]
        .as_array()
        .and_then(|ms| ms.iter().find(|m| m["id"] == "cost_to_serve_per_account"))
        .and_then(|m| m["value"].as_f64());
    assert!(cts.is_some_and(|v| close(v, 36.0)), "{cts:?}");
    assert_eq!(
        doc["notes"][0],
        "1 onboarding in tests/fixtures/metrics/milestones.csv names an account not in the ledger: it counts for all accounts, in no segment"
    );
}

#[test]
fn counting_reactivation_counts_the_account_won_back() {
    let doc = json(&["--ledger", &m("ledger.csv"), "--count-reactivation"]);
    assert_eq!(doc["count_reactivation"], true);
    // e's 100 won back: (800 + 100) / 1,000.
    assert!(close(value(&doc, "nrr"), 90.0));
    assert!(close(value(&doc, "grr"), 70.0));
}

#[test]
fn a_real_export_gives_the_same_metrics_as_a_clean_file() {
    // BOM, CRLF, `;`, "Account ID", dates for months, a decimal comma,
    // padded cells, a blank ARR and a row of blanks; Yes/No and timestamps.
    let clean = json(&["--ledger", &m("ledger.csv"), "--surveys", &m("surveys.csv")]);
    let r = metrics(&[
        "--ledger",
        &m("ledger-export.csv"),
        "--surveys",
        &m("surveys-export.csv"),
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "warning: tests/fixtures/metrics/ledger-export.csv: 1 row with an empty ARR read as 0\n"
    );
    let export: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_default();
    for key in ["metrics", "waterfall", "segments", "movements", "products"] {
        assert_eq!(export[key], clean[key], "{key}");
    }
    let given = json(&[
        "--ledger",
        &m("ledger-export.csv"),
        "--delimiter",
        ";",
        "--period",
        "2026-Q3",
    ]);
    assert!(close(value(&given, "nrr"), 80.0));
    assert_eq!(given["period"]["chosen"], "given");
}

#[test]
fn the_answers_the_data_contradicts_are_marked() {
    let r = everything(&["--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_default();
    let answers = m("certinia-answers.toml");
    let a = &doc["answers"];
    assert_eq!(a["framework"], "certinia");
    assert_eq!(a["contradicted"], 3);
    let verdicts: Vec<(String, String)> = a["questions"]
        .as_array()
        .map(|qs| {
            qs.iter()
                .map(|q| {
                    (
                        q["question"].as_str().unwrap_or("").into(),
                        q["verdict"].as_str().unwrap_or("").into(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let want = [
        ("metrics.nrr", "contradicted"),
        ("metrics.nps", "answerable"),
        ("metrics.chs", "not_judged"),
        ("metrics.clv", "agrees"),
        ("metrics.retention", "contradicted"),
        ("metrics.attachment", "agrees"),
        ("metrics.csat", "agrees"),
        ("metrics.ttv", "contradicted"),
        ("metrics.cts", "agrees"),
    ];
    assert_eq!(verdicts, want.map(|(q, v)| (q.to_string(), v.to_string())));
    assert_eq!(
        a["questions"][0]["why"],
        "contradicted: you answered No, and these files produce it (80%)"
    );
    // The reverse: "yes" to attachment while the ledger has no product column.
    let doc = json(&[
        "--ledger",
        &m("ledger-no-products.csv"),
        "--answers",
        &answers,
    ]);
    let q = &doc["answers"]["questions"][5];
    assert_eq!(q["question"], "metrics.attachment");
    assert_eq!(q["verdict"], "contradicted");
    assert_eq!(
        q["why"],
        "contradicted: you answered Yes, but the files given cannot produce it: tests/fixtures/metrics/ledger-no-products.csv has no product column, so it does not say who holds what"
    );
    // Without costs, a lifetime value is revenue only: not Certinia's CLV.
    assert_eq!(doc["answers"]["questions"][3]["verdict"], "not_shown");
}

#[test]
fn the_table_report() {
    let r = everything(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn the_json_report() {
    let r = everything(&["--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn the_csv_reports() {
    let inputs = all_inputs();
    let args: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let r = metrics(&[&args[..], &["--format", "csv"]].concat());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with(
        "period,scope,segment,metric,name,status,value,unit,interval_low,interval_high,n,small_sample,basis\r\n2026-Q3,all,,nrr,Net revenue retention (NRR),computed,80,percent,,,3,yes,"
    ));
    insta::assert_snapshot!("csv", r.stdout);
    let r = metrics(&[&args[..], &["--format", "movements"]].concat());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "account,segment,month,movement,from_arr,to_arr,change\r\n\
         a,smb,2026-07,expansion,500,550,50\r\n\
         c,ent,2026-08,churn,200,0,-200\r\n\
         e,ent,2026-08,reactivation,0,100,100\r\n\
         d,ent,2026-09,new,0,900,900\r\n\
         a,smb,2026-09,expansion,550,600,50\r\n\
         b,smb,2026-09,contraction,300,200,-100\r\n"
    );
}

#[test]
fn the_html_report_is_self_contained_with_the_waterfall_chart() {
    let r = everything(&["--format", "html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = &r.stdout;
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("aria-label=\"ARR waterfall for 2026-Q3: opening 1,000, new +900,"));
    assert!(html.contains(
        "<h2>Answers in <bdi>tests&#x2f;fixtures&#x2f;metrics&#x2f;certinia-answers.toml</bdi></h2>"
    ));
    common::assert_self_contained(html);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn text_from_the_files_is_escaped_in_every_format() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let ledger = common::write(
        dir.path(),
        "l.csv",
        "account,month,arr,segment\n<b>x</b>,2026-06,100,=cmd|' /C calc'!A0\n<b>x</b>,2026-07,50,=cmd|' /C calc'!A0\n\u{202e}evil,2026-06,10,s\n",
    );
    let path = ledger.display().to_string();
    let html = metrics(&["--ledger", &path, "--period", "2026-07", "--format", "html"]);
    assert_eq!(html.code, 0, "{}", html.stderr);
    assert!(!html.stdout.contains("<b>x</b>"));
    assert!(html.stdout.contains("<bdi>&lt;b&gt;x&lt;&#x2f;b&gt;</bdi>"));
    assert!(
        html.stdout
            .contains("<td><bdi>\u{202e}evil</bdi></td><td>churn</td>")
    );
    let csv = metrics(&["--ledger", &path, "--period", "2026-07", "--format", "csv"]);
    assert!(
        csv.stdout
            .contains("\r\n2026-07,segment,'=cmd|' /C calc'!A0,nrr,"),
        "{}",
        csv.stdout
    );
    let moves = metrics(&[
        "--ledger",
        &path,
        "--period",
        "2026-07",
        "--format",
        "movements",
    ]);
    assert!(
        moves
            .stdout
            .contains("<b>x</b>,'=cmd|' /C calc'!A0,2026-07,contraction,100,50,-50"),
        "{}",
        moves.stdout
    );
    Ok(())
}

#[test]
fn a_metric_without_its_input_is_listed_with_why() {
    let doc = json(&["--surveys", &m("surveys.csv"), "--period", "2026-Q3"]);
    let nrr = doc["metrics"][0].clone();
    assert_eq!(nrr["status"], "missing_input");
    assert_eq!(
        nrr["why"],
        "no ledger given (--ledger FILE: account, month, arr)"
    );
    assert!(close(value(&doc, "nps"), 25.0));
    let early = json(&["--ledger", &m("ledger.csv"), "--period", "2026-Q2"]);
    assert_eq!(early["metrics"][0]["status"], "not_computable");
    assert_eq!(
        early["metrics"][0]["why"],
        "tests/fixtures/metrics/ledger.csv starts in 2026-04; 2026-Q2 needs the ARR at the end of 2026-03 (the month before it)"
    );
}

#[test]
fn bad_cells_are_located_and_exit_two() {
    let r = metrics(&["--ledger", &m("ledger-bad.csv")]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "error: tests/fixtures/metrics/ledger-bad.csv:3:3: column `month`: found `June 2026`, expected a month as YYYY-MM (or a date in it)
  |
3 | a,June 2026,100
  |   ^^^^^^^^^

tests/fixtures/metrics/ledger-bad.csv:4:1: found 4 fields, but the header has 3
  |
4 | b,2026-06,1.200,50
  | ^
  = help: quote cells that hold the delimiter (\"1,200\"), or give --delimiter

tests/fixtures/metrics/ledger-bad.csv:5:11: column `arr`: found `-20`, expected an ARR of zero or more
  |
5 | c,2026-06,-20
  |           ^^^
3 problems found
"
    );
}

#[test]
fn usage_errors_say_what_to_do_and_exit_two() {
    let ledger = m("ledger.csv");
    for (args, want) in [
        (
            vec![],
            "error: no input: give at least one of --ledger, --surveys, --milestones, --costs (`cs-scorecard metrics demo --output demo/` writes example files)\n",
        ),
        (
            vec!["--ledger", &ledger, "--period", "2026-Q5"],
            "error: --period `2026-Q5` is not a period; expected a month (2026-07), a quarter (2026-Q3) or a year (2026)\n",
        ),
        (
            vec!["--ledger", &ledger, "--delimiter", "x"],
            "error: --delimiter x: expected `,`, `;`, `|` or `tab`\n",
        ),
        (
            vec!["--ledger", "tests/fixtures/metrics/nope.csv"],
            "error: tests/fixtures/metrics/nope.csv: no such file\n",
        ),
        (
            vec!["--ledger", "tests/fixtures/metrics"],
            "error: tests/fixtures/metrics: is a directory; expected a CSV file\n",
        ),
        (
            vec!["--ledger", &ledger, "--answers", "examples/cx63.toml"],
            "error: examples/cx63.toml: framework `cx63` has no key-metric questions (metrics.nrr, metrics.nps, …); --answers expects answers to the Certinia framework\n",
        ),
        (
            vec![
                "--ledger", &ledger, "--format", "json", "--output", "m.html",
            ],
            "error: --format json contradicts the extension of m.html (a .html file is html); drop --format, or name the file to match\n",
        ),
        (
            vec!["--ledger", &ledger, "--output", &ledger, "--force"],
            "error: tests/fixtures/metrics/ledger.csv: is also an input of this command (tests/fixtures/metrics/ledger.csv); writing the output there would replace it\n  = help: choose another --output file\n",
        ),
        (
            vec!["--ledger", &ledger, "--output", "LICENSE"],
            "error: LICENSE already exists; not overwriting it (use --force to replace it)\n",
        ),
        (
            vec!["--ledger", &ledger, "--output", "metrics.xlsx"],
            "error: metrics.xlsx: unknown extension `.xlsx` for this output; expected .txt (table), .json, .csv or .html/.htm\n  = help: rename the file, or choose the format with --format (table, json, csv, movements, html)\n",
        ),
    ] {
        let r = metrics(&args);
        assert_eq!((r.code, r.stderr.as_str()), (2, want), "{args:?}");
    }
}

#[test]
fn a_missing_column_names_the_header() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let p = common::write(dir.path(), "s.csv", "account,when,score\na,2026-07-01,9\n");
    let r = metrics(&["--surveys", &p.display().to_string()]);
    assert_eq!(r.code, 2);
    let shown = p.display().to_string();
    assert_eq!(
        r.stderr,
        format!(
            "error: {shown}:1:1: no column for the response date (YYYY-MM-DD); expected a column named `date` or `response_date` or `responded_at` or `submitted_at` or `created_at`\n  |\n1 | account,when,score\n  | ^\n  = help: the header has: account, when, score\n"
        )
    );
    Ok(())
}

#[test]
fn the_demo_is_deterministic_and_refuses_to_overwrite() -> std::io::Result<()> {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("demo");
    let shown = out.display().to_string();
    let demo = |more: &[&str]| {
        let args = [
            "demo",
            "--accounts",
            "200",
            "--seed",
            "3",
            "--output",
            &shown,
        ];
        metrics(&[&args[..], more].concat())
    };
    let r = demo(&[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Wrapped at the width where the temporary path puts it: compared as words.
    assert_eq!(
        r.stderr.split_whitespace().collect::<Vec<_>>().join(" ") + "\n",
        format!(
            "wrote {shown}/ (200 synthetic accounts: ledger.csv, surveys.csv, milestones.csv, costs.csv, README.txt)\n"
        )
    );
    let first = std::fs::read_to_string(out.join("ledger.csv"))?;
    let again = demo(&[]);
    assert_eq!(again.code, 2);
    assert_eq!(
        again.stderr,
        format!(
            "error: {shown}/ledger.csv already exists; not overwriting it (use --force to replace it)\n"
        )
    );
    let forced = demo(&["--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_eq!(std::fs::read_to_string(out.join("ledger.csv"))?, first);
    assert!(std::fs::read_to_string(out.join("README.txt"))?.starts_with("SYNTHETIC DATA"));
    let file = |n: &str| out.join(n).display().to_string();
    let r = metrics(&[
        "--ledger",
        &file("ledger.csv"),
        "--surveys",
        &file("surveys.csv"),
        "--milestones",
        &file("milestones.csv"),
        "--costs",
        &file("costs.csv"),
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_default();
    let statuses: Vec<&str> = doc["metrics"]
        .as_array()
        .map(|ms| ms.iter().filter_map(|m| m["status"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(statuses, ["computed"; 12]);
    Ok(())
}
