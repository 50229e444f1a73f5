//! The last layer every response passes: error bodies become the API's JSON error shape
//! (the framework's and the layers' own rejections are plain text), and security headers
//! are set.

use crate::ApiError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The Content-Security-Policy of HTML pages: nothing loaded from anywhere, no frames, no
/// forms to elsewhere; the page's own inline style and script only (the report's pieces
/// carry their CSS and script inline; everything from data is escaped).
pub(crate) const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; \
    script-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; \
    frame-ancestors 'none'";

/// Largest plain-text error body carried over into a JSON message.
const MAX_MESSAGE_BYTES: usize = 1024;

/// Rewrites non-JSON, non-HTML error responses as JSON errors and adds security headers.
pub(crate) async fn finish_response(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let mut response = if is_error(response.status()) && !is_json_or_html(&response) {
        as_json_error(response).await
    } else {
        response
    };
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
    }
    response
}

fn is_error(status: StatusCode) -> bool {
    status.is_client_error() || status.is_server_error()
}

fn is_json_or_html(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json") || v.starts_with("text/html"))
}

/// The same status with a JSON body; the plain-text body (axum's rejection messages are
/// useful: "Failed to deserialize query string: limit: invalid digit") becomes the message.
async fn as_json_error(response: Response) -> Response {
    let status = response.status();
    let (mut parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, MAX_MESSAGE_BYTES)
        .await
        .ok()
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .filter(|t| !t.is_empty());
    let message = match (status, text) {
        (StatusCode::PAYLOAD_TOO_LARGE, _) => "request body too large".to_string(),
        (StatusCode::SERVICE_UNAVAILABLE, None) => "request timed out".to_string(),
        (StatusCode::METHOD_NOT_ALLOWED, None) => "method not allowed on this route".to_string(),
        (_, Some(t)) => t,
        (_, None) => status
            .canonical_reason()
            .unwrap_or("request failed")
            .to_string(),
    };
    let json = ApiError::new(status, message).into_response();
    let (json_parts, json_body) = json.into_parts();
    // Keep headers such as `Allow` on a 405, replacing only the body's own.
    parts.headers.remove(header::CONTENT_LENGTH);
    for (name, value) in json_parts.headers.iter() {
        parts.headers.insert(name.clone(), value.clone());
    }
    Response::from_parts(parts, Body::new(json_body))
}
