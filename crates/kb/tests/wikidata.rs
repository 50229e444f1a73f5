//! The Wikidata import on a small dump in the real JSON shape (fictional entities, invented
//! ids): plain, gzip'd and bzip2'd; its records parse back; and a generated 20,000-entity dump
//! goes through with bounded memory.

use newstrace_kb::parse::{Record, parse_str};
use newstrace_kb::wikidata::{
    ImportError, ImportOptions, ImportProgress, ImportSummary, default_classes, import,
    import_reader,
};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wikidata/small.json")
}

fn run(path: &Path, opts: &ImportOptions) -> (String, ImportSummary, Vec<ImportProgress>) {
    let mut out = Vec::new();
    let mut seen = Vec::new();
    let summary = import(path, &mut out, opts, &mut |p| seen.push(p)).expect("import");
    (String::from_utf8(out).expect("utf-8 output"), summary, seen)
}

/// The records, without the header comment (which names the file).
fn body(text: &str) -> &str {
    text.split_once('\n').map_or("", |(_, rest)| rest)
}

fn parsed(text: &str) -> Vec<Record> {
    match parse_str("import.kb", text) {
        Ok(records) => records,
        Err(errors) => panic!("output does not parse: {errors:?}\n{text}"),
    }
}

#[test]
fn plain_dump_keeps_the_configured_classes() {
    let (text, summary, _) = run(&fixture(), &ImportOptions::default());
    assert_eq!(summary.seen, 16, "{summary:?}");
    assert_eq!(summary.kept, 8, "{summary:?}\n{text}");
    assert_eq!(summary.skipped_malformed, 1);
    assert_eq!(summary.warnings.len(), 1);
    assert!(
        summary.warnings[0].starts_with("line 11:"),
        "{:?}",
        summary.warnings
    );
    assert_eq!(summary.terms, 3);
    assert_eq!(summary.events, 6);

    assert!(text.starts_with("# Imported from the Wikidata dump small.json"));
    let expected_org = "\nentity wd:q9100001\n  kind: organization\n  name: Northern Harbour \
        Defence Council\n  alias: NHDC\n  alias: the Harbour Council\n  source: Wikidata Q9100001 \
        (dump)\n";
    assert!(text.contains(expected_org), "{text}");
    assert!(text.contains("\nevent wd:q9100001 founded\n  date: 1961-04-12\n"));
    assert!(text.contains("\nevent wd:q9100001 dissolved\n  date: 1999\n"));
    // The `mul` label stands in for English; ` | ` cannot stay inside an alias; preferred wins.
    assert!(text.contains("  name: Azure Pact Alliance\n  alias: APA\n  alias: Azure / Pact\n"));
    assert!(text.contains("\nevent wd:q9100002 founded\n  date: 1971-05\n"));
    // A treaty's point in time is its signing.
    assert!(text.contains("  kind: treaty\n  name: Treaty of Greyhaven\n"));
    assert!(text.contains("\nevent wd:q9100003 signed\n  date: 1958-09-30\n"));
    assert!(!text.contains("event wd:q9100003 founded"));
    assert!(text.contains("  kind: outlet\n  name: Meridian Press Agency\n"));
    assert!(text.contains("  kind: place\n  name: Republic of Valdoria\n"));
    assert!(text.contains("\nevent wd:q9100005 founded\n  date: 1919-11\n"));
    // Names are one line.
    assert!(text.contains("  kind: organization\n  name: Union for a Free Váldor\n"));
    // People: terms with and without an end, an `of`, roles as ids without labels.
    assert!(text.contains("  kind: person\n  name: Ilse Marenko\n  alias: Marenko\n"));
    let term = "\nterm wd:q9100007\n  role: wd:Q9100006\n  of: wd:q9100001\n  from: \
        1990-03-01\n  to: 1994-06-30\n  source: Wikidata Q9100007 P39 Q9100006 (dump)\n";
    assert!(text.contains(term), "{text}");
    assert!(text.contains("\nterm wd:q9100007\n  role: wd:Q9100010\n  from: 2001\n  source:"));
    assert!(text.contains("  name: Ansel Dray\n"), "numeric-id only P31");
    // Not kept: no position with a start, other class, deprecated class, no English label,
    // the position item itself, a property.
    for absent in [
        "Tomas Quill",
        "Oren Vaskel",
        "Harbour at Dusk",
        "Deprecated League",
        "Küstenstaaten",
        "wd:q9100006\n  kind",
        "Q9100012",
        "Q9100011",
        "P9999",
        "Broken",
    ] {
        assert!(
            !text.contains(absent),
            "{absent} should not be there:\n{text}"
        );
    }
}

