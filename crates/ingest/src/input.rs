//! Finding inputs and opening them: directory walking, standard input, transparent `.gz` and
//! `.zst`, the inflated-size cap, and choosing a format by extension and by content.

use crate::error::{ErrorKind, RecordError};
use crate::limits::Limits;
use newstrace_model::{InputFormat, RecordOrigin};
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

/// Bytes looked at when deciding a format from content.
const SNIFF_BYTES: usize = 8 * 1024;

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
/// recursively in sorted order (hidden entries skipped). Inside directories only files whose
/// extension names an input format (or that have no extension) are taken, so a `README.md`
/// or an image beside the articles is not read as news; a file named explicitly is always
/// taken and its format sniffed. Paths that cannot be read are returned as errors beside the
/// inputs that can.
pub fn discover(paths: &[PathBuf]) -> (Vec<InputRef>, Vec<RecordError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p == Path::new("-") {
            inputs.push(InputRef::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut inputs, &mut errors),
            Ok(_) => inputs.push(InputRef::File(p.clone())),
            Err(e) => errors.push(io_error_at(p, &e)),
        }
    }
    (inputs, errors)
}

/// Adds the files under `dir`, sorted by name, skipping hidden entries. Symlinked
/// directories are not followed (they can loop); symlinked files are read.
fn walk(dir: &Path, inputs: &mut Vec<InputRef>, errors: &mut Vec<RecordError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(io_error_at(dir, &e));
            return;
        }
    };
    let mut children: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => {
                if !e.file_name().to_string_lossy().starts_with('.') {
                    children.push(e.path());
                }
            }
            Err(e) => errors.push(io_error_at(dir, &e)),
        }
    }
    children.sort();
    for child in children {
        match std::fs::symlink_metadata(&child) {
            Ok(m) if m.is_dir() => walk(&child, inputs, errors),
            Ok(_) if !is_input_name(&child) => {}
            Ok(m) if m.file_type().is_symlink() => match std::fs::metadata(&child) {
                Ok(t) if t.is_file() => inputs.push(InputRef::File(child)),
                Ok(_) => {}
                Err(e) => errors.push(io_error_at(&child, &e)),
            },
            Ok(m) if m.is_file() => inputs.push(InputRef::File(child)),
            Ok(_) => {}
            Err(e) => errors.push(io_error_at(&child, &e)),
        }
    }
}

fn io_error_at(p: &Path, e: &io::Error) -> RecordError {
    let display = p.display().to_string();
    let format = format_by_extension(&display).unwrap_or(InputFormat::Text);
    RecordError::new(
        RecordOrigin::file(display.clone(), format),
        ErrorKind::Io,
        format!("cannot read {display}: {e}"),
    )
}

/// Compression recognised on an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Codec {
    None,
    Gzip,
    Zstd,
}

