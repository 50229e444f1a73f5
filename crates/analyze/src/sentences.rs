//! Sentence splitting for news prose.
//!
//! The text is cut into paragraphs at blank lines and each paragraph into lines. A line is a
//! list item (`- ...`, `1. ...`, `1992: ...`), a heading (short, capitalised, no final
//! punctuation) or prose; consecutive prose lines form one block (hard-wrapped text stays
//! together) that is split at `. ! ? …` followed by whitespace and a capital, digit or opening
//! quote — except after abbreviations (`data/abbreviations.txt`), single initials and inside a
//! short quotation. A dateline opening the story (`BRUSSELS (AFP) —`) is its own unit.
//!
//! Chosen over the `sentencex` crate because news needs line-level units (headings, list
//! items, datelines) and quotation handling that a plain splitter lacks, and because working
//! on byte offsets directly gives exact spans without mapping strings back; it is one linear
//! pass with no allocation besides the output and a line table.

use std::collections::HashSet;
use std::sync::LazyLock;

use newstrace_model::{Sentence, SentenceKind, Span};
use regex::Regex;

/// Headings are shorter than this many chars.
const HEADING_MAX_CHARS: usize = 80;
/// Lines of hard-wrapped prose are at least this long (but the last); a heading followed by
/// more text in its paragraph is shorter.
const WRAPPED_LINE_MIN_CHARS: usize = 50;
/// A heading that ends with ':' ("Key Concerns:") has at most this many words; longer ones
/// are sentences introducing a list.
const COLON_HEADING_MAX_WORDS: usize = 6;
/// A quotation with at least this many sentence ends inside (so more than ~3 sentences) is
/// split at them; a shorter one stays one unit with its attribution.
const LONG_QUOTE_INNER_ENDS: usize = 3;

/// How an abbreviation from `data/abbreviations.txt` behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AbbrevFlag {
    /// Never ends a sentence.
    Plain,
    /// May end a sentence when a common sentence opener follows.
    End,
    /// Only an abbreviation before a number.
    Number,
}

struct Abbreviations {
    entries: Vec<(&'static str, AbbrevFlag)>,
    max_len: usize,
}

impl Abbreviations {
    fn get(&self, token: &str) -> Option<AbbrevFlag> {
        self.entries
            .iter()
            .find(|(e, _)| *e == token)
            .map(|&(_, f)| f)
    }
}

use crate::data::entries as data_lines;

static ABBREVIATIONS: LazyLock<Abbreviations> = LazyLock::new(|| {
    let mut entries = Vec::new();
    for line in data_lines(include_str!("../data/abbreviations.txt")) {
        let mut fields = line.split_whitespace();
        let Some(word) = fields.next() else { continue };
        let flag = match fields.next() {
            Some("end") => AbbrevFlag::End,
            Some("number") => AbbrevFlag::Number,
            _ => AbbrevFlag::Plain,
        };
        entries.push((word, flag));
    }
    // A linear scan over ~80 short entries beats hashing for the few periods per article.
    let max_len = entries.iter().map(|(e, _)| e.len()).max().unwrap_or(0);
    Abbreviations { entries, max_len }
});

static STARTERS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| data_lines(include_str!("../data/sentences_starters.txt")).collect());

const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec";

/// List markers and "<date>:" / "<date> –" prefixes at the start of a line.
static LIST_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    let date = format!(
        r"(?:[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}|(?:{m})\.?[ ][0-9]{{1,2}}(?:,?[ ][0-9]{{4}})?|[0-9]{{1,2}}[ ](?:{m})\.?(?:[ ][0-9]{{4}})?|(?:{m})\.?[ ][0-9]{{4}}|1[89][0-9]{{2}}|20[0-9]{{2}}|2100)",
        m = MONTHS
    );
    Regex::new(&format!(
        r"^(?:[-*•–][ \t]+\S|[0-9]{{1,3}}[.)][ \t]+\S|{date}[ \t]*(?::|[–—]|-[ \t])[ \t]*\S)"
    ))
    .expect("list-item pattern")
});

