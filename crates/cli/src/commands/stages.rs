//! What happens to articles after they are stored (analysis, checks against the knowledge
//! base, signing and linking), run on each stored batch while it is still in memory.
//!
//! Running the steps batch by batch, instead of one pass per step over the whole store,
//! spares reading every article and analysis back from the store (decoding its JSON) once
//! per step. Each step still commits on its own, and the `*_pending` passes remain the way
//! to finish what a killed run or an older analyser left: [`Stages::catch_up`] runs them.

use super::check::Knowledge;
use super::link::{Fresh, LinkCounts, LinkWrite, Linker, other_outlets};
use super::timing::StepTimes;
use newstrace_model::{Article, ArticleId, Finding};
use newstrace_store::{BatchOutcome, EncodedAnalysis, Store};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// How much the steps did.
#[derive(Debug, Default, Clone, Copy)]
pub struct StageCounts {
    /// Articles analysed.
    pub analysed: u64,
    /// Articles checked against the knowledge base.
    pub checked: u64,
    /// Articles linked, pairs compared and relations found.
    pub link: LinkCounts,
}

/// The steps after storage, with the linking index kept between batches.
pub struct Stages {
    linker: Linker,
    /// Without one, articles are not checked (as in `eval links` and `bench-add`).
    knowledge: Option<Arc<Knowledge>>,
    /// What the steps did so far.
    pub counts: StageCounts,
    /// Time spent storing articles, handing them to the search index, analysing (with the
    /// checks, in the same parallel pass), linking (alignment features included) and saving the
    /// results: logged by [`Stages::log_timings`].
    timings: StepTimes<5>,
}

/// A result of the steps, for the store: saved in the order the steps made them, each in a
/// transaction of its own.
pub enum StepWrite {
    /// Analyses of new articles, encoded where they were made.
    Analyses(Vec<EncodedAnalysis>),
    /// Findings of the checks, made with the knowledge base of `key`.
    Findings {
        key: String,
        findings: Vec<(ArticleId, Vec<Finding>)>,
    },
    /// Signatures, relations and story assignments of linked articles.
    Links(LinkWrite),
}

impl StepWrite {
    /// Saves it.
    pub fn save(&self, store: &mut Store) -> anyhow::Result<()> {
        match self {
            StepWrite::Analyses(analyses) => store.save_encoded_analyses(analyses)?,
            StepWrite::Findings { key, findings } => store.save_findings(key, findings)?,
            StepWrite::Links(links) => links.save(store)?,
        }
        Ok(())
    }

    /// Its step in [`super::writer::STEPS`].
    pub fn writer_step(&self) -> usize {
        match self {
            StepWrite::Analyses(_) => 1,
            StepWrite::Findings { .. } => 2,
            StepWrite::Links(_) => 3,
        }
    }
}

impl Stages {
    /// Loads the linking index from the store.
    pub fn new(store: &Store, knowledge: Option<Arc<Knowledge>>) -> anyhow::Result<Self> {
        Ok(Self {
            linker: Linker::load(store)?,
            knowledge,
            counts: StageCounts::default(),
            timings: StepTimes::new(
                "stages",
                ["store", "search index", "analyse, check", "link", "save"],
            ),
        })
    }

    /// Finishes every step for stored articles that lack it: left by a killed run, or made
    /// by an older analyser, knowledge base or signature. Cheap when nothing is left.
    pub fn catch_up(&mut self, store: &mut Store) -> anyhow::Result<()> {
        store.sync_search_index()?;
        self.counts.analysed += super::analyze::analyze_pending(store)?;
        if let Some(knowledge) = &self.knowledge {
            self.counts.checked += super::check::check_pending(store, knowledge)?;
        }
        let linked = self.linker.link_pending(store)?;
        self.add_link_counts(linked);
        Ok(())
    }

    /// Whether the linking index still covers every signature in the store (false once
    /// another process has linked articles: then load the stages again).
    pub fn is_current(&self, store: &Store) -> anyhow::Result<bool> {
        self.linker.is_current(store)
    }

    /// Stores `batch` in one transaction and runs the steps on its new articles; leaves
    /// `batch` empty.
    pub fn store_batch(
        &mut self,
        store: &mut Store,
        batch: &mut Vec<Article>,
    ) -> anyhow::Result<BatchOutcome> {
        if batch.is_empty() {
            return Ok(BatchOutcome::default());
        }
        let mut clock = std::time::Instant::now();
        let outcome = store.insert_batch(batch)?;
        self.timings.charge(&mut clock, 0);
        // The index's writer indexes the batch on its own thread while the steps below run;
        // it commits every few seconds and at `catch_up`. The store stays the record: a crash
        // only leaves the index behind, caught up at the next open for search.
        store.stage_search_index()?;
        self.timings.charge(&mut clock, 1);
        self.after_insert(store, std::mem::take(batch), &outcome)?;
        Ok(outcome)
    }

