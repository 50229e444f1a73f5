//! `newstrace stories`, `newstrace story ID` and `newstrace trace ID`: stories and provenance
//! as the store holds them.

use super::list::must_exist;
use super::print_json;
use crate::args::{ShowArgs, StoriesArgs, exit};
use crate::view::{serde_name, truncate};
use newstrace_model::{ArticleId, Relation, RelationKind};
use newstrace_store::{ArticleSummary, Store, StoryRow};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// A story as `stories --json` prints it.
#[derive(Serialize)]
pub struct StoryJson {
    /// Stable story id.
    pub id: i64,
    /// Title of its earliest article.
    pub title: Option<String>,
    /// Earliest publication (else first-seen) date of its articles.
    pub first_seen: Option<String>,
    /// Article ids, earliest first.
    pub articles: Vec<String>,
}

/// Members of a story, earliest first (publication, else first seen; undated last).
fn members(store: &Store, story: &StoryRow) -> anyhow::Result<Vec<ArticleSummary>> {
    let mut out = Vec::new();
    for id in &story.articles {
        if let Some(found) = store.get(id.as_str())? {
            out.push(ArticleSummary::from(found));
        }
    }
    out.sort_by_key(|s| {
        let when = s
            .published
            .as_ref()
            .or(s.first_seen.as_ref())
            .map(|d| d.value.timestamp());
        (when.is_none(), when, s.id.clone())
    });
    Ok(out)
}

/// The JSON summary of every story, by id.
pub fn story_list(store: &Store) -> anyhow::Result<Vec<StoryJson>> {
    let mut out = Vec::new();
    for story in store.stories()? {
        let m = members(store, &story)?;
        let first = m.first();
        out.push(StoryJson {
            id: story.id,
            title: first.and_then(|s| s.title.clone()),
            first_seen: first
                .and_then(|s| s.published.as_ref().or(s.first_seen.as_ref()))
                .map(|d| d.value.to_string()),
            articles: m.iter().map(|s| s.id.to_string()).collect(),
        });
    }
    Ok(out)
}

/// `stories`.
pub fn stories(a: &StoriesArgs) -> anyhow::Result<u8> {
    let store = must_exist(&a.db.db)?;
    let list = story_list(&store)?;
    if a.json {
        print_json(&list)?;
    } else if list.is_empty() {
        eprintln!("no stories yet (run `newstrace run` on some articles)");
    } else {
        for s in &list {
            println!(
                "story {:<4} {:>3} articles  {:<10}  {}",
                s.id,
                s.articles.len(),
                s.first_seen
                    .as_deref()
                    .and_then(|d| d.get(..10))
                    .unwrap_or("undated"),
                s.title.as_deref().unwrap_or("(no title)")
            );
        }
    }
    Ok(exit::OK)
}

/// The story a `story` argument names: a story number, or an article in it.
fn resolve_story(store: &Store, key: &str) -> anyhow::Result<StoryRow> {
    let stories = store.stories()?;
    if let Ok(n) = key.parse::<i64>()
        && let Some(s) = stories.iter().find(|s| s.id == n)
    {
        return Ok(s.clone());
    }
    let Some(found) = store.get(key)? else {
        anyhow::bail!("`{key}` is neither a story number nor a stored article");
    };
    let Some(sid) = store.story_of(&found.article.id)? else {
        anyhow::bail!("article {} is in no story yet", found.article.id);
    };
    stories
        .into_iter()
        .find(|s| s.id == sid)
        .ok_or_else(|| anyhow::anyhow!("story {sid} has no members"))
}

/// An edge as `trace --json` prints it.
#[derive(Serialize)]
struct EdgeJson<'a> {
    source: &'a str,
    derived: &'a str,
    kind: RelationKind,
    score: f32,
    directed: bool,
    reason: &'a str,
    evidence: &'a newstrace_model::PairEvidence,
}

