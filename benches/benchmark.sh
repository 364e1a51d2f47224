#!/usr/bin/env bash
# `benchmark` against a cohort of 10,000 CSPI answers files, filtered and ranked,
# beside a plain Python script a user might write (json + sorting, no scoring).
# Usage: benches/benchmark.sh [N]     (needs python3, /usr/bin/time)
# Goal: a cohort of 10,000 files filtered and ranked in < 2 s.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
cargo build --release --locked --quiet
bin=target/release/cs-scorecard
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 benches/gen_answers.py "$bin" cspi "$n" "$tmp/cohort" --seed 11
cat > "$tmp/alt.py" <<'PY'
import glob, sys, tomllib
vals = []
for p in glob.glob(sys.argv[1] + "/*.toml"):
    with open(p, "rb") as f:
        a = tomllib.load(f)["answers"]
    if a.get("q7") in ("10m-50m", "50m-100m"):
        vals.append(len(a))
vals.sort()
print(len(vals))
PY
time_of() { local s e; s=$(date +%s%N); "$@" > /dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
all=$(time_of "$bin" benchmark examples/cspi.toml --cohort "$tmp/cohort" --format json)
filtered=$(time_of "$bin" benchmark examples/cspi.toml --cohort "$tmp/cohort" --where q7=10m-50m,50m-100m --format json)
alt=$(time_of python3 "$tmp/alt.py" "$tmp/cohort")
/usr/bin/time -f "%M" -o "$tmp/rss" "$bin" benchmark examples/cspi.toml --cohort "$tmp/cohort" --format json > /dev/null
echo "benchmark, cohort of $n:                 $all ms (goal < 2000 ms)"
echo "benchmark --where q7=10m-50m,50m-100m:     $filtered ms"
echo "python3 tomllib, read and filter only:     $alt ms"
echo "peak memory: $(( $(cat "$tmp/rss") / 1024 )) MiB"
[ "$all" -lt 2000 ] && [ "$filtered" -lt 2000 ]
