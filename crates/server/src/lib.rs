//! The newstrace HTTP server: a read-only JSON API over a store, described by an OpenAPI 3.1
//! document, and a small server-rendered web UI with the same views as the report.
//!
//! Wiring and presentation only: the read side comes from `newstrace-views` and
//! `newstrace-store`, ingestion from `newstrace-ingest` plus whatever [`AfterIngest`] the
//! caller plugs in (the CLI plugs in analysis, checks and linking).
//!
//! Design:
//! - SQLite connections are not `Sync`, so the server keeps a small pool of read-only
//!   [`Store`]s ([`pool::ReaderPool`]) and runs every query in `spawn_blocking`. Read-only
//!   stores never migrate or write; a separate writable store exists only with ingest enabled.
//! - Every error is JSON (`{"error": {"status", "message"}}`), including the ones the
//!   framework and the layers produce (unknown route, 405, 413, timeouts).
//! - Everything from an article is hostile: JSON is serialised, HTML is escaped, and HTML
//!   pages carry a strict Content-Security-Policy.
//!
//! ```no_run
//! use newstrace_server::{Config, Server};
//! let server = Server::open(Config::read_only("newstrace.db".into()))?;
//! newstrace_server::run(server, "127.0.0.1:8080".parse().unwrap(), |addr| {
//!     eprintln!("listening on http://{addr}");
//! })?;
//! # Ok::<(), newstrace_server::ServerError>(())
//! ```

#![warn(missing_docs)]

mod api;
mod error;
pub mod escape;
mod ingest;
mod layers;
pub mod openapi;
mod pages;
mod params;
mod pool;

pub use error::ApiError;
pub use ingest::{AfterIngest, AnalyzeOnly, IngestCounts};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::MethodRouter;
use newstrace_store::{EntityCount, Store, StoreError};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

/// Largest `limit` a paginated route accepts.
pub const MAX_LIMIT: u64 = 500;
/// `limit` when a request gives none.
pub const DEFAULT_LIMIT: u64 = 50;
/// Largest request body on every route but ingest (they take none).
pub const SMALL_BODY_LIMIT: usize = 16 << 10;
/// Largest ingest body by default.
pub const DEFAULT_INGEST_LIMIT: usize = 16 << 20;

/// How to run a server.
pub struct Config {
    /// The store file. It must exist unless ingest is allowed (then it is created).
    pub db: PathBuf,
    /// Read-only connections in the pool (at least 1).
    pub readers: usize,
    /// Whether `POST /api/ingest` works (it always needs `token`).
    pub allow_ingest: bool,
    /// The bearer token ingest requires.
    pub token: Option<String>,
    /// A request taking longer is answered 503.
    pub request_timeout: Duration,
    /// Largest ingest body in bytes; larger is 413.
    pub ingest_limit: usize,
    /// What runs after ingested articles are stored.
    pub after_ingest: Arc<dyn AfterIngest>,
}

impl Config {
    /// A read-only server on `db` with the default pool size, timeout and limits.
    pub fn read_only(db: PathBuf) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self {
            db,
            // Queries are CPU-bound and short: a couple of connections per core keeps the
            // cores busy while one connection waits on a page read.
            readers: (cores * 2).clamp(2, 16),
            allow_ingest: false,
            token: None,
            request_timeout: Duration::from_secs(30),
            ingest_limit: DEFAULT_INGEST_LIMIT,
            after_ingest: Arc::new(AnalyzeOnly),
        }
    }
}

/// What can stop a server from starting.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The store could not be opened.
    #[error("opening store {path}: {source}")]
    Store {
        /// The file.
        path: String,
        /// Why.
        source: StoreError,
    },
    /// Ingest was allowed without a token.
    #[error("--allow-ingest needs a token (--token or NEWSTRACE_TOKEN)")]
    MissingToken,
    /// Binding or serving failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// A server ready to serve: its stores are open.
#[derive(Clone)]
pub struct Server {
    state: AppState,
    config: Arc<ServerLimits>,
}

/// The limits the router's layers need.
struct ServerLimits {
    request_timeout: Duration,
    ingest_limit: usize,
}

/// Shared by every handler.
#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) readers: pool::ReaderPool,
    /// The one writable store, only with ingest allowed; ingests take turns on it.
    pub(crate) writer: Option<Mutex<Store>>,
    /// Checkpoints the writer's log beside it, so no ingest request pays for copying it
    /// back into the file (held for as long as the writer lives).
    _checkpoint: Option<newstrace_store::BackgroundCheckpoint>,
    pub(crate) token: Option<String>,
    pub(crate) after_ingest: Arc<dyn AfterIngest>,
    /// Entity counts read every analysis; kept until the next ingest.
    pub(crate) entities: RwLock<Option<Arc<Vec<EntityCount>>>>,
    /// Bumped by every ingest, so a cache filled from an older store is not kept.
    pub(crate) generation: AtomicU64,
}

