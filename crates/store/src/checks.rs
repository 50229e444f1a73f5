//! Stored check findings: one list per article, tagged with the key of the knowledge base
//! and checker that produced it.

use crate::Cursor;
use crate::encoded::kind_names;
use crate::kinds::KindRows;
use crate::numbers::ArticleNumbers;
use crate::{Result, Store, StoreError, now_rfc3339};
use newstrace_model::{ArticleId, Finding};
use rusqlite::{OptionalExtension, params};

impl Store {
    /// Stores the findings of articles (replacing earlier ones) in one transaction.
    pub fn save_findings(
        &mut self,
        key: &str,
        findings: &[(ArticleId, Vec<Finding>)],
    ) -> Result<()> {
        let now = now_rfc3339();
        let tx = self.conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO checks (article_no, article_id, check_key, findings, checked_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (article_no) DO UPDATE SET
                    check_key = excluded.check_key, findings = excluded.findings,
                    checked_at = excluded.checked_at",
            )?;
            // The number first, then a plain insert (see `numbers` for why).
            let mut numbers = ArticleNumbers::new(&tx)?;
            let mut kinds = KindRows::new(&tx, "article_findings", "kind")?;
            for (id, list) in findings {
                let json = serde_json::to_string(list)
                    .map_err(|e| StoreError::corrupt("checks.findings", id.as_str(), e))?;
                let no = numbers.required(id)?;
                stmt.execute(params![no, id.as_str(), key, json, now])?;
                kinds.replace(no, id, &kind_names(list.iter().map(|f| &f.kind)))?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The stored findings of an article, whatever knowledge base produced them.
    pub fn findings(&self, id: &ArticleId) -> Result<Option<Vec<Finding>>> {
        let json: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT findings FROM checks
                 WHERE article_no = (SELECT fts_rowid FROM articles WHERE id = ?1)",
            )?
            .query_row([id.as_str()], |r| r.get(0))
            .optional()?;
        json.map(|j| {
            serde_json::from_str(&j)
                .map_err(|e| StoreError::corrupt("checks.findings", j.clone(), e))
        })
        .transpose()
    }

    /// Up to `limit` analysed articles whose findings were not made with `key`, in the order
    /// they were stored.
    pub fn needing_check(&self, key: &str, limit: u64) -> Result<Vec<ArticleId>> {
        Ok(self.needing_check_after(key, Cursor::START, limit)?.0)
    }

    /// [`Store::needing_check`] from a cursor, with the cursor to continue from (see
    /// [`Store::needing_analysis_after`]).
    pub fn needing_check_after(
        &self,
        key: &str,
        after: Cursor,
        limit: u64,
    ) -> Result<(Vec<ArticleId>, Cursor)> {
        self.pending_after(
            // As `needing_analysis_after`: the wide rows are read only for pending articles.
            "SELECT a.fts_rowid, a.id FROM articles a
             WHERE a.fts_rowid > ?3
               AND NOT EXISTS (SELECT 1 FROM checks c INDEXED BY checks_key
                               WHERE c.check_key = ?1 AND c.article_no = a.fts_rowid)
               AND EXISTS (SELECT 1 FROM analyses n WHERE n.article_no = a.fts_rowid)
             ORDER BY a.fts_rowid LIMIT ?2",
            &key,
            after,
            limit,
        )
    }
}
