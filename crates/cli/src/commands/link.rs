//! The linking step of `ingest`/`run` (signatures, candidates, relations, stories), and the
//! `gen` and `eval links` commands that measure it.

use super::timing::StepTimes;
use super::{Ui, print_json};
use crate::args::{GenArgs, LinksEvalArgs, exit};
use anyhow::Context as _;
use newstrace_link::align::{Features, align_features};
use newstrace_link::candidates::{MAX_CANDIDATES, scored_candidates, scored_candidates_before};
use newstrace_link::lsh::LshIndex;
use newstrace_link::relation::{classify_prepared, joins_stories, prescreen};
use newstrace_link::signature::{Signature, anchors};
use newstrace_link::{Doc, Prepared};
use newstrace_model::{Analysis, Article, ArticleId, Relation};
use newstrace_store::{EncodedRelation, NewSignature, Store};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// Version of signatures and anchors: stored ones of another version are recomputed.
const SIGNATURE_VERSION: u32 = 1;
/// LSH shape (see `newstrace_link::lsh` for the S-curve it gives).
const BANDS: usize = 42;
const ROWS: usize = 3;
/// Articles signed and linked per transaction.
const LINK_BATCH: u64 = 512;

/// What one linking pass did.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct LinkCounts {
    /// Articles given a signature and linked.
    pub linked: u64,
    /// Candidate pairs compared.
    pub pairs: u64,
    /// Relations found.
    pub relations: u64,
}

/// An article to link, with its analysis, the outlets of its other sightings (see
/// [`other_outlets`]) and its alignment features once a candidate pair needs them.
pub struct Fresh {
    article: Article,
    analysis: Analysis,
    other_outlets: Vec<String>,
    /// Computed on first use: an article no candidate pair ever holds (in a real stream,
    /// most stand alone) never pays for them. The same every time: a function of the rest.
    features: OnceLock<Features>,
}

impl Fresh {
    /// An article with its analysis and the outlets of its other sightings: the features,
    /// when made, hold the names the article goes by.
    pub fn new(article: Article, analysis: Analysis, other_outlets: Vec<String>) -> Self {
        Self {
            article,
            analysis,
            other_outlets,
            features: OnceLock::new(),
        }
    }

    /// The article's alignment features, made on the first call (several threads may ask
    /// at once: one makes them, the others wait).
    fn features(&self) -> &Features {
        self.features.get_or_init(|| Features::of(self.doc()))
    }

    /// The article.
    pub fn article(&self) -> &Article {
        &self.article
    }
}

/// The outlets a stored text was also published under, besides `article`'s own: read only
/// for a text sighted more than once (`sightings`), in the store's sighting order.
pub fn other_outlets(
    store: &Store,
    article: &Article,
    sightings: u64,
) -> anyhow::Result<Vec<String>> {
    if sightings < 2 {
        return Ok(Vec::new());
    }
    let mut outlets: Vec<String> = Vec::new();
    for s in store.sightings(&article.id)? {
        if let Some(o) = s.outlet
            && Some(&o) != article.outlet.as_ref()
            && !outlets.contains(&o)
        {
            outlets.push(o);
        }
    }
    Ok(outlets)
}

impl Fresh {
    fn doc(&self) -> Doc<'_> {
        Doc {
            article: &self.article,
            analysis: &self.analysis,
            other_outlets: &self.other_outlets,
        }
    }
}

/// Articles with their analyses and features, kept across batches: candidates are mostly
/// recent articles of the same story, so a bounded cache saves most reloads from the store.
/// The oldest entries leave first once [`DOC_CACHE`] is reached.
#[derive(Default)]
struct Docs {
    loaded: HashMap<ArticleId, Fresh>,
    order: std::collections::VecDeque<ArticleId>,
    /// Analyses of forgotten articles: a new sighting may change an article's headline or
    /// dates, never its analysis, which is made once per text. Keeping it means a reload
    /// reads only the article, never an analysis the writer may not have committed yet.
    stale: HashMap<ArticleId, Analysis>,
    /// Articles read back from the store so far (not in memory when a pair needed them).
    read_back: u64,
}

/// Most articles kept in memory between batches (a few KB each).
const DOC_CACHE: usize = 20_000;

