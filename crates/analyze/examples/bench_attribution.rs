//! Times the attribution step on a ~3 KB fictional article repeated 2,000 times.
//! Run with `cargo run --release -p newstrace-analyze --example bench_attribution`.

use std::time::Instant;

use newstrace_analyze::{Context, attribution, entities, gazetteer::Gazetteer, sentences};

const PARAGRAPH: &str = "RIGA (Nordwire) — Latvian Defence Minister Ilze Varna said on Tuesday \
that the Baltic Shield exercise would go ahead, according to the Baltic News Desk, citing \
AFP. \"We will not be intimidated,\" Varna told reporters in Riga. Opposition leader Janis \
Kalns, who chairs the budget committee, argued that the plan was too costly, and he wants \
a vote. The ministry, which cited internal estimates, believes the cost is manageable. \
Analysts at the Harbour Institute expect delays, the report said. \"It is a test,\" said \
Kalns. According to the same source, the drills start in May.\n\n";

fn main() {
    let mut article = String::new();
    while article.len() < 3_000 {
        article.push_str(PARAGRAPH);
    }
    article.push_str(
        "Reporting by Anna Berzina; Editing by Tom Ode\n(Source: ministry statements via TASS)",
    );
    let gaz = Gazetteer::builtin();
    let sents = sentences::split(&article);
    let ents = entities::find(&article, &sents, gaz);
    let ctx = Context {
        text: &article,
        title: None,
        byline: None,
        outlet: Some("Nordwire"),
        date: None,
    };
    let n = 2_000;
    // Warm up the lazily built tables.
    let (found, up) = attribution::find(&ctx, &sents, &ents);
    let start = Instant::now();
    let mut total = 0;
    for _ in 0..n {
        total += attribution::find(std::hint::black_box(&ctx), &sents, &ents)
            .0
            .len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} bytes/article, {} attributions and {} upstream each ({} total); {:.1} µs/article; {:.0} articles/s",
        article.len(),
        found.len(),
        up.len(),
        total,
        secs * 1e6 / n as f64,
        n as f64 / secs
    );
}
