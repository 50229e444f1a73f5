//! The `.kb` reader, merging and lookups: every error class with its line, merge precedence,
//! `remove`, config files, and the core.

use newstrace_kb::parse::{Record, load_config, parse_str};
use newstrace_kb::{EventKind, Kb, KbError};
use std::path::{Path, PathBuf};

/// A fictional organisation, treaty and person, correct in themselves.
const BASE: &str = "\
# Fictional fixtures.
entity org:testland-pact
  kind: organization
  name: Testland Defence Pact
  alias: TDP | the Pact of Testland
  member: place:testland
  source: Fixture almanac, p. 1

entity place:testland
  kind: place
  name: Testland
  source: Fixture almanac, p. 2

entity treaty:testville
  kind: treaty
  name: Treaty of Testville
  alias: Testville Treaty
  introduced: Article 7(3) | joint patrol clause
  source: Fixture gazette

event treaty:testville signed
  date: 1971-06-15
  place: Testville
  source: Fixture gazette

event treaty:testville in-force
  date: 1972
  source: Fixture gazette

event org:testland-pact joined
  date: 1980-02
  by: place:testland
  source: Fixture almanac, p. 3

entity person:roe
  kind: person
  name: Richard Roe
  alias: Roe
  source: Fixture who's who

term person:roe
  role: Secretary General
  of: org:testland-pact
  from: 1990-01-01
  to: 1994-12-31
  source: Fixture who's who
";

fn errors_of(text: &str) -> Vec<KbError> {
    match parse_str("case.kb", text) {
        Ok(records) => panic!("expected errors, parsed {} records", records.len()),
        Err(errors) => errors,
    }
}

/// Asserts a text fails with exactly one error, on `line`, whose message contains `needle`.
fn one_error(text: &str, line: usize, needle: &str) {
    let errors = errors_of(text);
    assert_eq!(errors.len(), 1, "{text:?}: {errors:?}");
    assert_eq!(errors[0].file, "case.kb");
    assert_eq!(errors[0].line, line, "{text:?}: {errors:?}");
    assert!(
        errors[0].message.contains(needle),
        "{text:?}: {:?} lacks {needle:?}",
        errors[0].message
    );
}

const GOOD_EVENT: &str = "  date: 2000\n  source: s\n";

#[test]
fn the_base_fixture_parses() {
    let records = parse_str("base.kb", BASE).unwrap();
    assert_eq!(records.len(), 8);
    let Record::Event(joined) = &records[5] else {
        panic!("{:?}", records[5])
    };
    assert_eq!(joined.what, EventKind::Joined);
    assert_eq!(joined.by.as_deref(), Some("place:testland"));
    assert_eq!(joined.date.end.to_string(), "1980-02-29");
    assert_eq!(joined.origin.line, 30);
    assert!(Kb::from_text("base.kb", BASE).is_ok());
}

#[test]
fn header_errors() {
    one_error(
        "entiy org:x\n  kind: place\n",
        1,
        "unknown record type \"entiy\"",
    );
    one_error(
        "# c\n\nentity org:x org:y\n  kind: place\n",
        3,
        "expected \"entity <id>\"",
    );
    one_error("entity Org:X\n  kind: place\n", 1, "invalid id \"Org:X\"");
    one_error("entity nato\n", 1, "invalid id \"nato\"");
    one_error("event treaty:x sined\n", 1, "unknown event \"sined\"");
    one_error(
        "event treaty:x\n",
        1,
        "expected \"event <entity-id> <what>\"",
    );
    one_error("term\n", 1, "expected \"term <person-id>\"");
    one_error("remove org:x org:y\n", 1, "expected \"remove <id>\"");
    one_error(
        &format!("event treaty:x signed\n{GOOD_EVENT}kind: place\n"),
        4,
        "must be indented",
    );
}

