//! Query parameters: pagination, article filters, and the page envelope every list returns.

use crate::{ApiError, DEFAULT_LIMIT, MAX_LIMIT};
use chrono::{DateTime, NaiveDate};
use newstrace_model::{FindingKind, RelationKind, SignalKind};
use newstrace_store::ArticleFilter;
use serde::{Deserialize, Serialize};

/// `limit` and `offset`, as given.
#[derive(Debug, Default, Clone, Deserialize)]
pub(crate) struct PageParams {
    pub(crate) limit: Option<u64>,
    pub(crate) offset: Option<u64>,
}

/// A validated page request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Page {
    pub(crate) limit: u64,
    pub(crate) offset: u64,
}

impl PageParams {
    /// `limit` in 1..=[`MAX_LIMIT`] (default [`DEFAULT_LIMIT`]), `offset` at most `max_offset`.
    pub(crate) fn page(&self, max_offset: u64) -> Result<Page, ApiError> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::bad_request(format!(
                "limit must be between 1 and {MAX_LIMIT}, got {limit}"
            )));
        }
        let offset = self.offset.unwrap_or(0);
        if offset > max_offset {
            return Err(ApiError::bad_request(format!(
                "offset must be at most {max_offset}, got {offset}"
            )));
        }
        Ok(Page { limit, offset })
    }
}

/// Largest offset of lists the store pages with `LIMIT … OFFSET` (they are all indexed).
pub(crate) const MAX_OFFSET: u64 = 10_000_000;
/// Largest offset of ranked full-text results: deeper pages cost the whole ranking each time.
pub(crate) const MAX_SEARCH_OFFSET: u64 = 10_000;

/// One page of a list, as every list route returns it.
#[derive(Debug, Serialize)]
pub(crate) struct Paged<T> {
    pub(crate) items: Vec<T>,
    /// Items in the whole list.
    pub(crate) total: u64,
    pub(crate) limit: u64,
    pub(crate) offset: u64,
    /// `offset` of the next page, null on the last.
    pub(crate) next_offset: Option<u64>,
}

impl<T> Paged<T> {
    pub(crate) fn new(items: Vec<T>, total: u64, page: Page) -> Self {
        let end = page.offset.saturating_add(items.len() as u64);
        Self {
            next_offset: (end < total && !items.is_empty()).then_some(end),
            items,
            total,
            limit: page.limit,
            offset: page.offset,
        }
    }
}

/// The article filters of `/api/articles`, `/api/search` and the search page, as given.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub(crate) struct FilterParams {
    /// Full-text query.
    #[serde(default)]
    pub(crate) q: Option<String>,
    #[serde(default)]
    pub(crate) outlet: Option<String>,
    /// `YYYY-MM-DD` or an RFC 3339 instant; inclusive.
    #[serde(default)]
    pub(crate) from: Option<String>,
    /// `YYYY-MM-DD` (the whole day included) or an RFC 3339 instant (exclusive).
    #[serde(default)]
    pub(crate) to: Option<String>,
    /// A signal kind, e.g. `ai-byline`.
    #[serde(default)]
    pub(crate) signal: Option<String>,
    /// A finding kind, e.g. `event-date`.
    #[serde(default)]
    pub(crate) finding: Option<String>,
}

impl FilterParams {
    /// The store filter, with every value checked. Empty values (as an HTML form sends for a
    /// field left blank) mean "no filter".
    pub(crate) fn filter(&self) -> Result<ArticleFilter, ApiError> {
        let from = non_empty(&self.from)
            .map(|s| parse_bound(s, "from", false))
            .transpose()?;
        let until = non_empty(&self.to)
            .map(|s| parse_bound(s, "to", true))
            .transpose()?;
        if let (Some(f), Some(u)) = (from, until)
            && f >= u
        {
            return Err(ApiError::bad_request("`from` must be before `to`"));
        }
        Ok(ArticleFilter {
            text: non_empty(&self.q).map(str::to_string),
            outlet: non_empty(&self.outlet).map(str::to_string),
            published_from: from,
            published_until: until,
            signal: non_empty(&self.signal)
                .map(|s| kind_name::<SignalKind>(s, "signal", SIGNAL_KINDS))
                .transpose()?,
            finding: non_empty(&self.finding)
                .map(|s| kind_name::<FindingKind>(s, "finding", FINDING_KINDS))
                .transpose()?,
        })
    }
}

