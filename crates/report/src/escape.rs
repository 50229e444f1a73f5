//! HTML escaping: the one place article data becomes markup.
//!
//! Every string that did not come from this crate (titles, outlets, bylines, URLs, article
//! text, reasons, names) is written through [`Esc`] or [`escape`], whether it lands in a text
//! node or in a quoted attribute value: the same five characters are escaped in both
//! contexts, so a value can never close its attribute or open a tag. URLs additionally pass
//! [`safe_href`] before they become links, so `javascript:` and `data:` never do.

use std::fmt;

/// A string escaped for HTML text and for double- or single-quoted attribute values, as a
/// [`Display`](fmt::Display) value, so `format!("<b>{}</b>", Esc(title))` escapes in place.
#[derive(Debug, Clone, Copy)]
pub struct Esc<'a>(pub &'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        let mut last = 0;
        for (i, c) in s.char_indices() {
            let rep = match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                // NUL is a parse error in HTML; show what the replacement would be anyway.
                '\0' => "\u{FFFD}",
                _ => continue,
            };
            f.write_str(&s[last..i])?;
            f.write_str(rep)?;
            last = i + c.len_utf8();
        }
        f.write_str(&s[last..])
    }
}

/// `s` escaped for an HTML text node or a quoted attribute value.
pub fn escape(s: &str) -> String {
    Esc(s).to_string()
}

/// The URL when it may become a link: only absolute `http:` and `https:` URLs (checked
/// case-insensitively, after trimming whitespace and control characters the way browsers
/// do). Everything else — `javascript:`, `data:`, relative paths — is shown as text only.
pub fn safe_href(url: &str) -> Option<&str> {
    let trimmed = url.trim_matches(|c: char| c.is_whitespace() || c.is_control());
    // Browsers drop tabs and newlines inside a scheme ("java\tscript:"); refuse any URL
    // that has them rather than reason about it.
    if trimmed.chars().any(|c| c.is_control()) {
        return None;
    }
    let lower = trimmed.get(..8).unwrap_or(trimmed).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then_some(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escaping_neutralises_markup() {
        assert_eq!(
            escape("<script>alert(1)</script> & co"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
        );
        assert_eq!(escape("plain words, café"), "plain words, café");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn attribute_escaping_closes_no_quote() {
        let hostile = r#"" onmouseover="alert(1)" x='y'"#;
        let out = escape(hostile);
        assert!(!out.contains('"') && !out.contains('\''), "{out}");
        assert_eq!(out, "&quot; onmouseover=&quot;alert(1)&quot; x=&#39;y&#39;");
        // As an attribute inside a tag, the value stays one attribute.
        let tag = format!(r#"<a title="{}">"#, Esc(hostile));
        assert_eq!(tag.matches('"').count(), 2, "{tag}");
    }

    #[test]
    fn escaping_keeps_multibyte_text_and_replaces_nul() {
        assert_eq!(escape("Høgh <b>\0"), "Høgh &lt;b&gt;\u{FFFD}");
        assert_eq!(format!("{}", Esc("€1.4 bn > €1 bn")), "€1.4 bn &gt; €1 bn");
    }

    #[test]
    fn only_http_urls_become_links() {
        assert_eq!(
            safe_href("https://a.example/x"),
            Some("https://a.example/x")
        );
        assert_eq!(safe_href("  HTTP://A.example "), Some("HTTP://A.example"));
        assert_eq!(safe_href("javascript:alert(1)"), None);
        assert_eq!(safe_href(" JavaScript:alert(1)"), None);
        assert_eq!(safe_href("java\tscript:alert(1)"), None);
        assert_eq!(
            safe_href("https://a.example/\n"),
            Some("https://a.example/")
        );
        assert_eq!(safe_href("http\t://x"), None);
        assert_eq!(safe_href("data:text/html,<script>"), None);
        assert_eq!(safe_href("/relative/path"), None);
        assert_eq!(safe_href("http:"), None);
        assert_eq!(safe_href(""), None);
    }
}
