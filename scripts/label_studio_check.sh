#!/usr/bin/env bash
# Verifies a copydesk Label Studio export in Label Studio itself: installs it
# from PyPI into a virtual environment, starts it on 127.0.0.1, imports the
# export through its API into a project with copydesk's labelling
# configuration, reads the tasks back and checks that every region's start,
# end and text are unchanged. Heavy (Label Studio and its dependencies);
# runs outside CI. Usage: scripts/label_studio_check.sh COPYDESK_BINARY
set -euo pipefail
bin=$(realpath "$1")
cd "$(dirname "$0")/.."
work=$(mktemp -d)
venv=${LS_VENV:-target/label-studio-venv}
port=${LS_PORT:-18080}
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ ! -x "$venv/bin/label-studio" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check label-studio
fi

"$bin" import --out "$work/corpus" tests/fixtures/tricky.jsonl tests/fixtures/devset.jsonl >/dev/null 2>&1
"$bin" export "$work/corpus" --format label-studio --include-unfinished --include-suggestions --out "$work/tasks.json"

export LABEL_STUDIO_BASE_DATA_DIR="$work/ls-data"
export LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK=false
# The fixed token below is a legacy API token, which Label Studio 1.14+ must be told to accept.
export LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN=true
token=copydesk-check-token-0123456789abcdef
"$venv/bin/label-studio" start --no-browser --host 127.0.0.1 --port "$port" \
  --username check@copydesk.local --password copydesk-check --user-token "$token" \
  >"$work/ls.log" 2>&1 &
server=$!
for _ in $(seq 1 180); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 1
done

"$venv/bin/python" scripts/label_studio_roundtrip.py "http://127.0.0.1:$port" "$token" "$work/tasks.json"
