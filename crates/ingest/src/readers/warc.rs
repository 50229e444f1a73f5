//! WARC 1.0/1.1 web archives: HTML responses (and HTML resources) become pages.
//!
//! Hand-written rather than the `warc` 0.4 crate: that crate cannot resynchronise after a
//! broken record (one bad Content-Length loses the rest of the file), buffers whole record
//! bodies whatever their size, and its `from_path` creates a missing file instead of failing.
//! This reader streams: headers line by line, uninteresting or over-cap blocks skipped
//! without buffering, and a broken record is reported and passed by scanning for the next
//! `WARC/1.` line.

use super::{Emit, Reader};
use crate::dates::parse_when;
use crate::error::{ErrorKind, RecordError};
use crate::input::{Opened, io_record_error};
use crate::limits::Limits;
use crate::raw::{Body, RawDoc, RawMeta};
use newstrace_model::{DateSource, Dated, InputFormat, RecordOrigin, When};
use std::io::{self, BufRead, Read};

/// Longest header line kept (WARC or HTTP); longer ones are a broken record.
const MAX_LINE: usize = 64 * 1024;
/// Most header lines in one WARC or HTTP header block.
const MAX_HEADERS: usize = 512;

/// Reader for WARC files.
pub struct WarcReader;

impl Reader for WarcReader {
    fn read(&self, input: &mut Opened, limits: &Limits, emit: &mut Emit<'_>) {
        let path = input.display.clone();
        let mut s = Stream {
            r: &mut *input.stream,
            pos: 0,
        };
        let mut record = 0u64;
        let mut start = 0u64;
        if let Err(e) = read_records(&mut s, &path, limits, emit, &mut record, &mut start) {
            let origin = RecordOrigin::record(path, InputFormat::Warc, record.max(1), Some(start));
            emit(Err(io_record_error(origin, &e)));
        }
    }
}

/// A byte stream that knows its position.
struct Stream<'a> {
    r: &'a mut (dyn BufRead + Send),
    pos: u64,
}

impl Stream<'_> {
    /// One line including its `\n`; `None` at end of stream. An over-long line is consumed
    /// and returned cut at [`MAX_LINE`] with `true`.
    fn line(&mut self) -> io::Result<Option<(Vec<u8>, bool)>> {
        let mut buf = Vec::new();
        let mut over = false;
        let mut any = false;
        loop {
            let avail = match self.r.fill_buf() {
                Ok(a) => a,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                return Ok(any.then_some((buf, over)));
            }
            any = true;
            let (n, done) = match avail.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (avail.len(), false),
            };
            let room = MAX_LINE.saturating_sub(buf.len());
            buf.extend_from_slice(&avail[..n.min(room)]);
            over |= n > room;
            self.r.consume(n);
            self.pos += n as u64;
            if done {
                return Ok(Some((buf, over)));
            }
        }
    }

    /// Reads exactly `n` bytes; `Ok(None)` when the stream ends first.
    fn bytes(&mut self, n: u64) -> io::Result<Option<Vec<u8>>> {
        let mut buf = Vec::with_capacity(n.min(1 << 20) as usize);
        let got = (&mut *self.r).take(n).read_to_end(&mut buf)?;
        self.pos += got as u64;
        Ok((got as u64 == n).then_some(buf))
    }

    /// Skips `n` bytes without keeping them; `false` when the stream ends first.
    fn skip(&mut self, n: u64) -> io::Result<bool> {
        let got = io::copy(&mut (&mut *self.r).take(n), &mut io::sink())?;
        self.pos += got;
        Ok(got == n)
    }
}

/// Parsed `Name: value` headers (names lowercased), in order.
type Headers = Vec<(String, String)>;

fn header<'h>(h: &'h Headers, name: &str) -> Option<&'h str> {
    h.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// Why a header block could not be read.
enum HeaderError {
    Eof,
    Bad(String),
}

