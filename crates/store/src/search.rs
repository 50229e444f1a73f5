//! Full-text search over titles and texts (SQLite FTS5, Porter stemming, diacritics folded).

use crate::read::{SUMMARY_COLUMNS, summary_from_row};
use crate::rows::clamp_to_sql;
use crate::{ArticleSummary, Result, Store};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter};
use std::collections::HashMap;

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

/// BM25 over `articles_fts` with a title match worth five of the text (lower is better).
pub(crate) const RANK: &str = "bm25(articles_fts, 5.0, 1.0)";

impl Store {
    /// Articles whose title or text match every word of `query`, best first (ties in the order
    /// they were stored).
    pub fn search(&self, query: &str, limit: u64) -> Result<Vec<SearchHit>> {
        let Some(fts) = fts_query(query) else {
            return Ok(Vec::new());
        };
        let sql = format!(
            "SELECT rowid, {RANK} AS rank FROM articles_fts WHERE articles_fts MATCH ?1
             ORDER BY rank, rowid LIMIT ?2"
        );
        let params = [
            Value::Text(fts.clone()),
            Value::Integer(clamp_to_sql(limit)),
        ];
        let ranked = self.ranked(&sql, &params)?;
        Ok(self
            .hits(&fts, &ranked)?
            .into_iter()
            .map(|(article, snippet, rank)| SearchHit {
                article,
                snippet: snippet.unwrap_or_default(),
                rank,
            })
            .collect())
    }

    /// Runs a ranking query that selects `(rowid, rank)` of the full-text index.
    ///
    /// Why rank this way: SQLite's `ORDER BY … LIMIT` keeps only the best rows while FTS5
    /// computes BM25 per match, and nothing but the index is read. A `snippet()` or an article
    /// column in the same SELECT would be computed for every match before the limit, and
    /// FTS5's own `ORDER BY rank` sorts every match (slower here than the top-n sorter).
    pub(crate) fn ranked(&self, sql: &str, params: &[Value]) -> Result<Vec<(i64, f64)>> {
        Ok(self
            .conn
            .prepare_cached(sql)?
            .query_map(params_from_iter(params.iter()), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The summaries of ranked rows, in rank order, each with its snippet for the FTS5 query
    /// `fts` and its rank. A rowid with no article (none should exist) is skipped.
    pub(crate) fn hits(
        &self,
        fts: &str,
        ranked: &[(i64, f64)],
    ) -> Result<Vec<(ArticleSummary, Option<String>, f64)>> {
        if ranked.is_empty() {
            return Ok(Vec::new());
        }
        // All snippets in one pass over the query's matches: the unary `+` keeps SQLite from
        // turning `rowid IN` into lookups (under which FTS5 refuses snippet()), and one pass
        // costs far less than a MATCH per row (measured in docs/BENCHMARKS.md).
        let ids = format!(
            "[{}]",
            ranked
                .iter()
                .map(|(rowid, _)| rowid.to_string())
                .collect::<Vec<_>>()
                .join(",")
        );
        let mut snippets: HashMap<i64, String> = self
            .conn
            .prepare_cached(
                "SELECT rowid, snippet(articles_fts, 1, '[', ']', ' … ', 16)
                 FROM articles_fts
                 WHERE articles_fts MATCH ?1 AND +rowid IN (SELECT value FROM json_each(?2))",
            )?
            .query_map(params![fts, ids], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let sql = format!("SELECT {SUMMARY_COLUMNS} FROM articles a WHERE a.fts_rowid = ?1");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut out = Vec::with_capacity(ranked.len());
        for (rowid, rank) in ranked {
            let mut rows = stmt.query([rowid])?;
            if let Some(row) = rows.next()? {
                out.push((summary_from_row(row)?, snippets.remove(rowid), *rank));
            }
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
