#!/usr/bin/env bash
# Inputs that once took time growing faster than their size (issue 12). Every
# input under the 8 MiB limit must be processed in well under a second.
# Usage: benches/slow-inputs.sh [BINARY...]
#   With no argument, builds and times target/release/cs-scorecard. Name more
#   binaries (an older build) to time them side by side on the same inputs.
# Goal (checked here, not in unit tests): each case < 1 s.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -eq 0 ]; then
  cargo build --release --locked --quiet
  set -- target/release/cs-scorecard
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$tmp" <<'PY'
import json, sys
d = sys.argv[1]
# 1. valid JSON, 100k respondent keys (~1.4 MB)
with open(f"{d}/respondents.json", "w") as f:
    json.dump({"framework": "cx63",
               "respondent": {f"k{i}": "v" for i in range(100_000)},
               "answers": {}}, f)
# 2. 50k unknown question ids
with open(f"{d}/unknown-ids.toml", "w") as f:
    f.write('framework = "cx63"\n[answers]\n')
    f.writelines(f'"nope{i}" = "yes"\n' for i in range(50_000))
# 3. one unknown id of 7 MB
with open(f"{d}/long-id.toml", "w") as f:
    f.write('framework = "cx63"\n[answers]\n"' + "x" * 7_000_000 + '" = "yes"\n')
# 4. a framework with 10k empty sections
with open(f"{d}/empty-sections.toml", "w") as f:
    f.write('id = "empty-sections"\ntitle = "t"\nversion = "1"\ndescription = "d"\n')
    f.writelines(f'[[sections]]\nid = "s{i}"\ntitle = "S"\n' for i in range(10_000))
    f.write('[[bands]]\nmin = 0\nmax = 0\nlabel = "all"\ntext = "All."\n')
# 5, 6. an answer nested 200k lists deep, in TOML and in JSON (tests/corpus.rs
# checks that it is refused at its place; the time is measured here)
deep = "[" * 200_000 + "]" * 200_000
with open(f"{d}/deep.toml", "w") as f:
    f.write(f'framework = "cx63"\n[answers]\nq = {deep}\n')
with open(f"{d}/deep.json", "w") as f:
    f.write(f'{{"framework": "cx63", "answers": {{"q": {deep}}}}}')
PY

cases=(
  "score $tmp/respondents.json --format json"
  "score $tmp/unknown-ids.toml"
  "score $tmp/long-id.toml"
  "check $tmp/empty-sections.toml"
  "score $tmp/deep.toml"
  "score $tmp/deep.json"
)
names=("100k JSON respondent keys" "50k unknown ids" "one 7 MB unknown id" "check: 10k empty sections"
       "lists 200k deep (TOML)" "lists 200k deep (JSON)")
status=0
for bin in "$@"; do
  echo "$bin"
  for i in "${!cases[@]}"; do
    start=$(date +%s%N)
    # shellcheck disable=SC2086
    timeout 300 "$bin" ${cases[$i]} > /dev/null 2>&1 || true
    secs=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
    if awk -v s="$secs" 'BEGIN { exit !(s < 1) }'; then mark="ok  "; else mark="SLOW"; status=1; fi
    printf '  %s %-28s %7.2f s\n' "$mark" "${names[$i]}" "$secs"
  done
done
exit $status
