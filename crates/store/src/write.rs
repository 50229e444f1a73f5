//! Adding articles: one batch, one transaction, idempotent and independent of ingest order.
//!
//! Each [`Article`] is one [`Sighting`] of the text it carries. A sighting already stored is
//! *unchanged*; a new sighting of a new text creates the article (*new*); a new sighting of a
//! stored text is *seen again* and may change which sighting represents the article.
//!
//! The representative sighting is the one with the earliest known date (its `published`, else
//! its `first_seen`; on the same day a precise time beats a bare day, see `rows::order_key`);
//! undated sightings come after dated ones, and ties go to the smallest sighting id. The article row
//! takes the representative's metadata as a whole (never merged field by field), its text,
//! description and language come from the copy that carried that sighting, and its
//! `first_seen` is the earliest `first_seen` of any sighting. All of these are minima over the
//! set of sightings, so the stored article does not depend on the order copies arrived in.
//! (One caveat, inherent to sighting ids: two records with the *same* sighting id but different
//! file paths or text formatting keep whichever arrived first.)

use crate::rows::{DateParams, LangParams, OriginParams, order_key};
use crate::{Result, Store};
use newstrace_model::{Article, ArticleId, Sighting};
use rusqlite::{Connection, OptionalExtension, params};

/// What one [`Store::insert_batch`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    /// Articles whose text was not in the store before.
    pub new: u64,
    /// New sightings of texts already stored (another URL, outlet, headline or date).
    pub seen_again: u64,
    /// Sightings already stored: nothing was written for them.
    pub unchanged: u64,
    /// Ids of the new articles, in batch order (what incremental later stages should process).
    pub new_ids: Vec<ArticleId>,
}

/// What happened to one article of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    New,
    SeenAgain,
    Unchanged,
}

impl Store {
    /// Stores a batch of articles in one transaction: either all of it is stored or, if the
    /// process dies or an error is returned, none of it. Storing the same batch again adds
    /// nothing.
    pub fn insert_batch(&mut self, articles: &[Article]) -> Result<BatchOutcome> {
        let now = crate::now_rfc3339();
        let tx = self.conn.transaction()?;
        let outcome = insert_articles(&tx, articles, &now)?;
        tx.commit()?;
        Ok(outcome)
    }
}

/// The body of [`Store::insert_batch`], inside a transaction the caller owns.
pub(crate) fn insert_articles(
    conn: &Connection,
    articles: &[Article],
    now: &str,
) -> Result<BatchOutcome> {
    let mut outcome = BatchOutcome::default();
    for article in articles {
        match insert_one(conn, article, now)? {
            Fate::New => {
                outcome.new += 1;
                outcome.new_ids.push(article.id.clone());
            }
            Fate::SeenAgain => outcome.seen_again += 1,
            Fate::Unchanged => outcome.unchanged += 1,
        }
    }
    Ok(outcome)
}

fn insert_one(conn: &Connection, article: &Article, now: &str) -> Result<Fate> {
    let sighting = article.sighting();
    if exists(
        conn,
        "SELECT 1 FROM sightings WHERE id = ?1",
        sighting.id.as_str(),
    )? {
        return Ok(Fate::Unchanged);
    }
    if !exists(
        conn,
        "SELECT 1 FROM articles WHERE id = ?1",
        article.id.as_str(),
    )? {
        // The article row first: sightings reference it.
        insert_article(conn, article, &sighting, now)?;
        insert_sighting(conn, &sighting, now)?;
        return Ok(Fate::New);
    }
    insert_sighting(conn, &sighting, now)?;
    refresh_article(conn, article, &sighting)?;
    Ok(Fate::SeenAgain)
}

fn exists(conn: &Connection, sql: &str, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

fn insert_article(
    conn: &Connection,
    article: &Article,
    sighting: &Sighting,
    now: &str,
) -> Result<()> {
    let lang = LangParams::of(article.lang.as_ref());
    let published = DateParams::of(article.published.as_ref());
    let updated = DateParams::of(article.updated.as_ref());
    let first_seen = DateParams::of(article.first_seen.as_ref());
    let origin = OriginParams::of(&article.origin)?;
    // The number and the search log's row are written here rather than by a subselect and a
    // trigger: a trigger makes SQLite keep a statement journal of every page the insert
    // touches (see `numbers`), and the article row touches seven indexes.
    let number: i64 = conn
        .prepare_cached("SELECT coalesce(max(fts_rowid), 0) + 1 FROM articles")?
        .query_row([], |r| r.get(0))?;
    conn.prepare_cached(
        "INSERT INTO articles (
            id, fts_rowid, external_id, title, byline, outlet, url, description, text,
            lang_code, lang_source, lang_confidence,
            published, published_source, published_detail, published_ts,
            updated, updated_source, updated_detail,
            first_seen, first_seen_source, first_seen_detail, first_seen_ts,
            origin_path, origin_format, origin_record, origin_offset,
            representative_sighting, first_ingested_at, sighting_count
        ) VALUES (
            ?1, ?29,
            ?2, ?3, ?4, ?5, ?6, ?7, ?8,
            ?9, ?10, ?11,
            ?12, ?13, ?14, ?15,
            ?16, ?17, ?18,
            ?19, ?20, ?21, ?22,
            ?23, ?24, ?25, ?26,
            ?27, ?28, 1
        )",
    )?
    .execute(params![
        article.id.as_str(),
        article.external_id,
        article.title,
        article.byline,
        article.outlet,
        article.url,
        article.description,
        article.text,
        lang.code,
        lang.source,
        lang.confidence,
        published.value,
        published.source,
        published.detail,
        published.ts,
        updated.value,
        updated.source,
        updated.detail,
        first_seen.value,
        first_seen.source,
        first_seen.detail,
        first_seen.ts,
        origin.path,
        origin.format,
        origin.record,
        origin.offset,
        sighting.id.as_str(),
        now,
        number,
    ])?;
    conn.prepare_cached("INSERT INTO search_log (fts_rowid) VALUES (?1)")?
        .execute([number])?;
    Ok(())
}

