//! Plain-text articles: headline, date and byline lines at the top.
//!
//! The rules are conservative because a wrong headline is worse than none: the first line is
//! a headline only when it looks like one (short, capitalised, not a sentence) and what
//! follows sets it apart (a blank line, metadata lines, or a paragraph of prose). Lines are
//! removed from the body only when they are clearly metadata.

use super::html::ExtractedPage;
use crate::dates::find_date_in_line;
use newstrace_model::{DateSource, Dated, When};

/// Longest line, in characters, taken as a headline.
const MAX_TITLE_CHARS: usize = 150;
/// Non-empty lines after the headline searched for metadata.
const HEADER_LINES: usize = 6;

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

/// What one header line says.
#[derive(Debug, Default)]
struct Meta {
    published: Option<When>,
    updated: Option<When>,
    byline: Option<String>,
}

/// Splits a text file into headline, date, byline and body.
pub fn parse_text_file(s: &str) -> ParsedText {
    let s = s.strip_prefix('\u{feff}').unwrap_or(s);
    let lines: Vec<&str> = s.lines().collect();
    let mut removed = vec![false; lines.len()];
    let mut out = ParsedText::default();
    let non_empty: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty())
        .collect();
    let Some(&first) = non_empty.first() else {
        return out;
    };

    let first_line = lines[first].trim();
    let first_meta = classify(first_line);
    let next = non_empty.get(1).copied();
    let title = first_meta.is_none()
        && title_like(first_line)
        && match next {
            None => false,
            Some(n) => {
                n > first + 1
                    || classify(lines[n].trim()).is_some()
                    || is_prose_after(lines[n].trim(), first_line)
            }
        };
    let window_start = if title {
        out.title = Some(super::collapse_spaces(first_line));
        removed[first] = true;
        1
    } else {
        0
    };

    for &i in non_empty.iter().skip(window_start).take(HEADER_LINES) {
        let line = lines[i].trim();
        let Some(meta) = classify(line) else {
            continue;
        };
        let dated = |w: When| Dated::new(w, DateSource::TextLine, line);
        if let Some(w) = meta.published
            && out.published.is_none()
        {
            out.published = Some(dated(w));
        }
        if let Some(w) = meta.updated
            && out.updated.is_none()
        {
            out.updated = Some(dated(w));
        }
        if let Some(b) = meta.byline
            && out.byline.is_none()
        {
            out.byline = Some(b);
        }
        removed[i] = true;
    }

    let kept: Vec<&str> = lines
        .iter()
        .zip(&removed)
        .filter(|(_, r)| !**r)
        .map(|(l, _)| *l)
        .collect();
    out.body = super::tidy_paragraphs(&kept.join("\n"));
    out
}

/// Short, capitalised, not ending like a sentence (a question or exclamation may).
fn title_like(line: &str) -> bool {
    let chars = line.chars().count();
    let Some(first) = line.chars().next() else {
        return false;
    };
    chars <= MAX_TITLE_CHARS
        && !first.is_lowercase()
        && line.chars().any(char::is_alphabetic)
        && !line.ends_with(['.', ',', ';', ':'])
        && !line.contains("://")
}

/// A paragraph of prose right after a would-be headline: clearly longer and ending like a
/// sentence.
fn is_prose_after(line: &str, title: &str) -> bool {
    line.chars().count() >= 2 * title.chars().count().max(40)
        && line
            .trim_end_matches(['"', '\u{201d}', '\u{2019}', ')'])
            .ends_with(['.', '!', '?'])
}

/// Labels that introduce a date line, and whether the date is an update.
const DATE_LABELS: [(&str, bool); 10] = [
    ("last updated", true),
    ("updated on", true),
    ("updated", true),
    ("published on", false),
    ("published", false),
    ("posted on", false),
    ("posted", false),
    ("dated", false),
    ("date", false),
    ("first published", false),
];

/// Labels that introduce a byline.
const BYLINE_LABELS: [&str; 6] = ["written by", "byline", "authors", "author", "by:", "by "];

/// Reads a header line that is clearly metadata; `None` for anything else.
fn classify(line: &str) -> Option<Meta> {
    if line.chars().count() > 200 {
        return None;
    }
    let lower = line.to_lowercase();
    for (label, updated) in DATE_LABELS {
        if let Some(rest) = strip_label(line, &lower, label) {
            let (when, leftover) = leading_date(rest)?;
            let byline = trailing_byline(leftover)?;
            return Some(Meta {
                published: (!updated).then_some(when),
                updated: updated.then_some(when),
                byline,
            });
        }
    }
    for label in BYLINE_LABELS {
        if let Some(rest) = strip_label(line, &lower, label) {
            // `By Jane Doe | April 24, 2026`
            let (name, when) = match find_date_in_line(rest) {
                Some((w, r))
                    if rest
                        .get(r.end..)
                        .is_some_and(|t| t.trim_matches(SEPARATORS).is_empty()) =>
                {
                    (rest.get(..r.start).unwrap_or(""), Some(w))
                }
                _ => (rest, None),
            };
            let name = name.trim().trim_matches(SEPARATORS).trim();
            return name_like(name).then(|| Meta {
                published: when,
                byline: Some(super::collapse_spaces(name)),
                ..Meta::default()
            });
        }
    }
    // A bare date line, perhaps followed by a name (`April 24, 2026 Jane Doe`).
    let (when, leftover) = leading_date(line)?;
    let byline = trailing_byline(leftover)?;
    Some(Meta {
        published: Some(when),
        byline,
        ..Meta::default()
    })
}

