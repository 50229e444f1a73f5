//! `newstrace eval ...`: measurements on public evaluation sets.

use super::print_json;
use crate::args::{EvalArgs, ExtractionEvalArgs, exit};
use anyhow::Context;

/// `eval extraction DIR [--predictions FILE]`.
pub fn extraction(args: &ExtractionEvalArgs) -> anyhow::Result<u8> {
    let a = &args.eval;
    if let Some(path) = &args.predictions {
        return predictions(a, path);
    }
    let report = newstrace_eval::extraction::evaluate(&a.dir, a.per_doc)
        .with_context(|| format!("evaluating extraction on {}", a.dir.display()))?;
    if a.json {
        print_json(&report)?;
    } else {
        println!(
            "article extraction on {} ({} documents)",
            a.dir.display(),
            report.docs
        );
        println!("  F1         {:.4}", report.f1);
        println!("  precision  {:.4}", report.precision);
        println!("  recall     {:.4}", report.recall);
        println!(
            "  docs/s     {:.1} on one thread, {:.1} on all cores",
            report.docs_per_sec, report.docs_per_sec_parallel
        );
        for d in &report.per_doc {
            println!(
                "  {:.3} P {:.3} R {:.3}  {}",
                f1(d.precision, d.recall),
                d.precision,
                d.recall,
                d.id
            );
        }
    }
    Ok(exit::OK)
}

/// `eval extraction DIR --predictions FILE`: another extractor's output, same metric.
fn predictions(a: &EvalArgs, path: &std::path::Path) -> anyhow::Result<u8> {
    let report = newstrace_eval::extraction::evaluate_predictions(&a.dir, path, a.per_doc)
        .with_context(|| format!("scoring {} on {}", path.display(), a.dir.display()))?;
    if a.json {
        print_json(&report)?;
    } else {
        println!(
            "predictions {} on {} ({} documents, {} without a prediction, {} unknown ids)",
            path.display(),
            a.dir.display(),
            report.docs,
            report.missing,
            report.unknown
        );
        println!("  F1         {:.4}", report.f1);
        println!("  precision  {:.4}", report.precision);
        println!("  recall     {:.4}", report.recall);
        for d in &report.per_doc {
            println!(
                "  {:.3} P {:.3} R {:.3}  {}",
                f1(d.precision, d.recall),
                d.precision,
                d.recall,
                d.id
            );
        }
    }
    Ok(exit::OK)
}

/// `eval attribution DIR`.
pub fn attribution(a: &EvalArgs) -> anyhow::Result<u8> {
    let report = newstrace_eval::attribution::evaluate(&a.dir)
        .with_context(|| format!("evaluating attribution on {}", a.dir.display()))?;
    if a.json {
        print_json(&report)?;
    } else {
        println!(
            "attribution on {} ({} documents, {} gold, {} predicted)",
            a.dir.display(),
            report.docs,
            report.gold,
            report.predicted
        );
        for (name, prf) in [("overlap", &report.overlap), ("exact", &report.exact)] {
            println!(
                "  {name:<8} P {:.4}  R {:.4}  F1 {:.4}",
                prf.precision, prf.recall, prf.f1
            );
        }
        println!("  docs/s   {:.1}", report.docs_per_sec);
    }
    Ok(exit::OK)
}

/// `eval dates DIR`.
pub fn dates(a: &EvalArgs) -> anyhow::Result<u8> {
    let report = newstrace_eval::dates::evaluate(&a.dir, a.per_doc)
        .with_context(|| format!("evaluating dates on {}", a.dir.display()))?;
    if a.json {
        print_json(&report)?;
    } else {
        println!(
            "publication dates on {} ({} pages)",
            a.dir.display(),
            report.docs
        );
        println!("  accuracy   {:.4}", report.accuracy);
        println!("  found      {} of {}", report.found, report.docs);
        println!("  docs/s     {:.1} on one thread", report.docs_per_sec);
        for d in &report.per_doc {
            println!(
                "  {} gold {:10} found {:10} via {:12} {}",
                if d.correct { "ok " } else { "BAD" },
                d.gold.as_deref().unwrap_or("-"),
                d.found.as_deref().unwrap_or("-"),
                d.source.as_deref().unwrap_or("-"),
                d.file
            );
        }
    }
    Ok(exit::OK)
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}
