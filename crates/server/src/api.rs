//! The JSON API handlers. Each runs its queries on a pooled read-only store in a blocking
//! task and answers a JSON value; every list is a [`Paged`] envelope.

use crate::params::{
    FilterParams, MAX_OFFSET, MAX_SEARCH_OFFSET, PageParams, Paged, non_empty, relation_kind,
};
use crate::pool::read;
use crate::{ApiError, AppState};
use axum::Json;
use axum::extract::{OriginalUri, Path, Query, State};
use newstrace_model::ArticleId;
use newstrace_store::{ArticleSummary, EntityCount, Store, StoryRow};
use newstrace_views::{ArticleJson, StoryJson};
use serde::Deserialize;
use serde_json::{Value, json};
use std::sync::atomic::Ordering;
use std::sync::{Arc, PoisonError};

/// Longest id, prefix or external id looked up; longer keys cannot name anything.
const MAX_KEY_LEN: usize = 512;

type ApiResult = Result<Json<Value>, ApiError>;

/// `GET /api/health`: alive, and what the store holds.
pub(crate) async fn health(State(state): State<AppState>) -> ApiResult {
    let ingest = state.inner.writer.is_some();
    read(&state, move |store| {
        // Not `Store::count`: its distinct-outlet count reads every sighting.
        let articles = store.count_filtered(&newstrace_store::ArticleFilter::default())?;
        Ok(Json(json!({
            "status": "ok",
            "version": env!("CARGO_PKG_VERSION"),
            "ingest": ingest,
            "articles": articles,
            "stories": store.story_count()?,
        })))
    })
    .await
}

/// Pagination plus the article filters. Flat rather than `#[serde(flatten)]`: flattening
/// through a query string turns every number into a string and breaks `limit=10`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ArticleListParams {
    pub(crate) limit: Option<u64>,
    pub(crate) offset: Option<u64>,
    pub(crate) q: Option<String>,
    pub(crate) outlet: Option<String>,
    pub(crate) from: Option<String>,
    pub(crate) to: Option<String>,
    pub(crate) signal: Option<String>,
    pub(crate) finding: Option<String>,
}

impl ArticleListParams {
    pub(crate) fn split(self) -> (PageParams, FilterParams) {
        (
            PageParams {
                limit: self.limit,
                offset: self.offset,
            },
            FilterParams {
                q: self.q,
                outlet: self.outlet,
                from: self.from,
                to: self.to,
                signal: self.signal,
                finding: self.finding,
            },
        )
    }
}

/// `GET /api/articles`: articles, oldest publication first, with optional filters.
pub(crate) async fn articles(
    State(state): State<AppState>,
    Query(p): Query<ArticleListParams>,
) -> ApiResult {
    let (page, filter) = p.split();
    let max_offset = if non_empty(&filter.q).is_some() {
        MAX_SEARCH_OFFSET
    } else {
        MAX_OFFSET
    };
    let page = page.page(max_offset)?;
    let filter = filter.filter()?;
    read(&state, move |store| {
        let (hits, total) = store.filtered_with_total(&filter, page.limit, page.offset)?;
        let items = hits
            .iter()
            .map(|h| summary_json(&h.article))
            .collect::<Vec<_>>();
        Ok(Json(json!(Paged::new(items, total, page))))
    })
    .await
}

/// `GET /api/search?q=`: full-text search, best first, with the same filters.
pub(crate) async fn search(
    State(state): State<AppState>,
    Query(p): Query<ArticleListParams>,
) -> ApiResult {
    let (page, filter) = p.split();
    if non_empty(&filter.q).is_none() {
        return Err(ApiError::bad_request("`q` is required"));
    }
    let page = page.page(MAX_SEARCH_OFFSET)?;
    let filter = filter.filter()?;
    read(&state, move |store| {
        let (hits, total) = store.filtered_with_total(&filter, page.limit, page.offset)?;
        let items = hits
            .iter()
            .map(|h| json!({ "article": summary_json(&h.article), "snippet": h.snippet }))
            .collect::<Vec<_>>();
        Ok(Json(json!(Paged::new(items, total, page))))
    })
    .await
}

/// `GET /api/articles/{id}`: one article (id, unique prefix or external id) with its text,
/// sightings, analysis evidence and check findings.
pub(crate) async fn article(State(state): State<AppState>, Path(key): Path<String>) -> ApiResult {
    check_key(&key)?;
    read(&state, move |store| article_detail(store, &key).map(Json)).await
}

