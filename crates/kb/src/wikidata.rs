//! Streaming import of Wikidata JSON dumps into `.kb` records (`docs/KB.md`).
//!
//! A dump is a JSON array with one entity per line (`[`, then `{...},` lines, then `]`), plain,
//! gzip'd or bzip2'd (detected from the first bytes, whatever the file name). It is read line by
//! line and each line is parsed alone, so memory stays bounded by the largest single entity,
//! whatever the dump's size. Entities whose `P31` (instance of) is one of the configured classes
//! are written as `entity wd:q…` records, with their dated events (inception, dissolution, point
//! in time) and, for people, their positions held (`P39`) as terms.
//!
//! Wikidata gives positions only as item ids, so a term's role is written `wd:Q…` unless the
//! position's label is known: from [`ImportOptions::role_labels`], or found in the dump itself
//! when [`ImportOptions::resolve_roles`] is set (two extra streaming passes).

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

/// The default classes (`P31` values) kept, for the security, defence and news world, with
/// their English labels. Humans (`Q5`) are kept only when they held at least one position
/// (`P39`) with a known start.
pub const DEFAULT_CLASSES: &[(&str, &str)] = &[
    ("Q484652", "international organization"),
    ("Q245065", "intergovernmental organization"),
    ("Q1127126", "military alliance"),
    ("Q131569", "treaty"),
    ("Q192283", "news agency"),
    ("Q3624078", "sovereign state"),
    ("Q6256", "country"),
    ("Q7278", "political party"),
    ("Q5", "human"),
];

/// The class id of humans, who become `person` entities.
const HUMAN: &str = "Q5";

/// The longest line accepted by default: real entities reach a few megabytes; anything far
/// beyond is not an entity line, and holding it would break the memory bound.
pub const DEFAULT_MAX_LINE_BYTES: usize = 64 << 20;

/// How often (in lines) the progress callback is called.
const PROGRESS_EVERY: u64 = 1000;

/// At most this many warnings are kept in [`ImportSummary::warnings`].
pub const MAX_WARNINGS: usize = 100;

/// What to keep from a dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// Q-ids of the `P31` (instance of) classes to keep; [`DEFAULT_CLASSES`] by default.
    pub classes: Vec<String>,
    /// Language of names and aliases (`en`); the language-neutral `mul` label is the fallback.
    pub lang: String,
    /// Most aliases written per entity.
    pub max_aliases: usize,
    /// Labels for position ids (`Q…` → "Secretary General of NATO"), used as terms' roles.
    pub role_labels: HashMap<String, String>,
    /// Find the labels of the positions held in the dump itself: two extra passes over it.
    pub resolve_roles: bool,
    /// Longest line accepted; a longer one is skipped as malformed.
    pub max_line_bytes: usize,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            classes: default_classes(),
            lang: "en".to_string(),
            max_aliases: 10,
            role_labels: HashMap::new(),
            resolve_roles: false,
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
        }
    }
}

/// The Q-ids of [`DEFAULT_CLASSES`].
pub fn default_classes() -> Vec<String> {
    DEFAULT_CLASSES.iter().map(|(q, _)| q.to_string()).collect()
}

/// Where an import stands, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportProgress {
    /// Bytes read from the file (compressed bytes for a compressed dump).
    pub bytes_read: u64,
    /// The file's size, when known: the progress bar's length.
    pub total_bytes: Option<u64>,
    /// Entities read so far in this pass.
    pub entities_seen: u64,
    /// Entities written so far.
    pub entities_kept: u64,
    /// This pass, from 1.
    pub pass: u8,
    /// Passes in all (3 with `resolve_roles`, else 1).
    pub passes: u8,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportSummary {
    /// Entities read.
    pub seen: u64,
    /// Entities written.
    pub kept: u64,
    /// Lines that were not an entity (bad JSON, too long, not UTF-8), skipped.
    pub skipped_malformed: u64,
    /// Terms written.
    pub terms: u64,
    /// Events written.
    pub events: u64,
    /// The first [`MAX_WARNINGS`] problems, each with its line number.
    pub warnings: Vec<String>,
}

