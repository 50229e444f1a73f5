//! Repetition signals: a passage repeated inside the article, the title repeated in it.
//!
//! Units (paragraphs, lines, sentences) are compared through hashes of their normalised
//! words (lowercase, punctuation and whitespace folded), computed without allocating the
//! normalised text; the text is normalised only for the few groups that repeat, to confirm
//! them and to quote them in the reason.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use newstrace_model::{Sentence, Signal, SignalKind, Span};

use super::{clip, normalize};

/// A sentence or paragraph must have this many words for its repeat to count.
const MIN_REPEAT_WORDS: usize = 8;
/// The lede is restated when this share of its word 3-shingles recur in a later paragraph.
const LEDE_OVERLAP: f64 = 0.8;
/// The lede is the first paragraph with at least this many words.
const LEDE_MIN_WORDS: usize = 15;
/// Longer units are not compared whole (their sentences still are): keeps the cost low on
/// texts with no paragraph breaks.
const MAX_UNIT_BYTES: usize = 5000;
/// A title must have this many words to be looked for.
const TITLE_MIN_WORDS: usize = 4;

/// The values hashed are hashes already: pass them through.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(29) ^ n as u64).wrapping_mul(FNV_PRIME);
    }
}

type HashOf<K, V> = HashMap<K, V, BuildHasherDefault<PassThrough>>;
type SetOf = HashSet<u64, BuildHasherDefault<PassThrough>>;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// FNV-1a hashes of the normalised words of `s` (as [`normalize`] would split them),
/// appended to `out`.
fn word_hashes(s: &str, out: &mut Vec<u64>) {
    word_hashes_upto(s, out, usize::MAX);
}

/// [`word_hashes`] of at most the first `limit` words. Bytewise, decoding only non-ASCII
/// chars; bytes are packed eight to a multiply.
fn word_hashes_upto(s: &str, out: &mut Vec<u64>, limit: usize) {
    /// A word being hashed: the finished 8-byte blocks and the open one.
    struct Word {
        h: u64,
        acc: u64,
        n: u32,
        any: bool,
    }
    impl Word {
        fn push(&mut self, b: u8) {
            self.acc = (self.acc << 8) | u64::from(b);
            self.n += 1;
            self.any = true;
            if self.n == 8 {
                self.h = (self.h ^ self.acc).wrapping_mul(FNV_PRIME).rotate_left(31);
                self.acc = 0;
                self.n = 0;
            }
        }
        fn finish(&mut self) -> u64 {
            let h = (self.h ^ self.acc ^ (u64::from(self.n) << 59)).wrapping_mul(FNV_PRIME);
            *self = Word::new();
            h ^ (h >> 29)
        }
        fn new() -> Self {
            Word {
                h: FNV_OFFSET,
                acc: 0,
                n: 0,
                any: false,
            }
        }
    }
    let stop = out.len().saturating_add(limit);
    let bytes = s.as_bytes();
    let mut w = Word::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            // ASCII letters and digits: `| 0x20` lowercases letters, keeps digits.
            w.push(b | 0x20);
            i += 1;
            continue;
        }
        let (c, len) = if b.is_ascii() {
            (b as char, 1)
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            (c, c.len_utf8())
        };
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                let mut buf = [0u8; 4];
                for &x in l.encode_utf8(&mut buf).as_bytes() {
                    w.push(x);
                }
            }
        } else if c != '\'' && c != '’' && w.any {
            // "Russia’s" stays one word; anything else ends it.
            out.push(w.finish());
            if out.len() >= stop {
                return;
            }
        }
        i += len;
    }
    if w.any {
        out.push(w.finish());
    }
}

/// One hash for a whole word sequence.
fn sequence_hash(words: &[u64]) -> u64 {
    words.iter().fold(FNV_OFFSET, |acc, w| {
        (acc ^ w).wrapping_mul(FNV_PRIME).rotate_left(5)
    })
}

