//! JSON and JSONL records in the news-please schema or a plain one.
//!
//! A `.json` file is one object, an array of objects, or an object holding an array under
//! `articles`, `items` or `data`. JSONL is streamed a line at a time under the record cap.

use super::{Emit, Reader, read_whole};
use crate::dates::parse_when;
use crate::error::{ErrorKind, RecordError};
use crate::input::{Opened, io_record_error};
use crate::limits::Limits;
use crate::raw::{Body, RawDoc, RawMeta};
use newstrace_model::{DateSource, Dated, InputFormat, RecordOrigin};
use serde_json::{Map, Value};
use std::io::{self, BufRead};

/// Reader for JSON documents and JSON Lines.
pub struct JsonReader;

impl Reader for JsonReader {
    fn read(&self, input: &mut Opened, limits: &Limits, emit: &mut Emit<'_>) {
        match input.format {
            InputFormat::Jsonl => read_lines(input, limits, emit),
            _ => read_document(input, limits, emit),
        }
    }
}

/// Field names holding the body text, in order of preference.
const TEXT_FIELDS: [&str; 4] = ["maintext", "text", "body", "content"];
/// Keys under which a wrapper object holds its array of records.
const WRAPPERS: [&str; 3] = ["articles", "items", "data"];

fn read_document(input: &mut Opened, limits: &Limits, emit: &mut Emit<'_>) {
    let path = input.display.clone();
    let format = input.format;
    let bytes = match read_whole(input, limits) {
        Ok(b) => b,
        Err(e) => return emit(Err(e)),
    };
    let value: Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(e) => {
            // Files named `.json` are often really JSON Lines.
            if e.to_string().starts_with("trailing characters") {
                let mut stream: Box<dyn BufRead + Send> = Box::new(io::Cursor::new(bytes));
                return read_lines_from(&mut *stream, &path, InputFormat::Jsonl, limits, emit);
            }
            return emit(Err(RecordError::new(
                RecordOrigin::file(path.clone(), format),
                ErrorKind::Malformed,
                format!(
                    "{path}: invalid JSON at line {}, column {}: {e}",
                    e.line(),
                    e.column()
                ),
            )));
        }
    };
    let records = match value {
        Value::Array(items) => items,
        Value::Object(mut obj) => {
            match WRAPPERS
                .iter()
                .find(|k| obj.get(**k).is_some_and(Value::is_array))
            {
                Some(k) => match obj.remove(*k) {
                    Some(Value::Array(items)) => items,
                    _ => Vec::new(),
                },
                None => {
                    let origin = RecordOrigin::file(path, format);
                    return emit(record_from_object(&obj, origin));
                }
            }
        }
        _ => {
            return emit(Err(RecordError::new(
                RecordOrigin::file(path.clone(), format),
                ErrorKind::Malformed,
                format!("{path}: expected a JSON object or an array of objects"),
            )));
        }
    };
    for (i, item) in records.into_iter().enumerate() {
        let origin = RecordOrigin::record(path.clone(), format, i as u64 + 1, None);
        match item {
            Value::Object(obj) => emit(record_from_object(&obj, origin)),
            _ => emit(Err(RecordError::new(
                origin,
                ErrorKind::Malformed,
                format!("record {}: not a JSON object", i + 1),
            ))),
        }
    }
}

fn read_lines(input: &mut Opened, limits: &Limits, emit: &mut Emit<'_>) {
    let path = input.display.clone();
    read_lines_from(&mut *input.stream, &path, input.format, limits, emit);
}

/// One object per line; blank lines skipped, a broken or over-long line reported and passed.
fn read_lines_from(
    stream: &mut dyn BufRead,
    path: &str,
    format: InputFormat,
    limits: &Limits,
    emit: &mut Emit<'_>,
) {
    let mut offset = 0u64;
    let mut line_no = 0u64;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let (consumed, over) = match read_line_capped(stream, &mut buf, limits.max_record_bytes) {
            Ok(r) => r,
            Err(e) => {
                let origin = RecordOrigin::record(path, format, line_no + 1, Some(offset));
                return emit(Err(io_record_error(origin, &e)));
            }
        };
        if consumed == 0 {
            return;
        }
        line_no += 1;
        let origin = RecordOrigin::record(path, format, line_no, Some(offset));
        offset += consumed;
        if over {
            emit(Err(RecordError::new(
                origin,
                ErrorKind::TooLarge,
                format!(
                    "line {line_no}: longer than the {}-byte record cap (raise it with --max-record-size)",
                    limits.max_record_bytes
                ),
            )));
            continue;
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Value>(&buf) {
            Ok(Value::Object(obj)) => emit(record_from_object(&obj, origin)),
            Ok(_) => emit(Err(RecordError::new(
                origin,
                ErrorKind::Malformed,
                format!("line {line_no}: not a JSON object"),
            ))),
            Err(e) => emit(Err(RecordError::new(
                origin,
                ErrorKind::Malformed,
                format!("line {line_no}: invalid JSON at column {}: {e}", e.column()),
            ))),
        }
    }
}

