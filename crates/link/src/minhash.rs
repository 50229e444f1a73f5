//! The MinHash kernel behind [`Signature::of`](crate::signature::Signature::of): text →
//! word hashes → shingle hashes → 128 minima.
//!
//! Everything here is fixed by the persisted signatures (seeds, constants, the split into
//! words), so any change to what it computes needs a new signature version in the store.
//!
//! Why a hand-written kernel rather than a MinHash crate: the hash family must be ours and
//! stable for the stored blobs (see [`crate::signature`]), and the speed comes from its
//! shape: every permutation is a multiply-shift `(a·h + b) >> 32` on 64-bit lanes, a loop
//! the compiler turns into a few vector instructions per 8 permutations where the CPU has
//! AVX-512 (a 64-bit multiply) and emulates with 32-bit multiplies under AVX2. The vector
//! versions are picked at run time and give the same values as the portable one (integer
//! arithmetic, no rounding), so a signature is the same on every machine.

use crate::signature::{NUM_HASHES, SHINGLE_WORDS};
use newstrace_model::normalize_text;
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Seed of the word hashes. Persisted signatures depend on it: never change it.
pub(crate) const WORD_SEED: u64 = 0x6e74_5f73_6967_3031; // "nt_sig01"

/// SplitMix64 step: the fixed generator of the permutation constants.
const fn splitmix64(state: u64) -> (u64, u64) {
    let state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (state, z ^ (z >> 31))
}

/// The multiply-shift constants `(a, b)` of each hash function, generated at compile time
/// from a fixed seed (so they are the same in every build). `a` is odd, as multiply-shift
/// hashing needs.
const PERMUTATIONS: ([u64; NUM_HASHES], [u64; NUM_HASHES]) = {
    let mut a = [0u64; NUM_HASHES];
    let mut b = [0u64; NUM_HASHES];
    let mut state = 0x6e74_5f70_6572_6d30u64; // "nt_perm0"
    let mut i = 0;
    while i < NUM_HASHES {
        let (s, x) = splitmix64(state);
        let (s, y) = splitmix64(s);
        state = s;
        a[i] = x | 1;
        b[i] = y;
        i += 1;
    }
    (a, b)
};

/// Byte classes of the word scanner.
const SEP: u8 = 0; // ASCII, neither a letter nor a digit: ends a word
const LOWER: u8 = 1; // a-z, 0-9
const UPPER: u8 = 2; // A-Z
const WORD: u8 = LOWER | UPPER; // the bits of word bytes
const SPACE: u8 = 4; // ASCII whitespace: ends a word and a chunk
const WIDE: u8 = 8; // a byte of a non-ASCII character

/// The class of every byte.
const CLASS: [u8; 256] = {
    let mut t = [WIDE; 256];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        t[i] = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            LOWER
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_whitespace() {
            SPACE
        } else {
            SEP
        };
        i += 1;
    }
    t
};

/// Appends the hashes of the words of the [normalised](normalize_text) text to `out`: the
/// text split at every character that is not alphanumeric, each word hashed with XXH3.
///
/// Why a byte scanner over chunks of ASCII whitespace: NFKC is most of the cost of
/// normalising, and a chunk of plain ASCII is its own NFKC form, so only a chunk holding
/// another character goes through [`normalize_text`] (the words already taken from it are
/// dropped and it is redone whole). The result is the same as normalising the whole text:
/// an ASCII space is a starter that nothing composes with, and it splits words either way.
/// ASCII words are lower-cased only when they hold a capital, on the stack.
pub(crate) fn word_hashes(text: &str, out: &mut Vec<u64>) {
    let bytes = text.as_bytes();
    // Where the current chunk starts, and how many words `out` held then.
    let (mut chunk_start, mut chunk_words) = (0usize, out.len());
    let mut i = 0;
    while i < bytes.len() {
        let class = CLASS[bytes[i] as usize];
        if class & WORD != 0 {
            // A word: run to its end in a tight loop, noting any capital.
            let start = i;
            let mut upper = class == UPPER;
            i += 1;
            while let Some(&b) = bytes.get(i) {
                let class = CLASS[b as usize];
                if class & WORD == 0 {
                    break;
                }
                upper |= class == UPPER;
                i += 1;
            }
            if bytes.get(i).is_none_or(|&b| CLASS[b as usize] != WIDE) {
                out.push(ascii_word_hash(&bytes[start..i], upper));
                continue;
            }
        }
        match CLASS[bytes[i] as usize] {
            SPACE => {
                chunk_start = i + 1;
                chunk_words = out.len();
                i += 1;
            }
            WIDE => {
                out.truncate(chunk_words);
                let end = bytes[i..]
                    .iter()
                    .position(u8::is_ascii_whitespace)
                    .map_or(bytes.len(), |p| i + p);
                // Both ends are char boundaries: the start follows ASCII whitespace (or
                // is 0) and the end is ASCII whitespace (or the end of the text).
                let normalised = normalize_text(&text[chunk_start..end]);
                out.extend(
                    normalised
                        .split(|c: char| !c.is_alphanumeric())
                        .filter(|w| !w.is_empty())
                        .map(|w| xxh3_64_with_seed(w.as_bytes(), WORD_SEED)),
                );
                i = end;
            }
            _ => i += 1,
        }
    }
}

