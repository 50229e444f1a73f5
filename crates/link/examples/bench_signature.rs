//! Measures signatures per second on ~3 KB texts, LSH insert and query per second over
//! 100,000 random signatures, and index memory per article.
//!
//!     cargo run --release -p newstrace-link --example bench_signature [texts] [index_size]

use newstrace_link::candidates::candidates;
use newstrace_link::lsh::{DEFAULT_BANDS, DEFAULT_ROWS, LshIndex};
use newstrace_link::signature::{NUM_HASHES, Signature};
use std::time::Instant;

/// SplitMix64: a fixed, seeded generator so every run measures the same inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// A text of about `bytes` bytes of words from a 5,000-word vocabulary, with punctuation.
fn text(rng: &mut Rng, bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 16);
    while out.len() < bytes {
        let w = rng.next() % 5_000;
        let len = 2 + (w % 9) as usize;
        for k in 0..len {
            out.push((b'a' + ((w >> (k % 8)) as u8 + k as u8) % 26) as char);
        }
        out.push_str(if rng.next().is_multiple_of(12) {
            ". "
        } else {
            " "
        });
    }
    out
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let n_texts = args.first().copied().unwrap_or(20_000);
    let n_index = args.get(1).copied().unwrap_or(100_000);
    let mut rng = Rng(42);

    let texts: Vec<String> = (0..n_texts).map(|_| text(&mut rng, 3_000)).collect();
    let total_bytes: usize = texts.iter().map(String::len).sum();
    let start = Instant::now();
    let mut checksum = 0u64;
    for t in &texts {
        checksum = checksum.wrapping_add(u64::from(Signature::of(t).0[0]));
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "signatures: {n_texts} texts of {:.0} bytes in {secs:.3} s = {:.0}/s on one thread ({:.1} MB/s) [checksum {checksum}]",
        total_bytes as f64 / n_texts as f64,
        n_texts as f64 / secs,
        total_bytes as f64 / secs / 1e6
    );

    let norm_secs = normalise_only(&texts);
    println!(
        "for comparison, normalize_text of the whole text alone: {:.0}/s ({:.0} % of the signature time; signatures skip it for ASCII chunks)",
        n_texts as f64 / norm_secs,
        norm_secs / secs * 100.0
    );

    let sigs: Vec<Signature> = (0..n_index)
        .map(|_| Signature((0..NUM_HASHES).map(|_| rng.next() as u32).collect()))
        .collect();
    // About 20 anchors an article, a third of them shared with 1 in 50 other articles.
    let anchors: Vec<Vec<String>> = (0..n_index)
        .map(|i| {
            (0..20)
                .map(|k| {
                    if k < 7 {
                        format!("e:shared {}", rng.next() % (n_index as u64 / 50 + 1))
                    } else {
                        format!("n:{i}-{k}")
                    }
                })
                .collect()
        })
        .collect();
    let mut index = LshIndex::new(DEFAULT_BANDS, DEFAULT_ROWS);
    let start = Instant::now();
    for (i, sig) in sigs.iter().enumerate() {
        index.insert(i as u32, sig);
    }
    let insert_secs = start.elapsed().as_secs_f64();
    let band_bytes = index.memory_bytes();
    let start = Instant::now();
    for (i, a) in anchors.iter().enumerate() {
        index.insert_anchors(i as u32, a);
    }
    let anchor_secs = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let mut found = 0usize;
    for sig in &sigs {
        found += index.query(sig).len();
    }
    let query_secs = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let mut cands = 0usize;
    for (sig, a) in sigs.iter().zip(&anchors) {
        cands += candidates(&index, sig, a).len();
    }
    let cand_secs = start.elapsed().as_secs_f64();
    let bytes = index.memory_bytes();
    println!(
        "index: {n_index} signatures: insert {:.0}/s, query {:.0}/s ({:.2} hits/query), anchors insert {:.0}/s, candidates (bands + anchors) {:.0}/s ({:.1}/query)",
        n_index as f64 / insert_secs,
        n_index as f64 / query_secs,
        found as f64 / n_index as f64,
        n_index as f64 / anchor_secs,
        n_index as f64 / cand_secs,
        cands as f64 / n_index as f64
    );
    println!(
        "memory: {:.0} bytes/article in all ({:.0} bands, {:.0} anchors); {:.2} GiB at a million",
        bytes as f64 / n_index as f64,
        band_bytes as f64 / n_index as f64,
        (bytes - band_bytes) as f64 / n_index as f64,
        bytes as f64 / n_index as f64 * 1e6 / (1u64 << 30) as f64
    );
}

/// Time of the normalisation step alone, to see what the signature costs beyond it.
fn normalise_only(texts: &[String]) -> f64 {
    let start = Instant::now();
    let mut n = 0usize;
    for t in texts {
        n += newstrace_model::normalize_text(t).len();
    }
    std::hint::black_box(n);
    start.elapsed().as_secs_f64()
}
