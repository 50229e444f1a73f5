//! The merged knowledge base and its lookups.
//!
//! The curated core is compiled in from `data/kb/`; user files merge over it key by key, in
//! order, as `docs/KB.md` describes. Lookups go through indexes built on first use.

use crate::parse::{self, Partial};
use crate::types::{EventKind, KbEntity, KbEvent, KbTerm};
use chrono::NaiveDate;
use newstrace_model::Granularity;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, OnceLock};

/// A knowledge-base error, naming the file and line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct KbError {
    /// The file.
    pub file: String,
    /// 1-based line (0 when the error is about the whole file).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The core files, in file-name order (the order they merge in), with their text.
pub const CORE_FILES: [(&str, &str); 6] = [
    (
        "data/kb/events.kb",
        include_str!("../../../data/kb/events.kb"),
    ),
    (
        "data/kb/organizations.kb",
        include_str!("../../../data/kb/organizations.kb"),
    ),
    (
        "data/kb/outlets.kb",
        include_str!("../../../data/kb/outlets.kb"),
    ),
    (
        "data/kb/people.kb",
        include_str!("../../../data/kb/people.kb"),
    ),
    (
        "data/kb/places.kb",
        include_str!("../../../data/kb/places.kb"),
    ),
    (
        "data/kb/treaties.kb",
        include_str!("../../../data/kb/treaties.kb"),
    ),
];

/// The merged knowledge base.
///
/// The vectors are public for reading; lookups use indexes built on first use, and fall back to
/// scanning when the vectors have since grown or shrunk (call [`Kb::reindex`] after editing them).
#[derive(Debug, Default, Clone)]
pub struct Kb {
    /// Entities, in load order.
    pub entities: Vec<KbEntity>,
    /// Events.
    pub events: Vec<KbEvent>,
    /// Terms.
    pub terms: Vec<KbTerm>,
    pub(crate) index: OnceLock<Index>,
}

/// Lookup indexes of a [`Kb`], valid for the sizes they were built at.
#[derive(Debug, Default, Clone)]
pub(crate) struct Index {
    sizes: (usize, usize, usize),
    by_id: HashMap<String, usize>,
    /// Normalised lowercase names and aliases that are not acronyms.
    by_name: HashMap<String, Vec<usize>>,
    /// Acronyms, as written.
    by_acronym: HashMap<String, Vec<usize>>,
    /// Event positions per entity, by date.
    events_by: HashMap<String, Vec<usize>>,
    /// Term positions per person, by start.
    terms_by: HashMap<String, Vec<usize>>,
    /// What entities introduced ("Article 42(7)"), lowercased, for [`Kb::introduced_in`].
    introduced: IntroducedIndex,
}

/// Every non-blank `introduced` item of the entities, in load order, with one automaton that
/// finds which of them a text contains.
///
/// Why: the check of what a treaty introduced looked for each item in each article's whole
/// text, one substring search (and one lowercased copy of the item) per item per article:
/// about 3 % of an ingest's time for a check that finds nothing in most articles.
#[derive(Debug, Default, Clone)]
struct IntroducedIndex {
    /// `(entity position, item position)` of each item, in load order.
    items: Vec<(usize, usize)>,
    /// The automaton's pattern for each distinct lowercased item, with the positions in
    /// `items` that lowercase to it.
    finder: Option<aho_corasick::AhoCorasick>,
    patterns: Vec<Vec<usize>>,
}

impl IntroducedIndex {
    fn build(entities: &[KbEntity]) -> Self {
        let mut items = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        let mut patterns: Vec<Vec<usize>> = Vec::new();
        let mut pattern_of: HashMap<String, usize> = HashMap::new();
        for (e, entity) in entities.iter().enumerate() {
            for (i, item) in entity.introduced.iter().enumerate() {
                if item.trim().is_empty() {
                    continue;
                }
                let lower = item.to_lowercase();
                let p = *pattern_of.entry(lower.clone()).or_insert_with(|| {
                    texts.push(lower);
                    patterns.push(Vec::new());
                    patterns.len() - 1
                });
                patterns[p].push(items.len());
                items.push((e, i));
            }
        }
        // A build that fails (it never does for plain strings) leaves every item a candidate.
        let finder = aho_corasick::AhoCorasick::new(&texts).ok();
        Self {
            items,
            finder,
            patterns,
        }
    }
}