#[test]
fn key_line_errors() {
    one_error(
        "  kind: place\nentity place:x\n  kind: place\n  name: X\n  source: s\n",
        1,
        "outside a record",
    );
    one_error(
        &format!("event treaty:x signed\n{GOOD_EVENT}  just words\n"),
        4,
        "expected \"key: value\"",
    );
    one_error(
        &format!("event treaty:x signed\n{GOOD_EVENT}  Place: X\n"),
        4,
        "invalid key \"Place\"",
    );
    one_error(
        &format!("event treaty:x signed\n{GOOD_EVENT}  place:\n"),
        4,
        "empty value for \"place\"",
    );
    one_error(
        &format!("event treaty:x signed\n{GOOD_EVENT}  signd: 1991\n"),
        4,
        "unknown key \"signd\"",
    );
    one_error(
        &format!("event treaty:x signed\n{GOOD_EVENT}  date: 2001\n"),
        4,
        "\"date\" given twice (first on line 2)",
    );
    one_error(
        "entity place:x\n  kind: planet\n  name: X\n  source: s\n",
        2,
        "unknown kind \"planet\"",
    );
    one_error(
        "entity place:x\n  kind: place\n  name: X\n  alias: A | | B\n  source: s\n",
        4,
        "empty item",
    );
    one_error(
        "entity org:x\n  kind: organization\n  name: X\n  member: place:a | B\n  source: s\n",
        4,
        "invalid id \"B\"",
    );
    one_error(
        "event org:x joined\n  date: 2000\n  by: Finland\n  source: s\n",
        3,
        "invalid id \"Finland\"",
    );
    one_error(
        "term person:x\n  role: R\n  of: the EU\n  from: 2000\n  source: s\n",
        3,
        "invalid id \"the EU\"",
    );
    // Keys that belong to another record type.
    one_error(
        "term person:x\n  role: R\n  from: 2000\n  date: 2001\n  source: s\n",
        4,
        "unknown key \"date\" for term",
    );
}

#[test]
fn value_errors() {
    one_error(
        "event treaty:x signed\n  date: 2023-02-30\n  source: s\n",
        2,
        "no such date \"2023-02-30\"",
    );
    one_error(
        "event treaty:x signed\n  date: 7 Feb 1992\n  source: s\n",
        2,
        "invalid date \"7 Feb 1992\"",
    );
    one_error(
        "event treaty:x signed\n  date: 1992-13\n  source: s\n",
        2,
        "no such date",
    );
    one_error(
        "term person:x\n  role: R\n  from: 2000-05-01\n  to: 2000-04\n  source: s\n",
        4,
        "\"to\" is before \"from\"",
    );
    one_error(
        "term person:x\n  role: R\n  from: 2000-05-01\n  to: 2000-02-31\n  source: s\n",
        4,
        "no such date",
    );
    // A `to` that only shares its year with `from` is not before it.
    assert!(
        parse_str(
            "ok.kb",
            "term person:x\n  role: R\n  from: 2000-05-01\n  to: 2000\n  source: s\n"
        )
        .is_ok()
    );
}

#[test]
fn required_key_errors_name_the_header_line() {
    one_error(
        "\n\nentity place:x\n  kind: place\n",
        3,
        "missing required keys \"name\", \"source\"",
    );
    one_error(
        "event treaty:x signed\n  source: s\n",
        1,
        "missing required key \"date\"",
    );
    one_error(
        "event treaty:x signed\n  date: 2000\n",
        1,
        "missing required key \"source\"",
    );
    one_error(
        "event org:x joined\n  date: 2000\n  source: s\n",
        1,
        "missing required key \"by\"",
    );
    one_error(
        "term person:x\n  from: 2000\n  source: s\n",
        1,
        "missing required key \"role\"",
    );
    one_error(
        "term person:x\n  role: R\n  source: s\n",
        1,
        "missing required key \"from\"",
    );
    one_error(
        "term person:x\n  role: R\n  from: 2000\n",
        1,
        "missing required key \"source\"",
    );
}

#[test]
fn a_file_with_many_errors_reports_them_all_in_line_order() {
    let text = "\
entity org:ok
  kind: organization
  name: Fine
  source: s

entity org:bad
  kind: alliance
  name: Bad
  colour: blue
  source: s

event treaty:bad signed
  date: 1992-02-30

term person:bad
  role: R
  from: 2010
  to: 2009
  source: s
bogus header
";
    let errors = errors_of(text);
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [7, 9, 12, 13, 18, 20], "{errors:#?}");
    assert!(errors.iter().all(|e| e.file == "case.kb"));
    assert_eq!(
        errors[0].to_string(),
        "case.kb:7: unknown kind \"alliance\" (expected one of person, organization, outlet, place, treaty, event)"
    );
}

