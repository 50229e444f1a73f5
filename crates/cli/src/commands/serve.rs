//! `newstrace serve`: the HTTP API and web UI of `newstrace-server`, with ingest (when
//! allowed) running the same analysis, checks and linking as `newstrace ingest`.

use super::check::Knowledge;
use super::stages::Stages;
use crate::args::{ServeArgs, exit};
use newstrace_model::Article;
use newstrace_server::{AfterIngest, Config, IngestCounts, Server};
use newstrace_store::{BatchOutcome, Store};
use std::error::Error;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// What `POST /api/ingest` runs after storing articles: the steps of `newstrace ingest`,
/// on the request's articles while they are in memory.
struct IngestSteps {
    knowledge: Arc<Knowledge>,
    /// The steps with their linking index, kept between requests: rebuilding the index from
    /// every stored signature cost more than linking a request's articles. Loaded again
    /// (and pending work caught up) when another process has linked articles meanwhile.
    stages: std::sync::Mutex<Option<Stages>>,
}

impl AfterIngest for IngestSteps {
    fn process(
        &self,
        store: &mut Store,
        batch: Vec<Article>,
        outcome: &BatchOutcome,
    ) -> Result<IngestCounts, Box<dyn Error + Send + Sync>> {
        let mut cached = self
            .stages
            .lock()
            .map_err(|_| "the linking index was poisoned by a failed request")?;
        let (stages, loaded) = match cached.take() {
            Some(s) if s.is_current(store)? => (cached.insert(s), false),
            _ => (
                cached.insert(Stages::new(store, Some(self.knowledge.clone()))?),
                true,
            ),
        };
        let before = stages.counts;
        // Freshly loaded, the steps first walk everything pending, this batch included.
        let done = if loaded {
            stages.catch_up(store)
        } else {
            stages.after_insert(store, batch, outcome)
        };
        if let Err(e) = done {
            // The index may hold articles whose batch was not stored: start afresh.
            *cached = None;
            return Err(e.into());
        }
        let after = stages.counts;
        Ok(IngestCounts::from([
            ("analysed".to_string(), after.analysed - before.analysed),
            ("checked".to_string(), after.checked - before.checked),
            ("linked".to_string(), after.link.linked - before.link.linked),
            (
                "relations".to_string(),
                after.link.relations - before.link.relations,
            ),
        ]))
    }
}

/// Runs the server until Ctrl-C.
pub fn run(a: &ServeArgs, kb_files: &[PathBuf]) -> anyhow::Result<u8> {
    let mut config = Config::read_only(a.db.clone());
    if let Some(n) = a.readers {
        config.readers = n.clamp(1, 64);
    }
    config.request_timeout = Duration::from_secs(a.timeout.max(1));
    config.ingest_limit = usize::try_from(a.max_ingest_size).unwrap_or(usize::MAX);
    if a.allow_ingest {
        config.allow_ingest = true;
        config.token = a.token.clone();
        // Only an ingesting server needs the knowledge base; a broken file stops it here.
        config.after_ingest = Arc::new(IngestSteps {
            knowledge: Arc::new(Knowledge::load(kb_files)?),
            stages: std::sync::Mutex::new(None),
        });
    }
    let server = Server::open(config)?;
    newstrace_server::run(server, a.addr, |addr| {
        // On stdout, flushed, so a script (or a test) started with port 0 learns the port.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "newstrace serve: listening on http://{addr}");
        let _ = out.flush();
        let mode = if a.allow_ingest {
            "ingest enabled"
        } else {
            "read-only"
        };
        eprintln!("serving {} ({mode}); Ctrl-C stops", a.db.display());
    })?;
    Ok(exit::OK)
}
