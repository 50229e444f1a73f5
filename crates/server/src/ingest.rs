//! `POST /api/ingest`: JSONL in the request body, stored and processed like `newstrace
//! ingest` does. Only with ingest allowed, and only with the bearer token.

use crate::{ApiError, AppState};
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use newstrace_ingest::input::Opened;
use newstrace_ingest::readers::reader_for;
use newstrace_ingest::{Limits, RecordError, extract::extract};
use newstrace_model::{Article, InputFormat};
use newstrace_store::{BatchOutcome, Store};
use serde::Serialize;
use std::collections::BTreeMap;
use std::error::Error;
use std::sync::PoisonError;
use std::sync::atomic::Ordering;
use subtle::ConstantTimeEq;

/// Error messages returned per request at most; the counts stay exact.
const MAX_REPORTED_ERRORS: usize = 50;
/// Ingest requests between the writer's own checkpoints.
const INGESTS_PER_CHECKPOINT: u64 = 16;
/// Articles analysed per transaction by [`AnalyzeOnly`].
const ANALYSES_PER_COMMIT: u64 = 200;

/// What runs on the writable store after an ingest request's articles are stored: the
/// CLI plugs in analysis, knowledge-base checks and linking, as `newstrace ingest` runs them.
pub trait AfterIngest: Send + Sync {
    /// Processes a request's articles, just stored (`batch`, with `outcome`, what storing it
    /// returned: which are new), and whatever else the store holds unprocessed; returns
    /// named counts for the response (`analysed`, `linked`, …).
    fn process(
        &self,
        store: &mut Store,
        batch: Vec<Article>,
        outcome: &BatchOutcome,
    ) -> Result<IngestCounts, Box<dyn Error + Send + Sync>>;
}

/// Named counts of what [`AfterIngest::process`] did.
pub type IngestCounts = BTreeMap<String, u64>;

/// The processing a server does on its own: analysis only (no checks, no linking).
#[derive(Debug, Default, Clone, Copy)]
pub struct AnalyzeOnly;

impl AfterIngest for AnalyzeOnly {
    /// Analyses everything unanalysed, the batch included (a walk over the store: fine for
    /// the small stores this default serves; the CLI plugs in batch-wise steps).
    fn process(
        &self,
        store: &mut Store,
        _batch: Vec<Article>,
        _outcome: &BatchOutcome,
    ) -> Result<IngestCounts, Box<dyn Error + Send + Sync>> {
        let mut analysed = 0u64;
        let mut after = newstrace_store::Cursor::START;
        loop {
            let (ids, next) = store.needing_analysis_after(
                newstrace_analyze::VERSION,
                after,
                ANALYSES_PER_COMMIT,
            )?;
            after = next;
            if ids.is_empty() {
                break;
            }
            let mut done = Vec::with_capacity(ids.len());
            for id in &ids {
                if let Some(found) = store.get(id.as_str())? {
                    done.push((id.clone(), newstrace_analyze::analyze(&found.article)));
                }
            }
            store.save_analyses(&done)?;
            analysed += done.len() as u64;
            if done.len() < ids.len() {
                break; // an id vanished between listing and loading: don't spin on it
            }
        }
        Ok(BTreeMap::from([("analysed".to_string(), analysed)]))
    }
}

/// The answer to an ingest request.
#[derive(Debug, Default, Serialize)]
struct IngestReport {
    /// Records read from the body (articles and failures).
    read: u64,
    new: u64,
    seen_again: u64,
    already_known: u64,
    failed: u64,
    /// Ids of the articles the body's records became, in body order.
    articles: Vec<String>,
    /// The first failures, each naming its record and byte offset.
    errors: Vec<String>,
    /// What the processing after storing did.
    processed: IngestCounts,
}