impl<'a> From<&'a Relation> for EdgeJson<'a> {
    fn from(r: &'a Relation) -> Self {
        Self {
            source: r.source.as_str(),
            derived: r.derived.as_str(),
            kind: r.kind,
            score: r.score,
            directed: r.directed,
            reason: &r.reason,
            evidence: &r.evidence,
        }
    }
}

/// An origin of a chain: an article of the corpus with nothing upstream of it in the store,
/// or an outside source its reporting names.
#[derive(Serialize, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct OriginJson {
    /// `article` (in the store) or `external` (named, not in the corpus).
    kind: &'static str,
    /// Article id, or the source's name.
    name: String,
    /// For external sources: the intermediaries, nearest the article first.
    via: Vec<String>,
}

/// The derivation edges leading into `id`, hop by hop, and the chain's origins.
fn trace_from(store: &Store, id: &ArticleId) -> anyhow::Result<(Vec<Relation>, Vec<OriginJson>)> {
    let mut edges: Vec<Relation> = Vec::new();
    let mut seen: BTreeSet<ArticleId> = BTreeSet::new();
    let mut queue = VecDeque::from([id.clone()]);
    let mut origins: BTreeSet<OriginJson> = BTreeSet::new();
    seen.insert(id.clone());
    while let Some(current) = queue.pop_front() {
        let upstream: Vec<Relation> = store
            .relations_of(&current)?
            .into_iter()
            .filter(|r| r.directed && r.derived == current && r.kind != RelationKind::SameStory)
            .collect();
        if upstream.is_empty() {
            if &current != id {
                origins.insert(OriginJson {
                    kind: "article",
                    name: current.to_string(),
                    via: Vec::new(),
                });
            }
            if let Some(analysis) = store.analysis(&current)? {
                for u in analysis.upstream {
                    origins.insert(OriginJson {
                        kind: "external",
                        name: u.name,
                        via: u.via,
                    });
                }
            }
        }
        for r in upstream {
            if seen.insert(r.source.clone()) {
                queue.push_back(r.source.clone());
            }
            edges.push(r);
        }
    }
    Ok((edges, origins.into_iter().collect()))
}

/// `trace ID`.
pub fn trace(a: &ShowArgs) -> anyhow::Result<u8> {
    let store = must_exist(&a.db.db)?;
    let Some(found) = store.get(&a.id)? else {
        anyhow::bail!("no article matches `{}`", a.id);
    };
    let id = found.article.id.clone();
    let (edges, origins) = trace_from(&store, &id)?;
    if a.json {
        #[derive(Serialize)]
        struct TraceJson<'a> {
            article: &'a str,
            edges: Vec<EdgeJson<'a>>,
            origins: &'a [OriginJson],
        }
        print_json(&TraceJson {
            article: id.as_str(),
            edges: edges.iter().map(EdgeJson::from).collect(),
            origins: &origins,
        })?;
        return Ok(exit::OK);
    }
    println!(
        "{}  {}",
        id,
        found.article.title.as_deref().unwrap_or("(no title)")
    );
    if edges.is_empty() {
        println!("  nothing in the store derives it from another article");
    }
    for r in &edges {
        println!(
            "  {} ← {}  {} ({:.2}): {}",
            label(&store, &r.derived)?,
            label(&store, &r.source)?,
            serde_name(&r.kind),
            r.score,
            r.reason
        );
        // The two texts, read once per hop, to quote its first aligned sentences.
        if let (Some(src), Some(der)) = (
            store.get(r.source.as_str())?,
            store.get(r.derived.as_str())?,
        ) {
            for pair in r.evidence.aligned.iter().take(2) {
                println!(
                    "      “{}”",
                    truncate(&pair.a.of(&src.article.text).replace('\n', " "), 90)
                );
                println!(
                    "    ≈ “{}”",
                    truncate(&pair.b.of(&der.article.text).replace('\n', " "), 90)
                );
            }
        }
    }
    for o in &origins {
        match o.kind {
            "article" => println!(
                "  origin: {}",
                label(&store, &ArticleId::from_stored(o.name.clone()))?
            ),
            _ if o.via.is_empty() => println!("  origin (outside the corpus): {}", o.name),
            _ => println!(
                "  origin (outside the corpus): {} via {}",
                o.name,
                o.via.join(" ← ")
            ),
        }
    }
    Ok(exit::OK)
}

