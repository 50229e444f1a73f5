//! Main-text extraction, scored as the article-extraction benchmark scores it: texts are
//! tokenised with `\w+`, each becomes a multiset of 4-token shingles, a document's precision
//! and recall are the multiset intersection over each side, and P and R are macro-averaged
//! over all documents before F1 is taken.

use crate::EvalError;
use crate::gz::{read_gz, read_json};
use newstrace_ingest::extract::html::extract_page;
use rayon::prelude::*;
use regex::Regex;
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

/// Length of the token shingles the metric compares.
const SHINGLE: usize = 4;

static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\w+").expect("static regex"));

/// One document's result.
#[derive(Debug, Clone, Serialize)]
pub struct DocScore {
    /// The document id (file stem).
    pub id: String,
    /// Shingle precision.
    pub precision: f64,
    /// Shingle recall.
    pub recall: f64,
}

/// The result over the whole set.
#[derive(Debug, Clone, Serialize)]
pub struct ExtractionReport {
    /// F1 of the macro-averaged precision and recall.
    pub f1: f64,
    /// Macro-averaged precision.
    pub precision: f64,
    /// Macro-averaged recall.
    pub recall: f64,
    /// Documents scored.
    pub docs: usize,
    /// Documents per second on one thread, extraction only (decompression not timed).
    pub docs_per_sec: f64,
    /// Documents per second with every core (rayon), extraction only.
    pub docs_per_sec_parallel: f64,
    /// Per-document scores, worst F1 first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub per_doc: Vec<DocScore>,
}

/// Shingle precision and recall of `predicted` against `truth`. An empty prediction scores
/// precision 0 against a non-empty truth; an empty truth gives recall 1 only to an empty
/// prediction.
pub fn shingle_scores(predicted: &str, truth: &str) -> (f64, f64) {
    let p = shingles(predicted);
    let t = shingles(truth);
    let p_total: usize = p.values().sum();
    let t_total: usize = t.values().sum();
    let tp: usize = p
        .iter()
        .map(|(k, n)| (*n).min(t.get(k).copied().unwrap_or(0)))
        .sum();
    let precision = if p_total == 0 {
        if t_total == 0 { 1.0 } else { 0.0 }
    } else {
        tp as f64 / p_total as f64
    };
    let recall = if t_total == 0 {
        if p_total == 0 { 1.0 } else { 0.0 }
    } else {
        tp as f64 / t_total as f64
    };
    (precision, recall)
}

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let tokens: Vec<&str> = WORD.find_iter(text).map(|m| m.as_str()).collect();
    let mut out = HashMap::new();
    for w in tokens.windows(SHINGLE) {
        *out.entry(w.to_vec()).or_insert(0) += 1;
    }
    out
}

struct Doc {
    id: String,
    url: Option<String>,
    truth: String,
    html: Vec<u8>,
}

fn load(dir: &Path) -> Result<Vec<Doc>, EvalError> {
    let truth_path = dir.join("ground-truth.json");
    let truth = read_json(&truth_path)?;
    let map = truth.as_object().ok_or_else(|| EvalError::Format {
        path: truth_path.clone(),
        message: "expected an object of {id: {articleBody, url}}".into(),
    })?;
    let mut docs = Vec::with_capacity(map.len());
    for (id, entry) in map {
        let body = entry
            .get("articleBody")
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let url = entry
            .get("url")
            .and_then(|v| v.as_str())
            .map(str::to_string);
        let html = read_gz(&dir.join("html").join(format!("{id}.html.gz")))?;
        docs.push(Doc {
            id: id.clone(),
            url,
            truth: body.to_string(),
            html,
        });
    }
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(docs)
}