#[test]
fn duplicates_inside_one_file_are_errors() {
    let text = format!("{BASE}\nevent treaty:testville signed\n  date: 1971\n  source: s\n");
    let errors = Kb::from_text("dup.kb", &text).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, BASE.lines().count() + 2);
    assert!(
        errors[0]
            .message
            .contains("duplicate record (first on line 21)"),
        "{}",
        errors[0].message
    );
    // Two joinings of one body by different members are different records.
    let two = format!(
        "{BASE}\nentity place:otherland\n  kind: place\n  name: Otherland\n  source: s\n\nevent org:testland-pact joined\n  date: 1985\n  by: place:otherland\n  source: s\n"
    );
    let kb = Kb::from_text("two.kb", &two).unwrap();
    assert_eq!(
        kb.events_of_kind("org:testland-pact", EventKind::Joined)
            .len(),
        2
    );
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_user_file_corrects_one_date_and_later_files_win() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(dir.path(), "base.kb", BASE);
    let fix = write(
        dir.path(),
        "fix.kb",
        "event treaty:testville signed\n  date: 1971-06-16\n",
    );
    let kb = Kb::load(&[base.clone(), fix.clone()]).unwrap();
    let signed = &kb.events_of_kind("treaty:testville", EventKind::Signed)[0];
    assert_eq!(signed.date.start.to_string(), "1971-06-16");
    // The rest of the record is kept; the source says where it was amended.
    assert_eq!(signed.place.as_deref(), Some("Testville"));
    assert!(
        signed.source.starts_with("Fixture gazette; amended in "),
        "{}",
        signed.source
    );
    assert!(signed.origin.file.ends_with("fix.kb"));
    assert_eq!(kb.events_of("treaty:testville").len(), 2);

    // A later file wins over an earlier one, and a source given replaces the old one.
    let again = write(
        dir.path(),
        "again.kb",
        "event treaty:testville signed\n  date: 1971-06-17\n  source: Better gazette\n",
    );
    let kb = Kb::load(&[base.clone(), fix.clone(), again.clone()]).unwrap();
    let signed = &kb.events_of_kind("treaty:testville", EventKind::Signed)[0];
    assert_eq!(
        (signed.date.start.to_string(), signed.source.as_str()),
        ("1971-06-17".into(), "Better gazette")
    );
    let kb = Kb::load(&[base.clone(), again, fix]).unwrap();
    assert_eq!(
        kb.events_of_kind("treaty:testville", EventKind::Signed)[0]
            .date
            .start
            .to_string(),
        "1971-06-16"
    );

    // Entities merge key by key: a new alias list, the name kept.
    let alias = write(
        dir.path(),
        "alias.kb",
        "entity treaty:testville\n  alias: Pact of Testville\n",
    );
    let kb = Kb::load(&[base.clone(), alias]).unwrap();
    let treaty = kb.entity("treaty:testville").unwrap();
    assert_eq!(
        (treaty.name.as_str(), treaty.aliases.clone()),
        ("Treaty of Testville", vec!["Pact of Testville".to_string()])
    );
    assert_eq!(treaty.introduced.len(), 2);
    assert!(kb.find("Testville Treaty").is_empty());
    assert_eq!(kb.find("pact of testville").len(), 1);

    // A term is known by person, role, `of` and start: `to` can be corrected alone.
    let term = write(
        dir.path(),
        "term.kb",
        "term person:roe\n  role: secretary general\n  of: org:testland-pact\n  from: 1990-01-01\n  to: 1995-06-30\n",
    );
    let kb = Kb::load(&[base.clone(), term]).unwrap();
    let terms = kb.terms_of("person:roe");
    assert_eq!(terms.len(), 1);
    assert_eq!(terms[0].to.unwrap().start.to_string(), "1995-06-30");
    // An override that would end a term before it began is refused.
    let bad_term = write(
        dir.path(),
        "badterm.kb",
        "term person:roe\n  role: Secretary General\n  from: 1990-01-01\n  to: 1989\n",
    );
    let err = Kb::load(&[base.clone(), bad_term]).unwrap_err();
    assert!(err.message.contains("\"to\" is before \"from\""), "{err}");
    // The core is under it all.
    assert!(kb.entities.len() >= Kb::core().entities.len() + 4);
}

