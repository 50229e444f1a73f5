//! Rows whose JSON is made before they reach the store.
//!
//! The store has one writer, and on two cores it is the slower side of an ingest: encoding
//! an analysis (about 5 KB of JSON) or a relation's evidence there cost about a tenth of its
//! time. Encoded beside the analysis and classification, in parallel, the writer only binds
//! the text.

use crate::{Result, StoreError};
use newstrace_model::{Analysis, ArticleId, Relation};

/// An analysis ready to store (see [`Store::save_encoded_analyses`](crate::Store)).
#[derive(Debug, Clone)]
pub struct EncodedAnalysis {
    pub(crate) id: ArticleId,
    pub(crate) version: u32,
    pub(crate) json: String,
    /// The kinds of its machine-made signals, as the JSON names them, without repeats.
    pub(crate) signals: Vec<String>,
}

impl EncodedAnalysis {
    /// Encodes the analysis of article `id`.
    pub fn new(id: ArticleId, analysis: &Analysis) -> Result<Self> {
        let json = serde_json::to_string(analysis)
            .map_err(|e| StoreError::corrupt("analyses.analysis", id.as_str(), e))?;
        Ok(Self {
            id,
            version: analysis.version,
            json,
            signals: kind_names(analysis.signals.iter().map(|s| &s.kind)),
        })
    }
}

/// A relation ready to store, with the columns the store filters on.
#[derive(Debug, Clone)]
pub struct EncodedRelation {
    pub(crate) source: ArticleId,
    pub(crate) derived: ArticleId,
    pub(crate) kind: String,
    pub(crate) score: f64,
    pub(crate) directed: bool,
    pub(crate) json: String,
}

impl EncodedRelation {
    /// Encodes a relation with its evidence.
    pub fn new(relation: &Relation) -> Result<Self> {
        let json = serde_json::to_string(relation)
            .map_err(|e| StoreError::corrupt("relations.relation", relation.source.as_str(), e))?;
        // The kind's column holds its serialised name, the one the JSON carries.
        let kind = kind_name(&relation.kind).unwrap_or_default();
        Ok(Self {
            source: relation.source.clone(),
            derived: relation.derived.clone(),
            kind,
            score: f64::from(relation.score),
            directed: relation.directed,
            json,
        })
    }
}

/// The name a kind (of signal, finding or relation) is serialised under: what the kind
/// columns hold, so that filters by kind match the JSON.
pub(crate) fn kind_name(kind: &impl serde::Serialize) -> Option<String> {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
}

/// The names of `kinds` (see [`kind_name`]), sorted, without repeats: one kind row each.
pub(crate) fn kind_names<'a, K: serde::Serialize + 'a>(
    kinds: impl Iterator<Item = &'a K>,
) -> Vec<String> {
    let mut names: Vec<String> = kinds.filter_map(kind_name).collect();
    names.sort();
    names.dedup();
    names
}
