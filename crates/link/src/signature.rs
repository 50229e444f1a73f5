//! Article signatures: MinHash over word shingles, and the rare "anchor" features
//! (entities, numbers, dates) that find heavy paraphrases the shingles miss.
//!
//! MinHash is written by hand rather than taken from `gaoya`: the signatures are persisted
//! in the store as blobs and must be bit-identical across releases, platforms and process
//! runs, so the hash family has to be ours (seeded XXH3 plus fixed multiply-shift
//! constants), and the index ([`crate::lsh`]) keeps only band keys, not whole signatures,
//! to stay within the memory goal (gaoya's index keeps every signature in memory).

use crate::{Doc, minhash};
use newstrace_model::{Granularity, normalize_text};
use std::collections::BTreeSet;

/// Number of hash functions (values) in a [`Signature`].
pub const NUM_HASHES: usize = 128;

/// Words per shingle. Three words are specific enough that unrelated news shares almost
/// none, and short enough that a light edit changes only the few shingles around it.
pub const SHINGLE_WORDS: usize = 3;

/// Seed of the anchor hashes used by the index (in memory only, but kept fixed so that
/// results never depend on the process).
pub(crate) const ANCHOR_SEED: u64 = 0x6e74_5f61_6e63_3031; // "nt_anc01"

/// A MinHash signature: for each of [`NUM_HASHES`] hash functions, the least hash value
/// over the text's word shingles. Two signatures agree in a share of positions that
/// estimates the Jaccard similarity of the two shingle sets.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Signature(pub Vec<u32>);

impl Signature {
    /// The signature of `text`: word [`SHINGLE_WORDS`]-shingles of the
    /// [normalised](normalize_text) text with punctuation stripped. A text with fewer words
    /// than a shingle gets one shingle of all its words; a text with no words gets the
    /// empty signature (every value `u32::MAX`), which is similar to nothing.
    pub fn of(text: &str) -> Signature {
        thread_local! {
            // Why a buffer per thread: signing is a hot loop, and the word hashes of one
            // text are dead once its minima are taken.
            static WORDS: std::cell::RefCell<Vec<u64>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        WORDS.with_borrow_mut(|words| {
            words.clear();
            minhash::word_hashes(text, words);
            minhash::shingle_hashes(words);
            let sig = Signature(minhash::min_hashes(words).to_vec());
            if words.capacity() > 1 << 20 {
                // One huge text must not pin its buffer for the life of the thread.
                *words = Vec::new();
            }
            sig
        })
    }

    /// Whether this is the signature of a text without words (every value `u32::MAX`).
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|&v| v == u32::MAX)
    }

    /// Estimated Jaccard similarity of the two texts' shingle sets: the share of positions
    /// where the two signatures agree. 0 when either is empty or the lengths differ.
    pub fn jaccard(&self, other: &Signature) -> f32 {
        if self.0.len() != other.0.len() || self.0.is_empty() {
            return 0.0;
        }
        if self.is_empty() || other.is_empty() {
            return 0.0;
        }
        let same = self.0.iter().zip(&other.0).filter(|(x, y)| x == y).count();
        same as f32 / self.0.len() as f32
    }

    /// The signature as bytes for the store: each value little-endian, in order.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.0.len() * 4);
        for v in &self.0 {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    /// Reads back [`to_bytes`](Self::to_bytes). `None` when the length is not a positive
    /// multiple of four (a damaged blob).
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.is_empty() || !bytes.len().is_multiple_of(4) {
            return None;
        }
        Some(Signature(
            bytes
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        ))
    }
}

/// Rare, specific features of an article that survive paraphrase, as normalised strings
/// with a kind prefix, sorted and deduplicated:
///
/// - `e:` canonical names of people, organisations, places and other named entities
///   (common ones such as "NATO" are kept; the anchor index ignores those shared by too
///   many documents);
/// - `n:` numbers that say something: with a scale word ("1.4 billion", "€470 m" →
///   `470 million`), percentages ("18 percent", "18%" → `18%`), or with a separator or at
///   least three digits ("2,300" → `2300`); years are left to the dates, and bare small
///   numbers ("six", "2") are too common to count;
/// - `d:` resolved day dates (`2026-03-02`).
pub fn anchors(doc: &Doc) -> Vec<String> {
    let mut out = BTreeSet::new();
    for entity in &doc.analysis.entities {
        // Why every kind, places included: "Aarhus" ties independent reports of one event
        // together; rarity, not kind, decides what counts, and only the index knows rarity.
        let name = squash(&entity.canonical);
        if name.chars().count() >= 2 {
            out.insert(format!("e:{name}"));
        }
    }
    for number in numbers(&doc.article.text) {
        out.insert(format!("n:{number}"));
    }
    for date in &doc.analysis.dates {
        if date.granularity != Granularity::Day {
            continue;
        }
        if let (Some(start), Some(end)) = (date.start, date.end)
            && start == end
        {
            out.insert(format!("d:{}", start.format("%Y-%m-%d")));
        }
    }
    out.into_iter().collect()
}

