//! What a user typed, read as search terms: words split on anything not a letter or digit,
//! lowercased, diacritics folded and stemmed (English), every word required; `word*` asks for
//! a prefix. Nothing a user types is a syntax error: there is no syntax.

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};

/// The name the index knows its analyzer by.
pub(crate) const ANALYZER: &str = "newstrace";

/// Tokens longer than this (in bytes) are dropped, as tantivy's default analyzer does: they
/// are base64, hashes and run-together URLs, never words anyone searches.
const MAX_TOKEN_BYTES: usize = 40;

/// Lowercase, diacritics folded, no stemming: what a prefix is compared in.
pub(crate) fn folding_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// What titles and texts are indexed with, and exact query words are read with (the FTS5
/// index used `porter unicode61 remove_diacritics`; this is its tantivy counterpart, with
/// the Snowball English stemmer, Porter's successor).
pub(crate) fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(super::stem::CachedEnglishStemmer)
        .build()
}

/// One required part of a query.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Clause {
    /// An indexed term (stemmed).
    Term(String),
    /// Any indexed term starting with one of these (the folded prefix and its stem: the
    /// index holds stems, and a stem is not always a prefix of its word).
    Prefix(Vec<String>),
}

/// A query as clauses, all of which must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SearchTerms {
    pub(crate) clauses: Vec<Clause>,
}

impl SearchTerms {
    /// Reads user input; `None` when nothing searchable is left (only punctuation, say).
    ///
    /// A word that splits into several tokens (`U.S.`, `e-mail`) requires each of them,
    /// anywhere in the article: the index keeps no positions (they would double its size for
    /// phrase queries nobody can type here).
    pub(crate) fn parse(input: &str) -> Option<Self> {
        let mut folding = folding_analyzer();
        let mut stemming = analyzer();
        let mut clauses = Vec::new();
        for word in input.split_whitespace() {
            let prefix = word.ends_with('*');
            let mut tokens = Vec::new();
            folding
                .token_stream(word)
                .process(&mut |t| tokens.push(t.text.clone()));
            let last = tokens.len().saturating_sub(1);
            for (i, token) in tokens.into_iter().enumerate() {
                let stem = first_token(&mut stemming, &token).unwrap_or_else(|| token.clone());
                if prefix && i == last {
                    let mut both = vec![token, stem];
                    both.sort();
                    both.dedup();
                    clauses.push(Clause::Prefix(both));
                } else {
                    clauses.push(Clause::Term(stem));
                }
            }
        }
        clauses.sort();
        clauses.dedup();
        (!clauses.is_empty()).then_some(Self { clauses })
    }
}

/// The first token `analyzer` makes of `text`.
pub(crate) fn first_token(analyzer: &mut TextAnalyzer, text: &str) -> Option<String> {
    let mut stream = analyzer.token_stream(text);
    stream.advance().then(|| stream.token().text.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(input: &str) -> Option<Vec<Clause>> {
        SearchTerms::parse(input).map(|t| t.clauses)
    }

    fn term(t: &str) -> Clause {
        Clause::Term(t.to_string())
    }

    #[test]
    fn words_are_folded_stemmed_and_all_required() {
        assert_eq!(
            terms("Air DEFENCES"),
            Some(vec![term("air"), term("defenc")])
        );
        assert_eq!(
            terms("café Zürich"),
            Some(vec![term("cafe"), term("zurich")])
        );
        assert_eq!(terms("running run"), Some(vec![term("run")]));
    }

    #[test]
    fn hostile_input_is_words_or_nothing() {
        assert_eq!(
            terms("U.S. AND \"x OR -y ("),
            Some(vec![
                term("and"),
                term("or"),
                term("s"),
                term("u"),
                term("x"),
                term("y")
            ])
        );
        assert_eq!(terms(" - \" * ( ) : ^ "), None);
        assert_eq!(terms(""), None);
    }

    #[test]
    fn a_trailing_star_is_a_prefix_of_the_word_and_of_its_stem() {
        assert_eq!(
            terms("nato*"),
            Some(vec![Clause::Prefix(vec!["nato".into()])])
        );
        assert_eq!(
            terms("hospitals*"),
            Some(vec![Clause::Prefix(vec![
                "hospit".into(),
                "hospitals".into()
            ])])
        );
    }
}
