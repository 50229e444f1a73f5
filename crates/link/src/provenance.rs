//! The provenance tree: which one relation each derived article came through.

use newstrace_model::{ArticleId, Relation, RelationKind};
use std::collections::{BTreeMap, BTreeSet};

/// Least similarity for a sentence to count as carried from a text: two different credit
/// lines ("(Nordwire)", "This article was supplied by Nordwire.") align weakly, and a weak
/// match is no sign of copying.
pub const CARRIED: f32 = 0.6;

/// Weight in [`closer`]'s vote of a sentence the nearer candidate dropped and the derived
/// text has close to the farther one ([`KEPT_CLOSELY`]): it outweighs every other sign. A text made from `near` could only have it back
/// by writing the same statement anew, while a line only `near` and the derived text share
/// may be padding both took from the same stock, and a changed word a synonym both chose.
/// Measured on generated corpora: each step from 2 to 100 raised edge F1.
const DROPPED_WEIGHT: i32 = 100;

/// Least similarity for a sentence only the farther candidate matches to decide the vote: a
/// loose match may be the alignment pairing the sentence elsewhere in the nearer text, not
/// the nearer text lacking it.
const KEPT_CLOSELY: f32 = 0.9;

/// Differences in sentence similarity smaller than this are ties (rounding only).
const TIE: f32 = 0.001;

/// For each derived article, the one relation it most likely came through.
///
/// A derived text has usually several candidate sources: its true source, the source's own
/// source (a rewrite of a relay still resembles the original), and other derivations of the
/// same source (siblings). The choice starts from the candidate that explains most of the
/// derived text (summed similarity of its aligned sentences; relation scores of different
/// kinds are not comparable), then settles each candidate against its ancestors among the
/// candidates by a sentence vote ([`closer`]): the derived text keeps what its true source
/// changed or added and lacks what it dropped. On a tied vote the whole-text Jaccard
/// decides, and without any sign the ancestor wins: a copy of the original explains a
/// rewrite of the original as well as the original does. A near-verbatim copy that credits
/// one candidate's outlet and not the other's goes to the one it credits, unless the other
/// credits that outlet too and the copy adds to it (a footer on a copy of a relay: the
/// credit may be the relay's, and the wording decides); between texts the vote cannot
/// tell apart (an exact copy of the original), the credited one is the source.
///
/// Ancestors include texts linked by a relation whose direction is undecided (an original
/// without a date): the source of a source is the older text. Loops, which contradicting
/// dates can close, lose their weakest edge. Same-story and sibling relations are never
/// provenance.
pub fn parents(relations: &[Relation]) -> Vec<&Relation> {
    let mut into: BTreeMap<&ArticleId, Vec<&Relation>> = BTreeMap::new();
    let mut derives_from: BTreeSet<(&ArticleId, &ArticleId)> = BTreeSet::new();
    // (derived, source) pairs where the derived text credits the source's outlet.
    let mut cites: BTreeSet<(&ArticleId, &ArticleId)> = BTreeSet::new();
    for r in relations.iter().filter(|r| is_derivation(r)) {
        into.entry(&r.derived).or_default().push(r);
        derives_from.insert((&r.derived, &r.source));
        if r.evidence.credit.is_some() {
            cites.insert((&r.derived, &r.source));
        }
    }
    // Relations whose direction no evidence decided can still lead up a chain: when the
    // derived text's source was itself made from `q`, `q` is the older of the two. Between
    // two candidates, such a relation counts in its stored order (the article seen first
    // as the source), the last hint left; measured on generated corpora, it helps.
    let mut undirected_into: BTreeMap<&ArticleId, Vec<&Relation>> = BTreeMap::new();
    for r in relations.iter().filter(|r| {
        !r.directed && !matches!(r.kind, RelationKind::SameStory | RelationKind::Sibling)
    }) {
        undirected_into.entry(&r.derived).or_default().push(r);
        derives_from.insert((&r.derived, &r.source));
    }
    // The walk below takes the first fitting candidate: order them by source id so that the
    // tree does not depend on the order the caller read the relations in.
    for list in into.values_mut().chain(undirected_into.values_mut()) {
        list.sort_by(|x, y| x.source.cmp(&y.source));
    }
    let mut out = Vec::with_capacity(into.len());
    for (derived, cands) in &into {
        let older = undirected_into
            .get(derived)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let Some(mut best) = cands.iter().copied().max_by(|x, y| {
            explained(x)
                .total_cmp(&explained(y))
                .then(x.score.total_cmp(&y.score))
                .then(y.source.cmp(&x.source))
        }) else {
            continue;
        };
        let mut visited: BTreeSet<&ArticleId> = BTreeSet::from([&best.source]);
        // Each step moves to an unvisited candidate, so the walk ends.
        loop {
            let up = cands.iter().chain(older).copied().find(|q| {
                !visited.contains(&q.source)
                    && derives_from.contains(&(&best.source, &q.source))
                    && (!prefers_near(best, q)
                        || (credits_only(q, best) && !credit_passed_on(best, q, &cites)))
            });
            let down = || {
                cands.iter().copied().find(|p| {
                    !visited.contains(&p.source)
                        && derives_from.contains(&(&p.source, &best.source))
                        && match closer(p, best) {
                            0 => credits_only(p, best),
                            vote => vote > 0,
                        }
                        && !credits_only(best, p)
                })
            };
            match up.or_else(down) {
                Some(next) => {
                    visited.insert(&next.source);
                    best = next;
                }
                None => break,
            }
        }
        out.push(best);
    }
    break_cycles(&mut out);
    add_undirected(relations, &mut out);
    out
}

