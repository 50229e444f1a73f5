//! Near-duplicate benchmark of newstrace's MinHash LSH, the side compared with datasketch's
//! `MinHashLSH` by `bench/compare.sh`.
//!
//!     neardup index CORPUS [--threshold 0.5] [--sample 2000]
//!     neardup truth CORPUS [--threshold 0.5] [--sample 2000]
//!
//! CORPUS is JSON Lines with a `text` field (`newstrace gen` writes one). Documents are
//! numbered by line. The sample is every `max(1, n / sample)`-th document, at most `sample`
//! of them; `bench/peers/neardup_datasketch.py` takes the same one.
//!
//! `index` times, on one thread, the signatures of every text ([`Signature::of`]: 128
//! values), inserting them all into an index banded for the threshold
//! ([`LshIndex::with_threshold`], as datasketch bands; sized for the count first with
//! [`LshIndex::reserve`], as the rebuild from the store does), and querying every signature
//! ([`LshIndex::query_into`], one reused buffer); it prints the times, the peak resident
//! memory of the process, and the candidates of the sampled documents.
//!
//! `truth` prints, for each sampled document, every other document whose exact Jaccard
//! similarity is at least the threshold. Both tools are scored against it. The shingles are
//! the ones the signature hashes: the text [normalised](normalize_text), split into words
//! at every character that is not alphanumeric, and each run of three words (a text of one
//! or two words is one shingle). The peer re-implements this split in Python and checks its
//! shingle counts against the ones printed here.

use newstrace_link::lsh::LshIndex;
use newstrace_link::signature::{NUM_HASHES, SHINGLE_WORDS, Signature};
use newstrace_model::normalize_text;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::time::Instant;
use xxhash_rust::xxh3::xxh3_64;

struct Options {
    mode: String,
    corpus: String,
    threshold: f64,
    sample: usize,
}

fn parse_args() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mode = args.next().ok_or("missing mode: index or truth")?;
    let corpus = args.next().ok_or("missing CORPUS")?;
    let mut options = Options {
        mode,
        corpus,
        threshold: 0.5,
        sample: 2000,
    };
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--threshold" => options.threshold = value.parse().map_err(|e| format!("{e}"))?,
            "--sample" => options.sample = value.parse().map_err(|e| format!("{e}"))?,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(options)
}

/// The `text` of every line (an empty text where a line has none).
fn load(path: &str) -> Result<Vec<String>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let mut out = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| format!("{path}: {e}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let value: Value =
            serde_json::from_str(&line).map_err(|e| format!("{path}:{}: {e}", i + 1))?;
        out.push(value["text"].as_str().unwrap_or_default().to_string());
    }
    Ok(out)
}

/// Indices of the sampled documents.
fn sample(n: usize, size: usize) -> Vec<usize> {
    let stride = (n / size.max(1)).max(1);
    (0..n).step_by(stride).take(size).collect()
}

/// Peak resident memory of this process, in KiB (Linux; 0 elsewhere).
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn index(o: &Options, texts: &[String]) -> Value {
    let rss_loaded = peak_rss_kib();
    let start = Instant::now();
    let sigs: Vec<Signature> = texts.iter().map(|t| Signature::of(t)).collect();
    let signature_secs = start.elapsed().as_secs_f64();

    let mut lsh = LshIndex::with_threshold(o.threshold, NUM_HASHES);
    let start = Instant::now();
    // The count is known, as in the rebuild from the store: no map grows while inserting.
    lsh.reserve(sigs.len());
    for (i, sig) in sigs.iter().enumerate() {
        lsh.insert(i as u32, sig);
    }
    let insert_secs = start.elapsed().as_secs_f64();

    let start = Instant::now();
    let mut found = 0usize;
    let mut hits = Vec::new();
    for sig in &sigs {
        lsh.query_into(sig, &mut hits);
        found += hits.len();
    }
    let query_secs = start.elapsed().as_secs_f64();

    let candidates: BTreeMap<String, Vec<u32>> = sample(texts.len(), o.sample)
        .into_iter()
        .map(|i| {
            let hits: Vec<u32> = lsh
                .query(&sigs[i])
                .into_iter()
                .filter(|&j| j as usize != i)
                .collect();
            (i.to_string(), hits)
        })
        .collect();
    json!({
        "tool": "newstrace",
        "docs": texts.len(),
        "threshold": o.threshold,
        "num_perm": NUM_HASHES,
        "bands": lsh.bands(),
        "rows": lsh.rows(),
        "signature_secs": signature_secs,
        "insert_secs": insert_secs,
        "query_secs": query_secs,
        "candidates_per_query": found as f64 / texts.len().max(1) as f64,
        "rss_loaded_kib": rss_loaded,
        "peak_rss_kib": peak_rss_kib(),
        "index_bytes": lsh.memory_bytes(),
        "candidates": candidates,
    })
}

/// The distinct shingles of a text, hashed (see the module documentation).
fn shingles(text: &str) -> HashSet<u64> {
    let normalised = normalize_text(text);
    let words: Vec<&str> = normalised
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return HashSet::new();
    }
    words
        .windows(SHINGLE_WORDS.min(words.len()))
        .map(|w| xxh3_64(w.join(" ").as_bytes()))
        .collect()
}

fn truth(o: &Options, texts: &[String]) -> Value {
    let sets: Vec<HashSet<u64>> = texts.iter().map(|t| shingles(t)).collect();
    let mut postings: HashMap<u64, Vec<u32>> = HashMap::new();
    for (i, set) in sets.iter().enumerate() {
        for &s in set {
            postings.entry(s).or_default().push(i as u32);
        }
    }
    let mut out = BTreeMap::new();
    // Why a dense counter per document: template phrases give some shingles postings of
    // tens of thousands of documents, and array increments beat a hash map by far there.
    let mut shared = vec![0u32; texts.len()];
    let mut touched: Vec<u32> = Vec::new();
    for q in sample(texts.len(), o.sample) {
        for s in &sets[q] {
            for &d in &postings[s] {
                if shared[d as usize] == 0 {
                    touched.push(d);
                }
                shared[d as usize] += 1;
            }
        }
        let mut neighbours = Vec::new();
        for &d in &touched {
            let inter = shared[d as usize] as usize;
            shared[d as usize] = 0;
            let union = sets[q].len() + sets[d as usize].len() - inter;
            if d as usize != q && inter as f64 >= o.threshold * union as f64 {
                neighbours.push(d);
            }
        }
        touched.clear();
        neighbours.sort_unstable();
        out.insert(
            q.to_string(),
            json!({"shingles": sets[q].len(), "neighbours": neighbours}),
        );
    }
    json!({"docs": texts.len(), "threshold": o.threshold, "sample": out})
}

fn main() {
    let result = parse_args().and_then(|o| {
        let texts = load(&o.corpus)?;
        match o.mode.as_str() {
            "index" => Ok(index(&o, &texts)),
            "truth" => Ok(truth(&o, &texts)),
            other => Err(format!("unknown mode {other}: index or truth")),
        }
    });
    match result {
        Ok(v) => println!("{v}"),
        Err(e) => {
            eprintln!("neardup: {e}");
            std::process::exit(2);
        }
    }
}
