//! Wire-copy furniture: datelines ("BRUSSELS (AFP) —", "— TASS" at the end), credit lines
//! ("With AFP", "Reporting by ...", "(Nordwire)" alone on the last line) and source tags
//! ("(Source: official statements via TASS and government briefings)").

use super::lexicon::LEXICON;
use super::tokens::Tokens;
use super::{People, classify};
use newstrace_model::{Attribution, AttributionForm, SourceKind, SourceRef, Span};
use regex::Regex;
use std::sync::LazyLock;

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*\p{Lu}[\p{Lu} .'’-]{1,40}(?:,[^()\n]{1,40}?)?[ \t]*\((?P<src>[^()\n]{1,40})\)[ \t]*[—–-]")
        .expect("dateline regex")
});

static TRAILING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[—–-][ \t]*(?P<src>\p{Lu}[\p{L}. -]{0,40}?)[ \t]*$").expect("trailing regex")
});

static ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\([ \t]*(?P<src>\p{Lu}[^()\n]{0,40}?)[ \t]*\)$").expect("alone regex")
});

static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    let openers: Vec<String> = LEXICON.credit.iter().map(|c| regex::escape(c)).collect();
    Regex::new(&format!(
        r"^\(?(?P<open>{}):?[ \t]+(?P<names>[^\n]{{1,200}}?)\)?$",
        openers.join("|")
    ))
    .expect("credit regex")
});

static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\((?P<head>(?i:cited sources?|sources?))[ \t]*:[ \t]*(?P<body>[^()\n]{1,400})\)")
        .expect("tag regex")
});

static PART_SPLIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[,;&]|\band\b").expect("split regex"));

/// Finds datelines, credit lines and source tags.
pub(crate) fn find(
    text: &str,
    t: &Tokens<'_>,
    people: &mut People<'_>,
    out: &mut Vec<Attribution>,
) {
    for c in DATELINE.captures_iter(text) {
        if let Some(m) = c.name("src") {
            out.push(outlet_att(
                text,
                t,
                people,
                Span::new(m.start(), m.end()),
                None,
                AttributionForm::Dateline,
            ));
        }
    }
    let lines = line_spans(text);
    // The last non-empty line: "— TASS", "(Nordwire)".
    if let Some(&last) = lines.iter().rev().find(|s| !s.of(text).trim().is_empty()) {
        let line = last.of(text);
        if let Some(m) = ALONE.captures(line).and_then(|c| c.name("src")) {
            let span = Span::new(last.start + m.start(), last.start + m.end());
            out.push(outlet_att(
                text,
                t,
                people,
                span,
                None,
                AttributionForm::Credit,
            ));
        } else if let Some(m) = TRAILING.captures(line).and_then(|c| c.name("src")) {
            let name = m.as_str();
            let caps = name
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
            if caps || LEXICON.outlets.contains(name) {
                let span = Span::new(last.start + m.start(), last.start + m.end());
                out.push(outlet_att(
                    text,
                    t,
                    people,
                    span,
                    None,
                    AttributionForm::Dateline,
                ));
            }
        }
    }
    for &l in &lines {
        credit_line(text, t, people, l, out);
    }
    for c in TAG.captures_iter(text) {
        let (Some(head), Some(body)) = (c.name("head"), c.name("body")) else {
            continue;
        };
        let cue = Span::new(head.start(), head.end());
        let mut pos = body.start();
        let b = body.as_str();
        let mut parts: Vec<Span> = Vec::new();
        for sep in PART_SPLIT.find_iter(b) {
            parts.push(Span::new(pos, body.start() + sep.start()));
            pos = body.start() + sep.end();
        }
        parts.push(Span::new(pos, body.end()));
        for p in parts {
            let p = trim(text, p);
            if p.is_empty() {
                continue;
            }
            let s = p.of(text);
            let (cited, reporter) = match s.find(" via ") {
                Some(k) => (
                    trim(text, Span::new(p.start, p.start + k)),
                    Some(trim(text, Span::new(p.start + k + 5, p.end))),
                ),
                None => (p, None),
            };
            let cited_ref = source(text, t, people, cited);
            let reporter_ref = reporter
                .filter(|r| !r.is_empty())
                .map(|r| source(text, t, people, r));
            let mut spans = vec![cue, cited];
            spans.extend(reporter);
            spans.sort();
            out.push(Attribution {
                reporter: reporter_ref,
                cited: cited_ref,
                cue: Some(head.as_str().to_string()),
                cue_span: Some(cue),
                content: None,
                form: AttributionForm::SourceTag,
                spans,
            });
        }
    }
}

