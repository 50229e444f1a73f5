//! `newstrace show ID`: one article with every sighting and its check findings.

use super::list::must_exist;
use super::print_json;
use crate::args::{ShowArgs, exit};
use crate::view::{ArticleJson, print_article};
use newstrace_model::Finding;
use serde::Serialize;

#[derive(Serialize)]
struct ShowJson<'a> {
    #[serde(flatten)]
    article: ArticleJson<'a>,
    /// Check findings stored at ingest (empty when none, or not checked yet).
    findings: &'a [Finding],
}

/// Runs the command; an unknown id is an error (exit 1).
pub fn run(a: &ShowArgs) -> anyhow::Result<u8> {
    let store = must_exist(&a.db.db)?;
    let Some(found) = store.get(&a.id)? else {
        anyhow::bail!(
            "no article matches `{}` (an id, a 4+ character id prefix, or an external id)",
            a.id
        );
    };
    let sightings = store.sightings(&found.article.id)?;
    let findings = store.findings(&found.article.id)?.unwrap_or_default();
    if a.json {
        print_json(&ShowJson {
            article: ArticleJson::full(&found.article, found.sightings, &sightings),
            findings: &findings,
        })?;
    } else {
        print_article(&found.article, found.sightings, &sightings);
        if !findings.is_empty() {
            println!("\nCheck findings:");
            super::check::print_findings(&found.article.text, &findings);
        }
    }
    Ok(exit::OK)
}
