//! A person named in a role on the article's date, outside every term the knowledge base
//! has for them in that role.

use super::text::{human, human_day, iso, range, squeeze};
use crate::{Kb, KbEntity, KbKind, KbTerm};
use newstrace_analyze::Context;
use newstrace_model::{Analysis, Entity, EntityKind, Finding, FindingKind, Span, Verdict};
use regex::Regex;
use std::sync::LazyLock;

/// Words that put the role in another time than the article's ("former", "then-", "ex-").
static ANOTHER_TIME: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:former|formerly|then|ex|late|outgoing|incoming|future|erstwhile|previous|previously|predecessor|successor|onetime|one-time|designate|elect|served|serving\s+as\s+then|at\s+the\s+time|until|had\s+been|would\s+become|became|ago|in\s+\d{4})(?-u:\b)",
    )
    .ok()
});

/// Findings for people named in a role outside its term; nothing when the article's date is
/// unknown.
pub(crate) fn check(ctx: &Context<'_>, analysis: &Analysis, kb: &Kb) -> Vec<Finding> {
    let Some(day) = ctx.date else {
        return Vec::new();
    };
    let text = ctx.text;
    let mut out = Vec::new();
    for ent in &analysis.entities {
        if ent.kind != EntityKind::Person {
            continue;
        }
        let Some(role) = &ent.role else { continue };
        let Some(person) = person_of(kb, ent) else {
            continue;
        };
        let terms: Vec<&KbTerm> = kb
            .terms_of(&person.id)
            .into_iter()
            .filter(|t| same_title(&t.role, &role.title) && same_of(kb, t, role.of.as_deref()))
            .collect();
        // Unknown is not wrong.
        if terms.is_empty() {
            continue;
        }
        let covers = |t: &&KbTerm| t.from.start <= day && t.to.is_none_or(|to| day <= to.end);
        if terms.iter().any(covers) {
            continue;
        }
        let Some(sentence) = analysis
            .sentences
            .iter()
            .find(|s| s.span.contains(&role.span) || s.span.overlaps(&role.span))
        else {
            continue;
        };
        if ANOTHER_TIME
            .as_ref()
            .is_none_or(|re| re.is_match(sentence.span.of(text)))
        {
            continue;
        }
        // A sentence dated to another time speaks of that time.
        // News dates what it reports to the days just before it ("said on Monday"): those
        // are the article's own time, not another.
        let dated_elsewhere = analysis.dates.iter().any(|m| {
            sentence.span.contains(&m.span)
                && range(m).is_none_or(|(s, e)| {
                    let recent = s <= day && (day - e).num_days() <= 7;
                    !recent
                })
        });
        if dated_elsewhere {
            continue;
        }
        let name = ent
            .spans
            .iter()
            .min_by_key(|s| {
                s.start
                    .abs_diff(role.span.end)
                    .min(s.end.abs_diff(role.span.start))
            })
            .copied()
            .unwrap_or(role.span);
        let span = Span::new(name.start.min(role.span.start), name.end.max(role.span.end));
        let nearest = terms
            .iter()
            .min_by_key(|t| {
                let end = t.to.map_or(t.from.start, |to| to.end);
                (t.from.start - day)
                    .num_days()
                    .abs()
                    .min((end - day).num_days().abs())
            })
            .copied()
            .unwrap_or(terms[0]);
        let describe = |t: &KbTerm| match &t.to {
            Some(to) => format!("{} to {}", iso(&t.from), iso(to)),
            None => format!("from {}", iso(&t.from)),
        };
        let expected = terms
            .iter()
            .map(|t| describe(t))
            .collect::<Vec<_>>()
            .join("; ");
        let when = match &nearest.to {
            Some(to) => format!("from {} to {}", human(&nearest.from), human(to)),
            None => format!("from {}", human(&nearest.from)),
        };
        let of = nearest
            .of
            .as_deref()
            .map(|id| format!(" of {id}"))
            .unwrap_or_default();
        out.push(Finding {
            kind: FindingKind::RoleTerm,
            claim: squeeze(text, span),
            span,
            verdict: Verdict::Contradicted,
            expected: Some(expected),
            kb_fact: Some(format!(
                "{} {}{of} {} ({}:{})",
                person.id,
                nearest.role,
                describe(nearest),
                nearest.origin.file,
                nearest.origin.line
            )),
            source: Some(nearest.source.clone()),
            reason: format!(
                "the article, dated {}, names {} {}; the knowledge base has that term {when}",
                human_day(day),
                person.name,
                squeeze(text, role.span),
            ),
            other_spans: vec![role.span],
        });
    }
    out
}

/// The one knowledge-base person an article's entity names, if exactly one.
fn person_of<'k>(kb: &'k Kb, ent: &Entity) -> Option<&'k KbEntity> {
    let mut found: Vec<&KbEntity> = Vec::new();
    let names = [ent.text.as_str(), ent.canonical.as_str()];
    for name in names {
        for e in kb.find(name) {
            if e.kind == KbKind::Person && !found.iter().any(|f| f.id == e.id) {
                found.push(e);
            }
        }
    }
    match found.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// Titles compared without case, hyphens or extra spaces ("Secretary-General").
fn same_title(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.to_lowercase()
            .replace(['-', '–'], " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    norm(a) == norm(b)
}

/// Whether the role's organisation (as written) is the term's, when both are given.
fn same_of(kb: &Kb, term: &KbTerm, of: Option<&str>) -> bool {
    let (Some(id), Some(of)) = (term.of.as_deref(), of) else {
        return true;
    };
    kb.find(of).iter().any(|e| e.id == id)
        || kb.entity(id).is_some_and(|e| {
            std::iter::once(&e.name)
                .chain(&e.aliases)
                .any(|n| n.eq_ignore_ascii_case(of))
        })
}
