//! The store's promises, tested through its public API on a real SQLite file.

mod common;

use common::{day, temp_store};
use newstrace_model::{Article, ArticleId, DateSource, Dated, When};
use newstrace_store::{ErrorRecord, ListQuery, RunCounts, Store, StoreError};

const HARBOUR_TEXT: &str = "The harbour authority in Port Vellen said on Tuesday that the \
    northern quay will close for repairs until the end of May, after divers found cracks in \
    the pilings.";

/// A copy of a text at one outlet, titled after it.
fn copy(text: &str, outlet: &str, url: &str, published: Option<Dated>) -> Article {
    common::article(
        &format!("Quay closes ({outlet})"),
        text,
        outlet,
        url,
        published,
    )
}

#[test]
fn the_same_batch_twice_adds_nothing() {
    let (_dir, mut store) = temp_store();
    let batch = vec![copy(
        HARBOUR_TEXT,
        "Vellen Post",
        "https://post.example/q",
        Some(day(2026, 3, 2)),
    )];
    let first = store.insert_batch(&batch).unwrap();
    assert_eq!((first.new, first.seen_again, first.unchanged), (1, 0, 0));
    let again = store.insert_batch(&batch).unwrap();
    assert_eq!((again.new, again.seen_again, again.unchanged), (0, 0, 1));
    let counts = store.count().unwrap();
    assert_eq!((counts.articles, counts.sightings), (1, 1));
}

#[test]
fn another_copy_of_a_text_is_a_sighting_and_the_earliest_represents_it() {
    let late = copy(
        HARBOUR_TEXT,
        "Relay Daily",
        "https://relay.example/q",
        Some(day(2026, 3, 4)),
    );
    let early = copy(
        HARBOUR_TEXT,
        "Vellen Post",
        "https://post.example/q",
        Some(day(2026, 3, 2)),
    );
    // Whatever order the copies arrive in, the stored article is the same.
    let mut stored = Vec::new();
    for order in [[&late, &early], [&early, &late]] {
        let (_dir, mut store) = temp_store();
        for a in order {
            store.insert_batch(std::slice::from_ref(a)).unwrap();
        }
        let got = store.get(early.id.as_str()).unwrap().unwrap();
        assert_eq!(got.sightings, 2);
        assert_eq!(store.sightings(&early.id).unwrap().len(), 2);
        stored.push(got.article);
    }
    assert_eq!(stored[0], stored[1]);
    assert_eq!(stored[0].outlet.as_deref(), Some("Vellen Post"));
    assert_eq!(stored[0].published, Some(day(2026, 3, 2)));
}

#[test]
fn get_resolves_prefixes_and_external_ids_and_reports_ambiguity() {
    let (_dir, mut store) = temp_store();
    let mut a = copy(HARBOUR_TEXT, "Vellen Post", "https://post.example/q", None);
    a.external_id = Some("vp-17".into());
    store.insert_batch(&[a.clone()]).unwrap();
    let prefix = &a.id.as_str()[..6];
    assert_eq!(store.get(prefix).unwrap().unwrap().article.id, a.id);
    assert_eq!(store.get("vp-17").unwrap().unwrap().article.id, a.id);
    assert!(store.get("ffff0000ffff0000").unwrap().is_none());
    assert!(
        store.get(&a.id.as_str()[..3]).unwrap().is_none(),
        "3 hex digits are too short"
    );

    // Many texts make some 4-digit prefix shared by two ids sooner or later; find one.
    let mut ids = Vec::new();
    for i in 0..400 {
        let b = copy(
            &format!("{HARBOUR_TEXT} Paragraph {i}."),
            "X",
            "https://x.example",
            None,
        );
        ids.push(b.id.as_str().to_string());
        store.insert_batch(&[b]).unwrap();
    }
    ids.sort();
    let shared = ids
        .windows(2)
        .find(|w| w[0][..4] == w[1][..4])
        .map(|w| w[0][..4].to_string());
    if let Some(p) = shared {
        assert!(matches!(store.get(&p), Err(StoreError::Ambiguous { .. })));
    }
}

