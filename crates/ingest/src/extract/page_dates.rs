//! Publication and modification dates of a page, metadata first.
//!
//! What the publisher declared for machines is trusted before what is printed for people:
//! JSON-LD of the article, then `<meta>` tags, then `<time>` elements marked as publication
//! time, then a date in the URL path, and only then dates in the visible text (elements
//! classed as dates first, then the page's lines). Every date keeps where it was read.

use super::page_meta::{BLOCK_BREAK, INVISIBLE, PageMeta, inline_text};
use crate::dates::{find_date_in_line, parse_when};
use chrono::{Datelike, NaiveDate};
use newstrace_model::{DateSource, Dated, When};
use regex::Regex;
use std::sync::LazyLock;

/// `<meta>` keys that hold the publication date, most specific first.
const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "published_time",
    "datepublished",
    "article.published",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "publication-date",
    "original-publish-date",
    "cxenseparse:recs:publishtime",
    "rnews:datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "citation_publication_date",
    "citation_date",
    "datecreated",
    "displaydate",
    "date",
    "created",
];

/// `<meta>` keys that hold the modification date.
const UPDATED_KEYS: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "article:modified",
    "datemodified",
    "last-modified",
    "dc.date.modified",
    "dcterms.modified",
    "lastmod",
];

/// Dates in URL paths: `/2020/05/14/`, `/2020-05-14/`, `/20200514/`.
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[/_-])((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)",
    )
    .expect("static regex")
});

/// Start tags whose class or id names a date (`<span class="article-date">`), with the
/// text that follows up to the next tag boundary chunk.
static DATED_ELEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?is)<(?:span|div|p|time|li|small|em|strong|dd|abbr|a)(?-u:\b)[^>]*(?:class|id|itemprop)\s*=\s*["'][^"']*(?:date|time|publish|posted|byline|meta|info)[^"']*["'][^>]*>(.{0,400}?)</(?:span|div|p|time|li|small|em|strong|dd|abbr|a)>"#,
    )
    .expect("static regex")
});

/// Day-first or month-first numeric dates (`17/03/2020`, `03.17.2020`), which the shared
/// parser leaves alone because they are ambiguous out of context.
static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d./-])(\d{1,2})([./-])(\d{1,2})([./-])((?:19|20)\d{2})(?:[^\d./-]|$)")
        .expect("static regex")
});

/// How many bytes of a page's visible text are searched for a printed date. A publication
/// line sits near the headline; dates deep in the page are comments and teasers.
const TEXT_SCAN_BYTES: usize = 60_000;

/// The publication date of a page.
pub fn published(meta: &PageMeta, html: &str, url: Option<&str>) -> Option<Dated> {
    if let Some(d) = meta.json_ld.date_published.as_deref().and_then(plausible) {
        return Some(Dated::new(d, DateSource::JsonLd, "datePublished"));
    }
    if let Some(d) = from_meta(meta, PUBLISHED_KEYS) {
        return Some(d);
    }
    if let Some(d) = meta
        .times
        .iter()
        .filter(|t| t.published_hint)
        .find_map(|t| time_tag_date(t.datetime.as_deref(), &t.text))
    {
        return Some(Dated::new(d, DateSource::TimeElement, "time[pubdate]"));
    }
    if let Some(d) = meta
        .json_ld
        .other_date_published
        .as_deref()
        .and_then(plausible)
    {
        return Some(Dated::new(d, DateSource::JsonLd, "datePublished"));
    }
    if let Some(d) = url.and_then(date_in_url) {
        return Some(Dated::new(d, DateSource::Url, "url path"));
    }
    if let Some(d) = meta
        .times
        .iter()
        .filter(|t| !t.updated_hint)
        .find_map(|t| time_tag_date(t.datetime.as_deref(), &t.text))
    {
        return Some(Dated::new(d, DateSource::TimeElement, "time[datetime]"));
    }
    // Canonical URLs sometimes carry the date when the fetched URL does not.
    if let Some(d) = meta.canonical.as_deref().and_then(date_in_url) {
        return Some(Dated::new(d, DateSource::Url, "link[rel=canonical]"));
    }
    let month_first = meta
        .html_lang
        .as_deref()
        .is_some_and(|l| l.eq_ignore_ascii_case("en-us"));
    from_text(html, month_first)
}