/// Runs newstrace's HTML extractor over the benchmark in `dir` (which holds
/// `ground-truth.json` and `html/<id>.html.gz`) and scores it.
pub fn evaluate(dir: &Path, keep_per_doc: bool) -> Result<ExtractionReport, EvalError> {
    let docs = load(dir)?;
    let extract = |d: &Doc| -> String {
        extract_page(&d.html, None, d.url.as_deref())
            .map(|p| p.text)
            .unwrap_or_default()
    };

    let mut elapsed = Duration::ZERO;
    let mut scores = Vec::with_capacity(docs.len());
    for d in &docs {
        let start = Instant::now();
        let text = extract(d);
        elapsed += start.elapsed();
        let (precision, recall) = shingle_scores(&text, &d.truth);
        scores.push(DocScore {
            id: d.id.clone(),
            precision,
            recall,
        });
    }

    // Start the worker threads before the clock, as the peer's process pool is started
    // before its clock.
    rayon::broadcast(|_| ());
    let start = Instant::now();
    let parallel: usize = docs.par_iter().map(|d| extract(d).len()).sum();
    let parallel_elapsed = start.elapsed();
    std::hint::black_box(parallel);

    let (precision, recall, f1) = macro_average(&scores);
    let per_doc = if keep_per_doc {
        worst_first(scores)
    } else {
        Vec::new()
    };
    Ok(ExtractionReport {
        f1,
        precision,
        recall,
        docs: docs.len(),
        docs_per_sec: docs.len() as f64 / elapsed.as_secs_f64().max(1e-9),
        docs_per_sec_parallel: docs.len() as f64 / parallel_elapsed.as_secs_f64().max(1e-9),
        per_doc,
    })
}

/// Macro-averaged precision and recall, and the F1 of the two averages.
fn macro_average(scores: &[DocScore]) -> (f64, f64, f64) {
    let n = scores.len().max(1) as f64;
    let precision = scores.iter().map(|s| s.precision).sum::<f64>() / n;
    let recall = scores.iter().map(|s| s.recall).sum::<f64>() / n;
    (precision, recall, f1(precision, recall))
}

fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

/// The scores sorted worst F1 first, then by id.
fn worst_first(mut scores: Vec<DocScore>) -> Vec<DocScore> {
    let f = |s: &DocScore| f1(s.precision, s.recall);
    scores.sort_by(|a, b| f(a).total_cmp(&f(b)).then_with(|| a.id.cmp(&b.id)));
    scores
}

/// The score of another extractor's output on the benchmark, with the same metric.
#[derive(Debug, Clone, Serialize)]
pub struct PredictionsReport {
    /// F1 of the macro-averaged precision and recall.
    pub f1: f64,
    /// Macro-averaged precision.
    pub precision: f64,
    /// Macro-averaged recall.
    pub recall: f64,
    /// Documents scored (every document of the set).
    pub docs: usize,
    /// Documents of the set without a prediction (scored as empty predictions).
    pub missing: usize,
    /// Predictions whose id is not in the set (ignored).
    pub unknown: usize,
    /// Per-document scores, worst F1 first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub per_doc: Vec<DocScore>,
}

/// Parses predictions as JSON Lines, one `{"id": ..., "text": ...}` per document (a null
/// or absent `text` is an empty prediction; blank lines are skipped). A later line for the
/// same id replaces an earlier one. The error names the first bad line.
pub fn parse_predictions(jsonl: &str) -> Result<HashMap<String, String>, String> {
    let mut out = HashMap::new();
    for (i, line) in jsonl.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("line {}: {e}", i + 1))?;
        let id = value
            .get("id")
            .and_then(|v| v.as_str())
            .ok_or_else(|| format!("line {}: no string \"id\"", i + 1))?;
        let text = value
            .get("text")
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        out.insert(id.to_string(), text.to_string());
    }
    Ok(out)
}

/// Scores `predictions` (id → text) against `truth` (id, truth text) with the benchmark's
/// metric; every truth document counts, a missing prediction as an empty one.
pub fn score_predictions(
    truth: &[(String, String)],
    predictions: &HashMap<String, String>,
    keep_per_doc: bool,
) -> PredictionsReport {
    let mut missing = 0;
    let scores: Vec<DocScore> = truth
        .iter()
        .map(|(id, body)| {
            let predicted = predictions.get(id).map_or_else(
                || {
                    missing += 1;
                    ""
                },
                String::as_str,
            );
            let (precision, recall) = shingle_scores(predicted, body);
            DocScore {
                id: id.clone(),
                precision,
                recall,
            }
        })
        .collect();
    let known: std::collections::HashSet<&str> = truth.iter().map(|(id, _)| id.as_str()).collect();
    let unknown = predictions
        .keys()
        .filter(|id| !known.contains(id.as_str()))
        .count();
    let (precision, recall, f1) = macro_average(&scores);
    PredictionsReport {
        f1,
        precision,
        recall,
        docs: scores.len(),
        missing,
        unknown,
        per_doc: if keep_per_doc {
            worst_first(scores)
        } else {
            Vec::new()
        },
    }
}

