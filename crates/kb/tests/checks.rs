//! The checks, each both ways, on fictional fixture articles against a small fixture
//! knowledge base; the seed articles and the example corpus against the core.

use chrono::NaiveDate;
use newstrace_analyze::{Context, analyze_context, gazetteer::Gazetteer};
use newstrace_kb::Kb;
use newstrace_kb::checks::check;
use newstrace_model::{Finding, FindingKind, Verdict};
use std::path::{Path, PathBuf};

const FIXTURE_KB: &str = "\
entity treaty:maastricht
  kind: treaty
  name: Maastricht Treaty
  alias: Treaty of Maastricht | Treaty on European Union | TEU
  introduced: European Union
  source: fixture source A

event treaty:maastricht signed
  date: 1992-02-07
  source: fixture source B

event treaty:maastricht in-force
  date: 1993-11-01
  source: fixture source C

entity treaty:lisbon
  kind: treaty
  name: Treaty of Lisbon
  alias: Lisbon Treaty
  introduced: Article 42(7) | mutual assistance clause
  source: fixture source D

event treaty:lisbon signed
  date: 2007-12-13
  source: fixture source E

event treaty:lisbon in-force
  date: 2009-12-01
  source: fixture source F

entity org:french-assembly
  kind: organization
  name: French National Assembly
  source: fixture source G

entity treaty:edc
  kind: treaty
  name: European Defence Community Treaty
  alias: EDC treaty | Treaty establishing the European Defence Community
  source: fixture source H

event treaty:edc signed
  date: 1952-05-27
  source: fixture source I

event treaty:edc rejected
  date: 1954-08-30
  by: org:french-assembly
  source: fixture source J

entity org:nato
  kind: organization
  name: North Atlantic Treaty Organization
  alias: NATO
  source: fixture source K

entity person:stoltenberg
  kind: person
  name: Jens Stoltenberg
  alias: Stoltenberg
  source: fixture source L

term person:stoltenberg
  role: Secretary General
  of: org:nato
  from: 2014-10-01
  to: 2024-10-01
  source: fixture source M
";

fn fixture_kb() -> Kb {
    Kb::from_text("fixture.kb", FIXTURE_KB).expect("fixture knowledge base parses")
}

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn run(text: &str, date: Option<NaiveDate>, kb: &Kb) -> Vec<Finding> {
    let ctx = Context {
        text,
        title: None,
        byline: None,
        outlet: None,
        date,
    };
    let analysis = analyze_context(&ctx, Gazetteer::builtin());
    check(&ctx, &analysis, kb)
}

fn kinds(f: &[Finding]) -> Vec<FindingKind> {
    f.iter().map(|f| f.kind).collect()
}

// ---- EventDate ----

#[test]
fn event_date_signing_year_contradicted() {
    let text = "Delegates in Ostrava recalled the old debates. The Maastricht Treaty was signed in 1990, the speaker told the hall.";
    let f = run(text, None, &fixture_kb());
    assert_eq!(kinds(&f), [FindingKind::EventDate], "{f:#?}");
    let f = &f[0];
    assert_eq!(f.verdict, Verdict::Contradicted);
    assert_eq!(f.expected.as_deref(), Some("1992-02-07 (signed)"));
    assert!(
        f.kb_fact
            .as_deref()
            .unwrap()
            .starts_with("treaty:maastricht signed 1992-02-07 (fixture.kb:")
    );
    assert_eq!(f.source.as_deref(), Some("fixture source B"));
    assert!(f.reason.contains("signing to 1990"), "{}", f.reason);
    assert!(f.reason.contains("7 February 1992"), "{}", f.reason);
    assert!(f.span.of(text).contains("1990"));
}

