//! Layout signals: URL-slug residue, template headings, a trailing source tag.

use std::collections::HashSet;
use std::sync::LazyLock;

use newstrace_model::{
    Attribution, AttributionForm, Sentence, SentenceKind, Signal, SignalKind, Span,
};
use regex::Regex;

use super::{clip, entries, normalize, trimmed};

/// A slug line of words must be among the first this many non-empty lines.
const SLUG_TOP_LINES: usize = 5;
/// A slug turned into words has this many words.
const SLUG_WORDS: std::ops::RangeInclusive<usize> = 2..=8;
/// TemplateHeadings fires at this many template headings.
const MIN_TEMPLATE_HEADINGS: usize = 2;
/// Headings are shorter than this (fallback detection and question headings).
const HEADING_MAX_CHARS: usize = 80;
/// Headings have at most this many words (fallback detection and question headings).
const HEADING_MAX_WORDS: usize = 12;

static SLUG_STOP: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("../../data/signals_slug_stopwords.txt")).collect());

/// Template headings, normalised: whole ones and prefixes (entries ending in " *").
struct Templates {
    whole: HashSet<String>,
    prefixes: Vec<String>,
}

static TEMPLATES: LazyLock<Templates> = LazyLock::new(|| {
    let mut t = Templates {
        whole: HashSet::new(),
        prefixes: Vec::new(),
    };
    for e in entries(include_str!("../../data/signals_template_headings.txt")) {
        match e.strip_suffix(" *") {
            Some(p) => t.prefixes.push(format!("{} ", normalize(p))),
            None => {
                t.whole.insert(normalize(e));
            }
        }
    }
    t
});

/// "(Source: ...)", "(Cited sources: ...)", "(Sources: ...)" closing the text.
static SOURCE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\((?:cited |main |primary |original )?sources?(?: used)?\s*:[^()\n]{1,400}\)[\s"”'’.]*$"#)
        .expect("source tag regex")
});

/// A line that is a URL slug: "eu-nations-gather-fortify" anywhere, or near the top a
/// lowercase line of 2–8 bare words with no function words ("nations gather fortify -").
pub(super) fn slug_residue(text: &str, lines: &[Span]) -> Option<Signal> {
    let mut spans = Vec::new();
    for (i, &sp) in lines.iter().enumerate() {
        let line = sp.of(text);
        if line.starts_with("- ") || line.starts_with("* ") {
            continue; // a list item
        }
        let core = line.trim_matches(|c: char| c == '-' || c == '/' || c.is_whitespace());
        if core.is_empty()
            || !core
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == ' ')
        {
            continue;
        }
        if !core.chars().any(|c| c.is_ascii_lowercase()) {
            continue;
        }
        let literal = !core.contains(' ') && core.split('-').filter(|w| !w.is_empty()).count() >= 3;
        let words: Vec<&str> = core.split([' ', '-']).filter(|w| !w.is_empty()).collect();
        let bare = i < SLUG_TOP_LINES
            && SLUG_WORDS.contains(&words.len())
            && !words.iter().any(|w| SLUG_STOP.contains(w));
        if literal || bare {
            spans.push(sp);
        }
    }
    let first = spans.first()?;
    Some(Signal {
        kind: SignalKind::SlugResidue,
        reason: format!(
            "line \"{}\" is a URL slug, not prose",
            clip(first.of(text), 60)
        ),
        spans,
    })
}

/// Whether a line is a heading when the sentence splitter gave none: short, capitalised,
/// no final punctuation but ':'.
fn looks_like_heading(line: &str) -> bool {
    line.len() < HEADING_MAX_CHARS
        && line.split_whitespace().count() <= HEADING_MAX_WORDS
        && line.chars().next().is_some_and(char::is_uppercase)
        && !line.ends_with(['.', '!', ',', ';', '"', '”', ')', '?'])
}

