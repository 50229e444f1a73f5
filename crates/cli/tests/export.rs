//! `newstrace export` end to end: the example corpus plus an article whose title and text hold
//! commas, quotes, line breaks and markup, exported in every format and read back with
//! independent readers; row, node and edge counts checked against the store itself.

use arrow_array::{Array, RecordBatch, StringArray};
use newstrace_store::{ListQuery, Store};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use quick_xml::XmlVersion;
use quick_xml::events::Event;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const HARD_TITLE: &str = "Harbour fees, \"final\" offer & <em>talks</em>:\nday two";
const HARD_TEXT: &str = "Negotiators met again on Tuesday, the union said.\n\n\
\"We are close,\" a spokesperson said, adding that <fees> & levies were \"on the table\".\r\n\
A second paragraph, with a comma; and\ttabs.";

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_newstrace"));
    c.env_remove("NEWSTRACE_DB").env_remove("RUST_LOG");
    c
}

fn run_ok(args: &[&str]) -> Output {
    let out = bin().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "newstrace {args:?} failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// What the store itself says it holds.
struct Expected {
    articles: u64,
    story_members: u64,
    edges: u64,
    findings: u64,
    hard_id: String,
    /// The fixture's title and text as the store holds them (ingest may fold whitespace).
    hard_title: String,
    hard_text: String,
}

/// A store built from the example corpus plus the hard fixture (written as JSON here).
fn build_store(dir: &Path) -> (PathBuf, Expected) {
    let fixture = dir.join("hard.json");
    let record = serde_json::json!({
        "id": "hard-1",
        "title": HARD_TITLE,
        "text": HARD_TEXT,
        "outlet": "Quote, Comma & Co",
        "url": "https://quotes.example/a?b=1&c=2",
        "published": "2026-03-11T08:15:00+02:00",
    });
    std::fs::write(&fixture, serde_json::to_vec(&record).unwrap()).unwrap();
    let db = dir.join("news.db");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
    run_ok(&[
        "run",
        "-q",
        "--db",
        db.to_str().unwrap(),
        corpus.to_str().unwrap(),
        fixture.to_str().unwrap(),
    ]);
    let store = Store::open(&db).unwrap();
    let all = store
        .list(&ListQuery {
            limit: u64::MAX,
            ..ListQuery::default()
        })
        .unwrap();
    let mut findings = 0;
    for a in &all {
        findings += store.findings(&a.id).unwrap().map_or(0, |f| f.len() as u64);
    }
    let hard = store.get("hard-1").unwrap().unwrap().article;
    // The round trips below are only worth something if the store kept the hard characters.
    for c in [",", "\"", "<", ">", "&", "\n"] {
        assert!(hard.text.contains(c), "stored text lost {c:?}");
    }
    let title = hard.title.clone().unwrap_or_default();
    for c in [",", "\"", "<", ">", "&"] {
        assert!(title.contains(c), "stored title lost {c:?}: {title:?}");
    }
    let expected = Expected {
        articles: all.len() as u64,
        story_members: store
            .stories()
            .unwrap()
            .iter()
            .map(|s| s.articles.len() as u64)
            .sum(),
        edges: store.all_relations().unwrap().len() as u64,
        findings,
        hard_id: hard.id.to_string(),
        hard_title: hard.title.unwrap_or_default(),
        hard_text: hard.text,
    };
    assert_eq!(expected.articles, store.count().unwrap().articles);
    (db, expected)
}

fn export(db: &Path, format: &str, out: &Path) -> serde_json::Value {
    let o = run_ok(&[
        "export",
        "--db",
        db.to_str().unwrap(),
        "--format",
        format,
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn every_format_holds_what_the_store_holds() {
    let dir = tempfile::tempdir().unwrap();
    let (db, want) = build_store(dir.path());
    assert!(
        want.edges > 0 && want.findings > 0,
        "the corpus has relations and findings"
    );

    // NDJSON: one object per line, counted by type.
    let ndjson = dir.path().join("all.ndjson");
    let summary = export(&db, "ndjson", &ndjson);
    assert_eq!(summary["articles"], want.articles);
    let text = std::fs::read_to_string(&ndjson).unwrap();
    let mut by_type: BTreeMap<String, u64> = BTreeMap::new();
    let mut hard = None;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        *by_type
            .entry(v["type"].as_str().unwrap().to_string())
            .or_default() += 1;
        if v["id"] == want.hard_id.as_str() {
            hard = Some(v);
        }
    }
    assert_eq!(by_type["article"], want.articles);
    assert_eq!(by_type["story"], want.story_members);
    assert_eq!(by_type["edge"], want.edges);
    assert_eq!(by_type["finding"], want.findings);
    let hard = hard.expect("the fixture article is exported");
    assert_eq!(hard["title"], want.hard_title.as_str());
    assert_eq!(hard["text"], want.hard_text.as_str());
    assert_eq!(hard["outlet"], "Quote, Comma & Co");

    // CSV: the csv reader gives the hard text back unchanged.
    let csv_dir = dir.path().join("csv");
    export(&db, "csv", &csv_dir);
    let count = |name: &str| {
        csv::Reader::from_path(csv_dir.join(name))
            .unwrap()
            .records()
            .map(Result::unwrap)
            .count() as u64
    };
    assert_eq!(count("articles.csv"), want.articles);
    assert_eq!(count("stories.csv"), want.story_members);
    assert_eq!(count("edges.csv"), want.edges);
    assert_eq!(count("findings.csv"), want.findings);
    let mut articles = csv::Reader::from_path(csv_dir.join("articles.csv")).unwrap();
    let header = articles.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = articles
        .records()
        .map(Result::unwrap)
        .find(|r| r[col("id")] == *want.hard_id)
        .unwrap();
    assert_eq!(&row[col("title")], want.hard_title);
    assert_eq!(&row[col("url")], "https://quotes.example/a?b=1&c=2");
    assert_eq!(&row[col("text")], want.hard_text);

    // Parquet: row counts and the hard title through the Arrow reader.
    let pq = dir.path().join("parquet");
    export(&db, "parquet", &pq);
    let batches = |name: &str| -> Vec<RecordBatch> {
        ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(pq.join(name)).unwrap())
            .unwrap()
            .build()
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let rows = |name: &str| -> u64 { batches(name).iter().map(|b| b.num_rows() as u64).sum() };
    assert_eq!(rows("articles.parquet"), want.articles);
    assert_eq!(rows("stories.parquet"), want.story_members);
    assert_eq!(rows("edges.parquet"), want.edges);
    assert_eq!(rows("findings.parquet"), want.findings);
    let mut found = false;
    for b in batches("articles.parquet") {
        let strings = |name: &str| {
            b.column_by_name(name)
                .unwrap()
                .as_any()
                .downcast_ref::<StringArray>()
                .unwrap()
                .clone()
        };
        let (ids, titles, texts) = (strings("id"), strings("title"), strings("text"));
        for i in 0..ids.len() {
            if ids.value(i) == want.hard_id {
                assert_eq!(titles.value(i), want.hard_title);
                assert_eq!(texts.value(i), want.hard_text);
                found = true;
            }
        }
    }
    assert!(found);

    // Graphs: article nodes, outside-source nodes, relation and cites edges.
    for (format, node_kind_key) in [("gexf", "kind"), ("graphml", "n_kind")] {
        let path = dir.path().join(format!("graph.{format}"));
        let summary = export(&db, format, &path);
        let g = read_graph(&path);
        let kind_of = |id: &str| g.nodes[id].get(node_kind_key).cloned().unwrap_or_default();
        let articles = g.nodes.keys().filter(|id| kind_of(id) == "article").count() as u64;
        let externals = g
            .nodes
            .keys()
            .filter(|id| kind_of(id) == "external")
            .count() as u64;
        assert_eq!(articles, want.articles, "{format}");
        assert!(externals > 0, "{format}: the corpus names outside sources");
        assert_eq!(externals, summary["external_sources"].as_u64().unwrap());
        assert_eq!(g.nodes.len() as u64, articles + externals);
        assert_eq!(
            g.edges.len() as u64,
            want.edges + summary["cites"].as_u64().unwrap(),
            "{format}"
        );
        let ids: BTreeSet<&String> = g.edges.iter().map(|e| &e.0).collect();
        assert_eq!(ids.len(), g.edges.len(), "{format}: edge ids are unique");
        for (_, source, target) in &g.edges {
            assert!(g.nodes.contains_key(source), "{format}: dangling {source}");
            assert!(g.nodes.contains_key(target), "{format}: dangling {target}");
        }
        let title_key = if format == "gexf" { "title" } else { "n_title" };
        assert_eq!(
            g.nodes[&want.hard_id][title_key], want.hard_title,
            "{format}"
        );
    }
}

#[test]
fn exporting_twice_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = build_store(dir.path());
    for format in ["ndjson", "gexf", "graphml"] {
        let a = dir.path().join(format!("a.{format}"));
        let b = dir.path().join(format!("b.{format}"));
        export(&db, format, &a);
        export(&db, format, &b);
        assert!(
            std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap(),
            "{format} differs between two exports of one store"
        );
    }
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    export(&db, "csv", &a);
    export(&db, "csv", &b);
    for table in ["articles", "stories", "edges", "findings"] {
        let name = format!("{table}.csv");
        assert_eq!(
            std::fs::read(a.join(&name)).unwrap(),
            std::fs::read(b.join(&name)).unwrap()
        );
    }
}

#[test]
fn a_bad_format_or_a_missing_store_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.db");
    let out = dir.path().join("x");
    let bad = bin()
        .args(["export", "--format", "xlsx", "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    let missing = bin()
        .args([
            "export",
            "--db",
            db.to_str().unwrap(),
            "--format",
            "csv",
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no store"));
    assert!(!db.exists(), "a missing store is not created");
}

/// Node ids with their attribute values (GEXF `attvalue for`, GraphML `data key`), and edges
/// as (id, source, target).
#[derive(Default)]
struct Graph {
    nodes: BTreeMap<String, BTreeMap<String, String>>,
    edges: Vec<(String, String, String)>,
}

fn xml_attrs(e: &quick_xml::events::BytesStart<'_>) -> BTreeMap<String, String> {
    e.attributes()
        .map(|a| {
            let a = a.unwrap();
            (
                a.key.as_ref().to_string(),
                a.normalized_value(XmlVersion::Explicit1_0)
                    .unwrap()
                    .into_owned(),
            )
        })
        .collect()
}

fn read_graph(path: &Path) -> Graph {
    let xml = std::fs::read_to_string(path).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut g = Graph::default();
    let mut node: Option<String> = None;
    let mut data: Option<(String, String)> = None;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => {
                let a = xml_attrs(&e);
                match e.name().as_ref() {
                    "node" => {
                        assert!(
                            g.nodes.insert(a["id"].clone(), BTreeMap::new()).is_none(),
                            "duplicate node {}",
                            a["id"]
                        );
                        node = Some(a["id"].clone());
                    }
                    "edge" => {
                        node = None;
                        g.edges
                            .push((a["id"].clone(), a["source"].clone(), a["target"].clone()));
                    }
                    "attvalue" => {
                        if let Some(n) = &node {
                            g.nodes
                                .get_mut(n)
                                .unwrap()
                                .insert(a["for"].clone(), a["value"].clone());
                        }
                    }
                    "data" => data = Some((a["key"].clone(), String::new())),
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let Some((_, text)) = data.as_mut() {
                    text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, text)) = data.as_mut() {
                    let name = r.xml10_content();
                    match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => text.push_str(s),
                        None => text.push(r.resolve_char_ref().unwrap().unwrap()),
                    }
                }
            }
            Event::End(e) if e.name().as_ref() == "data" => {
                let (key, text) = data.take().unwrap();
                if let Some(n) = &node {
                    g.nodes.get_mut(n).unwrap().insert(key, text);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    g
}
