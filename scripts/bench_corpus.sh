#!/usr/bin/env bash
# Batch benchmark: generates a folder of N articles (the dev set's texts,
# each made unique), then times `copydesk detect` (writing annotation files)
# and `copydesk export` over it, with wall time and peak memory, next to a
# reference pass (`wc -l` over the same files) so the figures can be read as
# ratios on any machine. Run it for two sizes to see memory stay flat.
# Usage: scripts/bench_corpus.sh COPYDESK_BINARY [N=10000]
set -euo pipefail
bin=$(realpath "$1")
n=${2:-10000}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work/corpus" "$n" tests/fixtures/devset/*.txt <<'PY'
import os, sys
out, n, sources = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
texts = [open(p, encoding="utf-8").read() for p in sources]
for i in range(n):
    folder = os.path.join(out, str(i // 1000))
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"article-{i}.txt"), "w", encoding="utf-8") as f:
        f.write(f"Edition {i}\n\n" + texts[i % len(texts)])
PY
bytes=$(cat "$work"/corpus/*/*.txt | wc -c)
echo "corpus: $n articles, $((bytes / 1024 / 1024)) MiB, $(nproc) cores"

measure() {
  local what=$1
  shift
  /usr/bin/time -f "$what: %e s wall, %M KiB peak memory" "$@" >/dev/null 2>"$work/time.log" || {
    cat "$work/time.log" >&2
    return 1
  }
  tail -n 1 "$work/time.log"
}

measure "reference (wc -l)" sh -c "cat '$work'/corpus/*/*.txt | wc -l"
measure "detect → annotation files" "$bin" detect "$work/corpus"
measure "export copydesk JSONL" "$bin" export "$work/corpus" --format copydesk --include-suggestions --include-unfinished --out "$work/out.jsonl"
measure "export Prodigy JSONL" "$bin" export "$work/corpus" --format prodigy --include-suggestions --include-unfinished --out "$work/out-prodigy.jsonl"
measure "stats" "$bin" stats "$work/corpus"
