//! Size caps. Scraped piles contain runaway files and decompression bombs; every reader
//! enforces these so memory stays bounded whatever the input.

/// Caps applied while reading. Defaults suit news; all are configurable from the CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input read whole (HTML, text, JSON document, feed), after decompression.
    pub max_file_bytes: u64,
    /// Largest single record in a streamed format (a JSONL line, a WARC record body).
    pub max_record_bytes: u64,
    /// Largest number of bytes any one compressed input may inflate to.
    pub max_inflated_bytes: u64,
}

impl Limits {
    /// 64 MiB whole files, 16 MiB records, 8 GiB inflated.
    pub const DEFAULT: Limits = Limits {
        max_file_bytes: 64 << 20,
        max_record_bytes: 16 << 20,
        max_inflated_bytes: 8 << 30,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}
