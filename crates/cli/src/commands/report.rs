//! `newstrace report`: the whole store as one self-contained HTML file (built by
//! `newstrace_report`); `run --report FILE` writes the same file at the end of the main job.

use super::list::must_exist;
use crate::args::{ReportArgs, exit};
use anyhow::Context;
use newstrace_report::ReportOptions;
use newstrace_store::Store;
use std::io::Write;
use std::path::Path;

/// `report`.
pub fn run(a: &ReportArgs) -> anyhow::Result<u8> {
    let store = must_exist(&a.db.db)?;
    let opts = ReportOptions {
        max_stories: a.max_stories,
        ..ReportOptions::default()
    };
    let bytes = write(&store, &a.out, &opts)?;
    if a.out.as_os_str() != "-" {
        eprintln!("wrote {} ({} KB)", a.out.display(), bytes.div_ceil(1024));
    }
    Ok(exit::OK)
}

/// Writes the report of `store` to `path` (`-`: standard output) and returns its size.
pub fn write(store: &Store, path: &Path, opts: &ReportOptions) -> anyhow::Result<usize> {
    let html = newstrace_report::render(store, opts).context("building the report")?;
    if path.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        out.write_all(html.as_bytes())?;
        out.flush()?;
    } else {
        std::fs::write(path, &html).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(html.len())
}

/// `run --report FILE`: writes the report after the main job and says where.
pub fn after_run(store: &Store, path: &Path, json: bool, quiet: bool) -> anyhow::Result<()> {
    let bytes = write(store, path, &ReportOptions::default())?;
    let line = format!("report: {} ({} KB)", path.display(), bytes.div_ceil(1024));
    if json {
        // Standard output holds the JSON summary.
        if !quiet {
            eprintln!("{line}");
        }
    } else {
        println!("{line}");
    }
    Ok(())
}
