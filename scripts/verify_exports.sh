#!/usr/bin/env bash
# Builds a corpus from the fixtures (emoji, flags, combining accents, CRLF,
# non-breaking spaces, and the labelled dev set), exports it in every
# format, and has each format's consumer read it back.
# Usage: scripts/verify_exports.sh BINARY [--spacy PYTHON]
set -euo pipefail
bin=$(realpath "$1")
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin" import --out "$work/corpus" tests/fixtures/tricky.jsonl tests/fixtures/devset.jsonl
mkdir -p "$work/out"
for format in copydesk doccano prodigy label-studio brat conll; do
  case $format in label-studio) out=$format.json ;; brat|conll) out=$format ;; *) out=$format.jsonl ;; esac
  "$bin" export "$work/corpus" --format "$format" --include-unfinished --out "$work/out/$out"
done
"$bin" export "$work/corpus" --format copydesk --offsets utf16 --include-unfinished --out "$work/out/utf16.jsonl"

python3 scripts/verify_exports.py "$work/out"
node scripts/verify_utf16.mjs "$work/out/utf16.jsonl"
if [ "${2:-}" = "--spacy" ]; then
  "$3" scripts/verify_spacy.py "$work/out/prodigy.jsonl"
fi