#[test]
fn search_finds_stemmed_words_and_survives_hostile_queries() {
    let (_dir, mut store) = temp_store();
    store
        .insert_batch(&[copy(
            HARBOUR_TEXT,
            "Vellen Post",
            "https://post.example/q",
            None,
        )])
        .unwrap();
    let hits = store.search("crack pilings", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert!(
        hits[0].snippet.contains('['),
        "snippet marks the match: {}",
        hits[0].snippet
    );
    for hostile in ["\"", "AND OR NOT", "quay)", "NEAR(", "-", "*", "col:x"] {
        store.search(hostile, 10).unwrap();
    }
    assert!(store.search("volcano", 10).unwrap().is_empty());
}

#[test]
fn list_pages_in_publication_order() {
    let (_dir, mut store) = temp_store();
    let texts = [
        "First harbour story text that is long enough.",
        "Second harbour story text, also long.",
        "Third one, undated but long enough.",
    ];
    let dates = [Some(day(2026, 3, 5)), Some(day(2026, 3, 1)), None];
    for (t, d) in texts.iter().zip(dates) {
        store
            .insert_batch(&[copy(t, "Vellen Post", "https://p.example", d)])
            .unwrap();
    }
    let all = store
        .list(&ListQuery {
            limit: 10,
            ..ListQuery::default()
        })
        .unwrap();
    let order: Vec<_> = all.iter().map(|s| s.published.clone()).collect();
    assert_eq!(
        order,
        vec![Some(day(2026, 3, 1)), Some(day(2026, 3, 5)), None]
    );
    let page = store
        .list(&ListQuery {
            limit: 1,
            offset: 1,
            ..ListQuery::default()
        })
        .unwrap();
    assert_eq!(page[0].published, Some(day(2026, 3, 5)));
}

#[test]
fn runs_and_their_errors_are_logged() {
    let (_dir, mut store) = temp_store();
    let run = store.begin_run(&["feeds/".to_string()]).unwrap();
    let err = ErrorRecord {
        path: "feeds/a.jsonl".into(),
        record: Some(3),
        offset: Some(812),
        kind: "malformed".into(),
        message: "expected value at line 1 column 1".into(),
    };
    store.record_error(run, &err).unwrap();
    let unfinished = store.runs(5).unwrap();
    assert_eq!(unfinished[0].finished_at, None);
    store
        .finish_run(
            run,
            &RunCounts {
                inputs: 1,
                read: 4,
                new_articles: 3,
                failed: 1,
                ..RunCounts::default()
            },
        )
        .unwrap();
    let runs = store.runs(5).unwrap();
    assert_eq!(runs[0].inputs, vec!["feeds/".to_string()]);
    assert_eq!(runs[0].counts.unwrap().new_articles, 3);
    assert_eq!(store.run_errors(run).unwrap(), vec![err]);
}

#[test]
fn reopening_keeps_everything_and_the_schema_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    {
        let mut store = Store::open(&path).unwrap();
        store
            .insert_batch(&[copy(
                HARBOUR_TEXT,
                "Vellen Post",
                "https://post.example/q",
                None,
            )])
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.count().unwrap().articles, 1);
    assert!(store.schema_version().unwrap() >= 1);
}

#[test]
fn the_profile_counts_languages_outlets_dates_and_copies() {
    let (_dir, mut store) = temp_store();
    store
        .insert_batch(&[
            copy(
                HARBOUR_TEXT,
                "Vellen Post",
                "https://post.example/q",
                Some(day(2026, 3, 2)),
            ),
            copy(
                HARBOUR_TEXT,
                "Relay Daily",
                "https://relay.example/q",
                Some(day(2026, 3, 4)),
            ),
            copy(
                "An unrelated and undated story about a bakery.",
                "Relay Daily",
                "https://relay.example/b",
                None,
            ),
        ])
        .unwrap();
    let p = store.profile(5).unwrap();
    assert_eq!(p.undated, 1);
    assert_eq!(
        p.published_range,
        Some(("2026-03-02".into(), "2026-03-02".into()))
    );
    assert_eq!(p.most_sighted.len(), 1);
    assert_eq!(p.most_sighted[0].sightings, 2);
    assert_eq!(p.outlets.iter().map(|(_, n)| n).sum::<u64>(), 2);
}

