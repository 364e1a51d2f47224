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