/// Characters that separate parts of a header line.
const SEPARATORS: &[char] = &[
    '|', '-', '\u{2013}', '\u{2014}', '\u{2022}', '\u{b7}', ',', ' ', '/',
];

/// Strips `label` (case-insensitively) and a following `:` from the start of `line`.
fn strip_label<'a>(line: &'a str, lower: &str, label: &str) -> Option<&'a str> {
    if !lower.starts_with(label) || lower.len() != line.len() {
        // A lowercase form of different byte length would make offsets unsafe: only ASCII
        // labels are matched, and then only on lines whose length does not change.
        return None;
    }
    let rest = line.get(label.len()..)?;
    // The label must end a word: `Updated:` yes, `Updatedness` no.
    if !label.ends_with(' ') && rest.starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    let rest = rest.trim_start();
    Some(rest.strip_prefix(':').unwrap_or(rest).trim())
}

/// A date at the very start of `s`, and what follows it.
fn leading_date(s: &str) -> Option<(When, &str)> {
    let (when, range) = find_date_in_line(s)?;
    if range.start != 0 {
        return None;
    }
    Some((when, s.get(range.end..)?))
}

/// What may follow a date on a metadata line: nothing, or a (`By`) name. `None` when the
/// rest is something else (then the line is not clearly metadata).
fn trailing_byline(rest: &str) -> Option<Option<String>> {
    let rest = rest.trim().trim_start_matches(SEPARATORS).trim();
    if rest.is_empty() {
        return Some(None);
    }
    let lower = rest.to_lowercase();
    let name = match strip_label(rest, &lower, "by ") {
        Some(n) => n,
        None => rest,
    };
    name_like(name).then(|| Some(super::collapse_spaces(name)))
}

/// A person's or desk's name: a few capitalised words (connectors allowed), no digits, no
/// sentence punctuation.
fn name_like(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 8 || s.chars().count() > 80 {
        return false;
    }
    if s.chars()
        .any(|c| c.is_ascii_digit() || matches!(c, '!' | '?' | ':' | ';'))
    {
        return false;
    }
    let connector = |w: &str| {
        matches!(
            w,
            "and"
                | "und"
                | "et"
                | "y"
                | "de"
                | "van"
                | "von"
                | "der"
                | "da"
                | "di"
                | "le"
                | "la"
                | "&"
                | "bin"
                | "al"
        )
    };
    let ok_word = |w: &&str| {
        let w = w.trim_end_matches(',');
        connector(w) || is_initial(w) || w.chars().next().is_some_and(char::is_uppercase)
    };
    let last_ok = words
        .last()
        .is_some_and(|w| !w.ends_with('.') || is_initial(w));
    words.iter().all(ok_word) && words.iter().any(|w| !is_initial(w)) && last_ok
}

/// `J.` or `J.R.` style initials.
fn is_initial(w: &str) -> bool {
    w.ends_with('.') && w.chars().filter(|c| c.is_alphabetic()).count() <= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_date_and_byline() {
        let p = parse_text_file(
            "Harbour Bridge Reopens After Repairs\n\nBy Jane Doe\nPublished: April 24, 2026\n\n\
             The bridge reopened on Friday.\n\nTraffic was light.",
        );
        assert_eq!(
            p.title.as_deref(),
            Some("Harbour Bridge Reopens After Repairs")
        );
        assert_eq!(p.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(p.published.unwrap().value.to_string(), "2026-04-24");
        assert_eq!(
            p.body,
            "The bridge reopened on Friday.\n\nTraffic was light."
        );
    }

    #[test]
    fn a_first_sentence_is_not_a_headline() {
        let p = parse_text_file("The council met on Monday to discuss the budget.\n\nMore text.");
        assert_eq!(p.title, None);
        assert!(p.body.starts_with("The council met"));
    }

    #[test]
    fn headline_directly_followed_by_prose() {
        let para = "The council met on Monday to discuss the budget for the coming year, and \
                    agreed after a long debate to fund two new bus routes.";
        let p = parse_text_file(&format!("Council Funds New Routes\n{para}"));
        assert_eq!(p.title.as_deref(), Some("Council Funds New Routes"));
        assert_eq!(p.body, para);
    }

    #[test]
    fn date_line_with_name_and_updated_line() {
        let p = parse_text_file(
            "A Quiet Week In Town\n\nApril 24, 2026 City Desk\nUpdated: April 25, 2026\n\nNothing happened.",
        );
        assert_eq!(p.byline.as_deref(), Some("City Desk"));
        assert_eq!(p.published.unwrap().value.to_string(), "2026-04-24");
        let u = p.updated.unwrap();
        assert_eq!(u.value.to_string(), "2026-04-25");
        assert_eq!(u.detail.as_deref(), Some("Updated: April 25, 2026"));
        assert_eq!(p.body, "Nothing happened.");
    }

    #[test]
    fn prose_starting_with_by_stays() {
        let p = parse_text_file("Short Headline\n\nBy the end of the week the roads were clear.\n");
        assert_eq!(p.byline, None);
        assert_eq!(p.body, "By the end of the week the roads were clear.");
    }

    #[test]
    fn empty_and_odd_input() {
        assert_eq!(parse_text_file(""), ParsedText::default());
        let p = parse_text_file("\u{feff}İİİ\n\nÜber — straße");
        assert_eq!(p.body, "Über — straße");
    }
}
