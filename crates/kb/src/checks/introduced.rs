//! A claim of what a treaty or body introduced, against the knowledge base: "Article 42(7)
//! of the Maastricht Treaty" when Article 42(7) came with the Treaty of Lisbon.

use super::text::{Mention, human, kind_word, mentions, squeeze};
use crate::{Kb, KbEntity, KbKind};
use newstrace_analyze::Context;
use newstrace_model::{Analysis, Finding, FindingKind, SentenceKind, Span, Verdict};
use regex::Regex;
use std::sync::LazyLock;

/// Between the thing and its credited origin: "Article 42(7) of the Maastricht Treaty".
static OF: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*of\s+(?:the\s+)?$").ok());

/// Between the thing and its credited origin: "Article 42(7), introduced by Maastricht".
static BY: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*,?\s*(?:which\s+|that\s+)?(?:was\s+|were\s+|had\s+been\s+)?(?:first\s+)?(?:introduced|created|established|brought\s+in|inserted|added|enshrined|incorporated)\s+(?:by|in|with|through)\s+(?:the\s+)?$",
    )
    .ok()
});

/// A verb crediting its subject with the thing that follows it.
static VERB: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:introduced|introduces|introduce|introducing|created|creates|create|creating|established|establishes|establishing|brought\s+in|brings\s+in|incorporated|incorporates|incorporating|enshrined|enshrines|enshrining|inserted|inserts|added|adds|included|includes)(?-u:\b)",
    )
    .ok()
});

/// What may stand between the verb and the thing: no clause boundary.
static BREAK: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)[;:.!?]|,\s*(?:and|but|which|while|when)(?-u:\b)|(?-u:\b)(?:which|who|when|while|but|before|after|later|until)(?-u:\b)").ok()
});

/// Words that turn a crediting sentence round ("not the Maastricht Treaty but Lisbon").
static NEGATION: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:not|never|no|nor|n't|rather\s+than|instead|contrary|amended|amending|amends|replaced|misattribut\w*|wrongly|mistakenly)(?-u:\b)").ok()
});

/// Longest stretch from the verb to the thing it introduced.
const MAX_VERB_GAP: usize = 80;

/// Findings for each sentence crediting a thing to a treaty or body other than the one the
/// knowledge base says introduced it.
pub(crate) fn check(ctx: &Context<'_>, analysis: &Analysis, kb: &Kb) -> Vec<Finding> {
    let text = ctx.text;
    // Most articles name none of the items: one pass over the whole text finds those that
    // occur at all, and only those are looked for sentence by sentence.
    let lower_text = text.to_lowercase();
    let items: Vec<(&str, &KbEntity)> = if lower_text.len() == text.len() {
        kb.introduced_in(&lower_text)
    } else {
        // Case folding moved offsets: no shortcut, find_item copes sentence by sentence.
        kb.introduced_items().collect()
    };
    if items.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for s in &analysis.sentences {
        if s.kind == SentenceKind::Dateline {
            continue;
        }
        let sentence = s.span.of(text);
        if NEGATION.as_ref().is_none_or(|re| re.is_match(sentence)) {
            continue;
        }
        let lower = sentence.to_lowercase();
        let mut named: Option<Vec<Mention<'_>>> = None;
        for (item, _) in &items {
            for at in find_item(&lower, sentence, item) {
                let y = Span::new(s.span.start + at, s.span.start + at + item.len());
                let introducers: Vec<&KbEntity> = items
                    .iter()
                    .filter(|(i, _)| i.eq_ignore_ascii_case(item))
                    .map(|(_, e)| *e)
                    .collect();
                let named = named.get_or_insert_with(|| mentions(kb, text, s.span));
                // "European Union" inside "Western European Union" is not the item.
                if named
                    .iter()
                    .any(|m| m.span.contains(&y) && m.span.len() > y.len())
                {
                    continue;
                }
                // When the article names the right one too, it may be saying both.
                if named
                    .iter()
                    .any(|m| introducers.iter().any(|e| m.names(&e.id)))
                {
                    continue;
                }
                if let Some(f) = credited(text, kb, named, y, item, &introducers) {
                    out.push(f);
                }
            }
        }
    }
    out
}

/// Byte offsets in `sentence` where `item` stands as a whole phrase.
fn find_item(lower: &str, sentence: &str, item: &str) -> Vec<usize> {
    let needle = item.to_lowercase();
    // Case folding must not move offsets.
    if needle.is_empty() || lower.len() != sentence.len() || needle.len() != item.len() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find(&needle) {
        let at = from + i;
        let end = at + needle.len();
        let before = lower[..at].chars().next_back();
        let after = lower[end..].chars().next();
        let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if edge(before) && edge(after) {
            out.push(at);
        }
        from = end;
    }
    out
}

