//! Alignment and relations on the bundled example corpus (answer key in its README.md) and
//! on the shared seed files when they are present.

use newstrace_ingest::PipelineOptions;
use newstrace_link::Doc;
use newstrace_link::align::align;
use newstrace_link::relation::classify;
use newstrace_model::{Analysis, Article, Relation, RelationKind};
use std::path::PathBuf;
use std::sync::OnceLock;

/// Every article of a set of inputs with its analysis.
fn load(paths: &[PathBuf]) -> Vec<(Article, Analysis)> {
    newstrace_ingest::pipeline::extract_all(paths, &PipelineOptions::default())
        .into_iter()
        .filter_map(Result::ok)
        .map(|a| {
            let an = newstrace_analyze::analyze(&a);
            (a, an)
        })
        .collect()
}

/// The corpus, loaded once for all tests.
fn corpus() -> &'static [(Article, Analysis)] {
    static C: OnceLock<Vec<(Article, Analysis)>> = OnceLock::new();
    C.get_or_init(|| {
        load(&[PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/corpus"
        ))])
    })
}

/// A short name for a corpus article: its key in the answer key.
fn label(a: &Article) -> String {
    let url = a.url.as_deref().unwrap_or("");
    let path = a.origin.path.to_string();
    let text = &a.text;
    let name = if path.contains("ai-baltic") {
        "AI-farm(A)"
    } else if path.contains("kestrel-port-strike-explained") {
        "StaffWriter-farm(C)"
    } else if url.contains("mirror-news") {
        "Mirror(A)"
    } else if url.contains("nordwire") {
        "Nordwire(A)"
    } else if url.contains("harbourdaily") && text.contains("Skyhold") {
        "HarbourDaily(A)"
    } else if url.contains("harbourdaily") {
        "HarbourBridge(D)"
    } else if url.contains("capitalledger") {
        "CapitalLedger(A)"
    } else if url.contains("nordicobserver") {
        "NordicObserver(B)"
    } else if url.contains("kattegat") {
        "KattegatHerald(B)"
    } else if url.contains("ostseebote") {
        "OstseeBote(B)"
    } else if url.contains("meridianpress") && text.contains("ballot") && !text.contains("began") {
        "MeridianBallot"
    } else if url.contains("meridianpress") && text.to_lowercase().contains("ferr") {
        "MeridianFerry"
    } else if url.contains("meridianpress") {
        "Meridian(C)"
    } else if url.contains("balticmorning") && text.contains("Kestrel") {
        "BalticMorning(C)"
    } else if url.contains("balticmorning") {
        "BalticChoir"
    } else if url.contains("eastgate") {
        "Eastgate(C)"
    } else if url.contains("northernreview") {
        "NorthernReview(D)"
    } else {
        return format!("?{}", a.outlet.as_deref().unwrap_or(url));
    };
    name.to_string()
}

fn find(name: &str) -> &'static (Article, Analysis) {
    corpus()
        .iter()
        .find(|(a, _)| label(a) == name)
        .unwrap_or_else(|| panic!("{name} not in corpus: {:?}", labels()))
}

fn labels() -> Vec<String> {
    corpus().iter().map(|(a, _)| label(a)).collect()
}

fn doc(x: &(Article, Analysis)) -> Doc<'_> {
    Doc::new(&x.0, &x.1)
}

fn relate(a: &'static str, b: &'static str) -> Option<Relation> {
    let (x, y) = (doc(find(a)), doc(find(b)));
    classify(x, y, align(x, y))
}

/// The source's label of a directed relation.
fn source_label(r: &Relation) -> String {
    corpus()
        .iter()
        .find(|(a, _)| a.id == r.source)
        .map(|(a, _)| label(a))
        .unwrap_or_default()
}

fn expect(a: &'static str, b: &'static str, kind: RelationKind, source: Option<&str>) {
    // Both argument orders must give the same answer.
    for (x, y) in [(a, b), (b, a)] {
        let r = relate(x, y).unwrap_or_else(|| panic!("{x} vs {y}: no relation"));
        assert_eq!(r.kind, kind, "{x} vs {y}: {}", r.reason);
        if let Some(s) = source {
            assert!(r.directed, "{x} vs {y}: undirected: {}", r.reason);
            assert_eq!(source_label(&r), s, "{x} vs {y}: {}", r.reason);
        }
    }
}

#[test]
fn corpus_has_the_seventeen_articles() {
    let l = labels();
    assert_eq!(l.len(), 17, "{l:?}");
    assert!(!l.iter().any(|n| n.starts_with('?')), "{l:?}");
}