/// The hash of an ASCII word, lower-cased first when it has a capital (`upper`): on the
/// stack when it is short, as words are.
#[inline]
fn ascii_word_hash(word: &[u8], upper: bool) -> u64 {
    if !upper {
        return xxh3_64_with_seed(word, WORD_SEED);
    }
    let mut buf = [0u8; 32];
    match buf.get_mut(..word.len()) {
        Some(lower) => {
            // ASCII letters and digits alike: the lower-case form has bit 0x20 set.
            for (l, &c) in lower.iter_mut().zip(word) {
                *l = c | 0x20;
            }
            xxh3_64_with_seed(lower, WORD_SEED)
        }
        None => xxh3_64_with_seed(&word.to_ascii_lowercase(), WORD_SEED),
    }
}

/// Turns word hashes into the hashes of the word [`SHINGLE_WORDS`]-shingles, in place:
/// one per run of that many words, or one of all the words when there are fewer (none
/// without words). In place because shingle `i` reads only words `i..i + width`.
pub(crate) fn shingle_hashes(words: &mut Vec<u64>) {
    if words.is_empty() {
        return;
    }
    let width = SHINGLE_WORDS.min(words.len());
    let count = words.len() + 1 - width;
    for i in 0..count {
        words[i] = shingle_hash(&words[i..i + width]);
    }
    words.truncate(count);
}

/// Order-sensitive hash of a run of word hashes ("a b c" ≠ "c b a"), finalised with the
/// MurmurHash3 mixer so every bit of the result depends on every word.
fn shingle_hash(words: &[u64]) -> u64 {
    let mut h = 0x243F_6A88_85A3_08D3u64;
    for &w in words {
        h = (h.rotate_left(23) ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 33)
}

/// For every hash function, the least value `(a·h + b) >> 32` over the shingle hashes
/// `keys` (`u32::MAX` for no keys).
pub(crate) fn min_hashes(keys: &[u64]) -> [u32; NUM_HASHES] {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512dq")
        {
            // SAFETY: the CPU was just found to have AVX-512F and AVX-512DQ.
            return unsafe { min_hashes_avx512(keys) };
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU was just found to have AVX2.
            return unsafe { min_hashes_avx2(keys) };
        }
    }
    min_hashes_portable::<16, false>(keys)
}

/// [`min_hashes`] compiled for AVX-512 (8 lanes a register, a native 64-bit multiply):
/// 64 hash functions a pass keep 8 registers of minima.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq")]
fn min_hashes_avx512(keys: &[u64]) -> [u32; NUM_HASHES] {
    min_hashes_portable::<64, true>(keys)
}

/// [`min_hashes`] compiled for AVX2 (4 lanes a register): 16 hash functions a pass, so
/// that minima and constants fit the 16 registers.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn min_hashes_avx2(keys: &[u64]) -> [u32; NUM_HASHES] {
    min_hashes_portable::<16, false>(keys)
}

