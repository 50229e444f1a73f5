//! `newstrace show ID`: one article with every sighting.

use super::list::must_exist;
use super::print_json;
use crate::args::{ShowArgs, exit};
use crate::view::{ArticleJson, print_article};

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
    if a.json {
        print_json(&ArticleJson::full(
            &found.article,
            found.sightings,
            &sightings,
        ))?;
    } else {
        print_article(&found.article, found.sightings, &sightings);
    }
    Ok(exit::OK)
}
