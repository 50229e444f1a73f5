//! The chain from an article to its origins, hop by hop.

use crate::story::story_relations;
use crate::{Error, Result};
use newstrace_link::provenance::parents;
use newstrace_model::{ArticleId, Relation};
use newstrace_store::Store;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// An origin of a chain: an article of the corpus with nothing upstream of it in the store,
/// or an outside source its reporting names.
#[derive(Debug, Serialize, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Origin {
    /// `article` (in the store) or `external` (named, not in the corpus).
    pub kind: &'static str,
    /// Article id, or the source's name.
    pub name: String,
    /// For external sources: the intermediaries, nearest the article first.
    pub via: Vec<String>,
}

/// The derivation edges leading into an article and the chain's origins, as `trace --json`
/// prints them.
#[derive(Debug, Serialize, Clone)]
pub struct Trace {
    /// The traced article's id.
    pub article: ArticleId,
    /// Every derivation edge upstream of it, nearest first.
    pub edges: Vec<Relation>,
    /// Where the chains end: corpus articles and outside sources.
    pub origins: Vec<Origin>,
}

/// Traces the article a key names (id, prefix or external id) up its story's provenance
/// tree: each hop is the one relation the tree chose for it (see
/// [`newstrace_link::provenance::parents`]), so the chain is the same one `story` draws.
pub fn trace(store: &Store, key: &str) -> Result<Trace> {
    let Some(found) = store.get(key)? else {
        return Err(Error::NotFound(format!("no article matches `{key}`")));
    };
    let id = found.article.id;
    // The tree of the article's story; an article in no story yet has no hops.
    let mut tree: BTreeMap<ArticleId, Relation> = BTreeMap::new();
    if let Some(sid) = store.story_of(&id)?
        && let Some(row) = store.story(sid)?
    {
        for r in parents(&story_relations(store, &row)?) {
            tree.insert(r.derived.clone(), r.clone());
        }
    }
    let mut edges: Vec<Relation> = Vec::new();
    let mut seen: BTreeSet<ArticleId> = BTreeSet::from([id.clone()]);
    let mut current = id.clone();
    while let Some(r) = tree.get(&current) {
        edges.push(r.clone());
        if !seen.insert(r.source.clone()) {
            break;
        }
        current = r.source.clone();
    }
    let mut origins: BTreeSet<Origin> = BTreeSet::new();
    if current != id {
        origins.insert(Origin {
            kind: "article",
            name: current.to_string(),
            via: Vec::new(),
        });
    }
    if let Some(analysis) = store.analysis(&current)? {
        for u in analysis.upstream {
            origins.insert(Origin {
                kind: "external",
                name: u.name,
                via: u.via,
            });
        }
    }
    Ok(Trace {
        article: id,
        edges,
        origins: origins.into_iter().collect(),
    })
}
