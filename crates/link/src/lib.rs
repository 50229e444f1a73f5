//! Links between articles. The flow: a [`signature`] per article (MinHash over word
//! shingles, plus rare entities and numbers) → [`lsh`] candidate pairs → [`align`] the
//! sentences of each pair → [`relation`] kind, score and direction with the evidence.

pub mod align;
pub mod candidates;
pub mod lsh;
pub mod provenance;
pub mod relation;
pub mod signature;
pub mod synth;

use newstrace_model::{Analysis, Article};

/// An article with its analysis: what every step of linking reads.
#[derive(Debug, Clone, Copy)]
pub struct Doc<'a> {
    /// The article.
    pub article: &'a Article,
    /// Its analysis (sentences, entities, attributions, dates).
    pub analysis: &'a Analysis,
}
