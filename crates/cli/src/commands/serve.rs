//! `newstrace serve`: the HTTP API and web UI of `newstrace-server`, with ingest (when
//! allowed) running the same analysis, checks and linking as `newstrace ingest`.

use super::check::Knowledge;
use crate::args::{ServeArgs, exit};
use newstrace_server::{AfterIngest, Config, IngestCounts, Server};
use newstrace_store::Store;
use std::error::Error;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// What `POST /api/ingest` runs after storing articles: the steps of `newstrace ingest`.
struct IngestSteps {
    knowledge: Knowledge,
    /// The linking index, kept between requests: rebuilding it from every stored signature
    /// cost more than linking a request's articles. Reloaded when another process has
    /// linked articles into the store meanwhile.
    linker: std::sync::Mutex<Option<super::link::Linker>>,
}

impl AfterIngest for IngestSteps {
    fn process(&self, store: &mut Store) -> Result<IngestCounts, Box<dyn Error + Send + Sync>> {
        let analysed = super::analyze::analyze_pending(store)?;
        let checked = super::check::check_pending(store, &self.knowledge)?;
        let mut cached = self
            .linker
            .lock()
            .map_err(|_| "the linking index was poisoned by a failed request")?;
        let linker = match cached.take() {
            Some(l) if l.is_current(store)? => cached.insert(l),
            _ => cached.insert(super::link::Linker::load(store)?),
        };
        let linked = match linker.link_pending(store) {
            Ok(counts) => counts,
            Err(e) => {
                // The index may hold articles whose batch was not stored: start afresh.
                *cached = None;
                return Err(e.into());
            }
        };
        Ok(IngestCounts::from([
            ("analysed".to_string(), analysed),
            ("checked".to_string(), checked),
            ("linked".to_string(), linked.linked),
            ("relations".to_string(), linked.relations),
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
            knowledge: Knowledge::load(kb_files)?,
            linker: std::sync::Mutex::new(None),
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
