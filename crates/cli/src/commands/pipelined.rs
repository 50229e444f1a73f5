//! The batch steps of a bulk ingest, pipelined: the store's writes run on their own thread
//! (see `writer`) while this one analyses, checks and links.
//!
//! Batch `k` is sent to be stored as soon as it is read; the steps then run on batch `k - 1`,
//! whose storing finished meanwhile, and their results are queued behind batch `k`. So the
//! writer stores a batch while the previous one is analysed, and saves that one's results
//! while the next is. Every write still commits in the order of the plain sequence of steps
//! but one: a batch's articles are stored before the previous batch's results, which is
//! harmless (nothing is linked before its turn) and what a killed run may leave is exactly
//! what the pending passes finish on the next.

use super::check::Knowledge;
use super::stages::{StageCounts, Stages};
use super::timing::StepTimes;
use super::writer::{Pending, Writer};
use newstrace_model::Article;
use newstrace_store::{BatchOutcome, Store};
use std::path::Path;
use std::sync::Arc;

/// What the stored batches came to, in sum.
#[derive(Debug, Default, Clone, Copy)]
pub struct StoredCounts {
    /// Articles whose text was new.
    pub new: u64,
    /// New sightings of stored texts.
    pub seen_again: u64,
    /// Sightings already stored.
    pub unchanged: u64,
}

/// The steps with a writer thread (see the module docs).
pub struct PipelinedStages {
    stages: Stages,
    writer: Writer,
    /// The batch being stored, with the articles to run the steps on once it is.
    storing: Option<Pending<(BatchOutcome, Vec<Article>)>>,
    /// What the stored batches came to so far.
    pub stored: StoredCounts,
    /// Time this thread waited for the writer.
    waits: StepTimes<1>,
}

impl PipelinedStages {
    /// Loads the steps from `store` (the caller's connection, used here for reading) and
    /// opens the writer's own connection to the same file at `path`. Finishes first what a
    /// killed run left (see [`Stages::catch_up`]).
    pub fn open(
        store: &mut Store,
        path: &Path,
        knowledge: Option<Arc<Knowledge>>,
    ) -> anyhow::Result<Self> {
        let mut stages = Stages::new(store, knowledge)?;
        stages.catch_up(store)?;
        // The writer thread's connection indexes from here on: it needs the index's lock.
        store.release_search_writer()?;
        Ok(Self {
            stages,
            writer: Writer::open(path)?,
            storing: None,
            stored: StoredCounts::default(),
            waits: StepTimes::new("pipeline", ["waiting for the writer"]),
        })
    }