#[test]
fn event_date_right_dates_are_quiet() {
    let kb = fixture_kb();
    for text in [
        "The Maastricht Treaty was signed in 1992, the speaker told the hall in Ostrava.",
        "The Maastricht Treaty was signed in February 1992 by the ministers.",
        "The Maastricht Treaty entered into force in November 1993 after a long wait.",
        "The Lisbon Treaty took effect on 1 December 2009, the guide said.",
        // Created: signed or in force both fit.
        "The Maastricht Treaty, created in 1993, changed the union's workings.",
        // The date is not the event's: a distance word.
        "In 2019, ten years after the Lisbon Treaty took effect, the ministers met again.",
        // No knowledge-base entry: unknown is not wrong.
        "The Treaty of Ostrava was signed in 1990 by two fictional states.",
    ] {
        let f = run(text, None, &kb);
        assert!(f.is_empty(), "{text}: {f:#?}");
    }
}

#[test]
fn event_date_edc_signing_in_its_rejection_year() {
    let kb = fixture_kb();
    let text = "1954: The European Defence Community (EDC) treaty is signed, but it fails to win over two parliaments.\n";
    let f = run(text, None, &kb);
    assert_eq!(kinds(&f), [FindingKind::EventDate], "{f:#?}");
    assert_eq!(f[0].expected.as_deref(), Some("1952-05-27 (signed)"));
    assert!(
        f[0].reason.contains("French National Assembly rejected it"),
        "{}",
        f[0].reason
    );
    // Its rejection in 1954 is right.
    let text = "1954: The EDC treaty is rejected by the French National Assembly in a late vote.\n";
    assert!(run(text, None, &kb).is_empty());
}

// ---- Introduced ----

#[test]
fn introduced_credited_to_the_wrong_treaty() {
    let kb = fixture_kb();
    for text in [
        "Officials in Ostrava pointed to Article 42(7) of the Maastricht Treaty as the basis.",
        "The Maastricht Treaty introduced Article 42(7), officials in Ostrava said.",
        "Article 42(7), introduced by the Maastricht Treaty, was cited by the officials.",
    ] {
        let f = run(text, None, &kb);
        assert_eq!(kinds(&f), [FindingKind::Introduced], "{text}: {f:#?}");
        let f = &f[0];
        assert_eq!(f.verdict, Verdict::Contradicted);
        assert!(
            f.expected
                .as_deref()
                .unwrap()
                .starts_with("Treaty of Lisbon (signed 13 December 2007"),
            "{:?}",
            f.expected
        );
        assert!(
            f.kb_fact
                .as_deref()
                .unwrap()
                .starts_with("treaty:lisbon introduced Article 42(7)")
        );
        assert_eq!(f.source.as_deref(), Some("fixture source D"));
        assert!(
            f.span.of(text).contains("Article 42(7)") && f.span.of(text).contains("Maastricht")
        );
    }
}

#[test]
fn introduced_right_or_cited_is_quiet() {
    let kb = fixture_kb();
    for text in [
        "The Lisbon Treaty introduced Article 42(7), officials in Ostrava said.",
        "Officials in Ostrava invoked Article 42(7) of the Treaty on European Union.",
        "Article 42(7), introduced by the Treaty of Lisbon, was cited by the officials.",
        "The Maastricht Treaty created the European Union, and the officials cited Article 42(7) today.",
        "It was not the Maastricht Treaty that introduced Article 42(7), the lecturer noted.",
    ] {
        let f = run(text, None, &kb);
        assert!(f.is_empty(), "{text}: {f:#?}");
    }
}

// ---- RoleTerm ----

const ROLE_TEXT: &str = "NATO Secretary General Jens Stoltenberg told reporters in Ostrava that the drills would go ahead.";

#[test]
fn role_outside_its_term_on_the_article_date() {
    let f = run(ROLE_TEXT, day("2026-03-01"), &fixture_kb());
    assert_eq!(kinds(&f), [FindingKind::RoleTerm], "{f:#?}");
    let f = &f[0];
    assert_eq!(f.expected.as_deref(), Some("2014-10-01 to 2024-10-01"));
    assert_eq!(f.source.as_deref(), Some("fixture source M"));
    assert!(
        f.claim.contains("Secretary General") && f.claim.contains("Stoltenberg"),
        "{}",
        f.claim
    );
    assert!(f.reason.contains("1 October 2024"), "{}", f.reason);
}

