//! `newstrace check FILE|ID`, the knowledge base a command works with, and the check step of
//! `ingest`/`run`.

use super::{Ui, print_json};
use crate::args::{AnalyzeArgs, exit};
use anyhow::Context as _;
use newstrace_analyze::Context;
use newstrace_kb::Kb;
use newstrace_model::{Article, Finding};
use newstrace_store::Store;
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Articles checked and stored per transaction.
const CHECKS_PER_COMMIT: u64 = 256;

/// The knowledge base in use, and the key that identifies it in the store.
pub struct Knowledge {
    /// The merged knowledge base.
    pub kb: Kb,
    /// Changes whenever the knowledge base, the analyser or this program changes, so stored
    /// findings made with anything else are redone.
    pub key: String,
}

impl Knowledge {
    /// The core, then the config file's files, then `--kb` files, later ones winning.
    pub fn load(cli_files: &[PathBuf]) -> anyhow::Result<Self> {
        let mut files = config_files()?;
        files.extend(cli_files.iter().cloned());
        let kb = Kb::load(&files).context("loading the knowledge base")?;
        let content = serde_json::to_vec(&(&kb.entities, &kb.events, &kb.terms))?;
        let key = format!(
            "{}-{}-{:016x}",
            env!("CARGO_PKG_VERSION"),
            newstrace_analyze::VERSION,
            xxhash_rust::xxh3::xxh3_64(&content)
        );
        Ok(Self { kb, key })
    }
}

/// The knowledge-base files named by the config file: `NEWSTRACE_CONFIG` if set, else
/// `./newstrace.conf` if it exists.
fn config_files() -> anyhow::Result<Vec<PathBuf>> {
    let path = match std::env::var_os("NEWSTRACE_CONFIG") {
        Some(p) => PathBuf::from(p),
        None => {
            let local = Path::new("newstrace.conf");
            if !local.exists() {
                return Ok(Vec::new());
            }
            local.to_path_buf()
        }
    };
    Ok(Kb::load_config(&path)?)
}

/// The findings of one article (analysing it first).
pub fn check_article(article: &Article, kb: &Kb) -> Vec<Finding> {
    let analysis = newstrace_analyze::analyze(article);
    newstrace_kb::checks::check(&Context::of(article), &analysis, kb)
}

#[derive(Serialize)]
struct FindingsJson<'a> {
    id: &'a str,
    title: Option<&'a str>,
    findings: &'a [Finding],
}

/// Runs the command.
pub fn run(a: &AnalyzeArgs, ui: Ui, kb_files: &[PathBuf]) -> anyhow::Result<u8> {
    let knowledge = Knowledge::load(kb_files)?;
    let (articles, failed) = super::analyze::articles_for(a, ui)?;
    let checked: Vec<(Article, Vec<Finding>)> = articles
        .into_par_iter()
        .map(|art| {
            let f = check_article(&art, &knowledge.kb);
            (art, f)
        })
        .collect();
    if a.json {
        let views: Vec<FindingsJson> = checked
            .iter()
            .map(|(art, f)| FindingsJson {
                id: art.id.as_str(),
                title: art.title.as_deref(),
                findings: f,
            })
            .collect();
        match views.as_slice() {
            [one] => print_json(one)?,
            _ => print_json(&views)?,
        }
    } else {
        for (art, findings) in &checked {
            println!(
                "{}  {}",
                art.id,
                art.title.as_deref().unwrap_or("(no title)")
            );
            print_findings(&art.text, findings);
        }
    }
    Ok(if failed > 0 { exit::PARTIAL } else { exit::OK })
}

/// Prints findings for a person, each with its evidence and the fact it used.
pub fn print_findings(text: &str, findings: &[Finding]) {
    if findings.is_empty() {
        println!("  no findings");
    }
    for f in findings {
        let kind = crate::view::serde_name(&f.kind);
        println!("  {kind}: {}", f.reason);
        println!(
            "      claim:    {}",
            crate::view::truncate(&f.span.of(text).replace('\n', " "), 110)
        );
        if let Some(e) = &f.expected {
            println!("      expected: {e}");
        }
        if let Some(k) = &f.kb_fact {
            println!("      fact:     {k}");
        }
        if let Some(s) = &f.source {
            println!("      source:   {s}");
        }
    }
}

/// Checks analysed articles against the knowledge base, in parallel.
pub fn check_all<'a>(
    work: impl Iterator<Item = (&'a Article, &'a newstrace_model::Analysis)>,
    knowledge: &Knowledge,
) -> Vec<(newstrace_model::ArticleId, Vec<Finding>)> {
    let work: Vec<_> = work.collect();
    work.par_iter()
        .map(|(art, analysis)| (art.id.clone(), check_one(art, analysis, knowledge)))
        .collect()
}

/// Checks one analysed article against the knowledge base.
pub fn check_one(
    art: &Article,
    analysis: &newstrace_model::Analysis,
    knowledge: &Knowledge,
) -> Vec<Finding> {
    newstrace_kb::checks::check(&Context::of(art), analysis, &knowledge.kb)
}

/// Checks every analysed article whose findings were made with another knowledge base,
/// analyser or program version, in parallel, committing as it goes. Returns how many.
pub fn check_pending(store: &mut Store, knowledge: &Knowledge) -> anyhow::Result<u64> {
    let mut done = 0;
    let mut after = newstrace_store::Cursor::START;
    loop {
        let (ids, next) = store.needing_check_after(&knowledge.key, after, CHECKS_PER_COMMIT)?;
        after = next;
        if ids.is_empty() {
            return Ok(done);
        }
        let mut work = Vec::with_capacity(ids.len());
        for id in &ids {
            if let (Some(found), Some(analysis)) = (store.get(id.as_str())?, store.analysis(id)?) {
                work.push((found.article, analysis));
            }
        }
        let findings = check_all(work.iter().map(|(a, an)| (a, an)), knowledge);
        store.save_findings(&knowledge.key, &findings)?;
        done += findings.len() as u64;
        if findings.len() < ids.len() {
            return Ok(done);
        }
    }
}
