//! The ingest pipeline: inputs → records → articles, extraction in parallel, output in input
//! order so runs are deterministic.

use crate::error::RecordError;
use crate::extract::extract;
use crate::input::discover;
use crate::limits::Limits;
use crate::raw::{Body, RawDoc};
use crate::readers::read_input;
use newstrace_model::{Article, InputFormat};
use rayon::prelude::*;
use std::path::PathBuf;

/// Options of one pipeline run.
#[derive(Debug, Clone, Copy)]
pub struct PipelineOptions {
    /// Size caps.
    pub limits: Limits,
    /// Records extracted together in one parallel batch.
    pub batch_records: usize,
    /// Bytes of raw bodies held at once before a batch is extracted (bounds memory).
    pub batch_bytes: usize,
}

impl Default for PipelineOptions {
    fn default() -> Self {
        Self {
            limits: Limits::DEFAULT,
            batch_records: 256,
            batch_bytes: 64 << 20,
        }
    }
}

/// What the pipeline reports, in order.
#[derive(Debug)]
pub enum Event {
    /// Reading of an input started (its articles may be reported after later `Input` events).
    Input {
        /// The input's display name.
        display: String,
    },
    /// An input was read to its end, as `format` (None when it could not be opened).
    InputDone {
        /// The input's display name.
        display: String,
        /// The format it was read as.
        format: Option<InputFormat>,
    },
    /// An article was extracted.
    Article(Box<Article>),
    /// A record (or a whole input) failed; the run goes on.
    Failed(RecordError),
}

/// Reads every record under `paths` and reports articles and failures to `on_event` in input
/// order. Memory is bounded by [`PipelineOptions::batch_bytes`] plus one record.
pub fn run(paths: &[PathBuf], options: &PipelineOptions, on_event: &mut dyn FnMut(Event)) {
    let (inputs, errors) = discover(paths);
    for e in errors {
        on_event(Event::Failed(e));
    }
    let mut batch = Batch::default();
    for input in &inputs {
        let display = input.display();
        on_event(Event::Input {
            display: display.clone(),
        });
        let format = read_input(input, &options.limits, &mut |record| {
            batch.push(record);
            if batch.len() >= options.batch_records || batch.bytes >= options.batch_bytes {
                batch.flush(on_event);
            }
        });
        on_event(Event::InputDone { display, format });
    }
    batch.flush(on_event);
}

/// [`run`] on a thread of its own, with `on_event` called on the caller's thread in the same
/// order: reading and extracting the next records overlaps with whatever the caller does
/// with the last ones (storing, analysing, linking), which otherwise leaves a core idle
/// while SQLite writes. At most `ahead` events wait between the two. When the caller stops
/// caring (after a failure it ignores the rest), the reader still reads to the end.
pub fn run_ahead(
    paths: &[PathBuf],
    options: &PipelineOptions,
    ahead: usize,
    on_event: &mut dyn FnMut(Event),
) {
    let (tx, rx) = std::sync::mpsc::sync_channel(ahead.max(1));
    std::thread::scope(|scope| {
        scope.spawn(move || {
            run(paths, options, &mut |event| {
                // A closed channel means the caller returned early: nothing to deliver to.
                let _ = tx.send(event);
            });
        });
        for event in rx {
            on_event(event);
        }
    });
}

/// Extracts every record of one input and returns the results in order (the `extract` command).
pub fn extract_all(
    paths: &[PathBuf],
    options: &PipelineOptions,
) -> Vec<Result<Article, RecordError>> {
    let mut out = Vec::new();
    run(paths, options, &mut |event| match event {
        Event::Article(a) => out.push(Ok(*a)),
        Event::Failed(e) => out.push(Err(e)),
        Event::Input { .. } | Event::InputDone { .. } => {}
    });
    out
}

/// Records waiting to be extracted together.
#[derive(Default)]
struct Batch {
    records: Vec<Result<RawDoc, RecordError>>,
    bytes: usize,
}

impl Batch {
    fn len(&self) -> usize {
        self.records.len()
    }

    fn push(&mut self, record: Result<RawDoc, RecordError>) {
        if let Ok(raw) = &record {
            self.bytes += body_len(&raw.body);
        }
        self.records.push(record);
    }

    fn flush(&mut self, on_event: &mut dyn FnMut(Event)) {
        let records = std::mem::take(&mut self.records);
        self.bytes = 0;
        let results: Vec<Result<Article, RecordError>> = records
            .into_par_iter()
            .map(|record| record.and_then(extract))
            .collect();
        for result in results {
            on_event(match result {
                Ok(a) => Event::Article(Box::new(a)),
                Err(e) => Event::Failed(e),
            });
        }
    }
}

fn body_len(body: &Body) -> usize {
    match body {
        Body::Page { bytes, .. } => bytes.len(),
        Body::Fragment(s) | Body::TextFile(s) | Body::Text(s) => s.len(),
    }
}