/// Paragraphs, lines and sentences repeated word for word (after normalising), and the lede
/// restated in a later paragraph. One signal per repeated passage; spans: every occurrence.
pub(super) fn repeated_passages(
    text: &str,
    sentences: &[Sentence],
    lines: &[Span],
    paras: &[Span],
) -> Vec<Signal> {
    let mut seen: HashSet<Span, BuildHasherDefault<PassThrough>> = HashSet::default();
    let mut groups: HashOf<u64, Vec<Span>> = HashOf::default();
    let mut add = |span: Span, words: &[u64]| {
        if words.len() >= MIN_REPEAT_WORDS {
            groups.entry(sequence_hash(words)).or_default().push(span);
        }
    };
    // Sentences first, into one buffer; a paragraph's words are then its sentences' words
    // and the gaps between them, so the text is hashed about once.
    // Sized for about one word in six bytes: growing it a word at a time cost more.
    let mut sw: Vec<u64> = Vec::with_capacity(text.len() / 6 + 8);
    let mut sr: Vec<(usize, usize)> = Vec::with_capacity(sentences.len());
    for s in sentences {
        let from = sw.len();
        if s.span.len() <= MAX_UNIT_BYTES {
            word_hashes(s.span.of(text), &mut sw);
            if seen.insert(s.span) {
                add(s.span, &sw[from..]);
            }
        }
        sr.push((from, sw.len()));
    }
    // Paragraph words are kept for the lede comparison.
    let mut para_words: Vec<Vec<u64>> = Vec::with_capacity(paras.len());
    let mut k = 0;
    for &p in paras {
        let mut words = Vec::new();
        if p.len() <= MAX_UNIT_BYTES {
            words.reserve(p.len() / 6 + 8);
            while k < sentences.len() && sentences[k].span.start < p.start {
                k += 1;
            }
            let mut pos = p.start;
            while k < sentences.len() && sentences[k].span.end <= p.end {
                let sp = sentences[k].span;
                word_hashes(Span::new(pos, sp.start.max(pos)).of(text), &mut words);
                words.extend_from_slice(&sw[sr[k].0..sr[k].1]);
                pos = sp.end.max(pos);
                k += 1;
            }
            word_hashes(Span::new(pos, p.end).of(text), &mut words);
            if seen.insert(p) {
                add(p, &words);
            }
        }
        para_words.push(words);
    }
    let mut words = Vec::new();
    for &span in lines {
        if span.len() > MAX_UNIT_BYTES || !seen.insert(span) {
            continue;
        }
        words.clear();
        word_hashes(span.of(text), &mut words);
        add(span, &words);
    }
    // Confirm each group on the normalised text (hashes may collide).
    let mut confirmed: Vec<(String, Vec<Span>)> = Vec::new();
    for (_, spans) in groups.into_iter().filter(|(_, v)| v.len() > 1) {
        let mut by_text: HashMap<String, Vec<Span>> = HashMap::new();
        for s in spans {
            by_text.entry(normalize(s.of(text))).or_default().push(s);
        }
        confirmed.extend(by_text.into_iter().filter(|(_, v)| v.len() > 1));
    }
    // Longest passages first, so a sentence inside a repeated paragraph is not told again.
    for (_, spans) in &mut confirmed {
        spans.sort();
    }
    confirmed.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1[0].cmp(&b.1[0])));
    let mut out = Vec::new();
    let mut covered = Covered::default();
    for (norm, spans) in confirmed {
        // The same text as paragraph and line: keep the first of overlapping spans (sorted,
        // so only the last kept one can overlap).
        let mut kept: Vec<Span> = Vec::new();
        for s in spans {
            if kept.last().is_none_or(|k| !k.overlaps(&s)) {
                kept.push(s);
            }
        }
        if kept.len() < 2 || kept.iter().all(|s| covered.contains(s)) {
            continue;
        }
        for s in &kept {
            covered.insert(*s);
        }
        out.push(Signal {
            kind: SignalKind::RepeatedPassage,
            reason: format!(
                "passage repeated {} times: \"{}\"",
                kept.len(),
                clip(&norm, 80)
            ),
            spans: kept,
        });
    }
    out.extend(lede_restated(paras, &para_words, &covered));
    out
}

