//! Times the entities step on a ~3 KB fictional article repeated 2,000 times.
//! Run with `cargo run --release -p newstrace-analyze --example bench_entities`.

use std::time::Instant;

use newstrace_analyze::{entities, gazetteer::Gazetteer, sentences};

const PARAGRAPH: &str = "BRUSSELS (AFP) — NATO Secretary General Piet Hollander and European \
Commission President Maren Aalto met in Brussels on Tuesday to discuss the Nordic Drone \
Coalition (NDC), according to TASS, citing AFP. Hollander said the Alliance would \
\"stand firm\" and that the European Defence Agency (EDA) was ready. Mr. Tomas Rell, the \
Latvian Ambassador to the U.S., told reporters in Riga that Washington and Moscow were \
watching. The Estonian Defence Ministry and the Harbour Logistics Group signed a deal \
under the Treaty of Tartu. However, critics in Kyiv argued that Ukraine needed more. \
Irish MEP Sean Doyle highlighted popular sentiment for peace, and Doyle later added that \
the Council of Europe should act.\n\n";

fn main() {
    let mut article = String::new();
    while article.len() < 3_000 {
        article.push_str(PARAGRAPH);
    }
    let gaz = Gazetteer::builtin();
    let sents = sentences::split(&article);
    let n = 2_000;
    // Warm up the lazily built tables.
    let found = entities::find(&article, &sents, gaz);
    let start = Instant::now();
    let mut total = 0;
    for _ in 0..n {
        total += entities::find(std::hint::black_box(&article), &sents, gaz).len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "gazetteer scan alone: {:.1} µs/article",
        scan_only(&article, gaz, n)
    );
    println!(
        "{} bytes/article, {} entities each ({} total); {:.1} µs/article; {:.0} articles/s",
        article.len(),
        found.len(),
        total,
        secs * 1e6 / n as f64,
        n as f64 / secs
    );
}

#[allow(dead_code)]
fn scan_only(article: &str, gaz: &Gazetteer, n: usize) -> f64 {
    let start = Instant::now();
    for _ in 0..n {
        std::hint::black_box(gaz.scan(std::hint::black_box(article)));
    }
    start.elapsed().as_secs_f64() * 1e6 / n as f64
}
