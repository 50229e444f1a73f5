#!/usr/bin/env python3
"""Regenerate the binary files of the newstrace example corpus, deterministically.

Writes two files (paths relative to the repository root):

  examples/corpus/warc/mirror.warc.gz
      A small WARC/1.1 file, one gzip member per record:
        1. warcinfo
        2. request   GET https://mirror-news.example/world/2026/03/03/baltic-states-sign-air-defence-deal.html
        3. response  200, text/html; the page wraps the *same* article paragraphs as
                     examples/corpus/html/nordwire-air-defence.html (read from that
                     file, so the two can never drift apart) in different boilerplate
        4. response  200, image/png   (the mirror's logo; a reader should skip it)
        5. response  404, text/html   (a missing favicon; a reader should skip it)

  examples/corpus/jsonl/meridian-archive-2026-02.jsonl.gz
      Plain-schema JSONL ({id, title, text, url, outlet, published, byline}),
      gzip-compressed: two February items from the Meridian Press Agency archive.

Everything is fixed: record ids, dates, gzip mtime (0), no file name in the gzip
header, compression level 9. Rerunning the script reproduces both files byte for
byte (given the standard zlib that CPython ships with).

Usage:  python3 examples/tools/make_warc.py [--check]
        --check  rebuild in memory and exit 1 if the committed files differ.

Standard library only.
"""

import base64
import gzip
import hashlib
import html
import io
import json
import os
import re
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
CORPUS = os.path.join(ROOT, "examples", "corpus")
ORIGINAL = os.path.join(CORPUS, "html", "nordwire-air-defence.html")
WARC_OUT = os.path.join(CORPUS, "warc", "mirror.warc.gz")
JSONL_GZ_OUT = os.path.join(CORPUS, "jsonl", "meridian-archive-2026-02.jsonl.gz")

WARC_DATE = "2026-03-05T09:12:44Z"
HTTP_DATE = "Thu, 05 Mar 2026 09:12:44 GMT"
MIRROR_URL = "https://mirror-news.example/world/2026/03/03/baltic-states-sign-air-defence-deal.html"
LOGO_URL = "https://mirror-news.example/static/logo.png"
MISSING_URL = "https://mirror-news.example/favicon.ico"


def rid(n):
    return "<urn:uuid:00000000-0000-4000-8000-%012d>" % n


def gz(data):
    """gzip with a fixed header: mtime 0, no file name, OS byte 255, level 9."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as f:
        f.write(data)
    return buf.getvalue()


def sha1_b32(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def article_paragraphs():
    """The <p> elements of the Nordwire article body, as written in the original."""
    with open(ORIGINAL, encoding="utf-8") as f:
        page = f.read()
    m = re.search(r'<div class="article-body"[^>]*>(.*?)</div>', page, re.S)
    if not m:
        sys.exit("make_warc.py: article body not found in " + ORIGINAL)
    paras = re.findall(r"<p>(.*?)</p>", m.group(1), re.S)
    if len(paras) < 5:
        sys.exit("make_warc.py: too few paragraphs in " + ORIGINAL)
    return paras


def mirror_page():
    paras = article_paragraphs()
    body = "\n".join("        <p>%s</p>" % p for p in paras)
    headline = "Baltic states sign €1.4 billion deal for joint medium-range air defence"
    return (
        """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>%(h)s - Mirror News</title>
  <meta property="og:site_name" content="Mirror News">
  <meta property="og:title" content="%(h)s">
  <meta property="og:url" content="%(url)s">
  <link rel="canonical" href="%(url)s">
  <script async src="https://ads.mirror-news.example/tag.js"></script>
</head>
<body>
  <div class="topbar">
    <img src="/static/logo.png" alt="Mirror News" width="120" height="30">
    <a href="/">Home</a> | <a href="/world">World</a> | <a href="/trending">Trending</a> | <a href="/crypto">Crypto</a> | <a href="/deals">Deals</a>
  </div>
  <div class="ad-banner">ADVERTISEMENT</div>
  <div class="layout">
    <div class="main">
      <h1>%(h)s</h1>
      <div class="posted">Posted by <span class="user">newsbot</span> on 2026-03-03 · 3 min read</div>
      <div class="post-content">
