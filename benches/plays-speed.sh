#!/usr/bin/env bash
# `health plays` on about a million snapshot rows (issue 26's goal: under 5 s), beside
# what a data team would otherwise write: each snapshot scored by the CLI, then the
# trials in pandas with scikit-learn and lifelines (tests/plays/oracle.py, which checks
# the numbers agree; it computes point estimates only, no intervals).
# Usage: benches/plays-speed.sh [ACCOUNTS] [MONTHS]   (default 87,000 accounts × 12 months: just over 1M snapshot rows, as churned accounts leave)
# Needs: /usr/bin/time, python3 with pandas, scikit-learn, lifelines. Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
accounts=${1:-87000}
months=${2:-12}
cargo build --release --locked --quiet
bin=$PWD/target/release/cs-scorecard
dir=target/plays-speed
if [ "$(cat "$dir/.made" 2>/dev/null)" != "$accounts $months" ]; then
  /usr/bin/time -f "demo: %e s wall, %M KiB peak" "$bin" health demo --accounts "$accounts" \
    --months "$months" --plays --seed 1 --output "$dir" --force --quiet
  echo "$accounts $months" > "$dir/.made"
fi
echo "input: $(cat "$dir"/snapshots/*.csv | wc -l) lines in $(ls "$dir"/snapshots | wc -l) snapshot files ($(du -sm "$dir/snapshots" | cut -f1) MB), $(($(wc -l < "$dir/plays.csv") - 1)) plays"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
for i in 1 2 3; do
  /usr/bin/time -f "health plays: %e s wall, %U s user, %S s system, %M KiB peak" \
    "$bin" health plays saas-health "$dir/snapshots" --plays "$dir/plays.csv" \
    --outcomes "$dir/outcomes.csv" --format json --quiet > "$dir/plays.json"
done
python3 tests/plays/oracle.py "$bin" --dir "$dir" | tail -2
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
