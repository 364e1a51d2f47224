#!/usr/bin/env python3
"""An independent check of `health plays`: the same trials rebuilt in pandas
from the tiers `health score` gives each snapshot, the treatment model fitted by
scikit-learn and the weighted Kaplan–Meier curves drawn by lifelines, compared
with the CLI's JSON (counts exactly, rates to 0.02 percentage points).

Usage: tests/plays/oracle.py BIN [--accounts N] [--seed S] [--dir DIR]
Needs: pandas, scikit-learn, lifelines (PyPI). Writes a demo into a temp dir,
or reads the one in DIR (benches/plays-speed.sh times the same work this way:
each snapshot scored by the CLI, then the trials in pandas, without intervals).
"""
import argparse, io, json, math, os, subprocess, sys, tempfile, time, warnings

import numpy as np
import pandas as pd
from lifelines import KaplanMeierFitter
from sklearn.linear_model import LogisticRegression

# lifelines warns that weights which are not integers make its variances naive: only the curve is used here.
warnings.filterwarnings("ignore", module="lifelines")

TIERS = ["at-risk", "watch", "healthy", "growth"]
GRACE, WINDOW = 14, 90


def run(bin_, *args):
    r = subprocess.run([bin_, *args], capture_output=True, env=dict(os.environ, NO_COLOR="1"))
    if r.returncode != 0:
        sys.exit(f"cs-scorecard {' '.join(args)} failed: {r.stderr.decode(errors='replace')}")
    return r.stdout


def day(s):
    return (pd.Timestamp(s) - pd.Timestamp("1970-01-01")).days


