//! Full-text search over titles and texts: a tantivy index beside the store (see [`index`]),
//! words folded and stemmed (see [`query`]), BM25 with a title match worth five of the text,
//! snippets made from the page's texts (see [`snippet`]).

pub(crate) mod index;
pub(crate) mod query;
mod snippet;
mod stem;

pub use index::SearchSync;

use crate::read::{SUMMARY_COLUMNS, summary_from_row};
use crate::{ArticleSummary, Result, Store};
use index::{Commit, RowidSet, SearchIndex};
use query::SearchTerms;

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// The matching article, without its text.
    pub article: ArticleSummary,
    /// A short passage around the match, with matched terms in `[` `]`.
    pub snippet: String,
    /// Relevance: BM25, negated so that lower is better (the convention FTS5 had, which
    /// `newstrace search --json` shows).
    pub rank: f64,
}

/// One match of a page: the article, its snippet and its score.
pub(crate) type PageHit = (ArticleSummary, String, f64);

impl Store {
    /// Articles whose title or text match every word of `query`, best first (ties in the order
    /// they were stored).
    pub fn search(&self, query: &str, limit: u64) -> Result<Vec<SearchHit>> {
        let Some(terms) = SearchTerms::parse(query) else {
            return Ok(Vec::new());
        };
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        Ok(self
            .search_page(&terms, None, limit, 0)?
            .into_iter()
            .map(|(article, snippet, score)| SearchHit {
                article,
                snippet,
                rank: -score,
            })
            .collect())
    }

    /// Brings the search index up to the store: indexes what was stored, changed or deleted
    /// since its last commit, and commits. Cheap when nothing changed (one read). Servers
    /// call it when they start and after an ingest request; batch writers call
    /// [`Store::stage_search_index`] after each batch and this after the last. When another
    /// process holds the index's writer (an ingest beside a server) nothing is done and a
    /// warning is logged once: that process keeps the index current, and searches use what
    /// is there.
    pub fn sync_search_index(&self) -> Result<SearchSync> {
        self.sync_search(Commit::Now)
    }

    /// Like [`Store::sync_search_index`], for a writer storing batch after batch: the changes
    /// go to the index's writer, which indexes them on its own thread while the caller goes
    /// on, and are committed (searchable) once a few seconds have passed since the last
    /// commit. Call [`Store::sync_search_index`] after the last batch; a search in this
    /// process commits what is pending, and a crash only leaves the index behind.
    pub fn stage_search_index(&self) -> Result<SearchSync> {
        self.sync_search(Commit::WhenDue)
    }

    /// Commits what this store gave the search index's writer and lets go of the writer and
    /// its lock, so that another connection can write the index: a bulk ingest hands it from
    /// the connection that caught up to its writer thread's.
    pub fn release_search_writer(&self) -> Result<()> {
        if let Some(index) = self.search.get() {
            self.sync_search_index()?;
            index.release_writer();
        }
        Ok(())
    }

    fn sync_search(&self, commit: Commit) -> Result<SearchSync> {
        let index = self.search_index()?;
        let commit = if self.writable { commit } else { Commit::Now };
        let outcome = index.sync(&self.conn, commit, self.writable, self.writable)?;
        if outcome.rebuilt {
            tracing::info!("search index rebuilt: {} articles", outcome.changed);
        }
        Ok(outcome)
    }

    /// The search index, opened on first use.
    pub(crate) fn search_index(&self) -> Result<&SearchIndex> {
        if let Some(index) = self.search.get() {
            return Ok(index);
        }
        let index = SearchIndex::open(self.search_dir.as_deref())?;
        Ok(self.search.get_or_init(|| index))
    }

    /// The search index, brought up to the store first if it is behind (one small read when
    /// it is not): what every search goes through, so a search sees what was stored before
    /// it, whichever process stored it.
    pub(crate) fn current_search_index(&self) -> Result<&SearchIndex> {
        let index = self.search_index()?;
        let (token, high) = index::log_position(&self.conn)?;
        if !index.is_current(&token, high)? {
            self.sync_search_index()?;
        }
        Ok(index)
    }

