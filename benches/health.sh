#!/usr/bin/env bash
# `health score` against DuckDB computing the same scores (the `health sql --dialect duckdb`
# query) on the same CSV, same machine, same run: wall time, CPU time and peak memory (GNU time).
# Two tasks: every account to a CSV file (`--format csv --output`; DuckDB `COPY (query) TO`),
# and the summary by tier (`--format table`; DuckDB grouping the query's rows by tier).
# A floor measured in the same run: DuckDB reading the same CSV and summing its signal columns
# (counting the category one), the least any tool reading this file does; the summary is
# reported as a multiple of it.
# Usage: benches/health.sh [ACCOUNTS] [DIR]   (default 10,000,000 accounts in target/health-bench)
#   BEFORE=path/to/an/older/cs-scorecard benches/health.sh   also times that binary, same tasks,
#   so a change is measured before and after in one run.
# Needs: /usr/bin/time, python3 with duckdb (pip install duckdb). Long: not part of CI.
# Goals (issues 17 and 21): cs-scorecard at or below DuckDB's wall time, peak memory under
# 1 GiB; the summary within 2x of the floor.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000000}
dir=${2:-target/health-bench}
cargo build --release --locked --quiet
bin=$PWD/target/release/cs-scorecard
before=${BEFORE:-}
mkdir -p "$dir"
csv="$dir/accounts-current.csv"
if [ "$(cat "$dir/.accounts" 2>/dev/null)" != "$n" ]; then
  echo "== health demo --accounts $n"
  /usr/bin/time -f "demo: %e s wall, %M KiB peak" "$bin" health demo --accounts "$n" --seed 1 --output "$dir" --force
  echo "$n" > "$dir/.accounts"
fi
echo "input: $(wc -l < "$csv") lines, $(du -m "$csv" | cut -f1) MB, $(head -1 "$csv" | tr ',' '\n' | wc -l) columns (12 signals)"
"$bin" health sql saas-health --dialect duckdb --table "read_csv('$csv')" --output "$dir/query.sql" --force
python3 -c 'import duckdb; print("duckdb", duckdb.__version__)'
cat > "$dir/duck.py" <<'PY'
import sys, tomllib, duckdb
task = sys.argv[1]
if task == "floor":
    # The signal columns of the model the other tasks score with.
    model = tomllib.load(open("models/saas-health.toml", "rb"))
    cols = [f"count({s['column']})" if s["normalise"] == "category" else f"sum({s['column']})"
            for s in model["signals"]]
    print(duckdb.sql(f"SELECT count(*), {', '.join(cols)} FROM read_csv('{sys.argv[2]}')").fetchall())
    sys.exit()
q = open(sys.argv[2]).read()
if task == "summary":
    print(duckdb.sql(f"SELECT tier, count(*) AS accounts, sum(arr) AS arr FROM ({q}) GROUP BY tier ORDER BY tier").fetchall())
else:
    duckdb.sql(f"COPY ({q}) TO '{task}' (HEADER)")
PY
run() {
  local label=$1; shift
  /usr/bin/time -f "$label %e %U %S %M" -o "$dir/time.txt" "$@" > /dev/null
  cat "$dir/time.txt"
}
results=()
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
for i in 1 2 3; do
  sync
  results+=("$(run cs-scorecard "$bin" health score saas-health "$csv" --format csv --output "$dir/cs.csv" --force --quiet)")
  results+=("$(run duckdb python3 "$dir/duck.py" "$dir/duck.csv" "$dir/query.sql")")
  results+=("$(run cs-scorecard-summary "$bin" health score saas-health "$csv" --quiet)")
  results+=("$(run duckdb-summary python3 "$dir/duck.py" summary "$dir/query.sql")")
  results+=("$(run duckdb-floor python3 "$dir/duck.py" floor "$csv")")
  if [ -n "$before" ]; then
    results+=("$(run before "$before" health score saas-health "$csv" --format csv --output "$dir/before.csv" --force --quiet)")
    results+=("$(run before-summary "$before" health score saas-health "$csv" --quiet)")
  fi
done
rm -f "$dir/cs.csv" "$dir/duck.csv" "$dir/before.csv"
printf '%s\n' "${results[@]}" > "$dir/results.txt"
python3 - "$dir/results.txt" <<'PY'
import sys, statistics
rows = {}
for line in open(sys.argv[1]):
    label, wall, user, system, kib = line.split()
    rows.setdefault(label, []).append((float(wall), float(user) + float(system), int(kib)))
for label, r in rows.items():
    walls = [w for w, _, _ in r]
    runs = ", ".join(f"{w:.1f}" for w in walls)
    cpu = statistics.median([c for _, c, _ in r])
    peak = max(k for _, _, k in r) / 1024
    print(f"{label:21} wall median {statistics.median(walls):6.1f} s (runs: {runs}), CPU {cpu:6.1f} s, peak memory {peak:7.1f} MiB")
med = {label: statistics.median([w for w, _, _ in r]) for label, r in rows.items()}
print(f"CSV out:  cs-scorecard / duckdb wall time {med['cs-scorecard'] / med['duckdb']:.2f}")
print(f"summary:  cs-scorecard / duckdb wall time {med['cs-scorecard-summary'] / med['duckdb-summary']:.2f}")
print(f"summary:  cs-scorecard / floor (DuckDB summing the signal columns) {med['cs-scorecard-summary'] / med['duckdb-floor']:.2f}")
if "before" in med:
    print(f"CSV out:  after / before wall time {med['cs-scorecard'] / med['before']:.2f}")
    print(f"summary:  after / before wall time {med['cs-scorecard-summary'] / med['before-summary']:.2f}")
PY
echo "load average during the run: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