struct Core {
    kb: Kb,
    errors: Vec<KbError>,
}

static CORE: LazyLock<Core> = LazyLock::new(|| {
    let mut merger = Merger::default();
    let mut errors = Vec::new();
    for (file, text) in CORE_FILES {
        // A broken core file is a bug the core test catches; at run time the tool goes on
        // without that file rather than not at all.
        let (partials, errs) = parse::parse_partial(file, text);
        if errs.is_empty() {
            merger.apply_all(file, partials, &mut errors);
        } else {
            errors.extend(errs);
        }
    }
    let kb = merger.finish();
    errors.extend(kb.dangling(&|_| true));
    Core { kb, errors }
});

impl Kb {
    /// The curated core compiled into the binary.
    pub fn core() -> &'static Kb {
        &CORE.kb
    }

    /// Errors found in the core (none in a correct build; the core test asserts it). Files with
    /// errors are left out of [`Kb::core`].
    pub fn core_errors() -> &'static [KbError] {
        &CORE.errors
    }

    /// The core with the user's files merged over it, in order. A missing, unreadable or invalid
    /// file is an error naming it; when there are several errors, the first is returned and the
    /// others follow in its message, one a line (see [`Kb::load_all`] for the list).
    pub fn load(user_files: &[PathBuf]) -> Result<Kb, KbError> {
        Kb::load_all(user_files).map_err(combine)
    }

    /// Like [`Kb::load`], returning every error.
    pub fn load_all(user_files: &[PathBuf]) -> Result<Kb, Vec<KbError>> {
        let mut merger = Merger::from_kb(Kb::core());
        let mut errors = Vec::new();
        let mut files = HashSet::new();
        for path in user_files {
            let file = path.display().to_string();
            match read_text(path) {
                Ok(text) => merger.merge_text(&file, &text, &mut errors),
                Err(e) => errors.push(e),
            }
            files.insert(file);
        }
        let kb = merger.finish();
        // Only the user's own records are held to their references: a user file removing a core
        // entity must not make the core's references to it fail the load.
        errors.extend(kb.dangling(&|file| files.contains(file)));
        if errors.is_empty() {
            Ok(kb)
        } else {
            Err(errors)
        }
    }

    /// A knowledge base of this text alone, without the core (for tests and tools). `file`
    /// names it in errors and origins.
    pub fn from_text(file: &str, text: &str) -> Result<Kb, Vec<KbError>> {
        Kb::default().merged_with(file, text)
    }

    /// This knowledge base with `text` merged over it, as a user file would be.
    pub fn merged_with(&self, file: &str, text: &str) -> Result<Kb, Vec<KbError>> {
        let mut merger = Merger::from_kb(self);
        let mut errors = Vec::new();
        merger.merge_text(file, text, &mut errors);
        let kb = merger.finish();
        errors.extend(kb.dangling(&|f| f == file));
        if errors.is_empty() {
            Ok(kb)
        } else {
            Err(errors)
        }
    }

    /// The `kb` files a config file names; see [`load_config`].
    pub fn load_config(path: &Path) -> Result<Vec<PathBuf>, KbError> {
        load_config(path)
    }

    /// Rebuilds the lookup indexes after the public vectors were edited.
    pub fn reindex(&mut self) {
        self.index = OnceLock::new();
    }

    /// The indexes, when they match the vectors.
    fn ix(&self) -> Option<&Index> {
        let ix = self.index.get_or_init(|| Index::build(self));
        (ix.sizes == (self.entities.len(), self.events.len(), self.terms.len())).then_some(ix)
    }

    /// The non-blank `introduced` items of the entities, each with its entity, in load order.
    pub fn introduced_items(&self) -> impl Iterator<Item = (&str, &KbEntity)> {
        self.entities
            .iter()
            .flat_map(|e| e.introduced.iter().map(move |i| (i.as_str(), e)))
            .filter(|(i, _)| !i.trim().is_empty())
    }

    /// The non-blank `introduced` items of the entities that `lower_text` contains as
    /// written in lowercase, each with its entity, in load order. `lower_text` is a text
    /// already lowercased; an item counts wherever it occurs, even inside a word.
    pub fn introduced_in<'a>(&'a self, lower_text: &str) -> Vec<(&'a str, &'a KbEntity)> {
        let item = |&(e, i): &(usize, usize)| {
            let entity = &self.entities[e];
            (entity.introduced[i].as_str(), entity)
        };
        let Some(ix) = self.ix() else {
            return self
                .introduced_items()
                .filter(|(i, _)| lower_text.contains(&i.to_lowercase()))
                .collect();
        };
        let found = &ix.introduced;
        let Some(finder) = &found.finder else {
            return found.items.iter().map(item).collect();
        };
        let mut hit = vec![false; found.items.len()];
        for m in finder.find_overlapping_iter(lower_text) {
            for &at in &found.patterns[m.pattern().as_usize()] {
                hit[at] = true;
            }
        }
        found
            .items
            .iter()
            .zip(hit)
            .filter(|(_, h)| *h)
            .map(|(it, _)| item(it))
            .collect()
    }

    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<&KbEntity> {
        match self.ix() {
            Some(ix) => ix.by_id.get(id).map(|&i| &self.entities[i]),
            None => self.entities.iter().find(|e| e.id == id),
        }
    }

    /// Entities one of whose names (canonical or alias) is `name`; acronyms match as
    /// written, other names in any case.
    ///
    /// Whitespace is normalised and a leading "the " ignored on both sides; an acronym is a
    /// single all-capitals word of 2 to 6 letters ("NATO", "EU"), which "Nato" does not match.
    /// Entities come in load order, each once.
    pub fn find(&self, name: &str) -> Vec<&KbEntity> {
        let Some(key) = NameKey::of(name) else {
            return Vec::new();
        };
        let mut hits: Vec<usize> = match self.ix() {
            Some(ix) => {
                let map = if key.acronym {
                    &ix.by_acronym
                } else {
                    &ix.by_name
                };
                map.get(&key.text).cloned().unwrap_or_default()
            }
            None => self
                .entities
                .iter()
                .enumerate()
                .filter(|(_, e)| names(e).filter_map(NameKey::of).any(|k| k == key))
                .map(|(i, _)| i)
                .collect(),
        };
        hits.sort_unstable();
        hits.dedup();
        hits.into_iter().map(|i| &self.entities[i]).collect()
    }

    /// The events of an entity, by date.
    pub fn events_of(&self, id: &str) -> Vec<&KbEvent> {
        match self.ix() {
            Some(ix) => ix
                .events_by
                .get(id)
                .map(|v| v.iter().map(|&i| &self.events[i]).collect())
                .unwrap_or_default(),
            None => {
                let mut events: Vec<&KbEvent> =
                    self.events.iter().filter(|e| e.entity == id).collect();
                events.sort_by_key(|e| (e.date.start, e.date.end));
                events
            }
        }
    }

    /// The events of an entity of one kind ("signed", "in-force"), by date.
    pub fn events_of_kind(&self, id: &str, what: EventKind) -> Vec<&KbEvent> {
        self.events_of(id)
            .into_iter()
            .filter(|e| e.what == what)
            .collect()
    }

    /// The terms of a person, by start.
    pub fn terms_of(&self, person: &str) -> Vec<&KbTerm> {
        match self.ix() {
            Some(ix) => ix
                .terms_by
                .get(person)
                .map(|v| v.iter().map(|&i| &self.terms[i]).collect())
                .unwrap_or_default(),
            None => {
                let mut terms: Vec<&KbTerm> =
                    self.terms.iter().filter(|t| t.person == person).collect();
                terms.sort_by_key(|t| (t.from.start, t.from.end));
                terms
            }
        }
    }

    /// References to unknown entities (an event's entity or `by`, a term's person or `of`, a
    /// `member`) in records read from the files `check` selects.
    fn dangling(&self, check: &dyn Fn(&str) -> bool) -> Vec<KbError> {
        let mut errors = Vec::new();
        let mut unknown = |origin: &crate::Origin, what: &str, id: &str| {
            if check(&origin.file) && self.entity(id).is_none() {
                errors.push(KbError {
                    file: origin.file.clone(),
                    line: origin.line,
                    message: format!("unknown entity \"{id}\" ({what})"),
                });
            }
        };
        for e in &self.entities {
            for m in &e.members {
                unknown(&e.origin, "in member", m);
            }
        }
        for e in &self.events {
            unknown(&e.origin, "the event's entity", &e.entity);
            if let Some(by) = &e.by {
                unknown(&e.origin, "in by", by);
            }
        }
        for t in &self.terms {
            unknown(&t.origin, "the term's person", &t.person);
            if let Some(of) = &t.of {
                unknown(&t.origin, "in of", of);
            }
        }
        errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        errors.dedup();
        errors
    }
}

