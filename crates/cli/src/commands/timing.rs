//! Where a repeated job spends its time, step by step, for the `info` log (`-v`).

use std::time::{Duration, Instant};

/// Time spent per named step, summed over every run of the job.
pub struct StepTimes<const N: usize> {
    job: &'static str,
    names: [&'static str; N],
    spent: [Duration; N],
}

impl<const N: usize> StepTimes<N> {
    /// No time spent yet in any of `names`.
    pub fn new(job: &'static str, names: [&'static str; N]) -> Self {
        Self {
            job,
            names,
            spent: [Duration::ZERO; N],
        }
    }

    /// Charges the time since `clock` last charged (or started) to step `step`.
    pub fn charge(&mut self, clock: &mut Instant, step: usize) {
        self.spent[step] += clock.elapsed();
        *clock = Instant::now();
    }

    /// Logs the time of every step at `info`.
    pub fn log(&self) {
        let steps: Vec<String> = self
            .names
            .iter()
            .zip(&self.spent)
            .map(|(name, d)| format!("{name} {d:.1?}"))
            .collect();
        tracing::info!("{}: {}", self.job, steps.join(", "));
    }
}