/// Removes edges until the chosen sources form a forest. Dates that contradict each other
/// (a wrong clock on one side of a chain) and directions read from the order of arrival can
/// close a loop; in each loop the weakest edge goes: one whose direction is a guess first,
/// then the one that explains least of its derived text. Its derived text is left without
/// a directed source (the undirected pass may still give it one). Each text has one source
/// at most, so loops share no text and one pass breaks them all.
fn break_cycles(out: &mut Vec<&Relation>) {
    let parent_of: BTreeMap<&ArticleId, &Relation> = out.iter().map(|r| (&r.derived, *r)).collect();
    // The walk that first reached each text; a walk that meets its own mark found a loop.
    let mut reached_by: BTreeMap<&ArticleId, usize> = BTreeMap::new();
    let mut weakest: BTreeSet<*const Relation> = BTreeSet::new();
    for (walk, start) in parent_of.keys().enumerate() {
        let mut at = *start;
        loop {
            match reached_by.get(at) {
                Some(&w) if w == walk => {
                    weakest.insert(weakest_in_loop(&parent_of, at));
                    break;
                }
                Some(_) => break,
                None => {
                    reached_by.insert(at, walk);
                }
            }
            match parent_of.get(at) {
                Some(r) => at = &r.source,
                None => break,
            }
        }
    }
    out.retain(|r| !weakest.contains(&std::ptr::from_ref(*r)));
}

/// The weakest edge of the loop through `at`: undirected before directed, then the one that
/// explains least, then by derived id (so the choice never depends on anything else).
fn weakest_in_loop<'r>(
    parent_of: &BTreeMap<&ArticleId, &'r Relation>,
    at: &ArticleId,
) -> &'r Relation {
    let key = |r: &'r Relation| (r.directed, explained(&r), &r.derived);
    let mut edge = parent_of[at];
    let mut weak = edge;
    while edge.source != *at {
        edge = parent_of[&edge.source];
        if key(edge) < key(weak) {
            weak = edge;
        }
    }
    weak
}

/// Least summed sentence similarity (about four sentences kept) for a derivation of unknown
/// direction to enter the tree: below it, two texts that merely share a few sentences.
const MIN_UNDIRECTED_EXPLAINED: f32 = 4.0;

