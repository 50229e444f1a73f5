//! Sentence alignment between two articles: each prose sentence of the second article is
//! matched to its best counterpart in the first, one to one, with a similarity built to
//! survive LLM paraphrase (reordered clauses, synonyms, inserted filler). Shared numbers and
//! entity names weigh heavily; a contradicted number weighs against; a bigram bonus lifts
//! near-verbatim pairs toward 1.

use crate::Doc;
use crate::tokens::LowerWords;
use newstrace_model::{AlignedSentences, PairEvidence, SentenceKind, Span};
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Least similarity for two sentences to be aligned. Tuned on the example corpus answer key
/// (copies, relays, the content-farm rewrite and the independent flood reports) so that
/// paraphrased sentences sharing their facts pass and topical neighbours do not.
pub const ALIGN_THRESHOLD: f32 = 0.35;

/// Most sentences read per article: alignment is O(n·m), so a giant text must not blow it up.
pub const MAX_SENTENCES: usize = 400;

/// Fixed seeds so hashes (and so every tie-break built on them) are the same on every run.
const WORD_SEED: u64 = 0x6e65_7773_7472_6163;
const NUM_SEED: u64 = 0x6e75_6d62_6572_7331;
const ENT_SEED: u64 = 0x656e_7469_7479_3031;
const BIGRAM_SEED: u64 = 0x6269_6772_616d_3031;
const SHINGLE_SEED: u64 = 0x7368_696e_676c_6533;

/// A set of words looked up for every word of every article: foldhash rather than the
/// default SipHash, which is built to resist chosen keys, not for speed.
type WordSet = HashSet<&'static str, foldhash::fast::FixedState>;

