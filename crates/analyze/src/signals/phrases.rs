//! Phrase-list signals: AI disclosure, AI or desk byline, chat leftovers, filler density.

use std::collections::HashSet;
use std::sync::LazyLock;

use newstrace_model::{Sentence, Signal, SignalKind, Span};

use super::{Phrases, clip, normalize, section, sentence_at};

const DISCLOSURE: &str = include_str!("../../data/signals_ai_disclosure.txt");
const BYLINES: &str = include_str!("../../data/signals_ai_bylines.txt");

/// FillerDensity fires at this weighted score per 1,000 words or more (a phrase counts 1, a
/// single word such as "pivotal" or "landscape", which reporters also use, ½). Measured
/// (`signals::tests::filler_density_calibration`): human fixtures 0, 0 and 7.8 (a short
/// piece with three single words: score 1.5, under [`FILLER_MIN_SCORE`]), the
/// machine-rewritten seeds 6.3–7.2 (scores 2, 2.5, 5.5: only 004 fires), the machine
/// fixture 77.
pub(super) const FILLER_PER_1000_WORDS: f64 = 6.0;
/// …and only with at least this weighted count: a few such words in a short piece are no
/// pattern.
const FILLER_MIN_SCORE: f64 = 3.0;
/// The weight of a one-word filler entry.
const SINGLE_WORD_WEIGHT: f64 = 0.5;

/// Which list a phrase comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    Strong,
    Weak,
    Leftover,
    Filler,
}

/// All the text phrase lists in one automaton, so the text is scanned once.
static ALL: LazyLock<(Phrases, Vec<List>)> = LazyLock::new(|| {
    let lists = [
        (List::Strong, section(DISCLOSURE, "strong")),
        (List::Weak, section(DISCLOSURE, "weak")),
        (
            List::Leftover,
            super::entries(include_str!("../../data/signals_llm_leftovers.txt")).collect(),
        ),
        (
            List::Filler,
            super::entries(include_str!("../../data/signals_filler_phrases.txt")).collect(),
        ),
    ];
    let mut entries = Vec::new();
    let mut of = Vec::new();
    for (list, es) in lists {
        of.extend(std::iter::repeat_n(list, es.len()));
        entries.extend(es);
    }
    (Phrases::new(entries), of)
});
static SELF_REF: LazyLock<Phrases> = LazyLock::new(|| Phrases::new(section(DISCLOSURE, "self")));

