//! Dated claims: a date paired with the event it dates.
//!
//! A claim comes from a list item ("1992: The Maastricht Treaty creates the European Union")
//! or a sentence holding an absolute or partial date ("On February 24, 2022, Russian forces
//! launched ..."): the event is the unit without its date phrase. At most one claim per unit,
//! dated by its first usable date. Relative dates, datelines, headings and the article's own
//! publication day make no claims.

use std::sync::LazyLock;

use chrono::NaiveDate;
use newstrace_model::{DateMention, DatedClaim, Entity, Granularity, Sentence, SentenceKind, Span};

/// An event needs at least this many words to be a claim ("Updated: April 24" is not).
const MIN_EVENT_WORDS: usize = 3;
/// The publication day is looked for in this many opening units (dateline, "Updated:" line).
const HEADER_UNITS: usize = 6;

/// Words that only introduce a date, lowercase (`data/dates_prepositions.txt`).
static PREPOSITIONS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    include_str!("../data/dates_prepositions.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// Pairs dates with events, from list items and sentences. The publication day, which makes
/// no claim, is taken from the dateline or an opening heading ("Updated: April 24, 2026");
/// use [`find_with_article_date`] when the article's date is known.
pub fn find(
    text: &str,
    sentences: &[Sentence],
    dates: &[DateMention],
    entities: &[Entity],
) -> Vec<DatedClaim> {
    find_with_article_date(text, sentences, dates, entities, None)
}

/// [`find`], with the article's publication day when known.
pub fn find_with_article_date(
    text: &str,
    sentences: &[Sentence],
    dates: &[DateMention],
    entities: &[Entity],
    article_date: Option<NaiveDate>,
) -> Vec<DatedClaim> {
    let publication = article_date.or_else(|| publication_day(sentences, dates));
    let mut out = Vec::new();
    // Both lists are in text order: walk them together.
    let mut first = 0;
    for s in sentences {
        while first < dates.len() && dates[first].span.start < s.span.start {
            first += 1;
        }
        if matches!(s.kind, SentenceKind::Dateline | SentenceKind::Heading) {
            continue;
        }
        let chosen = dates[first..]
            .iter()
            .take_while(|m| m.span.start < s.span.end)
            .find(|m| s.span.contains(&m.span) && !m.relative && !is_day(m, publication));
        let Some(m) = chosen else { continue };
        let event = event_text(text, s, m);
        if event.split_whitespace().count() < MIN_EVENT_WORDS {
            continue;
        }
        out.push(DatedClaim {
            granularity: m.granularity,
            date: m.clone(),
            event,
            entities: entities_in(entities, s.span),
            span: s.span,
        });
    }
    out
}

/// Whether `m` is exactly the day `day`.
fn is_day(m: &DateMention, day: Option<NaiveDate>) -> bool {
    day.is_some() && m.granularity == Granularity::Day && m.start == day && m.end == day
}

/// The day the article is dated by its own text: the first explicit day in its dateline or
/// opening headings.
fn publication_day(sentences: &[Sentence], dates: &[DateMention]) -> Option<NaiveDate> {
    sentences
        .iter()
        .take(HEADER_UNITS)
        .filter(|s| matches!(s.kind, SentenceKind::Dateline | SentenceKind::Heading))
        .find_map(|s| {
            dates
                .iter()
                .take_while(|m| m.span.start < s.span.end)
                .find(|m| {
                    s.span.contains(&m.span)
                        && m.granularity == Granularity::Day
                        && m.start.is_some()
                        && m.start == m.end
                })
                .and_then(|m| m.start)
        })
}

/// The unit's text without its list marker, the date phrase and a preposition that only
/// introduces it, trimmed of leading ",:–-".
fn event_text(text: &str, s: &Sentence, m: &DateMention) -> String {
    let mut before = text
        .get(s.span.start..m.span.start)
        .unwrap_or("")
        .trim_end();
    let after = text.get(m.span.end..s.span.end).unwrap_or("");
    if s.kind == SentenceKind::ListItem {
        before = strip_list_marker(before);
    }
    before = strip_preposition(before);
    let after = after.trim_start();
    let joined = if before.is_empty() {
        after.to_string()
    } else if after.is_empty() || after.starts_with([',', '.', ';', ':', '!', '?', ')']) {
        format!("{before}{after}")
    } else {
        format!("{before} {after}")
    };
    joined
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | '–' | '—' | '-'))
        .trim_end()
        .to_string()
}

