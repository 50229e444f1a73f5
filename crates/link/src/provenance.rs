//! The provenance tree: which one relation each derived article came through.

use newstrace_model::{ArticleId, Relation, RelationKind};
use std::collections::{BTreeMap, BTreeSet};

/// Least similarity for a sentence to count as carried from a text: two different credit
/// lines ("(Nordwire)", "This article was supplied by Nordwire.") align weakly, and a weak
/// match is no sign of copying.
pub const CARRIED: f32 = 0.6;

/// Differences in sentence similarity smaller than this are ties.
const TIE: f32 = 0.01;

/// For each derived article, the one relation it most likely came through.
///
/// A derived text has usually several candidate sources: its true source, the source's own
/// source (a rewrite of a relay still resembles the original), and other derivations of the
/// same source (siblings). The choice starts from the candidate that explains most of the
/// derived text (summed similarity of its aligned sentences; relation scores of different
/// kinds are not comparable), then settles each candidate against its ancestors among the
/// candidates by a sentence vote ([`closer`]): the derived text keeps what its true source
/// changed or added and lacks what it dropped. Without such a sign the ancestor wins: a copy
/// of the original explains a rewrite of the original as well as the original does.
/// Same-story and sibling relations are never provenance.
pub fn parents(relations: &[Relation]) -> Vec<&Relation> {
    let mut into: BTreeMap<&ArticleId, Vec<&Relation>> = BTreeMap::new();
    let mut derives_from: BTreeSet<(&ArticleId, &ArticleId)> = BTreeSet::new();
    for r in relations.iter().filter(|r| is_derivation(r)) {
        into.entry(&r.derived).or_default().push(r);
        derives_from.insert((&r.derived, &r.source));
    }
    let mut out = Vec::with_capacity(into.len());
    for cands in into.values() {
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
            let up = cands.iter().copied().find(|q| {
                !visited.contains(&q.source)
                    && derives_from.contains(&(&best.source, &q.source))
                    && closer(best, q) <= 0
            });
            let down = || {
                cands.iter().copied().find(|p| {
                    !visited.contains(&p.source)
                        && derives_from.contains(&(&p.source, &best.source))
                        && closer(p, best) > 0
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
    add_undirected(relations, &mut out);
    out
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

/// The sentence vote between two candidate sources of one derived text, `near` derived
/// from `far`: positive when the derived text is closer to `near`. Each sentence of the
/// derived text votes for the candidate it is more similar to, counting only carried
/// matches (similarity at least [`CARRIED`]); a sentence matched by one candidate only
/// votes for it. Sentences `near` kept unchanged tie and vote nothing.
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
        let d = n.get(s).copied().unwrap_or(0.0) - f.get(s).copied().unwrap_or(0.0);
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

    #[test]
    fn same_story_and_sibling_relations_are_never_provenance() {
        let relations = vec![
            rel("a", "b", RelationKind::SameStory, false, 9),
            rel("a", "c", RelationKind::Sibling, false, 9),
        ];
        assert!(edges(&relations).is_empty());
    }
}