/// Reads `Name: value` lines up to a blank line; continuation lines are folded in.
/// `budget`, when given, limits the bytes read (the HTTP head inside a block).
fn read_headers(
    s: &mut Stream<'_>,
    mut budget: Option<&mut u64>,
) -> io::Result<Result<Headers, HeaderError>> {
    let mut headers: Headers = Vec::new();
    loop {
        if budget.as_deref() == Some(&0) {
            return Ok(Err(HeaderError::Eof));
        }
        let Some((line, over)) = (match budget.as_deref_mut() {
            Some(b) => line_within(s, b)?,
            None => s.line()?,
        }) else {
            return Ok(Err(HeaderError::Eof));
        };
        if over {
            return Ok(Err(HeaderError::Bad("header line too long".into())));
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            return Ok(Ok(headers));
        }
        if headers.len() >= MAX_HEADERS {
            return Ok(Err(HeaderError::Bad("too many header lines".into())));
        }
        if text.starts_with([' ', '\t']) {
            match headers.last_mut() {
                Some((_, v)) => {
                    v.push(' ');
                    v.push_str(text.trim());
                }
                None => {
                    return Ok(Err(HeaderError::Bad(format!(
                        "stray continuation line {text:?}"
                    ))));
                }
            }
            continue;
        }
        match text.split_once(':') {
            Some((k, v)) if !k.trim().is_empty() && !k.contains(' ') => {
                headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
            }
            _ => {
                let shown: String = text.chars().take(80).collect();
                return Ok(Err(HeaderError::Bad(format!("bad header line {shown:?}"))));
            }
        }
    }
}

/// A line that may not run past `budget` bytes (the end of a record block).
fn line_within(s: &mut Stream<'_>, budget: &mut u64) -> io::Result<Option<(Vec<u8>, bool)>> {
    let mut buf = Vec::new();
    loop {
        if *budget == 0 {
            return Ok((!buf.is_empty()).then_some((buf, false)));
        }
        let avail = s.r.fill_buf()?;
        if avail.is_empty() {
            return Ok((!buf.is_empty()).then_some((buf, false)));
        }
        let limit = avail
            .len()
            .min(usize::try_from(*budget).unwrap_or(usize::MAX));
        let (n, done) = match avail[..limit].iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (limit, false),
        };
        let over = buf.len() + n > MAX_LINE;
        if !over {
            buf.extend_from_slice(&avail[..n]);
        }
        s.r.consume(n);
        s.pos += n as u64;
        *budget -= n as u64;
        if over {
            return Ok(Some((buf, true)));
        }
        if done {
            return Ok(Some((buf, false)));
        }
    }
}

fn is_blank(line: &[u8]) -> bool {
    line.iter()
        .all(|b| matches!(b, b'\r' | b'\n' | b' ' | b'\t'))
}

