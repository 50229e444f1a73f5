//! Links between articles, scored against a truth file (the format is in `docs/TRUTH.md`;
//! `newstrace_link::synth` writes one):
//!
//! - stories: BCubed precision, recall and F1 over the articles in the truth file
//!   (an article the prediction leaves out counts as a singleton; predicted articles the
//!   truth does not know are ignored);
//! - edges: precision, recall and F1 of the pairs as unordered sets (a predicted edge
//!   with an article the truth does not know is ignored; self-loops and duplicates count
//!   once or not at all);
//! - direction: of the true edges found, the share predicted with the right direction
//!   (source → derived). An edge predicted both ways has no direction and counts as wrong.
//!
//! ```
//! use newstrace_eval::links::{Truth, score};
//! use std::collections::BTreeMap;
//! let truth: Truth = serde_json::from_str(
//!     r#"{"stories": {"S1": ["a", "b"], "S2": ["c"]},
//!         "edges": [{"source": "a", "derived": "b"}]}"#,
//! ).unwrap();
//! let stories: BTreeMap<String, String> =
//!     [("a", "x"), ("b", "x"), ("c", "y")].map(|(a, s)| (a.into(), s.into())).into();
//! let r = score(&truth, &stories, &[("a".into(), "b".into())]);
//! assert_eq!((r.stories.f1, r.edges.f1, r.direction_accuracy), (1.0, 1.0, 1.0));
//! ```

use crate::EvalError;
use crate::attribution::Prf;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A truth file: story groups and source → derived edges. Other keys (such as the
/// generator's `hard_negatives`) are allowed and ignored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Truth {
    /// Story id → the external ids of its articles.
    pub stories: BTreeMap<String, Vec<String>>,
    /// Source → derived edges.
    #[serde(default)]
    pub edges: Vec<TruthEdge>,
}

/// One edge of a truth file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TruthEdge {
    /// The article copied, relayed or rewritten.
    pub source: String,
    /// The article made from it.
    pub derived: String,
    /// What kind of derivation, where the truth says (informative, not scored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