#[test]
fn nordwire_to_harbour_daily_is_syndicated() {
    expect(
        "Nordwire(A)",
        "HarbourDaily(A)",
        RelationKind::Syndicated,
        Some("Nordwire(A)"),
    );
}

#[test]
fn nordwire_to_capital_ledger_is_a_relay() {
    expect(
        "Nordwire(A)",
        "CapitalLedger(A)",
        RelationKind::Relay,
        Some("Nordwire(A)"),
    );
}

#[test]
fn nordwire_to_the_content_farm_is_a_rewrite() {
    expect(
        "Nordwire(A)",
        "AI-farm(A)",
        RelationKind::Rewrite,
        Some("Nordwire(A)"),
    );
}

#[test]
fn meridian_to_the_staff_writer_farm_is_a_rewrite() {
    // The farm re-says every sentence loosely (no aligned pair reaches 0.7) around its own
    // filler, but keeps all four figures and names no source: a rewrite, not a report.
    expect(
        "Meridian(C)",
        "StaffWriter-farm(C)",
        RelationKind::Rewrite,
        Some("Meridian(C)"),
    );
}

#[test]
fn meridian_to_baltic_morning_to_eastgate_are_relays() {
    expect(
        "Meridian(C)",
        "BalticMorning(C)",
        RelationKind::Relay,
        Some("Meridian(C)"),
    );
    expect(
        "BalticMorning(C)",
        "Eastgate(C)",
        RelationKind::Relay,
        Some("BalticMorning(C)"),
    );
}

#[test]
fn the_english_flood_reports_are_the_same_story() {
    expect(
        "NordicObserver(B)",
        "KattegatHerald(B)",
        RelationKind::SameStory,
        None,
    );
}

#[test]
fn the_strike_ballot_is_not_the_strike() {
    for other in ["Meridian(C)", "BalticMorning(C)", "Eastgate(C)"] {
        let r = relate("MeridianBallot", other);
        assert!(
            r.as_ref().is_none_or(|r| r.kind != RelationKind::SameStory),
            "{other}: {:?}",
            r.map(|r| r.reason)
        );
    }
}

#[test]
fn unrelated_pairs_have_no_relation() {
    for (a, b) in [
        ("Nordwire(A)", "Meridian(C)"),
        ("Nordwire(A)", "NordicObserver(B)"),
        ("MeridianFerry", "BalticChoir"),
        ("MeridianFerry", "Meridian(C)"),
        ("NorthernReview(D)", "HarbourBridge(D)"),
        ("KattegatHerald(B)", "Eastgate(C)"),
    ] {
        let r = relate(a, b);
        assert!(r.is_none(), "{a} vs {b}: {:?}", r.map(|r| r.reason));
    }
}

#[test]
fn the_answer_is_the_same_on_every_run() {
    let r1 = relate("Nordwire(A)", "AI-farm(A)");
    let r2 = relate("Nordwire(A)", "AI-farm(A)");
    assert_eq!(r1, r2);
}

/// Prints every pair of the corpus with its relation (run with `--nocapture` for the table).
#[test]
fn table_of_every_corpus_pair() {
    let c = corpus();
    let mut rows = Vec::new();
    for i in 0..c.len() {
        for j in i + 1..c.len() {
            let (x, y) = (doc(&c[i]), doc(&c[j]));
            let ev = align(x, y);
            let (cov_a, cov_b, n, jac) =
                (ev.coverage_a, ev.coverage_b, ev.aligned.len(), ev.jaccard);
            if let Some(r) = classify(x, y, ev) {
                let derived = if r.source == c[i].0.id {
                    label(&c[j].0)
                } else {
                    label(&c[i].0)
                };
                rows.push(format!(
                    "{} -> {} | {:?} | {:.2} | {} | cov {:.2}/{:.2} n={} j={:.2} | {}",
                    source_label(&r),
                    derived,
                    r.kind,
                    r.score,
                    r.directed,
                    cov_a,
                    cov_b,
                    n,
                    jac,
                    r.reason
                ));
            } else if n > 0 {
                rows.push(format!(
                    "{} ~ {} | None | cov {:.2}/{:.2} n={} j={:.2}",
                    label(&c[i].0),
                    label(&c[j].0),
                    cov_a,
                    cov_b,
                    n,
                    jac
                ));
            }
        }
    }
    rows.sort();
    for r in &rows {
        println!("{r}");
    }
    // Throughput of align + classify over every pair, for the report (not asserted: the
    // number depends on the machine and the build profile).
    let t = std::time::Instant::now();
    let mut n = 0usize;
    for _ in 0..10 {
        for i in 0..c.len() {
            for j in i + 1..c.len() {
                let (x, y) = (doc(&c[i]), doc(&c[j]));
                std::hint::black_box(classify(x, y, align(x, y)));
                n += 1;
            }
        }
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "align+classify: {n} pairs in {s:.3} s = {:.0} pairs/s",
        n as f64 / s
    );
}