/// Reads one line (with its `\n`) keeping at most `cap` bytes in `buf`; the rest of an
/// over-long line is consumed unbuffered. Returns bytes consumed and whether it was over.
fn read_line_capped(r: &mut dyn BufRead, buf: &mut Vec<u8>, cap: u64) -> io::Result<(u64, bool)> {
    let mut consumed = 0u64;
    let mut over = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok((consumed, over));
        }
        let (chunk, done) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) => (&avail[..=i], true),
            None => (avail, false),
        };
        let n = chunk.len();
        if !over {
            if (buf.len() + n) as u64 > cap.saturating_add(1) {
                over = true;
                buf.clear();
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        r.consume(n);
        consumed += n as u64;
        if done {
            return Ok((consumed, over));
        }
    }
}

/// Builds a record from one object of either schema.
fn record_from_object(
    obj: &Map<String, Value>,
    origin: RecordOrigin,
) -> Result<RawDoc, RecordError> {
    let Some(text) = TEXT_FIELDS.iter().find_map(|k| string(obj, k)) else {
        return Err(RecordError::new(
            origin,
            ErrorKind::NoContent,
            "record has no text (looked for maintext, text, body, content)",
        ));
    };
    let body = if looks_like_markup(&text) {
        Body::Fragment(text)
    } else {
        Body::Text(text)
    };
    let meta = RawMeta {
        external_id: obj.get("id").and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }),
        title: string(obj, "title").or_else(|| string(obj, "headline")),
        byline: people(obj, &["authors", "byline", "author"]),
        outlet: ["outlet", "source_domain", "source", "site"]
            .iter()
            .find_map(|k| match obj.get(*k)? {
                Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
                // NewsAPI style: {"source": {"id": ..., "name": ...}}
                Value::Object(o) => string(o, "name"),
                _ => None,
            }),
        url: string(obj, "url"),
        description: string(obj, "description"),
        published: date(
            obj,
            &[
                "date_publish",
                "published",
                "published_at",
                "publishedAt",
                "date",
            ],
            DateSource::JsonField,
        ),
        updated: date(
            obj,
            &["date_modify", "updated", "modified", "updated_at"],
            DateSource::JsonField,
        ),
        first_seen: date(obj, &["date_download"], DateSource::Crawl),
        lang: string(obj, "language").or_else(|| string(obj, "lang")),
    };
    Ok(RawDoc { origin, body, meta })
}

/// A non-blank string field.
fn string(obj: &Map<String, Value>, key: &str) -> Option<String> {
    match obj.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// Names from the first of `keys` present: a string, or an array of strings (or of objects
/// with a `name`) joined with ", ".
fn people(obj: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match obj.get(*k)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Array(items) => {
            let names: Vec<&str> = items
                .iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s.trim()),
                    Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::trim),
                    _ => None,
                })
                .filter(|s| !s.is_empty())
                .collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    })
}

/// The first of `keys` that holds a parseable date.
fn date(obj: &Map<String, Value>, keys: &[&str], source: DateSource) -> Option<Dated> {
    keys.iter().find_map(|k| {
        let s = obj.get(*k)?.as_str()?;
        parse_when(s).map(|w| Dated::new(w, source, *k))
    })
}

/// Text that is markup rather than prose: starts with a tag and closes one.
pub(crate) fn looks_like_markup(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with('<')
        && (t.contains("</") || t.contains("/>") || t.contains("<br") || t.contains("<p>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_lines_skip_the_rest_of_long_lines() {
        let data = b"short\nthis line is too long\nok\n";
        let mut r = io::Cursor::new(&data[..]);
        let mut buf = Vec::new();
        assert_eq!(read_line_capped(&mut r, &mut buf, 8).unwrap(), (6, false));
        buf.clear();
        assert_eq!(read_line_capped(&mut r, &mut buf, 8).unwrap(), (22, true));
        buf.clear();
        assert_eq!(read_line_capped(&mut r, &mut buf, 8).unwrap(), (3, false));
        assert_eq!(buf, b"ok\n");
    }

    #[test]
    fn markup_is_recognised() {
        assert!(looks_like_markup("<p>Hello</p>"));
        assert!(!looks_like_markup("1 < 2 and 3 > 2"));
    }
}
