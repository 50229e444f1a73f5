//! Shared by the server tests: a store built through the ingest endpoint with a small but
//! real pipeline (analysis, knowledge-base checks, pairwise linking), requests through
//! `oneshot`, and a structural check of JSON responses against the OpenAPI document.

#![allow(dead_code)] // each test binary uses part of this module

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use newstrace_link::{Doc, align::align, relation::classify};
use newstrace_model::ArticleId;
use newstrace_server::{AfterIngest, AnalyzeOnly, Config, IngestCounts, Server};
use newstrace_store::{ListQuery, Store};
use serde_json::Value;
use std::collections::BTreeMap;
use std::error::Error;
use std::path::Path;
use std::sync::Arc;
use tower::ServiceExt;

pub const TOKEN: &str = "test-token-7f3a";

/// Analysis, the core knowledge-base checks, and linking of every pair (fine for a few
/// articles; the CLI links through the LSH index instead).
pub struct TestPipeline;

impl AfterIngest for TestPipeline {
    fn process(
        &self,
        store: &mut Store,
        batch: Vec<newstrace_model::Article>,
        outcome: &newstrace_store::BatchOutcome,
    ) -> Result<IngestCounts, Box<dyn Error + Send + Sync>> {
        let mut counts = AnalyzeOnly.process(store, batch, outcome)?;
        let all = store.list(&ListQuery {
            limit: 10_000,
            ..ListQuery::default()
        })?;
        let mut docs = Vec::new();
        for s in &all {
            let article = store.get(s.id.as_str())?.ok_or("vanished")?.article;
            let analysis = store.analysis(&s.id)?.ok_or("unanalysed")?;
            docs.push((article, analysis));
        }
        let kb = newstrace_kb::Kb::core();
        let findings: Vec<_> = docs
            .iter()
            .map(|(a, an)| {
                (
                    a.id.clone(),
                    newstrace_kb::checks::check(&newstrace_analyze::Context::of(a), an, kb),
                )
            })
            .collect();
        store.save_findings("test", &findings)?;
        let mut relations = Vec::new();
        for i in 0..docs.len() {
            for j in i + 1..docs.len() {
                let a = Doc::new(&docs[i].0, &docs[i].1);
                let b = Doc::new(&docs[j].0, &docs[j].1);
                if let Some(r) = classify(a, b, align(a, b)) {
                    relations.push(r);
                }
            }
        }
        store.save_relations(&relations)?;
        let mut related: BTreeMap<ArticleId, Vec<ArticleId>> = BTreeMap::new();
        for r in &relations {
            related
                .entry(r.derived.clone())
                .or_default()
                .push(r.source.clone());
            related
                .entry(r.source.clone())
                .or_default()
                .push(r.derived.clone());
        }
        for (a, _) in &docs {
            store.assign_story(&a.id, related.get(&a.id).map_or(&[][..], |v| v))?;
        }
        counts.insert("relations".into(), relations.len() as u64);
        Ok(counts)
    }
}

/// A server over a fresh store in `dir`, with ingest allowed.
pub fn writable_server(dir: &Path, ingest_limit: Option<usize>) -> Server {
    let mut config = Config::read_only(dir.join("t.db"));
    config.allow_ingest = true;
    config.token = Some(TOKEN.to_string());
    config.after_ingest = Arc::new(TestPipeline);
    config.readers = 2;
    if let Some(limit) = ingest_limit {
        config.ingest_limit = limit;
    }
    Server::open(config).unwrap()
}

/// A server whose store holds the fixture articles.
pub async fn loaded(dir: &Path) -> (Server, Router) {
    let server = writable_server(dir, None);
    let app = server.router();
    let body = std::fs::read(fixture("articles.jsonl")).unwrap();
    let (status, json) = ingest(&app, body, Some(TOKEN)).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["new"], 5, "{json}");
    (server, app)
}

pub fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A request's status, content type and body.
pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

pub async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    Reply {
        status,
        content_type,
        headers,
        body,
    }
}

pub async fn get(app: &Router, uri: &str) -> Reply {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

/// GETs a JSON route and checks the answer against the OpenAPI document's schema for
/// `template` and the status.
pub async fn get_json(app: &Router, uri: &str, template: &str) -> (StatusCode, Value) {
    let reply = get(app, uri).await;
    assert!(
        reply.content_type.starts_with("application/json"),
        "{uri}: content type {}",
        reply.content_type
    );
    let json = reply.json();
    conforms(template, "get", reply.status, &json);
    (reply.status, json)
}

pub async fn ingest(app: &Router, body: Vec<u8>, token: Option<&str>) -> (StatusCode, Value) {
    let mut req = Request::post("/api/ingest").header(header::CONTENT_TYPE, "application/x-ndjson");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let reply = send(app, req.body(Body::from(body)).unwrap()).await;
    assert!(reply.content_type.starts_with("application/json"));
    let json = reply.json();
    conforms("/api/ingest", "post", reply.status, &json);
    (reply.status, json)
}

/// The OpenAPI document.
pub fn openapi() -> Value {
    serde_json::from_str(newstrace_server::openapi::OPENAPI_JSON).unwrap()
}

/// Checks `value` against the schema the OpenAPI document gives for this answer:
/// required keys, property types, array items, enums. Structural, not full JSON Schema.
pub fn conforms(template: &str, method: &str, status: StatusCode, value: &Value) {
    let doc = openapi();
    let op = &doc["paths"][template][method];
    assert!(op.is_object(), "{method} {template} is not in the document");
    let response = &op["responses"][status.as_str()];
    assert!(
        response.is_object(),
        "{method} {template}: status {status} is not documented"
    );
    let schema = &response["content"]["application/json"]["schema"];
    assert!(
        schema.is_object(),
        "{method} {template} {status}: no JSON schema"
    );
    check(
        &doc,
        schema,
        value,
        &format!("{method} {template} {status}"),
        0,
    );
}

fn check(doc: &Value, schema: &Value, value: &Value, at: &str, depth: usize) {
    assert!(depth < 32, "{at}: schema too deep");
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/components/schemas/");
        let target = &doc["components"]["schemas"][name];
        assert!(target.is_object(), "{at}: dangling {r}");
        return check(doc, target, value, &format!("{at} → {name}"), depth + 1);
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for s in all {
            check(doc, s, value, at, depth + 1);
        }
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let ok = types.iter().any(|t| match *t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            _ => false,
        });
        assert!(ok, "{at}: expected {types:?}, got {value}");
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        assert!(e.contains(value), "{at}: {value} not in {e:?}");
    }
    if let Some(c) = schema.get("const") {
        assert_eq!(c, value, "{at}");
    }
    if let Some(required) = schema.get("required").and_then(Value::as_array) {
        for key in required.iter().filter_map(Value::as_str) {
            assert!(value.get(key).is_some(), "{at}: missing `{key}` in {value}");
        }
    }
    if let (Some(props), Some(obj)) = (
        schema.get("properties").and_then(Value::as_object),
        value.as_object(),
    ) {
        for (key, sub) in props {
            if let Some(v) = obj.get(key) {
                check(doc, sub, v, &format!("{at}.{key}"), depth + 1);
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), value.as_array()) {
        for v in arr {
            check(doc, items, v, &format!("{at}[]"), depth + 1);
        }
    }
}
