//! The JSON API through the router (no network): routes against the OpenAPI document,
//! pagination, filters, details, errors, limits and ingest authorisation.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::{TOKEN, conforms, fixture, get, get_json, ingest, loaded, openapi, send};
use newstrace_server::{Config, Server, routes};
use serde_json::Value;
use std::collections::BTreeSet;

#[test]
fn the_document_lists_exactly_the_served_routes() {
    let doc = openapi();
    assert_eq!(doc["openapi"], "3.1.0");
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_uppercase(), path.clone()))
        })
        .collect();
    let served: BTreeSet<(String, String)> = routes()
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    assert_eq!(documented, served);
}

#[tokio::test]
async fn every_listed_route_is_really_served() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, app) = loaded(dir.path()).await;
    for r in routes() {
        let uri = r.path.replace("{id}", "wire-velmora-1");
        let method = Method::from_bytes(r.method.as_bytes()).unwrap();
        let reply = send(
            &app,
            Request::builder()
                .method(method)
                .uri(&uri)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        // Whatever the answer (an empty ingest is 400), it is not the fallback's.
        let not_fallback =
            reply.status != StatusCode::NOT_FOUND || !reply.text().contains("no route for");
        assert!(not_fallback, "{} {uri}: {}", r.method, reply.text());
        assert_ne!(
            reply.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{} {uri}",
            r.method
        );
    }
}

#[tokio::test]
async fn articles_are_paginated_without_overlap() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, app) = loaded(dir.path()).await;
    let (status, first) = get_json(&app, "/api/articles?limit=2", "/api/articles").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["total"], 5);
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    assert_eq!(first["next_offset"], 2);
    let mut seen = BTreeSet::new();
    let mut offset = Some(0u64);
    while let Some(o) = offset {
        let (_, page) = get_json(
            &app,
            &format!("/api/articles?limit=2&offset={o}"),
            "/api/articles",
        )
        .await;
        for item in page["items"].as_array().unwrap() {
            assert!(
                seen.insert(item["id"].as_str().unwrap().to_string()),
                "overlap"
            );
        }
        offset = page["next_offset"].as_u64();
    }
    assert_eq!(seen.len(), 5);
    // Oldest publication first.
    let (_, all) = get_json(&app, "/api/articles?limit=500", "/api/articles").await;
    let dates: Vec<&str> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["published"].as_str().unwrap())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    assert_eq!(all["next_offset"], Value::Null);
}

#[tokio::test]
async fn bad_parameters_are_json_400s() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, app) = loaded(dir.path()).await;
    for uri in [
        "/api/articles?limit=501",
        "/api/articles?limit=0",
        "/api/articles?limit=ten",
        "/api/articles?signal=nope",
        "/api/articles?from=last-week",
        "/api/articles?from=2026-03-09&to=2026-03-01",
        "/api/edges?kind=copy",
    ] {
        let reply = get(&app, uri).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{uri}: {}",
            reply.text()
        );
        assert!(reply.content_type.starts_with("application/json"), "{uri}");
        let json = reply.json();
        assert_eq!(json["error"]["status"], 400, "{uri}");
        assert!(!json["error"]["message"].as_str().unwrap().is_empty());
    }
    let (status, json) = get_json(&app, "/api/search", "/api/search").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(json["error"]["message"].as_str().unwrap().contains("q"));
}

#[tokio::test]
async fn articles_filter_by_outlet_date_signal_and_finding() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, app) = loaded(dir.path()).await;
    let ids = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["external_id"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let (_, by_outlet) = get_json(&app, "/api/articles?outlet=Northwire", "/api/articles").await;
    assert_eq!(ids(&by_outlet), ["wire-velmora-1"]);
    let (_, by_date) = get_json(
        &app,
        "/api/articles?from=2026-03-04&to=2026-03-07",
        "/api/articles",
    )
    .await;
    assert_eq!(ids(&by_date), ["treaty-1", "ai-1"]);
    assert_eq!(by_date["total"], 2);
    let (_, by_signal) = get_json(&app, "/api/articles?signal=ai-byline", "/api/articles").await;
    assert_eq!(ids(&by_signal), ["ai-1"]);
    let (_, by_finding) = get_json(&app, "/api/articles?finding=event-date", "/api/articles").await;
    assert_eq!(ids(&by_finding), ["treaty-1"]);
    let (_, combined) = get_json(
        &app,
        "/api/articles?finding=event-date&outlet=Northwire",
        "/api/articles",
    )
    .await;
    assert_eq!(combined["total"], 0);
}