/// "BRUSSELS (AFP) —", "RIGA, March 3 (Nordwire) -", "KYIV —", "WASHINGTON, D.C. —".
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[A-Z][A-Z.'’-]+(?:[ ][A-Z][A-Z.'’-]+){0,3}(?:,[ ][A-Z][A-Za-z.]+(?:[ ][A-Z][A-Za-z.]+)?(?:[ ][0-9]{1,2})?)?(?:[ ]\([^()\n]{1,40}\))?[ ]*(?:—|–|--|-)(?:[ \t]+|$)",
    )
    .expect("dateline pattern")
});

/// A trimmed, non-blank line: byte range and the paragraph it is in.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    paragraph: usize,
}

/// Splits `text` into sentences, headings, list items and datelines, in order.
///
/// Spans are trimmed of whitespace and lie on char boundaries. Never panics; linear time.
pub fn split(text: &str) -> Vec<Sentence> {
    let lines = lines(text);
    let mut out = Vec::new();
    // The current run of prose lines: (start, end, paragraph).
    let mut block: Option<(usize, usize, usize)> = None;
    let mut seen_prose = false;
    for (i, line) in lines.iter().enumerate() {
        let same_para = |j: Option<usize>| {
            j.and_then(|j| lines.get(j))
                .filter(|l| l.paragraph == line.paragraph)
        };
        let prev = same_para(i.checked_sub(1));
        let next = same_para(Some(i + 1));
        let s = &text[line.start..line.end];
        let kind = if LIST_ITEM.is_match(s) {
            Some(SentenceKind::ListItem)
        } else if is_heading(text, s, prev, next) {
            Some(SentenceKind::Heading)
        } else {
            None
        };
        if let Some(kind) = kind {
            flush(text, &mut block, &mut out);
            out.push(Sentence {
                span: Span::new(line.start, line.end),
                kind,
                paragraph: line.paragraph,
            });
            continue;
        }
        let mut start = line.start;
        if !seen_prose {
            seen_prose = true;
            if let Some(m) = DATELINE.find(s) {
                let prefix = s[..m.end()].trim_end();
                flush(text, &mut block, &mut out);
                out.push(Sentence {
                    span: Span::new(line.start, line.start + prefix.len()),
                    kind: SentenceKind::Dateline,
                    paragraph: line.paragraph,
                });
                start = line.start + m.end();
            }
        }
        match &mut block {
            Some((_, end, para)) if *para == line.paragraph => *end = line.end,
            _ => {
                flush(text, &mut block, &mut out);
                block = Some((start, line.end, line.paragraph));
            }
        }
    }
    flush(text, &mut block, &mut out);
    out
}

/// Trimmed non-blank lines with their paragraph numbers (a paragraph ends at a blank line).
fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut paragraph = 0;
    let mut in_paragraph = false;
    let mut pos = 0;
    for raw in text.split('\n') {
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            if in_paragraph {
                paragraph += 1;
                in_paragraph = false;
            }
        } else {
            in_paragraph = true;
            let start = pos + lead;
            out.push(Line {
                start,
                end: start + trimmed.len(),
                paragraph,
            });
        }
        pos += raw.len() + 1;
    }
    out
}

