//! A dated claim against the dated events of the treaty or event it names.

use super::text::{
    VerbClass, event_fact, fits, human, iso, kind_word, mentions, range, squeeze, verb_classes,
};
use crate::{EventKind, Kb, KbEvent, KbKind};
use chrono::Datelike;
use newstrace_analyze::Context;
use newstrace_model::{Analysis, DatedClaim, Finding, FindingKind, Verdict};
use regex::Regex;
use std::sync::LazyLock;

/// Words that put the claim's date at a distance from the event ("ten years after the
/// Lisbon Treaty took effect"): such a date does not date the event.
static DISTANCE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:after|before|since|until|till|anniversary|ago|years?|decades?|months?|later|earlier|prior|following|followed|preceded|by\s+then|not|never|no\s+longer)(?-u:\b)",
    )
    .ok()
});

/// Findings for every dated claim whose date fits none of the named event's dates.
pub(crate) fn check(ctx: &Context<'_>, analysis: &Analysis, kb: &Kb) -> Vec<Finding> {
    analysis
        .timeline
        .iter()
        .filter_map(|c| check_claim(ctx.text, analysis, c, kb))
        .collect()
}

/// A four-digit year as news writes it.
static YEAR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?-u:\b)(?:1[89]\d\d|20\d\d)(?-u:\b)").expect("static regex")
});

fn check_claim(text: &str, analysis: &Analysis, claim: &DatedClaim, kb: &Kb) -> Option<Finding> {
    let date = range(&claim.date)?;
    if claim.date.relative {
        return None;
    }
    let sentence = claim.span.of(text);
    if DISTANCE.as_ref().is_none_or(|re| re.is_match(sentence)) {
        return None;
    }
    // Another date in the sentence may be the one this event carries.
    let other_dates = analysis.dates.iter().any(|m| {
        claim.span.contains(&m.span) && m.span != claim.date.span && range(m) != Some(date)
    });
    // A year the date finder did not take ("the Treaty of 1954") still says the sentence
    // carries more than one date: leave it.
    let claim_year = claim.date.start.map(|d| d.year());
    let other_year = YEAR.find_iter(sentence).any(|y| {
        y.as_str().parse::<i32>().ok() != claim_year
            && !claim.date.span.contains(&newstrace_model::Span::new(
                claim.span.start + y.start(),
                claim.span.start + y.end(),
            ))
    });
    if other_dates || other_year {
        return None;
    }
    let verbs = verb_classes(sentence);
    // Joined needs to know who joined; leave it out rather than guess.
    if verbs.contains(&VerbClass::Joined) {
        return None;
    }
    let kinds: Vec<EventKind> = verbs.iter().flat_map(|v| v.kinds()).copied().collect();
    let allowed = |k: EventKind| kinds.is_empty() || kinds.contains(&k);
    let named = mentions(kb, text, claim.span);
    // A date that fits any event of any named entity may be that event's date.
    let fits_something = named.iter().any(|m| {
        m.entities.iter().any(|e| {
            kb.events_of(&e.id)
                .iter()
                .any(|ev| allowed(ev.what) && fits(date, &ev.date))
        })
    });
    if fits_something {
        return None;
    }
    for m in &named {
        // Every reading of an ambiguous name must be wrong; only treaties and events.
        if m.entities
            .iter()
            .any(|e| !matches!(e.kind, KbKind::Treaty | KbKind::Event))
        {
            continue;
        }
        // An event lasts: "the war entered a new phase in 2023" dates something inside it,
        // not its start. Only a claim about its start or founding is checked against it.
        let about_start = verbs.contains(&VerbClass::Began) || verbs.contains(&VerbClass::Created);
        if !about_start && m.entities.iter().any(|e| e.kind == KbKind::Event) {
            continue;
        }
        let mut relevant: Vec<&KbEvent> = Vec::new();
        for e in &m.entities {
            relevant.extend(
                kb.events_of(&e.id)
                    .into_iter()
                    .filter(|ev| allowed(ev.what)),
            );
        }
        if relevant.is_empty() {
            continue;
        }
        let entity = m.entities[0];
        let expected = relevant
            .iter()
            .map(|ev| format!("{} ({})", iso(&ev.date), kind_word(ev.what)))
            .collect::<Vec<_>>()
            .join("; ");
        let has = relevant
            .iter()
            .map(|ev| match ev.what {
                EventKind::InForce => format!("in force from {}", human(&ev.date)),
                other => format!("{} {}", kind_word(other), human(&ev.date)),
            })
            .collect::<Vec<_>>()
            .join(" and ");
        let act = match verbs.as_slice() {
            [one] => format!("the {}'s {}", entity.name, one.noun()),
            _ => format!("the {}", entity.name),
        };
        let mut reason = format!(
            "the article dates {act} to {}; the knowledge base has it {has}",
            claim.date.text
        );
        // Name the event the article's date belongs to, when there is one ("1954 is when
        // the French National Assembly rejected it").
        let nearest = m
            .entities
            .iter()
            .flat_map(|e| kb.events_of(&e.id))
            .find(|ev| !allowed(ev.what) && fits(date, &ev.date));
        if let Some(ev) = nearest {
            let who = ev
                .by
                .as_deref()
                .map(|id| kb.entity(id).map_or(id.to_string(), |b| b.name.clone()));
            let what = match (ev.what, who) {
                (EventKind::Rejected, Some(w)) => format!("the {w} rejected it"),
                (EventKind::InForce, _) => "it entered into force".to_string(),
                (EventKind::Joined, Some(w)) => format!("{w} joined it"),
                (k, Some(w)) => format!("it {} ({w})", kind_word(k)),
                (k, None) => format!("it {}", kind_word(k)),
            };
            reason.push_str(&format!("; {} is when {what}", claim.date.text));
        }
        let first = relevant[0];
        return Some(Finding {
            kind: FindingKind::EventDate,
            claim: squeeze(text, claim.span),
            span: claim.span,
            verdict: Verdict::Contradicted,
            expected: Some(expected),
            kb_fact: Some(
                relevant
                    .iter()
                    .map(|ev| event_fact(ev))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            source: Some(first.source.clone()),
            reason: reason.replace("the the ", "the "),
            other_spans: vec![claim.date.span, m.span],
        });
    }
    None
}
