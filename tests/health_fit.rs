//! `health fit`: the real binary on data made so the answer is known by hand
//! (a separating signal, a useless one, a reversed one), on the demo, and on
//! inputs it must refuse.

mod common;

use std::path::{Path, PathBuf};

use common::{flat, run, write};

/// A model of three numeric signals, all declared `higher`: `x` predicts
/// renewal, `z` says nothing, `r` is `100 − x` (so it runs against `higher`).
const MODEL: &str = r#"
[model]
id = "three"
title = "Three signals"
version = "2.0.1"
description = "For tests."

[columns]
account = "id"
date = "day"

[[signals]]
id = "x"
title = "X"
column = "x"
weight = 10
normalise = "range"
better = "higher"
min = 0
max = 100

[[signals]]
id = "z"
title = "Z"
column = "z"
weight = 10
normalise = "thresholds"
better = "higher"
points = [[0, 0], [3, 100]]

[[signals]]
id = "r"
title = "R"
column = "r"
weight = 10
normalise = "thresholds"
better = "higher"
points = [[0, 0], [100, 100]]

[[tiers]]
id = "low"
name = "Low"
min = 0
sla = "now"
play = "call"

[[tiers]]
id = "high"
name = "High"
min = 50
sla = "later"
play = "grow"
"#;

/// 400 accounts: `x` = 0..99 (four accounts each); renewed when `x > 50`,
/// flipped for every tenth account unless `perfect` (196 renew; 19 of them and 21
/// of the others flip: 198 renew, 202 churn); `z` = 0, 1, 2, 3 within
/// each `x` (spread alike over renewals and churns); `r` = 100 − `x`.
fn data(dir: &Path, perfect: bool) -> (PathBuf, PathBuf) {
    let mut acc = String::from("id,day,x,z,r\n");
    let mut out = String::from("account_id,renewal_date,renewed\n");
    for i in 0..400u32 {
        let x = i / 4;
        let mut renewed = x > 50;
        if !perfect && i % 10 == 0 {
            renewed = !renewed;
        }
        acc.push_str(&format!("a{i},2026-01-31,{x},{},{}\n", i % 4, 100 - x));
        out.push_str(&format!(
            "a{i},2026-{:02}-15,{}\n",
            2 + i % 10,
            if renewed { "yes" } else { "no" }
        ));
    }
    (
        write(dir, "accounts.csv", &acc),
        write(dir, "outcomes.csv", &out),
    )
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

#[test]
fn the_useful_signal_takes_the_weight_the_useless_one_ends_at_zero_the_reversed_one_is_flagged() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let model = write(dir.path(), "three.toml", MODEL);
    let (acc, out) = data(dir.path(), false);
    let fitted = dir.path().join("fitted.toml");
    let r = run(&[
        "health",
        "fit",
        &s(&model),
        &s(&acc),
        "--outcomes",
        &s(&out),
        "--format",
        "json",
        "-o",
        &s(&fitted),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    let weights: Vec<u64> = v["signals"]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["weight"].as_u64()).collect())
        .unwrap_or_default();
    assert_eq!(weights, vec![100, 0, 0], "{}", r.stdout);
    // `r` = 100 − x, declared higher: renewals fall as it rises. Its AUC in the declared
    // direction is 1 − AUC(x); the fit flags it and does not flip it.
    assert_eq!(v["signals"][2]["against_direction"], true);
    assert_eq!(v["signals"][0]["against_direction"], false);
    assert!(
        v["notes"]
            .as_array()
            .is_some_and(|n| n.iter().any(|t| t.as_str().is_some_and(
                |t| t.starts_with("`r` runs against `better`: renewals fall as it improves")
            ))),
        "{}",
        r.stdout
    );
    let text = std::fs::read_to_string(&fitted).unwrap_or_default();
    // The hand model's direction is kept; the comment says what the data says.
    assert!(text.contains("id = \"r\"\ntitle = \"R\"\ncolumn = \"r\"\nweight = 0\nnormalise = \"thresholds\"\nbetter = \"higher\""), "{text}");
    assert!(text.contains("# The data runs against `better`"), "{text}");
    assert!(text.contains("version = \"2.1.0\""), "{text}");
    // x's range: 0 points at or below its min, 100 at or above its max, within 0..99.
    let x = &v["signals"][0];
    assert_eq!(x["normalise"], "range");
    let (lo, hi) = (
        x["min"].as_f64().unwrap_or(-1.0),
        x["max"].as_f64().unwrap_or(-1.0),
    );
    assert!((0.0..hi).contains(&lo) && hi <= 99.0, "{x}");
    // The fitted model passes `check`, and the hand model file is unchanged.
    let c = run(&["check", &s(&fitted)]);
    assert_eq!(c.code, 0, "{}{}", c.stdout, c.stderr);
    assert_eq!(std::fs::read_to_string(&model).unwrap_or_default(), MODEL);
}

