//! `RawDoc`: one record as a reader found it, before extraction.

use newstrace_model::{Dated, RecordOrigin};

/// One record read from an input: a body still to be extracted, plus whatever metadata the
/// container carried (a JSON record's fields, a feed item's dates, a WARC header's URL).
#[derive(Debug, Clone)]
pub struct RawDoc {
    /// Where it was read from.
    pub origin: RecordOrigin,
    /// The content, in the form the container held it.
    pub body: Body,
    /// Metadata the container gave; it takes precedence over what extraction finds in the body.
    pub meta: RawMeta,
}

/// The content of a record, by how much extraction it still needs.
#[derive(Debug, Clone)]
pub enum Body {
    /// A whole HTML page as bytes, charset not yet decided (`charset` is a hint from the
    /// container, such as a WARC record's HTTP `Content-Type`).
    Page {
        /// Raw bytes of the page.
        bytes: Vec<u8>,
        /// Charset named outside the page, if any.
        charset: Option<String>,
    },
    /// An HTML fragment that is all content (a feed item's `content:encoded`): markup to text,
    /// no boilerplate removal.
    Fragment(String),
    /// A plain-text file whose first lines may be a headline, date and byline.
    TextFile(String),
    /// Body text as a structured record gave it.
    Text(String),
}

/// Metadata carried by the container of a record. Every field is optional.
#[derive(Debug, Clone, Default)]
pub struct RawMeta {
    /// The record's own id (kept as the article's `external_id`).
    pub external_id: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Author(s), joined with ", ".
    pub byline: Option<String>,
    /// Outlet name or source domain.
    pub outlet: Option<String>,
    /// URL of the record.
    pub url: Option<String>,
    /// Standfirst or summary.
    pub description: Option<String>,
    /// Publication date.
    pub published: Option<Dated>,
    /// Last modification date.
    pub updated: Option<Dated>,
    /// When a crawler or archive saw it.
    pub first_seen: Option<Dated>,
    /// Language the container declares (any common code form).
    pub lang: Option<String>,
}
