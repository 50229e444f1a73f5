//! The one error shape of the API: `{"error": {"status": 404, "message": "..."}}`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use newstrace_store::StoreError;

/// An error answered as JSON with its HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// For a person; never holds internals beyond what the status says.
    pub message: String,
}

impl ApiError {
    /// An error with `status` and `message`.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    /// 400: the request's parameters are wrong.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    /// 404: nothing by that key.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    /// 500 with a generic message; the detail goes to the log, not to the client.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!("internal error: {detail}");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
    }

    /// The JSON body.
    pub fn body(&self) -> serde_json::Value {
        serde_json::json!({
            "error": { "status": self.status.as_u16(), "message": self.message }
        })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            // A prefix that names several articles is the caller's to narrow.
            StoreError::Ambiguous { .. } => Self::bad_request(e.to_string()),
            // Another process holds the write lock long past the busy timeout.
            StoreError::Sqlite(rusqlite_error) if is_busy(&rusqlite_error) => Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the store is busy; try again",
            ),
            other => Self::internal(other),
        }
    }
}

impl From<newstrace_views::Error> for ApiError {
    fn from(e: newstrace_views::Error) -> Self {
        match e {
            newstrace_views::Error::NotFound(m) => Self::not_found(m),
            newstrace_views::Error::Store(s) => s.into(),
        }
    }
}

fn is_busy(e: &impl std::fmt::Display) -> bool {
    // Matching on the text keeps rusqlite out of this crate's direct dependencies.
    let text = e.to_string();
    text.contains("database is locked") || text.contains("database is busy")
}
