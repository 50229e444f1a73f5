//! HTML pages: the whole file is one page; charset and content are the extractor's job.

use super::{Emit, Reader, read_whole};
use crate::input::Opened;
use crate::limits::Limits;
use crate::raw::{Body, RawDoc, RawMeta};
use newstrace_model::RecordOrigin;

/// Reader for HTML files.
pub struct HtmlReader;

impl Reader for HtmlReader {
    fn read(&self, input: &mut Opened, limits: &Limits, emit: &mut Emit<'_>) {
        let origin = RecordOrigin::file(input.display.clone(), input.format);
        emit(read_whole(input, limits).map(|bytes| RawDoc {
            origin,
            body: Body::Page {
                bytes,
                charset: None,
            },
            meta: RawMeta::default(),
        }));
    }
}