/// The stop-word list, parsed once.
fn stopwords() -> &'static WordSet {
    static SET: OnceLock<WordSet> = OnceLock::new();
    SET.get_or_init(|| {
        include_str!("../data/stopwords.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Light stemming: strips -ing/-ed/-es/-s/-ly when enough of the word is left, and folds the
/// British -ence spelling into the American -ense (a rewrite that switches to US spelling
/// still says "defense").
pub fn stem(word: &str) -> Cow<'_, str> {
    let mut w = word;
    for suffix in ["ing", "ed", "es", "ly", "s"] {
        if let Some(rest) = w.strip_suffix(suffix)
            && rest.chars().nth(2).is_some()
            && !rest.ends_with('s')
        {
            w = rest;
            break;
        }
    }
    if let Some(rest) = w.strip_suffix("ence") {
        return Cow::Owned(format!("{rest}ens"));
    }
    if let Some(rest) = w.strip_suffix("ense") {
        return Cow::Owned(format!("{rest}ens"));
    }
    Cow::Borrowed(w)
}

/// Numbers in `text`, normalised: thousands separators dropped ("2,300" → "2300"), a decimal
/// comma read as a point ("1,9" → "1.9"), trailing punctuation trimmed.
pub fn numbers(text: &str) -> Vec<String> {
    // Only digits matter, and whether a letter comes right before one: the scan jumps from
    // digit to digit and decodes only the character before each (non-ASCII characters
    // never start a number).
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(skip) = bytes[i..].iter().position(u8::is_ascii_digit) {
        let at = i + skip;
        let after_letter = text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic);
        if after_letter {
            // A number starts at a digit that is not glued to letters before it ("A320" is a
            // name): skip the whole glued run, or its tail would be read as one ("20").
            i = at
                + text[at..]
                    .chars()
                    .take_while(|g| g.is_alphanumeric())
                    .map(char::len_utf8)
                    .sum::<usize>();
        } else {
            let (number, end) = number_at(bytes, at);
            out.push(number);
            i = end;
        }
    }
    out
}

/// The number whose first digit is at `start` of `bytes`, normalised as [`numbers`] says, and
/// the offset just past it. A number is ASCII: digits and separators, read byte by byte.
fn number_at(bytes: &[u8], start: usize) -> (String, usize) {
    let mut s = String::new();
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii_digit() {
            s.push(char::from(b));
            i += 1;
        } else if (b == b',' || b == b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            let digits_after = bytes[i + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            // Exactly three digits after a comma is a thousands group (the comma is dropped);
            // anything else after either mark is a decimal point.
            if !(digits_after == 3 && b == b',') {
                s.push('.');
            }
            i += 1;
        } else {
            break;
        }
    }
    (s, i)
}

/// Whether a number is a calendar year: shared by nearly everything, so no anchor.
fn is_year(n: &str) -> bool {
    n.len() == 4
        && (n.starts_with("19") || n.starts_with("20"))
        && n.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a normalised number (see [`numbers`]) can anchor an event: not a calendar year,
/// which nearly every report gives, and not a single digit. The one definition behind every
/// count of shared figures.
pub fn is_anchor_number(n: &str) -> bool {
    n.len() > 1 && !is_year(n)
}

/// Sorted, deduplicated.
fn set(mut v: Vec<u64>) -> Vec<u64> {
    v.sort_unstable();
    v.dedup();
    v
}

/// Size of the intersection of two sorted sets.
fn inter(a: &[u64], b: &[u64]) -> usize {
    // Without branches on the comparison: which side moves is unpredictable, and the
    // mispredictions made this loop most of the cost of aligning two texts.
    let (mut i, mut j, mut n) = (0, 0, 0);
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        n += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    n
}

/// Dice coefficient of two sorted sets (0 when both are empty).
fn dice(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    2.0 * inter(a, b) as f32 / (a.len() + b.len()) as f32
}

/// One sentence, tokenised once into sorted id sets.
#[derive(Debug, Clone)]
struct SentenceSig {
    span: Span,
    chars: usize,
    words: Vec<u64>,
    numbers: Vec<u64>,
    entities: Vec<u64>,
    bigrams: Vec<u64>,
}

/// Which sentences of a text hold each word, number and entity: `(hash, sentence)` pairs
/// sorted by hash, then sentence.
///
/// Why: aligning two texts compared every sentence with every other, four sorted merges
/// each, though most pairs share nothing (the largest single cost of linking). With these
/// lists, one pass over the other text's sentences counts what each pair shares, and only
/// the pairs that share something are compared, with the same result.
#[derive(Debug, Clone, Default)]
struct SentencePostings {
    words: Vec<(u64, u32)>,
    numbers: Vec<(u64, u32)>,
    entities: Vec<(u64, u32)>,
}

impl SentencePostings {
    fn of(sigs: &[SentenceSig]) -> Self {
        let list = |items: fn(&SentenceSig) -> &[u64]| {
            let mut out: Vec<(u64, u32)> = sigs
                .iter()
                .zip(0u32..)
                .flat_map(|(s, i)| items(s).iter().map(move |&h| (h, i)))
                .collect();
            out.sort_unstable();
            out
        };
        Self {
            words: list(|s| &s.words),
            numbers: list(|s| &s.numbers),
            entities: list(|s| &s.entities),
        }
    }

    /// Adds to `shared[i]` what sentence `i` of this text shares with `y`; returns the
    /// sentences touched, each once, in the order first touched.
    fn count_shared(&self, y: &SentenceSig, shared: &mut [Shared], touched: &mut Vec<u32>) {
        fn add(
            list: &[(u64, u32)],
            hashes: &[u64],
            shared: &mut [Shared],
            touched: &mut Vec<u32>,
            field: fn(&mut Shared) -> &mut usize,
        ) {
            for &h in hashes {
                let from = list.partition_point(|&(k, _)| k < h);
                for &(_, i) in list[from..].iter().take_while(|&&(k, _)| k == h) {
                    let slot = &mut shared[i as usize];
                    if slot.is_empty() {
                        touched.push(i);
                    }
                    *field(slot) += 1;
                }
            }
        }
        add(&self.words, &y.words, shared, touched, |s| &mut s.words);
        add(&self.numbers, &y.numbers, shared, touched, |s| {
            &mut s.numbers
        });
        add(&self.entities, &y.entities, shared, touched, |s| {
            &mut s.entities
        });
    }
}

/// Whether a sentence kind counts as content (headings and datelines do not).
fn is_content(kind: SentenceKind) -> bool {
    matches!(kind, SentenceKind::Prose | SentenceKind::ListItem)
}

/// The content sentences of a document with their signatures, at most [`MAX_SENTENCES`].
fn sentence_sigs(doc: Doc<'_>) -> Vec<SentenceSig> {
    let text = doc.article.text.as_str();
    let stop = stopwords();
    let mut sigs: Vec<SentenceSig> = doc
        .analysis
        .sentences
        .iter()
        .filter(|s| is_content(s.kind))
        .take(MAX_SENTENCES)
        .map(|s| {
            let t = s.span.of(text);
            // Letters only: tokens with digits are numbers.
            let raw = LowerWords::of(t, true);
            let words = set(raw
                .iter()
                .filter(|w| w.chars().nth(1).is_some() && !stop.contains(w))
                .map(|w| xxh3_64_with_seed(stem(w).as_bytes(), WORD_SEED))
                .collect());
            let bigrams = set(raw.joined_hashes(2, BIGRAM_SEED));
            let numbers = set(numbers(t)
                .iter()
                .filter(|n| !is_year(n))
                .map(|n| xxh3_64_with_seed(n.as_bytes(), NUM_SEED))
                .collect());
            SentenceSig {
                span: s.span,
                chars: t.chars().count(),
                words,
                numbers,
                entities: Vec::new(),
                bigrams,
            }
        })
        .collect();
    // Entities by span: each mention lands in the sentence that contains it (sentences are
    // in text order, so a binary search on the start finds it).
    for e in &doc.analysis.entities {
        let h = xxh3_64_with_seed(e.canonical.to_lowercase().as_bytes(), ENT_SEED);
        for sp in &e.spans {
            let idx = sigs.partition_point(|s| s.span.start <= sp.start);
            if idx > 0 && sigs[idx - 1].span.contains(sp) {
                sigs[idx - 1].entities.push(h);
            }
        }
    }
    for s in &mut sigs {
        s.entities = set(std::mem::take(&mut s.entities));
    }
    sigs
}

/// Similarity of two sentences in 0..=1.
#[cfg(test)]
fn similarity(a: &SentenceSig, b: &SentenceSig) -> f32 {
    let shared = Shared {
        words: inter(&a.words, &b.words),
        numbers: inter(&a.numbers, &b.numbers),
        entities: inter(&a.entities, &b.entities),
    };
    if shared.is_empty() {
        return 0.0;
    }
    similarity_of(a, b, shared)
}

/// How many words, numbers and entities two sentences share.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Shared {
    words: usize,
    numbers: usize,
    entities: usize,
}

impl Shared {
    fn is_empty(&self) -> bool {
        self.words == 0 && self.numbers == 0 && self.entities == 0
    }
}

/// The similarity of two sentences that share something, from what they share.
fn similarity_of(a: &SentenceSig, b: &SentenceSig, shared: Shared) -> f32 {
    let Shared {
        words: shared_words,
        numbers: shared_nums,
        entities: shared_ents,
    } = shared;
    // Content words: Dice penalises filler on one side; the overlap with the smaller set
    // forgives it. Half of each keeps a padded paraphrase alive without letting a short
    // sentence match anything that contains its three words.
    let min_words = a.words.len().min(b.words.len()).max(3);
    let word = 0.5 * dice(&a.words, &b.words) + 0.5 * (shared_words as f32 / min_words as f32);
    let word = word.min(1.0);
    // Anchors: numbers and names. Sharing them is strong evidence the two say the same
    // thing; giving different numbers for the same point is evidence they do not.
    let anchors_a = a.numbers.len() + a.entities.len();
    let anchors_b = b.numbers.len() + b.entities.len();
    let mut base = if anchors_a + anchors_b == 0 {
        word
    } else {
        let shared = (shared_nums + shared_ents) as f32;
        // One shared name is no sign of one statement (reports of one event name the
        // same place in half their sentences): full credit takes two shared anchors.
        let anchor = shared / anchors_a.min(anchors_b).max(2) as f32;
        0.55 * word + 0.45 * anchor.min(1.0)
    };
    if !a.numbers.is_empty() && !b.numbers.is_empty() && shared_nums == 0 {
        base *= 0.7;
    }
    // Near-verbatim: shared word order pushes the score toward 1.
    let bigram = dice(&a.bigrams, &b.bigrams);
    (base + (1.0 - base) * bigram).clamp(0.0, 1.0)
}

/// Word-3-shingles of a text, hashed, sorted, deduplicated.
fn shingles(text: &str) -> Vec<u64> {
    shingles_of(&LowerWords::of(text, false))
}

/// [`shingles`] of a text's words (all of them, numbers included).
fn shingles_of(words: &LowerWords) -> Vec<u64> {
    match words.len() {
        0 => return Vec::new(),
        // A text of one or two words is its own single shingle.
        n @ (1 | 2) => return words.joined_hashes(n, SHINGLE_SEED),
        _ => {}
    }
    set(words.joined_hashes(3, SHINGLE_SEED))
}

/// Exact Jaccard similarity of the word-3-shingle sets of two texts.
pub fn shingle_jaccard(a: &str, b: &str) -> f32 {
    let (sa, sb) = (shingles(a), shingles(b));
    if sa.is_empty() && sb.is_empty() {
        return if a.trim() == b.trim() { 1.0 } else { 0.0 };
    }
    let i = inter(&sa, &sb);
    i as f32 / (sa.len() + sb.len() - i) as f32
}

/// Dice similarity of the content-word sets (stemmed, stop words dropped) of two whole
/// texts: how much vocabulary two reports of one event share even when no sentence aligns.
pub fn word_dice(a: &str, b: &str) -> f32 {
    dice(&content_words(a), &content_words(b))
}

/// What alignment reads of one article, computed once per article rather than once per
/// pair: an article meets dozens of candidates, and tokenising, stemming and hashing its
/// sentences is most of the cost of a pair.
#[derive(Debug, Clone)]
pub struct Features {
    sentences: Vec<SentenceSig>,
    postings: SentencePostings,
    /// Canonical entity names, lowercased, with the form first seen; sorted by the key.
    entities: Vec<(String, String)>,
    /// Numbers of the whole text, sorted and deduplicated.
    numbers: Vec<String>,
    /// Word-3-shingles of the whole text.
    shingles: Vec<u64>,
    /// Content words of the whole text (for [`Features::vocabulary_dice`]).
    words: Vec<u64>,
    /// Hash of the trimmed text: two texts without shingles compare by it.
    trimmed: u64,
    /// The article's own names and the names it cites, in comparable forms.
    pub(crate) names: crate::relation::NameForms,
}

impl Features {
    /// The features of one article.
    pub fn of(doc: Doc<'_>) -> Self {
        let text = doc.article.text.as_str();
        let mut entities: Vec<(String, String)> = Vec::new();
        for e in &doc.analysis.entities {
            entities.push((e.canonical.to_lowercase(), e.canonical.clone()));
        }
        // Stable sort then dedup by key keeps the form first seen.
        entities.sort_by(|x, y| x.0.cmp(&y.0));
        entities.dedup_by(|x, y| x.0 == y.0);
        let mut numbers = numbers(text);
        numbers.sort();
        numbers.dedup();
        // The whole text is tokenised once for its shingles and its content words.
        let words = LowerWords::of(text, false);
        let sentences = sentence_sigs(doc);
        Self {
            postings: SentencePostings::of(&sentences),
            sentences,
            entities,
            numbers,
            shingles: shingles_of(&words),
            words: content_words_of(&words),
            trimmed: xxh3_64_with_seed(text.trim().as_bytes(), SHINGLE_SEED),
            names: crate::relation::NameForms::of(doc),
        }
    }

    /// Exact Jaccard similarity of the two texts' word-3-shingle sets.
    pub fn jaccard(&self, other: &Features) -> f32 {
        let (sa, sb) = (&self.shingles, &other.shingles);
        if sa.is_empty() && sb.is_empty() {
            return if self.trimmed == other.trimmed {
                1.0
            } else {
                0.0
            };
        }
        let i = inter(sa, sb);
        i as f32 / (sa.len() + sb.len() - i) as f32
    }

    /// Dice similarity of the two texts' content-word sets (see [`word_dice`]).
    pub fn vocabulary_dice(&self, other: &Features) -> f32 {
        dice(&self.words, &other.words)
    }

    /// Entity names both articles mention, in the first article's form, sorted.
    pub fn shared_entities(&self, other: &Features) -> Vec<String> {
        let mut out: Vec<String> = self
            .entities
            .iter()
            .filter(|(k, _)| other.entities.binary_search_by(|(o, _)| o.cmp(k)).is_ok())
            .map(|(_, v)| v.clone())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Distinct numbers of the text that can anchor an event: not calendar years, not single
    /// digits.
    pub fn anchor_numbers(&self) -> usize {
        self.numbers.iter().filter(|n| is_anchor_number(n)).count()
    }

    /// Numbers both texts contain, sorted.
    pub fn shared_numbers(&self, other: &Features) -> Vec<String> {
        self.numbers
            .iter()
            .filter(|n| other.numbers.binary_search(n).is_ok())
            .cloned()
            .collect()
    }

    /// Number of content sentences read (prose and list items, at most [`MAX_SENTENCES`]).
    pub fn content_sentences(&self) -> usize {
        self.sentences.len()
    }
}

/// Content words of a text (stemmed, stop words and words of two letters dropped), hashed,
/// as a sorted set.
fn content_words(text: &str) -> Vec<u64> {
    content_words_of(&LowerWords::of(text, false))
}

/// [`content_words`] of a text's words (all of them: those with digits are left out here).
fn content_words_of(words: &LowerWords) -> Vec<u64> {
    let stop = stopwords();
    set(words
        .iter()
        .filter(|w| !w.bytes().any(|b| b.is_ascii_digit()))
        .filter(|w| w.chars().nth(2).is_some() && !stop.contains(w))
        .map(|w| xxh3_64_with_seed(stem(w).as_bytes(), WORD_SEED))
        .collect())
}

/// Aligns the sentences of `b` to those of `a` and gathers the pair evidence: aligned pairs
/// (one to one, greedy by score), the share of each article's prose covered, what each has
/// alone, shared entities and numbers, and the exact shingle Jaccard of the two texts.
pub fn align(a: Doc, b: Doc) -> PairEvidence {
    align_features(&Features::of(a), &Features::of(b))
}

/// Every pair of sentences `(similarity, sentence of b, sentence of a)` at or above the
/// alignment threshold, best first; ties by sentence of b, then of a.
fn sentence_pairs(fa: &Features, fb: &Features) -> Vec<(f32, usize, usize)> {
    let (sa, sb) = (&fa.sentences, &fb.sentences);
    // Pairs that share nothing score 0: only those that share something are compared.
    let mut cands: Vec<(f32, usize, usize)> = Vec::with_capacity(sa.len().max(sb.len()));
    let mut shared = vec![Shared::default(); sa.len()];
    let mut touched: Vec<u32> = Vec::with_capacity(sa.len());
    for (j, y) in sb.iter().enumerate() {
        fa.postings.count_shared(y, &mut shared, &mut touched);
        for i in touched.drain(..) {
            let i = i as usize;
            let s = similarity_of(&sa[i], y, std::mem::take(&mut shared[i]));
            if s >= ALIGN_THRESHOLD {
                cands.push((s, j, i));
            }
        }
    }
    cands.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(&q.1)).then(p.2.cmp(&q.2)));
    cands
}

