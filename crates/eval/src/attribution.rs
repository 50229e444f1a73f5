//! Attributions on the PolNeAR dev split: a predicted attribution (source span + cue span)
//! matches a gold one when both spans overlap the gold ones ("overlap") or both are equal
//! ("exact"). Gold offsets are in Unicode characters; ours are bytes and are converted.
//!
//! Gold attributions without a Source or without a Cue are skipped (we predict only
//! attributions with both); the report counts them. Where a text has several annotators,
//! the first in sorted order is used.

use crate::EvalError;
use newstrace_analyze::gazetteer::Gazetteer;
use newstrace_analyze::{Context, analyze_context};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::Instant;

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Matched predictions / predictions.
    pub precision: f64,
    /// Matched gold / gold.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
}

impl Prf {
    fn new(matched_pred: usize, pred: usize, matched_gold: usize, gold: usize) -> Self {
        let precision = if pred == 0 {
            0.0
        } else {
            matched_pred as f64 / pred as f64
        };
        let recall = if gold == 0 {
            0.0
        } else {
            matched_gold as f64 / gold as f64
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Self {
            precision,
            recall,
            f1,
        }
    }
}

/// The result over the whole split.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AttributionReport {
    /// Source and cue overlap the gold ones.
    pub overlap: Prf,
    /// Source and cue equal the gold ones.
    pub exact: Prf,
    /// Documents scored.
    pub docs: usize,
    /// Gold attributions scored (with both a Source and a Cue).
    pub gold: usize,
    /// Gold attributions skipped for lacking a Source or a Cue.
    pub gold_skipped: usize,
    /// Predicted attributions (with a source span and a cue span).
    pub predicted: usize,
    /// Texts annotated by several annotators (the first in sorted order was used).
    pub multi_annotator_docs: usize,
    /// Documents per second through the whole analyser, one thread.
    pub docs_per_sec: f64,
    /// Per cue (lower-case), errors under the overlap metric: missed gold, false predictions.
    pub errors_by_cue: BTreeMap<String, (usize, usize)>,
}

/// A character range `start..end` (Unicode scalar values).
pub type CharSpan = (usize, usize);

/// One attribution to score: its source and cue (the first fragment of each).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    /// The source span.
    pub source: CharSpan,
    /// The cue span.
    pub cue: CharSpan,
    /// The cue's text, lower-case, for error counts.
    pub cue_text: String,
}

fn overlaps(a: CharSpan, b: CharSpan) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Greedy one-to-one matching; returns (matched predictions, matched gold, which gold matched,
/// which predictions matched).
pub fn match_pairs(
    pred: &[Pair],
    gold: &[Pair],
    exact: bool,
) -> (usize, usize, Vec<bool>, Vec<bool>) {
    let mut gold_used = vec![false; gold.len()];
    let mut pred_used = vec![false; pred.len()];
    for (pi, p) in pred.iter().enumerate() {
        let hit = gold.iter().enumerate().position(|(gi, g)| {
            !gold_used[gi]
                && if exact {
                    p.source == g.source && p.cue == g.cue
                } else {
                    overlaps(p.source, g.source) && overlaps(p.cue, g.cue)
                }
        });
        if let Some(gi) = hit {
            gold_used[gi] = true;
            pred_used[pi] = true;
        }
    }
    let mp = pred_used.iter().filter(|x| **x).count();
    let mg = gold_used.iter().filter(|x| **x).count();
    (mp, mg, gold_used, pred_used)
}

/// Parses a brat `.ann` file into gold pairs; returns them and the number skipped.
pub fn parse_ann(ann: &str) -> (Vec<Pair>, usize) {
    let mut spans: HashMap<&str, (CharSpan, String)> = HashMap::new();
    for line in ann.lines() {
        let mut cols = line.split('\t');
        let (Some(id), Some(desc)) = (cols.next(), cols.next()) else {
            continue;
        };
        if !id.starts_with('T') {
            continue;
        }
        let text = cols.next().unwrap_or("").to_lowercase();
        let mut parts = desc.splitn(2, ' ');
        let _label = parts.next();
        // "start end" or "start end;start end": the first fragment.
        let first = parts.next().unwrap_or("").split(';').next().unwrap_or("");
        let mut nums = first
            .split_whitespace()
            .filter_map(|n| n.parse::<usize>().ok());
        if let (Some(s), Some(e)) = (nums.next(), nums.next()) {
            spans.insert(id, ((s, e), text));
        }
    }
    let mut out = Vec::new();
    let mut skipped = 0;
    for line in ann.lines().filter(|l| l.starts_with('E')) {
        let args = line.split('\t').nth(1).unwrap_or("");
        let mut source = None;
        let mut cue = None;
        for arg in args.split_whitespace() {
            if let Some((role, id)) = arg.split_once(':') {
                let role = role.trim_end_matches(|c: char| c.is_ascii_digit());
                match role {
                    "Source" => source = source.or_else(|| spans.get(id).cloned()),
                    "Cue" => cue = cue.or_else(|| spans.get(id).cloned()),
                    _ => {}
                }
            }
        }
        match (source, cue) {
            (Some((s, _)), Some((c, ct))) => out.push(Pair {
                source: s,
                cue: c,
                cue_text: ct,
            }),
            _ => skipped += 1,
        }
    }
    (out, skipped)
}

/// Byte offset → character offset table for `text`.
fn char_index(text: &str) -> impl Fn(usize) -> usize + '_ {
    let mut table = vec![0usize; text.len() + 1];
    let mut n = 0;
    let mut last = 0;
    for (b, _) in text.char_indices() {
        for slot in table.iter_mut().take(b + 1).skip(last) {
            *slot = n;
        }
        last = b + 1;
        n += 1;
        table[b] = n - 1;
    }
    for slot in table.iter_mut().skip(last) {
        *slot = n;
    }
    move |b| table.get(b).copied().unwrap_or(n)
}

