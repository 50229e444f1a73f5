//! Links between articles: relations with their evidence, and stories.

use crate::{ArticleId, Span};
use serde::{Deserialize, Serialize};

/// How one article derives from another, or relates to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RelationKind {
    /// The same text (normalised), another place.
    ExactCopy,
    /// Near-verbatim: the text with a new headline, footer, credit or small edits.
    Syndicated,
    /// A paraphrase of most of the content.
    Rewrite,
    /// Carries the content and cites the other's outlet or its source.
    Relay,
    /// Two derivations of the same upstream (two rewrites of one agency item).
    Sibling,
    /// The same real-world event, reported independently.
    SameStory,
}

/// Two sentences, one from each article, aligned as saying the same thing.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AlignedSentences {
    /// The sentence of the first (source) article.
    pub a: Span,
    /// The sentence of the second (derived) article.
    pub b: Span,
    /// Similarity in 0..=1.
    pub score: f32,
}

/// The evidence for a relation between two articles.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PairEvidence {
    /// Aligned sentence pairs, in the order of the first article.
    pub aligned: Vec<AlignedSentences>,
    /// Share of the first article's text covered by aligned sentences.
    pub coverage_a: f32,
    /// Share of the second article's text covered by aligned sentences.
    pub coverage_b: f32,
    /// Entities both name (canonical forms).
    pub shared_entities: Vec<String>,
    /// Numbers both give.
    pub shared_numbers: Vec<String>,
    /// Sentences of the first article with no counterpart.
    pub only_in_a: Vec<Span>,
    /// Sentences of the second article with no counterpart (what it adds: filler, context).
    pub only_in_b: Vec<Span>,
    /// Estimated Jaccard similarity of the two texts' shingles.
    pub jaccard: f32,
    /// The name by which the derived (second) article credits the source's outlet, when it
    /// does ("Nordwire reported"): the attribution that ties it to this source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<String>,
}

/// A relation between two articles, oriented from `source` to `derived` when the direction
/// is known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// The earlier or original article.
    pub source: ArticleId,
    /// The later or derived article.
    pub derived: ArticleId,
    /// What kind of relation.
    pub kind: RelationKind,
    /// Confidence in 0..=1.
    pub score: f32,
    /// Whether `source` → `derived` is a judgement. False: no evidence decided it, and
    /// `source` is the article seen first (a guess, shown as one).
    pub directed: bool,
    /// Why the direction and the kind were chosen, for a person.
    pub reason: String,
    /// The aligned sentences and what each side has alone.
    pub evidence: PairEvidence,
}