    /// Runs the steps on the articles of `batch` that [`Store::insert_batch`] found new
    /// (`outcome` is what it returned for `batch`) and saves what they found.
    pub fn after_insert(
        &mut self,
        store: &mut Store,
        batch: Vec<Article>,
        outcome: &BatchOutcome,
    ) -> anyhow::Result<()> {
        let writes = self.steps(store, batch, outcome)?;
        let mut clock = std::time::Instant::now();
        for write in &writes {
            write.save(store)?;
        }
        self.timings.charge(&mut clock, 4);
        Ok(())
    }

    /// Runs the steps on the articles of `batch` that [`Store::insert_batch`] found new and
    /// returns what the store should keep, for the caller to save in order.
    ///
    /// `store` must hold `batch` as `outcome` says. The results of the last batches may still
    /// be on their way to it (see `pipelined`): the linker keeps recent articles with their
    /// analyses in memory and reads back only older ones.
    pub fn steps(
        &mut self,
        store: &Store,
        batch: Vec<Article>,
        outcome: &BatchOutcome,
    ) -> anyhow::Result<Vec<StepWrite>> {
        let new: HashSet<ArticleId> = outcome.new_ids.iter().cloned().collect();
        let mut sightings: HashMap<ArticleId, usize> = HashMap::new();
        for a in &batch {
            *sightings.entry(a.id.clone()).or_default() += 1;
        }
        // A text sighted again may have a new representative sighting (headline, dates): the
        // linker drops its copy of such an article, and a new article sighted more than once
        // in this batch is read back as the store now holds it.
        let changed: Vec<&ArticleId> = sightings
            .iter()
            .filter(|(id, n)| !new.contains(*id) || **n > 1)
            .map(|(id, _)| id)
            .collect();
        self.linker.forget(&changed);

        // Each new text, with the outlets of its other sightings when it has some.
        let mut fresh: Vec<(Article, Vec<String>)> = Vec::with_capacity(new.len());
        let mut taken: HashSet<ArticleId> = HashSet::with_capacity(new.len());
        for article in batch {
            if !new.contains(&article.id) || !taken.insert(article.id.clone()) {
                continue;
            }
            if sightings.get(&article.id).is_some_and(|n| *n > 1) {
                if let Some(found) = store.get(article.id.as_str())? {
                    let outlets = other_outlets(store, &found.article, found.sightings)?;
                    fresh.push((found.article, outlets));
                }
            } else {
                fresh.push((article, Vec::new()));
            }
        }
        if fresh.is_empty() {
            return Ok(Vec::new());
        }

        let mut writes = Vec::with_capacity(3);
        let mut clock = std::time::Instant::now();
        // One parallel pass per article: analysis, its encoding for the store (see
        // `EncodedAnalysis`: no copy of it waits for the writer) and the checks, while the
        // article is in the thread's cache and with one wait for the slowest article per
        // batch rather than one per step. Alignment features wait for a candidate pair.
        let knowledge = self.knowledge.as_deref();
        let done: Vec<(Fresh, EncodedAnalysis, Option<Vec<Finding>>)> = fresh
            .into_par_iter()
            .map(|(article, outlets)| {
                let analysis = newstrace_analyze::analyze(&article);
                let encoded = EncodedAnalysis::new(article.id.clone(), &analysis)?;
                let findings = knowledge.map(|k| super::check::check_one(&article, &analysis, k));
                Ok((Fresh::new(article, analysis, outlets), encoded, findings))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let mut items: Vec<Fresh> = Vec::with_capacity(done.len());
        let mut encoded = Vec::with_capacity(done.len());
        let mut findings = Vec::new();
        for (item, analysis, found) in done {
            if let Some(found) = found {
                findings.push((item.article().id.clone(), found));
            }
            items.push(item);
            encoded.push(analysis);
        }
        self.counts.analysed += items.len() as u64;
        writes.push(StepWrite::Analyses(encoded));
        if let Some(knowledge) = &self.knowledge {
            self.counts.checked += findings.len() as u64;
            writes.push(StepWrite::Findings {
                key: knowledge.key.clone(),
                findings,
            });
        }
        self.timings.charge(&mut clock, 2);

        let (linked, links) = self.linker.link_fresh(store, items)?;
        writes.push(StepWrite::Links(links));
        self.timings.charge(&mut clock, 3);
        self.add_link_counts(linked);
        Ok(writes)
    }

    /// Logs where the time went (at `info`, so `-v` shows it), the linker's steps included.
    pub fn log_timings(&self) {
        self.timings.log();
        self.linker.log_timings();
    }

    fn add_link_counts(&mut self, c: LinkCounts) {
        let total = &mut self.counts.link;
        total.linked += c.linked;
        total.pairs += c.pairs;
        total.relations += c.relations;
    }
}
