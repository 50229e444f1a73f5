//! Stored analyses: one per article, tagged with the analyser version that produced it.

use crate::Cursor;
use crate::{Result, Store, StoreError, now_rfc3339};
use newstrace_model::{Analysis, ArticleId};
use rusqlite::{OptionalExtension, params};

impl Store {
    /// Stores analyses (replacing any earlier one of the same article) in one transaction.
    pub fn save_analyses(&mut self, analyses: &[(ArticleId, Analysis)]) -> Result<()> {
        let now = now_rfc3339();
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO analyses (article_id, version, analysis, analyzed_at)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (article_id) DO UPDATE SET
                    version = excluded.version, analysis = excluded.analysis,
                    analyzed_at = excluded.analyzed_at",
            )?;
            for (id, analysis) in analyses {
                let json = serde_json::to_string(analysis)
                    .map_err(|e| StoreError::corrupt("analyses.analysis", id.as_str(), e))?;
                stmt.execute(params![id.as_str(), analysis.version, json, now])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The stored analysis of an article, whatever its version.
    pub fn analysis(&self, id: &ArticleId) -> Result<Option<Analysis>> {
        let json: Option<String> = self
            .conn
            .prepare_cached("SELECT analysis FROM analyses WHERE article_id = ?1")?
            .query_row([id.as_str()], |r| r.get(0))
            .optional()?;
        json.map(|j| {
            serde_json::from_str(&j)
                .map_err(|e| StoreError::corrupt("analyses.analysis", j.clone(), e))
        })
        .transpose()
    }

    /// Up to `limit` articles with no analysis of `version` (never analysed, or by another
    /// version of the analyser), in the order they were stored.
    pub fn needing_analysis(&self, version: u32, limit: u64) -> Result<Vec<ArticleId>> {
        Ok(self
            .needing_analysis_after(version, Cursor::START, limit)?
            .0)
    }

    /// [`Store::needing_analysis`] in the order articles were stored, from `after` on, with the
    /// cursor to continue from: a pass never rescans what it has done (a scan from the
    /// start for every batch made a pass quadratic), and consecutive batches hold articles
    /// stored together, whose candidates are mostly each other.
    pub fn needing_analysis_after(
        &self,
        version: u32,
        after: Cursor,
        limit: u64,
    ) -> Result<(Vec<ArticleId>, Cursor)> {
        self.pending_after(
            "SELECT a.fts_rowid, a.id FROM articles a LEFT JOIN analyses n ON n.article_id = a.id
             WHERE (n.version IS NULL OR n.version != ?1) AND a.fts_rowid > ?3
             ORDER BY a.fts_rowid LIMIT ?2",
            &version,
            after,
            limit,
        )
    }
}
