//! The chain from an article to its origins, hop by hop.

use crate::{Error, Result};
use newstrace_link::provenance::is_derivation;
use newstrace_model::{ArticleId, Relation};
use newstrace_store::Store;
use serde::Serialize;
use std::collections::{BTreeSet, VecDeque};

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

/// Traces the article a key names (id, prefix or external id).
pub fn trace(store: &Store, key: &str) -> Result<Trace> {
    let Some(found) = store.get(key)? else {
        return Err(Error::NotFound(format!("no article matches `{key}`")));
    };
    let id = found.article.id;
    let mut edges: Vec<Relation> = Vec::new();
    let mut seen: BTreeSet<ArticleId> = BTreeSet::from([id.clone()]);
    let mut queue = VecDeque::from([id.clone()]);
    let mut origins: BTreeSet<Origin> = BTreeSet::new();
    while let Some(current) = queue.pop_front() {
        let upstream: Vec<Relation> = store
            .relations_of(&current)?
            .into_iter()
            .filter(|r| is_derivation(r) && r.derived == current)
            .collect();
        if upstream.is_empty() {
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
        }
        for r in upstream {
            if seen.insert(r.source.clone()) {
                queue.push_back(r.source.clone());
            }
            edges.push(r);
        }
    }
    Ok(Trace {
        article: id,
        edges,
        origins: origins.into_iter().collect(),
    })
}