/// Why an import stopped.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The dump could not be opened.
    #[error("{}: {source}", path.display())]
    Open {
        /// The dump.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
    /// Reading or decompressing failed (a truncated or corrupt file).
    #[error("{}: line {line}: {source}", path.display())]
    Read {
        /// The dump.
        path: PathBuf,
        /// The line being read.
        line: u64,
        /// The cause.
        source: io::Error,
    },
    /// Writing the records failed.
    #[error("writing records: {0}")]
    Write(#[source] io::Error),
}

/// Streams the dump at `input` and writes the kept entities to `out` as `.kb` records.
///
/// Malformed lines are counted and skipped; only I/O failures stop the import.
pub fn import(
    input: &Path,
    out: &mut dyn Write,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(ImportProgress),
) -> Result<ImportSummary, ImportError> {
    let passes = if opts.resolve_roles { 3 } else { 1 };
    let classes: HashSet<&str> = opts.classes.iter().map(String::as_str).collect();
    let mut role_labels = opts.role_labels.clone();

    if opts.resolve_roles {
        // Pass 1: which positions do the kept people hold? Pass 2: what are they called?
        let mut wanted: HashSet<String> = HashSet::new();
        stream(input, opts, 1, passes, progress, &mut |e, _| {
            if let Some(rec) = select(&e, &classes, opts) {
                for t in &rec.terms {
                    if !role_labels.contains_key(&t.position) {
                        wanted.insert(t.position.clone());
                    }
                }
            }
            Ok(false)
        })?;
        if !wanted.is_empty() {
            stream(input, opts, 2, passes, progress, &mut |e, _| {
                if wanted.contains(&e.id)
                    && let Some(label) = label_of(&e, &opts.lang)
                {
                    role_labels.insert(e.id.clone(), label);
                }
                Ok(false)
            })?;
        }
    }

    let file_name = input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    write_pass(out, opts, &role_labels, &file_name, &mut |each| {
        stream(input, opts, passes, passes, progress, each)
    })
}

/// Like [`import`], from any reader (plain, gzip or bzip2) in one pass: `resolve_roles` is
/// ignored, since a reader cannot be read twice. `name` is used in errors and the header.
pub fn import_reader(
    reader: impl Read,
    name: &str,
    out: &mut dyn Write,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(ImportProgress),
) -> Result<ImportSummary, ImportError> {
    let path = Path::new(name);
    let mut reader = Some(reader);
    write_pass(
        out,
        opts,
        &opts.role_labels,
        name,
        &mut |each| match reader.take() {
            Some(r) => stream_reader(path, r, None, opts, 1, 1, &mut *progress, each),
            None => Ok(ImportSummary::default()),
        },
    )
}

/// What a pass does with each entity read (and its line): whether it kept it.
type EachEntity<'a> = dyn FnMut(RawEntity, u64) -> Result<bool, ImportError> + 'a;

/// The pass that writes: a header comment, then one block of records per kept entity.
fn write_pass(
    out: &mut dyn Write,
    opts: &ImportOptions,
    role_labels: &HashMap<String, String>,
    dump_name: &str,
    run: &mut dyn FnMut(&mut EachEntity) -> Result<ImportSummary, ImportError>,
) -> Result<ImportSummary, ImportError> {
    let classes: HashSet<&str> = opts.classes.iter().map(String::as_str).collect();
    let mut terms = 0;
    let mut events = 0;
    writeln!(
        out,
        "# Imported from the Wikidata dump {}: instances of {}; names in \"{}\".",
        clean(dump_name),
        clean(&opts.classes.join(", ")),
        clean(&opts.lang)
    )
    .map_err(ImportError::Write)?;
    let mut summary = run(&mut |e, _| {
        let Some(rec) = select(&e, &classes, opts) else {
            return Ok(false);
        };
        write_record(out, &rec, role_labels).map_err(ImportError::Write)?;
        terms += rec.terms.len() as u64;
        events += rec.events.len() as u64;
        Ok(true)
    })?;
    out.flush().map_err(ImportError::Write)?;
    summary.terms = terms;
    summary.events = events;
    Ok(summary)
}

/// Streams the dump and returns the labels (in `lang`, else `mul`) of the entities in `ids`:
/// a second pass for roles, or any other lookup.
pub fn collect_labels(
    input: &Path,
    ids: &HashSet<String>,
    lang: &str,
) -> Result<HashMap<String, String>, ImportError> {
    let mut labels = HashMap::new();
    let opts = ImportOptions::default();
    stream(input, &opts, 1, 1, &mut |_| {}, &mut |e, _| {
        if ids.contains(&e.id)
            && let Some(label) = label_of(&e, lang)
        {
            labels.insert(e.id.clone(), label);
        }
        Ok(false)
    })?;
    Ok(labels)
}

// ---------------------------------------------------------------------------------------------
// Reading.

/// Counts the bytes read from the file, for progress.
struct Counting<R> {
    inner: R,
    count: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Wraps `raw` in the decoder its first bytes call for: gzip, bzip2, or none.
fn decoder<'a>(raw: impl Read + 'a) -> io::Result<Box<dyn Read + 'a>> {
    let mut raw = BufReader::with_capacity(64 << 10, raw);
    let head = raw.fill_buf()?;
    // Magic numbers rather than file names: a renamed file still reads.
    Ok(if head.starts_with(&[0x1f, 0x8b]) {
        Box::new(flate2::read::MultiGzDecoder::new(raw))
    } else if head.starts_with(b"BZh") {
        // Multi-stream: the official dumps are made by parallel bzip2.
        Box::new(bzip2::read::MultiBzDecoder::new(raw))
    } else {
        Box::new(raw)
    })
}

