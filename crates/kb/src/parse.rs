//! Reading `.kb` files: the text format of `docs/KB.md`, validated line by line.
//!
//! [`parse_str`] reads one file into complete [`Record`]s, collecting every error (with its
//! file and line) rather than stopping at the first. Merging (`crate::Kb::load`) uses the same
//! reader but keeps records partial, so that a user file may correct one key of a known record.

use crate::kb::KbError;
use crate::types::{EventKind, KbDate, KbEntity, KbEvent, KbKind, KbTerm, Origin};
use chrono::NaiveDate;
use newstrace_model::Granularity;

pub use crate::kb::{CORE_FILES, load_config};

/// One record of a `.kb` file, complete and validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// `entity <id>`.
    Entity(KbEntity),
    /// `event <entity-id> <what>`.
    Event(KbEvent),
    /// `term <person-id>`.
    Term(KbTerm),
    /// `remove <id>`: drops an entity with its events and terms when merging.
    Remove {
        /// The entity id to drop.
        id: String,
        /// Where the record was read.
        origin: Origin,
    },
}

/// Parses one `.kb` file into complete records.
///
/// Every record must carry its required keys (`entity`: `kind`, `name`, `source`; `event`:
/// `date`, `source`; `term`: `role`, `from`, `source`). On any error the whole file is refused
/// and all errors are returned, in line order, each naming `file` and its 1-based line.
pub fn parse_str(file: &str, text: &str) -> Result<Vec<Record>, Vec<KbError>> {
    let (partials, mut errors) = read(file, text, true);
    let mut records = Vec::with_capacity(partials.len());
    for partial in partials {
        let line = partial.origin().line;
        match partial.complete() {
            Ok(record) => records.push(record),
            Err(message) => errors.push(error(file, line, message)),
        }
    }
    if errors.is_empty() {
        Ok(records)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

/// Parses a date written `YYYY`, `YYYY-MM` or `YYYY-MM-DD` into the days it covers and its
/// precision. Impossible dates (`2023-02-30`) are refused.
pub fn parse_date(text: &str) -> Result<KbDate, String> {
    let bad = || format!("invalid date \"{text}\" (expected YYYY, YYYY-MM or YYYY-MM-DD)");
    let parts: Vec<&str> = text.split('-').collect();
    let widths_ok = matches!(parts.len(), 1..=3)
        && parts.iter().enumerate().all(|(i, p)| {
            p.len() == if i == 0 { 4 } else { 2 } && p.bytes().all(|b| b.is_ascii_digit())
        });
    if !widths_ok {
        return Err(bad());
    }
    let number = |i: usize| parts[i].parse::<u32>().unwrap_or(0);
    let year = number(0) as i32;
    let no_such = || format!("no such date \"{text}\"");
    match parts.len() {
        1 => {
            let start = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(no_such)?;
            let end = NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(no_such)?;
            Ok(KbDate {
                start,
                end,
                granularity: Granularity::Year,
            })
        }
        2 => {
            let month = number(1);
            let start = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(no_such)?;
            let next = if month == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(year, month + 1, 1)
            };
            let end = next.and_then(|d| d.pred_opt()).ok_or_else(no_such)?;
            Ok(KbDate {
                start,
                end,
                granularity: Granularity::Month,
            })
        }
        _ => {
            let day = NaiveDate::from_ymd_opt(year, number(1), number(2)).ok_or_else(no_such)?;
            Ok(KbDate {
                start: day,
                end: day,
                granularity: Granularity::Day,
            })
        }
    }
}

/// Whether `id` has the `prefix:name` form of `docs/KB.md`.
pub fn is_valid_id(id: &str) -> bool {
    let ok = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    };
    match id.split_once(':') {
        Some((prefix, name)) => ok(prefix) && ok(name),
        None => false,
    }
}

