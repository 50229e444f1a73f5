//! HTML fragments that are all content (feed items): markup to paragraphs.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// Elements whose content is never text.
const SKIPPED: [&str; 8] = [
    "script", "style", "noscript", "template", "head", "iframe", "object", "svg",
];

/// Elements that start and end a paragraph.
const BLOCKS: [&str; 28] = [
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "figure",
    "figcaption",
    "aside",
    "hr",
    "address",
    "main",
];

/// Converts an HTML fragment to plain text with paragraph breaks: block elements become
/// paragraphs (separated by a blank line), `<br>` a line break; scripts and styles are
/// dropped and entities decoded by the HTML parser.
pub fn fragment_to_text(markup: &str) -> String {
    let doc = Html::parse_fragment(markup);
    let mut out = String::with_capacity(markup.len());
    // Depth inside skipped elements; the walk is iterative so deep nesting cannot overflow
    // the stack.
    let mut skip = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) => {
                    let name = e.name();
                    if skip > 0 || SKIPPED.contains(&name) {
                        skip += 1;
                    } else if BLOCKS.contains(&name) {
                        out.push_str("\n\n");
                    } else if name == "br" {
                        out.push('\n');
                    } else if name == "td" || name == "th" {
                        out.push(' ');
                    }
                }
                Node::Text(t) if skip == 0 => push_collapsed(&mut out, t),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    if skip > 0 {
                        skip -= 1;
                    } else if BLOCKS.contains(&e.name()) {
                        out.push_str("\n\n");
                    }
                }
            }
        }
    }
    super::tidy_paragraphs(&out)
}

/// Appends text with runs of whitespace (newlines included) collapsed to one space, as a
/// browser renders it.
fn push_collapsed(out: &mut String, text: &str) {
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            space = true;
        } else {
            if space && !out.ends_with([' ', '\n']) && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space && !out.ends_with([' ', '\n']) && !out.is_empty() {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_paragraphs_and_scripts_vanish() {
        let html = "<h2>Head</h2><p>First &amp; one,\n  wrapped.</p><script>var x = 1;</script>\
                    <p>Second<br>line two</p><ul><li>a</li><li>b</li></ul>";
        assert_eq!(
            fragment_to_text(html),
            "Head\n\nFirst & one, wrapped.\n\nSecond\nline two\n\na\n\nb"
        );
    }

    #[test]
    fn plain_text_and_inline_markup_pass_through() {
        assert_eq!(
            fragment_to_text("Just <b>bold</b> text."),
            "Just bold text."
        );
        assert_eq!(fragment_to_text(""), "");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<div>".repeat(5_000) + "deep" + &"</div>".repeat(5_000);
        assert_eq!(fragment_to_text(&html), "deep");
    }
}
