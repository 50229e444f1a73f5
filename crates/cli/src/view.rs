//! How articles look on stdout: the text view (the JSON forms live in `newstrace_views`).

use newstrace_model::{Article, Sighting};
use newstrace_store::ArticleSummary;
pub use newstrace_views::article::{ArticleJson, date_line};
pub use newstrace_views::names::{serde_name, truncate, upstream_line};

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
