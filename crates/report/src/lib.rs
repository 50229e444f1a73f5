//! The newstrace report: one self-contained HTML file (inline CSS and script, nothing
//! fetched at view time) that shows what the store knows — the stories; for each, its
//! provenance graph as inline SVG with every edge's evidence, the timeline of its coverage,
//! the entities its articles name and the knowledge-base findings; and every article with
//! its evidence (entities, attributions, quotes, machine-made signals, findings) marked in
//! the text.
//!
//! The page pieces are public and independent of file output, so a web UI can serve them:
//! [`render`] builds the whole report; [`render_index_page`], [`render_story_page`] and
//! [`render_article_page`] build single pages; [`page::story_section`],
//! [`page::article_section`] and [`page::index`] build fragments; [`assets::CSS`] and
//! [`assets::JS`] are the shared style and script.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let store = newstrace_store::Store::open(std::path::Path::new("newstrace.db"))?;
//! let html = newstrace_report::render(&store, &newstrace_report::ReportOptions::default())?;
//! std::fs::write("report.html", html)?;
//! # Ok(()) }
//! ```
//!
//! Markup is built by hand rather than with a template engine: most of the output is SVG
//! whose geometry is computed in code, and a template would add a build step without
//! removing that code. Safety rests on one rule instead: every string that comes from data
//! goes through [`escape::Esc`] (text and attribute values alike) and every link through
//! [`escape::safe_href`]. The report's only script is [`assets::JS`]; it attaches its
//! handlers itself (no inline `on*` attributes) and reads evidence from hidden, escaped
//! HTML rather than from embedded JSON. Output is deterministic: the same store gives the
//! same bytes (no clock is read unless [`ReportOptions::generated`] is set).

#![warn(missing_docs)]

pub mod assets;
pub mod data;
pub mod escape;
pub mod graph;
pub mod highlight;
pub mod page;
pub mod timeline;

pub use data::{ArticleData, StoryData, load_article, load_story};
pub use page::{render_article_page, render_index_page, render_story_page};

use newstrace_store::Store;

/// What can go wrong building a report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] newstrace_store::StoreError),
    /// A view could not be built.
    #[error(transparent)]
    View(#[from] newstrace_views::Error),
    /// The key names nothing in the store.
    #[error("{0}")]
    NotFound(String),
}

/// Result of building a report.
pub type Result<T> = std::result::Result<T, Error>;

/// How pages link to stories and articles.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Links {
    /// Everything is on one page: `#story-3`, `#article-<id>` (the single-file report).
    #[default]
    Anchors,
    /// Separate pages: the prefix followed by the story number or the article id
    /// (`/stories/` + `3`, `/articles/` + id), as a server lays them out.
    Paths {
        /// Prefix of story pages.
        story: String,
        /// Prefix of article pages.
        article: String,
    },
}

impl Links {
    /// Where story `id` is.
    pub fn story(&self, id: i64) -> String {
        match self {
            Links::Anchors => format!("#story-{id}"),
            Links::Paths { story, .. } => format!("{story}{id}"),
        }
    }

    /// Where article `id` is (its section inside its story, on one page).
    pub fn article(&self, id: &str) -> String {
        match self {
            Links::Anchors => format!("#article-{id}"),
            Links::Paths { article, .. } => format!("{article}{id}"),
        }
    }
}

/// Settings of a report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportOptions {
    /// The page title.
    pub title: String,
    /// Most stories given a full section (graph, timeline, entities, findings, articles);
    /// the index lists more (see `max_index`). Stories with most articles come first.
    pub max_stories: usize,
    /// Most article sections in the whole report; stories past it are listed only.
    pub max_articles: usize,
    /// Most stories listed in the index.
    pub max_index: usize,
    /// Most article nodes in one provenance graph (and article sections in one story).
    pub max_graph_nodes: usize,
    /// A generation time (or any line) shown under the title; `None` keeps the output a pure
    /// function of the store.
    pub generated: Option<String>,
    /// How pages link to each other.
    pub links: Links,
}

impl Default for ReportOptions {
    fn default() -> Self {
        Self {
            title: "newstrace report".into(),
            max_stories: 500,
            max_articles: 2_000,
            max_index: 20_000,
            max_graph_nodes: graph::DEFAULT_MAX_NODES,
            generated: None,
            links: Links::Anchors,
        }
    }
}

/// The whole report as one HTML document.
pub fn render(store: &Store, opts: &ReportOptions) -> Result<String> {
    page::report(store, opts)
}

/// Writes the whole report to `out`.
pub fn write_report(
    store: &Store,
    opts: &ReportOptions,
    out: &mut impl std::io::Write,
) -> std::result::Result<(), WriteError> {
    let html = render(store, opts)?;
    out.write_all(html.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// What can go wrong writing a report out.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Building it failed.
    #[error(transparent)]
    Report(#[from] Error),
    /// Writing it failed.
    #[error("writing the report: {0}")]
    Io(#[from] std::io::Error),
}

#[cfg(test)]
mod tests;