#[test]
fn output_parses_back_as_kb_records() {
    let (text, _, _) = run(&fixture(), &ImportOptions::default());
    let records = parsed(&text);
    let entities = records
        .iter()
        .filter(|r| matches!(r, Record::Entity(_)))
        .count();
    let events = records
        .iter()
        .filter(|r| matches!(r, Record::Event(_)))
        .count();
    let terms: Vec<_> = records
        .iter()
        .filter_map(|r| match r {
            Record::Term(t) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!((entities, events, terms.len()), (8, 6, 3));
    let open = terms
        .iter()
        .find(|t| t.role == "wd:Q9100010")
        .expect("open term");
    assert!(open.to.is_none());
    assert_eq!(open.person, "wd:q9100007");
}

#[test]
fn gzip_and_bzip2_dumps_give_the_same_records() {
    let dir = tempfile::tempdir().expect("tempdir");
    let raw = std::fs::read(fixture()).expect("fixture");
    let gz = dir.path().join("small.json.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(&raw).expect("gzip");
    std::fs::write(&gz, enc.finish().expect("gzip")).expect("write gz");
    let bz = dir.path().join("small.json.bz2");
    let mut enc = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
    enc.write_all(&raw).expect("bzip2");
    std::fs::write(&bz, enc.finish().expect("bzip2")).expect("write bz2");
    // Detected from the bytes, not the name.
    let renamed = dir.path().join("dump.dat");
    std::fs::copy(&bz, &renamed).expect("copy");

    let opts = ImportOptions::default();
    let (plain, plain_summary, _) = run(&fixture(), &opts);
    for path in [&gz, &bz, &renamed] {
        let (text, summary, progress) = run(path, &opts);
        assert_eq!(body(&text), body(&plain), "{}", path.display());
        assert_eq!(summary, plain_summary, "{}", path.display());
        // Progress counts the compressed bytes, up to the file's size.
        let size = std::fs::metadata(path).expect("size").len();
        let last = progress.last().expect("progress");
        assert_eq!(last.bytes_read, size);
        assert_eq!(last.total_bytes, Some(size));
    }
}

#[test]
fn a_truncated_compressed_dump_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let raw = std::fs::read(fixture()).expect("fixture");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(&raw).expect("gzip");
    let mut bytes = enc.finish().expect("gzip");
    bytes.truncate(bytes.len() / 2);
    let gz = dir.path().join("cut.json.gz");
    std::fs::write(&gz, bytes).expect("write");
    let mut out = Vec::new();
    let err = import(&gz, &mut out, &ImportOptions::default(), &mut |_| {}).unwrap_err();
    assert!(matches!(err, ImportError::Read { .. }), "{err}");
    assert!(err.to_string().contains("cut.json.gz"), "{err}");

    let missing = dir.path().join("missing.json");
    let err = import(&missing, &mut out, &ImportOptions::default(), &mut |_| {}).unwrap_err();
    assert!(matches!(err, ImportError::Open { .. }), "{err}");
}

#[test]
fn roles_take_labels_given_or_found_in_the_dump() {
    let role = "Secretary General of the Northern Harbour Defence Council";
    let given = ImportOptions {
        role_labels: HashMap::from([("Q9100006".to_string(), role.to_string())]),
        ..ImportOptions::default()
    };
    let (text, _, _) = run(&fixture(), &given);
    assert!(text.contains(&format!(
        "\nterm wd:q9100007\n  role: {role}\n  of: wd:q9100001\n"
    )));
    assert!(
        text.contains("  role: wd:Q9100010\n"),
        "no label known for it"
    );

    let resolve = ImportOptions {
        resolve_roles: true,
        ..ImportOptions::default()
    };
    let (found, summary, progress) = run(&fixture(), &resolve);
    assert_eq!(body(&found), body(&text), "the dump names the same role");
    assert_eq!(summary.kept, 8);
    assert!(progress.iter().all(|p| p.passes == 3));
    assert_eq!(progress.last().map(|p| p.pass), Some(3));
    parsed(&found);
}

#[test]
fn classes_and_alias_limits_are_options() {
    let opts = ImportOptions {
        classes: vec!["Q131569".to_string()],
        max_aliases: 0,
        ..ImportOptions::default()
    };
    let (text, summary, _) = run(&fixture(), &opts);
    assert_eq!(summary.kept, 1);
    assert!(text.contains("name: Treaty of Greyhaven"));
    assert!(!text.contains("alias:"));
    assert!(default_classes().contains(&"Q5".to_string()));
}

/// Makes a dump of `n` small entities one line at a time, never holding more than one line.
struct Generated {
    n: u64,
    next: u64,
    line: Vec<u8>,
    pos: usize,
}

impl Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.line.len() {
            self.pos = 0;
            self.line.clear();
            let i = self.next;
            self.next += 1;
            if i == 0 {
                self.line.extend_from_slice(b"[\n");
            } else if i <= self.n {
                let class = if i.is_multiple_of(2) {
                    "Q245065"
                } else {
                    "Q11424"
                };
                let comma = if i < self.n { "," } else { "" };
                write!(
                    self.line,
                    r#"{{"type":"item","id":"Q{}","labels":{{"en":{{"language":"en","value":"Body {i}"}}}},"aliases":{{}},"claims":{{"P31":[{{"mainsnak":{{"snaktype":"value","property":"P31","datavalue":{{"value":{{"entity-type":"item","id":"{class}"}},"type":"wikibase-entityid"}}}},"type":"statement","rank":"normal"}}]}}}}{comma}"#,
                    90_000_000 + i
                )?;
                self.line.push(b'\n');
            } else if i == self.n + 1 {
                self.line.extend_from_slice(b"]\n");
            } else {
                return Ok(0);
            }
        }
        let k = buf.len().min(self.line.len() - self.pos);
        buf[..k].copy_from_slice(&self.line[self.pos..self.pos + k]);
        self.pos += k;
        Ok(k)
    }
}

/// Counts what is written without keeping it.
struct Sink(u64);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn twenty_thousand_entities_stream_through() {
    let dump = Generated {
        n: 20_000,
        next: 0,
        line: Vec::new(),
        pos: 0,
    };
    // A small line cap proves no line is held beyond it.
    let opts = ImportOptions {
        max_line_bytes: 4096,
        ..ImportOptions::default()
    };
    let mut out = Sink(0);
    let mut calls = 0;
    let summary =
        import_reader(dump, "generated", &mut out, &opts, &mut |_| calls += 1).expect("import");
    assert_eq!(summary.seen, 20_000);
    assert_eq!(summary.kept, 10_000);
    assert_eq!(summary.skipped_malformed, 0);
    assert!(calls >= 20, "progress every thousand lines, got {calls}");
    assert!(out.0 > 10_000 * 50);
}