%(body)s
      </div>
      <div class="post-footer">Tags: world, europe, military · <a href="/world">More world news</a></div>
    </div>
    <div class="side">
      <h3>Trending now</h3>
      <ul>
        <li><a href="/trending/1">10 ferry routes you must try this spring</a></li>
        <li><a href="/trending/2">Why everyone is talking about heat pumps</a></li>
      </ul>
    </div>
  </div>
  <div class="bottom">Mirror News aggregates stories from around the web. © 2026 mirror-news.example</div>
</body>
</html>
"""
        % {"h": html.escape(headline, quote=True), "url": MIRROR_URL, "body": body}
    ).encode("utf-8")


NOT_FOUND_PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>404 Not Found - Mirror News</title></head>
<body><h1>Page not found</h1><p>The page you requested does not exist. <a href="/">Back to the front page</a>.</p></body>
</html>
"""

# A 1x1 transparent PNG, as fixed bytes (no zlib involved at build time).
LOGO_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000b4944415478da636000020000050001e9fadcd800"
    "00000049454e44ae426082"
)


def http_response(status, reason, ctype, body):
    head = (
        "HTTP/1.1 %d %s\r\n"
        "Date: %s\r\n"
        "Server: nginx\r\n"
        "Content-Type: %s\r\n"
        "Content-Length: %d\r\n"
        "Connection: close\r\n"
        "\r\n" % (status, reason, HTTP_DATE, ctype, len(body))
    ).encode("ascii")
    return head + body


def http_request(url):
    path = url.split("mirror-news.example", 1)[1]
    return (
        "GET %s HTTP/1.1\r\n"
        "Host: mirror-news.example\r\n"
        "User-Agent: newstrace-example-crawler/0.1 (+https://newstrace.example/bot)\r\n"
        "Accept: text/html,application/xhtml+xml\r\n"
        "Accept-Encoding: identity\r\n"
        "Connection: close\r\n"
        "\r\n" % path
    ).encode("ascii")


def warc_record(rtype, n, block, url=None, content_type=None, extra=(), payload=None):
    fields = [("WARC-Type", rtype), ("WARC-Record-ID", rid(n)), ("WARC-Date", WARC_DATE)]
    if url is not None:
        fields.append(("WARC-Target-URI", url))
    fields.extend(extra)
    if content_type is not None:
        fields.append(("Content-Type", content_type))
    fields.append(("WARC-Block-Digest", sha1_b32(block)))
    if payload is not None:
        fields.append(("WARC-Payload-Digest", sha1_b32(payload)))
    fields.append(("Content-Length", str(len(block))))
    head = "WARC/1.1\r\n" + "".join("%s: %s\r\n" % kv for kv in fields) + "\r\n"
    return head.encode("utf-8") + block + b"\r\n\r\n"


def build_warc():
    info = (
        "software: newstrace examples/tools/make_warc.py\r\n"
        "format: WARC File Format 1.1\r\n"
        "conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"
        "description: Fictional capture for the newstrace example corpus (story A mirror copy)\r\n"
        "isPartOf: newstrace-examples\r\n"
    ).encode("utf-8")
    page = mirror_page()
    records = [
        warc_record("warcinfo", 1, info, content_type="application/warc-fields",
                    extra=[("WARC-Filename", "mirror.warc.gz")]),
        warc_record("request", 2, http_request(MIRROR_URL), url=MIRROR_URL,
                    content_type="application/http; msgtype=request",
                    extra=[("WARC-Warcinfo-ID", rid(1)), ("WARC-Concurrent-To", rid(3))]),
        warc_record("response", 3, http_response(200, "OK", "text/html; charset=utf-8", page),
                    url=MIRROR_URL, content_type="application/http; msgtype=response",
                    extra=[("WARC-Warcinfo-ID", rid(1)), ("WARC-IP-Address", "192.0.2.44")],
                    payload=page),
        warc_record("response", 4, http_response(200, "OK", "image/png", LOGO_PNG),
                    url=LOGO_URL, content_type="application/http; msgtype=response",
                    extra=[("WARC-Warcinfo-ID", rid(1)), ("WARC-IP-Address", "192.0.2.44")],
                    payload=LOGO_PNG),
        warc_record("response", 5, http_response(404, "Not Found", "text/html; charset=utf-8", NOT_FOUND_PAGE),
                    url=MISSING_URL, content_type="application/http; msgtype=response",
                    extra=[("WARC-Warcinfo-ID", rid(1)), ("WARC-IP-Address", "192.0.2.44")],
                    payload=NOT_FOUND_PAGE),
    ]
    return b"".join(gz(r) for r in records)


