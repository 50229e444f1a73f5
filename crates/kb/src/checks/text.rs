//! Text helpers shared by the checks: knowledge-base names found in a stretch of text, verb
//! classes, and date wording.

use crate::{EventKind, Kb, KbDate, KbEntity, KbEvent};
use chrono::NaiveDate;
use newstrace_model::{DateMention, Granularity, Span};
use regex::Regex;
use std::sync::LazyLock;

/// Longest name looked up, in words ("Treaty on the Functioning of the European Union").
const MAX_NAME_WORDS: usize = 8;

/// A knowledge-base name found in the text: every entity of that name (a name can be
/// ambiguous: "Maastricht" the city and the treaty).
#[derive(Debug, Clone)]
pub(crate) struct Mention<'k> {
    /// Where the name is.
    pub span: Span,
    /// The entities of that name.
    pub entities: Vec<&'k KbEntity>,
}

impl Mention<'_> {
    /// Whether `id` is one of the entities named.
    pub fn names(&self, id: &str) -> bool {
        self.entities.iter().any(|e| e.id == id)
    }
}

/// A word token: byte range, and whether a phrase may run on from the previous token.
struct Token {
    start: usize,
    end: usize,
    joined: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '–' | '\'' | '’' | '.' | '&')
}

/// Word tokens of `text[within]`, trimmed of final dots and possessives.
fn tokens(text: &str, within: Span) -> Vec<Token> {
    let Some(slice) = text.get(within.start..within.end) else {
        return Vec::new();
    };
    let mut out: Vec<Token> = Vec::new();
    let mut joined = false;
    let mut start: Option<usize> = None;
    for (i, c) in slice
        .char_indices()
        .chain(std::iter::once((slice.len(), ' ')))
    {
        if i < slice.len() && is_word_char(c) {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            let mut word = &slice[s..i];
            for suffix in ["’s", "'s", "’", "'", "."] {
                word = word.strip_suffix(suffix).unwrap_or(word);
            }
            word = word.trim_end_matches(['.', '-', '–']);
            if !word.is_empty() {
                out.push(Token {
                    start: within.start + s,
                    end: within.start + s + word.len(),
                    joined,
                });
            }
            joined = true;
        }
        // Spaces and brackets let a name run on ("the EDC) treaty"); other marks end it.
        if i < slice.len() && !(c.is_whitespace() || matches!(c, '(' | ')')) {
            joined = false;
        }
    }
    out
}

/// Knowledge-base names in `text[within]`, longest first where they overlap, in text order.
/// Names are looked up with [`Kb::find`], so its case rules apply.
pub(crate) fn mentions<'k>(kb: &'k Kb, text: &str, within: Span) -> Vec<Mention<'k>> {
    let toks = tokens(text, within);
    let mut found: Vec<Mention<'k>> = Vec::new();
    for i in 0..toks.len() {
        let first = text[toks[i].start..].chars().next().unwrap_or(' ');
        if !(first.is_uppercase() || first.is_ascii_digit()) {
            continue;
        }
        let mut query = String::new();
        for j in i..toks.len().min(i + MAX_NAME_WORDS) {
            if j > i {
                if !toks[j].joined {
                    break;
                }
                query.push(' ');
            }
            query.push_str(&text[toks[j].start..toks[j].end]);
            let entities = kb.find(&query);
            if !entities.is_empty() {
                found.push(Mention {
                    span: Span::new(toks[i].start, toks[j].end),
                    entities,
                });
            }
        }
    }
    // "North Atlantic Treaty Organization" is not the North Atlantic Treaty.
    found.sort_by_key(|m| (std::cmp::Reverse(m.span.len()), m.span.start));
    let mut kept: Vec<Mention<'k>> = Vec::new();
    for m in found {
        if !kept.iter().any(|k| k.span.overlaps(&m.span)) {
            kept.push(m);
        }
    }
    kept.sort_by_key(|m| m.span.start);
    kept
}

/// What a verb says happened, coarsely.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum VerbClass {
    /// signed.
    Signed,
    /// entered into force, took effect.
    InForce,
    /// created, established, founded, set up, launched.
    Created,
    /// joined, acceded.
    Joined,
    /// rejected.
    Rejected,
    /// began, started.
    Began,
}

static VERBS: LazyLock<Vec<(VerbClass, Regex)>> = LazyLock::new(|| {
    let v = |class, re: &str| {
        (
            class,
            Regex::new(&format!(r"(?i)(?-u:\b)(?:{re})(?-u:\b)")).ok(),
        )
    };
    [
        v(VerbClass::Signed, r"sign|signs|signed|signing"),
        v(
            VerbClass::InForce,
            r"(?:entered|enters|came|comes|coming|entering|went|goes)\s+into\s+(?:force|effect)|took\s+effect|takes\s+effect|in\s+force",
        ),
        v(
            VerbClass::Created,
            r"create|creates|created|creating|establish|establishes|established|establishing|found|founds|founded|founding|set\s+up|sets\s+up|launch|launches|launched|launching",
        ),
        v(
            VerbClass::Joined,
            r"join|joins|joined|joining|acceded|accedes|accession",
        ),
        v(VerbClass::Rejected, r"reject|rejects|rejected|rejecting|voted\s+down"),
        v(
            VerbClass::Began,
            r"began|begins|begun|beginning|start|starts|started|starting|broke\s+out|launched",
        ),
    ]
    .into_iter()
    .filter_map(|(c, r)| r.map(|r| (c, r)))
    .collect()
});