/// [`align`] on features computed beforehand.
pub fn align_features(fa: &Features, fb: &Features) -> PairEvidence {
    let (sa, sb) = (&fa.sentences, &fb.sentences);

    // Every candidate pair above the threshold, then greedy one-to-one by score. Ties go to
    // the earlier sentence of b, then of a, so the result never depends on anything else.
    let cands = sentence_pairs(fa, fb);
    let mut used_a = vec![false; sa.len()];
    let mut used_b = vec![false; sb.len()];
    let mut aligned = Vec::with_capacity(sa.len().min(sb.len()));
    for (s, j, i) in cands {
        if used_a[i] || used_b[j] {
            continue;
        }
        used_a[i] = true;
        used_b[j] = true;
        aligned.push(AlignedSentences {
            a: sa[i].span,
            b: sb[j].span,
            score: s,
        });
    }
    aligned.sort_by_key(|p| (p.a.start, p.b.start));

    let coverage = |sigs: &[SentenceSig], used: &[bool]| {
        let total: usize = sigs.iter().map(|s| s.chars).sum();
        if total == 0 {
            return 0.0;
        }
        let hit: usize = sigs
            .iter()
            .zip(used)
            .filter(|(_, u)| **u)
            .map(|(s, _)| s.chars)
            .sum();
        hit as f32 / total as f32
    };
    let only = |sigs: &[SentenceSig], used: &[bool]| {
        sigs.iter()
            .zip(used)
            .filter(|(_, u)| !**u)
            .map(|(s, _)| s.span)
            .collect::<Vec<_>>()
    };

    PairEvidence {
        coverage_a: coverage(sa, &used_a),
        coverage_b: coverage(sb, &used_b),
        only_in_a: only(sa, &used_a),
        only_in_b: only(sb, &used_b),
        aligned,
        shared_entities: fa.shared_entities(fb),
        shared_numbers: fa.shared_numbers(fb),
        jaccard: fa.jaccard(fb),
        credit: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_normalised() {
        assert_eq!(numbers("about 2,300 workers"), vec!["2300"]);
        assert_eq!(numbers("€1.4 billion, 1,9 Meter"), vec!["1.4", "1.9"]);
        assert_eq!(numbers("11 %. A320"), vec!["11"]);
    }

    /// The bytewise scan finds the numbers a scan character by character finds (the
    /// reading of one number, [`number_at`], is shared: the scans differ in finding them).
    #[test]
    fn numbers_scan_bytes_as_it_would_characters() {
        fn by_chars(text: &str) -> Vec<String> {
            let mut out = Vec::new();
            let mut before: Option<char> = None;
            let mut i = 0;
            while let Some(c) = text[i..].chars().next() {
                if c.is_ascii_digit() && before.is_some_and(char::is_alphabetic) {
                    for g in text[i..].chars().take_while(|g| g.is_alphanumeric()) {
                        i += g.len_utf8();
                        before = Some(g);
                    }
                } else if c.is_ascii_digit() {
                    let (number, end) = number_at(text.as_bytes(), i);
                    out.push(number);
                    i = end;
                    before = Some(char::from(text.as_bytes()[i - 1]));
                } else {
                    i += c.len_utf8();
                    before = Some(c);
                }
            }
            out
        }
        for text in [
            "about 2,300 workers, €1.4 billion, 1,9 Meter, 11 %. A320 and B-52",
            "Öl2 ß3 é4 5é 6,000,000 7.5.6 8,12 9,1234 .5 5. ,5 1,,2 x9y8 9x8",
            "Σ1 日本2 ２3 ٣4 — 10–12 «42» 3\u{301}1 1\u{2009}000",
            "",
            "12",
            "a1",
        ] {
            assert_eq!(numbers(text), by_chars(text), "{text:?}");
        }
    }

    #[test]
    fn stemming_folds_simple_suffixes() {
        assert_eq!(stem("batteries"), stem("batteri"));
        assert_eq!(stem("signed"), "sign");
        assert_eq!(stem("defence"), stem("defense"));
        assert_eq!(stem("is"), "is");
    }

    #[test]
    fn jaccard_of_identical_texts_is_one() {
        assert_eq!(shingle_jaccard("a b c d", "a b c d"), 1.0);
        assert_eq!(shingle_jaccard("", ""), 1.0);
        assert!(shingle_jaccard("a b c d", "e f g h") < 0.01);
    }

    /// The pairs found through the postings are those a comparison of every sentence with
    /// every other finds, to the bit, on every pair of the example corpus's articles.
    #[test]
    fn postings_find_the_pairs_that_comparing_all_finds() {
        let dir = std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/corpus"
        ));
        let docs: Vec<(newstrace_model::Article, newstrace_model::Analysis)> =
            newstrace_ingest::pipeline::extract_all(&[dir], &Default::default())
                .into_iter()
                .filter_map(Result::ok)
                .map(|a| {
                    let an = newstrace_analyze::analyze(&a);
                    (a, an)
                })
                .collect();
        assert!(
            docs.len() > 15,
            "the example corpus has {} articles",
            docs.len()
        );
        let features: Vec<Features> = docs
            .iter()
            .map(|(article, analysis)| {
                Features::of(Doc {
                    article,
                    analysis,
                    other_outlets: &[],
                })
            })
            .collect();
        let mut aligned_pairs = 0;
        for fa in &features {
            for fb in &features {
                let mut all = Vec::new();
                for (j, y) in fb.sentences.iter().enumerate() {
                    for (i, x) in fa.sentences.iter().enumerate() {
                        let s = similarity(x, y);
                        if s >= ALIGN_THRESHOLD {
                            all.push((s, j, i));
                        }
                    }
                }
                all.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(&q.1)).then(p.2.cmp(&q.2)));
                let found = sentence_pairs(fa, fb);
                assert_eq!(
                    found
                        .iter()
                        .map(|p| (p.0.to_bits(), p.1, p.2))
                        .collect::<Vec<_>>(),
                    all.iter()
                        .map(|p| (p.0.to_bits(), p.1, p.2))
                        .collect::<Vec<_>>()
                );
                aligned_pairs += found.len();
            }
        }
        assert!(aligned_pairs > 500, "{aligned_pairs} sentence pairs");
    }
}