/// Whether the line `s` is a heading: short, capitalised, no final punctuation, and not a
/// piece of a hard-wrapped sentence (the line before ends a sentence, the next is not a
/// lowercase continuation).
fn is_heading(text: &str, s: &str, prev: Option<&Line>, next: Option<&Line>) -> bool {
    // Cheap length test first: a 1 MB line must not be char-counted.
    if s.len() > HEADING_MAX_CHARS * 4 || s.chars().count() >= HEADING_MAX_CHARS {
        return false;
    }
    if !s.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    let core = s.trim_end_matches(['"', '”', '’', '\'', ')', ']']);
    match core.chars().last() {
        None | Some('.' | '!' | '?' | '…' | ',' | ';') => return false,
        Some(':') if s.split_whitespace().count() > COLON_HEADING_MAX_WORDS => return false,
        _ => {}
    }
    let chars = s.chars().count();
    if let Some(n) = next {
        // Hard-wrapped prose has long lines; a heading with text right under it is short.
        let continued = text[n.start..n.end]
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
        if continued || chars >= WRAPPED_LINE_MIN_CHARS {
            return false;
        }
    }
    if let Some(p) = prev {
        let p = text[p.start..p.end].trim_end_matches(['"', '”', '’', '\'', ')', ']']);
        // A line after an unfinished long line continues it.
        let ends_unit = p.ends_with(['.', '!', '?', '…', ':']);
        let long = p.len() > HEADING_MAX_CHARS * 4 || p.chars().count() >= WRAPPED_LINE_MIN_CHARS;
        if !ends_unit && long {
            return false;
        }
    }
    true
}

/// Splits the pending prose block, if any, into `out`.
fn flush(text: &str, block: &mut Option<(usize, usize, usize)>, out: &mut Vec<Sentence>) {
    if let Some((start, end, paragraph)) = block.take() {
        split_prose(text, start, end, paragraph, out);
    }
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Whether `c` can open a sentence.
fn opens_sentence(c: char) -> bool {
    c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '«')
}

/// Splits the prose in `start..end` into sentences.
fn split_prose(text: &str, start: usize, end: usize, paragraph: usize, out: &mut Vec<Sentence>) {
    let Some(block) = text.get(start..end) else {
        return;
    };
    let mut emit = |a: usize, b: usize| {
        let piece = &block[a..b];
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            out.push(Sentence {
                span: Span::new(start + a + lead, start + a + lead + trimmed.len()),
                kind: SentenceKind::Prose,
                paragraph,
            });
        }
    };
    let mut unit_start = 0;
    let mut in_quote = false;
    // Sentence ends seen inside the open quotation; used only if it turns out long.
    let mut inner: Vec<usize> = Vec::new();
    let mut chars = block.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                in_quote = !in_quote;
                if !in_quote {
                    close_quote(&mut inner, &mut unit_start, &mut emit);
                }
            }
            '“' | '«' => in_quote = true,
            '”' | '»' if in_quote => {
                in_quote = false;
                close_quote(&mut inner, &mut unit_start, &mut emit);
            }
            c if is_terminal(c) => {
                let mut single_period = c == '.';
                let mut run_end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    match d {
                        d if is_terminal(d) => single_period = false,
                        '"' | '”' | '»' if in_quote => {
                            in_quote = false;
                            close_quote(&mut inner, &mut unit_start, &mut emit);
                        }
                        // A closing mark with no quotation open is stray: part of the run.
                        '"' | '”' | '»' => {}
                        '’' | '\'' | ')' | ']' => {}
                        _ => break,
                    }
                    run_end = j + d.len_utf8();
                    chars.next();
                }
                let after = &block[run_end..];
                let rest = after.trim_start();
                if rest.len() == after.len() {
                    continue; // "3.5", "U.S.A", "end.”Next"
                }
                let Some(next) = rest.chars().next() else {
                    continue; // block end
                };
                if !opens_sentence(next) {
                    continue;
                }
                if single_period && !period_ends_sentence(block, i, rest) {
                    continue;
                }
                if in_quote {
                    inner.push(run_end);
                } else {
                    emit(unit_start, run_end);
                    unit_start = run_end;
                }
            }
            _ => {}
        }
    }
    // A quotation still open at the block end runs on into the next paragraph (or its mark
    // is stray): keep its sentences apart rather than swallow the whole block.
    for p in inner.drain(..) {
        emit(unit_start, p);
        unit_start = p;
    }
    emit(unit_start, block.len());
}

