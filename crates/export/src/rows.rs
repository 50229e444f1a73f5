//! The rows every export writes, one type per table, built from the store's model types.
//!
//! The column names and order here are the export's schema: CSV headers, Parquet fields and
//! NDJSON keys all come from these types, so the formats never disagree.

use newstrace_model::{Analysis, Dated, Finding, Relation, SourceKind, When};
use newstrace_store::StoredArticle;
use newstrace_views::names::{serde_name, upstream_line};
use serde::Serialize;
use std::collections::BTreeSet;

/// Separator of the outside sources in the single-text `upstream` column.
pub const UPSTREAM_SEPARATOR: &str = "; ";

/// Columns of the articles table, in order: CSV header, Parquet fields and NDJSON keys (the
/// text last, so a person scanning a file sees the metadata first).
pub const ARTICLE_COLUMNS: [&str; 19] = [
    "id",
    "external_id",
    "title",
    "byline",
    "outlet",
    "url",
    "description",
    "lang",
    "published",
    "published_source",
    "updated",
    "updated_source",
    "first_seen",
    "first_seen_source",
    "sightings",
    "story_id",
    "signals",
    "upstream",
    "text",
];

/// Columns of the stories table, in order.
pub const STORY_COLUMNS: [&str; 2] = ["story_id", "article_id"];

/// Columns of the edges table, in order.
pub const EDGE_COLUMNS: [&str; 10] = [
    "source",
    "derived",
    "kind",
    "score",
    "directed",
    "reason",
    "aligned_sentences",
    "coverage_source",
    "coverage_derived",
    "jaccard",
];

/// Columns of the findings table, in order.
pub const FINDING_COLUMNS: [&str; 10] = [
    "article_id",
    "kind",
    "verdict",
    "claim",
    "span_start",
    "span_end",
    "expected",
    "kb_fact",
    "source",
    "reason",
];

/// One article: its representative metadata, text and what its analysis found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleRow {
    /// Content hash of the text.
    pub id: String,
    /// The input's id for the representative copy.
    pub external_id: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Byline.
    pub byline: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Standfirst.
    pub description: Option<String>,
    /// Language code of the text.
    pub lang: Option<String>,
    /// Publication date as stored: a day (`2026-04-24`) or an instant with its offset.
    pub published: Option<When>,
    /// Where the publication date was read from (`json-ld`, `feed`, ...).
    pub published_source: Option<String>,
    /// Update date as stored.
    pub updated: Option<When>,
    /// Where the update date was read from.
    pub updated_source: Option<String>,
    /// Earliest crawler or archive sighting.
    pub first_seen: Option<When>,
    /// Where the first-seen date was read from.
    pub first_seen_source: Option<String>,
    /// Number of stored sightings of the text.
    pub sightings: u64,
    /// The story it belongs to.
    pub story_id: Option<i64>,
    /// Distinct kinds of machine-made signals (`ai-byline`, `filler-density`), sorted.
    pub signals: Vec<String>,
    /// Outside sources its reporting rests on, as people read them (`AFP via TASS`).
    pub upstream: Vec<String>,
    /// The text.
    pub text: String,
}

impl ArticleRow {
    /// The row of a stored article, its analysis (if analysed) and its story.
    pub fn new(stored: StoredArticle, analysis: Option<&Analysis>, story_id: Option<i64>) -> Self {
        let a = stored.article;
        let signals: BTreeSet<String> = analysis
            .map(|n| n.signals.iter().map(|s| serde_name(&s.kind)).collect())
            .unwrap_or_default();
        let upstream = analysis
            .map(|n| n.upstream.iter().map(upstream_line).collect())
            .unwrap_or_default();
        let (published, published_source) = split_date(a.published);
        let (updated, updated_source) = split_date(a.updated);
        let (first_seen, first_seen_source) = split_date(a.first_seen);
        Self {
            id: a.id.to_string(),
            external_id: a.external_id,
            title: a.title,
            byline: a.byline,
            outlet: a.outlet,
            url: a.url,
            description: a.description,
            lang: a.lang.map(|l| l.code),
            published,
            published_source,
            updated,
            updated_source,
            first_seen,
            first_seen_source,
            sightings: stored.sightings,
            story_id,
            signals: signals.into_iter().collect(),
            upstream,
            text: a.text,
        }
    }

    /// The signal kinds as one text: comma-joined (kinds are kebab-case words).
    pub fn signals_joined(&self) -> String {
        self.signals.join(",")
    }

    /// The outside sources as one text, joined by [`UPSTREAM_SEPARATOR`].
    pub fn upstream_joined(&self) -> String {
        self.upstream.join(UPSTREAM_SEPARATOR)
    }
}

fn split_date(d: Option<Dated>) -> (Option<When>, Option<String>) {
    match d {
        Some(d) => (Some(d.value), Some(d.source.as_str().to_string())),
        None => (None, None),
    }
}

/// Milliseconds since the Unix epoch of a stored date; a bare day counts from its midnight
/// UTC, as the store orders it.
pub fn epoch_millis(w: &When) -> i64 {
    match w {
        When::Day(_) => w.timestamp().saturating_mul(1000),
        When::Instant(t) => t.timestamp_millis(),
    }
}