impl Docs {
    /// Loads the articles of `ids` that are not in memory, then evicts the oldest beyond the
    /// cap, never one of `ids`.
    fn load(&mut self, store: &Store, ids: &[&ArticleId]) -> anyhow::Result<()> {
        let mut fresh = Vec::new();
        for id in ids {
            // `ids` holds no duplicates, so only the cache needs checking.
            if self.loaded.contains_key(*id) {
                continue;
            }
            let Some(found) = store.get(id.as_str())? else {
                continue;
            };
            self.read_back += 1;
            let analysis = match self.stale.remove(*id) {
                Some(analysis) => Some(analysis),
                None => store.analysis(id)?,
            };
            if let Some(analysis) = analysis {
                let outlets = other_outlets(store, &found.article, found.sightings)?;
                fresh.push(Fresh::new(found.article, analysis, outlets));
            }
        }
        self.keep(fresh);
        self.evict_beyond_cap(ids);
        Ok(())
    }

    /// Keeps articles the caller already holds, with their analyses: linking them then reads
    /// nothing back from the store.
    fn insert_fresh(&mut self, items: Vec<Fresh>) {
        let ids: Vec<ArticleId> = items.iter().map(|f| f.article.id.clone()).collect();
        self.keep(items);
        self.evict_beyond_cap(&ids.iter().collect::<Vec<_>>());
    }

    /// Drops the cached copies of `ids` (a new sighting may have changed what the store
    /// holds for them) but their analyses; the next use reloads the articles. Their places
    /// in the eviction order stay and are skipped when reached: removing them there would
    /// cost a scan each.
    fn forget(&mut self, ids: &[&ArticleId]) {
        for id in ids {
            if let Some(old) = self.loaded.remove(*id) {
                self.stale.insert(old.article.id, old.analysis);
            }
        }
    }

    /// Caches articles with their features.
    fn keep(&mut self, fresh: Vec<Fresh>) {
        for l in fresh {
            let id = l.article.id.clone();
            if self.loaded.insert(id.clone(), l).is_none() {
                self.order.push_back(id);
            }
        }
    }

    /// Evicts the oldest entries beyond [`DOC_CACHE`], never one of `ids`.
    fn evict_beyond_cap(&mut self, ids: &[&ArticleId]) {
        let keep: std::collections::HashSet<&ArticleId> = ids.iter().copied().collect();
        let mut spared = Vec::new();
        let mut evicted = Vec::new();
        while self.loaded.len() > DOC_CACHE.max(ids.len()) {
            let Some(old) = self.order.pop_front() else {
                break;
            };
            if keep.contains(&old) {
                spared.push(old);
            } else {
                evicted.extend(self.loaded.remove(&old));
                self.stale.remove(&old);
            }
        }
        for id in spared.into_iter().rev() {
            self.order.push_front(id);
        }
        // Freeing an article's analysis and features is thousands of small frees: done on
        // the pool, beside the next steps, rather than on the thread that runs them.
        if !evicted.is_empty() {
            rayon::spawn(move || drop(evicted));
        }
    }

    fn doc(&self, id: &ArticleId) -> Option<Doc<'_>> {
        self.loaded.get(id).map(Fresh::doc)
    }

    fn prepared(&self, id: &ArticleId) -> Option<Prepared<'_>> {
        self.loaded.get(id).map(|l| Prepared {
            doc: l.doc(),
            features: l.features(),
        })
    }
}

/// The linking state a process keeps between batches: the LSH index over every signed
/// article (built from the stored signatures once, never recomputed), the article behind
/// each index slot, and recently used articles with their features.
pub struct Linker {
    index: LshIndex,
    by_seq: Vec<Option<ArticleId>>,
    docs: Docs,
    /// Time spent per step: load, sign, candidates, classify, store, cache (keeping the
    /// fresh articles).
    timings: StepTimes<6>,
}

impl Linker {
    /// Rebuilds the index from the signatures in the store.
    pub fn load(store: &Store) -> anyhow::Result<Self> {
        let mut index = LshIndex::new(BANDS, ROWS);
        let mut by_seq: Vec<Option<ArticleId>> = Vec::new();
        let stored = store.signatures(SIGNATURE_VERSION)?;
        // The count is known: the band maps are sized once instead of growing as they fill.
        index.reserve(stored.len());
        for s in stored {
            let Some(sig) = Signature::from_bytes(&s.minhash) else {
                continue;
            };
            index.insert(s.seq, &sig);
            index.insert_anchors(s.seq, &s.anchors);
            remember(&mut by_seq, s.seq, s.id);
        }
        Ok(Self {
            index,
            by_seq,
            docs: Docs::default(),
            timings: StepTimes::new(
                "link",
                ["load", "sign", "candidates", "classify", "store", "cache"],
            ),
        })
    }

