//! Tests of whole pages on a store built by hand: a three-article story with a relay, a
//! rewrite, a second sighting and an outside source, and a lone article full of hostile
//! markup.

use crate::*;
use newstrace_model::{
    AlignedSentences, Analysis, Article, ArticleId, DateSource, Dated, Entity, EntityKind, Finding,
    FindingKind, InputFormat, PairEvidence, RecordOrigin, Relation, RelationKind, SourceKind, Span,
    UpstreamSource, Verdict, When,
};
use scraper::{Html, Selector};

const WIRE: &str = "Nordwire reports that Karin Ostrowska met NATO officials in Riga on Monday.\n\nThe deal is worth €1.4 billion.";
const RELAY: &str = "Karin Ostrowska met NATO officials in Riga, Nordwire reported.\n\nThe deal, AFP said, is worth €1.4 billion.";
const REWRITE: &str = "In today's landscape, officials met in Riga. It is worth noting the deal is worth €1.4 billion.";
pub(crate) const HOSTILE_TEXT: &str = "<script>alert(1)</script> and <img src=x onerror=alert(1)> and \" onmouseover=\"alert(1) end </script>";

fn day(s: &str) -> Option<Dated> {
    let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    Some(Dated::new(When::Day(d), DateSource::JsonField, "published"))
}

fn article(text: &str, outlet: &str, url: &str, title: &str, date: &str) -> Article {
    Article {
        id: ArticleId::for_text(text),
        external_id: None,
        title: Some(title.into()),
        byline: None,
        outlet: Some(outlet.into()),
        url: Some(url.into()),
        description: None,
        text: text.into(),
        lang: None,
        published: day(date),
        updated: None,
        first_seen: None,
        origin: RecordOrigin::file("fixture.jsonl", InputFormat::Jsonl),
    }
}

fn find(text: &str, needle: &str) -> Span {
    let start = text.find(needle).expect("needle in fixture text");
    Span::new(start, start + needle.len())
}

/// The fixture texts end in the sentence with the figure.
fn last_sentence(text: &str) -> Span {
    let start = text
        .rfind("\n\n")
        .or_else(|| text.rfind(". "))
        .map_or(0, |i| i + 2);
    Span::new(start, text.len())
}

fn relation(a: &str, b: &str, kind: RelationKind, score: f32) -> Relation {
    Relation {
        source: ArticleId::for_text(a),
        derived: ArticleId::for_text(b),
        kind,
        score,
        directed: true,
        reason: format!("{kind:?} because the fixture says so"),
        evidence: PairEvidence {
            aligned: vec![AlignedSentences {
                a: last_sentence(a),
                b: last_sentence(b),
                score: 0.8,
            }],
            coverage_a: 0.7,
            coverage_b: 0.6,
            shared_entities: vec!["Riga".into(), "<b>NATO</b>".into()],
            shared_numbers: vec!["1.4".into()],
            only_in_a: vec![],
            only_in_b: vec![],
            jaccard: 0.4,
            credit: None,
        },
    }
}

fn entity(text: &str, name: &str, kind: EntityKind) -> Entity {
    Entity {
        text: name.into(),
        kind,
        canonical: name.into(),
        kb_id: None,
        role: None,
        aliases: vec![],
        spans: vec![find(text, name)],
        reason: "fixture".into(),
    }
}

