//! An English stemming token filter that remembers the stems it made.
//!
//! Why by hand: tantivy's `Stemmer` runs the Snowball algorithm on every token, and a
//! profile of a bulk ingest put nearly half of the indexing time there. News repeats a
//! vocabulary of some tens of thousands of words, so each analyzer (tantivy keeps one per
//! field and segment being written) looks a word up before stemming it. The stems are the
//! same: the same `frostem` algorithm tantivy calls.

use foldhash::fast::FixedState;
use frostem::{Algorithm, Stemmer};
use std::collections::HashMap;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Most words one analyzer remembers: the cache is emptied when full (a few MB at most).
const MAX_REMEMBERED: usize = 100_000;

/// The filter: English stems, remembered (see the module docs).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct CachedEnglishStemmer;

impl TokenFilter for CachedEnglishStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemFilter<T> {
        CachedStemFilter {
            inner: tokenizer,
            stems: Stems::default(),
        }
    }
}

/// Words seen with their stems, and the stemmer for words not seen yet.
#[derive(Clone, Default)]
struct Stems {
    known: HashMap<String, String, FixedState>,
    stemmer: Option<StemmerHandle>,
}

/// `frostem::Stemmer` is not `Clone`; analyzers are cloned, so each clone makes its own.
struct StemmerHandle(Stemmer);

impl Clone for StemmerHandle {
    fn clone(&self) -> Self {
        Self(Stemmer::new(Algorithm::English))
    }
}

impl Stems {
    /// Replaces `word` with its stem.
    fn stem(&mut self, word: &mut String) {
        if let Some(stem) = self.known.get(word.as_str()) {
            word.clone_from(stem);
            return;
        }
        let stemmer = self
            .stemmer
            .get_or_insert_with(|| StemmerHandle(Stemmer::new(Algorithm::English)));
        let stem = stemmer.0.stem(word).into_owned();
        if self.known.len() >= MAX_REMEMBERED {
            self.known.clear();
        }
        self.known
            .insert(std::mem::replace(word, stem.clone()), stem);
    }
}

/// The filter around a tokenizer.
#[derive(Clone)]
pub(crate) struct CachedStemFilter<T> {
    inner: T,
    stems: Stems,
}

impl<T: Tokenizer> Tokenizer for CachedStemFilter<T> {
    type TokenStream<'a> = CachedStemStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        CachedStemStream {
            tail: self.inner.token_stream(text),
            stems: &mut self.stems,
        }
    }
}

/// The tokens of one text, stemmed.
pub(crate) struct CachedStemStream<'a, T> {
    tail: T,
    stems: &'a mut Stems,
}

impl<T: TokenStream> TokenStream for CachedStemStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.stems.stem(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{Language, SimpleTokenizer, Stemmer as TantivyStemmer, TextAnalyzer};

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn stems_as_tantivy_does_when_seen_first_and_again() {
        let text = "ministers agreed agreeing running runs generously the ministers agreed";
        let mut cached = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(CachedEnglishStemmer)
            .build();
        let mut plain = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(TantivyStemmer::new(Language::English))
            .build();
        let expected = tokens(&mut plain, text);
        assert_eq!(expected[0], "minist");
        // Twice through the same analyzer: the second time every stem comes from memory.
        assert_eq!(tokens(&mut cached, text), expected);
        assert_eq!(tokens(&mut cached, text), expected);
        // A clone starts with the memory of the original and stems alike.
        let mut clone = cached.clone();
        assert_eq!(
            tokens(&mut clone, "agreeing generously"),
            ["agre", "generous"]
        );
    }
}