    /// Logs the time spent per linking step (at `info`).
    pub fn log_timings(&self) {
        self.timings.log();
        tracing::info!(
            "link: {} articles read back from the store",
            self.docs.read_back
        );
    }

    /// Whether the index still covers every signature in the store: false once another
    /// process has linked articles, and then the linker must be loaded again.
    pub fn is_current(&self, store: &Store) -> anyhow::Result<bool> {
        Ok(store.next_signature_seq()? as usize == self.by_seq.len())
    }

    /// Signs every analysed article that has no signature of the current version, in the
    /// order they were stored and in batches, and links each (see [`Linker::link`]).
    pub fn link_pending(&mut self, store: &mut Store) -> anyhow::Result<LinkCounts> {
        let mut counts = LinkCounts::default();
        let mut after = newstrace_store::Cursor::START;
        loop {
            let (ids, next) =
                store.needing_signature_after(SIGNATURE_VERSION, after, LINK_BATCH)?;
            after = next;
            if ids.is_empty() {
                return Ok(counts);
            }
            let (done, write) = self.link(store, &ids, false)?;
            let mut clock = std::time::Instant::now();
            write.save(store)?;
            self.timings.charge(&mut clock, 4);
            counts.pairs += done.pairs;
            counts.relations += done.relations;
            counts.linked += done.linked;
            if done.linked < ids.len() as u64 {
                // An article lost its analysis between listing and loading: stop, don't spin.
                return Ok(counts);
            }
        }
    }

    /// Links articles the caller holds with their analyses, already stored (see
    /// [`Linker::link`]); nothing is read back from the store for them. The caller saves
    /// what it returns.
    pub fn link_fresh(
        &mut self,
        store: &Store,
        items: Vec<Fresh>,
    ) -> anyhow::Result<(LinkCounts, LinkWrite)> {
        let ids: Vec<ArticleId> = items.iter().map(|f| f.article.id.clone()).collect();
        let mut clock = std::time::Instant::now();
        self.docs.insert_fresh(items);
        self.timings.charge(&mut clock, 5);
        self.link(store, &ids, true)
    }

    /// Forgets the cached copies of `ids`, stored articles that a new sighting may have
    /// changed (another representative headline or date).
    pub fn forget(&mut self, ids: &[&ArticleId]) {
        self.docs.forget(ids);
    }

