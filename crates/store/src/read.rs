//! Reading articles back: by id, id prefix or external id; listing; sightings; counts.

use crate::rows::{Reader, clamp_to_sql};
use crate::{Result, Store, StoreError};
use newstrace_model::{Article, ArticleId, Dated, Language, RecordOrigin, Sighting, SightingId};
use rusqlite::{OptionalExtension, Row};

/// The shortest id prefix [`Store::get`] resolves: shorter ones match too much to be useful.
pub const MIN_PREFIX_LEN: usize = 4;

/// How many candidates an ambiguous key reports at most.
const MAX_CANDIDATES: usize = 10;

/// An article as stored: its representative metadata and text, plus store bookkeeping.
///
/// Invariant: `article` carries the metadata of its representative sighting (see
/// [`Store::insert_batch`]), except `first_seen`, which is the earliest of all its sightings.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredArticle {
    /// The article, including the origin and language of its representative copy.
    pub article: Article,
    /// How many distinct sightings of its text are stored (at least 1).
    pub sightings: u64,
    /// When this store first ingested the text (RFC 3339, UTC).
    pub first_ingested_at: String,
}

/// An article without its text: what listings and search results carry.
///
/// Same meaning, field for field, as [`Article`] and [`StoredArticle`].
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleSummary {
    /// Content hash of the text.
    pub id: ArticleId,
    /// The input's id for the representative copy.
    pub external_id: Option<String>,
    /// Headline of the representative copy.
    pub title: Option<String>,
    /// Byline of the representative copy.
    pub byline: Option<String>,
    /// Outlet of the representative copy.
    pub outlet: Option<String>,
    /// URL of the representative copy.
    pub url: Option<String>,
    /// Standfirst of the representative copy.
    pub description: Option<String>,
    /// Language of the text.
    pub lang: Option<Language>,
    /// Publication date of the representative copy.
    pub published: Option<Dated>,
    /// Update date of the representative copy.
    pub updated: Option<Dated>,
    /// Earliest crawler or archive sighting of any copy.
    pub first_seen: Option<Dated>,
    /// Where the representative copy was read from.
    pub origin: RecordOrigin,
    /// Number of stored sightings.
    pub sightings: u64,
    /// When this store first ingested the text (RFC 3339, UTC).
    pub first_ingested_at: String,
}

impl ArticleSummary {
    fn with_text(self, text: String) -> StoredArticle {
        StoredArticle {
            article: Article {
                id: self.id,
                external_id: self.external_id,
                title: self.title,
                byline: self.byline,
                outlet: self.outlet,
                url: self.url,
                description: self.description,
                text,
                lang: self.lang,
                published: self.published,
                updated: self.updated,
                first_seen: self.first_seen,
                origin: self.origin,
            },
            sightings: self.sightings,
            first_ingested_at: self.first_ingested_at,
        }
    }
}

impl From<StoredArticle> for ArticleSummary {
    /// The summary of a stored article: everything but its text.
    fn from(s: StoredArticle) -> Self {
        let a = s.article;
        ArticleSummary {
            id: a.id,
            external_id: a.external_id,
            title: a.title,
            byline: a.byline,
            outlet: a.outlet,
            url: a.url,
            description: a.description,
            lang: a.lang,
            published: a.published,
            updated: a.updated,
            first_seen: a.first_seen,
            origin: a.origin,
            sightings: s.sightings,
            first_ingested_at: s.first_ingested_at,
        }
    }
}

/// The order of [`Store::list`]. Both are total orders (ties broken by article id), so pages
/// never overlap or skip.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ListOrder {
    /// By publication date, oldest first, undated articles last.
    #[default]
    ByPublished,
    /// By when this store first ingested them, oldest first.
    ByFirstIngested,
}

/// Which articles [`Store::list`] returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// At most this many.
    pub limit: u64,
    /// After skipping this many.
    pub offset: u64,
    /// Only articles whose representative copy has exactly this outlet.
    pub outlet: Option<String>,
    /// In this order.
    pub order: ListOrder,
}