/// Reads the `kb` paths of a config file (also `Kb::load_config`, `parse::load_config`).
///
/// The config file is plain text, one setting a line: `kb = PATH` adds a knowledge-base file
/// (repeat the line for more; the value may be quoted, and a one-line list
/// `kb = ["a.kb", "b.kb"]` is accepted too). Blank lines and lines starting with `#` are
/// ignored, as are other `key = value` settings, which belong to other parts of the tool. A
/// relative path is resolved against the config file's folder. The files come back in the
/// order written; a line that is not `key = value`, or an empty `kb`, is an error with its line.
pub fn load_config(path: &Path) -> Result<Vec<PathBuf>, KbError> {
    let file = path.display().to_string();
    let text = read_text(path)?;
    let base = path.parent().unwrap_or(Path::new(""));
    let err = |line: usize, message: String| KbError {
        file: file.clone(),
        line,
        message,
    };
    let mut paths = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((key, value)) = trimmed.split_once('=') else {
            return Err(err(
                line,
                format!("expected \"key = value\", found \"{trimmed}\""),
            ));
        };
        if key.trim() != "kb" {
            continue;
        }
        let value = value.trim();
        let items: Vec<&str> = match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            Some(list) => list
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect(),
            None => vec![value],
        };
        if items.is_empty() {
            return Err(err(line, "empty \"kb\" setting".to_string()));
        }
        for item in items {
            let item = unquote(item);
            if item.is_empty() {
                return Err(err(line, "empty \"kb\" path".to_string()));
            }
            let p = Path::new(item);
            paths.push(if p.is_absolute() {
                p.to_path_buf()
            } else {
                base.join(p)
            });
        }
    }
    Ok(paths)
}

