//! Article numbers (`articles.fts_rowid`) looked up by content id for batched writes.
//!
//! The per-article tables are keyed by number. Looking a number up with its own statement,
//! before a plain one-row `INSERT ... VALUES`, keeps SQLite from opening a statement journal
//! for every row: it opens one for an `INSERT ... SELECT` and for an insert with `RETURNING`
//! (both may write more than one row), and copies each page the statement touches into it.
//! A profile put those copies at 2.5 % of an ingest.

use crate::{Result, StoreError};
use newstrace_model::ArticleId;
use rusqlite::{CachedStatement, Connection, OptionalExtension};

/// The statement that finds an article's number, held for a whole batch.
pub(crate) struct ArticleNumbers<'c> {
    select: CachedStatement<'c>,
}

impl<'c> ArticleNumbers<'c> {
    /// Prepares (or takes from the cache) the lookup on `conn`.
    pub(crate) fn new(conn: &'c Connection) -> Result<Self> {
        Ok(Self {
            select: conn.prepare_cached("SELECT fts_rowid FROM articles WHERE id = ?1")?,
        })
    }

    /// The number of article `id`; `None` when it is not stored (bound as NULL, which a
    /// NOT NULL column refuses).
    pub(crate) fn of(&mut self, id: &ArticleId) -> Result<Option<i64>> {
        Ok(self
            .select
            .query_row([id.as_str()], |r| r.get(0))
            .optional()?)
    }

    /// The number of article `id`, which must be stored: for tables keyed by the number,
    /// where a NULL would not be refused but given the next free number, which can be
    /// another article's.
    pub(crate) fn required(&mut self, id: &ArticleId) -> Result<i64> {
        self.of(id)?
            .ok_or_else(|| StoreError::NotStored(id.as_str().to_owned()))
    }
}