#[tokio::test]
async fn one_article_with_its_evidence_by_id_prefix_or_external_id() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, app) = loaded(dir.path()).await;
    let (status, by_ext) = get_json(&app, "/api/articles/treaty-1", "/api/articles/{id}").await;
    assert_eq!(status, StatusCode::OK);
    let id = by_ext["article"]["id"].as_str().unwrap().to_string();
    assert!(
        by_ext["article"]["text"]
            .as_str()
            .unwrap()
            .contains("Maastricht")
    );
    assert_eq!(by_ext["analysed"], true);
    assert!(!by_ext["entities"].as_array().unwrap().is_empty());
    assert_eq!(by_ext["findings"][0]["kind"], "event-date");
    let (_, by_id) = get_json(&app, &format!("/api/articles/{id}"), "/api/articles/{id}").await;
    let (_, by_prefix) = get_json(
        &app,
        &format!("/api/articles/{}", &id[..10]),
        "/api/articles/{id}",
    )
    .await;
    assert_eq!(by_id, by_ext);
    assert_eq!(by_prefix, by_ext);
    let (_, ai) = get_json(&app, "/api/articles/ai-1", "/api/articles/{id}").await;
    assert!(
        ai["signals"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["kind"] == "ai-byline")
    );
}

#[tokio::test]
async fn unknown_things_are_json_404s() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, app) = loaded(dir.path()).await;
    for (uri, template) in [
        ("/api/articles/no-such-article", "/api/articles/{id}"),
        ("/api/stories/99999", "/api/stories/{id}"),
        ("/api/trace/ffffffffffff", "/api/trace/{id}"),
    ] {
        let (status, json) = get_json(&app, uri, template).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(json["error"]["status"], 404);
    }
    let reply = get(&app, "/api/nothing-here").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.json()["error"]["status"], 404);
    let reply = send(
        &app,
        Request::delete("/api/articles")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.json()["error"]["status"], 405);
}

#[tokio::test]
async fn stories_edges_and_traces_follow_the_copy_to_the_wire() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, app) = loaded(dir.path()).await;
    let (_, wire) = get_json(&app, "/api/articles/wire-velmora-1", "/api/articles/{id}").await;
    let (_, copy) = get_json(&app, "/api/articles/coast-velmora-1", "/api/articles/{id}").await;
    let wire_id = wire["article"]["id"].as_str().unwrap();
    let copy_id = copy["article"]["id"].as_str().unwrap();
    let story_id = wire["story"].as_i64().unwrap();
    assert_eq!(copy["story"].as_i64(), Some(story_id));

    let (_, stories) = get_json(&app, "/api/stories?limit=500", "/api/stories").await;
    // Five articles; the wire and its copy share one story.
    assert_eq!(stories["total"], 4);
    let (_, by_number) = get_json(
        &app,
        &format!("/api/stories/{story_id}"),
        "/api/stories/{id}",
    )
    .await;
    let (_, by_article) = get_json(&app, "/api/stories/coast-velmora-1", "/api/stories/{id}").await;
    assert_eq!(by_number, by_article);
    assert_eq!(by_number["members"].as_array().unwrap().len(), 2);
    assert_eq!(by_number["roots"], serde_json::json!([wire_id]));
    let tree = by_number["tree"].as_array().unwrap();
    assert_eq!(tree.len(), 1);
    assert_eq!(tree[0]["source"], wire_id);
    assert_eq!(tree[0]["derived"], copy_id);

    let (_, edges) = get_json(&app, "/api/edges", "/api/edges").await;
    assert!(edges["total"].as_u64().unwrap() >= 1);
    let kind = tree[0]["kind"].as_str().unwrap();
    let (_, of_kind) = get_json(&app, &format!("/api/edges?kind={kind}"), "/api/edges").await;
    assert!(
        of_kind["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["kind"] == kind)
    );

    let (_, trace) = get_json(&app, "/api/trace/coast-velmora-1", "/api/trace/{id}").await;
    assert_eq!(trace["article"], copy_id);
    assert!(
        trace["origins"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["kind"] == "article" && o["name"] == wire_id)
    );
}

