#!/usr/bin/env python3
"""K-fold AUC of a health model fitted by `cs-scorecard health fit`, side by side
with what a data team would run on the same accounts and the same folds.

On `health demo` data (whose renewals depend on the signals non-linearly and with
interactions: docs/health.md, `health demo`), over the same K folds (written to
folds.csv, which both sides read):

- the shipped hand model `saas-health`, scored by `cs-scorecard health score`;
- the fitted model: `cs-scorecard health fit --folds-file folds.csv` fits on K-1
  folds and scores the held-out fold with `health score`'s arithmetic;
- scikit-learn's LogisticRegression on the same columns: numbers standardised,
  missing numbers imputed with the median plus a missing-indicator column,
  categories (sentiment, segment, plan) one-hot with "missing" as a category;
- scikit-learn's HistGradientBoostingClassifier on the same columns (native
  missing values and categories);
- a weight-of-evidence scorecard (optbinning's BinningProcess with each signal's
  declared monotone trend, then a logistic regression on the WoE values), when
  optbinning is installed (`pip install optbinning`).

AUC is the probability that a renewing account scores above a churning one; each
method's mean over the folds is shown with its standard deviation.

Usage: benches/fit.py [--accounts N] [--folds K] [--seed S] [--snapshot previous|current]
                      [--bin PATH] [--dir DIR] [--time N]
`--time N` also times a fit on N accounts (with `nice`), beside scikit-learn's.
"""

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

NUMERIC = {
    # column: declared direction in models/saas-health.toml (for the WoE trends)
    "active_users_pct": "higher",
    "login_days_30": "higher",
    "usage_trend_pct": "higher",
    "features_adopted_pct": "higher",
    "key_workflows": "higher",
    "milestones_done_pct": "higher",
    "outcomes_met_pct": "higher",
    "support_tickets_90d": "lower",
    "sev1_tickets_90d": "lower",
    "stakeholders_engaged": "higher",
    "days_since_qbr": "lower",
}
CATEGORIES = ["sentiment", "segment", "plan"]


def sh(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr}")
    return r.stdout


def fold_aucs(y, score, folds, k):
    return [roc_auc_score(y[folds == f], score[folds == f]) for f in range(k)]


def sk_cv(make, X, y, folds, k):
    out = np.zeros(len(y))
    for f in range(k):
        train, test = folds != f, folds == f
        m = make().fit(X[train], y[train])
        out[test] = m.predict_proba(X[test])[:, 1]
    return fold_aucs(y, out, folds, k)


def logistic():
    num = make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler())
    cat = make_pipeline(
        SimpleImputer(strategy="constant", fill_value="missing"),
        OneHotEncoder(handle_unknown="ignore"),
    )
    pre = ColumnTransformer([("num", num, list(NUMERIC)), ("cat", cat, CATEGORIES)])
    return Pipeline([("pre", pre), ("lr", LogisticRegression(max_iter=5000))])


def boosting(seed):
    return lambda: HistGradientBoostingClassifier(
        categorical_features="from_dtype", random_state=seed
    )


