//! Stable content identifiers.

use serde::{Deserialize, Serialize};
use std::fmt;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Seed of every persisted hash. Changing it changes every id in every store: never do.
const ID_SEED: u64 = 0x6e65_7773_7472_6163; // "newstrac"

/// Identifier of an article: 16 lowercase hex digits of a seeded XXH3-64 over the
/// [normalised](normalize_text) text. Two texts that differ only in whitespace, case,
/// Unicode form or typographic quotes share an id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(String);

impl ArticleId {
    /// The id of an article whose body text is `text`.
    pub fn for_text(text: &str) -> Self {
        let normalised = normalize_text(text);
        Self(format!(
            "{:016x}",
            xxh3_64_with_seed(normalised.as_bytes(), ID_SEED)
        ))
    }

    /// Wraps an id read back from a store or typed by a user (not validated).
    pub fn from_stored(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Identifier of one sighting: a hash of the article id and the sighting's metadata, so the
/// same record ingested twice (from the same or a copied file) is recognised as the same sighting.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SightingId(String);

impl SightingId {
    /// Hashes the given parts, in order, each terminated so that ("ab","c") ≠ ("a","bc").
    pub fn for_parts<'a>(parts: impl IntoIterator<Item = &'a str>) -> Self {
        let mut buf = Vec::new();
        for part in parts {
            buf.extend_from_slice(part.as_bytes());
            buf.push(0x1f);
        }
        Self(format!("{:016x}", xxh3_64_with_seed(&buf, ID_SEED)))
    }

    /// Wraps an id read back from a store.
    pub fn from_stored(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SightingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The form of a text that identity is computed on: NFKC, lower case, typographic quotes,
/// dashes and spaces folded to ASCII, runs of whitespace collapsed to one space, trimmed.
///
/// Republished copies routinely differ in exactly these ways (a CMS "smartens" quotes, a
/// scraper keeps or drops line breaks), and they are still the same text.
pub fn normalize_text(text: &str) -> String {
    // Most texts are already in NFKC (the quick check says so without decomposing, and
    // ASCII always is): their characters are folded as they are, which skips the costly
    // normaliser.
    let mut fold = Fold::with_capacity(text.len());
    if text.is_ascii() || is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        // ASCII bytes take a byte path: the run of a text between two curly quotes is
        // most of it.
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii() {
                fold.push_ascii(b);
                i += 1;
            } else if let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) {
                fold.push_char(c);
                i += c.len_utf8();
            } else {
                break; // unreachable: `i` is always at a character boundary
            }
        }
    } else {
        for c in text.nfkc() {
            fold.push_char(c);
        }
    }
    fold.out
}

/// The folding of [`normalize_text`], fed the NFKC characters of a text one at a time.
struct Fold {
    out: String,
    /// Whitespace was seen since the last character kept (and something was kept before).
    pending_space: bool,
}

impl Fold {
    fn with_capacity(len: usize) -> Self {
        Self {
            out: String::with_capacity(len),
            pending_space: false,
        }
    }

    /// An ASCII character: lowercased, and whitespace collapsed, as [`Fold::push_char`]
    /// would, without the general case's lookups.
    fn push_ascii(&mut self, b: u8) {
        // `char::is_whitespace` on ASCII: tab, line feed, vertical tab, form feed, carriage
        // return, space.
        if matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ') {
            self.pending_space = !self.out.is_empty();
            return;
        }
        if self.pending_space {
            self.out.push(' ');
            self.pending_space = false;
        }
        self.out.push(char::from(b.to_ascii_lowercase()));
    }

    fn push_char(&mut self, c: char) {
        if c.is_ascii() {
            // Only reached from the normaliser's path: one place folds ASCII.
            return self.push_ascii(c as u8);
        }
        for l in c.to_lowercase() {
            self.push_folded(l);
        }
    }

    fn push_folded(&mut self, c: char) {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '«' | '»' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            _ => c,
        };
        if c.is_ascii() {
            return self.push_ascii(c as u8);
        }
        if c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}' {
            self.pending_space = !self.out.is_empty();
            return;
        }
        if self.pending_space {
            self.out.push(' ');
            self.pending_space = false;
        }
        self.out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_case_and_quotes_do_not_change_the_id() {
        let a = ArticleId::for_text("“Peace,” she said.\n\nThe END.");
        let b = ArticleId::for_text("  \"peace,\" she said. the end.  ");
        assert_eq!(a, b);
    }

    #[test]
    fn compatibility_forms_fold_as_the_plain_ones() {
        // Ligatures, full-width letters and combining accents need the NFKC normaliser;
        // plain text takes the quick path. Both must give one form.
        assert_eq!(normalize_text("The \u{FB01}nal Ｗｏｒｄ"), "the final word");
        assert_eq!(normalize_text("Cafe\u{301} «Nord»"), "café \"nord\"");
        assert_eq!(
            ArticleId::for_text("Cafe\u{301} opens"),
            ArticleId::for_text("CAFÉ opens")
        );
    }

    /// The byte path for ASCII folds as folding every character one by one does.
    #[test]
    fn ascii_takes_a_byte_path_with_the_same_result() {
        fn by_chars(text: &str) -> String {
            let mut out = String::new();
            let mut pending_space = false;
            for c in text.nfkc().flat_map(char::to_lowercase) {
                let c = match c {
                    '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
                    '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '«' | '»' => {
                        '"'
                    }
                    '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
                    _ => c,
                };
                if c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}' {
                    pending_space = !out.is_empty();
                    continue;
                }
                if pending_space {
                    out.push(' ');
                }
                pending_space = false;
                out.push(c);
            }
            out
        }
        let every_ascii: String = (0u8..128).map(char::from).collect();
        let texts = [
            every_ascii.clone(),
            every_ascii.chars().rev().collect(),
            format!("  {every_ascii}\u{2019}x\u{00A0}\u{2003}Y\u{200B} \u{212A}elvin İstanbul  "),
            "\u{201C}Quoted\u{201D} \u{2014} MIXED\tcase\r\n\x0Bend\x0C".to_string(),
            "ΣΟΦΟΣ ends in a final sigma".to_string(),
            "\u{FB01}nal Ｗｏｒｄ and Cafe\u{301}".to_string(),
            String::new(),
        ];
        for text in texts {
            assert_eq!(normalize_text(&text), by_chars(&text), "{text:?}");
        }
    }

    #[test]
    fn different_words_change_the_id() {
        assert_ne!(
            ArticleId::for_text("The council met on Monday."),
            ArticleId::for_text("The council met on Tuesday.")
        );
    }

    #[test]
    fn ids_are_sixteen_hex_digits_and_stable_across_releases() {
        let id = ArticleId::for_text("hello world");
        assert_eq!(id.as_str().len(), 16);
        assert!(id.as_str().bytes().all(|b| b.is_ascii_hexdigit()));
        // Pinned: a change here silently re-keys every existing store.
        assert_eq!(id.as_str(), ArticleId::for_text("Hello   World").as_str());
        assert_eq!(id.as_str(), PINNED_HELLO_WORLD);
    }

    const PINNED_HELLO_WORLD: &str = "4a496f420640c41a";

    #[test]
    fn sighting_parts_are_delimited() {
        assert_ne!(
            SightingId::for_parts(["ab", "c"]),
            SightingId::for_parts(["a", "bc"])
        );
    }
}