fn error(file: &str, line: usize, message: impl Into<String>) -> KbError {
    KbError {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

/// An entity record whose keys may be missing (an override of a known entity).
#[derive(Debug, Clone)]
pub(crate) struct PartialEntity {
    pub id: String,
    pub kind: Option<KbKind>,
    pub name: Option<String>,
    pub aliases: Option<Vec<String>>,
    pub country: Option<String>,
    pub state_media: Option<String>,
    pub members: Option<Vec<String>>,
    pub introduced: Option<Vec<String>>,
    pub note: Option<String>,
    pub source: Option<String>,
    pub origin: Origin,
}

/// An event record whose keys may be missing.
#[derive(Debug, Clone)]
pub(crate) struct PartialEvent {
    pub entity: String,
    pub what: EventKind,
    pub date: Option<KbDate>,
    pub by: Option<String>,
    pub place: Option<String>,
    pub note: Option<String>,
    pub source: Option<String>,
    pub origin: Origin,
}

/// A term record; `role` and `from` identify it, so they are always present.
#[derive(Debug, Clone)]
pub(crate) struct PartialTerm {
    pub person: String,
    pub role: String,
    pub of: Option<String>,
    pub from: KbDate,
    pub to: Option<KbDate>,
    pub source: Option<String>,
    pub origin: Origin,
}

/// A record as read, before merging decides whether missing keys are allowed.
#[derive(Debug, Clone)]
pub(crate) enum Partial {
    Entity(PartialEntity),
    Event(PartialEvent),
    Term(PartialTerm),
    Remove { id: String, origin: Origin },
}

fn missing(keys: &[(&str, bool)]) -> Result<(), String> {
    let absent: Vec<String> = keys
        .iter()
        .filter(|(_, present)| !present)
        .map(|(k, _)| format!("\"{k}\""))
        .collect();
    match absent.len() {
        0 => Ok(()),
        1 => Err(format!("missing required key {}", absent[0])),
        _ => Err(format!("missing required keys {}", absent.join(", "))),
    }
}

impl Partial {
    pub(crate) fn origin(&self) -> &Origin {
        match self {
            Partial::Entity(e) => &e.origin,
            Partial::Event(e) => &e.origin,
            Partial::Term(t) => &t.origin,
            Partial::Remove { origin, .. } => origin,
        }
    }

    /// The complete record, or a message naming the missing required keys.
    pub(crate) fn complete(self) -> Result<Record, String> {
        match self {
            Partial::Entity(e) => e.complete().map(Record::Entity),
            Partial::Event(e) => e.complete().map(Record::Event),
            Partial::Term(t) => t.complete().map(Record::Term),
            Partial::Remove { id, origin } => Ok(Record::Remove { id, origin }),
        }
    }
}

impl PartialEntity {
    pub(crate) fn complete(self) -> Result<KbEntity, String> {
        missing(&[
            ("kind", self.kind.is_some()),
            ("name", self.name.is_some()),
            ("source", self.source.is_some()),
        ])?;
        Ok(KbEntity {
            id: self.id,
            kind: self.kind.unwrap_or(KbKind::Event),
            name: self.name.unwrap_or_default(),
            aliases: self.aliases.unwrap_or_default(),
            country: self.country,
            state_media: self.state_media,
            members: self.members.unwrap_or_default(),
            introduced: self.introduced.unwrap_or_default(),
            note: self.note,
            source: self.source.unwrap_or_default(),
            origin: self.origin,
        })
    }

    /// Replaces, key by key, what this record gives.
    pub(crate) fn apply_to(self, e: &mut KbEntity) {
        e.kind = self.kind.unwrap_or(e.kind);
        replace(&mut e.name, self.name);
        replace(&mut e.aliases, self.aliases);
        replace_opt(&mut e.country, self.country);
        replace_opt(&mut e.state_media, self.state_media);
        replace(&mut e.members, self.members);
        replace(&mut e.introduced, self.introduced);
        replace_opt(&mut e.note, self.note);
        e.source = amended_source(&e.source, self.source, &self.origin);
        e.origin = self.origin;
    }
}

impl PartialEvent {
    pub(crate) fn complete(self) -> Result<KbEvent, String> {
        missing(&[
            ("date", self.date.is_some()),
            ("source", self.source.is_some()),
        ])?;
        // Who joined or left is what such an event says; without it the record means nothing.
        if matches!(self.what, EventKind::Joined | EventKind::Left) && self.by.is_none() {
            return Err(format!(
                "missing required key \"by\" (who {})",
                what_name(self.what)
            ));
        }
        let date = self
            .date
            .ok_or_else(|| "missing required key \"date\"".to_string())?;
        Ok(KbEvent {
            entity: self.entity,
            what: self.what,
            date,
            by: self.by,
            place: self.place,
            note: self.note,
            source: self.source.unwrap_or_default(),
            origin: self.origin,
        })
    }

    pub(crate) fn apply_to(self, e: &mut KbEvent) {
        e.date = self.date.unwrap_or(e.date);
        replace_opt(&mut e.by, self.by);
        replace_opt(&mut e.place, self.place);
        replace_opt(&mut e.note, self.note);
        e.source = amended_source(&e.source, self.source, &self.origin);
        e.origin = self.origin;
    }
}

impl PartialTerm {
    pub(crate) fn complete(self) -> Result<KbTerm, String> {
        missing(&[("source", self.source.is_some())])?;
        Ok(KbTerm {
            person: self.person,
            role: self.role,
            of: self.of,
            from: self.from,
            to: self.to,
            source: self.source.unwrap_or_default(),
            origin: self.origin,
        })
    }

    /// Replaces what this record gives; the caller checks `to` against `from` afterwards.
    pub(crate) fn apply_to(self, t: &mut KbTerm) {
        replace_opt(&mut t.of, self.of);
        t.to = self.to.or(t.to);
        t.source = amended_source(&t.source, self.source, &self.origin);
        t.origin = self.origin;
    }
}

fn replace<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

fn replace_opt<T>(slot: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *slot = value;
    }
}

/// An override without its own source keeps the old one, but says where it was amended, so a
/// finding never credits a corrected value to a source that did not give it.
fn amended_source(old: &str, new: Option<String>, origin: &Origin) -> String {
    match new {
        Some(source) => source,
        None => format!("{old}; amended in {}:{}", origin.file, origin.line),
    }
}

pub(crate) fn what_name(what: EventKind) -> &'static str {
    EVENT_KINDS
        .iter()
        .find(|(_, k)| *k == what)
        .map(|(n, _)| *n)
        .unwrap_or("?")
}

