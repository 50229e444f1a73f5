//! Plain-text files: the whole file is one article, its header lines parsed at extraction.

use super::{Emit, Reader, read_whole};
use crate::error::{ErrorKind, RecordError};
use crate::input::Opened;
use crate::limits::Limits;
use crate::raw::{Body, RawDoc, RawMeta};
use newstrace_model::RecordOrigin;

/// Reader for plain-text files (UTF-8 only).
pub struct TextReader;

impl Reader for TextReader {
    fn read(&self, input: &mut Opened, limits: &Limits, emit: &mut Emit<'_>) {
        let origin = RecordOrigin::file(input.display.clone(), input.format);
        let bytes = match read_whole(input, limits) {
            Ok(b) => b,
            Err(e) => return emit(Err(e)),
        };
        // No lossy decoding: replacement characters would silently change the text (and
        // its id); the user is told where the bad byte is instead.
        match String::from_utf8(bytes) {
            Ok(s) => {
                let s = s.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(s);
                emit(Ok(RawDoc {
                    origin,
                    body: Body::TextFile(s),
                    meta: RawMeta::default(),
                }))
            }
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                emit(Err(RecordError::new(
                    origin,
                    ErrorKind::Encoding,
                    format!("{}: invalid UTF-8 at byte {at}", input.display),
                )))
            }
        }
    }
}
