//! Pending work (articles still to analyse, check or sign) walked in the order articles were
//! stored, from a cursor: the one query loop behind `needing_*_after`.

use crate::rows::clamp_to_sql;
use crate::{Cursor, Result, Store};
use newstrace_model::ArticleId;
use rusqlite::{ToSql, params};

impl Store {
    /// Runs a pending-work query and reads its rows. `sql` selects `(fts_rowid, article id)`
    /// with the query's key as `?1`, the limit as `?2` and the cursor as `?3`, ordered by
    /// `fts_rowid`. Returns the ids and the cursor after the last one (`after` when none).
    pub(crate) fn pending_after(
        &self,
        sql: &str,
        key: &dyn ToSql,
        after: Cursor,
        limit: u64,
    ) -> Result<(Vec<ArticleId>, Cursor)> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params![key, clamp_to_sql(limit), after.0])?;
        let mut out = Vec::new();
        let mut cursor = after;
        while let Some(row) = rows.next()? {
            cursor = Cursor(row.get(0)?);
            out.push(ArticleId::from_stored(row.get::<_, String>(1)?));
        }
        Ok((out, cursor))
    }
}
