//! The yardstick of the full-pipeline benchmark: a pass that only reads a corpus with the
//! readers `newstrace ingest` uses and splits every body into words, on every core, doing
//! nothing else. The pipeline's articles/s over this pass's records/s says how close the
//! pipeline runs to what reading and tokenising alone cost on the machine.
//!
//!     cargo run --release -p newstrace-link --example plain_pass -- corpus.jsonl [more paths]
//!
//! Prints one JSON object: records, words, bytes, seconds, records per second.

use newstrace_ingest::input::discover;
use newstrace_ingest::readers::read_input;
use newstrace_ingest::{Body, Limits, RawDoc};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

/// Records tokenised together, as the ingest pipeline batches them.
const BATCH: usize = 256;

/// Words and bytes of one record's body: words are runs of alphanumeric characters, as the
/// signatures split them.
fn tokenise(doc: &RawDoc) -> (usize, usize) {
    let text = match &doc.body {
        Body::Page { bytes, .. } => String::from_utf8_lossy(bytes),
        Body::Fragment(s) | Body::TextFile(s) | Body::Text(s) => s.as_str().into(),
    };
    let words = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count();
    (words, text.len())
}

fn main() {
    let paths: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        eprintln!("usage: plain_pass PATH...");
        std::process::exit(2);
    }
    let start = Instant::now();
    let (inputs, errors) = discover(&paths);
    let mut failed = errors.len();
    let (mut records, mut words, mut bytes) = (0usize, 0usize, 0usize);
    let mut batch: Vec<RawDoc> = Vec::with_capacity(BATCH);
    let mut flush = |batch: &mut Vec<RawDoc>| {
        let (w, b) = batch
            .par_iter()
            .map(tokenise)
            .reduce(|| (0, 0), |x, y| (x.0 + y.0, x.1 + y.1));
        records += batch.len();
        words += w;
        bytes += b;
        batch.clear();
    };
    for input in &inputs {
        read_input(input, &Limits::DEFAULT, &mut |record| match record {
            Ok(doc) => {
                batch.push(doc);
                if batch.len() >= BATCH {
                    flush(&mut batch);
                }
            }
            Err(_) => failed += 1,
        });
    }
    flush(&mut batch);
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{{\"records\": {records}, \"failed\": {failed}, \"words\": {words}, \"bytes\": {bytes}, \"secs\": {secs:.4}, \"records_per_sec\": {:.1}}}",
        records as f64 / secs.max(1e-9)
    );
}