/// Opens `input`: decompresses it and decides its format.
pub fn open(input: &InputRef, limits: &Limits) -> Result<Opened, RecordError> {
    let display = input.display();
    let named = match input {
        InputRef::Stdin => String::new(),
        InputRef::File(p) => p.to_string_lossy().to_lowercase(),
    };
    let (stem, ext_codec) = if let Some(s) = named.strip_suffix(".gz") {
        (s, Codec::Gzip)
    } else if let Some(s) = named.strip_suffix(".zst") {
        (s, Codec::Zstd)
    } else {
        (named.as_str(), Codec::None)
    };
    let ext_format = ExtFormat::of(stem);
    let guess = ext_format.format().unwrap_or(InputFormat::Text);
    let origin = || RecordOrigin::file(display.clone(), guess);

    let (raw, raw_len): (Box<dyn BufRead + Send>, Option<u64>) = match input {
        InputRef::Stdin => (Box::new(BufReader::new(io::stdin())), None),
        InputRef::File(p) => {
            let f = File::open(p).map_err(|e| {
                RecordError::new(
                    origin(),
                    ErrorKind::Io,
                    format!("cannot open {display}: {e}"),
                )
            })?;
            let len = f.metadata().ok().map(|m| m.len());
            (Box::new(BufReader::with_capacity(64 * 1024, f)), len)
        }
    };
    let mut raw = raw;
    let magic = raw.fill_buf().map_err(|e| {
        RecordError::new(
            origin(),
            ErrorKind::Io,
            format!("cannot read {display}: {e}"),
        )
    })?;
    let magic_codec = if magic.starts_with(&[0x1f, 0x8b]) {
        Codec::Gzip
    } else if magic.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Codec::Zstd
    } else {
        Codec::None
    };
    // The magic bytes decide; an extension that promises compression the bytes do not show
    // is a corrupt file, not plain data.
    if ext_codec != Codec::None && magic_codec == Codec::None {
        return Err(RecordError::new(
            origin(),
            ErrorKind::Compression,
            format!("{display}: named as compressed but does not start with its magic bytes"),
        ));
    }
    let stream: Box<dyn Read + Send> = match magic_codec {
        Codec::None => raw,
        Codec::Gzip => Box::new(Decoded(flate2::bufread::MultiGzDecoder::new(raw))),
        Codec::Zstd => {
            let d = zstd::stream::read::Decoder::with_buffer(raw).map_err(|e| {
                RecordError::new(origin(), ErrorKind::Compression, format!("{display}: {e}"))
            })?;
            Box::new(Decoded(d))
        }
    };
    let mut stream = Capped {
        inner: stream,
        seen: 0,
        cap: limits.max_inflated_bytes,
        active: magic_codec != Codec::None,
    };

    // Read a prefix to sniff; an error here is kept and replayed after the prefix, so a
    // streamed reader still sees the bytes that did come through.
    let mut prefix = Vec::with_capacity(SNIFF_BYTES);
    let mut deferred = None;
    while prefix.len() < SNIFF_BYTES {
        let mut buf = [0u8; 4096];
        let want = (SNIFF_BYTES - prefix.len()).min(buf.len());
        match stream.read(&mut buf[..want]) {
            Ok(0) => break,
            Ok(n) => prefix.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                deferred = Some(e);
                break;
            }
        }
    }

    let format = match ext_format {
        ExtFormat::Known(f) => f,
        ExtFormat::Feed(default) => sniff_feed(&prefix).unwrap_or(default),
        ExtFormat::Xml | ExtFormat::Unknown => match sniff(&prefix) {
            Some(f)
                if ext_format == ExtFormat::Unknown
                    || matches!(f, InputFormat::Rss | InputFormat::Atom) =>
            {
                f
            }
            _ => {
                if let Some(e) = deferred {
                    return Err(io_record_error(origin(), &e));
                }
                return Err(RecordError::new(
                    origin(),
                    ErrorKind::UnknownFormat,
                    format!(
                        "{display}: format not recognised (expected text, HTML, JSON, JSONL, RSS, Atom or WARC)"
                    ),
                ));
            }
        },
    };

    // Whole-file formats are capped on the file's size up front (streamed formats have
    // per-record caps instead); readers cap again on what they read, for stdin and inflation.
    if is_whole_file(format)
        && magic_codec == Codec::None
        && let Some(len) = raw_len
        && len > limits.max_file_bytes
    {
        return Err(too_large_file(
            RecordOrigin::file(display.clone(), format),
            len,
            limits.max_file_bytes,
        ));
    }

    let rest: Box<dyn Read + Send> = match deferred {
        Some(e) => Box::new(Replay(Some(e))),
        None => Box::new(stream),
    };
    Ok(Opened {
        display,
        format,
        stream: Box::new(BufReader::with_capacity(
            64 * 1024,
            Cursor::new(prefix).chain(rest),
        )),
    })
}

/// Whether a format is read whole (and so limited by [`Limits::max_file_bytes`]).
pub(crate) fn is_whole_file(format: InputFormat) -> bool {
    !matches!(format, InputFormat::Warc | InputFormat::Jsonl)
}

/// The error for a file over [`Limits::max_file_bytes`], saying how to raise the cap.
pub(crate) fn too_large_file(origin: RecordOrigin, size: u64, cap: u64) -> RecordError {
    RecordError::new(
        origin,
        ErrorKind::TooLarge,
        format!("{size} bytes is over the {cap}-byte file cap (raise it with --max-file-size)"),
    )
}

/// Turns an I/O error from an [`Opened`] stream into a record error of the right kind:
/// a corrupt or truncated compressed stream is `Compression`, the inflated cap `TooLarge`.
pub(crate) fn io_record_error(origin: RecordOrigin, e: &io::Error) -> RecordError {
    let path = origin.path.clone();
    if let Some(inner) = e.get_ref() {
        if let Some(c) = inner.downcast_ref::<InflatedCap>() {
            return RecordError::new(
                origin,
                ErrorKind::TooLarge,
                format!(
                    "{path}: inflates to more than {} bytes (a decompression bomb?)",
                    c.0
                ),
            );
        }
        if let Some(c) = inner.downcast_ref::<CompressionError>() {
            return RecordError::new(
                origin,
                ErrorKind::Compression,
                format!("{path}: compressed stream is corrupt or truncated: {}", c.0),
            );
        }
    }
    RecordError::new(origin, ErrorKind::Io, format!("{path}: read failed: {e}"))
}

