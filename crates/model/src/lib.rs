//! Plain data types shared by every newstrace stage.
//!
//! Stages meet here and nowhere else: `ingest` produces [`Article`]s and [`Sighting`]s,
//! `store` persists them, later stages read them. Nothing in this crate does I/O.
//!
//! Invariants that hold everywhere:
//! - an [`ArticleId`] is a pure function of the article's normalised text ([`ArticleId::for_text`]),
//!   so the same text read from another file, URL or outlet gets the same id;
//! - dates are kept apart ([`Article::published`], [`Article::updated`], [`Article::first_seen`]),
//!   each with where it came from ([`DateSource`]) so later stages can weigh them;
//! - spans, where later stages add them, are byte offsets into [`Article::text`].
//!
//! ```
//! use newstrace_model::ArticleId;
//! let a = ArticleId::for_text("The  council met on Monday.");
//! let b = ArticleId::for_text("The council met on Monday.\n");
//! assert_eq!(a, b);
//! ```

mod analysis;
mod article;
mod date;
mod finding;
mod id;
mod link;
mod origin;

pub use analysis::{
    Analysis, Attribution, AttributionForm, DateMention, DatedClaim, Entity, EntityKind,
    Granularity, Quote, Role, Sentence, SentenceKind, Signal, SignalKind, SourceKind, SourceRef,
    Span, UpstreamSource,
};
pub use article::{Article, Language, LanguageSource, Sighting};
pub use date::{DateParseError, DateSource, Dated, When};
pub use finding::{Finding, FindingKind, Verdict};
pub use id::{ArticleId, SightingId, normalize_text};
pub use link::{AlignedSentences, PairEvidence, Relation, RelationKind};
pub use origin::{InputFormat, RecordOrigin};