/// The JSON of one article with everything known about it.
pub(crate) fn article_detail(store: &Store, key: &str) -> Result<Value, ApiError> {
    let Some(found) = store.get(key)? else {
        return Err(ApiError::not_found(format!("no article matches `{key}`")));
    };
    let a = &found.article;
    let sightings = store.sightings(&a.id)?;
    let analysis = store.analysis(&a.id)?;
    let findings = store.findings(&a.id)?.unwrap_or_default();
    let story = store.story_of(&a.id)?;
    let mut out = json!({
        "article": ArticleJson::full(a, found.sightings, &sightings),
        "story": story,
        "analysed": analysis.is_some(),
        "entities": [],
        "attributions": [],
        "quotes": [],
        "upstream": [],
        "signals": [],
        "timeline": [],
        "findings": findings,
    });
    if let Some(an) = analysis {
        out["entities"] = json!(an.entities);
        out["attributions"] = json!(an.attributions);
        out["quotes"] = json!(an.quotes);
        out["upstream"] = json!(an.upstream);
        out["signals"] = json!(an.signals);
        out["timeline"] = json!(an.timeline);
    }
    Ok(out)
}

/// `GET /api/stories`: stories by id, each with its title, first date and member ids.
pub(crate) async fn stories(
    State(state): State<AppState>,
    Query(p): Query<PageParams>,
) -> ApiResult {
    let page = p.page(MAX_OFFSET)?;
    read(&state, move |store| {
        let rows = store.story_page(page.limit, page.offset)?;
        let total = store.story_count()?;
        let mut items = Vec::with_capacity(rows.len());
        for row in &rows {
            items.push(story_summary(store, row)?);
        }
        Ok(Json(json!(Paged::new(items, total, page))))
    })
    .await
}

/// A story's list entry.
pub(crate) fn story_summary(store: &Store, row: &StoryRow) -> Result<StoryJson, ApiError> {
    let members = newstrace_views::story::members(store, row)?;
    let first = members.first();
    Ok(StoryJson {
        id: row.id,
        title: first.and_then(|s| s.title.clone()),
        first_seen: first
            .and_then(|s| s.published.as_ref().or(s.first_seen.as_ref()))
            .map(|d| d.value.to_string()),
        articles: members.iter().map(|s| s.id.to_string()).collect(),
    })
}

/// `GET /api/stories/{id}`: one story (its number, or an article in it) with members,
/// relations, provenance tree and findings.
pub(crate) async fn story(State(state): State<AppState>, Path(key): Path<String>) -> ApiResult {
    check_key(&key)?;
    read(&state, move |store| {
        let row = resolve_story(store, &key)?;
        let d = newstrace_views::story_detail(store, &row)?;
        Ok(Json(json!({
            "story": d.summary,
            "members": d.members.iter().map(summary_json).collect::<Vec<_>>(),
            "edges": d.relations,
            "tree": d.tree(),
            "roots": d.roots().iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
            "findings": d.findings.iter().map(|(id, f)| json!({"article": id, "findings": f}))
                .collect::<Vec<_>>(),
        })))
    })
    .await
}

/// The story a key names: a story number, or an article (id, prefix or external id) in it.
/// Unlike `newstrace_views::story::resolve_story` it reads only that story's rows, so it
/// stays fast on large stores.
pub(crate) fn resolve_story(store: &Store, key: &str) -> Result<StoryRow, ApiError> {
    if let Ok(n) = key.parse::<i64>()
        && let Some(row) = store.story(n)?
    {
        return Ok(row);
    }
    let Some(found) = store.get(key)? else {
        return Err(ApiError::not_found(format!(
            "`{key}` is neither a story number nor a stored article"
        )));
    };
    let Some(sid) = store.story_of(&found.article.id)? else {
        return Err(ApiError::not_found(format!(
            "article {} is in no story yet",
            found.article.id
        )));
    };
    store
        .story(sid)?
        .ok_or_else(|| ApiError::not_found(format!("story {sid} has no members")))
}

/// `GET /api/trace/{id}`: the derivation edges upstream of an article and its origins.
pub(crate) async fn trace(State(state): State<AppState>, Path(key): Path<String>) -> ApiResult {
    check_key(&key)?;
    read(&state, move |store| {
        Ok(Json(json!(newstrace_views::trace(store, &key)?)))
    })
    .await
}

/// Pagination plus a kind.
#[derive(Debug, Deserialize)]
pub(crate) struct KindParams {
    limit: Option<u64>,
    offset: Option<u64>,
    kind: Option<String>,
    /// Only for entities: a case-insensitive part of the name.
    q: Option<String>,
}

