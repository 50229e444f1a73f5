//! The kind tables (`article_signals`, `article_findings`): which articles carry a kind of
//! machine-made signal or check finding, for the filters. Written beside the rows they
//! index, in the same transaction (see migration 8 for why not by triggers).

use crate::Result;
use newstrace_model::ArticleId;
use rusqlite::{CachedStatement, Connection, params};

/// The statements that replace one article's kinds in one kind table.
pub(crate) struct KindRows<'c> {
    delete: CachedStatement<'c>,
    insert: CachedStatement<'c>,
}

impl<'c> KindRows<'c> {
    /// For `table`, whose kind column is `column` (both fixed names, never input).
    pub(crate) fn new(conn: &'c Connection, table: &str, column: &str) -> Result<Self> {
        Ok(Self {
            delete: conn.prepare_cached(&format!("DELETE FROM {table} WHERE fts_rowid = ?1"))?,
            insert: conn.prepare_cached(&format!(
                "INSERT OR IGNORE INTO {table} ({column}, fts_rowid, article_id)
                 VALUES (?1, ?2, ?3)"
            ))?,
        })
    }

    /// Makes `kinds` the kinds of article number `article_no` (content id `id`).
    pub(crate) fn replace(
        &mut self,
        article_no: i64,
        id: &ArticleId,
        kinds: &[String],
    ) -> Result<()> {
        self.delete.execute([article_no])?;
        for kind in kinds {
            self.insert
                .execute(params![kind, article_no, id.as_str()])?;
        }
        Ok(())
    }
}
