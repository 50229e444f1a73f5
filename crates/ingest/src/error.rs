//! Errors of the ingest stage. Every error names the file, and the record inside it where the
//! format has records, so a user can find the bytes that failed.

use newstrace_model::RecordOrigin;
use std::fmt;

/// A record (or a whole file) that could not be read or extracted. The batch goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// The file, and the record inside it when the error is about one record.
    pub origin: RecordOrigin,
    /// What went wrong, for a person.
    pub kind: ErrorKind,
    /// Detail for a person (`line 3: expected value at column 1`).
    pub message: String,
}

/// The class of a [`RecordError`], for counting and for tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The file could not be opened or read.
    Io,
    /// The compressed stream is corrupt or ends early.
    Compression,
    /// A size cap was hit (file, record, or inflated bytes).
    TooLarge,
    /// Bytes that are not valid in the declared or detected encoding.
    Encoding,
    /// The record's syntax is broken (JSON, XML, WARC headers).
    Malformed,
    /// The record parsed but holds no article text.
    NoContent,
    /// The format could not be recognised.
    UnknownFormat,
}

impl ErrorKind {
    /// A short lowercase name for summaries and the store.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::Compression => "compression",
            ErrorKind::TooLarge => "too-large",
            ErrorKind::Encoding => "encoding",
            ErrorKind::Malformed => "malformed",
            ErrorKind::NoContent => "no-content",
            ErrorKind::UnknownFormat => "unknown-format",
        }
    }
}

impl RecordError {
    /// An error of `kind` at `origin`.
    pub fn new(origin: RecordOrigin, kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            origin,
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for RecordError {
    /// `feeds/world.xml: record 3: malformed: missing <link>`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.origin,
            self.kind.as_str(),
            self.message
        )
    }
}

impl std::error::Error for RecordError {}
