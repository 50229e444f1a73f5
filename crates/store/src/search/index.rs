//! The full-text index: tantivy, in a directory beside the store file (`<file>.search/`), or
//! in memory for an in-memory store. It is derived data: the store is the record, and
//! [`SearchIndex::sync`] brings the index up to the store's change log (`search_log`, schema
//! version 6) however far behind a crash or another process left it.
//!
//! One document per article: its `fts_rowid` (indexed, to replace or delete it, and a fast
//! field, for filters and ties), title and text (indexed with frequencies, not stored: the
//! store has them, and snippets are made from the page's texts).

use super::query::{ANALYZER, Clause, SearchTerms, analyzer};
use crate::{Result, StoreError};
use rusqlite::Connection;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, BinaryHeap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tantivy::directory::MmapDirectory;
use tantivy::query::{
    BooleanQuery, BoostQuery, EnableScoring, Occur, Query, RegexQuery, TermQuery,
};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{
    DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, Searcher, TantivyDocument, Term,
};

/// A title match weighs five text matches (the weights FTS5's `bm25()` was given).
const TITLE_BOOST: Score = 5.0;

/// Indexing memory: tantivy's minimum for one thread is 15 MB. Small on purpose: indexing
/// runs beside the rest of ingest on a small machine, and a batch is a few hundred articles.
const WRITER_HEAP_BYTES: usize = 32_000_000;

/// A prefix matching more indexed terms than this is searched without scoring each of them
/// (one constant-score automaton per field) rather than as a union of that many terms.
const MAX_PREFIX_TERMS: usize = 64;

/// The longest a writer that syncs after every batch leaves documents uncommitted: each
/// commit writes and syncs files to disk, which cost ingest more wall-clock time than the
/// indexing itself when done after every batch of a few hundred articles.
const COMMIT_INTERVAL: Duration = Duration::from_secs(5);

/// When [`SearchIndex::sync`] commits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Commit {
    /// Now: searches see everything stored.
    Now,
    /// Once [`COMMIT_INTERVAL`] has passed since the last commit.
    WhenDue,
}

/// The index's fields.
#[derive(Clone, Copy)]
struct Fields {
    rowid: Field,
    title: Field,
    text: Field,
}

/// An open index with its reader, and its writer once one was needed.
pub(crate) struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// Created by the first [`SearchIndex::sync`] that has work; held by stores that write
    /// (one per directory at a time: tantivy locks it), dropped after each sync by readers.
    writer: RefCell<Option<IndexWriter>>,
    /// The log position the reader's searcher is known to hold, so a search that finds the
    /// store at that position asks nothing more of the index.
    seen: Cell<Option<i64>>,
    /// The log position the writer was given beyond its last commit, if any.
    staged: Cell<Option<i64>>,
    /// When the writer last committed.
    last_commit: Cell<Option<Instant>>,
    /// Whether "another process is writing" was already logged (once until a sync succeeds).
    warned_busy: Cell<bool>,
}

/// What a [`SearchIndex::sync`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchSync {
    /// Articles (re)indexed or removed.
    pub changed: u64,
    /// Whether the index was rebuilt from every article (new, or left by another store).
    pub rebuilt: bool,
    /// Whether another process held the index's writer lock, so nothing was done (it will
    /// bring the index up to date itself, or the next sync will).
    pub busy: bool,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text_options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let rowid = builder.add_u64_field("rowid", INDEXED | FAST);
    let title = builder.add_text_field("title", text_options.clone());
    let text = builder.add_text_field("text", text_options);
    (builder.build(), Fields { rowid, title, text })
}

/// The index directory of the store file at `db`: `<file name>.search` beside it.
pub(crate) fn directory_of(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".search");
    db.with_file_name(name)
}

fn index_error(e: impl std::fmt::Display) -> StoreError {
    StoreError::Search(e.to_string())
}