/// Signal kinds, as the API names them.
pub(crate) const SIGNAL_KINDS: &[&str] = &[
    "ai-disclosure",
    "ai-byline",
    "llm-leftover",
    "repeated-passage",
    "title-in-body",
    "slug-residue",
    "template-headings",
    "filler-density",
    "trailing-source-tag",
    "date-distance",
];

/// Finding kinds, as the API names them.
pub(crate) const FINDING_KINDS: &[&str] =
    &["event-date", "introduced", "role-term", "internal-date"];

/// Relation kinds, as the API names them.
pub(crate) const RELATION_KINDS: &[&str] = &[
    "exact-copy",
    "syndicated",
    "rewrite",
    "relay",
    "sibling",
    "same-story",
];

/// Checks `value` names a relation kind.
pub(crate) fn relation_kind(value: &str) -> Result<String, ApiError> {
    kind_name::<RelationKind>(value, "kind", RELATION_KINDS)
}

pub(crate) fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// `value` if it is the serde name of a `K`, else a 400 listing the accepted names.
fn kind_name<K: serde::de::DeserializeOwned>(
    value: &str,
    param: &str,
    names: &[&str],
) -> Result<String, ApiError> {
    serde_json::from_value::<K>(serde_json::Value::String(value.to_string()))
        .map(|_| value.to_string())
        .map_err(|_| {
            ApiError::bad_request(format!(
                "unknown {param} `{value}`; one of: {}",
                names.join(", ")
            ))
        })
}

/// Unix seconds of a date bound. A bare day as an upper bound means the end of that day.
fn parse_bound(value: &str, param: &str, upper: bool) -> Result<i64, ApiError> {
    if let Ok(day) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        let day = if upper { day.succ_opt() } else { Some(day) };
        if let Some(ts) = day
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc().timestamp())
        {
            return Ok(ts);
        }
    }
    DateTime::parse_from_rfc3339(value)
        .map(|t| t.timestamp())
        .map_err(|_| {
            ApiError::bad_request(format!(
                "`{param}` must be a date (YYYY-MM-DD) or an RFC 3339 time, got `{value}`"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_checked() {
        let p = |limit, offset| PageParams { limit, offset }.page(100);
        assert_eq!(
            p(None, None).unwrap(),
            Page {
                limit: DEFAULT_LIMIT,
                offset: 0
            }
        );
        assert_eq!(p(Some(500), Some(100)).unwrap().limit, 500);
        assert!(p(Some(0), None).is_err());
        assert!(p(Some(501), None).is_err());
        assert!(p(None, Some(101)).is_err());
    }

    #[test]
    fn next_offset_stops_at_the_end() {
        let page = Page {
            limit: 2,
            offset: 2,
        };
        assert_eq!(Paged::new(vec![1, 2], 5, page).next_offset, Some(4));
        assert_eq!(Paged::new(vec![1], 3, page).next_offset, None);
    }

    #[test]
    fn filters_are_parsed_and_checked() {
        let f = FilterParams {
            from: Some("2026-03-01".into()),
            to: Some("2026-03-01".into()),
            signal: Some("ai-byline".into()),
            outlet: Some(" ".into()),
            ..Default::default()
        }
        .filter()
        .unwrap();
        assert_eq!(
            f.published_until.unwrap() - f.published_from.unwrap(),
            86_400
        );
        assert_eq!(f.signal.as_deref(), Some("ai-byline"));
        assert_eq!(f.outlet, None);
        let bad = |p: FilterParams| p.filter().unwrap_err().status.as_u16();
        assert_eq!(
            bad(FilterParams {
                signal: Some("<script>".into()),
                ..Default::default()
            }),
            400
        );
        assert_eq!(
            bad(FilterParams {
                from: Some("yesterday".into()),
                ..Default::default()
            }),
            400
        );
        assert_eq!(
            bad(FilterParams {
                from: Some("2026-03-02".into()),
                to: Some("2026-03-01".into()),
                ..Default::default()
            }),
            400
        );
        assert!(
            FilterParams {
                from: Some("2026-03-01T10:00:00Z".into()),
                ..Default::default()
            }
            .filter()
            .is_ok()
        );
    }

    #[test]
    fn kind_lists_match_the_model() {
        for k in SIGNAL_KINDS {
            assert!(kind_name::<SignalKind>(k, "signal", SIGNAL_KINDS).is_ok());
        }
        for k in FINDING_KINDS {
            assert!(kind_name::<FindingKind>(k, "finding", FINDING_KINDS).is_ok());
        }
        for k in RELATION_KINDS {
            assert!(relation_kind(k).is_ok());
        }
    }
}
