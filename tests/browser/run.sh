#!/usr/bin/env bash
# Browser tests of the web UI: builds a fresh store from examples/corpus plus the hostile
# fixture, serves it with `newstrace serve` on a free port, and runs ui.test.mjs in the
# system Chromium. Needs `chromium` (CHROMIUM overrides /usr/bin/chromium), curl, and
# `npm ci` done in this folder. Screenshots go to $OUT_DIR if set, else to
# tests/browser/artifacts/.
#
#   tests/browser/run.sh            # builds and uses target/debug/newstrace
#   NEWSTRACE_BIN=path/to/newstrace tests/browser/run.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

chromium_bin="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium_bin" ]; then
  echo "browser tests: no Chromium at $chromium_bin (apt-get install chromium)" >&2
  exit 1
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "browser tests: run 'npm ci' in tests/browser first" >&2
  exit 1
fi

# The debug build: the test job has just built it, so this is a quick up-to-date check
# (it also keeps a stale binary from being tested). NEWSTRACE_BIN skips the build.
bin="${NEWSTRACE_BIN:-}"
if [ -z "$bin" ]; then
  cargo build -p newstrace-cli
  bin="$root/target/debug/newstrace"
fi

artifacts="${OUT_DIR:-$here/artifacts}"
mkdir -p "$artifacts"
tmp="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "== store: examples/corpus + hostile fixture"
"$bin" -q run examples/corpus --db "$tmp/ui.db" >"$tmp/run.log"
"$bin" -q ingest crates/cli/tests/fixtures/report/hostile.jsonl --db "$tmp/ui.db" >>"$tmp/run.log"

echo "== serve"
# Port 0: the server picks a free port and prints the address it listens on.
"$bin" serve --db "$tmp/ui.db" --addr 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
server=$!
url=""
for _ in $(seq 1 100); do
  if ! kill -0 "$server" 2>/dev/null; then
    echo "browser tests: the server exited:" >&2
    cat "$tmp/serve.err" >&2
    exit 1
  fi
  url="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/serve.out" | head -n 1 || true)"
  if [ -n "$url" ] && curl -fsS "$url/api/health" >/dev/null 2>&1; then
    break
  fi
  url=""
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "browser tests: the server did not answer /api/health within 10 s" >&2
  cat "$tmp/serve.err" >&2
  exit 1
fi
echo "serving $url"

echo "== chromium ($("$chromium_bin" --version 2>/dev/null || echo unknown version))"
NEWSTRACE_URL="$url" ARTIFACTS_DIR="$artifacts" CHROMIUM="$chromium_bin" \
  node "$here/ui.test.mjs"
