//! Page metadata: `<meta>` tags, JSON-LD, `<title>`, `<h1>`, `<time>`, canonical link, language.
//!
//! Read with a tag scanner over the decoded markup rather than from a DOM: the text extractor
//! builds its own tree, and a second full parse would cost more than the whole metadata
//! pass. Metadata lives in a handful of self-contained tags whose attributes a scanner reads
//! exactly; the only content read is `<title>`, the first `<h1>`, `<time>` and JSON-LD blocks.

use regex::Regex;
use serde_json::{Map, Value};
use std::sync::LazyLock;

/// Tags whose attributes carry metadata.
static ATTR_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<(meta|link|html)\b[^>]*>").expect("static regex"));
static TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<title\b[^>]*>(.*?)</title\s*>").expect("static regex"));
static H1: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<h1\b[^>]*>(.*?)</h1\s*>").expect("static regex"));
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<time\b([^>]*)>(.{0,400}?)</time\s*>").expect("static regex")
});
static JSON_LD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<script\b[^>]*application/ld\+json[^>]*>(.*?)</script\s*>")
        .expect("static regex")
});
static ANY_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<[^>]*>").expect("static regex"));
/// Elements that hold no visible text, and comments.
pub static INVISIBLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?is)<(script|style|noscript|template|svg)\b.*?</(script|style|noscript|template|svg)\s*>|<!--.*?-->",
    )
    .expect("static regex")
});
/// Tags that break lines of text.
pub static BLOCK_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)</?(?:p|div|li|h[1-6]|br|tr|td|section|article|header|footer|time|span|ul|ol|dd|dt|a|blockquote|table)\b[^>]*>",
    )
    .expect("static regex")
});
static COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<!--.*?-->").expect("static regex"));

/// A `<time>` element: its attributes and its visible text.
#[derive(Debug, Clone, Default)]
pub struct TimeTag {
    /// The `datetime` attribute.
    pub datetime: Option<String>,
    /// Whether it is marked as the publication time (`pubdate`, `itemprop=datePublished`,
    /// a class naming publication).
    pub published_hint: bool,
    /// Whether it is marked as a modification time.
    pub updated_hint: bool,
    /// The element's text, tags removed.
    pub text: String,
}

/// What the JSON-LD blocks of a page say about its main article.
#[derive(Debug, Clone, Default)]
pub struct JsonLd {
    /// `headline` (or `name`) of the article object.
    pub headline: Option<String>,
    /// `datePublished` of the article object.
    pub date_published: Option<String>,
    /// `dateModified` of the article object.
    pub date_modified: Option<String>,
    /// `datePublished` of some other object (a `WebPage`), when no article has one.
    pub other_date_published: Option<String>,
    /// Author names, joined with ", ".
    pub author: Option<String>,
    /// `publisher.name`.
    pub publisher: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `url` / `mainEntityOfPage`.
    pub url: Option<String>,
    /// `inLanguage`.
    pub lang: Option<String>,
}

/// Everything the metadata scanner found in one page.
#[derive(Debug, Clone, Default)]
pub struct PageMeta {
    /// `<meta>` tags in document order: (lower-cased key attribute and key, content).
    /// The key attribute is `property`, `name`, `itemprop` or `http-equiv`.
    pub metas: Vec<(String, String, String)>,
    /// The `<title>` text.
    pub title: Option<String>,
    /// The first `<h1>` text.
    pub h1: Option<String>,
    /// `<link rel=canonical href>`.
    pub canonical: Option<String>,
    /// `<html lang>`.
    pub html_lang: Option<String>,
    /// `<time>` elements in document order.
    pub times: Vec<TimeTag>,
    /// JSON-LD findings.
    pub json_ld: JsonLd,
}

