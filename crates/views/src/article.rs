//! The JSON form of an article, shared by the CLI, the report and the server.

use newstrace_model::{Article, Dated, RecordOrigin, Sighting};
use newstrace_store::ArticleSummary;
use serde::Serialize;

/// The JSON form of an article. The fields of `list` always come first and always exist
/// (null when unknown); `show` and `extract` add the details.
#[derive(Debug, Serialize)]
pub struct ArticleJson<'a> {
    pub id: &'a str,
    pub external_id: Option<&'a str>,
    pub title: Option<&'a str>,
    pub byline: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub url: Option<&'a str>,
    /// ISO 8601 day or timestamp.
    pub published: Option<String>,
    pub updated: Option<String>,
    pub first_seen: Option<String>,
    /// ISO 639-1 code.
    pub lang: Option<&'a str>,
    /// How many distinct places this text was seen.
    pub sightings: u64,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub detail: Option<ArticleDetail<'a>>,
}

/// The fields `show` and `extract` add.
#[derive(Debug, Serialize)]
pub struct ArticleDetail<'a> {
    pub description: Option<&'a str>,
    /// Each date with where it was read from.
    pub dates: DatesJson<'a>,
    pub language: Option<&'a newstrace_model::Language>,
    pub origin: &'a RecordOrigin,
    pub text: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub sighting_details: &'a [Sighting],
}

/// Dates with their sources.
#[derive(Debug, Serialize)]
pub struct DatesJson<'a> {
    pub published: Option<&'a Dated>,
    pub updated: Option<&'a Dated>,
    pub first_seen: Option<&'a Dated>,
}

impl<'a> ArticleJson<'a> {
    /// The summary form (`list`).
    pub fn summary(a: &'a Article, sightings: u64) -> Self {
        Self {
            id: a.id.as_str(),
            external_id: a.external_id.as_deref(),
            title: a.title.as_deref(),
            byline: a.byline.as_deref(),
            outlet: a.outlet.as_deref(),
            url: a.url.as_deref(),
            published: iso(&a.published),
            updated: iso(&a.updated),
            first_seen: iso(&a.first_seen),
            lang: a.lang.as_ref().map(|l| l.code.as_str()),
            sightings,
            detail: None,
        }
    }

    /// The summary form of a stored article without its text (`list`, `search`).
    pub fn from_summary(s: &'a ArticleSummary) -> Self {
        Self {
            id: s.id.as_str(),
            external_id: s.external_id.as_deref(),
            title: s.title.as_deref(),
            byline: s.byline.as_deref(),
            outlet: s.outlet.as_deref(),
            url: s.url.as_deref(),
            published: iso(&s.published),
            updated: iso(&s.updated),
            first_seen: iso(&s.first_seen),
            lang: s.lang.as_ref().map(|l| l.code.as_str()),
            sightings: s.sightings,
            detail: None,
        }
    }

    /// The full form (`show`, `extract`).
    pub fn full(a: &'a Article, sightings: u64, details: &'a [Sighting]) -> Self {
        let mut j = Self::summary(a, sightings);
        j.detail = Some(ArticleDetail {
            description: a.description.as_deref(),
            dates: DatesJson {
                published: a.published.as_ref(),
                updated: a.updated.as_ref(),
                first_seen: a.first_seen.as_ref(),
            },
            language: a.lang.as_ref(),
            origin: &a.origin,
            text: &a.text,
            sighting_details: details,
        });
        j
    }
}

fn iso(d: &Option<Dated>) -> Option<String> {
    d.as_ref().map(|d| d.value.to_string())
}

/// `2026-04-24 (meta-tag: article:published_time)`
pub fn date_line(d: &Dated) -> String {
    match &d.detail {
        Some(detail) => format!("{} ({}: {})", d.value, d.source.as_str(), detail),
        None => format!("{} ({})", d.value, d.source.as_str()),
    }
}