/// Derivations whose direction no evidence decided (no dates, no credit, no machine-made
/// signals): a text with no directed source takes the one that explains most of it,
/// oriented as stored, the article seen first as the source (the linker classifies each
/// new article against those it saw before), unless that would close a cycle. The edge
/// stays marked undirected, so every face can say the direction is a guess.
fn add_undirected<'r>(relations: &'r [Relation], out: &mut Vec<&'r Relation>) {
    let mut parent_of: BTreeMap<&ArticleId, &ArticleId> =
        out.iter().map(|r| (&r.derived, &r.source)).collect();
    let mut best: BTreeMap<&ArticleId, &Relation> = BTreeMap::new();
    for r in relations {
        if r.directed
            || matches!(r.kind, RelationKind::SameStory | RelationKind::Sibling)
            || parent_of.contains_key(&r.derived)
            || explained(&r) < MIN_UNDIRECTED_EXPLAINED
        {
            continue;
        }
        let better = best.get(&r.derived).is_none_or(|b| {
            explained(&r)
                .total_cmp(&explained(b))
                .then(r.score.total_cmp(&b.score))
                .then(b.source.cmp(&r.source))
                .is_gt()
        });
        if better {
            best.insert(&r.derived, r);
        }
    }
    for (derived, r) in best {
        // Walk up from the would-be source: meeting `derived` means a cycle.
        let mut at = &r.source;
        let mut steps = 0;
        let mut cycle = false;
        while let Some(up) = parent_of.get(at) {
            if *up == derived || steps > parent_of.len() {
                cycle = true;
                break;
            }
            at = up;
            steps += 1;
        }
        if !cycle && r.source != *derived {
            parent_of.insert(derived, &r.source);
            out.push(r);
        }
    }
}

/// Whether the derived text is a near-verbatim copy that credits `credited`'s outlet and
/// not `other`'s: the text names where it came from, which outweighs a closer wording (two
/// relays of one report carry the same credit clause and resemble each other more than the
/// report they both cite). Rewrites are left to the wording: a rewrite of a relay keeps the
/// relay's credit clause, so its credit says little about which of the two it came from.
fn credits_only(credited: &Relation, other: &Relation) -> bool {
    matches!(
        credited.kind,
        RelationKind::Syndicated | RelationKind::ExactCopy
    ) && credited.evidence.credit.is_some()
        && other.evidence.credit.is_none()
}

/// Whether the derived text's credit to `far`'s outlet may be `near`'s, passed on: `near`
/// (derived from `far`) credits that outlet too, and the derived text adds to `near` (a
/// footer on a copy of a relay). Then the credit says nothing about which of the two it
/// came from. `cites` holds the (derived, source) pairs whose derived text credits the
/// source's outlet.
fn credit_passed_on(
    near: &Relation,
    far: &Relation,
    cites: &BTreeSet<(&ArticleId, &ArticleId)>,
) -> bool {
    cites.contains(&(&near.source, &far.source)) && near.evidence.coverage_b < HOLDS_WHOLE
}

/// Share of the derived text a candidate must cover for the derived text to add nothing
/// to it (two relays of one report made with the same credit template).
const HOLDS_WHOLE: f32 = 0.99;

/// Differences in whole-text Jaccard smaller than this are ties (the estimate's error is
/// about 0.04 at 128 permutations).
const JACCARD_TIE: f32 = 0.05;

/// Whether the derived text came through `near` (itself derived from `far`) rather than
/// straight from `far`: the sentence vote ([`closer`]) decides; on a tie, the whole-text
/// Jaccard does. A copy of a copy keeps the first copy's small edits (a credit added to a
/// sentence, one word changed), which leave each sentence's similarity near 1 but show in
/// the word triples.
fn prefers_near(near: &Relation, far: &Relation) -> bool {
    match closer(near, far) {
        0 => near.evidence.jaccard > far.evidence.jaccard + JACCARD_TIE,
        vote => vote > 0,
    }
}

