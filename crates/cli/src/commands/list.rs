//! `newstrace list`: the articles in the store.

use super::print_json;
use crate::args::{ListArgs, exit};
use crate::view::{ArticleJson, summary_line};
use newstrace_store::{ListQuery, Store};

/// Runs the command.
pub fn run(a: &ListArgs) -> anyhow::Result<u8> {
    let store = must_exist(&a.db.db)?;
    let articles = store.list(&ListQuery {
        limit: a.limit as u64,
        offset: a.offset as u64,
        outlet: a.outlet.clone(),
        ..ListQuery::default()
    })?;
    if a.json {
        let views: Vec<ArticleJson> = articles.iter().map(ArticleJson::from_summary).collect();
        print_json(&views)?;
    } else if articles.is_empty() {
        eprintln!(
            "no articles{}",
            if a.offset > 0 { " at this offset" } else { "" }
        );
    } else {
        for s in &articles {
            println!("{}", summary_line(s));
        }
    }
    Ok(exit::OK)
}

/// Opens an existing store read-write, refusing to create one where none is (a typo in
/// `--db` should not silently show an empty store).
pub fn must_exist(path: &std::path::Path) -> anyhow::Result<Store> {
    if !path.exists() {
        anyhow::bail!(
            "no store at {} (run `newstrace ingest` first, or pass --db)",
            path.display()
        );
    }
    Ok(Store::open(path)?)
}
