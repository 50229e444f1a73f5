//! HTML fragments that are all content (feed items): markup to paragraphs. (Being implemented.)

/// Converts an HTML fragment to plain text with paragraph breaks.
pub fn fragment_to_text(markup: &str) -> String {
    super::tidy_paragraphs(markup)
}