#[test]
fn remove_drops_an_entity_with_its_events_and_terms() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(dir.path(), "base.kb", BASE);
    let rm = write(
        dir.path(),
        "rm.kb",
        "# not ours\nremove treaty:testville\n  note: fictional\nremove person:roe\n",
    );
    let kb = Kb::load(&[base.clone(), rm]).unwrap();
    assert!(kb.entity("treaty:testville").is_none());
    assert!(kb.events_of("treaty:testville").is_empty());
    assert!(kb.find("Treaty of Testville").is_empty());
    assert!(kb.entity("person:roe").is_none() && kb.terms_of("person:roe").is_empty());
    assert!(kb.entity("org:testland-pact").is_some());
    assert_eq!(kb.events_of("org:testland-pact").len(), 1);

    // Removed, then defined anew in a later file: the new record must be complete.
    let anew = write(
        dir.path(),
        "anew.kb",
        "entity treaty:testville\n  kind: treaty\n  name: New Testville Treaty\n  source: s\n",
    );
    let rm = dir.path().join("rm.kb");
    let kb = Kb::load(&[base.clone(), rm.clone(), anew]).unwrap();
    assert_eq!(
        kb.entity("treaty:testville").unwrap().name,
        "New Testville Treaty"
    );
    assert!(kb.events_of("treaty:testville").is_empty());
    let partial = write(
        dir.path(),
        "partial.kb",
        "entity treaty:testville\n  alias: TT\n",
    );
    let err = Kb::load(&[base.clone(), rm, partial]).unwrap_err();
    assert!(err.file.ends_with("partial.kb") && err.line == 1, "{err}");
    assert!(
        err.message
            .contains("missing required keys \"kind\", \"name\", \"source\""),
        "{err}"
    );

    // Removing what is not there is an error, so a typo does not pass unnoticed.
    let typo = write(dir.path(), "typo.kb", "remove treaty:testvile\n");
    let err = Kb::load(&[base, typo]).unwrap_err();
    assert!(err.message.contains("nothing to remove"), "{err}");
}

#[test]
fn user_file_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere.kb");
    let err = Kb::load(std::slice::from_ref(&missing)).unwrap_err();
    assert_eq!(
        (err.file.as_str(), err.line),
        (missing.display().to_string().as_str(), 0)
    );
    assert!(err.message.starts_with("cannot read"), "{err}");

    let bad = write(
        dir.path(),
        "bad.kb",
        "entity org:x\n  kind: club\n  name: X\n  source: s\n\nevent org:x founded\n  date: 2000-02-30\n  source: s\n",
    );
    let errors = Kb::load_all(std::slice::from_ref(&bad)).unwrap_err();
    assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), [2, 7]);
    // `load` gives the first, carrying the others in its message.
    let err = Kb::load(&[bad]).unwrap_err();
    assert_eq!(err.line, 2);
    assert!(err.to_string().contains("bad.kb:7: no such date"), "{err}");

    let binary = dir.path().join("bin.kb");
    std::fs::write(&binary, [0xff, 0xfe, 0x00]).unwrap();
    assert!(Kb::load(&[binary]).unwrap_err().message.contains("UTF-8"));

    // A reference to an entity nobody defines.
    let dangling = write(
        dir.path(),
        "dangling.kb",
        "term person:nobody\n  role: Envoy\n  from: 2001\n  source: s\n",
    );
    let err = Kb::load(&[dangling]).unwrap_err();
    assert!(
        err.message.contains("unknown entity \"person:nobody\""),
        "{err}"
    );
    assert_eq!(err.line, 1);
}