impl Server {
    /// Opens the stores `config` names.
    pub fn open(config: Config) -> Result<Self, ServerError> {
        let path = config.db.display().to_string();
        let store_error = |source| ServerError::Store {
            path: path.clone(),
            source,
        };
        let writer = if config.allow_ingest {
            if config.token.as_deref().is_none_or(str::is_empty) {
                return Err(ServerError::MissingToken);
            }
            // The writable open creates and migrates the file, so the readers find it current.
            let mut store = Store::open(&config.db).map_err(store_error)?;
            let checkpoint = store.checkpoint_in_background().map_err(store_error)?;
            Some((Mutex::new(store), checkpoint))
        } else {
            None
        };
        let (writer, checkpoint) = match writer {
            Some((w, c)) => (Some(w), Some(c)),
            None => (None, None),
        };
        let mut stores = Vec::with_capacity(config.readers.max(1));
        for _ in 0..config.readers.max(1) {
            stores.push(Store::open_read_only(&config.db).map_err(store_error)?);
        }
        // Catch the search index up before the first request (it may lag after a crash, or
        // a store written by an older newstrace); the writer does it when there is one.
        match &writer {
            Some(w) => w
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .sync_search_index(),
            None => stores[0].sync_search_index(),
        }
        .map_err(store_error)?;
        Ok(Self {
            state: AppState {
                inner: Arc::new(Inner {
                    readers: pool::ReaderPool::new(stores),
                    writer,
                    _checkpoint: checkpoint,
                    token: config.token.filter(|_| config.allow_ingest),
                    after_ingest: config.after_ingest,
                    entities: RwLock::new(None),
                    generation: AtomicU64::new(0),
                }),
            },
            config: Arc::new(ServerLimits {
                request_timeout: config.request_timeout,
                ingest_limit: config.ingest_limit,
            }),
        })
    }

    /// The whole application: API, OpenAPI document, web pages, and the layers (body limits,
    /// timeout, JSON errors, security headers).
    pub fn router(&self) -> Router {
        let mut reads: Router<AppState> = Router::new();
        let mut writes: Router<AppState> = Router::new();
        for route in routes() {
            if route.method == "POST" {
                writes = writes.route(route.path, route.handler);
            } else {
                reads = reads.route(route.path, route.handler);
            }
        }
        let reads = reads.layer(RequestBodyLimitLayer::new(SMALL_BODY_LIMIT));
        let writes = writes
            .layer(RequestBodyLimitLayer::new(self.config.ingest_limit))
            // The limit layer above is the one limit; axum's own default (2 MB) would cut in first.
            .layer(DefaultBodyLimit::disable());
        reads
            .merge(writes)
            .fallback(api::no_route)
            .with_state(self.state.clone())
            .layer(TimeoutLayer::with_status_code(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                self.config.request_timeout,
            ))
            .layer(axum::middleware::from_fn(layers::finish_response))
    }
}

/// One route the server serves: the OpenAPI document lists exactly these.
pub struct Route {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The path template, `{name}` for a parameter (OpenAPI and axum 0.8 share the syntax).
    pub path: &'static str,
    handler: MethodRouter<AppState>,
}

/// Every route, in the order the OpenAPI document lists them.
pub fn routes() -> Vec<Route> {
    use axum::routing::{get, post};
    let r = |method, path, handler| Route {
        method,
        path,
        handler,
    };
    vec![
        r("GET", "/api/health", get(api::health)),
        r("GET", "/api/articles", get(api::articles)),
        r("GET", "/api/articles/{id}", get(api::article)),
        r("GET", "/api/stories", get(api::stories)),
        r("GET", "/api/stories/{id}", get(api::story)),
        r("GET", "/api/trace/{id}", get(api::trace)),
        r("GET", "/api/edges", get(api::edges)),
        r("GET", "/api/findings", get(api::findings)),
        r("GET", "/api/entities", get(api::entities)),
        r("GET", "/api/search", get(api::search)),
        r("POST", "/api/ingest", post(ingest::ingest)),
        r("GET", "/openapi.json", get(openapi::serve)),
        r("GET", "/", get(pages::index)),
        r("GET", "/stories/{id}", get(pages::story)),
        r("GET", "/articles/{id}", get(pages::article)),
        r("GET", "/search", get(pages::search)),
    ]
}

/// Binds `addr`, calls `on_listening` with the bound address (the port may have been 0),
/// and serves until Ctrl-C. Builds its own multi-threaded runtime, so callers stay sync.
pub fn run(
    server: Server,
    addr: SocketAddr,
    on_listening: impl FnOnce(SocketAddr),
) -> Result<(), ServerError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        on_listening(listener.local_addr()?);
        axum::serve(listener, server.router())
            .with_graceful_shutdown(async {
                // Without a signal handler (unusual platforms) serve until killed.
                if tokio::signal::ctrl_c().await.is_err() {
                    std::future::pending::<()>().await;
                }
            })
            .await?;
        Ok(())
    })
}
