//! Check findings: a claim of an article set against a knowledge-base fact or against the
//! article itself, with the verdict, the expected value and the fact's source.

use crate::Span;
use serde::{Deserialize, Serialize};

/// What a [`Finding`] checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// A dated claim against the dated event it names.
    EventDate,
    /// A claim of what a treaty or body introduced or created.
    Introduced,
    /// A person named in a role at the article's date, outside that role's term.
    RoleTerm,
    /// One event or fact given two different dates inside one article (no knowledge base).
    InternalDate,
}

/// The outcome of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The knowledge base says otherwise.
    Contradicted,
    /// The article says two incompatible things.
    Inconsistent,
}

/// One check finding, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// What was checked.
    pub kind: FindingKind,
    /// The claim as the article words it.
    pub claim: String,
    /// Where the claim is.
    pub span: Span,
    /// The verdict.
    pub verdict: Verdict,
    /// What the knowledge base (or the rest of the article) gives instead ("1992-02-07").
    pub expected: Option<String>,
    /// The fact used, in words ("Maastricht Treaty signed 1992-02-07"), with its record id.
    pub kb_fact: Option<String>,
    /// The fact's source note.
    pub source: Option<String>,
    /// One line for a person: why this is a finding.
    pub reason: String,
    /// Other evidence spans (the other date of an internal contradiction).
    pub other_spans: Vec<Span>,
}
