//! The one error type of the store.

use thiserror::Error;

/// Everything that can go wrong in the store.
///
/// Values read back from the database are never trusted: a cell that does not decode into the
/// model type it stands for is a [`StoreError::Corrupt`] naming the column, never a panic.
#[derive(Debug, Error)]
pub enum StoreError {
    /// SQLite itself failed (I/O, locking, constraint, SQL).
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),

    /// A stored value does not decode into what its column holds.
    #[error("corrupt value in column `{column}`: {value:?} ({reason})")]
    Corrupt {
        /// `table.column` the value was read from.
        column: String,
        /// The offending value as text.
        value: String,
        /// Why it was rejected.
        reason: String,
    },

    /// A number given to the store does not fit SQLite's signed 64-bit integers.
    #[error("value for `{column}` is too large to store: {value}")]
    TooLarge {
        /// The column it was meant for.
        column: &'static str,
        /// The value.
        value: u64,
    },

    /// A schema migration failed; the file stays at the version before it.
    #[error("schema migration {version} ({name}) failed: {source}")]
    Migration {
        /// The version it would have produced.
        version: i64,
        /// What it does.
        name: &'static str,
        /// The SQLite error.
        source: rusqlite::Error,
    },

    /// The file was written by a newer newstrace; opening it would risk a silent downgrade.
    #[error(
        "store schema version {found} is newer than this newstrace knows ({known}); \
         upgrade newstrace to open it"
    )]
    SchemaTooNew {
        /// `PRAGMA user_version` of the file.
        found: i64,
        /// The newest version this code can migrate to.
        known: i64,
    },

    /// The full-text index beside the store failed (its directory, or tantivy).
    #[error("search index: {0}")]
    Search(String),

    /// The store cannot do what was asked of it (a store in memory has no log to
    /// checkpoint, a thread could not start).
    #[error("{0}")]
    Unsupported(String),

    /// A write named an article the store does not hold.
    #[error("article {0} is not in the store")]
    NotStored(String),

    /// An id prefix (or external id) matches more than one article.
    #[error("`{prefix}` matches more than one article: {}", candidates.join(", "))]
    Ambiguous {
        /// What the user typed.
        prefix: String,
        /// Article ids it matches (sorted, possibly capped).
        candidates: Vec<String>,
    },
}

/// Result with [`StoreError`].
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl StoreError {
    /// A [`StoreError::Corrupt`] for `column`.
    pub(crate) fn corrupt(
        column: impl Into<String>,
        value: impl Into<String>,
        reason: impl std::fmt::Display,
    ) -> Self {
        StoreError::Corrupt {
            column: column.into(),
            value: value.into(),
            reason: reason.to_string(),
        }
    }
}
