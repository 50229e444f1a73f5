//! Snippets: a passage of about [`WINDOW`] words of an article's text around what matched a
//! query, matched words in `[` `]`, ` … ` where the passage cuts the text.
//!
//! Built here from the page's texts (about twenty per page) rather than by tantivy's
//! `SnippetGenerator`, which needs the text stored a second time in the index and marks up
//! HTML; the format is the one FTS5's `snippet()` gave, which the API and the CLI show.

use super::query::{Clause, SearchTerms, analyzer, first_token, folding_analyzer};
use tantivy::tokenizer::TextAnalyzer;

/// Words shown.
const WINDOW: usize = 16;
/// Marks the text left out before or after the passage.
const ELLIPSIS: &str = " … ";

/// Marks the words of one query in texts.
pub(crate) struct Highlighter<'q> {
    terms: &'q SearchTerms,
    folding: TextAnalyzer,
    stemming: TextAnalyzer,
}

/// A word of a text: its byte range, and which clause of the query it matched.
struct Word {
    from: usize,
    to: usize,
    clause: Option<usize>,
}

impl<'q> Highlighter<'q> {
    pub(crate) fn new(terms: &'q SearchTerms) -> Self {
        Self {
            terms,
            folding: folding_analyzer(),
            stemming: analyzer(),
        }
    }

    /// The snippet of `text`.
    pub(crate) fn snippet(&mut self, text: &str) -> String {
        let words = self.words(text);
        if words.is_empty() {
            return text.to_string();
        }
        let start = window_start(text, &words);
        let end = (start + WINDOW).min(words.len());
        let mut out = String::new();
        if start > 0 {
            out.push_str(ELLIPSIS);
        }
        for (i, w) in words[start..end].iter().enumerate() {
            if i > 0 {
                out.push_str(&text[words[start + i - 1].to..w.from]);
            }
            if w.clause.is_some() {
                out.push('[');
                out.push_str(&text[w.from..w.to]);
                out.push(']');
            } else {
                out.push_str(&text[w.from..w.to]);
            }
        }
        if end < words.len() {
            out.push_str(ELLIPSIS);
        } else {
            out.push_str(&text[words[end - 1].to..]);
        }
        out
    }

    /// The words of `text`, each with the clause it matches: all of them, or only as far as
    /// a window holding every clause and a word past it (no later window can hold more
    /// clauses, and a common word is usually met early, so most texts are read in part).
    fn words(&mut self, text: &str) -> Vec<Word> {
        let clauses = self.terms.clauses.len();
        let mut last_seen: Vec<Option<usize>> = vec![None; clauses];
        let mut complete_at: Option<usize> = None;
        let mut words = Vec::new();
        let mut stream = self.folding.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            let clause = matching_clause(self.terms, &mut self.stemming, &t.text);
            words.push(Word {
                from: t.offset_from,
                to: t.offset_to,
                clause,
            });
            let at = words.len() - 1;
            if let Some(c) = clause
                && complete_at.is_none()
            {
                last_seen[c] = Some(at);
                if let Some(first) = window_of_all(&last_seen) {
                    complete_at = Some(first);
                }
            }
            if complete_at.is_some_and(|first| at > first + WINDOW) {
                break;
            }
        }
        words
    }
}

/// The first position of a window of [`WINDOW`] words holding the latest match of every
/// clause, if every clause was matched and they are that close.
fn window_of_all(last_seen: &[Option<usize>]) -> Option<usize> {
    let positions: Option<Vec<usize>> = last_seen.iter().copied().collect();
    let positions = positions?;
    let (first, last) = (*positions.iter().min()?, *positions.iter().max()?);
    (last - first < WINDOW).then_some(first)
}

/// The clause of `terms` that the folded word `word` matches, if any. Stems only words that
/// may match (a stem differs from its word in its last letters at most), so a page's
/// snippets stem a handful of words, not every word of twenty articles.
fn matching_clause(terms: &SearchTerms, stemming: &mut TextAnalyzer, word: &str) -> Option<usize> {
    let mut stem: Option<String> = None;
    for (i, clause) in terms.clauses.iter().enumerate() {
        let candidates: &[String] = match clause {
            Clause::Term(t) => std::slice::from_ref(t),
            Clause::Prefix(p) => p,
        };
        for c in candidates {
            if let Clause::Prefix(_) = clause
                && word.starts_with(c.as_str())
            {
                return Some(i);
            }
            if !word.starts_with(stable_part(c)) {
                continue;
            }
            let stem = stem.get_or_insert_with(|| {
                first_token(stemming, word).unwrap_or_else(|| word.to_string())
            });
            let hit = match clause {
                Clause::Term(_) => stem == c,
                Clause::Prefix(_) => stem.starts_with(c.as_str()),
            };
            if hit {
                return Some(i);
            }
        }
    }
    None
}