/// Scores the predictions file `predictions` (JSON Lines, see [`parse_predictions`]) on the
/// benchmark in `dir` (only its `ground-truth.json` is read): how another extractor is
/// measured with exactly the metric newstrace is measured with.
pub fn evaluate_predictions(
    dir: &Path,
    predictions: &Path,
    keep_per_doc: bool,
) -> Result<PredictionsReport, EvalError> {
    let truth_path = dir.join("ground-truth.json");
    let truth = read_json(&truth_path)?;
    let map = truth.as_object().ok_or_else(|| EvalError::Format {
        path: truth_path.clone(),
        message: "expected an object of {id: {articleBody, url}}".into(),
    })?;
    let mut truth: Vec<(String, String)> = map
        .iter()
        .map(|(id, entry)| {
            let body = entry.get("articleBody").and_then(|v| v.as_str());
            (id.clone(), body.unwrap_or_default().to_string())
        })
        .collect();
    truth.sort();
    let text = std::fs::read_to_string(predictions).map_err(|source| EvalError::Io {
        path: predictions.into(),
        source,
    })?;
    let predicted = parse_predictions(&text).map_err(|message| EvalError::Format {
        path: predictions.into(),
        message,
    })?;
    Ok(score_predictions(&truth, &predicted, keep_per_doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_texts_score_one() {
        let t = "The council met on Monday to vote on the budget.";
        assert_eq!(shingle_scores(t, t), (1.0, 1.0));
    }

    #[test]
    fn extra_boilerplate_lowers_precision_only() {
        let truth = "alpha beta gamma delta epsilon";
        let pred = "alpha beta gamma delta epsilon menu home login share";
        let (p, r) = shingle_scores(pred, truth);
        assert_eq!(r, 1.0);
        assert!((p - 2.0 / 6.0).abs() < 1e-12); // 6 predicted shingles, 2 true
    }

    #[test]
    fn empty_prediction_has_zero_precision() {
        assert_eq!(shingle_scores("", "one two three four"), (0.0, 0.0));
    }

    #[test]
    fn repeated_shingles_count_as_a_multiset() {
        // Truth has the shingle once; predicting it twice is half wrong.
        let (p, r) = shingle_scores("a b c d a b c d", "a b c d");
        assert_eq!(r, 1.0);
        assert!((p - 1.0 / 5.0).abs() < 1e-12);
    }

    #[test]
    fn tokens_are_unicode_words() {
        let (p, r) = shingle_scores("Über die Straße geht's", "über die Straße geht's");
        assert!(p < 1.0 && r < 1.0); // case differs in the first token: the metric is case-sensitive
        assert_eq!(
            shingle_scores("Straße, über: die geht", "Straße über die geht"),
            (1.0, 1.0)
        );
    }

    #[test]
    fn predictions_are_scored_like_our_own_output() {
        let truth = vec![
            ("a".to_string(), "one two three four five six".to_string()),
            ("b".to_string(), "red green blue yellow".to_string()),
            ("c".to_string(), "north south east west".to_string()),
        ];
        let predicted = parse_predictions(
            "{\"id\": \"a\", \"text\": \"one two three four five six menu\"}\n\n\
             {\"id\": \"b\", \"text\": null}\n{\"id\": \"zz\", \"text\": \"x\"}\n",
        )
        .unwrap();
        let report = score_predictions(&truth, &predicted, true);
        assert_eq!((report.docs, report.missing, report.unknown), (3, 1, 1));
        // a: P 3/4, R 1; b: empty prediction, P 0 R 0; c: missing, P 0 R 0.
        assert!((report.precision - 0.75 / 3.0).abs() < 1e-12);
        assert!((report.recall - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(report.per_doc.last().map(|d| d.id.as_str()), Some("a"));
    }

    #[test]
    fn bad_prediction_lines_are_reported_with_their_number() {
        let err =
            parse_predictions("{\"id\": \"a\", \"text\": \"x\"}\n{\"text\": \"y\"}\n").unwrap_err();
        assert!(err.starts_with("line 2:"), "{err}");
        assert!(
            parse_predictions("not json")
                .unwrap_err()
                .starts_with("line 1:")
        );
    }
}