    /// Sends `batch` to be stored and runs the steps on the batch sent before it; leaves
    /// `batch` empty.
    pub fn store_batch(&mut self, store: &Store, batch: &mut Vec<Article>) -> anyhow::Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let articles = std::mem::take(batch);
        let storing = self.writer.call(0, move |s: &mut Store| {
            let outcome = s.insert_batch(&articles)?;
            // Handed to the search index's own thread, committed every few seconds.
            s.stage_search_index()?;
            Ok((outcome, articles))
        })?;
        match self.storing.replace(storing) {
            Some(previous) => self.run_steps(store, previous),
            None => Ok(()),
        }
    }

    /// Runs the steps on the last batch, waits for every write, and finishes what any batch
    /// left undone. Returns what the steps did.
    pub fn finish(mut self, store: &mut Store) -> anyhow::Result<(StageCounts, StoredCounts)> {
        if let Some(previous) = self.storing.take() {
            self.run_steps(store, previous)?;
        }
        let mut clock = std::time::Instant::now();
        // The writer's store holds the search index's writer: it commits what it staged.
        self.writer.send(0, |s: &mut Store| {
            s.sync_search_index()?;
            Ok(())
        })?;
        self.writer.finish()?;
        self.waits.charge(&mut clock, 0);
        self.stages.catch_up(store)?;
        self.stages.log_timings();
        self.waits.log();
        Ok((self.stages.counts, self.stored))
    }

    fn run_steps(
        &mut self,
        store: &Store,
        storing: Pending<(BatchOutcome, Vec<Article>)>,
    ) -> anyhow::Result<()> {
        let mut clock = std::time::Instant::now();
        let (outcome, articles) = storing.wait(&self.writer)?;
        self.waits.charge(&mut clock, 0);
        self.stored.new += outcome.new;
        self.stored.seen_again += outcome.seen_again;
        self.stored.unchanged += outcome.unchanged;
        let writes = self.stages.steps(store, articles, &outcome)?;
        // Sending waits only while the writer's queue is full: that is waiting too.
        let mut clock = std::time::Instant::now();
        for write in writes {
            let step = write.writer_step();
            self.writer.send(step, move |s: &mut Store| write.save(s))?;
        }
        self.waits.charge(&mut clock, 0);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newstrace_ingest::{Event, PipelineOptions, pipeline};

    /// Articles of a generated corpus with copies, rewrites, relays and texts sighted again.
    fn generated_articles(dir: &Path) -> Vec<Article> {
        let corpus = dir.join("corpus.jsonl");
        let options = newstrace_link::synth::GenOptions {
            seed: 5,
            stories: 120,
            ..Default::default()
        };
        let mut out = std::fs::File::create(&corpus).unwrap();
        newstrace_link::synth::generate(&options, &mut out, &mut std::io::sink()).unwrap();
        let mut articles = Vec::new();
        pipeline::run(&[corpus], &PipelineOptions::default(), &mut |e| {
            if let Event::Article(a) = e {
                articles.push(*a);
            }
        });
        articles
    }

    /// Everything the steps leave in a store, in a comparable form.
    fn contents(store: &Store) -> (Vec<String>, Vec<Vec<String>>, usize, usize) {
        let relations = store
            .all_relations()
            .unwrap()
            .iter()
            .map(|r| serde_json::to_string(r).unwrap())
            .collect();
        let stories = store
            .stories()
            .unwrap()
            .into_iter()
            .map(|s| s.articles.iter().map(|a| a.to_string()).collect())
            .collect();
        let ids: Vec<_> = store
            .stories()
            .unwrap()
            .iter()
            .flat_map(|s| s.articles.clone())
            .collect();
        let analysed = ids
            .iter()
            .filter(|id| store.analysis(id).unwrap().is_some())
            .count();
        (relations, stories, ids.len(), analysed)
    }

    #[test]
    fn pipelined_steps_store_what_the_plain_sequence_stores() {
        let dir = tempfile::tempdir().unwrap();
        let articles = generated_articles(dir.path());
        // Small batches, so that many of them are in flight and texts recur across them.
        const BATCH: usize = 37;

        let mut plain = Store::open(&dir.path().join("plain.db")).unwrap();
        let mut stages = Stages::new(&plain, None).unwrap();
        for chunk in articles.chunks(BATCH) {
            stages.store_batch(&mut plain, &mut chunk.to_vec()).unwrap();
        }

        let path = dir.path().join("pipelined.db");
        let mut store = Store::open(&path).unwrap();
        let mut pipelined = PipelinedStages::open(&mut store, &path, None).unwrap();
        for chunk in articles.chunks(BATCH) {
            pipelined.store_batch(&store, &mut chunk.to_vec()).unwrap();
        }
        let (counts, stored) = pipelined.finish(&mut store).unwrap();

        let expected = contents(&plain);
        assert!(expected.0.len() > 100, "the corpus yields relations");
        assert_eq!(expected.2, expected.3, "every article is analysed");
        assert!(stored.seen_again > 0, "some texts are sighted again");
        assert_eq!(stored.new + stored.seen_again, articles.len() as u64);
        assert_eq!(counts.link.linked, stored.new);
        assert_eq!(contents(&store), expected);
    }
}