impl KindParams {
    fn page(&self, max_offset: u64) -> Result<crate::params::Page, ApiError> {
        PageParams {
            limit: self.limit,
            offset: self.offset,
        }
        .page(max_offset)
    }
}

/// `GET /api/edges`: relations between articles, in the order their pairs were first linked.
pub(crate) async fn edges(State(state): State<AppState>, Query(p): Query<KindParams>) -> ApiResult {
    let page = p.page(MAX_OFFSET)?;
    let kind = non_empty(&p.kind).map(relation_kind).transpose()?;
    read(&state, move |store| {
        let items = store.relation_page(kind.as_deref(), page.limit, page.offset)?;
        let total = store.relation_count(kind.as_deref())?;
        Ok(Json(json!(Paged::new(items, total, page))))
    })
    .await
}

/// `GET /api/findings`: articles with check findings, in the order they were stored.
pub(crate) async fn findings(
    State(state): State<AppState>,
    Query(p): Query<KindParams>,
) -> ApiResult {
    let page = p.page(MAX_OFFSET)?;
    let kind = non_empty(&p.kind)
        .map(|k| {
            FilterParams {
                finding: Some(k.to_string()),
                ..Default::default()
            }
            .filter()
            .map(|f| f.finding.unwrap_or_default())
        })
        .transpose()?;
    read(&state, move |store| {
        let rows = store.findings_page(kind.as_deref(), page.limit, page.offset)?;
        let total = store.findings_count(kind.as_deref())?;
        let mut items = Vec::with_capacity(rows.len());
        for (id, list) in rows {
            let article = article_summary(store, &id)?;
            items.push(json!({ "article": article, "findings": list }));
        }
        Ok(Json(json!(Paged::new(items, total, page))))
    })
    .await
}

/// `GET /api/entities`: entity names with how many articles name them, most named first.
pub(crate) async fn entities(
    State(state): State<AppState>,
    Query(p): Query<KindParams>,
) -> ApiResult {
    let page = p.page(MAX_OFFSET)?;
    let kind = non_empty(&p.kind).map(str::to_string);
    let needle = non_empty(&p.q).map(str::to_lowercase);
    let all = entity_counts(&state).await?;
    let matching: Vec<&EntityCount> = all
        .iter()
        .filter(|e| kind.as_ref().is_none_or(|k| &e.kind == k))
        .filter(|e| {
            needle
                .as_ref()
                .is_none_or(|n| e.name.to_lowercase().contains(n.as_str()))
        })
        .collect();
    let total = matching.len() as u64;
    let items: Vec<Value> = matching
        .iter()
        .skip(usize::try_from(page.offset).unwrap_or(usize::MAX))
        .take(usize::try_from(page.limit).unwrap_or(usize::MAX))
        .map(|e| json!({ "name": e.name, "kind": e.kind, "articles": e.articles }))
        .collect();
    Ok(Json(json!(Paged::new(items, total, page))))
}

/// The entity counts, from the cache or computed once (they read every analysis).
async fn entity_counts(state: &AppState) -> Result<Arc<Vec<EntityCount>>, ApiError> {
    if let Some(cached) = state
        .inner
        .entities
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .clone()
    {
        return Ok(cached);
    }
    // The blocking task fills the cache itself, so a first request that times out still
    // leaves the counts for the next one.
    let inner = state.inner.clone();
    let generation = inner.generation.load(Ordering::SeqCst);
    read(state, move |store| {
        let fresh = Arc::new(store.entity_counts()?);
        let mut cache = inner
            .entities
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        if inner.generation.load(Ordering::SeqCst) == generation {
            *cache = Some(fresh.clone());
        }
        Ok(fresh)
    })
    .await
}

/// Any route the server does not have.
pub(crate) async fn no_route(OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::not_found(format!("no route for {}", uri.path()))
}

/// The summary JSON of an article (the fields of `list --json`).
pub(crate) fn summary_json(s: &ArticleSummary) -> Value {
    json!(ArticleJson::from_summary(s))
}

fn article_summary(store: &Store, id: &ArticleId) -> Result<Value, ApiError> {
    Ok(match store.get(id.as_str())? {
        Some(found) => json!(ArticleJson::summary(&found.article, found.sightings)),
        None => json!({ "id": id }),
    })
}

pub(crate) fn check_key(key: &str) -> Result<(), ApiError> {
    if key.trim().is_empty() || key.len() > MAX_KEY_LEN {
        return Err(ApiError::bad_request(format!(
            "an id must be 1 to {MAX_KEY_LEN} bytes"
        )));
    }
    Ok(())
}
