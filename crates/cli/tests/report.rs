//! `newstrace report` and `run --report` end to end: the report of the bundled corpus shows
//! every story with its provenance graph, the outside sources the answer key names, and the
//! evidence marked in the text; hostile article data renders inert.

use scraper::{ElementRef, Html, Node, Selector};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_newstrace"));
    c.env_remove("NEWSTRACE_DB").env_remove("RUST_LOG");
    c
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/report")
        .join(name)
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

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The corpus ingested with `run --report`, the report re-read with `report`.
struct Corpus {
    _dir: tempfile::TempDir,
    db: String,
    html: String,
}

fn corpus_report() -> Corpus {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("news.db").to_str().unwrap().to_string();
    let first = dir.path().join("run.html");
    let second = dir.path().join("report.html");
    let corpus = corpus();
    let out = run_ok(&[
        "run",
        "--db",
        &db,
        corpus.to_str().unwrap(),
        "--report",
        first.to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("report: "));
    run_ok(&["report", "--db", &db, "--out", second.to_str().unwrap()]);
    let html = std::fs::read_to_string(&first).unwrap();
    // The same store gives the same bytes, whichever command writes them.
    assert_eq!(html, std::fs::read_to_string(&second).unwrap());
    Corpus {
        _dir: dir,
        db,
        html,
    }
}

fn section<'a>(doc: &'a Html, story: i64) -> ElementRef<'a> {
    doc.select(&sel(&format!("section#story-{story}")))
        .next()
        .unwrap_or_else(|| panic!("no section for story {story}"))
}

#[test]
fn every_story_has_its_section_graph_and_tree() {
    let c = corpus_report();
    assert!(
        (10_000..600_000).contains(&c.html.len()),
        "report size {}",
        c.html.len()
    );
    let doc = Html::parse_document(&c.html);
    let stories = json(&run_ok(&["stories", "--db", &c.db, "--json"]));
    let stories = stories.as_array().unwrap();
    assert!(stories.len() >= 4);
    let listed = doc.select(&sel("table.stories tbody tr")).count();
    assert_eq!(listed, stories.len());

    let store = newstrace_store::Store::open(Path::new(&c.db)).unwrap();
    let rows = store.stories().unwrap();
    for s in stories {
        let id = s["id"].as_i64().unwrap();
        let sec = section(&doc, id);
        let svg = sec.select(&sel("svg.graph")).next().expect("graph");
        // One node per member, no more, no less.
        let nodes: BTreeSet<String> = svg
            .select(&sel("g.node-article"))
            .map(|n| n.value().attr("data-id").unwrap().to_string())
            .collect();
        let members: BTreeSet<String> = s["articles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap().to_string())
            .collect();
        assert_eq!(nodes, members, "story {id}");
        // Every edge of the provenance tree is drawn as a tree edge.
        let row = rows.iter().find(|r| r.id == id).unwrap();
        let detail = newstrace_views::story_detail(&store, row).unwrap();
        let drawn: BTreeSet<(String, String)> = svg
            .select(&sel("g.edge.tree"))
            .map(|e| {
                let v = e.value();
                (
                    v.attr("data-from").unwrap().to_string(),
                    v.attr("data-to").unwrap().to_string(),
                )
            })
            .collect();
        for r in detail.tree() {
            assert!(
                drawn.contains(&(r.source.to_string(), r.derived.to_string())),
                "story {id}: tree edge {} -> {} not drawn",
                r.source,
                r.derived
            );
        }
        assert_eq!(
            svg.select(&sel("g.edge.alt")).count(),
            detail.others().len(),
            "story {id}"
        );
        // Each edge has its hover title and its evidence panel.
        for e in svg.select(&sel("g.edge")) {
            assert!(e.select(&sel("title")).next().is_some());
            let ev = e.value().attr("data-ev").unwrap();
            assert!(
                sec.select(&sel(&format!(".evidence-store #{ev}")))
                    .next()
                    .is_some(),
                "story {id}: no evidence for {ev}"
            );
        }
    }
    // The corpus's two chains are drawn: story A has a syndicated copy, story C relays.
    let all_edges: BTreeSet<String> = doc
        .select(&sel("g.edge.tree"))
        .flat_map(|e| e.value().classes().map(str::to_string).collect::<Vec<_>>())
        .collect();
    for kind in ["k-syndicated", "k-relay", "k-rewrite", "k-exact-copy"] {
        assert!(all_edges.contains(kind), "{kind}: {all_edges:?}");
    }
}

/// The section holding the article node of the outlet `outlet`.
fn section_of_outlet<'a>(doc: &'a Html, outlet: &str) -> ElementRef<'a> {
    doc.select(&sel("section.story"))
        .find(|s| {
            s.select(&sel("g.node-article text.l1"))
                .any(|t| t.text().collect::<String>() == outlet)
        })
        .unwrap_or_else(|| panic!("no story drawn with {outlet}"))
}

