//! Throughput of the whole analyser, one thread: articles/s on real news texts (by default the
//! PolNeAR dev texts beside the repository, about 5 KB each), then the cost per byte on
//! pathological inputs, which must stay linear.
//!
//! `cargo run --release -p newstrace-analyze --example bench_analyze [-- DIR_OF_TXT]`

use newstrace_analyze::{Context, analyze_context, gazetteer::Gazetteer};
use std::time::Instant;

/// Builds a text of about the given size in bytes.
type MakeText = Box<dyn Fn(usize) -> String>;

fn context(text: &str) -> Context<'_> {
    Context {
        text,
        title: None,
        byline: None,
        outlet: None,
        date: chrono::NaiveDate::from_ymd_opt(2026, 4, 24),
    }
}

/// Seconds per run of the analyser over `text`, best of `reps`.
fn time_one(text: &str, reps: usize) -> f64 {
    let gaz = Gazetteer::builtin();
    (0..reps)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(analyze_context(&context(text), gaz));
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| {
        format!(
            "{}/../../../shared/eval/attribution/dev/text",
            env!("CARGO_MANIFEST_DIR")
        )
    });
    let mut texts: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    texts.sort();
    let gaz = Gazetteer::builtin();
    if texts.is_empty() {
        eprintln!("no .txt files in {dir}");
    } else {
        let bytes: usize = texts.iter().map(String::len).sum();
        // Warm up (lazy tables), then measure several passes.
        for t in &texts {
            std::hint::black_box(analyze_context(&context(t), gaz));
        }
        let passes = 10;
        let start = Instant::now();
        for _ in 0..passes {
            for t in &texts {
                std::hint::black_box(analyze_context(&context(t), gaz));
            }
        }
        let secs = start.elapsed().as_secs_f64();
        let n = (texts.len() * passes) as f64;
        let avg_kb = bytes as f64 / texts.len() as f64 / 1024.0;
        println!(
            "{} texts of {avg_kb:.1} KB on average: {:.0} articles/s on one thread ({:.1} µs each, {:.1} µs per KB)",
            texts.len(),
            n / secs,
            secs / n * 1e6,
            secs / n * 1e6 / avg_kb
        );
    }

    println!("pathological inputs (µs per KB; linear cost keeps these flat as size grows):");
    let cases: Vec<(&str, MakeText)> = vec![
        (
            "one line, no punctuation",
            Box::new(|n| "word Another Name said ".repeat(n / 23)),
        ),
        (
            "quotation marks",
            Box::new(|n| "\" a \u{201c} b ".repeat(n / 10)),
        ),
        (
            "capitalised words",
            Box::new(|n| "Alpha Beta Gamma ".repeat(n / 17)),
        ),
        (
            "dates and years",
            Box::new(|n| "in 1992 on Sunday 24 April ".repeat(n / 27)),
        ),
    ];
    for (name, make) in &cases {
        let line: Vec<String> = [64 << 10, 256 << 10, 1 << 20]
            .iter()
            .map(|&size| {
                let text = make(size);
                let secs = time_one(&text, 2);
                format!(
                    "{:>5} KB {:>8.2}",
                    size >> 10,
                    secs * 1e6 / (text.len() as f64 / 1024.0)
                )
            })
            .collect();
        println!("  {name:<26} {}", line.join("   "));
    }
}
