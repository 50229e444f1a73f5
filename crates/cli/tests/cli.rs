//! The `newstrace` binary end to end: the README's main job on the bundled corpus, JSON
//! shapes, exit codes, bad input, and a store killed mid-ingest.

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
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

#[test]
fn run_on_the_example_corpus_then_list_show_and_search() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("news.db");
    let db = db.to_str().unwrap();
    let corpus = corpus();
    let corpus = corpus.to_str().unwrap();

    let first = json(&run_ok(&["run", "--db", db, "--json", corpus]));
    let ingest = &first["ingest"];
    assert_eq!(ingest["failed"], 0, "{first:#}");
    let articles = first["articles"].as_u64().unwrap();
    let sightings = first["sightings"].as_u64().unwrap();
    // The corpus README lists 17 articles, two of which repeat the wire's text verbatim.
    assert!(articles >= 12, "{first:#}");
    assert!(
        sightings > articles,
        "verbatim copies become sightings: {first:#}"
    );
    assert!(
        !first["seen_in_several_places"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // Ingesting the same inputs again adds nothing.
    let again = json(&run_ok(&["ingest", "--db", db, "--json", corpus]));
    assert_eq!(again["new"], 0);
    assert_eq!(again["seen_again"], 0);
    assert_eq!(again["already_known"], ingest["read"]);

    let list = json(&run_ok(&["list", "--db", db, "--json"]));
    let list = list.as_array().unwrap();
    assert_eq!(list.len() as u64, articles);
    for item in list {
        for key in [
            "id",
            "external_id",
            "title",
            "byline",
            "outlet",
            "url",
            "published",
            "updated",
            "first_seen",
            "lang",
            "sightings",
        ] {
            assert!(item.get(key).is_some(), "list item lacks {key}: {item:#}");
        }
    }
    // The wire original is the representative of its copies, and carries its JSON-LD date.
    let wire = list
        .iter()
        .find(|a| a["sightings"].as_u64().unwrap() >= 2)
        .expect("the wire story is also mirrored word for word in the WARC");
    assert_eq!(wire["outlet"], "Nordwire", "{wire:#}");
    assert!(
        wire["published"]
            .as_str()
            .unwrap()
            .starts_with("2026-03-03")
    );

    let id = wire["id"].as_str().unwrap();
    let shown = json(&run_ok(&["show", "--db", db, "--json", &id[..8]]));
    assert_eq!(shown["id"], id);
    assert!(shown["sighting_details"].as_array().unwrap().len() >= 2);
    assert!(shown["dates"]["published"]["source"].is_string());

    let hits = json(&run_ok(&["search", "--db", db, "--json", "air", "defence"]));
    assert!(
        hits.as_array().unwrap().iter().any(|h| h["id"] == id),
        "{hits:#}"
    );
    // Analysis ran at ingest: the run lists sources and signals per article, and a stored
    // article is analysed by external id.
    let findings = first["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| !f["signals"].as_array().unwrap().is_empty())
    );
    let relay = json(&run_ok(&[
        "analyze",
        "--db",
        db,
        "--json",
        "eastgate-2026-03-09-kestrel-strike",
    ]));
    let upstream = relay["upstream"].as_array().unwrap();
    assert!(
        upstream.iter().any(|u| {
            u["name"].as_str().unwrap().starts_with("Meridian Press")
                && u["via"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|v| v.as_str().unwrap().contains("Baltic Morning"))
        }),
        "the relay of a relay ends in the wire: {upstream:#?}"
    );

    // Text output works too, and unknown ids are an error.
    run_ok(&["list", "--db", db]);
    let missing = bin()
        .args(["show", "--db", db, "ffffffffffff"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn bad_records_are_named_and_the_rest_is_ingested() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("mixed.jsonl");
    let good = |i: u32| {
        serde_json::json!({
            "id": format!("r{i}"),
            "title": format!("Ferry timetable {i}"),
            "text": format!("The ferry operator published timetable number {i} for the spring season, adding two evening crossings."),
            "outlet": "Test Wire",
        })
        .to_string()
    };
    std::fs::write(
        &input,
        format!("{}\n{{\"id\": \"broken\", \n{}\n", good(1), good(2)),
    )
    .unwrap();
    let db = dir.path().join("s.db");
    let out = bin()
        .args([
            "ingest",
            "--db",
            db.to_str().unwrap(),
            input.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "some records failed → exit 2");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("mixed.jsonl: record 2"),
        "stderr names file and record: {stderr}"
    );
    let list = json(&run_ok(&["list", "--db", db.to_str().unwrap(), "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 2);
}

#[test]
fn usage_errors_and_missing_files_exit_1() {
    assert_eq!(
        bin().arg("frobnicate").output().unwrap().status.code(),
        Some(1)
    );
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let out = bin()
        .args(["list", "--db", db.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "no store there: an error, not an empty list"
    );
    assert!(run_ok(&["--help"]).stdout.starts_with(b"Read news"));
}

/// Kills an ingest with SIGKILL while it is writing, checks the store is consistent, then
/// re-runs the same ingest and checks it completes the job.
#[test]
fn a_killed_ingest_leaves_a_consistent_store_that_a_rerun_completes() {
    const RECORDS: usize = 20_000;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.jsonl");
    let mut body = String::new();
    for i in 0..RECORDS {
        body.push_str(
            &serde_json::json!({
                "id": format!("n{i}"),
                "title": format!("Council notice {i}"),
                "text": distinct_text(i),
                "outlet": "Council Wire",
            })
            .to_string(),
        );
        body.push('\n');
    }
    std::fs::write(&input, body).unwrap();
    let db = dir.path().join("k.db");
    let args = [
        "ingest",
        "-q",
        "--db",
        db.to_str().unwrap(),
        input.to_str().unwrap(),
    ];

    let mut child = bin().args(args).spawn().unwrap();
    // Wait until some batches are committed, then kill without warning.
    let started = std::time::Instant::now();
    loop {
        std::thread::sleep(std::time::Duration::from_millis(20));
        if articles_in(&db).is_some_and(|n| n > 0) || started.elapsed().as_secs() > 60 {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let conn = rusqlite::Connection::open(&db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let articles = count("SELECT count(*) FROM articles");
    assert!(
        articles < RECORDS as i64,
        "the kill came too late to test anything"
    );
    assert_eq!(
        articles,
        count("SELECT count(DISTINCT article_id) FROM sightings")
    );
    assert_eq!(
        0,
        count(
            "SELECT count(*) FROM sightings s LEFT JOIN articles a ON a.id = s.article_id WHERE a.id IS NULL"
        )
    );
    drop(conn);
    // The search index is derived data: the kill may have come before it committed the
    // last batches, and the next search catches it up from the store.
    let found = json(&run_ok(&[
        "search",
        "--json",
        "--limit",
        "100000",
        "--db",
        db.to_str().unwrap(),
        "council",
    ]));
    assert_eq!(found.as_array().unwrap().len() as i64, articles);

    let rerun = json(&run_ok(&[
        "ingest",
        "-q",
        "--json",
        "--db",
        db.to_str().unwrap(),
        input.to_str().unwrap(),
    ]));
    assert_eq!(rerun["new"].as_i64().unwrap() + articles, RECORDS as i64);
    assert_eq!(rerun["already_known"].as_i64().unwrap(), articles);
    assert_eq!(articles_in(&db), Some(RECORDS as i64));
}

/// The article count of a store another process may be writing, if it can be read yet.
fn articles_in(db: &Path) -> Option<i64> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .ok()?;
    conn.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .ok()
}

#[test]
fn analyze_a_file_gives_every_section_with_evidence() {
    let farm = corpus().join("text/kestrel-port-strike-explained.txt");
    let out = json(&run_ok(&["analyze", "--json", farm.to_str().unwrap()]));
    for key in [
        "article",
        "sentences",
        "entities",
        "attributions",
        "upstream",
        "quotes",
        "dates",
        "timeline",
        "signals",
    ] {
        assert!(out.get(key).is_some(), "analysis lacks {key}");
    }
    assert!(out["sentences"].as_array().unwrap().len() > 5);
    let kinds: Vec<&str> = out["signals"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"ai-byline"),
        "the content-farm byline is flagged: {kinds:?}"
    );
    assert!(kinds.contains(&"template-headings"), "{kinds:?}");

    // The wire's own story raises no machine-made signal.
    let wire = corpus().join("html/nordwire-air-defence.html");
    let out = json(&run_ok(&["analyze", "--json", wire.to_str().unwrap()]));
    assert_eq!(
        out["signals"],
        serde_json::json!([]),
        "{:#}",
        out["signals"]
    );
    assert!(!out["quotes"].as_array().unwrap().is_empty());
}

#[test]
fn check_uses_the_core_and_a_user_file_wins_over_it() {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("story.txt");
    std::fs::write(
        &story,
        "Treaty anniversary\n\nOfficials in Brussels marked the anniversary of the Treaty of Lisbon on Monday.\n\n\
         The Treaty of Lisbon was signed in 2005, the organisers said in a statement, and it reshaped how the bloc \
         handles foreign policy.\n",
    )
    .unwrap();
    let out = json(&run_ok(&["check", "--json", story.to_str().unwrap()]));
    let findings = out["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{out:#}");
    assert_eq!(findings[0]["kind"], "event-date");
    assert!(
        findings[0]["expected"]
            .as_str()
            .unwrap()
            .contains("2007-12-13")
    );
    assert!(findings[0]["source"].is_string());

    // A user file that (wrongly, for this test) moves the signing to 2005 silences it.
    let facts = dir.path().join("mine.kb");
    std::fs::write(
        &facts,
        "event treaty:lisbon signed\n  date: 2005\n  source: test fixture\n",
    )
    .unwrap();
    let out = json(&run_ok(&[
        "check",
        "--json",
        "--kb",
        facts.to_str().unwrap(),
        story.to_str().unwrap(),
    ]));
    assert_eq!(out["findings"], serde_json::json!([]), "{out:#}");

    // A broken user file is an error naming the file and line.
    std::fs::write(
        &facts,
        "event treaty:lisbon signed\n  date: 2005-13\n  source: x\n",
    )
    .unwrap();
    let bad = bin()
        .args([
            "check",
            "--kb",
            facts.to_str().unwrap(),
            story.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("mine.kb:2"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}

#[test]
fn kb_import_wikidata_writes_a_file_the_knowledge_base_loads() {
    let dump =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../kb/tests/fixtures/wikidata/small.json");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("wd.kb");
    let run = bin()
        .args([
            "kb",
            "import-wikidata",
            dump.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(2),
        "the fixture has one malformed line"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("entity wd:q"), "{text}");
    // The imported file loads as a user knowledge base.
    let story = dir.path().join("s.txt");
    std::fs::write(
        &story,
        "A quiet day\n\nNothing of note happened in the harbour town on Tuesday, officials said.\n",
    )
    .unwrap();
    run_ok(&[
        "check",
        "--kb",
        out.to_str().unwrap(),
        story.to_str().unwrap(),
    ]);
}

#[test]
fn stories_and_trace_on_the_example_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("news.db");
    let db = db.to_str().unwrap();
    let corpus = corpus();
    run_ok(&["run", "-q", "--db", db, corpus.to_str().unwrap()]);
    let stories = json(&run_ok(&["stories", "--db", db, "--json"]));
    let stories = stories.as_array().unwrap();
    // The air-defence story: the wire (and its mirrored copy), the syndicated copy, the relay
    // and the content-farm rewrite.
    let air = stories
        .iter()
        .find(|s| s["title"].as_str().unwrap_or("").contains("air defence"))
        .expect("an air-defence story");
    assert_eq!(air["articles"].as_array().unwrap().len(), 4, "{air:#}");
    // The strike: the wire, the relay, the relay of the relay and the content-farm rewrite.
    let strike = stories
        .iter()
        .find(|s| {
            s["title"]
                .as_str()
                .unwrap_or("")
                .contains("walk out over pay")
        })
        .expect("a strike story");
    assert_eq!(
        strike["articles"].as_array().unwrap().len(),
        4,
        "{strike:#}"
    );
    // The strike ballot a month earlier is another story than the strike.
    let ballot = stories
        .iter()
        .find(|s| {
            s["title"]
                .as_str()
                .unwrap_or("")
                .contains("vote for March strike")
        })
        .unwrap();
    assert_eq!(ballot["articles"].as_array().unwrap().len(), 1);

    // The relay of a relay traces back to the wire, hop by hop.
    let trace = json(&run_ok(&[
        "trace",
        "--db",
        db,
        "--json",
        "eastgate-2026-03-09-kestrel-strike",
    ]));
    let edges = trace["edges"].as_array().unwrap();
    assert!(edges.iter().all(|e| e["kind"] == "relay"), "{trace:#}");
    let origins = trace["origins"].as_array().unwrap();
    assert_eq!(origins.len(), 1, "{trace:#}");
    assert_eq!(origins[0]["kind"], "article");
    run_ok(&["story", "--db", db, "eastgate-2026-03-09-kestrel-strike"]);

    // The air-defence content farm: its nearest source is the Capital Ledger relay, whose
    // changed wording it keeps, and its chain ends in the Nordwire original.
    let farm = corpus.join("text/ai-baltic-air-defense-deal.txt");
    let farm_id = json(&run_ok(&["extract", "--json", farm.to_str().unwrap()]))[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let trace = json(&run_ok(&["trace", "--db", db, "--json", &farm_id]));
    let outlet_of = |id: &str| {
        json(&run_ok(&["show", "--db", db, "--json", id]))["outlet"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    let edges = trace["edges"].as_array().unwrap();
    let first = edges
        .iter()
        .find(|e| e["derived"] == farm_id.as_str())
        .expect("the farm derives from an article");
    assert_eq!(first["kind"], "rewrite", "{trace:#}");
    // The news-please record names its outlet by its domain.
    assert_eq!(
        outlet_of(first["source"].as_str().unwrap()),
        "capitalledger.example"
    );
    let origins = trace["origins"].as_array().unwrap();
    assert!(
        origins
            .iter()
            .any(|o| o["kind"] == "article" && outlet_of(o["name"].as_str().unwrap()) == "Nordwire"),
        "{trace:#}"
    );
}

#[test]
fn gen_and_eval_links_measure_the_linker() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c.jsonl");
    let truth = dir.path().join("t.json");
    run_ok(&[
        "gen",
        "--stories",
        "40",
        "--seed",
        "7",
        "--out",
        corpus.to_str().unwrap(),
        "--truth",
        truth.to_str().unwrap(),
    ]);
    let report = json(&run_ok(&[
        "eval",
        "links",
        "--json",
        "--corpus",
        corpus.to_str().unwrap(),
        "--truth",
        truth.to_str().unwrap(),
    ]));
    for key in ["stories", "edges"] {
        for m in ["precision", "recall", "f1"] {
            assert!(report[key][m].is_number(), "{report:#}");
        }
    }
    assert!(
        report["stories"]["f1"].as_f64().unwrap() > 0.8,
        "{report:#}"
    );
    assert!(
        report["direction_accuracy"].as_f64().unwrap() > 0.8,
        "{report:#}"
    );
}

#[test]
fn bench_add_links_each_added_article_and_reports_its_latency() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("add.db");
    let db = db.to_str().unwrap();
    let corpus = corpus();
    run_ok(&["ingest", "-q", "--db", db, corpus.to_str().unwrap()]);
    let before = json(&run_ok(&["stories", "--json", "--db", db]));
    let before: usize = before
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["articles"].as_array().unwrap().len())
        .sum();
    let out = json(&run_ok(&[
        "bench-add",
        "--db",
        db,
        "--count",
        "12",
        "--seed",
        "5",
        "--json",
    ]));
    assert_eq!(out["added"], 12, "{out:#}");
    assert_eq!(
        out["store_articles"].as_u64().unwrap() as usize,
        before,
        "{out:#}"
    );
    let (p50, p99) = (
        out["p50_ms"].as_f64().unwrap(),
        out["p99_ms"].as_f64().unwrap(),
    );
    assert!(p50 > 0.0 && p99 >= p50, "{out:#}");
    // Every added article was analysed, linked and put in a story.
    let after = json(&run_ok(&["stories", "--json", "--db", db]));
    let after: usize = after
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["articles"].as_array().unwrap().len())
        .sum();
    let new_texts = out["new_texts"].as_u64().unwrap() as usize;
    assert!(new_texts >= 10, "{out:#}");
    assert_eq!(after, before + new_texts);
}

#[test]
fn a_figure_two_related_articles_give_differently_is_a_disagreement_with_both_spans() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("pair.jsonl");
    let wire = "Around 1,850 passengers were stranded in Tallmark on Tuesday after a ferry lost power near the Orsund lighthouse, the Coastal Ferry Company said. \
        Captain Ilse Varnhagen told reporters that 14 tugboats had been sent from Brennvik to tow the vessel. \
        The company estimated the cost of the breakdown at 3.2 million euros. \
        Services between Tallmark and Brennvik are expected to resume within 36 hours, the company said. \
        Harbour master Odd Selmark said the last comparable breakdown happened 11 years ago.";
    let relay = "Around 1,580 passengers were stranded in Tallmark on Tuesday after a ferry lost power near the Orsund lighthouse, Nordline News reported. \
        Captain Ilse Varnhagen told reporters that 14 tugboats had been sent from Brennvik to tow the vessel. \
        The company estimated the cost of the breakdown at 3.2 million euros. \
        Services between Tallmark and Brennvik are expected to resume within 36 hours, the company said. \
        Harbour master Odd Selmark said the last comparable breakdown happened 11 years ago.";
    let line = |id: &str, outlet: &str, url: &str, published: &str, text: &str| {
        serde_json::json!({"id": id, "title": "Ferry breakdown strands passengers", "outlet": outlet,
            "url": url, "published": published, "text": text})
        .to_string()
    };
    std::fs::write(
        &input,
        format!(
            "{}\n{}\n",
            line(
                "wire-1",
                "Nordline News",
                "https://nordline.example/ferry",
                "2026-05-05T08:00:00Z",
                wire
            ),
            line(
                "relay-1",
                "Brennvik Post",
                "https://brennvikpost.example/ferry",
                "2026-05-05T11:00:00Z",
                relay
            )
        ),
    )
    .unwrap();
    let db = dir.path().join("pair.db");
    let db = db.to_str().unwrap();
    run_ok(&["ingest", "-q", "--db", db, input.to_str().unwrap()]);
    let story = json(&run_ok(&["story", "--db", db, "wire-1", "--json"]));
    assert_eq!(story["articles"].as_array().unwrap().len(), 2, "{story:#}");
    let found = story["disagreements"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{story:#}");
    let d = &found[0];
    assert_eq!(d["what"], "passengers", "{d:#}");
    let values = [
        d["a_value"].as_str().unwrap(),
        d["b_value"].as_str().unwrap(),
    ];
    assert!(
        values.contains(&"1,850") && values.contains(&"1,580"),
        "{d:#}"
    );
    // Each span points at the figure in its own article's text.
    for (side, value) in [("a", "a_value"), ("b", "b_value")] {
        let id = if d[side] == story["articles"][0]["id"] {
            story["articles"][0]["id"].clone()
        } else {
            story["articles"][1]["id"].clone()
        };
        let shown = json(&run_ok(&[
            "show",
            "--db",
            db,
            id.as_str().unwrap(),
            "--json",
        ]));
        let body = shown["text"].as_str().unwrap();
        let span = &d[format!("{side}_span")];
        let (start, end) = (
            span["start"].as_u64().unwrap() as usize,
            span["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&body[start..end], d[value].as_str().unwrap(), "{d:#}");
    }
    let report = dir.path().join("r.html");
    run_ok(&["report", "--db", db, "--out", report.to_str().unwrap()]);
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("Disagreements") && html.contains("1,580"));
}

#[test]
fn a_relay_crediting_any_outlet_a_text_was_published_under_credits_that_text() {
    // One wire text at two places: undated at the wire's own site, dated at a paper that
    // carried it word for word (so the paper's copy represents the text). A relay credits
    // the wire: it credits the text, though the text's representative outlet is the paper.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("copies.jsonl");
    let wire = "Around 1,850 passengers were stranded in Tallmark on Tuesday after a ferry lost power near the Orsund lighthouse. \
        Captain Ilse Varnhagen told reporters that 14 tugboats had been sent from Brennvik to tow the vessel. \
        The company estimated the cost of the breakdown at 3.2 million euros. \
        Services between Tallmark and Brennvik are expected to resume within 36 hours, the company said. \
        Harbour master Odd Selmark said the last comparable breakdown happened 11 years ago.";
    let relay = wire.replacen("lighthouse.", "lighthouse, Nordline News reported.", 1);
    let line = |id: &str, outlet: &str, published: Option<&str>, text: &str| {
        serde_json::json!({"id": id, "title": "Ferry breakdown strands passengers",
            "outlet": outlet, "published": published, "text": text})
        .to_string()
    };
    std::fs::write(
        &input,
        [
            line("wire-1", "Nordline News", None, wire),
            line(
                "paper-1",
                "Harbour Gazette",
                Some("2026-05-05T09:00:00Z"),
                wire,
            ),
            line(
                "relay-1",
                "Brennvik Post",
                Some("2026-05-05T11:00:00Z"),
                &relay,
            ),
        ]
        .join("\n"),
    )
    .unwrap();
    let db = dir.path().join("copies.db");
    let db = db.to_str().unwrap();
    run_ok(&["ingest", "-q", "--db", db, input.to_str().unwrap()]);
    let shown = json(&run_ok(&["show", "--db", db, "wire-1", "--json"]));
    assert_eq!(shown["outlet"], "Harbour Gazette", "{shown:#}");
    let trace = json(&run_ok(&["trace", "--db", db, "relay-1", "--json"]));
    let edges = trace["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 1, "{trace:#}");
    assert_eq!(edges[0]["source"], shown["id"], "{trace:#}");
    assert_eq!(edges[0]["evidence"]["credit"], "Nordline News", "{trace:#}");
}

/// A text of its own for record `i`: words drawn by a fixed hash, so no two records share
/// wording or figures and linking has no candidates to compare (this test is about the store).
fn distinct_text(i: usize) -> String {
    const WORDS: [&str; 32] = [
        "harbour",
        "council",
        "ferry",
        "bridge",
        "market",
        "school",
        "library",
        "station",
        "river",
        "orchard",
        "bakery",
        "museum",
        "tram",
        "garden",
        "clinic",
        "stadium",
        "quarry",
        "lighthouse",
        "warehouse",
        "chapel",
        "meadow",
        "pier",
        "tunnel",
        "mill",
        "theatre",
        "canal",
        "forest",
        "airport",
        "hostel",
        "dairy",
        "foundry",
        "vineyard",
    ];
    let mut x = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
    let mut words = Vec::with_capacity(80);
    for _ in 0..80 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        words.push(WORDS[(x % WORDS.len() as u64) as usize]);
    }
    format!("Notice: {}.", words.join(" "))
}
