//! One reader per input format. A reader turns an opened stream into [`RawDoc`]s, one per
//! record, reporting a broken record as an error and going on with the next.
//!
//! Adding a format: write a file here implementing [`Reader`], and register it in
//! [`reader_for`].

mod feed;
mod html;
mod json;
mod text;
mod warc;

use crate::error::RecordError;
use crate::input::{InputRef, Opened, io_record_error, open, too_large_file};
use crate::limits::Limits;
use crate::raw::RawDoc;
use newstrace_model::{InputFormat, RecordOrigin};
use std::io::Read;

/// What a reader hands each record to, in input order.
pub type Emit<'a> = dyn FnMut(Result<RawDoc, RecordError>) + 'a;

/// Reads the records of one opened input.
pub trait Reader: Sync {
    /// Reads every record of `input`, handing each (or its error) to `emit` in order. A
    /// failure that ends the file early (a truncated stream) is emitted as a last error;
    /// everything emitted before it stands.
    fn read(&self, input: &mut Opened, limits: &Limits, emit: &mut Emit<'_>);
}

/// The reader for `format`.
pub fn reader_for(format: InputFormat) -> &'static dyn Reader {
    match format {
        InputFormat::Text => &text::TextReader,
        InputFormat::Html => &html::HtmlReader,
        InputFormat::Json | InputFormat::Jsonl => &json::JsonReader,
        InputFormat::Rss | InputFormat::Atom => &feed::FeedReader,
        InputFormat::Warc => &warc::WarcReader,
    }
}

/// Opens `input` and reads all its records.
pub fn read_input(input: &InputRef, limits: &Limits, emit: &mut Emit<'_>) -> Option<InputFormat> {
    match open(input, limits) {
        Ok(mut opened) => {
            let format = opened.format;
            reader_for(format).read(&mut opened, limits, emit);
            Some(format)
        }
        Err(e) => {
            emit(Err(e));
            None
        }
    }
}

/// Reads the whole (decompressed) stream, failing with `TooLarge` past `max_file_bytes` and
/// with the stream's own error kind (compression, inflation cap, I/O) when it breaks.
pub(crate) fn read_whole(input: &mut Opened, limits: &Limits) -> Result<Vec<u8>, RecordError> {
    let origin = || RecordOrigin::file(input.display.clone(), input.format);
    let cap = limits.max_file_bytes;
    let mut buf = Vec::new();
    (&mut input.stream)
        .take(cap.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| io_record_error(origin(), &e))?;
    if buf.len() as u64 > cap {
        return Err(too_large_file(origin(), buf.len() as u64, cap));
    }
    Ok(buf)
}
