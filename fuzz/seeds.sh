#!/usr/bin/env bash
# Rebuilds the fuzz seed corpora (fuzz/corpus/<target>/) from the bundled
# samples and test fixtures. The corpora are not committed.
# Usage: fuzz/seeds.sh [path/to/copydesk]   (default: target/release/copydesk)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/copydesk}
[ -x "$bin" ] || cargo build --release --no-default-features
corpus=fuzz/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for t in ron_loader decode html import_copydesk import_doccano import_prodigy import_label_studio detect; do
  mkdir -p "$corpus/$t"
done
n=0
for f in assets/samples/*.txt tests/fixtures/devset/*.txt; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  cp "$f" "$corpus/decode/seed-$n"
  cp "$f" "$corpus/detect/seed-$n"
done
printf '\xff\xfeZ\x00o\x00\xeb\x00' > "$corpus/decode/utf16le"
printf 'Caf\xe9 \x93ok\x94' > "$corpus/decode/cp1252"
# HTML: the samples wrapped in markup with a figure and a credit.
for f in assets/samples/*.txt; do
  n=$((n + 1))
  { printf '<html><body><article><figure><img alt="A photo"><figcaption>Caption <span class="credit">Photo: X</span></figcaption></figure>'
    sed 's/^/<p>/; s/$/<\/p>/' "$f"
    printf '</article><footer>x</footer></body></html>'; } > "$corpus/html/seed-$n.html"
done
# The ron_loader article (fuzz_targets/ron_loader.rs TEXT) with a detected
# and a hand-written annotation file, so seeds carry its fingerprint.
printf 'Zo\xc3\xab Ruiz said: \xe2\x80\x9cWe won \xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd.\xe2\x80\x9d\r\nThe council paid $4 million in 2024, the mayor said.\nPhoto: Ana Ruiz / Example News\n"It will cost more," said Ida Vance, the treasurer.\n' > "$tmp/article.txt"
"$bin" detect "$tmp/article.txt" >/dev/null 2>&1
cp "$tmp/article.txt.copydesk.ron" "$corpus/ron_loader/detected.ron"
# Exports of the tricky fixtures in every JSONL format, one record per seed.
mkdir -p "$tmp/imp"
"$bin" import --out "$tmp/imp" tests/fixtures/tricky.jsonl >/dev/null 2>&1 || true
for fmt in copydesk doccano prodigy label-studio; do
  out="$tmp/export-$fmt"
  "$bin" export --format "$fmt" --include-unfinished --include-suggestions --out "$out" "$tmp/imp" >/dev/null 2>&1 || true
  target=import_${fmt//-/_}
  if [ "$fmt" = label-studio ]; then
    python3 -c 'import json,sys
for i, t in enumerate(json.load(open(sys.argv[1]))):
    open(f"{sys.argv[2]}/task-{i}", "w").write(json.dumps(t))' "$out" "$corpus/$target"
  else
    split -l 1 -a 3 "$out" "$corpus/$target/rec-"
  fi
done
for f in "$tmp"/imp/*.copydesk.ron; do
  cp "$f" "$corpus/ron_loader/$(basename "$f")"
done
du -sh "$corpus"/*