const EVENT_KINDS: [(&str, EventKind); 11] = [
    ("signed", EventKind::Signed),
    ("in-force", EventKind::InForce),
    ("founded", EventKind::Founded),
    ("dissolved", EventKind::Dissolved),
    ("rejected", EventKind::Rejected),
    ("joined", EventKind::Joined),
    ("left", EventKind::Left),
    ("began", EventKind::Began),
    ("ended", EventKind::Ended),
    ("held", EventKind::Held),
    ("declared", EventKind::Declared),
];

const KINDS: [(&str, KbKind); 6] = [
    ("person", KbKind::Person),
    ("organization", KbKind::Organization),
    ("outlet", KbKind::Outlet),
    ("place", KbKind::Place),
    ("treaty", KbKind::Treaty),
    ("event", KbKind::Event),
];

const ENTITY_KEYS: &[&str] = &[
    "kind",
    "name",
    "alias",
    "country",
    "state-media",
    "member",
    "introduced",
    "note",
    "source",
];
const EVENT_KEYS: &[&str] = &["date", "by", "place", "note", "source"];
const TERM_KEYS: &[&str] = &["role", "of", "from", "to", "source"];
const REMOVE_KEYS: &[&str] = &["note", "source"];

/// Keys whose values are ` | ` lists and whose repetitions add up.
const LIST_KEYS: &[&str] = &["alias", "introduced", "member"];
/// Keys whose repetitions are joined (several notes, several sources).
const JOINED_KEYS: &[&str] = &["note", "source"];

#[derive(Debug)]
enum Header {
    Entity(String),
    Event(String, EventKind),
    Term(String),
    Remove(String),
}

