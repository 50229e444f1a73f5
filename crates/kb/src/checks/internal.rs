//! One event given two incompatible dates inside one article; needs no knowledge base.

use super::text::{VerbClass, excerpt, mentions, range, squeeze, verb_classes};
use crate::{Kb, KbKind};
use newstrace_analyze::Context;
use newstrace_model::{Analysis, DatedClaim, Finding, FindingKind, Verdict};
use regex::Regex;
use std::sync::LazyLock;

/// Head words of a name that is itself something dated ("Maastricht Treaty").
static DATED_NAME: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:Treaty|Agreement|Accords?|Pact|Convention|Declaration|Charter|Protocol)(?-u:\b)")
        .ok()
});

/// Words before a name that make it another instrument ("the modified Treaty of Brussels").
static MODIFIED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:modified|revised|amended|amending|new|second|first|third|original|consolidated|draft|earlier|later|previous|proposed)\s+(?:\(\w+\)\s+)?$").ok()
});

/// "the strike began on" just before the date: the event noun, its verb.
static STRIKE_BEGAN: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)the\s+(?:[A-Z][\w-]*\s+){0,2}(strike|walkout|stoppage)\s+(?:has\s+|had\s+)?(?:began|begun|started|broke\s+out|kicked\s+off)\s*,?\s*(?:on|in)?\s*$",
    )
    .ok()
});

/// Another strike than the one reported: then "the strike" may be either.
static OTHER_STRIKE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:another|second|first|third|new|previous|earlier|last|latest|separate|next|later|two|three|several|1st|2nd)\s+(?:\w+\s+)?(?:strike|walkout|stoppage)s?(?-u:\b)|(?-u:\b)(?:strikes|walkouts|stoppages)(?-u:\b)").ok()
});

/// One dated claim reduced to what it dates.
struct Keyed<'a> {
    key: String,
    label: String,
    class: VerbClass,
    claim: &'a DatedClaim,
    range: (chrono::NaiveDate, chrono::NaiveDate),
}

/// Findings for each later claim that dates the same event, by the same verb, to days that
/// do not meet an earlier claim's.
pub(crate) fn check(ctx: &Context<'_>, analysis: &Analysis, kb: &Kb) -> Vec<Finding> {
    let text = ctx.text;
    let strikes_ok = OTHER_STRIKE.as_ref().is_some_and(|re| !re.is_match(text));
    let keyed: Vec<Keyed<'_>> = analysis
        .timeline
        .iter()
        .filter_map(|c| key_of(text, kb, c, strikes_ok))
        .collect();
    let mut out = Vec::new();
    for (j, later) in keyed.iter().enumerate() {
        let earlier = keyed[..j].iter().find(|e| {
            e.key == later.key
                && e.class == later.class
                && !(e.range.0 <= later.range.1 && later.range.0 <= e.range.1)
        });
        let Some(earlier) = earlier else { continue };
        let quote = |c: &DatedClaim| excerpt(&squeeze(text, c.span), 70);
        out.push(Finding {
            kind: FindingKind::InternalDate,
            claim: squeeze(text, later.claim.span),
            span: later.claim.span,
            verdict: Verdict::Inconsistent,
            expected: Some(earlier.claim.date.text.clone()),
            kb_fact: None,
            source: None,
            reason: format!(
                "the article dates the {}'s {} to {} (“{}”) and to {} (“{}”)",
                later.label,
                later.class.noun(),
                earlier.claim.date.text,
                quote(earlier.claim),
                later.claim.date.text,
                quote(later.claim),
            )
            .replace("the the ", "the "),
            other_spans: vec![earlier.claim.span],
        });
    }
    out
}

/// What `claim` dates, by which verb; `None` unless that is clear.
fn key_of<'a>(text: &str, kb: &Kb, claim: &'a DatedClaim, strikes_ok: bool) -> Option<Keyed<'a>> {
    if claim.date.relative {
        return None;
    }
    let range = range(&claim.date)?;
    let sentence = claim.span.of(text);
    let before_date = text.get(claim.span.start..claim.date.span.start)?;
    if strikes_ok
        && STRIKE_BEGAN
            .as_ref()
            .is_some_and(|re| re.is_match(before_date))
    {
        return Some(Keyed {
            key: "noun:strike".into(),
            label: "strike".into(),
            class: VerbClass::Began,
            claim,
            range,
        });
    }
    // Exactly one verb class: "signed 1992" and "in force 1993" are both right.
    let [class] = verb_classes(sentence)[..] else {
        return None;
    };
    if class == VerbClass::Began {
        return None;
    }
    let unmodified = |start: usize| {
        let before = text.get(claim.span.start..start).unwrap_or("");
        MODIFIED.as_ref().is_some_and(|re| !re.is_match(before))
    };
    // The one treaty or event the knowledge base knows in the claim.
    let dated: Vec<_> = mentions(kb, text, claim.span)
        .into_iter()
        .filter(|m| {
            m.entities
                .iter()
                .all(|e| matches!(e.kind, KbKind::Treaty | KbKind::Event))
        })
        .collect();
    if let [m] = dated.as_slice() {
        if !unmodified(m.span.start) || m.entities.len() != 1 {
            return None;
        }
        return Some(Keyed {
            key: format!("kb:{}", m.entities[0].id),
            label: m.entities[0].name.clone(),
            class,
            claim,
            range,
        });
    }
    if !dated.is_empty() {
        return None;
    }
    // Without the knowledge base: the one name in the claim that is itself dated.
    let re = DATED_NAME.as_ref()?;
    let names: Vec<&String> = claim.entities.iter().filter(|e| re.is_match(e)).collect();
    let [name] = names[..] else { return None };
    let at = sentence.find(name.as_str())?;
    if !unmodified(claim.span.start + at) {
        return None;
    }
    Some(Keyed {
        key: format!("name:{}", name.to_lowercase()),
        label: name.clone(),
        class,
        claim,
        range,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strike_pattern() {
        let re = STRIKE_BEGAN.as_ref().unwrap();
        assert!(re.is_match("The strike began on "));
        assert!(re.is_match("Since the walkout started on "));
        assert!(re.is_match("the Kestrel port strike began "));
        assert!(!re.is_match("The strike began after talks failed, and on "));
        let other = OTHER_STRIKE.as_ref().unwrap();
        assert!(other.is_match("a second strike began"));
        assert!(!other.is_match("the strike began"));
    }
}
