//! The records of the knowledge base, as `docs/KB.md` describes them.

use chrono::NaiveDate;
use newstrace_model::Granularity;
use serde::Serialize;

/// Where a record was read from, for error messages and findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// The file (`data/kb/treaties.kb` for the core).
    pub file: String,
    /// 1-based line of the record's header.
    pub line: usize,
}

/// A date with its precision: `1992` covers the whole year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KbDate {
    /// First day covered.
    pub start: NaiveDate,
    /// Last day covered (inclusive).
    pub end: NaiveDate,
    /// Year, month or day.
    pub granularity: Granularity,
}

/// The class of an entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum KbKind {
    /// A person.
    Person,
    /// An organisation or body.
    Organization,
    /// A news outlet or agency.
    Outlet,
    /// A country, city or region.
    Place,
    /// A treaty or agreement.
    Treaty,
    /// A named event (an invasion, a summit, a declaration).
    Event,
}

/// An entity record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KbEntity {
    /// `org:nato`.
    pub id: String,
    /// Its class.
    pub kind: KbKind,
    /// Canonical name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Country it belongs to.
    pub country: Option<String>,
    /// For outlets: the country it is state media of.
    pub state_media: Option<String>,
    /// Member entity ids.
    pub members: Vec<String>,
    /// What it introduced or created ("Article 42(7)").
    pub introduced: Vec<String>,
    /// Free note.
    pub note: Option<String>,
    /// Source note.
    pub source: String,
    /// Where it was read.
    pub origin: Origin,
}

/// What happened in an event record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    /// A treaty signed.
    Signed,
    /// A treaty entered into force.
    InForce,
    /// A body founded.
    Founded,
    /// A body dissolved.
    Dissolved,
    /// A treaty rejected (by `by`).
    Rejected,
    /// `by` joined the entity.
    Joined,
    /// `by` left the entity.
    Left,
    /// An event began.
    Began,
    /// An event ended.
    Ended,
    /// A meeting held.
    Held,
    /// A declaration made.
    Declared,
}

/// A dated event of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KbEvent {
    /// The entity it is about.
    pub entity: String,
    /// What happened.
    pub what: EventKind,
    /// When.
    pub date: KbDate,
    /// Who did it (joined, rejected), an entity id.
    pub by: Option<String>,
    /// Where.
    pub place: Option<String>,
    /// Free note.
    pub note: Option<String>,
    /// Source note.
    pub source: String,
    /// Where it was read.
    pub origin: Origin,
}

/// A term of a person in a role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KbTerm {
    /// The person's entity id.
    pub person: String,
    /// The title as articles write it.
    pub role: String,
    /// The organisation or country, an entity id.
    pub of: Option<String>,
    /// Start.
    pub from: KbDate,
    /// End; `None` while it runs.
    pub to: Option<KbDate>,
    /// Source note.
    pub source: String,
    /// Where it was read.
    pub origin: Origin,
}