/// The record being read: its header and its `key: value` lines.
struct Pending {
    header: Header,
    line: usize,
    fields: Vec<(String, String, usize)>,
}

/// Reads a file into partial records (required keys not enforced) and every syntax or value
/// error. Records with errors are left out; the caller refuses the file if any error.
pub(crate) fn parse_partial(file: &str, text: &str) -> (Vec<Partial>, Vec<KbError>) {
    read(file, text, false)
}

/// Reads a file; `strict` also requires the keys a complete record needs (checked by presence,
/// so that a record with a bad value is not also reported as missing it).
fn read(file: &str, text: &str, strict: bool) -> (Vec<Partial>, Vec<KbError>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut errors = Vec::new();
    // `None` inside `Some` = a broken header: its key lines are skipped, not reported again.
    let mut current: Option<Option<Pending>> = None;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indented = raw.starts_with([' ', '\t']);
        if !indented {
            if let Some(Some(pending)) = current.take() {
                finish(file, pending, strict, &mut records, &mut errors);
            }
            current = Some(match parse_header(trimmed) {
                Ok(header) => Some(Pending {
                    header,
                    line,
                    fields: Vec::new(),
                }),
                Err(message) => {
                    errors.push(error(file, line, message));
                    None
                }
            });
            continue;
        }
        let Some((key, value)) = trimmed.split_once(':') else {
            errors.push(error(
                file,
                line,
                format!("expected \"key: value\", found \"{trimmed}\""),
            ));
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        match current.as_mut() {
            None => errors.push(error(
                file,
                line,
                "key line outside a record (no header above it)",
            )),
            Some(None) => {}
            Some(Some(pending)) => {
                if key.is_empty() || !key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
                    errors.push(error(file, line, format!("invalid key \"{key}\"")));
                } else if value.is_empty() {
                    errors.push(error(file, line, format!("empty value for \"{key}\"")));
                } else {
                    pending
                        .fields
                        .push((key.to_string(), value.to_string(), line));
                }
            }
        }
    }
    if let Some(Some(pending)) = current {
        finish(file, pending, strict, &mut records, &mut errors);
    }
    errors.sort_by_key(|e| e.line);
    (records, errors)
}

fn parse_header(line: &str) -> Result<Header, String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let kind = words.first().copied().unwrap_or_default();
    let args = &words[1..];
    let check_id = |id: &str| -> Result<String, String> {
        if is_valid_id(id) {
            Ok(id.to_string())
        } else {
            Err(format!(
                "invalid id \"{id}\" (expected prefix:name in lowercase letters, digits, '-' and '_')"
            ))
        }
    };
    let one_id = |usage: &str| -> Result<String, String> {
        match args {
            [id] => check_id(id),
            _ => Err(format!("expected \"{usage}\", found \"{line}\"")),
        }
    };
    match kind {
        "entity" => one_id("entity <id>").map(Header::Entity),
        "term" => one_id("term <person-id>").map(Header::Term),
        "remove" => one_id("remove <id>").map(Header::Remove),
        "event" => match args {
            [id, what] => {
                let id = check_id(id)?;
                let what = EVENT_KINDS
                    .iter()
                    .find(|(name, _)| name == what)
                    .map(|(_, k)| *k)
                    .ok_or_else(|| {
                        let known: Vec<&str> = EVENT_KINDS.iter().map(|(n, _)| *n).collect();
                        format!(
                            "unknown event \"{what}\" (expected one of {})",
                            known.join(", ")
                        )
                    })?;
                Ok(Header::Event(id, what))
            }
            _ => Err(format!(
                "expected \"event <entity-id> <what>\", found \"{line}\""
            )),
        },
        _ if kind.ends_with(':') || line.contains(": ") => Err(format!(
            "\"{line}\" at column 0: key lines must be indented under a record header"
        )),
        _ => Err(format!(
            "unknown record type \"{kind}\" (expected entity, event, term or remove)"
        )),
    }
}

