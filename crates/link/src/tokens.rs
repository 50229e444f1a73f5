//! Lowercased word tokens kept in one buffer, and hashes of joined tokens: what alignment
//! features are built from, without an allocation per word, shingle or bigram.
//!
//! Why by hand: features are computed for every article linked, and a profile put most of
//! their cost in allocating a `String` per word and formatting one per word pair and
//! triple. The hashes are the same as of the joined strings.

use xxhash_rust::xxh3::xxh3_64_with_seed;

/// The lowercased words of a text, in order, in one buffer, one space between two: so that
/// any run of consecutive words is a slice of it, hashed where it lies.
pub(crate) struct LowerWords {
    buf: String,
    /// End of each word in `buf`; the next word starts one byte (the space) later.
    ends: Vec<usize>,
}

impl LowerWords {
    /// The runs of alphanumeric characters of `text`, lowercased; with `letters_only`,
    /// runs that contain an ASCII digit are left out (they are numbers).
    pub(crate) fn of(text: &str, letters_only: bool) -> Self {
        let mut words = Self {
            buf: String::with_capacity(text.len()),
            ends: Vec::with_capacity(text.len() / 6),
        };
        // Bytewise: ASCII bytes are classified as they are, only other characters decoded.
        // Two tight loops (to the next word, then to its end) rather than one that tracks
        // whether a word is open: this runs on every text and every sentence linked.
        let bytes = text.as_bytes();
        let n = bytes.len();
        let decode = |i: usize| text[i..].chars().next().unwrap_or(' ');
        let mut i = 0;
        loop {
            // The next alphanumeric character starts a word.
            while i < n {
                let b = bytes[i];
                if b.is_ascii() {
                    if b.is_ascii_alphanumeric() {
                        break;
                    }
                    i += 1;
                } else {
                    let c = decode(i);
                    if c.is_alphanumeric() {
                        break;
                    }
                    i += c.len_utf8();
                }
            }
            if i >= n {
                break;
            }
            let start = i;
            let (mut ascii, mut digit) = (true, false);
            while i < n {
                let b = bytes[i];
                if b.is_ascii() {
                    if !b.is_ascii_alphanumeric() {
                        break;
                    }
                    digit |= b.is_ascii_digit();
                    i += 1;
                } else {
                    let c = decode(i);
                    if !c.is_alphanumeric() {
                        break;
                    }
                    ascii = false;
                    i += c.len_utf8();
                }
            }
            let token = &text[start..i];
            if letters_only && digit {
                continue;
            }
            if !words.ends.is_empty() {
                words.buf.push(' ');
            }
            if ascii {
                let from = words.buf.len();
                words.buf.push_str(token);
                words.buf[from..].make_ascii_lowercase();
            } else {
                // `str::to_lowercase` knows context (a final sigma), `char`'s does not.
                words.buf.push_str(&token.to_lowercase());
            }
            words.ends.push(words.buf.len());
        }
        words
    }

    /// Number of words.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Where word `i` starts in the buffer.
    fn start(&self, i: usize) -> usize {
        if i == 0 { 0 } else { self.ends[i - 1] + 1 }
    }

    /// Word `i`.
    pub(crate) fn get(&self, i: usize) -> &str {
        &self.buf[self.start(i)..self.ends[i]]
    }

    /// The words in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// XXH3 (with `seed`) of every run of `n` consecutive words joined by single spaces
    /// (none for `n` 0).
    pub(crate) fn joined_hashes(&self, n: usize, seed: u64) -> Vec<u64> {
        if n == 0 {
            return Vec::new();
        }
        (0..(self.len() + 1).saturating_sub(n))
            .map(|first| {
                let run = &self.buf[self.start(first)..self.ends[first + n - 1]];
                xxh3_64_with_seed(run.as_bytes(), seed)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercased_runs_and_joined_hashes_match_the_joined_text() {
        let words = LowerWords::of("Über 3 ÖL-Tanker, the A320's crew", false);
        let all: Vec<&str> = words.iter().collect();
        assert_eq!(
            all,
            ["über", "3", "öl", "tanker", "the", "a320", "s", "crew"]
        );
        let letters = LowerWords::of("Über 3 ÖL-Tanker, the A320's crew", true);
        let some: Vec<&str> = letters.iter().collect();
        assert_eq!(some, ["über", "öl", "tanker", "the", "s", "crew"]);
        let pairs = letters.joined_hashes(2, 7);
        assert_eq!(pairs.len(), 5);
        assert_eq!(pairs[1], xxh3_64_with_seed("öl tanker".as_bytes(), 7));
        assert_eq!(
            letters.joined_hashes(3, 9)[3],
            xxh3_64_with_seed("the s crew".as_bytes(), 9)
        );
        // Runs split where `char::is_alphanumeric` says, whatever the script.
        for text in [
            "ΣΟΦΟΣ ends; Ⅻ ２٣ x\u{301}y 日本語-text ﬁ a1b 1,5 \u{2009}z",
            "",
            "  ...  ",
            "trailing word",
        ] {
            let expected: Vec<String> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|t| !t.is_empty())
                .map(str::to_lowercase)
                .collect();
            assert_eq!(
                LowerWords::of(text, false).iter().collect::<Vec<_>>(),
                expected
            );
            let letters: Vec<&String> = expected
                .iter()
                .filter(|t| !t.bytes().any(|b| b.is_ascii_digit()))
                .collect();
            assert_eq!(
                LowerWords::of(text, true).iter().collect::<Vec<_>>(),
                letters
            );
        }
        // Fewer words than the run length: no run.
        assert!(
            LowerWords::of("one two", false)
                .joined_hashes(3, 1)
                .is_empty()
        );
        assert!(LowerWords::of("", false).joined_hashes(2, 1).is_empty());
    }
}