/// The sentence vote between two candidate sources of one derived text, `near` derived
/// from `far`: positive when the derived text is closer to `near`. Each sentence of the
/// derived text votes for the candidate it is more similar to, counting only carried
/// matches (similarity at least [`CARRIED`]); a sentence matched by one candidate only
/// votes for it. Sentences `near` kept unchanged tie and vote nothing; any difference in
/// similarity counts (identical sentences score identically, and a credit clause added to a
/// sentence moves its score by a few thousandths only). A sentence only `far` matches, and
/// closely, decides the vote ([`DROPPED_WEIGHT`]).
pub fn closer(near: &Relation, far: &Relation) -> i32 {
    let by_sentence = |r: &Relation| -> BTreeMap<usize, f32> {
        r.evidence
            .aligned
            .iter()
            .filter(|p| p.score >= CARRIED)
            .map(|p| (p.b.start, p.score))
            .collect()
    };
    let (n, f) = (by_sentence(near), by_sentence(far));
    let starts: BTreeSet<&usize> = n.keys().chain(f.keys()).collect();
    let mut vote = 0;
    for s in starts {
        let (ns, fs) = (n.get(s).copied(), f.get(s).copied());
        if ns.is_none() && fs.is_some_and(|f| f >= KEPT_CLOSELY) {
            vote -= DROPPED_WEIGHT;
            continue;
        }
        let d = ns.unwrap_or(0.0) - fs.unwrap_or(0.0);
        if d > TIE {
            vote += 1;
        } else if d < -TIE {
            vote -= 1;
        }
    }
    vote
}

/// How much of the derived text a relation's source explains: the summed similarity of the
/// aligned sentence pairs.
fn explained(r: &&Relation) -> f32 {
    r.evidence.aligned.iter().map(|p| p.score).sum()
}

/// Whether a relation says its `derived` article was made from its `source`.
pub fn is_derivation(r: &Relation) -> bool {
    r.directed && !matches!(r.kind, RelationKind::SameStory | RelationKind::Sibling)
}

#[cfg(test)]
mod tests {
    use super::*;
    use newstrace_model::{AlignedSentences, PairEvidence, Span};

    /// A relation whose evidence holds `kept` sentences carried at `score`.
    fn rel(
        source: &str,
        derived: &str,
        kind: RelationKind,
        directed: bool,
        kept: usize,
    ) -> Relation {
        let aligned = (0..kept)
            .map(|i| AlignedSentences {
                a: Span::new(i * 10, i * 10 + 9),
                b: Span::new(i * 10, i * 10 + 9),
                score: 0.95,
            })
            .collect();
        Relation {
            source: ArticleId::from_stored(source),
            derived: ArticleId::from_stored(derived),
            kind,
            score: 0.9,
            directed,
            reason: String::new(),
            evidence: PairEvidence {
                aligned,
                ..PairEvidence::default()
            },
        }
    }

    fn edges(relations: &[Relation]) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = parents(relations)
            .into_iter()
            .map(|r| (r.source.to_string(), r.derived.to_string()))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_text_with_no_directed_source_takes_its_best_undirected_one() {
        let relations = vec![
            rel("orig", "copy", RelationKind::Syndicated, false, 8),
            rel("orig", "weak", RelationKind::Rewrite, false, 3),
            rel("orig", "relay", RelationKind::Relay, true, 6),
            rel("copy", "relay", RelationKind::Syndicated, false, 7),
        ];
        assert_eq!(
            edges(&relations),
            vec![
                ("orig".to_string(), "copy".to_string()),
                ("orig".to_string(), "relay".to_string()),
            ],
            "the directed source wins over an undirected one, and three shared sentences \
             are too few to join"
        );
    }

    #[test]
    fn an_undirected_edge_never_closes_a_cycle() {
        let relations = vec![
            rel("a", "b", RelationKind::Rewrite, true, 6),
            rel("b", "a", RelationKind::Syndicated, false, 9),
        ];
        assert_eq!(edges(&relations), vec![("a".to_string(), "b".to_string())]);
    }

    /// A relation whose evidence aligns the derived text's sentences `i` (at `i * 10`) with
    /// the given similarities.
    fn rel_scored(
        source: &str,
        derived: &str,
        kind: RelationKind,
        directed: bool,
        scores: &[(usize, f32)],
    ) -> Relation {
        let mut r = rel(source, derived, kind, directed, 0);
        r.evidence.aligned = scores
            .iter()
            .map(|&(i, score)| AlignedSentences {
                a: Span::new(i * 10, i * 10 + 9),
                b: Span::new(i * 10, i * 10 + 9),
                score,
            })
            .collect();
        r
    }