/// The values of one record's keys, validated.
#[derive(Default)]
struct Values {
    single: Vec<(String, String, usize)>,
    lists: Vec<(String, Vec<String>)>,
}

impl Values {
    fn get(&self, key: &str) -> Option<(&str, usize)> {
        self.single
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, v, l)| (v.as_str(), *l))
    }
    fn text(&self, key: &str) -> Option<String> {
        self.get(key).map(|(v, _)| v.to_string())
    }
    fn list(&self, key: &str) -> Option<Vec<String>> {
        self.lists
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }
}

fn finish(
    file: &str,
    pending: Pending,
    strict: bool,
    records: &mut Vec<Partial>,
    errors: &mut Vec<KbError>,
) {
    let before = errors.len();
    let allowed = match pending.header {
        Header::Entity(_) => ENTITY_KEYS,
        Header::Event(..) => EVENT_KEYS,
        Header::Term(_) => TERM_KEYS,
        Header::Remove(_) => REMOVE_KEYS,
    };
    let record_type = match pending.header {
        Header::Entity(_) => "entity",
        Header::Event(..) => "event",
        Header::Term(_) => "term",
        Header::Remove(_) => "remove",
    };
    let mut values = Values::default();
    for (key, value, line) in pending.fields {
        if !allowed.contains(&key.as_str()) {
            errors.push(error(
                file,
                line,
                format!(
                    "unknown key \"{key}\" for {record_type} (expected one of {})",
                    allowed.join(", ")
                ),
            ));
            continue;
        }
        if LIST_KEYS.contains(&key.as_str()) {
            let items: Vec<String> = value.split('|').map(|s| s.trim().to_string()).collect();
            if items.iter().any(String::is_empty) {
                errors.push(error(
                    file,
                    line,
                    format!("empty item in the \"{key}\" list"),
                ));
                continue;
            }
            if key == "member"
                && let Some(bad) = items.iter().find(|i| !is_valid_id(i))
            {
                errors.push(error(
                    file,
                    line,
                    format!("invalid id \"{bad}\" in \"member\""),
                ));
                continue;
            }
            match values.lists.iter_mut().find(|(k, _)| *k == key) {
                Some((_, list)) => list.extend(items),
                None => values.lists.push((key, items)),
            }
            continue;
        }
        match values.single.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, joined, _)) if JOINED_KEYS.contains(&key.as_str()) => {
                joined.push_str("; ");
                joined.push_str(&value);
            }
            Some((_, _, first)) => {
                errors.push(error(
                    file,
                    line,
                    format!("\"{key}\" given twice (first on line {first})"),
                ));
            }
            None => values.single.push((key, value, line)),
        }
    }
    let origin = Origin {
        file: file.to_string(),
        line: pending.line,
    };
    let has = |key: &str| values.get(key).is_some() || values.list(key).is_some();
    let required: &[&str] = match &pending.header {
        Header::Entity(_) if strict => &["kind", "name", "source"],
        Header::Event(_, EventKind::Joined | EventKind::Left) if strict => {
            &["date", "by", "source"]
        }
        Header::Event(..) if strict => &["date", "source"],
        Header::Term(_) if strict => &["role", "from", "source"],
        // Role and start identify a term, so even an override must give them.
        Header::Term(_) => &["role", "from"],
        _ => &[],
    };
    let presence: Vec<(&str, bool)> = required.iter().map(|k| (*k, has(k))).collect();
    if let Err(message) = missing(&presence) {
        errors.push(error(file, origin.line, message));
    }
    let mut date = |key: &str| -> Option<KbDate> {
        let (text, line) = values.get(key)?;
        parse_date(text)
            .map_err(|m| errors.push(error(file, line, m)))
            .ok()
    };
    let record = match pending.header {
        Header::Entity(id) => {
            let kind = values.get("kind").and_then(|(text, line)| {
                let kind = KINDS.iter().find(|(n, _)| *n == text).map(|(_, k)| *k);
                if kind.is_none() {
                    let known: Vec<&str> = KINDS.iter().map(|(n, _)| *n).collect();
                    errors.push(error(
                        file,
                        line,
                        format!(
                            "unknown kind \"{text}\" (expected one of {})",
                            known.join(", ")
                        ),
                    ));
                }
                kind
            });
            Partial::Entity(PartialEntity {
                id,
                kind,
                name: values.text("name"),
                aliases: values.list("alias"),
                country: values.text("country"),
                state_media: values.text("state-media"),
                members: values.list("member"),
                introduced: values.list("introduced"),
                note: values.text("note"),
                source: values.text("source"),
                origin,
            })
        }
        Header::Event(entity, what) => {
            let date = date("date");
            if let Some((by, line)) = values.get("by")
                && !is_valid_id(by)
            {
                errors.push(error(file, line, format!("invalid id \"{by}\" in \"by\"")));
            }
            Partial::Event(PartialEvent {
                entity,
                what,
                date,
                by: values.text("by"),
                place: values.text("place"),
                note: values.text("note"),
                source: values.text("source"),
                origin,
            })
        }
        Header::Term(person) => {
            let from = date("from");
            let to = date("to");
            if let Some((of, line)) = values.get("of")
                && !is_valid_id(of)
            {
                errors.push(error(file, line, format!("invalid id \"{of}\" in \"of\"")));
            }
            if let (Some(from), Some(to), Some((_, line))) = (from, to, values.get("to"))
                && to.end < from.start
            {
                errors.push(error(file, line, "\"to\" is before \"from\""));
            }
            match (values.text("role"), from) {
                (Some(role), Some(from)) => Partial::Term(PartialTerm {
                    person,
                    role,
                    of: values.text("of"),
                    from,
                    to,
                    source: values.text("source"),
                    origin,
                }),
                _ => return,
            }
        }
        Header::Remove(id) => Partial::Remove { id, origin },
    };
    if errors.len() == before {
        records.push(record);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<(usize, String)> {
        match parse_str("t.kb", text) {
            Ok(_) => Vec::new(),
            Err(errs) => errs.into_iter().map(|e| (e.line, e.message)).collect(),
        }
    }

    #[test]
    fn dates_carry_their_precision() {
        let y = parse_date("1992").unwrap();
        assert_eq!(
            (y.start.to_string(), y.end.to_string()),
            ("1992-01-01".into(), "1992-12-31".into())
        );
        assert_eq!(y.granularity, Granularity::Year);
        let m = parse_date("2024-02").unwrap();
        assert_eq!(m.end.to_string(), "2024-02-29");
        assert_eq!(m.granularity, Granularity::Month);
        let d = parse_date("2023-01-10").unwrap();
        assert_eq!((d.start, d.granularity), (d.end, Granularity::Day));
        for bad in [
            "2023-02-30",
            "2023-13",
            "92",
            "1992-2-7",
            "1992-02-07T00",
            "",
            "abcd",
            "2023-00",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ids() {
        assert!(is_valid_id("org:nato"));
        assert!(is_valid_id("person:von_der-leyen2"));
        for bad in ["nato", "Org:nato", "org:", ":x", "org:na to", "org:näto"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn a_full_record_round_trips() {
        let text = "entity org:x\n  kind: organization\n  name: Example Org\n  alias: EXO | the Org\n  alias: Ex\n  source: a\n  source: b\n";
        let records = parse_str("t.kb", text).unwrap();
        let Record::Entity(e) = &records[0] else {
            panic!("not an entity")
        };
        assert_eq!(e.aliases, ["EXO", "the Org", "Ex"]);
        assert_eq!(e.source, "a; b");
        assert_eq!(e.origin.line, 1);
    }

    #[test]
    fn unknown_key_and_twice_given() {
        let errs = errors(
            "event treaty:x signed\n  date: 1990\n  signd: 1991\n  date: 1992\n  source: s\n",
        );
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].0, 3);
        assert!(errs[0].1.starts_with("unknown key \"signd\""));
        assert_eq!(errs[1].0, 4);
        assert!(errs[1].1.contains("given twice"));
    }
}
