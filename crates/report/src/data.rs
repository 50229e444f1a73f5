//! What the pages are drawn from, read from the store once per story or article.

use crate::Result;
use newstrace_model::{Analysis, ArticleId, Finding, Sighting};
use newstrace_store::{Store, StoredArticle, StoryRow};
use newstrace_views::{StoryDetail, story_detail};
use std::collections::BTreeMap;

/// One article with everything its section shows.
#[derive(Debug, Clone)]
pub struct ArticleData {
    /// The article, with its text.
    pub stored: StoredArticle,
    /// Its stored analysis, if it has been analysed.
    pub analysis: Option<Analysis>,
    /// Its check findings (empty when none or not checked).
    pub findings: Vec<Finding>,
    /// Every place its text was seen, as stored.
    pub sightings: Vec<Sighting>,
    /// The story it belongs to, if any.
    pub story: Option<i64>,
}

impl ArticleData {
    /// The article's id.
    pub fn id(&self) -> &ArticleId {
        &self.stored.article.id
    }
}

/// One story with the data of its members.
#[derive(Debug, Clone)]
pub struct StoryData {
    /// The story's members, relations and findings (see `newstrace_views::StoryDetail`).
    pub detail: StoryDetail,
    /// Member articles by id (members that vanished from the store are absent).
    pub articles: BTreeMap<ArticleId, ArticleData>,
}

impl StoryData {
    /// The story's id.
    pub fn id(&self) -> i64 {
        self.detail.summary.id
    }
}

/// Reads the article `key` names (id, unique prefix or external id); `None` when nothing
/// matches.
pub fn load_article(store: &Store, key: &str) -> Result<Option<ArticleData>> {
    let Some(stored) = store.get(key)? else {
        return Ok(None);
    };
    let id = stored.article.id.clone();
    Ok(Some(ArticleData {
        analysis: store.analysis(&id)?,
        findings: store.findings(&id)?.unwrap_or_default(),
        sightings: store.sightings(&id)?,
        story: store.story_of(&id)?,
        stored,
    }))
}

/// Reads one story and, for at most `max_articles` of its members (earliest first), their
/// texts, analyses, findings and sightings.
pub fn load_story(store: &Store, row: &StoryRow, max_articles: usize) -> Result<StoryData> {
    let detail = story_detail(store, row)?;
    let mut articles = BTreeMap::new();
    for m in detail.members.iter().take(max_articles) {
        if let Some(a) = load_article(store, m.id.as_str())? {
            articles.insert(m.id.clone(), a);
        }
    }
    Ok(StoryData { detail, articles })
}