#[test]
fn config_files_resolve_paths_against_their_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("conf")).unwrap();
    let absolute = dir.path().join("abs.kb");
    let config = write(
        &dir.path().join("conf"),
        "newstrace.conf",
        &format!(
            "# my knowledge\n\nkb = mine.kb\n  kb = \"sub dir/more.kb\"\ncolour = blue\nkb = {}\nkb = ['x.kb', \"y.kb\"]\n",
            absolute.display()
        ),
    );
    let paths = load_config(&config).unwrap();
    let conf = dir.path().join("conf");
    assert_eq!(
        paths,
        [
            conf.join("mine.kb"),
            conf.join("sub dir/more.kb"),
            absolute,
            conf.join("x.kb"),
            conf.join("y.kb")
        ]
    );
    assert_eq!(Kb::load_config(&config).unwrap().len(), 5);

    let bad = write(
        dir.path(),
        "bad.conf",
        "kb = a.kb\n\nthis is not a setting\n",
    );
    let err = load_config(&bad).unwrap_err();
    assert_eq!(err.line, 3);
    let empty = write(dir.path(), "empty.conf", "kb = \"\"\n");
    assert_eq!(load_config(&empty).unwrap_err().line, 1);
    let err = load_config(&dir.path().join("none.conf")).unwrap_err();
    assert_eq!(err.line, 0);

    // The files a config names load like `--kb` files.
    write(&conf, "mine.kb", BASE);
    let only = write(&conf, "only.conf", "kb = mine.kb\n");
    let kb = Kb::load(&load_config(&only).unwrap()).unwrap();
    assert_eq!(kb.find("TDP").len(), 1);
}

#[test]
fn the_core_parses_with_zero_errors() {
    let errors = Kb::core_errors();
    let listed: String = errors.iter().map(|e| format!("{e}\n")).collect();
    assert!(errors.is_empty(), "{} core errors:\n{listed}", errors.len());
    let core = Kb::core();
    println!(
        "core: {} entities, {} events, {} terms",
        core.entities.len(),
        core.events.len(),
        core.terms.len()
    );
    // Every core id is unique and every entity is found by its own name.
    for e in &core.entities {
        assert_eq!(
            core.entity(&e.id).map(|x| &x.origin),
            Some(&e.origin),
            "{}",
            e.id
        );
        assert!(
            core.find(&e.name).iter().any(|x| x.id == e.id),
            "{} not found by {:?}",
            e.id,
            e.name
        );
    }
    assert!(Kb::load(&[]).is_ok());
}

/// In the seeds, "Full Name (ACRONYM)" pairs name one thing: where the core knows both forms,
/// they must be the same entity.
#[test]
fn seed_names_and_their_acronyms_agree_in_the_core() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("note: {} absent, seed test skipped", dir.display());
        return;
    };
    let pair = regex::Regex::new(r"((?:[A-Z][\w’'-]*\s+)(?:(?:of|the|for|and|on|in)\s+|[A-Z][\w’'-]*\s+)*[A-Z][\w’'-]*)\s+\(([A-Z]{2,6})\)").unwrap();
    let core = Kb::core();
    let mut checked = 0;
    for entry in entries.flatten() {
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        for caps in pair.captures_iter(&text) {
            let acronym: Vec<&str> = core.find(&caps[2]).iter().map(|e| e.id.as_str()).collect();
            // The full name may start with words that are not part of it ("Under the European Union").
            let words: Vec<&str> = caps[1].split_whitespace().collect();
            let full = (0..words.len())
                .map(|i| words[i..].join(" "))
                .find_map(|name| {
                    let hits: Vec<&str> = core.find(&name).iter().map(|e| e.id.as_str()).collect();
                    (!hits.is_empty()).then_some(hits)
                });
            if let (Some(full), false) = (full, acronym.is_empty()) {
                checked += 1;
                assert!(
                    full.iter().any(|id| acronym.contains(id)),
                    "{:?} ({}) → {full:?} vs {acronym:?}",
                    &caps[1],
                    &caps[2]
                );
            }
        }
    }
    println!("seed name/acronym pairs checked: {checked}");
}