# ---------------------------------------------------------------- jsonl.gz
MERIDIAN_ARCHIVE = [
    {
        "id": "meridian-2026-02-10-kestrel-strike-ballot",
        "title": "Kestrel dockers vote for March strike unless pay offer improves",
        "text": "\n\n".join([
            "KESTREL, Feb 10 (Meridian Press Agency) - Dock workers at the port of Kestrel have voted to strike next month unless the port authority improves its pay offer, their union said on Tuesday, raising the prospect of the first stoppage at the port in five years.",
            "Of the Kestrel Dockers' Union members who took part in the ballot, 84 percent backed strike action, on a turnout of 71 percent, the union said. It did not set a date but said any walkout would begin no earlier than March 2.",
            "\"Nobody in this union wants to close the port. But a vote like this one tells the employer that our members are serious,\" said Arvid Solberg, the chairman of the Kestrel Dockers' Union.",
            "The union is seeking an increase of 11 percent over two years. The port authority raised its offer from 4 percent to 6 percent in January.",
            "Kaia Teder, the chief executive of the Kestrel Port Authority, said in a statement that the result of the ballot was \"disappointing\" and that the authority would ask the national mediation office to help the two sides reach an agreement.",
            "A mediator is expected to meet both sides next week. Kestrel handles about 38,000 containers a week as well as grain, timber and ferry traffic.",
            "The last strike at the port, in 2021, lasted nine days.",
        ]),
        "url": "https://meridianpress.example/wire/2026/02/10/kestrel-dockers-vote-strike",
        "outlet": "Meridian Press Agency",
        "published": "2026-02-10T13:05:00Z",
        "byline": "Elin Vasara",
    },
    {
        "id": "meridian-2026-02-12-lindholm-electric-ferries",
        "title": "Kestrel ferry operator orders two battery-electric ships",
        "text": "\n\n".join([
            "KESTREL, Feb 12 (Meridian Press Agency) - Ferry operator Lindholm Line has ordered two battery-electric passenger ferries for its route between Kestrel and the island of Varno, the company said on Thursday, in a deal worth about 96 million euros.",
            "The vessels, each able to carry 600 passengers and 120 cars, will be built by Odervik Yard and delivered in 2028 and 2029. They will replace two diesel ferries built in the 1990s.",
            "\"Electric ferries are no longer an experiment on a route of this length,\" said Henrika Lindholm, the chief executive of Lindholm Line. \"The crossing takes 45 minutes, and the ships will charge while passengers board.\"",
            "Charging equipment at the ferry terminal will be paid for partly by a 14 million euro grant from the national climate fund, the company said.",
            "Lindholm Line carried 1.1 million passengers on the route in 2025, up 4 percent from a year earlier. The company said ticket prices would not rise because of the investment.",
        ]),
        "url": "https://meridianpress.example/wire/2026/02/12/lindholm-line-electric-ferries",
        "outlet": "Meridian Press Agency",
        "published": "2026-02-12T09:30:00Z",
        "byline": "Daniel Okafor-Lund",
    },
]


def build_jsonl_gz():
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in MERIDIAN_ARCHIVE)
    return gz(lines.encode("utf-8"))


def main():
    check = "--check" in sys.argv[1:]
    outputs = [(WARC_OUT, build_warc()), (JSONL_GZ_OUT, build_jsonl_gz())]
    stale = False
    for path, data in outputs:
        rel = os.path.relpath(path, ROOT)
        if check:
            try:
                with open(path, "rb") as f:
                    same = f.read() == data
            except FileNotFoundError:
                same = False
            print("%s %s" % ("ok   " if same else "STALE", rel))
            stale |= not same
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
            print("wrote %s (%d bytes, sha256 %s)" % (rel, len(data), hashlib.sha256(data).hexdigest()[:16]))
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
