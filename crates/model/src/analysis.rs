//! What per-article analysis finds: sentences, entities, attributions, quotes, date
//! expressions, dated claims and machine-made signals. Every finding carries spans (byte
//! offsets into [`Article::text`](crate::Article::text)) so a reader can see the evidence.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A byte range `start..end` of the article text. Always on `char` boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// `start..end`.
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// The text this span covers, or `""` when it does not fit `text`.
    pub fn of<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// Whether the two spans share at least one byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Whether `other` lies inside this span.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Everything analysis found in one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// The analyser version that produced this; stored analyses of older versions are redone.
    pub version: u32,
    /// Sentences and other text units, in order.
    pub sentences: Vec<Sentence>,
    /// People, organisations and places, one entry per distinct entity.
    pub entities: Vec<Entity>,
    /// Who reports what, through whom.
    pub attributions: Vec<Attribution>,
    /// The outside sources the article's reporting rests on, each with its evidence.
    pub upstream: Vec<UpstreamSource>,
    /// Direct quotations.
    pub quotes: Vec<Quote>,
    /// Date expressions, normalised.
    pub dates: Vec<DateMention>,
    /// Dated claims: a date paired with the event it dates.
    pub timeline: Vec<DatedClaim>,
    /// Marks of machine-made content.
    pub signals: Vec<Signal>,
}

/// What kind of text unit a [`Sentence`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SentenceKind {
    /// An ordinary sentence of prose.
    Prose,
    /// A heading line (short, no final punctuation, on its own line).
    Heading,
    /// A list item (`- ...`, `1. ...`, `1992: ...`).
    ListItem,
    /// A dateline opening a story (`BRUSSELS (AFP) —`).
    Dateline,
}

/// One sentence or text unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Where it is.
    pub span: Span,
    /// What it is.
    pub kind: SentenceKind,
    /// 0-based paragraph number (paragraphs are separated by blank lines).
    pub paragraph: usize,
}

/// The class of an [`Entity`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityKind {
    /// A person.
    Person,
    /// An organisation, institution, company, outlet or agency.
    Organization,
    /// A country, city, region or other place.
    Place,
    /// A name found but not classified.
    Other,
}

/// The role a person is named in: "NATO Secretary General Jens Stoltenberg".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    /// The title, as written ("Secretary General").
    pub title: String,
    /// The organisation or place the role belongs to, when named ("NATO").
    pub of: Option<String>,
    /// Where the role phrase is.
    pub span: Span,
}

/// One entity of an article, with every place it is mentioned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// The fullest form the article uses ("Jens Stoltenberg").
    pub text: String,
    /// Person, organisation, place.
    pub kind: EntityKind,
    /// The canonical name: the knowledge base's when linked, else `text`.
    pub canonical: String,
    /// The knowledge base entry, when linked.
    pub kb_id: Option<String>,
    /// The role the person is named in, if any.
    pub role: Option<Role>,
    /// Other forms used for it in the article (short forms, acronyms, expansions).
    pub aliases: Vec<String>,
    /// Every mention, in order.
    pub spans: Vec<Span>,
    /// Why it is believed to be an entity of this kind (gazetteer, honorific, suffix, ...).
    pub reason: String,
}

/// The class of a [`SourceRef`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// A news agency or outlet ("AFP", "TASS", "the Belgian edition").
    Outlet,
    /// A named person.
    Person,
    /// A named organisation or government body.
    Organization,
    /// An unnamed or generic source ("official reporting", "sources", "a spokesperson").
    Unnamed,
}

/// A source as an attribution names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// The name as written, or a description for an unnamed source ("the Belgian edition").
    pub name: String,
    /// What kind of source.
    pub kind: SourceKind,
    /// The country an unnamed outlet is described by ("Belgian" → "Belgium").
    pub country: Option<String>,
    /// Where the name is, when it is in the text.
    pub span: Option<Span>,
}

/// The form an attribution takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AttributionForm {
    /// A reporting verb or phrase in running text ("X said", "according to X", "X reports").
    Verb,
    /// "according to the same source": resolved to the previous source.
    SameSource,
    /// A dateline ("BRUSSELS (AFP) —", "— TASS").
    Dateline,
    /// A credit line ("With AFP", "Reporting by ...").
    Credit,
    /// A trailing source tag ("(Source: ... via TASS)", "(Cited sources: AFP, TASS)").
    SourceTag,
    /// A direct quotation's speaker.
    Quote,
}

