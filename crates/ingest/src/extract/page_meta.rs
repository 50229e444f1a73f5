//! Page metadata: `<meta>` tags, JSON-LD, `<title>`, `<h1>`, `<time>`, canonical link, language.
//!
//! Read with a tag scanner over the decoded markup rather than from a DOM: the text extractor
//! builds its own tree, and a second full parse would cost more than the whole metadata
//! pass. Metadata lives in a handful of self-contained tags whose attributes a scanner reads
//! exactly; the only content read is `<title>`, the first `<h1>`, `<time>` and JSON-LD blocks.

use regex::Regex;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::sync::LazyLock;

// Tag names end at an ASCII word boundary, `(?-u:\b)`: a Unicode `\b` makes the regex
// crate's lazy DFA give up on any page with non-ASCII text and run its slower PikeVM.

/// Most characters of a `<time>` element's content: a date, not a section of the page.
const TIME_TEXT_CHARS: usize = 400;

static ANY_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<[^>]*>").expect("static regex"));
/// Elements that hold no visible text, and comments.
pub static INVISIBLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?is)<(script|style|noscript|template|svg)(?-u:\b).*?</(script|style|noscript|template|svg)\s*>|<!--.*?-->",
    )
    .expect("static regex")
});
/// Tags that break lines of text.
pub static BLOCK_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)</?(?:p|div|li|h[1-6]|br|tr|td|section|article|header|footer|time|span|ul|ol|dd|dt|a|blockquote|table)(?-u:\b)[^>]*>",
    )
    .expect("static regex")
});

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

impl TimeTag {
    /// A `<time>` element from its attribute markup and its content.
    fn read(attributes: &str, content: &str) -> Self {
        let attrs = parse_attrs(attributes);
        let marks = |what: &[&str]| {
            attrs.iter().any(|(k, v)| {
                (k == "class" || k == "itemprop" || k == "id")
                    && what.iter().any(|w| v.to_ascii_lowercase().contains(w))
            })
        };
        TimeTag {
            datetime: attr(&attrs, "datetime"),
            published_hint: attrs.iter().any(|(k, _)| k == "pubdate")
                || marks(&["datepublished", "publish", "pubdate", "created"]),
            updated_hint: marks(&["modified", "updated"]),
            text: inline_text(content),
        }
    }
}

/// A start tag found by the scanner: `<name ...>`.
struct StartTag<'a> {
    /// The element name, lower-cased: one of [`SCANNED_TAGS`].
    name: &'static str,
    /// The whole tag, `<` to `>`.
    markup: &'a str,
    /// Byte offset just past the tag's `>`.
    end: usize,
}

impl<'a> StartTag<'a> {
    /// The markup after the name, attributes included, without the closing `>`.
    fn attributes(&self) -> &'a str {
        &self.markup[1 + self.name.len()..self.markup.len() - 1]
    }
}

/// The elements the scanner reads.
const SCANNED_TAGS: &[&str] = &["meta", "link", "html", "title", "h1", "time", "script"];

/// The start tag opening at byte `open` (a `<`), if it is one of [`SCANNED_TAGS`] (any case),
/// its name ends where an ASCII word boundary would put it and a `>` closes it.
fn start_tag(html: &str, open: usize) -> Option<StartTag<'_>> {
    let bytes = html.as_bytes();
    let name_start = open + 1;
    let name_len = bytes[name_start..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count();
    let written = &bytes[name_start..name_start + name_len];
    let name = SCANNED_TAGS
        .iter()
        .find(|n| n.as_bytes().eq_ignore_ascii_case(written))?;
    let close = html[name_start..].find('>')? + name_start;
    Some(StartTag {
        name,
        markup: &html[open..=close],
        end: close + 1,
    })
}

/// The content of the element `tag` opens, up to its first end tag (`</name>`, any case,
/// spaces allowed before `>`), if that comes within `max_chars` characters (when given).
fn element_content<'a>(html: &'a str, tag: &StartTag, max_chars: Option<usize>) -> Option<&'a str> {
    let rest = &html[tag.end..];
    let bytes = rest.as_bytes();
    let mut from = 0;
    while let Some(found) = rest[from..].find("</") {
        let at = from + found;
        from = at + 2;
        let name_end = from + tag.name.len();
        if bytes.len() < name_end
            || !bytes[from..name_end].eq_ignore_ascii_case(tag.name.as_bytes())
        {
            continue;
        }
        let after = bytes[name_end..]
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .map(|p| name_end + p);
        if after.is_some_and(|p| bytes[p] == b'>') {
            let content = &rest[..at];
            return max_chars
                .is_none_or(|max| content.chars().count() <= max)
                .then_some(content);
        }
    }
    None
}

