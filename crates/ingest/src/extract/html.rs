//! HTML pages: main-content extraction and metadata.
//!
//! The bytes are decoded with the encoding the transport, a BOM or the page declares
//! ([`super::page_charset`]); the article text comes from [`super::html_text`], metadata from
//! a tag scan ([`super::page_meta`]) and dates from [`super::page_dates`]. Nothing here fails
//! on content: a page with no article yields empty text and the caller decides.

use super::page_meta::PageMeta;
use super::{html_text, page_charset, page_dates};
use crate::error::ErrorKind;
use newstrace_model::Dated;

/// What extraction found in a page (or other body form).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExtractedPage {
    /// Main text, paragraphs separated by a blank line.
    pub text: String,
    /// Headline.
    pub title: Option<String>,
    /// Author(s).
    pub byline: Option<String>,
    /// Site name.
    pub outlet: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Description / standfirst.
    pub description: Option<String>,
    /// Publication date.
    pub published: Option<Dated>,
    /// Modification date.
    pub updated: Option<Dated>,
    /// Declared language (`<html lang>`, `og:locale`, `content-language`).
    pub lang: Option<String>,
}

impl ExtractedPage {
    /// A body with text and nothing else known.
    pub fn text_only(text: String) -> Self {
        Self {
            text,
            ..Self::default()
        }
    }
}

/// Why a page yielded nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageError {
    /// Class of failure.
    pub kind: ErrorKind,
    /// For a person.
    pub message: String,
}

/// Extracts the main text and metadata of one HTML page.
///
/// `charset_hint` is the transport's charset (HTTP `Content-Type`), which wins over what the
/// page declares; `url` is where the page was fetched, used to resolve a relative canonical
/// link, to recognise the site's name in titles, and as a last source of a date. Bytes that
/// do not decode cleanly are replaced, never rejected, so this returns `Ok` for any input;
/// the `Result` is kept for callers that treat pages and other bodies alike.
pub fn extract_page(
    bytes: &[u8],
    charset_hint: Option<&str>,
    url: Option<&str>,
) -> Result<ExtractedPage, PageError> {
    let (html, _) = page_charset::decode_page(bytes, charset_hint);
    let meta = PageMeta::scan(&html);
    let text = html_text::main_text(&html, url);

    let outlet = meta
        .value(&["og:site_name", "application-name", "twitter:site:name"])
        .or_else(|| meta.json_ld.publisher.clone())
        .map(|s| one_line(&s))
        .filter(|s| !s.is_empty());
    let page_url = canonical_url(&meta, url);
    let host = url.or(page_url.as_deref()).and_then(super::host_of);
    let title = meta
        .value(&["og:title", "twitter:title"])
        .or_else(|| meta.json_ld.headline.clone())
        .or_else(|| meta.h1.clone())
        .or_else(|| meta.title.clone())
        .map(|t| strip_site_name(&one_line(&t), outlet.as_deref(), host.as_deref()))
        .filter(|t| !t.is_empty());
    let byline = meta
        .json_ld
        .author
        .clone()
        .or_else(|| {
            meta.value(&[
                "author",
                "article:author",
                "parsely-author",
                "sailthru.author",
                "dc.creator",
                "byl",
            ])
            // Facebook profile URLs in `article:author` are not names.
            .filter(|a| !a.starts_with("http"))
        })
        .map(|a| clean_byline(&a))
        .filter(|a| !a.is_empty());
    let description = meta
        .value(&["og:description", "description", "twitter:description"])
        .or_else(|| meta.json_ld.description.clone())
        .map(|d| one_line(&d))
        .filter(|d| !d.is_empty());
    let lang = meta
        .html_lang
        .clone()
        .or_else(|| meta.value(&["og:locale"]))
        .or_else(|| meta.value(&["content-language", "language", "dc.language"]))
        .or_else(|| meta.json_ld.lang.clone())
        .map(|l| l.trim().replace('_', "-"))
        .filter(|l| !l.is_empty());

    Ok(ExtractedPage {
        text,
        title,
        byline,
        outlet,
        url: page_url,
        description,
        published: page_dates::published(&meta, &html, url),
        updated: page_dates::updated(&meta),
        lang,
    })
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The canonical link (or `og:url`, or JSON-LD `url`), made absolute against `url`.
fn canonical_url(meta: &PageMeta, url: Option<&str>) -> Option<String> {
    let raw = meta
        .canonical
        .clone()
        .or_else(|| meta.value(&["og:url"]))
        .or_else(|| meta.json_ld.url.clone())?;
    let raw = raw.trim();
    if raw.starts_with("http://") || raw.starts_with("https://") {
        return Some(raw.to_string());
    }
    let base = url?;
    let (scheme, rest) = base.split_once("://")?;
    if let Some(net) = raw.strip_prefix("//") {
        return Some(format!("{scheme}://{net}"));
    }
    if raw.starts_with('/') {
        let host = rest.split(['/', '?', '#']).next()?;
        return Some(format!("{scheme}://{host}{raw}"));
    }
    // A relative path without a slash is too ambiguous to resolve; the fetch URL stands.
    None
}

/// Separators between a headline and the site name in `<title>`-style strings.
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " / "];