#[test]
fn a_precise_time_represents_the_article_over_a_bare_day_on_the_same_date() {
    let stamped = Dated::new(
        When::Instant(chrono::DateTime::parse_from_rfc3339("2026-03-02T07:40:00Z").unwrap()),
        DateSource::JsonLd,
        "datePublished",
    );
    let (_dir, mut store) = temp_store();
    let bare = copy(
        HARBOUR_TEXT,
        "Mirror",
        "https://mirror.example/q",
        Some(day(2026, 3, 2)),
    );
    let wire = copy(
        HARBOUR_TEXT,
        "Wire",
        "https://wire.example/q",
        Some(stamped),
    );
    store.insert_batch(&[bare, wire]).unwrap();
    let id = ArticleId::for_text(HARBOUR_TEXT);
    let got = store.get(id.as_str()).unwrap().unwrap();
    assert_eq!(got.article.outlet.as_deref(), Some("Wire"));
    // A copy dated a day earlier still wins: days are compared first.
    let earlier = copy(
        HARBOUR_TEXT,
        "Early",
        "https://early.example/q",
        Some(day(2026, 3, 1)),
    );
    store.insert_batch(&[earlier]).unwrap();
    let got = store.get(id.as_str()).unwrap().unwrap();
    assert_eq!(got.article.outlet.as_deref(), Some("Early"));
}

#[test]
fn analyses_are_stored_by_version_and_stale_ones_are_listed_for_redoing() {
    let (_dir, mut store) = temp_store();
    let a = copy(HARBOUR_TEXT, "Vellen Post", "https://post.example/q", None);
    store.insert_batch(std::slice::from_ref(&a)).unwrap();
    assert_eq!(store.needing_analysis(1, 10).unwrap(), vec![a.id.clone()]);
    let analysis = newstrace_model::Analysis {
        version: 1,
        ..Default::default()
    };
    store
        .save_analyses(&[(a.id.clone(), analysis.clone())])
        .unwrap();
    assert!(store.needing_analysis(1, 10).unwrap().is_empty());
    assert_eq!(store.analysis(&a.id).unwrap(), Some(analysis));
    // A newer analyser redoes it.
    assert_eq!(store.needing_analysis(2, 10).unwrap(), vec![a.id]);
}

#[test]
fn analyses_and_findings_of_an_article_not_stored_are_refused() {
    let (_dir, mut store) = temp_store();
    let stored = copy(HARBOUR_TEXT, "Vellen Post", "https://post.example/q", None);
    store.insert_batch(std::slice::from_ref(&stored)).unwrap();
    let missing = ArticleId::for_text("A text that was never stored.");
    let analysis = newstrace_model::Analysis {
        version: 1,
        ..Default::default()
    };
    // Not given the next free number, which could be another article's.
    let refused = store.save_analyses(&[
        (stored.id.clone(), analysis.clone()),
        (missing.clone(), analysis),
    ]);
    assert!(
        matches!(&refused, Err(StoreError::NotStored(id)) if id == missing.as_str()),
        "{refused:?}"
    );
    // The batch's transaction kept nothing.
    assert_eq!(store.analysis(&stored.id).unwrap(), None);
    let refused = store.save_findings("k1", &[(missing.clone(), Vec::new())]);
    assert!(
        matches!(refused, Err(StoreError::NotStored(_))),
        "{refused:?}"
    );
}

#[test]
fn findings_are_stored_by_check_key_and_redone_for_another() {
    let (_dir, mut store) = temp_store();
    let a = copy(HARBOUR_TEXT, "Vellen Post", "https://post.example/q", None);
    store.insert_batch(std::slice::from_ref(&a)).unwrap();
    // Only analysed articles are checked.
    assert!(store.needing_check("k1", 10).unwrap().is_empty());
    let analysis = newstrace_model::Analysis {
        version: 1,
        ..Default::default()
    };
    store.save_analyses(&[(a.id.clone(), analysis)]).unwrap();
    assert_eq!(store.needing_check("k1", 10).unwrap(), vec![a.id.clone()]);
    store
        .save_findings("k1", &[(a.id.clone(), Vec::new())])
        .unwrap();
    assert!(store.needing_check("k1", 10).unwrap().is_empty());
    assert_eq!(store.findings(&a.id).unwrap(), Some(Vec::new()));
    assert_eq!(store.needing_check("k2", 10).unwrap(), vec![a.id]);
}

