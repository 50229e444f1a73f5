//! What linking keeps: signatures (so the LSH index is rebuilt at start-up, never the
//! signatures), relations with their evidence, and stories with stable ids.

use crate::Cursor;
use crate::numbers::ArticleNumbers;
use crate::{EncodedRelation, Result, Store, StoreError, now_rfc3339};
use newstrace_model::{ArticleId, Relation};
use rusqlite::{OptionalExtension, params};

/// A stored signature: the article's dense sequence number (what the in-memory index
/// holds instead of the id), its MinHash bytes and its anchors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSignature {
    /// The article.
    pub id: ArticleId,
    /// Dense number, assigned in insertion order.
    pub seq: u32,
    /// The MinHash values as little-endian bytes.
    pub minhash: Vec<u8>,
    /// Anchor strings (rare entities, numbers).
    pub anchors: Vec<String>,
}

/// A story: its stable id and members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryRow {
    /// Stable id.
    pub id: i64,
    /// Member article ids, sorted.
    pub articles: Vec<ArticleId>,
}

/// A signature to store with its sequence number (see [`Store::save_link_batch`]).
#[derive(Debug, Clone)]
pub struct NewSignature {
    /// The article.
    pub id: ArticleId,
    /// Its place in the index.
    pub seq: u32,
    /// The MinHash signature as bytes.
    pub minhash: Vec<u8>,
    /// Its rare anchors.
    pub anchors: Vec<String>,
}

impl Store {
    /// Stores an article's signature under the next sequence number (or keeps the existing
    /// one) and returns the number.
    pub fn save_signature(
        &mut self,
        id: &ArticleId,
        version: u32,
        minhash: &[u8],
        anchors: &[String],
    ) -> Result<u32> {
        if let Some(seq) = self
            .conn
            .prepare_cached(
                "SELECT seq FROM signatures
                 WHERE article_no = (SELECT fts_rowid FROM articles WHERE id = ?1)",
            )?
            .query_row([id.as_str()], |r| r.get::<_, i64>(0))
            .optional()?
        {
            self.conn.execute(
                "UPDATE signatures SET version = ?2, minhash = ?3, anchors = ?4
                 WHERE article_no = (SELECT fts_rowid FROM articles WHERE id = ?1)",
                params![
                    id.as_str(),
                    version,
                    minhash,
                    serde_json::to_string(anchors).unwrap_or_default()
                ],
            )?;
            return u32::try_from(seq).map_err(|_| {
                StoreError::corrupt("signatures.seq", seq.to_string(), "out of range")
            });
        }
        let seq: i64 = self.conn.query_row(
            "SELECT coalesce(max(seq), -1) + 1 FROM signatures",
            [],
            |r| r.get(0),
        )?;
        self.conn.execute(
            "INSERT INTO signatures (article_no, article_id, seq, version, minhash, anchors)
             VALUES ((SELECT fts_rowid FROM articles WHERE id = ?1), ?1, ?2, ?3, ?4, ?5)",
            params![
                id.as_str(),
                seq,
                version,
                minhash,
                serde_json::to_string(anchors).unwrap_or_default()
            ],
        )?;
        u32::try_from(seq)
            .map_err(|_| StoreError::corrupt("signatures.seq", seq.to_string(), "out of range"))
    }