/// The part of a stem any word stemmed to it starts with: all but its last two letters
/// (`happi` ← `happy`, `die` ← `dying`), and at least its first.
fn stable_part(stem: &str) -> &str {
    let chars = stem.chars().count();
    let keep = chars.saturating_sub(2).max(1);
    match stem.char_indices().nth(keep) {
        Some((at, _)) => &stem[..at],
        None => stem,
    }
}

/// Where the passage starts: the window of [`WINDOW`] words with the most distinct clauses
/// matched (then the most matches, then the earliest), moved back to the start of a sentence
/// when one is in reach, else centred on its matches, as FTS5 did.
fn window_start(text: &str, words: &[Word]) -> usize {
    let hits: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].clause.is_some())
        .collect();
    let mut best: Option<(usize, usize, usize)> = None; // (distinct, hits, start)
    for &start in &hits {
        let inside: Vec<usize> = hits
            .iter()
            .copied()
            .filter(|&h| h >= start && h < start + WINDOW)
            .collect();
        let mut clauses: Vec<usize> = inside.iter().filter_map(|&h| words[h].clause).collect();
        clauses.sort_unstable();
        clauses.dedup();
        let score = (clauses.len(), inside.len());
        if best.is_none_or(|(d, n, _)| score > (d, n)) {
            best = Some((score.0, score.1, start));
        }
    }
    let Some((_, _, first)) = best else {
        return 0;
    };
    let last = hits
        .iter()
        .copied()
        .filter(|&h| h >= first && h < first + WINDOW)
        .max()
        .unwrap_or(first);
    let earliest = (last + 1).saturating_sub(WINDOW);
    let sentence = (earliest..=first)
        .rev()
        .find(|&s| s == 0 || starts_sentence(&text[words[s - 1].to..words[s].from]));
    match sentence {
        Some(s) => s,
        None => {
            let slack = WINDOW - (last - first + 1);
            first.saturating_sub(slack / 2)
        }
    }
}

/// Whether the text between two words ends a sentence.
fn starts_sentence(between: &str) -> bool {
    between.contains(['.', '!', '?', '\n'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snippet(query: &str, text: &str) -> String {
        let terms = SearchTerms::parse(query).unwrap();
        Highlighter::new(&terms).snippet(text)
    }

    #[test]
    fn a_short_text_is_shown_whole_with_its_matches_marked() {
        assert_eq!(
            snippet("hospital", "Hospitals: the Hospital!"),
            "[Hospitals]: the [Hospital]!"
        );
        assert_eq!(snippet("hospital", "Short text here."), "Short text here.");
    }

    #[test]
    fn a_long_text_is_cut_at_a_sentence_start_near_the_match() {
        let text = "One two three four five six seven eight nine ten eleven twelve. Thirteen \
                    fourteen fifteen hospital sixteen seventeen eighteen nineteen twenty \
                    twentyone twentytwo twentythree twentyfour twentyfive, end.";
        assert_eq!(
            snippet("hospital", text),
            " … Thirteen fourteen fifteen [hospital] sixteen seventeen eighteen nineteen \
             twenty twentyone twentytwo twentythree twentyfour twentyfive, end."
        );
    }

    #[test]
    fn the_window_prefers_every_word_of_the_query_and_cuts_with_ellipses() {
        let filler = "lorem ipsum dolor sit amet ".repeat(10);
        let text = format!("{filler}ferry here {filler}the ferry breakdown at sea {filler}");
        let s = snippet("ferry breakdown", &text);
        assert!(s.starts_with(" … ") && s.ends_with(" … "), "{s}");
        assert!(s.contains("[ferry] [breakdown]"), "{s}");
        assert_eq!(s.matches('[').count(), 2);
    }

    #[test]
    fn a_text_is_read_only_as_far_as_its_best_passage() {
        let text = format!(
            "The harbour reopened today. {}",
            "More words follow here. ".repeat(500)
        );
        assert_eq!(
            snippet("harbour", &text),
            "The [harbour] reopened today. More words follow here. More words follow here. \
             More words follow here … "
        );
    }

    #[test]
    fn prefixes_stems_and_diacritics_are_marked() {
        assert_eq!(
            snippet("naïve* cafe running", "Naivety at the Café, runs daily"),
            "[Naivety] at the [Café], [runs] daily"
        );
    }
}
