//! Publication dates, scored as the htmldate test set is: a page is right when the extracted
//! publication day equals the gold day; a missing date is wrong, except on the pages whose
//! gold date is null, where finding none is right.

use crate::EvalError;
use crate::gz::{read_gz, read_json};
use newstrace_ingest::extract::html::extract_page;
use serde::Serialize;
use std::path::Path;
use std::time::Instant;

/// One page's result.
#[derive(Debug, Clone, Serialize)]
pub struct DateScore {
    /// The page's file name.
    pub file: String,
    /// Gold day (`YYYY-MM-DD`), or null.
    pub gold: Option<String>,
    /// Extracted day, or null.
    pub found: Option<String>,
    /// Where the extracted date came from.
    pub source: Option<String>,
    /// Whether it counts as correct.
    pub correct: bool,
}

/// The result over the whole set.
#[derive(Debug, Clone, Serialize)]
pub struct DatesReport {
    /// Share of pages right.
    pub accuracy: f64,
    /// Pages scored.
    pub docs: usize,
    /// Pages where a date was found.
    pub found: usize,
    /// Pages per second on one thread, extraction only.
    pub docs_per_sec: f64,
    /// Per-page results, wrong ones first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub per_doc: Vec<DateScore>,
}

/// Runs newstrace's HTML extractor over the set in `dir` (`truth.json`, `html/<file>`).
pub fn evaluate(dir: &Path, keep_per_doc: bool) -> Result<DatesReport, EvalError> {
    let truth_path = dir.join("truth.json");
    let truth = read_json(&truth_path)?;
    let map = truth.as_object().ok_or_else(|| EvalError::Format {
        path: truth_path.clone(),
        message: "expected an object of {url: {file, date}}".into(),
    })?;
    let mut entries: Vec<(&String, &serde_json::Value)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));

    let mut scores = Vec::with_capacity(entries.len());
    let mut elapsed = std::time::Duration::ZERO;
    for (url, entry) in entries {
        let file = entry
            .get("file")
            .and_then(|v| v.as_str())
            .ok_or_else(|| EvalError::Format {
                path: truth_path.clone(),
                message: format!("{url}: missing \"file\""),
            })?;
        let gold = entry
            .get("date")
            .and_then(|v| v.as_str())
            .map(str::to_string);
        // truth.json names the page (`x.html`); the set stores it gzipped (`x.html.gz`).
        let plain = dir.join("html").join(file);
        let gzipped = dir.join("html").join(format!("{file}.gz"));
        let html = read_gz(if gzipped.exists() { &gzipped } else { &plain })?;
        let start = Instant::now();
        let page = extract_page(&html, None, Some(url)).ok();
        elapsed += start.elapsed();
        let published = page.and_then(|p| p.published);
        let found = published
            .as_ref()
            .map(|d| d.value.day().format("%Y-%m-%d").to_string());
        let correct = found == gold;
        scores.push(DateScore {
            file: file.to_string(),
            gold,
            found,
            source: published.map(|d| d.source.as_str().to_string()),
            correct,
        });
    }
    let docs = scores.len();
    let right = scores.iter().filter(|s| s.correct).count();
    let found = scores.iter().filter(|s| s.found.is_some()).count();
    let per_doc = if keep_per_doc {
        scores.sort_by(|a, b| a.correct.cmp(&b.correct).then_with(|| a.file.cmp(&b.file)));
        scores
    } else {
        Vec::new()
    };
    Ok(DatesReport {
        accuracy: right as f64 / docs.max(1) as f64,
        docs,
        found,
        docs_per_sec: docs as f64 / elapsed.as_secs_f64().max(1e-9),
        per_doc,
    })
}
