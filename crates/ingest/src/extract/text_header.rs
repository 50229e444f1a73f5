//! Plain-text articles: headline, date and byline lines at the top. (Being implemented.)

use super::html::ExtractedPage;
use newstrace_model::Dated;

/// A plain-text article split into its header fields and body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedText {
    /// The headline, only when the first line clearly is one.
    pub title: Option<String>,
    /// Byline found near the top.
    pub byline: Option<String>,
    /// Publication date found near the top.
    pub published: Option<Dated>,
    /// `Updated:` date found near the top.
    pub updated: Option<Dated>,
    /// The body.
    pub body: String,
}

impl ParsedText {
    /// As an [`ExtractedPage`] for merging.
    pub fn into_page(self) -> ExtractedPage {
        ExtractedPage {
            text: self.body,
            title: self.title,
            byline: self.byline,
            published: self.published,
            updated: self.updated,
            ..ExtractedPage::default()
        }
    }
}

/// Splits a text file into headline, date, byline and body.
pub fn parse_text_file(s: &str) -> ParsedText {
    ParsedText {
        body: super::tidy_paragraphs(s),
        ..ParsedText::default()
    }
}