/// Whether `haystack` holds `needle` (lower-case ASCII), ignoring ASCII case.
fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
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
    /// Scans decoded markup: one pass over its start tags.
    pub fn scan(html: &str) -> Self {
        let mut meta = PageMeta::default();
        // Metadata in comments is dead markup (old templates, conditional IE blocks).
        let uncommented = without_comments(html);
        let html = &*uncommented;
        // Every `<` is looked at, content included, so a tag inside `<title>` or a script
        // string is seen as the tag-by-tag regexes this replaced saw it.
        let mut title_read = false;
        let mut from = 0;
        while let Some(found) = html[from..].find('<') {
            let open = from + found;
            from = open + 1;
            let Some(tag) = start_tag(html, open) else {
                continue;
            };
            match tag.name {
                "meta" => meta.read_meta(tag.markup),
                "link" if meta.canonical.is_none() => {
                    let attrs = parse_attrs(tag.markup);
                    let is_canonical = attr(&attrs, "rel").is_some_and(|r| {
                        r.split_whitespace()
                            .any(|r| r.eq_ignore_ascii_case("canonical"))
                    });
                    if is_canonical {
                        meta.canonical = attr(&attrs, "href").filter(|h| !h.trim().is_empty());
                    }
                }
                "html" if meta.html_lang.is_none() => {
                    let attrs = parse_attrs(tag.markup);
                    meta.html_lang = attr(&attrs, "lang")
                        .or_else(|| attr(&attrs, "xml:lang"))
                        .filter(|l| !l.trim().is_empty());
                }
                "title" if !title_read => {
                    // The first `<title>` with an end tag is the page's, even when empty (a
                    // later one is an SVG icon's).
                    if let Some(content) = element_content(html, &tag, None) {
                        title_read = true;
                        meta.title = Some(inline_text(content)).filter(|t| !t.is_empty());
                    }
                }
                "h1" if meta.h1.is_none() => {
                    meta.h1 = element_content(html, &tag, None)
                        .map(inline_text)
                        .filter(|t| !t.is_empty());
                }
                "time" => {
                    if let Some(content) = element_content(html, &tag, Some(TIME_TEXT_CHARS)) {
                        meta.times.push(TimeTag::read(tag.attributes(), content));
                    }
                }
                "script" if contains_ignore_ascii_case(tag.markup, "application/ld+json") => {
                    let block = element_content(html, &tag, None);
                    if let Some(v) = block.and_then(parse_json_lenient) {
                        meta.json_ld.absorb(&v);
                    }
                }
                _ => {}
            }
        }
        meta
    }

    /// Keeps the content of a `<meta>` tag under each key attribute it has.
    fn read_meta(&mut self, markup: &str) {
        let attrs = parse_attrs(markup);
        let content = attr(&attrs, "content").or_else(|| attr(&attrs, "datetime"));
        let Some(content) = content else { return };
        for key_attr in ["property", "name", "itemprop", "http-equiv"] {
            if let Some(key) = attr(&attrs, key_attr) {
                self.metas.push((
                    key_attr.to_string(),
                    key.trim().to_ascii_lowercase(),
                    content.trim().to_string(),
                ));
            }
        }
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

/// `html` with every comment replaced by a space. Written out rather than as the regex
/// `<!--.*?-->`: to find where each match starts, the regex engine scans back over the lazy
/// `.*?` to the end of the previous match, a fifth of the metadata scan on comment-heavy pages.
fn without_comments(html: &str) -> Cow<'_, str> {
    if !html.contains("<!--") {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        let body = start + "<!--".len();
        let Some(len) = rest[body..].find("-->") else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push(' ');
        rest = &rest[body + len + "-->".len()..];
    }
    out.push_str(rest);
    Cow::Owned(out)
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
    fn an_unclosed_comment_hides_nothing_after_the_last_closed_one() {
        let m = PageMeta::scan(
            r#"<!-- a --><META NAME="author" CONTENT="Kept"><!-- b --><!-- <meta name="x" content="y">"#,
        );
        assert_eq!(m.value(&["author"]).as_deref(), Some("Kept"));
        // Unclosed, the last comment is not a comment: its tag is read.
        assert_eq!(m.value(&["x"]).as_deref(), Some("y"));
    }

    #[test]
    fn tags_are_read_in_any_case_and_only_by_their_whole_name() {
        let page = r#"<HTML LANG="de"><Title>Hafen &amp; Stadt</TITLE >
            <meta_data name="a" content="b"><metadata name="c" content="d">
            <svg><title>icon</title></svg>
            <body><h1></h1><H1 class=x>Die <b>Schleuse</b></h1>
            <time datetime="2024-05-02" class="published">2. Mai</time>
            <time-ago>gestern</time-ago>"#;
        let m = PageMeta::scan(page);
        assert_eq!(m.html_lang.as_deref(), Some("de"));
        assert_eq!(m.title.as_deref(), Some("Hafen & Stadt"));
        assert!(m.metas.is_empty(), "{:?}", m.metas);
        // The first non-empty `<h1>`.
        assert_eq!(m.h1.as_deref(), Some("Die Schleuse"));
        assert_eq!(m.times.len(), 1);
        assert_eq!(m.times[0].datetime.as_deref(), Some("2024-05-02"));
        assert!(m.times[0].published_hint);
        assert_eq!(m.times[0].text, "2. Mai");
    }

    #[test]
    fn a_time_element_is_read_only_when_it_closes_within_its_limit() {
        let long = "x".repeat(TIME_TEXT_CHARS + 1);
        let page = format!(
            r#"<time datetime="2020-01-01">{long}</time><time datetime="2021-02-03">3 Feb</time>"#
        );
        let m = PageMeta::scan(&page);
        let dates: Vec<_> = m.times.iter().map(|t| t.datetime.as_deref()).collect();
        assert_eq!(dates, [Some("2021-02-03")]);
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &#8217; &#x41; &#146; &bogus; &"),
            "a & b \u{2019} A \u{2019} &bogus; &"
        );
    }
}