/// The phrase-list matches of a text, by list: (where, phrase).
#[derive(Debug, Default)]
pub(super) struct Hits {
    strong: Vec<(Span, &'static str)>,
    weak: Vec<(Span, &'static str)>,
    leftover: Vec<(Span, &'static str)>,
    filler: Vec<(Span, &'static str)>,
}

/// Scans `text` once for every phrase list.
pub(super) fn scan(text: &str) -> Hits {
    let (phrases, of) = &*ALL;
    let mut h = Hits::default();
    for (sp, i) in phrases.matches(text) {
        let e = phrases.entries[i];
        match of[i] {
            List::Strong => h.strong.push((sp, e)),
            List::Weak => h.weak.push((sp, e)),
            List::Leftover => h.leftover.push((sp, e)),
            List::Filler => h.filler.push((sp, e)),
        }
    }
    h
}

/// Byline words, normalised: AI ones (anywhere) and whole generic bylines.
struct Bylines {
    /// AI names, normalised, each as `(name, " name ")`: padded once here rather than for
    /// every byline checked.
    ai: Vec<(String, String)>,
    generic: HashSet<String>,
}

static BYLINE_WORDS: LazyLock<Bylines> = LazyLock::new(|| Bylines {
    ai: section(BYLINES, "ai")
        .into_iter()
        .map(|w| {
            let w = normalize(w);
            let padded = format!(" {w} ");
            (w, padded)
        })
        .collect(),
    generic: section(BYLINES, "generic")
        .into_iter()
        .map(normalize)
        .collect(),
});

/// Text saying AI wrote or helped write the article. Span: the sentence saying it.
pub(super) fn ai_disclosure(text: &str, sentences: &[Sentence], hits: &Hits) -> Option<Signal> {
    let mut spans = Vec::new();
    let mut said: Vec<&str> = Vec::new();
    for &(sp, phrase) in &hits.strong {
        spans.push(sentence_at(text, sentences, sp.start));
        said.push(phrase);
    }
    for &(sp, phrase) in &hits.weak {
        // AI wording counts only where the sentence speaks of the article itself.
        let sentence = sentence_at(text, sentences, sp.start);
        if SELF_REF.matches(sentence.of(text)).next().is_some() {
            spans.push(sentence);
            said.push(phrase);
        }
    }
    if spans.is_empty() {
        return None;
    }
    spans.sort();
    spans.dedup();
    said.dedup();
    Some(Signal {
        kind: SignalKind::AiDisclosure,
        reason: format!(
            "the text says AI was used to write it: \"{}\"",
            said.join("\", \"")
        ),
        spans,
    })
}

/// A byline naming an AI or only a generic desk. No spans: the byline is metadata.
pub(super) fn ai_byline(byline: Option<&str>) -> Option<Signal> {
    let byline = byline?.trim();
    let words = &*BYLINE_WORDS;
    let norm = normalize(byline);
    let norm = norm.strip_prefix("by ").unwrap_or(&norm);
    if norm.is_empty() {
        return None;
    }
    let padded = format!(" {norm} ");
    if let Some((w, _)) = words.ai.iter().find(|(_, p)| padded.contains(p.as_str())) {
        return Some(Signal {
            kind: SignalKind::AiByline,
            reason: format!("byline \"{byline}\" names an AI (\"{w}\")"),
            spans: Vec::new(),
        });
    }
    // Every part must be generic: "Jane Doe, Staff Writer" is a person.
    let generic = byline
        .split([',', '|', ';', '/'])
        .map(normalize)
        .map(|p| p.strip_prefix("by ").map(str::to_string).unwrap_or(p))
        .filter(|p| !p.is_empty())
        .all(|p| words.generic.contains(&p));
    generic.then(|| Signal {
        kind: SignalKind::AiByline,
        reason: format!("byline \"{byline}\" is a generic desk, not a person"),
        spans: Vec::new(),
    })
}

/// Leftovers of a chat with a language model, or of the prompt. Span: the sentence.
pub(super) fn llm_leftover(text: &str, sentences: &[Sentence], hits: &Hits) -> Option<Signal> {
    let mut spans = Vec::new();
    let mut said: Vec<&str> = Vec::new();
    for &(sp, phrase) in &hits.leftover {
        spans.push(sentence_at(text, sentences, sp.start));
        if !said.contains(&phrase) {
            said.push(phrase);
        }
    }
    if spans.is_empty() {
        return None;
    }
    spans.dedup();
    Some(Signal {
        kind: SignalKind::LlmLeftover,
        reason: format!(
            "language-model chat left in the text: \"{}\"",
            clip(&said.join("\", \""), 120)
        ),
        spans,
    })
}

/// The weighted filler score, its value per 1,000 words, and the phrases found.
#[cfg(test)]
pub(super) fn filler(text: &str) -> (f64, f64, Vec<Span>) {
    filler_of(text, &scan(text))
}

fn filler_of(text: &str, hits: &Hits) -> (f64, f64, Vec<Span>) {
    // Words = starts of non-whitespace runs, counted bytewise (Unicode spaces are rare).
    let words = text
        .as_bytes()
        .iter()
        .fold((0usize, true), |(n, space), &b| {
            let ws = b.is_ascii_whitespace();
            (n + usize::from(space && !ws), ws)
        })
        .0;
    let score: f64 = hits
        .filler
        .iter()
        .map(|(_, e)| {
            if e.contains(' ') {
                1.0
            } else {
                SINGLE_WORD_WEIGHT
            }
        })
        .sum();
    let density = if words == 0 {
        0.0
    } else {
        score * 1000.0 / words as f64
    };
    (
        score,
        density,
        hits.filler.iter().map(|(sp, _)| *sp).collect(),
    )
}

/// Too many filler phrases for the length. Spans: the phrases.
pub(super) fn filler_density(text: &str, hits: &Hits) -> Option<Signal> {
    let (score, density, spans) = filler_of(text, hits);
    if score < FILLER_MIN_SCORE || density < FILLER_PER_1000_WORDS {
        return None;
    }
    let mut examples: Vec<String> = Vec::new();
    for sp in &spans {
        let p = sp.of(text).to_lowercase();
        if examples.len() < 4 && !examples.contains(&p) {
            examples.push(p);
        }
    }
    Some(Signal {
        kind: SignalKind::FillerDensity,
        reason: format!(
            "{} filler phrases (score {score}), {density:.1} per 1,000 words (threshold {FILLER_PER_1000_WORDS}): {}",
            spans.len(),
            examples.join(", ")
        ),
        spans,
    })
}
