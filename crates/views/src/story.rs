//! Stories: the list, and one story with its members, provenance tree and findings.

use crate::{Error, Result};
use newstrace_link::disagree::{self, Disagreement};
use newstrace_link::provenance::{is_derivation, parents};
use newstrace_model::{ArticleId, Finding, Relation};
use newstrace_store::{ArticleSummary, Store, StoryRow};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A story as `stories --json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct StoryJson {
    /// Stable story id.
    pub id: i64,
    /// Title of its earliest article.
    pub title: Option<String>,
    /// Earliest publication (else first-seen) date of its articles.
    pub first_seen: Option<String>,
    /// Article ids, earliest first.
    pub articles: Vec<String>,
}

/// Members of a story, earliest first (publication, else first seen; undated last).
pub fn members(store: &Store, story: &StoryRow) -> Result<Vec<ArticleSummary>> {
    let mut out = Vec::new();
    for id in &story.articles {
        if let Some(found) = store.get(id.as_str())? {
            out.push(ArticleSummary::from(found));
        }
    }
    out.sort_by_key(|s| {
        let when = s
            .published
            .as_ref()
            .or(s.first_seen.as_ref())
            .map(|d| d.value.timestamp());
        (when.is_none(), when, s.id.clone())
    });
    Ok(out)
}

fn summarise(story: &StoryRow, members: &[ArticleSummary]) -> StoryJson {
    let first = members.first();
    StoryJson {
        id: story.id,
        title: first.and_then(|s| s.title.clone()),
        first_seen: first
            .and_then(|s| s.published.as_ref().or(s.first_seen.as_ref()))
            .map(|d| d.value.to_string()),
        articles: members.iter().map(|s| s.id.to_string()).collect(),
    }
}

/// The summary of every story, by id.
pub fn story_list(store: &Store) -> Result<Vec<StoryJson>> {
    let mut out = Vec::new();
    for story in store.stories()? {
        out.push(summarise(&story, &members(store, &story)?));
    }
    Ok(out)
}

/// The story a key names: a story number, or an article (id, prefix or external id) in it.
pub fn resolve_story(store: &Store, key: &str) -> Result<StoryRow> {
    if let Ok(n) = key.parse::<i64>()
        && let Some(s) = store.story(n)?
    {
        return Ok(s);
    }
    let Some(found) = store.get(key)? else {
        return Err(Error::NotFound(format!(
            "`{key}` is neither a story number nor a stored article"
        )));
    };
    let Some(sid) = store.story_of(&found.article.id)? else {
        return Err(Error::NotFound(format!(
            "article {} is in no story yet",
            found.article.id
        )));
    };
    store
        .story(sid)?
        .ok_or_else(|| Error::NotFound(format!("story {sid} has no members")))
}

/// Every stored relation between two members of a story, by (source, derived).
pub fn story_relations(store: &Store, story: &StoryRow) -> Result<Vec<Relation>> {
    let ids: BTreeSet<&ArticleId> = story.articles.iter().collect();
    let mut relations: BTreeMap<(ArticleId, ArticleId), Relation> = BTreeMap::new();
    for id in &story.articles {
        for r in store.relations_of(id)? {
            if ids.contains(&r.source) && ids.contains(&r.derived) {
                relations.insert((r.source.clone(), r.derived.clone()), r);
            }
        }
    }
    Ok(relations.into_values().collect())
}

/// One story with everything a face shows of it.
#[derive(Debug, Clone)]
pub struct StoryDetail {
    /// The list entry.
    pub summary: StoryJson,
    /// Member articles, earliest first.
    pub members: Vec<ArticleSummary>,
    /// Every relation between two members, by (source, derived).
    pub relations: Vec<Relation>,
    /// Findings of the knowledge-base checks, per member that has any, in member order.
    pub findings: Vec<(ArticleId, Vec<Finding>)>,
    /// Figures and dates two related members give differently, with both spans.
    pub disagreements: Vec<Disagreement>,
}

impl StoryDetail {
    /// The provenance tree: the one relation each derived member came through.
    pub fn tree(&self) -> Vec<&Relation> {
        parents(&self.relations)
    }

    /// Members that derive from no other member, earliest first: the story's origins in
    /// the corpus.
    pub fn roots(&self) -> Vec<&ArticleSummary> {
        let derived: BTreeSet<&ArticleId> = self.tree().into_iter().map(|r| &r.derived).collect();
        self.members
            .iter()
            .filter(|m| !derived.contains(&m.id))
            .collect()
    }

    /// Relations that are not in the tree: same-story, sibling, and derivations that lost
    /// to a stronger one.
    pub fn others(&self) -> Vec<&Relation> {
        let tree: BTreeSet<(&ArticleId, &ArticleId)> = self
            .tree()
            .into_iter()
            .map(|r| (&r.source, &r.derived))
            .collect();
        self.relations
            .iter()
            .filter(|r| !tree.contains(&(&r.source, &r.derived)))
            .collect()
    }

    /// Tree children of `id`, strongest first.
    pub fn children<'s>(&'s self, id: &ArticleId) -> Vec<&'s Relation> {
        let mut out: Vec<&Relation> = self
            .tree()
            .into_iter()
            .filter(|r| &r.source == id)
            .collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.derived.cmp(&b.derived)));
        out
    }

    /// Whether a member derives from another member by any relation.
    pub fn is_derived(&self, id: &ArticleId) -> bool {
        self.relations
            .iter()
            .any(|r| is_derivation(r) && &r.derived == id)
    }
}

/// Everything about one story.
pub fn story_detail(store: &Store, story: &StoryRow) -> Result<StoryDetail> {
    let members = members(store, story)?;
    let relations = story_relations(store, story)?;
    let mut findings = Vec::new();
    for m in &members {
        if let Some(f) = store.findings(&m.id)?
            && !f.is_empty()
        {
            findings.push((m.id.clone(), f));
        }
    }
    let mut texts: BTreeMap<&ArticleId, String> = BTreeMap::new();
    for id in &story.articles {
        if let Some(found) = store.get(id.as_str())? {
            texts.insert(id, found.article.text);
        }
    }
    let mut disagreements = Vec::new();
    for r in &relations {
        if let (Some(a), Some(b)) = (texts.get(&r.source), texts.get(&r.derived)) {
            disagreements.extend(disagree::disagreements(
                (&r.source, a),
                (&r.derived, b),
                &r.evidence.aligned,
            ));
        }
    }
    Ok(StoryDetail {
        summary: summarise(story, &members),
        members,
        relations,
        findings,
        disagreements,
    })
}