/// A standalone question line ("What Does This Mean for Europe?"): the generic heading of
/// an explainer template.
fn question_heading(text: &str, sp: Span) -> bool {
    let line = sp.of(text);
    // A blank line (or the text's edge) on each side.
    let newlines = |ws: &mut dyn Iterator<Item = char>| {
        ws.take_while(|c| c.is_whitespace())
            .filter(|&c| c == '\n')
            .count()
    };
    let (Some(before), Some(after)) = (text.get(..sp.start), text.get(sp.end..)) else {
        return false;
    };
    let alone_before = before.trim().is_empty() || newlines(&mut before.chars().rev()) >= 2;
    let alone_after = after.trim().is_empty() || newlines(&mut after.chars()) >= 2;
    line.ends_with('?')
        && line.len() < HEADING_MAX_CHARS
        && line.split_whitespace().count() <= HEADING_MAX_WORDS
        && line.chars().next().is_some_and(char::is_uppercase)
        && alone_before
        && alone_after
}

/// Whether a heading is one of the template's.
fn is_template(heading: &str) -> bool {
    let n = normalize(heading);
    let t = &*TEMPLATES;
    t.whole.contains(&n) || t.prefixes.iter().any(|p| n.starts_with(p.as_str()))
}

/// Two or more headings from an article template ("What Happened", "Background", "What
/// Next") or generic question headings.
pub(super) fn template_headings(
    text: &str,
    sentences: &[Sentence],
    all_lines: &[Span],
) -> Option<Signal> {
    let mut headings: Vec<Span> = sentences
        .iter()
        .filter(|s| s.kind == SentenceKind::Heading)
        .map(|s| trimmed(text, s.span))
        .collect();
    if headings.is_empty() {
        // The splitter gave no headings: short lines without final punctuation, not the last.
        let n = all_lines.len();
        headings = all_lines
            .iter()
            .take(n.saturating_sub(1))
            .copied()
            .filter(|l| looks_like_heading(l.of(text)))
            .collect();
    }
    let mut spans: Vec<Span> = headings
        .into_iter()
        .filter(|h| is_template(h.of(text)))
        .collect();
    spans.extend(
        all_lines
            .iter()
            .copied()
            .filter(|l| question_heading(text, *l)),
    );
    spans.sort();
    spans.dedup();
    if spans.len() < MIN_TEMPLATE_HEADINGS {
        return None;
    }
    let names: Vec<&str> = spans.iter().take(6).map(|s| s.of(text)).collect();
    Some(Signal {
        kind: SignalKind::TemplateHeadings,
        reason: format!(
            "{} template headings: {}",
            spans.len(),
            clip(&names.join(" / "), 120)
        ),
        spans,
    })
}

/// The text ends with a parenthesised source tag: "(Source: official statements via TASS)".
/// Attributions of form SourceTag that reach the end are taken when present.
pub(super) fn trailing_source_tag(text: &str, attributions: &[Attribution]) -> Option<Signal> {
    let body_end = text.trim_end().len();
    let last_line = text[..body_end].rfind('\n').map_or(0, |p| p + 1);
    let tail_from = last_line.max(body_end.saturating_sub(600));
    let tail_from = (tail_from..=body_end)
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(body_end);
    let own = SOURCE_TAG.find(&text[tail_from..]).map(|m| {
        let s = &text[tail_from + m.start()..tail_from + m.end()];
        let close = s.rfind(')').map_or(s.len(), |p| p + 1);
        Span::new(tail_from + m.start(), tail_from + m.start() + close)
    });
    let from_attributions: Vec<Span> = attributions
        .iter()
        .filter(|a| a.form == AttributionForm::SourceTag)
        .flat_map(|a| a.spans.iter().copied())
        .filter(|s| s.start >= last_line)
        .collect();
    let spans = match own {
        Some(sp) => vec![sp],
        None if !from_attributions.is_empty() => {
            let lo = from_attributions
                .iter()
                .map(|s| s.start)
                .min()
                .unwrap_or(last_line);
            let hi = from_attributions
                .iter()
                .map(|s| s.end)
                .max()
                .unwrap_or(body_end);
            vec![Span::new(lo, hi)]
        }
        None => return None,
    };
    Some(Signal {
        kind: SignalKind::TrailingSourceTag,
        reason: format!(
            "the text ends with a source tag: {}",
            clip(spans[0].of(text), 100)
        ),
        spans,
    })
}