/// "With AFP", "Reporting by Jane Doe; Editing by John Roe".
fn credit_line(
    text: &str,
    t: &Tokens<'_>,
    people: &mut People<'_>,
    line: Span,
    out: &mut Vec<Attribution>,
) {
    let l = trim(text, line);
    let s = l.of(text);
    if s.len() > 160 || s.ends_with('.') {
        return;
    }
    let mut pos = l.start;
    for seg in s.split(';') {
        let seg_span = trim(text, Span::new(pos, pos + seg.len()));
        pos += seg.len() + 1;
        let seg_text = seg_span.of(text);
        // Most lines open with no credit word: skip the regex there.
        let body = seg_text.strip_prefix('(').unwrap_or(seg_text);
        if !LEXICON.credit.iter().any(|c| body.starts_with(c.as_str())) {
            continue;
        }
        let Some(c) = CREDIT.captures(seg_text) else {
            continue;
        };
        let (Some(open), Some(names)) = (c.name("open"), c.name("names")) else {
            continue;
        };
        let cue = Span::new(seg_span.start + open.start(), seg_span.start + open.end());
        let base = seg_span.start + names.start();
        let mut npos = base;
        let mut found = Vec::new();
        for piece in PART_SPLIT.split(names.as_str()) {
            let span = trim(text, Span::new(npos, npos + piece.len()));
            npos += piece.len();
            // Skip the separator that followed this piece.
            if let Some(sep) = PART_SPLIT.find(text.get(npos..).unwrap_or(""))
                && sep.start() == 0
            {
                npos += sep.end();
            }
            if span.is_empty() {
                continue;
            }
            // Credit names are capitalised; a sentence that opens with "With" is not a credit.
            let capitalised = span
                .of(text)
                .split_whitespace()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase));
            if !capitalised || span.of(text).split_whitespace().count() > 4 {
                return;
            }
            found.push(span);
        }
        for span in found {
            let cited = source(text, t, people, span);
            out.push(Attribution {
                reporter: None,
                cited,
                cue: Some(open.as_str().to_string()),
                cue_span: Some(cue),
                content: None,
                form: AttributionForm::Credit,
                spans: vec![cue, span],
            });
        }
    }
}

/// An attribution to the outlet named at `span`.
fn outlet_att(
    text: &str,
    t: &Tokens<'_>,
    people: &mut People<'_>,
    span: Span,
    cue: Option<Span>,
    form: AttributionForm,
) -> Attribution {
    let mut cited = source(text, t, people, span);
    // Datelines and bare credits name agencies, whatever the name looks like.
    cited.kind = SourceKind::Outlet;
    let mut spans = vec![span];
    spans.extend(cue);
    spans.sort();
    Attribution {
        reporter: None,
        cited,
        cue: cue.map(|c| c.of(text).to_string()),
        cue_span: cue,
        content: None,
        form,
        spans,
    }
}

fn source(text: &str, t: &Tokens<'_>, people: &mut People<'_>, span: Span) -> SourceRef {
    let words: Vec<&str> = span.of(text).split_whitespace().collect();
    classify(span, &words, people, t)
}

/// Each line's span, without its newline.
fn line_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split('\n') {
        out.push(Span::new(pos, pos + line.len()));
        pos += line.len() + 1;
    }
    out
}

/// `span` without surrounding whitespace.
fn trim(text: &str, span: Span) -> Span {
    let s = span.of(text);
    let start = span.start + (s.len() - s.trim_start().len());
    Span::new(start, start + s.trim().len())
}
