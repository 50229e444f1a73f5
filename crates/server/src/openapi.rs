//! The OpenAPI 3.1 document of the server, kept in the repository at `docs/openapi.json` and
//! compiled in, so the served document and the reviewed file are one. Tests check that it
//! lists exactly the routes of [`crate::routes`].

use axum::http::header;
use axum::response::IntoResponse;

/// The OpenAPI document, as served at `/openapi.json`.
pub const OPENAPI_JSON: &str = include_str!("../../../docs/openapi.json");

/// `GET /openapi.json`.
pub(crate) async fn serve() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON)
}
