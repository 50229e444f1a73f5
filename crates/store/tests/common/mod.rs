//! Builders the store's test files share.

use chrono::NaiveDate;
use newstrace_model::{Article, ArticleId, DateSource, Dated, InputFormat, RecordOrigin, When};
use newstrace_store::Store;

/// A publication date of day precision, as a JSON field gives it.
pub fn day(y: i32, m: u32, d: u32) -> Dated {
    Dated::new(
        When::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap()),
        DateSource::JsonField,
        "published",
    )
}

/// An article from a JSON file named after its outlet, its id taken from its text.
pub fn article(
    title: &str,
    text: &str,
    outlet: &str,
    url: &str,
    published: Option<Dated>,
) -> Article {
    Article {
        id: ArticleId::for_text(text),
        external_id: None,
        title: Some(title.to_string()),
        byline: None,
        outlet: Some(outlet.to_string()),
        url: Some(url.to_string()),
        description: None,
        text: text.to_string(),
        lang: None,
        published,
        updated: None,
        first_seen: None,
        origin: RecordOrigin::file(format!("{outlet}.json"), InputFormat::Json),
    }
}

/// A fresh store file in a temporary directory (kept alive by the returned guard).
pub fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("t.db")).unwrap();
    (dir, store)
}
