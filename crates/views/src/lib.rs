//! The read side every face of newstrace shares: the CLI, the HTML report, the HTTP server
//! and the exports all show stories, provenance trees, traces and articles the same way,
//! built here from the store.

pub mod article;
pub mod names;
pub mod story;
pub mod trace;

pub use article::ArticleJson;
pub use story::{StoryDetail, StoryJson, story_detail, story_list};
pub use trace::{Origin, Trace, trace};

/// What can go wrong building a view.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] newstrace_store::StoreError),
    /// The key names nothing in the store.
    #[error("{0}")]
    NotFound(String),
}

/// Result of building a view.
pub type Result<T> = std::result::Result<T, Error>;