/// The shared seed files: 000 and 003 rewrite one TASS item; 004 is another story.
#[test]
fn seeds_siblings_under_tass() {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/seeds"
    ));
    let pick = |prefix: &str| {
        std::fs::read_dir(&dir).ok().and_then(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with(prefix))
                })
                .min()
        })
    };
    let (Some(p0), Some(p3), Some(p4)) = (pick("000_"), pick("003_"), pick("004_")) else {
        eprintln!("note: seeds not found under {}; skipped", dir.display());
        return;
    };
    let docs = load(&[p0, p3, p4]);
    assert_eq!(docs.len(), 3);
    let (d0, d3, d4) = (doc(&docs[0]), doc(&docs[1]), doc(&docs[2]));
    let ev = align(d0, d3);
    println!(
        "seeds 000/003: coverage {:.2}/{:.2}, {} aligned, Jaccard {:.2}",
        ev.coverage_a,
        ev.coverage_b,
        ev.aligned.len(),
        ev.jaccard
    );
    let r = classify(d0, d3, ev).expect("000 and 003 related");
    println!("000 vs 003: {:?} {:.2} {}", r.kind, r.score, r.reason);
    assert_eq!(r.kind, RelationKind::Sibling, "{}", r.reason);
    let r = classify(d4, d0, align(d4, d0));
    println!("004 vs 000: {:?}", r.as_ref().map(|r| (&r.kind, &r.reason)));
    assert!(r.is_none_or(|r| r.kind != RelationKind::SameStory && r.kind != RelationKind::Sibling));
}

/// Articles written here from JSONL records `(id, outlet, published, text)`, analysed.
fn written(records: &[(&str, &str, &str, &str)]) -> Vec<(Article, Analysis)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("written.jsonl");
    let lines: Vec<String> = records
        .iter()
        .map(|(id, outlet, published, text)| {
            serde_json::json!({"id": id, "outlet": outlet, "published": published, "text": text})
                .to_string()
        })
        .collect();
    std::fs::write(&path, lines.join("\n")).unwrap();
    load(&[path])
}

#[test]
fn independent_reports_sharing_facts_and_a_quote_are_one_story_not_a_rewrite() {
    let docs = written(&[
        (
            "gazette",
            "Tarnvik Gazette",
            "2026-04-02T08:00:00Z",
            "A fire destroyed the Orsund grain warehouse in Tarnvik on Wednesday night, and 46 firefighters fought it for 9 hours.\n\n\
             Damage was put at 3.8 million euros by the Tarnvik Port Authority.\n\n\
             \"We lost everything we had stored for the spring,\" said Helga Marsk, who runs the Orsund cooperative.\n\n\
             Police said 112 residents were moved out of nearby streets as a precaution.\n\n\
             The cause of the fire is not yet known, the fire service said.",
        ),
        (
            "courier",
            "Valley Courier",
            "2026-04-02T09:30:00Z",
            "Firefighters from Tarnvik worked through the night as the old grain store burned.\n\n\
             Neighbours described flames taller than the church tower and a smell of burnt barley across town.\n\n\
             \"We lost everything we had stored for the spring,\" said Helga Marsk, who runs the Orsund cooperative.\n\n\
             Insurers were told to expect a bill of about 3.8 million euros, and 46 firefighters were called in.\n\n\
             Farmers who kept seed in the building now wonder what they will sow in April.",
        ),
        (
            "farm",
            "Quick Digest",
            "2026-04-02T11:00:00Z",
            "Late on Wednesday, flames tore through Tarnvik's Orsund grain warehouse, keeping 46 firefighters busy for 9 long hours.\n\n\
             According to the Tarnvik Port Authority, the losses come to 3.8 million euros.\n\n\
             \"We lost everything we had stored for the spring,\" said Helga Marsk, who runs the Orsund cooperative.\n\n\
             As a safety measure, officers evacuated 112 people living on the surrounding streets.\n\n\
             Investigators from the fire service are still trying to establish what started the blaze.",
        ),
    ]);
    assert_eq!(docs.len(), 3);
    let (gazette, courier, farm) = (doc(&docs[0]), doc(&docs[1]), doc(&docs[2]));
    let r = classify(gazette, courier, align(gazette, courier)).expect("one event");
    assert_eq!(r.kind, RelationKind::SameStory, "{}", r.reason);
    assert!(
        !r.directed,
        "independent reports have no direction: {}",
        r.reason
    );
    assert!(
        r.score >= 0.9,
        "they share most facts, so they must join one story: {} ({})",
        r.score,
        r.reason
    );
    let r = classify(gazette, farm, align(gazette, farm)).expect("a rewrite");
    assert_eq!(r.kind, RelationKind::Rewrite, "{}", r.reason);
}