#[test]
fn a_perfectly_separating_signal_ranks_every_held_out_renewal_first() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let model = write(dir.path(), "three.toml", MODEL);
    let (acc, out) = data(dir.path(), true);
    let r = run(&[
        "health",
        "fit",
        &s(&model),
        &s(&acc),
        "--outcomes",
        &s(&out),
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    for f in v["cross_validation"]["folds"]
        .as_array()
        .into_iter()
        .flatten()
    {
        assert_eq!(f["fitted"], 1.0, "{f}");
    }
    assert_eq!(v["signals"][0]["weight"], 100);
    // The fit did not write a model without --output, and said so.
    assert!(
        r.stderr
            .contains("the fitted model was not written: add --output FITTED.toml to keep it"),
        "{}",
        r.stderr
    );
}

#[test]
fn health_score_on_the_fitted_model_gives_the_fitters_scores_exactly() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = s(dir.path());
    let r = run(&[
        "health",
        "demo",
        "--accounts",
        "3000",
        "--seed",
        "4",
        "--output",
        &d,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let acc = s(&dir.path().join("accounts-previous.csv"));
    let out = s(&dir.path().join("outcomes.csv"));
    let fitted = s(&dir.path().join("fitted.toml"));
    let scores = s(&dir.path().join("scores.csv"));
    let r = run(&[
        "health",
        "fit",
        "saas-health",
        &acc,
        "--outcomes",
        &out,
        "-o",
        &fitted,
        "--scores",
        &scores,
        "--format",
        "json",
        "--seed",
        "3",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    let weights: u64 = v["signals"]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["weight"].as_u64()).sum())
        .unwrap_or(0);
    assert_eq!(weights, 100);
    assert_eq!(v["accounts"], 3000);
    assert_eq!(v["fitted_version"], "1.2.0");
    // saas-health's tiering and SMB's tech-touch playbook are kept; the overrides'
    // weights and signal settings are not (a fitted model weighs every account alike).
    let text = std::fs::read_to_string(&fitted).unwrap_or_default();
    assert!(
        text.contains("[tiering]\ncoverage_floor = 50\nhysteresis = 2\nlarge_drop = 8\n"),
        "{text}"
    );
    assert!(
        text.contains("segment = \"smb\"\nwhy = \"SMB is tech-touch: no QBRs, one champion is normal.\"\ntiers.at-risk = { sla = \"Automated outreach within 2 business days"),
        "{text}"
    );
    assert!(
        !text.contains("weights = {") && !text.contains("signals.key-workflows"),
        "{text}"
    );
    assert!(v["out_of_time"]["from"].is_string(), "{}", v["out_of_time"]);
    let scored = run(&["health", "score", &fitted, &acc, "--format", "csv"]);
    assert_eq!(scored.code, 0, "{}", scored.stderr);
    let by_account: std::collections::HashMap<String, (String, String)> = scored
        .stdout
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (c[0].to_string(), (c[4].to_string(), c[5].to_string()))
        })
        .collect();
    let fit_scores = std::fs::read_to_string(&scores).unwrap_or_default();
    let mut lines = fit_scores.lines();
    assert_eq!(
        lines.next(),
        Some(
            "account,fold,renewed,hand_score,hand_tier,held_out_score,held_out_tier,fitted_score,fitted_tier"
        )
    );
    let mut n = 0;
    for l in lines {
        let c: Vec<&str> = l.split(',').collect();
        let (score, tier) = &by_account[c[0]];
        assert_eq!((c[7], c[8]), (score.as_str(), tier.as_str()), "{l}");
        n += 1;
    }
    assert_eq!(n, 3000);
    // The same seed gives the same model, byte for byte.
    let again = s(&dir.path().join("again.toml"));
    let r = run(&[
        "health",
        "fit",
        "saas-health",
        &acc,
        "--outcomes",
        &out,
        "-o",
        &again,
        "--seed",
        "3",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read(&fitted).unwrap_or_default(),
        std::fs::read(&again).unwrap_or_default()
    );
    // An existing model is not replaced without --force.
    let r = run(&[
        "health",
        "fit",
        "saas-health",
        &acc,
        "--outcomes",
        &out,
        "-o",
        &fitted,
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("already exists; not overwriting it (use --force to replace it)"),
        "{}",
        r.stderr
    );
}

fn outcomes(dir: &Path, rows: &[(&str, &str)]) -> PathBuf {
    let mut t = String::from("account_id,renewed\n");
    for (id, r) in rows {
        t.push_str(&format!("{id},{r}\n"));
    }
    write(dir, "outcomes.csv", &t)
}

fn refused(args: &[&str]) -> String {
    let r = run(args);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stdout, "");
    r.stderr
}

#[test]
fn data_a_fit_cannot_learn_from_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let model = s(&write(dir.path(), "three.toml", MODEL));
    let (acc, _) = data(dir.path(), false);
    let acc = s(&acc);
    let all: Vec<String> = (0..400).map(|i| format!("a{i}")).collect();
    // Every account renewed.
    let rows: Vec<(&str, &str)> = all.iter().map(|a| (a.as_str(), "yes")).collect();
    let out = s(&outcomes(dir.path(), &rows));
    let e = refused(&["health", "fit", &model, &acc, "--outcomes", &out]);
    assert!(e.contains("outcomes.csv: all 400 accounts with an outcome renewed: with no churn there is nothing to tell apart; a fit needs renewals and churns"), "{e}");
    // Every account churned.
    let rows: Vec<(&str, &str)> = all.iter().map(|a| (a.as_str(), "no")).collect();
    let out = s(&outcomes(dir.path(), &rows));
    let e = refused(&["health", "fit", &model, &acc, "--outcomes", &out]);
    assert!(
        e.contains("all 400 accounts with an outcome churned: with no renewal"),
        "{e}"
    );
    // An account with two outcomes, an account in two folds: which one is meant would be a guess.
    let out = s(&outcomes(
        dir.path(),
        &[("a1", "yes"), ("a2", "no"), ("a1", "no")],
    ));
    let e = refused(&["health", "fit", &model, &acc, "--outcomes", &out]);
    assert!(
        e.contains("outcomes.csv: line 4, column 1 `account_id`: account `a1` appears again (first at line 2); one outcome per account"),
        "{e}"
    );
    let rows: Vec<(&str, &str)> = all
        .iter()
        .enumerate()
        .map(|(i, a)| (a.as_str(), if i % 2 == 0 { "no" } else { "yes" }))
        .collect();
    let out = s(&outcomes(dir.path(), &rows));
    let folds = s(&write(
        dir.path(),
        "folds.csv",
        "account,fold\na0,1\na1,2\na0,2\n",
    ));
    let e = refused(&[
        "health",
        "fit",
        &model,
        &acc,
        "--outcomes",
        &out,
        "--folds-file",
        &folds,
    ]);
    assert!(
        e.contains("folds.csv: line 4, column 1 `account`: account `a0` appears again (first at line 2); one fold per account"),
        "{e}"
    );
    // Three churns cannot fill five folds.
    let rows: Vec<(&str, &str)> = all
        .iter()
        .enumerate()
        .map(|(i, a)| (a.as_str(), if i < 3 { "no" } else { "yes" }))
        .collect();
    let out = s(&outcomes(dir.path(), &rows));
    let e = refused(&["health", "fit", &model, &acc, "--outcomes", &out]);
    assert!(e.contains("only 3 of the 400 accounts churned: 5 folds need at least 5 of each outcome (try --folds 3)"), "{e}");
    // Outcomes for other accounts.
    let rows = [("b1", "yes"), ("b2", "no")];
    let out = s(&outcomes(dir.path(), &rows));
    let e = refused(&["health", "fit", &model, &acc, "--outcomes", &out]);
    assert!(e.contains("none of the 2 outcomes matches an account of the snapshot (400 accounts): the account ids differ"), "{e}");
    // A folds file that leaves an account out, and one with a bad fold.
    let (_, out) = data(dir.path(), false);
    let out = s(&out);
    let folds = s(&write(
        dir.path(),
        "folds.csv",
        "account_id,fold\na0,0\na1,1\n",
    ));
    let e = refused(&[
        "health",
        "fit",
        &model,
        &acc,
        "--outcomes",
        &out,
        "--folds-file",
        &folds,
    ]);
    assert!(
        e.contains("folds.csv: account `a2` has an outcome but no fold in this file"),
        "{e}"
    );
    let folds = s(&write(
        dir.path(),
        "folds.csv",
        "account_id,fold\na0,zero\n",
    ));
    let e = refused(&[
        "health",
        "fit",
        &model,
        &acc,
        "--outcomes",
        &out,
        "--folds-file",
        &folds,
    ]);
    assert!(
        e.contains(
            "folds.csv: line 2, column 2 `fold`: found `zero`, expected a fold number from 0 to 999"
        ),
        "{e}"
    );
    // Flags that contradict each other.
    let e = refused(&[
        "health",
        "fit",
        &model,
        &acc,
        "--outcomes",
        &out,
        "--at-risk",
        "100",
    ]);
    assert!(e.contains("--at-risk 100: give the share of accounts for the lowest tier as a percent above 0 and below 100"), "{e}");
    let same = s(&dir.path().join("x.json"));
    let e = refused(&[
        "health",
        "fit",
        &model,
        &acc,
        "--outcomes",
        &out,
        "-o",
        &same,
        "--report",
        &same,
    ]);
    assert!(
        e.contains("--output and --report name the same file"),
        "{e}"
    );
}

