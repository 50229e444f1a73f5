//! Read-only access for long-running readers such as the HTTP server: an open that never
//! writes (no migration, no journal-mode change), and the paged, filtered queries a server
//! needs so that one request never reads the whole store.
//!
//! Invariant: nothing in this module writes. Filters are bound as SQL parameters, never
//! spliced into SQL text.

use crate::links::StoryRow;
use crate::migrations::latest_version;
use crate::read::{SUMMARY_COLUMNS, summary_from_row};
use crate::rows::clamp_to_sql;
use crate::search::index::RowidSet;
use crate::search::query::SearchTerms;
use crate::{ArticleSummary, Result, Store, StoreError};
use newstrace_model::{ArticleId, Finding, Relation};
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, params, params_from_iter};
use std::path::Path;
use std::time::Duration;

/// Which articles [`Store::filtered`] returns. Every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleFilter {
    /// Full-text query: every word must match in the title or text (`word*` for a prefix);
    /// hits come best first.
    pub text: Option<String>,
    /// Exactly this outlet (of the article's representative copy).
    pub outlet: Option<String>,
    /// Published at or after this Unix time (seconds).
    pub published_from: Option<i64>,
    /// Published before this Unix time (seconds, exclusive).
    pub published_until: Option<i64>,
    /// Has a machine-made signal of this kind (its kebab-case name, e.g. `ai-byline`).
    pub signal: Option<String>,
    /// Has a check finding of this kind (its kebab-case name, e.g. `event-date`).
    pub finding: Option<String>,
}

/// One article of a [`Store::filtered`] page.
#[derive(Debug, Clone, PartialEq)]
pub struct FilteredHit {
    /// The article, without its text.
    pub article: ArticleSummary,
    /// With a full-text query: a passage around the match, matched terms in `[` `]`.
    pub snippet: Option<String>,
}

/// How many articles name an entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityCount {
    /// The entity's canonical name.
    pub name: String,
    /// Its kind (`person`, `organization`, `place`, …) as the analysis writes it.
    pub kind: String,
    /// Articles whose analysis names it.
    pub articles: u64,
}