impl SearchIndex {
    /// Opens (or creates) the index in `dir`, or one in memory. A directory that cannot be
    /// created or opened, or holds an index of another schema that cannot be replaced, gives
    /// an index in memory, with a warning: search still works, from a rebuild.
    pub(crate) fn open(dir: Option<&Path>) -> Result<Self> {
        let (schema, fields) = schema();
        let index = match dir {
            None => Index::create_in_ram(schema),
            Some(dir) => match open_dir(dir, &schema) {
                Ok(index) => index,
                Err(e) => {
                    tracing::warn!(
                        "search index {}: {e}; searching an index rebuilt in memory",
                        dir.display()
                    );
                    Index::create_in_ram(schema)
                }
            },
        };
        index.tokenizers().register(ANALYZER, analyzer());
        let policy = if dir.is_some() {
            // Another process's commits (an ingest beside a server) show up on their own.
            ReloadPolicy::OnCommitWithDelay
        } else {
            ReloadPolicy::Manual
        };
        let reader = index
            .reader_builder()
            .reload_policy(policy)
            .try_into()
            .map_err(index_error)?;
        Ok(Self {
            index,
            reader,
            fields,
            writer: RefCell::new(None),
            seen: Cell::new(None),
            staged: Cell::new(None),
            last_commit: Cell::new(None),
            warned_busy: Cell::new(false),
        })
    }

    /// Drops the writer (uncommitted documents with it: commit first), freeing its lock.
    pub(crate) fn release_writer(&self) {
        *self.writer.borrow_mut() = None;
    }

    /// Brings the index up to the store's change log: every article logged since the writer
    /// last took the log is replaced by what the store holds now (or removed), and a commit
    /// records the log position. A crash before the commit loses nothing: the log is read
    /// again. With [`Commit::WhenDue`] the documents go to the writer (its own thread indexes
    /// them while the caller goes on) and the commit waits until [`COMMIT_INTERVAL`] has passed
    /// since the last one. `keep_writer` holds the writer (and its lock) for the next sync;
    /// `prune` deletes the log rows a commit covers.
    pub(crate) fn sync(
        &self,
        conn: &Connection,
        commit: Commit,
        keep_writer: bool,
        prune: bool,
    ) -> Result<SearchSync> {
        // One read transaction: the log position and the rows read with it agree.
        let tx = conn.unchecked_transaction()?;
        let (token, high) = log_position(&tx)?;
        let committed = self
            .committed()
            .filter(|(t, seq)| *t == token && *seq <= high)
            .map(|(_, seq)| seq);
        // Where the writer stands: what it was given since its last commit, else that commit.
        let staged = self.staged.get().filter(|seq| *seq <= high);
        let base = staged.or(committed);
        let due = commit == Commit::Now
            || self
                .last_commit
                .get()
                .is_none_or(|at| at.elapsed() >= COMMIT_INTERVAL);
        if base == Some(high) && (staged.is_none() || !due) {
            if staged.is_none() {
                self.reader.reload().map_err(index_error)?;
                self.seen.set(Some(high));
            }
            return Ok(SearchSync::default());
        }
        let mut slot = self.writer.borrow_mut();
        if slot.is_none() {
            match self.index.writer_with_num_threads(1, WRITER_HEAP_BYTES) {
                Ok(w) => *slot = Some(w),
                Err(tantivy::TantivyError::LockFailure(..)) => {
                    if !self.warned_busy.replace(true) {
                        tracing::warn!(
                            "search index is being written by another process; \
                             searching it as it is"
                        );
                    }
                    return Ok(SearchSync {
                        busy: true,
                        ..SearchSync::default()
                    });
                }
                Err(e) => return Err(index_error(e)),
            }
        }
        let Some(writer) = slot.as_mut() else {
            unreachable!("the writer was just made");
        };
        let f = self.fields;
        let mut outcome = SearchSync::default();
        let add = |writer: &IndexWriter, rowid: u64, title: Option<String>, text: String| {
            let mut doc = TantivyDocument::new();
            doc.add_u64(f.rowid, rowid);
            if let Some(title) = title {
                doc.add_text(f.title, title);
            }
            doc.add_text(f.text, text);
            writer.add_document(doc).map(|_| ()).map_err(index_error)
        };
        match base {
            None => {
                writer.delete_all_documents().map_err(index_error)?;
                outcome.rebuilt = true;
                let mut stmt = tx.prepare("SELECT fts_rowid, title, text FROM articles")?;
                let mut rows = stmt.query([])?;
                while let Some(row) = rows.next()? {
                    add(writer, rowid_of(row.get(0)?)?, row.get(1)?, row.get(2)?)?;
                    outcome.changed += 1;
                }
            }
            Some(seq) if seq < high => {
                let mut stmt = tx.prepare_cached(
                    "SELECT l.fts_rowid, a.title, a.text
                     FROM (SELECT DISTINCT fts_rowid FROM search_log
                           WHERE seq > ?1 AND seq <= ?2) l
                     LEFT JOIN articles a ON a.fts_rowid = l.fts_rowid",
                )?;
                let mut rows = stmt.query([seq, high])?;
                while let Some(row) = rows.next()? {
                    let rowid = rowid_of(row.get(0)?)?;
                    writer.delete_term(Term::from_field_u64(f.rowid, rowid));
                    if let Some(text) = row.get::<_, Option<String>>(2)? {
                        add(writer, rowid, row.get(1)?, text)?;
                    }
                    outcome.changed += 1;
                }
            }
            Some(_) => {} // given to the writer already; only the commit is left
        }
        drop(tx);
        if !due {
            self.staged.set(Some(high));
            return Ok(outcome);
        }
        let mut prepared = writer.prepare_commit().map_err(index_error)?;
        prepared.set_payload(&format!("{token} {high}"));
        prepared.commit().map_err(index_error)?;
        self.staged.set(None);
        self.last_commit.set(Some(Instant::now()));
        if !keep_writer {
            *slot = None;
        }
        drop(slot);
        self.reader.reload().map_err(index_error)?;
        self.seen.set(Some(high));
        self.warned_busy.set(false);
        if prune {
            conn.prepare_cached("DELETE FROM search_log WHERE seq <= ?1")?
                .execute([high])?;
        }
        Ok(outcome)
    }

