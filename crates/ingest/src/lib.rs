//! Reading news inputs into [`Article`](newstrace_model::Article)s.
//!
//! The flow inside this crate is `input` (find, open, decompress, choose a format) →
//! `readers` (one per format, each record a [`RawDoc`]) → `extract` (main text and metadata)
//! → `pipeline` (parallel batches, results in input order). It knows nothing of storage.
//!
//! ```no_run
//! use newstrace_ingest::{pipeline, PipelineOptions, Event};
//! let mut articles = 0;
//! pipeline::run(&["examples/corpus".into()], &PipelineOptions::default(), &mut |e| {
//!     if let Event::Article(_) = e { articles += 1 }
//! });
//! ```

pub mod dates;
pub mod error;
pub mod extract;
pub mod input;
pub mod limits;
pub mod pipeline;
pub mod raw;
pub mod readers;

pub use error::{ErrorKind, RecordError};
pub use limits::Limits;
pub use pipeline::{Event, PipelineOptions};
pub use raw::{Body, RawDoc, RawMeta};