/// One story membership: the stories table has a row per (story, article).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoryMemberRow {
    /// The story's stable id.
    pub story_id: i64,
    /// A member article.
    pub article_id: String,
}

/// One stored relation between two articles, with a summary of its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EdgeRow {
    /// The earlier or original article.
    pub source: String,
    /// The later or derived article.
    pub derived: String,
    /// `exact-copy`, `syndicated`, `rewrite`, `relay`, `sibling`, `same-story`.
    pub kind: String,
    /// Confidence in 0..=1.
    pub score: f32,
    /// Whether source → derived is a judgement (false: the order is arbitrary).
    pub directed: bool,
    /// Why the kind and direction were chosen.
    pub reason: String,
    /// Number of aligned sentence pairs.
    pub aligned_sentences: u64,
    /// Share of the source's text covered by aligned sentences.
    pub coverage_source: f32,
    /// Share of the derived text covered by aligned sentences.
    pub coverage_derived: f32,
    /// Estimated Jaccard similarity of the two texts' shingles.
    pub jaccard: f32,
}

impl From<Relation> for EdgeRow {
    fn from(r: Relation) -> Self {
        Self {
            kind: serde_name(&r.kind),
            source: r.source.to_string(),
            derived: r.derived.to_string(),
            score: r.score,
            directed: r.directed,
            reason: r.reason,
            aligned_sentences: r.evidence.aligned.len() as u64,
            coverage_source: r.evidence.coverage_a,
            coverage_derived: r.evidence.coverage_b,
            jaccard: r.evidence.jaccard,
        }
    }
}

/// One check finding of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingRow {
    /// The article it was found in.
    pub article_id: String,
    /// `event-date`, `introduced`, `role-term`, `internal-date`.
    pub kind: String,
    /// `contradicted` or `inconsistent`.
    pub verdict: String,
    /// The claim as the article words it.
    pub claim: String,
    /// Byte offset of the claim in the article's text.
    pub span_start: u64,
    /// Byte offset just past the claim.
    pub span_end: u64,
    /// What the knowledge base (or the rest of the article) gives instead.
    pub expected: Option<String>,
    /// The fact used, in words.
    pub kb_fact: Option<String>,
    /// The fact's source note.
    pub source: Option<String>,
    /// Why this is a finding.
    pub reason: String,
}

impl FindingRow {
    /// The row of one finding of `article_id`.
    pub fn new(article_id: &str, f: Finding) -> Self {
        Self {
            article_id: article_id.to_string(),
            kind: serde_name(&f.kind),
            verdict: serde_name(&f.verdict),
            claim: f.claim,
            span_start: f.span.start as u64,
            span_end: f.span.end as u64,
            expected: f.expected,
            kb_fact: f.kb_fact,
            source: f.source,
            reason: f.reason,
        }
    }
}

/// An outside source named upstream by an analysis: a node of its own in graphs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ExternalSource {
    /// The name at the end of the chain (`AFP`).
    pub name: String,
    /// `outlet`, `person`, `organization` or `unnamed`.
    pub kind: String,
}

impl ExternalSource {
    /// The node id: the name behind a prefix no article id (lowercase hex) can have.
    pub fn node_id(&self) -> String {
        format!("source:{}", self.name)
    }

    /// The source of a kind as an analysis names it.
    pub fn new(name: &str, kind: SourceKind) -> Self {
        Self {
            name: name.to_string(),
            kind: serde_name(&kind),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys<T: Serialize>(row: &T) -> BTreeSet<String> {
        match serde_json::to_value(row) {
            Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
            other => panic!("not an object: {other:?}"),
        }
    }

    fn names(columns: &[&str]) -> BTreeSet<String> {
        columns.iter().map(|c| c.to_string()).collect()
    }

    /// NDJSON keys come from serde, CSV headers and Parquet fields from the column lists:
    /// they must name the same things.
    #[test]
    fn json_keys_are_the_table_columns() {
        let article = ArticleRow {
            id: "a".into(),
            external_id: None,
            title: None,
            byline: None,
            outlet: None,
            url: None,
            description: None,
            lang: None,
            published: None,
            published_source: None,
            updated: None,
            updated_source: None,
            first_seen: None,
            first_seen_source: None,
            sightings: 1,
            story_id: None,
            signals: Vec::new(),
            upstream: Vec::new(),
            text: String::new(),
        };
        assert_eq!(keys(&article), names(&ARTICLE_COLUMNS));
        let story = StoryMemberRow {
            story_id: 1,
            article_id: "a".into(),
        };
        assert_eq!(keys(&story), names(&STORY_COLUMNS));
        let edge = EdgeRow {
            source: "a".into(),
            derived: "b".into(),
            kind: "relay".into(),
            score: 0.5,
            directed: true,
            reason: String::new(),
            aligned_sentences: 0,
            coverage_source: 0.0,
            coverage_derived: 0.0,
            jaccard: 0.0,
        };
        assert_eq!(keys(&edge), names(&EDGE_COLUMNS));
        let finding = FindingRow {
            article_id: "a".into(),
            kind: "event-date".into(),
            verdict: "contradicted".into(),
            claim: String::new(),
            span_start: 0,
            span_end: 1,
            expected: None,
            kb_fact: None,
            source: None,
            reason: String::new(),
        };
        assert_eq!(keys(&finding), names(&FINDING_COLUMNS));
    }
}