/// `POST /api/ingest`.
pub(crate) async fn ingest(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    if state.inner.writer.is_none() {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "ingest is disabled: this server is read-only (start it with --allow-ingest)",
        ));
    }
    authorize(&headers, state.inner.token.as_deref())?;
    if body.is_empty() {
        return Err(ApiError::bad_request(
            "empty body: send JSONL, one article object per line",
        ));
    }
    let inner = state.inner.clone();
    let report = tokio::task::spawn_blocking(move || -> Result<IngestReport, ApiError> {
        let (articles, errors) = read_jsonl(body);
        let mut report = IngestReport {
            read: (articles.len() + errors.len()) as u64,
            failed: errors.len() as u64,
            articles: articles.iter().map(|a| a.id.to_string()).collect(),
            errors: errors
                .iter()
                .take(MAX_REPORTED_ERRORS)
                .map(ToString::to_string)
                .collect(),
            ..IngestReport::default()
        };
        if articles.is_empty() {
            return Err(ApiError::bad_request(format!(
                "no article could be read from the body ({} failed{})",
                errors.len(),
                errors
                    .first()
                    .map(|e| format!("; first: {e}"))
                    .unwrap_or_default()
            )));
        }
        let Some(writer) = &inner.writer else {
            return Err(ApiError::internal(
                "ingest allowed without a writable store",
            ));
        };
        // One ingest at a time: SQLite has one writer, and processing reads what it wrote.
        let mut store = writer.lock().unwrap_or_else(PoisonError::into_inner);
        let outcome = store.insert_batch(&articles)?;
        // Searchable as soon as the response says stored (the readers see the commit).
        store.sync_search_index()?;
        report.new = outcome.new;
        report.seen_again = outcome.seen_again;
        report.already_known = outcome.unchanged;
        report.processed = inner
            .after_ingest
            .process(&mut store, articles, &outcome)
            .map_err(ApiError::internal)?;
        // Under a steady stream of ingests the background checkpoint never reaches the end
        // of the log, which then grows without bound (see `Store::checkpoint`). Not a write:
        // a busy log is copied the next time.
        if inner.generation.load(Ordering::SeqCst) % INGESTS_PER_CHECKPOINT == 0 {
            let _ = store.checkpoint();
        }
        drop(store);
        inner.generation.fetch_add(1, Ordering::SeqCst);
        *inner
            .entities
            .write()
            .unwrap_or_else(PoisonError::into_inner) = None;
        Ok(report)
    })
    .await
    .map_err(ApiError::internal)??;
    Ok((StatusCode::OK, Json(report)).into_response())
}

/// 401 without a bearer token, 403 with the wrong one. The comparison takes the same time
/// wherever the tokens differ, so timing does not leak the token.
fn authorize(headers: &HeaderMap, token: Option<&str>) -> Result<(), ApiError> {
    let unauthorized = || {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "missing bearer token: send `Authorization: Bearer TOKEN`",
        )
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .ok_or_else(unauthorized)?
        .to_str()
        .map_err(|_| unauthorized())?;
    let given = given
        .strip_prefix("Bearer ")
        .or_else(|| given.strip_prefix("bearer "))
        .ok_or_else(unauthorized)?
        .trim();
    let Some(expected) = token else {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "ingest has no token"));
    };
    if bool::from(given.as_bytes().ct_eq(expected.as_bytes())) {
        Ok(())
    } else {
        Err(ApiError::new(StatusCode::FORBIDDEN, "wrong token"))
    }
}

/// The articles and failures of a JSONL body, through the same reader and extractor as
/// files (one line per record, capped at the usual record size).
fn read_jsonl(body: Bytes) -> (Vec<Article>, Vec<RecordError>) {
    let mut opened = Opened {
        display: "request".to_string(),
        format: InputFormat::Jsonl,
        stream: Box::new(std::io::Cursor::new(body)),
    };
    let mut articles = Vec::new();
    let mut errors = Vec::new();
    reader_for(InputFormat::Jsonl).read(&mut opened, &Limits::DEFAULT, &mut |record| match record
        .and_then(extract)
    {
        Ok(a) => articles.push(a),
        Err(e) => errors.push(e),
    });
    (articles, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with_auth(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn bearer_tokens_are_checked() {
        let status = |h: &HeaderMap| authorize(h, Some("s3cret")).map_err(|e| e.status.as_u16());
        assert_eq!(status(&HeaderMap::new()), Err(401));
        assert_eq!(status(&with_auth("Basic czNjcmV0")), Err(401));
        assert_eq!(status(&with_auth("Bearer nope")), Err(403));
        assert_eq!(status(&with_auth("Bearer s3cre")), Err(403));
        assert_eq!(status(&with_auth("Bearer s3cret")), Ok(()));
    }

    #[test]
    fn jsonl_bodies_become_articles_and_errors() {
        let body = Bytes::from(
            "{\"id\":\"a-1\",\"title\":\"One\",\"text\":\"The council met on Monday and voted to repair the old bridge over the river.\"}\n\
             {not json}\n",
        );
        let (articles, errors) = read_jsonl(body);
        assert_eq!(articles.len(), 1);
        assert_eq!(articles[0].external_id.as_deref(), Some("a-1"));
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().contains("record 2"), "{}", errors[0]);
    }
}