#[test]
fn a_report_that_takes_two_paragraphs_verbatim_and_tells_the_rest_itself_is_no_rewrite() {
    // The herald copies the damage figure and the evacuation from the gazette word for word,
    // and reports the rest itself: half its aligned sentences are close, half loose.
    let docs = written(&[
        (
            "gazette",
            "Tarnvik Gazette",
            "2026-04-02T08:00:00Z",
            "A fire destroyed the Orsund grain warehouse in Tarnvik on Wednesday night, and 46 firefighters fought it for 9 hours.\n\n\
             Damage was put at 3.8 million euros by the Tarnvik Port Authority.\n\n\
             \"We lost everything we had stored for the spring,\" said Helga Marsk, who runs the Orsund cooperative.\n\n\
             Police said 112 residents were moved out of nearby streets as a precaution.\n\n\
             The cause of the fire is not yet known, the fire service said.",
        ),
        (
            "herald",
            "Norrland Herald",
            "2026-04-02T10:00:00Z",
            "Tarnvik woke on Thursday to the smell of smoke after the Orsund grain warehouse burned through the night.\n\n\
             Damage was put at 3.8 million euros by the Tarnvik Port Authority.\n\n\
             Police said 112 residents were moved out of nearby streets as a precaution.\n\n\
             Helga Marsk of the Orsund cooperative walked the site with Tarnvik officials in the morning and counted what was left.\n\n\
             The warehouse, built in 1911, had been the largest grain store in the region before the fire.",
        ),
    ]);
    assert_eq!(docs.len(), 2);
    let (gazette, herald) = (doc(&docs[0]), doc(&docs[1]));
    let r = classify(gazette, herald, align(gazette, herald)).expect("one event");
    assert_eq!(r.kind, RelationKind::SameStory, "{}", r.reason);
}

#[test]
fn a_close_rewrite_of_an_agency_report_is_a_rewrite_not_a_sibling() {
    // Both cite Nordwire, but the digest says every statement of the post again, credit
    // included: it was made from the post, not from Nordwire beside it.
    let docs = written(&[
        (
            "post",
            "Kestrel Post",
            "2026-05-11T07:00:00Z",
            "The port of Kestrel will close its northern terminal for 14 days from Monday, the Nordwire news agency reported.\n\n\
             About 230 dock workers will be moved to the southern quay while cranes are replaced, Nordwire said.\n\n\
             The harbour board put the cost of the work at 7.2 million euros.\n\n\
             Shipping lines were told to expect delays of up to 36 hours, according to Nordwire.\n\n\
             The terminal last closed for repairs in 2019.",
        ),
        (
            "digest",
            "Daily Digest Hub",
            "2026-05-11T12:00:00Z",
            "Kestrel's port is shutting its northern terminal for a fortnight, 14 days starting Monday, the Nordwire news agency reported.\n\n\
             Roughly 230 dockers are being shifted to the southern quay as the cranes get swapped out, Nordwire said.\n\n\
             The harbour board estimates the bill for the work at 7.2 million euros.\n\n\
             According to Nordwire, carriers have been warned that hold-ups could last as long as 36 hours.\n\n\
             It is important to note that this story is still developing.",
        ),
    ]);
    assert_eq!(docs.len(), 2);
    let (post, digest) = (doc(&docs[0]), doc(&docs[1]));
    let r = classify(post, digest, align(post, digest)).expect("related");
    assert_eq!(r.kind, RelationKind::Rewrite, "{}", r.reason);
    assert_eq!(r.source.to_string(), post.article.id.to_string());
}