fn unquote(s: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

fn read_text(path: &Path) -> Result<String, KbError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| KbError {
        file: file.clone(),
        line: 0,
        message: format!("cannot read: {e}"),
    })?;
    String::from_utf8(bytes).map_err(|_| KbError {
        file,
        line: 0,
        message: "not UTF-8 text".to_string(),
    })
}

/// One error carrying the others in its message, for callers that take a single error.
fn combine(mut errors: Vec<KbError>) -> KbError {
    let mut first = errors.remove(0);
    for e in errors {
        first.message.push('\n');
        first.message.push_str(&e.to_string());
    }
    first
}

fn names(e: &KbEntity) -> impl Iterator<Item = &str> {
    std::iter::once(e.name.as_str()).chain(e.aliases.iter().map(String::as_str))
}

/// A name as looked up: normalised, and either an acronym (as written) or lowercase.
#[derive(Debug, PartialEq, Eq)]
struct NameKey {
    text: String,
    acronym: bool,
}

impl NameKey {
    fn of(name: &str) -> Option<NameKey> {
        let mut words: Vec<String> = name
            .split_whitespace()
            .map(|w| {
                w.chars()
                    .map(|c| match c {
                        '\u{2010}'..='\u{2015}' => '-',
                        '\u{2018}' | '\u{2019}' => '\'',
                        c => c,
                    })
                    .collect()
            })
            .collect();
        if words.len() > 1 && words[0].eq_ignore_ascii_case("the") {
            words.remove(0);
        }
        let text = words.join(" ");
        if text.is_empty() {
            return None;
        }
        let letters = text.chars().count();
        let acronym = (2..=6).contains(&letters)
            && text.chars().all(|c| c.is_alphabetic() && c.is_uppercase());
        Some(if acronym {
            NameKey { text, acronym }
        } else {
            NameKey {
                text: text.to_lowercase(),
                acronym,
            }
        })
    }
}

