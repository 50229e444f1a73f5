//! Links between articles. The flow: a [`signature`] per article (MinHash over word
//! shingles, plus rare entities and numbers) → [`lsh`] candidate pairs → [`align`] the
//! sentences of each pair → [`relation`] kind, score and direction with the evidence.

pub mod align;
mod band_table;
pub mod candidates;
pub mod disagree;
pub mod lsh;
mod minhash;
pub mod provenance;
pub mod relation;
pub mod signature;
pub mod synth;
mod tokens;

use newstrace_model::{Analysis, Article};

/// An article with its analysis: what every step of linking reads.
#[derive(Debug, Clone, Copy)]
pub struct Doc<'a> {
    /// The article.
    pub article: &'a Article,
    /// Its analysis (sentences, entities, attributions, dates).
    pub analysis: &'a Analysis,
    /// Outlets the same text was also published under (its other sightings: one wire item
    /// carried word for word by several papers). A text that credits any of them credits
    /// this article.
    pub other_outlets: &'a [String],
}

impl<'a> Doc<'a> {
    /// An article seen at one place (or whose other places do not matter to the caller).
    pub fn new(article: &'a Article, analysis: &'a Analysis) -> Self {
        Self {
            article,
            analysis,
            other_outlets: &[],
        }
    }
}

/// An article with its analysis and the features alignment reads, computed once: what the
/// pipeline hands to [`align::align_features`] and [`relation::classify_prepared`] for every
/// pair the article is in.
#[derive(Debug, Clone, Copy)]
pub struct Prepared<'a> {
    /// The article and its analysis.
    pub doc: Doc<'a>,
    /// Its alignment features.
    pub features: &'a align::Features,
}