def woe_scorecard():
    from optbinning import BinningProcess

    trends = {c: ("ascending" if d == "higher" else "descending") for c, d in NUMERIC.items()}
    params = {c: {"monotonic_trend": t} for c, t in trends.items()}
    bp = BinningProcess(
        variable_names=list(NUMERIC) + CATEGORIES,
        categorical_variables=CATEGORIES,
        binning_fit_params=params,
    )
    return Pipeline([("woe", bp), ("lr", LogisticRegression(max_iter=5000))])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--accounts", type=int, default=20000)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--snapshot", default="previous", choices=["previous", "current"])
    ap.add_argument("--bin", default="target/release/cs-scorecard")
    ap.add_argument("--dir", default="target/fit-bench")
    ap.add_argument("--time", type=int, default=0, help="also time a fit on this many accounts")
    a = ap.parse_args()
    k = a.folds
    os.makedirs(a.dir, exist_ok=True)
    data = os.path.join(a.dir, f"demo-{a.accounts}-{a.seed}")
    if not os.path.exists(os.path.join(data, "outcomes.csv")):
        sh([a.bin, "health", "demo", "--accounts", str(a.accounts), "--seed", str(a.seed),
            "--output", data, "--quiet"])
    accounts_csv = os.path.join(data, f"accounts-{a.snapshot}.csv")
    acc = pd.read_csv(accounts_csv, skipinitialspace=True)
    out = pd.read_csv(os.path.join(data, "outcomes.csv"))
    df = acc.merge(out, on="account_id", validate="one_to_one")
    y = (df["renewed"] == "yes").to_numpy().astype(int)

    # One fold assignment, stratified by outcome, written for the CLI to read.
    folds = np.zeros(len(df), dtype=int)
    skf = StratifiedKFold(n_splits=k, shuffle=True, random_state=a.seed)
    for f, (_, test) in enumerate(skf.split(np.zeros(len(y)), y)):
        folds[test] = f
    folds_csv = os.path.join(a.dir, "folds.csv")
    pd.DataFrame({"account_id": df["account_id"], "fold": folds}).to_csv(folds_csv, index=False)

    rows = []
    t = time.perf_counter()
    scores = pd.read_csv(io_text(sh([a.bin, "health", "score", "saas-health", accounts_csv,
                                       "--format", "csv", "--quiet"])))
    hand = df[["account_id"]].merge(scores[["account", "score"]], left_on="account_id",
                                    right_on="account", how="left")["score"].to_numpy()
    rows.append(("hand model `saas-health` (health score)", fold_aucs(y, np.nan_to_num(hand), folds, k),
                 time.perf_counter() - t))

    fit_help = subprocess.run([a.bin, "health", "fit", "--help"], capture_output=True)
    if fit_help.returncode == 0:
        t = time.perf_counter()
        scores_csv = os.path.join(a.dir, "fit-scores.csv")
        report = json.loads(sh([a.bin, "health", "fit", "saas-health", accounts_csv, "--outcomes",
                                os.path.join(data, "outcomes.csv"), "--folds-file", folds_csv,
                                "--seed", str(a.seed), "--format", "json", "--quiet",
                                "--output", os.path.join(a.dir, "fitted.toml"),
                                "--scores", scores_csv, "--force"]))
        took = time.perf_counter() - t
        cv = report["cross_validation"]
        hand_cli = [f["hand"] for f in cv["folds"]]
        if max(abs(x - y_) for x, y_ in zip(hand_cli, rows[0][1])) > 1e-9:
            sys.exit(f"the fit's hand-model AUCs {hand_cli} differ from health score's {rows[0][1]}")
        # The held-out scores, checked here: the same folds, AUC by scikit-learn.
        held = df[["account_id"]].merge(pd.read_csv(scores_csv), left_on="account_id",
                                        right_on="account", how="left")
        mine = fold_aucs(y, held["held_out_score"].to_numpy(), folds, k)
        fitted = [f["fitted"] for f in cv["folds"]]
        if max(abs(x - y_) for x, y_ in zip(mine, fitted)) > 1e-9:
            sys.exit(f"the fit's AUCs {fitted} differ from its held-out scores' {mine}")
        rows.append(("fitted model (health fit, readable TOML)", fitted, took))
    else:
        print("(this cs-scorecard has no `health fit`: the fitted model's row is left out)")

    X = df[list(NUMERIC) + CATEGORIES].copy()
    t = time.perf_counter()
    rows.append(("scikit-learn LogisticRegression (one-hot, median + indicator)",
                 sk_cv(logistic, X, y, folds, k), time.perf_counter() - t))
    Xc = X.copy()
    for c in CATEGORIES:
        Xc[c] = Xc[c].astype("category")
    t = time.perf_counter()
    rows.append(("scikit-learn HistGradientBoostingClassifier", sk_cv(boosting(a.seed), Xc, y, folds, k),
                 time.perf_counter() - t))
    try:
        import optbinning  # noqa: F401

        t = time.perf_counter()
        rows.append(("WoE scorecard (optbinning monotone bins + logistic)",
                     sk_cv(woe_scorecard, X, y, folds, k), time.perf_counter() - t))
    except ImportError:
        print("(optbinning is not installed: the WoE scorecard's row is left out)")

    print(f"\n{a.accounts} demo accounts ({a.snapshot} snapshot, seed {a.seed}), "
          f"renewal rate {y.mean():.1%}, {k} stratified folds (folds.csv)\n")
    print(f"| method | AUC, mean of {k} folds | SD | per fold | time (all folds) |")
    print("|---|---:|---:|---|---:|")
    for name, aucs, took in rows:
        per = " ".join(f"{x:.4f}" for x in aucs)
        print(f"| {name} | {np.mean(aucs):.4f} | {np.std(aucs):.4f} | {per} | {took:.1f} s |")

    if a.time and fit_help.returncode == 0:
        time_fit(a)


def io_text(s):
    import io

    return io.StringIO(s)


def time_fit(a):
    data = os.path.join(a.dir, f"demo-{a.time}-{a.seed}")
    if not os.path.exists(os.path.join(data, "outcomes.csv")):
        sh([a.bin, "health", "demo", "--accounts", str(a.time), "--seed", str(a.seed), "--output", data,
            "--quiet"])
    accounts_csv = os.path.join(data, f"accounts-{a.snapshot}.csv")
    load = open("/proc/loadavg").read().split()[:3]
    print(f"\nTime to fit {a.time} accounts (load average before: {' '.join(load)}, 2 shared cores, nice):")
    walls = []
    for _ in range(3):
        t = time.perf_counter()
        sh(["nice", a.bin, "health", "fit", "saas-health", accounts_csv, "--outcomes",
            os.path.join(data, "outcomes.csv"), "--seed", str(a.seed), "--format", "json", "--quiet",
            "--output", os.path.join(a.dir, "fitted-time.toml"), "--force"])
        walls.append(time.perf_counter() - t)
    print(f"| `health fit` ({a.folds}-fold report + the model) | runs {', '.join(f'{w:.2f}' for w in walls)} s"
          f" | median {sorted(walls)[1]:.2f} s |")
    acc = pd.read_csv(accounts_csv, skipinitialspace=True)
    out = pd.read_csv(os.path.join(data, "outcomes.csv"))
    df = acc.merge(out, on="account_id")
    y = (df["renewed"] == "yes").to_numpy().astype(int)
    X = df[list(NUMERIC) + CATEGORIES].copy()
    t = time.perf_counter()
    logistic().fit(X, y)
    print(f"| scikit-learn LogisticRegression, one fit | {time.perf_counter() - t:.2f} s | |")
    for c in CATEGORIES:
        X[c] = X[c].astype("category")
    t = time.perf_counter()
    boosting(a.seed)().fit(X, y)
    print(f"| scikit-learn HistGradientBoostingClassifier, one fit | {time.perf_counter() - t:.2f} s | |")


if __name__ == "__main__":
    main()