impl Index {
    fn build(kb: &Kb) -> Index {
        let mut ix = Index {
            sizes: (kb.entities.len(), kb.events.len(), kb.terms.len()),
            ..Index::default()
        };
        for (i, e) in kb.entities.iter().enumerate() {
            ix.by_id.entry(e.id.clone()).or_insert(i);
            for key in names(e).filter_map(NameKey::of) {
                let map = if key.acronym {
                    &mut ix.by_acronym
                } else {
                    &mut ix.by_name
                };
                map.entry(key.text).or_default().push(i);
            }
        }
        for (i, e) in kb.events.iter().enumerate() {
            ix.events_by.entry(e.entity.clone()).or_default().push(i);
        }
        for list in ix.events_by.values_mut() {
            list.sort_by_key(|&i| (kb.events[i].date.start, kb.events[i].date.end));
        }
        for (i, t) in kb.terms.iter().enumerate() {
            ix.terms_by.entry(t.person.clone()).or_default().push(i);
        }
        for list in ix.terms_by.values_mut() {
            list.sort_by_key(|&i| (kb.terms[i].from.start, kb.terms[i].from.end));
        }
        ix.introduced = IntroducedIndex::build(&kb.entities);
        ix
    }
}

/// What identifies a record for merging and for duplicate detection within a file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum RecordKey {
    Entity(String),
    Event(String, EventKind, Option<String>),
    Term(String, String, Option<String>, NaiveDate, Granularity),
    Remove(String),
}

