"""Turns the raw results of bench/compare.sh into a Markdown report on standard output.

    python3 bench/report.py OUT/runs > report.md

Every figure is the median of the runs, with min and max. A ratio is newstrace ÷ peer:
for throughputs (docs/s, operations/s) above 1 means newstrace is faster; for memory below 1
means newstrace uses less. Goals are judged only on a full-sized run. Exits non-zero when a
result is missing or a peer produced nothing, so the smoke run in CI fails instead of rotting.
"""

import glob
import json
import os
import statistics
import sys

RUNS = sys.argv[1] if len(sys.argv) > 1 else "bench/out/runs"
problems = []


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def runs(pattern):
    """The JSON objects of every run matching pattern (numbered .N.json)."""
    paths = sorted(glob.glob(os.path.join(RUNS, pattern)))
    out = []
    for p in paths:
        try:
            out.append(load(p))
        except (OSError, ValueError) as e:
            problems.append(f"{p}: {e}")
    return out


def spread(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return statistics.median(values), min(values), max(values)


def fmt(s, digits=0, unit=""):
    if s is None:
        return "–"
    med, lo, hi = s
    f = f"{{:,.{digits}f}}"
    if len(set([lo, hi])) == 1:
        return f"{f.format(med)}{unit}"
    return f"{f.format(med)}{unit} ({f.format(lo)}–{f.format(hi)})"


def ratio(a, b, digits=1):
    if a is None or b is None or b[0] == 0:
        return None, "–"
    r = a[0] / b[0]
    return r, f"{r:.{digits}f}×" if r >= 0.1 else f"{r:.3f}×"


def row(cells):
    return "| " + " | ".join(cells) + " |"


machine = load(os.path.join(RUNS, "machine.json"))
full = machine.get("mode", "").startswith("full")
# Parts the run measured (`PARTS`); a part left out is reported as not run, not as missing.
parts = set(machine.get("parts", "extraction neardup pipeline").split())
lines = [
    "# newstrace beside its peers",
    "",
    f"Machine: {machine['cores']} cores, {machine['cpu']}, {machine['mem_gib']} GiB; "
    f"{machine['rustc']}, Python {machine['python']}; {machine['date']}. "
    f"Mode: {machine['mode']} ({machine['runs']} runs; pipeline {machine['pipe_runs']}; parts: {', '.join(sorted(parts))}).",
    "",
    *(
        ["**Debug build: these numbers only show that every step ran; they measure nothing.**", ""]
        if machine.get("mode", "").endswith("/dev")
        else []
    ),
    "Figures: median of the runs (min–max). Ratio: newstrace ÷ peer; for throughput above 1 "
    "means newstrace is faster, for memory below 1 means it uses less.",
    "",
]
goals = []

# Extraction.
ours = runs("extract/newstrace.*.json")
peer = runs("extract/trafilatura.[0-9]*.json")
peer_score = runs("extract/trafilatura-score.*.json")
if ours or peer:
    version = peer[0].get("version", "?") if peer else "?"
    workers = peer[0].get("workers", "?") if peer else "?"
    lines += [
        f"## Extraction: article-extraction benchmark (181 pages), trafilatura {version}",
        "",
        row(["measure", "newstrace", "trafilatura", "ratio"]),
        row(["---"] * 4),
    ]
    one = (spread([r["docs_per_sec"] for r in ours]), spread([r["docs_per_sec"] for r in peer]))
    allc = (
        spread([r["docs_per_sec_parallel"] for r in ours]),
        spread([r["docs_per_sec_parallel"] for r in peer]),
    )
    f1 = (spread([r["f1"] for r in ours]), spread([r["f1"] for r in peer_score]))
    r_one, t_one = ratio(*one)
    r_all, t_all = ratio(*allc)
    lines.append(row(["docs/s, one thread", fmt(one[0], 1), fmt(one[1], 1), t_one]))
    lines.append(
        row([f"docs/s, all cores ({workers} processes for trafilatura)", fmt(allc[0], 1), fmt(allc[1], 1), t_all])
    )
    for key in ("f1", "precision", "recall"):
        a = spread([r[key] for r in ours])
        b = spread([r[key] for r in peer_score])
        diff = "–" if a is None or b is None else f"{a[0] - b[0]:+.4f}"
        lines.append(row([key if key != "f1" else "F1 (same metric)", fmt(a, 4), fmt(b, 4), diff]))
    lines.append("")
    for r in peer:
        if r.get("empty", 0) >= r.get("docs", 0):
            problems.append("trafilatura extracted nothing")
    for r in peer_score:
        if r["f1"] < 0.5 or r.get("missing", 0) > 0:
            problems.append(f"trafilatura predictions look broken: F1 {r['f1']:.3f}, {r.get('missing')} missing")
    if r_one is not None and f1[0] and f1[1]:
        goals.append(
            (
                "extraction ≥ 4× trafilatura at equal or better F1",
                f"{r_one:.1f}× one thread, {r_all or 0:.1f}× all cores; F1 {f1[0][0]:.4f} vs {f1[1][0]:.4f}",
                r_one >= 4 and (r_all or 0) >= 4 and f1[0][0] >= f1[1][0],
            )
        )
elif "extraction" not in parts:
    lines += ["## Extraction", "", "Not run (left out of PARTS).", ""]
else:
    lines += ["## Extraction", "", "Not run (the evaluation set was not found).", ""]


# Near-duplicates.
def scores(result, truth):
    """Micro-averaged recall and precision of the sampled candidates against exact Jaccard."""
    tp = found = relevant = 0
    for q, t in truth["sample"].items():
        true = set(t["neighbours"])
        cand = set(result["candidates"].get(q, []))
        tp += len(true & cand)
        found += len(cand)
        relevant += len(true)
    recall = tp / relevant if relevant else None
    precision = tp / found if found else None
    return recall, precision, relevant, found


truth_path = os.path.join(RUNS, "neardup/truth.json")
nd_ours = runs("neardup/newstrace.*.json")
nd_peer = runs("neardup/datasketch.*.json")
if os.path.exists(truth_path) and nd_ours and nd_peer:
    truth = load(truth_path)
    docs = nd_ours[0]["docs"]
    b = nd_ours[0]
    lines += [
        f"## Near-duplicates: {docs:,} generated articles, threshold {b['threshold']}, "
        f"{b['num_perm']} permutations",
        "",
        f"Both index with {b['bands']} bands × {b['rows']} rows (datasketch: "
        f"{nd_peer[0]['bands']} × {nd_peer[0]['rows']}). Truth: exact Jaccard ≥ {truth['threshold']} "
        f"over the same 3-word shingles, for {len(truth['sample']):,} sampled documents against all "
        f"{truth['docs']:,}.",
        "",
        row(["measure", "newstrace", "datasketch", "ratio"]),
        row(["---"] * 4),
    ]

    def per_sec(rs, key):
        return spread([r["docs"] / r[key] if r[key] > 0 else None for r in rs])

    def total(rs, keys):
        return spread([r["docs"] / sum(r[k] for k in keys) for r in rs])

    phases = [
        ("signatures/s (MinHash of each text, tokenising included)", per_sec, "signature_secs"),
        ("inserts/s (index build)", per_sec, "insert_secs"),
        ("queries/s (every document)", per_sec, "query_secs"),
    ]
    for name, fn, key in phases:
        a, p = fn(nd_ours, key), fn(nd_peer, key)
        lines.append(row([name, fmt(a), fmt(p), ratio(a, p)[1]]))
    build_keys = ["insert_secs", "query_secs"]
    all_keys = ["signature_secs"] + build_keys
    idx = (total(nd_ours, build_keys), total(nd_peer, build_keys))
    end = (total(nd_ours, all_keys), total(nd_peer, all_keys))
    r_idx, t_idx = ratio(*idx)
    r_end, t_end = ratio(*end)
    lines.append(row(["docs/s, build + query", fmt(idx[0]), fmt(idx[1]), t_idx]))
    lines.append(row(["docs/s, signatures + build + query", fmt(end[0]), fmt(end[1]), t_end]))
    mem = (
        spread([r["peak_rss_kib"] / 1024 for r in nd_ours]),
        spread([r["peak_rss_kib"] / 1024 for r in nd_peer]),
    )
    grown = (
        spread([(r["peak_rss_kib"] - r["rss_loaded_kib"]) / 1024 for r in nd_ours]),
        spread([(r["peak_rss_kib"] - r["rss_loaded_kib"]) / 1024 for r in nd_peer]),
    )
    lines.append(row(["peak memory, MiB (whole process)", fmt(mem[0]), fmt(mem[1]), ratio(*mem, 2)[1]]))
    lines.append(
        row(["peak memory above the loaded corpus, MiB", fmt(grown[0]), fmt(grown[1]), ratio(*grown, 2)[1]])
    )
    cand = (
        spread([r["candidates_per_query"] for r in nd_ours]),
        spread([r["candidates_per_query"] for r in nd_peer]),
    )
    lines.append(row(["candidates per query (self included)", fmt(cand[0], 2), fmt(cand[1], 2), "–"]))
    s_ours = [scores(r, truth) for r in nd_ours]
    s_peer = [scores(r, truth) for r in nd_peer]
    rec = (spread([s[0] for s in s_ours]), spread([s[0] for s in s_peer]))
    prec = (spread([s[1] for s in s_ours]), spread([s[1] for s in s_peer]))
    for name, pair in (("recall vs exact Jaccard", rec), ("precision vs exact Jaccard", prec)):
        diff = "–" if None in pair else f"{pair[0][0] - pair[1][0]:+.4f}"
        lines.append(row([name, fmt(pair[0], 4), fmt(pair[1], 4), diff]))
    relevant = s_ours[0][2]
    lines += ["", f"True pairs in the sample: {relevant:,}.", ""]
    if relevant and all(s[3] == 0 for s in s_peer):
        problems.append("datasketch found no candidates at all")
    if r_end is not None and rec[0] and rec[1]:
        goals.append(
            (
                "near-duplicates ≥ 50× datasketch at equal or better recall",
                f"{r_end:.1f}× end to end ({r_idx:.1f}× build + query); recall {rec[0][0]:.4f} vs {rec[1][0]:.4f}",
                r_end >= 50 and rec[0][0] >= rec[1][0],
            )
        )
elif "neardup" not in parts:
    lines += ["## Near-duplicates", "", "Not run (left out of PARTS).", ""]
else:
    problems.append("near-duplicate results missing")

# Pipeline.
plain = runs("pipeline/plain.[0-9]*.json")
plain = [p for p in plain if "records" in p]
ingest = runs("pipeline/ingest.[0-9]*.json")
ingest = [r for r in ingest if "read" in r]
ingest_stats = runs("pipeline/ingest.*.stats.json")
if plain and ingest and ingest_stats:
    n = ingest[0]["read"]
    rate = spread([r["read"] / s["secs"] for r, s in zip(ingest, ingest_stats)])
    plain_rate = spread([p["records_per_sec"] for p in plain])
    mem = spread([s["peak_rss_kib"] / 2**20 for s in ingest_stats])
    r_plain, t_plain = ratio(rate, plain_rate, 4)
    lines += [
        f"## Full pipeline: {n:,} generated articles, {machine['pipe_cores']} cores",
        "",
        "`newstrace ingest` (read, extract, store, analyse, check, sign, link) into a fresh store, "
        "timed from start to exit; the plain pass only reads the same JSONL with the same reader "
        "and splits every text into words.",
        "",
        row(["measure", "result"]),
        row(["---"] * 2),
        row(["articles/s, full pipeline", fmt(rate)]),
        row(["peak memory, GiB", fmt(mem, 3)]),
        row(["records/s, plain pass (read + tokenise)", fmt(plain_rate)]),
        row(["pipeline ÷ plain pass", t_plain]),
        row(["new articles / read", f"{ingest[0]['new']:,} / {n:,} ({ingest[0].get('relations', 0):,} relations)"]),
        "",
    ]
    for r, s in zip(ingest, ingest_stats):
        if s.get("rc", 0) not in (0, 3) or r["read"] == 0:
            problems.append(f"ingest failed: rc {s.get('rc')}, read {r['read']}")
    if rate:
        at = "" if n >= 1_000_000 else f" (measured at {n:,}, not 1,000,000)"
        goals.append(
            (
                "full pipeline ≥ 5,000 articles/s on 2 cores in ≤ 4 GiB" + at,
                f"{rate[0]:,.0f} articles/s, {mem[0]:.2f} GiB",
                rate[0] >= 5000 and mem[0] <= 4 and n >= 1_000_000,
            )
        )
elif "pipeline" not in parts:
    lines += ["## Full pipeline", "", "Not run (left out of PARTS).", ""]
else:
    problems.append("pipeline results missing")

add_path = os.path.join(RUNS, "pipeline/add.json")
lines += ["## Incremental add latency", ""]
if os.path.exists(add_path):
    add = load(add_path)
    lines += ["```json", json.dumps(add, indent=2), "```", ""]
else:
    lines += ["Not measured: `newstrace bench-add` gave no result.", ""]

lines += ["## Goals", ""]
if full:
    lines += [row(["goal", "measured", "met"]), row(["---"] * 3)]
    lines += [row([g, m, "yes" if ok else "**no**"]) for g, m, ok in goals]
else:
    lines.append("Not judged: smoke-sized run.")
lines.append("")
if problems:
    lines += ["## Problems", ""] + [f"- {p}" for p in problems] + [""]
print("\n".join(lines))
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
