//! Choosing a page's character encoding and decoding its bytes.
//!
//! Order of trust, as browsers do it: the transport's `charset` (HTTP header, WARC record),
//! then a byte-order mark, then a `<meta charset>` / `http-equiv` declaration in the first
//! bytes, then "is it valid UTF-8?", and finally windows-1252, the encoding most legacy
//! Western pages without a declaration turn out to use.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How many leading bytes are searched for a `<meta>` declaration. The HTML standard's
/// prescan looks at 1024; real pages often put scripts and comments first, so look further.
const PRESCAN_BYTES: usize = 8192;

/// Where the chosen encoding came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetSource {
    /// The caller's hint (HTTP `Content-Type`).
    Hint,
    /// A byte-order mark.
    Bom,
    /// A `<meta charset>` or `<meta http-equiv="Content-Type">` declaration.
    Meta,
    /// No declaration: the bytes are valid UTF-8.
    SniffedUtf8,
    /// No declaration and not UTF-8: windows-1252.
    Fallback,
}

/// Decodes `bytes` to a string, never failing: undecodable sequences become U+FFFD.
/// Returns the text and where its encoding was decided.
pub fn decode_page(bytes: &[u8], hint: Option<&str>) -> (String, CharsetSource) {
    let (encoding, source) = choose_encoding(bytes, hint);
    let body = match source {
        // A BOM names its own encoding; strip it so it does not leak into the text.
        CharsetSource::Bom => Encoding::for_bom(bytes).map_or(bytes, |(_, n)| &bytes[n..]),
        _ => bytes,
    };
    // A UTF-8 BOM under a UTF-8 label is still a BOM, not text.
    let body = if encoding == UTF_8 {
        body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)
    } else {
        body
    };
    let (text, _had_errors) = encoding.decode_without_bom_handling(body);
    (text.into_owned(), source)
}

/// The encoding to decode `bytes` with, and why.
pub fn choose_encoding(bytes: &[u8], hint: Option<&str>) -> (&'static Encoding, CharsetSource) {
    if let Some(enc) = hint.and_then(label_to_encoding) {
        return (enc, CharsetSource::Hint);
    }
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return (enc, CharsetSource::Bom);
    }
    if let Some(enc) = meta_declared(&bytes[..bytes.len().min(PRESCAN_BYTES)]) {
        return (enc, CharsetSource::Meta);
    }
    if std::str::from_utf8(bytes).is_ok() {
        return (UTF_8, CharsetSource::SniffedUtf8);
    }
    (WINDOWS_1252, CharsetSource::Fallback)
}

/// A charset label (`utf-8`, `ISO-8859-1`, `"latin1"`) as an encoding usable for HTML text.
fn label_to_encoding(label: &str) -> Option<&'static Encoding> {
    let label = label.trim().trim_matches(|c| c == '"' || c == '\'');
    let enc = Encoding::for_label(label.as_bytes())?;
    // A document that was decoded as bytes cannot really be UTF-16 if it declares so in ASCII
    // markup; the HTML standard maps such declarations to UTF-8. `replacement` (for labels
    // like ISO-2022-KR) would turn the whole page into one U+FFFD; UTF-8 lossy is kinder.
    if enc == encoding_rs::UTF_16LE
        || enc == encoding_rs::UTF_16BE
        || enc == encoding_rs::REPLACEMENT
    {
        return Some(UTF_8);
    }
    if enc == encoding_rs::X_USER_DEFINED {
        return Some(WINDOWS_1252);
    }
    Some(enc)
}

/// The encoding a `<meta>` tag in `head` declares, if any.
fn meta_declared(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos + 5;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(enc) = charset_in(tag) {
            return Some(enc);
        }
        from = end.max(start);
    }
    None
}

/// The value after `charset=` inside one tag's attribute text.
fn charset_in(tag: &[u8]) -> Option<&'static Encoding> {
    let at = find(tag, b"charset")?;
    let mut rest = &tag[at + 7..];
    rest = trim_start(rest);
    rest = rest.strip_prefix(b"=")?;
    rest = trim_start(rest);
    rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let len = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
        .unwrap_or(rest.len());
    let label = std::str::from_utf8(&rest[..len]).ok()?;
    label_to_encoding(label)
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &s[n..]
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hint_beats_meta_and_bom_beats_meta() {
        let page = b"<meta charset=\"windows-1252\"><p>caf\xC3\xA9</p>";
        let (text, src) = decode_page(page, Some("utf-8"));
        assert_eq!(src, CharsetSource::Hint);
        assert!(text.contains("caf\u{e9}"));
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(page);
        let (text, src) = decode_page(&with_bom, None);
        assert_eq!(src, CharsetSource::Bom);
        assert!(text.starts_with("<meta"));
    }

    #[test]
    fn meta_http_equiv_is_read() {
        let page =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">\xE9t\xE9";
        let (text, src) = decode_page(page, None);
        assert_eq!(src, CharsetSource::Meta);
        assert!(text.ends_with("\u{e9}t\u{e9}"));
    }

    #[test]
    fn undeclared_pages_are_sniffed() {
        assert_eq!(
            decode_page("é".as_bytes(), None).1,
            CharsetSource::SniffedUtf8
        );
        let (text, src) = decode_page(b"na\xEFve", None);
        assert_eq!(src, CharsetSource::Fallback);
        assert_eq!(text, "na\u{ef}ve");
    }

    #[test]
    fn bogus_labels_and_junk_never_fail() {
        let (_, src) = decode_page(b"<meta charset=\"no-such-thing\">\xFF\xFE\x00", None);
        assert_eq!(src, CharsetSource::Fallback);
        assert_eq!(decode_page(b"", Some("bogus")).0, "");
        let (text, _) = decode_page(b"<meta charset=utf-8>\xFF", None);
        assert!(text.contains('\u{FFFD}'));
    }
}