fn insert_sighting(conn: &Connection, sighting: &Sighting, now: &str) -> Result<()> {
    let published = DateParams::of(sighting.published.as_ref());
    let updated = DateParams::of(sighting.updated.as_ref());
    let first_seen = DateParams::of(sighting.first_seen.as_ref());
    let origin = OriginParams::of(&sighting.origin)?;
    conn.prepare_cached(
        "INSERT INTO sightings (
            id, article_id, article_no, origin_path, origin_format, origin_record, origin_offset,
            url, outlet, external_id, title, byline,
            published, published_source, published_detail, published_ts,
            updated, updated_source, updated_detail,
            first_seen, first_seen_source, first_seen_detail, first_seen_ts,
            order_key, ingested_at
        ) VALUES (
            ?1, ?2, (SELECT fts_rowid FROM articles WHERE id = ?2), ?3, ?4, ?5, ?6,
            ?7, ?8, ?9, ?10, ?11,
            ?12, ?13, ?14, ?15,
            ?16, ?17, ?18,
            ?19, ?20, ?21, ?22,
            ?23, ?24
        )",
    )?
    .execute(params![
        sighting.id.as_str(),
        sighting.article_id.as_str(),
        origin.path,
        origin.format,
        origin.record,
        origin.offset,
        sighting.url,
        sighting.outlet,
        sighting.external_id,
        sighting.title,
        sighting.byline,
        published.value,
        published.source,
        published.detail,
        published.ts,
        updated.value,
        updated.source,
        updated.detail,
        first_seen.value,
        first_seen.source,
        first_seen.detail,
        first_seen.ts,
        order_key(sighting.published.as_ref(), sighting.first_seen.as_ref()),
        now,
    ])?;
    Ok(())
}

/// Re-derives an article's representative metadata, `first_seen` and sighting count after
/// `added` (a sighting of `article`) was stored.
fn refresh_article(conn: &Connection, article: &Article, added: &Sighting) -> Result<()> {
    let representative: String = conn
        .prepare_cached(
            "SELECT id FROM sightings
             WHERE article_no = (SELECT fts_rowid FROM articles WHERE id = ?1)
             ORDER BY order_key IS NULL, order_key, id
             LIMIT 1",
        )?
        .query_row([article.id.as_str()], |r| r.get(0))?;
    // The representative is a minimum over the article's sightings and only `added` joined
    // them, so it either stayed or is now `added`, whose full copy is in hand.
    if representative == added.id.as_str() {
        take_representative(conn, article, added)?;
    }
    conn.prepare_cached(
        "UPDATE articles SET
            sighting_count = (SELECT count(*) FROM sightings WHERE article_no = articles.fts_rowid),
            (first_seen, first_seen_source, first_seen_detail, first_seen_ts) = (
                SELECT first_seen, first_seen_source, first_seen_detail, first_seen_ts
                FROM sightings
                WHERE article_no = articles.fts_rowid AND first_seen_ts IS NOT NULL
                ORDER BY first_seen_ts, id
                LIMIT 1
            )
         WHERE id = ?1",
    )?
    .execute([article.id.as_str()])?;
    Ok(())
}

/// Makes `sighting` (a copy of `article`) the article's representative.
fn take_representative(conn: &Connection, article: &Article, sighting: &Sighting) -> Result<()> {
    let lang = LangParams::of(article.lang.as_ref());
    let published = DateParams::of(article.published.as_ref());
    let updated = DateParams::of(article.updated.as_ref());
    let origin = OriginParams::of(&article.origin)?;
    // The FTS index follows `title` and `text` through a trigger, which fires only when one
    // of them actually changed.
    conn.prepare_cached(
        "UPDATE articles SET
            external_id = ?2, title = ?3, byline = ?4, outlet = ?5, url = ?6,
            description = ?7, text = ?8,
            lang_code = ?9, lang_source = ?10, lang_confidence = ?11,
            published = ?12, published_source = ?13, published_detail = ?14, published_ts = ?15,
            updated = ?16, updated_source = ?17, updated_detail = ?18,
            origin_path = ?19, origin_format = ?20, origin_record = ?21, origin_offset = ?22,
            representative_sighting = ?23
         WHERE id = ?1",
    )?
    .execute(params![
        article.id.as_str(),
        article.external_id,
        article.title,
        article.byline,
        article.outlet,
        article.url,
        article.description,
        article.text,
        lang.code,
        lang.source,
        lang.confidence,
        published.value,
        published.source,
        published.detail,
        published.ts,
        updated.value,
        updated.source,
        updated.detail,
        origin.path,
        origin.format,
        origin.record,
        origin.offset,
        sighting.id.as_str(),
    ])?;
    Ok(())
}
