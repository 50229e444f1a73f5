//! Attributions: who reports what, through whom, and the upstream sources an article rests on.
//!
//! Running text is read on a light token stream (`running`): reporting verbs and phrases
//! with their subject or inverted source, relays ("TASS, citing AFP") and "the same source".
//! Wire-copy furniture (datelines, credit lines, trailing source tags) is read line by line
//! (`wire`). Upstream sources are the outlets at the ends of those chains (`upstream`).
//! Source and cue spans are tight (just the name, just the cue) because they are scored.

mod lexicon;
mod running;
mod tokens;
mod upstream;
mod wire;

#[cfg(test)]
mod tests;

use crate::Context;
use lexicon::{LEXICON, Lexicon, nationality_country};
use newstrace_model::{
    Attribution, Entity, EntityKind, Sentence, SourceKind, SourceRef, Span, UpstreamSource,
};
use tokens::Tokens;

/// Finds attributions and, from them, the article's upstream sources.
pub fn find(
    ctx: &Context<'_>,
    sentences: &[Sentence],
    entities: &[Entity],
) -> (Vec<Attribution>, Vec<UpstreamSource>) {
    let text = ctx.text;
    let mut starts: Vec<usize> = sentences.iter().map(|s| s.span.start).collect();
    starts.sort_unstable();
    let t = Tokens::new(text, &starts);
    let mut people = People::new(entities);
    let mut out = Vec::new();
    running::find(&t, &mut people, &mut out);
    wire::find(text, &t, &mut people, &mut out);
    out.sort_by_key(|a| {
        a.spans
            .first()
            .copied()
            .unwrap_or(Span::new(usize::MAX, usize::MAX))
    });
    let up = upstream::build(&out);
    (out, up)
}

/// People named so far (from entities and from sources found), to resolve pronouns and
/// short forms against.
pub(crate) struct People<'e> {
    entities: &'e [Entity],
    /// Mentions of people, by start offset, with the fullest form of the name.
    mentions: Vec<(usize, String)>,
    /// Every entity mention as (span, entity index), by span: `entity_at` is a binary search,
    /// not a scan, so its cost does not grow with the number of mentions.
    spans: Vec<(Span, usize)>,
    /// The longest mention, bounding how far back an overlapping mention can start.
    longest: usize,
}

impl<'e> People<'e> {
    fn new(entities: &'e [Entity]) -> Self {
        let mut mentions: Vec<(usize, String)> = entities
            .iter()
            .filter(|e| e.kind == EntityKind::Person)
            .flat_map(|e| e.spans.iter().map(move |s| (s.start, e.text.clone())))
            .collect();
        mentions.sort();
        let mut spans: Vec<(Span, usize)> = entities
            .iter()
            .enumerate()
            .flat_map(|(i, e)| e.spans.iter().map(move |s| (*s, i)))
            .collect();
        spans.sort();
        let longest = spans.iter().map(|(s, _)| s.len()).max().unwrap_or(0);
        Self {
            entities,
            mentions,
            spans,
            longest,
        }
    }

    /// The entity one of whose mentions overlaps `span`.
    fn entity_at(&self, span: Span) -> Option<&'e Entity> {
        // Mentions overlapping `span` start in (span.start - longest, span.end); the first
        // entity (in entity order) among them is the answer, as a scan would give.
        let from = self
            .spans
            .partition_point(|(s, _)| s.start + self.longest <= span.start);
        self.spans[from..]
            .iter()
            .take_while(|(s, _)| s.start < span.end)
            .filter(|(s, _)| s.overlaps(&span))
            .map(|(_, i)| *i)
            .min()
            .and_then(|i| self.entities.get(i))
    }

    /// The mention of a person that ends where `span` ends and starts inside it: the name
    /// inside "Irish MEP Mick Wallace".
    pub(crate) fn person_ending(&self, span: Span) -> Option<Span> {
        let from = self.spans.partition_point(|(s, _)| s.start < span.start);
        self.spans[from..]
            .iter()
            .take_while(|(s, _)| s.start < span.end)
            .find(|(s, i)| {
                s.end == span.end
                    && self
                        .entities
                        .get(*i)
                        .is_some_and(|e| e.kind == EntityKind::Person)
            })
            .map(|(s, _)| *s)
    }

    /// The last person named before `pos`.
    fn before(&self, pos: usize) -> Option<&str> {
        let k = self.mentions.partition_point(|(s, _)| *s < pos);
        k.checked_sub(1).map(|k| self.mentions[k].1.as_str())
    }

    /// The fullest earlier name ending in `surname` ("Caddell" → "Pat Caddell").
    fn full_name(&self, surname: &str) -> Option<&str> {
        self.mentions
            .iter()
            .map(|(_, n)| n.as_str())
            .filter(|n| n.len() > surname.len() && n.rsplit(' ').next() == Some(surname))
            .max_by_key(|n| n.len())
    }

    fn add(&mut self, pos: usize, name: &str) {
        let k = self.mentions.partition_point(|(s, _)| *s <= pos);
        let full = self.full_name(name).unwrap_or(name).to_string();
        self.mentions.insert(k, (pos, full));
    }
}