    /// Whether the reader's searcher holds the store's log position `high` (`token` names
    /// the store): reloads the reader when that is not already known.
    pub(crate) fn is_current(&self, token: &str, high: i64) -> Result<bool> {
        if self.seen.get() == Some(high) {
            return Ok(true);
        }
        self.reader.reload().map_err(index_error)?;
        let current = self
            .committed()
            .is_some_and(|(t, seq)| t == token && seq == high);
        if current {
            self.seen.set(Some(high));
        }
        Ok(current)
    }

    /// The store token and log position of the last commit, if it recorded them.
    fn committed(&self) -> Option<(String, i64)> {
        let payload = self.index.load_metas().ok()?.payload?;
        let (token, seq) = payload.split_once(' ')?;
        Some((token.to_string(), seq.parse().ok()?))
    }

    /// The query for `terms` against this index's terms (prefixes are expanded here).
    pub(crate) fn query(&self, searcher: &Searcher, terms: &SearchTerms) -> Result<Box<dyn Query>> {
        let mut clauses: Vec<Box<dyn Query>> = Vec::with_capacity(terms.clauses.len());
        for clause in &terms.clauses {
            let should: Vec<Box<dyn Query>> = match clause {
                Clause::Term(t) => self.term_queries(t),
                Clause::Prefix(prefixes) => self.prefix_queries(searcher, prefixes)?,
            };
            let should = should.into_iter().map(|q| (Occur::Should, q)).collect();
            clauses.push(Box::new(BooleanQuery::new(should)));
        }
        Ok(match clauses.len() {
            1 => clauses.remove(0),
            _ => Box::new(BooleanQuery::new(
                clauses.into_iter().map(|q| (Occur::Must, q)).collect(),
            )),
        })
    }