/// "- ", "* ", "• ", "1. ", "1) " at the start.
fn strip_list_marker(s: &str) -> &str {
    let t = s.trim_start();
    if let Some(rest) = t.strip_prefix(['-', '*', '•', '–']) {
        return rest.trim_start();
    }
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if (1..=3).contains(&digits)
        && let Some(rest) = t[digits..].strip_prefix(['.', ')'])
        && (rest.is_empty() || rest.starts_with(char::is_whitespace))
    {
        return rest.trim_start();
    }
    t
}

/// Drops a trailing word of `data/dates_prepositions.txt` ("On" before "February 24").
fn strip_preposition(before: &str) -> &str {
    for p in PREPOSITIONS.iter() {
        let n = p.len();
        if before.len() < n || !before.is_char_boundary(before.len() - n) {
            continue;
        }
        let (head, tail) = before.split_at(before.len() - n);
        if tail.eq_ignore_ascii_case(p) && (head.is_empty() || head.ends_with(char::is_whitespace))
        {
            return head.trim_end();
        }
    }
    before
}

/// The fullest form of each entity mentioned inside `span`, in order of first mention.
fn entities_in(entities: &[Entity], span: Span) -> Vec<String> {
    let mut found: Vec<(usize, &str)> = entities
        .iter()
        .filter_map(|e| {
            e.spans
                .iter()
                .find(|x| span.contains(x))
                .map(|x| (x.start, e.text.as_str()))
        })
        .collect();
    found.sort_by_key(|&(start, _)| start);
    let mut out: Vec<String> = Vec::with_capacity(found.len());
    for (_, name) in found {
        if !out.iter().any(|x| x == name) {
            out.push(name.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{dates, sentences};
    use newstrace_model::EntityKind;

    fn claims_of(text: &str, entities: &[Entity], d: Option<NaiveDate>) -> Vec<DatedClaim> {
        let s = sentences::split(text);
        let ds = dates::find(text, &s, d);
        let claims = find_with_article_date(text, &s, &ds, entities, d);
        for c in &claims {
            assert!(c.span.contains(&c.date.span));
        }
        claims
    }

    fn events(text: &str, d: Option<NaiveDate>) -> Vec<(String, String)> {
        claims_of(text, &[], d)
            .into_iter()
            .map(|c| (c.date.text, c.event))
            .collect()
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn list_items() {
        let t = "A short history:\n\n1949: The Alliance is founded in a port city.\n- 1957 – Six states sign the Rome pact.\n* March 2004: Seven countries join the bloc.\n2. 2010: A new concept is adopted.";
        assert_eq!(
            events(t, None),
            vec![
                pair("1949", "The Alliance is founded in a port city."),
                pair("1957", "Six states sign the Rome pact."),
                pair("March 2004", "Seven countries join the bloc."),
                pair("2010", "A new concept is adopted."),
            ]
        );
    }

    #[test]
    fn sentences_with_dates() {
        let t = "On February 3, 2021, the northern fleet left the harbour at dawn. In 1992, the council created a court. The bank raised rates in 2008 after a long debate. The ministers met on 24 April.";
        assert_eq!(
            events(t, None),
            vec![
                pair(
                    "February 3, 2021",
                    "the northern fleet left the harbour at dawn."
                ),
                pair("1992", "the council created a court."),
                pair("2008", "The bank raised rates after a long debate."),
                pair("24 April", "The ministers met."),
            ]
        );
    }

    #[test]
    fn one_claim_per_unit_first_date_wins() {
        let t = "The pact of 1949 was renewed in 1999 and again in 2009.";
        let c = claims_of(t, &[], None);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].date.text, "1999"); // "of 1949 was" reads as a count, not a year
        let t = "In 1999 and in 2009 the pact was renewed.";
        assert_eq!(claims_of(t, &[], None)[0].date.text, "1999");
    }

    #[test]
    fn no_claims_from_relative_dates_datelines_or_publication_day() {
        let d = NaiveDate::from_ymd_opt(2026, 4, 24);
        assert!(events("The minister resigned on Sunday after a vote.", d).is_empty());
        assert!(events("Prices rose last week across the region.", d).is_empty());
        assert!(events("RIGA, March 3 (Nordwire) - Ice closed the port.", None).is_empty());
        // The publication day, known or read off an "Updated" heading.
        assert!(events("The council met on April 24, 2026 in a closed session.", d).is_empty());
        let t = "Updated: April 24, 2026\n\nThe council met on April 24, 2026 in a closed session.";
        assert!(events(t, None).is_empty());
        // ... but another date in the same sentence still makes a claim.
        let t = "On April 24, 2026, the council revisited the accord of March 2019 in session.";
        assert_eq!(events(t, d)[0].0, "March 2019");
        // A heading with a date is not a claim; nor is a date with too little event.
        assert!(events("Outlook 2030\n\nIn 2030.", None).is_empty());
    }

    #[test]
    fn entities_inside_the_claim() {
        let t =
            "Preface text here.\n\n1995: Nordland and the Harbor League sign a pact with Nordland.";
        let at = |needle: &str, nth: usize| {
            let start = t.match_indices(needle).nth(nth).unwrap().0;
            Span::new(start, start + needle.len())
        };
        let entity = |name: &str, spans: Vec<Span>| Entity {
            text: name.to_string(),
            kind: EntityKind::Place,
            canonical: name.to_string(),
            kb_id: None,
            role: None,
            aliases: vec![],
            spans,
            reason: "test".into(),
        };
        let entities = vec![
            entity("Harbor League", vec![at("Harbor League", 0)]),
            entity("Nordland", vec![at("Nordland", 0), at("Nordland", 1)]),
            entity("Preface", vec![at("Preface", 0)]),
        ];
        let c = claims_of(t, &entities, None);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].entities, vec!["Nordland", "Harbor League"]);
        assert_eq!(
            c[0].span.of(t),
            "1995: Nordland and the Harbor League sign a pact with Nordland."
        );
    }

    #[test]
    fn pathological_inputs_return() {
        for t in [
            "in 1992 ".repeat(20_000),
            "word ".repeat(200_000),
            "\"".repeat(10_000),
            "1992: x\n".repeat(10_000),
        ] {
            let _ = claims_of(&t, &[], None);
        }
        // Dates out of order or outside any sentence must not panic.
        let s = sentences::split("A b c d e.");
        let ds = dates::find("in 1992 and more words", &s, None);
        let _ = find("A b c d e.", &s, &ds, &[]);
    }

    #[test]
    fn seed_004_timeline() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds");
        let Some(path) = std::fs::read_dir(dir).ok().and_then(|rd| {
            rd.filter_map(Result::ok).map(|e| e.path()).find(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("004_"))
            })
        }) else {
            eprintln!("seed 004 not found under {dir}; skipped");
            return;
        };
        let raw = std::fs::read_to_string(&path).expect("seed readable");
        let parsed = newstrace_ingest::extract::text_header::parse_text_file(&raw);
        let body = &parsed.body;
        let s = sentences::split(body);
        let ds = dates::find(body, &s, None);
        let claims = find(body, &s, &ds, &[]);
        for y in [1954, 1955, 1992, 1999, 2017] {
            assert!(
                claims.iter().any(
                    |c| c.date.text == y.to_string() && c.date.granularity == Granularity::Year
                ),
                "no claim dated {y}: {claims:#?}"
            );
        }
        // The invasion sentence is dated by its full date.
        assert!(claims.iter().any(|c| c.date.text == "February 24, 2022"));
        // The "Updated: April 24, 2026" line is no claim.
        assert!(claims.iter().all(|c| c.date.text != "April 24, 2026"));
    }
}