/// The analyser's attributions with both a source span and a cue span, in characters.
pub fn predict(text: &str) -> Vec<Pair> {
    let ctx = Context {
        text,
        title: None,
        byline: None,
        outlet: None,
        date: None,
    };
    let analysis = analyze_context(&ctx, Gazetteer::builtin());
    let ci = char_index(text);
    analysis
        .attributions
        .iter()
        .filter_map(|a| {
            let s = a.cited.span?;
            let c = a.cue_span?;
            Some(Pair {
                source: (ci(s.start), ci(s.end)),
                cue: (ci(c.start), ci(c.end)),
                cue_text: c.of(text).to_lowercase(),
            })
        })
        .collect()
}

/// Runs the analyser over `dir` (`text/*.txt`, `attributions/*.ann`) and scores it.
pub fn evaluate(dir: &Path) -> Result<AttributionReport, EvalError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| EvalError::Io { path, source }
    };
    let text_dir = dir.join("text");
    let ann_dir = dir.join("attributions");
    let mut texts: Vec<String> = std::fs::read_dir(&text_dir)
        .map_err(io(&text_dir))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.ends_with(".txt"))
        .collect();
    texts.sort();
    let mut anns: Vec<String> = std::fs::read_dir(&ann_dir)
        .map_err(io(&ann_dir))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.ends_with(".ann"))
        .collect();
    anns.sort();
    let mut report = AttributionReport::default();
    let (mut mp_o, mut mg_o, mut mp_e, mut mg_e) = (0, 0, 0, 0);
    let mut elapsed = std::time::Duration::ZERO;
    for name in &texts {
        let stem = name.trim_end_matches(".txt");
        let mine: Vec<&String> = anns
            .iter()
            .filter(|a| {
                a.strip_prefix(stem)
                    .and_then(|r| r.strip_prefix('_'))
                    .is_some_and(|r| !r.contains('_'))
            })
            .collect();
        let Some(ann_name) = mine.first() else {
            continue;
        };
        if mine.len() > 1 {
            report.multi_annotator_docs += 1;
        }
        let text_path = text_dir.join(name);
        let text = std::fs::read_to_string(&text_path).map_err(io(&text_path))?;
        let ann_path = ann_dir.join(ann_name.as_str());
        let ann = std::fs::read_to_string(&ann_path).map_err(io(&ann_path))?;
        let (gold, skipped) = parse_ann(&ann);
        let t0 = Instant::now();
        let pred = predict(&text);
        elapsed += t0.elapsed();
        let (a, b, gold_hit, pred_hit) = match_pairs(&pred, &gold, false);
        mp_o += a;
        mg_o += b;
        for (g, hit) in gold.iter().zip(&gold_hit) {
            if !hit {
                report
                    .errors_by_cue
                    .entry(g.cue_text.clone())
                    .or_default()
                    .0 += 1;
            }
        }
        for (p, hit) in pred.iter().zip(&pred_hit) {
            if !hit {
                report
                    .errors_by_cue
                    .entry(p.cue_text.clone())
                    .or_default()
                    .1 += 1;
            }
        }
        let (a, b, _, _) = match_pairs(&pred, &gold, true);
        mp_e += a;
        mg_e += b;
        report.docs += 1;
        report.gold += gold.len();
        report.gold_skipped += skipped;
        report.predicted += pred.len();
    }
    report.overlap = Prf::new(mp_o, report.predicted, mg_o, report.gold);
    report.exact = Prf::new(mp_e, report.predicted, mg_e, report.gold);
    report.docs_per_sec = report.docs as f64 / elapsed.as_secs_f64().max(1e-9);
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_on_a_tiny_example() {
        let ann = "T1\tSource 0 3\tBob\nT2\tCue 4 8\tsaid\nT3\tAttribution 4 8\tsaid\n\
                   E1\tAttribution:T3 Source:T1 Cue:T2\nT4\tCue 20 24\tsays\nE2\tAttribution:T4 Cue:T4\n";
        let (gold, skipped) = parse_ann(ann);
        assert_eq!((gold.len(), skipped), (1, 1));
        let p = |s, c| Pair {
            source: s,
            cue: c,
            cue_text: String::new(),
        };
        // Overlapping but not exact source; a second, false prediction.
        let pred = vec![p((0, 2), (4, 8)), p((10, 12), (13, 17))];
        let (mp, mg, _, _) = match_pairs(&pred, &gold, false);
        assert_eq!((mp, mg), (1, 1));
        let prf = Prf::new(mp, pred.len(), mg, gold.len());
        assert_eq!((prf.precision, prf.recall), (0.5, 1.0));
        let (mp, mg, _, _) = match_pairs(&pred, &gold, true);
        assert_eq!((mp, mg), (0, 0));
        // Each gold is matched once.
        let (mp, _, _, _) = match_pairs(&[p((0, 3), (4, 8)), p((0, 3), (4, 8))], &gold, true);
        assert_eq!(mp, 1);
    }

    #[test]
    fn char_offsets_from_bytes() {
        let ci = char_index("a“b”c");
        assert_eq!(
            (ci(0), ci(1), ci(4), ci(5), ci(8), ci(9)),
            (0, 1, 2, 3, 4, 5)
        );
    }
}