    /// Links analysed articles: signs each, finds its candidates among everything signed
    /// before it (the articles of `ids` in order) and classifies each pair. Returns the
    /// signatures, relations and story assignments to save, in one transaction.
    ///
    /// Reads only what earlier batches stored: the caller may still be saving the last
    /// batch's links on another connection (see `writer`), which is why the next signature
    /// number comes from the index in memory as well as from the store. `fresh` says the
    /// articles were stored by this batch, so none can have a signature yet.
    fn link(
        &mut self,
        store: &Store,
        ids: &[ArticleId],
        fresh: bool,
    ) -> anyhow::Result<(LinkCounts, LinkWrite)> {
        let mut clock = std::time::Instant::now();
        let docs = &mut self.docs;
        docs.load(store, &ids.iter().collect::<Vec<_>>())?;
        self.timings.charge(&mut clock, 0);
        // The stored form of each signature is made here too, in parallel; its number is
        // given below, in order.
        let mut signed: Vec<Signed> = ids
            .par_iter()
            .filter_map(|id| {
                let doc = docs.doc(id)?;
                let sig = Signature::of(&doc.article.text);
                let row = NewSignature {
                    id: id.clone(),
                    seq: 0,
                    minhash: sig.to_bytes(),
                    anchors: anchors(&doc),
                };
                Some(Signed { sig, row })
            })
            .collect();
        self.timings.charge(&mut clock, 1);
        // Each article sees every article signed before it, in the order given. Only a
        // stored article may be signed again (a new signature version) and keep its number.
        let mut next_seq = store.next_signature_seq()?.max(self.by_seq.len() as u32);
        let mut resigned = false;
        for s in &mut signed {
            let kept = if fresh {
                None
            } else {
                store.signature_seq(&s.row.id)?
            };
            s.row.seq = match kept {
                Some(seq) => {
                    resigned = true;
                    seq
                }
                None => {
                    next_seq += 1;
                    next_seq - 1
                }
            };
        }
        let pairs = if resigned || !self.index.is_ordered() {
            candidates_in_turn(&mut self.index, &mut self.by_seq, &signed)
        } else {
            candidates_in_parallel(&mut self.index, &mut self.by_seq, &signed)
        };
        self.timings.charge(&mut clock, 2);
        let mut wanted: Vec<&ArticleId> = pairs.iter().flat_map(|(a, b)| [a, b]).collect();
        wanted.sort_unstable();
        wanted.dedup();
        docs.load(store, &wanted)?;
        self.timings.charge(&mut clock, 0);
        // Features are computed once per article; only pairs that pass the prescreen align.
        let relations: Vec<Relation> = pairs
            .par_iter()
            .filter_map(|(a, b)| {
                let (pa, pb) = (docs.prepared(a)?, docs.prepared(b)?);
                if !prescreen(&pa, &pb) {
                    return None;
                }
                classify_prepared(&pa, &pb, align_features(pa.features, pb.features))
            })
            .collect();
        self.timings.charge(&mut clock, 3);
        let mut related: BTreeMap<&ArticleId, Vec<ArticleId>> = BTreeMap::new();
        for r in relations.iter().filter(|r| joins_stories(r)) {
            related
                .entry(&r.derived)
                .or_default()
                .push(r.source.clone());
            related
                .entry(&r.source)
                .or_default()
                .push(r.derived.clone());
        }
        let assignments: Vec<(ArticleId, Vec<ArticleId>)> = signed
            .iter()
            .map(|s| {
                let id = &s.row.id;
                (id.clone(), related.get(id).cloned().unwrap_or_default())
            })
            .collect();
        // Encoded here, in parallel, rather than on the store's writer (see `EncodedRelation`).
        let encoded = relations
            .par_iter()
            .map(EncodedRelation::new)
            .collect::<Result<Vec<_>, _>>()?;
        Ok((
            LinkCounts {
                linked: signed.len() as u64,
                pairs: pairs.len() as u64,
                relations: relations.len() as u64,
            },
            LinkWrite {
                signatures: signed.into_iter().map(|s| s.row).collect(),
                relations: encoded,
                assignments,
            },
        ))
    }
}

/// An article signed for linking: its signature, and the row that stores it.
struct Signed {
    sig: Signature,
    row: NewSignature,
}

/// Candidate pairs (earlier, later) of a signed batch, each article queried and then
/// inserted in turn: the way when an article keeps an earlier number (signed again) or
/// the index lost its order, as the parallel way needs numbers that only increase.
fn candidates_in_turn(
    index: &mut LshIndex,
    by_seq: &mut Vec<Option<ArticleId>>,
    signed: &[Signed],
) -> Vec<(ArticleId, ArticleId)> {
    let mut pairs = Vec::new();
    for Signed { sig, row } in signed {
        for c in scored_candidates(index, sig, &row.anchors, Some(row.seq), MAX_CANDIDATES) {
            if let Some(Some(other)) = by_seq.get(c.id as usize) {
                pairs.push((other.clone(), row.id.clone()));
            }
        }
        index.insert(row.seq, sig);
        index.insert_anchors(row.seq, &row.anchors);
        remember(by_seq, row.seq, row.id.clone());
    }
    pairs
}

/// [`candidates_in_turn`] with the same answers, the queries in parallel: the whole batch
/// is inserted first, with numbers above everything indexed, and each article is then
/// queried as of its own number (see `scored_candidates_before`).
fn candidates_in_parallel(
    index: &mut LshIndex,
    by_seq: &mut Vec<Option<ArticleId>>,
    signed: &[Signed],
) -> Vec<(ArticleId, ArticleId)> {
    for Signed { sig, row } in signed {
        index.insert(row.seq, sig);
        index.insert_anchors_unsaturated(row.seq, &row.anchors);
        remember(by_seq, row.seq, row.id.clone());
    }
    let (index_now, by_seq_now) = (&*index, &*by_seq);
    let pairs: Vec<(ArticleId, ArticleId)> = signed
        .par_iter()
        .flat_map_iter(|Signed { sig, row }| {
            scored_candidates_before(index_now, sig, &row.anchors, row.seq, MAX_CANDIDATES)
                .into_iter()
                .filter_map(move |c| match by_seq_now.get(c.id as usize) {
                    Some(Some(other)) => Some((other.clone(), row.id.clone())),
                    _ => None,
                })
        })
        .collect();
    // As the in-turn inserts would have saturated them (see `insert_anchors`).
    for s in signed {
        index.saturate(&s.row.anchors);
    }
    pairs
}

