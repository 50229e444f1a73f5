//! Per-article analysis: a pure function from an [`Article`] to an [`Analysis`], run in
//! parallel by the caller. Every finding carries spans (byte offsets into the article text)
//! and, where it judges, a one-line reason.
//!
//! The steps run in a fixed order, each seeing what the earlier ones found:
//! `sentences` → `dates` → `entities` → `attribution` → `quotes` → `timeline` → `signals`.
//! Phrase lists (reporting verbs, filler phrases, template headings, the gazetteer) are data
//! files under `data/`, compiled in with `include_str!`, not code.

pub mod attribution;
mod data;
pub mod dates;
pub mod entities;
pub mod gazetteer;
pub mod quotes;
pub mod sentences;
pub mod signals;
pub mod timeline;

use chrono::NaiveDate;
use newstrace_model::{Analysis, Article};

/// The analyser's version. Bump it whenever a change alters any output: stored analyses of
/// another version are redone.
pub const VERSION: u32 = 3;

/// What the steps know of the article besides its text.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The body text; every span points into it.
    pub text: &'a str,
    /// The headline.
    pub title: Option<&'a str>,
    /// The byline.
    pub byline: Option<&'a str>,
    /// The outlet that published it.
    pub outlet: Option<&'a str>,
    /// The article's publication day, to resolve relative dates against.
    pub date: Option<NaiveDate>,
}

impl<'a> Context<'a> {
    /// The context of a stored or extracted article.
    pub fn of(article: &'a Article) -> Self {
        Self {
            text: &article.text,
            title: article.title.as_deref(),
            byline: article.byline.as_deref(),
            outlet: article.outlet.as_deref(),
            date: article
                .published
                .as_ref()
                .or(article.first_seen.as_ref())
                .map(|d| d.value.day()),
        }
    }
}

/// Analyses one article with the built-in gazetteer.
pub fn analyze(article: &Article) -> Analysis {
    analyze_context(&Context::of(article), gazetteer::Gazetteer::builtin())
}

/// Analyses `ctx` against `gazetteer`.
pub fn analyze_context(ctx: &Context<'_>, gazetteer: &gazetteer::Gazetteer) -> Analysis {
    let sentences = sentences::split(ctx.text);
    let dates = dates::find(ctx.text, &sentences, ctx.date);
    let entities = entities::find(ctx.text, &sentences, gazetteer);
    let (attributions, mut upstream) = attribution::find(ctx, &sentences, &entities);
    // An outlet's own dateline or credit ("RIGA (Nordwire) -" in a Nordwire story) is not a
    // source upstream of it; the attribution itself stays, as evidence of authorship.
    if let Some(outlet) = ctx.outlet {
        upstream.retain(|u| !(u.via.is_empty() && same_name(&u.name, outlet)));
    }
    let quotes = quotes::find(ctx.text, &sentences, &entities);
    let timeline =
        timeline::find_with_article_date(ctx.text, &sentences, &dates, &entities, ctx.date);
    let signals = signals::find(ctx, &sentences, &dates, &attributions);
    Analysis {
        version: VERSION,
        sentences,
        entities,
        attributions,
        upstream,
        quotes,
        dates,
        timeline,
        signals,
    }
}

/// Whether two names of a source are the same, ignoring case, a leading "the" and spacing.
fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        let s = s.trim().to_lowercase();
        let s = s.strip_prefix("the ").unwrap_or(&s).to_string();
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    norm(a) == norm(b)
}
