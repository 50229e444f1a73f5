"""datasketch's MinHashLSH on the near-duplicate corpus: the peer of
`crates/link/examples/neardup.rs index`, with the same number of permutations, the same
threshold, the same shingles and the same sample.

    python neardup_datasketch.py CORPUS --threshold 0.5 --sample 2000 --truth TRUTH.json

Shingles: the text NFKC-normalised and lower-cased, split into words at every character that
is not alphanumeric, each run of three words (a text of one or two words is one shingle):
the split newstrace's signatures use, re-implemented here. With --truth (written by
`neardup truth`) the shingle count of every sampled document is checked against newstrace's,
and the run fails on any difference, so both tools are scored on the same sets.

Times, on one thread: MinHash of every text (tokenising included, as on newstrace's side),
inserting every MinHash (an insertion session, datasketch's fast path), querying every
MinHash. Prints one JSON object, like the newstrace side.
"""

import argparse
import json
import re
import resource
import sys
import time
import unicodedata

from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE_WORDS = 3
# Quotes and dashes newstrace folds before splitting; they are not alphanumeric, so they
# split words either way and need no folding here.
NON_WORD = re.compile(r"[\W_]+")


def words(text):
    normal = unicodedata.normalize("NFKC", text).lower()
    return [w for w in NON_WORD.split(normal) if w]


def shingles(text):
    ws = words(text)
    if not ws:
        return set()
    width = min(SHINGLE_WORDS, len(ws))
    return {" ".join(ws[i : i + width]) for i in range(len(ws) - width + 1)}


def sample(n, size):
    stride = max(1, n // max(1, size))
    return list(range(0, n, stride))[:size]


def peak_rss_kib():
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--sample", type=int, default=2000)
    ap.add_argument("--truth")
    a = ap.parse_args()

    texts = []
    with open(a.corpus, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                texts.append(json.loads(line).get("text") or "")
    picked = sample(len(texts), a.sample)

    if a.truth:
        with open(a.truth, encoding="utf-8") as f:
            truth = json.load(f)
        bad = [
            i
            for i in picked
            if len(shingles(texts[i])) != truth["sample"][str(i)]["shingles"]
        ]
        if bad:
            sys.exit(f"shingles differ from newstrace's on {len(bad)} sampled documents, e.g. {bad[:5]}")

    rss_loaded = peak_rss_kib()
    start = time.perf_counter()
    hashes = []
    for t in texts:
        m = MinHash(num_perm=NUM_PERM)
        m.update_batch([s.encode("utf-8") for s in shingles(t)])
        hashes.append(m)
    signature_secs = time.perf_counter() - start

    lsh = MinHashLSH(threshold=a.threshold, num_perm=NUM_PERM)
    start = time.perf_counter()
    with lsh.insertion_session() as session:
        for i, m in enumerate(hashes):
            session.insert(i, m, check_duplication=False)
    insert_secs = time.perf_counter() - start

    start = time.perf_counter()
    found = 0
    for m in hashes:
        found += len(lsh.query(m))
    query_secs = time.perf_counter() - start

    candidates = {str(i): sorted(j for j in lsh.query(hashes[i]) if j != i) for i in picked}
    print(
        json.dumps(
            {
                "tool": "datasketch",
                "docs": len(texts),
                "threshold": a.threshold,
                "num_perm": NUM_PERM,
                "bands": lsh.b,
                "rows": lsh.r,
                "signature_secs": signature_secs,
                "insert_secs": insert_secs,
                "query_secs": query_secs,
                "candidates_per_query": found / max(1, len(texts)),
                "rss_loaded_kib": rss_loaded,
                "peak_rss_kib": peak_rss_kib(),
                "candidates": candidates,
            }
        )
    )


if __name__ == "__main__":
    main()