impl PageMeta {
    /// Scans decoded markup.
    pub fn scan(html: &str) -> Self {
        let mut meta = PageMeta::default();
        // Metadata in comments is dead markup (old templates, conditional IE blocks).
        let uncommented;
        let html = if html.contains("<!--") {
            uncommented = COMMENT.replace_all(html, " ");
            &*uncommented
        } else {
            html
        };
        for m in ATTR_TAG.captures_iter(html) {
            let tag = m.get(0).map_or("", |t| t.as_str());
            let name = m.get(1).map_or("", |t| t.as_str()).to_ascii_lowercase();
            let attrs = parse_attrs(tag);
            match name.as_str() {
                "meta" => {
                    let content = attr(&attrs, "content").or_else(|| attr(&attrs, "datetime"));
                    let Some(content) = content else { continue };
                    for key_attr in ["property", "name", "itemprop", "http-equiv"] {
                        if let Some(key) = attr(&attrs, key_attr) {
                            meta.metas.push((
                                key_attr.to_string(),
                                key.trim().to_ascii_lowercase(),
                                content.trim().to_string(),
                            ));
                        }
                    }
                }
                "link" if meta.canonical.is_none() => {
                    let is_canonical = attr(&attrs, "rel").is_some_and(|r| {
                        r.split_whitespace()
                            .any(|r| r.eq_ignore_ascii_case("canonical"))
                    });
                    if is_canonical {
                        meta.canonical = attr(&attrs, "href").filter(|h| !h.trim().is_empty());
                    }
                }
                "html" if meta.html_lang.is_none() => {
                    meta.html_lang = attr(&attrs, "lang")
                        .or_else(|| attr(&attrs, "xml:lang"))
                        .filter(|l| !l.trim().is_empty());
                }
                _ => {}
            }
        }
        meta.title = TITLE
            .captures(html)
            .and_then(|c| c.get(1))
            .map(|t| inline_text(t.as_str()))
            .filter(|t| !t.is_empty());
        meta.h1 = H1
            .captures_iter(html)
            .filter_map(|c| c.get(1))
            .map(|t| inline_text(t.as_str()))
            .find(|t| !t.is_empty());
        for c in TIME.captures_iter(html) {
            let attrs = parse_attrs(c.get(1).map_or("", |a| a.as_str()));
            let marks = |what: &[&str]| {
                attrs.iter().any(|(k, v)| {
                    (k == "class" || k == "itemprop" || k == "id")
                        && what.iter().any(|w| v.to_ascii_lowercase().contains(w))
                })
            };
            meta.times.push(TimeTag {
                datetime: attr(&attrs, "datetime"),
                published_hint: attrs.iter().any(|(k, _)| k == "pubdate")
                    || marks(&["datepublished", "publish", "pubdate", "created"]),
                updated_hint: marks(&["modified", "updated"]),
                text: inline_text(c.get(2).map_or("", |t| t.as_str())),
            });
        }
        for c in JSON_LD.captures_iter(html) {
            if let Some(v) = c.get(1).and_then(|b| parse_json_lenient(b.as_str())) {
                meta.json_ld.absorb(&v);
            }
        }
        meta
    }

    /// The first `<meta>` content whose key is one of `keys` (lower case), with the tag
    /// written as a selector (`meta[property=og:title]`).
    pub fn first(&self, keys: &[&str]) -> Option<(String, String)> {
        for key in keys {
            if let Some((attr, k, v)) = self
                .metas
                .iter()
                .find(|(_, k, v)| k == key && !v.is_empty())
            {
                return Some((v.clone(), format!("meta[{attr}={k}]")));
            }
        }
        None
    }

    /// Like [`PageMeta::first`], the value only.
    pub fn value(&self, keys: &[&str]) -> Option<String> {
        self.first(keys)
            .map(|(v, _)| decode_entities(&v))
            .filter(|v| !v.trim().is_empty())
    }
}

/// The `(name, value)` attributes of one start tag (`<meta a="b" c=d e>`), names lower-cased,
/// values with entities decoded.
pub fn parse_attrs(tag: &str) -> Vec<(String, String)> {
    let s = tag.trim_start_matches('<');
    let b = s.as_bytes();
    // Skip the tag name.
    let mut i = b
        .iter()
        .position(|c| c.is_ascii_whitespace() || *c == b'/' || *c == b'>')
        .unwrap_or(b.len());
    let mut out = Vec::new();
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            break;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = s[start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vstart = i + 1;
                let vend = b[vstart..]
                    .iter()
                    .position(|c| *c == q)
                    .map_or(b.len(), |p| vstart + p);
                value = decode_entities(&s[vstart..vend]);
                i = (vend + 1).min(b.len());
            } else {
                let vstart = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = decode_entities(&s[vstart..i]);
            }
        }
        if name.is_empty() {
            // A stray byte the scanner cannot read as a name; step over it.
            i += 1;
            continue;
        }
        out.push((name, value));
    }
    out
}

/// The value of attribute `name` (lower case).
pub fn attr(attrs: &[(String, String)], name: &str) -> Option<String> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