/// Opens the dump at `input` and streams it (see [`stream_reader`]).
fn stream(
    input: &Path,
    opts: &ImportOptions,
    pass: u8,
    passes: u8,
    progress: &mut dyn FnMut(ImportProgress),
    each: &mut EachEntity,
) -> Result<ImportSummary, ImportError> {
    let file = File::open(input).map_err(|source| ImportError::Open {
        path: input.to_path_buf(),
        source,
    })?;
    let total_bytes = file.metadata().ok().map(|m| m.len());
    stream_reader(input, file, total_bytes, opts, pass, passes, progress, each)
}

/// Reads every entity line of a dump and hands each parsed entity to `each`, which says
/// whether it kept it. `name` is only for errors.
#[allow(clippy::too_many_arguments)] // private plumbing shared by the passes
fn stream_reader(
    name: &Path,
    raw: impl Read,
    total_bytes: Option<u64>,
    opts: &ImportOptions,
    pass: u8,
    passes: u8,
    progress: &mut dyn FnMut(ImportProgress),
    each: &mut EachEntity,
) -> Result<ImportSummary, ImportError> {
    let count = std::rc::Rc::new(std::cell::Cell::new(0u64));
    let counting = Counting {
        inner: raw,
        count: count.clone(),
    };
    let read_err = |line: u64, source: io::Error| ImportError::Read {
        path: name.to_path_buf(),
        line,
        source,
    };
    let mut reader =
        BufReader::with_capacity(256 << 10, decoder(counting).map_err(|e| read_err(1, e))?);
    let mut summary = ImportSummary::default();
    let mut buf: Vec<u8> = Vec::with_capacity(64 << 10);
    let mut line_no = 0u64;
    let report = |summary: &ImportSummary, progress: &mut dyn FnMut(ImportProgress)| {
        progress(ImportProgress {
            bytes_read: count.get(),
            total_bytes,
            entities_seen: summary.seen,
            entities_kept: summary.kept,
            pass,
            passes,
        })
    };
    report(&summary, progress);
    loop {
        buf.clear();
        let complete = match read_line_capped(&mut reader, &mut buf, opts.max_line_bytes) {
            Ok(None) => break,
            Ok(Some(c)) => c,
            Err(e) => return Err(read_err(line_no + 1, e)),
        };
        line_no += 1;
        if line_no.is_multiple_of(PROGRESS_EVERY) {
            report(&summary, progress);
        }
        if !complete {
            warn(
                &mut summary,
                line_no,
                format!("longer than {} bytes", opts.max_line_bytes),
            );
            continue;
        }
        let Some(body) = entity_slice(&buf) else {
            continue;
        };
        match serde_json::from_slice::<RawEntity>(body) {
            Ok(entity) => {
                summary.seen += 1;
                if each(entity, line_no)? {
                    summary.kept += 1;
                }
            }
            Err(e) => warn(&mut summary, line_no, e.to_string()),
        }
        // One huge entity must not pin its buffer for the rest of the dump.
        if buf.capacity() > 8 << 20 {
            buf = Vec::with_capacity(64 << 10);
        }
    }
    report(&summary, progress);
    Ok(summary)
}