/// The payload of the I/O error raised when a stream inflates past its cap.
#[derive(Debug)]
struct InflatedCap(u64);

impl fmt::Display for InflatedCap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "inflated past {} bytes", self.0)
    }
}

impl std::error::Error for InflatedCap {}

/// The payload of an I/O error raised by a decompressor.
#[derive(Debug)]
struct CompressionError(String);

impl fmt::Display for CompressionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CompressionError {}

/// Marks every error of a decompressor as a compression error.
struct Decoded<R>(R);

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf).map_err(|e| {
            if e.kind() == io::ErrorKind::Interrupted {
                e
            } else {
                let msg = if e.kind() == io::ErrorKind::UnexpectedEof {
                    "unexpected end of compressed data".to_string()
                } else {
                    e.to_string()
                };
                io::Error::other(CompressionError(msg))
            }
        })
    }
}

/// Counts inflated bytes and fails once more than `cap` came out.
struct Capped<R> {
    inner: R,
    seen: u64,
    cap: u64,
    active: bool,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.seen = self.seen.saturating_add(n as u64);
        if self.active && self.seen > self.cap {
            return Err(io::Error::other(InflatedCap(self.cap)));
        }
        Ok(n)
    }
}

/// Returns a stored error once, then end of stream.
struct Replay(Option<io::Error>);

impl Read for Replay {
    fn read(&mut self, _buf: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

/// What a file's extension (compression suffix removed) says about its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExtFormat {
    Known(InputFormat),
    /// `.rss` / `.atom`: a feed, flavour sniffed, this one by default.
    Feed(InputFormat),
    /// `.xml`: a feed if it sniffs as one.
    Xml,
    Unknown,
}

impl ExtFormat {
    fn of(name_lower: &str) -> Self {
        let ext = Path::new(name_lower)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("");
        match ext {
            "txt" | "text" => ExtFormat::Known(InputFormat::Text),
            "html" | "htm" | "xhtml" => ExtFormat::Known(InputFormat::Html),
            "json" => ExtFormat::Known(InputFormat::Json),
            "jsonl" | "ndjson" => ExtFormat::Known(InputFormat::Jsonl),
            "warc" => ExtFormat::Known(InputFormat::Warc),
            "rss" => ExtFormat::Feed(InputFormat::Rss),
            "atom" => ExtFormat::Feed(InputFormat::Atom),
            "xml" => ExtFormat::Xml,
            _ => ExtFormat::Unknown,
        }
    }

    fn format(self) -> Option<InputFormat> {
        match self {
            ExtFormat::Known(f) | ExtFormat::Feed(f) => Some(f),
            ExtFormat::Xml => Some(InputFormat::Rss),
            ExtFormat::Unknown => None,
        }
    }
}

/// Whether a file met while walking a directory should be read: its extension (after any
/// `.gz`/`.zst`) names an input format, or it has none at all.
fn is_input_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let stem = name
        .strip_suffix(".gz")
        .or_else(|| name.strip_suffix(".zst"))
        .unwrap_or(&name);
    Path::new(stem).extension().is_none() || !matches!(ExtFormat::of(stem), ExtFormat::Unknown)
}

/// The format a path's extension names, if any (used for origins before opening).
fn format_by_extension(path: &str) -> Option<InputFormat> {
    let lower = path.to_lowercase();
    let stem = lower
        .strip_suffix(".gz")
        .or_else(|| lower.strip_suffix(".zst"))
        .unwrap_or(&lower);
    ExtFormat::of(stem).format()
}

/// RSS (including RDF) or Atom by the root element.
fn sniff_feed(prefix: &[u8]) -> Option<InputFormat> {
    let head = String::from_utf8_lossy(prefix).to_lowercase();
    let rss = [head.find("<rss"), head.find("<rdf:rdf")]
        .into_iter()
        .flatten()
        .min();
    let atom = head.find("<feed");
    match (rss, atom) {
        (Some(r), Some(a)) => Some(if r < a {
            InputFormat::Rss
        } else {
            InputFormat::Atom
        }),
        (Some(_), None) => Some(InputFormat::Rss),
        (None, Some(_)) => Some(InputFormat::Atom),
        (None, None) => None,
    }
}

