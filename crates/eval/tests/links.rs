//! The links metric on a generated corpus's truth file: the truth scores perfectly against
//! itself, and the usual mistakes cost what they should.

use newstrace_eval::links::{Truth, score};
use newstrace_link::synth::{GenOptions, generate};
use std::collections::BTreeMap;

fn generated(stories: usize) -> (Truth, serde_json::Value) {
    let (mut corpus, mut truth) = (Vec::new(), Vec::new());
    let opts = GenOptions {
        seed: 7,
        stories,
        ..GenOptions::default()
    };
    generate(&opts, &mut corpus, &mut truth).expect("in memory");
    let raw: serde_json::Value = serde_json::from_slice(&truth).expect("JSON");
    (serde_json::from_slice(&truth).expect("truth format"), raw)
}

#[test]
fn generated_truth_scores_perfectly_against_itself() {
    let (t, _) = generated(200);
    let r = score(&t, &t.story_map(), &t.edge_pairs());
    assert_eq!(
        (r.stories.f1, r.edges.f1, r.direction_accuracy),
        (1.0, 1.0, 1.0)
    );
}

#[test]
fn merging_hard_negatives_costs_story_precision_only() {
    let (t, raw) = generated(200);
    let mut pred = t.story_map();
    let negs = raw["hard_negatives"].as_object().expect("hard negatives");
    assert!(!negs.is_empty());
    for (id, sid) in negs {
        pred.insert(id.clone(), sid.as_str().unwrap().to_string());
    }
    let r = score(&t, &pred, &t.edge_pairs());
    assert_eq!(r.stories.recall, 1.0);
    assert!(r.stories.precision < 1.0 && r.stories.precision > 0.8);
}

#[test]
fn reversed_edges_keep_edge_f1_and_lose_direction() {
    let (t, _) = generated(100);
    let reversed: Vec<(String, String)> = t.edge_pairs().into_iter().map(|(s, d)| (d, s)).collect();
    let r = score(&t, &t.story_map(), &reversed);
    assert_eq!(r.edges.f1, 1.0);
    assert_eq!(r.direction_accuracy, 0.0);
}

#[test]
fn all_singletons_and_no_edges() {
    let (t, _) = generated(100);
    let r = score(&t, &BTreeMap::new(), &[]);
    assert_eq!(r.stories.precision, 1.0);
    assert!(r.stories.recall < 0.5);
    assert_eq!(r.edges.f1, 0.0);
}

#[test]
fn the_documented_example_parses() {
    let doc = include_str!("../../../docs/TRUTH.md");
    let start = doc.find("```json").expect("an example") + "```json".len();
    let end = start + doc[start..].find("```").expect("closed");
    let t: Truth = serde_json::from_str(&doc[start..end]).expect("example is a truth file");
    assert!(!t.stories.is_empty() && !t.edges.is_empty());
}