#[test]
fn the_wires_the_answer_key_names_are_outside_source_nodes() {
    let c = corpus_report();
    let doc = Html::parse_document(&c.html);
    // examples/corpus/README.md: chain A ends in Nordwire, chain C in Meridian Press Agency,
    // and Eastgate Times reaches it through Baltic Morning.
    for (wire, relays) in [
        ("Nordwire", &["Capital Ledger", "Harbour Daily"][..]),
        (
            "Meridian Press Agency",
            &["Baltic Morning", "Eastgate Times"][..],
        ),
    ] {
        let sec = section_of_outlet(&doc, wire);
        let external: Vec<String> = sec
            .select(&sel("svg.graph g.node-external"))
            .map(|n| n.value().attr("data-id").unwrap().to_string())
            .collect();
        assert!(external.iter().any(|e| e == wire), "{wire}: {external:?}");
        let cites: Vec<String> = sec
            .select(&sel("g.edge.k-cites title"))
            .map(|t| t.text().collect())
            .collect();
        for relay in relays {
            let short = relay.split(' ').next().unwrap().to_lowercase();
            assert!(
                cites
                    .iter()
                    .any(|t| t.to_lowercase().contains(&short) && t.contains(wire)),
                "{relay} cites {wire}: {cites:?}"
            );
        }
    }
    let sec = section_of_outlet(&doc, "Meridian Press Agency");
    assert!(
        sec.select(&sel("g.edge.k-cites title")).any(|t| t
            .text()
            .collect::<String>()
            .contains("via the Baltic Morning")),
        "Eastgate's chain through Baltic Morning"
    );
}

/// For each byte of the article's text, the classes of the mark covering it.
fn coverage(text_div: ElementRef) -> (String, Vec<BTreeSet<String>>) {
    let mut text = String::new();
    let mut classes = Vec::new();
    for child in text_div.children() {
        match child.value() {
            Node::Text(t) => {
                text.push_str(t);
                classes.extend(std::iter::repeat_n(BTreeSet::new(), t.len()));
            }
            Node::Element(e) => {
                assert_eq!(e.name(), "mark");
                let inner: String = ElementRef::wrap(child).unwrap().text().collect();
                let set: BTreeSet<String> = e.classes().map(str::to_string).collect();
                text.push_str(&inner);
                classes.extend(std::iter::repeat_n(set, inner.len()));
            }
            _ => {}
        }
    }
    (text, classes)
}

fn spans(v: &serde_json::Value) -> Vec<(usize, usize)> {
    v.as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            )
        })
        .collect()
}