/// [`min_hashes`] in plain Rust, written so that it vectorises: `C` hash functions a pass
/// over the keys, their minima kept in a local array (registers) while every key passes.
///
/// The shift is monotone, so the least shifted value is the shifted least value: with
/// `SHIFT_LAST` the minimum is taken of the full 64-bit values and shifted once at the
/// end (one instruction less per value where the CPU has an unsigned 64-bit minimum, as
/// AVX-512 has); without it each value is shifted first, which leaves values below 2^32
/// that even a signed compare orders (all AVX2 has).
#[inline(always)]
fn min_hashes_portable<const C: usize, const SHIFT_LAST: bool>(keys: &[u64]) -> [u32; NUM_HASHES] {
    let mut out = [u32::MAX; NUM_HASHES];
    let (a, b) = (&PERMUTATIONS.0, &PERMUTATIONS.1);
    for ((out, a), b) in out
        .chunks_exact_mut(C)
        .zip(a.chunks_exact(C))
        .zip(b.chunks_exact(C))
    {
        let mut mins = [u64::MAX; C];
        for &h in keys {
            for l in 0..C {
                let v = a[l].wrapping_mul(h).wrapping_add(b[l]);
                mins[l] = mins[l].min(if SHIFT_LAST { v } else { v >> 32 });
            }
        }
        for (o, m) in out.iter_mut().zip(mins) {
            *o = if SHIFT_LAST {
                (m >> 32) as u32
            } else {
                m.min(u64::from(u32::MAX)) as u32
            };
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole_text_words(text: &str) -> Vec<u64> {
        normalize_text(text)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| xxh3_64_with_seed(w.as_bytes(), WORD_SEED))
            .collect()
    }

    #[test]
    fn chunked_normalisation_matches_the_whole_text() {
        for text in [
            "The “Skyhold” deal — €1.4 bn, ﬁve ＦＵＬＬ-width\u{a0}words, Zürich\u{200b}x.\n\tNext  LINE",
            "Plain ASCII, with CAPS, digits 2,300 and a-dash; ends mid word",
            "ÉCOLE first, then ascii words, then naïve ﬁ\u{301} and Ǆ at the END",
            "  \u{b}tabs\x0cand\rfeeds ",
            "",
            "word",
        ] {
            let mut got = vec![42];
            word_hashes(text, &mut got);
            let mut want = vec![42];
            want.extend(whole_text_words(text));
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn short_texts_make_one_shingle_and_order_matters() {
        let shingles = |words: &[u64]| {
            let mut v = words.to_vec();
            shingle_hashes(&mut v);
            v
        };
        assert_eq!(shingles(&[1, 2]), vec![shingle_hash(&[1, 2])]);
        assert!(shingles(&[]).is_empty());
        assert_eq!(
            shingles(&[1, 2, 3, 4]),
            vec![shingle_hash(&[1, 2, 3]), shingle_hash(&[2, 3, 4])]
        );
        assert_ne!(shingle_hash(&[1, 2, 3]), shingle_hash(&[3, 2, 1]));
    }

    #[test]
    fn every_kernel_gives_the_same_minima() {
        let keys: Vec<u64> = (0..1000u64).map(|i| shingle_hash(&[i])).collect();
        for n in [0, 1, 3, 17, 1000] {
            let want = min_hashes_portable::<16, false>(&keys[..n]);
            // The naive definition: the least image per permutation.
            for (i, &m) in want.iter().enumerate() {
                let naive = keys[..n]
                    .iter()
                    .map(|&h| {
                        (PERMUTATIONS.0[i]
                            .wrapping_mul(h)
                            .wrapping_add(PERMUTATIONS.1[i])
                            >> 32) as u32
                    })
                    .min()
                    .unwrap_or(u32::MAX);
                assert_eq!(m, naive);
            }
            assert_eq!(min_hashes(&keys[..n]), want);
            assert_eq!(min_hashes_portable::<64, true>(&keys[..n]), want);
            assert_eq!(min_hashes_portable::<8, true>(&keys[..n]), want);
            #[cfg(target_arch = "x86_64")]
            {
                if std::arch::is_x86_feature_detected!("avx2") {
                    assert_eq!(unsafe { min_hashes_avx2(&keys[..n]) }, want);
                }
                if std::arch::is_x86_feature_detected!("avx512f")
                    && std::arch::is_x86_feature_detected!("avx512dq")
                {
                    assert_eq!(unsafe { min_hashes_avx512(&keys[..n]) }, want);
                }
            }
        }
    }
}