    #[test]
    fn a_sentence_the_sibling_dropped_sends_the_text_to_the_original() {
        // The sibling and the derived text chose the same synonym in sentence 1 (the sibling
        // matches it better, and explains more in all), but the sibling dropped sentence 3,
        // which the derived text still has.
        let relations = vec![
            rel("orig", "sibling", RelationKind::Rewrite, true, 5),
            rel_scored(
                "orig",
                "derived",
                RelationKind::Rewrite,
                true,
                &[(0, 1.0), (1, 0.9), (2, 1.0), (3, 0.95)],
            ),
            rel_scored(
                "sibling",
                "derived",
                RelationKind::Rewrite,
                true,
                &[(0, 1.0), (1, 1.0), (2, 1.0), (4, 1.0)],
            ),
        ];
        assert!(
            edges(&relations).contains(&("orig".to_string(), "derived".to_string())),
            "{:?}",
            edges(&relations)
        );
    }

    #[test]
    fn a_loose_match_only_the_original_has_does_not_decide() {
        // A machine rewrite of a relay: it keeps the relay's wording (closer on three
        // sentences), and one of its sentences aligns loosely with the original only (the
        // relay's alignment paired it elsewhere). A loose match is no sign the relay lacks it.
        let relations = vec![
            rel("orig", "relay", RelationKind::Relay, true, 6),
            rel_scored(
                "orig",
                "farm",
                RelationKind::Rewrite,
                true,
                &[(0, 0.81), (2, 0.67), (3, 0.72)],
            ),
            rel_scored(
                "relay",
                "farm",
                RelationKind::Rewrite,
                true,
                &[(0, 0.86), (1, 0.77), (2, 0.77), (4, 0.62)],
            ),
        ];
        assert!(
            edges(&relations).contains(&("relay".to_string(), "farm".to_string())),
            "{:?}",
            edges(&relations)
        );
    }

    #[test]
    fn a_copy_crediting_the_report_goes_to_it_rather_than_to_a_relay_of_it() {
        // Two relays of one report carry the same credit clause, so the second resembles the
        // first more than the report; but it credits the report, not the first relay.
        let mut credited = rel_scored(
            "report",
            "relay2",
            RelationKind::Syndicated,
            true,
            &[(0, 0.997), (1, 1.0), (2, 1.0)],
        );
        credited.evidence.credit = Some("Coastal Press".into());
        credited.evidence.jaccard = 0.84;
        let mut via_relay = rel_scored(
            "relay1",
            "relay2",
            RelationKind::Syndicated,
            true,
            &[(0, 1.0), (1, 1.0), (2, 1.0)],
        );
        via_relay.evidence.jaccard = 0.97;
        // The second relay adds nothing to the first: it holds it whole.
        via_relay.evidence.coverage_b = 1.0;
        let mut first = rel("report", "relay1", RelationKind::Syndicated, true, 3);
        first.evidence.credit = Some("Coastal Press".into());
        let relations = vec![first, credited.clone(), via_relay.clone()];
        assert!(edges(&relations).contains(&("report".to_string(), "relay2".to_string())));

        // Without the credit, the closer wording wins.
        credited.evidence.credit = None;
        let relations = vec![
            rel("report", "relay1", RelationKind::Syndicated, true, 3),
            credited,
            via_relay,
        ];
        assert!(edges(&relations).contains(&("relay1".to_string(), "relay2".to_string())));
    }

    #[test]
    fn a_copy_of_a_relay_keeps_the_relay_even_when_it_credits_the_report() {
        // report → relay (adds ", Coastal Press reported" to its first sentence) → copy (the
        // relay with a footer "Supplied by Coastal Press"). The copy credits the report, but
        // the relay credits it too, so the credit may be inherited; the copy keeps the
        // relay's first sentence, and adds a footer neither has.
        let mut from_report = rel_scored(
            "report",
            "copy",
            RelationKind::Syndicated,
            true,
            &[(0, 0.93), (1, 1.0), (2, 1.0)],
        );
        from_report.evidence.credit = Some("Coastal Press".into());
        from_report.evidence.jaccard = 0.85;
        let mut from_relay = rel_scored(
            "relay",
            "copy",
            RelationKind::Syndicated,
            true,
            &[(0, 1.0), (1, 1.0), (2, 1.0)],
        );
        from_relay.evidence.jaccard = 0.92;
        from_relay.evidence.coverage_b = 0.92;
        let mut relay = rel("report", "relay", RelationKind::Syndicated, true, 3);
        relay.evidence.credit = Some("Coastal Press".into());
        let relations = vec![relay.clone(), from_report.clone(), from_relay.clone()];
        assert!(edges(&relations).contains(&("relay".to_string(), "copy".to_string())));

        // A relay that does not credit the report leaves the copy's credit as the sign.
        relay.evidence.credit = None;
        let relations = vec![relay, from_report, from_relay];
        assert!(edges(&relations).contains(&("report".to_string(), "copy".to_string())));
    }

