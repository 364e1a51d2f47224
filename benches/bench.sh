#!/usr/bin/env bash
# Speed and memory of the release binary, measured with hyperfine and GNU time.
# Usage: benches/bench.sh            (installs nothing; needs hyperfine, /usr/bin/time)
# Goals (checked by this script, not by unit tests):
#   start-up (--version)            < 10 ms
#   score an answers file            < 20 ms
#   check every shipped framework    < 50 ms
#   peak memory scoring a 5 MB file  < 64 MiB
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
bin=target/release/cs-scorecard
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "binary size: $(du -k "$bin" | cut -f1) KiB"
hyperfine --warmup 5 --runs 50 -N --export-json "$tmp/h.json" \
  "$bin --version" \
  "$bin score examples/cspi.toml --format json" \
  "$bin score examples/cspi.toml --format html" \
  "$bin check frameworks/"

python3 - "$tmp/h.json" <<'PY'
import json, sys
goals = {"--version": 10, "score examples/cspi.toml --format json": 20,
         "score examples/cspi.toml --format html": 20, "check frameworks/": 50}
failed = False
for r in json.load(open(sys.argv[1]))["results"]:
    ms = r["mean"] * 1000
    for key, goal in goals.items():
        if r["command"].endswith(key):
            ok = ms < goal
            failed |= not ok
            print(f"{'ok ' if ok else 'SLOW'} {key:45} {ms:7.2f} ms (goal < {goal} ms)")
sys.exit(1 if failed else 0)
PY

python3 - "$tmp/big.toml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('framework = "cx63"\n[answers]\n"support.csat" = "yes"\n')
    f.write('"renewals.contract-length" = "' + "x" * 5_000_000 + '"\n')
PY
/usr/bin/time -f "%M" -o "$tmp/rss" "$bin" score "$tmp/big.toml" --format json > /dev/null
rss_kib=$(cat "$tmp/rss")
echo "peak memory scoring a 5 MB answers file: $((rss_kib / 1024)) MiB (goal < 64 MiB)"
[ "$rss_kib" -lt $((64 * 1024)) ]
