//! `newstrace serve` as a real process on a free loopback port, spoken to over TCP with a
//! tiny HTTP/1.1 client (one request per connection).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn newstrace() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_newstrace"));
    c.env_remove("NEWSTRACE_DB")
        .env_remove("NEWSTRACE_TOKEN")
        .env_remove("NEWSTRACE_CONFIG");
    c
}

/// The server process; killed when dropped.
struct Served {
    child: Child,
    addr: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `serve` on port 0 and reads the bound address from its first stdout line.
fn serve(db: &Path, extra: &[&str]) -> Served {
    let mut child = newstrace()
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(db)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .rsplit("http://")
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "first line: {line:?}");
    Served { child, addr }
}

/// Status, headers (lowercased names) and body of one request.
fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head.to_lowercase(), body.to_string())
}

fn get_json(addr: &str, path: &str) -> (u16, serde_json::Value) {
    let (status, head, body) = request(addr, "GET", path, &[], b"");
    assert!(
        head.contains("content-type: application/json"),
        "{path}: {head}"
    );
    (status, serde_json::from_str(&body).unwrap())
}

#[test]
fn serves_the_example_store_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("n.db");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/corpus");
    let status = newstrace()
        .args(["run", "-q", "--db"])
        .arg(&db)
        .arg(&corpus)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());

    let server = serve(&db, &[]);
    let (status, health) = get_json(&server.addr, "/api/health");
    assert_eq!(status, 200);
    assert_eq!(health["ingest"], false);
    let articles = health["articles"].as_u64().unwrap();
    assert!(articles >= 10, "{health}");

    let (_, stories) = get_json(&server.addr, "/api/stories?limit=500");
    let first = &stories["items"][0];
    let (status, story) = get_json(&server.addr, &format!("/api/stories/{}", first["id"]));
    assert_eq!(status, 200);
    assert_eq!(story["story"]["id"], first["id"]);
    assert_eq!(
        story["members"].as_array().unwrap().len(),
        first["articles"].as_array().unwrap().len()
    );

    let (_, page) = get_json(&server.addr, "/api/articles?limit=3&offset=3");
    assert_eq!(page["items"].as_array().unwrap().len(), 3);
    assert_eq!(page["total"].as_u64(), Some(articles));

    let (status, missing) = get_json(&server.addr, "/api/articles/no-such-thing");
    assert_eq!(status, 404);
    assert_eq!(missing["error"]["status"], 404);

    let (status, refused) = {
        let (s, _, b) = request(
            &server.addr,
            "POST",
            "/api/ingest",
            &[("Authorization", "Bearer x")],
            b"{}\n",
        );
        (s, serde_json::from_str::<serde_json::Value>(&b).unwrap())
    };
    assert_eq!(status, 403);
    assert_eq!(refused["error"]["status"], 403);

    let (status, head, page) = request(&server.addr, "GET", "/", &[], b"");
    assert_eq!(status, 200);
    assert!(head.contains("content-security-policy: default-src 'none'"));
    assert!(page.contains("Stories"));

    let (status, head, doc) = request(&server.addr, "GET", "/openapi.json", &[], b"");
    assert_eq!(status, 200);
    assert!(head.contains("application/json"));
    assert!(doc.contains("\"openapi\": \"3.1.0\""));
}

#[test]
fn ingest_over_http_needs_the_token_and_links_like_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    // Ingest without a token refuses to start.
    let out = newstrace()
        .args(["serve", "--allow-ingest", "--addr", "127.0.0.1:0", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("token"));

    let server = serve(&db, &["--allow-ingest", "--token", "tok-123"]);
    let text = "Officials in the port town of Harlow said on Monday that the old ferry pier would be rebuilt over the summer, with work starting in June and finishing before the autumn storms.";
    let line = serde_json::json!({"id": "harlow-1", "title": "Harlow pier to be rebuilt", "text": text, "outlet": "Harlow Post", "published": "2026-04-06"});
    let copy = serde_json::json!({"id": "harlow-2", "title": "Harlow ferry pier rebuild", "text": text, "outlet": "Coast Wire", "published": "2026-04-07"});
    let body = format!("{line}\n{copy}\n");

    let (status, _, _) = request(&server.addr, "POST", "/api/ingest", &[], body.as_bytes());
    assert_eq!(status, 401);
    let (status, _, _) = request(
        &server.addr,
        "POST",
        "/api/ingest",
        &[("Authorization", "Bearer nope")],
        body.as_bytes(),
    );
    assert_eq!(status, 403);
    let (status, _, report) = request(
        &server.addr,
        "POST",
        "/api/ingest",
        &[("Authorization", "Bearer tok-123")],
        body.as_bytes(),
    );
    assert_eq!(status, 200, "{report}");
    let report: serde_json::Value = serde_json::from_str(&report).unwrap();
    // The same text twice is one article with two sightings, as the CLI stores it.
    assert_eq!(report["new"], 1, "{report}");
    assert_eq!(report["processed"]["analysed"], 1);
    assert_eq!(report["processed"]["linked"], 1);

    let (status, art) = get_json(&server.addr, "/api/articles/harlow-2");
    assert_eq!(status, 200);
    assert_eq!(art["article"]["sightings"], 2);
    assert!(art["story"].is_i64(), "{art}");

    // A later request links its articles to what earlier ones stored, with the index kept.
    let relay = serde_json::json!({"id": "harlow-3", "title": "Harlow pier rebuild confirmed",
        "text": format!("{text} The Harlow Post first reported the plan."),
        "outlet": "Valley Courier", "published": "2026-04-08"});
    let (status, _, report) = request(
        &server.addr,
        "POST",
        "/api/ingest",
        &[("Authorization", "Bearer tok-123")],
        format!("{relay}\n").as_bytes(),
    );
    assert_eq!(status, 200, "{report}");
    let report: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_eq!(report["new"], 1, "{report}");
    assert_eq!(report["processed"]["analysed"], 1, "{report}");
    assert_eq!(report["processed"]["linked"], 1, "{report}");
    assert_eq!(report["processed"]["relations"], 1, "{report}");
    let (_, later) = get_json(&server.addr, "/api/articles/harlow-3");
    assert_eq!(later["story"], art["story"], "{later}");
}