/// Counts a malformed line, keeping the first [`MAX_WARNINGS`] messages.
fn warn(summary: &mut ImportSummary, line: u64, message: String) {
    summary.skipped_malformed += 1;
    if summary.warnings.len() < MAX_WARNINGS {
        summary.warnings.push(format!("line {line}: {message}"));
    }
}

/// Reads one line (without its `\n`) into `buf`, holding at most `cap` bytes of it. Returns
/// `None` at the end of input, `Some(false)` when the line was longer than `cap` (the rest
/// was read and dropped).
fn read_line_capped(
    r: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> io::Result<Option<bool>> {
    let mut any = false;
    let mut fits = true;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(any.then_some(fits));
        }
        any = true;
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i, true),
            None => (chunk.len(), false),
        };
        if fits {
            if buf.len() + take > cap {
                fits = false;
                buf.clear();
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        r.consume(if done { take + 1 } else { take });
        if done {
            return Ok(Some(fits));
        }
    }
}

/// The entity object on a dump line: trimmed, without the array's `[`, `]` and the trailing
/// comma. `None` for lines that carry no entity (the brackets alone, blank lines).
fn entity_slice(line: &[u8]) -> Option<&[u8]> {
    let mut s = line.trim_ascii();
    if let Some(rest) = s.strip_prefix(b"[") {
        s = rest.trim_ascii_start();
    }
    if let Some(rest) = s.strip_suffix(b"]") {
        s = rest.trim_ascii_end();
    }
    if let Some(rest) = s.strip_suffix(b",") {
        s = rest.trim_ascii_end();
    }
    (!s.is_empty()).then_some(s)
}

// ---------------------------------------------------------------------------------------------
// The JSON shape: only what is used is kept; everything else is skipped while parsing.

#[derive(Deserialize)]
struct RawEntity {
    id: String,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default, deserialize_with = "map_or_empty_list")]
    labels: HashMap<String, Term>,
    #[serde(default, deserialize_with = "map_or_empty_list")]
    aliases: HashMap<String, Vec<Term>>,
    #[serde(default, deserialize_with = "map_or_empty_list")]
    claims: Claims,
}

#[derive(Deserialize)]
struct Term {
    value: String,
}

#[derive(Deserialize, Default)]
struct Claims {
    #[serde(default, rename = "P31")]
    instance_of: Vec<Statement>,
    #[serde(default, rename = "P39")]
    position_held: Vec<Statement>,
    #[serde(default, rename = "P571")]
    inception: Vec<Statement>,
    #[serde(default, rename = "P576")]
    dissolved: Vec<Statement>,
    #[serde(default, rename = "P585")]
    point_in_time: Vec<Statement>,
}

#[derive(Deserialize)]
struct Statement {
    mainsnak: Snak,
    #[serde(default, deserialize_with = "map_or_empty_list")]
    qualifiers: Qualifiers,
    #[serde(default)]
    rank: Option<String>,
}

#[derive(Deserialize, Default)]
struct Qualifiers {
    #[serde(default, rename = "P580")]
    start: Vec<Snak>,
    #[serde(default, rename = "P582")]
    end: Vec<Snak>,
    #[serde(default, rename = "P642")]
    of: Vec<Snak>,
}

#[derive(Deserialize)]
struct Snak {
    #[serde(default)]
    datavalue: Option<DataValue>,
}