def round_half_up(x):
    return math.floor(x + 0.5)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("bin")
    p.add_argument("--accounts", type=int, default=1500)
    p.add_argument("--seed", type=int, default=3)
    p.add_argument("--dir", help="a demo written by `health demo --months M --plays`")
    a = p.parse_args()
    bin_ = os.path.abspath(a.bin)
    work = a.dir or tempfile.mkdtemp(prefix="cs-plays-oracle-")
    if not a.dir:
        run(bin_, "health", "demo", "--accounts", str(a.accounts), "--seed", str(a.seed),
            "--months", "12", "--plays", "--output", work)
    snaps = os.path.join(work, "snapshots")
    started = time.monotonic()
    cli = json.loads(run(bin_, "health", "plays", "saas-health", snaps, "--plays",
                         os.path.join(work, "plays.csv"), "--outcomes",
                         os.path.join(work, "outcomes.csv"), "--format", "json"))

    cli_seconds = time.monotonic() - started
    started = time.monotonic()
    # Every snapshot scored by the CLI (the tiers are not what is checked here).
    rows = []
    for f in sorted(os.listdir(snaps)):
        raw = pd.read_csv(os.path.join(snaps, f), dtype=str)
        scored = pd.read_csv(io.BytesIO(run(bin_, "health", "score", "saas-health",
                                            os.path.join(snaps, f), "--format", "csv")), dtype={"account": str})
        scored["day"] = day(raw["snapshot_date"].iloc[0])
        rows.append(scored[["account", "segment", "score", "tier", "day"]])
    hist = pd.concat(rows)
    scoring_seconds = time.monotonic() - started
    started = time.monotonic()
    hist["tier"] = hist["tier"].map({t: i for i, t in enumerate(TIERS)})
    dates = sorted(hist["day"].unique())
    gaps = sorted(np.diff(dates))
    n = len(gaps)
    cadence = gaps[n // 2] if n % 2 else (gaps[n // 2 - 1] + gaps[n // 2]) / 2
    steps = max(1, round_half_up(WINDOW / cadence))
    step_of = {d: i for i, d in enumerate(dates)}
    # Segments in order of first appearance (as the CLI interns them).
    seg_order = list(dict.fromkeys(hist["segment"]))

    plays = pd.read_csv(os.path.join(work, "plays.csv"), dtype=str)
    plays["start"] = plays["start_date"].map(day)
    plays["end"] = plays["end_date"].map(lambda s: day(s) if isinstance(s, str) and s else np.nan)
    out = pd.read_csv(os.path.join(work, "outcomes.csv"), dtype=str)
    renewal = dict(zip(out["account_id"], out["renewal_date"].map(day)))

    by_account = {k: g.sort_values("day") for k, g in hist.groupby("account", sort=False)}
    failures = []
    for cp in cli["plays"]:
        k = TIERS.index(cp["tier"])
        starts = plays[plays["play"] == cp["play"]]
        starts_of = {acc: g for acc, g in starts.groupby("account_id")}
        units, left_first, left_last, before, never = [], 0, 0, 0, 0
        for acc, g in by_account.items():
            mine = starts_of.get(acc)
            inside = g[g["tier"] == k]
            if inside.empty:
                never += mine is not None
                continue
            z = inside.iloc[0]
            t0 = z["day"]
            if t0 == dates[0]:
                left_first += 1
                continue
            if t0 == dates[-1]:
                left_last += 1
                continue
            if mine is not None and ((mine["start"] < t0) & ~(mine["end"] < t0)).any():
                before += 1
                continue
            later = mine[mine["start"] >= t0]["start"].min() if mine is not None else np.nan
            treated = bool(later - t0 <= GRACE) if not np.isnan(later) else False
            end = math.inf
            if renewal.get(acc, -math.inf) > t0:
                end = renewal[acc]
            if not treated and not np.isnan(later):
                end = min(end, later - 1)
            s0 = step_of[t0]
            after = g[(g["day"] > t0) & (g["day"] <= end) & (g["day"].map(step_of) - s0 <= steps)]
            after = after[after["tier"].notna()]
            ev = after[after["tier"] > k]
            last = ev.iloc[0] if not ev.empty else (after.iloc[-1] if not after.empty else None)
            when = step_of[last["day"]] - s0 if last is not None else 0
            units.append((treated, z["score"], z["segment"], when, not ev.empty))
        u = pd.DataFrame(units, columns=["treated", "score", "segment", "time", "event"])
        got = {"eligible": len(u), "treated": int(u["treated"].sum()),
               "comparison": int((~u["treated"]).sum()),
               "before_eligibility": before, "in_tier_at_first_snapshot": left_first,
               "entered_at_last_snapshot": left_last, "never_in_tier": never}
        want = {"eligible": cp["eligible"], "treated": cp["treated"], "comparison": cp["comparison"],
                "never_in_tier": cp["never_in_tier"], **cp["left_out"]}
        if got != want:
            failures.append(f"{cp['play']}: counts {got} != CLI {want}")
            continue
        # The treatment model: z, z² of the score rounded to 0.1, a dummy per segment but the largest.
        sd = u["score"].std(ddof=0)
        zc = (u["score"].map(lambda s: round_half_up(s * 10) / 10) - u["score"].mean()) / sd
        sizes = u["segment"].value_counts()
        ref = sorted(sizes.index, key=lambda s: (-sizes[s], seg_order.index(s)))[0]
        X = pd.DataFrame({"z": zc, "z2": zc * zc})
        for s in sorted(sizes.index):
            if s != ref:
                X["seg_" + s] = (u["segment"] == s).astype(float)
        lr = LogisticRegression(C=1e4, tol=1e-12, max_iter=100_000).fit(X, u["treated"])
        e = lr.predict_proba(X)[:, 1]
        w = np.where(u["treated"], 1.0, e / (1 - e))

        def rate(mask, weights):
            km = KaplanMeierFitter().fit(u["time"][mask], u["event"][mask], weights=weights[mask])
            return float((1 - km.survival_function_at_times(steps).iloc[0]) * 100)

        t = u["treated"].values
        ours = {"treated_rate": rate(t, np.ones(len(u))), "comparison_rate": rate(~t, w),
                "unadjusted": rate(~t, np.ones(len(u))),
                "naive": u["event"][t].mean() * 100}
        cli_v = {"treated_rate": cp["recovery"]["treated_rate"],
                 "comparison_rate": cp["recovery"]["comparison_rate"],
                 "unadjusted": cp["unadjusted"]["comparison_rate"],
                 "naive": cp["naive"]["difference"]}
        for key in ours:
            if abs(ours[key] - cli_v[key]) > 0.02:
                failures.append(f"{cp['play']}: {key} {ours[key]:.4f} (pandas, scikit-learn, lifelines) != CLI {cli_v[key]}")
        print(f"{cp['play']}: {got['eligible']} eligible, {got['treated']} treated; "
              + ", ".join(f"{k} {ours[k]:.2f} vs CLI {cli_v[k]}" for k in ours))
    print(f"time: health plays {cli_seconds:.2f} s (with 1,000 bootstrap replicates per play); "
          f"health score per snapshot {scoring_seconds:.2f} s, then pandas + scikit-learn + lifelines "
          f"{time.monotonic() - started:.2f} s (point estimates only)")
    if failures:
        sys.exit("\n".join(failures))
    print("health plays agrees with the pandas / scikit-learn / lifelines oracle")


if __name__ == "__main__":
    main()
