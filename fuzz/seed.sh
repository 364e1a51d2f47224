#!/usr/bin/env bash
# Seeds the fuzzing corpora from the shipped frameworks, the examples and the
# bad-input corpus, so the fuzzers start from realistic files.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/framework_load corpus/answers_score corpus/cli_paths
cp ../frameworks/*.toml ../tests/fixtures/*.toml ../tests/corpus/framework-* corpus/framework_load/
cp ../examples/*.toml ../tests/fixtures/mini-answers.toml ../tests/corpus/answers-* corpus/answers_score/
cp corpus/framework_load/* corpus/cli_paths/
for f in corpus/answers_score/*; do cp "$f" "corpus/cli_paths/answers-$(basename "$f")"; done
# The inputs that were once slow (benches/slow-inputs.sh), behind the byte that
# picks the command in cli_paths (0: score, 5: score as JSON, 7: check), so
# that mutations start from inputs of megabytes, not bytes.
python3 - <<'PY'
import json
slow = {
    "respondents.json": json.dumps({"framework": "cx63",
                                    "respondent": {f"k{i}": "v" for i in range(100_000)},
                                    "answers": {}}),
    "unknown-ids.toml": 'framework = "cx63"\n[answers]\n'
                        + "".join(f'"nope{i}" = "yes"\n' for i in range(50_000)),
    "long-id.toml": 'framework = "cx63"\n[answers]\n"' + "x" * 7_000_000 + '" = "yes"\n',
    "empty-sections.toml": 'id = "empty-sections"\ntitle = "t"\nversion = "1"\ndescription = "d"\n'
                           + "".join(f'[[sections]]\nid = "s{i}"\ntitle = "S"\n' for i in range(10_000))
                           + '[[bands]]\nmin = 0\nmax = 0\nlabel = "all"\ntext = "All."\n',
}
for pick in (0, 5, 7):
    for name, text in slow.items():
        with open(f"corpus/cli_paths/slow-{pick}-{name}", "wb") as f:
            f.write(bytes([pick]) + text.encode())
PY
