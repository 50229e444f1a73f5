//! The web pages (the report's pieces and the search page): hostile article text renders
//! escaped everywhere, pages carry the security headers, and the search form filters.

mod common;

use axum::http::StatusCode;
use common::{get, loaded};

/// Markup the payload article carries in its title, byline, outlet, URL and text.
const PAYLOADS: [&str; 4] = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<b>Outlet</b>",
    "javascript:alert(1)\"",
];

fn assert_escaped(page: &str, uri: &str) {
    for p in PAYLOADS {
        assert!(!page.contains(p), "{uri} carries raw `{p}`");
    }
    assert!(
        !page.contains("href=\"javascript:"),
        "{uri} links a script URL"
    );
    // The one script is the report's own, in the page frame.
    assert_eq!(
        page.matches("<script").count(),
        1,
        "{uri} has more than its own script"
    );
    assert!(
        !page.contains("<img src=x"),
        "{uri} has the payload's image"
    );
}

#[tokio::test]
async fn hostile_text_is_escaped_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, app) = loaded(dir.path()).await;
    let article = get(&app, "/articles/payload-1").await;
    assert_eq!(article.status, StatusCode::OK);
    let page = article.text();
    assert_escaped(&page, "/articles/payload-1");
    // The text is there, shown as text.
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; Harbour fire"));
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(page.contains("Evil &lt;b&gt;Outlet&lt;/b&gt;"));
    assert!(page.contains("&amp; the warehouse reopened on &quot;Saturday&quot;"));

    let story = get(&app, "/stories/payload-1").await;
    assert_eq!(story.status, StatusCode::OK);
    assert_escaped(&story.text(), "/stories/payload-1");
    assert!(
        story
            .text()
            .contains("&lt;script&gt;alert(1)&lt;/script&gt; Harbour fire")
    );

    let index = get(&app, "/").await;
    assert_eq!(index.status, StatusCode::OK);
    assert_escaped(&index.text(), "/");
    assert!(
        index
            .text()
            .contains("&lt;script&gt;alert(1)&lt;/script&gt; Harbour fire")
    );

    let search = get(&app, "/search?q=fire").await;
    assert_eq!(search.status, StatusCode::OK);
    assert_escaped(&search.text(), "/search?q=fire");
    assert!(search.text().contains("1 matching article<"));

    // What the user typed comes back escaped in the form.
    let echo = get(&app, "/search?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E").await;
    assert_eq!(echo.status, StatusCode::OK);
    assert_escaped(&echo.text(), "/search (echo)");
    assert!(echo.text().contains("value=\"&quot;&gt;&lt;script&gt;"));
}

#[tokio::test]
async fn pages_carry_the_security_headers() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, app) = loaded(dir.path()).await;
    for uri in [
        "/",
        "/search",
        "/articles/ai-1",
        "/stories/1",
        "/articles/none-such",
    ] {
        let reply = get(&app, uri).await;
        assert!(reply.content_type.starts_with("text/html"), "{uri}");
        let csp = reply.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.starts_with("default-src 'none'"), "{uri}: {csp}");
        assert!(
            !csp.contains("http"),
            "{uri}: remote sources allowed: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{uri}: {csp}");
        assert_eq!(reply.headers["x-content-type-options"], "nosniff", "{uri}");
    }
    let missing = get(&app, "/articles/none-such").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.text().contains("no article matches"));
    let json = get(&app, "/api/health").await;
    assert_eq!(json.headers["x-content-type-options"], "nosniff");
    assert!(json.headers.get("content-security-policy").is_none());
}

#[tokio::test]
async fn the_search_page_filters() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, app) = loaded(dir.path()).await;
    let all = get(&app, "/search?q=velmora").await.text();
    assert!(all.contains("2 matching articles"), "{all}");
    let one = get(
        &app,
        "/search?q=velmora&outlet=Northwire&from=&to=&signal=&finding=",
    )
    .await
    .text();
    assert!(one.contains("1 matching article<"));
    let signal = get(&app, "/search?signal=ai-byline").await.text();
    assert!(signal.contains("1 matching article<"));
    assert!(signal.contains("Top ten facts about ferries"));
    assert!(signal.contains("<option value=\"ai-byline\" selected>"));
    let dated = get(&app, "/search?from=2026-03-08&to=2026-03-08")
        .await
        .text();
    assert!(dated.contains("1 matching article<"));
    let bad = get(&app, "/search?from=soon").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.content_type.starts_with("text/html"));
}