/// Removes a site-name suffix (`Headline | The Daily Example`) or prefix
/// (`Daily Example: Headline` is left alone; `Daily Example | Headline` is stripped) when the
/// removed part names the site: it matches the outlet or the host (`dailyexample.com`).
pub fn strip_site_name(title: &str, outlet: Option<&str>, host: Option<&str>) -> String {
    let names: Vec<String> = outlet
        .map(norm)
        .into_iter()
        .chain(host.map(|h| norm(h.rsplit_once('.').map_or(h, |(name, _)| name))))
        .filter(|n| n.len() >= 2)
        .collect();
    let names_site = |part: &str| {
        let p = norm(part);
        !p.is_empty()
            && names.iter().any(|n| {
                p == *n
                    || (p.len() >= 3 && n.contains(&p))
                    || (n.len() >= 3 && p.contains(n.as_str()) && p.len() <= n.len() + 12)
            })
    };
    let mut t = title.trim().to_string();
    // One suffix, then one prefix: `Headline - Section | Site` keeps its section.
    for sep in TITLE_SEPARATORS {
        if let Some((head, tail)) = t.rsplit_once(sep)
            && !head.trim().is_empty()
            && names_site(tail)
        {
            t = head.trim().to_string();
            break;
        }
    }
    for sep in TITLE_SEPARATORS {
        if let Some((head, tail)) = t.split_once(sep)
            && !tail.trim().is_empty()
            && names_site(head)
        {
            t = tail.trim().to_string();
            break;
        }
    }
    t
}

/// Lower-case letters and digits only, for comparing site names (`The Daily-Example` and
/// `thedailyexample` match; a leading "the" is dropped).
fn norm(s: &str) -> String {
    let n: String = s
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    n.strip_prefix("the")
        .filter(|r| r.len() >= 3)
        .map_or(n.clone(), str::to_string)
}