/// What linking a batch leaves to store.
pub struct LinkWrite {
    signatures: Vec<NewSignature>,
    relations: Vec<EncodedRelation>,
    assignments: Vec<(ArticleId, Vec<ArticleId>)>,
}

impl LinkWrite {
    /// Saves the batch in one transaction: killed midway, the store keeps none of it and the
    /// next run links the same articles again.
    pub fn save(&self, store: &mut Store) -> anyhow::Result<()> {
        store.save_link_batch(
            SIGNATURE_VERSION,
            &self.signatures,
            &self.relations,
            &self.assignments,
        )?;
        Ok(())
    }
}

fn remember(by_seq: &mut Vec<Option<ArticleId>>, seq: u32, id: ArticleId) {
    let i = seq as usize;
    if by_seq.len() <= i {
        by_seq.resize(i + 1, None);
    }
    by_seq[i] = Some(id);
}

/// `gen`.
pub fn generate(a: &GenArgs) -> anyhow::Result<u8> {
    let opts = newstrace_link::synth::GenOptions {
        seed: a.seed,
        stories: a.stories,
        ..Default::default()
    };
    let mut corpus = std::io::BufWriter::new(
        std::fs::File::create(&a.out).with_context(|| format!("creating {}", a.out.display()))?,
    );
    let mut truth = std::io::BufWriter::new(
        std::fs::File::create(&a.truth)
            .with_context(|| format!("creating {}", a.truth.display()))?,
    );
    let summary = newstrace_link::synth::generate(&opts, &mut corpus, &mut truth)?;
    use std::io::Write;
    corpus.flush()?;
    truth.flush()?;
    eprintln!(
        "wrote {} articles in {} stories ({} edges, {} hard negatives) to {} and {}",
        summary.articles,
        summary.stories,
        summary.edges,
        summary.hard_negatives,
        a.out.display(),
        a.truth.display()
    );
    Ok(exit::OK)
}

/// Articles stored per batch by `eval links`: as `ingest` commits them, since what an
/// article is linked with can depend on what its batch stored beside it (a second sighting).
const EVAL_BATCH: usize = super::ingest::ARTICLES_PER_COMMIT;

