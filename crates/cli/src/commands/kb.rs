//! `newstrace kb ...`: knowledge-base tools.

use super::Ui;
use crate::args::{ImportWikidataArgs, exit};
use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newstrace_kb::wikidata::{ImportOptions, import};
use std::io::Write;

/// `kb import-wikidata DUMP [--out PATH]`: streams the dump into `.kb` records.
pub fn import_wikidata(a: &ImportWikidataArgs, ui: Ui) -> anyhow::Result<u8> {
    let mut opts = ImportOptions {
        resolve_roles: a.resolve_roles,
        ..ImportOptions::default()
    };
    if !a.classes.is_empty() {
        opts.classes = a.classes.clone();
    }
    let bar = if ui.quiet {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {bytes}/{total_bytes} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    };
    let mut progress = |p: newstrace_kb::wikidata::ImportProgress| {
        if let Some(total) = p.total_bytes {
            bar.set_length(total);
        }
        bar.set_position(p.bytes_read);
        bar.set_message(format!(
            "pass {}/{}: {} entities read, {} kept",
            p.pass, p.passes, p.entities_seen, p.entities_kept
        ));
    };
    let summary = match &a.out {
        Some(path) => {
            // Write beside the target and rename at the end: an interrupted import never
            // leaves a half-written knowledge-base file that a later run would load.
            let tmp = path.with_extension("kb.partial");
            let file = std::fs::File::create(&tmp)
                .with_context(|| format!("creating {}", tmp.display()))?;
            let mut out = std::io::BufWriter::new(file);
            let summary = import(&a.dump, &mut out, &opts, &mut progress)?;
            out.flush()?;
            drop(out);
            std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))?;
            summary
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let summary = import(&a.dump, &mut out, &opts, &mut progress)?;
            out.flush()?;
            summary
        }
    };
    bar.finish_and_clear();
    if !ui.quiet {
        for w in &summary.warnings {
            eprintln!("warning: {}: {w}", a.dump.display());
        }
        eprintln!(
            "{} entities read, {} kept ({} terms, {} events), {} malformed lines skipped",
            summary.seen, summary.kept, summary.terms, summary.events, summary.skipped_malformed
        );
    }
    Ok(if summary.skipped_malformed > 0 {
        exit::PARTIAL
    } else {
        exit::OK
    })
}
