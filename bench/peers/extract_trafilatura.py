"""trafilatura on the article-extraction benchmark: the peer of `newstrace eval extraction`.

    python extract_trafilatura.py DIR --out predictions.jsonl [--workers N]

Reads DIR/ground-truth.json and DIR/html/<id>.html.gz (decompression is not timed, as on
newstrace's side), then times `trafilatura.extract` on every page, one page after another on
one thread, and again over a process pool of N workers (default: every core; the workers are
started and have imported trafilatura before the clock starts). Pages are handed over as
bytes with their URL, as newstrace gets them. Options: comments are left out (they are not
part of the article body the benchmark's truth holds); everything else is trafilatura's
default. Writes the one-thread predictions as JSON Lines ({"id", "text"}), to be scored with
`newstrace eval extraction DIR --predictions FILE`, and prints the timings as JSON.
"""

import argparse
import gzip
import json
import os
import time
from multiprocessing import Pool

import trafilatura


def extract(page):
    html, url = page
    return trafilatura.extract(html, url=url, include_comments=False) or ""


def warm(_):
    return os.getpid()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--out", required=True)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args()

    with open(os.path.join(a.dir, "ground-truth.json"), encoding="utf-8") as f:
        truth = json.load(f)
    ids = sorted(truth)
    pages = []
    for i in ids:
        with gzip.open(os.path.join(a.dir, "html", f"{i}.html.gz"), "rb") as f:
            pages.append((f.read(), truth[i].get("url")))

    texts = []
    elapsed = 0.0
    for page in pages:
        start = time.perf_counter()
        text = extract(page)
        elapsed += time.perf_counter() - start
        texts.append(text)

    with Pool(a.workers) as pool:
        pool.map(warm, range(a.workers * 4), chunksize=1)
        start = time.perf_counter()
        parallel = pool.map(extract, pages, chunksize=1)
        parallel_elapsed = time.perf_counter() - start

    with open(a.out, "w", encoding="utf-8") as f:
        for i, t in zip(ids, texts):
            f.write(json.dumps({"id": i, "text": t}) + "\n")
    empty = sum(1 for t in texts if not t)
    print(
        json.dumps(
            {
                "tool": "trafilatura",
                "version": trafilatura.__version__,
                "docs": len(pages),
                "empty": empty,
                "workers": a.workers,
                "docs_per_sec": len(pages) / max(elapsed, 1e-9),
                "docs_per_sec_parallel": len(pages) / max(parallel_elapsed, 1e-9),
                "parallel_same_output": parallel == texts,
            }
        )
    )


if __name__ == "__main__":
    main()
