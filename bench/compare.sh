#!/usr/bin/env bash
# Measures newstrace beside the tools people choose between, in one run, on one machine and
# one input, and writes the medians, spreads and ratios to a Markdown report:
#
#   extraction        newstrace vs trafilatura on the article-extraction benchmark (181
#                     pages): docs/s on one thread and on every core, F1 with one metric;
#   near-duplicates   newstrace's MinHash LSH vs datasketch's MinHashLSH (128 permutations,
#                     one threshold, the same shingles) on a generated corpus: signature,
#                     build and query times, peak memory, recall and precision against exact
#                     Jaccard on a sample;
#   pipeline          `newstrace ingest` on a generated corpus: articles/s, peak memory, and
#                     the ratio to a plain pass that only reads and tokenises the input;
#   incremental add   latency of adding to the pipeline's store (a hook, see below).
#
# Usage:
#   bench/compare.sh            full run: 3 runs each, 100,000 articles for near-duplicates,
#                               1,000,000 for the pipeline (hours at today's speed)
#   bench/compare.sh --smoke    a few hundred documents, one run: checks that the harness and
#                               the peers still work (part of .ci/run)
# Parts (environment): PARTS, any of "extraction neardup pipeline" (default all three); a
# part left out is reported as not run, and its goal is not judged.
# Sizes (environment): RUNS, PIPE_RUNS, ND_ARTICLES, ND_SAMPLE, THRESHOLD, PIPE_ARTICLES,
# PIPE_CORES, EVAL (default ../shared/eval), OUT (default bench/out), REPORT, PROFILE (cargo
# profile: release, or dev for --smoke), SKIP_BUILD (1: use the binaries target/ holds).
# The peers are installed from PyPI into bench/.venv (versions in bench/requirements.txt).
# Exits non-zero when a peer cannot be installed, fails, or produces nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
case "${1:-}" in
  --smoke) mode=smoke ;;
  --full | "") mode=full ;;
  *)
    echo "usage: bench/compare.sh [--smoke|--full]" >&2
    exit 2
    ;;
esac

if [ "$mode" = smoke ]; then
  RUNS=${RUNS:-1}
  ND_ARTICLES=${ND_ARTICLES:-400}
  ND_SAMPLE=${ND_SAMPLE:-100}
  PIPE_ARTICLES=${PIPE_ARTICLES:-300}
  REPORT=${REPORT:-bench/out/smoke.md}
  # Why a debug build: the smoke run checks that everything works, not how fast, and
  # `cargo test` has already built these binaries.
  PROFILE=${PROFILE:-dev}
else
  RUNS=${RUNS:-3}
  ND_ARTICLES=${ND_ARTICLES:-100000}
  ND_SAMPLE=${ND_SAMPLE:-2000}
  PIPE_ARTICLES=${PIPE_ARTICLES:-1000000}
  REPORT=${REPORT:-bench/results/latest.md}
  PROFILE=${PROFILE:-release}
fi
PIPE_RUNS=${PIPE_RUNS:-$RUNS}
PARTS=${PARTS:-extraction neardup pipeline}
wants() { [[ " $PARTS " == *" $1 "* ]]; }
THRESHOLD=${THRESHOLD:-0.5}
PIPE_CORES=${PIPE_CORES:-2}
EVAL=${EVAL:-../shared/eval}
OUT=${OUT:-bench/out}
PY=bench/.venv/bin/python

rm -rf "$OUT/runs"
mkdir -p "$OUT/runs/extract" "$OUT/runs/neardup" "$OUT/runs/pipeline" "$OUT/data" "$(dirname "$REPORT")"
runs="$OUT/runs"

echo "== peers (bench/.venv)"
if [ ! -x "$PY" ]; then
  python3 -m venv bench/.venv
fi
"$PY" -m pip install -q --disable-pip-version-check -r bench/requirements.txt
"$PY" -c 'import trafilatura, datasketch; print("trafilatura", trafilatura.__version__, "datasketch", datasketch.__version__)'

echo "== build ($PROFILE)"
if [ -z "${SKIP_BUILD:-}" ]; then
  cargo build --profile "$PROFILE" --locked -q -p newstrace-cli
  cargo build --profile "$PROFILE" --locked -q -p newstrace-link --example neardup --example plain_pass
fi
# Why copies: every step of the run must measure the same binaries, even if the tree is
# rebuilt meanwhile. SKIP_BUILD=1 takes what target/ holds.
dir=${CARGO_TARGET_DIR:-target}/$([ "$PROFILE" = dev ] && echo debug || echo "$PROFILE")
mkdir -p "$OUT/bin"
cp "$dir/newstrace" "$dir/examples/neardup" "$dir/examples/plain_pass" "$OUT/bin/"
bin=$OUT/bin/newstrace
examples=$OUT/bin

python3 - "$runs/machine.json" "$mode/$PROFILE" "$RUNS" "$PIPE_RUNS" "$ND_ARTICLES" "$ND_SAMPLE" "$THRESHOLD" "$PIPE_ARTICLES" "$PIPE_CORES" "$PARTS" <<'PY'
import json, os, platform, subprocess, sys, datetime
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
keys = ["mode", "runs", "pipe_runs", "nd_articles", "nd_sample", "threshold", "pipe_articles", "pipe_cores", "parts"]
info = dict(zip(keys, sys.argv[2:]))
info.update(cores=os.cpu_count(), cpu=cpu, mem_gib=round(mem / 2**20, 1), rustc=rustc,
            python=platform.python_version(), date=datetime.date.today().isoformat())