/// The main loop; an `Err` is a stream failure (truncated gzip, inflation cap) that ends
/// the file, reported by the caller at the current record.
fn read_records(
    s: &mut Stream<'_>,
    path: &str,
    limits: &Limits,
    emit: &mut Emit<'_>,
    record: &mut u64,
    start: &mut u64,
) -> io::Result<()> {
    let mut pending: Option<(u64, Vec<u8>)> = None;
    loop {
        let (at, line) = match pending.take() {
            Some(p) => p,
            None => {
                let at = s.pos;
                match s.line()? {
                    None => return Ok(()),
                    Some((l, _)) => (at, l),
                }
            }
        };
        if is_blank(&line) {
            continue;
        }
        *record += 1;
        *start = at;
        let origin = RecordOrigin::record(path, InputFormat::Warc, *record, Some(at));
        let broken = |msg: String| RecordError::new(origin.clone(), ErrorKind::Malformed, msg);
        if !line.starts_with(b"WARC/1.") {
            emit(Err(broken("expected a WARC/1.x version line".into())));
            pending = resync(s)?;
            continue;
        }
        let headers = match read_headers(s, None)? {
            Ok(h) => h,
            Err(HeaderError::Eof) => {
                emit(Err(broken("file ends inside the record header".into())));
                return Ok(());
            }
            Err(HeaderError::Bad(m)) => {
                emit(Err(broken(m)));
                pending = resync(s)?;
                continue;
            }
        };
        let Some(len) =
            header(&headers, "content-length").and_then(|v| v.trim().parse::<u64>().ok())
        else {
            emit(Err(broken("missing or non-numeric Content-Length".into())));
            pending = resync(s)?;
            continue;
        };
        let warc_type = header(&headers, "warc-type")
            .unwrap_or("")
            .to_ascii_lowercase();
        let block_type = header(&headers, "content-type")
            .unwrap_or("")
            .to_ascii_lowercase();
        let past_end = || {
            RecordError::new(
                origin.clone(),
                ErrorKind::Malformed,
                format!("Content-Length {len} runs past the end of the file"),
            )
        };
        let result = match warc_type.as_str() {
            "response" if block_type.starts_with("application/http") => {
                http_response(s, len, limits, &origin)?
            }
            "resource" if is_html(&block_type) => {
                if len > limits.max_record_bytes {
                    if s.skip(len)? {
                        Block::TooLarge
                    } else {
                        Block::PastEnd
                    }
                } else {
                    match s.bytes(len)? {
                        Some(b) => Block::Page(b, charset_of(&block_type)),
                        None => Block::PastEnd,
                    }
                }
            }
            _ => Block::Skip(len),
        };
        let result = match result {
            Block::Skip(n) => {
                if s.skip(n)? {
                    Block::Nothing
                } else {
                    Block::PastEnd
                }
            }
            other => other,
        };
        match result {
            Block::Nothing | Block::Skip(_) => {}
            Block::PastEnd => {
                emit(Err(past_end()));
                return Ok(());
            }
            Block::TooLarge => {
                emit(Err(RecordError::new(
                    origin.clone(),
                    ErrorKind::TooLarge,
                    format!(
                        "record block of {len} bytes is over the {}-byte record cap (raise it with --max-record-size)",
                        limits.max_record_bytes
                    ),
                )));
            }
            Block::Error(e) => emit(Err(e)),
            Block::Page(bytes, charset) => {
                let first_seen = header(&headers, "warc-date")
                    .and_then(parse_when)
                    .filter(|w| matches!(w, When::Instant(_)))
                    .map(|w| Dated::new(w, DateSource::Archive, "WARC-Date"));
                let url = header(&headers, "warc-target-uri")
                    .map(|u| {
                        u.trim()
                            .trim_start_matches('<')
                            .trim_end_matches('>')
                            .to_string()
                    })
                    .filter(|u| !u.is_empty());
                emit(Ok(RawDoc {
                    origin: origin.clone(),
                    body: Body::Page { bytes, charset },
                    meta: RawMeta {
                        url,
                        first_seen,
                        ..RawMeta::default()
                    },
                }));
            }
        }
    }
}

/// What a record's block turned out to be.
enum Block {
    /// Not wanted; this many bytes still to skip.
    Skip(u64),
    /// Fully consumed, nothing to emit.
    Nothing,
    /// The stream ended inside the block.
    PastEnd,
    /// An HTML page over the record cap (already skipped).
    TooLarge,
    /// A record-level failure (bad chunking, bad gzip) to report.
    Error(RecordError),
    /// An HTML page and its charset hint.
    Page(Vec<u8>, Option<String>),
}