#[derive(Deserialize)]
struct DataValue {
    #[serde(default)]
    value: Value,
}

/// The datavalue shapes used: an item reference or a time; anything else is ignored.
#[derive(Deserialize, Default)]
struct Value {
    #[serde(default)]
    id: Option<String>,
    #[serde(default, rename = "numeric-id")]
    numeric_id: Option<u64>,
    #[serde(default)]
    time: Option<String>,
    #[serde(default)]
    precision: Option<u8>,
    #[serde(default)]
    calendarmodel: Option<String>,
}

/// Wikidata writes an empty map as `[]`: accept both.
fn map_or_empty_list<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned + Default,
{
    struct V<T>(PhantomData<T>);
    impl<'de, T: DeserializeOwned + Default> Visitor<'de> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object or an empty list")
        }
        fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<T, M::Error> {
            T::deserialize(de::value::MapAccessDeserializer::new(map))
        }
        fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<T, S::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(T::default())
        }
        fn visit_unit<E: de::Error>(self) -> Result<T, E> {
            Ok(T::default())
        }
    }
    d.deserialize_any(V(PhantomData))
}

impl Value {
    fn item(&self) -> Option<String> {
        match (&self.id, self.numeric_id) {
            (Some(id), _) => Some(id.clone()),
            (None, Some(n)) => Some(format!("Q{n}")),
            _ => None,
        }
    }
}

impl Snak {
    fn value(&self) -> Option<&Value> {
        self.datavalue.as_ref().map(|d| &d.value)
    }
}

// ---------------------------------------------------------------------------------------------
// Selection.

/// An entity to write.
struct Record {
    qid: String,
    kind: &'static str,
    name: String,
    aliases: Vec<String>,
    events: Vec<(&'static str, &'static str, String)>,
    terms: Vec<PositionTerm>,
}

/// One position held.
struct PositionTerm {
    position: String,
    of: Option<String>,
    from: String,
    to: Option<String>,
}

/// The `.kb` kind for a class; the first matching class in this order wins.
fn kind_of(class: &str) -> (u8, &'static str) {
    match class {
        HUMAN => (0, "person"),
        "Q192283" => (1, "outlet"),
        "Q131569" => (2, "treaty"),
        "Q3624078" | "Q6256" => (3, "place"),
        _ => (4, "organization"),
    }
}

/// Statements that count: not deprecated, the preferred ones first.
fn ranked(statements: &[Statement]) -> impl Iterator<Item = &Statement> {
    let preferred = statements
        .iter()
        .filter(|s| s.rank.as_deref() == Some("preferred"));
    let normal = statements
        .iter()
        .filter(|s| !matches!(s.rank.as_deref(), Some("preferred") | Some("deprecated")));
    preferred.chain(normal)
}

/// The entity's label in `lang`, else its language-neutral (`mul`) label.
fn label_of(e: &RawEntity, lang: &str) -> Option<String> {
    [lang, "mul"]
        .iter()
        .filter_map(|l| e.labels.get(*l))
        .map(|t| clean(&t.value))
        .find(|v| !v.is_empty())
}

