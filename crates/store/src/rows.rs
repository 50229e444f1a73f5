//! Conversion between model values and table columns.
//!
//! Writing: model values become plain SQL parameters. Reading: every cell is decoded and
//! checked; a value that does not decode is a [`StoreError::Corrupt`] naming `table.column`.

use crate::{Result, StoreError};
use newstrace_model::{
    DateSource, Dated, InputFormat, Language, LanguageSource, RecordOrigin, When,
};
use rusqlite::Row;

/// The four columns a date is stored as (`x`, `x_source`, `x_detail`, `x_ts`).
pub(crate) struct DateParams<'a> {
    /// ISO 8601 text as [`When`]'s `Display` writes it.
    pub(crate) value: Option<String>,
    /// The [`DateSource`] name.
    pub(crate) source: Option<&'static str>,
    /// The key or line it came from.
    pub(crate) detail: Option<&'a str>,
    /// Unix seconds ([`When::timestamp`]), for ordering.
    pub(crate) ts: Option<i64>,
}

impl<'a> DateParams<'a> {
    pub(crate) fn of(date: Option<&'a Dated>) -> Self {
        Self {
            value: date.map(|d| d.value.to_string()),
            source: date.map(|d| d.source.as_str()),
            detail: date.and_then(|d| d.detail.as_deref()),
            ts: date.map(|d| d.value.timestamp()),
        }
    }
}

/// The key sightings are ordered by to choose an article's representative: the earliest day
/// first; on the same day a precise instant before a bare day (a copy dated only `2026-03-03`
/// cannot be shown to predate one stamped `2026-03-03T07:40Z`); then the instant. The date is
/// the sighting's `published`, else its `first_seen`; undated sightings have no key and sort
/// last. Text, so SQLite compares it as written.
pub(crate) fn order_key(published: Option<&Dated>, first_seen: Option<&Dated>) -> Option<String> {
    let d = published.or(first_seen)?;
    let precision = match d.value {
        When::Instant(_) => 0,
        When::Day(_) => 1,
    };
    // Offset so that any timestamp chrono can hold prints as a non-negative, fixed-width number.
    let ts = i128::from(d.value.timestamp()) + (1_i128 << 62);
    Some(format!("{}|{precision}|{ts:020}", d.value.day()))
}

/// The origin columns (`origin_path`, `origin_format`, `origin_record`, `origin_offset`).
pub(crate) struct OriginParams<'a> {
    pub(crate) path: &'a str,
    pub(crate) format: &'static str,
    pub(crate) record: Option<i64>,
    pub(crate) offset: Option<i64>,
}

impl<'a> OriginParams<'a> {
    pub(crate) fn of(origin: &'a RecordOrigin) -> Result<Self> {
        Ok(Self {
            path: &origin.path,
            format: origin.format.as_str(),
            record: to_sql_int("origin_record", origin.record)?,
            offset: to_sql_int("origin_offset", origin.offset)?,
        })
    }
}

/// The language columns (`lang_code`, `lang_source`, `lang_confidence`).
pub(crate) struct LangParams<'a> {
    pub(crate) code: Option<&'a str>,
    pub(crate) source: Option<&'static str>,
    pub(crate) confidence: Option<f64>,
}

impl<'a> LangParams<'a> {
    pub(crate) fn of(lang: Option<&'a Language>) -> Self {
        Self {
            code: lang.map(|l| l.code.as_str()),
            source: lang.map(|l| language_source_name(l.source)),
            confidence: lang.map(|l| f64::from(l.confidence)),
        }
    }
}

/// SQLite integers are signed 64-bit; counts and offsets are `u64` in the model.
pub(crate) fn to_sql_int(column: &'static str, value: Option<u64>) -> Result<Option<i64>> {
    value
        .map(|v| i64::try_from(v).map_err(|_| StoreError::TooLarge { column, value: v }))
        .transpose()
}

/// A limit or offset given by a caller, clamped into SQLite's range.
pub(crate) fn clamp_to_sql(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn language_source_name(source: LanguageSource) -> &'static str {
    match source {
        LanguageSource::Detected => "detected",
        LanguageSource::Declared => "declared",
    }
}

fn parse_language_source(s: &str) -> Option<LanguageSource> {
    [LanguageSource::Detected, LanguageSource::Declared]
        .into_iter()
        .find(|l| language_source_name(*l) == s)
}

/// Reads columns of one table from a row, naming `table.column` in errors.
///
/// Columns are looked up by name, so a query may select them in any order (but must select
/// them under their table's column names).
pub(crate) struct Reader<'r, 's> {
    row: &'r Row<'s>,
    table: &'static str,
}

impl<'r, 's> Reader<'r, 's> {
    pub(crate) fn new(row: &'r Row<'s>, table: &'static str) -> Self {
        Self { row, table }
    }

    fn name(&self, column: &str) -> String {
        format!("{}.{}", self.table, column)
    }

    pub(crate) fn string(&self, column: &str) -> Result<String> {
        Ok(self.row.get(column)?)
    }

    pub(crate) fn opt_string(&self, column: &str) -> Result<Option<String>> {
        Ok(self.row.get(column)?)
    }

    pub(crate) fn int(&self, column: &str) -> Result<i64> {
        Ok(self.row.get(column)?)
    }

    pub(crate) fn uint(&self, column: &str) -> Result<u64> {
        let v: i64 = self.row.get(column)?;
        u64::try_from(v)
            .map_err(|_| StoreError::corrupt(self.name(column), v.to_string(), "negative"))
    }