/// The finding when a named treaty or body is credited with `item` at `y`.
fn credited(
    text: &str,
    kb: &Kb,
    named: &[Mention<'_>],
    y: Span,
    item: &str,
    introducers: &[&KbEntity],
) -> Option<Finding> {
    // The verb's subject is taken to be the first treaty named before the thing: "the 1990
    // Maastricht Treaty, which created the European Union, that incorporated … Article 42(7)".
    let subject = named
        .iter()
        .position(|m| m.span.end <= y.start && m.entities.iter().all(|e| e.kind == KbKind::Treaty));
    for (i, m) in named.iter().enumerate() {
        if m.span.overlaps(&y) || (m.span.end <= y.start && Some(i) != subject) {
            continue;
        }
        // Only a treaty or body can be credited, and every reading of the name must be wrong.
        if m.entities.iter().any(|e| {
            !matches!(
                e.kind,
                KbKind::Treaty | KbKind::Organization | KbKind::Event
            ) || e.introduced.iter().any(|i| i.eq_ignore_ascii_case(item))
        }) {
            continue;
        }
        // "The Treaty of Brussels established the WEU": the Modified Brussels Treaty did, as
        // an amendment of it; names that hold one another are one line of instruments.
        if m.entities
            .iter()
            .any(|x| introducers.iter().any(|r| related(x, r)))
        {
            continue;
        }
        let x_text = m.span.of(text);
        let link = if m.span.start >= y.end {
            let between = text.get(y.end..m.span.start).unwrap_or("");
            // "Article 42(7) of the Treaty on European Union" cites where the article stands
            // today, not what introduced it.
            let citation = OF.as_ref().is_some_and(|re| re.is_match(between))
                && !x_text.contains("Treaty on European Union")
                && x_text != "TEU";
            citation || BY.as_ref().is_some_and(|re| re.is_match(between))
        } else {
            verb_link(text, m.span, y)
        };
        if !link {
            continue;
        }
        let right = introducers[0];
        let dates = kb
            .events_of(&right.id)
            .iter()
            .map(|ev| format!("{} {}", kind_word(ev.what), human(&ev.date)))
            .collect::<Vec<_>>()
            .join(", ");
        let with_dates = if dates.is_empty() {
            right.name.clone()
        } else {
            format!("{} ({dates})", right.name)
        };
        let span = Span::new(m.span.start.min(y.start), m.span.end.max(y.end));
        return Some(Finding {
            kind: FindingKind::Introduced,
            claim: squeeze(text, span),
            span,
            verdict: Verdict::Contradicted,
            expected: Some(with_dates.clone()),
            kb_fact: Some(format!(
                "{} introduced {item} ({}:{})",
                right.id, right.origin.file, right.origin.line
            )),
            source: Some(right.source.clone()),
            reason: format!(
                "the article credits {} to the {}; the knowledge base has it introduced by the {with_dates}",
                y.of(text),
                m.entities[0].name
            )
            .replace("the the ", "the ")
            .replace("the The ", "the "),
            other_spans: vec![m.span, y],
        });
    }
    None
}

/// "X … introduced … Y": a crediting verb after X, and nothing but the verb's object between
/// the verb and Y.
fn verb_link(text: &str, x: Span, y: Span) -> bool {
    let Some(between) = text.get(x.end..y.start) else {
        return false;
    };
    let Some(re) = VERB.as_ref() else {
        return false;
    };
    let Some(last) = re.find_iter(between).last() else {
        return false;
    };
    let tail = &between[last.end()..];
    tail.len() <= MAX_VERB_GAP && BREAK.as_ref().is_some_and(|b| !b.is_match(tail))
}

/// Whether one entity's name or alias holds one of the other's ("Modified Brussels Treaty",
/// "Brussels Treaty").
fn related(a: &KbEntity, b: &KbEntity) -> bool {
    let names = |e: &KbEntity| {
        std::iter::once(&e.name)
            .chain(&e.aliases)
            .map(|n| format!(" {} ", n.to_lowercase()))
            .collect::<Vec<_>>()
    };
    let (na, nb) = (names(a), names(b));
    na.iter().any(|x| {
        nb.iter()
            .any(|y| x.contains(y.as_str()) || y.contains(x.as_str()))
    })
}