    /// A term in the title (boosted) or the text. A union of plain term queries is what
    /// lets tantivy skip blocks that cannot reach the top k (block-max WAND).
    fn term_queries(&self, term: &str) -> Vec<Box<dyn Query>> {
        let term_query = |field| {
            TermQuery::new(
                Term::from_field_text(field, term),
                IndexRecordOption::WithFreqs,
            )
        };
        vec![
            Box::new(BoostQuery::new(
                Box::new(term_query(self.fields.title)),
                TITLE_BOOST,
            )),
            Box::new(term_query(self.fields.text)),
        ]
    }

    /// Every indexed term starting with one of `prefixes`, each scored like a word; past
    /// [`MAX_PREFIX_TERMS`], an unscored match of the prefix in either field.
    fn prefix_queries(
        &self,
        searcher: &Searcher,
        prefixes: &[String],
    ) -> Result<Vec<Box<dyn Query>>> {
        let mut found = BTreeSet::new();
        'expand: for segment in searcher.segment_readers() {
            for field in [self.fields.title, self.fields.text] {
                let inverted = segment.inverted_index(field).map_err(index_error)?;
                for prefix in prefixes {
                    let mut stream = inverted
                        .terms()
                        .range()
                        .ge(prefix.as_bytes())
                        .into_stream()
                        .map_err(index_error)?;
                    while stream.advance() {
                        let key = stream.key();
                        if !key.starts_with(prefix.as_bytes()) {
                            break;
                        }
                        found.insert(String::from_utf8_lossy(key).into_owned());
                        if found.len() > MAX_PREFIX_TERMS {
                            break 'expand;
                        }
                    }
                }
            }
        }
        if found.len() <= MAX_PREFIX_TERMS {
            return Ok(found.iter().flat_map(|t| self.term_queries(t)).collect());
        }
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        for prefix in prefixes {
            // A prefix holds letters and digits only (the tokenizer's output), never a
            // regular-expression operator.
            let pattern = format!("{prefix}.*");
            for (field, boost) in [(self.fields.title, TITLE_BOOST), (self.fields.text, 1.0)] {
                let regex = RegexQuery::from_pattern(&pattern, field).map_err(index_error)?;
                out.push(Box::new(BoostQuery::new(Box::new(regex), boost)));
            }
        }
        Ok(out)
    }

    /// The searcher of the last commit this reader saw.
    pub(crate) fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// The best `limit` matches after the first `offset` as `(rowid, score)`, best first,
    /// ties by rowid; only rowids `allowed` accepts count.
    pub(crate) fn top(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        allowed: Option<&RowidSet>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<(u64, Score)>> {
        let k = limit.saturating_add(offset);
        if k == 0 {
            return Ok(Vec::new());
        }
        let weight = query
            .weight(EnableScoring::enabled_from_searcher(searcher))
            .map_err(index_error)?;
        // Min-heap of the best k as (score, Reverse(rowid)) reversed: its top is the worst kept.
        let mut heap: BinaryHeap<std::cmp::Reverse<Ranked>> = BinaryHeap::with_capacity(k + 1);
        for segment in searcher.segment_readers() {
            let rowids = segment.fast_fields().u64("rowid").map_err(index_error)?;
            let alive = segment.alive_bitset();
            let mut threshold = Score::MIN;
            weight
                .for_each_pruning(Score::MIN, segment, &mut |doc: DocId, score: Score| {
                    if alive.is_some_and(|a| a.is_deleted(doc)) {
                        return threshold;
                    }
                    let Some(rowid) = rowids.first(doc) else {
                        return threshold;
                    };
                    if allowed.is_some_and(|set| !set.contains(rowid)) {
                        return threshold;
                    }
                    heap.push(std::cmp::Reverse(Ranked { score, rowid }));
                    if heap.len() > k {
                        heap.pop();
                    }
                    if heap.len() == k
                        && let Some(worst) = heap.peek()
                    {
                        // Just below the worst kept: a tie may still win on its rowid.
                        threshold = worst.0.score.next_down();
                    }
                    threshold
                })
                .map_err(index_error)?;
        }
        let mut ranked: Vec<Ranked> = heap.into_iter().map(|r| r.0).collect();
        ranked.sort_by(|a, b| b.cmp(a));
        Ok(ranked
            .into_iter()
            .skip(offset)
            .map(|r| (r.rowid, r.score))
            .collect())
    }

    /// How many live documents match, of those `allowed` accepts.
    pub(crate) fn count(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        allowed: Option<&RowidSet>,
    ) -> Result<u64> {
        let Some(allowed) = allowed else {
            return query.count(searcher).map(|n| n as u64).map_err(index_error);
        };
        let weight = query
            .weight(EnableScoring::disabled_from_searcher(searcher))
            .map_err(index_error)?;
        let mut n = 0u64;
        for segment in searcher.segment_readers() {
            let rowids = segment.fast_fields().u64("rowid").map_err(index_error)?;
            let alive = segment.alive_bitset();
            weight
                .for_each_no_score(segment, &mut |docs: &[DocId]| {
                    for &doc in docs {
                        if alive.is_some_and(|a| a.is_deleted(doc)) {
                            continue;
                        }
                        if rowids.first(doc).is_some_and(|r| allowed.contains(r)) {
                            n += 1;
                        }
                    }
                })
                .map_err(index_error)?;
        }
        Ok(n)
    }
}