/// Decides a format from the first bytes of content.
pub(crate) fn sniff(prefix: &[u8]) -> Option<InputFormat> {
    let body = prefix.strip_prefix(b"\xef\xbb\xbf").unwrap_or(prefix);
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let body = &body[start..];
    if body.starts_with(b"WARC/1.") {
        return Some(InputFormat::Warc);
    }
    if body.first() == Some(&b'<') {
        let head = String::from_utf8_lossy(body).to_lowercase();
        let html = [
            head.find("<!doctype html"),
            head.find("<html"),
            head.find("<body"),
            head.find("<head"),
        ]
        .into_iter()
        .flatten()
        .min();
        let feed = [head.find("<rss"), head.find("<rdf:rdf"), head.find("<feed")]
            .into_iter()
            .flatten()
            .min();
        return match (html, feed) {
            (Some(h), Some(f)) if f < h => sniff_feed(body),
            (Some(_), _) => Some(InputFormat::Html),
            (None, Some(_)) => sniff_feed(body),
            (None, None) => None,
        };
    }
    if body.first() == Some(&b'[') {
        return Some(InputFormat::Json);
    }
    if body.first() == Some(&b'{') {
        // JSONL when the first line is a whole object and more lines follow.
        if let Some(nl) = body.iter().position(|&b| b == b'\n') {
            let more = body[nl + 1..].iter().any(|b| !b.is_ascii_whitespace());
            if more
                && serde_json::from_slice::<serde_json::Value>(&body[..nl])
                    .is_ok_and(|v| v.is_object())
            {
                return Some(InputFormat::Jsonl);
            }
        }
        return Some(InputFormat::Json);
    }
    looks_like_text(body).then_some(InputFormat::Text)
}

/// Valid UTF-8 (a character cut at the end of the prefix allowed) and almost no control
/// characters.
fn looks_like_text(bytes: &[u8]) -> bool {
    if bytes.is_empty() {
        return false;
    }
    let valid = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        // `error_len() == None` means the input merely ends inside a character.
        Err(e) if e.error_len().is_none() && bytes.len() >= SNIFF_BYTES - 4 => {
            match std::str::from_utf8(&bytes[..e.valid_up_to()]) {
                Ok(s) => s,
                Err(_) => return false,
            }
        }
        Err(_) => return false,
    };
    let total = valid.chars().count().max(1);
    let control = valid
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    control * 100 <= total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_formats_from_content() {
        assert_eq!(sniff(b"WARC/1.0\r\n"), Some(InputFormat::Warc));
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><rss version=\"2.0\">"),
            Some(InputFormat::Rss)
        );
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<feed xmlns=\"x\">"),
            Some(InputFormat::Atom)
        );
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), Some(InputFormat::Html));
        assert_eq!(sniff(b"{\"a\":1}\n{\"a\":2}\n"), Some(InputFormat::Jsonl));
        assert_eq!(sniff(b"{\"a\":\n1}\n"), Some(InputFormat::Json));
        assert_eq!(sniff(b"[{\"a\":1}]"), Some(InputFormat::Json));
        assert_eq!(
            sniff("Headline\n\nSome text.".as_bytes()),
            Some(InputFormat::Text)
        );
        assert_eq!(sniff(b"\x00\x01\x02\x03binary\xff"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn directory_walks_take_only_input_names() {
        for yes in [
            "a.html",
            "b.JSONL.gz",
            "c.warc.gz",
            "d.txt.zst",
            "feed.xml",
            "noext",
        ] {
            assert!(is_input_name(Path::new(yes)), "{yes}");
        }
        for no in ["README.md", "logo.png", "notes.csv", "x.md.gz"] {
            assert!(!is_input_name(Path::new(no)), "{no}");
        }
    }

    #[test]
    fn extensions_name_formats_after_compression_suffixes() {
        assert_eq!(
            format_by_extension("a/b.JSONL.gz"),
            Some(InputFormat::Jsonl)
        );
        assert_eq!(format_by_extension("x.warc.zst"), Some(InputFormat::Warc));
        assert_eq!(format_by_extension("x.htm"), Some(InputFormat::Html));
        assert_eq!(format_by_extension("x.bin"), None);
    }
}