impl Store {
    /// Opens an existing store for reading only. Unlike [`Store::open`] it never creates the
    /// file, never migrates and never changes the journal mode, so it is safe on a store
    /// another process is writing, and on a file the user may not write. A file whose schema
    /// is not the one this code knows is refused: older ones need one writable open (any
    /// `ingest`) to migrate, newer ones a newer newstrace.
    pub fn open_read_only(path: &Path) -> Result<Self> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        conn.busy_timeout(Duration::from_secs(10))?;
        let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let known = latest_version();
        if found > known {
            return Err(StoreError::SchemaTooNew { found, known });
        }
        if found < known {
            return Err(StoreError::corrupt(
                "pragma.user_version",
                found.to_string(),
                format!(
                    "schema older than this newstrace ({known}) or not a newstrace store; \
                     open it once for writing (e.g. `newstrace ingest`) to migrate it"
                ),
            ));
        }
        Ok(Self::with(conn, false, Some(path)))
    }

    /// A page of the articles `filter` matches: best match first with a full-text query,
    /// else oldest publication first (undated last, ties by id, so pages never overlap).
    ///
    /// A full-text query is ranked in the search index (top k, so a common word costs little
    /// more than a rare one); other filters given with it become the set of rowids the
    /// ranking may keep, read from the store's indexes. The summaries and snippets are read
    /// for the page's rows alone.
    pub fn filtered(
        &self,
        filter: &ArticleFilter,
        limit: u64,
        offset: u64,
    ) -> Result<Vec<FilteredHit>> {
        let Some(sql) = FilterSql::of(filter) else {
            return Ok(Vec::new());
        };
        if let Some(terms) = &sql.text {
            let allowed = self.allowed_rowids(&sql)?;
            if allowed.as_ref().is_some_and(RowidSet::is_empty) {
                return Ok(Vec::new());
            }
            let (limit, offset) = (to_usize(limit), to_usize(offset));
            let page = self.search_page(terms, allowed.as_ref(), limit, offset)?;
            return Ok(search_hits(page));
        }
        self.listed_page(&sql, limit, offset)
    }

    /// How many articles `filter` matches in all.
    pub fn count_filtered(&self, filter: &ArticleFilter) -> Result<u64> {
        let Some(sql) = FilterSql::of(filter) else {
            return Ok(0);
        };
        if let Some(terms) = &sql.text {
            let allowed = self.allowed_rowids(&sql)?;
            if allowed.as_ref().is_some_and(RowidSet::is_empty) {
                return Ok(0);
            }
            return self.search_count(terms, allowed.as_ref());
        }
        self.listed_count(&sql)
    }

    /// [`filtered`](Self::filtered) and [`count_filtered`](Self::count_filtered) together,
    /// as a paged list shows them: the other filters' rowids are read once and the search
    /// index is brought current and queried once.
    pub fn filtered_with_total(
        &self,
        filter: &ArticleFilter,
        limit: u64,
        offset: u64,
    ) -> Result<(Vec<FilteredHit>, u64)> {
        let Some(sql) = FilterSql::of(filter) else {
            return Ok((Vec::new(), 0));
        };
        if let Some(terms) = &sql.text {
            let allowed = self.allowed_rowids(&sql)?;
            if allowed.as_ref().is_some_and(RowidSet::is_empty) {
                return Ok((Vec::new(), 0));
            }
            let (limit, offset) = (to_usize(limit), to_usize(offset));
            let (page, total) =
                self.search_page_and_count(terms, allowed.as_ref(), limit, offset)?;
            return Ok((search_hits(page), total));
        }
        Ok((
            self.listed_page(&sql, limit, offset)?,
            self.listed_count(&sql)?,
        ))
    }

    /// A page of the articles filters without a full-text query match, oldest first.
    fn listed_page(&self, sql: &FilterSql, limit: u64, offset: u64) -> Result<Vec<FilteredHit>> {
        let mut params = sql.params.clone();
        params.push(Value::Integer(clamp_to_sql(limit)));
        params.push(Value::Integer(clamp_to_sql(offset)));
        let (limit_at, offset_at) = (params.len() - 1, params.len());
        let query = format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a {}
             ORDER BY a.published_ts IS NULL, a.published_ts, a.id
             LIMIT ?{limit_at} OFFSET ?{offset_at}",
            sql.where_clause()
        );
        let mut stmt = self.conn.prepare_cached(&query)?;
        let mut rows = stmt.query(params_from_iter(params.iter()))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(FilteredHit {
                article: summary_from_row(row)?,
                snippet: None,
            });
        }
        Ok(out)
    }

    /// How many articles filters without a full-text query match.
    fn listed_count(&self, sql: &FilterSql) -> Result<u64> {
        let query = format!("SELECT count(*) FROM articles a {}", sql.where_clause());
        let n: i64 = self
            .conn
            .prepare_cached(&query)?
            .query_row(params_from_iter(sql.params.iter()), |r| r.get(0))?;
        non_negative("count(articles)", n)
    }

    /// With a full-text query and other filters, the rowids the other filters allow (read
    /// from the store's indexes: the search index holds only titles and texts); `None`
    /// when there are no other filters.
    fn allowed_rowids(&self, sql: &FilterSql) -> Result<Option<RowidSet>> {
        if sql.conditions.is_empty() && sql.kind_sets.is_empty() {
            return Ok(None);
        }
        let query = format!("SELECT a.fts_rowid FROM articles a {}", sql.where_clause());
        let mut stmt = self.conn.prepare_cached(&query)?;
        let rowids = stmt
            .query_map(params_from_iter(sql.params.iter()), |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        Ok(Some(RowidSet::new(
            rowids.into_iter().filter_map(|r| u64::try_from(r).ok()),
        )))
    }

    /// One live story by id, with its members in id order.
    pub fn story(&self, id: i64) -> Result<Option<StoryRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT article_id FROM story_members WHERE story_id = ?1 ORDER BY article_id",
        )?;
        let mut rows = stmt.query([id])?;
        let mut articles = Vec::new();
        while let Some(row) = rows.next()? {
            articles.push(ArticleId::from_stored(row.get::<_, String>(0)?));
        }
        Ok((!articles.is_empty()).then_some(StoryRow { id, articles }))
    }

    /// A page of live stories by id, each with its members.
    pub fn story_page(&self, limit: u64, offset: u64) -> Result<Vec<StoryRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT story_id FROM story_members ORDER BY story_id LIMIT ?1 OFFSET ?2",
        )?;
        let ids: Vec<i64> = stmt
            .query_map(params![clamp_to_sql(limit), clamp_to_sql(offset)], |r| {
                r.get(0)
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(story) = self.story(id)? {
                out.push(story);
            }
        }
        Ok(out)
    }

    /// How many live stories there are.
    pub fn story_count(&self) -> Result<u64> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(DISTINCT story_id) FROM story_members")?
            .query_row([], |r| r.get(0))?;
        non_negative("count(stories)", n)
    }

    /// A page of relations (of one kind, by its kebab-case name, when given), in the order
    /// their pairs were first linked (the key's order: no sort of the whole table per page).
    pub fn relation_page(
        &self,
        kind: Option<&str>,
        limit: u64,
        offset: u64,
    ) -> Result<Vec<Relation>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT relation FROM relations WHERE ?1 IS NULL OR kind = ?1
             ORDER BY later_no, earlier_no LIMIT ?2 OFFSET ?3",
        )?;
        let mut rows = stmt.query(params![kind, clamp_to_sql(limit), clamp_to_sql(offset)])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let json: String = row.get(0)?;
            out.push(
                serde_json::from_str(&json)
                    .map_err(|e| StoreError::corrupt("relations.relation", json.clone(), e))?,
            );
        }
        Ok(out)
    }

    /// How many relations (of one kind, when given) there are.
    pub fn relation_count(&self, kind: Option<&str>) -> Result<u64> {
        // Without a kind, count from an index rather than from the wide relation rows.
        let n: i64 = match kind {
            None => self
                .conn
                .prepare_cached("SELECT count(*) FROM relations INDEXED BY relations_earlier")?
                .query_row([], |r| r.get(0))?,
            Some(k) => self
                .conn
                .prepare_cached("SELECT count(*) FROM relations WHERE kind = ?1")?
                .query_row([k], |r| r.get(0))?,
        };
        non_negative("count(relations)", n)
    }

    /// A page of the articles that have check findings (of one kind, by its kebab-case name,
    /// when given), in the order they were stored, each with its findings (all of them,
    /// whatever the kind).
    pub fn findings_page(
        &self,
        kind: Option<&str>,
        limit: u64,
        offset: u64,
    ) -> Result<Vec<(ArticleId, Vec<Finding>)>> {
        // The page's ids come in order from the kind index; only their findings are parsed.
        let ids = match kind {
            Some(_) => "SELECT fts_rowid FROM article_findings WHERE kind = ?1",
            None => "SELECT DISTINCT fts_rowid FROM article_findings WHERE ?1 IS NULL",
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT c.article_id, c.findings FROM ({ids} ORDER BY fts_rowid LIMIT ?2 OFFSET ?3) f
             JOIN checks c ON c.article_no = f.fts_rowid
             ORDER BY f.fts_rowid"
        ))?;
        let mut rows = stmt.query(params![kind, clamp_to_sql(limit), clamp_to_sql(offset)])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let id = ArticleId::from_stored(row.get::<_, String>(0)?);
            let json: String = row.get(1)?;
            let findings = serde_json::from_str(&json)
                .map_err(|e| StoreError::corrupt("checks.findings", json.clone(), e))?;
            out.push((id, findings));
        }
        Ok(out)
    }

    /// How many articles have check findings (of one kind, when given).
    pub fn findings_count(&self, kind: Option<&str>) -> Result<u64> {
        let sql = match kind {
            Some(_) => "SELECT count(*) FROM article_findings WHERE kind = ?1",
            None => "SELECT count(DISTINCT fts_rowid) FROM article_findings WHERE ?1 IS NULL",
        };
        let n: i64 = self
            .conn
            .prepare_cached(sql)?
            .query_row([kind], |r| r.get(0))?;
        non_negative("count(checks)", n)
    }

    /// Every entity named in a stored analysis, with how many articles name it, most named
    /// first (then by name). Reads every analysis: callers should cache the result.
    pub fn entity_counts(&self) -> Result<Vec<EntityCount>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT json_extract(e.value, '$.canonical') AS name,
                    json_extract(e.value, '$.kind') AS kind,
                    count(DISTINCT n.article_id) AS articles
             FROM analyses n, json_each(n.analysis, '$.entities') e
             WHERE name IS NOT NULL
             GROUP BY name, kind
             ORDER BY articles DESC, name, kind",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let n: i64 = row.get(2)?;
            out.push(EntityCount {
                name: row.get(0)?,
                kind: row.get::<_, Option<String>>(1)?.unwrap_or_default(),
                articles: non_negative("count(entities)", n)?,
            });
        }
        Ok(out)
    }
}