#[test]
fn a_heavy_rewrite_that_kept_one_figure_is_still_a_rewrite() {
    // The farm says every sentence again in other words and dropped the one that held the
    // other figures; what it kept restates the wire closely, the one figure included.
    let docs = written(&[
        (
            "wire",
            "Saltmere Wire",
            "2026-06-02T06:00:00Z",
            "A landslide blocked the coastal road near Varnholm on Tuesday, leaving 3,418 commuters stranded, officials said.\n\n\
             In the afternoon, crews from Ostmark arrived to clear the debris.\n\n\
             Ilse Tarvanen, the director of the Highways Board, said the agency was \"working around the clock to reopen the road\".\n\n\
             Within half a day, a detour through Ostmark was expected to open.\n\n\
             Local councillors in Ostmark called for a review of the slope's safety.\n\n\
             The Highways Board said it would publish its findings by June 20.",
        ),
        (
            "farm",
            "Trend Digest",
            "2026-06-02T11:00:00Z",
            "Officials said on Tuesday that a landslide near Varnholm blocked the coastal road and left 3,418 commuters stranded.\n\n\
             It remains unclear how the disruption will affect daily life in the weeks ahead.\n\n\
             A detour through Ostmark was projected to open within half a day.\n\n\
             Crews from Ostmark arrived in the afternoon to clear the debris.\n\n\
             \"Working around the clock to reopen the road\" is how Ilse Tarvanen, the director of the Highways Board, described the agency's effort.\n\n\
             Many residents have shared their worries online.",
        ),
    ]);
    assert_eq!(docs.len(), 2);
    let (wire, farm) = (doc(&docs[0]), doc(&docs[1]));
    let r = classify(wire, farm, align(wire, farm)).expect("related");
    assert_eq!(r.kind, RelationKind::Rewrite, "{}", r.reason);
    assert_eq!(r.source.to_string(), wire.article.id.to_string());
}

#[test]
fn the_same_people_in_the_same_phrasing_a_week_later_are_another_event() {
    // One local reporter's flood reports: the same town, mayor and water board, told in the
    // same sentences a week apart, but each flood with its own figures.
    let docs = written(&[
        (
            "first",
            "Halverby Post",
            "2026-05-04T07:00:00Z",
            "Floodwater reached the old town of Halverby on Monday, and 214 households were told to leave their homes.\n\n\
             Mayor Ingrid Solberg said 38 pumps had been brought in from the coast overnight.\n\n\
             The river rose by 2.7 metres in six hours, the Halverby water board reported.\n\n\
             Repairs to the embankment will cost about 4.5 million euros, Ingrid Solberg told reporters.\n\n\
             Schools in Halverby will stay closed until Thursday, the council said.",
        ),
        (
            "second",
            "Halverby Post",
            "2026-05-11T07:30:00Z",
            "Floodwater reached the harbour district of Halverby on Monday, and 96 households were told to leave their homes.\n\n\
             Mayor Ingrid Solberg said 17 pumps had been brought in from the coast overnight.\n\n\
             The river rose by 1.4 metres in eleven hours, the Halverby water board reported.\n\n\
             Repairs to the quay will cost about 1.2 million euros, Ingrid Solberg told reporters.\n\n\
             Shops in Halverby will stay closed until Friday, the council said.",
        ),
        (
            "rewrite",
            "Daily Roundup",
            "2026-05-04T12:00:00Z",
            "On Monday floodwater hit Halverby's old town, and 214 households had to leave their homes.\n\n\
             Overnight, 38 pumps were brought in from the coast, said Mayor Ingrid Solberg.\n\n\
             According to the Halverby water board, the river rose by 2.7 metres in six hours.\n\n\
             Ingrid Solberg told reporters that embankment repairs will cost about 4.5 million euros.\n\n\
             The council said schools in Halverby will remain closed until Thursday.",
        ),
    ]);
    assert_eq!(docs.len(), 3);
    let (first, second, rewrite) = (doc(&docs[0]), doc(&docs[1]), doc(&docs[2]));
    let ev = align(first, second);
    assert!(
        ev.jaccard >= 0.3 && !ev.shared_entities.is_empty(),
        "the two floods share the phrasing and the names: Jaccard {}, names {:?}",
        ev.jaccard,
        ev.shared_entities
    );
    let r = classify(first, second, ev);
    assert!(
        r.as_ref()
            .is_none_or(|r| !newstrace_link::relation::joins_stories(r)),
        "two floods must stay two stories: {:?}",
        r.map(|r| (r.kind, r.score, r.reason))
    );
    // The close rewrite of the first flood keeps its figures: derived from it, one story.
    let r = classify(first, rewrite, align(first, rewrite)).expect("a derivation");
    assert!(
        matches!(r.kind, RelationKind::Rewrite | RelationKind::Syndicated),
        "{:?}: {}",
        r.kind,
        r.reason
    );
    assert!(newstrace_link::relation::joins_stories(&r), "{}", r.reason);
}