/// `id-prefix outlet` for a person reading a chain.
pub fn label(store: &Store, id: &ArticleId) -> anyhow::Result<String> {
    let outlet = store
        .get(id.as_str())?
        .and_then(|f| f.article.outlet)
        .unwrap_or_else(|| "-".into());
    Ok(format!(
        "{} {}",
        id.as_str().get(..8).unwrap_or(id.as_str()),
        outlet
    ))
}

/// `story ID`.
pub fn story(a: &ShowArgs) -> anyhow::Result<u8> {
    let store = must_exist(&a.db.db)?;
    let story = resolve_story(&store, &a.id)?;
    let m = members(&store, &story)?;
    let ids: BTreeSet<&ArticleId> = story.articles.iter().collect();
    let mut relations: BTreeMap<(String, String), Relation> = BTreeMap::new();
    for id in &story.articles {
        for r in store.relations_of(id)? {
            if ids.contains(&r.source) && ids.contains(&r.derived) {
                relations.insert((r.source.to_string(), r.derived.to_string()), r);
            }
        }
    }
    if a.json {
        #[derive(Serialize)]
        struct StoryDetail<'a> {
            id: i64,
            articles: Vec<crate::view::ArticleJson<'a>>,
            edges: Vec<EdgeJson<'a>>,
        }
        print_json(&StoryDetail {
            id: story.id,
            articles: m
                .iter()
                .map(crate::view::ArticleJson::from_summary)
                .collect(),
            edges: relations.values().map(EdgeJson::from).collect(),
        })?;
        return Ok(exit::OK);
    }
    println!("story {} — {} articles", story.id, m.len());
    for s in &m {
        println!("  {}", crate::view::summary_line(s));
    }
    println!("\nProvenance:");
    // Roots: members that derive from no other member.
    let derived: BTreeSet<&ArticleId> = relations
        .values()
        .filter(|r| r.directed && r.kind != RelationKind::SameStory)
        .map(|r| &r.derived)
        .collect();
    let mut drawn = BTreeSet::new();
    for root in m.iter().filter(|s| !derived.contains(&s.id)) {
        print!("  ");
        draw(&store, &relations, &root.id, 1, &mut drawn)?;
    }
    let same: Vec<&Relation> = relations
        .values()
        .filter(|r| r.kind == RelationKind::SameStory || !r.directed)
        .collect();
    for r in same {
        println!(
            "  {} ~ {}  {} ({:.2})",
            label(&store, &r.source)?,
            label(&store, &r.derived)?,
            serde_name(&r.kind),
            r.score
        );
    }
    for s in &m {
        if let Some(findings) = store.findings(&s.id)?
            && !findings.is_empty()
        {
            println!("\nFindings in {}:", label(&store, &s.id)?);
            for f in findings {
                println!("  {}", f.reason);
            }
        }
    }
    Ok(exit::OK)
}

/// Draws `id` (the caller has indented the line) and the derivation tree under it.
fn draw(
    store: &Store,
    relations: &BTreeMap<(String, String), Relation>,
    id: &ArticleId,
    depth: usize,
    seen: &mut BTreeSet<ArticleId>,
) -> anyhow::Result<()> {
    if !seen.insert(id.clone()) {
        println!("{} (above)", label(store, id)?);
        return Ok(());
    }
    println!("{}", label(store, id)?);
    for r in relations
        .values()
        .filter(|r| r.directed && &r.source == id && r.kind != RelationKind::SameStory)
    {
        print!("{}└ {} → ", "  ".repeat(depth + 1), serde_name(&r.kind));
        draw(store, relations, &r.derived, depth + 1, seen)?;
    }
    Ok(())
}