/// Opens or creates the index in `dir`; an index of another schema (an older newstrace) is
/// derived data and is replaced.
fn open_dir(dir: &Path, schema: &Schema) -> std::result::Result<Index, String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let open = || {
        let directory = MmapDirectory::open(dir).map_err(|e| e.to_string())?;
        Index::open_or_create(directory, schema.clone()).map_err(|e| e.to_string())
    };
    match open() {
        Ok(index) => Ok(index),
        Err(e) if e.contains("schema") => {
            tracing::warn!("search index {}: {e}; rebuilding it", dir.display());
            std::fs::remove_dir_all(dir).map_err(|e| e.to_string())?;
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
            open()
        }
        Err(e) => Err(e),
    }
}

/// The store's token and the last `seq` its change log handed out (0 before any).
pub(crate) fn log_position(conn: &Connection) -> Result<(String, i64)> {
    Ok(conn
        .prepare_cached(
            "SELECT token, coalesce(
                 (SELECT seq FROM sqlite_sequence WHERE name = 'search_log'), 0)
             FROM search_meta WHERE id = 1",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

fn rowid_of(rowid: i64) -> Result<u64> {
    u64::try_from(rowid)
        .map_err(|_| StoreError::corrupt("articles.fts_rowid", rowid.to_string(), "negative"))
}

/// One ranked match: higher score first, then lower rowid (the order articles were stored),
/// so pages never overlap.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ranked {
    score: Score,
    rowid: u64,
}

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    /// Greater is better.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| other.rowid.cmp(&self.rowid))
    }
}

/// The rowids a filter allows, as a bit per rowid (rowids are dense: 1, 2, 3, … in storage
/// order).
pub(crate) struct RowidSet {
    bits: Vec<u64>,
}

impl RowidSet {
    pub(crate) fn new(rowids: impl IntoIterator<Item = u64>) -> Self {
        let mut bits = Vec::new();
        for r in rowids {
            let (word, bit) = ((r / 64) as usize, r % 64);
            if word >= bits.len() {
                bits.resize(word + 1, 0);
            }
            bits[word] |= 1 << bit;
        }
        Self { bits }
    }

    pub(crate) fn contains(&self, rowid: u64) -> bool {
        self.bits
            .get((rowid / 64) as usize)
            .is_some_and(|w| w & (1 << (rowid % 64)) != 0)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.bits.iter().all(|w| *w == 0)
    }
}
