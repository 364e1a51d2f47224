#!/usr/bin/env bash
# Does `health plays` find a play's true effect? Over many demo seeds with a known
# effect (issue 26): the mean estimate and its bias, how often the estimate lands
# within ±5 points of the truth, how often the 95% interval covers the truth, and
# the naive and unadjusted figures beside it, for an injected effect of +15 points
# and of 0 (the rescue play), and for the adoption sprint (truth 0 in every run).
# Usage: benches/plays.sh [SEEDS] [ACCOUNTS] [MONTHS]   (default 200 seeds, 5,000 accounts, 12 months)
# Needs: python3. Long (about 0.5 s per run, two runs per seed): not part of CI;
# tests/health_plays.rs runs a few seeds of the same check.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-200}
accounts=${2:-5000}
months=${3:-12}
cargo build --release --locked --quiet
bin=$PWD/target/release/cs-scorecard
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
out=target/plays-bench.jsonl
: > "$out"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
start=$(date +%s)
for effect in 15 0; do
  for seed in $(seq 1 "$seeds"); do
    "$bin" health demo --accounts "$accounts" --months "$months" --plays --play-effect "$effect" \
      --seed "$seed" --output "$dir/d" --force --quiet
    "$bin" health plays saas-health "$dir/d/snapshots" --plays "$dir/d/plays.csv" \
      --outcomes "$dir/d/outcomes.csv" --format json --quiet \
      | python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps({"effect": float(sys.argv[1]), "seed": int(sys.argv[2]), "plays": {p["play"]: {"recovery": p["recovery"], "naive": p["naive"], "unadjusted": p["unadjusted"], "treated": p["treated"], "comparison": p["comparison"]} for p in d["plays"]}}))' "$effect" "$seed" >> "$out"
  done
done
echo "$((2 * seeds)) runs in $(( $(date +%s) - start )) s; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$out" "$accounts" "$months" <<'PY'
import json, statistics as st, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
print(f"\n{len({r['seed'] for r in runs})} seeds × {sys.argv[2]} accounts × {sys.argv[3]} monthly snapshots per run\n")
print("| play | truth (points) | mean estimate | bias | SD | within ±5 | 95% CI covers the truth | mean CI width | naive before/after | unadjusted |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for play, truths in [("rescue-plan", [15.0, 0.0]), ("adoption-sprint", [0.0])]:
    for truth in truths:
        rs = [r["plays"][play] for r in runs if (r["effect"] == truth or play != "rescue-plan")]
        rs = [x for x in rs if x["recovery"]]
        est = [x["recovery"]["difference"] for x in rs]
        cover = sum(x["recovery"]["low"] <= truth <= x["recovery"]["high"] for x in rs) / len(rs)
        within = sum(abs(e - truth) <= 5 for e in est) / len(rs)
        width = st.mean(x["recovery"]["high"] - x["recovery"]["low"] for x in rs)
        naive = st.mean(x["naive"]["difference"] for x in rs)
        unadj = st.mean(x["unadjusted"]["difference"] for x in rs)
        print(f"| {play} | {truth:+.0f} | {st.mean(est):+.2f} | {st.mean(est) - truth:+.2f} | {st.stdev(est):.2f} "
              f"| {within:.1%} | {cover:.1%} | {width:.1f} | {naive:+.1f} | {unadj:+.1f} |")
PY