#[test]
fn the_report_reads_as_a_table_and_as_markdown() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let model = s(&write(dir.path(), "three.toml", MODEL));
    let (acc, out) = data(dir.path(), false);
    // Two outcomes of accounts the snapshot does not have: left out, and said so.
    let mut outcomes = std::fs::read_to_string(&out).unwrap_or_default();
    outcomes.push_str("gone-1,2026-03-15,no\ngone-2,2026-03-15,yes\n");
    let out = write(dir.path(), "outcomes.csv", &outcomes);
    let r = common::run_with(common::cmd().env("COLUMNS", "100").args([
        "health",
        "fit",
        &model,
        &s(&acc),
        "--outcomes",
        &s(&out),
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    for want in [
        "Three signals: weights and cut-offs fitted from renewals",
        "Hand model `three` 2.0.1 → fitted 2.1.0. 400 accounts with an outcome (198 renewed, 202 churned), renewals 2026-02-15 to 2026-11-15; 5 folds, seed 1.",
        "Held-out AUC (scored with the arithmetic of `health score`)",
        "│ r !",
        "! the data runs against the signal's `better` (below).",
        "Before adopting it",
        "Left out of the fit: 2 outcomes whose account is not in the snapshot.",
    ] {
        // Paragraphs wrap to the terminal's width: compare them with line breaks as spaces.
        assert!(
            flat(&r.stdout).contains(want),
            "missing {want:?}\n{}",
            r.stdout
        );
    }
    let report = dir.path().join("fit.md");
    let r = run(&[
        "health",
        "fit",
        &model,
        &s(&acc),
        "--outcomes",
        &s(&out),
        "--report",
        &s(&report),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = std::fs::read_to_string(&report).unwrap_or_default();
    assert!(
        md.starts_with("## Three signals: weights and cut-offs fitted from renewals\n"),
        "{md}"
    );
    assert!(
        md.contains("| signal | hand weight | fitted weight |"),
        "{md}"
    );
}

#[test]
fn the_model_on_standard_output_leaves_the_report_out_and_says_so() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let model = s(&write(dir.path(), "three.toml", MODEL));
    let (acc, out) = data(dir.path(), false);
    let r = run(&[
        "health",
        "fit",
        &model,
        &s(&acc),
        "--outcomes",
        &s(&out),
        "-o",
        "-",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("# Fitted by `cs-scorecard health fit`"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("Held-out AUC"), "{}", r.stdout);
    assert_eq!(
        r.stderr,
        "the report was not printed: standard output carries the fitted model; add --report FILE to keep it\n"
    );
    // What went to standard output is a model `check` passes.
    let fitted = write(dir.path(), "fitted.toml", &r.stdout);
    assert_eq!(run(&["check", &s(&fitted)]).code, 0);
}

#[test]
fn at_risk_sets_the_lowest_tiers_share_and_the_report_and_file_say_so() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let model = s(&write(dir.path(), "three.toml", MODEL));
    let (acc, out) = data(dir.path(), false);
    let fitted = dir.path().join("fitted.toml");
    let r = run(&[
        "health",
        "fit",
        &model,
        &s(&acc),
        "--outcomes",
        &s(&out),
        "--at-risk",
        "25",
        "--format",
        "json",
        "-o",
        &s(&fitted),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = json(&r.stdout);
    assert_eq!(v["at_risk"], 25.0);
    // x takes all of the weight as a range from 45 to 64: the 46% of accounts
    // with x up to 45 score 0, so no whole-point cut-off holds only a quarter;
    // the lowest one above 0 (1 point) holds those 46%, and the report says so.
    assert_eq!(v["signals"][0]["min"], 45.0, "{}", v["signals"][0]);
    assert_eq!(v["tiers"][0]["min"], 0.0);
    assert_eq!(v["tiers"][1]["min"], 1.0);
    assert_eq!(v["tiers"][0]["share"], 0.46, "{}", v["tiers"]);
    let text = std::fs::read_to_string(&fitted).unwrap_or_default();
    assert!(
        flat(&text).contains(
            "# Tier cut-offs: the lowest tier's aims at 25% of these accounts (--at-risk)"
        ),
        "{text}"
    );
    let r = common::run_with(common::cmd().env("COLUMNS", "200").args([
        "health",
        "fit",
        &model,
        &s(&acc),
        "--outcomes",
        &s(&out),
        "--at-risk",
        "25",
    ]));
    assert!(
        r.stdout.contains("The lowest tier's cut-off aims at 25% of the accounts (--at-risk): it holds 46.0% (scores tie at whole points); "),
        "{}",
        r.stdout
    );
    // Without --at-risk the JSON says null and the hand model's shares are kept.
    let r = run(&[
        "health",
        "fit",
        &model,
        &s(&acc),
        "--outcomes",
        &s(&out),
        "--format",
        "json",
    ]);
    assert_eq!(json(&r.stdout)["at_risk"], serde_json::Value::Null);
}
