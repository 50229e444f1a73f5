//! A profile of what the store holds: the numbers a summary shows a person.

use crate::read::{SUMMARY_COLUMNS, summary_from_row};
use crate::rows::clamp_to_sql;
use crate::{ArticleSummary, Result, Store};

/// Aggregates over the whole store.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// Article counts per language code, most frequent first (`None`: undetected).
    pub languages: Vec<(Option<String>, u64)>,
    /// Article counts per outlet of the representative copy, most frequent first.
    pub outlets: Vec<(Option<String>, u64)>,
    /// Earliest and latest publication day (ISO 8601), over dated articles.
    pub published_range: Option<(String, String)>,
    /// Articles without a publication date.
    pub undated: u64,
    /// Articles seen in more than one place, most sightings first.
    pub most_sighted: Vec<ArticleSummary>,
}

impl Store {
    /// Profiles the store; lists are capped at `top` entries.
    pub fn profile(&self, top: u64) -> Result<Profile> {
        let top = clamp_to_sql(top);
        let groups = |sql: &str| -> Result<Vec<(Option<String>, u64)>> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let mut rows = stmt.query([top])?;
            let mut out = Vec::new();
            while let Some(row) = rows.next()? {
                let n: i64 = row.get(1)?;
                out.push((row.get(0)?, u64::try_from(n).unwrap_or(0)));
            }
            Ok(out)
        };
        let languages = groups(
            "SELECT lang_code, count(*) AS n FROM articles GROUP BY lang_code
             ORDER BY n DESC, lang_code LIMIT ?1",
        )?;
        let outlets = groups(
            "SELECT outlet, count(*) AS n FROM articles GROUP BY outlet
             ORDER BY n DESC, outlet LIMIT ?1",
        )?;
        let range: (Option<String>, Option<String>, i64) = self.conn.query_row(
            "SELECT (SELECT published FROM articles WHERE published_ts IS NOT NULL
                     ORDER BY published_ts, id LIMIT 1),
                    (SELECT published FROM articles WHERE published_ts IS NOT NULL
                     ORDER BY published_ts DESC, id LIMIT 1),
                    (SELECT count(*) FROM articles WHERE published_ts IS NULL)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let published_range = match range {
            (Some(first), Some(last), _) => Some((first, last)),
            _ => None,
        };
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a WHERE a.sighting_count > 1
             ORDER BY a.sighting_count DESC, a.published_ts IS NULL, a.published_ts, a.id
             LIMIT ?1"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([top])?;
        let mut most_sighted = Vec::new();
        while let Some(row) = rows.next()? {
            most_sighted.push(summary_from_row(row)?);
        }
        Ok(Profile {
            languages,
            outlets,
            published_range,
            undated: u64::try_from(range.2).unwrap_or(0),
            most_sighted,
        })
    }
}
