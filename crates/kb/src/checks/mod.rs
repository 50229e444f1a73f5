//! Checks of an article's claims against the knowledge base and against itself.
//!
//! Precision comes first: a check says nothing unless the claim, the fact and the link
//! between them are all clear. Each finding names the fact and its source note.
//!
//! - [`FindingKind::EventDate`]: a dated claim against the dated events of the treaty or
//!   event it names, by the kind of event its verb speaks of.
//! - [`FindingKind::Introduced`]: "Article 42(7) of the Maastricht Treaty" against what each
//!   treaty introduced.
//! - [`FindingKind::RoleTerm`]: a person named in a role on the article's date, outside the
//!   role's terms (only when the article's date is known).
//! - [`FindingKind::InternalDate`]: one event given two incompatible dates in one article.

mod event_date;
mod internal;
mod introduced;
mod role_term;
mod text;

use crate::Kb;
use newstrace_analyze::Context;
use newstrace_model::{Analysis, Finding, FindingKind};

/// Every finding for one analysed article, sorted by span, then kind.
pub fn check(ctx: &Context<'_>, analysis: &Analysis, kb: &Kb) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(event_date::check(ctx, analysis, kb));
    out.extend(introduced::check(ctx, analysis, kb));
    out.extend(role_term::check(ctx, analysis, kb));
    out.extend(internal::check(ctx, analysis, kb));
    out.sort_by(|a, b| {
        (a.span, a.kind, &a.claim, &a.reason).cmp(&(b.span, b.kind, &b.claim, &b.reason))
    });
    out.dedup_by(|a, b| a.span == b.span && a.kind == b.kind && a.reason == b.reason);
    out
}

/// Findings of one kind only, for callers that show them apart.
pub fn of_kind(findings: &[Finding], kind: FindingKind) -> Vec<&Finding> {
    findings.iter().filter(|f| f.kind == kind).collect()
}
