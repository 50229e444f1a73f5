//! `newstrace analyze FILE|ID`, and the analysis step of `ingest`/`run`.

use super::list::must_exist;
use super::{Ui, print_json};
use crate::analysis_view::{AnalysisJson, print_analysis};
use crate::args::{AnalyzeArgs, exit};
use newstrace_ingest::PipelineOptions;
use newstrace_ingest::pipeline::extract_all;
use newstrace_model::{Analysis, Article};
use newstrace_store::Store;
use rayon::prelude::*;
use std::path::PathBuf;

/// Articles analysed and stored per transaction.
const ANALYSES_PER_COMMIT: u64 = 256;

/// Runs the command.
pub fn run(a: &AnalyzeArgs, ui: Ui) -> anyhow::Result<u8> {
    let (articles, failed) = articles_for(a, ui)?;
    let analysed: Vec<(Article, Analysis)> = articles
        .into_par_iter()
        .map(|art| {
            let analysis = newstrace_analyze::analyze(&art);
            (art, analysis)
        })
        .collect();
    if a.json {
        let views: Vec<AnalysisJson> = analysed
            .iter()
            .map(|(art, an)| AnalysisJson::new(art, an))
            .collect();
        match views.as_slice() {
            [one] => print_json(one)?,
            _ => print_json(&views)?,
        }
    } else {
        for (i, (art, an)) in analysed.iter().enumerate() {
            if i > 0 {
                println!("\n{}\n", "═".repeat(72));
            }
            print_analysis(art, an);
        }
    }
    Ok(if failed > 0 { exit::PARTIAL } else { exit::OK })
}

/// The articles a `FILE|ID` argument names: every article of the file when it is one, else
/// the stored article with that id. Also returns how many records of the file failed.
pub fn articles_for(a: &AnalyzeArgs, ui: Ui) -> anyhow::Result<(Vec<Article>, usize)> {
    let path = PathBuf::from(&a.target);
    Ok(if a.target == "-" || path.is_file() {
        from_file(a, path, ui)
    } else {
        (vec![from_store(a)?], 0)
    })
}

fn from_file(a: &AnalyzeArgs, path: PathBuf, ui: Ui) -> (Vec<Article>, usize) {
    let options = PipelineOptions {
        limits: (&a.limits).into(),
        ..PipelineOptions::default()
    };
    let mut failed = 0;
    let mut articles = Vec::new();
    for r in extract_all(std::slice::from_ref(&path), &options) {
        match r {
            Ok(art) => articles.push(art),
            Err(e) => {
                failed += 1;
                if !ui.quiet {
                    eprintln!("warning: {e}");
                }
            }
        }
    }
    (articles, failed)
}

fn from_store(a: &AnalyzeArgs) -> anyhow::Result<Article> {
    let store = must_exist(&a.db.db).map_err(|e| {
        e.context(format!(
            "`{}` is not a file, so it was taken as an article id",
            a.target
        ))
    })?;
    match store.get(&a.target)? {
        Some(found) => Ok(found.article),
        None => anyhow::bail!(
            "`{}` is neither a file nor a stored article (an id, a 4+ character prefix, or an external id)",
            a.target
        ),
    }
}

/// Analyses every stored article that has no analysis of the current analyser version, in
/// parallel, committing as it goes. Returns how many were analysed.
pub fn analyze_pending(store: &mut Store) -> anyhow::Result<u64> {
    let mut done = 0;
    let mut after = newstrace_store::Cursor::START;
    loop {
        let (ids, next) =
            store.needing_analysis_after(newstrace_analyze::VERSION, after, ANALYSES_PER_COMMIT)?;
        after = next;
        if ids.is_empty() {
            return Ok(done);
        }
        let mut articles = Vec::with_capacity(ids.len());
        for id in &ids {
            if let Some(found) = store.get(id.as_str())? {
                articles.push(found.article);
            }
        }
        let analyses: Vec<_> = articles
            .par_iter()
            .map(|art| (art.id.clone(), newstrace_analyze::analyze(art)))
            .collect();
        store.save_analyses(&analyses)?;
        done += analyses.len() as u64;
        if analyses.len() < ids.len() {
            // An id vanished between listing and loading: nothing else can change it, so stop
            // rather than loop on it.
            return Ok(done);
        }
    }
}