    pub(crate) fn opt_uint(&self, column: &str) -> Result<Option<u64>> {
        let v: Option<i64> = self.row.get(column)?;
        v.map(|v| {
            u64::try_from(v)
                .map_err(|_| StoreError::corrupt(self.name(column), v.to_string(), "negative"))
        })
        .transpose()
    }

    /// The date stored in `base`, `base_source`, `base_detail`.
    pub(crate) fn dated(&self, base: &str) -> Result<Option<Dated>> {
        let value: Option<String> = self.row.get(base)?;
        let Some(value) = value else {
            return Ok(None);
        };
        let when: When = value
            .parse()
            .map_err(|e| StoreError::corrupt(self.name(base), value.clone(), e))?;
        let source_column = format!("{base}_source");
        let source: Option<String> = self.row.get(source_column.as_str())?;
        let source = match source.as_deref().map(|s| (s, DateSource::parse(s))) {
            Some((_, Some(parsed))) => parsed,
            Some((raw, None)) => {
                return Err(StoreError::corrupt(
                    self.name(&source_column),
                    raw,
                    "unknown date source",
                ));
            }
            None => {
                return Err(StoreError::corrupt(
                    self.name(&source_column),
                    "NULL",
                    "a date without its source",
                ));
            }
        };
        let detail: Option<String> = self.row.get(format!("{base}_detail").as_str())?;
        Ok(Some(Dated {
            value: when,
            source,
            detail,
        }))
    }

    /// The origin stored in `origin_path`, `origin_format`, `origin_record`, `origin_offset`.
    pub(crate) fn origin(&self) -> Result<RecordOrigin> {
        let format: String = self.row.get("origin_format")?;
        let format = InputFormat::parse(&format).ok_or_else(|| {
            StoreError::corrupt(
                self.name("origin_format"),
                format.clone(),
                "unknown input format",
            )
        })?;
        Ok(RecordOrigin {
            path: self.string("origin_path")?,
            format,
            record: self.opt_uint("origin_record")?,
            offset: self.opt_uint("origin_offset")?,
        })
    }

    /// The language stored in `lang_code`, `lang_source`, `lang_confidence`.
    pub(crate) fn language(&self) -> Result<Option<Language>> {
        let Some(code) = self.opt_string("lang_code")? else {
            return Ok(None);
        };
        let source: Option<String> = self.row.get("lang_source")?;
        let source = source
            .as_deref()
            .and_then(parse_language_source)
            .ok_or_else(|| {
                StoreError::corrupt(
                    self.name("lang_source"),
                    source.clone().unwrap_or_else(|| "NULL".into()),
                    "unknown language source",
                )
            })?;
        let confidence: Option<f64> = self.row.get("lang_confidence")?;
        let confidence = confidence.ok_or_else(|| {
            StoreError::corrupt(
                self.name("lang_confidence"),
                "NULL",
                "a language without confidence",
            )
        })?;
        Ok(Some(Language {
            code,
            source,
            // Stored from an f32, so narrowing back is exact.
            confidence: confidence as f32,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    fn with_row<T>(sql: &str, f: impl FnOnce(&Row<'_>) -> T) -> T {
        let conn = Connection::open_in_memory().unwrap();
        let mut stmt = conn.prepare(sql).unwrap();
        let mut rows = stmt.query([]).unwrap();
        let row = rows.next().unwrap().unwrap();
        f(row)
    }

    #[test]
    fn an_unparseable_date_names_its_column() {
        let err = with_row(
            "SELECT 'last Tuesday' AS published, 'meta-tag' AS published_source, \
             NULL AS published_detail",
            |row| Reader::new(row, "articles").dated("published").unwrap_err(),
        );
        match err {
            StoreError::Corrupt { column, value, .. } => {
                assert_eq!(column, "articles.published");
                assert_eq!(value, "last Tuesday");
            }
            other => panic!("expected Corrupt, got {other:?}"),
        }
    }

    #[test]
    fn an_unknown_date_source_is_corrupt() {
        let err = with_row(
            "SELECT '2026-01-05' AS published, 'rumour' AS published_source, \
             NULL AS published_detail",
            |row| {
                Reader::new(row, "sightings")
                    .dated("published")
                    .unwrap_err()
            },
        );
        assert!(
            matches!(err, StoreError::Corrupt { column, .. } if column == "sightings.published_source")
        );
    }

    #[test]
    fn a_negative_offset_is_corrupt() {
        let err = with_row(
            "SELECT 'a.jsonl' AS origin_path, 'jsonl' AS origin_format, 2 AS origin_record, \
             -5 AS origin_offset",
            |row| Reader::new(row, "articles").origin().unwrap_err(),
        );
        assert!(
            matches!(err, StoreError::Corrupt { column, .. } if column == "articles.origin_offset")
        );
    }

    #[test]
    fn dates_round_trip_through_their_columns() {
        let d = Dated::new(
            "2025-11-30T18:05:00-03:00".parse().unwrap(),
            DateSource::JsonLd,
            "datePublished",
        );
        let p = DateParams::of(Some(&d));
        let conn = Connection::open_in_memory().unwrap();
        let back = conn
            .query_row(
                "SELECT ?1 AS published, ?2 AS published_source, ?3 AS published_detail",
                rusqlite::params![p.value, p.source, p.detail],
                |row| Ok(Reader::new(row, "t").dated("published")),
            )
            .unwrap()
            .unwrap();
        assert_eq!(back, Some(d));
    }

    #[test]
    fn offsets_beyond_i64_are_refused_not_wrapped() {
        assert!(matches!(
            to_sql_int("origin_offset", Some(u64::MAX)),
            Err(StoreError::TooLarge { .. })
        ));
        assert_eq!(to_sql_int("origin_offset", Some(7)).unwrap(), Some(7));
    }
}