/// A byline without a leading "By".
fn clean_byline(s: &str) -> String {
    let s = one_line(s);
    for prefix in ["By ", "by ", "BY "] {
        if let Some(rest) = s.strip_prefix(prefix) {
            return rest.trim().to_string();
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use newstrace_model::DateSource;

    const ARTICLE: &str = r#"<!doctype html>
<html lang="en-GB"><head>
<title>Harbour bridge reopens after repairs | The Daily Example</title>
<link rel="canonical" href="/news/harbour-bridge">
<meta property="og:site_name" content="The Daily Example">
<meta name="description" content="The old crossing is open again.">
<script type="application/ld+json">
{"@context":"https://schema.org","@graph":[
  {"@type":"WebPage","name":"Harbour bridge"},
  {"@type":"NewsArticle","headline":"Harbour bridge reopens after repairs",
   "datePublished":"2024-03-14T09:30:00+01:00","dateModified":"2024-03-15T08:00:00+01:00",
   "author":[{"@type":"Person","name":"Ada Quill"},{"@type":"Person","name":"Ben Ort"}],
   "publisher":{"@type":"Organization","name":"The Daily Example"}}]}
</script></head>
<body>
<nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/weather">Weather</a></li></ul></nav>
<header class="masthead"><a href="/">The Daily Example</a> Subscribe now for unlimited access</header>
<main><article>
<h1>Harbour bridge reopens after repairs</h1>
<div class="byline">By Ada Quill and Ben Ort</div>
<p>The harbour bridge reopened to traffic on Thursday morning after eleven months of repairs
to its rusted cables, the city's transport office said.</p>
<figure><img src="bridge.jpg"><figcaption>The bridge at dawn. Photo: Example Agency</figcaption></figure>
<p>Engineers replaced all forty-two suspension cables and repainted the deck, work that had
been planned for a decade but was delayed twice by budget disputes in the council.</p>
<p>Commuters who had faced a forty-minute detour through the industrial estate welcomed the
news, though cyclists said the new lane markings were confusing at the northern ramp.</p>
<ul class="related"><li><a href="/a">Council approves budget</a></li><li><a href="/b">Ferry fares rise</a></li></ul>
</article></main>
<footer class="site-footer"><p>Copyright 2024 The Daily Example. All rights reserved.</p>
<a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body></html>"#;

    fn page(html: &str) -> ExtractedPage {
        extract_page(
            html.as_bytes(),
            None,
            Some("https://www.dailyexample.com/news/x?ref=rss"),
        )
        .expect("extract_page never fails")
    }

    #[test]
    fn article_text_without_boilerplate() {
        let p = page(ARTICLE);
        let paras: Vec<&str> = p.text.split("\n\n").collect();
        assert_eq!(paras.len(), 3, "{:?}", p.text);
        assert!(paras[0].starts_with("The harbour bridge reopened"));
        assert!(paras[2].ends_with("at the northern ramp."));
        for junk in [
            "Home",
            "Subscribe",
            "Photo:",
            "Ferry fares",
            "Copyright",
            "Privacy",
            "By Ada",
        ] {
            assert!(!p.text.contains(junk), "{junk} leaked into {:?}", p.text);
        }
    }

    #[test]
    fn metadata_from_json_ld_graph_and_tags() {
        let p = page(ARTICLE);
        assert_eq!(
            p.title.as_deref(),
            Some("Harbour bridge reopens after repairs")
        );
        assert_eq!(p.byline.as_deref(), Some("Ada Quill, Ben Ort"));
        assert_eq!(p.outlet.as_deref(), Some("The Daily Example"));
        assert_eq!(
            p.url.as_deref(),
            Some("https://www.dailyexample.com/news/harbour-bridge")
        );
        assert_eq!(
            p.description.as_deref(),
            Some("The old crossing is open again.")
        );
        assert_eq!(p.lang.as_deref(), Some("en-GB"));
        let published = p.published.expect("published");
        assert_eq!(published.source, DateSource::JsonLd);
        assert_eq!(published.value.to_string(), "2024-03-14T09:30:00+01:00");
        assert_eq!(
            p.updated.expect("updated").value.day().to_string(),
            "2024-03-15"
        );
    }

    #[test]
    fn title_suffix_is_stripped_only_when_it_names_the_site() {
        let host = Some("dailyexample.com");
        let site = Some("The Daily Example");
        assert_eq!(
            strip_site_name("Bridge reopens | The Daily Example", site, host),
            "Bridge reopens"
        );
        assert_eq!(
            strip_site_name("Bridge reopens - Daily Example", None, host),
            "Bridge reopens"
        );
        assert_eq!(
            strip_site_name("Daily Example | Bridge reopens", site, host),
            "Bridge reopens"
        );
        assert_eq!(
            strip_site_name("Left - right politics explained", site, host),
            "Left - right politics explained"
        );
        // Only <title> here: the suffix goes, the headline stays.
        let p = page(
            "<html><head><title>Tide tables - Daily Example</title></head><body><p>x</p></body></html>",
        );
        assert_eq!(p.title.as_deref(), Some("Tide tables"));
    }

    #[test]
    fn windows_1252_declared_in_meta() {
        let mut bytes = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">\
            <title>Caf\xE9 prices</title></head><body><article><p>The caf\xE9 on the square raised \
            prices by \x80 2 \x96 the first rise in years.</p></article></body></html>"
            .to_vec();
        let p = extract_page(&bytes, None, None).unwrap();
        assert_eq!(p.title.as_deref(), Some("Caf\u{e9} prices"));
        assert!(p.text.contains("caf\u{e9} on the square"), "{:?}", p.text);
        assert!(
            p.text.contains("\u{20ac} 2 \u{2013} the first"),
            "{:?}",
            p.text
        );
        // The transport's charset wins over the page's declaration.
        bytes = "<meta charset=windows-1252><p>na\u{ef}ve</p>"
            .as_bytes()
            .to_vec();
        let p = extract_page(&bytes, Some("utf-8"), None).unwrap();
        assert!(p.text.contains("na\u{ef}ve"));
    }

    #[test]
    fn time_element_gives_the_date() {
        let html = r#"<html><body><article><h1>Night market opens</h1>
            <p class="info">Posted <time datetime="2023-07-01T18:00:00+02:00">1 July</time></p>
            <p>The night market opened on the old quay with sixty stalls and a brass band that
            played until well after midnight, organisers said.</p></article></body></html>"#;
        let p = extract_page(html.as_bytes(), None, None).unwrap();
        let d = p.published.expect("date");
        assert_eq!(d.source, DateSource::TimeElement);
        assert_eq!(d.value.to_string(), "2023-07-01T18:00:00+02:00");
        assert_eq!(p.title.as_deref(), Some("Night market opens"));
    }

    #[test]
    fn never_panics_on_hostile_input() {
        let mut inputs: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"\x00\xFF\xFE\x80garbage\x1B[0m".to_vec(),
            b"<html><body><p>unclosed <b><i><div><table><tr><td>cell".to_vec(),
            b"<script type=\"application/ld+json\">{\"@graph\":[[[[{}]]]]".to_vec(),
            b"<meta charset=\"utf-16\"><title>t</title><time datetime=\"9999-99-99\">".to_vec(),
            b"<<<<>>>>&#xFFFFFFFF;&#0;&;&amp".to_vec(),
        ];
        let mut deep = "<div>".repeat(100_000);
        deep.push_str("deep text");
        inputs.push(deep.into_bytes());
        let seeded: Vec<u8> = (0u32..20_000)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        inputs.push(seeded);
        for bytes in inputs {
            let r = extract_page(&bytes, None, Some("not a url"));
            assert!(r.is_ok());
        }
    }
}