#[tokio::test]
async fn findings_entities_search_and_health() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, app) = loaded(dir.path()).await;
    let (_, findings) = get_json(&app, "/api/findings", "/api/findings").await;
    assert_eq!(findings["total"], 1);
    assert_eq!(findings["items"][0]["article"]["external_id"], "treaty-1");
    let (_, none) = get_json(&app, "/api/findings?kind=role-term", "/api/findings").await;
    assert_eq!(none["total"], 0);

    let (_, entities) = get_json(&app, "/api/entities?limit=500", "/api/entities").await;
    let names: Vec<&str> = entities["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert!(names.iter().any(|n| n.contains("Velmora")), "{names:?}");
    let counts: Vec<u64> = entities["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["articles"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "most named first");
    let (_, velmora) = get_json(&app, "/api/entities?q=velmora", "/api/entities").await;
    assert!(velmora["items"].as_array().unwrap().iter().all(|e| {
        e["name"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("velmora")
    }));

    let (_, hits) = get_json(&app, "/api/search?q=quay%20storm", "/api/search").await;
    assert_eq!(hits["total"], 2);
    assert!(hits["items"][0]["snippet"].as_str().unwrap().contains('['));
    let (_, filtered) = get_json(
        &app,
        "/api/search?q=quay&outlet=Coastal%20Daily",
        "/api/search",
    )
    .await;
    assert_eq!(filtered["total"], 1);
    assert_eq!(
        filtered["items"][0]["article"]["external_id"],
        "coast-velmora-1"
    );

    let (_, health) = get_json(&app, "/api/health", "/api/health").await;
    assert_eq!(health["articles"], 5);
    assert_eq!(health["ingest"], true);
}

#[tokio::test]
async fn ingest_needs_the_token_and_then_its_article_is_readable() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, app) = loaded(dir.path()).await;
    let body = std::fs::read(fixture("late.jsonl")).unwrap();
    let (status, json) = ingest(&app, body.clone(), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{json}");
    let (status, _) = ingest(&app, body.clone(), Some("wrong-token")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = get_json(&app, "/api/articles/late-1", "/api/articles/{id}").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, json) = ingest(&app, body.clone(), Some(TOKEN)).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert_eq!(json["new"], 1);
    assert_eq!(json["processed"]["analysed"], 1);
    let (status, art) = get_json(&app, "/api/articles/late-1", "/api/articles/{id}").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(art["article"]["id"], json["articles"][0]);
    assert_eq!(art["analysed"], true);

    // Idempotent, like the CLI's ingest.
    let (_, again) = ingest(&app, body, Some(TOKEN)).await;
    assert_eq!(again["new"], 0);
    assert_eq!(again["already_known"], 1);

    // A body of nothing but broken lines is a 400 naming the record.
    let (status, bad) = ingest(&app, b"{broken\n".to_vec(), Some(TOKEN)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        bad["error"]["message"]
            .as_str()
            .unwrap()
            .contains("record 1")
    );
}

#[tokio::test]
async fn a_read_only_server_refuses_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let path = {
        let (server, _app) = loaded(dir.path()).await;
        drop(server);
        dir.path().join("t.db")
    };
    let ro = Server::open(Config::read_only(path)).unwrap();
    let app = ro.router();
    let body = std::fs::read(fixture("late.jsonl")).unwrap();
    let (status, json) = ingest(&app, body, Some(TOKEN)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("read-only")
    );
    let (_, health) = get_json(&app, "/api/health", "/api/health").await;
    assert_eq!(health["ingest"], false);
    assert_eq!(health["articles"], 5);
}

#[test]
fn ingest_without_a_token_does_not_start_and_a_missing_store_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::read_only(dir.path().join("t.db"));
    config.allow_ingest = true;
    assert!(Server::open(config).is_err());
    let missing = Config::read_only(dir.path().join("missing.db"));
    assert!(Server::open(missing).is_err());
    assert!(!dir.path().join("missing.db").exists());
}

#[tokio::test]
async fn oversized_bodies_are_413() {
    let dir = tempfile::tempdir().unwrap();
    let server = common::writable_server(dir.path(), Some(1024));
    let app = server.router();
    let line = std::fs::read(fixture("late.jsonl")).unwrap();
    let mut big = Vec::new();
    while big.len() <= 1024 {
        big.extend_from_slice(&line);
    }
    let (status, json) = ingest(&app, big, Some(TOKEN)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{json}");
    assert_eq!(json["error"]["status"], 413);
    // Without a content length (streamed), the limit still holds.
    let stream = futures_like_stream(vec![0u8; 4096]);
    let reply = send(
        &app,
        Request::post("/api/ingest")
            .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
            .body(stream)
            .unwrap(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.json()["error"]["status"], 413);
    // Routes that take no body refuse a large one too (as a client announces it).
    let reply = send(
        &app,
        Request::get("/api/health")
            .header(header::CONTENT_LENGTH, 64 << 10)
            .body(Body::from(vec![b'x'; 64 << 10]))
            .unwrap(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    conforms("/api/ingest", "post", reply.status, &reply.json());
}

/// A body with no known length.
fn futures_like_stream(bytes: Vec<u8>) -> Body {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        bytes.chunks(512).map(|c| Ok(c.to_vec())).collect();
    Body::from_stream(futures_util::stream::iter(chunks))
}