/// The record for an entity of a kept class, or `None`.
fn select(e: &RawEntity, classes: &HashSet<&str>, opts: &ImportOptions) -> Option<Record> {
    if e.kind.as_deref().is_some_and(|k| k != "item") || kb_id(&e.id).is_none() {
        return None;
    }
    let (_, kind) = ranked(&e.claims.instance_of)
        .filter_map(|s| s.mainsnak.value()?.item())
        .filter(|c| classes.contains(c.as_str()))
        .map(|c| kind_of(&c))
        .min()?;
    let name = label_of(e, &opts.lang)?;
    let mut aliases: Vec<String> = Vec::new();
    for t in [opts.lang.as_str(), "mul"]
        .iter()
        .filter_map(|l| e.aliases.get(*l))
        .flatten()
    {
        // ` | ` separates aliases on one line in the format, so it cannot appear inside one.
        let a = clean(&t.value).replace(" | ", " / ");
        if !a.is_empty() && a != name && !aliases.contains(&a) && aliases.len() < opts.max_aliases {
            aliases.push(a);
        }
    }
    let mut rec = Record {
        qid: e.id.clone(),
        kind,
        name,
        aliases,
        events: Vec::new(),
        terms: Vec::new(),
    };
    let mut event = |what: &'static str, prop: &'static str, statements: &[Statement]| {
        if let Some(date) = ranked(statements).find_map(|s| s.mainsnak.value().and_then(kb_date)) {
            rec.events.push((what, prop, date));
        }
    };
    if kind == "treaty" {
        // A treaty's point in time is its signing; its inception is too ambiguous to use.
        event("signed", "P585", &e.claims.point_in_time);
    } else {
        event("founded", "P571", &e.claims.inception);
        event("dissolved", "P576", &e.claims.dissolved);
        if kind == "organization" {
            event("began", "P585", &e.claims.point_in_time);
        }
    }
    if kind == "person" {
        for s in ranked(&e.claims.position_held) {
            let Some(position) = s.mainsnak.value().and_then(Value::item) else {
                continue;
            };
            let date = |snaks: &[Snak]| snaks.iter().find_map(|q| q.value().and_then(kb_date));
            let Some(from) = date(&s.qualifiers.start) else {
                continue; // a term needs a start
            };
            let to = date(&s.qualifiers.end);
            if to.as_deref().is_some_and(|t| t < from.as_str()) {
                continue; // inverted dates: bad data
            }
            let of = s
                .qualifiers
                .of
                .iter()
                .find_map(|q| q.value().and_then(Value::item))
                .and_then(|q| kb_id(&q));
            rec.terms.push(PositionTerm {
                position,
                of,
                from,
                to,
            });
        }
        if rec.terms.is_empty() {
            return None;
        }
    }
    Some(rec)
}

/// `Q458` → `wd:q458` (ids are lowercase in the format); `None` for anything but an item id.
fn kb_id(qid: &str) -> Option<String> {
    let digits = qid.strip_prefix('Q')?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("wd:q{digits}"))
}

