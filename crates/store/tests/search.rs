//! Full-text search through the store's public API: the index beside the store file follows
//! it across crashes, changes and filters.

mod common;

use common::{day, temp_store as temp};
use newstrace_model::{Article, ArticleId, Dated};
use newstrace_store::{ArticleFilter, Store};

/// An article whose URL is made from its outlet and text length.
fn article(title: &str, text: &str, outlet: &str, published: Option<Dated>) -> Article {
    let url = format!("https://{outlet}.example/{}", text.len());
    common::article(title, text, outlet, &url, published)
}

fn ids(hits: &[newstrace_store::SearchHit]) -> Vec<ArticleId> {
    hits.iter().map(|h| h.article.id.clone()).collect()
}

fn corpus() -> Vec<Article> {
    vec![
        article(
            "Ferry breakdown",
            "The ferry to Saltmere broke down off the northern quay on Tuesday.",
            "vellen",
            Some(day(2026, 3, 2)),
        ),
        article(
            "Café reopens",
            "The harbour café in Zürich reopened after the repairs were finished.",
            "relay",
            Some(day(2026, 4, 10)),
        ),
        article(
            "Hospital news",
            "Nurses at the regional hospital protested against the new rota.",
            "vellen",
            Some(day(2026, 5, 20)),
        ),
        article(
            "Minister visits",
            "The minister of transport visited the harbour and promised new ferries.",
            "relay",
            None,
        ),
    ]
}

#[test]
fn articles_stored_without_a_sync_are_found_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let articles = corpus();
    {
        let mut store = Store::open(&path).unwrap();
        store.insert_batch(&articles[..2]).unwrap();
        assert_eq!(store.sync_search_index().unwrap().changed, 2);
        // Stored, then the process dies before the index commits them.
        store.insert_batch(&articles[2..]).unwrap();
    }
    assert!(dir.path().join("s.db.search").is_dir());
    let store = Store::open(&path).unwrap();
    assert_eq!(
        ids(&store.search("hospital", 10).unwrap()),
        [articles[2].id.clone()]
    );
    assert_eq!(
        ids(&store.search("minister", 10).unwrap()),
        [articles[3].id.clone()]
    );
    assert_eq!(store.search("harbour", 10).unwrap().len(), 2);
    // Nothing left to do: syncing again changes nothing.
    assert_eq!(store.sync_search_index().unwrap().changed, 0);
}

#[test]
fn a_read_only_store_catches_the_index_up_and_sees_later_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");
    let articles = corpus();
    {
        let mut store = Store::open(&path).unwrap();
        store.insert_batch(&articles[..1]).unwrap();
    }
    let reader = Store::open_read_only(&path).unwrap();
    let ferry = ArticleFilter {
        text: Some("ferry".into()),
        ..Default::default()
    };
    assert_eq!(reader.count_filtered(&ferry).unwrap(), 1);
    let mut writer = Store::open(&path).unwrap();
    writer.insert_batch(&articles[1..]).unwrap();
    writer.sync_search_index().unwrap();
    // The writer holds the index's lock; the reader sees its commit.
    assert_eq!(reader.count_filtered(&ferry).unwrap(), 2);
}

#[test]
fn a_new_representative_replaces_the_indexed_title() {
    let (_dir, store) = temp();
    let mut store = store;
    let text = "Divers found cracks in the pilings of the northern quay.";
    let late = article("Pilings report", text, "relay", Some(day(2026, 3, 9)));
    store.insert_batch(std::slice::from_ref(&late)).unwrap();
    assert_eq!(store.search("report", 10).unwrap().len(), 1);
    // An earlier copy with another headline becomes the article's representative.
    let mut early = article("Quay cracked", text, "vellen", Some(day(2026, 3, 1)));
    early.url = Some("https://vellen.example/early".into());
    store.insert_batch(std::slice::from_ref(&early)).unwrap();
    let hits = store.search("cracked", 10).unwrap();
    assert_eq!(ids(&hits), vec![late.id.clone()]);
    assert_eq!(hits[0].article.title.as_deref(), Some("Quay cracked"));
    assert!(store.search("report", 10).unwrap().is_empty());
    assert_eq!(store.search("pilings", 10).unwrap().len(), 1);
}

#[test]
fn prefixes_diacritics_and_stems_match() {
    let (_dir, mut store) = temp();
    let articles = corpus();
    store.insert_batch(&articles).unwrap();
    let found = |q: &str| ids(&store.search(q, 10).unwrap());
    // Stems: `ferries` and `ferry`, `protest` and `protested`.
    assert_eq!(found("ferries").len(), 2);
    assert_eq!(found("protest"), vec![articles[2].id.clone()]);
    // Diacritics fold both ways.
    assert_eq!(found("cafe zurich"), vec![articles[1].id.clone()]);
    assert_eq!(found("CAFÉ"), vec![articles[1].id.clone()]);
    // A prefix, of the word or of its stem.
    assert_eq!(found("hosp*"), vec![articles[2].id.clone()]);
    assert_eq!(found("repair*"), vec![articles[1].id.clone()]);
    assert_eq!(found("reopened*"), vec![articles[1].id.clone()]);
    assert!(found("zzz*").is_empty());
    // Every word must match.
    assert!(found("ferry hospital").is_empty());
    let hits = store.search("harb* minister", 10).unwrap();
    assert_eq!(ids(&hits), vec![articles[3].id.clone()]);
    assert!(hits[0].snippet.contains("[minister]") && hits[0].snippet.contains("[harbour]"));
}

