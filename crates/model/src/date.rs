//! Dates with their precision and the place they were read from.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A point in time as precise as its source gave it: a calendar day, or an instant with the
/// source's UTC offset (kept, because the local day is what a newsroom published on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum When {
    /// Only the day is known.
    Day(NaiveDate),
    /// A full timestamp with its original offset.
    Instant(DateTime<FixedOffset>),
}

impl When {
    /// The calendar day, in the source's own offset.
    pub fn day(&self) -> NaiveDate {
        match self {
            When::Day(d) => *d,
            When::Instant(t) => t.date_naive(),
        }
    }

    /// Seconds since the Unix epoch (a day counts from its midnight UTC), for ordering.
    pub fn timestamp(&self) -> i64 {
        match self {
            When::Day(d) => d
                .and_hms_opt(0, 0, 0)
                .map_or(0, |t| t.and_utc().timestamp()),
            When::Instant(t) => t.timestamp(),
        }
    }
}

impl fmt::Display for When {
    /// ISO 8601: `2026-04-24` or `2026-04-24T09:30:00+02:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            When::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            When::Instant(t) => write!(
                f,
                "{}",
                t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
            ),
        }
    }
}

/// Text that is neither an ISO 8601 day nor an RFC 3339 timestamp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateParseError(pub String);

impl fmt::Display for DateParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not an ISO 8601 date or timestamp: {:?}", self.0)
    }
}

impl std::error::Error for DateParseError {}

impl FromStr for When {
    type Err = DateParseError;

    /// Parses exactly what [`Display`](fmt::Display) writes (the stored form).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Ok(When::Day(d));
        }
        DateTime::parse_from_rfc3339(s)
            .map(When::Instant)
            .map_err(|_| DateParseError(s.to_string()))
    }
}

impl Serialize for When {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Where a date was read from. Later stages trust them in roughly this order: an archive's
/// capture time is a fact about the capture; structured metadata is what the publisher
/// declared; text lines and URLs are inferences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateSource {
    /// A web archive's record header (`WARC-Date`).
    Archive,
    /// A crawler's download time recorded beside the page (news-please `date_download`).
    Crawl,
    /// JSON-LD structured data (`datePublished`, `dateModified`).
    JsonLd,
    /// An HTML `<meta>` tag (`article:published_time`, `og:updated_time`, ...).
    MetaTag,
    /// An HTML `<time datetime=...>` element.
    TimeElement,
    /// A feed item's `pubDate`, `published` or `updated`.
    Feed,
    /// A field of a JSON record (`date_publish`, `published`, ...).
    JsonField,
    /// A header line of a text article (`Updated: April 24, 2026`).
    TextLine,
    /// Visible text of an HTML page (a date line near the headline).
    PageText,
    /// A date embedded in the URL path (`/2026/04/24/`).
    Url,
}

impl DateSource {
    /// The kebab-case name used in JSON and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Archive => "archive",
            DateSource::Crawl => "crawl",
            DateSource::JsonLd => "json-ld",
            DateSource::MetaTag => "meta-tag",
            DateSource::TimeElement => "time-element",
            DateSource::Feed => "feed",
            DateSource::JsonField => "json-field",
            DateSource::TextLine => "text-line",
            DateSource::PageText => "page-text",
            DateSource::Url => "url",
        }
    }

    /// Inverse of [`DateSource::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        ALL_DATE_SOURCES.iter().copied().find(|d| d.as_str() == s)
    }
}

const ALL_DATE_SOURCES: [DateSource; 10] = [
    DateSource::Archive,
    DateSource::Crawl,
    DateSource::JsonLd,
    DateSource::MetaTag,
    DateSource::TimeElement,
    DateSource::Feed,
    DateSource::JsonField,
    DateSource::TextLine,
    DateSource::PageText,
    DateSource::Url,
];

/// A date together with where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dated {
    /// The date itself.
    pub value: When,
    /// The kind of place it was read from.
    pub source: DateSource,
    /// The exact key or line it came from (`article:published_time`, `WARC-Date`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Dated {
    /// A date read from `source`, with the key or line that held it.
    pub fn new(value: When, source: DateSource, detail: impl Into<String>) -> Self {
        Self {
            value,
            source,
            detail: Some(detail.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_and_instant_round_trip_through_text() {
        for s in [
            "2026-04-24",
            "2026-04-24T09:30:00+02:00",
            "2023-01-10T00:00:00Z",
        ] {
            let w: When = s.parse().unwrap();
            assert_eq!(w.to_string(), s);
        }
    }

    #[test]
    fn an_instant_keeps_its_local_day() {
        let w: When = "2026-04-24T23:30:00-05:00".parse().unwrap();
        assert_eq!(w.day().to_string(), "2026-04-24");
    }

    #[test]
    fn garbage_is_an_error() {
        assert!("April 24".parse::<When>().is_err());
    }

    #[test]
    fn every_source_name_parses_back() {
        for s in ALL_DATE_SOURCES {
            assert_eq!(DateSource::parse(s.as_str()), Some(s));
        }
    }
}