/// The verb classes a stretch of text uses, in class order, each once.
pub(crate) fn verb_classes(s: &str) -> Vec<VerbClass> {
    VERBS
        .iter()
        .filter(|(_, re)| re.is_match(s))
        .map(|(c, _)| *c)
        .collect()
}

impl VerbClass {
    /// The event kinds a verb of this class can be about.
    pub fn kinds(self) -> &'static [EventKind] {
        match self {
            VerbClass::Signed => &[EventKind::Signed],
            VerbClass::InForce => &[EventKind::InForce],
            VerbClass::Created => &[EventKind::Founded, EventKind::InForce, EventKind::Signed],
            VerbClass::Joined => &[EventKind::Joined],
            VerbClass::Rejected => &[EventKind::Rejected],
            VerbClass::Began => &[EventKind::Began],
        }
    }

    /// The noun of the act, for reasons ("signing").
    pub fn noun(self) -> &'static str {
        match self {
            VerbClass::Signed => "signing",
            VerbClass::InForce => "entry into force",
            VerbClass::Created => "creation",
            VerbClass::Joined => "accession",
            VerbClass::Rejected => "rejection",
            VerbClass::Began => "start",
        }
    }
}

/// The record word of an event kind, as the format writes it ("in-force").
pub(crate) fn kind_word(k: EventKind) -> &'static str {
    match k {
        EventKind::Signed => "signed",
        EventKind::InForce => "in force",
        EventKind::Founded => "founded",
        EventKind::Dissolved => "dissolved",
        EventKind::Rejected => "rejected",
        EventKind::Joined => "joined",
        EventKind::Left => "left",
        EventKind::Began => "began",
        EventKind::Ended => "ended",
        EventKind::Held => "held",
        EventKind::Declared => "declared",
    }
}

/// A date as the knowledge base writes it: `1992`, `1992-02`, `1992-02-07`.
pub(crate) fn iso(d: &KbDate) -> String {
    match d.granularity {
        Granularity::Day | Granularity::Week => d.start.format("%Y-%m-%d").to_string(),
        Granularity::Month => d.start.format("%Y-%m").to_string(),
        Granularity::Year | Granularity::Decade => d.start.format("%Y").to_string(),
    }
}

/// A date for a reader: `7 February 1992`, `February 1992`, `1992`.
pub(crate) fn human(d: &KbDate) -> String {
    match d.granularity {
        Granularity::Day | Granularity::Week => d.start.format("%-d %B %Y").to_string(),
        Granularity::Month => d.start.format("%B %Y").to_string(),
        Granularity::Year | Granularity::Decade => d.start.format("%Y").to_string(),
    }
}

/// A day for a reader.
pub(crate) fn human_day(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// The days a resolved, absolute date mention covers.
pub(crate) fn range(m: &DateMention) -> Option<(NaiveDate, NaiveDate)> {
    match (m.start, m.end) {
        (Some(s), Some(e)) if s <= e => Some((s, e)),
        _ => None,
    }
}

/// Whether the mention's days and the knowledge-base date share a day: a claim of `1992`
/// fits `1992-02-07`, and neither side is held to more precision than it has.
pub(crate) fn fits(r: (NaiveDate, NaiveDate), d: &KbDate) -> bool {
    r.0 <= d.end && d.start <= r.1
}

/// `event`'s fact line: `treaty:maastricht signed 1992-02-07 (data/kb/treaties.kb:12)`.
pub(crate) fn event_fact(e: &KbEvent) -> String {
    format!(
        "{} {} {} ({}:{})",
        e.entity,
        kind_word(e.what),
        iso(&e.date),
        e.origin.file,
        e.origin.line
    )
}

/// The text of `span`, with runs of white space made single spaces.
pub(crate) fn squeeze(text: &str, span: Span) -> String {
    span.of(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first `n` characters of `s`, with an ellipsis when cut.
pub(crate) fn excerpt(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let cut: String = s.chars().take(n).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_join_across_brackets_not_commas() {
        let t = "the European Defence Community (EDC) treaty, NATO’s plan.";
        let toks = tokens(t, Span::new(0, t.len()));
        let words: Vec<&str> = toks.iter().map(|k| &t[k.start..k.end]).collect();
        assert_eq!(
            words,
            [
                "the",
                "European",
                "Defence",
                "Community",
                "EDC",
                "treaty",
                "NATO",
                "plan"
            ]
        );
        assert!(toks[4].joined && toks[5].joined);
        assert!(!toks[6].joined);
    }

    #[test]
    fn verb_classes_found() {
        assert_eq!(
            verb_classes("The treaty was signed, establishing the union"),
            [VerbClass::Signed, VerbClass::Created]
        );
        assert_eq!(
            verb_classes("It entered into force in 1993"),
            [VerbClass::InForce]
        );
        assert!(verb_classes("It incorporated a clause").is_empty());
        // "designed" is not "signed".
        assert!(verb_classes("a designed outcome").is_empty());
    }
}
