//! Articles and the sightings that record every place an article's text was seen.

use crate::{ArticleId, Dated, RecordOrigin, SightingId};
use serde::{Deserialize, Serialize};

/// One news article: clean body text plus the metadata that came with it.
///
/// Invariants: `id == ArticleId::for_text(&text)`; `text` is the extracted body only
/// (no headline, no metadata lines), paragraphs separated by a blank line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Content hash of the normalised text.
    pub id: ArticleId,
    /// The id the input gave the record (`id` in JSON), if any.
    pub external_id: Option<String>,
    /// The headline, when the input has one (never invented from the body).
    pub title: Option<String>,
    /// Who the article is credited to.
    pub byline: Option<String>,
    /// The publishing outlet (site name, source domain or feed title).
    pub outlet: Option<String>,
    /// Canonical URL where known, else the URL it was read from.
    pub url: Option<String>,
    /// A standfirst or summary given beside the text.
    pub description: Option<String>,
    /// The body text.
    pub text: String,
    /// The language of the text.
    pub lang: Option<Language>,
    /// When the publisher says it was first published.
    pub published: Option<Dated>,
    /// When the publisher says it was last changed.
    pub updated: Option<Dated>,
    /// When a crawler or archive first saw it (not when this tool ingested it).
    pub first_seen: Option<Dated>,
    /// Where this copy was read from.
    pub origin: RecordOrigin,
}

impl Article {
    /// The sighting this copy of the article represents.
    pub fn sighting(&self) -> Sighting {
        Sighting::new(self)
    }
}

/// How the language of an article was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LanguageSource {
    /// Detected from the text.
    Detected,
    /// Declared by the input (`<html lang>`, a `language` field) and not contradicted.
    Declared,
}

/// A language as an ISO 639-1 code where one exists (else ISO 639-3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Language {
    /// `en`, `de`, `fr`, ...
    pub code: String,
    /// Detected or declared.
    pub source: LanguageSource,
    /// Detector confidence in `[0, 1]`; 1 for a declaration taken as given.
    pub confidence: f32,
}

/// One place an article's text was seen: a file record with its URL, outlet and dates.
/// The same text at another URL or outlet is one more sighting of the same article — the raw
/// evidence that provenance later weighs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sighting {
    /// Hash of the article id and this sighting's metadata (not its file path, so a copied
    /// file ingested again adds nothing).
    pub id: SightingId,
    /// The article seen.
    pub article_id: ArticleId,
    /// Where it was read from.
    pub origin: RecordOrigin,
    /// URL of this copy.
    pub url: Option<String>,
    /// Outlet of this copy.
    pub outlet: Option<String>,
    /// The input's own id for this copy.
    pub external_id: Option<String>,
    /// Headline of this copy (copies often change only the headline).
    pub title: Option<String>,
    /// Byline of this copy.
    pub byline: Option<String>,
    /// Publication date of this copy.
    pub published: Option<Dated>,
    /// Update date of this copy.
    pub updated: Option<Dated>,
    /// When this copy was first seen by a crawler or archive.
    pub first_seen: Option<Dated>,
}

impl Sighting {
    /// The sighting of `article` as read.
    pub fn new(article: &Article) -> Self {
        let day = |d: &Option<Dated>| d.as_ref().map(|d| d.value.to_string()).unwrap_or_default();
        let id = SightingId::for_parts([
            article.id.as_str(),
            article.url.as_deref().unwrap_or(""),
            article.outlet.as_deref().unwrap_or(""),
            article.external_id.as_deref().unwrap_or(""),
            article.title.as_deref().unwrap_or(""),
            article.byline.as_deref().unwrap_or(""),
            &day(&article.published),
            &day(&article.updated),
            &day(&article.first_seen),
        ]);
        Self {
            id,
            article_id: article.id.clone(),
            origin: article.origin.clone(),
            url: article.url.clone(),
            outlet: article.outlet.clone(),
            external_id: article.external_id.clone(),
            title: article.title.clone(),
            byline: article.byline.clone(),
            published: article.published.clone(),
            updated: article.updated.clone(),
            first_seen: article.first_seen.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DateSource, InputFormat, When};

    fn article(text: &str, url: &str, path: &str) -> Article {
        Article {
            id: ArticleId::for_text(text),
            external_id: None,
            title: Some("Council approves budget".into()),
            byline: None,
            outlet: Some("Example Times".into()),
            url: Some(url.into()),
            description: None,
            text: text.into(),
            lang: None,
            published: Some(Dated::new(
                When::Day("2026-03-02".parse().unwrap()),
                DateSource::MetaTag,
                "article:published_time",
            )),
            updated: None,
            first_seen: None,
            origin: RecordOrigin::file(path, InputFormat::Html),
        }
    }

    #[test]
    fn the_same_record_in_a_copied_file_is_the_same_sighting() {
        let a = article("Body.", "https://a.example/x", "in/a.html");
        let b = article("Body.", "https://a.example/x", "backup/a.html");
        assert_eq!(a.sighting().id, b.sighting().id);
    }

    #[test]
    fn another_url_is_another_sighting_of_the_same_article() {
        let a = article("Body.", "https://a.example/x", "a.html");
        let b = article("Body.", "https://b.example/y", "b.html");
        assert_eq!(a.id, b.id);
        assert_ne!(a.sighting().id, b.sighting().id);
    }
}