/// At a closing quotation mark: split a long quotation at its inner sentence ends, keep a
/// short one whole.
fn close_quote(
    inner: &mut Vec<usize>,
    unit_start: &mut usize,
    emit: &mut impl FnMut(usize, usize),
) {
    if inner.len() >= LONG_QUOTE_INNER_ENDS {
        for p in inner.drain(..) {
            emit(*unit_start, p);
            *unit_start = p;
        }
    }
    inner.clear();
}

/// Whether the single period at byte `dot` of `block` ends a sentence, given the text that
/// follows the whitespace after it (`rest`, non-empty).
fn period_ends_sentence(block: &str, dot: usize, rest: &str) -> bool {
    let abbreviations = &*ABBREVIATIONS;
    let bytes = block.as_bytes();
    // The word ending at the period, looked for at most a little further back than the
    // longest abbreviation so a long run without spaces costs nothing.
    let limit = abbreviations.max_len + 2;
    let mut s = dot;
    while s > 0
        && dot - s <= limit
        && !matches!(
            bytes[s - 1],
            b' ' | b'\t' | b'\n' | b'\r' | b'(' | b'[' | b'"'
        )
    {
        s -= 1;
    }
    if s > 0 && dot - s > limit {
        return true;
    }
    let Some(token) = block.get(s..=dot) else {
        return true;
    };
    let token = token.trim_start_matches(['“', '‘', '\'', '«']);
    let next_word: &str = {
        let n = rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len());
        &rest[..n]
    };
    match abbreviations.get(token) {
        Some(AbbrevFlag::Plain) => return false,
        Some(AbbrevFlag::End) => return STARTERS.contains(next_word),
        Some(AbbrevFlag::Number) => return !rest.starts_with(|c: char| c.is_ascii_digit()),
        None => {}
    }
    // Initials: "J. Smith", "J.R.R. Tolkien".
    let b = token.as_bytes();
    let initials = b.len() >= 2
        && b.len() % 2 == 0
        && b.chunks(2)
            .all(|p| p[0].is_ascii_uppercase() && p[1] == b'.');
    !initials
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(text: &str) -> Vec<(SentenceKind, &str, usize)> {
        split(text)
            .into_iter()
            .map(|s| (s.kind, s.span.of(text), s.paragraph))
            .collect()
    }

    fn texts(text: &str) -> Vec<&str> {
        units(text).into_iter().map(|(_, t, _)| t).collect()
    }

    #[test]
    fn splits_plain_sentences_and_paragraphs() {
        let t = "The council met in Vilnus. It adopted a plan!\n\nDid it work? Nobody knows.";
        assert_eq!(
            units(t),
            vec![
                (SentenceKind::Prose, "The council met in Vilnus.", 0),
                (SentenceKind::Prose, "It adopted a plan!", 0),
                (SentenceKind::Prose, "Did it work?", 1),
                (SentenceKind::Prose, "Nobody knows.", 1),
            ]
        );
    }

    #[test]
    fn keeps_abbreviations_initials_and_decimals() {
        let t = "Gen. Mark Ortel met Mr. Hal Birn of the U.N. at 9 a.m. on Sept. 11 and J. R. Lowe paid 3.5 million. No. 10 said so. Talks went on.";
        assert_eq!(
            texts(t),
            vec![
                "Gen. Mark Ortel met Mr. Hal Birn of the U.N. at 9 a.m. on Sept. 11 and J. R. Lowe paid 3.5 million.",
                "No. 10 said so.",
                "Talks went on."
            ]
        );
    }

    #[test]
    fn abbreviation_that_can_end_a_sentence() {
        let t = "The aid came from the U.S. The minister thanked Acme Inc. Officials agreed.";
        assert_eq!(
            texts(t),
            vec![
                "The aid came from the U.S.",
                "The minister thanked Acme Inc.",
                "Officials agreed."
            ]
        );
        // Before a name, U.S. stays inside the sentence.
        assert_eq!(texts("The U.S. Senate voted. Done.").len(), 2);
        // "No." not before a number is a word.
        assert_eq!(texts("He said No. We left.").len(), 2);
    }

    #[test]
    fn short_quote_stays_with_its_attribution() {
        let t = "“We will stand firm. We will not bend,” the envoy said. Then she left.";
        assert_eq!(
            texts(t),
            vec![
                "“We will stand firm. We will not bend,” the envoy said.",
                "Then she left."
            ]
        );
        let t = "\"It is over. Go home.\" He smiled. Fine.";
        assert_eq!(
            texts(t),
            vec!["\"It is over. Go home.\"", "He smiled.", "Fine."]
        );
    }

    #[test]
    fn long_quote_is_split_inside() {
        let t = "“One. Two. Three. Four. Five,” she said.";
        assert_eq!(
            texts(t),
            vec!["“One.", "Two.", "Three.", "Four.", "Five,” she said."]
        );
    }

    #[test]
    fn quote_open_at_paragraph_end() {
        let t = "“We came. We saw.\n\n“We left,” he said.";
        assert_eq!(
            texts(t),
            vec!["“We came.", "We saw.", "“We left,” he said."]
        );
    }

    #[test]
    fn headings_and_list_items() {
        let t = "What Happened\n\nThe vote passed. It was close.\n\nKey points:\n- Turnout rose\n* Costs fell\n• Nobody left\n1. First\n2) Second\n1992: The treaty is signed.\nMarch 2022 – Talks collapse\n24 February 2022: The war begins.";
        let u = units(t);
        assert_eq!(u[0], (SentenceKind::Heading, "What Happened", 0));
        assert_eq!(u[1].0, SentenceKind::Prose);
        assert_eq!(u[3], (SentenceKind::Heading, "Key points:", 2));
        let items: Vec<_> = u[4..].iter().map(|x| (x.0, x.1)).collect();
        assert_eq!(
            items,
            vec![
                (SentenceKind::ListItem, "- Turnout rose"),
                (SentenceKind::ListItem, "* Costs fell"),
                (SentenceKind::ListItem, "• Nobody left"),
                (SentenceKind::ListItem, "1. First"),
                (SentenceKind::ListItem, "2) Second"),
                (SentenceKind::ListItem, "1992: The treaty is signed."),
                (SentenceKind::ListItem, "March 2022 – Talks collapse"),
                (SentenceKind::ListItem, "24 February 2022: The war begins."),
            ]
        );
    }

    #[test]
    fn not_headings() {
        // A long sentence ending in ':' introduces a list; a wrapped line continues prose.
        let t =
            "To put this in context, here is a short timeline of the main events:\n2001: Things.";
        assert_eq!(units(t)[0].0, SentenceKind::Prose);
        let t = "The ministers of the six member states met on Tuesday in the old town\nHall and agreed on a plan that nobody liked.";
        assert_eq!(units(t), vec![(SentenceKind::Prose, t, 0)]);
        let t = "Short title line\nand its lowercase continuation.";
        assert_eq!(units(t).len(), 1);
        // A lowercase slug line is prose (the signals step judges it).
        assert_eq!(units("summit leaders agree -")[0].0, SentenceKind::Prose);
    }

    #[test]
    fn datelines() {
        let t = "BRUSSELS (AFP) — Ministers met on Monday. They agreed.";
        assert_eq!(
            units(t),
            vec![
                (SentenceKind::Dateline, "BRUSSELS (AFP) —", 0),
                (SentenceKind::Prose, "Ministers met on Monday.", 0),
                (SentenceKind::Prose, "They agreed.", 0),
            ]
        );
        let t = "RIGA, March 3 (Nordwire) - The port reopened.";
        assert_eq!(
            units(t)[0],
            (SentenceKind::Dateline, "RIGA, March 3 (Nordwire) -", 0)
        );
        assert_eq!(units(t)[1].1, "The port reopened.");
        let t = "Headline Here\n\nKYIV — Sirens sounded.";
        assert_eq!(units(t)[1], (SentenceKind::Dateline, "KYIV —", 1));
        // Only at the story's opening, and never a sentence starting with an acronym.
        assert!(
            units("First line.\n\nOSLO — Later.")
                .iter()
                .all(|u| u.0 != SentenceKind::Dateline)
        );
        assert!(
            units("NATO and the EU met.")
                .iter()
                .all(|u| u.0 != SentenceKind::Dateline)
        );
    }

    #[test]
    fn spans_are_trimmed_and_on_boundaries() {
        let t = "  Ünïcode façade — “quoted…” Ça va.  \r\n\r\n   Ещё раз. Да!  ";
        for s in split(t) {
            assert!(t.get(s.span.start..s.span.end).is_some());
            let x = s.span.of(t);
            assert_eq!(x, x.trim());
            assert!(!x.is_empty());
        }
    }

    #[test]
    fn pathological_inputs_return() {
        let long = "word ".repeat(200_000);
        assert_eq!(split(&long).len(), 1);
        let quotes = "\"a. B".repeat(10_000);
        assert!(!split(&quotes).is_empty());
        let curly = "“".repeat(10_000) + &"x. Y ".repeat(1000);
        assert!(!split(&curly).is_empty());
        let dots = "a.".repeat(500_000);
        assert_eq!(split(&dots).len(), 1);
        let many = "Go. ".repeat(100_000);
        assert_eq!(split(&many).len(), 100_000);
        let lines = "A\n".repeat(100_000);
        assert_eq!(split(&lines).len(), 100_000);
        for t in ["", "\n\n\n", ".", "…", "“", "\"", "- ", "1992:", "A. B. C."] {
            let _ = split(t);
        }
    }
}