#[test]
fn stories_keep_their_ids_and_record_merges() {
    let (_dir, mut store) = temp_store();
    let texts = [
        "First text about the harbour quay.",
        "Second text about the quay repairs.",
        "Third text, about the bakery fire.",
        "Fourth text joining both.",
    ];
    let ids: Vec<ArticleId> = texts.iter().map(|t| ArticleId::for_text(t)).collect();
    for t in texts {
        store
            .insert_batch(&[copy(t, "X", "https://x.example", None)])
            .unwrap();
    }
    let s1 = store.assign_story(&ids[0], &[]).unwrap();
    assert_eq!(
        store
            .assign_story(&ids[1], std::slice::from_ref(&ids[0]))
            .unwrap(),
        s1
    );
    let s2 = store.assign_story(&ids[2], &[]).unwrap();
    assert_ne!(s1, s2);
    // An article related to both stories merges them into the older id.
    assert_eq!(
        store
            .assign_story(&ids[3], &[ids[1].clone(), ids[2].clone()])
            .unwrap(),
        s1.min(s2)
    );
    let stories = store.stories().unwrap();
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0].articles.len(), 4);
}

fn signal(kind: newstrace_model::SignalKind) -> newstrace_model::Signal {
    newstrace_model::Signal {
        kind,
        reason: "test".into(),
        spans: Vec::new(),
    }
}

fn finding(kind: newstrace_model::FindingKind) -> newstrace_model::Finding {
    newstrace_model::Finding {
        kind,
        claim: "claim".into(),
        span: newstrace_model::Span::new(0, 5),
        verdict: newstrace_model::Verdict::Contradicted,
        expected: None,
        kb_fact: None,
        source: None,
        reason: "test".into(),
        other_spans: Vec::new(),
    }
}

fn filter_ids(store: &Store, filter: &newstrace_store::ArticleFilter) -> Vec<ArticleId> {
    let hits = store.filtered(filter, 50, 0).unwrap();
    assert_eq!(store.count_filtered(filter).unwrap(), hits.len() as u64);
    let mut ids: Vec<ArticleId> = hits.into_iter().map(|h| h.article.id).collect();
    ids.sort();
    ids
}