impl Default for ListQuery {
    fn default() -> Self {
        Self {
            limit: 50,
            offset: 0,
            outlet: None,
            order: ListOrder::default(),
        }
    }
}

/// Sizes of the store.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Distinct texts.
    pub articles: u64,
    /// Distinct sightings of them.
    pub sightings: u64,
    /// Distinct outlets over all sightings.
    pub outlets: u64,
    /// Ingest runs recorded.
    pub runs: u64,
}

/// The `articles` columns an [`ArticleSummary`] is read from (everything but `text`).
pub(crate) const SUMMARY_COLUMNS: &str = "a.id, a.external_id, a.title, a.byline, a.outlet, \
    a.url, a.description, a.lang_code, a.lang_source, a.lang_confidence, \
    a.published, a.published_source, a.published_detail, \
    a.updated, a.updated_source, a.updated_detail, \
    a.first_seen, a.first_seen_source, a.first_seen_detail, \
    a.origin_path, a.origin_format, a.origin_record, a.origin_offset, \
    a.sighting_count, a.first_ingested_at";

/// Reads an [`ArticleSummary`] from a row that selected [`SUMMARY_COLUMNS`].
pub(crate) fn summary_from_row(row: &Row<'_>) -> Result<ArticleSummary> {
    let r = Reader::new(row, "articles");
    Ok(ArticleSummary {
        id: ArticleId::from_stored(r.string("id")?),
        external_id: r.opt_string("external_id")?,
        title: r.opt_string("title")?,
        byline: r.opt_string("byline")?,
        outlet: r.opt_string("outlet")?,
        url: r.opt_string("url")?,
        description: r.opt_string("description")?,
        lang: r.language()?,
        published: r.dated("published")?,
        updated: r.dated("updated")?,
        first_seen: r.dated("first_seen")?,
        origin: r.origin()?,
        sightings: r.uint("sighting_count")?,
        first_ingested_at: r.string("first_ingested_at")?,
    })
}

fn sighting_from_row(row: &Row<'_>) -> Result<Sighting> {
    let r = Reader::new(row, "sightings");
    Ok(Sighting {
        id: SightingId::from_stored(r.string("id")?),
        article_id: ArticleId::from_stored(r.string("article_id")?),
        origin: r.origin()?,
        url: r.opt_string("url")?,
        outlet: r.opt_string("outlet")?,
        external_id: r.opt_string("external_id")?,
        title: r.opt_string("title")?,
        byline: r.opt_string("byline")?,
        published: r.dated("published")?,
        updated: r.dated("updated")?,
        first_seen: r.dated("first_seen")?,
    })
}

impl Store {
    /// Finds one article by, in this order: its full id; the external id of any of its copies
    /// (exact); a unique id prefix of at least [`MIN_PREFIX_LEN`] hex digits.
    ///
    /// A key that matches several articles is [`StoreError::Ambiguous`], listing them.
    pub fn get(&self, key: &str) -> Result<Option<StoredArticle>> {
        let key = key.trim();
        if key.is_empty() {
            return Ok(None);
        }
        if let Some(found) = self.article_by_id(key)? {
            return Ok(Some(found));
        }
        let by_external = self.ids_matching(
            "SELECT DISTINCT article_id FROM sightings WHERE external_id = ?1
             ORDER BY article_id LIMIT ?2",
            key,
        )?;
        if let Some(id) = unique(key, by_external)? {
            return self.article_by_id(&id);
        }
        if key.len() >= MIN_PREFIX_LEN && key.bytes().all(|b| b.is_ascii_hexdigit()) {
            // Ids are lowercase hex, so the pattern holds no GLOB metacharacters, and a
            // prefix GLOB is answered from the primary-key index.
            let pattern = format!("{}*", key.to_ascii_lowercase());
            let by_prefix = self.ids_matching(
                "SELECT id FROM articles WHERE id GLOB ?1 ORDER BY id LIMIT ?2",
                &pattern,
            )?;
            if let Some(id) = unique(key, by_prefix)? {
                return self.article_by_id(&id);
            }
        }
        Ok(None)
    }

