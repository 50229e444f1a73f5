//! How articles look on stdout: the JSON objects every command shares, and the text view.

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

/// Prints one article for a person: header fields, sightings, then the text.
pub fn print_article(a: &Article, sightings: u64, details: &[Sighting]) {
    println!("{}", a.title.as_deref().unwrap_or("(no title)"));
    let field = |name: &str, value: Option<String>| {
        if let Some(v) = value {
            println!("  {name:<11}{v}");
        }
    };
    field("id", Some(a.id.to_string()));
    field("external id", a.external_id.clone());
    field("outlet", a.outlet.clone());
    field("byline", a.byline.clone());
    field("url", a.url.clone());
    field("published", a.published.as_ref().map(date_line));
    field("updated", a.updated.as_ref().map(date_line));
    field("first seen", a.first_seen.as_ref().map(date_line));
    field(
        "language",
        a.lang.as_ref().map(|l| {
            format!(
                "{} ({}, {:.2})",
                l.code,
                serde_name(&l.source),
                l.confidence
            )
        }),
    );
    field(
        "read from",
        Some(format!("{} as {}", a.origin, a.origin.format)),
    );
    field("sightings", Some(sightings.to_string()));
    for s in details {
        let when = s
            .published
            .as_ref()
            .or(s.first_seen.as_ref())
            .map(|d| d.value.to_string());
        println!(
            "    - {} {} {}",
            when.as_deref().unwrap_or("undated"),
            s.outlet.as_deref().unwrap_or("-"),
            s.url.as_deref().unwrap_or(&s.origin.to_string())
        );
    }
    if let Some(d) = &a.description {
        println!("\n{d}");
    }
    println!("\n{}", a.text);
}

/// The name a unit enum serialises to (`relay`, `ai-byline`, `detected`): the same word the
/// JSON output uses, so text and JSON never disagree.
pub fn serde_name<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// An upstream source for a person: `AFP via TASS`, `the Belgian edition (Belgium) via TASS`.
pub fn upstream_line(u: &newstrace_model::UpstreamSource) -> String {
    let country = u
        .country
        .as_deref()
        .map(|c| format!(" ({c})"))
        .unwrap_or_default();
    let via = if u.via.is_empty() {
        String::new()
    } else {
        format!(" via {}", u.via.join(" ← "))
    };
    format!("{}{country}{via}", u.name)
}

/// One line per article for listings: `id  published  outlet  title`.
pub fn summary_line(s: &ArticleSummary) -> String {
    let day = s.published.as_ref().map(|d| d.value.day().to_string());
    let copies = if s.sightings > 1 {
        format!(" (seen {}x)", s.sightings)
    } else {
        String::new()
    };
    format!(
        "{}  {:<10}  {:<20}  {}{}",
        s.id,
        day.as_deref().unwrap_or("undated"),
        truncate(s.outlet.as_deref().unwrap_or("-"), 20),
        s.title.as_deref().unwrap_or("(no title)"),
        copies
    )
}

/// `s` cut to at most `max` characters, with an ellipsis when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}