fn role_key(role: &str) -> String {
    role.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The knowledge base while files merge into it; removed records leave holes until the end so
/// that positions in the maps stay valid.
#[derive(Default, Clone)]
struct Merger {
    entities: Vec<Option<KbEntity>>,
    entity_ix: HashMap<String, usize>,
    events: Vec<Option<KbEvent>>,
    event_ix: HashMap<(String, EventKind), Vec<usize>>,
    terms: Vec<Option<KbTerm>>,
    term_ix: HashMap<String, Vec<usize>>,
}

impl Merger {
    fn from_kb(kb: &Kb) -> Merger {
        let mut m = Merger::default();
        for e in &kb.entities {
            m.push_entity(e.clone());
        }
        for e in &kb.events {
            m.push_event(e.clone());
        }
        for t in &kb.terms {
            m.push_term(t.clone());
        }
        m
    }

    fn push_entity(&mut self, e: KbEntity) {
        self.entity_ix.insert(e.id.clone(), self.entities.len());
        self.entities.push(Some(e));
    }

    fn push_event(&mut self, e: KbEvent) {
        self.event_ix
            .entry((e.entity.clone(), e.what))
            .or_default()
            .push(self.events.len());
        self.events.push(Some(e));
    }

    fn push_term(&mut self, t: KbTerm) {
        self.term_ix
            .entry(t.person.clone())
            .or_default()
            .push(self.terms.len());
        self.terms.push(Some(t));
    }

    /// Parses and merges one file; with any error in it, nothing of it is merged.
    fn merge_text(&mut self, file: &str, text: &str, errors: &mut Vec<KbError>) {
        let (partials, errs) = parse::parse_partial(file, text);
        if !errs.is_empty() {
            errors.extend(errs);
            return;
        }
        // Merging can still fail (a new record missing a required key): stage it.
        let before = errors.len();
        let mut staged = self.clone();
        staged.apply_all(file, partials, errors);
        if errors.len() == before {
            *self = staged;
        }
    }

    fn apply_all(&mut self, file: &str, partials: Vec<Partial>, errors: &mut Vec<KbError>) {
        let mut seen: HashMap<RecordKey, usize> = HashMap::new();
        for partial in partials {
            let line = partial.origin().line;
            let err = |message: String| KbError {
                file: file.to_string(),
                line,
                message,
            };
            let key = match &partial {
                Partial::Entity(e) => RecordKey::Entity(e.id.clone()),
                Partial::Event(e) => RecordKey::Event(e.entity.clone(), e.what, e.by.clone()),
                Partial::Term(t) => RecordKey::Term(
                    t.person.clone(),
                    role_key(&t.role),
                    t.of.clone(),
                    t.from.start,
                    t.from.granularity,
                ),
                Partial::Remove { id, .. } => RecordKey::Remove(id.clone()),
            };
            if let Some(first) = seen.insert(key, line) {
                errors.push(err(format!("duplicate record (first on line {first})")));
                continue;
            }
            if let Err(message) = self.apply(partial) {
                errors.push(err(message));
            }
        }
    }

    fn apply(&mut self, partial: Partial) -> Result<(), String> {
        match partial {
            Partial::Entity(p) => match self.entity_ix.get(&p.id).copied() {
                Some(i) => {
                    if let Some(e) = self.entities[i].as_mut() {
                        p.apply_to(e);
                    }
                }
                None => self.push_entity(p.complete()?),
            },
            Partial::Event(p) => match self.find_event(&p.entity, p.what, p.by.as_deref()) {
                Some(i) => {
                    if let Some(e) = self.events[i].as_mut() {
                        p.apply_to(e);
                    }
                }
                None => self.push_event(p.complete()?),
            },
            Partial::Term(p) => match self.find_term(&p.person, &p.role, p.of.as_deref(), p.from) {
                Some(i) => {
                    if let Some(t) = self.terms[i].as_mut() {
                        p.apply_to(t);
                        if t.to.is_some_and(|to| to.end < t.from.start) {
                            return Err("\"to\" is before \"from\"".to_string());
                        }
                    }
                }
                None => self.push_term(p.complete()?),
            },
            Partial::Remove { id, .. } => {
                let Some(i) = self.entity_ix.remove(&id) else {
                    return Err(format!("nothing to remove: no entity \"{id}\""));
                };
                self.entities[i] = None;
                for slot in &mut self.events {
                    if slot.as_ref().is_some_and(|e| e.entity == id) {
                        *slot = None;
                    }
                }
                self.event_ix.retain(|(entity, _), _| *entity != id);
                for slot in &mut self.terms {
                    if slot.as_ref().is_some_and(|t| t.person == id) {
                        *slot = None;
                    }
                }
                self.term_ix.remove(&id);
            }
        }
        Ok(())
    }

    /// The event a record overrides: same entity, kind and `by`; a record without `by` also
    /// overrides the only event of that entity and kind.
    fn find_event(&self, entity: &str, what: EventKind, by: Option<&str>) -> Option<usize> {
        let alive: Vec<usize> = self
            .event_ix
            .get(&(entity.to_string(), what))?
            .iter()
            .copied()
            .filter(|&i| self.events[i].is_some())
            .collect();
        let by_of = |i: usize| self.events[i].as_ref().and_then(|e| e.by.as_deref());
        if let Some(&i) = alive.iter().find(|&&i| by_of(i) == by) {
            return Some(i);
        }
        (by.is_none() && alive.len() == 1).then(|| alive[0])
    }

    /// The term a record overrides: same person, role (any case), start and `of`; a record
    /// without `of` also overrides the only term of that person, role and start.
    fn find_term(
        &self,
        person: &str,
        role: &str,
        of: Option<&str>,
        from: crate::KbDate,
    ) -> Option<usize> {
        let role = role_key(role);
        let alive: Vec<usize> = self
            .term_ix
            .get(person)?
            .iter()
            .copied()
            .filter(|&i| {
                self.terms[i].as_ref().is_some_and(|t| {
                    role_key(&t.role) == role
                        && t.from.start == from.start
                        && t.from.granularity == from.granularity
                })
            })
            .collect();
        let of_of = |i: usize| self.terms[i].as_ref().and_then(|t| t.of.as_deref());
        if let Some(&i) = alive.iter().find(|&&i| of_of(i) == of) {
            return Some(i);
        }
        (of.is_none() && alive.len() == 1).then(|| alive[0])
    }

    fn finish(self) -> Kb {
        Kb {
            entities: self.entities.into_iter().flatten().collect(),
            events: self.events.into_iter().flatten().collect(),
            terms: self.terms.into_iter().flatten().collect(),
            index: OnceLock::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = "\
entity org:example
  kind: organization
  name: Example Defence Union
  alias: EDU | the Union of Examples
  source: fixture

entity treaty:example
  kind: treaty
  name: Treaty of Exampleton
  introduced: Article 9(9)
  source: fixture

event treaty:example in-force
  date: 2001-03-01
  source: fixture

event treaty:example signed
  date: 2000-05
  source: fixture

entity person:doe
  kind: person
  name: Jane Doe
  source: fixture

term person:doe
  role: Secretary General
  of: org:example
  from: 2010-01-01
  to: 2014
  source: fixture

term person:doe
  role: Chair
  from: 2005
  to: 2009-12-31
  source: fixture
";

    #[test]
    fn core_parses_without_errors() {
        let errors = Kb::core_errors();
        assert!(
            errors.is_empty(),
            "core errors:\n{}",
            errors
                .iter()
                .map(|e| e.to_string() + "\n")
                .collect::<String>()
        );
    }

    #[test]
    fn introduced_items_are_found_in_load_order_whatever_their_case() {
        let text = "\
entity treaty:first
  kind: treaty
  name: First Treaty
  introduced: Article 9(9) | Protocol B
  source: fixture

entity treaty:second
  kind: treaty
  name: Second Treaty
  introduced: ARTICLE 9(9) | Annex Q
  source: fixture
";
        let mut kb = Kb::from_text("f.kb", text).unwrap();
        let found = |kb: &Kb, lower: &str| -> Vec<(String, String)> {
            kb.introduced_in(lower)
                .into_iter()
                .map(|(item, e)| (item.to_string(), e.id.clone()))
                .collect()
        };
        let lower = "under article 9(9) and annex q of the text";
        let expected = vec![
            ("Article 9(9)".to_string(), "treaty:first".to_string()),
            ("ARTICLE 9(9)".to_string(), "treaty:second".to_string()),
            ("Annex Q".to_string(), "treaty:second".to_string()),
        ];
        assert_eq!(found(&kb, lower), expected);
        assert!(found(&kb, "nothing introduced here").is_empty());
        // A knowledge base edited without reindexing scans its items instead, alike.
        kb.entities.push(kb.entities[0].clone());
        let mut stale = expected.clone();
        stale.push(("Article 9(9)".to_string(), "treaty:first".to_string()));
        assert_eq!(found(&kb, lower), stale);
        kb.reindex();
        assert_eq!(found(&kb, lower), stale);
    }

    #[test]
    fn lookups() {
        let kb = Kb::from_text("f.kb", FIXTURE).unwrap();
        assert_eq!(
            kb.entity("org:example").unwrap().name,
            "Example Defence Union"
        );
        assert!(kb.entity("org:none").is_none());
        for name in [
            "EDU",
            "Union of Examples",
            "the union  of\nexamples",
            "example defence union",
            "The Example Defence Union",
        ] {
            assert_eq!(kb.find(name).len(), 1, "{name}");
        }
        // Acronyms only as written.
        assert!(kb.find("Edu").is_empty());
        assert!(kb.find("edu").is_empty());
        assert!(kb.find("").is_empty());
        let events: Vec<_> = kb
            .events_of("treaty:example")
            .iter()
            .map(|e| e.what)
            .collect();
        assert_eq!(events, [EventKind::Signed, EventKind::InForce]);
        let terms: Vec<_> = kb
            .terms_of("person:doe")
            .iter()
            .map(|t| t.role.as_str())
            .collect();
        assert_eq!(terms, ["Chair", "Secretary General"]);
    }

    #[test]
    fn stale_index_falls_back_to_scanning() {
        let mut kb = Kb::from_text("f.kb", FIXTURE).unwrap();
        assert_eq!(kb.find("EDU").len(), 1);
        let mut other = kb.entities[0].clone();
        other.id = "org:other".into();
        kb.entities.push(other);
        assert_eq!(kb.find("EDU").len(), 2);
        assert!(kb.entity("org:other").is_some());
        kb.reindex();
        assert_eq!(kb.find("EDU").len(), 2);
    }

    #[test]
    fn dangling_references_are_errors() {
        let errs = Kb::from_text(
            "f.kb",
            "event treaty:nowhere signed\n  date: 2000\n  source: s\n",
        )
        .unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, 1);
        assert!(
            errs[0]
                .message
                .contains("unknown entity \"treaty:nowhere\""),
            "{}",
            errs[0].message
        );
    }
}