json.dump(info, open(sys.argv[1], "w"))
print(f"{info['cores']} cores, {cpu}, {info['mem_gib']} GiB, {rustc}, {info['date']}")
PY

# Articles for N lines: the generator writes about 4.2 articles a story; write a little more
# and keep the first N lines.
gen() {
  local n=$1 out=$2
  if [ -s "$out" ] && [ "$(wc -l <"$out")" -eq "$n" ]; then
    return
  fi
  if ! "$bin" gen --seed 1 --stories $((n * 10 / 42 + 50)) --out "$out.all" --truth "$out.truth.json" \
    >"$out.log" 2>&1; then
    cat "$out.log" >&2
    exit 1
  fi
  head -n "$n" "$out.all" >"$out"
  rm -f "$out.all"
  if [ "$(wc -l <"$out")" -ne "$n" ]; then
    echo "generator wrote fewer than $n articles" >&2
    exit 1
  fi
}

echo "== extraction ($EVAL/article-extraction) [${SECONDS}s]"
if ! wants extraction; then
  echo "  skipped: not in PARTS"
elif [ -f "$EVAL/article-extraction/ground-truth.json" ]; then
  for r in $(seq "$RUNS"); do
    "$bin" eval extraction "$EVAL/article-extraction" --json >"$runs/extract/newstrace.$r.json"
    "$PY" bench/peers/extract_trafilatura.py "$EVAL/article-extraction" \
      --out "$runs/extract/trafilatura.$r.jsonl" >"$runs/extract/trafilatura.$r.json"
    "$bin" eval extraction "$EVAL/article-extraction" --json \
      --predictions "$runs/extract/trafilatura.$r.jsonl" >"$runs/extract/trafilatura-score.$r.json"
    echo "  run $r done"
  done
else
  echo "  skipped: $EVAL/article-extraction not found"
fi

echo "== near-duplicates ($ND_ARTICLES generated articles, threshold $THRESHOLD, sample $ND_SAMPLE) [${SECONDS}s]"
if wants neardup; then
  nd="$OUT/data/neardup-$ND_ARTICLES.jsonl"
  gen "$ND_ARTICLES" "$nd"
  "$examples/neardup" truth "$nd" --threshold "$THRESHOLD" --sample "$ND_SAMPLE" >"$runs/neardup/truth.json"
  for r in $(seq "$RUNS"); do
    "$examples/neardup" index "$nd" --threshold "$THRESHOLD" --sample "$ND_SAMPLE" >"$runs/neardup/newstrace.$r.json"
    "$PY" bench/peers/neardup_datasketch.py "$nd" --threshold "$THRESHOLD" --sample "$ND_SAMPLE" \
      --truth "$runs/neardup/truth.json" >"$runs/neardup/datasketch.$r.json"
    echo "  run $r done"
  done
else
  echo "  skipped: not in PARTS"
fi

echo "== pipeline ($PIPE_ARTICLES generated articles, $PIPE_CORES cores) [${SECONDS}s]"
if wants pipeline; then
  pipe="$OUT/data/pipeline-$PIPE_ARTICLES.jsonl"
  gen "$PIPE_ARTICLES" "$pipe"
  # Pin to PIPE_CORES cores where the machine has more, so the goal's "2 cores" is what runs.
  pin=()
  if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -gt "$PIPE_CORES" ]; then
    pin=(taskset -c "0-$((PIPE_CORES - 1))")
  fi
  store="$OUT/data/pipeline.db"
  for r in $(seq "$PIPE_RUNS"); do
    RAYON_NUM_THREADS=$PIPE_CORES python3 bench/measure.py "$runs/pipeline/plain.$r.stats.json" \
      "$runs/pipeline/plain.$r.json" -- "${pin[@]}" "$examples/plain_pass" "$pipe"
    rm -rf "$store" "$store-wal" "$store-shm" "$store.search"
    RAYON_NUM_THREADS=$PIPE_CORES python3 bench/measure.py "$runs/pipeline/ingest.$r.stats.json" \
      "$runs/pipeline/ingest.$r.json" -- "${pin[@]}" "$bin" ingest -q --json --db "$store" "$pipe"
    echo "  run $r done"
  done

  echo "== incremental add latency on the pipeline's store [${SECONDS}s]"
  # `newstrace bench-add` adds generated articles one at a time to the pipeline's store (a
  # scratch store) with the index loaded once, and prints p50/p90/p99 add latency as JSON.
  if "$bin" bench-add --help >/dev/null 2>&1; then
    "$bin" bench-add --db "$store" --json >"$runs/pipeline/add.json"
  else
    echo "  not measured yet: newstrace has no bench-add command"
  fi
else
  echo "  skipped: not in PARTS (and so is the add latency on its store)"
fi

echo "== report ($REPORT), after ${SECONDS}s"
python3 bench/report.py "$runs" >"$REPORT"
cat "$REPORT"
