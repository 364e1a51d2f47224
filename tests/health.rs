//! `health`: the real binary on small files whose scores are worked by hand.

mod common;

use common::{fixture, run};

fn small() -> String {
    fixture("health/model-small.toml")
}

#[test]
fn score_csv_gives_each_account_its_score_tier_coverage_and_drivers() {
    let r = run(&[
        "health",
        "score",
        &small(),
        &fixture("health/accounts-small.csv"),
        "--format",
        "csv",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "account,segment,plan,arr,score,tier,tier_name,sla,play,coverage,driver_1,driver_1_value,driver_1_points_lost,driver_2,driver_2_value,driver_2_points_lost,driver_3,driver_3_value,driver_3_points_lost,status,data_gaps,kept_out_of,kept_out_by"
    );
    // a1: (3*80 + 100) / 4 = 85; usage loses 3*20/4 = 15.
    assert_eq!(
        lines[1],
        "a1,smb,,100,85,ok,Healthy,90 days,Scale,100,usage,80,15,,,,,,,scored,,,"
    );
    // a2: (3*40 + 0) / 4 = 30; usage loses 45, mood 25.
    assert_eq!(
        lines[2],
        "a2,smb,,200,30,risk,At Risk,2 days,Rescue,100,usage,40,45,mood,bad,25,,,,scored,,,"
    );
    // a3: usage excluded, mood neutral 50 -> 50, but no cell has data: coverage 0,
    // below the floor of 50%: no tier, no drivers (no values), both signals gaps.
    assert_eq!(
        lines[3],
        "a3,ent,,1000,50,,,,,0,,,,,,,,,,insufficient-data,usage mood,,"
    );
    // a4: (3*60 + 50) / 4 = 57.5; coverage 3/4. Its empty mood (neutral) is a
    // gap, not a driver.
    assert_eq!(
        lines[4],
        "a4,ent,,500,57.5,risk,At Risk,2 days,Rescue,75,usage,60,30,,,,,,,scored,mood,,"
    );
    assert_eq!(lines.len(), 5);
}

#[test]
fn score_json_lines_end_with_the_summary() {
    let r = run(&[
        "health",
        "score",
        &small(),
        &fixture("health/accounts-small.csv"),
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_default())
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[1]["account"], "a2");
    assert_eq!(lines[1]["score"], 30.0);
    assert_eq!(lines[1]["drivers"][1]["signal"], "mood");
    assert_eq!(lines[1]["drivers"][1]["points_lost"], 25.0);
    assert_eq!(lines[2]["status"], "insufficient-data");
    assert_eq!(lines[2]["tier"], serde_json::Value::Null);
    assert_eq!(
        lines[3]["gaps"],
        serde_json::json!([{"signal": "mood", "missing": "neutral", "points_lost": 12.5}])
    );
    let s = &lines[4]["summary"];
    assert_eq!(s["accounts"], 4);
    // At Risk: a2 and a4 (ARR 200 + 500); a3 has no tier.
    assert_eq!(s["tiers"][0]["accounts"], 2);
    assert_eq!(s["tiers"][0]["arr"], 700.0);
    assert_eq!(s["tiers"][1]["accounts"], 1);
    assert_eq!(s["mean_coverage"], 68.75);
    assert_eq!(s["coverage_floor"], 50.0);
    assert_eq!(s["insufficient_data"], 1);
    assert_eq!(s["insufficient_data_arr"], 1000.0);
    assert_eq!(s["insufficient_data_first"][0]["account"], "a3");
    assert_eq!(s["segments"][0]["segment"], "ent");
    // The mean score of ent counts a4 only: a3 has no tier.
    assert_eq!(s["segments"][0]["mean_score"], 57.5);
    assert_eq!(s["segments"][0]["insufficient_data"], 1);
}

#[test]
fn score_table_lists_tiers_segments_and_who_to_act_on_first() {
    let r = run(&[
        "health",
        "score",
        &small(),
        &fixture("health/accounts-small.csv"),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("Small (small 1) — 4 accounts, mean coverage 68.75%\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("Act first (lowest tier, then highest ARR, then lowest score):")
    );
    // At Risk with the highest ARR first: a4 (500), then a2 (200); a3, with no
    // data, is in no tier's list but in its own, after them.
    let at = |id: &str| r.stdout.find(&format!("│ {id} ")).unwrap_or(usize::MAX);
    assert!(at("a4") < at("a2"), "{}", r.stdout);
    let gaps = r
        .stdout
        .find("Insufficient data (highest ARR, then lowest coverage)")
        .unwrap_or(0);
    assert!(
        at("a2") < gaps && gaps < at("a3") && at("a3") < usize::MAX,
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("│ Insufficient data ┆        1 ┆ 25.0% ┆ 1,000 ┆ -       ┆ No tier: coverage below 50% │")
            && r.stdout.contains("Insufficient data: 1 account (ARR 1,000) has less than 50% of the model's weight in data: no tier,"),
        "{}",
        r.stdout
    );
}

#[test]
fn movement_lists_downward_moves_first_with_what_moved() {
    let r = run(&[
        "health",
        "movement",
        &small(),
        &fixture("health/accounts-small.csv"),
        &fixture("health/accounts-small-later.csv"),
        "--format",
        "csv",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    // a1: 85 -> (90 + 0) / 4 = 22.5; usage's points 60 -> 22.5 (its cell 80 -> 30),
    // mood's 25 -> 0 (good -> bad); nothing else: other points 0. Now At Risk: its SLA and play.
    assert_eq!(
        lines[1],
        "a1,smb,100,down,ok,risk,85,22.5,-62.5,usage,-37.5,mood,-25,,,tier-change,2 days,Rescue,80,30,value,good,bad,value,,,,0,,,"
    );
    // a2: 30 -> (270 + 100) / 4 = 92.5.
    assert_eq!(
        lines[2],
        "a2,smb,200,up,risk,ok,30,92.5,62.5,usage,37.5,mood,25,,,tier-change,90 days,Scale,40,90,value,bad,good,value,,,,0,,,"
    );
    // a5 is new: (3*10 + 100) / 4 = 32.5, At Risk; a4 is gone (57.5, At Risk).
    // a3 had and has no tier (insufficient data): not listed.
    assert_eq!(
        lines[3],
        "a5,ent,50,,,risk,,32.5,,,,,,,,new,2 days,Rescue,,,,,,,,,,,,,"
    );
    assert_eq!(
        lines[4],
        "a4,ent,500,,risk,,57.5,,,,,,,,,gone,,,,,,,,,,,,,,,"
    );
    assert_eq!(lines.len(), 5);
    let r = run(&[
        "health",
        "movement",
        &small(),
        &fixture("health/accounts-small.csv"),
        &fixture("health/accounts-small-later.csv"),
    ]);
    assert!(
        r.stdout.starts_with(
            "Small (small 1)\n3 accounts in both snapshots (1 new, 1 gone): 1 moved down a tier, 1 up; 0 fell 8 points or more\nwithin their tier\n"
        ),
        "{}",
        r.stdout
    );
}

fn with_csv(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = common::write(dir.path(), "acc.csv", text);
    (dir, p.display().to_string())
}

/// A row pasted many times: every copy names the first line the id was on
/// (not the copy before it), with its id, in a CRLF file too; all are counted.
#[test]
fn every_repeat_of_an_id_names_its_first_line_and_all_are_counted() {
    let mut text =
        String::from("id,seg,arr,date,usage,mood\r\na1,\"smb\r\nx\",1,2026-10-31,80,good\r\n");
    for _ in 0..12 {
        text.push_str("a1,smb,1,2026-10-31,80,good\r\n");
    }
    let (_dir, path) = with_csv(&text);
    let r = run(&["health", "score", &small(), &path, "--format", "csv"]);
    assert_eq!(r.code, 2);
    // The first row takes lines 2 and 3; the copies are on lines 4 to 15.
    for line in 4..=13 {
        assert!(
            r.stderr.contains(&format!(
                "{path}: line {line}, column 1 `id`: account `a1` appears again (first at line 2)"
            )),
            "{line}: {}",
            r.stderr
        );
    }
    assert!(!r.stderr.contains("line 14,"), "{}", r.stderr);
    assert!(
        r.stderr
            .ends_with("12 problems found; the first 10 are shown\n"),
        "{}",
        r.stderr
    );
}

#[test]
fn bad_cells_exit_2_naming_file_line_and_column() {
    let cases = [
        (
            "id,seg,arr,date,usage,mood\na1,smb,1,2026-10-31,8o,good\n",
            "line 2, column 5 `usage`: found `8o`, expected a number (or an empty cell for no data) (signal `usage`)",
        ),
        (
            "id,seg,arr,date,usage,mood\na1,smb,1,31/10/2026,80,good\n",
            "line 2, column 4 `date`: found `31/10/2026`, expected a date as YYYY-MM-DD",
        ),
        (
            "id,seg,arr,date,usage,mood\na1,smb,1,2026-10-31,80,good\nb,smb,1,2026-10-31,80,good\na1,smb,1,2026-10-31,80,good\n",
            "line 4, column 1 `id`: account `a1` appears again (first at line 2); account ids must be unique in a snapshot",
        ),
        // CRLF line ends (an Excel or CRM export): the same lines.
        (
            "id,seg,arr,date,usage,mood\r\na1,smb,1,2026-10-31,80,good\r\na2,smb,1,2026-10-31,8o,good\r\n",
            "line 3, column 5 `usage`: found `8o`, expected a number (or an empty cell for no data) (signal `usage`)",
        ),
        // Past a quoted line break, with CRLF: the line the row starts on.
        (
            "id,seg,arr,date,usage,mood\r\na1,\"smb\r\n\",1,2026-10-31,80,good\r\na2,smb,1,2026-10-31,8o,good\r\n",
            "line 4, column 5 `usage`: found `8o`, expected a number (or an empty cell for no data) (signal `usage`)",
        ),
        (
            "id,seg,arr,date,mood\na1,smb,1,2026-10-31,good\n",
            "line 1: no column `usage` (signal `usage`) in the header",
        ),
        (
            "id,seg,arr,date,usage,mood\na1,smb,1,2026-10-31,80\n",
            "line 2, column 6 `mood`: found 5 fields, expected 6 as in the header",
        ),
    ];
    for (text, want) in cases {
        let (_dir, path) = with_csv(text);
        let r = run(&["health", "score", &small(), &path, "--format", "csv"]);
        assert_eq!(r.code, 2, "{text}");
        assert!(
            r.stderr.contains(&format!("{path}: {want}")),
            "{text}\n{}",
            r.stderr
        );
    }
}

/// A category the map does not have (a new value in an export) is no data,
/// as in the SQL query: the missing-value rule applies (`mood` is neutral,
/// 50 points), it does not count towards coverage, and one warning gives the
/// count and the first cell. By hand: a1 (3 × 80 + 1 × 50) / 4 = 72.5 at
/// 75% coverage; a2 (3 × 80 + 1 × 100) / 4 = 85 at 100%.
#[test]
fn a_category_not_in_the_map_is_no_data_with_one_warning() {
    let (_dir, path) = with_csv(
        "id,seg,arr,date,usage,mood\na1,smb,1,2026-10-31,80,meh\na2,smb,1,2026-10-31,80,good\na3,smb,1,2026-10-31,80,Good\n",
    );
    let r = run(&["health", "score", &small(), &path, "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr.trim_end(),
        format!(
            "warning: {path}:2:6: 2 cells of signal `mood` are not in its map (first: `meh`), read as no data; expected one of: bad, good"
        )
    );
    let rows: Vec<Vec<&str>> = r.stdout.lines().map(|l| l.split(',').collect()).collect();
    let col = |name: &str| {
        rows[0]
            .iter()
            .position(|c| *c == name)
            .unwrap_or(usize::MAX)
    };
    let (score, coverage) = (col("score"), col("coverage"));
    assert_eq!((rows[1][score], rows[1][coverage]), ("72.5", "75"));
    assert_eq!((rows[2][score], rows[2][coverage]), ("85", "100"));
    assert_eq!((rows[3][score], rows[3][coverage]), ("72.5", "75"));
}

#[test]
fn check_validates_models_and_reports_every_problem_in_place() {
    let r = run(&["check", "models/saas-health.toml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "ok models/saas-health.toml (health model saas-health 1.1.0: 12 signals, 4 tiers, 3 examples)\n"
    );
    let bad = fixture("health/model-broken.toml");
    let r = run(&["check", &bad]);
    assert_eq!(r.code, 1);
    for want in [
        ":2:6: model id `Broken Model` must be kebab-case (a-z, 0-9, -)",
        ":14:10: weight -1 must be zero or a positive number",
        ":17:10: every point is [value, score] with a finite value and a score from 0 to 100",
        ":20:6: signal id `usage` is used twice",
        ":26:10: `within = \"segment\"` needs a segment column",
        ":31:7: the first (lowest) tier must have `min = 0` and no conditions",
        ":41:15: no signal `nope`; signals: usage, usage",
    ] {
        assert!(
            r.stdout.contains(&format!("{bad}{want}")),
            "missing {want}\n{}",
            r.stdout
        );
    }
    assert!(
        r.stderr.contains("7 problems in 1 file of 1 checked"),
        "{}",
        r.stderr
    );
}

#[test]
fn demo_is_deterministic_and_scores_cleanly() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    for d in [&a, &b] {
        let r = run(&[
            "health",
            "demo",
            "--accounts",
            "300",
            "--seed",
            "9",
            "--output",
            &d.display().to_string(),
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    for f in [
        "accounts-previous.csv",
        "accounts-current.csv",
        "outcomes.csv",
        "README.txt",
    ] {
        let x = std::fs::read(a.join(f)).unwrap_or_default();
        assert!(!x.is_empty(), "{f}");
        assert_eq!(x, std::fs::read(b.join(f)).unwrap_or_default(), "{f}");
    }
    let readme = std::fs::read_to_string(a.join("README.txt")).unwrap_or_default();
    assert!(readme.starts_with("SYNTHETIC DATA"));
    let cur = a.join("accounts-current.csv").display().to_string();
    let r = run(&["health", "score", "saas-health", &cur, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 301);
}

#[test]
fn demo_with_ledger_writes_the_metrics_inputs_for_the_same_accounts() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let health = dir.path().join("health").display().to_string();
    let metrics = dir.path().join("metrics").display().to_string();
    let r = run(&[
        "health",
        "demo",
        "--accounts",
        "200",
        "--seed",
        "4",
        "--ledger",
        "-o",
        &health,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "outcomes.csv, ledger.csv, surveys.csv, milestones.csv, costs.csv, README.txt"
        ),
        "{}",
        r.stderr
    );
    // The same files `metrics demo` writes for these accounts and seed.
    let r = run(&[
        "metrics",
        "demo",
        "--accounts",
        "200",
        "--seed",
        "4",
        "-o",
        &metrics,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for f in ["ledger.csv", "surveys.csv", "milestones.csv", "costs.csv"] {
        let a = std::fs::read(dir.path().join("health").join(f)).unwrap_or_default();
        assert!(!a.is_empty(), "{f}");
        assert_eq!(
            a,
            std::fs::read(dir.path().join("metrics").join(f)).unwrap_or_default(),
            "{f}"
        );
    }
    // One README says what every file is; the ledger's ids are the snapshots'.
    let readme = std::fs::read_to_string(dir.path().join("health/README.txt")).unwrap_or_default();
    assert!(readme.starts_with("SYNTHETIC DATA"), "{readme}");
    assert!(readme.contains("Key-metrics inputs (--ledger"), "{readme}");
    let ledger = std::fs::read_to_string(dir.path().join("health/ledger.csv")).unwrap_or_default();
    let current =
        std::fs::read_to_string(dir.path().join("health/accounts-current.csv")).unwrap_or_default();
    let first_id = |text: &str| {
        text.lines()
            .nth(1)
            .and_then(|l| l.split(',').next())
            .map(String::from)
    };
    assert_eq!(first_id(&ledger), first_id(&current));
    let ledger_path = dir.path().join("health/ledger.csv").display().to_string();
    let r = run(&["metrics", "--ledger", &ledger_path, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Too many accounts for a ledger: refused before a directory is made.
    let big = dir.path().join("big");
    let r = run(&[
        "health",
        "demo",
        "--accounts",
        "1000001",
        "--ledger",
        "-o",
        &big.display().to_string(),
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("--ledger writes at most 1,000,000 accounts"),
        "{}",
        r.stderr
    );
    assert!(!big.exists());
}

#[test]
fn an_unknown_model_names_the_built_in_ones() {
    let r = run(&["health", "score", "nope", "x.csv"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("unknown health model `nope`; built-in models: saas-health"),
        "{}",
        r.stderr
    );
}

#[test]
fn sql_quotes_identifiers_and_types_per_dialect() {
    let r = run(&[
        "health",
        "sql",
        &small(),
        "--dialect",
        "bigquery",
        "--table",
        "proj.ds.snap",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("FROM `proj`.`ds`.`snap`"), "{}", r.stdout);
    // A cell is read as the CLI reads it whatever type the engine inferred:
    // as text, without spaces, tabs or line breaks around it, empty as NULL.
    assert!(r.stdout.contains(
        "CAST(NULLIF(TRIM(CAST(`usage` AS STRING), ' \\t\\n\\f\\r'), '') AS FLOAT64) AS x0"
    ));
    // A category is its index in the map, NULL (no data) when not in it.
    assert!(r.stdout.contains(
        "CASE NULLIF(TRIM(CAST(`mood` AS STRING), ' \\t\\n\\f\\r'), '') WHEN 'bad' THEN 0 WHEN 'good' THEN 1 ELSE NULL END AS x1"
    ));
    assert!(r.stdout.contains("WHEN x1 = 0 THEN CAST('0.0' AS FLOAT64)"));
    let r = run(&["health", "sql", &small(), "--dialect", "postgres"]);
    assert!(r.stdout.contains("FROM \"accounts\""));
    assert!(r.stdout.contains(
        "CAST(NULLIF(TRIM(BOTH E' \\t\\n\\f\\r' FROM CAST(\"usage\" AS TEXT)), '') AS DOUBLE PRECISION) AS x0"
    ));
    assert!(r.stdout.contains("points AS MATERIALIZED ("));
    assert!(r.stdout.contains(
        "FLOOR(num / den * CAST('100.0' AS DOUBLE PRECISION) + CAST('0.5' AS DOUBLE PRECISION))"
    ));
}

#[test]
fn calibrate_matches_hand_computed_auc_rates_and_cutoff() {
    let r = run(&[
        "health",
        "calibrate",
        &small(),
        &fixture("health/accounts-small.csv"),
        "--outcomes",
        &fixture("health/outcomes-small.csv"),
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_default();
    assert_eq!(v["positive_class"], "churn");
    // a3 has no data (coverage 0, below the floor): left out, and said.
    assert_eq!(v["insufficient_data"], 1);
    assert_eq!(v["matched"], 3);
    // Renewed a1 (85); churned a2 (30) and a4 (57.5): both pairs ordered right.
    assert_eq!(v["auc"]["auc"], 1.0);
    assert_eq!(v["auc"]["inverted"], false);
    assert_eq!(v["tiers"][0]["accounts"], 2);
    assert_eq!(v["tiers"][0]["renewed"], 0);
    // Churned ARR in At Risk: a2 200 + a4 500.
    assert_eq!(v["tiers"][0]["churned_arr"], 700.0);
    assert_eq!(v["tiers"][0]["small_sample"], true);
    assert_eq!(v["tiers"][1]["renewal_rate"], 1.0);
    assert_eq!(v["tiers_in_order"], true);
    // At Risk flags a2 and a4, both churned: TP 2, TN a1.
    let f = &v["forecast"];
    assert_eq!(
        (
            f["true_positive"].as_u64(),
            f["false_positive"].as_u64(),
            f["false_negative"].as_u64(),
            f["true_negative"].as_u64()
        ),
        (Some(2), Some(0), Some(0), Some(1))
    );
    assert_eq!(f["false_positive_rate"], 0.0);
    assert_eq!(f["accuracy"], 1.0);
    assert_eq!(f["caught"], 1.0);
    assert_eq!(f["flagged_renewed"], 0.0);
    // Flagging nobody is right about a1 only: 1 of 3.
    assert_eq!(f["baseline_accuracy"], 1.0 / 3.0);
    assert_eq!(f["churned_arr_caught"], 1.0);
    assert_eq!(f["small_sample"], true);
    // Three accounts are too few to suggest a cut-off.
    assert_eq!(v["best_cutoff"], serde_json::Value::Null);
    assert_eq!(
        v["best_cutoff_withheld"],
        "3 accounts (2 churned, 1 renewed) are too few to suggest a cut-off: it needs at least 30 accounts with 10 churned and 10 renewed"
    );
    assert_eq!(v["model_cutoff"], 60.0);
    assert_eq!(v["cutoffs"][0]["tier"], "ok");
    assert_eq!(v["cutoffs"][0]["forecast"]["flagged_arr"], 700.0);
    let r = run(&[
        "health",
        "calibrate",
        &small(),
        &fixture("health/accounts-small.csv"),
        "--outcomes",
        &fixture("health/outcomes-small.csv"),
    ]);
    assert!(
        r.stdout.contains("No cut-off is suggested: 3 accounts (2 churned, 1 renewed) are too few to suggest a cut-off"),
        "{}",
        r.stdout
    );
}

/// Runs `health calibrate` of the small accounts with an outcomes file of
/// `text`; the run and the outcomes file's path.
fn calibrate_with_outcomes(text: &str) -> (common::Run, String) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = common::write(dir.path(), "out.csv", text)
        .display()
        .to_string();
    let r = run(&[
        "health",
        "calibrate",
        &small(),
        &fixture("health/accounts-small.csv"),
        "--outcomes",
        &path,
    ]);
    (r, path)
}

#[test]
fn calibrate_rejects_a_bad_outcome_with_its_place() {
    let (r, path) =
        calibrate_with_outcomes("account_id,renewal_date,renewed\na1,2027-01-31,maybe\n");
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(&format!(
            "{path}: line 2, column 3 `renewed`: found `maybe`, expected yes or no"
        )),
        "{}",
        r.stderr
    );
}

#[test]
fn standard_input_works_unless_a_signal_needs_ranks() {
    let text =
        std::fs::read_to_string(common::root().join("tests/fixtures/health/accounts-small.csv"))
            .unwrap_or_default();
    let r = common::run_with(
        common::cmd()
            .args(["health", "score", &small(), "-", "--format", "csv"])
            .write_stdin(text.clone()),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 5);
    let r = common::run_with(
        common::cmd()
            .args(["health", "score", "saas-health", "-"])
            .write_stdin(text),
    );
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("model `saas-health` has percentile signals, which need two passes over the accounts; give a file rather than standard input"), "{}", r.stderr);
}

#[test]
fn check_fails_a_model_whose_example_does_not_score_as_declared() {
    let text =
        std::fs::read_to_string(common::root().join("models/saas-health.toml")).unwrap_or_default();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = common::write(
        dir.path(),
        "m.toml",
        &text.replace("score = 94.49", "score = 94.5"),
    );
    let path = p.display().to_string();
    let r = run(&["check", &path]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("example `example-thriving` declares score 94.5 and tier `growth`, but scores 94.49 in tier `growth`"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_health_report_never_replaces_an_input_or_an_existing_file_without_force() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let accounts = dir.path().join("accounts.csv");
    std::fs::copy(fixture("health/accounts-small.csv"), &accounts)
        .unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::read_to_string(&accounts).unwrap_or_default();
    let a = accounts.display().to_string();
    let r = run(&[
        "health",
        "score",
        &small(),
        &a,
        "--format",
        "csv",
        "--output",
        &a,
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("is also an input of this command"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&accounts).unwrap_or_default(),
        before
    );
    let out = dir.path().join("scores.csv");
    std::fs::write(&out, "keep me").unwrap_or_else(|e| panic!("{e}"));
    let o = out.display().to_string();
    let r = run(&["health", "score", &small(), &a, "--format", "csv", "-o", &o]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("already exists; not overwriting it (use --force"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap_or_default(), "keep me");
    let r = run(&[
        "health",
        "score",
        &small(),
        &a,
        "--format",
        "csv",
        "-o",
        &o,
        "--force",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        std::fs::read_to_string(&out)
            .unwrap_or_default()
            .starts_with("account,")
    );
}

/// Runs `check` on the small model with `edit` applied; its stdout.
fn check_edited(edit: impl Fn(String) -> String) -> (i32, String, String) {
    let text = std::fs::read_to_string(common::root().join(small())).unwrap_or_default();
    let edited = edit(text.clone());
    assert_ne!(edited, text, "the edit changed the model");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = common::write(dir.path(), "m.toml", &edited);
    let path = p.display().to_string();
    let r = run(&["check", &path]);
    (r.code, r.stdout.replace(&path, "m.toml"), r.stderr)
}

#[test]
fn check_catches_models_no_account_could_be_scored_or_tiered_by() {
    type Edit = fn(String) -> String;
    let cases: [(&str, Edit, &str); 4] = [
        (
            "two weights of 1e308 add up to infinity, and every score would be NaN",
            |t| {
                t.replace("weight = 3", "weight = 1e308")
                    .replace("weight = 1\n", "weight = 1e308\n")
            },
            "m.toml:18:10: the weights add up to more than the score's arithmetic can hold (they overflow to infinity); only their ratios matter, so use smaller numbers (such as points that add up to 100)",
        ),
        (
            "two tiers with the same min and no conditions: the lower is never given",
            |t| t.replace("min = 60", "min = 0"),
            "m.toml:36:7: tier `risk` can never be given: tier `ok` above it has the same min 0 and no conditions, so it always wins; raise `ok`'s min or give it conditions",
        ),
        (
            "a condition no points can meet",
            |t| {
                t.replace(
                    "play = \"Scale\"",
                    "play = \"Scale\"\nconditions = [{ signal = \"usage\", at_least = 80, at_most = 20 }]",
                )
            },
            "m.toml:46:15: `at_least` 80 is above `at_most` 20: no account can meet this condition, so tier `ok` is never given",
        ),
        (
            "an override that leaves every weight at zero",
            |t| {
                t.replace(
                    "[[tiers]]\nid = \"risk\"",
                    "[[overrides]]\nsegment = \"smb\"\nweights = { usage = 0, mood = 0 }\n\n[[tiers]]\nid = \"risk\"",
                )
            },
            "m.toml:35:11: this override leaves every weight at zero, so no account of segment `smb` could get a score; keep at least one signal above zero",
        ),
    ];
    for (what, edit, want) in cases {
        let (code, out, _) = check_edited(edit);
        assert_eq!(code, 1, "{what}: {out}");
        assert!(out.contains(want), "{what}: {out}");
    }
}

/// Runs the binary with a hang guard: a run still going after two minutes is
/// killed and fails (not a speed claim; speed lives in benches/).
fn run_guarded(args: &[&str]) -> common::Run {
    common::run_with(
        common::cmd()
            .args(args)
            .timeout(std::time::Duration::from_secs(120)),
    )
}

/// Accounts whose first id is `len` copies of `c`, then an account `b`.
fn with_huge_first_id(c: char, len: usize) -> (tempfile::TempDir, String) {
    let id = c.to_string().repeat(len);
    with_csv(&format!(
        "id,seg,arr,date,usage,mood\n{id},smb,1,2026-10-31,80,good\nb,smb,1,2026-10-31,10,bad\n"
    ))
}

#[test]
fn a_huge_cell_is_cut_before_the_table_is_laid_out() {
    // A 50 MB account id: comfy-table's layout grows with the square of a
    // cell's length, so the cell is cut before layout.
    let (_dir, path) = with_huge_first_id('x', 50 * 1024 * 1024);
    let r = run_guarded(&["health", "score", &small(), &path, "--format", "table"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The id shows its first 200 characters and an ellipsis (the table wraps them).
    assert_eq!(r.stdout.matches('x').count(), 200, "{}", r.stdout);
    assert_eq!(r.stdout.matches('…').count(), 1, "{}", r.stdout);
}

#[test]
fn a_first_record_over_a_block_is_scored() {
    // The first block read is the header alone when the first record is
    // larger than a block (4 MiB): every account is still scored.
    let (_dir, path) = with_huge_first_id('y', 5 * 1024 * 1024);
    let r = run_guarded(&["health", "score", &small(), &path, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let last = r.stdout.lines().last().unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(last).unwrap_or_default();
    assert_eq!(v["summary"]["accounts"], 2, "{last}");
    assert_eq!(r.stdout.lines().count(), 3);
}

#[test]
fn text_that_is_not_utf8_is_refused_at_its_line() {
    // Two ids that differ only in bytes that are not UTF-8 would both become
    // `a\u{fffd}` in the output.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = dir.path().join("acc.csv");
    std::fs::write(
        &p,
        b"id,seg,arr,date,usage,mood\na\xff,smb,1,2026-10-31,80,good\na\xfe,smb,1,2026-10-31,80,good\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let path = p.display().to_string();
    for format in ["json", "csv", "table"] {
        let r = run(&["health", "score", &small(), &path, "--format", format]);
        assert_eq!(r.code, 2, "{format}");
        assert_eq!(
            r.stderr,
            format!(
                "error: {path}: line 2, column 1 `id`: found `a\u{fffd}`, which is not UTF-8 text; account ids must be UTF-8 (save or export the CSV as UTF-8)\n"
            ),
            "{format}"
        );
    }
    std::fs::write(
        &p,
        b"id,seg,arr,date,usage,mood\na,smb,1,2026-10-31,80,good\nb,sm\xe9,1,2026-10-31,80,good\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let r = run(&["health", "score", &small(), &path]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("line 3, column 2 `seg`: found `sm\u{fffd}`, which is not UTF-8 text; segments must be UTF-8"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_column_given_twice_in_the_header_is_refused_naming_both() {
    let (_dir, path) =
        with_csv("id,seg,arr,usage,date,usage,mood\na1,smb,1,80,2026-10-31,20,good\n");
    let r = run(&["health", "score", &small(), &path]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: {path}: line 1: column `usage` (signal `usage`) appears twice in the header, as column 4 and column 6\n  = help: rename or remove one of them, so that it is clear which to read\n"
        )
    );
    let (r, out) = calibrate_with_outcomes("account_id,renewed,renewed\na1,yes,no\n");
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(&format!(
            "{out}: line 1: column `renewed` (whether it renewed) appears twice in the header, as column 2 and column 3"
        )),
        "{}",
        r.stderr
    );
}

/// A model of `n` range signals over columns s0, s1, ….
fn model_with_signals(n: usize) -> String {
    let mut m = String::from(
        "[model]\nid = \"wide\"\ntitle = \"Wide\"\nversion = \"1\"\ndescription = \"many signals\"\n[columns]\naccount = \"id\"\n",
    );
    for i in 0..n {
        m.push_str(&format!(
            "[[signals]]\nid = \"s{i}\"\ntitle = \"S{i}\"\ncolumn = \"s{i}\"\nweight = 1\nnormalise = \"range\"\nbetter = \"higher\"\nmin = 0\nmax = 10\n"
        ));
    }
    m.push_str("[[tiers]]\nid = \"low\"\nname = \"Low\"\nmin = 0\nsla = \"now\"\nplay = \"call\"\n[[tiers]]\nid = \"high\"\nname = \"High\"\nmin = 50\nsla = \"later\"\nplay = \"grow\"\n");
    m
}

#[test]
fn sql_grows_linearly_with_the_signals() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let size = |n: usize| {
        let p = common::write(dir.path(), &format!("m{n}.toml"), &model_with_signals(n));
        let r = run_guarded(&[
            "health",
            "sql",
            &p.display().to_string(),
            "--dialect",
            "duckdb",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout.len()
    };
    let (small, big) = (size(5_000), size(10_000));
    // Quadratic, 10,000 signals wrote hundreds of MB; linear, a few MB.
    assert!(big < 20_000_000, "{big} bytes for 10,000 signals");
    let ratio = big as f64 / small as f64;
    assert!(
        (1.9..2.2).contains(&ratio),
        "doubling the signals: {ratio}× the SQL"
    );
    // PostgreSQL selects at most 1,664 columns at once: a model too wide for it
    // is refused with the limit, not handed over to fail there.
    for (n, code) in [(412, 0), (413, 2)] {
        let p = common::write(dir.path(), &format!("p{n}.toml"), &model_with_signals(n));
        let r = run(&[
            "health",
            "sql",
            &p.display().to_string(),
            "--dialect",
            "postgres",
        ]);
        assert_eq!(r.code, code, "{n}: {}", r.stderr);
        if code == 2 {
            assert_eq!(
                r.stderr,
                "error: model `wide` has 413 signals: its query selects 1668 columns in one step, more than PostgreSQL's limit of 1664 (models of up to 412 signals fit); DuckDB, Snowflake, BigQuery and Spark take it\n"
            );
        }
    }
}

#[test]
fn the_output_file_decides_the_format_colour_and_width() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = |name: &str| dir.path().join(name).display().to_string();
    let accounts = fixture("health/accounts-small.csv");
    let later = fixture("health/accounts-small-later.csv");
    for (file, starts) in [
        ("scores.csv", "account,segment,plan"),
        ("scores.json", "{\"account\":\"a1\""),
        ("scores.html", "<!DOCTYPE html>"),
        ("scores.txt", "Small (small 1) — 4 accounts"),
    ] {
        let r = run(&["health", "score", &small(), &accounts, "-o", &d(file)]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let text = std::fs::read_to_string(d(file)).unwrap_or_default();
        assert!(text.starts_with(starts), "{file}: {text}");
    }
    let r = run(&[
        "health",
        "score",
        &small(),
        &accounts,
        "--format",
        "json",
        "-o",
        &d("x.html"),
    ]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: --format json contradicts the extension of {} (a .html file is html); drop --format, or name the file to match\n",
            d("x.html")
        )
    );
    // No colour and a fixed width in a file, whatever the terminal says.
    let mut texts = Vec::new();
    for (columns, file) in [("160", "wide.txt"), ("50", "narrow.txt")] {
        let r = common::run_with(
            common::cmd()
                .args([
                    "--color",
                    "always",
                    "health",
                    "movement",
                    &small(),
                    &accounts,
                    &later,
                ])
                .args(["-o", &d(file)])
                .env("COLUMNS", columns),
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        texts.push(std::fs::read_to_string(d(file)).unwrap_or_default());
    }
    assert!(!texts[0].contains('\u{1b}'), "{}", texts[0]);
    assert_eq!(texts[0], texts[1]);
    // On the terminal's side (standard output) colour and width follow the flags.
    let r = common::run_with(
        common::cmd()
            .args([
                "--color",
                "always",
                "health",
                "movement",
                &small(),
                &accounts,
                &later,
            ])
            .env("COLUMNS", "160"),
    );
    assert!(r.stdout.contains('\u{1b}'), "{}", r.stdout);
}

#[test]
fn a_formula_in_a_cell_is_neutralised_the_same_way_in_every_csv() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let before = common::write(
        dir.path(),
        "before.csv",
        "id,seg,arr,date,usage,mood\n=cmd,@seg,1,2026-10-31,80,good\n",
    );
    let after = common::write(
        dir.path(),
        "after.csv",
        "id,seg,arr,date,usage,mood\n=cmd,@seg,1,2026-11-30,10,bad\n",
    );
    let (b, a) = (before.display().to_string(), after.display().to_string());
    let r = run(&["health", "score", &small(), &b, "--format", "csv"]);
    assert_eq!(
        r.stdout.lines().nth(1),
        Some("'=cmd,'@seg,,1,85,ok,Healthy,90 days,Scale,100,usage,80,15,,,,,,,scored,,,")
    );
    let r = run(&["health", "movement", &small(), &b, &a, "--format", "csv"]);
    assert_eq!(
        r.stdout.lines().nth(1),
        Some(
            "'=cmd,'@seg,1,down,ok,risk,85,7.5,-77.5,usage,-52.5,mood,-25,,,tier-change,2 days,Rescue,80,10,value,good,bad,value,,,,0,,,"
        )
    );
    let answers = std::fs::read_to_string(common::root().join("examples/cx63.toml"))
        .unwrap_or_default()
        .replace("Ada Lovelace", "=cmd");
    let p = common::write(dir.path(), "a.toml", &answers);
    let r = run(&["score", &p.display().to_string(), "--format", "csv"]);
    assert!(
        r.stdout
            .lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("'=cmd,")),
        "{}",
        r.stdout
    );
}

#[test]
fn a_file_that_cannot_be_read_is_named() {
    let r = run(&["health", "score", &small(), "no-such.csv"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: cannot read no-such.csv: no such file or directory\n"
    );
}

#[test]
fn a_semicolon_export_is_detected_and_said_once_and_delimiter_chooses() {
    // European Excel's CSV: `;` between cells, decimal commas.
    let (_dir, path) = with_csv("id;seg;arr;date;usage;mood\na1;smb;1;2026-10-31;80,5;good\n");
    let r = run(&["health", "score", &small(), &path, "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        format!(
            "{path}: columns separated by semicolons, decimal commas accepted; reading it so (--delimiter chooses)\n"
        )
    );
    // (3*80.5 + 100) / 4 = 85.375 -> 85.38.
    assert_eq!(
        r.stdout.lines().nth(1),
        Some("a1,smb,,1,85.38,ok,Healthy,90 days,Scale,100,usage,\"80,5\",14.63,,,,,,,scored,,,")
    );
    // Told otherwise, the header is one column, named as such, and nothing is written first.
    let r = run(&[
        "health",
        "score",
        &small(),
        &path,
        "--format",
        "csv",
        "--delimiter",
        ",",
    ]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "", "no CSV header before the error");
    assert!(
        r.stderr.ends_with("  = help: the header has: id;seg;arr;date;usage;mood; its columns seem to be separated by semicolons: give --delimiter ';', or save the file as comma-separated CSV\n6 problems found\n"),
        "{}",
        r.stderr
    );
    let r = run(&["health", "score", &small(), &path, "--delimiter", "x"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "invalid value 'x' for '--delimiter <CHAR>': expected `,`, `;`, `|` or `tab`"
        ),
        "{}",
        r.stderr
    );
    // A byte-order mark and CRLF line ends, as spreadsheets write them, read as usual.
    let (_dir, path) =
        with_csv("\u{feff}id,seg,arr,date,usage,mood\r\na1 , smb ,1, 2026-10-31 ,80, good \r\n");
    let r = run(&["health", "score", &small(), &path, "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout.lines().nth(1),
        Some("a1,smb,,1,85,ok,Healthy,90 days,Scale,100,usage,80,15,,,,,,,scored,,,")
    );
}

/// A model without an ARR column says nothing of ARR: no ARR column or figure
/// in the table, `null` (never 0) in the JSON, and the accounts with
/// insufficient data ordered by coverage, as the heading says.
#[test]
fn without_an_arr_column_nothing_is_said_of_arr() {
    let text = std::fs::read_to_string(small())
        .unwrap_or_else(|e| panic!("{e}"))
        .replace("arr = \"arr\"\n", "");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let model = common::write(dir.path(), "m.toml", &text);
    let m = model.display().to_string();
    let accounts = fixture("health/accounts-small.csv");
    let table = run(&["health", "score", &m, &accounts]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(!table.stdout.contains("ARR"), "{}", table.stdout);
    assert!(
        table.stdout.contains(
            "Insufficient data (lowest coverage first): fill the gaps before judging these:"
        ),
        "{}",
        table.stdout
    );
    let json = run(&["health", "score", &m, &accounts, "--format", "json"]);
    let lines: Vec<serde_json::Value> = json
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), 5);
    for l in &lines[..4] {
        assert!(l["arr"].is_null(), "{l}");
    }
    // a3 has no usage and no mood: a score of 50 (mood neutral) on 0% coverage.
    assert_eq!(lines[2]["status"], "insufficient-data");
    assert_eq!(lines[2]["score"], 50.0);
    assert!(lines[2]["tier"].is_null());
    let summary = &lines[4]["summary"];
    assert!(summary["insufficient_data_arr"].is_null(), "{summary}");
    for t in summary["tiers"].as_array().into_iter().flatten() {
        assert!(t["arr"].is_null(), "{t}");
    }
    assert_eq!(summary["insufficient_data"], 1);
}

/// Movement worked by hand: weights 3 (usage, range 0–100) and 7 (rank, a
/// percentile among all accounts), cut-off 60. a1's cells do not change, but
/// the two others overtake its rank: its percentile points fall 100 → 0, its
/// score 85 → 15, and the change is said to come from its peers. a2's usage
/// falls 50 → 12.345 (−3 × 37.655 / 10 = −11.2965) and its rank rises 50 → 100
/// points (+35): 50 → 73.7035, shown 73.7, the rounding −0.0035. The signals'
/// points and the rounding add up to the score's change.
#[test]
fn movement_contributions_add_up_and_a_change_from_peers_is_said_so() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let model = common::write(
        dir.path(),
        "m.toml",
        "[model]\nid = \"peer\"\ntitle = \"Peers\"\nversion = \"1\"\ndescription = \"d\"\n[columns]\naccount = \"id\"\ndate = \"date\"\n\
[[signals]]\nid = \"usage\"\ntitle = \"Usage\"\ncolumn = \"usage\"\nweight = 3\nnormalise = \"range\"\nbetter = \"higher\"\nmin = 0\nmax = 100\n\
[[signals]]\nid = \"rank\"\ntitle = \"Rank\"\ncolumn = \"rank\"\nweight = 7\nnormalise = \"percentile\"\nbetter = \"higher\"\n\
[[tiers]]\nid = \"low\"\nname = \"Low\"\nmin = 0\nsla = \"s\"\nplay = \"p\"\n[[tiers]]\nid = \"high\"\nname = \"High\"\nmin = 60\nsla = \"s2\"\nplay = \"p2\"\n",
    );
    let before = common::write(
        dir.path(),
        "s1.csv",
        "id,date,usage,rank\na1,2026-09-30,50,30\na2,2026-09-30,50,20\na3,2026-09-30,50,10\n",
    );
    let after = common::write(
        dir.path(),
        "s2.csv",
        "id,date,usage,rank\na1,2026-10-31,50,30\na2,2026-10-31,12.345,40\na3,2026-10-31,50,35\n",
    );
    let (m, b, a) = (
        model.display().to_string(),
        before.display().to_string(),
        after.display().to_string(),
    );
    let r = run(&["health", "movement", &m, &b, &a, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), 3, "{}", r.stdout);
    let (a1, a2) = (&lines[0], &lines[1]);
    assert_eq!(a1["account"], "a1");
    assert_eq!(
        (a1["from_score"].as_f64(), a1["to_score"].as_f64()),
        (Some(85.0), Some(15.0))
    );
    assert_eq!(a1["peers_only"], true);
    assert_eq!(a1["changes"][0]["signal"], "rank");
    assert_eq!(a1["changes"][0]["cause"], "peers");
    assert_eq!(a1["changes"][0]["value_from"], a1["changes"][0]["value_to"]);
    assert_eq!(a2["account"], "a2");
    assert_eq!(a2["to_score"].as_f64(), Some(73.7));
    let points = |l: &serde_json::Value, s: &str| {
        l["changes"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|c| c["signal"] == s)
            .and_then(|c| c["points"].as_f64())
    };
    assert!((points(a2, "usage").unwrap_or(0.0) + 11.2965).abs() < 1e-9);
    assert!((points(a2, "rank").unwrap_or(0.0) - 35.0).abs() < 1e-9);
    assert!((a2["rounding"].as_f64().unwrap_or(0.0) + 0.0035).abs() < 1e-9);
    for l in [a1, a2] {
        let sum: f64 = l["changes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["points"].as_f64())
            .sum::<f64>()
            + l["rounding"].as_f64().unwrap_or(f64::NAN);
        let delta = l["to_score"].as_f64().unwrap_or(0.0) - l["from_score"].as_f64().unwrap_or(0.0);
        assert!((sum - delta).abs() < 1e-9, "{l}: {sum} vs {delta}");
    }
    let table = run(&["health", "movement", &m, &b, &a]);
    assert!(
        table.stdout.contains(
            "a1 · High ↓ Low · 85 → 15 (-70)\n  What moved: Its data did not change: its score moved with its peers. rank 30, unchanged: its peers\n    moved (-70)\n"
        ),
        "{}",
        table.stdout
    );
}

/// Inputs a real export gets wrong, each refused or warned about in words
/// that say what to do: snapshots in the wrong order, a negative ARR, a
/// renewal dated before the snapshot (leakage), an override for a segment the
/// file does not have.
#[test]
fn wrong_order_negative_arr_leakage_and_an_unseen_segment_are_said() {
    let earlier = fixture("health/accounts-small.csv");
    let later = fixture("health/accounts-small-later.csv");
    let r = run(&["health", "movement", &small(), &later, &earlier]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: {later}: the earlier snapshot is dated 2026-11-30, after the later one ({earlier}, dated 2026-10-31): the snapshots are in the wrong order\n  = help: give the earlier snapshot first: health movement MODEL {earlier} {later}\n"
        )
    );

    let (_dir, path) = with_csv(
        "id,seg,arr,date,usage,mood\na1,smb,100,2026-10-31,80,good\na2,smb,-5,2026-10-31,40,bad\n",
    );
    let r = run(&["health", "score", &small(), &path, "--format", "csv"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(&format!("{path}: line 3, column 3 `arr`: found `-5`, a negative ARR; expected the account's annual recurring revenue, zero or more (or an empty cell)")),
        "{}",
        r.stderr
    );

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let outcomes = common::write(
        dir.path(),
        "out.csv",
        "account_id,renewal_date,renewed\na1,2027-01-31,yes\na2,2026-10-01,no\n",
    );
    let o = outcomes.display().to_string();
    let r = run(&["health", "calibrate", &small(), &earlier, "--outcomes", &o]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(&format!("{o}: line 3, column 2 `renewal_date`: account `a2` renewed on 2026-10-01, before its snapshot (2026-10-31): an outcome known when the snapshot was taken would flatter the model; calibrate a snapshot taken before the renewals")),
        "{}",
        r.stderr
    );

    let text = std::fs::read_to_string(small()).unwrap_or_else(|e| panic!("{e}"))
        + "\n[[overrides]]\nsegment = \"SMB\"\nweights = { mood = 0 }\n";
    let model = common::write(dir.path(), "m.toml", &text);
    let m = model.display().to_string();
    let r = run(&["health", "score", &m, &earlier, "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("warning: the model's override for segment `SMB` matched no account of {earlier} (values are compared exactly, case included); segments seen: `ent`, `smb`")),
        "{}",
        r.stderr
    );
    // With CRLF line ends, a bad cell is still named at its own line (it read
    // one line too far: the header's `\n` was counted as a blank line).
    let (_dir, path) = with_csv(
        "\u{feff}id,seg,arr,date,usage,mood\r\na1,smb,1,2026-10-31,80,good\r\na2,smb,1,2026-10-31,lots,good\r\n",
    );
    let r = run(&["health", "score", &small(), &path, "--format", "csv"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains(": line 3, column 5 `usage`: found `lots`, expected a number"),
        "{}",
        r.stderr
    );
}
