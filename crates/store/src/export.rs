//! Streaming reads for exports: every article, story membership, relation and finding,
//! one row at a time from an open statement, so an export of a large store never holds the
//! whole table in memory (the list and relation readers collect their results).
//!
//! Each walk is in a total, stable order (by primary key), so the same store exports the
//! same rows in the same order.

use crate::read::{SUMMARY_COLUMNS, summary_from_row};
use crate::{ArticleSummary, Store, StoreError, StoredArticle};
use newstrace_model::{Article, ArticleId, Finding, Relation};

impl Store {
    /// Calls `f` with every article and its text, in id order, stopping at its first error.
    ///
    /// `f` may read the store (analyses, findings, story) while the walk is open.
    pub fn for_each_article<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(StoredArticle) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let sql = format!("SELECT {SUMMARY_COLUMNS}, a.text FROM articles a ORDER BY a.id");
        let mut stmt = self.conn.prepare(&sql).map_err(StoreError::from)?;
        let mut rows = stmt.query([]).map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            let text: String = row.get("text").map_err(StoreError::from)?;
            f(with_text(summary_from_row(row)?, text))?;
        }
        Ok(())
    }

    /// Calls `f` with every (story id, article id) membership, by story then article.
    pub fn for_each_story_member<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(i64, ArticleId) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut stmt = self
            .conn
            .prepare("SELECT story_id, article_id FROM story_members ORDER BY story_id, article_id")
            .map_err(StoreError::from)?;
        let mut rows = stmt.query([]).map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            let story: i64 = row.get(0).map_err(StoreError::from)?;
            let article: String = row.get(1).map_err(StoreError::from)?;
            f(story, ArticleId::from_stored(article))?;
        }
        Ok(())
    }

    /// Calls `f` with every stored relation, in the order their pairs were first linked.
    pub fn for_each_relation<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(Relation) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut stmt = self
            .conn
            .prepare("SELECT relation FROM relations ORDER BY later_no, earlier_no")
            .map_err(StoreError::from)?;
        let mut rows = stmt.query([]).map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            let json: String = row.get(0).map_err(StoreError::from)?;
            let relation = serde_json::from_str(&json)
                .map_err(|e| StoreError::corrupt("relations.relation", json.clone(), e))?;
            f(relation)?;
        }
        Ok(())
    }

    /// Calls `f` with every article that has stored findings and its findings, in the order
    /// articles were stored (articles checked with nothing found are skipped).
    pub fn for_each_findings<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(ArticleId, Vec<Finding>) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut stmt = self
            .conn
            .prepare("SELECT article_id, findings FROM checks ORDER BY article_no")
            .map_err(StoreError::from)?;
        let mut rows = stmt.query([]).map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            let id: String = row.get(0).map_err(StoreError::from)?;
            let json: String = row.get(1).map_err(StoreError::from)?;
            let findings: Vec<Finding> = serde_json::from_str(&json)
                .map_err(|e| StoreError::corrupt("checks.findings", json.clone(), e))?;
            if !findings.is_empty() {
                f(ArticleId::from_stored(id), findings)?;
            }
        }
        Ok(())
    }
}

/// A summary and its text as a stored article (the summary is everything but the text).
fn with_text(s: ArticleSummary, text: String) -> StoredArticle {
    StoredArticle {
        article: Article {
            id: s.id,
            external_id: s.external_id,
            title: s.title,
            byline: s.byline,
            outlet: s.outlet,
            url: s.url,
            description: s.description,
            text,
            lang: s.lang,
            published: s.published,
            updated: s.updated,
            first_seen: s.first_seen,
            origin: s.origin,
        },
        sightings: s.sightings,
        first_ingested_at: s.first_ingested_at,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::{Store, StoreError};
    use newstrace_model::{Article, ArticleId, InputFormat, RecordOrigin};

    /// An article of `text` alone, titled after it, for tests of the store.
    pub(crate) fn article(text: &str) -> Article {
        Article {
            id: ArticleId::for_text(text),
            external_id: None,
            title: Some(format!("title of {text}")),
            byline: None,
            outlet: None,
            url: None,
            description: None,
            text: text.to_string(),
            lang: None,
            published: None,
            updated: None,
            first_seen: None,
            origin: RecordOrigin::file("t.txt", InputFormat::Text),
        }
    }

    #[test]
    fn articles_are_walked_in_id_order_with_text_and_a_callback_error_stops_the_walk() {
        let mut store = Store::open_in_memory().unwrap();
        let batch: Vec<Article> = ["one text", "two text", "three text"]
            .into_iter()
            .map(article)
            .collect();
        store.insert_batch(&batch).unwrap();
        let mut seen = Vec::new();
        store
            .for_each_article(|a| -> Result<(), StoreError> {
                assert_eq!(
                    a.article.title,
                    Some(format!("title of {}", a.article.text))
                );
                seen.push(a.article.id);
                Ok(())
            })
            .unwrap();
        let mut want: Vec<ArticleId> = batch.iter().map(|a| a.id.clone()).collect();
        want.sort();
        assert_eq!(seen, want);

        let mut calls = 0;
        let stopped = store.for_each_article(|_| -> Result<(), StoreError> {
            calls += 1;
            Err(StoreError::corrupt("test", "x", "stop"))
        });
        assert!(stopped.is_err());
        assert_eq!(calls, 1);
    }
}
