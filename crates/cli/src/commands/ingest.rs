//! `newstrace ingest` and `newstrace run`: read inputs into the store, with progress and a
//! summary. `run` is the main job and grows with the tool; today it ingests and summarises.

use super::pipelined::{PipelinedStages, StoredCounts};
use super::summary::{Collected, Extent};
use super::{Ui, print_json};
use crate::args::{IngestArgs, exit};
use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newstrace_ingest::{Event, PipelineOptions, RecordError, pipeline};
use newstrace_model::Article;
use newstrace_store::{ErrorRecord, RunCounts, Store};
use serde::Serialize;
use std::time::{Duration, Instant};

/// Articles written per transaction: large enough to amortise the commit, small enough that
/// a killed run loses little work (a second or two). Each step's transaction rewrites every
/// index page its batch touches, and the content-id indexes are touched at random, so a
/// larger batch shares pages between articles: at 105,960 records, 5,000 a batch wrote 2.19
/// GB where 500 wrote 2.81, and took less CPU time (median 38.1 against 43.5 CPU-s over
/// eight and eleven alternating runs), with fewer waits for a batch's slowest article.
pub(crate) const ARTICLES_PER_COMMIT: usize = 5_000;

/// Articles read and extracted ahead of the one being stored: two batches, so reading
/// overlaps with storing, analysing and linking the last one.
const READ_AHEAD: usize = 2 * ARTICLES_PER_COMMIT;

/// What one ingest did.
#[derive(Debug, Default, Serialize)]
struct IngestSummary {
    inputs: u64,
    read: u64,
    new: u64,
    seen_again: u64,
    already_known: u64,
    failed: u64,
    /// Articles analysed (new ones, and stored ones whose analysis is of an older version).
    analysed: u64,
    /// Articles checked against the knowledge base (new ones, and all after it changed).
    checked: u64,
    /// Articles signed and linked to what came before them.
    linked: u64,
    /// Relations found between articles.
    relations: u64,
    seconds: f64,
}

impl IngestSummary {
    /// Takes the counts of stored batches so far.
    fn take_stored(&mut self, stored: &StoredCounts) {
        self.new = stored.new;
        self.seen_again = stored.seen_again;
        self.already_known = stored.unchanged;
    }
}

/// Runs `ingest` (`with_summary = false`) or `run` (`true`).
pub fn run(
    a: &IngestArgs,
    ui: Ui,
    with_summary: bool,
    kb_files: &[std::path::PathBuf],
) -> anyhow::Result<u8> {
    // Load the knowledge base first: a broken user file should stop the run before any work.
    let knowledge = std::sync::Arc::new(super::check::Knowledge::load(kb_files)?);
    let mut store =
        Store::open(&a.db.db).with_context(|| format!("opening store {}", a.db.db.display()))?;
    let inputs: Vec<String> = a.paths.iter().map(|p| p.display().to_string()).collect();
    let run_id = store.begin_run(&inputs)?;
    let progress = progress_bar(ui);
    let started = Instant::now();
    let options = PipelineOptions {
        limits: (&a.limits).into(),
        ..PipelineOptions::default()
    };

    let mut summary = IngestSummary::default();
    // Work a killed run left comes first, so articles are still linked in the order stored.
    progress.set_message("catching up");
    let mut stages = PipelinedStages::open(&mut store, &a.db.db, Some(knowledge))?;
    let mut pending: Vec<Article> = Vec::with_capacity(ARTICLES_PER_COMMIT);
    let mut failure: Option<anyhow::Error> = None;
    pipeline::run_ahead(&a.paths, &options, READ_AHEAD, &mut |event| {
        if failure.is_some() {
            return; // the store failed: stop writing, let the reader drain
        }
        let step = match event {
            Event::Input { display } => {
                progress.set_message(display);
                Ok(())
            }
            Event::InputDone { .. } => {
                summary.inputs += 1;
                Ok(())
            }
            Event::Article(article) => {
                summary.read += 1;
                pending.push(*article);
                if pending.len() >= ARTICLES_PER_COMMIT {
                    let step = stages.store_batch(&store, &mut pending);
                    summary.take_stored(&stages.stored);
                    step
                } else {
                    Ok(())
                }
            }
            Event::Failed(e) => {
                summary.read += 1;
                summary.failed += 1;
                if !ui.quiet {
                    progress.suspend(|| eprintln!("warning: {e}"));
                }
                store
                    .record_error(run_id, &error_record(&e))
                    .map_err(anyhow::Error::from)
            }
        };
        if let Err(e) = step {
            failure = Some(e);
        }
        progress.set_prefix(counts_line(&summary));
    });
    if let Some(e) = failure {
        progress.finish_and_clear();
        return Err(
            e.context("writing to the store; everything committed before this point is kept")
        );
    }
    stages.store_batch(&store, &mut pending)?;
    // Waits for the last writes, then finishes anything the batches could not (an article
    // whose batch failed a step).
    let (counts, stored) = stages.finish(&mut store)?;
    tracing::info!("ingest: {:.1?} in all", started.elapsed());
    summary.take_stored(&stored);
    let linked = counts.link;
    summary.analysed = counts.analysed;
    summary.checked = counts.checked;
    summary.linked = linked.linked;
    summary.relations = linked.relations;
    summary.seconds = started.elapsed().as_secs_f64();
    progress.finish_and_clear();
    store.finish_run(
        run_id,
        &RunCounts {
            inputs: summary.inputs,
            read: summary.read,
            new_articles: summary.new,
            seen_again: summary.seen_again,
            unchanged: summary.already_known,
            failed: summary.failed,
        },
    )?;

    if a.json {
        if with_summary {
            let ingest = summary_json(&summary, a);
            let collected = Collected::read(&store, Extent::All)?;
            print_json(&collected.report(&ingest))?;
        } else {
            print_json(&summary_json(&summary, a))?;
        }
    } else {
        if !ui.quiet || with_summary {
            println!(
                "ingested into {}: {}",
                a.db.db.display(),
                counts_line(&summary)
            );
        }
        if with_summary {
            Collected::read(&store, Extent::Shown)?.print();
        }
    }
    if let Some(path) = &a.report {
        super::report::after_run(&store, path, a.json, ui.quiet)?;
    }
    Ok(if summary.failed > 0 {
        exit::PARTIAL
    } else {
        exit::OK
    })
}

fn error_record(e: &RecordError) -> ErrorRecord {
    ErrorRecord {
        path: e.origin.path.clone(),
        record: e.origin.record,
        offset: e.origin.offset,
        kind: e.kind.as_str().to_string(),
        message: e.message.clone(),
    }
}

fn counts_line(s: &IngestSummary) -> String {
    format!(
        "{} read, {} new, {} seen again, {} already known, {} failed",
        s.read, s.new, s.seen_again, s.already_known, s.failed
    )
}

fn summary_json(s: &IngestSummary, a: &IngestArgs) -> serde_json::Value {
    serde_json::json!({
        "db": a.db.db.display().to_string(),
        "inputs": s.inputs,
        "read": s.read,
        "new": s.new,
        "seen_again": s.seen_again,
        "already_known": s.already_known,
        "failed": s.failed,
        "analysed": s.analysed,
        "checked": s.checked,
        "linked": s.linked,
        "relations": s.relations,
        "seconds": (s.seconds * 1000.0).round() / 1000.0,
    })
}

/// A spinner with live counts on a terminal; nothing when stderr is not one, or with `-q`.
fn progress_bar(ui: Ui) -> ProgressBar {
    if ui.quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {elapsed:>4} {prefix} — {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}