/// The modification date of a page.
pub fn updated(meta: &PageMeta) -> Option<Dated> {
    if let Some(d) = meta.json_ld.date_modified.as_deref().and_then(plausible) {
        return Some(Dated::new(d, DateSource::JsonLd, "dateModified"));
    }
    if let Some(d) = from_meta(meta, UPDATED_KEYS) {
        return Some(d);
    }
    meta.times
        .iter()
        .filter(|t| t.updated_hint)
        .find_map(|t| time_tag_date(t.datetime.as_deref(), &t.text))
        .map(|d| Dated::new(d, DateSource::TimeElement, "time[datetime]"))
}

fn from_meta(meta: &PageMeta, keys: &[&str]) -> Option<Dated> {
    for key in keys {
        for (attr, k, v) in &meta.metas {
            if k == key
                && let Some(d) = plausible(v)
            {
                return Some(Dated::new(
                    d,
                    DateSource::MetaTag,
                    format!("meta[{attr}={k}]"),
                ));
            }
        }
    }
    None
}

fn time_tag_date(datetime: Option<&str>, text: &str) -> Option<When> {
    datetime
        .and_then(plausible)
        .or_else(|| find_date_in_line(text).map(|(w, _)| w).filter(is_plausible))
}

/// A date string parsed, if it names a plausible publication date.
fn plausible(s: &str) -> Option<When> {
    let s = s.trim();
    parse_when(s)
        .or_else(|| {
            // Unix timestamps in seconds or milliseconds (some CMSs write these).
            let n: i64 = s.parse().ok()?;
            let secs = if n > 100_000_000_000 { n / 1000 } else { n };
            let t = chrono::DateTime::from_timestamp(secs, 0)?;
            Some(When::Instant(t.fixed_offset()))
        })
        .filter(is_plausible)
}

/// Not before the web's news era and not after tomorrow (time zones).
fn is_plausible(w: &When) -> bool {
    let day = w.day();
    let tomorrow = chrono::Utc::now()
        .date_naive()
        .succ_opt()
        .unwrap_or(NaiveDate::MAX);
    day.year() >= 1995 && day <= tomorrow
}

/// A `YYYY/MM/DD`-style date in a URL's path.
pub fn date_in_url(url: &str) -> Option<When> {
    let path = url.split_once("://").map_or(url, |(_, r)| r);
    let path = &path[path.find('/').unwrap_or(path.len())..];
    let c = URL_DATE.captures(path)?;
    let y = c.get(1)?.as_str().parse().ok()?;
    let m = c.get(2)?.as_str().parse().ok()?;
    let d = c.get(3)?.as_str().parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
        .map(When::Day)
        .filter(is_plausible)
}

/// A printed date: first in an element classed as a date, then the first date-bearing line
/// of the page's visible text.
fn from_text(html: &str, month_first: bool) -> Option<Dated> {
    let body_start = html
        .find("<body")
        .or_else(|| html.find("<BODY"))
        .unwrap_or(0);
    let body = &html[body_start..];
    let visible = INVISIBLE.replace_all(body, " ");
    for c in DATED_ELEMENT.captures_iter(&visible) {
        let text = inline_text(c.get(1).map_or("", |m| m.as_str()));
        if let Some(w) = date_in_line(&text, month_first) {
            return Some(Dated::new(
                w,
                DateSource::PageText,
                text.chars().take(80).collect::<String>(),
            ));
        }
    }
    let mut end = visible.len().min(TEXT_SCAN_BYTES);
    while !visible.is_char_boundary(end) {
        end -= 1;
    }
    for chunk in BLOCK_BREAK.split(&visible[..end]) {
        let line = inline_text(chunk);
        if line.len() < 6 || line.len() > 300 {
            continue;
        }
        if let Some(w) = date_in_line(&line, month_first) {
            return Some(Dated::new(
                w,
                DateSource::PageText,
                line.chars().take(80).collect::<String>(),
            ));
        }
    }
    None
}

