//! `newstrace extract FILE`: what would be ingested, without a store.

use super::{Ui, print_json};
use crate::args::{ExtractArgs, exit};
use crate::view::{ArticleJson, print_article};
use newstrace_ingest::PipelineOptions;
use newstrace_ingest::pipeline::extract_all;

/// Runs the command; exit 2 when some records failed.
pub fn run(a: &ExtractArgs, ui: Ui) -> anyhow::Result<u8> {
    let options = PipelineOptions {
        limits: (&a.limits).into(),
        ..PipelineOptions::default()
    };
    let results = extract_all(std::slice::from_ref(&a.file), &options);
    let mut failed = 0usize;
    let mut articles = Vec::new();
    for r in results {
        match r {
            Ok(article) => articles.push(article),
            Err(e) => {
                failed += 1;
                if !ui.quiet {
                    eprintln!("warning: {e}");
                }
            }
        }
    }
    if a.json {
        let views: Vec<ArticleJson> = articles
            .iter()
            .map(|art| ArticleJson::full(art, 1, &[]))
            .collect();
        print_json(&views)?;
    } else {
        for (i, art) in articles.iter().enumerate() {
            if i > 0 {
                println!("\n{}\n", "─".repeat(72));
            }
            print_article(art, 1, &[]);
        }
    }
    Ok(if failed > 0 { exit::PARTIAL } else { exit::OK })
}