/// `eval links`: ingests the corpus into a fresh store, links it, and scores the stories and
/// edges against the truth.
pub fn eval_links(a: &LinksEvalArgs, ui: Ui) -> anyhow::Result<u8> {
    let truth = newstrace_eval::links::Truth::read(&a.truth)?;
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("eval.db");
    let mut store = Store::open(&path)?;
    let started = std::time::Instant::now();
    // As `ingest` does: stored in batches, each analysed and linked while in memory.
    let mut stages = super::pipelined::PipelinedStages::open(&mut store, &path, None)?;
    let mut batch = Vec::new();
    let mut failed = 0u64;
    let mut articles = 0usize;
    let mut error: Option<anyhow::Error> = None;
    newstrace_ingest::pipeline::run_ahead(
        std::slice::from_ref(&a.corpus),
        &newstrace_ingest::PipelineOptions::default(),
        2 * EVAL_BATCH,
        &mut |e| match e {
            newstrace_ingest::Event::Article(art) if error.is_none() => {
                articles += 1;
                batch.push(*art);
                if batch.len() >= EVAL_BATCH
                    && let Err(e) = stages.store_batch(&store, &mut batch)
                {
                    error = Some(e);
                }
            }
            newstrace_ingest::Event::Failed(err) => {
                failed += 1;
                if !ui.quiet {
                    eprintln!("warning: {err}");
                }
            }
            _ => {}
        },
    );
    if let Some(e) = error {
        return Err(e);
    }
    stages.store_batch(&store, &mut batch)?;
    let counts = stages.finish(&mut store)?.0.link;
    let seconds = started.elapsed().as_secs_f64();

    // Predictions in external ids. Several records with one text are one article with
    // several sightings, all in the article's story. When the article derives from another,
    // every sighting derives from that source (one wire item syndicated word for word by two
    // papers: two siblings, not a copy of a copy); when it derives from nothing, the later
    // sightings are exact copies of the earliest. As a source, an article is the sighting
    // whose outlet the derived text credits, else its earliest.
    let mut stories: BTreeMap<String, String> = BTreeMap::new();
    // Each article's sightings with an external id, earliest first: (external id, outlet).
    let mut sightings_of: HashMap<ArticleId, Vec<(String, Option<String>)>> = HashMap::new();
    for story in store.stories()? {
        for id in &story.articles {
            let ext: Vec<(String, Option<String>)> = store
                .sightings(id)?
                .into_iter()
                .filter_map(|s| s.external_id.map(|e| (e, s.outlet)))
                .collect();
            for (e, _) in &ext {
                stories.insert(e.clone(), story.id.to_string());
            }
            sightings_of.insert(id.clone(), ext);
        }
    }
    let all = store.all_relations()?;
    let tree = newstrace_link::provenance::parents(&all);
    let mut dump = match &a.edges_out {
        Some(p) => Some(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => None,
    };
    let mut edges: Vec<(String, String)> = Vec::new();
    let mut has_source: std::collections::HashSet<&ArticleId> = std::collections::HashSet::new();
    for r in &tree {
        let (Some(src), Some(der)) = (sightings_of.get(&r.source), sightings_of.get(&r.derived))
        else {
            continue;
        };
        let credited = r.evidence.credit.as_deref().and_then(|c| {
            src.iter().position(|(_, o)| {
                o.as_deref()
                    .is_some_and(|o| newstrace_link::relation::same_name(c, o))
            })
        });
        let Some((s, _)) = src.get(credited.unwrap_or(0)) else {
            continue;
        };
        has_source.insert(&r.derived);
        for (d, _) in der {
            edges.push((s.clone(), d.clone()));
            if let Some(w) = dump.as_mut() {
                use std::io::Write;
                serde_json::to_writer(
                    &mut *w,
                    &serde_json::json!({"source": s, "derived": d, "kind": r.kind,
                        "score": r.score, "reason": r.reason}),
                )?;
                w.write_all(b"\n")?;
            }
        }
    }
    let mut copies: Vec<(&String, &String)> = Vec::new();
    for (id, ext) in &sightings_of {
        if let Some((first, _)) = ext.first()
            && !has_source.contains(id)
        {
            copies.extend(ext[1..].iter().map(|(other, _)| (first, other)));
        }
    }
    copies.sort();
    for (first, other) in copies {
        edges.push((first.clone(), other.clone()));
        if let Some(w) = dump.as_mut() {
            use std::io::Write;
            serde_json::to_writer(
                &mut *w,
                &serde_json::json!({"source": first, "derived": other, "kind": "exact_copy",
                    "score": 1.0, "reason": "one text seen at several places"}),
            )?;
            w.write_all(b"\n")?;
        }
    }
    drop(dump);
    edges.sort();
    let report = newstrace_eval::links::score(&truth, &stories, &edges);
    if a.json {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            #[serde(flatten)]
            report: &'a newstrace_eval::links::LinksReport,
            articles: usize,
            failed: u64,
            pairs: u64,
            relations: u64,
            seconds: f64,
        }
        print_json(&Out {
            report: &report,
            articles,
            failed,
            pairs: counts.pairs,
            relations: counts.relations,
            seconds,
        })?;
    } else {
        println!(
            "links on {} ({} records, {} failed)",
            a.corpus.display(),
            articles,
            failed
        );
        for (name, prf) in [("stories", &report.stories), ("edges", &report.edges)] {
            println!(
                "  {name:<8} P {:.4}  R {:.4}  F1 {:.4}",
                prf.precision, prf.recall, prf.f1
            );
        }
        println!("  direction accuracy {:.4}", report.direction_accuracy);
        println!(
            "  {} candidate pairs, {} relations, {:.1} s end to end ({:.0} articles/s)",
            counts.pairs,
            counts.relations,
            seconds,
            articles as f64 / seconds.max(1e-9)
        );
    }
    Ok(exit::OK)
}
