//! `newstrace search QUERY`: full-text search over titles and text.

use super::list::must_exist;
use super::print_json;
use crate::args::{SearchArgs, exit};
use crate::view::{ArticleJson, summary_line};
use serde::Serialize;

#[derive(Serialize)]
struct HitJson<'a> {
    #[serde(flatten)]
    article: ArticleJson<'a>,
    /// The passage that matched, terms in `[` `]`.
    snippet: &'a str,
    /// BM25; lower is more relevant.
    rank: f64,
}

/// Runs the command.
pub fn run(a: &SearchArgs) -> anyhow::Result<u8> {
    let store = must_exist(&a.db.db)?;
    let query = a.query.join(" ");
    let hits = store.search(&query, a.limit as u64)?;
    if a.json {
        let views: Vec<HitJson> = hits
            .iter()
            .map(|h| HitJson {
                article: ArticleJson::from_summary(&h.article),
                snippet: &h.snippet,
                rank: h.rank,
            })
            .collect();
        print_json(&views)?;
    } else if hits.is_empty() {
        eprintln!("no matches for {query:?}");
    } else {
        for h in &hits {
            println!(
                "{}\n    {}",
                summary_line(&h.article),
                h.snippet.replace('\n', " ")
            );
        }
    }
    Ok(exit::OK)
}