    /// Every stored signature of `version`, in sequence order (to rebuild the index).
    pub fn signatures(&self, version: u32) -> Result<Vec<StoredSignature>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT article_id, seq, minhash, anchors FROM signatures WHERE version = ?1 ORDER BY seq",
        )?;
        let mut rows = stmt.query([version])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let seq: i64 = row.get(1)?;
            let anchors: String = row.get(3)?;
            out.push(StoredSignature {
                id: ArticleId::from_stored(row.get::<_, String>(0)?),
                seq: u32::try_from(seq).map_err(|_| {
                    StoreError::corrupt("signatures.seq", seq.to_string(), "out of range")
                })?,
                minhash: row.get(2)?,
                anchors: serde_json::from_str(&anchors)
                    .map_err(|e| StoreError::corrupt("signatures.anchors", anchors.clone(), e))?,
            });
        }
        Ok(out)
    }

    /// Articles with no signature of `version`, up to `limit`, in the order they were stored.
    pub fn needing_signature(&self, version: u32, limit: u64) -> Result<Vec<ArticleId>> {
        Ok(self
            .needing_signature_after(version, Cursor::START, limit)?
            .0)
    }

    /// [`Store::needing_signature`] from a cursor, with the cursor to continue from (see
    /// [`Store::needing_analysis_after`]).
    pub fn needing_signature_after(
        &self,
        version: u32,
        after: Cursor,
        limit: u64,
    ) -> Result<(Vec<ArticleId>, Cursor)> {
        self.pending_after(
            // As `needing_analysis_after`: the wide rows are read only for pending articles.
            "SELECT a.fts_rowid, a.id FROM articles a
             WHERE a.fts_rowid > ?3
               AND NOT EXISTS (SELECT 1 FROM signatures s
                               WHERE s.article_no = a.fts_rowid AND s.version = ?1)
               AND EXISTS (SELECT 1 FROM analyses n WHERE n.article_no = a.fts_rowid)
             ORDER BY a.fts_rowid LIMIT ?2",
            &version,
            after,
            limit,
        )
    }

    /// Stores relations (replacing any between the same pair, in either order).
    pub fn save_relations(&mut self, relations: &[Relation]) -> Result<()> {
        let encoded = relations
            .iter()
            .map(EncodedRelation::new)
            .collect::<Result<Vec<_>>>()?;
        let tx = self.conn.transaction()?;
        relations_in(&tx, &encoded)?;
        tx.commit()?;
        Ok(())
    }

    /// The sequence number an article's stored signature has, if it has one (of any version).
    pub fn signature_seq(&self, id: &ArticleId) -> Result<Option<u32>> {
        let seq: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT seq FROM signatures
                 WHERE article_no = (SELECT fts_rowid FROM articles WHERE id = ?1)",
            )?
            .query_row([id.as_str()], |r| r.get(0))
            .optional()?;
        seq.map(|s| {
            u32::try_from(s)
                .map_err(|_| StoreError::corrupt("signatures.seq", s.to_string(), "out of range"))
        })
        .transpose()
    }

    /// The sequence number the next new signature gets.
    pub fn next_signature_seq(&self) -> Result<u32> {
        let seq: i64 = self.conn.query_row(
            "SELECT coalesce(max(seq), -1) + 1 FROM signatures",
            [],
            |r| r.get(0),
        )?;
        u32::try_from(seq)
            .map_err(|_| StoreError::corrupt("signatures.seq", seq.to_string(), "out of range"))
    }

    /// Everything one linking batch found, in one transaction, so that a batch is either
    /// stored whole or not at all (an article with a signature but without its relations
    /// would never be linked again): the new signatures under the sequence numbers given
    /// (from [`Store::next_signature_seq`] on), the relations, and the story assignments
    /// (see [`Store::assign_story`]). Returns the story ids of the assignments.
    pub fn save_link_batch(
        &mut self,
        version: u32,
        signatures: &[NewSignature],
        relations: &[EncodedRelation],
        assignments: &[(ArticleId, Vec<ArticleId>)],
    ) -> Result<Vec<i64>> {
        let now = now_rfc3339();
        let tx = self.conn.transaction()?;
        {
            let mut ins = tx.prepare_cached(
                "INSERT INTO signatures (article_no, article_id, seq, version, minhash, anchors)
                 VALUES ((SELECT fts_rowid FROM articles WHERE id = ?1), ?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (article_no) DO UPDATE SET version = excluded.version,
                     minhash = excluded.minhash, anchors = excluded.anchors",
            )?;
            for sig in signatures {
                ins.execute(params![
                    sig.id.as_str(),
                    sig.seq,
                    version,
                    sig.minhash,
                    serde_json::to_string(&sig.anchors).unwrap_or_default()
                ])?;
            }
        }
        relations_in(&tx, relations)?;
        let mut out = Vec::with_capacity(assignments.len());
        for (id, related) in assignments {
            out.push(assign_in(&tx, id, related, &now)?);
        }
        tx.commit()?;
        Ok(out)
    }

    /// Every relation touching an article, by source then derived.
    pub fn relations_of(&self, id: &ArticleId) -> Result<Vec<Relation>> {
        let mut stmt = self.conn.prepare_cached(
            "WITH n(no) AS (SELECT fts_rowid FROM articles WHERE id = ?1)
             SELECT relation FROM relations, n WHERE later_no = n.no OR earlier_no = n.no
             ORDER BY source, derived",
        )?;
        let mut rows = stmt.query([id.as_str()])?;
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

    /// Every stored relation, in the order [`Store::for_each_relation`] gives them (the
    /// order their pairs were first linked: the key's order, so a large store is not sorted).
    pub fn all_relations(&self) -> Result<Vec<Relation>> {
        let mut out = Vec::new();
        self.for_each_relation(|r| -> Result<()> {
            out.push(r);
            Ok(())
        })?;
        Ok(out)
    }

    /// The story an article belongs to.
    pub fn story_of(&self, id: &ArticleId) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached(STORY_OF)?
            .query_row([id.as_str()], |r| r.get(0))
            .optional()?)
    }

    /// Puts `id` in a story: the one of `related` articles with the smallest story id; when
    /// they are in several stories, those merge into the smallest (recorded, ids kept); when
    /// none has one, a new story. Returns the story id.
    pub fn assign_story(&mut self, id: &ArticleId, related: &[ArticleId]) -> Result<i64> {
        let tx = self.conn.transaction()?;
        let story = assign_in(&tx, id, related, &now_rfc3339())?;
        tx.commit()?;
        Ok(story)
    }

    /// Every live story with its members, by id.
    pub fn stories(&self) -> Result<Vec<StoryRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT story_id, article_id FROM story_members ORDER BY story_id, article_id",
        )?;
        let mut rows = stmt.query([])?;
        let mut out: Vec<StoryRow> = Vec::new();
        while let Some(row) = rows.next()? {
            let sid: i64 = row.get(0)?;
            let aid = ArticleId::from_stored(row.get::<_, String>(1)?);
            match out.last_mut() {
                Some(last) if last.id == sid => last.articles.push(aid),
                _ => out.push(StoryRow {
                    id: sid,
                    articles: vec![aid],
                }),
            }
        }
        Ok(out)
    }
}

