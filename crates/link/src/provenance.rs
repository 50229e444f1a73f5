//! The provenance tree: which one relation each derived article came through.

use newstrace_model::{ArticleId, Relation, RelationKind};
use std::collections::BTreeMap;

/// For each derived article, the one relation it most likely came through (highest score;
/// ties to the earlier-listed source). Two rewrites of one original also resemble each
/// other; only the link to the original is its provenance. Same-story and sibling relations
/// are never provenance.
pub fn parents(relations: &[Relation]) -> Vec<&Relation> {
    let mut best: BTreeMap<&ArticleId, &Relation> = BTreeMap::new();
    for r in relations.iter().filter(|r| is_derivation(r)) {
        match best.get(&r.derived) {
            Some(b) if b.score >= r.score => {}
            _ => {
                best.insert(&r.derived, r);
            }
        }
    }
    best.into_values().collect()
}

/// Whether a relation says its `derived` article was made from its `source`.
pub fn is_derivation(r: &Relation) -> bool {
    r.directed && !matches!(r.kind, RelationKind::SameStory | RelationKind::Sibling)
}