    fn article_by_id(&self, id: &str) -> Result<Option<StoredArticle>> {
        let sql = format!("SELECT {SUMMARY_COLUMNS}, a.text FROM articles a WHERE a.id = ?1");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([id])?;
        let Some(row) = rows.next()? else {
            return Ok(None);
        };
        let text: String = row.get("text")?;
        Ok(Some(summary_from_row(row)?.with_text(text)))
    }

    /// Up to `MAX_CANDIDATES + 1` ids, enough to tell "several" from "exactly the cap".
    fn ids_matching(&self, sql: &str, key: &str) -> Result<Vec<String>> {
        let cap = i64::try_from(MAX_CANDIDATES + 1).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query(rusqlite::params![key, cap])?;
        let mut ids = Vec::new();
        while let Some(row) = rows.next()? {
            ids.push(row.get(0)?);
        }
        Ok(ids)
    }

    /// Every stored sighting of an article, by date (published, else first seen; undated
    /// last), then sighting id. The first is the article's representative.
    pub fn sightings(&self, id: &ArticleId) -> Result<Vec<Sighting>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT * FROM sightings
             WHERE article_no = (SELECT fts_rowid FROM articles WHERE id = ?1)
             ORDER BY order_key IS NULL, order_key, id",
        )?;
        let mut rows = stmt.query([id.as_str()])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(sighting_from_row(row)?);
        }
        Ok(out)
    }

    /// A page of articles, without their text.
    pub fn list(&self, query: &ListQuery) -> Result<Vec<ArticleSummary>> {
        let order = match query.order {
            ListOrder::ByPublished => "a.published_ts IS NULL, a.published_ts, a.id",
            ListOrder::ByFirstIngested => "a.first_ingested_at, a.id",
        };
        let filter = if query.outlet.is_some() {
            "WHERE a.outlet = ?3"
        } else {
            "WHERE ?3 IS NULL"
        };
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a {filter} ORDER BY {order} LIMIT ?1 OFFSET ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params![
            clamp_to_sql(query.limit),
            clamp_to_sql(query.offset),
            query.outlet,
        ])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(summary_from_row(row)?);
        }
        Ok(out)
    }

    /// How much the store holds.
    pub fn count(&self) -> Result<Counts> {
        let count = |sql: &str, column: &'static str| -> Result<u64> {
            let n: i64 = self.conn.query_row(sql, [], |r| r.get(0))?;
            u64::try_from(n)
                .map_err(|_| StoreError::corrupt(column, n.to_string(), "negative count"))
        };
        Ok(Counts {
            articles: count("SELECT count(*) FROM articles", "count(articles)")?,
            sightings: count("SELECT count(*) FROM sightings", "count(sightings)")?,
            outlets: count(
                "SELECT count(DISTINCT outlet) FROM sightings",
                "count(sightings.outlet)",
            )?,
            runs: count("SELECT count(*) FROM ingest_runs", "count(ingest_runs)")?,
        })
    }

    /// Whether an article with exactly this id is stored.
    pub fn contains(&self, id: &ArticleId) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?
            .query_row([id.as_str()], |_| Ok(()))
            .optional()?
            .is_some())
    }
}

/// The one id in `ids`, none, or an [`StoreError::Ambiguous`] error.
fn unique(key: &str, mut ids: Vec<String>) -> Result<Option<String>> {
    match ids.len() {
        0 => Ok(None),
        1 => Ok(ids.pop()),
        _ => {
            ids.truncate(MAX_CANDIDATES);
            Err(StoreError::Ambiguous {
                prefix: key.to_string(),
                candidates: ids,
            })
        }
    }
}
