//! The tabular exports: one walk over the store feeding the four tables, in this order,
//! to a [`TableSink`] (NDJSON, CSV, Parquet).

use crate::rows::{ArticleRow, EdgeRow, FindingRow, StoryMemberRow};
use crate::{Counts, Result};
use newstrace_store::Store;

/// A writer of the four tables. Rows arrive table by table (all articles, then all story
/// memberships, then edges, then findings), each table in primary-key order.
pub trait TableSink {
    /// Writes one article.
    fn article(&mut self, row: ArticleRow) -> Result<()>;
    /// Writes one story membership.
    fn story_member(&mut self, row: StoryMemberRow) -> Result<()>;
    /// Writes one relation.
    fn edge(&mut self, row: EdgeRow) -> Result<()>;
    /// Writes one finding.
    fn finding(&mut self, row: FindingRow) -> Result<()>;
    /// Flushes and closes every output.
    fn finish(self) -> Result<()>;
}

/// Walks the store into `sink` and closes it.
pub fn export_tables<S: TableSink>(store: &Store, mut sink: S) -> Result<Counts> {
    let mut counts = Counts::default();
    store.for_each_article(|stored| -> Result<()> {
        let id = stored.article.id.clone();
        let analysis = store.analysis(&id)?;
        let story = store.story_of(&id)?;
        counts.articles += 1;
        sink.article(ArticleRow::new(stored, analysis.as_ref(), story))
    })?;
    store.for_each_story_member(|story_id, article| -> Result<()> {
        counts.story_members += 1;
        sink.story_member(StoryMemberRow {
            story_id,
            article_id: article.to_string(),
        })
    })?;
    store.for_each_relation(|r| -> Result<()> {
        counts.edges += 1;
        sink.edge(EdgeRow::from(r))
    })?;
    store.for_each_findings(|article, findings| -> Result<()> {
        for f in findings {
            counts.findings += 1;
            sink.finding(FindingRow::new(article.as_str(), f))?;
        }
        Ok(())
    })?;
    sink.finish()?;
    Ok(counts)
}
