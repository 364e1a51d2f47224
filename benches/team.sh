#!/usr/bin/env bash
# `team` on 10,000 answers files: time and peak memory, against a plain Python
# script a user might write instead (json + Counter: distributions only, no scoring).
# Usage: benches/team.sh [N]     (needs python3, /usr/bin/time; hyperfine if installed)
# Goals: 10,000 files aggregated in < 2 s; peak memory flat in the number of files.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
cargo build --release --locked --quiet
bin=target/release/cs-scorecard
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 benches/gen_answers.py "$bin" cx63 "$n" "$tmp/big" --json --seed 7
python3 benches/gen_answers.py "$bin" cx63 $((n / 10)) "$tmp/small" --json --seed 7
cat > "$tmp/alt.py" <<'PY'
import collections, glob, json, sys
counts = collections.defaultdict(collections.Counter)
for p in glob.glob(sys.argv[1] + "/*.json"):
    with open(p) as f:
        for q, v in json.load(f)["answers"].items():
            for x in (v if isinstance(v, list) else [v]):
                counts[q][str(x)] += 1
print(len(counts))
PY
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --runs 5 \
    "$bin team $tmp/big --format json" \
    "python3 $tmp/alt.py $tmp/big"
else
  for c in "$bin team $tmp/big --format json" "python3 $tmp/alt.py $tmp/big"; do
    s=$(date +%s.%N); $c > /dev/null; e=$(date +%s.%N)
    echo "$c: $(python3 -c "print(round($e - $s, 2))") s"
  done
fi
for d in small big; do
  /usr/bin/time -f "%M" -o "$tmp/rss" "$bin" team "$tmp/$d" --format json > /dev/null
  echo "peak memory, $(ls "$tmp/$d" | wc -l) files: $(( $(cat "$tmp/rss") / 1024 )) MiB"
done
start=$(date +%s%N); "$bin" team "$tmp/big" --format json > /dev/null; end=$(date +%s%N)
ms=$(( (end - start) / 1000000 ))
echo "team on $n files: $ms ms (goal < 2000 ms)"
[ "$ms" -lt 2000 ]
