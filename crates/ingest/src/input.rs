//! Finding inputs and opening them: directory walking, standard input, transparent `.gz` and
//! `.zst`, the inflated-size cap, and choosing a format by extension and by content.
//! (Being implemented.)

use crate::error::{ErrorKind, RecordError};
use crate::limits::Limits;
use newstrace_model::{InputFormat, RecordOrigin};
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// One input: a file, or standard input (`-`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputRef {
    /// Standard input.
    Stdin,
    /// A file on disk.
    File(PathBuf),
}

impl InputRef {
    /// The name used in messages and origins: the path as given, or `-`.
    pub fn display(&self) -> String {
        match self {
            InputRef::Stdin => "-".to_string(),
            InputRef::File(p) => p.display().to_string(),
        }
    }
}

/// An input opened for reading, decompressed, with its format decided.
pub struct Opened {
    /// The input's display name.
    pub display: String,
    /// The format its content will be read as.
    pub format: InputFormat,
    /// The decompressed byte stream, capped at [`Limits::max_inflated_bytes`].
    pub stream: Box<dyn BufRead + Send>,
}

/// Expands the paths a user gave into inputs: `-` is standard input, a directory is walked
/// recursively in sorted order (hidden entries skipped). Paths that cannot be read are
/// returned as errors beside the inputs that can.
pub fn discover(paths: &[PathBuf]) -> (Vec<InputRef>, Vec<RecordError>) {
    let inputs = paths
        .iter()
        .map(|p| {
            if p == Path::new("-") {
                InputRef::Stdin
            } else {
                InputRef::File(p.clone())
            }
        })
        .collect();
    (inputs, Vec::new())
}

/// Opens `input`: decompresses it and decides its format.
pub fn open(input: &InputRef, _limits: &Limits) -> Result<Opened, RecordError> {
    let display = input.display();
    Err(RecordError::new(
        RecordOrigin::file(display, InputFormat::Text),
        ErrorKind::Io,
        "not implemented",
    ))
}