#[test]
fn entities_attributions_and_quotes_are_marked_in_the_text() {
    let c = corpus_report();
    let doc = Html::parse_document(&c.html);
    // The Nordwire original names people, quotes them and attributes claims.
    let list = json(&run_ok(&["list", "--db", &c.db, "--json"]));
    let wire = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["outlet"] == "Nordwire")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let shown = json(&run_ok(&["show", "--db", &c.db, &wire, "--json"]));
    let analysis = json(&run_ok(&["analyze", "--db", &c.db, &wire, "--json"]));
    let art = doc
        .select(&sel(&format!("article#article-{wire}")))
        .next()
        .unwrap();
    let (text, classes) = coverage(art.select(&sel("div.text")).next().unwrap());
    assert_eq!(
        text,
        shown["text"].as_str().unwrap(),
        "marking changes no text"
    );

    let check = |what: &str, class: &str, list: Vec<(usize, usize)>| {
        assert!(!list.is_empty(), "the wire has {what}");
        for (s, e) in list {
            for (i, set) in classes.iter().enumerate().take(e).skip(s) {
                assert!(
                    set.contains(class),
                    "{what} byte {i} ({s}..{e}) lacks {class}"
                );
            }
        }
    };
    let people: Vec<(usize, usize)> = analysis["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "person")
        .flat_map(|e| spans(&e["spans"]))
        .collect();
    check("people", "m-person", people);
    let quotes = analysis["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|q| spans(&q["spans"]))
        .collect();
    check("quotes", "m-quote", quotes);
    let attributions = analysis["attributions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| spans(&a["spans"]))
        .collect();
    check("attributions", "m-attr", attributions);
    // The content-farm rewrite of story C has its internal date contradiction marked.
    let farm = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["byline"] == "Staff Writer")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let art = doc
        .select(&sel(&format!("article#article-{farm}")))
        .next()
        .unwrap();
    let marked: Vec<String> = art
        .select(&sel("div.text mark.m-finding"))
        .map(|m| m.text().collect())
        .collect();
    assert!(marked.iter().any(|m| m.contains("March 12")), "{marked:?}");
    assert!(art.select(&sel("div.text mark.m-signal")).next().is_some());
}

#[test]
fn hostile_article_data_renders_inert() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let out = dir.path().join("h.html");
    let fixture = fixture("hostile.jsonl");
    run_ok(&[
        "run",
        "--db",
        db.to_str().unwrap(),
        fixture.to_str().unwrap(),
        "--report",
        out.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&out).unwrap();
    let doc = Html::parse_document(&html);

    // The only script is the report's own.
    let own = Html::parse_document(&newstrace_report::page::document("t", ""));
    let own_script: Vec<String> = own
        .select(&sel("script"))
        .map(|s| s.text().collect())
        .collect();
    let scripts: Vec<String> = doc
        .select(&sel("script"))
        .map(|s| s.text().collect())
        .collect();
    assert_eq!(scripts, own_script);
    // No event handler, no javascript: link, no injected element, anywhere.
    for el in doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        let name = el.value().name();
        assert!(
            !["img", "b", "iframe", "object", "embed"].contains(&name),
            "injected <{name}>"
        );
        for (attr, value) in el.value().attrs() {
            assert!(
                !attr.to_ascii_lowercase().starts_with("on"),
                "<{name} {attr}={value:?}>"
            );
            if ["href", "src", "xlink:href", "action"].contains(&attr) {
                let v: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                assert!(!v.starts_with("javascript:"), "<{name} {attr}={value:?}>");
                assert!(v.starts_with('#') || v.starts_with("http"), "{value}");
            }
        }
    }
    // Only the report's own <svg> elements: its graphs and timelines (the title's
    // `<svg onload>` must not become one).
    for svg in doc.select(&sel("svg")) {
        let classes: Vec<&str> = svg.value().classes().collect();
        let in_legend = svg
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| a.value().classes().any(|c| c == "legend"));
        assert!(
            in_legend || classes.contains(&"graph") || classes.contains(&"timeline"),
            "{classes:?}"
        );
    }
    // The payloads are all there, shown as text.
    let shown: String = doc.root_element().text().collect();
    for payload in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "\" onmouseover=\"alert(1)",
        "</script><script>alert('outlet')</script>",
        "<script>alert('title')</script> Pier closed",
        "javascript:alert('url')",
        "\" onmouseover=\"alert('byline')",
    ] {
        assert!(shown.contains(payload), "{payload} not shown as text");
    }
    // The two copies are linked, and the evidence panel quotes the hostile text inertly.
    let panels: String = doc
        .select(&sel(".evidence-store blockquote"))
        .map(|b| b.text().collect::<String>())
        .collect();
    assert!(panels.contains("alert("), "{panels}");
}