/// Whether the words of a source's name make it an outlet ("the Belgian edition", "Nordpress
/// Agency"), but not a public body called an agency after its field ("the Energy Agency",
/// "the European Space Agency"): those are quoted for facts, they do not supply the text.
fn names_an_outlet(words: &[&str], lex: &Lexicon) -> bool {
    words.iter().enumerate().any(|(i, w)| {
        let lo = w.to_lowercase();
        lex.outlet_words.contains(&lo)
            && !(lo == "agency"
                && i > 0
                && lex.agency_fields.contains(&words[i - 1].to_lowercase()))
    })
}

/// Classifies a source named by `words` at `span`: outlet, person, organisation, or
/// unnamed; personal pronouns are resolved to the last person named before them.
pub(crate) fn classify(
    span: Span,
    words: &[&str],
    people: &mut People<'_>,
    t: &Tokens<'_>,
) -> SourceRef {
    let lex = &*LEXICON;
    let written = span.of(t.text);
    let unnamed = |name: String| SourceRef {
        name,
        kind: SourceKind::Unnamed,
        country: None,
        span: Some(span),
    };
    if let [w] = words {
        let lo = w.to_lowercase();
        if matches!(lo.as_str(), "he" | "she" | "i" | "who") {
            return match people.before(span.start) {
                Some(name) => SourceRef {
                    name: name.to_string(),
                    kind: SourceKind::Person,
                    country: None,
                    span: Some(span),
                },
                None => unnamed(lo),
            };
        }
        if lex.pronouns.contains(&lo) {
            return unnamed(lo);
        }
    }
    let head = words.last().copied().unwrap_or("");
    let head_lower = head.chars().next().is_some_and(char::is_lowercase);
    let bare = written
        .strip_prefix("The ")
        .or_else(|| written.strip_prefix("the "))
        .unwrap_or(written);
    let country = words
        .iter()
        .find_map(|w| nationality_country(w))
        .map(str::to_string);
    // "The Belgian edition": a described outlet, named in lower case.
    let name = if head_lower {
        match written.split_once(' ') {
            Some((d, rest)) if ["The", "A", "An"].contains(&d) => {
                format!("{} {rest}", d.to_lowercase())
            }
            _ => written.to_string(),
        }
    } else {
        written.to_string()
    };
    let outlet =
        lex.outlets.contains(written) || lex.outlets.contains(bare) || names_an_outlet(words, lex);
    if outlet {
        return SourceRef {
            name,
            kind: SourceKind::Outlet,
            country,
            span: Some(span),
        };
    }
    if let Some(e) = people.entity_at(span) {
        let kind = match e.kind {
            EntityKind::Person => SourceKind::Person,
            EntityKind::Organization | EntityKind::Place => SourceKind::Organization,
            EntityKind::Other => SourceKind::Unnamed,
        };
        if kind == SourceKind::Person {
            people.add(span.start, &e.text);
        }
        return SourceRef {
            name,
            kind,
            country: None,
            span: Some(span),
        };
    }
    if head_lower {
        return SourceRef {
            country,
            ..unnamed(name)
        };
    }
    let kind = if words
        .iter()
        .any(|w| lex.org_words.contains(*w) || *w == "of")
    {
        SourceKind::Organization
    } else if words.first().is_some_and(|w| lex.honorifics.contains(*w)) {
        SourceKind::Person
    } else if words.len() == 1
        && head
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
        && head.len() > 1
    {
        SourceKind::Organization
    } else {
        SourceKind::Person
    };
    if kind == SourceKind::Person {
        people.add(span.start, &name);
    }
    SourceRef {
        name,
        kind,
        country: None,
        span: Some(span),
    }
}