#[test]
fn role_inside_its_term_or_undated_is_quiet() {
    let kb = fixture_kb();
    assert!(run(ROLE_TEXT, day("2023-01-10"), &kb).is_empty());
    assert!(run(ROLE_TEXT, None, &kb).is_empty());
    let former = "Former NATO Secretary General Jens Stoltenberg told reporters in Ostrava that the drills would go ahead.";
    assert!(run(former, day("2026-03-01"), &kb).is_empty());
    // No term for the role at all: unknown, not wrong.
    let other = "Norwegian Finance Minister Jens Stoltenberg told reporters in Ostrava that the plan was sound.";
    assert!(run(other, day("2026-03-01"), &kb).is_empty());
}

// ---- InternalDate ----

#[test]
fn internal_same_event_two_dates_without_kb() {
    let kb = Kb::default();
    let text = "The Ostrava Accord was signed in 1990 by two fictional states.\n\nLater the same guide says the Ostrava Accord was signed in 1994 by the same states.\n";
    let f = run(text, None, &kb);
    assert_eq!(kinds(&f), [FindingKind::InternalDate], "{f:#?}");
    assert_eq!(f[0].verdict, Verdict::Inconsistent);
    assert_eq!(f[0].expected.as_deref(), Some("1990"));
    assert!(f[0].span.of(text).contains("1994"));
    assert!(f[0].other_spans[0].of(text).contains("1990"));
}

#[test]
fn internal_different_acts_or_same_date_are_quiet() {
    let kb = Kb::default();
    for text in [
        "The Ostrava Accord was signed in 1990 by two fictional states.\n\nThe Ostrava Accord entered into force in 1992 after ratification.\n",
        "The Ostrava Accord was signed in 1990 by two fictional states.\n\nThe Ostrava Accord was signed in March 1990 in the old town hall.\n",
        "The Ostrava Accord was signed in 1990 by two fictional states.\n\nThe revised Ostrava Accord was signed in 1994 by the same states.\n",
    ] {
        let f = run(text, None, &kb);
        assert!(f.is_empty(), "{text}: {f:#?}");
    }
}

#[test]
fn internal_strike_start_two_days() {
    let kb = Kb::default();
    let text = "The strike began on Tuesday, May 5, 2026, when crane drivers at the fictional port of Ostrava walked out.\n\nSince the walkout started on Friday, May 8, the harbour has been quiet.\n";
    let f = run(text, day("2026-05-10"), &kb);
    assert_eq!(kinds(&f), [FindingKind::InternalDate], "{f:#?}");
    let same = "The strike began on Tuesday, May 5, 2026, when crane drivers at the fictional port of Ostrava walked out.\n\nSince the walkout started on Tuesday, May 5, the harbour has been quiet.\n";
    assert!(run(same, day("2026-05-10"), &kb).is_empty());
    let two = "The strike began on Tuesday, May 5, 2026, when crane drivers walked out.\n\nA second strike, at the ferry terminal, began on Friday, May 8, 2026, and the strike began there too on Friday, May 8, 2026.\n";
    assert!(run(two, day("2026-05-10"), &kb).is_empty());
}

// ---- The seeds and the corpus ----

fn seeds_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("note: {} absent; seed checks skipped", dir.display());
        None
    }
}

fn articles(path: &Path) -> Vec<newstrace_model::Article> {
    newstrace_ingest::pipeline::extract_all(&[path.to_path_buf()], &Default::default())
        .into_iter()
        .filter_map(Result::ok)
        .collect()
}

fn run_article(a: &newstrace_model::Article, kb: &Kb) -> Vec<Finding> {
    let ctx = Context::of(a);
    let analysis = newstrace_analyze::analyze(a);
    check(&ctx, &analysis, kb)
}

fn seed(prefix: &str) -> Option<newstrace_model::Article> {
    let dir = seeds_dir()?;
    let path = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })?;
    articles(&path).into_iter().next()
}

