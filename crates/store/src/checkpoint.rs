//! Checkpointing the write-ahead log from a thread of its own, for processes that write
//! small transactions for a long time (the server's ingest, `bench-add`).
//!
//! SQLite's automatic checkpoint runs inside the commit that takes the log past its
//! threshold, so one commit in about fifty copied the log back into the database file:
//! 20–40 ms where the others took 1–2 ms, the whole tail of the add latency. A passive
//! checkpoint on another connection does the same copying beside the writer without
//! holding its lock.

use crate::{Result, Store, StoreError};
use rusqlite::Connection;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// How often the checkpointing thread looks at the log.
const PERIOD: Duration = Duration::from_millis(250);

/// The checkpointing thread; stopped (after a last checkpoint) when dropped. Keep it alive
/// as long as the store writes: the store's own automatic checkpoint is off meanwhile.
pub struct BackgroundCheckpoint {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Store {
    /// Copies what the log holds back into the database file now and makes the next write
    /// start the log over from its beginning, waiting (at most the busy timeout) for readers
    /// still on the old log. Call it now and then from a process that writes without pause
    /// while a [`BackgroundCheckpoint`] runs: the background thread's passive checkpoint never
    /// reaches the end of a log that keeps growing, and a log that is never started over
    /// grows without bound (a bulk ingest took it to gigabytes). Cheap when the background
    /// thread has copied most of it already.
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(RESTART)", [], |_| Ok(()))?;
        Ok(())
    }

    /// Turns the automatic checkpoint off and checkpoints from a thread of its own instead
    /// (see the module docs). Fails for a store in memory, which has no log.
    pub fn checkpoint_in_background(&mut self) -> Result<BackgroundCheckpoint> {
        let path = self
            .conn
            .path()
            .filter(|p| !p.is_empty())
            .ok_or_else(|| StoreError::Unsupported("a store in memory has no log".into()))?
            .to_owned();
        let conn = Connection::open(&path)?;
        conn.busy_timeout(Duration::from_secs(10))?;
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::Builder::new()
            .name("wal-checkpoint".into())
            .spawn(move || {
                while !flag.load(Ordering::Relaxed) {
                    std::thread::sleep(PERIOD);
                    // PASSIVE copies what no reader still needs and never waits for the
                    // writer; what it cannot copy now waits for the next round. An error
                    // (the file busy) is no reason to stop.
                    let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                }
                let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
            })
            .map_err(|e| StoreError::Unsupported(format!("starting the checkpoint thread: {e}")))?;
        Ok(BackgroundCheckpoint {
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for BackgroundCheckpoint {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Store;

    #[test]
    fn the_thread_copies_the_log_back_while_the_writer_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let mut store = Store::open(&path).unwrap();
        let checkpoint = store.checkpoint_in_background().unwrap();
        let auto: i64 = store
            .conn
            .pragma_query_value(None, "wal_autocheckpoint", |r| r.get(0))
            .unwrap();
        assert_eq!(auto, 0, "the writer no longer checkpoints in its commits");
        let before = std::fs::metadata(&path).unwrap().len();
        // About 800 KB of rows: committed into the log, not the database file.
        store
            .conn
            .execute_batch(
                "CREATE TABLE t (x TEXT);
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
                 INSERT INTO t SELECT hex(randomblob(200)) FROM n;",
            )
            .unwrap();
        drop(checkpoint); // stops after a last checkpoint
        let after = std::fs::metadata(&path).unwrap().len();
        assert!(
            after > before + 500_000,
            "the log was copied into the database file: {before} -> {after} bytes"
        );
        assert!(
            Store::open_in_memory()
                .unwrap()
                .checkpoint_in_background()
                .is_err()
        );
    }

    #[test]
    fn checkpointing_now_and_then_keeps_the_log_small_under_steady_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let mut store = Store::open(&path).unwrap();
        let _background = store.checkpoint_in_background().unwrap();
        store.conn.execute_batch("CREATE TABLE t (x TEXT)").unwrap();
        let wal = dir.path().join("c.db-wal");
        let mut largest = 0;
        // 200 commits of about 100 KB each, back to back: 20 MB through the log.
        for i in 0..200 {
            store
                .conn
                .execute_batch(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250)
                     INSERT INTO t SELECT hex(randomblob(200)) FROM n;",
                )
                .unwrap();
            if i % 16 == 15 {
                store.checkpoint().unwrap();
            }
            largest = largest.max(std::fs::metadata(&wal).map_or(0, |m| m.len()));
        }
        let rows: i64 = store
            .conn
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 200 * 250);
        assert!(largest < 8_000_000, "the log grew to {largest} bytes");
    }
}
