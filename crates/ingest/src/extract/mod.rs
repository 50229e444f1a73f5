//! Extraction: a [`RawDoc`] becomes an [`Article`].
//!
//! Each body form has its own extractor (`html` for pages, `fragment` for markup that is all
//! content, `text_header` for plain-text files); this module merges what the container said
//! with what the body revealed, decides the language and computes the id.
//! Container metadata wins over metadata found in the body: a WARC header's URL or a JSON
//! record's `title` is what the user's pipeline recorded; the page's own tags are a fallback.

pub mod fragment;
pub mod html;
mod html_text;
mod lang;
mod page_charset;
mod page_dates;
mod page_meta;
pub mod text_header;

use crate::error::{ErrorKind, RecordError};
use crate::raw::{Body, RawDoc, RawMeta};
use newstrace_model::{Article, ArticleId, Dated};

pub use html::ExtractedPage;
pub use lang::detect_language;

/// Shortest body, in characters after trimming, that counts as an article. Below this a
/// page is a stub, an error page or a navigation shell.
pub const MIN_TEXT_CHARS: usize = 40;

/// Turns one raw record into an article, or says why it holds none.
pub fn extract(raw: RawDoc) -> Result<Article, RecordError> {
    let RawDoc { origin, body, meta } = raw;
    let found = match body {
        Body::Page { bytes, charset } => {
            html::extract_page(&bytes, charset.as_deref(), meta.url.as_deref())
                .map_err(|e| RecordError::new(origin.clone(), e.kind, e.message))?
        }
        Body::Fragment(markup) => ExtractedPage::text_only(fragment::fragment_to_text(&markup)),
        Body::TextFile(s) => text_header::parse_text_file(&s).into_page(),
        Body::Text(s) => ExtractedPage::text_only(tidy_paragraphs(&s)),
    };
    let article = merge(meta, found, origin.clone());
    if article.text.trim().chars().count() < MIN_TEXT_CHARS {
        return Err(RecordError::new(
            origin,
            ErrorKind::NoContent,
            format!("no article text found (need at least {MIN_TEXT_CHARS} characters)"),
        ));
    }
    Ok(article)
}

/// Container metadata first, then what the body revealed; outlet falls back to the URL's host.
fn merge(meta: RawMeta, found: ExtractedPage, origin: newstrace_model::RecordOrigin) -> Article {
    let url = meta
        .url
        .or(found.url)
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty());
    let outlet = meta
        .outlet
        .or(found.outlet)
        .or_else(|| url.as_deref().and_then(host_of))
        .and_then(non_empty);
    let lang = detect_language(&found.text, meta.lang.as_deref().or(found.lang.as_deref()));
    let text = found.text;
    Article {
        id: ArticleId::for_text(&text),
        external_id: meta.external_id.and_then(non_empty),
        title: meta.title.or(found.title).and_then(non_empty),
        byline: meta.byline.or(found.byline).and_then(non_empty),
        outlet,
        url,
        description: meta.description.or(found.description).and_then(non_empty),
        published: earliest_preferred(meta.published, found.published),
        updated: meta.updated.or(found.updated),
        first_seen: meta.first_seen,
        lang,
        text,
        origin,
    }
}

/// The container's publication date wins; the page's is used when the container has none.
fn earliest_preferred(container: Option<Dated>, page: Option<Dated>) -> Option<Dated> {
    container.or(page)
}

fn non_empty(s: String) -> Option<String> {
    let t = collapse_spaces(&s);
    (!t.is_empty()).then_some(t)
}

/// Collapses runs of whitespace in a one-line field (titles, bylines) to single spaces.
pub fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The host of `url` without a leading `www.`, for use as an outlet name of last resort.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    let host = host.split(':').next()?.trim().to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (host.contains('.') && !host.is_empty()).then_some(host)
}

/// Normalises body text: line endings to `\n`, each line trimmed, paragraphs separated by
/// exactly one blank line, no leading or trailing blank lines.
pub fn tidy_paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = false;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            blank_run = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run { "\n\n" } else { "\n" });
        }
        blank_run = false;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_of_strips_scheme_www_port_and_path() {
        assert_eq!(
            host_of("https://www.example.com:8443/a/b?c").as_deref(),
            Some("example.com")
        );
        assert_eq!(
            host_of("http://news.example.org").as_deref(),
            Some("news.example.org")
        );
        assert_eq!(host_of("not a url"), None);
    }

    #[test]
    fn tidy_paragraphs_keeps_paragraphs_and_drops_padding() {
        let s = "\r\n  First line.\r\nSecond line.  \r\n\r\n\r\n Next para.\n\n";
        assert_eq!(
            tidy_paragraphs(s),
            "First line.\nSecond line.\n\nNext para."
        );
    }
}
