//! `newstrace stories`, `newstrace story ID` and `newstrace trace ID`: stories and provenance
//! as the store holds them (the views are built by `newstrace_views`).

use super::list::must_exist;
use super::print_json;
use crate::args::{ShowArgs, StoriesArgs, exit};
use crate::view::{ArticleJson, serde_name, summary_line, truncate};
use newstrace_model::{ArticleId, Relation};
use newstrace_store::Store;
use newstrace_views::story::resolve_story;
use newstrace_views::{StoryDetail, story_detail, story_list};
use serde::Serialize;
use std::collections::BTreeSet;

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

/// `trace ID`.
pub fn trace(a: &ShowArgs) -> anyhow::Result<u8> {
    let store = must_exist(&a.db.db)?;
    let t = newstrace_views::trace(&store, &a.id)?;
    if a.json {
        print_json(&t)?;
        return Ok(exit::OK);
    }
    let title = store
        .get(t.article.as_str())?
        .and_then(|f| f.article.title)
        .unwrap_or_else(|| "(no title)".into());
    println!("{}  {title}", t.article);
    if t.edges.is_empty() {
        println!("  nothing in the store derives it from another article");
    }
    for r in &t.edges {
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
    for o in &t.origins {
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
    let detail = story_detail(&store, &story)?;
    if a.json {
        #[derive(Serialize)]
        struct StoryDetailJson<'a> {
            id: i64,
            articles: Vec<ArticleJson<'a>>,
            edges: &'a [Relation],
            disagreements: &'a [newstrace_link::disagree::Disagreement],
        }
        print_json(&StoryDetailJson {
            id: story.id,
            articles: detail
                .members
                .iter()
                .map(ArticleJson::from_summary)
                .collect(),
            edges: &detail.relations,
            disagreements: &detail.disagreements,
        })?;
        return Ok(exit::OK);
    }
    println!("story {} — {} articles", story.id, detail.members.len());
    for s in &detail.members {
        println!("  {}", summary_line(s));
    }
    println!("\nProvenance:");
    let mut drawn = BTreeSet::new();
    for root in detail.roots() {
        print!("  ");
        draw(&store, &detail, &root.id, 1, &mut drawn)?;
    }
    for r in detail.others() {
        println!(
            "  {} ~ {}  {} ({:.2})",
            label(&store, &r.source)?,
            label(&store, &r.derived)?,
            serde_name(&r.kind),
            r.score
        );
    }
    if !detail.disagreements.is_empty() {
        println!("\nDisagreements between articles:");
        for d in &detail.disagreements {
            println!(
                "  {} gives {}, {} gives {} ({})",
                label(&store, &d.a)?,
                d.a_value,
                label(&store, &d.b)?,
                d.b_value,
                d.what
            );
        }
    }
    for (id, findings) in &detail.findings {
        println!("\nFindings in {}:", label(&store, id)?);
        for f in findings {
            println!("  {}", f.reason);
        }
    }
    Ok(exit::OK)
}

/// Draws `id` (the caller has indented the line) and the provenance tree under it.
fn draw(
    store: &Store,
    detail: &StoryDetail,
    id: &ArticleId,
    depth: usize,
    seen: &mut BTreeSet<ArticleId>,
) -> anyhow::Result<()> {
    if !seen.insert(id.clone()) {
        println!("{} (above)", label(store, id)?);
        return Ok(());
    }
    println!("{}", label(store, id)?);
    for r in detail.children(id) {
        print!("{}└ {} → ", "  ".repeat(depth + 1), serde_name(&r.kind));
        draw(store, detail, &r.derived, depth + 1, seen)?;
    }
    Ok(())
}