/// A Wikidata time value as a `.kb` date at its precision (9 year, 10 month, 11 day):
/// `+1992-02-07T00:00:00Z` → `1992-02-07`. Coarser precisions, years before 1 and Julian
/// calendar dates finer than a year are refused rather than guessed.
fn kb_date(v: &Value) -> Option<String> {
    let time = v.time.as_deref()?;
    let precision = v.precision?;
    let julian = v
        .calendarmodel
        .as_deref()
        .is_some_and(|c| c.ends_with("/Q1985786"));
    if julian && precision > 9 {
        return None;
    }
    let rest = time.strip_prefix('+')?;
    let mut parts = rest.splitn(3, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.get(..2)?.parse().ok()?;
    if !(1..=9999).contains(&year) {
        return None;
    }
    match precision {
        9 => Some(format!("{year:04}")),
        10 if (1..=12).contains(&month) => Some(format!("{year:04}-{month:02}")),
        11 => chrono::NaiveDate::from_ymd_opt(year, month, day)
            .map(|d| d.format("%Y-%m-%d").to_string()),
        _ => None,
    }
}

/// One line of text: control characters (newlines included) become spaces, runs collapse.
fn clean(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------------------------
// Writing.

fn write_record(
    out: &mut dyn Write,
    rec: &Record,
    role_labels: &HashMap<String, String>,
) -> io::Result<()> {
    let Some(id) = kb_id(&rec.qid) else {
        return Ok(());
    };
    let q = &rec.qid;
    writeln!(out, "\nentity {id}")?;
    writeln!(out, "  kind: {}", rec.kind)?;
    writeln!(out, "  name: {}", rec.name)?;
    for a in &rec.aliases {
        writeln!(out, "  alias: {a}")?;
    }
    writeln!(out, "  source: Wikidata {q} (dump)")?;
    for (what, prop, date) in &rec.events {
        writeln!(out, "\nevent {id} {what}")?;
        writeln!(out, "  date: {date}")?;
        writeln!(out, "  source: Wikidata {q} {prop} (dump)")?;
    }
    for t in &rec.terms {
        let role = role_labels
            .get(&t.position)
            .map(|l| clean(l))
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| format!("wd:{}", t.position));
        writeln!(out, "\nterm {id}")?;
        writeln!(out, "  role: {role}")?;
        if let Some(of) = &t.of {
            writeln!(out, "  of: {of}")?;
        }
        writeln!(out, "  from: {}", t.from)?;
        if let Some(to) = &t.to {
            writeln!(out, "  to: {to}")?;
        }
        writeln!(out, "  source: Wikidata {q} P39 {} (dump)", t.position)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(t: &str, p: u8) -> Value {
        Value {
            time: Some(t.to_string()),
            precision: Some(p),
            calendarmodel: Some("http://www.wikidata.org/entity/Q1985727".into()),
            ..Value::default()
        }
    }

    #[test]
    fn dates_keep_their_precision() {
        assert_eq!(
            kb_date(&time("+1992-02-07T00:00:00Z", 11)).as_deref(),
            Some("1992-02-07")
        );
        assert_eq!(
            kb_date(&time("+1992-02-00T00:00:00Z", 10)).as_deref(),
            Some("1992-02")
        );
        assert_eq!(
            kb_date(&time("+1992-00-00T00:00:00Z", 9)).as_deref(),
            Some("1992")
        );
        assert_eq!(kb_date(&time("+1990-00-00T00:00:00Z", 8)), None);
        assert_eq!(kb_date(&time("-0044-03-15T00:00:00Z", 11)), None);
        assert_eq!(kb_date(&time("+1992-02-30T00:00:00Z", 11)), None);
        assert_eq!(kb_date(&time("garbage", 11)), None);
        let mut julian = time("+1500-03-01T00:00:00Z", 11);
        julian.calendarmodel = Some("http://www.wikidata.org/entity/Q1985786".into());
        assert_eq!(kb_date(&julian), None);
    }

    #[test]
    fn entity_lines_are_cut_out_of_the_array() {
        assert_eq!(entity_slice(b"["), None);
        assert_eq!(entity_slice(b"]"), None);
        assert_eq!(entity_slice(b"  "), None);
        assert_eq!(
            entity_slice(b"{\"id\":\"Q1\"},"),
            Some(&b"{\"id\":\"Q1\"}"[..])
        );
        assert_eq!(
            entity_slice(b"[{\"id\":\"Q1\"}]"),
            Some(&b"{\"id\":\"Q1\"}"[..])
        );
        assert_eq!(
            entity_slice(b"{\"id\":\"Q1\"}\r"),
            Some(&b"{\"id\":\"Q1\"}"[..])
        );
    }

    #[test]
    fn long_lines_are_dropped_not_held() {
        let text = b"short\nthis one is far too long\nok\nlast-no-newline";
        let mut r = io::BufReader::with_capacity(4, &text[..]);
        let mut buf = Vec::new();
        let mut got = Vec::new();
        while let Some(fits) = read_line_capped(&mut r, &mut buf, 8).unwrap() {
            got.push((fits, String::from_utf8(buf.clone()).unwrap()));
            assert!(buf.len() <= 8);
            buf.clear();
        }
        assert_eq!(
            got,
            vec![
                (true, "short".to_string()),
                (false, String::new()),
                (true, "ok".to_string()),
                (false, String::new()),
            ]
        );
    }

    #[test]
    fn ids_and_text_are_made_safe() {
        assert_eq!(kb_id("Q458").as_deref(), Some("wd:q458"));
        assert_eq!(kb_id("P31"), None);
        assert_eq!(kb_id("Q"), None);
        assert_eq!(clean(" a\n b\tc\u{0}d "), "a b c d");
    }

    #[test]
    fn empty_maps_may_be_lists() {
        let e: RawEntity = serde_json::from_str(
            r#"{"type":"item","id":"Q1","labels":[],"aliases":[],"claims":[]}"#,
        )
        .unwrap();
        assert!(e.labels.is_empty() && e.aliases.is_empty() && e.claims.instance_of.is_empty());
    }
}
