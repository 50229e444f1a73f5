//! Marks of machine-made content, each with evidence spans and a one-line reason.
//!
//! Each kind of [`SignalKind`] has its own small detector; phrase lists (disclosures,
//! bylines, chat leftovers, template headings, filler) are data files under `data/`,
//! matched with one Aho-Corasick automaton per list built once. Everything is linear in the
//! text: exact repeats are found by hashing normalised units, near repeats of the lede by
//! comparing word-shingle sets with the lede only.

mod layout;
mod phrases;
mod repeat;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use chrono::NaiveDate;
use newstrace_model::{Attribution, DateMention, Granularity, Sentence, Signal, SignalKind, Span};

use crate::Context;

/// DateDistance: the article's date must be this many days after every absolute date in it.
pub const DATE_DISTANCE_DAYS: i64 = 400;
/// DateDistance: at least this many absolute dates are needed to judge.
const DATE_DISTANCE_MIN_DATES: usize = 2;

/// Finds machine-made signals: one [`Signal`] per kind that fires (one per repeated passage
/// for [`SignalKind::RepeatedPassage`]), in [`SignalKind`] order.
pub fn find(
    ctx: &Context<'_>,
    sentences: &[Sentence],
    dates: &[DateMention],
    attributions: &[Attribution],
) -> Vec<Signal> {
    let text = ctx.text;
    let mut out = Vec::new();
    let hits = phrases::scan(text);
    out.extend(phrases::ai_disclosure(text, sentences, &hits));
    out.extend(phrases::ai_byline(ctx.byline));
    out.extend(phrases::llm_leftover(text, sentences, &hits));
    // Shared by several detectors: cut once.
    let lines = lines(text);
    let paras = paragraphs(text);
    out.extend(repeat::repeated_passages(text, sentences, &lines, &paras));
    out.extend(repeat::title_in_body(text, ctx.title, sentences, &lines));
    out.extend(layout::slug_residue(text, &lines));
    out.extend(layout::template_headings(text, sentences, &lines));
    out.extend(phrases::filler_density(text, &hits));
    out.extend(layout::trailing_source_tag(text, attributions));
    out.extend(date_distance(ctx.date, dates));
    out
}

/// The article's date is long after every absolute date it gives: old news passed off as
/// new. Conservative: ≥ 2 absolute day- or month-precise dates, all > 400 days old.
fn date_distance(date: Option<NaiveDate>, dates: &[DateMention]) -> Option<Signal> {
    let date = date?;
    let absolute: Vec<&DateMention> = dates
        .iter()
        .filter(|d| !d.relative && matches!(d.granularity, Granularity::Day | Granularity::Month))
        .filter(|d| d.end.or(d.start).is_some())
        .collect();
    if absolute.len() < DATE_DISTANCE_MIN_DATES {
        return None;
    }
    let far = |d: &&DateMention| {
        d.end
            .or(d.start)
            .is_some_and(|e| (date - e).num_days() > DATE_DISTANCE_DAYS)
    };
    if !absolute.iter().all(far) {
        return None;
    }
    let latest = absolute.iter().filter_map(|d| d.end.or(d.start)).max()?;
    let listed: Vec<&str> = absolute.iter().take(4).map(|d| d.text.as_str()).collect();
    Some(Signal {
        kind: SignalKind::DateDistance,
        reason: format!(
            "article dated {date} but every date it reports is older than {DATE_DISTANCE_DAYS} days (latest {latest}; {})",
            listed.join(", ")
        ),
        spans: absolute.iter().map(|d| d.span).collect(),
    })
}

use crate::data::entries;

/// The entries of a data file's `[section]`.
fn section(data: &'static str, name: &str) -> Vec<&'static str> {
    let mut current = "";
    entries(data)
        .filter(|e| {
            if let Some(s) = e.strip_prefix('[').and_then(|s| s.strip_suffix(']'))
                && !s.contains(' ')
            {
                current = s;
                return false;
            }
            current == name
        })
        .collect()
}

/// A phrase list matched case-insensitively on whole words.
struct Phrases {
    ac: AhoCorasick,
    /// The entry each automaton pattern stands for.
    ids: Vec<usize>,
    entries: Vec<&'static str>,
}

impl Phrases {
    fn new(entries: Vec<&'static str>) -> Self {
        let mut patterns = Vec::new();
        let mut ids = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            patterns.push(e.to_string());
            ids.push(i);
            // Curly apostrophes are as common as straight ones in copy.
            if e.contains('\'') {
                patterns.push(e.replace('\'', "’"));
                ids.push(i);
            }
        }
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            // The lists are small: a full DFA is the fastest to scan with.
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .expect("phrase lists build");
        Self { ac, ids, entries }
    }

    /// Whole-word matches: (where, entry index).
    fn matches<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (Span, usize)> + 'a {
        self.ac
            .find_iter(text)
            .filter(move |m| whole_words(text, m.start(), m.end()))
            .map(|m| {
                (
                    Span::new(m.start(), m.end()),
                    self.ids[m.pattern().as_usize()],
                )
            })
    }
}

/// Whether `text[s..e]` does not cut a word at either end.
fn whole_words(text: &str, s: usize, e: usize) -> bool {
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let (Some(head), Some(m), Some(tail)) = (text.get(..s), text.get(s..e), text.get(e..)) else {
        return false;
    };
    let cuts_start = alnum(m.chars().next()) && alnum(head.chars().next_back());
    let cuts_end = alnum(m.chars().next_back()) && alnum(tail.chars().next());
    !cuts_start && !cuts_end
}

/// `sp` without surrounding whitespace.
fn trimmed(text: &str, sp: Span) -> Span {
    let s = sp.of(text);
    let lead = s.len() - s.trim_start().len();
    Span::new(sp.start + lead, sp.start + lead + s.trim().len())
}

/// Lines, trimmed, empty ones left out.
fn lines(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut at = 0;
    for l in text.split_inclusive('\n') {
        let sp = trimmed(text, Span::new(at, at + l.len()));
        if !sp.is_empty() {
            out.push(sp);
        }
        at += l.len();
    }
    out
}

/// Paragraphs (separated by blank lines), trimmed.
fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut at = 0;
    for l in text.split_inclusive('\n') {
        if l.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(trimmed(text, Span::new(s, end)));
            }
        } else {
            start.get_or_insert(at);
            end = at + l.len();
        }
        at += l.len();
    }
    if let Some(s) = start {
        out.push(trimmed(text, Span::new(s, end)));
    }
    out
}

/// Largest char boundary ≤ `i`.
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The sentence holding `pos`, else its line (looked for within 1,000 bytes).
fn sentence_at(text: &str, sentences: &[Sentence], pos: usize) -> Span {
    let i = sentences.partition_point(|s| s.span.end <= pos);
    if let Some(s) = sentences.get(i).filter(|s| s.span.start <= pos) {
        return s.span;
    }
    let pos = floor_boundary(text, pos);
    let lo = floor_boundary(text, pos.saturating_sub(1000));
    let hi = floor_boundary(text, pos + 1000);
    let start = text[lo..pos].rfind('\n').map_or(lo, |p| lo + p + 1);
    let end = text[pos..hi].find('\n').map_or(hi, |p| pos + p);
    trimmed(text, Span::new(start, end))
}

/// Lowercase words joined by single spaces: punctuation and whitespace folded.
fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else if c != '\'' && c != '’' {
            // "Russia’s" stays one word
            gap = true;
        }
    }
    out
}

/// At most `n` chars of `s`, with "…" when cut.
fn clip(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests;
