//! RSS 2.0, RSS 1.0 (RDF) and Atom feeds through `feed-rs`: one record per item or entry.
//!
//! Record origins carry the item's 1-based index but no byte offset: feed-rs does not expose
//! element positions, and re-scanning the XML to find them is not worth it for feeds.

use super::{Emit, Reader, read_whole};
use crate::error::{ErrorKind, RecordError};
use crate::extract::fragment::fragment_to_text;
use crate::input::Opened;
use crate::limits::Limits;
use crate::raw::{Body, RawDoc, RawMeta};
use chrono::{DateTime, Utc};
use feed_rs::model::{Entry, FeedType};
use newstrace_model::{DateSource, Dated, InputFormat, RecordOrigin, When};

/// Reader for RSS and Atom feeds.
pub struct FeedReader;

impl Reader for FeedReader {
    fn read(&self, input: &mut Opened, limits: &Limits, emit: &mut Emit<'_>) {
        let path = input.display.clone();
        let bytes = match read_whole(input, limits) {
            Ok(b) => b,
            Err(e) => return emit(Err(e)),
        };
        let feed = match feed_rs::parser::parse(&bytes[..]) {
            Ok(f) => f,
            Err(e) => {
                return emit(Err(RecordError::new(
                    RecordOrigin::file(path.clone(), input.format),
                    ErrorKind::Malformed,
                    format!("{path}: not a readable feed: {e}"),
                )));
            }
        };
        let atom = feed.feed_type == FeedType::Atom;
        let format = if atom {
            InputFormat::Atom
        } else {
            InputFormat::Rss
        };
        let outlet = feed
            .title
            .as_ref()
            .map(|t| outlet_from_feed_title(&t.content))
            .filter(|t| !t.is_empty());
        for (i, entry) in feed.entries.into_iter().enumerate() {
            let origin = RecordOrigin::record(path.clone(), format, i as u64 + 1, None);
            emit(item(entry, origin, atom, outlet.clone()));
        }
    }
}

/// One item as a record: full content when the feed carries it, else the summary.
fn item(
    entry: Entry,
    origin: RecordOrigin,
    atom: bool,
    outlet: Option<String>,
) -> Result<RawDoc, RecordError> {
    let summary = entry
        .summary
        .map(|t| t.content)
        .filter(|s| !s.trim().is_empty());
    let content = entry
        .content
        .and_then(|c| c.body)
        .filter(|s| !s.trim().is_empty());
    let Some(markup) = content.or_else(|| summary.clone()) else {
        return Err(RecordError::new(
            origin,
            ErrorKind::NoContent,
            "item has neither content nor a description",
        ));
    };
    let instant = |t: DateTime<Utc>| When::Instant(t.fixed_offset());
    let published = entry.published.map(|t| {
        Dated::new(
            instant(t),
            DateSource::Feed,
            if atom { "published" } else { "pubDate" },
        )
    });
    // feed-rs copies an RSS pubDate into `updated`; only a distinct value is an update.
    let updated = entry
        .updated
        .filter(|u| Some(*u) != entry.published)
        .map(|t| Dated::new(instant(t), DateSource::Feed, "updated"));
    let authors: Vec<String> = entry
        .authors
        .iter()
        .filter_map(|p| p.name.as_deref().map(str::trim))
        .map(str::to_string)
        .filter(|n| !n.is_empty())
        .collect();
    let meta = RawMeta {
        title: entry
            .title
            .map(|t| t.content)
            .filter(|t| !t.trim().is_empty()),
        byline: (!authors.is_empty()).then(|| authors.join(", ")),
        outlet,
        url: entry.links.first().map(|l| l.href.clone()),
        description: summary
            .map(|s| fragment_to_text(&s))
            .filter(|s| !s.is_empty()),
        published,
        updated,
        lang: entry.language,
        ..RawMeta::default()
    };
    Ok(RawDoc {
        origin,
        body: Body::Fragment(markup),
        meta,
    })
}

/// The outlet a feed's title names: `Harbour Daily - News` and `Baltic Morning | Latest` are
/// the outlet plus a section word that feeds add; the section is dropped only when it is one
/// of those generic words, so `Reuters - Africa` or `Kyiv Post - Ukraine` stay whole.
fn outlet_from_feed_title(title: &str) -> String {
    const SECTIONS: &[&str] = &[
        "news",
        "latest",
        "latest news",
        "top stories",
        "headlines",
        "home",
        "home page",
        "rss",
        "rss feed",
        "feed",
        "all",
        "all stories",
        "all news",
        "breaking news",
        "frontpage",
        "front page",
        "homepage",
    ];
    let title = title.trim();
    for sep in [" - ", " | ", " — ", " – ", ": "] {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let tail = tail.trim().to_lowercase();
            if !head.trim().is_empty() && SECTIONS.contains(&tail.as_str()) {
                return outlet_from_feed_title(head);
            }
        }
    }
    title.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod outlet_tests {
    use super::outlet_from_feed_title;

    #[test]
    fn generic_section_suffixes_are_dropped_from_feed_titles() {
        assert_eq!(
            outlet_from_feed_title("Harbour Daily - News"),
            "Harbour Daily"
        );
        assert_eq!(
            outlet_from_feed_title("Baltic Morning | Latest News"),
            "Baltic Morning"
        );
        assert_eq!(
            outlet_from_feed_title("Example Post - Africa"),
            "Example Post - Africa"
        );
        assert_eq!(outlet_from_feed_title("  News  "), "News");
    }
}