    /// A page of matches of `terms` (of the rowids `allowed`, when given): summaries,
    /// snippets and scores, best first. Only the page's articles are read from the store.
    pub(crate) fn search_page(
        &self,
        terms: &SearchTerms,
        allowed: Option<&RowidSet>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<PageHit>> {
        let (index, searcher, query) = self.prepared_query(terms)?;
        let ranked = index.top(&searcher, query.as_ref(), allowed, limit, offset)?;
        self.page_hits(terms, ranked)
    }

    /// How many articles match `terms` (of the rowids `allowed`, when given).
    pub(crate) fn search_count(
        &self,
        terms: &SearchTerms,
        allowed: Option<&RowidSet>,
    ) -> Result<u64> {
        let (index, searcher, query) = self.prepared_query(terms)?;
        index.count(&searcher, query.as_ref(), allowed)
    }

    /// [`search_page`](Self::search_page) and [`search_count`](Self::search_count) with one
    /// catch-up of the index and one query.
    pub(crate) fn search_page_and_count(
        &self,
        terms: &SearchTerms,
        allowed: Option<&RowidSet>,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<PageHit>, u64)> {
        let (index, searcher, query) = self.prepared_query(terms)?;
        let ranked = index.top(&searcher, query.as_ref(), allowed, limit, offset)?;
        let total = index.count(&searcher, query.as_ref(), allowed)?;
        Ok((self.page_hits(terms, ranked)?, total))
    }

    /// The current index, a searcher on it and the query for `terms`.
    fn prepared_query(
        &self,
        terms: &SearchTerms,
    ) -> Result<(
        &SearchIndex,
        tantivy::Searcher,
        Box<dyn tantivy::query::Query>,
    )> {
        let index = self.current_search_index()?;
        let searcher = index.searcher();
        let query = index.query(&searcher, terms)?;
        Ok((index, searcher, query))
    }

    /// The summaries and snippets of ranked rowids, in their order.
    fn page_hits(&self, terms: &SearchTerms, ranked: Vec<(u64, f32)>) -> Result<Vec<PageHit>> {
        if ranked.is_empty() {
            return Ok(Vec::new());
        }
        let sql =
            format!("SELECT {SUMMARY_COLUMNS}, a.text FROM articles a WHERE a.fts_rowid = ?1");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut highlighter = snippet::Highlighter::new(terms);
        let mut out = Vec::with_capacity(ranked.len());
        for (rowid, score) in ranked {
            let mut rows = stmt.query([crate::rows::clamp_to_sql(rowid)])?;
            // A rowid the store no longer has (deleted since the index's last commit) is
            // skipped; the next sync removes it.
            if let Some(row) = rows.next()? {
                let text: String = row.get("text")?;
                let snippet = highlighter.snippet(&text);
                out.push((summary_from_row(row)?, snippet, f64::from(score)));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use crate::Store;
    use rusqlite::Connection;

    /// A store file at schema version 5 (full-text index in FTS5), with two articles.
    fn version_5_file(path: &std::path::Path) {
        let mut conn = Connection::open(path).unwrap();
        crate::migrations::migrate_to(&mut conn, 5).unwrap();
        conn.execute_batch(
            "INSERT INTO articles (id, fts_rowid, title, text, origin_path, origin_format,
                                   representative_sighting, first_ingested_at, sighting_count)
                VALUES ('a', 1, 'Harbour news', 'The quay closes for repairs.', 'p', 'json',
                        's', 'now', 1),
                       ('b', 2, NULL, 'Ferries run late across the strait.', 'p', 'json',
                        's', 'now', 1);",
        )
        .unwrap();
    }

    #[test]
    fn a_store_migrated_from_version_5_is_searchable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        version_5_file(&path);
        let store = Store::open(&path).unwrap();
        assert_eq!(
            store.schema_version().unwrap(),
            crate::migrations::latest_version()
        );
        let logged: i64 = store
            .conn
            .query_row("SELECT count(*) FROM search_log", [], |r| r.get(0))
            .unwrap();
        assert_eq!(logged, 2);
        let hits = store.search("ferry", 10).unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].article.id.as_str(), "b");
        assert_eq!(hits[0].snippet, "[Ferries] run late across the strait.");
        assert_eq!(store.search("harbour", 10).unwrap().len(), 1);
        // The writer pruned the log the index now covers.
        let logged: i64 = store
            .conn
            .query_row("SELECT count(*) FROM search_log", [], |r| r.get(0))
            .unwrap();
        assert_eq!(logged, 0);
        assert!(dir.path().join("old.db.search").join("meta.json").exists());
    }

    #[test]
    fn each_new_article_is_logged_once_by_its_insert() {
        let mut store = Store::open_in_memory().unwrap();
        let first = crate::export::tests::article("The quay closes for repairs.");
        let second = crate::export::tests::article("Ferries run late across the strait.");
        let mut again = first.clone();
        again.url = Some("https://relay.example/quay".into());
        store.insert_batch(&[first, second]).unwrap();
        let outcome = store.insert_batch(&[again]).unwrap();
        assert_eq!(outcome.seen_again, 1);
        let logged: Vec<i64> = store
            .conn
            .prepare("SELECT fts_rowid FROM search_log ORDER BY seq")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(logged, [1, 2]);
        assert_eq!(store.search("ferries", 10).unwrap().len(), 1);
    }

    #[test]
    fn a_deleted_article_leaves_the_index_at_the_next_sync() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.db");
        version_5_file(&path);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.search("quay", 10).unwrap().len(), 1);
        store
            .conn
            .execute("DELETE FROM articles WHERE id = 'a'", [])
            .unwrap();
        assert!(store.search("quay", 10).unwrap().is_empty());
        assert_eq!(store.search("ferry", 10).unwrap().len(), 1);
    }
}