/// The SQL conditions and parameters of an [`ArticleFilter`]: only the filters given become
/// conditions, so SQLite can use the outlet and date indexes. Values are always parameters.
struct FilterSql {
    /// The full-text query, when there is one (searched in the index, not in SQL).
    text: Option<SearchTerms>,
    /// Conditions on `articles a`, joined by AND.
    conditions: Vec<String>,
    /// One `(table, kind column, parameter)` per signal or finding filter: an article must
    /// be listed in each kind index table under that kind.
    kind_sets: Vec<(&'static str, &'static str, usize)>,
    /// Parameter values, `?1` first.
    params: Vec<Value>,
}

impl FilterSql {
    /// `None` when the full-text query holds nothing searchable (it matches nothing).
    fn of(filter: &ArticleFilter) -> Option<Self> {
        let text = match &filter.text {
            Some(text) => Some(SearchTerms::parse(text)?),
            None => None,
        };
        let mut sql = Self {
            // ?1 is always bound to NULL (`where_clause` tests it), so numbering never shifts.
            params: vec![Value::Null],
            text,
            conditions: Vec::new(),
            kind_sets: Vec::new(),
        };
        if let Some(outlet) = &filter.outlet {
            let i = sql.param(Value::Text(outlet.clone()));
            sql.conditions.push(format!("a.outlet = ?{i}"));
        }
        if let Some(from) = filter.published_from {
            let i = sql.param(Value::Integer(from));
            sql.conditions.push(format!("a.published_ts >= ?{i}"));
        }
        if let Some(until) = filter.published_until {
            let i = sql.param(Value::Integer(until));
            sql.conditions.push(format!("a.published_ts < ?{i}"));
        }
        // The kind tables (kept by triggers, schema version 5) list the articles of a kind, so
        // the filter is an indexed list rather than a parse of every stored JSON document.
        if let Some(kind) = &filter.signal {
            let k = sql.param(Value::Text(kind.clone()));
            sql.kind_sets.push(("article_signals", "signal", k));
        }
        if let Some(kind) = &filter.finding {
            let k = sql.param(Value::Text(kind.clone()));
            sql.kind_sets.push(("article_findings", "kind", k));
        }
        Some(sql)
    }

