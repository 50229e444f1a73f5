//! Speed of the quotes and signals steps on a ~3 KB article, 2,000 times over, and on
//! pathological 1 MB inputs. Run with
//! `cargo run --release -p newstrace-analyze --example bench_quotes_signals`.

use std::hint::black_box;
use std::time::Instant;

use newstrace_analyze::{Context, quotes, sentences, signals};

/// A fictional wire story with quotes, a dateline, headings and a source tag (~3 KB).
const ARTICLE: &str = "EASTBROOK, Norland (Wire) — The harbour council of Eastbrook voted on Tuesday to close the old ferry terminal after engineers found cracks in its main pier, ending more than a century of passenger service from the site.

\"We did not take this decision lightly,\" said Mayor Jane Doe, who chaired the four-hour session. \"The safety of passengers comes first, and the engineers were clear.\"

The vote passed 7-2. Councillor Tom Novak, who voted against, said the city had ignored repair offers for years. \"This is the price of neglect,\" he said.

What Happened

Background: the terminal opened in 1911 and was last renovated in 1987. It handled about 400,000 passengers a year before the pandemic, according to council figures. Engineers said the cracks had widened by several centimetres since the winter storms.

Ferry operator Northline said it would move its three daily crossings to the cargo port in Westhaven from May 4 while a temporary pier is built. Tickets already sold remain valid, the company said in a statement. “We expect the first weeks to be difficult for everyone,” Northline chief executive Ana de la Cruz told reporters. “But the crossings will run.”

Residents of the old town, many of whom depend on tourist traffic from the ferry, said they feared for their shops. Anna Berg, who runs a bakery near the pier, told reporters she had lost a third of her customers since the closure was first discussed in January. “People simply stopped coming,” she said.

What Next

The council will meet again on May 12 to discuss funding for a new terminal, which engineers estimate would cost 48 million euros. The regional government has signalled it could cover part of the cost, but no figure has been agreed. Opposition members want an independent review of how the pier was maintained over the past decade, and a motion to that effect is expected at the next session.

Transport minister Piet Vandermeer, speaking in the capital, said the ministry would send inspectors to all older piers on the coast. “Eastbrook is a warning,” he said. “We will not wait for the next crack.”

Harbour pilots said the closure would also change traffic for the fishing fleet, which has used the terminal's outer berth for winter repairs since the 1990s. The fleet's association asked the council for a temporary berth at the cargo port, saying its members could not afford the longer trip to Dunmore. The council said it would consider the request at its next session, together with a plan to move the harbour master's office, which sits in the terminal building and must be vacated within six weeks.

The closure is the third of its kind on the coast in five years, after terminals in Westhaven and Dunmore were shut for similar reasons. Both reopened after repairs that took more than two years.

This is a developing story. More updates will follow as new information becomes available.

(Source: council statements via Wire and local media)
";

fn main() {
    let n = 2_000;
    let ctx = Context {
        text: ARTICLE,
        title: Some("Eastbrook votes to close ferry terminal after pier cracks"),
        byline: Some("By Jane Roe"),
        outlet: None,
        date: None,
    };
    let sents = sentences::split(ARTICLE);
    // Warm the lazily built tables.
    black_box(quotes::find(ARTICLE, &sents, &[]));
    black_box(signals::find(&ctx, &sents, &[], &[]));

    let t = Instant::now();
    let mut quoted = 0;
    for _ in 0..n {
        quoted += black_box(quotes::find(black_box(ARTICLE), &sents, &[])).len();
    }
    let q = t.elapsed();
    let t = Instant::now();
    let mut fired = 0;
    for _ in 0..n {
        fired += black_box(signals::find(black_box(&ctx), &sents, &[], &[])).len();
    }
    let s = t.elapsed();
    let per = |d: std::time::Duration| d.as_secs_f64() * 1e6 / n as f64;
    println!(
        "article {} bytes, {} quotes, {} signals each",
        ARTICLE.len(),
        quoted / n,
        fired / n
    );
    println!(
        "quotes:  {:.1} µs/article, {:.0} articles/s",
        per(q),
        n as f64 / q.as_secs_f64()
    );
    println!(
        "signals: {:.1} µs/article, {:.0} articles/s",
        per(s),
        n as f64 / s.as_secs_f64()
    );
    println!(
        "both:    {:.1} µs/article, {:.0} articles/s",
        per(q + s),
        n as f64 / (q + s).as_secs_f64()
    );

    if std::env::args().any(|a| a == "--article-only") {
        return;
    }
    let cases = [
        ("1 MB one line, no punctuation", "word ".repeat(200_000)),
        ("10,000 quotation marks", "\"a ".repeat(10_000)),
        ("1 MB unclosed quote", format!("\"{}", "é ".repeat(333_000))),
        (
            "1 MB of one repeated sentence",
            "The same sentence of many words is repeated here. ".repeat(20_000),
        ),
    ];
    for (name, text) in cases {
        let c = Context { text: &text, ..ctx };
        let sents = sentences::split(&text);
        let t = Instant::now();
        black_box(quotes::find(&text, &sents, &[]));
        black_box(signals::find(&c, &sents, &[], &[]));
        println!("{name} ({} bytes): {:?}", text.len(), t.elapsed());
    }
}
