//! HTML pages: main-content extraction and metadata. (Being implemented.)

use crate::error::ErrorKind;
use newstrace_model::Dated;

/// What extraction found in a page (or other body form).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExtractedPage {
    /// Main text, paragraphs separated by a blank line.
    pub text: String,
    /// Headline.
    pub title: Option<String>,
    /// Author(s).
    pub byline: Option<String>,
    /// Site name.
    pub outlet: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Description / standfirst.
    pub description: Option<String>,
    /// Publication date.
    pub published: Option<Dated>,
    /// Modification date.
    pub updated: Option<Dated>,
    /// Declared language (`<html lang>`, `og:locale`, `content-language`).
    pub lang: Option<String>,
}

impl ExtractedPage {
    /// A body with text and nothing else known.
    pub fn text_only(text: String) -> Self {
        Self {
            text,
            ..Self::default()
        }
    }
}

/// Why a page yielded nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageError {
    /// Class of failure.
    pub kind: ErrorKind,
    /// For a person.
    pub message: String,
}

/// Extracts the main text and metadata of one HTML page.
pub fn extract_page(
    bytes: &[u8],
    _charset_hint: Option<&str>,
    _url: Option<&str>,
) -> Result<ExtractedPage, PageError> {
    let text = String::from_utf8_lossy(bytes).into_owned();
    Ok(ExtractedPage::text_only(text))
}