#[cfg(test)]
mod seed_tests {
    use super::*;

    /// The body of the seed whose file name starts with `prefix`, as the analyser sees it.
    fn seed(prefix: &str) -> Option<String> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/seeds");
        let path = std::fs::read_dir(dir)
            .ok()?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
            });
        let Some(path) = path else {
            eprintln!("seed {prefix} not found under {dir}; skipped");
            return None;
        };
        let raw = std::fs::read_to_string(path).ok()?;
        Some(newstrace_ingest::extract::text_header::parse_text_file(&raw).body)
    }

    #[test]
    fn seeds_split_sensibly() {
        for prefix in ["000_", "003_", "004_"] {
            let Some(body) = seed(prefix) else { continue };
            let units = split(&body);
            if std::env::var_os("SHOW_UNITS").is_some() {
                for u in &units {
                    eprintln!(
                        "{prefix} p{} {:?}: {}",
                        u.paragraph,
                        u.kind,
                        u.span.of(&body)
                    );
                }
            }
            assert!(units.iter().all(|u| !u.span.of(&body).is_empty()));
        }
        if let Some(body) = seed("000_") {
            let units = split(&body);
            assert!(units.iter().any(|u| {
                u.span
                    .of(&body)
                    .starts_with("Reports from TASS, citing AFP")
            }));
        }
        if let Some(body) = seed("004_") {
            let units = split(&body);
            let of_kind = |k| {
                units
                    .iter()
                    .filter(move |u| u.kind == k)
                    .map(|u| u.span.of(&body))
                    .collect::<Vec<_>>()
            };
            let headings = of_kind(SentenceKind::Heading);
            for h in ["What Happened", "Background", "Key Concerns", "What Next"] {
                assert!(headings.contains(&h), "{h} not a heading: {headings:?}");
            }
            let items = of_kind(SentenceKind::ListItem);
            for y in ["1954:", "1955:", "1992:", "1999:", "2017:"] {
                assert!(
                    items.iter().any(|i| i.starts_with(y)),
                    "{y} not a list item"
                );
            }
        }
    }
}