    #[test]
    fn between_identical_texts_the_credited_one_is_the_source() {
        // An undated report and its dated exact copy: the copy reads as the older, so the
        // report as derived from it. A relay matches both alike but credits the report.
        let copy_first = rel("copy", "report", RelationKind::ExactCopy, true, 3);
        let mut from_report = rel("report", "relay", RelationKind::Syndicated, true, 3);
        from_report.evidence.credit = Some("Coastal Press".into());
        let from_copy = rel("copy", "relay", RelationKind::Syndicated, true, 3);
        let relations = vec![copy_first, from_copy, from_report];
        assert!(edges(&relations).contains(&("report".to_string(), "relay".to_string())));
    }

    #[test]
    fn on_a_tied_vote_the_closer_whole_text_wins() {
        // A copy of a copy: every sentence scores 1.0 against both, but the word triples
        // show the first copy's small edits.
        let mut from_orig = rel("orig", "copy2", RelationKind::Syndicated, true, 4);
        from_orig.evidence.jaccard = 0.84;
        let mut from_copy = rel("copy1", "copy2", RelationKind::Syndicated, true, 4);
        from_copy.evidence.jaccard = 0.99;
        let relations = vec![
            rel("orig", "copy1", RelationKind::Syndicated, true, 4),
            from_orig.clone(),
            from_copy.clone(),
        ];
        assert!(edges(&relations).contains(&("copy1".to_string(), "copy2".to_string())));
        from_copy.evidence.jaccard = 0.86;
        let relations = vec![
            rel("orig", "copy1", RelationKind::Syndicated, true, 4),
            from_orig,
            from_copy,
        ];
        assert!(
            edges(&relations).contains(&("orig".to_string(), "copy2".to_string())),
            "within the estimate's error, the ancestor wins"
        );
    }

    #[test]
    fn an_undated_original_is_still_the_source_of_its_copies() {
        // The original has no date, so its relations to the rewrite and to the relay are
        // undirected; the relay credits it. The rewrite ties between the relay and the
        // original, and the original, the relay's source, is the older.
        let mut to_relay = rel("orig", "relay", RelationKind::Syndicated, true, 6);
        to_relay.evidence.credit = Some("Wire".into());
        let relations = vec![
            to_relay,
            rel("orig", "rewrite", RelationKind::Rewrite, false, 6),
            rel("relay", "rewrite", RelationKind::Rewrite, true, 6),
        ];
        assert_eq!(
            edges(&relations),
            vec![
                ("orig".to_string(), "relay".to_string()),
                ("orig".to_string(), "rewrite".to_string()),
            ]
        );
    }

    #[test]
    fn a_loop_loses_its_weakest_edge() {
        // Contradicting dates: a → b → c → a. The edge explaining least goes.
        let relations = vec![
            rel("a", "b", RelationKind::Rewrite, true, 6),
            rel("b", "c", RelationKind::Rewrite, true, 5),
            rel("c", "a", RelationKind::Rewrite, true, 4),
        ];
        assert_eq!(
            edges(&relations),
            vec![
                ("a".to_string(), "b".to_string()),
                ("b".to_string(), "c".to_string()),
            ]
        );
    }

    #[test]
    fn same_story_and_sibling_relations_are_never_provenance() {
        let relations = vec![
            rel("a", "b", RelationKind::SameStory, false, 9),
            rel("a", "c", RelationKind::Sibling, false, 9),
        ];
        assert!(edges(&relations).is_empty());
    }
}