/// Markup of an inline element as one line of text: tags dropped, entities decoded,
/// whitespace collapsed.
pub fn inline_text(markup: &str) -> String {
    let stripped = ANY_TAG.replace_all(markup, " ");
    decode_entities(&stripped)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Visible text of markup without building a tree: scripts, styles and comments dropped,
/// one line per block element, paragraphs separated by a blank line. The fallback for
/// markup too deeply nested to parse.
pub fn markup_to_lines(html: &str) -> String {
    let visible = INVISIBLE.replace_all(html, " ");
    BLOCK_BREAK
        .split(&visible)
        .map(inline_text)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Decodes the character references that occur in attribute values and titles: numeric
/// ones and the common named ones. Unknown names are left as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|e| e + 1);
        let (name, consumed) = match end {
            Some(e) if rest[e..].starts_with(';') => (&rest[1..e], e + 1),
            Some(e) => (&rest[1..e], e),
            None => (&rest[1..], rest.len()),
        };
        match entity(name) {
            Some(c) => {
                out.push(c);
                rest = &rest[consumed..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        // Pages encode curly quotes as &#146; meaning windows-1252; map the C1 range.
        let code = match code {
            0x80..=0x9F => {
                let byte = [code as u8];
                let (s, _, _) = encoding_rs::WINDOWS_1252.decode(&byte);
                s.chars().next().map_or(code, |c| c as u32)
            }
            _ => code,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "ldquo" => '\u{201C}',
        "rdquo" => '\u{201D}',
        "hellip" => '\u{2026}',
        "laquo" => '\u{AB}',
        "raquo" => '\u{BB}',
        "middot" => '\u{B7}',
        "bull" => '\u{2022}',
        "copy" => '\u{A9}',
        "eacute" => '\u{E9}',
        "egrave" => '\u{E8}',
        "aacute" => '\u{E1}',
        "agrave" => '\u{E0}',
        "iacute" => '\u{ED}',
        "oacute" => '\u{F3}',
        "uacute" => '\u{FA}',
        "ntilde" => '\u{F1}',
        "ccedil" => '\u{E7}',
        "auml" => '\u{E4}',
        "ouml" => '\u{F6}',
        "uuml" => '\u{FC}',
        "Auml" => '\u{C4}',
        "Ouml" => '\u{D6}',
        "Uuml" => '\u{DC}',
        "szlig" => '\u{DF}',
        _ => return None,
    })
}

/// Parses a JSON-LD block, forgiving what CMSs get wrong: HTML comments or CDATA around it,
/// raw newlines and tabs inside strings.
pub fn parse_json_lenient(block: &str) -> Option<Value> {
    let s = block.trim();
    let s = s.strip_prefix("<!--").unwrap_or(s);
    let s = s.strip_suffix("-->").unwrap_or(s);
    let s = s.trim().strip_prefix("//<![CDATA[").unwrap_or(s.trim());
    let s = s.strip_prefix("<![CDATA[").unwrap_or(s);
    let s = s.strip_suffix("//]]>").unwrap_or(s);
    let s = s.strip_suffix("]]>").unwrap_or(s).trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(v) = serde_json::from_str(s) {
        return Some(v);
    }
    // Control characters are illegal inside JSON strings but harmless between tokens, so
    // replacing them all with spaces repairs the strings without breaking anything else.
    let cleaned: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    serde_json::from_str(&cleaned).ok()
}

/// The schema.org types that describe the page's own article.
fn is_article_type(t: &str) -> bool {
    let t = t.rsplit(['/', ':']).next().unwrap_or(t);
    t.ends_with("Article")
        || matches!(
            t,
            "ReportageNews"
                | "BlogPosting"
                | "LiveBlogPosting"
                | "SocialMediaPosting"
                | "Report"
                | "DiscussionForumPosting"
                | "Blog"
        )
}

fn types(obj: &Map<String, Value>) -> Vec<&str> {
    match obj.get("@type") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// A string field, or the first string of an array field, or `@value`/`name` of an object.
fn str_field(obj: &Map<String, Value>, key: &str) -> Option<String> {
    let s = match obj.get(key)? {
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().find_map(Value::as_str)?.to_string(),
        Value::Object(o) => o
            .get("@value")
            .or_else(|| o.get("name"))
            .and_then(Value::as_str)?
            .to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let s = decode_entities(s.trim());
    (!s.is_empty()).then_some(s)
}

/// Author names from a string, an object or an array of either.
fn author_names(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            let s = s.trim();
            // Some sites put the author's profile URL here; that is not a name.
            if !s.is_empty() && !s.starts_with("http") {
                out.push(decode_entities(s));
            }
        }
        Value::Array(a) => a.iter().for_each(|x| author_names(x, out)),
        Value::Object(o) => {
            if let Some(name) = o.get("name") {
                author_names(name, out);
            }
        }
        _ => {}
    }
}

impl JsonLd {
    /// Folds one parsed block in; the first article object found wins each field.
    fn absorb(&mut self, v: &Value) {
        let mut objects = Vec::new();
        collect_objects(v, 0, &mut objects);
        let (articles, others): (Vec<_>, Vec<_>) = objects
            .into_iter()
            .partition(|o| types(o).iter().any(|t| is_article_type(t)));
        for o in &articles {
            fill(&mut self.headline, || {
                str_field(o, "headline").or_else(|| str_field(o, "name"))
            });
            fill(&mut self.date_published, || {
                str_field(o, "datePublished").or_else(|| str_field(o, "dateCreated"))
            });
            fill(&mut self.date_modified, || str_field(o, "dateModified"));
            fill(&mut self.description, || str_field(o, "description"));
            fill(&mut self.lang, || str_field(o, "inLanguage"));
            fill(&mut self.url, || {
                str_field(o, "url").or_else(|| match o.get("mainEntityOfPage") {
                    Some(Value::Object(m)) => str_field(m, "@id"),
                    Some(Value::String(s)) => Some(s.clone()),
                    _ => None,
                })
            });
            fill(&mut self.author, || {
                let mut names = Vec::new();
                author_names(o.get("author")?, &mut names);
                names.dedup();
                (!names.is_empty()).then(|| names.join(", "))
            });
            fill(&mut self.publisher, || match o.get("publisher")? {
                Value::Object(p) => str_field(p, "name"),
                Value::Array(a) => a
                    .iter()
                    .find_map(|p| p.as_object().and_then(|p| str_field(p, "name"))),
                Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                _ => None,
            });
        }
        for o in &others {
            fill(&mut self.other_date_published, || {
                str_field(o, "datePublished")
            });
            // An Organization / WebSite block often names the publisher when the article
            // object does not.
            if types(o)
                .iter()
                .any(|t| matches!(*t, "NewsMediaOrganization" | "Organization"))
            {
                fill(&mut self.publisher, || str_field(o, "name"));
            }
        }
    }
}

fn fill(slot: &mut Option<String>, f: impl FnOnce() -> Option<String>) {
    if slot.is_none() {
        *slot = f();
    }
}

/// All objects of a JSON-LD value: top level, arrays, `@graph`, and `mainEntity`.
fn collect_objects<'a>(v: &'a Value, depth: usize, out: &mut Vec<&'a Map<String, Value>>) {
    if depth > 8 {
        return;
    }
    match v {
        Value::Array(a) => a.iter().for_each(|x| collect_objects(x, depth + 1, out)),
        Value::Object(o) => {
            out.push(o);
            for key in ["@graph", "mainEntity", "itemListElement"] {
                if let Some(inner) = o.get(key) {
                    collect_objects(inner, depth + 1, out);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_quoted_unquoted_and_entities() {
        let a =
            parse_attrs(r#"<meta property="og:title" content='Tom &amp; Jerry' data-x=1 async>"#);
        assert_eq!(attr(&a, "property").as_deref(), Some("og:title"));
        assert_eq!(attr(&a, "content").as_deref(), Some("Tom & Jerry"));
        assert_eq!(attr(&a, "data-x").as_deref(), Some("1"));
        assert_eq!(attr(&a, "async").as_deref(), Some(""));
    }

    #[test]
    fn json_ld_graph_with_author_array() {
        let page = r#"<html lang="en-GB"><head><script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"The Daily Example"},
              {"@type":["NewsArticle"],"headline":"Harbour bridge reopens",
               "datePublished":"2024-03-14T09:30:00+01:00",
               "author":[{"@type":"Person","name":"Ada Quill"},{"@type":"Person","name":"Ben Ort"}],
               "publisher":{"@type":"Organization","name":"Daily Example"}}]}
            </script></head><body></body></html>"#;
        let m = PageMeta::scan(page);
        assert_eq!(
            m.json_ld.headline.as_deref(),
            Some("Harbour bridge reopens")
        );
        assert_eq!(m.json_ld.author.as_deref(), Some("Ada Quill, Ben Ort"));
        assert_eq!(m.json_ld.publisher.as_deref(), Some("Daily Example"));
        assert_eq!(
            m.json_ld.date_published.as_deref(),
            Some("2024-03-14T09:30:00+01:00")
        );
        assert_eq!(m.html_lang.as_deref(), Some("en-GB"));
    }

    #[test]
    fn broken_json_ld_with_raw_newline_is_repaired() {
        let v = parse_json_lenient("<!--{\"@type\":\"Article\",\"headline\":\"a\nb\"}-->").unwrap();
        assert_eq!(v["headline"], "a b");
    }

    #[test]
    fn metas_in_comments_are_ignored() {
        let m = PageMeta::scan(
            r#"<!-- <meta name="author" content="Old"> --><meta name="author" content="New">"#,
        );
        assert_eq!(m.value(&["author"]).as_deref(), Some("New"));
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &#8217; &#x41; &#146; &bogus; &"),
            "a & b \u{2019} A \u{2019} &bogus; &"
        );
    }
}
