//! Quality floors on the public evaluation sets, when they are present beside the repository
//! (`../shared/eval`). These guard against regressions in extraction and dating; the speed
//! figures live in `bench/run.sh` and docs/BENCHMARKS.md, not in tests.

use std::path::PathBuf;

fn eval_dir(set: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/eval")
        .join(set);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is not present", dir.display());
        None
    }
}

#[test]
fn extraction_f1_stays_above_the_floor() {
    let Some(dir) = eval_dir("article-extraction") else {
        return;
    };
    let report = newstrace_eval::extraction::evaluate(&dir, false).unwrap();
    assert_eq!(report.docs, 181);
    assert!(
        report.f1 >= 0.96,
        "F1 {:.4} (P {:.4}, R {:.4})",
        report.f1,
        report.precision,
        report.recall
    );
}

#[test]
fn date_accuracy_stays_above_the_floor() {
    let Some(dir) = eval_dir("publication-dates") else {
        return;
    };
    let report = newstrace_eval::dates::evaluate(&dir, false).unwrap();
    assert_eq!(report.docs, 200);
    assert!(
        report.accuracy >= 0.85,
        "accuracy {:.4}, found {}",
        report.accuracy,
        report.found
    );
}

#[test]
fn attribution_overlap_f1_stays_above_the_floor() {
    let Some(dir) = eval_dir("attribution/dev") else {
        return;
    };
    let report = newstrace_eval::attribution::evaluate(&dir).unwrap();
    assert_eq!(report.docs, 84);
    assert!(
        report.overlap.f1 >= 0.70 && report.overlap.precision >= 0.70,
        "overlap P {:.4} R {:.4} F1 {:.4}",
        report.overlap.precision,
        report.overlap.recall,
        report.overlap.f1
    );
}
