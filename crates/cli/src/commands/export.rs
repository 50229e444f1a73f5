//! `newstrace export`: the store as tables (NDJSON, CSV, Parquet) or a graph (GEXF, GraphML);
//! the work is `newstrace_export`'s.

use super::list::must_exist;
use super::{Ui, print_json};
use crate::args::{ExportArgs, exit};
use newstrace_export::{Format, export};
use serde::Serialize;

/// What `export --json` prints.
#[derive(Serialize)]
struct ExportJson<'a> {
    format: &'a str,
    out: String,
    articles: u64,
    story_members: u64,
    edges: u64,
    findings: u64,
    external_sources: u64,
    cites: u64,
}

/// `export`.
pub fn run(a: &ExportArgs, ui: Ui) -> anyhow::Result<u8> {
    let format: Format = a.format.parse()?;
    let store = must_exist(&a.db.db)?;
    let counts = export(&store, format, &a.out)?;
    if a.json {
        print_json(&ExportJson {
            format: format.as_str(),
            out: a.out.display().to_string(),
            articles: counts.articles,
            story_members: counts.story_members,
            edges: counts.edges,
            findings: counts.findings,
            external_sources: counts.external_sources,
            cites: counts.cites,
        })?;
    } else if !ui.quiet {
        if matches!(format, Format::Gexf | Format::Graphml) {
            println!(
                "wrote {}: {} article nodes, {} outside sources, {} relations, {} cites edges",
                a.out.display(),
                counts.articles,
                counts.external_sources,
                counts.edges,
                counts.cites
            );
        } else {
            println!(
                "wrote {} ({format}): {} articles, {} story members, {} edges, {} findings",
                a.out.display(),
                counts.articles,
                counts.story_members,
                counts.edges,
                counts.findings
            );
        }
    }
    Ok(exit::OK)
}