impl Truth {
    /// Reads a truth file.
    pub fn read(path: &Path) -> Result<Self, EvalError> {
        let bytes = std::fs::read(path).map_err(|source| EvalError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        serde_json::from_slice(&bytes).map_err(|e| EvalError::Format {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    }

    /// External id → story id, as a prediction would give it (so a truth file can also
    /// serve as a prediction). An article listed in two stories keeps the first in order.
    pub fn story_map(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for (sid, members) in &self.stories {
            for m in members {
                out.entry(m.clone()).or_insert_with(|| sid.clone());
            }
        }
        out
    }

    /// The edges as (source, derived) pairs, as a prediction would give them.
    pub fn edge_pairs(&self) -> Vec<(String, String)> {
        self.edges
            .iter()
            .map(|e| (e.source.clone(), e.derived.clone()))
            .collect()
    }
}

/// The scores of one prediction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct LinksReport {
    /// BCubed over the truth's articles.
    pub stories: Prf,
    /// Undirected edges.
    pub edges: Prf,
    /// Of the true edges found, the share with the right direction (0 when none found).
    pub direction_accuracy: f64,
}

fn prf(precision: f64, recall: f64) -> Prf {
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Prf {
        precision,
        recall,
        f1,
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Scores predicted stories (external id → story id) and predicted edges
/// (source, derived) against `truth`.
pub fn score(
    truth: &Truth,
    stories: &BTreeMap<String, String>,
    edges: &[(String, String)],
) -> LinksReport {
    let true_story = truth.story_map();
    LinksReport {
        stories: bcubed(&true_story, stories),
        edges: edge_prf(truth, &true_story, edges),
        direction_accuracy: direction(truth, edges),
    }
}

/// BCubed: for each article, precision = |its predicted cluster ∩ its true cluster| /
/// |predicted cluster| and recall = the same / |true cluster|, both averaged over
/// articles. Clusters are restricted to the truth's articles.
fn bcubed(truth: &BTreeMap<String, String>, pred: &BTreeMap<String, String>) -> Prf {
    if truth.is_empty() {
        return Prf::default();
    }
    // Predicted cluster keys: the predicted story, or the article itself when it has
    // none (a singleton). The tag keeps the two kinds apart.
    let key = |id: &str| -> (bool, String) {
        match pred.get(id) {
            Some(s) => (true, s.clone()),
            None => (false, id.to_string()),
        }
    };
    let mut true_size: BTreeMap<&str, usize> = BTreeMap::new();
    let mut pred_size: BTreeMap<(bool, String), usize> = BTreeMap::new();
    let mut both: BTreeMap<(&str, (bool, String)), usize> = BTreeMap::new();
    for (id, t) in truth {
        let p = key(id);
        *true_size.entry(t).or_default() += 1;
        *pred_size.entry(p.clone()).or_default() += 1;
        *both.entry((t.as_str(), p)).or_default() += 1;
    }
    let (mut p_sum, mut r_sum) = (0.0, 0.0);
    // Every article of one (true, predicted) cell has the same precision and recall.
    for ((t, p), n) in &both {
        let n = *n as f64;
        p_sum += n * n / pred_size[p] as f64;
        r_sum += n * n / true_size[t] as f64;
    }
    let total = truth.len() as f64;
    prf(p_sum / total, r_sum / total)
}

/// An unordered pair, smaller id first.
fn unordered<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    if a <= b { (a, b) } else { (b, a) }
}

fn edge_prf(truth: &Truth, known: &BTreeMap<String, String>, edges: &[(String, String)]) -> Prf {
    // The truth's articles: story members and edge endpoints, gathered once.
    let mut known_ids: BTreeSet<&str> = known.keys().map(String::as_str).collect();
    for e in &truth.edges {
        known_ids.insert(&e.source);
        known_ids.insert(&e.derived);
    }
    let is_known = |id: &str| known_ids.contains(id);
    let gold: BTreeSet<(&str, &str)> = truth
        .edges
        .iter()
        .filter(|e| e.source != e.derived)
        .map(|e| unordered(&e.source, &e.derived))
        .collect();
    let pred: BTreeSet<(&str, &str)> = edges
        .iter()
        .filter(|(a, b)| a != b && is_known(a) && is_known(b))
        .map(|(a, b)| unordered(a, b))
        .collect();
    let hit = pred.intersection(&gold).count();
    prf(ratio(hit, pred.len()), ratio(hit, gold.len()))
}

fn direction(truth: &Truth, edges: &[(String, String)]) -> f64 {
    let pred: BTreeSet<(&str, &str)> = edges
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let gold: BTreeSet<(&str, &str)> = truth
        .edges
        .iter()
        .filter(|e| e.source != e.derived)
        .map(|e| (e.source.as_str(), e.derived.as_str()))
        .collect();
    let (mut found, mut right) = (0, 0);
    for &(s, d) in &gold {
        let fwd = pred.contains(&(s, d));
        let back = pred.contains(&(d, s));
        if fwd || back {
            found += 1;
            if fwd && !back {
                right += 1;
            }
        }
    }
    ratio(right, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn truth() -> Truth {
        serde_json::from_str(
            r#"{"stories": {"S1": ["a", "b", "c"], "S2": ["d", "e"], "S3": ["f"]},
                "edges": [{"source": "a", "derived": "b"}, {"source": "b", "derived": "c"},
                          {"source": "d", "derived": "e", "kind": "relay"}],
                "hard_negatives": {"f": "S1"}}"#,
        )
        .expect("truth parses")
    }

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, s)| (a.to_string(), s.to_string()))
            .collect()
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn perfect() {
        let t = truth();
        let r = score(&t, &t.story_map(), &t.edge_pairs());
        assert_eq!(r.stories, prf(1.0, 1.0));
        assert_eq!(r.edges, prf(1.0, 1.0));
        assert_eq!(r.direction_accuracy, 1.0);
    }

    #[test]
    fn all_singletons() {
        // Precision 1; recall = mean over articles of 1/|true cluster| = (3·⅓+2·½+1)/6.
        let r = score(&truth(), &BTreeMap::new(), &[]);
        assert_eq!(r.stories.precision, 1.0);
        assert!((r.stories.recall - 0.5).abs() < 1e-12);
        assert_eq!(r.edges, prf(0.0, 0.0));
        assert_eq!(r.direction_accuracy, 0.0);
    }

    #[test]
    fn all_one_cluster() {
        // Recall 1; precision = (3·3/6 + 2·2/6 + 1·1/6)/6 = 14/36.
        let ids = ["a", "b", "c", "d", "e", "f"];
        let pred: Vec<(&str, &str)> = ids.iter().map(|i| (*i, "X")).collect();
        let r = score(&truth(), &map(&pred), &[]);
        assert_eq!(r.stories.recall, 1.0);
        assert!((r.stories.precision - 14.0 / 36.0).abs() < 1e-12);
    }

    #[test]
    fn reversed_edges_count_as_found_but_wrong_way() {
        let r = score(
            &truth(),
            &truth().story_map(),
            &pairs(&[("b", "a"), ("c", "b"), ("d", "e")]),
        );
        assert_eq!(r.edges, prf(1.0, 1.0));
        assert!((r.direction_accuracy - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn both_ways_is_no_direction_and_extra_edges_cost_precision() {
        let r = score(
            &truth(),
            &truth().story_map(),
            &pairs(&[("a", "b"), ("b", "a"), ("a", "c"), ("a", "a"), ("zz", "a")]),
        );
        // Predicted pairs (unknown "zz" and the self-loop dropped): {a,b}, {a,c}.
        assert_eq!(r.edges.precision, 0.5);
        assert!((r.edges.recall - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(r.direction_accuracy, 0.0);
    }

    #[test]
    fn unknown_predicted_articles_are_ignored() {
        let mut pred = truth().story_map();
        pred.insert("zz".into(), "S1".into());
        let r = score(&truth(), &pred, &[]);
        assert_eq!(r.stories, prf(1.0, 1.0));
    }

    #[test]
    fn report_serialises_to_the_documented_shape() {
        let r = score(&truth(), &truth().story_map(), &truth().edge_pairs());
        let v = serde_json::to_value(r).unwrap();
        for k in ["precision", "recall", "f1"] {
            assert!(v["stories"][k].is_number() && v["edges"][k].is_number());
        }
        assert!(v["direction_accuracy"].is_number());
    }
}