    /// Adds a parameter; returns its 1-based number.
    fn param(&mut self, value: Value) -> usize {
        self.params.push(value);
        self.params.len()
    }

    /// `WHERE …` over `articles a`; `?1` is referenced so its binding is always used.
    fn where_clause(&self) -> String {
        let mut all = vec!["?1 IS NULL".to_string()];
        all.extend(self.conditions.iter().cloned());
        all.extend(self.kind_sets.iter().map(|(table, column, k)| {
            format!("a.fts_rowid IN (SELECT fts_rowid FROM {table} WHERE {column} = ?{k})")
        }));
        format!("WHERE {}", all.join(" AND "))
    }
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

fn non_negative(column: &'static str, n: i64) -> Result<u64> {
    u64::try_from(n).map_err(|_| StoreError::corrupt(column, n.to_string(), "negative count"))
}

/// Search matches as filtered hits, snippets kept.
fn search_hits(page: Vec<crate::search::PageHit>) -> Vec<FilteredHit> {
    page.into_iter()
        .map(|(article, snippet, _)| FilteredHit {
            article,
            snippet: Some(snippet),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_only_open_refuses_a_missing_file_and_never_creates_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("absent.db");
        assert!(Store::open_read_only(&path).is_err());
        assert!(!path.exists());
    }

    #[test]
    fn read_only_open_refuses_an_unmigrated_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.db");
        Connection::open(&path).unwrap();
        assert!(matches!(
            Store::open_read_only(&path),
            Err(StoreError::Corrupt { .. })
        ));
    }

    #[test]
    fn read_only_store_reads_but_cannot_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        drop(Store::open(&path).unwrap());
        let mut ro = Store::open_read_only(&path).unwrap();
        assert_eq!(ro.count().unwrap().articles, 0);
        assert_eq!(ro.story_count().unwrap(), 0);
        assert!(ro.story(1).unwrap().is_none());
        assert!(ro.begin_run(&["x".to_string()]).is_err());
    }
}