/// The fixture store.
pub(crate) fn store() -> newstrace_store::Store {
    let mut s = newstrace_store::Store::open_in_memory().unwrap();
    let wire = article(
        WIRE,
        "Nordwire",
        "https://nordwire.example/a",
        "Deal signed",
        "2026-03-03",
    );
    let mut mirror = wire.clone();
    mirror.outlet = Some("Mirror News".into());
    mirror.url = Some("https://mirror.example/a".into());
    mirror.published = day("2026-03-05");
    let relay = article(
        RELAY,
        "Capital Ledger",
        "https://ledger.example/b",
        "Trio agree",
        "2026-03-04",
    );
    let rewrite = article(
        REWRITE,
        "",
        "https://farm.example/c",
        "What it means",
        "2026-03-05",
    );
    let mut hostile = article(
        HOSTILE_TEXT,
        "</script><script>alert('outlet')</script>",
        "javascript:alert(1)",
        "<script>alert('title')</script>",
        "2026-03-06",
    );
    hostile.byline = Some("\" onmouseover=\"alert(1)".into());
    hostile.description = Some("<img src=x onerror=alert(2)>".into());
    s.insert_batch(&[
        wire.clone(),
        relay.clone(),
        rewrite.clone(),
        hostile.clone(),
    ])
    .unwrap();
    s.insert_batch(&[mirror]).unwrap();

    let wire_analysis = Analysis {
        entities: vec![
            entity(WIRE, "Karin Ostrowska", EntityKind::Person),
            entity(WIRE, "NATO", EntityKind::Organization),
            entity(WIRE, "Riga", EntityKind::Place),
        ],
        ..Analysis::default()
    };
    let relay_analysis = Analysis {
        entities: vec![
            entity(RELAY, "Karin Ostrowska", EntityKind::Person),
            entity(RELAY, "Riga", EntityKind::Place),
        ],
        upstream: vec![
            UpstreamSource {
                name: "Nordwire".into(),
                kind: SourceKind::Outlet,
                country: None,
                via: vec![],
                evidence: vec![find(RELAY, "Nordwire reported")],
            },
            UpstreamSource {
                name: "AFP".into(),
                kind: SourceKind::Outlet,
                country: None,
                via: vec!["TASS".into()],
                evidence: vec![find(RELAY, "AFP said")],
            },
        ],
        ..Analysis::default()
    };
    let hostile_analysis = Analysis {
        entities: vec![Entity {
            spans: vec![Span::new(0, 8), Span::new(3, 10_000), Span::new(9, 2)],
            ..entity(HOSTILE_TEXT, "<script>", EntityKind::Other)
        }],
        ..Analysis::default()
    };
    s.save_analyses(&[
        (wire.id.clone(), wire_analysis),
        (relay.id.clone(), relay_analysis),
        (hostile.id.clone(), hostile_analysis),
    ])
    .unwrap();
    s.save_findings(
        "fixture",
        &[(
            rewrite.id.clone(),
            vec![Finding {
                kind: FindingKind::InternalDate,
                claim: "the deal".into(),
                span: find(REWRITE, "the deal"),
                verdict: Verdict::Inconsistent,
                expected: Some("2026-03-02".into()),
                kb_fact: None,
                source: None,
                reason: "two dates for one <event>".into(),
                other_spans: vec![],
            }],
        )],
    )
    .unwrap();
    s.save_relations(&[
        relation(WIRE, RELAY, RelationKind::Relay, 0.9),
        relation(RELAY, REWRITE, RelationKind::Rewrite, 0.8),
        relation(WIRE, REWRITE, RelationKind::Rewrite, 0.7),
    ])
    .unwrap();
    s.assign_story(&wire.id, &[]).unwrap();
    s.assign_story(&relay.id, std::slice::from_ref(&wire.id))
        .unwrap();
    s.assign_story(&rewrite.id, std::slice::from_ref(&relay.id))
        .unwrap();
    s.assign_story(&hostile.id, &[]).unwrap();
    s
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

#[test]
fn the_story_graph_has_a_node_per_member_the_tree_edges_copies_and_outside_sources() {
    let store = store();
    let html = render(&store, &ReportOptions::default()).unwrap();
    let doc = Html::parse_document(&html);
    let story = doc
        .select(&sel("section#story-1"))
        .next()
        .expect("story 1 section");
    let svg = story.select(&sel("svg.graph")).next().expect("graph");
    let ids: Vec<&str> = svg
        .select(&sel("g.node-article"))
        .filter_map(|n| n.value().attr("data-id"))
        .collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
    for t in [WIRE, RELAY, REWRITE] {
        assert!(ids.contains(&ArticleId::for_text(t).as_str()));
    }
    let edge = |kind: &str, cls: &str| -> Vec<(String, String)> {
        svg.select(&sel(&format!("g.edge.k-{kind}.{cls}")))
            .map(|e| {
                (
                    e.value().attr("data-from").unwrap_or("").to_string(),
                    e.value().attr("data-to").unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let id = |t: &str| ArticleId::for_text(t).to_string();
    // The tree edges and the other relations are exactly those of the story's view.
    let data = load_story(&store, &store.stories().unwrap()[0], 60).unwrap();
    let pair = |r: &&Relation| (r.source.to_string(), r.derived.to_string());
    let mut tree: Vec<(String, String)> = data.detail.tree().iter().map(pair).collect();
    let mut drawn: Vec<(String, String)> = ["relay", "rewrite"]
        .iter()
        .flat_map(|k| edge(k, "tree"))
        .collect();
    tree.sort();
    drawn.sort();
    assert_eq!(drawn, tree);
    assert_eq!(tree.len(), 2, "both derived members have a parent");
    let mut others: Vec<(String, String)> = data.detail.others().iter().map(pair).collect();
    let mut drawn: Vec<(String, String)> = edge("rewrite", "alt");
    others.sort();
    drawn.sort();
    assert_eq!(drawn, others);
    assert_eq!(edge("relay", "tree"), [(id(WIRE), id(RELAY))]);
    // The mirror's sighting hangs under the wire as an exact copy.
    let copies: Vec<String> = svg
        .select(&sel("g.node-copy text.l1"))
        .map(|t| t.text().collect())
        .collect();
    assert_eq!(copies, ["Mirror News"]);
    assert_eq!(edge("exact-copy", "tree").len(), 1);
    // Outside sources named by the relay are their own nodes, cited by it.
    let external: Vec<String> = svg
        .select(&sel("g.node-external text.l1"))
        .map(|t| t.text().collect())
        .collect();
    assert_eq!(external, ["AFP", "Nordwire"]);
    assert_eq!(
        edge("cites", "tree"),
        [("AFP".into(), id(RELAY)), ("Nordwire".into(), id(RELAY))]
    );
    // Every edge's evidence panel exists, hidden, and quotes both texts.
    for e in svg.select(&sel("g.edge")) {
        let ev = e.value().attr("data-ev").unwrap();
        let panel = doc
            .select(&sel(&format!("div.evidence-store > div#{ev}")))
            .next()
            .unwrap_or_else(|| panic!("panel {ev}"));
        assert!(e.select(&sel("title")).next().is_some());
        if e.value().classes().any(|c| c == "k-relay") {
            let quotes: Vec<String> = panel
                .select(&sel("blockquote"))
                .map(|q| q.text().collect())
                .collect();
            assert_eq!(
                quotes,
                [
                    "The deal is worth €1.4 billion.",
                    "The deal, AFP said, is worth €1.4 billion."
                ]
            );
            let text: String = panel.text().collect();
            assert!(
                text.contains("<b>NATO</b>"),
                "shared entities shown as text: {text}"
            );
            assert!(text.contains("70 %") && text.contains("60 %"), "{text}");
        }
    }
}

#[test]
fn roots_and_outside_sources_sit_in_the_top_row() {
    let store = store();
    let row = &store.stories().unwrap()[0];
    let data = load_story(&store, row, 60).unwrap();
    let g = graph::layout(&data, 60);
    let layer = |key: &str| g.nodes.iter().find(|n| n.key == key).map(|n| n.layer);
    assert_eq!(layer(ArticleId::for_text(WIRE).as_str()), Some(0));
    assert_eq!(layer("AFP"), Some(0));
    assert_eq!(layer(ArticleId::for_text(RELAY).as_str()), Some(1));
    // Every derived member sits one row below its parent in the tree.
    for r in data.detail.tree() {
        assert_eq!(
            layer(r.derived.as_str()),
            layer(r.source.as_str()).map(|l| l + 1)
        );
    }
    // Nodes of one row never overlap.
    for a in &g.nodes {
        for b in &g.nodes {
            if a.key != b.key && a.layer == b.layer {
                assert!(
                    (a.x - b.x).abs() >= 168.0,
                    "{} and {} overlap",
                    a.key,
                    b.key
                );
            }
        }
        assert!(a.x > 0.0 && a.x < g.width && a.y > 0.0 && a.y < g.height);
    }
    // Capping draws the earliest members and counts the rest.
    let capped = graph::layout(&data, 2);
    assert_eq!(capped.omitted, 1);
    assert_eq!(
        capped
            .nodes
            .iter()
            .filter(|n| n.kind == graph::NodeKind::Article)
            .count(),
        2
    );
}

#[test]
fn article_text_has_its_evidence_marked() {
    let store = store();
    let html = render(&store, &ReportOptions::default()).unwrap();
    let doc = Html::parse_document(&html);
    let wire = doc
        .select(&sel(&format!(
            "article#article-{}",
            ArticleId::for_text(WIRE)
        )))
        .next()
        .unwrap();
    let marked = |class: &str| -> Vec<String> {
        wire.select(&sel(&format!("div.text mark.{class}")))
            .map(|m| m.text().collect())
            .collect()
    };
    assert_eq!(marked("m-person"), ["Karin Ostrowska"]);
    assert_eq!(marked("m-org"), ["NATO"]);
    assert_eq!(marked("m-place"), ["Riga"]);
    let text: String = wire
        .select(&sel("div.text"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(text, WIRE, "marking changes no text");
    let rewrite = doc
        .select(&sel(&format!(
            "article#article-{}",
            ArticleId::for_text(REWRITE)
        )))
        .next()
        .unwrap();
    let finding: Vec<String> = rewrite
        .select(&sel("mark.m-finding"))
        .map(|m| m.text().collect())
        .collect();
    assert_eq!(finding, ["the deal"]);
    // The story lists its findings and its entities with member counts.
    let story = doc.select(&sel("section#story-1")).next().unwrap();
    let findings: String = story
        .select(&sel("ul.findings"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(findings.contains("two dates for one <event>"), "{findings}");
    let rows: Vec<Vec<String>> = story
        .select(&sel("table.entities tbody tr"))
        .map(|r| r.select(&sel("td")).map(|c| c.text().collect()).collect())
        .collect();
    assert_eq!(rows[0], ["Karin Ostrowska", "person", "2"]);
    assert_eq!(rows[1], ["Riga", "place", "2"]);
    assert_eq!(rows[2], ["NATO", "organisation", "1"]);
}

#[test]
fn hostile_article_data_stays_inert() {
    let store = store();
    let html = render(&store, &ReportOptions::default()).unwrap();
    let doc = Html::parse_document(&html);
    let scripts: Vec<String> = doc
        .select(&sel("script"))
        .map(|s| s.text().collect())
        .collect();
    assert_eq!(scripts, [assets::JS.to_string()]);
    for el in doc
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        for (name, value) in el.value().attrs() {
            assert!(
                !name.to_ascii_lowercase().starts_with("on"),
                "{name}={value}"
            );
            if name == "href" || name == "src" {
                let v = value.trim().to_ascii_lowercase();
                assert!(
                    v.starts_with('#') || v.starts_with("http"),
                    "{name}={value}"
                );
            }
        }
        assert_ne!(el.value().name(), "img");
    }
    // The payloads are there, as text.
    let hostile = doc
        .select(&sel(&format!(
            "article#article-{}",
            ArticleId::for_text(HOSTILE_TEXT)
        )))
        .next()
        .unwrap();
    let shown: String = hostile.text().collect();
    assert!(shown.contains("<script>alert('title')</script>"));
    assert!(shown.contains("javascript:alert(1)"));
    assert!(shown.contains(HOSTILE_TEXT));
    assert!(shown.contains("<img src=x onerror=alert(2)>"));
}

#[test]
fn the_report_is_deterministic_and_lists_every_story() {
    let store = store();
    let a = render(&store, &ReportOptions::default()).unwrap();
    let b = render(&store, &ReportOptions::default()).unwrap();
    assert_eq!(a, b);
    let doc = Html::parse_document(&a);
    let listed = doc.select(&sel("table.stories tbody tr")).count();
    assert_eq!(listed, store.stories().unwrap().len());
    // With one story allowed, the larger one keeps its section and the other is listed only.
    let one = render(
        &store,
        &ReportOptions {
            max_stories: 1,
            ..ReportOptions::default()
        },
    )
    .unwrap();
    let doc = Html::parse_document(&one);
    assert_eq!(doc.select(&sel("section.story")).count(), 1);
    assert!(doc.select(&sel("section#story-1")).next().is_some());
    assert_eq!(doc.select(&sel("table.stories tbody tr")).count(), 2);
}

#[test]
fn single_pages_for_a_server() {
    let store = store();
    let opts = ReportOptions {
        links: Links::Paths {
            story: "/stories/".into(),
            article: "/articles/".into(),
        },
        ..ReportOptions::default()
    };
    let page = render_story_page(&store, "1", &opts).unwrap();
    assert!(page.contains(r#"id="story-1""#));
    // Each article heading on a story page leads to the article's own page.
    let doc = Html::parse_document(&page);
    let to_article = format!("/articles/{}", ArticleId::for_text(RELAY).as_str());
    assert!(
        doc.select(&sel("article.article h3 a"))
            .any(|a| a.value().attr("href") == Some(to_article.as_str())),
        "{to_article}"
    );
    let page = render_article_page(&store, ArticleId::for_text(RELAY).as_str(), &opts).unwrap();
    let doc = Html::parse_document(&page);
    let hrefs: Vec<&str> = doc
        .select(&sel("article a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(hrefs.contains(&"/stories/1"), "{hrefs:?}");
    let index = render_index_page(&store, &opts).unwrap();
    assert!(index.contains(r#"href="/stories/1""#));
    assert!(matches!(
        render_article_page(&store, "ffffffffffff", &opts),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn an_empty_store_gives_a_page_that_says_so() {
    let store = newstrace_store::Store::open_in_memory().unwrap();
    let html = render(&store, &ReportOptions::default()).unwrap();
    let doc = Html::parse_document(&html);
    assert_eq!(doc.select(&sel("section.story")).count(), 0);
    assert_eq!(doc.select(&sel("table.stories tbody tr")).count(), 0);
    let text: String = doc.root_element().text().collect();
    assert!(text.contains("no stories yet"), "{text}");
}