/// Who reports what, through whom: "Reports from TASS, citing AFP, indicate ..." is
/// `reporter` TASS, `cited` AFP, cue "citing".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    /// The intermediary that passes the content on, when there is one (TASS above).
    pub reporter: Option<SourceRef>,
    /// The source the content is attributed to (AFP above; the speaker of "X said").
    pub cited: SourceRef,
    /// The cue word or phrase ("citing", "said", "according to").
    pub cue: Option<String>,
    /// Where the cue is.
    pub cue_span: Option<Span>,
    /// The attributed content, when delimited.
    pub content: Option<Span>,
    /// The form this attribution takes.
    pub form: AttributionForm,
    /// All evidence spans (source names, cue, content).
    pub spans: Vec<Span>,
}

/// An outside source the article's reporting rests on, with the chain through which it is
/// reached ("TASS, citing AFP": `name` AFP, `via` ["TASS"]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpstreamSource {
    /// The source at the end of the chain.
    pub name: String,
    /// What kind of source.
    pub kind: SourceKind,
    /// Country of an unnamed outlet.
    pub country: Option<String>,
    /// Intermediaries, nearest to the article first.
    pub via: Vec<String>,
    /// The attribution phrases that name it.
    pub evidence: Vec<Span>,
}

/// A direct quotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Who said it, when resolved (the fullest name of the entity).
    pub speaker: Option<String>,
    /// Where the speaker is named (for a pronoun, the pronoun).
    pub speaker_span: Option<Span>,
    /// The reporting verb ("said", "told reporters").
    pub cue: Option<String>,
    /// Where the cue is.
    pub cue_span: Option<Span>,
    /// The quoted words, without the marks.
    pub text: String,
    /// The quotation, marks included; several spans when it runs across paragraphs.
    pub spans: Vec<Span>,
    /// How the speaker was found ("said X", "X said", "pronoun he → ...", "none").
    pub reason: String,
}

/// How precise a date expression is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Granularity {
    /// A day.
    Day,
    /// A week ("last week").
    Week,
    /// A month ("in March 2026").
    Month,
    /// A year ("in 1992").
    Year,
    /// A decade ("the 1950s").
    Decade,
}

/// A date expression found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateMention {
    /// Where it is.
    pub span: Span,
    /// As written.
    pub text: String,
    /// How precise it is.
    pub granularity: Granularity,
    /// Whether it is relative to the article's date ("on Sunday", "last week").
    pub relative: bool,
    /// First day it covers, when it could be resolved.
    pub start: Option<NaiveDate>,
    /// Last day it covers (inclusive), when it could be resolved.
    pub end: Option<NaiveDate>,
    /// How it was resolved ("explicit", "year from article date 2026-04-24", ...).
    pub reason: String,
}

/// A date paired with the event it dates: "1992: The Maastricht Treaty creates ...".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedClaim {
    /// The date expression.
    pub date: DateMention,
    /// How precise the claim's date is (the same as `date.granularity`, at the top for readers).
    pub granularity: Granularity,
    /// The event, as written (the rest of the list item or sentence).
    pub event: String,
    /// Entities the claim names (their fullest forms).
    pub entities: Vec<String>,
    /// The whole claim (list item or sentence).
    pub span: Span,
}

/// The kind of a machine-made [`Signal`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignalKind {
    /// Text that says AI wrote or helped write the article.
    AiDisclosure,
    /// A byline naming an AI or a generic desk ("AI Editorial Team", "Staff Writer").
    AiByline,
    /// Leftovers of a language model's chat ("As an AI language model", "Here is the rewritten article").
    LlmLeftover,
    /// A paragraph or sentence repeated inside the article.
    RepeatedPassage,
    /// The title repeated in the body.
    TitleInBody,
    /// A line that is a URL slug ("nations gather fortify").
    SlugResidue,
    /// Template headings ("What Happened", "Background", "What Next").
    TemplateHeadings,
    /// A high density of filler phrases.
    FillerDensity,
    /// A trailing source tag ("(Source: official statements via TASS)").
    TrailingSourceTag,
    /// The article's date is far from the dates of the events it reports.
    DateDistance,
}

/// One mark of machine-made content, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signal {
    /// What it is.
    pub kind: SignalKind,
    /// One line for a person: why this counts.
    pub reason: String,
    /// Evidence in the text (empty when the evidence is metadata, such as the byline).
    pub spans: Vec<Span>,
}
