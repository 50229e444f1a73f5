//! Full-text search over titles and texts (SQLite FTS5, Porter stemming, diacritics folded).

use crate::read::{SUMMARY_COLUMNS, summary_from_row};
use crate::rows::clamp_to_sql;
use crate::{ArticleSummary, Result, Store};

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// The matching article, without its text.
    pub article: ArticleSummary,
    /// A short passage around the match, with matched terms in `[` `]`.
    pub snippet: String,
    /// BM25 relevance; lower is better (SQLite's convention).
    pub rank: f64,
}

/// Turns what a user typed into a safe FTS5 query: every word becomes a quoted term (so
/// `U.S.`, `AND`, `-` or an unbalanced quote can never be a syntax error) and all must match.
/// A trailing `*` on a word is kept as a prefix search. Returns `None` when nothing searchable
/// is left.
pub fn fts_query(input: &str) -> Option<String> {
    let terms: Vec<String> = input
        .split_whitespace()
        .filter_map(|word| {
            let prefix = word.ends_with('*');
            let bare: String = word.chars().filter(|c| *c != '"' && *c != '*').collect();
            // A term must hold a letter or digit, else FTS5 sees an empty phrase.
            if !bare.chars().any(char::is_alphanumeric) {
                return None;
            }
            Some(format!("\"{bare}\"{}", if prefix { "*" } else { "" }))
        })
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

impl Store {
    /// Articles whose title or text match every word of `query`, best first.
    pub fn search(&self, query: &str, limit: u64) -> Result<Vec<SearchHit>> {
        let Some(fts) = fts_query(query) else {
            return Ok(Vec::new());
        };
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS},
                    snippet(articles_fts, 1, '[', ']', ' … ', 16) AS snippet,
                    bm25(articles_fts, 5.0, 1.0) AS rank
             FROM articles_fts JOIN articles a ON a.fts_rowid = articles_fts.rowid
             WHERE articles_fts MATCH ?1
             ORDER BY rank, a.id
             LIMIT ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params![fts, clamp_to_sql(limit)])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(SearchHit {
                article: summary_from_row(row)?,
                snippet: row.get("snippet")?,
                rank: row.get("rank")?,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn user_input_is_quoted_term_by_term() {
        assert_eq!(
            fts_query("air defence").as_deref(),
            Some("\"air\" \"defence\"")
        );
        assert_eq!(
            fts_query("U.S. AND \"x").as_deref(),
            Some("\"U.S.\" \"AND\" \"x\"")
        );
        assert_eq!(fts_query("nato*").as_deref(), Some("\"nato\"*"));
        assert_eq!(fts_query(" - \" * "), None);
    }
}
