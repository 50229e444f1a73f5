//! The embedded newstrace store: one SQLite file holding articles, every sighting of each,
//! and a log of ingest runs and the records they could not read; beside it, a full-text
//! index (tantivy, in `<file>.search/`) derived from the file and kept in step with it.
//!
//! Durability: the file runs in WAL mode with `synchronous = NORMAL`, and every batch is one
//! transaction, so a process killed mid-ingest leaves the store at the last committed batch;
//! ingest is idempotent by sighting id, so re-running the same inputs completes the job.
//!
//! ```no_run
//! let store = newstrace_store::Store::open("newstrace.db".as_ref())?;
//! for hit in store.search("air defence", 10)? {
//!     println!("{} {:?}", hit.article.id, hit.article.title);
//! }
//! # Ok::<(), newstrace_store::StoreError>(())
//! ```

mod analyses;
mod checkpoint;
mod checks;
mod encoded;
mod error;
mod export;
mod kinds;
mod links;
mod migrations;
mod numbers;
mod pending;
mod profile;
mod read;
mod readonly;
mod rows;
mod runs;
mod search;
mod write;

pub use checkpoint::BackgroundCheckpoint;
pub use encoded::{EncodedAnalysis, EncodedRelation};
pub use error::{Result, StoreError};

/// A place in the order articles were stored, for passes that walk pending work in batches
/// (`needing_analysis_after` and the like).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cursor(i64);

impl Cursor {
    /// Before the first article.
    pub const START: Cursor = Cursor(i64::MIN);
}
pub use links::{NewSignature, StoredSignature, StoryRow};
pub use profile::Profile;
pub use read::{ArticleSummary, Counts, ListOrder, ListQuery, MIN_PREFIX_LEN, StoredArticle};
pub use readonly::{ArticleFilter, EntityCount, FilteredHit};
pub use runs::{ErrorRecord, RunCounts, RunId, RunSummary};
pub use search::{SearchHit, SearchSync};
pub use write::BatchOutcome;

use rusqlite::Connection;
use std::cell::OnceCell;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// An open store. One writer at a time; readers may share the file (WAL).
pub struct Store {
    conn: Connection,
    /// Whether this store writes (then it holds the search index's writer between syncs and
    /// prunes the change log).
    writable: bool,
    /// Where the search index lives; `None` for a store in memory (an index in memory too).
    search_dir: Option<PathBuf>,
    /// The search index, opened on first use: most commands never search.
    search: OnceCell<search::index::SearchIndex>,
}

impl Store {
    /// Opens the store at `path`, creating it (and bringing its schema up to date) if needed.
    pub fn open(path: &Path) -> Result<Self> {
        Self::prepare(Connection::open(path)?, Some(path))
    }

    /// A store that lives in memory only, for tests and one-shot commands.
    pub fn open_in_memory() -> Result<Self> {
        Self::prepare(Connection::open_in_memory()?, None)
    }

    fn prepare(mut conn: Connection, path: Option<&Path>) -> Result<Self> {
        // Another process writing at the same moment waits rather than failing at once.
        conn.busy_timeout(Duration::from_secs(10))?;
        // WAL: readers never block the writer, and a crash mid-transaction rolls back on the
        // next open. NORMAL is durable across process crashes (what a killed ingest is); only
        // a power loss may drop the last commits, never corrupt the file.
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "cache_size", -262144)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        migrations::migrate(&mut conn)?;
        Ok(Self::with(conn, true, path))
    }

    fn with(conn: Connection, writable: bool, path: Option<&Path>) -> Self {
        Self {
            conn,
            writable,
            search_dir: path.map(search::index::directory_of),
            search: OnceCell::new(),
        }
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }
}

/// The current time as RFC 3339 UTC with seconds, the store's bookkeeping timestamp.
pub(crate) fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
