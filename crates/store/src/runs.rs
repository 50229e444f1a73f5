//! The ingest log: one row per run (what was asked, what happened) and one per record that
//! could not be read, so a user can see later what a batch skipped and why.

use crate::rows::{Reader, clamp_to_sql};
use crate::{Result, Store, now_rfc3339};
use rusqlite::params;

/// Identifies one ingest run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct RunId(pub i64);

/// A record an ingest run could not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorRecord {
    /// The input file (`-` for standard input).
    pub path: String,
    /// The record number inside it, where the format has records.
    pub record: Option<u64>,
    /// The byte offset of the record, where known.
    pub offset: Option<u64>,
    /// The class of failure (`malformed`, `too-large`, ...).
    pub kind: String,
    /// For a person.
    pub message: String,
}

/// What a run did, written when it finishes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunCounts {
    /// Inputs (files or standard input) opened.
    pub inputs: u64,
    /// Records read, good or bad.
    pub read: u64,
    /// Articles whose text was new.
    pub new_articles: u64,
    /// New sightings of stored texts.
    pub seen_again: u64,
    /// Records already stored.
    pub unchanged: u64,
    /// Records that failed.
    pub failed: u64,
}

/// One logged run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunSummary {
    /// Its id.
    pub id: RunId,
    /// When it started (RFC 3339, UTC).
    pub started_at: String,
    /// When it finished; `None` for a run that was killed or is still going.
    pub finished_at: Option<String>,
    /// The paths it was given.
    pub inputs: Vec<String>,
    /// Its counts, when it finished.
    pub counts: Option<RunCounts>,
}

impl Store {
    /// Logs the start of a run over `inputs` and returns its id.
    pub fn begin_run(&mut self, inputs: &[String]) -> Result<RunId> {
        let inputs = serde_json::to_string(inputs).unwrap_or_else(|_| "[]".to_string());
        self.conn.execute(
            "INSERT INTO ingest_runs (started_at, inputs) VALUES (?1, ?2)",
            params![now_rfc3339(), inputs],
        )?;
        Ok(RunId(self.conn.last_insert_rowid()))
    }

    /// Logs a record that `run` could not read.
    pub fn record_error(&mut self, run: RunId, error: &ErrorRecord) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO ingest_errors (run_id, path, record, offset, kind, message)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                run.0,
                error.path,
                error.record.map(clamp_to_sql),
                error.offset.map(clamp_to_sql),
                error.kind,
                error.message,
            ])?;
        Ok(())
    }

    /// Logs the end of `run` with its counts.
    pub fn finish_run(&mut self, run: RunId, counts: &RunCounts) -> Result<()> {
        self.conn.execute(
            "UPDATE ingest_runs SET finished_at = ?2, read = ?3, new_articles = ?4,
                 seen_again = ?5, unchanged = ?6, failed = ?7
             WHERE id = ?1",
            params![
                run.0,
                now_rfc3339(),
                clamp_to_sql(counts.read),
                clamp_to_sql(counts.new_articles),
                clamp_to_sql(counts.seen_again),
                clamp_to_sql(counts.unchanged),
                clamp_to_sql(counts.failed),
            ],
        )?;
        Ok(())
    }

    /// The most recent runs, newest first.
    pub fn runs(&self, limit: u64) -> Result<Vec<RunSummary>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT * FROM ingest_runs ORDER BY id DESC LIMIT ?1")?;
        let mut rows = stmt.query([clamp_to_sql(limit)])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let r = Reader::new(row, "ingest_runs");
            let finished_at = r.opt_string("finished_at")?;
            let counts = match finished_at {
                Some(_) => Some(RunCounts {
                    inputs: 0,
                    read: r.opt_uint("read")?.unwrap_or(0),
                    new_articles: r.opt_uint("new_articles")?.unwrap_or(0),
                    seen_again: r.opt_uint("seen_again")?.unwrap_or(0),
                    unchanged: r.opt_uint("unchanged")?.unwrap_or(0),
                    failed: r.opt_uint("failed")?.unwrap_or(0),
                }),
                None => None,
            };
            let inputs_json = r.string("inputs")?;
            let inputs = serde_json::from_str(&inputs_json).map_err(|e| {
                crate::StoreError::corrupt("ingest_runs.inputs", inputs_json.clone(), e)
            })?;
            out.push(RunSummary {
                id: RunId(r.int("id")?),
                started_at: r.string("started_at")?,
                finished_at,
                inputs,
                counts,
            });
        }
        Ok(out)
    }

    /// The records `run` could not read, in the order they were met.
    pub fn run_errors(&self, run: RunId) -> Result<Vec<ErrorRecord>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT * FROM ingest_errors WHERE run_id = ?1 ORDER BY id")?;
        let mut rows = stmt.query([run.0])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let r = Reader::new(row, "ingest_errors");
            out.push(ErrorRecord {
                path: r.string("path")?,
                record: r.opt_uint("record")?,
                offset: r.opt_uint("offset")?,
                kind: r.string("kind")?,
                message: r.string("message")?,
            });
        }
        Ok(out)
    }
}
