#!/usr/bin/env bash
# Measures newstrace on the public evaluation sets and prints the numbers recorded in
# docs/BENCHMARKS.md: extraction quality and speed, date accuracy, and end-to-end ingest
# throughput. Run from anywhere; needs ../shared/eval beside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL=${EVAL:-../shared/eval}
cargo build --release --locked -q
bin=target/release/newstrace

echo "== machine"
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"

echo "== extraction ($EVAL/article-extraction)"
"$bin" eval extraction "$EVAL/article-extraction"

echo "== publication dates ($EVAL/publication-dates)"
"$bin" eval dates "$EVAL/publication-dates"

echo "== ingest, end to end (gunzip, extract, store) of the 181 + 200 benchmark pages"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s.%N)
"$bin" ingest -q --json --db "$tmp/bench.db" "$EVAL/article-extraction/html" "$EVAL/publication-dates/html" >"$tmp/out.json" || true
end=$(date +%s.%N)
python3 - "$tmp/out.json" "$start" "$end" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
secs = float(sys.argv[3]) - float(sys.argv[2])
print(f"  {s['read']} records, {s['new']} new, {s['failed']} failed in {secs:.2f} s "
      f"({s['read'] / secs:.0f} records/s, all cores, including start-up)")
PY