/// Spans already reported, by start: containment is looked up among the few that start
/// last before a span, so checking stays logarithmic on texts with thousands of repeats.
#[derive(Default)]
struct Covered(BTreeMap<usize, usize>);

impl Covered {
    fn insert(&mut self, s: Span) {
        let end = self.0.entry(s.start).or_insert(s.end);
        *end = (*end).max(s.end);
    }

    fn contains(&self, s: &Span) -> bool {
        self.0
            .range(..=s.start)
            .rev()
            .take(4)
            .any(|(_, &end)| end >= s.end)
    }
}

/// The word 3-shingles of a word-hash sequence.
fn shingles(words: &[u64]) -> SetOf {
    words.windows(3).map(sequence_hash).collect()
}

/// The lede restated nearly word for word in a later paragraph: ≥ 0.8 of the lede's word
/// 3-shingles recur there. Exact repeats are left to the exact comparison.
fn lede_restated(paras: &[Span], para_words: &[Vec<u64>], covered: &Covered) -> Option<Signal> {
    let li = para_words.iter().position(|w| w.len() >= LEDE_MIN_WORDS)?;
    let a = shingles(&para_words[li]);
    let mut spans = vec![paras[li]];
    let mut best = 0.0f64;
    for (p, words) in paras.iter().zip(para_words).skip(li + 1) {
        // Exact repeats were told already; a paragraph much shorter than the lede (a
        // heading taken from it) restates nothing.
        if covered.contains(p) || words.len() < MIN_REPEAT_WORDS || words.len() * 2 < a.len() {
            continue;
        }
        let b = shingles(words);
        let shared = a.iter().filter(|h| b.contains(h)).count();
        let overlap = shared as f64 / a.len().max(1) as f64;
        if overlap >= LEDE_OVERLAP {
            spans.push(*p);
            best = best.max(overlap);
        }
    }
    if spans.len() < 2 {
        return None;
    }
    Some(Signal {
        kind: SignalKind::RepeatedPassage,
        reason: format!(
            "the lede is restated later ({:.0}% of its word sequences recur)",
            best * 100.0
        ),
        spans,
    })
}

/// The title repeated as a line or sentence of the body, or opening a line glued to the
/// next sentence ("Title In the wake of ...").
pub(super) fn title_in_body(
    text: &str,
    title: Option<&str>,
    sentences: &[Sentence],
    lines: &[Span],
) -> Option<Signal> {
    let title = title?;
    let mut t = Vec::new();
    word_hashes(title, &mut t);
    if t.len() < TITLE_MIN_WORDS {
        return None;
    }
    let mut spans: Vec<Span> = Vec::new();
    let nlines = lines.len();
    let mut words = Vec::new();
    for (i, sp) in lines
        .iter()
        .copied()
        .chain(sentences.iter().map(|s| s.span))
        .enumerate()
    {
        if sp.len() > MAX_UNIT_BYTES {
            continue;
        }
        words.clear();
        // Nearly every unit differs from the title in its first word: that one alone first.
        word_hashes_upto(sp.of(text), &mut words, 1);
        if words.first() != t.first() {
            continue;
        }
        words.clear();
        // The title's words and one more decide it.
        word_hashes_upto(sp.of(text), &mut words, t.len() + 1);
        let whole = words == t;
        // A sentence merely starting with the headline's words is ordinary; a line where the
        // next word after them is capitalised is the headline glued to the text.
        let glued = i < nlines
            && words.len() > t.len()
            && words.starts_with(&t)
            && raw_words(sp.of(text))
                .nth(t.len())
                .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
        if (whole || glued) && !spans.iter().any(|s| s.overlaps(&sp)) {
            spans.push(sp);
        }
    }
    if spans.is_empty() {
        return None;
    }
    spans.sort();
    Some(Signal {
        kind: SignalKind::TitleInBody,
        reason: format!("the title \"{}\" is repeated in the body", clip(title, 80)),
        spans,
    })
}

/// The words of `s` as [`normalize`] splits them, unnormalised.
fn raw_words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| w.chars().any(char::is_alphanumeric))
}