/// The story of one article, by content id.
const STORY_OF: &str = "SELECT story_id FROM story_members
     WHERE article_no = (SELECT fts_rowid FROM articles WHERE id = ?1)";

/// Stores relations inside an open transaction (see [`Store::save_relations`]).
fn relations_in(tx: &rusqlite::Transaction<'_>, relations: &[EncodedRelation]) -> Result<()> {
    let mut numbers = ArticleNumbers::new(tx)?;
    // A pair holds one relation whatever its direction: a new finding replaces the old one.
    // An article that is not stored leaves a NULL number, refused by the NOT NULL columns.
    let mut ins = tx.prepare_cached(
        "INSERT INTO relations (later_no, earlier_no, source, derived, kind, score, directed, relation)
         VALUES (max(?1, ?2), min(?1, ?2), ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (later_no, earlier_no) DO UPDATE SET
            source = excluded.source, derived = excluded.derived, kind = excluded.kind,
            score = excluded.score, directed = excluded.directed, relation = excluded.relation",
    )?;
    for r in relations {
        ins.execute(params![
            numbers.of(&r.source)?,
            numbers.of(&r.derived)?,
            r.source.as_str(),
            r.derived.as_str(),
            r.kind,
            r.score,
            r.directed,
            r.json
        ])?;
    }
    Ok(())
}

/// Assigns one article inside an open transaction (see [`Store::assign_story`]).
fn assign_in(
    tx: &rusqlite::Transaction<'_>,
    id: &ArticleId,
    related: &[ArticleId],
    now: &str,
) -> Result<i64> {
    // Statements are cached: this runs once per linked article, and parsing the SQL each
    // time cost more than executing it.
    let mut story_of = tx.prepare_cached(STORY_OF)?;
    let mut members: Vec<(&ArticleId, Option<i64>)> = Vec::with_capacity(related.len() + 1);
    for r in related.iter().chain(std::iter::once(id)) {
        let story = story_of
            .query_row([r.as_str()], |row| row.get::<_, i64>(0))
            .optional()?;
        members.push((r, story));
    }
    let mut stories: Vec<i64> = members.iter().filter_map(|(_, s)| *s).collect();
    stories.sort_unstable();
    stories.dedup();
    let target = match stories.first() {
        Some(&s) => s,
        None => {
            tx.prepare_cached("INSERT INTO stories (created_at) VALUES (?1)")?
                .execute([now])?;
            let s = tx.last_insert_rowid();
            tx.prepare_cached(
                "INSERT INTO story_events (kind, story_id, at) VALUES ('created', ?1, ?2)",
            )?
            .execute(params![s, now])?;
            s
        }
    };
    for &other in stories.iter().skip(1) {
        tx.prepare_cached("UPDATE story_members SET story_id = ?1 WHERE story_id = ?2")?
            .execute(params![target, other])?;
        tx.prepare_cached("UPDATE stories SET merged_into = ?1 WHERE id = ?2")?
            .execute(params![target, other])?;
        tx.prepare_cached(
            "INSERT INTO story_events (kind, story_id, other_id, at) VALUES ('merged', ?1, ?2, ?3)",
        )?
        .execute(params![target, other, now])?;
    }
    // Members already in a story are in `target` now (the merges moved them); only those
    // with none yet (this article, and related ones later in the same batch) are written.
    let mut add = tx.prepare_cached(
        "INSERT INTO story_members (article_no, article_id, story_id)
             VALUES ((SELECT fts_rowid FROM articles WHERE id = ?1), ?1, ?2)
             ON CONFLICT (article_no) DO UPDATE SET story_id = excluded.story_id",
    )?;
    let mut added: Vec<&ArticleId> = Vec::new();
    for (r, story) in members {
        if story.is_none() && !added.contains(&r) {
            add.execute(params![r.as_str(), target])?;
            added.push(r);
        }
    }
    Ok(target)
}