#[test]
fn seeds_000_and_003_have_no_finding() {
    for prefix in ["000_", "003_"] {
        let Some(a) = seed(prefix) else { continue };
        for kb in [Kb::core(), &Kb::default(), &fixture_kb()] {
            let f = run_article(&a, kb);
            assert!(f.is_empty(), "seed {prefix}: {f:#?}");
        }
    }
}

#[test]
fn seed_004_internal_contradiction_without_kb() {
    let Some(a) = seed("004_") else { return };
    let f = run_article(&a, &Kb::default());
    assert_eq!(kinds(&f), [FindingKind::InternalDate], "{f:#?}");
    assert_eq!(f[0].expected.as_deref(), Some("1990"));
    assert!(f[0].claim.contains("1992") && f[0].claim.contains("Maastricht"));
}

/// Needs the curated core (data/kb/): the four findings the issue measures on seed 004.
#[test]
fn seed_004_against_the_core() {
    let Some(a) = seed("004_") else { return };
    let f = run_article(&a, Kb::core());
    for x in &f {
        println!(
            "{:?} {:?} -> {:?}: {}",
            x.kind, x.claim, x.expected, x.reason
        );
    }
    let has = |k: FindingKind, claim: &str, expected: &str| {
        f.iter().any(|x| {
            x.kind == k
                && x.claim.contains(claim)
                && x.expected.as_deref().is_some_and(|e| e.contains(expected))
        })
    };
    assert!(
        has(FindingKind::InternalDate, "1992", "1990"),
        "internal 1990 vs 1992: {f:#?}"
    );
    assert!(
        has(FindingKind::EventDate, "1990 Maastricht", "1992"),
        "Maastricht year: {f:#?}"
    );
    assert!(
        has(FindingKind::Introduced, "Maastricht", "Lisbon"),
        "Article 42(7): {f:#?}"
    );
    assert!(
        has(FindingKind::EventDate, "EDC", "1952"),
        "EDC signed 1954: {f:#?}"
    );
    assert!(
        f.iter()
            .all(|x| x.claim.contains("Maastricht") || x.claim.contains("EDC")),
        "only the four: {f:#?}"
    );
}

#[test]
fn example_corpus_only_the_deliberate_contradiction() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
    let all = articles(&dir);
    assert!(all.len() >= 10, "corpus read: {}", all.len());
    let mut internal = 0;
    for a in &all {
        for kb in [Kb::core(), &Kb::default()] {
            let f = run_article(a, kb);
            let deliberate = a
                .title
                .as_deref()
                .is_some_and(|t| t.contains("Everything You Need to Know"));
            if deliberate {
                assert_eq!(kinds(&f), [FindingKind::InternalDate], "{f:#?}");
                assert_eq!(f[0].expected.as_deref(), Some("Monday, March 9, 2026"));
                internal += 1;
            } else {
                assert!(f.is_empty(), "{:?}: {f:#?}", a.title);
            }
        }
    }
    assert_eq!(internal, 2);
}

/// An event that lasts is dated inside its span by news all the time; only its start is checked.
#[test]
fn a_date_inside_a_lasting_event_is_not_a_finding() {
    let text = "Front lines\n\nThe Russo-Ukrainian War entered a new phase in 2023, officials said.\n\n\
                The Russo-Ukrainian War began in 2019, the leaflet claimed.\n";
    let parsed = newstrace_ingest::extract::text_header::parse_text_file(text);
    let ctx = newstrace_analyze::Context {
        text: &parsed.body,
        title: parsed.title.as_deref(),
        byline: None,
        outlet: None,
        date: None,
    };
    let analysis = newstrace_analyze::analyze_context(
        &ctx,
        newstrace_analyze::gazetteer::Gazetteer::builtin(),
    );
    let findings = newstrace_kb::checks::check(&ctx, &analysis, newstrace_kb::Kb::core());
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert!(findings[0].claim.contains("began in 2019"), "{findings:#?}");
}