#[test]
fn signal_and_finding_filters_follow_saved_and_replaced_analyses() {
    use newstrace_model::{Analysis, FindingKind, SignalKind};
    use newstrace_store::ArticleFilter;
    let (_dir, mut store) = temp_store();
    let texts = [
        HARBOUR_TEXT,
        "Ferry services between Port Vellen and Saltmere resumed on Monday after a storm.",
        "The harbour council of Saltmere approved a new budget for the ferry terminal.",
    ];
    let articles: Vec<Article> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| copy(t, "Vellen Post", &format!("https://post.example/{i}"), None))
        .collect();
    store.insert_batch(&articles).unwrap();
    let [a, b, c] = [0, 1, 2].map(|i| articles[i].id.clone());
    let analysis = |signals: Vec<SignalKind>| Analysis {
        version: 1,
        signals: signals.into_iter().map(signal).collect(),
        ..Default::default()
    };
    store
        .save_analyses(&[
            (
                a.clone(),
                analysis(vec![SignalKind::AiByline, SignalKind::FillerDensity]),
            ),
            (b.clone(), analysis(vec![SignalKind::AiByline])),
            (c.clone(), analysis(vec![])),
        ])
        .unwrap();
    store
        .save_findings(
            "k1",
            &[
                (a.clone(), vec![finding(FindingKind::EventDate)]),
                (
                    c.clone(),
                    vec![
                        finding(FindingKind::RoleTerm),
                        finding(FindingKind::RoleTerm),
                    ],
                ),
            ],
        )
        .unwrap();
    let by_signal = |kind: &str| ArticleFilter {
        signal: Some(kind.into()),
        ..Default::default()
    };
    let by_finding = |kind: &str| ArticleFilter {
        finding: Some(kind.into()),
        ..Default::default()
    };
    let mut ab = vec![a.clone(), b.clone()];
    ab.sort();
    assert_eq!(filter_ids(&store, &by_signal("ai-byline")), ab);
    assert_eq!(
        filter_ids(&store, &by_signal("filler-density")),
        std::slice::from_ref(&a)
    );
    assert!(filter_ids(&store, &by_signal("llm-leftover")).is_empty());
    assert_eq!(
        filter_ids(&store, &by_finding("event-date")),
        std::slice::from_ref(&a)
    );
    // Two findings of one kind list the article once.
    assert_eq!(
        filter_ids(&store, &by_finding("role-term")),
        std::slice::from_ref(&c)
    );
    // Filters combine with each other and with full-text search.
    let both = ArticleFilter {
        signal: Some("ai-byline".into()),
        finding: Some("event-date".into()),
        ..Default::default()
    };
    assert_eq!(filter_ids(&store, &both), std::slice::from_ref(&a));
    let ferry = ArticleFilter {
        text: Some("ferry".into()),
        signal: Some("ai-byline".into()),
        ..Default::default()
    };
    assert_eq!(filter_ids(&store, &ferry), std::slice::from_ref(&b));
    assert_eq!(store.findings_count(None).unwrap(), 2);
    assert_eq!(store.findings_count(Some("role-term")).unwrap(), 1);
    let page = store.findings_page(Some("role-term"), 10, 0).unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!((&page[0].0, page[0].1.len()), (&c, 2));

    // Replacing an analysis or a finding list replaces what the filters see.
    store
        .save_analyses(&[
            (a.clone(), analysis(vec![SignalKind::RepeatedPassage])),
            (c.clone(), analysis(vec![SignalKind::AiByline])),
        ])
        .unwrap();
    store
        .save_findings("k2", &[(a.clone(), Vec::new())])
        .unwrap();
    let mut bc = vec![b.clone(), c.clone()];
    bc.sort();
    assert_eq!(filter_ids(&store, &by_signal("ai-byline")), bc);
    assert!(filter_ids(&store, &by_signal("filler-density")).is_empty());
    assert_eq!(filter_ids(&store, &by_signal("repeated-passage")), [a]);
    assert!(filter_ids(&store, &by_finding("event-date")).is_empty());
    assert_eq!(store.findings_count(None).unwrap(), 1);
    assert_eq!(filter_ids(&store, &by_finding("role-term")), [c]);
}

#[test]
fn search_ranks_best_first_pages_without_overlap_and_snippets_each_hit() {
    use newstrace_store::ArticleFilter;
    let (_dir, mut store) = temp_store();
    // The title counts five times the text, so the one with the word in its title leads;
    // the rest tie and come in the order they were stored.
    let mut articles: Vec<Article> = (0..5)
        .map(|i| {
            copy(
                &format!("Story {i}: the ferry to Saltmere ran late, number {i} of five."),
                "Vellen Post",
                &format!("https://post.example/{i}"),
                None,
            )
        })
        .collect();
    articles[3].title = Some("Ferry news".into());
    store.insert_batch(&articles).unwrap();
    let hits = store.search("ferry", 10).unwrap();
    let order: Vec<&ArticleId> = hits.iter().map(|h| &h.article.id).collect();
    let expected: Vec<&ArticleId> = [3, 0, 1, 2, 4].iter().map(|&i| &articles[i].id).collect();
    assert_eq!(order, expected);
    assert!(hits.windows(2).all(|w| w[0].rank <= w[1].rank));
    for (hit, i) in hits.iter().zip([3, 0, 1, 2, 4]) {
        // Each hit carries the snippet of its own text.
        assert!(
            hit.snippet.contains(&format!("number {i}")) && hit.snippet.contains("[ferry]"),
            "{}",
            hit.snippet
        );
    }
    let text = ArticleFilter {
        text: Some("ferry".into()),
        ..Default::default()
    };
    let pages: Vec<ArticleId> = [0, 2, 4]
        .iter()
        .flat_map(|&offset| store.filtered(&text, 2, offset).unwrap())
        .map(|h| h.article.id)
        .collect();
    assert_eq!(pages.iter().collect::<Vec<_>>(), expected);
    assert_eq!(store.count_filtered(&text).unwrap(), 5);
}
