//! Scores attributions on the PolNeAR dev split:
//! `cargo run --release -p newstrace-eval --example eval_attribution -- ../shared/eval/attribution/dev`

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/eval/attribution/dev".into());
    if std::env::var_os("ATT_DEBUG").is_some() {
        debug(std::path::Path::new(&dir));
        return;
    }
    match newstrace_eval::attribution::evaluate(std::path::Path::new(&dir)) {
        Ok(mut r) => {
            let mut errs: Vec<_> = std::mem::take(&mut r.errors_by_cue).into_iter().collect();
            errs.sort_by_key(|(_, (m, f))| std::cmp::Reverse(m + f));
            println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default());
            println!("errors by cue (missed gold, false predictions):");
            for (cue, (m, f)) in errs.iter().take(40) {
                println!("  {cue:<24} {m:>4} {f:>4}");
            }
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}

/// With `ATT_DEBUG=1`, prints each document's misses and false predictions in context.
fn debug(dir: &std::path::Path) {
    use newstrace_eval::attribution::{match_pairs, parse_ann, predict};
    let Ok(rd) = std::fs::read_dir(dir.join("text")) else {
        return;
    };
    let mut names: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    names.sort();
    for path in names {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Some(ann) = std::fs::read_dir(dir.join("attributions"))
            .ok()
            .and_then(|rd| {
                let mut v: Vec<_> = rd
                    .filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| {
                        p.file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(|n| n.starts_with(&format!("{stem}_")))
                    })
                    .collect();
                v.sort();
                v.first().and_then(|p| std::fs::read_to_string(p).ok())
            })
        else {
            continue;
        };
        let chars: Vec<char> = text.chars().collect();
        let sl = |a: usize, b: usize| {
            chars[a.min(chars.len())..b.min(chars.len())]
                .iter()
                .collect::<String>()
                .replace('\n', " ")
        };
        let (gold, _) = parse_ann(&ann);
        let pred = predict(&text);
        let (_, _, gh, ph) = match_pairs(&pred, &gold, false);
        for (g, h) in gold.iter().zip(gh) {
            if !h {
                println!(
                    "MISS [{}] [{}] | {}",
                    sl(g.source.0, g.source.1),
                    sl(g.cue.0, g.cue.1),
                    sl(
                        g.source.0.min(g.cue.0).saturating_sub(30),
                        g.cue.1.max(g.source.1) + 30
                    )
                );
            }
        }
        for (p, h) in pred.iter().zip(ph) {
            if !h {
                println!(
                    "FALSE [{}] [{}] | {}",
                    sl(p.source.0, p.source.1),
                    sl(p.cue.0, p.cue.1),
                    sl(
                        p.source.0.min(p.cue.0).saturating_sub(30),
                        p.cue.1.max(p.source.1) + 30
                    )
                );
            }
        }
    }
}