#[test]
fn hostile_input_is_never_an_error() {
    let (_dir, mut store) = temp();
    store.insert_batch(&corpus()).unwrap();
    for q in [
        "\"",
        "AND OR NOT",
        "quay)",
        "NEAR(",
        "-",
        "*",
        "col:x",
        "title:ferry",
        "a\"b*c",
        "((((",
        "ferry^9",
        "[1 TO 5]",
        "'",
        "\\",
        "\u{0}",
        "日本語",
        "ferry~2",
    ] {
        store.search(q, 10).unwrap();
        let f = ArticleFilter {
            text: Some(q.into()),
            ..Default::default()
        };
        store.filtered(&f, 10, 0).unwrap();
        store.count_filtered(&f).unwrap();
    }
    // Operators are words like any other.
    assert!(store.search("ferry OR hospital", 10).unwrap().is_empty());
    assert_eq!(store.search("title:ferry", 10).unwrap().len(), 0);
    assert_eq!(store.search("(ferry^)", 10).unwrap().len(), 2);
}

#[test]
fn filters_narrow_a_search_and_its_count() {
    let (_dir, mut store) = temp();
    let articles = corpus();
    store.insert_batch(&articles).unwrap();
    let search = |f: ArticleFilter| {
        let hits: Vec<ArticleId> = store
            .filtered(&f, 10, 0)
            .unwrap()
            .into_iter()
            .map(|h| h.article.id)
            .collect();
        let total = store.count_filtered(&f).unwrap();
        // A paged list asks for both in one call: the same page, the same total.
        let (together, together_total) = store.filtered_with_total(&f, 10, 0).unwrap();
        let together: Vec<ArticleId> = together.into_iter().map(|h| h.article.id).collect();
        assert_eq!((&together, together_total), (&hits, total), "{f:?}");
        (hits, total)
    };
    let harbour = ArticleFilter {
        text: Some("harbour".into()),
        ..Default::default()
    };
    assert_eq!(search(harbour.clone()).1, 2);
    let relay = ArticleFilter {
        outlet: Some("relay".into()),
        ..harbour.clone()
    };
    let (hits, n) = search(relay);
    assert_eq!(n, 2);
    assert_eq!(hits.len(), 2);
    let april = ArticleFilter {
        published_from: Some(day(2026, 4, 1).value.timestamp()),
        published_until: Some(day(2026, 5, 1).value.timestamp()),
        ..harbour.clone()
    };
    assert_eq!(search(april), (vec![articles[1].id.clone()], 1));
    let nobody = ArticleFilter {
        outlet: Some("nobody".into()),
        ..harbour
    };
    assert_eq!(search(nobody), (vec![], 0));
    // Without a full-text query the list comes from the store alone, oldest first.
    let (listed, n) = search(ArticleFilter {
        outlet: Some("relay".into()),
        ..Default::default()
    });
    assert_eq!(listed.len() as u64, n);
    assert!(n >= 2);
}

#[test]
fn ties_page_in_storage_order_and_pages_never_overlap() {
    let (_dir, mut store) = temp();
    let articles: Vec<Article> = (0..30)
        .map(|i| {
            article(
                "Notice",
                &format!("Notice {i:02}: the quay is closed today."),
                "vellen",
                None,
            )
        })
        .collect();
    store.insert_batch(&articles).unwrap();
    let quay = ArticleFilter {
        text: Some("quay".into()),
        ..Default::default()
    };
    let pages: Vec<ArticleId> = (0..6)
        .flat_map(|p| store.filtered(&quay, 5, p * 5).unwrap())
        .map(|h| h.article.id)
        .collect();
    let stored: Vec<ArticleId> = articles.iter().map(|a| a.id.clone()).collect();
    assert_eq!(pages, stored);
    assert_eq!(store.count_filtered(&quay).unwrap(), 30);
    assert!(store.filtered(&quay, 5, 30).unwrap().is_empty());
}

#[test]
fn an_index_left_by_another_store_file_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    let articles = corpus();
    {
        let mut store = Store::open(&path).unwrap();
        store.insert_batch(&articles).unwrap();
        assert_eq!(store.search("hospital", 10).unwrap().len(), 1);
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.path().join(format!("x.db{suffix}")));
    }
    let mut store = Store::open(&path).unwrap();
    store.insert_batch(&articles[..1]).unwrap();
    assert!(store.search("hospital", 10).unwrap().is_empty());
    assert_eq!(store.search("ferry", 10).unwrap().len(), 1);
}

#[test]
fn staged_batches_are_searchable_at_once_here_and_after_a_crash_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("st.db");
    let articles = corpus();
    {
        let mut store = Store::open(&path).unwrap();
        store.insert_batch(&articles[..1]).unwrap();
        store.stage_search_index().unwrap();
        store.insert_batch(&articles[1..2]).unwrap();
        store.stage_search_index().unwrap();
        // A search in this process commits what is pending.
        assert_eq!(store.search("cafe", 10).unwrap().len(), 1);
        store.insert_batch(&articles[2..]).unwrap();
        store.stage_search_index().unwrap();
        // Dropped with documents given to the writer but perhaps not committed.
    }
    let store = Store::open_read_only(&path).unwrap();
    let all = ArticleFilter {
        text: Some("the".into()),
        ..Default::default()
    };
    assert_eq!(store.count_filtered(&all).unwrap(), 4);
}