/// The first plausible date in a line of text: what the shared parser reads, else a
/// numeric `D/M/YYYY` (`M/D/YYYY` when one part cannot be a month, or on US-English pages).
fn date_in_line(line: &str, month_first: bool) -> Option<When> {
    if let Some((w, _)) = find_date_in_line(line).filter(|(w, _)| is_plausible(w)) {
        return Some(w);
    }
    let c = NUMERIC_DATE.captures(line)?;
    if c.get(2)?.as_str() != c.get(4)?.as_str() {
        return None;
    }
    let a: u32 = c.get(1)?.as_str().parse().ok()?;
    let b: u32 = c.get(3)?.as_str().parse().ok()?;
    let y: i32 = c.get(5)?.as_str().parse().ok()?;
    let (d, m) = if a > 12 || (b <= 12 && !month_first) {
        (a, b)
    } else {
        (b, a)
    };
    NaiveDate::from_ymd_opt(y, m, d)
        .map(When::Day)
        .filter(is_plausible)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: &Option<Dated>) -> String {
        d.as_ref()
            .map_or("none".into(), |d| d.value.day().to_string())
    }

    #[test]
    fn json_ld_beats_meta_and_url() {
        let page = r#"<meta property="article:published_time" content="2021-02-03T10:00:00Z">
            <script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2021-02-02"}</script>"#;
        let m = PageMeta::scan(page);
        let d = published(&m, page, Some("https://news.example/2021/02/01/story"));
        assert_eq!(day(&d), "2021-02-02");
        assert_eq!(d.unwrap().source, DateSource::JsonLd);
    }

    #[test]
    fn meta_tag_detail_names_the_tag() {
        let page = r#"<meta property="article:published_time" content="2021-02-03T10:00:00+01:00">
            <meta property="article:modified_time" content="2021-02-04T08:00:00+01:00">"#;
        let m = PageMeta::scan(page);
        let d = published(&m, page, None).unwrap();
        assert_eq!(
            d.detail.as_deref(),
            Some("meta[property=article:published_time]")
        );
        assert_eq!(d.value.to_string(), "2021-02-03T10:00:00+01:00");
        assert_eq!(day(&updated(&m)), "2021-02-04");
    }

    #[test]
    fn time_element_with_datetime() {
        let page = r#"<body><article><p>By A. Writer, <time datetime="2019-11-20T04:00:00-06:00" pubdate>Nov 20</time></p></article></body>"#;
        let m = PageMeta::scan(page);
        let d = published(&m, page, None).unwrap();
        assert_eq!(d.source, DateSource::TimeElement);
        assert_eq!(d.value.day().to_string(), "2019-11-20");
    }

    #[test]
    fn url_and_text_fallbacks() {
        assert_eq!(
            date_in_url("https://example.org/news/2020/05/14/some-story.html")
                .map(|w| w.to_string()),
            Some("2020-05-14".into())
        );
        assert_eq!(date_in_url("https://example.org/id/20209999"), None);
        let page = "<body><h1>Dam opens</h1><div class=\"story-info\">Posted: March 3, 2020</div><p>Text.</p></body>";
        let d = published(&PageMeta::scan(page), page, None).unwrap();
        assert_eq!(d.source, DateSource::PageText);
        assert_eq!(d.value.day().to_string(), "2020-03-03");
    }

    #[test]
    fn numeric_dates_in_text() {
        assert_eq!(
            date_in_line("Publié le 17/03/2020 à 10h", false).map(|w| w.to_string()),
            Some("2020-03-17".into())
        );
        assert_eq!(
            date_in_line("04.05.2020", false).map(|w| w.to_string()),
            Some("2020-05-04".into())
        );
        assert_eq!(
            date_in_line("04/05/2020", true).map(|w| w.to_string()),
            Some("2020-04-05".into())
        );
        assert_eq!(date_in_line("ref 31.31.2020", false), None);
    }

    #[test]
    fn implausible_dates_are_skipped() {
        let page =
            r#"<meta name="pubdate" content="1970-01-01"><meta name="date" content="2018-07-09">"#;
        let d = published(&PageMeta::scan(page), page, None).unwrap();
        assert_eq!(d.value.day().to_string(), "2018-07-09");
    }
}
