//! Candidate pairs for one article: near-copies from the LSH bands and paraphrases from
//! shared rare anchors, merged, ranked and capped.

use crate::lsh::LshIndex;
use crate::signature::Signature;

/// At most this many candidates per article: alignment is the expensive step, and a story
/// with more members is still connected through the best ones.
pub const MAX_CANDIDATES: usize = 30;

/// Rare anchors two articles must share to be candidates without shared text: one or two
/// shared names or numbers happen by chance, and the classifier needs at least three
/// shared specifics to relate two articles at all, so fewer would only cost alignments.
pub const MIN_SHARED_ANCHORS: usize = 3;

/// Anchors two articles must share to be candidates when each is rare (held by at most
/// [`RARE_ANCHOR_DF`] articles): a heavy rewrite that kept one person and one figure of its
/// source, and dropped the sentences with the rest, shares little else with it. A place or a
/// ministry is named by too many articles for two of them to mean anything.
pub const MIN_SHARED_RARE_ANCHORS: usize = 2;

/// Most articles an anchor may be held by to count toward [`MIN_SHARED_RARE_ANCHORS`].
pub const RARE_ANCHOR_DF: usize = 100;

/// LSH bands a candidate must share when it shares fewer than [`MIN_SHARED_ANCHORS`]
/// anchors. One or two of 42 bands are shared by chance between texts told with the same
/// phrasing (an estimated Jaccard near 0.2); on generated corpora those candidates were four
/// in five of all pairs and turned into relations between different events far more often
/// than into true ones. A copy shares many bands; a paraphrase shares its names and figures.
pub const MIN_BANDS_WITHOUT_ANCHORS: usize = 3;

/// Most articles read from one LSH bucket (see [`LshIndex::query_bands_bounded`]). A
/// bucket shared by more is boilerplate more than a story: on a generated corpus of 300,000
/// articles a query met about 2,000 articles through the bands, almost all of them through
/// a few crowded buckets and sharing one or two bands. With this bound a query meets 86 at
/// 100,000, a sixth as many articles are read back from the store there (a twenty-second at
/// 300,000), and edge F1 is a little higher.
pub const MAX_BUCKET_MEMBERS: usize = 16;

/// One candidate with why it was chosen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// The indexed article.
    pub id: u32,
    /// Rank score in 0..=1: the larger of the Jaccard estimated from shared bands and the
    /// rarity-weighted share of anchors.
    pub score: f32,
    /// LSH bands shared (0: found by anchors only).
    pub bands: usize,
    /// Usable anchors shared (0 when below [`MIN_SHARED_ANCHORS`] or none).
    pub shared_anchors: usize,
}

/// Candidates for an article with signature `sig` and anchors `anchors`, best first,
/// at most [`MAX_CANDIDATES`]. Query before inserting the article, or use
/// [`scored_candidates`] with `exclude` to leave the article itself out.
pub fn candidates(index: &LshIndex, sig: &Signature, anchors: &[String]) -> Vec<u32> {
    scored_candidates(index, sig, anchors, None, MAX_CANDIDATES)
        .into_iter()
        .map(|c| c.id)
        .collect()
}

/// Candidates with their scores, best first (score, then bands, then id: deterministic),
/// each sharing [`MIN_SHARED_ANCHORS`] anchors, [`MIN_SHARED_RARE_ANCHORS`] rare ones or
/// [`MIN_BANDS_WITHOUT_ANCHORS`] bands,
/// leaving out `exclude`, at most `limit`.
pub fn scored_candidates(
    index: &LshIndex,
    sig: &Signature,
    anchors: &[String],
    exclude: Option<u32>,
    limit: usize,
) -> Vec<Candidate> {
    ranked(index, sig, anchors, exclude, u32::MAX, limit)
}

/// [`scored_candidates`] for the article inserted as `id`, among the articles inserted
/// before it (smaller ids) only, as if queried just before its insert: on an
/// [ordered](LshIndex::is_ordered) index, a batch can be inserted first (its anchors with
/// [`LshIndex::insert_anchors_unsaturated`]) and then each of its articles queried in
/// parallel, with the answers of a query-then-insert loop.
pub fn scored_candidates_before(
    index: &LshIndex,
    sig: &Signature,
    anchors: &[String],
    id: u32,
    limit: usize,
) -> Vec<Candidate> {
    ranked(index, sig, anchors, Some(id), id, limit)
}

fn ranked(
    index: &LshIndex,
    sig: &Signature,
    anchors: &[String],
    exclude: Option<u32>,
    before: u32,
    limit: usize,
) -> Vec<Candidate> {
    let mut anchored = index.query_anchors_before(
        anchors,
        MIN_SHARED_ANCHORS,
        Some((MIN_SHARED_RARE_ANCHORS, RARE_ANCHOR_DF)),
        before,
    );
    anchored.sort_unstable_by_key(|&(id, _, _)| id);
    let mut met = vec![false; anchored.len()];
    let mut out: Vec<Candidate> = Vec::new();
    // Most band hits share one or two bands and no anchor: they are dropped before any
    // score is computed.
    for (id, bands) in index.query_bands_before(sig, MAX_BUCKET_MEMBERS, before) {
        let anchor = anchored.binary_search_by_key(&id, |&(a, _, _)| a).ok();
        if anchor.is_none() && bands < MIN_BANDS_WITHOUT_ANCHORS {
            continue;
        }
        let mut c = Candidate {
            id,
            score: index.jaccard_from_bands(bands),
            bands,
            shared_anchors: 0,
        };
        if let Some(i) = anchor {
            met[i] = true;
            let (_, shared, weight) = anchored[i];
            c.shared_anchors = shared;
            c.score = c.score.max(weight);
        }
        out.push(c);
    }
    for (&(id, shared, weight), _) in anchored.iter().zip(&met).filter(|(_, met)| !**met) {
        out.push(Candidate {
            id,
            score: weight,
            bands: 0,
            shared_anchors: shared,
        });
    }
    out.retain(|c| Some(c.id) != exclude);
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.bands.cmp(&a.bands))
            .then(b.shared_anchors.cmp(&a.shared_anchors))
            .then(a.id.cmp(&b.id))
    });
    out.truncate(limit);
    out
}
