//! Where a record was read from.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The input format a record was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// Plain text: headline, optional date and byline lines, body.
    Text,
    /// An HTML page.
    Html,
    /// A JSON object or array of objects.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// An RSS feed.
    Rss,
    /// An Atom feed.
    Atom,
    /// A web archive.
    Warc,
}

impl InputFormat {
    /// The lowercase name used in JSON and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Html => "html",
            InputFormat::Json => "json",
            InputFormat::Jsonl => "jsonl",
            InputFormat::Rss => "rss",
            InputFormat::Atom => "atom",
            InputFormat::Warc => "warc",
        }
    }

    /// Inverse of [`InputFormat::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        [
            InputFormat::Text,
            InputFormat::Html,
            InputFormat::Json,
            InputFormat::Jsonl,
            InputFormat::Rss,
            InputFormat::Atom,
            InputFormat::Warc,
        ]
        .into_iter()
        .find(|f| f.as_str() == s)
    }
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The file and the place inside it that a record came from. Error messages and sightings
/// both carry one, so every article can be traced back to the bytes it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RecordOrigin {
    /// The path as the user gave it (or `-` for standard input).
    pub path: String,
    /// The format the record was read as.
    pub format: InputFormat,
    /// 1-based record number inside a multi-record file (JSONL line, feed item, WARC record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
    /// Byte offset of the record in the (decompressed) file, where the format has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
}

impl RecordOrigin {
    /// A whole-file origin.
    pub fn file(path: impl Into<String>, format: InputFormat) -> Self {
        Self {
            path: path.into(),
            format,
            record: None,
            offset: None,
        }
    }

    /// The origin of record number `record` (1-based) at byte `offset`.
    pub fn record(
        path: impl Into<String>,
        format: InputFormat,
        record: u64,
        offset: Option<u64>,
    ) -> Self {
        Self {
            path: path.into(),
            format,
            record: Some(record),
            offset,
        }
    }
}

impl fmt::Display for RecordOrigin {
    /// `path`, `path: record 3`, or `path: record 3 (byte 4096)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        if let Some(r) = self.record {
            write!(f, ": record {r}")?;
            if let Some(o) = self.offset {
                write!(f, " (byte {o})")?;
            }
        }
        Ok(())
    }
}