/// Normalised form of a name: [`normalize_text`], punctuation turned into spaces, spaces
/// collapsed ("Kestrel Dockers' Union" → `kestrel dockers union`).
fn squash(name: &str) -> String {
    let normalised = normalize_text(name);
    let mut out = String::with_capacity(normalised.len());
    for word in normalised
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Scale words after a number and their canonical form.
const SCALES: &[(&str, &str)] = &[
    ("billion", "billion"),
    ("billions", "billion"),
    ("bn", "billion"),
    ("b", "billion"),
    ("milliarden", "billion"),
    ("mrd", "billion"),
    ("million", "million"),
    ("millions", "million"),
    ("mn", "million"),
    ("m", "million"),
    ("mio", "million"),
    ("millionen", "million"),
    ("trillion", "trillion"),
    ("thousand", "thousand"),
];

/// The meaningful numbers of a text, normalised (see [`anchors`]).
fn numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && is_word_byte(bytes[i - 1])) {
            i += 1;
            continue;
        }
        // The number: digits with inner ',' or '.' separators followed by a digit.
        let start = i;
        let mut end = i;
        while end < bytes.len() {
            let c = bytes[end];
            if c.is_ascii_digit() {
                end += 1;
            } else if (c == b',' || c == b'.')
                && end + 1 < bytes.len()
                && bytes[end + 1].is_ascii_digit()
            {
                end += 2;
            } else {
                break;
            }
        }
        i = end;
        if end < bytes.len() && bytes[end].is_ascii_alphabetic() && !is_unit_start(text, end) {
            // Part of a token like "2nd", "3D", "G7": not a quantity.
            continue;
        }
        let raw = &text[start..end];
        let value = normalise_number(raw);
        let rest = text[end..].trim_start_matches([' ', '\u{a0}', '\u{202f}']);
        let next_word: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        if rest.starts_with('%') || next_word == "percent" || next_word == "prozent" {
            out.push(format!("{value}%"));
            continue;
        }
        if next_word == "per" && rest.to_lowercase().starts_with("per cent") {
            out.push(format!("{value}%"));
            continue;
        }
        if let Some((_, scale)) = SCALES.iter().find(|(w, _)| *w == next_word) {
            out.push(format!("{value} {scale}"));
            continue;
        }
        let digits = value.chars().filter(char::is_ascii_digit).count();
        let is_year =
            value.len() == 4 && digits == 4 && (value.starts_with("19") || value.starts_with("20"));
        if is_year {
            continue;
        }
        if value.contains('.') || digits >= 3 || raw.contains(',') {
            out.push(value);
        }
    }
    out
}

/// Whether the letters at `at` start a scale word or unit right after the digits ("1.4bn").
fn is_unit_start(text: &str, at: usize) -> bool {
    let word: String = text[at..]
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    SCALES.iter().any(|(w, _)| *w == word)
}

/// ASCII letters and digits: a digit right after one is inside a token, not a number.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// "2,300" → `2300`, "1.4" → `1.4`, "2.300" (German thousands) → `2300`, "1,4" (German
/// decimal) → `1.4`: a separator followed by exactly three digits at the end of a group is
/// a thousands separator, otherwise a decimal point.
fn normalise_number(raw: &str) -> String {
    let groups: Vec<&str> = raw.split([',', '.']).collect();
    if groups.len() == 1 {
        return strip_zeros(raw);
    }
    let last = groups[groups.len() - 1];
    let thousands = groups[1..].iter().all(|g| g.len() == 3);
    if thousands {
        return strip_zeros(&groups.concat());
    }
    let int: String = groups[..groups.len() - 1].concat();
    let int = strip_zeros(&int);
    let frac = last.trim_end_matches('0');
    if frac.is_empty() {
        int
    } else {
        format!("{int}.{frac}")
    }
}

/// Leading zeros removed, `"0"` when nothing is left.
fn strip_zeros(digits: &str) -> String {
    let s = digits.trim_start_matches('0');
    if s.is_empty() {
        "0".to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_normalised() {
        let n = numbers(
            "A €1.4 billion deal, about €470 m each, 18 percent cheaper, 2,300 workers, \
             11 % more, in 2027, 6 batteries, 2nd round, 1.4bn again, 12 per cent.",
        );
        assert_eq!(
            n,
            vec![
                "1.4 billion",
                "470 million",
                "18%",
                "2300",
                "11%",
                "1.4 billion",
                "12%"
            ]
        );
    }

    #[test]
    fn german_separators() {
        assert_eq!(normalise_number("38.000"), "38000");
        assert_eq!(normalise_number("1,9"), "1.9");
        assert_eq!(normalise_number("007"), "7");
    }
}
