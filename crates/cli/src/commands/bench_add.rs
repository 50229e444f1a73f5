//! `newstrace bench-add`: how long adding one article to an existing store takes, with the
//! linking index loaded once (as a long-running process holds it), measured per article
//! from insertion to stored analysis, checks, relations and story.

use super::list::must_exist;
use super::print_json;
use super::stages::Stages;
use crate::args::{BenchAddArgs, exit};
use anyhow::Context as _;
use newstrace_model::Article;
use std::time::{Duration, Instant};

/// What `bench-add --json` prints.
#[derive(Debug, serde::Serialize)]
struct AddLatency {
    /// Articles in the store before the first add.
    store_articles: u64,
    /// Articles added.
    added: usize,
    /// Of those, texts the store did not hold (the rest are new sightings of a stored text).
    new_texts: u64,
    /// Seconds to load the index from the stored signatures (once per process).
    index_load_seconds: f64,
    /// Latency quantiles of one add, in milliseconds.
    p50_ms: f64,
    p90_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    mean_ms: f64,
}

/// `bench-add`.
pub fn run(a: &BenchAddArgs, kb_files: &[std::path::PathBuf]) -> anyhow::Result<u8> {
    // The steps of `ingest`, knowledge-base checks included.
    let knowledge = std::sync::Arc::new(super::check::Knowledge::load(kb_files)?);
    let mut store = must_exist(&a.db.db)?;
    // As the server's writer does: the log is checkpointed beside the adds, not in them.
    let _checkpoint = store.checkpoint_in_background()?;
    let store_articles = store.count()?.articles;
    let articles = generated(a.seed, a.count)?;
    let started = Instant::now();
    let mut stages = Stages::new(&store, Some(knowledge))?;
    let index_load_seconds = started.elapsed().as_secs_f64();
    let mut latencies: Vec<Duration> = Vec::with_capacity(articles.len());
    let mut new_texts = 0;
    for art in articles {
        let t = Instant::now();
        // A text already stored is one more sighting: nothing to analyse or link.
        new_texts += stages.store_batch(&mut store, &mut vec![art])?.new;
        latencies.push(t.elapsed());
    }
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * q).round() as usize)
            .map_or(0.0, |d| ms(*d))
    };
    let out = AddLatency {
        store_articles,
        added: latencies.len(),
        new_texts,
        index_load_seconds,
        p50_ms: at(0.5),
        p90_ms: at(0.9),
        p99_ms: at(0.99),
        max_ms: latencies.last().map_or(0.0, |d| ms(*d)),
        mean_ms: latencies.iter().map(|d| ms(*d)).sum::<f64>() / latencies.len().max(1) as f64,
    };
    if a.json {
        print_json(&out)?;
    } else {
        println!(
            "added {} articles one at a time to a store of {}: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms (index loaded once in {:.2} s)",
            out.added,
            out.store_articles,
            out.p50_ms,
            out.p90_ms,
            out.p99_ms,
            out.max_ms,
            out.index_load_seconds
        );
    }
    Ok(exit::OK)
}

/// `count` generated articles (new events, told with the phrasing of generated corpora),
/// read through the same JSONL reader as any input, with external ids of their own.
fn generated(seed: u64, count: usize) -> anyhow::Result<Vec<Article>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("add.jsonl");
    let opts = newstrace_link::synth::GenOptions {
        seed,
        // About four articles a story.
        stories: count / 3 + 1,
        ..Default::default()
    };
    {
        let mut corpus = std::io::BufWriter::new(
            std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?,
        );
        newstrace_link::synth::generate(&opts, &mut corpus, &mut std::io::sink())?;
        std::io::Write::flush(&mut corpus)?;
    }
    let mut out = Vec::new();
    newstrace_ingest::pipeline::run(
        std::slice::from_ref(&path),
        &newstrace_ingest::PipelineOptions::default(),
        &mut |e| {
            if let newstrace_ingest::Event::Article(mut art) = e
                && out.len() < count
            {
                art.external_id = art.external_id.map(|x| format!("add-{seed}-{x}"));
                out.push(*art);
            }
        },
    );
    Ok(out)
}