/// Reads the HTTP head of a response block, then its body if it is a 2xx HTML page.
fn http_response(
    s: &mut Stream<'_>,
    len: u64,
    limits: &Limits,
    origin: &RecordOrigin,
) -> io::Result<Block> {
    let mut left = len;
    let Some((status_line, _)) = line_within(s, &mut left)? else {
        return Ok(if left == 0 {
            Block::Nothing
        } else {
            Block::PastEnd
        });
    };
    let status_line = String::from_utf8_lossy(&status_line);
    let status: Option<u16> = status_line
        .strip_prefix("HTTP/")
        .and_then(|r| r.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok());
    let headers = match read_headers(s, Some(&mut left))? {
        Ok(h) => h,
        // A head cut short or garbled: not a page we can use; skip what is left.
        Err(_) => return Ok(Block::Skip(left)),
    };
    let ctype = header(&headers, "content-type")
        .unwrap_or("")
        .to_ascii_lowercase();
    if !status.is_some_and(|c| (200..300).contains(&c)) || !is_html(&ctype) {
        return Ok(Block::Skip(left));
    }
    if left > limits.max_record_bytes {
        return Ok(if s.skip(left)? {
            Block::TooLarge
        } else {
            Block::PastEnd
        });
    }
    let Some(mut body) = s.bytes(left)? else {
        return Ok(Block::PastEnd);
    };
    let malformed =
        |m: String| Block::Error(RecordError::new(origin.clone(), ErrorKind::Malformed, m));
    if header(&headers, "transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"))
    {
        match dechunk(&body) {
            Some(b) => body = b,
            None => {
                return Ok(malformed(
                    "bad chunked transfer encoding in HTTP body".into(),
                ));
            }
        }
    }
    let encoding = header(&headers, "content-encoding")
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if encoding == "gzip" || encoding == "x-gzip" {
        let mut out = Vec::new();
        let cap = limits.max_record_bytes;
        let r = flate2::read::MultiGzDecoder::new(&body[..])
            .take(cap.saturating_add(1))
            .read_to_end(&mut out);
        match r {
            Ok(_) if out.len() as u64 > cap => {
                return Ok(Block::Error(RecordError::new(
                    origin.clone(),
                    ErrorKind::TooLarge,
                    format!("HTTP body inflates past the {cap}-byte record cap"),
                )));
            }
            Ok(_) => body = out,
            Err(e) => {
                return Ok(Block::Error(RecordError::new(
                    origin.clone(),
                    ErrorKind::Compression,
                    format!("gzip HTTP body is corrupt: {e}"),
                )));
            }
        }
    }
    Ok(Block::Page(body, charset_of(&ctype)))
}

/// Undoes HTTP chunked transfer encoding; `None` when the framing is broken.
fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    loop {
        let nl = b.iter().position(|&c| c == b'\n')?;
        let size_text = std::str::from_utf8(&b[..nl]).ok()?;
        let size_text = size_text.trim().split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        b = &b[nl + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = b.get(size..)?;
        b = b
            .strip_prefix(b"\r\n")
            .or_else(|| b.strip_prefix(b"\n"))
            .unwrap_or(b);
    }
}

fn is_html(content_type: &str) -> bool {
    let t = content_type.split(';').next().unwrap_or("").trim();
    t == "text/html" || t == "application/xhtml+xml"
}

/// `charset=` of a Content-Type value.
fn charset_of(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim() == "charset")
            .then(|| v.trim().trim_matches(['"', '\'']).to_string())
            .filter(|c| !c.is_empty())
    })
}

/// Skips lines until one starts a record; returns it with its offset (`None` at end).
fn resync(s: &mut Stream<'_>) -> io::Result<Option<(u64, Vec<u8>)>> {
    loop {
        let at = s.pos;
        match s.line()? {
            None => return Ok(None),
            Some((l, _)) if l.starts_with(b"WARC/1.") => return Ok(Some((at, l))),
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dechunks_bodies() {
        assert_eq!(
            dechunk(b"5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n").unwrap(),
            b"hello world"
        );
        assert!(dechunk(b"zz\r\nhello").is_none());
        assert!(dechunk(b"50\r\nshort").is_none());
    }

    #[test]
    fn content_types() {
        assert!(is_html("text/html; charset=UTF-8"));
        assert!(!is_html("image/png"));
        assert_eq!(
            charset_of("text/html; charset=\"ISO-8859-1\"").as_deref(),
            Some("ISO-8859-1")
        );
        assert_eq!(charset_of("text/html"), None);
    }
}
